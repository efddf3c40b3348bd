//! The built-in examples, made by `crates/etcdtls-pki/examples/web_example.rs` (see
//! `web/example/README.md`): a kubeadm-shaped PKI of 26 files, and a set with the classic
//! mistakes. They travel as a JSON data block inside `index.html` (`example/examples.html`,
//! inlined by trunk): data the page reads from its document, not code in the WebAssembly
//! module.

#[cfg(not(target_arch = "wasm32"))]
use serde_json::Value;

/// The element that carries the examples.
pub const ELEMENT_ID: &str = "etcdtls-examples";

/// The two example sets: (file name, contents).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Examples {
    /// A complete kubeadm `/etc/kubernetes` (PKI, kubeconfigs, etcd manifest).
    pub kubeadm: Vec<(String, String)>,
    /// An etcd client signed by the Kubernetes CA, an expired health-check client, and a server
    /// certificate next to the peer's key.
    pub mistakes: Vec<(String, String)>,
}

/// The JSON inside the data block (with or without its `<script>` wrapper).
fn json_of(block: &str) -> &str {
    match (block.find('>'), block.rfind("</script>")) {
        (Some(start), Some(end)) if block.trim_start().starts_with('<') => &block[start + 1..end],
        _ => block,
    }
}

/// Reads the examples from the data block. In the browser the browser's own JSON parser does
/// the work (no JSON parser in the WebAssembly module).
#[cfg(target_arch = "wasm32")]
pub fn parse(block: &str) -> Option<Examples> {
    use wasm_bindgen::JsCast;
    let v = js_sys::JSON::parse(json_of(block)).ok()?;
    let set = |name: &str| -> Vec<(String, String)> {
        let Ok(files) = js_sys::Reflect::get(&v, &name.into()) else {
            return Vec::new();
        };
        let Some(files) = files.dyn_ref::<js_sys::Array>() else {
            return Vec::new();
        };
        files
            .iter()
            .filter_map(|f| {
                let f = f.dyn_into::<js_sys::Array>().ok()?;
                Some((f.get(0).as_string()?, f.get(1).as_string()?))
            })
            .collect()
    };
    Some(Examples {
        kubeadm: set("kubeadm"),
        mistakes: set("mistakes"),
    })
}

/// Reads the examples from the data block (native builds: the tests).
#[cfg(not(target_arch = "wasm32"))]
pub fn parse(block: &str) -> Option<Examples> {
    let v: Value = serde_json::from_str(json_of(block)).ok()?;
    let set = |name: &str| -> Vec<(String, String)> {
        v[name]
            .as_array()
            .map(|files| {
                files
                    .iter()
                    .filter_map(|f| Some((f[0].as_str()?.to_string(), f[1].as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default()
    };
    Some(Examples {
        kubeadm: set("kubeadm"),
        mistakes: set("mistakes"),
    })
}

/// The examples the page's document carries, if it carries them (a site embedding only the
/// JavaScript module does not).
pub fn from_document() -> Option<Examples> {
    let text = web_sys::window()?
        .document()?
        .get_element_by_id(ELEMENT_ID)?
        .text_content()?;
    parse(&text)
}

#[cfg(test)]
pub(crate) fn bundled() -> Examples {
    parse(include_str!("../example/examples.html")).expect("example/examples.html parses")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_data_block_matches_the_example_files() {
        let examples = bundled();
        assert_eq!(examples.kubeadm.len(), 26);
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("example");
        for (set, files) in [("kubeadm", &examples.kubeadm), ("mistakes", &examples.mistakes)] {
            for (name, text) in files.iter() {
                let on_disk = std::fs::read_to_string(root.join(set).join(name)).unwrap();
                assert_eq!(&on_disk, text, "{set}/{name}: regenerate with the web_example program");
            }
        }
        assert!(
            !include_str!("../example/examples.html").contains("</script><"),
            "one data block"
        );
    }

    #[test]
    fn damaged_blocks_give_nothing() {
        assert_eq!(parse("not json"), None);
        assert_eq!(parse("{}"), Some(Examples::default()));
    }
}
