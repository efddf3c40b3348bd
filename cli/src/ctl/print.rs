//! etcdctl 3.4's printers for these commands: `simple` lines, `json` as Go's encoding/json
//! writes etcd's protobuf structs (field order and `omitempty` as generated), `fields` as
//! `"Name" : value` lines, and tables. Only what etcdctl prints is printed.

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

pub use crate::render::etcdctl::{fields_kv, go_quote};

/// A key or value as etcdctl's simple printer writes it: the raw bytes, or with `--hex`
/// `\xNN` for every byte.
pub fn kv_bytes(bytes: &[u8], hex: bool) -> Vec<u8> {
    if hex {
        crate::render::etcdctl::hex_escaped(bytes)
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
    fn hex_like_etcdctl() {
        assert_eq!(kv_bytes(b"ab", true), b"\\x61\\x62".to_vec());
        assert_eq!(kv_bytes(b"ab", false), b"ab".to_vec());
    }
}
