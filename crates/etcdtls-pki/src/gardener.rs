//! A Gardener shoot's etcd certificates, for tests: gardenlet's secrets manager makes them
//! (`gardener/gardener`), etcd-druid mounts them (`gardener/etcd-druid`). Each fact names the
//! file it follows; the commits read are in `docs/distributions.md`.
//!
//! - `pkg/component/etcd/etcd/tls.go`: the CA `ca-etcd` (`CN=etcd`, as the botanist's
//!   `CertificateSecretConfig` names it; older releases left the CN to the Secret's name,
//!   `pkg/utils/secrets/manager/generate.go`), `etcd-server` (serverAuth and clientAuth; SANs
//!   `etcd-<role>-local`, the client service and `*.etcd-<role>-peer` in four forms each,
//!   127.0.0.1, ::1), `etcd-client` (clientAuth), and with a highly available control plane
//!   the peer CA `ca-etcd-peer` (`CN=etcd-peer`) and a peer `etcd-server` from it.
//! - `pkg/utils/secrets/certificate.go`: RSA 3072 in PKCS#1, ten years, no O.
//! - etcd-druid `internal/common/constants.go`: `/var/etcd/ssl/{ca/bundle.crt,
//!   server/tls.crt, client/tls.crt, peer/ca/bundle.crt, peer/server/tls.crt}`; gardener
//!   `pkg/component/apiserver/deployment.go`: `/srv/kubernetes/etcd/{ca/bundle.crt,
//!   client/tls.crt}`.

use time::{Duration, OffsetDateTime};

use crate::{Ca, KeyType, LeafSpec, Pair, PkiError, Usage};

/// One etcd's certificates (`etcd-main` or `etcd-events`).
#[derive(Debug)]
pub struct GardenerPki {
    /// `ca-etcd`.
    pub ca: Ca,
    /// `etcd-server-<role>`.
    pub server: Pair,
    /// `etcd-client`.
    pub client: Pair,
    /// `ca-etcd-peer` and `etcd-peer-server-<role>`, with a highly available control plane.
    pub peer: Option<(Ca, Pair)>,
}

impl GardenerPki {
    /// The certificates of the etcd `etcd-<role>` in namespace `ns`.
    pub fn generate(
        ns: &str,
        role: &str,
        now: OffsetDateTime,
        highly_available: bool,
    ) -> Result<GardenerPki, PkiError> {
        let kt = KeyType::Rsa3072;
        let until = now + Duration::days(3652);
        let ca = Ca::with_subject(Some("etcd"), &[], kt, now, until)?;
        let spec = |cn: &str, usage: Usage| LeafSpec::new(cn, usage, now, kt).valid(now - Duration::minutes(1), until);
        let forms = |svc: &str| {
            ["", ".", ".svc", ".svc.cluster.local"].map(|suffix| match suffix {
                "" => svc.to_string(),
                "." => format!("{svc}.{ns}"),
                s => format!("{svc}.{ns}{s}"),
            })
        };
        let mut client_names = vec![format!("etcd-{role}-local")];
        client_names.extend(forms(&format!("etcd-{role}-client")));
        client_names.extend(forms(&format!("*.etcd-{role}-peer")));
        client_names.extend(["127.0.0.1".to_string(), "::1".to_string()]);
        let server = ca.issue(&spec("etcd-server", Usage::ServerAndClient).sans(client_names))?;
        let client = ca.issue(&spec("etcd-client", Usage::Client))?;
        let peer = if highly_available {
            let peer_ca = Ca::with_subject(Some("etcd-peer"), &[], kt, now, until)?;
            let mut names: Vec<String> = forms(&format!("etcd-{role}-peer")).to_vec();
            names.extend(forms(&format!("*.etcd-{role}-peer")));
            names.extend(["127.0.0.1".to_string(), "::1".to_string()]);
            let pair = peer_ca.issue(&spec("etcd-server", Usage::ServerAndClient).sans(names))?;
            Some((peer_ca, pair))
        } else {
            None
        };
        Ok(GardenerPki {
            ca,
            server,
            client,
            peer,
        })
    }

    /// The files of the etcd pod (under `root/var/etcd/ssl`) and of kube-apiserver's pod (under
    /// `root/srv/kubernetes/etcd`): path → contents.
    pub fn mounts(&self, root: &str) -> Vec<(String, String)> {
        let root = root.trim_end_matches('/');
        let ssl = format!("{root}/var/etcd/ssl");
        let api = format!("{root}/srv/kubernetes/etcd");
        let mut files = vec![
            (format!("{ssl}/ca/bundle.crt"), self.ca.pair.cert_pem.clone()),
            (format!("{ssl}/server/tls.crt"), self.server.cert_pem.clone()),
            (format!("{ssl}/server/tls.key"), self.server.key.pem.clone()),
            (format!("{ssl}/client/tls.crt"), self.client.cert_pem.clone()),
            (format!("{ssl}/client/tls.key"), self.client.key.pem.clone()),
        ];
        if let Some((peer_ca, peer)) = &self.peer {
            files.extend([
                (format!("{ssl}/peer/ca/bundle.crt"), peer_ca.pair.cert_pem.clone()),
                (format!("{ssl}/peer/server/tls.crt"), peer.cert_pem.clone()),
                (format!("{ssl}/peer/server/tls.key"), peer.key.pem.clone()),
            ]);
        }
        files.extend([
            (format!("{api}/ca/bundle.crt"), self.ca.pair.cert_pem.clone()),
            (format!("{api}/client/tls.crt"), self.client.cert_pem.clone()),
            (format!("{api}/client/tls.key"), self.client.key.pem.clone()),
        ]);
        files
    }

    /// etcd-druid's `etcd.conf.yaml` TLS part (`internal/component/configmap/etcdconfig.go`),
    /// with the pod's paths under `root`.
    pub fn transport_security(&self, root: &str) -> String {
        let ssl = format!("{}/var/etcd/ssl", root.trim_end_matches('/'));
        let mut yaml = format!(
            "client-transport-security:\n  cert-file: {ssl}/server/tls.crt\n  key-file: {ssl}/server/tls.key\n  client-cert-auth: true\n  trusted-ca-file: {ssl}/ca/bundle.crt\n  auto-tls: false\n"
        );
        if self.peer.is_some() {
            yaml.push_str(&format!(
                "peer-transport-security:\n  cert-file: {ssl}/peer/server/tls.crt\n  key-file: {ssl}/peer/server/tls.key\n  client-cert-auth: true\n  trusted-ca-file: {ssl}/peer/ca/bundle.crt\n  auto-tls: false\n"
            ));
        }
        yaml
    }
}
