//! Signatures checked on several threads give the very report one thread gives.
//!
//! The CLI lets the core share its signature checks among the machine's cores
//! (`Options::threads`, with ring through the `native-crypto` feature the CLI turns on). The
//! set here is large enough for the core to start threads, and holds every outcome a check can
//! have: valid links within two fleets' CAs of the same name, a CA that was rebuilt (the same
//! name, another key: its old leaves' signatures are invalid) and a leaf issued by a CA that is
//! not in the set.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use etcdtls_core::{FindingId, Input, Options, analyze};
use etcdtls_pki::{Ca, KeyType, LeafSpec, Usage};
use time::{Duration, macros::datetime};

#[test]
fn a_report_is_the_same_on_one_thread_and_on_eight() {
    let start = datetime!(2026-01-01 00:00 UTC);
    let end = start + Duration::days(3650);
    let leaf = |name: String| LeafSpec::new(&name, Usage::Client, start, KeyType::EcdsaP256).valid(start, end);
    let mut files: Vec<(String, String)> = Vec::new();
    for fleet in ["a", "b"] {
        let ca = Ca::new("etcd-ca", KeyType::EcdsaP256, start, end).unwrap();
        let mut text = ca.pair.cert_pem.clone();
        for n in 0..120 {
            text.push_str(&ca.issue(&leaf(format!("{fleet}-{n}"))).unwrap().cert_pem);
        }
        files.push((format!("{fleet}.pem"), text));
    }
    // A rebuilt CA: its replacement is in the set, the old one is not.
    let old = Ca::new("rebuilt-ca", KeyType::EcdsaP256, start, end).unwrap();
    let new = Ca::new("rebuilt-ca", KeyType::EcdsaP256, start, end).unwrap();
    let mut text = new.pair.cert_pem.clone();
    for n in 0..40 {
        text.push_str(&old.issue(&leaf(format!("old-{n}"))).unwrap().cert_pem);
    }
    let absent = Ca::new("absent-ca", KeyType::EcdsaP256, start, end).unwrap();
    text.push_str(&absent.issue(&leaf("orphan".into())).unwrap().cert_pem);
    files.push(("rebuilt.pem".into(), text));

    let inputs: Vec<Input<'_>> = files.iter().map(|(n, t)| Input::new(n, t.as_bytes())).collect();
    let at = |threads| Options {
        threads,
        ..Options::at(datetime!(2026-06-01 00:00 UTC))
    };
    let one = analyze(&inputs, &at(1));
    let eight = analyze(&inputs, &at(8));
    assert_eq!(format!("{eight:?}"), format!("{one:?}"));

    // The report says what the set is, so that the equality above is about something.
    let issued_by = |id: &str| one.items.iter().find(|i| i.id.0 == id).unwrap().issued_by.clone();
    assert_eq!(issued_by("a.pem#2").unwrap().0, "a.pem#1");
    assert_eq!(issued_by("b.pem#121").unwrap().0, "b.pem#1");
    assert_eq!(issued_by("rebuilt.pem#2"), None);
    let invalid = one
        .findings
        .iter()
        .filter(|f| f.id == FindingId::SignatureInvalid)
        .count();
    assert_eq!(invalid, 40, "each of the rebuilt CA's old leaves");
}
