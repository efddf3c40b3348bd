//! Typhoon (`poseidon/typhoon`), whose PKI Terraform makes in `poseidon/terraform-render-bootstrap`
//! (`tls-etcd.tf`) and copies to each controller at bootstrap (`butane/controller.yaml`; the
//! facts, with the commits read, are in `docs/distributions.md`):
//!
//! - One CA, `CN=etcd-ca, O=etcd`, written three times: `server-ca.crt` and `peer-ca.crt` for
//!   etcd, `etcd-client-ca.crt` for the API server.
//! - `server.crt` (`CN=etcd-server`), `peer.crt` (`CN=etcd-peer`) and `etcd-client.crt`
//!   (`CN=etcd-client`), all `O=etcd`, all with serverAuth and clientAuth.
//! - Everything, the CA too, valid for one year (8760 hours); RSA 2048 keys in PKCS#1.
//! - On a controller: etcd's files in `/etc/ssl/etcd/etcd/` (the etcd container sees that
//!   folder as `/etc/ssl/certs/etcd/`, the paths `/etc/etcd/etcd.env` gives it), the API
//!   server's in `/etc/kubernetes/pki/`.

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

pub static PROFILE: Profile = Profile {
    id: "typhoon",
    name: "Typhoon",
    pki_dirs: &["/etc/ssl/etcd/etcd", "/etc/kubernetes/pki"],
    renew_leaf: "Typhoon has no renewal: Terraform makes its certificates once, valid for one year, and copies them to the controllers only at bootstrap. Replace its Terraform resource, `terraform apply -replace=module.<cluster>.module.bootstrap.{renew}` (terraform-render-bootstrap is the module `bootstrap` of your cluster's module), then copy the new files to every controller and restart etcd (`systemctl restart etcd-member`) and the API server.",
    renew_other: "Typhoon has no renewal: Terraform makes its certificates once, valid for one year, and copies them to the controllers only at bootstrap. Replace the certificate's resource in terraform-render-bootstrap (`terraform apply -replace=module.<cluster>.module.bootstrap.<resource>`), then copy the new files to every controller and restart etcd (`systemctl restart etcd-member`) and the API server.",
    resign_ca_by_hand: true,
    renew_ca: "{renew}",
    names: Names::both(
        "Typhoon gives etcd's certificates the controllers' etcd names (`etcd_servers`), and the server and client certificates localhost and 127.0.0.1 too, with no setting for more: dial one of those.",
    ),
    entries: &[
        Entry::ca(Role::EtcdCa, "etcd CA")
            .cn(&["etcd-ca"])
            .o(&["etcd"])
            .files(&[
                "etcd/etcd/server-ca.crt",
                "etcd/etcd/peer-ca.crt",
                "kubernetes/pki/etcd-client-ca.crt",
                "tls/etcd/server-ca.crt",
                "tls/etcd/peer-ca.crt",
                "tls/etcd/etcd-client-ca.crt",
            ])
            .used_by(&[
                "etcd --trusted-ca-file (ETCD_TRUSTED_CA_FILE in /etc/etcd/etcd.env)",
                "etcd --peer-trusted-ca-file (ETCD_PEER_TRUSTED_CA_FILE in /etc/etcd/etcd.env)",
                "kube-apiserver --etcd-cafile",
            ])
            .renew("Typhoon's etcd CA is valid for one year, like its certificates, and is made once: replace it and every certificate it signed (`terraform apply -replace=module.<cluster>.module.bootstrap.tls_self_signed_cert.etcd-ca`, with the server, peer and client certificates), then copy all of them to every controller and restart etcd and the API server everywhere at once."),
        Entry::leaf(Role::EtcdServer, "etcd server certificate", Eku::Both, Role::EtcdCa)
            .cn(&["etcd-server"])
            .o(&["etcd"])
            .files(&["etcd/etcd/server.crt", "tls/etcd/server.crt"])
            .used_by(&["etcd --cert-file (ETCD_CERT_FILE in /etc/etcd/etcd.env)"])
            .renew("tls_locally_signed_cert.server"),
        Entry::leaf(Role::EtcdPeer, "etcd peer certificate", Eku::Both, Role::EtcdCa)
            .cn(&["etcd-peer"])
            .o(&["etcd"])
            .files(&["etcd/etcd/peer.crt", "tls/etcd/peer.crt"])
            .used_by(&["etcd --peer-cert-file (ETCD_PEER_CERT_FILE in /etc/etcd/etcd.env)"])
            .renew("tls_locally_signed_cert.peer"),
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "API server's etcd client certificate",
            Eku::Both,
            Role::EtcdCa,
        )
        .cn(&["etcd-client"])
        .o(&["etcd"])
        .files(&["kubernetes/pki/etcd-client.crt", "tls/etcd/etcd-client.crt"])
        .used_by(&["kube-apiserver --etcd-certfile"])
        .renew("tls_locally_signed_cert.client"),
        // The Kubernetes side (`tls-k8s.tf`): `/etc/kubernetes/pki/{ca,apiserver}.{crt,key}` and
        // `service-account.{key,pub}` on a controller, the admin pair in kubeconfig-admin.
        Entry::ca(Role::KubernetesCa, "Kubernetes CA")
            .cn(&["kubernetes-ca"])
            .o(&["typhoon"])
            .files(&["kubernetes/pki/ca.crt", "tls/k8s/ca.crt"])
            .used_by(&[
                "kube-apiserver --client-ca-file",
                "kube-controller-manager --cluster-signing-cert-file",
            ])
            .renew("Typhoon's Kubernetes CA is valid for one year and is made once: replace it and everything it signed (`terraform apply -replace=module.<cluster>.module.bootstrap.tls_self_signed_cert.kube-ca`, which also remakes the API server and admin certificates), copy the new files to every controller, restart the control plane, and hand out the new kubeconfig-admin; kubelets bootstrap again with the new CA."),
        Entry::leaf(Role::KubeApiserver, "API server certificate", Eku::Both, Role::KubernetesCa)
            .cn(&["kube-apiserver"])
            .o(&["system:masters"])
            .files(&["kubernetes/pki/apiserver.crt", "tls/k8s/apiserver.crt"])
            .used_by(&["kube-apiserver --tls-cert-file", "kube-apiserver --kubelet-client-certificate"])
            .renew("tls_locally_signed_cert.apiserver"),
        Entry::leaf(Role::KubeAdmin, "cluster admin client certificate", Eku::Client, Role::KubernetesCa)
            .cn(&["kubernetes-admin"])
            .o(&["system:masters"])
            .used_by(&["kubectl (kubeconfig-admin)"])
            .renew("tls_locally_signed_cert.admin"),
        Entry::key(Role::ServiceAccountKey, "service-account key")
            .files(&[
                "kubernetes/pki/service-account.key",
                "kubernetes/pki/service-account.pub",
                "tls/k8s/service-account.key",
                "tls/k8s/service-account.pub",
            ])
            .used_by(&[
                "kube-apiserver --service-account-signing-key-file",
                "kube-controller-manager --service-account-private-key-file",
            ])
            .public_used_by(&["kube-apiserver --service-account-key-file"]),
    ],
};
