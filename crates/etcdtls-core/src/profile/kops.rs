//! kops with etcd-manager (`kubernetes/kops`, `kubernetes-sigs/etcd-manager`; the facts, with
//! file and line, are in `docs/distributions.md`).
//!
//! - kops makes, per etcd cluster (`main`, `events`), the CAs `etcd-manager-ca-<cluster>`
//!   (etcd-manager's own gRPC, not etcd's) and `etcd-peers-ca-<cluster>`, and one
//!   `etcd-clients-ca` the clusters share (`etcd-clients-ca-<cluster>` for others, such as
//!   cilium): `pkg/model/components/etcdmanager/model.go`. nodeup writes them to
//!   `/etc/kubernetes/pki/etcd-manager-<cluster>/` as `etcd-manager-ca.crt`, `etcd-peers-ca.crt`,
//!   `etcd-clients-ca.crt` with their keys (`nodeup/pkg/model/etcd_manager_tls.go`); a `.crt`
//!   may hold several CAs while one is being rotated.
//! - etcd-manager (mounting that folder as `/etc/kubernetes/pki/etcd-manager`) issues itself
//!   `etcd-manager-server-<peer>` (serverAuth) and `etcd-manager-client-<peer>` (clientAuth)
//!   there from the etcd-manager CA, and each etcd member, under its volume
//!   (`/mnt/master-<volume>/pki/<cluster token>/`), `peers/me.crt` from the peers CA and
//!   `clients/server.crt` from the clients CA, both serverAuth+clientAuth with CN the member
//!   name, beside `peers/ca.crt` and `clients/ca.crt`; etcd gets them as `ETCD_PEER_CERT_FILE`,
//!   `ETCD_CERT_FILE`, ... Valid two years.
//! - nodeup issues the API server's `/srv/kubernetes/kube-apiserver/etcd-client.crt`
//!   (`CN=kube-apiserver`, clientAuth, 455 to 485 days), copies the clients CA beside it as
//!   `etcd-ca.crt`, and writes `service-account.key` and the accepted `service-account.pub`.
//! - Keys are RSA as `RSA PRIVATE KEY` (PKCS#1): 2048 bits from kops, 4096 from etcd-manager
//!   (2048 before it moved to kubernetes-sigs).

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

pub static PROFILE: Profile = Profile {
    id: "kops",
    name: "kops",
    pki_dirs: &["/etc/kubernetes/pki", "/srv/kubernetes/kube-apiserver"],
    renew_leaf: "{renew}",
    renew_other: "nodeup and etcd-manager reissue it when the node boots: replace the control-plane nodes with `kops rolling-update cluster --instance-group-roles=control-plane --force --yes`.",
    resign_ca_by_hand: false,
    renew_ca: "Rotate it with kops's keypair rotation (kops 1.22 and later; kops docs: operations/rotate-secrets), following each of three steps with `kops update cluster --yes` and `kops rolling-update cluster --yes`: `kops create keypair {renew}` (a new CA, trusted beside the old), `kops promote keypair {renew}` (the new one signs from now on), then `kops distrust keypair {renew}` (the old one is trusted no more).",
    names: Names::both("etcd-manager gives etcd's {which} certificate the member's names (`etcd-<member>`, `etcd-<member>.internal.<cluster>`) and 127.0.0.1 (the server one also ::1, the peer one the node's IP), reissued at every start, and kops has no setting for more: dial one of those (kops's etcd serves clients on port 4001, events' on 4002)."),
    entries: &[
        Entry::ca(Role::EtcdManagerCa, "etcd-manager CA (etcd-manager's own control traffic, not etcd's)")
            .cn(&["etcd-manager-ca-*"])
            .files(&["etcd-manager-*/etcd-manager-ca.crt"])
            .used_by(&["etcd-manager (its peer-to-peer gRPC)"])
            .key_used_by(&["etcd-manager, which issues its own gRPC certificates (etcd-manager-server-<peer>, etcd-manager-client-<peer>) from it at every start"])
            .renew("etcd-manager-ca-<cluster>"),
        Entry::leaf(
            Role::Server,
            "etcd-manager's gRPC server certificate (etcd-manager's own traffic, not etcd's)",
            Eku::Server,
            Role::EtcdManagerCa,
        )
        .cn(&["etcd-manager-server-*"])
        .files(&["etcd-manager-*/etcd-manager-server-*.crt", "etcd-manager-server-*.crt"])
        .used_by(&["etcd-manager (its peer-to-peer gRPC server)"])
        .renew("etcd-manager issues it when it starts: restart etcd-manager on that node (or roll the node with `kops rolling-update cluster --instance-group-roles=control-plane --force --yes`)."),
        Entry::leaf(
            Role::Client,
            "etcd-manager's gRPC client certificate (etcd-manager's own traffic, not etcd's)",
            Eku::Client,
            Role::EtcdManagerCa,
        )
        .cn(&["etcd-manager-client-*"])
        .files(&["etcd-manager-*/etcd-manager-client-*.crt", "etcd-manager-client-*.crt"])
        .used_by(&["etcd-manager (its peer-to-peer gRPC client)"])
        .renew("etcd-manager issues it when it starts: restart etcd-manager on that node (or roll the node with `kops rolling-update cluster --instance-group-roles=control-plane --force --yes`)."),
        Entry::ca(Role::EtcdPeerCa, "etcd peers CA")
            .cn(&["etcd-peers-ca-*"])
            .files(&["etcd-manager-*/etcd-peers-ca.crt", "peers/ca.crt"])
            .used_by(&["etcd --peer-trusted-ca-file"])
            .key_used_by(&["etcd-manager, which issues each member's peer certificate (peers/me.crt) from it at every start"])
            .renew("etcd-peers-ca-<cluster>"),
        Entry::ca(Role::EtcdCa, "etcd clients CA")
            .cn(&["etcd-clients-ca", "etcd-clients-ca-*"])
            .files(&["etcd-manager-*/etcd-clients-ca.crt", "kube-apiserver/etcd-ca.crt", "clients/ca.crt"])
            .used_by(&["etcd --trusted-ca-file", "kube-apiserver --etcd-cafile"])
            .key_used_by(&["etcd-manager, which issues each member's server certificate (clients/server.crt) and its own etcd client from it at every start"])
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
        Entry::key(Role::ServiceAccountKey, "service-account key")
            .files(&["kube-apiserver/service-account.key", "kube-apiserver/service-account.pub"])
            .used_by(&["kube-apiserver --service-account-signing-key-file"])
            .public_used_by(&["kube-apiserver --service-account-key-file"]),
    ],
};
