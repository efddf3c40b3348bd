//! The page: input on top, the explanation below. In `?embed=1` mode the intro, privacy note and
//! footer are left out for iframes.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::checked::use_checked;
use crate::components::input::InputPanel;
use crate::components::report::Results;
use crate::state::{self, Action, Workspace};

/// The whole page.
#[function_component(App)]
pub fn app() -> Html {
    let location = web_sys::window().map(|w| w.location());
    let embed = location
        .as_ref()
        .and_then(|l| l.search().ok())
        .is_some_and(|s| state::is_embed(&s));
    // `#pem=` preloads the input; a damaged link says so instead of failing silently.
    let (initial, link_error) = match location
        .as_ref()
        .and_then(|l| l.hash().ok())
        .map(|h| state::fragment_text(&h))
    {
        Some(Ok(Some(text))) => (text, None),
        Some(Err(e)) => (String::new(), Some(e)),
        _ => (String::new(), None),
    };
    let workspace = use_reducer(move || Workspace {
        pasted: initial,
        ..Workspace::default()
    });
    let dispatch = {
        let workspace = workspace.clone();
        Callback::from(move |action: Action| workspace.dispatch(action))
    };
    let checked = use_checked((*workspace).clone(), workspace.revision);

    html! {
        <div class={classes!("page", embed.then_some("embed"))}>
            if !embed {
                <header class="intro">
                    <h1>{ "etcdtls explain" }</h1>
                    <p>{ "Paste or drop certificates, keys, kubeconfigs, Secrets or etcd manifests to learn what each one is: the CA is the passport office, a certificate is a passport, the private key is the fingerprint that proves the passport is yours." }</p>
                    <p class="privacy" role="note">
                        <strong>{ "Nothing leaves your browser." }</strong>
                        { " This page has no server side and makes no network requests after it loads (its Content-Security-Policy forbids them). Private keys are read only to match them with their certificates and are never shown." }
                    </p>
                </header>
            }
            if let Some(e) = link_error {
                <p class="link-error" role="alert">{ e }</p>
            }
            <InputPanel workspace={Rc::new((*workspace).clone())} {dispatch} />
            if let Some(checked) = checked {
                <Results explained={checked.explained} revision={checked.revision} empty={checked.empty} />
            }
            if !embed {
                <footer>
                    <p>{ "etcdtls runs the same Rust core in this page and in its command-line tool, which also connects to etcd over mTLS and says which file is wrong when it fails." }</p>
                </footer>
            }
        </div>
    }
}
