//! `snapshot save` and `snapshot status`.
//!
//! save writes etcd's snapshot stream as etcdctl 3.4 does: into `<file>.part` (mode 0600),
//! checks that the stream ended with etcd's SHA-256 trailer, fsyncs, renames to `<file>`, and
//! prints `Snapshot saved at <file>`. The file is byte for byte what etcd sent, trailer
//! included, so `etcdctl snapshot restore` verifies it as it verifies its own. etcdtls also
//! checks the trailer against the data before the rename: a damaged transfer never replaces a
//! good file. A progress bar is drawn on stderr only when stderr is a terminal.
//!
//! status reads the bolt file offline (see `bolt`), like `etcdctl snapshot status`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Ctl, bad_args, check_known_format, emit, unsupported_format};
use crate::cli::GlobalFlags;
use crate::exit::{ExitStatus, Failure};
use crate::render::etcdctl::{human_bytes, json_line, table};

/// etcd appends a SHA-256 of the database to the stream; the database is a whole number of
/// 512-byte blocks, so a complete stream is 32 bytes past one.
fn has_checksum(size: u64) -> bool {
    size % 512 == 32
}

/// Whether the user set `--command-timeout` (flag or variable): etcdctl puts no time limit on
/// a snapshot otherwise, since a large database takes longer than the 5 s default.
fn command_timeout_set() -> bool {
    std::env::var_os("ETCDCTL_COMMAND_TIMEOUT").is_some()
        || std::env::args().any(|a| a == "--command-timeout" || a.starts_with("--command-timeout="))
}

fn interrupted(message: impl Into<String>) -> Failure {
    Failure::new(ExitStatus::Interrupted, message)
}

/// `snapshot save` takes one file (checked before etcdctl builds its client).
pub(super) fn save_arguments(args: &[String]) -> Result<(), Failure> {
    if args.len() != 1 {
        return Err(bad_args("snapshot save expects one argument"));
    }
    Ok(())
}

/// `snapshot save <file>`.
pub async fn save(ctl: &Ctl<'_>, args: &[String]) -> Result<ExitStatus, Failure> {
    save_arguments(args)?;
    if ctl.settings.targets.len() != 1 {
        let list: Vec<&str> = ctl.settings.targets.iter().map(|t| t.original.as_str()).collect();
        return Err(interrupted(format!(
            "snapshot must be requested to one selected node, not multiple [{}]",
            list.join(" ")
        ))
        .with_detail(["  Give one member in --endpoints (a snapshot is one member's database).".to_string()]));
    }
    let path = PathBuf::from(&args[0]);
    let part = PathBuf::from(format!("{}.part", args[0]));
    let result = write_part(ctl, &part).await;
    match result {
        Ok(()) => {
            std::fs::rename(&part, &path).map_err(|e| {
                let _ = std::fs::remove_file(&part);
                interrupted(format!(
                    "could not rename {} to {} ({e})",
                    part.display(),
                    path.display()
                ))
            })?;
            emit(format!("Snapshot saved at {}\n", args[0]))?;
            Ok(ExitStatus::Success)
        }
        Err(f) => {
            let _ = std::fs::remove_file(&part);
            Err(f)
        }
    }
}

/// Streams the snapshot into `part`, checks and syncs it.
async fn write_part(ctl: &Ctl<'_>, part: &Path) -> Result<(), Failure> {
    let mut file = open_private(part).map_err(|e| interrupted(format!("could not open {} ({e})", part.display())))?;
    // etcdctl's snapshot client fails with ExitInterrupted, a refused login and a connection
    // that never comes included (`snapshot_command.go`: every error of `Save` exits 5; without
    // `--command-timeout` etcdctl waits for the connection forever, so 5 is also what it would
    // say if it ended). Unusable files stay ExitBadArgs, as etcdctl reads them first.
    let (client, target) = ctl.client().await.map_err(|mut f| {
        if matches!(f.status, ExitStatus::BadConnection | ExitStatus::Error) {
            f.status = ExitStatus::Interrupted;
        }
        f
    })?;
    let timeout = command_timeout_set().then_some(ctl.settings.command_timeout);
    let fetch = async {
        let mut stream = client.maintenance_client().snapshot().await?;
        let mut size = 0u64;
        let mut hasher = Sha256::new();
        // The last 32 bytes seen, held back from the hash: they are the trailer.
        let mut tail: Vec<u8> = Vec::new();
        let bar = progress_bar();
        while let Some(msg) = stream.message().await? {
            let blob = msg.blob();
            // Not an I/O error of the connection: carried as a message, ends with exit 5.
            file.write_all(blob)
                .map_err(|e| etcd_client::Error::InvalidArgs(format!("writing {} ({e})", part.display())))?;
            size += blob.len() as u64;
            tail.extend_from_slice(blob);
            if tail.len() > 32 {
                let cut = tail.len() - 32;
                hasher.update(&tail[..cut]);
                tail.drain(..cut);
            }
            if let Some(bar) = &bar {
                bar.set_length(size + msg.remaining_bytes());
                bar.set_position(size);
            }
        }
        if let Some(bar) = bar {
            bar.finish_and_clear();
        }
        Ok::<_, etcd_client::Error>((size, hasher.finalize().to_vec(), tail))
    };
    let outcome = match timeout {
        Some(t) => tokio::time::timeout(t, fetch)
            .await
            .unwrap_or_else(|_| Err(etcd_client::Error::InvalidArgs("context deadline exceeded".into()))),
        None => fetch.await,
    };
    let (size, digest, trailer) = match outcome {
        Ok(v) => v,
        Err(etcd_client::Error::InvalidArgs(m)) => return Err(interrupted(m)),
        Err(e) => {
            let mut f = ctl.explain(super::CallError::Etcd(e), &target).await;
            f.status = ExitStatus::Interrupted;
            return Err(f);
        }
    };
    if !has_checksum(size) {
        return Err(interrupted(format!("sha256 checksum not found [bytes: {size}]")));
    }
    if digest != trailer {
        return Err(interrupted(format!(
            "the snapshot's sha256 trailer does not match its data [bytes: {size}]: the transfer was damaged; nothing was saved"
        )));
    }
    file.sync_all()
        .map_err(|e| interrupted(format!("syncing {} ({e})", part.display())))?;
    Ok(())
}

/// Creates or truncates a file readable by its owner only (etcd's PrivateFileMode).
fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn progress_bar() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bytes}/{total_bytes} [{bar:40}] {bytes_per_sec}") {
        bar.set_style(style);
    }
    Some(bar)
}

/// `snapshot status` in JSON, as etcdctl names the fields.
#[derive(Debug, Serialize)]
struct StatusJson {
    hash: u32,
    revision: i64,
    #[serde(rename = "totalKey")]
    total_key: u64,
    #[serde(rename = "totalSize")]
    total_size: u64,
}

/// `snapshot status <file>`: offline, no connection flags are read.
pub fn status(args: &[String], global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    if args.len() != 1 {
        return Err(bad_args("snapshot status requires exactly one argument"));
    }
    let format = global.write_out.clone().unwrap_or_else(|| "simple".into());
    check_known_format(&format)?;
    let path = &args[0];
    let data = std::fs::read(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        Failure::new(ExitStatus::Error, format!("stat {path}: {why}"))
    })?;
    let s = super::bolt::status(&data).map_err(|e| {
        // Past valid meta pages, etcdctl 3.4's bbolt walks every reachable page when it opens
        // the file (`freepages`) and panics on any damage it meets; a file cut short (an
        // interrupted copy) makes it read past the end (`unexpected fault address`). Either
        // way Go dies with a stack trace and exit 2; etcdtls exits 2 as well, with a sentence.
        // No valid meta page (`invalid database`) and a key at the top that is no bucket are
        // etcdctl's errors, exit 1.
        if e.starts_with("invalid database") || e.starts_with("cannot get hash of bucket") {
            Failure::new(ExitStatus::Error, format!("{path}: {e}"))
        } else {
            Failure::new(
                ExitStatus::BadConnection,
                format!("{path}: {e}: the file is damaged (etcdctl 3.4 crashes on it)"),
            )
        }
    })?;
    let text = match format.as_str() {
        "json" => json_line(&StatusJson {
            hash: s.hash,
            revision: s.revision,
            total_key: s.total_keys,
            total_size: s.total_size,
        }),
        "table" => table(
            &["HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE"],
            &[vec![
                format!("{:x}", s.hash),
                s.revision.to_string(),
                s.total_keys.to_string(),
                human_bytes(s.total_size),
            ]],
        ),
        "fields" => format!(
            "\"Hash\" : {}\n\"Revision\" : {}\n\"Keys\" : {}\n\"Size\" : {}\n",
            s.hash, s.revision, s.total_keys, s.total_size
        ),
        "simple" => format!(
            "{:x}, {}, {}, {}\n",
            s.hash,
            s.revision,
            s.total_keys,
            human_bytes(s.total_size)
        ),
        other => return Err(unsupported_format(other)),
    };
    emit(text)?;
    Ok(ExitStatus::Success)
}
