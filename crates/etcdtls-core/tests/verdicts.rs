//! The verdict interface the web page uses in place of the core's own cryptography
//! (`analyze_with`, `Report::pending`, `Verdicts`): the analysis lists the signature checks
//! and public-key derivations it could not decide, a host (here ring, standing in for the
//! browser's WebCrypto) decides them, and the second analysis links and pairs exactly as the
//! core's own cryptography does. A verdict of invalid never links; a missing one is reported
//! as not checked, never as valid.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine as _;
use etcdtls_core::finding::FindingId;
use etcdtls_core::json::to_pem;
use etcdtls_core::keys::DerivedAlgorithm;
use etcdtls_core::model::{HashAlgorithm, ItemId, PublicKeyMaterial};
use etcdtls_core::signature::{NOT_CHECKED, Scheme};
use etcdtls_core::{Input, Options, Report, SignatureCheck, Verdicts, Verification, analyze, analyze_with};
use etcdtls_pki::{Ca, KeyType, LeafSpec, Usage};
use rcgen::{BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair};
use sec1::der::{Decode, Encode};
use time::macros::datetime;

fn params(cn: &str, ca: bool) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = DistinguishedName::new();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.not_before = datetime!(2026-01-01 00:00 UTC);
    p.not_after = datetime!(2030-01-01 00:00 UTC);
    p.use_authority_key_identifier_extension = true;
    p.is_ca = if ca {
        IsCa::Ca(BasicConstraints::Unconstrained)
    } else {
        IsCa::ExplicitNoCa
    };
    p
}

/// The private key inside a PKCS#8 `PrivateKeyInfo` (an `ECPrivateKey`, or an Ed25519
/// `CurvePrivateKey`).
fn pkcs8_inner(der: &[u8]) -> Vec<u8> {
    pkcs8::PrivateKeyInfoRef::from_der(der)
        .unwrap()
        .private_key
        .as_bytes()
        .to_vec()
}

struct Set {
    files: Vec<(String, String)>,
    /// The public halves a host derives, by kind of key (one of each here).
    ec_public: PublicKeyMaterial,
    ed25519_public: PublicKeyMaterial,
}

/// Two CAs named `etcd-ca` with different keys (ECDSA P-256), a server certificate signed by
/// the second and its key as SEC1 without the optional public point; an RSA CA and leaf; an
/// Ed25519 CA and a leaf whose key is PKCS#8 v1 (no public key).
fn set() -> Set {
    let now = datetime!(2026-06-01 00:00 UTC);
    let mut files = Vec::new();
    let old = Ca::new("etcd-ca", KeyType::EcdsaP256, now, now + time::Duration::days(3650)).unwrap();
    let new = Ca::new("etcd-ca", KeyType::EcdsaP256, now, now + time::Duration::days(3650)).unwrap();
    files.push(("backup/etcd/ca.crt".into(), old.pair.cert_pem.clone()));
    files.push(("pki/etcd/ca.crt".into(), new.pair.cert_pem.clone()));
    let server = new
        .issue(&LeafSpec::new("node-1", Usage::ServerAndClient, now, KeyType::EcdsaP256).sans(["node-1"]))
        .unwrap();
    files.push(("pki/etcd/server.crt".into(), server.cert_pem.clone()));
    // The SEC1 key without its public point.
    let pkcs8_der = base64::engine::general_purpose::STANDARD
        .decode(
            server
                .key
                .pkcs8_pem
                .lines()
                .filter(|l| !l.starts_with("-----"))
                .collect::<String>(),
        )
        .unwrap();
    let inner = pkcs8_inner(&pkcs8_der);
    let full = sec1::EcPrivateKey::from_der(&inner).unwrap();
    let bare = sec1::EcPrivateKey {
        private_key: full.private_key,
        parameters: Some(sec1::EcParameters::NamedCurve("1.2.840.10045.3.1.7".parse().unwrap())),
        public_key: None,
    };
    files.push((
        "pki/etcd/server.key".into(),
        to_pem("EC PRIVATE KEY", &bare.to_der().unwrap()),
    ));

    let rsa = Ca::new("kubernetes", KeyType::Rsa2048, now, now + time::Duration::days(3650)).unwrap();
    files.push(("pki/ca.crt".into(), rsa.pair.cert_pem.clone()));
    let apiserver = rsa
        .issue(&LeafSpec::new("kube-apiserver", Usage::Server, now, KeyType::Rsa2048).sans(["kubernetes"]))
        .unwrap();
    files.push(("pki/apiserver.crt".into(), apiserver.cert_pem.clone()));
    files.push(("pki/apiserver.key".into(), apiserver.key.pem.clone()));

    let ed_ca_key = KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
    let ed_ca_params = params("ed-ca", true);
    files.push(("ed/ca.crt".into(), ed_ca_params.self_signed(&ed_ca_key).unwrap().pem()));
    let ed_leaf_key = KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
    let ed_leaf = params("ed-client", false)
        .signed_by(&ed_leaf_key, &Issuer::from_params(&ed_ca_params, &ed_ca_key))
        .unwrap();
    files.push(("ed/client.crt".into(), ed_leaf.pem()));
    // PKCS#8 v1: version 0, the algorithm, the seed; no public key.
    let seed = pkcs8_inner(&ed_leaf_key.serialize_der());
    let v1 = [
        &[
            0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22,
        ][..],
        &seed,
    ]
    .concat();
    files.push(("ed/client.key".into(), to_pem("PRIVATE KEY", &v1)));

    Set {
        files,
        ec_public: etcdtls_core::x509::parse_certificate(&server.cert_der)
            .unwrap()
            .public_key
            .material,
        ed25519_public: PublicKeyMaterial::Ed25519(ed_leaf_key.public_key_raw().to_vec()),
    }
}

fn inputs(set: &Set) -> Vec<Input<'_>> {
    set.files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect()
}

fn options() -> Options {
    Options::at(datetime!(2026-06-02 00:00 UTC))
}

/// What the browser does with a pending check, done with ring.
fn ring_verdict(check: &SignatureCheck) -> Verification {
    use ring::signature as rs;
    let key = etcdtls_core::x509::parse_public_key(&check.spki).unwrap().material;
    let ok = match (check.scheme, &key) {
        (
            Scheme::RsaPkcs1 {
                hash: HashAlgorithm::Sha256,
            },
            PublicKeyMaterial::Rsa { modulus, exponent },
        ) => rs::RsaPublicKeyComponents {
            n: modulus,
            e: exponent,
        }
        .verify(&rs::RSA_PKCS1_2048_8192_SHA256, &check.message, &check.signature)
        .is_ok(),
        (
            Scheme::Ecdsa {
                curve: "P-256",
                hash: HashAlgorithm::Sha256,
            },
            PublicKeyMaterial::Ec { point, .. },
        ) => {
            // The fixed-size r || s WebCrypto takes, not DER.
            rs::UnparsedPublicKey::new(&rs::ECDSA_P256_SHA256_FIXED, point)
                .verify(&check.message, &check.signature)
                .is_ok()
        }
        (Scheme::Ed25519, PublicKeyMaterial::Ed25519(point)) => rs::UnparsedPublicKey::new(&rs::ED25519, point)
            .verify(&check.message, &check.signature)
            .is_ok(),
        other => panic!("unexpected check {other:?}"),
    };
    if ok { Verification::Valid } else { Verification::Invalid }
}

/// Analyses until nothing is pending, deciding each check with `decide`.
fn settle(set: &Set, decide: impl Fn(&SignatureCheck) -> Option<Verification>) -> (Report, usize) {
    let mut verdicts = Verdicts::external();
    for round in 1..=4 {
        let report = analyze_with(&inputs(set), &[], &options(), &verdicts);
        let mut progress = false;
        for check in &report.pending.signatures {
            if let Some(v) = decide(check) {
                verdicts.insert_signature(check.id.clone(), v);
                progress = true;
            }
        }
        for derivation in &report.pending.public_keys {
            let public = match derivation.algorithm {
                DerivedAlgorithm::Ec { curve } => {
                    assert_eq!(curve, "P-256");
                    set.ec_public.clone()
                }
                DerivedAlgorithm::Ed25519 => set.ed25519_public.clone(),
            };
            verdicts.insert_public_key(derivation.id.clone(), Some(public));
            progress = true;
        }
        if !progress {
            return (report, round);
        }
    }
    panic!("still pending after four rounds");
}

fn issued_by(report: &Report, id: &str) -> Option<String> {
    report
        .item(&ItemId(id.into()))
        .unwrap()
        .issued_by
        .as_ref()
        .map(|i| i.0.clone())
}

fn key_of(report: &Report, id: &str) -> Option<String> {
    report
        .item(&ItemId(id.into()))
        .unwrap()
        .key
        .as_ref()
        .map(|i| i.0.clone())
}

fn links(report: &Report) -> Vec<(String, Option<String>, Option<String>, bool)> {
    report
        .items
        .iter()
        .map(|i| {
            (
                i.id.0.clone(),
                i.issued_by.as_ref().map(|x| x.0.clone()),
                i.key.as_ref().or(i.certificate.as_ref()).map(|x| x.0.clone()),
                i.certificate().is_some_and(|c| c.self_signed),
            )
        })
        .collect()
}

#[test]
fn without_verdicts_every_check_is_pending_and_nothing_is_linked_by_it() {
    let set = set();
    let report = analyze_with(&inputs(&set), &[], &options(), &Verdicts::external());
    let pending = &report.pending;
    // The four CAs are roots as OpenSSL decides (no signature to check), so what waits is the
    // server against both etcd-ca, and the API server and the Ed25519 client against their CAs.
    assert_eq!(
        pending.signatures.len(),
        2 + 1 + 1,
        "{:?}",
        pending.signatures.iter().map(|c| c.scheme).collect::<Vec<_>>()
    );
    let schemes: Vec<&str> = pending.signatures.iter().map(|c| c.scheme.webcrypto_name()).collect();
    for name in ["ECDSA", "RSASSA-PKCS1-v1_5", "Ed25519"] {
        assert!(schemes.contains(&name), "{schemes:?}");
    }
    for check in &pending.signatures {
        assert!(!check.spki.is_empty() && !check.message.is_empty());
        if let Scheme::Ecdsa { curve, .. } = check.scheme {
            assert_eq!((curve, check.signature.len()), ("P-256", 64), "raw r || s");
        }
    }
    // The ids are stable: the same inputs give the same checks.
    let again = analyze_with(&inputs(&set), &[], &options(), &Verdicts::external());
    let ids = |r: &Report| r.pending.signatures.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&report), ids(&again));
    // Both keys without their public half wait for a derivation, and pair with nothing yet.
    assert_eq!(pending.public_keys.len(), 2);
    assert_eq!(key_of(&report, "pki/etcd/server.crt"), None);
    assert_eq!(key_of(&report, "ed/client.crt"), None);
    assert!(
        format!("{:?}", pending.public_keys).len() < 200,
        "no key bytes in Debug"
    );
    // The RSA key carries its public half: paired at once.
    assert_eq!(
        key_of(&report, "pki/apiserver.crt").as_deref(),
        Some("pki/apiserver.key")
    );
    // Nothing is linked on a name alone; each unchecked link is said to be unchecked.
    assert_eq!(issued_by(&report, "pki/etcd/server.crt"), None);
    let unverifiable: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.id == FindingId::UnverifiableSignature)
        .map(|f| f.items[0].0.as_str())
        .collect();
    assert!(unverifiable.contains(&"pki/etcd/server.crt"), "{unverifiable:?}");
    assert!(report.findings.iter().any(|f| f.message.contains(NOT_CHECKED)));
    // The built-in analysis has nothing pending.
    assert!(analyze(&inputs(&set), &options()).pending.is_empty());
}

#[test]
fn with_the_hosts_verdicts_the_analysis_is_the_built_in_one() {
    let set = set();
    let (settled, rounds) = settle(&set, |c| Some(ring_verdict(c)));
    assert_eq!(rounds, 2, "one analysis to list the checks, one with their verdicts");
    let builtin = analyze(&inputs(&set), &options());
    assert_eq!(links(&settled), links(&builtin));
    let ids = |r: &Report| r.findings.iter().map(|f| (f.id, f.items.clone())).collect::<Vec<_>>();
    assert_eq!(ids(&settled), ids(&builtin));
    assert_eq!(
        issued_by(&settled, "pki/etcd/server.crt").as_deref(),
        Some("pki/etcd/ca.crt")
    );
    assert_eq!(issued_by(&settled, "ed/client.crt").as_deref(), Some("ed/ca.crt"));
    assert_eq!(
        key_of(&settled, "pki/etcd/server.crt").as_deref(),
        Some("pki/etcd/server.key")
    );
    assert_eq!(key_of(&settled, "ed/client.crt").as_deref(), Some("ed/client.key"));
    assert!(settled.pending.is_empty());
}

#[test]
fn a_verdict_of_invalid_does_not_link_the_certificate_to_that_issuer() {
    let set = set();
    // The host says every leaf signature is invalid (the CAs' own ones are valid).
    let (report, _) = settle(&set, |c| {
        let verdict = ring_verdict(c);
        let own = report_of_ca_self_signature(c);
        Some(if own { verdict } else { Verification::Invalid })
    });
    assert_eq!(issued_by(&report, "pki/etcd/server.crt"), None);
    assert_eq!(issued_by(&report, "pki/apiserver.crt"), None);
    let invalid: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.id == FindingId::SignatureInvalid)
        .map(|f| f.items[0].0.as_str())
        .collect();
    assert!(
        invalid.contains(&"pki/etcd/server.crt") && invalid.contains(&"pki/apiserver.crt"),
        "{invalid:?}"
    );
    // Every check had a verdict: nothing is called unchecked.
    assert!(report.findings.iter().all(|f| f.id != FindingId::UnverifiableSignature));
}

/// Whether a check is a certificate's own signature: its signed bytes contain the key.
fn report_of_ca_self_signature(check: &SignatureCheck) -> bool {
    let key = etcdtls_core::x509::parse_public_key(&check.spki).unwrap().material;
    let point = match &key {
        PublicKeyMaterial::Ec { point, .. } => point.clone(),
        PublicKeyMaterial::Rsa { modulus, .. } => modulus.clone(),
        PublicKeyMaterial::Ed25519(k) => k.clone(),
        PublicKeyMaterial::Other { bits, .. } => bits.clone(),
    };
    check.message.windows(point.len()).any(|w| w == point.as_slice())
}

#[test]
fn a_missing_verdict_is_reported_as_not_checked() {
    let set = set();
    // The host cannot check ECDSA (as a browser without it): no verdict for those.
    let (report, _) = settle(&set, |c| match c.scheme {
        Scheme::Ecdsa { .. } => None,
        _ => Some(ring_verdict(c)),
    });
    assert_eq!(issued_by(&report, "pki/etcd/server.crt"), None);
    assert_eq!(issued_by(&report, "pki/apiserver.crt").as_deref(), Some("pki/ca.crt"));
    let server = ItemId("pki/etcd/server.crt".into());
    let server_findings: Vec<_> = report.findings_for(&server).collect();
    assert!(
        server_findings
            .iter()
            .any(|f| f.id == FindingId::UnverifiableSignature && f.message.contains(NOT_CHECKED)),
        "{server_findings:?}"
    );
    assert!(server_findings.iter().all(|f| f.id != FindingId::SignatureInvalid));
    assert!(
        report
            .pending
            .signatures
            .iter()
            .all(|c| c.scheme.webcrypto_name() == "ECDSA")
    );
    // A host that says it could not check gives its reason.
    let mut verdicts = Verdicts::external();
    for check in &report.pending.signatures {
        verdicts.insert_signature(
            check.id.clone(),
            Verification::Unsupported("this browser has no ECDSA".into()),
        );
    }
    for derivation in &report.pending.public_keys {
        verdicts.insert_public_key(derivation.id.clone(), None);
    }
    let report = analyze_with(&inputs(&set), &[], &options(), &verdicts);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.id == FindingId::UnverifiableSignature && f.message.contains("this browser has no ECDSA"))
    );
}
