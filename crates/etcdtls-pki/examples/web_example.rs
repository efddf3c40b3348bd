//! Writes the web page's built-in examples: a kubeadm-shaped PKI (`kubeadm/`) and a set with
//! the classic mistakes (`mistakes/`). Run from the workspace root:
//!
//!     cargo run -p etcdtls-pki --example web_example -- web/example
//!
//! The kubeadm example's leaves last ten years instead of kubeadm's one, so that the page keeps
//! showing a healthy set for years; everything else is as kubeadm makes it.

use std::fs;
use std::path::Path;

use etcdtls_pki::{Ca, KeyType, KubeadmOptions, KubeadmPki, LeafSpec, Usage};
use time::{Duration, OffsetDateTime};

/// The examples as a JSON data block for index.html: data the page reads from the document,
/// rather than code compiled into the WebAssembly module.
fn write_data_block(path: &Path, kubeadm: &[(String, String)], mistakes: &[(String, String)]) -> std::io::Result<()> {
    let data = serde_json::json!({ "kubeadm": kubeadm, "mistakes": mistakes });
    // `<` escaped, so no text can close the script element early.
    let json = serde_json::to_string(&data)?.replace('<', "\\u003c");
    fs::write(
        path,
        format!("<script type=\"application/json\" id=\"etcdtls-examples\">{json}</script>\n"),
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args().nth(1).unwrap_or_else(|| "web/example".into());
    let out = Path::new(&out);
    let now = OffsetDateTime::now_utc().replace_time(time::Time::MIDNIGHT);

    let mut opts = KubeadmOptions::new("controlplane", "10.0.0.10", KeyType::EcdsaP256, now);
    opts.leaf_days = 3650;
    opts.ca_days = 3650 * 2;
    let pki = KubeadmPki::generate(&opts)?;
    let kubeadm = out.join("kubeadm");
    let _ = fs::remove_dir_all(&kubeadm);
    // The 26 files a learner meets first: the PKI, the admin, super-admin and kubelet
    // kubeconfigs, and etcd's manifest.
    let mut kubeadm_files: Vec<(String, String)> = Vec::new();
    for (rel, text) in &pki.files {
        if rel.starts_with("manifests/kube-apiserver") || rel == "controller-manager.conf" || rel == "scheduler.conf" {
            continue;
        }
        kubeadm_files.push((rel.clone(), text.clone()));
        let path = kubeadm.join(rel);
        fs::create_dir_all(path.parent().ok_or("no parent")?)?;
        fs::write(path, text)?;
    }

    // The mistakes: an etcd client signed by the Kubernetes CA, an expired health-check
    // client, and a server certificate next to the peer's key.
    let mistakes = out.join("mistakes");
    let _ = fs::remove_dir_all(&mistakes);
    fs::create_dir_all(mistakes.join("pki/etcd"))?;
    let k8s = Ca::new("kubernetes", KeyType::EcdsaP256, now, now + Duration::days(7300))?;
    let etcd = Ca::new("etcd-ca", KeyType::EcdsaP256, now, now + Duration::days(7300))?;
    let wrong = k8s.issue(
        &LeafSpec::new("kube-apiserver-etcd-client", Usage::Client, now, KeyType::EcdsaP256)
            .valid(now, now + Duration::days(3650)),
    )?;
    let old = now - Duration::days(800);
    let expired = etcd.issue(
        &LeafSpec::new("kube-etcd-healthcheck-client", Usage::Client, old, KeyType::EcdsaP256)
            .valid(old, old + Duration::days(365)),
    )?;
    let server = etcd.issue(
        &LeafSpec::new("controlplane", Usage::ServerAndClient, now, KeyType::EcdsaP256)
            .sans(["controlplane", "localhost", "127.0.0.1"])
            .valid(now, now + Duration::days(3650)),
    )?;
    let peer = etcd.issue(
        &LeafSpec::new("controlplane", Usage::ServerAndClient, now, KeyType::EcdsaP256)
            .sans(["controlplane", "localhost", "127.0.0.1"])
            .valid(now, now + Duration::days(3650)),
    )?;
    let mut mistake_files: Vec<(String, String)> = Vec::new();
    for (rel, text) in [
        ("pki/ca.crt", &k8s.pair.cert_pem),
        ("pki/etcd/ca.crt", &etcd.pair.cert_pem),
        ("pki/apiserver-etcd-client.crt", &wrong.cert_pem),
        ("pki/apiserver-etcd-client.key", &wrong.key.pem),
        ("pki/etcd/healthcheck-client.crt", &expired.cert_pem),
        ("pki/etcd/healthcheck-client.key", &expired.key.pem),
        ("pki/etcd/server.crt", &server.cert_pem),
        ("pki/etcd/server.key", &peer.key.pem),
    ] {
        fs::write(mistakes.join(rel), text)?;
        mistake_files.push((rel.to_string(), text.to_string()));
    }
    write_data_block(&out.join("examples.html"), &kubeadm_files, &mistake_files)?;
    println!("wrote {} and {}", kubeadm.display(), mistakes.display());
    Ok(())
}
