//! Ready-to-paste etcdctl and etcdtls commands for the CA and client pairs found.

use serde::Serialize;

use crate::analysis::Report;
use crate::check::shell::quote;
use crate::config::Slot;
use crate::finding::FindingId;
use crate::model::{Item, ItemId, ItemKind};
use crate::role::Role;

/// A way to connect to etcd with files among the inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectionRecipe {
    /// The CA certificate (`--cacert`).
    pub ca: String,
    /// The client certificate (`--cert`).
    pub cert: String,
    /// The client key (`--key`).
    pub key: String,
    /// The client's role.
    pub role: Role,
    /// `--endpoints`.
    pub endpoints: String,
    /// The etcdctl command line.
    pub etcdctl: String,
    /// The same as environment variables.
    pub env: Vec<String>,
    /// The same with etcdtls.
    pub etcdtls: String,
    /// Why this pair, or why not to prefer it.
    pub note: String,
}

/// Least privilege first: the health-check identity, then the API server's, then others.
fn preference(role: Role) -> Option<(u8, &'static str)> {
    Some(match role {
        Role::EtcdHealthcheckClient => (0, "the least-privileged client kubeadm makes; use this one"),
        Role::EtcdClient => (1, "an etcd client certificate that is not the API server's own"),
        Role::ApiserverEtcdClient => (2, "the API server's own identity towards etcd"),
        Role::Client => (3, "a client certificate signed by this CA"),
        Role::ServerClient => (4, "a server-and-client certificate signed by this CA"),
        Role::EtcdServer | Role::EtcdMember => {
            (5, "etcd's own server identity: works, but prefer a client certificate")
        }
        Role::EtcdPeer => (6, "etcd's peer identity: works, but prefer a client certificate"),
        _ => return None,
    })
}

/// Only files can go on a command line: a standalone file, or the first certificate of a
/// bundle (k3s writes each leaf followed by its CA; etcdctl takes the first as the leaf).
fn file_path(item: &Item) -> Option<&str> {
    matches!(item.source.locator.as_deref(), None | Some("1"))
        .then_some(item.source.path.as_str())
        .filter(|p| *p != "-" && !p.is_empty())
}

/// The endpoints etcd members among the inputs advertise, else those the API server dials
/// (`--etcd-servers`), else the distribution's own port (kops: 4001), else etcdctl's default
/// over TLS.
fn endpoints(report: &Report, ca: &[u8], leaf: &Item) -> String {
    let mut urls: Vec<String> = Vec::new();
    for m in report.members.iter().filter(|m| member_trusts(report, m, ca)) {
        for u in &m.advertise_client_urls {
            if !urls.contains(u) {
                urls.push(u.clone());
            }
        }
    }
    if urls.is_empty() {
        urls = report.etcd_servers.clone();
    }
    if urls.is_empty() {
        // etcd-manager serves kops's main etcd on 4001 and its events etcd on 4002, not 2379
        // (kops `pkg/wellknownports/wellknownports.go`); an events member's files are under
        // `etcd-manager-events` (`/mnt/.../pki/<id>events/...` on the node).
        let port = match report.distribution.map(|p| p.id) {
            Some("kops") if leaf.source.path.contains("events") => 4002,
            Some("kops") => 4001,
            _ => 2379,
        };
        // Talos has no shell on its nodes: etcdctl runs elsewhere and dials the node, where
        // etcd listens on every address (`0.0.0.0:2379` unless `cluster.etcd.listenSubnets`).
        let host = talos_node(report).unwrap_or_else(|| local_host(report));
        format!("https://{host}:{port}")
    } else {
        urls.join(",")
    }
}

/// On Talos, the node's own address, as machined writes it into etcd's server (or peer)
/// certificate: its first IP that is not loopback, else its host name
/// (`internal/pkg/etcd/certs.go` `buildOptions`: the node's addresses, then 127.0.0.1 and ::1
/// for the server only; the host name's DNS names, then `localhost`).
fn talos_node(report: &Report) -> Option<String> {
    if report.distribution.map(|p| p.id) != Some("talos") {
        return None;
    }
    let cert = |role: Role| {
        report
            .items
            .iter()
            .filter(|i| i.role == role)
            .find_map(Item::certificate)
    };
    let server = cert(Role::EtcdServer).or_else(|| cert(Role::EtcdPeer))?;
    let ip = server.sans.iter().find_map(|s| match s {
        crate::model::San::Ip(ip) if !ip.is_loopback() && !ip.is_unspecified() => Some(match ip {
            std::net::IpAddr::V6(v6) => format!("[{v6}]"),
            v4 => v4.to_string(),
        }),
        _ => None,
    });
    ip.or_else(|| {
        server.sans.iter().find_map(|s| match s {
            crate::model::San::Dns(d) if d != "localhost" && !d.contains('*') => Some(d.clone()),
            _ => None,
        })
    })
}

/// Whether a member's configuration trusts the CA (by its DER) for clients, or names no CA
/// among the inputs: the members of another cluster, whose files sit beside these, are not
/// dialled with this CA's pairs.
fn member_trusts(report: &Report, member: &crate::config::EtcdMember, ca: &[u8]) -> bool {
    let mut trusted = (report.items.iter())
        .filter(|i| {
            i.usages
                .iter()
                .any(|u| u.slot == Slot::ClientCa && u.declared_in == member.declared_in)
        })
        .filter_map(Item::certificate)
        .peekable();
    trusted.peek().is_none() || trusted.any(|c| c.der == ca)
}

/// The host to dial on this node: 127.0.0.1 where etcd's server certificate among the inputs
/// covers it (or none is given), else a name it does cover (`localhost`, its first IP, its
/// first DNS name), as etcdctl refuses a server whose certificate does not name the host dialled.
fn local_host(report: &Report) -> String {
    let server = report
        .items
        .iter()
        .filter(|i| matches!(i.role, Role::EtcdServer | Role::EtcdMember))
        .find_map(Item::certificate);
    let Some(server) = server else {
        return "127.0.0.1".into();
    };
    if server.covers_host("127.0.0.1") {
        return "127.0.0.1".into();
    }
    if server.covers_host("localhost") {
        return "localhost".into();
    }
    let ip = server.sans.iter().find_map(|s| match s {
        crate::model::San::Ip(ip) if !ip.is_unspecified() => Some(match ip {
            std::net::IpAddr::V6(v6) => format!("[{v6}]"),
            v4 => v4.to_string(),
        }),
        _ => None,
    });
    let dns = || {
        server.sans.iter().find_map(|s| match s {
            crate::model::San::Dns(d) if !d.contains('*') => Some(d.clone()),
            _ => None,
        })
    };
    ip.or_else(dns).unwrap_or_else(|| "127.0.0.1".into())
}

/// Every (etcd CA, client pair) combination that can connect now, best first: none with a
/// certificate expired, not yet valid or revoked, nor a CA without keyCertSign.
pub fn connection_recipes(report: &Report) -> Vec<ConnectionRecipe> {
    recipes(report, true)
}

/// The same, with the certificates that cannot connect now in their places: what a layout
/// means to use, for a diagnosis that then says what is wrong with it (`doctor --pki`).
pub fn intended_connection_recipes(report: &Report) -> Vec<ConnectionRecipe> {
    recipes(report, false)
}

fn recipes(report: &Report, usable_only: bool) -> Vec<ConnectionRecipe> {
    let has_etcd_ca = report
        .items
        .iter()
        .any(|i| i.role == Role::EtcdCa && i.kind() == ItemKind::Certificate);
    // Leaves by the CA that signed them, gathered once: a set may hold many CAs, and many
    // copies of one CA (k3s and OpenShift append the CA to every leaf file; OpenShift keeps a
    // copy per revision), so by the CA's DER: any copy that is a file will do.
    let mut issued: crate::map::Map<&[u8], Vec<&Item>> = crate::map::Map::new();
    for leaf in &report.items {
        if let Some(ca) = leaf
            .chain
            .first()
            .and_then(|id| report.item(id))
            .and_then(Item::certificate)
        {
            issued.entry(ca.der.as_slice()).or_default().push(leaf);
        }
    }
    // A CA kept twice in one folder (k3s's custom CAs: `server-ca.pem` alone and `server-ca.crt`
    // with the chain above it) is offered from the file that configuration names.
    let configured = |item: &Item| {
        item.usages
            .iter()
            .any(|u| matches!(u.slot, Slot::ClientCa | Slot::ServerCa))
    };
    let folder = |path: &str| path.rsplit_once(['/', '\\']).map(|(d, _)| d.to_string());
    let mut named_in: crate::map::Set<(&[u8], Option<String>)> = crate::map::Set::new();
    for item in &report.items {
        if let (Some(cert), Some(path)) = (item.certificate(), file_path(item))
            && configured(item)
        {
            named_in.insert((cert.der.as_slice(), folder(path)));
        }
    }
    // A certificate expired, not yet valid or revoked fails every handshake, and so does every
    // certificate of a CA whose key usage forbids it to sign them: no recipe offers them.
    let unusable = |item: &Item| {
        usable_only
            && report.findings_for(&item.id).any(|f| {
                matches!(
                    f.id,
                    FindingId::Expired | FindingId::NotYetValid | FindingId::Revoked | FindingId::CaWithoutKeyCertSign
                )
            })
    };
    let mut recipes = Vec::new();
    for ca in report
        .items
        .iter()
        .filter(|i| i.kind() == ItemKind::Certificate && !unusable(i))
    {
        let Some(ca_cert) = ca.certificate() else {
            continue;
        };
        // The etcd CA, or a CA the distribution also gives etcd (the Hard Way's single CA).
        let etcd_ca_like = ca.role == Role::EtcdCa
            || (ca_cert.is_ca() && profile_says(ca, "etcd --trusted-ca-file"))
            || (!has_etcd_ca && ca_cert.is_ca() && ca.usages.iter().any(|u| u.slot == Slot::ClientCa));
        if !etcd_ca_like {
            continue;
        }
        let Some(ca_path) = file_path(ca) else {
            continue;
        };
        if !configured(ca) && named_in.contains(&(ca_cert.der.as_slice(), folder(ca_path))) {
            continue;
        }
        let mut pairs: Vec<(u8, &str, &Item, &Item)> = Vec::new();
        for &leaf in issued.get(ca_cert.der.as_slice()).into_iter().flatten() {
            let Some(cert) = leaf.certificate() else {
                continue;
            };
            if cert.is_ca() || !cert.allows_client_auth() || unusable(leaf) {
                continue;
            }
            let Some(key) = leaf.key.as_ref().and_then(|k| report.item(k)) else {
                continue;
            };
            let (Some(_), Some(_)) = (file_path(leaf), file_path(key)) else {
                continue;
            };
            if let Some((rank, note)) = rank(leaf) {
                pairs.push((rank, note, leaf, key));
            }
        }
        crate::order::sort_by_key(&mut pairs, |(rank, _, leaf, _)| (*rank, leaf.source.path.clone()));
        for (_, note, leaf, key) in pairs {
            let (ca_q, cert_q, key_q) = (quote(ca_path), quote(&leaf.source.path), quote(&key.source.path));
            let endpoints = endpoints(report, &ca_cert.der, leaf);
            let flags = format!("--endpoints={endpoints} --cacert={ca_q} --cert={cert_q} --key={key_q}");
            recipes.push(ConnectionRecipe {
                ca: ca.id.0.clone(),
                cert: leaf.id.0.clone(),
                key: key.id.0.clone(),
                role: leaf.role,
                endpoints: endpoints.clone(),
                etcdctl: format!("ETCDCTL_API=3 etcdctl {flags} endpoint health"),
                env: vec![
                    "export ETCDCTL_API=3".into(),
                    format!("export ETCDCTL_ENDPOINTS={endpoints}"),
                    format!("export ETCDCTL_CACERT={ca_q}"),
                    format!("export ETCDCTL_CERT={cert_q}"),
                    format!("export ETCDCTL_KEY={key_q}"),
                ],
                etcdtls: format!("etcdtls {flags} endpoint status"),
                note: note.to_string(),
            });
        }
    }
    // Best first across every CA too: the least-privileged client wins wherever it is, with
    // the copy of its CA nearest to it (the same folder, the same revision).
    crate::order::sort_by_key(&mut recipes, |r| {
        let rank = report
            .item(&ItemId(r.cert.clone()))
            .and_then(rank)
            .map_or(u8::MAX, |(rank, _)| rank);
        (rank, std::cmp::Reverse(shared_folders(&r.ca, &r.cert)))
    });
    // One line per CA and client certificate, whatever the copies: kops keeps the clients CA
    // in four folders, OpenShift a copy per revision. The copy kept is the nearest (above).
    let der = |id: &str| -> &[u8] {
        (report.item(&ItemId(id.to_string())))
            .and_then(Item::certificate)
            .map_or(&[], |c| c.der.as_slice())
    };
    let mut seen: Vec<(&[u8], &[u8])> = Vec::new();
    recipes.retain(|r| {
        let pair = (der(&r.ca), der(&r.cert));
        let new = !seen.contains(&pair);
        seen.push(pair);
        new
    });
    // A Talos node has no shell to paste into; Talos's own way to reach etcd is talosctl,
    // through apid (`talosctl etcd status`, `talosctl etcd members`).
    if let (Some(node), Some(first)) = (talos_node(report), recipes.first_mut()) {
        let talosctl = node.trim_start_matches('[').trim_end_matches(']');
        first.note = format!(
            "{}. Talos nodes have no shell: run these from a workstation, which dials etcd on the node's address; Talos's own way is `talosctl -n {talosctl} etcd status` (or `etcd members`)",
            first.note
        );
    }
    recipes
}

/// How many leading folders two paths share.
fn shared_folders(a: &str, b: &str) -> usize {
    let folders = |p: &str| p.rsplit_once(['/', '\\']).map_or(String::new(), |(d, _)| d.to_string());
    let (a, b) = (folders(a), folders(b));
    a.split(['/', '\\'])
        .zip(b.split(['/', '\\']))
        .take_while(|(x, y)| x == y)
        .count()
}

/// Whether the distribution profile that explains an item says this program and flag take it.
fn profile_says(item: &Item, used_by: &str) -> bool {
    item.matched
        .is_some_and(|m| m.entry.used_by.iter().any(|u| u.starts_with(used_by)))
}

/// A leaf's rank as an etcd client: by role, or, for a certificate its distribution also
/// gives the API server as etcd client (the Hard Way's `kubernetes.pem`), as the API server's.
fn rank(leaf: &Item) -> Option<(u8, &'static str)> {
    // A generic client its distribution made for something else (kube-proxy) is no etcd client.
    if matches!(leaf.role, Role::Client | Role::ServerClient) && leaf.matched.is_some() {
        return None;
    }
    // OpenShift's etcd pod runs its etcdctl with the node's peer certificate: on a node that
    // has nothing else, that is the client its operators know.
    if leaf.role == Role::EtcdPeer && profile_says(leaf, "etcdctl --cert ") {
        return Some((
            4,
            "the identity the distribution's own etcdctl uses (OpenShift: ETCDCTL_CERT in the etcd pod)",
        ));
    }
    preference(leaf.role).or_else(|| {
        profile_says(leaf, "kube-apiserver --etcd-certfile")
            .then_some((2, "the API server's own identity towards etcd"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_only_when_needed() {
        assert_eq!(
            quote("/etc/kubernetes/pki/etcd/ca.crt"),
            "/etc/kubernetes/pki/etcd/ca.crt"
        );
        assert_eq!(quote("my certs/ca.crt"), "'my certs/ca.crt'");
        // Any quoting the shell reads back as the same word will do.
        for path in ["it's", "a \"b\" $HOME/`x`", "tab\there"] {
            assert_eq!(shlex::split(&quote(path)), Some(vec![path.to_string()]), "{path}");
        }
    }
}
