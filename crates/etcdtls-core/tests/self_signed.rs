//! Which self-issued certificates (subject and issuer the same name) are roots.
//!
//! A CA with no authority key identifier, or its own, is a root as OpenSSL decides its
//! "self-signed" flag: no signature arithmetic, as no TLS library checks a trust anchor's own
//! signature. Everything else self-issued is a root only when its own key verifies its
//! signature, so a server certificate named like its CA, or a CA naming another key, is linked
//! to the CA that signed it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use etcdtls_core::finding::FindingId;
use etcdtls_core::json::to_pem;
use etcdtls_core::model::{ItemBody, ItemId};
use etcdtls_core::{Input, Options, Report, analyze};
use rcgen::{BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyIdMethod, KeyPair};
use time::macros::datetime;

fn key() -> KeyPair {
    KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap()
}

fn params(cn: &str, ca: bool, key_ids: bool) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = DistinguishedName::new();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.not_before = datetime!(2026-01-01 00:00 UTC);
    p.not_after = datetime!(2030-01-01 00:00 UTC);
    p.key_identifier_method = KeyIdMethod::Sha256;
    p.use_authority_key_identifier_extension = key_ids;
    p.is_ca = if ca {
        IsCa::Ca(BasicConstraints::Unconstrained)
    } else {
        IsCa::ExplicitNoCa
    };
    p
}

fn report(files: &[(&str, String)]) -> Report {
    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    let report = analyze(&inputs, &Options::at(datetime!(2026-06-01 00:00 UTC)));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report
}

/// The item read from `path`: whether it is self-signed, and the path of its issuer.
fn facts(report: &Report, path: &str) -> (bool, Option<String>) {
    let item = report.items.iter().find(|i| i.source.path == path).expect(path);
    let ItemBody::Certificate(cert) = &item.body else {
        panic!("{path} is not a certificate")
    };
    let issuer = item.issued_by.as_ref().map(|id: &ItemId| {
        let issuer = report.items.iter().find(|i| &i.id == id).unwrap();
        issuer.source.path.clone()
    });
    (cert.self_signed, issuer)
}

/// The PEM with one byte of the signature changed: the certificate still parses.
fn with_broken_signature(der: &[u8]) -> String {
    let mut der = der.to_vec();
    let last = der.len() - 1;
    der[last] ^= 0x01;
    to_pem("CERTIFICATE", &der)
}

#[test]
fn a_root_is_taken_for_its_name_and_key_as_tls_libraries_do() {
    let root_key = key();
    let root = params("etcd-ca", true, true).self_signed(&root_key).unwrap();
    // A root whose signature was damaged is still a root: etcd (Go), OpenSSL and rustls would
    // all still trust it as an anchor, so calling it anything else would mislead.
    let report = report(&[
        ("ca.crt", root.pem()),
        ("damaged-ca.crt", with_broken_signature(root.der())),
    ]);
    assert_eq!(facts(&report, "ca.crt"), (true, None));
    assert_eq!(facts(&report, "damaged-ca.crt"), (true, None));
    let roles: Vec<&str> = report.items.iter().map(|i| i.role.id()).collect();
    assert!(roles.iter().all(|r| *r == "etcd-ca"), "{roles:?}");
}

#[test]
fn a_leaf_named_like_its_ca_is_linked_not_self_signed() {
    // Old tools set no key identifiers: a CA called "etcd" and a server certificate called
    // "etcd" look self-issued; only the signature tells them apart.
    let ca_key = key();
    let ca_params = params("etcd", true, false);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::from_params(&ca_params, &ca_key);
    let server = params("etcd", false, false).signed_by(&key(), &issuer).unwrap();
    let report = report(&[("ca.pem", ca.pem()), ("server.pem", server.pem())]);
    assert_eq!(facts(&report, "ca.pem"), (true, None));
    assert_eq!(facts(&report, "server.pem"), (false, Some("ca.pem".to_string())));
    assert!(
        !report.findings.iter().any(|f| f.id == FindingId::SelfSignedLeaf),
        "{:?}",
        report.findings
    );

    // Alone, the server certificate is not mistaken for a self-signed leaf either.
    let alone = self::report(&[("server.pem", server.pem())]);
    assert_eq!(facts(&alone, "server.pem"), (false, None));
}

#[test]
fn a_leaf_that_signed_itself_is_still_found() {
    let leaf_key = key();
    let leaf = params("etcd", false, false).self_signed(&leaf_key).unwrap();
    let report = report(&[("server.pem", leaf.pem())]);
    assert_eq!(facts(&report, "server.pem"), (true, None));
    assert!(report.findings.iter().any(|f| f.id == FindingId::SelfSignedLeaf));
}

#[test]
fn a_ca_naming_another_key_is_linked_to_it() {
    // An intermediate with its root's name, whose authority key identifier names the root's
    // key: self-issued, not self-signed.
    let root_key = key();
    let root_params = params("cluster-ca", true, true);
    let root = root_params.self_signed(&root_key).unwrap();
    let issuer = Issuer::from_params(&root_params, &root_key);
    let intermediate = params("cluster-ca", true, true).signed_by(&key(), &issuer).unwrap();
    let report = report(&[("root.crt", root.pem()), ("intermediate.crt", intermediate.pem())]);
    assert_eq!(facts(&report, "root.crt"), (true, None));
    assert_eq!(
        facts(&report, "intermediate.crt"),
        (false, Some("root.crt".to_string()))
    );
}
