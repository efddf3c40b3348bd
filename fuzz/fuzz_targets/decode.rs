//! Feeds arbitrary bytes to the core: decoding, linking, classification, review, explanation
//! and JSON must never panic, whatever the input.
#![no_main]

use etcdtls_core::{Input, Options, ReportJson, analyze, explain};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks a name hint, so file-name based rules are exercised too; the rest
    // is split in two inputs at a NUL-free point to exercise linking across inputs.
    let names = ["pki/etcd/server.crt", "admin.conf", "pasted", "pki/etcd/ca.crt", "sa.key"];
    let (name, rest) = match data.split_first() {
        Some((b, rest)) => (names[*b as usize % names.len()], rest),
        None => ("empty", data),
    };
    let mid = rest.len() / 2;
    let inputs = [Input::new(name, &rest[..mid]), Input::new("second.pem", &rest[mid..]), Input::new("whole", rest)];
    let report = analyze(&inputs, &Options::at(time::OffsetDateTime::UNIX_EPOCH));
    for item in &report.items {
        let _ = explain(&report, item);
    }
    let _ = serde_json::to_string(&ReportJson::new(&report));
});
