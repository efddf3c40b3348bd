//! How reports look: text for terminals, Markdown for documents. JSON comes from the core.

pub mod etcdctl;
pub mod markdown;
pub mod text;
