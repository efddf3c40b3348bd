//! Kubernetes the Hard Way (`kelseyhightower/kubernetes-the-hard-way`, the cfssl editions): one
//! CA (`CN=Kubernetes, O=Kubernetes, OU=CA`) signs everything with the single cfssl profile
//! `kubernetes`, so every leaf carries both serverAuth and clientAuth. `kubernetes.pem` serves
//! the API server and etcd alike; `service-account.pem`'s key signs service-account tokens.
//! RSA 2048 (`RSA PRIVATE KEY`), one year; the CA five years (cfssl's `-initca` default).
//! `kubernetes.pem` is also the API server's client towards etcd and kubelets, and the guide's
//! `etcdctl member list` uses it. The 2024 rewrite (openssl, `ca.crt`) runs etcd without TLS,
//! on plain http to 127.0.0.1, so only the cfssl editions have an etcd PKI. Sources and commit:
//! `docs/distributions.md`.

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

pub static PROFILE: Profile = Profile {
    id: "kubernetes-the-hard-way",
    name: "Kubernetes the Hard Way",
    pki_dirs: &["/var/lib/kubernetes", "/etc/etcd", "/var/lib/kubelet"],
    renew_leaf: "Reissue it as the guide made it: `cfssl gencert -ca=ca.pem -ca-key=ca-key.pem -config=ca-config.json -profile=kubernetes {renew} | cfssljson -bare <name>`, copy it to the nodes and restart what uses it.",
    renew_other: "Reissue it from ca.pem with the guide's cfssl command (`cfssl gencert -ca=ca.pem -ca-key=ca-key.pem -config=ca-config.json -profile=kubernetes <csr>.json`), copy it to the nodes and restart what uses it.",
    resign_ca_by_hand: true,
    renew_ca: "Make a new CA (`cfssl gencert -initca ca-csr.json | cfssljson -bare ca`), reissue every certificate from it, and roll all of them out together.",
    names: Names::both(
        "Add {names} to cfssl's `-hostname` list for kubernetes.pem, make it again (`cfssl gencert -ca=ca.pem -ca-key=ca-key.pem -config=ca-config.json -hostname=<every name> -profile=kubernetes kubernetes-csr.json | cfssljson -bare kubernetes`) and copy it to the controllers.",
    ),
    entries: &[
        Entry::ca(Role::KubernetesCa, "single CA (Kubernetes and etcd)")
            .cn(&["Kubernetes"])
            .o(&["Kubernetes"])
            .files(&["ca.pem"])
            .used_by(&[
                "kube-apiserver --client-ca-file",
                "etcd --trusted-ca-file",
                "etcd --peer-trusted-ca-file",
                "kube-apiserver --etcd-cafile",
            ]),
        Entry::leaf(
            Role::KubeApiserver,
            "API server certificate, also etcd's server and peer certificate",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["kubernetes"])
        .o(&["Kubernetes"])
        .files(&["kubernetes.pem"])
        .used_by(&[
            "kube-apiserver --tls-cert-file",
            "kube-apiserver --etcd-certfile",
            "kube-apiserver --kubelet-client-certificate",
            "etcd --cert-file",
            "etcd --peer-cert-file",
            "etcdctl --cert",
        ])
        .renew("-hostname=<all its names> kubernetes-csr.json"),
        Entry::leaf(
            Role::KubeSuperAdmin,
            "admin client certificate (system:masters)",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["admin"])
        .o(&["system:masters"])
        .files(&["admin.pem"])
        .used_by(&["kubectl (admin.kubeconfig)"])
        .renew("admin-csr.json"),
        Entry::leaf(
            Role::KubeletClient,
            "kubelet certificate",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["system:node:*"])
        .o(&["system:nodes"])
        .files(&["worker-*.pem", "node-*.pem"])
        .used_by(&["kubelet tlsCertFile", "kubelet --kubeconfig"])
        .renew("-hostname=<node name and IPs> <node>-csr.json"),
        Entry::leaf(
            Role::KubeControllerManager,
            "controller-manager client certificate",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["system:kube-controller-manager"])
        .files(&["kube-controller-manager.pem"])
        .used_by(&["kube-controller-manager --kubeconfig"])
        .renew("kube-controller-manager-csr.json"),
        Entry::leaf(
            Role::KubeScheduler,
            "scheduler client certificate",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["system:kube-scheduler"])
        .files(&["kube-scheduler.pem"])
        .used_by(&["kube-scheduler --kubeconfig"])
        .renew("kube-scheduler-csr.json"),
        Entry::leaf(
            Role::Client,
            "kube-proxy client certificate",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["system:kube-proxy"])
        .o(&["system:node-proxier"])
        .files(&["kube-proxy.pem"])
        .used_by(&["kube-proxy --kubeconfig"])
        .renew("kube-proxy-csr.json"),
        Entry::leaf(
            Role::ServiceAccountKey,
            "service-account key pair's certificate",
            Eku::Both,
            Role::KubernetesCa,
        )
        .cn(&["service-accounts"])
        .o(&["Kubernetes"])
        .files(&["service-account.pem"])
        // docs/08-bootstrapping-kubernetes-controllers.md:107-108, 149 (79a3f79b): the
        // certificate is the API server's --service-account-key-file; its key,
        // service-account-key.pem, the API server's --service-account-signing-key-file and the
        // controller manager's --service-account-private-key-file.
        .used_by(&["kube-apiserver --service-account-key-file"])
        .renew("service-account-csr.json"),
    ],
};
