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

/// Two certificates made as etcd's `--auto-tls` makes them (transport.SelfCert: `O=etcd`, CA:FALSE,
/// serverAuth, a P-521 key, SHA-512), here by `openssl req -x509 -newkey ec -pkeyopt
/// ec_paramgen_curve:P-521 -subj /O=etcd`, as rcgen cannot sign with P-521.
const AUTO_TLS_A: &str = "-----BEGIN CERTIFICATE-----\nMIICHjCCAX+gAwIBAgIUT5OrnL8voeMohey4wXAalvVat5cwCgYIKoZIzj0EAwQw\nDzENMAsGA1UECgwEZXRjZDAeFw0yNjEyMDcxMDQxMjJaFw0yNzEyMDcxMDQxMjJa\nMA8xDTALBgNVBAoMBGV0Y2QwgZswEAYHKoZIzj0CAQYFK4EEACMDgYYABAHek0Nr\ncBV4whvdT6S4bhW3+tX7mCzML58XvJdy/nvkc6xzDEJzyIQkOEire+a4SWQwwTCN\n0pfvv79EY0SXcYO43wD5Cb3VB0oo4WcSVxGyrQu68XoV0Eq5L0MKHR48Ebsqaygf\nT/Ugwu9sQuj42IJTIEl+E5FEUi4M1HlveHhqptmBhKN2MHQwHQYDVR0OBBYEFMNg\n00CwINY5MNVwdU7hStxAtvF1MB8GA1UdIwQYMBaAFMNg00CwINY5MNVwdU7hStxA\ntvF1MAwGA1UdEwEB/wQCMAAwEwYDVR0lBAwwCgYIKwYBBQUHAwEwDwYDVR0RBAgw\nBocEAAAAADAKBggqhkjOPQQDBAOBjAAwgYgCQgF86iZxeXiS+NTR4fr96RQG7TqL\nSb26uPpLXhUquR0fj9pMBSF2d/+KTrB9+sO3uroY5eb3FGVdMcsZUSMXlj3NJAJC\nAem3ceBBYBdOEsX9nWJHzC2QGC6ri9T5ZAjumqjqHJ8rRE5Suqbb7fz9ZxgKg2x9\nJpOFRaGNIPDpuhwRT1QmuRjh\n-----END CERTIFICATE-----\n";
const AUTO_TLS_B: &str = "-----BEGIN CERTIFICATE-----\nMIICHTCCAX+gAwIBAgIUVNLojaK/STXmaq8e5uhIFmtWx4UwCgYIKoZIzj0EAwQw\nDzENMAsGA1UECgwEZXRjZDAeFw0yNjEyMDcxMDQxMjJaFw0yNzEyMDcxMDQxMjJa\nMA8xDTALBgNVBAoMBGV0Y2QwgZswEAYHKoZIzj0CAQYFK4EEACMDgYYABADzRteG\ntMzbjM5NEJurQo3e8w9gEcndBUSflsTIAW1TJt8b3LAUzIrFVrcuii/Hr6RZ3+w5\nTiF+vZayUyeQKalhPQBCLl7DkkyRBiu8LJF3irR3PJF+bE9WiSmon3oN6In92tpH\n9r955oM6LOXQE+3oHvJJufDd4wp+jGCNgV3rv1kNiKN2MHQwHQYDVR0OBBYEFKq/\nwJQRlFssKSzOwfxqxs3ss0YeMB8GA1UdIwQYMBaAFKq/wJQRlFssKSzOwfxqxs3s\ns0YeMAwGA1UdEwEB/wQCMAAwEwYDVR0lBAwwCgYIKwYBBQUHAwEwDwYDVR0RBAgw\nBocEAAAAADAKBggqhkjOPQQDBAOBiwAwgYcCQgFGpVj0+WBOytVjSu0qGyVIqt0r\nNsPnYRkF3/fYN7zJ7J8kjBLw7jwY6ex4A9mBCLGNTjnJ4AK2J4hh9XnoZ4tKDQJB\nLdUYpItk3s01Cwjv4JuWZVaLhoNXmxFZIEPCDDYSKPlNT+9vHEC2kd3EHYLpztm/\nZiaFSwA2sIfEVOC2eeV7+zg=\n-----END CERTIFICATE-----\n";

#[test]
fn auto_tls_certificates_of_one_name_are_each_self_signed_not_linked_to_each_other() {
    let report = report(&[
        ("client/cert.pem", AUTO_TLS_A.into()),
        ("peer/cert.pem", AUTO_TLS_B.into()),
    ]);
    for item in &report.items {
        let ItemBody::Certificate(c) = &item.body else {
            panic!("{:?}", item.id)
        };
        assert!(c.self_signed, "{} is signed by its own P-521 key", item.id);
        assert_eq!(item.issued_by, None, "{}", item.id);
    }
    assert!(
        report.findings.iter().all(|f| f.id != FindingId::UnverifiableSignature),
        "{:#?}",
        report.findings
    );
}

/// etcd 3.6's auto-TLS certificate: as 3.5's, but CA:TRUE with cRLSign (SelfCert sets `IsCA`),
/// made here by `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-521 -subj /O=etcd
/// -addext basicConstraints=critical,CA:TRUE -addext
/// keyUsage=critical,digitalSignature,keyEncipherment,cRLSign -addext extendedKeyUsage=serverAuth
/// -addext subjectAltName=IP:127.0.0.1`.
const AUTO_TLS_36: &str = "-----BEGIN CERTIFICATE-----\nMIICMjCCAZSgAwIBAgIUUzz1GnsECR4Oc+LEtLy8KEjX4HQwCgYIKoZIzj0EAwQw\nDzENMAsGA1UECgwEZXRjZDAeFw0yNjEyMDcxMzI5NTVaFw0yNzEyMDcxMzI5NTVa\nMA8xDTALBgNVBAoMBGV0Y2QwgZswEAYHKoZIzj0CAQYFK4EEACMDgYYABABeoAh4\nW2VcgisM6KxapwiqpmzYP6IOLK2aRfQbsqDZBH+swF/Q1pzCec1WR/eMx82oPh6w\nJXlbVvj02jxfSUTbPQDt0SkGgxhrDELq1NhKLGx5WntcoWUF+CNTiunJLkH/owKJ\nW9iZaNNO6jDUOpbmYAMsa35ycmWMS8Xf6VZQARB4oqOBijCBhzAdBgNVHQ4EFgQU\nuulRQY0m+gFf7YoSRGshz0Aq1PMwHwYDVR0jBBgwFoAUuulRQY0m+gFf7YoSRGsh\nz0Aq1PMwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAaIwEwYDVR0lBAww\nCgYIKwYBBQUHAwEwDwYDVR0RBAgwBocEfwAAATAKBggqhkjOPQQDBAOBiwAwgYcC\nQUrl9jUVR0r35Yy1NfjQlGBezyVgWpOiRkYr/QXZwgDTi1SgLvhaoG0HPc1an06H\nEZf69jjfuP7oHu2V38pDFSqvAkIBLoPlV1CBENhHFOaPG6Bs1qgOu0Z6VP50Pbfj\nRXJvKfwsGVlPppNSnLF3/BN4VpWghIGlSEKBL7oKiQeFgZ1mR3o=\n-----END CERTIFICATE-----\n";

#[test]
fn auto_tls_certificates_are_named_by_where_etcd_writes_them_and_flagged_as_auto_tls() {
    let report = report(&[
        ("default.etcd/fixtures/client/cert.pem", AUTO_TLS_A.into()),
        ("default.etcd/fixtures/peer/cert.pem", AUTO_TLS_B.into()),
        ("m1.etcd/fixtures/peer/cert.pem", AUTO_TLS_36.into()),
    ]);
    let role = |path: &str| {
        let item = report.items.iter().find(|i| i.source.path == path).expect(path);
        (item.role.id(), item.role_reasons.join("; "))
    };
    assert_eq!(role("default.etcd/fixtures/client/cert.pem").0, "etcd-server");
    assert_eq!(role("default.etcd/fixtures/peer/cert.pem").0, "etcd-peer");
    let (peer36, why) = role("m1.etcd/fixtures/peer/cert.pem");
    assert_eq!(peer36, "etcd-peer", "{why}");
    assert!(why.contains("auto-TLS"), "{why}");
    let ids: Vec<FindingId> = report.findings.iter().map(|f| f.id).collect();
    // Self-signed by design: said once, as auto-TLS, not as a leaf to reissue from a CA, nor a
    // peer certificate lacking clientAuth (etcd asks auto-TLS peers for none).
    assert_eq!(
        ids.iter().filter(|&&f| f == FindingId::AutoTls).count(),
        3,
        "{:#?}",
        report.findings
    );
    for not in [
        FindingId::SelfSignedLeaf,
        FindingId::LeafClaimsCa,
        FindingId::CaWithoutKeyCertSign,
        FindingId::MissingClientAuth,
    ] {
        assert!(!ids.contains(&not), "{not:?}: {:#?}", report.findings);
    }
    let client = report.findings.iter().find(|f| f.id == FindingId::AutoTls).unwrap();
    assert!(
        client.message.contains("--auto-tls:") && client.message.contains("skip verification"),
        "{}",
        client.message
    );
}
