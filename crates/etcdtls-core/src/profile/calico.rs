//! Calico's and Cilium's etcd client files: the Secrets their manifests mount to reach an
//! etcd datastore (the facts, with their files, are in `docs/distributions.md`).
//!
//! - Calico (`projectcalico/calico` `manifests/calico-etcd.yaml`): the Secret
//!   `calico-etcd-secrets` with the keys `etcd-ca`, `etcd-cert` and `etcd-key`, mounted at
//!   `/calico-secrets`; the ConfigMap `calico-config` names them (`etcd_ca`, `etcd_cert`,
//!   `etcd_key`), and calico-node and calico-kube-controllers take them as
//!   `ETCD_CA_CERT_FILE`, `ETCD_CERT_FILE` and `ETCD_KEY_FILE`.
//! - Cilium (`cilium/cilium` `install/kubernetes/cilium/templates/cilium-configmap.yaml`): the
//!   Secret `cilium-etcd-secrets` with `etcd-client-ca.crt`, `etcd-client.crt` and
//!   `etcd-client.key`, mounted at `/var/lib/etcd-secrets`; the agent's `etcd-config` names
//!   them as `trusted-ca-file`, `cert-file` and `key-file`.
//!
//! Neither makes a certificate: the operator puts in files issued from etcd's CA. Only the
//! Secret's name and keys say whose they are, so every entry needs its path.

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

const RENEW: &str = "Calico makes no certificate: issue a new client certificate from etcd's CA, put it in the Secret calico-etcd-secrets (etcd-cert, etcd-key), and restart calico-node and calico-kube-controllers (`kubectl -n kube-system rollout restart daemonset/calico-node deployment/calico-kube-controllers`).";

pub static CALICO: Profile = Profile {
    id: "calico",
    name: "Calico",
    pki_dirs: &["/calico-secrets"],
    renew_leaf: "{renew}",
    renew_other: RENEW,
    resign_ca_by_hand: true,
    renew_ca: "Calico keeps a copy of etcd's CA: when etcd's CA changes, put the new one in the Secret calico-etcd-secrets (etcd-ca) and restart calico-node and calico-kube-controllers.",
    names: Names::both(
        "Calico does not make etcd's certificates: reissue etcd's own with {names} among its SANs, as whoever runs that etcd does.",
    ),
    entries: &[
        Entry::ca(Role::EtcdCa, "copy of etcd's CA (Secret calico-etcd-secrets, key etcd-ca)")
            .files(&["calico-etcd-secrets/etcd-ca", "calico-secrets/etcd-ca"])
            .needs_path()
            .used_by(&["calico-node and calico-kube-controllers, as ETCD_CA_CERT_FILE (etcd_ca in the ConfigMap calico-config)"]),
        Entry::leaf(
            Role::EtcdClient,
            "etcd client certificate (Secret calico-etcd-secrets, key etcd-cert)",
            Eku::Client,
            Role::EtcdCa,
        )
        .files(&["calico-etcd-secrets/etcd-cert", "calico-secrets/etcd-cert"])
        .needs_path()
        .used_by(&["calico-node and calico-kube-controllers, as ETCD_CERT_FILE with its key as ETCD_KEY_FILE (etcd_cert, etcd_key in the ConfigMap calico-config)"]),
    ],
};

const CILIUM_RENEW: &str = "Cilium makes no certificate: issue a new client certificate from etcd's CA, put it in the Secret cilium-etcd-secrets (etcd-client.crt, etcd-client.key), and restart the agents (`kubectl -n kube-system rollout restart daemonset/cilium`).";

pub static CILIUM: Profile = Profile {
    id: "cilium",
    name: "Cilium",
    pki_dirs: &["/var/lib/etcd-secrets"],
    renew_leaf: "{renew}",
    renew_other: CILIUM_RENEW,
    resign_ca_by_hand: true,
    renew_ca: "Cilium keeps a copy of etcd's CA: when etcd's CA changes, put the new one in the Secret cilium-etcd-secrets (etcd-client-ca.crt) and restart the agents.",
    names: Names::both(
        "Cilium does not make etcd's certificates: reissue etcd's own with {names} among its SANs, as whoever runs that etcd does.",
    ),
    entries: &[
        Entry::ca(Role::EtcdCa, "copy of etcd's CA (Secret cilium-etcd-secrets)")
            .files(&[
                "cilium-etcd-secrets/etcd-client-ca.crt",
                "etcd-secrets/etcd-client-ca.crt",
            ])
            .needs_path()
            .used_by(&["cilium-agent, as trusted-ca-file in its etcd-config"]),
        Entry::leaf(
            Role::EtcdClient,
            "etcd client certificate (Secret cilium-etcd-secrets)",
            Eku::Client,
            Role::EtcdCa,
        )
        .files(&["cilium-etcd-secrets/etcd-client.crt", "etcd-secrets/etcd-client.crt"])
        .needs_path()
        .used_by(&["cilium-agent, as cert-file in its etcd-config, with its key as key-file"]),
    ],
};
