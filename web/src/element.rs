//! `<etcdtls-explain>` for documentation sites. `etcdtls-element.js` defines the custom element
//! and calls [`render_explain`] for each one; every element on a page shares this one
//! WebAssembly instance. The explanation is the page's own [`Results`] component (the same
//! cards with the same `data-kind`, `data-role` and `data-finding` hooks), rendered into the
//! element's light DOM so that the site's stylesheet applies to it.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::components::checked::use_checked;
use crate::components::report::Results;
use crate::state::{self, Loaded, View, Workspace};

/// What one element explains, and how.
#[derive(Debug, Properties, PartialEq)]
pub struct ExplainerProps {
    /// The element's text, its HTML indentation removed.
    pub text: String,
    /// A file-name hint (`name="pki/etcd/server.crt"`), as on the command line.
    pub name: Option<String>,
    /// The parts shown.
    pub view: View,
    /// The element, marked `data-ready` once its explanation is shown.
    pub host: Option<web_sys::Element>,
}

/// One element's explanation, at the browser's clock when it was rendered, its signatures and
/// key pairs checked by the browser's WebCrypto.
#[function_component(Explainer)]
pub fn explainer(props: &ExplainerProps) -> Html {
    let workspace = match &props.name {
        // A named input is a file: the name is a hint for the core.
        Some(name) => Workspace {
            files: vec![Loaded {
                name: name.clone(),
                bytes: props.text.as_bytes().to_vec(),
            }],
            ..Workspace::default()
        },
        None => Workspace {
            pasted: props.text.clone(),
            ..Workspace::default()
        },
    };
    let checked = use_checked(workspace, (props.text.clone(), props.name.clone()));
    {
        let host = props.host.clone();
        use_effect_with(checked.as_ref().map(|c| c.revision), move |revision| {
            if let (Some(host), Some(_)) = (host, revision) {
                let _ = host.set_attribute("data-ready", "true");
            }
        });
    }
    match checked {
        Some(c) => {
            html! { <Results explained={c.explained} revision={c.revision} empty={c.empty} view={props.view} /> }
        }
        None => html! {},
    }
}

/// A rendered element, so that `etcdtls-element.js` can take it down before rendering again
/// (when an attribute or the text changes) or when the element leaves the page.
#[wasm_bindgen]
#[derive(Debug)]
pub struct ExplainView {
    app: Option<yew::AppHandle<Explainer>>,
}

#[wasm_bindgen]
impl ExplainView {
    /// Removes the explanation from the element.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Renders the explanation of `text` into `host` (which should be empty). `compact` and `hide`
/// are the element's attributes of those names (see [`View::from_attributes`]), `name` its
/// optional file-name hint.
#[wasm_bindgen(js_name = renderExplain)]
pub fn render_explain(
    host: web_sys::Element,
    text: &str,
    compact: bool,
    hide: &str,
    name: Option<String>,
) -> ExplainView {
    let props = ExplainerProps {
        text: state::element_text(text),
        name: name.filter(|n| !n.trim().is_empty()),
        view: View::from_attributes(compact, hide),
        host: Some(host.clone()),
    };
    let app = yew::Renderer::<Explainer>::with_root_and_props(host, props).render();
    ExplainView { app: Some(app) }
}

#[cfg(test)]
mod tests {
    use crate::example;
    use crate::state::{self, element_text};

    /// The example page's certificates are the example's (regenerated together), and each
    /// element's text, as the element reads it, explains to what the page's prose says.
    #[test]
    fn the_example_page_shows_the_example_certificates() {
        let page = include_str!("../element-example.html");
        let examples = example::bundled();
        let file = |name: &str| {
            examples
                .kubeadm
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.trim().to_string())
                .unwrap()
        };
        let body = &page[page.find("<body>").unwrap()..];
        let elements: Vec<&str> = body
            .split("<etcdtls-explain")
            .skip(1)
            .map(|e| &e[e.find('>').unwrap() + 1..e.find("</etcdtls-explain>").unwrap()])
            .collect();
        assert_eq!(elements.len(), 2);
        let first = element_text(elements[0]);
        assert!(first.contains(&file("pki/etcd/ca.crt")) && first.contains(&file("pki/apiserver-etcd-client.crt")));
        assert!(element_text(elements[1]).contains(&file("pki/etcd/server.crt")));

        let ws = state::Workspace {
            pasted: first,
            ..Default::default()
        };
        let report = state::explain(&ws, time::OffsetDateTime::now_utc()).report;
        let roles: Vec<&str> = report.items.iter().map(|i| i.role.id()).collect();
        assert_eq!(roles, ["etcd-ca", "apiserver-etcd-client"]);
    }
}
