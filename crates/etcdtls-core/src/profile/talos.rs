//! Talos (`siderolabs/talos`: `pkg/machinery/config/generate/secrets/ca.go`,
//! `internal/pkg/etcd/certs.go`, `internal/app/machined/pkg/controllers/secrets`). The etcd CA
//! has no CN, only `O=etcd`; the Kubernetes CA `O=kubernetes`; the aggregator CA
//! `CN=front-proxy`. etcd's server and peer certificates are named after the host; `admin.crt`
//! (`CN=talos`) is machined's own etcd client, and the API server's etcd client is
//! `CN=kube-apiserver` with clientAuth only. Keys are ECDSA P-256.

use super::{Eku, Entry, Profile};
use crate::role::Role;

pub static PROFILE: Profile = Profile {
    id: "talos",
    name: "Talos",
    pki_dirs: &["/system/secrets/etcd", "/system/secrets/kubernetes"],
    renew_leaf: "Talos reissues it by itself: machined's secrets controllers renew {renew} before it expires and whenever the node's names or addresses change; a reboot (`talosctl -n <node> reboot`) also reissues it.",
    renew_other: "Talos reissues it by itself before it expires; a reboot (`talosctl -n <node> reboot`) also reissues it.",
    renew_ca: "Rotate Talos's CAs with `talosctl rotate-ca` (it re-signs everything below them and rolls the change out node by node).",
    entries: &[
        Entry::ca(Role::EtcdCa, "etcd CA")
            .cn(&[""])
            .o(&["etcd"])
            .files(&["secrets/etcd/ca.crt", "kube-apiserver/etcd-client-ca.crt"])
            .used_by(&[
                "etcd --trusted-ca-file",
                "etcd --peer-trusted-ca-file",
                "kube-apiserver --etcd-cafile",
            ]),
        Entry::ca(Role::KubernetesCa, "Kubernetes CA")
            .cn(&[""])
            .o(&["kubernetes"])
            .files(&["kube-apiserver/ca.crt", "secrets/kubernetes/ca.crt"])
            .used_by(&["kube-apiserver --client-ca-file"]),
        Entry::ca(Role::FrontProxyCa, "aggregator CA")
            .cn(&["front-proxy"])
            .files(&["kube-apiserver/aggregator-ca.crt"])
            .used_by(&["kube-apiserver --requestheader-client-ca-file"]),
        Entry::leaf(Role::EtcdServer, "etcd server certificate", Eku::Both, Role::EtcdCa)
            .files(&["secrets/etcd/server.crt"])
            .used_by(&["etcd --cert-file"])
            .renew("etcd's server certificate"),
        Entry::leaf(Role::EtcdPeer, "etcd peer certificate", Eku::Both, Role::EtcdCa)
            .files(&["secrets/etcd/peer.crt"])
            .used_by(&["etcd --peer-cert-file"])
            .renew("etcd's peer certificate"),
        Entry::leaf(
            Role::EtcdClient,
            "machined's etcd client certificate (talosctl etcd)",
            Eku::Client,
            Role::EtcdCa,
        )
        .cn(&["talos"])
        .files(&["secrets/etcd/admin.crt"])
        .used_by(&["machined's etcd client (talosctl etcd ...)", "etcdctl --cert"])
        .renew("the etcd admin certificate"),
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "API server's etcd client certificate",
            Eku::Client,
            Role::EtcdCa,
        )
        .cn(&["kube-apiserver"])
        .files(&["kube-apiserver/etcd-client.crt"])
        .used_by(&["kube-apiserver --etcd-certfile"])
        .renew("the API server's etcd client certificate"),
        Entry::leaf(
            Role::KubeApiserver,
            "API server certificate",
            Eku::Server,
            Role::KubernetesCa,
        )
        .cn(&["kube-apiserver"])
        .o(&["kube-master"])
        .files(&["kube-apiserver/apiserver.crt"])
        .used_by(&["kube-apiserver --tls-cert-file"])
        .renew("the API server certificate"),
        Entry::leaf(
            Role::ApiserverKubeletClient,
            "API server's kubelet client certificate",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["apiserver-kubelet-client"])
        .o(&["system:masters"])
        .files(&["kube-apiserver/apiserver-kubelet-client.crt"])
        .used_by(&["kube-apiserver --kubelet-client-certificate"])
        .renew("the API server's kubelet client certificate"),
        Entry::leaf(
            Role::FrontProxyClient,
            "front-proxy client certificate",
            Eku::Client,
            Role::FrontProxyCa,
        )
        .cn(&["front-proxy-client"])
        .files(&["kube-apiserver/front-proxy-client.crt"])
        .used_by(&["kube-apiserver --proxy-client-cert-file"])
        .renew("the front-proxy client certificate"),
        Entry::key(Role::ServiceAccountKey, "service-account key")
            .files(&[
                "kube-apiserver/service-account.key",
                "kube-apiserver/service-account.pub",
            ])
            .used_by(&["kube-apiserver --service-account-key-file"]),
    ],
};
