//! The page's state and every piece of its logic that is not view: what was pasted and
//! dropped, the report, the relationship tree, the URL fragment and query. Plain Rust, tested
//! natively.

use std::rc::Rc;

use base64::Engine as _;
use etcdtls_core::{Input, Options, Pending, Report, Verdicts, WhyEntry, analyze_with, why};
use time::OffsetDateTime;
use yew::Reducible;

/// The name the core is given for pasted text.
pub const PASTED: &str = "pasted";

/// A file the user dropped or picked, or an example file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// Its name (with folders for examples: `pki/etcd/ca.crt`): a hint the core uses.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What the page explains: pasted text and loaded files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workspace {
    /// The text area's contents.
    pub pasted: String,
    /// Dropped, picked or example files.
    pub files: Vec<Loaded>,
    /// Bumped on every change, so views can tell cheaply whether anything changed.
    pub revision: u64,
}

/// What can happen to the workspace.
#[derive(Debug)]
pub enum Action {
    /// The text area changed.
    Paste(String),
    /// Files arrived (replacing any of the same name).
    AddFiles(Vec<Loaded>),
    /// One file was removed.
    RemoveFile(String),
    /// Everything was cleared.
    Clear,
}

impl Reducible for Workspace {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Paste(text) => next.pasted = text,
            Action::AddFiles(files) => {
                for f in files {
                    next.files.retain(|g| g.name != f.name);
                    next.files.push(f);
                }
            }
            Action::RemoveFile(name) => next.files.retain(|f| f.name != name),
            Action::Clear => {
                next.pasted.clear();
                next.files.clear();
            }
        }
        next.revision = self.revision + 1;
        Rc::new(next)
    }
}

impl Workspace {
    /// Nothing to explain.
    pub fn is_empty(&self) -> bool {
        self.pasted.trim().is_empty() && self.files.is_empty()
    }

    /// The inputs for the core: the pasted text, then the files.
    pub fn inputs(&self) -> Vec<Input<'_>> {
        let mut inputs = Vec::new();
        if !self.pasted.trim().is_empty() {
            inputs.push(Input::new(PASTED, self.pasted.as_bytes()));
        }
        inputs.extend(self.files.iter().map(|f| Input::new(&f.name, &f.bytes)));
        inputs
    }
}

/// Everything the page shows for a workspace.
#[derive(Debug)]
pub struct Explained {
    /// The core's report.
    pub report: Report,
    /// When the pasted text is an error message rather than certificates: what it means.
    pub why: Vec<WhyEntry>,
    /// When the pasted text holds etcdctl commands: their review (the dropped files answer
    /// for the paths the commands name).
    pub check: etcdtls_core::CheckReport,
    /// What the core could not decide without cryptography (see [`explain_checked`]).
    pub pending: Pending,
}

/// Explains a workspace at `now` with the core's own cryptography, if it has any (the native
/// tests); in the browser, [`explain_checked`] is the one to use.
pub fn explain(ws: &Workspace, now: OffsetDateTime) -> Explained {
    explain_with(ws, now, &Verdicts::builtin())
}

/// Explains a workspace at `now`, its signatures and key pairs checked by the browser's
/// WebCrypto: an analysis lists what it could not decide, the browser decides it, and the
/// analysis runs again with the verdicts (once more when the second one asks for more).
pub async fn explain_checked(ws: &Workspace, now: OffsetDateTime) -> Explained {
    let mut verdicts = Verdicts::builtin();
    let mut explained = explain_with(ws, now, &verdicts);
    for _ in 0..4 {
        if explained.pending.is_empty() {
            break;
        }
        crate::crypto::settle(&explained.pending, &mut verdicts).await;
        explained = explain_with(ws, now, &verdicts);
    }
    explained
}

/// Explains a workspace at `now` with the verdicts known so far.
pub fn explain_with(ws: &Workspace, now: OffsetDateTime, verdicts: &Verdicts) -> Explained {
    if etcdtls_core::check::looks_like_command(&ws.pasted) {
        let files = etcdtls_core::check::FileMap {
            files: ws.files.iter().map(|f| (f.name.clone(), f.bytes.clone())).collect(),
            verdicts: verdicts.clone(),
            ..Default::default()
        };
        let check = etcdtls_core::check(&ws.pasted, &files, now);
        let inputs: Vec<Input<'_>> = ws.files.iter().map(|f| Input::new(&f.name, &f.bytes)).collect();
        let mut report = analyze_with(&inputs, &[], &Options::at(now), verdicts);
        let mut pending = files.pending.into_inner();
        pending.extend(std::mem::take(&mut report.pending));
        return Explained {
            report,
            why: Vec::new(),
            check,
            pending,
        };
    }
    let mut report = analyze_with(&ws.inputs(), &[], &Options::at(now), verdicts);
    let pending = std::mem::take(&mut report.pending);
    let pasted_gave_nothing = !ws.pasted.trim().is_empty() && !report.items.iter().any(|i| i.source.path == PASTED);
    let why = if pasted_gave_nothing {
        why(&ws.pasted)
    } else {
        Vec::new()
    };
    Explained {
        report,
        why,
        check: etcdtls_core::CheckReport::default(),
        pending,
    }
}

/// The text preloaded by a `#pem=<base64url>` fragment. `Ok(None)` without one.
pub fn fragment_text(hash: &str) -> Result<Option<String>, String> {
    let Some(data) = hash.trim_start_matches('#').strip_prefix("pem=") else {
        return Ok(None);
    };
    let data = data.trim_end_matches('=');
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(data)
        .map_err(|e| format!("the #pem= link is damaged: {e}"))?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| "the #pem= link does not hold text".into())
}

/// A `#pem=` fragment for the text, with private key blocks left out (a link ends up in
/// browser history and chat logs). Returns the fragment and how many key blocks were left out.
pub fn share_fragment(text: &str) -> (String, usize) {
    let mut kept = String::new();
    let mut dropped = 0;
    let mut in_key = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("-----BEGIN") && t.contains("PRIVATE KEY") {
            in_key = true;
            dropped += 1;
            continue;
        }
        if in_key {
            if t.starts_with("-----END") {
                in_key = false;
            }
            continue;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    (
        format!(
            "#pem={}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(kept.trim_end())
        ),
        dropped,
    )
}

/// Whether `?embed=1` asks for the compact view for iframes.
pub fn is_embed(search: &str) -> bool {
    search
        .trim_start_matches('?')
        .split('&')
        .any(|p| p == "embed=1" || p == "embed=true" || p == "embed")
}

/// The parts of an explanation, as `<etcdtls-explain hide="...">` names them.
pub const PARTS: [&str; 6] = ["status", "inventory", "tree", "cards", "findings", "recipes"];

/// Which parts of an explanation are shown. The page shows everything; an `<etcdtls-explain>`
/// element on a documentation site chooses with its `compact` and `hide` attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    /// The status line (how many items, errors, warnings).
    pub status: bool,
    /// The inventory table.
    pub inventory: bool,
    /// The issuer/key tree.
    pub tree: bool,
    /// A card per item.
    pub cards: bool,
    /// The findings (on the cards and the configuration's).
    pub findings: bool,
    /// The commands that connect to etcd with the pairs found.
    pub recipes: bool,
    /// Cards without the passport picture and the long explanation: role, headline, validity,
    /// findings.
    pub compact: bool,
}

impl Default for View {
    fn default() -> Self {
        View {
            status: true,
            inventory: true,
            tree: true,
            cards: true,
            findings: true,
            recipes: true,
            compact: false,
        }
    }
}

impl View {
    /// The view an element's attributes ask for: `compact` also leaves out the status line and
    /// the inventory; `hide` is a space- or comma-separated list of [`PARTS`]. Unknown names
    /// are ignored, so a page written for a later version still renders.
    pub fn from_attributes(compact: bool, hide: &str) -> View {
        let mut view = View {
            compact,
            ..View::default()
        };
        if compact {
            view.status = false;
            view.inventory = false;
        }
        for part in hide.split([' ', ',', '\t', '\n']).filter(|p| !p.is_empty()) {
            match part.to_ascii_lowercase().as_str() {
                "status" => view.status = false,
                "inventory" => view.inventory = false,
                "tree" => view.tree = false,
                "cards" => view.cards = false,
                "findings" => view.findings = false,
                "recipes" | "commands" => view.recipes = false,
                _ => {}
            }
        }
        view
    }
}

/// The text inside an `<etcdtls-explain>` element, as the author meant it: HTML indents the
/// element's contents with the page, which would break YAML, so the indentation all lines share
/// is removed (and blank lines around the text).
pub fn element_text(raw: &str) -> String {
    let lines: Vec<&str> = raw.lines().collect();
    let (Some(first), Some(last)) = (
        lines.iter().position(|l| !l.trim().is_empty()),
        lines.iter().rposition(|l| !l.trim().is_empty()),
    ) else {
        return String::new();
    };
    let lines = &lines[first..=last];
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for line in lines {
        // Blank lines may be shorter than the indent; every other line starts with it.
        out.push_str(line.get(indent..).unwrap_or("").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::example;

    fn workspace_of(files: &[(String, String)]) -> Workspace {
        Workspace {
            files: files
                .iter()
                .map(|(n, t)| Loaded {
                    name: n.clone(),
                    bytes: t.as_bytes().to_vec(),
                })
                .collect(),
            ..Workspace::default()
        }
    }

    fn example_workspace() -> Workspace {
        workspace_of(&example::bundled().kubeadm)
    }

    #[test]
    fn the_example_is_a_complete_kubeadm_pki() {
        let explained = explain(&example_workspace(), OffsetDateTime::now_utc());
        let r = &explained.report;
        assert!(r.errors.is_empty(), "{:?}", r.errors);
        let roles: Vec<&str> = r.items.iter().map(|i| i.role.id()).collect();
        for role in [
            "kubernetes-ca",
            "etcd-ca",
            "front-proxy-ca",
            "etcd-server",
            "etcd-peer",
            "apiserver-etcd-client",
            "etcd-healthcheck-client",
            "kube-admin",
        ] {
            assert!(roles.contains(&role), "{role} missing from {roles:?}");
        }
        assert!(
            !r.findings.iter().any(|f| f.severity == etcdtls_core::Severity::Error),
            "{:?}",
            r.findings
        );
    }

    #[test]
    fn the_mistakes_example_shows_its_mistakes() {
        let ws = workspace_of(&example::bundled().mistakes);
        let r = explain(&ws, OffsetDateTime::now_utc()).report;
        let ids: Vec<&str> = r.findings.iter().map(|f| f.id.id()).collect();
        for id in ["wrong-issuer-for-role", "expired", "key-mismatch"] {
            assert!(ids.contains(&id), "{id} missing from {ids:?}");
        }
    }

    #[test]
    fn the_tree_hangs_leaves_under_their_ca_and_folds_copies() {
        let r = explain(&example_workspace(), OffsetDateTime::now_utc()).report;
        let tree = etcdtls_core::relationship_tree(&r);
        let etcd = tree
            .iter()
            .find(|n| n.id.0 == "pki/etcd/ca.crt")
            .expect("etcd CA is a root");
        let children: Vec<&str> = etcd.children.iter().map(|c| c.id.0.as_str()).collect();
        assert!(
            children.contains(&"pki/apiserver-etcd-client.crt") && children.contains(&"pki/etcd/server.crt"),
            "{children:?}"
        );
        assert_eq!(etcd.keys.len(), 1);
        let k8s = tree
            .iter()
            .find(|n| n.id.0 == "pki/ca.crt")
            .expect("kubernetes CA is a root");
        assert_eq!(k8s.copies.len(), 3, "the three kubeconfigs embed the same CA");
        assert!(
            !tree.iter().any(|n| n.id.0.contains("certificate-authority-data")),
            "copies are not separate roots"
        );
    }

    #[test]
    fn an_error_message_is_explained_instead() {
        let ws = Workspace {
            pasted: "transport: authentication handshake failed: x509: certificate signed by unknown authority".into(),
            ..Default::default()
        };
        let e = explain(&ws, OffsetDateTime::now_utc());
        assert!(e.report.items.is_empty());
        assert_eq!(e.why[0].diagnosis, Some("wrong-ca"));
    }

    #[test]
    fn a_pasted_command_is_reviewed_instead() {
        let ws = Workspace {
            pasted: "kubectl exec -n kube-system etcd-node-1 -- etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/apiserver-etcd-client.crt --key=/etc/kubernetes/pki/apiserver-etcd-client.key member list".into(),
            ..Default::default()
        };
        let e = explain(&ws, OffsetDateTime::now_utc());
        assert!(e.report.errors.is_empty() && e.why.is_empty());
        let ids: Vec<&str> = e.check.commands[0].findings.iter().map(|f| f.id.id()).collect();
        assert!(ids.contains(&"file-not-in-pod"), "{ids:?}");
    }

    #[test]
    fn fragments_round_trip_without_private_keys() {
        let examples = example::bundled();
        let file = |name: &str| {
            examples
                .kubeadm
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.clone())
                .unwrap()
        };
        let text = format!("{}{}", file("pki/etcd/ca.crt"), file("pki/etcd/ca.key"));
        let (fragment, dropped) = share_fragment(&text);
        assert_eq!(dropped, 1);
        let back = fragment_text(&fragment).unwrap().unwrap();
        assert!(back.contains("BEGIN CERTIFICATE") && !back.contains("PRIVATE KEY"));
        assert_eq!(fragment_text("").unwrap(), None);
        assert!(fragment_text("#pem=***").is_err());
    }

    #[test]
    fn element_attributes_choose_the_parts() {
        assert_eq!(View::from_attributes(false, ""), View::default());
        let v = View::from_attributes(false, "tree findings, recipes bogus");
        assert!(!v.tree && !v.findings && !v.recipes);
        assert!(v.status && v.inventory && v.cards && !v.compact);
        let c = View::from_attributes(true, "");
        assert!(c.compact && !c.status && !c.inventory && c.cards && c.tree);
        assert_eq!(PARTS.len(), 6);
        for part in PARTS {
            assert_ne!(View::from_attributes(false, part), View::default(), "{part}");
        }
    }

    #[test]
    fn element_text_loses_the_html_indentation_only() {
        let raw =
            "\n      apiVersion: v1\n      kind: Config\n      clusters:\n        - name: x\n\n      users: []\n    ";
        assert_eq!(
            element_text(raw),
            "apiVersion: v1\nkind: Config\nclusters:\n  - name: x\n\nusers: []\n"
        );
        assert_eq!(element_text("  \n \n"), "");
        let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
        assert_eq!(element_text(pem), format!("{pem}\n"));
    }

    #[test]
    fn embed_query() {
        assert!(is_embed("?embed=1"));
        assert!(is_embed("?x=2&embed=1"));
        assert!(!is_embed("?embedded=0"));
        assert!(!is_embed(""));
    }

    #[test]
    fn the_reducer_replaces_files_of_the_same_name() {
        let ws = Rc::new(Workspace::default());
        let f = |n: &str, b: &[u8]| Loaded {
            name: n.into(),
            bytes: b.to_vec(),
        };
        let ws = ws.reduce(Action::AddFiles(vec![f("a.crt", b"1"), f("b.crt", b"2")]));
        let ws = ws.reduce(Action::AddFiles(vec![f("a.crt", b"3")]));
        assert_eq!(ws.files.len(), 2);
        assert_eq!(ws.files.iter().find(|x| x.name == "a.crt").unwrap().bytes, b"3");
        let ws = ws.reduce(Action::RemoveFile("b.crt".into()));
        assert_eq!(ws.files.len(), 1);
        assert_eq!(ws.revision, 3);
        assert!(ws.reduce(Action::Clear).is_empty());
    }
}
