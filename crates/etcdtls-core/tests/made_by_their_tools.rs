//! Talos, kops with etcd-manager, and cfssl PKIs (etcd's cfssl guide and etcd's
//! `hack/tls-setup`), each laid out as the tool's own code makes it: the same paths and file
//! names, subjects (C/ST/L/O/OU/CN where the tool sets them), extended and plain key usages,
//! SANs, validity, CAs as the tool makes them (Talos's CA carries serverAuth+clientAuth itself;
//! cfssl's CA is "cert sign, crl sign" only), key algorithms and the PEM the tool writes (`EC
//! PRIVATE KEY`, `RSA PRIVATE KEY`), cfssl's `.csr` beside each pair, and configuration naming
//! the files where the tool writes some. The facts and their sources, with file and line, are in
//! `docs/distributions.md`.
//!
//! Each test asserts every certificate's and key's role, the distribution named, that each leaf
//! links to the CA that signed it and each certificate to its key, and that nothing is reported
//! wrong but what the tool's layout really does wrong (etcd 3.4's `hack/tls-setup` lets any
//! client in).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use base64::Engine as _;
use etcdtls_core::{FindingId, Input, ItemKind, Options, Report, Role, analyze};
use etcdtls_pki::{Ca, Key, KeyType};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use sec1::der::{Decode as _, Encode as _};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

/// When the tools ran.
const MINTED: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);
/// When the PKIs are looked at: all of them sound.
const NOW: OffsetDateTime = datetime!(2026-03-01 00:00 UTC);

/// The key algorithms the tools use.
#[derive(Clone, Copy)]
enum Algo {
    /// ECDSA P-256, written as `EC PRIVATE KEY` (SEC1).
    P256,
    /// ECDSA P-384, written as `EC PRIVATE KEY` (SEC1), as cfssl's `"algo": "ecdsa", "size": 384`.
    P384,
    /// RSA 2048, written as `RSA PRIVATE KEY` (PKCS#1).
    Rsa2048,
}

/// A key as a tool writes it, and rcgen's handle on it.
struct ToolKey {
    pem: String,
    pair: KeyPair,
}

fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

fn der_of(pem_text: &str) -> Vec<u8> {
    let body: String = pem_text.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD.decode(body).unwrap()
}

fn key(algo: Algo) -> ToolKey {
    match algo {
        Algo::P256 | Algo::Rsa2048 => {
            let kt = if matches!(algo, Algo::P256) {
                KeyType::EcdsaP256
            } else {
                KeyType::Rsa2048
            };
            let k = Key::generate(kt).unwrap();
            ToolKey {
                pair: KeyPair::from_pem(&k.pkcs8_pem).unwrap(),
                pem: k.pem,
            }
        }
        Algo::P384 => {
            // Go's x509.MarshalECPrivateKey: SEC1 with the named curve and the public point.
            let pair = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P384_SHA384).unwrap();
            let pkcs8 = pair.serialize_der();
            let inner = pkcs8::PrivateKeyInfoRef::from_der(&pkcs8)
                .unwrap()
                .private_key
                .as_bytes()
                .to_vec();
            let ring = sec1::EcPrivateKey::from_der(&inner).unwrap();
            let go = sec1::EcPrivateKey {
                private_key: ring.private_key,
                parameters: Some(sec1::EcParameters::NamedCurve("1.3.132.0.34".parse().unwrap())),
                public_key: ring.public_key,
            };
            let pem = pem("EC PRIVATE KEY", &go.to_der().unwrap());
            ToolKey { pem, pair }
        }
    }
}

/// What one certificate is: subject, CA or leaf, usages, SANs, validity.
struct Spec {
    subject: Vec<(DnType, &'static str)>,
    cn: Option<String>,
    ca: bool,
    key_usages: Vec<KeyUsagePurpose>,
    ekus: Vec<ExtendedKeyUsagePurpose>,
    sans: Vec<String>,
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
}

impl Spec {
    fn leaf(cn: &str, ekus: &[ExtendedKeyUsagePurpose], days: i64) -> Spec {
        Spec {
            subject: Vec::new(),
            cn: Some(cn.into()),
            ca: false,
            key_usages: vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::KeyEncipherment],
            ekus: ekus.to_vec(),
            sans: Vec::new(),
            not_before: MINTED,
            not_after: MINTED + Duration::days(days),
        }
    }

    fn ca(cn: Option<&str>, key_usages: &[KeyUsagePurpose], days: i64) -> Spec {
        Spec {
            subject: Vec::new(),
            cn: cn.map(Into::into),
            ca: true,
            key_usages: key_usages.to_vec(),
            ekus: Vec::new(),
            sans: Vec::new(),
            not_before: MINTED,
            not_after: MINTED + Duration::days(days),
        }
    }

    /// Subject attributes before the CN, in the order the tool writes them.
    fn subject(mut self, attributes: &[(DnType, &'static str)]) -> Spec {
        self.subject = attributes.to_vec();
        self
    }

    fn ekus(mut self, ekus: &[ExtendedKeyUsagePurpose]) -> Spec {
        self.ekus = ekus.to_vec();
        self
    }

    fn sans(mut self, sans: &[&str]) -> Spec {
        self.sans = sans.iter().map(|s| s.to_string()).collect();
        self
    }

    fn params(&self) -> CertificateParams {
        let mut p = CertificateParams::default();
        p.distinguished_name = DistinguishedName::new();
        for (t, v) in &self.subject {
            p.distinguished_name.push(t.clone(), *v);
        }
        if let Some(cn) = &self.cn {
            p.distinguished_name.push(DnType::CommonName, cn.as_str());
        }
        p.is_ca = if self.ca {
            IsCa::Ca(BasicConstraints::Unconstrained)
        } else {
            IsCa::ExplicitNoCa
        };
        p.key_usages = self.key_usages.clone();
        p.extended_key_usages = self.ekus.clone();
        p.subject_alt_names = self
            .sans
            .iter()
            .map(|s| match s.parse() {
                Ok(ip) => SanType::IpAddress(ip),
                Err(_) => SanType::DnsName(s.clone().try_into().unwrap()),
            })
            .collect();
        p.not_before = self.not_before;
        p.not_after = self.not_after;
        p.use_authority_key_identifier_extension = !self.ca;
        p
    }

    /// The request cfssl writes beside the certificate: the subject and the hosts.
    fn csr(&self, key: &KeyPair) -> String {
        let full = self.params();
        let mut p = CertificateParams::default();
        p.distinguished_name = full.distinguished_name;
        p.subject_alt_names = full.subject_alt_names;
        p.serialize_request(key).unwrap().pem().unwrap()
    }
}

/// A certificate and its key as PEM, as the tool writes them.
struct Made {
    cert: String,
    key: String,
    /// The CSR cfssl writes beside them.
    csr: String,
    ca: Option<Ca>,
}

fn self_signed(spec: &Spec, algo: Algo) -> Made {
    let k = key(algo);
    let params = spec.params();
    let cert = params.self_signed(&k.pair).unwrap().pem();
    let csr = spec.csr(&k.pair);
    let ca = match algo {
        // etcdtls-pki loads P-256 and RSA keys to sign with; a P-384 CA signs through rcgen.
        Algo::P256 | Algo::Rsa2048 => Some(Ca::load(&cert, &k.pem).unwrap()),
        Algo::P384 => None,
    };
    Made {
        cert,
        key: k.pem,
        csr,
        ca,
    }
}

fn signed(spec: &Spec, algo: Algo, by: &Made, by_algo: Algo) -> Made {
    let k = key(algo);
    let params = spec.params();
    let by_key = match by_algo {
        Algo::P256 | Algo::Rsa2048 => {
            let pkcs8 = by.ca.as_ref().unwrap().pair.key.pkcs8_pem.clone();
            KeyPair::from_pem(&pkcs8).unwrap()
        }
        Algo::P384 => KeyPair::from_pem(&p384_pkcs8(&by.key)).unwrap(),
    };
    let issuer = Issuer::from_ca_cert_pem(&by.cert, &by_key).unwrap();
    let cert = params.signed_by(&k.pair, &issuer).unwrap().pem();
    let csr = spec.csr(&k.pair);
    Made {
        cert,
        key: k.pem,
        csr,
        ca: None,
    }
}

/// A SEC1 P-384 key back as PKCS#8, for rcgen to sign with.
fn p384_pkcs8(sec1_pem: &str) -> String {
    use pkcs8::der::Encode as _;
    let der = der_of(sec1_pem);
    let oid_ec: pkcs8::ObjectIdentifier = "1.2.840.10045.2.1".parse().unwrap();
    let oid_p384: pkcs8::ObjectIdentifier = "1.3.132.0.34".parse().unwrap();
    let info = pkcs8::PrivateKeyInfoRef::new(
        pkcs8::AlgorithmIdentifierRef {
            oid: oid_ec,
            parameters: Some(pkcs8::der::AnyRef::from(&oid_p384)),
        },
        pkcs8::der::asn1::OctetStringRef::new(&der).unwrap(),
    );
    pem("PRIVATE KEY", &info.to_der().unwrap())
}

/// A directory as a tool leaves it, and what each file must be.
struct Layout {
    distribution: &'static str,
    files: Vec<(String, String)>,
    roles: BTreeMap<String, Role>,
    /// Leaf (or intermediate) path → the path of the CA that signed it.
    issuers: Vec<(String, String)>,
    /// Certificate path → key path.
    keys: Vec<(String, String)>,
    /// Paths that hold the same certificate as another, by the first's path.
    copies: BTreeMap<String, Vec<String>>,
    /// Findings the tool's own layout deserves.
    expected_findings: Vec<FindingId>,
}

impl Layout {
    fn new(distribution: &'static str) -> Layout {
        Layout {
            distribution,
            files: Vec::new(),
            roles: BTreeMap::new(),
            issuers: Vec::new(),
            keys: Vec::new(),
            copies: BTreeMap::new(),
            expected_findings: Vec::new(),
        }
    }

    fn file(&mut self, path: &str, text: &str, role: Role) {
        self.files.push((path.into(), text.into()));
        self.roles.insert(path.into(), role);
    }

    /// A certificate (signed by the CA at `issuer`, if any), without its key.
    fn cert(&mut self, path: &str, made: &Made, role: Role, issuer: Option<&str>) {
        self.file(path, &made.cert, role);
        if let Some(ca) = issuer {
            self.issuers.push((path.into(), ca.into()));
        }
        for (first, text) in self.files.clone() {
            if first != path && text == made.cert {
                self.copies.entry(first).or_default().push(path.into());
            }
        }
    }

    /// A certificate and its key.
    fn pair(&mut self, cert: &str, key: &str, made: &Made, role: Role, issuer: Option<&str>) {
        self.cert(cert, made, role, issuer);
        self.file(key, &made.key, role);
        self.keys.push((cert.into(), key.into()));
    }

    /// A file that holds no certificate or key (configuration).
    fn config(&mut self, path: &str, text: &str) {
        self.files.push((path.into(), text.into()));
    }

    /// The same certificate under any of its paths.
    fn same(&self, a: &str, b: &str) -> bool {
        let text = |p: &str| self.files.iter().find(|(f, _)| f == p).map(|(_, t)| t.clone());
        a == b || (text(a).is_some() && text(a) == text(b))
    }
}

fn run(files: &[(String, String)]) -> Report {
    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    analyze(&inputs, &Options::at(NOW))
}

/// Checks a layout: roles, distribution, issuer and key links, no findings; returns the report.
fn check(layout: &Layout) -> Report {
    let report = run(&layout.files);
    let d = layout.distribution;
    assert!(report.errors.is_empty(), "{d}: {:?}", report.errors);
    assert_eq!(report.distribution.map(|p| p.id), Some(d), "{d}: distribution");
    let item = |id: &str| {
        report
            .items
            .iter()
            .find(|i| i.id.0 == id)
            .unwrap_or_else(|| panic!("{d}: {id} not read"))
    };
    for (path, role) in &layout.roles {
        let it = item(path);
        assert_eq!(it.role, *role, "{d}: role of {path}: {:?}", it.role_reasons);
    }
    for it in &report.items {
        match it.kind() {
            // cfssl's `<name>.csr` asks for `<name>.pem`, signed with `<name>-key.pem`.
            ItemKind::Csr => {
                let stem = it.id.0.strip_suffix(".csr").unwrap_or(&it.id.0);
                let (cert, key) = (format!("{stem}.pem"), format!("{stem}-key.pem"));
                if let Some(role) = layout.roles.get(&cert) {
                    assert_eq!(
                        it.certificate.as_ref().map(|c| c.0.as_str()),
                        Some(cert.as_str()),
                        "{d}: {}",
                        it.id
                    );
                    assert_eq!(
                        it.key.as_ref().map(|k| k.0.as_str()),
                        Some(key.as_str()),
                        "{d}: {}",
                        it.id
                    );
                    assert_eq!(it.role, *role, "{d}: role of {}: {:?}", it.id, it.role_reasons);
                }
            }
            _ => assert!(
                layout.roles.contains_key(&it.id.0),
                "{d}: unexpected item {} ({})",
                it.id,
                it.role
            ),
        }
    }
    for (leaf, ca) in &layout.issuers {
        let it = item(leaf);
        let by = it
            .issued_by
            .as_ref()
            .unwrap_or_else(|| panic!("{d}: {leaf} has no issuer among the inputs"));
        assert!(layout.same(&by.0, ca), "{d}: {leaf} issued by {by}, not {ca}");
    }
    for (cert, key) in &layout.keys {
        let c = item(cert);
        let k = item(key);
        assert_eq!(k.kind(), ItemKind::PrivateKey, "{d}: {key}");
        let paired = c.key.as_ref().unwrap_or_else(|| panic!("{d}: {cert} has no key"));
        assert_eq!(&paired.0, key, "{d}: key of {cert}");
        let back = k
            .certificate
            .as_ref()
            .unwrap_or_else(|| panic!("{d}: {key} has no certificate"));
        assert!(layout.same(&back.0, cert), "{d}: certificate of {key} is {back}");
    }
    let found: Vec<FindingId> = report.findings.iter().map(|f| f.id).collect();
    assert_eq!(
        found,
        layout.expected_findings,
        "{d}: findings: {:#?}",
        report
            .findings
            .iter()
            .map(|f| (f.id, &f.items, &f.message))
            .collect::<Vec<_>>()
    );
    report
}

/// Writes a layout to `$ETCDTLS_WRITE_LAYOUTS/<name>/` when that is set, to try the CLI on it.
#[allow(clippy::disallowed_methods)]
fn write_layout(name: &str, layout: &Layout) {
    if let Some(dir) = std::env::var_os("ETCDTLS_WRITE_LAYOUTS") {
        let root = std::path::Path::new(&dir).join(name);
        for (path, text) in &layout.files {
            let file = root.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
    }
}

use ExtendedKeyUsagePurpose::{ClientAuth, ServerAuth};
use KeyUsagePurpose::{CrlSign, DigitalSignature, KeyCertSign};

/// Talos as machined writes it on a control-plane node: `/system/secrets/etcd` and the
/// API server's and controller manager's folders under `/system/secrets/kubernetes`.
#[test]
fn talos_control_plane_node() {
    // siderolabs/crypto's CA template: CertSign|DigitalSignature, serverAuth+clientAuth; ten years.
    let ten_years = 3650;
    let talos_ca = |cn: Option<&str>, o: &'static str| {
        let mut spec = Spec::ca(cn, &[KeyCertSign, DigitalSignature], ten_years).ekus(&[ServerAuth, ClientAuth]);
        if !o.is_empty() {
            spec = spec.subject(&[(DnType::OrganizationName, o)]);
        }
        self_signed(&spec, Algo::P256)
    };
    let etcd_ca = talos_ca(None, "etcd");
    let kube_ca = talos_ca(None, "kubernetes");
    let aggregator = talos_ca(Some("front-proxy"), "");
    let mut l = Layout::new("talos");
    let etcd = "system/secrets/etcd";
    let ca = format!("{etcd}/ca.crt");
    l.pair(&ca, &format!("{etcd}/ca.key"), &etcd_ca, Role::EtcdCa, None);
    let both = [ServerAuth, ClientAuth];
    let server = signed(
        &Spec::leaf("talos-cp-1", &both, ten_years).sans(&["talos-cp-1", "localhost", "10.5.0.2", "127.0.0.1", "::1"]),
        Algo::P256,
        &etcd_ca,
        Algo::P256,
    );
    l.pair(
        &format!("{etcd}/server.crt"),
        &format!("{etcd}/server.key"),
        &server,
        Role::EtcdServer,
        Some(&ca),
    );
    let peer = signed(
        &Spec::leaf("talos-cp-1", &both, ten_years).sans(&["talos-cp-1", "10.5.0.2"]),
        Algo::P256,
        &etcd_ca,
        Algo::P256,
    );
    l.pair(
        &format!("{etcd}/peer.crt"),
        &format!("{etcd}/peer.key"),
        &peer,
        Role::EtcdPeer,
        Some(&ca),
    );
    let admin = signed(
        &Spec::leaf("talos", &[ClientAuth], ten_years),
        Algo::P256,
        &etcd_ca,
        Algo::P256,
    );
    l.pair(
        &format!("{etcd}/admin.crt"),
        &format!("{etcd}/admin.key"),
        &admin,
        Role::EtcdClient,
        Some(&ca),
    );

    let api = "system/secrets/kubernetes/kube-apiserver";
    l.cert(&format!("{api}/etcd-client-ca.crt"), &etcd_ca, Role::EtcdCa, None);
    let etcd_client = signed(
        &Spec::leaf("kube-apiserver", &[ClientAuth], ten_years),
        Algo::P256,
        &etcd_ca,
        Algo::P256,
    );
    l.pair(
        &format!("{api}/etcd-client.crt"),
        &format!("{api}/etcd-client.key"),
        &etcd_client,
        Role::ApiserverEtcdClient,
        Some(&ca),
    );
    let kca = format!("{api}/ca.crt");
    l.cert(&kca, &kube_ca, Role::KubernetesCa, None);
    let year = 365;
    let apiserver = signed(
        &Spec::leaf("kube-apiserver", &[ServerAuth], year)
            .subject(&[(DnType::OrganizationName, "kube-master")])
            .sans(&["kubernetes", "kubernetes.default", "10.96.0.1", "10.5.0.2"]),
        Algo::P256,
        &kube_ca,
        Algo::P256,
    );
    l.pair(
        &format!("{api}/apiserver.crt"),
        &format!("{api}/apiserver.key"),
        &apiserver,
        Role::KubeApiserver,
        Some(&kca),
    );
    let kubelet_client = signed(
        &Spec::leaf("apiserver-kubelet-client", &[ClientAuth], year)
            .subject(&[(DnType::OrganizationName, "system:masters")]),
        Algo::P256,
        &kube_ca,
        Algo::P256,
    );
    l.pair(
        &format!("{api}/apiserver-kubelet-client.crt"),
        &format!("{api}/apiserver-kubelet-client.key"),
        &kubelet_client,
        Role::ApiserverKubeletClient,
        Some(&kca),
    );
    let aca = format!("{api}/aggregator-ca.crt");
    l.cert(&aca, &aggregator, Role::FrontProxyCa, None);
    let front = signed(
        &Spec::leaf("front-proxy-client", &[ClientAuth], year),
        Algo::P256,
        &aggregator,
        Algo::P256,
    );
    l.pair(
        &format!("{api}/front-proxy-client.crt"),
        &format!("{api}/front-proxy-client.key"),
        &front,
        Role::FrontProxyClient,
        Some(&aca),
    );
    let sa = Key::generate(KeyType::EcdsaP256).unwrap();
    l.file(
        &format!("{api}/service-account.pub"),
        &sa.public_pem(),
        Role::ServiceAccountKey,
    );
    l.file(&format!("{api}/service-account.key"), &sa.pem, Role::ServiceAccountKey);
    let cm = "system/secrets/kubernetes/kube-controller-manager";
    l.pair(
        &format!("{cm}/ca.crt"),
        &format!("{cm}/ca.key"),
        &kube_ca,
        Role::KubernetesCa,
        None,
    );
    l.file(&format!("{cm}/service-account.key"), &sa.pem, Role::ServiceAccountKey);

    write_layout("talos", &l);
    let report = check(&l);
    // machined's own client is what talosctl's etcd commands go through.
    let recipes = etcdtls_core::connection_recipes(&report);
    let first = recipes.first().expect("a way to connect");
    assert_eq!(
        (first.ca.as_str(), first.cert.as_str()),
        (ca.as_str(), "system/secrets/etcd/admin.crt")
    );
    // Talos nodes have no shell: the lines run elsewhere and dial the node's address from etcd's
    // server certificate, not 127.0.0.1, and talosctl's own commands are named.
    for r in &recipes {
        assert_eq!(r.endpoints, "https://10.5.0.2:2379", "{}", r.cert);
    }
    assert!(
        first.note.contains("no shell") && first.note.contains("`talosctl -n 10.5.0.2 etcd status`"),
        "{}",
        first.note
    );
    let server = report
        .items
        .iter()
        .find(|i| i.id.0 == "system/secrets/etcd/server.crt")
        .unwrap();
    assert!(server.renewal().unwrap().contains("Talos reissues it by itself"));
    // machined signs with the machine configuration's copy of the CA key, not this file.
    let key = report
        .items
        .iter()
        .find(|i| i.id.0 == "system/secrets/etcd/ca.key")
        .unwrap();
    let used_by = etcdtls_core::explain(&report, key).used_by;
    assert!(
        used_by.len() == 1 && used_by[0].starts_with("usually machined, which issues etcd's server, peer and admin"),
        "{used_by:?}"
    );
}

/// kops with etcd-manager on a control-plane node: nodeup's `/etc/kubernetes/pki/etcd-manager-main`
/// (with etcd-manager's own gRPC certificates beside the CAs), etcd-manager's per-member
/// `pki/<token>/{peers,clients}` on the etcd volume, and the API server's etcd client in
/// `/srv/kubernetes/kube-apiserver`.
#[test]
fn kops_control_plane_node() {
    let rsa = Algo::Rsa2048;
    let kops_ca = |cn: &'static str| {
        // kops's pkg/pki/issue.go "ca" type: CA, KeyUsageCRLSign, KeyUsageCertSign; ten years.
        self_signed(&Spec::ca(Some(cn), &[CrlSign, KeyCertSign], 3650), rsa)
    };
    let manager_ca = kops_ca("etcd-manager-ca-main");
    let peers_ca = kops_ca("etcd-peers-ca-main");
    let clients_ca = kops_ca("etcd-clients-ca");
    let mut l = Layout::new("kops");
    let d = "etc/kubernetes/pki/etcd-manager-main";
    let mca = format!("{d}/etcd-manager-ca.crt");
    l.pair(
        &mca,
        &format!("{d}/etcd-manager-ca.key"),
        &manager_ca,
        Role::EtcdManagerCa,
        None,
    );
    let pca = format!("{d}/etcd-peers-ca.crt");
    l.pair(
        &pca,
        &format!("{d}/etcd-peers-ca.key"),
        &peers_ca,
        Role::EtcdPeerCa,
        None,
    );
    let cca = format!("{d}/etcd-clients-ca.crt");
    l.pair(
        &cca,
        &format!("{d}/etcd-clients-ca.key"),
        &clients_ca,
        Role::EtcdCa,
        None,
    );
    // etcd-manager's certificates: two years, NotBefore the CA's (pkg/pki/certutils.go).
    let two_years = 730;
    let grpc_server = signed(
        &Spec::leaf("etcd-manager-server-etcd-a", &[ServerAuth], two_years).sans(&["etcd-manager-server-etcd-a"]),
        rsa,
        &manager_ca,
        rsa,
    );
    l.pair(
        &format!("{d}/etcd-manager-server-etcd-a.crt"),
        &format!("{d}/etcd-manager-server-etcd-a.key"),
        &grpc_server,
        Role::Server,
        Some(&mca),
    );
    let grpc_client = signed(
        &Spec::leaf("etcd-manager-client-etcd-a", &[ClientAuth], two_years),
        rsa,
        &manager_ca,
        rsa,
    );
    l.pair(
        &format!("{d}/etcd-manager-client-etcd-a.crt"),
        &format!("{d}/etcd-manager-client-etcd-a.key"),
        &grpc_client,
        Role::Client,
        Some(&mca),
    );

    let pki = "mnt/master-vol-0a1b2c3d4e5f60718/pki/Vq2Ux8FnWk2nIwEuYcK1Zw";
    let ppca = format!("{pki}/peers/ca.crt");
    l.cert(&ppca, &peers_ca, Role::EtcdPeerCa, None);
    let name = "etcd-a";
    let internal = "etcd-a.internal.example.k8s.local";
    let me = signed(
        &Spec::leaf(name, &[ClientAuth, ServerAuth], two_years).sans(&[name, internal, "172.20.40.10", "127.0.0.1"]),
        rsa,
        &peers_ca,
        rsa,
    );
    l.pair(
        &format!("{pki}/peers/me.crt"),
        &format!("{pki}/peers/me.key"),
        &me,
        Role::EtcdPeer,
        Some(&ppca),
    );
    let pcca = format!("{pki}/clients/ca.crt");
    l.cert(&pcca, &clients_ca, Role::EtcdCa, None);
    let server = signed(
        &Spec::leaf(name, &[ServerAuth, ClientAuth], two_years).sans(&[name, internal, "127.0.0.1"]),
        rsa,
        &clients_ca,
        rsa,
    );
    l.pair(
        &format!("{pki}/clients/server.crt"),
        &format!("{pki}/clients/server.key"),
        &server,
        Role::EtcdServer,
        Some(&pcca),
    );

    let api = "srv/kubernetes/kube-apiserver";
    let eca = format!("{api}/etcd-ca.crt");
    l.cert(&eca, &clients_ca, Role::EtcdCa, None);
    let etcd_client = signed(&Spec::leaf("kube-apiserver", &[ClientAuth], 455), rsa, &clients_ca, rsa);
    let client = format!("{api}/etcd-client.crt");
    l.pair(
        &client,
        &format!("{api}/etcd-client.key"),
        &etcd_client,
        Role::ApiserverEtcdClient,
        Some(&eca),
    );
    let sa = Key::generate(KeyType::Rsa2048).unwrap();
    l.file(&format!("{api}/service-account.key"), &sa.pem, Role::ServiceAccountKey);
    l.file(
        &format!("{api}/service-account.pub"),
        &sa.public_pem(),
        Role::ServiceAccountKey,
    );
    // The API server's flags, as kops renders its manifest.
    l.config(
        "etc/kubernetes/manifests/kube-apiserver.manifest",
        &format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  containers:\n  - name: kube-apiserver\n    command:\n    - /usr/local/bin/kube-apiserver\n    args:\n    - --etcd-cafile=/{eca}\n    - --etcd-certfile=/{client}\n    - --etcd-keyfile=/{api}/etcd-client.key\n    - --etcd-servers=https://127.0.0.1:4001\n    - --service-account-key-file=/{api}/service-account.pub\n    - --service-account-signing-key-file=/{api}/service-account.key\n"
        ),
    );

    write_layout("kops", &l);
    let report = check(&l);
    let recipes = etcdtls_core::connection_recipes(&report);
    let first = recipes.first().expect("a way to connect");
    assert_eq!(first.cert, client);
    assert!(l.same(&first.ca, &cca), "{}", first.ca);
    // Where the API server's manifest says it dials etcd, not etcdctl's 2379.
    assert_eq!(first.endpoints, "https://127.0.0.1:4001");
    // The clients CA is in three folders: one line for the API server's pair, not three.
    assert_eq!(recipes.iter().filter(|r| r.cert == client).count(), 1);
    let grpc = report
        .items
        .iter()
        .find(|i| i.id.0.ends_with("etcd-manager-server-etcd-a.crt"))
        .unwrap();
    let m = grpc.matched.unwrap();
    assert!(m.entry.what.contains("not etcd's"), "{}", m.entry.what);
    // Its role is only a kind (a server); the headline says what kops made it for.
    let headline = etcdtls_core::explain(&report, grpc).headline;
    assert!(
        headline.starts_with("etcd-manager's gRPC server certificate"),
        "{headline}"
    );
    // Its CA is etcd-manager's, not some root CA: its role says so, and so does the line
    // naming who issued the gRPC certificates.
    let issued_by = etcdtls_core::explain(&report, grpc).issued_by;
    assert!(
        issued_by.starts_with(&format!("The etcd-manager CA, {mca} ")),
        "{issued_by}"
    );
    // The CAs' keys on the node are etcd-manager's to sign with (`cmd/etcd-manager/main.go`
    // loads each `.crt` and `.key`; `pkg/etcd/pki.go` issues the members' certificates), not
    // kubeadm's, k3s's or cfssl's.
    for (ca, issues) in [
        ("etcd-manager-ca", "etcd-manager-server-<peer>"),
        ("etcd-peers-ca", "peers/me.crt"),
        ("etcd-clients-ca", "clients/server.crt"),
    ] {
        let key = report.items.iter().find(|i| i.id.0 == format!("{d}/{ca}.key")).unwrap();
        let used_by = etcdtls_core::explain(&report, key).used_by;
        assert!(
            used_by.len() == 1
                && used_by[0].starts_with("usually etcd-manager, which issues")
                && used_by[0].contains(issues),
            "{ca}: {used_by:?}"
        );
    }
}

/// etcd's cfssl guide ("Generate self-signed certificates"), run as written: the CA from the
/// edited `ca-csr.json` (RSA 2048), the leaves' CSRs from `cfssl print-defaults csr` with CN and
/// hosts replaced (ECDSA P-256, C=US ST=CA L=San Francisco), the profiles server, peer, client,
/// 43800h; `hosts: [""]` gives the client an empty DNS name, as cfssl 1.2 writes it.
#[test]
fn cfssl_etcd_guide() {
    let five_years = 1825;
    let ca = self_signed(
        &Spec::ca(Some("My own CA"), &[KeyCertSign, CrlSign], five_years).subject(&[
            (DnType::CountryName, "US"),
            (DnType::StateOrProvinceName, "San Francisco"),
            (DnType::LocalityName, "CA"),
            (DnType::OrganizationName, "My Company Name"),
            (DnType::OrganizationalUnitName, "Org Unit 2"),
        ]),
        Algo::Rsa2048,
    );
    let defaults = [
        (DnType::CountryName, "US"),
        (DnType::StateOrProvinceName, "CA"),
        (DnType::LocalityName, "San Francisco"),
    ];
    let mut l = Layout::new("etcd-tls-guide");
    l.pair("cfssl/ca.pem", "cfssl/ca-key.pem", &ca, Role::EtcdCa, None);
    l.config("cfssl/ca.csr", &ca.csr);
    let issue = |cn: &str, ekus: &[ExtendedKeyUsagePurpose], sans: &[&str]| {
        signed(
            &Spec::leaf(cn, ekus, five_years).subject(&defaults).sans(sans),
            Algo::P256,
            &ca,
            Algo::Rsa2048,
        )
    };
    let server = issue(
        "coreos1",
        &[ServerAuth],
        &["ext.example.com", "coreos1.local", "coreos1", "192.168.122.68"],
    );
    let member = issue(
        "member1",
        &[ServerAuth, ClientAuth],
        &["ext.example.com", "member1.local", "member1", "192.168.122.101"],
    );
    let client = issue("client", &[ClientAuth], &[""]);
    for (name, made, role) in [
        ("server", &server, Role::EtcdServer),
        ("member1", &member, Role::EtcdPeer),
        ("client", &client, Role::EtcdClient),
    ] {
        l.pair(
            &format!("cfssl/{name}.pem"),
            &format!("cfssl/{name}-key.pem"),
            made,
            role,
            Some("cfssl/ca.pem"),
        );
        l.config(&format!("cfssl/{name}.csr"), &made.csr);
    }
    write_layout("etcd-guide", &l);
    let report = check(&l);
    let member = report.items.iter().find(|i| i.id.0 == "cfssl/member1.pem").unwrap();
    assert!(member.renewal().unwrap().contains("-profile=peer member1.json"));
    let recipes = etcdtls_core::connection_recipes(&report);
    let first = recipes.first().expect("a way to connect");
    assert_eq!(
        (first.ca.as_str(), first.cert.as_str()),
        ("cfssl/ca.pem", "cfssl/client.pem")
    );
}

/// The CA and leaf subjects of etcd's `hack/tls-setup/config/*.json`.
fn tls_setup_ca_subject() -> [(DnType, &'static str); 5] {
    [
        (DnType::CountryName, "US"),
        (DnType::StateOrProvinceName, "California"),
        (DnType::LocalityName, "San Francisco"),
        (DnType::OrganizationName, "Honest Achmed's Used Certificates"),
        (DnType::OrganizationalUnitName, "Hastily-Generated Values Divison"),
    ]
}

const TLS_SETUP_LEAF: [(DnType, &str); 3] = [
    (DnType::LocalityName, "the internet"),
    (DnType::OrganizationName, "autogenerated"),
    (DnType::OrganizationalUnitName, "etcd cluster"),
];

/// etcd's `hack/tls-setup` today (`make` with `infra0..2` set): RSA 2048, 876000h, one CSR
/// (`CN=etcd`) for `certs/<ip>.pem` and `certs/peer-<ip>.pem` of each member.
#[test]
fn cfssl_hack_tls_setup() {
    let century = 876_000 / 24;
    let ca_subject = tls_setup_ca_subject();
    let ca = self_signed(
        &Spec::ca(Some("Autogenerated CA"), &[KeyCertSign, CrlSign], century).subject(&ca_subject),
        Algo::Rsa2048,
    );
    let mut l = Layout::new("etcd-tls-guide");
    l.pair("certs/ca.pem", "certs/ca-key.pem", &ca, Role::EtcdCa, None);
    l.config("certs/ca.csr", &ca.csr);
    let hosts = ["localhost", "127.0.0.1", "9.145.89.120", "9.145.89.173", "9.145.89.225"];
    for ip in ["10.0.0.1", "10.0.0.2", "10.0.0.3"] {
        for (name, role) in [
            (ip.to_string(), Role::EtcdServer),
            (format!("peer-{ip}"), Role::EtcdPeer),
        ] {
            let made = signed(
                &Spec::leaf("etcd", &[ServerAuth, ClientAuth], century)
                    .subject(&TLS_SETUP_LEAF)
                    .sans(&hosts),
                Algo::Rsa2048,
                &ca,
                Algo::Rsa2048,
            );
            l.pair(
                &format!("certs/{name}.pem"),
                &format!("certs/{name}-key.pem"),
                &made,
                role,
                Some("certs/ca.pem"),
            );
            l.config(&format!("certs/{name}.csr"), &made.csr);
        }
    }
    write_layout("etcd-tls-setup", &l);
    let report = check(&l);
    let peer = report
        .items
        .iter()
        .find(|i| i.id.0 == "certs/peer-10.0.0.2.pem")
        .unwrap();
    assert!(
        peer.renewal().unwrap().contains("hack/tls-setup"),
        "{:?}",
        peer.renewal()
    );
}

/// etcd 3.4's `hack/tls-setup`: ECDSA P-384, leaves one year, the CA cfssl's default five;
/// `certs/etcd1.pem`..`etcd3.pem` and `proxy1.pem`, each etcd's `--cert-file` and
/// `--peer-cert-file` at once (its Procfile, which is given too).
#[test]
fn cfssl_hack_tls_setup_etcd_3_4() {
    let ca_subject = tls_setup_ca_subject();
    let ca = self_signed(
        &Spec::ca(Some("Autogenerated CA"), &[KeyCertSign, CrlSign], 1825).subject(&ca_subject),
        Algo::P384,
    );
    let mut l = Layout::new("etcd-tls-guide");
    l.pair("certs/ca.pem", "certs/ca-key.pem", &ca, Role::EtcdCa, None);
    l.config("certs/ca.csr", &ca.csr);
    for name in ["etcd1", "etcd2", "etcd3", "proxy1"] {
        let made = signed(
            &Spec::leaf("etcd", &[ServerAuth, ClientAuth], 365)
                .subject(&TLS_SETUP_LEAF)
                .sans(&["localhost"]),
            Algo::P384,
            &ca,
            Algo::P384,
        );
        l.pair(
            &format!("certs/{name}.pem"),
            &format!("certs/{name}-key.pem"),
            &made,
            Role::EtcdMember,
            Some("certs/ca.pem"),
        );
        l.config(&format!("certs/{name}.csr"), &made.csr);
    }
    let mut procfile = String::new();
    for (n, port) in [(1, 2379), (2, 12379), (3, 22379)] {
        procfile.push_str(&format!(
            "etcd{n}: ../../bin/etcd --name infra{n} --listen-client-urls https://localhost:{port} --advertise-client-urls https://localhost:{port} --cert-file=certs/etcd{n}.pem --key-file=certs/etcd{n}-key.pem --peer-cert-file=certs/etcd{n}.pem --peer-key-file=certs/etcd{n}-key.pem --peer-client-cert-auth --peer-trusted-ca-file=certs/ca.pem\n"
        ));
    }
    l.config("Procfile", &procfile);
    // True: the Procfile sets neither --client-cert-auth nor --trusted-ca-file (its README: "won't
    // require client certs for non-peer clients").
    // One finding per member the Procfile starts, each naming its member.
    l.expected_findings = vec![FindingId::ClientCertAuthDisabled; 3];
    write_layout("etcd-tls-setup-3.4", &l);
    let report = check(&l);
    // Each Procfile line is a member of its own (`--name infra<n>`), and the connect lines
    // dial all three, not only the first line's.
    let names: Vec<_> = report.members.iter().map(|m| m.name.as_deref()).collect();
    assert_eq!(names, [Some("infra1"), Some("infra2"), Some("infra3")]);
    for (finding, n) in report.findings.iter().zip(1..) {
        assert!(
            finding
                .message
                .starts_with(&format!("etcd (Procfile, --name infra{n}) serves TLS")),
            "{}",
            finding.message
        );
    }
    let recipes = etcdtls_core::connection_recipes(&report);
    assert_eq!(
        recipes.first().map(|r| r.endpoints.as_str()),
        Some("https://localhost:2379,https://localhost:12379,https://localhost:22379")
    );
}

/// Talos's own API CA (`O=talos`) is Ed25519, and siderolabs/crypto writes Ed25519 keys under
/// labels of its own: `ED25519 PRIVATE KEY` (PKCS#8) and `ED25519 PUBLIC KEY` (PKIX), as found
/// in a talosconfig or `talosctl gen secrets` bundle once decoded. They are read as keys and
/// pair with the CA.
#[test]
fn talos_ed25519_labels() {
    let pair = KeyPair::generate_for(&rcgen::PKCS_ED25519).unwrap();
    let spec = Spec::ca(None, &[KeyCertSign, DigitalSignature], 3650)
        .subject(&[(DnType::OrganizationName, "talos")])
        .ekus(&[ServerAuth, ClientAuth]);
    let cert = spec.params().self_signed(&pair).unwrap().pem();
    let files = vec![
        ("talos/ca.crt".to_string(), cert),
        (
            "talos/ca.key".to_string(),
            pem("ED25519 PRIVATE KEY", &pair.serialize_der()),
        ),
        (
            "talos/ca.pub".to_string(),
            pair.public_key_pem().replace("PUBLIC KEY", "ED25519 PUBLIC KEY"),
        ),
    ];
    let report = run(&files);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let item = |id: &str| report.items.iter().find(|i| i.id.0 == id).unwrap();
    assert_eq!(item("talos/ca.key").kind(), ItemKind::PrivateKey);
    assert_eq!(item("talos/ca.pub").kind(), ItemKind::PublicKey);
    assert_eq!(
        item("talos/ca.crt").key.as_ref().map(|k| k.0.as_str()),
        Some("talos/ca.key")
    );
    assert_eq!(
        item("talos/ca.pub").key.as_ref().map(|k| k.0.as_str()),
        Some("talos/ca.key")
    );
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

/// The files a Talos user holds: `talosctl gen config`'s controlplane.yaml (machine
/// configuration: `machine.ca`, `cluster.ca`, `cluster.aggregatorCA`, `cluster.etcd.ca`, each
/// `crt` and `key` base64 of PEM; v1alpha1_types.go), `talosctl gen secrets`'s secrets.yaml
/// (`certs.etcd`, `certs.k8s`, `certs.k8saggregator`, `certs.os`; secrets/bundle.go) and the
/// talosconfig (`contexts.<name>.ca`, `.crt`, `.key`). Each value is an item named by its path,
/// the etcd CA is known as Talos's, and no key is copied into the report.
#[test]
fn talos_machine_config_secrets_bundle_and_talosconfig() {
    let b64 = |t: &str| base64::engine::general_purpose::STANDARD.encode(t);
    let talos_ca = |o: &'static str| {
        let spec = Spec::ca(None, &[KeyCertSign, DigitalSignature], 3650)
            .subject(&[(DnType::OrganizationName, o)])
            .ekus(&[ServerAuth, ClientAuth]);
        self_signed(&spec, Algo::P256)
    };
    let (etcd, k8s, os) = (talos_ca("etcd"), talos_ca("kubernetes"), talos_ca("talos"));
    let admin = signed(
        &Spec::leaf("admin", &[ClientAuth], 365).subject(&[(DnType::OrganizationName, "os:admin")]),
        Algo::P256,
        &os,
        Algo::P256,
    );
    let pair = |indent: &str, m: &Made| format!("{indent}crt: {}\n{indent}key: {}\n", b64(&m.cert), b64(&m.key));
    let files = vec![
        (
            "controlplane.yaml".to_string(),
            format!(
                "version: v1alpha1\nmachine:\n  type: controlplane\n  token: abc.def\n  ca:\n{}  certSANs: []\ncluster:\n  id: Zm9v\n  secret: YmFy\n  ca:\n{}  etcd:\n    ca:\n{}",
                pair("    ", &os),
                pair("    ", &k8s),
                pair("      ", &etcd)
            ),
        ),
        (
            "secrets.yaml".to_string(),
            format!(
                "cluster:\n  id: Zm9v\ncerts:\n  etcd:\n{}  k8s:\n{}  os:\n{}",
                pair("    ", &etcd),
                pair("    ", &k8s),
                pair("    ", &os)
            ),
        ),
        (
            "talosconfig".to_string(),
            format!(
                "context: demo\ncontexts:\n  demo:\n    endpoints:\n      - 10.5.0.2\n    ca: {}\n{}",
                b64(&os.cert),
                pair("    ", &admin)
            ),
        ),
    ];
    let report = run(&files);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.distribution.map(|p| p.id), Some("talos"));
    let item = |id: &str| {
        report.items.iter().find(|i| i.id.0 == id).unwrap_or_else(|| {
            panic!(
                "{id} not read: {:?}",
                report.items.iter().map(|i| &i.id).collect::<Vec<_>>()
            )
        })
    };
    for (id, role) in [
        ("controlplane.yaml#cluster.etcd.ca.crt", Role::EtcdCa),
        ("controlplane.yaml#cluster.etcd.ca.key", Role::EtcdCa),
        ("controlplane.yaml#cluster.ca.crt", Role::KubernetesCa),
        ("secrets.yaml#certs.etcd.crt", Role::EtcdCa),
        ("secrets.yaml#certs.k8s.crt", Role::KubernetesCa),
    ] {
        assert_eq!(item(id).role, role, "{id}");
    }
    assert_eq!(
        item("secrets.yaml#certs.etcd.crt").key.as_ref().map(|k| k.0.as_str()),
        Some("secrets.yaml#certs.etcd.key")
    );
    // The Talos API's CA and talosctl's client certificate: not etcd's (no etcdctl).
    for id in [
        "talosconfig#contexts.demo.ca",
        "talosconfig#contexts.demo.crt",
        "talosconfig#contexts.demo.key",
        "controlplane.yaml#machine.ca.crt",
    ] {
        let told = etcdtls_core::explain::explain(&report, item(id));
        assert!(
            told.used_by
                .iter()
                .all(|u| u.contains("talosctl") || u.contains("apid")),
            "{id}: {:?}",
            told.used_by
        );
    }
    assert!(
        item("talosconfig#contexts.demo.ca")
            .role_reasons
            .join("; ")
            .contains("Talos API CA")
    );
    assert_eq!(item("talosconfig#contexts.demo.crt").kind(), ItemKind::Certificate);
    assert_eq!(item("talosconfig#contexts.demo.key").kind(), ItemKind::PrivateKey);
    let json = serde_json::to_string(&etcdtls_core::ReportJson::new(&report)).unwrap();
    for made in [&etcd, &k8s, &os, &admin] {
        assert!(!json.contains(&b64(&made.key)[20..60]), "a key's base64 leaks");
        for line in made.key.lines().filter(|l| !l.starts_with("-----")) {
            assert!(!json.contains(line), "a key leaks");
        }
    }
}

/// A string as Go's encoding/json writes it: PEM needs only its newlines escaped.
fn go_json(s: &str) -> String {
    format!("\"{}\"", s.replace('\n', "\\n"))
}

/// cfssl's output read without cfssljson: `cfssl gencert -initca ca-csr.json > ca.json` and
/// `cfssl gencert -ca … > server.json` print `{"cert":…,"csr":…,"key":…}` (cli.PrintCert:
/// json.Marshal of a map, so the keys sorted and no spaces), and `cfssl certinfo -cert
/// server.pem > certinfo.json` prints the certificate's fields indented, its PEM under `pem`
/// (certinfo.Certificate's `RawPEM`).
#[test]
fn cfssl_json_without_cfssljson() {
    let ca = self_signed(&Spec::ca(Some("etcd-ca"), &[KeyCertSign, CrlSign], 1825), Algo::P256);
    let server = signed(
        &Spec::leaf("etcd-1", &[ServerAuth], 365).sans(&["etcd-1", "10.0.0.5"]),
        Algo::P256,
        &ca,
        Algo::P256,
    );
    let printed = |m: &Made| {
        format!(
            "{{\"cert\":{},\"csr\":{},\"key\":{}}}\n",
            go_json(&m.cert),
            go_json(&m.csr),
            go_json(&m.key)
        )
    };
    let certinfo = format!(
        "{{\n  \"subject\": {{\n    \"common_name\": \"etcd-1\",\n    \"names\": [\n      \"etcd-1\"\n    ]\n  }},\n  \"sans\": [\n    \"etcd-1\",\n    \"10.0.0.5\"\n  ],\n  \"not_before\": \"2026-01-01T00:00:00Z\",\n  \"not_after\": \"2027-01-01T00:00:00Z\",\n  \"sigalg\": \"ECDSAWithSHA256\",\n  \"authority_key_id\": \"\",\n  \"subject_key_id\": \"\",\n  \"pem\": {}\n}}\n",
        go_json(&server.cert)
    );
    let report = run(&[
        ("ca.json".into(), printed(&ca)),
        ("server.json".into(), printed(&server)),
        ("certinfo.json".into(), certinfo),
    ]);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let item = |id: &str| {
        report
            .items
            .iter()
            .find(|i| i.id.0 == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    for (id, kind) in [
        ("ca.json#cert", ItemKind::Certificate),
        ("ca.json#csr", ItemKind::Csr),
        ("ca.json#key", ItemKind::PrivateKey),
        ("server.json#cert", ItemKind::Certificate),
        ("server.json#csr", ItemKind::Csr),
        ("server.json#key", ItemKind::PrivateKey),
        ("certinfo.json#pem", ItemKind::Certificate),
    ] {
        assert_eq!(item(id).kind(), kind, "{id}");
    }
    assert_eq!(report.items.len(), 7);
    assert_eq!(item("ca.json#cert").role, Role::EtcdCa);
    assert_eq!(item("server.json#cert").issued_by.as_ref().unwrap().0, "ca.json#cert");
    assert_eq!(item("server.json#cert").key.as_ref().unwrap().0, "server.json#key");
    let json = serde_json::to_string(&etcdtls_core::ReportJson::new(&report)).unwrap();
    for made in [&ca, &server] {
        for line in made.key.lines().filter(|l| !l.starts_with("-----")) {
            assert!(!json.contains(line), "a key leaks");
        }
    }
}

/// MicroShift as its own code writes `/var/lib/microshift/certs/etcd-signer` (`pkg/cmd/init.go`,
/// certchains, library-go): the signer, etcd's serving and peer certificates (both named
/// `peer.crt`, each the leaf followed by the signer) and the API server's client pair.
#[test]
fn microshift_node() {
    let rsa = Algo::Rsa2048;
    let ten_years = 3650;
    let signer = self_signed(
        &Spec::ca(
            Some("etcd-signer"),
            &[DigitalSignature, KeyUsagePurpose::KeyEncipherment, KeyCertSign],
            ten_years,
        ),
        rsa,
    );
    let d = "var/lib/microshift/certs/etcd-signer";
    let ca = format!("{d}/ca.crt");
    let mut l = Layout::new("microshift");
    l.pair(&ca, &format!("{d}/ca.key"), &signer, Role::EtcdCa, None);
    let hosts = ["localhost", "edge-1", "192.168.122.10"];
    for (dir, cn, o, role) in [
        (
            "etcd-serving",
            "system:etcd-server:etcd-client",
            "system:etcd-servers",
            Role::EtcdServer,
        ),
        (
            "etcd-peer",
            "system:etcd-peer:etcd-client",
            "system:etcd-peers",
            Role::EtcdPeer,
        ),
    ] {
        let made = signed(
            &Spec::leaf(cn, &[ClientAuth, ServerAuth], ten_years)
                .subject(&[(DnType::OrganizationName, o)])
                .sans(&hosts),
            rsa,
            &signer,
            rsa,
        );
        let cert = format!("{d}/{dir}/peer.crt");
        let key = format!("{d}/{dir}/peer.key");
        // library-go's MakeServerCertForDuration: the leaf, then its signer.
        l.files.push((cert.clone(), format!("{}{}", made.cert, signer.cert)));
        l.roles.insert(format!("{cert}#1"), role);
        l.roles.insert(format!("{cert}#2"), Role::EtcdCa);
        // Linked to the signer's copy in the same file.
        l.issuers.push((format!("{cert}#1"), format!("{cert}#2")));
        l.file(&key, &made.key, role);
        l.keys.push((format!("{cert}#1"), key));
    }
    let client = signed(
        &Spec::leaf("etcd", &[ClientAuth], ten_years).subject(&[(DnType::OrganizationName, "etcd")]),
        rsa,
        &signer,
        rsa,
    );
    let cert = format!("{d}/apiserver-etcd-client/client.crt");
    l.pair(
        &cert,
        &format!("{d}/apiserver-etcd-client/client.key"),
        &client,
        Role::ApiserverEtcdClient,
        Some(&ca),
    );
    write_layout("microshift", &l);
    let report = check(&l);
    let serving = report
        .items
        .iter()
        .find(|i| i.id.0 == format!("{d}/etcd-serving/peer.crt#1"))
        .unwrap();
    let reasons = serving.role_reasons.join("; ");
    assert!(reasons.contains("MicroShift"), "{reasons}");
    assert!(
        serving.renewal().unwrap().contains("systemctl restart microshift"),
        "{:?}",
        serving.renewal()
    );
    let recipes = etcdtls_core::connection_recipes(&report);
    let first = recipes.first().expect("a way to connect");
    assert_eq!(first.cert, cert);
    assert!(l.same(&first.ca, &ca), "{}", first.ca);
    // The signer's key is MicroShift's to sign with (pkg/cmd/init.go:335-360).
    let key = report.items.iter().find(|i| i.id.0 == format!("{d}/ca.key")).unwrap();
    let used_by = etcdtls_core::explain(&report, key).used_by;
    assert!(
        used_by.len() == 1 && used_by[0].starts_with("usually MicroShift (`microshift run`), which issues"),
        "{used_by:?}"
    );
}

/// Typhoon's controller as terraform-render-bootstrap makes its PKI (`tls-etcd.tf`: one
/// `CN=etcd-ca, O=etcd` CA copied three times, three leaves with serverAuth and clientAuth,
/// everything one year) and the controller's bootstrap moves it (`/etc/ssl/etcd/etcd/` for
/// etcd, `/etc/kubernetes/pki/` for the API server).
#[test]
fn typhoon_controller() {
    let rsa = Algo::Rsa2048;
    let year = 365;
    let ca = self_signed(
        &Spec::ca(
            Some("etcd-ca"),
            &[KeyUsagePurpose::KeyEncipherment, DigitalSignature, KeyCertSign],
            year,
        )
        .subject(&[(DnType::OrganizationName, "etcd")]),
        rsa,
    );
    let leaf = |cn: &str, sans: &[&str]| {
        signed(
            &Spec::leaf(cn, &[ServerAuth, ClientAuth], year)
                .subject(&[(DnType::OrganizationName, "etcd")])
                .sans(sans),
            rsa,
            &ca,
            rsa,
        )
    };
    let etcd = "etc/ssl/etcd/etcd";
    let pki = "etc/kubernetes/pki";
    let mut l = Layout::new("typhoon");
    let server_ca = format!("{etcd}/server-ca.crt");
    l.cert(&server_ca, &ca, Role::EtcdCa, None);
    l.cert(&format!("{etcd}/peer-ca.crt"), &ca, Role::EtcdCa, None);
    let client_ca = format!("{pki}/etcd-client-ca.crt");
    l.cert(&client_ca, &ca, Role::EtcdCa, None);
    let names = ["node1.example.com", "localhost", "127.0.0.1"];
    for (name, cn, sans, role) in [
        ("server", "etcd-server", &names[..], Role::EtcdServer),
        ("peer", "etcd-peer", &names[..1], Role::EtcdPeer),
    ] {
        l.pair(
            &format!("{etcd}/{name}.crt"),
            &format!("{etcd}/{name}.key"),
            &leaf(cn, sans),
            role,
            Some(&server_ca),
        );
    }
    let client = format!("{pki}/etcd-client.crt");
    l.pair(
        &client,
        &format!("{pki}/etcd-client.key"),
        &leaf("etcd-client", &names),
        Role::ApiserverEtcdClient,
        Some(&server_ca),
    );
    // The Kubernetes side beside it (`tls-k8s.tf`): its own CA, `CN=kubernetes-ca, O=typhoon`,
    // the API server's certificate (`O=system:masters`, server and client) and the
    // service-account key pair, all in /etc/kubernetes/pki/.
    let kube_ca = self_signed(
        &Spec::ca(
            Some("kubernetes-ca"),
            &[KeyUsagePurpose::KeyEncipherment, DigitalSignature, KeyCertSign],
            year,
        )
        .subject(&[(DnType::OrganizationName, "typhoon")]),
        rsa,
    );
    let kube_ca_path = format!("{pki}/ca.crt");
    l.pair(
        &kube_ca_path,
        &format!("{pki}/ca.key"),
        &kube_ca,
        Role::KubernetesCa,
        None,
    );
    let apiserver = signed(
        &Spec::leaf("kube-apiserver", &[ServerAuth, ClientAuth], year)
            .subject(&[(DnType::OrganizationName, "system:masters")])
            .sans(&["node1.example.com", "kubernetes", "kubernetes.default", "10.3.0.1"]),
        rsa,
        &kube_ca,
        rsa,
    );
    l.pair(
        &format!("{pki}/apiserver.crt"),
        &format!("{pki}/apiserver.key"),
        &apiserver,
        Role::KubeApiserver,
        Some(&kube_ca_path),
    );
    let sa = Key::generate(KeyType::Rsa2048).unwrap();
    l.file(
        &format!("{pki}/service-account.pub"),
        &sa.public_pem(),
        Role::ServiceAccountKey,
    );
    l.file(&format!("{pki}/service-account.key"), &sa.pem, Role::ServiceAccountKey);
    write_layout("typhoon", &l);
    let report = check(&l);
    // Every file is Typhoon's, the Kubernetes side too: no other tool's renewal.
    for item in &report.items {
        let profile = item.matched.map(|m| m.profile.id);
        assert_eq!(profile, Some("typhoon"), "{}: {:?}", item.id, item.role_reasons);
    }
    let server = report
        .items
        .iter()
        .find(|i| i.id.0 == format!("{etcd}/server.crt"))
        .unwrap();
    assert!(
        server
            .renewal()
            .unwrap()
            .contains("-replace=module.<cluster>.module.bootstrap.tls_locally_signed_cert.server"),
        "{:?}",
        server.renewal()
    );
    let recipes = etcdtls_core::connection_recipes(&report);
    let first = recipes.first().expect("a way to connect");
    assert_eq!(first.cert, client);
    assert!(l.same(&first.ca, &server_ca), "{}", first.ca);
}

/// The etcd assets `openshift-install create manifests` writes into the install directory's
/// `tls/` (`openshift/installer` `pkg/asset/tls/etcd.go`): the signer (`EtcdSignerCertKey`:
/// CN `etcd-signer`, OU `openshift`, KeyEncipherment+DigitalSignature+CertSign, ten years), its
/// bundle `etcd-ca-bundle.crt`, and the client it signs (`EtcdSignerClientCertKey`: CN `etcd`,
/// OU `etcd`, KeyEncipherment, clientAuth, ten years); RSA 2048 in PKCS#1 (`tls/utils.go`).
/// The reasons say the installer makes them, not that older OpenShift versions named them so.
#[test]
fn openshift_installer_tls_assets() {
    use rcgen::DnType::OrganizationalUnitName;
    let rsa = Algo::Rsa2048;
    let ten_years = 3650;
    let signer = self_signed(
        &Spec::ca(
            Some("etcd-signer"),
            &[KeyUsagePurpose::KeyEncipherment, DigitalSignature, KeyCertSign],
            ten_years,
        )
        .subject(&[(OrganizationalUnitName, "openshift")]),
        rsa,
    );
    let mut client_spec = Spec::leaf("etcd", &[ClientAuth], ten_years).subject(&[(OrganizationalUnitName, "etcd")]);
    client_spec.key_usages = vec![KeyUsagePurpose::KeyEncipherment];
    let client = signed(&client_spec, rsa, &signer, rsa);
    let mut l = Layout::new("openshift");
    l.pair(
        "tls/etcd-signer.crt",
        "tls/etcd-signer.key",
        &signer,
        Role::EtcdCa,
        None,
    );
    l.cert("tls/etcd-ca-bundle.crt", &signer, Role::EtcdCa, None);
    l.pair(
        "tls/etcd-client.crt",
        "tls/etcd-client.key",
        &client,
        Role::ApiserverEtcdClient,
        Some("tls/etcd-signer.crt"),
    );
    write_layout("openshift-installer", &l);
    let report = check(&l);
    for id in ["tls/etcd-signer.crt", "tls/etcd-client.crt"] {
        let item = report.items.iter().find(|i| i.id.0 == id).unwrap();
        let first = item.role_reasons.first().unwrap();
        assert!(
            first.contains("the one openshift-install makes") && !first.contains("older"),
            "{id}: {:?}",
            item.role_reasons
        );
    }
    // An install-directory asset: no `oc delete secret` renews it.
    let client = report.items.iter().find(|i| i.id.0 == "tls/etcd-client.crt").unwrap();
    let renewal = client.renewal().unwrap();
    assert!(
        renewal.starts_with("openshift-install makes it once") && !renewal.contains("oc delete"),
        "{renewal}"
    );
    let key = report.items.iter().find(|i| i.id.0 == "tls/etcd-signer.key").unwrap();
    assert_eq!(
        etcdtls_core::explain(&report, key).used_by,
        ["usually openshift-install, which signs tls/etcd-client.crt with it"]
    );
}
