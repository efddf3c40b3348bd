//! `lease grant|revoke|timetolive|list|keep-alive`, printed as etcdctl 3.4 prints them. Its
//! JSON for leases is Go's encoding of clientv3's wrappers: the header's fields inline, then
//! `ID`/`TTL` (or `id`/`ttl`/`granted-ttl`/`keys` for timetolive). Its protobuf is only the
//! response header (see [`super::protobuf`]).

use std::time::Duration;

use base64::Engine as _;
use serde::Serialize;

use super::args::{KeepAliveArgs, LeaseCommand, TimeToLiveArgs};
use super::print::{HeaderJson, fields_header, go_quote};
use super::{CallError, Ctl, bad_args, check_known_format, emit, protobuf, unsupported_format};
use crate::exit::{ExitStatus, Failure};
use crate::render::etcdctl::{Header, json_line};

/// Runs a lease subcommand.
pub async fn run(ctl: &Ctl<'_>, c: &LeaseCommand) -> Result<ExitStatus, Failure> {
    match c {
        LeaseCommand::Grant(p) => grant(ctl, &p.args).await,
        LeaseCommand::Revoke(p) => revoke(ctl, &p.args).await,
        LeaseCommand::Timetolive(a) => time_to_live(ctl, a).await,
        LeaseCommand::List(_) => list(ctl).await,
        LeaseCommand::KeepAlive(a) => keep_alive(ctl, a).await,
    }
}

/// A lease ID argument, hexadecimal as etcdctl prints it.
fn lease_id(arg: &str) -> Result<i64, Failure> {
    i64::from_str_radix(arg, 16).map_err(|e| {
        let why = match e.kind() {
            std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => "value out of range",
            _ => "invalid syntax",
        };
        bad_args(format!(
            "bad lease ID arg (strconv.ParseInt: parsing {}: {why}), expecting ID in Hex",
            go_quote(arg.as_bytes())
        ))
    })
}

#[derive(Debug, Serialize)]
struct GrantJson {
    #[serde(flatten)]
    header: Header,
    #[serde(rename = "ID")]
    id: i64,
    #[serde(rename = "TTL")]
    ttl: i64,
    #[serde(rename = "Error")]
    error: String,
}

#[derive(Debug, Serialize)]
struct KeepAliveJson {
    #[serde(flatten)]
    header: Header,
    #[serde(rename = "ID")]
    id: i64,
    #[serde(rename = "TTL")]
    ttl: i64,
}

#[derive(Debug, Serialize)]
struct TimeToLiveJson {
    #[serde(flatten)]
    header: Header,
    id: i64,
    ttl: i64,
    #[serde(rename = "granted-ttl")]
    granted_ttl: i64,
    keys: Option<Vec<String>>,
}

#[derive(Debug, Serialize)]
struct LeasesJson {
    #[serde(flatten)]
    header: Header,
    leases: Vec<LeaseStatusJson>,
}

#[derive(Debug, Serialize)]
struct LeaseStatusJson {
    id: i64,
}

/// etcdctl's checks of `lease grant`'s and `lease revoke`'s arguments, made before it builds
/// its client.
pub(super) fn check_arguments(c: &LeaseCommand) -> Result<(), Failure> {
    match c {
        LeaseCommand::Grant(p) => grant_ttl(&p.args).map(drop),
        LeaseCommand::Revoke(p) => revoke_id(&p.args).map(drop),
        // etcdctl builds its client before it parses timetolive's ID (`mustClientFromCmd(cmd).
        // TimeToLive(ctx, leaseFromArgs(args[0]))`): only the count comes first.
        LeaseCommand::Timetolive(a) if a.positional.args.len() != 1 => {
            one_lease_id(&a.positional.args, "timetolive").map(drop)
        }
        LeaseCommand::KeepAlive(a) => one_lease_id(&a.positional.args, "keep-alive").map(drop),
        _ => Ok(()),
    }
}

fn grant_ttl(args: &[String]) -> Result<i64, Failure> {
    if args.len() != 1 {
        return Err(bad_args("lease grant command needs TTL argument"));
    }
    args[0].parse().map_err(|_| {
        bad_args(format!(
            "bad TTL (strconv.ParseInt: parsing {}: invalid syntax)",
            go_quote(args[0].as_bytes())
        ))
    })
}

fn revoke_id(args: &[String]) -> Result<i64, Failure> {
    if args.len() != 1 {
        return Err(bad_args("lease revoke command needs 1 argument"));
    }
    lease_id(&args[0])
}

async fn grant(ctl: &Ctl<'_>, args: &[String]) -> Result<ExitStatus, Failure> {
    let ttl = grant_ttl(args)?;
    let format = ctl.format();
    check_known_format(&format)?;
    let resp = ctl
        .call(|mut c| async move { c.lease_grant(ttl, None).await })
        .await
        .map_err(|mut f| {
            f.message = format!("failed to grant lease ({})", f.message);
            f
        })?;
    let header: Header = resp.header().into();
    if format == "protobuf" {
        emit(protobuf::bare_header(resp.header()))?;
        return Ok(ExitStatus::Success);
    }
    emit(match format.as_str() {
        "simple" => format!("lease {:016x} granted with TTL({}s)\n", resp.id(), resp.ttl()),
        "json" => json_line(&GrantJson {
            header,
            id: resp.id(),
            ttl: resp.ttl(),
            error: resp.error().to_string(),
        }),
        "fields" => format!(
            "{}\"ID\" : {}\n\"TTL\" : {}\n",
            fields_header(&header),
            resp.id(),
            resp.ttl()
        ),
        other => return Err(unsupported_format(other)),
    })?;
    Ok(ExitStatus::Success)
}

async fn revoke(ctl: &Ctl<'_>, args: &[String]) -> Result<ExitStatus, Failure> {
    let id = revoke_id(args)?;
    let format = ctl.format();
    check_known_format(&format)?;
    let resp = ctl
        .call(|mut c| async move { c.lease_revoke(id).await })
        .await
        .map_err(|mut f| {
            f.message = format!("failed to revoke lease ({})", f.message);
            f
        })?;
    if format == "protobuf" {
        return Err(protobuf::marshal_unsupported_lease_revoke(resp.header()));
    }
    let header: Header = resp.header().into();
    emit(match format.as_str() {
        "simple" => format!("lease {id:016x} revoked\n"),
        "json" => json_line(&HeaderJson { header }),
        "fields" => fields_header(&header),
        other => return Err(unsupported_format(other)),
    })?;
    Ok(ExitStatus::Success)
}

/// The one lease ID `lease timetolive` and `lease keep-alive` take.
fn one_lease_id(args: &[String], command: &str) -> Result<i64, Failure> {
    if args.len() != 1 {
        return Err(bad_args(format!("lease {command} command needs lease ID as argument")));
    }
    lease_id(&args[0])
}

async fn time_to_live(ctl: &Ctl<'_>, a: &TimeToLiveArgs) -> Result<ExitStatus, Failure> {
    let id = one_lease_id(&a.positional.args, "timetolive")?;
    let format = ctl.format();
    check_known_format(&format)?;
    let keys = a.keys;
    let resp = ctl
        .call(|mut c| async move {
            let mut options = etcd_client::LeaseTimeToLiveOptions::new();
            if keys {
                options = options.with_keys();
            }
            c.lease_time_to_live(id, Some(options)).await
        })
        .await
        .map_err(|mut f| {
            f.status = ExitStatus::BadConnection;
            f
        })?;
    if format == "protobuf" {
        emit(protobuf::bare_header(resp.header()))?;
        return Ok(ExitStatus::Success);
    }
    let header: Header = resp.header().into();
    emit(match format.as_str() {
        "simple" => {
            if resp.granted_ttl() == 0 && resp.ttl() == -1 {
                format!("lease {:016x} already expired\n", resp.id())
            } else {
                let mut txt = format!(
                    "lease {:016x} granted with TTL({}s), remaining({}s)",
                    resp.id(),
                    resp.granted_ttl(),
                    resp.ttl()
                );
                if keys {
                    let names: Vec<String> = resp
                        .keys()
                        .iter()
                        .map(|k| String::from_utf8_lossy(k).into_owned())
                        .collect();
                    txt.push_str(&format!(", attached keys({})", super::print::go_string_slice(&names)));
                }
                txt + "\n"
            }
        }
        "json" => json_line(&TimeToLiveJson {
            header,
            id: resp.id(),
            ttl: resp.ttl(),
            granted_ttl: resp.granted_ttl(),
            keys: (!resp.keys().is_empty()).then(|| {
                resp.keys()
                    .iter()
                    .map(|k| base64::engine::general_purpose::STANDARD.encode(k))
                    .collect()
            }),
        }),
        "fields" => {
            let mut s = format!(
                "{}\"ID\" : {}\n\"TTL\" : {}\n\"GrantedTTL\" : {}\n",
                fields_header(&header),
                resp.id(),
                resp.ttl(),
                resp.granted_ttl()
            );
            for k in resp.keys() {
                s.push_str(&format!("\"Key\" : {}\n", go_quote(k)));
            }
            s
        }
        other => return Err(unsupported_format(other)),
    })?;
    Ok(ExitStatus::Success)
}

async fn list(ctl: &Ctl<'_>) -> Result<ExitStatus, Failure> {
    let format = ctl.format();
    check_known_format(&format)?;
    let resp = ctl
        .call(|mut c| async move { c.leases().await })
        .await
        .map_err(|mut f| {
            f.status = ExitStatus::BadConnection;
            f
        })?;
    if format == "protobuf" {
        emit(protobuf::bare_header(resp.header()))?;
        return Ok(ExitStatus::Success);
    }
    let header: Header = resp.header().into();
    let ids: Vec<i64> = resp.leases().iter().map(|l| l.id()).collect();
    emit(match format.as_str() {
        "simple" => {
            let mut s = format!("found {} leases\n", ids.len());
            for id in &ids {
                s.push_str(&format!("{id:016x}\n"));
            }
            s
        }
        "json" => json_line(&LeasesJson {
            header,
            leases: ids.iter().map(|&id| LeaseStatusJson { id }).collect(),
        }),
        "fields" => {
            let mut s = fields_header(&header);
            for id in &ids {
                s.push_str(&format!("\"ID\" : {id}\n"));
            }
            s
        }
        other => return Err(unsupported_format(other)),
    })?;
    Ok(ExitStatus::Success)
}

fn print_keep_alive(
    format: &str,
    h: Option<&etcd_client::ResponseHeader>,
    id: i64,
    ttl: i64,
) -> Result<Vec<u8>, Failure> {
    let header: Header = h.into();
    Ok(match format {
        "simple" => format!("lease {id:016x} keepalived with TTL({ttl})\n").into_bytes(),
        "json" => json_line(&KeepAliveJson { header, id, ttl }).into_bytes(),
        "fields" => format!("{}\"ID\" : {id}\n\"TTL\" : {ttl}\n", fields_header(&header)).into_bytes(),
        "protobuf" => protobuf::bare_header(h),
        other => return Err(unsupported_format(other)),
    })
}

/// `lease keep-alive [--once] <id>`: renews until the lease is gone (or once), printing
/// each renewal.
async fn keep_alive(ctl: &Ctl<'_>, a: &KeepAliveArgs) -> Result<ExitStatus, Failure> {
    let id = one_lease_id(&a.positional.args, "keep-alive")?;
    let format = ctl.format();
    check_known_format(&format)?;
    let (client, target) = ctl.client().await?;
    let opened = ctl
        .attempt(
            &client,
            &|mut c: etcd_client::Client| async move { c.lease_keep_alive(id).await },
            Some(ctl.settings.command_timeout),
        )
        .await;
    let (mut keeper, mut stream) = match opened {
        Ok(v) => v,
        // etcd-client reads the first answer itself and fails on a TTL of 0 (no such lease),
        // where clientv3 hands it on: the same ending as a lease that runs out below.
        Err(CallError::Etcd(etcd_client::Error::LeaseKeepAliveError(m))) if m == "lease not found" => {
            return lease_gone(a.once, &format, id);
        }
        Err(e) => return Err(ctl.explain_status(e, &target, ExitStatus::BadConnection).await),
    };
    loop {
        let next = async {
            keeper.keep_alive().await?;
            stream.message().await
        };
        let resp = match next.await {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => {
                return Err(ctl
                    .explain_status(CallError::Etcd(e), &target, ExitStatus::BadConnection)
                    .await);
            }
        };
        if resp.ttl() <= 0 {
            return lease_gone(a.once, &format, id);
        }
        emit(print_keep_alive(&format, resp.header(), resp.id(), resp.ttl())?)?;
        if a.once {
            return Ok(ExitStatus::Success);
        }
        // clientv3 renews a third of the way into the TTL.
        tokio::time::sleep(Duration::from_secs((resp.ttl() as u64 / 3).max(1))).await;
    }
    lease_gone(false, &format, id)
}

/// The lease is gone (or never was): `--once` fails as clientv3's `KeepAliveOnce` does
/// (`ErrLeaseNotFound`, ExitBadConnection); otherwise etcdctl's keep-alive loop ends, saying so
/// in the simple format, and succeeds.
fn lease_gone(once: bool, format: &str, id: i64) -> Result<ExitStatus, Failure> {
    if once {
        return Err(Failure::new(
            ExitStatus::BadConnection,
            "etcdserver: requested lease not found",
        ));
    }
    if format == "simple" {
        emit(format!("lease {id:016x} expired or revoked.\n"))?;
    }
    Ok(ExitStatus::Success)
}
