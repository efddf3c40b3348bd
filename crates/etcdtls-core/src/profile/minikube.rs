//! minikube (`kubernetes/minikube`), which makes its own CAs and a few certificates, then runs
//! kubeadm with `certificatesDir: /var/lib/minikube/certs` inside the node for the rest (the
//! facts, with the files and commit they were read from, are in `docs/distributions.md`):
//!
//! - On the host, `~/.minikube`: the CAs `ca.crt` (`CN=minikubeCA`) and `proxy-client-ca.crt`
//!   (`CN=proxyClientCA`), and per profile `profiles/<profile>/client.crt` (`CN=minikube-user`,
//!   kubectl's), `apiserver.crt` (`CN=minikube`, also written as `apiserver.crt.<hash>` of its
//!   SANs) and `proxy-client.crt` (`CN=aggregator`), all three `O=system:masters`, serverAuth
//!   and clientAuth (`pkg/minikube/bootstrapper/certs.go`, `pkg/util/crypto.go`).
//! - In the node, `/var/lib/minikube/certs`: minikube's CAs, `apiserver.crt` and
//!   `proxy-client.crt` copied in; kubeadm keeps them and makes the rest as it always does
//!   (`etcd/`, `apiserver-etcd-client.crt`, `front-proxy-*`, `sa.*`). kube-apiserver takes
//!   kubeadm's front-proxy files: minikube's proxy-client pair is unused.
//! - RSA 2048 in PKCS#1; CAs ten years, minikube's leaves three years (`--cert-expiration`).

use super::kubeadm;
use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

pub static PROFILE: Profile = Profile {
    id: "minikube",
    name: "minikube",
    pki_dirs: &[
        "/var/lib/minikube/certs",
        "~/.minikube",
        "~/.minikube/profiles/minikube",
    ],
    renew_leaf: "Inside the node (`minikube ssh`): `sudo kubeadm certs renew {renew} --config /var/tmp/minikube/kubeadm.yaml`, then restart the static pods that use it. `minikube start` runs `kubeadm certs renew all` by itself when one of kubeadm's certificates expires within a day.",
    renew_other: "`minikube start` makes minikube's own certificates (its CAs, the apiserver, client and aggregator certificates) again, with new keys, once they have expired; `minikube delete` then `minikube start` remakes everything.",
    resign_ca_by_hand: false,
    renew_ca: "`minikube start` makes minikubeCA or proxyClientCA again once it has expired, and every certificate from it; kubeadm's etcd-ca and front-proxy-ca are never renewed: `minikube delete` then `minikube start` remakes the cluster with new ones.",
    names: Names::both(
        "minikube gives etcd's certificates kubeadm's default names (node name, localhost, node IP, 127.0.0.1, ::1) and has no setting for more: dial one of those. Else, in `minikube ssh`: add {names} to `etcd.local.{which}CertSANs` in /var/tmp/minikube/kubeadm.yaml, move /var/lib/minikube/certs/etcd/{which}.crt and {which}.key aside, and run `sudo /var/lib/minikube/binaries/<version>/kubeadm init phase certs etcd-{which} --config /var/tmp/minikube/kubeadm.yaml`.",
    ),
    entries: &[
        Entry::ca(Role::KubernetesCa, "cluster CA (minikubeCA)")
            .cn(&["minikubeCA"])
            .files(&["minikube/certs/ca.crt", ".minikube/ca.crt"])
            .used_by(&[
                "kube-apiserver --client-ca-file",
                "kubelet clientCAFile",
                "kubectl (~/.kube/config certificate-authority)",
            ]),
        Entry::ca(
            Role::FrontProxyCa,
            "minikube's proxy-client CA (proxyClientCA; kube-apiserver takes kubeadm's front-proxy-ca instead)",
        )
        .cn(&["proxyClientCA"])
        .files(&["proxy-client-ca.crt"]),
        Entry::leaf(
            Role::KubeApiserver,
            "API server certificate, made by minikube (also the client in /var/lib/minikube/kubeconfig)",
            Eku::Both,
            Role::KubernetesCa,
        )
        // Its CN, `minikube`, is also the node's default name, which kubeadm gives etcd's
        // server and peer certificates: the organisation, the issuer and the path decide.
        .o(&["system:masters"])
        .files(&[
            "minikube/certs/apiserver.crt",
            "profiles/*/apiserver.crt",
            "profiles/*/apiserver.crt.*",
        ])
        .used_by(&[
            "kube-apiserver --tls-cert-file",
            "/var/lib/minikube/kubeconfig client-certificate",
        ]),
        Entry::leaf(
            Role::KubeSuperAdmin,
            "kubectl's client certificate (system:masters)",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["minikube-user"])
        .o(&["system:masters"])
        .files(&["profiles/*/client.crt", ".minikube/client.crt"])
        .used_by(&["kubectl (~/.kube/config client-certificate)"]),
        Entry::leaf(
            Role::FrontProxyClient,
            "minikube's aggregator certificate (unused: kube-apiserver takes kubeadm's front-proxy-client)",
            Eku::Both,
            Role::FrontProxyCa,
        )
        .cn(&["aggregator"])
        .o(&["system:masters"])
        .files(&["proxy-client.crt"]),
        kubeadm::ETCD_CA,
        kubeadm::FRONT_PROXY_CA,
        kubeadm::APISERVER_KUBELET_CLIENT,
        kubeadm::APISERVER_ETCD_CLIENT,
        kubeadm::FRONT_PROXY_CLIENT,
        kubeadm::ETCD_SERVER,
        kubeadm::ETCD_PEER,
        kubeadm::ETCD_HEALTHCHECK_CLIENT,
        kubeadm::SERVICE_ACCOUNT_KEY,
    ],
};
