//! How reports look: text for terminals, Markdown for documents, one HTML page for tickets.
//! JSON comes from the core.

pub mod etcdctl;
pub mod html;
pub mod markdown;
pub mod text;
