//! The page's view: Yew components and render functions. Logic lives in `crate::state`.

pub mod app;
pub mod check;
pub mod checked;
pub mod input;
pub mod report;
