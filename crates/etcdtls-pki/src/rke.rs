//! An RKE (Rancher Kubernetes Engine 1, `rancher/rke`) node's `/etc/kubernetes/ssl`, for tests.
//! Each fact names the file it follows; the commit read is in `docs/distributions.md`.
//!
//! - `pki/pki.go` `GenerateRKECACerts`: `kube-ca` (`CN=kube-ca`) and
//!   `kube-apiserver-requestheader-ca`, from client-go's `NewSelfSignedCACert` as vendored
//!   (`pki/cert/cert.go`): CA:TRUE, digitalSignature + keyEncipherment + keyCertSign, ten years.
//! - `pki/services.go`: `kube-etcd-<address>` for every etcd host (`GetCrtNameForHost`: the
//!   address lower-cased, dots to dashes), all `CN=kube-etcd`, serverAuth and clientAuth, one SAN
//!   list (`GetAltNames` over the etcd hosts, then 127.0.0.1, the first service IP and the
//!   `kubernetes` names; Go writes the DNS names before the IPs); `kube-node` (`CN=system:node`,
//!   `O=system:nodes`), whose first key is kube-proxy's (`GenerateKubeNodeCertificate` passes
//!   `certs[KubeProxyCertName].Key`); `kube-apiserver`, `kube-controller-manager`,
//!   `kube-scheduler`, `kube-proxy`, `kube-service-account-token` and, from the request-header
//!   CA, `kube-apiserver-proxy-client`.
//! - `pki/cert/cert.go` `NewSignedCert`: RSA 2048 keys in PKCS#1, digitalSignature +
//!   keyEncipherment, no basic constraints, valid from the CA's own start for ten years.
//! - `pki/util.go` and rke-tools' `cert-deployer`: `<name>.pem`, `<name>-key.pem` and
//!   `kubecfg-<name>.yaml` (`pki/kubeconfig.go` `getKubeConfigX509`, naming the files by path,
//!   cluster `local`).
//! - `cluster/plan.go` `BuildEtcdProcess`: etcd's flags ([`RkePki::etcd_args`]) and the
//!   container's `ETCDCTL_*` variables ([`RkePki::etcdctl_env`]).

use std::collections::BTreeMap;

use time::{Duration, OffsetDateTime};

use crate::{Ca, KeyType, LeafSpec, Pair, PkiError, Usage};

/// One etcd host of `cluster.yml` (`address`, no `internal_address`).
#[derive(Debug, Clone)]
pub struct RkeHost {
    /// `address`: an IP or a DNS name.
    pub address: String,
    /// etcd's client port (RKE: 2379; tests put members side by side).
    pub client_port: u16,
    /// etcd's peer port (RKE: 2380).
    pub peer_port: u16,
}

impl RkeHost {
    /// A host at RKE's ports.
    pub fn new(address: &str) -> Self {
        RkeHost {
            address: address.into(),
            client_port: 2379,
            peer_port: 2380,
        }
    }

    /// `GetCrtNameForHost`: `kube-etcd-10-0-0-1`.
    pub fn etcd_cert_name(&self) -> String {
        format!("kube-etcd-{}", self.address.to_lowercase().replace('.', "-"))
    }
}

/// What to lay out.
#[derive(Debug, Clone)]
pub struct RkeOptions {
    /// The etcd hosts (also the control plane here).
    pub hosts: Vec<RkeHost>,
    /// When the CA is made.
    pub now: OffsetDateTime,
    /// Where the files go: `/etc/kubernetes/ssl`, or a relative folder for a test.
    pub ssl_dir: String,
    /// The first IP of `services.kube-api.service_cluster_ip_range`.
    pub service_ip: String,
    /// `services.kubelet.cluster_domain`.
    pub cluster_domain: String,
    /// How long leaves last from now (RKE: 3650 days).
    pub leaf_days: i64,
}

impl RkeOptions {
    /// RKE's defaults for these hosts.
    pub fn new(hosts: Vec<RkeHost>, now: OffsetDateTime) -> Self {
        RkeOptions {
            hosts,
            now,
            ssl_dir: "/etc/kubernetes/ssl".into(),
            service_ip: "10.43.0.1".into(),
            cluster_domain: "cluster.local".into(),
            leaf_days: 3650,
        }
    }
}

/// The files.
#[derive(Debug)]
pub struct RkePki {
    /// Path (under [`RkeOptions::ssl_dir`]) → contents: certificates, keys and kubeconfigs.
    pub files: BTreeMap<String, String>,
    /// The options it was made with.
    pub options: RkeOptions,
}

impl RkePki {
    /// Makes every file RKE writes to a node that is etcd and control plane at once.
    pub fn generate(opts: &RkeOptions) -> Result<RkePki, PkiError> {
        let kt = KeyType::Rsa2048;
        let ten_years = opts.now + Duration::days(3650);
        let kube_ca = Ca::with_subject(Some("kube-ca"), &[], kt, opts.now, ten_years)?;
        let requestheader = Ca::with_subject(Some("kube-apiserver-requestheader-ca"), &[], kt, opts.now, ten_years)?;
        let mut files = BTreeMap::new();
        let dir = opts.ssl_dir.trim_end_matches('/');
        let mut put = |name: &str, cert: &str, key: &str| {
            files.insert(format!("{dir}/{name}.pem"), cert.to_string());
            files.insert(format!("{dir}/{name}-key.pem"), key.to_string());
        };
        put("kube-ca", &kube_ca.pair.cert_pem, &kube_ca.pair.key.pem);
        put(
            "kube-apiserver-requestheader-ca",
            &requestheader.pair.cert_pem,
            &requestheader.pair.key.pem,
        );
        // Leaves start when their CA did (`NewSignedCert` copies `caCert.NotBefore`).
        let spec = |cn: &str, usage: Usage| {
            LeafSpec::new(cn, usage, opts.now, kt)
                .valid(opts.now, opts.now + Duration::days(opts.leaf_days))
                .without_basic_constraints()
        };
        let sans = alt_names(opts);
        for host in &opts.hosts {
            let etcd = kube_ca.issue(&spec("kube-etcd", Usage::ServerAndClient).sans(sans.iter().cloned()))?;
            put(&host.etcd_cert_name(), &etcd.cert_pem, &etcd.key.pem);
        }
        let apiserver = kube_ca.issue(&spec("kube-apiserver", Usage::ServerAndClient).sans(sans.iter().cloned()))?;
        put("kube-apiserver", &apiserver.cert_pem, &apiserver.key.pem);
        let client = |cn: &str, o: &[&str]| kube_ca.issue(&spec(cn, Usage::Client).organizations(o.iter().copied()));
        let proxy: Pair = client("system:kube-proxy", &[])?;
        put("kube-proxy", &proxy.cert_pem, &proxy.key.pem);
        let node_spec = spec("system:node", Usage::Client).organizations(["system:nodes"]);
        let node = kube_ca.issue_for(&node_spec, &proxy.key)?;
        put("kube-node", &node, &proxy.key.pem);
        for (name, cn) in [
            ("kube-controller-manager", "system:kube-controller-manager"),
            ("kube-scheduler", "system:kube-scheduler"),
            ("kube-service-account-token", "kube-service-account-token"),
        ] {
            let pair = client(cn, &[])?;
            put(name, &pair.cert_pem, &pair.key.pem);
        }
        let proxy_client = requestheader.issue(&spec("kube-apiserver-proxy-client", Usage::ServerAndClient))?;
        put(
            "kube-apiserver-proxy-client",
            &proxy_client.cert_pem,
            &proxy_client.key.pem,
        );
        for name in [
            "kube-node",
            "kube-proxy",
            "kube-controller-manager",
            "kube-scheduler",
            "kube-apiserver-proxy-client",
        ] {
            files.insert(format!("{dir}/kubecfg-{name}.yaml"), kubeconfig(dir, name));
        }
        Ok(RkePki {
            files,
            options: opts.clone(),
        })
    }

    /// The flags `BuildEtcdProcess` gives host `i`'s etcd container (in a fixed order; RKE's
    /// come from a Go map), with `data_dir` for its data.
    pub fn etcd_args(&self, i: usize, data_dir: &str) -> Vec<String> {
        let opts = &self.options;
        let host = &opts.hosts[i];
        let dir = opts.ssl_dir.trim_end_matches('/');
        let cert = format!("{dir}/{}.pem", host.etcd_cert_name());
        let key = format!("{dir}/{}-key.pem", host.etcd_cert_name());
        let cluster: Vec<String> = (opts.hosts.iter())
            .map(|h| format!("etcd-{}=https://{}:{}", h.address, h.address, h.peer_port))
            .collect();
        vec![
            format!("--name=etcd-{}", host.address.to_lowercase()),
            format!("--data-dir={data_dir}"),
            // `internal_address` is `address`: etcd listens on every interface.
            format!("--listen-client-urls=https://0.0.0.0:{}", host.client_port),
            format!("--listen-peer-urls=https://0.0.0.0:{}", host.peer_port),
            format!("--advertise-client-urls=https://{}:{}", host.address, host.client_port),
            format!(
                "--initial-advertise-peer-urls=https://{}:{}",
                host.address, host.peer_port
            ),
            format!("--initial-cluster={}", cluster.join(",")),
            "--initial-cluster-token=etcd-cluster-1".into(),
            "--initial-cluster-state=new".into(),
            format!("--trusted-ca-file={dir}/kube-ca.pem"),
            format!("--peer-trusted-ca-file={dir}/kube-ca.pem"),
            format!("--cert-file={cert}"),
            format!("--key-file={key}"),
            format!("--peer-cert-file={cert}"),
            format!("--peer-key-file={key}"),
            "--client-cert-auth=true".into(),
            "--peer-client-cert-auth=true".into(),
        ]
    }

    /// The `ETCDCTL_*` variables of host `i`'s etcd container (etcd 3.3 and later).
    pub fn etcdctl_env(&self, i: usize) -> Vec<(String, String)> {
        let opts = &self.options;
        let host = &opts.hosts[i];
        let dir = opts.ssl_dir.trim_end_matches('/');
        [
            ("ETCDCTL_API", "3".to_string()),
            ("ETCDCTL_CACERT", format!("{dir}/kube-ca.pem")),
            ("ETCDCTL_CERT", format!("{dir}/{}.pem", host.etcd_cert_name())),
            ("ETCDCTL_KEY", format!("{dir}/{}-key.pem", host.etcd_cert_name())),
            ("ETCDCTL_ENDPOINTS", format!("https://127.0.0.1:{}", host.client_port)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }
}

/// `GetAltNames` over the etcd hosts, DNS names first as Go writes them.
fn alt_names(opts: &RkeOptions) -> Vec<String> {
    let is_ip = |s: &str| s.parse::<std::net::IpAddr>().is_ok();
    let mut dns: Vec<String> = (opts.hosts.iter())
        .filter(|h| !is_ip(&h.address))
        .map(|h| h.address.clone())
        .collect();
    dns.extend(
        [
            "localhost",
            "kubernetes",
            "kubernetes.default",
            "kubernetes.default.svc",
        ]
        .map(String::from)
        .into_iter()
        .chain([format!("kubernetes.default.svc.{}", opts.cluster_domain)]),
    );
    let mut ips: Vec<String> = (opts.hosts.iter())
        .filter(|h| is_ip(&h.address))
        .map(|h| h.address.clone())
        .collect();
    ips.extend(["127.0.0.1".to_string(), opts.service_ip.clone()]);
    dns.into_iter().chain(ips).collect()
}

/// `getKubeConfigX509` for a component, naming its files by absolute path.
fn kubeconfig(dir: &str, name: &str) -> String {
    let dir = format!("/{}", dir.trim_start_matches('/'));
    format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    api-version: v1\n    certificate-authority: {dir}/kube-ca.pem\n    server: \"https://127.0.0.1:6443\"\n  name: \"local\"\ncontexts:\n- context:\n    cluster: \"local\"\n    user: \"{name}-local\"\n  name: \"local\"\ncurrent-context: \"local\"\nusers:\n- name: \"{name}-local\"\n  user:\n    client-certificate: {dir}/{name}.pem\n    client-key: {dir}/{name}-key.pem"
    )
}
