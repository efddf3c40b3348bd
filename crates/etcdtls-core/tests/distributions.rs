//! Every distribution profile against a PKI generated here the way that distribution's own code
//! lays it out: its paths, subjects, issuers, extended key usages, bundles and key types (the
//! facts and their sources are in each profile's module comment, `src/profile/*.rs`). Each
//! test asserts the role of every certificate and key block, the detected distribution and the
//! renewal advice; then renames every file `itemN.pem` into one flat folder and asserts that
//! the roles survive wherever content and issuer links decide.
//!
//! Roles that cannot survive losing the names, and why (each layout's `lost_when_flat` says
//! which items, and the flat check asserts what they become instead):
//! - etcd's server and peer certificates wherever the distribution gives both the same content
//!   (kubeadm, OpenShift, Talos): only the file name or etcd's flags say which is which; flat,
//!   they are `etcd-member`. Where separate CAs sign them (k3s, RKE2, kops), the CA decides and
//!   they survive. Usages alone do not decide: etcd's cfssl guide gives its peer certificate
//!   serverAuth and clientAuth and its server certificate serverAuth only, yet other tools
//!   give a server both (Bitnami), so a flat peer certificate of the guide is `etcd-member`.
//! - Keys that have no certificate (kubeadm `sa.key`/`sa.pub`, k3s `service.key`,
//!   `client-kubelet.key`, `serving-kubelet.key`, Talos and kops `service-account.key`): a key
//!   has no subject, only its name says what it is for; flat, they are `unknown`.
//! - etcd configured by hand: only etcd's flags (naming the files by path) say which file is the
//!   CA, the server and the peer certificate; once renamed, the flags name nothing, and the
//!   certificates fall back to what their usages alone say (`root-ca`, `server-client`,
//!   `client`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use etcdtls_core::{FindingId, Input, ItemKind, Options, Report, Role, analyze};
use etcdtls_pki::openshift::{OpenShiftOptions, OpenShiftPki};
use etcdtls_pki::rancher::{RancherOptions, RancherPki};
use etcdtls_pki::{Ca, KeyType, KubeadmOptions, KubeadmPki, LeafSpec, Pair, Usage};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const MINTED: OffsetDateTime = datetime!(2026-01-01 00:00 UTC);
const NOW: OffsetDateTime = datetime!(2026-03-01 00:00 UTC);
/// When every leaf of every layout has expired, so that renewal advice shows in findings.
const LATER: OffsetDateTime = datetime!(2040-01-01 00:00 UTC);

/// A generated layout and what every block in it must be.
struct Layout {
    distribution: &'static str,
    /// Path → contents, in the order they are given.
    files: Vec<(String, String)>,
    /// Item id → role, for every certificate and key block.
    roles: BTreeMap<String, Role>,
    /// An item and words its renewal advice must contain.
    renew: (String, &'static str),
    /// Items whose role only their name decides, and the role they get when flat.
    lost_when_flat: BTreeMap<String, Role>,
    /// The distribution detected when flat, if it can be.
    flat_distribution: Option<&'static str>,
    /// The etcd CA and the least-privileged client certificate `doctor --pki` picks.
    connects: (String, String),
}

impl Layout {
    fn new(distribution: &'static str) -> Self {
        Layout {
            distribution,
            files: Vec::new(),
            roles: BTreeMap::new(),
            renew: (String::new(), ""),
            lost_when_flat: BTreeMap::new(),
            flat_distribution: Some(distribution),
            connects: (String::new(), String::new()),
        }
    }

    /// A certificate and its key, both of `role`.
    fn pair(&mut self, path: &str, pair: &Pair, role: Role) {
        let key = key_path(path);
        self.file(path, &pair.cert_pem, role);
        self.file(&key, &pair.key.pem, role);
    }

    fn file(&mut self, path: &str, text: &str, role: Role) {
        self.files.push((path.into(), text.into()));
        self.roles.insert(path.into(), role);
    }

    /// A file with no certificate or key in it (configuration).
    fn config(&mut self, path: &str, text: String) {
        self.files.push((path.into(), text));
    }

    fn renews(&mut self, item: &str, words: &'static str) {
        self.renew = (item.into(), words);
    }

    fn connects(&mut self, ca: &str, cert: &str) {
        self.connects = (ca.into(), cert.into());
    }

    fn lost(&mut self, item: &str, flat_role: Role) {
        self.lost_when_flat.insert(item.into(), flat_role);
    }
}

fn key_path(cert: &str) -> String {
    match cert.strip_suffix(".pem") {
        Some(stem) => format!("{stem}-key.pem"),
        None => format!("{}.key", cert.trim_end_matches(".crt")),
    }
}

/// A static pod running `program` with `flags`, as kubeadm writes one.
fn static_pod(program: &str, flags: &[&str]) -> String {
    let mut yaml = format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {program}\nspec:\n  containers:\n  - name: {program}\n    command:\n    - {program}\n"
    );
    for flag in flags {
        yaml.push_str(&format!("    - {flag}\n"));
    }
    yaml
}

fn run(files: &[(String, String)], at: OffsetDateTime) -> Report {
    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    analyze(&inputs, &Options::at(at))
}

fn ca(cn: Option<&str>, o: &[&str], kt: KeyType) -> Ca {
    Ca::with_subject(cn, o, kt, MINTED, MINTED + Duration::days(3650)).unwrap()
}

fn leaf(ca: &Ca, cn: &str, o: &[&str], usage: Usage, sans: &[&str], kt: KeyType) -> Pair {
    ca.issue(
        &LeafSpec::new(cn, usage, MINTED, kt)
            .organizations(o.iter().copied())
            .sans(sans.iter().copied()),
    )
    .unwrap()
}

/// Writes a layout to `$ETCDTLS_WRITE_LAYOUTS/<distribution>/` when that is set. The core reads
/// no environment and does no I/O; its tests may, to leave the layouts for a person to try.
#[allow(clippy::disallowed_methods)]
fn write_layout(layout: &Layout) {
    if let Some(dir) = std::env::var_os("ETCDTLS_WRITE_LAYOUTS") {
        let root = std::path::Path::new(&dir).join(layout.distribution);
        for (path, text) in &layout.files {
            let file = root.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
    }
}

/// Checks a layout as generated, then flat. With `ETCDTLS_WRITE_LAYOUTS=<dir>` the layout is
/// also written to `<dir>/<distribution>/`, to try the CLI on it by hand.
fn check(layout: &Layout) {
    write_layout(layout);
    let report = run(&layout.files, NOW);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(
        report.distribution.map(|d| d.id),
        Some(layout.distribution),
        "distribution of the {} layout",
        layout.distribution
    );
    for item in &report.items {
        let want = layout
            .roles
            .get(&item.id.0)
            .unwrap_or_else(|| panic!("{}: no expected role for {}", layout.distribution, item.id));
        assert_eq!(
            item.role, *want,
            "{}: role of {}: {:?}",
            layout.distribution, item.id, item.role_reasons
        );
    }
    for id in layout.roles.keys() {
        assert!(
            report.items.iter().any(|i| &i.id.0 == id),
            "{}: {id} not read",
            layout.distribution
        );
    }

    // Renewal advice follows the distribution, in the item and in the expired finding's fix.
    let (renew_id, words) = &layout.renew;
    let item = report.items.iter().find(|i| &i.id.0 == renew_id).unwrap();
    let advice = item.renewal().expect("a profile explains it");
    assert!(advice.contains(words), "{}: {advice}", layout.distribution);
    let later = run(&layout.files, LATER);
    let expired = later
        .findings
        .iter()
        .find(|f| f.id == FindingId::Expired && f.items.first().is_some_and(|i| &i.0 == renew_id))
        .unwrap_or_else(|| panic!("{}: {renew_id} expired", layout.distribution));
    assert!(expired.fix.contains(words), "{}: {}", layout.distribution, expired.fix);

    // The first connection recipe is what `doctor --pki` uses.
    let recipes = etcdtls_core::connection_recipes(&report);
    let first = recipes
        .first()
        .unwrap_or_else(|| panic!("{}: no way to connect", layout.distribution));
    assert_eq!(
        (&first.ca, &first.cert),
        (&layout.connects.0, &layout.connects.1),
        "{}: the etcd CA and client picked",
        layout.distribution
    );

    check_flat(layout);
}

/// The same files renamed `item1.pem`, `item2.pem`, ... in one folder.
fn check_flat(layout: &Layout) {
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    let files: Vec<(String, String)> = layout
        .files
        .iter()
        .enumerate()
        .map(|(n, (path, text))| {
            let flat = format!("item{}.pem", n + 1);
            renamed.insert(path.clone(), flat.clone());
            (flat, text.clone())
        })
        .collect();
    let report = run(&files, NOW);
    assert_eq!(
        report.distribution.map(|d| d.id),
        layout.flat_distribution,
        "distribution of the flat {} layout",
        layout.distribution
    );
    for (id, want) in &layout.roles {
        let (path, block) = match id.split_once('#') {
            Some((p, b)) => (p, Some(b)),
            None => (id.as_str(), None),
        };
        let flat_id = match block {
            Some(b) => format!("{}#{b}", renamed[path]),
            None => renamed[path].clone(),
        };
        let item = report
            .items
            .iter()
            .find(|i| i.id.0 == flat_id)
            .unwrap_or_else(|| panic!("{}: no {flat_id} ({id})", layout.distribution));
        let want = layout.lost_when_flat.get(id).unwrap_or(want);
        assert_eq!(
            item.role, *want,
            "{}: role of {id} renamed {flat_id}: {:?}",
            layout.distribution, item.role_reasons
        );
    }
}

fn kubeadm_layout(pki: &KubeadmPki) -> Layout {
    let mut l = Layout::new("kubeadm");
    let roles = [
        ("pki/ca", Role::KubernetesCa),
        ("pki/etcd/ca", Role::EtcdCa),
        ("pki/front-proxy-ca", Role::FrontProxyCa),
        ("pki/apiserver", Role::KubeApiserver),
        ("pki/apiserver-kubelet-client", Role::ApiserverKubeletClient),
        ("pki/apiserver-etcd-client", Role::ApiserverEtcdClient),
        ("pki/front-proxy-client", Role::FrontProxyClient),
        ("pki/etcd/server", Role::EtcdServer),
        ("pki/etcd/peer", Role::EtcdPeer),
        ("pki/etcd/healthcheck-client", Role::EtcdHealthcheckClient),
    ];
    for (path, text) in &pki.files {
        let stem = path.trim_end_matches(".crt").trim_end_matches(".key");
        if let Some((_, role)) = roles.iter().find(|(p, _)| *p == stem) {
            l.file(path, text, *role);
        } else if path.starts_with("pki/sa.") {
            l.file(path, text, Role::ServiceAccountKey);
            l.lost(path, Role::Unknown);
        } else if let Some(conf) = path.strip_suffix(".conf") {
            let role = match conf {
                "admin" => Role::KubeAdmin,
                "super-admin" => Role::KubeSuperAdmin,
                "controller-manager" => Role::KubeControllerManager,
                "scheduler" => Role::KubeScheduler,
                _ => Role::KubeletClient,
            };
            l.config(path, text.clone());
            l.roles.insert(
                format!("{path}#clusters[0].certificate-authority-data"),
                Role::KubernetesCa,
            );
            l.roles.insert(format!("{path}#users[0].client-certificate-data"), role);
            l.roles.insert(format!("{path}#users[0].client-key-data"), role);
        } else {
            l.config(path, text.clone());
        }
    }
    l.renews("pki/etcd/server.crt", "kubeadm certs renew etcd-server");
    l.connects("pki/etcd/ca.crt", "pki/etcd/healthcheck-client.crt");
    l
}

#[test]
fn kubeadm_today() {
    let pki = KubeadmPki::generate(&KubeadmOptions::new("cp-1", "10.0.0.5", KeyType::EcdsaP256, MINTED)).unwrap();
    let mut l = kubeadm_layout(&pki);
    // Flat, the manifests no longer name the files; server and peer have the same content.
    l.lost("pki/etcd/server.crt", Role::EtcdMember);
    l.lost("pki/etcd/server.key", Role::EtcdMember);
    l.lost("pki/etcd/peer.crt", Role::EtcdMember);
    l.lost("pki/etcd/peer.key", Role::EtcdMember);
    check(&l);
}

/// A node of a Cluster API cluster: kubeadm's files today, but the three CAs are the ones
/// Cluster API made (all `CN=kubernetes`, `util/secret/certificates.go`). Every file has its
/// kubeadm role, flat too, and the etcd CA's reason names both who gives that name.
#[test]
fn kubeadm_under_cluster_api() {
    let mut opts = KubeadmOptions::new("cp-1", "10.0.0.5", KeyType::EcdsaP256, MINTED);
    opts.ca_common_names = ["kubernetes"; 3];
    let pki = KubeadmPki::generate(&opts).unwrap();
    let mut l = kubeadm_layout(&pki);
    for p in ["pki/etcd/server", "pki/etcd/peer"] {
        l.lost(&format!("{p}.crt"), Role::EtcdMember);
        l.lost(&format!("{p}.key"), Role::EtcdMember);
    }
    check(&l);
    let report = run(&l.files, NOW);
    let reasons = |id: &str| {
        report
            .items
            .iter()
            .find(|i| i.id.0 == id)
            .unwrap()
            .role_reasons
            .join("; ")
    };
    for (id, what) in [
        ("pki/etcd/ca.crt", "etcd CA"),
        ("pki/front-proxy-ca.crt", "front-proxy CA"),
    ] {
        let said = reasons(id);
        assert!(
            said.contains(&format!("is the name older versions of kubeadm gave the {what}, and the name Cluster API gives every CA it makes for the nodes it runs kubeadm on")),
            "{id}: {said}"
        );
    }
    // The Kubernetes CA's own name is today's: nothing older to say.
    assert!(
        !reasons("pki/ca.crt").contains("Cluster API"),
        "{}",
        reasons("pki/ca.crt")
    );
}

/// A Cluster API management cluster's Secrets for a workload cluster `c1`, as `kubectl get
/// secret -o yaml` prints them: the three CAs Cluster API made (all `CN=kubernetes`, RSA 2048,
/// `RSA PRIVATE KEY`) and the service-account pair, one Secret per file and all in one List.
/// Only each Secret's name says which CA is which, and it does.
#[test]
fn cluster_api_secrets() {
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let cas: Vec<(&str, Ca)> = ["ca", "etcd", "proxy"]
        .into_iter()
        .map(|purpose| (purpose, ca(Some("kubernetes"), &[], KeyType::Rsa2048)))
        .collect();
    let sa = etcdtls_pki::Key::generate(KeyType::Rsa2048).unwrap();
    let secret = |name: &str, crt: &str, key: &str| {
        format!(
            "apiVersion: v1\ndata:\n  tls.crt: {}\n  tls.key: {}\nkind: Secret\nmetadata:\n  labels:\n    cluster.x-k8s.io/cluster-name: c1\n  name: {name}\n  namespace: default\ntype: cluster.x-k8s.io/secret\n",
            b64(crt),
            b64(key)
        )
    };
    let want = [
        ("c1-ca", Role::KubernetesCa),
        ("c1-etcd", Role::EtcdCa),
        ("c1-proxy", Role::FrontProxyCa),
    ];
    // One Secret per file, named as the user saved them (nothing in the file names helps).
    let mut files: Vec<(String, String)> = cas
        .iter()
        .enumerate()
        .map(|(n, (purpose, ca))| {
            (
                format!("secret{n}.yaml"),
                secret(&format!("c1-{purpose}"), &ca.pair.cert_pem, &ca.pair.key.pem),
            )
        })
        .collect();
    files.push(("secret3.yaml".into(), secret("c1-sa", &sa.public_pem(), &sa.pem)));
    // The workload cluster's admin kubeconfig (util/kubeconfig: CN=kubernetes-admin,
    // O=system:masters, signed by the cluster CA), in the Secret c1-kubeconfig's `value`.
    let admin = leaf(
        &cas[0].1,
        "kubernetes-admin",
        &["system:masters"],
        Usage::Client,
        &[],
        KeyType::Rsa2048,
    );
    let config = etcdtls_pki::kubeconfig(&cas[0].1.pair.cert_pem, "https://10.0.0.9:6443", "c1-admin", &admin);
    files.push((
        "secret4.yaml".into(),
        format!(
            "apiVersion: v1\ndata:\n  value: {}\nkind: Secret\nmetadata:\n  name: c1-kubeconfig\ntype: cluster.x-k8s.io/secret\n",
            b64(&config)
        ),
    ));
    let report = run(&files, NOW);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.distribution.map(|d| d.id), Some("cluster-api"));
    for (n, (_, role)) in want.iter().enumerate() {
        for field in ["crt", "key"] {
            let id = format!("secret{n}.yaml#data.tls.{field}");
            let item = report.items.iter().find(|i| i.id.0 == id).unwrap();
            assert_eq!(item.role, *role, "{id}: {:?}", item.role_reasons);
        }
    }
    let kubeconfig_admin = report
        .items
        .iter()
        .find(|i| i.id.0 == "secret4.yaml#data.value/users[0].client-certificate-data")
        .expect("the kubeconfig inside the Secret is read");
    assert_eq!(
        kubeconfig_admin.role,
        Role::KubeAdmin,
        "{:?}",
        kubeconfig_admin.role_reasons
    );
    assert!(
        (kubeconfig_admin.renewal().unwrap()).contains("KubeadmControlPlane renews it itself"),
        "{:?}",
        kubeconfig_admin.renewal()
    );
    assert_eq!(
        kubeconfig_admin.issued_by.as_ref().map(|i| i.0.as_str()),
        Some("secret0.yaml#data.tls.crt"),
        "signed by c1-ca"
    );
    assert!(
        report
            .items
            .iter()
            .any(|i| i.id.0 == "secret4.yaml#data.value/users[0].client-key-data"
                && i.certificate.as_ref() == Some(&kubeconfig_admin.id)),
        "its key pairs with it"
    );
    let sa_key = report
        .items
        .iter()
        .find(|i| i.id.0 == "secret3.yaml#data.tls.key")
        .unwrap();
    assert_eq!(sa_key.role, Role::ServiceAccountKey, "{:?}", sa_key.role_reasons);
    // The Secret's tls.crt is the public half, which kubeadm is given as sa.pub, and tls.key the
    // private half, sa.key (util/secret/certificates.go `NewCertificatesForInitialControlPlane`).
    let sa_pub = report
        .items
        .iter()
        .find(|i| i.id.0 == "secret3.yaml#data.tls.crt")
        .unwrap();
    assert_eq!(
        etcdtls_core::explain(&report, sa_pub).used_by,
        ["usually kubeadm on the control-plane nodes (/etc/kubernetes/pki/sa.pub)"]
    );
    assert_eq!(
        etcdtls_core::explain(&report, sa_key).used_by,
        ["usually kubeadm on the control-plane nodes (/etc/kubernetes/pki/sa.key)"]
    );
    let etcd = report
        .items
        .iter()
        .find(|i| i.id.0 == "secret1.yaml#data.tls.crt")
        .unwrap();
    assert!(
        etcd.role_reasons
            .iter()
            .any(|r| r == "its key tls.crt in the Secret c1-etcd is where Cluster API keeps its workload cluster's etcd CA (Secret <cluster>-etcd)"),
        "{:?}",
        etcd.role_reasons
    );
    assert!(
        etcd.renewal().unwrap().contains("does not rotate them"),
        "{:?}",
        etcd.renewal()
    );

    // CAs the user supplies, named as the Cluster API book's examples name them, and the API
    // server's client of an external etcd (user-supplied too, from that etcd's own CA): the
    // Secrets' names still say which is which.
    let external_etcd = ca(Some("external-etcd-ca"), &[], KeyType::EcdsaP256);
    let client = leaf(
        &external_etcd,
        "kube-apiserver",
        &[],
        Usage::Client,
        &[],
        KeyType::EcdsaP256,
    );
    let own: Vec<(String, String)> = [
        ("c1-ca", "Kubernetes API"),
        ("c1-etcd", "ETCD CA"),
        ("c1-proxy", "Front-End Proxy"),
    ]
    .into_iter()
    .enumerate()
    .map(|(n, (name, cn))| {
        let ca = ca(Some(cn), &[], KeyType::EcdsaP256);
        (
            format!("own{n}.yaml"),
            secret(name, &ca.pair.cert_pem, &ca.pair.key.pem),
        )
    })
    .chain([(
        "own3.yaml".to_string(),
        secret("c1-apiserver-etcd-client", &client.cert_pem, &client.key.pem),
    )])
    .collect();
    let report = run(&own, NOW);
    for (id, role) in [
        ("own0.yaml#data.tls.crt", Role::KubernetesCa),
        ("own1.yaml#data.tls.crt", Role::EtcdCa),
        ("own2.yaml#data.tls.crt", Role::FrontProxyCa),
        ("own3.yaml#data.tls.crt", Role::ApiserverEtcdClient),
    ] {
        let item = report.items.iter().find(|i| i.id.0 == id).unwrap();
        assert_eq!(item.role, role, "{id}: {:?}", item.role_reasons);
    }

    // The same Secrets in one List (`kubectl get secrets -l cluster.x-k8s.io/cluster-name=c1 -o yaml`).
    let items: String = files
        .iter()
        .map(|(_, text)| {
            let body: String = text.lines().map(|l| format!("  {l}\n")).collect();
            format!("- {}", body.trim_start())
        })
        .collect();
    let list = format!("apiVersion: v1\nitems:\n{items}kind: List\n");
    let report = run(&[("secrets.yaml".into(), list)], NOW);
    assert_eq!(report.distribution.map(|d| d.id), Some("cluster-api"));
    for (n, (_, role)) in want.iter().enumerate() {
        let id = format!("secrets.yaml#items[{n}].data.tls.crt");
        let item = report
            .items
            .iter()
            .find(|i| i.id.0 == id)
            .unwrap_or_else(|| panic!("{id}"));
        assert_eq!(item.role, *role, "{id}: {:?}", item.role_reasons);
    }
}

/// kubeadm 1.11: all three CAs are named `kubernetes`; the file names and what each CA signed
/// tell them apart.
/// minikube's own certificates (`pkg/minikube/bootstrapper/certs.go`: `minikubeCA`, the API
/// server's `CN=minikube` and the unused `proxyClientCA`/`aggregator` pair, all three leaves
/// `O=system:masters`) with what kubeadm makes beside them in the node's
/// `/var/lib/minikube/certs`; then the host's `~/.minikube` with kubectl's `minikube-user`.
#[test]
fn minikube() {
    let kt = KeyType::Rsa2048;
    let mut opts = KubeadmOptions::new("minikube", "192.168.49.2", kt, MINTED);
    opts.ca_common_names = ["minikubeCA", "etcd-ca", "front-proxy-ca"];
    let pki = KubeadmPki::generate(&opts).unwrap();
    let three_years = |spec: LeafSpec| spec.valid(MINTED - Duration::days(1), MINTED + Duration::hours(26280));
    let masters = ["system:masters"];
    let apiserver = pki
        .kubernetes_ca
        .issue(&three_years(
            LeafSpec::new("minikube", Usage::ServerAndClient, MINTED, kt)
                .organizations(masters)
                .sans([
                    "minikubeCA",
                    "control-plane.minikube.internal",
                    "minikube",
                    "kubernetes.default.svc.cluster.local",
                    "kubernetes.default.svc",
                    "kubernetes.default",
                    "kubernetes",
                    "localhost",
                    "10.96.0.1",
                    "127.0.0.1",
                    "10.0.0.1",
                    "192.168.49.2",
                ]),
        ))
        .unwrap();
    let proxy_ca = ca(Some("proxyClientCA"), &[], kt);
    let aggregator = proxy_ca
        .issue(&three_years(
            LeafSpec::new("aggregator", Usage::ServerAndClient, MINTED, kt).organizations(masters),
        ))
        .unwrap();

    let certs = "var/lib/minikube/certs";
    let mut l = Layout::new("minikube");
    let roles = [
        ("ca", Role::KubernetesCa),
        ("etcd/ca", Role::EtcdCa),
        ("front-proxy-ca", Role::FrontProxyCa),
        ("apiserver-kubelet-client", Role::ApiserverKubeletClient),
        ("apiserver-etcd-client", Role::ApiserverEtcdClient),
        ("front-proxy-client", Role::FrontProxyClient),
        ("etcd/server", Role::EtcdServer),
        ("etcd/peer", Role::EtcdPeer),
        ("etcd/healthcheck-client", Role::EtcdHealthcheckClient),
    ];
    for (path, text) in &pki.files {
        let Some(rest) = path.strip_prefix("pki/") else {
            continue;
        };
        let stem = rest.trim_end_matches(".crt").trim_end_matches(".key");
        let at = format!("{certs}/{rest}");
        if let Some((_, role)) = roles.iter().find(|(p, _)| *p == stem) {
            l.file(&at, text, *role);
        } else if rest.starts_with("sa.") {
            l.file(&at, text, Role::ServiceAccountKey);
            l.lost(&at, Role::Unknown);
        }
    }
    // kubeadm keeps the API server certificate minikube copied in.
    l.pair(&format!("{certs}/apiserver.crt"), &apiserver, Role::KubeApiserver);
    l.pair(
        &format!("{certs}/proxy-client-ca.crt"),
        &proxy_ca.pair,
        Role::FrontProxyCa,
    );
    l.pair(
        &format!("{certs}/proxy-client.crt"),
        &aggregator,
        Role::FrontProxyClient,
    );
    // Flat, without kubeadm's etcd manifest (at /etc/kubernetes/manifests, not here), etcd's
    // server and peer certificates have only their content, which is the same.
    for p in ["server", "peer"] {
        l.lost(&format!("{certs}/etcd/{p}.crt"), Role::EtcdMember);
        l.lost(&format!("{certs}/etcd/{p}.key"), Role::EtcdMember);
    }
    l.renews(
        &format!("{certs}/etcd/server.crt"),
        "kubeadm certs renew etcd-server --config /var/tmp/minikube/kubeadm.yaml",
    );
    l.connects(
        &format!("{certs}/etcd/ca.crt"),
        &format!("{certs}/etcd/healthcheck-client.crt"),
    );
    check(&l);
    let node = run(&l.files, NOW);
    // minikube runs kubeadm, which makes the etcd and front-proxy CAs and signs with their keys.
    for (key, signs) in [
        ("etcd/ca.key", "etcd's certificates"),
        ("front-proxy-ca.key", "front-proxy-client"),
    ] {
        let item = (node.items.iter())
            .find(|i| i.id.0 == format!("{certs}/{key}"))
            .unwrap();
        let used_by = etcdtls_core::explain(&node, item).used_by;
        assert!(
            used_by.len() == 1 && used_by[0].starts_with(&format!("usually kubeadm, to sign {signs}")),
            "{key}: {used_by:?}"
        );
    }

    // The host: ~/.minikube with the profile's files, and the kubeconfig that names them.
    let user = pki
        .kubernetes_ca
        .issue(&three_years(
            LeafSpec::new("minikube-user", Usage::ServerAndClient, MINTED, kt).organizations(masters),
        ))
        .unwrap();
    let home = "home/me/.minikube";
    let profile = format!("{home}/profiles/minikube");
    let kubeconfig = format!(
        "apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority: /{home}/ca.crt\n    server: https://192.168.49.2:8443\n  name: minikube\ncontexts:\n- context:\n    cluster: minikube\n    namespace: default\n    user: minikube\n  name: minikube\ncurrent-context: minikube\nkind: Config\nusers:\n- name: minikube\n  user:\n    client-certificate: /{profile}/client.crt\n    client-key: /{profile}/client.key\n"
    );
    let host: Vec<(String, String)> = vec![
        (format!("{home}/ca.crt"), pki.kubernetes_ca.pair.cert_pem.clone()),
        (format!("{home}/proxy-client-ca.crt"), proxy_ca.pair.cert_pem.clone()),
        (format!("{profile}/client.crt"), user.cert_pem.clone()),
        (format!("{profile}/client.key"), user.key.pem.clone()),
        (format!("{profile}/apiserver.crt"), apiserver.cert_pem.clone()),
        (format!("{profile}/apiserver.crt.2a3b4c5d"), apiserver.cert_pem.clone()),
        (format!("{profile}/proxy-client.crt"), aggregator.cert_pem.clone()),
        ("home/me/.kube/config".into(), kubeconfig),
    ];
    let report = run(&host, NOW);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.distribution.map(|d| d.id), Some("minikube"));
    let role_of = |id: &str| report.items.iter().find(|i| i.id.0 == id).map(|i| i.role);
    assert_eq!(role_of(&format!("{home}/ca.crt")), Some(Role::KubernetesCa));
    assert_eq!(role_of(&format!("{profile}/client.crt")), Some(Role::KubeSuperAdmin));
    assert_eq!(role_of(&format!("{profile}/client.key")), Some(Role::KubeSuperAdmin));
    assert_eq!(
        role_of(&format!("{profile}/apiserver.crt.2a3b4c5d")),
        Some(Role::KubeApiserver)
    );
    assert_eq!(
        role_of(&format!("{profile}/proxy-client.crt")),
        Some(Role::FrontProxyClient)
    );
    let client = report
        .items
        .iter()
        .find(|i| i.id.0 == format!("{profile}/client.crt"))
        .unwrap();
    let advice = client.renewal().unwrap();
    assert!(
        advice.contains("`minikube start` makes minikube's own certificates"),
        "{advice}"
    );
}

#[test]
fn kubeadm_1_11() {
    let kt = KeyType::EcdsaP256;
    let kube = Ca::new("kubernetes", kt, MINTED, MINTED + Duration::days(3650)).unwrap();
    let etcd = Ca::new("kubernetes", kt, MINTED, MINTED + Duration::days(3650)).unwrap();
    let proxy = Ca::new("kubernetes", kt, MINTED, MINTED + Duration::days(3650)).unwrap();
    let masters = &["system:masters"];
    let mut l = Layout::new("kubeadm");
    l.pair("pki/ca.crt", &kube.pair, Role::KubernetesCa);
    l.pair("pki/etcd/ca.crt", &etcd.pair, Role::EtcdCa);
    l.pair("pki/front-proxy-ca.crt", &proxy.pair, Role::FrontProxyCa);
    let apiserver = leaf(
        &kube,
        "kube-apiserver",
        &[],
        Usage::Server,
        &["cp-1", "kubernetes", "10.96.0.1"],
        kt,
    );
    l.pair("pki/apiserver.crt", &apiserver, Role::KubeApiserver);
    let kubelet_client = leaf(&kube, "kube-apiserver-kubelet-client", masters, Usage::Client, &[], kt);
    l.pair(
        "pki/apiserver-kubelet-client.crt",
        &kubelet_client,
        Role::ApiserverKubeletClient,
    );
    let etcd_client = leaf(&etcd, "kube-apiserver-etcd-client", masters, Usage::Client, &[], kt);
    l.pair("pki/apiserver-etcd-client.crt", &etcd_client, Role::ApiserverEtcdClient);
    let proxy_client = leaf(&proxy, "front-proxy-client", &[], Usage::Client, &[], kt);
    l.pair("pki/front-proxy-client.crt", &proxy_client, Role::FrontProxyClient);
    let sans = ["cp-1", "localhost", "127.0.0.1", "10.0.0.5"];
    let server = leaf(&etcd, "cp-1", &[], Usage::ServerAndClient, &sans, kt);
    l.pair("pki/etcd/server.crt", &server, Role::EtcdServer);
    let peer = leaf(&etcd, "cp-1", &[], Usage::ServerAndClient, &sans, kt);
    l.pair("pki/etcd/peer.crt", &peer, Role::EtcdPeer);
    let health = leaf(&etcd, "kube-etcd-healthcheck-client", masters, Usage::Client, &[], kt);
    l.pair("pki/etcd/healthcheck-client.crt", &health, Role::EtcdHealthcheckClient);
    l.renews(
        "pki/apiserver-etcd-client.crt",
        "kubeadm certs renew apiserver-etcd-client",
    );
    l.connects("pki/etcd/ca.crt", "pki/etcd/healthcheck-client.crt");
    for p in ["pki/etcd/server", "pki/etcd/peer"] {
        l.lost(&format!("{p}.crt"), Role::EtcdMember);
        l.lost(&format!("{p}.key"), Role::EtcdMember);
    }
    check(&l);

    // A Secret holding that etcd CA, a health-check client and etcd's server certificate: the
    // CA's role comes from what it signed, and the server's from its CA.
    let b64 = |s: &str| {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(s)
    };
    let secret = format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: etcd-certs\ndata:\n  ca.crt: {}\n  healthcheck-client.crt: {}\n  server.crt: {}\n",
        b64(&etcd.pair.cert_pem),
        b64(&health.cert_pem),
        b64(&server.cert_pem)
    );
    let report = run(&[("etcd-certs.yaml".to_string(), secret)], NOW);
    let role_of = |field: &str| {
        report
            .items
            .iter()
            .find(|i| i.source.locator.as_deref() == Some(field))
            .map(|i| i.role)
    };
    assert_eq!(role_of("data.ca.crt"), Some(Role::EtcdCa));
    assert_eq!(
        role_of("data.healthcheck-client.crt"),
        Some(Role::EtcdHealthcheckClient)
    );
    assert_eq!(role_of("data.server.crt"), Some(Role::EtcdServer));
}

/// The role of each file `etcdtls_pki::rancher` writes, as k3s's and RKE2's own code means it
/// (`src/profile/k3s.rs`); `None` for configuration (kubeconfigs naming files by path, etcd's
/// config file, RKE2's etcd manifest).
fn rancher_role(program: &str, path: &str) -> Option<(Role, Option<Role>)> {
    let file = path.rsplit('/').next().unwrap();
    let stem = file.trim_end_matches(".crt").trim_end_matches(".key");
    let kube = Some(Role::KubernetesCa);
    Some(match stem {
        "client-ca" | "server-ca" | "client-ca.nochain" | "server-ca.nochain" if !path.contains("/etcd/") => {
            (Role::KubernetesCa, None)
        }
        "request-header-ca" => (Role::FrontProxyCa, None),
        "server-ca" => (Role::EtcdCa, None),
        "peer-ca" => (Role::EtcdPeerCa, None),
        "client-admin" | "client-supervisor" => (Role::KubeSuperAdmin, kube),
        "client-controller" => (Role::KubeControllerManager, kube),
        "client-scheduler" => (Role::KubeScheduler, kube),
        "client-kube-apiserver" => (Role::ApiserverKubeletClient, kube),
        "client-kubelet" if file.ends_with(".crt") || path.starts_with("agent/") => (Role::KubeletClient, kube),
        "serving-kubelet" if file.ends_with(".crt") || path.starts_with("agent/") => (Role::Server, kube),
        "client-kubelet" => (Role::KubeletClient, None),
        "serving-kubelet" => (Role::Server, None),
        "client-kube-proxy" => (Role::Client, kube),
        s if s == format!("client-{program}-controller") || s == format!("client-{program}-cloud-controller") => {
            (Role::Client, kube)
        }
        "client-auth-proxy" => (Role::FrontProxyClient, Some(Role::FrontProxyCa)),
        "serving-kube-apiserver" => (Role::KubeApiserver, kube),
        "client" => (Role::ApiserverEtcdClient, Some(Role::EtcdCa)),
        "server-client" => (Role::EtcdServer, Some(Role::EtcdCa)),
        "peer-server-client" => (Role::EtcdPeer, Some(Role::EtcdPeerCa)),
        "service" | "service.current" => (Role::ServiceAccountKey, None),
        "apiserver-loopback-client__" => (Role::KubeApiserver, Some(Role::RootCa)),
        _ => return None,
    })
}

/// A k3s or RKE2 server laid out by `etcdtls_pki::rancher` (which cites k3s's sources line by
/// line): every CA, every leaf file holding the leaf then its CA, the ECDSA keys in SEC1 and the
/// RSA service-account key in PKCS#1, the agent's copies, the loopback certificate the API
/// server writes, the kubeconfigs and etcd's config file (and RKE2's etcd manifest) that name
/// the files by their absolute paths.
fn rancher(program: &'static str) -> Layout {
    let pki = RancherPki::generate(&RancherOptions::new(program, "server-1", "10.0.0.7", MINTED)).unwrap();
    let mut l = Layout::new(program);
    for (path, text) in &pki.files {
        if path.ends_with("/dynamic-cert.json") {
            // dynamiclistener's Secret, without kind: the supervisor's certificate and key.
            l.files.push((path.clone(), text.clone()));
            for field in ["crt", "key"] {
                l.roles.insert(format!("{path}#data.tls.{field}"), Role::KubeApiserver);
            }
            continue;
        }
        match rancher_role(program, path) {
            None => l.config(path, text.clone()),
            Some((role, Some(ca_role))) if path.ends_with(".crt") => {
                l.files.push((path.clone(), text.clone()));
                l.roles.insert(format!("{path}#1"), role);
                l.roles.insert(format!("{path}#2"), ca_role);
            }
            Some((role, issuer)) => {
                l.file(path, text, role);
                // A key whose certificate each agent makes elsewhere, or the service-account
                // key: only the name says what it is.
                if path.ends_with(".key") && issuer.is_none() && !role.is_ca() {
                    l.lost(path, Role::Unknown);
                }
            }
        }
    }
    l
}

#[test]
fn k3s() {
    let mut l = rancher("k3s");
    l.renews("server/tls/etcd/client.crt#1", "k3s certificate rotate");
    let report = run(&l.files, NOW);
    let listener = report
        .items
        .iter()
        .find(|i| i.id.0 == "server/tls/dynamic-cert.json#data.tls.crt")
        .expect("dynamic-cert.json is read as a Secret");
    assert_eq!(
        listener.key.as_ref().map(|k| k.0.as_str()),
        Some("server/tls/dynamic-cert.json#data.tls.key")
    );
    assert!(
        (listener.renewal().unwrap()).contains("k3s certificate rotate --service k3s-server"),
        "{:?}",
        listener.renewal()
    );
    // The keys a server keeps without a certificate, by design (deps.go): no orphan-key note,
    // and what takes each is k3s's own.
    assert!(
        report.findings.iter().all(|f| f.id != FindingId::OrphanKey),
        "{:?}",
        report.findings
    );
    let serving = report
        .items
        .iter()
        .find(|i| i.id.0 == "server/tls/serving-kubelet.key")
        .unwrap();
    let told = etcdtls_core::explain::explain(&report, serving);
    assert_eq!(
        told.used_by,
        vec!["usually k3s supervisor (/v1-k3s/serving-kubelet.crt)"]
    );
    // Today's agents send a CSR for a key of their own (handlers.go signAndSend): the server's
    // key is only in the certificates of agents that send none.
    assert!(
        told.headline
            .contains("shared key for the kubelet serving certificates of agents that send no CSR"),
        "{}",
        told.headline
    );
    // The etcd CAs' keys are the server's to sign with (deps.go `genETCDCerts`).
    for (key, want) in [
        (
            "server/tls/etcd/server-ca.key",
            "usually k3s's server (`k3s`), which issues etcd's server-client.crt and client.crt from it when it starts, and again when they near their end",
        ),
        (
            "server/tls/etcd/peer-ca.key",
            "usually k3s's server (`k3s`), which issues etcd's peer-server-client.crt from it when it starts, and again when it nears its end",
        ),
    ] {
        let item = report.items.iter().find(|i| i.id.0 == key).unwrap();
        assert_eq!(etcdtls_core::explain::explain(&report, item).used_by, [want], "{key}");
    }
    l.connects("server/tls/etcd/server-ca.crt", "server/tls/etcd/client.crt#1");
    check(&l);
}

/// k3s with the CAs of its `contrib/util/generate-custom-ca-certs.sh` made before its first
/// start: a root and an intermediate (RSA 4096) above the five CAs, each CA file the CA followed
/// by the intermediate and the root, each leaf file the leaf followed by that whole chain, and
/// the CAs alone in `*.pem`. Every block has its role; the etcd CA is offered from the file
/// etcd's config names; and both files etcd trusts are reported for letting in the cluster's
/// other client certificates, the admin first.
fn rancher_with_custom_cas(program: &'static str) {
    let mut opts = RancherOptions::new(program, "server-1", "10.0.0.7", MINTED);
    opts.custom_ca = true;
    let pki = RancherPki::generate(&opts).unwrap();
    let mut l = Layout::new(program);
    for (path, text) in &pki.files {
        let file = path.rsplit('/').next().unwrap();
        if file == "dynamic-cert.json" {
            l.files.push((path.clone(), text.clone()));
            for field in ["crt", "key"] {
                l.roles.insert(format!("{path}#data.tls.{field}"), Role::KubeApiserver);
            }
            continue;
        }
        let blocks = text.matches("BEGIN CERTIFICATE").count();
        let role = match file.split('.').next().unwrap() {
            "root-ca" => Some((Role::RootCa, None)),
            "intermediate-ca" => Some((Role::IntermediateCa, Some(Role::RootCa))),
            // The CAs alone, as the script leaves them beside their `.crt`.
            _ if file.ends_with("-ca.pem") => rancher_role(program, &path.replace(".pem", ".crt")),
            _ => rancher_role(program, path),
        };
        match role {
            None => l.config(path, text.clone()),
            Some((role, issuer)) if blocks <= 1 => {
                l.file(path, text, role);
                if path.ends_with(".key") && issuer.is_none() && !role.is_ca() {
                    l.lost(path, Role::Unknown);
                }
            }
            Some((role, ca)) => {
                // The block, its CA, then the rest of the chain up to the root.
                let mut chain = vec![role];
                chain.extend(ca);
                for above in [Role::IntermediateCa, Role::RootCa] {
                    if !chain.contains(&above) {
                        chain.push(above);
                    }
                }
                l.files.push((path.clone(), text.clone()));
                for (n, role) in chain.into_iter().take(blocks).enumerate() {
                    l.roles.insert(format!("{path}#{}", n + 1), role);
                }
            }
        }
    }
    let rotate = if program == "k3s" {
        "k3s certificate rotate"
    } else {
        "rke2 certificate rotate"
    };
    l.renews("server/tls/etcd/client.crt#1", rotate);
    l.connects("server/tls/etcd/server-ca.crt#1", "server/tls/etcd/client.crt#1");
    check(&l);

    let report = run(&l.files, NOW);
    let beyond: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.id == FindingId::TrustBeyondEtcd)
        .collect();
    assert_eq!(beyond.len(), 2, "{beyond:#?}");
    for (f, file, whom) in [
        (beyond[0], "server/tls/etcd/peer-ca.crt", "peers"),
        (beyond[1], "server/tls/etcd/server-ca.crt", "clients"),
    ] {
        assert_eq!(f.items[0].0, format!("{file}#1"), "{f:#?}");
        assert_eq!(
            (&f.items[1].0, &f.items[2].0),
            (&format!("{file}#2"), &format!("{file}#3")),
            "the intermediate and the root: {f:#?}"
        );
        assert_eq!(f.items[3].0, "server/tls/client-admin.crt#1", "the admin first: {f:#?}");
        assert!(f.message.contains(&format!("for its {whom}")), "{}", f.message);
        // Every client certificate of the Kubernetes CAs, none of etcd's own.
        assert!(f.message.contains("lets in 12 client certificates"), "{}", f.message);
        assert!(!f.message.contains("etcd/client.crt"), "{}", f.message);
        assert!(f.fix.contains("generate-custom-ca-certs.sh"), "{}", f.fix);
        assert!(
            f.fix.contains(&format!("`{program} certificate rotate-ca`")),
            "{}",
            f.fix
        );
    }
    // k3s's (and RKE2's) own CAs stand alone in their files: nothing beyond etcd is trusted.
    let own = run(&rancher(program).files, NOW);
    assert!(!own.findings.iter().any(|f| f.id == FindingId::TrustBeyondEtcd));
}

#[test]
fn k3s_with_custom_cas() {
    rancher_with_custom_cas("k3s");
}

#[test]
fn rke2_with_custom_cas() {
    rancher_with_custom_cas("rke2");
}

#[test]
fn rke2() {
    let mut l = rancher("rke2");
    l.renews(
        "server/tls/client-admin.crt#1",
        "rke2 certificate rotate --service admin",
    );
    l.connects("server/tls/etcd/server-ca.crt", "server/tls/etcd/client.crt#1");
    check(&l);
}

/// RKE2 runs k3s's code, so its etcd certificates alone are k3s's too: where they sit,
/// under /var/lib/rancher/rke2, says which, and so whose commands the fixes give.
#[test]
fn rke2s_etcd_files_alone_are_told_from_k3s_by_their_folder() {
    for program in ["k3s", "rke2"] {
        let pki = RancherPki::generate(&RancherOptions::new(program, "server-1", "10.0.0.7", MINTED)).unwrap();
        let files: Vec<(String, String)> = ["server-ca.crt", "server-client.crt", "client.crt"]
            .iter()
            .map(|f| {
                (
                    format!("/var/lib/rancher/{program}/server/tls/etcd/{f}"),
                    pki.files[&format!("server/tls/etcd/{f}")].clone(),
                )
            })
            .collect();
        let report = run(&files, MINTED + Duration::days(1));
        assert_eq!(report.distribution.map(|d| d.id), Some(program));
        let server = report
            .items
            .iter()
            .find(|i| i.source.path.ends_with("server-client.crt") && i.source.locator.as_deref() == Some("1"))
            .unwrap();
        let renewal = server.renewal().unwrap();
        assert!(renewal.contains(&format!("{program} certificate rotate")), "{renewal}");
        let names = server.adding_names(false, "etcd.example.com");
        assert!(
            names.contains(&format!("/etc/rancher/{program}/config.yaml")),
            "{names}"
        );
    }
}

/// An OpenShift control-plane node laid out by `etcdtls_pki::openshift` (which cites
/// cluster-etcd-operator's and library-go's sources): the CA bundles, every node's serving,
/// peer and metrics certificates (each the leaf followed by its signer), the revision's copies,
/// the etcd pod manifest (container paths, mapped to the host through its volumes), and the
/// API server's etcd client and CA bundle in its own revision folder. After one signer
/// rotation, so that the bundle holds two CAs.
#[test]
fn openshift() {
    let mut opts = OpenShiftOptions::new(MINTED);
    opts.rotated = true;
    let pki = OpenShiftPki::generate(&opts).unwrap();
    let mut l = Layout::new("openshift");
    let kas = "etc/kubernetes/static-pod-resources/kube-apiserver-pod-12";
    for (path, text) in &pki.files {
        let file = path.rsplit('/').next().unwrap();
        let stem = file.trim_end_matches(".crt").trim_end_matches(".key");
        if file.ends_with(".yaml") {
            l.config(path, text.clone());
        } else if file == "server-ca-bundle.crt" || file == "ca-bundle.crt" {
            l.files.push((path.clone(), text.clone()));
            l.roles.insert(format!("{path}#1"), Role::EtcdCa);
            l.roles.insert(format!("{path}#2"), Role::EtcdCa);
        } else if file == "metrics-ca-bundle.crt" {
            l.file(path, text, Role::EtcdMetricsCa);
        } else if path.contains("/etcd-client/") {
            l.file(path, text, Role::ApiserverEtcdClient);
        } else {
            let (role, ca) = if stem.starts_with("etcd-serving-metrics-") {
                (Role::EtcdMetricsServer, Role::EtcdMetricsCa)
            } else if stem.starts_with("etcd-serving-") {
                (Role::EtcdServer, Role::EtcdCa)
            } else {
                (Role::EtcdPeer, Role::EtcdCa)
            };
            if file.ends_with(".crt") {
                l.files.push((path.clone(), text.clone()));
                l.roles.insert(format!("{path}#1"), role);
                l.roles.insert(format!("{path}#2"), ca);
                if role != Role::EtcdMetricsServer {
                    l.lost(&format!("{path}#1"), Role::EtcdMember);
                }
            } else {
                l.file(path, text, role);
                if role != Role::EtcdMetricsServer {
                    l.lost(path, Role::EtcdMember);
                }
            }
        }
    }
    let certs = "etc/kubernetes/static-pod-resources/etcd-certs/secrets/etcd-all-certs";
    l.renews(
        &format!("{certs}/etcd-peer-master-0.crt#1"),
        "oc delete secret -n openshift-etcd etcd-peer-master-0`",
    );
    l.connects(
        &format!("{kas}/configmaps/etcd-serving-ca/ca-bundle.crt#1"),
        &format!("{kas}/secrets/etcd-client/tls.crt"),
    );
    check(&l);
    // The node comes from the file's name (tlshelpers.go: `etcd-serving-metrics-%s`), for keys too.
    let report = run(&l.files, NOW);
    let key = format!("{certs}/etcd-serving-metrics-master-0.key");
    let item = report.items.iter().find(|i| i.id.0 == key).unwrap();
    assert!(
        item.renewal().unwrap().contains("etcd-serving-metrics-master-0`"),
        "{:?}",
        item.renewal()
    );
}

#[test]
fn talos() {
    let kt = KeyType::EcdsaP256;
    let etcd_ca = ca(None, &["etcd"], kt);
    let kube_ca = ca(None, &["kubernetes"], kt);
    let aggregator = ca(Some("front-proxy"), &[], kt);
    let mut l = Layout::new("talos");
    let etcd = "system/secrets/etcd";
    l.pair(&format!("{etcd}/ca.crt"), &etcd_ca.pair, Role::EtcdCa);
    let ten_years = |spec: LeafSpec| spec.valid(MINTED, MINTED + Duration::hours(87600));
    let server = etcd_ca
        .issue(&ten_years(
            LeafSpec::new("talos-cp-1", Usage::ServerAndClient, MINTED, kt).sans([
                "talos-cp-1",
                "localhost",
                "10.5.0.2",
                "127.0.0.1",
                "::1",
            ]),
        ))
        .unwrap();
    l.pair(&format!("{etcd}/server.crt"), &server, Role::EtcdServer);
    let peer = etcd_ca
        .issue(&ten_years(
            LeafSpec::new("talos-cp-1", Usage::ServerAndClient, MINTED, kt).sans(["talos-cp-1", "10.5.0.2"]),
        ))
        .unwrap();
    l.pair(&format!("{etcd}/peer.crt"), &peer, Role::EtcdPeer);
    let admin = etcd_ca
        .issue(&ten_years(LeafSpec::new("talos", Usage::Client, MINTED, kt)))
        .unwrap();
    l.pair(&format!("{etcd}/admin.crt"), &admin, Role::EtcdClient);
    let api = "system/secrets/kubernetes/kube-apiserver";
    l.file(&format!("{api}/ca.crt"), &kube_ca.pair.cert_pem, Role::KubernetesCa);
    l.file(
        &format!("{api}/aggregator-ca.crt"),
        &aggregator.pair.cert_pem,
        Role::FrontProxyCa,
    );
    l.file(
        &format!("{api}/etcd-client-ca.crt"),
        &etcd_ca.pair.cert_pem,
        Role::EtcdCa,
    );
    let etcd_client = leaf(&etcd_ca, "kube-apiserver", &[], Usage::Client, &[], kt);
    l.pair(
        &format!("{api}/etcd-client.crt"),
        &etcd_client,
        Role::ApiserverEtcdClient,
    );
    let apiserver = leaf(
        &kube_ca,
        "kube-apiserver",
        &["kube-master"],
        Usage::Server,
        &["kubernetes", "10.96.0.1", "10.5.0.2"],
        kt,
    );
    l.pair(&format!("{api}/apiserver.crt"), &apiserver, Role::KubeApiserver);
    let kubelet_client = leaf(
        &kube_ca,
        "apiserver-kubelet-client",
        &["system:masters"],
        Usage::Client,
        &[],
        kt,
    );
    l.pair(
        &format!("{api}/apiserver-kubelet-client.crt"),
        &kubelet_client,
        Role::ApiserverKubeletClient,
    );
    let proxy_client = leaf(&aggregator, "front-proxy-client", &[], Usage::Client, &[], kt);
    l.pair(
        &format!("{api}/front-proxy-client.crt"),
        &proxy_client,
        Role::FrontProxyClient,
    );
    let sa = etcdtls_pki::Key::generate(kt).unwrap();
    l.file(&format!("{api}/service-account.key"), &sa.pem, Role::ServiceAccountKey);
    l.lost(&format!("{api}/service-account.key"), Role::Unknown);
    l.renews(&format!("{etcd}/admin.crt"), "Talos reissues it by itself");
    l.connects(&format!("{etcd}/ca.crt"), &format!("{etcd}/admin.crt"));
    for p in ["server", "peer"] {
        l.lost(&format!("{etcd}/{p}.crt"), Role::EtcdMember);
        l.lost(&format!("{etcd}/{p}.key"), Role::EtcdMember);
    }
    check(&l);
    // `talosctl rotate-ca` rotates the Talos API and Kubernetes API CAs only, and only with
    // --dry-run=false (rotate-ca.go); etcd's CA is changed in the machine configuration.
    let report = run(&l.files, MINTED + Duration::days(3660));
    let fix = |item: &str| {
        (report.findings.iter())
            .find(|f| f.id == FindingId::Expired && f.items[0].0 == item)
            .unwrap_or_else(|| panic!("{item} expired: {:#?}", report.findings))
            .fix
            .clone()
    };
    let etcd_fix = fix(&format!("{etcd}/ca.crt"));
    assert!(
        etcd_fix.contains("does not rotate etcd's CA") && etcd_fix.contains("cluster.etcd.ca"),
        "{etcd_fix}"
    );
    let kube_fix = fix(&format!("{api}/ca.crt"));
    assert!(
        kube_fix.contains("talosctl rotate-ca --talos=false --kubernetes=true --dry-run=false"),
        "{kube_fix}"
    );
}

/// An etcd node of a three-node Kubespray cluster laid out by `etcdtls_pki::kubespray` (which
/// cites `make-ssl-etcd.sh.j2`, `openssl.conf.j2` and `etcd.env.j2`): the CA made by `openssl
/// req -x509` (no key usage), every node's member, admin and node certificates (clientAuth and
/// serverAuth, no key usage) with PKCS#8 keys, etcd's environment file and unit, the openssl
/// configuration and `etcdctl.sh`. The admin pair, which etcd's environment file gives etcdctl,
/// is the client offered first.
#[test]
fn kubespray() {
    use etcdtls_pki::kubespray::{KubesprayHost, KubesprayOptions, KubesprayPki};
    let hosts = ["node1", "node2", "node3"]
        .iter()
        .enumerate()
        .map(|(i, n)| KubesprayHost::new(n, &format!("10.0.0.{}", 11 + i)))
        .collect();
    let mut opts = KubesprayOptions::new(hosts, MINTED);
    // certificates_duration is 100 years by default; ten, so that they expire by LATER.
    opts.duration_days = 3650;
    let pki = KubesprayPki::generate(&opts).unwrap();
    let mut l = Layout::new("kubespray");
    for (path, text) in &pki.certs {
        let file = path.rsplit('/').next().unwrap();
        let role = match file.split('-').next().unwrap() {
            "ca.pem" | "ca" => Role::EtcdCa,
            "member" => Role::EtcdMember,
            "admin" => Role::EtcdClient,
            "node" => Role::ApiserverEtcdClient,
            other => panic!("{other}"),
        };
        assert!(text.contains(if file.ends_with("-key.pem") {
            "BEGIN PRIVATE KEY"
        } else {
            "BEGIN CERTIFICATE"
        }));
        l.file(path, text, role);
    }
    l.config("etc/etcd.env", pki.env_files[0].clone());
    l.config("etc/systemd/system/etcd.service", pki.unit.clone());
    l.config("etc/ssl/etcd/openssl.conf", pki.openssl_conf.clone());
    l.config("usr/local/bin/etcdctl.sh", pki.etcdctl_sh[0].clone());
    l.renews("etc/ssl/etcd/ssl/member-node2.pem", "cluster.yml --tags=etcd");
    l.connects("etc/ssl/etcd/ssl/ca.pem", "etc/ssl/etcd/ssl/admin-node1.pem");
    check(&l);

    // etcd's environment file names the node's own member pair for both listeners, and the CA.
    let report = run(&l.files, NOW);
    let member = report
        .items
        .iter()
        .find(|i| i.id.0 == "etc/ssl/etcd/ssl/member-node1.pem")
        .unwrap();
    let flags: Vec<&str> = member.usages.iter().map(|u| u.flag.as_str()).collect();
    assert_eq!(flags, ["--cert-file", "--peer-cert-file"], "{:?}", member.usages);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    // The CA key is make-ssl-etcd.sh's, not kubeadm's or cfssl's.
    let key = (report.items.iter())
        .find(|i| i.id.0 == "etc/ssl/etcd/ssl/ca-key.pem")
        .unwrap();
    let used_by = etcdtls_core::explain(&report, key).used_by;
    assert!(
        used_by.len() == 1 && used_by[0].starts_with("usually make-ssl-etcd.sh, which Kubespray's etcd role runs"),
        "{used_by:?}"
    );
}

/// An RKE control-plane and etcd node of a three-member cluster laid out by
/// `etcdtls_pki::rke` (which cites `rancher/rke`'s `pki/` and `cluster/plan.go`): one CA
/// `kube-ca` signs etcd's and Kubernetes's certificates, every etcd member's
/// `kube-etcd-<address>.pem` (all `CN=kube-etcd`) sits on each etcd node, `kube-node.pem`
/// (kube-apiserver's client towards etcd) carries kube-proxy's key, and the kubeconfigs name
/// the files by path.
#[test]
fn rke() {
    use etcdtls_pki::rke::{RkeHost, RkeOptions, RkePki};
    let hosts = ["10.0.0.1", "10.0.0.2", "10.0.0.3"].map(RkeHost::new).to_vec();
    let mut opts = RkeOptions::new(hosts, MINTED);
    opts.ssl_dir = "etc/kubernetes/ssl".into();
    let pki = RkePki::generate(&opts).unwrap();
    let ssl = "etc/kubernetes/ssl";
    let mut l = Layout::new("rke");
    for (path, text) in &pki.files {
        let name = path.rsplit('/').next().unwrap();
        if name.starts_with("kubecfg-") {
            l.config(path, text.clone());
            continue;
        }
        let base = name.trim_end_matches(".pem").trim_end_matches("-key");
        let role = match base {
            "kube-ca" => Role::KubernetesCa,
            "kube-apiserver-requestheader-ca" => Role::FrontProxyCa,
            "kube-apiserver-proxy-client" => Role::FrontProxyClient,
            "kube-apiserver" => Role::KubeApiserver,
            "kube-node" => Role::ApiserverEtcdClient,
            "kube-controller-manager" => Role::KubeControllerManager,
            "kube-scheduler" => Role::KubeScheduler,
            "kube-proxy" => Role::Client,
            "kube-service-account-token" => Role::ServiceAccountKey,
            etcd if etcd.starts_with("kube-etcd-") => Role::EtcdMember,
            other => panic!("{other}"),
        };
        l.file(path, text, role);
    }
    // kube-proxy's key is also kube-node's, as RKE first writes them: it stays kube-proxy's
    // here only by its name.
    assert_eq!(
        pki.files[&format!("{ssl}/kube-node-key.pem")],
        pki.files[&format!("{ssl}/kube-proxy-key.pem")]
    );
    l.lost(&format!("{ssl}/kube-proxy-key.pem"), Role::ApiserverEtcdClient);
    // The etcd container's command line, as `docker inspect etcd` shows it: etcd trusts the
    // cluster CA by design, which is no mix-up here.
    l.config(
        "etcd-container-args.txt",
        format!(
            "/usr/local/bin/etcd {}\n",
            pki.etcd_args(0, "/var/lib/rancher/etcd/").join(" ")
        ),
    );
    l.renews(&format!("{ssl}/kube-etcd-10-0-0-2.pem"), "--service etcd");
    l.connects(&format!("{ssl}/kube-ca.pem"), &format!("{ssl}/kube-node.pem"));
    check(&l);

    // One CA for everything: the etcd certificates are not reported as signed by the wrong CA,
    // and the CA's explanation says etcd has none of its own.
    let report = run(&l.files, NOW);
    assert!(
        !report.findings.iter().any(|f| f.id == FindingId::WrongIssuerForRole),
        "{:#?}",
        report.findings
    );
    let ca_item = report.items.iter().find(|i| i.id.0.ends_with("kube-ca.pem")).unwrap();
    // Its key is rke's to sign with, not kubeadm's or k3s's.
    let ca_key = report
        .items
        .iter()
        .find(|i| i.id.0 == format!("{ssl}/kube-ca-key.pem"))
        .unwrap();
    let used_by = etcdtls_core::explain(&report, ca_key).used_by;
    assert!(
        used_by.len() == 1 && used_by[0].starts_with("usually rke, which signs"),
        "{used_by:?}"
    );
    let reasons = ca_item.role_reasons.join(" ");
    assert!(
        reasons.contains("also etcd's (etcd has no CA of its own there)"),
        "{reasons}"
    );
    // etcd trusts kube-ca, which signs Kubernetes' own clients too: said, as a note.
    let shared_ca = (report.findings.iter())
        .find(|f| f.id == FindingId::TrustBeyondEtcd)
        .unwrap_or_else(|| panic!("{:#?}", report.findings));
    assert_eq!(shared_ca.severity, etcdtls_core::Severity::Info);
    assert!(
        shared_ca
            .message
            .contains("also signs Kubernetes' own client certificates"),
        "{}",
        shared_ca.message
    );
    // kube-node's key is kube-proxy's: the one problem, naming both and both key files.
    let ids: Vec<FindingId> = (report.findings.iter())
        .filter(|f| f.severity != etcdtls_core::Severity::Info)
        .map(|f| f.id)
        .collect();
    assert_eq!(ids, [FindingId::SharedKey], "{:#?}", report.findings);
    let shared = report.findings.iter().find(|f| f.id == FindingId::SharedKey).unwrap();
    let named: Vec<&str> = shared.items.iter().map(|i| i.0.as_str()).collect();
    assert_eq!(named, [format!("{ssl}/kube-node.pem"), format!("{ssl}/kube-proxy.pem")]);
    for key in ["kube-node-key.pem", "kube-proxy-key.pem"] {
        assert!(shared.message.contains(&format!("{ssl}/{key}")), "{}", shared.message);
    }
    assert!(shared.fix.contains("rke cert rotate"), "{}", shared.fix);
    // Each certificate's key is the file named after it.
    for name in ["kube-node", "kube-proxy"] {
        let cert = report
            .items
            .iter()
            .find(|i| i.id.0 == format!("{ssl}/{name}.pem"))
            .unwrap();
        assert_eq!(
            cert.key.as_ref().map(|k| k.0.clone()),
            Some(format!("{ssl}/{name}-key.pem"))
        );
    }
}

/// A k0s controller as `k0sproject/k0s` writes `/var/lib/k0s/pki` (facts in
/// `src/profile/k0s.rs`): etcd's own CA `etcd-ca`, its server (`CN=etcd-server`) and peer
/// (`CN` the peer address, `O=etcd-peer`) certificates, and `apiserver-etcd-client.crt` in
/// `pki/`, not `pki/etcd/`. cfssl's default profile: serverAuth and clientAuth on every leaf.
#[test]
fn k0s() {
    let kt = KeyType::Rsa2048;
    let k0s = etcdtls_pki::k0s::K0sPki::generate("var/lib/k0s", "10.0.0.5", MINTED).unwrap();
    let kube_ca = &k0s.kubernetes_ca;
    let pki = "var/lib/k0s/pki";
    let mut l = Layout::new("k0s");
    for (path, text) in &k0s.files {
        let role = match path
            .strip_prefix("var/lib/k0s/pki/")
            .unwrap()
            .split('.')
            .next()
            .unwrap()
        {
            "ca" => Role::KubernetesCa,
            "etcd/ca" => Role::EtcdCa,
            "etcd/server" => Role::EtcdServer,
            "etcd/peer" => Role::EtcdPeer,
            "apiserver-etcd-client" => Role::ApiserverEtcdClient,
            other => panic!("{other}"),
        };
        l.file(path, text, role);
    }
    let both = Usage::ServerAndClient;
    // The rest of pki/ (cmd/controller/certificates.go).
    let front_proxy = ca(Some("kubernetes-front-proxy-ca"), &[], kt);
    l.pair(
        &format!("{pki}/front-proxy-ca.crt"),
        &front_proxy.pair,
        Role::FrontProxyCa,
    );
    let hostnames = [
        "kubernetes",
        "kubernetes.default",
        "kubernetes.default.svc",
        "kubernetes.default.svc.cluster.local",
        "localhost",
        "127.0.0.1",
        "10.96.0.1",
        "10.0.0.5",
    ];
    let kube: [(&str, &str, &str, &[&str], Role); 8] = [
        ("server", "kubernetes", "kubernetes", &hostnames, Role::KubeApiserver),
        ("k0s-api", "k0s-api", "kubernetes", &hostnames, Role::Server),
        (
            "apiserver-kubelet-client",
            "apiserver-kubelet-client",
            "system:masters",
            &[],
            Role::ApiserverKubeletClient,
        ),
        ("admin", "kubernetes-admin", "system:masters", &[], Role::KubeSuperAdmin),
        (
            "konnectivity",
            "kubernetes-konnectivity",
            "system:masters",
            &[],
            Role::KubeSuperAdmin,
        ),
        (
            "ccm",
            "system:kube-controller-manager",
            "system:kube-controller-manager",
            &[],
            Role::KubeControllerManager,
        ),
        (
            "scheduler",
            "system:kube-scheduler",
            "system:kube-scheduler",
            &[],
            Role::KubeScheduler,
        ),
        (
            "front-proxy-client",
            "front-proxy-client",
            "front-proxy-client",
            &[],
            Role::FrontProxyClient,
        ),
    ];
    for (name, cn, o, sans, role) in kube {
        let signer = if role == Role::FrontProxyClient {
            &front_proxy
        } else {
            kube_ca
        };
        let pair = leaf(signer, cn, &[o], both, sans, kt);
        l.pair(&format!("{pki}/{name}.crt"), &pair, role);
    }
    let sa = etcdtls_pki::Key::generate(kt).unwrap();
    l.file(&format!("{pki}/sa.key"), &sa.pem, Role::ServiceAccountKey);
    l.file(&format!("{pki}/sa.pub"), &sa.public_pem(), Role::ServiceAccountKey);
    l.lost(&format!("{pki}/sa.key"), Role::Unknown);
    l.lost(&format!("{pki}/sa.pub"), Role::Unknown);
    l.renews(&format!("{pki}/etcd/server.crt"), "systemctl restart k0scontroller");
    l.connects(
        &format!("{pki}/etcd/ca.crt"),
        &format!("{pki}/apiserver-etcd-client.crt"),
    );
    check(&l);
    // Each half where k0s's API server and controller manager take it (pkg/component/controller
    // apiserver.go: --service-account-key-file sa.pub, --service-account-signing-key-file sa.key).
    let report = run(&l.files, NOW);
    let used_by = |name: &str| {
        let item = report.items.iter().find(|i| i.id.0 == format!("{pki}/{name}")).unwrap();
        etcdtls_core::explain(&report, item).used_by
    };
    assert_eq!(
        used_by("sa.key"),
        [
            "usually kube-apiserver --service-account-signing-key-file",
            "usually kube-controller-manager --service-account-private-key-file"
        ]
    );
    assert_eq!(used_by("sa.pub"), ["usually kube-apiserver --service-account-key-file"]);
    // The etcd CA's key is the k0s controller's to sign with (pkg/component/controller/etcd.go
    // `setupCerts`).
    assert_eq!(
        used_by("etcd/ca.key"),
        [
            "usually the k0s controller, whose etcd component issues etcd/server.crt, etcd/peer.crt and apiserver-etcd-client.crt from it at every start"
        ]
    );
}

/// An etcdadm member laid out by `etcdtls_pki::etcdadm` (which cites `certs/`, `constants/`):
/// `/etc/etcd/pki` with the CA `CN=etcd`, the server and peer certificates named after the
/// member, the etcdctl and kube-apiserver client certificates (`O=system:masters`), etcd's
/// environment file, etcdctl's and the `etcdctl.sh` wrapper that sources it. The etcdctl pair,
/// which that file names, is the client offered first.
#[test]
fn etcdadm() {
    use etcdtls_pki::etcdadm::{EtcdadmOptions, EtcdadmPki};
    let mut opts = EtcdadmOptions::new("etcd-1", "10.0.0.21", MINTED);
    opts.certs_dir = "etc/etcd/pki".into();
    let pki = EtcdadmPki::generate(&opts).unwrap();
    let mut l = Layout::new("etcdadm");
    for (path, text) in &pki.certs {
        let base = path.rsplit('/').next().unwrap().split('.').next().unwrap();
        let role = match base {
            "ca" => Role::EtcdCa,
            "server" => Role::EtcdServer,
            "peer" => Role::EtcdPeer,
            "etcdctl-etcd-client" => Role::EtcdClient,
            "apiserver-etcd-client" => Role::ApiserverEtcdClient,
            other => panic!("{other}"),
        };
        l.file(path, text, role);
    }
    l.config("etc/etcd/etcd.env", pki.env_file.clone());
    l.config("etc/etcd/etcdctl.env", pki.etcdctl_env.clone());
    l.config("opt/bin/etcdctl.sh", pki.etcdctl_sh.clone());
    let pki_dir = "etc/etcd/pki";
    l.renews(&format!("{pki_dir}/server.crt"), "etcdadm init phase certificates");
    l.connects(
        &format!("{pki_dir}/ca.crt"),
        &format!("{pki_dir}/etcdctl-etcd-client.crt"),
    );
    for p in ["server", "peer"] {
        l.lost(&format!("{pki_dir}/{p}.crt"), Role::EtcdMember);
        l.lost(&format!("{pki_dir}/{p}.key"), Role::EtcdMember);
    }
    check(&l);
    // The CA key is etcdadm's to sign with (its certificates phase), not kubeadm's or cfssl's.
    let report = run(&l.files, NOW);
    let key = (report.items.iter())
        .find(|i| i.id.0 == format!("{pki_dir}/ca.key"))
        .unwrap();
    assert_eq!(
        etcdtls_core::explain(&report, key).used_by,
        [
            "usually etcdadm init and etcdadm join, whose certificates phase issues the member's server, peer and client certificates from it"
        ]
    );
}

/// A Gardener shoot's etcd as etcd-druid mounts it and gardenlet's secrets manager makes it
/// (facts in `src/profile/gardener.rs`): the etcd pod's `/var/etcd/ssl` (CA bundle, server,
/// client, and the peer CA and certificate of a highly available control plane), etcd's config
/// and kube-apiserver's `/srv/kubernetes/etcd`; then the same certificates as the Secrets
/// `kubectl get secret -o yaml` prints, told apart by their names.
#[test]
fn gardener() {
    use base64::Engine as _;
    use etcdtls_pki::gardener::GardenerPki;
    let ns = "shoot--dev--c1";
    let pki = GardenerPki::generate(ns, "main", MINTED, true).unwrap();
    let (etcd_ca, server, client) = (&pki.ca, &pki.server, &pki.client);
    let (peer_ca, peer) = pki.peer.as_ref().unwrap();

    let mut l = Layout::new("gardener");
    for (path, text) in pki.mounts("") {
        let path = path.trim_start_matches('/').to_string();
        let role = match path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or_default() {
            "var/etcd/ssl/ca" | "srv/kubernetes/etcd/ca" => Role::EtcdCa,
            "var/etcd/ssl/server" => Role::EtcdServer,
            "var/etcd/ssl/client" | "srv/kubernetes/etcd/client" => Role::ApiserverEtcdClient,
            "var/etcd/ssl/peer/ca" => Role::EtcdPeerCa,
            "var/etcd/ssl/peer/server" => Role::EtcdPeer,
            other => panic!("{other}"),
        };
        l.file(&path, &text, role);
    }
    let ssl = "var/etcd/ssl";
    l.config(
        "var/etcd/config/etcd.conf.yaml",
        format!(
            "name: etcd-main\ndata-dir: /var/etcd/data/new.etcd\nlisten-client-urls: https://0.0.0.0:2379\nlisten-peer-urls: https://0.0.0.0:2380\nadvertise-client-urls: https://etcd-main-0.etcd-main-peer.{ns}.svc:2379\ninitial-advertise-peer-urls: https://etcd-main-0.etcd-main-peer.{ns}.svc:2380\n{}",
            pki.transport_security("")
        ),
    );
    l.renews(&format!("{ssl}/client/tls.crt"), "gardener.cloud/operation=reconcile");
    l.connects(&format!("{ssl}/ca/bundle.crt"), &format!("{ssl}/client/tls.crt"));
    // Flat, only the common names are left (`etcd`, `etcd-server`, `etcd-client`), which
    // cert-manager users and several distributions give too: they name no distribution.
    l.flat_distribution = Some("etcd");
    // `etcd-server`, serverAuth and clientAuth: a member's certificate, for either port,
    // unless the peer CA signed it.
    l.lost("var/etcd/ssl/server/tls.crt", Role::EtcdMember);
    l.lost("var/etcd/ssl/server/tls.key", Role::EtcdMember);
    for client in ["var/etcd/ssl/client/tls", "srv/kubernetes/etcd/client/tls"]
        .map(|p| [format!("{p}.crt"), format!("{p}.key")])
        .concat()
    {
        l.lost(&client, Role::EtcdClient);
    }
    check(&l);

    // The Secrets, as `kubectl get secret -o yaml` lists them: only their names tell them apart.
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let secret = |name: &str, data: &[(&str, &str)]| {
        let data: String = data.iter().map(|(k, v)| format!("    {k}: {}\n", b64(v))).collect();
        format!(
            "- apiVersion: v1\n  data:\n{data}  kind: Secret\n  metadata:\n    labels:\n      managed-by: secrets-manager\n      manager-identity: gardenlet\n    name: {name}\n    namespace: {ns}\n  type: Opaque\n"
        )
    };
    let list = [
        secret(
            "ca-etcd",
            &[("ca.crt", &etcd_ca.pair.cert_pem), ("ca.key", &etcd_ca.pair.key.pem)],
        ),
        secret("ca-etcd-bundle-3f1a9c2e", &[("bundle.crt", &etcd_ca.pair.cert_pem)]),
        secret(
            "etcd-server-main-8d2b4e61",
            &[("tls.crt", &server.cert_pem), ("tls.key", &server.key.pem)],
        ),
        secret(
            "etcd-client-5c7e0a93",
            &[("tls.crt", &client.cert_pem), ("tls.key", &client.key.pem)],
        ),
        secret(
            "ca-etcd-peer",
            &[("ca.crt", &peer_ca.pair.cert_pem), ("ca.key", &peer_ca.pair.key.pem)],
        ),
        secret(
            "etcd-peer-server-main-0b9d7f24",
            &[("tls.crt", &peer.cert_pem), ("tls.key", &peer.key.pem)],
        ),
    ]
    .concat();
    let files = vec![(
        "secrets.yaml".to_string(),
        format!("apiVersion: v1\nitems:\n{list}kind: List\nmetadata:\n  resourceVersion: \"\"\n"),
    )];
    let report = run(&files, NOW);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.distribution.map(|d| d.id), Some("gardener"));
    let want = [
        ("items[0].data.ca.crt", Role::EtcdCa),
        ("items[0].data.ca.key", Role::EtcdCa),
        ("items[1].data.bundle.crt", Role::EtcdCa),
        ("items[2].data.tls.crt", Role::EtcdServer),
        ("items[3].data.tls.crt", Role::ApiserverEtcdClient),
        ("items[4].data.ca.crt", Role::EtcdPeerCa),
        ("items[5].data.tls.crt", Role::EtcdPeer),
        ("items[5].data.tls.key", Role::EtcdPeer),
    ];
    for (locator, role) in want {
        let id = format!("secrets.yaml#{locator}");
        let item = report
            .items
            .iter()
            .find(|i| i.id.0 == id)
            .unwrap_or_else(|| panic!("no {id}: {:?}", report.items.iter().map(|i| &i.id).collect::<Vec<_>>()));
        assert_eq!(item.role, role, "{id}: {:?}", item.role_reasons);
    }
    // The CA's key in the Secret ca-etcd is the secrets manager's to sign with.
    let key = (report.items.iter())
        .find(|i| i.id.0 == "secrets.yaml#items[0].data.ca.key")
        .unwrap();
    assert_eq!(
        etcdtls_core::explain(&report, key).used_by,
        ["usually gardenlet's secrets manager, which issues etcd-server-<role>-<hash> and etcd-client-<hash> from it"]
    );
}

#[test]
fn kops_with_etcd_manager() {
    let kt = KeyType::Rsa2048;
    let manager_main = ca(Some("etcd-manager-ca-main"), &[], kt);
    let peers_main = ca(Some("etcd-peers-ca-main"), &[], kt);
    let clients = ca(Some("etcd-clients-ca"), &[], kt);
    let mut l = Layout::new("kops");
    let d = "etc/kubernetes/pki/etcd-manager-main";
    l.pair(
        &format!("{d}/etcd-manager-ca.crt"),
        &manager_main.pair,
        Role::EtcdManagerCa,
    );
    l.pair(&format!("{d}/etcd-peers-ca.crt"), &peers_main.pair, Role::EtcdPeerCa);
    l.pair(&format!("{d}/etcd-clients-ca.crt"), &clients.pair, Role::EtcdCa);
    let api = "srv/kubernetes/kube-apiserver";
    l.file(&format!("{api}/etcd-ca.crt"), &clients.pair.cert_pem, Role::EtcdCa);
    let etcd_client = leaf(&clients, "kube-apiserver", &[], Usage::Client, &[], kt);
    l.pair(
        &format!("{api}/etcd-client.crt"),
        &etcd_client,
        Role::ApiserverEtcdClient,
    );
    let pki = "mnt/master-vol-0a1/pki/Vq2Ux8Fn";
    l.file(
        &format!("{pki}/peers/ca.crt"),
        &peers_main.pair.cert_pem,
        Role::EtcdPeerCa,
    );
    let sans = [
        "etcd-a",
        "etcd-a.internal.example.k8s.local",
        "127.0.0.1",
        "172.20.40.10",
    ];
    let me = leaf(&peers_main, "etcd-a", &[], Usage::ServerAndClient, &sans, kt);
    l.pair(&format!("{pki}/peers/me.crt"), &me, Role::EtcdPeer);
    l.file(&format!("{pki}/clients/ca.crt"), &clients.pair.cert_pem, Role::EtcdCa);
    let server = leaf(&clients, "etcd-a", &[], Usage::ServerAndClient, &sans, kt);
    l.pair(&format!("{pki}/clients/server.crt"), &server, Role::EtcdServer);
    l.renews(&format!("{api}/etcd-client.crt"), "kops rolling-update cluster");
    l.connects(&format!("{api}/etcd-ca.crt"), &format!("{api}/etcd-client.crt"));
    check(&l);
    // No configuration says where etcd listens: kops's own port (etcd-manager serves the main
    // cluster on 4001), not etcdctl's 2379.
    let recipes = etcdtls_core::connection_recipes(&run(&l.files, NOW));
    assert!(!recipes.is_empty());
    assert!(
        recipes.iter().all(|r| r.endpoints == "https://127.0.0.1:4001"),
        "{:?}",
        recipes.iter().map(|r| &r.endpoints).collect::<Vec<_>>()
    );
    // The events cluster's member (its files under `<id>events`) is dialled on 4002.
    let events: Vec<(String, String)> = (l.files.iter())
        .filter(|(path, _)| path.starts_with(pki))
        .map(|(path, text)| (path.replace("Vq2Ux8Fn", "Vq2Ux8Fnevents"), text.clone()))
        .collect();
    let recipes = etcdtls_core::connection_recipes(&run(&events, NOW));
    assert!(
        !recipes.is_empty() && recipes.iter().all(|r| r.endpoints == "https://127.0.0.1:4002"),
        "{:?}",
        recipes.iter().map(|r| (&r.cert, &r.endpoints)).collect::<Vec<_>>()
    );
    // A CA's fix is kops's three-step keypair rotation (docs/operations/rotate-secrets.md), the
    // keyset named from the CA's own name.
    let report = run(&l.files, MINTED + Duration::days(3660));
    let fix = (report.findings.iter())
        .find(|f| f.id == FindingId::Expired && f.items[0].0 == format!("{d}/etcd-peers-ca.crt"))
        .map(|f| f.fix.clone())
        .unwrap_or_else(|| panic!("{:#?}", report.findings));
    for step in [
        "kops create keypair etcd-peers-ca-main",
        "kops promote keypair etcd-peers-ca-main",
        "kops distrust keypair etcd-peers-ca-main",
        "kops rolling-update cluster --yes",
    ] {
        assert!(fix.contains(step), "{step}: {fix}");
    }
}

/// A Hard Way leaf: file, CN, O, SANs and the role it must get.
type HardWayLeaf<'a> = (&'a str, &'a str, &'a [&'a str], &'a [&'a str], Role);

#[test]
fn kubernetes_the_hard_way() {
    let kt = KeyType::Rsa2048;
    let ca = ca(Some("Kubernetes"), &["Kubernetes"], kt);
    let mut l = Layout::new("kubernetes-the-hard-way");
    l.pair("ca.pem", &ca.pair, Role::KubernetesCa);
    let both = Usage::ServerAndClient;
    let kube_sans = [
        "10.32.0.1",
        "10.240.0.10",
        "127.0.0.1",
        "kubernetes",
        "kubernetes.default",
        "kubernetes.svc.cluster.local",
    ];
    // (file, CN, O, SANs, role)
    let certs: [HardWayLeaf<'_>; 7] = [
        ("admin.pem", "admin", &["system:masters"], &[], Role::KubeSuperAdmin),
        (
            "worker-0.pem",
            "system:node:worker-0",
            &["system:nodes"],
            &["worker-0", "10.240.0.20"],
            Role::KubeletClient,
        ),
        (
            "kube-controller-manager.pem",
            "system:kube-controller-manager",
            &["system:kube-controller-manager"],
            &[],
            Role::KubeControllerManager,
        ),
        (
            "kube-proxy.pem",
            "system:kube-proxy",
            &["system:node-proxier"],
            &[],
            Role::Client,
        ),
        (
            "kube-scheduler.pem",
            "system:kube-scheduler",
            &["system:kube-scheduler"],
            &[],
            Role::KubeScheduler,
        ),
        (
            "kubernetes.pem",
            "kubernetes",
            &["Kubernetes"],
            &kube_sans,
            Role::KubeApiserver,
        ),
        (
            "service-account.pem",
            "service-accounts",
            &["Kubernetes"],
            &[],
            Role::ServiceAccountKey,
        ),
    ];
    for (file, cn, o, sans, role) in certs {
        let pair = leaf(&ca, cn, o, both, sans, kt);
        l.pair(file, &pair, role);
    }
    l.renews("kubernetes.pem", "cfssl gencert -ca=ca.pem");
    l.connects("ca.pem", "kubernetes.pem");
    check(&l);
    // etcd trusts the one CA, which signs every Kubernetes client: a note naming the admin
    // first (system:masters), said once.
    let report = run(&l.files, NOW);
    let notes: Vec<_> = (report.findings.iter())
        .filter(|f| f.id == FindingId::TrustBeyondEtcd)
        .collect();
    assert_eq!(notes.len(), 1, "{notes:#?}");
    assert_eq!(notes[0].severity, etcdtls_core::Severity::Info);
    assert_eq!(notes[0].items[1].0, "admin.pem", "{:#?}", notes[0]);
    assert!(notes[0].message.contains("lets in 4 of them"), "{}", notes[0].message);
    // service-account.pem is the API server's --service-account-key-file, its key the signing
    // key of the API server and the controller manager (docs/08-bootstrapping-kubernetes-
    // controllers.md:107-108, 149).
    let used_by = |id: &str| {
        let item = report.items.iter().find(|i| i.id.0 == id).unwrap();
        etcdtls_core::explain(&report, item).used_by
    };
    assert_eq!(
        used_by("service-account.pem"),
        ["usually kube-apiserver --service-account-key-file"]
    );
    let key = used_by("service-account-key.pem");
    assert!(
        key.iter()
            .any(|u| u == "usually kube-apiserver --service-account-signing-key-file")
            && key
                .iter()
                .any(|u| u == "usually kube-controller-manager --service-account-private-key-file")
            && !key.iter().any(|u| u.ends_with("--service-account-key-file")),
        "{key:?}"
    );
}

#[test]
fn etcd_tls_guide() {
    let ca = ca(Some("My own CA"), &[], KeyType::Rsa2048);
    let kt = KeyType::EcdsaP256;
    let mut l = Layout::new("etcd-tls-guide");
    l.pair("ca.pem", &ca.pair, Role::EtcdCa);
    let server = leaf(
        &ca,
        "coreos1",
        &[],
        Usage::Server,
        &["192.168.122.68", "ext.example.com", "coreos1.local", "coreos1"],
        kt,
    );
    l.pair("server.pem", &server, Role::EtcdServer);
    let member = leaf(
        &ca,
        "member1",
        &[],
        Usage::ServerAndClient,
        &["192.168.122.101", "ext.example.com", "member1.local", "member1"],
        kt,
    );
    l.pair("member1.pem", &member, Role::EtcdPeer);
    let client = leaf(&ca, "client", &[], Usage::Client, &[], kt);
    l.pair("client.pem", &client, Role::EtcdClient);
    l.renews("member1.pem", "-profile=peer");
    l.connects("ca.pem", "client.pem");
    // Flat, only its CA and its usages (serverAuth and clientAuth) speak for the peer
    // certificate, and the guide's one CA signs its server certificates too: a member's.
    l.lost("member1.pem", Role::EtcdMember);
    l.lost("member1-key.pem", Role::EtcdMember);
    check(&l);
}

/// etcd configured by hand: neutral file names, a systemd unit and an operator's script say
/// what each file is.
#[test]
fn plain_etcd_by_flags() {
    let kt = KeyType::EcdsaP256;
    let ca = ca(Some("Example Root"), &["Example"], kt);
    let mut l = Layout::new("etcd");
    l.pair("tls/root.crt", &ca.pair, Role::EtcdCa);
    let sans = ["node1", "10.1.0.1", "127.0.0.1"];
    let serving = leaf(&ca, "node1", &[], Usage::ServerAndClient, &sans, kt);
    l.pair("tls/node1.crt", &serving, Role::EtcdServer);
    let peering = leaf(&ca, "node1", &[], Usage::ServerAndClient, &sans, kt);
    l.pair("tls/node1-cluster.crt", &peering, Role::EtcdPeer);
    let operator = leaf(&ca, "operator", &[], Usage::Client, &[], kt);
    l.pair("tls/operator.crt", &operator, Role::EtcdClient);
    let d = "/etc/etcd/tls";
    l.config(
        "etcd.service",
        format!("[Service]\nExecStart=/usr/bin/etcd --name node1 --cert-file={d}/node1.crt --key-file={d}/node1.key --trusted-ca-file={d}/root.crt --client-cert-auth --peer-cert-file={d}/node1-cluster.crt --peer-key-file={d}/node1-cluster.key --peer-trusted-ca-file={d}/root.crt --peer-client-cert-auth\n"),
    );
    l.config(
        "backup.sh",
        format!("#!/bin/sh\netcdctl --cacert={d}/root.crt --cert={d}/operator.crt --key={d}/operator.key snapshot save /var/backups/etcd.db\n"),
    );
    l.renews("tls/node1.crt", "Reissue it from its CA");
    l.connects("tls/root.crt", "tls/operator.crt");
    // Flat, the flags name no file any more: only the usages are left.
    l.flat_distribution = None;
    for (p, role) in [
        ("tls/root", Role::RootCa),
        ("tls/node1", Role::ServerClient),
        ("tls/node1-cluster", Role::ServerClient),
        ("tls/operator", Role::Client),
    ] {
        l.lost(&format!("{p}.crt"), role);
        l.lost(&format!("{p}.key"), role);
    }
    check(&l);
    // The CA's key is read by no program etcd's flags name, and by no distribution's signer:
    // only by whoever issues certificates from it by hand.
    let report = run(&l.files, NOW);
    let key = report.items.iter().find(|i| i.id.0 == "tls/root.key").unwrap();
    let used_by = etcdtls_core::explain(&report, key).used_by;
    assert!(
        used_by.len() == 1
            && used_by[0].starts_with("usually whoever issues etcd's certificates from this CA by hand")
            && !used_by[0].contains("kubeadm"),
        "{used_by:?}"
    );
}

/// Content beats a misleading name: the health-check client saved under the API server's
/// client name stays the health-check client.
#[test]
fn content_beats_a_misleading_file_name() {
    let pki = KubeadmPki::generate(&KubeadmOptions::new("cp-1", "10.0.0.5", KeyType::EcdsaP256, MINTED)).unwrap();
    let files = vec![
        ("pki/etcd/ca.crt".to_string(), pki.files["pki/etcd/ca.crt"].clone()),
        (
            "pki/apiserver-etcd-client.crt".to_string(),
            pki.files["pki/etcd/healthcheck-client.crt"].clone(),
        ),
    ];
    let report = run(&files, NOW);
    let item = report
        .items
        .iter()
        .find(|i| i.id.0 == "pki/apiserver-etcd-client.crt")
        .unwrap();
    assert_eq!(item.role, Role::EtcdHealthcheckClient, "{:?}", item.role_reasons);
    assert_eq!(item.kind(), ItemKind::Certificate);
}

/// A bare file name with nothing else for it claims no distribution: a client certificate
/// called `client.pem` whose CA is not given stays a plain client.
#[test]
fn a_bare_file_name_alone_claims_no_distribution() {
    let other = ca(Some("Corporate Issuing CA"), &["Example Corp"], KeyType::EcdsaP256);
    let pair = leaf(&other, "alice", &[], Usage::Client, &[], KeyType::EcdsaP256);
    let report = run(&[("client.pem".to_string(), pair.cert_pem.clone())], NOW);
    assert_eq!(report.distribution.map(|d| d.id), None);
    assert_eq!(report.items[0].role, Role::Client, "{:?}", report.items[0].role_reasons);
    // With its CA beside it, which signed nothing that says etcd, it is still a plain client.
    let report = run(
        &[
            ("ca.pem".to_string(), other.pair.cert_pem.clone()),
            ("client.pem".to_string(), pair.cert_pem.clone()),
        ],
        NOW,
    );
    let client = report.items.iter().find(|i| i.id.0 == "client.pem").unwrap();
    assert_eq!(client.role, Role::Client, "{:?}", client.role_reasons);
}

/// A file given by its bare name (`etcdtls explain admin.conf` in some folder) is said by
/// its name: nothing says it is where kubeadm keeps it.
#[test]
fn a_bare_file_name_is_said_as_a_name_not_a_place() {
    let pki = KubeadmPki::generate(&KubeadmOptions::new("cp-1", "10.0.0.5", KeyType::EcdsaP256, MINTED)).unwrap();
    let admin = pki
        .files
        .iter()
        .find(|(p, _)| p.as_str() == "admin.conf")
        .map(|(_, t)| t.clone())
        .unwrap();
    let report = run(&[("admin.conf".to_string(), admin)], NOW);
    let item = report
        .items
        .iter()
        .find(|i| i.id.0 == "admin.conf#users[0].client-certificate-data")
        .unwrap();
    assert_eq!(item.role, Role::KubeAdmin);
    let reasons = item.role_reasons.join("; ");
    assert!(
        reasons.contains("its file name admin.conf is the one kubeadm gives its"),
        "{reasons}"
    );
    assert!(!reasons.contains("is where"), "{reasons}");
}

/// Bitnami's etcd chart (bitnami/etcd, `certs/client` and `certs/peer`, each with `ca.crt`,
/// `cert.pem`, `key.pem`) made with its docs' cfssl recipe: one CA signs everything, the peer
/// certificate is `CN=etcd-peer` as k3s names its own, and the client-facing one is `CN=etcd`
/// with the server's names. Neither borrows another distribution's CAs or kubeadm's paths.
#[test]
fn bitnami_cfssl_layout_borrows_no_other_distributions_cas() {
    let kt = KeyType::EcdsaP256;
    let ca = ca(Some("My own CA"), &["My Company Name"], KeyType::Rsa2048);
    let sans = ["etcd.default.svc.cluster.local", "etcd", "localhost", "127.0.0.1"];
    let served = leaf(&ca, "etcd", &["My Company Name"], Usage::ServerAndClient, &sans, kt);
    let peer = leaf(
        &ca,
        "etcd-peer",
        &[],
        Usage::ServerAndClient,
        &["*.etcd-headless.default.svc.cluster.local"],
        kt,
    );
    let d = "opt/bitnami/etcd/certs";
    let files: Vec<(String, String)> = vec![
        (format!("{d}/client/ca.crt"), ca.pair.cert_pem.clone()),
        (format!("{d}/client/cert.pem"), served.cert_pem.clone()),
        (format!("{d}/peer/ca.crt"), ca.pair.cert_pem.clone()),
        (format!("{d}/peer/cert.pem"), peer.cert_pem.clone()),
    ];
    let report = run(&files, NOW);
    let issuer_findings: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.id == FindingId::WrongIssuerForRole)
        .collect();
    assert!(issuer_findings.is_empty(), "{issuer_findings:#?}");
    let role = |id: &str| report.items.iter().find(|i| i.id.0 == id).unwrap();
    // Not OpenShift's old `CN=etcd` API server client: it serves names.
    let served = role(&format!("{d}/client/cert.pem"));
    assert_eq!(served.role, Role::EtcdMember, "{:?}", served.role_reasons);
    let e = etcdtls_core::explain(&report, served);
    assert!(
        e.used_by.iter().any(|u| u.contains("etcd --cert-file")),
        "{:?}",
        e.used_by
    );
    // Only the file name `ca.crt` matches a layout: said as a name, not as the layout's path.
    let ca_item = role(&format!("{d}/peer/ca.crt"));
    let reasons = ca_item.role_reasons.join("; ");
    assert!(!reasons.contains("is where"), "{reasons}");
    for f in &report.findings {
        assert!(!f.fix.contains("/etc/kubernetes"), "{f:?}");
    }
}

/// With no configuration saying where etcd listens, the recipe dials this node by a name its
/// server certificate covers: 127.0.0.1 only where the certificate names it (etcdctl refuses
/// the others with "certificate is valid for ..., not 127.0.0.1").
#[test]
fn recipes_dial_a_host_the_server_certificate_covers() {
    let kt = KeyType::EcdsaP256;
    let ca = ca(Some("etcd-ca"), &[], kt);
    let client = leaf(&ca, "operator", &[], Usage::Client, &[], kt);
    for (sans, host) in [
        (&["etcd-0.example", "10.0.0.5"][..], "10.0.0.5"),
        (&["etcd-0.example", "localhost"][..], "localhost"),
        (&["etcd-0.example"][..], "etcd-0.example"),
        (&["etcd-0.example", "127.0.0.1"][..], "127.0.0.1"),
    ] {
        let server = leaf(&ca, "etcd-0", &[], Usage::ServerAndClient, sans, kt);
        let files: Vec<(String, String)> = vec![
            ("pki/etcd/ca.crt".into(), ca.pair.cert_pem.clone()),
            ("pki/etcd/server.crt".into(), server.cert_pem.clone()),
            ("pki/etcd/operator.crt".into(), client.cert_pem.clone()),
            ("pki/etcd/operator.key".into(), client.key.pem.to_string()),
        ];
        let recipes = etcdtls_core::connection_recipes(&run(&files, NOW));
        assert!(!recipes.is_empty(), "{sans:?}");
        for r in &recipes {
            assert_eq!(r.endpoints, format!("https://{host}:2379"), "{sans:?}");
        }
    }
}

/// A recipe never offers a certificate that fails every handshake: kubeadm's client
/// certificates a year after `kubeadm init`, expired under a CA that is still good.
#[test]
fn recipes_leave_out_expired_certificates() {
    for (age_days, offered) in [(1, true), (400, false)] {
        let pki = KubeadmPki::generate(&KubeadmOptions::new(
            "node-1",
            "10.0.0.5",
            KeyType::EcdsaP256,
            NOW - Duration::days(age_days),
        ))
        .unwrap();
        let files: Vec<(String, String)> = pki.files.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        let report = run(&files, NOW);
        let recipes = etcdtls_core::connection_recipes(&report);
        assert_eq!(!recipes.is_empty(), offered, "{age_days} days: {recipes:#?}");
        if !offered {
            assert!(report.findings.iter().any(|f| f.id == FindingId::Expired));
        }
    }
}

/// A CA read as etcd's only because "etcd" is in its name is said so: no one "gives" it that
/// name, so the reason is the word, in the CN as in the O.
#[test]
fn a_word_in_a_name_is_said_as_a_word_not_as_a_name_given() {
    for (cn, o, said) in [
        (
            Some("Acme etcd root"),
            &[][..],
            "its subject CN = Acme etcd root has etcd in it",
        ),
        (
            Some("Acme root"),
            &["Acme etcd team"][..],
            "its subject O = Acme etcd team has etcd in it",
        ),
    ] {
        let ca = ca(cn, o, KeyType::EcdsaP256);
        let report = run(&[("ca.crt".to_string(), ca.pair.cert_pem.clone())], NOW);
        let item = &report.items[0];
        assert_eq!(item.role, Role::EtcdCa, "{cn:?} {o:?}");
        let reasons = item.role_reasons.join("; ");
        assert!(reasons.contains(said), "{reasons}");
        assert!(!reasons.contains("gives") && !reasons.contains("carries"), "{reasons}");
        assert!(
            reasons.contains("its file name ca.crt is one commonly used for an etcd CA"),
            "{reasons}"
        );
    }
    // Easy-RSA's `issued/etcd1-peer.crt`: matched by the word in its file name.
    let ca = ca(Some("etcd-ca"), &[], KeyType::EcdsaP256);
    let peer = leaf(
        &ca,
        "etcd1-peer",
        &[],
        Usage::ServerAndClient,
        &["10.0.0.11"],
        KeyType::EcdsaP256,
    );
    let report = run(
        &[
            ("pki/ca.crt".to_string(), ca.pair.cert_pem.clone()),
            ("pki/issued/etcd1-peer.crt".to_string(), peer.cert_pem.clone()),
        ],
        NOW,
    );
    let item = report
        .items
        .iter()
        .find(|i| i.id.0.ends_with("etcd1-peer.crt"))
        .unwrap();
    assert_eq!(item.role, Role::EtcdPeer);
    let reasons = item.role_reasons.join("; ");
    assert!(
        reasons.contains("its file name etcd1-peer.crt has peer in it"),
        "{reasons}"
    );
}

/// A trust bundle that keeps an expired CA beside its valid successor (OpenShift's bundles do,
/// on purpose) fails nothing: verifiers chain through the valid one. The old CA is a warning,
/// not an error; an expired CA alone is still an error.
#[test]
fn an_expired_ca_beside_its_successor_in_a_bundle_is_a_warning() {
    let kt = KeyType::EcdsaP256;
    let old = Ca::with_subject(
        Some("etcd-signer"),
        &[],
        kt,
        MINTED - Duration::days(800),
        MINTED - Duration::days(1),
    )
    .unwrap();
    let new = ca(Some("etcd-signer"), &[], kt);
    let bundle = format!("{}{}", new.pair.cert_pem, old.pair.cert_pem);
    let report = run(&[("server-ca-bundle.crt".to_string(), bundle)], NOW);
    let expired: Vec<_> = report.findings.iter().filter(|f| f.id == FindingId::Expired).collect();
    assert_eq!(expired.len(), 1, "{expired:#?}");
    assert_eq!(expired[0].severity, etcdtls_core::Severity::Warning);
    assert!(
        expired[0].message.contains("vouches for nothing any more"),
        "{}",
        expired[0].message
    );
    let alone = run(&[("ca.crt".to_string(), old.pair.cert_pem.clone())], NOW);
    let expired = alone.findings.iter().find(|f| f.id == FindingId::Expired).unwrap();
    assert_eq!(expired.severity, etcdtls_core::Severity::Error);
}

/// A peer certificate without clientAuth is a server and a client on 2380: its fix keeps
/// serverAuth and adds clientAuth, and names no client-only certificate.
#[test]
fn a_peer_certificate_without_client_auth_is_fixed_with_both_usages() {
    let kt = KeyType::EcdsaP256;
    let ca = ca(Some("etcd-ca"), &[], kt);
    let peer = leaf(&ca, "etcd1", &[], Usage::Server, &["etcd1", "10.0.0.5"], kt);
    let manifest = static_pod(
        "etcd",
        &[
            "--peer-cert-file=/etc/etcd/peer.crt",
            "--peer-key-file=/etc/etcd/peer.key",
            "--peer-trusted-ca-file=/etc/etcd/ca.crt",
            "--peer-client-cert-auth=true",
        ],
    );
    let report = run(
        &[
            ("/etc/etcd/ca.crt".to_string(), ca.pair.cert_pem.clone()),
            ("/etc/etcd/peer.crt".to_string(), peer.cert_pem.clone()),
            ("/etc/etcd/etcd.yaml".to_string(), manifest.clone()),
        ],
        NOW,
    );
    let f = report
        .findings
        .iter()
        .find(|f| f.id == FindingId::MissingClientAuth)
        .expect("missing clientAuth said");
    assert!(f.fix.contains("serverAuth, clientAuth"), "{}", f.fix);
    assert!(!f.fix.contains("healthcheck-client"), "{}", f.fix);
}

/// A key alone, with no certificate among the inputs (etcd's JWT token pair, a stray key): no
/// extensions are claimed for it, and the sentence has its verb.
#[test]
fn a_key_alone_is_not_said_to_have_extensions() {
    let ca = ca(Some("etcd-ca"), &[], KeyType::EcdsaP256);
    let pair = leaf(&ca, "someone", &[], Usage::Client, &[], KeyType::EcdsaP256);
    let report = run(&[("jwt.key".to_string(), pair.key.pem.clone())], NOW);
    let item = &report.items[0];
    let allows = etcdtls_core::explain(&report, item).allows;
    assert!(
        allows.starts_with("Whatever its certificate, if it has one, allows"),
        "{allows}"
    );
    assert!(!allows.contains("extensions"), "{allows}");
}

/// `cat ca.crt server.crt > server-bundle.crt` as etcd's --cert-file: the file's first
/// certificate is what Go presents, so the fix is the order, not another certificate.
#[test]
fn a_serving_bundle_with_its_ca_first_is_told_to_put_the_leaf_first() {
    let kt = KeyType::EcdsaP256;
    let ca = ca(Some("etcd-ca"), &[], kt);
    let server = leaf(&ca, "etcd-0", &[], Usage::ServerAndClient, &["etcd-0", "127.0.0.1"], kt);
    let manifest = static_pod(
        "etcd",
        &[
            "--cert-file=/etc/etcd/server-bundle.crt",
            "--key-file=/etc/etcd/server.key",
            "--trusted-ca-file=/etc/etcd/ca.crt",
            "--client-cert-auth=true",
        ],
    );
    let report = run(
        &[
            ("/etc/etcd/ca.crt".to_string(), ca.pair.cert_pem.clone()),
            (
                "/etc/etcd/server-bundle.crt".to_string(),
                format!("{}{}", ca.pair.cert_pem, server.cert_pem),
            ),
            ("/etc/etcd/server.key".to_string(), server.key.pem.clone()),
            ("/etc/etcd/etcd.yaml".to_string(), manifest.clone()),
        ],
        NOW,
    );
    let f = report
        .findings
        .iter()
        .find(|f| f.id == FindingId::CaUsedAsLeaf)
        .expect("said");
    assert!(f.message.contains("starts with a CA certificate"), "{}", f.message);
    assert!(f.fix.starts_with("Put the leaf first"), "{}", f.fix);
    assert!(!f.fix.contains("healthcheck-client"), "{}", f.fix);
}

/// A client certificate made without clientAuth (serverAuth only), named by kube-apiserver's
/// --etcd-certfile: the missing clientAuth is said; names (SANs) are not asked of a client.
#[test]
fn a_client_used_as_one_is_not_asked_for_server_names() {
    let kt = KeyType::EcdsaP256;
    let ca = ca(Some("etcd-ca"), &[], kt);
    let client = leaf(&ca, "root", &[], Usage::Server, &[], kt);
    let manifest = static_pod(
        "kube-apiserver",
        &[
            "--etcd-cafile=/pki/ca.crt",
            "--etcd-certfile=/pki/client.crt",
            "--etcd-keyfile=/pki/client.key",
        ],
    );
    let report = run(
        &[
            ("/pki/ca.crt".to_string(), ca.pair.cert_pem.clone()),
            ("/pki/client.crt".to_string(), client.cert_pem.clone()),
            ("/pki/client.key".to_string(), client.key.pem.clone()),
            ("/manifests/kube-apiserver.yaml".to_string(), manifest.clone()),
        ],
        NOW,
    );
    let ids: Vec<FindingId> = report.findings.iter().map(|f| f.id).collect();
    assert!(ids.contains(&FindingId::MissingClientAuth), "{ids:?}");
    assert!(!ids.contains(&FindingId::NoSans), "{ids:?}");
}

/// "Expiry warnings within 30 days" includes the 30th day.
#[test]
fn the_warning_window_includes_its_last_day() {
    let ca = ca(Some("etcd-ca"), &[], KeyType::EcdsaP256);
    let at = MINTED + Duration::days(3650) - Duration::days(30);
    let report = run(&[("ca.crt".to_string(), ca.pair.cert_pem.clone())], at);
    assert!(
        report.findings.iter().any(|f| f.id == FindingId::ExpiringSoon),
        "{:#?}",
        report.findings
    );
    let report = run(
        &[("ca.crt".to_string(), ca.pair.cert_pem.clone())],
        at - Duration::seconds(1),
    );
    assert!(
        !report.findings.iter().any(|f| f.id == FindingId::ExpiringSoon),
        "{:#?}",
        report.findings
    );
}

/// A kubelet client certificate embedded in kubelet.conf does not rotate there: its fix says
/// to point kubelet.conf at the file rotation writes.
#[test]
fn an_embedded_kubelet_certificate_is_pointed_at_the_rotated_file() {
    let pki = KubeadmPki::generate(&KubeadmOptions::new("cp-1", "10.0.0.5", KeyType::EcdsaP256, MINTED)).unwrap();
    let conf = pki
        .files
        .iter()
        .find(|(p, _)| p.as_str() == "kubelet.conf")
        .map(|(_, t)| t.clone())
        .unwrap();
    let report = run(&[("kubelet.conf".to_string(), conf)], MINTED + Duration::days(360));
    let f = report
        .findings
        .iter()
        .find(|f| f.id == FindingId::ExpiringSoon)
        .expect("expiring");
    assert!(f.fix.contains("kubelet-client-current.pem"), "{}", f.fix);
}

/// Two kubeadm clusters' folders side by side (`prod/`, `staging/`), as someone gathers them to
/// compare: each manifest names `/etc/kubernetes/pki/etcd/ca.crt`, which both folders hold. Each
/// cluster's files take their own manifests' flags, nobody's client is said to be refused by the
/// other cluster's etcd, and each connect line dials its own cluster's members only.
#[test]
fn two_clusters_side_by_side_keep_their_own_flags_and_endpoints() {
    let clusters = [("prod", "10.0.0.5"), ("staging", "10.0.9.5")];
    let mut files = Vec::new();
    for (dir, ip) in clusters {
        let pki = KubeadmPki::generate(&KubeadmOptions::new("cp-1", ip, KeyType::EcdsaP256, MINTED)).unwrap();
        files.extend(
            pki.files
                .iter()
                .map(|(path, text)| (format!("{dir}/{path}"), text.clone())),
        );
    }
    let report = run(&files, NOW);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    for (dir, _) in clusters {
        let ca = report
            .items
            .iter()
            .find(|i| i.id.0 == format!("{dir}/pki/etcd/ca.crt"))
            .unwrap();
        assert_eq!(ca.role, Role::EtcdCa, "{dir}: {:?}", ca.role_reasons);
        assert!(!ca.usages.is_empty(), "{dir}: its manifests name it");
        assert!(
            ca.usages.iter().all(|u| u.declared_in.path.starts_with(dir)),
            "{dir}: {:?}",
            ca.usages.iter().map(|u| &u.declared_in.path).collect::<Vec<_>>()
        );
    }
    let refused: Vec<_> = (report.findings.iter())
        .filter(|f| f.id == FindingId::ClientNotTrusted)
        .map(|f| &f.message)
        .collect();
    assert!(refused.is_empty(), "{refused:#?}");
    let recipes = etcdtls_core::connection_recipes(&report);
    for (dir, ip) in clusters {
        let recipe = recipes
            .iter()
            .find(|r| r.cert == format!("{dir}/pki/etcd/healthcheck-client.crt"))
            .unwrap_or_else(|| panic!("{dir}: no connect line: {recipes:#?}"));
        assert_eq!(recipe.ca, format!("{dir}/pki/etcd/ca.crt"));
        assert_eq!(recipe.endpoints, format!("https://{ip}:2379"), "{dir}");
    }
}

/// A kubeadm cluster's folder beside a Cluster API one's (`staging/`, whose three CAs Cluster
/// API made, all `CN=kubernetes`): the kubeadm cluster's `etcd-ca` says nothing of the other
/// cluster's etcd CA, which stays the etcd CA, as it is alone.
#[test]
fn a_kubeadm_etcd_ca_does_not_rename_a_cluster_api_one_beside_it() {
    let mut files = Vec::new();
    for (dir, ip, cluster_api) in [("prod", "10.0.0.5", false), ("staging", "10.0.9.5", true)] {
        let mut opts = KubeadmOptions::new("cp-1", ip, KeyType::EcdsaP256, MINTED);
        if cluster_api {
            opts.ca_common_names = ["kubernetes"; 3];
        }
        let pki = KubeadmPki::generate(&opts).unwrap();
        files.extend(
            pki.files
                .iter()
                .map(|(path, text)| (format!("{dir}/{path}"), text.clone())),
        );
    }
    let report = run(&files, NOW);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    for dir in ["prod", "staging"] {
        for (path, role) in [
            ("pki/etcd/ca.crt", Role::EtcdCa),
            ("pki/ca.crt", Role::KubernetesCa),
            ("pki/front-proxy-ca.crt", Role::FrontProxyCa),
        ] {
            let item = report.items.iter().find(|i| i.id.0 == format!("{dir}/{path}")).unwrap();
            assert_eq!(item.role, role, "{dir}/{path}: {:?}", item.role_reasons);
        }
    }
    // Within one folder the rule stands: beside an `etcd-ca`, a `kubernetes` CA is the
    // Kubernetes CA (checked by `kubeadm` above); nothing here is reported signed by the
    // wrong CA.
    assert!(
        !report.findings.iter().any(|f| f.id == FindingId::WrongIssuerForRole),
        "{:#?}",
        report.findings.iter().map(|f| (&f.id, &f.message)).collect::<Vec<_>>()
    );
}

/// Calico's and Cilium's Secrets for an etcd datastore, as their manifests name them
/// (`calico-etcd.yaml`: `calico-etcd-secrets` with `etcd-ca`, `etcd-cert`, `etcd-key`; Cilium's
/// chart: `cilium-etcd-secrets` with `etcd-client-ca.crt`, `etcd-client.crt`,
/// `etcd-client.key`), filled from an etcd CA named `etcd-ca`. The CA's `etcd` in its name
/// says it is an etcd CA, but only the Secret says whose copy it is and who takes the files:
/// calico-node's `ETCD_*_FILE` variables, cilium-agent's `etcd-config`, not etcd's flags.
#[test]
fn calico_and_cilium_etcd_secrets_are_theirs() {
    use base64::Engine as _;
    let b64 = |t: &str| base64::engine::general_purpose::STANDARD.encode(t);
    let kt = KeyType::EcdsaP256;
    let etcd_ca = ca(Some("etcd-ca"), &[], kt);
    for (secret, keys, id, ca_says, cert_says) in [
        (
            "calico-etcd-secrets",
            ["etcd-ca", "etcd-cert", "etcd-key"],
            "calico",
            "ETCD_CA_CERT_FILE",
            "ETCD_CERT_FILE",
        ),
        (
            "cilium-etcd-secrets",
            ["etcd-client-ca.crt", "etcd-client.crt", "etcd-client.key"],
            "cilium",
            "trusted-ca-file",
            "cert-file",
        ),
    ] {
        let client = leaf(&etcd_ca, id, &[], Usage::Client, &[], kt);
        let yaml = format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {secret}\n  namespace: kube-system\ntype: Opaque\ndata:\n  {}: {}\n  {}: {}\n  {}: {}\n",
            keys[0],
            b64(&etcd_ca.pair.cert_pem),
            keys[1],
            b64(&client.cert_pem),
            keys[2],
            b64(&client.key.pem),
        );
        let file = format!("{secret}.yaml");
        let report = run(&[(file.clone(), yaml)], NOW);
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(report.distribution.map(|d| d.id), Some(id), "{secret}");
        for (key, role, says) in [
            (keys[0], Role::EtcdCa, ca_says),
            (keys[1], Role::EtcdClient, cert_says),
            (keys[2], Role::EtcdClient, cert_says),
        ] {
            let item = report
                .items
                .iter()
                .find(|i| i.id.0 == format!("{file}#data.{key}"))
                .unwrap_or_else(|| panic!("{secret}: {key}"));
            assert_eq!(item.role, role, "{secret}/{key}: {:?}", item.role_reasons);
            let used_by = etcdtls_core::explain(&report, item).used_by.join("; ");
            assert!(
                used_by.contains(says) && !used_by.contains("etcdctl") && !used_by.contains("etcd --"),
                "{secret}/{key}: {used_by}"
            );
        }
    }
}

/// cert-manager's Secrets with the names people give (a SelfSigned issuer's CA Certificate
/// `commonName: etcd-ca`, then `etcd`, `etcd-peer` and `etcd-client` from a CA issuer; each
/// Secret `tls.crt`, `tls.key` and `ca.crt`, cert-manager `pkg/issuer/ca`). `etcd-ca` is
/// kubeadm's name and Typhoon's, `etcd-peer` Typhoon's, but names anyone gives are no
/// distribution's evidence: plain etcd, and no kubeadm or Typhoon flags in "Used by".
#[test]
fn common_names_alone_name_no_distribution() {
    let kt = KeyType::Rsa2048;
    let etcd_ca = ca(Some("etcd-ca"), &[], kt);
    let mut files = Vec::new();
    for (secret, cn, usage, sans) in [
        (
            "etcd-server-tls",
            "etcd",
            Usage::ServerAndClient,
            &["etcd", "etcd.etcd.svc", "*.etcd.etcd.svc.cluster.local", "127.0.0.1"][..],
        ),
        (
            "etcd-peer-tls",
            "etcd-peer",
            Usage::ServerAndClient,
            &["*.etcd.etcd.svc.cluster.local"][..],
        ),
        ("etcd-client-tls", "etcd-client", Usage::Client, &[][..]),
    ] {
        let pair = leaf(&etcd_ca, cn, &[], usage, sans, kt);
        files.push((format!("{secret}/tls.crt"), pair.cert_pem.clone()));
        files.push((format!("{secret}/tls.key"), pair.key.pem.clone()));
        files.push((format!("{secret}/ca.crt"), etcd_ca.pair.cert_pem.clone()));
    }
    let report = run(&files, NOW);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.distribution.map(|d| d.id), Some("etcd"));
    for item in &report.items {
        let by = item.matched.map(|m| m.profile.id);
        assert!(
            !matches!(by, Some("kubeadm" | "typhoon" | "k0s" | "kubespray")),
            "{} explained by {by:?}: {:?}",
            item.id,
            item.role_reasons
        );
        let used_by = etcdtls_core::explain(&report, item).used_by.join("; ");
        assert!(
            !used_by.contains("kube-apiserver --etcd-cafile") && !used_by.contains("/etc/etcd/etcd.env"),
            "{}: {used_by}",
            item.id
        );
    }
    let ca_item = report
        .items
        .iter()
        .find(|i| i.id.0 == "etcd-server-tls/ca.crt")
        .unwrap();
    assert_eq!(ca_item.role, Role::EtcdCa, "{:?}", ca_item.role_reasons);
}

/// cert-manager's Secrets named as its documentation names them (`<name>-tls`): `etcd-peer-tls`
/// is no OpenShift `etcd-peer-<node>` (cluster-etcd-operator's `GetPeerClientSecretNameForNode`)
/// nor `etcd-serving-tls` an `etcd-serving-<node>`, `etcd-client-tls` is no Gardener Secret, and
/// where content fits a server and a peer alike (serverAuth and clientAuth, the etcd CA) the
/// Secret's name says which.
#[test]
fn cert_manager_secret_names_say_the_member_role_and_no_distribution() {
    let kt = KeyType::Rsa2048;
    let etcd_ca = ca(Some("etcd-ca"), &[], kt);
    let mut files = Vec::new();
    for (secret, cn, usage, sans) in [
        (
            "etcd-server-tls",
            "etcd",
            Usage::ServerAndClient,
            &["etcd", "etcd.etcd.svc", "127.0.0.1"][..],
        ),
        (
            "etcd-peer-tls",
            "etcd-peer",
            Usage::ServerAndClient,
            &["*.etcd.etcd.svc.cluster.local"][..],
        ),
        (
            "etcd-serving-tls",
            "etcd-serving",
            Usage::ServerAndClient,
            &["etcd.etcd.svc"][..],
        ),
        ("etcd-client-tls", "etcd-client", Usage::Client, &[][..]),
    ] {
        let pair = leaf(&etcd_ca, cn, &[], usage, sans, kt);
        files.push((format!("{secret}/tls.crt"), pair.cert_pem.clone()));
        files.push((format!("{secret}/tls.key"), pair.key.pem.clone()));
        files.push((format!("{secret}/ca.crt"), etcd_ca.pair.cert_pem.clone()));
    }
    let report = run(&files, NOW);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.distribution.map(|d| d.id), Some("etcd"));
    for item in &report.items {
        let by = item.matched.map(|m| m.profile.id);
        assert!(
            !matches!(by, Some("openshift" | "gardener")),
            "{} explained by {by:?}: {:?}",
            item.id,
            item.role_reasons
        );
        let used_by = etcdtls_core::explain(&report, item).used_by.join("; ");
        assert!(
            !used_by.contains("in the etcd pod") && !used_by.contains("etcd-backup-restore"),
            "{}: {used_by}",
            item.id
        );
    }
    for (id, role) in [
        ("etcd-server-tls/tls.crt", Role::EtcdServer),
        ("etcd-server-tls/tls.key", Role::EtcdServer),
        ("etcd-serving-tls/tls.crt", Role::EtcdServer),
        ("etcd-peer-tls/tls.crt", Role::EtcdPeer),
    ] {
        let item = report.items.iter().find(|i| i.id.0 == id).unwrap();
        assert_eq!(item.role, role, "{id}: {:?}", item.role_reasons);
    }
}

/// cert-manager's Secrets for an etcd of one's own (a CA Issuer: each Secret `tls.crt`,
/// `tls.key` and the CA as `ca.crt`), written out as `kubectl`/a volume mount does, one folder
/// per Secret. `tls.crt` is every TLS Secret's key: it says nothing of OpenShift's
/// `etcd-serving-<node>` or Gardener's `etcd-server-<role>-<hash>` unless the Secret's name does.
#[test]
fn a_tls_secrets_key_alone_names_no_distribution() {
    let etcd_ca = ca(Some("my-etcd-ca"), &[], KeyType::Rsa2048);
    let mut files = Vec::new();
    for (secret, cn, usage, sans) in [
        (
            "etcd-server-tls",
            "etcd",
            Usage::ServerAndClient,
            &["etcd", "etcd.etcd.svc", "*.etcd.etcd.svc.cluster.local", "127.0.0.1"][..],
        ),
        ("etcd-backup-tls", "backup", Usage::Client, &[][..]),
    ] {
        let pair = leaf(&etcd_ca, cn, &[], usage, sans, KeyType::Rsa2048);
        files.push((format!("{secret}/tls.crt"), pair.cert_pem.clone()));
        files.push((format!("{secret}/tls.key"), pair.key.pem.clone()));
        files.push((format!("{secret}/ca.crt"), etcd_ca.pair.cert_pem.clone()));
    }
    let report = run(&files, NOW);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    for item in &report.items {
        let by = item.matched.map(|m| m.profile.id);
        assert!(
            !matches!(by, Some("openshift" | "gardener")),
            "{} explained by {by:?}: {:?}",
            item.id,
            item.role_reasons
        );
    }
    assert!(
        !matches!(report.distribution.map(|p| p.id), Some("openshift" | "gardener")),
        "{:?}",
        report.distribution
    );
    // Nor does a Secret named like Gardener's but without its hash (`computeSecretName`:
    // `<name>-<8 hex>`, `-<5 hex>` more after a rotation) speak for Gardener's entries...
    let gardener = etcdtls_core::profile::by_id("gardener").unwrap();
    for path in [
        "x/etcd-client-cert/tls.crt",
        "x/etcd-server-tls/tls.crt",
        "x/etcd-peer-server-tls/tls.crt",
    ] {
        for entry in gardener.entries {
            for pattern in entry.files {
                assert_eq!(
                    etcdtls_core::profile::path_components_matched(pattern, path),
                    0,
                    "{pattern} matches {path}"
                );
            }
        }
    }
    // ... nor the botanist's old `etcd-client-tls`, which is also cert-manager users' name
    // for their etcd client Secret ...
    assert!(!(gardener.entries.iter()).any(|e| {
        e.files
            .iter()
            .any(|p| etcdtls_core::profile::path_components_matched(p, "x/etcd-client-tls/tls.crt") >= 2)
    }));
    // ... while Gardener's own Secret names still do.
    for secret in ["etcd-client-5c7e0a93", "etcd-client-5c7e0a93-0b9d7"] {
        assert_eq!(
            etcdtls_core::profile::path_components_matched("etcd-client-%-%/tls.crt", &format!("x/{secret}/tls.crt"))
                .max(etcdtls_core::profile::path_components_matched(
                    "etcd-client-%/tls.crt",
                    &format!("x/{secret}/tls.crt")
                )),
            2,
            "{secret}"
        );
    }
}

/// OpenShift's signers as `oc extract secret/etcd-signer -n openshift-etcd` writes them: the key
/// is cluster-etcd-operator's to sign with (`pkg/tlshelpers/tlshelpers.go`, its cert signer
/// controller), not kubeadm's or cfssl's.
#[test]
fn openshifts_signer_keys_are_the_operators() {
    let signer = ca(Some("openshift-etcd_etcd-signer@1767225600"), &[], KeyType::Rsa2048);
    let metric = ca(
        Some("openshift-etcd_etcd-metric-signer@1767225600"),
        &[],
        KeyType::Rsa2048,
    );
    let files = vec![
        ("etcd-signer/tls.crt".to_string(), signer.pair.cert_pem.clone()),
        ("etcd-signer/tls.key".to_string(), signer.pair.key.pem.clone()),
        ("etcd-metric-signer/tls.crt".to_string(), metric.pair.cert_pem.clone()),
        ("etcd-metric-signer/tls.key".to_string(), metric.pair.key.pem.clone()),
    ];
    let report = run(&files, NOW);
    assert_eq!(report.distribution.map(|p| p.id), Some("openshift"));
    for (id, issues) in [
        ("etcd-signer/tls.key", "etcd-serving-<node>"),
        ("etcd-metric-signer/tls.key", "etcd-serving-metrics-<node>"),
    ] {
        let key = report.items.iter().find(|i| i.id.0 == id).unwrap();
        let used_by = etcdtls_core::explain(&report, key).used_by;
        assert!(
            used_by.len() == 1
                && used_by[0].starts_with("usually cluster-etcd-operator, whose cert signer controller issues")
                && used_by[0].contains(issues),
            "{id}: {used_by:?}"
        );
    }
}
