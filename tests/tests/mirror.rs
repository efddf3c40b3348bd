//! `make-mirror`, `watch -i` and `watch ... -- <command>` side by side with etcdctl 3.4, on
//! real etcd members with client mTLS.
//!
//! make-mirror runs from one lab (the source) to another with a PKI of its own (the
//! destination), etcdctl and etcdtls at the same time, each into names of its own (`ccc` for
//! etcdctl, `ttt` for etcdtls): the destination must hold the same keys and values (binary
//! ones too) after the initial copy and after live puts and deletes, and each must print the
//! same running count. The watch cases feed the same lines to both tools' standard input, or
//! run the same command per event, and compare stdout, stderr and the exit code.
//!
//! Every process started here is killed when its guard is dropped, also when a test panics;
//! waits poll with generous deadlines (the machine may be busy), never fixed sleeps.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use etcdtls::lab::{ClientSecurity, Lab};
use etcdtls_e2e::{Run, etcdctl, etcdtls, etcdtls_bin, lab, with_flags};

/// How long anything may take on a busy machine.
const PATIENCE: Duration = Duration::from_secs(120);

/// A running child, killed when dropped; its stdout and stderr read by threads into lines.
struct Proc {
    child: Child,
    stdin: Option<ChildStdin>,
    out: Arc<Mutex<Vec<Vec<u8>>>>,
    err: Arc<Mutex<Vec<u8>>>,
    what: String,
}

impl Proc {
    fn start(bin: &str, args: &[String], env: &[(&str, &str)]) -> Proc {
        let mut cmd = Command::new(bin);
        for (k, _) in std::env::vars() {
            if k.starts_with("ETCDCTL_") || k.starts_with("ETCDTLS_") {
                cmd.env_remove(k);
            }
        }
        cmd.env("ETCDCTL_API", "3")
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("starting {bin}: {e}"));
        let out = Arc::new(Mutex::new(Vec::new()));
        let err = Arc::new(Mutex::new(Vec::new()));
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let lines = out.clone();
        std::thread::spawn(move || {
            loop {
                let mut line = Vec::new();
                match stdout.read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => lines.lock().unwrap().push(line),
                }
            }
        });
        let mut stderr = child.stderr.take().unwrap();
        let errors = err.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stderr.read(&mut buf) {
                if n == 0 {
                    return;
                }
                errors.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Proc {
            stdin: child.stdin.take(),
            child,
            out,
            err,
            what: format!("{bin} {}", args.join(" ")),
        }
    }

    fn lines(&self) -> Vec<Vec<u8>> {
        self.out.lock().unwrap().clone()
    }

    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.lines().concat()).into_owned()
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.err.lock().unwrap()).into_owned()
    }

    /// Waits until stdout has `n` lines; fails with what the process said if it ends first.
    fn wait_lines(&mut self, n: usize) {
        let started = Instant::now();
        while self.lines().len() < n {
            if let Ok(Some(status)) = self.child.try_wait() {
                // Let the readers catch up with what was written before the end.
                std::thread::sleep(Duration::from_millis(200));
                if self.lines().len() >= n {
                    return;
                }
                panic!(
                    "{} ended ({status}) after {:?}\n{}",
                    self.what,
                    self.stdout(),
                    self.stderr()
                );
            }
            assert!(
                started.elapsed() < PATIENCE,
                "{}: waited for {n} lines, got {:?}\n{}",
                self.what,
                self.stdout(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    /// Closes stdin and waits for the end: exit code, stdout, stderr.
    fn finish(mut self) -> (i32, String, String) {
        self.stdin.take();
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The reader threads end at the pipes' end; give them a moment.
                let settle = Instant::now();
                while settle.elapsed() < Duration::from_secs(5)
                    && (Arc::strong_count(&self.out) > 1 || Arc::strong_count(&self.err) > 1)
                {
                    std::thread::sleep(Duration::from_millis(20));
                }
                return (status.code().unwrap_or(-1), self.stdout(), self.stderr());
            }
            assert!(started.elapsed() < PATIENCE, "{} did not end", self.what);
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// etcdctl against a lab, with a value from standard input (bytes an argument cannot hold).
fn put_bytes(lab: &Lab, key: &str, value: &[u8]) {
    let mut child = Command::new("etcdctl")
        .env("ETCDCTL_API", "3")
        .args(with_flags(lab, &["put", key]))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(value).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "put {key}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn put(lab: &Lab, key: &str, value: &str) {
    put_bytes(lab, key, value.as_bytes());
}

fn del(lab: &Lab, key: &str) {
    let r = etcdctl(&with_flags(lab, &["del", key]));
    assert_eq!(r.code, 0, "del {key}: {}", r.all());
}

/// The keys and values under `prefix`, hex-escaped (`--hex`) so that binary values compare
/// exactly.
fn dump(lab: &Lab, prefix: &str) -> String {
    let r = etcdctl(&with_flags(lab, &["get", prefix, "--prefix", "--hex"]));
    assert_eq!(r.code, 0, "get {prefix}: {}", r.all());
    r.stdout
}

/// `s` as `--hex` prints it.
fn hex(s: &[u8]) -> String {
    s.iter().map(|b| format!("\\x{b:02x}")).collect()
}

/// The expected `--hex` dump of key/value pairs.
fn expected_dump(pairs: &[(&str, &[u8])]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}\n{}\n", hex(k.as_bytes()), hex(v)))
        .collect()
}

/// Polls until `lab`'s dump of `prefix` is `want`.
#[track_caller]
fn wait_dump(lab: &Lab, prefix: &str, want: &str, procs: &[&Proc]) {
    let started = Instant::now();
    loop {
        let got = dump(lab, prefix);
        if got == want {
            return;
        }
        if started.elapsed() > PATIENCE {
            let said: Vec<String> = procs
                .iter()
                .map(|p| format!("{}: {}{}", p.what, p.stdout(), p.stderr()))
                .collect();
            panic!(
                "{prefix} in the destination:\n{got}\nwanted:\n{want}\n{}",
                said.join("\n")
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The flags that reach `dest` as make-mirror's destination, with its own PKI.
fn dest_flags(dest: &Lab) -> Vec<String> {
    vec![
        dest.endpoints(),
        format!("--dest-cacert={}", dest.path("pki/etcd/ca.crt").display()),
        format!("--dest-cert={}", dest.path("pki/etcd/healthcheck-client.crt").display()),
        format!("--dest-key={}", dest.path("pki/etcd/healthcheck-client.key").display()),
    ]
}

fn mirror(bin: &str, source: &Lab, dest: &Lab, extra: &[&str]) -> Proc {
    let mut args = with_flags(source, &["make-mirror"]);
    args.extend(dest_flags(dest));
    args.extend(extra.iter().map(|s| s.to_string()));
    Proc::start(bin, &args, &[])
}

const BINARY: &[u8] = b"bin\x00\xff\x01\ttab";
const BINARY2: &[u8] = b"\xc3\x28 not utf-8 \x00";

#[test]
fn make_mirror_matches_etcdctl() {
    let (source, _s) = lab(1, ClientSecurity::MutualTls);
    let (dest, _d) = lab(1, ClientSecurity::MutualTls);
    let ours = etcdtls_bin();
    let ours = ours.to_str().unwrap();

    // The whole key space, each tool into a destination prefix of its own.
    put(&source, "/m/a", "1");
    put_bytes(&source, "/m/b", BINARY);
    put(&source, "root", "r");
    let theirs = mirror("etcdctl", &source, &dest, &["--dest-prefix", "/ccc/"]);
    let mine = mirror(ours, &source, &dest, &["--dest-prefix", "/ttt/"]);
    let initial = expected_dump(&[("/ccc//m/a", b"1"), ("/ccc//m/b", BINARY), ("/ccc/root", b"r")]);
    wait_dump(&dest, "/ccc/", &initial, &[&theirs, &mine]);
    wait_dump(
        &dest,
        "/ttt/",
        &initial.replace(&hex(b"ccc"), &hex(b"ttt")),
        &[&theirs, &mine],
    );
    // Live changes after the initial copy: puts (one binary), a delete.
    put(&source, "/m/c", "3");
    del(&source, "/m/a");
    put_bytes(&source, "/m/d", BINARY2);
    let live = expected_dump(&[
        ("/ccc//m/b", BINARY),
        ("/ccc//m/c", b"3"),
        ("/ccc//m/d", BINARY2),
        ("/ccc/root", b"r"),
    ]);
    wait_dump(&dest, "/ccc/", &live, &[&theirs, &mine]);
    wait_dump(
        &dest,
        "/ttt/",
        &live.replace(&hex(b"ccc"), &hex(b"ttt")),
        &[&theirs, &mine],
    );
    // The running count, every 30 seconds: the next line of each, printed after the live
    // changes arrived, counts 3 keys copied and 3 changes.
    let mut counts = Vec::new();
    for mut p in [theirs, mine] {
        let seen = p.lines().len();
        p.wait_lines(seen + 1);
        let lines = p.lines();
        for line in &lines {
            let text = String::from_utf8_lossy(line);
            assert!(
                text.ends_with('\n') && text.trim_end().parse::<u64>().is_ok(),
                "{}: stdout line {text:?} is not a count",
                p.what
            );
        }
        counts.push(String::from_utf8_lossy(&lines[seen]).into_owned());
        assert!(p.stderr().is_empty(), "{}: {}", p.what, p.stderr());
    }
    assert_eq!(counts, ["6\n", "6\n"]);

    // --prefix with --no-dest-prefix (the prefix is cut off), and --prefix alone (kept).
    put(&source, "/n/ccc/ccc-1", "one");
    put(&source, "/n/ttt/ttt-1", "one");
    put(&source, "/k/ccc/x", "kept");
    put(&source, "/k/ttt/x", "kept");
    let procs = [
        mirror("etcdctl", &source, &dest, &["--prefix=/n/ccc/", "--no-dest-prefix"]),
        mirror(ours, &source, &dest, &["--prefix=/n/ttt/", "--no-dest-prefix"]),
        mirror("etcdctl", &source, &dest, &["--prefix", "/k/ccc/"]),
        mirror(ours, &source, &dest, &["--prefix", "/k/ttt/"]),
    ];
    let refs: Vec<&Proc> = procs.iter().collect();
    for tag in ["ccc", "ttt"] {
        let t = |s: &str| s.replace("ccc", tag);
        wait_dump(&dest, &t("ccc-"), &expected_dump(&[(&t("ccc-1"), b"one")]), &refs);
        wait_dump(
            &dest,
            &t("/k/ccc/"),
            &expected_dump(&[(&t("/k/ccc/x"), b"kept")]),
            &refs,
        );
        put_bytes(&source, &t("/n/ccc/ccc-2"), BINARY);
        del(&source, &t("/n/ccc/ccc-1"));
        put(&source, &t("/k/ccc/y"), "live");
        put(&source, &t("/k/cccc"), "outside the prefix");
    }
    for tag in ["ccc", "ttt"] {
        let t = |s: &str| s.replace("ccc", tag);
        wait_dump(&dest, &t("ccc-"), &expected_dump(&[(&t("ccc-2"), BINARY)]), &refs);
        wait_dump(
            &dest,
            &t("/k/ccc"),
            &expected_dump(&[(&t("/k/ccc/x"), b"kept"), (&t("/k/ccc/y"), b"live")]),
            &refs,
        );
    }
    // Nothing else reached the destination's root: the keys of the first part, and these.
    let all = etcdctl(&with_flags(&dest, &["get", "", "--prefix", "--keys-only"]));
    let keys: Vec<&str> = all.stdout.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        keys.iter()
            .filter(|k| !k.starts_with("/ccc/") && !k.starts_with("/ttt/"))
            .copied()
            .collect::<Vec<_>>(),
        ["/k/ccc/x", "/k/ccc/y", "/k/ttt/x", "/k/ttt/y", "ccc-2", "ttt-2"]
    );
    for p in &procs {
        assert!(p.stderr().is_empty(), "{}: {}", p.what, p.stderr());
    }
    // An interrupt ends both at once, by the signal (neither catches it), saying nothing.
    for mut p in procs {
        let pid = nix::unistd::Pid::from_raw(p.child.id() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = p.child.try_wait().unwrap() {
                break status;
            }
            assert!(started.elapsed() < PATIENCE, "{} ignored SIGINT", p.what);
            std::thread::sleep(Duration::from_millis(50));
        };
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(2), "{}: {status}", p.what);
        assert!(p.stderr().is_empty(), "{}: {}", p.what, p.stderr());
    }
}

#[test]
fn make_mirror_refuses_as_etcdctl_and_explains_the_destination() {
    let (source, _s) = lab(1, ClientSecurity::MutualTls);
    let (dest, _d) = lab(1, ClientSecurity::MutualTls);
    let mut cases: Vec<Vec<String>> = vec![
        vec![],
        vec!["a:2379".into(), "b:2379".into()],
        vec![dest.endpoints(), "--dest-cert=/nonexistent/client.crt".into()],
    ];
    // Both prefixes: refused once the source answered (nothing is copied); etcdctl's
    // destination client dials nothing before its first put, so a destination that cannot
    // be reached, or with the wrong CA, is refused the same way.
    let mut both = dest_flags(&dest);
    both.extend(["--dest-prefix=/x/".to_string(), "--no-dest-prefix".to_string()]);
    cases.push(both);
    cases.push(vec![
        "http://127.0.0.1:1".into(),
        "--dest-prefix=/x/".into(),
        "--no-dest-prefix".into(),
    ]);
    cases.push(vec![
        dest.endpoints(),
        format!("--dest-cacert={}", source.path("pki/etcd/ca.crt").display()),
        "--dest-prefix=/x/".into(),
        "--no-dest-prefix".into(),
    ]);
    for case in cases {
        let mut args = with_flags(&source, &["make-mirror"]);
        args.extend(case.iter().cloned());
        let a = etcdtls(&args, &[]);
        let b = etcdctl(&args);
        assert_eq!(
            (a.code, a.stdout.as_str()),
            (b.code, b.stdout.as_str()),
            "{case:?}: {}",
            a.all()
        );
        assert_eq!(a.code, 128, "{case:?}");
        assert_eq!(
            a.stderr.lines().next(),
            b.stderr.lines().next(),
            "{case:?}: the Error: line differs"
        );
    }
    let dumped = etcdctl(&with_flags(&dest, &["get", "", "--prefix", "--keys-only"]));
    assert_eq!(dumped.stdout, "", "nothing may have been copied");

    // The source's CA given as the destination's: etcdctl waits forever (its puts have no
    // deadline); etcdtls names --dest-cacert and that file at once, and copies nothing.
    put(&source, "/w/a", "1");
    let wrong = source.path("pki/etcd/ca.crt").display().to_string();
    let mut args = with_flags(&source, &["make-mirror"]);
    args.extend([
        dest.endpoints(),
        format!("--dest-cacert={wrong}"),
        format!("--dest-cert={}", dest.path("pki/etcd/healthcheck-client.crt").display()),
        format!("--dest-key={}", dest.path("pki/etcd/healthcheck-client.key").display()),
    ]);
    let a = etcdtls(&args, &[]);
    assert_eq!(a.code, 1, "{}", a.all());
    assert_eq!(a.stdout, "");
    let first = a.stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("Error: destination ") && first.contains(&format!("--dest-cacert {wrong}")),
        "{}",
        a.stderr
    );
    assert!(a.stderr.contains("wrong-ca"), "{}", a.stderr);
    assert!(
        !a.stderr.contains(" --cacert "),
        "names the source's flag: {}",
        a.stderr
    );
    let dumped = etcdctl(&with_flags(&dest, &["get", "", "--prefix", "--keys-only"]));
    assert_eq!(dumped.stdout, "");
    // An unreadable destination file is named as the destination's (etcdctl: `open ...`).
    let mut args = with_flags(&source, &["make-mirror"]);
    args.extend([dest.endpoints(), "--dest-cacert=/nonexistent/ca.crt".to_string()]);
    let a = etcdtls(&args, &[]);
    let b = etcdctl(&args);
    assert_eq!((a.code, a.stdout.as_str()), (b.code, b.stdout.as_str()), "{}", a.all());
    assert!(a.stderr.contains("--dest-cacert /nonexistent/ca.crt"), "{}", a.stderr);
}

/// etcdtls's names read as etcdctl's.
fn retag(s: &str) -> String {
    s.replace("ttt", "ccc")
}

/// One interactive session: `lines` fed to `watch -i`, `want` stdout lines awaited, then the
/// input closed.
fn session(bin: &str, lab: &Lab, lines: &[String], want: usize) -> (i32, String, String) {
    let mut p = Proc::start(bin, &with_flags(lab, &["watch", "-i"]), &[]);
    for line in lines {
        p.send(line);
    }
    p.wait_lines(want);
    p.finish()
}

#[test]
fn interactive_watch_matches_etcdctl() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    for tag in ["ttt", "ccc"] {
        put(&lab, &format!("/wi/{tag}/a"), "1");
        put_bytes(&lab, &format!("/wi/{tag}/b"), BINARY);
        del(&lab, &format!("/wi/{tag}/a"));
    }
    let ours = etcdtls_bin();
    let ours = ours.to_str().unwrap();
    // Lines refused on stderr, then a watch; 9 lines of events; the end of input ends it (3).
    let run = |bin: &str, tag: &str| {
        let lines: Vec<String> = [
            "\n".to_string(),
            "foo\n".into(),
            "watch\n".into(),
            "watch /x /y --prefix\n".into(),
            format!("watch --rev 1 --prefix \"/wi/{tag}/\"\n"),
        ]
        .to_vec();
        session(bin, &lab, &lines, 9)
    };
    let (code, out, err) = run(ours, "ttt");
    let theirs = run("etcdctl", "ccc");
    assert_eq!((code, retag(&out), retag(&err)), theirs);
    assert_eq!(code, 3);
    assert!(out.starts_with("PUT\n/wi/ttt/a\n1\n"), "{out}");
    assert!(err.contains("Invalid command foo (only support watch)"), "{err}");

    // A command per event from an interactive line, its environment as etcdctl sets it.
    let show = r#"printf '%s|%s|%s|%s\n' "$ETCD_WATCH_REVISION" "$ETCD_WATCH_EVENT_TYPE" "$ETCD_WATCH_KEY" "$ETCD_WATCH_VALUE""#;
    let run = |bin: &str, tag: &str| {
        let line = format!("watch --rev 1 /wi/{tag}/ --prefix -- sh -c {}\n", go_quote(show));
        session(bin, &lab, &[line], 12)
    };
    let (code, out, err) = run(ours, "ttt");
    assert_eq!((code, retag(&out), retag(&err)), run("etcdctl", "ccc"));
    assert!(out.contains(r#"|"PUT"|"/wi/ttt/b"|"bin\x00\xff\x01\ttab""#), "{out}");

    // progress: a notice on each watch (asked again until it shows: etcdctl opens its watch
    // in the background, and a notice asked for before it exists goes nowhere).
    let progress = |bin: &str| {
        let mut p = Proc::start(bin, &with_flags(&lab, &["watch", "-i"]), &[]);
        p.send("watch /wi/none\n");
        let started = Instant::now();
        while p.lines().is_empty() {
            p.send("progress\n");
            assert!(started.elapsed() < PATIENCE, "{}: no progress notice", p.what);
            std::thread::sleep(Duration::from_millis(500));
        }
        let first = String::from_utf8_lossy(&p.lines()[0]).into_owned();
        let (code, _, err) = p.finish();
        (first, code, err)
    };
    let (first, code, err) = progress(ours);
    assert_eq!((first.clone(), code, err), progress("etcdctl"));
    assert!(first.starts_with("progress notify: "), "{first}");

    // Lines that end the command, and a last line without its newline (never read).
    for line in [
        "watch --bogus x\n",
        "watch --prefix\n",
        "watch x --\n",
        "watch --rev=z x\n",
        "watch \"\\q\"\n",
        "watch x",
    ] {
        let run = |bin: &str| {
            let mut p = Proc::start(bin, &with_flags(&lab, &["watch", "-i"]), &[]);
            p.send(line);
            p.finish()
        };
        let a = run(ours);
        assert_eq!(a, run("etcdctl"), "{line:?}");
        assert_ne!(a.0, 0, "{line:?}");
    }
}

/// Go's `%q` of a string, which etcdctl's line splitter unquotes.
fn go_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn watch_runs_a_command_per_event_as_etcdctl() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    for tag in ["ttt", "ccc"] {
        put(&lab, &format!("/we/{tag}/a"), "1");
        put_bytes(&lab, &format!("/we/{tag}/b"), BINARY);
        del(&lab, &format!("/we/{tag}/a"));
    }
    let ours = etcdtls_bin();
    let ours = ours.to_str().unwrap();
    // ETCDCTL_API=3 is given to both tools; etcdctl unsets it before running anything.
    let show = r#"printf '%s|%s|%s|%s|%s\n' "$ETCD_WATCH_REVISION" "$ETCD_WATCH_EVENT_TYPE" "$ETCD_WATCH_KEY" "$ETCD_WATCH_VALUE" "${ETCDCTL_API-unset}""#;
    // Each response is printed, then the command runs for each of its events; the revision
    // is the response's (the same for both tools: nothing is written while they watch).
    let run = |bin: &str, tag: &str, extra: &[&str], env: &[(&str, &str)], lines: usize| {
        let key = format!("/we/{tag}/");
        let mut args = with_flags(&lab, &["watch", "--rev", "1"]);
        if env.is_empty() {
            args.extend([key, "--prefix".into()]);
        }
        args.extend(extra.iter().map(|s| s.to_string()));
        args.extend(["--".into(), "sh".into(), "-c".into(), show.into()]);
        let mut p = Proc::start(bin, &args, env);
        p.wait_lines(lines);
        let out = p.stdout();
        let err = p.stderr();
        drop(p);
        (out, err)
    };
    let (out, err) = run(ours, "ttt", &[], &[], 12);
    assert_eq!((retag(&out), err), run("etcdctl", "ccc", &[], &[], 12));
    assert!(
        out.contains(r#"|"PUT"|"/we/ttt/b"|"bin\x00\xff\x01\ttab"|unset"#)
            && out.contains(r#"|"DELETE"|"/we/ttt/a"|""|unset"#),
        "{out}"
    );
    // -w json: the response's line, then the command's three.
    let (out, _) = run(ours, "ttt", &["-w", "json"], &[], 4);
    let (theirs, _) = run("etcdctl", "ccc", &["-w", "json"], &[], 4);
    let (o, t): (Vec<&str>, Vec<&str>) = (out.lines().collect(), theirs.lines().collect());
    assert_eq!(o.len(), 4, "{out}");
    assert_eq!(retag(&o[1..].join("\n")), t[1..].join("\n"));
    let events = |line: &str| {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        (v["Header"]["revision"].clone(), v["Events"].as_array().map(Vec::len))
    };
    assert_eq!(events(o[0]), events(t[0]));
    // The key from ETCDCTL_WATCH_KEY, with --prefix.
    let (out, err) = run(ours, "ttt", &["--prefix"], &[("ETCDCTL_WATCH_KEY", "/we/ttt/")], 12);
    assert_eq!(
        (retag(&out), err),
        run(
            "etcdctl",
            "ccc",
            &["--prefix"],
            &[("ETCDCTL_WATCH_KEY", "/we/ccc/")],
            12
        )
    );

    // A command that fails or cannot start ends the watch: exit 1, etcdctl's line on stderr.
    // Argument errors: 128.
    for tail in [
        vec!["/we/ttt/b", "--", "false"],
        vec!["/we/ttt/b", "--", "no-such-command-here"],
        vec!["/we/ttt/b", "--", "./no/such/path"],
        vec!["/we/ttt/b", "--"],
        vec!["--", "echo"],
        vec!["/we/ttt/b", "--", "sh", "-c", "kill -9 $$"],
    ] {
        let mut args = with_flags(&lab, &["watch", "--rev", "1"]);
        args.extend(tail.iter().map(|s| s.to_string()));
        let a = etcdtls(&args, &[]);
        let theirs_args: Vec<String> = args.iter().map(|s| retag(s)).collect();
        let b = etcdctl(&theirs_args);
        let pick = |r: &Run| (r.code, retag(&r.stdout), retag(&r.stderr));
        assert_eq!(pick(&a), pick(&b), "{tail:?}");
        assert_ne!(a.code, 0);
    }
}
