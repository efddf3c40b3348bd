//! Feeds arbitrary files to the whole explain entry point, as the CLI does for a folder: several
//! inputs with names that steer classification (kubeconfigs, manifests, env files, unit files,
//! certificates by kubeadm's names), the references between them, explanation, recipes and
//! JSON. Nothing may panic, hang or grow without bound.
//!
//! The data is split into files at each `\0\0`; the first byte of each file picks its name.
#![no_main]

use etcdtls_core::{
    Input, Options, ReportJson, UnreadableReference, analyze_following, connection_recipes, explain,
    unresolved_references,
};
use libfuzzer_sys::fuzz_target;

/// Names the core treats differently. Keep in step with `seed.py`.
const NAMES: &[&str] = &[
    "pki/etcd/ca.crt",
    "pki/etcd/server.crt",
    "pki/etcd/server.key",
    "pki/etcd/peer.crt",
    "pki/etcd/healthcheck-client.crt",
    "pki/apiserver-etcd-client.crt",
    "pki/apiserver-etcd-client.key",
    "pki/ca.crt",
    "admin.conf",
    "manifests/etcd.yaml",
    "etcd.conf.yml",
    "etcd.env",
    "etcd.service",
    "secret.yaml",
    "pasted",
    "server/tls/etcd/server-ca.crt",
    "ca.pem",
    "revoke.crl",
    "ssl/kube-etcd-10-0-0-1.pem",
    "ssl/kube-ca.pem",
    "etcd/etcdctl.env",
    "bin/etcdctl.sh",
    "ssl/ca/bundle.crt",
    "ssl/client/tls.crt",
    "minikube/certs/ca.crt",
    "k0s/pki/etcd/ca.crt",
];

fuzz_target!(|data: &[u8]| {
    let mut inputs = Vec::new();
    let mut rest = data;
    while !rest.is_empty() && inputs.len() < 16 {
        let (file, after) = match rest.windows(2).position(|w| w == b"\0\0") {
            Some(i) => (&rest[..i], &rest[i + 2..]),
            None => (rest, &rest[rest.len()..]),
        };
        let (name, bytes) = match file.split_first() {
            Some((b, bytes)) => (NAMES[*b as usize % NAMES.len()], bytes),
            None => ("empty", file),
        };
        inputs.push(Input::new(name, bytes));
        rest = after;
    }
    // The host could read none of the files the inputs name.
    let unreadable: Vec<UnreadableReference> = unresolved_references(&inputs)
        .into_iter()
        .map(|reference| UnreadableReference {
            reference,
            reason: "not found".into(),
        })
        .collect();
    let report = analyze_following(&inputs, &unreadable, &Options::at(time::OffsetDateTime::UNIX_EPOCH));
    for item in &report.items {
        let _ = explain(&report, item);
    }
    let _ = connection_recipes(&report);
    let _ = serde_json::to_string(&ReportJson::new(&report));
});
