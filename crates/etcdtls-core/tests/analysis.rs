//! The core against PKIs generated here with rcgen: each input format, each link, each role
//! rule and each finding, proven on real certificates.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine as _;
use etcdtls_core::model::ItemBody;
use etcdtls_core::{FindingId, Input, ItemKind, Options, Report, ReportJson, Role, analyze};
use etcdtls_pki::{Ca, KeyType, KubeadmOptions, KubeadmPki, LeafSpec, Usage};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const MINTED: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);
const NOW: OffsetDateTime = datetime!(2026-03-01 00:00 UTC);

fn run(inputs: &[(&str, &str)]) -> Report {
    run_at(inputs, NOW)
}

fn run_at(inputs: &[(&str, &str)], now: OffsetDateTime) -> Report {
    let inputs: Vec<Input<'_>> = inputs.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    analyze(&inputs, &Options::at(now))
}

fn ids(report: &Report, finding: FindingId) -> Vec<Vec<String>> {
    report
        .findings
        .iter()
        .filter(|f| f.id == finding)
        .map(|f| f.items.iter().map(|i| i.0.clone()).collect())
        .collect()
}

fn has(report: &Report, finding: FindingId, item: &str) -> bool {
    report
        .findings
        .iter()
        .any(|f| f.id == finding && f.items.first().is_some_and(|i| i.0 == item))
}

fn role(report: &Report, id: &str) -> Role {
    report
        .items
        .iter()
        .find(|i| i.id.0 == id)
        .unwrap_or_else(|| {
            panic!(
                "no {id} in {:?}",
                report.items.iter().map(|i| &i.id).collect::<Vec<_>>()
            )
        })
        .role
}

fn etcd_ca() -> Ca {
    Ca::new("etcd-ca", KeyType::EcdsaP256, MINTED, MINTED + Duration::days(3650)).unwrap()
}

fn kubeadm() -> KubeadmPki {
    KubeadmPki::generate(&KubeadmOptions::new("node-1", "10.0.0.5", KeyType::EcdsaP256, MINTED)).unwrap()
}

#[test]
fn der_and_bare_base64_inputs_are_read() {
    let ca = etcd_ca();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&ca.pair.cert_der);
    let wrapped: String = b64
        .as_bytes()
        .chunks(60)
        .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
        .collect();
    let inputs = [
        Input::new("ca.der", &ca.pair.cert_der),
        Input::new("ca.b64", wrapped.as_bytes()),
    ];
    let report = analyze(&inputs, &Options::at(NOW));
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.items.len(), 2);
    assert!(report.items.iter().all(|i| i.role == Role::EtcdCa));
    assert_eq!(report.inputs[0].format, etcdtls_core::InputFormat::Der);
    assert_eq!(report.inputs[1].format, etcdtls_core::InputFormat::Base64);
}

#[test]
fn key_formats_all_pair_with_their_certificate() {
    let ca = etcd_ca();
    let rsa = ca
        .issue(&LeafSpec::new("rsa", Usage::Client, MINTED, KeyType::Rsa2048))
        .unwrap();
    let ec = ca
        .issue(&LeafSpec::new("ec", Usage::Client, MINTED, KeyType::EcdsaP256))
        .unwrap();
    let report = run(&[
        ("rsa.crt", &rsa.cert_pem),
        ("rsa-pkcs1.key", &rsa.key.pem),
        ("rsa-pkcs8.key", &rsa.key.pkcs8_pem),
        ("ec.crt", &ec.cert_pem),
        ("ec-sec1.key", &ec.key.pem),
        ("ec-pkcs8.key", &ec.key.pkcs8_pem),
    ]);
    for (key, cert) in [
        ("rsa-pkcs1.key", "rsa.crt"),
        ("rsa-pkcs8.key", "rsa.crt"),
        ("ec-sec1.key", "ec.crt"),
        ("ec-pkcs8.key", "ec.crt"),
    ] {
        let item = report.items.iter().find(|i| i.id.0 == key).unwrap();
        assert_eq!(item.certificate.as_ref().map(|c| c.0.as_str()), Some(cert), "{key}");
    }
    // The certificate keeps the key whose name it shares.
    assert!(
        report.findings.iter().all(|f| f.id != FindingId::KeyMismatch),
        "{:?}",
        report.findings
    );
}

/// SEC1 keys may leave out their public point, or carry it compressed; the point is then
/// computed from the private scalar, and the key still finds its certificate.
#[test]
fn ec_keys_without_an_uncompressed_public_point_still_pair() {
    use sec1::der::{Decode as _, Encode as _};
    let ec = etcd_ca()
        .issue(&LeafSpec::new("ec", Usage::Client, MINTED, KeyType::EcdsaP256))
        .unwrap();
    let der = pem_body(&ec.key.pem);
    let key = sec1::EcPrivateKey::from_der(&der).unwrap();
    let point = key.public_key.unwrap();
    assert_eq!(point[0], 0x04, "rcgen writes the point uncompressed");
    let compressed: Vec<u8> = std::iter::once(0x02 | (point[64] & 1))
        .chain(point[1..33].iter().copied())
        .collect();
    let pem = |public_key: Option<&[u8]>| {
        let der = sec1::EcPrivateKey {
            public_key,
            ..key.clone()
        }
        .to_der()
        .unwrap();
        let b64 = base64::engine::general_purpose::STANDARD.encode(der);
        format!("-----BEGIN EC PRIVATE KEY-----\n{b64}\n-----END EC PRIVATE KEY-----\n")
    };
    let report = run(&[
        ("ec.crt", &ec.cert_pem),
        ("no-point.key", &pem(None)),
        ("compressed.key", &pem(Some(&compressed))),
    ]);
    for name in ["no-point.key", "compressed.key"] {
        let item = report.items.iter().find(|i| i.id.0 == name).unwrap();
        assert_eq!(
            item.certificate.as_ref().map(|c| c.0.as_str()),
            Some("ec.crt"),
            "{name}"
        );
    }
}

fn pem_body(pem: &str) -> Vec<u8> {
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(b64).unwrap()
}

#[test]
fn key_from_another_pair_is_a_mismatch_that_names_the_right_key() {
    let pki = kubeadm();
    let f = &pki.files;
    let report = run(&[
        ("pki/etcd/server.crt", &f["pki/etcd/server.crt"]),
        ("pki/etcd/server.key", &f["pki/etcd/peer.key"]),
        ("pki/etcd/peer.crt", &f["pki/etcd/peer.crt"]),
    ]);
    let mismatch = report
        .findings
        .iter()
        .find(|f| f.id == FindingId::KeyMismatch)
        .expect("key-mismatch");
    assert_eq!(mismatch.items[0].0, "pki/etcd/server.crt");
    assert_eq!(mismatch.items[1].0, "pki/etcd/server.key");
    assert!(
        mismatch.message.contains("It is the key of pki/etcd/peer.crt"),
        "{}",
        mismatch.message
    );
}

#[test]
fn a_bundle_of_ca_leaf_and_key_pairs_the_key_with_its_leaf() {
    let ca = etcd_ca();
    let leaf = ca
        .issue(&LeafSpec::new("etcd-server", Usage::Server, MINTED, KeyType::EcdsaP256))
        .unwrap();
    let bundle = format!("{}{}{}", ca.pair.cert_pem, leaf.cert_pem, leaf.key.pem);
    let report = run(&[("bundle.pem", &bundle)]);
    assert!(ids(&report, FindingId::KeyMismatch).is_empty(), "{:?}", report.findings);
    // A key that is none of the bundle's still is a mismatch.
    let other = ca
        .issue(&LeafSpec::new("other", Usage::Server, MINTED, KeyType::EcdsaP256))
        .unwrap();
    let wrong = format!("{}{}{}", ca.pair.cert_pem, leaf.cert_pem, other.key.pem);
    let report = run(&[("bundle.pem", &wrong)]);
    assert!(!ids(&report, FindingId::KeyMismatch).is_empty());
}

#[test]
fn kubeconfig_pairs_and_secret_pairs_are_checked() {
    let pki = kubeadm();
    let ca = &pki.kubernetes_ca;
    let admin = ca
        .issue(&LeafSpec::new(
            "kubernetes-admin",
            Usage::Client,
            MINTED,
            KeyType::EcdsaP256,
        ))
        .unwrap();
    let other = ca
        .issue(&LeafSpec::new("someone", Usage::Client, MINTED, KeyType::EcdsaP256))
        .unwrap();
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let kubeconfig = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: {}\n  name: k\nusers:\n- name: admin\n  user:\n    client-certificate-data: {}\n    client-key-data: {}\n",
        b64(&ca.pair.cert_pem),
        b64(&admin.cert_pem),
        b64(&other.key.pem)
    );
    let secret = format!(
        "{{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"type\":\"kubernetes.io/tls\",\"data\":{{\"tls.crt\":\"{}\",\"tls.key\":\"{}\",\"ca.crt\":\"{}\",\"note\":\"aGVsbG8=\"}}}}",
        b64(&admin.cert_pem),
        b64(&admin.key.pem),
        b64(&ca.pair.cert_pem)
    );
    let report = run(&[("admin.conf", &kubeconfig), ("tls-secret.json", &secret)]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(
        ids(&report, FindingId::KeyMismatch),
        vec![vec![
            "admin.conf#users[0].client-certificate-data".to_string(),
            "admin.conf#users[0].client-key-data".to_string()
        ]]
    );
    let secret_cert = report
        .items
        .iter()
        .find(|i| i.id.0 == "tls-secret.json#data.tls.crt")
        .unwrap();
    assert_eq!(secret_cert.key.as_ref().unwrap().0, "tls-secret.json#data.tls.key");
    assert_eq!(
        secret_cert.issued_by.as_ref().unwrap().0,
        "admin.conf#clusters[0].certificate-authority-data"
    );
    assert_eq!(
        role(&report, "admin.conf#users[0].client-certificate-data"),
        Role::KubeAdmin
    );
}

#[test]
fn etcd_manifest_labels_files_and_checks_sans_against_listen_urls() {
    let pki = kubeadm();
    let f = &pki.files;
    // The member listens on an address its server certificate does not cover.
    let manifest = f["manifests/etcd.yaml"].replace(
        "--listen-client-urls=https://127.0.0.1:2379,https://10.0.0.5:2379",
        "--listen-client-urls=https://127.0.0.1:2379,https://10.0.0.9:2379",
    );
    let report = run(&[
        ("etc/kubernetes/manifests/etcd.yaml", &manifest),
        ("etc/kubernetes/pki/etcd/server.crt", &f["pki/etcd/server.crt"]),
        ("etc/kubernetes/pki/etcd/peer.crt", &f["pki/etcd/peer.crt"]),
        ("etc/kubernetes/pki/etcd/ca.crt", &f["pki/etcd/ca.crt"]),
    ]);
    let server = report.items.iter().find(|i| i.id.0.ends_with("server.crt")).unwrap();
    assert_eq!(server.usages.len(), 1);
    assert_eq!(server.usages[0].flag, "--cert-file");
    let sans = report
        .findings
        .iter()
        .find(|f| f.id == FindingId::SanMissingEndpoint)
        .expect("san-missing-endpoint");
    assert!(sans.message.contains("10.0.0.9"), "{}", sans.message);
    // `kubeadm certs renew` copies the names of the certificate on disk: the fix makes it anew.
    for said in [
        "add 10.0.0.9 to `etcd.local.serverCertSANs`",
        "move /etc/kubernetes/pki/etcd/server.crt and server.key aside",
        "`kubeadm init phase certs etcd-server --config kubeadm.yaml`",
    ] {
        assert!(sans.fix.contains(said), "{said}: {}", sans.fix);
    }
    assert_eq!(report.members.len(), 1);
}

#[test]
fn etcd_without_client_cert_auth_or_with_plain_http_is_flagged() {
    let open = "ExecStart=/usr/local/bin/etcd --name m1 --cert-file=/etc/etcd/server.crt --key-file=/etc/etcd/server.key --listen-client-urls=http://10.1.2.3:2379,https://127.0.0.1:2379 --auto-tls\n";
    let report = run(&[("etcd.service", open)]);
    let flagged: Vec<FindingId> = report.findings.iter().map(|f| f.id).collect();
    assert!(flagged.contains(&FindingId::ClientCertAuthDisabled), "{flagged:?}");
    assert!(flagged.contains(&FindingId::PlaintextClientUrl), "{flagged:?}");
    assert!(flagged.contains(&FindingId::AutoTls), "{flagged:?}");
    assert_eq!(ids(&report, FindingId::ReferencedFileMissing).len(), 2);

    let closed = "name: m1\nlisten-client-urls: https://127.0.0.1:2379\nclient-transport-security:\n  cert-file: /etc/etcd/server.crt\n  trusted-ca-file: /etc/etcd/ca.crt\n";
    let report = run(&[("etcd.conf.yml", closed)]);
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.id == FindingId::ClientCertAuthDisabled),
        "{:?}",
        report.findings
    );
}

#[test]
fn wrong_ca_for_an_etcd_client_is_an_error_when_the_etcd_ca_is_there() {
    let pki = kubeadm();
    let wrongly_signed = pki
        .kubernetes_ca
        .issue(&LeafSpec::new(
            "kube-apiserver-etcd-client",
            Usage::Client,
            MINTED,
            KeyType::EcdsaP256,
        ))
        .unwrap();
    let report = run(&[
        ("pki/ca.crt", &pki.files["pki/ca.crt"]),
        ("pki/etcd/ca.crt", &pki.files["pki/etcd/ca.crt"]),
        ("pki/apiserver-etcd-client.crt", &wrongly_signed.cert_pem),
    ]);
    let f = report
        .findings
        .iter()
        .find(|f| f.id == FindingId::WrongIssuerForRole)
        .expect("wrong-issuer-for-role");
    assert_eq!(f.severity, etcdtls_core::Severity::Error);
    assert!(f.message.contains("signed by the Kubernetes CA"), "{}", f.message);
}

#[test]
fn same_name_different_key_is_a_broken_signature_not_a_link() {
    // A rebuilt cluster: a new etcd CA with the same name.
    let old = etcd_ca();
    let new = etcd_ca();
    let leaf = old
        .issue(&LeafSpec::new(
            "kube-etcd-healthcheck-client",
            Usage::Client,
            MINTED,
            KeyType::EcdsaP256,
        ))
        .unwrap();
    let report = run(&[
        ("ca.crt", &new.pair.cert_pem),
        ("healthcheck-client.crt", &leaf.cert_pem),
    ]);
    let item = report
        .items
        .iter()
        .find(|i| i.id.0 == "healthcheck-client.crt")
        .unwrap();
    assert!(item.issued_by.is_none());
    assert!(
        has(&report, FindingId::SignatureInvalid, "healthcheck-client.crt"),
        "{:?}",
        report.findings
    );
    assert!(!has(&report, FindingId::IssuerNotFound, "healthcheck-client.crt"));
}

#[test]
fn validity_findings_follow_the_given_time() {
    let ca = etcd_ca();
    let leaf = ca
        .issue(&LeafSpec::new(
            "kube-etcd-healthcheck-client",
            Usage::Client,
            MINTED,
            KeyType::EcdsaP256,
        ))
        .unwrap();
    let inputs = [
        ("ca.crt", ca.pair.cert_pem.as_str()),
        ("leaf.crt", leaf.cert_pem.as_str()),
    ];
    assert!(has(
        &run_at(&inputs, MINTED - Duration::days(1)),
        FindingId::NotYetValid,
        "leaf.crt"
    ));
    assert!(
        run_at(&inputs, MINTED + Duration::days(100))
            .findings
            .iter()
            .all(|f| f.id != FindingId::ExpiringSoon && f.id != FindingId::Expired)
    );
    assert!(has(
        &run_at(&inputs, MINTED + Duration::days(350)),
        FindingId::ExpiringSoon,
        "leaf.crt"
    ));
    assert!(has(
        &run_at(&inputs, MINTED + Duration::days(400)),
        FindingId::Expired,
        "leaf.crt"
    ));
}

#[test]
fn a_leaf_outliving_its_ca_by_seconds_is_not_reported_by_months_it_is() {
    // `openssl -days N` for the CA and each leaf (Kubespray's make-ssl-etcd.sh): each leaf is
    // signed a little after the CA and ends that much later.
    let ca_end = MINTED + Duration::days(3650);
    let ca = etcd_ca();
    let leaf = |cn: &str, end: OffsetDateTime| {
        ca.issue(&LeafSpec::new(cn, Usage::Client, MINTED, KeyType::EcdsaP256).valid(MINTED, end))
            .unwrap()
            .cert_pem
    };
    let seconds = leaf("etcd-admin-node1", ca_end + Duration::seconds(40));
    let months = leaf("etcd-admin-node2", ca_end + Duration::days(90));
    let report = run(&[("ca.pem", &ca.pair.cert_pem), ("a.pem", &seconds), ("b.pem", &months)]);
    assert_eq!(
        ids(&report, FindingId::OutlivesIssuer),
        vec![vec!["b.pem".to_string(), "ca.pem".to_string()]]
    );
    // The finding is b.pem's: the CA's own list, as its section, does not count it.
    let of = |id: &str| report.findings_for(&etcdtls_core::ItemId(id.into())).count();
    assert_eq!((of("b.pem"), of("ca.pem")), (1, 0));
}

#[test]
fn usage_and_shape_mistakes_are_reported() {
    let pki = kubeadm();
    let ca = &pki.etcd_ca;
    let server_only = ca
        .issue(&LeafSpec::new(
            "kube-apiserver-etcd-client",
            Usage::Server,
            MINTED,
            KeyType::EcdsaP256,
        ))
        .unwrap();
    let mut leaf_ca_spec = LeafSpec::new("node-1", Usage::ServerAndClient, MINTED, KeyType::EcdsaP256).sans(["node-1"]);
    leaf_ca_spec.claims_ca = true;
    let leaf_claims_ca = ca.issue(&leaf_ca_spec).unwrap();
    let no_sans = ca
        .issue(&LeafSpec::new(
            "kube-etcd",
            Usage::ServerAndClient,
            MINTED,
            KeyType::EcdsaP256,
        ))
        .unwrap();
    let weak = ca
        .issue(&LeafSpec::new("weak", Usage::Client, MINTED, KeyType::Rsa1024))
        .unwrap();
    let apiserver_manifest = "kind: Pod\nspec:\n  containers:\n  - command:\n    - kube-apiserver\n    - --etcd-cafile=/etc/kubernetes/pki/etcd/server.crt\n    - --etcd-certfile=/etc/kubernetes/pki/etcd/ca.crt\n    - --etcd-keyfile=/etc/kubernetes/pki/etcd/ca.crt\n";
    let report = run(&[
        ("pki/etcd/ca.crt", &pki.files["pki/etcd/ca.crt"]),
        ("pki/etcd/server.crt", &pki.files["pki/etcd/server.crt"]),
        ("manifests/kube-apiserver.yaml", apiserver_manifest),
        ("server-only-client.crt", &server_only.cert_pem),
        ("claims-ca.crt", &leaf_claims_ca.cert_pem),
        ("no-sans.crt", &no_sans.cert_pem),
        ("weak.crt", &weak.cert_pem),
    ]);
    assert!(
        has(&report, FindingId::MissingClientAuth, "server-only-client.crt"),
        "{:?}",
        report.findings
    );
    assert!(has(&report, FindingId::LeafClaimsCa, "claims-ca.crt"));
    assert!(has(&report, FindingId::NoSans, "no-sans.crt"));
    assert_eq!(
        role(&report, "no-sans.crt"),
        Role::EtcdServer,
        "the docs' name kube-etcd"
    );
    assert!(has(&report, FindingId::WeakKey, "weak.crt"));
    assert!(has(&report, FindingId::CaUsedAsLeaf, "pki/etcd/ca.crt"));
    assert!(
        has(&report, FindingId::WrongFileType, "pki/etcd/ca.crt"),
        "a certificate given as --etcd-keyfile"
    );
    assert!(has(&report, FindingId::LeafUsedAsCa, "pki/etcd/server.crt"));
}

#[test]
fn etcd_server_certificate_as_a_client_certificate_is_noted() {
    let pki = kubeadm();
    let flags = "etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key get / --prefix --keys-only";
    let report = run(&[
        ("runbook.sh", flags),
        ("pki/etcd/ca.crt", &pki.files["pki/etcd/ca.crt"]),
        ("pki/etcd/server.crt", &pki.files["pki/etcd/server.crt"]),
        ("pki/etcd/server.key", &pki.files["pki/etcd/server.key"]),
    ]);
    let f = report
        .findings
        .iter()
        .find(|f| f.id == FindingId::ServerCertAsClient)
        .expect("server-cert-as-client");
    assert_eq!(f.severity, etcdtls_core::Severity::Info);
    assert!(f.fix.contains("healthcheck-client"));
}

#[test]
fn encrypted_and_ssh_keys_are_recognised_never_decrypted() {
    let legacy = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,0123456789ABCDEF0123456789ABCDEF\n\nYWJjZGVmZ2hpamtsbW5vcA==\n-----END RSA PRIVATE KEY-----\n";
    // An EncryptedPrivateKeyInfo: PBES2 (1.2.840.113549.1.5.13) with empty parameters, and
    // eight bytes of ciphertext.
    let der: Vec<u8> = vec![
        0x30, 0x19, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d, 0x30, 0x00, 0x04,
        0x08, 1, 2, 3, 4, 5, 6, 7, 8,
    ];
    let pkcs8 = format!(
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\n{}\n-----END ENCRYPTED PRIVATE KEY-----\n",
        base64::engine::general_purpose::STANDARD.encode(&der)
    );
    let ssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    let report = run(&[("legacy.key", legacy), ("pkcs8.key", &pkcs8), ("id_ed25519", ssh)]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(has(&report, FindingId::EncryptedKey, "legacy.key"));
    assert!(has(&report, FindingId::EncryptedKey, "pkcs8.key"));
    assert!(has(&report, FindingId::NotATlsKey, "id_ed25519"));
}

#[test]
fn csr_and_crl_are_read_and_revocation_is_found() {
    let ca = Ca::new_crl_signer("etcd-ca", KeyType::EcdsaP256, MINTED, MINTED + Duration::days(3650)).unwrap();
    let good = ca
        .issue(&LeafSpec::new("good", Usage::Client, MINTED, KeyType::EcdsaP256))
        .unwrap();
    let bad = ca
        .issue(&LeafSpec::new("bad", Usage::Client, MINTED, KeyType::EcdsaP256))
        .unwrap();
    let crl = ca.crl(&[&bad], MINTED, MINTED + Duration::days(7)).unwrap();
    let report = run(&[
        ("ca.crt", &ca.pair.cert_pem),
        ("good.crt", &good.cert_pem),
        ("bad.crt", &bad.cert_pem),
        ("ca.crl", &crl),
    ]);
    let crl_item = report.items.iter().find(|i| i.kind() == ItemKind::Crl).unwrap();
    assert_eq!(crl_item.issued_by.as_ref().unwrap().0, "ca.crt");
    assert!(has(&report, FindingId::Revoked, "bad.crt"));
    assert!(!has(&report, FindingId::Revoked, "good.crt"));
    assert!(
        has(&report, FindingId::CrlExpired, "ca.crl"),
        "next update was a week after minting"
    );

    let (request, key) = etcdtls_pki::csr("kube-apiserver-etcd-client", KeyType::EcdsaP256).unwrap();
    let report = run(&[("client.csr", &request), ("client.key", &key.pem)]);
    let csr = report.items.iter().find(|i| i.kind() == ItemKind::Csr).unwrap();
    assert_eq!(csr.role, Role::ApiserverEtcdClient);
    assert!(report.findings.iter().all(|f| f.id != FindingId::CsrSignatureInvalid));
    // Flip one byte of the signed part: the request no longer verifies.
    let der = base64::engine::general_purpose::STANDARD
        .decode(request.lines().filter(|l| !l.starts_with("-----")).collect::<String>())
        .unwrap();
    let mut tampered = der.clone();
    tampered[40] ^= 0x01;
    let report = analyze(&[Input::new("tampered.csr", &tampered)], &Options::at(NOW));
    assert!(
        has(&report, FindingId::CsrSignatureInvalid, "tampered.csr"),
        "{:?} {:?}",
        report.findings,
        report.errors
    );
}

#[test]
fn one_bad_block_never_hides_the_good_ones() {
    let ca = etcd_ca();
    let bundle = format!(
        "garbage\n-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n{}",
        ca.pair.cert_pem
    );
    let report = run(&[("bundle.pem", &bundle)]);
    assert_eq!(report.items.len(), 1);
    assert_eq!(report.items[0].id.0, "bundle.pem#2");
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].line, Some(2));
    assert_eq!(report.errors[0].source.to_string(), "bundle.pem#1");
}

#[test]
fn json_never_carries_private_key_material() {
    let pki = kubeadm();
    let inputs: Vec<(&str, &str)> = pki.files.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let report = run(&inputs);
    let json = serde_json::to_string(&ReportJson::new(&report)).unwrap();
    for (name, text) in &pki.files {
        if name.ends_with(".key") {
            for line in text.lines().filter(|l| !l.starts_with("-----")) {
                assert!(!json.contains(line), "{name} leaks into JSON");
            }
        }
    }
    for item in &report.items {
        if let ItemBody::PrivateKey(k) = &item.body {
            assert!(k.public_key.is_some(), "{} derived its public half", item.id);
        }
    }
}

#[test]
fn every_finding_id_is_documented() {
    let doc = include_str!("../../../docs/json.md");
    for id in FindingId::ALL {
        assert!(
            doc.contains(&format!("`{}`", id.id())),
            "docs/json.md lacks finding {}",
            id.id()
        );
    }
    for role in Role::ALL {
        assert!(
            doc.contains(&format!("`{}`", role.id())),
            "docs/json.md lacks role {}",
            role.id()
        );
    }
}

/// etcd's trust file holding the Kubernetes CA beside the etcd CA (a "bundle" made by hand):
/// etcd then lets in the API server's kubelet client, which was never meant for it; the same
/// etcd trusting its CA alone lets in only its own.
#[test]
fn a_trust_file_with_a_ca_beyond_etcds_own_is_reported_with_what_it_lets_in() {
    let pki = kubeadm();
    let etcd_ca = &pki.etcd_ca.pair.cert_pem;
    let kube_ca = &pki.kubernetes_ca.pair.cert_pem;
    let bundle = format!("{etcd_ca}{kube_ca}");
    let config = |ca: &str| {
        format!(
            "name: m1\nlisten-client-urls: https://127.0.0.1:2379\nclient-transport-security:\n  cert-file: /etc/etcd/server.crt\n  client-cert-auth: true\n  trusted-ca-file: {ca}\n"
        )
    };
    let etcd_client = &pki.files["pki/apiserver-etcd-client.crt"];
    let kubelet_client = &pki.files["pki/apiserver-kubelet-client.crt"];
    let with = |ca_path: &str, ca_text: &str| {
        let conf = config(ca_path);
        run(&[
            ("/etc/etcd/etcd.conf.yml", conf.as_str()),
            (ca_path, ca_text),
            ("/etc/kubernetes/pki/apiserver-etcd-client.crt", etcd_client.as_str()),
            (
                "/etc/kubernetes/pki/apiserver-kubelet-client.crt",
                kubelet_client.as_str(),
            ),
        ])
    };
    let report = with("/etc/etcd/ca-bundle.crt", &bundle);
    let beyond: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.id == FindingId::TrustBeyondEtcd)
        .collect();
    assert_eq!(beyond.len(), 1, "{:#?}", report.findings);
    let f = beyond[0];
    let items: Vec<&str> = f.items.iter().map(|i| i.0.as_str()).collect();
    assert_eq!(
        items,
        [
            "/etc/etcd/ca-bundle.crt#1",
            "/etc/etcd/ca-bundle.crt#2",
            "/etc/kubernetes/pki/apiserver-kubelet-client.crt"
        ]
    );
    assert!(
        f.message
            .contains("lets in 1 client certificate not made for etcd: kube-apiserver-kubelet-client"),
        "{}",
        f.message
    );
    assert!(
        f.message
            .contains("(etcd --trusted-ca-file in /etc/etcd/etcd.conf.yml)"),
        "{}",
        f.message
    );
    assert!(
        f.fix
            .starts_with("Give etcd --trusted-ca-file a file that holds only etcd's own CA"),
        "{}",
        f.fix
    );

    // A bundle of many CAs names three of them and counts the rest.
    let others: Vec<Ca> = (0..5)
        .map(|n| {
            Ca::new(
                &format!("other-{n}"),
                KeyType::EcdsaP256,
                MINTED,
                MINTED + Duration::days(3650),
            )
            .unwrap()
        })
        .collect();
    let mut many = etcd_ca.clone();
    let mut inputs: Vec<(String, String)> = Vec::new();
    for (n, ca) in others.iter().enumerate() {
        many.push_str(&ca.pair.cert_pem);
        let client = ca
            .issue(&LeafSpec::new(
                &format!("client-{n}"),
                Usage::Client,
                MINTED,
                KeyType::EcdsaP256,
            ))
            .unwrap();
        inputs.push((format!("client-{n}.crt"), client.cert_pem));
    }
    let conf = config("/etc/etcd/many.crt");
    inputs.push(("/etc/etcd/etcd.conf.yml".into(), conf));
    inputs.push(("/etc/etcd/many.crt".into(), many));
    let refs: Vec<(&str, &str)> = inputs.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let report = run(&refs);
    let f = report
        .findings
        .iter()
        .find(|f| f.id == FindingId::TrustBeyondEtcd)
        .expect("trust-beyond-etcd");
    assert!(f.message.contains("other-0 (/etc/etcd/many.crt#2), other-1 (/etc/etcd/many.crt#3), other-2 (/etc/etcd/many.crt#4) and 2 more CAs"), "{}", f.message);
    assert!(f.message.contains("lets in 5 client certificates"), "{}", f.message);
    assert_eq!(
        f.items.len(),
        1 + 3 + 3,
        "the file, three CAs, three clients: {:?}",
        f.items
    );

    let alone = with("/etc/etcd/ca.crt", etcd_ca);
    assert!(
        !alone.findings.iter().any(|f| f.id == FindingId::TrustBeyondEtcd),
        "{:#?}",
        alone.findings
    );
}

/// A kubeconfig kept in a Secret's value (Cluster API's `<cluster>-kubeconfig`): a broken field
/// is an error naming it, and the rest of the kubeconfig is still read; a value that means to
/// be a kubeconfig and does not parse is an error too.
#[test]
fn a_kubeconfig_in_a_secret_is_read_and_its_broken_parts_named() {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let pki = kubeadm();
    let admin = &pki.files["admin.conf"];
    let broken = admin.replacen("certificate-authority-data: ", "certificate-authority-data: %%", 1);
    let secret = |value: &str| {
        format!(
            "apiVersion: v1\ndata:\n  value: {}\nkind: Secret\nmetadata:\n  name: c1-kubeconfig\n",
            b64(value)
        )
    };
    let report = run(&[("kc.yaml", &secret(&broken))]);
    let errors: Vec<String> = report.errors.iter().map(|e| e.source.to_string()).collect();
    assert_eq!(errors, ["kc.yaml#data.value/clusters[0].certificate-authority-data"]);
    let ids: Vec<&str> = report.items.iter().map(|i| i.id.0.as_str()).collect();
    assert_eq!(
        ids,
        [
            "kc.yaml#data.value/users[0].client-certificate-data",
            "kc.yaml#data.value/users[0].client-key-data"
        ]
    );
    let report = run(&[("kc.yaml", &secret("kind: Config\nclusters: [\n"))]);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    assert_eq!(report.errors[0].source.to_string(), "kc.yaml#data.value");
    assert_eq!(report.errors[0].line, Some(2));
}

/// Two identities on one key are reported once, naming both; a renewal that keeps its key (as
/// `kubeadm certs renew` does) and a copy of a certificate are one identity and are not.
#[test]
fn one_key_under_two_names_is_reported_but_a_renewal_that_keeps_it_is_not() {
    let ca = etcd_ca();
    let spec = |cn: &str| LeafSpec::new(cn, Usage::Client, MINTED, KeyType::EcdsaP256);
    let healthcheck = ca.issue(&spec("kube-etcd-healthcheck-client")).unwrap();
    let apiserver = ca
        .issue_for(&spec("kube-apiserver-etcd-client"), &healthcheck.key)
        .unwrap();
    let renewed = ca
        .issue_for(
            &spec("kube-etcd-healthcheck-client").valid(MINTED + Duration::days(30), MINTED + Duration::days(400)),
            &healthcheck.key,
        )
        .unwrap();
    let report = run(&[
        ("ca.crt", &ca.pair.cert_pem),
        ("healthcheck-client.crt", &healthcheck.cert_pem),
        ("healthcheck-client.key", &healthcheck.key.pem),
        ("renewed/healthcheck-client.crt", &renewed),
        ("copy/healthcheck-client.crt", &healthcheck.cert_pem),
        ("apiserver-etcd-client.crt", &apiserver),
    ]);
    assert_eq!(
        ids(&report, FindingId::SharedKey),
        [["healthcheck-client.crt", "apiserver-etcd-client.crt"]],
        "{:#?}",
        report.findings
    );
    let shared = report.findings.iter().find(|f| f.id == FindingId::SharedKey).unwrap();
    assert!(
        shared
            .message
            .contains("whoever holds healthcheck-client.key can present each of them"),
        "{}",
        shared.message
    );

    let without_the_second_name = run(&[
        ("ca.crt", &ca.pair.cert_pem),
        ("healthcheck-client.crt", &healthcheck.cert_pem),
        ("renewed/healthcheck-client.crt", &renewed),
    ]);
    assert!(ids(&without_the_second_name, FindingId::SharedKey).is_empty());
}

#[test]
fn a_crl_is_explained_as_a_revocation_list_with_its_issuer() {
    let ca = Ca::new_crl_signer("etcd-ca", KeyType::EcdsaP256, MINTED, MINTED + Duration::days(3650)).unwrap();
    let leaf = ca
        .issue(&LeafSpec::new("etcd-client", Usage::Client, MINTED, KeyType::EcdsaP256))
        .unwrap();
    let crl = ca.crl(&[&leaf], MINTED, MINTED + Duration::days(3650)).unwrap();
    for report in [
        run(&[("pki/etcd/ca.crt", &ca.pair.cert_pem), ("pki/etcd/ca.crl", &crl)]),
        run(&[("ca.crl", &crl)]),
    ] {
        let item = report.items.iter().find(|i| i.kind() == ItemKind::Crl).unwrap();
        let e = etcdtls_core::explain(&report, item);
        assert_eq!(e.used_by, vec!["usually etcd --client-crl-file".to_string()]);
        let title = etcdtls_core::explain::role_title(item);
        assert!(title.starts_with("revocation list"), "{title}");
        let reasons = item.role_reasons.join("; ");
        assert!(reasons.contains("revocation list published by"), "{reasons}");
        if report.items.len() == 1 {
            assert!(reasons.contains("CN = etcd-ca"), "{reasons}");
        }
    }
}

/// Typhoon after a second `terraform apply` made a new etcd CA: kube-apiserver's new client
/// certificate is signed by it, while etcd's `server-ca.crt` (its `ETCD_TRUSTED_CA_FILE`) still
/// holds the old one. etcd refuses the client; the finding names both files and etcd's file.
#[test]
fn a_client_signed_by_a_ca_etcd_does_not_trust_is_reported() {
    let old = etcd_ca();
    let new = etcd_ca();
    let client = new
        .issue(&LeafSpec::new(
            "kube-apiserver-etcd-client",
            Usage::Client,
            MINTED,
            KeyType::EcdsaP256,
        ))
        .unwrap();
    let env = "ETCD_TRUSTED_CA_FILE=/etc/ssl/certs/etcd/server-ca.crt\nETCD_CLIENT_CERT_AUTH=true\n";
    let inputs = [
        ("etc/etcd/etcd.env", env),
        ("etc/ssl/etcd/etcd/server-ca.crt", old.pair.cert_pem.as_str()),
        ("etc/kubernetes/pki/etcd-client-ca.crt", new.pair.cert_pem.as_str()),
        ("etc/kubernetes/pki/etcd-client.crt", client.cert_pem.as_str()),
    ];
    let report = run(&inputs);
    assert_eq!(
        ids(&report, FindingId::ClientNotTrusted),
        vec![vec![
            "etc/kubernetes/pki/etcd-client.crt".to_string(),
            "etc/kubernetes/pki/etcd-client-ca.crt".to_string()
        ]]
    );
    let f = report
        .findings
        .iter()
        .find(|f| f.id == FindingId::ClientNotTrusted)
        .unwrap();
    assert!(
        f.message
            .contains("/etc/ssl/certs/etcd/server-ca.crt (here etc/ssl/etcd/etcd/server-ca.crt)"),
        "{}",
        f.message
    );
    // The same CA in both files (Typhoon as made): nothing to say.
    let same = [
        ("etc/etcd/etcd.env", env),
        ("etc/ssl/etcd/etcd/server-ca.crt", new.pair.cert_pem.as_str()),
        ("etc/kubernetes/pki/etcd-client.crt", client.cert_pem.as_str()),
    ];
    assert!(ids(&run(&same), FindingId::ClientNotTrusted).is_empty());
}

/// Cilium's `cilium-etcd-secrets` given the Kubernetes CA as `etcd-client-ca.crt` (the CA it
/// trusts for etcd): reported; the etcd CA there, or the Kubernetes CA under its own name, not.
#[test]
fn the_kubernetes_ca_under_etcds_ca_name_in_a_secret_is_reported() {
    let pki = kubeadm();
    let etcd = etcd_ca();
    let client = etcd
        .issue(&LeafSpec::new("cilium", Usage::Client, MINTED, KeyType::EcdsaP256))
        .unwrap();
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let secret = |ca: &str| {
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: cilium-etcd-secrets\n  namespace: kube-system\ndata:\n  etcd-client-ca.crt: {}\n  etcd-client.crt: {}\n",
            b64(ca),
            b64(&client.cert_pem)
        )
    };
    let wrong = run(&[("cilium-etcd-secrets.yaml", &secret(&pki.files["pki/ca.crt"]))]);
    assert_eq!(
        ids(&wrong, FindingId::UsageContradictsContent),
        vec![vec!["cilium-etcd-secrets.yaml#data.etcd-client-ca.crt".to_string()]]
    );
    let right = run(&[("cilium-etcd-secrets.yaml", &secret(&etcd.pair.cert_pem))]);
    assert!(ids(&right, FindingId::UsageContradictsContent).is_empty());
    let own_name = run(&[("pki/ca.crt", &pki.files["pki/ca.crt"])]);
    assert!(ids(&own_name, FindingId::UsageContradictsContent).is_empty());
}

/// kubeadm's external-etcd guide copies the etcd CA into `/tmp/<host>/pki` for every host: each
/// certificate is linked to the copy in its own tree, not to whichever path sorts first.
#[test]
fn a_certificate_is_linked_to_the_copy_of_its_ca_nearest_it() {
    let ca = etcd_ca();
    let leaf = |cn: &str| {
        ca.issue(&LeafSpec::new(cn, Usage::Client, MINTED, KeyType::EcdsaP256))
            .unwrap()
            .cert_pem
    };
    let (here, there) = (leaf("kube-apiserver-etcd-client"), leaf("kube-etcd-healthcheck-client"));
    let report = run(&[
        ("etc/kubernetes/pki/etcd/ca.crt", &ca.pair.cert_pem),
        ("etc/kubernetes/pki/apiserver-etcd-client.crt", &here),
        ("tmp/10.0.0.7/pki/etcd/ca.crt", &ca.pair.cert_pem),
        ("tmp/10.0.0.7/pki/etcd/healthcheck-client.crt", &there),
    ]);
    let issuer = |id: &str| {
        report
            .items
            .iter()
            .find(|i| i.id.0 == id)
            .and_then(|i| i.issued_by.clone())
            .map(|i| i.0)
    };
    assert_eq!(
        issuer("etc/kubernetes/pki/apiserver-etcd-client.crt").as_deref(),
        Some("etc/kubernetes/pki/etcd/ca.crt")
    );
    assert_eq!(
        issuer("tmp/10.0.0.7/pki/etcd/healthcheck-client.crt").as_deref(),
        Some("tmp/10.0.0.7/pki/etcd/ca.crt")
    );
}

#[test]
fn a_path_matching_only_the_end_of_a_layouts_path_is_said_as_that_end() {
    let pki = kubeadm();
    // kubeadm's etcd files, kept where no kubeadm keeps them: only `etcd/peer.crt` matches
    // kubeadm's `pki/etcd/peer.crt`.
    let files: Vec<(String, &String)> = (pki.files.iter())
        .filter_map(|(p, t)| Some((format!("/etc/ssl/etcd/{}", p.strip_prefix("pki/etcd/")?), t)))
        .collect();
    let inputs: Vec<Input<'_>> = files.iter().map(|(p, t)| Input::new(p, t.as_bytes())).collect();
    let report = analyze(&inputs, &Options::at(NOW));
    let peer = report.items.iter().find(|i| i.id.0.ends_with("etcd/peer.crt")).unwrap();
    let reasons = peer.role_reasons.join("; ");
    assert!(
        reasons.contains(
            "the end of its path, etcd/peer.crt, is that of kubeadm's etcd peer certificate (pki/etcd/peer.crt)"
        ),
        "{reasons}"
    );
    assert!(!reasons.contains("is where kubeadm keeps"), "{reasons}");
    // The whole of a layout's path is still said as the layout's.
    let inputs: Vec<Input<'_>> = pki.files.iter().map(|(p, t)| Input::new(p, t.as_bytes())).collect();
    let report = analyze(&inputs, &Options::at(NOW));
    let peer = report.items.iter().find(|i| i.id.0 == "pki/etcd/peer.crt").unwrap();
    let reasons = peer.role_reasons.join("; ");
    assert!(
        reasons.contains("its path pki/etcd/peer.crt is where kubeadm keeps its etcd peer certificate"),
        "{reasons}"
    );
}

/// Calico's `calico-etcd-secrets` given etcd's server certificate as `etcd-cert`, the client
/// identity Calico presents to etcd (runbooks `cat /etc/kubernetes/pki/etcd/server.crt` into
/// it): reported, as refused where it lacks clientAuth; a client certificate there, not.
#[test]
fn etcds_server_certificate_as_calicos_client_certificate_is_reported() {
    let pki = kubeadm();
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let secret = |cert: &str, key: &str| {
        format!(
            "apiVersion: v1\nkind: Secret\ntype: Opaque\nmetadata:\n  name: calico-etcd-secrets\n  namespace: kube-system\ndata:\n  etcd-key: {}\n  etcd-cert: {}\n  etcd-ca: {}\n",
            b64(key),
            b64(cert),
            b64(&pki.files["pki/etcd/ca.crt"])
        )
    };
    let message = |report: &Report| {
        let found: Vec<_> = (report.findings.iter())
            .filter(|f| f.id == FindingId::UsageContradictsContent)
            .collect();
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].items[0].0, "calico.yaml#data.etcd-cert");
        found[0].message.clone()
    };
    let server = run(&[(
        "calico.yaml",
        &secret(&pki.files["pki/etcd/server.crt"], &pki.files["pki/etcd/server.key"]),
    )]);
    assert!(message(&server).contains("it works, as it carries clientAuth"));
    // The Secret's name and key say whose copy of the CA it is: Calico's, not a layout's file.
    let ca = server
        .items
        .iter()
        .find(|i| i.id.0 == "calico.yaml#data.etcd-ca")
        .unwrap();
    let reasons = ca.role_reasons.join("; ");
    assert!(
        reasons
            .contains("its key etcd-ca in the Secret calico-etcd-secrets is where Calico keeps its copy of etcd's CA"),
        "{reasons}"
    );
    assert!(!reasons.contains("kubeadm"), "{reasons}");
    let serving_only = pki
        .etcd_ca
        .issue(&LeafSpec::new("node-1", Usage::Server, MINTED, KeyType::EcdsaP256).sans(["node-1", "10.0.0.5"]))
        .unwrap();
    let refused = run(&[("calico.yaml", &secret(&serving_only.cert_pem, &serving_only.key.pem))]);
    assert!(message(&refused).contains("etcd refuses it"));
    let client = run(&[(
        "calico.yaml",
        &secret(
            &pki.files["pki/apiserver-etcd-client.crt"],
            &pki.files["pki/apiserver-etcd-client.key"],
        ),
    )]);
    assert!(ids(&client, FindingId::UsageContradictsContent).is_empty());
}

/// A Procfile that starts two members, each with its own certificate for its own host (etcd's
/// `hack/tls-setup` layout, with names of their own): each member's URLs are checked against
/// its own certificate, not the first line's.
#[test]
fn each_member_of_a_procfile_is_checked_against_its_own_certificate() {
    let ca = etcd_ca();
    let one = ca
        .issue(&LeafSpec::new("etcd1", Usage::ServerAndClient, MINTED, KeyType::EcdsaP256).sans(["etcd1.example"]))
        .unwrap();
    let two = ca
        .issue(&LeafSpec::new("etcd2", Usage::ServerAndClient, MINTED, KeyType::EcdsaP256).sans(["etcd2.example"]))
        .unwrap();
    let procfile = "etcd1: bin/etcd --name infra1 --listen-client-urls https://etcd1.example:2379 --advertise-client-urls https://etcd1.example:2379 --cert-file=certs/etcd1.pem --key-file=certs/etcd1-key.pem --client-cert-auth --trusted-ca-file=certs/ca.pem\n\
etcd2: bin/etcd --name infra2 --listen-client-urls https://etcd2.example:2379 --advertise-client-urls https://etcd2.example:2379 --cert-file=certs/etcd2.pem --key-file=certs/etcd2-key.pem --client-cert-auth --trusted-ca-file=certs/ca.pem\n";
    let report = run(&[
        ("Procfile", procfile),
        ("certs/ca.pem", &ca.pair.cert_pem),
        ("certs/etcd1.pem", &one.cert_pem),
        ("certs/etcd1-key.pem", &one.key.pem),
        ("certs/etcd2.pem", &two.cert_pem),
        ("certs/etcd2-key.pem", &two.key.pem),
    ]);
    assert_eq!(report.members.len(), 2);
    let missing: Vec<_> = (report.findings.iter())
        .filter(|f| f.id == FindingId::SanMissingEndpoint)
        .map(|f| &f.message)
        .collect();
    assert!(missing.is_empty(), "{missing:#?}");
}
