//! `doctor --pki` on layouts other than kubeadm's, against a real etcd started the way the
//! distribution starts it: the CA and the least-privileged etcd client pair are picked by the
//! distribution profiles, not by kubeadm's file names.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use etcdtls_e2e::{etcdtls, require_etcd};
use etcdtls_pki::{Ca, KeyType, LeafSpec, Pair, Usage};
use serde_json::Value;
use time::OffsetDateTime;

/// An etcd process that dies with the test, whatever happens.
struct Etcd(Child);

impl Drop for Etcd {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// k3s writes each leaf followed by its CA, and the key beside it.
fn write_bundle(dir: &Path, name: &str, leaf: &Pair, ca: &Ca) {
    fs::write(
        dir.join(format!("{name}.crt")),
        format!("{}{}", leaf.cert_pem, ca.pair.cert_pem),
    )
    .unwrap();
    fs::write(dir.join(format!("{name}.key")), &leaf.key.pem).unwrap();
}

fn write_ca(dir: &Path, name: &str, ca: &Ca) {
    fs::write(dir.join(format!("{name}.crt")), &ca.pair.cert_pem).unwrap();
    fs::write(dir.join(format!("{name}.key")), &ca.pair.key.pem).unwrap();
}

/// A k3s server's `tls` folder (`k3s-io/k3s` `pkg/daemons/control/deps/deps.go`): the
/// Kubernetes client and server CAs with the admin's client certificate, and etcd's server CA,
/// peer CA, server, peer and client certificates. etcd runs with k3s's etcd flags on loopback.
#[test]
fn doctor_picks_the_etcd_ca_and_client_from_a_k3s_server() {
    require_etcd();
    let dir = tempfile::tempdir().unwrap();
    let tls = dir.path().join("server/tls");
    let etcd_dir = tls.join("etcd");
    fs::create_dir_all(&etcd_dir).unwrap();
    let now = OffsetDateTime::now_utc();
    let kt = KeyType::EcdsaP256;
    let ten_years = now + time::Duration::days(3650);
    let new_ca = |cn: &str| Ca::with_subject(Some(cn), &[], kt, now - time::Duration::minutes(5), ten_years).unwrap();
    let t = now.unix_timestamp();

    let client_ca = new_ca(&format!("k3s-client-ca@{t}"));
    let server_ca = new_ca(&format!("k3s-server-ca@{t}"));
    write_ca(&tls, "client-ca", &client_ca);
    write_ca(&tls, "server-ca", &server_ca);
    let admin = client_ca
        .issue(&LeafSpec::new("system:admin", Usage::Client, now, kt).organizations(["system:masters"]))
        .unwrap();
    write_bundle(&tls, "client-admin", &admin, &client_ca);

    let etcd_ca = new_ca(&format!("etcd-server-ca@{t}"));
    let peer_ca = new_ca(&format!("etcd-peer-ca@{t}"));
    write_ca(&etcd_dir, "server-ca", &etcd_ca);
    write_ca(&etcd_dir, "peer-ca", &peer_ca);
    let sans = ["kine.sock", "localhost", "127.0.0.1"];
    let server = etcd_ca
        .issue(&LeafSpec::new("etcd-server", Usage::ServerAndClient, now, kt).sans(sans))
        .unwrap();
    write_bundle(&etcd_dir, "server-client", &server, &etcd_ca);
    let peer = peer_ca
        .issue(&LeafSpec::new("etcd-peer", Usage::ServerAndClient, now, kt).sans(sans))
        .unwrap();
    write_bundle(&etcd_dir, "peer-server-client", &peer, &peer_ca);
    let client = etcd_ca
        .issue(&LeafSpec::new("etcd-client", Usage::Client, now, kt))
        .unwrap();
    write_bundle(&etcd_dir, "client", &client, &etcd_ca);

    let (client_port, peer_port) = (free_port(), free_port());
    let client_url = format!("https://127.0.0.1:{client_port}");
    let peer_url = format!("https://127.0.0.1:{peer_port}");
    let f = |name: &str| etcd_dir.join(name).display().to_string();
    let log = fs::File::create(dir.path().join("etcd.log")).unwrap();
    let child = Command::new(etcdtls::lab::etcd_binary())
        .arg("--name=k3s-server-1")
        .arg(format!("--data-dir={}", dir.path().join("db/etcd").display()))
        .arg(format!("--listen-client-urls={client_url}"))
        .arg(format!("--advertise-client-urls={client_url}"))
        .arg(format!("--listen-peer-urls={peer_url}"))
        .arg(format!("--initial-advertise-peer-urls={peer_url}"))
        .arg(format!("--initial-cluster=k3s-server-1={peer_url}"))
        .arg(format!("--cert-file={}", f("server-client.crt")))
        .arg(format!("--key-file={}", f("server-client.key")))
        .arg(format!("--trusted-ca-file={}", f("server-ca.crt")))
        .arg("--client-cert-auth=true")
        .arg(format!("--peer-cert-file={}", f("peer-server-client.crt")))
        .arg(format!("--peer-key-file={}", f("peer-server-client.key")))
        .arg(format!("--peer-trusted-ca-file={}", f("peer-ca.crt")))
        .arg("--peer-client-cert-auth=true")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("starting etcd");
    let _etcd = Etcd(child);
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", client_port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "etcd did not listen: {}",
            fs::read_to_string(dir.path().join("etcd.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let run = etcdtls(
        &[
            format!("--endpoints={client_url}"),
            "--dial-timeout=5s".into(),
            "doctor".into(),
            "--pki".into(),
            tls.display().to_string(),
            "-o".into(),
            "json".into(),
        ],
        &[],
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.all()));
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(report["diagnosis"], "ok", "{report:#}");
    let files: Vec<String> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["detail"].as_str().unwrap().to_string())
        .collect();
    let said = |flag: &str, path: &str| files.iter().any(|d| d.starts_with(flag) && d.contains(path));
    assert!(said("--cacert", "server/tls/etcd/server-ca.crt"), "{files:#?}");
    assert!(said("--cert", "server/tls/etcd/client.crt"), "{files:#?}");
    assert!(said("--key", "server/tls/etcd/client.key"), "{files:#?}");
}
