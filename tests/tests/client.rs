//! `etcdtls` as a drop-in for etcdctl's everyday commands, against real etcd members with
//! client and peer mTLS as kubeadm configures them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::time::Duration;

use etcdtls::lab::ClientSecurity;
use etcdtls_e2e::{args, etcdctl, etcdtls, expired_client, lab, lab_etcd_ca, tls_flags, with_flags, write_pair};
use etcdtls_pki::{KeyType, LeafSpec, Usage};
use serde_json::Value;

fn assert_diagnosis(run: &etcdtls_e2e::Run, id: &str, names: &str) {
    let all = run.all();
    assert!(
        all.contains(&format!("[{id}]")) || all.contains(&format!("({id};")),
        "expected diagnosis {id} in:\n{all}"
    );
    assert!(all.contains(names), "expected the message to name {names:?}:\n{all}");
    assert!(
        !all.contains("context deadline exceeded"),
        "never the bare etcdctl error:\n{all}"
    );
}

#[test]
fn single_member_every_command_and_format() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    let run = |cmd: &[&str]| etcdtls(&with_flags(&lab, cmd), &[]);
    let ctl = |cmd: &[&str]| etcdctl(&with_flags(&lab, cmd));

    // put / get / del, byte for byte as etcdctl prints them.
    assert_eq!(run(&["put", "/registry/a", "1"]).stdout, "OK\n");
    assert_eq!(run(&["put", "/registry/b", "two words"]).stdout, "OK\n");
    assert_eq!(run(&["put", "/other", "x"]).stdout, "OK\n");
    for cmd in [
        vec!["get", "/registry/a"],
        vec!["get", "/registry", "--prefix"],
        vec!["get", "/registry", "--prefix", "--keys-only"],
        vec!["get", "/registry", "--prefix", "--limit", "1"],
        vec!["get", "/registry/b", "--print-value-only"],
        vec!["get", "/registry/a", "/registry/c"],
        vec!["get", "/p", "--from-key"],
        vec!["get", "/registry/a", "--rev", "2"],
        vec!["get", "/", "--prefix", "--keys-only"],
        vec!["member", "list"],
        vec!["member", "list", "-w", "table"],
    ] {
        let ours = run(&cmd);
        let theirs = ctl(&cmd);
        assert_eq!(ours.code, 0, "{cmd:?}: {}", ours.all());
        assert_eq!(ours.stdout, theirs.stdout, "{cmd:?} differs from etcdctl");
    }
    // JSON: same fields and values as etcdctl (the header's revision may move between calls).
    let ours: Value = serde_json::from_str(&run(&["get", "/registry", "--prefix", "-w", "json"]).stdout).unwrap();
    let theirs: Value = serde_json::from_str(&ctl(&["get", "/registry", "--prefix", "-w", "json"]).stdout).unwrap();
    assert_eq!(ours["kvs"], theirs["kvs"]);
    assert_eq!(ours["count"], 2);
    let members: Value = serde_json::from_str(&run(&["member", "list", "-w", "json"]).stdout).unwrap();
    assert_eq!(members["members"][0]["name"], "lab-1");

    // endpoint status in the three formats.
    let simple = run(&["endpoint", "status"]);
    let fields: Vec<&str> = simple.stdout.trim_end_matches('\n').split(", ").collect();
    assert_eq!(fields.len(), 10, "{}", simple.stdout);
    assert_eq!(fields[0], lab.endpoints());
    assert_eq!(fields[4], "true", "a single member leads");
    let table = run(&["endpoint", "status", "-w", "table"]);
    let header = table.stdout.lines().nth(1).unwrap();
    assert_eq!(
        header,
        ctl(&["endpoint", "status", "-w", "table"])
            .stdout
            .lines()
            .nth(1)
            .unwrap()
    );
    let json: Value = serde_json::from_str(&run(&["endpoint", "status", "-w", "json"]).stdout).unwrap();
    assert_eq!(json[0]["Endpoint"], lab.endpoints());
    assert_eq!(json[0]["Status"]["version"], etcd_version());

    // endpoint health in the three formats; etcdctl 3.4 prints the simple lines on stderr.
    let health = run(&["endpoint", "health"]);
    assert_eq!(health.stdout, "", "{}", health.all());
    assert!(
        health.stderr.starts_with(&format!(
            "{} is healthy: successfully committed proposal: took = ",
            lab.endpoints()
        )),
        "{}",
        health.all()
    );
    assert!(
        run(&["endpoint", "health", "-w", "table"])
            .stdout
            .contains("| HEALTH |")
    );
    let h: Value = serde_json::from_str(&run(&["endpoint", "health", "-w", "json"]).stdout).unwrap();
    assert_eq!(h[0]["health"], true);

    // del, with a count as etcdctl prints it.
    assert_eq!(run(&["del", "/registry", "--prefix"]).stdout, "2\n");
    assert_eq!(run(&["del", "/nothing"]).stdout, "0\n");
    assert_eq!(run(&["get", "/registry", "--prefix"]).stdout, "");

    // Formats a command does not support, and bad arguments, exit like etcdctl.
    assert_eq!(run(&["get", "/x", "-w", "table"]).code, 4);
    assert_eq!(run(&["get"]).code, 128);
    assert_eq!(run(&["get", "/a", "--prefix", "--from-key"]).code, 128);
}

fn etcd_version() -> String {
    let out = std::process::Command::new(etcdtls::lab::etcd_binary())
        .arg("--version")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .next()
        .unwrap()
        .trim_start_matches("etcd Version: ")
        .trim()
        .to_string()
}

#[test]
fn variables_instead_of_flags_and_kubeadm_style_clients() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    let env = lab.env();
    let r = etcdtls(&args(&["put", "k", "v"]), &env);
    assert_eq!(r.stdout, "OK\n", "{}", r.all());
    let r = etcdtls(&args(&["get", "k", "--print-value-only"]), &env);
    assert_eq!(r.stdout, "v\n");
    let mut env2 = env.clone();
    env2.push(("ETCDCTL_WRITE_OUT".into(), "json".into()));
    env2.push(("ETCDCTL_DIAL_TIMEOUT".into(), "3s".into()));
    let r = etcdtls(&args(&["endpoint", "status"]), &env2);
    assert!(r.stdout.starts_with("[{\"Endpoint\""), "{}", r.all());
    // A flag and its variable together stop the command, as in etcdctl.
    let r = etcdtls(&args(&["-w", "simple", "get", "k"]), &env2);
    assert_eq!(r.code, 1, "{}", r.all());
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("\"ETCDCTL_WRITE_OUT\" is shadowed"), "{}", r.all());
    // ETCDCTL_API=2 is refused clearly, with v2's bad-arguments code and the v3 command.
    let mut v2 = env.clone();
    v2.retain(|(k, _)| k != "ETCDCTL_API");
    v2.push(("ETCDCTL_API".into(), "2".into()));
    let r = etcdtls(&args(&["get", "k"]), &v2);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("only etcd's v3 API"), "{}", r.all());
    assert!(
        r.stderr.contains("ETCDCTL_API=3 etcdtls get k --print-value-only"),
        "{}",
        r.all()
    );

    // kubeadm's clients: --cacert is the etcd CA; the client is apiserver-etcd-client or
    // healthcheck-client; the server certificate itself works too (it has clientAuth).
    for (cert, key) in [
        ("pki/apiserver-etcd-client.crt", "pki/apiserver-etcd-client.key"),
        ("pki/etcd/healthcheck-client.crt", "pki/etcd/healthcheck-client.key"),
        ("pki/etcd/server.crt", "pki/etcd/server.key"),
    ] {
        let mut a = tls_flags(&lab, &lab.endpoints(), "pki/etcd/ca.crt", Some(cert), Some(key));
        a.extend(args(&["get", "k", "--print-value-only"]));
        let r = etcdtls(&a, &[]);
        assert_eq!(r.stdout, "v\n", "{cert}: {}", r.all());
    }
    // A bare host:port with certificate flags is TLS, as in etcdctl.
    let bare = lab.endpoints().trim_start_matches("https://").to_string();
    let mut a = tls_flags(
        &lab,
        &bare,
        "pki/etcd/ca.crt",
        Some("pki/etcd/healthcheck-client.crt"),
        Some("pki/etcd/healthcheck-client.key"),
    );
    a.extend(args(&["get", "k", "--print-value-only"]));
    assert_eq!(etcdtls(&a, &[]).stdout, "v\n");
}

#[test]
fn three_members_with_peer_mtls_survive_one_member_killed() {
    let (mut lab, _dir) = lab(3, ClientSecurity::MutualTls);
    let run = |lab: &etcdtls::lab::Lab, cmd: &[&str]| etcdtls(&with_flags(lab, cmd), &[]);
    assert_eq!(run(&lab, &["put", "survives", "yes"]).stdout, "OK\n");
    let status = run(&lab, &["endpoint", "status", "--cluster", "-w", "json"]);
    let list: Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3, "{}", status.all());
    let statuses = list.as_array().unwrap();
    assert!(
        statuses
            .iter()
            .all(|s| s["Status"]["leader"] == statuses[0]["Status"]["leader"]),
        "every member names the same leader"
    );
    let leaders = statuses
        .iter()
        .filter(|s| s["Status"]["leader"] == s["Status"]["header"]["member_id"])
        .count();
    assert_eq!(leaders, 1, "and it is one of them");
    let members = run(&lab, &["member", "list"]);
    assert_eq!(members.stdout.lines().count(), 3);
    let health = run(&lab, &["endpoint", "health", "--cluster"]);
    assert_eq!(health.code, 0, "{}", health.all());

    // Kill the first member: --endpoints still lists it first.
    lab.kill_member(0);
    let got = run(&lab, &["get", "survives", "--print-value-only"]);
    assert_eq!(got.code, 0, "{}", got.all());
    assert_eq!(got.stdout, "yes\n");
    let status = run(&lab, &["endpoint", "status"]);
    assert_eq!(status.code, 1, "one endpoint failed, like etcdctl");
    assert_eq!(
        status.stdout.lines().count(),
        2,
        "the two live members still report: {}",
        status.all()
    );
    assert!(status.stderr.contains(&format!(
        "Failed to get the status of endpoint {}",
        lab.members[0].client_url
    )));
    assert!(
        status.stderr.contains("connection refused") && status.stderr.contains("[unreachable]"),
        "{}",
        status.stderr
    );
    let health = run(&lab, &["endpoint", "health"]);
    assert_eq!(health.code, 1);
    assert!(
        health.stderr.contains("is unhealthy") && health.stderr.contains("Error: unhealthy cluster"),
        "{}",
        health.stderr
    );
    assert_eq!(run(&lab, &["put", "after", "kill"]).stdout, "OK\n");
}

#[test]
fn all_members_down_is_a_clear_error_within_the_dial_timeout() {
    let (mut lab, _dir) = lab(1, ClientSecurity::MutualTls);
    let flags = lab.flags();
    // A dial timeout under a millisecond fails before dialling, as etcdctl's does, and nothing
    // is written (etcdtls once wrote the key: tokio's timer is a millisecond coarse).
    let mut put = flags.clone();
    put.extend(args(&["--dial-timeout=1us", "put", "tiny-dial", "v"]));
    let r = etcdtls(&put, &[]);
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stderr.contains("--dial-timeout (1us) ends before any connection"),
        "{}",
        r.stderr
    );
    let mut get = flags.clone();
    get.extend(args(&["get", "tiny-dial"]));
    let r = etcdtls(&get, &[]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{}", r.stderr);
    // A --command-timeout shorter than the dial bounds it, and is named as the cause (it was
    // once "speaks gRPC over TLS 1.3", the walk finding nothing wrong).
    for cmd in [&["endpoint", "status"][..], &["endpoint", "hashkv"], &["get", "k"]] {
        let mut a = flags.clone();
        a.push("--command-timeout=1ns".to_string());
        a.extend(args(cmd));
        let r = etcdtls(&a, &[]);
        assert_eq!(r.code, 1, "{cmd:?}: {}", r.stderr);
        assert!(r.stderr.contains("--command-timeout (1ns)"), "{cmd:?}: {}", r.stderr);
        assert!(!r.stderr.contains("speaks gRPC"), "{cmd:?}: {}", r.stderr);
    }
    lab.kill_member(0);
    let mut a = flags.clone();
    a.extend(args(&["--dial-timeout=2s", "get", "k"]));
    let r = etcdtls(&a, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("Nothing listens on") && r.stderr.contains("[unreachable]")
            || r.stderr.contains("(unreachable;"),
        "{}",
        r.stderr
    );
    // A guard against hanging, not a benchmark: a refused port answers at once.
    assert!(r.took < Duration::from_secs(4), "took {:?}", r.took);

    // A port that accepts TCP but never speaks TLS: the dial timeout ends the wait.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("https://{}", silent.local_addr().unwrap());
    let a = tls_flags(
        &lab,
        &endpoint,
        "pki/etcd/ca.crt",
        Some("pki/etcd/healthcheck-client.crt"),
        Some("pki/etcd/healthcheck-client.key"),
    );
    let mut get = a.clone();
    get.extend(args(&["--dial-timeout=500ms", "get", "k"]));
    let r = etcdtls(&get, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("[timeout]") || r.stderr.contains("(timeout;"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("accepted the TCP connection but did not answer the TLS handshake"),
        "{}",
        r.stderr
    );
    assert!(r.took < Duration::from_secs(3), "took {:?}", r.took);
    // etcdctl dials inside the command's deadline, so a shorter --command-timeout ends the wait
    // (it once waited out the dial timeout twice, dialling again to diagnose).
    let mut status = a.clone();
    status.extend(args(&[
        "--dial-timeout=6s",
        "--command-timeout=500ms",
        "endpoint",
        "status",
    ]));
    let r = etcdtls(&status, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("did not answer the TLS handshake within 500ms"),
        "{}",
        r.stderr
    );
    assert!(r.took < Duration::from_secs(4), "took {:?}", r.took);
}

#[test]
fn failures_name_the_wrong_file() {
    let (lab, dir) = lab(1, ClientSecurity::MutualTls);
    let ep = lab.endpoints();
    let hc = (
        Some("pki/etcd/healthcheck-client.crt"),
        Some("pki/etcd/healthcheck-client.key"),
    );
    let cmd = |mut a: Vec<String>| {
        a.extend(args(&["endpoint", "status"]));
        etcdtls(&a, &[])
    };

    // The Kubernetes CA given instead of the etcd CA.
    let r = cmd(tls_flags(&lab, &ep, "pki/ca.crt", hc.0, hc.1));
    assert_diagnosis(&r, "wrong-ca", &lab.path("pki/ca.crt").display().to_string());
    assert!(
        r.stderr
            .contains(&format!("--cacert={}", lab.path("pki/etcd/ca.crt").display())),
        "the fix names the etcd CA:\n{}",
        r.stderr
    );

    // No client certificate.
    let r = cmd(tls_flags(&lab, &ep, "pki/etcd/ca.crt", None, None));
    assert_diagnosis(&r, "client-cert-required", "requires a client certificate");
    assert!(
        r.stderr.contains("CN = etcd-ca"),
        "says which CA etcd trusts:\n{}",
        r.stderr
    );

    // A key from another pair: caught before dialling, exit 128 like etcdctl.
    let r = cmd(tls_flags(
        &lab,
        &ep,
        "pki/etcd/ca.crt",
        hc.0,
        Some("pki/etcd/server.key"),
    ));
    assert_eq!(r.code, 128);
    assert_diagnosis(
        &r,
        "key-mismatch",
        &lab.path("pki/etcd/server.key").display().to_string(),
    );
    assert!(
        r.stderr.contains("healthcheck-client.key"),
        "the fix names the right key:\n{}",
        r.stderr
    );

    // http:// against the TLS port.
    let r = cmd(tls_flags(
        &lab,
        &ep.replace("https://", "http://"),
        "pki/etcd/ca.crt",
        hc.0,
        hc.1,
    ));
    assert_diagnosis(&r, "tls-required", "speaks TLS");
    assert!(
        r.stderr.contains("the --cacert, --cert and --key given are then used"),
        "the files given were right; only the scheme is wrong:\n{}",
        r.stderr
    );

    // A client certificate from the Kubernetes CA.
    let r = cmd(tls_flags(
        &lab,
        &ep,
        "pki/etcd/ca.crt",
        Some("pki/apiserver-kubelet-client.crt"),
        Some("pki/apiserver-kubelet-client.key"),
    ));
    assert_diagnosis(
        &r,
        "client-cert-untrusted",
        &lab.path("pki/apiserver-kubelet-client.crt").display().to_string(),
    );
    // etcd logged its side of that refusal; `etcdtls why` reads the real log line.
    std::thread::sleep(Duration::from_millis(200));
    let log = fs::read_to_string(&lab.members[0].log).unwrap();
    let rejected: Vec<&str> = log.lines().filter(|l| l.contains("rejected connection")).collect();
    assert!(!rejected.is_empty(), "etcd logs the rejection");
    let why = etcdtls(&args(&["why", "-o", "json", rejected.last().unwrap()]), &[]);
    let entries: Value = serde_json::from_str(&why.stdout).unwrap();
    assert_eq!(entries[0]["speaker"], "etcd", "{entries:#}");
    assert_eq!(entries[0]["diagnosis"], "client-cert-untrusted", "{entries:#}");

    // An expired client certificate, issued by the lab's own etcd CA.
    let ca = lab_etcd_ca(&lab);
    let expired = expired_client(&ca);
    let (crt, key) = write_pair(dir.path(), "expired", &expired);
    let r = etcdtls(
        &[
            format!("--endpoints={ep}"),
            format!("--cacert={}", lab.path("pki/etcd/ca.crt").display()),
            format!("--cert={}", crt.display()),
            format!("--key={}", key.display()),
            "endpoint".into(),
            "status".into(),
        ],
        &[],
    );
    assert_diagnosis(&r, "client-cert-expired", &crt.display().to_string());

    // A host not in the server certificate's SANs: etcd re-reads its certificate on every new
    // connection, so swap in one that covers only a DNS name, then dial by IP.
    let narrow = ca
        .issue(
            &LeafSpec::new(
                "lab",
                Usage::ServerAndClient,
                time::OffsetDateTime::now_utc(),
                KeyType::EcdsaP256,
            )
            .sans(["etcd.lab.example"]),
        )
        .unwrap();
    fs::write(lab.path("pki/etcd/server.crt"), &narrow.cert_pem).unwrap();
    fs::write(lab.path("pki/etcd/server.key"), &narrow.key.pem).unwrap();
    let r = cmd(tls_flags(&lab, &ep, "pki/etcd/ca.crt", hc.0, hc.1));
    assert_diagnosis(&r, "server-name-mismatch", "etcd.lab.example");
    assert!(r.stderr.contains("127.0.0.1"), "{}", r.stderr);
}

/// A fix names the files of the layout at hand: in a cfssl folder (`ca.pem`, `server.pem`,
/// `client.pem`, `*-key.pem`, as etcd's cfssl guide makes it) the right client pair and the
/// right key are the ones beside the given files, not kubeadm's paths.
#[test]
fn fixes_name_the_files_beside_the_given_ones() {
    let (lab, dir) = lab(1, ClientSecurity::MutualTls);
    let ep = lab.endpoints();
    let ca = lab_etcd_ca(&lab);
    let cfssl = dir.path().join("cfssl");
    fs::create_dir_all(&cfssl).unwrap();
    fs::copy(lab.path("pki/etcd/ca.crt"), cfssl.join("ca.pem")).unwrap();
    let now = time::OffsetDateTime::now_utc();
    for (name, usage) in [("server", Usage::Server), ("client", Usage::Client)] {
        let pair = ca
            .issue(&LeafSpec::new(name, usage, now, KeyType::EcdsaP256).sans(["127.0.0.1"]))
            .unwrap();
        fs::write(cfssl.join(format!("{name}.pem")), &pair.cert_pem).unwrap();
        fs::write(cfssl.join(format!("{name}-key.pem")), &pair.key.pem).unwrap();
    }
    let file = |name: &str| cfssl.join(name).display().to_string();
    let run = |ca: &str, cert: Option<&str>, key: Option<&str>| {
        let mut a = vec![format!("--endpoints={ep}"), format!("--cacert={}", file(ca))];
        a.extend(cert.map(|c| format!("--cert={}", file(c))));
        a.extend(key.map(|k| format!("--key={}", file(k))));
        a.extend(args(&["endpoint", "status"]));
        etcdtls(&a, &[])
    };
    // The fix names `text`.
    let names = |r: &etcdtls_e2e::Run, text: &str| {
        assert!(r.stderr.contains(text), "the fix names {text}:\n{}", r.stderr);
    };
    let client_pair = format!("--cert={} --key={}", file("client.pem"), file("client-key.pem"));

    // A server-only certificate given as the client's.
    let r = run("ca.pem", Some("server.pem"), Some("server-key.pem"));
    assert_diagnosis(&r, "client-cert-no-client-auth", &file("server.pem"));
    names(&r, &client_pair);
    assert!(!r.stderr.contains("/etc/kubernetes"), "{}", r.stderr);

    // No client certificate at all.
    let r = run("ca.pem", None, None);
    assert_diagnosis(&r, "client-cert-required", "requires a client certificate");
    names(&r, &client_pair);

    // The server's key with the client's certificate.
    let r = run("ca.pem", Some("client.pem"), Some("server-key.pem"));
    assert_diagnosis(&r, "key-mismatch", &file("server-key.pem"));
    names(&r, &format!("--key={}", file("client-key.pem")));

    // kubeadm's names for files cfssl names otherwise: the closest file of the right kind.
    let r = run("ca.pem", Some("client.crt"), Some("client.key"));
    assert_eq!(r.code, 128, "{}", r.stderr);
    names(&r, &format!("--cert={}?", file("client.pem")));
    let r = run("ca.pem", Some("client.pem"), Some("client.key"));
    names(&r, &format!("--key={}?", file("client-key.pem")));

    // The client's certificate given as the CA.
    let r = run("client.pem", Some("client.pem"), Some("client-key.pem"));
    assert_diagnosis(&r, "ca-not-a-ca", &file("client.pem"));
    names(&r, &format!("--cacert={}", file("ca.pem")));

    // And the pair the fixes name works.
    let r = run("ca.pem", Some("client.pem"), Some("client-key.pem"));
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn https_against_a_plaintext_member() {
    let (lab, _dir) = lab(1, ClientSecurity::Plaintext);
    let ep = lab.endpoints();
    assert!(ep.starts_with("http://"));
    // Plaintext works with http://, and with a bare endpoint and no certificate flags.
    assert_eq!(
        etcdtls(
            &[format!("--endpoints={ep}"), "put".into(), "k".into(), "v".into()],
            &[]
        )
        .stdout,
        "OK\n"
    );
    let bare = ep.trim_start_matches("http://").to_string();
    assert_eq!(
        etcdtls(
            &[
                format!("--endpoints={bare}"),
                "get".into(),
                "k".into(),
                "--print-value-only".into()
            ],
            &[]
        )
        .stdout,
        "v\n"
    );
    let r = etcdtls(
        &[
            format!("--endpoints={}", ep.replace("http://", "https://")),
            "--insecure-skip-tls-verify".into(),
            "get".into(),
            "k".into(),
        ],
        &[],
    );
    assert_diagnosis(&r, "plaintext-server", "serves plaintext");
    assert!(
        r.stderr.contains("WARNING: --insecure-skip-tls-verify"),
        "loudly warned:\n{}",
        r.stderr
    );
}

/// The README's first command: the whole story on a throwaway lab, with no files of the user's.
#[test]
fn demo_tells_the_whole_story_and_cleans_up() {
    etcdtls_e2e::require_etcd();
    let r = etcdtls(&args(&["demo"]), &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    for expected in [
        "etcd-healthcheck-client",
        "IS LEADER",
        "hello over mTLS",
        "--cacert=",
        "is another CA",
        "(wrong-ca;",
    ] {
        assert!(all.contains(expected), "{expected:?} missing from:\n{all}");
    }
    // The lab it made is gone: the directory it names no longer exists.
    let dir = r
        .stdout
        .split_whitespace()
        .find_map(|w| w.strip_prefix("--cacert=").map(std::path::PathBuf::from))
        .unwrap();
    let lab_root = dir
        .ancestors()
        .find(|p| p.ends_with("kubernetes"))
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    assert!(!lab_root.exists(), "{} was left behind", lab_root.display());
}
