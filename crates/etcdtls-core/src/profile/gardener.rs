//! Gardener: a shoot's etcd (`etcd-main`, `etcd-events`) run by etcd-druid
//! (`gardener/etcd-druid`) in the seed, with certificates from gardenlet's secrets manager
//! (`gardener/gardener`; the facts, with the files and commits they were read from, are in
//! `docs/distributions.md`):
//!
//! - Secrets in the shoot's control-plane namespace (`pkg/component/etcd/etcd/tls.go`,
//!   `pkg/utils/secrets/manager`): the CA `ca-etcd` (`ca.crt`, `ca.key`; `CN=etcd` as the
//!   botanist's and gardener-operator's `CertificateSecretConfig`s name it, `CN=ca-etcd`, the
//!   Secret's name, hashed after a rotation, where no common name was given) and `ca-etcd-bundle-<hash>` (`bundle.crt`: the CA,
//!   and the previous one during a rotation); `etcd-server-<role>-<hash>` (`CN=etcd-server`,
//!   serverAuth and clientAuth), `etcd-client-<hash>` (`CN=etcd-client`, clientAuth: the API
//!   server's, etcd-wrapper's and etcd-backup-restore's); with a highly available control
//!   plane, `ca-etcd-peer` (`CN=etcd-peer`) and `etcd-peer-server-<role>-<hash>` (`CN=etcd-server` too, from the
//!   peer CA). `tls.crt`/`tls.key`; RSA 3072 in PKCS#1; ten years. `<hash>` is 8 hex digits,
//!   followed by `-<5 hex>` after a rotation (`computeSecretName`): the patterns say so (`%`),
//!   so that another tool's `etcd-server-tls` Secret is not taken for Gardener's. Before the
//!   secrets manager the botanist named them `ca-etcd`, `etcd-server-cert` and
//!   `etcd-client-tls` (gardener's botanist `DeployEtcd` tests); the first two are still
//!   matched, but not `etcd-client-tls`: it is also what cert-manager users name their etcd
//!   client Secret (`<name>-tls`), and alone it said Gardener of any such set.
//! - In the etcd pod (`internal/common/constants.go`, `internal/component/statefulset`):
//!   `/var/etcd/ssl/ca/bundle.crt`, `/var/etcd/ssl/server/tls.crt`,
//!   `/var/etcd/ssl/client/tls.crt`, `/var/etcd/ssl/peer/ca/bundle.crt`,
//!   `/var/etcd/ssl/peer/server/tls.crt`; etcd's config (`etcd.conf.yaml`) names the server pair
//!   and the bundle with `client-cert-auth: true`.
//! - In kube-apiserver's pod (`pkg/component/apiserver/deployment.go`):
//!   `/srv/kubernetes/etcd/ca/bundle.crt`, `/srv/kubernetes/etcd/client/tls.crt`.

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

pub static PROFILE: Profile = Profile {
    id: "gardener",
    name: "Gardener",
    pki_dirs: &[
        "/var/etcd/ssl (in the etcd pod; the Secrets ca-etcd, etcd-server-<role>-<hash>, etcd-client-<hash> in the shoot's namespace of the seed)",
        "/srv/kubernetes/etcd (in kube-apiserver's pod)",
    ],
    renew_leaf: "gardenlet's secrets manager reissues it by itself, as a new Secret with a new name, when 80% of its ten years have passed or fewer than 10 days are left, at the shoot's next reconciliation; `kubectl -n garden-<project> annotate shoot <shoot> gardener.cloud/operation=reconcile` reconciles now.",
    renew_other: "gardenlet's secrets manager reissues it by itself, as a new Secret with a new name, when 80% of its ten years have passed or fewer than 10 days are left, at the shoot's next reconciliation; `kubectl -n garden-<project> annotate shoot <shoot> gardener.cloud/operation=reconcile` reconciles now.",
    resign_ca_by_hand: false,
    renew_ca: "A shoot's CAs are rotated by hand, in two steps: `kubectl -n garden-<project> annotate shoot <shoot> gardener.cloud/operation=rotate-ca-start`, and once the rotation is Prepared, `gardener.cloud/operation=rotate-ca-complete` (Gardener's docs: shoot credentials rotation). Meanwhile the bundle holds both CAs.",
    names: Names {
        server: "gardenlet names etcd's server certificate itself (`etcd-<role>-local`, the `etcd-<role>-client` service's names, 127.0.0.1, ::1), with no setting for more, and reissues it itself: dial one of those from inside the seed.",
        peer: "gardenlet names etcd's peer certificate itself (the `etcd-<role>-peer` service's names, 127.0.0.1, ::1), with no setting for more, and reissues it itself.",
    },
    entries: &[
        Entry::ca(Role::EtcdCa, "etcd CA (Secret ca-etcd)")
            .cn(&["etcd", "ca-etcd", "ca-etcd-%", "ca-etcd-%-%"])
            .later_cn("the name Gardener gives its etcd CA after a CA rotation (ca-etcd-<hash>)")
            .files(&[
                "ca-etcd/ca.crt",
                "ca-etcd-%/ca.crt",
                "ca-etcd-%-%/ca.crt",
                "ca-etcd-bundle-%/bundle.crt",
                "etcd/ssl/ca/bundle.crt",
                "etcdbr/ssl/ca/bundle.crt",
                "kubernetes/etcd/ca/bundle.crt",
            ])
            .used_by(&[
                "etcd --trusted-ca-file (client-transport-security in etcd.conf.yaml)",
                "kube-apiserver --etcd-cafile",
                "etcd-backup-restore --cacert",
            ])
            .key_used_by(&["gardenlet's secrets manager, which issues etcd-server-<role>-<hash> and etcd-client-<hash> from it"]),
        Entry::ca(Role::EtcdPeerCa, "etcd peer CA (Secret ca-etcd-peer)")
            .cn(&["etcd-peer", "ca-etcd-peer", "ca-etcd-peer-%", "ca-etcd-peer-%-%"])
            .later_cn("the name Gardener gives its etcd peer CA after a CA rotation (ca-etcd-peer-<hash>)")
            .files(&[
                "ca-etcd-peer/ca.crt",
                "ca-etcd-peer-%/ca.crt",
                "ca-etcd-peer-%-%/ca.crt",
                "ca-etcd-peer-bundle-%/bundle.crt",
                "ssl/peer/ca/bundle.crt",
            ])
            .used_by(&["etcd --peer-trusted-ca-file (peer-transport-security in etcd.conf.yaml)"])
            .key_used_by(&["gardenlet's secrets manager, which issues etcd-peer-server-<role>-<hash> from it"]),
        Entry::leaf(
            Role::EtcdServer,
            "etcd server certificate (Secret etcd-server-<role>-<hash>, also etcd-backup-restore's)",
            Eku::Both,
            Role::EtcdCa,
        )
        .cn(&["etcd-server"])
        .files(&[
            "etcd-server-*-%/tls.crt",
            "etcd-server-cert/tls.crt",
            "etcd/ssl/server/tls.crt",
            "etcdbr/ssl/server/tls.crt",
        ])
        .used_by(&[
            "etcd --cert-file (client-transport-security in etcd.conf.yaml)",
            "etcd-backup-restore --server-cert",
        ]),
        Entry::leaf(
            Role::EtcdPeer,
            "etcd peer certificate (Secret etcd-peer-server-<role>-<hash>)",
            Eku::Both,
            Role::EtcdPeerCa,
        )
        .cn(&["etcd-server"])
        .files(&["etcd-peer-server-*-%/tls.crt", "ssl/peer/server/tls.crt"])
        .used_by(&["etcd --peer-cert-file (peer-transport-security in etcd.conf.yaml)"]),
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "etcd client certificate (Secret etcd-client-<hash>: kube-apiserver's, etcd-wrapper's and etcd-backup-restore's)",
            Eku::Client,
            Role::EtcdCa,
        )
        .cn(&["etcd-client"])
        .files(&[
            "etcd-client-%/tls.crt",
            "etcd-client-%-%/tls.crt",
            "etcd/ssl/client/tls.crt",
            "kubernetes/etcd/client/tls.crt",
        ])
        .used_by(&[
            "kube-apiserver --etcd-certfile",
            "etcd-backup-restore --cert",
            "etcd-wrapper --etcd-client-cert-path",
        ]),
    ],
};
