//! `-w protobuf` for these commands: etcdctl 3.4 writes the `Marshal()` bytes of what its
//! printer is handed, and nothing after them (`printer_protobuf.go`). What it is handed is not
//! always the whole answer, and these messages reproduce that exactly:
//!
//! - `alarm`, `member add|remove|update`, `user …`, `role …`: etcd's response message
//!   (`etcdserverpb.AlarmResponse`, `MemberAddResponse`, `AuthUserGetResponse`, ...).
//! - `lease grant|timetolive|list|keep-alive`: clientv3's wrappers embed a
//!   `*pb.ResponseHeader`, whose `Marshal` is the one Go finds, so only the response header is
//!   written (no lease ID, no TTL).
//! - `lease revoke`: clientv3's `LeaseRevokeResponse` has no `Marshal`, so etcdctl revokes the
//!   lease and then fails with exit 4 ([`marshal_unsupported_lease_revoke`]).
//! - `watch`: each response etcdctl receives, rebuilt as an `etcdserverpb.WatchResponse` from
//!   its header, events, compact revision and the canceled and created flags (no watch ID, no
//!   cancel reason).
//!
//! Go's protobuf writes fields in field-number order and leaves out zero values and empty
//! lists, but writes a message that is present even when it is empty; prost does the same, so
//! `Option` here means "present in etcd's answer".

use prost::Message;

use crate::exit::{ExitStatus, Failure};
use crate::render::etcdctl::Header;
use crate::render::etcdctl::pb::{self, KeyValue, Member, ResponseHeader};

/// A response that holds only its header (`AuthUserAddResponse`, `AuthRoleDeleteResponse`, ...).
#[derive(Clone, PartialEq, Message)]
pub struct HeaderOnly {
    /// etcdserverpb field 1.
    #[prost(message, optional, tag = "1")]
    pub header: Option<ResponseHeader>,
}

/// etcdserverpb.AlarmMember.
#[derive(Clone, PartialEq, Message)]
pub struct AlarmMember {
    /// The member that raised the alarm.
    #[prost(uint64, tag = "1")]
    pub member_id: u64,
    /// etcdserverpb.AlarmType (NONE 0, NOSPACE 1, CORRUPT 2).
    #[prost(int32, tag = "2")]
    pub alarm: i32,
}

/// etcdserverpb.AlarmResponse.
#[derive(Clone, PartialEq, Message)]
pub struct AlarmResponse {
    /// etcd 3.4 sends none for alarms.
    #[prost(message, optional, tag = "1")]
    pub header: Option<ResponseHeader>,
    /// The alarms raised.
    #[prost(message, repeated, tag = "2")]
    pub alarms: Vec<AlarmMember>,
}

/// etcdserverpb.MemberAddResponse.
#[derive(Clone, PartialEq, Message)]
pub struct MemberAddResponse {
    /// The header.
    #[prost(message, optional, tag = "1")]
    pub header: Option<ResponseHeader>,
    /// The member added.
    #[prost(message, optional, tag = "2")]
    pub member: Option<Member>,
    /// Every member after the change.
    #[prost(message, repeated, tag = "3")]
    pub members: Vec<Member>,
}

/// etcdserverpb.MemberRemoveResponse and MemberUpdateResponse (the same fields).
#[derive(Clone, PartialEq, Message)]
pub struct MembersResponse {
    /// The header.
    #[prost(message, optional, tag = "1")]
    pub header: Option<ResponseHeader>,
    /// Every member after the change.
    #[prost(message, repeated, tag = "2")]
    pub members: Vec<Member>,
}

/// etcdserverpb.AuthUserGetResponse, AuthUserListResponse and AuthRoleListResponse: a header
/// and a list of names (roles of a user, users, roles).
#[derive(Clone, PartialEq, Message)]
pub struct NamesResponse {
    /// The header.
    #[prost(message, optional, tag = "1")]
    pub header: Option<ResponseHeader>,
    /// The names.
    #[prost(string, repeated, tag = "2")]
    pub names: Vec<String>,
}

/// authpb.Permission.
#[derive(Clone, PartialEq, Message)]
pub struct Permission {
    /// READ 0, WRITE 1, READWRITE 2.
    #[prost(int32, tag = "1")]
    pub perm_type: i32,
    /// The key, or the start of the range.
    #[prost(bytes = "vec", tag = "2")]
    pub key: Vec<u8>,
    /// The end of the range (empty for one key, `\0` for every key from `key` on).
    #[prost(bytes = "vec", tag = "3")]
    pub range_end: Vec<u8>,
}

/// etcdserverpb.AuthRoleGetResponse.
#[derive(Clone, PartialEq, Message)]
pub struct RoleGetResponse {
    /// The header.
    #[prost(message, optional, tag = "1")]
    pub header: Option<ResponseHeader>,
    /// The role's permissions.
    #[prost(message, repeated, tag = "2")]
    pub perm: Vec<Permission>,
}

/// mvccpb.Event.
#[derive(Clone, PartialEq, Message)]
pub struct Event {
    /// PUT 0, DELETE 1.
    #[prost(int32, tag = "1")]
    pub kind: i32,
    /// The key-value pair after the event.
    #[prost(message, optional, tag = "2")]
    pub kv: Option<KeyValue>,
    /// The pair before it (`--prev-kv`).
    #[prost(message, optional, tag = "3")]
    pub prev_kv: Option<KeyValue>,
}

/// etcdserverpb.WatchResponse, as etcdctl rebuilds it from clientv3's (watch ID and cancel
/// reason are not carried over).
#[derive(Clone, PartialEq, Message)]
pub struct WatchResponse {
    /// The header (always present: clientv3's is a value, not a pointer).
    #[prost(message, optional, tag = "1")]
    pub header: Option<ResponseHeader>,
    /// Whether this response confirms the watch's creation.
    #[prost(bool, tag = "3")]
    pub created: bool,
    /// Whether etcd cancelled the watch.
    #[prost(bool, tag = "4")]
    pub canceled: bool,
    /// The compacted revision, when the watch asked for an older one.
    #[prost(int64, tag = "5")]
    pub compact_revision: i64,
    /// The events.
    #[prost(message, repeated, tag = "11")]
    pub events: Vec<Event>,
}

/// The bytes of a response that holds only its header (etcd always sends one for these).
pub fn header_only(h: &Header) -> Vec<u8> {
    HeaderOnly {
        header: Some(response_header(h)),
    }
    .encode_to_vec()
}

/// The header as etcdserverpb encodes it.
pub fn response_header(h: &Header) -> ResponseHeader {
    ResponseHeader {
        cluster_id: h.cluster_id,
        member_id: h.member_id,
        revision: h.revision,
        raft_term: h.raft_term,
    }
}

/// The bytes of a bare response header: what etcdctl writes for the lease commands whose
/// clientv3 wrappers embed one.
pub fn bare_header(h: Option<&etcd_client::ResponseHeader>) -> Vec<u8> {
    pb::header(h).unwrap_or_default().encode_to_vec()
}

/// A member as etcdserverpb encodes it.
pub fn member(m: &etcd_client::Member) -> Member {
    Member {
        id: m.id(),
        name: m.name().to_string(),
        peer_urls: m.peer_urls().to_vec(),
        client_urls: m.client_urls().to_vec(),
        is_learner: m.is_learner(),
    }
}

/// `member remove|update`'s answer.
pub fn members(h: Option<&etcd_client::ResponseHeader>, members: &[etcd_client::Member]) -> Vec<u8> {
    MembersResponse {
        header: pb::header(h),
        members: members.iter().map(member).collect(),
    }
    .encode_to_vec()
}

/// A list of names with its header (`user get`, `user list`, `role list`).
pub fn names(h: &Header, names: &[String]) -> Vec<u8> {
    NamesResponse {
        header: Some(response_header(h)),
        names: names.to_vec(),
    }
    .encode_to_vec()
}

/// One watch response.
pub fn watch(r: &etcd_client::WatchResponse) -> Vec<u8> {
    WatchResponse {
        header: Some(pb::header(r.header()).unwrap_or_default()),
        created: r.created(),
        canceled: r.canceled(),
        compact_revision: r.compact_revision(),
        events: r
            .events()
            .iter()
            .map(|e| Event {
                kind: match e.event_type() {
                    etcd_client::EventType::Put => 0,
                    etcd_client::EventType::Delete => 1,
                },
                kv: e.kv().map(pb::kv),
                prev_kv: e.prev_kv().map(pb::kv),
            })
            .collect(),
    }
    .encode_to_vec()
}

/// etcdctl's answer to `lease revoke -w protobuf`, after the lease is revoked: its printer
/// gets clientv3's `LeaseRevokeResponse`, which has no `Marshal`, and exits 4 naming the type
/// and printing the value with Go's `%v`.
pub fn marshal_unsupported_lease_revoke(h: Option<&etcd_client::ResponseHeader>) -> Failure {
    let value = match pb::header(h) {
        Some(h) => compact_text(&h),
        None => "<nil>".to_string(),
    };
    Failure::new(
        ExitStatus::BadFeature,
        format!("marshal unsupported for type clientv3.LeaseRevokeResponse ({{{value}}})"),
    )
}

/// Go protobuf's compact text of a header (`cluster_id:1 member_id:2 revision:3 raft_term:4 `):
/// each field that is not zero, each followed by a space.
fn compact_text(h: &ResponseHeader) -> String {
    let mut s = String::new();
    for (name, value) in [
        ("cluster_id", h.cluster_id.to_string()),
        ("member_id", h.member_id.to_string()),
        ("revision", h.revision.to_string()),
        ("raft_term", h.raft_term.to_string()),
    ] {
        if value != "0" {
            s.push_str(&format!("{name}:{value} "));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> ResponseHeader {
        ResponseHeader {
            cluster_id: 15118495548433857066,
            member_id: 13668033151171901709,
            revision: 3,
            raft_term: 2,
        }
    }

    #[test]
    fn header_only_wraps_the_header_as_field_one() {
        // etcdctl 3.4's `user add -w protobuf` on a lab: 0a 1a, then the header.
        let bare = header().encode_to_vec();
        assert_eq!(&bare[..2], &[0x08, 0xaa]);
        let wrapped = HeaderOnly { header: Some(header()) }.encode_to_vec();
        assert_eq!(&wrapped[..2], &[0x0a, bare.len() as u8]);
        assert_eq!(&wrapped[2..], &bare[..]);
    }

    #[test]
    fn an_absent_header_and_no_alarms_write_nothing() {
        // etcd 3.4 answers an alarm list without a header: etcdctl writes no bytes at all.
        assert!(AlarmResponse::default().encode_to_vec().is_empty());
    }

    #[test]
    fn a_watch_response_keeps_an_empty_header() {
        let w = WatchResponse {
            header: Some(ResponseHeader::default()),
            ..Default::default()
        };
        assert_eq!(w.encode_to_vec(), vec![0x0a, 0x00]);
    }

    #[test]
    fn a_header_in_go_compact_text() {
        assert_eq!(
            compact_text(&header()),
            "cluster_id:15118495548433857066 member_id:13668033151171901709 revision:3 raft_term:2 "
        );
        assert_eq!(compact_text(&ResponseHeader::default()), "");
        let refused = marshal_unsupported_lease_revoke(None);
        assert_eq!(refused.status, ExitStatus::BadFeature);
        assert_eq!(
            refused.message,
            "marshal unsupported for type clientv3.LeaseRevokeResponse ({<nil>})"
        );
    }
}
