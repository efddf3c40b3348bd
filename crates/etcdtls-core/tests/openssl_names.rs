//! Distinguished names as OpenSSL prints them: every subject and issuer of the system CA
//! bundle, and names crafted with odd values, compared with the real `openssl x509` output.
//!
//! These tests need the `openssl` binary and the Debian/Ubuntu CA bundle
//! (`apt-get install openssl ca-certificates`). They fail, not skip, when either is missing:
//! a comparison that silently does not run proves nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// This test is a host, as the CLI is: it reads the bundle and runs openssl to have something
// to compare with. The core it tests still does neither.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::io::Write;
use std::process::{Command, Stdio};

use etcdtls_core::json::to_pem;
use etcdtls_core::model::ItemBody;
use etcdtls_core::{Input, Options, analyze};
use rcgen::{CertificateParams, DistinguishedName, DnType, DnValue, KeyPair};

const BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// OpenSSL's subject and issuer for a DER certificate, as it prints them by default.
fn openssl_names(der: &[u8]) -> (String, String) {
    let mut child = Command::new("openssl")
        .args(["x509", "-inform", "DER", "-noout", "-subject", "-issuer"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the `openssl` binary is needed for this test: apt-get install openssl");
    child.stdin.take().unwrap().write_all(der).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "openssl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("openssl printed ASCII (it escapes every other byte)");
    let mut subject = None;
    let mut issuer = None;
    for line in text.lines() {
        if let Some(s) = line.strip_prefix("subject=") {
            subject = Some(s.to_string());
        } else if let Some(s) = line.strip_prefix("issuer=") {
            issuer = Some(s.to_string());
        }
    }
    (subject.expect("a subject line"), issuer.expect("an issuer line"))
}

/// Every certificate in a PEM text, with etcdtls's subject and issuer text.
fn ours(pem: &[u8]) -> Vec<(Vec<u8>, String, String)> {
    let report = analyze(
        &[Input::new("bundle.pem", pem)],
        &Options::at(time::OffsetDateTime::UNIX_EPOCH),
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report
        .items
        .iter()
        .filter_map(|item| match &item.body {
            ItemBody::Certificate(c) => Some((c.der.clone(), c.subject.text.clone(), c.issuer.text.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn every_name_in_the_system_ca_bundle_reads_as_openssl_prints_it() {
    let bundle = std::fs::read(BUNDLE)
        .unwrap_or_else(|e| panic!("{BUNDLE}: {e}; this test needs it: apt-get install ca-certificates"));
    let certificates = ours(&bundle);
    assert!(
        certificates.len() >= 100,
        "only {} certificates in {BUNDLE}",
        certificates.len()
    );
    let mut differences = Vec::new();
    for (der, subject, issuer) in &certificates {
        let (want_subject, want_issuer) = openssl_names(der);
        if *subject != want_subject {
            differences.push(format!("subject\n  ours:    {subject}\n  openssl: {want_subject}"));
        }
        if *issuer != want_issuer {
            differences.push(format!("issuer\n  ours:    {issuer}\n  openssl: {want_issuer}"));
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {} names differ from OpenSSL's:\n{}",
        differences.len(),
        certificates.len() * 2,
        differences.join("\n")
    );
}

/// A self-signed certificate whose subject (and so issuer) is `dn`.
fn certificate_named(dn: DistinguishedName) -> Vec<u8> {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::default();
    params.distinguished_name = dn;
    params.self_signed(&key).unwrap().der().to_vec()
}

#[test]
fn crafted_names_read_as_openssl_prints_them() {
    // rcgen keeps one value per attribute type, so each odd value gets its own type.
    let oid = |arc: u64| DnType::CustomDnType(vec![2, 5, 4, arc]);
    let mut odd_values: Vec<(DnType, DnValue)> = vec![
        (DnType::CommonName, DnValue::Utf8String("#hash, comma + plus".into())),
        (
            DnType::OrganizationName,
            DnValue::Utf8String(" spaces at both ends ".into()),
        ),
        (
            DnType::OrganizationalUnitName,
            DnValue::Utf8String("quote\" back\\slash <angle> semi; equals=".into()),
        ),
        (
            DnType::LocalityName,
            DnValue::Utf8String("tab\tnewline\nnul\0del\u{7f}".into()),
        ),
        (DnType::StateOrProvinceName, DnValue::Utf8String("Zürich ☃ 𝄞".into())),
        (oid(12), DnValue::BmpString(bmp("Ærø Ω"))),
        (oid(13), DnValue::UniversalString(universal("😀 emoji"))),
        // Patched below to hold a Latin-1 byte, as old T61String names do.
        (oid(41), DnValue::TeletexString("MQnchen".try_into().unwrap())),
        (oid(42), DnValue::Ia5String("#".try_into().unwrap())),
        (oid(43), DnValue::Utf8String(" ".into())),
        (oid(44), DnValue::Ia5String("mail@example.com".try_into().unwrap())),
        (oid(46), DnValue::Utf8String("".into())),
        (oid(97), DnValue::Utf8String("VATDE-123456789".into())),
        (oid(5), DnValue::PrintableString("12345".try_into().unwrap())),
        (oid(9), DnValue::Utf8String("1 Main Street".into())),
        (
            DnType::CustomDnType(vec![0, 9, 2342, 19200300, 100, 1, 1]),
            DnValue::Utf8String("jdoe".into()),
        ),
        (
            DnType::CustomDnType(vec![0, 9, 2342, 19200300, 100, 1, 25]),
            DnValue::Ia5String("example".try_into().unwrap()),
        ),
        (
            DnType::CustomDnType(vec![1, 2, 840, 113549, 1, 9, 1]),
            DnValue::Ia5String("a@b.c".try_into().unwrap()),
        ),
        (
            DnType::CustomDnType(vec![1, 3, 6, 1, 4, 1, 311, 60, 2, 1, 3]),
            DnValue::PrintableString("DE".try_into().unwrap()),
        ),
        (
            DnType::CustomDnType(vec![1, 2, 3, 4, 5]),
            DnValue::Utf8String("an OID OpenSSL does not know".into()),
        ),
    ];
    // rcgen writes one attribute per RDN, in the order pushed.
    let mut dn = DistinguishedName::new();
    for (ty, value) in odd_values.drain(..) {
        dn.push(ty, value);
    }
    let mut der = certificate_named(dn);
    // The signature no longer matches; neither OpenSSL's printing nor ours checks it.
    let at = der.windows(7).position(|w| w == b"MQnchen").unwrap();
    der[at + 1] = 0xfc;
    let pem = to_pem("CERTIFICATE", &der);
    let (_, subject, issuer) = ours(pem.as_bytes()).remove(0);
    let (want_subject, want_issuer) = openssl_names(&der);
    assert_eq!(subject, want_subject);
    assert_eq!(issuer, want_issuer);
}

#[test]
fn multi_valued_rdns_read_as_openssl_prints_them() {
    // rcgen cannot make a multi-valued RDN; OpenSSL can, and then prints it.
    let dir = std::env::temp_dir().join(format!("etcdtls-mvrdn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (key, crt) = (dir.join("k.pem"), dir.join("c.der"));
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-days",
            "1",
        ])
        .args([
            "-multivalue-rdn",
            "-subj",
            "/O=etcd+OU=ops+CN=a\\, b/DC=example/CN=member",
        ])
        .args(["-outform", "DER", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&crt)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the `openssl` binary is needed for this test: apt-get install openssl");
    assert!(status.success());
    let der = std::fs::read(&crt).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let (_, subject, issuer) = ours(to_pem("CERTIFICATE", &der).as_bytes()).remove(0);
    let (want_subject, want_issuer) = openssl_names(&der);
    assert!(want_subject.contains(" + "), "{want_subject}");
    assert_eq!(subject, want_subject);
    assert_eq!(issuer, want_issuer);
}

fn bmp(s: &str) -> rcgen::string::BmpString {
    let bytes: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
    rcgen::string::BmpString::from_utf16be(bytes).unwrap()
}

fn universal(s: &str) -> rcgen::string::UniversalString {
    let bytes: Vec<u8> = s.chars().flat_map(|c| u32::from(c).to_be_bytes()).collect();
    rcgen::string::UniversalString::from_utf32be(bytes).unwrap()
}
