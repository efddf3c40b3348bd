//! The reviewer: every check a careful person would make over a set of linked, classified
//! items, each producing a [`Finding`] with a fix.

use crate::map::{Map, Set};

use time::{Duration, OffsetDateTime};

use crate::analysis::{Options, Report};
use crate::config::{Program, Slot, Usage};
use crate::finding::{Finding, FindingId, Severity};
use crate::humanize::{self, date};
use crate::model::{
    Certificate, ExtendedKeyUsage, HashAlgorithm, Item, ItemBody, ItemId, ItemKind, KeyAlgorithm, KeyFormat,
};
use crate::role::Role;

/// How to renew an item: its distribution's way when a profile explains it. A self-signed CA
/// whose key is at hand can also be extended in place where the operator keeps the CA files.
fn renew_fix(item: &Item, index: &ReviewIndex<'_>) -> String {
    if item.role == Role::KubeletClient {
        // Rotation writes a file; a certificate embedded in kubelet.conf stays as it is.
        if item.source.locator.is_some() {
            return "The kubelet rotates its client certificate into /var/lib/kubelet/pki/kubelet-client-current.pem (when --rotate-certificates is on), never into data embedded in kubelet.conf: point kubelet.conf's client-certificate and client-key at that file and restart the kubelet (kubeadm's \"Kubelet client certificate rotation fails\"); if it has expired too, rejoin the node or approve a new CSR (`kubectl certificate approve`).".into();
        }
        return "Kubelet client certificates rotate themselves when --rotate-certificates is on; otherwise rejoin the node or approve a new CSR (`kubectl certificate approve`).".into();
    }
    let resign = resign_in_place(item, index);
    if let Some(how) = item.renewal() {
        return match resign {
            Some(resign) if item.matched.is_some_and(|m| m.profile.resign_ca_by_hand) => format!("{resign} Or: {how}"),
            _ => how,
        };
    }
    if let Some(resign) = resign {
        return format!(
            "{resign} Or make a new CA, reissue every certificate {} signed, and roll both out.",
            item.id
        );
    }
    if item.role.is_ca() {
        return format!(
            "Re-sign the CA certificate with its own private key (same subject, new dates: `openssl x509 -in <ca.crt> -signkey <ca.key> -days 3650 -out <new-ca.crt>`), and every certificate it signed stays valid; or make a new CA, reissue every certificate {} signed, and roll both out.",
            item.id
        );
    }
    "Reissue it from its CA with the same subject, SANs and key usages, and replace the file.".into()
}

/// A self-signed CA certificate re-signed with its own key, keeping its subject, key and
/// extensions with new dates and a new serial: what it signed still verifies, since a chain is
/// built by the issuer's name and key (and key identifier), not by the CA certificate's dates.
/// Only for a CA read from a file whose key is a file among the inputs.
fn resign_in_place(item: &Item, index: &ReviewIndex<'_>) -> Option<String> {
    let cert = item.certificate().filter(|c| c.is_ca() && c.self_signed)?;
    let key = index.by_id.get(&item.key.as_ref()?)?;
    if item.source.locator.is_some() || key.source.locator.is_some() {
        return None;
    }
    let days = (cert.not_after - cert.not_before).whole_days().max(1);
    let (path, key_path) = (
        crate::check::shell::quote(&item.source.path),
        crate::check::shell::quote(&key.source.path),
    );
    Some(format!(
        "Extend it in place with its own key, so that every certificate it signed stays valid: `openssl x509 -in {path} -signkey {key_path} -days {days} -set_serial \"0x$(openssl rand -hex 16)\" -out {path}.new` (same subject, key and extensions, new dates), then replace {path} with it wherever it was copied."
    ))
}

/// Certificates and keys read from DER files: Go's TLS loads PEM only (`tls.X509KeyPair` and
/// the CA pool), so etcd, etcdctl and Kubernetes cannot use the file as it is. A DER CRL is
/// fine: etcd's `--client-crl-file` reads either.
fn review_der_files(report: &Report, out: &mut Vec<Finding>) {
    let der_inputs: crate::map::Set<&str> = (report.inputs.iter())
        .filter(|i| i.format == crate::decode::InputFormat::Der)
        .map(|i| i.name.as_str())
        .collect();
    for item in &report.items {
        if item.source.locator.is_some() || !der_inputs.contains(&item.source.path.as_str()) {
            continue;
        }
        let (what, convert) = match &item.body {
            ItemBody::Certificate(_) => ("certificate", "x509"),
            ItemBody::PrivateKey(_) => ("key", "pkey"),
            _ => continue,
        };
        let path = crate::check::shell::quote(&item.source.path);
        out.push(Finding::new(
            FindingId::DerNotPem,
            vec![item.id.clone()],
            format!(
                "{} is a {what} in DER (binary), not PEM. etcd, etcdctl and Kubernetes read {what}s only as PEM (`-----BEGIN ...`): given this file they stop with \"tls: failed to find any PEM data in {what} input\".",
                item.id
            ),
            format!(
                "Convert it once: `openssl {convert} -inform der -in {path} -out <name>.pem`{}, and point the flag at the PEM file.",
                if convert == "pkey" { ", then `chmod 600` it" } else { "" }
            ),
        ));
    }
}

/// Runs every check.
pub(crate) fn review(report: &Report, options: &Options) -> Vec<Finding> {
    let mut out = Vec::new();
    let index = ReviewIndex::new(report);
    let by_id = &index.by_id;
    review_der_files(report, &mut out);
    for item in &report.items {
        match &item.body {
            ItemBody::Certificate(cert) => review_certificate(item, cert, &index, options, &mut out),
            ItemBody::PrivateKey(key) => {
                if key.format.is_encrypted() {
                    out.push(Finding::new(
                        FindingId::EncryptedKey,
                        vec![item.id.clone()],
                        format!("{} is protected by a password ({}). etcd, kube-apiserver and etcdctl read keys without asking for one, so they cannot load it.", item.id, key.format),
                        format!("Decrypt it once: `openssl pkey -in {} -out <plain.key>` (it asks for the password), then `chmod 600` the result and point the flag at it.", item.source.path),
                    ));
                }
                if key.format == KeyFormat::OpenSsh {
                    out.push(Finding::new(
                        FindingId::NotATlsKey,
                        vec![item.id.clone()],
                        format!("{} is an OpenSSH private key, not a TLS key.", item.id),
                        "Give the key that was generated with the certificate (a PEM `PRIVATE KEY`, `RSA PRIVATE KEY` or `EC PRIVATE KEY`).",
                    ));
                }
                if let Some(KeyAlgorithm::Rsa { bits }) = &key.algorithm
                    && *bits > 0
                    && *bits < 2048
                    && item.certificate.is_none()
                {
                    out.push(weak_key(item, *bits));
                }
                if item.certificate.is_none()
                    && item.public_key_item.is_none()
                    && key.public_key.is_some()
                    && item.bare_key().is_none()
                {
                    out.push(Finding::new(
                        FindingId::OrphanKey,
                        vec![item.id.clone()],
                        format!("No certificate or public key among the inputs pairs with {}.", item.id),
                        "If it belongs to a certificate, give that certificate too; a key alone proves nothing.",
                    ));
                }
            }
            ItemBody::Csr(csr) => {
                if csr.signature_valid == Some(false) {
                    out.push(Finding::new(
                        FindingId::CsrSignatureInvalid,
                        vec![item.id.clone()],
                        format!(
                            "{} is not signed by the key it asks to certify: it was altered or corrupted.",
                            item.id
                        ),
                        "Make the request again with `openssl req -new -key <key>`.",
                    ));
                }
            }
            ItemBody::Crl(crl) => {
                if let Some(next) = crl.next_update.filter(|n| *n < options.now) {
                    out.push(Finding::new(
                        FindingId::CrlExpired,
                        vec![item.id.clone()],
                        format!(
                            "{} was due to be replaced on {}, {} ago. etcd does not look at a CRL's next-update date and keeps using it as it is (revocations made since are not in it); verifiers that do (OpenSSL with -crl_check, some proxies) refuse every client while it is stale.",
                            item.id,
                            date(next),
                            humanize::between(options.now, next)
                        ),
                        "Publish a fresh CRL from its CA (`openssl ca -gencrl` for an OpenSSL CA, `cfssl gencrl` for a cfssl one) and point --client-crl-file at it.",
                    ));
                }
            }
            ItemBody::PublicKey(_) => {}
        }
        review_usages(item, by_id, &mut out);
    }
    review_keys_against_certificates(report, &mut out);
    review_duplicate_serials(report, &mut out);
    review_shared_keys(report, &mut out);
    review_issuer_constraints(report, &index, &mut out);
    review_members(report, &mut out);
    review_trust_beyond_etcd(report, by_id, &mut out);
    review_clients_against_etcds_trust(report, by_id, &mut out);
    review_kubernetes_ca_named_for_etcd(report, &mut out);
    review_member_certificate_named_as_client(report, &mut out);
    review_unresolved(report, &mut out);
    review_path_lengths(report, by_id, &mut out);
    out
}

/// Chains with more CAs below a CA than its path length constraint (`pathlen:N`) allows: Go
/// counts every CA between the leaf and that CA (`x509: too many intermediates for path length
/// constraint`), and so does OpenSSL (`path length constraint exceeded`).
fn review_path_lengths(report: &Report, by_id: &Map<&ItemId, &Item>, out: &mut Vec<Finding>) {
    let mut said: Set<&ItemId> = Set::new();
    for leaf in report
        .items
        .iter()
        .filter(|i| i.certificate().is_some_and(|c| !c.is_ca()))
    {
        let mut below: Vec<&Item> = Vec::new();
        let mut at = leaf.issued_by.as_ref().and_then(|id| by_id.get(id)).copied();
        while let Some(ca) = at {
            let Some(cert) = ca.certificate() else { break };
            if let Some(limit) = cert.basic_constraints.and_then(|b| b.path_len)
                && below.len() > limit as usize
                && !said.contains(&ca.id)
            {
                said.insert(&ca.id);
                let next = below.last().map(|i| i.id.to_string()).unwrap_or_default();
                out.push(Finding::new(
                    FindingId::PathLengthExceeded,
                    vec![ca.id.clone(), below[below.len() - 1].id.clone(), leaf.id.clone()],
                    format!(
                        "{} allows at most {limit} CA{} below it (pathlen:{limit}), but {} CA{} stand between it and {} ({next} the first below it): Go refuses the chain (`x509: too many intermediates for path length constraint`), and so does OpenSSL (`path length constraint exceeded`).",
                        ca.id,
                        if limit == 1 { "" } else { "s" },
                        below.len(),
                        if below.len() == 1 { "" } else { "s" },
                        leaf.id
                    ),
                    format!("Sign the leaves with a CA the constraint allows (with {} itself, when its pathlen is 0), or reissue {} with a larger pathlen or none.", ca.id, ca.id),
                ));
            }
            // A root ends the chain; a loop or a missing issuer ends it too.
            if cert.self_signed || below.len() > 16 {
                break;
            }
            below.push(ca);
            at = ca.issued_by.as_ref().and_then(|id| by_id.get(id)).copied();
        }
    }
}

/// The Kubernetes CA kept under etcd's CA's name (a Secret's `etcd-client-ca.crt` for Cilium,
/// `etcd-ca` for Calico, a file `etcd-ca.crt`) where no etcd member certificate among the inputs
/// is signed by it: the client that trusts it for etcd refuses etcd's serving certificate.
fn review_kubernetes_ca_named_for_etcd(report: &Report, out: &mut Vec<Finding>) {
    for item in report
        .items
        .iter()
        .filter(|i| i.role == Role::KubernetesCa && i.usages.is_empty())
    {
        let Some(cert) = item.certificate() else {
            continue;
        };
        let name = seen_as(item);
        let says_etcd_ca = name.to_ascii_lowercase().contains("etcd") && name_words(name).any(|word| word == "ca");
        let signs_etcd = report.items.iter().any(|leaf| {
            leaf.issued_by.as_ref() == Some(&item.id)
                && matches!(leaf.role, Role::EtcdServer | Role::EtcdPeer | Role::EtcdMember)
        });
        if !says_etcd_ca || signs_etcd {
            continue;
        }
        out.push(Finding::new(
            FindingId::UsageContradictsContent,
            vec![item.id.clone()],
            format!(
                "{} is named as etcd's CA ({name}) but holds the Kubernetes CA ({}): a client that trusts it for etcd refuses etcd's serving certificate (\"x509: certificate signed by unknown authority\"), and etcd refuses the client certificates it signs.",
                item.id, cert.subject.text
            ),
            "Put etcd's CA there instead: the CA that signed etcd's serving certificate (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).",
        ));
    }
}

/// The name a program sees an item by: a Secret's key is the file name its pod sees.
fn seen_as(item: &Item) -> &str {
    match item.source.locator.as_deref() {
        Some(locator) => locator.rsplit_once("data.").map_or(locator, |(_, key)| key),
        None => item.source.file_name(),
    }
}

/// The words of a name, in ASCII lower case (`etcd-client.crt`: etcd, client, crt).
fn name_words(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .map(str::to_ascii_lowercase)
}

/// etcd's member certificate kept under an etcd client's name (Calico's `etcd-cert`, Cilium's
/// `etcd-client.crt`) where no flag among the inputs says who takes it: the client presents
/// etcd's own identity, which etcd refuses where it lacks clientAuth.
fn review_member_certificate_named_as_client(report: &Report, out: &mut Vec<Finding>) {
    for item in report.items.iter().filter(|i| i.usages.is_empty()) {
        let Some(cert) = item.certificate().filter(|c| !c.is_ca()) else {
            continue;
        };
        let name = seen_as(item);
        let words: Vec<String> = name_words(name).collect();
        let says_etcd_client = words.iter().any(|w| w == "etcd")
            && words.iter().any(|w| matches!(w.as_str(), "cert" | "client"))
            && !words
                .iter()
                .any(|w| matches!(w.as_str(), "ca" | "server" | "peer" | "member" | "key"));
        let refused = !cert.allows_client_auth();
        if !says_etcd_client || !(refused || matches!(item.role, Role::EtcdServer | Role::EtcdPeer | Role::EtcdMember))
        {
            continue;
        }
        out.push(Finding::new(
            FindingId::UsageContradictsContent,
            vec![item.id.clone()],
            format!(
                "{} is named as the certificate a client presents to etcd ({name}) but holds etcd's own {} ({}): {}",
                item.id,
                if item.role.is_etcd() { item.role.title().trim_start_matches("etcd ") } else { "server certificate" },
                cert.subject.text,
                if refused {
                    "it lacks clientAuth, so etcd refuses it (\"bad certificate\" at the client)."
                } else {
                    "it works, as it carries clientAuth, but the client then acts as etcd itself, and whoever reads it holds etcd's serving identity."
                }
            ),
            "Issue the client a certificate of its own, for clientAuth and signed by etcd's CA, and put it and its key there (kubeadm's apiserver-etcd-client.crt and .key also do).",
        ));
    }
}

/// etcd takes every CA in its trust file as an anchor, and Go's TLS server builds a client's
/// chain from the certificates the client sends. A trust file that holds CAs above etcd's own
/// (k3s's custom CA files end with the intermediate and the root that sign every CA of the
/// cluster) therefore lets in every client certificate those CAs vouch for.
/// Each client certificate of etcd's among the inputs against each CA file an etcd
/// configuration among them trusts for clients (`--trusted-ca-file`): a client signed by a CA
/// that file does not hold is refused ("bad certificate" on the client's side, "certificate
/// signed by unknown authority" in etcd's log). Typhoon after a re-run of its Terraform keeps
/// the old CA in etcd's `server-ca.crt` while kube-apiserver gets a new client certificate.
fn review_clients_against_etcds_trust(report: &Report, by_id: &Map<&ItemId, &Item>, out: &mut Vec<Finding>) {
    // The files etcd trusts for clients, each with the keys of the CAs it holds and where
    // configuration names it.
    let mut trusted: Vec<(&str, Set<&str>, &Usage)> = Vec::new();
    for item in &report.items {
        let Some(usage) = item
            .usages
            .iter()
            .find(|u| u.program == Program::Etcd && u.slot == Slot::ClientCa)
        else {
            continue;
        };
        let Some(key) = item.certificate().map(|c| c.public_key.spki_sha256.as_str()) else {
            continue;
        };
        match trusted.iter_mut().find(|(path, ..)| *path == item.source.path) {
            Some((_, keys, _)) => {
                keys.insert(key);
            }
            None => trusted.push((item.source.path.as_str(), Set::from_iter([key]), usage)),
        }
    }
    if trusted.is_empty() {
        return;
    }
    // Folders of different clusters side by side (`prod/`, `staging/`): a client answers to the
    // etcd configured nearest to it, not to every etcd among the inputs.
    let nearness =
        |client: &Item, usage: &Usage| crate::analysis::shared_folders(&client.source.path, &usage.declared_in.path);
    for client in &report.items {
        let is_client = matches!(
            client.role,
            Role::ApiserverEtcdClient | Role::EtcdHealthcheckClient | Role::EtcdClient
        ) || client.usages.iter().any(|u| {
            u.slot == Slot::ClientCert
                && (u.program == Program::Etcdctl
                    || (u.program == Program::KubeApiserver && u.flag == "--etcd-certfile"))
        });
        if !is_client || client.kind() != ItemKind::Certificate {
            continue;
        }
        let Some(ca) = client.issued_by.as_ref().and_then(|id| by_id.get(id)) else {
            continue;
        };
        let Some(ca_key) = ca.certificate().map(|c| c.public_key.spki_sha256.as_str()) else {
            continue;
        };
        let nearest = (trusted.iter()).map(|(_, _, usage)| nearness(client, usage)).max();
        for (path, keys, usage) in &trusted {
            if keys.contains(ca_key) || Some(nearness(client, usage)) != nearest {
                continue;
            }
            let named = match usage.path.as_str() {
                named if named == *path => path.to_string(),
                named => format!("{named} (here {path})"),
            };
            let declared_in = &usage.declared_in;
            out.push(Finding::new(
                FindingId::ClientNotTrusted,
                vec![client.id.clone(), ca.id.clone()],
                format!(
                    "{} ({}) was signed by {}, but etcd trusts only {named} for its clients ({declared_in}), which does not hold that CA: etcd refuses it (the client sees \"bad certificate\" or \"context deadline exceeded\", etcd logs \"certificate signed by unknown authority\").",
                    client.id,
                    client.role.title(),
                    ca.id
                ),
                format!(
                    "Reissue {} from the CA in {path}, or, while rotating CAs, give etcd's --trusted-ca-file a bundle of both CAs.",
                    client.id
                ),
            ));
        }
    }
}

fn review_trust_beyond_etcd(report: &Report, by_id: &Map<&ItemId, &Item>, out: &mut Vec<Finding>) {
    fn fingerprint(i: &Item) -> Option<&str> {
        i.certificate().map(|c| c.fingerprint_sha256.as_str())
    }
    fn name(i: &Item) -> std::borrow::Cow<'_, str> {
        i.certificate().map(Certificate::display_name).unwrap_or_default()
    }
    // The certificates of each file, in the order of the inputs.
    let mut file_of: Map<&str, usize> = Map::new();
    let mut files: Vec<(&str, Vec<&Item>)> = Vec::new();
    for item in report.items.iter().filter(|i| i.kind() == ItemKind::Certificate) {
        let path = item.source.path.as_str();
        match file_of.get(path) {
            Some(&at) => files[at].1.push(item),
            None => {
                file_of.insert(path, files.len());
                files.push((path, vec![item]));
            }
        }
    }
    // A CA shared with Kubernetes is said once, whatever its copies.
    let mut noted_shared: Set<&str> = Set::new();
    for (path, certs) in &files {
        let Some(first) = certs.first() else { continue };
        for (slot, flag, whom) in [
            (Slot::ClientCa, "--trusted-ca-file", "clients"),
            (Slot::PeerCa, "--peer-trusted-ca-file", "peers"),
        ] {
            let declared =
                (certs.iter().flat_map(|c| &c.usages)).find(|u| u.program == Program::Etcd && u.slot == slot);
            let said = format!("etcd {flag}");
            let layout = first
                .matched
                .filter(|m| m.entry.used_by.iter().any(|u| u.starts_with(&said)));
            // The layout speaks only where no etcd configuration among the inputs names the file.
            let configured = (certs.iter().flat_map(|c| &c.usages)).any(|u| u.program == Program::Etcd);
            let how = match (declared, layout) {
                (Some(u), _) => format!("etcd {} in {}", u.flag, u.declared_in),
                (None, Some(m)) if !configured => format!("{}'s layout", m.profile.name),
                _ => continue,
            };
            // etcd's own CA: the file's first certificate, and any other etcd CA in it (a
            // bundle that keeps the previous CA through a rotation).
            let own: Set<&str> = std::iter::once(*first)
                .chain(
                    certs
                        .iter()
                        .copied()
                        .filter(|c| matches!(c.role, Role::EtcdCa | Role::EtcdPeerCa)),
                )
                .filter_map(fingerprint)
                .collect();
            // etcd's CA that is also Kubernetes' (the Hard Way's one CA): every Kubernetes client
            // certificate it signed is let in too, with all of etcd's data.
            if slot == Slot::ClientCa && fingerprint(first).is_some_and(|f| noted_shared.insert(f)) {
                let mut kube_clients: Vec<&Item> = (report.items.iter())
                    .filter(|l| !l.role.is_etcd() && l.role.is_kubernetes_client())
                    .filter(|l| l.certificate().is_some_and(|c| !c.is_ca() && c.allows_client_auth()))
                    .filter(|l| {
                        (l.chain.first().and_then(|id| by_id.get(id)))
                            .and_then(|issuer| fingerprint(issuer))
                            .is_some_and(|f| own.contains(f))
                    })
                    .collect();
                if !kube_clients.is_empty() {
                    crate::order::sort_by_key(&mut kube_clients, |l| {
                        (
                            !matches!(l.role, Role::KubeSuperAdmin | Role::KubeAdmin),
                            l.id.0.clone(),
                        )
                    });
                    let examples: Vec<String> = (kube_clients.iter().take(3))
                        .map(|l| format!("{} ({})", name(l), l.id))
                        .collect();
                    let more = kube_clients.len().saturating_sub(examples.len());
                    let mut items = vec![first.id.clone()];
                    items.extend(kube_clients.iter().take(3).map(|l| l.id.clone()));
                    let mut note = Finding::new(
                        FindingId::TrustBeyondEtcd,
                        items,
                        format!(
                            "etcd trusts {path} to vouch for its clients ({how}); that CA, {}, also signs Kubernetes' own client certificates, so etcd lets in {} of them, each with every key in etcd: {}{}.",
                            name(first),
                            kube_clients.len(),
                            examples.join(", "),
                            if more > 0 {
                                format!(" and {more} more")
                            } else {
                                String::new()
                            }
                        ),
                        "Give etcd a CA of its own (as kubeadm does with etcd/ca.crt) and reissue etcd's server, peer and client certificates from it; until then, guard every Kubernetes client key as one that can read every Secret.",
                    );
                    // A layout some distributions choose (Kubernetes the Hard Way): said, not failed.
                    note.severity = Severity::Info;
                    out.push(note);
                }
            }
            let anchors: Vec<&Item> = (certs.iter().copied())
                .filter(|c| c.certificate().is_some_and(Certificate::is_ca))
                .filter(|c| fingerprint(c).is_some_and(|f| !own.contains(f)))
                .collect();
            if anchors.is_empty() {
                continue;
            }
            let anchored: Set<&str> = anchors.iter().filter_map(|a| fingerprint(a)).collect();
            let mut seen = Set::new();
            let mut let_in: Vec<&Item> = Vec::new();
            for leaf in &report.items {
                let Some(cert) = leaf.certificate() else { continue };
                if cert.is_ca() || !cert.allows_client_auth() {
                    continue;
                }
                let above: Vec<&Item> = leaf.chain.iter().filter_map(|id| by_id.get(id).copied()).collect();
                // Signed by an etcd CA (this one, or the other of server and peer): made for etcd.
                let meant_for_etcd = above.first().is_none_or(|issuer| {
                    matches!(issuer.role, Role::EtcdCa | Role::EtcdPeerCa)
                        || fingerprint(issuer).is_some_and(|f| own.contains(f))
                });
                let above: Vec<&str> = above.into_iter().filter_map(fingerprint).collect();
                if !meant_for_etcd
                    && above.iter().any(|f| anchored.contains(f))
                    && seen.insert(cert.fingerprint_sha256.as_str())
                {
                    let_in.push(leaf);
                }
            }
            if let_in.is_empty() {
                continue;
            }
            // The most powerful first: whoever bypasses Kubernetes RBAC is the sharpest example.
            crate::order::sort_by_key(&mut let_in, |l| {
                (
                    !matches!(l.role, Role::KubeSuperAdmin | Role::KubeAdmin),
                    l.id.0.clone(),
                )
            });
            let examples: Vec<String> = let_in
                .iter()
                .take(3)
                .map(|l| format!("{} ({})", name(l), l.id))
                .collect();
            let more = let_in.len().saturating_sub(examples.len());
            // A bundle may hold many CAs: name three, count the rest.
            let mut anchor_names: Vec<String> = (anchors.iter().take(3))
                .map(|a| format!("{} ({})", name(a), a.id))
                .collect();
            if anchors.len() > 3 {
                let more = anchors.len() - 3;
                anchor_names.push(format!("{more} more CA{}", if more == 1 { "" } else { "s" }));
            }
            let rancher = first.matched.filter(|m| matches!(m.profile.id, "k3s" | "rke2"));
            let mut items = vec![first.id.clone()];
            items.extend(anchors.iter().take(3).map(|a| a.id.clone()));
            items.extend(let_in.iter().take(3).map(|l| l.id.clone()));
            out.push(Finding::new(
                FindingId::TrustBeyondEtcd,
                items,
                format!(
                    "etcd trusts {path} to vouch for its {whom} ({how}), and besides etcd's own CA {} the file holds {}. etcd takes every CA in the file as a trust anchor and builds a client's chain from the certificates the client sends, so it also lets in {} client certificate{} not made for etcd: {}{}. {}",
                    name(first),
                    match anchor_names.split_last() {
                        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
                        _ => anchor_names.concat(),
                    },
                    let_in.len(),
                    if let_in.len() == 1 { "" } else { "s" },
                    examples.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() },
                    if slot == Slot::ClientCa {
                        "Each can read and write every key unless etcd's authentication is on."
                    } else {
                        "Each passes the TLS check of etcd's peer port, which is all etcd asks of a member unless --peer-cert-allowed-cn or --peer-cert-allowed-hostname is set."
                    },
                ),
                match rancher {
                    Some(m) => format!(
                        "{name} writes etcd's configuration itself, so the file cannot be narrowed: sign etcd/server-ca and etcd/peer-ca from a root that signs nothing else when making the custom CAs (generate-custom-ca-certs.sh signs all five CAs from one intermediate), and keep etcd's ports unreachable from other nodes meanwhile. On a running cluster that is a CA rotation (`{id} certificate rotate-ca`, see the {name} docs).",
                        name = m.profile.name,
                        id = m.profile.id
                    ),
                    None => format!(
                        "Give etcd {flag} a file that holds only etcd's own CA (the first certificate of {path}), or sign etcd's CA from a root that signs nothing else."
                    ),
                },
            ));
        }
    }
}

/// What the per-certificate checks look up, gathered once so that reviewing a large set stays
/// linear: each lookup would otherwise scan every item or finding for every certificate.
struct ReviewIndex<'a> {
    by_id: Map<&'a ItemId, &'a Item>,
    /// Every CRL entry among the inputs by its serial number, with its CRL: etcd matches a
    /// certificate against its CRL file by serial alone.
    revocations: Map<&'a str, Vec<(&'a Item, &'a crate::model::Revocation)>>,
    /// The roles some certificate has.
    certificate_roles: Set<Role>,
    /// Items whose issuer was named but did not or could not check out (a linking finding).
    issuer_disputed: Set<&'a ItemId>,
    /// The distribution whose layout explains the set.
    distribution: Option<&'static crate::profile::Profile>,
    /// Each file's CA certificates, with their validity: a trust bundle's.
    cas_by_file: Map<&'a str, Vec<(&'a ItemId, &'a Certificate)>>,
}

impl<'a> ReviewIndex<'a> {
    fn new(report: &'a Report) -> Self {
        let mut revocations: Map<&str, Vec<(&Item, &crate::model::Revocation)>> = Map::new();
        for item in &report.items {
            if let ItemBody::Crl(crl) = &item.body {
                for entry in &crl.revoked {
                    revocations
                        .entry(entry.serial.as_str())
                        .or_default()
                        .push((item, entry));
                }
            }
        }
        ReviewIndex {
            by_id: report.items.iter().map(|i| (&i.id, i)).collect(),
            revocations,
            certificate_roles: report
                .items
                .iter()
                .filter(|i| i.kind() == ItemKind::Certificate)
                .map(|i| i.role)
                .collect(),
            issuer_disputed: report
                .findings
                .iter()
                .filter(|f| matches!(f.id, FindingId::SignatureInvalid | FindingId::UnverifiableSignature))
                .filter_map(|f| f.items.first())
                .collect(),
            distribution: report.distribution,
            cas_by_file: {
                let mut by_file: Map<&str, Vec<(&ItemId, &Certificate)>> = Map::new();
                for item in &report.items {
                    if let ItemBody::Certificate(c) = &item.body
                        && c.is_ca()
                    {
                        by_file
                            .entry(item.source.path.as_str())
                            .or_default()
                            .push((&item.id, c));
                    }
                }
                by_file
            },
        }
    }

    /// A CA that is valid at `now`, other than `item`, in `item`'s file (a trust bundle that
    /// keeps an old CA beside its successor, as OpenShift's do).
    fn current_ca_beside(&self, item: &Item, now: OffsetDateTime) -> Option<&'a ItemId> {
        (self.cas_by_file.get(item.source.path.as_str()))?
            .iter()
            .find(|(id, c)| **id != item.id && c.not_before <= now && now <= c.not_after)
            .map(|(id, _)| *id)
    }
}

fn weak_key(item: &Item, bits: usize) -> Finding {
    Finding::new(
        FindingId::WeakKey,
        vec![item.id.clone()],
        format!(
            "{} uses an RSA key of {bits} bits; under 2048 bits can be factored with enough effort, and Go refuses RSA keys under 1024 bits.",
            item.id
        ),
        "Reissue it with RSA 2048 or more, or ECDSA P-256.",
    )
}

fn review_certificate(
    item: &Item,
    cert: &Certificate,
    index: &ReviewIndex<'_>,
    options: &Options,
    out: &mut Vec<Finding>,
) {
    let id = || vec![item.id.clone()];
    let now = options.now;
    let name = format!("{} ({})", item.id, item.role.title());
    review_revocation(item, cert, index, out);
    if !cert.go_refuses.is_empty() {
        let only_version = cert.go_refuses.iter().all(|r| r.starts_with("it is not a version 3"));
        let mut finding = Finding::new(
            FindingId::GoRefuses,
            id(),
            format!(
                "{} is read by OpenSSL, but Go's crypto/x509, which etcd, etcdctl and Kubernetes use, {}: {}.",
                item.id,
                if only_version {
                    "reads it differently"
                } else {
                    "does not accept it"
                },
                cert.go_refuses.join("; ")
            ),
            "Reissue it as an ordinary version 3 certificate (openssl x509 -req, cfssl, kubeadm and rcgen make those), with a positive serial number, each extension once, no critical extension Go does not know, and a P-256, P-384, RSA or Ed25519 key.",
        );
        if only_version {
            // Go still loads it, as a root even; only what its extensions say is lost.
            finding.severity = Severity::Warning;
        }
        out.push(finding);
    }

    // Validity. notAfter before notBefore (a hand-edited or mistyped end date): no moment is
    // inside it, so Go refuses it at every time ("x509: certificate has expired or is not yet
    // valid", crypto/x509 verify.go isValid), whatever the clock says.
    if cert.not_after < cert.not_before {
        out.push(Finding::new(
            FindingId::Expired,
            id(),
            format!(
                "{name} is never valid: it ends on {}, {} before it begins on {}. Every TLS handshake that presents or checks it fails with \"certificate has expired or is not yet valid\", at any time.",
                date(cert.not_after),
                humanize::between(cert.not_before, cert.not_after),
                date(cert.not_before)
            ),
            format!(
                "Reissue it with an end date after its start date (`openssl x509 -req … -days <a positive number>`), with the same subject, SANs and key usages{}.",
                if cert.is_ca() { ", then reissue every certificate it signed" } else { "" }
            ),
        ));
    } else if cert.not_after < now
        && cert.is_ca()
        && let Some(current) = index.current_ca_beside(item, now)
    {
        // An old CA kept in a trust bundle beside its successor: verifiers build the chain
        // through the valid one; the expired one vouches for nothing any more.
        let mut expired = Finding::new(
            FindingId::Expired,
            id(),
            format!(
                "{name} expired on {}, {} ago. It sits in the trust bundle {} beside {current}, which is valid: verifiers build their chains through that one, and this one vouches for nothing any more.",
                date(cert.not_after),
                humanize::between(now, cert.not_after),
                item.source.path
            ),
            format!(
                "Nothing fails because of it. Take it out of {} once no certificate in use was signed by it (OpenShift keeps an old signer in its bundles on purpose until then).",
                item.source.path
            ),
        );
        expired.severity = Severity::Warning;
        out.push(expired);
    } else if cert.not_after < now {
        out.push(Finding::new(
            FindingId::Expired,
            id(),
            format!("{name} expired on {}, {} ago. Every TLS handshake that presents or checks it fails with \"certificate has expired\".", date(cert.not_after), humanize::between(now, cert.not_after)),
            renew_fix(item, index),
        ));
    } else if cert.not_before > now {
        out.push(Finding::new(
            FindingId::NotYetValid,
            id(),
            format!("{name} is not valid until {}, {} from now. Either it was issued on a machine whose clock is ahead, or this machine's clock is behind.", date(cert.not_before), humanize::between(cert.not_before, now)),
            "Check both clocks (`timedatectl`, chrony or NTP); if the clocks are right, wait or reissue it with a start date in the past.",
        ));
    } else if cert.not_after - now <= Duration::days(i64::from(options.warn_days)) {
        out.push(Finding::new(
            FindingId::ExpiringSoon,
            id(),
            format!(
                "{name} expires on {}, in {}.",
                date(cert.not_after),
                humanize::between(cert.not_after, now)
            ),
            renew_fix(item, index),
        ));
    }

    // Strength.
    if let KeyAlgorithm::Rsa { bits } = cert.public_key.algorithm
        && bits > 0
        && bits < 2048
    {
        out.push(weak_key(item, bits));
    }
    if let Some(hash) = cert.signed.algorithm.hash().filter(|h| h.is_weak())
        && !cert.self_signed
    {
        out.push(Finding::new(
                FindingId::WeakSignature,
                id(),
                format!(
                    "{} is signed with {hash}, which is broken for signatures: a forged certificate with the same signature can be made. {}",
                    item.id,
                    match hash {
                        HashAlgorithm::Md5 => "Go (etcd, Kubernetes) refuses MD5 signatures outright.",
                        _ => "Go (etcd, Kubernetes) has refused SHA-1 certificates since 1.18.",
                    }
                ),
                "Reissue it with a SHA-256 signature (`-sha256` with openssl; the default in kubeadm, cfssl and rcgen).",
            ));
    }

    // keyCertSign without CA:TRUE, which RFC 5280 4.2.1.9 forbids: OpenSSL refuses it with
    // -x509_strict ("Key usage keyCertSign invalid for non-CA cert"); Go refuses anything it
    // signs (x509.go CheckSignatureFrom). OpenSSL refuses what one with CA:FALSE signs, but
    // takes one without basic constraints as a trust anchor (v3_purp.c check_ca returns 4;
    // x509_vfy.c check_chain refuses it below the top of the chain and under -x509_strict).
    if !cert.is_ca() && cert.has_key_usage("keyCertSign") == Some(true) {
        out.push(Finding::new(
            FindingId::KeyCertSignNotCa,
            id(),
            format!(
                "{name} is not a CA ({}), yet its key usage includes keyCertSign. {} OpenSSL refuses the certificate itself under -x509_strict (\"Key usage keyCertSign invalid for non-CA cert\").",
                if cert.basic_constraints.is_some() { "CA:FALSE" } else { "no basic constraints" },
                if cert.basic_constraints.is_some() {
                    "It signs nothing that Go or OpenSSL would accept, and"
                } else {
                    "Go (etcd, Kubernetes) accepts nothing it signs; OpenSSL does while it is the trust anchor (`openssl verify -CAfile`), as check_ca takes keyCertSign without basic constraints for a CA, but not as an intermediate or with -x509_strict, where"
                }
            ),
            "When it is next reissued, leave keyCertSign out of its key usage (digitalSignature, plus keyEncipherment for an RSA key).",
        ));
    }

    // CA-ness. etcd's auto-TLS certificates are self-signed by design (CA:TRUE from 3.6).
    if cert.is_etcd_auto_tls() {
        out.push(Finding::new(
            FindingId::AutoTls,
            id(),
            format!(
                "{} is a certificate etcd made itself for {}: no CA vouches for it, so {}. The traffic is encrypted but anyone can pose as this member.",
                item.id,
                match item.role {
                    Role::EtcdServer => "--auto-tls",
                    Role::EtcdPeer => "--peer-auto-tls",
                    _ => "--auto-tls or --peer-auto-tls",
                },
                match item.role {
                    Role::EtcdServer => "clients cannot verify it unless they skip verification (etcdctl --insecure-skip-tls-verify)",
                    Role::EtcdPeer => "only members that also run with --peer-auto-tls accept it, as they check no peer's certificate",
                    _ => "clients cannot verify it unless they skip verification (etcdctl --insecure-skip-tls-verify); members with --peer-auto-tls check no peer's certificate",
                }
            ),
            "Give etcd certificates from a CA (--cert-file, --key-file, --trusted-ca-file and the --peer-* ones) and drop --auto-tls and --peer-auto-tls; etcd ignores them once certificates are given.",
        ));
    } else if cert.is_ca() {
        if cert.has_key_usage("keyCertSign") == Some(false) {
            out.push(Finding::new(
                FindingId::CaWithoutKeyCertSign,
                id(),
                format!("{} says CA:TRUE but its key usage lacks keyCertSign, so verifiers refuse every certificate it signs.", item.id),
                "Reissue the CA with keyUsage = critical, keyCertSign, cRLSign, digitalSignature.",
            ));
        }
        // TLS usages beside keyCertSign are a CA's own constraint on what it issues (every
        // Talos CA carries serverAuth+clientAuth, as Go's crypto/x509 allows): only without
        // keyCertSign do they make it a leaf.
        let tls_eku = (cert.names_usage(&crate::model::ExtendedKeyUsage::ServerAuth)
            || cert.names_usage(&crate::model::ExtendedKeyUsage::ClientAuth))
            && cert.has_key_usage("keyCertSign") != Some(true);
        if tls_eku || !item.role.is_ca() {
            out.push(Finding::new(
                FindingId::LeafClaimsCa,
                id(),
                format!("{} says CA:TRUE, yet it is made like a leaf ({}). Whoever holds its key can sign certificates that anyone trusting it will accept.", item.id, if tls_eku { "it has TLS server or client usage" } else { item.role.title() }),
                "Reissue it with basicConstraints CA:FALSE; keep CAs and leaves apart.",
            ));
        }
    } else if cert.self_signed {
        out.push(Finding::new(
            FindingId::SelfSignedLeaf,
            id(),
            format!("{} signed itself: it is its own passport office. Only a peer that trusts this exact certificate as a CA will accept it.", item.id),
            "Issue it from a CA (the etcd CA for etcd), and give that CA to the other side.",
        ));
    }

    // Usages by role.
    let client_slot = item
        .usages
        .iter()
        .any(|u| matches!(u.slot, Slot::ClientCert | Slot::PeerCert));
    let server_slot = item
        .usages
        .iter()
        .any(|u| matches!(u.slot, Slot::ServingCert | Slot::PeerCert));
    // etcd asks no auto-TLS peer for a certificate it would check (ServerConfig: NoClientCert
    // without --peer-client-cert-auth, which auto-TLS peers cannot pass anyway: no CA signed them).
    if !cert.is_ca()
        && (item.role.needs_client_auth() || client_slot)
        && !cert.allows_client_auth()
        && !cert.is_etcd_auto_tls()
    {
        out.push(Finding::new(
            FindingId::MissingClientAuth,
            id(),
            format!("{name} acts as a TLS client but its extended key usage lacks clientAuth, so the server refuses it (\"x509: certificate specifies an incompatible key usage\" in etcd's log, \"bad certificate\" at the client)."),
            // A peer certificate is a server and a client on 2380: it needs both.
            if server_slot || item.role.needs_server_auth() {
                "Reissue it with extendedKeyUsage = serverAuth, clientAuth, as kubeadm's etcd/peer.crt carries: on the peer port a member is server and client both."
            } else {
                "Use a certificate made for clients (for etcd: apiserver-etcd-client or healthcheck-client), or reissue this one with extendedKeyUsage = clientAuth."
            },
        ));
    }
    // What configuration uses only as a client (`kube-apiserver --etcd-certfile`) is judged as
    // one, whatever its extended key usage suggests: no server checks a client's names.
    let only_client = client_slot && !server_slot;
    if !cert.is_ca() && ((item.role.needs_server_auth() && !only_client) || server_slot) {
        if !cert.allows_server_auth() {
            out.push(Finding::new(
                FindingId::MissingServerAuth,
                id(),
                format!("{name} acts as a TLS server but its extended key usage lacks serverAuth, so clients refuse it."),
                "Reissue it with extendedKeyUsage = serverAuth (etcd member certificates need serverAuth and clientAuth).",
            ));
        }
        if cert.sans.is_empty() {
            out.push(Finding::new(
                FindingId::NoSans,
                id(),
                format!("{name} has no subject alternative names. Go clients (etcdctl, kube-apiserver) ignore the common name since Go 1.15 and fail with \"x509: certificate relies on legacy Common Name field\"."),
                "Reissue it with SANs for every name and IP clients dial (kubeadm adds the node name, localhost, 127.0.0.1, ::1 and the advertise address).",
            ));
        }
    }

    // Who signed it.
    let issuer = item.issued_by.as_ref().and_then(|i| index.by_id.get(i)).copied();
    match issuer {
        None if !cert.self_signed && !index.issuer_disputed.contains(&item.id) => {
            out.push(Finding::new(
                FindingId::IssuerNotFound,
                id(),
                format!(
                    "{} was issued by {}, which is not among the inputs, so its chain cannot be checked.",
                    item.id, cert.issuer.text
                ),
                match item.role.expected_issuer() {
                    Some(Role::EtcdCa) => {
                        "Add the etcd CA (kubeadm: /etc/kubernetes/pki/etcd/ca.crt) to check it.".to_string()
                    }
                    Some(Role::KubernetesCa) => {
                        "Add the Kubernetes CA (kubeadm: /etc/kubernetes/pki/ca.crt) to check it.".to_string()
                    }
                    Some(Role::FrontProxyCa) => {
                        "Add the front-proxy CA (kubeadm: /etc/kubernetes/pki/front-proxy-ca.crt) to check it."
                            .to_string()
                    }
                    _ => "Add the CA certificate that issued it to check the chain.".to_string(),
                },
            ));
        }
        Some(ca) => {
            if let Some(ca_cert) = ca.certificate() {
                // Tools that give the CA and its leaves one validity (`openssl -days`, Kubespray's
                // make-ssl-etcd.sh) sign each leaf seconds or minutes after the CA, so it ends that
                // much later: harmless, as the CA is renewed long before. Only a day or more counts.
                if cert.not_after - ca_cert.not_after >= Duration::days(1) {
                    out.push(Finding::new(
                        FindingId::OutlivesIssuer,
                        vec![item.id.clone(), ca.id.clone()],
                        format!("{} is valid until {}, but its CA {} expires on {}: from then on it fails although it has not expired itself.", item.id, date(cert.not_after), ca.id, date(ca_cert.not_after)),
                        format!("Before {}, extend the CA by re-signing its certificate with its own key (then {} stays valid as it is), or make a new CA and reissue {} from it.", date(ca_cert.not_after), item.id, item.id),
                    ));
                }
                if !ca_cert.is_ca() && !ca_cert.self_signed {
                    out.push(Finding::new(
                        FindingId::LeafUsedAsCa,
                        vec![item.id.clone(), ca.id.clone()],
                        format!(
                            "{} was signed by {}, which is not a CA (no CA:TRUE): verifiers refuse the chain.",
                            item.id, ca.id
                        ),
                        "Sign it with a real CA certificate.",
                    ));
                }
            }
            // The distribution's own layout says who signs it where it says anything (RKE signs
            // etcd's certificates with its one CA); otherwise kubeadm's.
            // An item whose layout is unlike the rest's was matched on its own content (a
            // Bitnami `etcd-peer` is named like k3s's, yet signed by its one CA): its
            // distribution's CAs are not the set's, so only the role's own CA is expected.
            let expected = item
                .matched
                .filter(|m| Some(m.profile) == index.distribution)
                .and_then(|m| m.entry.issuer)
                .or_else(|| item.role.expected_issuer());
            if let Some(expected) = expected {
                let specific_ca = matches!(ca.role, Role::KubernetesCa | Role::EtcdCa | Role::FrontProxyCa);
                if specific_ca && ca.role != expected {
                    let expected_present = index.certificate_roles.contains(&expected);
                    let mut f = Finding::new(
                        FindingId::WrongIssuerForRole,
                        vec![item.id.clone(), ca.id.clone()],
                        if expected_present {
                            format!(
                                "{name} was signed by the {} ({}), but its role needs the {}: the other side trusts only that CA and refuses it (\"certificate signed by unknown authority\").",
                                ca.role.title(),
                                ca.id,
                                expected.title()
                            )
                        } else {
                            format!(
                                "{name} was signed by the {} ({}), not by a separate {}. It works only if the other side trusts that CA, and then every certificate it signs (kubelets, admins) is trusted there too.",
                                ca.role.title(),
                                ca.id,
                                expected.title()
                            )
                        },
                        match expected {
                            Role::EtcdCa | Role::FrontProxyCa | Role::KubernetesCa => format!(
                                "Reissue {} from the {} (kubeadm keeps it in {}).",
                                item.id,
                                expected.title(),
                                match expected {
                                    Role::EtcdCa => "/etc/kubernetes/pki/etcd/ca.crt",
                                    Role::FrontProxyCa => "/etc/kubernetes/pki/front-proxy-ca.crt",
                                    _ => "/etc/kubernetes/pki/ca.crt",
                                }
                            ),
                            // kubeadm has no such CA: name no kubeadm file for it.
                            _ => format!("Reissue {} from the {}.", item.id, expected.title()),
                        },
                    );
                    if !expected_present {
                        f.severity = Severity::Warning;
                    }
                    out.push(f);
                }
            }
        }
        None => {}
    }
}

/// Revocation as etcd checks it (`checkCRL`, `--client-crl-file` and `--peer-crl-file`): every
/// serial number the CRL file lists, whatever the entry's reason and whichever CA signed the
/// list (etcd checks neither its signature nor its issuer), refuses each certificate the other
/// side presents with that serial.
fn review_revocation(item: &Item, cert: &Certificate, index: &ReviewIndex<'_>, out: &mut Vec<Finding>) {
    for &(crl_item, entry) in index.revocations.get(cert.serial.as_str()).into_iter().flatten() {
        let own_ca = crl_item.issued_by.is_some() && crl_item.issued_by == item.issued_by;
        let listed = match (&crl_item.issued_by, own_ca) {
            (Some(ca), true) => format!("is on {ca}'s revocation list {}", crl_item.id),
            (Some(ca), false) => format!(
                "was not issued by {ca}, yet its serial number is listed in {ca}'s revocation list {}",
                crl_item.id
            ),
            (None, _) => format!("has its serial number listed in {}", crl_item.id),
        };
        let (why, fix) = match entry.reason {
            Some("certificateHold") => (
                " (on hold, certificateHold)".to_string(),
                "Ask the CA to lift the hold by issuing a CRL without the entry (etcd does not honour removeFromCRL), or issue a new certificate.",
            ),
            Some("removeFromCRL") => (
                " (removeFromCRL: the entry lifts a hold, but etcd reads every listed serial as revoked)".to_string(),
                "Give etcd a CRL without the entry, or issue a new certificate.",
            ),
            Some(reason) => (
                format!(" ({reason})"),
                "Issue a new certificate; a revoked one cannot be restored.",
            ),
            None => (
                String::new(),
                "Issue a new certificate; a revoked one cannot be restored.",
            ),
        };
        let fix = if own_ca {
            fix.to_string()
        } else {
            format!(
                "If that list is etcd's --client-crl-file or --peer-crl-file, give etcd the CRL of {}'s own CA instead, or issue {} with another serial number.",
                item.id, item.id
            )
        };
        let mut finding = Finding::new(
            FindingId::Revoked,
            vec![item.id.clone(), crl_item.id.clone()],
            format!(
                "{} (serial {}) {listed}{why}: an etcd given that list refuses it{} (\"transport: certificate serial ... revoked\").",
                item.id,
                cert.serial,
                if own_ca {
                    ""
                } else {
                    ", as etcd matches serial numbers alone"
                }
            ),
            fix,
        );
        if !own_ca {
            // Only where that list is etcd's: the CRL of another CA is not meant for it.
            finding.severity = Severity::Warning;
        }
        out.push(finding);
    }
}

/// Checks that each file fits the slot configuration gives it.
fn review_usages(item: &Item, by_id: &Map<&ItemId, &Item>, out: &mut Vec<Finding>) {
    for usage in &item.usages {
        let place = format!("{} {} ({})", usage.program, usage.flag, usage.declared_in);
        let kind = item.kind();
        let wrong_type = match (kind, usage.slot) {
            (ItemKind::PrivateKey, slot) if !slot.takes_key() => Some("a private key where a certificate belongs"),
            (ItemKind::Certificate, slot) if slot.takes_key() => Some("a certificate where a private key belongs"),
            (ItemKind::Certificate, Slot::ServiceAccountPublicKey) => None,
            (ItemKind::Csr, _) => Some("a certificate signing request, not a certificate"),
            _ => None,
        };
        if let Some(what) = wrong_type {
            out.push(Finding::new(
                FindingId::WrongFileType,
                vec![item.id.clone()],
                format!("{place} names {}, which holds {what}.", item.source.path),
                "Point the flag at the right file: certificates end in .crt, keys in .key in a kubeadm layout; check whether two flags were swapped.",
            ));
            continue;
        }
        let Some(cert) = item.certificate() else {
            continue;
        };
        // `cat ca.crt server.crt > server.crt`: the leaf after its CA in one file. Go's
        // LoadX509KeyPair and OpenSSL take a file's first certificate as the leaf.
        let leaf_after = (item.id.0.ends_with("#1"))
            .then(|| {
                (2..=8).find_map(|n| {
                    by_id
                        .get(&ItemId(format!("{}#{n}", item.source.path)))
                        .filter(|i| i.certificate().is_some_and(|c| !c.is_ca()))
                })
            })
            .flatten();
        if usage.slot.takes_leaf()
            && cert.is_ca()
            && let Some(leaf) = leaf_after
        {
            out.push(Finding::new(
                FindingId::CaUsedAsLeaf,
                vec![item.id.clone(), leaf.id.clone()],
                format!("{place} names {}, which starts with a CA certificate ({}); the {} certificate, {}, comes after it. Go and OpenSSL take a file's first certificate as the leaf, so the CA is presented, and its key is not the one given.", item.source.path, item.id, slot_word(usage.slot), leaf.id),
                format!("Put the leaf first (`cat <leaf>.crt <ca>.crt > {}`), or give the leaf alone.", item.source.path),
            ));
        } else if usage.slot.takes_leaf() && cert.is_ca() {
            out.push(Finding::new(
                FindingId::CaUsedAsLeaf,
                vec![item.id.clone()],
                format!("{place} names {}, a CA certificate, where a {} certificate belongs. A CA is the passport office, not a passport: {}.", item.id, slot_word(usage.slot), if usage.slot == Slot::ClientCert { "it \"works\" only when the CA's own key is used as the client identity, which hands out the power to sign certificates" } else { "clients expect a leaf made for this server" }),
                if usage.slot == Slot::ClientCert {
                    "Use a leaf certificate signed by the CA (for etcdctl: healthcheck-client or apiserver-etcd-client) and give the CA to --cacert instead."
                } else {
                    "Use a leaf certificate made for this server, signed by the CA (kubeadm: etcd/server.crt, etcd/peer.crt), and give the CA to the trusted-CA flags instead."
                },
            ));
        }
        if usage.slot.takes_ca() && !cert.is_ca() {
            out.push(Finding::new(
                FindingId::LeafUsedAsCa,
                vec![item.id.clone()],
                format!("{place} names {}, a {} certificate, where a CA certificate belongs. Only the CA that signed the other side's certificate can vouch for it.", item.id, item.role.title()),
                match item.issued_by.as_ref().and_then(|i| by_id.get(i)) {
                    Some(ca) => format!("Give {} (the CA that signed it) instead.", ca.id),
                    None => "Give the CA certificate (for etcd in kubeadm: /etc/kubernetes/pki/etcd/ca.crt) instead.".into(),
                },
            ));
        }
        if usage.slot == Slot::ClientCert && matches!(usage.program, Program::KubeApiserver | Program::Etcdctl) {
            match item.role {
                Role::EtcdServer | Role::EtcdMember if cert.allows_client_auth() => out.push(Finding::new(
                    FindingId::ServerCertAsClient,
                    vec![item.id.clone()],
                    format!("{place} uses etcd's server certificate {} as a client certificate. It works, because kubeadm gives it clientAuth, but it is etcd's own identity.", item.id),
                    "Use the least-privileged client identity instead: etcd/healthcheck-client.crt for etcdctl, apiserver-etcd-client.crt for kube-apiserver.",
                )),
                // OpenShift's etcd pod does this by design: its etcdctl, readyz and metrics
                // proxy all dial etcd with the node's peer certificate.
                Role::EtcdPeer if !profile_uses_as_client(item) => out.push(Finding::new(
                    FindingId::PeerCertAsClient,
                    vec![item.id.clone()],
                    format!("{place} uses etcd's peer certificate {} as a client certificate: it is the identity members use with each other.", item.id),
                    "Use etcd/healthcheck-client.crt (etcdctl) or apiserver-etcd-client.crt (kube-apiserver).",
                )),
                _ => {}
            }
        }
        if let Some(hint) = usage.role_hint {
            let contradicts = hint != item.role
                && hint.is_ca() == item.role.is_ca()
                && item.role != Role::Unknown
                && !(hint == Role::EtcdServer && item.role == Role::EtcdMember)
                && !(hint == Role::EtcdPeer && item.role == Role::EtcdMember)
                && !(hint.is_ca() && matches!(item.role, Role::RootCa | Role::IntermediateCa))
                // k3s and RKE2 give etcd's peers a CA of their own.
                && !(usage.slot == Slot::PeerCa && item.role == Role::EtcdPeerCa)
                // The distribution puts it there itself (RKE: etcd trusts the cluster CA).
                && !layout_puts_it_there(item, &usage.program.to_string(), &usage.flag);
            if contradicts {
                out.push(Finding::new(
                    FindingId::UsageContradictsContent,
                    vec![item.id.clone()],
                    format!(
                        "{place} names {}, which is the {}, where the {} belongs.",
                        item.id,
                        item.role.title(),
                        hint.title()
                    ),
                    format!("Check the path: {} usually takes the {}.", usage.flag, hint.title()),
                ));
            }
        }
    }
}

/// Whether the distribution that explains the item gives it to `program`'s `flag` itself
/// (`etcd --trusted-ca-file`, or with a remark after it).
fn layout_puts_it_there(item: &Item, program: &str, flag: &str) -> bool {
    item.matched.is_some_and(|m| {
        m.entry.used_by.iter().any(|u| {
            u.strip_prefix(program)
                .and_then(|rest| rest.strip_prefix(' '))
                .and_then(|rest| rest.strip_prefix(flag))
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(" ("))
        })
    })
}

/// Whether the distribution that explains the item names it as an etcd client certificate.
fn profile_uses_as_client(item: &Item) -> bool {
    item.matched
        .is_some_and(|m| m.entry.used_by.iter().any(|u| u.starts_with("etcdctl --cert ")))
}

fn slot_word(slot: Slot) -> &'static str {
    match slot {
        Slot::ServingCert => "server",
        Slot::PeerCert => "peer",
        _ => "client",
    }
}

/// Certificates and keys meant to go together (same file name stem, same kubeconfig user,
/// same Secret, the two flags of one pair) that are not a pair.
fn review_keys_against_certificates(report: &Report, out: &mut Vec<Finding>) {
    // A key is meant to pair only with certificates named beside it in configuration, in the
    // same file, or with the same stem in the same folder: index those three ways, so each
    // key meets its few candidates instead of every certificate.
    let certs: Vec<&Item> = report
        .items
        .iter()
        .filter(|i| i.kind() == ItemKind::Certificate)
        .collect();
    let configured: Vec<usize> = (0..certs.len()).filter(|&c| !certs[c].usages.is_empty()).collect();
    let mut by_path: Map<&str, Vec<usize>> = Map::new();
    let mut by_stem: Map<(&str, String), Vec<usize>> = Map::new();
    for (c, cert) in certs.iter().enumerate() {
        by_path.entry(cert.source.path.as_str()).or_default().push(c);
        if cert.source.locator.is_none() {
            let stem = crate::profile::stem(cert.source.file_name());
            by_stem.entry((cert.source.folder(), stem)).or_default().push(c);
        }
    }
    let keys: Vec<&Item> = report
        .items
        .iter()
        .filter(|i| i.kind() == ItemKind::PrivateKey)
        .collect();
    let mut reported = Set::new();
    for key in &keys {
        let Some(key_public) = key.public_key() else {
            continue;
        };
        let mut candidates: Vec<usize> = by_path.get(key.source.path.as_str()).cloned().unwrap_or_default();
        if key.source.locator.is_none() {
            let stem = crate::profile::stem(key.source.file_name());
            candidates.extend(by_stem.get(&(key.source.folder(), stem)).into_iter().flatten());
        }
        if !key.usages.is_empty() {
            candidates.extend(&configured);
        }
        crate::order::sort_by_key(&mut candidates, |&c| c);
        candidates.dedup();
        // A bundle of CA, leaf and key pairs the key with the certificate it matches: the
        // other certificates of its file are not meant for it.
        let matches = |c: &Item| {
            c.certificate()
                .is_some_and(|c| c.public_key.material == key_public.material)
        };
        let file_holds_its_cert = by_path
            .get(key.source.path.as_str())
            .is_some_and(|cs| cs.iter().any(|&c| matches(certs[c]) && same_file(certs[c], key)));
        for cert_item in candidates.into_iter().map(|c| certs[c]) {
            let Some(cert) = cert_item.certificate() else {
                continue;
            };
            if !meant_to_pair(cert_item, key)
                || cert.public_key.material == key_public.material
                || (file_holds_its_cert && same_file(cert_item, key) && !declared_pair(cert_item, key))
            {
                continue;
            }
            if !reported.insert((cert_item.id.clone(), key.id.clone())) {
                continue;
            }
            let belongs = match &key.certificate {
                Some(other) => format!(" It is the key of {other}."),
                None => String::new(),
            };
            let right_key = match &cert_item.key {
                Some(k) => format!(" The key of {} is {k}.", cert_item.id),
                None => String::new(),
            };
            out.push(Finding::new(
                FindingId::KeyMismatch,
                vec![cert_item.id.clone(), key.id.clone()],
                format!("{} is not the private key of {}: the certificate's public key ({}) is not this key's public half ({}).{belongs}{right_key} TLS fails with \"tls: private key does not match public key\".", key.id, cert_item.id, short(&cert.public_key.spki_sha256), short(&key_public.spki_sha256)),
                "Give the key that was generated together with this certificate; if it is lost, reissue the certificate for the key you have.",
            ));
        }
    }
}

fn short(hash: &str) -> String {
    format!("sha256:{}", &hash[..hash.len().min(16)])
}

/// Whether a certificate and a key are presented as a pair.
fn meant_to_pair(cert: &Item, key: &Item) -> bool {
    if declared_pair(cert, key) {
        return true;
    }
    // The same file holding one of each.
    if same_file(cert, key) {
        let (Some(cl), Some(kl)) = (&cert.source.locator, &key.source.locator) else {
            return cert.source.locator.is_none();
        };
        return embedded_pair(cl, kl)
            || (cl.chars().all(|c| c.is_ascii_digit()) && kl.chars().all(|c| c.is_ascii_digit()));
    }
    // server.crt and server.key in one folder.
    cert.source.locator.is_none()
        && key.source.locator.is_none()
        && cert.source.folder() == key.source.folder()
        && crate::profile::stem(cert.source.file_name()) == crate::profile::stem(key.source.file_name())
}

fn same_file(cert: &Item, key: &Item) -> bool {
    cert.source.path == key.source.path && cert.source.locator.is_none() == key.source.locator.is_none()
}

/// The two flags of one pair, in one container or kubeconfig user.
fn declared_pair(cert: &Item, key: &Item) -> bool {
    for cu in &cert.usages {
        for ku in &key.usages {
            if cu.declared_in == ku.declared_in
                && cu.group == ku.group
                && !cu.pair.is_empty()
                && cu.pair == ku.pair
                && ku.slot.certificate_slot() == Some(cu.slot)
            {
                return true;
            }
        }
    }
    false
}

/// `users[0].client-certificate-data` with `users[0].client-key-data`; `data.tls.crt` with
/// `data.tls.key`.
fn embedded_pair(cert_locator: &str, key_locator: &str) -> bool {
    let pairs = [
        (".client-certificate-data", ".client-key-data"),
        (".tls.crt", ".tls.key"),
    ];
    pairs.iter().any(
        |(c, k)| match (cert_locator.strip_suffix(c), key_locator.strip_suffix(k)) {
            (Some(cp), Some(kp)) => cp == kp,
            _ => false,
        },
    )
}

fn review_duplicate_serials(report: &Report, out: &mut Vec<Finding>) {
    let mut seen: Map<(&ItemId, &str), &Item> = Map::new();
    for item in &report.items {
        let (Some(cert), Some(issuer)) = (item.certificate(), item.issued_by.as_ref()) else {
            continue;
        };
        match seen.get(&(issuer, cert.serial.as_str())) {
            Some(first)
                if first
                    .certificate()
                    .is_some_and(|f| f.fingerprint_sha256 != cert.fingerprint_sha256) =>
            {
                out.push(Finding::new(
                    FindingId::DuplicateSerial,
                    vec![item.id.clone(), first.id.clone()],
                    format!("{} and {} are different certificates from {issuer} with the same serial {}. Revocation by serial would hit both, and some clients refuse such pairs.", item.id, first.id, cert.serial),
                    "Reissue one of them; CAs must never reuse serials (use random 128-bit serials).",
                ));
            }
            Some(_) => {}
            None => {
                seen.insert((issuer, cert.serial.as_str()), item);
            }
        }
    }
}

/// Certificates of different subjects that carry one public key. Copies of a certificate, and
/// renewals that keep their key (kubeadm's `certs renew` does), are one subject and say nothing.
fn review_shared_keys(report: &Report, out: &mut Vec<Finding>) {
    // Groups in the order of the inputs.
    let mut group_of: Map<&str, usize> = Map::new();
    let mut groups: Vec<Vec<&Item>> = Vec::new();
    for item in &report.items {
        let Some(cert) = item.certificate() else { continue };
        let at = *group_of
            .entry(cert.public_key.spki_sha256.as_str())
            .or_insert(groups.len());
        if at == groups.len() {
            groups.push(Vec::new());
        }
        let group = &mut groups[at];
        let new_subject = group
            .iter()
            .all(|other| other.certificate().is_some_and(|c| c.subject.text != cert.subject.text));
        if new_subject {
            group.push(item);
        }
    }
    for group in groups.iter().filter(|g| g.len() > 1) {
        let names: Vec<String> = group
            .iter()
            .map(|i| {
                let name = i.certificate().map(Certificate::display_name).unwrap_or_default();
                format!("{} ({name})", i.id)
            })
            .collect();
        let mut keys: Vec<String> = Vec::new();
        for key in group.iter().filter_map(|i| i.key.as_ref().map(ToString::to_string)) {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        let holders = match keys.as_slice() {
            [] => "whoever holds that private key".to_string(),
            [one] => format!("whoever holds {one}"),
            [rest @ .., last] => format!("whoever holds {} or {last} (the same key)", rest.join(", ")),
        };
        // Every certificate but the first needs a key of its own: with three sharing one key,
        // reissuing one of them still leaves two sharing.
        let mut plain: Vec<String> = Vec::new();
        let mut steps: Vec<String> = Vec::new();
        for item in &group[1..] {
            match item.renewal() {
                Some(advice) => steps.push(format!("Give {} a key of its own. {advice}", item.id)),
                None => plain.push(item.id.to_string()),
            }
        }
        match plain.as_slice() {
            [] => {}
            [one] => steps.push(format!(
                "Reissue {one} with a new key of its own, and restart what uses it."
            )),
            _ => steps.push(format!(
                "Reissue {} each with a new key of its own, and restart what uses them.",
                and_list(&plain)
            )),
        }
        let fix = steps.join(" ");
        out.push(Finding::new(
            FindingId::SharedKey,
            group.iter().map(|i| i.id.clone()).collect(),
            format!(
                "{} carry the same public key: {holders} can present each of them, with the rights of the most powerful.",
                and_list(&names)
            ),
            fix,
        ));
    }
}

/// What a CA above a certificate says about it that verifiers hold to, beyond the signature:
/// the names its name constraints allow (Go checks every CA in the chain, the root too,
/// against the SANs of every certificate below it: crypto/x509 verify.go isValid), and whether
/// the certificate's authority key identifier names the CA's subject key identifier (OpenSSL
/// takes a CA whose differs for another, X509_check_akid; Go only ranks its candidates by it,
/// CertPool.findPotentialParents, and still builds the chain).
fn review_issuer_constraints(report: &Report, index: &ReviewIndex<'_>, out: &mut Vec<Finding>) {
    for item in &report.items {
        let Some(cert) = item.certificate() else { continue };
        // Key identifiers, against the issuer that verified.
        if let Some(issuer) = item.issued_by.as_ref().and_then(|id| index.by_id.get(id))
            && let Some(ca) = issuer.certificate()
            && let (Some(aki), Some(ski)) = (cert.authority_key_id.as_deref(), ca.subject_key_id.as_deref())
            && !aki.eq_ignore_ascii_case(ski)
            && !cert.self_signed
        {
            out.push(Finding::new(
                FindingId::KeyIdMismatch,
                vec![item.id.clone(), issuer.id.clone()],
                format!(
                    "{}'s authority key identifier {} is not the subject key identifier of {}, {}, though that CA's key signed it. Go (etcd, etcdctl, Kubernetes) still builds the chain; OpenSSL (openssl verify, curl, openssl s_client) does not take {} as its issuer and fails with \"unable to get local issuer certificate\".",
                    item.id,
                    colon_hex(aki),
                    issuer.id,
                    colon_hex(ski),
                    issuer.id
                ),
                format!(
                    "Reissue {} from {} as it is now, so that its authority key identifier names the CA's; or give OpenSSL the CA certificate whose subject key identifier is {} (the CA was remade with the same key and a new key identifier).",
                    item.id,
                    issuer.id,
                    colon_hex(aki)
                ),
            ));
        }
        // Name constraints and extended key usages of every CA above it.
        // The usages it is marked for, or, without an extended key usage, the ones its role
        // is used for (an etcd server certificate with none is still checked for serverAuth).
        let explicit_usages: Vec<ExtendedKeyUsage> = [ExtendedKeyUsage::ServerAuth, ExtendedKeyUsage::ClientAuth]
            .into_iter()
            .filter(|u| {
                !cert.is_ca()
                    && match &cert.extended_key_usage {
                        Some(e) => e.contains(u),
                        None => match u {
                            ExtendedKeyUsage::ServerAuth => item.role.needs_server_auth(),
                            _ => item.role.needs_client_auth(),
                        },
                    }
            })
            .collect();
        let mut usage_blocked = false;
        let mut name_reported = false;
        let mut seen: Vec<&ItemId> = vec![&item.id];
        let mut above = item.issued_by.as_ref();
        while let Some(ca_id) = above {
            if seen.contains(&ca_id) || seen.len() > 16 {
                break;
            }
            seen.push(ca_id);
            let Some(ca_item) = index.by_id.get(ca_id) else { break };
            let Some(ca) = ca_item.certificate() else { break };
            // Go asks every certificate of the chain for the usage (verify.go
            // checkChainForKeyUsage); a CA with an extended key usage lacking it (and not
            // anyExtendedKeyUsage) stops it.
            if !usage_blocked
                && let Some(ca_ekus) = &ca.extended_key_usage
                && !ca_ekus.contains(&ExtendedKeyUsage::Any)
                && let Some(blocked) = explicit_usages.iter().find(|u| !ca_ekus.contains(u))
            {
                usage_blocked = true;
                let (what, purpose) = match blocked {
                    ExtendedKeyUsage::ServerAuth => ("TLS servers (serverAuth)", "sslserver"),
                    _ => ("TLS clients (clientAuth)", "sslclient"),
                };
                out.push(Finding::new(
                    FindingId::IssuerUsageRestricts,
                    vec![item.id.clone(), ca_item.id.clone()],
                    format!(
                        "{} is {} {what}, but {} above it has an extended key usage without it. Go (etcd, etcdctl, Kubernetes) asks every certificate of the chain for the usage and refuses with \"x509: certificate specifies an incompatible key usage\"; openssl verify -purpose {purpose} with \"unsuitable certificate purpose\".",
                        item.id,
                        if cert.extended_key_usage.is_some() { "marked for" } else { "used for" },
                        ca_item.id
                    ),
                    format!(
                        "Reissue {} with its key and name, without an extended key usage (a CA needs none) or with {what} among its usages: {} and everything else it signed stay valid.",
                        ca_item.id, item.id
                    ),
                ));
            }
            if !name_reported
                && !cert.sans.is_empty()
                && let Some(constraints) = &ca.name_constraints
                && let Some(why) = cert.sans.iter().find_map(|san| name_refused(san, constraints))
            {
                let allowed: Vec<String> = constraints.permitted.iter().map(ToString::to_string).collect();
                out.push(Finding::new(
                    FindingId::NameNotPermitted,
                    vec![item.id.clone(), ca_item.id.clone()],
                    format!(
                        "{} carries a name that {} may not vouch for: Go (etcd, etcdctl, Kubernetes) refuses the chain with \"x509: a root or intermediate certificate is not authorized to sign for this name: {}\", and OpenSSL with \"{} subtree violation\".",
                        item.id,
                        ca_item.id,
                        why.go,
                        if why.excluded { "excluded" } else { "permitted" }
                    ),
                    if allowed.is_empty() {
                        format!(
                            "Reissue {} without the names {}'s name constraints exclude, or from a CA without them.",
                            item.id, ca_item.id
                        )
                    } else {
                        format!(
                            "Reissue {} with names inside {}'s name constraints ({}), or from a CA without them.",
                            item.id,
                            ca_item.id,
                            allowed.join(", ")
                        )
                    },
                ));
                name_reported = true;
            }
            if ca.self_signed {
                break;
            }
            above = ca_item.issued_by.as_ref();
        }
    }
}

/// `abcd` as `AB:CD`, as `openssl x509 -text` prints key identifiers.
fn colon_hex(hex: &str) -> String {
    let upper = hex.to_ascii_uppercase();
    let pairs: Vec<&str> = (0..upper.len() / 2)
        .filter_map(|i| upper.get(2 * i..2 * i + 2))
        .collect();
    pairs.join(":")
}

/// Why a CA's name constraints refuse one name, as Go words it.
struct Refusal {
    go: String,
    excluded: bool,
}

/// Whether `constraints` refuse `san`, as Go's checkNameConstraints decides (verify.go): an
/// excluded subtree that matches refuses it; otherwise, where permitted subtrees of its kind
/// exist, one of them must match. Names of other kinds are not checked.
fn name_refused(san: &crate::model::San, constraints: &crate::model::NameConstraints) -> Option<Refusal> {
    use crate::model::{NameConstraint, San};
    let (kind, name): (&str, String) = match san {
        San::Dns(d) => ("DNS name", d.clone()),
        San::Email(e) => ("email address", e.clone()),
        San::Ip(ip) => ("IP address", ip.to_string()),
        San::Uri(u) => ("URI", u.clone()),
        San::Other(_) => return None,
    };
    let matches = |c: &NameConstraint| -> Option<bool> {
        match (san, c) {
            (San::Dns(d), NameConstraint::Dns(c)) => Some(domain_matches(d, c)),
            (San::Email(e), NameConstraint::Email(c)) => {
                let (local, domain) = e.rsplit_once('@')?;
                Some(match c.rsplit_once('@') {
                    Some((c_local, c_domain)) => local == c_local && domain.eq_ignore_ascii_case(c_domain),
                    None => domain_matches(domain, c),
                })
            }
            (San::Uri(u), NameConstraint::Uri(c)) => Some(domain_matches(&uri_host(u)?, c)),
            (San::Ip(ip), NameConstraint::Ip(addr, mask)) => {
                let octets: Vec<u8> = match ip {
                    std::net::IpAddr::V4(v4) => v4.octets().to_vec(),
                    std::net::IpAddr::V6(v6) => v6.octets().to_vec(),
                };
                Some(
                    octets.len() == addr.len()
                        && octets.len() == mask.len()
                        && octets.iter().zip(addr).zip(mask).all(|((o, a), m)| o & m == a & m),
                )
            }
            _ => None,
        }
    };
    let quoted = |text: &str| format!("\"{text}\"");
    if let Some(c) = constraints.excluded.iter().find(|c| matches(c) == Some(true)) {
        let constraint = match c {
            NameConstraint::Dns(v) | NameConstraint::Email(v) | NameConstraint::Uri(v) => v.clone(),
            NameConstraint::Ip(addr, mask) => go_ip_net(addr, mask),
        };
        return Some(Refusal {
            go: format!(
                "{kind} {} is excluded by constraint {}",
                quoted(&name),
                quoted(&constraint)
            ),
            excluded: true,
        });
    }
    let of_kind: Vec<Option<bool>> = constraints
        .permitted
        .iter()
        .map(matches)
        .filter(Option::is_some)
        .collect();
    if of_kind.is_empty() || of_kind.contains(&Some(true)) {
        return None;
    }
    Some(Refusal {
        go: format!("{kind} {} is not permitted by any constraint", quoted(&name)),
        excluded: false,
    })
}

/// An IP range as Go's net.IPNet prints it: the network number, then the prefix length (or the
/// mask in hex when it is not one run of ones).
fn go_ip_net(addr: &[u8], mask: &[u8]) -> String {
    let network: Vec<u8> = addr.iter().zip(mask).map(|(a, m)| a & m).collect();
    let ip = match network.len() {
        4 => std::net::IpAddr::from([network[0], network[1], network[2], network[3]]).to_string(),
        16 => {
            let mut o = [0u8; 16];
            o.copy_from_slice(&network);
            std::net::IpAddr::from(o).to_string()
        }
        _ => return String::new(),
    };
    let ones: u32 = mask.iter().map(|b| b.count_ones()).sum();
    let canonical = mask
        .iter()
        .flat_map(|b| (0..8).rev().map(move |i| b >> i & 1))
        .skip_while(|bit| *bit == 1)
        .all(|bit| bit == 0);
    if canonical {
        format!("{ip}/{ones}")
    } else {
        let hex: String = mask.iter().map(|b| format!("{b:02x}")).collect();
        format!("{ip}/{hex}")
    }
}

/// Go's matchDomainConstraint: `example.com` takes the domain and every name below it,
/// `.example.com` only the names below it; labels compared without ASCII case.
fn domain_matches(domain: &str, constraint: &str) -> bool {
    if constraint.is_empty() {
        return true;
    }
    let (must_be_below, constraint) = match constraint.strip_prefix('.') {
        Some(rest) => (true, rest),
        None => (false, constraint),
    };
    let labels: Vec<&str> = domain.split('.').rev().collect();
    let wanted: Vec<&str> = constraint.split('.').rev().collect();
    if labels.len() < wanted.len() || (must_be_below && labels.len() == wanted.len()) {
        return false;
    }
    wanted.iter().zip(&labels).all(|(w, l)| w.eq_ignore_ascii_case(l))
}

/// The host of a URI name, without its port; none for an IP address, which Go refuses to match.
fn uri_host(uri: &str) -> Option<String> {
    let rest = uri.split_once("://").map_or(uri, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host_port.starts_with('[') {
        return None;
    } else {
        host_port.split(':').next()?
    };
    (!host.is_empty() && host.parse::<std::net::IpAddr>().is_err()).then(|| host.to_string())
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn host_of(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split('/').next().unwrap_or(rest);
    let host = if let Some(stripped) = authority.strip_prefix('[') {
        stripped.split(']').next().unwrap_or(stripped).to_string()
    } else {
        authority
            .rsplit_once(':')
            .map(|(h, _)| h)
            .unwrap_or(authority)
            .to_string()
    };
    Some((scheme.to_ascii_lowercase(), host))
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.starts_with("127.") || host == "::1"
}

fn is_wildcard(host: &str) -> bool {
    host.is_empty() || host == "0.0.0.0" || host == "::" || host == "*"
}

fn review_members(report: &Report, out: &mut Vec<Finding>) {
    for member in &report.members {
        let declared_in = &member.declared_in;
        // One file may start several members (etcd's hack/tls-setup Procfile): each has the
        // files of its own line, and is said by its name there.
        let shared = report.members.iter().filter(|m| &m.declared_in == declared_in).count() > 1;
        let cert_for = |slot: Slot| {
            report.items.iter().find(|i| {
                i.kind() == ItemKind::Certificate
                    && i.usages.iter().any(|u| {
                        u.slot == slot
                            && u.program == Program::Etcd
                            && &u.declared_in == declared_in
                            && (!shared || u.group == member.group)
                    })
            })
        };
        let from = match &member.name {
            Some(name) if shared => format!("{declared_in}, --name {name}"),
            _ => declared_in.to_string(),
        };
        for (slot, urls, what) in [
            (
                Slot::ServingCert,
                [&member.advertise_client_urls, &member.listen_client_urls],
                "client",
            ),
            (
                Slot::PeerCert,
                [&member.advertise_peer_urls, &member.listen_peer_urls],
                "peer",
            ),
        ] {
            let Some(item) = cert_for(slot) else { continue };
            let Some(cert) = item.certificate() else {
                continue;
            };
            let mut missing = Vec::new();
            for url in urls.iter().flat_map(|u| u.iter()) {
                let Some((scheme, host)) = host_of(url) else {
                    continue;
                };
                if scheme != "https" || is_wildcard(&host) || cert.covers_host(&host) || missing.contains(&host) {
                    continue;
                }
                missing.push(host);
            }
            if !missing.is_empty() {
                let sans: Vec<String> = cert.sans.iter().map(|s| s.to_string()).collect();
                out.push(Finding::new(
                    FindingId::SanMissingEndpoint,
                    vec![item.id.clone()],
                    format!(
                        "etcd ({from}) serves {what} TLS on {}, but {} covers only [{}]. {} dialling {} fail with \"x509: certificate is valid for ..., not {}\".",
                        missing.join(", "),
                        item.id,
                        sans.join(", "),
                        if what == "client" { "Clients" } else { "Other members" },
                        missing.join(", "),
                        missing[0]
                    ),
                    item.adding_names(what == "peer", &missing.join(", ")),
                ));
            }
        }
        if member.has_cert && !member.has_trusted_ca && member.client_cert_auth != Some(true) {
            out.push(Finding::new(
                FindingId::ClientCertAuthDisabled,
                Vec::new(),
                format!("etcd ({from}) serves TLS to clients but neither --client-cert-auth nor --trusted-ca-file is set: anyone who reaches port 2379 can read and write every key, including every Kubernetes Secret."),
                "Set --client-cert-auth=true and --trusted-ca-file=<etcd CA> (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).",
            ));
        }
        if member.has_peer_cert && !member.has_peer_trusted_ca && member.peer_client_cert_auth != Some(true) {
            out.push(Finding::new(
                FindingId::PeerCertAuthDisabled,
                Vec::new(),
                format!("etcd ({from}) uses TLS between members but does not require peer certificates: anyone who reaches port 2380 can pose as a member."),
                "Set --peer-client-cert-auth=true and --peer-trusted-ca-file=<etcd CA>.",
            ));
        }
        for url in &member.listen_client_urls {
            if let Some((scheme, host)) = host_of(url)
                && scheme == "http"
                && !is_loopback(&host)
            {
                out.push(Finding::new(
                        FindingId::PlaintextClientUrl,
                        Vec::new(),
                        format!("etcd ({from}) listens for clients without TLS on {url}: anyone on that network can read every key."),
                        "Serve clients on https:// only, or bind plain HTTP to 127.0.0.1.",
                    ));
            }
        }
        if member.auto_tls {
            out.push(Finding::new(
                FindingId::AutoTls,
                Vec::new(),
                format!("etcd ({from}) runs with --auto-tls or --peer-auto-tls: it makes throwaway self-signed certificates that no one can verify, so the connection is encrypted but anyone can impersonate it."),
                "Give etcd certificates from a CA instead (--cert-file/--peer-cert-file with --trusted-ca-file).",
            ));
        }
    }
}

fn review_unresolved(report: &Report, out: &mut Vec<Finding>) {
    let mut seen = Set::new();
    for usage in &report.unresolved_usages {
        if !seen.insert(usage.path.clone()) {
            continue;
        }
        let mut f = Finding::new(
            FindingId::ReferencedFileMissing,
            Vec::new(),
            format!(
                "{} names {} ({} {}), which is not among the inputs.",
                usage.declared_in, usage.path, usage.program, usage.flag
            ),
            format!("Explain it too: `etcdtls explain {}`.", usage.path),
        );
        f.severity = Severity::Info;
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_scheme_and_host() {
        assert_eq!(
            host_of("https://10.0.0.1:2379"),
            Some(("https".into(), "10.0.0.1".into()))
        );
        assert_eq!(host_of("https://[::1]:2379"), Some(("https".into(), "::1".into())));
        assert_eq!(
            host_of("http://localhost:2379/x"),
            Some(("http".into(), "localhost".into()))
        );
    }

    #[test]
    fn embedded_pairs() {
        assert!(embedded_pair(
            "users[0].client-certificate-data",
            "users[0].client-key-data"
        ));
        assert!(!embedded_pair(
            "users[0].client-certificate-data",
            "users[1].client-key-data"
        ));
        assert!(embedded_pair("data.tls.crt", "data.tls.key"));
        assert!(embedded_pair("items[2].data.tls.crt", "items[2].data.tls.key"));
        assert!(!embedded_pair("items[1].data.tls.crt", "items[2].data.tls.key"));
    }
}
