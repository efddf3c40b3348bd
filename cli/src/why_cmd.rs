//! `etcdtls why "<error text>"`: what an error line from etcdctl, etcd or kube-apiserver means.

use std::fmt::Write as _;
use std::io::Read;

use crate::cli::{DoctorFormat, WhyArgs};
use crate::exit::{ExitStatus, Failure};

/// Runs `why`.
pub fn run(args: &WhyArgs) -> Result<ExitStatus, Failure> {
    let text = if args.message.is_empty() {
        let mut t = String::new();
        std::io::stdin()
            .read_to_string(&mut t)
            .map_err(|e| Failure::new(ExitStatus::Io, e.to_string()))?;
        t
    } else {
        args.message.join(" ")
    };
    let entries = etcdtls_core::why(&text);
    let rendered = match args.output.unwrap_or(DoctorFormat::Text) {
        DoctorFormat::Json => format!("{}\n", serde_json::to_string_pretty(&entries).unwrap_or_default()),
        DoctorFormat::Text => {
            let mut out = String::new();
            let bold = anstyle::Style::new().bold();
            for (i, e) in entries.iter().enumerate() {
                let _ = writeln!(out, "{bold}{}. \"{}\"{bold:#}", i + 1, e.message);
                let _ = writeln!(out, "   printed by: {}", e.printed_by);
                let _ = writeln!(out, "   means:      {}", e.meaning);
                let _ = writeln!(out, "   likely causes:");
                for c in &e.causes {
                    let _ = writeln!(out, "     - {c}");
                }
                let _ = writeln!(out, "   fixes:");
                for f in &e.fixes {
                    let _ = writeln!(out, "     - {f}");
                }
                if let Some(d) = e.diagnosis {
                    let _ = writeln!(out, "   (etcdtls doctor calls this {d})");
                }
                out.push('\n');
            }
            out
        }
    };
    crate::exit::write_stdout(rendered.as_bytes())?;
    if entries.is_empty() {
        return Err(Failure::new(
            ExitStatus::Error,
            "no TLS or etcd error etcdtls knows was found in that text; run the failing command with etcdtls instead of etcdctl, or `etcdtls doctor` with its flags",
        ));
    }
    Ok(ExitStatus::Success)
}
