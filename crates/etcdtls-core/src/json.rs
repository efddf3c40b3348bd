//! The JSON form of a report: what `etcdtls explain -o json` prints and what the web page's
//! JavaScript `explain()` returns. `docs/json.md` documents every field; a field's meaning never
//! changes, new fields may be added. No private key material appears here: a private key is
//! shown by format, algorithm and the hash of its public half.

use base64::Engine as _;
use serde::Serialize;

use crate::analysis::{InputSummary, Report};
use crate::config::{EtcdMember, Usage};
use crate::decode::InputError;
use crate::explain::{self, Explanation};
use crate::finding::{Finding, Severity};
use crate::humanize::rfc3339;
use crate::model::{Item, ItemBody, ItemId, ItemKind, KeyAlgorithm, KeyFormat, Revocation, Source};
use crate::recipe::{self, ConnectionRecipe};
use crate::role::Role;

/// Serialises a moment as RFC 3339 in UTC, as every time in the JSON is written.
pub(crate) fn serialize_rfc3339<S: serde::Serializer>(t: &time::OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*t))
}

/// Bumped only when a field changes meaning or disappears.
pub const SCHEMA_VERSION: u32 = 1;

/// The report as JSON-ready data.
#[derive(Debug, Serialize)]
pub struct ReportJson<'a> {
    /// See [`SCHEMA_VERSION`].
    pub schema: u32,
    /// The moment of judgement, RFC 3339.
    pub evaluated_at: String,
    /// The `expiring-soon` window in days.
    pub warn_days: u32,
    /// The id of the distribution whose profile explains the inputs best (`kubeadm`, `k3s`,
    /// `rke2`, `openshift`, `talos`, `kops`, `kubernetes-the-hard-way`, `etcd-tls-guide`,
    /// `etcd`), or null.
    pub distribution: Option<&'static str>,
    /// Its name for people.
    pub distribution_name: Option<&'static str>,
    /// Counts.
    pub summary: Summary,
    /// One entry per input.
    pub inputs: &'a [InputSummary],
    /// Every item.
    pub items: Vec<ItemJson<'a>>,
    /// Every finding, most severe first.
    pub findings: &'a [Finding],
    /// What could not be read.
    pub errors: Vec<ErrorJson<'a>>,
    /// etcd members described by configuration among the inputs.
    pub members: &'a [EtcdMember],
    /// Commands that connect with the pairs found.
    pub connections: Vec<ConnectionRecipe>,
}

/// Counts for a quick look.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Items found.
    pub items: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Problems reading the inputs.
    pub unreadable: usize,
}

/// One item.
#[derive(Debug, Serialize)]
pub struct ItemJson<'a> {
    /// Unique id within the report.
    pub id: &'a ItemId,
    /// `certificate`, `private-key`, `public-key`, `csr` or `crl`.
    pub kind: ItemKind,
    /// The path as given, plus `#` and where inside it for embedded items.
    pub source: &'a Source,
    /// The path alone.
    pub path: &'a str,
    /// Line of the PEM block in the input.
    pub line: Option<usize>,
    /// The role id.
    pub role: Role,
    /// The role's title.
    pub role_title: String,
    /// Why that role.
    pub role_reasons: &'a [String],
    /// The distribution whose profile explains this item, only when it differs from the
    /// report's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribution: Option<&'static str>,
    /// Subject (certificates, CSRs).
    pub subject: Option<&'a str>,
    /// Subject common name.
    pub subject_common_name: Option<&'a str>,
    /// Subject organisations (Kubernetes groups).
    pub subject_organizations: Option<&'a [String]>,
    /// Issuer (certificates, CRLs).
    pub issuer: Option<&'a str>,
    /// Serial number, colon-separated hex.
    pub serial: Option<&'a str>,
    /// Start of validity, RFC 3339.
    pub not_before: Option<String>,
    /// End of validity, RFC 3339.
    pub not_after: Option<String>,
    /// Subject alternative names as `DNS:x`, `IP:y`.
    pub sans: Option<Vec<String>>,
    /// CA:TRUE.
    pub is_ca: Option<bool>,
    /// Path length constraint.
    pub path_len: Option<u32>,
    /// Key usage bits; null when the extension is absent.
    pub key_usage: Option<&'a [&'static str]>,
    /// Extended key usages; null when the extension is absent.
    pub extended_key_usage: Option<&'a [crate::model::ExtendedKeyUsage]>,
    /// Subject key identifier, hex.
    pub subject_key_id: Option<&'a str>,
    /// Authority key identifier, hex.
    pub authority_key_id: Option<&'a str>,
    /// Signature algorithm, in words.
    pub signature_algorithm: Option<String>,
    /// Public key algorithm and size.
    pub public_key: Option<&'a KeyAlgorithm>,
    /// SHA-256 of the DER SubjectPublicKeyInfo: equal for a certificate and its key.
    pub public_key_sha256: Option<&'a str>,
    /// SHA-256 of the certificate's DER, as `openssl x509 -fingerprint -sha256`.
    pub fingerprint_sha256: Option<&'a str>,
    /// Self-signed.
    pub self_signed: Option<bool>,
    /// The issuing item's id.
    pub issued_by: Option<&'a ItemId>,
    /// Ids up to the root, issuer first.
    pub chain: &'a [ItemId],
    /// For certificates, public keys and CSRs: the paired private key's id (for a CSR, the key
    /// that signed it).
    pub key: Option<&'a ItemId>,
    /// For private keys: the paired certificate's id; for CSRs: the certificate issued for
    /// the request's public key.
    pub certificate: Option<&'a ItemId>,
    /// For private keys: a paired public key's id.
    pub public_key_item: Option<&'a ItemId>,
    /// For private keys: how it is stored.
    pub key_format: Option<KeyFormat>,
    /// For private keys: password-protected.
    pub encrypted: Option<bool>,
    /// For CRLs: the serials it lists, every one of which etcd refuses (`removeFromCRL` too).
    pub revoked: Option<Vec<&'a str>>,
    /// For CRLs: every entry, with its revocation date and CRLReason.
    pub revocations: Option<&'a [Revocation]>,
    /// How configuration among the inputs uses it.
    pub usages: &'a [Usage],
    /// The ids of findings about it.
    pub findings: Vec<&'static str>,
    /// Plain words.
    pub explanation: Explanation,
    /// The PEM text (certificates, CSRs, CRLs only; never keys).
    pub pem: Option<String>,
}

/// One unreadable part of an input.
#[derive(Debug, Serialize)]
pub struct ErrorJson<'a> {
    /// The error's fields.
    #[serde(flatten)]
    pub error: &'a InputError,
    /// The error in one sentence.
    pub message: String,
}

/// PEM text for public data.
pub fn to_pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

impl<'a> ReportJson<'a> {
    /// Builds the JSON view of a report.
    pub fn new(report: &'a Report) -> Self {
        let count = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
        ReportJson {
            schema: SCHEMA_VERSION,
            evaluated_at: rfc3339(report.now),
            warn_days: report.warn_days,
            distribution: report.distribution.map(|p| p.id),
            distribution_name: report.distribution.map(|p| p.name),
            summary: Summary {
                items: report.items.len(),
                errors: count(Severity::Error),
                warnings: count(Severity::Warning),
                infos: count(Severity::Info),
                unreadable: report.errors.len(),
            },
            inputs: &report.inputs,
            items: report.items.iter().map(|i| item_json(report, i)).collect(),
            findings: &report.findings,
            errors: report
                .errors
                .iter()
                .map(|e| ErrorJson {
                    error: e,
                    message: e.to_string(),
                })
                .collect(),
            members: &report.members,
            connections: recipe::connection_recipes(report),
        }
    }
}

fn item_json<'a>(report: &'a Report, item: &'a Item) -> ItemJson<'a> {
    let mut j = ItemJson {
        id: &item.id,
        kind: item.kind(),
        source: &item.source,
        path: &item.source.path,
        line: item.line,
        role: item.role,
        role_title: crate::explain::role_title(item),
        role_reasons: &item.role_reasons,
        distribution: item
            .distribution()
            .filter(|d| Some(*d) != report.distribution)
            .map(|d| d.id),
        subject: None,
        subject_common_name: None,
        subject_organizations: None,
        issuer: None,
        serial: None,
        not_before: None,
        not_after: None,
        sans: None,
        is_ca: None,
        path_len: None,
        key_usage: None,
        extended_key_usage: None,
        subject_key_id: None,
        authority_key_id: None,
        signature_algorithm: None,
        public_key: item.public_key().map(|p| &p.algorithm),
        public_key_sha256: item
            .public_key()
            .map(|p| p.spki_sha256.as_str())
            .filter(|s| !s.is_empty()),
        fingerprint_sha256: None,
        self_signed: None,
        issued_by: item.issued_by.as_ref(),
        chain: &item.chain,
        key: item.key.as_ref(),
        certificate: item.certificate.as_ref(),
        public_key_item: item.public_key_item.as_ref(),
        key_format: None,
        encrypted: None,
        revoked: None,
        revocations: None,
        usages: &item.usages,
        findings: report.findings_for(&item.id).map(|f| f.id.id()).collect(),
        explanation: explain::explain(report, item),
        pem: None,
    };
    match &item.body {
        ItemBody::Certificate(c) => {
            j.subject = Some(&c.subject.text);
            j.subject_common_name = c.subject.common_name.as_deref();
            j.subject_organizations = Some(&c.subject.organizations);
            j.issuer = Some(&c.issuer.text);
            j.serial = Some(&c.serial);
            j.not_before = Some(rfc3339(c.not_before));
            j.not_after = Some(rfc3339(c.not_after));
            j.sans = Some(c.sans.iter().map(ToString::to_string).collect());
            j.is_ca = Some(c.is_ca());
            j.path_len = c.basic_constraints.and_then(|b| b.path_len);
            j.key_usage = c.key_usage.as_deref();
            j.extended_key_usage = c.extended_key_usage.as_deref();
            j.subject_key_id = c.subject_key_id.as_deref();
            j.authority_key_id = c.authority_key_id.as_deref();
            j.signature_algorithm = Some(c.signed.algorithm.to_string());
            j.fingerprint_sha256 = Some(&c.fingerprint_sha256);
            j.self_signed = Some(c.self_signed);
            j.pem = Some(to_pem("CERTIFICATE", &c.der));
        }
        ItemBody::PrivateKey(k) => {
            j.key_format = Some(k.format);
            j.encrypted = Some(k.format.is_encrypted());
            if j.public_key.is_none() {
                j.public_key = k.algorithm.as_ref();
            }
        }
        ItemBody::PublicKey(_) => {}
        ItemBody::Csr(c) => {
            j.subject = Some(&c.subject.text);
            j.subject_common_name = c.subject.common_name.as_deref();
            j.subject_organizations = Some(&c.subject.organizations);
            j.sans = Some(c.sans.iter().map(ToString::to_string).collect());
            j.extended_key_usage = c.extended_key_usage.as_deref();
            j.signature_algorithm = Some(c.signed.algorithm.to_string());
            j.pem = Some(to_pem("CERTIFICATE REQUEST", &c.der));
        }
        ItemBody::Crl(c) => {
            j.issuer = Some(&c.issuer.text);
            j.not_before = Some(rfc3339(c.this_update));
            j.not_after = c.next_update.map(rfc3339);
            j.signature_algorithm = Some(c.signed.algorithm.to_string());
            j.revoked = Some(c.revoked.iter().map(|r| r.serial.as_str()).collect());
            j.revocations = Some(&c.revoked);
            j.pem = Some(to_pem("X509 CRL", &c.der));
        }
    }
    j
}
