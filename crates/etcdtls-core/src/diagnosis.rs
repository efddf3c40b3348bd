//! The stable ids of `etcdtls doctor`'s diagnoses: what went wrong with a connection, in one
//! word. They live in the core because two faces share them: the CLI's doctor and client
//! commands give them, and [`crate::why`] names the one doctor would give for an error message,
//! so that a pasted message and a live diagnosis agree. Scripts and tests rely on the ids.

use std::fmt;

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
            pub const fn id(self) -> &'static str {
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
    /// A file cannot be read: missing, not a file, or not readable by this user.
    FileUnreadable = "file-unreadable";
    /// A flag names a file of the wrong type (a key as `--cert`, ...).
    WrongFileType = "wrong-file-type";
    /// `--cacert` is a leaf certificate, not a CA.
    CaNotACa = "ca-not-a-ca";
    /// The endpoint is etcd's peer port (2380), not its client port.
    PeerPort = "peer-port";
    /// etcd auth is on and the user (the client certificate's CN, or --user) does not exist.
    AuthUserNotFound = "auth-user-not-found";
    /// etcd auth refused the request: the user has no role that covers these keys.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_serialize_as_themselves() {
        let mut seen = std::collections::HashSet::new();
        for id in DiagnosisId::ALL {
            assert!(seen.insert(id.id()), "{id} twice");
            assert_eq!(serde_json::to_string(id).unwrap(), format!("\"{id}\""));
        }
    }
}
