//! Distribution profiles: what each distribution's own code writes into its PKI, as data.
//!
//! One [`Profile`] per distribution (kubeadm, minikube, k3s, RKE2, RKE, k0s, OpenShift, MicroShift, Talos, kops, Typhoon,
//! Kubespray, Cluster API, etcdadm, Gardener, Kubernetes the Hard Way, Calico's and Cilium's
//! etcd Secrets, etcd's TLS guide, plain etcd configured by flags), each a list of [`Entry`]s: the
//! files it writes (path patterns), the subjects it gives them, who signs what, the extended
//! key usages, which program and flag takes each file, and how each is renewed. The matcher
//! (`crate::matcher`) scores the evidence of a whole input set against these tables and is the
//! only place that decides a role; nothing here decides anything.
//!
//! Adding a distribution is one new file here, one line in [`PROFILES`], and one test in
//! `tests/distributions.rs`.
//!
//! Patterns: `*` matches any run of characters (also none), `#` one or more digits
//! (`k3s-server-ca@#` is `k3s-server-ca@1700000000`), `%` one or more hex digits (Gardener's
//! `ca-etcd-%` is `ca-etcd-3f1a9c2e`, not `ca-etcd-peer`). A subject pattern `""` means "no CN".

use std::fmt;

use crate::role::Role;

mod calico;
mod cluster_api;
mod etcd_guide;
mod etcdadm;
mod gardener;
mod hardway;
mod k0s;
mod k3s;
mod kops;
mod kubeadm;
mod kubespray;
mod microshift;
mod minikube;
mod openshift;
pub(crate) mod plain_etcd;
mod rke;
mod talos;
mod typhoon;

/// Every profile, most specific first (on equal evidence the earlier one wins).
pub static PROFILES: &[&Profile] = &[
    &kubeadm::PROFILE,
    &minikube::PROFILE,
    &k3s::K3S,
    &k3s::RKE2,
    &rke::PROFILE,
    &k0s::PROFILE,
    &openshift::PROFILE,
    &microshift::PROFILE,
    &talos::PROFILE,
    &kops::PROFILE,
    &kubespray::PROFILE,
    &cluster_api::PROFILE,
    &etcdadm::PROFILE,
    &typhoon::PROFILE,
    &gardener::PROFILE,
    &hardway::PROFILE,
    &calico::CALICO,
    &calico::CILIUM,
    &etcd_guide::PROFILE,
    &plain_etcd::PROFILE,
];

/// Looks a profile up by id.
pub fn by_id(id: &str) -> Option<&'static Profile> {
    PROFILES.iter().copied().find(|p| p.id == id)
}

/// One distribution's PKI.
pub struct Profile {
    /// Stable id: `kubeadm`, `minikube`, `k3s`, `rke2`, `rke`, `k0s`, `openshift`, `talos`, `kops`, `kubespray`,
    /// `cluster-api`, `etcdadm`, `gardener`, `kubernetes-the-hard-way`, `calico`, `cilium`,
    /// `etcd-tls-guide`, `etcd`.
    pub id: &'static str,
    /// Its name for people.
    pub name: &'static str,
    /// Where it keeps its PKI on a node.
    pub pki_dirs: &'static [&'static str],
    /// How a leaf is renewed; `{renew}` is replaced by the entry's [`Entry::renew`].
    pub renew_leaf: &'static str,
    /// How a leaf without its own [`Entry::renew`] is renewed.
    pub renew_other: &'static str,
    /// Whether its operators may re-sign a CA certificate with the CA's own key (same subject,
    /// new dates) to extend it: the distributions that leave CA files to the operator. Those
    /// that rotate their CAs themselves (OpenShift, MicroShift, Talos, k3s's `rotate-ca`, ...)
    /// say their own way only.
    pub resign_ca_by_hand: bool,
    /// How a CA is replaced.
    pub renew_ca: &'static str,
    /// How it decides the names (SANs) in etcd's certificates, and how to get another in.
    pub names: Names,
    /// What it writes.
    pub entries: &'static [Entry],
}

impl Profile {
    /// Whether a tool of its own names its files and subjects: every profile but the catch-all
    /// `etcd` (etcd set up by hand), whose names are only the ones people commonly use.
    pub fn names_its_files(&self) -> bool {
        self.id != "etcd"
    }
}

/// How a distribution names etcd's server and peer certificates (their SANs), and how an
/// operator gets another name into them, or why nothing can; `{names}` stands for the names
/// wanted, `{which}` for `server` or `peer` (one text serves both where the distribution treats
/// them alike). Said where etcd is dialled by a name its certificate does not carry.
#[derive(Debug, Clone, Copy)]
pub struct Names {
    /// etcd's server certificate (clients, port 2379).
    pub server: &'static str,
    /// etcd's peer certificate (members, port 2380).
    pub peer: &'static str,
}

impl Names {
    /// One text for both certificates.
    pub const fn both(text: &'static str) -> Names {
        Names {
            server: text,
            peer: text,
        }
    }

    /// The advice for etcd's server certificate (`peer`: its peer certificate), for `names`.
    pub fn adding(&self, peer: bool, names: &str) -> String {
        let (text, which) = if peer {
            (self.peer, "peer")
        } else {
            (self.server, "server")
        };
        text.replace("{names}", names).replace("{which}", which)
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

impl PartialEq for Profile {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}

/// What kind of thing an entry describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A CA certificate (CA:TRUE).
    Ca,
    /// A leaf certificate with these extended key usages.
    Leaf(Eku),
    /// A key without a certificate (service-account keys).
    Key,
}

/// The extended key usages a distribution gives a leaf.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eku {
    /// serverAuth only.
    Server,
    /// clientAuth only.
    Client,
    /// Both.
    Both,
}

impl Eku {
    /// Whether the leaf acts as a TLS server.
    pub fn server(self) -> bool {
        matches!(self, Eku::Server | Eku::Both)
    }

    /// Whether the leaf acts as a TLS client.
    pub fn client(self) -> bool {
        matches!(self, Eku::Client | Eku::Both)
    }
}

/// One file (or family of files) a distribution writes.
#[derive(Clone, Copy)]
pub struct Entry {
    /// The role it gets when this entry explains it.
    pub role: Role,
    /// What the distribution calls it, for reasons: "etcd server CA".
    pub what: &'static str,
    /// CA, leaf or key.
    pub shape: Shape,
    /// Common-name patterns; the first is today's, later ones older versions'. Empty: any.
    pub cn: &'static [&'static str],
    /// Organisation patterns; empty: any.
    pub o: &'static [&'static str],
    /// Path patterns, matched from the end (`tls/etcd/server-ca.crt`).
    pub files: &'static [&'static str],
    /// The role of the CA that signs it.
    pub issuer: Option<Role>,
    /// Written as the leaf followed by its CA (k3s and RKE2 do this).
    pub bundled: bool,
    /// Programs and flags that take it: `etcd --cert-file`.
    pub used_by: &'static [&'static str],
    /// What goes into the profile's `{renew}` (`etcd-server` for kubeadm); empty: see
    /// [`Profile::renew_other`].
    pub renew: &'static str,
    /// What follows a renewal where the profile's text has `{then}`: kubeadm restarts the
    /// static pods that use a certificate, but no pod uses admin.conf.
    pub then: Option<&'static str>,
    /// An older common name that another tool still gives today, and who: (`kubernetes`,
    /// `Cluster API gives every CA it makes`), said beside "the name older versions gave".
    pub also_named: Option<(&'static str, &'static str)>,
    /// Explains an item only where the item's path matches [`Entry::files`]: its content is
    /// what other tools make too (Cluster API's CAs are all `CN=kubernetes`, as kubeadm's is).
    pub needs_path: bool,
    /// What the common names after the first are, where they are not older versions' names
    /// (Gardener's `ca-etcd-<hash>`: "the name Gardener gives it after a CA rotation").
    pub later_cn: Option<&'static str>,
    /// For a key kept without a certificate ([`Shape::Key`]): the programs and flags that take
    /// its public half (`kube-apiserver --service-account-key-file` takes `sa.pub`), where they
    /// differ from those that take the private half ([`Entry::used_by`]). Empty: both halves
    /// are taken by [`Entry::used_by`].
    pub public_used_by: &'static [&'static str],
    /// For a CA: the programs that sign with its key (`etcd-manager, which issues ...`), where
    /// the distribution's own code says so; empty: said in general words.
    pub key_used_by: &'static [&'static str],
    /// How this entry is renewed, in place of the profile's texts: a file the distribution's
    /// renewal does not touch (the OpenShift installer's `tls/etcd-client.crt`, which no
    /// operator renews in the install directory).
    pub renewed_apart: Option<&'static str>,
}

impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.what, self.role)
    }
}

impl Entry {
    /// A CA.
    pub const fn ca(role: Role, what: &'static str) -> Entry {
        Entry {
            role,
            what,
            shape: Shape::Ca,
            cn: &[],
            o: &[],
            files: &[],
            issuer: None,
            bundled: false,
            used_by: &[],
            renew: "",
            then: None,
            also_named: None,
            needs_path: false,
            later_cn: None,
            public_used_by: &[],
            key_used_by: &[],
            renewed_apart: None,
        }
    }

    /// A leaf.
    pub const fn leaf(role: Role, what: &'static str, eku: Eku, issuer: Role) -> Entry {
        Entry {
            shape: Shape::Leaf(eku),
            issuer: Some(issuer),
            ..Entry::ca(role, what)
        }
    }

    /// A key with no certificate.
    pub const fn key(role: Role, what: &'static str) -> Entry {
        Entry {
            shape: Shape::Key,
            ..Entry::ca(role, what)
        }
    }

    /// With common-name patterns.
    pub const fn cn(self, cn: &'static [&'static str]) -> Entry {
        Entry { cn, ..self }
    }

    /// With organisation patterns.
    pub const fn o(self, o: &'static [&'static str]) -> Entry {
        Entry { o, ..self }
    }

    /// With path patterns.
    pub const fn files(self, files: &'static [&'static str]) -> Entry {
        Entry { files, ..self }
    }

    /// Written leaf first, then its CA.
    pub const fn bundled(self) -> Entry {
        Entry { bundled: true, ..self }
    }

    /// With the programs and flags that take it.
    pub const fn used_by(self, used_by: &'static [&'static str]) -> Entry {
        Entry { used_by, ..self }
    }

    /// With its name in the renewal command.
    pub const fn renew(self, renew: &'static str) -> Entry {
        Entry { renew, ..self }
    }

    /// With what to do after the renewal, where the profile's text asks (`{then}`).
    pub const fn then(self, then: &'static str) -> Entry {
        Entry {
            then: Some(then),
            ..self
        }
    }

    /// Only where the path matches.
    pub const fn needs_path(self) -> Entry {
        Entry {
            needs_path: true,
            ..self
        }
    }

    /// With words for what its later common-name patterns are, instead of older versions'.
    pub const fn later_cn(self, words: &'static str) -> Entry {
        Entry {
            later_cn: Some(words),
            ..self
        }
    }

    /// With the programs and flags that take a key's public half, [`Entry::used_by`] then
    /// being those that take its private half.
    pub const fn public_used_by(self, public_used_by: &'static [&'static str]) -> Entry {
        Entry { public_used_by, ..self }
    }

    /// With the programs that sign with a CA's key.
    pub const fn key_used_by(self, key_used_by: &'static [&'static str]) -> Entry {
        Entry { key_used_by, ..self }
    }

    /// With how it is renewed, in place of the profile's texts.
    pub const fn renewed_apart(self, how: &'static str) -> Entry {
        Entry {
            renewed_apart: Some(how),
            ..self
        }
    }

    /// The programs and flags that take the private half of a key (`public`: its public half),
    /// or the certificate.
    pub fn uses(&self, public: bool) -> &'static [&'static str] {
        if public && !self.public_used_by.is_empty() {
            self.public_used_by
        } else {
            self.used_by
        }
    }

    /// With an older name that another tool still gives today, and the words saying who.
    pub const fn also_named(self, cn: &'static str, who: &'static str) -> Entry {
        Entry {
            also_named: Some((cn, who)),
            ..self
        }
    }
}

/// A profile entry that explains an item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ProfileMatch {
    /// The distribution.
    pub profile: &'static Profile,
    /// The entry.
    pub entry: &'static Entry,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl ProfileMatch {
    /// How to renew the item this entry explains, in the distribution's own words.
    pub fn renewal(&self) -> String {
        let p = self.profile;
        if let Some(how) = self.entry.renewed_apart {
            return how.to_string();
        }
        if self.entry.shape == Shape::Ca {
            return p.renew_ca.replace("{renew}", self.entry.renew);
        }
        if self.entry.renew.is_empty() {
            p.renew_other.to_string()
        } else {
            p.renew_leaf.replace("{renew}", self.entry.renew).replace(
                "{then}",
                self.entry.then.unwrap_or("restart the static pods that use it"),
            )
        }
    }
}

/// Whether `text` matches `pattern` (`*` any run, `#` one or more digits, `%` one or more hex
/// digits), ASCII case-insensitively.
pub fn glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[u8], t: &[u8]) -> bool {
        match p.split_first() {
            None => t.is_empty(),
            Some((b'*', rest)) => (0..=t.len()).any(|i| go(rest, &t[i..])),
            Some((b'#', rest)) => {
                let digits = t.iter().take_while(|c| c.is_ascii_digit()).count();
                (1..=digits).any(|i| go(rest, &t[i..]))
            }
            Some((b'%', rest)) => {
                let digits = t.iter().take_while(|c| c.is_ascii_hexdigit()).count();
                (1..=digits).any(|i| go(rest, &t[i..]))
            }
            Some((c, rest)) => t.first().is_some_and(|x| x.eq_ignore_ascii_case(c)) && go(rest, &t[1..]),
        }
    }
    // Patterns and names are short; the recursion is bounded by their lengths.
    pattern.len() <= 128 && text.len() <= 512 && go(pattern.as_bytes(), text.as_bytes())
}

/// Whether a pattern has literal characters, so that a match says something.
pub fn is_specific(pattern: &str) -> bool {
    pattern.chars().any(|c| c != '*')
}

/// The extensions certificate files wear, stripped by [`stem`].
const EXTENSIONS: [&str; 14] = [
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
];

/// `s` without the extensions of [`EXTENSIONS`], as often as they repeat; case-sensitive.
/// Each extension is one dot and what follows it, so only the last dot's suffix can match.
fn strip_extensions(mut s: &str) -> &str {
    while let Some(dot) = s.rfind('.')
        && EXTENSIONS.contains(&&s[dot..])
    {
        s = &s[..dot];
    }
    s
}

/// A file name without the extensions certificate files wear (`server.key.insecure` →
/// `server`), lower-cased.
pub fn stem(file_name: &str) -> String {
    strip_extensions(&file_name.to_ascii_lowercase()).to_string()
}

/// The keys every Kubernetes TLS Secret (`kubernetes.io/tls`, cert-manager's) and CA bundle
/// ConfigMap has, written as files by `oc extract`, `kubectl` or a volume mount.
const OBJECT_KEYS: [&str; 4] = ["tls.crt", "tls.key", "ca-bundle.crt", "bundle.crt"];

/// A path split once for [`PathKey::components_matched`]: the matcher compares one item's
/// path with every profile's file patterns.
#[derive(Debug, Clone)]
pub struct PathKey {
    /// The directories, last first.
    folders: Vec<String>,
    /// The file name's [`stem`]; `None` for an empty path.
    stem: Option<String>,
}

impl PathKey {
    /// Splits `path` on `/` and `\`, skipping empty and `.` components.
    pub fn new(path: &str) -> PathKey {
        let mut parts = path.split(['/', '\\']).filter(|c| !c.is_empty() && *c != ".").rev();
        let stem = parts.next().map(stem);
        PathKey {
            folders: parts.map(str::to_string).collect(),
            stem,
        }
    }

    /// How many trailing components of the path `pattern` matches: 0 when the file name does
    /// not match; the file name is compared without extensions (`ca.pem` matches `ca.crt`).
    pub fn components_matched(&self, pattern: &str) -> usize {
        let mut pat = pattern.split('/').filter(|c| !c.is_empty()).rev();
        let (Some(last_pat), Some(last_in)) = (pat.next(), self.stem.as_deref()) else {
            return 0;
        };
        let matches = if last_pat.bytes().any(|b| b.is_ascii_uppercase()) {
            glob(&stem(last_pat), last_in)
        } else {
            glob(strip_extensions(last_pat), last_in)
        };
        if !matches {
            return 0;
        }
        let object_key = OBJECT_KEYS.contains(&last_pat.to_ascii_lowercase().as_str());
        let folders = 1
            + (pat.clone().zip(&self.folders))
                .take_while(|(p, i)| glob(p, i) && !(object_key && takes_tls_for_a_name(p, i)))
                .count();
        // A Secret's or ConfigMap's key (`etcd-serving-<node>/tls.crt`) is every such object's
        // file name: only the object's name, the folder above it, says whose it is.
        if folders == 1 && pat.next().is_some() && object_key {
            return 0;
        }
        folders
    }
}

/// Whether a folder pattern's wildcard takes the `-tls` that ends a TLS Secret's name
/// (`etcd-peer-tls`: cert-manager's documentation and most charts name theirs `<name>-tls`) for
/// the name it stands for: OpenShift's `etcd-peer-*` is cluster-etcd-operator's
/// `etcd-peer-<node name>` (`pkg/tlshelpers/tlshelpers.go` `GetPeerClientSecretNameForNode`), not
/// any Secret whose name starts so. A pattern that spells `-tls` itself still matches it.
fn takes_tls_for_a_name(pattern: &str, folder: &str) -> bool {
    let lower = folder.to_ascii_lowercase();
    pattern.contains(['*', '#', '%']) && lower.ends_with("-tls") && !pattern.to_ascii_lowercase().ends_with("-tls")
}

/// How many trailing components of `path` a path pattern matches: 0 when the file name does
/// not match; the file name is compared without extensions (`ca.pem` matches `ca.crt`).
pub fn path_components_matched(pattern: &str, path: &str) -> usize {
    PathKey::new(path).components_matched(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("k3s-server-ca@#", "k3s-server-ca@1700000000"));
        assert!(!glob("k3s-server-ca@#", "k3s-server-ca@"));
        assert!(!glob("k3s-server-ca@#", "k3s-server-ca@12x"));
        assert!(glob("system:node:*", "system:node:worker-1"));
        assert!(glob("", ""));
        assert!(!glob("", "x"));
        assert!(glob("*etcd*", "My-ETCD-ca"));
        assert!(glob("ca-etcd-%", "ca-etcd-3f1a9c2e"));
        assert!(glob("ca-etcd-%-%", "ca-etcd-3f1a9c2e-0b9d7"));
        assert!(!glob("ca-etcd-%", "ca-etcd-peer"));
        assert!(!glob("ca-etcd-%", "ca-etcd-"));
    }

    #[test]
    fn stems_strip_certificate_extensions() {
        assert_eq!(stem("server.key.insecure"), "server");
        assert_eq!(stem("Admin.CONF"), "admin");
        assert_eq!(stem("kubelet-client-current.pem"), "kubelet-client-current");
        assert_eq!(stem("etcd.crt.pem.insecure"), "etcd");
        assert_eq!(stem("ca.pem.bak"), "ca.pem.bak");
        assert_eq!(stem("k3s-server-ca@1700000000.crt"), "k3s-server-ca@1700000000");
        assert_eq!(stem(".crt"), "");
    }

    #[test]
    fn paths_match_from_the_end() {
        assert_eq!(
            path_components_matched("pki/etcd/ca.crt", "/etc/kubernetes/pki/etcd/ca.crt"),
            3
        );
        assert_eq!(path_components_matched("pki/etcd/ca.crt", "backup/etcd/ca.pem"), 2);
        assert_eq!(path_components_matched("pki/ca.crt", "pki/etcd/ca.crt"), 1);
        assert_eq!(path_components_matched("pki/ca.crt", "item3.pem"), 0);
        assert_eq!(path_components_matched("pki/etcd/ca.crt", r"C:\pki\etcd\CA.PEM"), 3);
        assert_eq!(path_components_matched("pki/ca.crt", ""), 0);
        assert_eq!(
            path_components_matched("etcd-all-certs/etcd-peer-*.crt", "x/etcd-all-certs/etcd-peer-m0.crt"),
            2
        );
        // A Secret's key alone says nothing of whose Secret it is.
        assert_eq!(
            path_components_matched("etcd-serving-*/tls.crt", "etcd-server-tls/tls.crt"),
            0
        );
        assert_eq!(path_components_matched("etcd-serving-*/tls.crt", "tls.crt"), 0);
        assert_eq!(
            path_components_matched("etcd-serving-*/tls.crt", "x/etcd-serving-m0/tls.crt"),
            2
        );
        assert_eq!(path_components_matched("pki/ca.crt", "backup/ca.crt"), 1);
        // A node's name is no `-tls` suffix: cert-manager's `etcd-peer-tls` is not OpenShift's
        // `etcd-peer-<node>`, nor its `etcd-serving-tls` an `etcd-serving-<node>`.
        assert_eq!(
            path_components_matched("etcd-peer-*/tls.crt", "x/etcd-peer-tls/tls.crt"),
            0
        );
        assert_eq!(
            path_components_matched("etcd-serving-*/tls.crt", "x/etcd-serving-tls/tls.crt"),
            0
        );
        assert_eq!(
            path_components_matched("etcd-peer-*/tls.crt", "x/etcd-peer-master-0/tls.crt"),
            2
        );
        assert_eq!(
            path_components_matched("etcd-peer-*/tls.crt", "x/etcd-peer-ip-10-0-1-2.ec2.internal/tls.crt"),
            2
        );
    }

    #[test]
    fn every_profile_has_distinct_id_and_entries() {
        let mut ids = std::collections::HashSet::new();
        for p in PROFILES {
            assert!(ids.insert(p.id), "{}", p.id);
            assert!(!p.entries.is_empty());
            for e in p.entries {
                assert_eq!(e.shape == Shape::Ca, e.role.is_ca() || e.role == Role::RootCa, "{e:?}");
            }
        }
    }
}
