//! Deciding each certificate's role, with the reasons that led there.
//!
//! Content decides: a certificate's common name, organisation and key usages say what kubeadm
//! made it for. Hints come second: the file name and folder (`pki/etcd/peer.crt`), the
//! kubeconfig it sits in (`admin.conf`), the flag that names it (`--peer-cert-file`), and the
//! CA that signed it. Where a hint and the content disagree, the content wins and the
//! disagreement becomes a finding elsewhere.

use crate::config::{Slot, Usage};
use crate::model::{Certificate, ExtendedKeyUsage, Source};
use crate::role::Role;

/// What the classifier knows about one certificate.
pub(crate) struct Clues<'a> {
    pub cert: &'a Certificate,
    pub source: &'a Source,
    pub usages: &'a [Usage],
    /// The role of the CA that signed it, if that CA is among the inputs.
    pub issuer_role: Option<Role>,
    /// For a CA: the roles of the leaves it signed.
    pub issued_roles: &'a [Role],
    /// Whether a CA named `etcd-ca` is among the inputs: then a CA named `kubernetes` is the
    /// Kubernetes CA whatever it signed.
    pub etcd_ca_present: bool,
}

/// A role and why.
pub(crate) type Verdict = (Role, Vec<String>);

/// The name kubeadm and the Kubernetes docs give each well-known leaf.
pub(crate) fn leaf_role_by_common_name(cn: &str) -> Option<Role> {
    Some(match cn {
        "kube-apiserver-etcd-client" => Role::ApiserverEtcdClient,
        "kube-etcd-healthcheck-client" => Role::EtcdHealthcheckClient,
        "kube-apiserver-kubelet-client" => Role::ApiserverKubeletClient,
        "front-proxy-client" => Role::FrontProxyClient,
        "kube-apiserver" => Role::KubeApiserver,
        "kubernetes-admin" => Role::KubeAdmin,
        "kubernetes-super-admin" => Role::KubeSuperAdmin,
        "system:kube-controller-manager" => Role::KubeControllerManager,
        "system:kube-scheduler" => Role::KubeScheduler,
        "kube-etcd" => Role::EtcdServer,
        "kube-etcd-peer" => Role::EtcdPeer,
        _ if cn.starts_with("system:node:") => Role::KubeletClient,
        _ => return None,
    })
}

/// A file name without the extensions certificate files wear (`server.key.insecure` →
/// `server`), lower-cased.
pub(crate) fn stem(file_name: &str) -> String {
    let mut s = file_name.to_ascii_lowercase();
    loop {
        let before = s.len();
        for ext in [
            ".insecure",
            ".crt",
            ".pem",
            ".cer",
            ".key",
            ".der",
            ".pub",
            ".csr",
            ".crl",
            ".conf",
            ".kubeconfig",
            ".yaml",
            ".yml",
            ".json",
        ] {
            if let Some(stripped) = s.strip_suffix(ext) {
                s = stripped.to_string();
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

fn in_etcd_folder(source: &Source) -> bool {
    source
        .folder()
        .rsplit(['/', '\\'])
        .next()
        .is_some_and(|f| f.eq_ignore_ascii_case("etcd"))
}

/// The role a kubeadm file name implies.
fn role_by_file_name(source: &Source) -> Option<Role> {
    let stem = stem(source.file_name());
    let etcd = in_etcd_folder(source);
    Some(match stem.as_str() {
        "ca" if etcd => Role::EtcdCa,
        "front-proxy-ca" => Role::FrontProxyCa,
        "apiserver" => Role::KubeApiserver,
        "apiserver-etcd-client" => Role::ApiserverEtcdClient,
        "apiserver-kubelet-client" => Role::ApiserverKubeletClient,
        "front-proxy-client" => Role::FrontProxyClient,
        "healthcheck-client" => Role::EtcdHealthcheckClient,
        "server" if etcd => Role::EtcdServer,
        "peer" if etcd => Role::EtcdPeer,
        "admin" => Role::KubeAdmin,
        "super-admin" => Role::KubeSuperAdmin,
        "controller-manager" => Role::KubeControllerManager,
        "scheduler" => Role::KubeScheduler,
        "kubelet" => Role::KubeletClient,
        s if s.starts_with("kubelet-client") => Role::KubeletClient,
        "sa" => Role::ServiceAccountKey,
        _ => return None,
    })
}

fn eku_summary(cert: &Certificate) -> (bool, bool) {
    match &cert.extended_key_usage {
        None => (false, false),
        Some(_) => (
            cert.names_usage(&ExtendedKeyUsage::ServerAuth),
            cert.names_usage(&ExtendedKeyUsage::ClientAuth),
        ),
    }
}

/// Classifies a certificate.
pub(crate) fn classify_certificate(clues: &Clues<'_>) -> Verdict {
    let cert = clues.cert;
    let cn = cert.subject.common_name.as_deref().unwrap_or("");
    if let Some(role) = leaf_role_by_common_name(cn) {
        // A well-known leaf name decides, even on a certificate that wrongly says CA:TRUE.
        return (
            role,
            vec![format!(
                "its subject CN={cn} is the name kubeadm gives the {}",
                role.title()
            )],
        );
    }
    if cert.is_ca() {
        classify_ca(clues, cn)
    } else {
        classify_leaf(clues)
    }
}

fn classify_ca(clues: &Clues<'_>, cn: &str) -> Verdict {
    let cert = clues.cert;
    match cn {
        "etcd-ca" => {
            return (
                Role::EtcdCa,
                vec!["it is a CA named CN=etcd-ca, kubeadm's etcd CA".into()],
            );
        }
        "front-proxy-ca" | "kubernetes-front-proxy-ca" => {
            return (
                Role::FrontProxyCa,
                vec![format!("it is a CA named CN={cn}, the front-proxy CA")],
            );
        }
        _ => {}
    }
    let signed_kube = clues
        .issued_roles
        .iter()
        .find(|r| r.expected_issuer() == Some(Role::KubernetesCa));
    let signed_etcd = clues
        .issued_roles
        .iter()
        .find(|r| r.expected_issuer() == Some(Role::EtcdCa));
    let signed_proxy = clues
        .issued_roles
        .iter()
        .find(|r| r.expected_issuer() == Some(Role::FrontProxyCa));
    if cn == "kubernetes" || cn == "kubernetes-ca" {
        if clues.etcd_ca_present {
            return (
                Role::KubernetesCa,
                vec![format!("it is a CA named CN={cn}, kubeadm's Kubernetes CA")],
            );
        }
        if let (None, Some(etcd_leaf)) = (signed_kube, signed_etcd) {
            return (
                Role::EtcdCa,
                vec![
                    format!("it is a CA named CN={cn}, but it signed the {}", etcd_leaf.title()),
                    "kubeadm 1.11 named the etcd CA \"kubernetes\"".into(),
                ],
            );
        }
        if signed_kube.is_none() && in_etcd_folder(clues.source) {
            return (
                Role::EtcdCa,
                vec![
                    format!(
                        "it is a CA named CN={cn} kept in the etcd folder ({})",
                        clues.source.path
                    ),
                    "kubeadm 1.11 named the etcd CA \"kubernetes\"".into(),
                ],
            );
        }
        return (
            Role::KubernetesCa,
            vec![format!("it is a CA named CN={cn}, kubeadm's Kubernetes CA")],
        );
    }
    if let Some(leaf) = signed_etcd.filter(|_| signed_kube.is_none()) {
        return (
            Role::EtcdCa,
            vec![format!("it is a CA and it signed the {}", leaf.title())],
        );
    }
    if let Some(leaf) = signed_kube.filter(|_| signed_etcd.is_none()) {
        return (
            Role::KubernetesCa,
            vec![format!("it is a CA and it signed the {}", leaf.title())],
        );
    }
    if let Some(leaf) = signed_proxy {
        return (
            Role::FrontProxyCa,
            vec![format!("it is a CA and it signed the {}", leaf.title())],
        );
    }
    for usage in clues.usages {
        if let Some(hint @ (Role::EtcdCa | Role::KubernetesCa | Role::FrontProxyCa)) = usage.role_hint {
            return (
                hint,
                vec![format!(
                    "{} {} names it ({})",
                    usage.program, usage.flag, usage.declared_in
                )],
            );
        }
    }
    if let Some(role @ (Role::EtcdCa | Role::FrontProxyCa)) = role_by_file_name(clues.source) {
        return (
            role,
            vec![format!(
                "it is a CA, and its file name {} is kubeadm's name for the {}",
                clues.source.path,
                role.title()
            )],
        );
    }
    let names_etcd = cn.to_ascii_lowercase().contains("etcd")
        || cert
            .subject
            .organizations
            .iter()
            .any(|o| o.to_ascii_lowercase().contains("etcd"));
    if names_etcd {
        return (
            Role::EtcdCa,
            vec![format!("it is a CA whose subject ({}) names etcd", cert.subject.text)],
        );
    }
    if cert.self_signed {
        (
            Role::RootCa,
            vec!["it is a self-signed CA (CA:TRUE) with no more specific name".into()],
        )
    } else {
        (
            Role::IntermediateCa,
            vec!["it is a CA (CA:TRUE) signed by another CA".into()],
        )
    }
}

fn classify_leaf(clues: &Clues<'_>) -> Verdict {
    let cert = clues.cert;
    let (server, client) = eku_summary(cert);
    let issued_by_etcd_ca = clues.issuer_role == Some(Role::EtcdCa);
    let serving_etcd = clues
        .usages
        .iter()
        .any(|u| u.slot == Slot::ServingCert && u.role_hint == Some(Role::EtcdServer));
    let peering_etcd = clues.usages.iter().any(|u| u.slot == Slot::PeerCert);
    let by_name = role_by_file_name(clues.source);
    let etcd_context = issued_by_etcd_ca || serving_etcd || peering_etcd || in_etcd_folder(clues.source);

    // etcd member certificates: kubeadm's server and peer certificates have identical
    // content; only the flag that uses them, or the file name, tells them apart.
    if server && etcd_context {
        let context = if issued_by_etcd_ca {
            "it is a server certificate signed by the etcd CA".to_string()
        } else {
            "it is a server certificate in etcd's configuration".to_string()
        };
        if serving_etcd && peering_etcd {
            return (
                Role::EtcdMember,
                vec![
                    context,
                    "etcd uses it both as --cert-file and as --peer-cert-file".into(),
                ],
            );
        }
        if serving_etcd {
            return (Role::EtcdServer, vec![context, "etcd uses it as --cert-file".into()]);
        }
        if peering_etcd {
            return (Role::EtcdPeer, vec![context, "etcd uses it as --peer-cert-file".into()]);
        }
        if !client {
            return (
                Role::EtcdServer,
                vec![
                    context,
                    "it has serverAuth but no clientAuth, so it cannot be a peer certificate".into(),
                ],
            );
        }
        let stem = stem(clues.source.file_name());
        if stem.starts_with("peer") || by_name == Some(Role::EtcdPeer) {
            return (
                Role::EtcdPeer,
                vec![context, format!("its file name {} says peer", clues.source.file_name())],
            );
        }
        if stem.starts_with("server") || by_name == Some(Role::EtcdServer) {
            return (
                Role::EtcdServer,
                vec![
                    context,
                    format!("its file name {} says server", clues.source.file_name()),
                ],
            );
        }
        return (
            Role::EtcdMember,
            vec![
                context,
                "server and peer certificates look the same and nothing here says which this is".into(),
            ],
        );
    }

    // A flag or a kubeadm file name may name a specific client or server role.
    for usage in clues.usages {
        if let Some(hint) = usage.role_hint.filter(|r| !r.is_ca() && compatible(*r, server, client)) {
            return (
                hint,
                vec![format!(
                    "{} {} names it ({})",
                    usage.program, usage.flag, usage.declared_in
                )],
            );
        }
    }
    if let Some(hint) =
        by_name.filter(|r| !r.is_ca() && *r != Role::ServiceAccountKey && compatible(*r, server, client))
    {
        let why = match &clues.source.locator {
            Some(_) => format!(
                "it is the client certificate of {}, kubeadm's kubeconfig for the {}",
                clues.source.file_name(),
                hint.title()
            ),
            None => format!(
                "its file name {} is kubeadm's name for the {}",
                clues.source.file_name(),
                hint.title()
            ),
        };
        return (hint, vec![why]);
    }

    let issuer_note = match clues.issuer_role {
        Some(r) if r.is_ca() => format!(", signed by the {}", r.title()),
        _ => String::new(),
    };
    match (&cert.extended_key_usage, server, client) {
        (None, _, _) => (
            Role::Unknown,
            vec![format!(
                "it has no extended key usage, so it may be used for anything{issuer_note}; nothing says what it is for"
            )],
        ),
        (Some(_), true, true) => (
            Role::ServerClient,
            vec![format!(
                "its extended key usages are serverAuth and clientAuth{issuer_note}"
            )],
        ),
        (Some(_), true, false) => (
            Role::Server,
            vec![format!("its extended key usage is serverAuth only{issuer_note}")],
        ),
        (Some(_), false, true) => (
            Role::Client,
            vec![format!("its extended key usage is clientAuth only{issuer_note}")],
        ),
        (Some(_), false, false) => (
            Role::Unknown,
            vec!["its extended key usages allow neither TLS servers nor TLS clients".into()],
        ),
    }
}

/// Whether a hinted role fits a certificate's usages (so a hint never turns a server-only
/// certificate into a client role).
fn compatible(role: Role, server: bool, client: bool) -> bool {
    (!role.needs_client_auth() || client) && (!role.needs_server_auth() || server)
}

/// The role of a private key or public key without a certificate: from the flags that name
/// it, or its kubeadm file name.
pub(crate) fn classify_key_without_certificate(source: &Source, usages: &[Usage]) -> Verdict {
    for usage in usages {
        if let Some(hint) = usage.role_hint {
            return (
                hint,
                vec![format!(
                    "{} {} names it ({})",
                    usage.program, usage.flag, usage.declared_in
                )],
            );
        }
    }
    match role_by_file_name(source) {
        Some(role) => (
            role,
            vec![format!(
                "its file name {} is kubeadm's name for the {}",
                source.file_name(),
                role.title()
            )],
        ),
        None => (
            Role::Unknown,
            vec!["no certificate among the inputs carries its public key".into()],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_drop_certificate_extensions() {
        assert_eq!(stem("server.key.insecure"), "server");
        assert_eq!(stem("Admin.CONF"), "admin");
        assert_eq!(stem("kubelet-client-current.pem"), "kubelet-client-current");
        assert_eq!(stem("ca"), "ca");
    }

    #[test]
    fn etcd_folder_is_recognised() {
        assert!(in_etcd_folder(&Source::file("/etc/kubernetes/pki/etcd/ca.crt")));
        assert!(!in_etcd_folder(&Source::file("/etc/kubernetes/pki/ca.crt")));
        assert!(!in_etcd_folder(&Source::file("ca.crt")));
    }

    #[test]
    fn file_names_hint_roles() {
        assert_eq!(
            role_by_file_name(&Source::file("pki/etcd/peer.crt")),
            Some(Role::EtcdPeer)
        );
        assert_eq!(role_by_file_name(&Source::file("peer.crt")), None);
        assert_eq!(
            role_by_file_name(&Source::file("x/super-admin.conf")),
            Some(Role::KubeSuperAdmin)
        );
    }

    #[test]
    fn hints_must_fit_usages() {
        assert!(!compatible(Role::ApiserverEtcdClient, true, false));
        assert!(compatible(Role::ApiserverEtcdClient, false, true));
        assert!(compatible(Role::KubernetesCa, false, false));
    }
}
