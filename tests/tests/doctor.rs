//! `etcdtls doctor` against real etcd members set up with each fault: every diagnosis id a real
//! etcd can produce, asserted by id, by the file its explanation names, and by answering well
//! before the dial timeout.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use etcdtls::lab::{ClientSecurity, Lab};
use etcdtls_e2e::{etcdtls, etcdtls_bin, expired_client, lab, lab_etcd_ca, write_pair};
use etcdtls_pki::{KeyType, LeafSpec, Usage};
use serde_json::Value;
use time::OffsetDateTime;

const DIAL_TIMEOUT: &str = "--dial-timeout=5s";

/// Runs `doctor -o json` and returns the report and the exit code.
fn doctor(flags: &[String]) -> (Value, i32, Duration) {
    let mut args = vec![DIAL_TIMEOUT.to_string()];
    args.extend(flags.iter().cloned());
    args.extend(["doctor".to_string(), "-o".into(), "json".into()]);
    let run = etcdtls(&args, &[]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.all()));
    (report, run.code, run.took)
}

/// The diagnosis of the first endpoint, or of the files when they stopped everything.
fn verdict(report: &Value) -> (String, String) {
    if let Some(d) = report["files_diagnosis"].as_object() {
        return (d["id"].as_str().unwrap().into(), d["summary"].as_str().unwrap().into());
    }
    let e = &report["endpoints"][0];
    (
        e["diagnosis"].as_str().unwrap().into(),
        format!("{} {}", e["summary"].as_str().unwrap(), e["fix"].as_str().unwrap_or("")),
    )
}

fn expect(flags: Vec<String>, id: &str, names: &str) -> Value {
    let (report, code, took) = doctor(&flags);
    let (got, summary) = verdict(&report);
    assert_eq!(got, id, "{flags:?}\n{report:#}");
    assert!(
        summary.contains(names),
        "{id}: the explanation names {names:?}: {summary}"
    );
    assert_ne!(code, 0, "{id}: not healthy");
    // Answered at once, not after the five-second dial timeout (a hang guard, not a benchmark).
    if id != "timeout" {
        assert!(took < Duration::from_secs(4), "{id} took {took:?}");
    }
    // Every step carries a stable id; the failing step carries this one.
    let steps = report["endpoints"]
        .get(0)
        .map(|e| e["steps"].clone())
        .unwrap_or_else(|| report["files"].clone());
    assert!(
        steps.as_array().unwrap().iter().any(|s| s["diagnosis"] == id),
        "{id}: no step says so: {steps:#}"
    );
    report
}

fn flags(endpoint: &str, cacert: Option<&Path>, cert: Option<&Path>, key: Option<&Path>) -> Vec<String> {
    let mut v = vec![format!("--endpoints={endpoint}")];
    for (flag, path) in [("--cacert", cacert), ("--cert", cert), ("--key", key)] {
        if let Some(p) = path {
            v.push(format!("{flag}={}", p.display()));
        }
    }
    v
}

#[test]
fn every_fault_on_a_mutual_tls_member() {
    let (lab, dir) = lab(1, ClientSecurity::MutualTls);
    let ep = lab.endpoints();
    let p = |rel: &str| lab.path(rel);
    let (ca, hc_crt, hc_key) = (
        p("pki/etcd/ca.crt"),
        p("pki/etcd/healthcheck-client.crt"),
        p("pki/etcd/healthcheck-client.key"),
    );

    // Healthy, with the files picked by role from the kubeadm folder.
    let run = etcdtls(
        &[
            format!("--endpoints={ep}"),
            DIAL_TIMEOUT.into(),
            "doctor".into(),
            "--pki".into(),
            p("pki").display().to_string(),
            "-o".into(),
            "json".into(),
        ],
        &[],
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(report["diagnosis"], "ok");
    assert_eq!(report["endpoints"][0]["diagnosis"], "ok");
    let steps: Vec<&str> = report["endpoints"][0]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        vec![
            "reach",
            "tls",
            "server-certificate",
            "client-certificate",
            "etcd",
            "audit"
        ]
    );
    assert!(
        report["files"][1]["detail"]
            .as_str()
            .unwrap()
            .contains("healthcheck-client.crt"),
        "picked the health-check client"
    );

    // Reachability.
    expect(
        flags("https://127.0.0.1:1", Some(&ca), Some(&hc_crt), Some(&hc_key)),
        "unreachable",
        "127.0.0.1:1",
    );
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_ep = format!("https://{}", silent.local_addr().unwrap());
    let mut f = flags(&silent_ep, Some(&ca), Some(&hc_crt), Some(&hc_key));
    f.push("--dial-timeout=700ms".into());
    expect(f, "timeout", &silent.local_addr().unwrap().to_string());

    // Speaking the wrong protocol, or to the wrong port.
    expect(
        flags(
            &ep.replace("https://", "http://"),
            Some(&ca),
            Some(&hc_crt),
            Some(&hc_key),
        ),
        "tls-required",
        "speaks TLS",
    );
    expect(
        flags(&lab.members[0].peer_url, Some(&ca), Some(&hc_crt), Some(&hc_key)),
        "peer-port",
        &ep,
    );

    // The server's certificate versus --cacert.
    expect(
        flags(&ep, Some(&p("pki/ca.crt")), Some(&hc_crt), Some(&hc_key)),
        "wrong-ca",
        &ca.display().to_string(),
    );

    // The client certificate versus etcd.
    expect(
        flags(&ep, Some(&ca), None, None),
        "client-cert-required",
        "requires a client certificate",
    );
    expect(
        flags(
            &ep,
            Some(&ca),
            Some(&p("pki/apiserver-kubelet-client.crt")),
            Some(&p("pki/apiserver-kubelet-client.key")),
        ),
        "client-cert-untrusted",
        "apiserver-kubelet-client.crt",
    );
    let etcd = lab_etcd_ca(&lab);
    let now = OffsetDateTime::now_utc();
    let long_ago = now - time::Duration::days(400);
    let expired = expired_client(&etcd);
    let (c, k) = write_pair(dir.path(), "expired", &expired);
    expect(
        flags(&ep, Some(&ca), Some(&c), Some(&k)),
        "client-cert-expired",
        &c.display().to_string(),
    );
    let server_only = etcd
        .issue(&LeafSpec::new("server-only", Usage::Server, now, KeyType::EcdsaP256))
        .unwrap();
    let (c, k) = write_pair(dir.path(), "server-only", &server_only);
    expect(
        flags(&ep, Some(&ca), Some(&c), Some(&k)),
        "client-cert-no-client-auth",
        &c.display().to_string(),
    );

    // The files themselves: caught before anything is dialled.
    expect(
        flags(&ep, Some(&ca), Some(&hc_crt), Some(&p("pki/etcd/peer.key"))),
        "key-mismatch",
        "peer.key",
    );
    expect(
        flags(&ep, Some(&ca), Some(&hc_crt), Some(&hc_crt)),
        "wrong-file-type",
        "healthcheck-client.crt",
    );
    expect(
        flags(&ep, Some(&hc_crt), Some(&hc_crt), Some(&hc_key)),
        "ca-not-a-ca",
        "healthcheck-client.crt",
    );
    let missing = dir.path().join("no-such.crt");
    expect(
        flags(&ep, Some(&missing), Some(&hc_crt), Some(&hc_key)),
        "file-unreadable",
        "no-such.crt",
    );
    let encrypted = dir.path().join("encrypted.key");
    let status = Command::new("openssl")
        .args([
            "pkey",
            "-in",
            &hc_key.display().to_string(),
            "-aes256",
            "-passout",
            "pass:secret",
            "-out",
            &encrypted.display().to_string(),
        ])
        .status()
        .expect("openssl (scripts/setup.sh installs it)");
    assert!(status.success());
    assert!(
        fs::read_to_string(&encrypted)
            .unwrap()
            .contains("ENCRYPTED PRIVATE KEY")
    );
    expect(
        flags(&ep, Some(&ca), Some(&hc_crt), Some(&encrypted)),
        "key-encrypted",
        "encrypted.key",
    );
    permission_denied_on_a_root_only_file(&lab, &ep, &hc_crt, &hc_key);

    // The server's own certificate: etcd re-reads it on every new connection.
    let swap = |pair: &etcdtls_pki::Pair| {
        fs::write(p("pki/etcd/server.crt"), &pair.cert_pem).unwrap();
        fs::write(p("pki/etcd/server.key"), &pair.key.pem).unwrap();
    };
    let narrow = etcd
        .issue(&LeafSpec::new("lab", Usage::ServerAndClient, now, KeyType::EcdsaP256).sans(["etcd.lab.example"]))
        .unwrap();
    swap(&narrow);
    expect(
        flags(&ep, Some(&ca), Some(&hc_crt), Some(&hc_key)),
        "server-name-mismatch",
        "etcd.lab.example",
    );
    let old_server = etcd
        .issue(
            &LeafSpec::new("lab", Usage::ServerAndClient, long_ago, KeyType::EcdsaP256)
                .sans(["127.0.0.1", "localhost"])
                .valid(long_ago, long_ago + time::Duration::days(30)),
        )
        .unwrap();
    swap(&old_server);
    expect(
        flags(&ep, Some(&ca), Some(&hc_crt), Some(&hc_key)),
        "server-cert-expired",
        "expired",
    );
    let future = now + time::Duration::days(30);
    let early = etcd
        .issue(
            &LeafSpec::new("lab", Usage::ServerAndClient, future, KeyType::EcdsaP256)
                .sans(["127.0.0.1"])
                .valid(future, future + time::Duration::days(30)),
        )
        .unwrap();
    swap(&early);
    expect(
        flags(&ep, Some(&ca), Some(&hc_crt), Some(&hc_key)),
        "server-cert-not-yet-valid",
        "not valid until",
    );
}

/// As root every file is readable, so read as nobody: a root-only key gives `file-unreadable`
/// (the file is at fault; `permission-denied` is etcd's auth refusing a request).
fn permission_denied_on_a_root_only_file(lab: &Lab, ep: &str, crt: &Path, key: &Path) {
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    let dir = tempfile::Builder::new().prefix("etcdtls-perm").tempdir().unwrap();
    let (c, k) = (dir.path().join("client.crt"), dir.path().join("client.key"));
    fs::copy(crt, &c).unwrap();
    fs::copy(key, &k).unwrap();
    let ca = dir.path().join("ca.crt");
    fs::copy(lab.path("pki/etcd/ca.crt"), &ca).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    for f in [&c, &ca] {
        fs::set_permissions(f, fs::Permissions::from_mode(0o644)).unwrap();
    }
    fs::set_permissions(&k, fs::Permissions::from_mode(0o600)).unwrap();
    let bin = etcdtls_bin();
    let mut cmd = if is_root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]).arg(&bin);
        c
    } else {
        fs::set_permissions(&k, fs::Permissions::from_mode(0o000)).unwrap();
        Command::new(&bin)
    };
    let out = cmd
        .env("NO_COLOR", "1")
        .args([
            format!("--endpoints={ep}"),
            format!("--cacert={}", ca.display()),
            format!("--cert={}", c.display()),
            format!("--key={}", k.display()),
        ])
        .args(["doctor", "-o", "json"])
        .output()
        .unwrap();
    let report: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let (id, summary) = verdict(&report);
    assert_eq!(id, "file-unreadable", "{report:#}");
    assert!(
        summary.contains("client.key") && summary.contains("permission denied"),
        "{summary}"
    );
}

#[test]
fn plaintext_member_https_mismatch_and_audit() {
    let (lab, _dir) = lab(1, ClientSecurity::Plaintext);
    let ep = lab.endpoints();
    let mut f = vec![
        format!("--endpoints={}", ep.replace("http://", "https://")),
        "--insecure-skip-tls-verify".into(),
    ];
    f.push(DIAL_TIMEOUT.into());
    expect(f, "plaintext-server", "serves plaintext");
    // Over http:// it works, and the audit says what that means.
    let (report, code, _) = doctor(&[format!("--endpoints={ep}")]);
    assert_eq!(report["endpoints"][0]["diagnosis"], "ok");
    assert_eq!(report["endpoints"][0]["audit"][0]["diagnosis"], "insecure-plaintext");
    assert!(
        report["endpoints"][0]["audit"][0]["summary"]
            .as_str()
            .unwrap()
            .contains("every Kubernetes Secret")
    );
    assert_eq!(code, 1, "misconfigured, not healthy");
}

#[test]
fn member_without_client_certificate_auth_fails_the_audit() {
    let (lab, _dir) = lab(1, ClientSecurity::TlsWithoutClientAuth);
    let (report, code, _) = doctor(&lab.flags());
    let e = &report["endpoints"][0];
    assert_eq!(e["diagnosis"], "ok", "{report:#}");
    assert_eq!(e["audit"][0]["diagnosis"], "insecure-no-client-auth", "{report:#}");
    assert!(
        e["audit"][0]["summary"]
            .as_str()
            .unwrap()
            .contains("without a certificate")
    );
    assert_eq!(report["diagnosis"], "insecure-no-client-auth");
    assert_eq!(code, 1);
    // The same audit passes on kubeadm's configuration.
    let (good, _good_dir) = lab_pair();
    let (report, code, _) = doctor(&good.flags());
    assert_eq!(
        report["endpoints"][0]["audit"].as_array().unwrap().len(),
        0,
        "{report:#}"
    );
    assert_eq!(code, 0);
}

/// Turns etcd's auth on with a `root` user (password `rootpw`), as root; returns the lab's
/// settings, its first endpoint, and a runtime for further calls.
fn enable_auth(
    lab: &Lab,
) -> (
    etcdtls::connect::Settings,
    etcdtls::connect::target::Target,
    tokio::runtime::Runtime,
) {
    let settings = lab.settings().unwrap();
    let target = settings.targets[0].clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let mut client = etcdtls::connect::connect_one(&settings, &target).await.unwrap();
        client.user_add("root", "rootpw", None).await.unwrap();
        client.user_grant_role("root", "root").await.unwrap();
        client.auth_enable().await.unwrap();
    });
    (settings, target, runtime)
}

fn lab_pair() -> (Lab, tempfile::TempDir) {
    lab(1, ClientSecurity::MutualTls)
}

#[test]
fn etcd_auth_refuses_a_client_certificate_user_without_rights() {
    let (lab, _dir) = lab_pair();
    let (settings, target, runtime) = enable_auth(&lab);
    // With auth on, etcd takes the client certificate's CN as the user. etcd 3.4 answers
    // "permission denied" whether that user is missing or lacks a role.
    let report = expect(lab.flags(), "permission-denied", "kube-etcd-healthcheck-client");
    assert!(
        report["endpoints"][0]["summary"]
            .as_str()
            .unwrap()
            .contains("does not exist in etcd, or none of its roles")
    );
    let mut as_root = settings.clone();
    as_root.user = Some(("root".into(), "rootpw".into()));
    runtime.block_on(async {
        let mut client = etcdtls::connect::connect_one(&as_root, &target).await.unwrap();
        client
            .user_add(
                "kube-etcd-healthcheck-client",
                "",
                Some(etcd_client::UserAddOptions::new().with_no_pwd()),
            )
            .await
            .unwrap();
    });
    expect(lab.flags(), "permission-denied", "kube-etcd-healthcheck-client");
    // A wrong password is its own answer.
    let mut f = lab.flags();
    f.push("--user=root:wrong".into());
    expect(f, "auth-failed", "root");
}

#[test]
fn etcd_auth_without_any_identity_is_user_not_found() {
    // TLS without client certificates, and auth on: a request carries no user name at all.
    let (lab, _dir) = lab(1, ClientSecurity::TlsWithoutClientAuth);
    enable_auth(&lab);
    let f = vec![
        format!("--endpoints={}", lab.endpoints()),
        format!("--cacert={}", lab.path("pki/etcd/ca.crt").display()),
    ];
    expect(f, "auth-user-not-found", "no user name");
}
