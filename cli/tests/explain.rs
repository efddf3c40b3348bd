//! `etcdtls explain` run as a binary in a temporary folder.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;

use common::{etcdtls, kubeadm, private_key_lines, redactions, write};
use etcdtls_pki::KeyType;
use predicates::prelude::*;
use serde_json::Value;

const AT: &str = "2026-06-01T00:00:00Z";

fn explain_kubeadm(key_type: KeyType, format: &str) -> (String, etcdtls_pki::KubeadmPki) {
    let dir = tempfile::tempdir().unwrap();
    let pki = kubeadm(key_type);
    write(dir.path(), &pki);
    let out = etcdtls()
        .current_dir(dir.path())
        .args(["explain", ".", "--at", AT, "-o", format])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8(out.stdout).unwrap(), pki)
}

#[test]
fn kubeadm_pki_text_ecdsa() {
    let (text, pki) = explain_kubeadm(KeyType::EcdsaP256, "text");
    for line in private_key_lines(&pki) {
        assert!(!text.contains(&line), "private key material in the output");
    }
    assert!(!text.contains('\u{1b}'), "colour codes with NO_COLOR and a pipe");
    insta::with_settings!({filters => redactions()}, { insta::assert_snapshot!(text) });
}

/// The text is coloured only where colours are wanted, and the colours are all it adds: a
/// forced-colour run, stripped, is the plain run byte for byte; a pipe gets no escapes even
/// without `NO_COLOR`.
#[test]
fn text_colours_only_where_wanted() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &kubeadm(KeyType::EcdsaP256));
    let run = |vars: &[(&str, &str)]| {
        let mut cmd = etcdtls();
        cmd.env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR");
        cmd.env("TERM", "xterm-256color");
        for (k, v) in vars {
            cmd.env(k, v);
        }
        let out = cmd
            .current_dir(dir.path())
            .args(["explain", ".", "--at", AT])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let plain = run(&[("NO_COLOR", "1")]);
    let piped = run(&[]);
    let forced = run(&[("CLICOLOR_FORCE", "1")]);
    assert!(!plain.contains('\u{1b}'), "escapes with NO_COLOR");
    assert_eq!(piped, plain, "a pipe gets plain text");
    assert!(forced.contains("\u{1b}[1m"), "no colour with CLICOLOR_FORCE:\n{forced}");
    assert_eq!(anstream::adapter::strip_str(&forced).to_string(), plain);
}

#[test]
fn kubeadm_pki_text_rsa() {
    let (text, pki) = explain_kubeadm(KeyType::Rsa2048, "text");
    for line in private_key_lines(&pki) {
        assert!(!text.contains(&line), "private key material in the output");
    }
    insta::with_settings!({filters => redactions()}, { insta::assert_snapshot!(text) });
}

#[test]
fn kubeadm_pki_json_ecdsa() {
    let (json, pki) = explain_kubeadm(KeyType::EcdsaP256, "json");
    for line in private_key_lines(&pki) {
        assert!(!json.contains(&line), "private key material in the output");
    }
    let value: Value = serde_json::from_str(&json).unwrap();
    // The documented fields are there for every item.
    for item in value["items"].as_array().unwrap() {
        for field in [
            "id",
            "kind",
            "source",
            "role",
            "subject",
            "issuer",
            "not_before",
            "not_after",
            "sans",
            "issued_by",
            "key",
            "certificate",
            "explanation",
        ] {
            assert!(item.get(field).is_some(), "{field} missing in {item}");
        }
        if item["kind"] == "private-key" {
            assert!(item["pem"].is_null(), "a private key's PEM must never be output");
        }
    }
    insta::with_settings!({filters => redactions()}, { insta::assert_snapshot!(json) });
}

#[test]
fn kubeadm_pki_json_rsa_links_every_pair() {
    let (json, pki) = explain_kubeadm(KeyType::Rsa2048, "json");
    for line in private_key_lines(&pki) {
        assert!(!json.contains(&line), "private key material in the output");
    }
    let value: Value = serde_json::from_str(&json).unwrap();
    let items = value["items"].as_array().unwrap();
    let role = |id: &str| {
        items
            .iter()
            .find(|i| i["id"] == id)
            .map(|i| i["role"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };
    assert_eq!(role("pki/etcd/ca.crt"), "etcd-ca");
    assert_eq!(role("pki/etcd/server.key"), "etcd-server");
    assert_eq!(role("pki/etcd/peer.crt"), "etcd-peer");
    assert_eq!(role("pki/apiserver-etcd-client.crt"), "apiserver-etcd-client");
    assert_eq!(role("admin.conf#users[0].client-certificate-data"), "kube-admin");
    let apiserver_etcd = items
        .iter()
        .find(|i| i["id"] == "pki/apiserver-etcd-client.crt")
        .unwrap();
    assert_eq!(apiserver_etcd["issued_by"], "pki/etcd/ca.crt");
    assert_eq!(apiserver_etcd["key"], "pki/apiserver-etcd-client.key");
    assert_eq!(value["summary"]["errors"], 0, "{}", value["findings"]);
    let first = &value["connections"][0];
    assert_eq!(first["role"], "etcd-healthcheck-client");
    assert_eq!(first["endpoints"], "https://10.0.0.5:2379");
}

#[test]
fn markdown_output() {
    let (md, _) = explain_kubeadm(KeyType::EcdsaP256, "markdown");
    assert!(md.starts_with("# etcdtls report"));
    assert!(md.contains("| `pki/etcd/ca.crt` | certificate | `etcd-ca` |"));
    assert!(md.contains("## Connect to etcd"));
}

#[test]
fn write_out_flag_selects_json_like_etcdctl() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &kubeadm(KeyType::EcdsaP256));
    let out = etcdtls()
        .current_dir(dir.path())
        .args(["-w", "json", "explain", "pki/etcd/ca.crt"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["items"][0]["role"], "etcd-ca");
}

#[test]
fn check_exits_1_when_a_certificate_has_expired() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &kubeadm(KeyType::EcdsaP256));
    etcdtls()
        .current_dir(dir.path())
        .args(["explain", "pki", "--check", "--at", AT])
        .assert()
        .success();
    etcdtls()
        .current_dir(dir.path())
        .args(["explain", "pki", "--check", "--at", "2028-01-01T00:00:00Z"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "✗ error expired: pki/etcd/server.crt (etcd server certificate) expired on 2027-01-01",
        ))
        .stdout(predicate::str::contains("kubeadm certs renew etcd-server"));
    // Without --check the same report exits 0: it is information, not failure.
    etcdtls()
        .current_dir(dir.path())
        .args(["explain", "pki", "--at", "2028-01-01T00:00:00Z"])
        .assert()
        .success();
}

#[test]
fn warn_days_widens_the_expiry_window() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &kubeadm(KeyType::EcdsaP256));
    let run = |days: &str| {
        let out = etcdtls()
            .current_dir(dir.path())
            .args([
                "explain",
                "pki/etcd/server.crt",
                "--at",
                AT,
                "--warn-days",
                days,
                "-o",
                "json",
            ])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "expiring-soon")
    };
    assert!(!run("30"));
    assert!(run("365"));
}

#[test]
fn unreadable_path_exits_2_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("ok.crt"),
        &kubeadm(KeyType::EcdsaP256).files["pki/ca.crt"],
    )
    .unwrap();
    etcdtls()
        .current_dir(dir.path())
        .args(["explain", "missing.crt", "ok.crt"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("missing.crt: no such file or directory"))
        // The good file is still explained.
        .stdout(predicate::str::contains("ok.crt [kubernetes-ca]"));
}

#[test]
fn usage_errors_exit_2() {
    etcdtls().args(["explain", "--output", "yaml", "x"]).assert().code(2);
    etcdtls()
        .args(["explain", "--at", "yesterday", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("RFC 3339"));
}

#[test]
fn stdin_is_read_with_a_dash() {
    let pki = kubeadm(KeyType::EcdsaP256);
    let bundle = format!(
        "{}{}",
        pki.files["pki/etcd/ca.crt"], pki.files["pki/etcd/healthcheck-client.crt"]
    );
    etcdtls()
        .args(["explain", "-", "--at", AT])
        .write_stdin(bundle)
        .assert()
        .success()
        .stdout(predicate::str::contains("-#1"))
        .stdout(predicate::str::contains("[etcd-healthcheck-client]"));
}

/// Each kind of broken input gets an error that names it, and the good parts of the same
/// input are still read.
#[test]
fn malformed_inputs_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let pki = kubeadm(KeyType::EcdsaP256);
    let good = &pki.files["pki/etcd/ca.crt"];
    let body: Vec<&str> = good.lines().collect();
    let truncated = body[..body.len() / 2].join("\n");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.crt",
            truncated.into_bytes(),
            "truncated.crt line 1: \"-----BEGIN CERTIFICATE-----\" has no matching END line (is the text cut off?)",
        ),
        (
            "badbase64.crt",
            good.replace("MII", "M*I").into_bytes(),
            "badbase64.crt line 1: the CERTIFICATE block is not valid base64",
        ),
        (
            "wrongheader.crt",
            good.replace("END CERTIFICATE", "END PRIVATE KEY").into_bytes(),
            "wrongheader.crt line 1: \"-----BEGIN CERTIFICATE-----\" ends with \"-----END PRIVATE KEY-----\"",
        ),
        (
            "junk.bin",
            vec![0x00, 0xff, 0x13, 0x37, 0x00, 0x42],
            "junk.bin: binary data that is not DER",
        ),
        ("empty.crt", Vec::new(), "empty.crt: the input is empty"),
        (
            "huge.crt",
            vec![b'A'; etcdtls_core::limits::MAX_INPUT_BYTES + 10],
            "huge.crt: 4194305 bytes is more than the 4194304-byte limit",
        ),
        (
            "notcert.crt",
            b"hello, this is a letter".to_vec(),
            "notcert.crt: no certificate, key, CSR, CRL, kubeconfig, Secret or etcd configuration found",
        ),
        (
            "broken.yaml",
            b"apiVersion: v1\nkind: Secret\ndata: [\n".to_vec(),
            "broken.yaml line",
        ),
        (
            "bad-der-in-pem.crt",
            b"-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n".to_vec(),
            "bad-der-in-pem.crt line 1: certificate is malformed",
        ),
    ];
    let mut mixed = b"-----BEGIN CERTIFICATE-----\nAAAA*\n-----END CERTIFICATE-----\n".to_vec();
    mixed.extend_from_slice(good.as_bytes());
    fs::write(dir.path().join("mixed.pem"), mixed).unwrap();
    let mut args = vec!["explain".to_string(), "mixed.pem".into()];
    for (name, bytes, _) in &cases {
        fs::write(dir.path().join(name), bytes).unwrap();
        args.push((*name).to_string());
    }
    let out = etcdtls()
        .current_dir(dir.path())
        .args(&args)
        .arg("--check")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "--check fails on unreadable inputs\n{text}");
    for (_, _, expected) in &cases {
        assert!(text.contains(expected), "expected {expected:?} in\n{text}");
    }
    assert!(
        text.contains("mixed.pem#1 line 1: the CERTIFICATE block is not valid base64"),
        "{text}"
    );
    assert!(
        text.contains("── mixed.pem#2 [etcd-ca]"),
        "the good block of mixed.pem is still explained\n{text}"
    );
}

#[test]
fn folders_skip_unrelated_files_quietly() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &kubeadm(KeyType::EcdsaP256));
    fs::write(dir.path().join("pki/README"), "notes about this folder").unwrap();
    // openssl's serial file beside a CA (`openssl x509 -req -CAcreateserial`): hex text.
    fs::write(
        dir.path().join("pki/ca.srl"),
        "3B9F1C2D4E5F60718293A4B5C6D7E8F901234567\n",
    )
    .unwrap();
    etcdtls()
        .current_dir(dir.path())
        .args(["explain", "pki", "--check", "--at", AT])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Skipped 2 files with no certificates, keys or configuration: pki/README, pki/ca.srl",
        ));
}

/// A certificate's names are anyone's text: in Markdown they print as written, never as
/// emphasis, links or HTML, and an id with backticks stays one code span.
#[test]
fn markdown_escapes_names_from_certificates() {
    let now = time::OffsetDateTime::now_utc();
    let ca = etcdtls_pki::Ca::new(
        "*ca* <img src=x onerror=alert(1)>",
        KeyType::EcdsaP256,
        now,
        now + time::Duration::days(30),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("we`ird.crt"), &ca.pair.cert_pem).unwrap();
    let out = etcdtls()
        .current_dir(dir.path())
        .args(["explain", "-o", "markdown", "we`ird.crt"])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    // Every `<` escaped, so no HTML reaches a renderer.
    assert!(md.match_indices('<').all(|(i, _)| md[..i].ends_with('\\')), "{md}");
    assert!(md.contains("\\*ca\\* \\<img src=x onerror=alert(1)\\>"), "{md}");
    assert!(md.contains("| ``we`ird.crt`` |"), "{md}");
}

/// The fix for an expired CA whose key is at hand extends it in place: run as given, the
/// re-signed CA has new dates and still verifies everything the old one signed (ours and
/// openssl's verdict).
#[test]
fn an_expired_ca_is_extended_with_its_own_key_and_its_leaves_still_verify() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &kubeadm(KeyType::EcdsaP256));
    let out = etcdtls()
        .current_dir(dir.path())
        .args(["explain", "pki/etcd", "-o", "json", "--at", "2037-01-01T00:00:00Z"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let fix = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "expired" && f["items"][0] == "pki/etcd/ca.crt")
        .and_then(|f| f["fix"].as_str())
        .expect("an expired etcd CA")
        .to_string();
    assert!(
        fix.contains("kubeadm's \"Manual rotation of CA certificates\""),
        "{fix}"
    );
    let command = fix.split('`').nth(1).expect("a command in backquotes");
    assert!(
        command.starts_with("openssl x509 -in pki/etcd/ca.crt -signkey pki/etcd/ca.key -days 3650 "),
        "{command}"
    );
    let ran = std::process::Command::new("sh")
        .args(["-c", command])
        .current_dir(dir.path())
        .output()
        .expect("sh and the `openssl` binary are needed for this test: apt-get install openssl");
    assert!(ran.status.success(), "{}", String::from_utf8_lossy(&ran.stderr));
    let renewed = fs::read_to_string(dir.path().join("pki/etcd/ca.crt.new")).unwrap();
    // Replaced as the fix says: the old CA gone, the new one in its place, read at 2037.
    fs::write(dir.path().join("pki/etcd/ca.crt"), renewed).unwrap();
    let out = etcdtls()
        .current_dir(dir.path())
        .args([
            "explain",
            "pki/etcd/ca.crt",
            "pki/etcd/server.crt",
            "-o",
            "json",
            "--at",
            "2026-06-01T00:00:00Z",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let server = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "pki/etcd/server.crt")
        .unwrap();
    assert_eq!(server["issued_by"], "pki/etcd/ca.crt", "{server}");
    // The re-signed CA starts today and the leaf was minted in 2026: the chain without dates.
    let verify = std::process::Command::new("openssl")
        .args([
            "verify",
            "-no_check_time",
            "-CAfile",
            "pki/etcd/ca.crt",
            "pki/etcd/server.crt",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
}

/// kubeadm's renewal is followed by what uses the file: the static pods for the server
/// certificates, ~/.kube/config for admin.conf, which no pod uses.
#[test]
fn renewal_fixes_say_what_to_restart_or_copy() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &kubeadm(KeyType::EcdsaP256));
    let out = etcdtls()
        .current_dir(dir.path())
        .args(["explain", ".", "-o", "json", "--at", "2027-06-01T00:00:00Z"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let fix = |item: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == "expired" && f["items"][0] == item)
            .and_then(|f| f["fix"].as_str())
            .unwrap_or_else(|| panic!("{item} expired"))
            .to_string()
    };
    let admin = fix("admin.conf#users[0].client-certificate-data");
    assert!(
        admin.contains("kubeadm certs renew admin.conf") && admin.contains("~/.kube/config"),
        "{admin}"
    );
    assert!(!admin.contains("static pods"), "{admin}");
    let server = fix("pki/etcd/server.crt");
    assert!(server.contains("restart the static pods that use it"), "{server}");
}

/// A private key whose public half is neither in the file nor computed (OpenSSL's PKCS#8 Ed448
/// key) had no Details line at all; it says why it pairs with nothing.
#[test]
fn a_key_whose_public_half_is_not_computed_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("openssl")
        .args(["genpkey", "-algorithm", "ed448", "-out", "ed448.key"])
        .current_dir(dir.path())
        .status()
        .expect("the `openssl` binary is needed for this test: apt-get install openssl");
    assert!(status.success());
    etcdtls()
        .current_dir(dir.path())
        .args(["explain", "--at", AT, "ed448.key"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Private key (Ed448, PKCS#8) — key of unknown purpose"))
        .stdout(predicate::str::contains(
            "Details     PKCS#8; its public half is not in the file and not computed here, so whether a certificate goes with it is not checked",
        ))
        // Not "no certificate": whether one goes with it is unknown here.
        .stdout(predicate::str::is_match(r"ed448\.key\s+private-key\s+unknown\s+-\s+-\s+not checked").unwrap());
}
