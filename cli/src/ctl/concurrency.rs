//! `lock` and `elect`: etcd's distributed lock and leader election, as etcdctl 3.4 runs them.
//!
//! etcdctl builds both from clientv3's `concurrency` package on the client side: a session is
//! a lease (`--ttl`, 10 s for `lock`, 60 s for `elect`) kept alive in the background; a mutex or
//! an election is a key prefix `<name>/`, each contender puts `<name>/<lease ID in %x>` with its
//! lease, and whoever's key has the lowest create revision holds the lock (or leads). A
//! contender waits by watching, in turn, the newest earlier key until it is deleted. This module
//! is the same recipe over etcd's KV, lease and watch APIs, request for request.
//!
//! etcd 3.4 also serves the recipe itself (the `v3lock` and `v3election` gRPC services, run
//! inside the server by the same package), which makes the same keys, but it is not what
//! etcdctl does and it is not exact: the server's mutex has no session of its own, so the
//! lease, its keep-alive and their end (`Error: session expired`) would be ours anyway; a
//! waiter that gives up is cleaned up with the server's own context; and the observer's stream
//! answers with `LeaderResponse`s, not the `GetResponse`s (`more`, `count`) etcdctl prints with
//! `-w json|fields`. Doing the requests here keeps every printed byte, key and revision the
//! same, and needs only the KV, lease and watch permissions etcdctl needs.
//!
//! Unary requests are bounded by `--command-timeout` (a connection that breaks is explained as
//! for every other command); waiting for the lock or the leadership, and holding them, is not.
//! As in etcdctl, releasing deletes the key and leaves the session's lease to expire at its TTL
//! (etcdctl never revokes it), and SIGINT or SIGTERM releases and exits 0.

use std::time::Duration;

use etcd_client::{
    Client, Compare, CompareOp, EventType, GetOptions, KeyValue, PutOptions, SortOrder, SortTarget, Txn, TxnOp,
    TxnOpResponse, WatchOptions,
};
use tokio::signal::unix::{Signal, SignalKind, signal};
use tokio::sync::watch;
use tokio::time::Instant;

use super::args::{ElectArgs, LockArgs};
use super::print::{fields_header, fields_kv, go_quote, kv_bytes};
use super::{CallError, Ctl, bad_args, check_known_format};
use crate::connect::target::Target;
use crate::exit::{ExitStatus, Failure};
use crate::render::etcdctl::{GetJson, Header, KvJson, json_line, pb};

/// clientv3's session TTL when none (or a non-positive one) is given.
const DEFAULT_SESSION_TTL: i64 = 60;

/// `lock [--ttl N] <lockname> [exec-command arg1 arg2 ...]`: waits for the lock, then prints
/// the lock's key-value pair and holds it until SIGINT or SIGTERM, or runs the command with
/// `ETCD_LOCK_KEY` and `ETCD_LOCK_REV` and releases the lock when it ends.
pub async fn lock(ctl: &Ctl<'_>, a: &LockArgs) -> Result<ExitStatus, Failure> {
    let Some((name, command)) = a.args.split_first() else {
        return Err(bad_args(
            "lock takes a lock name argument and an optional command to execute",
        ));
    };
    let Contender {
        on,
        session,
        mut signals,
        format,
    } = Contender::enter(ctl, a.ttl).await?;
    let mut mutex = Mutex::new(name, session.lease);
    let header = mutex.lock(&on, &mut signals).await?;

    if !command.is_empty() {
        let ran = run_locked(command, &mutex.key, header.revision, &mut signals).await;
        let unlocked = mutex.unlock(&on).await;
        ran?;
        unlocked?;
        return Ok(ExitStatus::Success);
    }

    let held = on.get(&mutex.key, None).await?;
    if held.kvs().is_empty() {
        return Err(Failure::new(ExitStatus::Error, "lock lost on init"));
    }
    show(&format, ctl.global.hex, &Shown::of(&held))?;

    let mut expired = session.expired.clone();
    tokio::select! {
        _ = signals.recv() => {
            mutex.unlock(&on).await?;
            Ok(ExitStatus::Success)
        }
        _ = expired.wait_for(|&e| e) => Err(Failure::new(ExitStatus::Error, "session expired")),
    }
}

/// `elect [-l] <election-name> [proposal]`: campaigns with the proposal and, once leader,
/// prints the leader key-value pair and leads until SIGINT or SIGTERM (then resigns); with
/// `-l`, prints every leader proposal as it is made until interrupted.
pub async fn elect(ctl: &Ctl<'_>, a: &ElectArgs) -> Result<ExitStatus, Failure> {
    if a.args.len() != 1 && a.args.len() != 2 {
        return Err(bad_args(
            "elect takes one election name argument and an optional proposal argument",
        ));
    }
    if a.args.len() == 1 && !a.listen {
        return Err(bad_args("no proposal argument but -l not set"));
    }
    if a.args.len() == 2 && a.listen {
        return Err(bad_args("proposal given but -l is set"));
    }
    // etcdctl opens a session (a 60 s lease, kept alive) for the observer too.
    let Contender {
        on,
        session,
        mut signals,
        format,
    } = Contender::enter(ctl, DEFAULT_SESSION_TTL).await?;
    let election = &a.args[0];
    match a.args.get(1) {
        None => observe(&on, election, &format, &mut signals).await,
        Some(proposal) => campaign(&on, &session, election, proposal, &format, &mut signals).await,
    }
}

/// A connected client, and how to explain its failures.
struct On<'c, 'a> {
    ctl: &'c Ctl<'a>,
    client: Client,
    target: Target,
}

/// What `lock` and `elect` set up before they contend, in etcdctl's order: the output format
/// checked, a connection, a session, and SIGINT and SIGTERM caught from then on.
struct Contender<'c, 'a> {
    on: On<'c, 'a>,
    session: Session,
    signals: Signals,
    /// `-w`.
    format: String,
}

impl<'c, 'a> Contender<'c, 'a> {
    /// Sets up with a session of `ttl` seconds.
    async fn enter(ctl: &'c Ctl<'a>, ttl: i64) -> Result<Self, Failure> {
        let format = ctl.format();
        check_known_format(&format)?;
        let (client, target) = ctl.client().await?;
        let on = On { ctl, client, target };
        let session = Session::open(&on, ttl).await?;
        let signals = Signals::new()?;
        Ok(Contender {
            on,
            session,
            signals,
            format,
        })
    }
}

impl On<'_, '_> {
    async fn get(&self, key: &str, options: Option<GetOptions>) -> Result<etcd_client::GetResponse, Failure> {
        self.ctl
            .call_with(&self.client, &self.target, |mut c| {
                let (key, options) = (key.to_string(), options.clone());
                async move { c.get(key, options).await }
            })
            .await
    }

    async fn txn(&self, txn: Txn) -> Result<etcd_client::TxnResponse, Failure> {
        self.ctl
            .call_with(&self.client, &self.target, |mut c| {
                let txn = txn.clone();
                async move { c.txn(txn).await }
            })
            .await
    }

    /// clientv3's `waitDeletes`: until no key under `prefix` was created at or before
    /// `max_create_rev`, waits for the newest such key to be deleted; answers the header of
    /// the read that found none.
    async fn wait_deletes(&self, prefix: &str, max_create_rev: i64) -> Result<Header, Failure> {
        loop {
            let options = GetOptions::new()
                .with_prefix()
                .with_sort(SortTarget::Create, SortOrder::Descend)
                .with_limit(1)
                .with_max_create_revision(max_create_rev);
            let resp = self.get(prefix, Some(options)).await?;
            let Some(last) = resp.kvs().first() else {
                return Ok(Header::from(resp.header()));
            };
            let revision = resp.header().map(|h| h.revision()).unwrap_or_default();
            self.wait_delete(last.key().to_vec(), revision).await?;
        }
    }

    /// clientv3's `waitDelete`: watches `key` from `revision` until it is deleted.
    async fn wait_delete(&self, key: Vec<u8>, revision: i64) -> Result<(), Failure> {
        let mut stream = self
            .watch(key, WatchOptions::new().with_start_revision(revision))
            .await?;
        loop {
            match stream.message().await {
                Ok(Some(r)) => {
                    if r.events().iter().any(|e| e.event_type() == EventType::Delete) {
                        return Ok(());
                    }
                    if r.canceled() {
                        return Err(watch_canceled(&r));
                    }
                }
                Ok(None) => return Err(Failure::new(ExitStatus::Error, "lost watcher waiting for delete")),
                Err(e) => return Err(self.ctl.explain(CallError::Etcd(e), &self.target).await),
            }
        }
    }

    async fn watch(&self, key: Vec<u8>, options: WatchOptions) -> Result<etcd_client::WatchStream, Failure> {
        let opened = self
            .ctl
            .attempt(
                &self.client,
                &|mut c: Client| {
                    let (key, options) = (key.clone(), options.clone());
                    async move { c.watch(key, Some(options)).await }
                },
                Some(self.ctl.settings.command_timeout),
            )
            .await;
        match opened {
            Ok(s) => Ok(s),
            Err(e) => Err(self.ctl.explain(e, &self.target).await),
        }
    }
}

/// A watch etcd ended (a compacted revision, for instance), in clientv3's words.
fn watch_canceled(r: &etcd_client::WatchResponse) -> Failure {
    let reason = if r.compact_revision() != 0 {
        "etcdserver: mvcc: required revision has been compacted".to_string()
    } else {
        r.cancel_reason().to_string()
    };
    Failure::new(ExitStatus::Error, reason)
}

/// clientv3's `Session`: a lease kept alive in the background until it is revoked or cannot be
/// renewed before it runs out.
struct Session {
    lease: i64,
    /// Becomes true when the lease is no longer kept alive.
    expired: watch::Receiver<bool>,
}

impl Session {
    async fn open(on: &On<'_, '_>, ttl: i64) -> Result<Session, Failure> {
        let ttl = if ttl > 0 { ttl } else { DEFAULT_SESSION_TTL };
        let granted = on
            .ctl
            .call_with(
                &on.client,
                &on.target,
                |mut c| async move { c.lease_grant(ttl, None).await },
            )
            .await?;
        let (tx, expired) = watch::channel(false);
        tokio::spawn(keep_alive(on.client.clone(), granted.id(), granted.ttl(), tx));
        Ok(Session {
            lease: granted.id(),
            expired,
        })
    }
}

/// Renews the lease a third of the way into its TTL, as clientv3 does; a broken stream is
/// reopened every half second until the lease would have run out. Says so on `expired` when
/// etcd answers that the lease is gone, or when it could not be renewed in time.
async fn keep_alive(client: Client, id: i64, ttl: i64, expired: watch::Sender<bool>) {
    let mut deadline = Instant::now() + Duration::from_secs(ttl.max(1) as u64);
    'stream: while Instant::now() < deadline {
        let opened = tokio::time::timeout_at(deadline, client.clone().lease_keep_alive(id)).await;
        let (mut keeper, mut stream) = match opened {
            Err(_) => break,
            Ok(Err(etcd_client::Error::LeaseKeepAliveError(_))) => break, // etcd: no such lease
            Ok(Err(_)) => {
                tokio::time::sleep(Duration::from_millis(500)).await;
                continue;
            }
            Ok(Ok(v)) => v,
        };
        deadline = Instant::now() + Duration::from_secs(ttl.max(1) as u64);
        let mut next = ttl;
        loop {
            tokio::time::sleep(Duration::from_millis((next.max(1) as u64) * 1000 / 3)).await;
            let renewed = tokio::time::timeout_at(deadline, async {
                keeper.keep_alive().await?;
                stream.message().await
            })
            .await;
            match renewed {
                Err(_) => break 'stream,
                Ok(Ok(Some(r))) if r.ttl() > 0 => {
                    next = r.ttl();
                    deadline = Instant::now() + Duration::from_secs(r.ttl() as u64);
                }
                Ok(Ok(Some(_))) => break 'stream,
                Ok(Ok(None)) | Ok(Err(_)) => {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    continue 'stream;
                }
            }
        }
    }
    let _ = expired.send(true);
}

/// SIGINT and SIGTERM, caught from when the session is open, as etcdctl catches them.
struct Signals {
    interrupt: Signal,
    terminate: Signal,
}

impl Signals {
    fn new() -> Result<Signals, Failure> {
        let catch = |kind| signal(kind).map_err(|e| Failure::new(ExitStatus::Error, format!("catching signals: {e}")));
        Ok(Signals {
            interrupt: catch(SignalKind::interrupt())?,
            terminate: catch(SignalKind::terminate())?,
        })
    }

    async fn recv(&mut self) {
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
    }
}

/// What a cancelled wait returns in etcdctl (`Error: context canceled`, exit 1).
fn canceled() -> Failure {
    Failure::new(ExitStatus::Error, "context canceled")
}

/// clientv3's `Mutex` on the prefix `<name>/`.
struct Mutex {
    prefix: String,
    key: String,
    lease: i64,
}

impl Mutex {
    fn new(name: &str, lease: i64) -> Mutex {
        let prefix = format!("{name}/");
        Mutex {
            key: format!("{prefix}{lease:x}"),
            prefix,
            lease,
        }
    }

    /// Puts the key (unless this lease has it already) and waits until every key created
    /// before it is gone; a signal while waiting deletes the key again. Answers the header
    /// etcdctl gives as `ETCD_LOCK_REV`.
    async fn lock(&mut self, on: &On<'_, '_>, signals: &mut Signals) -> Result<Header, Failure> {
        let owner = GetOptions::new()
            .with_prefix()
            .with_sort(SortTarget::Create, SortOrder::Ascend)
            .with_limit(1);
        let lease = self.lease;
        let txn = Txn::new()
            .when([Compare::create_revision(self.key.as_str(), CompareOp::Equal, 0)])
            .and_then([
                TxnOp::put(self.key.as_str(), "", Some(PutOptions::new().with_lease(lease))),
                TxnOp::get(self.prefix.as_str(), Some(owner.clone())),
            ])
            .or_else([
                TxnOp::get(self.key.as_str(), None),
                TxnOp::get(self.prefix.as_str(), Some(owner)),
            ]);
        let resp = tokio::select! {
            r = on.txn(txn) => r?,
            _ = signals.recv() => return Err(canceled()),
        };
        let header = Header::from(resp.header());
        let answers = resp.op_responses();
        let mut my_rev = header.revision;
        if !resp.succeeded()
            && let Some(TxnOpResponse::Get(mine)) = answers.first()
            && let Some(kv) = mine.kvs().first()
        {
            my_rev = kv.create_revision();
        }
        let first = match answers.get(1) {
            Some(TxnOpResponse::Get(g)) => g.kvs().first().map(KeyValue::create_revision),
            _ => None,
        };
        if first.is_none_or(|rev| rev == my_rev) {
            return Ok(header);
        }
        let waited = tokio::select! {
            r = on.wait_deletes(&self.prefix, my_rev - 1) => r,
            _ = signals.recv() => Err(canceled()),
        };
        if waited.is_err() {
            let _ = self.unlock(on).await;
        }
        waited
    }

    /// Deletes the key.
    async fn unlock(&mut self, on: &On<'_, '_>) -> Result<(), Failure> {
        let key = self.key.clone();
        on.ctl
            .call_with(&on.client, &on.target, |mut c| {
                let key = key.clone();
                async move { c.delete(key, None).await }
            })
            .await?;
        Ok(())
    }
}

/// Runs the command with the lock held, as etcdctl's `exec.Command`: standard output and error
/// shared, standard input empty, `ETCD_LOCK_KEY` and `ETCD_LOCK_REV` in its environment (an
/// inherited value of either wins, as Go keeps the last of duplicate variables). SIGINT and
/// SIGTERM sent to etcdtls alone do not end the wait; the lock is released when the command
/// ends. A command that fails is `Error: exit status N` (exit 1), as etcdctl reports it.
async fn run_locked(command: &[String], key: &str, revision: i64, signals: &mut Signals) -> Result<(), Failure> {
    let program = &command[0];
    let mut cmd = tokio::process::Command::new(program);
    // Without ETCDCTL_API, which etcdctl unsets before anything else (v3.4.23
    // `etcdctl/main.go`).
    cmd.args(&command[1..])
        .env_remove("ETCDCTL_API")
        .stdin(std::process::Stdio::null());
    for (name, value) in [
        ("ETCD_LOCK_KEY", key.to_string()),
        ("ETCD_LOCK_REV", revision.to_string()),
    ] {
        if std::env::var_os(name).is_none() {
            cmd.env(name, value);
        }
    }
    let mut child = cmd.spawn().map_err(|e| spawn_error(program, &e))?;
    let status = loop {
        tokio::select! {
            s = child.wait() => break s,
            _ = signals.recv() => {}
        }
    }
    .map_err(|e| Failure::new(ExitStatus::Error, format!("waiting for {program}: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure::new(ExitStatus::Error, go_process_state(&status)))
    }
}

/// Go's error for a command that could not be started.
fn spawn_error(program: &str, e: &std::io::Error) -> Failure {
    let message = if !program.contains('/') && e.kind() == std::io::ErrorKind::NotFound {
        format!(
            "exec: {}: executable file not found in $PATH",
            go_quote(program.as_bytes())
        )
    } else {
        let why = e
            .raw_os_error()
            .map(|n| go_errno(nix::errno::Errno::from_raw(n)))
            .unwrap_or_else(|| e.to_string());
        format!("fork/exec {program}: {why}")
    };
    Failure::new(ExitStatus::Error, message)
}

/// Go's text for an errno: the C library's, first letter in lower case.
fn go_errno(errno: nix::errno::Errno) -> String {
    let text = errno.desc();
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Go's `ProcessState.String()` for a command that failed: `exit status 3`,
/// `signal: killed`.
fn go_process_state(status: &std::process::ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    if let Some(code) = status.code() {
        return format!("exit status {code}");
    }
    match status.signal() {
        Some(n) => {
            let mut s = format!("signal: {}", go_signal_name(n));
            if status.core_dumped() {
                s.push_str(" (core dumped)");
            }
            s
        }
        None => "exit status -1".into(),
    }
}

/// Go's names of Linux signals (`syscall.Signal.String()`).
fn go_signal_name(n: i32) -> String {
    const NAMES: [&str; 31] = [
        "hangup",
        "interrupt",
        "quit",
        "illegal instruction",
        "trace/breakpoint trap",
        "aborted",
        "bus error",
        "floating point exception",
        "killed",
        "user defined signal 1",
        "segmentation fault",
        "user defined signal 2",
        "broken pipe",
        "alarm clock",
        "terminated",
        "stack fault",
        "child exited",
        "continued",
        "stopped (signal)",
        "stopped",
        "stopped (tty input)",
        "stopped (tty output)",
        "urgent I/O condition",
        "CPU time limit exceeded",
        "file size limit exceeded",
        "virtual timer expired",
        "profiling timer expired",
        "window changed",
        "I/O possible",
        "power failure",
        "bad system call",
    ];
    usize::try_from(n)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| NAMES.get(i))
        .map(|s| s.to_string())
        .unwrap_or_else(|| format!("signal {n}"))
}

/// Campaigns as clientv3's `Election.Campaign`, prints the leader key once elected and leads
/// until interrupted (then resigns, exit 0) or until the session ends.
async fn campaign(
    on: &On<'_, '_>,
    session: &Session,
    election: &str,
    proposal: &str,
    format: &str,
    signals: &mut Signals,
) -> Result<ExitStatus, Failure> {
    let prefix = format!("{election}/");
    let key = format!("{prefix}{:x}", session.lease);
    // A new session's lease is never in the election yet, so the `Else` (clientv3 then
    // proclaims the new value on the key it already has) only reads the key back.
    let txn = Txn::new()
        .when([Compare::create_revision(key.as_str(), CompareOp::Equal, 0)])
        .and_then([TxnOp::put(
            key.as_str(),
            proposal,
            Some(PutOptions::new().with_lease(session.lease)),
        )])
        .or_else([TxnOp::get(key.as_str(), None)]);
    let resp = tokio::select! {
        r = on.txn(txn) => r?,
        _ = signals.recv() => return Err(canceled()),
    };
    let mut leader_rev = Header::from(resp.header()).revision;
    if !resp.succeeded()
        && let Some(TxnOpResponse::Get(g)) = resp.op_responses().first()
        && let Some(kv) = g.kvs().first()
    {
        leader_rev = kv.create_revision();
    }
    let resign = || async {
        let txn = Txn::new()
            .when([Compare::create_revision(key.as_str(), CompareOp::Equal, leader_rev)])
            .and_then([TxnOp::delete(key.as_str(), None)]);
        on.txn(txn).await.map(|_| ())
    };
    let waited = tokio::select! {
        r = on.wait_deletes(&prefix, leader_rev - 1) => r,
        _ = signals.recv() => {
            let _ = resign().await;
            return Err(canceled());
        }
    };
    waited?;
    let leader = on.get(&key, None).await?;
    show(format, on.ctl.global.hex, &Shown::of(&leader))?;
    let mut expired = session.expired.clone();
    tokio::select! {
        _ = signals.recv() => {}
        _ = expired.wait_for(|&e| e) => {
            return Err(Failure::new(ExitStatus::Error, "elect: session expired"));
        }
    }
    resign().await?;
    Ok(ExitStatus::Success)
}

/// `elect -l`: clientv3's `Election.Observe`, printed as etcdctl prints each `GetResponse`,
/// until interrupted (exit 0); a read or watch that fails is `elect: observer lost`.
async fn observe(on: &On<'_, '_>, election: &str, format: &str, signals: &mut Signals) -> Result<ExitStatus, Failure> {
    let prefix = format!("{election}/");
    let hex = on.ctl.global.hex;
    let observing = async {
        loop {
            // The leader: the key with the lowest create revision.
            let first = GetOptions::new()
                .with_prefix()
                .with_sort(SortTarget::Create, SortOrder::Ascend)
                .with_limit(1);
            let resp = on.get(&prefix, Some(first)).await?;
            // clientv3 sends the leader as a new GetResponse (header and key only), and the
            // leader's later values in the read's response (its `more` and `count` kept).
            let mut base = Shown::of(&resp);
            let leader = match resp.kvs().first() {
                Some(kv) => Shown {
                    header: Header::from(resp.header()),
                    kvs: vec![kv.clone()],
                    more: false,
                    count: 0,
                },
                None => {
                    // No leader yet: the first key put under the prefix.
                    let revision = Header::from(resp.header()).revision;
                    let options = WatchOptions::new().with_prefix().with_start_revision(revision);
                    let mut stream = on.watch(prefix.clone().into_bytes(), options).await?;
                    loop {
                        let r = match stream.message().await {
                            Ok(Some(r)) => r,
                            _ => return Err(lost()),
                        };
                        if r.canceled() {
                            return Err(lost());
                        }
                        let put = r.events().iter().find(|e| e.event_type() == EventType::Put);
                        if let Some(kv) = put.and_then(|e| e.kv()) {
                            let mut header = Header::from(r.header());
                            header.revision = kv.mod_revision();
                            break Shown {
                                header,
                                kvs: vec![kv.clone()],
                                more: false,
                                count: 0,
                            };
                        }
                    }
                }
            };
            show(format, hex, &leader)?;
            // The leader's new proposals, until its key is deleted.
            let kv = &leader.kvs[0];
            let options = WatchOptions::new().with_start_revision(leader.header.revision + 1);
            let mut stream = on.watch(kv.key().to_vec(), options).await?;
            'leader: loop {
                let r = match stream.message().await {
                    Ok(Some(r)) => r,
                    _ => return Err(lost()),
                };
                for e in r.events() {
                    if e.event_type() == EventType::Delete {
                        break 'leader;
                    }
                    base.header = Header::from(r.header());
                    base.kvs = e.kv().into_iter().cloned().collect();
                    show(format, hex, &base)?;
                }
                if r.canceled() {
                    return Err(lost());
                }
            }
        }
    };
    tokio::select! {
        r = observing => r,
        _ = signals.recv() => Ok(ExitStatus::Success),
    }
}

/// etcdctl's error when observing stops by itself.
fn lost() -> Failure {
    Failure::new(ExitStatus::Error, "elect: observer lost")
}

/// A `GetResponse` as etcdctl's `display.Get` receives it (the observer builds its own).
#[derive(Debug, Clone)]
struct Shown {
    header: Header,
    kvs: Vec<KeyValue>,
    more: bool,
    count: i64,
}

impl Shown {
    fn of(r: &etcd_client::GetResponse) -> Shown {
        Shown {
            header: Header::from(r.header()),
            kvs: r.kvs().to_vec(),
            more: r.more(),
            count: r.count(),
        }
    }
}

/// Prints a response as etcdctl's `display.Get` does; `-w table` has no printer for it
/// (exit 4, after the request, with the lock or leadership left to its lease, as in etcdctl).
fn show(format: &str, hex: bool, r: &Shown) -> Result<(), Failure> {
    let bytes = match format {
        "json" => json_line(&GetJson {
            header: r.header.clone(),
            kvs: r.kvs.iter().map(KvJson::new).collect(),
            more: r.more,
            count: r.count,
        })
        .into_bytes(),
        "fields" => {
            let mut s = fields_header(&r.header);
            for kv in &r.kvs {
                fields_kv(&mut s, "", kv);
            }
            s.push_str(&format!("\"More\" : {}\n\"Count\" : {}\n", r.more, r.count));
            s.into_bytes()
        }
        "protobuf" => {
            use prost::Message as _;
            pb::RangeResponse {
                header: Some(pb::ResponseHeader {
                    cluster_id: r.header.cluster_id,
                    member_id: r.header.member_id,
                    revision: r.header.revision,
                    raft_term: r.header.raft_term,
                }),
                kvs: r.kvs.iter().map(pb::kv).collect(),
                more: r.more,
                count: r.count,
            }
            .encode_to_vec()
        }
        "simple" => {
            let mut out = Vec::new();
            for kv in &r.kvs {
                out.extend(kv_bytes(kv.key(), hex));
                out.push(b'\n');
                out.extend(kv_bytes(kv.value(), hex));
                out.push(b'\n');
            }
            out
        }
        other => return Err(super::unsupported_format(other)),
    };
    crate::exit::write_stdout_raw(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contender_keys_are_clientv3s() {
        let m = Mutex::new("jobs", 0x694d_8f8a_0b2c_1f0e);
        assert_eq!(m.prefix, "jobs/");
        assert_eq!(m.key, "jobs/694d8f8a0b2c1f0e");
        assert_eq!(Mutex::new("", 0x1f).key, "/1f");
    }

    #[test]
    fn go_names_failed_commands() {
        use std::os::unix::process::ExitStatusExt;
        let exited = std::process::ExitStatus::from_raw(3 << 8);
        assert_eq!(go_process_state(&exited), "exit status 3");
        let killed = std::process::ExitStatus::from_raw(9);
        assert_eq!(go_process_state(&killed), "signal: killed");
        assert_eq!(go_signal_name(15), "terminated");
        assert_eq!(go_signal_name(40), "signal 40");
        assert_eq!(go_errno(nix::errno::Errno::ENOENT), "no such file or directory");
    }
}
