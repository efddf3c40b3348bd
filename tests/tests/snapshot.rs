//! `etcdtls snapshot save` on a 3-member lab while a client keeps writing: the file is a real
//! etcd snapshot. etcdctl reads it (`snapshot status`), restores it (`snapshot restore`), and
//! an etcd started from the restored directory on free loopback ports serves every key that
//! was acknowledged before the save began.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use etcdtls::lab::ClientSecurity;
use etcdtls_e2e::{args, etcdctl, etcdtls, lab, tls_flags};

/// A port nobody listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// An etcd process in its own group, stopped when dropped.
struct Etcd(Child);

impl Drop for Etcd {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn snapshot_saved_under_writes_restores_into_a_member_that_serves_the_data() {
    let (lab, dir) = lab(3, ClientSecurity::MutualTls);
    let first = lab.members[0].client_url.clone();
    let flags = tls_flags(
        &lab,
        &first,
        "pki/etcd/ca.crt",
        Some("pki/etcd/healthcheck-client.crt"),
        Some("pki/etcd/healthcheck-client.key"),
    );

    // A writer on every member in turn, until told to stop; it counts acknowledged writes.
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let settings = lab.settings().unwrap();
    let writer = {
        let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async {
                let mut clients = Vec::new();
                for t in &settings.targets {
                    clients.push(etcdtls::connect::connect_one(&settings, t).await.unwrap());
                }
                let mut i = 0usize;
                while !stop.load(Ordering::SeqCst) {
                    let c = &mut clients[i % 3];
                    c.put(format!("/snap/{i:06}"), format!("value {i}"), None)
                        .await
                        .unwrap();
                    i += 1;
                    acknowledged.store(i, Ordering::SeqCst);
                }
            });
        })
    };
    // Some writes first, so the snapshot has data and writes are in flight during the save.
    let started = Instant::now();
    while acknowledged.load(Ordering::SeqCst) < 200 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the writer makes no progress"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let before_save = acknowledged.load(Ordering::SeqCst);
    let file = dir.path().join("backup.db");
    let mut save = flags.clone();
    save.extend(args(&["snapshot", "save", file.to_str().unwrap()]));
    let saved = etcdtls(&save, &[]);
    let during = acknowledged.load(Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    assert_eq!(saved.code, 0, "{}", saved.all());
    assert_eq!(saved.stdout, format!("Snapshot saved at {}\n", file.display()));
    assert!(during > before_save, "writes went on during the save");

    // move-leader on the 3 members: etcdtls hands leadership to a follower, etcdctl back.
    let all = tls_flags(
        &lab,
        &lab.endpoints(),
        "pki/etcd/ca.crt",
        Some("pki/etcd/healthcheck-client.crt"),
        Some("pki/etcd/healthcheck-client.key"),
    );
    let status = |flags: &[String]| {
        let mut v = flags.to_vec();
        v.extend(args(&["endpoint", "status"]));
        etcdctl(&v).stdout
    };
    let (leader, follower) = {
        let text = status(&all);
        let mut leader = String::new();
        let mut follower = String::new();
        for line in text.lines() {
            let cells: Vec<&str> = line.split(", ").collect();
            if cells[4] == "true" {
                leader = cells[1].to_string();
            } else {
                follower = cells[1].to_string();
            }
        }
        (leader, follower)
    };
    let mut mv = all.clone();
    mv.extend(args(&["move-leader", &follower]));
    let moved = etcdtls(&mv, &[]);
    assert_eq!(moved.code, 0, "{}", moved.all());
    assert_eq!(
        moved.stdout,
        format!("Leadership transferred from {leader} to {follower}\n")
    );
    let mut back = all.clone();
    back.extend(args(&["move-leader", &leader]));
    let theirs_move = etcdctl(&back);
    assert_eq!(
        theirs_move.stdout,
        format!("Leadership transferred from {follower} to {leader}\n")
    );
    // etcd 3.4's answer has no header: -w json prints `{}`, -w protobuf nothing, exit 0 (etcdtls
    // printed {"header":{}} and refused protobuf with exit 4).
    for (format, printed) in [("json", "{}\n"), ("protobuf", "")] {
        let mut mv = all.clone();
        mv.extend(args(&["move-leader", &follower, "-w", format]));
        let ours = etcdtls(&mv, &[]);
        let mut back = all.clone();
        back.extend(args(&["move-leader", &leader, "-w", format]));
        let theirs = etcdctl(&back);
        assert_eq!((ours.code, ours.stdout.as_str()), (0, printed), "{}", ours.all());
        assert_eq!((theirs.code, theirs.stdout.as_str()), (0, printed), "{}", theirs.all());
    }
    // Without the leader among --endpoints: etcdctl's bad-arguments answer, for both.
    let followers: Vec<String> = lab
        .members
        .iter()
        .map(|m| m.client_url.clone())
        .filter(|u| {
            !status(&tls_flags(
                &lab,
                u,
                "pki/etcd/ca.crt",
                Some("pki/etcd/healthcheck-client.crt"),
                Some("pki/etcd/healthcheck-client.key"),
            ))
            .contains(", true, ")
        })
        .collect();
    let mut none = tls_flags(
        &lab,
        &followers.join(","),
        "pki/etcd/ca.crt",
        Some("pki/etcd/healthcheck-client.crt"),
        Some("pki/etcd/healthcheck-client.key"),
    );
    none.extend(args(&["move-leader", &leader]));
    let (a, b) = (etcdtls(&none, &[]), etcdctl(&none));
    assert_eq!(
        (a.code, a.stdout.as_str()),
        (b.code, b.stdout.as_str()),
        "{}\n{}",
        a.all(),
        b.all()
    );
    assert_eq!(a.code, 128);

    // etcdctl reads the file, and etcdtls reads it the same way.
    let status = args(&["snapshot", "status", file.to_str().unwrap(), "-w", "json"]);
    let theirs = etcdctl(&status);
    assert_eq!(theirs.code, 0, "{}", theirs.all());
    assert_eq!(etcdtls(&status, &[]).stdout, theirs.stdout);

    // etcdctl restores it into a new data directory for a new one-member cluster.
    let (peer, client) = (free_port(), free_port());
    let data = dir.path().join("restored.etcd");
    let peer_url = format!("http://127.0.0.1:{peer}");
    let restore = etcdctl(&args(&[
        "snapshot",
        "restore",
        file.to_str().unwrap(),
        "--name=restored",
        &format!("--data-dir={}", data.display()),
        &format!("--initial-cluster=restored={peer_url}"),
        &format!("--initial-advertise-peer-urls={peer_url}"),
        "--initial-cluster-token=restored-from-etcdtls",
    ]));
    assert_eq!(restore.code, 0, "{}", restore.all());

    // A new member from the restored directory, with the lab's server certificate.
    let client_url = format!("https://127.0.0.1:{client}");
    let pki = |f: &str| lab.path(&format!("pki/etcd/{f}")).display().to_string();
    let log = std::fs::File::create(dir.path().join("restored.log")).unwrap();
    let mut cmd = Command::new(etcdtls::lab::etcd_binary());
    cmd.args([
        "--name=restored".to_string(),
        format!("--data-dir={}", data.display()),
        format!("--listen-client-urls={client_url}"),
        format!("--advertise-client-urls={client_url}"),
        format!("--listen-peer-urls={peer_url}"),
        format!("--initial-advertise-peer-urls={peer_url}"),
        format!("--initial-cluster=restored={peer_url}"),
        format!("--cert-file={}", pki("server.crt")),
        format!("--key-file={}", pki("server.key")),
        format!("--trusted-ca-file={}", pki("ca.crt")),
        "--client-cert-auth=true".to_string(),
    ])
    .stdin(Stdio::null())
    .stdout(Stdio::null())
    .stderr(log);
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let _etcd = Etcd(cmd.spawn().unwrap());
    let restored_flags = tls_flags(
        &lab,
        &client_url,
        "pki/etcd/ca.crt",
        Some("pki/etcd/healthcheck-client.crt"),
        Some("pki/etcd/healthcheck-client.key"),
    );
    let with = |cmd: &[&str]| {
        let mut v = restored_flags.clone();
        v.extend(args(cmd));
        v
    };
    let started = Instant::now();
    loop {
        let r = etcdtls(&with(&["endpoint", "health"]), &[]);
        if r.code == 0 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the restored member never became healthy: {}\n{}",
            r.all(),
            std::fs::read_to_string(dir.path().join("restored.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(200));
    }

    // It is a new cluster of one, and it serves every write acknowledged before the save.
    let members = etcdtls(&with(&["member", "list"]), &[]);
    assert_eq!(members.stdout.lines().count(), 1, "{}", members.all());
    assert!(members.stdout.contains(", restored, "), "{}", members.stdout);
    let keys = etcdtls(&with(&["get", "/snap/", "--prefix", "--keys-only"]), &[]);
    assert_eq!(keys.code, 0, "{}", keys.all());
    let served: Vec<&str> = keys.stdout.lines().filter(|l| !l.is_empty()).collect();
    assert!(
        served.len() >= before_save,
        "{} keys served, {before_save} acknowledged before the save",
        served.len()
    );
    assert!(served.len() <= during + 1, "no key the writer never wrote");
    for i in [0, before_save / 2, before_save - 1] {
        let key = format!("/snap/{i:06}");
        let v = etcdtls(&with(&["get", &key, "--print-value-only"]), &[]);
        assert_eq!(v.stdout, format!("value {i}\n"), "{key}: {}", v.all());
    }
}
