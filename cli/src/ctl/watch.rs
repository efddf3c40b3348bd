//! `watch [--prefix] [--rev N] [--prev-kv] <key> [range_end] [-- <command> [args]]` and
//! `watch -i`: prints events until interrupted, as etcdctl 3.4's printers do
//! (`etcdctl/ctlv3/command/watch_command.go`). Ends with exit 5 when etcd cancels the watch
//! (a compacted `--rev`, for instance).
//!
//! After `--`, the command is run once for each event, after the response is printed, with
//! `ETCD_WATCH_REVISION` (the response's revision), `ETCD_WATCH_EVENT_TYPE`, `ETCD_WATCH_KEY`
//! and `ETCD_WATCH_VALUE` (Go-quoted, as etcdctl's `%q` writes them: `"PUT"`, `"/k"`) in its
//! environment; a command that fails ends the watch with exit 1.
//!
//! `-i` reads lines from standard input: `watch [options] <key or prefix> [range_end] [--
//! <command>]` starts another watch, `progress` asks etcd for a progress notice on every
//! watch; other lines are refused on standard error, and the end of the input ends the
//! command (exit 3), as in etcdctl.

use std::io::{BufRead, Write};

use etcd_client::{Client, WatchOptions, WatchStream};
use serde::Serialize;
use tokio::sync::mpsc;

use super::args::WatchArgs;
use super::print::{fields_header, fields_kv, go_quote, kv_bytes};
use super::{CallError, Ctl, bad_args, check_known_format, unsupported_format};
use crate::connect::target::Target;
use crate::exit::{ExitStatus, Failure};
use crate::render::etcdctl::{Header, KvJson, json_line};

/// What one watch watches, and the command it runs for each event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WatchSpec {
    /// The key and the range end, as etcdctl collects them (only a second word is a range end).
    pub words: Vec<String>,
    /// `--prefix`.
    pub prefix: bool,
    /// `--rev`.
    pub rev: i64,
    /// `--prev-kv`.
    pub prev_kv: bool,
    /// The command after `--`.
    pub exec: Vec<String>,
}

const BAD_ARGS_NUM: &str = "bad number of arguments";
const BAD_ARGS_CONFLICT_ENV: &str = "bad number of arguments (found conflicting environment key)";
const BAD_ARGS_SEPARATOR: &str = "bad number of arguments (found separator --, but no commands)";

/// `ETCDCTL_WATCH_KEY` and `ETCDCTL_WATCH_RANGE_END`, with etcdctl's check.
fn env_range() -> Result<(String, String), Failure> {
    let env_key = std::env::var("ETCDCTL_WATCH_KEY").unwrap_or_default();
    let env_range = std::env::var("ETCDCTL_WATCH_RANGE_END").unwrap_or_default();
    if env_key.is_empty() && !env_range.is_empty() {
        return Err(bad_args(format!(
            "ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END={}",
            go_quote(env_range.as_bytes())
        )));
    }
    Ok((env_key, env_range))
}

/// The words to watch: the environment's key and range end first, then the arguments; with a
/// command, the words end where etcdctl cuts them (at the last word equal to the command's
/// name).
fn collect_words(env_key: &str, env_range: &str, args: &[String], exec: &[String]) -> Vec<String> {
    let mut words = Vec::new();
    if !env_key.is_empty() {
        words.push(env_key.to_string());
        if !env_range.is_empty() {
            words.push(env_range.to_string());
        }
    }
    words.extend(args.iter().cloned());
    if let Some(name) = exec.first() {
        words.extend(exec.iter().cloned());
        let end = words.iter().rposition(|w| w == name).unwrap_or(0);
        words.truncate(end);
    }
    words
}

/// Whether the command line has a `--` after `watch` (clap does not say when nothing follows
/// it), and whether it is the last argument; etcdctl looks at the raw arguments too.
fn raw_separator() -> (bool, bool) {
    let raw: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let Some(at) = raw.iter().position(|a| a == "watch") else {
        return (false, false);
    };
    let rest = &raw[at + 1..];
    match rest.iter().position(|a| a == "--") {
        Some(i) => (true, i == rest.len() - 1),
        None => (false, false),
    }
}

/// The watch of the command line, with etcdctl's checks.
fn command_line_spec(a: &WatchArgs, env_key: &str, env_range: &str) -> Result<WatchSpec, Failure> {
    let (separator, last) = raw_separator();
    if separator && last {
        return Err(bad_args(BAD_ARGS_SEPARATOR));
    }
    if !env_key.is_empty() && !a.args.is_empty() {
        return Err(bad_args(BAD_ARGS_CONFLICT_ENV));
    }
    let spec = WatchSpec {
        words: collect_words(env_key, env_range, &a.args, &a.exec),
        prefix: a.prefix,
        rev: a.rev,
        prev_kv: a.prev_kv,
        exec: a.exec.clone(),
    };
    check_words(&spec).map_err(bad_args)?;
    Ok(spec)
}

/// etcdctl's checks when it opens a watch.
fn check_words(spec: &WatchSpec) -> Result<(), String> {
    if spec.words.is_empty() {
        return Err(BAD_ARGS_NUM.into());
    }
    if spec.words.len() == 2 && spec.prefix {
        return Err("`range_end` and `--prefix` are mutually exclusive".into());
    }
    Ok(())
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
                    fields_kv(&mut s, "Prev", p);
                }
                if let Some(kv) = e.kv() {
                    fields_kv(&mut s, "", kv);
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
/// etcdctl's checks of `watch`'s variables and arguments, made before it builds its client.
pub fn check_arguments(a: &WatchArgs) -> Result<(), Failure> {
    let (env_key, env_range) = env_range()?;
    if !a.interactive {
        command_line_spec(a, &env_key, &env_range)?;
    }
    Ok(())
}

pub async fn run(ctl: &Ctl<'_>, a: &WatchArgs) -> Result<ExitStatus, Failure> {
    let (env_key, env_range) = env_range()?;
    let spec = if a.interactive {
        None
    } else {
        Some(command_line_spec(a, &env_key, &env_range)?)
    };
    let format = ctl.format();
    check_known_format(&format)?;
    // `watch -i` reads its lines first: etcdctl fails on table at the first event it prints
    // (exit 4), and at the end of its input before any (exit 3), as [`Printer::response`] does.
    if format == "table" && !a.interactive {
        return Err(unsupported_format(&format));
    }
    let printer = Printer {
        format,
        hex: ctl.global.hex,
    };
    let (client, target) = ctl.client().await?;
    let Some(spec) = spec else {
        return interactive(ctl, &client, &target, &printer, &env_key, &env_range).await;
    };
    let stream = open(ctl, &client, &target, &spec).await?;
    let (_sender, mut responses) = stream.split();
    loop {
        let resp = match responses.message().await {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => return Err(ctl.explain(CallError::Etcd(e), &target).await),
        };
        match printer.response(&resp, &spec.exec).await {
            Ok(Shown::Open) => {}
            Ok(Shown::Cancelled) => break,
            Err(f) => return Err(f),
        }
    }
    Err(Failure::new(ExitStatus::Interrupted, "watch is canceled by the server"))
}

/// Opens one watch on its own stream.
async fn open(ctl: &Ctl<'_>, client: &Client, target: &Target, spec: &WatchSpec) -> Result<WatchStream, Failure> {
    let key = spec.words[0].clone();
    let mut options = WatchOptions::new();
    if spec.words.len() == 2 {
        options = options.with_range(spec.words[1].as_bytes().to_vec());
    }
    if spec.prefix {
        options = if key.is_empty() {
            options.with_all_keys()
        } else {
            options.with_prefix()
        };
    }
    if spec.prev_kv {
        options = options.with_prev_key();
    }
    if spec.rev != 0 {
        options = options.with_start_revision(spec.rev);
    }
    let opened = ctl
        .attempt(
            client,
            &|mut c: Client| {
                let (key, options) = (key.clone(), options.clone());
                async move { c.watch(key, Some(options)).await }
            },
            Some(ctl.settings.command_timeout),
        )
        .await;
    match opened {
        Ok(s) => Ok(s),
        Err(e) => Err(ctl.explain(e, target).await),
    }
}

/// How the responses of a watch are printed: `-w` and `--hex`.
#[derive(Debug, Clone)]
struct Printer {
    format: String,
    hex: bool,
}

/// What a response left the watch as.
enum Shown {
    /// Still watching.
    Open,
    /// etcd cancelled it.
    Cancelled,
}

impl Printer {
    /// Prints one response as etcdctl does (the cancellation on stderr, a progress notice,
    /// the events), then runs the command for each event.
    async fn response(&self, resp: &etcd_client::WatchResponse, exec: &[String]) -> Result<Shown, Failure> {
        // clientv3 does not hand the "created" notice to etcdctl.
        if resp.created() && resp.events().is_empty() && !resp.canceled() {
            return Ok(Shown::Open);
        }
        if resp.canceled() {
            let reason = if resp.compact_revision() != 0 {
                "etcdserver: mvcc: required revision has been compacted"
            } else if resp.cancel_reason().is_empty() {
                "etcdserver: mvcc: required revision is a future revision"
            } else {
                resp.cancel_reason()
            };
            super::warn(&format!("watch was canceled ({reason})\n"));
        }
        let mut bytes = Vec::new();
        let revision = resp.header().map(|h| h.revision()).unwrap_or_default();
        let progress_notify = resp.events().is_empty()
            && !resp.canceled()
            && !resp.created()
            && resp.compact_revision() == 0
            && revision != 0;
        if progress_notify {
            bytes.extend(format!("progress notify: {revision}\n").into_bytes());
        }
        // etcdctl's `display.Watch`: its table printer refuses every response.
        if self.format == "table" {
            write_out(&bytes)?;
            return Err(unsupported_format(&self.format));
        }
        bytes.extend(render(&self.format, self.hex, resp));
        write_out(&bytes)?;
        if !exec.is_empty() {
            for ev in resp.events() {
                let (key, value) = ev.kv().map(|kv| (kv.key(), kv.value())).unwrap_or_default();
                run_command(
                    exec,
                    &[
                        ("ETCD_WATCH_REVISION", revision.to_string()),
                        ("ETCD_WATCH_EVENT_TYPE", go_quote(event_name(ev).as_bytes())),
                        ("ETCD_WATCH_KEY", go_quote(key)),
                        ("ETCD_WATCH_VALUE", go_quote(value)),
                    ],
                )
                .await?;
            }
        }
        Ok(if resp.canceled() { Shown::Cancelled } else { Shown::Open })
    }
}

/// Writes to stdout at once (a command run next writes to the same stream). A closed pipe ends
/// the command quietly.
fn write_out(bytes: &[u8]) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::new(ExitStatus::Success, "")),
        Err(e) => Err(Failure::new(ExitStatus::Io, format!("writing the output: {e}"))),
    }
}

/// Runs the command of `watch ... -- <command>` for one event, its standard input empty and
/// its output on ours; one that cannot start or fails ends etcdctl with
/// `command ["cmd" "arg"] error (exit status 1)` and exit 1.
async fn run_command(exec: &[String], env: &[(&str, String)]) -> Result<(), Failure> {
    let mut cmd = tokio::process::Command::new(&exec[0]);
    // etcdctl unsets ETCDCTL_API before anything else (v3.4.23 `etcdctl/main.go`), so the
    // command it runs never inherits it.
    cmd.args(&exec[1..])
        .env_remove("ETCDCTL_API")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(std::process::Stdio::null());
    let why = match cmd.status().await {
        Ok(status) if status.success() => return Ok(()),
        Ok(status) => go_exit_status(&status),
        Err(e) => go_start_error(&exec[0], &e),
    };
    let quoted: Vec<String> = exec.iter().map(|a| go_quote(a.as_bytes())).collect();
    super::warn(&format!("command [{}] error ({why})\n", quoted.join(" ")));
    Err(Failure::new(ExitStatus::Error, ""))
}

/// A failed command's status as Go's `ProcessState` says it.
fn go_exit_status(status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    let Some(signal) = status.signal() else {
        return status.to_string();
    };
    let name = match signal {
        1 => "hangup".to_string(),
        2 => "interrupt".to_string(),
        3 => "quit".to_string(),
        4 => "illegal instruction".to_string(),
        5 => "trace/breakpoint trap".to_string(),
        6 => "aborted".to_string(),
        7 => "bus error".to_string(),
        8 => "floating point exception".to_string(),
        9 => "killed".to_string(),
        10 => "user defined signal 1".to_string(),
        11 => "segmentation fault".to_string(),
        12 => "user defined signal 2".to_string(),
        13 => "broken pipe".to_string(),
        14 => "alarm clock".to_string(),
        15 => "terminated".to_string(),
        n => format!("signal {n}"),
    };
    let core = if status.core_dumped() { " (core dumped)" } else { "" };
    format!("signal: {name}{core}")
}

/// A command that could not be started, as Go's `os/exec` says it: a bare name not found in
/// `$PATH`, or the error of starting a path.
fn go_start_error(name: &str, e: &std::io::Error) -> String {
    let not_found = matches!(
        e.kind(),
        std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied
    );
    if !name.contains('/') && not_found {
        return format!(
            "exec: {}: executable file not found in $PATH",
            go_quote(name.as_bytes())
        );
    }
    let text = match e.raw_os_error() {
        Some(n) => {
            let desc = nix::errno::Errno::from_raw(n).desc();
            let mut c = desc.chars();
            c.next()
                .map(|f| f.to_lowercase().chain(c).collect())
                .unwrap_or_default()
        }
        None => e.to_string(),
    };
    format!("fork/exec {name}: {text}")
}

/// What a watch's task reports to the interactive loop.
enum Ended {
    /// The command must end with this failure.
    Failure(Failure),
    /// The stream broke: explain it.
    Stream(etcd_client::Error),
}

/// `watch -i`: one watch per `watch ...` line, each printing on its own as events come.
async fn interactive(
    ctl: &Ctl<'_>,
    client: &Client,
    target: &Target,
    printer: &Printer,
    env_key: &str,
    env_range: &str,
) -> Result<ExitStatus, Failure> {
    let (line_tx, mut lines) = mpsc::unbounded_channel::<Result<Vec<u8>, String>>();
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut input = stdin.lock();
        loop {
            let mut line = Vec::new();
            let read = match input.read_until(b'\n', &mut line) {
                // A last line without its newline is not read, as Go's ReadString('\n').
                Ok(_) if line.ends_with(b"\n") => Ok(line),
                Ok(_) => Err("EOF".to_string()),
                Err(e) => Err(e.to_string()),
            };
            let end = read.is_err();
            if line_tx.send(read).is_err() || end {
                return;
            }
        }
    });
    let (ended_tx, mut ended) = mpsc::unbounded_channel::<Ended>();
    let mut senders = Vec::new();
    loop {
        let line = tokio::select! {
            Some(e) = ended.recv() => {
                return Err(match e {
                    Ended::Failure(f) => f,
                    Ended::Stream(e) => ctl.explain(CallError::Etcd(e), target).await,
                });
            }
            line = lines.recv() => line,
        };
        let mut line = match line {
            Some(Ok(l)) => l,
            Some(Err(e)) => {
                return Err(Failure::new(
                    ExitStatus::InvalidInput,
                    format!("Error reading watch request line: {e}"),
                ));
            }
            None => {
                return Err(Failure::new(
                    ExitStatus::InvalidInput,
                    "Error reading watch request line: EOF",
                ));
            }
        };
        line.pop();
        let text = String::from_utf8_lossy(&line).into_owned();
        let words = argify(&line)?;
        match words.first().map(String::as_str) {
            None => super::warn(&format!("Invalid command: {text} (watch and progress supported)\n")),
            Some("watch") => {
                if words.len() < 2 && env_key.is_empty() {
                    super::warn(&format!(
                        "Invalid command {text} (command type or key is not provided)\n"
                    ));
                    continue;
                }
                let spec = line_spec(&words[1..], env_key, env_range).map_err(bad_args)?;
                if let Err(why) = check_words(&spec) {
                    super::warn(&format!("Invalid command {text} ({why})\n"));
                    continue;
                }
                let stream = open(ctl, client, target, &spec).await?;
                let (sender, mut responses) = stream.split();
                senders.push(sender);
                let (printer, ended_tx) = (printer.clone(), ended_tx.clone());
                tokio::spawn(async move {
                    loop {
                        let resp = match responses.message().await {
                            Ok(Some(r)) => r,
                            Ok(None) => return,
                            Err(e) => {
                                let _ = ended_tx.send(Ended::Stream(e));
                                return;
                            }
                        };
                        match printer.response(&resp, &spec.exec).await {
                            Ok(Shown::Open) => {}
                            Ok(Shown::Cancelled) => return,
                            Err(f) => {
                                let _ = ended_tx.send(Ended::Failure(f));
                                return;
                            }
                        }
                    }
                });
            }
            Some("progress") => {
                // etcd answers on every watch stream; a finished watch has none to answer on.
                for sender in &mut senders {
                    let _ = sender.request_progress().await;
                }
            }
            Some(_) => super::warn(&format!("Invalid command {text} (only support watch)\n")),
        }
    }
}

/// The watch of an interactive `watch ...` line (the words after `watch`), with etcdctl's
/// checks; the command line's `--prefix`, `--rev` and `--prev-kv` do not apply to it.
fn line_spec(words: &[String], env_key: &str, env_range: &str) -> Result<WatchSpec, String> {
    let separator = words.iter().position(|w| w == "--");
    if separator == Some(words.len().wrapping_sub(1)) {
        return Err(BAD_ARGS_SEPARATOR.into());
    }
    let flags = parse_line_flags(words)?;
    if separator.is_none() && env_key.is_empty() && flags.args.is_empty() {
        return Err(BAD_ARGS_NUM.into());
    }
    if separator.is_none() && !flags.args.is_empty() && !env_key.is_empty() {
        return Err(BAD_ARGS_CONFLICT_ENV.into());
    }
    let exec: Vec<String> = separator.map(|i| words[i + 1..].to_vec()).unwrap_or_default();
    // pflag hands back the words after `--` with the others; etcdctl cuts them off.
    let before: Vec<String> = match separator {
        Some(_) => flags.args[..flags.args.len() - exec.len()].to_vec(),
        None => flags.args.clone(),
    };
    Ok(WatchSpec {
        words: collect_words(env_key, env_range, &before, &exec),
        prefix: flags.prefix,
        rev: flags.rev,
        prev_kv: flags.prev_kv,
        exec,
    })
}

/// The flags of an interactive line, parsed as pflag parses `watch`'s flags.
#[derive(Debug, Default)]
struct LineFlags {
    prefix: bool,
    rev: i64,
    prev_kv: bool,
    args: Vec<String>,
}

/// pflag's parse of `-i/--interactive`, `--prefix`, `--rev`, `--prev-kv`, with its messages.
fn parse_line_flags(words: &[String]) -> Result<LineFlags, String> {
    let mut flags = LineFlags::default();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            flags.args.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            if long.starts_with('-') || long.starts_with('=') {
                return Err(format!("bad flag syntax: {word}"));
            }
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            match name {
                "interactive" | "prefix" | "prev-kv" => {
                    let on = match value {
                        Some(v) => go_parse_bool(&v)
                            .ok_or_else(|| format!("invalid argument {} for \"--{name}\" flag: strconv.ParseBool: parsing {}: invalid syntax", go_quote(v.as_bytes()), go_quote(v.as_bytes())))?,
                        None => true,
                    };
                    match name {
                        "prefix" => flags.prefix = on,
                        "prev-kv" => flags.prev_kv = on,
                        _ => {}
                    }
                }
                "rev" => {
                    let v = match value {
                        Some(v) => v,
                        None if i < words.len() => {
                            i += 1;
                            words[i - 1].clone()
                        }
                        None => return Err("flag needs an argument: --rev".into()),
                    };
                    flags.rev = go_parse_int(&v).map_err(|why| {
                        format!(
                            "invalid argument {} for \"--rev\" flag: strconv.ParseInt: parsing {}: {why}",
                            go_quote(v.as_bytes()),
                            go_quote(v.as_bytes())
                        )
                    })?;
                }
                _ => return Err(format!("unknown flag: --{name}")),
            }
        } else if let Some(short) = word.strip_prefix('-')
            && !short.is_empty()
        {
            let mut rest = short;
            while let Some(c) = rest.chars().next() {
                rest = &rest[c.len_utf8()..];
                if c != 'i' {
                    return Err(format!("unknown shorthand flag: '{c}' in {word}"));
                }
                if let Some(v) = rest.strip_prefix('=') {
                    go_parse_bool(v).ok_or_else(|| {
                        format!(
                            "invalid argument {} for \"-i, --interactive\" flag: strconv.ParseBool: parsing {}: invalid syntax",
                            go_quote(v.as_bytes()),
                            go_quote(v.as_bytes())
                        )
                    })?;
                    break;
                }
            }
        } else {
            flags.args.push(word.clone());
        }
    }
    Ok(flags)
}

/// Go's strconv.ParseBool.
fn go_parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Go's strconv.ParseInt(s, 0, 64): a sign, then decimal, `0x` hexadecimal, `0o`/`0`
/// octal or `0b` binary digits, `_` between digits.
fn go_parse_int(s: &str) -> Result<i64, &'static str> {
    let (negative, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d, true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d, true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d, true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..], true)
    } else {
        (10, lower.as_str(), false)
    };
    let underscores_ok = prefixed || radix != 10;
    if digits.is_empty()
        || (digits.contains('_')
            && (!underscores_ok || digits.starts_with('_') || digits.ends_with('_') || digits.contains("__")))
    {
        return Err("invalid syntax");
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(radix)) {
        return Err("invalid syntax");
    }
    let magnitude = u64::from_str_radix(&clean, radix).map_err(|_| "value out of range")?;
    if negative {
        if magnitude > i64::MIN.unsigned_abs() {
            return Err("value out of range");
        }
        Ok((magnitude as i128).wrapping_neg() as i64)
    } else {
        i64::try_from(magnitude).map_err(|_| "value out of range")
    }
}

/// etcdctl's `argify` (shared with `txn`'s request lines: [`super::txn_input::argify`]), its
/// words as text, as the watch flags read them.
pub fn argify(line: &[u8]) -> Result<Vec<String>, Failure> {
    Ok(super::txn_input::argify(line)?
        .iter()
        .map(|w| String::from_utf8_lossy(w).into_owned())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        argify(line.as_bytes()).unwrap()
    }

    #[test]
    fn lines_split_as_etcdctl_argify_splits_them() {
        assert_eq!(words("watch  foo --prefix"), ["watch", "foo", "--prefix"]);
        assert_eq!(words(r#"watch "a b\tc" x"#), ["watch", "a b\tc", "x"]);
        // etcdctl's slip: a single-quoted word is cut at the number of words less one.
        assert_eq!(words("watch 'abc' 'de'"), ["watch", "a", "d"]);
        assert_eq!(words("watch 'a'"), ["watch", ""]);
        assert!(argify(b"'a'").is_err());
        assert_eq!(argify(br#"watch "\q""#).unwrap_err().status, ExitStatus::InvalidInput);
        assert_eq!(words(""), Vec::<String>::new());
        // An unclosed quote is skipped.
        assert_eq!(words(r#"watch "abc"#), ["watch", "abc"]);
    }

    #[test]
    fn interactive_lines_parse_as_pflag_parses_them() {
        let w = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let spec = line_spec(&w("--rev 0x10 k --prefix"), "", "").unwrap();
        assert_eq!((spec.words, spec.rev, spec.prefix), (vec!["k".to_string()], 16, true));
        // etcdctl cuts at the last word equal to the command's name; past two words only the
        // first counts.
        let spec = line_spec(&w("k -- echo k echo"), "", "").unwrap();
        assert_eq!(spec.words, ["k", "echo", "k"]);
        assert_eq!(spec.exec, ["echo", "k", "echo"]);
        assert_eq!(line_spec(&w("k --"), "", "").unwrap_err(), BAD_ARGS_SEPARATOR);
        assert_eq!(line_spec(&w("--prefix"), "", "").unwrap_err(), BAD_ARGS_NUM);
        assert_eq!(line_spec(&w("k"), "e", "").unwrap_err(), BAD_ARGS_CONFLICT_ENV);
        assert_eq!(line_spec(&w("--bogus k"), "", "").unwrap_err(), "unknown flag: --bogus");
        assert_eq!(
            line_spec(&w("-x k"), "", "").unwrap_err(),
            "unknown shorthand flag: 'x' in -x"
        );
        assert_eq!(
            line_spec(&w("k --rev"), "", "").unwrap_err(),
            "flag needs an argument: --rev"
        );
        assert_eq!(
            line_spec(&w("k --rev=z"), "", "").unwrap_err(),
            "invalid argument \"z\" for \"--rev\" flag: strconv.ParseInt: parsing \"z\": invalid syntax"
        );
        let spec = line_spec(&w("-- echo hi"), "envkey", "").unwrap();
        assert_eq!(spec.words, ["envkey"]);
    }

    #[test]
    fn command_words_are_cut_where_etcdctl_cuts_them() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(collect_words("", "", &s(&["k"]), &s(&["sh", "-c", "x"])), ["k"]);
        // etcdctl cuts at the last word equal to the command's name.
        assert_eq!(
            collect_words("", "", &s(&["k"]), &s(&["sh", "-c", "x", "sh"])),
            ["k", "sh", "-c", "x"]
        );
        assert_eq!(collect_words("", "", &s(&["k"]), &s(&["a", "a"])), ["k", "a"]);
        assert_eq!(collect_words("e", "f", &[], &s(&["echo"])), ["e", "f"]);
    }

    #[test]
    fn failed_commands_read_as_go_says_them() {
        assert_eq!(go_parse_int("-12"), Ok(-12));
        assert_eq!(go_parse_int("010"), Ok(8));
        assert_eq!(go_parse_int("1_000"), Err("invalid syntax"));
        assert_eq!(go_parse_int("99999999999999999999"), Err("value out of range"));
        let e = std::io::Error::from_raw_os_error(2);
        assert_eq!(
            go_start_error("./nosuch", &e),
            "fork/exec ./nosuch: no such file or directory"
        );
        assert_eq!(
            go_start_error("nosuch", &e),
            "exec: \"nosuch\": executable file not found in $PATH"
        );
    }
}
