//! `etcdtls check` against a real etcd: commands as runbooks write them for kubeadm's
//! `/etc/kubernetes/pki`, checked with `--pki` pointing at a lab's kubeadm-shaped PKI. Each
//! original fails against the lab as the finding says; each corrected command's etcdctl part,
//! with the paths moved to the lab's folder, works with etcdtls and with the real etcdctl.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use etcdtls::lab::ClientSecurity;
use etcdtls_core::check::shell;
use etcdtls_e2e::{etcdctl, etcdtls, lab};
use serde_json::Value;

const PKI: &str = "/etc/kubernetes/pki";

/// The words of a command line, as the shell would pass them.
fn words(text: &str) -> Vec<String> {
    shell::segments(text)
        .into_iter()
        .next()
        .unwrap()
        .words
        .into_iter()
        .map(|w| w.value)
        .collect()
}

/// The arguments after `etcdctl`, with kubeadm's folder moved to the lab's.
fn etcdctl_part(command: &str, lab_pki: &str) -> Vec<String> {
    let w = words(command);
    let at = w.iter().position(|x| x == "etcdctl").expect("etcdctl in the command");
    w[at + 1..].iter().map(|a| a.replace(PKI, lab_pki)).collect()
}

#[test]
fn corrected_commands_work_against_a_real_kubeadm_shaped_etcd() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    let ep = lab.endpoints();
    let plain_ep = ep.replace("https://", "http://");
    let lab_pki = lab.path("pki").display().to_string();
    let client = format!("--cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key");
    let cases: Vec<(String, &str)> = vec![
        (
            format!("ETCDCTL_API=3 etcdctl --endpoints={ep} --cacert={PKI}/ca.crt {client} member list"),
            "wrong-ca",
        ),
        (
            format!(
                "ETCDCTL_API=3 etcdctl --endpoints={ep} --cacert={PKI}/etcd/ca.crt --cert={PKI}/etcd/healtcheck-client.crt --key={PKI}/etcd/healthcheck-client.key endpoint health"
            ),
            "path-typo",
        ),
        (
            format!(
                "ETCDCTL_API=3 etcdctl --endpoints={ep} --cacert={PKI}/etcd/ca.crt --cert={PKI}/etcd/server.crt --key={PKI}/etcd/server.key get / --prefix --keys-only"
            ),
            "server-cert-as-client",
        ),
        (
            format!("ETCDCTL_API=3 etcdctl --endpoints={plain_ep} --cacert={PKI}/etcd/ca.crt {client} endpoint status"),
            "plaintext-endpoint",
        ),
        (
            format!(
                "ETCDCTL_API=3 etcdctl --endpoints={ep} --cacert={PKI}/etcd/ca.crt --cert={PKI}/etcd/healthcheck-client.crt member list"
            ),
            "cert-without-key",
        ),
        (
            format!("ETCDCTL_API=3 etcdctl --endpoints={ep} --cacert={PKI}/etcd/ca.crt {client}"),
            "no-command",
        ),
        (
            format!("ETCDCTL_API=3 etcdctl --endpoints={ep} --ca-file={PKI}/etcd/ca.crt {client} member list"),
            "unknown-flag",
        ),
        (
            format!("ETCDCTL_API=3 etcdctl --endpoints={ep} --cacert={PKI}/etcd/ca.crt endpoint health"),
            "missing-client-cert",
        ),
        // An etcdctl v2 command line: its v3 command (`endpoint health --cluster`) and flags.
        (
            format!(
                "etcdctl --endpoints={ep} --ca-file={PKI}/etcd/ca.crt --cert-file={PKI}/etcd/healthcheck-client.crt --key-file={PKI}/etcd/healthcheck-client.key cluster-health"
            ),
            "etcdctl-api-v2",
        ),
        (
            format!(
                "ETCDCTL_API=2 etcdctl --endpoints={ep} --ca-file={PKI}/etcd/ca.crt --cert-file={PKI}/etcd/healthcheck-client.crt --key-file={PKI}/etcd/healthcheck-client.key ls /registry"
            ),
            "etcdctl-api-v2",
        ),
        (
            format!("ETCDCTL_API=3 etcdctl --insecure-skip-tls-verify --endpoints={ep} {client} endpoint health"),
            "insecure-skip-verify",
        ),
        (
            format!(
                "kubectl exec -n kube-system etcd-node-1 -- etcdctl --endpoints={ep} --cacert={PKI}/etcd/ca.crt --cert={PKI}/apiserver-etcd-client.crt --key={PKI}/apiserver-etcd-client.key member list"
            ),
            "file-not-in-pod",
        ),
    ];
    for (original, id) in cases {
        let mut args = vec![
            "check".to_string(),
            "-o".into(),
            "json".into(),
            "--pki".into(),
            lab_pki.clone(),
        ];
        args.extend(words(&original));
        let run = etcdtls(&args, &[]);
        let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.all()));
        let c = &report["commands"][0];
        let ids: Vec<&str> = c["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        assert!(ids.contains(&id), "{id} not found for {original}: {c:#}");
        let corrected = c["corrected"]
            .as_str()
            .unwrap_or_else(|| panic!("no correction for {original}"));

        // The corrected command is clean with the lab's real files.
        let mut again = vec![
            "check".to_string(),
            "-o".into(),
            "json".into(),
            "--pki".into(),
            lab_pki.clone(),
        ];
        again.extend(words(corrected));
        let rerun = etcdtls(&again, &[]);
        assert_eq!(
            rerun.code, 0,
            "corrected {corrected} still has errors: {}",
            rerun.stdout
        );
        let r: Value = serde_json::from_str(&rerun.stdout).unwrap();
        for f in r["commands"][0]["findings"].as_array().unwrap() {
            assert_eq!(f["severity"], "info", "corrected {corrected}: {f:#}");
        }

        // Its etcdctl part works against the real etcd, with etcdtls and with etcdctl itself.
        let fixed = etcdctl_part(corrected, &lab_pki);
        let ours = etcdtls(&fixed, &[]);
        assert_eq!(
            ours.code,
            0,
            "{id}: corrected {fixed:?} failed with etcdtls: {}",
            ours.all()
        );
        let theirs = etcdctl(&fixed);
        assert_eq!(
            theirs.code,
            0,
            "{id}: corrected {fixed:?} failed with etcdctl: {}",
            theirs.all()
        );

        // And where the finding says the original cannot work, it does not (a file missing
        // from the pod is there on this host, so that one cannot be shown here).
        if !matches!(id, "server-cert-as-client" | "insecure-skip-verify" | "file-not-in-pod") {
            let broken = etcdtls(&etcdctl_part(&original, &lab_pki), &[]);
            assert_ne!(broken.code, 0, "{id}: the original {original} worked: {}", broken.all());
        }
    }
}
