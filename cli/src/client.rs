//! etcdctl's everyday commands: `endpoint status|health`, `member list`, `get`, `put`, `del`.
//! Same flags, same checks in the same order, same output on the same stream, same exit codes
//! as etcdctl 3.4; when a connection fails, the cause instead of "context deadline exceeded".
//!
//! Each command first checks its own arguments (etcdctl exits 128 or 4 before it dials), then
//! [`prepare`] does what etcdctl does while it builds its client: report the `ETCDCTL_*`
//! variables, choose the printer, check the TLS flags. Only then does it dial. A format that
//! a command's printer does not support is refused after the request, as etcdctl does (a
//! `put -w table` has written its key when it exits 4).

use std::ffi::OsString;
use std::future::Future;
use std::io::{IsTerminal, Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::time::{Duration, Instant};

use etcd_client::{Client, DeleteOptions, GetOptions, PutOptions, SortOrder, SortTarget};

use crate::cli::{
    ClusterArg, Command, DelArgs, EndpointCommand, EnvReport, GetArgs, GlobalFlags, MemberCommand, PutArgs,
};
use crate::connect::diagnosis::{Diagnosis, DiagnosisId};
use crate::connect::target::Target;
use crate::connect::{self, Settings, probe};
use crate::exit::{ExitStatus, Failure};
use crate::render::etcdctl::{self as out, EndpointHealth, EndpointStatus, Format, Printed, Printer};

pub(crate) fn bad_args(message: impl Into<String>) -> Failure {
    Failure::new(ExitStatus::BadArgs, message)
}

pub(crate) fn bytes(s: &OsString) -> Vec<u8> {
    s.as_bytes().to_vec()
}

/// Writes what a printer made, or refuses the format as etcdctl does (exit 4).
pub(crate) fn emit(printed: Printed) -> Result<(), Failure> {
    match printed {
        Ok(b) => crate::exit::write_stdout_raw(&b),
        Err(format) => Err(Failure::new(
            ExitStatus::BadFeature,
            format!("{} not supported as output format", format.name()),
        )),
    }
}

/// Runs a client command.
pub fn run(command: &Command, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    match command {
        Command::Endpoint(EndpointCommand::Status(c)) => endpoint_status(c, global),
        Command::Endpoint(EndpointCommand::Health(c)) => endpoint_health(c, global),
        Command::Member(MemberCommand::List(_)) => member_list(global),
        Command::Get(args) => get(args, global),
        Command::Put(args) => put(args, global),
        Command::Del(args) => del(args, global),
        _ => Err(Failure::new(ExitStatus::Error, "not a client command")),
    }
}

/// etcdctl's warnings about `ETCDCTL_*` variables; a variable shadowed by its flag stops the
/// command (exit 1), as in etcdctl.
fn report_env(env: &EnvReport) -> Result<(), Failure> {
    let mut err = anstream::stderr();
    for var in &env.unrecognized {
        let name = var.split('=').next().unwrap_or_default();
        let _ = writeln!(
            err,
            "WARNING: unrecognized environment variable {name} (neither etcdctl nor etcdtls reads it)"
        );
    }
    match env.conflicts.first() {
        Some(name) => Err(Failure::new(
            ExitStatus::Error,
            format!(
                "conflicting environment variable {name:?} is shadowed by corresponding command-line flag (either unset environment variable or disable flag)"
            ),
        )),
        None => Ok(()),
    }
}

/// What etcdctl does while it builds its client, in its order: the variables, empty file
/// flags (128), DNS discovery, the output format (4), a certificate without its key or a key
/// without its certificate (128), then the files themselves (128).
pub(crate) fn prepare(global: &GlobalFlags) -> Result<(Printer, Settings), Failure> {
    report_env(&global.env)?;
    for (name, value) in [("cert", &global.cert), ("key", &global.key), ("cacert", &global.cacert)] {
        if value.as_ref().is_some_and(|p| p.as_os_str().is_empty()) {
            return Err(bad_args(format!("empty string is passed to --{name} option")));
        }
    }
    // An empty domain is no discovery (etcdctl's `endpointsFromFlagValue` returns no
    // endpoints for it and `--endpoints` applies).
    if let Some(domain) = global.discovery_srv.as_ref().filter(|d| !d.is_empty()) {
        return Err(Failure::new(
            ExitStatus::Error,
            format!(
                "--discovery-srv {domain}: etcdtls does not discover endpoints from DNS SRV records; give --endpoints (etcdctl --discovery-srv=... member list shows them)"
            ),
        ));
    }
    // etcdctl asks for the password of a `--user` without one, on standard output.
    let prompted;
    let global = if global
        .user
        .as_deref()
        .is_some_and(|u| !u.is_empty() && !u.contains(':'))
        && global.password.as_deref().unwrap_or_default().is_empty()
    {
        let mut g = global.clone();
        g.password = Some(ask_password("Password: ")?);
        prompted = g;
        &prompted
    } else {
        global
    };
    let name = global.write_out.as_deref().unwrap_or("simple");
    let format =
        Format::parse(name).ok_or_else(|| Failure::new(ExitStatus::BadFeature, "unsupported output format"))?;
    if global.cert.is_some() != global.key.is_some() {
        let show = |p: &Option<std::path::PathBuf>| p.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
        let missing = if global.cert.is_some() { "--key" } else { "--cert" };
        return Err(bad_args(format!(
            "KeyFile and CertFile must both be present[key: {}, cert: {}]",
            show(&global.key),
            show(&global.cert)
        ))
        .with_detail([format!(
            "  fix: give {missing} too: a client certificate and its private key always go together (the passport and the fingerprint that proves it is yours)."
        )]));
    }
    let settings = Settings::from_flags(global)?;
    if global.insecure_skip_tls_verify && !settings.tls.as_ref().is_some_and(|t| t.insecure_skip_verify) {
        let mut err = anstream::stderr();
        let _ = writeln!(
            err,
            "{}WARNING: --insecure-skip-tls-verify does nothing here: etcdctl applies it only beside --cacert, --cert, --key or --insecure-transport=false, so an https:// endpoint's certificate is still checked (against this system's CAs) and an endpoint without a scheme is plaintext.{}",
            anstyle::AnsiColor::Yellow.on_default().bold(),
            anstyle::Reset
        );
    }
    if settings.tls.as_ref().is_some_and(|t| t.insecure_skip_verify) {
        let mut err = anstream::stderr();
        let _ = writeln!(
            err,
            "{}WARNING: --insecure-skip-tls-verify: the server's certificate is not checked; anyone between here and etcd can read and change everything, including every Secret.{}",
            anstyle::AnsiColor::Yellow.on_default().bold(),
            anstyle::Reset
        );
    }
    if let Some(pinned) = settings.tls.as_ref().and_then(|t| t.creds.pinned_server_certificate())
        && !settings.tls.as_ref().is_some_and(|t| t.insecure_skip_verify)
    {
        let mut err = anstream::stderr();
        let _ = writeln!(
            err,
            "{}WARNING: {pinned}{}",
            anstyle::AnsiColor::Yellow.on_default().bold(),
            anstyle::Reset
        );
    }
    let printer = Printer {
        format,
        hex: global.hex,
        value_only: false,
    };
    Ok((printer, settings))
}

/// Asks for a password as etcdctl does with speakeasy: the prompt on standard output, a line
/// from standard input read without echo when it is a terminal, then a newline on standard
/// output (also when the read fails). The line ends at a newline or at the end of the input;
/// a trailing carriage return and surrounding white space are not part of the password.
/// Standard input that is not a terminal is read just the same (etcdctl's `stty` complains on
/// standard error there and goes on; etcdtls says nothing).
pub(crate) fn ask_password(prompt: &str) -> Result<String, Failure> {
    use std::io::BufRead as _;

    use nix::sys::termios::{LocalFlags, SetArg, tcgetattr, tcsetattr};
    let stdin = std::io::stdin();
    crate::exit::write_stdout_raw(prompt.as_bytes())?;
    let saved = tcgetattr(&stdin).ok();
    if let Some(original) = &saved {
        let mut quiet = original.clone();
        quiet.local_flags.remove(LocalFlags::ECHO);
        let _ = tcsetattr(&stdin, SetArg::TCSANOW, &quiet);
    }
    let mut line = Vec::new();
    let read = stdin.lock().read_until(b'\n', &mut line);
    if let Some(original) = &saved {
        let _ = tcsetattr(&stdin, SetArg::TCSANOW, original);
    }
    crate::exit::write_stdout_raw(b"\n")?;
    read.map_err(|e| Failure::new(ExitStatus::Error, format!("failed during password entry: {e}")))?;
    Ok(password_of_line(&line))
}

/// speakeasy's password from the line read: without the newline and a carriage return before
/// it, then trimmed of white space.
fn password_of_line(line: &[u8]) -> String {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    String::from_utf8_lossy(line).trim().to_string()
}

/// etcdctl's `--command-timeout 0s`: every request's deadline has passed before it is sent.
fn zero_timeout() -> Failure {
    Failure::new(ExitStatus::Error, "context deadline exceeded").with_detail([
        "  --command-timeout is 0s, so every request's deadline passes before it is sent (etcdctl's default is 5s)."
            .to_string(),
        "  fix: give --command-timeout a duration such as 5s, or leave it out.".to_string(),
    ])
}

/// Shows a spinner on stderr while `fut` runs longer than a moment, on a terminal only.
pub(crate) async fn spin<T>(what: String, fut: impl Future<Output = T>) -> T {
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
pub(crate) async fn on_any<T, F, Fut>(settings: &Settings, op: F) -> Result<T, Failure>
where
    F: Fn(Client) -> Fut,
    Fut: Future<Output = Result<T, etcd_client::Error>>,
{
    if let Some(refused) = settings.client_refused() {
        return Err(refused);
    }
    if settings.command_timeout.is_zero() {
        return Err(zero_timeout());
    }
    let mut failures: Vec<(Target, Diagnosis)> = Vec::new();
    for target in &settings.balancer_targets() {
        let attempt = async {
            if !settings.deadline_covers_dial {
                let client = connect::connect_one(settings, target).await.map_err(Attempt::from)?;
                return with_retries(client, &op, settings.command_timeout).await;
            }
            // etcdctl made the context before the client: its deadline runs during the dial.
            let started = Instant::now();
            let client = tokio::time::timeout(settings.command_timeout, connect::connect_one(settings, target))
                .await
                .map_err(|_| Attempt::Timeout)?
                .map_err(Attempt::from)?;
            let left = settings.command_timeout.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Err(Attempt::Timeout);
            }
            with_retries(client, &op, left).await
        };
        match spin(format!("connecting to {target}"), attempt).await {
            Ok(v) => return Ok(v),
            // etcdctl logs in while it builds its client, and exits with ExitBadConnection
            // when that fails.
            Err(Attempt::Auth(e)) => return Err(etcd_failure(&e, settings, ExitStatus::BadConnection)),
            Err(Attempt::Etcd(e)) => return Err(etcd_failure(&e, settings, ExitStatus::Error)),
            Err(Attempt::Timeout) => failures.push((target.clone(), command_timeout(settings, target))),
            Err(Attempt::Unreached(d)) => failures.push((target.clone(), d)),
            Err(Attempt::Dial) => {
                let walk = probe::walk(target, settings.tls.as_ref(), settings.walk_timeout(), settings.now).await;
                failures.push((target.clone(), walk.diagnosis));
            }
        }
    }
    let mut failure = connect::all_failed(failures);
    failure.detail.extend(settings.balancer_note());
    Err(failure)
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
            connect::ConnectError::TimedOut(d) => Attempt::Unreached(d),
            connect::ConnectError::Etcd(e) => Attempt::Auth(e),
        }
    }
}

/// Why one endpoint did not answer.
enum Attempt {
    /// No connection: diagnose it.
    Dial,
    /// No connection, already diagnosed (the dial ran out of time).
    Unreached(Diagnosis),
    /// Connected, and no answer within --command-timeout.
    Timeout,
    /// etcd refused the login (wrong password, unknown user).
    Auth(etcd_client::Error),
    /// etcd answered the request with an error.
    Etcd(etcd_client::Error),
}

/// An error etcd answered with: etcdctl's `Error: <etcd's message>` line, unchanged so that
/// scripts matching it keep working; refusals etcdtls can explain (auth, permissions) go on
/// with who was refused and what to do.
pub(crate) fn etcd_failure(e: &etcd_client::Error, settings: &Settings, status: ExitStatus) -> Failure {
    let message = etcd_message(e);
    let d = connect::etcd_error(e, settings);
    if d.id == DiagnosisId::ServerError {
        return Failure::new(status, message);
    }
    let mut failure = connect::diagnosis_failure(d.clone());
    failure.detail.insert(0, format!("  {}", d.summary));
    failure.message = message;
    failure.status = status;
    failure
}

fn command_timeout(settings: &Settings, target: &Target) -> Diagnosis {
    let timeout = out::go_duration(settings.command_timeout);
    // Shorter than any request takes (`--command-timeout=1ns`): the flag, not the cluster.
    if settings.command_timeout < std::time::Duration::from_millis(50) {
        return Diagnosis::new(
            crate::connect::diagnosis::DiagnosisId::ServerError,
            format!("--command-timeout ({timeout}) is shorter than a request to {target} takes, so every request runs out of time."),
        )
        .with_fix("Give --command-timeout a few seconds (etcdctl's default is 5s).");
    }
    Diagnosis::new(
        crate::connect::diagnosis::DiagnosisId::ServerError,
        format!(
            "{target} accepted the connection but did not answer within --command-timeout ({timeout}): the cluster may have lost quorum (no leader), or the member is overloaded."
        ),
    )
    .with_fix("Check the other members (`etcdtls endpoint status --cluster -w table`) and etcd's logs; raise --command-timeout for slow links.")
}

/// The endpoints a command addresses: `--endpoints`, or with `--cluster` every member's client
/// URLs from the member list.
pub(crate) async fn endpoints(settings: &Settings, cluster: bool) -> Result<Vec<Target>, Failure> {
    if !cluster {
        return Ok(settings.targets.clone());
    }
    if let Some(mut refused) = settings.client_refused() {
        // etcdctl's endpointsFromCluster exits with ExitError when clientv3.New refuses.
        refused.status = ExitStatus::Error;
        return Err(refused);
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
pub(crate) async fn on_endpoint<T, F, Fut>(settings: &Settings, target: &Target, op: F) -> Result<T, Unanswered>
where
    F: Fn(Client) -> Fut,
    Fut: Future<Output = Result<T, etcd_client::Error>>,
{
    let unanswered = |diagnosis| Unanswered {
        diagnosis,
        login_refused: None,
        etcd_message: None,
    };
    if settings.command_timeout.is_zero() {
        return Err(unanswered(
            Diagnosis::new(DiagnosisId::Ok, "context deadline exceeded")
                .with_fix("--command-timeout is 0s, so every request's deadline passes before it is sent; give a duration such as 5s."),
        ));
    }
    let result = async {
        let client = connect::connect_one(settings, target).await.map_err(Attempt::from)?;
        with_retries(client, &op, settings.command_timeout).await
    }
    .await;
    match result {
        Ok(v) => Ok(v),
        Err(Attempt::Auth(e)) => Err(Unanswered {
            diagnosis: connect::etcd_error(&e, settings),
            login_refused: Some(etcd_failure(&e, settings, ExitStatus::BadConnection)),
            etcd_message: Some(etcd_message(&e)),
        }),
        Err(Attempt::Etcd(e)) => Err(Unanswered {
            diagnosis: connect::etcd_error(&e, settings),
            login_refused: None,
            etcd_message: Some(etcd_message(&e)),
        }),
        Err(Attempt::Timeout) => Err(unanswered(command_timeout(settings, target))),
        Err(Attempt::Unreached(d)) => Err(unanswered(d)),
        Err(Attempt::Dial) => Err(unanswered(
            probe::walk(target, settings.tls.as_ref(), settings.walk_timeout(), settings.now)
                .await
                .diagnosis,
        )),
    }
}

/// Why one endpoint gave no answer.
pub(crate) struct Unanswered {
    /// What is wrong, for people.
    pub(crate) diagnosis: Diagnosis,
    /// etcd refused the login: etcdctl fails while building its client (exit 2) where it
    /// uses one client for every endpoint (`endpoint status`).
    pub(crate) login_refused: Option<Failure>,
    /// What etcd answered, when it answered: etcdctl's words for the refusal.
    pub(crate) etcd_message: Option<String>,
}

/// What etcdctl's `endpoint health` says of an endpoint that did not answer, in its
/// `error` field (`err.Error()` of clientv3): etcd's own words when etcd answered, and
/// otherwise `context deadline exceeded` (the dial, or the request, ran out of time; gRPC
/// hides the cause). The second item is etcdtls's explanation, for standard error.
pub(crate) fn health_error(u: Unanswered) -> (String, Option<Diagnosis>) {
    match u.etcd_message {
        Some(message) => (message, None),
        None if u.diagnosis.id == DiagnosisId::Ok && u.diagnosis.summary == "context deadline exceeded" => (
            u.diagnosis.summary.clone(),
            (!u.diagnosis.fix.is_empty()).then_some(u.diagnosis),
        ),
        None => ("context deadline exceeded".to_string(), Some(u.diagnosis)),
    }
}

/// etcd's own message for an error it answered with (`etcdserver: permission denied`).
pub(crate) fn etcd_message(e: &etcd_client::Error) -> String {
    match e {
        etcd_client::Error::GRpcStatus(s) => s.message().to_string(),
        other => other.to_string(),
    }
}

pub(crate) fn report_endpoint_failure(target: &Target, d: &Diagnosis, what: &str) {
    let mut err = anstream::stderr();
    if d.id == DiagnosisId::Ok {
        let _ = writeln!(err, "Failed to get the {what} of endpoint {target} ({})", d.summary);
    } else {
        let _ = writeln!(
            err,
            "Failed to get the {what} of endpoint {target} ({} [{}])",
            d.summary, d.id
        );
    }
    if !d.fix.is_empty() {
        let _ = writeln!(err, "  fix: {}", d.fix);
    }
}

fn report_unhealthy(target: &Target, d: &Diagnosis) {
    let mut err = anstream::stderr();
    if d.id == DiagnosisId::Ok {
        let _ = writeln!(err, "Why {target} is unhealthy: {}", d.summary);
    } else {
        let _ = writeln!(err, "Why {target} is unhealthy: {} [{}]", d.summary, d.id);
    }
    if !d.fix.is_empty() {
        let _ = writeln!(err, "  fix: {}", d.fix);
    }
}

fn endpoint_status(c: &ClusterArg, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    let (printer, settings) = prepare(global)?;
    // etcdctl builds one client for every endpoint first (mustClientFromCmd).
    if let Some(refused) = settings.client_refused() {
        return Err(refused);
    }
    crate::runtime()?.block_on(async {
        let targets = endpoints(&settings, c.cluster).await?;
        let targets = Target::with_empty_items(&targets, &global.endpoints, c.cluster);
        let mut list = Vec::new();
        let mut failed = false;
        for target in &targets {
            let result = spin(
                format!("status of {target}"),
                on_endpoint(&settings, target, |mut cl| async move { cl.status().await }),
            )
            .await;
            match result {
                Ok(s) => list.push(EndpointStatus::new(&target.original, &s)),
                Err(Unanswered {
                    login_refused: Some(failure),
                    ..
                }) => return Err(failure),
                Err(u) => {
                    // etcdctl reports each failure as it happens, then prints the others.
                    report_endpoint_failure(target, &u.diagnosis, "status");
                    failed = true;
                }
            }
        }
        emit(printer.endpoint_status(&list))?;
        Ok(if failed { ExitStatus::Error } else { ExitStatus::Success })
    })
}

fn endpoint_health(c: &ClusterArg, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    let (printer, settings) = prepare(global)?;
    crate::runtime()?.block_on(async {
        let targets = endpoints(&settings, c.cluster).await?;
        // No endpoints at all (`--endpoints ""`): etcdctl checks none, and says so with
        // nothing but its empty list.
        let targets = if settings.targets.is_empty() {
            Vec::new()
        } else {
            Target::with_empty_items(&targets, &global.endpoints, c.cluster)
        };
        let settings = &settings;
        let checks = targets.iter().map(|target| async move {
            let started = Instant::now();
            // etcdctl 3.4's check: a linearizable read of "health"; permission denied still
            // proves the request went through consensus.
            let result = on_endpoint(settings, target, |mut cl| async move {
                match cl.get("health", None).await {
                    Ok(_) => Ok(()),
                    Err(etcd_client::Error::GRpcStatus(s)) if s.message().contains("permission denied") => Ok(()),
                    Err(e) => Err(e),
                }
            })
            .await;
            let took = out::go_duration(started.elapsed());
            match result {
                Ok(()) => (
                    EndpointHealth {
                        endpoint: target.original.clone(),
                        health: true,
                        took,
                        error: None,
                    },
                    None,
                ),
                Err(u) => {
                    // etcdctl times only the request, and a refused login never sends one (its
                    // client is not built; a dial that fails is not noticed until the
                    // request's deadline).
                    let took = if u.login_refused.is_some() { String::new() } else { took };
                    let (error, why) = health_error(u);
                    (
                        EndpointHealth {
                            endpoint: target.original.clone(),
                            health: false,
                            took,
                            error: Some(error),
                        },
                        why.map(|d| (target.clone(), d)),
                    )
                }
            }
        });
        let (list, why): (Vec<EndpointHealth>, Vec<_>) =
            spin("checking health".into(), futures::future::join_all(checks))
                .await
                .into_iter()
                .unzip();
        let (stdout, stderr) = match printer.endpoint_health(&list) {
            Ok(both) => both,
            Err(format) => return emit(Err(format)).map(|_| ExitStatus::Success),
        };
        crate::exit::write_stdout_raw(&stdout)?;
        let _ = std::io::stderr().write_all(&stderr);
        // etcdtls's explanation of each failure, where etcdctl's output has only its error.
        for (target, d) in why.iter().flatten() {
            report_unhealthy(target, d);
        }
        if list.iter().all(|h| h.health) {
            Ok(ExitStatus::Success)
        } else {
            Err(Failure::new(ExitStatus::Error, "unhealthy cluster"))
        }
    })
}

fn member_list(global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    let (printer, settings) = prepare(global)?;
    let resp = crate::runtime()?.block_on(on_any(&settings, |mut c| async move { c.member_list().await }))?;
    emit(printer.member_list(&resp))?;
    Ok(ExitStatus::Success)
}

/// clientv3's `getPrefix`: the smallest key after every key that starts with `key`.
fn prefix_end(key: &[u8]) -> Vec<u8> {
    let mut end = key.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return end;
        }
    }
    // Every byte is 0xff: no end, all keys from `key` on.
    vec![0]
}

/// The key and range end etcdctl sends for `<key> [range_end]` with `--prefix`/`--from-key`
/// (clientv3's WithRange, WithPrefix, WithFromKey).
pub(crate) fn key_range(args: &[OsString], prefix: bool, from_key: bool) -> (Vec<u8>, Vec<u8>) {
    let mut key = bytes(&args[0]);
    let mut end = args.get(1).map(bytes).unwrap_or_default();
    if prefix {
        if key.is_empty() {
            key = vec![0];
            end = vec![0];
        } else {
            end = prefix_end(&key);
        }
    }
    if from_key {
        if key.is_empty() {
            key = vec![0];
        }
        end = vec![0];
    }
    (key, end)
}

fn get(args: &GetArgs, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    // etcdctl's getGetOp, check for check.
    if args.args.is_empty() {
        return Err(bad_args(
            "get command needs one argument as key and an optional argument as range_end",
        ));
    }
    if args.prefix && args.from_key {
        return Err(bad_args(
            "`--prefix` and `--from-key` cannot be set at the same time, choose one",
        ));
    }
    let serializable = match args.consistency.as_str() {
        "s" => true,
        "l" => false,
        other => {
            return Err(Failure::new(
                ExitStatus::BadFeature,
                format!("unknown consistency flag {other:?}"),
            ));
        }
    };
    if args.args.len() > 1 && (args.prefix || args.from_key) {
        return Err(bad_args(
            "too many arguments, only accept one argument when `--prefix` or `--from-key` is set",
        ));
    }
    let order = match args.order.to_uppercase().as_str() {
        "ASCEND" => SortOrder::Ascend,
        "DESCEND" => SortOrder::Descend,
        "" => SortOrder::None,
        _ => {
            return Err(Failure::new(
                ExitStatus::BadFeature,
                format!("bad sort order {}", args.order),
            ));
        }
    };
    let target = match args.sort_by.to_uppercase().as_str() {
        "CREATE" => SortTarget::Create,
        "KEY" | "" => SortTarget::Key,
        "MODIFY" => SortTarget::Mod,
        "VALUE" => SortTarget::Value,
        "VERSION" => SortTarget::Version,
        _ => {
            return Err(Failure::new(
                ExitStatus::BadFeature,
                format!("bad sort target {}", args.sort_by),
            ));
        }
    };
    let (mut printer, settings) = prepare(global)?;
    let (key, end) = key_range(&args.args[..args.args.len().min(2)], args.prefix, args.from_key);
    let mut options = GetOptions::new().with_limit(args.limit).with_sort(target, order);
    if !end.is_empty() {
        options = options.with_range(end);
    }
    if args.rev > 0 {
        options = options.with_revision(args.rev);
    }
    if serializable {
        options = options.with_serializable();
    }
    if args.keys_only {
        options = options.with_keys_only();
    }
    let resp = crate::runtime()?.block_on(on_any(&settings, |mut c| {
        let (key, options) = (key.clone(), options.clone());
        async move { c.get(key, Some(options)).await }
    }))?;
    if args.print_value_only {
        if printer.format != Format::Simple {
            return Err(bad_args("print-value-only is only for `--write-out=simple`"));
        }
        printer.value_only = true;
    }
    emit(printer.get(&resp))?;
    Ok(ExitStatus::Success)
}

/// A lease ID as etcdctl reads it: `strconv.ParseInt(s, 16, 64)`, with Go's error text.
pub(crate) fn parse_lease(s: &str) -> Result<i64, String> {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("strconv.ParseInt: parsing {s:?}: invalid syntax"));
    }
    let range = || format!("strconv.ParseInt: parsing {s:?}: value out of range");
    let magnitude = u128::from_str_radix(digits, 16).map_err(|_| range())?;
    let limit = if negative { 1u128 << 63 } else { (1u128 << 63) - 1 };
    if magnitude > limit {
        return Err(range());
    }
    let v = magnitude as i128;
    Ok((if negative { -v } else { v }) as i64)
}

fn put(args: &PutArgs, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    // etcdctl's getPutOp, check for check.
    let usage = "put command needs 1 argument and input from stdin or 2 arguments";
    let Some(key) = args.args.first() else {
        return Err(bad_args(usage));
    };
    if args.ignore_value && args.args.len() > 1 {
        return Err(bad_args("put command needs only 1 argument when 'ignore-value' is set"));
    }
    let mut value = Vec::new();
    if !args.ignore_value {
        match args.args.get(1) {
            Some(v) => value = bytes(v),
            None => {
                // Bytes as they come: a value need not be text.
                if std::io::stdin().read_to_end(&mut value).is_err() || value.is_empty() {
                    return Err(bad_args(usage));
                }
            }
        }
    }
    let lease = parse_lease(&args.lease).map_err(|e| bad_args(format!("bad lease ID ({e}), expecting ID in Hex")))?;
    let mut options = PutOptions::new();
    if lease != 0 {
        options = options.with_lease(lease);
    }
    if args.prev_kv {
        options = options.with_prev_key();
    }
    if args.ignore_value {
        options = options.with_ignore_value();
    }
    if args.ignore_lease {
        options = options.with_ignore_lease();
    }
    let (printer, settings) = prepare(global)?;
    let key = bytes(key);
    let resp = crate::runtime()?.block_on(on_any(&settings, |mut c| {
        let (key, value, options) = (key.clone(), value.clone(), options.clone());
        async move { c.put(key, value, Some(options)).await }
    }))?;
    emit(printer.put(&resp))?;
    Ok(ExitStatus::Success)
}

fn del(args: &DelArgs, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    // etcdctl's getDelOp, check for check.
    if args.args.is_empty() || args.args.len() > 2 {
        return Err(bad_args(
            "del command needs one argument as key and an optional argument as range_end",
        ));
    }
    if args.prefix && args.from_key {
        return Err(bad_args(
            "`--prefix` and `--from-key` cannot be set at the same time, choose one",
        ));
    }
    if args.args.len() > 1 && (args.prefix || args.from_key) {
        return Err(bad_args(
            "too many arguments, only accept one argument when `--prefix` or `--from-key` is set",
        ));
    }
    let (printer, settings) = prepare(global)?;
    let (key, end) = key_range(&args.args, args.prefix, args.from_key);
    let mut options = DeleteOptions::new();
    if !end.is_empty() {
        options = options.with_range(end);
    }
    if args.prev_kv {
        options = options.with_prev_key();
    }
    let resp = crate::runtime()?.block_on(on_any(&settings, |mut c| {
        let (key, options) = (key.clone(), options.clone());
        async move { c.delete(key, Some(options)).await }
    }))?;
    emit(printer.del(&resp))?;
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_line_reads_as_speakeasy_reads_it() {
        assert_eq!(password_of_line(b"secret\n"), "secret");
        assert_eq!(password_of_line(b"secret\r\n"), "secret");
        assert_eq!(password_of_line(b"  two words \t\n"), "two words");
        assert_eq!(password_of_line(b"no newline"), "no newline");
        assert_eq!(password_of_line(b"\n"), "");
        assert_eq!(password_of_line(b""), "");
    }

    #[test]
    fn only_a_domain_is_refused_for_dns_discovery() {
        let global = |srv: &str| {
            let cli = crate::cli::parse_from(
                [
                    "etcdtls",
                    "--endpoints=127.0.0.1:2379",
                    "--discovery-srv",
                    srv,
                    "get",
                    "k",
                ],
                std::iter::empty(),
            )
            .unwrap();
            cli.global
        };
        assert!(prepare(&global("")).is_ok());
        let refused = prepare(&global("example.com")).err().unwrap();
        assert_eq!(refused.status, ExitStatus::Error);
    }

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn endpoint_health_errors_are_clientv3s() {
        let unreachable = Unanswered {
            diagnosis: Diagnosis::new(
                DiagnosisId::Unreachable,
                "Nothing listens on 127.0.0.1:1 (connection refused).",
            ),
            login_refused: None,
            etcd_message: None,
        };
        let (error, why) = health_error(unreachable);
        assert_eq!(error, "context deadline exceeded");
        assert_eq!(why.map(|d| d.id), Some(DiagnosisId::Unreachable));
        let refused = Unanswered {
            diagnosis: Diagnosis::new(DiagnosisId::Ok, "explained"),
            login_refused: None,
            etcd_message: Some("etcdserver: authentication failed, invalid user ID or password".into()),
        };
        let (error, why) = health_error(refused);
        assert_eq!(error, "etcdserver: authentication failed, invalid user ID or password");
        assert!(why.is_none());
    }

    #[test]
    fn key_ranges_as_clientv3_builds_them() {
        assert_eq!(key_range(&os(&["a"]), false, false), (b"a".to_vec(), vec![]));
        assert_eq!(
            key_range(&os(&["a", "c"]), false, false),
            (b"a".to_vec(), b"c".to_vec())
        );
        assert_eq!(
            key_range(&os(&["/reg"]), true, false),
            (b"/reg".to_vec(), b"/reh".to_vec())
        );
        assert_eq!(key_range(&os(&[""]), true, false), (vec![0], vec![0]));
        assert_eq!(key_range(&os(&["k"]), false, true), (b"k".to_vec(), vec![0]));
        assert_eq!(key_range(&os(&[""]), false, true), (vec![0], vec![0]));
        assert_eq!(prefix_end(&[b'a', 0xff]), vec![b'b']);
        assert_eq!(prefix_end(&[0xff, 0xff]), vec![0]);
    }

    #[test]
    fn lease_ids_parse_as_go_hex() {
        assert_eq!(parse_lease("0"), Ok(0));
        assert_eq!(parse_lease("694d77aa9e38260f"), Ok(0x694d77aa9e38260f));
        assert_eq!(
            parse_lease("zz"),
            Err("strconv.ParseInt: parsing \"zz\": invalid syntax".into())
        );
        assert_eq!(
            parse_lease("fffffffffffffffff"),
            Err("strconv.ParseInt: parsing \"fffffffffffffffff\": value out of range".into())
        );
    }
}
