//! k3s, RKE2, RKE, k0s, Kubespray, etcdadm, Gardener and OpenShift laid out on disk the way their
//! own code lays them out (`etcdtls_pki::rancher` and `etcdtls_pki::openshift` cite the sources;
//! facts and commits in `docs/distributions.md`), and a PKI made by cfssl itself, read by the
//! real `etcdtls explain`, and real etcd members started
//! the way each distribution starts them, reached by `etcdtls doctor --pki` and by the
//! distribution's own client certificates.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fs;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use etcdtls_e2e::{etcdctl, etcdctl_with_env, etcdtls, require_etcd};
use etcdtls_pki::openshift::{OpenShiftOptions, OpenShiftPki};
use etcdtls_pki::rancher::{RancherOptions, RancherPki};
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

fn write_files(root: &Path, files: &BTreeMap<String, String>) {
    for (path, text) in files {
        let file = root.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }
}

/// Starts etcd with `args` and waits until it listens on `port` (at `host`).
fn start_etcd(args: &[String], host: &str, port: u16, log: &Path) -> Etcd {
    spawn_etcd(args, &[], log).listening(host, port, log)
}

/// Starts etcd with `args` and the environment `env` (`ETCD_*` variables), without waiting.
fn spawn_etcd(args: &[String], env: &[(String, String)], log: &Path) -> Etcd {
    let out = fs::File::create(log).unwrap();
    let child = Command::new(etcdtls::lab::etcd_binary())
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .expect("starting etcd");
    Etcd(child)
}

impl Etcd {
    /// Waits until this etcd listens on `port` (at `host`).
    fn listening(self, host: &str, port: u16, log: &Path) -> Etcd {
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect((host, port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "etcd did not listen: {}",
                fs::read_to_string(log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        self
    }
}

/// `etcdtls explain <paths> -o json`, which must exit 0.
fn explain(paths: &[&Path]) -> Value {
    let mut args: Vec<String> = vec!["explain".into()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    args.extend(["-o".into(), "json".into()]);
    let run = etcdtls(&args, &[]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.all()));
    assert_eq!(run.code, 0, "{}", run.all());
    report
}

/// The item whose id ends with `suffix` (ids are the paths as found under the folder given).
fn item<'a>(report: &'a Value, suffix: &str) -> &'a Value {
    let found: Vec<&Value> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["id"].as_str().unwrap().ends_with(suffix))
        .collect();
    assert_eq!(found.len(), 1, "one item ending {suffix}: {found:#?}");
    found[0]
}

fn role(report: &Value, suffix: &str) -> String {
    item(report, suffix)["role"].as_str().unwrap().to_string()
}

/// The fingerprint of the certificate that signed `suffix`: any copy of its CA will do.
fn issuer_fingerprint(report: &Value, suffix: &str) -> String {
    let by = item(report, suffix)["issued_by"]
        .as_str()
        .unwrap_or_else(|| panic!("{suffix} has no proven issuer"));
    let ca = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == by)
        .unwrap();
    ca["fingerprint_sha256"].as_str().unwrap().to_string()
}

fn fingerprint(report: &Value, suffix: &str) -> String {
    item(report, suffix)["fingerprint_sha256"].as_str().unwrap().to_string()
}

/// Every finding that is not plain information, as "id: message" lines.
fn warnings_and_errors(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "info")
        .map(|f| format!("{}: {}", f["id"], f["message"]))
        .collect()
}

/// What a k3s or RKE2 server's files must be, by path below the data dir.
fn rancher_roles(program: &str) -> Vec<(String, &'static str)> {
    let mut roles: Vec<(String, &'static str)> = [
        ("server/tls/client-ca.crt", "kubernetes-ca"),
        ("server/tls/client-ca.key", "kubernetes-ca"),
        ("server/tls/client-ca.nochain.crt", "kubernetes-ca"),
        ("server/tls/server-ca.crt", "kubernetes-ca"),
        ("server/tls/server-ca.nochain.crt", "kubernetes-ca"),
        ("server/tls/request-header-ca.crt", "front-proxy-ca"),
        ("server/tls/etcd/server-ca.crt", "etcd-ca"),
        ("server/tls/etcd/server-ca.key", "etcd-ca"),
        ("server/tls/etcd/peer-ca.crt", "etcd-peer-ca"),
        ("server/tls/etcd/server-client.crt#1", "etcd-server"),
        ("server/tls/etcd/server-client.crt#2", "etcd-ca"),
        ("server/tls/etcd/server-client.key", "etcd-server"),
        ("server/tls/etcd/peer-server-client.crt#1", "etcd-peer"),
        ("server/tls/etcd/peer-server-client.crt#2", "etcd-peer-ca"),
        ("server/tls/etcd/peer-server-client.key", "etcd-peer"),
        ("server/tls/etcd/client.crt#1", "apiserver-etcd-client"),
        ("server/tls/etcd/client.key", "apiserver-etcd-client"),
        ("server/tls/client-admin.crt#1", "kube-super-admin"),
        ("server/tls/client-supervisor.crt#1", "kube-super-admin"),
        ("server/tls/client-controller.crt#1", "kube-controller-manager"),
        ("server/tls/client-scheduler.crt#1", "kube-scheduler"),
        ("server/tls/client-kube-apiserver.crt#1", "apiserver-kubelet-client"),
        ("server/tls/client-auth-proxy.crt#1", "front-proxy-client"),
        ("server/tls/serving-kube-apiserver.crt#1", "kube-apiserver"),
        ("server/tls/service.key", "service-account-key"),
        ("server/tls/apiserver-loopback-client__.crt#1", "kube-apiserver"),
        ("server/tls/apiserver-loopback-client__.crt#2", "root-ca"),
        ("agent/client-ca.crt", "kubernetes-ca"),
        ("agent/server-ca.crt", "kubernetes-ca"),
        ("agent/client-kubelet.crt#1", "kubelet-client"),
        ("agent/client-kubelet.key", "kubelet-client"),
        ("agent/serving-kubelet.crt#1", "server"),
        ("agent/client-kube-proxy.crt#1", "client"),
    ]
    .map(|(p, r)| (p.to_string(), r))
    .to_vec();
    roles.push((format!("agent/client-{program}-controller.crt#1"), "client"));
    roles.push((format!("server/tls/client-{program}-cloud-controller.crt#1"), "client"));
    roles
}

/// A k3s or RKE2 server's data dir as k3s writes it, read whole by `etcdtls explain`: every file
/// has its role, the distribution is named, the leaves are linked to their CAs and keys, etcd's
/// config file (and RKE2's etcd manifest) are read and name the files they use, and nothing is
/// reported that is not wrong.
fn explain_a_rancher_server(program: &'static str) {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join(format!("var/lib/rancher/{program}"));
    let mut opts = RancherOptions::new(program, "server-1", "10.0.0.7", OffsetDateTime::now_utc());
    opts.data_dir = data_dir.display().to_string();
    let pki = RancherPki::generate(&opts).unwrap();
    write_files(&data_dir, &pki.files);
    let mut inputs = vec![data_dir.join("server/tls"), data_dir.join("agent")];
    if program == "k3s" {
        // k3s runs etcd itself, from this file; RKE2's manifest (in agent/) names it.
        inputs.push(data_dir.join("server/db/etcd/config"));
    }
    let report = explain(&inputs.iter().map(|p| p.as_path()).collect::<Vec<_>>());
    assert_eq!(report["distribution"], program, "{:#}", report["summary"]);
    assert_eq!(report["errors"], serde_json::json!([]), "{:#}", report["errors"]);
    for (path, want) in rancher_roles(program) {
        assert_eq!(
            role(&report, &path),
            want,
            "{path}: {:#}",
            item(&report, &path)["role_reasons"]
        );
    }
    // Every leaf file is the leaf followed by its CA; the leaf is proven to be signed by it.
    for (leaf, ca) in [
        ("server/tls/etcd/server-client.crt#1", "server/tls/etcd/server-ca.crt"),
        ("server/tls/etcd/client.crt#1", "server/tls/etcd/server-ca.crt"),
        (
            "server/tls/etcd/peer-server-client.crt#1",
            "server/tls/etcd/peer-ca.crt",
        ),
        ("agent/serving-kubelet.crt#1", "server/tls/server-ca.crt"),
        ("agent/client-kubelet.crt#1", "server/tls/client-ca.crt"),
    ] {
        assert_eq!(issuer_fingerprint(&report, leaf), fingerprint(&report, ca), "{leaf}");
    }
    let server = item(&report, "server/tls/etcd/server-client.crt#1");
    assert!(
        server["key"]
            .as_str()
            .unwrap()
            .ends_with("server/tls/etcd/server-client.key"),
        "{server:#}"
    );
    let key = item(&report, "server/tls/etcd/server-client.key");
    assert_eq!(key["key_format"], "sec1", "k3s writes EC PRIVATE KEY");
    assert_eq!(item(&report, "server/tls/service.key")["key_format"], "pkcs1");
    // etcd's config file says which files etcd serves and trusts.
    let said = |suffix: &str, flag: &str| {
        item(&report, suffix)["usages"].as_array().unwrap().iter().any(|u| {
            u["program"] == "etcd"
                && u["flag"] == flag
                && u["declared_in"].as_str().unwrap().ends_with("server/db/etcd/config")
        })
    };
    assert!(said("server/tls/etcd/server-client.crt#1", "--cert-file"), "{server:#}");
    assert!(said("server/tls/etcd/server-ca.crt", "--trusted-ca-file"));
    assert!(said("server/tls/etcd/peer-server-client.crt#1", "--peer-cert-file"));
    assert!(said("server/tls/etcd/peer-ca.crt", "--peer-trusted-ca-file"));
    let inputs = report["inputs"].as_array().unwrap();
    if program == "rke2" {
        let manifest = inputs
            .iter()
            .find(|i| i["name"].as_str().unwrap().ends_with("agent/pod-manifests/etcd.yaml"))
            .expect("the etcd manifest is read");
        assert_eq!(manifest["format"]["config"], "manifest");
    }
    assert!(
        inputs
            .iter()
            .any(|i| i["name"].as_str().unwrap().ends_with("server/db/etcd/config")
                && i["format"]["config"] == "etcd-config"),
        "{inputs:#?}"
    );
    let members = report["members"].as_array().unwrap();
    assert_eq!(members.len(), 1, "one member, from etcd's config file: {members:#?}");
    let member = &members[0];
    assert!(
        member["declared_in"]
            .as_str()
            .unwrap()
            .ends_with("server/db/etcd/config"),
        "{member:#}"
    );
    assert_eq!(member["client_cert_auth"], true, "{member:#}");
    assert_eq!(member["peer_client_cert_auth"], true);
    assert_eq!(warnings_and_errors(&report), Vec::<String>::new());
    // The CLI's words: the etcd server certificate, where k3s keeps it, what uses it.
    let explained = &server["explanation"];
    assert!(
        explained["used_by"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u.as_str().unwrap().starts_with("etcd --cert-file")),
        "{explained:#}"
    );
}

#[test]
fn explain_reads_a_k3s_server_as_k3s_writes_it() {
    explain_a_rancher_server("k3s");
}

#[test]
fn explain_reads_an_rke2_server_as_rke2_writes_it() {
    explain_a_rancher_server("rke2");
}

/// A k3s server's files under `root` (with k3s's own CAs, or those of
/// `generate-custom-ca-certs.sh`) and its etcd started as k3s starts it, from its YAML config
/// file, on a node IP of 127.0.0.2 and free ports: etcd, the data dir and `--endpoints=...`.
fn k3s_server(root: &Path, custom_ca: bool) -> (Etcd, std::path::PathBuf, String) {
    require_etcd();
    let data_dir = root.join("var/lib/rancher/k3s");
    let mut opts = RancherOptions::new("k3s", "server-1", "127.0.0.2", OffsetDateTime::now_utc());
    opts.data_dir = data_dir.display().to_string();
    opts.custom_ca = custom_ca;
    (opts.client_port, opts.peer_port, opts.metrics_port) = (free_port(), free_port(), free_port());
    let pki = RancherPki::generate(&opts).unwrap();
    write_files(&data_dir, &pki.files);
    let config = data_dir.join("server/db/etcd/config");
    let etcd = start_etcd(
        &[format!("--config-file={}", config.display())],
        "127.0.0.2",
        opts.client_port,
        &root.join("etcd.log"),
    );
    (etcd, data_dir, format!("--endpoints={}", pki.client_url))
}

/// A k3s server's etcd started as k3s starts it, from its YAML config file
/// (`server/db/etcd/config`, written by `k3s-io/k3s` `executor.go` `ToConfigFile`), on a node
/// IP of 127.0.0.2 and free ports. `doctor --pki` picks k3s's etcd server CA and the
/// least-privileged etcd client, and they work; the peer CA, which k3s keeps beside the server
/// CA, is refused with the reason.
#[test]
fn doctor_and_clients_reach_etcd_started_from_k3s_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let (_etcd, data_dir, endpoint) = k3s_server(dir.path(), false);
    let tls = data_dir.join("server/tls");
    let files = doctor_picks(&endpoint, &data_dir.join("server"));
    assert!(
        picked(&files, "--cacert", "server/tls/etcd/server-ca.crt"),
        "{files:#?}"
    );
    assert!(picked(&files, "--cert", "server/tls/etcd/client.crt"), "{files:#?}");
    assert!(picked(&files, "--key", "server/tls/etcd/client.key"), "{files:#?}");

    let f = |p: &str| tls.join(p).display().to_string();
    let health = |cacert: &str| {
        etcdtls(
            &[
                endpoint.clone(),
                "--dial-timeout=5s".into(),
                format!("--cacert={}", f(cacert)),
                format!("--cert={}", f("etcd/client.crt")),
                format!("--key={}", f("etcd/client.key")),
                "endpoint".into(),
                "health".into(),
            ],
            &[],
        )
    };
    let ok = health("etcd/server-ca.crt");
    assert_eq!(ok.code, 0, "{}", ok.all());
    assert!(ok.all().contains("is healthy"), "{}", ok.all());
    // The peer CA signed etcd's peer certificate, not the one it serves clients with.
    let wrong = health("etcd/peer-ca.crt");
    assert_ne!(wrong.code, 0, "{}", wrong.all());
    assert!(wrong.all().contains("wrong-ca"), "{}", wrong.all());
}

/// k3s started with the CAs of its `contrib/util/generate-custom-ca-certs.sh` (a root and an
/// intermediate above the five CAs; every CA file holds the chain), etcd started from k3s's
/// config file. `doctor --pki` picks `etcd/server-ca.crt` (a chain of three) and the etcd client,
/// and they work. `explain` reports that etcd's trust file lets in the cluster's other client
/// certificates, and real etcd does let them in: the agent's kube-proxy certificate writes a
/// key, and etcdctl with the admin certificate reads it back.
#[test]
fn k3s_custom_cas_reach_etcd_and_so_does_every_cluster_client() {
    let dir = tempfile::tempdir().unwrap();
    let (_etcd, data_dir, endpoint) = k3s_server(dir.path(), true);
    let config = data_dir.join("server/db/etcd/config");
    let files = doctor_picks(&endpoint, &data_dir.join("server"));
    assert!(
        picked(&files, "--cacert", "server/tls/etcd/server-ca.crt"),
        "{files:#?}"
    );
    assert!(picked(&files, "--cert", "server/tls/etcd/client.crt"), "{files:#?}");

    let report = explain(&[&data_dir.join("server/tls"), &data_dir.join("agent"), &config]);
    assert_eq!(report["distribution"], "k3s", "{:#}", report["summary"]);
    assert_eq!(role(&report, "server/tls/root-ca.pem"), "root-ca");
    assert_eq!(role(&report, "server/tls/intermediate-ca.crt#1"), "intermediate-ca");
    assert_eq!(role(&report, "server/tls/etcd/server-ca.crt#1"), "etcd-ca");
    assert_eq!(role(&report, "server/tls/etcd/server-ca.crt#3"), "root-ca");
    assert_eq!(
        issuer_fingerprint(&report, "server/tls/etcd/server-ca.crt#1"),
        fingerprint(&report, "server/tls/intermediate-ca.pem"),
        "the etcd CA is linked to the intermediate"
    );
    let beyond: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "trust-beyond-etcd")
        .collect();
    assert_eq!(beyond.len(), 2, "clients and peers: {beyond:#?}");
    let for_clients = beyond
        .iter()
        .find(|f| f["message"].as_str().unwrap().contains("for its clients"))
        .expect("the client trust file");
    let message = for_clients["message"].as_str().unwrap();
    assert!(message.contains("server/tls/etcd/server-ca.crt"), "{message}");
    assert!(message.contains("system:admin"), "{message}");

    // What the finding says, etcd does: a kube-proxy certificate from an agent writes...
    let tls = data_dir.join("server/tls");
    let agent = data_dir.join("agent");
    let ca = format!("--cacert={}", tls.join("etcd/server-ca.crt").display());
    let put = etcdtls(
        &[
            endpoint.clone(),
            "--dial-timeout=5s".into(),
            ca.clone(),
            format!("--cert={}", agent.join("client-kube-proxy.crt").display()),
            format!("--key={}", agent.join("client-kube-proxy.key").display()),
            "put".into(),
            "/written-by-kube-proxy".into(),
            "yes".into(),
        ],
        &[],
    );
    assert_eq!((put.code, put.stdout.as_str()), (0, "OK\n"), "{}", put.all());
    // ... and etcdctl itself, with the API server's admin client certificate, reads it.
    let get = etcdctl(&[
        endpoint.clone(),
        "--dial-timeout=5s".into(),
        ca,
        format!("--cert={}", tls.join("client-admin.crt").display()),
        format!("--key={}", tls.join("client-admin.key").display()),
        "get".into(),
        "/written-by-kube-proxy".into(),
        "--print-value-only".into(),
    ]);
    assert_eq!((get.code, get.stdout.as_str()), (0, "yes\n"), "{}", get.all());
}

/// The `KEY=value` lines of an environment file such as Kubespray's `/etc/etcd.env`.
fn env_file(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A three-member etcd cluster as Kubespray makes it (`etcdtls_pki::kubespray` follows
/// `make-ssl-etcd.sh.j2`, `openssl.conf.j2` and `etcd.env.j2`): each member started as
/// Kubespray's unit starts it, `etcd` with its node's `/etc/etcd.env` as the environment (on
/// 127.0.0.21-23 and free ports, each with a data dir of its own). With the `ETCDCTL_*`
/// variables of that same file, `etcdtls member list` prints what etcdctl prints; `doctor --pki`
/// picks the CA and the admin pair Kubespray's `etcdctl.sh` uses; `explain` names Kubespray and
/// reads which files etcd serves with.
#[test]
fn kubespray_cluster_of_three_started_from_its_environment_files() {
    use etcdtls_pki::kubespray::{KubesprayHost, KubesprayOptions, KubesprayPki};
    require_etcd();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let hosts: Vec<KubesprayHost> = (0..3)
        .map(|i| {
            let mut h = KubesprayHost::new(&format!("node{}", i + 1), &format!("127.0.0.{}", 21 + i));
            (h.client_port, h.peer_port) = (free_port(), free_port());
            h
        })
        .collect();
    let mut opts = KubesprayOptions::new(hosts.clone(), OffsetDateTime::now_utc());
    let cert_dir = root.join("etc/ssl/etcd/ssl");
    opts.cert_dir = cert_dir.display().to_string();
    let pki = KubesprayPki::generate(&opts).unwrap();
    for (path, text) in &pki.certs {
        let file = Path::new("/").join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }
    fs::write(root.join("etc/etcd.env"), &pki.env_files[0]).unwrap();

    // Spawn all three, then wait: a new member waits for the others before it serves.
    let members: Vec<(Etcd, &KubesprayHost, std::path::PathBuf)> = hosts
        .iter()
        .zip(&pki.env_files)
        .enumerate()
        .map(|(i, (h, env))| {
            let mut env = env_file(env);
            // One machine holds all three: each its own data dir (Kubespray: /var/lib/etcd).
            for (k, v) in &mut env {
                if k == "ETCD_DATA_DIR" {
                    *v = root.join(format!("data{}", i + 1)).display().to_string();
                }
            }
            let log = root.join(format!("etcd{}.log", i + 1));
            (spawn_etcd(&[], &env, &log), h, log)
        })
        .collect();
    let _members: Vec<Etcd> = members
        .into_iter()
        .map(|(etcd, h, log)| etcd.listening(&h.ip, h.client_port, &log))
        .collect();

    // etcdctl's variables from node1's environment file: the CA and node1's admin pair.
    let ctl_env: Vec<(String, String)> = env_file(&pki.env_files[0])
        .into_iter()
        .filter(|(k, _)| k.starts_with("ETCDCTL_"))
        .collect();
    assert_eq!(ctl_env.len(), 4, "{ctl_env:?}");
    let ctl_args = |env: &[(String, String)]| -> Vec<String> {
        let flag = |k: &str, f: &str| format!("--{f}={}", env.iter().find(|(n, _)| n == k).unwrap().1);
        vec![
            flag("ETCDCTL_ENDPOINTS", "endpoints"),
            flag("ETCDCTL_CACERT", "cacert"),
            flag("ETCDCTL_CERT", "cert"),
            flag("ETCDCTL_KEY", "key"),
        ]
    };
    let mut list = ctl_args(&ctl_env);
    list.extend(["member".into(), "list".into(), "-w".into(), "table".into()]);
    // A member listens before it has published its client URLs to the others: wait until all
    // three have (member list then shows every client address), so both tools see one state.
    let published = |table: &str| {
        (table.lines())
            .filter(|l| l.contains("| started |") && l.matches("https://").count() == 2)
            .count()
            == 3
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let want = loop {
        let run = etcdctl(&list);
        if run.code == 0 && published(&run.stdout) {
            break run;
        }
        assert!(Instant::now() < deadline, "the cluster did not form: {}", run.all());
        std::thread::sleep(Duration::from_millis(200));
    };
    // The same command with the variables themselves, as after `source /etc/etcd.env`.
    let got = etcdtls(&["member".into(), "list".into(), "-w".into(), "table".into()], &ctl_env);
    assert_eq!((got.code, &got.stdout), (0, &want.stdout), "{}", got.all());

    let endpoint = format!("--endpoints=https://{}:{}", hosts[0].ip, hosts[0].client_port);
    let files = doctor_picks(&endpoint, &root.join("etc/ssl/etcd"));
    assert!(picked(&files, "--cacert", "etc/ssl/etcd/ssl/ca.pem"), "{files:#?}");
    assert!(
        picked(&files, "--cert", "etc/ssl/etcd/ssl/admin-node1.pem"),
        "{files:#?}"
    );

    let report = explain(&[&root.join("etc/ssl/etcd"), &root.join("etc/etcd.env")]);
    assert_eq!(report["distribution"], "kubespray", "{:#}", report["summary"]);
    assert_eq!(role(&report, "ssl/member-node1.pem"), "etcd-member");
    assert_eq!(role(&report, "ssl/admin-node2.pem"), "etcd-client");
    assert_eq!(role(&report, "ssl/node-node3.pem"), "apiserver-etcd-client");
    assert_eq!(role(&report, "ssl/ca.pem"), "etcd-ca");
    assert_eq!(warnings_and_errors(&report), Vec::<String>::new());
    let members = report["members"].as_array().unwrap();
    assert_eq!(members.len(), 1, "node1's environment file: {members:#?}");
    assert_eq!(members[0]["client_cert_auth"], true, "{:#}", members[0]);
}

/// An RKE etcd member started with the flags `BuildEtcdProcess` gives its container
/// (`etcdtls_pki::rke`): `kube-ca.pem` trusted for clients and peers, `kube-etcd-<address>.pem`
/// served to both. With the container's own `ETCDCTL_*` variables `etcdtls member list`
/// prints what etcdctl prints; `doctor --pki` picks kube-ca and kube-node (kube-apiserver's
/// pair); and what the explanation says of RKE's one CA, etcd does: kube-proxy's certificate,
/// which every worker holds, writes a key that etcdctl reads back.
#[test]
fn rke_member_started_with_its_container_flags() {
    use etcdtls_pki::rke::{RkeHost, RkeOptions, RkePki};
    require_etcd();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut host = RkeHost::new("127.0.0.1");
    (host.client_port, host.peer_port) = (free_port(), free_port());
    let mut opts = RkeOptions::new(vec![host.clone()], OffsetDateTime::now_utc());
    let ssl = root.join("etc/kubernetes/ssl");
    opts.ssl_dir = ssl.display().to_string();
    let pki = RkePki::generate(&opts).unwrap();
    for (path, text) in &pki.files {
        fs::create_dir_all(Path::new(path).parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let data = root.join("etcd-data").display().to_string();
    let log = root.join("etcd.log");
    let _etcd = start_etcd(&pki.etcd_args(0, &data), "127.0.0.1", host.client_port, &log);

    let env = pki.etcdctl_env(0);
    let list = ["member".to_string(), "list".into(), "-w".into(), "table".into()];
    let want = etcdctl_with_env(&list, &env);
    assert_eq!(want.code, 0, "{}", want.all());
    let got = etcdtls(&list, &env);
    assert_eq!((got.code, &got.stdout), (0, &want.stdout), "{}", got.all());

    let endpoint = format!("--endpoints=https://127.0.0.1:{}", host.client_port);
    let files = doctor_picks(&endpoint, &ssl);
    assert!(picked(&files, "--cacert", "ssl/kube-ca.pem"), "{files:#?}");
    assert!(picked(&files, "--cert", "ssl/kube-node.pem"), "{files:#?}");

    let report = explain(&[&ssl]);
    assert_eq!(report["distribution"], "rke", "{:#}", report["summary"]);
    assert_eq!(role(&report, "ssl/kube-etcd-127-0-0-1.pem"), "etcd-member");
    assert_eq!(role(&report, "ssl/kube-node.pem"), "apiserver-etcd-client");
    assert_eq!(role(&report, "ssl/kube-ca.pem"), "kubernetes-ca");
    // Only that kube-node.pem carries kube-proxy's key, as RKE first writes it.
    let found = warnings_and_errors(&report);
    assert!(
        found.len() == 1 && found[0].starts_with("\"shared-key\"") && found[0].contains("kube-proxy.pem"),
        "{found:#?}"
    );

    let ca = format!("--cacert={}", ssl.join("kube-ca.pem").display());
    let put = etcdtls(
        &[
            endpoint.clone(),
            "--dial-timeout=5s".into(),
            ca,
            format!("--cert={}", ssl.join("kube-proxy.pem").display()),
            format!("--key={}", ssl.join("kube-proxy-key.pem").display()),
            "put".into(),
            "/written-by-kube-proxy".into(),
            "yes".into(),
        ],
        &[],
    );
    assert_eq!((put.code, put.stdout.as_str()), (0, "OK\n"), "{}", put.all());
    let get = etcdctl_with_env(
        &[
            "get".into(),
            "/written-by-kube-proxy".into(),
            "--print-value-only".into(),
        ],
        &env,
    );
    assert_eq!((get.code, get.stdout.as_str()), (0, "yes\n"), "{}", get.all());
}

/// An etcdadm member started as its unit starts it, `etcd` with `/etc/etcd/etcd.env` as the
/// environment (`etcdtls_pki::etcdadm`). With the variables of `/etc/etcd/etcdctl.env`, which
/// `etcdctl.sh` sources, `etcdtls member list` prints what etcdctl prints; `doctor --pki` picks
/// the CA and the etcdctl pair; `explain` of the PKI and the three files names etcdadm and
/// reads the member's configuration.
#[test]
fn etcdadm_member_started_from_its_environment_file() {
    use etcdtls_pki::etcdadm::{EtcdadmOptions, EtcdadmPki};
    require_etcd();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut opts = EtcdadmOptions::new("etcd-1", "127.0.0.1", OffsetDateTime::now_utc());
    (opts.client_port, opts.peer_port) = (free_port(), free_port());
    let pki_dir = root.join("etc/etcd/pki");
    opts.certs_dir = pki_dir.display().to_string();
    opts.data_dir = root.join("var/lib/etcd").display().to_string();
    let pki = EtcdadmPki::generate(&opts).unwrap();
    for (path, text) in &pki.certs {
        fs::create_dir_all(Path::new(path).parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    fs::write(root.join("etc/etcd/etcd.env"), &pki.env_file).unwrap();
    fs::write(root.join("etc/etcd/etcdctl.env"), &pki.etcdctl_env).unwrap();
    let log = root.join("etcd.log");
    let _etcd = spawn_etcd(&[], &env_file(&pki.env_file), &log).listening("127.0.0.1", opts.client_port, &log);

    // `. /etc/etcd/etcdctl.env`: its `export` lines; etcdctl's default endpoint is
    // 127.0.0.1:2379, so the test names its port.
    let ctl_env: Vec<(String, String)> = env_file(&pki.etcdctl_env.replace("export ", ""))
        .into_iter()
        .chain([(
            "ETCDCTL_ENDPOINTS".to_string(),
            format!("https://127.0.0.1:{}", opts.client_port),
        )])
        .collect();
    let list = ["member".to_string(), "list".into()];
    let want = etcdctl_with_env(&list, &ctl_env);
    assert_eq!(want.code, 0, "{}", want.all());
    let got = etcdtls(&list, &ctl_env);
    assert_eq!((got.code, &got.stdout), (0, &want.stdout), "{}", got.all());

    let endpoint = format!("--endpoints=https://127.0.0.1:{}", opts.client_port);
    let files = doctor_picks(&endpoint, &root.join("etc/etcd"));
    assert!(picked(&files, "--cacert", "etc/etcd/pki/ca.crt"), "{files:#?}");
    assert!(
        picked(&files, "--cert", "etc/etcd/pki/etcdctl-etcd-client.crt"),
        "{files:#?}"
    );

    let report = explain(&[&root.join("etc/etcd")]);
    assert_eq!(report["distribution"], "etcdadm", "{:#}", report["summary"]);
    assert_eq!(role(&report, "pki/server.crt"), "etcd-server");
    assert_eq!(role(&report, "pki/peer.crt"), "etcd-peer");
    assert_eq!(role(&report, "pki/etcdctl-etcd-client.crt"), "etcd-client");
    assert_eq!(role(&report, "pki/apiserver-etcd-client.crt"), "apiserver-etcd-client");
    assert_eq!(warnings_and_errors(&report), Vec::<String>::new());
    let members = report["members"].as_array().unwrap();
    assert_eq!(members.len(), 1, "{members:#?}");
    assert_eq!(members[0]["name"], "etcd-1", "{:#}", members[0]);
}

/// A Gardener shoot's etcd (`etcdtls_pki::gardener`): etcd started from etcd-druid's
/// `etcd.conf.yaml` with the certificates where the etcd pod mounts them. `doctor --pki` on the
/// pod's `/var/etcd/ssl` picks the CA bundle and `etcd-client`; kube-apiserver's own mounts
/// (`/srv/kubernetes/etcd`) reach etcd with etcdtls as with etcdctl; `explain` names Gardener.
#[test]
fn gardener_etcd_started_from_druids_config() {
    use etcdtls_pki::gardener::GardenerPki;
    require_etcd();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let pki = GardenerPki::generate("shoot--dev--c1", "main", OffsetDateTime::now_utc(), false).unwrap();
    let root_str = root.display().to_string();
    for (path, text) in pki.mounts(&root_str) {
        fs::create_dir_all(Path::new(&path).parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
    }
    let (port, peer_port) = (free_port(), free_port());
    // A single member: etcd-druid gives the peer URL TLS only with a peer CA.
    let config = root.join("var/etcd/config/etcd.conf.yaml");
    fs::create_dir_all(config.parent().unwrap()).unwrap();
    fs::write(
        &config,
        format!(
            "name: etcd-main\ndata-dir: {}\nlisten-client-urls: https://127.0.0.1:{port}\nlisten-peer-urls: http://127.0.0.1:{peer_port}\nadvertise-client-urls: https://127.0.0.1:{port}\ninitial-advertise-peer-urls: http://127.0.0.1:{peer_port}\ninitial-cluster: etcd-main=http://127.0.0.1:{peer_port}\ninitial-cluster-state: new\n{}",
            root.join("var/etcd/data/new.etcd").display(),
            pki.transport_security(&root_str)
        ),
    )
    .unwrap();
    let log = root.join("etcd.log");
    let _etcd = start_etcd(
        &[format!("--config-file={}", config.display())],
        "127.0.0.1",
        port,
        &log,
    );

    let endpoint = format!("--endpoints=https://127.0.0.1:{port}");
    let files = doctor_picks(&endpoint, &root.join("var/etcd/ssl"));
    assert!(picked(&files, "--cacert", "var/etcd/ssl/ca/bundle.crt"), "{files:#?}");
    assert!(picked(&files, "--cert", "var/etcd/ssl/client/tls.crt"), "{files:#?}");

    // kube-apiserver's files, as its flags name them.
    let api = root.join("srv/kubernetes/etcd");
    let flags = [
        endpoint.clone(),
        "--dial-timeout=5s".to_string(),
        format!("--cacert={}", api.join("ca/bundle.crt").display()),
        format!("--cert={}", api.join("client/tls.crt").display()),
        format!("--key={}", api.join("client/tls.key").display()),
    ];
    let with = |cmd: &[&str]| {
        flags
            .iter()
            .cloned()
            .chain(cmd.iter().map(|s| s.to_string()))
            .collect::<Vec<_>>()
    };
    let put = etcdtls(&with(&["put", "/registry/x", "y"]), &[]);
    assert_eq!((put.code, put.stdout.as_str()), (0, "OK\n"), "{}", put.all());
    let list = with(&["member", "list", "-w", "table"]);
    let want = etcdctl(&list);
    assert_eq!(want.code, 0, "{}", want.all());
    let got = etcdtls(&list, &[]);
    assert_eq!((got.code, &got.stdout), (0, &want.stdout), "{}", got.all());

    let report = explain(&[&root.join("var/etcd"), &api]);
    assert_eq!(report["distribution"], "gardener", "{:#}", report["summary"]);
    assert_eq!(role(&report, "var/etcd/ssl/server/tls.crt"), "etcd-server");
    assert_eq!(role(&report, "var/etcd/ssl/client/tls.crt"), "apiserver-etcd-client");
    assert_eq!(role(&report, "srv/kubernetes/etcd/ca/bundle.crt"), "etcd-ca");
    assert_eq!(warnings_and_errors(&report), Vec::<String>::new());
    let members = report["members"].as_array().unwrap();
    assert_eq!(members.len(), 1, "{members:#?}");
    assert_eq!(members[0]["client_cert_auth"], true, "{:#}", members[0]);
}

/// A k0s controller's etcd started with the flags k0s gives it (`etcdtls_pki::k0s`): `doctor
/// --pki` on `/var/lib/k0s/pki` picks `etcd/ca.crt` and `apiserver-etcd-client.crt` (k0s has no
/// other etcd client); the etcdctl command k0s's own tests run prints the same with etcdtls;
/// `explain` names k0s.
#[test]
fn k0s_etcd_started_with_its_flags() {
    use etcdtls_pki::k0s::K0sPki;
    require_etcd();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("var/lib/k0s");
    let pki = K0sPki::generate(&data.display().to_string(), "127.0.0.1", OffsetDateTime::now_utc()).unwrap();
    for (path, text) in &pki.files {
        fs::create_dir_all(Path::new(path).parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    let (port, peer_port) = (free_port(), free_port());
    // etcd 3.4 (the one installed here) has no --tls-min-version; k0s runs 3.5, which has.
    let args: Vec<String> = (pki.etcd_args("controller-1", port, peer_port).into_iter())
        .filter(|a| !a.starts_with("--tls-min-version"))
        .collect();
    let log = dir.path().join("etcd.log");
    let _etcd = start_etcd(&args, "127.0.0.1", port, &log);

    let endpoint = format!("--endpoints=https://127.0.0.1:{port}");
    let files = doctor_picks(&endpoint, &data.join("pki"));
    assert!(picked(&files, "--cacert", "k0s/pki/etcd/ca.crt"), "{files:#?}");
    assert!(
        picked(&files, "--cert", "k0s/pki/apiserver-etcd-client.crt"),
        "{files:#?}"
    );

    // inttest/etcdlearner: etcdctl --endpoints=https://127.0.0.1:2379 --cacert=.../etcd/ca.crt
    // --cert=.../apiserver-etcd-client.crt --key=.../apiserver-etcd-client.key member list.
    let line = vec![
        endpoint.clone(),
        format!("--cacert={}", data.join("pki/etcd/ca.crt").display()),
        format!("--cert={}", data.join("pki/apiserver-etcd-client.crt").display()),
        format!("--key={}", data.join("pki/apiserver-etcd-client.key").display()),
        "member".into(),
        "list".into(),
    ];
    let want = etcdctl(&line);
    assert_eq!(want.code, 0, "{}", want.all());
    let got = etcdtls(&line, &[]);
    assert_eq!((got.code, &got.stdout), (0, &want.stdout), "{}", got.all());

    let report = explain(&[&data.join("pki")]);
    assert_eq!(report["distribution"], "k0s", "{:#}", report["summary"]);
    assert_eq!(role(&report, "pki/etcd/server.crt"), "etcd-server");
    assert_eq!(role(&report, "pki/etcd/peer.crt"), "etcd-peer");
    assert_eq!(role(&report, "pki/apiserver-etcd-client.crt"), "apiserver-etcd-client");
    assert_eq!(role(&report, "pki/ca.crt"), "kubernetes-ca");
    assert_eq!(warnings_and_errors(&report), Vec::<String>::new());
}

/// An OpenShift control-plane node's files as cluster-etcd-operator and its installer write
/// them (every node's certificates in `etcd-all-certs`, the revision's copies, the etcd pod
/// that names them by the paths the pod sees, and the API server's etcd client in its own
/// revision folder), read by `etcdtls explain`: the pod's paths are followed to the host
/// through its hostPath volumes, every file has its role, and nothing false is reported.
#[test]
fn explain_reads_an_openshift_node_as_the_operator_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut opts = OpenShiftOptions::new(OffsetDateTime::now_utc());
    opts.rotated = true;
    opts.root = root.display().to_string();
    let pki = OpenShiftPki::generate(&opts).unwrap();
    write_files(root, &pki.files);
    let report = explain(&[
        &root.join("etc/kubernetes/manifests/etcd-pod.yaml"),
        &root.join("etc/kubernetes/static-pod-resources"),
    ]);
    assert_eq!(report["distribution"], "openshift", "{:#}", report["summary"]);
    assert_eq!(report["errors"], serde_json::json!([]), "{:#}", report["errors"]);
    let certs = "static-pod-resources/etcd-certs/secrets/etcd-all-certs";
    let bundles = "static-pod-resources/etcd-certs/configmaps/etcd-all-bundles";
    let kas = "static-pod-resources/kube-apiserver-pod-12";
    for node in ["master-0", "master-1", "master-2"] {
        for (file, leaf, ca) in [
            (format!("etcd-serving-{node}"), "etcd-server", "etcd-ca"),
            (format!("etcd-peer-{node}"), "etcd-peer", "etcd-ca"),
            (
                format!("etcd-serving-metrics-{node}"),
                "etcd-metrics-server",
                "etcd-metrics-ca",
            ),
        ] {
            assert_eq!(role(&report, &format!("{certs}/{file}.crt#1")), leaf, "{file}");
            assert_eq!(role(&report, &format!("{certs}/{file}.crt#2")), ca, "{file}");
            assert_eq!(role(&report, &format!("{certs}/{file}.key")), leaf, "{file}");
        }
    }
    assert_eq!(role(&report, &format!("{bundles}/server-ca-bundle.crt#1")), "etcd-ca");
    assert_eq!(role(&report, &format!("{bundles}/server-ca-bundle.crt#2")), "etcd-ca");
    assert_eq!(
        role(&report, &format!("{bundles}/metrics-ca-bundle.crt")),
        "etcd-metrics-ca"
    );
    assert_eq!(
        role(&report, &format!("{kas}/secrets/etcd-client/tls.crt")),
        "apiserver-etcd-client"
    );
    assert_eq!(
        role(&report, &format!("{kas}/configmaps/etcd-serving-ca/ca-bundle.crt#1")),
        "etcd-ca"
    );
    assert_eq!(
        issuer_fingerprint(&report, &format!("{certs}/etcd-serving-metrics-master-0.crt#1")),
        fingerprint(&report, &format!("{bundles}/metrics-ca-bundle.crt"))
    );
    assert_eq!(
        issuer_fingerprint(&report, &format!("{kas}/secrets/etcd-client/tls.crt")),
        fingerprint(&report, &format!("{bundles}/server-ca-bundle.crt#1"))
    );
    assert_eq!(
        item(&report, &format!("{certs}/etcd-peer-master-0.key"))["key_format"],
        "pkcs1"
    );
    // The pod's paths, followed through its hostPath volume to the host's files: etcd serves
    // the serving certificate, the metrics proxy serves the metrics one and dials etcd with the
    // peer certificate, as etcdctl in the pod does.
    let usages = |suffix: &str| -> Vec<String> {
        item(&report, suffix)["usages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| format!("{} {}", u["program"].as_str().unwrap(), u["flag"].as_str().unwrap()))
            .collect()
    };
    let serving = usages(&format!("{certs}/etcd-serving-master-0.crt#1"));
    assert!(serving.contains(&"etcd --cert-file".to_string()), "{serving:?}");
    let peer = usages(&format!("{certs}/etcd-peer-master-0.crt#1"));
    assert!(peer.contains(&"etcd --peer-cert-file".to_string()), "{peer:?}");
    assert!(peer.contains(&"etcdctl --cert".to_string()), "{peer:?}");
    let metrics = usages(&format!("{certs}/etcd-serving-metrics-master-0.crt#1"));
    assert!(
        !metrics.iter().any(|u| u.starts_with("etcd --")),
        "not etcd's own: {metrics:?}"
    );
    let metrics_ca = usages(&format!("{bundles}/metrics-ca-bundle.crt"));
    assert!(
        !metrics_ca.iter().any(|u| u.starts_with("etcd --")),
        "not etcd's own: {metrics_ca:?}"
    );
    // One etcd member per copy of the pod (the manifest and the revision's), nothing else.
    let members = report["members"].as_array().unwrap();
    assert_eq!(members.len(), 2, "{members:#?}");
    for m in members {
        assert_eq!(m["client_cert_auth"], true, "{m:#}");
        assert_eq!(m["peer_client_cert_auth"], true, "{m:#}");
        assert_eq!(m["has_cert"], true, "{m:#}");
    }
    assert_eq!(warnings_and_errors(&report), Vec::<String>::new());
}

/// etcd started with OpenShift's flags (`bindata/etcd/pod.gotpl.yaml`) and files, on free
/// ports: `doctor --pki` on the node's static-pod-resources picks the API server's etcd client
/// and its CA bundle and they work; so does the peer certificate, which the etcd pod's etcdctl
/// uses (`ETCDCTL_CERT`), with etcd's two-CA bundle.
#[test]
fn doctor_and_clients_reach_etcd_started_with_openshift_flags() {
    require_etcd();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut opts = OpenShiftOptions::new(OffsetDateTime::now_utc());
    opts.rotated = true;
    opts.root = root.display().to_string();
    let pki = OpenShiftPki::generate(&opts).unwrap();
    write_files(root, &pki.files);
    let certs = root.join("etc/kubernetes/static-pod-resources/etcd-certs/secrets/etcd-all-certs");
    let bundle =
        root.join("etc/kubernetes/static-pod-resources/etcd-certs/configmaps/etcd-all-bundles/server-ca-bundle.crt");
    let c = |f: &str| certs.join(f).display().to_string();
    let (client_port, peer_port) = (free_port(), free_port());
    let client_url = format!("https://127.0.0.1:{client_port}");
    let peer_url = format!("https://127.0.0.1:{peer_port}");
    let _etcd = start_etcd(
        &[
            "--name=master-0".into(),
            format!("--data-dir={}", root.join("var/lib/etcd").display()),
            format!("--initial-advertise-peer-urls={peer_url}"),
            format!("--initial-cluster=master-0={peer_url}"),
            format!("--cert-file={}", c("etcd-serving-master-0.crt")),
            format!("--key-file={}", c("etcd-serving-master-0.key")),
            format!("--trusted-ca-file={}", bundle.display()),
            "--client-cert-auth=true".into(),
            format!("--peer-cert-file={}", c("etcd-peer-master-0.crt")),
            format!("--peer-key-file={}", c("etcd-peer-master-0.key")),
            format!("--peer-trusted-ca-file={}", bundle.display()),
            "--peer-client-cert-auth=true".into(),
            format!("--advertise-client-urls={client_url}"),
            format!("--listen-client-urls={client_url}"),
            format!("--listen-peer-urls={peer_url}"),
        ],
        "127.0.0.1",
        client_port,
        &root.join("etcd.log"),
    );
    let endpoint = format!("--endpoints={client_url}");
    let files = doctor_picks(&endpoint, &root.join("etc/kubernetes/static-pod-resources"));
    assert!(
        picked(
            &files,
            "--cacert",
            "kube-apiserver-pod-12/configmaps/etcd-serving-ca/ca-bundle.crt"
        ),
        "{files:#?}"
    );
    assert!(
        picked(&files, "--cert", "kube-apiserver-pod-12/secrets/etcd-client/tls.crt"),
        "{files:#?}"
    );

    // With only etcd's own folder, the client is the peer certificate, as the pod's etcdctl.
    let run = etcdtls(
        &[
            endpoint.clone(),
            "--dial-timeout=5s".into(),
            "doctor".into(),
            "--pki".into(),
            root.join("etc/kubernetes/static-pod-resources/etcd-certs")
                .display()
                .to_string(),
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
    assert!(
        picked(&files, "--cacert", "etcd-all-bundles/server-ca-bundle.crt"),
        "{files:#?}"
    );
    assert!(
        picked(&files, "--cert", "etcd-all-certs/etcd-peer-master-0.crt"),
        "{files:#?}"
    );

    let peer = etcdtls(
        &[
            endpoint,
            "--dial-timeout=5s".into(),
            format!("--cacert={}", bundle.display()),
            format!("--cert={}", c("etcd-peer-master-0.crt")),
            format!("--key={}", c("etcd-peer-master-0.key")),
            "endpoint".into(),
            "health".into(),
        ],
        &[],
    );
    assert_eq!(peer.code, 0, "{}", peer.all());
    assert!(peer.all().contains("is healthy"), "{}", peer.all());
}

/// Whether `doctor` chose, for `flag`, a file whose path holds `path`.
fn picked(files: &[String], flag: &str, path: &str) -> bool {
    files.iter().any(|d| d.starts_with(flag) && d.contains(path))
}

/// Runs `etcdtls doctor --pki <pki> -o json` against the endpoint, which must come out healthy,
/// and gives the files it chose, as its report words them (`--cacert <path>: ...`).
fn doctor_picks(endpoint: &str, pki: &std::path::Path) -> Vec<String> {
    let run = etcdtls(
        &[
            endpoint.to_string(),
            "--dial-timeout=5s".into(),
            "doctor".into(),
            "--pki".into(),
            pki.display().to_string(),
            "-o".into(),
            "json".into(),
        ],
        &[],
    );
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.all()));
    assert_eq!(run.code, 0, "{}", run.all());
    assert_eq!(report["diagnosis"], "ok", "{report:#}");
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["detail"].as_str().unwrap().to_string())
        .collect()
}

/// A hand-made PKI made by cfssl itself, as etcd's TLS guide makes it (`ca-config.json` with
/// `server`, `client` and `peer` profiles; `cfssl gencert -initca`, then `cfssl gencert
/// -profile=...` piped to `cfssljson -bare`): the files and their bytes are cfssl's, not a
/// generator's. etcd started on them answers etcdtls as it answers etcdctl, `explain` knows
/// every file (each `.csr` asks for its certificate), `doctor --pki` picks `client.pem`, and a
/// server certificate given as the client's gets a fix naming `client.pem`.
#[test]
fn cfssl_made_pki_as_etcds_guide_makes_it() {
    require_etcd();
    let have = |bin: &str| {
        Command::new(bin)
            .arg("version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    assert!(
        have("cfssl") && Command::new("cfssljson").arg("-h").output().is_ok(),
        "cfssl and cfssljson are not installed: run scripts/setup.sh (Debian's golang-cfssl)"
    );
    let dir = tempfile::tempdir().unwrap();
    let pki = dir.path().join("pki");
    fs::create_dir_all(&pki).unwrap();
    let names = r#""names": [{"C": "US", "L": "CA", "ST": "San Francisco"}]"#;
    let files = [
        (
            "ca-config.json",
            r#"{"signing": {"default": {"expiry": "43800h"}, "profiles": {
                "server": {"expiry": "43800h", "usages": ["signing", "key encipherment", "server auth"]},
                "client": {"expiry": "43800h", "usages": ["signing", "key encipherment", "client auth"]},
                "peer": {"expiry": "43800h", "usages": ["signing", "key encipherment", "server auth", "client auth"]}}}}"#
                .to_string(),
        ),
        (
            "ca-csr.json",
            r#"{"CN": "My own CA", "key": {"algo": "rsa", "size": 2048},
                "names": [{"C": "US", "L": "CA", "O": "My Company Name", "ST": "San Francisco", "OU": "Org Unit 1"}]}"#
                .to_string(),
        ),
        (
            "server.json",
            format!(r#"{{"CN": "etcd-1", "hosts": ["127.0.0.1", "localhost"], "key": {{"algo": "ecdsa", "size": 256}}, {names}}}"#),
        ),
        (
            "member1.json",
            format!(r#"{{"CN": "member1", "hosts": ["127.0.0.1"], "key": {{"algo": "ecdsa", "size": 256}}, {names}}}"#),
        ),
        (
            "client.json",
            format!(r#"{{"CN": "client", "hosts": [""], "key": {{"algo": "ecdsa", "size": 256}}, {names}}}"#),
        ),
    ];
    for (name, text) in &files {
        fs::write(pki.join(name), text).unwrap();
    }
    // `cfssl gencert ... | cfssljson -bare <name>`, run in the folder as the guide does.
    let gencert = |args: &[&str], bare: &str| {
        let made = Command::new("cfssl").args(args).current_dir(&pki).output().unwrap();
        assert!(
            made.status.success(),
            "cfssl {args:?}: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        let mut json = Command::new("cfssljson")
            .args(["-bare", bare])
            .current_dir(&pki)
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut json.stdin.take().unwrap(), &made.stdout).unwrap();
        assert!(json.wait().unwrap().success(), "cfssljson -bare {bare}");
    };
    gencert(&["gencert", "-initca", "ca-csr.json"], "ca");
    let signed = ["gencert", "-ca=ca.pem", "-ca-key=ca-key.pem", "-config=ca-config.json"];
    for (profile, name) in [("server", "server"), ("peer", "member1"), ("client", "client")] {
        let profile = format!("-profile={profile}");
        let json = format!("{name}.json");
        let mut args: Vec<&str> = signed.to_vec();
        args.extend([profile.as_str(), json.as_str()]);
        gencert(&args, name);
    }

    let (client_port, peer_port) = (free_port(), free_port());
    let file = |name: &str| pki.join(name).display().to_string();
    let client_url = format!("https://127.0.0.1:{client_port}");
    let peer_url = format!("https://127.0.0.1:{peer_port}");
    let log = dir.path().join("etcd.log");
    let _etcd = start_etcd(
        &[
            "--name=member1".into(),
            format!("--data-dir={}", dir.path().join("data").display()),
            format!("--listen-client-urls={client_url}"),
            format!("--advertise-client-urls={client_url}"),
            format!("--listen-peer-urls={peer_url}"),
            format!("--initial-advertise-peer-urls={peer_url}"),
            format!("--initial-cluster=member1={peer_url}"),
            "--client-cert-auth".into(),
            format!("--trusted-ca-file={}", file("ca.pem")),
            format!("--cert-file={}", file("server.pem")),
            format!("--key-file={}", file("server-key.pem")),
            "--peer-client-cert-auth".into(),
            format!("--peer-trusted-ca-file={}", file("ca.pem")),
            format!("--peer-cert-file={}", file("member1.pem")),
            format!("--peer-key-file={}", file("member1-key.pem")),
        ],
        "127.0.0.1",
        client_port,
        &log,
    );

    let endpoint = format!("--endpoints={client_url}");
    let with = |cert: &str, key: &str, command: &[&str]| -> Vec<String> {
        let mut a = vec![
            endpoint.clone(),
            format!("--cacert={}", file("ca.pem")),
            format!("--cert={}", file(cert)),
            format!("--key={}", file(key)),
        ];
        a.extend(command.iter().map(|s| s.to_string()));
        a
    };
    let list = with("client.pem", "client-key.pem", &["member", "list", "-w", "table"]);
    let want = etcdctl(&list);
    assert_eq!(want.code, 0, "{}", want.all());
    let got = etcdtls(&list, &[]);
    assert_eq!((got.code, &got.stdout), (0, &want.stdout), "{}", got.all());

    let report = explain(&[&pki]);
    assert_eq!(report["distribution"], "etcd-tls-guide", "{:#}", report["summary"]);
    for (suffix, want) in [
        ("ca.pem", "etcd-ca"),
        ("server.pem", "etcd-server"),
        ("member1.pem", "etcd-peer"),
        ("client.pem", "etcd-client"),
        ("server.csr", "etcd-server"),
        ("client-key.pem", "etcd-client"),
    ] {
        assert_eq!(role(&report, &format!("/{suffix}")), want, "{suffix}");
    }
    assert_eq!(
        item(&report, "/server.csr")["certificate"]
            .as_str()
            .map(|c| c.ends_with("/server.pem")),
        Some(true)
    );
    assert_eq!(warnings_and_errors(&report), Vec::<String>::new());

    let chosen = doctor_picks(&endpoint, &pki);
    assert!(picked(&chosen, "--cacert", "pki/ca.pem"), "{chosen:#?}");
    assert!(picked(&chosen, "--cert", "pki/client.pem"), "{chosen:#?}");

    // cfssl's `server` profile has no clientAuth: etcd refuses it as a client.
    let wrong = etcdtls(&with("server.pem", "server-key.pem", &["member", "list"]), &[]);
    assert_eq!(wrong.code, 1, "{}", wrong.all());
    assert!(wrong.stderr.contains("client-cert-no-client-auth"), "{}", wrong.stderr);
    assert!(
        wrong.stderr.contains(&format!(
            "--cert={} --key={}",
            file("client.pem"),
            file("client-key.pem")
        )),
        "{}",
        wrong.stderr
    );
}
