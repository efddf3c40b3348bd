//! A certificate signing request's requested extensions read as a certificate's do.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use etcdtls_core::model::{ExtendedKeyUsage, ItemBody};
use etcdtls_core::{Input, Options, analyze};
use rcgen::{CertificateParams, ExtendedKeyUsagePurpose, KeyPair};
use time::macros::datetime;

/// What a request asks for is what the certificate made from it would say: every extended key
/// usage, not only TLS server and client.
#[test]
fn a_request_lists_every_extended_key_usage_its_certificate_would() {
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec!["etcd-0.example".to_string()]).unwrap();
    params.extended_key_usages = vec![
        ExtendedKeyUsagePurpose::ServerAuth,
        ExtendedKeyUsagePurpose::ClientAuth,
        ExtendedKeyUsagePurpose::Any,
        ExtendedKeyUsagePurpose::CodeSigning,
        ExtendedKeyUsagePurpose::OcspSigning,
        ExtendedKeyUsagePurpose::Other(vec![1, 3, 6, 1, 5, 5, 7, 3, 17]),
    ];
    let csr = params.serialize_request(&key).unwrap().pem().unwrap();
    let cert = params.self_signed(&key).unwrap().pem();
    let inputs = [
        Input::new("etcd.csr", csr.as_bytes()),
        Input::new("etcd.crt", cert.as_bytes()),
    ];
    let report = analyze(&inputs, &Options::at(datetime!(2026-06-01 00:00 UTC)));
    let requested = report
        .items
        .iter()
        .find_map(|i| match &i.body {
            ItemBody::Csr(c) => c.extended_key_usage.clone(),
            _ => None,
        })
        .expect("the request's usages");
    let certified = report
        .items
        .iter()
        .find_map(|i| match &i.body {
            ItemBody::Certificate(c) => c.extended_key_usage.clone(),
            _ => None,
        })
        .expect("the certificate's usages");
    assert_eq!(requested, certified);
    assert_eq!(
        requested,
        vec![
            ExtendedKeyUsage::ServerAuth,
            ExtendedKeyUsage::ClientAuth,
            ExtendedKeyUsage::Any,
            ExtendedKeyUsage::Other("codeSigning".into()),
            ExtendedKeyUsage::Other("OCSPSigning".into()),
            ExtendedKeyUsage::Other("1.3.6.1.5.5.7.3.17".into()),
        ]
    );
}

/// A request that asks to be a CA says so: a CA copying the request's extensions would make a
/// CA of it.
#[test]
fn a_request_for_ca_true_says_it_asks_to_be_a_ca() {
    let key = KeyPair::generate().unwrap();
    let explain = |ca: bool| {
        let mut params = CertificateParams::new(vec!["etcd-0.example".to_string()]).unwrap();
        if ca {
            params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        }
        let csr = params.serialize_request(&key).unwrap().pem().unwrap();
        let report = analyze(
            &[Input::new("etcd.csr", csr.as_bytes())],
            &Options::at(datetime!(2026-06-01 00:00 UTC)),
        );
        etcdtls_core::explain(&report, &report.items[0]).allows
    };
    assert!(
        explain(true).contains("It asks to be a CA (CA:TRUE)"),
        "{}",
        explain(true)
    );
    assert!(!explain(false).contains("CA:TRUE"), "{}", explain(false));
}
