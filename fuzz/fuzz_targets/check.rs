//! `check` on arbitrary pasted text: fences, prompts, continuations, quotes, `export` lines,
//! `kubectl exec` and the flag rules. Text after the first NUL is split at each further NUL into
//! files the host answers with (by kubeadm's names), so the file review runs too.
#![no_main]

use etcdtls_core::check::{FileMap, NoFiles, check, logical_lines, looks_like_command};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "pki/etcd/ca.crt",
    "pki/etcd/server.crt",
    "pki/etcd/server.key",
    "pki/apiserver-etcd-client.crt",
    "pki/apiserver-etcd-client.key",
    "pki/ca.crt",
];

fuzz_target!(|text: &str| {
    let now = time::OffsetDateTime::UNIX_EPOCH;
    let (command, files) = text.split_once('\0').unwrap_or((text, ""));
    let _ = logical_lines(command);
    let _ = looks_like_command(command);
    let _ = check(command, &NoFiles, now);
    if !files.is_empty() {
        let host = FileMap {
            files: files
                .split('\0')
                .zip(NAMES)
                .map(|(bytes, name)| (name.to_string(), bytes.as_bytes().to_vec()))
                .collect(),
            ..Default::default()
        };
        let report = check(command, &host, now);
        let _ = serde_json::to_string(&report);
    }
});
