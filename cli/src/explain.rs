//! `etcdtls explain`: read files, run the core, print the report.

use std::io::IsTerminal;
use std::path::PathBuf;

use etcdtls_core::locations::{self, PKI_LOCATIONS};
use etcdtls_core::{Input, InputErrorKind, Options, Report, ReportJson, analyze_following};

use crate::cli::{ExplainArgs, ExplainFormat, GlobalFlags};
use crate::exit::{ExitStatus, Failure};
use crate::inputs;
use crate::render::text::Extras;
use crate::render::{html, markdown, text};

/// The format asked for with `-o`, or with etcdctl's `-w`.
fn format(args: &ExplainArgs, global: &GlobalFlags) -> Result<ExplainFormat, Failure> {
    if let Some(f) = args.output {
        return Ok(f);
    }
    match global.write_out.as_deref() {
        None | Some("text" | "table" | "simple") => Ok(ExplainFormat::Text),
        Some("json") => Ok(ExplainFormat::Json),
        Some("markdown" | "md") => Ok(ExplainFormat::Markdown),
        Some("html") => Ok(ExplainFormat::Html),
        Some(other) => Err(Failure::new(
            ExitStatus::BadInput,
            format!("explain cannot write \"{other}\"; use text, json, markdown or html"),
        )),
    }
}

/// Runs `explain`.
pub fn run(args: &ExplainArgs, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    let format = format(args, global)?;
    let mut paths = args.paths.clone();
    let mut looking_around = false;
    if paths.is_empty() {
        if !std::io::stdin().is_terminal() {
            paths.push(PathBuf::from("-"));
        } else {
            paths = default_locations()?;
            looking_around = true;
        }
    }
    let mut gathered = inputs::gather(&paths);
    if looking_around {
        // Nobody named these files: what holds nothing etcdtls reads is skipped quietly.
        for file in &mut gathered.files {
            file.from_walk = true;
        }
    }
    let unreadable_references = inputs::follow_references(&mut gathered);
    let inputs: Vec<Input<'_>> = gathered.files.iter().map(|f| Input::new(&f.name, &f.bytes)).collect();
    let now = args.at.unwrap_or_else(time::OffsetDateTime::now_utc);
    let options = Options {
        now,
        warn_days: args.warn_days,
        // Signatures are checked on every core the process may use.
        threads: std::thread::available_parallelism().map_or(1, usize::from),
    };
    let mut report = analyze_following(&inputs, &unreadable_references, &options);

    // Files met while walking a folder that hold nothing etcdtls reads are skipped, not errors.
    let walked: std::collections::HashSet<&str> = gathered
        .files
        .iter()
        .filter(|f| f.from_walk)
        .map(|f| f.name.as_str())
        .collect();
    let mut skipped = Vec::new();
    report.errors.retain(|e| {
        let quiet = walked.contains(&e.source.path.as_str())
            && e.source.locator.is_none()
            && matches!(
                e.kind,
                InputErrorKind::Unrecognized { .. }
                    | InputErrorKind::Empty
                    | InputErrorKind::Yaml { .. }
                    // A file of hex or base64 text that is no certificate: openssl's `ca.srl`.
                    | InputErrorKind::NotCertificateData
            );
        if quiet {
            skipped.push(e.source.path.clone());
        }
        !quiet
    });
    let walked_and_skipped: Vec<String> = skipped;
    let skipped_names: std::collections::HashSet<&str> = walked_and_skipped.iter().map(String::as_str).collect();
    report.inputs.retain(|i| !skipped_names.contains(i.name.as_str()));
    let unreadable: Vec<(String, String)> = gathered
        .unreadable
        .iter()
        .map(|u| (u.name.clone(), u.reason.clone()))
        .collect();
    let extras = Extras {
        unreadable: &unreadable,
        skipped: &walked_and_skipped,
        width: text::output_width(),
        palette: text::Palette::for_stdout(),
    };

    let rendered = match format {
        ExplainFormat::Text => text::render(&report, &extras),
        ExplainFormat::Markdown => markdown::render(&report, &extras),
        ExplainFormat::Html => html::render(&report, &extras),
        ExplainFormat::Json => json(&report, &unreadable),
    };
    crate::exit::write_stdout(rendered.as_bytes())?;
    let has_errors = report.has_errors();
    // A report of a fleet is millions of small allocations, and freeing them one by one takes
    // longer than the process has left to live: the exit returns the memory at once.
    std::mem::forget(report);

    if !unreadable.is_empty() {
        return Ok(ExitStatus::BadInput);
    }
    if args.check && has_errors {
        return Ok(ExitStatus::Error);
    }
    Ok(ExitStatus::Success)
}

/// Without paths, the places distributions keep their PKI that exist on this machine; says
/// on standard error which it reads (standard output stays the report).
fn default_locations() -> Result<Vec<PathBuf>, Failure> {
    let mut seen = std::collections::HashSet::new();
    let found = locations::present(|p| {
        // /lib is often /usr/lib: read each place once.
        std::fs::canonicalize(p).is_ok_and(|real| seen.insert(real))
    });
    if found.is_empty() {
        let looked: Vec<&str> = PKI_LOCATIONS.iter().map(|l| l.path).collect();
        return Err(Failure::new(
            ExitStatus::BadInput,
            format!(
                "none of the places distributions keep their PKI exists here ({}); give certificate files or folders to explain (or pipe PEM text in)",
                looked.join(", ")
            ),
        ));
    }
    let read: Vec<String> = found
        .iter()
        .map(|l| format!("{} ({})", l.path, l.distribution))
        .collect();
    anstream::eprintln!("etcdtls: no paths given; reading {}", read.join(", "));
    Ok(found.iter().map(|l| PathBuf::from(l.path)).collect())
}

fn json(report: &Report, unreadable: &[(String, String)]) -> String {
    let mut value = serde_json::to_value(ReportJson::new(report)).unwrap_or_default();
    if let Some(errors) = value.get_mut("errors").and_then(|e| e.as_array_mut()) {
        for (path, reason) in unreadable {
            errors.insert(
                0,
                serde_json::json!({"source": path, "line": null, "kind": "unreadable", "message": format!("{path}: {reason}")}),
            );
        }
    }
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}
