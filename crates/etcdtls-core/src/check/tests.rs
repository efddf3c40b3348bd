//! Commands as people write them in runbooks, blog posts and chat, and what `check` says.

use std::collections::{BTreeMap, HashSet};

use time::OffsetDateTime;

use super::*;

const PKI: &str = "/etc/kubernetes/pki";

fn good_flags() -> String {
    format!(
        "--endpoints=https://127.0.0.1:2379 --cacert={PKI}/etcd/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key"
    )
}

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
}

fn run(text: &str) -> CheckReport {
    check(text, &NoFiles, now())
}

fn ids(c: &CommandCheck) -> Vec<&'static str> {
    c.findings.iter().map(|f| f.id.id()).collect()
}

fn only(text: &str) -> CommandCheck {
    let r = run(text);
    assert_eq!(r.commands.len(), 1, "{text}: {:#?}", r.commands);
    r.commands.into_iter().next().unwrap()
}

/// No error or warning left: what a corrected command must be.
///
/// A warning about what the command is meant to do (`writes-kubernetes-data`) is not one a
/// change to its text can remove, so it may stay.
fn clean(c: &CommandCheck) -> bool {
    c.findings.iter().all(|f| {
        f.severity == Severity::Info
            || matches!(
                f.id,
                CheckId::WritesKubernetesData | CheckId::SnapshotInPod | CheckId::UnreadCommand
            )
    })
}

/// Asserts the corrected command of every result is clean under the same host.
fn corrected_is_clean(report: &CheckReport, host: &dyn FileHost) {
    for c in &report.commands {
        if let Some(fixed) = &c.corrected {
            let again = check(fixed, host, now());
            assert_eq!(again.commands.len(), 1, "corrected {fixed:?} of {:?}", c.command);
            let a = &again.commands[0];
            assert!(
                clean(a),
                "corrected command is not clean:\n  {}\n→ {fixed}\n  {:#?}",
                c.command,
                a.findings
            );
            assert!(a.corrected.is_none(), "corrected again: {fixed} → {:?}", a.corrected);
        }
    }
}

/// The realistic cases: (snippet, ids it must produce).
fn cases() -> Vec<(String, Vec<&'static str>)> {
    let good = good_flags();
    vec![
        (
            "ETCDCTL_API=3 etcdctl snapshot restore /backup/etcd-snapshot.db --data-dir /var/lib/etcd-from-backup".to_string(),
            vec!["snapshot-moved-to-etcdutl"],
        ),
        (
            // KodeKloud's CKA lesson, copied into many notes: no `--` before etcdctl.
            format!("kubectl exec etcd-master -n kube-system etcdctl {good} get / --prefix --keys-only"),
            vec!["exec-without-dashes"],
        ),
        (
            // A HighGo note: the variable and the flag both, which etcdctl refuses.
            "export ETCDCTL_ENDPOINTS=http://10.8.72.35:2379,http://10.8.72.36:2379\netcdctl --endpoints=http://10.8.72.35:2379,http://10.8.72.36:2379 endpoint status --write-out=table".to_string(),
            vec!["env-flag-conflict"],
        ),
        (
            // Notes whose flags went onto lines of their own without the `\`.
            format!("ETCDCTL_API=3 etcdctl snapshot save /opt/snapshot.db\n    --endpoints=https://127.0.0.1:2379\n    --cacert={PKI}/etcd/ca.crt\n    --cert={PKI}/etcd/healthcheck-client.crt\n    --key={PKI}/etcd/healthcheck-client.key"),
            vec!["missing-continuation"],
        ),
        (
            // KodeKloud's solution text with its continuations flattened onto one line.
            format!("ETCDCTL_API=3 etcdctl snapshot save \\ --cacert={PKI}/etcd/ca.crt \\ --cert={PKI}/etcd/healthcheck-client.crt \\ --key={PKI}/etcd/healthcheck-client.key \\ /opt/snapshot-pre-boot.db"),
            vec!["wrong-arguments"],
        ),
        (
            "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=<trusted-ca-file> --cert=<cert-file> --key=<key-file> snapshot save snapshot.db".to_string(),
            vec!["placeholder"],
        ),
        (
            // minikube notes whose line ends kept a space after the `\`.
            format!("sudo ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 \\\n--cacert {PKI}/etcd/ca.crt \\\n--cert {PKI}/etcd/healthcheck-client.crt \\ \n--key {PKI}/etcd/healthcheck-client.key \\ \nmember list"),
            vec!["backslash-space"],
        ),
        (
            // A backup article's snapshot of "the cluster": every member at once.
            format!("ETCDCTL_API=3 etcdctl snapshot save /var/lib/etcd/snapshot.db {} --endpoints=https://10.0.0.1:2379,https://10.0.0.2:2379,https://10.0.0.3:2379", good.replace("--endpoints=https://127.0.0.1:2379 ", "")),
            vec!["snapshot-multiple-endpoints"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl {} member list", good.replace("127.0.0.1:2379", "127.0.0.1:6443")),
            vec!["apiserver-port"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl {good} del /registry/events --prefix"),
            vec!["writes-kubernetes-data"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl {} endpoint health", good.replace("/etc/kubernetes/pki/etcd/ca.crt", "/etc/kbuernetes/pki/etcd/ca.crt")),
            vec!["path-typo"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl {} member list", good.replace("--cacert=/etc/kubernetes", "--cacert=/etcd/kubernetes")),
            vec!["path-typo"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 --cacert {PKI}/etcd/ca.crt --cert {PKI}/etcd/healthcheck-client.crt member list"),
            vec!["cert-without-key"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 --cacert {PKI}/etcd/ca.crt --key {PKI}/etcd/healthcheck-client.key member list"),
            vec!["key-without-cert"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 --cacert {PKI}/etcd/ca.crt --cert {PKI}/etcd/healthcheck-client.key --key {PKI}/etcd/healthcheck-client.crt member list"),
            vec!["cert-key-swapped"],
        ),
        (format!("ETCDCTL_API=3 etcdctl {good}"), vec!["no-command"]),
        (format!("ETCDCTL_API=3 etcdctl {good} member"), vec!["no-command"]),
        (format!("ETCDCTL_API=3 etcdctl {good} endpoints health"), vec!["unknown-command"]),
        (
            format!("ETCDCTL_API=3 etcdctl {} get /registry --prefix --keys-only", good.replace("--cacert=", "--ca-cert=")),
            vec!["unknown-flag"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl {} endpoint status -w table", good.replace("--endpoints=", "--endpoint=")),
            vec!["unknown-flag"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl {} member list", good.replace("--cacert=", "--cacert= ")),
            vec!["empty-flag-value"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl {} member list", good.replace("--endpoints=https://127.0.0.1:2379", "--endpoints=[https://192.168.4.105:2379](https://192.168.4.105:2379)")),
            vec!["markdown-link"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl -endpoints=https://127.0.0.1:2379 --cacert={PKI}/etcd/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key member list"),
            vec!["unknown-flag"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={PKI}/ca.crt --cert={PKI}/apiserver-etcd-client.crt --key={PKI}/apiserver-etcd-client.key get / --prefix --keys-only"),
            vec!["wrong-ca"],
        ),
        (
            "export ETCDCTL_API=3\nexport ETCDCTL_ENDPOINTS=\"https://192.168.2.10:2379\"\nexport ETCDCTL_CACERT=\"/etc/kubernetes/pki/etcd/ca.crt\"\nexport ETCDCTL_CERT=\"/etc/kubernetes/pki/etcd/server.crt\"\nexport ETCDCTL_KEY=\"/etc/kubernetes/pki/etcd/server.key\"\netcdctl member list -w table".into(),
            vec!["server-cert-as-client"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={PKI}/etcd/ca.crt --cert={PKI}/apiserver-kubelet-client.crt --key={PKI}/apiserver-kubelet-client.key endpoint health"),
            vec!["wrong-client-cert"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={PKI}/etcd/server.crt --cert={PKI}/etcd/ca.crt --key={PKI}/etcd/ca.key endpoint health"),
            vec!["wrong-client-cert"],
        ),
        (format!("ETCDCTL_API=3 etcdctl {} endpoint health", good.replace(":2379", ":2380")), vec!["peer-port"]),
        (format!("ETCDCTL_API=3 etcdctl {} member list", good.replace("https://", "http://")), vec!["plaintext-endpoint"]),
        (
            format!("ETCDCTL_API=3 etcdctl --insecure-skip-tls-verify --endpoints=https://127.0.0.1:2379 --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key member list"),
            vec!["insecure-skip-verify"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key endpoint status"),
            vec!["missing-cacert"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={PKI}/etcd/ca.crt endpoint status"),
            vec!["missing-client-cert"],
        ),
        (
            format!("kubectl exec -it -n kube-system etcd-node-1 -- etcdctl --endpoints=https://127.0.0.1:2379 --cacert={PKI}/etcd/ca.crt --cert={PKI}/apiserver-etcd-client.crt --key={PKI}/apiserver-etcd-client.key member list"),
            vec!["kubectl-exec-in-pod", "file-not-in-pod"],
        ),
        (
            format!("kubectl -n kube-system exec etcd-node-1 -- sh -c \"ETCDCTL_API=3 etcdctl --cacert={PKI}/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key endpoint health\""),
            vec!["kubectl-exec-in-pod", "wrong-ca"],
        ),
        (
            format!("etcdctl --ca-file {PKI}/etcd/ca.crt --cert-file {PKI}/etcd/healthcheck-client.crt --key-file {PKI}/etcd/healthcheck-client.key --endpoints https://127.0.0.1:2379 cluster-health"),
            vec!["etcdctl-api-v2"],
        ),
        (format!("etcdctl {good} member list"), vec!["etcdctl-api-v2"]),
        (
            format!("kubectl -n kube-system exec etcd-control-plane -- etcdctl {good} member list"),
            vec!["pod-name", "kubectl-exec-in-pod"],
        ),
        (
            format!("kubectl -n kube-system exec -it etcd-<node-name> -- etcdctl {good} endpoint health"),
            vec!["pod-name"],
        ),
        (
            format!("kubectl exec etcd-node-1 -- etcdctl {good} endpoint status -w table"),
            vec!["namespace-missing"],
        ),
        (
            format!("kubectl -n kube-system exec etcd-node-1 -- etcdctl {good} snapshot save /tmp/etcd-backup.db"),
            vec!["snapshot-in-pod"],
        ),
        (
            format!("export ETCDCTL_API=3 ETCDCTL_CACERT={PKI}/etcd/ca.crt ETCDCTL_CERT={PKI}/etcd/healthcheck-client.crt ETCDCTL_KEY={PKI}/etcd/healthcheck-client.key\nkubectl -n kube-system exec etcd-node-1 -- etcdctl member list"),
            vec!["env-not-in-pod"],
        ),
        (
            format!("kubectl -n kube-system exec etcd-node-1 -- ETCDCTL_API=3 etcdctl {good} member list"),
            vec!["env-prefix-in-exec"],
        ),
        (
            format!("ETCDCTL_CACERT={PKI}/etcd/ca.crt\nETCDCTL_CERT={PKI}/etcd/healthcheck-client.crt\nETCDCTL_KEY={PKI}/etcd/healthcheck-client.key\nETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 member list"),
            vec!["variable-not-exported"],
        ),
        (
            format!("export ETCDCTL_CACERT={PKI}/etcd/ca.crt ETCDCTL_CERT={PKI}/etcd/healthcheck-client.crt ETCDCTL_KEY={PKI}/etcd/healthcheck-client.key ETCDCTL_ENDPOINTS=https://127.0.0.1:2379\nsudo ETCDCTL_API=3 etcdctl member list"),
            vec!["sudo-drops-env"],
        ),
        (
            format!("export ETCDCTL_API=3 ETCDCTL_CA_FILE={PKI}/etcd/ca.crt ETCDCTL_CERT={PKI}/etcd/healthcheck-client.crt ETCDCTL_KEY={PKI}/etcd/healthcheck-client.key\netcdctl --endpoints=https://127.0.0.1:2379 member list"),
            vec!["unknown-flag"],
        ),
        (
            format!("sudo crictl exec -it $(sudo crictl ps --name etcd -q) etcdctl --cacert={PKI}/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key member list"),
            vec!["wrong-ca"],
        ),
        // etcdctl from the etcd image on a node that lacks it: a new container has its own
        // loopback unless it shares the node's network.
        (
            format!("docker run --rm -v {PKI}/etcd:{PKI}/etcd registry.k8s.io/etcd:3.5.9-0 etcdctl {good} member list"),
            vec!["container-network"],
        ),
        // kops' etcd-manager pod, dialled on etcdctl's default port.
        (
            "kubectl -n kube-system exec etcd-manager-main-ip-10-0-0-1 -- etcdctl --cacert=/rootfs/srv/kubernetes/kube-apiserver/etcd-ca.crt --cert=/rootfs/srv/kubernetes/kube-apiserver/etcd-client.crt --key=/rootfs/srv/kubernetes/kube-apiserver/etcd-client.key member list".to_string(),
            vec!["etcd-manager-port"],
        ),
        (
            // An RKE2 runbook's backup: RKE2 1.31 has no etcdctl on the host.
            "sudo /var/lib/rancher/rke2/bin/etcdctl snapshot save /var/lib/rancher/rke2/server/db/etcd/backup.db \\\n  --endpoints=https://127.0.0.1:2379 \\\n  --cacert=/var/lib/rancher/rke2/server/tls/etcd/server-ca.crt \\\n  --cert=/var/lib/rancher/rke2/server/tls/etcd/server-client.crt \\\n  --key=/var/lib/rancher/rke2/server/tls/etcd/server-client.key".to_string(),
            vec!["missing-program"],
        ),
        (
            // Rancher's support scripts before their fix: no shell in RKE2's etcd image.
            "etcdcontainer=$(/var/lib/rancher/rke2/bin/crictl ps --label io.kubernetes.container.name=etcd --quiet)\n/var/lib/rancher/rke2/bin/crictl exec $etcdcontainer sh -c \"ETCDCTL_ENDPOINTS='https://127.0.0.1:2379' ETCDCTL_CACERT='/var/lib/rancher/rke2/server/tls/etcd/server-ca.crt' ETCDCTL_CERT='/var/lib/rancher/rke2/server/tls/etcd/server-client.crt' ETCDCTL_KEY='/var/lib/rancher/rke2/server/tls/etcd/server-client.key' ETCDCTL_API=3 etcdctl endpoint status --cluster --write-out=table\"".to_string(),
            vec!["missing-program"],
        ),
        (
            // A maintenance cron line: etcdctl behind a program check does not follow.
            format!("nice -n 19 ionice -c2 -n7 etcdctl {good} defrag"),
            vec!["unread-command"],
        ),
        (
            // A homelab's k3s notes, written as if for kubeadm: k3s has no etcd pod.
            "kubectl exec -n kube-system etcd-prodesk -- etcdctl \\\n  --endpoints=https://127.0.0.1:2379 \\\n  --cacert=/var/lib/rancher/k3s/server/tls/etcd/server-ca.crt \\\n  --cert=/var/lib/rancher/k3s/server/tls/etcd/client.crt \\\n  --key=/var/lib/rancher/k3s/server/tls/etcd/client.key \\\n  member list".to_string(),
            vec!["no-etcd-pod"],
        ),
        (
            // etcd-io/etcd#10642: a stray quote on the line before swallows the command.
            " ENDPOINT=https://127.0.0.1:2379\"\n ETCDCTL_API=3 etcdctl --debug --endpoints $ENDPOINT snapshot save snapshot.db".to_string(),
            vec!["unclosed-quote"],
        ),
        (
            format!("ETCDCTL_API=3 etcdctl {good} snapshot save \"/backup/snap.db"),
            vec!["unclosed-quote"],
        ),
        (
            // etcdadm's wrapper exports its own CA over the caller's (constants.go
            // EtcdctlShellWrapperTemplate, EtcdctlEnvFileTemplate).
            "sudo ETCDCTL_CACERT=/tmp/ca.crt /opt/bin/etcdctl.sh member list".to_string(),
            vec!["wrapper-overrides-env"],
        ),
    ]
}

#[test]
fn each_realistic_mistake_is_found_and_its_correction_is_clean() {
    for (text, expected) in cases() {
        let report = run(&text);
        let c = report
            .commands
            .last()
            .unwrap_or_else(|| panic!("no command found in {text}"));
        for id in &expected {
            assert!(ids(c).contains(id), "{id} missing for\n{text}\n{:#?}", c.findings);
        }
        if !clean(c) {
            assert!(c.corrected.is_some(), "no correction for {text}");
        }
        corrected_is_clean(&report, &NoFiles);
    }
}

#[test]
fn every_text_level_id_is_produced_by_some_realistic_command() {
    let mut seen = HashSet::new();
    for (text, _) in cases() {
        for c in run(&text).commands {
            seen.extend(ids(&c));
        }
    }
    // File facts.
    let file_level = ["file-missing", "file-unreadable", "key-too-open"];
    for id in CheckId::ALL {
        if !file_level.contains(&id.id()) {
            assert!(seen.contains(id.id()), "no realistic case produces {id}");
        }
    }
}

#[test]
fn a_correct_command_has_no_error_or_warning() {
    let good = good_flags();
    for text in [
        format!("ETCDCTL_API=3 etcdctl {good} endpoint health"),
        format!("ETCDCTL_API=3 etcdctl {good} get /registry --prefix --keys-only"),
        format!("sudo ETCDCTL_API=3 etcdctl {good} snapshot save /var/lib/etcd/snap.db"),
        format!("kubectl -n kube-system exec etcd-node-1 -- etcdctl {good} member list -w table"),
        "ETCDCTL_API=3 etcdctl snapshot status /tmp/snap.db -w table".to_string(),
        "ETCDCTL_API=3 etcdctl version".to_string(),
        "ETCDCTL_API=3 etcdctl --endpoints=http://127.0.0.1:2379 put foo bar".to_string(),
    ] {
        let c = only(&text);
        assert!(clean(&c), "{text}\n{:#?}", c.findings);
        assert_eq!(c.corrected, None, "{text}");
    }
}

#[test]
fn several_commands_pasted_at_once_give_one_result_each() {
    let good = good_flags();
    let text = format!(
        "```bash\n$ export ETCDCTL_API=3\n$ etcdctl {good} \\\n    endpoint health\n# list the members\n$ etcdctl {good} member list -w table\n\nkubectl -n kube-system exec etcd-node-1 -- etcdctl {good} endpoint status && echo done\n```\n"
    );
    let r = run(&text);
    assert_eq!(r.commands.len(), 3, "{:#?}", r.commands);
    assert!(
        r.commands[0].does.contains("checks that each endpoint answers"),
        "{}",
        r.commands[0].does
    );
    assert!(r.commands[1].does.contains("lists the cluster's members"));
    assert_eq!(r.commands[2].runs_in, RunsIn::Pod);
    assert_eq!(r.commands[2].target.as_deref(), Some("kube-system/etcd-node-1"));
    assert!(!r.has_errors(), "{:#?}", r.commands);
    // The exported ETCDCTL_API=3 applies to both host commands.
    assert!(!ids(&r.commands[0]).contains(&"etcdctl-api-v2"));
}

#[test]
fn a_continuation_into_a_blank_line_ends_the_command() {
    let good = good_flags();
    let c = run(&format!("ETCDCTL_API=3 etcdctl {good} \\\n\nmember list\n"));
    assert_eq!(
        c.commands.len(),
        1,
        "`member list` is a command of its own, not etcdctl's"
    );
    assert!(ids(&c.commands[0]).contains(&"no-command"));
}

/// Kubespray's names (`admin-<host>.pem`, `admin-<host>-key.pem`) swapped, and its own
/// etcdctl.sh's order, which is right.
#[test]
fn a_swapped_pair_is_found_by_cfssl_and_openssl_names_too() {
    let d = "/etc/ssl/etcd/ssl";
    let swapped = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 --cacert {d}/ca.pem --cert {d}/admin-node1-key.pem --key {d}/admin-node1.pem member list"
    ));
    assert_eq!(ids(&swapped), ["cert-key-swapped"], "{:#?}", swapped.findings);
    assert_eq!(
        swapped.corrected.as_deref(),
        Some(format!("ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 --cacert {d}/ca.pem --cert={d}/admin-node1.pem --key={d}/admin-node1-key.pem member list").as_str())
    );
    let right = only(&format!(
        "etcdctl --cacert {d}/ca.pem --cert {d}/admin-node1.pem --key {d}/admin-node1-key.pem get --keys-only --from-key \"\""
    ));
    assert!(!ids(&right).contains(&"cert-key-swapped"), "{:#?}", right.findings);
}

#[test]
fn corrections_read_as_expected() {
    let c = only(&format!(
        "kubectl exec -it -n kube-system etcd-node-1 -- etcdctl --endpoints=https://127.0.0.1:2379 --cacert={PKI}/etcd/ca.crt --cert={PKI}/apiserver-etcd-client.crt --key={PKI}/apiserver-etcd-client.key member list"
    ));
    assert_eq!(
        c.corrected.as_deref(),
        Some(
            "kubectl exec -it -n kube-system etcd-node-1 -- etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key member list"
        )
    );
    let c = only(&format!(
        "etcdctl --ca-file {PKI}/etcd/ca.crt --endpoints https://127.0.0.1:2379 ls /registry"
    ));
    let fixed = c.corrected.unwrap();
    assert!(fixed.starts_with("ETCDCTL_API=3 etcdctl"), "{fixed}");
    // v2 listed what is under the directory /registry.
    assert!(fixed.contains("get /registry/ --prefix --keys-only"), "{fixed}");
    assert!(fixed.contains("--cacert"), "{fixed}");
    // In a pod, host variables become flags and the exec needs no shell.
    let c = only(&format!(
        "kubectl -n kube-system exec etcd-node-1 -- ETCDCTL_API=3 ETCDCTL_CACERT={PKI}/etcd/ca.crt etcdctl member list"
    ));
    let fixed = c.corrected.unwrap();
    assert!(
        fixed.starts_with("kubectl -n kube-system exec etcd-node-1 -- etcdctl --cacert="),
        "{fixed}"
    );
    // The pod name placeholder is looked up by label.
    let c = only(&format!(
        "kubectl exec etcd-<node-name> -- etcdctl {} member list",
        good_flags()
    ));
    let fixed = c.corrected.unwrap();
    assert!(
        fixed.contains("-l component=etcd") && fixed.contains("-n kube-system"),
        "{fixed}"
    );
}

#[test]
fn prompts_comments_and_quoting() {
    let c = only(
        "root@cp-1:~# ETCDCTL_API=3 etcdctl --endpoints 'https://127.0.0.1:2380' --cacert \"/etc/kubernetes/pki/etcd/ca.crt\" --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key endpoint health  # check",
    );
    assert_eq!(ids(&c), vec!["peer-port"]);
    assert!(c.corrected.unwrap().contains("--endpoints=https://127.0.0.1:2379"));
    assert!(run("# etcd health\n# see the runbook").commands.is_empty());
    assert!(run("kubectl get pods -n kube-system").commands.is_empty());
}

#[test]
fn variables_in_paths_are_expanded() {
    let c = only(
        "export PKI=/etc/kubernetes/pki\nETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=$PKI/ca.crt --cert=${PKI}/etcd/healthcheck-client.crt --key=$PKI/etcd/healthcheck-client.key member list",
    );
    assert_eq!(ids(&c), vec!["wrong-ca"]);
}

#[test]
fn interactive_shell_in_the_pod_then_commands() {
    let r = run(&format!(
        "kubectl -n kube-system exec -it etcd-node-1 -- sh\netcdctl {} member list\nexit\netcdctl version",
        good_flags()
    ));
    assert_eq!(r.commands.len(), 2);
    assert_eq!(r.commands[0].runs_in, RunsIn::Pod);
    assert_eq!(r.commands[1].runs_in, RunsIn::Host);
}

/// OpenShift's runbooks: `oc rsh` into the etcd pod, then plain etcdctl. Every container of
/// the pod has ETCDCTL_CACERT, ETCDCTL_CERT, ETCDCTL_KEY and ETCDCTL_ENDPOINTS set by
/// cluster-etcd-operator, so commands without TLS flags are right there, and kubeadm's files
/// are not in the pod.
#[test]
fn openshifts_etcd_pod_brings_its_own_variables() {
    let r = run(
        "oc rsh -n openshift-etcd etcd-master-0\netcdctl member list -w table\nexit\n\
         oc rsh -n openshift-etcd etcd-ip-10-0-159-225.ec2.internal etcdctl endpoint status --cluster -w table\n\
         oc exec -n openshift-etcd -c etcdctl etcd-master-1 -- etcdctl endpoint health --cluster\n\
         oc exec -n openshift-etcd etcd-master-2 -- etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt snapshot save /tmp/s.db\n",
    );
    assert_eq!(r.commands.len(), 4, "{:#?}", r.commands);
    for c in &r.commands[..3] {
        assert_eq!(c.runs_in, RunsIn::Pod, "{}", c.command);
        assert!(clean(c), "{}: {:#?}", c.command, c.findings);
        assert!(c.corrected.is_none(), "{}: {:?}", c.command, c.corrected);
        assert!(c.does.contains("https://<each member's IP>:2379"), "{}", c.does);
        assert!(c.target.as_deref().unwrap().starts_with("openshift-etcd/etcd-"));
    }
    assert!(
        r.commands[0].does.ends_with("(through oc rsh)"),
        "{}",
        r.commands[0].does
    );
    assert!(
        r.commands[2].does.ends_with("(through oc exec)"),
        "{}",
        r.commands[2].does
    );
    let info = &r.commands[0].findings[0];
    assert!(info.message.contains("ETCDCTL_CERT"), "{}", info.message);

    let kubeadms = &r.commands[3];
    // The pod's ETCDCTL_CACERT beside --cacert: etcdctl would stop at that first; then at the
    // pod's every-member ETCDCTL_ENDPOINTS, which snapshot save refuses.
    assert_eq!(
        ids(kubeadms),
        [
            "env-flag-conflict",
            "file-not-in-pod",
            "snapshot-multiple-endpoints",
            "kubectl-exec-in-pod",
            "snapshot-in-pod"
        ]
    );
    assert_eq!(
        kubeadms.corrected.as_deref(),
        Some(
            "oc exec -n openshift-etcd etcd-master-2 -- env ETCDCTL_ENDPOINTS=https://localhost:2379 etcdctl snapshot save /tmp/s.db"
        )
    );
    assert!(
        (kubeadms
            .findings
            .iter()
            .find(|f| f.id == CheckId::SnapshotInPod)
            .unwrap())
        .fix
        .contains("oc cp openshift-etcd/etcd-master-2:/tmp/s.db")
    );
    corrected_is_clean(&r, &NoFiles);

    // Outside openshift-etcd, a pod is kubeadm's until it says otherwise.
    let c = only("oc exec -n kube-system etcd-node-1 -- etcdctl member list");
    assert!(ids(&c).contains(&"missing-cacert"), "{:?}", ids(&c));
}

/// Containers started or entered with docker, podman or nerdctl: what runs where.
#[test]
fn container_tools_are_read() {
    let good = good_flags();
    let c = only(&format!(
        "sudo nerdctl -n k8s.io exec -it etcd etcdctl {good} member list"
    ));
    assert_eq!((c.runs_in, c.target.as_deref()), (RunsIn::Container, Some("etcd")));
    assert!(clean(&c), "{:#?}", c.findings);
    let c = only(&format!("podman exec etcd etcdctl {good} endpoint health"));
    assert_eq!(c.runs_in, RunsIn::Container);
    for network in ["--network host", "--network=host", "--net=host"] {
        let c = only(&format!(
            "podman run --rm {network} -v {PKI}/etcd:{PKI}/etcd:ro quay.io/coreos/etcd:v3.5.9 etcdctl {good} endpoint health"
        ));
        assert!(clean(&c), "{network}: {:#?}", c.findings);
        assert_eq!(c.target.as_deref(), Some("quay.io/coreos/etcd:v3.5.9"));
        assert!(
            c.does.contains("a new container of quay.io/coreos/etcd:v3.5.9"),
            "{}",
            c.does
        );
    }
    // Dialling the node by its address needs no host network.
    let c = only(&format!(
        "docker run --rm registry.k8s.io/etcd:3.5.9-0 etcdctl {} member list",
        good.replace("127.0.0.1", "10.0.0.5")
    ));
    assert!(!ids(&c).contains(&"container-network"), "{:?}", ids(&c));
    let c = only(&format!(
        "docker run --rm registry.k8s.io/etcd:3.5.9-0 etcdctl {good} member list"
    ));
    assert_eq!(
        c.corrected
            .as_deref()
            .map(|t| t.starts_with(&format!("docker run --network host -v {PKI}/etcd:{PKI}/etcd:ro --rm "))),
        Some(true),
        "{:?}",
        c.corrected
    );
}

/// `kubectl run NAME --image=… -- etcdctl …`: a new pod, with a network of its own and none of
/// the node's files; its `--env` settings reach etcdctl; a pod named `etcd-…` is still not
/// etcd's, and nothing kubectl lacks (`-v`, `--network host`) is suggested.
#[test]
fn kubectl_run_starts_a_new_pod() {
    let good = good_flags();
    let c = only(&format!(
        "kubectl run etcd-client -n kube-system --rm -it --restart=Never --image registry.k8s.io/etcd:3.5.12-0 -- etcdctl {good} member list"
    ));
    assert_eq!(c.runs_in, RunsIn::Pod);
    assert_eq!(c.target.as_deref(), Some("kube-system/etcd-client"));
    assert_eq!(ids(&c), ["container-network", "file-not-in-pod"], "{:#?}", c.findings);
    assert!(
        c.findings
            .iter()
            .all(|f| !f.fix.contains("-v ") && !f.fix.contains("--network host")),
        "{:#?}",
        c.findings
    );
    assert!(
        c.findings[1]
            .fix
            .contains("kubectl exec -n kube-system etcd-<node> -- etcdctl"),
        "{:#?}",
        c.findings
    );
    assert_eq!(c.corrected, None);

    // The endpoints from --env, and a pod spec with the host's network and its own volumes.
    let c = only(&format!(
        "kubectl run etcdctl --rm -it --image=registry.k8s.io/etcd:3.5.12-0 --env=ETCDCTL_API=3 --env=ETCDCTL_ENDPOINTS=https://10.0.0.5:2379 --overrides='{{\"spec\": {{\"hostNetwork\": true, \"volumes\": []}}}}' -- etcdctl --cacert={PKI}/etcd/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key endpoint health"
    ));
    assert!(c.does.contains("https://10.0.0.5:2379"), "{}", c.does);
    assert!(clean(&c), "{:#?}", c.findings);

    // Without --overrides the node's address still needs the files.
    let c = only(&format!(
        "kubectl run etcdctl --image=registry.k8s.io/etcd:3.5.12-0 --env=ETCDCTL_ENDPOINTS=https://10.0.0.5:2379 -- etcdctl --cacert={PKI}/etcd/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key endpoint health"
    ));
    assert_eq!(ids(&c), ["file-not-in-pod"], "{:#?}", c.findings);
}

#[test]
fn garbage_does_not_panic() {
    for text in [
        "etcdctl \"",
        "etcdctl --",
        "etcdctl -",
        "etcdctl --=",
        "etcdctl -w",
        "kubectl exec -- etcdctl",
        "kubectl exec",
        "sudo",
        "sh -c",
        "kubectl exec x -- sh -c",
        "etcdctl --endpoints=:2380 get",
        "etcdctl --cert=é.crt get",
        "etcdctl -é",
        "\\",
        "etcdctl $(",
        "export =",
        "A= etcdctl",
    ] {
        let r = run(text);
        for c in &r.commands {
            if let Some(fixed) = &c.corrected {
                let _ = run(fixed);
            }
        }
    }
}

#[test]
fn every_prefix_and_suffix_of_realistic_snippets_is_read_without_panicking() {
    let mut texts: Vec<String> = cases().into_iter().map(|(t, _)| t).collect();
    texts.push("etcdctl --endpoints=2380 get x\nkubectl exec -it etcd-<node -- sh -c 'etcdctl \"$(\n".into());
    // This stop's shapes: themed prompts, templates, forwarded arguments, a `$` too many.
    texts.push("controlplane ~ ➜  k exec etcd-x -- etcdctl --endpoints https://{{ host }}:2379 \"$@\"\nI have no name!@é:/$ $ETCDCTL_API=3 etcdctl endpoint healthv -key\n    --cacert=ß.pem\netcdutl --data-dir <d> snapshot restore x".into());
    for all in &texts {
        let bounds: Vec<usize> = (0..=all.len()).filter(|&i| all.is_char_boundary(i)).collect();
        for &i in bounds.iter().step_by(3) {
            for text in [&all[..i], &all[i..]] {
                for c in run(text).commands {
                    if let Some(fixed) = c.corrected {
                        let _ = run(&fixed);
                    }
                }
            }
        }
    }
}

/// Files on a pretend host, by path.
#[derive(Debug, Default)]
struct Disk(BTreeMap<String, FileFact>);

impl FileHost for Disk {
    fn file(&self, path: &str) -> FileFact {
        self.0.get(path).cloned().unwrap_or(FileFact::Missing)
    }
}

fn kubeadm_disk(key_mode: u32) -> Disk {
    let pki = etcdtls_pki::KubeadmPki::generate(&etcdtls_pki::KubeadmOptions::new(
        "node-1",
        "10.0.0.5",
        etcdtls_pki::KeyType::EcdsaP256,
        now() - time::Duration::days(1),
    ))
    .unwrap();
    Disk(
        pki.files
            .iter()
            .map(|(name, text)| {
                let mode = if name.ends_with(".key") { key_mode } else { 0o644 };
                (
                    format!("/etc/kubernetes/{name}"),
                    FileFact::Readable {
                        bytes: text.as_bytes().to_vec(),
                        mode: Some(mode),
                    },
                )
            })
            .collect(),
    )
}

#[test]
fn files_on_the_host_are_read() {
    let disk = kubeadm_disk(0o600);
    let good = good_flags();
    let c = check(
        &format!("sudo ETCDCTL_API=3 etcdctl {good} endpoint health"),
        &disk,
        now(),
    );
    assert!(clean(&c.commands[0]), "{:#?}", c.commands[0].findings);

    // A key of another pair, found by content although the names look right.
    let mut swapped = kubeadm_disk(0o600);
    let peer_key = swapped.0["/etc/kubernetes/pki/etcd/peer.key"].clone();
    swapped
        .0
        .insert("/etc/kubernetes/pki/etcd/healthcheck-client.key".into(), peer_key);
    let r = check(
        &format!("sudo ETCDCTL_API=3 etcdctl {good} endpoint health"),
        &swapped,
        now(),
    );
    assert!(
        ids(&r.commands[0]).contains(&"key-mismatch"),
        "{:#?}",
        r.commands[0].findings
    );

    // Missing files, unreadable files and open keys.
    let mut disk = kubeadm_disk(0o644);
    disk.0.insert(
        "/etc/kubernetes/pki/etcd/ca.crt".into(),
        FileFact::Unreadable("permission denied".into()),
    );
    let r = check(
        &format!(
            "ETCDCTL_API=3 etcdctl {} endpoint health",
            good.replace("healthcheck-client.crt", "my-client.crt")
        ),
        &disk,
        now(),
    );
    let found = ids(&r.commands[0]);
    for id in ["file-missing", "file-unreadable", "key-too-open"] {
        assert!(found.contains(&id), "{id} missing: {found:?}");
    }

    // Expired certificates are the review's `expired`.
    let r = check(
        &format!("sudo ETCDCTL_API=3 etcdctl {good} endpoint health"),
        &kubeadm_disk(0o600),
        now() + time::Duration::days(800),
    );
    assert!(ids(&r.commands[0]).contains(&"expired"));
}

#[test]
fn the_kubernetes_ca_is_found_by_content_under_another_name() {
    let mut disk = kubeadm_disk(0o600);
    let k8s_ca = disk.0["/etc/kubernetes/pki/ca.crt"].clone();
    disk.0.insert("/etc/kubernetes/pki/etcd/ca.crt".into(), k8s_ca);
    let r = check(
        &format!("sudo ETCDCTL_API=3 etcdctl {} endpoint health", good_flags()),
        &disk,
        now(),
    );
    let c = &r.commands[0];
    assert!(ids(c).contains(&"wrong-ca"), "{:#?}", c.findings);

    // And the server certificate under the client's name.
    let mut disk = kubeadm_disk(0o600);
    for ext in ["crt", "key"] {
        let server = disk.0[&format!("/etc/kubernetes/pki/etcd/server.{ext}")].clone();
        disk.0
            .insert(format!("/etc/kubernetes/pki/etcd/healthcheck-client.{ext}"), server);
    }
    let r = check(
        &format!("sudo ETCDCTL_API=3 etcdctl {} endpoint health", good_flags()),
        &disk,
        now(),
    );
    assert!(
        ids(&r.commands[0]).contains(&"server-cert-as-client"),
        "{:#?}",
        r.commands[0].findings
    );
}

#[test]
fn corrections_are_clean_with_real_files_too() {
    let disk = kubeadm_disk(0o600);
    // The disk is kubeadm's: other distributions' files are missing on it.
    let kubeadms = |t: &str| !t.contains("/var/lib/rancher") && !t.contains("/opt/bin/etcdctl.sh");
    for (text, _) in cases().into_iter().filter(|(t, _)| kubeadms(t)) {
        let text = text.replace("ETCDCTL_API=3 etcdctl", "sudo ETCDCTL_API=3 etcdctl");
        let report = check(&text, &disk, now());
        corrected_is_clean(&report, &disk);
    }
}

#[test]
fn pasted_files_answer_for_their_paths() {
    let disk = kubeadm_disk(0o600);
    let bytes = |path: &str| match &disk.0[path] {
        FileFact::Readable { bytes, .. } => bytes.clone(),
        _ => unreachable!(),
    };
    // The Kubernetes CA pasted as the etcd CA, beside the real client pair: it did not sign it.
    let files = FileMap {
        files: vec![
            ("pki/etcd/ca.crt".into(), bytes("/etc/kubernetes/pki/ca.crt")),
            (
                "pki/etcd/healthcheck-client.crt".into(),
                bytes("/etc/kubernetes/pki/etcd/healthcheck-client.crt"),
            ),
            (
                "pki/etcd/healthcheck-client.key".into(),
                bytes("/etc/kubernetes/pki/etcd/healthcheck-client.key"),
            ),
        ],
        ..FileMap::default()
    };
    let r = check(
        &format!("ETCDCTL_API=3 etcdctl {} endpoint health", good_flags()),
        &files,
        now(),
    );
    assert!(
        ids(&r.commands[0]).contains(&"wrong-ca"),
        "{:#?}",
        r.commands[0].findings
    );
}

#[test]
fn commands_are_told_from_certificates_and_messages() {
    assert!(looks_like_command("$ etcdctl member list"));
    assert!(looks_like_command(
        "kubectl -n kube-system exec etcd-a -- etcdctl get /"
    ));
    assert!(!looks_like_command(
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"
    ));
    assert!(!looks_like_command("x509: certificate signed by unknown authority"));
    // The distributions' own etcd commands, which check reads, reach it from the page too.
    assert!(looks_like_command("k3s etcd-snapshot save --name before-upgrade"));
    assert!(looks_like_command("talosctl -n 10.0.0.2 etcd members"));
    assert!(!looks_like_command("talosctl version"));
    assert!(!looks_like_command(
        "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - livenessProbe:\n      exec:\n        command: [/bin/sh, -ec, ETCDCTL_API=3 etcdctl get foo]"
    ));
}

#[test]
fn json_shape() {
    let r = run(&format!(
        "ETCDCTL_API=3 etcdctl {} endpoint health",
        good_flags().replace(":2379", ":2380")
    ));
    let v = serde_json::to_value(&r).unwrap();
    let c = &v["commands"][0];
    assert_eq!(c["runs_in"], "host");
    assert_eq!(c["findings"][0]["id"], "peer-port");
    assert_eq!(c["findings"][0]["severity"], "error");
    assert!(c["findings"][0]["fix"].is_string() && c["corrected"].is_string() && c["does"].is_string());
}

/// v2 commands become what v3 says for them, their own flags included (`rm -r` deletes a
/// prefix, not one key), and what v3 lacks gets no invented command.
#[test]
fn v2_commands_are_corrected_to_their_v3_meaning() {
    let flags = format!(
        "--endpoints https://127.0.0.1:2379 --cacert {PKI}/etcd/ca.crt --cert {PKI}/etcd/healthcheck-client.crt --key {PKI}/etcd/healthcheck-client.key"
    );
    let v2 = vec!["etcdctl-api-v2"];
    let cases = [
        // The v3 command deletes Kubernetes' keys: said, not hidden in the correction.
        (
            format!("etcdctl {flags} rm -r /registry/old"),
            "del /registry/old/ --prefix",
            vec!["etcdctl-api-v2", "writes-kubernetes-data"],
        ),
        (
            format!("etcdctl {flags} cluster-health"),
            "endpoint health --cluster",
            v2.clone(),
        ),
        (
            format!("ETCDCTL_API=2 etcdctl {flags} get /registry/k"),
            "get /registry/k --print-value-only",
            v2.clone(),
        ),
        (
            format!("ETCDCTL_API=2 etcdctl {flags} watch -r /registry/pods"),
            "watch --prefix /registry/pods",
            v2.clone(),
        ),
    ];
    for (line, v3, want) in cases {
        let c = only(&line);
        assert_eq!(ids(&c), want, "{line}: {:#?}", c.findings);
        let fixed = c.corrected.unwrap_or_default();
        assert!(fixed.starts_with("ETCDCTL_API=3 etcdctl"), "{fixed}");
        assert!(fixed.ends_with(v3), "{line} → {fixed}");
        assert!(!fixed.contains(" -r "), "{fixed}");
        let fix = &c.findings[0].fix;
        assert!(fix.contains(&format!("→ {v3}")), "{fix}");
        assert!(!fix.contains("ls →"), "only what the line uses is named: {fix}");
    }
    let c = only(&format!("etcdctl {flags} mkdir /registry/dir"));
    assert_eq!(c.corrected, None, "{:#?}", c);
    assert!(c.findings[0].fix.contains("no directories"), "{}", c.findings[0].fix);
}

/// A command with nothing to say against it and nothing to correct.
fn assert_clean_as_written(text: &str) {
    let c = only(text);
    assert!(
        clean(&c) && c.corrected.is_none(),
        "{text}\n{:#?} {:?}",
        c.findings,
        c.corrected
    );
}

/// Containers and pods of other distributions, as their notes run etcdctl in them (the Rancher
/// webinar's RKE commands, rancher/rancher-docs#1452 for RKE2, a minikube blog post, the
/// rancherlabs support-tools' `docker run` with RKE's files).
#[test]
fn other_distributions_containers_and_pods() {
    // RKE's etcd container sets ETCDCTL_API, _CACERT, _CERT, _KEY and _ENDPOINTS itself.
    let c = only("docker exec etcd etcdctl member list");
    assert!(clean(&c) && c.corrected.is_none(), "{:#?}", c.findings);
    let c = only("docker exec etcd etcdctl snapshot save /tmp/snap.db");
    let saved = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::SnapshotInPod)
        .expect("snapshot-in-pod");
    assert!(saved.fix.contains("docker cp etcd:/tmp/snap.db"), "{}", saved.fix);
    // `-e NAME=VALUE` sets the variable inside the container: nothing is lost on the way.
    assert_clean_as_written(
        r#"docker exec -e ETCDCTL_ENDPOINTS=$(docker exec etcd /bin/sh -c "etcdctl member list | cut -d, -f5 | sed -e 's/ //g' | paste -sd ','") etcd etcdctl endpoint status --write-out table"#,
    );
    // A new container on etcd's network (`--net=container:`), its files given by `-e`.
    assert_clean_as_written(
        r#"docker run --rm --net=container:$(docker ps -q -f name=etcd) -v $PWD/etcdssl:/etc/kubernetes/ssl -e ETCDCTL_API=3 -e ETCDCTL_CACERT=/etc/kubernetes/ssl/kube-ca.pem -e ETCDCTL_CERT=/etc/kubernetes/ssl/kube-node.pem -e ETCDCTL_KEY=/etc/kubernetes/ssl/kube-node-key.pem rancher/rke-tools:v0.1.80 bash -c "etcdctl endpoint status""#,
    );
    // k3s's files in some other container: what it mounts is not known, so nothing is claimed.
    let c = only(
        r#"docker exec -ti rancher bash -c "ETCDCTL_API=3 etcdctl --cacert /var/lib/rancher/k3s/server/tls/etcd/server-ca.crt --cert /var/lib/rancher/k3s/server/tls/etcd/client.crt --key /var/lib/rancher/k3s/server/tls/etcd/client.key endpoint status""#,
    );
    assert!(!ids(&c).contains(&"file-not-in-pod"), "{:#?}", c.findings);
    // RKE2's etcd pod mounts etcd's own pairs only: its server pair is the client to use there.
    let c = only(
        "kubectl -n kube-system exec etcd-node1 -- etcdctl --cacert /var/lib/rancher/rke2/server/tls/etcd/server-ca.crt --cert /var/lib/rancher/rke2/server/tls/etcd/server-client.crt --key /var/lib/rancher/rke2/server/tls/etcd/server-client.key endpoint health --cluster",
    );
    assert!(
        clean(&c) && c.corrected.is_none(),
        "{:#?} {:?}",
        c.findings,
        c.corrected
    );
    // minikube keeps kubeadm's files under /var/lib/minikube/certs.
    let r = run("kubectl exec -it etcd-minikube -n kube-system -- sh\netcdctl get / --prefix --keys-only");
    let fixed = r.commands[0].corrected.as_deref().expect("a corrected command");
    assert!(
        fixed.contains("--cacert=/var/lib/minikube/certs/etcd/ca.crt")
            && fixed.contains("--cert=/var/lib/minikube/certs/etcd/healthcheck-client.crt"),
        "{fixed}"
    );
    corrected_is_clean(&r, &NoFiles);
}

/// The Kubernetes docs' backup command with its placeholders, and kube-apiserver's port given
/// as etcd's (aki0000/k8s-myplayground#29).
#[test]
fn placeholders_and_the_api_servers_port() {
    let r = run(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=<trusted-ca-file> --cert=<cert-file> --key=<key-file> snapshot save snapshot.db",
    );
    let c = &r.commands[0];
    assert_eq!(
        ids(c).iter().filter(|id| **id == "placeholder").count(),
        3,
        "{:#?}",
        c.findings
    );
    assert!(!ids(c).contains(&"file-missing"));
    let fixed = c.corrected.as_deref().unwrap();
    assert!(fixed.contains("--cacert=/etc/kubernetes/pki/etcd/ca.crt"), "{fixed}");
    corrected_is_clean(&r, &NoFiles);
    let r = run(&format!(
        "etcdctl --endpoints https://192.168.100.101:6443 {} member list",
        good_flags().split_once(' ').unwrap().1
    ));
    let c = &r.commands[0];
    assert!(ids(c).contains(&"apiserver-port"), "{:#?}", c.findings);
    assert!(c.corrected.as_deref().unwrap().contains("https://192.168.100.101:2379"));
    corrected_is_clean(&r, &NoFiles);
}

/// cobra finds the command past `--flag value` (any flag not a boolean takes the next word),
/// and pflag then reads the flags against that command's: `--data-dir` before `snapshot
/// restore` is restore's.
#[test]
fn a_subcommands_flag_before_the_command_is_its_own() {
    for text in [
        "ETCDCTL_API=3 etcdctl --data-dir /var/lib/etcd-from-backup snapshot restore /opt/snapshot-pre-boot.db",
        "root@master01:~# ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --data-dir /var/lib/etcd-restore snapshot restore snap.db",
        "etcdctl --data-dir <data-dir-location> snapshot restore snapshot.db",
    ] {
        let c = only(text);
        assert!(c.does.starts_with("restores snapshot file "), "{text}: {}", c.does);
        assert!(
            !ids(&c)
                .iter()
                .any(|id| matches!(*id, "no-command" | "unknown-flag" | "unknown-command")),
            "{text}: {:#?}",
            c.findings
        );
        assert!(
            c.corrected.is_none_or(|f| f.contains("--data-dir /var/lib/etcd")),
            "{text}"
        );
    }
}

/// etcdctl sets cobra's `EnablePrefixMatching`: a word that begins exactly one command's name
/// is that command.
#[test]
fn a_command_prefix_is_the_command() {
    for text in ["$ etcdctl compact $rev", "docker exec etcd etcdctl compact \"$rev\""] {
        let c = only(text);
        assert!(
            c.does.starts_with("compacts the key history up to revision $rev"),
            "{text}: {}",
            c.does
        );
        assert!(!ids(&c).contains(&"unknown-command"), "{text}: {:#?}", c.findings);
    }
    let c = only(&format!("ETCDCTL_API=3 etcdctl {} snap save x.db", good_flags()));
    assert!(
        c.does.starts_with("saves a snapshot of the database to x.db"),
        "{}",
        c.does
    );
    assert!(c.findings.is_empty(), "{:#?}", c.findings);
    assert!(
        only(&format!("ETCDCTL_API=3 etcdctl {} mem list", good_flags()))
            .findings
            .is_empty()
    );
    // Ambiguous (`member`, `move-leader`, `make-mirror`, `migrate`): an unknown command.
    assert!(ids(&only(&format!("ETCDCTL_API=3 etcdctl {} m list", good_flags()))).contains(&"unknown-command"));
}

/// pflag matches no flag by prefix: `--endpoint` is unknown (etcdctl: `unknown flag:
/// --endpoint`), and cobra still finds `member list` past its value.
#[test]
fn a_singular_endpoint_flag_is_unknown_and_renamed() {
    let c = only("etcdctl --endpoint https://x.x.x.x:2379 member list");
    assert!(ids(&c).contains(&"unknown-flag"), "{:#?}", c.findings);
    assert!(!ids(&c).contains(&"no-command"), "{:#?}", c.findings);
    assert!(
        c.findings.iter().any(|f| f.fix == "Write --endpoints."),
        "{:#?}",
        c.findings
    );
    let fixed = c.corrected.unwrap();
    assert!(
        fixed.ends_with(" --endpoints https://x.x.x.x:2379 member list"),
        "{fixed}"
    );
}

/// `--cacert= "/x"`: the flag is empty and the path an argument; the correction joins them.
#[test]
fn a_space_after_the_equals_sign_is_joined() {
    let c = only(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert= \"/var/lib/rancher/k3s/server/tls/etcd/server-ca.crt\" --cert=/var/lib/rancher/k3s/server/tls/etcd/client.crt --key=/var/lib/rancher/k3s/server/tls/etcd/client.key member list",
    );
    assert_eq!(ids(&c), ["empty-flag-value"], "{:#?}", c.findings);
    assert_eq!(
        c.corrected.as_deref(),
        Some(
            "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/var/lib/rancher/k3s/server/tls/etcd/server-ca.crt --cert=/var/lib/rancher/k3s/server/tls/etcd/client.crt --key=/var/lib/rancher/k3s/server/tls/etcd/client.key member list"
        )
    );
}

/// Prompts of OpenShift's debug shell, killercoda, killer.sh, busybox and zsh themes, and the
/// shell's `> ` on continuation lines.
#[test]
fn more_prompts_are_stripped() {
    for prompt in [
        "sh-4.4# ",
        "bash-5.1# ",
        "controlplane $ ",
        "➜ root@cka2560:~# ",
        "/ # ",
        "❯ ",
    ] {
        let c = only(&format!("{prompt}etcdctl member list -w table"));
        assert_eq!(c.command, "etcdctl member list -w table", "{prompt}");
    }
    let c = only("sh-4.2# etcdctl member list -w table");
    assert!(c.does.starts_with("lists the cluster's members"), "{}", c.does);
    let c = only(
        "sh-5.2# ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 \\\n> --cacert=/etc/kubernetes/pki/etcd/ca.crt \\\n> --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt \\\n> --key=/etc/kubernetes/pki/etcd/healthcheck-client.key \\\n> endpoint health",
    );
    assert!(clean(&c) && c.corrected.is_none(), "{:#?}", c);
    // A word before `$ ` or `# ` that no command follows is left alone.
    assert!(run("echo $ etcdctl member list").commands.is_empty());
    assert!(run("make # etcdctl member list").commands.is_empty());
}

/// `ssh HOST cmd…` (and the command as one string): etcdctl runs on that host, with its files.
#[test]
fn a_command_through_ssh_runs_on_the_other_host() {
    let empty = Disk::default();
    for text in [
        "ssh root@cp1 sudo etcdctl member list",
        "ssh ubuntu@10.0.0.5 'sudo ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key snapshot save /tmp/snap.db'",
        "ssh -i ~/.ssh/id_ed25519 -p 2222 -t -o StrictHostKeyChecking=no root@cp1 etcdctl member list",
    ] {
        let r = check(text, &empty, now());
        assert_eq!(r.commands.len(), 1, "{text}");
        let c = &r.commands[0];
        assert_eq!(c.runs_in, RunsIn::Remote, "{text}");
        assert!(
            c.target
                .as_deref()
                .is_some_and(|t| t.ends_with("@cp1") || t.ends_with("@10.0.0.5")),
            "{text}"
        );
        assert!(c.does.contains("through ssh"), "{}", c.does);
        assert!(
            !ids(c)
                .iter()
                .any(|id| matches!(*id, "file-missing" | "file-not-in-pod" | "snapshot-in-pod")),
            "{text}: {:#?}",
            c.findings
        );
    }
}

/// etcdctl 3.4 speaks v3 without ETCDCTL_API (`etcdctl/main.go`): no command, or a word it does
/// not know, is not a v2 command, and there is no v3 command to fail on an old etcdctl.
#[test]
fn no_command_or_an_unknown_word_is_not_v2() {
    let good = good_flags();
    for text in [
        format!("etcdctl {good} \\"),
        format!("etcdctl {good} memberr list"),
        format!("etcdctl {good} mem li"),
    ] {
        let c = only(&text);
        assert!(!c.does.contains("v2"), "{text}: {}", c.does);
        assert!(
            !ids(&c).contains(&"etcdctl-api-v2") || c.does.starts_with("lists"),
            "{text}: {:#?}",
            c.findings
        );
    }
    assert!(
        only(&format!("etcdctl {good} \\"))
            .does
            .starts_with("prints etcdctl's help")
    );
}

/// An endpoint pasted from rendered Markdown: the link, not its URL.
#[test]
fn an_endpoint_pasted_as_a_markdown_link_is_an_error() {
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl {} member list",
        good_flags().replace(
            "--endpoints=https://127.0.0.1:2379",
            "--endpoints=[https://192.168.4.105:2379](https://192.168.4.105:2379)"
        )
    ));
    assert_eq!(ids(&c), ["markdown-link"], "{:#?}", c.findings);
    let fixed = c.corrected.unwrap();
    assert!(fixed.contains(" --endpoints=https://192.168.4.105:2379 "), "{fixed}");
}

/// `snapshot restore` run inside the etcd pod writes a data directory nobody uses (a note's
/// `kubectl exec … -- sh -c "… snapshot restore /var/lib/etcd/snapshot.db"`).
#[test]
fn a_restore_inside_the_pod_is_a_warning() {
    let r = run(
        r#"kubectl -n kube-system exec -it etcd-k8s-master -- sh -c "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key snapshot restore /var/lib/etcd/snapshot.db""#,
    );
    let c = &r.commands[0];
    let f = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::SnapshotInPod)
        .expect("snapshot-in-pod");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.contains("default.etcd"), "{}", f.message);
    // Offline: its TLS flags are read by nothing, so nothing is said about them.
    assert!(!ids(c).contains(&"server-cert-as-client"), "{:#?}", c.findings);
}

/// `docker run -e ETCDCTL_API=3 --net=container:…` from a Rancher note: docker's `-e` goes with
/// its value, and a new container holds none of the host's files unless `-v` mounts them.
#[test]
fn docker_run_env_options_and_mounts() {
    let c = only(
        "docker run -e ETCDCTL_API=3 --net=container:$(docker ps -q) quay.io/coreos/etcd:v3.3.1 etcdctl get / --prefix --keys-only",
    );
    let fixed = c.corrected.as_deref().expect("a corrected command");
    // The variable docker sets reaches etcdctl: kept, with its `-e`.
    assert!(fixed.contains("-e ETCDCTL_API=3 --net=container:"), "{fixed}");
    assert!(ids(&c).contains(&"file-not-in-pod"), "{:#?}", c.findings);
    assert!(
        fixed.starts_with("docker run -v /etc/kubernetes/pki/etcd:/etc/kubernetes/pki/etcd:ro "),
        "{fixed}"
    );
    corrected_is_clean(&run(&c.command), &NoFiles);
    // A variable now given as a flag leaves with its option, in every spelling.
    for env in [
        "-e ETCDCTL_CACERT=/x/ca.crt",
        "--env ETCDCTL_CACERT=/x/ca.crt",
        "--env=ETCDCTL_CACERT=/x/ca.crt",
    ] {
        let c = only(&format!(
            "docker run --network host -v {PKI}:{PKI} {env} --rm registry.k8s.io/etcd:3.5.9-0 etcdctl --cacert {PKI}/ca.crt --cert {PKI}/etcd/healthcheck-client.crt --key {PKI}/etcd/healthcheck-client.key member list"
        ));
        let fixed = c.corrected.as_deref().expect("a corrected command");
        assert!(
            fixed.starts_with(&format!(
                "docker run --network host -v {PKI}:{PKI} --rm registry.k8s.io/"
            )),
            "{env}: {fixed}"
        );
    }
    // Mounted where the files are: nothing to say.
    let c = only(&format!(
        "docker run --rm --network host --mount type=bind,source={PKI},target={PKI},readonly registry.k8s.io/etcd:3.5.9-0 etcdctl {} member list",
        good_flags()
    ));
    assert!(clean(&c) && c.corrected.is_none(), "{:#?}", c.findings);
}

/// `sh -c "…$CURDATE…"` (kubeadm upgrade notes): this host's shell expands `$CURDATE` before
/// the pod's sh starts, and `\$EP` is left to the pod's sh. The correction keeps the quotes so
/// each expands where it did.
#[test]
fn double_quoted_shell_scripts_keep_their_expansions() {
    let c = only(&format!(
        r#"kubectl -n kube-system exec etcd-n1 -- sh -c "ETCDCTL_API=3 ETCDCTL_CERT={PKI}/etcd/server.crt etcdctl --key {PKI}/etcd/server.key --cacert {PKI}/etcd/ca.crt --endpoints \$EP snapshot save /var/lib/etcd/snap-$CURDATE.db""#
    ));
    let fixed = c.corrected.as_deref().expect("a corrected command");
    assert_eq!(
        fixed,
        format!(
            r#"kubectl -n kube-system exec etcd-n1 -- sh -c "ETCDCTL_API=3 etcdctl --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key --cacert {PKI}/etcd/ca.crt --endpoints \$EP snapshot save /var/lib/etcd/snap-$CURDATE.db""#
        )
    );
    // A new value with characters special inside double quotes is escaped for them.
    let c = only(&format!(
        r#"kubectl -n kube-system exec etcd-n1 -- sh -c "etcdctl --cacert {PKI}/etcd/ca.crt --cert {PKI}/etcd/healthcheck-client.crt --key {PKI}/etcd/healthcheck-client.key --endpoints http://127.0.0.1:2379 get /a-$K""#
    ));
    let fixed = c.corrected.as_deref().expect("a corrected command");
    assert!(
        fixed.ends_with(r#"--endpoints=https://127.0.0.1:2379 get /a-$K""#),
        "{fixed}"
    );
}

/// Whose pod `kubectl exec` reaches decides which files and TLS are assumed: kops'
/// etcd-manager (its own files under /rootfs, port 4001), an OpenShift hosted control plane
/// (/etc/etcd/tls), or some other pod (nothing assumed). Only a static etcd pod is kubeadm's.
#[test]
fn pods_other_than_kubeadms_etcd_get_no_kubeadm_files() {
    // kops' own docs (docs/operations/etcd_administration.md).
    let c = run(
        "CONTAINER=$(kubectl get pods -n kube-system | grep etcd-manager-main | head -n 1 | awk '{print $1}')\n\
         kubectl exec -it -n kube-system $CONTAINER bash\n\
         ETCDCTL_API=3 /opt/etcd-v3.5.9-linux-amd64/etcdctl --cacert=/rootfs/srv/kubernetes/kube-apiserver/etcd-ca.crt --cert=/rootfs/srv/kubernetes/kube-apiserver/etcd-client.crt --key=/rootfs/srv/kubernetes/kube-apiserver/etcd-client.key --endpoints=https://127.0.0.1:4001 get --prefix /",
    )
    .commands
    .remove(0);
    assert!(
        clean(&c) && c.corrected.is_none(),
        "{:#?} {:?}",
        c.findings,
        c.corrected
    );
    // Flags missing in an etcd-manager pod: kops' files, seen through /rootfs.
    let c = only(
        "kubectl -n kube-system exec etcd-manager-events-ip-10-0-0-1 -- etcdctl --endpoints=https://127.0.0.1:4002 member list",
    );
    let fixed = c.corrected.as_deref().expect("a corrected command");
    assert!(
        fixed.contains("--cacert=/rootfs/srv/kubernetes/kube-apiserver/etcd-ca.crt")
            && fixed.contains("--key=/rootfs/srv/kubernetes/kube-apiserver/etcd-client.key")
            && !fixed.contains("pki/etcd/"),
        "{fixed}"
    );
    // An OpenShift hosted control plane's etcd pod.
    let r = run("oc rsh -n clusters-hosted -c etcd etcd-0\netcdctl endpoint health --cluster -w table");
    let fixed = r.commands[0].corrected.as_deref().expect("a corrected command");
    assert_eq!(
        fixed,
        "etcdctl --cacert=/etc/etcd/tls/etcd-ca/ca.crt --cert=/etc/etcd/tls/client/etcd-client.crt --key=/etc/etcd/tls/client/etcd-client.key endpoint health --cluster -w table"
    );
    // A client pod of Bitnami's chart in the application's namespace: nothing of kubeadm's.
    let r = run(
        "kubectl exec --namespace interconnect -it etcd-client -- bash\netcdctl --user root:$ROOT_PASSWORD get /message",
    );
    let c = &r.commands[0];
    assert!(clean(c) && c.corrected.is_none(), "{:#?} {:?}", c.findings, c.corrected);
    let c = only("kubectl exec -n demo my-etcd-0 -- etcdctl member list");
    assert!(
        clean(&c) && c.corrected.is_none(),
        "{:#?} {:?}",
        c.findings,
        c.corrected
    );
}

/// Bitnami's v2 notes: `-u root:PASSWORD` is v2's username flag, v3's --user.
#[test]
fn v2_username_becomes_user() {
    let c = only("etcdctl -u root:PASSWORD set /data my_data");
    assert_eq!(
        c.corrected.as_deref(),
        Some("ETCDCTL_API=3 etcdctl --user root:PASSWORD put /data my_data")
    );
    let c = only("etcdctl --username=root:pw get /a");
    assert_eq!(
        c.corrected.as_deref(),
        Some("ETCDCTL_API=3 etcdctl --user=root:pw get /a")
    );
    // Under v3 it is a flag etcdctl does not know, and what was meant is still --user.
    let c = only("ETCDCTL_API=3 etcdctl -u root:pw get /a");
    assert_eq!(
        c.corrected.as_deref(),
        Some("ETCDCTL_API=3 etcdctl --user root:pw get /a")
    );
}

/// `etcdctl ... member remove <ID>` (a k3s runbook): `...` stands for words left out, not for
/// a command, and the TLS flags may be among them.
#[test]
fn elided_words_are_not_arguments() {
    for dots in ["...", "…"] {
        let c = only(&format!(
            "ETCDCTL_API=3 /tmp/etcdctl {dots} member remove 8e9e05c52164694d"
        ));
        assert!(c.findings.is_empty() && c.corrected.is_none(), "{:#?}", c.findings);
        assert!(c.does.starts_with("removes member 8e9e05c52164694d"), "{}", c.does);
        assert!(c.does.contains("leave words out"), "{}", c.does);
    }
}

/// `snapshot save /tmp/etcd-snapshot-$(date …).db` in the pod: the copy command cannot repeat
/// `$(date …)`, which would name another moment.
#[test]
fn names_filled_in_at_run_time_are_not_repeated() {
    let c = only(&format!(
        "kubectl -n kube-system exec etcd-n1 -- etcdctl {} snapshot save /tmp/etcd-snapshot-$(date +%Y%m%d-%H%M%S).db",
        good_flags()
    ));
    let saved = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::SnapshotInPod)
        .expect("snapshot-in-pod");
    assert!(
        saved.fix.contains("etcd-n1:/tmp/etcd-snapshot-<date>.db ./snapshot.db") && !saved.fix.contains("$(date"),
        "{}",
        saved.fix
    );
    assert!(
        c.does.contains("filled in by the shell when the command runs"),
        "{}",
        c.does
    );
}

/// `--cacert …/server.crt --cert …/ca.crt` (swapped, from notes): both are said and both fixed.
#[test]
fn a_certificate_that_is_no_ca_as_cacert() {
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl snapshot save snapshot.db --cacert {PKI}/etcd/server.crt --cert {PKI}/etcd/ca.crt --key {PKI}/etcd/ca.key"
    ));
    assert!(
        ids(&c).contains(&"wrong-ca") && ids(&c).contains(&"wrong-client-cert"),
        "{:#?}",
        c.findings
    );
    assert_eq!(
        c.corrected.as_deref(),
        Some(format!("ETCDCTL_API=3 etcdctl snapshot save snapshot.db --cacert={PKI}/etcd/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key").as_str())
    );
    for file in [
        "etcd/healthcheck-client.crt",
        "etcd/peer.crt",
        "apiserver-etcd-client.crt",
        "etcd/ca.key",
    ] {
        let c = only(&format!(
            "etcdctl --endpoints=https://127.0.0.1:2379 --cacert {PKI}/{file} --cert {PKI}/etcd/healthcheck-client.crt --key {PKI}/etcd/healthcheck-client.key member list"
        ));
        let wrong = c.findings.iter().find(|f| f.id == CheckId::WrongCa).expect("wrong-ca");
        assert_eq!(wrong.severity, Severity::Error, "{file}: {}", wrong.message);
        assert!(
            c.corrected
                .as_deref()
                .is_some_and(|t| t.contains(&format!("--cacert={PKI}/etcd/ca.crt"))),
            "{file}"
        );
    }
}

/// `snapshot save \ --cacert=…`: etcdctl gets four arguments and refuses; the correction
/// drops the escaped spaces so the flags are flags again.
#[test]
fn snapshot_save_takes_one_file() {
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl snapshot save \\ --cacert={PKI}/etcd/ca.crt \\ --cert={PKI}/etcd/healthcheck-client.crt \\ --key={PKI}/etcd/healthcheck-client.key \\ /opt/snap.db"
    ));
    let wrong = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::WrongArguments)
        .expect("wrong-arguments");
    assert!(
        wrong.message.contains("etcdctl gets 4") && wrong.message.contains("escaped space"),
        "{}",
        wrong.message
    );
    assert_eq!(
        c.corrected.as_deref(),
        Some(format!("ETCDCTL_API=3 etcdctl snapshot save --cacert={PKI}/etcd/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key /opt/snap.db").as_str())
    );
    corrected_is_clean(&run(&c.command), &NoFiles);
    let c = only("ETCDCTL_API=3 etcdctl snapshot save a.db b.db");
    assert_eq!(ids(&c), ["wrong-arguments"]);
    let c = only("ETCDCTL_API=3 etcdctl snapshot save");
    assert_eq!(ids(&c), ["wrong-arguments"]);
}

/// A kops gist: in etcd-manager's folder, its etcd-clients-ca pair used as the client identity.
#[test]
fn kops_clients_ca_is_no_client() {
    let c = only(
        "kubectl -n kube-system exec etcd-manager-main-ip-10-0-0-1 -- etcdctl --cacert=/rootfs/srv/kubernetes/kube-apiserver/etcd-ca.crt --cert=/etc/kubernetes/pki/etcd-manager-main/etcd-clients-ca.crt --key=/etc/kubernetes/pki/etcd-manager-main/etcd-clients-ca.key --endpoints=https://127.0.0.1:4001 member list",
    );
    assert!(ids(&c).contains(&"wrong-client-cert"), "{:#?}", c.findings);
    let fixed = c.corrected.as_deref().expect("a corrected command");
    assert!(
        fixed.contains("--cert=/rootfs/srv/kubernetes/kube-apiserver/etcd-client.crt --key=/rootfs/srv/kubernetes/kube-apiserver/etcd-client.key"),
        "{fixed}"
    );
    // On the node, relative to etcd-manager's folder.
    let c = only(
        "etcdctl member list --cert=etcd-clients-ca.crt --key=etcd-clients-ca.key --endpoints=https://127.0.0.1:4001",
    );
    assert!(ids(&c).contains(&"wrong-client-cert"), "{:#?}", c.findings);
    assert!(
        c.corrected
            .as_deref()
            .is_some_and(|t| t.contains("--cert=/srv/kubernetes/kube-apiserver/etcd-client.crt")),
        "{:?}",
        c.corrected
    );
}

/// How notes hide etcdctl: an alias (Pigsty's `e`), a variable holding the command (k3s
/// course notes), a `$> ` prompt; and Talos' `talosctl etcd …`, which is no etcdctl at all.
#[test]
fn aliases_variables_prompts_and_talosctl() {
    let r = run(&format!(
        "alias e=\"etcdctl\"\nalias em='etcdctl member'\nexport ETCDCTL_CACERT={PKI}/etcd/ca.crt\ne put a 10 ; e get a; em list"
    ));
    let commands: Vec<&str> = r.commands.iter().map(|c| c.command.as_str()).collect();
    assert_eq!(commands, ["etcdctl put a 10", "etcdctl get a", "etcdctl member list"]);
    // An alias named etcdctl is not expanded inside itself.
    let c = only(&format!(
        "alias etcdctl='crictl exec \"$CONTAINER_ID\" etcdctl --cert {PKI}/etcd/healthcheck-client.crt --key {PKI}/etcd/healthcheck-client.key --cacert {PKI}/etcd/ca.crt'\netcdctl member list"
    ));
    assert_eq!(c.runs_in, RunsIn::Container);
    assert!(c.command.ends_with("etcd/ca.crt member list"), "{}", c.command);
    let c = only(
        "E=\"sudo ETCDCTL_API=3 etcdctl --cacert=/var/lib/rancher/k3s/server/tls/etcd/server-ca.crt --cert=/var/lib/rancher/k3s/server/tls/etcd/client.crt --key=/var/lib/rancher/k3s/server/tls/etcd/client.key\"\n$E get /registry --prefix --keys-only | sort",
    );
    assert!(
        c.does.starts_with("reads every key starting with /registry"),
        "{}",
        c.does
    );
    assert!(clean(&c), "{:#?}", c.findings);
    let c = only("$> ./etcdctl --endpoints http://10.1.2.3:2379 put foo bar");
    assert!(c.command.starts_with("./etcdctl "), "{}", c.command);
    let c = only("talosctl --nodes 10.0.0.2 etcd members");
    assert!(c.does.starts_with("talosctl, not etcdctl"), "{}", c.does);
    assert!(c.findings.is_empty() && c.corrected.is_none());
}

/// Documentation placeholders where an address or an argument goes: the shell stops at
/// `<…>` before etcdctl runs; a variable's name as the host never resolves.
#[test]
fn placeholders_in_endpoints_and_arguments() {
    let tls = good_flags().split_once(' ').unwrap().1.to_string();
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://<IP>:2379 {tls} endpoint health"
    ));
    let f = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::Placeholder)
        .expect("placeholder");
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.message.contains("`bash: IP: No such file or directory`"),
        "{}",
        f.message
    );

    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://ETCD_NODE_IP:2379 {tls} member list"
    ));
    let f = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::Placeholder)
        .expect("placeholder");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.contains("ETCD_NODE_IP looks like a placeholder"),
        "{}",
        f.message
    );

    // Real host names are left alone, capitals or not.
    for host in ["ETCD1", "etcd-0.etcd", "10.0.0.5", "node_1.local", "[::1]"] {
        let c = only(&format!(
            "ETCDCTL_API=3 etcdctl --endpoints=https://{host}:2379 {tls} member list"
        ));
        assert!(!ids(&c).contains(&"placeholder"), "{host}: {:#?}", c.findings);
    }

    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl {} snapshot save <backup-file>",
        good_flags()
    ));
    let f = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::Placeholder)
        .expect("placeholder");
    assert!(
        f.message.contains("syntax error near unexpected token 'newline'"),
        "{}",
        f.message
    );
    assert!(f.fix.contains("snapshot file"), "{}", f.fix);

    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl member remove <member-id> {}",
        good_flags()
    ));
    let f = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::Placeholder)
        .expect("placeholder");
    assert!(
        f.message.contains("`bash: member-id: No such file or directory`"),
        "{}",
        f.message
    );
    assert!(f.fix.contains("member's ID"), "{}", f.fix);
}

/// Runbooks often write the files first (`kubectl get secret … | base64 -d > /tmp/ca.crt`,
/// `cp`, `tee`): a file an earlier line writes is not missing for a later command.
#[test]
fn files_the_snippet_writes_are_not_missing() {
    let snippet = "\
kubectl get secret -n kube-system etcd-certs -o jsonpath='{.data.ca\\.crt}' | base64 -d > /tmp/ca.crt
kubectl get secret -n kube-system etcd-certs -o jsonpath='{.data.tls\\.crt}' | base64 -d | sudo tee /tmp/client.crt
sudo cp /etc/kubernetes/pki/etcd/healthcheck-client.key /tmp/
ETCDCTL_API=3 etcdctl --endpoints https://10.0.0.5:2379 --cacert /tmp/ca.crt --cert /tmp/client.crt --key /tmp/healthcheck-client.key member list
ETCDCTL_API=3 etcdctl --endpoints https://10.0.0.5:2379 --cacert /tmp/other.crt --cert /tmp/client.crt --key /tmp/healthcheck-client.key member list";
    let r = check(snippet, &Disk::default(), now());
    assert_eq!(r.commands.len(), 2, "{:#?}", r.commands);
    assert!(
        !ids(&r.commands[0]).contains(&"file-missing"),
        "{:#?}",
        r.commands[0].findings
    );
    let missing: Vec<&str> = (r.commands[1].findings.iter())
        .filter(|f| f.id == CheckId::FileMissing)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(missing, ["--cacert /tmp/other.crt does not exist here."]);

    // Written after the command: still missing for it.
    let r = check(
        "ETCDCTL_API=3 etcdctl --endpoints https://10.0.0.5:2379 --cacert /tmp/ca.crt --cert /tmp/c.crt --key /tmp/c.key member list\necho x > /tmp/ca.crt",
        &Disk::default(),
        now(),
    );
    assert_eq!(
        ids(&r.commands[0]).iter().filter(|id| **id == "file-missing").count(),
        3
    );
}

/// etcdctl inside the shell's own words (`for …; do`, `then`, `!`, `{`) and runners
/// (`timeout`, `watch -n`, `nohup`) is found and reviewed.
#[test]
fn etcdctl_after_shell_keywords_and_runners() {
    for text in [
        "for ep in a b; do ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2380 endpoint health; done",
        "if true; then ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2380 endpoint health; fi",
        "! ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2380 endpoint health",
        "{ ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2380 endpoint health; }",
        "timeout 10s env ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2380 endpoint health",
        "watch -n 5 -d env ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2380 endpoint health",
        "nohup env ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2380 endpoint health",
    ] {
        let c = only(text);
        assert!(ids(&c).contains(&"peer-port"), "{text}: {:#?}", c.findings);
    }
    // `done` and `fi` are not commands of their own.
    assert!(run("for ep in a b; do echo $ep; done").commands.is_empty());
}

/// kops' etcd-manager pods: etcd on 4001 (main) and 4002 (events) on the host network, nothing
/// on etcdctl's default 2379.
#[test]
fn etcd_manager_pods_dial_their_own_port() {
    let files = "--cacert=/rootfs/srv/kubernetes/kube-apiserver/etcd-ca.crt --cert=/rootfs/srv/kubernetes/kube-apiserver/etcd-client.crt --key=/rootfs/srv/kubernetes/kube-apiserver/etcd-client.key";
    let c = only(&format!(
        "kubectl -n kube-system exec etcd-manager-main-ip-10-0-0-1 -- etcdctl {files} member list"
    ));
    let f = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::EtcdManagerPort)
        .expect("etcd-manager-port");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("127.0.0.1:2379 (its default)"), "{}", f.message);
    assert!(
        c.corrected
            .as_deref()
            .unwrap()
            .contains("--endpoints=https://127.0.0.1:4001")
    );
    corrected_is_clean(
        &run(&format!(
            "kubectl -n kube-system exec etcd-manager-main-ip-10-0-0-1 -- etcdctl {files} member list"
        )),
        &NoFiles,
    );

    let c = only(&format!(
        "kubectl -n kube-system exec etcd-manager-events-ip-10-0-0-1 -- etcdctl --endpoints=https://127.0.0.1:4001 {files} member list"
    ));
    let f = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::EtcdManagerPort)
        .expect("etcd-manager-port");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        c.corrected
            .as_deref()
            .unwrap()
            .contains("--endpoints=https://127.0.0.1:4002")
    );

    let c = only(&format!(
        "kubectl -n kube-system exec etcd-manager-events-ip-10-0-0-1 -- etcdctl --endpoints=https://127.0.0.1:4002 {files} member list"
    ));
    assert!(!ids(&c).contains(&"etcd-manager-port"), "{:#?}", c.findings);
}

/// RKE2's etcd pod mounts six TLS files from one folder: the snapshot finding counts them in
/// that folder instead of naming each.
#[test]
fn a_pods_mounts_are_counted_by_folder() {
    let c = only(
        "kubectl -n kube-system exec etcd-node1 -- etcdctl --cacert /var/lib/rancher/rke2/server/tls/etcd/server-ca.crt --cert /var/lib/rancher/rke2/server/tls/etcd/server-client.crt --key /var/lib/rancher/rke2/server/tls/etcd/server-client.key snapshot save /tmp/snap.db",
    );
    let f = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::SnapshotInPod)
        .expect("snapshot-in-pod");
    assert!(
        f.message.contains(
            "only 6 files in /var/lib/rancher/rke2/server/tls/etcd and /var/lib/rancher/rke2/server/db/etcd are shared"
        ),
        "{}",
        f.message
    );
    assert_eq!(
        super::rules::mounts_in_words(&["/a/x", "/b/y", "/b/z", "/c"]),
        "/a/x, 2 files in /b and /c"
    );
}

#[test]
fn a_talos_note_gets_taloss_files_not_kubeadms() {
    let report = run(
        "$ talosctl -n 10.5.0.2 etcd members\n$ ETCDCTL_API=3 etcdctl --endpoints=https://10.5.0.2:2379 member list\n",
    );
    let c = report.commands.last().unwrap();
    let said: String = c
        .findings
        .iter()
        .map(|f| format!("{} {}\n", f.message, f.fix))
        .collect();
    assert!(said.contains("--cacert=/system/secrets/etcd/ca.crt"), "{said}");
    assert!(said.contains("--cert=/system/secrets/etcd/admin.crt"), "{said}");
    assert!(!said.contains("/etc/kubernetes") && !said.contains("kubeadm"), "{said}");
}

#[test]
fn a_container_beside_rancher_gets_k3ss_files_not_kubeadms() {
    let c = only(
        "docker run --rm --net=container:rancher -v /var/lib/rancher:/var/lib/rancher quay.io/coreos/etcd:v3.5.9 etcdctl --endpoints=https://127.0.0.1:2379 member list",
    );
    let said: String = c
        .findings
        .iter()
        .map(|f| format!("{} {}\n", f.message, f.fix))
        .collect();
    assert!(
        said.contains("/var/lib/rancher/k3s/server/tls/etcd/server-ca.crt"),
        "{said}"
    );
    assert!(!said.contains("/etc/kubernetes") && !said.contains("kubeadm"), "{said}");
    // Without the mount, the network alone says whose etcd it is.
    let c = only(
        "docker run --rm --net=container:rancher quay.io/coreos/etcd:v3.5.9 etcdctl --endpoints=https://127.0.0.1:2379 member list",
    );
    let said: String = c
        .findings
        .iter()
        .map(|f| format!("{} {}\n", f.message, f.fix))
        .collect();
    assert!(!said.contains("kubeadm"), "{said}");
}

#[test]
fn a_repl_style_prompt_is_stripped() {
    let good = good_flags();
    let c = only(&format!("127.0.0.1:2379> etcdctl {good} member list"));
    assert!(c.command.starts_with("etcdctl "), "{}", c.command);
    assert!(clean(&c), "{:#?}", c.findings);
}

/// What `check` said about a command, findings and fixes in one text.
fn said(c: &CommandCheck) -> String {
    c.findings
        .iter()
        .map(|f| format!("{} {}\n", f.message, f.fix))
        .collect()
}

/// The ids of the errors and warnings, without the notes (`etcdctl-api-v2`).
fn problems(c: &CommandCheck) -> Vec<&'static str> {
    c.findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| f.id.id())
        .collect()
}

/// k0s keeps kubeadm's folder names under `/var/lib/k0s`, but its one etcd client pair is the
/// API server's, in `pki/` (k0s `pkg/component/controller/etcd.go`): no healthcheck-client.
#[test]
fn a_k0s_note_gets_k0ss_files_not_kubeadms() {
    const K0S: &str = "/var/lib/k0s/pki";
    let good = format!(
        "--endpoints=https://127.0.0.1:2379 --cacert={K0S}/etcd/ca.crt --cert={K0S}/apiserver-etcd-client.crt --key={K0S}/apiserver-etcd-client.key"
    );
    assert_clean_as_written(&format!("sudo etcdctl {good} member list -w table"));

    // The Kubernetes CA beside etcd's folder.
    let c = only(&format!(
        "etcdctl --endpoints=https://127.0.0.1:2379 --cacert={K0S}/ca.crt --cert={K0S}/apiserver-etcd-client.crt --key={K0S}/apiserver-etcd-client.key member list"
    ));
    assert_eq!(problems(&c), ["wrong-ca"], "{:#?}", c.findings);
    assert!(
        said(&c).contains(&format!("k0s's etcd certificates are signed by {K0S}/etcd/ca.crt")),
        "{}",
        said(&c)
    );
    assert_eq!(
        c.corrected.as_deref(),
        Some(format!("ETCDCTL_API=3 etcdctl {good} member list").as_str())
    );

    // etcd's own server pair, and then the API server's own certificate (signed by the
    // Kubernetes CA), as the client: both are corrected to the API server's etcd client pair.
    for (cert, id) in [
        ("etcd/server", "server-cert-as-client"),
        ("server", "wrong-client-cert"),
    ] {
        let c = only(&format!(
            "etcdctl --endpoints=https://127.0.0.1:2379 --cacert={K0S}/etcd/ca.crt --cert={K0S}/{cert}.crt --key={K0S}/{cert}.key endpoint health"
        ));
        assert_eq!(problems(&c), [id], "{cert}: {:#?}", c.findings);
        assert_eq!(
            c.corrected.as_deref(),
            Some(format!("ETCDCTL_API=3 etcdctl {good} endpoint health").as_str())
        );
    }

    // No client certificate: k0s' pair is named, and nothing of kubeadm's.
    let c = only(&format!(
        "etcdctl --endpoints=https://127.0.0.1:2379 --cacert={K0S}/etcd/ca.crt member list"
    ));
    let text = said(&c);
    assert!(
        text.contains(&format!("--cert={K0S}/apiserver-etcd-client.crt")),
        "{text}"
    );
    assert!(text.contains("k0s's etcd requires one"), "{text}");
    assert!(!text.contains("healthcheck") && !text.contains("kubeadm"), "{text}");
}

/// etcdadm keeps everything in `/etc/etcd/pki`, whose `ca.crt` is the etcd CA (there is no
/// other), and gives etcdctl its own pair (`/etc/etcd/etcdctl.env`, etcdadm `constants.go`).
#[test]
fn an_etcdadm_note_gets_etcdadms_files_not_kubeadms() {
    const PKI: &str = "/etc/etcd/pki";
    let good =
        format!("--cacert {PKI}/ca.crt --cert {PKI}/etcdctl-etcd-client.crt --key {PKI}/etcdctl-etcd-client.key");
    // etcdadm's own wrapper, written out (`/opt/bin/etcdctl.sh` with `/etc/etcd/etcdctl.env`).
    assert_clean_as_written(&format!(
        "ETCDCTL_API=3 etcdctl {good} --endpoints https://127.0.0.1:2379 member list"
    ));
    assert_clean_as_written(&format!(
        "ETCDCTL_API=3 etcdctl --cacert {PKI}/ca.crt --cert {PKI}/apiserver-etcd-client.crt --key {PKI}/apiserver-etcd-client.key --endpoints https://10.0.0.11:2379 endpoint health"
    ));

    // etcd's own server pair as the client: etcdctl's pair is the one to use.
    let c = only(&format!(
        "etcdctl --cacert {PKI}/ca.crt --cert {PKI}/server.crt --key {PKI}/server.key --endpoints https://127.0.0.1:2379 member list"
    ));
    assert_eq!(problems(&c), ["server-cert-as-client"], "{:#?}", c.findings);
    assert!(
        said(&c).contains(&format!(
            "--cert={PKI}/etcdctl-etcd-client.crt --key={PKI}/etcdctl-etcd-client.key"
        )),
        "{}",
        said(&c)
    );

    // etcd's certificate as the CA, and a typo in a file name of the folder.
    let c = only(&format!(
        "etcdctl --cacert {PKI}/server.crt --cert {PKI}/etcdctl-etcd-client.crt --key {PKI}/etcdctl-etcd-client.key --endpoints https://127.0.0.1:2379 member list"
    ));
    assert_eq!(problems(&c), ["wrong-ca"], "{:#?}", c.findings);
    assert!(said(&c).contains(&format!("Use --cacert={PKI}/ca.crt")), "{}", said(&c));
    let c = only(&format!(
        "etcdctl --cacert {PKI}/ca.crt --cert {PKI}/etcdctl-etcd-clinet.crt --key {PKI}/etcdctl-etcd-client.key --endpoints https://127.0.0.1:2379 member list"
    ));
    assert_eq!(problems(&c), ["path-typo"], "{:#?}", c.findings);

    // No client certificate and a placeholder: etcdadm's files, no pod to describe.
    let c = only(&format!(
        "etcdctl --cacert={PKI}/ca.crt --cert=<cert-file> --key=<key-file> --endpoints=https://127.0.0.1:2379 member list"
    ));
    let text = said(&c);
    assert!(
        text.contains(&format!("on etcdadm that is {PKI}/etcdctl-etcd-client.crt.")),
        "{text}"
    );
    assert!(!text.contains("kubectl") && !text.contains("kubeadm"), "{text}");
}

/// Kubespray's `/etc/ssl/etcd/ssl`: `ca.pem`, and per node `member-`, `admin-` and `node-<node>.pem`
/// with `-key.pem` keys (`make-ssl-etcd.sh`); `/etc/etcd.env` gives etcdctl the admin pair.
#[test]
fn a_kubespray_note_gets_kubesprays_files_not_kubeadms() {
    const SSL: &str = "/etc/ssl/etcd/ssl";
    let pair = format!("--cert={SSL}/admin-node1.pem --key={SSL}/admin-node1-key.pem");
    assert_clean_as_written(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={SSL}/ca.pem {pair} member list"
    ));
    // Kubespray's own docs spell the node by the shell.
    assert_clean_as_written(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={SSL}/ca.pem --cert={SSL}/admin-$(hostname).pem --key={SSL}/admin-$(hostname)-key.pem endpoint health"
    ));

    // No --cacert: Kubespray's CA beside the pair, not kubeadm's.
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 {pair} member list"
    ));
    assert_eq!(problems(&c), ["missing-cacert"], "{:#?}", c.findings);
    // Kubespray puts its CA in the node's trust store: there the command works.
    assert_eq!(c.findings[0].severity, Severity::Warning);
    assert!(
        said(&c).contains(&format!("Add --cacert={SSL}/ca.pem, so that")),
        "{}",
        said(&c)
    );

    // No client pair: the node's admin pair, named as the shell finds it.
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={SSL}/ca.pem member list"
    ));
    let text = said(&c);
    assert!(
        text.contains(&format!(
            "Add --cert={SSL}/admin-$(hostname).pem --key={SSL}/admin-$(hostname)-key.pem"
        )),
        "{text}"
    );
    assert!(!text.contains("kubeadm") && !text.contains("healthcheck"), "{text}");

    // The member pair as the client, and as the CA; a key as the CA; the pair by two nodes' names.
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={SSL}/ca.pem --cert={SSL}/member-node1.pem --key={SSL}/member-node1-key.pem member list"
    ));
    assert_eq!(problems(&c), ["server-cert-as-client"], "{:#?}", c.findings);
    assert!(
        said(&c).contains("etcd's own member (server and peer) certificate"),
        "{}",
        said(&c)
    );
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={SSL}/member-node1.pem {pair} member list"
    ));
    assert_eq!(problems(&c), ["wrong-ca"], "{:#?}", c.findings);
    assert!(said(&c).contains("is etcd's own certificate, not a CA"), "{}", said(&c));
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={SSL}/ca-key.pem {pair} member list"
    ));
    assert!(said(&c).contains("is a private key, not a certificate"), "{}", said(&c));
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={SSL}/ca.pem --cert={SSL}/admin-node1.pem --key={SSL}/member-node1-key.pem member list"
    ));
    assert_eq!(problems(&c), ["key-mismatch"], "{:#?}", c.findings);
    // Another folder's `etcd/ssl` is nobody's known layout.
    assert!(paths::place("/opt/etcd/ssl/ca.pem").is_none());
}

/// A hand-made PKI in a folder no distribution uses (cfssl's `ca.pem` in `/etc/etcd/ssl`): a
/// missing file is said, but not filled in with kubeadm's paths, which are not on that host.
#[test]
fn a_hand_made_pkis_missing_file_is_not_filled_with_kubeadms() {
    let c = only("ETCDCTL_API=3 etcdctl --endpoints=https://10.0.0.11:2379 --cacert=/etc/etcd/ssl/ca.pem member list");
    assert_eq!(problems(&c), ["missing-client-cert"], "{:#?}", c.findings);
    let text = said(&c);
    assert!(text.contains("often in /etc/etcd/ssl"), "{text}");
    assert!(!text.contains("/etc/kubernetes") && !text.contains("kubeadm"), "{text}");
    assert_eq!(c.corrected, None);

    let c = only(
        "ETCDCTL_API=3 etcdctl --endpoints=https://10.0.0.11:2379 --cert=/etc/etcd/ssl/etcd-client.pem --key=/etc/etcd/ssl/etcd-client-key.pem member list",
    );
    assert_eq!(problems(&c), ["missing-cacert"], "{:#?}", c.findings);
    let text = said(&c);
    assert!(
        text.contains("--trusted-ca-file names (it often lies beside --cert, in /etc/etcd/ssl)"),
        "{text}"
    );
    assert!(!text.contains("/etc/kubernetes"), "{text}");

    // With no file named at all, kubeadm's layout is still the best guess.
    let c = only("ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 member list");
    assert!(
        said(&c).contains("--cacert=/etc/kubernetes/pki/etcd/ca.crt"),
        "{}",
        said(&c)
    );
}

/// Notes copied from workshops: `--cacert` and `--cert` naming one file, and a `.pem` name
/// beside kubeadm's `.key` that is no typo of it.
#[test]
fn the_client_certificate_as_its_own_ca_and_a_pem_that_is_no_typo() {
    let c = only(
        "ETCDCTL_API=3 etcdctl member list --endpoints=https://127.0.0.1:2379 --cacert=/etc/etcd/kubernetes.pem --cert=/etc/etcd/kubernetes.pem --key=/etc/etcd/kubernetes-key.pem",
    );
    assert_eq!(problems(&c), ["wrong-ca"], "{:#?}", c.findings);
    assert_eq!(c.findings[0].severity, Severity::Warning);
    assert!(said(&c).contains("is the same file as --cert"), "{}", said(&c));
    assert_eq!(c.corrected, None);
    // Hard Way's own command is left alone.
    assert_clean_as_written(
        "sudo ETCDCTL_API=3 etcdctl member list --endpoints=https://127.0.0.1:2379 --cacert=/etc/etcd/ca.pem --cert=/etc/etcd/kubernetes.pem --key=/etc/etcd/kubernetes-key.pem",
    );

    let c = only(
        r#"docker exec etcd /bin/sh -c "export ETCDCTL_API=3 && etcdctl member list --cacert=/etc/kubernetes/pki/ca.pem --cert=/etc/kubernetes/pki/etcd-ksn1.pem --key=/etc/kubernetes/pki/etcd-ksn1-key.pem -w table""#,
    );
    assert!(!ids(&c).contains(&"path-typo"), "{:#?}", c.findings);
    assert!(!said(&c).contains("ca.key"), "{}", said(&c));
}

/// Wrappers (RKE's and Kubespray's `etcdctl.sh`, a shell function) hand etcdctl their own
/// arguments: the command is the caller's, not an unknown one, and `"$@"` stays as written.
#[test]
fn a_wrappers_forwarded_arguments_are_its_callers_command() {
    for text in [
        r#"ETCDCTL_API=3 etcdctl --cacert /etc/kubernetes/ssl/kube-ca.pem --cert /etc/kubernetes/ssl/kube-apiserver.pem --key /etc/kubernetes/ssl/kube-apiserver-key.pem "$@""#,
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/ssl/etcd/ssl/ca.pem --cert=/etc/ssl/etcd/ssl/admin-core-01.pem --key=/etc/ssl/etcd/ssl/admin-core-01-key.pem $@",
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/ssl/etcd/ssl/ca.pem --cert=/etc/ssl/etcd/ssl/admin-core-01.pem --key=/etc/ssl/etcd/ssl/admin-core-01-key.pem ${@}",
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/ssl/etcd/ssl/ca.pem --cert=/etc/ssl/etcd/ssl/admin-core-01.pem --key=/etc/ssl/etcd/ssl/admin-core-01-key.pem $1",
    ] {
        let c = only(text);
        assert!(problems(&c).is_empty(), "{text}\n{:#?}", c.findings);
        assert_eq!(c.corrected, None, "{text}");
        assert!(
            c.does.starts_with("runs the etcdctl command its caller gives"),
            "{}",
            c.does
        );
    }
    // A command before `"$@"` is read as usual; `$1` after it is an argument (a key).
    let c = only(
        r#"ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key get "$@""#,
    );
    assert_eq!(problems(&c), ["wrong-ca"], "{:#?}", c.findings);
    assert!(c.does.contains("its caller gives is not checked"), "{}", c.does);
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl {} get $1 --prefix --keys-only",
        good_flags()
    ));
    assert!(c.does.contains("$1"), "{}", c.does);
    assert!(problems(&c).is_empty(), "{:#?}", c.findings);
}

/// `docker exec etcd` is taken for RKE's etcd container, whose variables name TLS files: a
/// plain-HTTP etcd in a container of that name (a Patroni test's) is only warned about.
#[test]
fn plain_http_in_a_container_called_etcd_is_a_warning() {
    let c = only(r#"ect() { docker exec etcd etcdctl --endpoints=http://localhost:2379 "$@"; }"#);
    assert_eq!(
        problems(&c),
        ["env-flag-conflict", "plaintext-endpoint"],
        "{:#?}",
        c.findings
    );
    assert!(
        c.findings.iter().all(|f| f.severity != Severity::Error),
        "{:#?}",
        c.findings
    );
    assert!(said(&c).contains("RKE's etcd container"), "{}", said(&c));
    // With TLS files given, http:// is certainly wrong.
    let c = only(&format!(
        "etcdctl {} member list",
        good_flags().replace("https://", "http://")
    ));
    assert_eq!(problems(&c), ["plaintext-endpoint"], "{:#?}", c.findings);
    assert_eq!(c.findings[0].severity, Severity::Error);
    assert!(!said(&c).contains("kubeadm"), "{}", said(&c));
}

/// One CA for everything under kubeadm's folder (hand-made and "hard way" installs keep
/// `etcd-server.crt` beside `ca.crt`, and etcd trusts that `ca.crt`): no typo, and the CA is
/// only warned about, without a correction to kubeadm's files.
#[test]
fn one_ca_for_everything_in_kubeadms_folder_is_not_corrected_to_kubeadms_files() {
    let c = only(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/ca.crt --cert=/etc/kubernetes/pki/etcd-server.crt --key=/etc/kubernetes/pki/etcd-server.key endpoint health",
    );
    assert_eq!(problems(&c), ["wrong-ca"], "{:#?}", c.findings);
    assert_eq!(c.findings[0].severity, Severity::Warning);
    assert!(said(&c).contains("no file of kubeadm's"), "{}", said(&c));
    assert_eq!(c.corrected, None);
    // With kubeadm's own client pair, the Kubernetes CA is an error, corrected.
    let c = only(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/ca.crt --cert=/etc/kubernetes/pki/apiserver-etcd-client.crt --key=/etc/kubernetes/pki/apiserver-etcd-client.key endpoint health",
    );
    assert_eq!(problems(&c), ["wrong-ca"], "{:#?}", c.findings);
    assert_eq!(c.findings[0].severity, Severity::Error);
    assert!(
        c.corrected
            .unwrap()
            .contains("--cacert=/etc/kubernetes/pki/etcd/ca.crt")
    );
}

/// `kubectl exec etcd-0` is a StatefulSet's pod (the Kubernetes docs' etcd StatefulSet,
/// Bitnami's chart, a CoreDNS tutorial) in the current namespace: none of kubeadm's static pod.
#[test]
fn a_statefulsets_etcd_0_is_not_kubeadms_static_pod() {
    for text in [
        "kubectl exec -it etcd-0 -- etcdctl member list -wtable",
        "kubectl exec -it etcd-0 -- etcdctl endpoint health --endpoints=https://etcd:2379 --cacert=/opt/bitnami/etcd/certs/ca.crt --cert=/opt/bitnami/etcd/certs/tls.crt --key=/opt/bitnami/etcd/certs/tls.key",
        "kubectl exec etcd-0 -- etcdctl --endpoints=http://etcd-client:2379 lease timetolive 694d7dc4e2b4bd00",
    ] {
        let c = only(text);
        assert!(problems(&c).is_empty(), "{text}\n{:#?}", c.findings);
        assert!(!said(&c).contains("kubeadm"), "{text}\n{}", said(&c));
    }
    // kubeadm's static pod, named after its node, still needs kube-system.
    let c = only(&format!(
        "kubectl exec -it etcd-cp-1 -- etcdctl {} member list",
        good_flags()
    ));
    assert!(problems(&c).contains(&"namespace-missing"), "{:#?}", c.findings);
}

/// A backup script's own shell variables that happen to start with `ETCDCTL_` (KubeKey's
/// `ETCDCTL_PATH` for the binary, `ETCDCTL_CA_FILE` read by `--cacert="$…"`), not exported:
/// etcdctl never sees them, so they are no unknown variable and need no export.
#[test]
fn a_scripts_own_etcdctl_named_variables_are_its_own() {
    let text = r#"ETCDCTL_PATH='/usr/local/bin/etcdctl'
ENDPOINTS='https://192.168.1.57:2379'
BACKUP_DIR="/var/backups/kube_etcd/etcd-$(date +%Y-%m-%d-%H-%M-%S)"
ETCDCTL_CERT="/etc/ssl/etcd/ssl/admin-node1.pem"
ETCDCTL_KEY="/etc/ssl/etcd/ssl/admin-node1-key.pem"
ETCDCTL_CA_FILE="/etc/ssl/etcd/ssl/ca.pem"
export ETCDCTL_API=3;$ETCDCTL_PATH --endpoints="$ENDPOINTS" snapshot save $BACKUP_DIR/snapshot.db \
                                   --cacert="$ETCDCTL_CA_FILE" \
                                   --cert="$ETCDCTL_CERT" \
                                   --key="$ETCDCTL_KEY""#;
    let r = run(text);
    let c = r.commands.last().unwrap();
    assert!(problems(c).is_empty(), "{:#?}", c.findings);
    // Exported, an unknown name is still said; set without export, a known one too.
    let c = only(&format!(
        "export ETCDCTL_CA_FILE=/etc/kubernetes/pki/etcd/ca.crt\netcdctl {} member list",
        good_flags()
    ));
    assert!(problems(&c).contains(&"unknown-flag"), "{:#?}", c.findings);
    let c = only(&format!(
        "ETCDCTL_DIAL_TIMEOUT=3s\netcdctl {} member list",
        good_flags()
    ));
    assert!(problems(&c).contains(&"variable-not-exported"), "{:#?}", c.findings);
}

/// Markdown notes that lost their `\`: the flags on the lines after etcdctl's are cut off
/// (the shell runs the first line alone); the command is reviewed as meant and said so.
#[test]
fn flags_on_lines_of_their_own_without_backslashes_are_said() {
    let text = "export ETCDCTL_API=3\netcdctl snapshot save /opt/ibtisam.db\n    --endpoints 127.0.0.1:2379\n    --cert=/etc/kubernetes/pki/etcd/server.crt\n    --key=/etc/kubernetes/pki/etcd/server.key\n    --cacert=/etc/kubernetes/pki/etcd/ca.crt\n";
    let c = only(text);
    assert_eq!(c.findings[0].id, CheckId::MissingContinuation, "{:#?}", c.findings);
    assert!(
        c.findings[0].message.contains("(--endpoints, --cert, --key, --cacert)")
            && c.findings[0].message.contains("`--endpoints: command not found`"),
        "{}",
        c.findings[0].message
    );
    // Reviewed as meant: the server pair as the client is said too.
    assert!(problems(&c).contains(&"server-cert-as-client"), "{:#?}", c.findings);
    let fixed = c.corrected.unwrap();
    assert!(
        fixed.contains("etcdctl snapshot save /opt/ibtisam.db --endpoints 127.0.0.1:2379 --cert="),
        "{fixed}"
    );
    // With the backslashes, nothing is said.
    let c = only(&format!("etcdctl snapshot save /opt/x.db \\\n  {}", good_flags()));
    assert!(!ids(&c).contains(&"missing-continuation"), "{:#?}", c.findings);
    // A flag line after some other command is none of etcdctl's.
    assert!(run("ls -l\n--endpoints=x").commands.is_empty());
}

/// etcdctl refuses a global flag whose `ETCDCTL_*` variable is set too (`conflicting environment
/// variable … is shadowed`): exported, set before etcdctl, or set by OpenShift's etcd pod (an
/// OpenShift 4.17 recovery note failed so).
#[test]
fn a_flag_beside_its_own_variable_is_refused() {
    let c = only(&format!(
        "ETCDCTL_CACERT={PKI}/etcd/ca.crt etcdctl {} member list",
        good_flags()
    ));
    assert_eq!(problems(&c), ["env-flag-conflict"], "{:#?}", c.findings);
    assert!(
        said(&c).contains("ETCDCTL_CACERT is in etcdctl's environment (set before etcdctl)"),
        "{}",
        said(&c)
    );
    assert!(!c.corrected.unwrap().contains("--cacert"));

    let r =
        run("oc rsh -n openshift-etcd etcd-master-0\netcdctl member list --endpoints=${ALL_ETCD_ENDPOINTS} -w table");
    let c = r.commands.last().unwrap();
    assert!(problems(c).contains(&"env-flag-conflict"), "{:#?}", c.findings);
    assert!(said(c).contains("set by OpenShift's etcd pod"), "{}", said(c));

    // A variable etcdctl does not see (not exported) is no conflict; nor is ETCDCTL_API.
    assert_clean_as_written(&format!(
        "ETCDCTL_ENDPOINTS=https://10.0.0.1:2379\nETCDCTL_API=3 etcdctl {} member list",
        good_flags()
    ));
    assert_clean_as_written(&format!(
        "export ETCDCTL_API=3\netcdctl {} get /registry --prefix --keys-only",
        good_flags()
    ));
}

/// `kubectl exec POD etcdctl …` without `--` (KodeKloud's CKA lesson, in many notes): kubectl
/// refuses it; and `-key` at the end of `get` meant `--keys-only`, not `--key`, which needs a
/// file.
#[test]
fn kubectl_exec_without_dashes_and_a_one_dash_keys_only() {
    let c = only("kubectl exec etcd-master -n kube-system etcdctl get / --prefix -key");
    assert!(problems(&c).contains(&"exec-without-dashes"), "{:#?}", c.findings);
    let unknown = c.findings.iter().find(|f| f.id == CheckId::UnknownFlag).unwrap();
    assert_eq!(unknown.fix, "Write --keys-only.");
    assert_eq!(
        c.corrected.as_deref(),
        Some(
            "kubectl exec etcd-master -n kube-system -- etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key get / --prefix --keys-only"
        )
    );
    // With `--`, or through oc rsh (whose command follows the pod), nothing is said of it.
    let c = only(&format!(
        "kubectl exec etcd-master -n kube-system -- etcdctl {} member list",
        good_flags()
    ));
    assert!(!ids(&c).contains(&"exec-without-dashes"), "{:#?}", c.findings);
    let c = only("oc rsh -n openshift-etcd etcd-master-0 etcdctl member list");
    assert!(!ids(&c).contains(&"exec-without-dashes"), "{:#?}", c.findings);
}

/// A container known by its id alone (an OpenShift recovery note's `crictl exec -ti
/// 7c1862dfece7e bash`, whose etcdctl container sets etcdctl's variables) is not taken for one
/// with kubeadm's files and TLS: nothing is claimed missing.
#[test]
fn a_container_known_by_its_id_alone_gets_no_kubeadm_claims() {
    let r = run(
        "[root@ocp1-cp-3 ~]# crictl exec -ti 7c1862dfece7e bash\n[root@ocp1-cp-3 /]# etcdctl member list --endpoints=${ALL_ETCD_ENDPOINTS}\n",
    );
    let c = r.commands.last().unwrap();
    assert!(problems(c).is_empty(), "{:#?}", c.findings);
    assert!(!said(c).contains("kubeadm"), "{}", said(c));
    // One named for etcd is still etcd's own.
    let c = only("crictl exec -it $(crictl ps --name etcd -q) etcdctl member list");
    assert!(problems(&c).contains(&"missing-cacert"), "{:#?}", c.findings);
}

/// `ETCDTL_API=3` (a snapshot script's): a variable etcdctl never reads, said as the typo it is.
#[test]
fn a_mistyped_etcdctl_variable_is_said() {
    let c = only(&format!(
        "ETCDTL_API=3 etcdctl {} snapshot save /tmp/s.db",
        good_flags()
    ));
    let typo = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::UnknownFlag)
        .expect("typo said");
    assert!(
        typo.message.starts_with("ETCDTL_API looks like a typo of ETCDCTL_API"),
        "{}",
        typo.message
    );
    assert_eq!(typo.severity, Severity::Warning);
    let fixed = c.corrected.unwrap();
    assert!(
        fixed.starts_with("ETCDCTL_API=3 etcdctl ") && !fixed.contains("ETCDTL"),
        "{fixed}"
    );
    let c = only(
        "export ETCDCTL_API=3 ETCDCTL_ENDPOINTS=https://127.0.0.1:2379\nexport ETCDCTL_CACRT=/etc/kubernetes/pki/etcd/ca.crt\netcdctl --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key member list",
    );
    assert!(said(&c).contains("ETCDCTL_CACRT"), "{}", said(&c));
    // etcd's own variables and other tools' are no typos.
    assert_clean_as_written(&format!(
        "ETCD_DATA_DIR=/var/lib/etcd KUBECONFIG=/etc/kubernetes/admin.conf ETCDCTL_API=3 etcdctl {} member list",
        good_flags()
    ));
}

/// An Ansible task's `{{ host }}` is filled in before the shell runs: one word, spaces and all,
/// and no finding of its own.
#[test]
fn template_expressions_are_kept_whole() {
    let c = only(
        "ETCDCTL_API=3 etcdctl \\\n--cert /etc/kubernetes/pki/etcd/peer.crt \\\n--key /etc/kubernetes/pki/etcd/peer.key \\\n--cacert /etc/kubernetes/pki/etcd/ca.crt \\\n--endpoints https://{{ host }}:2379 endpoint health 2>&1",
    );
    assert_eq!(problems(&c), ["server-cert-as-client"], "{:#?}", c.findings);
    assert!(c.does.contains("against https://{{ host }}:2379"), "{}", c.does);
    let fixed = c.corrected.unwrap();
    assert!(
        fixed.ends_with("--endpoints https://{{ host }}:2379 endpoint health 2>&1"),
        "{fixed}"
    );
}

/// The Kubernetes docs' `etcdutl --data-dir <data-dir-location> snapshot restore snapshot.db`:
/// etcdutl is read (files only, nothing of TLS), and its placeholder is said; so is etcdctl's.
#[test]
fn etcdutl_and_its_placeholders_are_read() {
    let c = only("etcdutl --data-dir <data-dir-location> snapshot restore snapshot.db");
    assert!(
        c.does
            .starts_with("etcdutl, not etcdctl: restores a snapshot file into a new data directory"),
        "{}",
        c.does
    );
    assert_eq!(problems(&c), ["placeholder"], "{:#?}", c.findings);
    assert!(
        c.findings[0]
            .message
            .starts_with("--data-dir <data-dir-location> is a placeholder"),
        "{}",
        c.findings[0].message
    );
    let c = only("etcdutl snapshot status /var/lib/etcd-backup/snap.db -w table");
    assert!(problems(&c).is_empty(), "{:#?}", c.findings);
    let c = only("ETCDCTL_API=3 etcdctl --data-dir <data-dir-location> snapshot restore snapshot.db");
    assert!(problems(&c).contains(&"placeholder"), "{:#?}", c.findings);
}

/// Round two of real notes: `--insecure-skip-tls-verify` needs no CA (nothing checks etcd's
/// certificate); an etcd container of its own (`podman exec etcd-server`, a compose file's
/// `docker exec etcd-1`) or a pod named by a variable gets no kubeadm claims; a CA suggested
/// here is never taken for one the user gave.
#[test]
fn skip_verify_needs_no_ca_and_unknown_containers_get_no_kubeadm_claims() {
    let c = only(
        "etcdctl --insecure-skip-tls-verify --cert client.crt --key client.key --endpoints=https://10.0.0.5:2379 member list",
    );
    assert_eq!(problems(&c), ["insecure-skip-verify"], "{:#?}", c.findings);
    assert!(said(&c).contains("turns off the check"), "{}", said(&c));
    // Without --cacert, --cert or --key etcdctl 3.4 makes no TLS configuration of its own and
    // the flag is never applied: etcd's certificate is checked against the system's CAs.
    let alone = only("etcdctl --endpoints=https://10.0.0.5:2379 --insecure-skip-tls-verify endpoint health");
    assert!(
        problems(&alone).contains(&"insecure-skip-verify"),
        "{:#?}",
        alone.findings
    );
    assert!(said(&alone).contains("does nothing here"), "{}", said(&alone));
    assert!(!said(&alone).contains("turns off the check"), "{}", said(&alone));
    // Its correction drops the flag: then a CA must be named, which kubeadm's guess is not here.
    assert!(!c.corrected.unwrap_or_default().contains("/etc/kubernetes"));
    for text in [
        "podman exec etcd etcdctl endpoint health",
        "docker exec -it etcd-1 etcdctl snapshot save /etcd_data/snapshot.db",
        "podman exec etcd-server etcdctl --insecure-skip-tls-verify --endpoints=https://localhost:2379 --user=root:secret del /juicefs/gitea-data/ --prefix=true",
        r#"kubectl exec ${ETCD_POD} --  bash -c "ETCDCTL_API=3 etcdctl --endpoints ${ETCD_ENDPOINT} get --prefix / -w fields > x""#,
    ] {
        let c = only(text);
        let text_said = said(&c);
        assert!(
            !text_said.contains("kubeadm") && !text_said.contains("/etc/kubernetes"),
            "{text}\n{text_said}"
        );
        assert!(
            !c.corrected.as_deref().unwrap_or_default().contains("/etc/kubernetes"),
            "{text}: {:?}",
            c.corrected
        );
        assert!(!c.has_errors(), "{text}\n{:#?}", c.findings);
    }
    // kubeadm's etcd container on a node (crictl) is still kubeadm's.
    let c = only("crictl exec -it $(crictl ps --name etcd -q) etcdctl member list");
    assert!(problems(&c).contains(&"missing-cacert"), "{:#?}", c.findings);
    // The CA this review suggests is not the user's --cacert.
    let r = run(
        "export ETCDCTL_CERT=/etc/kubernetes/pki/etcd/ca.crt\nexport ETCDCTL_KEY=/etc/kubernetes/pki/etcd/ca.key\nexport ETCDCTL_ENDPOINTS=https://10.0.0.2:2379\netcdctl member list",
    );
    let c = r.commands.last().unwrap();
    assert!(!said(c).contains("same file as --cert"), "{}", said(c));
    assert!(problems(c).contains(&"wrong-client-cert"), "{:#?}", c.findings);
}

/// Round two, continued: themed and nameless prompts are stripped, `env` run by kubectl exec
/// sets its variables, and one host on 2379, 2380 and 2381 is a compose file's mapped client
/// ports (a warning, no correction that lists one endpoint twice).
#[test]
fn prompts_env_in_exec_and_mapped_ports() {
    for (text, command) in [
        (
            "controlplane ~ ➜  kubectl -n kube-system exec etcd-controlplane -- etcdctl member list",
            "kubectl -n kube-system exec",
        ),
        (
            "controlplane ~ ✖ k exec -n kube-system etcd-controlplane -- etcdctl member list",
            "k exec",
        ),
        (
            "I have no name!@etcd-main-0:/$ etcdctl --endpoints=https://etcd-main-local:2379 member list",
            "etcdctl --endpoints",
        ),
    ] {
        let c = only(text);
        assert!(c.command.starts_with(command), "{text}: {}", c.command);
        assert!(!c.corrected.unwrap_or_default().contains(['➜', '✖', '!']));
    }
    let c = only(&format!(
        "kubectl -n kube-system exec etcd-master -- env ETCDCTL_API=3 etcdctl {} member list",
        good_flags().split_once(' ').unwrap().1
    ));
    assert!(!ids(&c).contains(&"env-prefix-in-exec"), "{:#?}", c.findings);
    let c = only(
        "export ENDPOINTS=\"http://127.0.0.1:2379,http://127.0.0.1:2380,http://127.0.0.1:2381\"\netcdctl --endpoints $ENDPOINTS endpoint status",
    );
    assert_eq!(problems(&c), ["peer-port"], "{:#?}", c.findings);
    assert_eq!(c.findings[0].severity, Severity::Warning);
    assert!(!c.corrected.unwrap_or_default().contains("2379,http://127.0.0.1:2379"));
    // Without the third port, 2380 is the peer port it looks like.
    let c = only(&format!(
        "etcdctl {} member list",
        good_flags().replace("https://127.0.0.1:2379", "https://10.0.0.1:2379,https://10.0.0.1:2380")
    ));
    assert_eq!(
        c.findings.iter().find(|f| f.id == CheckId::PeerPort).unwrap().severity,
        Severity::Error
    );
}

/// Words after a command that takes none, as etcdctl 3.4 treats them (tried): `member list …
/// snapshot save x.db` ignores them and takes no snapshot; `alarm list foo` is refused. A
/// mistyped subcommand (`endpoint healthv`) is the one meant.
#[test]
fn words_after_a_command_that_takes_none_and_a_mistyped_subcommand() {
    let good = good_flags();
    let c = only(&format!("etcdctl {good} member list snapshot save ./snapshot.db"));
    let f = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::WrongArguments)
        .expect("said");
    assert_eq!(f.severity, Severity::Warning);
    assert!(
        f.message.contains("ignores `snapshot save ./snapshot.db`"),
        "{}",
        f.message
    );
    assert!(c.corrected.unwrap().ends_with(" member list"));
    let c = only(&format!("etcdctl {good} alarm list foo"));
    let f = c
        .findings
        .iter()
        .find(|f| f.id == CheckId::WrongArguments)
        .expect("said");
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.message.contains("`Error: alarm list command accepts no arguments`"),
        "{}",
        f.message
    );
    let c = only(&format!("etcdctl {good} endpoint healthv"));
    assert_eq!(problems(&c), ["unknown-command"], "{:#?}", c.findings);
    assert!(c.corrected.unwrap().ends_with(" endpoint health"));
    // An argument a command takes is no extra word.
    assert_clean_as_written(&format!(
        "ETCDCTL_API=3 etcdctl {good} get /registry --prefix --keys-only"
    ));
}

/// Scripts that keep kubectl or its options in variables (`$KUBECTL exec`, `kubectl
/// ${KUBECTL_ARGS} exec`) are still read; `$ETCDCTL_API=3` (a `$` too many) is said.
#[test]
fn kubectl_in_variables_and_a_dollar_too_many() {
    let c = only(
        "$KUBECTL exec eric-data-distributed-coordinator-ed-0 -c dced   -- etcdctl snapshot save /data/snapshot/backup.db",
    );
    assert_eq!(c.runs_in, RunsIn::Pod);
    let c = only(r#"kubectl ${KUBECTL_ARGS} exec ${ETCD_POD} -- bash -c "etcdctl get foo""#);
    assert_eq!(c.runs_in, RunsIn::Pod);
    assert!(!c.has_errors(), "{:#?}", c.findings);
    let c = only("$ETCDCTL_API=3 etcdctl member list");
    assert!(said(&c).contains("`$ETCDCTL_API=3` is no assignment"), "{}", said(&c));
    assert_eq!(c.corrected.as_deref(), Some("ETCDCTL_API=3 etcdctl member list"));
}

/// The last command of `setup` followed by `corrected`, as pasted back into the same shell:
/// what it says must hold no error or warning.
fn clean_after(setup: &str, corrected: &str) {
    let again = run(&format!("{setup}\n{corrected}"));
    let c = again.commands.last().expect("the corrected command is read");
    assert!(clean(c), "{setup}\n{corrected}\n{:#?}", c.findings);
}

/// Exported `ETCDCTL_*` variables stay in the shell after the notes: a corrected command that
/// gave their settings as flags would make etcdctl 3.4 stop (`conflicting environment
/// variable`), so it sets them before etcdctl, which replaces the exported values for it alone.
#[test]
fn a_correction_after_exports_sets_variables_instead_of_flags() {
    let exports = "export ETCDCTL_API=3\nexport ETCDCTL_ENDPOINTS=https://127.0.0.1:2379\nexport ETCDCTL_DIAL_TIMEOUT=3s\nexport ETCDCTL_CACERT=/etc/kubernetes/pki/etcd/ca.crt\nexport ETCDCTL_CERT=/etc/kubernetes/pki/etcd/server.crt\nexport ETCDCTL_KEY=/etc/kubernetes/pki/etcd/server.key";
    let r = run(&format!("{exports}\netcdctl endpoint health --cluster"));
    let fixed = r.commands[0].corrected.clone().expect("the server pair is replaced");
    assert!(
        !fixed.contains("--cert") && !fixed.contains("--dial-timeout"),
        "{fixed}"
    );
    assert!(
        fixed.contains("ETCDCTL_CERT=/etc/kubernetes/pki/etcd/healthcheck-client.crt"),
        "{fixed}"
    );
    clean_after(exports, &fixed);
    corrected_is_clean(&r, &NoFiles);

    // A flag beside its exported variable: the flag's value is kept (reading from another
    // member is the point), given as the variable, and no other flag is added.
    let exports = "export ETCDCTL_KEY=/etc/kubernetes/pki/apiserver-etcd-client.key\nexport ETCDCTL_CERT=/etc/kubernetes/pki/apiserver-etcd-client.crt\nexport ETCDCTL_CACERT=/etc/kubernetes/pki/etcd/ca.crt\nexport ETCDCTL_ENDPOINTS=https://control-0.internal:2379";
    let r = run(&format!(
        "{exports}\netcdctl get mykey --endpoints=https://control-1.internal:2379"
    ));
    let c = &r.commands[0];
    assert_eq!(problems(c), ["env-flag-conflict"], "{:#?}", c.findings);
    let fixed = c.corrected.clone().unwrap();
    assert!(
        fixed.contains("ETCDCTL_ENDPOINTS=https://control-1.internal:2379") && !fixed.contains("--"),
        "{fixed}"
    );
    clean_after(exports, &fixed);

    // After a program that runs etcdctl, `env` sets the variables.
    let r = run(&format!(
        "{exports}\ntimeout 10 etcdctl get mykey --endpoints=https://control-1.internal:2379"
    ));
    let fixed = r.commands[0].corrected.clone().unwrap();
    assert!(
        fixed.starts_with("timeout 10 env ETCDCTL_API=3 ETCDCTL_ENDPOINTS="),
        "{fixed}"
    );

    // A flag beside a variable the pod sets is dropped and not written again: the pod's
    // variable is the one meant.
    let c = only(
        "oc rsh -n openshift-etcd etcd-master-0 etcdctl --cert /etc/kubernetes/static-pod-certs/secrets/etcd-all-certs/etcd-peer-<node>.crt --key /etc/kubernetes/static-pod-certs/secrets/etcd-all-certs/etcd-peer-<node>.key endpoint health",
    );
    assert_eq!(
        c.corrected.as_deref(),
        Some("oc rsh -n openshift-etcd etcd-master-0 etcdctl endpoint health")
    );

    // sudo drops the exported variables: flags are right there.
    let r = run(&format!("{exports}\nsudo etcdctl get mykey"));
    let fixed = r.commands[0].corrected.clone().unwrap();
    assert!(
        fixed.contains("--cacert=") && !fixed.contains("ETCDCTL_CACERT"),
        "{fixed}"
    );
    clean_after(exports, &fixed);
}

/// A value with a command substitution or a variable in a corrected word is double-quoted (or
/// left alone), never single-quoted: in single quotes, `admin-$(hostname).pem` would be a file
/// of that literal name.
#[test]
fn substitutions_in_corrected_words_still_expand() {
    // Kubespray's v2 flags with its member pair: the admin pair is named by the host.
    let c = only(
        "etcdctl --endpoints https://10.0.0.1:2379 --ca-file=/etc/ssl/etcd/ssl/ca.pem --cert-file=/etc/ssl/etcd/ssl/member-k8s-m1.pem --key-file=/etc/ssl/etcd/ssl/member-k8s-m1-key.pem member list",
    );
    let fixed = c.corrected.unwrap();
    assert!(
        fixed.contains(r#"--cert="/etc/ssl/etcd/ssl/admin-$(hostname).pem""#),
        "{fixed}"
    );
    assert!(!fixed.contains('\''), "{fixed}");
    // A v2 backup whose directory holds `$(date …)`, translated to a snapshot.
    let c = run(
        "BACKUP_DIR=\"/var/backups/etcd-$(date +%Y-%m-%d)\"\netcdctl backup --data-dir /var/lib/etcd --backup-dir $BACKUP_DIR",
    );
    let fixed = c.commands[0].corrected.clone().unwrap();
    assert!(!fixed.contains('\''), "{fixed}");
    assert!(fixed.contains("snapshot save \""), "{fixed}");
    // The script's variable is kept, not its value at another moment.
    assert!(fixed.contains("\"$BACKUP_DIR/snapshot.db\""), "{fixed}");
    for (value, quoted) in [
        ("/b/$(date +%F) x.db", r#""/b/$(date +%F) x.db""#),
        ("--cert=/a/${HOST}\"q\".pem", r#"--cert="/a/${HOST}\"q\".pem""#),
        ("$DIR/a b", r#""$DIR/a b""#),
        ("cost $5 `id`", r#""cost $5 `id`""#),
        ("a $ b", "'a $ b'"),
    ] {
        assert_eq!(shell::quote(value), quoted);
        assert_eq!(shell::segments(quoted)[0].words[0].value, value);
    }
}

/// What surrounds the command on its line (its redirections, a pipe into another program or
/// from one, `|| true`) is kept in its correction as written; a later etcdctl command on the
/// line has its own.
#[test]
fn pipes_redirections_and_lists_around_a_command_are_kept() {
    let c = only(
        r#"docker exec etcd etcdctl move-leader "$MY_ID" --endpoints=http://10.18.1.27:2379 >> $LOG 2>&1 || true"#,
    );
    let fixed = c.corrected.unwrap();
    assert!(
        fixed.ends_with(r#"move-leader "$MY_ID" >> $LOG 2>&1 || true"#),
        "{fixed}"
    );
    let c = only(
        r#"kubectl -n kube-system exec etcd-minikube -- sh -c "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cert /var/lib/minikube/certs/etcd/server.crt --key /var/lib/minikube/certs/etcd/server.key --cacert /var/lib/minikube/certs/etcd/ca.crt get /registry/secrets/default/s" | hexdump -C"#,
    );
    assert!(
        c.corrected
            .unwrap()
            .ends_with(r#"/registry/secrets/default/s" | hexdump -C"#)
    );
    let good = good_flags();
    let r = run(&format!(
        "kubectl -n kube-system get pods -l component=etcd -o name | head -1 | xargs -I{{}} kubectl exec {{}} -- etcdctl {} member list 2>/dev/null; echo done",
        good.replace(":2379", ":2380")
    ));
    let fixed = r.commands[0].corrected.clone().unwrap();
    assert!(
        fixed.starts_with("kubectl -n kube-system get pods -l component=etcd -o name | head -1 | xargs -I{} kubectl exec {} -- etcdctl"),
        "{fixed}"
    );
    assert!(fixed.ends_with(" member list 2>/dev/null; echo done"), "{fixed}");
    // Two commands on a line: each correction holds its own.
    let r = run(&format!(
        "etcdctl {good} --endpoints=https://127.0.0.1:2380 get a > a.txt && etcdctl {good} --endpoints=https://127.0.0.1:2380 get b | grep b # two"
    ));
    let first = r.commands[0].corrected.clone().unwrap();
    let second = r.commands[1].corrected.clone().unwrap();
    assert!(first.ends_with(" get a > a.txt"), "{first}");
    assert!(second.ends_with(" get b | grep b"), "{second}");
    corrected_is_clean(&r, &NoFiles);
}

/// zsh's, macOS' and CoreOS' prompt, `user@host dir $ ` (`%`, `#`), is no part of the command.
#[test]
fn a_user_at_host_and_folder_prompt_is_stripped() {
    let good = good_flags();
    for prompt in [
        "core@master03 ~ $ ",
        "bharathdasaraju@MacBook-Pro ~ $ ",
        "me@laptop ~/src/etcd % ",
        "root@cp-1 /etc/kubernetes # ",
    ] {
        let c = only(&format!(
            "{prompt}ETCDCTL_API=3 etcdctl {} member list",
            good.replace(":2379", ":2380")
        ));
        assert!(c.command.starts_with("ETCDCTL_API=3 etcdctl"), "{}", c.command);
        let fixed = c.corrected.unwrap();
        assert!(fixed.starts_with("ETCDCTL_API=3 etcdctl"), "{fixed}");
    }
    // Words before a `$` that are no prompt stay.
    assert!(run("echo user@host ~ $ etcdctl member list").commands.is_empty());
}

/// `snapshot save` against several members, by flag or by the exported variable: etcdctl 3.4
/// refuses before connecting (tried), and the correction keeps the first.
#[test]
fn a_snapshot_is_taken_from_one_endpoint() {
    let good = good_flags();
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl {} snapshot save /tmp/s.db",
        good.replace("127.0.0.1:2379", "10.0.0.1:2379,https://10.0.0.2:2379")
    ));
    assert_eq!(problems(&c), ["snapshot-multiple-endpoints"], "{:#?}", c.findings);
    assert!(
        said(&c).contains("not multiple [https://10.0.0.1:2379 https://10.0.0.2:2379]"),
        "{}",
        said(&c)
    );
    let fixed = c.corrected.unwrap();
    assert!(fixed.contains("--endpoints=https://10.0.0.1:2379 "), "{fixed}");
    let exports = "export ETCDCTL_ENDPOINTS=https://10.0.0.1:2379,https://10.0.0.2:2379";
    let r = run(&format!(
        "{exports}\nETCDCTL_API=3 etcdctl {} snapshot save /tmp/s.db",
        good.replace("--endpoints=https://127.0.0.1:2379 ", "")
    ));
    let fixed = r.commands[0].corrected.clone().unwrap();
    assert!(fixed.contains("ETCDCTL_ENDPOINTS=https://10.0.0.1:2379 "), "{fixed}");
    clean_after(exports, &fixed);
    // Other commands take every member.
    assert_clean_as_written(&format!(
        "ETCDCTL_API=3 etcdctl {} endpoint health",
        good.replace("127.0.0.1:2379", "10.0.0.1:2379,https://10.0.0.2:2379")
    ));
}

/// sudo drops the exported variables: the command fails when they were its TLS files and etcd
/// speaks TLS; anything else dropped is a warning.
#[test]
fn sudo_dropping_the_tls_files_fails_against_https() {
    let exports = "export ETCDCTL_API=3\nexport ETCDCTL_CACERT=/etc/kubernetes/pki/etcd/ca.crt\nexport ETCDCTL_CERT=/etc/kubernetes/pki/etcd/healthcheck-client.crt\nexport ETCDCTL_KEY=/etc/kubernetes/pki/etcd/healthcheck-client.key";
    let r = run(&format!(
        "{exports}\nsudo etcdctl snapshot save /backup/s.db --endpoints=https://127.0.0.1:2379"
    ));
    let f = (r.commands[0].findings.iter())
        .find(|f| f.id == CheckId::SudoDropsEnv)
        .expect("said");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("x509"), "{}", f.message);
    corrected_is_clean(&r, &NoFiles);
    // Only a timeout dropped: a warning.
    let r = run(&format!(
        "export ETCDCTL_DIAL_TIMEOUT=3s\nsudo ETCDCTL_API=3 etcdctl {} snapshot save /backup/s.db",
        good_flags()
    ));
    let f = (r.commands[0].findings.iter())
        .find(|f| f.id == CheckId::SudoDropsEnv)
        .expect("said");
    assert_eq!(f.severity, Severity::Warning);
}

/// A `\` followed by spaces or a tab at the end of a line is an escaped space in bash, not a
/// continuation: said, and the correction joins the lines as meant.
#[test]
fn a_space_after_a_trailing_backslash_ends_the_command() {
    let good = good_flags().replace(' ', " \\ \n");
    let c = only(&format!("ETCDCTL_API=3 etcdctl {good} \\\t\nmember list"));
    assert_eq!(problems(&c), ["backslash-space"], "{:#?}", c.findings);
    assert!(said(&c).contains("(`--cacert: command not found`)"), "{}", said(&c));
    let fixed = c.corrected.unwrap();
    assert_eq!(fixed, format!("ETCDCTL_API=3 etcdctl {} member list", good_flags()));
    assert_clean_as_written(&fixed);
    // A `\` at the very end is a continuation.
    assert_clean_as_written(&format!(
        "ETCDCTL_API=3 etcdctl {} \\\nmember list",
        good_flags().replace(' ', " \\\n")
    ));
}

/// A v2 command with ETCDCTL_API=2 runs with etcdctl 3.4 (tried: `backup` is accepted): a
/// note on the data it reaches and etcdctl's later versions, no error and no v3 edit of its
/// line. An offline command asks for no TLS setting.
#[test]
fn an_offline_v2_backup_with_etcdctl_api_2_is_run_as_written() {
    let r = run(
        "ETCDCTL_CERT=\"/etc/ssl/etcd/ssl/admin-node1.pem\"\nETCDCTL_KEY=\"/etc/ssl/etcd/ssl/admin-node1-key.pem\"\nexport ETCDCTL_API=2;/usr/local/bin/etcdctl backup --data-dir /var/lib/etcd --backup-dir /var/backups/etcd",
    );
    let c = &r.commands[0];
    assert!(clean(c), "{:#?}", c.findings);
    assert_eq!(ids(c), ["etcdctl-api-v2"], "{:#?}", c.findings);
    let note = &c.findings[0].message;
    assert!(!note.contains("reject"), "{note}");
    assert!(
        note.contains("etcdctl 3.4 runs it") && note.contains("v2 store"),
        "{note}"
    );
    assert_eq!(c.corrected, None);
    assert!(!c.does.contains("against"), "{}", c.does);
    // A v2 command that asks a server: etcd 3.4 serves v2 only with --enable-v2 (kubeadm never
    // sets it), and Kubernetes' data is v3's, so the v3 command is the correction.
    let c = only(
        "ETCDCTL_API=2 etcdctl --ca-file /etc/kubernetes/pki/etcd/ca.crt --endpoints https://127.0.0.1:2379 cluster-health",
    );
    assert_eq!(problems(&c)[0], "etcdctl-api-v2", "{:#?}", c.findings);
    assert!(
        c.findings[0].message.contains("--enable-v2"),
        "{}",
        c.findings[0].message
    );
    assert!(
        c.corrected
            .as_deref()
            .is_some_and(|t| t.contains("endpoint health --cluster") && t.contains("--cacert")),
        "{:?}",
        c.corrected
    );
    // Without ETCDCTL_API=2, etcdctl 3.4 refuses them.
    let c = only("etcdctl backup --data-dir /var/lib/etcd --backup-dir /var/backups/etcd");
    assert_eq!(problems(&c), ["etcdctl-api-v2"], "{:#?}", c.findings);
    // Offline v3 commands need no TLS setting, exported or not.
    assert_clean_as_written(
        "ETCDCTL_CACERT=/etc/kubernetes/pki/etcd/ca.crt\nETCDCTL_API=3 etcdctl snapshot status /tmp/s.db",
    );
}

/// Where the peer port has a CA of its own (k3s and RKE2's `etcd/peer-ca`, Gardener's
/// `ca-etcd-peer`, kops' `etcd-peers-ca`), the client port trusts only the other CA: the peer
/// CA as --cacert, or a peer certificate as the client, fails there (k3s `pkg/etcd/etcd.go`
/// `ServerTrust`/`PeerTrust`).
#[test]
fn a_separate_peer_ca_and_its_certificates_fail_on_the_client_port() {
    const K3S: &str = "/var/lib/rancher/k3s/server/tls/etcd";
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --cacert={K3S}/server-ca.crt --cert={K3S}/peer-server-client.crt --key={K3S}/peer-server-client.key --endpoints=https://127.0.0.1:2379 member list"
    ));
    assert_eq!(problems(&c), ["wrong-client-cert"], "{:#?}", c.findings);
    assert!(
        said(&c).contains("k3s's etcd peer CA") && !said(&c).contains("It works"),
        "{}",
        said(&c)
    );
    assert_eq!(
        c.corrected.as_deref(),
        Some(format!("ETCDCTL_API=3 etcdctl --cacert={K3S}/server-ca.crt --cert={K3S}/client.crt --key={K3S}/client.key --endpoints=https://127.0.0.1:2379 member list").as_str())
    );
    // The peer CA is a CA, k3s's peer port's.
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --cacert={K3S}/peer-ca.crt --cert={K3S}/client.crt --key={K3S}/client.key --endpoints=https://127.0.0.1:2379 member list"
    ));
    assert_eq!(problems(&c), ["wrong-ca"], "{:#?}", c.findings);
    assert!(
        said(&c).contains("is k3s's etcd peer CA: it signs the certificates of the peer port"),
        "{}",
        said(&c)
    );
    assert!(!said(&c).contains("not a CA"), "{}", said(&c));
    // In RKE2's etcd pod, which mounts no client pair, etcd's server pair is the one at hand.
    const RKE2: &str = "/var/lib/rancher/rke2/server/tls/etcd";
    let c = only(&format!(
        "kubectl -n kube-system exec etcd-node1 -- etcdctl --cacert={RKE2}/server-ca.crt --cert={RKE2}/peer-server-client.crt --key={RKE2}/peer-server-client.key --endpoints=https://127.0.0.1:2379 member list"
    ));
    assert_eq!(problems(&c), ["wrong-client-cert"], "{:#?}", c.findings);
    assert!(said(&c).contains("RKE2's etcd peer CA"), "{}", said(&c));
    assert!(
        c.corrected.as_deref().unwrap().contains(&format!(
            "--cert={RKE2}/server-client.crt --key={RKE2}/server-client.key"
        )),
        "{:?}",
        c.corrected
    );
    // Gardener's peer pair and peer CA (etcd-druid's mounts).
    let c = only(
        "ETCDCTL_API=3 etcdctl --cacert=/var/etcd/ssl/peer/ca/bundle.crt --cert=/var/etcd/ssl/peer/server/tls.crt --key=/var/etcd/ssl/peer/server/tls.key --endpoints=https://etcd-main-local:2379 endpoint status",
    );
    assert_eq!(problems(&c), ["wrong-ca", "wrong-client-cert"], "{:#?}", c.findings);
    assert_eq!(
        c.corrected.as_deref(),
        Some(
            "ETCDCTL_API=3 etcdctl --cacert=/var/etcd/ssl/ca/bundle.crt --cert=/var/etcd/ssl/client/tls.crt --key=/var/etcd/ssl/client/tls.key --endpoints=https://etcd-main-local:2379 endpoint status"
        )
    );
    // kops: etcd-manager's peers CA beside the clients CA.
    let c = only(
        "ETCDCTL_API=3 etcdctl --cacert=/etc/kubernetes/pki/etcd-manager-main/etcd-peers-ca.crt --cert=/srv/kubernetes/kube-apiserver/etcd-client.crt --key=/srv/kubernetes/kube-apiserver/etcd-client.key --endpoints=https://127.0.0.1:4001 endpoint health",
    );
    assert_eq!(problems(&c), ["wrong-ca"], "{:#?}", c.findings);
    assert!(
        said(&c).contains("Use --cacert=/etc/kubernetes/pki/etcd-manager-main/etcd-clients-ca.crt"),
        "{}",
        said(&c)
    );
    let r = run(&format!(
        "ETCDCTL_API=3 etcdctl --cacert={K3S}/peer-ca.crt --cert={K3S}/peer-server-client.crt --key={K3S}/peer-server-client.key --endpoints=https://127.0.0.1:2379 member list"
    ));
    corrected_is_clean(&r, &NoFiles);
}

/// kops 1.22 and later keep the API server's etcd files in /srv/kubernetes/kube-apiserver
/// (nodeup `kube_apiserver.go` `pathSrvKAPI`), and etcd-manager's etcd serves clients on 4001
/// and 4002: on a kops node, 2379, the peers CA and etcd-manager's own CA are mistakes as in
/// its pod.
#[test]
fn kops_files_on_the_host_are_kops_layout() {
    const SRV: &str = "/srv/kubernetes/kube-apiserver";
    let pair = format!("--cert={SRV}/etcd-client.crt --key={SRV}/etcd-client.key");
    assert_clean_as_written(&format!(
        "ETCDCTL_API=3 etcdctl --cacert={SRV}/etcd-ca.crt {pair} --endpoints=https://127.0.0.1:4002 endpoint health"
    ));
    // 2379: nothing listens there.
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --cacert={SRV}/etcd-ca.crt {pair} --endpoints=https://127.0.0.1:2379 endpoint health"
    ));
    assert_eq!(problems(&c), ["etcd-manager-port"], "{:#?}", c.findings);
    assert!(
        c.corrected
            .as_deref()
            .unwrap()
            .contains("--endpoints=https://127.0.0.1:4001")
    );
    // A typo in a kops file name is one now.
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --cacert={SRV}/etcd-ca.crt --cert={SRV}/etcd-clinet.crt --key={SRV}/etcd-client.key --endpoints=https://127.0.0.1:4001 member list"
    ));
    assert_eq!(problems(&c), ["path-typo"], "{:#?}", c.findings);
    // etcd-manager's own CA as the client, and as the CA.
    let c = only(
        "ETCDCTL_API=3 etcdctl --cacert=/etc/kubernetes/pki/etcd-manager-main/etcd-manager-ca.crt --cert=/etc/kubernetes/pki/etcd-manager-main/etcd-manager-ca.crt --key=/etc/kubernetes/pki/etcd-manager-main/etcd-manager-ca.key --endpoints=https://127.0.0.1:4001 endpoint health",
    );
    assert_eq!(problems(&c), ["wrong-ca", "wrong-client-cert"], "{:#?}", c.findings);
    assert_eq!(
        c.corrected.as_deref(),
        Some(format!("ETCDCTL_API=3 etcdctl --cacert={SRV}/etcd-ca.crt {pair} --endpoints=https://127.0.0.1:4001 endpoint health").as_str())
    );
    // The events cluster's files on the main cluster's port.
    let c = only(
        "ETCDCTL_API=3 etcdctl --cacert=/etc/kubernetes/pki/etcd-manager-events/etcd-clients-ca.crt --cert=/srv/kubernetes/kube-apiserver/etcd-client.crt --key=/srv/kubernetes/kube-apiserver/etcd-client.key --endpoints=https://127.0.0.1:2379 endpoint health",
    );
    assert!(
        c.corrected
            .as_deref()
            .unwrap()
            .contains("--endpoints=https://127.0.0.1:4002"),
        "{:?}",
        c.corrected
    );
    // In the pod: the node's files under /rootfs/srv.
    let c = only("kubectl -n kube-system exec etcd-manager-main-i-0abc -- etcdctl member list");
    assert!(
        said(&c).contains("/rootfs/srv/kubernetes/kube-apiserver"),
        "{}",
        said(&c)
    );
    assert!(!said(&c).contains("pki/kube-apiserver"), "{}", said(&c));
}

/// Docker Desktop's kubeadm keeps its PKI in /run/config/pki, which its etcd pod
/// (`etcd-docker-desktop`) mounts; any other kubeadm etcd folder may be a certificatesDir of
/// the cluster's own, which the pod mounts then: a note, not an error.
#[test]
fn a_kubeadm_etcd_folder_elsewhere_may_be_the_pods() {
    const DD: &str = "/run/config/pki/etcd";
    let text = format!(
        "kubectl -n kube-system exec etcd-docker-desktop -- etcdctl --cacert {DD}/ca.crt --cert {DD}/healthcheck-client.crt --key {DD}/healthcheck-client.key get / --prefix --keys-only"
    );
    assert_clean_as_written(&text);
    assert!(said(&only(&text)).contains("Docker Desktop mounts /run/config/pki/etcd"));
    // Named by the pod: Docker Desktop's client pair for a placeholder.
    let c = only("kubectl -n kube-system exec etcd-docker-desktop -- etcdctl --cacert <ca> member list");
    assert!(said(&c).contains(&format!("{DD}/ca.crt")), "{}", said(&c));
    // Another certificatesDir: a note, no error, nothing changed.
    let c = only(
        "kubectl -n kube-system exec etcd-node1 -- etcdctl --cacert /opt/k8s/pki/etcd/ca.crt --cert /opt/k8s/pki/etcd/healthcheck-client.crt --key /opt/k8s/pki/etcd/healthcheck-client.key member list",
    );
    assert!(clean(&c) && c.corrected.is_none(), "{:#?}", c.findings);
    assert!(said(&c).contains("certificatesDir is /opt/k8s/pki"), "{}", said(&c));
    // The default's files outside the pod's folder are still missing there.
    let c = only(&format!(
        "kubectl -n kube-system exec etcd-node1 -- etcdctl --cacert {PKI}/etcd/ca.crt --cert {PKI}/apiserver-etcd-client.crt --key {PKI}/apiserver-etcd-client.key member list"
    ));
    assert!(problems(&c).contains(&"file-not-in-pod"), "{:#?}", c.findings);
}

/// An unquoted `$flags` is split into words by the shell: the flags it holds are the
/// command's (no missing client certificate), and its value's blanks do not reach the text.
#[test]
fn an_unquoted_variable_of_flags_is_split_into_them() {
    let text = "export flags=\"--cacert=/etc/ssl/etcd/etcd-client-ca.crt \\\n              --cert=/etc/ssl/etcd/etcd-client.crt \\\n              --key=/etc/ssl/etcd/etcd-client.key\"\nsudo ETCDCTL_API=3 etcdctl member list $flags --endpoints=https://10.0.0.1:2379";
    let r = run(text);
    assert_eq!(r.commands.len(), 1, "{:#?}", r.commands);
    let c = &r.commands[0];
    assert!(clean(c), "{:#?}", c.findings);
    assert!(!said(c).contains("  "), "{}", said(c));
    // ${flags} too; quoted, it is one word (etcdctl's problem, not split here).
    let r = run(
        "FLAGS='--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/peer.crt --key=/etc/kubernetes/pki/etcd/peer.key'\nETCDCTL_API=3 etcdctl ${FLAGS} --endpoints=https://127.0.0.1:2379 member list",
    );
    assert_eq!(
        problems(&r.commands[0]),
        ["server-cert-as-client"],
        "{:#?}",
        r.commands[0].findings
    );
    let r = run(
        "FLAGS='--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/peer.crt'\nETCDCTL_API=3 etcdctl \"$FLAGS\" --endpoints=https://127.0.0.1:2379 member list",
    );
    assert!(
        !problems(&r.commands[0]).contains(&"server-cert-as-client"),
        "{:#?}",
        r.commands[0].findings
    );
}

/// k3s has no etcd pod and ships no etcdctl: `kubectl exec` into one with k3s's files is said
/// to fail, and corrected to run on the host. RKE2 1.31 has no etcdctl on the host, and its
/// etcd image no shell.
#[test]
fn programs_and_pods_a_distribution_does_not_have() {
    const K3S: &str = "/var/lib/rancher/k3s/server/tls/etcd";
    let c = only(&format!(
        "kubectl exec -n kube-system etcd-prodesk -- etcdctl --cacert={K3S}/server-ca.crt --cert={K3S}/client.crt --key={K3S}/client.key member list"
    ));
    assert_eq!(problems(&c), ["no-etcd-pod"], "{:#?}", c.findings);
    assert!(!said(&c).contains("kubeadm"), "{}", said(&c));
    assert_eq!(
        c.corrected.as_deref(),
        Some(
            format!("etcdctl --cacert={K3S}/server-ca.crt --cert={K3S}/client.crt --key={K3S}/client.key member list")
                .as_str()
        )
    );
    const RKE2: &str = "/var/lib/rancher/rke2/server/tls/etcd";
    let c = only(&format!(
        "sudo /var/lib/rancher/rke2/bin/etcdctl --cacert={RKE2}/server-ca.crt --cert={RKE2}/client.crt --key={RKE2}/client.key --endpoints=https://127.0.0.1:2379 member list"
    ));
    assert_eq!(problems(&c), ["missing-program"], "{:#?}", c.findings);
    assert!(said(&c).contains("crictl exec"), "{}", said(&c));
    // The correction runs the container's etcdctl, with the files the container mounts (no
    // client pair there: etcd's server pair).
    let fixed = c.corrected.clone().unwrap_or_default();
    assert!(
        fixed.starts_with("sudo CRI_CONFIG_FILE=/var/lib/rancher/rke2/agent/etc/crictl.yaml /var/lib/rancher/rke2/bin/crictl exec \"$(sudo CRI_CONFIG_FILE=")
            && fixed.contains(&format!("-q)\" etcdctl --cacert={RKE2}/server-ca.crt --cert={RKE2}/server-client.crt --key={RKE2}/server-client.key --endpoints=https://127.0.0.1:2379 member list")),
        "{fixed}"
    );
    corrected_is_clean(&run(&c.command), &NoFiles);
    // ETCDCTL_* set before it become flags (crictl would keep them on the host).
    let c = only(&format!(
        "ETCDCTL_API=3 ETCDCTL_CACERT={RKE2}/server-ca.crt /var/lib/rancher/rke2/bin/etcdctl --cert={RKE2}/server-client.crt --key={RKE2}/server-client.key endpoint health"
    ));
    let fixed = c.corrected.clone().unwrap_or_default();
    assert!(
        fixed.starts_with("CRI_CONFIG_FILE=")
            && fixed.contains(&format!("-q)\" etcdctl --cacert={RKE2}/server-ca.crt --cert=")),
        "{fixed}"
    );
    corrected_is_clean(&run(&c.command), &NoFiles);
    let c = only(&format!(
        "/var/lib/rancher/rke2/bin/crictl exec $etcdcontainer sh -c \"ETCDCTL_CACERT='{RKE2}/server-ca.crt' ETCDCTL_CERT='{RKE2}/server-client.crt' ETCDCTL_KEY='{RKE2}/server-client.key' ETCDCTL_API=3 etcdctl endpoint status\""
    ));
    assert!(problems(&c).contains(&"missing-program"), "{:#?}", c.findings);
    assert!(said(&c).contains("no shell"), "{}", said(&c));
    assert_eq!(
        c.corrected.as_deref(),
        Some(
            format!("/var/lib/rancher/rke2/bin/crictl exec $etcdcontainer etcdctl --cacert={RKE2}/server-ca.crt --cert={RKE2}/server-client.crt --key={RKE2}/server-client.key endpoint status").as_str()
        )
    );
    corrected_is_clean(&run(&c.command), &NoFiles);
    // The script's exports and what follows etcdctl in it; kubectl exec into RKE2's pod alike.
    let c = only(&format!(
        "kubectl -n kube-system exec etcd-node1 -- sh -c \"export ETCDCTL_CACERT={RKE2}/server-ca.crt; etcdctl --cert {RKE2}/server-client.crt --key {RKE2}/server-client.key member list | cut -d, -f5\""
    ));
    assert!(problems(&c).contains(&"missing-program"), "{:#?}", c.findings);
    assert_eq!(
        c.corrected.as_deref(),
        Some(
            format!("kubectl -n kube-system exec etcd-node1 -- etcdctl --cacert={RKE2}/server-ca.crt --cert {RKE2}/server-client.crt --key {RKE2}/server-client.key member list | cut -d, -f5").as_str()
        )
    );
    // kubeadm's etcd pod is one.
    assert!(
        !ids(&only(&format!(
            "kubectl -n kube-system exec etcd-node1 -- etcdctl {} member list",
            good_flags()
        )))
        .contains(&"no-etcd-pod")
    );
}

/// `kubectl exec … -- env ETCDCTL_API=3 etcdctl`: env is the program and sets the variable, so
/// the correction keeps the assignment after env (not a bare `env etcdctl`).
#[test]
fn an_assignment_after_env_in_the_pod_is_kept() {
    let c = only(&format!(
        "kubectl -n kube-system exec etcd-node1 -- env ETCDCTL_API=3 etcdctl --cacert {PKI}/ca.crt --cert {PKI}/etcd/healthcheck-client.crt --key {PKI}/etcd/healthcheck-client.key member list"
    ));
    assert!(!ids(&c).contains(&"env-prefix-in-exec"), "{:#?}", c.findings);
    let fixed = c.corrected.as_deref().unwrap_or("");
    assert!(fixed.contains("-- env ETCDCTL_API=3 etcdctl --cacert="), "{fixed}");
    // Without env, the assignment is the program's name and goes.
    let c = only(&format!(
        "kubectl -n kube-system exec etcd-node1 -- ETCDCTL_API=3 etcdctl {} member list",
        good_flags()
    ));
    assert!(ids(&c).contains(&"env-prefix-in-exec"), "{:#?}", c.findings);
    assert!(
        c.corrected.as_deref().unwrap_or("").contains("-- etcdctl --"),
        "{:?}",
        c.corrected
    );
}

/// talosctl's etcd commands are its own (cmd/talosctl/cmd/talos/etcd.go): `snapshot <path>`
/// takes one path, there is no `snapshot save`, `snapshot list` nor `etcd restore` (recovery is
/// `talosctl bootstrap --recover-from`).
#[test]
fn talosctl_etcd_commands_are_talos_own() {
    let c = only("talosctl etcd snapshot save --nodes 192.168.0.240 backup.db");
    assert_eq!(ids(&c), ["wrong-arguments"], "{:#?}", c.findings);
    assert_eq!(
        c.corrected.as_deref(),
        Some("talosctl etcd snapshot --nodes 192.168.0.240 backup.db")
    );
    assert!(clean(&only(c.corrected.as_deref().unwrap())));
    let c = only("talosctl etcd snapshot list --nodes 192.168.0.240");
    assert_eq!(ids(&c), ["wrong-arguments"], "{:#?}", c.findings);
    assert!(said(&c).contains("file named `list`"), "{}", said(&c));
    let c = only("talosctl etcd restore --nodes 192.168.0.240 backup.db");
    assert_eq!(ids(&c), ["unknown-command"], "{:#?}", c.findings);
    assert!(said(&c).contains("bootstrap --recover-from="), "{}", said(&c));
    let c = only("talosctl -n 10.0.0.2 etcd alarm");
    assert_eq!(ids(&c), ["unknown-command"], "{:#?}", c.findings);
    for fine in [
        "talosctl -n 10.0.0.2 etcd members",
        "talosctl -n 10.0.0.2 etcd status",
        "talosctl -n 10.0.0.2 etcd snapshot db.snapshot",
        "talosctl --nodes 10.0.0.2 etcd remove-member 5a1b2c3d",
        "talosctl -n 10.0.0.2 etcd forfeit-leadership",
        "talosctl -n 10.0.0.2 etcd leave",
        "talosctl -n 10.0.0.2 etcd defrag",
        "talosctl -n 10.0.0.2 etcd alarm list",
        "talosctl -n 10.0.0.2 etcd alarm disarm",
    ] {
        let c = only(fine);
        assert!(
            c.findings.is_empty() && c.corrected.is_none(),
            "{fine}: {:#?}",
            c.findings
        );
    }
}

/// Commands written in ways found in real notes: a launcher in a variable, docker compose,
/// `ssh host --`, `minikube ssh --`, Markdown inline code, etcdadm's wrapper, and etcdctl run
/// only inside a `$(…)`.
#[test]
fn launchers_inline_code_wrappers_and_substitutions_are_read() {
    for (text, runs_in, via) in [
        ("$CRICTL exec x etcdctl member list", RunsIn::Container, "x"),
        (
            "\"$CRICTL\" exec \"$ETCD_CONTAINER\" etcdctl member list",
            RunsIn::Container,
            "$ETCD_CONTAINER",
        ),
        (
            "docker compose exec etcd etcdctl endpoint health",
            RunsIn::Container,
            "etcd",
        ),
        (
            "docker-compose exec -T etcd etcdctl endpoint health",
            RunsIn::Container,
            "etcd",
        ),
        (
            "ssh master -- ETCDCTL_API=3 etcdctl member list",
            RunsIn::Remote,
            "master",
        ),
        (
            "minikube ssh -- \"sudo ETCDCTL_API=3 etcdctl member list\"",
            RunsIn::Remote,
            "minikube",
        ),
        ("minikube -p dev ssh -- sudo etcdctl member list", RunsIn::Remote, "dev"),
    ] {
        let c = only(text);
        assert_eq!((c.runs_in, c.target.as_deref()), (runs_in, Some(via)), "{text}");
    }
    // A compose service named etcd is no RKE etcd container: nothing of RKE's is said.
    let c = only("docker compose exec etcd etcdctl --cacert /etc/kubernetes/pki/etcd/ca.crt member list");
    assert!(!said(&c).contains("RKE"), "{}", said(&c));
    // Inline code in prose is the command; backticks in shell are a substitution.
    let c = only("`etcdctl member list`");
    assert_eq!(c.command, "etcdctl member list");
    let c = only("3. Defragment etcd: `oc rsh -n openshift-etcd <etcd-pod> etcdctl defrag`");
    assert_eq!(c.runs_in, RunsIn::Pod);
    assert!(
        run("for m in `etcdctl member list`; do echo $m; done")
            .commands
            .is_empty()
    );
    // etcdadm's wrapper sets the TLS variables itself: none is asked for, and a flag beside
    // one is refused.
    let c = only("docker exec etcdadm-0 /opt/bin/etcdctl.sh endpoint health");
    assert!(
        c.findings.iter().all(|f| f.severity == Severity::Info) && c.corrected.is_none(),
        "{:#?}",
        c.findings
    );
    let c = only("docker exec etcdadm-0 /opt/bin/etcdctl.sh --cacert /etc/etcd/pki/ca.crt endpoint health");
    assert_eq!(problems(&c), ["env-flag-conflict"], "{:#?}", c.findings);
    assert_eq!(
        c.corrected.as_deref(),
        Some("docker exec etcdadm-0 /opt/bin/etcdctl.sh endpoint health")
    );
    let c = only("./etcdctl.sh member list");
    assert!(problems(&c).is_empty(), "{:#?}", c.findings);
    // etcdctl inside a substitution of a loop.
    let r = run(
        "for endpoint in $(docker exec etcd /bin/sh -c \"etcdctl member list | cut -d, -f5\"); do\n  echo \"Validating connection to ${endpoint}/health\"\ndone",
    );
    assert_eq!(r.commands.len(), 1, "{:#?}", r.commands);
    assert_eq!(
        r.commands[0].corrected.as_deref(),
        Some("docker exec etcd etcdctl member list | cut -d, -f5")
    );
}

/// `kubectl debug … -- etcdctl` is read like `kubectl exec`: its container shares the pod's
/// network, not its volumes. A line running etcdctl in a way not followed is said, not dropped.
#[test]
fn kubectl_debug_is_read_and_no_etcd_line_is_dropped() {
    let text = "kubectl -n shoot--proj--demo exec -it etcd-main-0 -c etcd -- etcdctl --cacert=/var/etcd/ssl/ca/bundle.crt --cert=/var/etcd/ssl/client/tls.crt --key=/var/etcd/ssl/client/tls.key --endpoints=https://etcd-main-local:2379 endpoint status\nkubectl -n shoot--proj--demo debug -it pod/etcd-main-0 --image=ops-toolbelt:latest -- etcdctl --cacert=/var/etcd/ssl/ca/bundle.crt --cert=/var/etcd/ssl/client/tls.crt --key=/var/etcd/ssl/client/tls.key --endpoints=https://localhost:2379 member list -w table\nnice -n 19 etcdctl defrag";
    let r = run(text);
    assert_eq!(r.commands.len(), 3, "{:#?}", r.commands);
    let debug = &r.commands[1];
    assert_eq!(debug.runs_in, RunsIn::Pod);
    assert!(said(debug).contains("shares the pod's network"), "{}", said(debug));
    assert_eq!(problems(debug), ["file-not-in-pod"], "{:#?}", debug.findings);
    let c = only("kubectl -n ns debug -it pod/etcd-main-0 --image=ops-toolbelt:latest -- etcdctl member list");
    assert!(said(&c).contains("kubectl debug"), "{}", said(&c));
    assert_eq!(ids(&r.commands[2]), ["unread-command"]);
    // Lines that name etcdctl as a file are no command.
    assert!(
        run("cp etcd-v3.4.23-linux-amd64/etcdctl /usr/local/bin/\nchmod +x /usr/local/bin/etcdctl")
            .commands
            .is_empty()
    );
    // Nor is a variable holding its path.
    assert!(
        run("ETCDCTL_PATH='/usr/local/bin/etcdctl'\nexport E=/opt/bin/etcdctl")
            .commands
            .is_empty()
    );
}

/// A pod name whose digits were masked with x's when it was shared
/// (`etcd-10-XX-XXX-112`, a node named after its address) is a placeholder; a name that only
/// holds an x (`etcd-box-1`) is not.
#[test]
fn a_pod_name_masked_with_xs_is_a_placeholder() {
    for name in ["etcd-10-XX-XXX-112", "etcd-xxx", "etcd-node-xx.example.com"] {
        let c = only(&format!(
            "kubectl -n kube-system exec -it {name} -- etcdctl member list"
        ));
        assert!(ids(&c).contains(&"pod-name"), "{name}: {:#?}", c.findings);
        assert!(said(&c).contains(&format!("{name} is a placeholder")), "{}", said(&c));
    }
    let c = only("kubectl -n kube-system exec -it etcd-box-1 -- etcdctl member list");
    assert!(!ids(&c).contains(&"pod-name"), "{:#?}", c.findings);
}

/// A correction keeps the member a command targets: the pod a shell variable names
/// (`etcd-${NODE}`, the server just upgraded), and an --endpoints beside the pod's own
/// ETCDCTL_ENDPOINTS, given as the variable for that command.
#[test]
fn a_correction_keeps_the_member_targeted() {
    const RKE2: &str = "/var/lib/rancher/rke2/server/tls/etcd";
    let flags = format!(
        "--endpoints=https://127.0.0.1:2379 --cacert={RKE2}/server-ca.crt --cert={RKE2}/server-client.crt --key={RKE2}/server-client.key"
    );
    let c = only(&format!(
        "kubectl -n kube-system exec \"etcd-${{NODE}}\" -- etcdctl {flags} endpoint health --cluster"
    ));
    assert!(!ids(&c).contains(&"pod-name") && c.corrected.is_none(), "{:#?}", c);
    let c = only(&format!(
        "kubectl -n kube-system exec etcd-$(hostname) -- etcdctl {flags} endpoint health"
    ));
    assert!(!ids(&c).contains(&"pod-name"), "{:#?}", c.findings);
    // A placeholder on RKE2's files is said in RKE2's words.
    let c = only(&format!(
        "kubectl -n kube-system exec etcd-<node-name> -- etcdctl {flags} endpoint health"
    ));
    assert!(ids(&c).contains(&"pod-name"), "{:#?}", c.findings);
    assert!(
        !said(&c).contains("kubeadm") && said(&c).contains("RKE2 names"),
        "{}",
        said(&c)
    );
    // OpenShift's pod lists every member; one named on purpose stays, as the variable.
    let c = only("oc rsh -n openshift-etcd etcd-m0 etcdctl --endpoints=https://10.0.0.6:2379 endpoint status");
    assert_eq!(
        c.corrected.as_deref(),
        Some("oc rsh -n openshift-etcd etcd-m0 env ETCDCTL_ENDPOINTS=https://10.0.0.6:2379 etcdctl endpoint status")
    );
    corrected_is_clean(&run(&c.command), &NoFiles);
    // RKE's container: docker exec -e.
    let c = only(
        "docker exec etcd etcdctl move-leader \"$MY_ID\" --endpoints=https://10.18.1.27:2379 >> $LOG 2>&1 || true",
    );
    assert_eq!(
        c.corrected.as_deref(),
        Some(
            "docker exec -e ETCDCTL_ENDPOINTS=https://10.18.1.27:2379 etcd etcdctl move-leader \"$MY_ID\" >> $LOG 2>&1 || true"
        )
    );
    corrected_is_clean(&run(&c.command), &NoFiles);
}

/// The note on etcdctl older than 3.4 is about the host's etcdctl: said once per snippet.
#[test]
fn the_api_version_note_is_said_once_per_snippet() {
    let good = good_flags();
    let r = run(&format!(
        "etcdctl {good} member list\netcdctl {good} endpoint health\netcdctl {good} endpoint status"
    ));
    assert_eq!(r.commands.len(), 3);
    let notes: Vec<usize> = (r.commands.iter())
        .map(|c| c.findings.iter().filter(|f| f.id == CheckId::EtcdctlApiV2).count())
        .collect();
    assert_eq!(notes, [1, 0, 0], "{:#?}", r.commands);
    assert!(
        said(&r.commands[0]).contains("other commands below"),
        "{}",
        said(&r.commands[0])
    );
    // Alone, it reads as before.
    assert!(!said(&only(&format!("etcdctl {good} member list"))).contains("below"));
}

/// A literal `COMMAND` in a runbook ("replace COMMAND with any of: …") is a placeholder, like
/// `<command>`, not a mistyped command.
#[test]
fn a_command_placeholder_is_a_placeholder() {
    let c = only(&format!("etcdctl {} COMMAND", good_flags()));
    assert_eq!(problems(&c), ["placeholder"], "{:#?}", c.findings);
    assert!(c.corrected.is_none());
}

/// `sh -c '…'` in single quotes: the script's `$x` is the inner shell's. The correction keeps
/// the script in single quotes, not in double quotes where the typing shell would expand `$x`
/// first. (The shape of etcd-io/etcd#8344's `docker exec … /bin/sh -c "export ETCDCTL_API=3 &&
/// …"`, single-quoted as in kubernetes/website's and many runbooks' `sh -c '…'`.)
#[test]
fn a_single_quoted_script_stays_single_quoted_in_the_correction() {
    let c = only(&format!(
        "kubectl exec -n kube-system etcd-master -- sh -c 'ETCDCTL_API=3 etcdctl --cacert={PKI}/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key get /registry/secrets/$NS --prefix --keys-only'"
    ));
    let fixed = c.corrected.as_deref().unwrap();
    assert!(
        fixed.contains(&format!("sh -c 'ETCDCTL_API=3 etcdctl --cacert={PKI}/etcd/ca.crt ")),
        "{fixed}"
    );
    assert!(fixed.contains("/registry/secrets/$NS --prefix --keys-only'"), "{fixed}");
    assert!(!fixed.contains('"'), "{fixed}");
}

/// `crictl exec` and `docker exec` are said by their own name, into a container, not as
/// `kubectl exec` into a pod.
#[test]
fn environment_lost_through_a_container_exec_is_said_in_its_words() {
    for (launcher, via) in [
        ("crictl exec -it abc123", "crictl exec"),
        ("docker exec etcd1", "docker exec"),
    ] {
        let c = only(&format!(
            "export ETCDCTL_API=3 ETCDCTL_CACERT={PKI}/etcd/ca.crt ETCDCTL_CERT={PKI}/etcd/healthcheck-client.crt ETCDCTL_KEY={PKI}/etcd/healthcheck-client.key\n{launcher} etcdctl --endpoints=https://127.0.0.1:2379 member list"
        ));
        let f = c.findings.iter().find(|f| f.id == CheckId::EnvNotInPod).unwrap();
        assert!(
            f.message.contains(&format!(
                "`{via}` does not carry this host's environment into the container"
            )),
            "{}",
            f.message
        );
    }
}

/// `--endpoints` given twice: pflag's StringSlice appends every use after the first, so etcdctl
/// dials both (and refuses `snapshot save` with them: `not multiple [https://127.0.0.1:1
/// https://127.0.0.1:2]`, etcdctl 3.4.23 tried), not only the last.
#[test]
fn a_repeated_endpoints_flag_adds_to_the_list() {
    let tls = format!(
        "--cacert={PKI}/etcd/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key"
    );
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://10.0.0.1:2379 --endpoints=https://10.0.0.2:2379 {tls} endpoint health"
    ));
    assert!(
        c.does.contains("https://10.0.0.1:2379,https://10.0.0.2:2379"),
        "{}",
        c.does
    );
    assert!(c.corrected.is_none(), "{:?}", c.corrected);
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://10.0.0.1:2379 --endpoints=https://10.0.0.2:2379 {tls} snapshot save /var/backups/etcd.db"
    ));
    assert_eq!(problems(&c), ["snapshot-multiple-endpoints"], "{:#?}", c.findings);
    let fixed = c.corrected.as_deref().unwrap();
    assert_eq!(fixed.matches("--endpoints").count(), 1, "{fixed}");
    assert!(fixed.contains("--endpoints=https://10.0.0.1:2379 "), "{fixed}");
    corrected_is_clean(&run(&c.command), &NoFiles);
}

/// A redirection among the words (`> /tmp/keys.txt` before more flags) was dropped from the
/// correction, which is written from the words: it now goes after the last word, where it does
/// the same, in its own order and inside `sh -c '…'` too.
#[test]
fn a_redirection_among_the_words_is_kept_in_the_correction() {
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={PKI}/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key get / --prefix > /tmp/keys.txt 2>&1 --keys-only >> /tmp/all.txt"
    ));
    let fixed = c.corrected.as_deref().unwrap();
    assert!(
        fixed.ends_with("get / --prefix --keys-only > /tmp/keys.txt 2>&1 >> /tmp/all.txt"),
        "{fixed}"
    );
    let c = only(&format!(
        "kubectl exec -n kube-system etcd-node-1 -- sh -c 'etcdctl --cacert={PKI}/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key get / --prefix 2>/dev/null --keys-only | head'"
    ));
    let fixed = c.corrected.as_deref().unwrap();
    assert!(
        fixed.ends_with("get / --prefix --keys-only 2>/dev/null | head'"),
        "{fixed}"
    );
}

/// An unterminated quote is a shell syntax error (bash: `unexpected EOF while looking for
/// matching`), not something about a path: the command is read without the stray quote and
/// the correction leaves it out. A line before the command that leaves one open swallows it
/// (etcd-io/etcd#10642: ` ENDPOINT=https://127.0.0.1:2379"` then `ETCDCTL_API=3 etcdctl
/// --debug --endpoints $ENDPOINT snapshot save snapshot.db`). A quote closed on a later line
/// (a value over two lines) is no mistake.
#[test]
fn an_unclosed_quote_is_a_shell_syntax_error() {
    let good = good_flags();
    let c = only(&format!("ETCDCTL_API=3 etcdctl {good} snapshot save \"/backup/snap.db"));
    assert_eq!(problems(&c), ["unclosed-quote"], "{:#?}", c.findings);
    assert!(c.command.ends_with("save \"/backup/snap.db"), "{}", c.command);
    assert_eq!(
        c.corrected.as_deref(),
        Some(format!("ETCDCTL_API=3 etcdctl {good} snapshot save /backup/snap.db").as_str())
    );
    assert!(c.does.contains("to /backup/snap.db "), "{}", c.does);
    corrected_is_clean(&run(&c.command), &NoFiles);

    // The quote opens in the middle: the flags after it are still read as flags.
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert=\"{PKI}/etcd/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key member list"
    ));
    assert_eq!(problems(&c), ["unclosed-quote"], "{:#?}", c.findings);
    assert!(
        c.findings[0]
            .message
            .contains(&format!("`--cacert=\"{PKI}/etcd/ca.crt`")),
        "{}",
        c.findings[0].message
    );

    let c = only(
        " ENDPOINT=https://127.0.0.1:2379\"\n ETCDCTL_API=3 etcdctl --debug --endpoints $ENDPOINT snapshot save snapshot.db",
    );
    assert_eq!(c.findings[0].id, CheckId::UnclosedQuote, "{:#?}", c.findings);
    assert!(c.findings[0].message.contains("ENDPOINT=https://127.0.0.1:2379\""));

    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl {good} put /config \"line one\nline two\""
    ));
    assert!(!ids(&c).contains(&"unclosed-quote"), "{:#?}", c.findings);
    // A sentence of the notes with an apostrophe is no shell line.
    for prose in ["Don't forget: it's the etcd CA, not the cluster's.", "Don't forget"] {
        let c = only(&format!(
            "# Backup\n\n{prose}\n\n```bash\nETCDCTL_API=3 etcdctl {good} member list\n```"
        ));
        assert!(!ids(&c).contains(&"unclosed-quote"), "{prose}: {:#?}", c.findings);
    }
    // A shell line that leaves one open does swallow what follows.
    let c = only(&format!("echo \"it's done\nETCDCTL_API=3 etcdctl {good} member list"));
    assert!(ids(&c).contains(&"unclosed-quote"), "{:#?}", c.findings);
}

/// OpenShift's etcd pod sets ETCDCTL_ENDPOINTS to every member: `snapshot save` there is
/// refused like any with several endpoints. The correction gives this member for the command
/// alone, as OpenShift's cluster-backup.sh does (`ETCDCTL_ENDPOINTS="https://${NODE_…_IP}:2379"
/// etcdctl snapshot save`), as https://localhost:2379, a name its serving certificate carries.
/// After `unset ETCDCTL_ENDPOINTS` in the pod's shell (openshift/release#82452,
/// docs/dptp-triage-sop/etcd-slowness.md), etcdctl's default is used, not every member.
#[test]
fn openshifts_every_member_endpoints_and_snapshot_save() {
    let c = only("oc exec -n openshift-etcd etcd-master-0 -c etcdctl -- etcdctl snapshot save /var/lib/etcd/snap.db");
    assert_eq!(problems(&c), ["snapshot-multiple-endpoints"], "{:#?}", c.findings);
    assert_eq!(
        c.corrected.as_deref(),
        Some(
            "oc exec -n openshift-etcd etcd-master-0 -c etcdctl -- env ETCDCTL_ENDPOINTS=https://localhost:2379 etcdctl snapshot save /var/lib/etcd/snap.db"
        )
    );
    let r = run("oc rsh -n openshift-etcd etcd-master-0\nsh-4.4# etcdctl snapshot save /var/lib/etcd/snap.db");
    let c = r.commands.last().unwrap();
    assert_eq!(problems(c), ["snapshot-multiple-endpoints"], "{:#?}", c.findings);
    assert_eq!(
        c.corrected.as_deref(),
        Some("ETCDCTL_ENDPOINTS=https://localhost:2379 etcdctl snapshot save /var/lib/etcd/snap.db")
    );
    // Other commands are meant for every member.
    let r = run("oc rsh -n openshift-etcd etcd-master-0\nsh-4.4# etcdctl endpoint status -w table");
    assert!(
        r.commands[0].does.contains("<each member's IP>"),
        "{}",
        r.commands[0].does
    );

    let r = run(
        "oc -n openshift-etcd --as system:admin exec -ti etcd-ip-xxx.us-east-2.compute.internal -- sh\nunset ETCDCTL_ENDPOINTS\netcdctl endpoint status | awk -F, '{print \"endpoint: \"$1\" leader:\"$9}'",
    );
    let c = r.commands.last().unwrap();
    assert!(c.does.contains("against 127.0.0.1:2379"), "{}", c.does);
    assert!(problems(c).is_empty(), "{:#?}", c.findings);
    assert!(
        said(c).contains("ETCDCTL_ENDPOINTS is unset in this shell before the command"),
        "{}",
        said(c)
    );
    // Out of the pod's shell, the pod sets it again.
    let r = run(
        "oc -n openshift-etcd exec -ti etcd-master-0 -- sh\nunset ETCDCTL_ENDPOINTS\nexit\noc -n openshift-etcd exec etcd-master-0 -- etcdctl endpoint status",
    );
    assert!(r.commands.last().unwrap().does.contains("<each member's IP>"));
}

/// `docker compose run SERVICE etcdctl …` (and `docker-compose run`): a new container of the
/// compose file's service, on its network and with its volumes. It was not read at all
/// (unread-command); it is now read like `docker compose exec`, an etcd not known here.
#[test]
fn docker_compose_run_is_read() {
    for launcher in [
        "docker compose run --rm etcd",
        "docker-compose run --rm -e ETCDCTL_API=3 etcd",
    ] {
        let c = only(&format!(
            "{launcher} etcdctl --endpoints=https://etcd1:2379 --cacert=/certs/ca.pem --cert=/certs/client.pem --key=/certs/client-key.pem endpoint health"
        ));
        assert_eq!(c.runs_in, RunsIn::Container, "{launcher}");
        assert!(
            c.does
                .ends_with("inside a new container of the compose service etcd (docker compose run)"),
            "{}",
            c.does
        );
        assert!(problems(&c).is_empty(), "{:#?}", c.findings);
    }
    // Its own loopback or the service's name on the compose network: not known here.
    let c = only("docker compose run --rm etcd etcdctl --endpoints=http://etcd:2379 member list");
    assert!(!ids(&c).contains(&"container-network"), "{:#?}", c.findings);
    assert!(problems(&c).is_empty(), "{:#?}", c.findings);
}

/// A shell running etcdadm's wrapper (`sudo bash /opt/bin/etcdctl.sh …`) is the wrapper, not
/// an unread command; assignments the correction adds go before the shell, not between it and
/// its script (`sh ETCDCTL_API=3 /opt/bin/etcdctl.sh` runs a script named ETCDCTL_API=3), and
/// none for ETCDCTL_API, which the wrapper exports itself (etcdadm constants.go
/// EtcdctlEnvFileTemplate).
#[test]
fn a_shell_running_an_etcdctl_wrapper_script_is_read() {
    let c = only("sudo bash /opt/bin/etcdctl.sh member list");
    assert!(ids(&c).is_empty(), "{:#?}", c.findings);
    assert!(c.does.starts_with("lists the cluster's members"), "{}", c.does);
    let c = only("sh /opt/bin/etcdctl.sh --cacert=/etc/etcd/pki/ca.crt member list");
    assert_eq!(problems(&c), ["env-flag-conflict"], "{:#?}", c.findings);
    assert_eq!(c.corrected.as_deref(), Some("sh /opt/bin/etcdctl.sh member list"));
    let c = only("/opt/bin/etcdctl.sh --cacert=/etc/etcd/pki/ca.crt member list");
    assert_eq!(c.corrected.as_deref(), Some("/opt/bin/etcdctl.sh member list"));
    // Another wrapper: the assignment goes before the shell.
    let c = only("sudo bash ./etcdctl.sh --endpoints=https://10.0.0.1:2380 member list");
    assert_eq!(
        c.corrected.as_deref(),
        Some("sudo ETCDCTL_API=3 bash ./etcdctl.sh --endpoints=https://10.0.0.1:2379 member list")
    );
}

/// `… | xargs -I{} kubectl exec etcd-{} -- etcdctl …` with k3s's files: the correction runs
/// etcdctl on the k3s server host once, without xargs and the pipe that fed it pods (it kept
/// `kubectl get nodes -o name | xargs -I{} etcdctl …`, the same command once per node, and
/// said `pods "etcd-{}" not found`, a name xargs never passes).
#[test]
fn xargs_into_a_k3s_etcd_pod_is_corrected_to_one_host_command() {
    let tls = "--cacert=/var/lib/rancher/k3s/server/tls/etcd/server-ca.crt --cert=/var/lib/rancher/k3s/server/tls/etcd/client.crt --key=/var/lib/rancher/k3s/server/tls/etcd/client.key";
    let c = only(&format!(
        "kubectl get nodes -o name | xargs -I{{}} kubectl exec -n kube-system etcd-{{}} -- etcdctl {tls} member list"
    ));
    assert_eq!(problems(&c), ["no-etcd-pod"], "{:#?}", c.findings);
    assert!(!c.findings[0].message.contains("etcd-{}"), "{}", c.findings[0].message);
    assert_eq!(
        c.corrected.as_deref(),
        Some(format!("etcdctl {tls} member list").as_str())
    );
    // `{}` in etcdctl's own words: xargs still has a use, and stays.
    let c = only(&format!(
        "echo 10.0.0.1 | xargs -I{{}} kubectl exec -n kube-system etcd-node1 -- etcdctl --endpoints=https://{{}}:2379 {tls} endpoint health"
    ));
    assert!(
        c.corrected
            .as_deref()
            .unwrap()
            .starts_with("echo 10.0.0.1 | xargs -I{} etcdctl "),
        "{:?}",
        c.corrected
    );
}

/// Gardener's etcd pods (etcd-druid's etcd-main-<n>, etcd-events-<n>) run etcd-wrapper's
/// distroless image: no shell, no etcdctl (gardener/etcd-wrapper Dockerfile and
/// docs/deployment/ops.md). `kubectl exec` of etcdctl into its etcd container was said to be
/// fine; it fails. Another container of the pod (`-c backup-restore`) is not that image.
#[test]
fn gardeners_etcd_container_has_no_etcdctl() {
    let c = only(
        "kubectl -n shoot--foo--bar exec etcd-main-0 -c etcd -- etcdctl --endpoints=https://etcd-main-local:2379 --cacert=/var/etcd/ssl/ca/bundle.crt --cert=/var/etcd/ssl/client/tls.crt --key=/var/etcd/ssl/client/tls.key endpoint status",
    );
    assert_eq!(problems(&c), ["missing-program"], "{:#?}", c.findings);
    assert!(
        c.findings[0]
            .fix
            .contains("kubectl debug -it -n shoot--foo--bar etcd-main-0 --image="),
        "{}",
        c.findings[0].fix
    );
    let c = only("kubectl exec -n shoot--foo--bar etcd-events-1 -- etcdctl endpoint health");
    assert_eq!(problems(&c), ["missing-program"], "{:#?}", c.findings);
    let c = only("kubectl -n shoot--foo--bar exec etcd-main-0 -c backup-restore -- etcdctl member list");
    assert!(!ids(&c).contains(&"missing-program"), "{:#?}", c.findings);
    // A StatefulSet's etcd-0 is no Gardener pod.
    let c = only("kubectl -n apps exec etcd-0 -- etcdctl endpoint health");
    assert!(!ids(&c).contains(&"missing-program"), "{:#?}", c.findings);
}

/// talosctl's `etcd downgrade` has three subcommands (cmd/talosctl/cmd/talos/etcd.go:
/// validate <version>, enable <version>, cancel); `downgrade` alone or with a version prints
/// its help. It was accepted with any words.
#[test]
fn talosctl_etcd_downgrade_needs_its_subcommand() {
    for ok in ["validate 3.5", "enable 3.5", "cancel"] {
        let c = only(&format!("talosctl -n 10.5.0.2 etcd downgrade {ok}"));
        assert!(c.findings.is_empty(), "{ok}: {:#?}", c.findings);
    }
    assert_eq!(
        problems(&only("talosctl -n 10.5.0.2 etcd downgrade 3.5")),
        ["unknown-command"]
    );
    assert_eq!(
        problems(&only("talosctl -n 10.5.0.2 etcd downgrade enable")),
        ["wrong-arguments"]
    );
    assert_eq!(
        problems(&only("talosctl -n 10.5.0.2 etcd downgrade cancel 3.5")),
        ["wrong-arguments"]
    );
}

/// `k3s etcd-snapshot …` and `rke2 etcd-snapshot …`, in the brief's list of what is pasted,
/// were not read at all ("no etcdctl command found"), after xargs too. They are the
/// distribution's own command: its subcommands (k3s pkg/cli/cmds/etcd_snapshot.go) are
/// checked, `delete` without a name fails (`no snapshots given for removal`), and there is no
/// `restore` (k3s server --cluster-reset --cluster-reset-restore-path).
#[test]
fn k3s_and_rke2_etcd_snapshot_commands_are_read() {
    // docs.k3s.io/cli/etcd-snapshot
    let c = only("k3s etcd-snapshot save --name pre-upgrade");
    assert!(c.findings.is_empty(), "{:#?}", c.findings);
    assert!(
        c.does.starts_with("k3s's own snapshot command, not etcdctl"),
        "{}",
        c.does
    );
    assert!(
        c.does.contains("/var/lib/rancher/k3s/server/db/snapshots"),
        "{}",
        c.does
    );
    let r = run(
        "sudo k3s etcd-snapshot ls -o json | jq -r '.items[].spec.snapshotName' | xargs -I{} k3s etcd-snapshot delete {}",
    );
    assert_eq!(r.commands.len(), 2, "{:#?}", r.commands);
    assert!(r.commands.iter().all(|c| c.findings.is_empty()), "{:#?}", r.commands);
    assert!(
        r.commands[1].does.contains("deletes the snapshots named {}"),
        "{}",
        r.commands[1].does
    );
    let c = only("rke2 etcd-snapshot restore /var/lib/rancher/rke2/server/db/snapshots/on-demand-n1-1700000000");
    assert_eq!(problems(&c), ["unknown-command"]);
    assert!(
        c.findings[0]
            .fix
            .contains("rke2 server --cluster-reset --cluster-reset-restore-path="),
        "{}",
        c.findings[0].fix
    );
    assert!(c.does.starts_with("RKE2's own snapshot command"), "{}", c.does);
    assert_eq!(problems(&only("k3s etcd-snapshot delete")), ["wrong-arguments"]);
    let c = only("k3s etcd-snapshot --s3 --s3-bucket=backups");
    assert_eq!(problems(&c), ["unknown-command"]);
    assert_eq!(
        c.corrected.as_deref(),
        Some("k3s etcd-snapshot save --s3 --s3-bucket=backups")
    );
    // Not the command: k3s's kubectl.
    assert!(run("k3s kubectl get nodes").commands.is_empty());
}

/// etcdctl run by xargs with its options (`xargs -n1 -I{} -P9999 etcdctl … del {}`,
/// bluefishforsale/homelab etcd_alias.sh) was not read: only the `get` feeding it was, and the
/// `del` of every key went unchecked.
#[test]
fn etcdctl_after_xargs_options_is_read() {
    let r = run(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 get --prefix --keys-only /  \\\n  | xargs -n1 -I{} -P9999 etcdctl --endpoints=https://127.0.0.1:2379  del {}",
    );
    assert_eq!(r.commands.len(), 2, "{:#?}", r.commands);
    let del = &r.commands[1];
    assert!(del.does.starts_with("deletes the key {}"), "{}", del.does);
    assert!(ids(del).contains(&"missing-cacert"), "{:#?}", del.findings);
    for xargs in ["xargs -I {} -n 1", "xargs -r -P 4 -I{}", "xargs --max-procs 2 -I{}"] {
        let c = only(&format!("{xargs} etcdctl {} del {{}}", good_flags()));
        assert!(c.does.starts_with("deletes the key {}"), "{xargs}: {}", c.does);
    }
}

/// `docker run IMAGE etcdctl …` with an etcd image older than 3.4: that etcdctl speaks v2
/// unless ETCDCTL_API=3 (generalinterest/vagrant_cluster test_etcd.sh runs
/// quay.io/coreos/etcd:v3.2.4's etcdctl with v2's `--cert-file … cluster-health`). The v3
/// correction was given without ETCDCTL_API=3, which that etcdctl reads as v2 and refuses; a
/// v3 command there was said to be fine. Now the container gets `-e ETCDCTL_API=3`.
#[test]
fn an_old_etcd_images_etcdctl_speaks_v2() {
    let c = only(
        "docker run --rm -it \\\n--net host \\\n-v /etc/kubernetes:/etc/kubernetes quay.io/coreos/etcd:v3.2.4 etcdctl \\\n--cert-file /etc/kubernetes/pki/etcd/peer.crt \\\n--key-file /etc/kubernetes/pki/etcd/peer.key \\\n--ca-file /etc/kubernetes/pki/etcd/ca.crt \\\n--endpoints https://192.168.50.2:2379 cluster-health",
    );
    assert!(
        c.findings[0]
            .message
            .contains("this image's etcdctl 3.2.4 speaks by default"),
        "{}",
        c.findings[0].message
    );
    let fixed = c.corrected.as_deref().unwrap();
    assert!(
        fixed.starts_with("docker run -e ETCDCTL_API=3 --rm -it --net host"),
        "{fixed}"
    );
    // etcdctl 3.2 has no --cluster (etcd-io/etcd#8117 added it in 3.3).
    assert!(
        fixed.ends_with("--endpoints https://192.168.50.2:2379 endpoint health"),
        "{fixed}"
    );
    let v3 = format!(
        "docker run --rm --net host -v /etc/kubernetes:/etc/kubernetes quay.io/coreos/etcd:v3.3.10 etcdctl {} member list",
        good_flags()
    );
    let c = only(&v3);
    assert_eq!(problems(&c), ["etcdctl-api-v2"], "{:#?}", c.findings);
    assert_eq!(
        c.corrected.as_deref(),
        Some(v3.replacen("docker run ", "docker run -e ETCDCTL_API=3 ", 1).as_str())
    );
    corrected_is_clean(&run(&v3), &NoFiles);
    // 3.4 and later speak v3: nothing to add.
    for image in [
        "k8s.gcr.io/etcd:3.4.13-0",
        "registry.k8s.io/etcd:3.5.9-0",
        "quay.io/coreos/etcd:v3.4.3",
    ] {
        let c = only(&format!(
            "docker run --rm --net host -v /etc/kubernetes:/etc/kubernetes {image} etcdctl {} member list",
            good_flags()
        ));
        assert!(problems(&c).is_empty(), "{image}: {:#?}", c.findings);
    }
}

/// `talosctl etcd snapshot ./etcd-snapshot.db --nodes <control-plane-ip>` (oneuptime's Talos
/// snapshot guide): the placeholder is a redirection to bash, which stops; it was said to be
/// fine.
#[test]
fn a_placeholder_in_a_talosctl_command_is_said() {
    let c = only("talosctl etcd snapshot ./etcd-snapshot.db --nodes <control-plane-ip>");
    assert_eq!(problems(&c), ["placeholder"], "{:#?}", c.findings);
    assert!(
        c.findings[0]
            .message
            .starts_with("--nodes <control-plane-ip> is a placeholder"),
        "{}",
        c.findings[0].message
    );
    assert!(only("talosctl -n 10.0.0.2 etcd members").findings.is_empty());
}

/// `compact \"$(echo $rev)\"` (amaxi/fleet-test README, RKE2): the escaped quotes reach
/// etcdctl as characters, and it stops reading the revision (etcdctl 3.4.23 tried:
/// `Error: strconv.ParseInt: parsing "\"123\"": invalid syntax`). It was said to be fine.
#[test]
fn a_compaction_revision_with_stray_characters_is_refused() {
    let flags = "--cert /var/lib/rancher/rke2/server/tls/etcd/server-client.crt --key /var/lib/rancher/rke2/server/tls/etcd/server-client.key --cacert /var/lib/rancher/rke2/server/tls/etcd/server-ca.crt";
    let c = only(&format!(
        "kubectl -n kube-system exec $(kubectl -n kube-system get pod -l component=etcd --no-headers -o custom-columns=NAME:.metadata.name | head -1) -- etcdctl {flags} compact \\\"$(echo $rev)\\\""
    ));
    assert!(problems(&c).contains(&"wrong-arguments"), "{:#?}", c.findings);
    let fixed = c.corrected.as_deref().unwrap();
    assert!(fixed.ends_with(&format!("{flags} compact \"$(echo $rev)\"")), "{fixed}");
    for fine in [
        "compact 12345",
        "compact $rev",
        "compact \"$REV\"",
        "compact ${rev} --physical",
    ] {
        let c = only(&format!("etcdctl {} {fine}", good_flags()));
        assert!(!ids(&c).contains(&"wrong-arguments"), "{fine}: {:#?}", c.findings);
    }
}

/// Kubespray's v2 health check `etcdctl … cluster-health | grep -q 'cluster is healthy'`
/// (kubernetes-sigs/kubespray#2767): corrected to v3's `endpoint health --cluster`, the grep
/// for v2's last line would fail on a healthy cluster; it goes, and the exit status (1 with
/// `Error: unhealthy cluster`, etcdctl 3.4.23 tried) says it. What follows stays.
#[test]
fn a_grep_for_v2s_cluster_health_line_goes_with_the_v2_command() {
    let c = only(
        "/usr/local/bin/etcdctl --endpoints=https://10.0.0.1:2379 --ca-file=/etc/ssl/etcd/ssl/ca.pem --cert-file=/etc/ssl/etcd/ssl/admin-node1.pem --key-file=/etc/ssl/etcd/ssl/admin-node1-key.pem cluster-health | grep -q 'cluster is healthy' && echo ok",
    );
    assert!(said(&c).contains("never that line"), "{:#?}", c.findings);
    let fixed = c.corrected.as_deref().unwrap();
    assert!(fixed.ends_with("endpoint health --cluster && echo ok"), "{fixed}");
    // Another grep is the user's own, and stays.
    let c = only(&format!(
        "etcdctl {} endpoint health | grep -q 'is healthy'",
        good_flags()
    ));
    assert!(!said(&c).contains("never that line"), "{:#?}", c.findings);
}

/// kops before 1.22 kept the API server's etcd files in /etc/kubernetes/pki/kube-apiserver
/// (etcd-manager's troubleshooting doc: `./etcdctl --endpoints=https://127.0.0.1:4001 --cacert
/// /etc/kubernetes/pki/kube-apiserver/etcd-ca.crt …`). Those paths were no layout's: a typo
/// in them went unseen and a missing key got no suggestion.
#[test]
fn kops_files_before_1_22_are_kops() {
    let dir = "/etc/kubernetes/pki/kube-apiserver";
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:4001 --cacert={dir}/etcd-ca.crt --cert={dir}/etcd-clinet.crt --key={dir}/etcd-client.key member list"
    ));
    assert_eq!(problems(&c), ["path-typo"], "{:#?}", c.findings);
    assert!(
        c.corrected
            .as_deref()
            .unwrap()
            .contains(&format!("--cert={dir}/etcd-client.crt "))
    );
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:4001 --cacert={dir}/etcd-ca.crt --cert={dir}/etcd-client.crt member list"
    ));
    assert!(
        c.corrected
            .as_deref()
            .unwrap()
            .contains(&format!("--key={dir}/etcd-client.key")),
        "{:?}",
        c.corrected
    );
    for fine in [
        format!("sudo ETCDCTL_API=3 ./etcdctl --endpoints=https://127.0.0.1:4001 --cacert {dir}/etcd-ca.crt --cert {dir}/etcd-client.crt --key {dir}/etcd-client.key member list"),
        "ETCDCTL_API=3 /opt/etcd-v3.2.24-linux-amd64/etcdctl --key /rootfs/etc/kubernetes/pki/kube-apiserver/etcd-client.key --cert /rootfs/etc/kubernetes/pki/kube-apiserver/etcd-client.crt --cacert /rootfs/etc/kubernetes/pki/kube-apiserver/etcd-ca.crt --endpoints=https://127.0.0.1:4001 get --prefix /registry/masterleases/".to_string(),
    ] {
        let c = only(&fine);
        assert!(problems(&c).is_empty(), "{fine}: {:#?}", c.findings);
    }
}

/// A v2 command rewritten to v3 keeps a key written in single quotes literal: `ls
/// '/registry/$x'` became `get "/registry/$x/"`, where the shell would fill in `$x`.
#[test]
fn a_rewritten_command_keeps_single_quoted_words_literal() {
    let c = only(&format!("etcdctl {} ls '/registry/$x'", good_flags()));
    let fixed = c.corrected.as_deref().unwrap();
    assert!(fixed.ends_with("get '/registry/$x/' --prefix --keys-only"), "{fixed}");
    // Written unquoted, it is the shell's to fill in, and stays so.
    let c = only(&format!("etcdctl {} ls /registry/$NS", good_flags()));
    assert!(
        c.corrected
            .as_deref()
            .unwrap()
            .ends_with("get \"/registry/$NS/\" --prefix --keys-only"),
        "{:?}",
        c.corrected
    );
}

/// Commands piped into each other (bluefishforsale/homelab etcd_alias.sh: `etcdctl … get
/// --prefix --keys-only / | xargs -n1 -I{} -P9999 etcdctl … del {}`): each correction is the
/// whole pipeline, every etcdctl in it corrected, not one half of it.
#[test]
fn a_pipeline_of_etcdctl_commands_is_corrected_whole() {
    let r = run(
        "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 get --prefix --keys-only /  \\\n  | xargs -n1 -I{} -P9999 etcdctl --endpoints=https://127.0.0.1:2379  del {}",
    );
    assert_eq!(r.commands.len(), 2);
    let tls = format!(
        "--cacert={PKI}/etcd/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key"
    );
    let whole = format!(
        "ETCDCTL_API=3 etcdctl {tls} --endpoints=https://127.0.0.1:2379 get --prefix --keys-only / | xargs -n1 -I{{}} -P9999 env ETCDCTL_API=3 etcdctl {tls} --endpoints=https://127.0.0.1:2379 del {{}}"
    );
    for c in &r.commands {
        assert_eq!(c.corrected.as_deref(), Some(whole.as_str()));
    }
    // A part with nothing to correct is kept as written in the other's correction.
    let good = good_flags();
    let r = run(&format!(
        "etcdctl {good} get / --prefix --keys-only | grep pods | xargs -n1 etcdctl {} del",
        good.replace("etcd/ca.crt", "ca.crt")
    ));
    assert_eq!(r.commands.len(), 2);
    assert!(r.commands[0].corrected.is_none(), "{:?}", r.commands[0].corrected);
    assert_eq!(
        r.commands[1].corrected.as_deref(),
        Some(
            format!(
                "etcdctl {good} get / --prefix --keys-only | grep pods | xargs -n1 env ETCDCTL_API=3 etcdctl {good} del"
            )
            .as_str()
        )
    );
}

/// A quote left open inside `sh -c "…"`: sh stops before running anything. The script was read
/// with the quote running to its end, so the correction mangled every flag after it into one
/// word; it is now read and corrected without the stray quote.
#[test]
fn an_unclosed_quote_inside_a_shell_script_is_said_and_removed() {
    let tls = format!("--cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key");
    let c = only(&format!(
        "kubectl exec -n kube-system etcd-node1 -- sh -c \"ETCDCTL_API=3 etcdctl --cacert='{PKI}/etcd/ca.crt {tls} member list\""
    ));
    assert_eq!(problems(&c), ["unclosed-quote"], "{:#?}", c.findings);
    assert_eq!(
        c.corrected.as_deref(),
        Some(format!("kubectl exec -n kube-system etcd-node1 -- sh -c \"ETCDCTL_API=3 etcdctl --cacert={PKI}/etcd/ca.crt {tls} member list\"").as_str())
    );
    corrected_is_clean(&run(&c.command), &NoFiles);
    // Closed, nothing is said.
    let c = only(&format!(
        "kubectl exec -n kube-system etcd-node1 -- sh -c \"ETCDCTL_API=3 etcdctl --cacert='{PKI}/etcd/ca.crt' {tls} member list\""
    ));
    assert!(!ids(&c).contains(&"unclosed-quote"), "{:#?}", c.findings);
}

/// `vagrant ssh NODE -c "…etcdctl…"` (Vagrant-based Kubernetes labs): the command runs on that
/// machine over ssh. It was not found at all ("no etcdctl command found").
#[test]
fn vagrant_ssh_commands_are_read() {
    let c = only(&format!(
        "vagrant ssh controlplane -c \"sudo ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={PKI}/ca.crt --cert={PKI}/etcd/healthcheck-client.crt --key={PKI}/etcd/healthcheck-client.key snapshot save /tmp/snap.db\""
    ));
    assert_eq!(c.runs_in, RunsIn::Remote);
    assert_eq!(c.target.as_deref(), Some("controlplane"));
    assert_eq!(problems(&c), ["wrong-ca"], "{:#?}", c.findings);
    let fixed = c.corrected.as_deref().unwrap();
    assert!(
        fixed.starts_with("vagrant ssh controlplane -c \"sudo ETCDCTL_API=3 etcdctl"),
        "{fixed}"
    );
    assert!(fixed.contains(&format!("--cacert={PKI}/etcd/ca.crt ")), "{fixed}");
    assert!(fixed.ends_with("snapshot save /tmp/snap.db\""), "{fixed}");
    // Without -c, vagrant ssh opens a shell: nothing runs etcdctl on this line.
    assert!(run("vagrant ssh controlplane").commands.is_empty());
}

/// A Markdown page with fenced code (now read whole by `etcdtls check notes.md`): its
/// paragraphs' lines that name etcdctl ("etcdctl waits five seconds…", "  followed by … ;
/// etcdctl is also found after…") are prose, not commands, and were reviewed as commands.
/// Fenced, indented, prompted and inline-code commands are still read.
#[test]
fn paragraphs_of_a_markdown_page_are_not_commands() {
    let good = good_flags();
    let page = format!(
        "# Backup\n\nWhen the Kubernetes CA is given, etcdctl waits five seconds and prints\n  followed by commands typed in the pod; etcdctl is also found after the shell's `do`, `then`,\nCheck it first with `etcdctl {good} member list`.\n\n```bash\nETCDCTL_API=3 etcdctl {good} snapshot save /var/backups/etcd.db\n```\n\n    etcdctl {good} endpoint health\n\n$ etcdctl {good} endpoint status\n"
    );
    let r = run(&page);
    let commands: Vec<&str> = r.commands.iter().map(|c| c.command.as_str()).collect();
    assert_eq!(
        commands,
        [
            format!("etcdctl {good} member list"),
            format!("ETCDCTL_API=3 etcdctl {good} snapshot save /var/backups/etcd.db"),
            format!("etcdctl {good} endpoint health"),
            format!("etcdctl {good} endpoint status"),
        ],
        "{:#?}",
        r.commands
    );
    // Without fences, a sentence naming etcdctl is no unread command either.
    for prose in [
        "When the Kubernetes CA is given instead, etcdctl waits five seconds",
        "- Client commands follow etcdctl 3.4: exit 1 on errors",
    ] {
        assert!(run(prose).commands.is_empty(), "{prose}: {:#?}", run(prose).commands);
    }
    // Without fences, a snippet's lines are all shell, as before.
    assert_eq!(
        run(&format!("etcdctl {good} member list\netcdctl {good} endpoint health"))
            .commands
            .len(),
        2
    );
}

/// etcdadm's /opt/bin/etcdctl.sh sources /etc/etcd/etcdctl.env, which exports ETCDCTL_API,
/// ETCDCTL_CACERT, ETCDCTL_CERT, ETCDCTL_KEY and ETCDCTL_DIAL_TIMEOUT (kubernetes-sigs/etcdadm
/// constants/constants.go EtcdctlEnvFileTemplate) after whatever its caller set: a prefix
/// assignment of one of them never reaches etcdctl, so its file is not the command's.
#[test]
fn etcdadms_wrapper_overrides_a_prefix_assignment() {
    let mut disk = Disk(BTreeMap::new());
    disk.0.insert("/tmp/ca.crt".into(), FileFact::Missing);
    let r = check(
        "sudo ETCDCTL_CACERT=/tmp/ca.crt /opt/bin/etcdctl.sh member list",
        &disk,
        now(),
    );
    let c = &r.commands[0];
    assert!(ids(c).contains(&"wrapper-overrides-env"), "{:#?}", c.findings);
    // The files judged are the wrapper's (missing on this disk too), not /tmp/ca.crt.
    assert!(!said(c).contains("/tmp/ca.crt does not exist"), "{}", said(c));
    assert!(
        said(c).contains("--cacert /etc/etcd/pki/ca.crt does not exist"),
        "{}",
        said(c)
    );
    let c = only("sudo ETCDCTL_CACERT=/tmp/ca.crt /opt/bin/etcdctl.sh member list");
    assert_eq!(problems(&c), ["wrapper-overrides-env"], "{:#?}", c.findings);
    assert!(said(&c).contains("ETCDCTL_CACERT=/etc/etcd/pki/ca.crt"), "{}", said(&c));
    assert_eq!(c.corrected.as_deref(), Some("sudo /opt/bin/etcdctl.sh member list"));
    // What the env file does not set passes through, and a value it sets anyway is no loss.
    let c = only("sudo ETCDCTL_API=3 ETCDCTL_ENDPOINTS=https://10.0.0.2:2379 /opt/bin/etcdctl.sh member list");
    assert!(clean(&c), "{:#?}", c.findings);
    assert!(c.does.contains("https://10.0.0.2:2379"), "{}", c.does);
}

/// After `chroot`, `nsenter` or `systemd-run`, the program runs the next word itself, with no
/// shell to read an assignment: the corrected command sets ETCDCTL_API=3 through `env`.
#[test]
fn a_correction_after_a_runner_sets_variables_through_env() {
    for (text, runner) in [
        (
            "chroot /host etcdctl --ca-file=/etc/etcd/ca.crt member list",
            "chroot /host",
        ),
        (
            "nsenter -t 1 -m -- etcdctl --ca-file=/etc/etcd/ca.crt member list",
            "nsenter -t 1 -m --",
        ),
        (
            "systemd-run --wait etcdctl --ca-file=/etc/etcd/ca.crt member list",
            "systemd-run --wait",
        ),
    ] {
        let c = only(text);
        assert_eq!(
            c.corrected.as_deref(),
            Some(format!("{runner} env ETCDCTL_API=3 etcdctl --cacert=/etc/etcd/ca.crt member list").as_str()),
            "{text}"
        );
    }
}

/// `systemd-run --wait etcdctl …` runs etcdctl as a transient service, in the service
/// manager's environment: what this shell exported is not there. With `--scope` systemd-run
/// runs it itself, with this shell's environment; `-E NAME` passes one.
#[test]
fn systemd_run_does_not_pass_this_shells_environment() {
    let r = run("export ETCDCTL_CACERT=/etc/etcd/ca.crt\nsystemd-run --wait etcdctl member list");
    let c = r.commands.last().unwrap();
    assert!(problems(c).contains(&"env-not-in-pod"), "{:#?}", c.findings);
    assert!(
        said(c).contains("not passed on by `systemd-run`: it starts etcdctl as a transient service"),
        "{}",
        said(c)
    );
    assert!(
        c.corrected
            .as_deref()
            .unwrap_or_default()
            .contains("--cacert=/etc/etcd/ca.crt"),
        "{:?}",
        c.corrected
    );
    // Set before systemd-run: for systemd-run alone.
    let c = only("ETCDCTL_CACERT=/etc/etcd/ca.crt systemd-run --wait etcdctl member list");
    assert!(problems(&c).contains(&"env-not-in-pod"), "{:#?}", c.findings);
    assert_eq!(
        c.corrected.as_deref(),
        Some("systemd-run --wait env ETCDCTL_API=3 etcdctl --cacert=/etc/etcd/ca.crt member list")
    );
    for text in [
        "ETCDCTL_CACERT=/etc/etcd/ca.crt systemd-run --scope etcdctl member list",
        "export ETCDCTL_CACERT=/etc/etcd/ca.crt\nsystemd-run --scope etcdctl member list",
        "export ETCDCTL_CACERT=/etc/etcd/ca.crt\nsystemd-run -E ETCDCTL_CACERT --wait etcdctl member list",
        "export ETCDCTL_CACERT=/etc/etcd/ca.crt\nsystemd-run --setenv=ETCDCTL_CACERT=/etc/etcd/ca.crt --wait etcdctl member list",
    ] {
        let r = run(text);
        let c = r.commands.last().unwrap();
        assert!(!ids(c).contains(&"env-not-in-pod"), "{text}: {:#?}", c.findings);
    }
}

/// Launchers met in real notes: containerd's `ctr task exec`, `docker container exec`, LXD's
/// `lxc exec`, Multipass' `multipass exec` (a VM, over ssh), and programs that run etcdctl after
/// their options (`nsenter`, `chroot /host` after `oc debug node/…`, `systemd-run`).
#[test]
fn more_launchers_are_read() {
    for (text, runs_in, target) in [
        (
            "ctr -n k8s.io task exec --exec-id x $CID etcdctl member list",
            RunsIn::Container,
            Some("$CID"),
        ),
        (
            "docker container exec etcd1 etcdctl member list",
            RunsIn::Container,
            Some("etcd1"),
        ),
        (
            "lxc exec etcd1 -- etcdctl member list",
            RunsIn::Container,
            Some("etcd1"),
        ),
        (
            "multipass exec k3s -- sudo etcdctl member list",
            RunsIn::Remote,
            Some("k3s"),
        ),
        ("nsenter -t $PID -m -- etcdctl member list", RunsIn::Host, None),
        (
            "nsenter --target 1234 --mount --net etcdctl member list",
            RunsIn::Host,
            None,
        ),
        ("chroot /host etcdctl member list", RunsIn::Host, None),
        (
            "systemd-run --wait -t -p User=etcd etcdctl member list",
            RunsIn::Host,
            None,
        ),
    ] {
        let r = run(text);
        assert_eq!(r.commands.len(), 1, "{text}");
        let c = &r.commands[0];
        assert!(!ids(c).contains(&"unread-command"), "{text}: {:#?}", c.findings);
        assert_eq!((c.runs_in, c.target.as_deref()), (runs_in, target), "{text}");
        assert!(c.does.starts_with("lists the cluster's members"), "{text}: {}", c.does);
    }
    // lxc exec starts the program itself: no shell reads an assignment before it.
    let c = only("lxc exec etcd1 -- ETCDCTL_API=3 etcdctl member list");
    assert!(ids(&c).contains(&"env-prefix-in-exec"), "{:#?}", c.findings);
    assert!(said(&c).contains("`lxc exec` starts"), "{}", said(&c));
    // A flag of etcdctl's after the runner is still etcdctl's.
    let c = only("chroot /host etcdctl --endpoints=https://10.0.0.1:2380 member list");
    assert!(ids(&c).contains(&"peer-port"), "{:#?}", c.findings);
}

/// Placeholders in square brackets: etcd-manager's troubleshooting notes (`del
/// "/registry/masterleases/[MASTER IP]"`) and etcd-io/etcd#7536 (`--endpoints=[xxxx:2379]`).
/// Brackets around an IPv6 address are no placeholder, nor are a key's own brackets.
#[test]
fn placeholders_in_square_brackets() {
    let c = only("etcdctl del \"/registry/masterleases/[MASTER IP]\"");
    assert!(ids(&c).contains(&"placeholder"), "{:#?}", c.findings);
    assert!(said(&c).contains("[MASTER IP] is a placeholder"), "{}", said(&c));
    // etcd-io/etcd#8990: `--endpoints=http://10.0.0.1:2379,http://10.0.0.2:2379,[..]`.
    let c = only(
        "ETCDCTL_API=3 etcdctl --endpoints=http://10.0.0.1:2379,http://10.0.0.2:2379,[..] member remove 63e8b43e8a1af9bc",
    );
    assert!(
        said(&c).contains("[..] in --endpoints stands for the endpoints the notes leave out"),
        "{}",
        said(&c)
    );
    let c = only("etcdctl --endpoints=[xxxx:2379] member list");
    assert!(ids(&c).contains(&"placeholder"), "{:#?}", c.findings);
    assert!(said(&c).contains("context deadline exceeded"), "{}", said(&c));
    let good = good_flags();
    for text in [
        format!(
            "ETCDCTL_API=3 etcdctl {} member list",
            good.replace("127.0.0.1", "[::1]")
        ),
        format!(
            "ETCDCTL_API=3 etcdctl {} member list",
            good.replace("127.0.0.1", "[fd00::1]")
        ),
        "ETCDCTL_API=3 etcdctl --endpoints=[::1]:2379 member list".to_string(),
        // KodeKloud's `https://[127.0.0.1]:2379` (lrodriguez2002cu/udemyCKA backup-etcd.sh):
        // etcdctl 3.4 dials it (tried).
        format!(
            "ETCDCTL_API=3 etcdctl {} member list",
            good.replace("127.0.0.1", "[127.0.0.1]")
        ),
        "ETCDCTL_API=3 etcdctl --endpoints=http://[localhost]:2379 member list".to_string(),
        format!("ETCDCTL_API=3 etcdctl {good} get \"/app/list[0]\""),
        format!("ETCDCTL_API=3 etcdctl {good} get \"/app/[abc]\""),
    ] {
        let c = only(&text);
        assert!(!ids(&c).contains(&"placeholder"), "{text}: {:#?}", c.findings);
        assert!(clean(&c), "{text}: {:#?}", c.findings);
    }
}

/// A sentence of Markdown that starts with the tool's name is prose, and its inline code is
/// still read; fenced or not.
#[test]
fn a_sentence_starting_with_etcdctl_is_prose() {
    for page in [
        "# Notes\n\n$ etcdctl endpoint health\n\netcdctl 3.4 has no such flag, so run `etcdctl member list`.\n",
        "# Notes\n\n```\netcdctl endpoint health\n```\n\netcdctl 3.4 has no such flag, so run `etcdctl member list`.\n",
    ] {
        let r = run(page);
        let commands: Vec<&str> = r.commands.iter().map(|c| c.command.as_str()).collect();
        assert_eq!(commands, ["etcdctl endpoint health", "etcdctl member list"], "{page}");
    }
    // Commands punctuated like prose are still commands.
    for text in [
        "etcdctl endpoint health, then",
        "etcdctl --endpoints=https://10.0.0.1:2379 member list.",
        "etcdctl memberlist",
    ] {
        assert_eq!(run(text).commands.len(), 1, "{text}");
    }
}

/// etcd's auth takes a client certificate's CN as the user name (server/auth/store.go
/// AuthInfoFromTLS) and runs role, user and auth commands for a root user alone: kubeadm's
/// healthcheck-client is no correction for them, as it is for reads.
#[test]
fn admin_commands_are_not_corrected_to_the_least_privileged_client() {
    let pki = "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key";
    for command in ["role add x", "user add alice --new-user-password=x", "auth disable"] {
        let c = only(&format!("ETCDCTL_API=3 etcdctl {command} {pki}"));
        assert!(clean(&c), "{command}: {:#?}", c.findings);
        assert_eq!(c.corrected, None, "{command}");
        assert!(said(&c).contains("CN as the user name"), "{}", said(&c));
    }
    // With a password user, the certificate is no identity of etcd's auth: as for reads.
    let c = only(&format!("ETCDCTL_API=3 etcdctl role add x {pki} --user root:secret"));
    assert!(problems(&c).contains(&"server-cert-as-client"), "{:#?}", c.findings);
    let c = only(&format!("ETCDCTL_API=3 etcdctl member list {pki}"));
    assert!(problems(&c).contains(&"server-cert-as-client"), "{:#?}", c.findings);
    assert!(c.corrected.unwrap_or_default().contains("healthcheck-client"));
}

/// An auth test script's etcd (code corpus, s098 of the second round): etcd's own users and
/// roles say it is not Kubernetes' (kube-apiserver has no setting for an etcd user), so no
/// kubeadm file is suggested, and without a known CA the correction keeps
/// --insecure-skip-tls-verify rather than fail with `unknown authority`. On one line, the
/// variable holding etcdctl is set before `${ETCDCTL}` runs.
#[test]
fn an_etcd_with_users_of_its_own_gets_no_kubeadm_files() {
    for text in [
        "export ETCDCTL_API=3; ETCDCTL=\"etcdctl --endpoints=https://127.0.0.1:2379 --insecure-skip-tls-verify=true\"; ${ETCDCTL} role add test",
        "export ETCDCTL_API=3\nETCDCTL=\"etcdctl --endpoints=https://127.0.0.1:2379 --insecure-skip-tls-verify=true\"\n${ETCDCTL} role add test",
        "etcdctl --endpoints=https://127.0.0.1:2379 --insecure-skip-tls-verify=true --user test:test get / --prefix=true",
    ] {
        let r = run(text);
        assert_eq!(r.commands.len(), 1, "{text}");
        let c = &r.commands[0];
        assert!(c.command.contains("etcdctl --endpoints"), "{text}: {}", c.command);
        assert!(ids(c).contains(&"insecure-skip-verify"), "{text}: {:#?}", c.findings);
        let text_said = said(c);
        assert!(
            !text_said.contains("kubeadm") && !text_said.contains("/etc/kubernetes"),
            "{text}\n{text_said}"
        );
        assert!(
            c.corrected
                .as_deref()
                .is_none_or(|f| f.contains("--insecure-skip-tls-verify")),
            "{text}: {:?}",
            c.corrected
        );
    }
    // With a password user, a missing certificate is no warning.
    let c = only("etcdctl --endpoints=https://10.0.0.5:2379 --cacert=/etc/etcd/ca.pem --user root get /");
    assert!(clean(&c), "{:#?}", c.findings);
    // Nothing says users: kubeadm's layout is still the guess, and its CA replaces the flag.
    let c = only("ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --insecure-skip-tls-verify member list");
    assert!(
        c.corrected
            .unwrap_or_default()
            .contains("--cacert=/etc/kubernetes/pki/etcd/ca.crt")
    );
}

/// jspenger/mscthesis evaluation/deployment/etcd/health_check.sh: `echo {0..5} | tr " " "\\n" |
/// xargs -I{} kubectl exec etcd-{} -- bash -c 'etcdctl -w=json member list'`, a StatefulSet's
/// etcd-0…etcd-5 in the current namespace, was taken for kubeadm's static pod (namespace and
/// TLS errors). In kube-system, `etcd-{}` is still the static pod.
#[test]
fn a_pod_name_xargs_fills_in_is_not_taken_for_kubeadms() {
    let c = only(
        "echo {0..5} | tr \" \" \"\\n\" | xargs -I{} kubectl exec etcd-{} -- bash -c 'etcdctl -w=json member list' | jq",
    );
    assert!(!c.has_errors(), "{:#?}", c.findings);
    assert!(!said(&c).contains("kubeadm"), "{}", said(&c));
    let c = only("kubectl get nodes -o name | xargs -I{} kubectl exec -n kube-system etcd-{} -- etcdctl member list");
    assert!(problems(&c).contains(&"missing-cacert"), "{:#?}", c.findings);
}

/// Ansible ad-hoc commands (ae6rt/etcd-cluster-ansible playbook/setfoo.sh, and an etcdadm
/// cluster's check script): the `-a` string runs on the pattern's hosts; with the default
/// command module there is no shell, so ETCDCTL_API=3 is set through env.
#[test]
fn ansible_ad_hoc_commands_are_read() {
    let c = only(
        "ansible cluster -a \"/opt/bin/etcdctl --ca-file /etc/ssl/certs/ca.pem --endpoint https://10.2.23.8:2379 get foo\"",
    );
    assert_eq!((c.runs_in, c.target.as_deref()), (RunsIn::Remote, Some("cluster")));
    assert!(ids(&c).contains(&"etcdctl-api-v2"), "{:#?}", c.findings);
    assert_eq!(
        c.corrected.as_deref(),
        Some(
            "ansible cluster -a \"env ETCDCTL_API=3 /opt/bin/etcdctl --cacert /etc/ssl/certs/ca.pem --endpoints https://10.2.23.8:2379 get foo\""
        )
    );
    let c = only("ansible -i hosts.ini -u root -a '/opt/bin/etcdctl.sh member list' etcd_cluster");
    assert_eq!((c.runs_in, c.target.as_deref()), (RunsIn::Remote, Some("etcd_cluster")));
    assert!(clean(&c), "{:#?}", c.findings);
    let c = only("ansible etcd -m shell -a 'etcdctl --endpoints=https://10.0.0.1:2380 member list'");
    assert!(ids(&c).contains(&"peer-port"), "{:#?}", c.findings);
    assert!(!c.corrected.unwrap_or_default().contains("env "));
}

/// `ansible h -a "ETCDCTL_API=3 etcdctl member list"`: the command module (the default) splits
/// the string and runs its first word, so `ETCDCTL_API=3` is the program and nothing runs; the
/// shell module reads the assignment, and `env` sets it under either.
#[test]
fn an_assignment_under_ansibles_command_module_is_the_program() {
    let c = only("ansible h -a \"ETCDCTL_API=3 etcdctl member list\"");
    assert!(problems(&c).contains(&"env-prefix-in-exec"), "{:#?}", c.findings);
    assert!(
        said(&c).contains("`ETCDCTL_API=3` for the program's name"),
        "{}",
        said(&c)
    );
    assert_eq!(
        c.corrected.as_deref(),
        Some("ansible h -a \"env ETCDCTL_API=3 etcdctl member list\"")
    );
    let c = only("ansible h -m ansible.builtin.command -a 'ETCDCTL_API=3 etcdctl member list'");
    assert!(problems(&c).contains(&"env-prefix-in-exec"), "{:#?}", c.findings);
    for text in [
        "ansible h -m shell -a \"ETCDCTL_API=3 etcdctl member list\"",
        "ansible h -a \"env ETCDCTL_API=3 etcdctl member list\"",
    ] {
        let c = only(text);
        assert!(!ids(&c).contains(&"env-prefix-in-exec"), "{text}: {:#?}", c.findings);
    }
}

/// inquisitivefrog/kubernetes README.etcd.get_help.txt: `etcdctl … get --help` prints get's
/// help (cobra handles -h/--help before the command runs); it was described as reading a key
/// and judged as a connection.
#[test]
fn a_help_flag_prints_help_and_connects_nowhere() {
    for text in [
        "ETCDCTL_API=3 etcdctl --endpoints=127.0.0.1:2379 --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/apiserver-etcd-client.crt --key /etc/kubernetes/pki/apiserver-etcd-client.key get --help",
        "ETCDCTL_API=3 etcdctl --endpoints=https://10.0.0.1:2379 member list -h",
    ] {
        let c = only(text);
        assert!(c.does.starts_with("prints the help of `"), "{text}: {}", c.does);
        assert!(clean(&c), "{text}: {:#?}", c.findings);
        assert_eq!(c.corrected, None, "{text}");
    }
    assert!(
        only("ETCDCTL_API=3 etcdctl member list -h")
            .does
            .ends_with("does nothing (-h), from this host")
    );
    let c = only("ETCDCTL_API=3 etcdctl get --help=false foo");
    assert!(c.does.starts_with("reads the key foo"), "{}", c.does);
}

/// `ETCDCTL_API=3 sudo etcdctl …` (inquisitivefrog/kubernetes README.etcd.get_help.txt): the
/// assignment is sudo's, and sudo resets the environment before etcdctl starts.
#[test]
fn etcdctl_api_before_sudo_is_said_lost() {
    let c = only(
        "ETCDCTL_API=3 sudo etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key member list",
    );
    assert!(
        said(&c).contains("`ETCDCTL_API=3` before sudo does not reach it"),
        "{}",
        said(&c)
    );
    assert!(said(&c).contains("sudo ETCDCTL_API=3 etcdctl"), "{}", said(&c));
    let c = only("ETCDCTL_API=3 sudo -E etcdctl member list");
    assert!(!said(&c).contains("before sudo"), "{}", said(&c));
}

/// docs.k3s.io cli/etcd-snapshot: `k3s etcd-snapshot prune --snapshot-retention 10` keeps the
/// newest 10; it was said to keep 5, the default.
#[test]
fn k3s_prune_keeps_the_retention_given() {
    for (text, kept) in [
        (
            "k3s etcd-snapshot prune --snapshot-retention 10",
            "newest 10 (--snapshot-retention)",
        ),
        (
            "k3s etcd-snapshot prune --etcd-snapshot-retention=3",
            "newest 3 (--snapshot-retention)",
        ),
        ("rke2 etcd-snapshot prune", "newest 5 (--snapshot-retention's default)"),
    ] {
        let c = only(text);
        assert!(c.does.contains(kept), "{text}: {}", c.does);
    }
}

/// itswcg/dockerfiles etcd.dockerfile: `docker run --name etcd … quay.io/coreos/etcd:latest`,
/// then `docker exec etcd /bin/sh -c "ETCDCTL_API=3 /usr/local/bin/etcdctl …"`. The container
/// named etcd is the one the snippet starts, plain HTTP with a shell, not RKE's shell-less TLS
/// etcd: no missing shell, no https, and ETCDCTL_API=3 (that image's etcdctl may be older
/// than 3.4) is not dropped.
#[test]
fn a_container_the_snippet_starts_is_that_container() {
    let r = run(
        "docker run --name etcd -p 2379:2379 quay.io/coreos/etcd:latest /usr/local/bin/etcd --listen-client-urls http://0.0.0.0:2379 --advertise-client-urls http://0.0.0.0:2379\ndocker exec etcd /bin/sh -c \"ETCDCTL_API=3 /usr/local/bin/etcdctl put foo bar\"",
    );
    let c = r.commands.last().unwrap();
    assert!(clean(c), "{:#?}", c.findings);
    assert_eq!(c.corrected, None);
    assert!(
        c.does.contains("quay.io/coreos/etcd:latest, which the snippet starts"),
        "{}",
        c.does
    );
    assert!(!c.does.contains("https"), "{}", c.does);
    // Without the run, `docker exec etcd` is still taken for RKE's container.
    let c = only("docker exec etcd /bin/sh -c \"ETCDCTL_API=3 /usr/local/bin/etcdctl put foo bar\"");
    assert!(ids(&c).contains(&"missing-program"), "{:#?}", c.findings);
}

/// abhishekpadmanabhan/Easypay-capstone etcdbackup.sh: `--endpoints={{masters ip}}:2379`, two
/// bare names no template engine fills in, was taken for an Ansible template. Real templates
/// stay clean.
#[test]
fn a_template_of_two_bare_names_is_a_placeholder() {
    let pki = "--cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt --key /etc/kubernetes/pki/etcd/healthcheck-client.key";
    let c = only(&format!(
        "ETCDCTL_API=3 etcdctl --endpoints={{{{masters ip}}}}:2379 {pki} snapshot save /etcd-backup/etcd-snapshot-latest.db"
    ));
    assert!(ids(&c).contains(&"placeholder"), "{:#?}", c.findings);
    assert!(said(&c).contains("`ip}}:2379` as an argument"), "{}", said(&c));
    for host in [
        "{{ host }}",
        "{{ item.ip }}",
        "{{ groups['etcd'] | first }}",
        "{{.Values.host}}",
    ] {
        let c = only(&format!(
            "ETCDCTL_API=3 etcdctl --endpoints=https://{host}:2379 {pki} member list"
        ));
        assert!(!ids(&c).contains(&"placeholder"), "{host}: {:#?}", c.findings);
    }
}

/// A wavelet systemd unit: `etcdctl … watch uv_islivestreaming -w simple -- sh -c
/// /usr/local/bin/wavelet_livestream.sh`. The words after `--` are the command watch runs on
/// each event (etcdctl's watch_command.go parseWatchArgs); they were read as the range's end.
#[test]
fn a_watch_runs_the_command_after_its_dashes() {
    let c = only(
        "ETCDCTL_API=3 etcdctl --endpoints=http://192.168.1.32:2379 watch uv_islivestreaming -w simple -- sh -c /usr/local/bin/wavelet_livestream.sh",
    );
    assert!(
        c.does.starts_with("watches the key uv_islivestreaming for changes"),
        "{}",
        c.does
    );
    assert!(
        c.does
            .contains("running `sh -c /usr/local/bin/wavelet_livestream.sh` on each change"),
        "{}",
        c.does
    );
    let c = only(
        "ETCDCTL_API=3 etcdctl --endpoints=http://10.0.0.1:2379 watch /a -- /usr/bin/bash -c \"/usr/local/bin/x.sh 2\"",
    );
    assert!(
        c.does
            .contains("running `/usr/bin/bash -c '/usr/local/bin/x.sh 2'` on each change"),
        "{}",
        c.does
    );
    let c = only("ETCDCTL_API=3 etcdctl --endpoints=http://10.0.0.1:2379 watch /a /b");
    assert!(c.does.starts_with("watches the keys from /a up to /b"), "{}", c.does);
}

/// systemd units: `Environment=ETCDCTL_API=3` sets the service's variable (a cq-etcd-defrag
/// unit), and `ExecStart=` runs the program without a shell, so a correction sets variables
/// through env after the key (a CoreOS cloud-config's sendhostname.service); it put
/// `ETCDCTL_API=3` before `ExecStart=`, which is no unit line.
#[test]
fn systemd_unit_lines_are_read_as_systemd_runs_them() {
    let c = only(
        "[Service]\nType=oneshot\nEnvironment=ETCDCTL_API=3\nExecStart=/usr/bin/etcdctl --endpoints=http://10.0.0.4:2379 defrag",
    );
    assert!(c.findings.is_empty(), "{:#?}", c.findings);
    let c =
        only("[Service]\nExecStart=/usr/bin/etcdctl set /skydns/com/unisound/ailab/%H '{\"host\":\"$public_ipv4\"}'");
    assert_eq!(
        c.corrected.as_deref(),
        Some(
            "ExecStart=/usr/bin/env ETCDCTL_API=3 /usr/bin/etcdctl put /skydns/com/unisound/ailab/%H '{\"host\":\"$public_ipv4\"}'"
        )
    );
    let c = only("ExecStartPre=-/usr/bin/etcdctl mk /a b");
    assert!(
        c.corrected
            .as_deref()
            .unwrap_or_default()
            .starts_with("ExecStartPre=-/usr/bin/env ETCDCTL_API=3 /usr/bin/etcdctl put"),
        "{:?}",
        c.corrected
    );
}

/// generalinterest/vagrant_cluster test_etcd.sh: v2's cluster-health in `docker run …
/// quay.io/coreos/etcd:v3.2.4 etcdctl`. Its v3 meaning, `endpoint health --cluster`, needs
/// etcdctl 3.3 (etcd-io/etcd#8117): for 3.2 the correction checks the endpoints given.
#[test]
fn an_etcdctl_3_2_image_gets_no_cluster_flag() {
    let tls = "--cert-file /etc/kubernetes/pki/etcd/peer.crt --key-file /etc/kubernetes/pki/etcd/peer.key --ca-file /etc/kubernetes/pki/etcd/ca.crt --endpoints https://192.168.50.2:2379 cluster-health";
    let c = only(&format!(
        "docker run --rm -it --net host -v /etc/kubernetes:/etc/kubernetes quay.io/coreos/etcd:v3.2.4 etcdctl {tls}"
    ));
    let fixed = c.corrected.clone().unwrap_or_default();
    assert!(fixed.ends_with("endpoint health"), "{fixed}");
    assert!(said(&c).contains("etcdctl 3.2.4 has no --cluster"), "{}", said(&c));
    let c = only(&format!(
        "docker run --rm -it --net host -v /etc/kubernetes:/etc/kubernetes k8s.gcr.io/etcd:3.3.10 etcdctl {tls}"
    ));
    assert!(c.corrected.unwrap_or_default().ends_with("endpoint health --cluster"));
}
