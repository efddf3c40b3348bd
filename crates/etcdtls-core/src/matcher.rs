//! The matcher: the one place that decides roles. It weighs the evidence of the whole input set
//! against every distribution profile (`crate::profile`), picks the profile that explains the
//! set best, and gives each item its role with the reasons.
//!
//! Evidence and weights (a certificate's score for one profile entry):
//! - content: the subject's CN (a literal match +8, a pattern such as `k3s-server-ca@#` +7, an
//!   older version's name 2 less, a CN the entry does not allow -2, or -5 where the entry names a specific one) and O (+2 / -2), the
//!   extended key usages (required ones missing rule the entry out; an exact set +1), CA:TRUE
//!   (a CA entry never explains a leaf; a leaf entry explains a CA at -4);
//! - the path: +2 when the file name matches, +1 for each folder above it that matches, to +4;
//! - configuration: +3 when a manifest, kubeconfig or flag names the file for this role;
//! - proven issuer links: +2 when the CA that signed it has the entry's issuer role, -2 when it
//!   has another specific CA role; for a CA, +3 when it signed a leaf that expects this role.
//!
//! Content outweighs any one hint, and where content cannot tell (three CAs all named
//! `kubernetes`, a server and a peer certificate with the same content) names and issuer links
//! decide. A leaf's role may depend on its CA's role and the reverse, so the scoring runs three
//! times, each pass seeing the roles of the last. An older version's name counts only when no
//! certificate in the set carries the current name (kubeadm 1.11 named its etcd CA
//! `kubernetes`, but beside an `etcd-ca` a `kubernetes` CA is the Kubernetes CA), other than
//! the same file in another folder (another cluster's `pki/etcd/ca.crt`). Copies of one
//! certificate (a kubeconfig's CA, the CA k3s appends to each leaf) all get the role of the
//! best-explained copy. Where two profiles explain a set equally, the one whose own folders
//! hold more of its files wins (RKE2's `/var/lib/rancher/rke2` over k3s's, whose code it runs).

use crate::map::Map;

use crate::config::Usage;
use crate::model::{ExtendedKeyUsage, Item, ItemBody, ItemId, ItemKind, Name, San, Source};
use crate::profile::{self, Entry, Profile, ProfileMatch, Shape};
use crate::role::Role;

/// The least score that lets an entry explain an item.
const THRESHOLD: i32 = 3;
/// The same for a key without certificate, which has only its path and flags.
const KEY_THRESHOLD: i32 = 2;

/// What one item offers as evidence.
struct Facts<'a> {
    subject: Option<&'a Name>,
    /// `None`: no EKU extension (any purpose).
    eku: Option<&'a [ExtendedKeyUsage]>,
    is_ca: bool,
    is_key: bool,
    /// Names serverAuth, and its common name is one of the host names it serves: a server's
    /// certificate ([`serves_its_name`]).
    serves_names: bool,
    /// The path that names it, and how well it matches every profile's file patterns.
    path: &'a PathEvidence,
    usages: &'a [Usage],
    /// The current role of the CA that signed it, and its id.
    issuer: Option<(Role, ItemId)>,
    /// For a CA: the leaves it signed, as (their role, the CA role their entry expects).
    issued: Vec<(Role, Option<Role>)>,
}

/// What a certificate's candidates depend on that may change from one pass to the next: the
/// role and id of its CA ([`Facts::issuer`]) and the leaves it signed ([`Facts::issued`]).
type Links = (Option<(Role, ItemId)>, Vec<(Role, Option<Role>)>);

/// A certificate's candidates by profile, with the links they were scored on.
type Scored = (Links, Vec<Vec<Candidate>>);

/// One entry's case for an item.
#[derive(Clone)]
struct Candidate {
    score: i32,
    /// Whether the item itself (its subject, path or what names it) speaks for the entry,
    /// not only the CA that signed it and its usages.
    own_evidence: bool,
    /// How many trailing components of the item's path the entry's file patterns match.
    path_matched: usize,
    reasons: Vec<String>,
    found: ProfileMatch,
}

fn allows(ekus: Option<&[ExtendedKeyUsage]>, want: &ExtendedKeyUsage) -> bool {
    ekus.is_none_or(|e| e.iter().any(|x| x == want || *x == ExtendedKeyUsage::Any))
}

fn names(ekus: Option<&[ExtendedKeyUsage]>, want: &ExtendedKeyUsage) -> bool {
    ekus.is_some_and(|e| e.contains(want))
}

/// Scores one entry against one item; `None` when the entry cannot explain it at all.
fn score(
    (profile, entry): (&'static Profile, &'static Entry),
    facts: &Facts<'_>,
    (path_matched, primary_taken): (usize, bool),
    explain: bool,
) -> Option<Candidate> {
    let mut score = 0;
    let mut reasons = Reasons {
        explain,
        list: Vec::new(),
    };
    // Whether anything but the file name speaks for the entry: its subject, configuration, or
    // a proven link to a CA or a leaf.
    let mut more_than_a_name = false;
    // Whether the item itself speaks for the entry (its subject, where it lies, what names
    // it), rather than only the CA that signed it.
    let mut own_evidence = false;
    if entry.needs_path && path_matched == 0 {
        return None;
    }
    match (entry.shape, facts.is_key) {
        (Shape::Key, false) | (Shape::Ca | Shape::Leaf(_), true) => return None,
        (Shape::Ca, false) if !facts.is_ca => return None,
        (Shape::Leaf(eku), false) => {
            if facts.is_ca {
                score -= 4;
            }
            let server = allows(facts.eku, &ExtendedKeyUsage::ServerAuth);
            let client = allows(facts.eku, &ExtendedKeyUsage::ClientAuth);
            // A certificate that lacks a usage its role needs keeps the role its name gives
            // (the reviewer then reports the missing usage), but only a strong name does.
            if (eku.server() && !server) || (eku.client() && !client) {
                score -= 4;
            }
            // A certificate made to serve the host its common name names is no client-only
            // entry's, whatever that name (Bitnami's `CN=etcd` with `DNS:etcd` is etcd's
            // serving certificate, not the client OpenShift once named `etcd`).
            if !eku.server() && facts.serves_names {
                score -= 3;
            }
            if facts.eku.is_some()
                && names(facts.eku, &ExtendedKeyUsage::ServerAuth) == eku.server()
                && names(facts.eku, &ExtendedKeyUsage::ClientAuth) == eku.client()
            {
                score += 1;
            }
        }
        _ => {}
    }
    let what = || format!("{}'s {}", profile.name, entry.what);
    // `etcd --cert-file`, or with a remark after it: `etcd --cert-file (in its config file)`.
    let names = |u: &Usage, taken_by: &str| {
        taken_by
            .strip_prefix(&*u.program.to_string())
            .and_then(|rest| rest.strip_prefix(' '))
            .and_then(|rest| rest.strip_prefix(u.flag.as_str()))
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(" ("))
    };
    let usage =
        (facts.usages.iter()).find(|u| u.role_hint == Some(entry.role) || entry.used_by.iter().any(|b| names(u, b)));
    // What speaks for the distribution besides a common name: where the file lies (more than
    // its bare name), what names it, an organisation it gives.
    let its_own = path_matched >= 2
        || usage.is_some()
        || facts.subject.is_some_and(|s| {
            (s.organizations.iter()).any(|o| entry.o.iter().any(|p| profile::is_specific(p) && profile::glob(p, o)))
        });
    if let Some(subject) = facts.subject {
        let cn = subject.common_name.as_deref().unwrap_or("");
        if !entry.cn.is_empty() {
            // A specific pattern that matches says more than a wildcard that also does.
            let hit = (entry.cn.iter().enumerate())
                .find(|(_, p)| profile::is_specific(p) && profile::glob(p, cn))
                .or_else(|| entry.cn.iter().enumerate().find(|(_, p)| profile::glob(p, cn)))
                .map(|(i, _)| i);
            match hit {
                Some(i) if entry.cn[i].is_empty() => {
                    score += 4;
                    more_than_a_name = true;
                    own_evidence = true;
                    reasons.add(|| format!("it has no common name, like {}", what()));
                }
                Some(i) if !profile::is_specific(entry.cn[i]) => {}
                // A name several distributions give (`etcd-ca`: kubeadm's, k0s's, Kubespray's,
                // Typhoon's; cert-manager users' too) says what the certificate is, not whose:
                // with nothing else of the distribution's, it counts for none of them.
                Some(0) if !its_own && profile.names_its_files() && shared_name(entry.cn[0]) => {}
                Some(i) if i > 0 && primary_taken => score -= 2,
                Some(i) => {
                    let literal = !entry.cn[i].contains(['*', '#', '%']);
                    score += if literal { 8 } else { 7 } - if i > 0 { 2 } else { 0 };
                    more_than_a_name = true;
                    own_evidence = true;
                    reasons.add(|| {
                        if let Some(word) = contained_word(entry.cn[i]) {
                            // `*etcd*` asks for a word, not for a name anyone gives.
                            format!("its subject CN = {cn} has {word} in it")
                        } else if let (true, Some(words)) = (i > 0, entry.later_cn) {
                            format!("its subject CN = {cn} is {words}")
                        } else if i > 0 {
                            let also = match entry.also_named {
                                Some((name, who)) if name == entry.cn[i] => format!(", and the name {who}"),
                                _ => String::new(),
                            };
                            format!(
                                "its subject CN = {cn} is the name older versions of {} gave the {}{also}",
                                profile.name, entry.what
                            )
                        } else if !profile.names_its_files() {
                            format!(
                                "its subject CN = {cn} is a name commonly given to {}",
                                a_or_an(entry.what)
                            )
                        } else {
                            format!(
                                "its subject CN = {cn} is the name {} gives its {}",
                                profile.name, entry.what
                            )
                        }
                    });
                }
                // A subject that contradicts the entry's own name is content speaking against
                // it: the file name and the issuer together must not outweigh it.
                None if entry.cn.iter().any(|p| profile::is_specific(p)) => score -= 5,
                None => score -= 2,
            }
        }
        if !entry.o.is_empty() {
            let org = (subject.organizations.iter())
                .find_map(|o| entry.o.iter().find(|p| profile::glob(p, o)).map(|p| (o, *p)));
            match org {
                Some((o, pattern)) => {
                    score += if entry.cn == [""] { 4 } else { 2 };
                    more_than_a_name = true;
                    own_evidence = true;
                    reasons.add(|| match contained_word(pattern) {
                        Some(word) => format!("its subject O = {o} has {word} in it"),
                        None => format!("its subject O = {o} is what {} carries", what()),
                    });
                }
                None => score -= 2,
            }
        }
    }
    let matched = path_matched;
    if matched > 0 {
        score += (matched as i32 + 1).min(4);
        // Only the file name matching says no more than that: `ca.crt` is many tools' name.
        // Only the last folders matching the layout's path (`etcd/peer.crt` of kubeadm's
        // `pki/etcd/peer.crt`) are said as that part, not as the layout's whole path.
        reasons.add(|| {
            let pattern = (entry.files.iter())
                .find(|p| profile::path_components_matched(p, &facts.path.path) == matched)
                .map_or("", |p| p.trim_matches('/'));
            let mut tail = facts.path.path.rsplitn(matched + 1, '/').collect::<Vec<_>>();
            tail.truncate(matched);
            tail.reverse();
            let tail = tail.join("/");
            let partial = pattern.split('/').count() > matched;
            // A name alone (a file's in a folder, a bare file name, a Secret's key) is said
            // as a name: `admin.conf` in the current folder says nothing of where it is kept.
            match matched {
                _ if !profile.names_its_files() => {
                    let what = if matched == 1 { "file name" } else { "path" };
                    // `*peer*.crt`, `member*.crt`: a word the name holds, not a name.
                    let last = pattern.rsplit('/').next().unwrap_or("");
                    let word = profile::stem(last);
                    if let Some(w) = contained_word(&word) {
                        return format!("its {what} {tail} has {w} in it");
                    }
                    match (word.strip_prefix('*'), word.strip_suffix('*')) {
                        (None, Some(w)) if !w.contains('*') => format!("its file name {tail} starts with {w}"),
                        (Some(w), None) if !w.contains('*') => format!("its file name {tail} ends with {w}"),
                        _ => format!("its {what} {tail} is one commonly used for {}", a_or_an(entry.what)),
                    }
                }
                1 => format!(
                    "its file name {tail} is the one {} gives its {}",
                    profile.name, entry.what
                ),
                _ if partial => format!(
                    "the end of its path, {tail}, is that of {}'s {} ({pattern})",
                    profile.name, entry.what
                ),
                _ => format!(
                    "{} is where {} keeps its {}",
                    facts.path.place, profile.name, entry.what
                ),
            }
        });
    }
    if let Some(u) = usage {
        score += 3;
        more_than_a_name = true;
        own_evidence = true;
        reasons.add(|| format!("{} {} names it ({})", u.program, u.flag, u.declared_in));
    }
    if let (Shape::Leaf(_), Some((role, id))) = (entry.shape, &facts.issuer) {
        if entry.issuer == Some(*role) {
            score += 2;
            more_than_a_name = true;
            reasons.add(|| format!("it was signed by the {} ({id})", role.title()));
        } else if role.is_ca() && !matches!(role, Role::RootCa | Role::IntermediateCa) {
            score -= 2;
        }
    }
    if entry.shape == Shape::Ca && !facts.issued.is_empty() {
        match facts.issued.iter().find(|(_, expects)| *expects == Some(entry.role)) {
            Some((leaf, _)) => {
                score += 3;
                more_than_a_name = true;
                reasons.add(|| format!("it signed the {}", leaf.title()));
            }
            None if facts.issued.iter().all(|(_, e)| e.is_some()) => score -= 2,
            None => {}
        }
    }
    // A bare file name (`client.pem`, no folder) with nothing else for it is too weak to give a
    // certificate a distribution's role.
    own_evidence |= matched > 0;
    if !more_than_a_name && matched <= 1 && entry.shape != Shape::Key {
        score = score.min(THRESHOLD - 1);
    }
    Some(Candidate {
        score,
        own_evidence,
        path_matched,
        reasons: reasons.list,
        found: ProfileMatch { profile, entry },
    })
}

/// A candidate's reasons, written only when `explain` (the few candidates a verdict may take).
struct Reasons {
    explain: bool,
    list: Vec<String>,
}

impl Reasons {
    fn add(&mut self, reason: impl FnOnce() -> String) {
        if self.explain {
            self.list.push(reason());
        }
    }
}

/// An item's [`evidence_path`], with how many trailing components of it each profile entry's
/// file patterns match (the best of the entry's patterns), by profile and entry. Items of one
/// file share it: the path is compared with the patterns once per file, not once per item.
struct PathEvidence {
    /// The path in words for a reason: `its path pki/etcd/ca.crt`, or `its key tls.crt in the
    /// Secret c1-etcd`.
    place: String,
    /// The [`evidence_path`] itself.
    path: String,
    matched: Vec<Vec<usize>>,
}

impl PathEvidence {
    fn of(item: &Item) -> PathEvidence {
        PathEvidence::new(evidence_path(&item.source, item.container.as_deref()), item)
    }

    fn new(path: String, item: &Item) -> PathEvidence {
        let place = match (&item.container, item.source.locator.as_deref()) {
            (Some(name), Some(locator)) => {
                let key = path.rsplit('/').next().unwrap_or(locator);
                format!("its key {key} in the Secret {name}")
            }
            _ => format!("its path {path}"),
        };
        let key = profile::PathKey::new(&path);
        let matched = profile::PROFILES
            .iter()
            .map(|prof| {
                (prof.entries.iter())
                    .map(|entry| entry.files.iter().map(|p| key.components_matched(p)).max().unwrap_or(0))
                    .collect()
            })
            .collect();
        PathEvidence { place, path, matched }
    }
}

/// The path that names an item: its file's, or for a Secret's field the field's key under the
/// Secret's file (`etcd-client.yaml/tls.crt`), since a Secret's keys are file names, and under
/// the Secret's own name when it has one (`secret.yaml/mycluster-etcd/tls.crt`), as `kubectl
/// get secret` output names it.
fn evidence_path(source: &Source, container: Option<&str>) -> String {
    let key = source.locator.as_deref().and_then(|l| {
        // A Secret in a List: `items[0].data.tls.crt`.
        let l = l
            .strip_prefix("items[")
            .and_then(|r| r.split_once("]."))
            .map_or(l, |(_, r)| r);
        l.strip_prefix("data.").or_else(|| l.strip_prefix("stringData."))
    });
    match (key, container) {
        // `value/users[0]...`: inside a kubeconfig kept in the key `value`.
        (Some(key), Some(name)) => format!("{}/{name}/{}", source.path, key.split(['[', '/']).next().unwrap_or(key)),
        (Some(key), None) => format!("{}/{}", source.path, key.split(['[', '/']).next().unwrap_or(key)),
        (None, _) => source.path.clone(),
    }
}

/// The best two candidates for an item, by profile (best first within each): all a verdict
/// looks at ([`pick`]). `taken` says, by profile and entry, whether a certificate carries the
/// entry's current name (none do when it is empty). Every entry is scored, and only the two
/// kept are scored again with their reasons written.
fn candidates(facts: &Facts<'_>, taken: &[Vec<bool>]) -> Vec<Vec<Candidate>> {
    profile::PROFILES
        .iter()
        .enumerate()
        .map(|(p, prof)| {
            let evidence = |e: usize| {
                let primary_taken = taken.get(p).and_then(|t| t.get(e)).copied().unwrap_or(false);
                (facts.path.matched[p][e], primary_taken)
            };
            let mut list: Vec<(usize, i32)> = (prof.entries.iter().enumerate())
                .filter_map(|(e, entry)| score((prof, entry), facts, evidence(e), false).map(|c| (e, c.score)))
                .collect();
            // Stable: on equal scores the earlier entry stays first.
            crate::order::sort_by_key(&mut list, |&(_, s)| std::cmp::Reverse(s));
            // Where a member's entry leads, the best server's and peer's entries too, after
            // the two: the item's own name may say which it is ([`member_by_name`]).
            let member = |e: usize| is_member(prof.entries[e].role);
            if list.first().is_some_and(|&(e, _)| member(e)) {
                let mut kept: Vec<(usize, i32)> = list.iter().take(2).copied().collect();
                for role in [Role::EtcdServer, Role::EtcdPeer] {
                    if !kept.iter().any(|&(e, _)| prof.entries[e].role == role)
                        && let Some(&found) = list.iter().find(|&&(e, _)| prof.entries[e].role == role)
                    {
                        kept.push(found);
                    }
                }
                list = kept;
            } else {
                list.truncate(2);
            }
            (list.into_iter())
                .filter_map(|(e, _)| score((prof, &prof.entries[e]), facts, evidence(e), true))
                .collect()
        })
        .collect()
}

/// Whether a common name is one many tools and people give (`etcd-ca`: kubeadm's, k0s's,
/// Kubespray's, Typhoon's, cert-manager users'), [`profile::plain_etcd::COMMON_NAMES`].
fn shared_name(name: &str) -> bool {
    (profile::plain_etcd::COMMON_NAMES.iter()).any(|c| c.eq_ignore_ascii_case(name))
}

/// A verdict: the role, why, and the profile entry behind it.
struct Verdict {
    role: Role,
    reasons: Vec<String>,
    found: Option<ProfileMatch>,
    score: i32,
}

/// Picks from the candidates: the chosen distribution's best when it is as good as any, else
/// the best of any profile, else `None`.
fn pick(cands: &[Vec<Candidate>], chosen: Option<usize>, threshold: i32, named: Option<Named>) -> Option<Verdict> {
    let global = cands
        .iter()
        .enumerate()
        .filter_map(|(p, l)| l.first().map(|c| (p, c)))
        .max_by_key(|(p, c)| (c.score, Some(*p) == chosen, std::cmp::Reverse(*p)))?;
    let global = named_instead(cands, global.0, threshold).unwrap_or(global);
    let (p, best) = match chosen.and_then(|p| cands[p].first().map(|c| (p, c))) {
        // The distribution that explains the set best gets the benefit of a point of doubt.
        Some((p, c)) if c.score + 1 >= global.1.score => (p, c),
        _ => global,
    };
    if best.score < threshold {
        return None;
    }
    let mut role = best.found.entry.role;
    let mut reasons = best.reasons.clone();
    // A server and a peer certificate with the same content: nothing tells them apart.
    if let Some(second) = cands[p].get(1)
        && second.score == best.score
        && matches!(
            (role, second.found.entry.role),
            (Role::EtcdServer, Role::EtcdPeer) | (Role::EtcdPeer, Role::EtcdServer)
        )
    {
        role = Role::EtcdMember;
        for r in &second.reasons {
            if !reasons.contains(r) {
                reasons.push(r.clone());
            }
        }
        if let Some(v) = member_by_name(best, &cands[p][1..], named.clone()) {
            return Some(v);
        }
        if !best.reasons.iter().any(|r| r.contains(" names it (")) {
            reasons.push("server and peer certificates look the same and nothing here says which this is".into());
        }
    } else if matches!(role, Role::EtcdServer | Role::EtcdPeer)
        && !best.own_evidence
        && cands[p].get(1).is_some_and(|second| {
            matches!(
                (role, second.found.entry.role),
                (Role::EtcdServer, Role::EtcdPeer) | (Role::EtcdPeer, Role::EtcdServer)
            ) && second.score + 1 >= best.score
        })
    {
        // Only its CA and usages speak for it (Bitnami's `client/cert.pem`, signed by the etcd
        // CA for servers and clients alike), and they say as much for the server's entry as for
        // the peer's (unlike kops' two CAs, or a serverAuth-only server certificate): a
        // member's certificate, no more is known, unless its own name says which.
        if let Some(v) = member_by_name(best, &cands[p][1..], named.clone()) {
            return Some(v);
        }
        role = Role::EtcdMember;
        reasons.push(
            "nothing but its CA and usages speaks for it, and those do not say whether it serves clients or peers"
                .into(),
        );
    }
    if role == Role::EtcdMember
        && best.found.entry.role == Role::EtcdMember
        && let Some(v) = member_by_name(best, &cands[p][1..], named)
    {
        return Some(v);
    }
    Some(Verdict {
        role,
        reasons,
        found: Some(best.found),
        score: best.score,
    })
}

/// What an item's own name (its file's, or for a Secret's key `tls.crt` the Secret's) says of
/// an etcd member's certificate: `etcd-server-tls/tls.crt`, `server.crt`, `etcd-serving-m0` a
/// server's, `etcd-peer-tls/tls.crt`, `peer.pem`, k3s' `peer-server-client.crt` a peer's (peer
/// wins where both words are there: Gardener's `etcd-peer-server-<role>-<hash>` too).
#[derive(Debug, Clone)]
struct Named {
    role: Role,
    name: String,
}

fn member_named(path: &str) -> Option<Named> {
    let mut parts = path.rsplit(['/', '\\']).filter(|c| !c.is_empty() && *c != ".");
    let file = parts.next()?;
    // A Secret's key says nothing: the Secret's name, the folder above it, does.
    let name = if profile::stem(file) == "tls" {
        parts.next()?
    } else {
        file
    };
    let words = || {
        name.split(|c: char| !c.is_ascii_alphanumeric())
            .map(|w| w.to_ascii_lowercase())
    };
    let role = if words().any(|w| w == "peer" || w == "peers") {
        Role::EtcdPeer
    } else if words().any(|w| w == "server" || w == "serving") {
        Role::EtcdServer
    } else {
        return None;
    };
    Some(Named {
        role,
        name: name.to_string(),
    })
}

/// Whether a role is one of an etcd member's: server, peer, or either.
fn is_member(role: Role) -> bool {
    matches!(role, Role::EtcdServer | Role::EtcdPeer | Role::EtcdMember)
}

/// Between a member's, a server's and a peer's entry that the content cannot tell apart (none
/// more than a point behind the best), the one the item's own name says ([`member_named`]).
fn member_by_name(best: &Candidate, others: &[Candidate], named: Option<Named>) -> Option<Verdict> {
    let named = named?;
    let c = std::iter::once(best)
        .chain(others)
        .find(|c| c.found.entry.role == named.role && c.score + 1 >= best.score)?;
    let mut reasons = c.reasons.clone();
    let which = if named.role == Role::EtcdPeer {
        "a peer's"
    } else {
        "a server's"
    };
    reasons.push(format!(
        "its content fits a server's and a peer's certificate alike, and its name {} says {which}",
        named.name
    ));
    Some(Verdict {
        role: named.role,
        reasons,
        found: Some(c.found),
        score: c.score,
    })
}

/// Where the catch-all profile (plain etcd) explains an item best only by what it commonly is
/// (`*etcd*` in its CN, a file name many use), a distribution's entry for the same role that
/// the item's own place names (a Secret's name and key: `calico-etcd-secrets/etcd-ca`) says
/// whose it is: that entry, the best such, by profile.
fn named_instead(cands: &[Vec<Candidate>], best: usize, threshold: i32) -> Option<(usize, &Candidate)> {
    let role = cands[best].first()?.found.entry.role;
    if profile::PROFILES[best].names_its_files() {
        return None;
    }
    (cands.iter().enumerate())
        .filter(|(p, _)| profile::PROFILES[*p].names_its_files())
        .filter_map(|(p, l)| l.first().map(|c| (p, c)))
        .filter(|(_, c)| c.score >= threshold && c.path_matched >= 2 && c.found.entry.role == role)
        .max_by_key(|(p, c)| (c.score, std::cmp::Reverse(*p)))
}

/// The role of a certificate no profile explains, from its shape and usages alone.
fn generic(item: &Item, issuer_role: Option<Role>) -> Verdict {
    let (role, reason) = match item.certificate() {
        Some(c) if c.is_v1_root() => (
            Role::RootCa,
            format!(
                "it is a self-signed version {} certificate, without extensions: Go (etcd, etcdctl, Kubernetes) and OpenSSL accept it as a root CA, though nothing in it says CA:TRUE",
                c.version
            ),
        ),
        Some(c) if c.is_ca() && c.self_signed => (
            Role::RootCa,
            "it is a self-signed CA (CA:TRUE) with no more specific name".to_string(),
        ),
        Some(c) if c.is_ca() => (
            Role::IntermediateCa,
            "it is a CA (CA:TRUE) signed by another CA".to_string(),
        ),
        Some(c) => {
            let note = match issuer_role {
                Some(r) if r.is_ca() => format!(", signed by the {}", r.title()),
                _ => String::new(),
            };
            let server = c.names_usage(&ExtendedKeyUsage::ServerAuth);
            let client = c.names_usage(&ExtendedKeyUsage::ClientAuth);
            match (&c.extended_key_usage, server, client) {
                (None, _, _) => (
                    Role::Unknown,
                    format!(
                        "it has no extended key usage, so it may be used for anything{note}; nothing says what it is for"
                    ),
                ),
                (Some(_), true, true) => (
                    Role::ServerClient,
                    format!("its extended key usages are serverAuth and clientAuth{note}"),
                ),
                (Some(_), true, false) => (Role::Server, format!("its extended key usage is serverAuth only{note}")),
                (Some(_), false, true) => (Role::Client, format!("its extended key usage is clientAuth only{note}")),
                // Go's verifier takes anyExtendedKeyUsage for every usage (crypto/x509
                // checkChainForKeyUsage), as if there were no extension.
                (Some(e), false, false) if e.contains(&ExtendedKeyUsage::Any) => (
                    Role::Unknown,
                    format!(
                        "its extended key usage anyExtendedKeyUsage lets Go accept it for TLS servers and clients alike{note}; nothing says what it is for"
                    ),
                ),
                (Some(_), false, false) => (
                    Role::Unknown,
                    "its extended key usages allow neither TLS servers nor TLS clients".to_string(),
                ),
            }
        }
        None => (Role::Unknown, "nothing says what it is for".to_string()),
    };
    Verdict {
        role,
        reasons: vec![reason],
        found: None,
        score: 0,
    }
}

fn facts_of<'a>(item: &'a Item, path: &'a PathEvidence) -> Option<Facts<'a>> {
    let cert = item.certificate()?;
    Some(Facts {
        subject: Some(&cert.subject),
        eku: cert.extended_key_usage.as_deref(),
        is_ca: cert.is_ca(),
        is_key: false,
        serves_names: serves_its_name(cert.extended_key_usage.as_deref(), &cert.subject, &cert.sans),
        path,
        usages: &item.usages,
        issuer: None,
        issued: Vec::new(),
    })
}

/// How many items lie under one of `profile`'s own folders (`/var/lib/rancher/rke2/server/tls`).
fn at_home(items: &[Item], profile: &Profile) -> usize {
    (items.iter())
        .filter(|it| {
            (profile.pki_dirs.iter()).any(|dir| {
                it.source
                    .path
                    .strip_prefix(dir)
                    .is_some_and(|rest| rest.starts_with('/'))
            })
        })
        .count()
}

/// Gives every item a role and returns the distribution that explains the set best.
pub(crate) fn assign(items: &mut [Item]) -> Option<&'static Profile> {
    let index: Map<ItemId, usize> = items.iter().enumerate().map(|(i, it)| (it.id.clone(), i)).collect();
    let certs: Vec<usize> = (0..items.len()).filter(|&i| items[i].certificate().is_some()).collect();

    // Each certificate's path evidence, made once per distinct path.
    let mut evidence_index: Map<String, usize> = Map::new();
    let mut evidence: Vec<PathEvidence> = Vec::new();
    let path_of: Vec<usize> = (certs.iter())
        .map(|&i| {
            let path = evidence_path(&items[i].source, items[i].container.as_deref());
            if let Some(&k) = evidence_index.get(&path) {
                return k;
            }
            evidence_index.insert(path.clone(), evidence.len());
            evidence.push(PathEvidence::new(path, &items[i]));
            evidence.len() - 1
        })
        .collect();

    // Which certificates carry each entry's current name (then older names do not count), by
    // profile and entry, as indices into `certs`.
    let carriers: Vec<Vec<Vec<usize>>> = (profile::PROFILES.iter())
        .map(|prof| {
            (prof.entries.iter())
                .map(|entry| {
                    let Some(primary) = entry.cn.first().filter(|c| profile::is_specific(c)) else {
                        return Vec::new();
                    };
                    (0..certs.len())
                        .filter(|&k| {
                            items[certs[k]].certificate().is_some_and(|c| {
                                c.is_ca() == (entry.shape == Shape::Ca)
                                    && profile::glob(primary, c.subject.common_name.as_deref().unwrap_or(""))
                            })
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    // Whether the current name is taken for the certificate `k`: by a carrier that is not the
    // same file of another cluster. Two clusters' folders side by side (`prod/pki/etcd/ca.crt`
    // `CN=etcd-ca`, `staging/pki/etcd/ca.crt` `CN=kubernetes` from Cluster API) each hold the
    // entry's file: the one's name says nothing of the other's.
    let folder = |k: usize| evidence[path_of[k]].path.rsplit_once('/').map_or("", |(d, _)| d);
    let taken_for = |k: usize| -> Vec<Vec<bool>> {
        (carriers.iter().enumerate())
            .map(|(p, entries)| {
                (entries.iter().enumerate())
                    .map(|(e, list)| {
                        let here = evidence[path_of[k]].matched[p][e];
                        list.iter().any(|&c| {
                            let there = evidence[path_of[c]].matched[p][e];
                            !(here >= 2 && there >= 2 && folder(c) != folder(k))
                        })
                    })
                    .collect()
            })
            .collect()
    };

    // Each certificate's candidates in the last pass, with the links they were scored on: the
    // rest of its evidence does not change between passes, so a certificate whose CA and
    // leaves kept their roles keeps its candidates and is not scored again.
    let mut previous: Vec<Option<Scored>> = (0..certs.len()).map(|_| None).collect();
    let mut chosen: Option<usize> = None;
    for _pass in 0..3 {
        let roles: Vec<Role> = items.iter().map(|it| it.role).collect();
        let found: Vec<Option<ProfileMatch>> = items.iter().map(|it| it.matched).collect();
        let mut issued: Map<usize, Vec<(Role, Option<Role>)>> = Map::new();
        for &i in &certs {
            if let Some(&j) = items[i].issued_by.as_ref().and_then(|id| index.get(id))
                && items[i].certificate().is_some_and(|c| !c.is_ca())
                && roles[i] != Role::Unknown
            {
                // A member certificate not yet told server or peer may come from a peer CA as
                // well as from the etcd CA: it speaks for neither.
                let unsettled =
                    roles[i] == Role::EtcdMember && found[i].is_none_or(|m| m.entry.role != Role::EtcdMember);
                let expects = found[i]
                    .and_then(|m| m.entry.issuer)
                    .or(roles[i].expected_issuer())
                    .filter(|_| !unsettled);
                issued.entry(j).or_default().push((roles[i], expects));
            }
        }
        let mut links: Vec<Links> = Vec::with_capacity(certs.len());
        let all: Vec<Vec<Vec<Candidate>>> = (certs.iter().zip(&path_of).zip(&mut previous).enumerate())
            .map(|(k, ((&i, &path), previous))| {
                let Some(mut facts) = facts_of(&items[i], &evidence[path]) else {
                    links.push((None, Vec::new()));
                    return Vec::new();
                };
                facts.issuer = items[i]
                    .issued_by
                    .as_ref()
                    .and_then(|id| index.get(id).map(|&j| (roles[j], id.clone())))
                    .filter(|(r, _)| *r != Role::Unknown);
                facts.issued = issued.get(&i).cloned().unwrap_or_default();
                let cands = match previous.take() {
                    Some(((issuer, issued), cands)) if issuer == facts.issuer && issued == facts.issued => cands,
                    _ => candidates(&facts, &taken_for(k)),
                };
                links.push((facts.issuer, facts.issued));
                cands
            })
            .collect();
        let mut totals = vec![0i32; profile::PROFILES.len()];
        for cands in &all {
            for (p, list) in cands.iter().enumerate() {
                // The catch-all counts only for what no distribution's own place names.
                if let Some(c) = list.first().filter(|c| c.score >= THRESHOLD)
                    && named_instead(cands, p, THRESHOLD).is_none()
                {
                    totals[p] += c.score;
                }
            }
        }
        // Where two profiles explain the set equally (RKE2 runs k3s's code), the one whose own
        // folders hold more of the files wins; the folders are counted only then.
        let best = totals.iter().copied().filter(|t| *t > 0).max();
        let tied: Vec<usize> = (0..totals.len()).filter(|&p| Some(totals[p]) == best).collect();
        chosen = match tied.as_slice() {
            [] => None,
            [one] => Some(*one),
            _ => tied
                .iter()
                .copied()
                .max_by_key(|&p| (at_home(items, profile::PROFILES[p]), std::cmp::Reverse(p))),
        };
        let mut verdicts: Vec<Verdict> = certs
            .iter()
            .zip(&all)
            .enumerate()
            .map(|(k, (&i, cands))| {
                pick(cands, chosen, THRESHOLD, member_named(&evidence[path_of[k]].path)).unwrap_or_else(|| {
                    let issuer_role = items[i]
                        .issued_by
                        .as_ref()
                        .and_then(|id| index.get(id))
                        .map(|&j| roles[j]);
                    generic(&items[i], issuer_role)
                })
            })
            .collect();
        previous = links.into_iter().zip(all).map(Some).collect();
        // Copies of one certificate agree, on the best-explained copy.
        let mut best_copy: Map<&[u8], usize> = Map::new();
        for (k, &i) in certs.iter().enumerate() {
            if let Some(c) = items[i].certificate() {
                let slot = best_copy.entry(c.der.as_slice()).or_insert(k);
                if verdicts[k].score > verdicts[*slot].score {
                    *slot = k;
                }
            }
        }
        let copy_of: Vec<usize> = certs
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                items[i]
                    .certificate()
                    .and_then(|c| best_copy.get(c.der.as_slice()).copied())
                    .unwrap_or(k)
            })
            .collect();
        for k in 0..certs.len() {
            let b = copy_of[k];
            if b != k {
                let (role, found, score) = (verdicts[b].role, verdicts[b].found, verdicts[b].score);
                let mut reasons: Vec<String> = verdicts[b]
                    .reasons
                    .iter()
                    .filter(|r| r.starts_with("its subject") || r.starts_with("it has no common name"))
                    .cloned()
                    .collect();
                reasons.push(format!("it is a copy of {}", items[certs[b]].id));
                verdicts[k] = Verdict {
                    role,
                    reasons,
                    found,
                    score,
                };
            }
        }
        for (&i, v) in certs.iter().zip(verdicts) {
            items[i].role = v.role;
            items[i].role_reasons = v.reasons;
            items[i].matched = v.found;
        }
    }

    assign_keys_and_requests(items, &index, chosen);
    chosen.map(|p| profile::PROFILES[p])
}

/// Keys take the role of their certificate; keys without one, CSRs and CRLs are matched on
/// their own evidence.
fn assign_keys_and_requests(items: &mut [Item], index: &Map<ItemId, usize>, chosen: Option<usize>) {
    let snapshot: Vec<(Role, Option<ProfileMatch>)> = items.iter().map(|it| (it.role, it.matched)).collect();
    let of = |id: &ItemId| index.get(id).map(|&j| snapshot[j]);
    for it in items.iter_mut() {
        let verdict: Option<Verdict> = match it.kind() {
            ItemKind::Certificate => None,
            ItemKind::PrivateKey => match &it.certificate {
                Some(c) => of(c).map(|(role, found)| Verdict {
                    role,
                    reasons: vec![format!("it is the private key of {c}")],
                    found,
                    score: 0,
                }),
                None => Some(key_verdict(it, chosen)),
            },
            ItemKind::PublicKey => {
                let mut v = key_verdict(it, chosen);
                if let Some(k) = &it.key {
                    v.reasons.push(format!("it is the public half of {k}"));
                }
                Some(v)
            }
            ItemKind::Crl => Some(match it.issued_by.as_ref().and_then(|c| of(c).map(|v| (c, v))) {
                Some((c, (role, found))) => Verdict {
                    role,
                    reasons: vec![format!("it is the revocation list published by {c}")],
                    found,
                    score: 0,
                },
                None => Verdict {
                    role: Role::Unknown,
                    reasons: vec![match &it.body {
                        ItemBody::Crl(crl) => format!(
                            "it is a revocation list published by {}, which is not among the inputs",
                            crl.issuer.text
                        ),
                        _ => String::new(),
                    }],
                    found: None,
                    score: 0,
                },
            }),
            // A CSR whose public key a certificate carries asks for what that certificate is.
            ItemKind::Csr if it.certificate.is_some() => it.certificate.as_ref().and_then(|c| {
                of(c).map(|(role, found)| Verdict {
                    role,
                    reasons: vec![format!("it carries the public key of {c}")],
                    found,
                    score: 0,
                })
            }),
            ItemKind::Csr => match &it.body {
                ItemBody::Csr(csr) => {
                    let path = PathEvidence::of(it);
                    let facts = Facts {
                        subject: Some(&csr.subject),
                        eku: csr.extended_key_usage.as_deref(),
                        is_ca: false,
                        is_key: false,
                        serves_names: serves_its_name(csr.extended_key_usage.as_deref(), &csr.subject, &csr.sans),
                        path: &path,
                        usages: &[],
                        issuer: None,
                        issued: Vec::new(),
                    };
                    let cn = csr.subject.common_name.clone().unwrap_or_default();
                    let mut v = pick(&candidates(&facts, &[]), chosen, THRESHOLD, member_named(&path.path)).unwrap_or(
                        Verdict {
                            role: Role::Unknown,
                            reasons: Vec::new(),
                            found: None,
                            score: 0,
                        },
                    );
                    v.reasons.insert(0, format!("it asks for a certificate for CN = {cn}"));
                    Some(v)
                }
                _ => None,
            },
        };
        if let Some(v) = verdict {
            it.role = v.role;
            it.role_reasons = v.reasons;
            it.matched = v.found;
        }
    }
    // A private key and its public key agree on a role: the key's, when it has a certificate.
    for i in 0..items.len() {
        if items[i].kind() == ItemKind::PublicKey
            && let Some(k) = items[i].key.clone()
            && let Some(&j) = index.get(&k)
        {
            if items[j].role != Role::Unknown && items[i].role == Role::Unknown {
                items[i].role = items[j].role;
                items[i].matched = items[j].matched;
            } else if items[j].role == Role::Unknown {
                items[j].role = items[i].role;
                items[j].matched = items[i].matched;
                items[j].role_reasons = vec![format!("it pairs with the public key {}", items[i].id)];
            }
        }
    }
}

/// Whether a certificate or request names serverAuth and serves its own common name (`CN=etcd`
/// with `DNS:etcd`): a server's, as client certificates (etcd's `client-nocn`, made with hosts
/// by cfssl) may carry host names, but not their own name as one.
fn serves_its_name(eku: Option<&[ExtendedKeyUsage]>, subject: &Name, sans: &[San]) -> bool {
    names(eku, &ExtendedKeyUsage::ServerAuth)
        && subject.common_name.as_deref().is_some_and(|cn| {
            sans.iter()
                .any(|s| matches!(s, San::Dns(d) if d.eq_ignore_ascii_case(cn)))
        })
}

/// A private or public key without a certificate: its path and the flags that name it.
fn key_verdict(item: &Item, chosen: Option<usize>) -> Verdict {
    let path = PathEvidence::of(item);
    let facts = Facts {
        subject: None,
        eku: None,
        is_ca: false,
        is_key: true,
        serves_names: false,
        path: &path,
        usages: &item.usages,
        issuer: None,
        issued: Vec::new(),
    };
    if let Some(v) = pick(&candidates(&facts, &[]), chosen, KEY_THRESHOLD, None) {
        return v;
    }
    if let Some(u) = item.usages.iter().find(|u| u.role_hint.is_some()) {
        let role = u.role_hint.unwrap_or(Role::Unknown);
        return Verdict {
            role,
            reasons: vec![format!("{} {} names it ({})", u.program, u.flag, u.declared_in)],
            found: None,
            score: 0,
        };
    }
    // A private key whose public half is unknown here (Ed448, X25519, X448, a PKCS#8 DSA key
    // without its public half) was not matched at all: not "no certificate carries it".
    let unmatched = match &item.body {
        crate::model::ItemBody::PrivateKey(k)
            if k.public_key.is_none() && !k.format.is_encrypted() && k.format != crate::model::KeyFormat::OpenSsh =>
        {
            "its public half is not in its file and not computed here, so no certificate could be matched to it"
        }
        _ => "no certificate among the inputs carries its public key",
    };
    Verdict {
        role: Role::Unknown,
        reasons: vec![unmatched.into()],
        found: None,
        score: 0,
    }
}

/// `what` with its indefinite article: "an etcd CA", "a server certificate".
fn a_or_an(what: &str) -> String {
    let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {what}")
}

/// The word a pattern asks for anywhere in a name (`*etcd*`: etcd), which no one "gives".
fn contained_word(pattern: &str) -> Option<&str> {
    let word = pattern.strip_prefix('*')?.strip_suffix('*')?;
    (!word.is_empty() && !word.contains(['*', '#', '%'])).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_field_is_named_like_a_file_in_the_secret() {
        let field = Source::file("backup/etcd-certs.yaml").within("data.server.crt");
        assert_eq!(evidence_path(&field, None), "backup/etcd-certs.yaml/server.crt");
        assert_eq!(
            evidence_path(&field, Some("etcd-certs")),
            "backup/etcd-certs.yaml/etcd-certs/server.crt"
        );
        let listed = Source::file("-").within("items[1].data.tls.crt");
        assert_eq!(evidence_path(&listed, Some("c1-etcd")), "-/c1-etcd/tls.crt");
        let block = Source::file("tls/client.crt").within("2");
        assert_eq!(evidence_path(&block, None), "tls/client.crt");
        let kubeconfig = Source::file("admin.conf").within("users[0].client-certificate-data");
        assert_eq!(evidence_path(&kubeconfig, None), "admin.conf");
    }

    #[test]
    fn usages_must_be_allowed_but_a_missing_extension_allows_all() {
        let server = [ExtendedKeyUsage::ServerAuth];
        assert!(allows(Some(&server), &ExtendedKeyUsage::ServerAuth));
        assert!(!allows(Some(&server), &ExtendedKeyUsage::ClientAuth));
        assert!(allows(None, &ExtendedKeyUsage::ClientAuth));
        assert!(allows(Some(&[ExtendedKeyUsage::Any]), &ExtendedKeyUsage::ClientAuth));
        assert!(!names(None, &ExtendedKeyUsage::ClientAuth));
    }
}
