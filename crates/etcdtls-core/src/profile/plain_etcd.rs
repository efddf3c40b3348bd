//! etcd configured by hand: no distribution's names, only what etcd's flags, the file names and
//! the certificates' own usages say. The catch-all for an etcd PKI made with openssl, cfssl or
//! etcd's own test fixtures.

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

/// etcd makes an auto-TLS certificate again only where neither file is left (SelfCert).
const AUTO_RENEW: &str =
    "etcd makes it anew at start when its folder holds neither cert.pem nor key.pem: remove both and restart etcd.";

/// Common names many tools give etcd's certificates, each one of etcd's roles after `etcd-`:
/// kubeadm, k0s, Kubespray and Typhoon name their etcd CA `etcd-ca`; Gardener, k0s, k3s and
/// Typhoon their server `etcd-server`; Gardener, k3s and Typhoon a peer certificate or CA
/// `etcd-peer`; Gardener, k3s, OpenShift and Typhoon a client `etcd-client`; etcdadm,
/// Gardener, MicroShift and OpenShift something `etcd`; and people issuing etcd's
/// certificates with cert-manager, Vault or step-ca the same. Such a name says what a
/// certificate is, never whose: a distribution's entry counts it only beside evidence of the
/// distribution's own (its paths, an organisation it gives, a flag naming the file).
pub(crate) const COMMON_NAMES: &[&str] = &["etcd", "etcd-ca", "etcd-server", "etcd-peer", "etcd-client"];

/// etcd never reads a CA's key: only the tool that issues its certificates does.
const KEY_USED_BY: &[&str] = &[
    "whoever issues etcd's certificates from this CA by hand (`openssl x509 -req -CAkey`, `openssl ca -keyfile`, `cfssl gencert -ca-key`); etcd and etcdctl never read it",
];

pub static PROFILE: Profile = Profile {
    id: "etcd",
    name: "plain etcd",
    pki_dirs: &["/etc/etcd", "/etc/ssl/etcd", "/etc/etcd/pki"],
    renew_leaf: "{renew}",
    renew_other: "Reissue it from its CA with the same subject, SANs and key usages, replace the file, and restart what uses it; etcd itself needs no restart: it reads its certificate files again for every new connection.",
    resign_ca_by_hand: true,
    renew_ca: "Make a new CA, reissue every certificate it signed, and give every member and client the new CA file; while the old CA is still valid, a CA file holding both lets old and new certificates work during the switch.",
    names: Names::both(
        "Reissue it from its CA with {names} among its SANs and the same subject and key usages (openssl: `-addext \"subjectAltName=DNS:<name>,IP:<address>\"` on the request, kept when signing with `openssl x509 -req -copy_extensions copy` (OpenSSL 3) or given again with `-extfile`; cfssl: the request's \"hosts\").",
    ),
    entries: &[
        // Before the etcd CA's: `etcd-peer-ca` has etcd in it too, and peer says more.
        Entry::ca(Role::EtcdPeerCa, "etcd peer CA")
            .cn(&["*peer*"])
            .files(&["peer-ca.crt", "etcd-peer-ca.crt"])
            .used_by(&["etcd --peer-trusted-ca-file"])
            .key_used_by(KEY_USED_BY),
        Entry::ca(Role::EtcdCa, "etcd CA")
            .cn(&["*etcd*"])
            .files(&["etcd-ca.crt", "etcd/ca.crt", "ca.crt"])
            .used_by(&[
                "etcd --trusted-ca-file",
                "etcd --peer-trusted-ca-file",
                "etcdctl --cacert",
            ])
            .key_used_by(KEY_USED_BY),
        Entry::ca(Role::EtcdCa, "etcd CA")
            .o(&["*etcd*"])
            .files(&["etcd-ca.crt", "etcd/ca.crt", "ca.crt"])
            .used_by(&[
                "etcd --trusted-ca-file",
                "etcd --peer-trusted-ca-file",
                "etcdctl --cacert",
            ])
            .key_used_by(KEY_USED_BY),
        // etcd's own `--auto-tls` / `--peer-auto-tls` certificates (transport.SelfCert): no CN,
        // `O=etcd`, serverAuth only, written to `<data-dir>/fixtures/client|peer/cert.pem`. Only
        // there: etcd's cfssl guide gives its certificates `O=etcd` too, and some no CN (etcd's
        // own test PKI: server3.crt), which are no auto-TLS certificates.
        Entry::leaf(
            Role::EtcdServer,
            "auto-TLS certificate for clients",
            Eku::Server,
            Role::EtcdCa,
        )
        .cn(&[""])
        .o(&["etcd"])
        .files(&["fixtures/client/cert.pem"])
        .needs_path()
        .used_by(&["etcd --auto-tls"])
        .renew(AUTO_RENEW),
        Entry::leaf(
            Role::EtcdPeer,
            "auto-TLS certificate for peers",
            Eku::Server,
            Role::EtcdCa,
        )
        .cn(&[""])
        .o(&["etcd"])
        .files(&["fixtures/peer/cert.pem"])
        .needs_path()
        .used_by(&["etcd --peer-auto-tls"])
        .renew(AUTO_RENEW),
        Entry::leaf(Role::EtcdServer, "server certificate", Eku::Server, Role::EtcdCa)
            .files(&["*server*.crt"])
            .used_by(&["etcd --cert-file"]),
        // Before the peer certificate: with server and client usage and nothing else to go by
        // (no name, no flag), a member's certificate may serve either port.
        Entry::leaf(
            Role::EtcdMember,
            "member certificate (server or peer)",
            Eku::Both,
            Role::EtcdCa,
        ),
        Entry::leaf(Role::EtcdPeer, "peer certificate", Eku::Both, Role::EtcdCa)
            .files(&["*peer*.crt", "member*.crt"])
            .used_by(&["etcd --peer-cert-file"]),
        Entry::leaf(Role::EtcdClient, "client certificate", Eku::Client, Role::EtcdCa)
            .files(&["*client*.crt", "etcdctl*.crt"])
            .used_by(&["etcdctl --cert"]),
    ],
};
