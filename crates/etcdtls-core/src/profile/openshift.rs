//! OpenShift 4's etcd, made by `openshift/cluster-etcd-operator` (`pkg/tlshelpers`): a signer
//! for etcd (`etcd-signer`, rotated as `openshift-etcd_etcd-signer@<time>`) and one for its
//! metrics, per-node serving, peer and metrics-serving certificates (client+server, 3 years),
//! the `etcd-client` certificate the API server and etcdctl use, and the metrics client. On a
//! node they sit under `/etc/kubernetes/static-pod-resources/etcd-certs`. RSA 2048.

use super::{Eku, Entry, Profile};
use crate::role::Role;

pub static PROFILE: Profile = Profile {
    id: "openshift",
    name: "OpenShift",
    pki_dirs: &[
        "/etc/kubernetes/static-pod-resources/etcd-certs",
        "/etc/kubernetes/static-pod-resources/kube-apiserver-certs",
    ],
    renew_leaf: "cluster-etcd-operator renews it by itself (after about 2.2 of its 3 years). To force a new one now: `oc delete secret -n openshift-etcd {renew}`; the operator recreates it and rolls out a new etcd revision.",
    renew_other: "cluster-etcd-operator renews it by itself (after about 2.2 of its 3 years); check `oc get co etcd` if it did not.",
    renew_ca: "cluster-etcd-operator rotates its signers by itself (after about 4.2 of their 5 years) and keeps the old one in the CA bundle until every certificate is reissued; check `oc get co etcd` if it did not.",
    entries: &[
        Entry::ca(Role::EtcdCa, "etcd signer")
            .cn(&[
                "openshift-etcd_etcd-signer@#",
                "etcd-signer",
                "openshift-config_etcd-signer@#",
            ])
            .files(&[
                "etcd-all-bundles/server-ca-bundle.crt",
                "etcd-serving-ca/ca-bundle.crt",
                "etcd-peer-client-ca/ca-bundle.crt",
                "etcd-signer/tls.crt",
            ])
            .used_by(&[
                "etcd --trusted-ca-file",
                "etcd --peer-trusted-ca-file",
                "kube-apiserver --etcd-cafile",
            ]),
        Entry::ca(Role::EtcdMetricsCa, "etcd metrics signer")
            .cn(&[
                "openshift-etcd_etcd-metric-signer@#",
                "etcd-metric-signer",
                "openshift-config_etcd-metric-signer@#",
            ])
            .files(&["etcd-all-bundles/metrics-ca-bundle.crt", "etcd-metric-signer/tls.crt"])
            .used_by(&["etcd grpc-proxy --trusted-ca-file (metrics)"]),
        Entry::leaf(Role::EtcdServer, "etcd serving certificate", Eku::Both, Role::EtcdCa)
            .files(&["etcd-all-certs/etcd-serving-*.crt", "etcd-serving-*/tls.crt"])
            .used_by(&["etcd --cert-file"])
            .renew("etcd-serving-<node>"),
        Entry::leaf(Role::EtcdPeer, "etcd peer certificate", Eku::Both, Role::EtcdCa)
            .files(&["etcd-all-certs/etcd-peer-*.crt", "etcd-peer-*/tls.crt"])
            .used_by(&["etcd --peer-cert-file"])
            .renew("etcd-peer-<node>"),
        Entry::leaf(
            Role::EtcdMetricsServer,
            "etcd metrics serving certificate",
            Eku::Both,
            Role::EtcdMetricsCa,
        )
        .files(&[
            "etcd-all-certs/etcd-serving-metrics-*.crt",
            "etcd-serving-metrics-*/tls.crt",
        ])
        .used_by(&["etcd grpc-proxy --cert-file (metrics)"])
        .renew("etcd-serving-metrics-<node>"),
        Entry::leaf(
            Role::ApiserverEtcdClient,
            "etcd client certificate (API server, operator, etcdctl)",
            Eku::Client,
            Role::EtcdCa,
        )
        .cn(&["etcd-client", "etcd"])
        .o(&["system:etcd", "etcd-client", "etcd"])
        .files(&["etcd-client/tls.crt"])
        .used_by(&[
            "kube-apiserver --etcd-certfile",
            "etcdctl --cert (ETCDCTL_CERT in the etcd pod)",
        ])
        .renew("etcd-client"),
        Entry::leaf(
            Role::Client,
            "etcd metrics client certificate (Prometheus)",
            Eku::Client,
            Role::EtcdMetricsCa,
        )
        .cn(&["etcd-metric"])
        .o(&["system:etcd", "etcd-metric"])
        .files(&["etcd-metric-client/tls.crt"])
        .used_by(&["Prometheus ServiceMonitor tls_config cert_file"])
        .renew("etcd-metric-client"),
    ],
};
