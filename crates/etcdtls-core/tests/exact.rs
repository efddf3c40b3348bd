//! Statements `explain` makes that were wrong or missing, each against what OpenSSL and Go's
//! crypto/x509 (etcd, etcdctl, Kubernetes) really do with the input: certificates made here
//! with rcgen, or with the `openssl` binary where rcgen cannot make them (version 1 certificates,
//! bare EC parameters).

#![allow(clippy::unwrap_used, clippy::expect_used)]
// This test is a host, as the CLI is: it runs openssl, reads what openssl wrote, and evaluates
// openssl's certificates (valid from the moment they were made) at the host's clock.
#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

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
        let cert = params(name.trim_end_matches(".crt"), false)
            .signed_by(&shared, &issuer)
            .unwrap();
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
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
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

// Issuers are linked by signature: without the core's cryptography that is its host's.
#[cfg(feature = "pure-crypto")]
#[test]
fn a_version_1_self_signed_root_is_a_root_ca_and_what_it_signed_is_accepted() {
    // An old hand-made PKI: `openssl x509 -req -signkey` without -extfile makes a version 1
    // root (no extensions, so no CA:TRUE), and it signs an etcd server certificate. etcd
    // 3.4.23 (Go 1.19.8) serves with such a server certificate and etcdctl, given the root as
    // --cacert, connects: Go asks CA-ness only of intermediates (verify.go isValid).
    let dir = scratch("v1");
    openssl(
        &dir,
        &[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-subj",
            "/CN=Old Root",
            "-out",
            "ca.csr",
        ],
    );
    openssl(
        &dir,
        &[
            "x509", "-req", "-in", "ca.csr", "-signkey", "ca.key", "-days", "3650", "-out", "ca.crt",
        ],
    );
    std::fs::write(
        dir.join("san.cnf"),
        "[s]\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        &dir,
        &[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-subj",
            "/CN=node-1",
            "-out",
            "server.csr",
        ],
    );
    openssl(
        &dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-set_serial",
            "5",
            "-days",
            "365",
            "-extfile",
            "san.cnf",
            "-extensions",
            "s",
            "-out",
            "server.crt",
        ],
    );
    let files = [
        ("ca.crt", read(&dir, "ca.crt")),
        ("server.crt", read(&dir, "server.crt")),
    ];
    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    let report = analyze(&inputs, &Options::at(time::OffsetDateTime::now_utc()));
    let _ = std::fs::remove_dir_all(&dir);
    let ca = report.items.iter().find(|i| i.id.0 == "ca.crt").unwrap();
    let etcdtls_core::model::ItemBody::Certificate(cert) = &ca.body else {
        panic!()
    };
    assert_eq!(cert.version, 1);
    assert!(cert.is_v1_root() && cert.is_ca());
    assert_eq!(ca.role, etcdtls_core::role::Role::RootCa, "{:?}", ca.role_reasons);
    assert!(ca.role_reasons[0].contains("version 1"), "{:?}", ca.role_reasons);
    assert!(
        findings(&report, FindingId::SelfSignedLeaf).is_empty(),
        "{:#?}",
        report.findings
    );
    let server = report.items.iter().find(|i| i.id.0 == "server.crt").unwrap();
    let explained = etcdtls_core::explain::explain(&report, server);
    assert!(
        explained.issued_by.ends_with("its signature checks out.") && !explained.issued_by.contains("refuse"),
        "{}",
        explained.issued_by
    );
}

// Issuers are linked by signature: without the core's cryptography that is its host's.
#[cfg(feature = "pure-crypto")]
#[test]
fn a_name_outside_a_cas_name_constraints_is_an_error_in_go_words() {
    use rcgen::{CidrSubnet, GeneralSubtree, NameConstraints, SanType};
    let ca_key = key();
    let mut ca_params = params("constrained-ca", true);
    ca_params.name_constraints = Some(NameConstraints {
        permitted_subtrees: vec![
            GeneralSubtree::DnsName("example.com".into()),
            GeneralSubtree::IpAddress(CidrSubnet::V4([10, 0, 0, 0], [255, 0, 0, 0])),
            GeneralSubtree::IpAddress(CidrSubnet::V6(
                [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                [0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            )),
        ],
        excluded_subtrees: vec![
            GeneralSubtree::DnsName("bad.example.com".into()),
            GeneralSubtree::IpAddress(CidrSubnet::V4([10, 9, 0, 0], [255, 255, 0, 0])),
        ],
    });
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::from_params(&ca_params, &ca_key);
    let leaf = |sans: Vec<SanType>| {
        let mut p = params("etcd", false);
        p.subject_alt_names = sans;
        p.signed_by(&key(), &issuer).unwrap().pem()
    };
    let dns = |d: &str| SanType::DnsName(d.try_into().unwrap());
    let ip = |a: [u8; 4]| SanType::IpAddress(std::net::IpAddr::from(a));
    let report = report(&[
        ("ca.crt", ca.pem()),
        // Inside: the domain itself, a name below it, an address in 10/8.
        (
            "good.crt",
            leaf(vec![dns("example.com"), dns("etcd-0.EXAMPLE.com"), ip([10, 1, 2, 3])]),
        ),
        ("other-domain.crt", leaf(vec![dns("etcd.example.org")])),
        ("suffix-only.crt", leaf(vec![dns("notexample.com")])),
        ("excluded.crt", leaf(vec![dns("x.bad.example.com")])),
        ("loopback.crt", leaf(vec![dns("etcd.example.com"), ip([127, 0, 0, 1])])),
        ("excluded-ip.crt", leaf(vec![ip([10, 9, 8, 7])])),
    ]);
    let refused: Vec<(String, String)> = findings(&report, FindingId::NameNotPermitted)
        .iter()
        .map(|f| (f.items[0].0.clone(), f.message.clone()))
        .collect();
    let names: Vec<&str> = refused.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "other-domain.crt",
            "suffix-only.crt",
            "excluded.crt",
            "loopback.crt",
            "excluded-ip.crt"
        ],
        "{refused:#?}"
    );
    let message = |n: &str| refused.iter().find(|(id, _)| id == n).unwrap().1.clone();
    assert!(
        message("other-domain.crt").contains(
            "\"x509: a root or intermediate certificate is not authorized to sign for this name: DNS name \"etcd.example.org\" is not permitted by any constraint\""
        ),
        "{}",
        message("other-domain.crt")
    );
    assert!(
        message("excluded.crt")
            .contains("DNS name \"x.bad.example.com\" is excluded by constraint \"bad.example.com\"")
            && message("excluded.crt").contains("excluded subtree violation"),
        "{}",
        message("excluded.crt")
    );
    assert!(
        message("loopback.crt").contains("IP address \"127.0.0.1\" is not permitted by any constraint"),
        "{}",
        message("loopback.crt")
    );
    // The CA's own explanation lists them as openssl x509 -ext nameConstraints does.
    let ca_item = report.items.iter().find(|i| i.id.0 == "ca.crt").unwrap();
    let allows = etcdtls_core::explain::explain(&report, ca_item).allows;
    assert!(
        allows.contains(
            "Name constraints hold every certificate below it: permitted DNS:example.com, IP:10.0.0.0/255.0.0.0, IP:2001:DB8:0:0:0:0:0:0/FFFF:FFFF:0:0:0:0:0:0; excluded DNS:bad.example.com, IP:10.9.0.0/255.255.0.0"
        ),
        "{allows}"
    );
    // Go prints an excluded range as net.IPNet does.
    assert!(
        message("excluded-ip.crt").contains("IP address \"10.9.8.7\" is excluded by constraint \"10.9.0.0/16\""),
        "{}",
        message("excluded-ip.crt")
    );
    let fix = &findings(&report, FindingId::NameNotPermitted)[0].fix;
    assert!(
        fix.contains("(DNS:example.com, IP:10.0.0.0/255.0.0.0, IP:2001:DB8:0:0:0:0:0:0/FFFF:FFFF:0:0:0:0:0:0)"),
        "{fix}"
    );
}

// Issuers are linked by signature: without the core's cryptography that is its host's.
#[cfg(feature = "pure-crypto")]
#[test]
fn an_authority_key_id_other_than_the_issuers_subject_key_id_is_a_warning() {
    // The CA remade with its key and a new subject key identifier: the leaf still verifies
    // with its key (Go builds the chain; etcdctl connects), but OpenSSL takes only a CA whose
    // key identifier the leaf names ("unable to get local issuer certificate").
    let ca_key = key();
    let mut signing = params("etcd-ca", true);
    signing.key_identifier_method = rcgen::KeyIdMethod::PreSpecified(vec![0xAA; 20]);
    let mut remade = params("etcd-ca", true);
    remade.key_identifier_method = rcgen::KeyIdMethod::PreSpecified(vec![1, 2, 3, 4]);
    let ca = remade.self_signed(&ca_key).unwrap();
    let leaf = params("etcd", false)
        .signed_by(&key(), &Issuer::from_params(&signing, &ca_key))
        .unwrap();
    let report = report(&[("ca.crt", ca.pem()), ("etcd.crt", leaf.pem())]);
    let mismatch = findings(&report, FindingId::KeyIdMismatch);
    assert_eq!(mismatch.len(), 1, "{:#?}", report.findings);
    assert!(
        mismatch[0].message.starts_with(&format!(
            "etcd.crt's authority key identifier {} is not the subject key identifier of ca.crt, 01:02:03:04",
            ["AA"; 20].join(":")
        )),
        "{}",
        mismatch[0].message
    );
    // The matching pair says nothing.
    let good = params("etcd", false)
        .signed_by(&key(), &Issuer::from_params(&remade, &ca_key))
        .unwrap();
    let report = self::report(&[("ca.crt", ca.pem()), ("etcd.crt", good.pem())]);
    assert!(
        findings(&report, FindingId::KeyIdMismatch).is_empty(),
        "{:#?}",
        report.findings
    );
}

#[test]
fn key_cert_sign_on_a_certificate_that_is_not_a_ca_is_noted() {
    let ca_key = key();
    let ca_params = params("etcd-ca", true);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let mut p = params("etcd", false);
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::KeyCertSign];
    let leaf = p.signed_by(&key(), &Issuer::from_params(&ca_params, &ca_key)).unwrap();
    let report = report(&[("ca.crt", ca.pem()), ("etcd.crt", leaf.pem())]);
    let noted = findings(&report, FindingId::KeyCertSignNotCa);
    assert_eq!(noted.len(), 1, "{:#?}", report.findings);
    assert_eq!(noted[0].items[0].0, "etcd.crt");
    assert!(
        noted[0]
            .message
            .contains("is not a CA (CA:FALSE), yet its key usage includes keyCertSign"),
        "{}",
        noted[0].message
    );
}

#[test]
fn a_file_of_ec_parameters_alone_is_said_to_hold_no_key() {
    // `openssl ecparam -name prime256v1 -out key.pem`: the curve, no key.
    let params = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
    let report = report(&[("key.pem", params.to_string())]);
    assert!(report.items.is_empty());
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let said = report.errors[0].to_string();
    assert!(
        said.contains("only EC PARAMETERS (the curve, P-256) and no key"),
        "{said}"
    );
    assert!(
        said.contains("after skipping PEM blocks of the following types: [EC PARAMETERS]"),
        "{said}"
    );
    // With the key after them (`openssl ecparam -genkey` without -noout) the key is read and
    // nothing is said about the parameters.
    let mut with_key = params.to_string();
    with_key.push_str(&key().serialize_pem());
    let report = self::report(&[("key.pem", with_key)]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.items.len(), 1);
}

#[test]
fn a_key_alone_is_a_key_of_unknown_purpose_not_a_certificate() {
    let report = report(&[("lone.key", key().serialize_pem())]);
    let item = &report.items[0];
    assert_eq!(etcdtls_core::explain::role_title(item), "key of unknown purpose");
}

#[test]
fn a_self_issued_certificate_with_a_signature_not_computed_here_is_self_signed() {
    // MD5, which the core does not compute: as OpenSSL's self-signed flag, by name, key
    // identifier and algorithm, not "issued by a CA that is not among the inputs". The same
    // without the core's cryptography (the web page, whose browser has no MD5 either):
    // `cargo test -p etcdtls-core --no-default-features --test exact`.
    let dir = scratch("md5");
    openssl(
        &dir,
        &[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "old.key",
            "-subj",
            "/CN=Old Hand-made Root",
            "-out",
            "old.csr",
        ],
    );
    openssl(
        &dir,
        &[
            "x509", "-req", "-in", "old.csr", "-signkey", "old.key", "-md5", "-days", "3650", "-out", "old.crt",
        ],
    );
    let files = [("old.crt", read(&dir, "old.crt"))];
    let _ = std::fs::remove_dir_all(&dir);
    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    let report = analyze(&inputs, &Options::at(time::OffsetDateTime::now_utc()));
    let etcdtls_core::model::ItemBody::Certificate(cert) = &report.items[0].body else {
        panic!()
    };
    assert!(cert.self_signed);
    assert!(
        findings(&report, FindingId::IssuerNotFound).is_empty(),
        "{:#?}",
        report.findings
    );
    // A version 1 certificate that signed itself: a root, as the SHA-256 one above.
    assert_eq!(report.items[0].role, etcdtls_core::role::Role::RootCa);
}

#[test]
fn keys_that_go_cannot_load_allow_nothing_and_a_lone_public_key_is_no_certificate() {
    // ssh-keygen -t ed25519 (OpenSSH's own format) and a PKCS#8 key encrypted with a password.
    let ssh = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACDTmXlJi6bIh8iCM7VQ3fc1YcB85MzBRMGRlNb6v2HR7gAAAJjSOJIN0jiS\nDQAAAAtzc2gtZWQyNTUxOQAAACDTmXlJi6bIh8iCM7VQ3fc1YcB85MzBRMGRlNb6v2HR7g\nAAAEBfqcCGBUxyuG6ujDELlQ8Gb7Cdm6FQj14IPCDz5LEhyNOZeUmLpsiHyIIztVDd9zVh\nwHzkzMFEwZGU1vq/YdHuAAAAEXJvb3RAZXhhbXBsZS5ob3N0AQIDBA==\n-----END OPENSSH PRIVATE KEY-----\n";
    let dir = scratch("encrypted");
    openssl(
        &dir,
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-aes-256-cbc",
            "-pass",
            "pass:x",
            "-out",
            "enc.key",
        ],
    );
    let encrypted = read(&dir, "enc.key");
    let _ = std::fs::remove_dir_all(&dir);
    let public = key().public_key_pem();
    let report = report(&[
        ("id_ed25519", ssh.to_string()),
        ("enc.key", encrypted),
        ("lone.pub", public),
    ]);
    let item = |id: &str| {
        report
            .items
            .iter()
            .find(|i| i.id.0 == id)
            .unwrap_or_else(|| panic!("{id}: {:?}", report.errors))
    };
    let allows = |id: &str| etcdtls_core::explain::explain(&report, item(id)).allows;
    assert!(
        allows("id_ed25519").starts_with("Nothing in etcd or Kubernetes: Go's TLS does not read OpenSSH keys"),
        "{}",
        allows("id_ed25519")
    );
    assert!(
        allows("enc.key").starts_with("Nothing as it is"),
        "{}",
        allows("enc.key")
    );
    let headline = etcdtls_core::explain::explain(&report, item("lone.pub")).headline;
    assert!(headline.ends_with("— key of unknown purpose"), "{headline}");
}

#[test]
fn a_certificate_key_with_explicit_curve_parameters_is_named_so_with_gos_error() {
    // `-pkeyopt ec_param_enc:explicit`: the curve spelled out, which Go's parser refuses with
    // its own words; it was printed as a hex dump of the parameters, with another error.
    let dir = scratch("explicit");
    openssl(
        &dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-384",
            "-pkeyopt",
            "ec_param_enc:explicit",
            "-nodes",
            "-keyout",
            "ca.key",
            "-subj",
            "/CN=explicit",
            "-days",
            "30",
            "-out",
            "ca.crt",
        ],
    );
    let files = [("ca.crt", read(&dir, "ca.crt"))];
    let _ = std::fs::remove_dir_all(&dir);
    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    let report = analyze(&inputs, &Options::at(time::OffsetDateTime::now_utc()));
    let etcdtls_core::model::ItemBody::Certificate(cert) = &report.items[0].body else {
        panic!()
    };
    assert_eq!(cert.public_key.algorithm.to_string(), "ECDSA explicit parameters");
    assert_eq!(
        cert.go_refuses,
        [
            "its key's curve is spelled out as explicit parameters instead of named, which Go refuses (`x509: failed to parse ECDSA parameters as named curve`)"
        ]
    );
}

#[test]
fn a_traditional_dsa_key_pairs_with_its_certificate_and_the_certificate_says_its_size() {
    // OpenSSL's `DSA PRIVATE KEY` carries y: its public key id is openssl pkey -pubout's, with
    // no arithmetic, and the certificate's key is "DSA 1024" as openssl prints "(1024 bit)".
    let dir = scratch("dsa");
    openssl(
        &dir,
        &[
            "genpkey",
            "-genparam",
            "-algorithm",
            "DSA",
            "-pkeyopt",
            "dsa_paramgen_bits:1024",
            "-out",
            "params.pem",
        ],
    );
    openssl(&dir, &["genpkey", "-paramfile", "params.pem", "-out", "pkcs8.key"]);
    openssl(&dir, &["pkey", "-in", "pkcs8.key", "-traditional", "-out", "dsa.key"]);
    openssl(
        &dir,
        &[
            "req", "-x509", "-key", "dsa.key", "-subj", "/CN=dsa", "-days", "30", "-out", "dsa.crt",
        ],
    );
    openssl(
        &dir,
        &[
            "pkey", "-in", "dsa.key", "-pubout", "-outform", "der", "-out", "pub.der",
        ],
    );
    let want = {
        use sha2::Digest as _;
        let der = std::fs::read(dir.join("pub.der")).unwrap();
        sha2::Sha256::digest(&der)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let files = [("dsa.crt", read(&dir, "dsa.crt")), ("dsa.key", read(&dir, "dsa.key"))];
    let _ = std::fs::remove_dir_all(&dir);
    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    let report = analyze(&inputs, &Options::at(time::OffsetDateTime::now_utc()));
    let cert = report.items.iter().find(|i| i.id.0 == "dsa.crt").unwrap();
    let etcdtls_core::model::ItemBody::Certificate(c) = &cert.body else {
        panic!()
    };
    assert_eq!(c.public_key.algorithm.to_string(), "DSA 1024");
    assert_eq!(c.public_key.spki_sha256, want);
    assert_eq!(cert.key.as_ref().map(|k| k.0.as_str()), Some("dsa.key"));
}

#[test]
fn an_openssh_key_is_named_by_the_type_its_unencrypted_public_key_carries() {
    use base64::Engine as _;
    // OpenSSH's PROTOCOL.key: magic, cipher, KDF, KDF options, count, public key blob; the
    // private part (encrypted or not) follows and is not read.
    fn string(out: &mut Vec<u8>, value: &[u8]) {
        out.extend_from_slice(&u32::try_from(value.len()).unwrap().to_be_bytes());
        out.extend_from_slice(value);
    }
    let pem = |kind: &[u8], key: &[&[u8]]| {
        let mut blob = Vec::new();
        string(&mut blob, kind);
        for part in key {
            string(&mut blob, part);
        }
        let mut data = b"openssh-key-v1\0".to_vec();
        string(&mut data, b"aes256-ctr");
        string(&mut data, b"bcrypt");
        string(&mut data, &[0; 24]);
        data.extend_from_slice(&1u32.to_be_bytes());
        string(&mut data, &blob);
        string(&mut data, &[0x5a; 64]);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&data);
        format!("-----BEGIN OPENSSH PRIVATE KEY-----\n{b64}\n-----END OPENSSH PRIVATE KEY-----\n")
    };
    let mut modulus = vec![0u8];
    modulus.extend([0xc3; 384]);
    let report = report(&[
        ("id_ed25519", pem(b"ssh-ed25519", &[&[7; 32]])),
        ("id_rsa", pem(b"ssh-rsa", &[&[1, 0, 1], &modulus])),
        ("id_ecdsa", pem(b"ecdsa-sha2-nistp384", &[b"nistp384", &[4; 97]])),
    ]);
    let headline = |id: &str| {
        let item = report.items.iter().find(|i| i.id.0 == id).unwrap();
        etcdtls_core::explain::explain(&report, item).headline
    };
    assert!(
        headline("id_ed25519").starts_with("Private key (Ed25519, OpenSSH)"),
        "{}",
        headline("id_ed25519")
    );
    assert!(
        headline("id_rsa").starts_with("Private key (RSA 3072, OpenSSH)"),
        "{}",
        headline("id_rsa")
    );
    assert!(
        headline("id_ecdsa").starts_with("Private key (ECDSA P-384, OpenSSH)"),
        "{}",
        headline("id_ecdsa")
    );
}

// Issuers are linked by signature: without the core's cryptography that is its host's.
#[cfg(feature = "pure-crypto")]
#[test]
fn an_intermediate_whose_extended_key_usage_lacks_the_leafs_stops_it() {
    // etcdctl 3.4.23 against a server certificate (serverAuth) under an intermediate marked
    // clientAuth only: "x509: certificate specifies an incompatible key usage".
    let (root_key, int_key) = (key(), key());
    let root_params = params("root", true);
    let root = root_params.self_signed(&root_key).unwrap();
    let mut int_params = params("intermediate", true);
    int_params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth];
    let int = int_params
        .signed_by(&int_key, &Issuer::from_params(&root_params, &root_key))
        .unwrap();
    let int_issuer = Issuer::from_params(&int_params, &int_key);
    let leaf = |eku: rcgen::ExtendedKeyUsagePurpose| {
        let mut p = params("etcd", false);
        p.extended_key_usages = vec![eku];
        p.signed_by(&key(), &int_issuer).unwrap().pem()
    };
    let report = report(&[
        ("root.crt", root.pem()),
        ("int.crt", int.pem()),
        ("server.crt", leaf(rcgen::ExtendedKeyUsagePurpose::ServerAuth)),
        ("client.crt", leaf(rcgen::ExtendedKeyUsagePurpose::ClientAuth)),
    ]);
    let blocked = findings(&report, FindingId::IssuerUsageRestricts);
    assert_eq!(blocked.len(), 1, "{:#?}", report.findings);
    assert_eq!(blocked[0].items[0].0, "server.crt");
    assert_eq!(blocked[0].items[1].0, "int.crt");
    assert!(
        blocked[0]
            .message
            .contains("\"x509: certificate specifies an incompatible key usage\""),
        "{}",
        blocked[0].message
    );
}

// Issuers are linked by signature: without the core's cryptography that is its host's.
#[cfg(feature = "pure-crypto")]
#[test]
fn an_etcd_server_certificate_without_extended_key_usage_is_still_stopped_by_its_intermediate() {
    // No extended key usage on the leaf means any purpose, but Go still asks the intermediate
    // for serverAuth when etcdctl checks etcd's certificate.
    let (root_key, int_key) = (key(), key());
    let root_params = params("root", true);
    let root = root_params.self_signed(&root_key).unwrap();
    let mut int_params = params("intermediate", true);
    int_params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ClientAuth];
    let int = int_params
        .signed_by(&int_key, &Issuer::from_params(&root_params, &root_key))
        .unwrap();
    let mut p = params("etcd-server", false);
    p.subject_alt_names = vec![rcgen::SanType::DnsName("localhost".try_into().unwrap())];
    let server = p
        .signed_by(&key(), &Issuer::from_params(&int_params, &int_key))
        .unwrap();
    let report = report(&[
        ("root.crt", root.pem()),
        ("int.crt", int.pem()),
        ("etcd/server.crt", server.pem()),
    ]);
    let server_item = report.items.iter().find(|i| i.id.0 == "etcd/server.crt").unwrap();
    assert!(server_item.role.needs_server_auth(), "{:?}", server_item.role);
    let blocked = findings(&report, FindingId::IssuerUsageRestricts);
    assert_eq!(blocked.len(), 1, "{:#?}", report.findings);
    assert!(
        blocked[0].message.contains("is used for TLS servers (serverAuth)"),
        "{}",
        blocked[0].message
    );
}

/// Serial numbers as `openssl x509 -text` prints them: small ones in decimal and hex (kubeadm's
/// random serials are below 2^63, so openssl shows them so), large ones as colon hex, negative
/// ones with their minus or `(Negative)`, and OpenSSL's own quirk for -1. Each certificate is
/// made by openssl with `-set_serial`, and openssl's own line is the expectation.
#[test]
fn serials_read_as_openssl_prints_them() {
    let dir = scratch("serials");
    openssl(
        &dir,
        &["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "k.pem"],
    );
    let serials = [
        "0",
        "-5",
        "-1",
        "255",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551616",
        "-9223372036854775809",
        "0x0102030405060708090a",
    ];
    for serial in serials {
        let file = format!("c{serial}.pem");
        openssl(
            &dir,
            &[
                "req",
                "-x509",
                "-key",
                "k.pem",
                "-subj",
                "/CN=a",
                "-days",
                "1",
                "-set_serial",
                serial,
                "-out",
                &file,
            ],
        );
        let text = std::process::Command::new("openssl")
            .args(["x509", "-noout", "-text", "-in", &file])
            .current_dir(&dir)
            .output()
            .unwrap()
            .stdout;
        let text = String::from_utf8(text).unwrap();
        // "Serial Number: 0 (0x0)" on one line, or "Serial Number:" and the bytes on the next.
        let at = text.find("Serial Number:").unwrap() + "Serial Number:".len();
        let rest = &text[at..];
        let line = rest.lines().next().unwrap().trim();
        let expected = if line.is_empty() {
            rest.lines().nth(1).unwrap().trim()
        } else {
            line
        };
        let pem = read(&dir, &file);
        let report = report(&[("c.pem", pem)]);
        let etcdtls_core::model::ItemBody::Certificate(cert) = &report.items[0].body else {
            panic!("{serial}: not a certificate")
        };
        assert_eq!(cert.serial_as_openssl_prints_it(), expected, "-set_serial {serial}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// Issuers are linked by signature: without the core's cryptography that is its host's.
#[cfg(feature = "pure-crypto")]
#[test]
fn an_issuer_without_basic_constraints_but_with_key_cert_sign_is_refused_by_go_only() {
    // OpenSSL's check_ca (v3_purp.c) returns 4 for it: `openssl verify -CAfile ca.pem leaf.pem`
    // says OK, with -x509_strict "invalid CA certificate"; Go's CheckSignatureFrom refuses it.
    let ca_key = key();
    let mut ca_params = params("no-constraints-ca", false);
    ca_params.is_ca = IsCa::NoCa;
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::DigitalSignature];
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf = params("etcd", false)
        .signed_by(&key(), &Issuer::from_params(&ca_params, &ca_key))
        .unwrap();
    let report = report(&[("ca.crt", ca.pem()), ("etcd.crt", leaf.pem())]);
    let leaf_item = report.items.iter().find(|i| i.id.0 == "etcd.crt").unwrap();
    let issued_by = etcdtls_core::explain::explain(&report, leaf_item).issued_by;
    assert!(
        issued_by.contains("but Go (etcd, Kubernetes) refuses it, as its issuer is not a CA (no basic constraints")
            && issued_by.contains("OpenSSL accepts it while that issuer is the trust anchor"),
        "{issued_by}"
    );
    let noted = findings(&report, FindingId::KeyCertSignNotCa);
    assert_eq!(noted.len(), 1, "{:#?}", report.findings);
    assert!(
        noted[0]
            .message
            .contains("Go (etcd, Kubernetes) accepts nothing it signs; OpenSSL does while it is the trust anchor"),
        "{}",
        noted[0].message
    );
}

#[test]
fn a_critical_subject_key_identifier_is_refused_by_go_1_23_and_later_only() {
    // `openssl req -x509 ... -addext "subjectKeyIdentifier=critical,hash"`: etcd 3.4.23 (Go
    // 1.19) loads it as --cacert; Go 1.23's parser refuses it.
    let dir = scratch("critical-ski");
    openssl(
        &dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "ca.key",
            "-subj",
            "/CN=critical-ski-ca",
            "-addext",
            "subjectKeyIdentifier=critical,hash",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "authorityKeyIdentifier=critical,keyid:always",
            "-out",
            "ca.pem",
        ],
    );
    let files = [("ca.pem", read(&dir, "ca.pem"))];
    let _ = std::fs::remove_dir_all(&dir);
    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    let report = analyze(&inputs, &Options::at(time::OffsetDateTime::now_utc()));
    let etcdtls_core::model::ItemBody::Certificate(cert) = &report.items[0].body else {
        panic!()
    };
    for error in [
        "`x509: subject key identifier incorrectly marked critical`",
        "`x509: authority key identifier incorrectly marked critical`",
    ] {
        assert!(
            cert.go_refuses
                .iter()
                .any(|r| r.contains(error) && r.contains("from Go 1.23 on") && r.contains("Go 1.19) accept")),
            "{:#?}",
            cert.go_refuses
        );
    }
    assert!(
        report.findings.iter().any(|f| f.id == FindingId::GoRefuses),
        "{:#?}",
        report.findings
    );
}

#[test]
fn a_key_with_explicit_curve_parameters_pairs_with_its_certificate() {
    // `openssl req -x509 -newkey ec -pkeyopt ec_param_enc:explicit`: the key (PKCS#8, and as
    // SEC1 after `openssl ec`) carries its point, and the certificate the same point with the
    // same parameters; they were "no certificate" and "orphan key".
    let dir = scratch("explicit-pair");
    openssl(
        &dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-pkeyopt",
            "ec_param_enc:explicit",
            "-nodes",
            "-keyout",
            "ex.key",
            "-subj",
            "/CN=explicit",
            "-days",
            "30",
            "-out",
            "ex.crt",
        ],
    );
    openssl(&dir, &["ec", "-in", "ex.key", "-out", "ex-sec1.key"]);
    openssl(
        &dir,
        &[
            "pkey",
            "-in",
            "ex.key",
            "-pubout",
            "-outform",
            "der",
            "-out",
            "ex.pub.der",
        ],
    );
    let spki = std::fs::read(dir.join("ex.pub.der")).unwrap();
    let files = [
        ("ex.crt", read(&dir, "ex.crt")),
        ("ex.key", read(&dir, "ex.key")),
        ("other/ex-sec1.key", read(&dir, "ex-sec1.key")),
    ];
    let _ = std::fs::remove_dir_all(&dir);
    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    let report = analyze(&inputs, &Options::at(time::OffsetDateTime::now_utc()));
    // The key id is openssl's: `openssl pkey -pubout -outform der | sha256sum`.
    let expected: String = {
        use sha2::Digest;
        sha2::Sha256::digest(&spki).iter().map(|b| format!("{b:02x}")).collect()
    };
    for id in ["ex.key", "other/ex-sec1.key"] {
        let key = report.items.iter().find(|i| i.id.0 == id).unwrap();
        assert_eq!(key.certificate.as_ref().map(|c| c.0.as_str()), Some("ex.crt"), "{id}");
        assert_eq!(key.public_key().unwrap().spki_sha256, expected, "{id}");
    }
    assert!(
        findings(&report, FindingId::OrphanKey).is_empty(),
        "{:#?}",
        report.findings
    );
}

/// A DER element with its tag and length.
fn der(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    match contents.len() {
        n if n < 0x80 => out.push(n as u8),
        n if n < 0x100 => out.extend([0x81, n as u8]),
        n => out.extend([0x82, (n >> 8) as u8, n as u8]),
    }
    out.extend_from_slice(contents);
    out
}

/// OpenSSL's version 1 PKCS#8 key made a version 2 OneAsymmetricKey (RFC 5958) carrying its
/// public half, as other tools write it.
fn with_public_half(v1: &[u8], public: &[u8]) -> Vec<u8> {
    assert!(v1[1] < 0x80 && v1[2..5] == [0x02, 0x01, 0x00], "a short version 1 key");
    let mut contents = v1[2..].to_vec();
    contents[2] = 0x01;
    contents.extend(der(0x81, &[&[0u8][..], public].concat()));
    der(0x30, &contents)
}

#[test]
fn keys_not_computed_here_pair_by_the_public_half_they_carry_or_are_said_not_checked() {
    let dir = scratch("ed448");
    openssl(
        &dir,
        &["genpkey", "-algorithm", "ed448", "-outform", "der", "-out", "ed448.der"],
    );
    openssl(
        &dir,
        &["pkey", "-inform", "der", "-in", "ed448.der", "-out", "ed448.key"],
    );
    openssl(
        &dir,
        &[
            "pkey",
            "-in",
            "ed448.key",
            "-pubout",
            "-outform",
            "der",
            "-out",
            "ed448.pub",
        ],
    );
    openssl(
        &dir,
        &[
            "req",
            "-x509",
            "-key",
            "ed448.key",
            "-subj",
            "/CN=a",
            "-out",
            "ed448.crt",
        ],
    );
    openssl(
        &dir,
        &[
            "genpkey",
            "-algorithm",
            "x25519",
            "-outform",
            "der",
            "-out",
            "x25519.der",
        ],
    );
    openssl(
        &dir,
        &[
            "pkey",
            "-inform",
            "der",
            "-in",
            "x25519.der",
            "-pubout",
            "-outform",
            "der",
            "-out",
            "x25519.pub",
        ],
    );
    let bytes = |name: &str| std::fs::read(dir.join(name)).unwrap();
    let pem = |der: &[u8]| {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD.encode(der);
        format!("-----BEGIN PRIVATE KEY-----\n{b64}\n-----END PRIVATE KEY-----\n")
    };
    let (ed448_spki, x25519_spki) = (bytes("ed448.pub"), bytes("x25519.pub"));
    let files = [
        ("ed448.crt", read(&dir, "ed448.crt")),
        ("v1/ed448.key", read(&dir, "ed448.key")),
        (
            "v2/ed448.key",
            pem(&with_public_half(
                &bytes("ed448.der"),
                &ed448_spki[ed448_spki.len() - 57..],
            )),
        ),
        (
            "v2/x25519.key",
            pem(&with_public_half(
                &bytes("x25519.der"),
                &x25519_spki[x25519_spki.len() - 32..],
            )),
        ),
    ];
    let _ = std::fs::remove_dir_all(&dir);
    let report = report(&files.iter().map(|(n, t)| (*n, t.clone())).collect::<Vec<_>>());
    let item = |id: &str| report.items.iter().find(|i| i.id.0 == id).unwrap();
    let sha256 = |der: &[u8]| -> String {
        use sha2::Digest;
        sha2::Sha256::digest(der).iter().map(|b| format!("{b:02x}")).collect()
    };
    // Version 2: paired by the half it carries, with openssl's key id.
    assert_eq!(
        item("v2/ed448.key").certificate.as_ref().map(|c| c.0.as_str()),
        Some("ed448.crt")
    );
    assert_eq!(
        item("v2/ed448.key").public_key().unwrap().spki_sha256,
        sha256(&ed448_spki)
    );
    assert_eq!(
        item("v2/x25519.key").public_key().unwrap().spki_sha256,
        sha256(&x25519_spki)
    );
    // Version 1 (what OpenSSL writes): not checked, rather than "no certificate carries it".
    let v1 = item("v1/ed448.key");
    assert!(v1.certificate.is_none());
    let e = etcdtls_core::explain::explain(&report, v1);
    assert_eq!(e.identifies, "Not checked: its public half is unknown here.");
    assert!(e.picture.contains("is not checked"), "{}", e.picture);
    assert!(
        v1.role_reasons
            .iter()
            .all(|r| !r.contains("no certificate among the inputs carries")),
        "{:?}",
        v1.role_reasons
    );
}
