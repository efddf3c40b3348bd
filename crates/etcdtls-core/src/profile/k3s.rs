//! k3s and RKE2, as `k3s-io/k3s` writes them; RKE2 (`rancher/rke2`) runs the same code with
//! `version.Program = "rke2"` (its `scripts/build-binary` sets it) and the data dir
//! `/var/lib/rancher/rke2` (`pkg/cli/cmds/server.go`). The facts, with the files and commits
//! they were read from, are in `docs/distributions.md`; in short:
//!
//! - Paths (`pkg/daemons/control/deps/deps.go` `FillRuntimeCerts`): `<data dir>/server/tls/`
//!   holds the CAs `client-ca`, `server-ca`, `request-header-ca`, the component certificates
//!   `client-*.crt` and `serving-kube-apiserver.crt`, `service.key`, and `etcd/` with
//!   `server-ca`, `peer-ca`, `server-client`, `peer-server-client` and `client`. The agent's
//!   copies of the CAs and its own certificates sit in `<data dir>/agent/`
//!   (`pkg/agent/config/config.go`).
//! - Subjects: every CA is `<prefix>-ca@<unix time>` with no O (`createSigningCertKey`);
//!   prefixes `k3s-client`, `k3s-server`, `k3s-request-header`, `etcd-server`, `etcd-peer`.
//! - CAs made beforehand by `contrib/util/generate-custom-ca-certs.sh`: a root
//!   `k3s-root-ca@<time>` and an intermediate `k3s-intermediate-ca@<time>` (`root-ca.*`,
//!   `intermediate-ca.*`) above five CAs named `k3s-client-ca`, `k3s-server-ca`,
//!   `k3s-request-header-ca`, `k3s-etcd-peer-ca` and `k3s-etcd-server-ca` `@<time>`, each
//!   `.crt` the CA followed by the intermediate and the root, `.pem` the CA alone.
//! - Files: each leaf file holds the leaf followed by its CA (`createClientCertKey` writes
//!   `append(EncodeCertPEM(cert), EncodeCertPEM(caCert[0])...)`); CA files hold the CA alone.
//! - Keys: ECDSA P-256 in SEC1 PEM (`EC PRIVATE KEY`, dynamiclistener's
//!   `LoadOrGenerateKeyFile`), except `service.key`, RSA 2048 in PKCS#1 (`NewPrivateKey`).
//! - Validity (dynamiclistener `cert/cert.go`): CAs 10 years, leaves 365 days.
//! - etcd: not started with flags but with a YAML config file, `server/db/etcd/config`
//!   (`pkg/daemons/executor/executor.go` `ToConfigFile`), whose `client-transport-security`
//!   names `server-client.crt`, `server-client.key` and `etcd/server-ca.crt`, and
//!   `peer-transport-security` names `peer-server-client.*` and `etcd/peer-ca.crt`
//!   (`pkg/etcd/etcd.go` `cluster`). k3s runs etcd in its own process; RKE2 runs it as a
//!   static pod, `agent/pod-manifests/etcd.yaml`, whose only argument is
//!   `--config-file=<data dir>/server/db/etcd/config` (`pkg/executor/staticpod/staticpod.go`).

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

macro_rules! rancher_profile {
    ($id:literal, $name:literal, $dir:literal, $ca:literal, $service:literal) => {
        Profile {
            id: $id,
            name: $name,
            pki_dirs: &[
                concat!($dir, "/server/tls"),
                concat!($dir, "/server/cred"),
                concat!($dir, "/agent"),
            ],
            renew_leaf: concat!(
                "On each server node: `systemctl stop ",
                $service,
                "`, `",
                $id,
                " certificate rotate --service {renew}` (or without --service for all), then `systemctl start ",
                $service,
                "`. ",
                $name,
                " also renews leaves that expire within 120 days (90 before 2024) whenever it starts."
            ),
            renew_other: concat!(
                "On each server node: `systemctl stop ",
                $service,
                "`, `",
                $id,
                " certificate rotate`, then `systemctl start ",
                $service,
                "`. ",
                $name,
                " also renews leaves that expire within 120 days (90 before 2024) whenever it starts."
            ),
            resign_ca_by_hand: false,
            renew_ca: concat!(
                "Replace ",
                $name,
                "'s CAs with `",
                $id,
                " certificate rotate-ca --path=<folder with the new CA files>` (see the ",
                $name,
                " docs on CA rotation), then restart every node."
            ),
            names: Names::both(concat!(
                $name,
                " gives etcd's certificates its `tls-san` values, localhost, 127.0.0.1, ::1 and the node's name and IPs. Add {names} to `tls-san` in /etc/rancher/",
                $id,
                "/config.yaml on each server and restart it (`systemctl restart ",
                $service,
                "`): a certificate that lacks a name is reissued at start (`",
                $id,
                " certificate rotate --service etcd`, run while it is stopped, forces it)."
            )),
            entries: &[
                Entry::ca(Role::KubernetesCa, "client CA (signs every client of the API server)")
                    .cn(&[concat!($ca, "-client-ca@#")])
                    .files(&["tls/client-ca.crt", "tls/client-ca.nochain.crt", "agent/client-ca.crt"])
                    .used_by(&[
                        "kube-apiserver --client-ca-file",
                        "kube-controller-manager --cluster-signing-kube-apiserver-client-cert-file",
                    ]),
                Entry::ca(
                    Role::KubernetesCa,
                    "server CA (signs the API server's and kubelets' serving certificates)",
                )
                .cn(&[concat!($ca, "-server-ca@#")])
                .files(&["tls/server-ca.crt", "tls/server-ca.nochain.crt", "agent/server-ca.crt"])
                .used_by(&[
                    "kubeconfig certificate-authority",
                    "kube-controller-manager --cluster-signing-kubelet-serving-cert-file",
                ]),
                Entry::ca(Role::FrontProxyCa, "request-header CA")
                    .cn(&[concat!($ca, "-request-header-ca@#")])
                    .files(&["tls/request-header-ca.crt"])
                    .used_by(&["kube-apiserver --requestheader-client-ca-file"]),
                // generate-custom-ca-certs.sh: a root and an intermediate above the five CAs,
                // which it names <program>-<type>-ca@<time>; every CA file holds the chain.
                Entry::ca(Role::RootCa, "custom root CA (from generate-custom-ca-certs.sh)")
                    .cn(&[concat!($ca, "-root-ca@#")])
                    .files(&["tls/root-ca.crt", "tls/root-ca.pem"])
                    .used_by(&[
                        "etcd, the API server and every client that trusts a k3s CA file (each ends with this root)",
                        "generate-custom-ca-certs.sh, to sign the intermediate CA (keep its key offline)",
                    ]),
                Entry::ca(
                    Role::IntermediateCa,
                    "custom intermediate CA (from generate-custom-ca-certs.sh)",
                )
                .cn(&[concat!($ca, "-intermediate-ca@#")])
                .files(&["tls/intermediate-ca.crt", "tls/intermediate-ca.pem"])
                .used_by(&[
                    "etcd, the API server and every client that trusts a k3s CA file (each holds this intermediate)",
                    "generate-custom-ca-certs.sh, to sign the five CAs (keep its key offline)",
                ]),
                Entry::ca(Role::EtcdCa, "etcd server CA (from generate-custom-ca-certs.sh)")
                    .cn(&[concat!($ca, "-etcd-server-ca@#")])
                    .files(&["tls/etcd/server-ca.crt", "tls/etcd/server-ca.pem"])
                    .used_by(&[
                        "etcd --trusted-ca-file (client-transport-security in server/db/etcd/config)",
                        "kube-apiserver --etcd-cafile",
                        "etcdctl --cacert",
                    ]),
                Entry::ca(Role::EtcdPeerCa, "etcd peer CA (from generate-custom-ca-certs.sh)")
                    .cn(&[concat!($ca, "-etcd-peer-ca@#")])
                    .files(&["tls/etcd/peer-ca.crt", "tls/etcd/peer-ca.pem"])
                    .used_by(&["etcd --peer-trusted-ca-file (peer-transport-security in server/db/etcd/config)"]),
                // deps.go `createClientCertKey` (`genETCDCerts`): the server issues etcd's leaves
                // from these keys at every start, and renews those near their end.
                Entry::ca(Role::EtcdCa, "etcd server CA")
                    .cn(&["etcd-server-ca@#"])
                    .files(&["tls/etcd/server-ca.crt"])
                    .used_by(&[
                        "etcd --trusted-ca-file (client-transport-security in server/db/etcd/config)",
                        "kube-apiserver --etcd-cafile",
                        "etcdctl --cacert",
                    ])
                    .key_used_by(&[concat!(
                        $name,
                        "'s server (`",
                        $service,
                        "`), which issues etcd's server-client.crt and client.crt from it when it starts, and again when they near their end"
                    )]),
                Entry::ca(Role::EtcdPeerCa, "etcd peer CA")
                    .cn(&["etcd-peer-ca@#"])
                    .files(&["tls/etcd/peer-ca.crt"])
                    .used_by(&["etcd --peer-trusted-ca-file (peer-transport-security in server/db/etcd/config)"])
                    .key_used_by(&[concat!(
                        $name,
                        "'s server (`",
                        $service,
                        "`), which issues etcd's peer-server-client.crt from it when it starts, and again when it nears its end"
                    )]),
                Entry::leaf(
                    Role::KubeSuperAdmin,
                    "admin client certificate (system:masters)",
                    Eku::Client,
                    Role::KubernetesCa,
                )
                .cn(&["system:admin"])
                .o(&["system:masters"])
                .files(&["tls/client-admin.crt", "admin.kubeconfig"])
                .bundled()
                .used_by(&["kubectl (cred/admin.kubeconfig)"])
                .renew("admin"),
                Entry::leaf(
                    Role::KubeSuperAdmin,
                    "supervisor client certificate (system:masters)",
                    Eku::Client,
                    Role::KubernetesCa,
                )
                .cn(&[concat!("system:", $ca, "-supervisor")])
                .o(&["system:masters"])
                .files(&["tls/client-supervisor.crt"])
                .bundled()
                .used_by(&[concat!($id, " supervisor (cred/supervisor.kubeconfig)")])
                .renew("supervisor"),
                Entry::leaf(
                    Role::KubeControllerManager,
                    "controller-manager client certificate",
                    Eku::Client,
                    Role::KubernetesCa,
                )
                .cn(&["system:kube-controller-manager"])
                .files(&["tls/client-controller.crt"])
                .bundled()
                .used_by(&["kube-controller-manager (cred/controller.kubeconfig)"])
                .renew("controller-manager"),
                Entry::leaf(
                    Role::KubeScheduler,
                    "scheduler client certificate",
                    Eku::Client,
                    Role::KubernetesCa,
                )
                .cn(&["system:kube-scheduler"])
                .files(&["tls/client-scheduler.crt"])
                .bundled()
                .used_by(&["kube-scheduler (cred/scheduler.kubeconfig)"])
                .renew("scheduler"),
                Entry::leaf(
                    Role::ApiserverKubeletClient,
                    "API server's client certificate (kubelets, supervisor)",
                    Eku::Client,
                    Role::KubernetesCa,
                )
                // `kube-apiserver` with no O before k3s 1.2x (deps.go at 73047b2).
                .cn(&["system:apiserver", "kube-apiserver"])
                .o(&["system:masters"])
                .files(&["tls/client-kube-apiserver.crt"])
                .bundled()
                .used_by(&["kube-apiserver --kubelet-client-certificate"])
                .renew("api-server"),
                Entry::leaf(
                    Role::Client,
                    "kube-proxy client certificate",
                    Eku::Client,
                    Role::KubernetesCa,
                )
                .cn(&["system:kube-proxy"])
                .files(&["tls/client-kube-proxy.crt", "agent/client-kube-proxy.crt"])
                .bundled()
                .used_by(&["kube-proxy --kubeconfig"])
                .renew("kube-proxy"),
                Entry::leaf(
                    Role::Client,
                    concat!($ca, " controller client certificate"),
                    Eku::Client,
                    Role::KubernetesCa,
                )
                .cn(&[concat!("system:", $ca, "-controller")])
                .files(&[
                    concat!("tls/client-", $ca, "-controller.crt"),
                    concat!("agent/client-", $ca, "-controller.crt"),
                ])
                .bundled()
                .used_by(&[concat!($id, " agent controllers")])
                .renew(concat!($ca, "-controller")),
                Entry::leaf(
                    Role::Client,
                    "cloud-controller-manager client certificate",
                    Eku::Client,
                    Role::KubernetesCa,
                )
                .cn(&[concat!($ca, "-cloud-controller-manager")])
                .files(&[concat!("tls/client-", $ca, "-cloud-controller.crt")])
                .bundled()
                .used_by(&["cloud-controller-manager (cred/cloud-controller.kubeconfig)"])
                .renew("cloud-controller"),
                Entry::leaf(
                    Role::KubeletClient,
                    "kubelet client certificate",
                    Eku::Client,
                    Role::KubernetesCa,
                )
                .cn(&["system:node:*"])
                .o(&["system:nodes"])
                .files(&["agent/client-kubelet.crt"])
                .bundled()
                .used_by(&["kubelet --kubeconfig (agent/kubelet.kubeconfig)"])
                .renew("kubelet"),
                Entry::leaf(
                    Role::Server,
                    "kubelet serving certificate (CN the node name)",
                    Eku::Server,
                    Role::KubernetesCa,
                )
                .files(&["agent/serving-kubelet.crt"])
                .bundled()
                .used_by(&["kubelet --tls-cert-file"])
                .renew("kubelet"),
                Entry::leaf(
                    Role::FrontProxyClient,
                    "auth-proxy client certificate",
                    Eku::Client,
                    Role::FrontProxyCa,
                )
                .cn(&["system:auth-proxy"])
                .files(&["tls/client-auth-proxy.crt"])
                .bundled()
                .used_by(&["kube-apiserver --proxy-client-cert-file"])
                .renew("auth-proxy"),
                Entry::leaf(
                    Role::KubeApiserver,
                    "API server serving certificate",
                    Eku::Server,
                    Role::KubernetesCa,
                )
                .cn(&["kube-apiserver"])
                .files(&["tls/serving-kube-apiserver.crt"])
                .bundled()
                .used_by(&["kube-apiserver --tls-cert-file"])
                .renew("api-server"),
                // pkg/cluster/https.go newListener: dynamiclistener's certificate for the
                // supervisor port, kept in server/tls/dynamic-cert.json (a Secret without kind)
                // and in the Secret kube-system/k3s-serving.
                Entry::leaf(
                    Role::KubeApiserver,
                    "supervisor listener certificate (port 6443, from dynamiclistener)",
                    Eku::Server,
                    Role::KubernetesCa,
                )
                .cn(&[$ca])
                .o(&[$ca])
                .files(&["tls/dynamic-cert.json/tls.crt", "k3s-serving/tls.crt"])
                .used_by(&[concat!($id, " supervisor on :6443, in front of kube-apiserver")])
                .renew(concat!($ca, "-server")),
                Entry::leaf(
                    Role::ApiserverEtcdClient,
                    "etcd client certificate (API server and supervisor)",
                    Eku::Client,
                    Role::EtcdCa,
                )
                .cn(&["etcd-client"])
                .files(&["tls/etcd/client.crt"])
                .bundled()
                .used_by(&["kube-apiserver --etcd-certfile", "etcdctl --cert"])
                .renew("etcd"),
                Entry::leaf(Role::EtcdServer, "etcd server certificate", Eku::Both, Role::EtcdCa)
                    .cn(&["etcd-server"])
                    .files(&["tls/etcd/server-client.crt"])
                    .bundled()
                    .used_by(&["etcd --cert-file (client-transport-security in server/db/etcd/config)"])
                    .renew("etcd"),
                Entry::leaf(Role::EtcdPeer, "etcd peer certificate", Eku::Both, Role::EtcdPeerCa)
                    .cn(&["etcd-peer"])
                    .files(&["tls/etcd/peer-server-client.crt"])
                    .bundled()
                    .used_by(&["etcd --peer-cert-file (peer-transport-security in server/db/etcd/config)"])
                    .renew("etcd"),
                // kube-apiserver writes this pair itself into its --cert-dir, signed by a CA it
                // makes for it alone and keeps nowhere else (client-go
                // GenerateSelfSignedCertKeyWithFixtures: RSA 2048, 100 years).
                Entry::ca(Role::RootCa, "API server's own one-off CA for its loopback certificate")
                    .cn(&["apiserver-loopback-client-ca@#"])
                    .files(&["tls/apiserver-loopback-client__.crt"]),
                Entry::leaf(
                    Role::KubeApiserver,
                    "API server's loopback serving certificate (for its own in-process clients)",
                    Eku::Server,
                    Role::RootCa,
                )
                .cn(&["apiserver-loopback-client@#"])
                .files(&["tls/apiserver-loopback-client__.crt"])
                .bundled()
                .used_by(&["kube-apiserver, for connections to itself over loopback"]),
                Entry::key(Role::ServiceAccountKey, "service-account signing key")
                    .files(&["tls/service.key", "tls/service.current.key"])
                    .used_by(&[
                        "kube-apiserver --service-account-key-file",
                        "kube-controller-manager --service-account-private-key-file",
                    ]),
                // The supervisor certifies each agent's kubelet (pkg/server/handlers
                // signAndSend): for the key in the agent's CSR, or, for an agent that sends no
                // CSR (a legacy one), for this shared key, sent along with the certificate. No
                // certificate of theirs stays on the server.
                Entry::key(
                    Role::KubeletClient,
                    "shared key for the kubelet client certificates of agents that send no CSR",
                )
                .files(&["tls/client-kubelet.key"])
                .used_by(&[concat!($id, " supervisor (/v1-", $id, "/client-kubelet.crt)")]),
                Entry::key(
                    Role::Server,
                    "shared key for the kubelet serving certificates of agents that send no CSR",
                )
                .files(&["tls/serving-kubelet.key"])
                .used_by(&[concat!($id, " supervisor (/v1-", $id, "/serving-kubelet.crt)")]),
            ],
        }
    };
}

pub static K3S: Profile = rancher_profile!("k3s", "k3s", "/var/lib/rancher/k3s", "k3s", "k3s");
pub static RKE2: Profile = rancher_profile!("rke2", "RKE2", "/var/lib/rancher/rke2", "rke2", "rke2-server");
