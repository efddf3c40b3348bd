//! RKE, Rancher Kubernetes Engine 1 (`rancher/rke`), which runs etcd and Kubernetes in Docker
//! containers and keeps their PKI in `/etc/kubernetes/ssl` (`pki/constants.go`; the facts, with
//! the files and commit they were read from, are in `docs/distributions.md`):
//!
//! - One CA, `kube-ca.pem` (`CN=kube-ca`, serial 0, ten years), signs etcd's certificates and
//!   Kubernetes's alike: etcd has no CA of its own, so every client certificate `kube-ca` signs
//!   (kube-proxy's, the kubelets') is one etcd lets in. A second CA,
//!   `kube-apiserver-requestheader-ca.pem`, signs the aggregation layer's client only.
//! - `kube-etcd-<address>.pem` (`CN=kube-etcd` for every member, the address lower-cased with
//!   its dots turned into dashes, `GetCrtNameForHost`): etcd's one certificate for clients and
//!   peers (`--cert-file` and `--peer-cert-file`), serverAuth and clientAuth, every etcd
//!   host's names and IPs, 127.0.0.1, `localhost` and the `kubernetes` service names in its
//!   SANs. Every etcd node holds every member's pair. The etcd container's `ETCDCTL_CACERT`,
//!   `ETCDCTL_CERT` and `ETCDCTL_KEY` name `kube-ca.pem` and its own member pair.
//! - `kube-node.pem` (`CN=system:node`, `O=system:nodes`, clientAuth): kube-apiserver's client
//!   towards etcd (`--etcd-certfile`), every kubelet's (`kubecfg-kube-node.yaml`) and RKE's
//!   own etcd client (snapshots).
//! - Leaves: RSA 2048 in PKCS#1 (`RSA PRIVATE KEY`), key `<name>-key.pem`, no basic
//!   constraints, valid from the CA's own start for ten years (`pki/cert/cert.go`).
//! - With an external etcd (`services.etcd.external_urls`), the files given as
//!   `services.etcd.ca_cert`, `cert` and `key` become `kube-etcd-client-ca.pem` and
//!   `kube-etcd-client.pem`.

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

pub static PROFILE: Profile = Profile {
    id: "rke",
    name: "RKE",
    pki_dirs: &["/etc/kubernetes/ssl"],
    renew_leaf: "From the machine that holds cluster.yml and cluster.rkestate: `rke cert rotate --config cluster.yml --service {renew}` reissues it (with a new key) from kube-ca, deploys it to the nodes and restarts the containers that use it.",
    renew_other: "From the machine that holds cluster.yml and cluster.rkestate: `rke cert rotate --config cluster.yml` reissues every certificate (with new keys) from kube-ca, deploys them and restarts etcd and the Kubernetes containers.",
    resign_ca_by_hand: false,
    renew_ca: "From the machine that holds cluster.yml and cluster.rkestate: `rke cert rotate --config cluster.yml --rotate-ca` makes a new kube-ca and request-header CA and reissues every certificate from them. etcd, every Kubernetes container and every pod that holds a service-account token restart: plan it as an outage.",
    names: Names::both(
        "RKE gives each etcd host one certificate for both ports with every etcd node's address, internal_address and hostname_override, localhost, 127.0.0.1 and the kubernetes service names; `authentication.sans` does not reach it: dial one of those. `rke up` reissues it when the nodes' addresses change (`rke cert rotate --service etcd --config cluster.yml` forces it).",
    ),
    entries: &[
        Entry::ca(
            Role::KubernetesCa,
            "cluster CA, also etcd's (etcd has no CA of its own there)",
        )
        .cn(&["kube-ca"])
        .files(&["ssl/kube-ca.pem"])
        .used_by(&[
            "etcd --trusted-ca-file",
            "etcd --peer-trusted-ca-file",
            "etcdctl --cacert (ETCDCTL_CACERT in the etcd container)",
            "kube-apiserver --etcd-cafile",
            "kube-apiserver --client-ca-file",
        ])
        // `pki/pki.go` `GenerateRKECerts` and `cluster/certificates.go`
        // `RotateRKECertificates`: rke signs every leaf with it on the machine it runs on, and
        // reads it back from the nodes or `cluster.rkestate` to do so again.
        .key_used_by(&[
            "rke, which signs etcd's and Kubernetes' certificates with it (`rke up`, `rke cert rotate`) on the machine it runs on; no RKE container signs with it",
        ]),
        Entry::ca(Role::FrontProxyCa, "request-header CA (aggregation layer)")
            .cn(&["kube-apiserver-requestheader-ca"])
            .files(&["ssl/kube-apiserver-requestheader-ca.pem"])
            .used_by(&["kube-apiserver --requestheader-client-ca-file"]),
        Entry::leaf(
            Role::EtcdMember,
            "etcd member certificate, for clients and peers alike",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["kube-etcd"])
        .files(&["ssl/kube-etcd-*.pem"])
        .used_by(&[
            "etcd --cert-file",
            "etcd --peer-cert-file",
            "etcdctl --cert (ETCDCTL_CERT in the etcd container)",
        ])
        .renew("etcd"),
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "node certificate (kube-apiserver's towards etcd, and every kubelet's)",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["system:node"])
        .o(&["system:nodes"])
        .files(&["ssl/kube-node.pem"])
        .used_by(&[
            "kube-apiserver --etcd-certfile",
            "kubelet --kubeconfig (kubecfg-kube-node.yaml)",
            "rke's etcd snapshots (rke-etcd-backup)",
        ])
        .renew("kubelet"),
        Entry::leaf(
            Role::KubeApiserver,
            "API server certificate",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["kube-apiserver"])
        .files(&["ssl/kube-apiserver.pem"])
        .used_by(&[
            "kube-apiserver --tls-cert-file",
            "kube-apiserver --kubelet-client-certificate",
        ])
        .renew("kube-apiserver"),
        Entry::leaf(
            Role::KubeControllerManager,
            "controller-manager client certificate",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["system:kube-controller-manager"])
        .files(&["ssl/kube-controller-manager.pem"])
        .used_by(&["kube-controller-manager --kubeconfig (kubecfg-kube-controller-manager.yaml)"])
        .renew("kube-controller-manager"),
        Entry::leaf(
            Role::KubeScheduler,
            "scheduler client certificate",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["system:kube-scheduler"])
        .files(&["ssl/kube-scheduler.pem"])
        .used_by(&["kube-scheduler --kubeconfig (kubecfg-kube-scheduler.yaml)"])
        .renew("kube-scheduler"),
        Entry::leaf(
            Role::Client,
            "kube-proxy client certificate",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["system:kube-proxy"])
        .files(&["ssl/kube-proxy.pem"])
        .used_by(&["kube-proxy --kubeconfig (kubecfg-kube-proxy.yaml)"])
        .renew("kube-proxy"),
        Entry::leaf(
            Role::KubeSuperAdmin,
            "admin client certificate (system:masters), in kube_config_cluster.yml",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["kube-admin"])
        .o(&["system:masters"])
        .files(&["ssl/kube-admin.pem"]),
        Entry::leaf(
            Role::FrontProxyClient,
            "aggregation layer's client certificate",
            Eku::Both,
            Role::FrontProxyCa,
        )
        .cn(&["kube-apiserver-proxy-client"])
        .files(&["ssl/kube-apiserver-proxy-client.pem"])
        .used_by(&["kube-apiserver --proxy-client-cert-file"]),
        Entry::leaf(
            Role::ServiceAccountKey,
            "service-account key pair's certificate",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["kube-service-account-token"])
        .files(&["ssl/kube-service-account-token.pem"])
        .used_by(&[
            "kube-apiserver --service-account-key-file",
            "kube-controller-manager --service-account-private-key-file",
        ]),
        Entry::ca(
            Role::EtcdCa,
            "external etcd's CA (services.etcd.ca_cert in cluster.yml)",
        )
        .files(&["ssl/kube-etcd-client-ca.pem"])
        .needs_path()
        .used_by(&["kube-apiserver --etcd-cafile"]),
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "kube-apiserver's client certificate towards an external etcd (services.etcd.cert in cluster.yml)",
            Eku::Client,
            Role::EtcdCa,
        )
        .files(&["ssl/kube-etcd-client.pem"])
        .needs_path()
        .used_by(&["kube-apiserver --etcd-certfile"]),
    ],
};
