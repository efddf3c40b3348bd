//! kops with etcd-manager (`kubernetes/kops` `pkg/model/components/etcdmanager/model.go`,
//! `nodeup/pkg/model/etcd_manager_tls.go`, `nodeup/pkg/model/kube_apiserver.go`;
//! etcd-manager `pkg/etcd/pki.go`). Per etcd cluster (`main`, `events`) three CAs in
//! `/etc/kubernetes/pki/etcd-manager-<cluster>/`: `etcd-manager-ca-<cluster>` (etcd-manager's
//! own control traffic), `etcd-peers-ca-<cluster>` and the shared `etcd-clients-ca`.
//! etcd-manager issues each member `peers/me.crt` from the peers CA and `clients/server.crt`
//! from the clients CA (both client+server, CN the member name); nodeup issues the API server's
//! `/srv/kubernetes/kube-apiserver/etcd-client.crt` (`CN=kube-apiserver`). RSA 2048.

use super::{Eku, Entry, Profile};
use crate::role::Role;

pub static PROFILE: Profile = Profile {
    id: "kops",
    name: "kops",
    pki_dirs: &["/etc/kubernetes/pki", "/srv/kubernetes/kube-apiserver"],
    renew_leaf: "{renew}",
    renew_other: "nodeup and etcd-manager reissue it when the node boots: replace the control-plane nodes with `kops rolling-update cluster --instance-group-roles=control-plane --force --yes`.",
    renew_ca: "Rotate it with kops's keypair rotation: `kops create keypair {renew}`, `kops update cluster --yes`, `kops rolling-update cluster --force --yes`, then `kops promote keypair {renew}` (kops docs: operations/rotate-secrets).",
    entries: &[
        Entry::ca(Role::RootCa, "etcd-manager CA (etcd-manager's own control traffic, not etcd's)")
            .cn(&["etcd-manager-ca-*"])
            .files(&["etcd-manager-*/etcd-manager-ca.crt"])
            .used_by(&["etcd-manager (its peer-to-peer gRPC)"])
            .renew("etcd-manager-ca-<cluster>"),
        Entry::ca(Role::EtcdPeerCa, "etcd peers CA")
            .cn(&["etcd-peers-ca-*"])
            .files(&["etcd-manager-*/etcd-peers-ca.crt", "peers/ca.crt"])
            .used_by(&["etcd --peer-trusted-ca-file"])
            .renew("etcd-peers-ca-<cluster>"),
        Entry::ca(Role::EtcdCa, "etcd clients CA")
            .cn(&["etcd-clients-ca", "etcd-clients-ca-*"])
            .files(&["etcd-manager-*/etcd-clients-ca.crt", "kube-apiserver/etcd-ca.crt", "clients/ca.crt"])
            .used_by(&["etcd --trusted-ca-file", "kube-apiserver --etcd-cafile"])
            .renew("etcd-clients-ca"),
        Entry::leaf(Role::EtcdPeer, "etcd member peer certificate (etcd-manager)", Eku::Both, Role::EtcdPeerCa)
            .files(&["peers/me.crt"])
            .used_by(&["etcd --peer-cert-file"])
            .renew("etcd-manager issues it afresh each time it starts etcd: restart etcd-manager on that node (or roll the node with `kops rolling-update cluster --instance-group-roles=control-plane --force --yes`)."),
        Entry::leaf(Role::EtcdServer, "etcd member server certificate (etcd-manager)", Eku::Both, Role::EtcdCa)
            .files(&["clients/server.crt"])
            .used_by(&["etcd --cert-file"])
            .renew("etcd-manager issues it afresh each time it starts etcd: restart etcd-manager on that node (or roll the node with `kops rolling-update cluster --instance-group-roles=control-plane --force --yes`)."),
        Entry::leaf(Role::ApiserverEtcdClient, "API server's etcd client certificate", Eku::Client, Role::EtcdCa)
            .cn(&["kube-apiserver"])
            .files(&["kube-apiserver/etcd-client.crt"])
            .used_by(&["kube-apiserver --etcd-certfile"])
            .renew("nodeup issues it when the node boots: roll the control plane with `kops rolling-update cluster --instance-group-roles=control-plane --force --yes`."),
        Entry::key(Role::ServiceAccountKey, "service-account signing key")
            .files(&["kube-apiserver/service-account.key"])
            .used_by(&["kube-apiserver --service-account-signing-key-file"]),
    ],
};
