//! k0s (`k0sproject/k0s`), which runs etcd as a process of its controller and keeps its PKI
//! under `/var/lib/k0s/pki` (`pkg/config/cfgvars.go`; the facts, with the files and commit they
//! were read from, are in `docs/distributions.md`):
//!
//! - etcd has its own CA, `pki/etcd/ca.crt` (`CN=etcd-ca`, ten years), beside the Kubernetes
//!   CA `pki/ca.crt` (`CN=kubernetes-ca`).
//! - `pki/etcd/server.crt` (`CN=etcd-server`, `O=etcd-server`, SANs `localhost` and
//!   127.0.0.1) and `pki/etcd/peer.crt` (`CN` and only SAN the peer address, `O=etcd-peer`)
//!   are etcd's; `pki/apiserver-etcd-client.crt` (`CN` and `O` `apiserver-etcd-client`), in
//!   `pki/` and not `pki/etcd/`, is kube-apiserver's, and `k0s etcd member-list` uses it too.
//!   There is no other etcd client certificate.
//! - Leaves come from cfssl's default profile (`pkg/certificate/manager.go`): serverAuth and
//!   clientAuth, RSA 2048 in PKCS#1 (`RSA PRIVATE KEY`), one year; they are made again, with
//!   new keys, every time the controller starts.
//! - etcd listens for clients on 127.0.0.1:2379 only, with `--client-cert-auth` and
//!   `--peer-client-cert-auth` (`pkg/component/controller/etcd.go`).
//! - The rest of `pki/` (`cmd/controller/certificates.go`): `server.crt` (the API server's,
//!   `CN=kubernetes`), `k0s-api.crt`, `apiserver-kubelet-client.crt`, `admin.crt`
//!   (`CN=kubernetes-admin`, `O=system:masters`), `konnectivity.crt`, `ccm.crt`,
//!   `scheduler.crt`, `front-proxy-client.crt` from `front-proxy-ca.crt`, and `sa.key`/`sa.pub`.

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

/// How k0s reissues etcd's leaves.
const RESTART_CONTROLLER: &str = "Restart the k0s controller on this node (`systemctl restart k0scontroller`): k0s makes its certificates again, with new keys, every time it starts, each from its own CA (etcd's from pki/etcd/ca.crt, the front proxy's from pki/front-proxy-ca.crt, the rest from pki/ca.crt).";

pub static PROFILE: Profile = Profile {
    id: "k0s",
    name: "k0s",
    pki_dirs: &["/var/lib/k0s/pki", "/var/lib/k0s/pki/etcd"],
    renew_leaf: RESTART_CONTROLLER,
    renew_other: RESTART_CONTROLLER,
    resign_ca_by_hand: true,
    renew_ca: "k0s makes a CA only when it is missing and never renews one: stop k0s on every controller, move ca.crt and ca.key away on the first, start it there to make a new CA (and every certificate from it), copy both files to the same place on the other controllers and start them (k0s docs: troubleshooting/certificate-authorities).",
    names: Names {
        server: "k0s gives etcd's server certificate only 127.0.0.1 and localhost (etcd listens for clients on 127.0.0.1:2379 alone): dial https://127.0.0.1:2379 on a controller.",
        peer: "k0s gives etcd's peer certificate one name, `spec.storage.etcd.peerAddress` (by default the node's first public address); setting it to {names} changes the member's peer URL too, and k0s reissues its certificates when the controller restarts.",
    },
    entries: &[
        Entry::ca(Role::EtcdCa, "etcd CA")
            .cn(&["etcd-ca"])
            .files(&["k0s/pki/etcd/ca.crt"])
            .used_by(&[
                "etcd --trusted-ca-file",
                "etcd --peer-trusted-ca-file",
                "kube-apiserver --etcd-cafile",
                "k0s etcd member-list",
            ])
            // pkg/component/controller/etcd.go `setupCerts`: at every start the controller
            // ensures etcd/server, etcd/peer and apiserver-etcd-client from etcd/ca.key.
            .key_used_by(&["the k0s controller, whose etcd component issues etcd/server.crt, etcd/peer.crt and apiserver-etcd-client.crt from it at every start"]),
        Entry::ca(Role::KubernetesCa, "Kubernetes CA")
            .cn(&["kubernetes-ca"])
            .files(&["k0s/pki/ca.crt"])
            .used_by(&["kube-apiserver --client-ca-file"]),
        Entry::ca(Role::FrontProxyCa, "front-proxy CA")
            .cn(&["kubernetes-front-proxy-ca"])
            .files(&["k0s/pki/front-proxy-ca.crt"])
            .used_by(&["kube-apiserver --requestheader-client-ca-file"]),
        Entry::leaf(
            Role::KubeApiserver,
            "API server certificate",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["kubernetes"])
        .o(&["kubernetes"])
        .files(&["k0s/pki/server.crt"])
        .used_by(&["kube-apiserver --tls-cert-file"]),
        Entry::leaf(
            Role::Server,
            "k0s API certificate (join API, :9443)",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["k0s-api"])
        .o(&["kubernetes"])
        .files(&["k0s/pki/k0s-api.crt"])
        .used_by(&["k0s controller's join API"]),
        Entry::leaf(
            Role::ApiserverKubeletClient,
            "API server's client certificate towards kubelets",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["apiserver-kubelet-client"])
        .o(&["system:masters"])
        .files(&["k0s/pki/apiserver-kubelet-client.crt"])
        .used_by(&["kube-apiserver --kubelet-client-certificate"]),
        Entry::leaf(
            Role::KubeSuperAdmin,
            "admin client certificate (system:masters), in pki/admin.conf",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["kubernetes-admin"])
        .o(&["system:masters"])
        .files(&["k0s/pki/admin.crt"])
        .used_by(&["k0s kubectl (pki/admin.conf)"]),
        Entry::leaf(
            Role::KubeSuperAdmin,
            "konnectivity server's client certificate (system:masters)",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["kubernetes-konnectivity"])
        .o(&["system:masters"])
        .files(&["k0s/pki/konnectivity.crt"])
        .used_by(&["konnectivity-server (pki/konnectivity.conf)"]),
        Entry::leaf(
            Role::KubeControllerManager,
            "controller-manager client certificate",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["system:kube-controller-manager"])
        .o(&["system:kube-controller-manager"])
        .files(&["k0s/pki/ccm.crt"])
        .used_by(&["kube-controller-manager --kubeconfig (pki/ccm.conf)"]),
        Entry::leaf(
            Role::KubeScheduler,
            "scheduler client certificate",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["system:kube-scheduler"])
        .o(&["system:kube-scheduler"])
        .files(&["k0s/pki/scheduler.crt"])
        .used_by(&["kube-scheduler --kubeconfig (pki/scheduler.conf)"]),
        Entry::leaf(
            Role::FrontProxyClient,
            "front-proxy client certificate",
            Eku::Both,
            Role::FrontProxyCa,
        )
        .cn(&["front-proxy-client"])
        .o(&["front-proxy-client"])
        .files(&["k0s/pki/front-proxy-client.crt"])
        .used_by(&["kube-apiserver --proxy-client-cert-file"]),
        Entry::key(Role::ServiceAccountKey, "service-account signing key pair (RSA 2048)")
            .files(&["k0s/pki/sa.key", "k0s/pki/sa.pub"])
            .used_by(&[
                "kube-apiserver --service-account-signing-key-file",
                "kube-controller-manager --service-account-private-key-file",
            ])
            .public_used_by(&["kube-apiserver --service-account-key-file"]),
        Entry::leaf(Role::EtcdServer, "etcd server certificate", Eku::Both, Role::EtcdCa)
            .cn(&["etcd-server"])
            .o(&["etcd-server"])
            .files(&["k0s/pki/etcd/server.crt"])
            .used_by(&["etcd --cert-file"]),
        Entry::leaf(Role::EtcdPeer, "etcd peer certificate", Eku::Both, Role::EtcdCa)
            .o(&["etcd-peer"])
            .files(&["k0s/pki/etcd/peer.crt"])
            .used_by(&["etcd --peer-cert-file"]),
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "kube-apiserver's client certificate towards etcd (also k0s etcd's)",
            Eku::Both,
            Role::EtcdCa,
        )
        .cn(&["apiserver-etcd-client"])
        .o(&["apiserver-etcd-client"])
        .files(&["k0s/pki/apiserver-etcd-client.crt"])
        .used_by(&[
            "kube-apiserver --etcd-certfile",
            "k0s etcd member-list",
            "k0s etcd leave",
        ]),
    ],
};
