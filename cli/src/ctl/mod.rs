//! The rest of etcdctl's v3 commands: snapshots, maintenance, membership changes, leases,
//! watches, users, roles and auth, with etcdctl 3.4's flags, output and exit codes.
//!
//! Every command connects through the same path as the everyday commands (`connect`), so a
//! connection that fails is explained the same way: which file is wrong, and the fix. What
//! etcdtls does not do (the offline commands that write a data directory) is refused at once
//! with etcdctl's bad-arguments code and the etcdctl command to use; nothing is ever half done.

pub mod args;
pub mod auth;
pub mod bolt;
pub mod concurrency;
pub mod lease;
pub mod maintenance;
pub mod member;
pub mod mirror;
pub mod print;
pub mod protobuf;
pub mod snapshot;
pub mod txn;
pub mod txn_input;
pub mod usage;
pub mod watch;

use std::future::Future;
use std::time::Duration;

use etcd_client::Client;

use crate::cli::{Command, EndpointCommand, GlobalFlags, MemberCommand};
use crate::connect::diagnosis::{Diagnosis, DiagnosisId};
use crate::connect::target::Target;
use crate::connect::{self, Settings, probe};
use crate::exit::{ExitStatus, Failure};

/// Runs one of the commands of this module.
pub fn run(command: &Command, global: &GlobalFlags) -> Result<ExitStatus, Failure> {
    // Commands that need no server, or that are refused, answer before any file is read.
    match command {
        Command::Version(_) => return maintenance::version(),
        Command::Snapshot(args::SnapshotCommand::Restore(_)) => {
            return Err(refuse(
                "snapshot restore",
                "etcdctl snapshot restore <file> --data-dir <dir> ...",
                "it writes a new data directory offline",
            ));
        }
        Command::Snapshot(args::SnapshotCommand::Status(a)) => return snapshot::status(&a.args, global),
        Command::Migrate(_) => {
            return Err(refuse(
                "migrate",
                "etcdctl migrate ...",
                "it rewrites a v2 data directory offline",
            ));
        }
        Command::Txn(a) => return txn::run(a, global),
        // Two clusters, two sets of flags: it checks and connects on its own.
        Command::MakeMirror(a) => return mirror::run(a, global),
        Command::Defrag(a) if a.data_dir.is_some() => {
            return Err(refuse(
                "defrag --data-dir",
                "etcdctl defrag --data-dir <dir>",
                "it rewrites a data directory not in use by etcd, offline",
            ));
        }
        _ => {}
    }
    // etcdctl checks these commands' arguments before it builds its client (which reads the
    // variables and the TLS flags): an argument error is reported first.
    check_arguments(command)?;
    // `user add|passwd` read their password first, as etcdctl does before it builds its client.
    let password = match command {
        Command::User(c) => auth::password_before_connecting(c)?,
        _ => None,
    };
    // etcdctl's checks while it builds its client (variables, file flags, a certificate
    // without its key, the output format), shared with the everyday commands.
    let (_, settings) = crate::client::prepare(global)?;
    let ctl = Ctl { settings, global };
    let runtime = crate::runtime()?;
    runtime.block_on(async {
        match command {
            Command::Snapshot(args::SnapshotCommand::Save(a)) => snapshot::save(&ctl, &a.args).await,
            Command::Endpoint(EndpointCommand::Hashkv(a)) => maintenance::hashkv(&ctl, a).await,
            Command::Defrag(a) => maintenance::defrag(&ctl, a).await,
            Command::Alarm(c) => maintenance::alarm(&ctl, c).await,
            Command::Compaction(a) => maintenance::compaction(&ctl, a).await,
            Command::MoveLeader(a) => maintenance::move_leader(&ctl, &a.args).await,
            Command::Member(MemberCommand::Add(a)) => member::add(&ctl, a).await,
            Command::Member(MemberCommand::Remove(a)) => member::remove(&ctl, &a.args).await,
            Command::Member(MemberCommand::Update(a)) => member::update(&ctl, a).await,
            Command::Member(MemberCommand::Promote(a)) => member::promote(&ctl, &a.args).await,
            Command::Lease(c) => lease::run(&ctl, c).await,
            Command::Watch(a) => watch::run(&ctl, a).await,
            Command::Lock(a) => concurrency::lock(&ctl, a).await,
            Command::Elect(a) => concurrency::elect(&ctl, a).await,
            Command::User(c) => auth::user(&ctl, c, password).await,
            Command::Role(c) => auth::role(&ctl, c).await,
            Command::Auth(c) => auth::auth(&ctl, c).await,
            _ => Err(Failure::new(ExitStatus::Error, "not a command of this module")),
        }
    })
}

/// The argument checks etcdctl makes before `mustClientFromCmd`, in its order.
fn check_arguments(command: &Command) -> Result<(), Failure> {
    match command {
        Command::Lease(c) => lease::check_arguments(c),
        Command::Member(MemberCommand::Remove(a) | MemberCommand::Promote(a)) => member::member_id(&a.args).map(drop),
        Command::Member(MemberCommand::Add(a)) => member::add_arguments(a),
        Command::Member(MemberCommand::Update(a)) => {
            member::member_id(&a.positional.args).and_then(|_| member::peer_urls_given(&a.peer_urls))
        }
        Command::User(c) => auth::user_arguments(c),
        Command::Role(c) => auth::role_arguments(c),
        Command::MoveLeader(a) => maintenance::transferee(&a.args).map(drop),
        Command::Alarm(c) => maintenance::alarm_arguments(c),
        Command::Snapshot(args::SnapshotCommand::Save(p)) => snapshot::save_arguments(&p.args),
        Command::Compaction(a) => maintenance::compaction_revision(a).map(drop),
        Command::Watch(a) => watch::check_arguments(a),
        Command::Lock(a) if a.args.is_empty() => Err(bad_args(
            "lock takes a lock name argument and an optional command to execute",
        )),
        Command::Elect(a) if a.args.len() != 1 && a.args.len() != 2 => Err(bad_args(
            "elect takes one election name argument and an optional proposal argument",
        )),
        _ => Ok(()),
    }
}

/// A refusal of an offline command: etcdctl's bad-arguments code, and the command to use.
fn refuse(what: &str, instead: &str, why: &str) -> Failure {
    Failure::new(
        ExitStatus::BadArgs,
        format!("`{what}` is not done by etcdtls: {why}. Use `{instead}`."),
    )
}

/// etcdctl's argument error: `Error: <message>`, exit 128.
pub fn bad_args(message: impl Into<String>) -> Failure {
    Failure::new(ExitStatus::BadArgs, message)
}

/// A command's connection settings and global flags.
#[derive(Debug)]
pub struct Ctl<'a> {
    /// The parsed global flags.
    pub settings: Settings,
    /// The global flags as given.
    pub global: &'a GlobalFlags,
}

impl Ctl<'_> {
    /// `-w`, or etcdctl's default `simple`.
    pub fn format(&self) -> String {
        self.global.write_out.clone().unwrap_or_else(|| "simple".into())
    }

    /// Connects to the first endpoint that works (etcdctl's failover), saying for every
    /// endpoint that does not why not.
    pub async fn client(&self) -> Result<(Client, Target), Failure> {
        connect::connect_any(&self.settings).await
    }

    /// Connects (failing over between --endpoints) and runs `op` within `--command-timeout`,
    /// as the everyday commands do: etcd's own answers come back as `Error: <etcd's message>`
    /// (auth problems explained), a broken connection is diagnosed.
    pub async fn call<T, F, Fut>(&self, op: F) -> Result<T, Failure>
    where
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, etcd_client::Error>>,
    {
        crate::client::on_any(&self.settings, op).await
    }

    /// Runs `op` on a connected client within `--command-timeout`.
    pub async fn call_with<T, F, Fut>(&self, client: &Client, target: &Target, op: F) -> Result<T, Failure>
    where
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, etcd_client::Error>>,
    {
        match self.attempt(client, &op, Some(self.settings.command_timeout)).await {
            Ok(v) => Ok(v),
            Err(e) => Err(self.explain(e, target).await),
        }
    }

    /// Runs `op` until it succeeds or fails for good, retrying etcd's transient answers during
    /// a leader election as etcdctl's client does; `None` waits without limit.
    pub async fn attempt<T, F, Fut>(&self, client: &Client, op: &F, timeout: Option<Duration>) -> Result<T, CallError>
    where
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, etcd_client::Error>>,
    {
        let attempts = async {
            loop {
                match op(client.clone()).await {
                    Ok(v) => return Ok(v),
                    Err(e) if connect::is_transient(&e) => tokio::time::sleep(Duration::from_millis(100)).await,
                    Err(e) => return Err(CallError::Etcd(e)),
                }
            }
        };
        match timeout {
            Some(t) => tokio::time::timeout(t, attempts)
                .await
                .unwrap_or(Err(CallError::Timeout)),
            None => attempts.await,
        }
    }

    /// A failed call as a failure: etcd's message, an explained auth problem, or the
    /// connection's diagnosis.
    pub async fn explain(&self, e: CallError, target: &Target) -> Failure {
        self.explain_status(e, target, ExitStatus::Error).await
    }

    /// [`Ctl::explain`] with the exit status etcdctl uses for this command's server errors.
    pub async fn explain_status(&self, e: CallError, target: &Target, status: ExitStatus) -> Failure {
        if let CallError::Etcd(e) = &e
            && !connect::is_transport_error(e)
        {
            // etcd's own words on the `Error:` line, as etcdctl prints them; an auth refusal
            // is explained on the lines after it.
            return crate::client::etcd_failure(e, &self.settings, status);
        }
        let d = self.diagnose(e, target).await;
        let mut f = match d.id {
            DiagnosisId::ServerError => Failure::new(status, d.summary.clone()),
            _ => connect::diagnosis_failure(d),
        };
        f.status = status;
        f
    }

    /// What went wrong, for one endpoint.
    pub async fn diagnose(&self, e: CallError, target: &Target) -> Diagnosis {
        // tonic's own per-request deadline (--command-timeout) can end a call before etcdtls's
        // does: the same timeout, not a transport fault to walk.
        let e = match e {
            CallError::Etcd(e) if ran_out_of_time(&e) => CallError::Timeout,
            e => e,
        };
        match e {
            CallError::Etcd(e) if connect::is_transport_error(&e) => {
                let d = probe::walk(
                    target,
                    self.settings.tls.as_ref(),
                    self.settings.walk_timeout(),
                    self.settings.now,
                )
                .await
                .diagnosis;
                if d.id == DiagnosisId::Ok {
                    // The connection itself is sound: the error is the answer.
                    Diagnosis::new(DiagnosisId::ServerError, etcd_message(&e))
                } else {
                    d
                }
            }
            CallError::Etcd(e) => {
                let d = connect::etcd_error(&e, &self.settings);
                if d.id == DiagnosisId::ServerError {
                    // etcd's words, as etcdctl prints them.
                    Diagnosis::new(DiagnosisId::ServerError, etcd_message(&e))
                } else {
                    d
                }
            }
            CallError::Timeout => {
                let timeout = crate::render::etcdctl::go_duration(self.settings.command_timeout);
                Diagnosis::new(
                    DiagnosisId::ServerError,
                    if self.settings.command_timeout < std::time::Duration::from_millis(50) {
                        format!(
                            "context deadline exceeded (--command-timeout {timeout} is shorter than a request to {target} takes)"
                        )
                    } else {
                        format!(
                            "context deadline exceeded ({target} did not answer within --command-timeout {timeout}: the cluster may have lost quorum, or the member is overloaded)"
                        )
                    },
                )
            }
        }
    }

    /// `result` of a command that names the user `name` (`user get|delete|passwd|grant-role|
    /// revoke-role`), with etcd's "user name not found" put on the right user.
    ///
    /// etcd 3.4 answers it both when `name` does not exist and when the user the request
    /// comes from does not (its admin check, `IsAdminPermitted`, runs first). After a `--user`
    /// login that user exists, so the name is missing. Without `--user` the request comes from
    /// the client certificate's CN: when that is another name, one more admin request that
    /// names no user (`user list`) tells the two apart.
    pub async fn naming_user<T>(&self, name: &str, result: Result<T, Failure>) -> Result<T, Failure> {
        let failure = match result {
            Err(f) if f.message == connect::USER_NOT_FOUND => f,
            other => return other,
        };
        let named_is_missing = if self.settings.user.is_some() {
            true
        } else {
            match connect::certificate_user(&self.settings) {
                Some(cn) if cn != name => self.call(|mut c| async move { c.user_list().await }).await.is_ok(),
                // The certificate's user is the one named, or there is no identity at all
                // (etcd would have said "user name is empty"): the explanation stands.
                _ => false,
            }
        };
        if !named_is_missing {
            return Err(failure);
        }
        Err(Failure::new(failure.status, failure.message).with_detail([
            format!("  etcd has no user {name}: the user this command names does not exist."),
            format!("  fix: `etcdtls user list` lists etcd's users; `etcdtls user add {name}` creates this one."),
        ]))
    }

    /// The endpoints a command addresses: `--endpoints`, or with `--cluster` every member's
    /// client URLs from the member list, in the member list's order.
    pub async fn endpoints(&self, cluster: bool) -> Result<Vec<Target>, Failure> {
        if !cluster {
            return Ok(self.settings.targets.clone());
        }
        let members = self
            .call(|mut c| async move { c.member_list().await })
            .await
            .map_err(|mut f| {
                f.message = format!("failed to fetch endpoints from etcd cluster member list: {}", f.message);
                f
            })?;
        let tls = self.settings.tls.is_some();
        let mut targets = Vec::new();
        for m in members.members() {
            for url in m.client_urls() {
                targets.push(Target::parse(url, tls).map_err(|e| Failure::new(ExitStatus::Error, e))?);
            }
        }
        Ok(targets)
    }

    /// Connects to exactly this endpoint and runs `op` (etcdctl's per-endpoint maintenance
    /// calls), or says why not.
    pub async fn on_endpoint<T, F, Fut>(&self, target: &Target, op: F) -> Result<T, Diagnosis>
    where
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, etcd_client::Error>>,
    {
        let client = match connect::connect_one(&self.settings, target).await {
            Ok(c) => c,
            Err(connect::ConnectError::Etcd(e)) => return Err(connect::etcd_error(&e, &self.settings)),
            Err(connect::ConnectError::TimedOut(d)) => return Err(d),
            Err(connect::ConnectError::Dial(_)) => {
                return Err(probe::walk(
                    target,
                    self.settings.tls.as_ref(),
                    self.settings.walk_timeout(),
                    self.settings.now,
                )
                .await
                .diagnosis);
            }
        };
        match self.attempt(&client, &op, Some(self.settings.command_timeout)).await {
            Ok(v) => Ok(v),
            Err(e) => Err(self.diagnose(e, target).await),
        }
    }
}

/// Why a call failed.
#[derive(Debug)]
pub enum CallError {
    /// etcd, or the transport, answered with an error.
    Etcd(etcd_client::Error),
    /// `--command-timeout` ran out.
    Timeout,
}

/// Whether an error is a request's deadline running out (tonic's `Timeout expired`, gRPC's
/// DeadlineExceeded from the client side) rather than anything etcd said.
fn ran_out_of_time(e: &etcd_client::Error) -> bool {
    match e {
        etcd_client::Error::GRpcStatus(s) => {
            s.code() == tonic::Code::DeadlineExceeded && !s.message().starts_with("etcdserver:")
                || s.message().contains("Timeout expired")
        }
        other => other.to_string().contains("Timeout expired"),
    }
}

/// etcd's message, as etcdctl prints it (`etcdserver: member ID already exist`).
pub fn etcd_message(e: &etcd_client::Error) -> String {
    match e {
        etcd_client::Error::GRpcStatus(s) => s.message().to_string(),
        other => other.to_string(),
    }
}

/// One line per failed endpoint on stderr, etcdctl's wording first, then the cause.
pub fn endpoint_failure_line(prefix: &str, target: &str, d: &Diagnosis) -> String {
    // etcd's own refusal is etcdctl's line word for word; a failed connection is etcdtls's
    // explanation, tagged.
    let mut line = if d.id == crate::connect::diagnosis::DiagnosisId::ServerError {
        format!("{prefix} {target} ({})\n", d.summary)
    } else {
        format!("{prefix} {target} ({}) [{}]\n", d.summary, d.id)
    };
    if !d.fix.is_empty() {
        line.push_str(&format!("  fix: {}\n", d.fix));
    }
    line
}

/// Writes to stdout exactly as given, as etcdctl does: keys, values and `-w protobuf` are
/// bytes, which a colour-stripping stream would change.
pub fn emit(bytes: impl AsRef<[u8]>) -> Result<(), Failure> {
    crate::exit::write_stdout_raw(bytes.as_ref())
}

/// Writes to stderr.
pub fn warn(text: &str) {
    use std::io::Write;
    let _ = anstream::stderr().write_all(text.as_bytes());
}

/// etcdctl's answer to an output format a command has no printer for.
pub fn unsupported_format(format: &str) -> Failure {
    Failure::new(
        ExitStatus::BadFeature,
        format!("{format} not supported as output format"),
    )
}

/// Checks `-w` against etcdctl's five formats before anything is dialled, as etcdctl does.
pub fn check_known_format(format: &str) -> Result<(), Failure> {
    if ["simple", "json", "table", "fields", "protobuf"].contains(&format) {
        Ok(())
    } else {
        Err(Failure::new(ExitStatus::BadFeature, "unsupported output format"))
    }
}
