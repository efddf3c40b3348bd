//! k3s and RKE2 (`k3s-io/k3s` `pkg/daemons/control/deps/deps.go`; RKE2 runs the same code with
//! `version.Program = "rke2"`). Every CA is named `<prefix>-ca@<unix time>`; every leaf file
//! holds the leaf followed by its CA; keys are ECDSA P-256. etcd has its own server CA and a
//! separate peer CA under `server/tls/etcd`.

use super::{Eku, Entry, Profile};
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
                " also renews leaves that expire within 90 days whenever it starts."
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
                " also renews leaves that expire within 90 days whenever it starts."
            ),
            renew_ca: concat!(
                "Replace ",
                $name,
                "'s CAs with `",
                $id,
                " certificate rotate-ca --path=<folder with the new CA files>` (see the ",
                $name,
                " docs on CA rotation), then restart every node."
            ),
            entries: &[
                Entry::ca(Role::KubernetesCa, "client CA (signs every client of the API server)")
                    .cn(&[concat!($ca, "-client-ca@#")])
                    .files(&["tls/client-ca.crt", "tls/client-ca.nochain.crt"])
                    .used_by(&[
                        "kube-apiserver --client-ca-file",
                        "kube-controller-manager --cluster-signing-kube-apiserver-client-cert-file",
                    ]),
                Entry::ca(
                    Role::KubernetesCa,
                    "server CA (signs the API server's and kubelets' serving certificates)",
                )
                .cn(&[concat!($ca, "-server-ca@#")])
                .files(&["tls/server-ca.crt", "tls/server-ca.nochain.crt"])
                .used_by(&[
                    "kubeconfig certificate-authority",
                    "kube-controller-manager --cluster-signing-kubelet-serving-cert-file",
                ]),
                Entry::ca(Role::FrontProxyCa, "request-header CA")
                    .cn(&[concat!($ca, "-request-header-ca@#")])
                    .files(&["tls/request-header-ca.crt"])
                    .used_by(&["kube-apiserver --requestheader-client-ca-file"]),
                Entry::ca(Role::EtcdCa, "etcd server CA")
                    .cn(&["etcd-server-ca@#"])
                    .files(&["tls/etcd/server-ca.crt"])
                    .used_by(&["etcd --trusted-ca-file", "kube-apiserver --etcd-cafile"]),
                Entry::ca(Role::EtcdPeerCa, "etcd peer CA")
                    .cn(&["etcd-peer-ca@#"])
                    .files(&["tls/etcd/peer-ca.crt"])
                    .used_by(&["etcd --peer-trusted-ca-file"]),
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
                .cn(&["system:apiserver"])
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
                .files(&["tls/client-kube-proxy.crt"])
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
                .files(&[concat!("tls/client-", $ca, "-controller.crt")])
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
                .used_by(&["kubelet --kubeconfig"])
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
                    .used_by(&["etcd --cert-file"])
                    .renew("etcd"),
                Entry::leaf(Role::EtcdPeer, "etcd peer certificate", Eku::Both, Role::EtcdPeerCa)
                    .cn(&["etcd-peer"])
                    .files(&["tls/etcd/peer-server-client.crt"])
                    .bundled()
                    .used_by(&["etcd --peer-cert-file"])
                    .renew("etcd"),
                Entry::key(Role::ServiceAccountKey, "service-account signing key")
                    .files(&["tls/service.key", "tls/service.current.key"])
                    .used_by(&[
                        "kube-apiserver --service-account-key-file",
                        "kube-controller-manager --service-account-private-key-file",
                    ]),
                Entry::key(
                    Role::KubeletClient,
                    "kubelet client key (its certificate is made per agent)",
                )
                .files(&["tls/client-kubelet.key"]),
                Entry::key(Role::Server, "kubelet serving key (its certificate is made per agent)")
                    .files(&["tls/serving-kubelet.key"]),
            ],
        }
    };
}

pub static K3S: Profile = rancher_profile!("k3s", "k3s", "/var/lib/rancher/k3s", "k3s", "k3s");
pub static RKE2: Profile = rancher_profile!("rke2", "RKE2", "/var/lib/rancher/rke2", "rke2", "rke2-server");
