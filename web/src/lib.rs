//! The etcdtls explainer as a web page, and as a JavaScript module for sites that render their
//! own view. Everything happens in the browser: the core is the same Rust as the CLI's,
//! compiled to WebAssembly, and the page makes no network requests after it loads.

pub mod components;
pub mod crypto;
pub mod element;
pub mod example;
pub mod state;

use etcdtls_core::{Input, Options, ReportJson, Verdicts, analyze_with};
use wasm_bindgen::prelude::*;

/// The allocator: talc, smaller than the default (dlmalloc) in the page.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The current time from the browser's clock (the core never reads a clock itself).
pub fn now() -> time::OffsetDateTime {
    let millis = js_sys::Date::now();
    time::OffsetDateTime::from_unix_timestamp_nanos((millis as i128) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

/// Explains `text` (PEM, base64, a kubeconfig, a Secret, an etcd manifest...) and resolves to
/// the same object `etcdtls explain -o json` prints (see docs/json.md). `name` is an optional
/// file-name hint such as `pki/etcd/ca.crt`. A promise: the browser's WebCrypto checks the
/// signatures and key pairs (see [`crypto`]).
#[wasm_bindgen]
pub async fn explain(text: String, name: Option<String>) -> Result<JsValue, JsError> {
    let name = name.unwrap_or_else(|| state::PASTED.to_string());
    let inputs = [Input::new(&name, text.as_bytes())];
    let options = Options::at(now());
    let mut verdicts = Verdicts::builtin();
    let mut report = analyze_with(&inputs, &[], &options, &verdicts);
    for _ in 0..4 {
        if report.pending.is_empty() {
            break;
        }
        crypto::settle(&report.pending, &mut verdicts).await;
        report = analyze_with(&inputs, &[], &options, &verdicts);
    }
    let json = serde_json::to_string(&ReportJson::new(&report)).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("the report could not be converted"))
}

/// Explains an error message from etcdctl, etcd or kube-apiserver: an array of
/// `{id, matched, message, speaker, printed_by, meaning, causes, fixes, diagnosis}`.
#[wasm_bindgen]
pub fn why(text: &str) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(&etcdtls_core::why(text)).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("the explanation could not be converted"))
}

/// Reviews pasted etcdctl or `kubectl exec … -- etcdctl` commands: the same object as
/// `etcdtls check -o json` (`{commands: [{command, runs_in, target, does, findings, corrected}]}`).
#[wasm_bindgen]
pub fn check(text: &str) -> Result<JsValue, JsError> {
    let report = etcdtls_core::check(text, &etcdtls_core::check::NoFiles, now());
    let json = serde_json::to_string(&report).map_err(|e| JsError::new(&e.to_string()))?;
    js_sys::JSON::parse(&json).map_err(|_| JsError::new("the review could not be converted"))
}

/// Starts the page when the module is loaded by `index.html`. Sites that only want
/// `explain()` load the module the same way; the page then renders into `#etcdtls` only when
/// that element exists.
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(feature = "panic-hook")]
    console_error_panic_hook::set_once();
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("etcdtls"))
    else {
        return;
    };
    yew::Renderer::<components::app::App>::with_root(root).render();
}
