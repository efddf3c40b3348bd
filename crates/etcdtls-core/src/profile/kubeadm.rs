//! kubeadm, 1.11 to today (`cmd/kubeadm/app/phases/certs`, `.../kubeconfig`): three CAs
//! (`kubernetes`, `etcd-ca`, `front-proxy-ca`; in 1.11 all three were named `kubernetes`, and
//! Cluster API, which makes the CAs of the nodes it runs kubeadm on, names all three
//! `kubernetes` today: `util/secret/certificates.go` `newSelfSignedCACert`),
//! their leaves under `/etc/kubernetes/pki`, client certificates embedded in the kubeconfig
//! files of `/etc/kubernetes`, and `sa.key`/`sa.pub`.

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

/// Who still names these CAs `kubernetes`.
const CLUSTER_API: &str = "Cluster API gives every CA it makes for the nodes it runs kubeadm on";

/// The etcd CA. Also minikube's, which runs kubeadm.
pub(super) const ETCD_CA: Entry = Entry::ca(Role::EtcdCa, "etcd CA")
    .cn(&["etcd-ca", "kubernetes"])
    .also_named("kubernetes", CLUSTER_API)
    .files(&["pki/etcd/ca.crt"])
    .used_by(&[
        "etcd --trusted-ca-file",
        "etcd --peer-trusted-ca-file",
        "kube-apiserver --etcd-cafile",
    ])
    // Said here, not only by the role, so that minikube, which runs kubeadm, says it too.
    .key_used_by(&["kubeadm, to sign etcd's certificates (kubeadm certs renew etcd-server, etcd-peer, etcd-healthcheck-client, apiserver-etcd-client); no running component reads it"]);

/// The front-proxy CA. Also minikube's, which runs kubeadm.
pub(super) const FRONT_PROXY_CA: Entry = Entry::ca(Role::FrontProxyCa, "front-proxy CA")
    .cn(&["front-proxy-ca", "kubernetes-front-proxy-ca", "kubernetes"])
    .also_named("kubernetes", CLUSTER_API)
    .files(&["pki/front-proxy-ca.crt"])
    .used_by(&["kube-apiserver --requestheader-client-ca-file"])
    .key_used_by(&[
        "kubeadm, to sign front-proxy-client (kubeadm certs renew front-proxy-client); no running component reads it",
    ]);

/// kube-apiserver's client towards kubelets. Also minikube's, which runs kubeadm.
pub(super) const APISERVER_KUBELET_CLIENT: Entry = Entry::leaf(
    Role::ApiserverKubeletClient,
    "API server's kubelet client certificate",
    Eku::Client,
    Role::KubernetesCa,
)
.cn(&["kube-apiserver-kubelet-client"])
.o(&["kubeadm:cluster-admins", "system:masters"])
.files(&["pki/apiserver-kubelet-client.crt"])
.used_by(&["kube-apiserver --kubelet-client-certificate"])
.renew("apiserver-kubelet-client");

/// kube-apiserver's client towards etcd. Also minikube's, which runs kubeadm.
pub(super) const APISERVER_ETCD_CLIENT: Entry = Entry::leaf(
    Role::ApiserverEtcdClient,
    "API server's etcd client certificate",
    Eku::Client,
    Role::EtcdCa,
)
.cn(&["kube-apiserver-etcd-client"])
.files(&["pki/apiserver-etcd-client.crt"])
.used_by(&["kube-apiserver --etcd-certfile"])
.renew("apiserver-etcd-client");

/// The aggregation layer's client. Also minikube's, which runs kubeadm.
pub(super) const FRONT_PROXY_CLIENT: Entry = Entry::leaf(
    Role::FrontProxyClient,
    "front-proxy client certificate",
    Eku::Client,
    Role::FrontProxyCa,
)
.cn(&["front-proxy-client"])
.files(&["pki/front-proxy-client.crt"])
.used_by(&["kube-apiserver --proxy-client-cert-file"])
.renew("front-proxy-client");

/// etcd's serving certificate. Also minikube's, which runs kubeadm.
pub(super) const ETCD_SERVER: Entry = Entry::leaf(Role::EtcdServer, "etcd server certificate", Eku::Both, Role::EtcdCa)
    .cn(&["*", "kube-etcd"])
    .files(&["pki/etcd/server.crt"])
    .used_by(&["etcd --cert-file"])
    .renew("etcd-server");

/// etcd's peer certificate. Also minikube's, which runs kubeadm.
pub(super) const ETCD_PEER: Entry = Entry::leaf(Role::EtcdPeer, "etcd peer certificate", Eku::Both, Role::EtcdCa)
    .cn(&["*", "kube-etcd-peer"])
    .files(&["pki/etcd/peer.crt"])
    .used_by(&["etcd --peer-cert-file"])
    .renew("etcd-peer");

/// The health-check client. Also minikube's, which runs kubeadm.
pub(super) const ETCD_HEALTHCHECK_CLIENT: Entry = Entry::leaf(
    Role::EtcdHealthcheckClient,
    "etcd health-check client certificate",
    Eku::Client,
    Role::EtcdCa,
)
.cn(&["kube-etcd-healthcheck-client"])
.files(&["pki/etcd/healthcheck-client.crt"])
.used_by(&["etcdctl --cert", "kubeadm's etcd health check"])
.renew("etcd-healthcheck-client");

/// The service-account key pair. Also minikube's, which runs kubeadm.
pub(super) const SERVICE_ACCOUNT_KEY: Entry = Entry::key(Role::ServiceAccountKey, "service-account key pair")
    .files(&["pki/sa.key", "pki/sa.pub"])
    .used_by(&[
        "kube-apiserver --service-account-signing-key-file",
        "kube-controller-manager --service-account-private-key-file",
    ])
    .public_used_by(&["kube-apiserver --service-account-key-file"]);

pub static PROFILE: Profile = Profile {
    id: "kubeadm",
    name: "kubeadm",
    pki_dirs: &["/etc/kubernetes/pki", "/etc/kubernetes"],
    renew_leaf: "On a kubeadm control-plane node: `kubeadm certs renew {renew}` (or `kubeadm certs renew all`), then {then}. Elsewhere, reissue it from its CA with the same subject and SANs.",
    renew_other: "Reissue it from its CA with the same subject, SANs and key usages, and replace the file.",
    resign_ca_by_hand: true,
    renew_ca: "kubeadm never renews a CA (`kubeadm certs renew` renews the certificates below it): make a new CA, reissue every certificate it signed, and roll both out (kubeadm's \"Manual rotation of CA certificates\"); re-signing the CA certificate with its own key instead keeps every certificate below it valid.",
    names: Names::both(
        "`kubeadm certs renew` keeps the names a certificate has, so it cannot add {names}: add {names} to `etcd.local.{which}CertSANs` in the ClusterConfiguration (the kubeadm-config ConfigMap), then on each control-plane node move /etc/kubernetes/pki/etcd/{which}.crt and {which}.key aside and run `kubeadm init phase certs etcd-{which} --config kubeadm.yaml`. Save the edited configuration back to the ConfigMap, or nodes that join later lack the names.",
    ),
    entries: &[
        Entry::ca(Role::KubernetesCa, "Kubernetes CA")
            .cn(&["kubernetes", "kubernetes-ca"])
            .files(&["pki/ca.crt"])
            .used_by(&[
                "kube-apiserver --client-ca-file",
                "kube-controller-manager --cluster-signing-cert-file",
                "kubeconfig certificate-authority-data",
            ]),
        ETCD_CA,
        FRONT_PROXY_CA,
        Entry::leaf(
            Role::KubeApiserver,
            "API server certificate",
            Eku::Server,
            Role::KubernetesCa,
        )
        .cn(&["kube-apiserver"])
        .files(&["pki/apiserver.crt"])
        .used_by(&["kube-apiserver --tls-cert-file"])
        .renew("apiserver"),
        APISERVER_KUBELET_CLIENT,
        APISERVER_ETCD_CLIENT,
        FRONT_PROXY_CLIENT,
        ETCD_SERVER,
        ETCD_PEER,
        ETCD_HEALTHCHECK_CLIENT,
        Entry::leaf(
            Role::KubeAdmin,
            "admin.conf client certificate",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["kubernetes-admin"])
        .o(&["kubeadm:cluster-admins", "system:masters"])
        .files(&["admin.conf"])
        .used_by(&["kubectl --kubeconfig /etc/kubernetes/admin.conf"])
        .renew("admin.conf")
        .then("copy the renewed /etc/kubernetes/admin.conf to ~/.kube/config where kubectl reads it (no pod uses it)"),
        Entry::leaf(
            Role::KubeSuperAdmin,
            "super-admin.conf client certificate",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["kubernetes-super-admin"])
        .o(&["system:masters"])
        .files(&["super-admin.conf"])
        .used_by(&["kubectl --kubeconfig /etc/kubernetes/super-admin.conf"])
        .renew("super-admin.conf")
        .then("use it where it is (no pod uses it; keep it off the node's everyday kubeconfig)"),
        Entry::leaf(
            Role::KubeControllerManager,
            "controller-manager.conf client certificate",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["system:kube-controller-manager"])
        .files(&["controller-manager.conf"])
        .used_by(&["kube-controller-manager --kubeconfig"])
        .renew("controller-manager.conf"),
        Entry::leaf(
            Role::KubeScheduler,
            "scheduler.conf client certificate",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["system:kube-scheduler"])
        .files(&["scheduler.conf"])
        .used_by(&["kube-scheduler --kubeconfig"])
        .renew("scheduler.conf"),
        Entry::leaf(
            Role::KubeletClient,
            "kubelet client certificate",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["system:node:*"])
        .o(&["system:nodes"])
        .files(&["kubelet.conf", "kubelet-client-*.pem"])
        .used_by(&["kubelet --kubeconfig"]),
        SERVICE_ACCOUNT_KEY,
    ],
};
