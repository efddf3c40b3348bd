//! An etcdadm (`kubernetes-sigs/etcdadm`) member's files, for tests. Each fact names the file
//! it follows; the commit read is in `docs/distributions.md`.
//!
//! - `certs/certs.go`, `certs/pkiutil/pki_helpers.go`, into `/etc/etcd/pki`
//!   (`constants.DefaultCertificateDir`): the CA `ca.crt` from client-go's
//!   `NewSelfSignedCACert` (`CN=etcd`, a DNS SAN `etcd`, CA:TRUE, digitalSignature +
//!   keyEncipherment + keyCertSign, ten years); `server.crt` and `peer.crt` (`CN=<name>`,
//!   serverAuth and clientAuth; the server's SANs the name, the client URLs' hosts and
//!   127.0.0.1, the peer's the name and the peer URLs' hosts); `etcdctl-etcd-client.crt`
//!   (`CN=<name>-etcdctl`) and `apiserver-etcd-client.crt`
//!   (`CN=<name>-kube-apiserver-etcd-client`), both `O=system:masters`, clientAuth. RSA 2048,
//!   PKCS#1 keys `<base>.key`; leaves from the CA's start for one year.
//! - `constants/constants.go`: `EnvFileTemplate` → `/etc/etcd/etcd.env` (the optional lines
//!   left empty); `EtcdctlEnvFileTemplate` → `/etc/etcd/etcdctl.env`;
//!   `EtcdctlShellWrapperTemplate` → `/opt/bin/etcdctl.sh`.

use time::{Duration, OffsetDateTime};

use crate::{Ca, KeyType, LeafSpec, PkiError, Usage};

/// What to lay out.
#[derive(Debug, Clone)]
pub struct EtcdadmOptions {
    /// `--name` (etcdadm: the host name).
    pub name: String,
    /// The advertise IP.
    pub ip: String,
    /// etcd's client port (etcdadm: 2379; tests pick free ones).
    pub client_port: u16,
    /// etcd's peer port (etcdadm: 2380).
    pub peer_port: u16,
    /// `--certs-dir` (`/etc/etcd/pki`), or a folder of a test.
    pub certs_dir: String,
    /// `ETCD_DATA_DIR` (`/var/lib/etcd`).
    pub data_dir: String,
    /// When the CA is made.
    pub now: OffsetDateTime,
}

impl EtcdadmOptions {
    /// etcdadm's defaults for this member.
    pub fn new(name: &str, ip: &str, now: OffsetDateTime) -> Self {
        EtcdadmOptions {
            name: name.into(),
            ip: ip.into(),
            client_port: 2379,
            peer_port: 2380,
            certs_dir: "/etc/etcd/pki".into(),
            data_dir: "/var/lib/etcd".into(),
            now,
        }
    }
}

/// The files.
#[derive(Debug)]
pub struct EtcdadmPki {
    /// Path (under [`EtcdadmOptions::certs_dir`]) → certificate or key PEM.
    pub certs: Vec<(String, String)>,
    /// `/etc/etcd/etcd.env`.
    pub env_file: String,
    /// `/etc/etcd/etcdctl.env`.
    pub etcdctl_env: String,
    /// `/opt/bin/etcdctl.sh`.
    pub etcdctl_sh: String,
}

impl EtcdadmPki {
    /// Makes the member's PKI and configuration as `etcdadm init` does.
    pub fn generate(opts: &EtcdadmOptions) -> Result<EtcdadmPki, PkiError> {
        let kt = KeyType::Rsa2048;
        let ca = Ca::new("etcd", kt, opts.now, opts.now + Duration::days(3650))?;
        let dir = opts.certs_dir.trim_end_matches('/');
        let mut certs = vec![
            (format!("{dir}/ca.crt"), ca.pair.cert_pem.clone()),
            (format!("{dir}/ca.key"), ca.pair.key.pem.clone()),
        ];
        // `NewSignedCert`: from the CA's start, for a year.
        let spec = |cn: &str, usage: Usage| {
            LeafSpec::new(cn, usage, opts.now, kt).valid(opts.now, opts.now + Duration::days(365))
        };
        let name = opts.name.as_str();
        let leaves = [
            (
                "server",
                spec(name, Usage::ServerAndClient).sans([name, opts.ip.as_str(), "127.0.0.1"]),
            ),
            (
                "peer",
                spec(name, Usage::ServerAndClient).sans([name, opts.ip.as_str()]),
            ),
            (
                "etcdctl-etcd-client",
                spec(&format!("{name}-etcdctl"), Usage::Client).organizations(["system:masters"]),
            ),
            (
                "apiserver-etcd-client",
                spec(&format!("{name}-kube-apiserver-etcd-client"), Usage::Client).organizations(["system:masters"]),
            ),
        ];
        for (base, spec) in leaves {
            let pair = ca.issue(&spec)?;
            certs.push((format!("{dir}/{base}.crt"), pair.cert_pem));
            certs.push((format!("{dir}/{base}.key"), pair.key.pem));
        }
        let (ip, cp, pp) = (&opts.ip, opts.client_port, opts.peer_port);
        let env_file = format!(
            "ETCD_NAME={name}\n\
             \n\
             # Initial cluster configuration\n\
             ETCD_INITIAL_CLUSTER={name}=https://{ip}:{pp}\n\
             ETCD_INITIAL_CLUSTER_TOKEN=6c1ef32b\n\
             ETCD_INITIAL_CLUSTER_STATE=new\n\
             \n\
             # Peer configuration\n\
             ETCD_INITIAL_ADVERTISE_PEER_URLS=https://{ip}:{pp}\n\
             ETCD_LISTEN_PEER_URLS=https://{ip}:{pp}\n\
             \n\
             ETCD_CLIENT_CERT_AUTH=true\n\
             ETCD_PEER_CERT_FILE={dir}/peer.crt\n\
             ETCD_PEER_KEY_FILE={dir}/peer.key\n\
             ETCD_PEER_TRUSTED_CA_FILE={dir}/ca.crt\n\
             \n\
             # Client/server configuration\n\
             ETCD_ADVERTISE_CLIENT_URLS=https://{ip}:{cp}\n\
             ETCD_LISTEN_CLIENT_URLS=https://{ip}:{cp},https://127.0.0.1:{cp}\n\
             \n\
             ETCD_PEER_CLIENT_CERT_AUTH=true\n\
             ETCD_CERT_FILE={dir}/server.crt\n\
             ETCD_KEY_FILE={dir}/server.key\n\
             ETCD_TRUSTED_CA_FILE={dir}/ca.crt\n\
             \n\
             # Other\n\
             ETCD_DATA_DIR={data}\n\
             ETCD_STRICT_RECONFIG_CHECK=true\n\
             GOMAXPROCS=2\n\
             \n\
             \n\
             # Logging configuration\n\
             \n\
             \n\
             \n\
             # Profiling/metrics\n\
             \n",
            data = opts.data_dir,
        );
        let etcdctl_env = format!(
            "export ETCDCTL_API=3\n\
             \n\
             export ETCDCTL_CACERT={dir}/ca.crt\n\
             export ETCDCTL_CERT={dir}/etcdctl-etcd-client.crt\n\
             export ETCDCTL_KEY={dir}/etcdctl-etcd-client.key\n\
             \n\
             export ETCDCTL_DIAL_TIMEOUT=3s\n"
        );
        let etcdctl_sh = "#!/usr/bin/env sh\n\
             if ! [ -r \"/etc/etcd/etcdctl.env\" ]; then\n\
             \techo \"Unable to read the etcdctl environment file '/etc/etcd/etcdctl.env'. The file must exist, and this wrapper must be run as root.\"\n\
             \texit 1\n\
             fi\n\
             . \"/etc/etcd/etcdctl.env\"\n\
             \"/opt/bin/etcdctl\" \"$@\"\n"
            .to_string();
        Ok(EtcdadmPki {
            certs,
            env_file,
            etcdctl_env,
            etcdctl_sh,
        })
    }
}
