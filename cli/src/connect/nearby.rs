//! Finding the right file when a given one is wrong: the folders next to `--cacert` and
//! `--cert` (and kubeadm's PKI folders) are read, so the fix can name the file to use in the
//! layout at hand (cfssl's `client.pem`, k3s's `server-client.crt`, kubeadm's
//! `healthcheck-client.crt`) instead of a path from another distribution.

use std::fs;
use std::path::{Path, PathBuf};

use etcdtls_core::model::Certificate;
use etcdtls_core::{Input, ItemKind, Options, Report, analyze};

/// The most files read while searching.
const MAX_FILES: usize = 96;

/// Folders worth searching: each given file's folder, its `etcd/` subfolder and its parent,
/// then kubeadm's PKI folders.
fn candidates(anchors: &[&Path]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let mut add = |d: PathBuf| {
        if !dirs.contains(&d) {
            dirs.push(d);
        }
    };
    let dot = |p: &Path| {
        if p.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            p.to_path_buf()
        }
    };
    for dir in anchors.iter().filter_map(|a| a.parent()) {
        add(dot(dir));
        add(dot(dir).join("etcd"));
        if let Some(parent) = dir.parent() {
            add(dot(parent));
        }
    }
    add(PathBuf::from("/etc/kubernetes/pki/etcd"));
    add(PathBuf::from("/etc/kubernetes/pki"));
    dirs
}

/// The certificate and key files of the folders near `anchors`, by name.
fn read_near(anchors: &[&Path], keys: bool) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for dir in candidates(anchors) {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if files.len() >= MAX_FILES {
                break;
            }
            let wanted = path
                .extension()
                .is_some_and(|e| e == "crt" || e == "pem" || e == "cer" || (keys && e == "key"));
            let small = fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() < 256 * 1024);
            if wanted
                && small
                && let Ok(bytes) = fs::read(&path)
            {
                let name = path.to_string_lossy().trim_start_matches("./").to_string();
                if !files.iter().any(|(n, _)| *n == name) {
                    files.push((name, bytes));
                }
            }
        }
    }
    files
}

/// The path of a CA certificate near `--cacert` whose key signed `server`.
pub fn find_issuer(server: &Certificate, cacert: Option<&Path>) -> Option<PathBuf> {
    let files = read_near(&cacert.into_iter().collect::<Vec<_>>(), false);
    let server_pem = etcdtls_core::json::to_pem("CERTIFICATE", &server.der);
    let mut inputs: Vec<Input<'_>> = files.iter().map(|(n, b)| Input::new(n, b)).collect();
    inputs.push(Input::new("<server>", server_pem.as_bytes()));
    let report = analyze(&inputs, &Options::at(server.not_before));
    let server_item = report.items.iter().find(|i| i.source.path == "<server>")?;
    let issuer = server_item.issued_by.as_ref()?;
    let item = report.item(issuer)?;
    (item.source.locator.is_none()).then(|| PathBuf::from(&item.source.path))
}

/// The certificates and keys near the given files, read and linked once.
#[derive(Debug)]
pub struct Nearby {
    report: Report,
}

impl Nearby {
    /// Reads the folders near `anchors` (certificates and keys), judged at `now`.
    pub fn around(anchors: &[&Path], now: time::OffsetDateTime) -> Nearby {
        let files = read_near(anchors, true);
        let inputs: Vec<Input<'_>> = files.iter().map(|(n, b)| Input::new(n, b)).collect();
        Nearby {
            report: analyze(&inputs, &Options::at(now)),
        }
    }

    /// The best client pair near (least privilege first, as `explain` ranks them) signed by a
    /// CA whose subject is one of `trusted` (DER names), valid now, other than `not`: its
    /// certificate and key paths.
    pub fn client_pair(&self, trusted: &[&[u8]], not: Option<&Path>) -> Option<(String, String)> {
        etcdtls_core::connection_recipes(&self.report)
            .into_iter()
            .find_map(|r| {
                let ca = self.report.items.iter().find(|i| i.id.0 == r.ca)?.certificate()?;
                // The recipes offer only certificates valid now.
                let same = not.is_some_and(|n| Path::new(&r.cert) == n || n.ends_with(&r.cert));
                (trusted.contains(&ca.subject.der.as_slice()) && !same).then_some((r.cert, r.key))
            })
    }

    /// The private key near that pairs with `cert`.
    pub fn key_of(&self, cert: &Certificate) -> Option<String> {
        self.report
            .items
            .iter()
            .filter(|i| i.kind() == ItemKind::PrivateKey && i.source.locator.is_none())
            .find(|k| {
                k.public_key()
                    .is_some_and(|p| p.spki_sha256 == cert.public_key.spki_sha256)
            })
            .map(|k| k.source.path.clone())
    }
}
