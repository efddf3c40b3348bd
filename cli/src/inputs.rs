//! Reading the files the core explains: paths, folders (recursively), standard input, and the
//! files those name (a kubeconfig's `client-certificate`, a unit's `EnvironmentFile=`).
//!
//! The core never touches the file system; this module is where bytes come from. It reads at
//! most the core's size limit plus one byte of any file, so a wrong path to a disk image is
//! refused without reading gigabytes.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use etcdtls_core::limits::MAX_INPUT_BYTES;
use etcdtls_core::{Input, ReferenceKind, UnreadableReference, unresolved_references};

/// How many times a file read for a reference may itself lead to more: a unit names an
/// environment file, which names a config file, which names certificates.
const MAX_REFERENCE_DEPTH: usize = 4;

/// One file's bytes, or why it could not be read.
#[derive(Debug)]
pub struct FileInput {
    /// The name given to the core: the path as the user wrote it, joined with what a folder
    /// walk found below it.
    pub name: String,
    /// The contents (at most the core's limit plus one byte, so that the core reports the
    /// file as too large).
    pub bytes: Vec<u8>,
    /// Found by walking a folder rather than named by the user: unrecognised files there are
    /// skipped quietly.
    pub from_walk: bool,
}

/// A path that could not be read.
#[derive(Debug)]
pub struct Unreadable {
    /// The path.
    pub name: String,
    /// Why.
    pub reason: String,
}

/// Everything read.
#[derive(Debug, Default)]
pub struct Gathered {
    /// The files.
    pub files: Vec<FileInput>,
    /// What could not be read.
    pub unreadable: Vec<Unreadable>,
}

/// Reads paths; `-` is standard input.
pub fn gather(paths: &[PathBuf]) -> Gathered {
    let mut out = Gathered::default();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            match io::stdin()
                .lock()
                .take(MAX_INPUT_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
            {
                Ok(_) => out.files.push(FileInput {
                    name: "-".into(),
                    bytes,
                    from_walk: false,
                }),
                Err(e) => out.unreadable.push(Unreadable {
                    name: "-".into(),
                    reason: e.to_string(),
                }),
            }
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut out, 0),
            Ok(_) => read_file(path, false, &mut out),
            Err(e) => out.unreadable.push(Unreadable {
                name: display(path),
                reason: describe(&e, path),
            }),
        }
    }
    out
}

/// A path as the user would write it: `./pki/ca.crt` found by walking `.` reads `pki/ca.crt`.
fn display(path: &Path) -> String {
    let s = path.to_string_lossy();
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => s.into_owned(),
    }
}

/// An I/O error in the words an operator needs, with the usual fix.
pub fn describe(e: &io::Error, path: &Path) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".into(),
        io::ErrorKind::PermissionDenied => {
            let owner_hint = if path.starts_with("/etc/kubernetes") || path.starts_with("/etc/etcd") {
                "; the PKI is readable by root only: run with sudo"
            } else {
                "; run as a user who can read it (often root: sudo)"
            };
            format!("permission denied{owner_hint}")
        }
        _ => e.to_string(),
    }
}

/// Reads the files the gathered inputs name and that are not among them yet, as the core lists
/// them, until nothing new is named. Returns those that could not be read; a missing optional
/// one (systemd's `EnvironmentFile=-...`) is left out quietly.
pub fn follow_references(gathered: &mut Gathered) -> Vec<UnreadableReference> {
    let mut attempted: HashSet<String> = HashSet::new();
    let mut already_read: HashSet<PathBuf> = gathered
        .files
        .iter()
        .filter_map(|f| fs::canonicalize(&f.name).ok())
        .collect();
    let mut unreadable = Vec::new();
    for _ in 0..MAX_REFERENCE_DEPTH {
        let references = {
            let inputs: Vec<Input<'_>> = gathered.files.iter().map(|f| Input::new(&f.name, &f.bytes)).collect();
            unresolved_references(&inputs)
        };
        let fresh: Vec<_> = references
            .into_iter()
            .filter(|r| attempted.insert(r.path.clone()))
            .collect();
        if fresh.is_empty() {
            break;
        }
        for reference in fresh {
            let path = Path::new(&reference.path);
            if fs::canonicalize(path).is_ok_and(|c| !already_read.insert(c)) {
                continue;
            }
            let result = match fs::metadata(path) {
                Ok(meta) if meta.is_dir() => Err("it is a folder, not a file".to_string()),
                Ok(_) => read_capped(path).map_err(|e| describe(&e, path)),
                Err(e) if reference.optional && e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => Err(describe(&e, path)),
            };
            match result {
                // A settings file holding nothing etcdtls reads (Debian's /etc/default/etcd is
                // all comments) is skipped quietly, like a file met in a folder; a file named as
                // a certificate or key that is not one is an error.
                Ok(bytes) => gathered.files.push(FileInput {
                    name: reference.path.clone(),
                    bytes,
                    from_walk: reference.kind == ReferenceKind::Settings,
                }),
                Err(mut reason) => {
                    if path.is_relative() {
                        reason.push_str(
                            " (a relative path, tried from the current folder; the program resolves it from its own working folder)",
                        );
                    }
                    unreadable.push(UnreadableReference { reference, reason })
                }
            }
        }
    }
    unreadable
}

fn read_capped(path: &Path) -> io::Result<Vec<u8>> {
    let f = fs::File::open(path)?;
    let mut bytes = Vec::new();
    f.take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn read_file(path: &Path, from_walk: bool, out: &mut Gathered) {
    let name = display(path);
    match read_capped(path) {
        Ok(bytes) => out.files.push(FileInput { name, bytes, from_walk }),
        Err(e) => out.unreadable.push(Unreadable {
            reason: describe(&e, path),
            name,
        }),
    }
}

/// Walks a folder in name order. Follows links to files, not to folders (no loops), and
/// skips the `..data`-style folders of Kubernetes' atomic writer, whose files are reached
/// again through the visible links.
fn walk(dir: &Path, out: &mut Gathered, depth: usize) {
    if depth > 16 {
        return;
    }
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.unreadable.push(Unreadable {
                name: display(dir),
                reason: describe(&e, dir),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".."));
        if hidden {
            continue;
        }
        let Ok(link_meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        if link_meta.is_dir() {
            walk(&path, out, depth + 1);
        } else if link_meta.file_type().is_symlink() {
            if fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                read_file(&path, true, out);
            }
        } else if link_meta.is_file() {
            read_file(&path, true, out);
        }
    }
}
