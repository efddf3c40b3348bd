//! What used to differ from etcdctl 3.4 in the other commands, now side by side with it on the
//! same real etcd (client mTLS):
//!
//! - `-w protobuf` for `alarm`, `member add|remove|update`, `lease …`, `user …`, `role …` and
//!   `watch`: the same bytes as etcdctl's, once what the server makes differently for each run
//!   (the header's revision, a new member's ID) is set to zero;
//! - the passwords of `user add <name>` and `user passwd <name>`, asked for as etcdctl asks
//!   (from a pipe, and on a real pseudo-terminal, where nothing typed may be echoed);
//! - a refused login on the commands that connect by themselves (`endpoint hashkv`, `defrag`,
//!   `watch`, `lease keep-alive`, `snapshot save`, `auth enable|disable`): etcdctl's exit code
//!   and `Error:` line.
//!
//! Mutating cases work on names of their own per tool (`{p}` is `/etcdctl` or `/etcdtls`,
//! the same length, so protobuf lengths agree), etcdctl first.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use etcdtls::ctl::protobuf::{MemberAddResponse, MembersResponse};
use etcdtls::lab::ClientSecurity;
use etcdtls_e2e::differential::{Case, Mask, Run, Stderr, Target, Tool, case, check_table, differences, run};
use etcdtls_e2e::{etcdctl, etcdtls_bin, lab, with_flags};
use prost::Message;

/// The header's revision, in a response whose field 1 is its header.
const REVISION: Mask = Mask::Protobuf(&[&[1, 3]]);
/// The revision of a bare header (what etcdctl writes for the lease commands).
const BARE_REVISION: Mask = Mask::Protobuf(&[&[3]]);

fn protobuf_case(name: &str, args: &[&str]) -> Case {
    let mut args = args.to_vec();
    args.extend(["-w", "protobuf"]);
    case(name, &args).mask(REVISION)
}

/// Users, roles and alarms: each answer etcdctl writes, byte for byte.
fn users_roles_alarms() -> Vec<Case> {
    vec![
        // etcd 3.4 answers an alarm list without a header, so with no alarm both write nothing.
        protobuf_case("alarm list", &["alarm", "list"]),
        protobuf_case("alarm disarm", &["alarm", "disarm"]),
        protobuf_case("user add name:password", &["user", "add", "{p}-u:pw"]),
        protobuf_case("user add --no-password", &["user", "add", "{p}-n", "--no-password"]),
        protobuf_case(
            "user add --new-user-password",
            &["user", "add", "{p}-f", "--new-user-password=pw"],
        ),
        protobuf_case("user add, password asked", &["user", "add", "{p}-a"]).stdin(b"pw\npw\n"),
        protobuf_case("role add", &["role", "add", "{p}-r"]),
        protobuf_case(
            "role grant-permission, a range",
            &["role", "grant-permission", "{p}-r", "readwrite", "{p}/a", "{p}/b"],
        ),
        protobuf_case(
            "role grant-permission --prefix",
            &["role", "grant-permission", "{p}-r", "--prefix", "write", "{p}/p"],
        ),
        protobuf_case(
            "role grant-permission --from-key",
            &["role", "grant-permission", "{p}-r", "--from-key", "read", "{p}/z"],
        ),
        protobuf_case("role get: its permissions", &["role", "get", "{p}-r"]),
        protobuf_case("user grant-role", &["user", "grant-role", "{p}-u", "{p}-r"]),
        protobuf_case("user grant-role root", &["user", "grant-role", "{p}-u", "root"]),
        protobuf_case("user get: its roles", &["user", "get", "{p}-u"]),
        protobuf_case(
            "user get --detail: each role's answer",
            &["user", "get", "--detail", "{p}-u"],
        ),
        protobuf_case("user list", &["user", "list"]),
        protobuf_case("role list", &["role", "list"]),
        protobuf_case(
            "user passwd --interactive=false",
            &["user", "passwd", "{p}-u", "--interactive=false"],
        )
        .stdin(b"new\n"),
        protobuf_case("user passwd, asked", &["user", "passwd", "{p}-u"]).stdin(b"newer\nnewer\n"),
        protobuf_case(
            "role revoke-permission",
            &["role", "revoke-permission", "{p}-r", "{p}/a", "{p}/b"],
        ),
        protobuf_case("user revoke-role", &["user", "revoke-role", "{p}-u", "{p}-r"]),
        protobuf_case("role get after the revoke", &["role", "get", "{p}-r"]),
        protobuf_case("role delete", &["role", "delete", "{p}-r"]),
        protobuf_case("user delete", &["user", "delete", "{p}-u"]),
        protobuf_case("user delete, gone: etcd's error", &["user", "delete", "{p}-u"]).stderr(Stderr::FirstLine),
        protobuf_case("role get, gone: etcd's error", &["role", "get", "{p}-r"]).stderr(Stderr::FirstLine),
        protobuf_case("lease grant: only the header", &["lease", "grant", "100"]).mask(BARE_REVISION),
        protobuf_case("lease list: only the header", &["lease", "list"]).mask(BARE_REVISION),
    ]
}

/// A case whose arguments differ per tool (a lease or member ID of its own), compared as one.
fn compare_per_tool(
    name: &str,
    ctl_args: &[String],
    tls_args: &[String],
    masks: &[Mask],
    target: &Target,
) -> Option<String> {
    let build = |args: &[String]| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut c = case(name, &args);
        for m in masks {
            c = c.mask(*m);
        }
        c
    };
    let (ctl_case, tls_case) = (build(ctl_args), build(tls_args));
    let ctl = run(Tool::Etcdctl, &ctl_case, target);
    let tls = run(Tool::Etcdtls, &tls_case, target);
    differences(&ctl_case, &without_revision_text(ctl), &without_revision_text(tls))
}

/// `revision:N` in Go's protobuf text (on standard error) read as `revision:N`.
fn without_revision_text(mut r: Run) -> Run {
    let text = String::from_utf8_lossy(&r.stderr).into_owned();
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("revision:") {
        out.push_str(&rest[..i + "revision:".len()]);
        rest = rest[i + "revision:".len()..].trim_start_matches(|c: char| c.is_ascii_digit());
        out.push('N');
    }
    out.push_str(rest);
    r.stderr = out.into_bytes();
    r
}

fn grant_lease(lab: &etcdtls::lab::Lab) -> String {
    let r = etcdctl(&with_flags(lab, &["lease", "grant", "300"]));
    assert_eq!(r.code, 0, "{}", r.all());
    r.stdout.split_whitespace().nth(1).unwrap().to_string()
}

/// `lease timetolive|keep-alive|revoke -w protobuf`, each tool on a lease of its own.
fn leases(lab: &etcdtls::lab::Lab, target: &Target) -> Vec<String> {
    let (ours, theirs) = (grant_lease(lab), grant_lease(lab));
    let args = |cmd: &[&str], id: &str| -> Vec<String> {
        cmd.iter()
            .map(|s| s.to_string())
            .chain([id.to_string(), "-w".into(), "protobuf".into()])
            .collect()
    };
    let mut failures = Vec::new();
    for (name, cmd) in [
        ("lease timetolive: only the header", &["lease", "timetolive"][..]),
        (
            "lease timetolive --keys: only the header",
            &["lease", "timetolive", "--keys"],
        ),
        (
            "lease keep-alive --once: only the header",
            &["lease", "keep-alive", "--once"],
        ),
        // clientv3's LeaseRevokeResponse has no Marshal: revoked, then exit 4 naming the type.
        ("lease revoke: revoked, then refused", &["lease", "revoke"]),
        ("lease revoke, gone: etcd's error", &["lease", "revoke"]),
    ] {
        failures.extend(compare_per_tool(
            name,
            &args(cmd, &theirs),
            &args(cmd, &ours),
            &[BARE_REVISION],
            target,
        ));
    }
    failures
}

/// Spawns a command with piped stdout, killed when dropped (also when a test panics).
struct Watcher {
    child: Child,
    out: Arc<Mutex<Vec<u8>>>,
}

impl Watcher {
    fn start(mut cmd: Command) -> Watcher {
        cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null());
        let mut child = cmd.spawn().expect("starting a watcher");
        let mut stdout = child.stdout.take().unwrap();
        let out = Arc::new(Mutex::new(Vec::new()));
        let sink = out.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Watcher { child, out }
    }

    /// Everything written until the output ends with `end` (within a minute).
    fn until(&self, end: &[u8]) -> Vec<u8> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let got = self.out.lock().unwrap().clone();
            if got.ends_with(end) || Instant::now() > deadline {
                return got;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn watch_command(bin: &str, lab: &etcdtls::lab::Lab, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin);
    cmd.env("ETCDCTL_API", "3").env_remove("ETCDCTL_ENDPOINTS");
    cmd.args(lab.flags()).args(args);
    cmd
}

/// `watch -w protobuf` from a past revision: etcd sends the history at once, in one response
/// that ends with the last event's value.
fn watch_history(lab: &etcdtls::lab::Lab) -> Option<String> {
    let put = |args: &[&str]| {
        let r = etcdctl(&with_flags(lab, args));
        assert_eq!(r.code, 0, "{}", r.all());
        r
    };
    put(&["put", "/watched/a", "v1"]);
    let first = put(&["get", "/watched/a", "-w", "json"]);
    let rev: serde_json::Value = serde_json::from_str(&first.stdout).unwrap();
    let rev = rev["header"]["revision"].as_i64().unwrap().to_string();
    put(&["put", "/watched/b", "v2"]);
    put(&["del", "/watched/a"]);
    put(&["put", "/watched/b", "last-event"]);
    let args = ["watch", "--prefix", "/watched/", "--rev", &rev, "-w", "protobuf"];
    let mut with_prev = args.to_vec();
    with_prev.push("--prev-kv");
    let mut problems = Vec::new();
    for (args, end) in [(&args[..], &b"last-event"[..]), (&with_prev[..], &b"v2"[..])] {
        let theirs = Watcher::start(watch_command("etcdctl", lab, args)).until(end);
        let ours = Watcher::start(watch_command(etcdtls_bin().to_str().unwrap(), lab, args)).until(end);
        assert!(theirs.ends_with(end), "etcdctl {args:?} wrote {theirs:?}");
        if ours != theirs {
            problems.push(format!("{args:?}:\n  etcdctl: {theirs:?}\n  etcdtls: {ours:?}"));
        }
    }
    (!problems.is_empty()).then(|| problems.join("\n"))
}

/// A member answer as compared: header and member IDs zeroed, members in a stable order, this
/// tool's peer URLs read as etcdctl's. `None` when the bytes are not one message.
fn member_answer(bytes: &[u8], add: bool, urls: &[(String, String)]) -> Option<Vec<u8>> {
    let fix = |m: &mut etcdtls::render::etcdctl::pb::Member| {
        m.id = 0;
        for u in &mut m.peer_urls {
            for (ours, theirs) in urls {
                if u == ours {
                    *u = theirs.clone();
                }
            }
        }
    };
    let sort = |ms: &mut Vec<etcdtls::render::etcdctl::pb::Member>| {
        ms.sort_by(|a, b| (&a.name, &a.peer_urls).cmp(&(&b.name, &b.peer_urls)))
    };
    if add {
        let mut r = MemberAddResponse::decode(bytes).ok()?;
        // Nothing etcdctl wrote may be lost in decoding.
        assert_eq!(r.encode_to_vec(), bytes, "a member add answer with fields not decoded");
        r.header.as_mut()?.revision = 0;
        r.member.iter_mut().for_each(fix);
        r.members.iter_mut().for_each(fix);
        sort(&mut r.members);
        Some(r.encode_to_vec())
    } else {
        let mut r = MembersResponse::decode(bytes).ok()?;
        assert_eq!(r.encode_to_vec(), bytes, "a member answer with fields not decoded");
        r.header.as_mut()?.revision = 0;
        r.members.iter_mut().for_each(fix);
        sort(&mut r.members);
        Some(r.encode_to_vec())
    }
}

/// `member add|update|remove -w protobuf`: each tool adds a learner of its own (never
/// started), moves its peer URL and removes it; etcdctl's round first.
fn members(lab: &etcdtls::lab::Lab) -> Vec<String> {
    let url = |n: u16| format!("http://127.0.0.1:{}", 1200 + n);
    let round = |tool: Tool, first: String, second: String| -> Vec<(Vec<u8>, i32)> {
        let runs = |args: Vec<String>| -> (Vec<u8>, i32) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let r = run(tool, &case("member", &args), &Target::of(lab));
            (r.stdout, r.code)
        };
        let added = runs(vec![
            "member".into(),
            "add".into(),
            "learner".into(),
            format!("--peer-urls={first}"),
            "--learner".into(),
            "-w".into(),
            "protobuf".into(),
        ]);
        let list = etcdctl(&with_flags(lab, &["member", "list"])).stdout;
        let id = list
            .lines()
            .find(|l| l.contains(&first))
            .unwrap_or_else(|| panic!("{first} not in {list}"))
            .split(',')
            .next()
            .unwrap()
            .to_string();
        let updated = runs(vec![
            "member".into(),
            "update".into(),
            id.clone(),
            format!("--peer-urls={second}"),
            "-w".into(),
            "protobuf".into(),
        ]);
        let removed = runs(vec![
            "member".into(),
            "remove".into(),
            id,
            "-w".into(),
            "protobuf".into(),
        ]);
        vec![added, updated, removed]
    };
    let theirs = round(Tool::Etcdctl, url(1), url(2));
    let ours = round(Tool::Etcdtls, url(3), url(4));
    let urls = [(url(3), url(1)), (url(4), url(2))];
    let mut problems = Vec::new();
    for (i, step) in ["add", "update", "remove"].iter().enumerate() {
        let add = i == 0;
        let (a, b) = (&ours[i], &theirs[i]);
        let (a_msg, b_msg) = (member_answer(&a.0, add, &urls), member_answer(&b.0, add, &urls));
        if b_msg.is_none() || a_msg != b_msg || a.1 != b.1 {
            problems.push(format!(
                "member {step} -w protobuf: etcdctl exit {} {:?}, etcdtls exit {} {:?}",
                b.1, b.0, a.1, a.0
            ));
        }
    }
    problems
}

#[test]
fn protobuf_answers_match_etcdctl() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    let target = Target::of(&lab);
    check_table(&users_roles_alarms(), &target);
    let mut failures = leases(&lab, &target);
    failures.extend(watch_history(&lab));
    failures.extend(members(&lab));
    // A compacted revision: etcd cancels the watch; both say so and exit.
    let r = etcdctl(&with_flags(&lab, &["put", "/compacted", "x"]));
    assert_eq!(r.code, 0, "{}", r.all());
    let r = etcdctl(&with_flags(&lab, &["get", "/compacted", "-w", "json"]));
    let rev: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let rev = rev["header"]["revision"].as_i64().unwrap().to_string();
    let r = etcdctl(&with_flags(&lab, &["compaction", &rev]));
    assert_eq!(r.code, 0, "{}", r.all());
    let canceled = protobuf_case("watch a compacted revision", &["watch", "--rev", "1", "/compacted"]);
    failures.extend(etcdtls_e2e::differential::compare(&canceled, &target));
    assert!(
        failures.is_empty(),
        "differences from etcdctl:\n\n{}",
        failures.join("\n\n")
    );
}

/// Asked from standard input that is not a terminal: the same prompts on standard output, the
/// same answers and refusals (etcdctl's `stty` complaints on standard error aside).
fn piped_passwords() -> Vec<Case> {
    vec![
        case("user add, asked twice", &["user", "add", "{p}-a"]).stdin(b"pw1\npw1\n"),
        case("user add, a carriage return and spaces", &["user", "add", "{p}-b"]).stdin(b" pw 2 \r\npw 2\n"),
        case("user add, two different answers", &["user", "add", "{p}-c"]).stdin(b"pw1\npw2\n"),
        case("user add, nothing typed", &["user", "add", "{p}-d"]),
        case("user add, an empty line", &["user", "add", "{p}-d"]).stdin(b"\nx\n"),
        case("user add, one answer without its newline", &["user", "add", "{p}-d"]).stdin(b"pw1"),
        case(
            "user add, an unknown format: asked first, then refused",
            &["user", "add", "{p}-d", "-w", "yaml"],
        )
        .stdin(b"pw\npw\n"),
        case(
            "user add --interactive=false: the first word",
            &["user", "add", "{p}-e", "--interactive=false"],
        )
        .stdin(b"word rest\nignored\n"),
        case("user add name:password asks nothing", &["user", "add", "{p}-f:pw"]).stdin(b"x\n"),
        case("user passwd, asked twice", &["user", "passwd", "{p}-a"]).stdin(b"pw3\npw3\n"),
        case("user passwd, different answers", &["user", "passwd", "{p}-a"]).stdin(b"a\nb\n"),
        case(
            "user passwd --interactive=false",
            &["user", "passwd", "{p}-e", "--interactive=false"],
        )
        .stdin(b"pw4\n"),
        case(
            "user passwd of nobody: asked, then etcd's error",
            &["user", "passwd", "{p}-zz"],
        )
        .stdin(b"x\nx\n")
        .stderr(Stderr::FirstLine),
    ]
}

/// A pseudo-terminal for one run: the program's standard input and output, as a person at a
/// terminal would have them.
struct Terminal {
    child: Child,
    master: std::fs::File,
    screen: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    fn start(program: &PathBuf, args: &[String]) -> Terminal {
        let pty = nix::pty::openpty(None, None).expect("openpty");
        let slave: OwnedFd = pty.slave;
        let mut cmd = Command::new(program);
        cmd.env("ETCDCTL_API", "3").env("NO_COLOR", "1").args(args);
        cmd.stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::null());
        let child = cmd.spawn().expect("starting a program on a pseudo-terminal");
        // Only the child holds the terminal now: its exit ends the reads below.
        drop(slave);
        let master = std::fs::File::from(pty.master);
        let mut reader = master.try_clone().unwrap();
        let screen = Arc::new(Mutex::new(Vec::new()));
        let sink = screen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 1024];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Terminal { child, master, screen }
    }

    /// Waits for `prompt` on the screen and for echo to be off, then types `line` and Enter.
    fn answer(&mut self, prompt: &str, line: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let shown = String::from_utf8_lossy(&self.screen.lock().unwrap()).contains(prompt);
            let quiet = nix::sys::termios::tcgetattr(&self.master)
                .is_ok_and(|t| !t.local_flags.contains(nix::sys::termios::LocalFlags::ECHO));
            if shown && quiet {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "no {prompt:?} with echo off; the screen: {:?}",
                String::from_utf8_lossy(&self.screen.lock().unwrap())
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        self.master.write_all(format!("{line}\n").as_bytes()).unwrap();
    }

    /// The exit code and everything the terminal showed.
    fn finish(mut self) -> (i32, String) {
        let deadline = Instant::now() + Duration::from_secs(60);
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            assert!(Instant::now() < deadline, "the program did not end");
            std::thread::sleep(Duration::from_millis(20));
        };
        // The reader ends when the terminal closes; give it a moment to drain.
        std::thread::sleep(Duration::from_millis(200));
        let screen = String::from_utf8_lossy(&self.screen.lock().unwrap()).into_owned();
        (status.code().unwrap_or(-1), screen)
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `user add <name>` typed at a terminal: the prompts, no echo of what is typed, the answer.
fn at_the_terminal(program: PathBuf, lab: &etcdtls::lab::Lab, name: &str, typed: [&str; 2]) -> (i32, String) {
    let mut t = Terminal::start(&program, &with_flags(lab, &["user", "add", name]));
    t.answer(&format!("Password of {name}: "), typed[0]);
    t.answer(&format!("Type password of {name} again for confirmation: "), typed[1]);
    t.finish()
}

#[test]
fn passwords_are_asked_for_as_etcdctl_asks_and_refused_logins_exit_2() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    let target = Target::of(&lab);
    check_table(&piped_passwords(), &target);

    // At a terminal: the same screen, and what is typed is never shown.
    let ours = at_the_terminal(etcdtls_bin(), &lab, "tty-ttt", ["s3cret-t", "s3cret-t"]);
    let theirs = at_the_terminal("etcdctl".into(), &lab, "tty-ccc", ["s3cret-c", "s3cret-c"]);
    assert_eq!(ours.0, 0, "etcdtls at a terminal: {}", ours.1);
    assert_eq!(ours.0, theirs.0, "exit codes: {ours:?} {theirs:?}");
    assert_eq!(ours.1.replace("ttt", "ccc"), theirs.1, "the terminal showed");
    assert!(!ours.1.contains("s3cret"), "the password was echoed: {:?}", ours.1);
    assert!(
        ours.1
            .starts_with("Password of tty-ttt: \r\nType password of tty-ttt again for confirmation: \r\n"),
        "{:?}",
        ours.1
    );
    let mismatch = at_the_terminal(etcdtls_bin(), &lab, "tty-ttt2", ["one", "two"]);
    assert_eq!(mismatch.0, 128, "{}", mismatch.1);

    // With authentication on, each password typed logs in, and a wrong one is refused.
    for cmd in [
        &["user", "add", "root:secret"][..],
        &["user", "grant-role", "root", "root"],
        &["user", "grant-role", "tty-ttt", "root"],
        &["user", "grant-role", "tty-ccc", "root"],
        &["auth", "enable"],
    ] {
        let r = etcdctl(&with_flags(&lab, cmd));
        assert_eq!(r.code, 0, "{cmd:?}: {}", r.all());
    }
    for user in ["tty-ttt:s3cret-t", "tty-ccc:s3cret-c"] {
        let r = etcdctl(&with_flags(&lab, &["--user", user, "get", "x"]));
        assert_eq!(r.code, 0, "{user} does not log in: {}", r.all());
    }
    let r = etcdctl(&with_flags(&lab, &["--user", "tty-ttt:s3cret-c", "get", "x"]));
    assert_eq!(r.code, 2, "a wrong password logged in: {}", r.all());

    // A refused login on the commands that connect by themselves: etcdctl's exit code (2; 5
    // for snapshot save) and its `Error:` line first; nothing is saved.
    let refused = |name: &str, args: &[&str]| {
        let mut all = vec!["--user", "root:wrong"];
        all.extend(args);
        case(name, &all).stderr(Stderr::FirstLine)
    };
    check_table(
        &[
            refused("endpoint hashkv", &["endpoint", "hashkv"]),
            refused("defrag", &["defrag"]),
            refused("watch", &["watch", "/k"]),
            refused("lease keep-alive", &["lease", "keep-alive", "1"]),
            refused("snapshot save", &["snapshot", "save", "{dir}{p}.db"]),
            refused("auth enable", &["auth", "enable"]),
            refused("auth disable", &["auth", "disable"]),
            refused("alarm list", &["alarm", "list"]),
            refused("move-leader", &["move-leader", "1"]),
            refused("user add, after the prompts", &["user", "add", "{p}-x"]).stdin(b"a\na\n"),
        ],
        &target,
    );
    for tool in ["etcdctl", "etcdtls"] {
        let snapshot = lab.path(&format!("{tool}.db"));
        assert!(!snapshot.exists(), "{} was written", snapshot.display());
    }
}
