//! Diagnoses: the one-sentence cause of a failed (or suspicious) connection, naming the file,
//! with the fix. The ids are stable: tests, scripts and `doctor -o json` use them.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

macro_rules! diagnosis_ids {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal; )*) => {
        /// What went wrong with a connection, or that nothing did.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum DiagnosisId {
            $( $(#[$doc])* #[serde(rename = $id)] $variant, )*
        }

        impl DiagnosisId {
            /// Every id.
            pub const ALL: &'static [DiagnosisId] = &[ $( DiagnosisId::$variant, )* ];

            /// The stable id.
            pub fn id(self) -> &'static str {
                match self { $( DiagnosisId::$variant => $id, )* }
            }
        }
    };
}

diagnosis_ids! {
    /// The connection works.
    Ok = "ok";
    /// Nothing answers at the address: DNS failure, connection refused, no route.
    Unreachable = "unreachable";
    /// The address swallows packets: no answer within the dial timeout.
    Timeout = "timeout";
    /// `https://` (TLS) against a member that serves plaintext.
    PlaintextServer = "plaintext-server";
    /// `http://` (plaintext) against a member that requires TLS.
    TlsRequired = "tls-required";
    /// The server's certificate is not signed by `--cacert`.
    WrongCa = "wrong-ca";
    /// The dialled host or IP is not in the server certificate's SANs.
    ServerNameMismatch = "server-name-mismatch";
    /// The server's certificate has expired.
    ServerCertExpired = "server-cert-expired";
    /// The server's certificate is not valid yet (or the clocks disagree).
    ServerCertNotYetValid = "server-cert-not-yet-valid";
    /// The server requires a client certificate and none was given.
    ClientCertRequired = "client-cert-required";
    /// The server refused the client certificate: not signed by a CA it trusts.
    ClientCertUntrusted = "client-cert-untrusted";
    /// The server refused the client certificate: it has expired.
    ClientCertExpired = "client-cert-expired";
    /// The server refused the client certificate: it lacks clientAuth.
    ClientCertNoClientAuth = "client-cert-no-client-auth";
    /// `--key` is not the key of `--cert`.
    KeyMismatch = "key-mismatch";
    /// `--key` is protected by a password.
    KeyEncrypted = "key-encrypted";
    /// A file cannot be read (missing, or not a file).
    FileUnreadable = "file-unreadable";
    /// A flag names a file of the wrong type (a key as `--cert`, ...).
    WrongFileType = "wrong-file-type";
    /// `--cacert` is a leaf certificate, not a CA.
    CaNotACa = "ca-not-a-ca";
    /// The endpoint is etcd's peer port (2380), not its client port.
    PeerPort = "peer-port";
    /// etcd auth is on and the user (the client certificate's CN, or --user) does not exist.
    AuthUserNotFound = "auth-user-not-found";
    /// Permission denied: a file cannot be read, or etcd refused the request for this user.
    PermissionDenied = "permission-denied";
    /// Wrong user name or password.
    AuthFailed = "auth-failed";
    /// The server accepts clients without a certificate.
    InsecureNoClientAuth = "insecure-no-client-auth";
    /// The server serves clients in plaintext.
    InsecurePlaintext = "insecure-plaintext";
    /// The port answers, but not with etcd's gRPC.
    NotEtcd = "not-etcd";
    /// The server answered with an etcd error.
    ServerError = "server-error";
    /// The handshake failed for another reason (see the details).
    TlsError = "tls-error";
    /// Something unexpected inside etcdtls.
    Internal = "internal";
}

impl fmt::Display for DiagnosisId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A cause and a fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// The stable id.
    pub id: DiagnosisId,
    /// The cause in one sentence, naming the file when a file is at fault.
    pub summary: String,
    /// What to do.
    pub fix: String,
    /// The file at fault, if one is.
    pub file: Option<PathBuf>,
    /// Further facts (the server's certificate, the TLS alert, ...).
    pub details: Vec<String>,
}

impl Diagnosis {
    /// A diagnosis with a summary.
    pub fn new(id: DiagnosisId, summary: impl Into<String>) -> Self {
        Diagnosis {
            id,
            summary: summary.into(),
            fix: String::new(),
            file: None,
            details: Vec::new(),
        }
    }

    /// Sets the fix.
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = fix.into();
        self
    }

    /// Names the file at fault.
    pub fn with_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    /// Adds a detail line.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.details.push(detail.into());
        self
    }

    /// Whether the endpoint could not be reached at all (for exit codes).
    pub fn is_unreachable(&self) -> bool {
        matches!(self.id, DiagnosisId::Unreachable | DiagnosisId::Timeout)
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.summary, self.id)
    }
}
