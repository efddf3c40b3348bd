//! etcdctl 3.4's printers for these commands: `simple` lines, `json` as Go's encoding/json
//! writes etcd's protobuf structs (field order and `omitempty` as generated), `fields` as
//! `"Name" : value` lines, and tables. Only what etcdctl prints is printed.

use std::fmt::Write as _;

use serde::Serialize;

use crate::render::etcdctl::Header;

/// `"ClusterID" : ...` lines of a response header.
pub fn fields_header(h: &Header) -> String {
    format!(
        "\"ClusterID\" : {}\n\"MemberID\" : {}\n\"Revision\" : {}\n\"RaftTerm\" : {}\n",
        h.cluster_id, h.member_id, h.revision, h.raft_term
    )
}

/// A response that has only a header (`{"header":{...}}`).
#[derive(Debug, Serialize)]
pub struct HeaderJson {
    /// The header.
    pub header: Header,
}

/// Go's `%q` of a string: quoted, with Go's escapes for what is not printable.
pub fn go_quote(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    let text = String::from_utf8_lossy(bytes);
    let valid = std::str::from_utf8(bytes).is_ok();
    if valid {
        for c in text.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                '\x07' => out.push_str("\\a"),
                '\x08' => out.push_str("\\b"),
                '\x0c' => out.push_str("\\f"),
                '\x0b' => out.push_str("\\v"),
                c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                    let _ = write!(out, "\\x{:02x}", c as u32);
                }
                c => out.push(c),
            }
        }
    } else {
        // Invalid UTF-8: Go escapes each byte that is not part of a valid sequence.
        let mut rest = bytes;
        while !rest.is_empty() {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    out.push_str(&go_quote(s.as_bytes())[1..go_quote(s.as_bytes()).len() - 1]);
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    if !good.is_empty() {
                        let q = go_quote(good);
                        out.push_str(&q[1..q.len() - 1]);
                    }
                    let _ = write!(out, "\\x{:02x}", bad[0]);
                    rest = &bad[1..];
                }
            }
        }
    }
    out.push('"');
    out
}

/// A key or value as etcdctl's simple printer writes it: the raw bytes, or with `--hex`
/// `\xNN` for every byte.
pub fn kv_bytes(bytes: &[u8], hex: bool) -> Vec<u8> {
    if hex {
        let mut s = String::new();
        for b in bytes {
            let _ = write!(s, "\\x{b:02x}");
        }
        s.into_bytes()
    } else {
        bytes.to_vec()
    }
}

/// Go's `fmt.Sprint` of a `[]string`: `[a b c]`.
pub fn go_string_slice(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote(b"a\"b"), "\"a\\\"b\"");
        assert_eq!(go_quote(b"\x01\n"), "\"\\x01\\n\"");
        assert_eq!(go_quote(b"\xff"), "\"\\xff\"");
        assert_eq!(go_quote("é".as_bytes()), "\"é\"");
    }

    #[test]
    fn hex_like_etcdctl() {
        assert_eq!(kv_bytes(b"ab", true), b"\\x61\\x62".to_vec());
        assert_eq!(kv_bytes(b"ab", false), b"ab".to_vec());
    }
}
