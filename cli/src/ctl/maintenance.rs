//! `endpoint hashkv`, `defrag`, `alarm list|disarm`, `compaction`, `move-leader` and `version`:
//! the maintenance calls operators run against each member.

use serde::Serialize;

use super::args::{AlarmCommand, CompactionArgs, DefragArgs, HashKvArgs};
use super::print::{HeaderJson, fields_header};
use super::{Ctl, bad_args, check_known_format, emit, endpoint_failure_line, unsupported_format, warn};
use crate::connect::target::Target;
use crate::exit::{ExitStatus, Failure};
use crate::render::etcdctl::{Header, json_line, table};

/// `version`: etcdtls's own version (it is not etcdctl), and the etcd API it speaks.
pub fn version() -> Result<ExitStatus, Failure> {
    emit(format!(
        "etcdtls version: {}\nAPI version: 3.4\n",
        env!("CARGO_PKG_VERSION")
    ))?;
    Ok(ExitStatus::Success)
}

/// One endpoint's KV hash.
#[derive(Debug, Serialize)]
struct HashKvJson {
    #[serde(rename = "Endpoint")]
    endpoint: String,
    #[serde(rename = "HashKV")]
    hash_kv: HashKvBody,
}

#[derive(Debug, Serialize)]
struct HashKvBody {
    header: Header,
    #[serde(skip_serializing_if = "is_zero_u32")]
    hash: u32,
    #[serde(skip_serializing_if = "is_zero_i64")]
    compact_revision: i64,
}

fn is_zero_u32(v: &u32) -> bool {
    *v == 0
}
fn is_zero_i64(v: &i64) -> bool {
    *v == 0
}

/// `endpoint hashkv [--rev N] [--cluster]`.
pub async fn hashkv(ctl: &Ctl<'_>, a: &HashKvArgs) -> Result<ExitStatus, Failure> {
    let format = ctl.format();
    check_known_format(&format)?;
    if format == "protobuf" {
        return Err(unsupported_format(&format));
    }
    // etcdctl builds its client for --endpoints first, whatever the command then addresses;
    // clientv3 dials only to log in (`--user`), so endpoints it cannot reach fail one by one
    // below, and the list (`[]`, a table's header) is printed all the same.
    if ctl.settings.user.is_some() {
        ctl.client().await?;
    }
    let targets = ctl.endpoints(a.cluster).await?;
    let targets = Target::with_empty_items(&targets, &ctl.global.endpoints, a.cluster);
    let mut list = Vec::new();
    let mut last_error = None;
    for target in &targets {
        let rev = a.rev;
        match ctl
            .on_endpoint(target, |mut c| async move { c.hash_kv(rev).await })
            .await
        {
            Ok(r) => list.push(HashKvJson {
                endpoint: target.original.clone(),
                hash_kv: HashKvBody {
                    header: r.header().into(),
                    hash: r.hash(),
                    compact_revision: r.compact_version(),
                },
            }),
            Err(d) => {
                warn(&endpoint_failure_line(
                    "Failed to get the hash of endpoint",
                    &target.to_string(),
                    &d,
                ));
                last_error = Some(d);
            }
        }
    }
    let text = match format.as_str() {
        "json" => json_line(&list),
        "table" => table(
            &["ENDPOINT", "HASH"],
            &list
                .iter()
                .map(|h| vec![h.endpoint.clone(), h.hash_kv.hash.to_string()])
                .collect::<Vec<_>>(),
        ),
        "fields" => list
            .iter()
            .map(|h| {
                format!(
                    "{}\"Endpoint\" : {}\n\"Hash\" : {}\n\n",
                    fields_header(&h.hash_kv.header),
                    super::print::go_quote(h.endpoint.as_bytes()),
                    h.hash_kv.hash
                )
            })
            .collect(),
        _ => list
            .iter()
            .map(|h| format!("{}, {}\n", h.endpoint, h.hash_kv.hash))
            .collect(),
    };
    emit(text)?;
    // etcdctl ends with the last failure's error alone; its explanation was given above, on
    // the endpoint's own line.
    match last_error {
        None => Ok(ExitStatus::Success),
        Some(d) => Err(Failure::new(ExitStatus::Error, d.summary)),
    }
}

/// `defrag [--cluster]`: one line per member on stdout, failures on stderr, exit 1 if any
/// failed. Output formats do not apply (etcdctl prints the same lines for all).
pub async fn defrag(ctl: &Ctl<'_>, a: &DefragArgs) -> Result<ExitStatus, Failure> {
    let _ = &a.positional;
    check_known_format(&ctl.format())?;
    ctl.client().await?;
    let targets = ctl.endpoints(a.cluster).await?;
    let targets = Target::with_empty_items(&targets, &ctl.global.endpoints, a.cluster);
    let mut failures = 0;
    for target in &targets {
        match ctl
            .on_endpoint(target, |mut c| async move { c.defragment().await })
            .await
        {
            Ok(_) => emit(format!("Finished defragmenting etcd member[{}]\n", target.original))?,
            Err(d) => {
                failures += 1;
                // etcdctl's `Failed to defragment etcd member[<endpoint>] (<error>)`.
                warn(&endpoint_failure_line(
                    "Failed to defragment etcd",
                    &format!("member[{target}]"),
                    &d,
                ));
            }
        }
    }
    if failures == 0 {
        Ok(ExitStatus::Success)
    } else {
        Ok(ExitStatus::Error)
    }
}

#[derive(Debug, Serialize)]
struct AlarmJson {
    /// etcd 3.4 sends no header with alarm answers; then there is none in the JSON either.
    #[serde(skip_serializing_if = "Option::is_none")]
    header: Option<Header>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    alarms: Vec<AlarmMemberJson>,
}

#[derive(Debug, Serialize)]
struct AlarmMemberJson {
    #[serde(rename = "memberID", skip_serializing_if = "is_zero_u64")]
    member_id: u64,
    #[serde(skip_serializing_if = "is_zero_i32")]
    alarm: i32,
}

fn is_zero_u64(v: &u64) -> bool {
    *v == 0
}
fn is_zero_i32(v: &i32) -> bool {
    *v == 0
}

/// etcd's name of an alarm type, as Go's protobuf text prints it.
fn alarm_name(a: etcd_client::AlarmType) -> &'static str {
    match a {
        etcd_client::AlarmType::None => "NONE",
        etcd_client::AlarmType::Nospace => "NOSPACE",
        etcd_client::AlarmType::Corrupt => "CORRUPT",
    }
}

/// `move-leader`'s transferee, checked before etcdctl builds its client.
pub fn transferee(args: &[String]) -> Result<u64, Failure> {
    if args.len() != 1 {
        return Err(bad_args("move-leader command needs 1 argument"));
    }
    u64::from_str_radix(&args[0], 16).map_err(|_| {
        bad_args(format!(
            "strconv.ParseUint: parsing {}: invalid syntax",
            super::print::go_quote(args[0].as_bytes())
        ))
    })
}

/// `alarm list|disarm` take no arguments (checked before etcdctl builds its client).
pub fn alarm_arguments(c: &AlarmCommand) -> Result<(), Failure> {
    let (positional, name) = match c {
        AlarmCommand::List(p) => (p, "list"),
        AlarmCommand::Disarm(p) => (p, "disarm"),
    };
    if !positional.args.is_empty() {
        return Err(bad_args(format!("alarm {name} command accepts no arguments")));
    }
    Ok(())
}

/// `alarm list` and `alarm disarm`.
pub async fn alarm(ctl: &Ctl<'_>, c: &AlarmCommand) -> Result<ExitStatus, Failure> {
    alarm_arguments(c)?;
    let action = match c {
        AlarmCommand::List(_) => etcd_client::AlarmAction::Get,
        AlarmCommand::Disarm(_) => etcd_client::AlarmAction::Deactivate,
    };
    let format = ctl.format();
    check_known_format(&format)?;
    let resp = ctl
        .call(|mut cl| async move { cl.alarm(action, etcd_client::AlarmType::None, None).await })
        .await?;
    let header: Option<Header> = resp.header().map(|h| Some(h).into());
    let alarms = resp.alarms();
    let text = match format.as_str() {
        "json" => json_line(&AlarmJson {
            header,
            alarms: alarms
                .iter()
                .map(|a| AlarmMemberJson {
                    member_id: a.member_id(),
                    alarm: a.alarm() as i32,
                })
                .collect(),
        }),
        "fields" => {
            // etcdctl 3.4 dereferences the missing header and crashes (exit 2).
            let Some(header) = &header else {
                return Err(Failure::new(
                    ExitStatus::BadConnection,
                    "etcd sent this answer without a response header, which `-w fields` prints (etcdctl 3.4 crashes here); use -w simple or -w json",
                ));
            };
            let mut s = fields_header(header);
            for a in alarms {
                s.push_str(&format!(
                    "\"MemberID\" : {}\n\"AlarmType\" : {}\n\n",
                    a.member_id(),
                    alarm_name(a.alarm())
                ));
            }
            s
        }
        "simple" => alarms
            .iter()
            .map(|a| format!("memberID:{} alarm:{} \n", a.member_id(), alarm_name(a.alarm())))
            .collect(),
        "protobuf" => {
            use prost::Message as _;
            emit(
                super::protobuf::AlarmResponse {
                    header: crate::render::etcdctl::pb::header(resp.header()),
                    alarms: alarms
                        .iter()
                        .map(|a| super::protobuf::AlarmMember {
                            member_id: a.member_id(),
                            alarm: a.alarm() as i32,
                        })
                        .collect(),
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

/// `compaction`'s revision, checked as etcdctl checks it before it builds its client.
pub fn compaction_revision(a: &CompactionArgs) -> Result<i64, Failure> {
    let args = &a.positional.args;
    if args.len() != 1 {
        return Err(bad_args("compaction command needs 1 argument"));
    }
    args[0].parse().map_err(|_| {
        Failure::new(
            ExitStatus::Error,
            format!(
                "strconv.ParseInt: parsing {}: invalid syntax",
                super::print::go_quote(args[0].as_bytes())
            ),
        )
    })
}

/// `compaction [--physical] <revision>`.
pub async fn compaction(ctl: &Ctl<'_>, a: &CompactionArgs) -> Result<ExitStatus, Failure> {
    let rev = compaction_revision(a)?;
    check_known_format(&ctl.format())?;
    let physical = a.physical;
    ctl.call(|mut c| async move {
        let mut options = etcd_client::CompactionOptions::new();
        if physical {
            options = options.with_physical();
        }
        c.compact(rev, Some(options)).await
    })
    .await?;
    emit(format!("compacted revision {rev}\n"))?;
    Ok(ExitStatus::Success)
}

/// `move-leader <transferee-member-id>`: find the leader among --endpoints, ask it to hand
/// over.
pub async fn move_leader(ctl: &Ctl<'_>, args: &[String]) -> Result<ExitStatus, Failure> {
    let target_id = transferee(args)?;
    let format = ctl.format();
    check_known_format(&format)?;
    ctl.client().await?;
    let mut leader = None;
    for target in &ctl.settings.targets {
        let status = ctl
            .on_endpoint(target, |mut c| async move { c.status().await })
            .await
            .map_err(crate::connect::diagnosis_failure)?;
        let me = status.header().map(|h| h.member_id()).unwrap_or_default();
        if me == status.leader() {
            leader = Some((target.clone(), status.leader()));
            break;
        }
    }
    let Some((leader_target, leader_id)) = leader else {
        let list: Vec<&str> = ctl.settings.targets.iter().map(|t| t.original.as_str()).collect();
        return Err(bad_args(format!("no leader endpoint given at [{}]", list.join(" ")))
            .with_detail(["  Give the leader's client URL in --endpoints (`etcdtls endpoint status --cluster -w table` shows which member leads).".to_string()]));
    };
    let resp = ctl
        .on_endpoint(&leader_target, |mut c| async move { c.move_leader(target_id).await })
        .await
        .map_err(|d| Failure::new(ExitStatus::Error, d.summary))?;
    let text = match format.as_str() {
        "simple" => format!("Leadership transferred from {leader_id:x} to {target_id:x}\n"),
        // etcd 3.4 answers with an empty MoveLeaderResponse, no header (v3.4.23
        // `etcdserver/api/v3rpc/maintenance.go`), and etcdctl's printerRPC prints the message
        // as it is (`printer.go`): Go's encoding/json leaves the nil header out (`{}`), and
        // protobuf writes no bytes at all (exit 0).
        "json" if resp.header().is_none() => "{}\n".to_string(),
        "json" => json_line(&HeaderJson {
            header: resp.header().into(),
        }),
        "protobuf" => {
            use prost::Message as _;
            emit(
                super::protobuf::HeaderOnly {
                    header: crate::render::etcdctl::pb::header(resp.header()),
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
