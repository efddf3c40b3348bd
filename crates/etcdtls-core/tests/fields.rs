//! Each field `etcdtls explain` prints, held to what OpenSSL and Go say about it: certificates
//! made here with rcgen, or fixed DER.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use etcdtls_core::{Input, Item, Options, Report, analyze, explain};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType, SerialNumber,
};
use time::OffsetDateTime;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-03-01 00:00 UTC);

fn key() -> KeyPair {
    KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap()
}

fn params(cn: &str, ca: bool) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = DistinguishedName::new();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.not_before = datetime!(2026-01-01 00:00 UTC);
    p.not_after = datetime!(2030-01-01 00:00 UTC);
    p.serial_number = Some(SerialNumber::from(7u64));
    if ca {
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    } else {
        p.is_ca = IsCa::ExplicitNoCa;
    }
    p
}

/// A CA and a leaf it signs made from `leaf`, as PEM.
fn signed(leaf: CertificateParams) -> (String, String) {
    let ca_key = key();
    let ca_params = params("fields-ca", true);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::from_params(&ca_params, &ca_key);
    (ca.pem(), leaf.signed_by(&key(), &issuer).unwrap().pem())
}

fn run(inputs: &[(&str, &[u8])]) -> Report {
    run_at(inputs, NOW)
}

fn run_at(inputs: &[(&str, &[u8])], now: OffsetDateTime) -> Report {
    let inputs: Vec<Input<'_>> = inputs.iter().map(|(n, b)| Input::new(n, b)).collect();
    analyze(&inputs, &Options::at(now))
}

fn item<'a>(report: &'a Report, id: &str) -> &'a Item {
    report.items.iter().find(|i| i.id.0 == id).unwrap_or_else(|| {
        panic!(
            "no {id} in {:?}",
            report.items.iter().map(|i| &i.id).collect::<Vec<_>>()
        )
    })
}

#[test]
fn control_characters_in_names_are_escaped_not_dropped() {
    let mut p = params("ctl\u{1b}[31m", false);
    p.subject_alt_names = vec![
        SanType::DnsName("good.example\0.evil.com".try_into().unwrap()),
        SanType::DnsName("line\nbreak.example".try_into().unwrap()),
        SanType::URI("https://a/\u{7f}".try_into().unwrap()),
    ];
    let (ca, leaf) = signed(p);
    let report = run(&[("ca.crt", ca.as_bytes()), ("leaf.crt", leaf.as_bytes())]);
    let e = explain(&report, item(&report, "leaf.crt"));
    assert!(
        e.identifies
            .contains("DNS:good.example\\00.evil.com, DNS:line\\0Abreak.example, URI:https://a/\\7F"),
        "{}",
        e.identifies
    );
    assert!(e.headline.contains("ctl\\1B[31m"), "{}", e.headline);
    for text in [&e.headline, &e.identifies, &e.picture] {
        assert!(!text.chars().any(char::is_control), "{text:?}");
    }
}

/// Each kind of name as `openssl x509 -text` lists it (OpenSSL 3.0, the same certificate made
/// with `-addext`): IPv6 in eight upper-case groups, otherNames with their string values.
#[test]
fn alternative_names_print_as_openssl_lists_them() {
    let mut p = params("etcd-server", false);
    p.subject_alt_names = vec![
        SanType::DnsName("localhost".try_into().unwrap()),
        SanType::IpAddress("127.0.0.1".parse().unwrap()),
        SanType::IpAddress("::1".parse().unwrap()),
        SanType::IpAddress("fd00::a:1".parse().unwrap()),
        SanType::Rfc822Name("a@b.c".try_into().unwrap()),
        SanType::URI("https://x.y/z".try_into().unwrap()),
        SanType::OtherName((vec![1, 3, 6, 1, 4, 1, 311, 20, 2, 3], "user@x".into())),
        SanType::OtherName((vec![1, 2, 3, 5], "hello".into())),
    ];
    let (ca, leaf) = signed(p);
    let report = run(&[("ca.crt", ca.as_bytes()), ("leaf.crt", leaf.as_bytes())]);
    let e = explain(&report, item(&report, "leaf.crt"));
    assert!(
        e.identifies.ends_with(
            "DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:FD00:0:0:0:0:0:A:1, \
             email:a@b.c, URI:https://x.y/z, othername: UPN::user@x, othername: 1.2.3.5::hello."
        ),
        "{}",
        e.identifies
    );
}

/// Go (`parent certificate cannot sign this kind of certificate`) and OpenSSL (`key usage does
/// not include certificate signing`) refuse what a CA without keyCertSign signs: its leaf's
/// signature checks out, yet nothing it signs is offered as a way to connect.
#[test]
fn a_ca_without_key_cert_sign_is_said_to_sign_nothing_that_is_accepted() {
    let ca_key = key();
    let mut ca_params = params("etcd-ca", true);
    ca_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    let ca = ca_params.self_signed(&ca_key).unwrap().pem();
    let issuer = Issuer::from_params(&ca_params, &ca_key);
    let mut leaf = params("etcd-healthcheck-client", false);
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let leaf_key = key();
    let cert = leaf.signed_by(&leaf_key, &issuer).unwrap().pem();
    let leaf_key = leaf_key.serialize_pem();
    let report = run(&[
        ("pki/etcd/ca.crt", ca.as_bytes()),
        ("pki/etcd/healthcheck-client.crt", cert.as_bytes()),
        ("pki/etcd/healthcheck-client.key", leaf_key.as_bytes()),
    ]);
    let e = explain(&report, item(&report, "pki/etcd/healthcheck-client.crt"));
    assert!(
        e.issued_by.ends_with(
            "its signature checks out, but verifiers refuse the certificate: its key usage lacks keyCertSign."
        ),
        "{}",
        e.issued_by
    );
    let e = explain(&report, item(&report, "pki/etcd/ca.crt"));
    assert!(
        e.allows.ends_with("so no certificate it signs is accepted."),
        "{}",
        e.allows
    );
    assert!(etcdtls_core::recipe::connection_recipes(&report).is_empty());
    assert_eq!(etcdtls_core::recipe::intended_connection_recipes(&report).len(), 1);
}

/// Names a sentence would lose or a terminal would reorder: a bidirectional override escaped
/// like a control character, an empty common name said, spaces at the ends quoted, and a DNS
/// name holding a comma quoted so it is not read as two names.
#[test]
fn names_that_would_mislead_in_a_sentence_are_escaped_said_or_quoted() {
    let check = |cn: &str, orgs: &[&str], sans: Vec<SanType>| {
        let mut p = params(cn, false);
        for o in orgs {
            p.distinguished_name.push(DnType::OrganizationName, *o);
        }
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        p.subject_alt_names = sans;
        let (ca, leaf) = signed(p);
        let report = run(&[("ca.crt", ca.as_bytes()), ("leaf.crt", leaf.as_bytes())]);
        explain(&report, item(&report, "leaf.crt"))
    };
    let e = check("abc\u{202E}fed", &[], vec![]);
    assert!(e.headline.ends_with("abc\\E2\\80\\AEfed"), "{}", e.headline);
    assert!(!e.picture.contains('\u{202E}'), "{}", e.picture);
    let e = check("", &["org"], vec![]);
    assert!(
        e.picture.starts_with("A passport for (empty common name)."),
        "{}",
        e.picture
    );
    let e = check(" leading", &["trailing "], vec![]);
    assert!(
        e.identifies.starts_with("\" leading\" (groups: \"trailing \")"),
        "{}",
        e.identifies
    );
    let e = check(
        "comma",
        &[],
        vec![SanType::DnsName("a.example, DNS:evil.example".try_into().unwrap())],
    );
    assert!(
        e.identifies
            .ends_with("Valid for the names DNS:\"a.example, DNS:evil.example\"."),
        "{}",
        e.identifies
    );
}

/// What OpenSSL reads but Go's crypto/x509 refuses (parser.go, verify.go): a critical
/// extension Go does not handle, the same extension twice, a negative serial number.
#[test]
fn certificates_go_refuses_are_said_to_be_refused() {
    let go_refuses = |p: CertificateParams| {
        let (ca, leaf) = signed(p);
        let report = run(&[("ca.crt", ca.as_bytes()), ("leaf.crt", leaf.as_bytes())]);
        (report.findings.iter())
            .find(|f| f.id == etcdtls_core::FindingId::GoRefuses && f.items[0].0 == "leaf.crt")
            .map(|f| (f.severity, f.message.clone()))
    };
    let mut p = params("critical", false);
    let mut ext = rcgen::CustomExtension::from_oid_content(&[1, 3, 6, 1, 4, 1, 99999, 1], vec![0x05, 0x00]);
    ext.set_criticality(true);
    p.custom_extensions = vec![ext];
    let (severity, message) = go_refuses(p).expect("an unhandled critical extension");
    assert_eq!(severity, etcdtls_core::Severity::Error);
    assert!(
        message.contains("1.3.6.1.4.1.99999.1") && message.contains("unhandled critical extension"),
        "{message}"
    );

    let mut p = params("twice", false);
    p.subject_alt_names = vec![SanType::DnsName("a.example".try_into().unwrap())];
    // A second subjectAltName beside rcgen's own: SEQUENCE { [2] "b.example" }.
    let mut second = vec![0x30, 11, 0x82, 9];
    second.extend_from_slice(b"b.example");
    p.custom_extensions = vec![rcgen::CustomExtension::from_oid_content(&[2, 5, 29, 17], second)];
    let (_, message) = go_refuses(p).expect("a duplicate extension");
    assert!(message.contains("2.5.29.17 twice"), "{message}");

    // An iPAddress name of 3 bytes: SEQUENCE { [7] 01 02 03 }.
    let mut p = params("short-ip", false);
    p.custom_extensions = vec![rcgen::CustomExtension::from_oid_content(
        &[2, 5, 29, 17],
        vec![0x30, 0x05, 0x87, 0x03, 0x01, 0x02, 0x03],
    )];
    let (_, message) = go_refuses(p).expect("an IP name of 3 bytes");
    assert!(message.contains("cannot parse IP address of length 3"), "{message}");

    // rcgen writes serials unsigned: a serial of 0x7b made negative (0xfb) in the DER.
    let mut p = params("negative", false);
    p.serial_number = Some(SerialNumber::from(0x7bu64));
    let mut der = p.self_signed(&key()).unwrap().der().to_vec();
    let at = der
        .windows(3)
        .position(|w| w == [0x02, 0x01, 0x7b])
        .expect("the serial");
    der[at + 2] = 0xfb;
    let report = run(&[("negative.der", &der)]);
    let message = (report.findings.iter())
        .find(|f| f.id == etcdtls_core::FindingId::GoRefuses)
        .map(|f| f.message.clone())
        .expect("a negative serial");
    assert!(message.contains("negative serial number"), "{message}");

    // An ordinary certificate: nothing to say.
    assert_eq!(go_refuses(params("ordinary", false)), None);
}

/// Keys Go's TLS cannot load are said so for the right reason: an RSASSA-PSS key is named
/// RSA-PSS (Go's ParsePKCS8PrivateKey refuses it), while an encrypted EC key is unusable for
/// its encryption, not for a curve the encryption hides.
#[test]
fn keys_go_cannot_load_are_named_for_the_right_reason() {
    use base64::Engine as _;
    let rsa = etcdtls_pki::Key::generate(etcdtls_pki::KeyType::Rsa1024).unwrap();
    let body: String = (rsa.pkcs8_pem.lines()).filter(|l| !l.starts_with("-----")).collect();
    let mut der = base64::engine::general_purpose::STANDARD.decode(body).unwrap();
    // rsaEncryption (1.2.840.113549.1.1.1) becomes id-RSASSA-PSS (…1.1.10), the same length.
    let oid = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    let at = der.windows(oid.len()).position(|w| w == oid).unwrap();
    der[at + oid.len() - 1] = 0x0a;
    let report = run(&[("pss.der", &der)]);
    let e = explain(&report, item(&report, "pss.der"));
    assert!(
        e.headline.starts_with("Private key (RSA-PSS 1024, PKCS#8)"),
        "{}",
        e.headline
    );
    // Alone, nothing says what it is for: not "certificate of unknown purpose".
    assert!(e.headline.ends_with("— key of unknown purpose"), "{}", e.headline);
    assert!(
        e.allows.contains("Go's TLS does not load RSA-PSS 1024 keys"),
        "{}",
        e.allows
    );

    let encrypted = "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00112233445566778899AABBCCDDEEFF\n\nAAAAAAAAAAAAAAAAAAAAAA==\n-----END EC PRIVATE KEY-----\n";
    let report = run(&[("enc.key", encrypted.as_bytes())]);
    let e = explain(&report, item(&report, "enc.key"));
    assert!(!e.allows.contains("does not load"), "{}", e.allows);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.id == etcdtls_core::FindingId::EncryptedKey)
    );
}

/// An extended key usage extension that lists nothing: Go (checkChainForKeyUsage) takes the
/// certificate for any purpose, and etcd accepts it as a client's.
#[test]
fn an_empty_extended_key_usage_is_any_purpose_as_go_takes_it() {
    let mut p = params("empty-eku", false);
    p.custom_extensions = vec![rcgen::CustomExtension::from_oid_content(
        &[2, 5, 29, 37],
        vec![0x30, 0x00],
    )];
    let (ca, leaf) = signed(p);
    let report = run(&[("ca.crt", ca.as_bytes()), ("leaf.crt", leaf.as_bytes())]);
    let cert = item(&report, "leaf.crt").certificate().unwrap();
    assert!(cert.allows_client_auth() && cert.allows_server_auth());
    let e = explain(&report, item(&report, "leaf.crt"));
    assert!(e.allows.contains("any purpose"), "{}", e.allows);
}

/// A certificate for TLS servers and clients from the etcd CA, with nothing else to go by, may
/// be a member's for either port: not asserted to be the peer one. Its name settles it.
#[test]
fn a_member_certificate_with_no_clue_is_server_or_peer() {
    let ca_key = key();
    let ca_params = params("etcd-ca", true);
    let ca = ca_params.self_signed(&ca_key).unwrap().pem();
    let issuer = Issuer::from_params(&ca_params, &ca_key);
    let mut leaf = params("m1", false);
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth, ExtendedKeyUsagePurpose::ClientAuth];
    let leaf = leaf.signed_by(&key(), &issuer).unwrap().pem();
    let role = |name: &str| {
        let report = run(&[("ca.pem", ca.as_bytes()), (name, leaf.as_bytes())]);
        item(&report, name).role
    };
    assert_eq!(role("m1.pem"), etcdtls_core::role::Role::EtcdMember);
    assert_eq!(role("peer.crt"), etcdtls_core::role::Role::EtcdPeer);
}

#[test]
fn any_extended_key_usage_is_for_tls_servers_and_clients_as_go_takes_it() {
    let mut p = params("any-eku", false);
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::Any];
    let (ca, leaf) = signed(p);
    let report = run(&[("ca.crt", ca.as_bytes()), ("leaf.crt", leaf.as_bytes())]);
    let leaf = item(&report, "leaf.crt");
    let reasons = leaf.role_reasons.join("; ");
    assert!(!reasons.contains("neither"), "{reasons}");
    assert!(reasons.contains("anyExtendedKeyUsage"), "{reasons}");
    let e = explain(&report, leaf);
    assert!(!e.allows.contains("nothing marks it for TLS"), "{}", e.allows);
    assert!(e.allows.contains("any purpose"), "{}", e.allows);
}

/// etcd's `checkCRL` refuses every serial its CRL file lists: it reads no reasons (a
/// removeFromCRL entry too) and checks neither the list's issuer nor its signature.
#[test]
fn a_crl_entry_revokes_as_etcd_reads_it_by_serial_alone() {
    use rcgen::{CertificateRevocationListParams, KeyIdMethod, RevocationReason, RevokedCertParams};
    let ca_key = key();
    let ca_params = params("fields-ca", true);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::from_params(&ca_params, &ca_key);
    let leaf = |cn: &str, serial: u64| {
        let mut p = params(cn, false);
        p.serial_number = Some(SerialNumber::from(serial));
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        p.signed_by(&key(), &issuer).unwrap().pem()
    };
    let entry = |serial: u64, reason| RevokedCertParams {
        serial_number: SerialNumber::from(serial),
        revocation_time: datetime!(2026-02-01 00:00 UTC),
        reason_code: Some(reason),
        invalidity_date: None,
    };
    let crl = CertificateRevocationListParams {
        this_update: datetime!(2026-02-01 00:00 UTC),
        next_update: datetime!(2026-04-01 00:00 UTC),
        crl_number: SerialNumber::from(2u64),
        issuing_distribution_point: None,
        revoked_certs: vec![
            entry(10, RevocationReason::CertificateHold),
            entry(11, RevocationReason::RemoveFromCrl),
        ],
        key_identifier_method: KeyIdMethod::Sha256,
    }
    .signed_by(&issuer)
    .unwrap()
    .pem()
    .unwrap();
    let (held, lifted) = (leaf("held", 10), leaf("lifted", 11));
    // Another CA's certificate that happens to carry serial 10.
    let other_key = key();
    let other_params = params("other-ca", true);
    let other_issuer = Issuer::from_params(&other_params, &other_key);
    let mut stranger = params("stranger", false);
    stranger.serial_number = Some(SerialNumber::from(10u64));
    let stranger = stranger.signed_by(&key(), &other_issuer).unwrap().pem();
    let other_ca = other_params.self_signed(&other_key).unwrap().pem();
    let report = run(&[
        ("ca.crt", ca.pem().as_bytes()),
        ("held.crt", held.as_bytes()),
        ("lifted.crt", lifted.as_bytes()),
        ("ca.crl", crl.as_bytes()),
        ("other-ca.crt", other_ca.as_bytes()),
        ("stranger.crt", stranger.as_bytes()),
    ]);
    let revoked = |id: &str| {
        report
            .findings
            .iter()
            .find(|f| f.id == etcdtls_core::FindingId::Revoked && f.items[0].0 == id)
            .unwrap_or_else(|| panic!("{id} not revoked: {:#?}", report.findings))
    };
    let held = revoked("held.crt");
    assert_eq!(held.severity, etcdtls_core::Severity::Error);
    assert!(held.message.contains("certificateHold"), "{}", held.message);
    assert!(held.fix.contains("lift the hold"), "{}", held.fix);
    let lifted = revoked("lifted.crt");
    assert_eq!(lifted.severity, etcdtls_core::Severity::Error);
    assert!(lifted.message.contains("removeFromCRL"), "{}", lifted.message);
    let stranger = revoked("stranger.crt");
    assert_eq!(stranger.severity, etcdtls_core::Severity::Warning);
    assert!(
        stranger.message.contains("serial numbers alone"),
        "{}",
        stranger.message
    );
    let json = serde_json::to_value(etcdtls_core::json::ReportJson::new(&report)).unwrap();
    let crl = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "ca.crl")
        .unwrap();
    assert_eq!(crl["revoked"], serde_json::json!(["0a", "0b"]));
    assert_eq!(crl["revocations"][1]["reason"], "removeFromCRL");
    assert_eq!(crl["revocations"][0]["revoked_at"], "2026-02-01T00:00:00Z");
    let e = explain(&report, item(&report, "ca.crl"));
    assert!(
        e.picture.ends_with(
            ": 2 serial numbers, 1 of them marked removeFromCRL (a hold lifted), which etcd refuses all the same."
        ),
        "{}",
        e.picture
    );
}

#[test]
fn der_with_bytes_after_it_is_read_and_the_rest_reported() {
    let der = params("trailing", false).self_signed(&key()).unwrap().der().to_vec();
    let mut bytes = der.clone();
    bytes.extend_from_slice(b"\n\x00junk");
    let report = run(&[("leaf.der", &bytes)]);
    assert!(
        report.items.iter().any(|i| i.certificate().is_some()),
        "{:?}",
        report.errors
    );
    let trailing: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.id == etcdtls_core::FindingId::TrailingData)
        .collect();
    assert_eq!(trailing.len(), 1);
    assert!(trailing[0].message.contains("6 bytes"), "{}", trailing[0].message);
    let report = run(&[("leaf.der", &der)]);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.id != etcdtls_core::FindingId::TrailingData)
    );
}

#[test]
fn pem_blocks_are_read_across_bytes_that_are_not_utf8() {
    let (ca, leaf) = signed(params("latin1", false));
    let mut bytes = b"# Zertifikat f\xfcr etcd\n".to_vec();
    bytes.extend_from_slice(ca.as_bytes());
    bytes.extend_from_slice(b"\xff\xfe\n");
    bytes.extend_from_slice(leaf.as_bytes());
    let report = run(&[("bundle.pem", &bytes)]);
    assert_eq!(
        report.items.iter().filter(|i| i.certificate().is_some()).count(),
        2,
        "{:?}",
        report.errors
    );
}

/// Throwaway keys made with OpenSSL 3 (`openssl gendsa`, `openssl ecparam -param_enc explicit`) for
/// the formats rcgen does not write.
const DSAT: &str = "-----BEGIN DSA PRIVATE KEY-----\nMIIBzAIBAAKBgQC/n/LsMQDQJ8xPUSlrbS0ahkiX007lrsRgoL9G8/qIyrU1dSns\niohLnQd1Ce5StnMVGV6Hu+smNZH3hOgFaYrQ0kVIDQNPsl/j2A+QKdEzCM4JPYUP\nA1T8cCg8ZU3xXkNHYTp99UuH/5Y5PNdcBiBGfTU8YCpZz4QQ3QUwnnNwbQIdAMbm\nrnAhT/U0WCnw/yHvd4BsyIwc8ElVCXVuOOMCgYEAkIX9bSIs398Yd0Cm65tPP+kH\n4z3I42fo9vXUNuvSS+G56RrduTao7WcLDz9/1ct/3WO+b+zu+2LvC9o5a47xb6HQ\nM9imYHhixA4nWnAzAwRKz3kASDfG3ieP1EGP5TnHXd8NuegESg7a0ZNbSWsJVUea\nHseCa+d/Yeitigkk5ggCgYEAowgBzLmT/feAp8w91PVQLYDneqJCnurcHCiiJjfO\nTc2bjJbe1ibdUrL6EfC1fiCc01QfAgoPP2I6JRk6i5bX7aMdlkWJWFoc14RStiM2\nn8qeLaLL5RiHLqzhynR/O49cMdhBqP/YKckADABrbjanB4Tnylf+BssptpcipPef\nAqgCHBw5cEZDn/wDvaVR8xEC8r5rKwJJz7IwAhiIXBs=\n-----END DSA PRIVATE KEY-----\n";
const DSA: &str = "-----BEGIN PRIVATE KEY-----\nMIIBWwIBADCCATQGByqGSM44BAEwggEnAoGBAL+f8uwxANAnzE9RKWttLRqGSJfT\nTuWuxGCgv0bz+ojKtTV1KeyKiEudB3UJ7lK2cxUZXoe76yY1kfeE6AVpitDSRUgN\nA0+yX+PYD5Ap0TMIzgk9hQ8DVPxwKDxlTfFeQ0dhOn31S4f/ljk811wGIEZ9NTxg\nKlnPhBDdBTCec3BtAh0AxuaucCFP9TRYKfD/Ie93gGzIjBzwSVUJdW444wKBgQCQ\nhf1tIizf3xh3QKbrm08/6QfjPcjjZ+j29dQ269JL4bnpGt25NqjtZwsPP3/Vy3/d\nY75v7O77Yu8L2jlrjvFvodAz2KZgeGLEDidacDMDBErPeQBIN8beJ4/UQY/lOcdd\n3w256ARKDtrRk1tJawlVR5oex4Jr539h6K2KCSTmCAQeAhwcOXBGQ5/8A72lUfMR\nAvK+aysCSc+yMAIYiFwb\n-----END PRIVATE KEY-----\n";
const ECX: &str = "-----BEGIN EC PRIVATE KEY-----\nMIIBaAIBAQQgfzroywaGGCtSg2b9abXRv9V5zxXBNBGz7h1JlBiFhpKggfowgfcC\nAQEwLAYHKoZIzj0BAQIhAP////8AAAABAAAAAAAAAAAAAAAA////////////////\nMFsEIP////8AAAABAAAAAAAAAAAAAAAA///////////////8BCBaxjXYqjqT57Pr\nvVV2mIa8ZR0GsMxTsPY7zjw+J9JgSwMVAMSdNgiG5wSTamZ44ROdJreBn36QBEEE\naxfR8uEsQkf4vOblY6RA8ncDfYEt6zOg9KE5RdiYwpZP40Li/hp/m47n60p8D54W\nK84zV2sxXs7LtkBoN79R9QIhAP////8AAAAA//////////+85vqtpxeehPO5ysL8\nYyVRAgEBoUQDQgAEg8WU0KhEOHzyAPPSRpEZ3X+xLxpRk427+P4oTE7bW0K4zsB6\noV6Wev6nld0VoH3iuqBYI9wq2jnskQNYVTX5ww==\n-----END EC PRIVATE KEY-----\n";
const ECX8: &str = "-----BEGIN PRIVATE KEY-----\nMIIBeQIBADCCAQMGByqGSM49AgEwgfcCAQEwLAYHKoZIzj0BAQIhAP////8AAAAB\nAAAAAAAAAAAAAAAA////////////////MFsEIP////8AAAABAAAAAAAAAAAAAAAA\n///////////////8BCBaxjXYqjqT57PrvVV2mIa8ZR0GsMxTsPY7zjw+J9JgSwMV\nAMSdNgiG5wSTamZ44ROdJreBn36QBEEEaxfR8uEsQkf4vOblY6RA8ncDfYEt6zOg\n9KE5RdiYwpZP40Li/hp/m47n60p8D54WK84zV2sxXs7LtkBoN79R9QIhAP////8A\nAAAA//////////+85vqtpxeehPO5ysL8YyVRAgEBBG0wawIBAQQgfzroywaGGCtS\ng2b9abXRv9V5zxXBNBGz7h1JlBiFhpKhRANCAASDxZTQqEQ4fPIA89JGkRndf7Ev\nGlGTjbv4/ihMTttbQrjOwHqhXpZ6/qeV3RWgfeK6oFgj3CraOeyRA1hVNfnD\n-----END PRIVATE KEY-----\n";

#[test]
fn dsa_and_explicit_curve_keys_are_named_and_said_to_be_unloadable_by_go() {
    use etcdtls_core::model::ItemBody;
    for (name, pem, algorithm) in [
        ("dsa-traditional.key", DSAT, "DSA 1024"),
        ("dsa-pkcs8.key", DSA, "DSA 1024"),
        ("ec-explicit.key", ECX, "explicit parameters"),
        ("ec-explicit-pkcs8.key", ECX8, "explicit parameters"),
    ] {
        let report = run(&[(name, pem.as_bytes())]);
        assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
        let key = item(&report, name);
        let ItemBody::PrivateKey(info) = &key.body else {
            panic!("{name} is not a private key: {:?}", key.kind())
        };
        let shown = info.algorithm.as_ref().map(ToString::to_string).unwrap_or_default();
        assert!(shown.contains(algorithm), "{name}: {shown}");
        let e = explain(&report, key);
        assert!(e.allows.contains("does not load"), "{name}: {}", e.allows);
    }
}

#[test]
fn an_empty_subject_is_named_as_such_never_left_blank() {
    let mut p = params("x", false);
    p.distinguished_name = DistinguishedName::new();
    p.subject_alt_names = vec![SanType::DnsName("etcd.example".try_into().unwrap())];
    let (ca, leaf) = signed(p);
    let report = run(&[("ca.crt", ca.as_bytes()), ("leaf.crt", leaf.as_bytes())]);
    let e = explain(&report, item(&report, "leaf.crt"));
    for text in [&e.headline, &e.picture, &e.identifies] {
        assert!(text.contains("(empty subject)"), "{text}");
        assert!(
            !text.contains("for .") && !text.contains(" — \n") && !text.ends_with("— "),
            "{text}"
        );
    }
}

/// Self-signed CAs of the algorithms the core names but does not compute, made by OpenSSL 3:
/// `openssl req -x509` with an Ed448, a DSA 1024 and an RSA-PSS 2048 key.
const ED448_CA: &str = "-----BEGIN CERTIFICATE-----\nMIIBhjCCAQagAwIBAgIUFJjUqsDN2PipGctcCxrDrpg+IVgwBQYDK2VxMBMxETAP\nBgNVBAMMCGVkNDQ4LWNhMB4XDTI2MTIwNzExMDEzNloXDTM2MTIwNDExMDEzNlow\nEzERMA8GA1UEAwwIZWQ0NDgtY2EwQzAFBgMrZXEDOgBbX9aKkw3Lm7CJtZ0lGtXM\nsN96db49GkUzUy0I6rIS6HwIAnEOwks3Kn7PpkTe/sXrI4GmcOTzRwCjUzBRMB0G\nA1UdDgQWBBSiaLFHItiKKFJQgwGVMs13ckZlljAfBgNVHSMEGDAWgBSiaLFHItiK\nKFJQgwGVMs13ckZlljAPBgNVHRMBAf8EBTADAQH/MAUGAytlcQNzAGQ5b2Rmc4HV\npkx/NOUp+PB8h0ACL5/eqtkwLLcX5YlTcgCCz1YgHiZt7BJjfM9KmTFx1r8s+Lgn\ngKnpQd1epjLDAE5f7t2ijQJNdwBNCRk5jkwrdJ6cHcijUy8ZHzUwUez6jYEiBeQn\nu0rBLoVttLsvAA==\n-----END CERTIFICATE-----\n";
const DSA_CA: &str = "-----BEGIN CERTIFICATE-----\nMIIC2TCCAoegAwIBAgIUdruftSqYcxqcO2ceZtz/ehbNcr8wCwYJYIZIAWUDBAMC\nMBExDzANBgNVBAMMBmRzYS1jYTAeFw0yNjEyMDcxMTAxMzZaFw0zNjEyMDQxMTAx\nMzZaMBExDzANBgNVBAMMBmRzYS1jYTCCAcAwggE0BgcqhkjOOAQBMIIBJwKBgQC/\nn/LsMQDQJ8xPUSlrbS0ahkiX007lrsRgoL9G8/qIyrU1dSnsiohLnQd1Ce5StnMV\nGV6Hu+smNZH3hOgFaYrQ0kVIDQNPsl/j2A+QKdEzCM4JPYUPA1T8cCg8ZU3xXkNH\nYTp99UuH/5Y5PNdcBiBGfTU8YCpZz4QQ3QUwnnNwbQIdAMbmrnAhT/U0WCnw/yHv\nd4BsyIwc8ElVCXVuOOMCgYEAkIX9bSIs398Yd0Cm65tPP+kH4z3I42fo9vXUNuvS\nS+G56RrduTao7WcLDz9/1ct/3WO+b+zu+2LvC9o5a47xb6HQM9imYHhixA4nWnAz\nAwRKz3kASDfG3ieP1EGP5TnHXd8NuegESg7a0ZNbSWsJVUeaHseCa+d/Yeitigkk\n5ggDgYUAAoGBAKMIAcy5k/33gKfMPdT1UC2A53qiQp7q3BwooiY3zk3Nm4yW3tYm\n3VKy+hHwtX4gnNNUHwIKDz9iOiUZOouW1+2jHZZFiVhaHNeEUrYjNp/Kni2iy+UY\nhy6s4cp0fzuPXDHYQaj/2CnJAAwAa242pweE58pX/gbLKbaXIqT3nwKoo1MwUTAd\nBgNVHQ4EFgQU/Hv2ykX1fb81musc5z9Di/Qh5YwwHwYDVR0jBBgwFoAU/Hv2ykX1\nfb81musc5z9Di/Qh5YwwDwYDVR0TAQH/BAUwAwEB/zALBglghkgBZQMEAwIDPwAw\nPAIcReoB+24M6AbIGiBVjcNJoAchD6clBnMz3w8dDgIcPIrATyPJUSpbjRCkYgth\nBS2PUvCL2Psks0+/3Q==\n-----END CERTIFICATE-----\n";
const PSS_CA: &str = "-----BEGIN CERTIFICATE-----\nMIIDazCCAh6gAwIBAgIUWLrtWsgmuR4wxEeZkzeGnTDSq+UwQgYJKoZIhvcNAQEK\nMDWgDzANBglghkgBZQMEAgEFAKEcMBoGCSqGSIb3DQEBCDANBglghkgBZQMEAgEF\nAKIEAgIA3jARMQ8wDQYDVQQDDAZwc3MtY2EwHhcNMjYxMjA3MTEwMDU2WhcNMjcw\nMTA2MTEwMDU2WjARMQ8wDQYDVQQDDAZwc3MtY2EwggEgMAsGCSqGSIb3DQEBCgOC\nAQ8AMIIBCgKCAQEAqU2KwnfNw6/MYb0NPNKyZfRDt30XqT4kRSmP1UjvoWMMtSiU\nsn0+3wdXvV92VC3B8qTMjrmIuiAFeazhG3fv1/8cDmntW3R6iJ2P268rUvwV6Rle\nsdmBXBt+2Njg0ZvvXI7t3Ljr1duaKzNqBuvBirLJvqf+tuZ05d0aI3Kf53r3XRMf\n4ZGrAcQeq5ppH/QsL9kdJXZAj7N6uNkEeUF8LejmWgVQe6CzG2UBD8NVv5au1e0q\nngEAQExI7m4DNyNC5TRqeEFxZ1JFGRet7zj0TS/Xlu/8nYgpD3OfCpdxgcmjMvby\nd8dFByXewLntQcTpUX5yyWkOtAJD6H3LciuBgQIDAQABo1MwUTAdBgNVHQ4EFgQU\nOFeD4ixZ+KsQ8nxFKEmJZoE7otYwHwYDVR0jBBgwFoAUOFeD4ixZ+KsQ8nxFKEmJ\nZoE7otYwDwYDVR0TAQH/BAUwAwEB/zBCBgkqhkiG9w0BAQowNaAPMA0GCWCGSAFl\nAwQCAQUAoRwwGgYJKoZIhvcNAQEIMA0GCWCGSAFlAwQCAQUAogQCAgDeA4IBAQBS\nFxrbc35rV4WBaM9kWIIIj89F1qrVvB/nuTEodFYt50O43Jz2uFOk9RO5TbrAU0EO\nA0IVSlsmUacpcf/BuWK/oNCl4VTEIe0yKXeUaXgV+HhtnUMaNZYI9SyrKnMoUSC3\nm0mQDD624ecCcabZc1l4J25KwkiBn5WFfk9z2ktQ0T1D4O+bjlHTac5GCl/ITIpG\ncFsVVTetnGF1GQaJHRQpY2Cq9WdBV3iocdz8pYcZBCWLYkfVVzLS2mL44HxsbcFm\nxhAFbZHIutyqku6zf0jQjxe8SkKbhjE/HhSmbc+oQUW1/tUMHls41OwCULgGm1kr\noSIrQlbihAB6j1kcEI3L\n-----END CERTIFICATE-----\n";

#[test]
fn self_signed_cas_of_algorithms_not_computed_are_roots_with_their_algorithms_named() {
    for (pem, key, signature) in [
        (ED448_CA, "Ed448 key", "Ed448"),
        // openssl x509 -text: "Public-Key: (1024 bit)".
        (DSA_CA, "DSA 1024 key", "DSA with SHA-256"),
        (PSS_CA, "RSA-PSS 2048 key", "RSA-PSS with SHA-256"),
    ] {
        let report = run(&[("ca.crt", pem.as_bytes())]);
        let ca = item(&report, "ca.crt");
        assert_eq!(
            ca.role,
            etcdtls_core::Role::RootCa,
            "{signature}: {:?}",
            ca.role_reasons
        );
        let cert = ca.certificate().unwrap();
        assert!(cert.self_signed, "{signature}");
        assert_eq!(cert.signed.algorithm.to_string(), signature);
        assert_eq!(format!("{} key", cert.public_key.algorithm), key);
    }
}

/// A leaf signed with MD5 with RSA (`openssl x509 -req -md5`), its CA not given.
const MD5_LEAF: &str = "-----BEGIN CERTIFICATE-----\nMIIB4TCBygIUdH+hJnqWEnltzUNhJ1MXZQRfQbkwDQYJKoZIhvcNAQEEBQAwEzER\nMA8GA1UEAwwIYXVkaXQtY2EwHhcNMjYxMjA3MDcwNTU4WhcNMjcwMTA2MDcwNTU4\nWjATMREwDwYDVQQDDAhrZXktcDI1NjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IA\nBEBMnRFirivSS2AaZMc6gMz8ItLU7OBqXy44VF6T4gO/yn26X2t+dZkpg/0msr6u\n074nWeqVOnR91lUsBg8zSPswDQYJKoZIhvcNAQEEBQADggEBAMjhqHaqUsjzm2Ga\nDJ5zIz6Zp+KynbHkGK9uZFo49989bEKRU7WPaRJnIlj/pyax9+K+whSlQ7PJbSo5\nkbzESzUhRIa67q6Ee8XtBrMdZ4UQK/8nYncA5rY0vE+CT968oFcJy4vHEx7vhDSB\nYmCVZfdGCZmK4godF06nKJ9QRRwy8NPE0Iy9uhVve94I8BhPSUT8F+SjgKKt+pqq\nlBaw0Jh41qvODhbBFLkBMkDyDA9KXL+783/UzICeeJl5mtm1rHXsxqQIqqvtIdSI\nwwuRvQ2t0OWh6oImBYIUVUUKmAuVROI+51hKMcV5a9c5v+jQvhM3EQyVuXkp0JiR\nhfNvmGw=\n-----END CERTIFICATE-----\n";

#[test]
fn an_md5_signature_is_called_md5_not_sha1() {
    let report = run(&[("leaf.crt", MD5_LEAF.as_bytes())]);
    let weak: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.id == etcdtls_core::FindingId::WeakSignature)
        .collect();
    assert_eq!(weak.len(), 1);
    // Go refuses it: every handshake that checks it fails.
    assert_eq!(weak[0].severity, etcdtls_core::Severity::Error);
    assert!(weak[0].message.contains("MD5"), "{}", weak[0].message);
    assert!(!weak[0].message.contains("SHA-1"), "{}", weak[0].message);
}

#[test]
fn an_inverted_validity_window_is_said_never_to_be_valid() {
    let mut p = params("inverted", false);
    p.not_before = datetime!(2027-01-01 00:00 UTC);
    p.not_after = datetime!(2026-01-01 00:00:01 UTC);
    let (ca, leaf) = signed(p);
    let report = run(&[("ca.crt", ca.as_bytes()), ("leaf.crt", leaf.as_bytes())]);
    let e = explain(&report, item(&report, "leaf.crt"));
    assert_eq!(
        e.validity,
        "From 2027-01-01 00:00:00 UTC to 2026-01-01 00:00:01 UTC: it ends 364 days before it begins, so it is never valid."
    );
}

#[test]
fn a_csr_shows_the_names_and_usages_it_asks_for() {
    let mut p = CertificateParams::default();
    p.distinguished_name = DistinguishedName::new();
    p.distinguished_name.push(DnType::CommonName, "etcd-1");
    p.subject_alt_names = vec![
        SanType::DnsName("etcd-1.example".try_into().unwrap()),
        SanType::IpAddress("10.0.0.5".parse().unwrap()),
    ];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth, ExtendedKeyUsagePurpose::ClientAuth];
    let csr = p.serialize_request(&key()).unwrap().pem().unwrap();
    let report = run(&[("etcd-1.csr", csr.as_bytes())]);
    let e = explain(&report, item(&report, "etcd-1.csr"));
    assert_eq!(
        e.identifies,
        "CN = etcd-1 (requested), for the names DNS:etcd-1.example, IP Address:10.0.0.5."
    );
    assert_eq!(
        e.allows,
        "Nothing yet; it asks to be marked for serverAuth, clientAuth. Its key: ECDSA P-256."
    );
}

/// A throwaway secp256k1 key (`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:secp256k1`),
/// the SHA-256 of `openssl pkey -pubout -outform der` of it, and an Ed448 key.
const K256: &str = "-----BEGIN PRIVATE KEY-----\nMIGEAgEAMBAGByqGSM49AgEGBSuBBAAKBG0wawIBAQQgcbbc5aVGLvDiHovj4e9q\nyh6S2nYszJ8kp/8f92OlhR2hRANCAARxMy8PwPjUWdRjiOo5iOhQfwV8ws4sj4+z\nC/PcxL0OZKOg4zl5jQRLHoaxqypM1E/VRKYz9FTpbMrsjC1yDY+O\n-----END PRIVATE KEY-----\n";
const K256_ID: &str = "8ee7bb9c9ccbf6226a699f6aa966b4b568ef58c75ea715d9aa6079a1fbf4f8dd";
const ED448_KEY: &str = "-----BEGIN PRIVATE KEY-----\nMEcCAQAwBQYDK2VxBDsEOf0jgTT/jq73BU5Y7azu4r/ldjbijfgKaJI4cp57YvC/\n21hjwGvlTtLlQyJ0ClIGOJ09ThFGl4/c4Q==\n-----END PRIVATE KEY-----\n";

#[test]
fn key_ids_are_openssls_or_absent_never_empty() {
    use etcdtls_core::model::ItemBody;
    let report = run(&[("k256.key", K256.as_bytes()), ("ed448.key", ED448_KEY.as_bytes())]);
    let public = |id: &str| match &item(&report, id).body {
        ItemBody::PrivateKey(k) => k.public_key.as_ref().map(|p| p.spki_sha256.clone()),
        _ => panic!("{id} is no key"),
    };
    assert_eq!(public("k256.key").as_deref(), Some(K256_ID));
    assert_eq!(public("ed448.key"), None);
}

/// O is a Kubernetes client's groups; etcd reads only the CN, and a CA's O is its organization.
#[test]
fn organizations_are_groups_only_for_kubernetes_clients() {
    let kt = etcdtls_pki::KeyType::EcdsaP256;
    let start = time::macros::datetime!(2026-01-01 00:00 UTC);
    let ca = etcdtls_pki::Ca::with_subject(
        Some("etcd-ca"),
        &["etcd"],
        kt,
        start,
        start + time::Duration::days(3650),
    )
    .unwrap();
    let admin = ca
        .issue(
            &etcdtls_pki::LeafSpec::new("kubernetes-admin", etcdtls_pki::Usage::Client, start, kt)
                .organizations(["system:masters"]),
        )
        .unwrap();
    let etcd_client = ca
        .issue(
            &etcdtls_pki::LeafSpec::new("kube-apiserver-etcd-client", etcdtls_pki::Usage::Client, start, kt)
                .organizations(["system:masters"]),
        )
        .unwrap();
    let files = [
        ("pki/etcd/ca.crt", ca.pair.cert_pem.clone()),
        ("admin.crt", admin.cert_pem.clone()),
        ("pki/apiserver-etcd-client.crt", etcd_client.cert_pem.clone()),
    ];
    let inputs: Vec<etcdtls_core::Input<'_>> = files
        .iter()
        .map(|(n, t)| etcdtls_core::Input::new(n, t.as_bytes()))
        .collect();
    let report = etcdtls_core::analyze(&inputs, &etcdtls_core::Options::at(start + time::Duration::days(1)));
    let identifies = |name: &str| {
        let item = report.items.iter().find(|i| i.source.path == name).unwrap();
        etcdtls_core::explain(&report, item).identifies
    };
    assert!(
        identifies("pki/etcd/ca.crt").starts_with("etcd-ca (O = etcd)"),
        "{}",
        identifies("pki/etcd/ca.crt")
    );
    assert!(
        identifies("admin.crt").starts_with("kubernetes-admin (groups: system:masters)"),
        "{}",
        identifies("admin.crt")
    );
    let c = identifies("pki/apiserver-etcd-client.crt");
    assert!(c.starts_with("kube-apiserver-etcd-client (O = system:masters)"), "{c}");
    // kubeadm's admin.conf before 1.29: system:masters, past RBAC, not kubeadm:cluster-admins.
    let item = report.items.iter().find(|i| i.source.path == "admin.crt").unwrap();
    let allows = etcdtls_core::explain(&report, item).allows;
    assert!(
        allows.contains("system:masters bypasses RBAC") && !allows.contains("through RBAC"),
        "{allows}"
    );
}
