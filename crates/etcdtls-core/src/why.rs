//! `why`: what a TLS error message from etcdctl, etcd's log or kube-apiserver's log means, who
//! printed it, its likely causes and the fixes.
//!
//! The same words mean different things depending on who printed them: "remote error: tls: bad
//! certificate" in etcd's log means a client refused etcd's certificate; in a client's error it
//! means etcd refused the client's. So each line is first attributed to its speaker (etcd logs
//! "rejected connection"; a client says "authentication handshake failed" or "Error:"), then
//! matched against the catalogue. Messages were captured from etcd 3.4 and etcdctl runs
//! (`tests/fixtures/why/messages.txt`) and from the field notes in the project's knowledge base.

use serde::Serialize;

use crate::diagnosis::DiagnosisId;

/// Who printed a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Speaker {
    /// An etcd client: etcdctl, kube-apiserver talking to etcd, any Go gRPC client.
    Client,
    /// The etcd server's own log.
    Etcd,
    /// The program loading its own certificate files (before any connection).
    Loader,
    /// kubectl, talking to kube-apiserver (not to etcd).
    Kubectl,
    /// The kubelet's log: the kubelet talking to kube-apiserver (not to etcd).
    Kubelet,
    /// A Go HTTPS server's log (net/http's `http: TLS handshake error from`): kube-apiserver,
    /// the kubelet's port 10250, a webhook. Never etcd's client or peer port, whose http.Server
    /// error log etcd discards (embed/serve.go `ErrorLog: logger, // do not log user error`,
    /// a logger on ioutil.Discard; etcd logs "rejected connection" instead).
    HttpServer,
    /// An etcd member dialling a peer (rafthttp): it checks the peer's certificate with its
    /// --peer-trusted-ca-file and presents its own --peer-cert-file.
    Peer,
}

impl Speaker {
    fn words(self) -> &'static str {
        match self {
            Speaker::Client => "the client (etcdctl, kube-apiserver or another etcd client)",
            Speaker::Etcd => "etcd's server log",
            Speaker::Loader => "the client, while loading its --cert/--key files (before connecting)",
            Speaker::Kubectl => "kubectl, talking to kube-apiserver (not to etcd)",
            Speaker::Kubelet => "the kubelet, talking to kube-apiserver (not to etcd)",
            Speaker::Peer => {
                "an etcd member, dialling a peer (rafthttp): it checks the peer's certificate against its --peer-trusted-ca-file"
            }
            Speaker::HttpServer => {
                "a Go HTTPS server (net/http's words): kube-apiserver, the kubelet (port 10250) or a webhook, not etcd, whose client and peer ports never log them"
            }
        }
    }

    /// Who printed `line`, as exactly as the line tells.
    fn words_for(self, line: &str) -> &'static str {
        match (self, https_server_of(line)) {
            (Speaker::HttpServer, Some(HttpsServer::Apiserver)) => {
                "kube-apiserver's HTTPS server (net/http's words), not etcd"
            }
            (Speaker::HttpServer, Some(HttpsServer::Kubelet)) => {
                "the kubelet's HTTPS server on port 10250 (net/http's words), not etcd"
            }
            _ => self.words(),
        }
    }
}

/// The Kubernetes component a net/http line names.
#[derive(Clone, Copy)]
enum HttpsServer {
    Apiserver,
    Kubelet,
}

/// The component named in a line (a journald `kubelet[123]:` prefix, a pod or container name),
/// if one is.
fn https_server_of(line: &str) -> Option<HttpsServer> {
    let l = line.to_ascii_lowercase();
    if l.contains("kube-apiserver") {
        Some(HttpsServer::Apiserver)
    } else if l.contains("kubelet") {
        Some(HttpsServer::Kubelet)
    } else {
        None
    }
}

/// One message explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhyEntry {
    /// A stable id for the message.
    pub id: &'static str,
    /// The words that matched.
    pub matched: String,
    /// The whole message they were found in (from a JSON log line, its `error`), for quoting.
    pub message: String,
    /// Who printed it.
    pub speaker: Speaker,
    /// Who printed it, in words.
    pub printed_by: &'static str,
    /// What it means.
    pub meaning: String,
    /// Likely causes, most likely first.
    pub causes: Vec<String>,
    /// What to do.
    pub fixes: Vec<String>,
    /// The `etcdtls doctor` diagnosis id it corresponds to: one of [`DiagnosisId::ALL`].
    pub diagnosis: Option<&'static str>,
}

struct Rule {
    id: &'static str,
    /// Lower-case fragments; any one matches.
    patterns: &'static [&'static str],
    /// Only for this speaker (None: any).
    speaker: Option<Speaker>,
    /// Builds the explanation from the matched line.
    explain: fn(&str, Speaker) -> Explained,
}

struct Explained {
    meaning: String,
    causes: Vec<String>,
    fixes: Vec<String>,
    diagnosis: Option<DiagnosisId>,
}

fn ex(meaning: impl Into<String>, causes: &[&str], fixes: &[&str], diagnosis: Option<DiagnosisId>) -> Explained {
    Explained {
        meaning: meaning.into(),
        causes: causes.iter().map(|s| s.to_string()).collect(),
        fixes: fixes.iter().map(|s| s.to_string()).collect(),
        diagnosis,
    }
}

/// The path in Go's `open <path>: <reason>`.
fn opened_path(line: &str) -> Option<&str> {
    let rest = &line[line.find("open ")? + "open ".len()..];
    let path = &rest[..rest.find(": ")?];
    (!path.is_empty()).then_some(path)
}

/// The name Go's HostnameError says was dialled: `x509: certificate is valid for a, b, not c`,
/// up to whatever the logger put after it (a quote, `; please retry.` from old grpc-go's
/// `Failed to dial`, `). Reconnecting...`).
fn dialled_name(line: &str) -> Option<String> {
    let (_, rest) = line.rsplit_once(", not ")?;
    let end = rest.find(['"', '\\', ')', '}', ';', ' ', '\t']).unwrap_or(rest.len());
    let name = &rest[..end];
    (!name.is_empty()).then(|| name.to_string())
}

/// Text between `start` and the next quote-ish delimiter, from a line (for names in messages).
fn after<'a>(line: &'a str, start: &str) -> Option<&'a str> {
    let i = line.find(start)? + start.len();
    let rest = &line[i..];
    let end = rest.find(['"', '\\', ')']).unwrap_or(rest.len());
    Some(rest[..end].trim())
}

/// The block types Go lists as skipped: `... of the following types: [EC PARAMETERS PUBLIC KEY]`
/// (Go prints the list with `%v`, so types are separated by spaces, and a type may hold one).
fn skipped_pem_types(line: &str) -> Vec<String> {
    const KNOWN: &[&str] = &[
        "NEW CERTIFICATE REQUEST",
        "CERTIFICATE REQUEST",
        "TRUSTED CERTIFICATE",
        "CERTIFICATE",
        "EC PARAMETERS",
        "RSA PUBLIC KEY",
        "PUBLIC KEY",
        "X509 CRL",
        "PKCS7",
    ];
    let Some(start) = line.find("following types: [") else {
        return Vec::new();
    };
    let rest = &line[start + "following types: [".len()..];
    let mut list = rest.split(']').next().unwrap_or("").trim();
    let mut out = Vec::new();
    while !list.is_empty() {
        let found = KNOWN
            .iter()
            .find(|k| list.starts_with(**k) && list[k.len()..].chars().next().is_none_or(|c| c == ' '));
        let (word, tail) = match found {
            Some(k) => (k.to_string(), &list[k.len()..]),
            None => match list.split_once(' ') {
                Some((w, t)) => (w.to_string(), t),
                None => (list.to_string(), ""),
            },
        };
        if !out.contains(&word) {
            out.push(word);
        }
        list = tail.trim_start();
    }
    out
}

const RULES: &[Rule] = &[
    // The cause named inside a longer message first: Go's "(possibly because of ...)" and its
    // parser's refusals say more than "unknown authority" around them.
    Rule {
        id: "insecure-signature-algorithm",
        patterns: &["insecure algorithm sha1", "insecure algorithm md5"],
        speaker: None,
        explain: |_, speaker| {
            ex(
                format!(
                    "Go refused a signature made with SHA-1 or MD5 ({} checked a certificate signed so; Go has refused them since 1.18, and its GODEBUG=x509sha1=1 escape is gone since 1.24). The CA named in the message may well be the right one.",
                    match speaker {
                        Speaker::Etcd => "etcd",
                        _ => "the client",
                    }
                ),
                &[
                    "The certificate (or an intermediate CA) was signed by an old tool or CA that still used SHA-1 (openssl's -sha1, an old Windows CA).",
                ],
                &[
                    "Reissue it with a SHA-256 signature (`-sha256` with openssl; the default in kubeadm, cfssl and rcgen).",
                    "`etcdtls explain <cert> <ca>` names the certificate (weak-signature).",
                ],
                None,
            )
        },
    },
    // crypto/x509 CheckSignatureFrom: the candidate parent may not sign certificates at all
    // (checked before its signature).
    Rule {
        id: "parent-cannot-sign",
        patterns: &["parent certificate cannot sign this kind of certificate"],
        speaker: None,
        explain: |line, _| {
            let candidate = after(line, "candidate authority certificate \\\"")
                .or_else(|| after(line, "candidate authority certificate \""));
            ex(
                format!(
                    "Go found the certificate's issuer{} by name, but refused it as an issuer: it may not sign certificates. Go's CheckSignatureFrom asks that a version 3 issuer have basic constraints with CA:TRUE and, when it has a key usage, keyCertSign; a version 1 root is exempt.",
                    candidate.map(|c| format!(" (\"{c}\")")).unwrap_or_default()
                ),
                &[
                    "The file given as the CA (--cacert, --trusted-ca-file) is a leaf, or a self-signed certificate made without CA:TRUE (`openssl req -x509` with a config whose extensions say CA:FALSE).",
                    "The CA was made with a key usage that lacks keyCertSign.",
                ],
                &[
                    "Give the CA certificate that signed it; `etcdtls explain <ca file>` says whether it is a CA and why not.",
                    "Or remake the CA with basicConstraints=critical,CA:TRUE and keyUsage=critical,keyCertSign,cRLSign, with its key, and reissue what it signed.",
                ],
                Some(DiagnosisId::WrongCa),
            )
        },
    },
    Rule {
        id: "path-length-exceeded",
        patterns: &["x509: too many intermediates for path length constraint"],
        speaker: None,
        explain: |_, _| {
            ex(
                "Go refused the chain: a CA in it has a path length constraint (pathlen) that allows fewer intermediate CAs below it than the chain has.",
                &[
                    "An intermediate CA was made under a CA with pathlen:0 (cfssl's and many enterprise CA templates set it), or the chain holds one intermediate more than planned.",
                ],
                &[
                    "Issue the certificates from a CA that the pathlen allows (directly from the constrained CA), or remake that CA with a larger pathlen.",
                    "`etcdtls explain <chain files>` names the CA (path-length-exceeded).",
                ],
                None,
            )
        },
    },
    Rule {
        id: "crl-revoked-serial",
        patterns: &["transport: certificate serial"],
        speaker: None,
        explain: |line, _| {
            let serial = after(line, "certificate serial ").and_then(|s| s.split_whitespace().next());
            ex(
                format!(
                    "etcd refused a certificate because its serial number{} is listed in the CRL it was given (--client-crl-file, or --peer-crl-file between members). etcd checks serial numbers alone: a listed serial is refused whatever the entry's reason (removeFromCRL too) and whichever CA issued the certificate.",
                    serial.map(|s| format!(" ({s})")).unwrap_or_default()
                ),
                &[
                    "The certificate was revoked.",
                    "The CRL is another CA's, or lists a serial that a certificate of another CA happens to have (openssl's sequential serials from two CAs).",
                ],
                &[
                    "Issue a new certificate, or give etcd the CRL of the certificate's own CA without the entry.",
                    "`etcdtls explain <crl> <cert>` says which entry matches.",
                ],
                Some(DiagnosisId::ClientCertUntrusted),
            )
        },
    },
    Rule {
        id: "unhandled-critical-extension",
        patterns: &["x509: unhandled critical extension"],
        speaker: None,
        explain: |_, _| {
            ex(
                "Go refused a certificate in the chain: it carries an extension marked critical that Go does not handle (Go before 1.22 also counts policy constraints and policy mappings among them).",
                &[
                    "The CA or the certificate was made with a custom or policy extension marked critical (an enterprise CA template).",
                ],
                &[
                    "Reissue it without that extension, or with it not critical.",
                    "`etcdtls explain <cert>` names the extension (go-refuses).",
                ],
                None,
            )
        },
    },
    Rule {
        id: "name-constraints",
        patterns: &[
            "not authorized to sign for this name",
            "is not permitted by any constraint",
            "is excluded by constraint",
        ],
        speaker: None,
        explain: |_, _| {
            ex(
                "Go refused the chain: a CA in it carries name constraints that do not allow a name in the certificate (its SANs, or an email or URI).",
                &[
                    "The CA is constrained to other domains or addresses than the certificate names (a constrained intermediate given an address outside its range).",
                ],
                &[
                    "Reissue the certificate with names inside the CA's constraints, or have it signed by a CA whose constraints allow them (`openssl x509 -in <ca> -noout -ext nameConstraints` lists them).",
                ],
                None,
            )
        },
    },
    Rule {
        id: "go-cannot-parse",
        patterns: &[
            "x509: certificate contains duplicate extensions",
            "x509: negative serial number",
            "x509: malformed serial number",
            "x509: unsupported elliptic curve",
            "x509: cannot parse ip address of length",
            // Go 1.23 and later (parser.go processExtensions).
            "x509: subject key identifier incorrectly marked critical",
            "x509: authority key identifier incorrectly marked critical",
            "x509: authority info access incorrectly marked critical",
        ],
        speaker: None,
        explain: |_, _| {
            ex(
                "Go could not load a certificate that OpenSSL reads: its parser refuses duplicate extensions, a serial number that is negative (since Go 1.23) or not minimally encoded, a curve other than P-224, P-256, P-384 and P-521, an IP address name that is not 4 or 16 bytes, or (since Go 1.23) a subject or authority key identifier or authority information access marked critical, which RFC 5280 forbids and older Go (etcd 3.4.23's Go 1.19) accepts.",
                &["The certificate was made by hand or by a tool that does not follow RFC 5280's DER rules."],
                &[
                    "Reissue it with openssl, cfssl or kubeadm defaults.",
                    "`etcdtls explain <cert>` names what Go refuses (go-refuses).",
                ],
                None,
            )
        },
    },
    Rule {
        id: "kubectl-unknown-authority",
        // kubectl built with Go 1.20 or later puts crypto/tls's "tls: failed to verify
        // certificate: " before Go's words.
        patterns: &["x509: certificate signed by unknown authority"],
        speaker: Some(Speaker::Kubectl),
        explain: |_, _| {
            ex(
                "kubectl refused the API server's certificate: the CA in its kubeconfig (certificate-authority-data) did not sign it. This is kubectl talking to kube-apiserver, not a client of etcd.",
                &[
                    "The cluster was rebuilt (kubeadm reset and init) or its CA replaced, and ~/.kube/config still holds the old CA and credentials.",
                    "The kubeconfig's current context points at another cluster.",
                ],
                &[
                    "Take a fresh kubeconfig: `sudo cp /etc/kubernetes/admin.conf ~/.kube/config && sudo chown $(id -u):$(id -g) ~/.kube/config`.",
                    "`etcdtls explain ~/.kube/config /etc/kubernetes/pki/ca.crt` says whether the two CAs are the same.",
                ],
                None,
            )
        },
    },
    // The kubelet's own connection to kube-apiserver, which etcd has no part in.
    Rule {
        id: "kubelet-unknown-authority",
        patterns: &["x509: certificate signed by unknown authority"],
        speaker: Some(Speaker::Kubelet),
        explain: |_, _| {
            ex(
                "The kubelet refused kube-apiserver's certificate: the CA in its kubeconfig (/etc/kubernetes/kubelet.conf, certificate-authority-data) did not sign it. This is the kubelet talking to kube-apiserver, not a client of etcd.",
                &[
                    "The cluster's CA was replaced (kubeadm reset and init on the control plane) and this node still has the old kubelet.conf.",
                    "The kubelet points at another cluster's API server.",
                ],
                &[
                    "Rejoin the node (`kubeadm reset` on it, then `kubeadm join`), or put the cluster's /etc/kubernetes/pki/ca.crt into its kubelet.conf and restart the kubelet.",
                    "`etcdtls explain /etc/kubernetes/kubelet.conf /etc/kubernetes/pki/ca.crt` says whether the two CAs are the same.",
                ],
                None,
            )
        },
    },
    // kubectl's own connection to kube-apiserver: Go checks the API server's chain. (An
    // expired client certificate in the kubeconfig is refused by kube-apiserver's
    // authentication, "Unauthorized", not by a TLS error.)
    Rule {
        id: "kubectl-certificate-expired",
        patterns: &["x509: certificate has expired or is not yet valid"],
        speaker: Some(Speaker::Kubectl),
        explain: |line, _| {
            let when = after(line, "current time ");
            ex(
                format!(
                    "kubectl refused kube-apiserver's serving certificate (or a CA above it): by this machine's clock it has expired or is not valid yet{}. Go checks the other side's chain, not kubectl's own client certificate; this is not etcd's.",
                    when.map(|w| format!(" (current time {w})")).unwrap_or_default()
                ),
                &[
                    "kube-apiserver's certificate expired (kubeadm: /etc/kubernetes/pki/apiserver.crt lasts one year unless renewed, as `kubeadm upgrade` does).",
                    "This machine's clock, or the control plane's, is wrong.",
                ],
                &[
                    "On a control-plane node: `kubeadm certs check-expiration`, then `kubeadm certs renew apiserver` and restart kube-apiserver (move its static pod manifest out of /etc/kubernetes/manifests and back).",
                    "Check both clocks (`timedatectl`).",
                ],
                None,
            )
        },
    },
    Rule {
        id: "kubelet-certificate-expired",
        patterns: &["x509: certificate has expired or is not yet valid"],
        speaker: Some(Speaker::Kubelet),
        explain: |_, _| {
            ex(
                "The kubelet refused kube-apiserver's serving certificate (or a CA above it): by the node's clock it has expired or is not valid yet. Go checks the other side's chain, not its own certificate; this is not etcd's.",
                &[
                    "kube-apiserver's certificate expired (kubeadm: /etc/kubernetes/pki/apiserver.crt lasts one year unless renewed, as `kubeadm upgrade` does).",
                    "The node's clock, or the control plane's, is wrong.",
                ],
                &[
                    "On a control-plane node: `kubeadm certs check-expiration`, then `kubeadm certs renew apiserver` and restart kube-apiserver (move its static pod manifest out of /etc/kubernetes/manifests and back).",
                    "Check both clocks (`timedatectl`).",
                ],
                None,
            )
        },
    },
    Rule {
        id: "client-cert-unknown-authority",
        patterns: &[
            "failed to verify client certificate: x509: certificate signed by unknown authority",
            "failed to verify client's certificate: x509: certificate signed by unknown authority",
        ],
        speaker: None,
        explain: |_, _| {
            ex(
                "etcd refused a client's certificate: it was not signed by a CA in etcd's --trusted-ca-file.",
                &[
                    "The client used a certificate from another CA (in kubeadm: one signed by the Kubernetes CA, /etc/kubernetes/pki/ca.crt, instead of the etcd CA).",
                    "The etcd CA was rebuilt and the client still has a certificate from the old one.",
                ],
                &[
                    "Use a client certificate signed by the etcd CA: /etc/kubernetes/pki/etcd/healthcheck-client.crt or /etc/kubernetes/pki/apiserver-etcd-client.crt.",
                    "Check with `etcdtls explain` which CA signed the client certificate.",
                ],
                Some(DiagnosisId::ClientCertUntrusted),
            )
        },
    },
    Rule {
        id: "client-cert-incompatible-key-usage",
        patterns: &[
            "failed to verify client certificate: x509: certificate specifies an incompatible key usage",
            "failed to verify client's certificate: x509: certificate specifies an incompatible key usage",
        ],
        speaker: None,
        explain: |_, _| {
            ex(
                "etcd refused a client's certificate because its extended key usage, or that of a CA above it, does not include clientAuth (Go asks every certificate of the chain for it).",
                &[
                    "A server-only certificate (serverAuth) was used as a client certificate.",
                    "An intermediate CA carries an extended key usage without clientAuth.",
                ],
                &[
                    "Use a certificate made for clients (kubeadm: etcd/healthcheck-client.crt, apiserver-etcd-client.crt), or reissue it with extendedKeyUsage = clientAuth.",
                ],
                Some(DiagnosisId::ClientCertNoClientAuth),
            )
        },
    },
    Rule {
        id: "client-cert-expired-at-server",
        patterns: &[
            "failed to verify client certificate: x509: certificate has expired",
            "failed to verify client's certificate: x509: certificate has expired",
        ],
        speaker: None,
        explain: |_, _| {
            ex(
                "etcd refused a client's certificate because it has expired (or is not valid yet by etcd's clock).",
                &[
                    "The client certificate expired (kubeadm's leaves last one year).",
                    "The clocks of client and server disagree.",
                ],
                &[
                    "Renew it (kubeadm: `kubeadm certs renew apiserver-etcd-client` / `etcd-healthcheck-client`) and restart the client.",
                    "Check both clocks.",
                ],
                Some(DiagnosisId::ClientCertExpired),
            )
        },
    },
    Rule {
        id: "etcd-incompatible-key-usage",
        patterns: &["x509: certificate specifies an incompatible key usage"],
        speaker: Some(Speaker::Etcd),
        explain: |line, _| {
            if on_peer_endpoint(line) {
                return ex(
                    "etcd refused a peer member's certificate on its peer port: the certificate the peer dials with (its --peer-cert-file), or a CA above it, has an extended key usage without clientAuth. Members dial each other as TLS clients.",
                    &["The peer certificate was made for servers only (serverAuth)."],
                    &[
                        "Reissue the peer certificates with both serverAuth and clientAuth (kubeadm's etcd/peer.crt has both).",
                    ],
                    None,
                );
            }
            ex(
                "etcd refused a client's certificate because its extended key usage, or that of a CA above it, does not include clientAuth (Go asks every certificate of the chain for it).",
                &[
                    "A server-only certificate (serverAuth) was used as a client certificate.",
                    "An intermediate CA carries an extended key usage without clientAuth.",
                ],
                &[
                    "Use a certificate made for clients (kubeadm: etcd/healthcheck-client.crt, apiserver-etcd-client.crt), or reissue it with extendedKeyUsage = clientAuth.",
                ],
                Some(DiagnosisId::ClientCertNoClientAuth),
            )
        },
    },
    Rule {
        id: "server-incompatible-key-usage",
        patterns: &["x509: certificate specifies an incompatible key usage"],
        speaker: Some(Speaker::Client),
        explain: |_, _| {
            ex(
                "The client refused the server's certificate because its extended key usage, or that of a CA above it, does not include serverAuth (Go asks every certificate of the chain for it).",
                &[
                    "A client-only certificate is configured as etcd's --cert-file.",
                    "An intermediate CA carries an extended key usage without serverAuth (clientAuth only): it stops every server certificate below it.",
                ],
                &[
                    "Give etcd a server certificate (kubeadm: etcd/server.crt, serverAuth and clientAuth).",
                    "`etcdtls explain <server cert> <its CAs>` says which certificate of the chain lacks it (issuer-usage-restricts).",
                ],
                None,
            )
        },
    },
    Rule {
        id: "etcd-unknown-authority",
        patterns: &["x509: certificate signed by unknown authority"],
        speaker: Some(Speaker::Etcd),
        explain: |line, _| {
            if on_peer_endpoint(line) {
                return ex(
                    "etcd refused a peer member's certificate on its peer port: it was not signed by a CA in this member's --peer-trusted-ca-file.",
                    &[
                        "The members' peer certificates come from different CAs: one member was rebuilt, or joined, with another etcd CA.",
                        "--peer-trusted-ca-file names another CA than the one that signed the peer certificates.",
                    ],
                    &[
                        "Give every member the same --peer-trusted-ca-file (kubeadm: /etc/kubernetes/pki/etcd/ca.crt) and peer certificates it signed (kubeadm: `kubeadm init phase certs etcd-peer` on the member whose peer.crt is from another CA).",
                    ],
                    None,
                );
            }
            ex(
                "etcd refused a client's certificate: it was not signed by a CA in etcd's --trusted-ca-file.",
                &["The client used a certificate from another CA (the Kubernetes CA instead of the etcd CA)."],
                &[
                    "Use a client certificate signed by the etcd CA: /etc/kubernetes/pki/etcd/healthcheck-client.crt or apiserver-etcd-client.crt.",
                ],
                Some(DiagnosisId::ClientCertUntrusted),
            )
        },
    },
    Rule {
        id: "etcd-expired",
        patterns: &["x509: certificate has expired or is not yet valid"],
        speaker: Some(Speaker::Etcd),
        explain: |line, _| {
            if on_peer_endpoint(line) {
                return ex(
                    "etcd refused a peer member's certificate on its peer port because, by this member's clock, it (or a CA above it) has expired or is not valid yet.",
                    &[
                        "The peer's certificate expired (kubeadm's etcd peer certificates last one year).",
                        "The clocks disagree.",
                    ],
                    &[
                        "Renew it on that member: `kubeadm certs renew etcd-peer` (and restart etcd); check both clocks.",
                    ],
                    None,
                );
            }
            ex(
                "etcd refused a client's certificate because it has expired or is not valid yet by etcd's clock.",
                &[
                    "The client certificate expired (kubeadm's leaves last one year).",
                    "The clocks disagree.",
                ],
                &["Renew the client certificate; check both clocks."],
                Some(DiagnosisId::ClientCertExpired),
            )
        },
    },
    Rule {
        id: "client-cert-missing",
        patterns: &[
            "client didn't provide a certificate",
            "tls: certificate required",
            "remote error: tls: certificate required",
        ],
        speaker: None,
        explain: |_, speaker| {
            // kubectl and the kubelet dial kube-apiserver with their kubeconfig's user.
            if matches!(speaker, Speaker::Kubectl | Speaker::Kubelet) {
                return ex(
                    "The server in the kubeconfig (kube-apiserver, or a proxy in front of it) requires a client certificate, and none was sent. This is not etcd.",
                    &[
                        "The kubeconfig's user has no client-certificate-data and client-key-data (it uses a token, or nothing).",
                        "The server address is a proxy or load balancer that requires client certificates itself.",
                    ],
                    &[
                        "Use a kubeconfig whose user has a client certificate and key (kubeadm: /etc/kubernetes/admin.conf; the kubelet: /etc/kubernetes/kubelet.conf and /var/lib/kubelet/pki/kubelet-client-current.pem).",
                        "`kubectl config view --minify` shows the server and which kinds of credentials the user has.",
                    ],
                    None,
                );
            }
            ex(
                match speaker {
                    Speaker::Etcd => {
                        "etcd requires client certificates (--client-cert-auth) and a client connected without one."
                    }
                    Speaker::HttpServer => {
                        "This HTTPS server requires a client certificate and a client connected without one (net/http's words: kube-apiserver, the kubelet or a webhook, not etcd)."
                    }
                    _ => "etcd requires a client certificate and the client sent none.",
                },
                &[
                    "--cert and --key were not given (or ETCDCTL_CERT/ETCDCTL_KEY are unset).",
                    "A health check or tool connects without certificates.",
                ],
                &["Give --cert and --key: kubeadm's /etc/kubernetes/pki/etcd/healthcheck-client.crt and .key."],
                Some(DiagnosisId::ClientCertRequired),
            )
        },
    },
    Rule {
        id: "first-record-not-tls",
        patterns: &["first record does not look like a tls handshake"],
        speaker: None,
        explain: |_, speaker| {
            // crypto/tls (conn.go readRecordOrCCS) says it on whichever side read a first record
            // that is not a handshake or alert: on a server, the client spoke plaintext; on a
            // client, the server answered in plaintext. etcdctl 3.4.23 dialling https:// to etcd
            // 3.4.23's http:// metrics or peer port prints it (its http:// client port closes
            // the connection instead: "authentication handshake failed: EOF").
            if matches!(speaker, Speaker::Kubectl | Speaker::Kubelet) {
                return ex(
                    "The client spoke TLS, but the server in its kubeconfig answered in plaintext: its first reply was not a TLS record. The address dialled is not kube-apiserver's TLS port.",
                    &[
                        "The kubeconfig's server (clusters[].cluster.server) names the wrong port, or a plaintext proxy or service.",
                    ],
                    &[
                        "Point the kubeconfig's server at kube-apiserver's secure port (kubeadm: https://<control-plane>:6443); `kubectl config view --minify` shows it.",
                    ],
                    None,
                );
            }
            if !matches!(speaker, Speaker::Etcd | Speaker::HttpServer) {
                return ex(
                    "The client spoke TLS, but the server answered in plaintext: its first reply was not a TLS record. The port dialled does not serve TLS.",
                    &[
                        "https:// (or certificate flags on a bare host:port) for a port that serves plaintext: etcd's --listen-metrics-urls with http:// (kubeadm: 2381), or its peer port when the peer URLs are http://.",
                        "A plaintext HTTP server or proxy listens on that address.",
                    ],
                    &[
                        "Dial a member's client URL (--advertise-client-urls, 2379) with the scheme it serves: http:// for a plaintext member, https:// with --cacert for a TLS one.",
                        "`curl -v http://<host:port>/` gets an HTTP answer from a plaintext port.",
                    ],
                    Some(DiagnosisId::PlaintextServer),
                );
            }
            ex(
                "Something connected to etcd's TLS port without TLS (plain HTTP/2 or HTTP).",
                &[
                    "The client used http:// for an https:// member.",
                    "A bare host:port without certificate flags, which etcdctl dials in plaintext.",
                    "A monitoring probe or load balancer health check in plaintext.",
                ],
                &[
                    "Use https:// with --cacert, --cert and --key.",
                    "For plain-HTTP health checks use etcd's --listen-metrics-urls (kubeadm: http://127.0.0.1:2381/health).",
                ],
                Some(DiagnosisId::TlsRequired),
            )
        },
    },
    // A member dialling a peer: the peer's certificate, checked against --peer-trusted-ca-file.
    Rule {
        id: "peer-unknown-authority",
        patterns: &["x509: certificate signed by unknown authority"],
        speaker: Some(Speaker::Peer),
        explain: |_, _| {
            ex(
                "This etcd member refused a peer's certificate while dialling it: the peer's --peer-cert-file is not signed by a CA in this member's --peer-trusted-ca-file.",
                &[
                    "The members' peer certificates come from different CAs: one member was rebuilt, or joined, with another etcd CA.",
                    "--peer-trusted-ca-file names another CA than the one that signed the peer certificates (the Kubernetes CA instead of the etcd CA).",
                ],
                &[
                    "Give every member the same --peer-trusted-ca-file (kubeadm: /etc/kubernetes/pki/etcd/ca.crt) and peer certificates it signed (kubeadm: `kubeadm init phase certs etcd-peer` on the member whose peer.crt is from another CA).",
                    "`etcdtls explain <this member's peer CA> <the peer's peer.crt>` says whether that CA signed it.",
                ],
                None,
            )
        },
    },
    Rule {
        id: "peer-valid-for-not",
        patterns: &["x509: certificate is valid for"],
        speaker: Some(Speaker::Peer),
        explain: |line, _| {
            let not = dialled_name(line);
            ex(
                format!(
                    "This etcd member refused a peer's certificate while dialling it: the certificate does not cover the address in the peer's URL{}.",
                    not.map(|n| format!(" ({n})")).unwrap_or_default()
                ),
                &[
                    "The peer's --initial-advertise-peer-urls (or the member list) names an address that is not among its peer certificate's SANs: a new IP, a host name instead of the IP.",
                ],
                &[
                    "Reissue that member's peer certificate with the address in its SANs (kubeadm: etcd.local.peerCertSANs, then `kubeadm init phase certs etcd-peer`), or make its peer URL use an address the certificate lists.",
                ],
                None,
            )
        },
    },
    Rule {
        id: "peer-expired",
        patterns: &["x509: certificate has expired or is not yet valid"],
        speaker: Some(Speaker::Peer),
        explain: |line, _| {
            let when = after(line, "current time ");
            ex(
                format!(
                    "This etcd member refused a peer's certificate (or the CA above it) while dialling it: by this member's clock it has expired or is not valid yet{}.",
                    when.map(|w| format!(" (current time {w})")).unwrap_or_default()
                ),
                &[
                    "The peer's certificate expired (kubeadm's etcd peer certificates last one year).",
                    "One of the members' clocks is wrong.",
                ],
                &[
                    "Renew it on that member: `kubeadm certs renew etcd-peer` (and restart etcd), or reissue it from the etcd CA.",
                    "Check the clocks with `timedatectl`.",
                ],
                None,
            )
        },
    },
    Rule {
        id: "peer-rejected-peer-cert",
        patterns: &[
            "remote error: tls: bad certificate",
            "remote error: tls: unknown certificate authority",
            "remote error: tls: certificate unknown",
            "remote error: tls: expired certificate",
        ],
        speaker: Some(Speaker::Peer),
        explain: |_, _| {
            ex(
                "The peer refused this member's own peer certificate (the alert came from the peer): it does not trust this member's --peer-cert-file.",
                &[
                    "This member's peer certificate is signed by another CA than the peer's --peer-trusted-ca-file.",
                    "This member's peer certificate expired, or lacks clientAuth (a member dials its peers as a TLS client).",
                ],
                &[
                    "Look at the peer's log (\"rejected connection\"): it names the cause.",
                    "`etcdtls explain` this member's peer.crt with the peer's CA.",
                ],
                None,
            )
        },
    },
    Rule {
        id: "server-unknown-authority",
        patterns: &["x509: certificate signed by unknown authority"],
        speaker: Some(Speaker::Client),
        explain: |line, _| {
            let candidate = after(line, "candidate authority certificate \\\"")
                .or_else(|| after(line, "candidate authority certificate \""));
            let mut e = ex(
                "The client refused etcd's certificate: it is not signed by the CA the client was given (--cacert, --etcd-cafile).",
                &[
                    "The Kubernetes CA (/etc/kubernetes/pki/ca.crt) was given instead of the etcd CA (/etc/kubernetes/pki/etcd/ca.crt).",
                    "The etcd CA was rebuilt: the client has the old ca.crt, or the member the old server certificate.",
                ],
                &[
                    "Give the etcd CA: --cacert=/etc/kubernetes/pki/etcd/ca.crt (kube-apiserver: --etcd-cafile).",
                    "Run `etcdtls doctor` with the same flags: it names the CA that did sign the server's certificate.",
                ],
                Some(DiagnosisId::WrongCa),
            );
            // Why Go turned the candidate down, from the "possibly because of" part:
            // crypto/x509 CheckSignatureFrom refuses a parent that may not sign certificates
            // before looking at the signature.
            if let Some(name) = candidate {
                if line.contains("parent certificate cannot sign this kind of certificate") {
                    e.causes.insert(0, format!("A CA named \"{name}\" was found, but it may not sign certificates: it says CA:FALSE, or it is a version 3 certificate without basic constraints, or its key usage lacks keyCertSign (Go's CheckSignatureFrom)."));
                    e.fixes.insert(0, format!("Give the CA certificate that really signed it, or remake \"{name}\" as a CA (basicConstraints=critical,CA:TRUE and keyUsage=critical,keyCertSign,cRLSign) with its key, and reissue what it signed; `etcdtls explain <ca file>` says which of the three it is."));
                } else {
                    e.causes.insert(0, format!("A CA named \"{name}\" was tried but its key did not sign the certificate: two CAs share that name (a rebuilt cluster, a stale kubeconfig)."));
                }
            }
            e
        },
    },
    Rule {
        id: "valid-for-not",
        patterns: &["x509: certificate is valid for"],
        speaker: None,
        explain: |line, speaker| {
            let not = dialled_name(line);
            // kubectl and the kubelet dial kube-apiserver (the kubeconfig's server), not etcd.
            if matches!(speaker, Speaker::Kubectl | Speaker::Kubelet) {
                let mut e = ex(
                    format!(
                        "{} refused kube-apiserver's certificate: it does not cover the name or address in the kubeconfig's server URL{}. This is not etcd's certificate.",
                        if speaker == Speaker::Kubectl {
                            "kubectl"
                        } else {
                            "The kubelet"
                        },
                        not.map(|n| format!(" ({n})")).unwrap_or_default()
                    ),
                    &[
                        "The kubeconfig's server (clusters[].cluster.server) names an address that is not among the API server certificate's SANs: a new IP, a load balancer or DNS name, a public address.",
                    ],
                    &[
                        "Point the kubeconfig's server at a name or address the certificate lists (`kubectl config view --minify` shows it).",
                    ],
                    None,
                );
                e.fixes.push(format!(
                    "Or add the name to the API server certificate. {APISERVER_REISSUE}"
                ));
                return e;
            }
            ex(
                format!(
                    "The server's certificate does not cover the name or address that was dialled{}.",
                    not.map(|n| format!(" ({n})")).unwrap_or_default()
                ),
                &[
                    "--endpoints uses an address not in the server certificate's SANs (a new IP, a load balancer name, 127.0.0.1 vs the node IP).",
                ],
                &[
                    "Dial one of the names or IPs the certificate lists.",
                    "Reissue the server certificate with the missing SAN. kubeadm: `kubeadm certs renew` keeps the names a certificate has, so add it to etcd.local.serverCertSANs, move etcd/server.crt and server.key aside, and run `kubeadm init phase certs etcd-server --config kubeadm.yaml`.",
                    "`etcdtls endpoint status` with the same flags says how for the certificate's own distribution (k3s takes `tls-san`; Talos and OpenShift take the node's addresses).",
                ],
                Some(DiagnosisId::ServerNameMismatch),
            )
        },
    },
    // crypto/x509 HostnameError: no DNS names at all (the common name has not counted since
    // Go 1.15), dialled by name.
    Rule {
        id: "no-dns-names",
        patterns: &["x509: certificate is not valid for any names, but wanted to match"],
        speaker: None,
        explain: |line, speaker| {
            let host =
                after(line, "but wanted to match ").map(|s| s.split_whitespace().next().unwrap_or(s).to_string());
            let mut e = ex(
                format!(
                    "The server was dialled by name{} but its certificate lists no DNS names; Go does not look at the common name (since 1.15).",
                    host.map(|h| format!(" ({h})")).unwrap_or_default()
                ),
                &["The certificate was made with IP addresses only, or with no SANs at all (the name only in CN)."],
                &[
                    "Dial one of the IP addresses the certificate lists, if any.",
                    "Reissue it with the name as a DNS SAN (kubeadm adds the node name and localhost).",
                ],
                Some(DiagnosisId::ServerNameMismatch),
            );
            to_api_server(&mut e, speaker, "name as a DNS SAN");
            e
        },
    },
    Rule {
        id: "no-ip-sans",
        patterns: &["because it doesn't contain any ip sans"],
        speaker: None,
        explain: |line, speaker| {
            let ip = after(line, "cannot validate certificate for ")
                .map(|s| s.split_whitespace().next().unwrap_or(s).to_string());
            let mut e = ex(
                format!(
                    "The server was dialled by IP address{} but its certificate lists no IP addresses, only names.",
                    ip.map(|i| format!(" ({i})")).unwrap_or_default()
                ),
                &["The certificate was made with DNS SANs only."],
                &[
                    "Dial one of its DNS names instead of the IP.",
                    "Reissue it with the IP as a SAN (kubeadm adds the advertise IP, 127.0.0.1 and ::1).",
                ],
                Some(DiagnosisId::ServerNameMismatch),
            );
            to_api_server(&mut e, speaker, "IP address as a SAN");
            e
        },
    },
    Rule {
        id: "legacy-common-name",
        patterns: &["certificate relies on legacy common name field"],
        speaker: None,
        explain: |_, speaker| {
            let mut e = ex(
                "The server's certificate has no subject alternative names; Go (since 1.15) no longer reads the common name.",
                &["An old certificate, or one made by hand without SANs."],
                &["Reissue it with SANs for every name and IP clients dial."],
                Some(DiagnosisId::ServerNameMismatch),
            );
            to_api_server(&mut e, speaker, "names and addresses as SANs");
            e
        },
    },
    Rule {
        id: "expired-or-not-yet-valid",
        patterns: &["x509: certificate has expired or is not yet valid"],
        speaker: Some(Speaker::Client),
        explain: |line, _| {
            let when = after(line, "current time ");
            // Go says which: "current time X is before Y" (not valid yet), "is after Y" (expired).
            if line.contains(" is before ") {
                return ex(
                    format!(
                        "A certificate in the chain the client checked is not valid yet{}: its notBefore is still ahead.",
                        when.map(|w| format!(" (current time {w})")).unwrap_or_default()
                    ),
                    &[
                        "The certificate was issued on a machine whose clock is ahead.",
                        "This machine's clock is behind (no NTP, a VM restored from a snapshot).",
                    ],
                    &[
                        "Check both clocks (`timedatectl`, chrony or NTP); if they are right, wait, or reissue it with a start date in the past.",
                    ],
                    Some(DiagnosisId::ServerCertNotYetValid),
                );
            }
            ex(
                format!(
                    "A certificate in the chain the client checked has expired, or is not valid yet{}.",
                    when.map(|w| format!(" (current time {w})")).unwrap_or_default()
                ),
                &[
                    "etcd's server certificate expired (kubeadm's leaves last one year).",
                    "The etcd CA expired.",
                    "One of the clocks is wrong.",
                ],
                &[
                    "Renew: `kubeadm certs renew etcd-server` (and restart etcd), or reissue from the CA.",
                    "Check the clocks with `timedatectl`.",
                ],
                Some(DiagnosisId::ServerCertExpired),
            )
        },
    },
    Rule {
        id: "key-mismatch",
        // crypto/tls X509KeyPair: the same pair check, failing on the key's type first (an RSA
        // key with an ECDSA certificate).
        patterns: &[
            "private key does not match public key",
            "private key type does not match public key type",
        ],
        speaker: None,
        explain: |_, _| {
            ex(
                "--cert and --key come from different pairs: the key is not the one the certificate was made for.",
                &[
                    "Two similarly named files mixed up (server.key with healthcheck-client.crt).",
                    "A certificate was renewed with a new key and the old key file kept.",
                ],
                &[
                    "Give the .key file with the same name as the .crt (kubeadm keeps each pair side by side).",
                    "`etcdtls explain <folder>` shows which key pairs with which certificate.",
                ],
                Some(DiagnosisId::KeyMismatch),
            )
        },
    },
    Rule {
        id: "certificate-as-key",
        patterns: &["found a certificate rather than a key in the pem for the private key"],
        speaker: None,
        explain: |_, _| {
            ex(
                "--key names a certificate file, not a private key.",
                &["--key points at the .crt file.", "--cert and --key were swapped."],
                &["Give the .key file to --key."],
                Some(DiagnosisId::WrongFileType),
            )
        },
    },
    Rule {
        id: "key-as-certificate",
        patterns: &[
            "found a private key rather than a certificate",
            "failed to find certificate pem data in certificate input, but did find a private key",
        ],
        speaker: None,
        explain: |_, _| {
            ex(
                "--cert names a private key file, not a certificate.",
                &["--cert points at the .key file.", "--cert and --key were swapped."],
                &["Give the .crt file to --cert."],
                Some(DiagnosisId::WrongFileType),
            )
        },
    },
    // crypto/tls X509KeyPair (tls.go): the file had PEM blocks, none of the kind wanted; it
    // lists the kinds it skipped.
    Rule {
        id: "key-file-without-key",
        patterns: &["in key input after skipping pem blocks of the following types"],
        speaker: None,
        explain: |line, _| {
            let skipped = skipped_pem_types(line);
            let mut e = ex(
                format!(
                    "The --key file (etcd: --key-file, --peer-key-file) holds PEM blocks but no private key: Go skipped {}.",
                    if skipped.is_empty() {
                        "what it found".to_string()
                    } else {
                        skipped.join(", ")
                    }
                ),
                &[],
                &[
                    "Give the private key made with the certificate (a `PRIVATE KEY`, `RSA PRIVATE KEY` or `EC PRIVATE KEY` block); `etcdtls explain <file>` says what the file holds.",
                ],
                Some(DiagnosisId::WrongFileType),
            );
            let has = |t: &str| skipped.iter().any(|s| s == t);
            if has("EC PARAMETERS") {
                e.causes.push("The key was made with `openssl ecparam -name prime256v1` without -genkey, which writes only the curve's parameters (or the key block was cut away): make it with `openssl ecparam -name prime256v1 -genkey -noout -out <key>`.".into());
            }
            if has("PUBLIC KEY") || has("RSA PUBLIC KEY") {
                e.causes
                    .push("The public half of the key was given, not the private key.".into());
            }
            if has("CERTIFICATE REQUEST") || has("NEW CERTIFICATE REQUEST") {
                e.causes
                    .push("The certificate signing request (.csr) was given instead of the key.".into());
            }
            if has("CERTIFICATE") {
                e.causes.push("A certificate or CA bundle was given as the key (--cert and --key swapped, or --key pointing at the .crt).".into());
            }
            if e.causes.is_empty() {
                e.causes
                    .push("The file given as the key is another kind of PEM file.".into());
            }
            e
        },
    },
    Rule {
        id: "certificate-file-without-certificate",
        patterns: &["pem block in certificate input after skipping pem blocks of the following types"],
        speaker: None,
        explain: |line, _| {
            let skipped = skipped_pem_types(line);
            ex(
                format!(
                    "The --cert file (etcd: --cert-file, --peer-cert-file) holds PEM blocks but no certificate: Go skipped {}.",
                    if skipped.is_empty() {
                        "what it found".to_string()
                    } else {
                        skipped.join(", ")
                    }
                ),
                &[
                    "A certificate signing request (.csr), a public key or EC parameters was given instead of the signed certificate.",
                ],
                &[
                    "Give the signed certificate (a `CERTIFICATE` block); `etcdtls explain <file>` says what the file holds.",
                ],
                Some(DiagnosisId::WrongFileType),
            )
        },
    },
    Rule {
        id: "no-pem-data",
        patterns: &["failed to find any pem data", "failed to find certificate pem data"],
        speaker: None,
        explain: |_, _| {
            ex(
                "A certificate or key file holds no PEM data.",
                &["The file is empty, DER-encoded, or something else (a kubeconfig, a base64 string)."],
                &[
                    "`etcdtls explain <file>` says what the file holds; convert DER with `openssl x509 -inform der -in f -out f.pem`.",
                ],
                Some(DiagnosisId::WrongFileType),
            )
        },
    },
    Rule {
        id: "cannot-parse-key",
        patterns: &["failed to parse private key"],
        speaker: None,
        explain: |_, _| {
            ex(
                "The private key could not be loaded.",
                &[
                    "The key is protected by a password (encrypted PKCS#8 or legacy Proc-Type: ENCRYPTED).",
                    "An unsupported key type.",
                ],
                &["Decrypt it: `openssl pkey -in key -out plain.key`, then chmod 600."],
                Some(DiagnosisId::KeyEncrypted),
            )
        },
    },
    Rule {
        id: "server-rejected-client-cert",
        patterns: &[
            "remote error: tls: bad certificate",
            "remote error: tls: unknown certificate authority",
            "remote error: tls: unsupported certificate",
            "remote error: tls: certificate unknown",
        ],
        speaker: Some(Speaker::Client),
        // Which alert Go's TLS server sends depends on its version (crypto/tls
        // processCertsFromClient): etcd 3.4.23 (Go 1.19, tried) says "bad certificate" for an
        // untrusted CA too; recent Go says "unknown certificate authority" for that alone and
        // "expired certificate" for an expired one. With TLS 1.3 a missing certificate is
        // "certificate required" (a rule of its own).
        explain: |line, _| {
            let causes: &[&str] = if line.contains("unknown certificate authority") {
                &[
                    "The client certificate is not signed by a CA that etcd trusts (its --trusted-ca-file): the Kubernetes CA's client certificate, say, or one from a rebuilt CA.",
                ]
            } else if line.contains("bad certificate") {
                &[
                    "The client certificate is not signed by a CA that etcd trusts (etcd built on older Go, etcd 3.4 among them, says `bad certificate` for that too; recent builds say `unknown certificate authority`).",
                    "It lacks clientAuth in its extended key usage (a server-only certificate), or its key usage forbids signing.",
                    "It has expired (older builds; recent ones say `expired certificate`), or, with TLS 1.2, none was sent where etcd requires one.",
                ]
            } else {
                &[
                    "No client certificate was sent and etcd requires one.",
                    "The client certificate is not signed by etcd's trusted CA.",
                    "It lacks clientAuth, or has expired.",
                ]
            };
            ex(
                "etcd refused the client's certificate during the TLS handshake (the alert came from etcd).",
                causes,
                &[
                    "Run `etcdtls doctor` with the same flags: it says which of these it is.",
                    "Use kubeadm's /etc/kubernetes/pki/etcd/healthcheck-client.crt and .key.",
                ],
                Some(DiagnosisId::ClientCertUntrusted),
            )
        },
    },
    Rule {
        id: "client-rejected-server-cert",
        patterns: &[
            "remote error: tls: bad certificate",
            "remote error: tls: unknown certificate authority",
            "remote error: tls: certificate unknown",
        ],
        speaker: Some(Speaker::Etcd),
        explain: |line, _| {
            if on_peer_endpoint(line) {
                return ex(
                    "A peer member dialling this member's peer port refused its peer certificate (the alert came from the peer): the peer does not trust this member's --peer-cert-file.",
                    &[
                        "This member's peer certificate does not cover the address the peer dials (its --initial-advertise-peer-urls): the node's IP changed, or the certificate was made for another address.",
                        "This member's peer certificate is signed by another CA than the peer's --peer-trusted-ca-file.",
                        "This member's peer certificate expired.",
                    ],
                    &[
                        "Look at the peer's log: it names the cause.",
                        "`etcdtls explain` this member's peer.crt with the peer's CA: it lists its names and its issuer.",
                    ],
                    None,
                );
            }
            ex(
                "A client refused etcd's certificate (the alert came from the client): the client does not trust it.",
                &[
                    "The client was given the wrong CA (the Kubernetes CA instead of the etcd CA).",
                    "The client dialled a name not in etcd's certificate.",
                    "etcd's certificate expired.",
                ],
                &["Look at the client's own error; `etcdtls doctor` with the client's flags names the cause."],
                Some(DiagnosisId::WrongCa),
            )
        },
    },
    Rule {
        id: "client-rejected-https-server-cert",
        patterns: &[
            "remote error: tls: bad certificate",
            "remote error: tls: unknown certificate authority",
            "remote error: tls: certificate unknown",
        ],
        speaker: Some(Speaker::HttpServer),
        explain: |line, _| {
            let server = match https_server_of(line) {
                Some(HttpsServer::Apiserver) => "kube-apiserver's",
                Some(HttpsServer::Kubelet) => "the kubelet's",
                None => "this server's (kube-apiserver's, the kubelet's or a webhook's: the line does not say which)",
            };
            let client = after(line, "tls handshake error from ")
                .or_else(|| after(line, "TLS handshake error from "))
                .and_then(|rest| rest.rsplit_once(": remote error").map(|(addr, _)| addr))
                .map(|addr| format!(" ({addr})"))
                .unwrap_or_default();
            ex(
                format!(
                    "A client{client} refused {server} certificate during the TLS handshake (the alert came from the client). net/http prints these words; etcd's client and peer ports never do (etcd logs \"rejected connection\"), so this is not about etcd's certificates."
                ),
                &[
                    "The client trusts another CA: a kubeconfig or webhook configuration still holding the old CA after the cluster's CA was replaced.",
                    "The client dialled a name or address that is not among the server certificate's SANs.",
                    "The server's certificate expired (kubeadm: `kubeadm certs check-expiration`).",
                ],
                &[
                    "Read the client's own error at that address: it names the cause.",
                    "`etcdtls explain <server certificate> <the CA the client uses>` says whether that CA signed it and for which names.",
                ],
                None,
            )
        },
    },
    Rule {
        id: "remote-expired-certificate",
        patterns: &["remote error: tls: expired certificate"],
        speaker: Some(Speaker::Client),
        explain: |_, _| {
            ex(
                "etcd refused the client's certificate because it has expired.",
                &["The client certificate expired (kubeadm's last one year)."],
                &["Renew it (`kubeadm certs renew apiserver-etcd-client` / `etcd-healthcheck-client`)."],
                Some(DiagnosisId::ClientCertExpired),
            )
        },
    },
    // grpc-go 1.67 and later refuse a TLS server that selects no ALPN protocol. etcd selects h2
    // (etcd 3.4.23 answers `openssl s_client -alpn h2` with "ALPN protocol: h2": tried), so the
    // server that answered is not etcd itself.
    Rule {
        id: "missing-alpn",
        patterns: &["missing selected alpn property"],
        speaker: None,
        explain: |_, _| {
            ex(
                "The client (grpc-go 1.67 or later enforces ALPN) finished a TLS handshake with a server that selected no application protocol (h2). etcd selects h2, so the TLS server that answered is something in front of etcd, or not etcd.",
                &[
                    "A TLS-terminating proxy or load balancer between the client and etcd that does not offer h2 by ALPN.",
                    "The endpoint is another service's port.",
                ],
                &[
                    "Let the proxy offer h2 by ALPN (HAProxy: `alpn h2` on its bind and server lines), or pass TLS through to etcd (TCP mode).",
                    "As a stopgap, start the client with GRPC_ENFORCE_ALPN_ENABLED=false (grpc-go 1.67 and later read it at start).",
                ],
                None,
            )
        },
    },
    // etcd's "rejected connection" when the other side closed the connection before any TLS
    // hello: etcd 3.4.23 logs `rejected connection from "127.0.0.1:33354" (error "EOF",
    // ServerName "")` for a bare TCP connect and close (tried on loopback).
    Rule {
        id: "etcd-handshake-eof",
        patterns: &["(error \"eof\"", "\"error\":\"eof\""],
        speaker: Some(Speaker::Etcd),
        explain: |_, _| {
            ex(
                "Something opened a TCP connection to etcd's TLS port and closed it before the TLS handshake finished, without a TLS alert. Usually a TCP health check, not a failing client.",
                &[
                    "A load balancer's or monitor's TCP check, a tcpSocket liveness probe, a port scanner or `nc -z` against the port.",
                    "A client that gave up during the handshake (its own timeout) or a proxy between them.",
                ],
                &[
                    "Point health checks at etcd's /health over HTTPS, or at an http:// --listen-metrics-urls port (kubeadm probes http://127.0.0.1:2381/health), or ignore these lines.",
                    "If a client fails at the same time, read that client's own error: it names the cause.",
                ],
                None,
            )
        },
    },
    // grpc-go's words when the server closed the connection in the middle of the handshake,
    // without an alert: etcd 3.4.23 serving http:// does so to etcdctl 3.4.23 dialling it with
    // https:// (tried: `transport: authentication handshake failed: EOF`).
    Rule {
        id: "handshake-eof",
        patterns: &["authentication handshake failed: eof"],
        speaker: Some(Speaker::Client),
        explain: |_, _| {
            ex(
                "The server closed the connection during the TLS handshake, without a TLS alert: the client spoke TLS to something that did not answer in TLS.",
                &[
                    "https:// (or certificate flags on a bare host:port) for a member that serves plaintext: its --listen-client-urls say http://, and etcd closes the connection on a TLS hello.",
                    "A TCP proxy or load balancer in front of etcd closed it.",
                    "The address is another service's port.",
                ],
                &[
                    "Check the member's --listen-client-urls: use http:// for a plaintext member, or configure TLS on it (--cert-file, --key-file, --trusted-ca-file, --client-cert-auth).",
                    "`curl http://<host:port>/version` answers when the member serves plaintext.",
                ],
                Some(DiagnosisId::PlaintextServer),
            )
        },
    },
    Rule {
        id: "http-response-to-https-client",
        patterns: &[
            "server gave http response to https client",
            "tls: oversized record received",
        ],
        speaker: Some(Speaker::Client),
        explain: |_, _| {
            ex(
                "The client spoke TLS to a member that serves plaintext.",
                &[
                    "https:// used for an http:// member.",
                    "Certificate flags make a bare host:port TLS.",
                ],
                &[
                    "Use http:// for that member, or configure TLS on it (--cert-file, --key-file, --trusted-ca-file, --client-cert-auth).",
                ],
                Some(DiagnosisId::PlaintextServer),
            )
        },
    },
    Rule {
        id: "common-name-auth-failed",
        patterns: &["commonname authentication failed"],
        speaker: None,
        explain: |_, _| {
            ex(
                "An etcd member refused a peer because its certificate's CN is not the one --peer-cert-allowed-cn allows.",
                &["The peer certificates' CN differs from --peer-cert-allowed-cn."],
                &["Align the CN of the peer certificates with --peer-cert-allowed-cn, or drop the flag."],
                None,
            )
        },
    },
    Rule {
        id: "peer-ip-not-in-dnsnames",
        patterns: &["does not match any of dnsnames"],
        speaker: None,
        explain: |_, _| {
            ex(
                "An etcd member checked a peer's address against the peer certificate's names and found no match.",
                &["The peer certificate lacks an IP SAN for the address the peer connects from."],
                &[
                    "Reissue the peer certificates with IP SANs for every member's address. kubeadm: `kubeadm certs renew` keeps the names a certificate has, so add them to etcd.local.peerCertSANs, move etcd/peer.crt and peer.key aside, and run `kubeadm init phase certs etcd-peer --config kubeadm.yaml` on each member.",
                ],
                None,
            )
        },
    },
    Rule {
        id: "unsupported-protocol-version",
        patterns: &[
            "server selected unsupported protocol version",
            "protocol version not supported",
            "tls: no supported versions satisfy",
        ],
        speaker: None,
        explain: |_, _| {
            ex(
                "Client and server share no TLS version.",
                &["etcd's --tls-min-version/--tls-max-version exclude what the client speaks."],
                &["Align the versions; TLS 1.2 and 1.3 are safe choices."],
                None,
            )
        },
    },
    Rule {
        id: "user-name-empty",
        patterns: &["etcdserver: user name is empty"],
        speaker: None,
        explain: |_, _| {
            ex(
                "etcd auth is on, and the request carried no user: neither --user nor a client certificate whose CN etcd could read.",
                &[
                    "The request went through grpc-proxy or the HTTP gateway, which drop the client certificate.",
                    "No client certificate was used.",
                ],
                &["Connect over gRPC directly with a client certificate whose CN is an etcd user, or give --user."],
                Some(DiagnosisId::AuthUserNotFound),
            )
        },
    },
    Rule {
        id: "user-name-not-found",
        patterns: &["etcdserver: user name not found"],
        speaker: None,
        explain: |_, _| {
            ex(
                "etcd auth is on, and the user (the client certificate's CN, or --user) does not exist in etcd.",
                &["The client certificate's CN has no matching etcd user."],
                &[
                    "`etcdctl user add <CN> --no-password` and grant it a role, or use a certificate whose CN is an existing user.",
                ],
                Some(DiagnosisId::AuthUserNotFound),
            )
        },
    },
    Rule {
        id: "permission-denied",
        patterns: &["etcdserver: permission denied"],
        speaker: None,
        explain: |_, _| {
            ex(
                "etcd auth refused the request: the user has no role that covers these keys.",
                &["The user exists but lacks read or write permission on the key range."],
                &[
                    "`etcdctl role grant-permission <role> readwrite <prefix> --prefix` and `etcdctl user grant-role <user> <role>`.",
                ],
                Some(DiagnosisId::PermissionDenied),
            )
        },
    },
    Rule {
        id: "auth-failed",
        patterns: &["etcdserver: authentication failed"],
        speaker: None,
        explain: |_, _| {
            ex(
                "etcd refused the user name or password.",
                &["A wrong --user or --password."],
                &["Check the credentials."],
                Some(DiagnosisId::AuthFailed),
            )
        },
    },
    Rule {
        id: "file-permission-denied",
        patterns: &["permission denied"],
        speaker: Some(Speaker::Loader),
        explain: |line, _| {
            let mut e = ex(
                "A certificate or key file cannot be read by this user.",
                &["kubeadm's PKI files (/etc/kubernetes/pki) are readable by root only."],
                &["Run with sudo, or as a user allowed to read the file."],
                Some(DiagnosisId::FileUnreadable),
            );
            if let Some(path) = opened_path(line) {
                e.meaning = format!("{path} cannot be read by this user.");
            }
            e
        },
    },
    Rule {
        id: "file-not-found",
        patterns: &["no such file or directory"],
        speaker: Some(Speaker::Loader),
        explain: |line, _| {
            let mut e = ex(
                "A certificate or key file named on the command line (or in ETCDCTL_* variables) does not exist.",
                &[
                    "A typo in the path, or a relative path run from another folder.",
                    "The file lives on another node (kubeadm makes etcd's files on control-plane nodes only).",
                    "ETCDCTL_CACERT, ETCDCTL_CERT or ETCDCTL_KEY still name a path from another setup.",
                ],
                &[
                    "Check the path; kubeadm keeps etcd's files in /etc/kubernetes/pki/etcd/.",
                    "`env | grep ETCDCTL_` shows what the variables name.",
                ],
                Some(DiagnosisId::FileUnreadable),
            );
            if let Some(path) = opened_path(line) {
                e.meaning = format!("{path} does not exist.");
            }
            e
        },
    },
    Rule {
        id: "connection-refused",
        patterns: &["connect: connection refused", "connection refused"],
        speaker: None,
        explain: |_, _| {
            ex(
                "Nothing listens at the dialled address.",
                &[
                    "etcd is not running there.",
                    "The wrong port (2380 is the peer port, 2379 the client port), or the wrong IP.",
                ],
                &[
                    "Check --endpoints against etcd's --listen-client-urls; check that etcd runs (`crictl ps`, `systemctl status etcd`).",
                ],
                Some(DiagnosisId::Unreachable),
            )
        },
    },
    Rule {
        id: "no-such-host",
        patterns: &["no such host"],
        speaker: None,
        explain: |_, _| {
            ex(
                "The host name in --endpoints does not resolve.",
                &["A typo, or DNS is not set up for it."],
                &["Use the member's IP address, or fix DNS."],
                Some(DiagnosisId::Unreachable),
            )
        },
    },
    Rule {
        id: "io-timeout",
        patterns: &["i/o timeout"],
        speaker: None,
        explain: |_, _| {
            ex(
                "The dial got no answer: packets are dropped on the way.",
                &["A firewall drops port 2379.", "The IP is wrong or not routed."],
                &["Check the address and firewalls; a closed port would answer \"connection refused\" at once."],
                Some(DiagnosisId::Timeout),
            )
        },
    },
    Rule {
        id: "connection-closed",
        patterns: &[
            "latest balancer error: connection closed",
            "error reading server preface",
            "failed to write client preface",
            "connection reset by peer",
        ],
        speaker: Some(Speaker::Client),
        explain: |_, _| {
            ex(
                "The server closed the connection during or right after the TLS handshake.",
                &[
                    "etcd refused the client certificate (TLS 1.3 shows it only after the handshake): none sent, another CA, no clientAuth, expired.",
                    "http:// used against etcd's TLS port.",
                    "The endpoint is the peer port (2380).",
                ],
                &[
                    "Run `etcdtls doctor` with the same flags: it names which.",
                    "Check etcd's log for \"rejected connection\": it says why.",
                ],
                None,
            )
        },
    },
    Rule {
        id: "leader-changed",
        patterns: &[
            "etcdserver: leader changed",
            "etcdserver: no leader",
            "etcdserver: request timed out",
        ],
        speaker: None,
        explain: |_, _| {
            ex(
                "etcd could not complete the request: the cluster is electing a leader or has lost quorum.",
                &[
                    "A member restarted or is unreachable; with 3 members, 2 must be up.",
                    "Slow disks or an overloaded member time out the raft proposal.",
                ],
                &[
                    "`etcdtls endpoint status --cluster -w table` shows each member's leader and raft term; check etcd's logs and disk latency.",
                ],
                None,
            )
        },
    },
    Rule {
        id: "no-space",
        patterns: &["mvcc: database space exceeded", "nospace"],
        speaker: None,
        explain: |_, _| {
            ex(
                "etcd's database reached its quota and etcd accepts no more writes (alarm NOSPACE).",
                &["History was not compacted, or the quota is too small."],
                &["Compact, defragment, then `etcdctl alarm disarm`; raise --quota-backend-bytes if needed."],
                None,
            )
        },
    },
    Rule {
        id: "context-deadline-exceeded",
        patterns: &["context deadline exceeded"],
        speaker: None,
        explain: |_, _| {
            ex(
                "etcdctl's catch-all: the connection or the request did not finish within the timeout. It hides the real cause.",
                &[
                    "A TLS problem: the wrong CA, no or a rejected client certificate, http:// against TLS.",
                    "The wrong port (2380) or address.",
                    "A cluster without quorum.",
                ],
                &[
                    "Run the same command with `etcdtls` instead of `etcdctl` (same flags): it says which.",
                    "`etcdtls doctor` walks each step.",
                ],
                None,
            )
        },
    },
];

/// How kubeadm adds a name to kube-apiserver's certificate.
const APISERVER_REISSUE: &str = "kubeadm: `kubeadm certs renew` keeps the names a certificate has, so add the name to apiServer.certSANs in the ClusterConfiguration (the kubeadm-config ConfigMap in kube-system holds it), move /etc/kubernetes/pki/apiserver.crt and apiserver.key aside, run `kubeadm init phase certs apiserver --config kubeadm.yaml` (without a config file: `--apiserver-cert-extra-sans=<name>`; kubeadm refuses the two together), and restart kube-apiserver.";

/// kubectl and the kubelet dial kube-apiserver, not etcd: a name check they failed is about the
/// API server's certificate, so the reissue fix is kubeadm's apiserver phase (its `certs renew`
/// keeps the names a certificate has), and `etcdtls doctor`'s diagnosis, which is etcd's, does
/// not apply.
fn to_api_server(e: &mut Explained, speaker: Speaker, what: &str) {
    if !matches!(speaker, Speaker::Kubectl | Speaker::Kubelet) {
        return;
    }
    e.diagnosis = None;
    e.fixes.retain(|f| !f.starts_with("Reissue"));
    e.fixes.push(format!(
        "Reissue kube-apiserver's certificate with the {what}. {APISERVER_REISSUE}"
    ));
}

/// Whether etcd's "rejected connection" names its peer port (`rejected connection on peer
/// endpoint`, embed/config_logging.go): the other side is a member, not a client.
fn on_peer_endpoint(line: &str) -> bool {
    line.contains("rejected connection on peer endpoint")
}

/// Who printed a line.
fn speaker_of(line: &str) -> Speaker {
    let l = line.to_ascii_lowercase();
    if l.contains("unable to connect to the server")
        // kubectl 1.26 and later (client-go's memcache.go discovery).
        || l.contains("couldn't get current server api group list")
    {
        Speaker::Kubectl
    } else if l.contains("\"caller\":\"rafthttp/") || l.contains("rafthttp: ") || l.contains("\"remote-peer-id\"") {
        // etcd 3.5/3.6 (zap, caller rafthttp/...) and 3.4 (capnslog "rafthttp: ... for peer")
        // log their own dials to peers: the member is the client there.
        Speaker::Peer
    } else if l.contains("tls handshake error from") {
        // net/http's server error log, which etcd's client and peer ports discard.
        Speaker::HttpServer
    } else if (l.contains("kubelet") || l.contains("certificate_manager.go")) && !l.contains("etcd") {
        // The kubelet's klog lines name it (kubelet.go, kubelet-client-current.pem, the signer
        // kubernetes.io/kube-apiserver-client-kubelet) or its certificate manager.
        Speaker::Kubelet
    } else if l.contains("rejected connection")
        // The server's words for the certificate a client presented.
        || l.contains("failed to verify client certificate")
        || l.contains("failed to verify client's certificate")
        || l.contains("transport: certificate serial")
        || l.contains("config_logging")
        || l.contains("\"caller\":\"embed/")
    {
        Speaker::Etcd
    } else if (l.contains("tls: private key")
        || l.contains("in the pem for")
        || l.contains("failed to find")
        || l.contains("failed to parse private key")
        || opened_path(&l).is_some_and(|_| l.contains("permission denied"))
        || l.contains("no such file or directory"))
        && !l.contains("handshake")
        && !l.contains("etcdserver:")
    {
        Speaker::Loader
    } else {
        Speaker::Client
    }
}

/// The message of a line: a JSON log line's `error` (or `msg`), else the line without the
/// `Error: ` etcdctl puts before it.
fn message_of(line: &str) -> String {
    let line = line.trim();
    if line.starts_with('{') {
        for key in ["\"error\":\"", "\"msg\":\""] {
            if let Some(start) = line.find(key).map(|i| i + key.len()) {
                let rest = &line[start..];
                let mut end = rest.len();
                let mut escaped = false;
                for (i, c) in rest.char_indices() {
                    match c {
                        '\\' if !escaped => escaped = true,
                        '"' if !escaped => {
                            end = i;
                            break;
                        }
                        _ => escaped = false,
                    }
                }
                return rest[..end].replace("\\\"", "\"");
            }
        }
    }
    line.strip_prefix("Error: ").unwrap_or(line).to_string()
}

/// Explains every known message in `text` (one or many lines, any mix of speakers), most
/// specific first. Empty when nothing is recognised.
pub fn why(text: &str) -> Vec<WhyEntry> {
    let mut out: Vec<WhyEntry> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let lower = line.to_ascii_lowercase();
        let speaker = speaker_of(line);
        let mut claimed: Vec<(usize, usize)> = Vec::new();
        for rule in RULES {
            if rule.speaker.is_some_and(|s| s != speaker) {
                continue;
            }
            let Some((at, pattern)) = rule.patterns.iter().find_map(|p| lower.find(p).map(|i| (i, *p))) else {
                continue;
            };
            // A longer, more specific rule already explained these words.
            let span = (at, at + pattern.len());
            if claimed.iter().any(|(s, e)| *s <= span.0 && span.1 <= *e) {
                continue;
            }
            claimed.push(span);
            if out.iter().any(|e| e.id == rule.id && e.speaker == speaker) {
                continue;
            }
            let e = (rule.explain)(line, speaker);
            out.push(WhyEntry {
                id: rule.id,
                matched: line.get(span.0..span.1).unwrap_or(pattern).to_string(),
                message: message_of(line),
                speaker,
                printed_by: speaker.words_for(line),
                meaning: e.meaning,
                causes: e.causes,
                fixes: e.fixes,
                diagnosis: e.diagnosis.map(DiagnosisId::id),
            });
        }
    }
    // The catch-all goes last, and only says more when nothing specific was found.
    crate::order::sort_by_key(&mut out, |e| {
        e.id == "context-deadline-exceeded" || e.id == "connection-closed"
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<&'static str> {
        why(text).iter().map(|e| e.id).collect()
    }

    #[test]
    fn the_same_alert_means_different_things_by_speaker() {
        let client = "Error: rpc error: transport: authentication handshake failed: remote error: tls: bad certificate";
        let etcd = r#"{"level":"warn","msg":"rejected connection","remote-addr":"127.0.0.1:1","server-name":"","error":"remote error: tls: bad certificate"}"#;
        assert_eq!(ids(client), vec!["server-rejected-client-cert"]);
        assert_eq!(ids(etcd), vec!["client-rejected-server-cert"]);
    }

    /// etcd's alert names the cause only on recent Go: "unknown certificate authority" is the
    /// CA alone; "bad certificate" (etcd 3.4, tried) may be the CA, the usage or the expiry.
    #[test]
    fn each_alert_gives_its_own_causes() {
        let client = |alert: &str| {
            format!("Error: rpc error: transport: authentication handshake failed: remote error: tls: {alert}")
        };
        let ca = &why(&client("unknown certificate authority"))[0];
        assert_eq!(ca.causes.len(), 1, "{:?}", ca.causes);
        assert!(ca.causes[0].contains("not signed by a CA that etcd trusts"));
        let bad = &why(&client("bad certificate"))[0];
        assert!(bad.causes.iter().any(|c| c.contains("clientAuth")), "{:?}", bad.causes);
        assert!(bad.causes.iter().any(|c| c.contains("etcd 3.4")), "{:?}", bad.causes);
    }

    #[test]
    fn names_are_pulled_out_of_messages() {
        let e = &why("x509: certificate is valid for etcd-0, localhost, not 10.0.0.9")[0];
        assert!(e.meaning.contains("10.0.0.9"), "{}", e.meaning);
        let e = &why("x509: cannot validate certificate for 10.1.2.3 because it doesn't contain any IP SANs")[0];
        assert!(e.meaning.contains("10.1.2.3"));
        let e = &why(
            r#"x509: certificate signed by unknown authority (possibly because of "crypto/rsa: verification error" while trying to verify candidate authority certificate "kubernetes")"#,
        )[0];
        assert!(e.causes[0].contains("\"kubernetes\""), "{:?}", e.causes);
    }

    #[test]
    fn the_cause_go_names_inside_a_message_comes_first() {
        // etcd's own log line for a SHA-1-signed client certificate.
        let sha1 = "tls: failed to verify client certificate: x509: certificate signed by unknown authority (possibly because of \"x509: cannot verify signature: insecure algorithm SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)\" while trying to verify candidate authority certificate \"helper-ca\")";
        let entries = why(sha1);
        assert_eq!(entries[0].id, "insecure-signature-algorithm");
        assert_eq!(entries[0].speaker, Speaker::Etcd);
        assert_eq!(
            ids("transport: certificate serial b9f1c8be63b31823 revoked"),
            ["crl-revoked-serial"]
        );
        assert_eq!(
            ids("x509: unhandled critical extension"),
            ["unhandled-critical-extension"]
        );
        assert_eq!(ids("Error: x509: negative serial number"), ["go-cannot-parse"]);
        assert_eq!(
            ids(
                "x509: a root or intermediate certificate is not authorized to sign for this name: DNS name \"a\" is not permitted by any constraint"
            ),
            ["name-constraints"]
        );
        // kubectl's words about kube-apiserver: a fresh kubeconfig, not etcd's CA.
        let kubectl = why(
            "Unable to connect to the server: x509: certificate signed by unknown authority (possibly because of \"crypto/rsa: verification error\" while trying to verify candidate authority certificate \"kubernetes\")",
        );
        assert_eq!(kubectl[0].id, "kubectl-unknown-authority");
        assert_eq!(kubectl[0].speaker, Speaker::Kubectl);
        assert!(kubectl[0].fixes[0].contains("admin.conf"), "{:?}", kubectl[0].fixes);
        assert!(
            !kubectl.iter().any(|e| e.id == "server-unknown-authority"),
            "{kubectl:?}"
        );
        // Go says which of the two: "is before" notBefore is not valid yet.
        let early = why(
            "x509: certificate has expired or is not yet valid: current time 2026-12-07T22:00:00Z is before 2030-01-01T00:00:00Z",
        );
        assert!(early[0].meaning.contains("not valid yet"), "{}", early[0].meaning);
        assert_eq!(early[0].diagnosis, Some("server-cert-not-yet-valid"));
    }

    #[test]
    fn the_catch_all_comes_last_and_unknown_text_gives_nothing() {
        let text = "Failed to get the status of endpoint x (context deadline exceeded)\nconnect: connection refused";
        assert_eq!(ids(text), vec!["connection-refused", "context-deadline-exceeded"]);
        assert!(why("all is well").is_empty());
    }

    #[test]
    fn every_diagnosis_why_names_is_one_doctor_gives() {
        let doctor_ids: Vec<&str> = DiagnosisId::ALL.iter().map(|d| d.id()).collect();
        for rule in RULES {
            for speaker in [
                Speaker::Client,
                Speaker::Etcd,
                Speaker::Loader,
                Speaker::Kubectl,
                Speaker::Kubelet,
            ] {
                let explained = (rule.explain)(rule.patterns[0], speaker);
                if let Some(id) = explained.diagnosis {
                    assert!(doctor_ids.contains(&id.id()), "{}: {id}", rule.id);
                }
            }
        }
        for entry in why(&RULES.iter().map(|r| r.patterns[0]).collect::<Vec<_>>().join("\n")) {
            if let Some(id) = entry.diagnosis {
                assert!(doctor_ids.contains(&id), "{}: {id}", entry.id);
            }
        }
    }

    #[test]
    fn file_errors_are_files_not_etcd_permissions() {
        let missing = why("Error: open /etc/kubernetes/pki/etcd/ca.crt: no such file or directory");
        assert_eq!(missing.len(), 1, "{missing:?}");
        assert_eq!(missing[0].id, "file-not-found");
        assert_eq!(missing[0].diagnosis, Some("file-unreadable"));
        assert!(
            missing[0]
                .meaning
                .contains("/etc/kubernetes/pki/etcd/ca.crt does not exist")
        );
        assert_eq!(
            missing[0].message,
            "open /etc/kubernetes/pki/etcd/ca.crt: no such file or directory"
        );

        let denied = why("open /etc/kubernetes/pki/etcd/healthcheck-client.key: permission denied");
        assert_eq!(denied[0].id, "file-permission-denied");
        assert_eq!(denied[0].diagnosis, Some("file-unreadable"));
        let relative = why("Error: open ca.crt: permission denied");
        assert_eq!(relative[0].diagnosis, Some("file-unreadable"), "{relative:?}");

        let etcd = why("Error: etcdserver: permission denied");
        assert_eq!(etcd.len(), 1);
        assert_eq!(etcd[0].diagnosis, Some("permission-denied"));
    }

    #[test]
    fn the_message_of_a_json_log_line_is_its_error() {
        let line = r#"{"level":"warn","msg":"rejected connection","error":"tls: \"x\" failed"}"#;
        assert_eq!(message_of(line), "tls: \"x\" failed");
        assert_eq!(
            message_of("  Error: context deadline exceeded "),
            "context deadline exceeded"
        );
    }
}
