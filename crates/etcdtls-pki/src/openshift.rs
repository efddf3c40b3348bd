//! An OpenShift 4 control-plane node's etcd files as `openshift/cluster-etcd-operator` and
//! library-go make them, for tests. Each fact names its source; the full list, with the commit
//! read, is in `docs/distributions.md`.
//!
//! - Signers (`pkg/tlshelpers/tlshelpers.go`, library-go `certrotation/signer.go`): CN
//!   `<namespace>_<secret>@<unix time>`, RSA 2048, 5 years, SKI = AKI (`crypto.go`
//!   `makeSelfSignedCAConfigForSubjectAndDuration`).
//! - Per node (`createCertForNode`): `etcd-peer-<node>`, `etcd-serving-<node>` (by
//!   `etcd-signer`) and `etcd-serving-metrics-<node>` (by `etcd-metric-signer`): host names
//!   `localhost`, the etcd services, `127.0.0.1`, `::1` and the node's IPs, EKU clientAuth and
//!   serverAuth, CN the first host name in sort order (`MakeServerCertForDuration`), the file
//!   the leaf followed by its signer, 3 years.
//! - `etcd-client` and `etcd-metric-client` (`CreateEtcdClientCert`, `CreateMetricsClientCert`):
//!   O sorted shortest first (`UserToSubject`), clientAuth, the leaf alone.
//! - Keys: PKCS#1 `RSA PRIVATE KEY` (`crypto.go` `EncodeKey`).
//! - On the node: `etcd-all-certs` holds every node's certificates
//!   (`etcdcertsignercontroller.go` `addCertSecretToMap` names them `<secret>.crt/.key`),
//!   `etcd-all-bundles` the two CA bundles; the installer copies them under
//!   `/etc/kubernetes/static-pod-resources/etcd-certs` and per revision under `etcd-pod-<N>`,
//!   and writes the pod (`bindata/etcd/pod.gotpl.yaml`) with `NODE_NAME` and `REVISION`
//!   replaced (library-go `installerpod/cmd.go` `substituteConfigMap`).
//! - The API server's `etcd-client` and `etcd-serving-ca` in its own revision folder,
//!   `kube-apiserver-pod-<N>/secrets/etcd-client/tls.crt` and
//!   `configmaps/etcd-serving-ca/ca-bundle.crt` (cluster-kube-apiserver-operator's config).

use std::collections::BTreeMap;

use time::{Duration, OffsetDateTime};

use crate::{Ca, KeyType, LeafSpec, Pair, PkiError, Usage};

/// What to make.
#[derive(Debug, Clone)]
pub struct OpenShiftOptions {
    /// The control-plane nodes' names and IPs; the first is the node the files are on.
    pub nodes: Vec<(String, String)>,
    /// The etcd pod's revision.
    pub etcd_revision: u32,
    /// The API server pod's revision.
    pub apiserver_revision: u32,
    /// When the signers were made.
    pub now: OffsetDateTime,
    /// Whether the signer was rotated once: the CA bundle then holds the new and the old.
    pub rotated: bool,
    /// Where `/` is for the pod's hostPath volumes (empty on a node; a test folder in tests).
    pub root: String,
}

impl OpenShiftOptions {
    /// Three control-plane nodes, `master-0` to `master-2` at 10.0.0.3 to .5.
    pub fn new(now: OffsetDateTime) -> Self {
        OpenShiftOptions {
            nodes: (0..3)
                .map(|i| (format!("master-{i}"), format!("10.0.0.{}", i + 3)))
                .collect(),
            etcd_revision: 7,
            apiserver_revision: 12,
            now,
            rotated: false,
            root: String::new(),
        }
    }
}

/// The files, by path relative to `/`.
#[derive(Debug)]
pub struct OpenShiftPki {
    /// `etc/kubernetes/static-pod-resources/etcd-certs/...` → contents.
    pub files: BTreeMap<String, String>,
}

/// Where the etcd certificates sit on the host.
pub const ETCD_CERTS: &str = "etc/kubernetes/static-pod-resources/etcd-certs";

/// The host names of a node's certificates (`tlshelpers.go` `getServerHostNames`).
pub fn host_names(ip: &str) -> Vec<String> {
    [
        "localhost",
        "etcd.kube-system.svc",
        "etcd.kube-system.svc.cluster.local",
        "etcd.openshift-etcd.svc",
        "etcd.openshift-etcd.svc.cluster.local",
        "127.0.0.1",
        "::1",
        ip,
    ]
    .map(String::from)
    .to_vec()
}

fn signer(namespace: &str, name: &str, at: OffsetDateTime) -> Result<Ca, PkiError> {
    let cn = format!("{namespace}_{name}@{}", at.unix_timestamp());
    Ca::with_subject(
        Some(&cn),
        &[],
        KeyType::Rsa2048,
        at - Duration::seconds(1),
        at + Duration::days(5 * 365),
    )
}

impl OpenShiftPki {
    /// Makes the node's files.
    pub fn generate(opts: &OpenShiftOptions) -> Result<OpenShiftPki, PkiError> {
        let now = opts.now;
        let kt = KeyType::Rsa2048;
        let three_years = |spec: LeafSpec| spec.valid(now - Duration::seconds(1), now + Duration::days(3 * 365));
        let mut files = BTreeMap::new();
        let etcd_signer = signer("openshift-etcd", "etcd-signer", now)?;
        let metric_signer = signer("openshift-etcd", "etcd-metric-signer", now)?;
        let mut server_bundle = etcd_signer.pair.cert_pem.clone();
        if opts.rotated {
            // certrotation keeps the signer it replaced in the bundle until it expires.
            let old = signer("openshift-etcd", "etcd-signer", now - Duration::days(4 * 365 + 73))?;
            server_bundle.push_str(&old.pair.cert_pem);
        }
        let bundles = format!("{ETCD_CERTS}/configmaps/etcd-all-bundles");
        files.insert(format!("{bundles}/server-ca-bundle.crt"), server_bundle.clone());
        files.insert(
            format!("{bundles}/metrics-ca-bundle.crt"),
            metric_signer.pair.cert_pem.clone(),
        );
        let all_certs = format!("{ETCD_CERTS}/secrets/etcd-all-certs");
        let server_leaf = |ca: &Ca, ip: &str| -> Result<Pair, PkiError> {
            let mut hosts = host_names(ip);
            hosts.sort();
            ca.issue(&three_years(
                LeafSpec::new(&hosts[0], Usage::ServerAndClient, now, kt).sans(hosts.iter().cloned()),
            ))
        };
        for (node, ip) in &opts.nodes {
            for (secret, ca) in [
                (format!("etcd-peer-{node}"), &etcd_signer),
                (format!("etcd-serving-{node}"), &etcd_signer),
                (format!("etcd-serving-metrics-{node}"), &metric_signer),
            ] {
                let pair = server_leaf(ca, ip)?;
                files.insert(
                    format!("{all_certs}/{secret}.crt"),
                    format!("{}{}", pair.cert_pem, ca.pair.cert_pem),
                );
                files.insert(format!("{all_certs}/{secret}.key"), pair.key.pem.clone());
            }
        }
        // The revision's own copies.
        let revision = format!("etc/kubernetes/static-pod-resources/etcd-pod-{}", opts.etcd_revision);
        let copies: Vec<(String, String)> = files
            .iter()
            .map(|(path, text)| (path.replacen(ETCD_CERTS, &revision, 1), text.clone()))
            .collect();
        files.extend(copies);
        let pod = etcd_pod(&opts.nodes[0].0, opts.etcd_revision, &opts.root);
        files.insert(format!("{revision}/configmaps/etcd-pod/pod.yaml"), pod.clone());
        files.insert("etc/kubernetes/manifests/etcd-pod.yaml".into(), pod);

        let kas = format!(
            "etc/kubernetes/static-pod-resources/kube-apiserver-pod-{}",
            opts.apiserver_revision
        );
        files.insert(format!("{kas}/configmaps/etcd-serving-ca/ca-bundle.crt"), server_bundle);
        // O sorted shortest first, equal lengths by bytes: etcd-client before system:etcd.
        let client = etcd_signer.issue(&three_years(
            LeafSpec::new("etcd-client", Usage::Client, now, kt).organizations(["etcd-client", "system:etcd"]),
        ))?;
        files.insert(format!("{kas}/secrets/etcd-client/tls.crt"), client.cert_pem.clone());
        files.insert(format!("{kas}/secrets/etcd-client/tls.key"), client.key.pem.clone());
        Ok(OpenShiftPki { files })
    }
}

/// The etcd static pod as the installer writes it for `node` (`bindata/etcd/pod.gotpl.yaml`,
/// the containers that name certificate files, templates filled in the way the operator and
/// the installer fill them), with its hostPath volumes under `root` (empty on a node).
pub fn etcd_pod(node: &str, revision: u32, root: &str) -> String {
    let env = node.replace(['-', '.'], "_");
    let certs = "/etc/kubernetes/static-pod-certs/secrets/etcd-all-certs";
    let bundles = "/etc/kubernetes/static-pod-certs/configmaps/etcd-all-bundles";
    format!(
        r#"apiVersion: v1
kind: Pod
metadata:
  name: etcd
  namespace: openshift-etcd
  annotations:
    kubectl.kubernetes.io/default-container: etcd
  labels:
    app: etcd
    k8s-app: etcd
    etcd: "true"
    revision: "{revision}"
spec:
  containers:
  - name: etcdctl
    image: quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:0
    command:
      - "/bin/bash"
      - "-c"
      - "trap TERM INT; sleep infinity & wait"
    volumeMounts:
      - mountPath: /etc/kubernetes/manifests
        name: static-pod-dir
      - mountPath: /etc/kubernetes/static-pod-resources
        name: resource-dir
      - mountPath: /etc/kubernetes/static-pod-certs
        name: cert-dir
      - mountPath: /var/lib/etcd/
        name: data-dir
    env:
    - name: "ETCDCTL_API"
      value: "3"
    - name: "ETCDCTL_CACERT"
      value: "{bundles}/server-ca-bundle.crt"
    - name: "ETCDCTL_CERT"
      value: "{certs}/etcd-peer-{node}.crt"
    - name: "ETCDCTL_KEY"
      value: "{certs}/etcd-peer-{node}.key"
    - name: "ETCD_STATIC_POD_VERSION"
      value: "{revision}"
  - name: etcd
    image: quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:0
    command:
      - /bin/sh
      - -c
      - |
        #!/bin/sh
        set -euo pipefail

        etcdctl member list || true

        # this has a non-zero return code if the command is non-zero.  If you use an export first, it doesn't and you
        # will succeed when you should fail.
        ETCD_INITIAL_CLUSTER=$(discover-etcd-initial-cluster \
          --cacert={bundles}/server-ca-bundle.crt \
          --cert={certs}/etcd-peer-{node}.crt \
          --key={certs}/etcd-peer-{node}.key \
          --endpoints=${{ALL_ETCD_ENDPOINTS}} \
          --data-dir=/var/lib/etcd \
          --target-peer-url-host=${{NODE_{env}_ETCD_URL_HOST}} \
          --target-name={node})
        export ETCD_INITIAL_CLUSTER

        export ETCD_NAME=${{NODE_{env}_ETCD_NAME}}
        env | grep ETCD | grep -v NODE

        set -x
        # See https://etcd.io/docs/v3.4.0/tuning/ for why we use ionice
        exec nice -n -19 ionice -c2 -n0 etcd \
          --logger=zap \
          --log-level=info \
          --feature-gates=InitialCorruptCheck=true \
          --initial-advertise-peer-urls=https://${{NODE_{env}_IP}}:2380 \
          --cert-file={certs}/etcd-serving-{node}.crt \
          --key-file={certs}/etcd-serving-{node}.key \
          --trusted-ca-file={bundles}/server-ca-bundle.crt \
          --client-cert-auth=true \
          --peer-cert-file={certs}/etcd-peer-{node}.crt \
          --peer-key-file={certs}/etcd-peer-{node}.key \
          --peer-trusted-ca-file={bundles}/server-ca-bundle.crt \
          --peer-client-cert-auth=true \
          --advertise-client-urls=https://${{NODE_{env}_IP}}:2379 \
          --listen-client-urls=https://0.0.0.0:2379 \
          --listen-client-http-urls=https://0.0.0.0:2381 \
          --listen-peer-urls=https://0.0.0.0:2380 \
          --metrics=extensive \
          --listen-metrics-urls=https://0.0.0.0:9978 ||  mv /etc/kubernetes/etcd-backup-dir/etcd-member.yaml /etc/kubernetes/manifests
    volumeMounts:
      - mountPath: /etc/kubernetes/manifests
        name: static-pod-dir
      - mountPath: /etc/kubernetes/static-pod-resources
        name: resource-dir
      - mountPath: /etc/kubernetes/static-pod-certs
        name: cert-dir
      - mountPath: /var/lib/etcd/
        name: data-dir
  - name: etcd-metrics
    image: quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:0
    command:
      - /bin/sh
      - -c
      - |
        #!/bin/sh
        set -euo pipefail

        export ETCD_NAME=${{NODE_{env}_ETCD_NAME}}

        exec nice -n -18 etcd grpc-proxy start \
          --endpoints https://${{NODE_{env}_ETCD_URL_HOST}}:9978 \
          --metrics-addr https://0.0.0.0:9979 \
          --listen-addr 127.0.0.1:9977 \
          --advertise-client-url ""  \
          --key {certs}/etcd-peer-{node}.key \
          --key-file {certs}/etcd-serving-metrics-{node}.key \
          --cert {certs}/etcd-peer-{node}.crt \
          --cert-file {certs}/etcd-serving-metrics-{node}.crt \
          --cacert {bundles}/server-ca-bundle.crt \
          --trusted-ca-file {bundles}/metrics-ca-bundle.crt \
          --tls-min-version $(ETCD_TLS_MIN_VERSION)
    volumeMounts:
      - mountPath: /etc/kubernetes/static-pod-resources
        name: resource-dir
      - mountPath: /etc/kubernetes/static-pod-certs
        name: cert-dir
  - name: etcd-readyz
    image: quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:1
    command:
      - /bin/sh
      - -c
      - |
        #!/bin/sh
        set -euo pipefail
        
        exec nice -n -18 cluster-etcd-operator readyz \
          --target=https://localhost:2379 \
          --listen-port=9980 \
          --serving-cert-file={certs}/etcd-serving-{node}.crt \
          --serving-key-file={certs}/etcd-serving-{node}.key \
          --client-cert-file=$(ETCDCTL_CERT) \
          --client-key-file=$(ETCDCTL_KEY) \
          --client-cacert-file=$(ETCDCTL_CACERT) \
          --listen-tls-min-version=$(ETCD_TLS_MIN_VERSION)
    volumeMounts:
      - mountPath: /var/log/etcd/
        name: log-dir
      - mountPath: /etc/kubernetes/static-pod-certs
        name: cert-dir
  hostNetwork: true
  priorityClassName: system-node-critical
  volumes:
    - hostPath:
        path: {root}/etc/kubernetes/manifests
      name: static-pod-dir
    - hostPath:
        path: {root}/etc/kubernetes/static-pod-resources/etcd-pod-{revision}
      name: resource-dir
    - hostPath:
        path: {root}/etc/kubernetes/static-pod-resources/etcd-certs
      name: cert-dir
    - hostPath:
        path: {root}/var/lib/etcd
        type: ""
      name: data-dir
    - hostPath:
        path: {root}/var/log/etcd
      name: log-dir
"#
    )
}
