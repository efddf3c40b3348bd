//! The HTML report: one self-contained page to attach to a ticket or publish.
//!
//! It carries what the web page shows (the inventory, who signed what, a card per item, the
//! findings with their fixes, the commands that connect) with the same `data-kind`,
//! `data-role` and `data-finding` hooks, so scripts and tests read either the same way. It must
//! stay inert wherever it is opened: no scripts, no external resources (styles are inline, no
//! fonts or images are fetched), and every piece of text escaped. Private key bytes never reach
//! a report, so none can reach the page; only public key ids are shown.

use std::collections::HashMap;
use std::fmt::Write as _;

use etcdtls_core::humanize::{self, date, residual};
use etcdtls_core::model::{Certificate, ItemBody};
use etcdtls_core::{
    Finding, Item, ItemId, Report, ReportJson, Severity, TreeNode, connection_recipes, explain, relationship_tree,
};

use super::text::Extras;

/// Text escaped for HTML content and double-quoted attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An element id for an item (ids contain `/`, `#`, `[`), as the web page makes them.
fn anchor(id: &str) -> String {
    let mut out = String::from("item-");
    out.extend(id.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }));
    out
}

/// A link to an item's card.
fn link(id: &ItemId) -> String {
    format!("<a href=\"#{}\">{}</a>", anchor(&id.0), esc(&id.0))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

const STYLE: &str = "
:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#57606a;--line:#d0d7de;--card:#f6f8fa;--err:#cf222e;--warn:#9a6700;--info:#0969da;--ok:#1a7f37}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#9198a1;--line:#30363d;--card:#161b22;--err:#ff7b72;--warn:#d29922;--info:#58a6ff;--ok:#3fb950}}
body{font:15px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg);max-width:72rem;margin:0 auto;padding:1rem 1.5rem}
h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}h3{font-size:1rem;margin:0;word-break:break-all}
code,pre{font-family:ui-monospace,monospace;font-size:.9em}pre{background:var(--card);border:1px solid var(--line);padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
a{color:var(--info)}.muted,.hint{color:var(--muted)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}td:first-child{word-break:break-all}
tr.error td:first-child{border-left:3px solid var(--err)}tr.warning td:first-child{border-left:3px solid var(--warn)}
.badge{display:inline-block;border:1px solid var(--line);border-radius:1rem;padding:0 .5rem;font-size:.85em;background:var(--card);margin-left:.25rem}
.card{border:1px solid var(--line);border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0;background:var(--card)}
.card header{display:flex;gap:.5rem;align-items:baseline;flex-wrap:wrap}.card .kind{color:var(--muted)}
.headline{font-weight:600}dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.5rem 0}dt{color:var(--muted)}dd{margin:0;word-break:break-word}
.fingerprint{word-break:break-all}meter{width:12rem}
.findings{list-style:none;padding:0}.finding{border-left:4px solid var(--info);padding:.25rem .75rem;margin:.5rem 0;background:var(--bg)}
.finding.error{border-color:var(--err)}.finding.warning{border-color:var(--warn)}.finding p{margin:.25rem 0}
.severity{font-weight:700;text-transform:uppercase;font-size:.8em;margin-right:.5rem}.finding.error .severity{color:var(--err)}.finding.warning .severity{color:var(--warn)}
.forest,.forest ul{list-style:none;padding-left:1.25rem}.forest{padding-left:0}.forest li{margin:.2rem 0}.pairs{margin-left:.75rem;color:var(--muted)}.pairs span{margin-right:.75rem}
.summary.error{color:var(--err)}.summary.warning{color:var(--warn)}.summary.ok{color:var(--ok)}
@media print{.card{break-inside:avoid}a{color:inherit}}
";

/// Renders a report as one HTML page.
pub fn render(report: &Report, extras: &Extras<'_>) -> String {
    let mut findings_of: HashMap<&ItemId, Vec<&Finding>> = HashMap::new();
    for f in &report.findings {
        if let Some(first) = f.items.first() {
            findings_of.entry(first).or_default().push(f);
        }
    }
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"etcdtls explain\">\n");
    out.push_str("<title>etcdtls report</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<main class=\"results\">\n<h1>etcdtls report</h1>\n");
    summary(report, extras, &mut out);
    distribution(report, &mut out);
    unreadable(report, extras, &mut out);
    if !report.items.is_empty() {
        inventory(report, &mut out);
        tree(report, &mut out);
        out.push_str("<section class=\"cards\" aria-label=\"Items\">\n<h2>Each item</h2>\n");
        for item in &report.items {
            card(
                report,
                item,
                findings_of.get(&item.id).map(Vec::as_slice).unwrap_or(&[]),
                &mut out,
            );
        }
        out.push_str("</section>\n");
    }
    general_findings(report, &mut out);
    connections(report, &mut out);
    out.push_str(
        "<footer><p class=\"hint\">Made by <code>etcdtls explain -o html</code>. The CA is a passport office, a certificate a passport, the private key the fingerprint that proves the passport is yours. Private keys are never copied into this page: only their public key ids.</p></footer>\n",
    );
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn summary(report: &Report, extras: &Extras<'_>, out: &mut String) {
    let count = |s| report.findings.iter().filter(|f| f.severity == s).count();
    let (errors, warnings, infos) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    let unreadable = report.errors.len() + extras.unreadable.len();
    let class = if errors > 0 || unreadable > 0 {
        "error"
    } else if warnings > 0 {
        "warning"
    } else {
        "ok"
    };
    let _ = writeln!(
        out,
        "<p class=\"hint\">Evaluated at {} · {} item{} from {} input{} · expiry warnings within {} days</p>",
        esc(&date(report.now)),
        report.items.len(),
        plural(report.items.len()),
        report.inputs.len(),
        plural(report.inputs.len()),
        report.warn_days
    );
    let _ = writeln!(
        out,
        "<p class=\"summary {class}\" data-items=\"{}\" data-errors=\"{errors}\" data-warnings=\"{warnings}\">{errors} error{}, {warnings} warning{}, {infos} note{}{}</p>",
        report.items.len(),
        plural(errors),
        plural(warnings),
        plural(infos),
        if unreadable > 0 {
            format!(", {unreadable} unreadable")
        } else {
            String::new()
        }
    );
}

/// The distribution the set looks like (kubeadm, k3s, ...), when the report names one. Read
/// through the JSON view, whose shape is documented, so the page shows it whatever fields it
/// carries.
fn distribution(report: &Report, out: &mut String) {
    let Ok(value) = serde_json::to_value(ReportJson::new(report)) else {
        return;
    };
    let Some(dist) = value.get("distribution").filter(|d| !d.is_null()) else {
        return;
    };
    let name = ["id", "name"]
        .iter()
        .find_map(|k| dist.get(k).and_then(|v| v.as_str()))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<section class=\"distribution\" aria-label=\"Distribution\" data-distribution=\"{}\">\n<h2>Distribution</h2>",
        esc(name)
    );
    match dist.as_object() {
        Some(fields) => {
            out.push_str("<dl>\n");
            for (key, v) in fields {
                let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(key), esc(&json_text(v)));
            }
            out.push_str("</dl>\n");
        }
        None => {
            let _ = writeln!(out, "<p>{}</p>", esc(&json_text(dist)));
        }
    }
    out.push_str("</section>\n");
}

/// A JSON value as plain words: strings as they are, lists joined, anything else as JSON.
fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(json_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

fn unreadable(report: &Report, extras: &Extras<'_>, out: &mut String) {
    if report.errors.is_empty() && extras.unreadable.is_empty() && extras.skipped.is_empty() {
        return;
    }
    if !report.errors.is_empty() || !extras.unreadable.is_empty() {
        out.push_str("<section class=\"unreadable\" aria-label=\"Could not read\">\n<h2>Could not read</h2>\n<ul>\n");
        for (path, reason) in extras.unreadable {
            let _ = writeln!(out, "<li data-error=\"unreadable\">{}: {}</li>", esc(path), esc(reason));
        }
        for e in &report.errors {
            let kind = serde_json::to_value(e)
                .ok()
                .and_then(|v| v["kind"].as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = writeln!(out, "<li data-error=\"{}\">{}</li>", esc(&kind), esc(&e.to_string()));
        }
        out.push_str("</ul>\n</section>\n");
    }
    if !extras.skipped.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"hint\">Skipped {} file{} with no certificates, keys or configuration: {}</p>",
            extras.skipped.len(),
            plural(extras.skipped.len()),
            esc(&extras.skipped.join(", "))
        );
    }
}

fn inventory(report: &Report, out: &mut String) {
    out.push_str("<section class=\"inventory\" aria-label=\"Inventory\">\n<h2>Inventory</h2>\n<table>\n");
    out.push_str("<thead><tr><th scope=\"col\">Item</th><th scope=\"col\">Kind</th><th scope=\"col\">Role</th><th scope=\"col\">Expires</th><th scope=\"col\">Left</th><th scope=\"col\">Issuer / pair</th><th scope=\"col\">Findings</th></tr></thead>\n<tbody>\n");
    for item in &report.items {
        let (expires, left, pair) = match &item.body {
            ItemBody::Certificate(c) => (
                date(c.not_after),
                residual(report.now, c.not_after),
                if c.self_signed {
                    "self-signed".to_string()
                } else {
                    match &item.issued_by {
                        Some(i) => link(i),
                        None => format!("{} (not given)", esc(&c.issuer.text)),
                    }
                },
            ),
            ItemBody::PrivateKey(_) => (
                String::new(),
                String::new(),
                match (&item.certificate, &item.public_key_item) {
                    (Some(c), _) | (None, Some(c)) => format!("key of {}", link(c)),
                    // Its public half is unknown here: not checked, rather than "none".
                    (None, None) if super::text::unchecked_pair(item) => "not checked".into(),
                    (None, None) => "no certificate".into(),
                },
            ),
            ItemBody::Csr(_) => (
                String::new(),
                String::new(),
                match (&item.certificate, &item.key) {
                    (Some(c), _) => format!("request for {}", link(c)),
                    (None, Some(k)) => format!("request of {}", link(k)),
                    (None, None) => String::new(),
                },
            ),
            ItemBody::PublicKey(_) => (
                String::new(),
                String::new(),
                item.key
                    .as_ref()
                    .map(|k| format!("public half of {}", link(k)))
                    .unwrap_or_default(),
            ),
            ItemBody::Crl(c) => (
                c.next_update.map(date).unwrap_or_default(),
                c.next_update.map(|n| residual(report.now, n)).unwrap_or_default(),
                item.issued_by.as_ref().map(link).unwrap_or_default(),
            ),
        };
        let worst = report.findings_for(&item.id).map(|f| f.severity).max();
        let ids: Vec<&str> = report.findings_for(&item.id).map(|f| f.id.id()).collect();
        let class = worst.map(|s| format!(" class=\"{s}\"")).unwrap_or_default();
        let _ = writeln!(
            out,
            "<tr{class}><td><a href=\"#{}\">{}</a></td><td>{}</td><td><span class=\"badge\">{}</span></td><td>{}</td><td>{}</td><td>{pair}</td><td>{}</td></tr>",
            anchor(&item.id.0),
            esc(&item.id.0),
            item.kind().id(),
            item.role.id(),
            esc(&expires),
            esc(&left),
            if ids.is_empty() {
                "ok".to_string()
            } else {
                esc(&ids.join(", "))
            },
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

/// Who signed what: the core's relationship tree (each CA with what it issued beneath it, each
/// certificate with its keys, copies folded under the original), as nested lists.
fn tree(report: &Report, out: &mut String) {
    let roots = relationship_tree(report);
    if roots.is_empty() {
        return;
    }
    fn node(report: &Report, n: &TreeNode, out: &mut String) {
        let role = report.item(&n.id).map_or("unknown", |i| i.role.id());
        let _ = write!(
            out,
            "<li><span class=\"node\">{}<span class=\"badge\">{}</span></span>",
            link(&n.id),
            role
        );
        if !n.keys.is_empty() || !n.copies.is_empty() {
            out.push_str("<span class=\"pairs\">");
            for k in &n.keys {
                let _ = write!(out, "<span class=\"key\">key {}</span>", link(k));
            }
            for c in &n.copies {
                let _ = write!(out, "<span class=\"copy\">same as {}</span>", link(c));
            }
            out.push_str("</span>");
        }
        if !n.children.is_empty() {
            out.push_str("\n<ul>\n");
            for c in &n.children {
                node(report, c, out);
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</li>\n");
    }
    out.push_str("<section class=\"tree\" aria-label=\"Who signed what\">\n<h2>Who signed what</h2>\n");
    out.push_str("<p class=\"hint\">Each passport office (CA) with the passports it issued beneath it, and the fingerprint (key) that belongs to each.</p>\n<ul class=\"forest\">\n");
    for r in &roots {
        node(report, r, out);
    }
    out.push_str("</ul>\n</section>\n");
}

fn finding(f: &Finding, out: &mut String) {
    let _ = write!(
        out,
        "<li class=\"finding {}\" data-finding=\"{}\"><span class=\"severity\">{}</span><code>{}</code><p>{}</p><p class=\"fix\"><strong>Fix: </strong>{}</p>",
        f.severity,
        f.id.id(),
        f.severity,
        f.id.id(),
        esc(&f.message),
        esc(&f.fix)
    );
    if f.items.len() > 1 {
        out.push_str("<p class=\"about\">About ");
        let links: Vec<String> = f.items.iter().map(link).collect();
        out.push_str(&links.join(" "));
        out.push_str("</p>");
    }
    out.push_str("</li>\n");
}

fn validity(report: &Report, c: &Certificate, out: &mut String) {
    let total = (c.not_after - c.not_before).whole_days().max(1);
    let left = (c.not_after - report.now).whole_days().clamp(0, total);
    let warn = i64::from(report.warn_days);
    let words = if c.not_after < report.now {
        format!("expired {} ago", humanize::between(report.now, c.not_after))
    } else if c.not_before > report.now {
        format!("not valid for another {}", humanize::between(c.not_before, report.now))
    } else {
        format!("{} left", humanize::between(c.not_after, report.now))
    };
    let words = esc(&words);
    let _ = writeln!(
        out,
        "<div class=\"validity\"><meter min=\"0\" max=\"{total}\" value=\"{left}\" low=\"{warn}\" high=\"{}\" optimum=\"{total}\" aria-label=\"Time left: {words}\">{words}</meter> <span>{words}</span></div>",
        (warn * 2).min(total)
    );
}

fn card(report: &Report, item: &Item, mine: &[&Finding], out: &mut String) {
    let e = explain(report, item);
    let _ = writeln!(
        out,
        "<article class=\"card\" id=\"{}\" data-kind=\"{}\" data-role=\"{}\">",
        anchor(&item.id.0),
        item.kind().id(),
        item.role.id()
    );
    let _ = writeln!(
        out,
        "<header><span class=\"badge role\">{}</span><span class=\"kind\">{}</span><h3>{}</h3></header>",
        item.role.id(),
        item.kind().id(),
        esc(&item.id.0)
    );
    let _ = writeln!(out, "<p class=\"headline\">{}</p>", esc(&e.headline));
    let _ = writeln!(out, "<p class=\"picture\">{}</p>", esc(&e.picture));
    out.push_str("<dl class=\"explanation\">\n");
    let mut field = |name: &str, value: &str| {
        if !value.is_empty() {
            let _ = writeln!(out, "<dt>{name}</dt><dd>{}</dd>", esc(value));
        }
    };
    field("Issued by", &e.issued_by);
    field("Identifies", &e.identifies);
    field("Allows", &e.allows);
    field("Used by", &e.used_by.join("; "));
    field("Validity", &e.validity);
    field("Why this role", &item.role_reasons.join("; "));
    out.push_str("</dl>\n");
    match &item.body {
        ItemBody::Certificate(c) => {
            validity(report, c, out);
            out.push_str("<dl class=\"facts\">\n");
            if !c.sans.is_empty() {
                let sans: Vec<String> = c.sans.iter().map(ToString::to_string).collect();
                let _ = writeln!(out, "<dt>Names (SANs)</dt><dd>{}</dd>", esc(&sans.join(", ")));
            }
            let _ = writeln!(out, "<dt>Key</dt><dd>{}</dd>", esc(&c.public_key.algorithm.to_string()));
            let _ = writeln!(
                out,
                "<dt>Signature</dt><dd>{}</dd>",
                esc(&c.signed.algorithm.to_string())
            );
            let _ = writeln!(
                out,
                "<dt>Serial</dt><dd><code>{}</code></dd>",
                esc(&c.serial_as_openssl_prints_it())
            );
            let _ = writeln!(
                out,
                "<dt>SHA-256 fingerprint</dt><dd><code class=\"fingerprint\">{}</code></dd>",
                esc(&c.fingerprint_sha256)
            );
            out.push_str("</dl>\n");
        }
        ItemBody::PrivateKey(k) => {
            let _ = write!(
                out,
                "<dl class=\"facts\">\n<dt>Format</dt><dd>{}</dd>\n",
                esc(&k.format.to_string())
            );
            if let Some(p) = &k.public_key {
                let _ = writeln!(
                    out,
                    "<dt>Public key id</dt><dd><code>sha256:{}</code></dd>",
                    esc(&p.spki_sha256)
                );
            }
            out.push_str("</dl>\n");
        }
        ItemBody::PublicKey(p) => {
            let _ = writeln!(
                out,
                "<dl class=\"facts\"><dt>Public key id</dt><dd><code>sha256:{}</code></dd></dl>",
                esc(&p.spki_sha256)
            );
        }
        ItemBody::Csr(_) | ItemBody::Crl(_) => {}
    }
    if !mine.is_empty() {
        out.push_str("<ul class=\"findings\">\n");
        for f in mine {
            finding(f, out);
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</article>\n");
}

fn general_findings(report: &Report, out: &mut String) {
    let general: Vec<&Finding> = report.findings.iter().filter(|f| f.items.is_empty()).collect();
    if general.is_empty() {
        return;
    }
    out.push_str("<section class=\"configuration\" aria-label=\"Configuration\">\n<h2>Configuration</h2>\n<ul class=\"findings\">\n");
    for f in general {
        finding(f, out);
    }
    out.push_str("</ul>\n</section>\n");
}

fn connections(report: &Report, out: &mut String) {
    let recipes = connection_recipes(report);
    if recipes.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"connect\" aria-label=\"Connect to etcd\">\n<h2>Connect to etcd with these files</h2>\n",
    );
    for r in &recipes {
        let _ = writeln!(
            out,
            "<div class=\"recipe\" data-role=\"{}\"><p><span class=\"badge\">{}</span> {}</p><pre><code>{}</code></pre><pre><code>{}</code></pre><pre><code>{}</code></pre></div>",
            r.role.id(),
            r.role.id(),
            esc(&r.note),
            esc(&r.etcdctl),
            esc(&r.env.join("\n")),
            esc(&r.etcdtls)
        );
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_content_and_attributes() {
        assert_eq!(
            esc(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn anchors_are_plain_ids() {
        assert_eq!(
            anchor("admin.conf#users[0].client-certificate-data"),
            "item-admin-conf-users-0--client-certificate-data"
        );
    }
}
