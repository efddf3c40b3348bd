//! Findings: what a careful reviewer would say about a set of certificates, each with a
//! stable id, a severity, a plain explanation and a fix.

use std::fmt;

use serde::Serialize;

use crate::model::ItemId;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing.
    Info,
    /// Will hurt later, or is unsafe.
    Warning,
    /// Broken now: a connection that uses it fails, or an attacker gets in.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

macro_rules! finding_ids {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $severity:ident; )*) => {
        /// The kinds of finding. The id strings are stable: scripts and the web page use them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[non_exhaustive]
        pub enum FindingId {
            $( $(#[$doc])* #[serde(rename = $id)] $variant, )*
        }

        impl FindingId {
            /// Every finding id, in a stable order.
            pub const ALL: &'static [FindingId] = &[ $( FindingId::$variant, )* ];

            /// The stable id.
            pub fn id(self) -> &'static str {
                match self { $( FindingId::$variant => $id, )* }
            }

            /// The usual severity.
            pub fn severity(self) -> Severity {
                match self { $( FindingId::$variant => Severity::$severity, )* }
            }
        }
    };
}

finding_ids! {
    /// The certificate's validity ended before `now`.
    Expired = "expired", Error;
    /// The certificate's validity starts after `now` (or the clocks disagree).
    NotYetValid = "not-yet-valid", Error;
    /// The certificate expires within the warning window.
    ExpiringSoon = "expiring-soon", Warning;
    /// A certificate and the key meant to go with it are from different pairs.
    KeyMismatch = "key-mismatch", Error;
    /// The certificate's issuer is not among the inputs, so its chain cannot be checked.
    IssuerNotFound = "issuer-not-found", Info;
    /// A CA with the issuer's name is present, but its key did not sign this certificate.
    SignatureInvalid = "signature-invalid", Error;
    /// A client role without the clientAuth extended key usage.
    MissingClientAuth = "missing-client-auth", Error;
    /// A server role without the serverAuth extended key usage.
    MissingServerAuth = "missing-server-auth", Error;
    /// A server certificate without subject alternative names: Go clients reject it.
    NoSans = "no-sans", Error;
    /// An RSA key under 2048 bits.
    WeakKey = "weak-key", Warning;
    /// An MD5 or SHA-1 signature on a certificate its issuer signed: Go refuses it.
    WeakSignature = "weak-signature", Error;
    /// A CA certificate without the keyCertSign key usage.
    CaWithoutKeyCertSign = "ca-without-key-cert-sign", Error;
    /// A chain with more CAs below a CA than its path length constraint allows.
    PathLengthExceeded = "path-length-exceeded", Error;
    /// A CA certificate given where a leaf (server or client) certificate belongs.
    CaUsedAsLeaf = "ca-used-as-leaf", Error;
    /// A leaf certificate given where a CA certificate belongs.
    LeafUsedAsCa = "leaf-used-as-ca", Error;
    /// A password-protected private key: etcd and Kubernetes cannot load it.
    EncryptedKey = "encrypted-key", Error;
    /// A certificate that says CA:TRUE but is made like a server or client leaf.
    LeafClaimsCa = "leaf-claims-ca", Warning;
    /// etcd's server certificate used as a client certificate.
    ServerCertAsClient = "server-cert-as-client", Info;
    /// etcd's peer certificate used as a client certificate.
    PeerCertAsClient = "peer-cert-as-client", Warning;
    /// A certificate signed by a different CA than its role needs (an etcd client signed by
    /// the Kubernetes CA: etcd will refuse it).
    WrongIssuerForRole = "wrong-issuer-for-role", Error;
    /// A leaf that signed itself instead of being signed by a CA.
    SelfSignedLeaf = "self-signed-leaf", Warning;
    /// A certificate valid for longer than the CA that signed it.
    OutlivesIssuer = "outlives-issuer", Warning;
    /// The certificate is on a revocation list its issuer published.
    Revoked = "revoked", Error;
    /// A revocation list past its next-update time.
    CrlExpired = "crl-expired", Warning;
    /// A CSR whose signature does not verify with its own key.
    CsrSignatureInvalid = "csr-signature-invalid", Error;
    /// A private key with no certificate or public key among the inputs.
    OrphanKey = "orphan-key", Info;
    /// Two different certificates from one issuer share a serial number.
    DuplicateSerial = "duplicate-serial", Warning;
    /// etcd serves TLS on an address its server certificate does not cover.
    SanMissingEndpoint = "san-missing-endpoint", Error;
    /// etcd has TLS on the client port but does not require client certificates.
    ClientCertAuthDisabled = "client-cert-auth-disabled", Error;
    /// etcd has peer TLS but does not require peer certificates.
    PeerCertAuthDisabled = "peer-cert-auth-disabled", Error;
    /// etcd listens for clients without TLS on an address other than loopback.
    PlaintextClientUrl = "plaintext-client-url", Error;
    /// etcd makes its own throwaway certificates (`--auto-tls`).
    AutoTls = "auto-tls", Warning;
    /// A signature the core cannot check (algorithm not supported).
    UnverifiableSignature = "unverifiable-signature", Info;
    /// An SSH key where a TLS key is expected.
    NotATlsKey = "not-a-tls-key", Error;
    /// A path named by a configuration file, not among the inputs.
    ReferencedFileMissing = "referenced-file-missing", Info;
    /// A configuration slot names a file of the wrong type (a certificate as a key, a key as
    /// a certificate).
    WrongFileType = "wrong-file-type", Error;
    /// A configuration slot implies a role the file's contents contradict (the Kubernetes CA
    /// given as etcd's CA).
    UsageContradictsContent = "usage-contradicts-content", Warning;
    /// A file etcd trusts for its clients or peers holds CAs above etcd's own (k3s's custom CA
    /// files end with the intermediate and root that sign every CA of the cluster), so etcd
    /// lets in certificates made for others.
    TrustBeyondEtcd = "trust-beyond-etcd", Warning;
    /// A certificate carries a name the name constraints of a CA above it do not allow: Go
    /// and OpenSSL refuse the chain.
    NameNotPermitted = "name-not-permitted", Error;
    /// A certificate's authority key identifier is not its issuer's subject key identifier:
    /// OpenSSL does not take that CA for its issuer (Go does).
    KeyIdMismatch = "key-id-mismatch", Warning;
    /// A CA above a certificate has an extended key usage without the one the certificate is
    /// marked for: Go and OpenSSL refuse the chain for that use.
    IssuerUsageRestricts = "issuer-usage-restricts", Error;
    /// keyCertSign on a certificate that is not a CA: nothing it signs is accepted anyway.
    KeyCertSignNotCa = "key-cert-sign-not-ca", Info;
    /// Certificates of different subjects that carry one key (RKE's first `kube-node.pem`
    /// carries kube-proxy's): whoever holds the key can be each of them.
    SharedKey = "shared-key", Warning;
    /// Bytes after the DER the item was read from (a second structure cut short, junk): the
    /// item was read, the rest ignored.
    TrailingData = "trailing-data", Warning;
    /// A client certificate of etcd's (the API server's, the health check's, an operator's)
    /// signed by a CA that etcd's configuration does not trust for clients: etcd refuses it.
    ClientNotTrusted = "client-not-trusted", Error;
    /// A certificate or key file in DER, which etcd, etcdctl and Kubernetes cannot read: they
    /// read PEM only (`tls: failed to find any PEM data`).
    DerNotPem = "der-not-pem", Warning;
    /// A certificate Go's crypto/x509 (etcd, etcdctl, Kubernetes) would not load or accept,
    /// though OpenSSL reads it: duplicate extensions, a malformed serial or IP address, a curve
    /// Go lacks, an unhandled critical extension, extensions in a version 1 certificate.
    GoRefuses = "go-refuses", Error;
}

impl fmt::Display for FindingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One thing a reviewer would say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// What kind of finding.
    pub id: FindingId,
    /// How much it matters.
    pub severity: Severity,
    /// The items it is about, most relevant first.
    pub items: Vec<ItemId>,
    /// What is wrong, in a sentence or two.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl Finding {
    /// A finding with its id's usual severity.
    pub fn new(id: FindingId, items: Vec<ItemId>, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Finding {
            id,
            severity: id.severity(),
            items,
            message: message.into(),
            fix: fix.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_serialize_as_themselves() {
        let mut seen = std::collections::HashSet::new();
        for id in FindingId::ALL {
            assert!(seen.insert(id.id()), "duplicate {id}");
            assert_eq!(serde_json::to_string(id).unwrap(), format!("\"{}\"", id.id()));
        }
    }
}
