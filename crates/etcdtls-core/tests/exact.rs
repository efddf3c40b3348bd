//! Statements `explain` makes that were wrong or missing, each against what OpenSSL and Go's
//! crypto/x509 (etcd, etcdctl, Kubernetes) really do with the input: certificates made here
//! with rcgen, or with the `openssl` binary where rcgen cannot make them (version 1 certificates,
//! bare EC parameters).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use etcdtls_core::finding::{Finding, FindingId};
use etcdtls_core::{Input, Options, Report, analyze};
use rcgen::{BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use time::macros::datetime;

fn key() -> KeyPair {
    KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap()
}

fn params(cn: &str, ca: bool) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = DistinguishedName::new();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.not_before = datetime!(2026-01-01 00:00 UTC);
    p.not_after = datetime!(2030-01-01 00:00 UTC);
    p.use_authority_key_identifier_extension = true;
    if ca {
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    } else {
        p.is_ca = IsCa::ExplicitNoCa;
    }
    p
}

fn report(files: &[(&str, String)]) -> Report {
    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    analyze(&inputs, &Options::at(datetime!(2026-06-01 00:00 UTC)))
}

fn findings(report: &Report, id: FindingId) -> Vec<&Finding> {
    report.findings.iter().filter(|f| f.id == id).collect()
}

#[test]
fn a_key_shared_by_three_certificates_gets_a_fix_for_two_of_them() {
    let (ca_key, shared) = (key(), key());
    let ca_params = params("etcd-ca", true);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::from_params(&ca_params, &ca_key);
    let mut files = vec![("ca.crt", ca.pem())];
    for name in ["a.crt", "b.crt", "c.crt"] {
        let cert = params(name.trim_end_matches(".crt"), false).signed_by(&shared, &issuer).unwrap();
        files.push((name, cert.pem()));
    }
    let report = report(&files);
    let shared = findings(&report, FindingId::SharedKey);
    assert_eq!(shared.len(), 1, "{:#?}", report.findings);
    // Reissuing c.crt alone would leave a.crt and b.crt sharing.
    assert_eq!(
        shared[0].fix,
        "Reissue b.crt and c.crt each with a new key of its own, and restart what uses them."
    );
}

#[test]
fn an_end_before_the_start_is_never_valid_not_expired() {
    let ca_key = key();
    let mut p = params("etcd-ca", true);
    // Both in the past of the evaluation time, so a bare "expired" would have been said.
    p.not_before = datetime!(2026-03-01 00:00 UTC);
    p.not_after = datetime!(2026-02-01 00:00 UTC);
    let ca = p.self_signed(&ca_key).unwrap();
    let report = report(&[("ca.crt", ca.pem())]);
    let expired = findings(&report, FindingId::Expired);
    assert_eq!(expired.len(), 1, "{:#?}", report.findings);
    assert!(
        expired[0].message.contains(") is never valid: it ends on 2026-02-01")
            && expired[0].message.contains("before it begins on 2026-03-01"),
        "{}",
        expired[0].message
    );
    assert!(!expired[0].message.contains("expired on"), "{}", expired[0].message);
    assert!(!expired[0].fix.contains("-signkey"), "{}", expired[0].fix);
}

/// Runs `openssl` with `args` in `dir`, failing the test when it fails.
fn openssl(dir: &std::path::Path, args: &[&str]) {
    let out = std::process::Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the `openssl` binary is needed for this test: apt-get install openssl");
    assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A fresh directory for one test's openssl files.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("etcdtls-exact-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn read(dir: &std::path::Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn a_version_1_self_signed_root_is_a_root_ca_and_what_it_signed_is_accepted() {
    // An old hand-made PKI: `openssl x509 -req -signkey` without -extfile makes a version 1
    // root (no extensions, so no CA:TRUE), and it signs an etcd server certificate. etcd
    // 3.4.23 (Go 1.19.8) serves with such a server certificate and etcdctl, given the root as
    // --cacert, connects: Go asks CA-ness only of intermediates (verify.go isValid).
    let dir = scratch("v1");
    openssl(&dir, &["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-subj", "/CN=Old Root", "-out", "ca.csr"]);
    openssl(&dir, &["x509", "-req", "-in", "ca.csr", "-signkey", "ca.key", "-days", "3650", "-out", "ca.crt"]);
    std::fs::write(dir.join("san.cnf"), "[s]\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n").unwrap();
    openssl(&dir, &["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-subj", "/CN=node-1", "-out", "server.csr"]);
    openssl(&dir, &[
        "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-set_serial", "5", "-days", "365",
        "-extfile", "san.cnf", "-extensions", "s", "-out", "server.crt",
    ]);
    let files = [("ca.crt", read(&dir, "ca.crt")), ("server.crt", read(&dir, "server.crt"))];
    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    let report = analyze(&inputs, &Options::at(time::OffsetDateTime::now_utc()));
    let _ = std::fs::remove_dir_all(&dir);
    let ca = report.items.iter().find(|i| i.id.0 == "ca.crt").unwrap();
    let etcdtls_core::model::ItemBody::Certificate(cert) = &ca.body else { panic!() };
    assert_eq!(cert.version, 1);
    assert!(cert.is_v1_root() && cert.is_ca());
    assert_eq!(ca.role, etcdtls_core::role::Role::RootCa, "{:?}", ca.role_reasons);
    assert!(ca.role_reasons[0].contains("version 1"), "{:?}", ca.role_reasons);
    assert!(findings(&report, FindingId::SelfSignedLeaf).is_empty(), "{:#?}", report.findings);
    let server = report.items.iter().find(|i| i.id.0 == "server.crt").unwrap();
    let explained = etcdtls_core::explain::explain(&report, server);
    assert!(
        explained.issued_by.ends_with("its signature checks out.") && !explained.issued_by.contains("refuse"),
        "{}",
        explained.issued_by
    );
}
