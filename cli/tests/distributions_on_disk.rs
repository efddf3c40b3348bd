//! `etcdtls explain <dir>` on folders laid out as Talos, kops with etcd-manager and etcd's cfssl
//! guides leave them (paths, names, subjects, usages, key formats: `EC PRIVATE KEY` from Talos,
//! `RSA PRIVATE KEY` from kops and cfssl; cfssl's JSON inputs beside its output). The exact
//! certificates, made as each tool's code makes them, are checked against the core in
//! `crates/etcdtls-core/tests/made_by_their_tools.rs`; here the binary walks the folder and its
//! JSON report must name the distribution, every file's role, the CA that signed each leaf, the
//! key of each certificate, and find nothing wrong.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;

use common::etcdtls;
use etcdtls_pki::{Ca, KeyType, LeafSpec, Pair, Usage};
use serde_json::Value;
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const MINTED: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);
const AT: &str = "2026-03-01T00:00:00Z";

/// A folder as a tool leaves it, and what `explain` must say of each file.
struct Folder {
    files: Vec<(String, String)>,
    /// Path → role id.
    roles: Vec<(String, &'static str)>,
    /// Leaf path → the path of its CA.
    issuers: Vec<(String, String)>,
    /// Certificate path → key path and the key's format.
    keys: Vec<(String, String, &'static str)>,
}

impl Folder {
    fn new() -> Folder {
        Folder {
            files: Vec::new(),
            roles: Vec::new(),
            issuers: Vec::new(),
            keys: Vec::new(),
        }
    }

    fn cert(&mut self, path: &str, pem: &str, role: &'static str, issuer: Option<&str>) {
        self.files.push((path.into(), pem.into()));
        self.roles.push((path.into(), role));
        if let Some(ca) = issuer {
            self.issuers.push((path.into(), ca.into()));
        }
    }

    fn pair(&mut self, cert: &str, key: &str, pair: &Pair, role: &'static str, issuer: Option<&str>) {
        self.cert(cert, &pair.cert_pem, role, issuer);
        self.files.push((key.into(), pair.key.pem.clone()));
        self.roles.push((key.into(), role));
        let format = if pair.key.pem.contains("BEGIN RSA PRIVATE KEY") {
            "pkcs1"
        } else {
            "sec1"
        };
        self.keys.push((cert.into(), key.into(), format));
    }

    fn other(&mut self, path: &str, text: &str) {
        self.files.push((path.into(), text.into()));
    }
}

fn ca(cn: Option<&str>, o: &[&str], kt: KeyType, days: i64) -> Ca {
    Ca::with_subject(cn, o, kt, MINTED, MINTED + Duration::days(days)).unwrap()
}

fn leaf(ca: &Ca, cn: &str, o: &[&str], usage: Usage, sans: &[&str], kt: KeyType, days: i64) -> Pair {
    ca.issue(
        &LeafSpec::new(cn, usage, MINTED, kt)
            .organizations(o.iter().copied())
            .sans(sans.iter().copied())
            .valid(MINTED, MINTED + Duration::days(days)),
    )
    .unwrap()
}

/// Writes the folder, runs `etcdtls explain . -o json`, and checks the report.
fn explain(folder: &Folder, distribution: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in &folder.files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
    }
    let report = run(dir.path(), "json");
    let report: Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["distribution"], distribution, "{}", report["distribution"]);
    assert_eq!(report["errors"].as_array().unwrap().len(), 0, "{}", report["errors"]);
    let items = report["items"].as_array().unwrap();
    let item = |id: &str| {
        items
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("{distribution}: {id} not read"))
    };
    for (path, role) in &folder.roles {
        assert_eq!(
            item(path)["role"],
            *role,
            "{distribution}: {path}: {}",
            item(path)["role_reasons"]
        );
    }
    assert_eq!(items.len(), folder.roles.len(), "{distribution}: items read");
    let same = |a: &str, b: &str| {
        let text = |p: &str| folder.files.iter().find(|(f, _)| f == p).map(|(_, t)| t.clone());
        text(a).is_some() && text(a) == text(b)
    };
    for (leaf, ca) in &folder.issuers {
        let by = item(leaf)["issued_by"]
            .as_str()
            .unwrap_or_else(|| panic!("{leaf}: no issuer"));
        assert!(same(by, ca), "{distribution}: {leaf} issued by {by}, not {ca}");
    }
    for (cert, key, format) in &folder.keys {
        assert_eq!(item(cert)["key"], key.as_str(), "{distribution}: key of {cert}");
        assert_eq!(item(key)["key_format"], *format, "{distribution}: format of {key}");
    }
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        0,
        "{distribution}: {:#}",
        report["findings"]
    );
    // The text report names the distribution too.
    let text = run(dir.path(), "text");
    let name = report["distribution_name"].as_str().unwrap();
    assert!(text.contains(&format!("Distribution: {name}")), "{text}");
    // Only kubeadm signs with kubeadm: the CA keys here serve their own distribution's signer.
    assert!(!text.contains("kubeadm, to sign"), "{text}");
    report
}

fn run(dir: &Path, format: &str) -> String {
    let out = etcdtls()
        .current_dir(dir)
        .args(["explain", ".", "--at", AT, "-o", format])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// `/system/secrets` of a Talos control-plane node: ECDSA P-256, SEC1 keys, ten-year leaves.
#[test]
fn talos_system_secrets() {
    let kt = KeyType::EcdsaP256;
    let etcd_ca = ca(None, &["etcd"], kt, 3650);
    let kube_ca = ca(None, &["kubernetes"], kt, 3650);
    let mut f = Folder::new();
    let etcd = "system/secrets/etcd";
    let ca_path = format!("{etcd}/ca.crt");
    f.pair(&ca_path, &format!("{etcd}/ca.key"), &etcd_ca.pair, "etcd-ca", None);
    let both = Usage::ServerAndClient;
    let server = leaf(
        &etcd_ca,
        "cp-1",
        &[],
        both,
        &["cp-1", "localhost", "10.5.0.2", "127.0.0.1", "::1"],
        kt,
        3650,
    );
    f.pair(
        &format!("{etcd}/server.crt"),
        &format!("{etcd}/server.key"),
        &server,
        "etcd-server",
        Some(&ca_path),
    );
    let peer = leaf(&etcd_ca, "cp-1", &[], both, &["cp-1", "10.5.0.2"], kt, 3650);
    f.pair(
        &format!("{etcd}/peer.crt"),
        &format!("{etcd}/peer.key"),
        &peer,
        "etcd-peer",
        Some(&ca_path),
    );
    let admin = leaf(&etcd_ca, "talos", &[], Usage::Client, &[], kt, 3650);
    f.pair(
        &format!("{etcd}/admin.crt"),
        &format!("{etcd}/admin.key"),
        &admin,
        "etcd-client",
        Some(&ca_path),
    );
    let api = "system/secrets/kubernetes/kube-apiserver";
    f.cert(
        &format!("{api}/etcd-client-ca.crt"),
        &etcd_ca.pair.cert_pem,
        "etcd-ca",
        None,
    );
    let client = leaf(&etcd_ca, "kube-apiserver", &[], Usage::Client, &[], kt, 3650);
    f.pair(
        &format!("{api}/etcd-client.crt"),
        &format!("{api}/etcd-client.key"),
        &client,
        "apiserver-etcd-client",
        Some(&ca_path),
    );
    f.cert(&format!("{api}/ca.crt"), &kube_ca.pair.cert_pem, "kubernetes-ca", None);
    let cm = "system/secrets/kubernetes/kube-controller-manager";
    f.pair(
        &format!("{cm}/ca.crt"),
        &format!("{cm}/ca.key"),
        &kube_ca.pair,
        "kubernetes-ca",
        None,
    );
    let report = explain(&f, "talos");
    let connection = &report["connections"][0];
    assert_eq!(connection["cert"], format!("{etcd}/admin.crt"));
}

/// kops: nodeup's `/etc/kubernetes/pki/etcd-manager-main` (with etcd-manager's own gRPC pair),
/// etcd-manager's member PKI on the etcd volume, the API server's etcd client; RSA, PKCS#1.
#[test]
fn kops_etcd_manager_folders() {
    let kt = KeyType::Rsa2048;
    let manager = ca(Some("etcd-manager-ca-main"), &[], kt, 3650);
    let peers = ca(Some("etcd-peers-ca-main"), &[], kt, 3650);
    let clients = ca(Some("etcd-clients-ca"), &[], kt, 3650);
    let mut f = Folder::new();
    let d = "etc/kubernetes/pki/etcd-manager-main";
    let mca = format!("{d}/etcd-manager-ca.crt");
    f.pair(
        &mca,
        &format!("{d}/etcd-manager-ca.key"),
        &manager.pair,
        "etcd-manager-ca",
        None,
    );
    f.pair(
        &format!("{d}/etcd-peers-ca.crt"),
        &format!("{d}/etcd-peers-ca.key"),
        &peers.pair,
        "etcd-peer-ca",
        None,
    );
    f.pair(
        &format!("{d}/etcd-clients-ca.crt"),
        &format!("{d}/etcd-clients-ca.key"),
        &clients.pair,
        "etcd-ca",
        None,
    );
    let grpc = leaf(
        &manager,
        "etcd-manager-server-etcd-a",
        &[],
        Usage::Server,
        &["etcd-manager-server-etcd-a"],
        kt,
        730,
    );
    f.pair(
        &format!("{d}/etcd-manager-server-etcd-a.crt"),
        &format!("{d}/etcd-manager-server-etcd-a.key"),
        &grpc,
        "server",
        Some(&mca),
    );
    let grpc_client = leaf(&manager, "etcd-manager-client-etcd-a", &[], Usage::Client, &[], kt, 730);
    f.pair(
        &format!("{d}/etcd-manager-client-etcd-a.crt"),
        &format!("{d}/etcd-manager-client-etcd-a.key"),
        &grpc_client,
        "client",
        Some(&mca),
    );
    let pki = "mnt/master-vol-0a1b2c3d/pki/Vq2Ux8FnWk2nIwEuYcK1Zw";
    let pca = format!("{pki}/peers/ca.crt");
    f.cert(&pca, &peers.pair.cert_pem, "etcd-peer-ca", None);
    let sans = ["etcd-a", "etcd-a.internal.example.k8s.local", "127.0.0.1"];
    let me = leaf(&peers, "etcd-a", &[], Usage::ServerAndClient, &sans, kt, 730);
    f.pair(
        &format!("{pki}/peers/me.crt"),
        &format!("{pki}/peers/me.key"),
        &me,
        "etcd-peer",
        Some(&pca),
    );
    let cca = format!("{pki}/clients/ca.crt");
    f.cert(&cca, &clients.pair.cert_pem, "etcd-ca", None);
    let server = leaf(&clients, "etcd-a", &[], Usage::ServerAndClient, &sans, kt, 730);
    f.pair(
        &format!("{pki}/clients/server.crt"),
        &format!("{pki}/clients/server.key"),
        &server,
        "etcd-server",
        Some(&cca),
    );
    let api = "srv/kubernetes/kube-apiserver";
    f.cert(&format!("{api}/etcd-ca.crt"), &clients.pair.cert_pem, "etcd-ca", None);
    let client = leaf(&clients, "kube-apiserver", &[], Usage::Client, &[], kt, 455);
    f.pair(
        &format!("{api}/etcd-client.crt"),
        &format!("{api}/etcd-client.key"),
        &client,
        "apiserver-etcd-client",
        Some(&cca),
    );
    let report = explain(&f, "kops");
    assert_eq!(report["connections"][0]["cert"], format!("{api}/etcd-client.crt"));
}

/// etcd's cfssl guide's folder: `ca.pem` (RSA), `server.pem`, `member1.pem`, `client.pem`
/// (ECDSA from `print-defaults csr`), `-key.pem` beside each, and cfssl's JSON inputs, which
/// are not certificates and are passed over quietly.
#[test]
fn cfssl_guide_folder() {
    let ca = ca(Some("My own CA"), &["My Company Name"], KeyType::Rsa2048, 1825);
    let kt = KeyType::EcdsaP256;
    let mut f = Folder::new();
    f.pair("ca.pem", "ca-key.pem", &ca.pair, "etcd-ca", None);
    let server = leaf(
        &ca,
        "coreos1",
        &[],
        Usage::Server,
        &["ext.example.com", "coreos1.local", "coreos1", "192.168.122.68"],
        kt,
        1825,
    );
    f.pair("server.pem", "server-key.pem", &server, "etcd-server", Some("ca.pem"));
    let member = leaf(
        &ca,
        "member1",
        &[],
        Usage::ServerAndClient,
        &["ext.example.com", "member1.local", "member1", "192.168.122.101"],
        kt,
        1825,
    );
    f.pair("member1.pem", "member1-key.pem", &member, "etcd-peer", Some("ca.pem"));
    let client = leaf(&ca, "client", &[], Usage::Client, &[], kt, 1825);
    f.pair("client.pem", "client-key.pem", &client, "etcd-client", Some("ca.pem"));
    f.other(
        "ca-config.json",
        r#"{"signing":{"default":{"expiry":"43800h"},"profiles":{"peer":{"expiry":"43800h","usages":["signing","key encipherment","server auth","client auth"]}}}}"#,
    );
    f.other(
        "client.json",
        r#"{"CN":"client","hosts":[""],"key":{"algo":"ecdsa","size":256}}"#,
    );
    let report = explain(&f, "etcd-tls-guide");
    assert_eq!(report["connections"][0]["cert"], "client.pem");
}

/// etcd's `hack/tls-setup` after `make`: `certs/ca.pem`, and for each member `certs/<ip>.pem`
/// and `certs/peer-<ip>.pem`, all `CN=etcd, O=autogenerated`, RSA.
#[test]
fn cfssl_hack_tls_setup_folder() {
    let kt = KeyType::Rsa2048;
    let ca = ca(
        Some("Autogenerated CA"),
        &["Honest Achmed's Used Certificates"],
        kt,
        36500,
    );
    let mut f = Folder::new();
    f.pair("certs/ca.pem", "certs/ca-key.pem", &ca.pair, "etcd-ca", None);
    let hosts = ["localhost", "127.0.0.1", "10.0.0.1", "10.0.0.2"];
    for ip in ["10.0.0.1", "10.0.0.2"] {
        for (name, role) in [(ip.to_string(), "etcd-server"), (format!("peer-{ip}"), "etcd-peer")] {
            let made = leaf(
                &ca,
                "etcd",
                &["autogenerated"],
                Usage::ServerAndClient,
                &hosts,
                kt,
                36500,
            );
            f.pair(
                &format!("certs/{name}.pem"),
                &format!("certs/{name}-key.pem"),
                &made,
                role,
                Some("certs/ca.pem"),
            );
        }
    }
    explain(&f, "etcd-tls-guide");
}
