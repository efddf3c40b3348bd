//! etcdctl's everyday commands: `endpoint status|health`, `member list`, `get`, `put`, `del`.
//! Same flags, same output, same exit codes; when a connection fails, the cause instead of
//! "context deadline exceeded".

use std::future::Future;
use std::io::{IsTerminal, Read, Write};
use std::time::{Duration, Instant};

use etcd_client::{Client, DeleteOptions, GetOptions};

use crate::cli::{ClusterArg, Command, DelArgs, EndpointCommand, GetArgs, GlobalFlags, MemberCommand, PutArgs};
use crate::connect::diagnosis::Diagnosis;
use crate::connect::target::Target;
use crate::connect::{self, Settings, probe};
use crate::exit::{ExitStatus, Failure};
use crate::render::etcdctl::{
    self as out, EndpointHealth, EndpointStatus, GetJson, HeaderOnly, MemberJson, MemberList,
};

/// The output format, checked against what each command supports.
fn write_out(global: &GlobalFlags, allowed: &[&str]) -> Result<String, Failure> {
    let format = global.write_out.clone().unwrap_or_else(|| "simple".into());
    if allowed.contains(&format.as_str()) {
        Ok(format)
    } else {
        Err(Failure::new(
            ExitStatus::BadFeature,
            format!("{format} not supported as output format"),
        ))
    }
}

fn emit(text: &str) -> Result<(), Failure> {
    crate::exit::write_stdout(text.as_bytes())
}

/// Runs a client command.
pub fn run(command: &Command, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    let settings = Settings::from_flags(global)?;
    if settings.tls.as_ref().is_some_and(|t| t.insecure_skip_verify) {
        let mut err = anstream::stderr();
        let _ = writeln!(
            err,
            "{}WARNING: --insecure-skip-tls-verify: the server's certificate is not checked; anyone between here and etcd can read and change everything, including every Secret.{}",
            anstyle::AnsiColor::Yellow.on_default().bold(),
            anstyle::Reset
        );
    }
    let runtime = crate::runtime()?;
    runtime.block_on(async {
        match command {
            Command::Endpoint(EndpointCommand::Status(c)) => endpoint_status(&settings, c, global).await,
            Command::Endpoint(EndpointCommand::Health(c)) => endpoint_health(&settings, c, global).await,
            Command::Member(MemberCommand::List) => member_list(&settings, global).await,
            Command::Get(args) => get(&settings, args, global).await,
            Command::Put(args) => put(&settings, args, global).await,
            Command::Del(args) => del(&settings, args, global).await,
            _ => Err(Failure::new(ExitStatus::Error, "not a client command")),
        }
    })
}

/// Shows a spinner on stderr while `fut` runs longer than a moment, on a terminal only.
async fn spin<T>(what: String, fut: impl Future<Output = T>) -> T {
    if !std::io::stderr().is_terminal() {
        return fut.await;
    }
    tokio::pin!(fut);
    tokio::select! {
        v = &mut fut => return v,
        _ = tokio::time::sleep(Duration::from_millis(300)) => {}
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_message(what);
    bar.enable_steady_tick(Duration::from_millis(100));
    let v = fut.await;
    bar.finish_and_clear();
    v
}

/// Runs `op` against the first endpoint that works, diagnosing every endpoint that does not
/// (etcdctl's failover, with reasons).
async fn on_any<T, F, Fut>(settings: &Settings, op: F) -> Result<T, Failure>
where
    F: Fn(Client) -> Fut,
    Fut: Future<Output = Result<T, etcd_client::Error>>,
{
    let mut failures: Vec<(Target, Diagnosis)> = Vec::new();
    for target in &settings.targets {
        let attempt = async {
            let client = connect::connect_one(settings, target).await.map_err(Attempt::from)?;
            with_retries(client, &op, settings.command_timeout).await
        };
        match spin(format!("connecting to {target}"), attempt).await {
            Ok(v) => return Ok(v),
            Err(Attempt::Etcd(e)) => return Err(connect::diagnosis_failure(connect::etcd_error(&e, settings))),
            Err(Attempt::Timeout) => failures.push((target.clone(), command_timeout(settings, target))),
            Err(Attempt::Dial) => {
                let walk = probe::walk(target, settings.tls.as_ref(), settings.dial_timeout, settings.now).await;
                failures.push((target.clone(), walk.diagnosis));
            }
        }
    }
    Err(connect::all_failed(failures))
}

/// Runs `op` until it succeeds, fails for good, or `--command-timeout` ends. etcd's transient
/// answers during a leader election ("leader changed", "no leader") are retried, as etcdctl's
/// client retries them.
async fn with_retries<T, F, Fut>(client: Client, op: &F, timeout: Duration) -> Result<T, Attempt>
where
    F: Fn(Client) -> Fut,
    Fut: Future<Output = Result<T, etcd_client::Error>>,
{
    let attempts = async {
        loop {
            match op(client.clone()).await {
                Ok(v) => return Ok(v),
                Err(e) if connect::is_transient(&e) => tokio::time::sleep(Duration::from_millis(100)).await,
                Err(e) if connect::is_transport_error(&e) => return Err(Attempt::Dial),
                Err(e) => return Err(Attempt::Etcd(e)),
            }
        }
    };
    tokio::time::timeout(timeout, attempts)
        .await
        .unwrap_or(Err(Attempt::Timeout))
}

impl From<connect::ConnectError> for Attempt {
    fn from(e: connect::ConnectError) -> Self {
        match e {
            connect::ConnectError::Dial(_) => Attempt::Dial,
            connect::ConnectError::Etcd(e) => Attempt::Etcd(e),
        }
    }
}

enum Attempt {
    Dial,
    Timeout,
    Etcd(etcd_client::Error),
}

fn command_timeout(settings: &Settings, target: &Target) -> Diagnosis {
    Diagnosis::new(
        crate::connect::diagnosis::DiagnosisId::ServerError,
        format!(
            "{target} accepted the connection but did not answer within --command-timeout ({}): the cluster may have lost quorum (no leader), or the member is overloaded.",
            out::go_duration(settings.command_timeout)
        ),
    )
    .with_fix("Check the other members (`etcdtls endpoint status --cluster -w table`) and etcd's logs; raise --command-timeout for slow links.")
}

/// The endpoints a command addresses: `--endpoints`, or with `--cluster` every member's client
/// URLs from the member list.
async fn endpoints(settings: &Settings, cluster: bool) -> Result<Vec<Target>, Failure> {
    if !cluster {
        return Ok(settings.targets.clone());
    }
    let members = on_any(settings, |mut c| async move { c.member_list().await }).await?;
    let tls = settings.tls.is_some();
    let mut targets: Vec<Target> = Vec::new();
    for m in members.members() {
        for url in m.client_urls() {
            let t = Target::parse(url, tls).map_err(|e| Failure::new(ExitStatus::Error, e))?;
            if !targets.contains(&t) {
                targets.push(t);
            }
        }
    }
    Ok(targets)
}

/// Connects to one endpoint and runs `op`, or says why not.
async fn on_endpoint<T, F, Fut>(settings: &Settings, target: &Target, op: F) -> Result<T, Diagnosis>
where
    F: Fn(Client) -> Fut,
    Fut: Future<Output = Result<T, etcd_client::Error>>,
{
    let result = async {
        let client = connect::connect_one(settings, target).await.map_err(Attempt::from)?;
        with_retries(client, &op, settings.command_timeout).await
    }
    .await;
    match result {
        Ok(v) => Ok(v),
        Err(Attempt::Etcd(e)) => Err(connect::etcd_error(&e, settings)),
        Err(Attempt::Timeout) => Err(command_timeout(settings, target)),
        Err(Attempt::Dial) => Err(
            probe::walk(target, settings.tls.as_ref(), settings.dial_timeout, settings.now)
                .await
                .diagnosis,
        ),
    }
}

fn report_endpoint_failure(target: &Target, d: &Diagnosis, what: &str) {
    let mut err = anstream::stderr();
    let _ = writeln!(
        err,
        "Failed to get the {what} of endpoint {target} ({} [{}])",
        d.summary, d.id
    );
    if !d.fix.is_empty() {
        let _ = writeln!(err, "  fix: {}", d.fix);
    }
}

async fn endpoint_status(settings: &Settings, c: &ClusterArg, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    let format = write_out(global, &["simple", "table", "json"])?;
    let targets = endpoints(settings, c.cluster).await?;
    let mut list = Vec::new();
    let mut failures = Vec::new();
    for target in &targets {
        let result = spin(
            format!("status of {target}"),
            on_endpoint(settings, target, |mut cl| async move { cl.status().await }),
        )
        .await;
        match result {
            Ok(s) => list.push(EndpointStatus::new(&target.original, &s)),
            Err(d) => failures.push((target.clone(), d)),
        }
    }
    for (t, d) in &failures {
        report_endpoint_failure(t, d, "status");
    }
    if !list.is_empty() {
        emit(&out::endpoint_status(&list, &format))?;
    }
    Ok(if failures.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    })
}

async fn endpoint_health(settings: &Settings, c: &ClusterArg, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    let format = write_out(global, &["simple", "table", "json"])?;
    let targets = endpoints(settings, c.cluster).await?;
    let checks = targets.iter().map(|target| async move {
        let started = Instant::now();
        let result = on_endpoint(settings, target, |mut cl| async move {
            // etcdctl's check: a linearizable read of "health" (permission denied still
            // proves a working quorum), then no active alarms.
            match cl.get("health", None).await {
                Ok(_) => {}
                Err(etcd_client::Error::GRpcStatus(s)) if s.message().contains("permission denied") => {}
                Err(e) => return Err(e),
            }
            let alarms = cl
                .alarm(etcd_client::AlarmAction::Get, etcd_client::AlarmType::None, None)
                .await
                .ok();
            Ok(alarms
                .map(|a| {
                    a.alarms()
                        .iter()
                        .map(|m| format!("{:?}", m.alarm()).to_uppercase())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default())
        })
        .await;
        let took = out::go_duration(started.elapsed());
        match result {
            Ok(alarms) if alarms.is_empty() => EndpointHealth {
                endpoint: target.original.clone(),
                health: true,
                took,
                error: None,
            },
            Ok(alarms) => EndpointHealth {
                endpoint: target.original.clone(),
                health: false,
                took,
                error: Some(format!("Active Alarm(s): {}", alarms.join(" "))),
            },
            Err(d) => EndpointHealth {
                endpoint: target.original.clone(),
                health: false,
                took,
                error: Some(format!("{} [{}]", d.summary, d.id)),
            },
        }
    });
    let list = spin("checking health".into(), futures::future::join_all(checks)).await;
    let (stdout, stderr) = out::endpoint_health(&list, &format);
    emit(&stdout)?;
    let _ = anstream::stderr().write_all(stderr.as_bytes());
    if list.iter().all(|h| h.health) {
        Ok(ExitStatus::Success)
    } else {
        Err(Failure::new(ExitStatus::Error, "unhealthy cluster"))
    }
}

async fn member_list(settings: &Settings, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    let format = write_out(global, &["simple", "table", "json"])?;
    let resp = on_any(settings, |mut c| async move { c.member_list().await }).await?;
    let list = MemberList {
        header: resp.header().into(),
        members: resp
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
    emit(&out::member_list(&list, &format))?;
    Ok(ExitStatus::Success)
}

async fn get(settings: &Settings, args: &GetArgs, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    let format = write_out(global, &["simple", "json"])?;
    if args.prefix && args.from_key {
        return Err(Failure::new(
            ExitStatus::BadArgs,
            "`--prefix` and `--from-key` cannot be set at the same time, choose one",
        ));
    }
    if args.range_end.is_some() && (args.prefix || args.from_key) {
        return Err(Failure::new(
            ExitStatus::BadArgs,
            "too many arguments, only accept one argument when `--prefix` or `--from-key` is set",
        ));
    }
    let mut options = GetOptions::new();
    if let Some(end) = &args.range_end {
        options = options.with_range(end.as_bytes().to_vec());
    }
    if args.prefix {
        options = if args.key.is_empty() {
            options.with_all_keys()
        } else {
            options.with_prefix()
        };
    }
    if args.from_key {
        options = options.with_from_key();
    }
    if args.keys_only {
        options = options.with_keys_only();
    }
    if args.limit > 0 {
        options = options.with_limit(args.limit);
    }
    if args.rev > 0 {
        options = options.with_revision(args.rev);
    }
    let key = args.key.clone();
    let resp = on_any(settings, |mut c| {
        let (key, options) = (key.clone(), options.clone());
        async move { c.get(key, Some(options)).await }
    })
    .await?;
    let text = if format == "json" {
        out::json_line(&GetJson::new(&resp))
    } else {
        let mut bytes = Vec::new();
        for kv in resp.kvs() {
            if !args.print_value_only {
                bytes.extend_from_slice(kv.key());
                bytes.push(b'\n');
            }
            bytes.extend_from_slice(kv.value());
            bytes.push(b'\n');
        }
        String::from_utf8_lossy(&bytes).into_owned()
    };
    emit(&text)?;
    Ok(ExitStatus::Success)
}

async fn put(settings: &Settings, args: &PutArgs, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    let format = write_out(global, &["simple", "json"])?;
    let value = match &args.value {
        Some(v) => v.clone(),
        None => {
            let mut v = String::new();
            std::io::stdin()
                .read_to_string(&mut v)
                .map_err(|e| Failure::new(ExitStatus::Io, e.to_string()))?;
            v
        }
    };
    let key = args.key.clone();
    let resp = on_any(settings, |mut c| {
        let (key, value) = (key.clone(), value.clone());
        async move { c.put(key, value, None).await }
    })
    .await?;
    emit(&if format == "json" {
        out::json_line(&HeaderOnly {
            header: resp.header().into(),
            deleted: 0,
        })
    } else {
        "OK\n".into()
    })?;
    Ok(ExitStatus::Success)
}

async fn del(settings: &Settings, args: &DelArgs, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    let format = write_out(global, &["simple", "json"])?;
    let mut options = DeleteOptions::new();
    if let Some(end) = &args.range_end {
        options = options.with_range(end.as_bytes().to_vec());
    }
    if args.prefix {
        options = if args.key.is_empty() {
            options.with_all_keys()
        } else {
            options.with_prefix()
        };
    }
    if args.from_key {
        options = options.with_from_key();
    }
    let key = args.key.clone();
    let resp = on_any(settings, |mut c| {
        let (key, options) = (key.clone(), options.clone());
        async move { c.delete(key, Some(options)).await }
    })
    .await?;
    emit(&if format == "json" {
        out::json_line(&HeaderOnly {
            header: resp.header().into(),
            deleted: resp.deleted(),
        })
    } else {
        format!("{}\n", resp.deleted())
    })?;
    Ok(ExitStatus::Success)
}
