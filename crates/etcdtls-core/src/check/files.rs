//! What `check` may learn about the files a command names, and what it concludes from them.
//!
//! The core cannot look at files: the host answers through [`FileHost`]. The CLI reads the
//! real files (or a `--pki` folder standing in for `/etc/kubernetes/pki`); the web page knows
//! nothing ([`NoFiles`]) or only the certificates pasted beside the command ([`FileMap`]). The
//! contents go through the core's own [`analyze`](crate::analyze), so roles, key pairing and
//! issuers are decided exactly as `etcdtls explain` decides them.

use time::OffsetDateTime;

use super::{CheckFinding, CheckId};
use std::cell::RefCell;

use crate::analysis::{Options, Report, analyze, analyze_with, path_match};
use crate::decode::Input;
use crate::finding::Severity;
use crate::model::{ItemKind, Source};
use crate::role::Role;

/// What a host knows about one file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FileFact {
    /// The host cannot tell (the web page, or a file on another machine).
    Unknown,
    /// It does not exist.
    Missing,
    /// It exists but cannot be read; why.
    Unreadable(String),
    /// Its contents, and its permission bits when the host has them.
    Readable {
        /// The bytes.
        bytes: Vec<u8>,
        /// Unix permission bits (`0o600`), if known.
        mode: Option<u32>,
    },
}

/// Answers questions about files for `check`.
pub trait FileHost {
    /// The file at `path`, as the command names it.
    fn file(&self, path: &str) -> FileFact;

    /// Analyses the files read: with the core's own cryptography unless the host brings its
    /// own (see [`FileMap::verdicts`]).
    fn analyze(&self, inputs: &[Input<'_>], options: &Options) -> Report {
        analyze(inputs, options)
    }
}

/// A host that knows no files: only the command's text is checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFiles;

impl FileHost for NoFiles {
    fn file(&self, _path: &str) -> FileFact {
        FileFact::Unknown
    }
}

/// A host that knows some files by name (pasted or dropped beside the command). A name
/// matches a path by its trailing components (`pki/etcd/ca.crt` answers for
/// `/etc/kubernetes/pki/etcd/ca.crt`); other paths are unknown.
#[derive(Debug, Clone, Default)]
pub struct FileMap {
    /// Name and bytes of each file.
    pub files: Vec<(String, Vec<u8>)>,
    /// The verdicts the files are analysed with ([`crate::analyze_with`]); the checks they do
    /// not settle are gathered in [`FileMap::pending`] for the host.
    pub verdicts: crate::signature::Verdicts,
    /// What the analyses of the files could not decide.
    pub pending: RefCell<crate::signature::Pending>,
}

impl FileHost for FileMap {
    fn file(&self, path: &str) -> FileFact {
        self.files
            .iter()
            .filter_map(|(name, bytes)| path_match(name, path).map(|score| (score, bytes)))
            .max_by_key(|(score, _)| *score)
            .map(|(_, bytes)| FileFact::Readable {
                bytes: bytes.clone(),
                mode: None,
            })
            .unwrap_or(FileFact::Unknown)
    }

    fn analyze(&self, inputs: &[Input<'_>], options: &Options) -> Report {
        let mut report = analyze_with(inputs, &[], options, &self.verdicts);
        self.pending.borrow_mut().extend(std::mem::take(&mut report.pending));
        report
    }
}

/// The host, for a command after others of the snippet that write files (`… | base64 -d >
/// /tmp/ca.crt`, `cp`): such a file, missing here now, exists by the time the command runs,
/// with contents no one can tell.
pub(crate) struct Written<'a> {
    /// What answers for every other file.
    pub host: &'a dyn FileHost,
    /// The paths written, as the snippet names them.
    pub paths: &'a [String],
}

impl FileHost for Written<'_> {
    fn file(&self, path: &str) -> FileFact {
        match self.host.file(path) {
            FileFact::Missing if self.paths.iter().any(|p| p == path) => FileFact::Unknown,
            fact => fact,
        }
    }

    fn analyze(&self, inputs: &[Input<'_>], options: &Options) -> Report {
        self.host.analyze(inputs, options)
    }
}

/// The TLS files of one command, with what the host said about each.
#[derive(Debug, Default)]
pub(crate) struct TlsFiles<'a> {
    /// Where the layout keeps etcd's files, in words: `kubeadm keeps etcd's files in …`.
    pub home: &'a str,
    pub cacert: Option<(&'a str, FileFact)>,
    pub cert: Option<(&'a str, FileFact)>,
    pub key: Option<(&'a str, FileFact)>,
}

/// What the files say: findings, and whether the certificate turned out to be etcd's own
/// server or peer certificate (so that the path rules need not say it again).
pub(crate) fn review_files(
    files: &TlsFiles<'_>,
    host: &dyn FileHost,
    as_root: bool,
    now: OffsetDateTime,
    out: &mut Vec<CheckFinding>,
) {
    let mut inputs = Vec::new();
    for (flag, entry) in [
        ("--cacert", &files.cacert),
        ("--cert", &files.cert),
        ("--key", &files.key),
    ] {
        let Some((path, fact)) = entry else {
            continue;
        };
        match fact {
            FileFact::Unknown => {}
            FileFact::Missing => out.push(CheckFinding::new(
                CheckId::FileMissing,
                format!("{flag} {path} does not exist here."),
                format!(
                    "Check the path (`ls` its folder); on a control-plane node {}.",
                    files.home
                ),
            )),
            FileFact::Unreadable(why) => {
                if !as_root {
                    out.push(CheckFinding::new(
                        CheckId::FileUnreadable,
                        format!("{flag} {path} cannot be read by this user: {why}."),
                        "Run the command with sudo: the files under /etc/kubernetes/pki are readable by root only.",
                    ));
                }
            }
            FileFact::Readable { bytes, mode } => {
                if flag == "--key"
                    && let Some(m) = mode
                    && m & 0o077 != 0
                {
                    out.push(CheckFinding::new(
                        CheckId::KeyTooOpen,
                        format!(
                            "The private key {path} can be read by other users (mode {:o}).",
                            m & 0o777
                        ),
                        format!("chmod 600 {path}"),
                    ));
                }
                inputs.push((*path, bytes.as_slice()));
            }
        }
    }
    if inputs.is_empty() {
        return;
    }
    let list: Vec<Input<'_>> = inputs.iter().map(|(p, b)| Input::new(p, b)).collect();
    let report = host.analyze(&list, &Options::at(now));
    let of = |path: &str| -> Vec<&crate::model::Item> {
        report
            .items
            .iter()
            .filter(|i| i.source == Source::file(path) || i.source.path == path)
            .collect()
    };
    for e in &report.errors {
        out.push(CheckFinding::new(
            CheckId::FileUnreadable,
            format!("{e}."),
            "Give a PEM file (`-----BEGIN ...`); convert DER with `openssl x509 -inform der -in FILE -out FILE.crt`.",
        ));
    }
    let ca = files
        .cacert
        .as_ref()
        .and_then(|(p, _)| of(p).into_iter().find(|i| i.certificate().is_some()));
    let cert = files
        .cert
        .as_ref()
        .and_then(|(p, _)| of(p).into_iter().find(|i| i.certificate().is_some()));
    let key = files
        .key
        .as_ref()
        .and_then(|(p, _)| of(p).into_iter().find(|i| i.kind() == ItemKind::PrivateKey));

    if let Some((path, FileFact::Readable { .. })) = &files.cacert {
        match ca.and_then(|i| i.certificate().map(|c| (i, c))) {
            None => out.push(CheckFinding::new(
                CheckId::WrongCa,
                format!("--cacert {path} holds no certificate."),
                "Give the etcd CA's certificate (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).",
            )),
            Some((_, c)) if !c.is_ca() => out.push(CheckFinding::new(
                CheckId::WrongCa,
                format!(
                    "--cacert {path} is not a CA: it is the certificate of {} (a leaf). Were --cacert and --cert swapped?",
                    c.display_name()
                ),
                "Give the etcd CA's certificate as --cacert (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).",
            )),
            Some((item, c)) if matches!(item.role, Role::KubernetesCa | Role::FrontProxyCa) => {
                out.push(CheckFinding::new(
                    CheckId::WrongCa,
                    format!(
                        "--cacert {path} is {} ({}), not the etcd CA: etcd's server certificate was signed by the etcd CA, so etcdctl will reject it (after waiting, with `context deadline exceeded`).",
                        item.role.id(),
                        c.subject.text
                    ),
                    "Use the etcd CA: /etc/kubernetes/pki/etcd/ca.crt on kubeadm.",
                ));
            }
            Some((item, c)) => {
                if let Some(client) = cert
                    && !client.chain.contains(&item.id)
                    && client.issued_by.as_ref() != Some(&item.id)
                {
                    out.push(
                        CheckFinding::new(
                            CheckId::WrongCa,
                            format!(
                                "--cacert {path} ({}) did not sign the client certificate {}; kubeadm's etcd CA signs both etcd's server certificate and its clients, so it probably did not sign the server's either.",
                                c.subject.text,
                                files.cert.as_ref().map(|(p, _)| *p).unwrap_or("")
                            ),
                            "Use the CA that signed etcd's certificates (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).",
                        )
                        .at(Severity::Warning),
                    );
                }
            }
        }
    }

    if let (Some((path, FileFact::Readable { .. })), Some(item)) = (&files.cert, cert)
        && let Some(c) = item.certificate()
    {
        let issuer_role = item.issued_by.as_ref().and_then(|id| report.item(id)).map(|i| i.role);
        if c.is_ca() {
            out.push(CheckFinding::new(
                CheckId::WrongClientCert,
                format!(
                    "--cert {path} is a CA certificate ({}): the command uses the CA's own key as its identity. It may even work, but whoever holds that key can issue any identity.",
                    c.subject.text
                ),
                "Use a client certificate signed by the CA (kubeadm: etcd/healthcheck-client.crt and .key); give the CA as --cacert.",
            ));
        } else if matches!(item.role, Role::EtcdServer | Role::EtcdPeer | Role::EtcdMember) {
            out.push(CheckFinding::new(
                CheckId::ServerCertAsClient,
                format!(
                    "--cert {path} is etcd's own member certificate ({}). It works because kubeadm gives it clientAuth, but it is the server's identity, not a client's.",
                    item.role.id()
                ),
                "Use the least-privileged client: etcd/healthcheck-client.crt and .key.",
            ));
        } else if issuer_role == Some(Role::KubernetesCa)
            || matches!(
                item.role,
                Role::KubeAdmin
                    | Role::KubeSuperAdmin
                    | Role::ApiserverKubeletClient
                    | Role::FrontProxyClient
                    | Role::KubeletClient
            )
        {
            out.push(CheckFinding::new(
                CheckId::WrongClientCert,
                format!(
                    "--cert {path} ({}) is a Kubernetes client certificate; etcd trusts only clients signed by its own CA and will refuse it.",
                    item.role.id()
                ),
                "Use an etcd client: etcd/healthcheck-client.crt and .key (kubeadm).",
            ));
        } else if !c.allows_client_auth() {
            out.push(CheckFinding::new(
                CheckId::WrongClientCert,
                format!("--cert {path} does not allow client authentication (its extended key usage lacks clientAuth); etcd will refuse it."),
                "Use a client certificate (kubeadm: etcd/healthcheck-client.crt), or reissue it with clientAuth.",
            ));
        }
    }

    if let (Some((kpath, FileFact::Readable { .. })), Some((cpath, FileFact::Readable { .. }))) =
        (&files.key, &files.cert)
    {
        match (key, cert) {
            (None, _) => out.push(CheckFinding::new(
                CheckId::Certificate(crate::finding::FindingId::KeyMismatch),
                format!("--key {kpath} holds no private key."),
                format!("Give the private key of {cpath} (by kubeadm's naming, the same name ending in .key)."),
            )),
            (Some(k), Some(c)) if c.key.as_ref() != Some(&k.id) && k.certificate.as_ref() != Some(&c.id) => {
                out.push(CheckFinding::new(
                    CheckId::Certificate(crate::finding::FindingId::KeyMismatch),
                    format!("--key {kpath} is not the private key of --cert {cpath}: they are from different pairs."),
                    "Give the key that was made with the certificate (same name, .key).",
                ))
            }
            _ => {}
        }
    }

    // The review's own errors about these files: expired, not yet valid, encrypted key...
    let mut seen = Vec::new();
    for f in &report.findings {
        if f.severity != Severity::Error || seen.contains(&f.id) {
            continue;
        }
        if matches!(
            f.id,
            crate::finding::FindingId::Expired
                | crate::finding::FindingId::NotYetValid
                | crate::finding::FindingId::EncryptedKey
                | crate::finding::FindingId::SignatureInvalid
        ) {
            seen.push(f.id);
            out.push(CheckFinding::new(
                CheckId::Certificate(f.id),
                f.message.clone(),
                f.fix.clone(),
            ));
        }
    }
}
