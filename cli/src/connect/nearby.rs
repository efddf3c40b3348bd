//! Finding the right CA when the given one is wrong: the files next to `--cacert` (and the
//! kubeadm folders) are searched for the CA whose key signed the server's certificate, so the
//! fix can name the file to use.

use std::fs;
use std::path::{Path, PathBuf};

use etcdtls_core::model::Certificate;
use etcdtls_core::{Input, Options, analyze};

/// The most files read while searching.
const MAX_FILES: usize = 64;

/// Folders worth searching: --cacert's own folder, its `etcd/` subfolder, its parent, and
/// kubeadm's PKI folders.
fn candidates(cacert: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = cacert.and_then(Path::parent) {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        dirs.push(dir.to_path_buf());
        dirs.push(dir.join("etcd"));
        if let Some(parent) = dir.parent() {
            dirs.push(if parent.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                parent.to_path_buf()
            });
        }
    }
    dirs.push(PathBuf::from("/etc/kubernetes/pki/etcd"));
    dirs.push(PathBuf::from("/etc/kubernetes/pki"));
    dirs
}

/// The path of a CA certificate near `--cacert` whose key signed `server`.
pub fn find_issuer(server: &Certificate, cacert: Option<&Path>) -> Option<PathBuf> {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for dir in candidates(cacert) {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if files.len() >= MAX_FILES {
                break;
            }
            let is_cert = path.extension().is_some_and(|e| e == "crt" || e == "pem" || e == "cer");
            let small = fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() < 256 * 1024);
            if is_cert
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
    let server_pem = etcdtls_core::json::to_pem("CERTIFICATE", &server.der);
    let mut inputs: Vec<Input<'_>> = files.iter().map(|(n, b)| Input::new(n, b)).collect();
    inputs.push(Input::new("<server>", server_pem.as_bytes()));
    let report = analyze(&inputs, &Options::at(server.not_before));
    let server_item = report.items.iter().find(|i| i.source.path == "<server>")?;
    let issuer = server_item.issued_by.as_ref()?;
    let item = report.item(issuer)?;
    (item.source.locator.is_none()).then(|| PathBuf::from(&item.source.path))
}
