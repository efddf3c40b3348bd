//! The Markdown report, for pasting into an issue or a runbook.

use std::fmt::Write as _;

use etcdtls_core::humanize::{date, residual};
use etcdtls_core::model::ItemBody;
use etcdtls_core::{Report, connection_recipes, explain};

use super::text::Extras;

/// Escapes the characters that break a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
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
                "| `{}` | {} | `{}` | {} | {} | {} | {} |",
                cell(&item.id.0),
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
        let _ = writeln!(out, "## `{}`: {}\n", item.id, e.headline);
        let _ = writeln!(out, "{}\n", e.picture);
        let _ = writeln!(out, "- **Issued by:** {}", e.issued_by);
        let _ = writeln!(out, "- **Identifies:** {}", e.identifies);
        let _ = writeln!(out, "- **Allows:** {}", e.allows);
        if !e.used_by.is_empty() {
            let _ = writeln!(out, "- **Used by:** {}", e.used_by.join("; "));
        }
        let _ = writeln!(out, "- **Validity:** {}", e.validity);
        let _ = writeln!(
            out,
            "- **Role:** `{}` because {}",
            item.role,
            item.role_reasons.join("; ")
        );
        for f in report
            .findings_for(&item.id)
            .filter(|f| f.items.first() == Some(&item.id))
        {
            let _ = writeln!(out, "- **{} `{}`:** {} *Fix:* {}", f.severity, f.id, f.message, f.fix);
        }
        out.push('\n');
    }
    let general: Vec<_> = report.findings.iter().filter(|f| f.items.is_empty()).collect();
    if !general.is_empty() {
        let _ = writeln!(out, "## Configuration\n");
        for f in general {
            let _ = writeln!(out, "- **{} `{}`:** {} *Fix:* {}", f.severity, f.id, f.message, f.fix);
        }
        out.push('\n');
    }
    if !report.errors.is_empty() || !extras.unreadable.is_empty() {
        let _ = writeln!(out, "## Could not read\n");
        for (path, reason) in extras.unreadable {
            let _ = writeln!(out, "- `{path}`: {reason}");
        }
        for e in &report.errors {
            let _ = writeln!(out, "- {e}");
        }
        out.push('\n');
    }
    let recipes = connection_recipes(report);
    if let Some(r) = recipes.first() {
        let _ = writeln!(out, "## Connect to etcd\n");
        let _ = writeln!(out, "With `{}` ({}):\n", r.cert, r.note);
        let _ = writeln!(
            out,
            "```sh\n{}\n\n{}\n\n{}\n```\n",
            r.etcdctl,
            r.env.join("\n"),
            r.etcdtls
        );
    }
    out
}
