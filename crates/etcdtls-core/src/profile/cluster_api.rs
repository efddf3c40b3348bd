//! Cluster API (`kubernetes-sigs/cluster-api`): the Secrets of a management cluster that hold a
//! workload cluster's CAs (`util/secret/consts.go`, `util/secret/certificates.go`; the facts and
//! commit are in `docs/distributions.md`):
//!
//! - `<cluster>-ca`, `<cluster>-etcd`, `<cluster>-proxy`: the Kubernetes, etcd and front-proxy
//!   CAs, `tls.crt` and `tls.key`, type `cluster.x-k8s.io/secret`. Cluster API makes them with
//!   `newSelfSignedCACert`: every one `CN=kubernetes`, so only the Secret's name tells them
//!   apart; users may supply their own (its book's examples: `CN=Kubernetes API`, `CN=ETCD CA`,
//!   `CN=Front-End Proxy`).
//! - `<cluster>-sa`: the service-account key pair (`tls.crt` is the public key).
//! - `<cluster>-apiserver-etcd-client`: with an external etcd, the API server's client
//!   certificate, supplied by the user.
//! - `<cluster>-kubeconfig`: the workload cluster's admin kubeconfig in `value`
//!   (`util/kubeconfig/kubeconfig.go`: `CN=kubernetes-admin`, `O=system:masters`, signed by the
//!   cluster CA); KubeadmControlPlane regenerates it when it has less than half of its year
//!   left (`certs.ClientCertificateRenewalDuration`).
//!
//! On the nodes, kubeadm writes them to `/etc/kubernetes/pki` and issues every leaf as usual:
//! the kubeadm profile explains those files.

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

/// What Cluster API names every CA it makes; a CA the user supplies has a name of its own
/// (any: the Secret's name says what it is).
const CA_NAMES: &[&str] = &["kubernetes", "*"];

pub static PROFILE: Profile = Profile {
    id: "cluster-api",
    name: "Cluster API",
    pki_dirs: &[
        "/etc/kubernetes/pki (on the nodes; the Secrets <cluster>-ca, -etcd, -proxy, -sa in the management cluster)",
    ],
    renew_leaf: "{renew}",
    renew_other: "Nodes' certificates: KubeadmControlPlane replaces control-plane machines whose certificates expire within `spec.rolloutBefore.certificatesExpiryDays` (set it; 7 at least), or now with `clusterctl alpha rollout restart kubeadmcontrolplane/<name>`.",
    resign_ca_by_hand: false,
    renew_ca: "Cluster API keeps the workload cluster's CAs for its whole life and does not rotate them (its book: rotating CA certificates is non-trivial). Replacing one means new certificates on every node: plan it as a rebuild.",
    names: Names::both("Add {names} to the KubeadmControlPlane's `spec.kubeadmConfigSpec.clusterConfiguration.etcd.local.{which}CertSANs`: Cluster API then replaces the control-plane machines, whose kubeadm makes the certificates with them."),
    entries: &[
        Entry::ca(Role::KubernetesCa, "workload cluster's CA (Secret <cluster>-ca)")
            .cn(CA_NAMES)
            .files(&["*-ca/tls.crt"])
            .needs_path()
            .used_by(&["kubeadm on the workload cluster's nodes (/etc/kubernetes/pki/ca.crt)"]),
        Entry::ca(Role::EtcdCa, "workload cluster's etcd CA (Secret <cluster>-etcd)")
            .cn(CA_NAMES)
            .files(&["*-etcd/tls.crt"])
            .needs_path()
            .used_by(&[
                "kubeadm on the control-plane nodes (/etc/kubernetes/pki/etcd/ca.crt)",
                "etcdctl --cacert",
            ]),
        Entry::ca(
            Role::FrontProxyCa,
            "workload cluster's front-proxy CA (Secret <cluster>-proxy)",
        )
        .cn(CA_NAMES)
        .files(&["*-proxy/tls.crt"])
        .needs_path()
        .used_by(&["kubeadm on the control-plane nodes (/etc/kubernetes/pki/front-proxy-ca.crt)"]),
        Entry::key(
            Role::ServiceAccountKey,
            "workload cluster's service-account key (Secret <cluster>-sa)",
        )
        .files(&["*-sa/tls.key"])
        .needs_path()
        .used_by(&["kubeadm on the control-plane nodes (/etc/kubernetes/pki/sa.key)"])
        .public_used_by(&["kubeadm on the control-plane nodes (/etc/kubernetes/pki/sa.pub)"]),
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "API server's client of an external etcd (Secret <cluster>-apiserver-etcd-client, from the user)",
            Eku::Client,
            Role::EtcdCa,
        )
        .files(&["*-apiserver-etcd-client/tls.crt"])
        .needs_path()
        .used_by(&["kube-apiserver --etcd-certfile"])
        .renew("Reissue it from the external etcd's CA and update the Secret <cluster>-apiserver-etcd-client; machines made after that get it (`clusterctl alpha rollout restart kubeadmcontrolplane/<name>` makes new ones now)."),
        Entry::leaf(
            Role::KubeAdmin,
            "workload cluster's admin kubeconfig (Secret <cluster>-kubeconfig)",
            Eku::Client,
            Role::KubernetesCa,
        )
        .cn(&["kubernetes-admin"])
        .o(&["system:masters"])
        .files(&["*-kubeconfig/value"])
        .needs_path()
        .used_by(&["clusterctl get kubeconfig <cluster>", "kubectl --kubeconfig"])
        .renew("KubeadmControlPlane renews it itself, in the Secret, when less than half of its year is left; `clusterctl get kubeconfig <cluster>` prints the current one."),
    ],
};
