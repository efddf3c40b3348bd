//! Helpers shared by the CLI tests: generated PKIs written to temp dirs, and the binary.

#![allow(dead_code)]

use std::fs;
use std::path::Path;

use etcdtls_pki::{KeyType, KubeadmOptions, KubeadmPki};
use time::OffsetDateTime;
use time::macros::datetime;

/// The moment generated test PKIs start: fixed, so dates in snapshots do not move.
pub const MINTED: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);

/// A kubeadm-shaped PKI for a node called `node-1` at 10.0.0.5.
pub fn kubeadm(key_type: KeyType) -> KubeadmPki {
    KubeadmPki::generate(&KubeadmOptions::new("node-1", "10.0.0.5", key_type, MINTED)).expect("generate PKI")
}

/// Writes every file of a PKI below `dir`.
pub fn write(dir: &Path, pki: &KubeadmPki) {
    for (rel, contents) in &pki.files {
        let path = dir.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, contents).expect("write");
    }
}

/// The etcdtls binary, with a clean environment for etcdctl's variables.
pub fn etcdtls() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("etcdtls").expect("binary");
    for (k, _) in std::env::vars() {
        if k.starts_with("ETCDCTL_") || k.starts_with("ETCDTLS_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("NO_COLOR", "1");
    // A shell's COLUMNS would narrow text output; tests that want a width set it themselves.
    cmd.env_remove("COLUMNS");
    cmd
}

/// The base64 lines of every private key in a PKI: none may ever appear in output.
pub fn private_key_lines(pki: &KubeadmPki) -> Vec<String> {
    pki.files
        .iter()
        .filter(|(name, _)| name.ends_with(".key"))
        .flat_map(|(_, pem)| {
            pem.lines()
                .filter(|l| !l.starts_with("-----") && l.len() > 20)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Filters that hide what changes from one generated PKI to the next.
pub fn redactions() -> Vec<(&'static str, &'static str)> {
    vec![
        (r"(?:[0-9A-F]{2}:){31}[0-9A-F]{2}", "[FINGERPRINT]"),
        (r"(?:[0-9a-f]{2}:){15}[0-9a-f]{2}", "[SERIAL]"),
        (r"sha256:[0-9a-f]{64}", "sha256:[KEY-ID]"),
        (r"sha256:[0-9a-f]{16}", "sha256:[KEY-ID]"),
        (r"\b[0-9a-f]{64}\b", "[SHA256]"),
        (r"\b[0-9a-f]{40}\b", "[KEY-IDENTIFIER]"),
        (
            r#""-----BEGIN [A-Z ]+-----\\n[^"]*-----END [A-Z ]+-----\\n""#,
            r#""[PEM]""#,
        ),
    ]
}
