//! Makes PKIs shaped like the ones kubeadm writes, with rcgen, for `etcdtls lab`, the tests,
//! and the web page's example.
//!
//! The layout, names, subjects, key usages and SANs follow kubeadm 1.29 (see
//! `shared/KNOWLEDGE.md`): `pki/ca.*`, `pki/etcd/ca.*`, `pki/front-proxy-ca.*`, the leaves,
//! `sa.key`/`sa.pub`, the kubeconfig files and `manifests/etcd.yaml`. Keys are written the way
//! kubeadm writes them: `RSA PRIVATE KEY` (PKCS#1) or `EC PRIVATE KEY` (SEC1).
//!
//! Everything takes the time as a parameter, so tests can make expired or not-yet-valid
//! certificates on purpose.

pub mod etcdadm;
pub mod gardener;
pub mod k0s;
pub mod kubespray;
pub mod openshift;
pub mod rancher;
pub mod rke;

use std::collections::BTreeMap;
use std::net::IpAddr;

use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyIdMethod, KeyPair, KeyUsagePurpose, RevocationReason, RevokedCertParams,
    SanType, SerialNumber,
};
use time::{Duration, OffsetDateTime};

/// What can go wrong while making a PKI.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PkiError {
    /// rcgen refused the parameters or failed to sign.
    #[error("making a certificate failed: {0}")]
    Rcgen(#[from] rcgen::Error),
    /// Key generation or encoding failed.
    #[error("making a key failed: {0}")]
    Key(String),
    /// A SAN is neither an IP address nor a DNS name.
    #[error("{0} is not a valid DNS name or IP address")]
    BadSan(String),
}

/// Key algorithms kubeadm offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    /// ECDSA P-256 (kubeadm's `ECDSA-P256`): fast to make.
    EcdsaP256,
    /// RSA 2048 (kubeadm's default).
    Rsa2048,
    /// RSA 3072 (Gardener's secrets manager).
    Rsa3072,
    /// RSA 4096 (the root and intermediate CAs of k3s's `generate-custom-ca-certs.sh`).
    Rsa4096,
    /// RSA 1024: too weak, for tests of that finding.
    Rsa1024,
}

/// A private key, with the PEM kubeadm would write.
#[derive(Debug)]
pub struct Key {
    pair: KeyMaterial,
    /// `RSA PRIVATE KEY` or `EC PRIVATE KEY` PEM, as kubeadm writes them.
    pub pem: String,
    /// The same key as PKCS#8 `PRIVATE KEY` PEM.
    pub pkcs8_pem: String,
}

/// A key rcgen can sign with, or (for keys too weak for ring) only its public half, which is
/// all a leaf certificate needs.
#[derive(Debug)]
enum KeyMaterial {
    Pair(Box<KeyPair>),
    PublicOnly(rcgen::SubjectPublicKeyInfo, String),
}

impl Key {
    fn pair(&self) -> Result<&KeyPair, PkiError> {
        match &self.pair {
            KeyMaterial::Pair(p) => Ok(p),
            KeyMaterial::PublicOnly(..) => Err(PkiError::Key("this key is too weak to sign with".into())),
        }
    }

    /// A new key.
    pub fn generate(kind: KeyType) -> Result<Key, PkiError> {
        match kind {
            KeyType::EcdsaP256 => {
                use p256::pkcs8::DecodePrivateKey;
                let pair = KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256)?;
                let secret =
                    p256::SecretKey::from_pkcs8_der(&pair.serialize_der()).map_err(|e| PkiError::Key(e.to_string()))?;
                let pem = secret
                    .to_sec1_pem(p256::pkcs8::LineEnding::LF)
                    .map_err(|e| PkiError::Key(e.to_string()))?
                    .to_string();
                Ok(Key {
                    pkcs8_pem: pair.serialize_pem(),
                    pair: KeyMaterial::Pair(Box::new(pair)),
                    pem,
                })
            }
            KeyType::Rsa2048 | KeyType::Rsa3072 | KeyType::Rsa4096 | KeyType::Rsa1024 => {
                let bits = match kind {
                    KeyType::Rsa1024 => 1024,
                    KeyType::Rsa3072 => 3072,
                    KeyType::Rsa4096 => 4096,
                    _ => 2048,
                };
                use rsa::pkcs1::EncodeRsaPrivateKey;
                use rsa::pkcs8::EncodePrivateKey;
                let mut rng = getrandom::rand_core::UnwrapErr(getrandom::SysRng);
                let private = rsa::PrivateKey::new(&mut rng, bits).map_err(|e| PkiError::Key(e.to_string()))?;
                let pkcs8 = private.to_pkcs8_der().map_err(|e| PkiError::Key(e.to_string()))?;
                let pem = private
                    .to_pkcs1_pem(rsa::pkcs8::LineEnding::LF)
                    .map_err(|e| PkiError::Key(e.to_string()))?
                    .to_string();
                let pkcs8_pem = private
                    .to_pkcs8_pem(rsa::pkcs8::LineEnding::LF)
                    .map_err(|e| PkiError::Key(e.to_string()))?
                    .to_string();
                // ring signs only with RSA keys of 2048 bits or more; a weaker key can still be
                // certified, since a leaf's key signs nothing here.
                let pair =
                    match KeyPair::from_pkcs8_der_and_sign_algo(&pkcs8.as_bytes().into(), &rcgen::PKCS_RSA_SHA256) {
                        Ok(pair) => KeyMaterial::Pair(Box::new(pair)),
                        Err(_) => {
                            use rsa::pkcs8::EncodePublicKey;
                            let public = private.to_public_key();
                            let spki = public.to_public_key_der().map_err(|e| PkiError::Key(e.to_string()))?;
                            let public_pem = public
                                .to_public_key_pem(rsa::pkcs8::LineEnding::LF)
                                .map_err(|e| PkiError::Key(e.to_string()))?;
                            KeyMaterial::PublicOnly(rcgen::SubjectPublicKeyInfo::from_der(spki.as_bytes())?, public_pem)
                        }
                    };
                Ok(Key { pkcs8_pem, pair, pem })
            }
        }
    }

    /// The public key as `PUBLIC KEY` PEM (what kubeadm writes to `sa.pub`).
    pub fn public_pem(&self) -> String {
        match &self.pair {
            KeyMaterial::Pair(p) => p.public_key_pem(),
            KeyMaterial::PublicOnly(_, pem) => pem.clone(),
        }
    }
}

/// A certificate and its key.
#[derive(Debug)]
pub struct Pair {
    /// `CERTIFICATE` PEM.
    pub cert_pem: String,
    /// The DER.
    pub cert_der: Vec<u8>,
    /// The serial number.
    pub serial: Vec<u8>,
    /// The key.
    pub key: Key,
}

/// A certificate authority that can issue.
#[derive(Debug)]
pub struct Ca {
    /// The CA's certificate and key.
    pub pair: Pair,
}

/// What a leaf certificate is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// serverAuth only.
    Server,
    /// clientAuth only.
    Client,
    /// Both, as kubeadm's etcd server and peer certificates.
    ServerAndClient,
    /// Both, clientAuth first, as `extendedKeyUsage = clientAuth, serverAuth` in an OpenSSL
    /// configuration writes them (Kubespray's `ssl_client`).
    ClientAndServer,
    /// No extended key usage at all.
    Unrestricted,
}

/// How to make one leaf.
#[derive(Debug, Clone)]
pub struct LeafSpec {
    /// Subject CN.
    pub common_name: String,
    /// Subject O (Kubernetes groups).
    pub organizations: Vec<String>,
    /// DNS names and IP addresses.
    pub sans: Vec<String>,
    /// Extended key usage.
    pub usage: Usage,
    /// Start of validity.
    pub not_before: OffsetDateTime,
    /// End of validity.
    pub not_after: OffsetDateTime,
    /// Key algorithm.
    pub key_type: KeyType,
    /// Say CA:TRUE although it is a leaf (for tests of that mistake).
    pub claims_ca: bool,
    /// Leave out the key usage extension, as an OpenSSL extension section without `keyUsage`
    /// does (Kubespray's `ssl_client`).
    pub without_key_usage: bool,
    /// Leave out basic constraints altogether, as RKE's leaves do (`pki/cert/cert.go`).
    pub without_basic_constraints: bool,
}

impl LeafSpec {
    /// A leaf valid from `now` minus a minute for one year, kubeadm's default.
    pub fn new(common_name: &str, usage: Usage, now: OffsetDateTime, key_type: KeyType) -> Self {
        LeafSpec {
            common_name: common_name.into(),
            organizations: Vec::new(),
            sans: Vec::new(),
            usage,
            not_before: now - Duration::minutes(5),
            not_after: now + Duration::days(365),
            key_type,
            claims_ca: false,
            without_key_usage: false,
            without_basic_constraints: false,
        }
    }

    /// With SANs.
    pub fn sans<I: IntoIterator<Item = S>, S: Into<String>>(mut self, sans: I) -> Self {
        self.sans = sans.into_iter().map(Into::into).collect();
        self
    }

    /// With organisations.
    pub fn organizations<I: IntoIterator<Item = S>, S: Into<String>>(mut self, orgs: I) -> Self {
        self.organizations = orgs.into_iter().map(Into::into).collect();
        self
    }

    /// Without a key usage extension.
    pub fn without_key_usage(mut self) -> Self {
        self.without_key_usage = true;
        self
    }

    /// Without a basic constraints extension.
    pub fn without_basic_constraints(mut self) -> Self {
        self.without_basic_constraints = true;
        self
    }

    /// With a validity window.
    pub fn valid(mut self, not_before: OffsetDateTime, not_after: OffsetDateTime) -> Self {
        self.not_before = not_before;
        self.not_after = not_after;
        self
    }
}

fn san(s: &str) -> Result<SanType, PkiError> {
    match s.parse::<IpAddr>() {
        Ok(ip) => Ok(SanType::IpAddress(ip)),
        Err(_) => Ok(SanType::DnsName(
            s.to_string().try_into().map_err(|_| PkiError::BadSan(s.into()))?,
        )),
    }
}

/// The key usages kubeadm, k3s and openssl's `v3_ca` sections give a CA.
const CA_KEY_USAGES: [KeyUsagePurpose; 3] = [
    KeyUsagePurpose::DigitalSignature,
    KeyUsagePurpose::KeyEncipherment,
    KeyUsagePurpose::KeyCertSign,
];

/// Parameters whose subject is the common name alone.
fn cn_params(common_name: &str) -> CertificateParams {
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, common_name);
    params
}

/// A random positive 128-bit serial, as CAs should use.
fn random_serial() -> Result<Vec<u8>, PkiError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| PkiError::Key(e.to_string()))?;
    bytes[0] &= 0x7f;
    bytes[0] |= 0x01;
    Ok(bytes.to_vec())
}

impl Ca {
    /// A self-signed CA as kubeadm makes them: CA:TRUE, keyCertSign + digitalSignature +
    /// keyEncipherment, no EKU, a DNS SAN equal to the CN.
    pub fn new(
        common_name: &str,
        key_type: KeyType,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<Ca, PkiError> {
        Self::with_key_usages(common_name, key_type, not_before, not_after, false)
    }

    /// A CA that may also sign revocation lists (kubeadm's CAs may not: they lack cRLSign).
    pub fn new_crl_signer(
        common_name: &str,
        key_type: KeyType,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<Ca, PkiError> {
        Self::with_key_usages(common_name, key_type, not_before, not_after, true)
    }

    /// A self-signed CA with any subject, as distributions other than kubeadm make them: a CN
    /// or none (Talos names its CAs by O only), organisations, no SAN.
    pub fn with_subject(
        common_name: Option<&str>,
        organizations: &[&str],
        key_type: KeyType,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<Ca, PkiError> {
        let mut params = CertificateParams::default();
        params.distinguished_name = DistinguishedName::new();
        for o in organizations {
            params.distinguished_name.push(DnType::OrganizationName, *o);
        }
        if let Some(cn) = common_name {
            params.distinguished_name.push(DnType::CommonName, cn);
        }
        Self::self_signed(params, &[], key_type, not_before, not_after)
    }

    /// A CA as `openssl req -x509 -new -subj /CN=<cn>` makes it with a stock `openssl.cnf`
    /// (`x509_extensions = v3_ca`): basicConstraints critical CA:TRUE, its key identifier, and
    /// no key usage extension at all.
    pub fn openssl_req_x509(
        common_name: &str,
        key_type: KeyType,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<Ca, PkiError> {
        Self::make(
            cn_params(common_name),
            Vec::new(),
            key_type,
            (not_before, not_after),
            None,
        )
    }

    fn with_key_usages(
        common_name: &str,
        key_type: KeyType,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
        crl_sign: bool,
    ) -> Result<Ca, PkiError> {
        let mut params = cn_params(common_name);
        params.subject_alt_names = vec![san(common_name)?];
        let extra: &[KeyUsagePurpose] = if crl_sign { &[KeyUsagePurpose::CrlSign] } else { &[] };
        Self::self_signed(params, extra, key_type, not_before, not_after)
    }

    /// A CA of the subject (and SANs) `params` names: CA:TRUE, digitalSignature +
    /// keyEncipherment + keyCertSign and the `extra` usages, a fresh key and serial, SHA-256 key
    /// ids, signed by itself.
    fn self_signed(
        params: CertificateParams,
        extra: &[KeyUsagePurpose],
        key_type: KeyType,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<Ca, PkiError> {
        let mut usages = CA_KEY_USAGES.to_vec();
        usages.extend_from_slice(extra);
        Self::make(params, usages, key_type, (not_before, not_after), None)
    }

    /// The one way a CA is made here: CA:TRUE (no path length), the given key usages (none:
    /// no extension), a fresh key and random serial, SHA-256 key identifiers; signed by itself,
    /// or by `signer` with its key identifier as the authority's.
    fn make(
        mut params: CertificateParams,
        key_usages: Vec<KeyUsagePurpose>,
        key_type: KeyType,
        (not_before, not_after): (OffsetDateTime, OffsetDateTime),
        signer: Option<&Ca>,
    ) -> Result<Ca, PkiError> {
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = key_usages;
        params.not_before = not_before;
        params.not_after = not_after;
        let serial = random_serial()?;
        params.serial_number = Some(SerialNumber::from_slice(&serial));
        params.key_identifier_method = KeyIdMethod::Sha256;
        let key = Key::generate(key_type)?;
        let cert = match signer {
            Some(ca) => {
                params.use_authority_key_identifier_extension = true;
                params.signed_by(key.pair()?, &ca.issuer()?)?
            }
            None => params.self_signed(key.pair()?)?,
        };
        Ok(Ca {
            pair: Pair {
                cert_pem: cert.pem(),
                cert_der: cert.der().to_vec(),
                serial,
                key,
            },
        })
    }

    /// Loads a CA from its certificate and key PEM (as kubeadm writes them: PKCS#1 RSA, SEC1
    /// EC, or PKCS#8), to issue more certificates from an existing PKI.
    pub fn load(cert_pem: &str, key_pem: &str) -> Result<Ca, PkiError> {
        let pkcs8_pem = if key_pem.contains("BEGIN EC PRIVATE KEY") {
            use p256::pkcs8::EncodePrivateKey;
            let secret = p256::SecretKey::from_sec1_pem(key_pem).map_err(|e| PkiError::Key(e.to_string()))?;
            secret
                .to_pkcs8_pem(p256::pkcs8::LineEnding::LF)
                .map_err(|e| PkiError::Key(e.to_string()))?
                .to_string()
        } else if key_pem.contains("BEGIN RSA PRIVATE KEY") {
            use rsa::pkcs1::DecodeRsaPrivateKey;
            use rsa::pkcs8::EncodePrivateKey;
            let private = rsa::PrivateKey::from_pkcs1_pem(key_pem).map_err(|e| PkiError::Key(e.to_string()))?;
            private
                .to_pkcs8_pem(rsa::pkcs8::LineEnding::LF)
                .map_err(|e| PkiError::Key(e.to_string()))?
                .to_string()
        } else {
            key_pem.to_string()
        };
        use rustls_pki_types::pem::PemObject;
        let pair = KeyPair::from_pem(&pkcs8_pem)?;
        let der = rustls_pki_types::CertificateDer::from_pem_slice(cert_pem.as_bytes())
            .map_err(|e| PkiError::Key(e.to_string()))?;
        let key = Key {
            pair: KeyMaterial::Pair(Box::new(pair)),
            pem: key_pem.to_string(),
            pkcs8_pem,
        };
        Ok(Ca {
            pair: Pair {
                cert_pem: cert_pem.to_string(),
                cert_der: der.to_vec(),
                serial: Vec::new(),
                key,
            },
        })
    }

    /// The CA as rcgen's issuer: its name, key identifier and signing key.
    fn issuer(&self) -> Result<Issuer<'static, &KeyPair>, PkiError> {
        let der = rustls_pki_types::CertificateDer::from(self.pair.cert_der.clone());
        Ok(Issuer::from_ca_cert_der(&der, self.pair.key.pair()?)?)
    }

    /// Issues a subordinate CA as `openssl ca -extensions v3_ca` does with the usual `v3_ca`
    /// section: the subject CN alone, CA:TRUE (critical, no path length), keyUsage
    /// digitalSignature + keyEncipherment + keyCertSign (critical), its own key identifier and
    /// this CA's as the authority's.
    pub fn issue_ca(
        &self,
        common_name: &str,
        key_type: KeyType,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<Ca, PkiError> {
        let usages = CA_KEY_USAGES.to_vec();
        Self::make(
            cn_params(common_name),
            usages,
            key_type,
            (not_before, not_after),
            Some(self),
        )
    }

    /// Issues a leaf, with a new key.
    pub fn issue(&self, spec: &LeafSpec) -> Result<Pair, PkiError> {
        let key = Key::generate(spec.key_type)?;
        let (cert_pem, cert_der, serial) = self.sign(spec, &key)?;
        Ok(Pair {
            cert_pem,
            cert_der,
            serial,
            key,
        })
    }

    /// Issues a leaf for a key another certificate already has (RKE's first `kube-node.pem`
    /// carries `kube-proxy`'s key): the certificate PEM.
    pub fn issue_for(&self, spec: &LeafSpec, key: &Key) -> Result<String, PkiError> {
        Ok(self.sign(spec, key)?.0)
    }

    /// The leaf `spec` describes for `key`: PEM, DER and serial.
    fn sign(&self, spec: &LeafSpec, key: &Key) -> Result<(String, Vec<u8>, Vec<u8>), PkiError> {
        let mut params = CertificateParams::default();
        params.distinguished_name = DistinguishedName::new();
        for o in &spec.organizations {
            params.distinguished_name.push(DnType::OrganizationName, o.as_str());
        }
        params
            .distinguished_name
            .push(DnType::CommonName, spec.common_name.as_str());
        params.subject_alt_names = spec.sans.iter().map(|s| san(s)).collect::<Result<_, _>>()?;
        params.is_ca = if spec.claims_ca {
            IsCa::Ca(BasicConstraints::Unconstrained)
        } else if spec.without_basic_constraints {
            IsCa::NoCa
        } else {
            IsCa::ExplicitNoCa
        };
        params.key_usages = if spec.without_key_usage {
            Vec::new()
        } else {
            vec![KeyUsagePurpose::DigitalSignature, KeyUsagePurpose::KeyEncipherment]
        };
        params.extended_key_usages = match spec.usage {
            Usage::Server => vec![ExtendedKeyUsagePurpose::ServerAuth],
            Usage::Client => vec![ExtendedKeyUsagePurpose::ClientAuth],
            Usage::ServerAndClient => vec![ExtendedKeyUsagePurpose::ServerAuth, ExtendedKeyUsagePurpose::ClientAuth],
            Usage::ClientAndServer => vec![ExtendedKeyUsagePurpose::ClientAuth, ExtendedKeyUsagePurpose::ServerAuth],
            Usage::Unrestricted => Vec::new(),
        };
        params.not_before = spec.not_before;
        params.not_after = spec.not_after;
        let serial = random_serial()?;
        params.serial_number = Some(SerialNumber::from_slice(&serial));
        params.use_authority_key_identifier_extension = true;
        let issuer = self.issuer()?;
        let cert = match &key.pair {
            KeyMaterial::Pair(p) => params.signed_by(p.as_ref(), &issuer)?,
            KeyMaterial::PublicOnly(spki, _) => params.signed_by(spki, &issuer)?,
        };
        Ok((cert.pem(), cert.der().to_vec(), serial))
    }

    /// A CRL from this CA listing the given certificates' serials.
    pub fn crl(&self, revoked: &[&Pair], now: OffsetDateTime, next_update: OffsetDateTime) -> Result<String, PkiError> {
        let revoked_certs = revoked
            .iter()
            .map(|p| RevokedCertParams {
                serial_number: SerialNumber::from_slice(&p.serial),
                revocation_time: now,
                reason_code: Some(RevocationReason::KeyCompromise),
                invalidity_date: None,
            })
            .collect();
        let params = CertificateRevocationListParams {
            this_update: now,
            next_update,
            crl_number: SerialNumber::from(1u64),
            issuing_distribution_point: None,
            revoked_certs,
            key_identifier_method: KeyIdMethod::Sha256,
        };
        let issuer = self.issuer()?;
        Ok(params.signed_by(&issuer)?.pem()?)
    }
}

/// A certificate signing request for `common_name`, as PEM, and its key.
pub fn csr(common_name: &str, key_type: KeyType) -> Result<(String, Key), PkiError> {
    let mut params = CertificateParams::default();
    params.distinguished_name = DistinguishedName::new();
    params.distinguished_name.push(DnType::CommonName, common_name);
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let key = Key::generate(key_type)?;
    let request = params.serialize_request(key.pair()?)?;
    Ok((request.pem()?, key))
}

/// How to make a kubeadm-shaped PKI.
#[derive(Debug, Clone)]
pub struct KubeadmOptions {
    /// The node's name (etcd server and peer CN, kubelet CN).
    pub node_name: String,
    /// The node's advertise address.
    pub advertise_ip: String,
    /// Key algorithm.
    pub key_type: KeyType,
    /// The moment certificates start (minus five minutes).
    pub now: OffsetDateTime,
    /// How long leaves last (kubeadm: 365 days).
    pub leaf_days: i64,
    /// How long CAs last (kubeadm: 10 years).
    pub ca_days: i64,
    /// Where the files will be on the node, for paths inside kubeconfigs and manifests.
    pub install_dir: String,
    /// etcd's client URLs (advertise) for the manifest.
    pub etcd_client_urls: Vec<String>,
    /// etcd's peer URLs for the manifest.
    pub etcd_peer_urls: Vec<String>,
    /// etcd's `--listen-client-urls` for the manifest (kubeadm: loopback and the node IP).
    pub etcd_listen_client_urls: Vec<String>,
    /// etcd's `--listen-peer-urls` for the manifest.
    pub etcd_listen_peer_urls: Vec<String>,
    /// The common names of the Kubernetes, etcd and front-proxy CAs: kubeadm's own
    /// `kubernetes`, `etcd-ca`, `front-proxy-ca`; Cluster API makes the three CAs itself, all
    /// `kubernetes` (`util/secret/certificates.go` `newSelfSignedCACert`), and kubeadm uses them.
    pub ca_common_names: [&'static str; 3],
}

impl KubeadmOptions {
    /// kubeadm's defaults for a node named `node` at `ip`.
    pub fn new(node: &str, ip: &str, key_type: KeyType, now: OffsetDateTime) -> Self {
        KubeadmOptions {
            node_name: node.into(),
            advertise_ip: ip.into(),
            key_type,
            now,
            leaf_days: 365,
            ca_days: 3650,
            install_dir: "/etc/kubernetes".into(),
            etcd_client_urls: vec![format!("https://{ip}:2379")],
            etcd_peer_urls: vec![format!("https://{ip}:2380")],
            etcd_listen_client_urls: vec!["https://127.0.0.1:2379".into(), format!("https://{ip}:2379")],
            etcd_listen_peer_urls: vec![format!("https://{ip}:2380")],
            ca_common_names: ["kubernetes", "etcd-ca", "front-proxy-ca"],
        }
    }
}

/// A kubeadm-shaped `/etc/kubernetes`: file paths relative to it, and their contents.
#[derive(Debug)]
pub struct KubeadmPki {
    /// Relative path → contents, e.g. `pki/etcd/ca.crt`.
    pub files: BTreeMap<String, String>,
    /// The etcd CA, to issue more certificates in tests.
    pub etcd_ca: Ca,
    /// The Kubernetes CA.
    pub kubernetes_ca: Ca,
}

impl KubeadmPki {
    /// Makes every file kubeadm makes for a control-plane node with stacked etcd.
    pub fn generate(opts: &KubeadmOptions) -> Result<KubeadmPki, PkiError> {
        let now = opts.now;
        let start = now - Duration::minutes(5);
        let ca_end = now + Duration::days(opts.ca_days);
        let leaf_end = now + Duration::days(opts.leaf_days);
        let kt = opts.key_type;
        let leaf = |cn: &str, usage: Usage| LeafSpec::new(cn, usage, now, kt).valid(start, leaf_end);
        let mut files = BTreeMap::new();
        let put_pair = |files: &mut BTreeMap<String, String>, name: &str, pair: &Pair| {
            files.insert(format!("pki/{name}.crt"), pair.cert_pem.clone());
            files.insert(format!("pki/{name}.key"), pair.key.pem.clone());
        };

        let [kubernetes_cn, etcd_cn, front_proxy_cn] = opts.ca_common_names;
        let kubernetes_ca = Ca::new(kubernetes_cn, kt, start, ca_end)?;
        let etcd_ca = Ca::new(etcd_cn, kt, start, ca_end)?;
        let front_proxy_ca = Ca::new(front_proxy_cn, kt, start, ca_end)?;
        put_pair(&mut files, "ca", &kubernetes_ca.pair);
        put_pair(&mut files, "etcd/ca", &etcd_ca.pair);
        put_pair(&mut files, "front-proxy-ca", &front_proxy_ca.pair);

        let node = opts.node_name.as_str();
        let ip = opts.advertise_ip.as_str();
        let apiserver = kubernetes_ca.issue(&leaf("kube-apiserver", Usage::Server).sans([
            node,
            "kubernetes",
            "kubernetes.default",
            "kubernetes.default.svc",
            "kubernetes.default.svc.cluster.local",
            "10.96.0.1",
            ip,
        ]))?;
        put_pair(&mut files, "apiserver", &apiserver);
        let kubelet_client = kubernetes_ca
            .issue(&leaf("kube-apiserver-kubelet-client", Usage::Client).organizations(["kubeadm:cluster-admins"]))?;
        put_pair(&mut files, "apiserver-kubelet-client", &kubelet_client);
        let proxy_client = front_proxy_ca.issue(&leaf("front-proxy-client", Usage::Client))?;
        put_pair(&mut files, "front-proxy-client", &proxy_client);

        let member_sans = etcd_member_sans(node, ip);
        let server = etcd_ca.issue(&leaf(node, Usage::ServerAndClient).sans(member_sans.clone()))?;
        put_pair(&mut files, "etcd/server", &server);
        let peer = etcd_ca.issue(&leaf(node, Usage::ServerAndClient).sans(member_sans))?;
        put_pair(&mut files, "etcd/peer", &peer);
        let healthcheck = etcd_ca.issue(&leaf("kube-etcd-healthcheck-client", Usage::Client))?;
        put_pair(&mut files, "etcd/healthcheck-client", &healthcheck);
        let apiserver_etcd = etcd_ca.issue(&leaf("kube-apiserver-etcd-client", Usage::Client))?;
        put_pair(&mut files, "apiserver-etcd-client", &apiserver_etcd);

        let sa = Key::generate(kt)?;
        files.insert("pki/sa.key".into(), sa.pem.clone());
        files.insert("pki/sa.pub".into(), sa.public_pem());

        let server_url = format!("https://{ip}:6443");
        for (file, cn, orgs, user) in [
            (
                "admin.conf",
                "kubernetes-admin",
                vec!["kubeadm:cluster-admins"],
                "kubernetes-admin",
            ),
            (
                "super-admin.conf",
                "kubernetes-super-admin",
                vec!["system:masters"],
                "kubernetes-super-admin",
            ),
            (
                "controller-manager.conf",
                "system:kube-controller-manager",
                vec![],
                "system:kube-controller-manager",
            ),
            (
                "scheduler.conf",
                "system:kube-scheduler",
                vec![],
                "system:kube-scheduler",
            ),
        ] {
            let pair = kubernetes_ca.issue(&leaf(cn, Usage::Client).organizations(orgs))?;
            files.insert(
                file.into(),
                kubeconfig(&kubernetes_ca.pair.cert_pem, &server_url, user, &pair),
            );
        }
        let kubelet_pair = kubernetes_ca
            .issue(&leaf(&format!("system:node:{node}"), Usage::Client).organizations(["system:nodes"]))?;
        files.insert(
            "kubelet.conf".into(),
            kubeconfig(
                &kubernetes_ca.pair.cert_pem,
                &server_url,
                &format!("system:node:{node}"),
                &kubelet_pair,
            ),
        );

        files.insert("manifests/etcd.yaml".into(), etcd_manifest(opts));
        files.insert("manifests/kube-apiserver.yaml".into(), apiserver_manifest(opts));
        Ok(KubeadmPki {
            files,
            etcd_ca,
            kubernetes_ca,
        })
    }
}

/// The SANs kubeadm gives an etcd member's server and peer certificates: the node name,
/// `localhost`, the advertise IP, `127.0.0.1` and `::1`.
pub fn etcd_member_sans(node: &str, ip: &str) -> Vec<String> {
    let mut sans: Vec<String> = vec![
        node.into(),
        "localhost".into(),
        ip.into(),
        "127.0.0.1".into(),
        "::1".into(),
    ];
    sans.dedup();
    sans
}

impl KubeadmPki {
    /// One member's own server or peer certificate from the etcd CA, as kubeadm makes it on
    /// each control-plane node (CN the node name, serverAuth and clientAuth), with the given
    /// SANs, valid from `now` (minus five minutes) until `not_after`.
    pub fn issue_etcd_member(
        &self,
        node: &str,
        sans: &[String],
        now: OffsetDateTime,
        not_after: OffsetDateTime,
        key_type: KeyType,
    ) -> Result<Pair, PkiError> {
        self.etcd_ca.issue(
            &LeafSpec::new(node, Usage::ServerAndClient, now, key_type)
                .sans(sans.iter().cloned())
                .valid(now - Duration::minutes(5), not_after),
        )
    }
}

fn b64(s: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(s)
}

/// A kubeconfig as kubeadm writes it, with the CA and the client pair embedded.
pub fn kubeconfig(ca_pem: &str, server: &str, user: &str, pair: &Pair) -> String {
    format!(
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: {}\n    server: {server}\n  name: kubernetes\ncontexts:\n- context:\n    cluster: kubernetes\n    user: {user}\n  name: {user}@kubernetes\ncurrent-context: {user}@kubernetes\nkind: Config\npreferences: {{}}\nusers:\n- name: {user}\n  user:\n    client-certificate-data: {}\n    client-key-data: {}\n",
        b64(ca_pem),
        b64(&pair.cert_pem),
        b64(&pair.key.pem)
    )
}

fn etcd_manifest(opts: &KubeadmOptions) -> String {
    let d = &opts.install_dir;
    let node = &opts.node_name;
    let client = opts.etcd_client_urls.join(",");
    let peer = opts.etcd_peer_urls.join(",");
    let listen_client = opts.etcd_listen_client_urls.join(",");
    let listen_peer = opts.etcd_listen_peer_urls.join(",");
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    kubeadm.kubernetes.io/etcd.advertise-client-urls: {client}\n  labels:\n    component: etcd\n    tier: control-plane\n  name: etcd\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n    - etcd\n    - --advertise-client-urls={client}\n    - --cert-file={d}/pki/etcd/server.crt\n    - --client-cert-auth=true\n    - --data-dir=/var/lib/etcd\n    - --initial-advertise-peer-urls={peer}\n    - --initial-cluster={node}={peer}\n    - --key-file={d}/pki/etcd/server.key\n    - --listen-client-urls={listen_client}\n    - --listen-metrics-urls=http://127.0.0.1:2381\n    - --listen-peer-urls={listen_peer}\n    - --name={node}\n    - --peer-cert-file={d}/pki/etcd/peer.crt\n    - --peer-client-cert-auth=true\n    - --peer-key-file={d}/pki/etcd/peer.key\n    - --peer-trusted-ca-file={d}/pki/etcd/ca.crt\n    - --snapshot-count=10000\n    - --trusted-ca-file={d}/pki/etcd/ca.crt\n    image: registry.k8s.io/etcd:3.5.10-0\n    name: etcd\n  hostNetwork: true\n"
    )
}

fn apiserver_manifest(opts: &KubeadmOptions) -> String {
    let d = &opts.install_dir;
    let ip = &opts.advertise_ip;
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    component: kube-apiserver\n    tier: control-plane\n  name: kube-apiserver\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n    - kube-apiserver\n    - --advertise-address={ip}\n    - --client-ca-file={d}/pki/ca.crt\n    - --etcd-cafile={d}/pki/etcd/ca.crt\n    - --etcd-certfile={d}/pki/apiserver-etcd-client.crt\n    - --etcd-keyfile={d}/pki/apiserver-etcd-client.key\n    - --etcd-servers=https://127.0.0.1:2379\n    - --kubelet-client-certificate={d}/pki/apiserver-kubelet-client.crt\n    - --kubelet-client-key={d}/pki/apiserver-kubelet-client.key\n    - --proxy-client-cert-file={d}/pki/front-proxy-client.crt\n    - --proxy-client-key-file={d}/pki/front-proxy-client.key\n    - --requestheader-client-ca-file={d}/pki/front-proxy-ca.crt\n    - --service-account-key-file={d}/pki/sa.pub\n    - --service-account-signing-key-file={d}/pki/sa.key\n    - --tls-cert-file={d}/pki/apiserver.crt\n    - --tls-private-key-file={d}/pki/apiserver.key\n    image: registry.k8s.io/kube-apiserver:v1.29.1\n    name: kube-apiserver\n  hostNetwork: true\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kubeadm_set_has_every_file() {
        let now = OffsetDateTime::now_utc();
        let pki = KubeadmPki::generate(&KubeadmOptions::new("node-1", "127.0.0.1", KeyType::EcdsaP256, now)).unwrap();
        for f in [
            "pki/ca.crt",
            "pki/ca.key",
            "pki/etcd/ca.crt",
            "pki/etcd/server.key",
            "pki/etcd/peer.crt",
            "pki/etcd/healthcheck-client.crt",
            "pki/apiserver-etcd-client.key",
            "pki/front-proxy-client.crt",
            "pki/sa.key",
            "pki/sa.pub",
            "admin.conf",
            "super-admin.conf",
            "kubelet.conf",
            "manifests/etcd.yaml",
        ] {
            assert!(pki.files.contains_key(f), "{f}");
        }
        assert!(pki.files["pki/etcd/server.key"].starts_with("-----BEGIN EC PRIVATE KEY-----"));
    }
}
