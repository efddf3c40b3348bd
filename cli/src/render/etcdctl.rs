//! Output exactly as etcdctl 3.5 prints it (`-w simple|table|json`), so scripts that parse
//! etcdctl's output keep working with etcdtls.

use std::fmt::Write as _;
use std::time::Duration;

use serde::Serialize;

/// A table as etcdctl draws it (olekukonko/tablewriter: centred upper-case headers,
/// right-aligned cells).
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let rule: String = widths
        .iter()
        .map(|w| format!("+{}", "-".repeat(w + 2)))
        .collect::<String>()
        + "+\n";
    let mut out = rule.clone();
    for (h, w) in headers.iter().zip(&widths) {
        let len = h.chars().count();
        let left = (w - len) / 2;
        let right = w - len - left;
        let _ = write!(out, "| {}{}{} ", " ".repeat(left), h, " ".repeat(right));
    }
    out.push_str("|\n");
    out.push_str(&rule);
    for row in rows {
        for (cell, w) in row.iter().zip(&widths) {
            let _ = write!(out, "| {cell:>w$} ");
        }
        out.push_str("|\n");
    }
    out.push_str(&rule);
    out
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
#[derive(Debug, Serialize)]
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
            let (mut out, mut err) = (String::new(), String::new());
            for h in list {
                match &h.error {
                    None => {
                        let _ = writeln!(
                            out,
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
    #[serde(rename = "peerURLs")]
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

impl GetJson {
    /// From a get response.
    pub fn new(r: &etcd_client::GetResponse) -> Self {
        use base64::Engine as _;
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        GetJson {
            header: r.header().into(),
            kvs: r
                .kvs()
                .iter()
                .map(|kv| KvJson {
                    key: b64(kv.key()),
                    create_revision: kv.create_revision(),
                    mod_revision: kv.mod_revision(),
                    version: kv.version(),
                    value: b64(kv.value()),
                    lease: kv.lease(),
                })
                .collect(),
            more: r.more(),
            count: r.count(),
        }
    }
}

/// A response with only a header (put) or a header and a count (del).
#[derive(Debug, Serialize)]
pub struct HeaderOnly {
    pub header: Header,
    #[serde(skip_serializing_if = "is_zero_i64")]
    pub deleted: i64,
}

/// JSON on one line, as etcdctl prints it.
pub fn json_line<T: Serialize + ?Sized>(v: &T) -> String {
    let mut s = serde_json::to_string(v).unwrap_or_default();
    s.push('\n');
    s
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
}
