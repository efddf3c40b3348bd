//! `watch [--prefix] [--rev N] [--prev-kv] <key> [range_end]`: prints events until
//! interrupted, as etcdctl's printers do. Ends with exit 5 when etcd cancels the watch (a
//! compacted `--rev`, for instance). Interactive mode (`-i`) and running a command per event
//! (`-- cmd`) are refused with the etcdctl command to use.

use std::io::Write;

use serde::Serialize;

use super::args::WatchArgs;
use super::print::{fields_header, go_quote, kv_bytes};
use super::{CallError, Ctl, bad_args, check_known_format, unsupported_format};
use crate::exit::{ExitStatus, Failure};
use crate::render::etcdctl::{Header, KvJson, json_line};

/// The key and range end to watch: `ETCDCTL_WATCH_KEY`/`ETCDCTL_WATCH_RANGE_END` or the
/// arguments, with etcdctl's checks.
fn watch_range(a: &WatchArgs) -> Result<Vec<String>, Failure> {
    let env_key = std::env::var("ETCDCTL_WATCH_KEY").unwrap_or_default();
    let env_range = std::env::var("ETCDCTL_WATCH_RANGE_END").unwrap_or_default();
    if env_key.is_empty() && !env_range.is_empty() {
        return Err(bad_args(format!(
            "ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END={}",
            go_quote(env_range.as_bytes())
        )));
    }
    if a.interactive {
        return Err(bad_args(
            "interactive watch (-i) is not supported by etcdtls yet: use `etcdctl watch -i`",
        ));
    }
    if !a.exec.is_empty() {
        return Err(bad_args(
            "running a command for each event (`watch ... -- <command>`) is not supported by etcdtls yet: use `etcdctl watch ... -- <command>`",
        ));
    }
    if a.args.is_empty() && env_key.is_empty() {
        return Err(bad_args("bad number of arguments"));
    }
    if !a.args.is_empty() && !env_key.is_empty() {
        return Err(bad_args("bad number of arguments (found conflicting environment key)"));
    }
    let mut range = a.args.clone();
    if !env_key.is_empty() {
        range = vec![env_key];
        if !env_range.is_empty() {
            range.push(env_range);
        }
    }
    if range.len() == 2 && a.prefix {
        return Err(bad_args("`range_end` and `--prefix` are mutually exclusive"));
    }
    Ok(range)
}

#[derive(Debug, Serialize)]
struct WatchJson {
    #[serde(rename = "Header")]
    header: Header,
    #[serde(rename = "Events")]
    events: Vec<EventJson>,
    #[serde(rename = "CompactRevision")]
    compact_revision: i64,
    #[serde(rename = "Canceled")]
    canceled: bool,
    #[serde(rename = "Created")]
    created: bool,
}

#[derive(Debug, Serialize)]
struct EventJson {
    #[serde(rename = "type", skip_serializing_if = "is_zero")]
    kind: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    kv: Option<KvJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    prev_kv: Option<KvJson>,
}

fn is_zero(v: &i32) -> bool {
    *v == 0
}

fn kv_json(kv: &etcd_client::KeyValue) -> KvJson {
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

fn event_name(e: &etcd_client::Event) -> &'static str {
    match e.event_type() {
        etcd_client::EventType::Put => "PUT",
        etcd_client::EventType::Delete => "DELETE",
    }
}

fn fields_kv(prefix: &str, kv: &etcd_client::KeyValue) -> String {
    format!(
        "\"{prefix}Key\" : {}\n\"{prefix}CreateRevision\" : {}\n\"{prefix}ModRevision\" : {}\n\"{prefix}Version\" : {}\n\"{prefix}Value\" : {}\n\"{prefix}Lease\" : {}\n",
        go_quote(kv.key()),
        kv.create_revision(),
        kv.mod_revision(),
        kv.version(),
        go_quote(kv.value()),
        kv.lease()
    )
}

/// One response, as etcdctl's printer for `format` writes it.
fn render(format: &str, hex: bool, r: &etcd_client::WatchResponse) -> Vec<u8> {
    let mut out = Vec::new();
    match format {
        "json" => {
            out.extend(
                json_line(&WatchJson {
                    header: r.header().into(),
                    events: r
                        .events()
                        .iter()
                        .map(|e| EventJson {
                            kind: e.event_type() as i32,
                            kv: e.kv().map(kv_json),
                            prev_kv: e.prev_kv().map(kv_json),
                        })
                        .collect(),
                    compact_revision: r.compact_revision(),
                    canceled: r.canceled(),
                    created: r.created(),
                })
                .into_bytes(),
            );
        }
        "fields" => {
            let mut s = fields_header(&r.header().into());
            for e in r.events() {
                s.push_str(&format!("\"Type\" : {}\n", event_name(e)));
                if let Some(p) = e.prev_kv() {
                    s.push_str(&fields_kv("Prev", p));
                }
                if let Some(kv) = e.kv() {
                    s.push_str(&fields_kv("", kv));
                }
            }
            out.extend(s.into_bytes());
        }
        "protobuf" => out.extend(super::protobuf::watch(r)),
        _ => {
            for e in r.events() {
                out.extend_from_slice(event_name(e).as_bytes());
                out.push(b'\n');
                for kv in e.prev_kv().into_iter().chain(e.kv()) {
                    out.extend(kv_bytes(kv.key(), hex));
                    out.push(b'\n');
                    out.extend(kv_bytes(kv.value(), hex));
                    out.push(b'\n');
                }
            }
        }
    }
    out
}

/// Runs `watch`.
pub async fn run(ctl: &Ctl<'_>, a: &WatchArgs) -> Result<ExitStatus, Failure> {
    let range = watch_range(a)?;
    let format = ctl.format();
    check_known_format(&format)?;
    if format == "table" {
        return Err(unsupported_format(&format));
    }
    let hex = ctl.global.hex;
    let (client, target) = ctl.client().await?;
    let key = range[0].clone();
    let mut options = etcd_client::WatchOptions::new();
    if let Some(end) = range.get(1) {
        options = options.with_range(end.as_bytes().to_vec());
    }
    if a.prefix {
        options = if key.is_empty() {
            options.with_all_keys()
        } else {
            options.with_prefix()
        };
    }
    if a.prev_kv {
        options = options.with_prev_key();
    }
    if a.rev != 0 {
        options = options.with_start_revision(a.rev);
    }
    let opened = ctl
        .attempt(
            &client,
            &|mut c: etcd_client::Client| {
                let (key, options) = (key.clone(), options.clone());
                async move { c.watch(key, Some(options)).await }
            },
            Some(ctl.settings.command_timeout),
        )
        .await;
    let mut stream = match opened {
        Ok(s) => s,
        Err(e) => return Err(ctl.explain(e, &target).await),
    };
    let mut stdout = std::io::stdout();
    loop {
        let resp = match stream.message().await {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => return Err(ctl.explain(CallError::Etcd(e), &target).await),
        };
        // clientv3 does not hand the "created" notice to etcdctl.
        if resp.created() && resp.events().is_empty() && !resp.canceled() {
            continue;
        }
        if resp.canceled() {
            let reason = if resp.compact_revision() != 0 {
                "etcdserver: mvcc: required revision has been compacted".to_string()
            } else {
                resp.cancel_reason().to_string()
            };
            super::warn(&format!("watch was canceled ({reason})\n"));
        }
        let bytes = render(&format, hex, &resp);
        if let Err(e) = stdout.write_all(&bytes).and_then(|_| stdout.flush()) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitStatus::Success);
            }
            return Err(Failure::new(ExitStatus::Io, format!("writing the output: {e}")));
        }
        if resp.canceled() {
            break;
        }
    }
    Err(Failure::new(ExitStatus::Interrupted, "watch is canceled by the server"))
}
