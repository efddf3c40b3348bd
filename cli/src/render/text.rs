//! The text report: an inventory table like `kubeadm certs check-expiration`, then each item
//! explained with its findings, then the commands that connect.
//!
//! Styles are written only when the [`Palette`] says so: it is decided once, from standard
//! output, the way `anstream` decides (`NO_COLOR`, `CLICOLOR_FORCE`, a terminal or not), so
//! that plain output is written plain instead of coloured and stripped again.

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

/// Whether text is written with colours and emphasis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    colour: bool,
}

impl Palette {
    /// No styles at all.
    pub const PLAIN: Palette = Palette { colour: false };
    /// Styles as ANSI escape sequences.
    pub const COLOUR: Palette = Palette { colour: true };

    /// What standard output takes: colours unless `anstream` would strip them (not a
    /// terminal, `NO_COLOR`, `TERM=dumb`), or where `CLICOLOR_FORCE` asks for them.
    pub fn for_stdout() -> Palette {
        let choice = anstream::AutoStream::choice(&std::io::stdout());
        Palette {
            colour: choice != anstream::ColorChoice::Never,
        }
    }

    /// `text` in `style`, or as it is when the palette is plain.
    fn paint(self, style: Style, text: &str) -> Painted<'_> {
        Painted {
            style: if self.colour { style } else { Style::new() },
            text,
        }
    }
}

/// Text with its style, written without an intermediate string.
struct Painted<'a> {
    style: Style,
    text: &'a str,
}

impl std::fmt::Display for Painted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A plain style writes neither its start nor its reset.
        write!(f, "{}{}{:#}", self.style, self.text, self.style)
    }
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
    /// The width to fit the inventory into (the terminal's), if any.
    pub width: Option<usize>,
    /// Whether the text is coloured.
    pub palette: Palette,
}

/// The width text output should fit: `COLUMNS` when set (a shell's own setting, or a
/// script's), else the terminal's when standard output is one; otherwise none (a pipe gets
/// whole lines).
pub fn output_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        && columns > 0
    {
        return Some(columns);
    }
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return terminal_size::terminal_size().map(|(w, _)| usize::from(w.0));
    }
    None
}

/// Renders a report as text.
pub fn render(report: &Report, extras: &Extras<'_>) -> String {
    let palette = extras.palette;
    let mut out = String::new();
    let files = report.inputs.len();
    let _ = writeln!(
        out,
        "{}",
        palette.paint(
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
        inventory_within(report, extras.width, palette, &mut out);
        out.push('\n');
    }
    for item in &report.items {
        item_section(report, item, palette, &mut out);
    }

    let general: Vec<&Finding> = report.findings.iter().filter(|f| f.items.is_empty()).collect();
    if !general.is_empty() {
        let _ = writeln!(out, "{}", palette.paint(BOLD, "Configuration"));
        for f in general {
            finding_lines(f, "  ", palette, &mut out);
        }
        out.push('\n');
    }

    if !report.errors.is_empty() || !extras.unreadable.is_empty() {
        let _ = writeln!(out, "{}", palette.paint(BOLD, "Could not read"));
        for (path, reason) in extras.unreadable {
            let _ = writeln!(out, "  {} {path}: {reason}", palette.paint(RED, "✗"));
        }
        for e in &report.errors {
            let _ = writeln!(out, "  {} {e}", palette.paint(RED, "✗"));
        }
        out.push('\n');
    }
    if !extras.skipped.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            palette.paint(
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

    recipes(report, palette, &mut out);

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
    let _ = writeln!(out, "{}", palette.paint(style, &summary));
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The etcdctl and etcdtls commands for the pairs found.
pub fn recipes(report: &Report, palette: Palette, out: &mut String) {
    let recipes = connection_recipes(report);
    if recipes.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}", palette.paint(BOLD, "Connect to etcd with these files"));
    for (i, r) in recipes.iter().enumerate() {
        let _ = writeln!(out, "  {} ({}): {}", palette.paint(CYAN, r.role.id()), r.cert, r.note);
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

/// The inventory: one row per item, whole lines whatever their width.
pub fn inventory(report: &Report, palette: Palette, out: &mut String) {
    inventory_within(report, None, palette, out);
}

/// The inventory, fitted into `width` characters when given.
pub fn inventory_within(report: &Report, width: Option<usize>, palette: Palette, out: &mut String) {
    let prefix = common_folder(report);
    let short = |id: &str| shorten(&prefix, id).to_string();
    if !prefix.is_empty() {
        let _ = writeln!(out, "{}", palette.paint(DIM, &format!("Under {prefix}")));
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
                        // Its public half is unknown here: not checked, rather than "none".
                        _ if unchecked_pair(item) => "not checked".into(),
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
                    match (&item.certificate, &item.key) {
                        (Some(c), _) => format!("request for {}", short(&c.0)),
                        (None, Some(k)) => format!("request of {}", short(&k.0)),
                        (None, None) => String::new(),
                    },
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
    let mut rows = rows;
    let widths = match width {
        Some(width) => fit(&header, &mut rows, width),
        None => column_widths(&header, &rows),
    };
    let line = |cells: &[String]| {
        let text = cells
            .iter()
            .zip(widths.iter())
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ");
        text.trim_end().to_string()
    };
    let _ = writeln!(out, "{}", palette.paint(BOLD, &line(&header.map(String::from))));
    for row in rows {
        let style = if row[6].contains("error") || row[4] == "expired" {
            RED
        } else if row[6].contains("warning") {
            YELLOW
        } else {
            Style::new()
        };
        // A cell too long for its column continues on the row's next lines.
        let pieces: Vec<Vec<String>> = row.iter().zip(widths).map(|(c, w)| wrap(c, w)).collect();
        let height = pieces.iter().map(Vec::len).max().unwrap_or(1);
        for i in 0..height {
            let cells: Vec<String> = pieces.iter().map(|p| p.get(i).cloned().unwrap_or_default()).collect();
            let _ = writeln!(out, "{}", palette.paint(style, &line(&cells)));
        }
    }
}

const COLUMN_GAP: usize = 2;
const ITEM: usize = 0;
const KIND: usize = 1;
const ROLE: usize = 2;
const EXPIRES: usize = 3;
const LINK: usize = 5;
/// The narrowest a wrapped column gets.
const NARROWEST: usize = 10;

fn column_widths(header: &[&str; 7], rows: &[[String; 7]]) -> [usize; 7] {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row.iter()) {
            *w = (*w).max(cell.chars().count());
        }
    }
    widths
}

/// Makes the inventory fit `width` columns: the expiry drops its time of day, the kind its
/// long words, then ITEM, ROLE and ISSUER / PAIR share what is left in proportion to their
/// length (each at least [`NARROWEST`]), their cells wrapping onto further lines. Nothing is
/// cut: every character is still printed. A table that cannot fit even so is left wider.
fn fit(header: &[&str; 7], rows: &mut [[String; 7]], width: usize) -> [usize; 7] {
    let total = |w: &[usize; 7]| w.iter().sum::<usize>() + COLUMN_GAP * (w.len() - 1);
    let natural = column_widths(header, rows);
    if total(&natural) <= width {
        return natural;
    }
    for row in rows.iter_mut() {
        // "2026-11-29 12:00 UTC" → "2026-11-29"
        if row[EXPIRES].len() > 10 && row[EXPIRES].is_char_boundary(10) {
            row[EXPIRES].truncate(10);
        }
        row[KIND] = match row[KIND].as_str() {
            "certificate" => "cert".into(),
            "private-key" => "key".into(),
            "public-key" => "pubkey".into(),
            other => other.into(),
        };
    }
    let mut widths = column_widths(header, rows);
    let flexible = [ITEM, ROLE, LINK];
    let fixed: usize = total(&widths) - flexible.iter().map(|&c| widths[c]).sum::<usize>();
    let wanted: usize = flexible.iter().map(|&c| widths[c]).sum();
    let budget = width.saturating_sub(fixed);
    if wanted <= budget {
        return widths;
    }
    let mut left = budget;
    let mut share_of = wanted;
    // Shortest first, so that a column needing less than its share gives the rest away.
    let mut order = flexible;
    order.sort_by_key(|&c| widths[c]);
    for c in order {
        let share = (left * widths[c]).checked_div(share_of).unwrap_or(0);
        share_of -= widths[c];
        widths[c] = widths[c].min(share.max(NARROWEST));
        left = left.saturating_sub(widths[c]);
    }
    widths
}

/// Splits a cell into lines of at most `width` characters, after a `/`, `#`, `.`, `-`, `_`
/// or space where one is near the end of a line.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= width || width == 0 {
        return vec![text.to_string()];
    }
    let mut lines = Vec::new();
    let mut start = 0;
    while chars.len() - start > width {
        let window = &chars[start..start + width];
        let cut = window
            .iter()
            .rposition(|c| matches!(c, '/' | '#' | '.' | '-' | '_' | ' '))
            .filter(|&i| i + 1 >= width / 2)
            .map_or(width, |i| i + 1);
        lines.push(chars[start..start + cut].iter().collect());
        start += cut;
    }
    lines.push(chars[start..].iter().collect());
    lines
}

/// One item explained, with its findings.
pub fn item_section(report: &Report, item: &Item, palette: Palette, out: &mut String) {
    let e = explain(report, item);
    let _ = writeln!(
        out,
        "{} {}",
        palette.paint(BOLD, &format!("── {}", item.id)),
        palette.paint(CYAN, &format!("[{}]", item.role.id()))
    );
    let _ = writeln!(out, "   {}", palette.paint(BOLD, &e.headline));
    let _ = writeln!(out, "   {}", e.picture);
    let field = |out: &mut String, name: &str, value: &str| {
        if !value.is_empty() {
            let _ = writeln!(out, "   {} {value}", palette.paint(DIM, &format!("{name:<11}")));
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
        &format!(
            "{} — because {}",
            etcdtls_core::explain::role_title(item),
            item.role_reasons.join("; ")
        ),
    );
    if let Some(d) = item.distribution().filter(|d| Some(*d) != report.distribution) {
        field(out, "Layout", &format!("{}'s, unlike the rest", d.name));
    }
    match &item.body {
        ItemBody::Certificate(c) => {
            let details = format!(
                "serial {}, {} key, {}, SHA-256 {}",
                c.serial_as_openssl_prints_it(),
                c.public_key.algorithm,
                c.signed.algorithm,
                c.fingerprint_sha256
            );
            field(out, "Details", &details);
        }
        ItemBody::PrivateKey(k) => match &k.public_key {
            Some(p) => field(
                out,
                "Details",
                &format!("{}; public key sha256:{}", k.format, p.spki_sha256),
            ),
            // An Ed448, X25519 or X448 key (OpenSSL's PKCS#8 leaves its public half out, and
            // etcdtls does not compute those curves), a PKCS#8 DSA key, an encrypted one.
            None => field(
                out,
                "Details",
                &format!(
                    "{}; {}",
                    k.format,
                    if k.format == etcdtls_core::model::KeyFormat::OpenSsh {
                        "an SSH key, not read as a TLS key"
                    } else if k.format.is_encrypted() {
                        "its public half is hidden by the encryption"
                    } else {
                        "its public half is not in the file and not computed here, so whether a certificate goes with it is not checked"
                    }
                ),
            ),
        },
        ItemBody::PublicKey(p) => field(out, "Details", &format!("public key sha256:{}", p.spki_sha256)),
        _ => {}
    }
    for f in report
        .findings_for(&item.id)
        .filter(|f| f.items.first() == Some(&item.id))
    {
        finding_lines(f, "   ", palette, out);
    }
    out.push('\n');
}

fn finding_lines(f: &Finding, indent: &str, palette: Palette, out: &mut String) {
    let (style, mark) = severity_mark(f.severity);
    let _ = writeln!(
        out,
        "{indent}{} {}: {}",
        palette.paint(style, mark),
        palette.paint(BOLD, f.id.id()),
        f.message
    );
    let _ = writeln!(out, "{indent}  {} {}", palette.paint(GREEN, "fix:"), f.fix);
}

/// A private key whose public half is neither in its file nor computed here (Ed448, X25519,
/// X448, a PKCS#8 DSA key): whether a certificate goes with it is not checked.
pub(crate) fn unchecked_pair(item: &Item) -> bool {
    match &item.body {
        ItemBody::PrivateKey(k) => {
            k.public_key.is_none() && !k.format.is_encrypted() && k.format != etcdtls_core::model::KeyFormat::OpenSsh
        }
        _ => false,
    }
}
