//! The whole pass: decode every input, link certificates to issuers and keys, classify, and
//! review. [`analyze`] is the core's main entry point.

use crate::map::{Map, Set};

use serde::Serialize;
use time::OffsetDateTime;

use crate::config::{EtcdMember, Reference, Slot, Usage};
use crate::decode::{self, Input, InputError, InputErrorKind, InputFormat, RawItem};
use crate::finding::{Finding, FindingId};
use crate::limits;
use crate::matcher;
use crate::model::{Item, ItemBody, ItemId, ItemKind, PublicKeyMaterial, Signed, Source};
use crate::profile::{self, Profile};
use crate::review;
use crate::role::Role;
use crate::signature::{Pending, Verdicts, Verification};

/// When and how strictly to judge.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The moment validity is judged at. The core never reads a clock: the caller says.
    pub now: OffsetDateTime,
    /// Certificates expiring within this many days get an `expiring-soon` warning.
    pub warn_days: u32,
    /// How many threads may check signatures at once. The core never asks the machine how
    /// many cores it has: the caller says. Only a native build with the `native-crypto`
    /// feature uses more than one, and only for a set large enough to pay for them; the
    /// report is the same whatever the number.
    pub threads: usize,
}

impl Options {
    /// Judge at `now` with the default 30-day warning window, on the caller's thread.
    pub fn at(now: OffsetDateTime) -> Self {
        Options {
            now,
            warn_days: 30,
            threads: 1,
        }
    }
}

/// What one input was, and how much it yielded.
#[derive(Debug, Clone, Serialize)]
pub struct InputSummary {
    /// The input's name.
    pub name: String,
    /// What it turned out to be.
    pub format: InputFormat,
    /// How many items it held.
    pub items: usize,
    /// How many problems it had.
    pub errors: usize,
}

/// Everything the core worked out about a set of inputs.
#[derive(Debug, Clone)]
pub struct Report {
    /// The moment of judgement.
    pub now: OffsetDateTime,
    /// The expiry warning window, in days.
    pub warn_days: u32,
    /// One summary per input, in input order.
    pub inputs: Vec<InputSummary>,
    /// Every item, in input order.
    pub items: Vec<Item>,
    /// What a reviewer would say, most severe first.
    pub findings: Vec<Finding>,
    /// What could not be read.
    pub errors: Vec<InputError>,
    /// etcd members described by configuration among the inputs.
    pub members: Vec<EtcdMember>,
    /// kube-apiserver's `--etcd-servers` among the inputs: where the API server dials etcd.
    pub etcd_servers: Vec<String>,
    /// Files named by configuration among the inputs that are not themselves among the inputs.
    pub unresolved_usages: Vec<Usage>,
    /// Where each item and its findings are, so that looking them up for every item of a
    /// large set stays linear.
    index: ReportIndex,
    /// The distribution whose profile explains the set best, when one does.
    pub distribution: Option<&'static Profile>,
    /// The checks this analysis could not decide without cryptography of its own (always
    /// empty with the core's `pure-crypto`): see [`analyze_with`].
    pub pending: Pending,
}

/// Positions of items by id and of the findings about each item, as [`analyze`] left them.
/// The fields of a report are public, so every lookup checks what it finds and falls back to
/// a scan when the report was changed since.
#[derive(Debug, Clone, Default)]
struct ReportIndex {
    items: Map<ItemId, usize>,
    findings: Map<ItemId, Vec<usize>>,
    findings_len: usize,
}

impl ReportIndex {
    fn new(items: &[Item], findings: &[Finding]) -> Self {
        let mut by_item: Map<ItemId, Vec<usize>> = Map::new();
        for (p, f) in findings.iter().enumerate() {
            if let Some(id) = f.items.first() {
                by_item.entry(id.clone()).or_default().push(p);
            }
        }
        ReportIndex {
            items: items.iter().enumerate().map(|(i, it)| (it.id.clone(), i)).collect(),
            findings: by_item,
            findings_len: findings.len(),
        }
    }
}

impl Report {
    /// Looks an item up by id.
    pub fn item(&self, id: &ItemId) -> Option<&Item> {
        let indexed = self.index.items.get(id).and_then(|&i| self.items.get(i));
        match indexed {
            Some(item) if &item.id == id => Some(item),
            _ => self.items.iter().find(|i| &i.id == id),
        }
    }

    /// The findings about an item (those naming it first, as its section lists them; a
    /// finding also names the items it involves, such as the CA a leaf outlives), in report
    /// order.
    pub fn findings_for<'a>(&'a self, id: &'a ItemId) -> impl Iterator<Item = &'a Finding> + 'a {
        let fresh = self.index.findings_len == self.findings.len();
        let positions: &[usize] = match self.index.findings.get(id) {
            Some(p) if fresh => p,
            _ => &[],
        };
        let indexed = positions.iter().filter_map(|&p| self.findings.get(p));
        let scanned = self.findings.iter().take(if fresh { 0 } else { self.findings.len() });
        indexed.chain(scanned).filter(move |f| f.items.first() == Some(id))
    }

    /// Whether any finding is an error, or any input failed to read.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
            || self
                .findings
                .iter()
                .any(|f| f.severity == crate::finding::Severity::Error)
    }
}

/// A file an input names (see [`crate::unresolved_references`]) that the host could not read.
#[derive(Debug, Clone)]
pub struct UnreadableReference {
    /// The reference.
    pub reference: Reference,
    /// Why, in the host's words.
    pub reason: String,
}

/// Reads, links, classifies and reviews a set of inputs.
pub fn analyze(inputs: &[Input<'_>], options: &Options) -> Report {
    analyze_following(inputs, &[], options)
}

/// [`analyze`], for a host that read the files the inputs name (with the inputs) and reports
/// those it could not read: each becomes an error naming the file and who names it, in place of
/// the `referenced-file-missing` note.
pub fn analyze_following(inputs: &[Input<'_>], unreadable: &[UnreadableReference], options: &Options) -> Report {
    analyze_with(inputs, unreadable, options, &Verdicts::builtin())
}

/// [`analyze_following`] with the verdicts known so far, for a host that brings its own
/// cryptography (the web page, with the browser's WebCrypto). Signatures and public halves of
/// private keys the verdicts do not settle are listed in [`Report::pending`] and, in this
/// report, count as not checked: such an issuer is not linked (an `unverifiable-signature`
/// finding says so) and such a key is not paired. The host settles the pending checks, adds
/// them to `verdicts` and analyses again; the second report is the one to show.
pub fn analyze_with(
    inputs: &[Input<'_>],
    unreadable: &[UnreadableReference],
    options: &Options,
    verdicts: &Verdicts,
) -> Report {
    let mut raw: Vec<RawItem> = Vec::new();
    let mut errors = Vec::new();
    let mut usages = Vec::new();
    let mut members = Vec::new();
    let mut etcd_servers: Vec<String> = Vec::new();
    let mut summaries = Vec::new();
    let mut trailing = Vec::new();
    for input in inputs {
        let decoded = decode::decode(*input);
        summaries.push(InputSummary {
            name: input.name.to_string(),
            format: decoded.format,
            items: decoded.items.len(),
            errors: decoded.errors.len(),
        });
        let room = limits::MAX_ITEMS.saturating_sub(raw.len());
        if decoded.items.len() > room {
            errors.push(InputError {
                source: Source::file(input.name),
                line: None,
                kind: InputErrorKind::Config {
                    message: format!("more than {} items in all; the rest were not read", limits::MAX_ITEMS),
                },
            });
        }
        raw.extend(decoded.items.into_iter().take(room));
        errors.extend(decoded.errors);
        trailing.extend(decoded.trailing);
        usages.extend(decoded.usages);
        members.extend(decoded.members);
        for url in decoded.etcd_servers {
            if !etcd_servers.contains(&url) {
                etcd_servers.push(url);
            }
        }
    }

    for u in unreadable {
        errors.push(InputError {
            source: u.reference.declared_in.clone(),
            line: None,
            kind: InputErrorKind::ReferenceUnreadable {
                path: u.reference.path.clone(),
                named_by: u.reference.named_by.clone(),
                reason: u.reason.clone(),
            },
        });
    }

    let mut items = assign_ids(raw);
    let mut pending = Pending::default();
    derive_public_halves(&mut items, verdicts, &mut pending);
    settle_own_signatures(&mut items, verdicts, &mut pending);
    let mut unresolved_usages = attach_usages(&mut items, usages);
    unresolved_usages.retain(|usage| !unreadable.iter().any(|u| u.reference.path == usage.path));
    let mut findings: Vec<Finding> = trailing
        .into_iter()
        .map(|(source, n)| {
            Finding::new(
                FindingId::TrailingData,
                vec![ItemId(source.to_string())],
                format!("{source} ends with {n} bytes after its DER data; they were ignored."),
                "Keep only the DER structure, or convert it to PEM: `openssl x509 -inform der -in <file> -out <file.pem>`.",
            )
        })
        .collect();
    link_issuers(&mut items, &mut findings, verdicts, options.threads, &mut pending);
    link_keys(&mut items);
    let distribution = matcher::assign(&mut items);

    let mut report = Report {
        now: options.now,
        warn_days: options.warn_days,
        inputs: summaries,
        items,
        findings,
        errors,
        members,
        etcd_servers,
        unresolved_usages,
        index: ReportIndex::default(),
        distribution,
        pending,
    };
    let reviewed = review::review(&report, options);
    report.findings.extend(reviewed);
    let order: Map<ItemId, usize> = report
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.id.clone(), i))
        .collect();
    crate::order::sort_by_key(&mut report.findings, |f| {
        (
            std::cmp::Reverse(f.severity),
            f.items
                .first()
                .and_then(|id| order.get(id).copied())
                .unwrap_or(usize::MAX),
            f.id,
        )
    });
    report.index = ReportIndex::new(&report.items, &report.findings);
    report
}

/// Gives every item an id from its source, made unique with `~2`, `~3`.
fn assign_ids(raw: Vec<RawItem>) -> Vec<Item> {
    let mut seen: Map<String, usize> = Map::new();
    raw.into_iter()
        .map(|r| {
            let base = r.source.to_string();
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let id = if *n == 1 { base } else { format!("{base}~{n}") };
            Item {
                id: ItemId(id),
                source: r.source,
                line: r.line,
                body: r.body,
                role: Role::Unknown,
                role_reasons: Vec::new(),
                issued_by: None,
                chain: Vec::new(),
                key: None,
                certificate: None,
                public_key_item: None,
                usages: Vec::new(),
                matched: None,
                container: r.container,
            }
        })
        .collect()
}

/// Gives private keys that do not carry their public half the derived one, and drops their
/// secrets: no item of a report holds one.
fn derive_public_halves(items: &mut [Item], verdicts: &Verdicts, pending: &mut Pending) {
    for item in items {
        if let ItemBody::PrivateKey(key) = &mut item.body
            && let Some(derivation) = key.derivation.take()
        {
            let (fallback, algorithm) = (derivation.fallback.clone(), derivation.algorithm);
            let derived = verdicts.public_key(derivation, pending);
            key.public_key = crate::keys::KeyDerivation::complete(fallback, algorithm, derived);
        }
    }
}

/// Settles the signatures an item makes with its own key (a self-signed certificate, a CSR)
/// with the given verdicts. With the core's own cryptography decoding settled them already.
fn settle_own_signatures(items: &mut [Item], verdicts: &Verdicts, pending: &mut Pending) {
    if verdicts.is_builtin() {
        return;
    }
    for item in items {
        match &mut item.body {
            // A root as OpenSSL decides was settled by decoding, without a signature.
            ItemBody::Certificate(c) if !c.self_signed && c.subject.der == c.issuer.der => {
                c.self_signed = verdicts.signature(&c.signed, &c.public_key.material, pending) == Verification::Valid;
            }
            ItemBody::Csr(c) => {
                c.signature_valid = verdicts.signature(&c.signed, &c.public_key.material, pending).known()
            }
            _ => {}
        }
    }
}

/// Normalised path components, for matching a path written in a configuration file against
/// the path an input was given by.
fn components(path: &str) -> Vec<&str> {
    path.split(['/', '\\']).filter(|c| !c.is_empty() && *c != ".").collect()
}

/// How well an input's path matches a path named in a configuration file: the number of
/// trailing components they share, when that is enough to call it the same file. Paths in
/// configuration are absolute on the node (`/etc/kubernetes/pki/etcd/server.crt`), while
/// inputs are often a copy elsewhere (`backup/pki/etcd/server.crt`) or relative to the folder
/// the user is in (`pki/etcd/server.crt`).
pub(crate) fn path_match(input_path: &str, named_path: &str) -> Option<usize> {
    let a = components(input_path);
    let b = components(named_path);
    let common = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return None;
    }
    let whole_input = common == a.len() && !input_path.starts_with('/');
    (common >= 2 || whole_input || a == b).then_some(common)
}

/// Attaches each usage to the items of the file it names; returns those that name no input.
fn attach_usages(items: &mut [Item], usages: Vec<Usage>) -> Vec<Usage> {
    let mut unresolved = Vec::new();
    for usage in usages {
        let best = items
            .iter()
            .filter_map(|it| path_match(&it.source.path, &usage.path))
            .max();
        let Some(best) = best else {
            unresolved.push(usage);
            continue;
        };
        let in_file: Vec<usize> = items
            .iter()
            .enumerate()
            .filter(|(_, it)| {
                it.source.locator.is_none()
                    || it
                        .source
                        .locator
                        .as_deref()
                        .is_some_and(|l| l.chars().all(|c| c.is_ascii_digit()))
            })
            .filter(|(_, it)| path_match(&it.source.path, &usage.path) == Some(best))
            .map(|(i, _)| i)
            .collect();
        let in_file = nearest_unless_copies(items, in_file, &usage.declared_in.path);
        // In a file holding both a certificate and its key, a key slot takes the key and a
        // certificate slot the certificate; a file of the wrong type takes the usage anyway,
        // so that the mistake can be reported.
        let wanted = |it: &Item| match it.kind() {
            ItemKind::PrivateKey => usage.slot.takes_key(),
            ItemKind::PublicKey => usage.slot == Slot::ServiceAccountPublicKey,
            ItemKind::Crl => usage.slot == Slot::Crl,
            _ => !usage.slot.takes_key() && usage.slot != Slot::Crl && usage.slot != Slot::ServiceAccountPublicKey,
        };
        let mut fitting: Vec<usize> = in_file.iter().copied().filter(|&i| wanted(&items[i])).collect();
        // A leaf slot takes the first certificate of a bundle (k3s writes each leaf followed by
        // its CA); the CA copies after it are not what the flag names.
        if usage.slot.takes_leaf() {
            fitting.truncate(1);
        }
        let targets = if fitting.is_empty() { in_file } else { fitting };
        for i in targets {
            items[i].usages.push(usage.clone());
        }
    }
    unresolved
}

/// Of the files a configuration's path matches equally well, the ones nearest to the
/// configuration (sharing the most leading folders with it), unless they are all copies of one
/// file: two clusters' folders side by side both hold `pki/etcd/ca.crt`, and each cluster's
/// `manifests/etcd.yaml` names its own, while OpenShift's revisions hold copies of one
/// certificate that every revision's pod may name.
fn nearest_unless_copies(items: &[Item], candidates: Vec<usize>, config: &str) -> Vec<usize> {
    type Content<'a> = (ItemKind, Option<&'a [u8]>, Option<&'a str>);
    // Few files share a name: a vector of (path, what it holds) is enough.
    let mut by_file: Vec<(&str, Vec<Content<'_>>)> = Vec::new();
    for &i in &candidates {
        let it = &items[i];
        let content = (
            it.kind(),
            it.certificate().map(|c| c.der.as_slice()),
            it.public_key().map(|k| k.spki_sha256.as_str()),
        );
        match by_file.iter_mut().find(|(path, _)| *path == it.source.path) {
            Some((_, held)) => held.push(content),
            None => by_file.push((it.source.path.as_str(), vec![content])),
        }
    }
    if by_file
        .iter()
        .all(|(_, held)| Some(held) == by_file.first().map(|(_, h)| h))
    {
        return candidates;
    }
    let nearest = (by_file.iter())
        .map(|(path, _)| shared_folders(path, config))
        .max()
        .unwrap_or(0);
    candidates
        .into_iter()
        .filter(|&i| shared_folders(&items[i].source.path, config) == nearest)
        .collect()
}

/// How many leading folders two paths share.
pub(crate) fn shared_folders(a: &str, b: &str) -> usize {
    fn folders(p: &str) -> impl Iterator<Item = &str> {
        let folder = p.rsplit_once(['/', '\\']).map_or("", |(d, _)| d);
        folder.split(['/', '\\']).filter(|c| !c.is_empty())
    }
    folders(a).zip(folders(b)).take_while(|(x, y)| x == y).count()
}

/// The folders a path lies in, deepest first, each as a prefix of the path with its depth in
/// folders: `a/b/c.crt` gives (`a/b`, 2), then (`a`, 1).
fn enclosing_folders(path: &str) -> impl Iterator<Item = (&str, usize)> {
    let ends: Vec<usize> = path.match_indices(['/', '\\']).map(|(i, _)| i).collect();
    ends.into_iter().rev().filter_map(move |end| {
        let prefix = &path[..end];
        let depth = prefix.split(['/', '\\']).filter(|c| !c.is_empty()).count();
        (depth > 0).then_some((prefix, depth))
    })
}

/// Inputs that stand alone (a file) before copies embedded elsewhere (a kubeconfig's CA).
fn preference(item: &Item) -> (bool, usize) {
    (item.source.locator.is_some(), item.source.path.len())
}

/// A signature's bytes and a candidate signer's key id (the SHA-256 of its SubjectPublicKeyInfo).
type SignatureAndKey<'a> = (&'a [u8], &'a str);

/// Links every certificate and CRL to the certificate whose key signed it.
///
/// Only certificates whose subject is the item's issuer name are candidates (Go, and so etcd
/// and Kubernetes, chain by name too), found through an index rather than by trying every
/// certificate. Among them, those whose subject key id is the item's authority key id are
/// checked first, through an index of their own (a fleet's clusters all have a CA named
/// `etcd-ca`), so in the usual case one signature check settles the link. A signature is
/// checked against each distinct key once: copies of a CA (the file, and the same CA in every
/// kubeconfig) share the verdict. The link is the most preferred candidate whose key made the
/// signature, the same as checking every candidate in order of preference would give, since
/// no other key can have made it. Only when no key id points at the signer are all candidates
/// of the name checked, as the findings then name one that did not sign.
fn link_issuers(
    items: &mut [Item],
    findings: &mut Vec<Finding>,
    known: &Verdicts,
    threads: usize,
    pending: &mut Pending,
) {
    let mut by_subject: Map<&[u8], Vec<usize>> = Map::new();
    let mut by_subject_and_key_id: Map<(&[u8], &str), Vec<usize>> = Map::new();
    let mut by_subject_and_key: Map<(&[u8], &str), Vec<usize>> = Map::new();
    // The most preferred copy of each certificate under each folder it lies in: a signer's
    // copy nearest a certificate is found by walking up the certificate's own folders, not by
    // comparing every copy (k3s appends its CA to every leaf file).
    let mut by_subject_key_and_folder: Map<(&[u8], &str, &str), usize> = Map::new();
    let mut order: Vec<usize> = (0..items.len()).filter(|&i| items[i].certificate().is_some()).collect();
    crate::order::sort_by_key(&mut order, |&i| preference(&items[i]));
    for &i in &order {
        let Some(c) = items[i].certificate() else {
            continue;
        };
        let subject = c.subject.der.as_slice();
        by_subject.entry(subject).or_default().push(i);
        if let Some(key_id) = c.subject_key_id.as_deref() {
            by_subject_and_key_id.entry((subject, key_id)).or_default().push(i);
        }
        by_subject_and_key
            .entry((subject, c.public_key.spki_sha256.as_str()))
            .or_default()
            .push(i);
        for (folder, _) in enclosing_folders(&items[i].source.path) {
            by_subject_key_and_folder
                .entry((subject, c.public_key.spki_sha256.as_str(), folder))
                .or_insert(i);
        }
    }
    // Verdicts by (signature, key), with what was signed: the same certificate found twice (a
    // file and its copy in a kubeconfig) is checked once against each key. Keyed by the short
    // signature rather than the whole signed message, which is compared only on a hit.
    let mut verdicts: Map<SignatureAndKey<'_>, (&[u8], Verification)> = Map::new();
    // The signer each item most likely has (the first candidate the loop below tries) is
    // checked first, all at once, so that the checks can share the threads the caller allows;
    // the loop then finds those verdicts ready. Which verdicts exist does not change, only
    // when they are worked out.
    if known.settles_ahead(threads) {
        let mut likely: Vec<(&Signed, &PublicKeyMaterial, SignatureAndKey<'_>)> = Vec::new();
        for (i, it) in items.iter().enumerate() {
            let (issuer, signed, authority_key_id) = match &it.body {
                ItemBody::Certificate(c) if !c.self_signed => (&c.issuer.der, &c.signed, c.authority_key_id.as_deref()),
                ItemBody::Crl(c) => (&c.issuer.der, &c.signed, None),
                _ => continue,
            };
            let issuer = issuer.as_slice();
            let by_key_id = authority_key_id.and_then(|k| others(by_subject_and_key_id.get(&(issuer, k)), i).next());
            let first = by_key_id.or_else(|| others(by_subject.get(issuer), i).next());
            if let Some(key) = first.and_then(|j| items[j].public_key()) {
                let pair = (signed.signature.as_slice(), key.spki_sha256.as_str());
                likely.push((signed, &key.material, pair));
            }
        }
        likely.sort_by(|a, b| a.2.cmp(&b.2));
        likely.dedup_by(|a, b| a.2 == b.2);
        let checks: Vec<(&Signed, &PublicKeyMaterial)> = likely.iter().map(|(s, k, _)| (*s, *k)).collect();
        if let Some(settled) = known.settle_ahead(&checks, threads) {
            for ((signed, _, pair), verdict) in likely.into_iter().zip(settled) {
                verdicts.insert(pair, (signed.message.as_slice(), verdict));
            }
        }
    }
    let mut links = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let (issuer_der, signed, self_signed, authority_key_id) = match &it.body {
            ItemBody::Certificate(c) => (&c.issuer.der, &c.signed, c.self_signed, c.authority_key_id.as_deref()),
            ItemBody::Crl(c) => (&c.issuer.der, &c.signed, false, None),
            _ => continue,
        };
        if self_signed {
            continue;
        }
        let issuer = issuer_der.as_slice();
        let mut verdict_of = |j: usize| -> Option<Verification> {
            let key = items[j].public_key()?;
            let pair = (signed.signature.as_slice(), key.spki_sha256.as_str());
            match verdicts.get(&pair) {
                Some((message, verdict)) if *message == signed.message.as_slice() => Some(verdict.clone()),
                Some(_) => Some(known.signature(signed, &key.material, pending)),
                None => {
                    let verdict = known.signature(signed, &key.material, pending);
                    verdicts.insert(pair, (signed.message.as_slice(), verdict.clone()));
                    Some(verdict)
                }
            }
        };
        let mut signer_key = None;
        if let Some(key_id) = authority_key_id {
            for j in others(by_subject_and_key_id.get(&(issuer, key_id)), i) {
                if verdict_of(j) == Some(Verification::Valid) {
                    signer_key = items[j].public_key().map(|k| k.spki_sha256.as_str());
                    break;
                }
            }
        }
        let found = match signer_key {
            Some(key) => others(by_subject_and_key.get(&(issuer, key)), i).next(),
            None => others(by_subject.get(issuer), i).find(|&j| verdict_of(j) == Some(Verification::Valid)),
        };
        if let Some(j) = found {
            // Of several copies of the signer (a CA copied to every host's folder), the one
            // nearest the certificate: in its own folder tree before another host's.
            let shared_with_j = shared_folders(&items[j].source.path, &it.source.path);
            let nearest = items[j].public_key().and_then(|k| {
                enclosing_folders(&it.source.path)
                    .take_while(|&(_, depth)| depth > shared_with_j)
                    .find_map(|(folder, _)| {
                        by_subject_key_and_folder
                            .get(&(issuer, k.spki_sha256.as_str(), folder))
                            .copied()
                            .filter(|&c| c != i)
                    })
            });
            links.push((i, nearest.unwrap_or(j)));
            continue;
        }
        let candidates: Vec<usize> = others(by_subject.get(issuer), i).collect();
        // No candidate signed it: every candidate has a verdict now, and the findings name
        // the first that could not be checked or did not sign.
        let mut invalid = Vec::new();
        let mut unsupported = None;
        for &j in &candidates {
            match verdict_of(j) {
                Some(Verification::Invalid) => invalid.push(j),
                Some(Verification::Unsupported(why)) => unsupported = Some((j, why)),
                Some(Verification::Valid) | None => {}
            }
        }
        match (unsupported, invalid.first()) {
            (Some((j, why)), _) => findings.push(Finding::new(
                FindingId::UnverifiableSignature,
                vec![it.id.clone(), items[j].id.clone()],
                format!(
                    "{} names {} as its issuer, but its signature cannot be checked: {why}.",
                    it.id, items[j].id
                ),
                "Nothing to do unless you doubt the chain; check it with `openssl verify -CAfile <ca> <cert>`.",
            )),
            (None, Some(&j)) => {
                let issuer_name = items[j]
                    .certificate()
                    .map(|c| c.subject.text.clone())
                    .unwrap_or_default();
                findings.push(Finding::new(
                    FindingId::SignatureInvalid,
                    vec![it.id.clone(), items[j].id.clone()],
                    format!(
                        "{} says it was issued by {issuer_name}, and {} has that name, but its key did not sign {}. Two different CAs carry the same name: usually the cluster or the CA was rebuilt and one of the files is from before.",
                        it.id, items[j].id, it.id
                    ),
                    format!(
                        "Use the CA that really signed {} (find it by its key id: {}), or reissue {} from {}.",
                        it.id,
                        it.certificate().and_then(|c| c.authority_key_id.clone()).unwrap_or_else(|| "see the issuer's subject key id".into()),
                        it.id,
                        items[j].id
                    ),
                ));
            }
            (None, None) => {}
        }
    }
    for (i, j) in links {
        items[i].issued_by = Some(items[j].id.clone());
    }
    // Chains: follow issued_by up to a root, guarding against loops.
    let index: Map<ItemId, usize> = items.iter().enumerate().map(|(i, it)| (it.id.clone(), i)).collect();
    for i in 0..items.len() {
        let mut chain = Vec::new();
        let mut seen = Set::new();
        let mut next = items[i].issued_by.clone();
        while let Some(id) = next {
            if !seen.insert(id.clone()) || chain.len() >= 16 {
                break;
            }
            next = index.get(&id).and_then(|&j| items[j].issued_by.clone());
            chain.push(id);
        }
        items[i].chain = chain;
    }
}

/// The items of some kinds by their public key, so that a key meets only the items that may
/// carry its public half, not every item.
struct ByPublicKey<'a> {
    items: &'a [Item],
    /// Buckets by [`key_bytes`]; within one, the whole key is compared.
    index: Map<&'a [u8], Vec<usize>>,
}

impl<'a> ByPublicKey<'a> {
    fn new(items: &'a [Item], kinds: &[ItemKind]) -> Self {
        let mut index: Map<&[u8], Vec<usize>> = Map::new();
        for (i, it) in items.iter().enumerate() {
            if kinds.contains(&it.kind())
                && let Some(p) = it.public_key()
            {
                index.entry(key_bytes(&p.material)).or_default().push(i);
            }
        }
        ByPublicKey { items, index }
    }

    /// The items that carry exactly `material`, in input order.
    fn carrying<'s>(&'s self, material: &'s PublicKeyMaterial) -> impl Iterator<Item = usize> + 's {
        (self.index.get(key_bytes(material)).into_iter().flatten().copied())
            .filter(move |&i| self.items[i].public_key().is_some_and(|p| &p.material == material))
    }
}

/// A file name's stem as a pair's files share it: `server.key` goes with `server.crt`,
/// `kube-proxy-key.pem` with `kube-proxy.pem` (cfssl's and RKE's naming).
fn pair_stem(file_name: &str) -> String {
    let stem = profile::stem(file_name);
    match stem.strip_suffix("-key") {
        Some(s) => s.to_string(),
        None => stem,
    }
}

/// The bytes that tell public keys apart: [`ByPublicKey`]'s buckets.
fn key_bytes(material: &PublicKeyMaterial) -> &[u8] {
    match material {
        PublicKeyMaterial::Rsa { modulus, .. } => modulus,
        PublicKeyMaterial::Ec { point, .. } => point,
        PublicKeyMaterial::Ed25519(key) => key,
        PublicKeyMaterial::Other { bits, .. } => bits,
    }
}

/// The candidates of a list other than the item itself.
fn others(list: Option<&Vec<usize>>, item: usize) -> impl Iterator<Item = usize> + '_ {
    list.into_iter().flatten().copied().filter(move |&j| j != item)
}

/// Pairs private keys with the certificates and public keys that carry their public half.
///
/// Certificates and public keys are indexed by key, so each private key meets only the items
/// that carry its public half, not every item.
fn link_keys(items: &mut [Item]) {
    let mut pairings: Vec<(usize, Vec<usize>, Vec<usize>)> = Vec::new();
    // For each certificate or public key, its closest private key so far: (distance, key).
    let mut closest: Map<usize, ((bool, bool), usize)> = Map::new();
    {
        let items: &[Item] = items;
        let carriers = ByPublicKey::new(items, &[ItemKind::Certificate, ItemKind::PublicKey]);
        for (k, key) in items.iter().enumerate() {
            if key.kind() != ItemKind::PrivateKey {
                continue;
            }
            let Some(material) = key.public_key().map(|p| &p.material) else {
                continue;
            };
            let key_stem = pair_stem(key.source.file_name());
            let key_folder = key.source.folder();
            let closeness = |it: &Item| {
                let same_file = it.source.path == key.source.path;
                let same_stem = it.source.folder() == key_folder && profile::stem(it.source.file_name()) == key_stem;
                (!same_file, !same_stem, preference(it))
            };
            let (mut certs, mut publics): (Vec<usize>, Vec<usize>) = carriers
                .carrying(material)
                .partition(|&i| items[i].kind() == ItemKind::Certificate);
            for &i in certs.iter().chain(&publics) {
                let (other_file, other_stem, _) = closeness(&items[i]);
                let distance = (other_file, other_stem);
                match closest.get(&i) {
                    Some(&(best, _)) if best <= distance => {}
                    _ => {
                        closest.insert(i, (distance, k));
                    }
                }
            }
            crate::order::sort_by_key(&mut certs, |&i| closeness(&items[i]));
            crate::order::sort_by_key(&mut publics, |&i| closeness(&items[i]));
            pairings.push((k, certs, publics));
        }
    }
    let requests = link_requests(items);
    for (k, certs, publics) in pairings {
        let key_id = items[k].id.clone();
        if let Some(&c) = certs.first() {
            items[k].certificate = Some(items[c].id.clone());
        }
        if let Some(&p) = publics.first() {
            items[k].public_key_item = Some(items[p].id.clone());
        }
        for i in certs.into_iter().chain(publics) {
            // A certificate keeps the closest key when several copies of the key exist (the
            // same file, then the same name), the first of equals.
            if closest.get(&i).is_some_and(|&(_, best)| best == k) {
                items[i].key = Some(key_id.clone());
            }
        }
    }
    for (r, certificate, key) in requests {
        items[r].certificate = certificate.map(|c| items[c].id.clone());
        items[r].key = key.map(|k| items[k].id.clone());
    }
}

/// Finds, for each CSR, the certificate issued for its public key and the private key that
/// signed it, the closest first (cfssl writes `server.csr` beside `server.pem` and
/// `server-key.pem`; `kubeadm certs generate-csr` writes `etcd/server.csr` beside
/// `etcd/server.key`).
fn link_requests(items: &[Item]) -> Vec<(usize, Option<usize>, Option<usize>)> {
    let carriers = ByPublicKey::new(items, &[ItemKind::Certificate, ItemKind::PrivateKey]);
    let mut links = Vec::new();
    for (r, request) in items.iter().enumerate() {
        if request.kind() != ItemKind::Csr {
            continue;
        }
        let Some(material) = request.public_key().map(|p| &p.material) else {
            continue;
        };
        let stem = profile::stem(request.source.file_name());
        let folder = request.source.folder();
        let closeness = |it: &Item| {
            let same_stem = it.source.folder() == folder && pair_stem(it.source.file_name()) == stem;
            (!same_stem, preference(it))
        };
        let closest = |kind: ItemKind| {
            (carriers.carrying(material))
                .filter(|&i| items[i].kind() == kind)
                .min_by_key(|&i| closeness(&items[i]))
        };
        links.push((r, closest(ItemKind::Certificate), closest(ItemKind::PrivateKey)));
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_named_in_config_match_copies_and_relative_paths() {
        let named = "/etc/kubernetes/pki/etcd/server.crt";
        assert_eq!(path_match("/etc/kubernetes/pki/etcd/server.crt", named), Some(5));
        assert_eq!(path_match("backup/pki/etcd/server.crt", named), Some(3));
        assert_eq!(path_match("pki/etcd/server.crt", named), Some(3));
        assert_eq!(path_match("server.crt", named), Some(1));
        assert_eq!(path_match("other/server.crt", named), None);
        assert_eq!(path_match("/other/server.crt", named), None);
        assert_eq!(path_match("pki/etcd/peer.crt", named), None);
    }
}
