//! The quick look at a client's files ([`ClientFiles::plainly_sound`]) passes the right pair
//! with its CA, and never passes files in which the full analysis finds one of the problems a
//! client checks before dialling: every combination of a kubeadm PKI's likely `--cacert`,
//! `--cert` and `--key` is tried against the full analysis.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use etcdtls_core::model::{ItemBody, KeyFormat};
use etcdtls_core::{ClientFiles, FindingId, Input, ItemKind, Options, Report, analyze};
use etcdtls_pki::{KeyType, KubeadmOptions, KubeadmPki};
use time::macros::datetime;

fn pki(key_type: KeyType) -> KubeadmPki {
    let now = datetime!(2026-06-01 00:00 UTC);
    KubeadmPki::generate(&KubeadmOptions::new("cp-1", "10.0.0.5", key_type, now)).unwrap()
}

fn look(pki: &KubeadmPki, cacert: &str, cert: &str, key: &str) -> Option<etcdtls_core::PlainlySound> {
    ClientFiles {
        cacert: Input::new(cacert, pki.files[cacert].as_bytes()),
        cert: Input::new(cert, pki.files[cert].as_bytes()),
        key: Input::new(key, pki.files[key].as_bytes()),
    }
    .plainly_sound()
}

/// The full analysis of the three files with the command line that names them, as a client
/// runs it.
fn full(pki: &KubeadmPki, cacert: &str, cert: &str, key: &str) -> Report {
    let command = format!("etcdctl --cacert={cacert} --cert={cert} --key={key}");
    let mut inputs: Vec<Input<'_>> = Vec::new();
    for name in [cacert, cert, key] {
        if !inputs.iter().any(|i| i.name == name) {
            inputs.push(Input::new(name, pki.files[name].as_bytes()));
        }
    }
    inputs.push(Input::new("the command line", command.as_bytes()));
    analyze(&inputs, &Options::at(datetime!(2026-06-02 00:00 UTC)))
}

/// What a client refuses before dialling, from the full analysis (see the CLI's
/// `Credentials::check`): `None` when nothing.
fn refused(report: &Report, cacert: &str, cert: &str, key: &str) -> Option<&'static str> {
    let kinds = |name: &str| -> Vec<ItemKind> {
        report
            .items
            .iter()
            .filter(|i| i.source.path == name)
            .map(|i| i.kind())
            .collect()
    };
    let (ca, crt, k) = (kinds(cacert), kinds(cert), kinds(key));
    if !ca.contains(&ItemKind::Certificate) || !crt.contains(&ItemKind::Certificate) {
        return Some("wrong file type");
    }
    if !k.contains(&ItemKind::PrivateKey) {
        return Some("wrong file type");
    }
    let private = report
        .items
        .iter()
        .find(|i| i.source.path == key && i.kind() == ItemKind::PrivateKey)
        .unwrap();
    if let ItemBody::PrivateKey(p) = &private.body
        && (p.format.is_encrypted() || p.format == KeyFormat::OpenSsh)
    {
        return Some("unusable key");
    }
    if report.findings.iter().any(|f| f.id == FindingId::KeyMismatch) {
        return Some("key mismatch");
    }
    let cas: Vec<_> = report
        .items
        .iter()
        .filter(|i| i.source.path == cacert)
        .filter_map(|i| i.certificate())
        .collect();
    if cas.iter().all(|c| !c.is_ca()) {
        return Some("not a CA");
    }
    None
}

#[test]
fn the_right_pair_with_its_ca_is_plainly_sound() {
    for key_type in [KeyType::EcdsaP256, KeyType::Rsa2048] {
        let pki = pki(key_type);
        let sound = look(
            &pki,
            "pki/etcd/ca.crt",
            "pki/etcd/healthcheck-client.crt",
            "pki/etcd/healthcheck-client.key",
        )
        .expect("the health-check pair is plainly sound");
        assert_eq!(sound.ca_certificates, vec![pki.etcd_ca.pair.cert_der.clone()]);
        assert_eq!(sound.chain.len(), 1);
        // The Kubernetes CA is a CA too: which CA signed etcd's certificate is for the handshake.
        assert!(
            look(
                &pki,
                "pki/ca.crt",
                "pki/apiserver-etcd-client.crt",
                "pki/apiserver-etcd-client.key"
            )
            .is_some()
        );
    }
}

#[test]
fn known_mistakes_need_the_full_analysis() {
    let pki = pki(KeyType::EcdsaP256);
    let hc = ("pki/etcd/healthcheck-client.crt", "pki/etcd/healthcheck-client.key");
    // A key from another pair.
    assert!(look(&pki, "pki/etcd/ca.crt", hc.0, "pki/etcd/server.key").is_none());
    // --cert and --key swapped.
    assert!(look(&pki, "pki/etcd/ca.crt", hc.1, hc.0).is_none());
    // A leaf as --cacert.
    assert!(look(&pki, "pki/etcd/server.crt", hc.0, hc.1).is_none());
    // A key as --cacert, a public key as --key.
    assert!(look(&pki, hc.1, hc.0, hc.1).is_none());
    assert!(look(&pki, "pki/etcd/ca.crt", hc.0, "pki/sa.pub").is_none());
    // The CA's own pair: the CA's certificate and key share a name with --cacert.
    assert!(look(&pki, "pki/etcd/ca.crt", "pki/etcd/ca.crt", "pki/etcd/ca.key").is_none());
}

#[test]
fn what_passes_the_quick_look_the_full_analysis_never_refuses() {
    let pki = pki(KeyType::EcdsaP256);
    let cacerts = [
        "pki/etcd/ca.crt",
        "pki/ca.crt",
        "pki/etcd/server.crt",
        "pki/etcd/ca.key",
    ];
    let certs = [
        "pki/etcd/healthcheck-client.crt",
        "pki/apiserver-etcd-client.crt",
        "pki/etcd/healthcheck-client.key",
        "pki/etcd/ca.crt",
        "pki/etcd/server.crt",
    ];
    let keys = [
        "pki/etcd/healthcheck-client.key",
        "pki/apiserver-etcd-client.key",
        "pki/etcd/server.key",
        "pki/etcd/healthcheck-client.crt",
        "pki/etcd/ca.key",
        "pki/sa.key",
    ];
    let mut passed = 0;
    for cacert in cacerts {
        for cert in certs {
            for key in keys {
                let Some(sound) = look(&pki, cacert, cert, key) else {
                    continue;
                };
                passed += 1;
                let report = full(&pki, cacert, cert, key);
                assert_eq!(
                    refused(&report, cacert, cert, key),
                    None,
                    "--cacert {cacert} --cert {cert} --key {key} passed the quick look"
                );
                // The same certificates as the full analysis reads.
                let ders = |name: &str| -> Vec<Vec<u8>> {
                    report
                        .items
                        .iter()
                        .filter(|i| i.source.path == name)
                        .filter_map(|i| i.certificate())
                        .map(|c| c.der.clone())
                        .collect()
                };
                assert_eq!(sound.ca_certificates, ders(cacert));
                assert_eq!(sound.chain, ders(cert));
            }
        }
    }
    // The right pairs with either CA, the CA pair with the Kubernetes CA: the look is not
    // vacuous.
    assert!(passed >= 4, "{passed} combinations passed");
}
