//! `why` on arbitrary text: every line attributed and matched, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let entries = etcdtls_core::why(text);
    let _ = serde_json::to_string(&entries);
});
