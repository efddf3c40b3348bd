//! Output exactly as etcdctl 3.4 prints it (`-w simple|table|json|fields|protobuf`, and
//! `--hex`), so scripts that parse etcdctl's output keep working with etcdtls.
//!
//! Keys and values are bytes: the simple format writes them raw, `--hex` as `\\xNN`, JSON as
//! base64 (Go's encoding/json of the response), fields as Go's `%q`, protobuf as the
//! response message's wire bytes. Each printer returns the bytes for standard output, or the
//! format when etcdctl's printer for that command does not support it.

use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

/// A table as etcdctl 3.4 draws it with olekukonko/tablewriter (a0225b3f23b5, the version
/// etcd 3.4 pins), `SetAlignment(ALIGN_RIGHT)`: centred headers; each column as wide as its
/// widest cell on the terminal ([`display_width`]), but a cell over 30 columns is wrapped at
/// spaces onto more lines ([`wrap_string`]) to fit the column's width at the time its row was
/// added; the lines a shorter cell lacks are filled with two spaces; cells right-aligned.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    /// tablewriter's MAX_ROW_WIDTH, the widest a column grows for a cell that can wrap.
    const MAX_WIDTH: usize = 30;
    let width = display_width;
    // parseDimension, header by header, then row by row, cell by cell: the width so far
    // decides how a cell wraps.
    let mut cs: Vec<usize> = headers.iter().map(|h| width(h).min(MAX_WIDTH)).collect();
    let mut lines: Vec<Vec<Vec<String>>> = Vec::new();
    for row in rows {
        let mut cells = Vec::new();
        for (i, cell) in row.iter().enumerate() {
            if i >= cs.len() {
                cs.push(0);
            }
            let w = width(cell).min(MAX_WIDTH);
            if cs[i] < w || cs[i] == 0 {
                cs[i] = w;
            }
            let wrapped = wrap_string(cell, cs[i]);
            let widest = wrapped.iter().map(|l| width(l)).max().unwrap_or(0);
            if widest > cs[i] {
                cs[i] = widest;
            }
            cells.push(wrapped);
        }
        lines.push(cells);
    }
    let rule: String = cs
        .iter()
        .map(|w| format!("-{}-+", "-".repeat(*w)))
        .fold("+".to_string(), |a, b| a + &b)
        + "\n";
    let mut out = rule.clone();
    out.push('|');
    for (i, w) in cs.iter().enumerate() {
        // tablewriter's Pad: the smaller half of the gap on the left.
        let h = headers.get(i).copied().unwrap_or_default();
        let gap = w.saturating_sub(width(h));
        let left = gap / 2;
        let _ = write!(out, " {}{}{} |", " ".repeat(left), h, " ".repeat(gap - left));
    }
    out.push('\n');
    out.push_str(&rule);
    for cells in &lines {
        let height = cells.iter().map(Vec::len).max().unwrap_or(0);
        for x in 0..height {
            out.push('|');
            for (y, cell) in cells.iter().enumerate() {
                // A missing line is two spaces, padded on the left like any other.
                let line = cell.get(x).map(String::as_str).unwrap_or("  ");
                let gap = cs[y].saturating_sub(width(line));
                let _ = write!(out, " {}{line} |", " ".repeat(gap));
            }
            out.push('\n');
        }
    }
    out.push_str(&rule);
    out
}

/// tablewriter's DisplayWidth: the columns `s` takes on a terminal, as go-runewidth counts
/// them outside an East Asian locale (a wide character two, a combining or control character
/// none, any other one), after dropping the colour sequences (`ESC [ 1;31 m`, `ESC [ K`).
pub fn display_width(s: &str) -> usize {
    use unicode_width::UnicodeWidthChar as _;
    let mut width = 0;
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix('\u{1b}').and_then(skip_ansi_colour) {
            rest = after;
            continue;
        }
        width += c.width().unwrap_or(0);
        rest = &rest[c.len_utf8()..];
    }
    width
}

/// What follows one match of tablewriter's `\033\[(?:[0-9]{1,3}(?:;[0-9]{1,3})*)?[m|K]`,
/// given the text after its ESC.
fn skip_ansi_colour(s: &str) -> Option<&str> {
    let mut rest = s.strip_prefix('[')?;
    let digits = |t: &str| t.bytes().take(3).take_while(u8::is_ascii_digit).count();
    let n = digits(rest);
    if n > 0 {
        rest = &rest[n..];
        while let Some(after) = rest.strip_prefix(';') {
            let n = digits(after);
            if n == 0 {
                break;
            }
            rest = &after[n..];
        }
    }
    rest.strip_prefix(['m', '|', 'K'])
}

/// tablewriter's WrapString: `s` with newlines as spaces, split at every space, laid into
/// lines of at most `lim` characters with the least raggedness (the sum of the squares of
/// each line's shortfall; a line over the limit costs 100000 more). The limit grows to the
/// longest word, measured in bytes as Go's `len` does.
pub fn wrap_string(s: &str, lim: usize) -> Vec<String> {
    let s = s.replace('\n', " ");
    let words: Vec<&str> = s.split(' ').collect();
    let lim = words.iter().map(|w| w.len()).fold(lim, usize::max) as i64;
    let n = words.len();
    let runes: Vec<i64> = words.iter().map(|w| w.chars().count() as i64).collect();
    // length(i, j): words i..=j with one space between each.
    let length = |i: usize, j: usize| runes[i..=j].iter().sum::<i64>() + (j - i) as i64;
    let mut cost = vec![i64::from(i32::MAX); n];
    let mut nbrk = vec![0usize; n];
    for i in (0..n).rev() {
        if length(i, n - 1) <= lim {
            cost[i] = 0;
            nbrk[i] = n;
        } else {
            for j in i + 1..n {
                let d = lim - length(i, j - 1);
                let mut c = d * d + cost[j];
                if length(i, j - 1) > lim {
                    c += 100_000;
                }
                if c < cost[i] {
                    cost[i] = c;
                    nbrk[i] = j;
                }
            }
        }
    }
    let mut lines = Vec::new();
    let mut i = 0;
    while i < n {
        lines.push(words[i..nbrk[i]].join(" "));
        i = nbrk[i];
    }
    lines
}

/// A duration as Go prints it (`4.547501ms`, `1.2s`, `850µs`).
pub fn go_duration(d: Duration) -> String {
    let nanos = d.as_nanos();
    let trim = |whole: u128, frac: u128, digits: usize, unit: &str| {
        if frac == 0 {
            format!("{whole}{unit}")
        } else {
            let f = format!("{frac:0digits$}");
            format!("{whole}.{}{unit}", f.trim_end_matches('0'))
        }
    };
    if nanos == 0 {
        "0s".into()
    } else if nanos < 1_000 {
        format!("{nanos}ns")
    } else if nanos < 1_000_000 {
        trim(nanos / 1_000, nanos % 1_000, 3, "µs")
    } else if nanos < 1_000_000_000 {
        trim(nanos / 1_000_000, nanos % 1_000_000, 6, "ms")
    } else {
        let secs = nanos / 1_000_000_000;
        let (m, s) = (secs / 60, secs % 60);
        let frac = nanos % 1_000_000_000;
        if m == 0 {
            trim(s, frac, 9, "s")
        } else {
            format!("{m}m{}", trim(s, frac, 9, "s"))
        }
    }
}

/// Bytes as go-humanize prints them (SI units: `20 kB`, `1.5 MB`).
pub fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    if n < 10 {
        return format!("{n} B");
    }
    let e = ((n as f64).ln() / 1000f64.ln()).floor() as usize;
    let e = e.min(UNITS.len() - 1);
    let val = ((n as f64) / 1000f64.powi(e as i32) * 10.0 + 0.5).floor() / 10.0;
    if val < 10.0 {
        format!("{val:.1} {}", UNITS[e])
    } else {
        format!("{val:.0} {}", UNITS[e])
    }
}

fn is_zero_u64(v: &u64) -> bool {
    *v == 0
}
fn is_zero_i64(v: &i64) -> bool {
    *v == 0
}
fn is_false(v: &bool) -> bool {
    !*v
}

/// etcd's response header, as etcdctl's JSON prints it (zero fields omitted).
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub cluster_id: u64,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub member_id: u64,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub revision: i64,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub raft_term: u64,
}

impl From<Option<&etcd_client::ResponseHeader>> for Header {
    fn from(h: Option<&etcd_client::ResponseHeader>) -> Self {
        match h {
            Some(h) => Header {
                cluster_id: h.cluster_id(),
                member_id: h.member_id(),
                revision: h.revision(),
                raft_term: h.raft_term(),
            },
            None => Header {
                cluster_id: 0,
                member_id: 0,
                revision: 0,
                raft_term: 0,
            },
        }
    }
}

/// `endpoint status` for one endpoint.
#[derive(Debug, Serialize)]
pub struct EndpointStatus {
    #[serde(rename = "Endpoint")]
    pub endpoint: String,
    #[serde(rename = "Status")]
    pub status: StatusBody,
}

/// The status fields etcdctl prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusBody {
    pub header: Header,
    pub version: String,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub db_size: i64,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub leader: u64,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub raft_index: u64,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub raft_term: u64,
    #[serde(skip_serializing_if = "is_zero_u64")]
    pub raft_applied_index: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub db_size_in_use: i64,
    #[serde(skip_serializing_if = "is_false")]
    pub is_learner: bool,
}

impl EndpointStatus {
    /// From a status response.
    pub fn new(endpoint: &str, s: &etcd_client::StatusResponse) -> Self {
        EndpointStatus {
            endpoint: endpoint.to_string(),
            status: StatusBody {
                header: s.header().into(),
                version: s.version().to_string(),
                db_size: s.db_size(),
                leader: s.leader(),
                raft_index: s.raft_index(),
                raft_term: s.raft_term(),
                raft_applied_index: s.raft_applied_index(),
                errors: s.errors().to_vec(),
                db_size_in_use: s.raft_used_db_size(),
                is_learner: s.is_learner(),
            },
        }
    }

    fn cells(&self) -> Vec<String> {
        let s = &self.status;
        vec![
            self.endpoint.clone(),
            format!("{:x}", s.header.member_id),
            s.version.clone(),
            human_bytes(s.db_size.max(0) as u64),
            (s.leader == s.header.member_id).to_string(),
            s.is_learner.to_string(),
            s.raft_term.to_string(),
            s.raft_index.to_string(),
            s.raft_applied_index.to_string(),
            s.errors.join(", "),
        ]
    }
}

/// Prints `endpoint status`.
pub fn endpoint_status(list: &[EndpointStatus], format: &str) -> String {
    match format {
        "json" => json_line(&list),
        "table" => table(
            &[
                "ENDPOINT",
                "ID",
                "VERSION",
                "DB SIZE",
                "IS LEADER",
                "IS LEARNER",
                "RAFT TERM",
                "RAFT INDEX",
                "RAFT APPLIED INDEX",
                "ERRORS",
            ],
            &list.iter().map(EndpointStatus::cells).collect::<Vec<_>>(),
        ),
        _ => list.iter().map(|s| format!("{}\n", s.cells().join(", "))).collect(),
    }
}

/// `endpoint health` for one endpoint.
#[derive(Debug, Serialize)]
pub struct EndpointHealth {
    pub endpoint: String,
    pub health: bool,
    pub took: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Prints `endpoint health`: (stdout, stderr).
pub fn endpoint_health(list: &[EndpointHealth], format: &str) -> (String, String) {
    match format {
        "json" => (json_line(&list), String::new()),
        "table" => (
            table(
                &["ENDPOINT", "HEALTH", "TOOK", "ERROR"],
                &list
                    .iter()
                    .map(|h| {
                        vec![
                            h.endpoint.clone(),
                            h.health.to_string(),
                            h.took.clone(),
                            h.error.clone().unwrap_or_default(),
                        ]
                    })
                    .collect::<Vec<_>>(),
            ),
            String::new(),
        ),
        _ => {
            // etcdctl 3.4 prints both kinds of line on standard error.
            let (out, mut err) = (String::new(), String::new());
            for h in list {
                match &h.error {
                    None => {
                        let _ = writeln!(
                            err,
                            "{} is healthy: successfully committed proposal: took = {}",
                            h.endpoint, h.took
                        );
                    }
                    Some(e) => {
                        let _ = writeln!(err, "{} is unhealthy: failed to commit proposal: {e}", h.endpoint);
                    }
                }
            }
            (out, err)
        }
    }
}

/// One member.
#[derive(Debug, Serialize)]
pub struct MemberJson {
    #[serde(rename = "ID")]
    pub id: u64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(rename = "peerURLs", skip_serializing_if = "Vec::is_empty")]
    pub peer_urls: Vec<String>,
    #[serde(rename = "clientURLs", skip_serializing_if = "Vec::is_empty")]
    pub client_urls: Vec<String>,
    #[serde(rename = "isLearner", skip_serializing_if = "is_false")]
    pub is_learner: bool,
}

/// `member list` as JSON.
#[derive(Debug, Serialize)]
pub struct MemberList {
    pub header: Header,
    pub members: Vec<MemberJson>,
}

/// Prints `member list`.
pub fn member_list(list: &MemberList, format: &str) -> String {
    let cells = |m: &MemberJson| {
        vec![
            format!("{:x}", m.id),
            if m.name.is_empty() {
                "unstarted".into()
            } else {
                "started".into()
            },
            m.name.clone(),
            m.peer_urls.join(","),
            m.client_urls.join(","),
            m.is_learner.to_string(),
        ]
    };
    match format {
        "json" => json_line(list),
        "table" => table(
            &["ID", "STATUS", "NAME", "PEER ADDRS", "CLIENT ADDRS", "IS LEARNER"],
            &list.members.iter().map(cells).collect::<Vec<_>>(),
        ),
        _ => list
            .members
            .iter()
            .map(|m| format!("{}\n", cells(m).join(", ")))
            .collect(),
    }
}

/// A key-value pair in JSON: bytes as base64, zero fields omitted.
#[derive(Debug, Serialize)]
pub struct KvJson {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub create_revision: i64,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub mod_revision: i64,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub version: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value: String,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub lease: i64,
}

/// `get` as JSON.
#[derive(Debug, Serialize)]
pub struct GetJson {
    pub header: Header,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kvs: Vec<KvJson>,
    #[serde(skip_serializing_if = "is_false")]
    pub more: bool,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub count: i64,
}

impl KvJson {
    /// From a key-value pair.
    pub fn new(kv: &etcd_client::KeyValue) -> Self {
        use base64::Engine as _;
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        KvJson {
            key: b64(kv.key()),
            create_revision: kv.create_revision(),
            mod_revision: kv.mod_revision(),
            version: kv.version(),
            value: b64(kv.value()),
            lease: kv.lease(),
        }
    }
}

impl GetJson {
    /// From a get response.
    pub fn new(r: &etcd_client::GetResponse) -> Self {
        GetJson {
            header: r.header().into(),
            kvs: r.kvs().iter().map(KvJson::new).collect(),
            more: r.more(),
            count: r.count(),
        }
    }
}

/// `put` as JSON.
#[derive(Debug, Serialize)]
pub struct PutJson {
    pub header: Header,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev_kv: Option<KvJson>,
}

/// `del` as JSON.
#[derive(Debug, Serialize)]
pub struct DelJson {
    pub header: Header,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub deleted: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prev_kvs: Vec<KvJson>,
}

/// A response with only a header (put) or a header and a count (del).
#[derive(Debug, Serialize)]
pub struct HeaderOnly {
    pub header: Header,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub deleted: i64,
}

/// JSON on one line, as etcdctl prints it with Go's encoding/json, which also escapes `<`, `>`
/// and `&` (they can only occur inside strings) and U+2028, U+2029.
pub fn json_line<T: Serialize + ?Sized>(v: &T) -> String {
    let s = serde_json::to_string(v).unwrap_or_default();
    let mut out = String::with_capacity(s.len() + 1);
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out.push('\n');
    out
}

/// etcdctl's output formats (`-w`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Lines for people and shell scripts.
    Simple,
    /// The response as JSON.
    Json,
    /// `"Field" : value` lines.
    Fields,
    /// The response message's protobuf bytes.
    Protobuf,
    /// A drawn table (member list and endpoint commands only).
    Table,
}

impl Format {
    /// The format named by `-w`, or `None` for a name etcdctl does not know.
    pub fn parse(name: &str) -> Option<Format> {
        Some(match name {
            "simple" => Format::Simple,
            "json" => Format::Json,
            "fields" => Format::Fields,
            "protobuf" => Format::Protobuf,
            "table" => Format::Table,
            _ => return None,
        })
    }

    /// The name etcdctl uses in "<name> not supported as output format".
    pub fn name(self) -> &'static str {
        match self {
            Format::Simple => "simple",
            Format::Json => "json",
            Format::Fields => "fields",
            Format::Protobuf => "protobuf",
            Format::Table => "table",
        }
    }
}

/// What a printer makes of a response: the bytes for standard output, or the format that
/// this command does not support (etcdctl exits 4, after the request).
pub type Printed = Result<Vec<u8>, Format>;

/// etcdctl's printer: a format and `--hex`.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    /// `-w`.
    pub format: Format,
    /// `--hex`: keys and values as `\xNN` in the simple format.
    pub hex: bool,
    /// `get --print-value-only`.
    pub value_only: bool,
}

/// Bytes as etcdctl's `--hex` writes them: `\x` before each byte's two hex digits.
pub fn hex_escaped(b: &[u8]) -> Vec<u8> {
    let mut out = String::with_capacity(b.len() * 4);
    for byte in b {
        let _ = write!(out, "\\x{byte:02x}");
    }
    out.into_bytes()
}

/// Go's `unicode.IsPrint`, from the general categories Rust cannot name: control characters,
/// spaces other than U+0020, the common format characters and private use are not printable.
/// (Unassigned code points count as printable here; Go's tables would escape them.)
fn go_is_print(c: char) -> bool {
    let u = c as u32;
    if c.is_control() {
        return false;
    }
    let not_printable: &[(u32, u32)] = &[
        (0xa0, 0xa0),
        (0xad, 0xad),
        (0x600, 0x605),
        (0x61c, 0x61c),
        (0x6dd, 0x6dd),
        (0x70f, 0x70f),
        (0x1680, 0x1680),
        (0x180e, 0x180e),
        (0x2000, 0x200f),
        (0x2028, 0x202f),
        (0x205f, 0x2064),
        (0x2066, 0x206f),
        (0x3000, 0x3000),
        (0xd800, 0xf8ff),
        (0xfeff, 0xfeff),
        (0xfff9, 0xfffb),
        (0xfffe, 0xffff),
        (0x110bd, 0x110bd),
        (0x1bca0, 0x1bca3),
        (0x1d173, 0x1d17a),
        (0xe0001, 0xe0001),
        (0xe0020, 0xe007f),
        (0xf0000, 0x10ffff),
    ];
    !not_printable.iter().any(|(lo, hi)| (*lo..=*hi).contains(&u))
}

/// Bytes quoted as Go's `%q` (strconv.Quote) quotes a string: printable characters as they
/// are, `\n`-style escapes, `\xNN` for bytes that are not UTF-8, `\uNNNN` for the rest.
pub fn go_quote(b: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in b.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                c if go_is_print(c) => out.push(c),
                '\x07' => out.push_str("\\a"),
                '\x08' => out.push_str("\\b"),
                '\x0c' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\x0b' => out.push_str("\\v"),
                c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                    let _ = write!(out, "\\x{:02x}", c as u32);
                }
                c if (c as u32) < 0x10000 => {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => {
                    let _ = write!(out, "\\U{:08x}", c as u32);
                }
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    out.push('"');
    out
}

/// etcd's protobuf messages as etcd 3.4 defines them (etcdserverpb, mvccpb), for `-w protobuf`:
/// etcdctl prints the response's `Marshal()` bytes, and these encode the same fields the same
/// way.
pub mod pb {
    /// etcdserverpb.ResponseHeader.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct ResponseHeader {
        #[prost(uint64, tag = "1")]
        pub cluster_id: u64,
        #[prost(uint64, tag = "2")]
        pub member_id: u64,
        #[prost(int64, tag = "3")]
        pub revision: i64,
        #[prost(uint64, tag = "4")]
        pub raft_term: u64,
    }

    /// mvccpb.KeyValue.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct KeyValue {
        #[prost(bytes = "vec", tag = "1")]
        pub key: Vec<u8>,
        #[prost(int64, tag = "2")]
        pub create_revision: i64,
        #[prost(int64, tag = "3")]
        pub mod_revision: i64,
        #[prost(int64, tag = "4")]
        pub version: i64,
        #[prost(bytes = "vec", tag = "5")]
        pub value: Vec<u8>,
        #[prost(int64, tag = "6")]
        pub lease: i64,
    }

    /// etcdserverpb.RangeResponse.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct RangeResponse {
        #[prost(message, optional, tag = "1")]
        pub header: Option<ResponseHeader>,
        #[prost(message, repeated, tag = "2")]
        pub kvs: Vec<KeyValue>,
        #[prost(bool, tag = "3")]
        pub more: bool,
        #[prost(int64, tag = "4")]
        pub count: i64,
    }

    /// etcdserverpb.PutResponse.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct PutResponse {
        #[prost(message, optional, tag = "1")]
        pub header: Option<ResponseHeader>,
        #[prost(message, optional, tag = "2")]
        pub prev_kv: Option<KeyValue>,
    }

    /// etcdserverpb.DeleteRangeResponse.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct DeleteRangeResponse {
        #[prost(message, optional, tag = "1")]
        pub header: Option<ResponseHeader>,
        #[prost(int64, tag = "2")]
        pub deleted: i64,
        #[prost(message, repeated, tag = "3")]
        pub prev_kvs: Vec<KeyValue>,
    }

    /// etcdserverpb.Member.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct Member {
        #[prost(uint64, tag = "1")]
        pub id: u64,
        #[prost(string, tag = "2")]
        pub name: String,
        #[prost(string, repeated, tag = "3")]
        pub peer_urls: Vec<String>,
        #[prost(string, repeated, tag = "4")]
        pub client_urls: Vec<String>,
        #[prost(bool, tag = "5")]
        pub is_learner: bool,
    }

    /// etcdserverpb.MemberListResponse.
    #[derive(Clone, PartialEq, prost::Message)]
    pub struct MemberListResponse {
        #[prost(message, optional, tag = "1")]
        pub header: Option<ResponseHeader>,
        #[prost(message, repeated, tag = "2")]
        pub members: Vec<Member>,
    }

    /// From etcd-client's header.
    pub fn header(h: Option<&etcd_client::ResponseHeader>) -> Option<ResponseHeader> {
        h.map(|h| ResponseHeader {
            cluster_id: h.cluster_id(),
            member_id: h.member_id(),
            revision: h.revision(),
            raft_term: h.raft_term(),
        })
    }

    /// From etcd-client's key-value pair.
    pub fn kv(kv: &etcd_client::KeyValue) -> KeyValue {
        KeyValue {
            key: kv.key().to_vec(),
            create_revision: kv.create_revision(),
            mod_revision: kv.mod_revision(),
            version: kv.version(),
            value: kv.value().to_vec(),
            lease: kv.lease(),
        }
    }
}

fn encode(m: &impl prost::Message) -> Vec<u8> {
    m.encode_to_vec()
}

fn fields_header(out: &mut String, h: Option<&etcd_client::ResponseHeader>) {
    let h = Header::from(h);
    let _ = writeln!(out, "\"ClusterID\" : {}", h.cluster_id);
    let _ = writeln!(out, "\"MemberID\" : {}", h.member_id);
    let _ = writeln!(out, "\"Revision\" : {}", h.revision);
    let _ = writeln!(out, "\"RaftTerm\" : {}", h.raft_term);
}

/// etcdctl's `-w fields` lines of a key-value pair, each field's name after `prefix`
/// (`Prev` for a previous value).
pub fn fields_kv(out: &mut String, prefix: &str, kv: &etcd_client::KeyValue) {
    let _ = writeln!(out, "\"{prefix}Key\" : {}", go_quote(kv.key()));
    let _ = writeln!(out, "\"{prefix}CreateRevision\" : {}", kv.create_revision());
    let _ = writeln!(out, "\"{prefix}ModRevision\" : {}", kv.mod_revision());
    let _ = writeln!(out, "\"{prefix}Version\" : {}", kv.version());
    let _ = writeln!(out, "\"{prefix}Value\" : {}", go_quote(kv.value()));
    let _ = writeln!(out, "\"{prefix}Lease\" : {}", kv.lease());
}

impl Printer {
    /// etcdctl's `printKV`: the key (unless value-only), then the value, each on a line.
    fn simple_kv(&self, out: &mut Vec<u8>, kv: &etcd_client::KeyValue) {
        let bytes = |b: &[u8]| if self.hex { hex_escaped(b) } else { b.to_vec() };
        if !self.value_only {
            out.extend_from_slice(&bytes(kv.key()));
            out.push(b'\n');
        }
        out.extend_from_slice(&bytes(kv.value()));
        out.push(b'\n');
    }

    /// `get`.
    pub fn get(&self, r: &etcd_client::GetResponse) -> Printed {
        match self.format {
            Format::Simple => {
                let mut out = Vec::new();
                for kv in r.kvs() {
                    self.simple_kv(&mut out, kv);
                }
                Ok(out)
            }
            Format::Json => Ok(json_line(&GetJson::new(r)).into_bytes()),
            Format::Fields => {
                let mut out = String::new();
                fields_header(&mut out, r.header());
                for kv in r.kvs() {
                    fields_kv(&mut out, "", kv);
                }
                let _ = writeln!(out, "\"More\" : {}", r.more());
                let _ = writeln!(out, "\"Count\" : {}", r.count());
                Ok(out.into_bytes())
            }
            Format::Protobuf => Ok(encode(&pb::RangeResponse {
                header: pb::header(r.header()),
                kvs: r.kvs().iter().map(pb::kv).collect(),
                more: r.more(),
                count: r.count(),
            })),
            Format::Table => Err(Format::Table),
        }
    }

    /// `put`.
    pub fn put(&self, r: &etcd_client::PutResponse) -> Printed {
        match self.format {
            Format::Simple => {
                let mut out = b"OK\n".to_vec();
                if let Some(kv) = r.prev_key() {
                    self.simple_kv(&mut out, kv);
                }
                Ok(out)
            }
            Format::Json => Ok(json_line(&PutJson {
                header: r.header().into(),
                prev_kv: r.prev_key().map(KvJson::new),
            })
            .into_bytes()),
            Format::Fields => {
                let mut out = String::new();
                fields_header(&mut out, r.header());
                if let Some(kv) = r.prev_key() {
                    fields_kv(&mut out, "Prev", kv);
                }
                Ok(out.into_bytes())
            }
            Format::Protobuf => Ok(encode(&pb::PutResponse {
                header: pb::header(r.header()),
                prev_kv: r.prev_key().map(pb::kv),
            })),
            Format::Table => Err(Format::Table),
        }
    }

    /// `del`.
    pub fn del(&self, r: &etcd_client::DeleteResponse) -> Printed {
        match self.format {
            Format::Simple => {
                let mut out = format!("{}\n", r.deleted()).into_bytes();
                for kv in r.prev_kvs() {
                    self.simple_kv(&mut out, kv);
                }
                Ok(out)
            }
            Format::Json => Ok(json_line(&DelJson {
                header: r.header().into(),
                deleted: r.deleted(),
                prev_kvs: r.prev_kvs().iter().map(KvJson::new).collect(),
            })
            .into_bytes()),
            Format::Fields => {
                let mut out = String::new();
                fields_header(&mut out, r.header());
                let _ = writeln!(out, "\"Deleted\" : {}", r.deleted());
                for kv in r.prev_kvs() {
                    fields_kv(&mut out, "Prev", kv);
                }
                Ok(out.into_bytes())
            }
            Format::Protobuf => Ok(encode(&pb::DeleteRangeResponse {
                header: pb::header(r.header()),
                deleted: r.deleted(),
                prev_kvs: r.prev_kvs().iter().map(pb::kv).collect(),
            })),
            Format::Table => Err(Format::Table),
        }
    }

    /// `member list`.
    pub fn member_list(&self, r: &etcd_client::MemberListResponse) -> Printed {
        let list = MemberList {
            header: r.header().into(),
            members: r
                .members()
                .iter()
                .map(|m| MemberJson {
                    id: m.id(),
                    name: m.name().to_string(),
                    peer_urls: m.peer_urls().to_vec(),
                    client_urls: m.client_urls().to_vec(),
                    is_learner: m.is_learner(),
                })
                .collect(),
        };
        match self.format {
            Format::Simple => Ok(member_list(&list, "simple").into_bytes()),
            Format::Table => Ok(member_list(&list, "table").into_bytes()),
            Format::Json => Ok(member_list(&list, "json").into_bytes()),
            Format::Fields => {
                let mut out = String::new();
                fields_header(&mut out, r.header());
                for m in &list.members {
                    let _ = writeln!(out, "\"ID\" : {}", m.id);
                    let _ = writeln!(out, "\"Name\" : {}", go_quote(m.name.as_bytes()));
                    for u in &m.peer_urls {
                        let _ = writeln!(out, "\"PeerURL\" : {}", go_quote(u.as_bytes()));
                    }
                    for u in &m.client_urls {
                        let _ = writeln!(out, "\"ClientURL\" : {}", go_quote(u.as_bytes()));
                    }
                    let _ = writeln!(out, "\"IsLearner\" : {}", m.is_learner);
                    out.push('\n');
                }
                Ok(out.into_bytes())
            }
            Format::Protobuf => Ok(encode(&pb::MemberListResponse {
                header: pb::header(r.header()),
                members: r
                    .members()
                    .iter()
                    .map(|m| pb::Member {
                        id: m.id(),
                        name: m.name().to_string(),
                        peer_urls: m.peer_urls().to_vec(),
                        client_urls: m.client_urls().to_vec(),
                        is_learner: m.is_learner(),
                    })
                    .collect(),
            })),
        }
    }

    /// `endpoint status`.
    pub fn endpoint_status(&self, list: &[EndpointStatus]) -> Printed {
        match self.format {
            Format::Simple => Ok(endpoint_status(list, "simple").into_bytes()),
            Format::Table => Ok(endpoint_status(list, "table").into_bytes()),
            Format::Json => Ok(endpoint_status(list, "json").into_bytes()),
            Format::Fields => {
                let mut out = String::new();
                for ep in list {
                    let s = &ep.status;
                    let h = &s.header;
                    let _ = writeln!(out, "\"ClusterID\" : {}", h.cluster_id);
                    let _ = writeln!(out, "\"MemberID\" : {}", h.member_id);
                    let _ = writeln!(out, "\"Revision\" : {}", h.revision);
                    let _ = writeln!(out, "\"RaftTerm\" : {}", h.raft_term);
                    let _ = writeln!(out, "\"Version\" : {}", go_quote(s.version.as_bytes()));
                    let _ = writeln!(out, "\"DBSize\" : {}", s.db_size);
                    let _ = writeln!(out, "\"Leader\" : {}", s.leader);
                    let _ = writeln!(out, "\"IsLearner\" : {}", s.is_learner);
                    let _ = writeln!(out, "\"RaftIndex\" : {}", s.raft_index);
                    let _ = writeln!(out, "\"RaftTerm\" : {}", s.raft_term);
                    let _ = writeln!(out, "\"RaftAppliedIndex\" : {}", s.raft_applied_index);
                    let _ = writeln!(out, "\"Errors\" : [{}]", s.errors.join(" "));
                    let _ = writeln!(out, "\"Endpoint\" : {}", go_quote(ep.endpoint.as_bytes()));
                    out.push('\n');
                }
                Ok(out.into_bytes())
            }
            Format::Protobuf => Err(Format::Protobuf),
        }
    }

    /// `endpoint health`: (standard output, standard error). The simple format writes its lines
    /// to standard error, as etcdctl 3.4 does.
    pub fn endpoint_health(&self, list: &[EndpointHealth]) -> Result<(Vec<u8>, Vec<u8>), Format> {
        match self.format {
            Format::Simple => {
                let (out, err) = endpoint_health(list, "simple");
                Ok((out.into_bytes(), err.into_bytes()))
            }
            Format::Table | Format::Json => {
                let (out, err) = endpoint_health(list, self.format.name());
                Ok((out.into_bytes(), err.into_bytes()))
            }
            Format::Fields => {
                let mut out = String::new();
                for h in list {
                    let _ = writeln!(out, "\"Endpoint\" : {}", go_quote(h.endpoint.as_bytes()));
                    let _ = writeln!(out, "\"Health\" : {}", h.health);
                    let _ = writeln!(out, "\"Took\" : {}", h.took);
                    let _ = writeln!(out, "\"Error\" : {}", h.error.clone().unwrap_or_default());
                    out.push('\n');
                }
                Ok((out.into_bytes(), Vec::new()))
            }
            Format::Protobuf => Err(Format::Protobuf),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_like_go() {
        assert_eq!(go_duration(Duration::from_nanos(4_547_501)), "4.547501ms");
        assert_eq!(go_duration(Duration::from_nanos(4_396_900)), "4.3969ms");
        assert_eq!(go_duration(Duration::from_millis(2)), "2ms");
        assert_eq!(go_duration(Duration::from_micros(850)), "850µs");
        assert_eq!(go_duration(Duration::from_millis(1500)), "1.5s");
        assert_eq!(go_duration(Duration::from_secs(90)), "1m30s");
    }

    #[test]
    fn quoting_like_go_percent_q() {
        assert_eq!(go_quote(b"plain"), "\"plain\"");
        assert_eq!(go_quote(b"a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(
            go_quote(b"\x00\x01\x07\t\n\x1b\x7f"),
            "\"\\x00\\x01\\a\\t\\n\\x1b\\x7f\""
        );
        assert_eq!(go_quote(b"\xff\xfe\x80"), "\"\\xff\\xfe\\x80\"");
        assert_eq!(go_quote("café ☃".as_bytes()), "\"café ☃\"");
        assert_eq!(
            go_quote("\u{a0}\u{200b}\u{e000}".as_bytes()),
            "\"\\u00a0\\u200b\\ue000\""
        );
        assert_eq!(hex_escaped(b"k\xff"), b"\\x6b\\xff".to_vec());
    }

    #[test]
    fn bytes_like_go_humanize() {
        assert_eq!(human_bytes(20480), "20 kB");
        assert_eq!(human_bytes(16384), "16 kB");
        assert_eq!(human_bytes(1500), "1.5 kB");
        assert_eq!(human_bytes(5), "5 B");
        assert_eq!(human_bytes(2_500_000), "2.5 MB");
    }

    #[test]
    fn tables_like_etcdctl() {
        let t = table(
            &["ENDPOINT", "HEALTH", "TOOK", "ERROR"],
            &[vec![
                "https://127.0.0.1:35935".into(),
                "true".into(),
                "4.3969ms".into(),
                String::new(),
            ]],
        );
        let expected = "+-------------------------+--------+----------+-------+\n|        ENDPOINT         | HEALTH |   TOOK   | ERROR |\n+-------------------------+--------+----------+-------+\n| https://127.0.0.1:35935 |   true | 4.3969ms |       |\n+-------------------------+--------+----------+-------+\n";
        assert_eq!(t, expected);
    }

    #[test]
    fn columns_are_as_wide_as_the_terminal_shows_them() {
        // Two columns per CJK character, none for a combining accent or a colour sequence.
        assert_eq!(display_width("東京-1"), 6);
        assert_eq!(display_width("e\u{301}tcd"), 4);
        assert_eq!(display_width("\u{1b}[1;31mred\u{1b}[0m"), 3);
        assert_eq!(display_width("\u{1b}[1234m"), 6);
        let t = table(&["NAME", "ID"], &[vec!["東京-1".into(), "8e9e05c52164694d".into()]]);
        let expected = "+--------+------------------+\n|  NAME  |        ID        |\n+--------+------------------+\n| 東京-1 | 8e9e05c52164694d |\n+--------+------------------+\n";
        assert_eq!(t, expected);
    }

    #[test]
    fn long_cells_wrap_as_tablewriter_wraps_them() {
        assert_eq!(
            wrap_string("etcdserver: authentication failed, invalid user ID or password", 30),
            ["etcdserver: authentication", "failed, invalid user ID or", "password"]
        );
        assert_eq!(
            wrap_string("memberID:8863370609063148222 alarm:NOSPACE ", 30),
            ["memberID:8863370609063148222", "alarm:NOSPACE "]
        );
        assert_eq!(wrap_string("", 5), [""]);
        // A word longer than the limit stays whole.
        assert_eq!(
            wrap_string("a https://127.0.0.1:2379,https://127.0.0.1:22379", 30),
            ["a", "https://127.0.0.1:2379,https://127.0.0.1:22379"]
        );
        let t = table(
            &["ENDPOINT", "HEALTH", "TOOK", "ERROR"],
            &[vec![
                "https://127.0.0.1:2379".into(),
                "false".into(),
                "1.2ms".into(),
                "etcdserver: authentication failed, invalid user ID or password".into(),
            ]],
        );
        let expected = "\
+------------------------+--------+-------+--------------------------------+
|        ENDPOINT        | HEALTH | TOOK  |             ERROR              |
+------------------------+--------+-------+--------------------------------+
| https://127.0.0.1:2379 |  false | 1.2ms |     etcdserver: authentication |
|                        |        |       |     failed, invalid user ID or |
|                        |        |       |                       password |
+------------------------+--------+-------+--------------------------------+
";
        assert_eq!(t, expected);
    }
}
