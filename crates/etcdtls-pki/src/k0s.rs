//! A k0s controller's etcd files (`k0sproject/k0s`), for tests. Each fact names the file it
//! follows; the commit read is in `docs/distributions.md`.
//!
//! - `pkg/component/controller/etcd.go` `setupCerts`, under `<data dir>/pki`: the etcd CA
//!   `etcd/ca.crt` (`CN=etcd-ca`), `etcd/server.crt` (`CN` and `O` `etcd-server`, SANs
//!   `localhost`, 127.0.0.1), `etcd/peer.crt` (`CN` the peer address, `O=etcd-peer`, that
//!   address its only SAN) and `apiserver-etcd-client.crt` in `pki/` (`CN` and `O`
//!   `apiserver-etcd-client`, SANs `localhost`, 127.0.0.1); beside them the Kubernetes CA
//!   `ca.crt` (`CN=kubernetes-ca`, `cmd/controller/certificates.go`).
//! - `pkg/certificate/manager.go` with cfssl's default profile: serverAuth and clientAuth on
//!   every leaf, digitalSignature + keyEncipherment, RSA 2048 in PKCS#1, one year; CAs ten years.
//! - `etcd.go` `Start`: etcd's flags ([`K0sPki::etcd_args`]).

use time::{Duration, OffsetDateTime};

use crate::{Ca, KeyType, LeafSpec, PkiError, Usage};

/// The files.
#[derive(Debug)]
pub struct K0sPki {
    /// Path (under the data dir) → certificate or key PEM.
    pub files: Vec<(String, String)>,
    /// The Kubernetes CA (`pki/ca.crt`), to issue the rest of `pki/` from.
    pub kubernetes_ca: Ca,
    data_dir: String,
    peer_address: String,
}

impl K0sPki {
    /// A controller's files under `data_dir` (k0s: `/var/lib/k0s`), its etcd's peer address
    /// `peer_address`.
    pub fn generate(data_dir: &str, peer_address: &str, now: OffsetDateTime) -> Result<K0sPki, PkiError> {
        let kt = KeyType::Rsa2048;
        let dir = data_dir.trim_end_matches('/');
        let ten_years = now + Duration::days(3650);
        let kube_ca = Ca::with_subject(Some("kubernetes-ca"), &[], kt, now, ten_years)?;
        let etcd_ca = Ca::with_subject(Some("etcd-ca"), &[], kt, now, ten_years)?;
        let spec = |cn: &str, o: &str| {
            LeafSpec::new(cn, Usage::ServerAndClient, now, kt)
                .organizations([o])
                .valid(now - Duration::minutes(5), now + Duration::days(365))
        };
        let mut files = vec![
            (format!("{dir}/pki/ca.crt"), kube_ca.pair.cert_pem.clone()),
            (format!("{dir}/pki/ca.key"), kube_ca.pair.key.pem.clone()),
            (format!("{dir}/pki/etcd/ca.crt"), etcd_ca.pair.cert_pem.clone()),
            (format!("{dir}/pki/etcd/ca.key"), etcd_ca.pair.key.pem.clone()),
        ];
        let leaves = [
            (
                "etcd/server",
                spec("etcd-server", "etcd-server").sans(["localhost", "127.0.0.1"]),
            ),
            ("etcd/peer", spec(peer_address, "etcd-peer").sans([peer_address])),
            (
                "apiserver-etcd-client",
                spec("apiserver-etcd-client", "apiserver-etcd-client").sans(["localhost", "127.0.0.1"]),
            ),
        ];
        for (name, spec) in leaves {
            let pair = etcd_ca.issue(&spec)?;
            files.push((format!("{dir}/pki/{name}.crt"), pair.cert_pem));
            files.push((format!("{dir}/pki/{name}.key"), pair.key.pem));
        }
        Ok(K0sPki {
            files,
            kubernetes_ca: kube_ca,
            data_dir: dir.to_string(),
            peer_address: peer_address.to_string(),
        })
    }

    /// The flags `etcd.go` `Start` gives etcd, with the client and peer ports (k0s: 2379,
    /// 2380) and the member name.
    pub fn etcd_args(&self, name: &str, client_port: u16, peer_port: u16) -> Vec<String> {
        let (dir, peer) = (&self.data_dir, &self.peer_address);
        let pki = format!("{dir}/pki/etcd");
        vec![
            format!("--data-dir={dir}/etcd"),
            format!("--listen-client-urls=https://127.0.0.1:{client_port}"),
            format!("--advertise-client-urls=https://127.0.0.1:{client_port}"),
            format!("--listen-peer-urls=https://{peer}:{peer_port}"),
            format!("--initial-advertise-peer-urls=https://{peer}:{peer_port}"),
            format!("--initial-cluster={name}=https://{peer}:{peer_port}"),
            format!("--name={name}"),
            "--client-cert-auth=true".into(),
            "--peer-client-cert-auth=true".into(),
            format!("--trusted-ca-file={pki}/ca.crt"),
            format!("--cert-file={pki}/server.crt"),
            format!("--key-file={pki}/server.key"),
            format!("--peer-trusted-ca-file={pki}/ca.crt"),
            format!("--peer-cert-file={pki}/peer.crt"),
            format!("--peer-key-file={pki}/peer.key"),
            "--tls-min-version=TLS1.2".into(),
            "--enable-pprof=false".into(),
        ]
    }
}
