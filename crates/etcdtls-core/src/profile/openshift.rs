//! OpenShift 4's etcd, as `openshift/cluster-etcd-operator` makes it (the facts, with files,
//! lines and the commit read, are in `docs/distributions.md`):
//!
//! - Two signers, `etcd-signer` and `etcd-metric-signer` (`pkg/tlshelpers/tlshelpers.go`),
//!   named `openshift-etcd_etcd-signer@<unix time>` by library-go's certrotation (the bootstrap
//!   copies in `openshift-config` as `openshift-config_...`), 5 years, refreshed after 4.2.
//!   Their keys never reach a node. The installer makes a signer of its own, `CN=etcd-signer,
//!   OU=openshift`, ten years, and a client `CN=etcd, OU=etcd` (`openshift/installer`
//!   `pkg/asset/tls/etcd.go`): entries of their own.
//! - Per node, signed by `etcd-signer`: `etcd-peer-<node>` and `etcd-serving-<node>`; signed
//!   by `etcd-metric-signer`: `etcd-serving-metrics-<node>`. All three with clientAuth and
//!   serverAuth, the same host names (localhost, the etcd services, 127.0.0.1, ::1, the node's
//!   IPs), CN the first of them in sort order, 3 years, refreshed after 2.2. library-go writes
//!   each as the leaf followed by its signer (`MakeServerCertForDuration`).
//! - `etcd-client` (CN `etcd-client`, O `etcd-client`, `system:etcd`) by `etcd-signer`, and
//!   `etcd-metric-client` (CN `etcd-metric`) by `etcd-metric-signer`: clientAuth only, the
//!   leaf alone.
//! - RSA 2048 keys in PKCS#1 PEM (`RSA PRIVATE KEY`), library-go `crypto.go`.
//! - On a node: the Secret `etcd-all-certs` (every node's `etcd-peer-<node>.crt/.key`, ...)
//!   and the ConfigMap `etcd-all-bundles` (`server-ca-bundle.crt`, `metrics-ca-bundle.crt`)
//!   under `/etc/kubernetes/static-pod-resources/etcd-certs/{secrets,configmaps}/`, mounted in
//!   the etcd pod as `/etc/kubernetes/static-pod-certs`, and per revision under
//!   `etcd-pod-<N>/`. etcd takes the serving and peer certificates and `server-ca-bundle.crt`
//!   for both CAs (`bindata/etcd/pod.gotpl.yaml`); `etcdctl` in the pod (`ETCDCTL_CERT`), the
//!   readyz sidecar and the metrics grpc-proxy connect to etcd with the peer certificate.
//! - The API server's `etcd-client` and `etcd-serving-ca` (a copy of `etcd-ca-bundle`) are its
//!   own revisioned resources: `/etc/kubernetes/static-pod-resources/kube-apiserver-pod-<N>/
//!   secrets/etcd-client/tls.crt` and `configmaps/etcd-serving-ca/ca-bundle.crt`.
//! - Older layouts (`pkg/operator/starter.go` history): until February 2021 (commit 2721b1d7,
//!   OpenShift 4.7) the Secrets `etcd-all-peer`, `etcd-all-serving` and
//!   `etcd-all-serving-metrics`; until May 2024 (commit 3278bec2) the ConfigMaps
//!   `etcd-serving-ca`, `etcd-peer-client-ca`, `etcd-metrics-proxy-serving-ca` and
//!   `etcd-metrics-proxy-client-ca` in place of `etcd-all-bundles`.

use super::{Eku, Entry, Names, Profile};
use crate::role::Role;

pub static PROFILE: Profile = Profile {
    id: "openshift",
    name: "OpenShift",
    pki_dirs: &[
        "/etc/kubernetes/static-pod-resources/etcd-certs",
        "/etc/kubernetes/static-pod-resources/kube-apiserver-pod-<N>",
    ],
    renew_leaf: "cluster-etcd-operator renews it by itself (after about 2.2 of its 3 years). To force a new one now: `oc delete secret -n openshift-etcd {renew}`; the operator recreates it and rolls out a new etcd revision.",
    renew_other: "cluster-etcd-operator renews it by itself (after about 2.2 of its 3 years); check `oc get co etcd` if it did not.",
    resign_ca_by_hand: false,
    renew_ca: "cluster-etcd-operator rotates its signers by itself (after about 4.2 of their 5 years) and keeps the old one in the CA bundle until every certificate is reissued; check `oc get co etcd` if it did not.",
    names: Names {
        server: "cluster-etcd-operator gives etcd's serving certificate localhost, etcd's service names, 127.0.0.1, ::1 and the node's InternalIPs, with no setting for more: dial one of those. It reissues it when the node's addresses change (`oc delete secret -n openshift-etcd etcd-serving-<node>` now).",
        peer: "cluster-etcd-operator gives etcd's peer certificate localhost, etcd's service names, 127.0.0.1, ::1 and the node's InternalIPs, with no setting for more. It reissues it when the node's addresses change (`oc delete secret -n openshift-etcd etcd-peer-<node>` now).",
    },
    entries: &[
        Entry::ca(Role::EtcdCa, "etcd signer")
            .cn(&["openshift-etcd_etcd-signer@#", "openshift-config_etcd-signer@#"])
            .files(&[
                "etcd-all-bundles/server-ca-bundle.crt",
                "etcd-ca-bundle/ca-bundle.crt",
                "etcd-serving-ca/ca-bundle.crt",
                "etcd-peer-client-ca/ca-bundle.crt",
                "etcd-signer/tls.crt",
            ])
            .used_by(&[
                "etcd --trusted-ca-file",
                "etcd --peer-trusted-ca-file",
                "kube-apiserver --etcd-cafile",
                "etcdctl --cacert (ETCDCTL_CACERT in the etcd pod)",
            ])
            .key_used_by(&["cluster-etcd-operator, whose cert signer controller issues every node's etcd-peer-<node> and etcd-serving-<node> and the etcd-client certificate from it"]),
        // The installer's own signer, the one a cluster starts with (and keeps, in its CA
        // bundle, until it expires): `pkg/asset/tls/etcd.go` `EtcdSignerCertKey`, CN
        // `etcd-signer`, OU `openshift`, ten years, written as `tls/etcd-signer.crt` and the
        // bundle `tls/etcd-ca-bundle.crt`, in the cluster the Secret `openshift-config/etcd-signer`.
        Entry::ca(Role::EtcdCa, "etcd signer (the one openshift-install makes)")
            .cn(&["etcd-signer"])
            .files(&[
                "tls/etcd-signer.crt",
                "tls/etcd-ca-bundle.crt",
                "etcd-signer/tls.crt",
                "etcd-all-bundles/server-ca-bundle.crt",
                "etcd-ca-bundle/ca-bundle.crt",
                "etcd-serving-ca/ca-bundle.crt",
            ])
            .used_by(&[
                "etcd --trusted-ca-file",
                "etcd --peer-trusted-ca-file",
                "kube-apiserver --etcd-cafile",
                "etcdctl --cacert (ETCDCTL_CACERT in the etcd pod)",
            ])
            .key_used_by(&["openshift-install, which signs tls/etcd-client.crt with it"]),
        Entry::ca(Role::EtcdMetricsCa, "etcd metrics signer")
            .cn(&[
                "openshift-etcd_etcd-metric-signer@#",
                "openshift-config_etcd-metric-signer@#",
                "etcd-metric-signer",
            ])
            .files(&[
                "etcd-all-bundles/metrics-ca-bundle.crt",
                "etcd-metrics-ca-bundle/ca-bundle.crt",
                "etcd-metric-serving-ca/ca-bundle.crt",
                "etcd-metrics-proxy-serving-ca/ca-bundle.crt",
                "etcd-metrics-proxy-client-ca/ca-bundle.crt",
                "etcd-metric-signer/tls.crt",
            ])
            .used_by(&[
                "etcd grpc-proxy --trusted-ca-file (the metrics proxy, :9979)",
                "Prometheus (ServiceMonitor etcd, ConfigMap etcd-metric-serving-ca)",
            ])
            .key_used_by(&["cluster-etcd-operator, whose cert signer controller issues every node's etcd-serving-metrics-<node> and the etcd-metric-client certificate from it"]),
        // Before the serving entry: `etcd-serving-*` also matches `etcd-serving-metrics-*`,
        // and on equal evidence the earlier entry wins.
        Entry::leaf(
            Role::EtcdMetricsServer,
            "etcd metrics serving certificate",
            Eku::Both,
            Role::EtcdMetricsCa,
        )
        .files(&[
            "etcd-all-certs/etcd-serving-metrics-*.crt",
            "etcd-all-serving-metrics/etcd-serving-metrics-*.crt",
            "etcd-serving-metrics-*/tls.crt",
        ])
        .bundled()
        .used_by(&["etcd grpc-proxy --cert-file (the metrics proxy, :9979)"])
        .renew("etcd-serving-metrics-<node>"),
        Entry::leaf(Role::EtcdServer, "etcd serving certificate", Eku::Both, Role::EtcdCa)
            .files(&[
                "etcd-all-certs/etcd-serving-*.crt",
                "etcd-all-serving/etcd-serving-*.crt",
                "etcd-serving-*/tls.crt",
            ])
            .bundled()
            .used_by(&["etcd --cert-file", "etcd-readyz --serving-cert-file"])
            .renew("etcd-serving-<node>"),
        Entry::leaf(Role::EtcdPeer, "etcd peer certificate", Eku::Both, Role::EtcdCa)
            .files(&[
                "etcd-all-certs/etcd-peer-*.crt",
                "etcd-all-peer/etcd-peer-*.crt",
                "etcd-peer-*/tls.crt",
            ])
            .bundled()
            .used_by(&[
                "etcd --peer-cert-file",
                "etcdctl --cert (ETCDCTL_CERT in the etcd pod)",
                "etcd grpc-proxy --cert (the metrics proxy's client certificate towards etcd)",
            ])
            .renew("etcd-peer-<node>"),
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "etcd client certificate (API server, operator, backups)",
            Eku::Client,
            Role::EtcdCa,
        )
        .cn(&["etcd-client"])
        .o(&["system:etcd", "etcd-client"])
        .files(&["etcd-client/tls.crt"])
        .used_by(&["kube-apiserver --etcd-certfile", "cluster-etcd-operator's etcd client"])
        .renew("etcd-client"),
        // The installer's client, signed by its signer: `pkg/asset/tls/etcd.go`
        // `EtcdSignerClientCertKey`, CN `etcd`, OU `etcd` (no O), clientAuth, ten years,
        // `tls/etcd-client.crt`; the Secret `openshift-config/etcd-client` until
        // cluster-etcd-operator issues its own.
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "etcd client certificate (the one openshift-install makes)",
            Eku::Client,
            Role::EtcdCa,
        )
        .cn(&["etcd"])
        .files(&["tls/etcd-client.crt", "etcd-client/tls.crt"])
        // `CN=etcd` is too many tools' name (Bitnami's, cert-manager users') to say OpenShift
        // by itself: only where the installer keeps it.
        .needs_path()
        .used_by(&["kube-apiserver --etcd-certfile"])
        // The install directory's copy is an asset, not a Secret the operator watches: a
        // running cluster's API server uses the operator's `openshift-etcd/etcd-client`.
        .renewed_apart("openshift-install makes it once, for the installation (the install directory's `tls/etcd-client.crt`, in the cluster first the Secret `openshift-config/etcd-client`), valid ten years, and nothing renews it. A running cluster's API server uses cluster-etcd-operator's own etcd client certificate (`CN=etcd-client`, the Secret `openshift-etcd/etcd-client`), which the operator renews by itself; check that one instead."),
        Entry::leaf(
            Role::Client,
            "etcd metrics client certificate (Prometheus)",
            Eku::Client,
            Role::EtcdMetricsCa,
        )
        .cn(&["etcd-metric"])
        .o(&["system:etcd", "etcd-metric"])
        .files(&["etcd-metric-client/tls.crt"])
        .used_by(&["Prometheus (ServiceMonitor etcd in openshift-etcd-operator, Secret etcd-metric-client)"])
        .renew("etcd-metric-client"),
    ],
};
