//! The text report: an inventory table like `kubeadm certs check-expiration`, then each item
//! explained with its findings, then the commands that connect.
//!
//! Styles are written unconditionally; `anstream` strips them when standard output is not a
//! terminal or `NO_COLOR` is set.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use etcdtls_core::humanize::{date, residual};
use etcdtls_core::model::ItemBody;
use etcdtls_core::{Finding, Item, Report, Severity, connection_recipes, explain};

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const RED: Style = AnsiColor::Red.on_default().bold();
const YELLOW: Style = AnsiColor::Yellow.on_default().bold();
const BLUE: Style = AnsiColor::Blue.on_default();
const GREEN: Style = AnsiColor::Green.on_default();
const CYAN: Style = AnsiColor::Cyan.on_default();

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// The mark and style of a severity.
pub fn severity_mark(s: Severity) -> (Style, &'static str) {
    match s {
        Severity::Error => (RED, "✗ error"),
        Severity::Warning => (YELLOW, "! warning"),
        Severity::Info => (BLUE, "· info"),
    }
}

/// What the files were, as extra lines for problems the CLI found before the core ran.
#[derive(Debug)]
pub struct Extras<'a> {
    /// Paths that could not be read: (path, reason).
    pub unreadable: &'a [(String, String)],
    /// Files found in folders that held nothing etcdtls reads.
    pub skipped: &'a [String],
}

/// Renders a report as text.
pub fn render(report: &Report, extras: &Extras<'_>) -> String {
    let mut out = String::new();
    let files = report.inputs.len();
    let _ = writeln!(
        out,
        "{}",
        paint(
            DIM,
            &format!(
                "Evaluated at {} · {} item{} from {} input{} · expiry warnings within {} days",
                date(report.now),
                report.items.len(),
                plural(report.items.len()),
                files,
                plural(files),
                report.warn_days
            )
        )
    );
    if let Some(d) = report.distribution {
        let _ = writeln!(
            out,
            "Distribution: {} (its PKI layout explains these files best)",
            d.name
        );
    }
    out.push('\n');
    if !report.items.is_empty() {
        inventory(report, &mut out);
        out.push('\n');
    }
    for item in &report.items {
        item_section(report, item, &mut out);
    }

    let general: Vec<&Finding> = report.findings.iter().filter(|f| f.items.is_empty()).collect();
    if !general.is_empty() {
        let _ = writeln!(out, "{}", paint(BOLD, "Configuration"));
        for f in general {
            finding_lines(f, "  ", &mut out);
        }
        out.push('\n');
    }

    if !report.errors.is_empty() || !extras.unreadable.is_empty() {
        let _ = writeln!(out, "{}", paint(BOLD, "Could not read"));
        for (path, reason) in extras.unreadable {
            let _ = writeln!(out, "  {} {path}: {reason}", paint(RED, "✗"));
        }
        for e in &report.errors {
            let _ = writeln!(out, "  {} {e}", paint(RED, "✗"));
        }
        out.push('\n');
    }
    if !extras.skipped.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            paint(
                DIM,
                &format!(
                    "Skipped {} file{} with no certificates, keys or configuration: {}",
                    extras.skipped.len(),
                    plural(extras.skipped.len()),
                    extras.skipped.join(", ")
                )
            )
        );
        out.push('\n');
    }

    recipes(report, &mut out);

    let count = |s| report.findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, infos) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    let unreadable = report.errors.len() + extras.unreadable.len();
    let summary = format!(
        "{errors} error{}, {warnings} warning{}, {infos} note{}{}",
        plural(errors),
        plural(warnings),
        plural(infos),
        if unreadable > 0 {
            format!(", {unreadable} unreadable")
        } else {
            String::new()
        }
    );
    let style = if errors > 0 || unreadable > 0 {
        RED
    } else if warnings > 0 {
        YELLOW
    } else {
        GREEN
    };
    let _ = writeln!(out, "{}", paint(style, &summary));
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The etcdctl and etcdtls commands for the pairs found.
pub fn recipes(report: &Report, out: &mut String) {
    let recipes = connection_recipes(report);
    if recipes.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", paint(BOLD, "Connect to etcd with these files"));
    for (i, r) in recipes.iter().enumerate() {
        let _ = writeln!(out, "  {} ({}): {}", paint(CYAN, r.role.id()), r.cert, r.note);
        if i == 0 {
            let _ = writeln!(out, "    {}", r.etcdctl);
            for line in &r.env {
                let _ = writeln!(out, "    {line}");
            }
        }
        let _ = writeln!(out, "    {}", r.etcdtls);
    }
    out.push('\n');
}

/// The folder every item lives under (`/etc/kubernetes/`), so the table can show short names.
/// Empty when the items share no folder.
pub fn common_folder(report: &Report) -> String {
    let mut folders = report.items.iter().map(|i| i.source.folder());
    let Some(first) = folders.next() else {
        return String::new();
    };
    let mut common: Vec<&str> = first.split('/').collect();
    for folder in folders {
        let parts: Vec<&str> = folder.split('/').collect();
        let n = common.iter().zip(&parts).take_while(|(a, b)| a == b).count();
        common.truncate(n);
    }
    let joined = common.join("/");
    if joined.is_empty() {
        joined
    } else {
        format!("{joined}/")
    }
}

fn shorten<'a>(prefix: &str, id: &'a str) -> &'a str {
    id.strip_prefix(prefix).unwrap_or(id)
}

/// The inventory: one row per item.
pub fn inventory(report: &Report, out: &mut String) {
    let prefix = common_folder(report);
    let short = |id: &str| shorten(&prefix, id).to_string();
    if !prefix.is_empty() {
        let _ = writeln!(out, "{}", paint(DIM, &format!("Under {prefix}")));
    }
    let header = [
        "ITEM",
        "KIND",
        "ROLE",
        "EXPIRES",
        "RESIDUAL",
        "ISSUER / PAIR",
        "FINDINGS",
    ];
    let rows: Vec<[String; 7]> = report
        .items
        .iter()
        .map(|item| {
            let (expires, left, link) = match &item.body {
                ItemBody::Certificate(c) => (
                    date(c.not_after),
                    residual(report.now, c.not_after),
                    if c.self_signed {
                        "self-signed".to_string()
                    } else {
                        item.issued_by.as_ref().map(|i| short(&i.0)).unwrap_or_else(|| {
                            format!(
                                "{} (not given)",
                                c.issuer.common_name.as_deref().unwrap_or(&c.issuer.text)
                            )
                        })
                    },
                ),
                ItemBody::PrivateKey(_) => (
                    "-".into(),
                    "-".into(),
                    match (&item.certificate, &item.public_key_item) {
                        (Some(c), _) => format!("key of {}", short(&c.0)),
                        (None, Some(p)) => format!("key of {}", short(&p.0)),
                        _ => "no certificate".into(),
                    },
                ),
                ItemBody::PublicKey(_) => (
                    "-".into(),
                    "-".into(),
                    item.key
                        .as_ref()
                        .map(|k| format!("public half of {}", short(&k.0)))
                        .unwrap_or_default(),
                ),
                ItemBody::Csr(_) => (
                    "-".into(),
                    "-".into(),
                    item.key
                        .as_ref()
                        .map(|k| format!("key {}", short(&k.0)))
                        .unwrap_or_default(),
                ),
                ItemBody::Crl(c) => (
                    c.next_update.map(date).unwrap_or_else(|| "-".into()),
                    c.next_update
                        .map(|n| residual(report.now, n))
                        .unwrap_or_else(|| "-".into()),
                    item.issued_by.as_ref().map(|i| short(&i.0)).unwrap_or_default(),
                ),
            };
            let worst = report.findings_for(&item.id).map(|f| f.severity).max();
            let n = report.findings_for(&item.id).count();
            let findings = match worst {
                None => "ok".into(),
                Some(s) => format!("{n} ({s})"),
            };
            [
                short(&item.id.0),
                item.kind().id().into(),
                item.role.id().into(),
                expires,
                left,
                link,
                findings,
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        cells
            .iter()
            .zip(widths.iter())
            .enumerate()
            .map(|(i, (c, w))| {
                if i + 1 == cells.len() {
                    c.clone()
                } else {
                    format!("{c:<w$}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    let _ = writeln!(out, "{}", paint(BOLD, &line(&header.map(String::from))));
    for row in rows {
        let text = line(&row);
        let style = if row[6].contains("error") || row[4] == "expired" {
            RED
        } else if row[6].contains("warning") {
            YELLOW
        } else {
            Style::new()
        };
        let _ = writeln!(out, "{}", paint(style, &text));
    }
}

/// One item explained, with its findings.
pub fn item_section(report: &Report, item: &Item, out: &mut String) {
    let e = explain(report, item);
    let _ = writeln!(
        out,
        "{} {}",
        paint(BOLD, &format!("── {}", item.id)),
        paint(CYAN, &format!("[{}]", item.role.id()))
    );
    let _ = writeln!(out, "   {}", paint(BOLD, &e.headline));
    let _ = writeln!(out, "   {}", e.picture);
    let field = |out: &mut String, name: &str, value: &str| {
        if !value.is_empty() {
            let _ = writeln!(out, "   {} {value}", paint(DIM, &format!("{name:<11}")));
        }
    };
    field(out, "Issued by", &e.issued_by);
    field(out, "Identifies", &e.identifies);
    field(out, "Allows", &e.allows);
    field(out, "Used by", &e.used_by.join("; "));
    field(out, "Validity", &e.validity);
    field(
        out,
        "Role",
        &format!("{} — because {}", item.role.title(), item.role_reasons.join("; ")),
    );
    if let Some(d) = item.distribution().filter(|d| Some(*d) != report.distribution) {
        field(out, "Layout", &format!("{}'s, unlike the rest", d.name));
    }
    match &item.body {
        ItemBody::Certificate(c) => {
            let details = format!(
                "serial {}, {} key, {}, SHA-256 {}",
                c.serial, c.public_key.algorithm, c.signed.algorithm, c.fingerprint_sha256
            );
            field(out, "Details", &details);
        }
        ItemBody::PrivateKey(k) => {
            if let Some(p) = &k.public_key {
                field(
                    out,
                    "Details",
                    &format!("{}; public key sha256:{}", k.format, p.spki_sha256),
                );
            }
        }
        ItemBody::PublicKey(p) => field(out, "Details", &format!("public key sha256:{}", p.spki_sha256)),
        _ => {}
    }
    for f in report
        .findings_for(&item.id)
        .filter(|f| f.items.first() == Some(&item.id))
    {
        finding_lines(f, "   ", out);
    }
    out.push('\n');
}

fn finding_lines(f: &Finding, indent: &str, out: &mut String) {
    let (style, mark) = severity_mark(f.severity);
    let _ = writeln!(
        out,
        "{indent}{} {}: {}",
        paint(style, mark),
        paint(BOLD, f.id.id()),
        f.message
    );
    let _ = writeln!(out, "{indent}  {} {}", paint(GREEN, "fix:"), f.fix);
}
