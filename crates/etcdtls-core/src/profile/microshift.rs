//! MicroShift (`openshift/microshift`), OpenShift for one edge host: MicroShift runs etcd as its
//! own process (`microshift-etcd`) and keeps every certificate under
//! `/var/lib/microshift/certs` (`pkg/cmd/init.go`, `pkg/util/cryptomaterial/certinfo.go`,
//! `etcd/cmd/microshift-etcd/run.go`; the facts, with the commit read, are in
//! `docs/distributions.md`):
//!
//! - `etcd-signer/ca.crt`: `CN=etcd-signer` (library-go's `EnsureCA`), ten years.
//! - `etcd-signer/etcd-serving/peer.crt`: etcd's client-facing certificate, though named
//!   `peer.crt` (certchains writes every "peer" certificate so), `CN=system:etcd-server:etcd-
//!   client`, `O=system:etcd-servers`; and `etcd-signer/etcd-peer/peer.crt`,
//!   `CN=system:etcd-peer:etcd-client`, `O=system:etcd-peers`. Both clientAuth and serverAuth,
//!   SANs localhost, the node's name and its IP, written leaf first and then the signer
//!   (`MakeServerCertForDuration`), ten years.
//! - `etcd-signer/apiserver-etcd-client/client.crt`: `CN=etcd`, `O=etcd`, clientAuth, the leaf
//!   alone, ten years: the API server's and MicroShift's own etcd client (`getEtcdClient`).
//! - RSA 2048 in PKCS#1 (`RSA PRIVATE KEY`).
//! - Renewal (`certsToRegenerate`): at each start MicroShift reissues a ten-year certificate
//!   with less than 18 months left (or expired, or not yet valid), a one-year one with less
//!   than 7; it restarts itself before 12 months (4 for one-year ones) are left. A CA reissued
//!   takes everything it signed with it.

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

pub static PROFILE: Profile = Profile {
    id: "microshift",
    name: "MicroShift",
    pki_dirs: &["/var/lib/microshift/certs/etcd-signer"],
    renew_leaf: "MicroShift reissues it by itself when it starts with less than 18 months left (or expired): `sudo systemctl restart microshift`. It restarts itself before 12 months are left.",
    renew_other: "MicroShift reissues it by itself when it starts with less than 18 months left (or expired): `sudo systemctl restart microshift`. It restarts itself before 12 months are left.",
    resign_ca_by_hand: false,
    renew_ca: "MicroShift reissues the etcd signer, and everything it signed with it, when it starts with less than 18 months left (or expired): `sudo systemctl restart microshift`.",
    names: Names {
        server: "MicroShift gives etcd's serving certificate localhost, the node's name and its IP (`node.hostnameOverride` and `node.nodeIP` in /etc/microshift/config.yaml), with no setting for more: dial one of those. It reissues the certificate at its next start when those change (`sudo systemctl restart microshift`).",
        peer: "MicroShift gives etcd's peer certificate localhost, the node's name and its IP (`node.hostnameOverride` and `node.nodeIP` in /etc/microshift/config.yaml), with no setting for more. It reissues the certificate at its next start when those change.",
    },
    entries: &[
        Entry::ca(Role::EtcdCa, "etcd signer")
            .cn(&["etcd-signer"])
            .files(&["etcd-signer/ca.crt"])
            .needs_path()
            .used_by(&[
                "microshift-etcd (its CA for clients and peers, etcd's --trusted-ca-file)",
                "kube-apiserver --etcd-cafile",
            ])
            // pkg/cmd/init.go:335-360, 589-620: the signer issues etcd's leaves, reissued at a
            // start that finds them near their end.
            .key_used_by(&["MicroShift (`microshift run`), which issues etcd-serving/peer.crt, etcd-peer/peer.crt and apiserver-etcd-client/client.crt from it, again at a start that finds them near their end"]),
        Entry::leaf(Role::EtcdServer, "etcd serving certificate", Eku::Both, Role::EtcdCa)
            .cn(&["system:etcd-server:etcd-client"])
            .o(&["system:etcd-servers"])
            .files(&["etcd-signer/etcd-serving/peer.crt"])
            .bundled()
            .used_by(&["microshift-etcd (its serving certificate, etcd's --cert-file)"]),
        Entry::leaf(Role::EtcdPeer, "etcd peer certificate", Eku::Both, Role::EtcdCa)
            .cn(&["system:etcd-peer:etcd-client"])
            .o(&["system:etcd-peers"])
            .files(&["etcd-signer/etcd-peer/peer.crt"])
            .bundled()
            .used_by(&["microshift-etcd (its peer certificate, etcd's --peer-cert-file)"]),
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "API server's etcd client certificate",
            Eku::Client,
            Role::EtcdCa,
        )
        .cn(&["etcd"])
        .o(&["etcd"])
        .files(&["etcd-signer/apiserver-etcd-client/client.crt"])
        .needs_path()
        .used_by(&["kube-apiserver --etcd-certfile", "microshift (its own etcd client)"]),
    ],
};
