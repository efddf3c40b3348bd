//! A k3s or RKE2 server's files as `k3s-io/k3s` writes them (RKE2 runs the same code with
//! `version.Program = "rke2"`), for tests. Each fact names the source it follows; the full
//! list, with the commits read, is in `docs/distributions.md`.
//!
//! - Paths: `pkg/daemons/control/deps/deps.go` `FillRuntimeCerts` (server), and
//!   `pkg/agent/config/config.go` `get` (agent).
//! - CAs: `createSigningCertKey` names each `<prefix>-ca@<unix time>`, no O, and writes the
//!   CA alone; dynamiclistener's `NewSelfSignedCACert` makes it CA:TRUE with keyCertSign,
//!   digitalSignature and keyEncipherment, valid 10 years.
//! - Leaves: `createClientCertKey` writes the leaf followed by its CA in one file; dynamiclistener's
//!   `NewSignedCert` gives 365 days and the EKUs asked for.
//! - Keys: ECDSA P-256 as SEC1 `EC PRIVATE KEY` (dynamiclistener `LoadOrGenerateKeyFile`);
//!   `service.key` is RSA 2048 as PKCS#1 (`genServiceAccount`, `NewPrivateKey`).
//! - etcd's YAML config, `server/db/etcd/config` (`pkg/daemons/executor/executor.go`
//!   `ToConfigFile`, fields from `pkg/etcd/etcd.go` `cluster`), marshalled by sigs.k8s.io/yaml
//!   (keys in alphabetical order).
//! - The kube-apiserver's loopback certificate `server/tls/apiserver-loopback-client__.crt`
//!   (listed among `server/tls`'s files by k3s's own e2e tests; client-go's
//!   `GenerateSelfSignedCertKeyWithFixtures` names it `<host>_<ips>_<dns>.crt` and writes the
//!   leaf followed by its own one-off CA, RSA 2048, 100 years).
//! - With [`RancherOptions::custom_ca`], the CAs of k3s's `contrib/util/generate-custom-ca-certs.sh`
//!   instead: a root `<program>-root-ca@<time>` (RSA 4096, PKCS#1, 7300 days) in `root-ca.pem`,
//!   `root-ca.key` and `root-ca.crt`; an intermediate `<program>-intermediate-ca@<time>` (RSA
//!   4096, 3700 days) signed by it, in `intermediate-ca.pem`, `.key`, and `.crt` followed by the
//!   root; and for `client`, `server`, `request-header`, `etcd/peer` and `etcd/server` a CA
//!   `<program>-<type, / as ->-ca@<time>` (ECDSA P-256, SEC1, 3700 days) signed by the
//!   intermediate, in `<type>-ca.pem`, `.key`, and `.crt` followed by the intermediate and the
//!   root; all with the script's `v3_ca` extensions. k3s then issues its leaves from them as
//!   usual, each file the leaf followed by the whole chain of its CA file (the k3s docs' "each
//!   certificate file contains ... the leaf ..., any intermediate Certificate Authority
//!   certificates, and the root"), and writes `<name>-ca.nochain.crt` with the CA alone.
//!   The script's `service.key` is RSA 2048 followed by the empty line its `echo` appends.
//! - RKE2 only: the etcd static pod `agent/pod-manifests/etcd.yaml`, whose single argument is
//!   `--config-file` (`rancher/rke2` `pkg/executor/staticpod/staticpod.go` `ETCD`,
//!   `pkg/podtemplate/podtemplate.go`).

use std::collections::BTreeMap;

use time::{Duration, OffsetDateTime};

use crate::{Ca, Key, KeyType, LeafSpec, Pair, PkiError, Usage};

/// What to make.
#[derive(Debug, Clone)]
pub struct RancherOptions {
    /// `k3s` or `rke2` (`version.Program`).
    pub program: &'static str,
    /// The absolute data dir the files name each other by (`/var/lib/rancher/k3s`).
    pub data_dir: String,
    /// The node's name.
    pub node: String,
    /// The node's IP.
    pub ip: String,
    /// When the CAs were made.
    pub now: OffsetDateTime,
    /// etcd's client port (k3s: 2379).
    pub client_port: u16,
    /// etcd's peer port (k3s: 2380).
    pub peer_port: u16,
    /// etcd's metrics port (k3s: 2381, plain HTTP on loopback).
    pub metrics_port: u16,
    /// The CAs made beforehand by `generate-custom-ca-certs.sh` (root, intermediate, and five
    /// CAs under it) rather than by k3s itself.
    pub custom_ca: bool,
}

impl RancherOptions {
    /// A k3s or RKE2 server at its default data dir and ports.
    pub fn new(program: &'static str, node: &str, ip: &str, now: OffsetDateTime) -> Self {
        RancherOptions {
            program,
            data_dir: format!("/var/lib/rancher/{program}"),
            node: node.into(),
            ip: ip.into(),
            now,
            client_port: 2379,
            peer_port: 2380,
            metrics_port: 2381,
            custom_ca: false,
        }
    }
}

/// The files, by path relative to the data dir.
#[derive(Debug)]
pub struct RancherPki {
    /// Path (`server/tls/etcd/server-ca.crt`) → contents.
    pub files: BTreeMap<String, String>,
    /// etcd's client URL.
    pub client_url: String,
}

fn ca_named(prefix: &str, now: OffsetDateTime) -> Result<Ca, PkiError> {
    // deps.go createSigningCertKey: fmt.Sprintf("%s-ca@%d", prefix, time.Now().Unix()).
    let cn = format!("{prefix}-ca@{}", now.unix_timestamp());
    Ca::with_subject(Some(&cn), &[], KeyType::EcdsaP256, now, now + Duration::days(3650))
}

/// dynamiclistener's file storage of its certificate: `json.NewEncoder(b).Encode(secret)` of a
/// v1.Secret with no TypeMeta, so `metadata` (a null `creationTimestamp`, the annotations with
/// keys sorted) then `data` (base64, keys sorted), one line.
fn dynamic_cert_json(pair: &Pair, sans: &[String]) -> String {
    use base64::Engine as _;
    use sha1::Digest as _;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let mut annotations: Vec<(String, String)> = sans
        .iter()
        .map(|s| (format!("listener.cattle.io/cn-{s}"), s.clone()))
        .collect();
    let digest: String = sha1::Sha1::digest(&pair.cert_der)
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    annotations.push(("listener.cattle.io/fingerprint".into(), format!("SHA1={digest}")));
    annotations.sort();
    let annotations: Vec<String> = annotations.iter().map(|(k, v)| format!("\"{k}\":\"{v}\"")).collect();
    format!(
        "{{\"metadata\":{{\"creationTimestamp\":null,\"annotations\":{{{}}}}},\"data\":{{\"tls.crt\":\"{}\",\"tls.key\":\"{}\"}}}}\n",
        annotations.join(","),
        b64(&pair.cert_pem),
        b64(&pair.key.pem)
    )
}

/// A CA and the text of its `.crt`: the CA alone, or followed by the CAs above it.
struct Signer {
    ca: Ca,
    chain: String,
}

/// The CAs `generate-custom-ca-certs.sh` makes: written into `files` under `tls`, and the five
/// k3s signs with returned as `[client, server, request-header, etcd/server, etcd/peer]`.
fn custom_cas(
    program: &str,
    now: OffsetDateTime,
    tls: &str,
    put: &mut dyn FnMut(String, String),
) -> Result<[Signer; 5], PkiError> {
    let t = now.unix_timestamp();
    let root = Ca::with_subject(
        Some(&format!("{program}-root-ca@{t}")),
        &[],
        KeyType::Rsa4096,
        now,
        now + Duration::days(7300),
    )?;
    let intermediate = root.issue_ca(
        &format!("{program}-intermediate-ca@{t}"),
        KeyType::Rsa4096,
        now,
        now + Duration::days(3700),
    )?;
    let above = format!("{}{}", intermediate.pair.cert_pem, root.pair.cert_pem);
    for (name, ca, crt) in [
        ("root-ca", &root, root.pair.cert_pem.clone()),
        ("intermediate-ca", &intermediate, above.clone()),
    ] {
        put(format!("{tls}/{name}.pem"), ca.pair.cert_pem.clone());
        put(format!("{tls}/{name}.key"), ca.pair.key.pem.clone());
        put(format!("{tls}/{name}.crt"), crt);
    }
    let mut signer = |kind: &str| -> Result<Signer, PkiError> {
        let cn = format!("{program}-{}-ca@{t}", kind.replace('/', "-"));
        let ca = intermediate.issue_ca(&cn, KeyType::EcdsaP256, now, now + Duration::days(3700))?;
        let chain = format!("{}{above}", ca.pair.cert_pem);
        put(format!("{tls}/{kind}-ca.pem"), ca.pair.cert_pem.clone());
        Ok(Signer { ca, chain })
    };
    Ok([
        signer("client")?,
        signer("server")?,
        signer("request-header")?,
        signer("etcd/server")?,
        signer("etcd/peer")?,
    ])
}

impl RancherPki {
    /// Makes a server's files (it is also its own agent, as a k3s server is).
    pub fn generate(opts: &RancherOptions) -> Result<RancherPki, PkiError> {
        let p = opts.program;
        let now = opts.now;
        let d = &opts.data_dir;
        let kt = KeyType::EcdsaP256;
        let mut files = BTreeMap::new();
        let tls = "server/tls";
        let custom = if opts.custom_ca {
            Some(custom_cas(p, now, tls, &mut |path, text| {
                files.insert(path, text);
            })?)
        } else {
            None
        };
        let mut put = |path: String, text: String| {
            files.insert(path, text);
        };
        let leaf = |signer: &Signer, cn: &str, o: &[&str], usage: Usage, sans: &[String]| {
            signer.ca.issue(
                &LeafSpec::new(cn, usage, now, kt)
                    .organizations(o.iter().copied())
                    .sans(sans.iter().cloned())
                    .valid(now, now + Duration::days(365)),
            )
        };
        // createClientCertKey: the leaf, then every certificate of its CA's file.
        let bundle = |pair: &Pair, signer: &Signer| format!("{}{}", pair.cert_pem, signer.chain);

        let [client_ca, server_ca, header_ca, etcd_ca, peer_ca] = match custom {
            Some(signers) => signers,
            None => {
                let own = |prefix: &str| {
                    ca_named(prefix, now).map(|ca| Signer {
                        chain: ca.pair.cert_pem.clone(),
                        ca,
                    })
                };
                [
                    own(&format!("{p}-client"))?,
                    own(&format!("{p}-server"))?,
                    own(&format!("{p}-request-header"))?,
                    own("etcd-server")?,
                    own("etcd-peer")?,
                ]
            }
        };
        for (name, signer) in [
            ("client-ca", &client_ca),
            ("server-ca", &server_ca),
            ("request-header-ca", &header_ca),
            ("etcd/server-ca", &etcd_ca),
            ("etcd/peer-ca", &peer_ca),
        ] {
            put(format!("{tls}/{name}.crt"), signer.chain.clone());
            put(format!("{tls}/{name}.key"), signer.ca.pair.key.pem.clone());
        }
        // The CA certificates alone, for when client-ca.crt / server-ca.crt carry a chain.
        put(
            format!("{tls}/client-ca.nochain.crt"),
            client_ca.ca.pair.cert_pem.clone(),
        );
        put(
            format!("{tls}/server-ca.nochain.crt"),
            server_ca.ca.pair.cert_pem.clone(),
        );

        let masters: &[&str] = &["system:masters"];
        let clients: [(String, String, &[&str]); 8] = [
            ("client-admin".into(), "system:admin".into(), masters),
            ("client-supervisor".into(), format!("system:{p}-supervisor"), masters),
            ("client-controller".into(), "system:kube-controller-manager".into(), &[]),
            ("client-scheduler".into(), "system:kube-scheduler".into(), &[]),
            ("client-kube-apiserver".into(), "system:apiserver".into(), masters),
            ("client-kube-proxy".into(), "system:kube-proxy".into(), &[]),
            (format!("client-{p}-controller"), format!("system:{p}-controller"), &[]),
            (
                format!("client-{p}-cloud-controller"),
                format!("{p}-cloud-controller-manager"),
                &[],
            ),
        ];
        for (file, cn, o) in &clients {
            let pair = leaf(&client_ca, cn, o, Usage::Client, &[])?;
            put(format!("{tls}/{file}.crt"), bundle(&pair, &client_ca));
            put(format!("{tls}/{file}.key"), pair.key.pem.clone());
        }
        let proxy = leaf(&header_ca, "system:auth-proxy", &[], Usage::Client, &[])?;
        put(format!("{tls}/client-auth-proxy.crt"), bundle(&proxy, &header_ca));
        put(format!("{tls}/client-auth-proxy.key"), proxy.key.pem.clone());
        let apiserver_sans: Vec<String> = [
            "kubernetes",
            "kubernetes.default",
            "kubernetes.default.svc",
            "kubernetes.default.svc.cluster.local",
            "localhost",
            opts.node.as_str(),
            "10.43.0.1",
            "127.0.0.1",
            "::1",
            opts.ip.as_str(),
        ]
        .map(String::from)
        .to_vec();
        let serving = leaf(&server_ca, "kube-apiserver", &[], Usage::Server, &apiserver_sans)?;
        put(
            format!("{tls}/serving-kube-apiserver.crt"),
            bundle(&serving, &server_ca),
        );
        put(format!("{tls}/serving-kube-apiserver.key"), serving.key.pem.clone());

        // The supervisor's listener on :6443 (pkg/cluster/https.go newListener): dynamiclistener
        // signs it with the server CA, CN and O the program, SANs the CNs it has seen; its file
        // storage keeps it as a v1.Secret marshalled by encoding/json (no kind), the SANs as
        // `listener.cattle.io/cn-<name>` annotations (factory/gen.go), the leaf alone in tls.crt.
        // The names it has seen, here the API server's: Go writes DNS names, then IPs, each
        // in the order collectCNs sorts them.
        let mut listener_sans = apiserver_sans.clone();
        listener_sans.sort_by_key(|s| (s.parse::<std::net::IpAddr>().is_ok(), s.clone()));
        let listener = leaf(&server_ca, p, &[p], Usage::Server, &listener_sans)?;
        put(
            format!("{tls}/dynamic-cert.json"),
            dynamic_cert_json(&listener, &listener_sans),
        );

        let etcd_sans: Vec<String> = [
            "kine.sock",
            "localhost",
            opts.node.as_str(),
            "127.0.0.1",
            "::1",
            opts.ip.as_str(),
        ]
        .map(String::from)
        .to_vec();
        let etcd_leaves = [
            ("server-client", &etcd_ca, "etcd-server", Usage::ServerAndClient, true),
            (
                "peer-server-client",
                &peer_ca,
                "etcd-peer",
                Usage::ServerAndClient,
                true,
            ),
            ("client", &etcd_ca, "etcd-client", Usage::Client, false),
        ];
        for (file, ca, cn, usage, with_sans) in etcd_leaves {
            let sans: &[String] = if with_sans { &etcd_sans } else { &[] };
            let pair = leaf(ca, cn, &[], usage, sans)?;
            put(format!("{tls}/etcd/{file}.crt"), bundle(&pair, ca));
            put(format!("{tls}/etcd/{file}.key"), pair.key.pem.clone());
        }
        // Keys with no certificate on the server: the service-account key (RSA, PKCS#1) and the
        // kubelet keys whose certificates each agent gets signed for itself.
        let service = Key::generate(KeyType::Rsa2048)?;
        // The script's `echo "${OLD_SERVICE_KEY}" >> service.key` adds an empty line.
        let newline = if opts.custom_ca { "\n" } else { "" };
        put(format!("{tls}/service.key"), format!("{}{newline}", service.pem));
        put(format!("{tls}/service.current.key"), service.pem.clone());
        put(format!("{tls}/client-kubelet.key"), Key::generate(kt)?.pem);
        put(format!("{tls}/serving-kubelet.key"), Key::generate(kt)?.pem);

        // kube-apiserver's loopback certificate, with its own one-off CA, as a fixture file in
        // its --cert-dir: CN "<host>-ca@<time>" and "<host>@<time>", RSA 2048, 100 years.
        let t = now.unix_timestamp();
        let long = now + Duration::days(36500);
        let loopback_ca = Ca::with_subject(
            Some(&format!("apiserver-loopback-client-ca@{t}")),
            &[],
            KeyType::Rsa2048,
            now - Duration::hours(1),
            long,
        )?;
        let loopback = loopback_ca.issue(
            &LeafSpec::new(
                &format!("apiserver-loopback-client@{t}"),
                Usage::Server,
                now,
                KeyType::Rsa2048,
            )
            .sans(["apiserver-loopback-client"])
            .valid(now - Duration::hours(1), long),
        )?;
        let temporary = format!("{tls}/apiserver-loopback-client__");
        put(
            format!("{temporary}.crt"),
            format!("{}{}", loopback.cert_pem, loopback_ca.pair.cert_pem),
        );
        put(format!("{temporary}.key"), loopback.key.pem.clone());

        // Kubeconfigs, k3s's template (deps.go kubeconfigTemplate): files by path.
        let kubeconfig = |cert: &str, key: &str, ca: &str| {
            format!(
                "apiVersion: v1\nclusters:\n- cluster:\n    server: https://127.0.0.1:6444\n    certificate-authority: {ca}\n  name: local\ncontexts:\n- context:\n    cluster: local\n    namespace: default\n    user: user\n  name: Default\ncurrent-context: Default\nkind: Config\npreferences: {{}}\nusers:\n- name: user\n  user:\n    client-certificate: {cert}\n    client-key: {key}\n"
            )
        };
        let abs = |rel: &str| format!("{d}/{rel}");
        put(
            "server/cred/admin.kubeconfig".into(),
            kubeconfig(
                &abs("server/tls/client-admin.crt"),
                &abs("server/tls/client-admin.key"),
                &abs("server/tls/server-ca.crt"),
            ),
        );
        put(
            "server/cred/controller.kubeconfig".into(),
            kubeconfig(
                &abs("server/tls/client-controller.crt"),
                &abs("server/tls/client-controller.key"),
                &abs("server/tls/server-ca.crt"),
            ),
        );

        // The agent side (pkg/agent/config/config.go): copies of the CAs, and certificates the
        // supervisor signs for this node, each followed by its CA.
        put("agent/client-ca.crt".into(), client_ca.chain.clone());
        put("agent/server-ca.crt".into(), server_ca.chain.clone());
        let node_sans: Vec<String> = [opts.node.as_str(), "localhost", "127.0.0.1", opts.ip.as_str()]
            .map(String::from)
            .to_vec();
        // (file, CA, CN, O, usage, SANs)
        type AgentLeaf<'a> = (String, &'a Signer, String, &'a [&'a str], Usage, &'a [String]);
        let agent_leaves: [AgentLeaf<'_>; 4] = [
            (
                "client-kubelet".into(),
                &client_ca,
                format!("system:node:{}", opts.node),
                &["system:nodes"],
                Usage::Client,
                &[],
            ),
            (
                "serving-kubelet".into(),
                &server_ca,
                opts.node.clone(),
                &[],
                Usage::Server,
                &node_sans,
            ),
            (
                "client-kube-proxy".into(),
                &client_ca,
                "system:kube-proxy".into(),
                &[],
                Usage::Client,
                &[],
            ),
            (
                format!("client-{p}-controller"),
                &client_ca,
                format!("system:{p}-controller"),
                &[],
                Usage::Client,
                &[],
            ),
        ];
        for (file, ca, cn, o, usage, sans) in agent_leaves {
            let pair = leaf(ca, &cn, o, usage, sans)?;
            put(format!("agent/{file}.crt"), bundle(&pair, ca));
            put(format!("agent/{file}.key"), pair.key.pem.clone());
        }
        put(
            "agent/kubelet.kubeconfig".into(),
            kubeconfig(
                &abs("agent/client-kubelet.crt"),
                &abs("agent/client-kubelet.key"),
                &abs("agent/server-ca.crt"),
            ),
        );

        // etcd's config file, as ToConfigFile marshals ETCDConfig (alphabetical keys).
        let ip = &opts.ip;
        let (cp, pp, mp) = (opts.client_port, opts.peer_port, opts.metrics_port);
        let name = format!("{}-{:08x}", opts.node, t as u32);
        let etcd_dir = abs("server/db/etcd");
        let etcd_tls = abs("server/tls/etcd");
        put(
            "server/db/etcd/config".into(),
            format!(
                "advertise-client-urls: https://{ip}:{cp}\nclient-transport-security:\n  cert-file: {etcd_tls}/server-client.crt\n  client-cert-auth: true\n  key-file: {etcd_tls}/server-client.key\n  trusted-ca-file: {etcd_tls}/server-ca.crt\ndata-dir: {etcd_dir}\nelection-timeout: 5000\nexperimental-initial-corrupt-check: true\nexperimental-watch-progress-notify-interval: 5000000000\nheartbeat-interval: 500\ninitial-advertise-peer-urls: https://{ip}:{pp}\ninitial-cluster: {name}=https://{ip}:{pp}\ninitial-cluster-state: new\nlisten-client-http-urls: https://127.0.0.1:2382\nlisten-client-urls: https://127.0.0.1:{cp},https://{ip}:{cp}\nlisten-metrics-urls: http://127.0.0.1:{mp}\nlisten-peer-urls: https://127.0.0.1:{pp},https://{ip}:{pp}\nlog-outputs:\n- stderr\nlogger: zap\nname: {name}\npeer-transport-security:\n  cert-file: {etcd_tls}/peer-server-client.crt\n  client-cert-auth: true\n  key-file: {etcd_tls}/peer-server-client.key\n  trusted-ca-file: {etcd_tls}/peer-ca.crt\nsnapshot-count: 10000\nsocket-options:\n  reuse-address: true\n"
            ),
        );
        if p == "rke2" {
            // podtemplate.go: a Pod named after the command, in kube-system, the command alone
            // and its arguments; staticpod.go ETCD: the one argument is --config-file, and the
            // data dir is mounted at its own path.
            put(
                "agent/pod-manifests/etcd.yaml".into(),
                format!(
                    "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    etcd.k3s.io/initial: '{{\"initial-advertise-peer-urls\":\"https://{ip}:{pp}\",\"initial-cluster\":\"{name}=https://{ip}:{pp}\",\"initial-cluster-state\":\"new\"}}'\n  labels:\n    component: etcd\n    tier: control-plane\n  name: etcd\n  namespace: kube-system\nspec:\n  containers:\n  - args:\n    - --config-file={etcd_dir}/config\n    command:\n    - etcd\n    image: index.docker.io/rancher/hardened-etcd:v3.5.21-k3s1-build20250612\n    name: etcd\n    volumeMounts:\n    - mountPath: {etcd_dir}\n      name: dir0\n    - mountPath: {etcd_tls}/server-client.crt\n      name: file0\n      readOnly: true\n  hostNetwork: true\n  priorityClassName: system-cluster-critical\n  volumes:\n  - hostPath:\n      path: {etcd_dir}\n      type: DirectoryOrCreate\n    name: dir0\n  - hostPath:\n      path: {etcd_tls}/server-client.crt\n      type: File\n    name: file0\n"
                ),
            );
        }
        Ok(RancherPki {
            files,
            client_url: format!("https://{ip}:{cp}"),
        })
    }
}
