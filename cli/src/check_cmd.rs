//! `etcdtls check [COMMAND…]`: review pasted etcdctl and `kubectl exec … -- etcdctl` commands
//! before they run. The core reads the commands; this host answers its questions about files
//! from this machine's disk (or from `--pki DIR`, standing in for `/etc/kubernetes/pki`).

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

use etcdtls_core::Severity;
use etcdtls_core::check::{CheckReport, FileFact, FileHost, RunsIn};

use crate::cli::{CheckArgs, DoctorFormat};
use crate::exit::{ExitStatus, Failure};

/// Where kubeadm keeps its certificates; `--pki` stands in for it.
const KUBEADM_PKI: &str = "/etc/kubernetes/pki";

/// This machine's files, as the commands name them.
#[derive(Debug)]
pub struct LocalFiles {
    /// A folder standing in for `/etc/kubernetes/pki`.
    pub pki: Option<PathBuf>,
}

impl LocalFiles {
    /// Where a path named by a command is on this machine.
    fn local(&self, path: &str) -> PathBuf {
        if let Some(dir) = &self.pki
            && let Some(rest) = path.strip_prefix(KUBEADM_PKI)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            return dir.join(rest.trim_start_matches('/'));
        }
        PathBuf::from(path)
    }
}

impl FileHost for LocalFiles {
    fn file(&self, path: &str) -> FileFact {
        use std::io::ErrorKind;
        let local = self.local(path);
        match std::fs::metadata(&local) {
            Ok(meta) if meta.len() > etcdtls_core::limits::MAX_INPUT_BYTES as u64 => {
                FileFact::Unreadable(format!("it is {} bytes, too large for a certificate", meta.len()))
            }
            Ok(meta) => match std::fs::read(&local) {
                Ok(bytes) => FileFact::Readable {
                    bytes,
                    mode: mode(&meta),
                },
                Err(e) if e.kind() == ErrorKind::PermissionDenied => FileFact::Unreadable("permission denied".into()),
                Err(e) => FileFact::Unreadable(e.to_string()),
            },
            Err(e) if e.kind() == ErrorKind::PermissionDenied => FileFact::Unreadable("permission denied".into()),
            // A file missing from a folder of certificates is missing (a typo, another name);
            // a folder that does not exist here, or holds no certificate or key (`/tmp`, the
            // current folder of a laptop reading someone's notes), says the command is for
            // another machine.
            Err(_) => match local.parent() {
                Some(parent)
                    if holds_certificates(if parent.as_os_str().is_empty() {
                        Path::new(".")
                    } else {
                        parent
                    }) =>
                {
                    FileFact::Missing
                }
                _ => FileFact::Unknown,
            },
        }
    }
}

/// Whether a folder holds a file named like a certificate or key (the first thousand entries).
fn holds_certificates(folder: &Path) -> bool {
    std::fs::read_dir(folder).is_ok_and(|entries| {
        entries.take(1000).flatten().any(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            [".crt", ".pem", ".key", ".cer", ".der"]
                .iter()
                .any(|ext| name.ends_with(ext))
        })
    })
}

#[cfg(unix)]
fn mode(meta: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(meta.permissions().mode())
}

#[cfg(not(unix))]
fn mode(_meta: &std::fs::Metadata) -> Option<u32> {
    None
}

/// Runs `check`.
pub fn run(args: &CheckArgs) -> Result<ExitStatus, Failure> {
    // etcdctl's own `check perf|datascale` load-tests a cluster; the name is ours here, so say
    // which tool does that rather than reviewing "perf" as a command.
    if let Some(sub @ ("perf" | "datascale")) = args.command.first().map(String::as_str) {
        return Err(Failure::new(
            ExitStatus::BadArgs,
            format!(
                "`etcdtls check` reviews etcdctl commands; etcdctl's `check {sub}` (a load test against the cluster) is not supported by etcdtls: run `etcdctl check {sub}`"
            ),
        ));
    }
    let text = if args.command.is_empty() {
        let mut t = String::new();
        std::io::stdin()
            .read_to_string(&mut t)
            .map_err(|e| Failure::new(ExitStatus::Io, format!("reading standard input: {e}")))?;
        t
    } else if let [path] = args.command.as_slice()
        && let Some(text) = notes_file(path)
    {
        // `etcdtls check runbook.md`: a file of notes, read as if pasted.
        text
    } else if let [snippet] = args.command.as_slice()
        && snippet.contains(char::is_whitespace)
    {
        // `etcdtls check 'kubectl exec … -- etcdctl …'`: one quoted argument is the command as
        // text, as pasted, not one word (no etcdctl command has a space in its name).
        snippet.clone()
    } else {
        args.command
            .iter()
            .map(|a| etcdtls_core::check::shell::quote(a))
            .collect::<Vec<_>>()
            .join(" ")
    };
    if let Some(dir) = &args.pki
        && !Path::new(dir).is_dir()
    {
        return Err(Failure::new(
            ExitStatus::BadInput,
            format!("--pki {}: not a folder", dir.display()),
        ));
    }
    let files = LocalFiles { pki: args.pki.clone() };
    let report = etcdtls_core::check(&text, &files, time::OffsetDateTime::now_utc());
    if report.commands.is_empty() {
        return Err(Failure::new(
            ExitStatus::BadInput,
            "no etcdctl command found (give one as arguments, e.g. `etcdtls check etcdctl --endpoints=... member list`, or paste a snippet on standard input)",
        ));
    }
    let rendered = match args.output.unwrap_or(DoctorFormat::Text) {
        DoctorFormat::Json => format!("{}\n", serde_json::to_string_pretty(&report).unwrap_or_default()),
        DoctorFormat::Text => text_report(&report),
    };
    crate::exit::write_stdout(rendered.as_bytes())?;
    Ok(if report.has_errors() {
        ExitStatus::Error
    } else {
        ExitStatus::Success
    })
}

/// The text of a file named as the only argument (`etcdtls check notes.md`), when it is one:
/// an existing regular file of UTF-8 text, not larger than an input may be. A program's binary
/// (`etcdtls check etcdctl` beside an `./etcdctl`) is no text, so the word stays a command.
fn notes_file(arg: &str) -> Option<String> {
    if arg.starts_with('-') {
        return None;
    }
    let meta = std::fs::metadata(arg).ok()?;
    if !meta.is_file() || meta.len() > etcdtls_core::limits::MAX_INPUT_BYTES as u64 {
        return None;
    }
    String::from_utf8(std::fs::read(arg).ok()?).ok()
}

/// The arguments were split by the user's shell already: quote them back so the core reads
/// the same words (`'--cacert=/a b'` stays one word).
fn text_report(report: &CheckReport) -> String {
    let bold = anstyle::Style::new().bold();
    let colour = |s: Severity| match s {
        Severity::Error => anstyle::AnsiColor::Red.on_default().bold(),
        Severity::Warning => anstyle::AnsiColor::Yellow.on_default().bold(),
        Severity::Info => anstyle::AnsiColor::Blue.on_default(),
    };
    let mut out = String::new();
    for (i, c) in report.commands.iter().enumerate() {
        let _ = writeln!(out, "{bold}{}. {}{bold:#}", i + 1, c.command);
        let place = match (c.runs_in, &c.target) {
            (RunsIn::Pod, Some(t)) => format!("in pod {t}"),
            (RunsIn::Container, Some(t)) => format!("in container {t}"),
            (RunsIn::Remote, Some(t)) => format!("on host {t}, through ssh"),
            _ => "on this host".to_string(),
        };
        let _ = writeln!(out, "   runs:  {place}");
        let _ = writeln!(out, "   does:  {}", c.does);
        if c.findings.is_empty() {
            let _ = writeln!(out, "   ok:    nothing wrong found");
        }
        for f in &c.findings {
            let style = colour(f.severity);
            let _ = writeln!(
                out,
                "   {style}{:<7}{style:#} {}: {}",
                f.severity.to_string(),
                f.id,
                f.message
            );
            let _ = writeln!(out, "           fix: {}", f.fix);
        }
        if let Some(fixed) = &c.corrected {
            let _ = writeln!(out, "   corrected:\n     {fixed}");
        }
        out.push('\n');
    }
    let errors = report.commands.iter().filter(|c| c.has_errors()).count();
    let _ = writeln!(
        out,
        "{} command{} checked, {} with errors",
        report.commands.len(),
        if report.commands.len() == 1 { "" } else { "s" },
        errors
    );
    out
}
