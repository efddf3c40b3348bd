//! Issuer linking through the indexes (by name, by key id, by key) finds exactly the links,
//! and names exactly the wrong CAs, that checking every same-name certificate in order of
//! preference with the pure-Rust verifier finds: with CAs that share a name and differ in key,
//! a cross-signed CA, a certificate without an authority key id, a CA whose key id was forged
//! onto another key, copies of a CA inside a kubeconfig, and a CRL.
//!
//! Run it both ways: `cargo test -p etcdtls-core --test linking` (pure Rust) and with
//! `--features native-crypto` (ring confirms first).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine as _;
use etcdtls_core::finding::FindingId;
use etcdtls_core::model::{ItemBody, ItemId};
use etcdtls_core::signature::{Verification, verify_pure};
use etcdtls_core::{Input, Options, Report, analyze};
use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, DistinguishedName, DnType, IsCa, Issuer,
    KeyIdMethod, KeyPair, KeyUsagePurpose, SerialNumber,
};
use time::macros::datetime;

fn key() -> KeyPair {
    KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap()
}

fn params(cn: &str, ca: bool, serial: u64) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = DistinguishedName::new();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.not_before = datetime!(2026-01-01 00:00 UTC);
    p.not_after = datetime!(2030-01-01 00:00 UTC);
    p.serial_number = Some(SerialNumber::from(serial));
    p.key_identifier_method = KeyIdMethod::Sha256;
    p.use_authority_key_identifier_extension = true;
    if ca {
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::CrlSign,
        ];
    } else {
        p.is_ca = IsCa::ExplicitNoCa;
    }
    p
}

/// The inputs: file name → PEM or YAML.
fn inputs() -> Vec<(String, String)> {
    let mut files = Vec::new();
    // The etcd CA before and after a rebuild: same name, different keys.
    let (old_key, new_key) = (key(), key());
    let old_params = params("etcd-ca", true, 1);
    let new_params = params("etcd-ca", true, 2);
    let old_ca = old_params.self_signed(&old_key).unwrap();
    let new_ca = new_params.self_signed(&new_key).unwrap();
    let old_issuer = Issuer::from_params(&old_params, &old_key);
    let new_issuer = Issuer::from_params(&new_params, &new_key);
    files.push(("pki/etcd/ca.crt".to_string(), new_ca.pem()));
    files.push(("backup/pki/etcd/ca.crt".to_string(), old_ca.pem()));
    // A third "etcd-ca" whose subject key id was set to the new CA's, over another key: the key
    // id points at it, but its key signed nothing here.
    let forged_key = key();
    let mut forged_params = params("etcd-ca", true, 3);
    forged_params.key_identifier_method = KeyIdMethod::PreSpecified(new_params.key_identifier(&new_key));
    files.push((
        "forged/ca.crt".to_string(),
        forged_params.self_signed(&forged_key).unwrap().pem(),
    ));

    // Leaves of each CA; one without an authority key id.
    let server_key = key();
    let server = params("node-1", false, 10).signed_by(&server_key, &new_issuer).unwrap();
    files.push(("pki/etcd/server.crt".to_string(), server.pem()));
    let old_peer = params("node-1", false, 11).signed_by(&key(), &old_issuer).unwrap();
    files.push(("backup/pki/etcd/peer.crt".to_string(), old_peer.pem()));
    let mut no_aki = params("kube-etcd-healthcheck-client", false, 12);
    no_aki.use_authority_key_identifier_extension = false;
    files.push((
        "pki/etcd/healthcheck-client.crt".to_string(),
        no_aki.signed_by(&key(), &new_issuer).unwrap().pem(),
    ));
    // An "etcd-ca" leaf whose CA is not among the inputs: every same-name CA is wrong for it.
    let absent_key = key();
    let absent_params = params("etcd-ca", true, 4);
    let absent_issuer = Issuer::from_params(&absent_params, &absent_key);
    files.push((
        "stray/apiserver-etcd-client.crt".to_string(),
        params("kube-apiserver-etcd-client", false, 13)
            .signed_by(&key(), &absent_issuer)
            .unwrap()
            .pem(),
    ));

    // A cross-signed intermediate: the same name and key, once self-signed and once signed by
    // a root; a leaf below it.
    let root_key = key();
    let root_params = params("root", true, 20);
    files.push((
        "root/root.crt".to_string(),
        root_params.self_signed(&root_key).unwrap().pem(),
    ));
    let root_issuer = Issuer::from_params(&root_params, &root_key);
    let inter_key = key();
    let inter_params = params("intermediate", true, 21);
    let inter_self = inter_params.self_signed(&inter_key).unwrap();
    let inter_cross = params("intermediate", true, 22)
        .signed_by(&inter_key, &root_issuer)
        .unwrap();
    files.push((
        "root/intermediate-bundle.pem".to_string(),
        format!("{}{}", inter_cross.pem(), inter_self.pem()),
    ));
    let inter_issuer = Issuer::from_params(&inter_params, &inter_key);
    files.push((
        "root/leaf.crt".to_string(),
        params("leaf", false, 23)
            .signed_by(&key(), &inter_issuer)
            .unwrap()
            .pem(),
    ));

    // The new CA again inside a kubeconfig, with a client certificate of its own.
    let b64 = |pem: String| base64::engine::general_purpose::STANDARD.encode(pem);
    let client = params("kube-apiserver-etcd-client", false, 30)
        .signed_by(&key(), &new_issuer)
        .unwrap();
    files.push((
        "admin.conf".to_string(),
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:2379\n    certificate-authority-data: {}\nusers:\n- name: u\n  user:\n    client-certificate-data: {}\n",
            b64(new_ca.pem()),
            b64(client.pem())
        ),
    ));

    // A revocation list from the old CA.
    let crl = CertificateRevocationListParams {
        this_update: datetime!(2026-01-02 00:00 UTC),
        next_update: datetime!(2026-02-01 00:00 UTC),
        crl_number: SerialNumber::from(1u64),
        issuing_distribution_point: None,
        revoked_certs: Vec::new(),
        key_identifier_method: KeyIdMethod::Sha256,
    };
    files.push((
        "backup/crl.pem".to_string(),
        crl.signed_by(&old_issuer).unwrap().pem().unwrap(),
    ));
    files
}

/// What linking by brute force gives: for each certificate or CRL, every certificate with its
/// issuer's name, most preferred first (files before embedded copies, shorter paths first),
/// checked with the pure-Rust verifier; the first that verifies is the issuer. Without one,
/// the first that did not verify is the CA a `signature-invalid` finding names.
fn brute_force(report: &Report) -> (Vec<Option<ItemId>>, Vec<(ItemId, ItemId)>) {
    let items = &report.items;
    let mut links = Vec::new();
    let mut wrong = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let (issuer, signed) = match &it.body {
            ItemBody::Certificate(c) if !c.self_signed => (&c.issuer.der, &c.signed),
            ItemBody::Crl(c) => (&c.issuer.der, &c.signed),
            _ => {
                links.push(None);
                continue;
            }
        };
        let mut candidates: Vec<usize> = (0..items.len())
            .filter(|&j| j != i && items[j].certificate().is_some_and(|c| &c.subject.der == issuer))
            .collect();
        candidates.sort_by_key(|&j| (items[j].source.locator.is_some(), items[j].source.path.len()));
        let verdicts: Vec<Verification> = candidates
            .iter()
            .map(|&j| verify_pure(signed, &items[j].certificate().unwrap().public_key.material))
            .collect();
        let found = candidates
            .iter()
            .zip(&verdicts)
            .find(|(_, v)| **v == Verification::Valid);
        links.push(found.map(|(&j, _)| items[j].id.clone()));
        if found.is_none()
            && let Some((&j, _)) = candidates
                .iter()
                .zip(&verdicts)
                .find(|(_, v)| **v == Verification::Invalid)
        {
            wrong.push((it.id.clone(), items[j].id.clone()));
        }
    }
    (links, wrong)
}

#[test]
fn indexed_linking_finds_what_brute_force_finds() {
    let files = inputs();
    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    let report = analyze(&inputs, &Options::at(datetime!(2026-01-15 00:00 UTC)));
    assert!(report.errors.is_empty(), "{:?}", report.errors);

    let (links, wrong) = brute_force(&report);
    let got: Vec<Option<ItemId>> = report.items.iter().map(|i| i.issued_by.clone()).collect();
    let ids: Vec<&str> = report.items.iter().map(|i| i.id.0.as_str()).collect();
    assert_eq!(got, links, "items: {ids:?}");
    let got_wrong: Vec<(ItemId, ItemId)> = report
        .findings
        .iter()
        .filter(|f| f.id == FindingId::SignatureInvalid)
        .map(|f| (f.items[0].clone(), f.items[1].clone()))
        .collect();
    let mut got_wrong_sorted = got_wrong.clone();
    got_wrong_sorted.sort();
    let mut wrong_sorted = wrong.clone();
    wrong_sorted.sort();
    assert_eq!(got_wrong_sorted, wrong_sorted);

    // And the links are the ones the set was made with, so the comparison is not vacuous.
    let link = |id: &str| {
        report
            .items
            .iter()
            .find(|i| i.id.0 == id)
            .unwrap_or_else(|| panic!("no {id} in {ids:?}"))
            .issued_by
            .as_ref()
            .map(|i| i.0.as_str())
    };
    assert_eq!(link("pki/etcd/server.crt"), Some("pki/etcd/ca.crt"));
    assert_eq!(link("backup/pki/etcd/peer.crt"), Some("backup/pki/etcd/ca.crt"));
    assert_eq!(link("pki/etcd/healthcheck-client.crt"), Some("pki/etcd/ca.crt"));
    assert_eq!(
        link("admin.conf#users[0].client-certificate-data"),
        Some("pki/etcd/ca.crt")
    );
    assert_eq!(link("backup/crl.pem"), Some("backup/pki/etcd/ca.crt"));
    assert_eq!(link("root/leaf.crt"), Some("root/intermediate-bundle.pem#1"));
    assert_eq!(link("root/intermediate-bundle.pem#1"), Some("root/root.crt"));
    assert_eq!(link("stray/apiserver-etcd-client.crt"), None);
    assert!(
        wrong.iter().any(|(i, _)| i.0 == "stray/apiserver-etcd-client.crt"),
        "the stray leaf's same-name CAs are reported as not its signer"
    );
}

/// A root with `pathlen:0` above an intermediate that signs a leaf: Go and OpenSSL refuse the
/// chain, and so is it said; the same chain under an unconstrained root is fine.
#[test]
fn a_path_length_constraint_is_held_to() {
    for (limit, refused) in [(Some(0u8), true), (Some(1), false), (None, false)] {
        let root_key = key();
        let mut root_params = params("Root", true, 1);
        if let Some(n) = limit {
            root_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(n));
        }
        let root = root_params.self_signed(&root_key).unwrap();
        let root_issuer = Issuer::from_params(&root_params, &root_key);
        let inter_key = key();
        let inter_params = params("etcd intermediate", true, 2);
        let inter = inter_params.signed_by(&inter_key, &root_issuer).unwrap();
        let inter_issuer = Issuer::from_params(&inter_params, &inter_key);
        let leaf = params("etcd2", false, 3).signed_by(&key(), &inter_issuer).unwrap();
        let files = [
            ("root.crt", root.pem()),
            ("int.crt", inter.pem()),
            ("peer.crt", leaf.pem()),
        ];
        let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
        let report = analyze(&inputs, &Options::at(datetime!(2026-01-15 00:00 UTC)));
        let found: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.id == FindingId::PathLengthExceeded)
            .collect();
        assert_eq!(found.len(), usize::from(refused), "{limit:?}: {found:#?}");
        if refused {
            assert!(
                found[0]
                    .message
                    .starts_with("root.crt allows at most 0 CAs below it (pathlen:0)"),
                "{}",
                found[0].message
            );
        }
    }
}
