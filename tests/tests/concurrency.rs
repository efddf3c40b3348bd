//! `lock` and `elect` against a real etcd with client mTLS, side by side with etcdctl 3.4: the
//! two tools contend for the same locks and elections, so each proves the other's keys and
//! waiting are the same recipe. Every process started here is killed when its handle drops,
//! also when an assertion fails; waits poll etcd or the process's output with generous
//! timeouts, so a busy machine only makes them slower.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use etcdtls::lab::{ClientSecurity, Lab};
use etcdtls_e2e::{etcdctl, etcdtls, etcdtls_bin, lab, with_flags};
use nix::sys::signal::Signal;

/// How long anything may take on a busy machine.
const PATIENCE: Duration = Duration::from_secs(60);

/// The two tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    Etcdtls,
    Etcdctl,
}

impl Tool {
    fn program(self) -> String {
        match self {
            Tool::Etcdtls => etcdtls_bin().to_str().unwrap().to_string(),
            Tool::Etcdctl => "etcdctl".to_string(),
        }
    }
}

/// A running `lock` or `elect`: its stdout line by line, its stderr at the end; killed on drop.
struct Running {
    what: String,
    child: Child,
    lines: Receiver<String>,
    stderr: Option<JoinHandle<String>>,
}

impl Running {
    fn start(tool: Tool, lab: &Lab, args: &[&str]) -> Running {
        Running::start_with_input(tool, lab, args, None)
    }

    /// With `input` on standard input (none: empty).
    fn start_with_input(tool: Tool, lab: &Lab, args: &[&str], input: Option<&str>) -> Running {
        let mut cmd = Command::new(tool.program());
        for (k, _) in std::env::vars() {
            if k.starts_with("ETCDCTL_") || k.starts_with("ETCDTLS_") || k.starts_with("ETCD_LOCK") {
                cmd.env_remove(k);
            }
        }
        cmd.env("ETCDCTL_API", "3").env("NO_COLOR", "1");
        cmd.args(lab.flags()).args(args);
        let stdin = if input.is_some() { Stdio::piped() } else { Stdio::null() };
        cmd.stdin(stdin).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        if let (Some(text), Some(mut pipe)) = (input, child.stdin.take()) {
            use std::io::Write;
            // Kept open until written; a command that does not read it may close it early.
            let _ = pipe.write_all(text.as_bytes());
        }
        let (tx, lines) = channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut err = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = err.read_to_string(&mut s);
            s
        });
        Running {
            what: format!("{tool:?} {}", args.join(" ")),
            child,
            lines,
            stderr: Some(stderr),
        }
    }

    /// The next line of stdout.
    #[track_caller]
    fn line(&mut self) -> String {
        match self.lines.recv_timeout(PATIENCE) {
            Ok(l) => l,
            Err(e) => panic!("{}: no line on stdout ({e:?})", self.what),
        }
    }

    /// Whether the process has printed nothing more within `d` (for what must not happen).
    fn silent_for(&mut self, d: Duration) -> bool {
        match self.lines.recv_timeout(d) {
            Ok(l) => panic!("{}: printed {l:?} while it should wait", self.what),
            Err(RecvTimeoutError::Timeout) => true,
            Err(RecvTimeoutError::Disconnected) => panic!("{}: ended while it should wait", self.what),
        }
    }

    fn signal(&self, s: Signal) {
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(self.child.id() as i32), s).unwrap();
    }

    /// Waits for the exit; the exit code, the rest of stdout and stderr.
    #[track_caller]
    fn finish(mut self) -> (i32, Vec<String>, String) {
        let started = Instant::now();
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            assert!(started.elapsed() < PATIENCE, "{}: did not exit", self.what);
            std::thread::sleep(Duration::from_millis(50));
        };
        let rest: Vec<String> = self.lines.try_iter().collect();
        let mut rest = rest;
        // The reader thread may still be forwarding the last lines.
        while let Ok(l) = self.lines.recv_timeout(Duration::from_secs(5)) {
            rest.push(l);
        }
        let stderr = self.stderr.take().unwrap().join().unwrap();
        (status.code().unwrap_or(-1), rest, stderr)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Keys under `prefix`, in create order.
fn keys(lab: &Lab, prefix: &str) -> Vec<String> {
    let r = etcdctl(&with_flags(
        lab,
        &["get", prefix, "--prefix", "--keys-only", "--sort-by=CREATE"],
    ));
    assert_eq!(r.code, 0, "{}", r.all());
    r.stdout.lines().filter(|l| !l.is_empty()).map(String::from).collect()
}

/// Polls until `keys(prefix)` has `n` keys; answers them.
#[track_caller]
fn until_keys(lab: &Lab, prefix: &str, n: usize) -> Vec<String> {
    let started = Instant::now();
    loop {
        let k = keys(lab, prefix);
        if k.len() == n {
            return k;
        }
        assert!(started.elapsed() < PATIENCE, "{prefix}: {k:?}, not {n} keys");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Asserts a contender's key has clientv3's form, `<name>/<lease ID in %x>`, and that its
/// lease is that ID; answers the lease ID.
#[track_caller]
fn contender_key(lab: &Lab, name: &str, key: &str) -> String {
    let id = key
        .strip_prefix(&format!("{name}/"))
        .unwrap_or_else(|| panic!("{key:?} is not under {name}/"));
    assert!(
        !id.is_empty() && !id.starts_with('0') && id.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()),
        "{key:?}: the lease ID is not %x"
    );
    let r = etcdctl(&with_flags(lab, &["get", key, "-w", "json"]));
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let lease = v["kvs"][0]["lease"]
        .as_i64()
        .unwrap_or_else(|| panic!("{key:?} is not in etcd: {}", r.stdout));
    assert_eq!(format!("{lease:x}"), id, "{key:?} carries another lease");
    id.to_string()
}

fn other(tool: Tool) -> Tool {
    match tool {
        Tool::Etcdtls => Tool::Etcdctl,
        Tool::Etcdctl => Tool::Etcdtls,
    }
}

#[test]
fn lock_is_mutually_exclusive_with_etcdctl() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    for holder in [Tool::Etcdtls, Tool::Etcdctl] {
        let waiter = other(holder);
        let name = format!("jobs-{holder:?}");
        // The holder prints its key and the key's empty value, and the key is in etcd.
        let mut held = Running::start(holder, &lab, &["lock", "--ttl", "60", &name]);
        let key = held.line();
        assert_eq!(held.line(), "", "the lock's value is empty");
        let lease = contender_key(&lab, &name, &key);
        assert_eq!(keys(&lab, &name), std::slice::from_ref(&key));

        // The other tool queues behind it and prints nothing while it waits.
        let mut waiting = Running::start(waiter, &lab, &["lock", &name]);
        let queued = until_keys(&lab, &name, 2);
        assert_eq!(queued[0], key);
        contender_key(&lab, &name, &queued[1]);
        assert!(waiting.silent_for(Duration::from_secs(2)));

        // SIGINT releases: the key is deleted, exit 0, and the waiter gets the lock.
        held.signal(Signal::SIGINT);
        let (code, rest, stderr) = held.finish();
        assert_eq!(
            (code, rest.as_slice(), stderr.as_str()),
            (0, &[][..], ""),
            "{holder:?} on SIGINT"
        );
        assert_eq!(waiting.line(), queued[1], "{waiter:?} holds the lock after the release");
        assert_eq!(keys(&lab, &name), [queued[1].clone()]);
        // As in etcdctl, the session's lease is left to run out at its TTL.
        let ttl = etcdctl(&with_flags(&lab, &["lease", "timetolive", &lease]));
        assert!(
            ttl.stdout.contains("granted with TTL(60s)"),
            "{holder:?}: {}",
            ttl.all()
        );

        // SIGTERM releases too.
        waiting.signal(Signal::SIGTERM);
        let (code, _, stderr) = waiting.finish();
        assert_eq!((code, stderr.as_str()), (0, ""), "{waiter:?} on SIGTERM");
        assert!(keys(&lab, &name).is_empty());
    }
}

#[test]
fn interrupted_waits_and_lost_sessions_end_as_in_etcdctl() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    for tool in [Tool::Etcdtls, Tool::Etcdctl] {
        // A waiter that is interrupted takes its key back and fails with etcdctl's words.
        let name = format!("queue-{tool:?}");
        let mut held = Running::start(other(tool), &lab, &["lock", &name]);
        let key = held.line();
        let waiting = Running::start(tool, &lab, &["lock", &name]);
        until_keys(&lab, &name, 2);
        waiting.signal(Signal::SIGINT);
        let (code, rest, stderr) = waiting.finish();
        assert_eq!(code, 1, "{tool:?}: {stderr}");
        assert!(rest.is_empty(), "{rest:?}");
        assert_eq!(stderr.lines().last(), Some("Error: context canceled"), "{tool:?}");
        assert_eq!(keys(&lab, &name), [key]);
        drop(held);

        // A holder whose lease is revoked: `session expired`, exit 1.
        let name = format!("revoked-{tool:?}");
        let mut held = Running::start(tool, &lab, &["lock", "--ttl", "30", &name]);
        let key = held.line();
        let lease = contender_key(&lab, &name, &key);
        let r = etcdctl(&with_flags(&lab, &["lease", "revoke", &lease]));
        assert_eq!(r.code, 0, "{}", r.all());
        let (code, _, stderr) = held.finish();
        assert_eq!(code, 1, "{tool:?}: {stderr}");
        assert_eq!(stderr.lines().last(), Some("Error: session expired"), "{tool:?}");

        // A campaign that is interrupted while another leads resigns and fails the same way.
        let election = format!("interrupted-{tool:?}");
        let mut leader = Running::start(other(tool), &lab, &["elect", &election, "first"]);
        let leader_key = leader.line();
        let waiting = Running::start(tool, &lab, &["elect", &election, "second"]);
        until_keys(&lab, &election, 2);
        waiting.signal(Signal::SIGINT);
        let (code, _, stderr) = waiting.finish();
        assert_eq!(code, 1, "{tool:?}: {stderr}");
        assert_eq!(stderr.lines().last(), Some("Error: context canceled"), "{tool:?}");
        assert_eq!(keys(&lab, &election), [leader_key]);
        drop(leader);

        // A leader whose lease is revoked: `elect: session expired`, exit 1.
        let election = format!("revoked-election-{tool:?}");
        let mut leader = Running::start(tool, &lab, &["elect", &election, "v"]);
        let key = leader.line();
        assert_eq!(leader.line(), "v");
        let lease = contender_key(&lab, &election, &key);
        let r = etcdctl(&with_flags(&lab, &["lease", "revoke", &lease]));
        assert_eq!(r.code, 0, "{}", r.all());
        let (code, _, stderr) = leader.finish();
        assert_eq!(code, 1, "{tool:?}: {stderr}");
        assert_eq!(stderr.lines().last(), Some("Error: elect: session expired"), "{tool:?}");
    }
}

/// `lock <name> <command...>` for a tool: exit code, stdout, stderr.
/// The tool's own standard input has a line on it, which the command must not see.
fn exec_lock(lab: &Lab, tool: Tool, args: &[&str]) -> (i32, Vec<String>, String) {
    let mut all = vec!["lock"];
    all.extend_from_slice(args);
    let run = Running::start_with_input(tool, lab, &all, Some("not for the command\n"));
    run.finish()
}

#[test]
fn lock_runs_a_command_as_etcdctl_does() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    let flags = lab
        .flags()
        .iter()
        .map(|f| format!("'{f}'"))
        .collect::<Vec<_>>()
        .join(" ");
    for tool in [Tool::Etcdtls, Tool::Etcdctl] {
        let name = format!("exec-{tool:?}");
        // The command sees the key and the revision, and the key is in etcd while it runs;
        // its failure is etcdctl's `Error: exit status 3`, exit 1; the lock is released.
        let script = format!(
            "echo \"$ETCD_LOCK_KEY $ETCD_LOCK_REV\"; ETCDCTL_API=3 etcdctl {flags} get \"$ETCD_LOCK_KEY\" -w json; echo to-stderr >&2; exit 3"
        );
        let (code, out, stderr) = exec_lock(&lab, tool, &[&name, "--", "sh", "-c", &script]);
        assert_eq!(code, 1, "{tool:?}: {stderr}");
        assert_eq!(stderr, "to-stderr\nError: exit status 3\n", "{tool:?}");
        let (key, rev) = out[0].split_once(' ').unwrap();
        let lease = key
            .strip_prefix(&format!("{name}/"))
            .unwrap_or_else(|| panic!("{tool:?}: ETCD_LOCK_KEY={key}"));
        let rev: i64 = rev.parse().unwrap_or_else(|_| panic!("{tool:?}: ETCD_LOCK_REV={rev}"));
        let held: serde_json::Value = serde_json::from_str(&out[1]).unwrap();
        let kv = &held["kvs"][0];
        assert_eq!(
            format!("{:x}", kv["lease"].as_i64().unwrap()),
            lease,
            "{tool:?}: {held}"
        );
        // Uncontended, the revision is the one that created the key.
        assert_eq!(kv["create_revision"].as_i64(), Some(rev), "{tool:?}: {held}");
        assert!(keys(&lab, &name).is_empty(), "{tool:?} released the lock");

        // A command that succeeds: its output, exit 0; its stdin is empty, not the tool's;
        // ETCDCTL_API=3, given to the tool, is not in its environment (etcdctl unsets it).
        let (code, out, stderr) = exec_lock(
            &lab,
            tool,
            &[&name, "--", "sh", "-c", "cat; echo done ${ETCDCTL_API-unset}"],
        );
        assert_eq!(
            (code, out, stderr),
            (0, vec!["done unset".to_string()], String::new()),
            "{tool:?}"
        );
        assert!(keys(&lab, &name).is_empty());
    }
    // Commands that cannot run, or die: the same words and exit codes.
    for args in [
        vec!["n", "no-such-command-here"],
        vec!["n", "./no/such/file"],
        vec!["n", "/etc/passwd"],
        vec!["n", "--", "sh", "-c", "kill -9 $$"],
        vec!["n", "--", "sh", "-c", "kill -TERM $$"],
    ] {
        let ours = exec_lock(&lab, Tool::Etcdtls, &args);
        let theirs = exec_lock(&lab, Tool::Etcdctl, &args);
        assert_eq!(ours, theirs, "lock {args:?}");
        assert_eq!(ours.0, 1);
    }
    assert!(keys(&lab, "n").is_empty());
}

#[test]
fn elect_observers_see_the_same_leaders() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    let election = "leader";
    let mut observers: Vec<(Tool, &str, Running)> = Vec::new();
    for tool in [Tool::Etcdtls, Tool::Etcdctl] {
        for format in ["simple", "json", "fields"] {
            let o = Running::start(tool, &lab, &["elect", "-l", election, "-w", format]);
            observers.push((tool, format, o));
        }
    }
    // Each observer holds a session (a lease) of its own, as etcdctl's does: wait for all six,
    // so none misses the first leader.
    let started = Instant::now();
    loop {
        let r = etcdctl(&with_flags(&lab, &["lease", "list"]));
        if r.stdout.starts_with("found 6 leases") {
            break;
        }
        assert!(started.elapsed() < PATIENCE, "observers' sessions: {}", r.stdout);
        std::thread::sleep(Duration::from_millis(100));
    }

    // etcdctl leads first, etcdtls waits behind it.
    let mut first = Running::start(Tool::Etcdctl, &lab, &["elect", election, "proposal-one"]);
    let first_key = first.line();
    assert_eq!(first.line(), "proposal-one");
    contender_key(&lab, election, &first_key);
    let mut second = Running::start(Tool::Etcdtls, &lab, &["elect", election, "proposal-two"]);
    let queued = until_keys(&lab, election, 2);
    assert!(second.silent_for(Duration::from_secs(2)));
    // A new value on the leader's key (what a proclaim writes) reaches the observers.
    let r = etcdctl(&with_flags(
        &lab,
        &["put", "--ignore-lease", &first_key, "proposal-one-b"],
    ));
    assert_eq!(r.code, 0, "{}", r.all());
    // Resigning hands the leadership to etcdtls.
    first.signal(Signal::SIGINT);
    let (code, _, stderr) = first.finish();
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(second.line(), queued[1]);
    assert_eq!(second.line(), "proposal-two");
    contender_key(&lab, election, &queued[1]);
    let r = etcdctl(&with_flags(
        &lab,
        &["put", "--ignore-lease", &queued[1], "proposal-two-b"],
    ));
    assert_eq!(r.code, 0, "{}", r.all());

    let expected = [
        first_key.as_str(),
        "proposal-one",
        &first_key,
        "proposal-one-b",
        &queued[1],
        "proposal-two",
        &queued[1],
        "proposal-two-b",
    ];
    let mut seen: Vec<(Tool, &str, Vec<String>)> = Vec::new();
    for (tool, format, o) in &mut observers {
        let lines: Vec<String> = match *format {
            "simple" => (0..8).map(|_| o.line()).collect(),
            "json" => (0..4).map(|_| o.line()).collect(),
            // A response's fields end with its `"Count"`.
            _ => {
                let mut lines = Vec::new();
                while lines.iter().filter(|l: &&String| l.starts_with("\"Count\"")).count() < 4 {
                    lines.push(o.line());
                }
                lines
            }
        };
        if *format == "simple" {
            assert_eq!(lines, expected, "{tool:?} -l");
        }
        seen.push((*tool, format, lines));
    }
    // The JSON observers print the same responses, byte for byte (the same events, the same
    // revisions; `more` and `count` where etcdctl has them).
    assert_eq!(seen[1].2, seen[4].2, "elect -l -w json: etcdtls, then etcdctl");
    // So do the fields observers, line for line.
    assert_eq!(seen[2].2, seen[5].2, "elect -l -w fields: etcdtls, then etcdctl");
    assert!(
        seen[5].2.iter().any(|l| l == "\"Value\" : \"proposal-two-b\""),
        "{:?}",
        seen[5].2
    );
    // clientv3 sends a new leader as a response of its own, and the leader's later values in
    // the response of its last read: none yet for the first (no count), one key for the second.
    let json = &seen[4].2;
    assert!(!json[1].contains("count"), "{json:?}");
    assert!(json[3].ends_with(",\"count\":1}"), "{json:?}");

    second.signal(Signal::SIGTERM);
    let (code, _, stderr) = second.finish();
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(keys(&lab, election).is_empty(), "etcdtls resigned");
    for (tool, format, o) in observers {
        o.signal(Signal::SIGINT);
        let (code, rest, stderr) = o.finish();
        assert_eq!((code, stderr.as_str()), (0, ""), "{tool:?} -l -w {format}");
        assert!(rest.is_empty(), "{tool:?} -l -w {format}: {rest:?}");
    }
}

#[test]
fn argument_errors_match_etcdctl() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    for (cmd, code) in [
        (vec!["lock"], 128),
        (vec!["lock", "--ttl", "5"], 128),
        (vec!["elect"], 128),
        (vec!["elect", "name"], 128),
        (vec!["elect", "-l", "name", "proposal"], 128),
        (vec!["elect", "--listen", "name", "proposal"], 128),
        (vec!["elect", "a", "b", "c"], 128),
        (vec!["elect", "-l"], 128),
        // Flag errors: etcdctl prints the usage on stdout too (etcdtls does not, as for every
        // command), so only the code and the error are compared.
        (vec!["lock", "--ttl", "x", "name"], 1),
        (vec!["lock", "name", "sh", "-c", "true"], 1),
    ] {
        let ours = etcdtls(&with_flags(&lab, &cmd), &[]);
        let theirs = etcdctl(&with_flags(&lab, &cmd));
        assert_eq!(ours.code, code, "{cmd:?}: {}", ours.all());
        assert_eq!(theirs.code, code, "{cmd:?}: {}", theirs.all());
        let first_error = |s: &str| s.lines().find(|l| l.starts_with("Error:")).map(String::from);
        assert_eq!(first_error(&ours.stderr), first_error(&theirs.stderr), "{cmd:?}");
        if code == 128 {
            assert_eq!(ours.stdout, theirs.stdout, "{cmd:?}");
        }
    }
    // `-w table` has no printer for a key-value pair: exit 4 once the lock is taken (and, as in
    // etcdctl, the key is left to its lease).
    for tool in [Tool::Etcdtls, Tool::Etcdctl] {
        let name = format!("table-{tool:?}");
        let run = Running::start(tool, &lab, &["lock", &name, "-w", "table"]);
        let (code, rest, stderr) = run.finish();
        assert_eq!(code, 4, "{tool:?}: {stderr}");
        assert!(rest.is_empty());
        assert_eq!(
            stderr.lines().last(),
            Some("Error: table not supported as output format")
        );
        assert_eq!(keys(&lab, &name).len(), 1);
    }
}

/// An observer follows the leadership when the leader's key is deleted (by hand, not by a
/// resignation): to the contender queued behind it at once, and, with no one queued, to the
/// next key put under the election's prefix. etcdtls's and etcdctl's observers print the same.
#[test]
fn elect_observers_follow_a_deleted_leader_key() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    let election = "deleted";
    let mut observers: Vec<(Tool, Running)> = [Tool::Etcdtls, Tool::Etcdctl]
        .into_iter()
        .map(|tool| (tool, Running::start(tool, &lab, &["elect", "-l", election])))
        .collect();
    // Both observers' sessions exist: they run before the first leader (read before or after
    // its key is put, it is the leader they show).
    let started = Instant::now();
    loop {
        let r = etcdctl(&with_flags(&lab, &["lease", "list"]));
        if r.stdout.starts_with("found 2 leases") {
            break;
        }
        assert!(started.elapsed() < PATIENCE, "observers' sessions: {}", r.stdout);
        std::thread::sleep(Duration::from_millis(100));
    }
    // Each observer reads the leader again only after the leader's key is deleted, so every
    // step waits until both observers have shown the current leader before the next delete (a
    // delete before an observer's read would skip a leader, by etcdctl as by etcdtls).
    let shown = |observers: &mut Vec<(Tool, Running)>, expected: [&str; 2]| {
        for (tool, o) in observers.iter_mut() {
            let lines = [o.line(), o.line()];
            assert_eq!(lines, expected, "{tool:?} elect -l");
        }
    };
    let mut first = Running::start(Tool::Etcdctl, &lab, &["elect", election, "one"]);
    let first_key = first.line();
    assert_eq!(first.line(), "one");
    shown(&mut observers, [&first_key, "one"]);
    let mut second = Running::start(Tool::Etcdctl, &lab, &["elect", election, "two"]);
    let queued = until_keys(&lab, election, 2);
    assert_eq!(queued[0], first_key);
    // The leader's key deleted: the queued contender leads.
    let r = etcdctl(&with_flags(&lab, &["del", &first_key]));
    assert_eq!(r.stdout, "1\n", "{}", r.all());
    assert_eq!(second.line(), queued[1]);
    assert_eq!(second.line(), "two");
    shown(&mut observers, [&queued[1], "two"]);
    // Its key deleted too, with no one queued: no leader until the next contender.
    let r = etcdctl(&with_flags(&lab, &["del", &queued[1]]));
    assert_eq!(r.stdout, "1\n", "{}", r.all());
    let mut third = Running::start(Tool::Etcdctl, &lab, &["elect", election, "three"]);
    let third_key = third.line();
    assert_eq!(third.line(), "three");
    shown(&mut observers, [&third_key, "three"]);
    for (tool, o) in observers {
        o.signal(Signal::SIGINT);
        let (code, rest, stderr) = o.finish();
        assert_eq!((code, stderr.as_str()), (0, ""), "{tool:?} elect -l");
        assert!(rest.is_empty(), "{tool:?} elect -l: {rest:?}");
    }
    for leader in [first, second, third] {
        leader.signal(Signal::SIGINT);
        leader.finish();
    }
}

/// A held lock outlives its session's TTL many times over: the session's lease is kept alive
/// for as long as the lock is held, by etcdtls as by etcdctl, and released on SIGINT.
#[test]
fn a_held_lock_is_kept_alive_past_its_ttl() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    // Long enough that a loaded machine's pauses do not outlast it; short enough to outlive.
    let ttl = 4;
    let mut held: Vec<(Tool, String, Running)> = [Tool::Etcdtls, Tool::Etcdctl]
        .into_iter()
        .map(|tool| {
            let name = format!("kept-{tool:?}");
            let mut run = Running::start(tool, &lab, &["lock", "--ttl", &ttl.to_string(), &name]);
            let key = run.line();
            contender_key(&lab, &name, &key);
            assert_eq!(run.line(), "", "{tool:?}: the lock's empty value");
            (tool, name, run)
        })
        .collect();
    // Three times the TTL: without keep-alives the lease, and with it the key, would be gone and
    // the command would have ended with "session expired".
    for (_, _, run) in &mut held {
        assert!(run.silent_for(Duration::from_secs(3 * ttl)));
    }
    for (tool, name, run) in held {
        assert_eq!(keys(&lab, &name).len(), 1, "{tool:?}: the lock's key");
        run.signal(Signal::SIGINT);
        let (code, rest, stderr) = run.finish();
        assert_eq!((code, stderr.as_str()), (0, ""), "{tool:?} lock");
        assert!(rest.is_empty(), "{tool:?} lock: {rest:?}");
        assert!(keys(&lab, &name).is_empty(), "{tool:?} released the lock");
    }
}
