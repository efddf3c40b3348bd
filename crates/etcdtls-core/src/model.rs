//! What the core found in its inputs: items (certificates, keys, requests, revocation lists)
//! and the facts read from each. Nothing here holds private key material: a private key is
//! reduced to its kind and its public half the moment it is parsed.

use std::fmt;
use std::net::IpAddr;

use serde::Serialize;
use time::OffsetDateTime;

use crate::role::Role;

/// Where an item came from: the input's name (a path as the user gave it) and, for items
/// embedded in a larger file, where inside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Source {
    /// The input's name hint, usually a path as given on the command line.
    pub path: String,
    /// Where inside the input, e.g. `users[0].client-certificate-data`, or `2` for the second
    /// PEM block of a bundle.
    pub locator: Option<String>,
}

impl Source {
    /// A whole input.
    pub fn file(path: impl Into<String>) -> Self {
        Source {
            path: path.into(),
            locator: None,
        }
    }

    /// A part of an input.
    pub fn within(&self, locator: impl Into<String>) -> Self {
        let locator = locator.into();
        let locator = match &self.locator {
            Some(outer) => format!("{outer}{locator}"),
            None => locator,
        };
        Source {
            path: self.path.clone(),
            locator: Some(locator),
        }
    }

    /// The file name, without folders.
    pub fn file_name(&self) -> &str {
        self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path)
    }

    /// The folder part of the path, without the trailing separator ("" for a bare name).
    pub fn folder(&self) -> &str {
        match self.path.rfind(['/', '\\']) {
            Some(i) => &self.path[..i],
            None => "",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.locator {
            Some(l) => write!(f, "{}#{}", self.path, l),
            None => f.write_str(&self.path),
        }
    }
}

impl Serialize for Source {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A stable, readable identifier for an item within one report: its source, made unique.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ItemId(pub String);

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kinds of thing the core reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    /// An X.509 certificate: a passport.
    Certificate,
    /// A private key: the fingerprint that proves a passport is yours.
    PrivateKey,
    /// A bare public key, such as kubeadm's `sa.pub`.
    PublicKey,
    /// A PKCS#10 certificate signing request: a passport application.
    Csr,
    /// A certificate revocation list: the office's list of cancelled passports.
    Crl,
}

impl ItemKind {
    /// The stable id used in JSON and on the web page.
    pub fn id(self) -> &'static str {
        match self {
            ItemKind::Certificate => "certificate",
            ItemKind::PrivateKey => "private-key",
            ItemKind::PublicKey => "public-key",
            ItemKind::Csr => "csr",
            ItemKind::Crl => "crl",
        }
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One thing found in the inputs, with what was worked out about it.
#[derive(Debug, Clone)]
pub struct Item {
    /// Unique within a report.
    pub id: ItemId,
    /// Where it came from.
    pub source: Source,
    /// 1-based line of its PEM block in the input, when it came from PEM text.
    pub line: Option<usize>,
    /// The facts read from it.
    pub body: ItemBody,
    /// Its role, and why.
    pub role: Role,
    /// The reasons that led to the role, in plain words.
    pub role_reasons: Vec<String>,
    /// The certificate (or CRL, or CSR) among the inputs whose key signed this one.
    pub issued_by: Option<ItemId>,
    /// The chain from this item's issuer up to a root, issuer first.
    pub chain: Vec<ItemId>,
    /// For a certificate, public key or CSR: the private key among the inputs that pairs with
    /// it (for a CSR, the key that signed it).
    pub key: Option<ItemId>,
    /// For a private key: the certificate among the inputs that pairs with it. For a CSR: the
    /// certificate among the inputs issued for its public key.
    pub certificate: Option<ItemId>,
    /// For a private key without certificate: a public key among the inputs that pairs with it.
    pub public_key_item: Option<ItemId>,
    /// How configuration files among the inputs use this item (`--cert-file` of etcd, ...).
    pub usages: Vec<crate::config::Usage>,
    /// The distribution profile entry that explains it, when one does.
    pub matched: Option<crate::profile::ProfileMatch>,
    /// For an item of a Kubernetes Secret or ConfigMap: that object's `metadata.name`, which
    /// names its keys as a folder names its files.
    pub container: Option<String>,
}

impl Item {
    /// The distribution whose profile explains it.
    pub fn distribution(&self) -> Option<&'static crate::profile::Profile> {
        self.matched.map(|m| m.profile)
    }

    /// The profile entry of a key its distribution keeps without a certificate (k3s's
    /// service-account key, the key it signs agents' kubelet certificates over).
    pub(crate) fn bare_key(&self) -> Option<&'static crate::profile::Entry> {
        self.matched
            .map(|m| m.entry)
            .filter(|e| e.shape == crate::profile::Shape::Key)
    }

    /// How to renew it, in its distribution's words, when a profile explains it.
    pub fn renewal(&self) -> Option<String> {
        self.matched.map(|m| self.with_cluster(self.with_node(m.renewal())))
    }

    /// `text` with the etcd cluster filled in where its entry names a per-cluster keyset
    /// (kops's `etcd-peers-ca-<cluster>`) and the certificate's common name is that keyset's
    /// name (`etcd-peers-ca-main`).
    fn with_cluster(&self, text: String) -> String {
        let Some(object) = self.matched.map(|m| m.entry.renew).filter(|r| r.ends_with("<cluster>")) else {
            return text;
        };
        let prefix = object.trim_end_matches("<cluster>");
        match self.certificate().and_then(|c| c.subject.common_name.as_deref()) {
            Some(cn) if cn.len() > prefix.len() && cn.starts_with(prefix) => text.replace(object, cn),
            _ => text,
        }
    }

    /// `text` with the node filled in where its entry names a per-node object (`etcd-peer-<node>`)
    /// and the item's file or Secret is named after it (OpenShift's
    /// `etcd-all-certs/etcd-peer-<node>.crt`, the Secret `etcd-peer-<node>`).
    fn with_node(&self, text: String) -> String {
        let Some(object) = self.matched.map(|m| m.entry.renew).filter(|r| r.ends_with("<node>")) else {
            return text;
        };
        let prefix = object.trim_end_matches("<node>");
        let node = [self.container.as_deref(), Some(self.id.0.as_str())]
            .into_iter()
            .flatten()
            .find_map(|name| name.rfind(prefix).map(|at| &name[at + prefix.len()..]))
            .and_then(|rest| rest.split(['/', '#']).next());
        match node.map(|n| n.trim_end_matches(".crt").trim_end_matches(".key")) {
            Some(node) if !node.is_empty() => text.replace(object, &format!("{prefix}{node}")),
            _ => text,
        }
    }

    /// How to get `names` into this certificate when it is etcd's server certificate (`peer`:
    /// its peer certificate), in its distribution's words, or plain etcd's when none explains it.
    pub fn adding_names(&self, peer: bool, names: &str) -> String {
        let profile = self.matched.map_or(&crate::profile::plain_etcd::PROFILE, |m| m.profile);
        self.with_node(profile.names.adding(peer, names))
    }

    /// The kind of item.
    pub fn kind(&self) -> ItemKind {
        match &self.body {
            ItemBody::Certificate(_) => ItemKind::Certificate,
            ItemBody::PrivateKey(_) => ItemKind::PrivateKey,
            ItemBody::PublicKey(_) => ItemKind::PublicKey,
            ItemBody::Csr(_) => ItemKind::Csr,
            ItemBody::Crl(_) => ItemKind::Crl,
        }
    }

    /// The certificate facts, for a certificate.
    pub fn certificate(&self) -> Option<&Certificate> {
        match &self.body {
            ItemBody::Certificate(c) => Some(c),
            _ => None,
        }
    }

    /// The public key this item holds or implies, if known.
    pub fn public_key(&self) -> Option<&PublicKeyInfo> {
        match &self.body {
            ItemBody::Certificate(c) => Some(&c.public_key),
            ItemBody::PrivateKey(k) => k.public_key.as_ref(),
            ItemBody::PublicKey(p) => Some(p),
            ItemBody::Csr(c) => Some(&c.public_key),
            ItemBody::Crl(_) => None,
        }
    }
}

/// The facts of an item, by kind.
#[derive(Debug, Clone)]
pub enum ItemBody {
    /// See [`Certificate`].
    Certificate(Box<Certificate>),
    /// See [`PrivateKeyInfo`].
    PrivateKey(PrivateKeyInfo),
    /// See [`PublicKeyInfo`].
    PublicKey(PublicKeyInfo),
    /// See [`Csr`].
    Csr(Box<Csr>),
    /// See [`Crl`].
    Crl(Box<Crl>),
}

/// How a certificate with an empty subject (its names only in its SANs) is named in prose.
pub const EMPTY_SUBJECT: &str = "(empty subject)";

/// How a certificate whose common name is present but empty (`CN=`) is named.
pub const EMPTY_COMMON_NAME: &str = "(empty common name)";

/// A distinguished name, as shown and as compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Name {
    /// The name as `openssl x509 -noout -subject` prints it by default: `O = etcd, CN = ca`.
    pub text: String,
    /// The common name, if any; of several, the last (Go's, so etcd's and Kubernetes').
    pub common_name: Option<String>,
    /// The organisations (Kubernetes reads them as groups).
    pub organizations: Vec<String>,
    /// The DER encoding, for exact comparison.
    #[serde(skip)]
    pub der: Vec<u8>,
}

/// A subject alternative name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "lowercase")]
pub enum San {
    /// A DNS name, possibly a wildcard.
    Dns(String),
    /// An IP address.
    Ip(IpAddr),
    /// A URI.
    Uri(String),
    /// An email address.
    Email(String),
    /// Anything else, as text.
    Other(String),
}

/// A name as `openssl x509 -text` prints it (`DNS:`, `IP Address:`, `email:`, `URI:`; an IPv6
/// address in eight uppercase groups, `IP Address:0:0:0:0:0:0:0:1`), so that it can be held
/// against openssl's listing, its control characters and backslashes escaped as [`crate::dn`]
/// escapes them (`\00`, `\1B`, `\\`): no byte is dropped and none reaches a terminal raw. A
/// value holding a comma is quoted, where openssl's list would read as two names.
impl fmt::Display for San {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            San::Dns(d) => write!(f, "DNS:{}", listed(d)),
            San::Ip(IpAddr::V4(ip)) => write!(f, "IP Address:{ip}"),
            San::Ip(IpAddr::V6(ip)) => {
                f.write_str("IP Address:")?;
                for (i, group) in ip.segments().iter().enumerate() {
                    if i > 0 {
                        f.write_str(":")?;
                    }
                    write!(f, "{group:X}")?;
                }
                Ok(())
            }
            San::Uri(u) => write!(f, "URI:{}", listed(u)),
            San::Email(e) => write!(f, "email:{}", listed(e)),
            San::Other(o) => write!(f, "{o}"),
        }
    }
}

/// A name's value for a comma-separated list: escaped, and quoted when it holds a comma, so
/// that one name reading `a.example, DNS:evil.example` is not taken for two (OpenSSL prints it
/// bare, and ambiguous).
fn listed(value: &str) -> std::borrow::Cow<'_, str> {
    let escaped = crate::dn::escape_controls(value);
    if escaped.contains(',') {
        std::borrow::Cow::Owned(format!("\"{}\"", escaped.replace('"', "\\\"")))
    } else {
        escaped
    }
}

/// Extended key usages that matter for TLS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExtendedKeyUsage {
    /// TLS server authentication.
    ServerAuth,
    /// TLS client authentication.
    ClientAuth,
    /// Any purpose.
    Any,
    /// Something else, by OID or name.
    Other(String),
}

/// As RFC 5280 names them: `serverAuth`, `clientAuth`, `anyExtendedKeyUsage`.
impl fmt::Display for ExtendedKeyUsage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExtendedKeyUsage::ServerAuth => "serverAuth",
            ExtendedKeyUsage::ClientAuth => "clientAuth",
            ExtendedKeyUsage::Any => "anyExtendedKeyUsage",
            ExtendedKeyUsage::Other(name) => name,
        })
    }
}

/// The public-key algorithm and its strength.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "algorithm", rename_all = "kebab-case")]
pub enum KeyAlgorithm {
    /// RSA with a modulus of this many bits.
    Rsa {
        /// Modulus size in bits; 0 when unknown (an encrypted key).
        bits: usize,
    },
    /// ECDSA on a named curve.
    Ec {
        /// `P-256`, `P-384`, `P-521`, or the curve OID.
        curve: String,
    },
    /// Ed25519.
    Ed25519,
    /// Something else (DSA, Ed448, X25519, ...), by name or OID.
    Other {
        /// The algorithm's name or OID.
        name: String,
    },
}

impl KeyAlgorithm {
    /// Whether Go's TLS (etcd, Kubernetes) loads such keys: RSA, ECDSA on a named NIST curve,
    /// Ed25519. Not DSA, Ed448, X25519, secp256k1 or a curve given by explicit parameters.
    pub fn go_loads(&self) -> bool {
        match self {
            KeyAlgorithm::Ec { curve } => matches!(curve.as_str(), "P-256" | "P-384" | "P-521" | "1.3.132.0.33"),
            KeyAlgorithm::Other { .. } => false,
            _ => true,
        }
    }
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyAlgorithm::Rsa { bits: 0 } => f.write_str("RSA"),
            KeyAlgorithm::Rsa { bits } => write!(f, "RSA {bits}"),
            KeyAlgorithm::Ec { curve } => write!(f, "ECDSA {curve}"),
            KeyAlgorithm::Ed25519 => f.write_str("Ed25519"),
            KeyAlgorithm::Other { name } => f.write_str(name),
        }
    }
}

/// The public half of a key pair, in a form that compares equal whatever encoding carried it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKeyMaterial {
    /// RSA modulus and exponent, big-endian, without leading zeros.
    Rsa {
        /// n
        modulus: Vec<u8>,
        /// e
        exponent: Vec<u8>,
    },
    /// An uncompressed SEC1 point on a named curve (or the point as given, for curves the core
    /// cannot decompress).
    Ec {
        /// The curve's name.
        curve: String,
        /// The point.
        point: Vec<u8>,
    },
    /// The 32-byte Ed25519 public key.
    Ed25519(Vec<u8>),
    /// Any other algorithm's public key bits, by algorithm OID.
    Other {
        /// The algorithm OID.
        oid: String,
        /// The subjectPublicKey bits.
        bits: Vec<u8>,
    },
}

/// A public key: what a certificate certifies, what a private key implies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKeyInfo {
    /// Algorithm and size.
    pub algorithm: KeyAlgorithm,
    /// The key itself, for matching and signature checks.
    pub material: PublicKeyMaterial,
    /// SHA-256 of the DER SubjectPublicKeyInfo, hex: the same as
    /// `openssl pkey -pubout -outform der | sha256sum`, an EC point taken uncompressed (as
    /// certificates carry it) so that a key saved compressed still matches its certificate.
    pub spki_sha256: String,
}

/// A signed structure's signature, kept for checking against a candidate issuer.
#[derive(Debug, Clone)]
pub struct Signed {
    /// The exact bytes the issuer signed.
    pub message: Vec<u8>,
    /// The signature algorithm.
    pub algorithm: SignatureAlgorithm,
    /// The signature.
    pub signature: Vec<u8>,
}

/// Signature algorithms by what they mean for a reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureAlgorithm {
    /// RSA PKCS#1 v1.5 with the named hash.
    RsaPkcs1 {
        /// The hash.
        hash: HashAlgorithm,
    },
    /// RSA-PSS with the named hash.
    RsaPss {
        /// The hash.
        hash: HashAlgorithm,
    },
    /// ECDSA with the named hash.
    Ecdsa {
        /// The hash.
        hash: HashAlgorithm,
    },
    /// Ed25519.
    Ed25519,
    /// Anything else, by OID.
    Other {
        /// The OID.
        oid: String,
    },
}

impl SignatureAlgorithm {
    /// The hash, when it has one.
    pub fn hash(&self) -> Option<HashAlgorithm> {
        match self {
            SignatureAlgorithm::RsaPkcs1 { hash }
            | SignatureAlgorithm::RsaPss { hash }
            | SignatureAlgorithm::Ecdsa { hash } => Some(*hash),
            _ => None,
        }
    }
}

impl fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignatureAlgorithm::RsaPkcs1 { hash } => write!(f, "{hash} with RSA"),
            SignatureAlgorithm::RsaPss { hash } => write!(f, "RSA-PSS with {hash}"),
            SignatureAlgorithm::Ecdsa { hash } => write!(f, "ECDSA with {hash}"),
            SignatureAlgorithm::Ed25519 => f.write_str("Ed25519"),
            SignatureAlgorithm::Other { oid } => match (oid.as_str(), crate::x509::dsa_signature_hash(oid)) {
                (_, Some(hash)) => write!(f, "DSA with {hash}"),
                ("1.3.101.113", _) => f.write_str("Ed448"),
                _ => write!(f, "unknown ({oid})"),
            },
        }
    }
}

/// Hash algorithms seen in signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HashAlgorithm {
    /// MD5: broken.
    Md5,
    /// SHA-1: broken for signatures.
    Sha1,
    /// SHA-224.
    Sha224,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl HashAlgorithm {
    /// MD5 and SHA-1 are no longer safe for signatures.
    pub fn is_weak(self) -> bool {
        matches!(self, HashAlgorithm::Md5 | HashAlgorithm::Sha1)
    }
}

impl fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HashAlgorithm::Md5 => "MD5",
            HashAlgorithm::Sha1 => "SHA-1",
            HashAlgorithm::Sha224 => "SHA-224",
            HashAlgorithm::Sha256 => "SHA-256",
            HashAlgorithm::Sha384 => "SHA-384",
            HashAlgorithm::Sha512 => "SHA-512",
        })
    }
}

/// One subtree of a CA's name constraints (RFC 5280 4.2.1.10), of a kind Go's crypto/x509
/// checks (parser.go parseNameConstraintsExtension): a DNS domain, an email mailbox or domain,
/// a URI's host domain, or an IP range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameConstraint {
    /// `DNS:example.com` (the domain and its subdomains) or `DNS:.example.com` (subdomains).
    Dns(String),
    /// `email:user@example.com`, `email:example.com` or `email:.example.com`.
    Email(String),
    /// `URI:example.com`: the host of a URI name.
    Uri(String),
    /// `IP:10.0.0.0/255.0.0.0`: the address and the mask, 4 or 16 bytes each.
    Ip(Vec<u8>, Vec<u8>),
}

impl fmt::Display for NameConstraint {
    /// As `openssl x509 -text` lists it under "X509v3 Name Constraints".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameConstraint::Dns(d) => write!(f, "DNS:{d}"),
            NameConstraint::Email(e) => write!(f, "email:{e}"),
            NameConstraint::Uri(u) => write!(f, "URI:{u}"),
            NameConstraint::Ip(addr, mask) => {
                // OpenSSL's ossl_ipaddr_to_asc: an IPv6 address in eight uppercase groups.
                let text = |b: &[u8]| match b.len() {
                    4 => IpAddr::from([b[0], b[1], b[2], b[3]]).to_string(),
                    16 => b
                        .chunks(2)
                        .map(|g| format!("{:X}", u16::from_be_bytes([g[0], g[1]])))
                        .collect::<Vec<_>>()
                        .join(":"),
                    n => format!("<{n} bytes>"),
                };
                write!(f, "IP:{}/{}", text(addr), text(mask))
            }
        }
    }
}

/// A CA's name constraints: the names a certificate below it may carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameConstraints {
    /// Permitted subtrees: of each kind listed here, a name must fall in one of them.
    pub permitted: Vec<NameConstraint>,
    /// Excluded subtrees: no name may fall in any of them.
    pub excluded: Vec<NameConstraint>,
}

/// Basic constraints: whether a certificate may issue others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BasicConstraints {
    /// CA:TRUE.
    pub ca: bool,
    /// The longest chain of CAs it may have below it.
    pub path_len: Option<u32>,
}

/// The facts of one X.509 certificate.
#[derive(Debug, Clone)]
pub struct Certificate {
    /// The DER encoding.
    pub der: Vec<u8>,
    /// 1, 2 or 3, as `openssl x509 -text` prints `Version: 1 (0x0)`.
    pub version: u8,
    /// Whom it identifies.
    pub subject: Name,
    /// Who says so.
    pub issuer: Name,
    /// Serial number, colon-separated hex as OpenSSL prints it.
    pub serial: String,
    /// Start of validity.
    pub not_before: OffsetDateTime,
    /// End of validity.
    pub not_after: OffsetDateTime,
    /// Subject alternative names.
    pub sans: Vec<San>,
    /// Basic constraints, when present.
    pub basic_constraints: Option<BasicConstraints>,
    /// Name constraints, when present (the kinds Go checks).
    pub name_constraints: Option<NameConstraints>,
    /// Key usage bits by name (`digitalSignature`, `keyCertSign`, ...); `None` when absent.
    pub key_usage: Option<Vec<&'static str>>,
    /// Extended key usages; `None` when the extension is absent (any purpose).
    pub extended_key_usage: Option<Vec<ExtendedKeyUsage>>,
    /// Subject key identifier, hex.
    pub subject_key_id: Option<String>,
    /// Authority key identifier, hex.
    pub authority_key_id: Option<String>,
    /// The certified public key.
    pub public_key: PublicKeyInfo,
    /// The issuer's signature over the certificate.
    pub signed: Signed,
    /// SHA-256 of the DER, colon-separated upper-case hex, as `openssl x509 -fingerprint -sha256`.
    pub fingerprint_sha256: String,
    /// Subject and issuer are the same name, and either it is a root as OpenSSL decides (CA:TRUE,
    /// no authority key identifier or its own, an algorithm of its key's type; the signature is
    /// not checked, as no TLS library checks a trust anchor's) or its own key verifies its
    /// signature.
    pub self_signed: bool,
    /// Why Go's crypto/x509 (etcd, etcdctl, Kubernetes) would not load or accept it, in words:
    /// what its parser refuses (duplicate extensions, a malformed serial or address, a curve
    /// it lacks) and what its verifier refuses (a critical extension it does not handle).
    /// Empty for an ordinary certificate.
    pub go_refuses: Vec<String>,
}

impl Certificate {
    /// The serial number as `openssl x509 -text` prints it (OpenSSL 3 crypto/x509/t_x509.c
    /// X509_print_ex): in decimal and hex when it fits in a C long, `4967204474227421012
    /// (0x44ef...)` as kubeadm's random serials do, `-5 (-0x5)` when negative; otherwise its
    /// bytes as colon hex, after `(Negative)` when negative. OpenSSL takes -1 for an error of
    /// ASN1_INTEGER_get, so a serial of -1 prints in the long form, `(Negative)01`.
    pub fn serial_as_openssl_prints_it(&self) -> String {
        let (negative, hex) = match self.serial.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, self.serial.as_str()),
        };
        let digits: String = hex.chars().filter(|c| *c != ':').collect();
        let small = if digits.len() <= 16 {
            u64::from_str_radix(&digits, 16).ok()
        } else {
            None
        };
        match small {
            Some(n) if n <= i64::MAX as u64 && !(negative && n == 1) => {
                let sign = if negative { "-" } else { "" };
                format!("{sign}{n} ({sign}0x{n:x})")
            }
            _ if negative => format!("(Negative){hex}"),
            _ => hex.to_owned(),
        }
    }

    /// CA:TRUE, or a version 1 (or 2) self-signed root without basic constraints: what
    /// `openssl req -x509` without extensions and `openssl x509 -req` without `-extfile` made
    /// for old hand-made PKIs. Go refuses a parent without basic constraints only in a version
    /// 3 certificate (crypto/x509 x509.go CheckSignatureFrom: `parent.Version == 3 &&
    /// !parent.BasicConstraintsValid`) and asks CA:TRUE of intermediates alone (verify.go
    /// isValid), so etcd 3.4.23 and etcdctl trust what such a root signed when it is their CA
    /// file; OpenSSL calls it a V1 root (v3_purp.c check_ca, `V1_ROOT`) and does too.
    pub fn is_ca(&self) -> bool {
        self.basic_constraints.is_some_and(|b| b.ca) || self.is_v1_root()
    }

    /// A version 1 or 2 certificate that signed itself and carries no basic constraints.
    pub fn is_v1_root(&self) -> bool {
        self.version < 3 && self.self_signed && self.basic_constraints.is_none()
    }

    /// Whether the certificate may be used for TLS client authentication (no EKU means any).
    pub fn allows_client_auth(&self) -> bool {
        self.extended_key_usage.as_ref().is_none_or(|ekus| {
            ekus.iter()
                .any(|e| matches!(e, ExtendedKeyUsage::ClientAuth | ExtendedKeyUsage::Any))
        })
    }

    /// Whether the certificate may be used for TLS server authentication (no EKU means any).
    pub fn allows_server_auth(&self) -> bool {
        self.extended_key_usage.as_ref().is_none_or(|ekus| {
            ekus.iter()
                .any(|e| matches!(e, ExtendedKeyUsage::ServerAuth | ExtendedKeyUsage::Any))
        })
    }

    /// Made by etcd's `--auto-tls` / `--peer-auto-tls` (`transport.SelfCert`): self-signed, the
    /// subject `O = etcd` alone, a P-521 key (CA:FALSE until 3.5, CA:TRUE from 3.6).
    pub fn is_etcd_auto_tls(&self) -> bool {
        self.self_signed
            && self.subject.text == "O = etcd"
            && matches!(&self.public_key.algorithm, KeyAlgorithm::Ec { curve } if curve == "P-521")
    }

    /// Whether the EKU extension names this usage explicitly.
    pub fn names_usage(&self, usage: &ExtendedKeyUsage) -> bool {
        self.extended_key_usage.as_ref().is_some_and(|e| e.contains(usage))
    }

    /// Whether a key usage bit is set (`None` when the extension is absent).
    pub fn has_key_usage(&self, bit: &str) -> Option<bool> {
        self.key_usage.as_ref().map(|bits| bits.contains(&bit))
    }

    /// The common name, or the whole subject when there is none.
    pub fn display_name(&self) -> std::borrow::Cow<'_, str> {
        match (self.subject.common_name.as_deref(), self.subject.text.as_str()) {
            // `CN=` with nothing after it: a name, but an empty one.
            (Some(""), _) => std::borrow::Cow::Borrowed(EMPTY_COMMON_NAME),
            // Spaces at either end would vanish in a sentence: quoted, as OpenSSL quotes them.
            (Some(cn), _) if cn.starts_with(char::is_whitespace) || cn.ends_with(char::is_whitespace) => {
                std::borrow::Cow::Owned(format!("\"{cn}\""))
            }
            (Some(cn), _) => std::borrow::Cow::Borrowed(cn),
            // RFC 5280 allows an empty subject when the names are in the SANs.
            (None, "") => std::borrow::Cow::Borrowed(EMPTY_SUBJECT),
            (None, text) => std::borrow::Cow::Borrowed(text),
        }
    }

    /// Whether a host name or IP literal is covered by the SANs, as a TLS client checks it.
    pub fn covers_host(&self, host: &str) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = host.parse::<IpAddr>() {
            return self.sans.iter().any(|s| matches!(s, San::Ip(a) if *a == ip));
        }
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.sans.iter().any(|s| match s {
            San::Dns(pattern) => dns_matches(&pattern.to_ascii_lowercase(), &host),
            _ => false,
        })
    }
}

/// RFC 6125 matching: exact, or a `*.` wildcard covering exactly one leftmost label.
fn dns_matches(pattern: &str, host: &str) -> bool {
    let pattern = pattern.trim_end_matches('.');
    if let Some(suffix) = pattern.strip_prefix("*.") {
        match host.split_once('.') {
            Some((first, rest)) => !first.is_empty() && rest == suffix,
            None => false,
        }
    } else {
        pattern == host
    }
}

/// How a private key is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeyFormat {
    /// `-----BEGIN RSA PRIVATE KEY-----`, PKCS#1.
    Pkcs1,
    /// `-----BEGIN PRIVATE KEY-----`, PKCS#8.
    Pkcs8,
    /// `-----BEGIN EC PRIVATE KEY-----`, SEC1.
    Sec1,
    /// `-----BEGIN ENCRYPTED PRIVATE KEY-----`, password-protected PKCS#8.
    EncryptedPkcs8,
    /// A PKCS#1 or SEC1 PEM with `Proc-Type: 4,ENCRYPTED`, OpenSSL's legacy password protection.
    LegacyEncryptedPem,
    /// `-----BEGIN OPENSSH PRIVATE KEY-----`: an SSH key, not a TLS key.
    OpenSsh,
    /// `-----BEGIN DSA PRIVATE KEY-----`, OpenSSL's traditional DSA format.
    Dsa,
}

impl KeyFormat {
    /// Whether the key is protected by a password (etcd and kube cannot load it).
    pub fn is_encrypted(self) -> bool {
        matches!(self, KeyFormat::EncryptedPkcs8 | KeyFormat::LegacyEncryptedPem)
    }
}

impl fmt::Display for KeyFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyFormat::Pkcs1 => "PKCS#1",
            KeyFormat::Pkcs8 => "PKCS#8",
            KeyFormat::Sec1 => "SEC1",
            KeyFormat::EncryptedPkcs8 => "encrypted PKCS#8",
            KeyFormat::LegacyEncryptedPem => "legacy encrypted PEM",
            KeyFormat::OpenSsh => "OpenSSH",
            KeyFormat::Dsa => "traditional DSA",
        })
    }
}

/// A private key, reduced to what may be shown: never its secret bytes.
#[derive(Debug, Clone)]
pub struct PrivateKeyInfo {
    /// How it is stored.
    pub format: KeyFormat,
    /// The algorithm, when known (an encrypted PKCS#8 key hides even that).
    pub algorithm: Option<KeyAlgorithm>,
    /// The public half, carried by the file or derived from the private key; `None` when
    /// encrypted or unsupported, or not derived yet.
    pub public_key: Option<PublicKeyInfo>,
    /// Until the analysis derives the public half of a key that does not carry it: what that
    /// takes (the secret, never shown). Always `None` in a report's items.
    pub derivation: Option<crate::keys::KeyDerivation>,
}

/// A certificate signing request.
#[derive(Debug, Clone)]
pub struct Csr {
    /// The DER encoding.
    pub der: Vec<u8>,
    /// The requested subject.
    pub subject: Name,
    /// The requested SANs.
    pub sans: Vec<San>,
    /// The requested extended key usages, if any.
    pub extended_key_usage: Option<Vec<ExtendedKeyUsage>>,
    /// Whether it asks to be a CA (basicConstraints CA:TRUE): a CA that copies the request's
    /// extensions (`openssl x509 -copy_extensions copy`, cfssl with a `ca_constraint`) would
    /// make a CA of it.
    pub asks_ca: bool,
    /// The key to be certified.
    pub public_key: PublicKeyInfo,
    /// The signature by the requester's own key.
    pub signed: Signed,
    /// Whether that signature verifies (`None`: algorithm not supported).
    pub signature_valid: Option<bool>,
}

/// A certificate revocation list.
#[derive(Debug, Clone)]
pub struct Crl {
    /// The DER encoding.
    pub der: Vec<u8>,
    /// The CA that publishes it.
    pub issuer: Name,
    /// When it was made.
    pub this_update: OffsetDateTime,
    /// When the next one is due.
    pub next_update: Option<OffsetDateTime>,
    /// The revoked certificates.
    pub revoked: Vec<Revocation>,
    /// The issuer's signature.
    pub signed: Signed,
}

/// One entry of a CRL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revocation {
    /// The serial, formatted like [`Certificate::serial`].
    pub serial: String,
    /// When it was revoked.
    #[serde(rename = "revoked_at", serialize_with = "crate::json::serialize_rfc3339")]
    pub date: OffsetDateTime,
    /// The CRLReason by RFC 5280's name (`keyCompromise`, `certificateHold`, ...); `None` when
    /// the entry gives none.
    pub reason: Option<&'static str>,
}
