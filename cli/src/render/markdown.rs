//! The Markdown report, for pasting into an issue or a runbook.

use std::fmt::Write as _;

use etcdtls_core::humanize::{date, residual};
use etcdtls_core::model::ItemBody;
use etcdtls_core::{Report, connection_recipes, explain};

use super::text::Extras;

/// Prose with the characters Markdown would take for markup escaped (CommonMark's backslash
/// escapes), and line breaks as spaces: a certificate's names are anyone's text, so
/// `CN=*x* <img src=...>` prints as written, never as emphasis or HTML.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A finding as a list item: severity, id, message and fix.
fn finding_line(out: &mut String, f: &etcdtls_core::Finding) {
    let _ = writeln!(
        out,
        "- **{} `{}`:** {} *Fix:* {}",
        f.severity,
        f.id,
        text(&f.message),
        text(&f.fix)
    );
}

/// The longest run of backticks in a text: a fence around it needs one more.
fn longest_backtick_run(s: &str) -> usize {
    s.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// A code span that holds any text: fenced by more backticks than the text's longest run, and
/// padded where the text starts or ends with one (CommonMark).
fn code(s: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(s) + 1);
    let s = s.replace(['\n', '\r'], " ");
    if s.starts_with('`') || s.ends_with('`') {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

/// A table cell: prose escaped, no line break.
fn cell(s: &str) -> String {
    text(s)
}

/// Renders a report as Markdown.
pub fn render(report: &Report, extras: &Extras<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# etcdtls report\n");
    let _ = writeln!(
        out,
        "Evaluated at {}; expiry warnings within {} days.\n",
        date(report.now),
        report.warn_days
    );
    if let Some(d) = report.distribution {
        let _ = writeln!(
            out,
            "Distribution: **{}** (its PKI layout explains these files best).\n",
            d.name
        );
    }
    if !report.items.is_empty() {
        let _ = writeln!(
            out,
            "| Item | Kind | Role | Expires | Residual | Issuer / pair | Findings |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|");
        for item in &report.items {
            let (expires, left, link) = match &item.body {
                ItemBody::Certificate(c) => (
                    date(c.not_after),
                    residual(report.now, c.not_after),
                    if c.self_signed {
                        "self-signed".to_string()
                    } else {
                        item.issued_by
                            .as_ref()
                            .map(|i| i.0.clone())
                            .unwrap_or_else(|| "not given".into())
                    },
                ),
                ItemBody::PrivateKey(_) => (
                    "".into(),
                    "".into(),
                    item.certificate
                        .as_ref()
                        .map(|c| format!("key of {c}"))
                        .unwrap_or_default(),
                ),
                ItemBody::Csr(_) => (
                    "".into(),
                    "".into(),
                    match (&item.certificate, &item.key) {
                        (Some(c), _) => format!("request for {c}"),
                        (None, Some(k)) => format!("request of {k}"),
                        (None, None) => String::new(),
                    },
                ),
                _ => ("".into(), "".into(), String::new()),
            };
            let findings: Vec<&str> = report.findings_for(&item.id).map(|f| f.id.id()).collect();
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} | {} | {} | {} |",
                code(&item.id.0),
                item.kind(),
                item.role,
                expires,
                left,
                cell(&link),
                cell(&findings.join(", "))
            );
        }
        out.push('\n');
    }
    for item in &report.items {
        let e = explain(report, item);
        let _ = writeln!(out, "## {}: {}\n", code(&item.id.0), text(&e.headline));
        let _ = writeln!(out, "{}\n", text(&e.picture));
        let _ = writeln!(out, "- **Issued by:** {}", text(&e.issued_by));
        let _ = writeln!(out, "- **Identifies:** {}", text(&e.identifies));
        let _ = writeln!(out, "- **Allows:** {}", text(&e.allows));
        if !e.used_by.is_empty() {
            let _ = writeln!(out, "- **Used by:** {}", text(&e.used_by.join("; ")));
        }
        let _ = writeln!(out, "- **Validity:** {}", text(&e.validity));
        let _ = writeln!(
            out,
            "- **Role:** `{}` because {}",
            item.role,
            text(&item.role_reasons.join("; "))
        );
        for f in report
            .findings_for(&item.id)
            .filter(|f| f.items.first() == Some(&item.id))
        {
            finding_line(&mut out, f);
        }
        out.push('\n');
    }
    let general: Vec<_> = report.findings.iter().filter(|f| f.items.is_empty()).collect();
    if !general.is_empty() {
        let _ = writeln!(out, "## Configuration\n");
        for f in general {
            finding_line(&mut out, f);
        }
        out.push('\n');
    }
    if !report.errors.is_empty() || !extras.unreadable.is_empty() {
        let _ = writeln!(out, "## Could not read\n");
        for (path, reason) in extras.unreadable {
            let _ = writeln!(out, "- {}: {}", code(path), text(reason));
        }
        for e in &report.errors {
            let _ = writeln!(out, "- {}", text(&e.to_string()));
        }
        out.push('\n');
    }
    let recipes = connection_recipes(report);
    if let Some(r) = recipes.first() {
        let _ = writeln!(out, "## Connect to etcd\n");
        let _ = writeln!(out, "With {} ({}):\n", code(&r.cert), text(&r.note));
        let body = format!("{}\n\n{}\n\n{}", r.etcdctl, r.env.join("\n"), r.etcdtls);
        // A fence longer than any run of backticks in the commands.
        let fence = "`".repeat(longest_backtick_run(&body).max(2) + 1);
        let _ = writeln!(out, "{fence}sh\n{body}\n{fence}\n");
    }
    out
}
