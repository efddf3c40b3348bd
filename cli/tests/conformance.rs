//! Conformance over certificate sets made by others (`../shared/fixtures`): kubeadm 1.29's
//! `/etc/kubernetes` and etcd's own test PKI. Every file's role, issuer and key pairing is
//! checked against what its makers intended.
//!
//! The fixtures live beside the checkout, not in it. When they are absent these tests fail
//! with a message saying so, unless ETCDTLS_SKIP_FIXTURES=1 asks to skip them, in which case
//! each test prints that it skipped.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use common::etcdtls;
use serde_json::Value;

fn fixtures() -> Option<PathBuf> {
    let dir = std::env::var_os("ETCDTLS_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures"));
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("ETCDTLS_SKIP_FIXTURES").is_some() {
        eprintln!(
            "SKIPPED: shared fixtures not found at {} (ETCDTLS_SKIP_FIXTURES is set)",
            dir.display()
        );
        return None;
    }
    panic!(
        "shared fixtures not found at {}: these tests need the project's ../shared/fixtures beside the checkout (or ETCDTLS_FIXTURES=<dir>); set ETCDTLS_SKIP_FIXTURES=1 to skip them",
        dir.display()
    );
}

fn explain_json(dir: &PathBuf, sub: &str, at: &str) -> Value {
    let out = etcdtls()
        .current_dir(dir)
        .args(["explain", sub, "-o", "json", "--at", at])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn item<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no item {id}"))
}

fn findings_of(report: &Value, id: &str) -> Vec<String> {
    item(report, id)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

/// (file, role, issuer file or "self", paired key or certificate file)
const KUBEADM: &[(&str, &str, &str, &str)] = &[
    ("pki/ca.crt", "kubernetes-ca", "self", "pki/ca.key"),
    ("pki/ca.key", "kubernetes-ca", "", "pki/ca.crt"),
    ("pki/apiserver.crt", "kube-apiserver", "pki/ca.crt", "pki/apiserver.key"),
    ("pki/apiserver.key", "kube-apiserver", "", "pki/apiserver.crt"),
    (
        "pki/apiserver-kubelet-client.crt",
        "apiserver-kubelet-client",
        "pki/ca.crt",
        "pki/apiserver-kubelet-client.key",
    ),
    (
        "pki/apiserver-kubelet-client.key",
        "apiserver-kubelet-client",
        "",
        "pki/apiserver-kubelet-client.crt",
    ),
    (
        "pki/apiserver-etcd-client.crt",
        "apiserver-etcd-client",
        "pki/etcd/ca.crt",
        "pki/apiserver-etcd-client.key",
    ),
    (
        "pki/apiserver-etcd-client.key",
        "apiserver-etcd-client",
        "",
        "pki/apiserver-etcd-client.crt",
    ),
    (
        "pki/front-proxy-ca.crt",
        "front-proxy-ca",
        "self",
        "pki/front-proxy-ca.key",
    ),
    ("pki/front-proxy-ca.key", "front-proxy-ca", "", "pki/front-proxy-ca.crt"),
    (
        "pki/front-proxy-client.crt",
        "front-proxy-client",
        "pki/front-proxy-ca.crt",
        "pki/front-proxy-client.key",
    ),
    (
        "pki/front-proxy-client.key",
        "front-proxy-client",
        "",
        "pki/front-proxy-client.crt",
    ),
    ("pki/etcd/ca.crt", "etcd-ca", "self", "pki/etcd/ca.key"),
    ("pki/etcd/ca.key", "etcd-ca", "", "pki/etcd/ca.crt"),
    (
        "pki/etcd/server.crt",
        "etcd-server",
        "pki/etcd/ca.crt",
        "pki/etcd/server.key",
    ),
    ("pki/etcd/server.key", "etcd-server", "", "pki/etcd/server.crt"),
    ("pki/etcd/peer.crt", "etcd-peer", "pki/etcd/ca.crt", "pki/etcd/peer.key"),
    ("pki/etcd/peer.key", "etcd-peer", "", "pki/etcd/peer.crt"),
    (
        "pki/etcd/healthcheck-client.crt",
        "etcd-healthcheck-client",
        "pki/etcd/ca.crt",
        "pki/etcd/healthcheck-client.key",
    ),
    (
        "pki/etcd/healthcheck-client.key",
        "etcd-healthcheck-client",
        "",
        "pki/etcd/healthcheck-client.crt",
    ),
    ("pki/sa.key", "service-account-key", "", ""),
    ("pki/sa.pub", "service-account-key", "", ""),
    (
        "admin.conf#clusters[0].certificate-authority-data",
        "kubernetes-ca",
        "self",
        "pki/ca.key",
    ),
    (
        "admin.conf#users[0].client-certificate-data",
        "kube-admin",
        "pki/ca.crt",
        "admin.conf#users[0].client-key-data",
    ),
    (
        "admin.conf#users[0].client-key-data",
        "kube-admin",
        "",
        "admin.conf#users[0].client-certificate-data",
    ),
    (
        "super-admin.conf#users[0].client-certificate-data",
        "kube-super-admin",
        "pki/ca.crt",
        "super-admin.conf#users[0].client-key-data",
    ),
    (
        "controller-manager.conf#users[0].client-certificate-data",
        "kube-controller-manager",
        "pki/ca.crt",
        "controller-manager.conf#users[0].client-key-data",
    ),
    (
        "scheduler.conf#users[0].client-certificate-data",
        "kube-scheduler",
        "pki/ca.crt",
        "scheduler.conf#users[0].client-key-data",
    ),
    (
        "kubelet.conf#clusters[0].certificate-authority-data",
        "kubernetes-ca",
        "self",
        "pki/ca.key",
    ),
];

#[test]
fn kubeadm_v1_29_every_file() {
    let Some(root) = fixtures() else { return };
    let dir = root.join("kubeadm-v1.29");
    // Before the leaves expired, the set is clean.
    let report = explain_json(&dir, ".", "2024-06-01T00:00:00Z");
    let items = report["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        35,
        "every certificate and key in the set, including those inside kubeconfigs"
    );
    for (id, role, issuer, pair) in KUBEADM {
        let it = item(&report, id);
        assert_eq!(it["role"], *role, "role of {id}: {}", it["role_reasons"]);
        match *issuer {
            "self" => assert_eq!(it["self_signed"], true, "{id} is self-signed"),
            "" => {}
            want => assert_eq!(it["issued_by"], want, "issuer of {id}"),
        }
        if pair.is_empty() {
            continue;
        }
        let field = if it["kind"] == "private-key" {
            "certificate"
        } else {
            "key"
        };
        assert_eq!(it[field], *pair, "{field} of {id}");
    }
    // sa.key and sa.pub pair with each other.
    assert_eq!(item(&report, "pki/sa.key")["public_key_item"], "pki/sa.pub");
    assert_eq!(item(&report, "pki/sa.pub")["key"], "pki/sa.key");
    // The manifests label the files by how etcd and the API server use them.
    let server = item(&report, "pki/etcd/server.crt");
    let flags: Vec<&str> = server["usages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["flag"].as_str().unwrap())
        .collect();
    assert_eq!(flags, vec!["--cert-file"]);
    assert_eq!(report["summary"]["errors"], 0, "{}", report["findings"]);
    assert_eq!(report["connections"][0]["cert"], "pki/etcd/healthcheck-client.crt");
    assert_eq!(report["connections"][0]["endpoints"], "https://172.30.1.2:2379");

    // After 2025-02-03 every leaf has expired; the CAs have not.
    let later = explain_json(&dir, ".", "2025-06-01T00:00:00Z");
    for (id, role, _, _) in KUBEADM {
        let expired = findings_of(&later, id).contains(&"expired".to_string());
        let is_leaf_cert = !id.ends_with(".key")
            && !id.contains("key-data")
            && !role.ends_with("-ca")
            && *role != "service-account-key";
        assert_eq!(expired, is_leaf_cert, "expired finding on {id}");
    }
}

/// etcd's test PKI: (file, role, issuer, key)
const ETCD_IO: &[(&str, &str, &str, &str)] = &[
    ("ca.crt", "etcd-ca", "self", ""),
    ("server.crt", "etcd-server", "ca.crt", "server.key.insecure"),
    ("server2.crt", "etcd-server", "ca.crt", "server2.key.insecure"),
    ("server3.crt", "etcd-server", "ca.crt", "server3.key.insecure"),
    ("server-ecdsa.crt", "etcd-server", "ca.crt", "server-ecdsa.key.insecure"),
    ("server-ip.crt", "etcd-server", "ca.crt", "server-ip.key.insecure"),
    ("server-ipv6.crt", "etcd-server", "ca.crt", "server-ipv6.key.insecure"),
    (
        "server-wildcard.crt",
        "etcd-server",
        "ca.crt",
        "server-wildcard.key.insecure",
    ),
    (
        "server-revoked.crt",
        "etcd-server",
        "ca.crt",
        "server-revoked.key.insecure",
    ),
    (
        "server-serverusage.crt",
        "etcd-server",
        "ca.crt",
        "server-serverusage.key.insecure",
    ),
    (
        "client-clientusage.crt",
        "etcd-client",
        "ca.crt",
        "client-clientusage.key.insecure",
    ),
    ("client-nocn.crt", "etcd-client", "ca.crt", "client-nocn.key.insecure"),
    ("CommonName-root.crt", "root-ca", "self", "CommonName-root.key"),
    ("server.key.insecure", "etcd-server", "", "server.crt"),
    ("server-ecdsa.key.insecure", "etcd-server", "", "server-ecdsa.crt"),
    (
        "client-clientusage.key.insecure",
        "etcd-client",
        "",
        "client-clientusage.crt",
    ),
    ("revoke.crl", "etcd-ca", "ca.crt", ""),
];

#[test]
fn etcd_io_test_pki() {
    let Some(root) = fixtures() else { return };
    let dir = root.join("etcd-io/fixtures");
    let report = explain_json(&dir, ".", "2026-01-01T00:00:00Z");
    for (id, role, issuer, pair) in ETCD_IO {
        let it = item(&report, id);
        assert_eq!(it["role"], *role, "role of {id}: {}", it["role_reasons"]);
        match *issuer {
            "self" => assert_eq!(it["self_signed"], true, "{id} is self-signed"),
            "" => {}
            want => assert_eq!(it["issued_by"], want, "issuer of {id}"),
        }
        if !pair.is_empty() {
            let field = if it["kind"] == "private-key" {
                "certificate"
            } else {
                "key"
            };
            assert_eq!(it[field], *pair, "{field} of {id}");
        }
    }
    // The revoked certificate is on the CA's CRL.
    assert!(findings_of(&report, "server-revoked.crt").contains(&"revoked".to_string()));
    assert!(!findings_of(&report, "server.crt").contains(&"revoked".to_string()));
    // Ed25519 keys pair with each other.
    assert_eq!(
        item(&report, "ed25519-private-key.pem")["public_key_item"],
        "ed25519-public-key.pem"
    );
    // Nothing but the revocation is an error in this set.
    let errors: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn etcd_io_expired_set_is_flagged_expired() {
    let Some(root) = fixtures() else { return };
    let dir = root.join("etcd-io/fixtures-expired");
    // In April 2000, for the hour the leaves lived, the set was fine.
    let then = explain_json(&dir, ".", "2000-04-13T19:00:00Z");
    assert_eq!(then["summary"]["errors"], 0, "{}", then["findings"]);
    let now = explain_json(&dir, ".", "2026-01-01T00:00:00Z");
    for id in ["ca.crt", "server.crt", "server-ip.crt"] {
        assert!(findings_of(&now, id).contains(&"expired".to_string()), "{id} expired");
    }
    assert_eq!(item(&now, "server.crt")["issued_by"], "ca.crt");
    assert_eq!(item(&now, "server.key.insecure")["certificate"], "server.crt");
    // --check turns that into exit code 1.
    etcdtls()
        .current_dir(&dir)
        .args(["explain", ".", "--check", "--at", "2026-01-01T00:00:00Z"])
        .assert()
        .code(1);
}
