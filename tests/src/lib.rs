//! Helpers for the end-to-end tests: real etcd members from `etcdtls lab` (each test owns its
//! lab, and dropping it stops the members, whatever happens), and the real `etcdtls` binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod browser;
pub mod differential;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Once;
use std::time::{Duration, Instant};

use etcdtls::lab::{ClientSecurity, Lab, LabSpec};

/// The `etcdtls` binary, built once per test run so it is never stale.
///
/// The build runs without the variables cargo sets for this test process (`CARGO_MANIFEST_DIR`,
/// `CARGO_PKG_NAME`, ...): ring's build script asks to be rerun when they change, so with them
/// this build would recompile ring and everything above it, and the next `cargo test` would
/// recompile it all again.
pub fn etcdtls_bin() -> PathBuf {
    static BUILD: Once = Once::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    BUILD.call_once(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut build = Command::new(cargo);
        for (name, _) in std::env::vars_os() {
            if name.to_str().is_some_and(set_by_cargo_for_this_crate) {
                build.env_remove(name);
            }
        }
        let status = build
            .args(["build", "--quiet", "-p", "etcdtls", "--bin", "etcdtls"])
            .current_dir(&root)
            .status()
            .expect("running cargo build for the etcdtls binary");
        assert!(status.success(), "building the etcdtls binary failed");
    });
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    target.join("debug").join("etcdtls")
}

/// Whether cargo sets the variable `name` for the crate it builds or runs (its package's
/// manifest, name and version, the crate's names, its output folders), as opposed to the
/// settings of cargo itself (`CARGO`, `CARGO_HOME`, `CARGO_TARGET_DIR`, `CARGO_BUILD_*`, ...).
fn set_by_cargo_for_this_crate(name: &str) -> bool {
    ["CARGO_MANIFEST_", "CARGO_PKG_", "CARGO_BIN_EXE_"]
        .iter()
        .any(|p| name.starts_with(p))
        || [
            "CARGO_CRATE_NAME",
            "CARGO_BIN_NAME",
            "CARGO_PRIMARY_PACKAGE",
            "CARGO_TARGET_TMPDIR",
            "CARGO_RUSTC_CURRENT_DIR",
            "OUT_DIR",
        ]
        .contains(&name)
}

/// Fails loudly when etcd is missing: these tests prove things against a real server.
pub fn require_etcd() {
    let bin = etcdtls::lab::etcd_binary();
    let ok = Command::new(&bin)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "etcd is not installed ({}): run scripts/setup.sh, or set ETCD_BIN",
        bin.display()
    );
}

/// A lab of `members` members with the given client security, in a fresh temp folder.
pub fn lab(members: u8, security: ClientSecurity) -> (Lab, tempfile::TempDir) {
    require_etcd();
    let dir = tempfile::tempdir().unwrap();
    let mut spec = LabSpec::new(members, dir.path().join("lab"));
    spec.client_security = security;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let lab = runtime.block_on(Lab::up(&spec)).expect("lab up");
    (lab, dir)
}

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// Wall time.
    pub took: Duration,
}

impl Run {
    /// stdout and stderr together, for messages.
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

fn clean(cmd: &mut Command) {
    for (k, _) in std::env::vars() {
        if k.starts_with("ETCDCTL_") || k.starts_with("ETCDTLS_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("NO_COLOR", "1");
}

fn finish(output: Output, took: Duration) -> Run {
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        took,
    }
}

/// Runs etcdtls with arguments (and optional variables).
pub fn etcdtls(args: &[String], env: &[(String, String)]) -> Run {
    let mut cmd = Command::new(etcdtls_bin());
    clean(&mut cmd);
    cmd.args(args).envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let started = Instant::now();
    let out = cmd.output().expect("run etcdtls");
    finish(out, started.elapsed())
}

/// Runs the real etcdctl with the same arguments, to compare outputs.
pub fn etcdctl(args: &[String]) -> Run {
    etcdctl_with_env(args, &[])
}

/// Runs the real etcdctl with arguments and `ETCDCTL_*` variables (as after sourcing a
/// distribution's environment file).
pub fn etcdctl_with_env(args: &[String], env: &[(String, String)]) -> Run {
    let mut cmd = Command::new("etcdctl");
    clean(&mut cmd);
    cmd.env("ETCDCTL_API", "3")
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .args(args);
    let started = Instant::now();
    let out = cmd
        .output()
        .expect("run etcdctl (install etcd-client, or run scripts/setup.sh)");
    finish(out, started.elapsed())
}

/// Builds an argument list from string slices.
pub fn args(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

/// The lab's flags, then the command.
pub fn with_flags(lab: &Lab, command: &[&str]) -> Vec<String> {
    let mut v = lab.flags();
    v.extend(command.iter().map(|s| s.to_string()));
    v
}

/// Flags to connect to `endpoints` with the given files of the lab's PKI.
pub fn tls_flags(lab: &Lab, endpoints: &str, cacert: &str, cert: Option<&str>, key: Option<&str>) -> Vec<String> {
    let mut v = vec![
        format!("--endpoints={endpoints}"),
        format!("--cacert={}", lab.path(cacert).display()),
    ];
    if let Some(c) = cert {
        v.push(format!("--cert={}", lab.path(c).display()));
    }
    if let Some(k) = key {
        v.push(format!("--key={}", lab.path(k).display()));
    }
    v
}

/// The lab's etcd CA, loaded to issue more certificates from it.
pub fn lab_etcd_ca(lab: &Lab) -> etcdtls_pki::Ca {
    etcdtls_pki::Ca::load(
        &std::fs::read_to_string(lab.path("pki/etcd/ca.crt")).unwrap(),
        &std::fs::read_to_string(lab.path("pki/etcd/ca.key")).unwrap(),
    )
    .unwrap()
}

/// A healthcheck-client certificate from `ca` that expired about a month ago.
pub fn expired_client(ca: &etcdtls_pki::Ca) -> etcdtls_pki::Pair {
    let long_ago = time::OffsetDateTime::now_utc() - time::Duration::days(400);
    let spec = etcdtls_pki::LeafSpec::new(
        "kube-etcd-healthcheck-client",
        etcdtls_pki::Usage::Client,
        long_ago,
        etcdtls_pki::KeyType::EcdsaP256,
    )
    .valid(long_ago, long_ago + time::Duration::days(365));
    ca.issue(&spec).unwrap()
}

/// Writes a pair as `<name>.crt` and `<name>.key` in `dir`.
pub fn write_pair(dir: &Path, name: &str, pair: &etcdtls_pki::Pair) -> (PathBuf, PathBuf) {
    let (c, k) = (dir.join(format!("{name}.crt")), dir.join(format!("{name}.key")));
    std::fs::write(&c, &pair.cert_pem).unwrap();
    std::fs::write(&k, &pair.key.pem).unwrap();
    (c, k)
}

/// Server-made values in text: hexadecimal IDs (members, leases) become `<ID:width>`, decimal
/// ones `<ID>`.
///
/// Each tool makes its own member or lease, so the IDs differ and so may their lengths: etcdctl
/// prints a member ID with `%16x`, which pads a 15-digit ID with a space. The width kept is that
/// of the whole field (padding spaces beyond the one separator, plus the digits), so "Member
/// c46d31e38fbf044f" and "Member  8cf75cc30b66253" both read `Member <ID:16>`, while an
/// unpadded 15-digit ID still reads `<ID:15>` and a missing pad is caught. A decimal ID (a JSON
/// value, as `jq` spreads it over lines) is never padded, and its length is only its value's: which
/// member's ID a header carries depends on which member answered, and etcdctl's balancer takes
/// whichever connection is ready first, so its width says nothing.
pub fn normalise_ids(s: &str) -> String {
    let mut out = String::new();
    let mut token = String::new();
    // A hex ID has letters, or (all digits by chance) at least 15 of them.
    let flush = |token: &mut String, out: &mut String| {
        let hex = token.len() >= 12 && token.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase());
        let digits = token.chars().all(|c| c.is_ascii_digit());
        // A decimal ID is a JSON value (`"ID": 192818146854660670`); all digits elsewhere is a
        // hex ID without a letter by chance.
        let decimal = digits && out.trim_end_matches(' ').ends_with(':');
        if hex && decimal && token.len() >= 15 {
            out.push_str("<ID>");
        } else if hex && (!digits || token.len() >= 15) {
            let spaces = out.len() - out.trim_end_matches(' ').len();
            let padding = spaces.saturating_sub(1);
            out.truncate(out.len() - padding);
            out.push_str(&format!("<ID:{}>", padding + token.len()));
        } else {
            out.push_str(token);
        }
        token.clear();
    };
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}
