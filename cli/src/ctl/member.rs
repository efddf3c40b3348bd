//! `member add|remove|update|promote`. (`member list` is with the everyday commands.)
//!
//! etcdctl checks a format only when it prints, after the change is made; etcdtls does the
//! same, so `-w table` changes the cluster and then exits 4, exactly as etcdctl does.

use serde::Serialize;

use super::args::{MemberAddArgs, MemberUpdateArgs};
use prost::Message as _;

use super::{Ctl, bad_args, check_known_format, emit, protobuf, unsupported_format};
use crate::exit::{ExitStatus, Failure};
use crate::render::etcdctl::{Header, MemberJson, json_line, pb};

fn member_json(m: &etcd_client::Member) -> MemberJson {
    MemberJson {
        id: m.id(),
        name: m.name().to_string(),
        peer_urls: m.peer_urls().to_vec(),
        client_urls: m.client_urls().to_vec(),
        is_learner: m.is_learner(),
    }
}

#[derive(Debug, Serialize)]
struct MemberAddJson {
    header: Header,
    #[serde(skip_serializing_if = "Option::is_none")]
    member: Option<MemberJson>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    members: Vec<MemberJson>,
}

#[derive(Debug, Serialize)]
struct MembersJson {
    header: Header,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    members: Vec<MemberJson>,
}

/// A member ID argument: hexadecimal, as `member list` prints it.
pub(super) fn member_id(args: &[String]) -> Result<u64, Failure> {
    if args.len() != 1 {
        return Err(bad_args("member ID is not provided"));
    }
    u64::from_str_radix(&args[0], 16).map_err(|e| {
        let why = match e.kind() {
            std::num::IntErrorKind::PosOverflow => "value out of range",
            _ => "invalid syntax",
        };
        bad_args(format!(
            "bad member ID arg (strconv.ParseUint: parsing {}: {why}), expecting ID in Hex",
            super::print::go_quote(args[0].as_bytes())
        ))
    })
}

/// `member add`'s arguments, checked before etcdctl builds its client.
pub(super) fn add_arguments(a: &MemberAddArgs) -> Result<(), Failure> {
    let args = &a.positional.args;
    if args.is_empty() {
        return Err(bad_args("member name not provided"));
    }
    if args.len() > 1 {
        let mut ev = String::from("too many arguments");
        for s in args {
            if s.to_lowercase().starts_with("http") {
                ev.push_str(&format!(", did you mean --peer-urls={s}"));
            }
        }
        return Err(bad_args(ev));
    }
    peer_urls_given(&a.peer_urls)
}

pub(super) fn peer_urls_given(urls: &str) -> Result<(), Failure> {
    if urls.is_empty() {
        return Err(bad_args("member peer urls not provided"));
    }
    Ok(())
}

/// `member add <name> --peer-urls=... [--learner]`.
pub async fn add(ctl: &Ctl<'_>, a: &MemberAddArgs) -> Result<ExitStatus, Failure> {
    add_arguments(a)?;
    let name = &a.positional.args[0];
    let format = ctl.format();
    check_known_format(&format)?;
    let urls: Vec<String> = a.peer_urls.split(',').map(str::to_string).collect();
    check_urls(&urls)?;
    let learner = a.learner;
    let resp = ctl
        .call(|c| {
            let urls = urls.clone();
            async move {
                let mut options = etcd_client::MemberAddOptions::new();
                if learner {
                    options = options.with_is_learner();
                }
                c.cluster_client().member_add(urls, Some(options)).await
            }
        })
        .await?;
    let header: Header = resp.header().into();
    let new_id = resp.member().map(|m| m.id()).unwrap_or_default();
    let text = match format.as_str() {
        "simple" => {
            let mut s = format!("Member {new_id:16x} added to cluster {:16x}\n", header.cluster_id);
            let mut conf = Vec::new();
            for m in resp.member_list() {
                for u in m.peer_urls() {
                    let n = if m.id() == new_id { name.as_str() } else { m.name() };
                    conf.push(format!("{n}={u}"));
                }
            }
            s.push('\n');
            s.push_str(&format!("ETCD_NAME={}\n", super::print::go_quote(name.as_bytes())));
            s.push_str(&format!(
                "ETCD_INITIAL_CLUSTER={}\n",
                super::print::go_quote(conf.join(",").as_bytes())
            ));
            s.push_str(&format!(
                "ETCD_INITIAL_ADVERTISE_PEER_URLS={}\n",
                super::print::go_quote(a.peer_urls.as_bytes())
            ));
            s.push_str("ETCD_INITIAL_CLUSTER_STATE=\"existing\"\n");
            s
        }
        "json" => json_line(&MemberAddJson {
            header,
            member: resp.member().map(member_json),
            members: resp.member_list().iter().map(member_json).collect(),
        }),
        "protobuf" => {
            emit(
                protobuf::MemberAddResponse {
                    header: pb::header(resp.header()),
                    member: resp.member().map(protobuf::member),
                    members: resp.member_list().iter().map(protobuf::member).collect(),
                }
                .encode_to_vec(),
            )?;
            return Ok(ExitStatus::Success);
        }
        other => return Err(unsupported_format(other)),
    };
    emit(text)?;
    Ok(ExitStatus::Success)
}

/// Prints what remove, update and promote answer.
fn print_change(
    format: &str,
    verb: &str,
    id: u64,
    header: Header,
    members: &[etcd_client::Member],
) -> Result<String, Failure> {
    Ok(match format {
        "simple" => format!("Member {id:16x} {verb} cluster {:16x}\n", header.cluster_id),
        "json" => json_line(&MembersJson {
            header,
            members: members.iter().map(member_json).collect(),
        }),
        other => return Err(unsupported_format(other)),
    })
}

/// `member remove <id>`.
pub async fn remove(ctl: &Ctl<'_>, args: &[String]) -> Result<ExitStatus, Failure> {
    let id = member_id(args)?;
    let format = ctl.format();
    check_known_format(&format)?;
    let resp = ctl.call(|mut c| async move { c.member_remove(id).await }).await?;
    if format == "protobuf" {
        emit(protobuf::members(resp.header(), resp.members()))?;
        return Ok(ExitStatus::Success);
    }
    emit(print_change(
        &format,
        "removed from",
        id,
        resp.header().into(),
        resp.members(),
    )?)?;
    Ok(ExitStatus::Success)
}

/// `member update <id> --peer-urls=...`.
pub async fn update(ctl: &Ctl<'_>, a: &MemberUpdateArgs) -> Result<ExitStatus, Failure> {
    let id = member_id(&a.positional.args)?;
    peer_urls_given(&a.peer_urls)?;
    let format = ctl.format();
    check_known_format(&format)?;
    let urls: Vec<String> = a.peer_urls.split(',').map(str::to_string).collect();
    check_urls(&urls)?;
    let resp = ctl
        .call(|mut c| {
            let urls = urls.clone();
            async move { c.member_update(id, urls).await }
        })
        .await?;
    if format == "protobuf" {
        emit(protobuf::members(resp.header(), resp.members()))?;
        return Ok(ExitStatus::Success);
    }
    emit(print_change(
        &format,
        "updated in",
        id,
        resp.header().into(),
        resp.members(),
    )?)?;
    Ok(ExitStatus::Success)
}

/// `member promote <id>`.
pub async fn promote(ctl: &Ctl<'_>, args: &[String]) -> Result<ExitStatus, Failure> {
    let id = member_id(args)?;
    let format = ctl.format();
    check_known_format(&format)?;
    let resp = ctl.call(|mut c| async move { c.member_promote(id).await }).await?;
    emit(print_change(
        &format,
        "promoted in",
        id,
        resp.header().into(),
        resp.members(),
    )?)?;
    Ok(ExitStatus::Success)
}

/// clientv3's check of peer URLs before `MemberAdd` and `MemberUpdate` (`types.NewURLs`, with
/// Go's `url.Parse` and `net.SplitHostPort`): etcdctl fails with its words and ExitError. A URL
/// whose flaw only Go's full parser names (a bad escape, a character a host cannot hold) is
/// left to etcd, which refuses it too ("given member URLs are invalid").
fn check_urls(urls: &[String]) -> Result<(), Failure> {
    for u in urls {
        if let Some(why) = url_problem(u.trim()) {
            return Err(Failure::new(ExitStatus::Error, why));
        }
    }
    Ok(())
}

fn url_problem(raw: &str) -> Option<String> {
    let parse_error = |why: &str| Some(format!("parse {}: {why}", super::print::go_quote(raw.as_bytes())));
    let rest = raw.split('#').next().unwrap_or_default();
    // url.getScheme
    let mut scheme = "";
    let mut after = rest;
    for (i, c) in rest.char_indices() {
        match c {
            'a'..='z' | 'A'..='Z' => {}
            '0'..='9' | '+' | '-' | '.' if i > 0 => {}
            ':' if i == 0 => return parse_error("missing protocol scheme"),
            ':' => {
                scheme = &rest[..i];
                after = &rest[i + 1..];
                break;
            }
            _ => break,
        }
    }
    let after = after.split('?').next().unwrap_or_default();
    let (host, path) = if scheme.is_empty() {
        if !after.starts_with('/') && after.split('/').next().is_some_and(|seg| seg.contains(':')) {
            return parse_error("first path segment in URL cannot contain colon");
        }
        ("", after)
    } else if let Some(authority) = after.strip_prefix("//") {
        let (authority, path) = authority.split_at(authority.find('/').unwrap_or(authority.len()));
        let host = authority.rsplit('@').next().unwrap_or_default();
        if host.starts_with('[') && !host.contains(']') {
            return parse_error("missing ']' in host");
        }
        let plain = |c: char| c.is_ascii_alphanumeric() || "-._~[]:".contains(c);
        if !host.chars().all(plain) {
            return None;
        }
        (host, path)
    } else {
        // An opaque URL (`localhost:2380`): no host.
        ("", "")
    };
    let scheme = scheme.to_ascii_lowercase();
    if !["http", "https", "unix", "unixs"].contains(&scheme.as_str()) {
        return Some(format!("URL scheme must be http, https, unix, or unixs: {raw}"));
    }
    // net.SplitHostPort
    let port_ok = match host.strip_prefix('[') {
        Some(v6) => v6
            .split_once("]:")
            .is_some_and(|(h, p)| !h.contains(']') && !p.contains(':')),
        None => host.matches(':').count() == 1,
    };
    if !port_ok {
        return Some(format!("URL address does not have the form \"host:port\": {raw}"));
    }
    if !path.is_empty() {
        return Some(format!("URL must not contain a path: {raw}"));
    }
    None
}
