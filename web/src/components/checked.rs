//! The explanation of a workspace with its signatures and key pairs checked by the browser's
//! WebCrypto ([`crate::state::explain_checked`]): made asynchronously, and shown only once
//! complete, so that no half-checked explanation (issuers not yet linked) is ever on screen.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::{self, Explained, Workspace};

/// A finished explanation, and what it belongs to.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The explanation, and how many milliseconds it took (WebCrypto included).
    pub explained: Rc<(Explained, f64)>,
    /// Counts the explanations made by this component: a later one replaces an earlier one.
    pub revision: u64,
    /// Nothing was given.
    pub empty: bool,
}

/// Explains `workspace` whenever `deps` change; `None` until the first explanation is ready.
/// An explanation that finishes after a newer one started is dropped.
#[hook]
pub fn use_checked<D: PartialEq + 'static>(workspace: Workspace, deps: D) -> Option<Checked> {
    let result = use_state(|| None::<Checked>);
    let latest = use_mut_ref(|| 0u64);
    {
        let result = result.clone();
        use_effect_with(deps, move |_| {
            let revision = {
                let mut latest = latest.borrow_mut();
                *latest += 1;
                *latest
            };
            wasm_bindgen_futures::spawn_local(async move {
                let started = js_sys::Date::now();
                let explained = state::explain_checked(&workspace, crate::now()).await;
                if *latest.borrow() == revision {
                    result.set(Some(Checked {
                        explained: Rc::new((explained, js_sys::Date::now() - started)),
                        revision,
                        empty: workspace.is_empty(),
                    }));
                }
            });
        });
    }
    (*result).clone()
}
