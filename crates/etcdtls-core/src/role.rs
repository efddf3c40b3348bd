//! Roles: what a certificate is for in an etcd or Kubernetes control plane.
//!
//! A role id is a stable string (`etcd-ca`, `apiserver-etcd-client`): scripts, tests, the web
//! page's `data-role` attribute and the docs depend on it. kubeadm's names and the Kubernetes
//! documentation's names both lead to the same role.

use std::fmt;

use serde::Serialize;

/// What a certificate (and the key that pairs with it) is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Role {
    /// kubeadm's `ca.crt`: signs the API server's certificate and the cluster's client certs.
    KubernetesCa,
    /// kubeadm's `etcd/ca.crt`: signs etcd's server, peer and client certificates.
    EtcdCa,
    /// kubeadm's `front-proxy-ca.crt`: signs the aggregation layer's client certificate.
    FrontProxyCa,
    /// A CA that signs only etcd's peer certificates (k3s/RKE2 `etcd/peer-ca.crt`, kops
    /// `etcd-peers-ca`).
    EtcdPeerCa,
    /// A CA that signs only etcd's metrics certificates (OpenShift's `etcd-metric-signer`).
    EtcdMetricsCa,
    /// kops' `etcd-manager-ca-<cluster>`: signs etcd-manager's own gRPC certificates, not
    /// etcd's.
    EtcdManagerCa,
    /// The API server's serving certificate (`apiserver.crt`).
    KubeApiserver,
    /// The API server's client certificate towards kubelets.
    ApiserverKubeletClient,
    /// The API server's client certificate towards etcd.
    ApiserverEtcdClient,
    /// The aggregation layer's client certificate.
    FrontProxyClient,
    /// etcd's client-facing serving certificate (`etcd/server.crt`, docs: kube-etcd).
    EtcdServer,
    /// etcd's member-to-member certificate (`etcd/peer.crt`, docs: kube-etcd-peer).
    EtcdPeer,
    /// An etcd member certificate that could be either server or peer: same content.
    EtcdMember,
    /// kubeadm's etcd health-check client (`etcd/healthcheck-client.crt`).
    EtcdHealthcheckClient,
    /// An etcd client that is neither the API server's nor a health check (Talos
    /// `etcd/admin.crt`, the etcd TLS guide's `client.pem`).
    EtcdClient,
    /// etcd's metrics serving certificate (OpenShift `etcd-serving-metrics-<node>`).
    EtcdMetricsServer,
    /// `admin.conf`'s user: cluster admin through RBAC.
    KubeAdmin,
    /// `super-admin.conf`'s user: `system:masters`, bypasses RBAC.
    KubeSuperAdmin,
    /// `controller-manager.conf`'s user.
    KubeControllerManager,
    /// `scheduler.conf`'s user.
    KubeScheduler,
    /// A kubelet's client certificate (`system:node:<name>`).
    KubeletClient,
    /// kubeadm's `sa.key` / `sa.pub`: signs and checks service-account tokens.
    ServiceAccountKey,
    /// A self-signed CA with no more specific role.
    RootCa,
    /// A CA signed by another CA.
    IntermediateCa,
    /// A leaf for TLS servers only.
    Server,
    /// A leaf for TLS clients only.
    Client,
    /// A leaf for both.
    ServerClient,
    /// Nothing tells.
    Unknown,
}

impl Role {
    /// Every role, in a stable order.
    pub const ALL: [Role; 28] = [
        Role::KubernetesCa,
        Role::EtcdCa,
        Role::FrontProxyCa,
        Role::EtcdPeerCa,
        Role::EtcdMetricsCa,
        Role::EtcdManagerCa,
        Role::KubeApiserver,
        Role::ApiserverKubeletClient,
        Role::ApiserverEtcdClient,
        Role::FrontProxyClient,
        Role::EtcdServer,
        Role::EtcdPeer,
        Role::EtcdMember,
        Role::EtcdHealthcheckClient,
        Role::EtcdClient,
        Role::EtcdMetricsServer,
        Role::KubeAdmin,
        Role::KubeSuperAdmin,
        Role::KubeControllerManager,
        Role::KubeScheduler,
        Role::KubeletClient,
        Role::ServiceAccountKey,
        Role::RootCa,
        Role::IntermediateCa,
        Role::Server,
        Role::Client,
        Role::ServerClient,
        Role::Unknown,
    ];

    /// The stable id.
    pub fn id(self) -> &'static str {
        match self {
            Role::KubernetesCa => "kubernetes-ca",
            Role::EtcdCa => "etcd-ca",
            Role::FrontProxyCa => "front-proxy-ca",
            Role::EtcdPeerCa => "etcd-peer-ca",
            Role::EtcdMetricsCa => "etcd-metrics-ca",
            Role::EtcdManagerCa => "etcd-manager-ca",
            Role::EtcdClient => "etcd-client",
            Role::EtcdMetricsServer => "etcd-metrics-server",
            Role::KubeApiserver => "kube-apiserver",
            Role::ApiserverKubeletClient => "apiserver-kubelet-client",
            Role::ApiserverEtcdClient => "apiserver-etcd-client",
            Role::FrontProxyClient => "front-proxy-client",
            Role::EtcdServer => "etcd-server",
            Role::EtcdPeer => "etcd-peer",
            Role::EtcdMember => "etcd-member",
            Role::EtcdHealthcheckClient => "etcd-healthcheck-client",
            Role::KubeAdmin => "kube-admin",
            Role::KubeSuperAdmin => "kube-super-admin",
            Role::KubeControllerManager => "kube-controller-manager",
            Role::KubeScheduler => "kube-scheduler",
            Role::KubeletClient => "kubelet-client",
            Role::ServiceAccountKey => "service-account-key",
            Role::RootCa => "root-ca",
            Role::IntermediateCa => "intermediate-ca",
            Role::Server => "server",
            Role::Client => "client",
            Role::ServerClient => "server-client",
            Role::Unknown => "unknown",
        }
    }

    /// Parses a stable id.
    pub fn from_id(id: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.id() == id)
    }

    /// A short title for people.
    pub fn title(self) -> &'static str {
        match self {
            Role::KubernetesCa => "Kubernetes CA",
            Role::EtcdCa => "etcd CA",
            Role::FrontProxyCa => "front-proxy CA",
            Role::EtcdPeerCa => "etcd peer CA",
            Role::EtcdMetricsCa => "etcd metrics CA",
            Role::EtcdManagerCa => "etcd-manager CA",
            Role::EtcdClient => "etcd client certificate",
            Role::EtcdMetricsServer => "etcd metrics server certificate",
            Role::KubeApiserver => "API server certificate",
            Role::ApiserverKubeletClient => "API server → kubelet client certificate",
            Role::ApiserverEtcdClient => "API server → etcd client certificate",
            Role::FrontProxyClient => "front-proxy client certificate",
            Role::EtcdServer => "etcd server certificate",
            Role::EtcdPeer => "etcd peer certificate",
            Role::EtcdMember => "etcd member certificate (server or peer)",
            Role::EtcdHealthcheckClient => "etcd health-check client certificate",
            Role::KubeAdmin => "cluster admin client certificate",
            Role::KubeSuperAdmin => "super-admin client certificate",
            Role::KubeControllerManager => "controller-manager client certificate",
            Role::KubeScheduler => "scheduler client certificate",
            Role::KubeletClient => "kubelet client certificate",
            Role::ServiceAccountKey => "service-account signing key",
            Role::RootCa => "root CA",
            Role::IntermediateCa => "intermediate CA",
            Role::Server => "server certificate",
            Role::Client => "client certificate",
            Role::ServerClient => "server and client certificate",
            Role::Unknown => "certificate of unknown purpose",
        }
    }

    /// Whether the role is a certificate authority.
    pub fn is_ca(self) -> bool {
        matches!(
            self,
            Role::KubernetesCa
                | Role::EtcdCa
                | Role::FrontProxyCa
                | Role::EtcdPeerCa
                | Role::EtcdMetricsCa
                | Role::EtcdManagerCa
                | Role::RootCa
                | Role::IntermediateCa
        )
    }

    /// Whether the role's holder acts as a TLS client, so it needs clientAuth.
    pub fn needs_client_auth(self) -> bool {
        matches!(
            self,
            Role::ApiserverKubeletClient
                | Role::ApiserverEtcdClient
                | Role::FrontProxyClient
                | Role::EtcdPeer
                | Role::EtcdMember
                | Role::EtcdHealthcheckClient
                | Role::EtcdClient
                | Role::KubeAdmin
                | Role::KubeSuperAdmin
                | Role::KubeControllerManager
                | Role::KubeScheduler
                | Role::KubeletClient
        )
    }

    /// Whether the role's holder acts as a TLS server, so it needs serverAuth and SANs.
    pub fn needs_server_auth(self) -> bool {
        matches!(
            self,
            Role::KubeApiserver | Role::EtcdServer | Role::EtcdPeer | Role::EtcdMember | Role::EtcdMetricsServer
        )
    }

    /// A client certificate of Kubernetes' own (an admin, a kubelet, a controller, the API
    /// server towards kubelets or the aggregator): made for the Kubernetes API, not for etcd.
    pub fn is_kubernetes_client(self) -> bool {
        matches!(
            self,
            Role::KubeAdmin
                | Role::KubeSuperAdmin
                | Role::KubeletClient
                | Role::KubeControllerManager
                | Role::KubeScheduler
                | Role::ApiserverKubeletClient
                | Role::FrontProxyClient
        )
    }

    /// Whether the role belongs to etcd's own PKI.
    pub fn is_etcd(self) -> bool {
        matches!(
            self,
            Role::EtcdCa
                | Role::EtcdPeerCa
                | Role::EtcdMetricsCa
                | Role::EtcdServer
                | Role::EtcdPeer
                | Role::EtcdMember
                | Role::EtcdHealthcheckClient
                | Role::EtcdClient
                | Role::EtcdMetricsServer
                | Role::ApiserverEtcdClient
        )
    }

    /// The CA role expected to sign this role, in a kubeadm layout.
    pub fn expected_issuer(self) -> Option<Role> {
        match self {
            Role::EtcdServer
            | Role::EtcdPeer
            | Role::EtcdMember
            | Role::EtcdHealthcheckClient
            | Role::EtcdClient
            | Role::ApiserverEtcdClient => Some(Role::EtcdCa),
            Role::EtcdMetricsServer => Some(Role::EtcdMetricsCa),
            Role::KubeApiserver
            | Role::ApiserverKubeletClient
            | Role::KubeAdmin
            | Role::KubeSuperAdmin
            | Role::KubeControllerManager
            | Role::KubeScheduler
            | Role::KubeletClient => Some(Role::KubernetesCa),
            Role::FrontProxyClient => Some(Role::FrontProxyCa),
            _ => None,
        }
    }

    /// What holding a certificate of this role lets one do, in plain words.
    pub fn lets_holder(self) -> &'static str {
        match self {
            Role::KubernetesCa => {
                "vouch for the API server and for every client of the Kubernetes API: whoever holds its key can mint an admin certificate"
            }
            Role::EtcdCa => {
                "vouch for etcd's members and for every client etcd lets in: whoever holds its key can mint a certificate that reads every Secret in etcd"
            }
            Role::FrontProxyCa => "vouch for the aggregation proxy that forwards requests to extension API servers",
            Role::EtcdPeerCa => {
                "vouch for etcd members towards each other on port 2380: whoever holds its key can join a member to the cluster and receive every write"
            }
            Role::EtcdMetricsCa => "vouch for etcd's metrics endpoint and for the clients allowed to scrape it",
            Role::EtcdManagerCa => {
                "vouch for etcd-manager's servers and clients on its own peer-to-peer gRPC (not etcd's traffic): whoever holds its key can pose as an etcd-manager peer"
            }
            Role::EtcdClient => "connect to etcd as a client, with whatever etcd's auth grants its common name",
            Role::EtcdMetricsServer => "prove to Prometheus that it is scraping the real etcd metrics endpoint",
            Role::KubeApiserver => {
                "prove to kubectl, kubelets and controllers that they are talking to the real API server"
            }
            Role::ApiserverKubeletClient => "call kubelets' APIs (logs, exec, port-forward) as the API server",
            Role::ApiserverEtcdClient => "read and write everything in etcd, as the API server does",
            Role::FrontProxyClient => "forward requests to extension API servers on behalf of users",
            Role::EtcdServer => {
                "prove to etcd's clients (the API server, etcdctl) that they reached the real etcd on port 2379"
            }
            Role::EtcdPeer => "prove to the other etcd members that it is one of them, on port 2380",
            Role::EtcdMember => "prove to clients or to other members that it is a real etcd member",
            Role::EtcdHealthcheckClient => {
                "connect to etcd as a client; kubeadm makes it for its own calls to etcd (health, adding and removing members). kubeadm's etcd turns on no auth, so it may read and write everything, as apiserver-etcd-client may; it is etcdctl's choice because it is a client only, no member's identity"
            }
            Role::KubeAdmin => "use the Kubernetes API as a cluster admin (kubeadm:cluster-admins, through RBAC)",
            Role::KubeSuperAdmin => {
                "use the Kubernetes API as system:masters, which bypasses RBAC entirely: keep it offline"
            }
            Role::KubeControllerManager => "use the Kubernetes API as the controller-manager",
            Role::KubeScheduler => "use the Kubernetes API as the scheduler",
            Role::KubeletClient => "use the Kubernetes API as this node's kubelet",
            Role::ServiceAccountKey => "sign (private half) or check (public half) the tokens of service accounts",
            Role::RootCa => "vouch for the certificates it signs, for anyone who trusts it",
            Role::IntermediateCa => "vouch for the certificates it signs, on behalf of the CA above it",
            Role::Server => "prove a server's identity to TLS clients",
            Role::Client => "prove a client's identity to TLS servers",
            Role::ServerClient => "prove its holder's identity as a TLS server or as a TLS client",
            Role::Unknown => "do whatever its extensions allow; nothing marks it for TLS",
        }
    }

    /// The flags and fields that take this role's certificate, by program.
    pub fn taken_by(self) -> &'static [&'static str] {
        match self {
            Role::KubernetesCa => &[
                "kube-apiserver --client-ca-file",
                "kube-controller-manager --cluster-signing-cert-file",
                "kubeconfig certificate-authority-data",
            ],
            Role::EtcdCa => &[
                "etcd --trusted-ca-file",
                "etcd --peer-trusted-ca-file",
                "kube-apiserver --etcd-cafile",
                "etcdctl --cacert",
            ],
            Role::FrontProxyCa => &["kube-apiserver --requestheader-client-ca-file"],
            Role::EtcdPeerCa => &["etcd --peer-trusted-ca-file"],
            Role::EtcdMetricsCa => &[
                "etcd grpc-proxy --trusted-ca-file (metrics)",
                "Prometheus tls_config ca_file",
            ],
            Role::EtcdManagerCa => &["etcd-manager (its peer-to-peer gRPC)"],
            Role::EtcdClient => &["etcdctl --cert", "kube-apiserver --etcd-certfile"],
            Role::EtcdMetricsServer => &["etcd grpc-proxy --cert-file (metrics)"],
            Role::KubeApiserver => &["kube-apiserver --tls-cert-file"],
            Role::ApiserverKubeletClient => &["kube-apiserver --kubelet-client-certificate"],
            Role::ApiserverEtcdClient => &["kube-apiserver --etcd-certfile", "etcdctl --cert"],
            Role::FrontProxyClient => &["kube-apiserver --proxy-client-cert-file"],
            Role::EtcdServer => &["etcd --cert-file"],
            Role::EtcdPeer => &["etcd --peer-cert-file"],
            Role::EtcdMember => &["etcd --cert-file", "etcd --peer-cert-file"],
            Role::EtcdHealthcheckClient => &["etcdctl --cert"],
            Role::KubeAdmin
            | Role::KubeSuperAdmin
            | Role::KubeControllerManager
            | Role::KubeScheduler
            | Role::KubeletClient => &["kubeconfig client-certificate-data"],
            Role::ServiceAccountKey => &[
                "kube-apiserver --service-account-key-file (sa.pub)",
                "kube-controller-manager --service-account-private-key-file (sa.key)",
            ],
            Role::Client | Role::ServerClient => &["etcdctl --cert"],
            Role::RootCa | Role::IntermediateCa => &["etcdctl --cacert", "etcd --trusted-ca-file"],
            Role::Server => &["etcd --cert-file"],
            Role::Unknown => &[],
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// Which programs read a role's private key. Not the certificate's flags with "key" put after
/// them: a CA's key is read by whatever signs with the CA, never by a TLS client or server, and
/// `etcdctl --cacert` takes no key at all.
impl Role {
    /// The flags and programs that take this role's private key.
    pub fn key_taken_by(self) -> Vec<String> {
        let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        match self {
            Role::KubernetesCa => owned(&[
                "kube-controller-manager --cluster-signing-key-file (it signs kubelet and other approved CSRs)",
                "kubeadm, to sign new and renewed certificates (kubeadm certs renew, kubeadm join)",
            ]),
            Role::EtcdCa => owned(&[
                "kubeadm, to sign etcd's certificates (kubeadm certs renew etcd-server, etcd-peer, etcd-healthcheck-client, apiserver-etcd-client); no running component reads it",
            ]),
            Role::FrontProxyCa => owned(&[
                "kubeadm, to sign front-proxy-client (kubeadm certs renew front-proxy-client); no running component reads it",
            ]),
            Role::ServiceAccountKey => owned(&[
                "kube-controller-manager --service-account-private-key-file",
                "kube-apiserver --service-account-signing-key-file",
            ]),
            role if role.is_ca() => owned(&[
                "whatever issues certificates from this CA (the distribution's signer: kubeadm, k3s or RKE2's server, cfssl, openssl ca); no TLS client or server uses a CA's key",
            ]),
            role => role.taken_by().iter().filter_map(|flag| key_flag(flag)).collect(),
        }
    }
}

/// The flag that takes the key of the certificate a flag takes, e.g. `etcd --key-file` for
/// `etcd --cert-file`, a remark after it following (`(ETCD_CERT_FILE in /etc/etcd/etcd.env)`
/// becomes `(ETCD_KEY_FILE in …)`); `None` for flags that take CAs.
pub(crate) fn key_flag(certificate_flag: &str) -> Option<String> {
    const VARIABLES: &[(&str, &str)] = &[
        ("ETCD_PEER_CERT_FILE", "ETCD_PEER_KEY_FILE"),
        ("ETCD_CERT_FILE", "ETCD_KEY_FILE"),
        ("ETCDCTL_CERT", "ETCDCTL_KEY"),
    ];
    let (used, remark) = match certificate_flag.split_once(" (") {
        Some((used, remark)) => (used, Some(remark)),
        None => (certificate_flag, None),
    };
    let key = plain_key_flag(used)?;
    Some(match remark {
        None => key,
        Some(remark) => {
            let remark = VARIABLES
                .iter()
                .fold(remark.to_string(), |r, (cert, key)| r.replace(cert, key));
            format!("{key} ({remark}")
        }
    })
}

fn plain_key_flag(certificate_flag: &str) -> Option<String> {
    const PAIRS: &[(&str, &str)] = &[
        ("--cert-file", "--key-file"),
        ("--peer-cert-file", "--peer-key-file"),
        ("--etcd-certfile", "--etcd-keyfile"),
        ("--cert", "--key"),
        ("--tls-cert-file", "--tls-private-key-file"),
        ("--kubelet-client-certificate", "--kubelet-client-key"),
        ("--proxy-client-cert-file", "--proxy-client-key-file"),
        ("client-certificate-data", "client-key-data"),
    ];
    let (program, flag) = certificate_flag.rsplit_once(' ')?;
    let (_, key) = PAIRS.iter().find(|(cert, _)| *cert == flag)?;
    Some(format!("{program} {key}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for role in Role::ALL {
            assert_eq!(Role::from_id(role.id()), Some(role));
            assert!(seen.insert(role.id()));
        }
        assert_eq!(Role::from_id("nope"), None);
    }

    #[test]
    fn serde_uses_the_ids() {
        for role in Role::ALL {
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(json, format!("\"{}\"", role.id()));
        }
    }

    #[test]
    fn keys_are_taken_by_key_flags_and_ca_keys_by_signers() {
        for role in Role::ALL {
            for user in role.key_taken_by() {
                assert!(
                    !user.contains("--cacert") && !user.contains("trusted-ca"),
                    "{role}: {user}"
                );
                assert!(!user.contains("(its key flag)"), "{role}: {user}");
            }
        }
        assert!(Role::KubernetesCa.key_taken_by()[0].starts_with("kube-controller-manager --cluster-signing-key-file"));
        assert!(Role::EtcdCa.key_taken_by()[0].starts_with("kubeadm"));
        assert_eq!(Role::EtcdServer.key_taken_by(), vec!["etcd --key-file"]);
        assert_eq!(
            Role::ApiserverEtcdClient.key_taken_by(),
            vec!["kube-apiserver --etcd-keyfile", "etcdctl --key"]
        );
        assert_eq!(Role::KubeAdmin.key_taken_by(), vec!["kubeconfig client-key-data"]);
    }
}
