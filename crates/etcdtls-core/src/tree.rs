//! Who signed what, as a forest: each root CA (or certificate whose issuer is not among the
//! inputs) with what it signed beneath it, each certificate with the private keys that pair with
//! it, and copies of one certificate (the same CA inside kubeconfigs) folded under the
//! original. Pure data: the CLI's HTML report and the web page each render it their own way.

use crate::map::Map;

use crate::analysis::Report;
use crate::model::{Item, ItemId, ItemKind};

/// How deep the tree goes: certificates deeper than this are not listed under their issuer.
/// Real chains are three or four long; the limit keeps a crafted chain (or a cycle of
/// cross-signed certificates) from building a huge tree.
pub const MAX_DEPTH: usize = 16;

/// One certificate (or CRL) in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeNode {
    /// The certificate (or CRL).
    pub id: ItemId,
    /// The private keys that pair with it.
    pub keys: Vec<ItemId>,
    /// Other copies of the same certificate (a kubeconfig's embedded CA).
    pub copies: Vec<ItemId>,
    /// What it signed.
    pub children: Vec<TreeNode>,
}

/// The report's certificates and CRLs as a forest, in input order. Linear in the report's size.
pub fn relationship_tree(report: &Report) -> Vec<TreeNode> {
    let mut certs: Vec<&Item> = report
        .items
        .iter()
        .filter(|i| matches!(i.kind(), ItemKind::Certificate | ItemKind::Crl))
        .collect();
    // A standalone file is the original; a copy inside a kubeconfig or Secret folds under it.
    crate::order::sort_by_key(&mut certs, |c| c.source.locator.is_some());
    // Copies: the same fingerprint seen before.
    let mut first_of: Map<&str, &ItemId> = Map::new();
    let mut copies: Map<&ItemId, Vec<ItemId>> = Map::new();
    let mut shown: Vec<&Item> = Vec::new();
    for c in certs {
        match c.certificate().map(|x| x.fingerprint_sha256.as_str()) {
            Some(fp) => match first_of.get(fp) {
                Some(original) => copies.entry(*original).or_default().push(c.id.clone()),
                None => {
                    first_of.insert(fp, &c.id);
                    shown.push(c);
                }
            },
            None => shown.push(c),
        }
    }
    let mut keys: Map<&ItemId, Vec<ItemId>> = Map::new();
    for k in report.items.iter().filter(|i| i.kind() == ItemKind::PrivateKey) {
        if let Some(c) = &k.certificate {
            keys.entry(c).or_default().push(k.id.clone());
        }
    }
    let mut shown_ids: Map<&ItemId, ()> = Map::new();
    for c in &shown {
        shown_ids.insert(&c.id, ());
    }
    let mut children: Map<&ItemId, Vec<&Item>> = Map::new();
    let mut roots = Vec::new();
    for c in &shown {
        match &c.issued_by {
            Some(i) if shown_ids.contains_key(i) && *i != c.id => children.entry(i).or_default().push(c),
            _ => roots.push(*c),
        }
    }
    let forest = Forest { children, keys, copies };
    roots.into_iter().map(|r| forest.node(r, 0)).collect()
}

struct Forest<'a> {
    children: Map<&'a ItemId, Vec<&'a Item>>,
    keys: Map<&'a ItemId, Vec<ItemId>>,
    copies: Map<&'a ItemId, Vec<ItemId>>,
}

impl Forest<'_> {
    fn node(&self, item: &Item, depth: usize) -> TreeNode {
        let children = match self.children.get(&item.id) {
            Some(children) if depth < MAX_DEPTH => children.iter().map(|c| self.node(c, depth + 1)).collect(),
            _ => Vec::new(),
        };
        TreeNode {
            id: item.id.clone(),
            keys: self.keys.get(&item.id).cloned().unwrap_or_default(),
            copies: self.copies.get(&item.id).cloned().unwrap_or_default(),
            children,
        }
    }
}
