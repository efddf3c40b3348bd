//! An etcd node's files as Kubespray (`kubernetes-sigs/kubespray`) lays them out with its
//! default `etcd_deployment_type: host`, for tests. Each fact names the file it follows; the
//! commit read is in `docs/distributions.md`.
//!
//! - `roles/etcd/templates/make-ssl-etcd.sh.j2`, run once on the first etcd node into
//!   `etcd_cert_dir` (`/etc/ssl/etcd/ssl`, `roles/etcd_defaults/defaults/main.yml`):
//!   - the CA `ca.pem`, `ca-key.pem`: `openssl genrsa` then `openssl req -x509 -new -nodes
//!     -subj "/CN=etcd-ca"` with the stock `openssl.cnf` (`v3_ca`: CA:TRUE critical, key
//!     identifiers, no key usage);
//!   - for every etcd host, `member-<host>.pem` (CN `etcd-member-<short host>`) and
//!     `admin-<host>.pem` (CN `etcd-admin-<short host>`); for every control-plane host (and,
//!     when the network plugin keeps its data in etcd, every node) `node-<host>.pem` (CN
//!     `etcd-node-<short host>`); each with its `-key.pem`, signed by `openssl x509 -req
//!     -extensions ssl_client` of `roles/etcd/templates/openssl.conf.j2`: extendedKeyUsage
//!     clientAuth, serverAuth; CA:FALSE; key identifiers; no key usage; and one SAN list for all
//!     of them: `localhost`, every etcd host's name, `etcd_cert_alt_names`, every etcd host's
//!     access and main IPs, `127.0.0.1`, `::1`.
//!   - Keys RSA `certificates_key_size` (2048), certificates `certificates_duration` (36500
//!     days) (`roles/kubespray_defaults/defaults/main/main.yml`). `openssl genrsa` writes PKCS#8
//!     `PRIVATE KEY` under OpenSSL 3 and PKCS#1 before.
//!   - Every etcd node gets every member, admin and node file (`gen_certs_script.yml`).
//! - etcd runs from `/etc/systemd/system/etcd.service` (`etcd-host.service.j2`:
//!   `EnvironmentFile=/etc/etcd.env`, `ExecStart=/usr/local/bin/etcd`), configured by
//!   `/etc/etcd.env` (`etcd.env.j2`): `ETCD_TRUSTED_CA_FILE` and `ETCD_PEER_TRUSTED_CA_FILE` the
//!   CA, `ETCD_CERT_FILE` and `ETCD_PEER_CERT_FILE` the node's own member certificate, and
//!   `ETCDCTL_CACERT`/`ETCDCTL_CERT`/`ETCDCTL_KEY` the CA and the node's admin pair.
//! - `/usr/local/bin/etcdctl.sh` (`roles/etcdctl_etcdutl/templates/etcdctl.sh.j2`) runs etcdctl
//!   with the admin pair; kube-apiserver uses `node-<host>.pem` (`kube_etcd_cert_file`,
//!   `roles/kubernetes/control-plane/defaults/main/main.yml`).

use std::collections::BTreeMap;

use time::{Duration, OffsetDateTime};

use crate::{Ca, KeyType, LeafSpec, PkiError, Usage};

/// One etcd host of the inventory.
#[derive(Debug, Clone)]
pub struct KubesprayHost {
    /// `inventory_hostname`.
    pub name: String,
    /// `main_ip` and `main_access_ip` (one address for both, as is usual).
    pub ip: String,
    /// etcd's client port (Kubespray: always 2379; tests put members side by side).
    pub client_port: u16,
    /// etcd's peer port (Kubespray: 2380).
    pub peer_port: u16,
}

impl KubesprayHost {
    /// A host at Kubespray's ports.
    pub fn new(name: &str, ip: &str) -> Self {
        KubesprayHost {
            name: name.into(),
            ip: ip.into(),
            client_port: 2379,
            peer_port: 2380,
        }
    }
}

/// What to make.
#[derive(Debug, Clone)]
pub struct KubesprayOptions {
    /// The `etcd` group, which is also `kube_control_plane` here (the sample inventory's).
    pub hosts: Vec<KubesprayHost>,
    /// When the script ran.
    pub now: OffsetDateTime,
    /// OpenSSL 3 (keys in PKCS#8) or older (PKCS#1).
    pub openssl3: bool,
    /// `etcd_data_dir` (`/var/lib/etcd`).
    pub data_dir: String,
    /// The folder the files name each other by (`/etc/ssl/etcd/ssl`).
    pub cert_dir: String,
    /// `certificates_duration`, in days (36500).
    pub duration_days: i64,
}

impl KubesprayOptions {
    /// Kubespray's defaults for these hosts.
    pub fn new(hosts: Vec<KubesprayHost>, now: OffsetDateTime) -> Self {
        KubesprayOptions {
            hosts,
            now,
            openssl3: true,
            data_dir: "/var/lib/etcd".into(),
            cert_dir: "/etc/ssl/etcd/ssl".into(),
            duration_days: 36500,
        }
    }
}

/// The files of every etcd node.
#[derive(Debug)]
pub struct KubesprayPki {
    /// `etc/ssl/etcd/ssl/ca.pem` and the rest, shared by every etcd node → contents.
    pub certs: BTreeMap<String, String>,
    /// Per host: its `/etc/etcd.env`.
    pub env_files: Vec<String>,
    /// `/etc/systemd/system/etcd.service`.
    pub unit: String,
    /// `/etc/ssl/etcd/openssl.conf`, as the template renders it.
    pub openssl_conf: String,
    /// Per host: its `/usr/local/bin/etcdctl.sh`.
    pub etcdctl_sh: Vec<String>,
}

/// `etcd_cert_alt_names` with `dns_domain: cluster.local`.
const ALT_NAMES: [&str; 4] = [
    "etcd.kube-system.svc.cluster.local",
    "etcd.kube-system.svc",
    "etcd.kube-system",
    "etcd",
];

impl KubesprayPki {
    /// Runs `make-ssl-etcd.sh` as `gen_certs_script.yml` does, and renders each host's files.
    pub fn generate(opts: &KubesprayOptions) -> Result<KubesprayPki, PkiError> {
        let now = opts.now;
        let until = now + Duration::days(opts.duration_days);
        let dir = opts.cert_dir.trim_start_matches('/');
        let key_pem = |key: &crate::Key| {
            if opts.openssl3 {
                key.pkcs8_pem.clone()
            } else {
                key.pem.clone()
            }
        };
        // openssl.conf.j2's [alt_names]: DNS localhost, the hosts, the alt names; IP every
        // host's main_access_ips then main_ips, 127.0.0.1, ::1.
        let mut dns = vec!["localhost".to_string()];
        dns.extend(opts.hosts.iter().map(|h| h.name.clone()));
        dns.extend(ALT_NAMES.map(String::from));
        let mut ips: Vec<String> = Vec::new();
        for h in &opts.hosts {
            ips.push(h.ip.clone());
            ips.push(h.ip.clone());
        }
        ips.extend(["127.0.0.1".to_string(), "::1".to_string()]);
        let mut openssl_conf = String::from(
            "[req]\nreq_extensions = v3_req\ndistinguished_name = req_distinguished_name\n\n[req_distinguished_name]\n\n[ v3_req ]\nbasicConstraints = CA:FALSE\nkeyUsage = nonRepudiation, digitalSignature, keyEncipherment\nsubjectAltName = @alt_names\n\n[ ssl_client ]\nextendedKeyUsage = clientAuth, serverAuth\nbasicConstraints = CA:FALSE\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid,issuer\nsubjectAltName = @alt_names\n\n[ v3_ca ]\nbasicConstraints = CA:TRUE\nkeyUsage = nonRepudiation, digitalSignature, keyEncipherment\nsubjectAltName = @alt_names\nauthorityKeyIdentifier=keyid:always,issuer\n\n[alt_names]\n",
        );
        for (i, name) in dns.iter().enumerate() {
            openssl_conf.push_str(&format!("DNS.{} = {name}\n", i + 1));
        }
        for (i, ip) in ips.iter().enumerate() {
            openssl_conf.push_str(&format!("IP.{} = {ip}\n", i + 1));
        }
        let sans: Vec<String> = dns.into_iter().chain(ips).collect();

        let ca = Ca::openssl_req_x509("etcd-ca", KeyType::Rsa2048, now, until)?;
        let mut certs = BTreeMap::new();
        certs.insert(format!("{dir}/ca.pem"), ca.pair.cert_pem.clone());
        certs.insert(format!("{dir}/ca-key.pem"), key_pem(&ca.pair.key));
        for h in &opts.hosts {
            let short = h.name.split('.').next().unwrap_or(&h.name);
            for kind in ["member", "admin", "node"] {
                let pair = ca.issue(
                    &LeafSpec::new(
                        &format!("etcd-{kind}-{short}"),
                        Usage::ClientAndServer,
                        now,
                        KeyType::Rsa2048,
                    )
                    .sans(sans.iter().cloned())
                    .valid(now, until)
                    .without_key_usage(),
                )?;
                certs.insert(format!("{dir}/{kind}-{}.pem", h.name), pair.cert_pem.clone());
                certs.insert(format!("{dir}/{kind}-{}-key.pem", h.name), key_pem(&pair.key));
            }
        }

        let d = &opts.cert_dir;
        let initial_cluster: Vec<String> = (opts.hosts.iter().enumerate())
            .map(|(i, h)| format!("etcd{}=https://{}:{}", i + 1, h.ip, h.peer_port))
            .collect();
        let initial_cluster = initial_cluster.join(",");
        let env_files = (opts.hosts.iter().enumerate())
            .map(|(i, h)| {
                let (ip, cp, pp, n) = (&h.ip, h.client_port, h.peer_port, &h.name);
                format!(
                    "# Environment file for etcd v3.5.21\nETCD_DATA_DIR={data}\nETCD_ADVERTISE_CLIENT_URLS=https://{ip}:{cp}\nETCD_INITIAL_ADVERTISE_PEER_URLS=https://{ip}:{pp}\nETCD_INITIAL_CLUSTER_STATE=new\nETCD_METRICS=basic\nETCD_LISTEN_CLIENT_URLS=https://{ip}:{cp},https://127.0.0.1:{cp}\nETCD_ELECTION_TIMEOUT=5000\nETCD_HEARTBEAT_INTERVAL=250\nETCD_INITIAL_CLUSTER_TOKEN=k8s_etcd\nETCD_LISTEN_PEER_URLS=https://{ip}:{pp}\nETCD_NAME=etcd{num}\nETCD_PROXY=off\nETCD_INITIAL_CLUSTER={initial_cluster}\nETCD_AUTO_COMPACTION_RETENTION=8\nETCD_SNAPSHOT_COUNT=100000\nETCD_QUOTA_BACKEND_BYTES=2147483648\nETCD_MAX_REQUEST_BYTES=1572864\nETCD_LOG_LEVEL=info\nETCD_MAX_SNAPSHOTS=5\nETCD_MAX_WALS=5\n\n# TLS settings\nETCD_TRUSTED_CA_FILE={d}/ca.pem\nETCD_CERT_FILE={d}/member-{n}.pem\nETCD_KEY_FILE={d}/member-{n}-key.pem\nETCD_CLIENT_CERT_AUTH=true\n\nETCD_PEER_TRUSTED_CA_FILE={d}/ca.pem\nETCD_PEER_CERT_FILE={d}/member-{n}.pem\nETCD_PEER_KEY_FILE={d}/member-{n}-key.pem\nETCD_PEER_CLIENT_CERT_AUTH=true\n\n\n# CLI settings\nETCDCTL_ENDPOINTS=https://127.0.0.1:{cp}\nETCDCTL_CACERT={d}/ca.pem\nETCDCTL_KEY={d}/admin-{n}-key.pem\nETCDCTL_CERT={d}/admin-{n}.pem\n\n# ETCD 3.5.x issue\n# https://groups.google.com/a/kubernetes.io/g/dev/c/B7gJs88XtQc/m/rSgNOzV2BwAJ?utm_medium=email&utm_source=footer\nETCD_EXPERIMENTAL_INITIAL_CORRUPT_CHECK=True\n\nETCD_EXPERIMENTAL_WATCH_PROGRESS_NOTIFY_INTERVAL=5s\n",
                    data = opts.data_dir,
                    num = i + 1,
                )
            })
            .collect();
        let etcdctl_sh = opts
            .hosts
            .iter()
            .map(|h| {
                format!(
                    "#!/bin/bash\n# Ansible managed\n# example invocation: etcdctl.sh get --keys-only --from-key \"\"\n\netcdctl \\\n  --cacert {d}/ca.pem \\\n  --cert {d}/admin-{n}.pem \\\n  --key {d}/admin-{n}-key.pem \"$@\"\n",
                    n = h.name
                )
            })
            .collect();
        let unit = "[Unit]\nDescription=etcd\nAfter=network.target\n\n[Service]\nType=notify\nUser=root\nEnvironmentFile=/etc/etcd.env\nExecStart=/usr/local/bin/etcd\nNotifyAccess=all\nRestart=always\nRestartSec=10s\nLimitNOFILE=40000\n\n[Install]\nWantedBy=multi-user.target\n".to_string();
        Ok(KubesprayPki {
            certs,
            env_files,
            unit,
            openssl_conf,
            etcdctl_sh,
        })
    }
}
