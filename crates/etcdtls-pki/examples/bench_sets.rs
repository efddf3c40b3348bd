//! Writes the certificate sets `scripts/bench-explain.sh` times `etcdtls explain` on: clusters
//! shaped like kubeadm's etcd PKI (an `etcd-ca`, then server, peer, health-check and
//! apiserver-etcd-client certificates in turn, ECDSA P-256), as many as asked for.
//!
//!     cargo run --release -p etcdtls-pki --example bench_sets -- <out-dir> <clusters> <certs-per-cluster> <bundle|files>
//!
//! `bundle` writes every certificate into `<out-dir>/bundle.pem`; `files` writes one file per
//! cluster, `<out-dir>/cluster-NNNNN.pem`, each starting with that cluster's CA. Every cluster's
//! CA is called `etcd-ca`, as in a fleet of kubeadm clusters, so linking must tell them apart by
//! key. The sets are the same in shape, names and dates on every run (validity starts on
//! 2026-01-01 and lasts ten years); keys, serials and signatures are fresh each time.

use std::fs;
use std::path::Path;

use etcdtls_pki::{Ca, KeyType, LeafSpec, Usage};
use time::{Duration, OffsetDateTime};

fn leaf(cluster: usize, n: usize, start: OffsetDateTime) -> LeafSpec {
    let node = format!("node-{cluster}-{n}");
    let ip = format!("10.{}.{}.{}", cluster / 250 % 250, cluster % 250, n % 250 + 1);
    let spec = match n % 4 {
        0 => LeafSpec::new(&node, Usage::ServerAndClient, start, KeyType::EcdsaP256).sans([
            node.as_str(),
            "localhost",
            ip.as_str(),
            "127.0.0.1",
            "::1",
        ]),
        1 => LeafSpec::new(&node, Usage::ServerAndClient, start, KeyType::EcdsaP256).sans([
            node.as_str(),
            "localhost",
            ip.as_str(),
        ]),
        2 => LeafSpec::new("kube-etcd-healthcheck-client", Usage::Client, start, KeyType::EcdsaP256),
        _ => LeafSpec::new("kube-apiserver-etcd-client", Usage::Client, start, KeyType::EcdsaP256)
            .organizations(["system:masters"]),
    };
    spec.valid(start, start + Duration::days(3650))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [out, clusters, per_cluster, layout] = args.as_slice() else {
        return Err("usage: bench_sets <out-dir> <clusters> <certs-per-cluster> <bundle|files>".into());
    };
    let clusters: usize = clusters.parse()?;
    let per_cluster: usize = per_cluster.parse()?;
    let bundle = match layout.as_str() {
        "bundle" => true,
        "files" => false,
        other => return Err(format!("layout must be bundle or files, not {other}").into()),
    };
    let out = Path::new(out);
    fs::create_dir_all(out)?;
    let start = time::macros::datetime!(2026-01-01 00:00 UTC);
    let mut all = String::new();
    for cluster in 0..clusters {
        let ca = Ca::new("etcd-ca", KeyType::EcdsaP256, start, start + Duration::days(7300))?;
        let mut text = ca.pair.cert_pem.clone();
        for n in 0..per_cluster.saturating_sub(1) {
            let pair = ca.issue(&leaf(cluster, n, start))?;
            text.push_str(&pair.cert_pem);
        }
        if bundle {
            all.push_str(&text);
        } else {
            fs::write(out.join(format!("cluster-{cluster:05}.pem")), text)?;
        }
    }
    if bundle {
        fs::write(out.join("bundle.pem"), all)?;
    }
    println!(
        "wrote {} certificates ({clusters} cluster(s) of {per_cluster}) to {}",
        clusters * per_cluster,
        out.display()
    );
    Ok(())
}
