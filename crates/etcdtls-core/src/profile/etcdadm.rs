//! etcdadm (`kubernetes-sigs/etcdadm`), which installs etcd as a systemd service outside the
//! Kubernetes nodes (EKS Anywhere's unstacked etcd uses it) and keeps its PKI in
//! `/etc/etcd/pki` (`constants/constants.go`; the facts, with the files and commit they were
//! read from, are in `docs/distributions.md`):
//!
//! - `ca.crt`: `CN=etcd` (client-go's `NewSelfSignedCACert`: a DNS SAN `etcd`, ten years).
//! - `server.crt` and `peer.crt`: `CN=<member name>` (the host name by default), serverAuth and
//!   clientAuth; the server's SANs are the name, the client URLs' hosts and 127.0.0.1, the
//!   peer's the name and the peer URLs' hosts.
//! - `etcdctl-etcd-client.crt` (`CN=<name>-etcdctl`) and `apiserver-etcd-client.crt`
//!   (`CN=<name>-kube-apiserver-etcd-client`), both `O=system:masters`, clientAuth only.
//! - RSA 2048 in PKCS#1 (`RSA PRIVATE KEY`); leaves valid for one year from the CA's start.
//! - etcd reads `/etc/etcd/etcd.env` (`ETCD_CERT_FILE`, `ETCD_TRUSTED_CA_FILE`, ...);
//!   `/opt/bin/etcdctl.sh` sources `/etc/etcd/etcdctl.env` (`ETCDCTL_CACERT`, `ETCDCTL_CERT`,
//!   `ETCDCTL_KEY` naming the etcdctl pair) and runs etcdctl.

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

pub static PROFILE: Profile = Profile {
    id: "etcdadm",
    name: "etcdadm",
    pki_dirs: &["/etc/etcd/pki"],
    renew_leaf: "etcdadm has no renewal command, and `etcdadm join` stops at an expired certificate: on this member move {renew} and its key out of /etc/etcd/pki, run `etcdadm init phase certificates` (the step init and join share: it makes what is missing from ca.crt and ca.key, with this host's name and addresses), then `systemctl restart etcd`.",
    renew_other: "etcdadm has no renewal command: on this member move the certificate and its key out of /etc/etcd/pki, run `etcdadm init phase certificates` (the step init and join share: it makes what is missing from ca.crt and ca.key, with this host's name and addresses), then `systemctl restart etcd`.",
    resign_ca_by_hand: true,
    renew_ca: "etcdadm never replaces a CA: make a new ca.crt and ca.key, put them in /etc/etcd/pki on every member, move the old leaves away, run `etcdadm init phase certificates` and restart etcd on each member, all at once: members with different CAs refuse each other. Then give kube-apiserver the new CA and client certificate.",
    names: Names {
        server: "etcdadm adds names only from `--server-cert-extra-sans` and keeps a certificate that exists: move /etc/etcd/pki/server.crt and server.key aside and run `etcdadm init phase certificates` with the member's own flags and `--server-cert-extra-sans=<names>`.",
        peer: "etcdadm gives etcd's peer certificate only the member's name and address, with no setting for more.",
    },
    entries: &[
        Entry::ca(Role::EtcdCa, "etcd CA")
            .cn(&["etcd"])
            .files(&["etcd/pki/ca.crt"])
            .used_by(&[
                "etcd --trusted-ca-file (ETCD_TRUSTED_CA_FILE in /etc/etcd/etcd.env)",
                "etcd --peer-trusted-ca-file (ETCD_PEER_TRUSTED_CA_FILE in /etc/etcd/etcd.env)",
                "etcdctl --cacert (ETCDCTL_CACERT in /etc/etcd/etcdctl.env)",
                "kube-apiserver --etcd-cafile",
            ])
            // cmd/init.go `certificates()`, cmd/join.go: the certificates phase of `init` and
            // `join` issues what /etc/etcd/pki lacks from this CA.
            .key_used_by(&["etcdadm init and etcdadm join, whose certificates phase issues the member's server, peer and client certificates from it"]),
        Entry::leaf(Role::EtcdServer, "etcd server certificate", Eku::Both, Role::EtcdCa)
            .files(&["etcd/pki/server.crt"])
            .needs_path()
            .used_by(&["etcd --cert-file (ETCD_CERT_FILE in /etc/etcd/etcd.env)"])
            .renew("server.crt"),
        Entry::leaf(Role::EtcdPeer, "etcd peer certificate", Eku::Both, Role::EtcdCa)
            .files(&["etcd/pki/peer.crt"])
            .needs_path()
            .used_by(&["etcd --peer-cert-file (ETCD_PEER_CERT_FILE in /etc/etcd/etcd.env)"])
            .renew("peer.crt"),
        Entry::leaf(
            Role::EtcdClient,
            "etcdctl's client certificate (/opt/bin/etcdctl.sh)",
            Eku::Client,
            Role::EtcdCa,
        )
        .cn(&["*-etcdctl"])
        .o(&["system:masters"])
        .files(&["etcd/pki/etcdctl-etcd-client.crt"])
        .used_by(&["etcdctl --cert (ETCDCTL_CERT in /etc/etcd/etcdctl.env)"])
        .renew("etcdctl-etcd-client.crt"),
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "kube-apiserver's client certificate (each member makes its own)",
            Eku::Client,
            Role::EtcdCa,
        )
        .cn(&["*-kube-apiserver-etcd-client"])
        .o(&["system:masters"])
        .files(&["etcd/pki/apiserver-etcd-client.crt"])
        .used_by(&["kube-apiserver --etcd-certfile"])
        .renew("apiserver-etcd-client.crt"),
    ],
};
