//! `etcdtls explain -o html`: one self-contained page, safe to attach to a ticket.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;

use base64::Engine as _;
use common::{MINTED, etcdtls, kubeadm, private_key_lines, write};
use etcdtls_pki::{KeyType, LeafSpec, Usage};
use time::Duration;

const AT: &str = "2026-06-01T00:00:00Z";

/// A generated kubeadm PKI whose health-check client expired before `AT`, plus a certificate
/// whose file name is markup, explained as HTML.
fn explain_html() -> (String, etcdtls_pki::KubeadmPki) {
    let dir = tempfile::tempdir().unwrap();
    let mut pki = kubeadm(KeyType::EcdsaP256);
    let old = MINTED - Duration::days(400);
    let expired = pki
        .etcd_ca
        .issue(
            &LeafSpec::new("kube-etcd-healthcheck-client", Usage::Client, old, KeyType::EcdsaP256)
                .valid(old, old + Duration::days(365)),
        )
        .unwrap();
    pki.files
        .insert("pki/etcd/healthcheck-client.crt".into(), expired.cert_pem.clone());
    pki.files
        .insert("pki/etcd/healthcheck-client.key".into(), expired.key.pem.clone());
    write(dir.path(), &pki);
    let hostile = pki.files["pki/etcd/server.crt"].clone();
    fs::write(dir.path().join("x<img src=x onerror=alert(1)>'\".crt"), hostile).unwrap();
    let out = etcdtls()
        .current_dir(dir.path())
        .args(["explain", ".", "--at", AT, "-o", "html"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    (String::from_utf8(out.stdout).unwrap(), pki)
}

/// Checks that every tag is closed in order (void elements excepted), every attribute value is
/// quoted, and every `&` starts a character reference: what a careless `format!` breaks.
fn assert_well_formed(html: &str) {
    const VOID: &[&str] = &[
        "meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source",
    ];
    let mut open: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        assert_entities(&rest[..lt]);
        rest = &rest[lt..];
        let gt = rest.find('>').expect("a tag that never ends");
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with("!DOCTYPE") {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let top = open.pop().unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(top, name, "</{name}> closes <{top}>");
            continue;
        }
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        assert!(!name.is_empty(), "not a tag: <{tag}>");
        let attributes = &tag[name.len()..];
        assert_attributes_quoted(attributes, tag);
        if name == "style" {
            let end = rest.find("</style>").expect("style never ends");
            assert!(!rest[..end].contains('<'), "markup inside <style>");
            rest = &rest[end..];
        }
        if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            open.push(name);
        }
    }
    assert_entities(rest);
    assert!(open.is_empty(), "never closed: {open:?}");
}

/// The insides of every tag, `<` and `>` excluded (escaped text holds neither).
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .filter_map(|rest| rest.split_once('>').map(|(tag, _)| tag))
        .collect()
}

fn assert_attributes_quoted(attributes: &str, tag: &str) {
    let mut in_quotes = false;
    let mut previous = ' ';
    for c in attributes.chars() {
        if c == '"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            assert!(!matches!(c, '<' | '\'' | '`'), "stray {c:?} in <{tag}>");
            if previous == '=' {
                assert_eq!(c, '"', "unquoted attribute value in <{tag}>");
            }
        }
        previous = c;
    }
    assert!(!in_quotes, "unclosed quote in <{tag}>");
}

fn assert_entities(text: &str) {
    for (at, _) in text.match_indices('&') {
        let entity = &text[at..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                .iter()
                .any(|e| entity.starts_with(e)),
            "a bare & in text: {:?}",
            &entity[..entity.len().min(20)]
        );
    }
}

#[test]
fn html_report_is_self_contained_and_well_formed() {
    let (html, _) = explain_html();
    assert!(html.starts_with("<!DOCTYPE html>"));
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "a script in the page");
    for resource in [
        "<link", "<img", "<iframe", "<object", "<embed", "<base", "url(", "@import",
    ] {
        assert!(
            !lower.contains(resource),
            "{resource} in the page: it must load nothing"
        );
    }
    for tag in tags(&lower) {
        assert!(!tag.contains(" src="), "a tag that loads something: <{tag}>");
        if let Some(at) = tag.find(" href=\"") {
            assert!(tag[at + 7..].starts_with('#'), "a link out of the page: <{tag}>");
        }
    }
    assert_well_formed(&html);
    // The file named with markup is there, as text.
    assert!(html.contains("x&lt;img src=x onerror=alert(1)&gt;&#39;&quot;.crt"));
}

#[test]
fn html_report_never_holds_key_bytes() {
    let (html, pki) = explain_html();
    let lines = private_key_lines(&pki);
    assert!(!lines.is_empty());
    for line in &lines {
        assert!(!html.contains(line.as_str()), "a private key's PEM line in the page");
    }
    // Each key's DER, as one base64 string and as hex.
    for (name, pem) in pki.files.iter().filter(|(n, _)| n.ends_with(".key")) {
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        let der = base64::engine::general_purpose::STANDARD.decode(&body).unwrap();
        assert!(!html.contains(&body[..48]), "{name}'s base64 in the page");
        let hex: String = der.iter().map(|b| format!("{b:02x}")).collect();
        // The private scalar sits after the SEC1 or PKCS#1 header: any 32 bytes of the DER
        // past its first 8 would show it.
        for window in hex.as_bytes()[16..].chunks(64).filter(|w| w.len() == 64) {
            let window = std::str::from_utf8(window).unwrap();
            assert!(!html.to_ascii_lowercase().contains(window), "{name}'s DER in the page");
        }
    }
}

#[test]
fn html_report_carries_roles_kinds_and_findings() {
    let (html, _) = explain_html();
    for role in [
        "etcd-ca",
        "kubernetes-ca",
        "front-proxy-ca",
        "etcd-server",
        "etcd-peer",
        "etcd-healthcheck-client",
        "apiserver-etcd-client",
    ] {
        assert!(
            html.contains(&format!("data-kind=\"certificate\" data-role=\"{role}\"")),
            "no {role} card"
        );
    }
    assert!(html.contains("data-kind=\"private-key\" data-role=\"etcd-server\""));
    assert!(html.contains("<li class=\"finding error\" data-finding=\"expired\">"));
    // The expired certificate's card holds the finding, with its fix.
    let card_start = html
        .find("id=\"item-pki-etcd-healthcheck-client-crt\"")
        .expect("the card");
    let card = &html[card_start..card_start + html[card_start..].find("</article>").unwrap()];
    assert!(card.contains("data-finding=\"expired\""));
    assert!(card.contains("Fix: </strong>"));
    // The tree shows the etcd CA with what it signed beneath it, and the passport picture.
    assert!(html.contains("Who signed what"));
    assert!(html.contains("passport"));
    assert!(html.contains("<dt>SHA-256 fingerprint</dt>"));
}
