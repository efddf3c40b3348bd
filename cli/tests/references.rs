//! `etcdtls explain` follows the files its inputs name: a kubeconfig's `client-certificate`
//! (relative to the kubeconfig, as kubectl resolves it), an etcd config file's
//! `client-transport-security`, an environment file's `ETCDCTL_CERT`, a systemd unit's
//! `ExecStart` flags and `EnvironmentFile=`. Real certificates in a temporary folder.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;

use common::{MINTED, etcdtls, kubeadm, write};
use etcdtls_pki::{KeyType, LeafSpec, Usage};
use serde_json::Value;

const AT: &str = "2026-06-01T00:00:00Z";

/// A kubeadm PKI under `store/pki`, an admin pair under `store/users`, and under `conf/` a
/// kubeconfig, an etcd config file, an etcdctl environment file, a kube-apiserver unit and an
/// etcd unit that name them by path. Returns the folder.
fn layout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let pki = kubeadm(KeyType::EcdsaP256);
    let store = root.join("store");
    for (rel, contents) in pki.files.iter().filter(|(rel, _)| rel.starts_with("pki/")) {
        let path = store.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }
    let admin = pki
        .kubernetes_ca
        .issue(
            &LeafSpec::new("kubernetes-admin", Usage::Client, MINTED, KeyType::EcdsaP256)
                .organizations(["kubeadm:cluster-admins"]),
        )
        .unwrap();
    fs::create_dir_all(store.join("users")).unwrap();
    fs::write(store.join("users/admin.crt"), &admin.cert_pem).unwrap();
    fs::write(store.join("users/admin.key"), &admin.key.pem).unwrap();

    let conf = root.join("conf");
    fs::create_dir_all(&conf).unwrap();
    let abs = |rel: &str| store.join(rel).display().to_string();
    // Relative paths, resolved against the kubeconfig's folder.
    fs::write(
        conf.join("admin.kubeconfig"),
        "apiVersion: v1\nkind: Config\nclusters:\n- name: k\n  cluster:\n    server: https://10.0.0.5:6443\n    certificate-authority: ../store/pki/ca.crt\nusers:\n- name: admin\n  user:\n    client-certificate: ../store/users/admin.crt\n    client-key: ../store/users/admin.key\ncontexts:\n- name: admin@k\n  context: {cluster: k, user: admin}\ncurrent-context: admin@k\n",
    )
    .unwrap();
    fs::write(
        conf.join("etcd.conf.yml"),
        format!(
            "name: node-1\ndata-dir: /var/lib/etcd\nlisten-client-urls: https://10.0.0.5:2379\nclient-transport-security:\n  cert-file: {}\n  key-file: {}\n  trusted-ca-file: {}\n  client-cert-auth: true\npeer-transport-security:\n  cert-file: {}\n  key-file: {}\n  trusted-ca-file: {}\n  client-cert-auth: true\n",
            abs("pki/etcd/server.crt"),
            abs("pki/etcd/server.key"),
            abs("pki/etcd/ca.crt"),
            abs("pki/etcd/peer.crt"),
            abs("pki/etcd/peer.key"),
            abs("pki/etcd/ca.crt"),
        ),
    )
    .unwrap();
    fs::write(
        conf.join("etcdctl.env"),
        format!(
            "# as in /etc/default/etcd or /etc/etcd.env\nETCDCTL_API=3\nETCDCTL_CACERT={}\nexport ETCDCTL_CERT=\"{}\"\nETCDCTL_KEY='{}'\n",
            abs("pki/etcd/ca.crt"),
            abs("pki/etcd/healthcheck-client.crt"),
            abs("pki/etcd/healthcheck-client.key"),
        ),
    )
    .unwrap();
    fs::write(
        conf.join("kube-apiserver.service"),
        format!(
            "[Unit]\nDescription=Kubernetes API Server\n\n[Service]\nExecStart=/usr/local/bin/kube-apiserver \\\n  --advertise-address=10.0.0.5 \\\n  --etcd-cafile={} \\\n  --etcd-certfile={} \\\n  --etcd-keyfile={} \\\n  --etcd-servers=https://10.0.0.5:2379\nRestart=on-failure\n",
            abs("pki/etcd/ca.crt"),
            abs("pki/apiserver-etcd-client.crt"),
            abs("pki/apiserver-etcd-client.key"),
        ),
    )
    .unwrap();
    // The etcd unit names its settings only: an optional environment file that is missing,
    // the etcdctl environment file, and the config file.
    fs::write(
        conf.join("etcd.service"),
        format!(
            "[Service]\nType=notify\nEnvironmentFile=-{}\nEnvironmentFile={}\nEnvironment=\"ETCD_UNSUPPORTED_ARCH=arm64\"\nExecStart=/usr/bin/etcd --config-file {}\n",
            conf.join("absent.env").display(),
            conf.join("etcdctl.env").display(),
            conf.join("etcd.conf.yml").display(),
        ),
    )
    .unwrap();
    dir
}

fn explain_json(dir: &Path, args: &[&str]) -> (Value, std::process::Output) {
    let out = etcdtls()
        .current_dir(dir)
        .arg("explain")
        .args(args)
        .args(["--at", AT, "-o", "json"])
        .output()
        .unwrap();
    let json =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (json, out)
}

/// The item read from the file whose path ends with `suffix`.
fn item<'a>(report: &'a Value, suffix: &str) -> &'a Value {
    report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["path"].as_str().unwrap().ends_with(suffix) && !i["source"].as_str().unwrap().contains('#'))
        .unwrap_or_else(|| {
            let paths: Vec<&str> = report["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap())
                .collect();
            panic!("no item from *{suffix} among {paths:#?}")
        })
}

/// Whether configuration declared in a file ending with `declared_in` uses the item.
fn used_by(item: &Value, declared_in: &str, flag: &str) -> bool {
    item["usages"].as_array().unwrap().iter().any(|u| {
        u["declared_in"].as_str().unwrap().ends_with(declared_in) && u["flag"].as_str().unwrap().ends_with(flag)
    })
}

#[test]
fn files_named_by_a_kubeconfig_an_etcd_config_an_environment_file_and_a_unit_are_explained() {
    let dir = layout();
    let (report, out) = explain_json(
        dir.path(),
        &[
            "conf/admin.kubeconfig",
            "conf/etcd.conf.yml",
            "conf/etcdctl.env",
            "conf/kube-apiserver.service",
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(report["errors"], Value::Array(vec![]), "{:#}", report["errors"]);

    for (suffix, role, declared_in, flag) in [
        (
            "store/pki/ca.crt",
            "kubernetes-ca",
            "admin.kubeconfig",
            "certificate-authority",
        ),
        (
            "store/users/admin.crt",
            "kube-admin",
            "admin.kubeconfig",
            "client-certificate",
        ),
        ("store/users/admin.key", "kube-admin", "admin.kubeconfig", "client-key"),
        ("pki/etcd/server.crt", "etcd-server", "etcd.conf.yml", "--cert-file"),
        ("pki/etcd/server.key", "etcd-server", "etcd.conf.yml", "--key-file"),
        ("pki/etcd/peer.crt", "etcd-peer", "etcd.conf.yml", "--peer-cert-file"),
        ("pki/etcd/ca.crt", "etcd-ca", "etcd.conf.yml", "--trusted-ca-file"),
        (
            "pki/etcd/healthcheck-client.crt",
            "etcd-healthcheck-client",
            "etcdctl.env",
            "--cert",
        ),
        (
            "pki/etcd/healthcheck-client.key",
            "etcd-healthcheck-client",
            "etcdctl.env",
            "--key",
        ),
        (
            "pki/apiserver-etcd-client.crt",
            "apiserver-etcd-client",
            "kube-apiserver.service",
            "--etcd-certfile",
        ),
        (
            "pki/apiserver-etcd-client.key",
            "apiserver-etcd-client",
            "kube-apiserver.service",
            "--etcd-keyfile",
        ),
    ] {
        let it = item(&report, suffix);
        assert_eq!(it["role"], role, "{suffix}: {:#}", it["role_reasons"]);
        assert!(
            used_by(it, declared_in, flag),
            "{suffix} not used by {declared_in} {flag}: {:#}",
            it["usages"]
        );
    }
    // The kubeconfig's relative paths were resolved against its folder, as kubectl does.
    assert_eq!(
        item(&report, "store/users/admin.crt")["path"],
        "conf/../store/users/admin.crt"
    );
    // The etcd CA is one file, named by three inputs: read once.
    let etcd_cas = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["path"].as_str().unwrap().ends_with("pki/etcd/ca.crt"))
        .count();
    assert_eq!(etcd_cas, 1);
    let findings: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(!findings.contains(&"referenced-file-missing"), "{findings:?}");
    // Only what was named is read: nothing else from the store.
    assert!(
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| !i["path"].as_str().unwrap().contains("front-proxy"))
    );
}

#[test]
fn a_unit_leads_to_its_environment_file_and_config_file_and_on_to_their_certificates() {
    let dir = layout();
    let (report, out) = explain_json(dir.path(), &["conf/etcd.service"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The optional EnvironmentFile=- that does not exist is no error, as for systemd.
    assert_eq!(report["errors"], Value::Array(vec![]), "{:#}", report["errors"]);
    let inputs: Vec<&str> = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert!(inputs.iter().any(|n| n.ends_with("conf/etcdctl.env")), "{inputs:?}");
    assert!(inputs.iter().any(|n| n.ends_with("conf/etcd.conf.yml")), "{inputs:?}");
    for (suffix, role) in [
        ("pki/etcd/server.crt", "etcd-server"),
        ("pki/etcd/peer.crt", "etcd-peer"),
        ("pki/etcd/ca.crt", "etcd-ca"),
        ("pki/etcd/healthcheck-client.crt", "etcd-healthcheck-client"),
    ] {
        assert_eq!(item(&report, suffix)["role"], role, "{suffix}");
    }
}

#[test]
fn a_missing_referenced_file_is_an_error_naming_it_and_who_named_it() {
    let dir = layout();
    fs::remove_file(dir.path().join("store/users/admin.key")).unwrap();
    let (report, out) = explain_json(dir.path(), &["conf/admin.kubeconfig"]);
    // Everything else is still explained...
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(item(&report, "store/users/admin.crt")["role"], "kube-admin");
    // ... and the missing key is an error that names the file and the kubeconfig.
    let errors = report["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["kind"], "reference-unreadable");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(
        message.contains("admin.key") && message.contains("no such file or directory"),
        "{message}"
    );
    assert!(message.starts_with("conf/admin.kubeconfig"), "{message}");
    assert!(message.contains("client-key"), "{message}");
    let findings: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(!findings.contains(&"referenced-file-missing"), "{findings:?}");

    // `--check` fails on it; the text output says it in words.
    let out = etcdtls()
        .current_dir(dir.path())
        .args(["explain", "conf/admin.kubeconfig", "--check", "--at", AT])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("admin.key (kubeconfig users[0].client-key) cannot be read: no such file or directory"),
        "{text}"
    );
    assert!(!text.contains("explain it too"), "{text}");
}

#[test]
fn a_copy_of_the_files_among_the_inputs_is_not_read_again_from_the_named_path() {
    // A manifest naming /etc/kubernetes/pki/... explained with a copy of that folder: the copy
    // is what the manifest means, and nothing is read from /etc/kubernetes.
    let dir = tempfile::tempdir().unwrap();
    let pki = kubeadm(KeyType::EcdsaP256);
    write(dir.path(), &pki);
    let (report, out) = explain_json(dir.path(), &["manifests/etcd.yaml", "pki"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(report["errors"], Value::Array(vec![]), "{:#}", report["errors"]);
    assert!(
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| !i["path"].as_str().unwrap().starts_with("/etc/")),
        "read from /etc"
    );
    assert!(used_by(
        item(&report, "pki/etcd/server.crt"),
        "manifests/etcd.yaml",
        "--cert-file"
    ));
}
