//! `etcdtls lab`: a practice etcd cluster on loopback with a kubeadm-shaped PKI, started from
//! the `etcd` binary on PATH (or `$ETCD_BIN`). A learner uses it to practise; the tests use the
//! same code to get real members, with faults switched on when a test needs them.
//!
//! Every member runs in its own process group and is recorded in `lab.json`, so `lab down`
//! (or dropping a [`Lab`] that owns its members) stops them whatever state they are in.

use std::collections::BTreeMap;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use etcdtls_pki::{KeyType, KubeadmOptions, KubeadmPki};
use serde::{Deserialize, Serialize};

use crate::connect::probe::TlsSetup;
use crate::connect::target::Target;
use crate::connect::{Settings, credentials::Credentials};

/// How members serve their clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientSecurity {
    /// TLS with client certificates required, as kubeadm configures it.
    MutualTls,
    /// TLS without client-certificate authentication (an audit finding).
    TlsWithoutClientAuth,
    /// Plaintext HTTP/2.
    Plaintext,
}

/// What to start.
#[derive(Debug, Clone)]
pub struct LabSpec {
    /// 1 or 3.
    pub members: u8,
    /// Where to keep everything.
    pub dir: PathBuf,
    /// Key algorithm of the PKI.
    pub key_type: KeyType,
    /// Client-port security.
    pub client_security: ClientSecurity,
    /// The etcd binary.
    pub etcd_bin: PathBuf,
    /// Members (numbered from 1) with certificates of their own. When any member is named
    /// here, every member gets its own server and peer certificate (CN its name), as on real
    /// control-plane nodes; otherwise all share kubeadm's `pki/etcd/server.*` and `peer.*`.
    pub member_certs: BTreeMap<u8, MemberCerts>,
}

/// A member's own certificates: what makes one member differ from the others.
#[derive(Debug, Clone, Default)]
pub struct MemberCerts {
    /// The certificate the member serves to clients (`--cert-file`).
    pub server: CertOptions,
    /// The certificate it serves to and shows peers (`--peer-cert-file`).
    pub peer: CertOptions,
}

/// How to make one of a member's certificates; kubeadm's choices where `None`.
#[derive(Debug, Clone, Default)]
pub struct CertOptions {
    /// How long it stays valid from now (kubeadm: a year).
    pub valid_for: Option<time::Duration>,
    /// Its SANs (kubeadm: the member's name, `localhost`, its IP, `127.0.0.1`, `::1`). etcd
    /// checks a peer's certificate against the address it connects from, so peer SANs must
    /// keep `127.0.0.1` for the lab to form.
    pub sans: Option<Vec<String>>,
}

impl LabSpec {
    /// A kubeadm-like lab in `dir`.
    pub fn new(members: u8, dir: PathBuf) -> LabSpec {
        LabSpec {
            members,
            dir,
            key_type: KeyType::EcdsaP256,
            client_security: ClientSecurity::MutualTls,
            etcd_bin: etcd_binary(),
            member_certs: BTreeMap::new(),
        }
    }
}

/// The etcd binary: `$ETCD_BIN`, or `etcd` on PATH.
pub fn etcd_binary() -> PathBuf {
    std::env::var_os("ETCD_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("etcd"))
}

/// The default lab folder: `$ETCDTLS_LAB_DIR`, else `etcdtls-lab` in the temp folder.
pub fn default_dir() -> PathBuf {
    std::env::var_os("ETCDTLS_LAB_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("etcdtls-lab"))
}

/// One member.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Member {
    /// `--name`.
    pub name: String,
    /// The client URL.
    pub client_url: String,
    /// The peer URL.
    pub peer_url: String,
    /// The process id (and process group id), when running.
    pub pid: Option<u32>,
    /// The data folder.
    pub data_dir: PathBuf,
    /// The log file.
    pub log: PathBuf,
    /// The folder with the member's own `server.*` and `peer.*`, when it has its own.
    #[serde(default)]
    pub pki_dir: Option<PathBuf>,
}

/// A running lab.
#[derive(Debug, Serialize, Deserialize)]
pub struct Lab {
    /// The lab's folder.
    pub dir: PathBuf,
    /// The kubeadm-shaped `/etc/kubernetes` inside it.
    pub kubernetes_dir: PathBuf,
    /// The members.
    pub members: Vec<Member>,
    /// Client-port security.
    pub client_security: ClientSecurity,
    /// The etcd binary.
    pub etcd_bin: PathBuf,
    /// `--initial-cluster` (to restart members).
    pub initial_cluster: String,
    /// Stop the members when this value is dropped (tests); `lab up` persists instead.
    #[serde(skip)]
    owned: bool,
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

impl Lab {
    /// Writes the PKI, starts the members and waits until each answers over its client port.
    /// A member that dies at start (another process took its port between the pick and the
    /// bind) is retried with new ports, twice.
    pub async fn up(spec: &LabSpec) -> Result<Lab, String> {
        let mut last = String::new();
        for _ in 0..3 {
            match Self::up_once(spec).await {
                Ok(lab) => return Ok(lab),
                Err(e) if e.contains("address already in use") => {
                    last = e;
                    let _ = fs::remove_dir_all(&spec.dir);
                }
                Err(e) => return Err(e),
            }
        }
        Err(last)
    }

    async fn up_once(spec: &LabSpec) -> Result<Lab, String> {
        if spec.members != 1 && spec.members != 3 {
            return Err("a lab has 1 or 3 members".into());
        }
        if spec.dir.join("lab.json").exists() {
            return Err(format!(
                "a lab already lives in {}; stop it with `etcdtls lab down --dir {}`",
                spec.dir.display(),
                spec.dir.display()
            ));
        }
        fs::create_dir_all(&spec.dir).map_err(|e| format!("creating {}: {e}", spec.dir.display()))?;
        let dir = fs::canonicalize(&spec.dir).map_err(|e| e.to_string())?;
        let kubernetes_dir = dir.join("kubernetes");
        let client_scheme = if spec.client_security == ClientSecurity::Plaintext {
            "http"
        } else {
            "https"
        };
        let mut members = Vec::new();
        for i in 1..=spec.members {
            let name = format!("lab-{i}");
            let (c, p) = (
                free_port().map_err(|e| e.to_string())?,
                free_port().map_err(|e| e.to_string())?,
            );
            members.push(Member {
                client_url: format!("{client_scheme}://127.0.0.1:{c}"),
                peer_url: format!("https://127.0.0.1:{p}"),
                pid: None,
                data_dir: dir.join("members").join(&name).join("data"),
                log: dir.join("members").join(&name).join("etcd.log"),
                pki_dir: None,
                name,
            });
        }
        let mut opts = KubeadmOptions::new("lab", "127.0.0.1", spec.key_type, time::OffsetDateTime::now_utc());
        opts.install_dir = kubernetes_dir.to_string_lossy().into_owned();
        opts.etcd_client_urls = vec![members[0].client_url.clone()];
        opts.etcd_listen_client_urls = vec![members[0].client_url.clone()];
        opts.etcd_peer_urls = vec![members[0].peer_url.clone()];
        opts.etcd_listen_peer_urls = vec![members[0].peer_url.clone()];
        let pki = KubeadmPki::generate(&opts).map_err(|e| e.to_string())?;
        write_files(&kubernetes_dir, &pki)?;
        if !spec.member_certs.is_empty() {
            let now = time::OffsetDateTime::now_utc();
            for (i, member) in members.iter_mut().enumerate() {
                let wanted = u8::try_from(i + 1)
                    .ok()
                    .and_then(|n| spec.member_certs.get(&n))
                    .cloned()
                    .unwrap_or_default();
                let member_dir = dir.join("members").join(&member.name).join("pki");
                let kubeadm_sans = etcdtls_pki::etcd_member_sans(&member.name, "127.0.0.1");
                let mut files = BTreeMap::new();
                for (file, options) in [("server", &wanted.server), ("peer", &wanted.peer)] {
                    let sans = options.sans.clone().unwrap_or_else(|| kubeadm_sans.clone());
                    let not_after = now + options.valid_for.unwrap_or(time::Duration::days(365));
                    let pair = pki
                        .issue_etcd_member(&member.name, &sans, now, not_after, spec.key_type)
                        .map_err(|e| e.to_string())?;
                    files.insert(format!("{file}.crt"), pair.cert_pem);
                    files.insert(format!("{file}.key"), pair.key.pem);
                }
                write_tree(&member_dir, &files)?;
                member.pki_dir = Some(member_dir);
            }
        }
        let initial_cluster = members
            .iter()
            .map(|m| format!("{}={}", m.name, m.peer_url))
            .collect::<Vec<_>>()
            .join(",");
        let mut lab = Lab {
            dir: dir.clone(),
            kubernetes_dir,
            members,
            client_security: spec.client_security,
            etcd_bin: spec.etcd_bin.clone(),
            initial_cluster,
            owned: true,
        };
        for i in 0..lab.members.len() {
            if let Err(e) = lab.start_member(i, true) {
                lab.stop_all();
                return Err(e);
            }
        }
        lab.save()?;
        if let Err(e) = lab.wait_healthy(Duration::from_secs(40)).await {
            let logs = lab
                .members
                .iter()
                .map(|m| format!("{}: {}", m.name, tail(&m.log, 5)))
                .collect::<Vec<_>>()
                .join("\n");
            lab.stop_all();
            let _ = fs::remove_file(lab.dir.join("lab.json"));
            return Err(format!("{e}\n{logs}"));
        }
        Ok(lab)
    }

    /// Loads the lab recorded in `dir`.
    pub fn load(dir: &Path) -> Result<Lab, String> {
        let text = fs::read_to_string(dir.join("lab.json")).map_err(|e| format!("no lab in {}: {e}", dir.display()))?;
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", dir.join("lab.json").display()))
    }

    fn save(&self) -> Result<(), String> {
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        fs::write(self.dir.join("lab.json"), text).map_err(|e| e.to_string())
    }

    /// Keeps the members running after this value is dropped.
    pub fn persist(mut self) {
        self.owned = false;
    }

    /// A path inside the lab's `/etc/kubernetes`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.kubernetes_dir.join(rel)
    }

    /// The client URLs, comma-separated.
    pub fn endpoints(&self) -> String {
        self.members
            .iter()
            .map(|m| m.client_url.clone())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The etcdctl flags that connect as kubeadm's health-check client.
    pub fn flags(&self) -> Vec<String> {
        let mut flags = vec![format!("--endpoints={}", self.endpoints())];
        if self.client_security != ClientSecurity::Plaintext {
            flags.push(format!("--cacert={}", self.path("pki/etcd/ca.crt").display()));
            flags.push(format!(
                "--cert={}",
                self.path("pki/etcd/healthcheck-client.crt").display()
            ));
            flags.push(format!(
                "--key={}",
                self.path("pki/etcd/healthcheck-client.key").display()
            ));
        }
        flags
    }

    /// The same as `ETCDCTL_*` variables.
    pub fn env(&self) -> Vec<(String, String)> {
        let mut env = vec![
            ("ETCDCTL_API".to_string(), "3".to_string()),
            ("ETCDCTL_ENDPOINTS".to_string(), self.endpoints()),
        ];
        if self.client_security != ClientSecurity::Plaintext {
            env.push((
                "ETCDCTL_CACERT".into(),
                self.path("pki/etcd/ca.crt").display().to_string(),
            ));
            env.push((
                "ETCDCTL_CERT".into(),
                self.path("pki/etcd/healthcheck-client.crt").display().to_string(),
            ));
            env.push((
                "ETCDCTL_KEY".into(),
                self.path("pki/etcd/healthcheck-client.key").display().to_string(),
            ));
        }
        env
    }

    /// Starts member `i` (again).
    pub fn start_member(&mut self, i: usize, new_cluster: bool) -> Result<(), String> {
        let m = &self.members[i];
        fs::create_dir_all(&m.data_dir).map_err(|e| e.to_string())?;
        let log = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&m.log)
            .map_err(|e| e.to_string())?;
        let pki = |f: &str| match &m.pki_dir {
            Some(own) if f != "ca.crt" => own.join(f).display().to_string(),
            _ => self.path(&format!("pki/etcd/{f}")).display().to_string(),
        };
        let mut cmd = Command::new(&self.etcd_bin);
        cmd.arg(format!("--name={}", m.name))
            .arg(format!("--data-dir={}", m.data_dir.display()))
            .arg(format!("--listen-client-urls={}", m.client_url))
            .arg(format!("--advertise-client-urls={}", m.client_url))
            .arg(format!("--listen-peer-urls={}", m.peer_url))
            .arg(format!("--initial-advertise-peer-urls={}", m.peer_url))
            .arg(format!("--initial-cluster={}", self.initial_cluster))
            .arg(format!(
                "--initial-cluster-state={}",
                if new_cluster { "new" } else { "existing" }
            ))
            .arg(format!("--initial-cluster-token=etcdtls-lab-{}", std::process::id()))
            .arg(format!("--peer-cert-file={}", pki("peer.crt")))
            .arg(format!("--peer-key-file={}", pki("peer.key")))
            .arg(format!("--peer-trusted-ca-file={}", pki("ca.crt")))
            .arg("--peer-client-cert-auth=true")
            .arg("--logger=zap")
            .arg("--log-outputs=stderr")
            .arg("--snapshot-count=10000");
        match self.client_security {
            ClientSecurity::MutualTls => {
                cmd.arg(format!("--cert-file={}", pki("server.crt")))
                    .arg(format!("--key-file={}", pki("server.key")))
                    .arg(format!("--trusted-ca-file={}", pki("ca.crt")))
                    .arg("--client-cert-auth=true");
            }
            ClientSecurity::TlsWithoutClientAuth => {
                cmd.arg(format!("--cert-file={}", pki("server.crt")))
                    .arg(format!("--key-file={}", pki("server.key")));
            }
            ClientSecurity::Plaintext => {}
        }
        cmd.stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log);
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        let child = cmd.spawn().map_err(|e| {
            format!(
                "starting {}: {e} (install etcd, or set ETCD_BIN)",
                self.etcd_bin.display()
            )
        })?;
        self.members[i].pid = Some(child.id());
        // The child is reaped by whoever stops it; a lab that outlives this process leaves it
        // to init.
        std::mem::forget(child);
        self.save().ok();
        Ok(())
    }

    /// Stops member `i` at once (SIGKILL), as a crash would.
    pub fn kill_member(&mut self, i: usize) {
        if let Some(pid) = self.members[i].pid.take() {
            signal_group(pid, nix::sys::signal::Signal::SIGKILL);
            reap(pid);
        }
        self.save().ok();
    }

    /// Kills every member at once (a failed start leaves nothing behind).
    fn stop_all(&mut self) {
        for i in 0..self.members.len() {
            self.kill_member(i);
        }
    }

    /// Stops every member and removes the lab's folder.
    pub fn down(mut self) -> Result<(), String> {
        self.owned = false;
        let pids: Vec<u32> = self.members.iter_mut().filter_map(|m| m.pid.take()).collect();
        for &pid in &pids {
            signal_group(pid, nix::sys::signal::Signal::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        for &pid in &pids {
            while alive(pid) && Instant::now() < deadline {
                reap(pid);
                std::thread::sleep(Duration::from_millis(20));
            }
            if alive(pid) {
                signal_group(pid, nix::sys::signal::Signal::SIGKILL);
                reap(pid);
            }
        }
        fs::remove_dir_all(&self.dir).map_err(|e| format!("removing {}: {e}", self.dir.display()))
    }

    /// Connection settings for the whole lab as kubeadm's health-check client.
    pub fn settings(&self) -> Result<Settings, String> {
        let tls = if self.client_security == ClientSecurity::Plaintext {
            None
        } else {
            let creds = Credentials::load(
                &Some(self.path("pki/etcd/ca.crt")),
                &Some(self.path("pki/etcd/healthcheck-client.crt")),
                &Some(self.path("pki/etcd/healthcheck-client.key")),
                time::OffsetDateTime::now_utc(),
            )
            .map_err(|d| d.summary)?;
            Some(TlsSetup {
                creds: std::sync::Arc::new(creds),
                insecure_skip_verify: false,
            })
        };
        let targets = self
            .members
            .iter()
            .map(|m| Target::parse(&m.client_url, tls.is_some()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Settings {
            targets,
            tls,
            dial_timeout: Duration::from_secs(1),
            command_timeout: Duration::from_secs(3),
            deadline_covers_dial: false,
            user: None,
            now: time::OffsetDateTime::now_utc(),
        })
    }

    /// Waits until every running member answers a status call.
    pub async fn wait_healthy(&self, within: Duration) -> Result<(), String> {
        let settings = self.settings()?;
        let deadline = Instant::now() + within;
        for (i, member) in self.members.iter().enumerate() {
            if member.pid.is_none() {
                continue;
            }
            let target = &settings.targets[i];
            // A member made to serve a certificate without its own address (a test of
            // `doctor --cluster`) is still up: the readiness check then skips verification.
            let settings = match &settings.tls {
                Some(tls) if !self.serves_its_address(i) => Settings {
                    tls: Some(TlsSetup {
                        insecure_skip_verify: true,
                        ..tls.clone()
                    }),
                    ..settings.clone()
                },
                _ => settings.clone(),
            };
            let settings = &settings;
            loop {
                if member.pid.is_some_and(|pid| {
                    reap(pid);
                    !alive(pid)
                }) {
                    return Err(format!("{} exited: {}", member.name, tail(&member.log, 3)));
                }
                let attempt = async {
                    let mut client = crate::connect::connect_one(settings, target)
                        .await
                        .map_err(|e| e.to_string())?;
                    client.status().await.map_err(|e| e.to_string())
                };
                match tokio::time::timeout(Duration::from_secs(3), attempt).await {
                    Ok(Ok(_)) => break,
                    Ok(Err(e)) if Instant::now() > deadline => {
                        return Err(format!("{} did not become healthy: {e}", member.name));
                    }
                    Err(_) if Instant::now() > deadline => {
                        return Err(format!("{} did not become healthy in time", member.name));
                    }
                    _ => tokio::time::sleep(Duration::from_millis(100)).await,
                }
            }
        }
        Ok(())
    }
}

impl Lab {
    /// Whether member `i`'s own server certificate covers the host of its client URL (members
    /// sharing kubeadm's certificate always do).
    fn serves_its_address(&self, i: usize) -> bool {
        let m = &self.members[i];
        let Some(own) = &m.pki_dir else { return true };
        let Ok(target) = Target::parse(&m.client_url, true) else {
            return true;
        };
        use rustls_pki_types::pem::PemObject;
        fs::read(own.join("server.crt"))
            .ok()
            .and_then(|pem| rustls_pki_types::CertificateDer::from_pem_slice(&pem).ok())
            .and_then(|der| etcdtls_core::x509::parse_certificate(&der).ok())
            .is_none_or(|cert| cert.covers_host(&target.host))
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        if self.owned {
            let lab = Lab {
                dir: self.dir.clone(),
                kubernetes_dir: self.kubernetes_dir.clone(),
                members: std::mem::take(&mut self.members),
                client_security: self.client_security,
                etcd_bin: self.etcd_bin.clone(),
                initial_cluster: self.initial_cluster.clone(),
                owned: false,
            };
            let _ = lab.down();
        }
    }
}

fn signal_group(pid: u32, signal: nix::sys::signal::Signal) {
    let Ok(pid) = i32::try_from(pid) else { return };
    // The member leads its own process group: signal the group, so nothing it started survives.
    let _ = nix::sys::signal::killpg(nix::unistd::Pid::from_raw(pid), signal);
}

fn alive(pid: u32) -> bool {
    let Ok(pid) = i32::try_from(pid) else { return false };
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_ok()
}

fn reap(pid: u32) {
    let Ok(pid) = i32::try_from(pid) else { return };
    let _ = nix::sys::wait::waitpid(
        nix::unistd::Pid::from_raw(pid),
        Some(nix::sys::wait::WaitPidFlag::WNOHANG),
    );
}

fn tail(path: &Path, lines: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn write_files(root: &Path, pki: &KubeadmPki) -> Result<(), String> {
    write_tree(root, &pki.files)
}

/// Writes files under `root`, keys and kubeconfigs readable by their owner only.
fn write_tree(root: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    for (rel, contents) in files {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("creating {}: {e}", parent.display()))?;
        }
        fs::write(&path, contents).map_err(|e| format!("writing {}: {e}", path.display()))?;
        #[cfg(unix)]
        if rel.ends_with(".key") || rel.ends_with(".conf") {
            use std::os::unix::fs::PermissionsExt;
            let _ = fs::set_permissions(&path, fs::Permissions::from_mode(0o600));
        }
    }
    Ok(())
}
