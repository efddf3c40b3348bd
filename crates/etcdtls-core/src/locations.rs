//! Where each distribution keeps its PKI and the settings that name it, so that `etcdtls
//! explain` run without paths on a node finds them. Data only: the core reads no files; the CLI
//! reads the locations that exist and says which. Each entry notes where the fact comes from.
//! Folders are walked; files are read; either may name more files, which are followed.

use serde::Serialize;

/// A place on a node where a distribution keeps certificates, keys or the settings that
/// name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PkiLocation {
    /// The distribution (or tool) that puts it there.
    pub distribution: &'static str,
    /// The absolute path: a folder to walk, or a single file.
    pub path: &'static str,
    /// What is there, in a few words.
    pub holds: &'static str,
}

const fn at(distribution: &'static str, path: &'static str, holds: &'static str) -> PkiLocation {
    PkiLocation {
        distribution,
        path,
        holds,
    }
}

/// Every known location, most common first. A location inside another one listed earlier
/// (`/etc/kubernetes/pki` inside `/etc/kubernetes`) is read once, with the outer one.
pub const PKI_LOCATIONS: &[PkiLocation] = &[
    // kubeadm: cmd/kubeadm/app/constants (KubernetesDir = /etc/kubernetes, certificates in
    // pki/, manifests/ for the static pods, admin.conf and the other kubeconfigs).
    at(
        "kubeadm",
        "/etc/kubernetes",
        "the PKI (pki/), kubeconfigs and static pod manifests",
    ),
    // kops: nodeup/pkg/model/etcd_manager_tls.go writes /etc/kubernetes/pki/etcd-manager-<cluster>;
    // the API server's files are under /srv/kubernetes/kube-apiserver (its manifest's --etcd-*file).
    at(
        "kops",
        "/etc/kubernetes/pki",
        "etcd-manager's CAs and certificates (etcd-manager-main, -events)",
    ),
    at(
        "kops",
        "/srv/kubernetes",
        "kube-apiserver's certificates, including its etcd client",
    ),
    // OpenShift 4: cluster-etcd-operator installs etcd's certificates into
    // /etc/kubernetes/static-pod-resources/etcd-certs, mounted in the etcd pod as
    // /etc/kubernetes/static-pod-certs (its cluster-backup.sh looks in both).
    at(
        "OpenShift",
        "/etc/kubernetes/static-pod-resources",
        "etcd-certs/ and each static pod's revisioned certificates",
    ),
    at(
        "OpenShift",
        "/etc/kubernetes/static-pod-certs",
        "etcd's certificates as the etcd pod sees them",
    ),
    // k3s (data dir /var/lib/rancher/k3s): server/tls holds every CA and certificate (k3s's
    // etcdctl wrapper defaults ETCDCTL_CACERT to <data dir>/server/tls/etcd/server-ca.crt),
    // server/cred the components' kubeconfigs, and with embedded etcd server/db/etcd/config is
    // etcd's YAML config file (the k3s CIS benchmark audits its client-transport-security).
    at(
        "k3s",
        "/var/lib/rancher/k3s/server/tls",
        "the CAs, etcd/ and every component's certificate",
    ),
    at(
        "k3s",
        "/var/lib/rancher/k3s/server/cred",
        "the components' kubeconfigs, naming files in server/tls",
    ),
    at(
        "k3s",
        "/var/lib/rancher/k3s/server/db/etcd/config",
        "embedded etcd's config file",
    ),
    at("k3s", "/etc/rancher/k3s/k3s.yaml", "the admin kubeconfig"),
    // RKE2: k3s's layout under its own data dir, /var/lib/rancher/rke2.
    at(
        "RKE2",
        "/var/lib/rancher/rke2/server/tls",
        "the CAs, etcd/ and every component's certificate",
    ),
    at(
        "RKE2",
        "/var/lib/rancher/rke2/server/cred",
        "the components' kubeconfigs, naming files in server/tls",
    ),
    at(
        "RKE2",
        "/var/lib/rancher/rke2/server/db/etcd/config",
        "etcd's config file",
    ),
    at("RKE2", "/etc/rancher/rke2/rke2.yaml", "the admin kubeconfig"),
    // Talos: pkg/machinery/constants (EtcdPKIPath = /system/secrets/etcd,
    // KubebernetesStaticSecretsDir = /system/secrets/kubernetes, SystemKubeletPKIDir).
    at(
        "Talos",
        "/system/secrets",
        "etcd/, kubernetes/ and kubelet/ secrets, rendered at boot",
    ),
    // Kubespray: etcd_cert_dir /etc/ssl/etcd/ssl (its etcdctl examples use ca.pem,
    // admin-<node>.pem there), and the environment file /etc/etcd.env its etcd unit reads.
    at(
        "Kubespray",
        "/etc/ssl/etcd",
        "etcd's CA, member, admin and node certificates (ssl/)",
    ),
    at(
        "Kubespray",
        "/etc/etcd.env",
        "etcd's environment file (ETCD_CERT_FILE=...)",
    ),
    // Plain etcd and Kubernetes the Hard Way (its etcd unit reads /etc/etcd/*.pem), the RHEL
    // package (/etc/etcd/etcd.conf, ETCD_* variables) and hand-made setups (/etc/etcd/pki).
    at(
        "plain etcd",
        "/etc/etcd",
        "etcd's certificates, config file or environment file",
    ),
    // Debian's etcd-server package: its unit reads EnvironmentFile=-/etc/default/etcd.
    at(
        "plain etcd",
        "/etc/default/etcd",
        "etcd's environment file (Debian, Ubuntu)",
    ),
    at(
        "plain etcd",
        "/etc/systemd/system/etcd.service",
        "etcd's systemd unit (ExecStart flags, Environment=)",
    ),
    at(
        "plain etcd",
        "/lib/systemd/system/etcd.service",
        "the packaged etcd unit",
    ),
    at(
        "plain etcd",
        "/usr/lib/systemd/system/etcd.service",
        "the packaged etcd unit",
    ),
    // Kubernetes the Hard Way: the API server's certificates in /var/lib/kubernetes.
    at(
        "Kubernetes the Hard Way",
        "/var/lib/kubernetes",
        "kube-apiserver's certificates (ca.pem, kubernetes.pem)",
    ),
];

/// The locations to read: those `exists` says are there, without any inside another one
/// already chosen. The host passes its own test for existence.
pub fn present(mut exists: impl FnMut(&str) -> bool) -> Vec<PkiLocation> {
    let mut chosen: Vec<PkiLocation> = Vec::new();
    for location in PKI_LOCATIONS {
        let inside = chosen.iter().any(|c| {
            location.path == c.path
                || location
                    .path
                    .strip_prefix(c.path)
                    .is_some_and(|rest| rest.starts_with('/'))
        });
        if !inside && exists(location.path) {
            chosen.push(*location);
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_locations_are_read_once_with_the_outer_one() {
        let on_node = ["/etc/kubernetes", "/etc/kubernetes/pki", "/srv/kubernetes", "/etc/etcd"];
        let chosen = present(|p| on_node.contains(&p));
        let paths: Vec<&str> = chosen.iter().map(|l| l.path).collect();
        assert_eq!(paths, vec!["/etc/kubernetes", "/srv/kubernetes", "/etc/etcd"]);
        assert_eq!(chosen[0].distribution, "kubeadm");
        // Without /etc/kubernetes, kops's folder stands on its own.
        let chosen = present(|p| p == "/etc/kubernetes/pki");
        assert_eq!(chosen[0].distribution, "kops");
        assert!(present(|_| false).is_empty());
    }

    #[test]
    fn every_location_is_absolute_and_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for location in PKI_LOCATIONS {
            assert!(location.path.starts_with('/'), "{}", location.path);
            assert!(!location.path.ends_with('/'), "{}", location.path);
            assert!(seen.insert(location.path), "{} twice", location.path);
        }
    }
}
