//! # etcdtls-core
//!
//! Understands the certificates of etcd and Kubernetes: reads certificates, keys, CSRs, CRLs,
//! kubeconfigs, Secrets and etcd configuration; links each certificate to its issuer (by
//! signature) and its key; gives each a role (`etcd-ca`, `apiserver-etcd-client`, ...); reviews
//! the set; and explains each item in plain words.
//!
//! The core is pure: it does no I/O and reads no clock (the caller passes the time), so the
//! same code runs in the CLI and, compiled to WebAssembly, in the browser. `clippy.toml` in
//! this crate forbids file, environment and clock access, and CI builds it for
//! `wasm32-unknown-unknown`.
//!
//! ```
//! use etcdtls_core::{analyze, Input, Options};
//! let report = analyze(&[Input::new("empty.pem", b"")], &Options::at(time::OffsetDateTime::UNIX_EPOCH));
//! assert_eq!(report.errors.len(), 1);
//! ```

pub mod analysis;
pub mod check;
pub mod client_files;
pub mod config;
pub mod decode;
pub mod diagnosis;
mod dn;
pub mod explain;
pub mod finding;
pub mod humanize;
pub mod json;
pub mod keys;
pub mod limits;
pub mod locations;
pub mod map;
mod matcher;
pub mod model;
pub mod order;
pub mod pem;
pub mod profile;
pub mod recipe;
mod review;
pub mod role;
pub mod signature;
mod tlv;
pub mod tree;
pub mod why;
pub mod x509;
mod yaml;

/// Entry points for the fuzz targets (`fuzz/`) into the parsers that are otherwise private.
/// Not a stable interface.
#[doc(hidden)]
pub mod fuzzing {
    use x509_parser::prelude::FromDer;

    /// Reads `text` with the core's own YAML reader: the documents' count, or the error's line.
    pub fn yaml(text: &str) -> Result<usize, usize> {
        crate::yaml::load(text).map(|docs| docs.len()).map_err(|(line, _)| line)
    }

    /// Reads `der` as an X.509 name and prints it as OpenSSL does, if it is one.
    pub fn distinguished_name(der: &[u8]) -> Option<String> {
        let (_, name) = x509_parser::x509::X509Name::from_der(der).ok()?;
        Some(crate::dn::name_string(&name))
    }
}

pub use analysis::{InputSummary, Options, Report, UnreadableReference, analyze, analyze_following, analyze_with};
pub use check::{CheckReport, check};
pub use client_files::{ClientFiles, PlainlySound};
pub use config::{Reference, ReferenceKind};
pub use decode::{Input, InputError, InputErrorKind, InputFormat, unresolved_references};
pub use explain::{Explanation, explain};
pub use finding::{Finding, FindingId, Severity};
pub use json::ReportJson;
pub use model::{Item, ItemBody, ItemId, ItemKind, Source};
pub use profile::{Profile, ProfileMatch};
pub use recipe::{ConnectionRecipe, connection_recipes, intended_connection_recipes};
pub use role::Role;
pub use signature::{Pending, SignatureCheck, Verdicts, Verification};
pub use tree::{TreeNode, relationship_tree};
pub use why::{WhyEntry, why};
