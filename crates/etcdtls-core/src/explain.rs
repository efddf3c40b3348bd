//! Plain words for each item, with the passport picture: the CA is the passport office, the
//! certificate is the passport, the private key is the fingerprint that proves the passport
//! is yours.

use serde::Serialize;

use crate::analysis::Report;
use crate::humanize::{self, date};
use crate::model::{Item, ItemBody, KeyFormat};
use crate::role::Role;

/// An item explained for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// One line: what it is.
    pub headline: String,
    /// The passport picture, in a sentence or two.
    pub picture: String,
    /// Who issued it.
    pub issued_by: String,
    /// Whom it identifies.
    pub identifies: String,
    /// What it lets its holder do.
    pub allows: String,
    /// Which flags take it: what the configuration says, or what usually takes this role.
    pub used_by: Vec<String>,
    /// How long it is good for.
    pub validity: String,
}

/// Explains one item of a report.
pub fn explain(report: &Report, item: &Item) -> Explanation {
    match &item.body {
        ItemBody::Certificate(cert) => {
            let role = item.role;
            // Names as a sentence can hold them: empty or space-edged ones quoted or said.
            let cn = cert.display_name();
            let orgs: Vec<String> = cert.subject.organizations.iter().map(|o| spoken(o)).collect();
            let who = match (&cert.subject.common_name, orgs.is_empty()) {
                (Some(_), true) => cn.to_string(),
                // Kubernetes reads a client certificate's O as its groups; etcd reads only the CN,
                // and a CA's or server's O is just an organization.
                (Some(_), false) if cert.allows_client_auth() && !cert.is_ca() && !role.is_etcd() => {
                    format!("{cn} (groups: {})", orgs.join(", "))
                }
                (Some(_), false) => {
                    let o: Vec<String> = orgs.iter().map(|o| format!("O = {o}")).collect();
                    format!("{cn} ({})", o.join(", "))
                }
                (None, _) => cn.to_string(),
            };
            let key_note = match &item.key {
                Some(k) => format!("the matching private key is {k}"),
                None => "its private key is not among the inputs".into(),
            };
            let picture = if cert.is_ca() {
                format!(
                    "A passport office. Its certificate lets anyone check the passports (certificates) it issued; only the holder of its private key can issue new ones, and {key_note}."
                )
            } else {
                format!(
                    "A passport for {}. It carries {}'s public key, stamped by {}; whoever also holds the matching private key (the fingerprint) can prove to be {} — {key_note}.",
                    cert.display_name(),
                    cert.display_name(),
                    if cert.self_signed { "its own key, as no passport office did" } else { "its CA" },
                    cert.display_name()
                )
            };
            let issued_by = match (&item.issued_by, cert.self_signed) {
                (_, true) if cert.is_ca() => "Itself: it is a self-signed root, trusted only by those who are given it directly.".into(),
                (_, true) => "Itself: it is self-signed, trusted only by those who are given this very certificate as a CA.".into(),
                (Some(ca), _) => {
                    let issuer = report.item(ca);
                    let ca_role = issuer.map(|i| i.role.title()).unwrap_or("CA");
                    // The signature is the issuer's, yet Go and OpenSSL refuse an issuer that
                    // may not sign certificates (`parent certificate cannot sign this kind of
                    // certificate`; OpenSSL's `key usage does not include certificate signing`).
                    // Go refuses an issuer that is not a CA wherever it stands (x509.go
                    // CheckSignatureFrom: a version 3 parent without basic constraints, or
                    // CA:FALSE). OpenSSL's check_ca (v3_purp.c) returns 4 for one without basic
                    // constraints whose key usage has keyCertSign, and check_chain
                    // (x509_vfy.c) takes that only at the top of the chain and not under
                    // -x509_strict ("X509_V_FLAG_X509_STRICT is implicit for intermediate CAs").
                    let refused = match issuer.and_then(Item::certificate) {
                        Some(c) if !c.is_ca() && c.basic_constraints.is_none() && c.has_key_usage("keyCertSign") == Some(true) => Some(
                            "Go (etcd, Kubernetes) refuses it, as its issuer is not a CA (no basic constraints: `x509: invalid signature: parent certificate cannot sign this kind of certificate`); OpenSSL accepts it while that issuer is the trust anchor (`openssl verify -CAfile`), as its key usage has keyCertSign, but not with -x509_strict or with the issuer as an intermediate (`invalid CA certificate`)",
                        ),
                        Some(c) if !c.is_ca() && c.basic_constraints.is_none() => {
                            Some("verifiers refuse the certificate: it is not a CA (no basic constraints)")
                        }
                        Some(c) if !c.is_ca() => Some("verifiers refuse the certificate: it is not a CA (CA:FALSE)"),
                        Some(c) if c.has_key_usage("keyCertSign") == Some(false) => {
                            Some("verifiers refuse the certificate: its key usage lacks keyCertSign")
                        }
                        _ => None,
                    };
                    // Go has refused MD5 and SHA-1 signatures since 1.18, whoever made them.
                    let weak = cert.signed.algorithm.hash().filter(|h| h.is_weak());
                    match (refused, weak) {
                        (Some(why), _) => format!(
                            "The {ca_role}, {ca} ({}); its signature checks out, but {why}.",
                            cert.issuer.text
                        ),
                        (None, Some(hash)) => format!(
                            "The {ca_role}, {ca} ({}); its signature checks out, but it is made with {hash}, which Go (etcd, Kubernetes) refuses.",
                            cert.issuer.text
                        ),
                        (None, None) => format!("The {ca_role}, {ca} ({}); its signature checks out.", cert.issuer.text),
                    }
                }
                // Named, and among the inputs, but not checked (an algorithm not computed here).
                (None, _) => match report
                    .findings_for(&item.id)
                    .find(|f| f.id == crate::finding::FindingId::UnverifiableSignature)
                    .and_then(|f| f.items.get(1))
                {
                    Some(ca) => format!(
                        "{}, whose certificate {ca} is among the inputs; the signature ({}) is not checked here.",
                        cert.issuer.text, cert.signed.algorithm
                    ),
                    None => format!("{}, which is not among the inputs.", cert.issuer.text),
                },
            };
            let mut identifies = format!("{who}.");
            if !cert.sans.is_empty() {
                let sans: Vec<String> = cert.sans.iter().map(ToString::to_string).collect();
                identifies.push_str(&format!(" Valid for the names {}.", sans.join(", ")));
            }
            let usage = match (cert.is_ca(), cert.allows_server_auth(), cert.allows_client_auth(), &cert.extended_key_usage) {
                (true, ..) if cert.has_key_usage("keyCertSign") == Some(false) => {
                    "It says CA:TRUE, but its key usage lacks keyCertSign, so no certificate it signs is accepted.".to_string()
                }
                (true, ..) if cert.basic_constraints.and_then(|b| b.path_len) == Some(0) => {
                    "It may sign certificates, but no further CA (pathlen:0).".to_string()
                }
                (true, ..) => "It may sign other certificates.".to_string(),
                (false, _, _, None) => "It has no extended key usage, so TLS accepts it for any purpose.".to_string(),
                (false, _, _, Some(e)) if e.contains(&crate::model::ExtendedKeyUsage::Any) => {
                    "Its extended key usage is anyExtendedKeyUsage, so TLS (Go) accepts it for any purpose.".to_string()
                }
                (false, true, true, _) => "Marked for TLS servers and TLS clients.".to_string(),
                (false, true, false, _) => "Marked for TLS servers only.".to_string(),
                (false, false, true, _) => "Marked for TLS clients only.".to_string(),
                (false, false, false, _) => "Marked for neither TLS servers nor TLS clients.".to_string(),
            };
            // No extended key usage, or anyExtendedKeyUsage: Go accepts it for TLS, whatever
            // it was meant for.
            let holder = match role {
                Role::Unknown if !cert.is_ca() && cert.allows_server_auth() => {
                    "prove its identity as a TLS server or client; nothing says which it is meant for"
                }
                // kubeadm before 1.29 put admin.conf in system:masters, the group the API server
                // lets past authorization; since 1.29 admin.conf is in kubeadm:cluster-admins.
                Role::KubeAdmin if cert.subject.organizations.iter().any(|o| o == "system:masters") => {
                    "use the Kubernetes API with every right: its group system:masters bypasses RBAC, so no binding can limit or revoke it (kubeadm before 1.29 made admin.conf so; since 1.29 admin.conf is in kubeadm:cluster-admins and only super-admin.conf is in system:masters)"
                }
                _ => role.lets_holder(),
            };
            let mut usage = usage;
            // Name constraints: the names Go and OpenSSL let it vouch for (every SAN of every
            // certificate below it is held to them).
            if cert.is_ca()
                && let Some(nc) = &cert.name_constraints
            {
                let list = |l: &[crate::model::NameConstraint]| l.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                let mut parts = Vec::new();
                if !nc.permitted.is_empty() {
                    parts.push(format!("permitted {}", list(&nc.permitted)));
                }
                if !nc.excluded.is_empty() {
                    parts.push(format!("excluded {}", list(&nc.excluded)));
                }
                if !parts.is_empty() {
                    usage.push_str(&format!(
                        " Name constraints hold every certificate below it: {} (a kind of name not listed is not limited).",
                        parts.join("; ")
                    ));
                }
            }
            let allows = format!("Lets its holder {holder}. {usage}");
            let validity = validity_sentence(report, cert.not_before, cert.not_after);
            Explanation {
                headline: format!("{} — {}", title(item), cert.display_name()),
                picture,
                issued_by,
                identifies,
                allows,
                used_by: used_by(item),
                validity,
            }
        }
        ItemBody::PrivateKey(key) => {
            let alg = key.algorithm.as_ref().map(ToString::to_string).unwrap_or_else(|| "unknown algorithm".into());
            let (picture, identifies) = match (&item.certificate, &item.public_key_item, key.format) {
                (_, _, KeyFormat::OpenSsh) => (
                    "An SSH key, not a TLS fingerprint: no certificate can use it.".to_string(),
                    "Nothing in TLS.".to_string(),
                ),
                (_, _, f) if f.is_encrypted() => (
                    "A fingerprint locked in a safe: it is protected by a password, which etcd and Kubernetes cannot type in.".to_string(),
                    "Unknown until it is decrypted.".to_string(),
                ),
                (Some(cert), _, _) => {
                    let name = report.item(cert).and_then(|c| c.certificate()).map(|c| c.display_name().to_string()).unwrap_or_default();
                    (
                        format!("The fingerprint for the passport {cert}: whoever holds this file can prove to be {name}. Keep it readable only by its owner (chmod 600), never send it anywhere."),
                        format!("{name}, through {cert}."),
                    )
                }
                (None, Some(public), _) => (
                    format!("The private half of the key pair whose public half is {public}. Whoever holds it can sign what {public} verifies."),
                    format!("Whoever {public} trusts."),
                ),
                // Neither in the file nor computed here: whether a certificate carries it is
                // unknown, not "none does".
                (None, None, _) if key.public_key.is_none() => (
                    format!("A fingerprint whose passport cannot be looked for here: its file does not carry its public half and etcdtls does not compute it for {alg} keys, so whether a certificate among the inputs goes with it is not checked (`openssl pkey -in <key> -pubout` and `openssl x509 -in <cert> -noout -pubkey` print the two halves to compare)."),
                    "Not checked: its public half is unknown here.".to_string(),
                ),
                (None, None, _) => (
                    "A fingerprint without a passport: no certificate among the inputs carries its public half.".to_string(),
                    "No one among the inputs.".to_string(),
                ),
            };
            let public = key.public_key.as_ref().map(|p| format!(" Public key id sha256:{}.", &p.spki_sha256[..p.spki_sha256.len().min(16)])).unwrap_or_default();
            Explanation {
                headline: format!(
                    "Private key ({alg}, {}) — {}",
                    key.format,
                    // A bare key's role names a certificate it has none of (k3s's kubelet keys):
                    // its entry says what it is for.
                    match (item.bare_key(), &item.certificate) {
                        (Some(e), _) if item.role != Role::ServiceAccountKey => e.what,
                        // Nothing says what a key alone is for: not a certificate's purpose.
                        (_, None) if item.role == Role::Unknown => "key of unknown purpose",
                        _ => title(item),
                    }
                ),
                picture,
                issued_by: "Nobody: a key is made, not issued.".into(),
                identifies,
                allows: match &key.algorithm {
                    // Go's TLS reads PKCS#1, SEC1 and PKCS#8 only (tls.go parsePrivateKey).
                    _ if key.format == KeyFormat::OpenSsh => {
                        "Nothing in etcd or Kubernetes: Go's TLS does not read OpenSSH keys; it is for SSH.".to_string()
                    }
                    // Encrypted, it cannot be loaded at all (its finding says so); its curve,
                    // hidden by the encryption, is no reason.
                    _ if key.format.is_encrypted() => {
                        "Nothing as it is: etcd and Kubernetes cannot load a password-protected key. Decrypted, whatever its certificate allows.".to_string()
                    }
                    Some(a) if !a.go_loads() => {
                        format!("Nothing in etcd or Kubernetes: Go's TLS does not load {a} keys (unsupported).")
                    }
                    // A key alone whose certificate is not among the inputs: what it is for is
                    // not known, and a key has no extensions (etcd signs JWT auth tokens with
                    // such a pair: `--auth-token jwt,pub-key=…,priv-key=…`).
                    _ if item.role == Role::Unknown => format!(
                        "Whatever its certificate, if it has one, allows: no certificate for it is among the inputs. (etcd's JWT auth tokens are signed with a bare key pair: `--auth-token jwt,priv-key=…`.){public}"
                    ),
                    _ => format!("Lets its holder {}.{public}", item.role.lets_holder()),
                },
                used_by: used_by(item),
                validity: "Keys do not expire; their certificates do.".into(),
            }
        }
        ItemBody::PublicKey(public) => Explanation {
            headline: format!("Public key ({}) — {}", public.algorithm, role_title(item)),
            picture: "The public half of a key pair, without a passport around it: it checks signatures, it proves nothing by itself.".into(),
            issued_by: "Nobody: a bare public key carries no signature.".into(),
            identifies: match &item.key {
                Some(k) => format!("The holder of {k}."),
                None => "Whoever holds the matching private key (not among the inputs).".into(),
            },
            allows: if item.role == Role::ServiceAccountKey {
                "Lets the API server check service-account tokens signed with the private half.".into()
            } else {
                "Lets anyone check signatures made with the private half.".into()
            },
            used_by: used_by(item),
            validity: "Public keys do not expire.".into(),
        },
        ItemBody::Csr(csr) => Explanation {
            headline: format!("Certificate signing request — {}", csr.subject.common_name.as_deref().unwrap_or(&csr.subject.text)),
            picture: "A passport application: the applicant's public key and the name they ask for, signed with their own private key. A CA turns it into a certificate.".into(),
            issued_by: "Not issued yet: a CA must sign it.".into(),
            identifies: {
                let subject = match csr.subject.text.as_str() {
                    "" => crate::model::EMPTY_SUBJECT,
                    text => text,
                };
                let names: Vec<String> = csr.sans.iter().map(ToString::to_string).collect();
                match names.is_empty() {
                    true => format!("{subject} (requested), with no names to serve."),
                    false => format!("{subject} (requested), for the names {}.", names.join(", ")),
                }
            },
            allows: {
                let ca = if csr.asks_ca {
                    " It asks to be a CA (CA:TRUE): a CA that copies a request's extensions would make it one, able to sign certificates."
                } else {
                    ""
                };
                match csr.extended_key_usage.as_deref() {
                    None => format!(
                        "Nothing yet; it asks for no extended key usage (the CA decides). Its key: {}.{ca}",
                        csr.public_key.algorithm
                    ),
                    Some(ekus) => format!(
                        "Nothing yet; it asks to be marked for {}. Its key: {}.{ca}",
                        ekus.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
                        csr.public_key.algorithm
                    ),
                }
            },
            used_by: Vec::new(),
            validity: "A request has no validity period; the CA chooses one.".into(),
        },
        ItemBody::Crl(crl) => Explanation {
            headline: format!("Revocation list — {}", crl.issuer.common_name.as_deref().unwrap_or(&crl.issuer.text)),
            picture: {
                let lifted = crl.revoked.iter().filter(|r| r.reason == Some("removeFromCRL")).count();
                format!(
                    "The passport office's list of cancelled passports: {}{}.",
                    crate::humanize::plural(crl.revoked.len() as u64, "serial number"),
                    match lifted {
                        0 => String::new(),
                        n => format!(", {n} of them marked removeFromCRL (a hold lifted), which etcd refuses all the same"),
                    }
                )
            },
            issued_by: match &item.issued_by {
                Some(ca) => format!("{ca} ({}); its signature checks out.", crl.issuer.text),
                None => format!("{}, which is not among the inputs.", crl.issuer.text),
            },
            identifies: "No one: it names certificates that must no longer be accepted.".into(),
            allows: "etcd given it (--client-crl-file, --peer-crl-file) refuses every certificate whose serial number it lists, whatever the reason and whichever CA issued the certificate: etcd checks neither the list's signature nor its issuer.".into(),
            used_by: used_by(item),
            validity: match crl.next_update {
                Some(next) => format!("Made {}; the next list is due {}.", date(crl.this_update), date(next)),
                None => format!("Made {}; no next update is announced.", date(crl.this_update)),
            },
        },
    }
}

/// The role's title for people; a revocation list's says whose list it is rather than
/// calling it a CA.
pub fn role_title(item: &Item) -> String {
    match (&item.body, item.role) {
        (ItemBody::Crl(_), Role::Unknown) => "revocation list".into(),
        (ItemBody::Crl(_), role) => format!("revocation list of the {}", role.title()),
        // A key with no certificate among the inputs: not a certificate of any purpose (the
        // headline says so too).
        (ItemBody::PrivateKey(_) | ItemBody::PublicKey(_), Role::Unknown) if item.certificate.is_none() => {
            "key of unknown purpose".into()
        }
        _ => item.role.title().into(),
    }
}

fn used_by(item: &Item) -> Vec<String> {
    if !item.usages.is_empty() {
        return item
            .usages
            .iter()
            .map(|u| format!("{} {} ({})", u.program, u.flag, u.declared_in))
            .collect();
    }
    // The distribution's own programs and flags, when its profile explains the certificate
    // or a key it keeps without one, or a program takes the pair whole, by no flag per file
    // (talosctl from talosconfig).
    // A key kept bare has its halves taken by different flags (`sa.pub`, `sa.key`).
    let public = matches!(item.body, ItemBody::PublicKey(_));
    if let Some(m) = item.matched
        && !m.entry.uses(public).is_empty()
        && m.entry.role == item.role
        && (matches!(item.body, ItemBody::Certificate(_))
            || item.bare_key().is_some()
            || (matches!(item.body, ItemBody::PrivateKey(_))
                && !item.role.is_ca()
                && !m.entry.used_by.iter().any(|t| t.contains(" --"))))
    {
        return m.entry.uses(public).iter().map(|t| format!("usually {t}")).collect();
    }
    // A certificate's key goes where its certificate's flags have their key twins (Talos's
    // admin.key is machined's and etcdctl's, not the API server's).
    if let Some(m) = item.matched
        && matches!(item.body, ItemBody::PrivateKey(_))
        && !item.role.is_ca()
        && m.entry.role == item.role
        && let Some(keys) = (m.entry.used_by.iter())
            .map(|t| key_twin(t))
            .collect::<Option<Vec<String>>>()
            .filter(|k| !k.is_empty())
    {
        return keys.into_iter().map(|t| format!("usually {t}")).collect();
    }
    // A CA's key, where its distribution says which of its programs signs with it.
    if let Some(m) = item.matched
        && matches!(item.body, ItemBody::PrivateKey(_))
        && item.role.is_ca()
        && m.entry.role == item.role
        && !m.entry.key_used_by.is_empty()
    {
        return m.entry.key_used_by.iter().map(|t| format!("usually {t}")).collect();
    }
    let typical: Vec<String> = match item.body {
        ItemBody::PrivateKey(_) => {
            let mut taken = item.role.key_taken_by();
            // Only kubeadm signs with kubeadm: another distribution's CA key serves its own signer.
            if item.role.is_ca() && item.matched.is_some_and(|m| m.profile.id != "kubeadm") {
                taken.retain(|t| !t.starts_with("kubeadm"));
                if taken.is_empty() {
                    taken = Role::RootCa.key_taken_by();
                }
            }
            taken
        }
        ItemBody::PublicKey(_) if item.role == Role::ServiceAccountKey => {
            vec!["kube-apiserver --service-account-key-file".to_string()]
        }
        ItemBody::Crl(_) => vec!["etcd --client-crl-file".to_string()],
        _ => item.role.taken_by().iter().map(|t| t.to_string()).collect(),
    };
    typical.into_iter().map(|t| format!("usually {t}")).collect()
}

/// Where a certificate's use has a twin for the key: `etcd --cert-file` → `etcd --key-file`
/// (the role's own pairing, [`crate::role::key_flag`]). A use with no flag (a program reading
/// the pair whole) stays as it is; `None` where a flag has no known twin.
fn key_twin(used_by: &str) -> Option<String> {
    if used_by.contains(" --") {
        crate::role::key_flag(used_by)
    } else {
        Some(used_by.to_string())
    }
}

/// A name from a certificate as a sentence can hold it: an empty one said, one with spaces at
/// either end quoted (as OpenSSL quotes it), so that nothing vanishes from the text.
fn spoken(name: &str) -> String {
    match name {
        "" => "(empty)".to_string(),
        n if n.starts_with(char::is_whitespace) || n.ends_with(char::is_whitespace) => format!("\"{n}\""),
        n => n.to_string(),
    }
}

fn validity_sentence(report: &Report, from: time::OffsetDateTime, to: time::OffsetDateTime) -> String {
    let (start, end) = (humanize::instant(from), humanize::instant(to));
    // notAfter before notBefore: no moment is inside it, so every verifier refuses it.
    if to < from {
        return format!(
            "From {start} to {end}: it ends {} before it begins, so it is never valid.",
            humanize::between(from, to)
        );
    }
    let span = humanize::lifetime(from, to);
    let now = report.now;
    let state = if to < now {
        format!("expired {} ago", humanize::between(now, to))
    } else if from > now {
        format!("not valid for another {}", humanize::between(from, now))
    } else {
        format!("{} left", humanize::between(to, now))
    };
    format!("From {start} to {end} ({span}); {state}.")
}

/// What an item is, in the headline: its role's name, or, where the role is only a kind
/// (`root CA`, `client`), what its distribution calls it (kops's "etcd-manager CA",
/// OpenShift's "etcd metrics client certificate").
fn title(item: &Item) -> &'static str {
    match item.matched {
        Some(m)
            if matches!(
                item.role,
                Role::RootCa | Role::IntermediateCa | Role::Server | Role::Client | Role::ServerClient | Role::Unknown
            ) =>
        {
            m.entry.what
        }
        _ => item.role.title(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificates_flags_have_key_twins() {
        assert_eq!(
            key_twin("etcd --cert-file (ETCD_CERT_FILE in /etc/etcd/etcd.env)").as_deref(),
            Some("etcd --key-file (ETCD_KEY_FILE in /etc/etcd/etcd.env)")
        );
        assert_eq!(
            key_twin("etcd --peer-cert-file").as_deref(),
            Some("etcd --peer-key-file")
        );
        assert_eq!(key_twin("etcdctl --cert").as_deref(), Some("etcdctl --key"));
        assert_eq!(
            key_twin("kube-apiserver --etcd-certfile").as_deref(),
            Some("kube-apiserver --etcd-keyfile")
        );
        // A program that reads the pair whole stays; a flag with no known twin gives up.
        assert_eq!(
            key_twin("machined's etcd client (talosctl etcd ...)").as_deref(),
            Some("machined's etcd client (talosctl etcd ...)")
        );
        assert_eq!(key_twin("kube-apiserver --client-ca-file"), None);
    }
}
