//! Where distributions keep etcd's certificates, and what their etcd pods can see.
//!
//! kubeadm: `cmd/kubeadm/app/constants` and `phases/etcd/local.go` (the etcd static pod mounts
//! only `<certificatesDir>/etcd` and the data directory, both at the same paths as on the
//! node). k3s runs etcd inside its own process (no pod); RKE2 runs it as a static pod and keeps
//! its etcd certificates under `server/tls/etcd`. Paths are compared by their components so
//! that a copy of kubeadm's layout elsewhere (`/tmp/lab/pki/etcd/ca.crt`) is recognised too.

/// A distribution's etcd file layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Its name, for messages.
    pub name: &'static str,
    /// The folder holding the etcd CA and etcd's certificates, as a path suffix.
    pub etcd_dir: &'static str,
    /// The folder holding the cluster's other certificates.
    pub cluster_dir: &'static str,
    /// The etcd CA's file name in `etcd_dir`.
    pub etcd_ca: &'static str,
    /// The least-privileged client pair (certificate, key), relative to the folder holding
    /// the layout's folders: kubeadm's is in `pki/etcd`, k0s' beside the Kubernetes CA in `pki`.
    pub client: (&'static str, &'static str),
    /// Cluster CAs that did not sign etcd's certificates, in `cluster_dir`.
    pub other_cas: &'static [&'static str],
    /// etcd's own server and peer certificates in `etcd_dir`. Here and in the file lists, a
    /// `*` stands for a node's name (Kubespray's `member-*.pem`).
    pub member_certs: &'static [&'static str],
    /// Client pairs for etcd kept in `cluster_dir` (kubeadm's apiserver-etcd-client).
    pub cluster_dir_etcd_clients: &'static [&'static str],
    /// Every file name in `etcd_dir`.
    pub etcd_files: &'static [&'static str],
    /// Every file name in `cluster_dir`.
    pub cluster_files: &'static [&'static str],
    /// The absolute folder on a node.
    pub root: &'static str,
    /// Folders and files the distribution's etcd pod mounts (absolute, same path inside);
    /// empty when etcd does not run in a pod.
    pub pod_mounts: &'static [&'static str],
    /// The certificates the pod mounts, in words.
    pub pod_mounts_said: &'static str,
    /// Whether its folder names are common ones (`certs`) or another layout's (`pki/etcd`),
    /// so that a path is its only under `root`.
    pub only_under_root: bool,
    /// Whether it puts its etcd CA in the node's system trust store (Kubespray's etcd role),
    /// where etcdctl then trusts etcd without `--cacert`.
    pub ca_in_system_store: bool,
}

/// kubeadm's layout.
pub const KUBEADM: Layout = Layout {
    name: "kubeadm",
    etcd_dir: "pki/etcd",
    cluster_dir: "pki",
    etcd_ca: "ca.crt",
    client: ("pki/etcd/healthcheck-client.crt", "pki/etcd/healthcheck-client.key"),
    other_cas: &["ca.crt", "front-proxy-ca.crt"],
    member_certs: &["server.crt", "peer.crt"],
    cluster_dir_etcd_clients: &["apiserver-etcd-client.crt"],
    etcd_files: &[
        "ca.crt",
        "ca.key",
        "server.crt",
        "server.key",
        "peer.crt",
        "peer.key",
        "healthcheck-client.crt",
        "healthcheck-client.key",
    ],
    cluster_files: &[
        "ca.crt",
        "ca.key",
        "apiserver.crt",
        "apiserver.key",
        "apiserver-etcd-client.crt",
        "apiserver-etcd-client.key",
        "apiserver-kubelet-client.crt",
        "apiserver-kubelet-client.key",
        "front-proxy-ca.crt",
        "front-proxy-ca.key",
        "front-proxy-client.crt",
        "front-proxy-client.key",
        "sa.key",
        "sa.pub",
    ],
    root: "/etc/kubernetes",
    pod_mounts: &["/etc/kubernetes/pki/etcd", "/var/lib/etcd"],
    pod_mounts_said: "/etc/kubernetes/pki/etcd",
    only_under_root: false,
    ca_in_system_store: false,
};

/// minikube's: kubeadm's files, kept in `/var/lib/minikube/certs` (its kubeadm configuration's
/// `certificatesDir`); the etcd pod mounts `certs/etcd` and `/var/lib/minikube/etcd`.
pub const MINIKUBE: Layout = Layout {
    name: "minikube",
    etcd_dir: "certs/etcd",
    cluster_dir: "certs",
    client: ("certs/etcd/healthcheck-client.crt", "certs/etcd/healthcheck-client.key"),
    root: "/var/lib/minikube",
    pod_mounts: &["/var/lib/minikube/certs/etcd", "/var/lib/minikube/etcd"],
    pod_mounts_said: "/var/lib/minikube/certs/etcd",
    only_under_root: true,
    ..KUBEADM
};

/// Docker Desktop's (its kubeadm-made cluster, node `docker-desktop`): kubeadm's files with
/// `certificatesDir: /run/config/pki`; the etcd pod `etcd-docker-desktop` mounts
/// `/run/config/pki/etcd` and `/var/lib/etcd` (its manifest: `--trusted-ca-file=/run/config/pki/
/// etcd/ca.crt`, `--cert-file=/run/config/pki/etcd/server.crt`).
pub const DOCKER_DESKTOP: Layout = Layout {
    name: "Docker Desktop",
    root: "/run/config",
    pod_mounts: &["/run/config/pki/etcd", "/var/lib/etcd"],
    pod_mounts_said: "/run/config/pki/etcd",
    only_under_root: true,
    ..KUBEADM
};

const RANCHER_ETCD_FILES: &[&str] = &[
    "server-ca.crt",
    "server-ca.key",
    "client.crt",
    "client.key",
    "server-client.crt",
    "server-client.key",
    "peer-ca.crt",
    "peer-ca.key",
    "peer-server-client.crt",
    "peer-server-client.key",
];
const RANCHER_CLUSTER_FILES: &[&str] = &[
    "server-ca.crt",
    "server-ca.key",
    "client-ca.crt",
    "client-ca.key",
    "request-header-ca.crt",
    "request-header-ca.key",
    "client-admin.crt",
    "client-admin.key",
    "serving-kube-apiserver.crt",
    "serving-kube-apiserver.key",
];

/// k3s's layout (embedded etcd, no pod).
pub const K3S: Layout = Layout {
    name: "k3s",
    etcd_dir: "server/tls/etcd",
    cluster_dir: "server/tls",
    etcd_ca: "server-ca.crt",
    client: ("server/tls/etcd/client.crt", "server/tls/etcd/client.key"),
    other_cas: &["server-ca.crt", "client-ca.crt", "request-header-ca.crt"],
    member_certs: &["server-client.crt", "peer-server-client.crt"],
    cluster_dir_etcd_clients: &[],
    etcd_files: RANCHER_ETCD_FILES,
    cluster_files: RANCHER_CLUSTER_FILES,
    root: "/var/lib/rancher/k3s",
    pod_mounts: &[],
    pod_mounts_said: "",
    only_under_root: false,
    ca_in_system_store: false,
};

/// RKE2's layout (etcd as a static pod that mounts etcd's six certificate, key and CA files
/// one by one, not their folder: `pkg/executor/staticpod/staticpod.go`, so no client pair).
pub const RKE2: Layout = Layout {
    name: "RKE2",
    root: "/var/lib/rancher/rke2",
    pod_mounts: &[
        "/var/lib/rancher/rke2/server/tls/etcd/server-ca.crt",
        "/var/lib/rancher/rke2/server/tls/etcd/server-client.crt",
        "/var/lib/rancher/rke2/server/tls/etcd/server-client.key",
        "/var/lib/rancher/rke2/server/tls/etcd/peer-ca.crt",
        "/var/lib/rancher/rke2/server/tls/etcd/peer-server-client.crt",
        "/var/lib/rancher/rke2/server/tls/etcd/peer-server-client.key",
        "/var/lib/rancher/rke2/server/db/etcd",
    ],
    pod_mounts_said: "only etcd's own server and peer pairs and their CAs from /var/lib/rancher/rke2/server/tls/etcd, no client pair",
    only_under_root: false,
    ..K3S
};

/// kops': the API server's etcd files, `etcd-ca.crt` (etcd-manager's clients CA) and its client
/// pair, in `/srv/kubernetes/kube-apiserver` (`/etc/srv/…` on COS) since kops 1.22
/// (`nodeup/pkg/model/kube_apiserver.go` `pathSrvKAPI`; `docs/operations/etcd_administration.md`
/// uses `CERTDIR=/rootfs/srv/kubernetes/kube-apiserver/`). etcd runs inside the etcd-manager
/// pod, which sees the node's root at /rootfs, and serves clients on 4001 (main) and 4002
/// (events); etcd-manager's own CAs are in `/etc/kubernetes/pki/etcd-manager-<cluster>`.
pub const KOPS: Layout = Layout {
    name: "kops",
    etcd_dir: "kubernetes/kube-apiserver",
    cluster_dir: "kubernetes/kube-apiserver",
    etcd_ca: "etcd-ca.crt",
    client: (
        "kubernetes/kube-apiserver/etcd-client.crt",
        "kubernetes/kube-apiserver/etcd-client.key",
    ),
    other_cas: &[],
    member_certs: &[],
    cluster_dir_etcd_clients: &[],
    etcd_files: &["etcd-ca.crt", "etcd-client.crt", "etcd-client.key"],
    cluster_files: &[],
    root: "/srv",
    pod_mounts: &[],
    pod_mounts_said: "",
    only_under_root: false,
    ca_in_system_store: false,
};

/// kops before 1.22: the same files in `/etc/kubernetes/pki/kube-apiserver` (`pathSrvKAPI`
/// before it moved to /srv; the kops docs and runbooks of that time use
/// `/rootfs/etc/kubernetes/pki/kube-apiserver/etcd-ca.crt` in the etcd-manager pod).
pub const KOPS_BEFORE_1_22: Layout = Layout {
    etcd_dir: "pki/kube-apiserver",
    cluster_dir: "pki/kube-apiserver",
    client: (
        "pki/kube-apiserver/etcd-client.crt",
        "pki/kube-apiserver/etcd-client.key",
    ),
    root: "/etc/kubernetes",
    ..KOPS
};

/// An OpenShift hosted control plane's etcd pod (HyperShift): the etcd CA and a client pair
/// under /etc/etcd/tls, each in its own folder (OpenShift's hosted control plane docs,
/// "Recovering an unhealthy etcd cluster"). Known by the pod, not by paths.
pub const HOSTED_CONTROL_PLANE: Layout = Layout {
    name: "the hosted control plane",
    etcd_dir: "tls",
    cluster_dir: "tls",
    etcd_ca: "etcd-ca/ca.crt",
    client: ("tls/client/etcd-client.crt", "tls/client/etcd-client.key"),
    other_cas: &[],
    member_certs: &[],
    cluster_dir_etcd_clients: &[],
    etcd_files: &[],
    cluster_files: &[],
    root: "/etc/etcd",
    pod_mounts: &[],
    pod_mounts_said: "",
    only_under_root: false,
    ca_in_system_store: false,
};

/// Talos's: machined writes etcd's PKI to `/system/secrets/etcd`, its own etcd client pair
/// as `admin.crt`/`admin.key` (`internal/app/machined/pkg/controllers/etcd/pki.go`). A Talos
/// node has no shell: etcdctl runs elsewhere, with copies of these files.
pub const TALOS: Layout = Layout {
    name: "Talos",
    etcd_dir: "secrets/etcd",
    cluster_dir: "secrets/kubernetes",
    etcd_ca: "ca.crt",
    client: ("secrets/etcd/admin.crt", "secrets/etcd/admin.key"),
    other_cas: &[],
    member_certs: &["server.crt", "peer.crt"],
    cluster_dir_etcd_clients: &[],
    etcd_files: &[
        "ca.crt",
        "ca.key",
        "server.crt",
        "server.key",
        "peer.crt",
        "peer.key",
        "admin.crt",
        "admin.key",
    ],
    cluster_files: &[],
    root: "/system",
    pod_mounts: &[],
    pod_mounts_said: "",
    only_under_root: true,
    ca_in_system_store: false,
};

/// k0s': kubeadm's folder names under `/var/lib/k0s`, but etcd runs as a process of the
/// controller (no pod) and its one client pair is the API server's, in `pki/` beside the
/// Kubernetes CA (`pkg/component/controller/etcd.go` `setupCerts`; `k0s etcd member-list`
/// uses it too). `pki/server.crt` is the API server's certificate, not etcd's.
pub const K0S: Layout = Layout {
    name: "k0s",
    etcd_dir: "pki/etcd",
    cluster_dir: "pki",
    etcd_ca: "ca.crt",
    client: ("pki/apiserver-etcd-client.crt", "pki/apiserver-etcd-client.key"),
    other_cas: &["ca.crt", "front-proxy-ca.crt"],
    member_certs: &["server.crt", "peer.crt"],
    cluster_dir_etcd_clients: &["apiserver-etcd-client.crt"],
    etcd_files: &["ca.crt", "ca.key", "server.crt", "server.key", "peer.crt", "peer.key"],
    cluster_files: &[
        "ca.crt",
        "ca.key",
        "server.crt",
        "server.key",
        "k0s-api.crt",
        "k0s-api.key",
        "apiserver-etcd-client.crt",
        "apiserver-etcd-client.key",
        "apiserver-kubelet-client.crt",
        "apiserver-kubelet-client.key",
        "admin.crt",
        "admin.key",
        "konnectivity.crt",
        "konnectivity.key",
        "ccm.crt",
        "ccm.key",
        "scheduler.crt",
        "scheduler.key",
        "front-proxy-ca.crt",
        "front-proxy-ca.key",
        "front-proxy-client.crt",
        "front-proxy-client.key",
        "sa.key",
        "sa.pub",
    ],
    root: "/var/lib/k0s",
    pod_mounts: &[],
    pod_mounts_said: "",
    only_under_root: true,
    ca_in_system_store: false,
};

/// etcdadm's: every file in `/etc/etcd/pki` (`constants/constants.go`), one CA (the etcd CA,
/// `ca.crt`), etcdctl's own pair `etcdctl-etcd-client` (what `/opt/bin/etcdctl.sh` gives
/// etcdctl through `/etc/etcd/etcdctl.env`) beside the API server's; etcd runs as a systemd
/// service, no pod.
pub const ETCDADM: Layout = Layout {
    name: "etcdadm",
    etcd_dir: "pki",
    cluster_dir: "pki",
    etcd_ca: "ca.crt",
    client: ("pki/etcdctl-etcd-client.crt", "pki/etcdctl-etcd-client.key"),
    other_cas: &[],
    member_certs: &["server.crt", "peer.crt"],
    cluster_dir_etcd_clients: &[],
    etcd_files: &[
        "ca.crt",
        "ca.key",
        "server.crt",
        "server.key",
        "peer.crt",
        "peer.key",
        "etcdctl-etcd-client.crt",
        "etcdctl-etcd-client.key",
        "apiserver-etcd-client.crt",
        "apiserver-etcd-client.key",
    ],
    cluster_files: &[],
    root: "/etc/etcd",
    pod_mounts: &[],
    pod_mounts_said: "",
    only_under_root: true,
    ca_in_system_store: false,
};

/// Kubespray's (its default `etcd_deployment_type: host`; with `kubeadm` the layout is
/// kubeadm's): `make-ssl-etcd.sh` writes one CA and, per node, `member-<node>.pem` (etcd's own,
/// server and peer), `admin-<node>.pem` (etcdctl's: `/etc/etcd.env` and `etcdctl.sh` give it)
/// and `node-<node>.pem` (kube-apiserver's), each key `<name>-key.pem`, all in
/// `/etc/ssl/etcd/ssl`; etcd runs as a systemd service. A node's files are named by its
/// inventory name, usually its host name: the pair suggested is `admin-$(hostname)`.
pub const KUBESPRAY: Layout = Layout {
    name: "Kubespray",
    etcd_dir: "etcd/ssl",
    cluster_dir: "etcd/ssl",
    etcd_ca: "ca.pem",
    client: ("etcd/ssl/admin-$(hostname).pem", "etcd/ssl/admin-$(hostname)-key.pem"),
    other_cas: &[],
    member_certs: &["member-*.pem"],
    cluster_dir_etcd_clients: &[],
    etcd_files: &["ca.pem", "ca-key.pem", "member-*.pem", "admin-*.pem", "node-*.pem"],
    cluster_files: &[],
    root: "/etc/ssl",
    pod_mounts: &[],
    pod_mounts_said: "",
    only_under_root: true,
    ca_in_system_store: true,
};

/// Every layout known by its paths. Those kept under a root of their own (k0s', etcdadm's)
/// come before kubeadm's, whose folder names they share.
pub const LAYOUTS: &[Layout] = &[
    K0S,
    ETCDADM,
    KUBESPRAY,
    DOCKER_DESKTOP,
    KUBEADM,
    K3S,
    RKE2,
    MINIKUBE,
    KOPS,
    KOPS_BEFORE_1_22,
    TALOS,
];

/// Whether `file` is one of `names`, where a `*` in a name stands for any text (the profiles'
/// [`glob`](crate::profile::glob)); names without one match exactly, as paths do.
pub fn named(names: &[&str], file: &str) -> bool {
    names.iter().any(|name| {
        if name.contains('*') {
            crate::profile::glob(name, file)
        } else {
            *name == file
        }
    })
}

impl Layout {
    /// The least-privileged client pair (certificate, key) under `base`, the folder holding
    /// the layout's folders (with a trailing slash, or empty).
    pub fn client_pair(&self, base: &str) -> (String, String) {
        (format!("{base}{}", self.client.0), format!("{base}{}", self.client.1))
    }

    /// Whether `path` lies under the layout's root folder.
    pub fn holds(&self, path: &str) -> bool {
        path.strip_prefix(self.root).is_some_and(|rest| rest.starts_with('/'))
    }
}

/// An etcd pod whose distribution sets etcdctl's variables in the pod itself, so that
/// `etcdctl member list` typed there needs no flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EtcdPod {
    /// The distribution, for messages.
    pub distribution: &'static str,
    /// The namespace its etcd pods live in.
    pub namespace: &'static str,
    /// Folders its containers mount, as they see them.
    pub mounts: &'static [&'static str],
    /// Of those, the ones shared with the node (a snapshot saved there outlives the pod).
    pub shared: &'static [&'static str],
    /// The `ETCDCTL_*` variables it sets; `{node}` is the node's name (the pod is `etcd-<node>`).
    pub variables: &'static [(&'static str, &'static str)],
    /// The command that lists its etcd pods.
    pub list: &'static str,
    /// The command that copies a file out of it, `{name}` the pod or container.
    pub copy: &'static str,
}

/// OpenShift 4's etcd pod, as `openshift/cluster-etcd-operator` writes it:
/// `bindata/etcd/pod.gotpl.yaml` (every container, the `etcdctl` one first "to open a remote
/// shell via `oc rsh` that is ready to run `etcdctl`", gets the operator's variables and mounts
/// the node's `/etc/kubernetes/static-pod-resources/etcd-certs` as
/// `/etc/kubernetes/static-pod-certs`) and `pkg/etcdenvvar/etcd_env.go` `getEtcdctlEnvVars`.
pub const OPENSHIFT_POD: EtcdPod = EtcdPod {
    distribution: "OpenShift",
    namespace: "openshift-etcd",
    mounts: &[
        "/etc/kubernetes/static-pod-certs",
        "/etc/kubernetes/static-pod-resources",
        "/etc/kubernetes/manifests",
        "/var/lib/etcd",
    ],
    shared: &["/var/lib/etcd"],
    variables: &[
        (
            "ETCDCTL_CACERT",
            "/etc/kubernetes/static-pod-certs/configmaps/etcd-all-bundles/server-ca-bundle.crt",
        ),
        (
            "ETCDCTL_CERT",
            "/etc/kubernetes/static-pod-certs/secrets/etcd-all-certs/etcd-peer-{node}.crt",
        ),
        (
            "ETCDCTL_KEY",
            "/etc/kubernetes/static-pod-certs/secrets/etcd-all-certs/etcd-peer-{node}.key",
        ),
        ("ETCDCTL_ENDPOINTS", "https://<each member's IP>:2379"),
    ],
    list: "oc -n openshift-etcd get pods -l app=etcd",
    copy: "oc cp openshift-etcd/{name}",
};

/// RKE's etcd container (`docker exec etcd …` on an etcd node), as `rancher/rke` starts it
/// (`cluster/plan.go` `BuildEtcdProcess`): the host network, the node's `/etc/kubernetes` and
/// `/var/lib/etcd` (as `/var/lib/rancher/etcd`), and etcdctl's variables naming the node's own
/// etcd pair.
pub const RKE_CONTAINER: EtcdPod = EtcdPod {
    distribution: "RKE",
    namespace: "",
    mounts: &["/etc/kubernetes", "/var/lib/rancher/etcd"],
    shared: &["/etc/kubernetes", "/var/lib/rancher/etcd"],
    variables: &[
        ("ETCDCTL_API", "3"),
        ("ETCDCTL_CACERT", "/etc/kubernetes/ssl/kube-ca.pem"),
        ("ETCDCTL_CERT", "/etc/kubernetes/ssl/kube-etcd-<node address>.pem"),
        ("ETCDCTL_KEY", "/etc/kubernetes/ssl/kube-etcd-<node address>-key.pem"),
        ("ETCDCTL_ENDPOINTS", "https://127.0.0.1:2379"),
    ],
    list: "docker ps --filter name=etcd",
    copy: "docker cp {name}",
};

/// The etcd pod that lives in `namespace`, where its distribution sets etcdctl's variables.
pub fn etcd_pod(namespace: Option<&str>) -> Option<&'static EtcdPod> {
    (namespace == Some(OPENSHIFT_POD.namespace)).then_some(&OPENSHIFT_POD)
}

/// A file path read against the layouts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The layout it belongs to.
    pub layout: Layout,
    /// The folder holding `layout.cluster_dir` (for kubeadm: the folder holding `pki`), with a
    /// trailing slash, or empty for a relative path starting at the layout's folder.
    pub base: String,
    /// Whether it is in the etcd folder (else in the cluster folder).
    pub in_etcd_dir: bool,
    /// Its file name.
    pub file: String,
}

impl Placed {
    /// A sibling path in the etcd folder.
    pub fn etcd_file(&self, name: &str) -> String {
        format!("{}{}/{}", self.base, self.layout.etcd_dir, name)
    }

    /// The layout's least-privileged client pair beside this file (certificate, key).
    pub fn client_pair(&self) -> (String, String) {
        self.layout.client_pair(&self.base)
    }

    /// Whether the file is the etcd CA.
    pub fn is_etcd_ca(&self) -> bool {
        self.in_etcd_dir && self.file == self.layout.etcd_ca
    }

    /// Whether the file is one the layout keeps in its folder.
    pub fn is_known(&self) -> bool {
        named(
            if self.in_etcd_dir {
                self.layout.etcd_files
            } else {
                self.layout.cluster_files
            },
            &self.file,
        )
    }

    /// Whether the file is etcd's own server or peer certificate.
    pub fn is_member_cert(&self) -> bool {
        self.in_etcd_dir && named(self.layout.member_certs, &self.file)
    }
}

/// Which layout a path belongs to, by its last components (`.../pki/etcd/ca.crt`).
pub fn place(path: &str) -> Option<Placed> {
    for layout in LAYOUTS {
        for (dir, in_etcd_dir) in [(layout.etcd_dir, true), (layout.cluster_dir, false)] {
            let Some((folder, file)) = path.rsplit_once('/') else {
                continue;
            };
            let matches_dir = folder == dir || folder.ends_with(&format!("/{dir}"));
            if !matches_dir || file.is_empty() {
                continue;
            }
            // Common folder names (minikube's `certs`) and kubeadm's (k0s', etcdadm's): only
            // under the layout's root.
            if layout.only_under_root && !layout.holds(path) {
                continue;
            }
            // `/etc/pki` is the system's own (Red Hat, Fedora, SUSE: `/etc/pki/tls`,
            // `/etc/pki/ca-trust`; Pigsty keeps its CA there), never kubeadm's certificatesDir.
            if layout.name == "kubeadm" && path.starts_with("/etc/pki/") {
                continue;
            }
            // k3s and RKE2 share folder names; the root tells them apart when there is one.
            if layout.name != "kubeadm" && layout.name != "minikube" {
                let own_root = layout.holds(path);
                let other_root = LAYOUTS
                    .iter()
                    .any(|l| l.name != layout.name && l.name != "kubeadm" && l.holds(path));
                if other_root && !own_root {
                    continue;
                }
            }
            let base = folder[..folder.len() - dir.len()].to_string();
            return Some(Placed {
                layout: *layout,
                base,
                in_etcd_dir,
                file: file.to_string(),
            });
        }
    }
    None
}

/// Every well-known absolute path.
pub fn well_known() -> Vec<String> {
    let mut out = Vec::new();
    for l in LAYOUTS {
        for f in l.etcd_files.iter().filter(|f| !f.contains('*')) {
            out.push(format!("{}/{}/{}", l.root, l.etcd_dir, f));
        }
        for f in l.cluster_files {
            out.push(format!("{}/{}/{}", l.root, l.cluster_dir, f));
        }
    }
    out
}

/// The well-known path one or two edits away from `path`, if `path` is not itself well known.
/// Also catches a typo in a file name inside a known folder elsewhere
/// (`/tmp/lab/pki/etcd/healtcheck-client.crt`).
///
/// A fix keeps what the name says the file is: `ca.pem` is no typo of `ca.key`, a certificate's
/// name never becomes a key's (nor the other way round).
pub fn typo_fix(path: &str) -> Option<String> {
    let known = well_known();
    // Known by name where it belongs (Kubespray's `member-<node>.pem`, which no list spells).
    let at_home = place(path).is_some_and(|p| p.is_known() && p.layout.holds(path));
    if at_home || known.iter().any(|k| k == path) {
        return None;
    }
    let kind = FileKind::of(path);
    let same_kind = |candidate: &str| kind == FileKind::Unsaid || FileKind::of(candidate) == kind;
    // A slip stays within the folders: `pki/etcd-server.crt` is a name of its own (one CA for
    // everything, in hand-made installs), not a typo of `pki/etcd/server.crt`.
    let depth = |p: &str| p.matches('/').count();
    if path.starts_with('/') {
        let best = known
            .iter()
            .filter(|k| k.len().abs_diff(path.len()) <= 2 && same_kind(k) && depth(k) == depth(path))
            .map(|k| (strsim::osa_distance(path, k), k))
            .filter(|(d, _)| (1..=2).contains(d))
            .min_by_key(|(d, _)| *d);
        if let Some((_, k)) = best {
            return Some(k.clone());
        }
    }
    // A file name typo in a recognised folder.
    let placed = place(path)?;
    let names = if placed.in_etcd_dir {
        placed.layout.etcd_files
    } else {
        placed.layout.cluster_files
    };
    if placed.is_known() {
        return None;
    }
    let (_, name) = names
        .iter()
        .filter(|n| !n.contains('*') && same_kind(n))
        .map(|n| (strsim::osa_distance(&placed.file, n), n))
        .filter(|(d, _)| (1..=2).contains(d))
        .min_by_key(|(d, _)| *d)?;
    let (folder, _) = path.rsplit_once('/')?;
    Some(format!("{folder}/{name}"))
}

/// What a file's name says it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    /// `.key`, `-key.pem`.
    Key,
    /// `.crt`, `.pem`, `.cert`.
    Certificate,
    /// Anything else, a mistyped extension among them (`.crtt`).
    Unsaid,
}

impl FileKind {
    fn of(name: &str) -> FileKind {
        if cert_for(name).is_some() {
            FileKind::Key
        } else if key_for(name).is_some() {
            FileKind::Certificate
        } else {
            FileKind::Unsaid
        }
    }
}

/// The key that pairs with a certificate path by naming convention (`x.crt` → `x.key`).
pub fn key_for(cert: &str) -> Option<String> {
    for ext in [".crt", ".pem", ".cert"] {
        if let Some(stem) = cert.strip_suffix(ext) {
            if ext == ".pem" {
                return Some(format!("{stem}-key.pem"));
            }
            return Some(format!("{stem}.key"));
        }
    }
    None
}

/// The certificate that pairs with a key path by naming convention (`x.key` → `x.crt`).
pub fn cert_for(key: &str) -> Option<String> {
    if let Some(stem) = key.strip_suffix("-key.pem") {
        return Some(format!("{stem}.pem"));
    }
    key.strip_suffix(".key").map(|stem| format!("{stem}.crt"))
}

/// Whether `path` is inside one of `mounts`.
pub fn inside(path: &str, mounts: &[&str]) -> bool {
    mounts
        .iter()
        .any(|m| path == *m || path.strip_prefix(m).is_some_and(|rest| rest.starts_with('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_of_well_known_paths() {
        for (written, meant) in [
            (
                "/etc/kbuernetes/pki/etcd/ca.crt",
                Some("/etc/kubernetes/pki/etcd/ca.crt"),
            ),
            (
                "/etcd/kubernetes/pki/etcd/ca.crt",
                Some("/etc/kubernetes/pki/etcd/ca.crt"),
            ),
            ("/etc/kubernetes/pki/etcd/ca.crt", None),
            ("/etc/kubernetes/pki/etcd/ca.key", None),
            (
                "/tmp/lab/pki/etcd/healtcheck-client.crt",
                Some("/tmp/lab/pki/etcd/healthcheck-client.crt"),
            ),
            (
                "/var/lib/rancher/k3s/server/tls/etcd/client.crtt",
                Some("/var/lib/rancher/k3s/server/tls/etcd/client.crt"),
            ),
            ("/home/me/certs/client.crt", None),
            // Another extension is no typo of a key's name (a note's `pki/ca.pem`), nor a key's
            // name a typo of a certificate's.
            ("/etc/kubernetes/pki/ca.pem", None),
            ("/etc/kubernetes/pki/etcd/ca.pem", None),
            // A mistyped extension says nothing: it is mended like the rest of the name.
            ("/tmp/lab/pki/etcd/server.kez", Some("/tmp/lab/pki/etcd/server.key")),
            (
                "/etc/kubernetes/pki/etcd/sever.key",
                Some("/etc/kubernetes/pki/etcd/server.key"),
            ),
            ("/etc/ssl/etcd/ssl/ca.pm", Some("/etc/ssl/etcd/ssl/ca.pem")),
            ("/etc/ssl/etcd/ssl/admin-node1-key.pem", None),
            // A slip stays within the folders: one CA's own naming, not kubeadm's misspelt.
            ("/etc/kubernetes/pki/etcd-server.crt", None),
            ("/etc/kubernetes/pki/etcd-ca.crt", None),
        ] {
            assert_eq!(typo_fix(written).as_deref(), meant, "{written}");
        }
        assert!(well_known().contains(&"/etc/ssl/etcd/ssl/ca.pem".to_string()));
        assert!(!well_known().iter().any(|k| k.contains('*')));
    }

    #[test]
    fn paths_are_placed_in_their_layout() {
        let p = place("/etc/kubernetes/pki/etcd/server.crt").unwrap();
        assert_eq!(
            (p.layout.name, p.in_etcd_dir, p.base.as_str()),
            ("kubeadm", true, "/etc/kubernetes/")
        );
        assert_eq!(p.etcd_file("ca.crt"), "/etc/kubernetes/pki/etcd/ca.crt");
        let p = place("/tmp/lab/pki/ca.crt").unwrap();
        assert!(!p.in_etcd_dir);
        assert_eq!(p.etcd_file("ca.crt"), "/tmp/lab/pki/etcd/ca.crt");
        assert_eq!(
            place("/var/lib/rancher/rke2/server/tls/etcd/client.crt")
                .unwrap()
                .layout
                .name,
            "RKE2"
        );
        assert_eq!(
            place("/var/lib/rancher/k3s/server/tls/server-ca.crt")
                .unwrap()
                .layout
                .name,
            "k3s"
        );
        assert_eq!(place("pki/etcd/ca.crt").unwrap().etcd_file("ca.crt"), "pki/etcd/ca.crt");
        assert!(place("ca.crt").is_none());
        assert!(place("/etc/pki/ca.crt").is_none());
        assert!(place("/etc/pki/etcd/ca.crt").is_none());
    }

    #[test]
    fn pairs_and_mounts() {
        assert_eq!(key_for("/a/b.crt").as_deref(), Some("/a/b.key"));
        assert_eq!(cert_for("/a/b.key").as_deref(), Some("/a/b.crt"));
        assert_eq!(key_for("/a/admin.pem").as_deref(), Some("/a/admin-key.pem"));
        assert!(inside("/etc/kubernetes/pki/etcd/ca.crt", KUBEADM.pod_mounts));
        assert!(!inside(
            "/etc/kubernetes/pki/apiserver-etcd-client.crt",
            KUBEADM.pod_mounts
        ));
        assert!(!inside("/etc/kubernetes/pki/etcdx", KUBEADM.pod_mounts));
    }
}

/// A file of the peer side of a layout whose peer port has a CA of its own, and what the
/// client port wants instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerSide {
    /// The distribution, for messages.
    pub distribution: &'static str,
    /// Whether the file is the peer CA (else a certificate it signs).
    pub is_ca: bool,
    /// The peer CA's path beside the file.
    pub peer_ca: String,
    /// The CA the client port trusts, and that signed etcd's client-port certificate.
    pub client_ca: String,
    /// A client pair signed by `client_ca` (certificate, key).
    pub client_pair: (String, String),
}

/// One row of [`PEER_SIDES`].
struct PeerFile {
    /// The file's path suffix.
    suffix: &'static str,
    distribution: &'static str,
    is_ca: bool,
    /// The peer CA's, the client CA's and the client pair's suffixes in the file's place
    /// (kops' pair is the API server's, wherever the file is).
    peer_ca: &'static str,
    client_ca: &'static str,
    client_pair: (&'static str, &'static str),
}

/// Where a layout's peer port has a CA of its own, which signs the peer certificates only.
/// The client port trusts the other CA only, so the peer CA as `--cacert`, or a peer
/// certificate as the client, fails there.
///
/// - k3s and RKE2: `pkg/etcd/etcd.go` (`ServerTrust.TrustedCAFile = ETCDServerCA`,
///   `PeerTrust.TrustedCAFile = ETCDPeerCA`) and `pkg/daemons/control/deps/deps.go`
///   `genETCDCerts` (`peer-server-client.crt` signed by `etcd/peer-ca`).
/// - Gardener (etcd-druid): `internal/common/constants.go` mounts `ca-etcd` at
///   `/var/etcd/ssl/ca`, the client pair at `/var/etcd/ssl/client`, `ca-etcd-peer` at
///   `/var/etcd/ssl/peer/ca` and the peer pair at `/var/etcd/ssl/peer/server`; gardener's
///   `handlePeerCertificates` signs `etcd-peer-server-<role>` with `ca-etcd-peer`.
/// - kops (etcd-manager): `nodeup/pkg/model/etcd_manager_tls.go` writes
///   `/etc/kubernetes/pki/etcd-manager-<cluster>/{etcd-peers-ca,etcd-clients-ca}.crt`;
///   etcd-manager's `pkg/etcd/pki.go` keeps `pki/<token>/peers/{ca,me}.crt` (peers CA) and
///   `pki/<token>/clients/{ca,server}.crt` (clients CA) on its volume; the API server's client
///   pair is `/srv/kubernetes/kube-apiserver/etcd-client.crt` (`nodeup/pkg/model/kube_apiserver.go`).
const PEER_SIDES: &[PeerFile] = &[
    PeerFile {
        suffix: "/server/tls/etcd/peer-ca.crt",
        distribution: "k3s",
        is_ca: true,
        peer_ca: "/server/tls/etcd/peer-ca.crt",
        client_ca: "/server/tls/etcd/server-ca.crt",
        client_pair: ("/server/tls/etcd/client.crt", "/server/tls/etcd/client.key"),
    },
    PeerFile {
        suffix: "/server/tls/etcd/peer-server-client.crt",
        distribution: "k3s",
        is_ca: false,
        peer_ca: "/server/tls/etcd/peer-ca.crt",
        client_ca: "/server/tls/etcd/server-ca.crt",
        client_pair: ("/server/tls/etcd/client.crt", "/server/tls/etcd/client.key"),
    },
    PeerFile {
        suffix: "/etcd/ssl/peer/ca/bundle.crt",
        distribution: "Gardener",
        is_ca: true,
        peer_ca: "/etcd/ssl/peer/ca/bundle.crt",
        client_ca: "/etcd/ssl/ca/bundle.crt",
        client_pair: ("/etcd/ssl/client/tls.crt", "/etcd/ssl/client/tls.key"),
    },
    PeerFile {
        suffix: "/etcd/ssl/peer/ca/ca.crt",
        distribution: "Gardener",
        is_ca: true,
        peer_ca: "/etcd/ssl/peer/ca/ca.crt",
        client_ca: "/etcd/ssl/ca/ca.crt",
        client_pair: ("/etcd/ssl/client/tls.crt", "/etcd/ssl/client/tls.key"),
    },
    PeerFile {
        suffix: "/etcd/ssl/peer/server/tls.crt",
        distribution: "Gardener",
        is_ca: false,
        peer_ca: "/etcd/ssl/peer/ca/bundle.crt",
        client_ca: "/etcd/ssl/ca/bundle.crt",
        client_pair: ("/etcd/ssl/client/tls.crt", "/etcd/ssl/client/tls.key"),
    },
    PeerFile {
        suffix: "/peers/ca.crt",
        distribution: "kops",
        is_ca: true,
        peer_ca: "/peers/ca.crt",
        client_ca: "/clients/ca.crt",
        client_pair: ("", ""),
    },
    PeerFile {
        suffix: "/peers/me.crt",
        distribution: "kops",
        is_ca: false,
        peer_ca: "/peers/ca.crt",
        client_ca: "/clients/ca.crt",
        client_pair: ("", ""),
    },
];

/// The peer side `path` is on, where its layout gives the peer port a CA of its own.
pub fn peer_side(path: &str) -> Option<PeerSide> {
    // kops' `etcd-manager-<cluster>/etcd-peers-ca.crt` sits beside the clients CA.
    if let Some((folder, "etcd-peers-ca.crt")) = path.rsplit_once('/')
        && folder.rsplit('/').next().is_some_and(|d| d.starts_with("etcd-manager"))
    {
        let (cert, key) = kops_client_pair(path);
        return Some(PeerSide {
            distribution: "kops",
            is_ca: true,
            peer_ca: path.to_string(),
            client_ca: format!("{folder}/etcd-clients-ca.crt"),
            client_pair: (cert, key),
        });
    }
    PEER_SIDES.iter().find_map(|f| {
        let base = path.strip_suffix(f.suffix)?;
        // kops' volume folders are `pki/<cluster token>/peers`.
        if f.distribution == "kops" && !base.rsplit_once('/').is_some_and(|(up, _)| up.ends_with("/pki")) {
            return None;
        }
        let distribution = if f.distribution == "k3s" && base.ends_with("/rke2") {
            "RKE2"
        } else {
            f.distribution
        };
        let client_pair = if distribution == "kops" {
            kops_client_pair(path)
        } else {
            (
                format!("{base}{}", f.client_pair.0),
                format!("{base}{}", f.client_pair.1),
            )
        };
        Some(PeerSide {
            distribution,
            is_ca: f.is_ca,
            peer_ca: format!("{base}{}", f.peer_ca),
            client_ca: format!("{base}{}", f.client_ca),
            client_pair,
        })
    })
}

/// kops' client pair (the API server's) as seen from where `path` is: under `/rootfs` in the
/// etcd-manager pod.
fn kops_client_pair(path: &str) -> (String, String) {
    let base = if path.starts_with("/rootfs/") {
        "/rootfs/srv/"
    } else {
        "/srv/"
    };
    KOPS.client_pair(base)
}
