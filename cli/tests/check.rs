//! `etcdtls check` run as a binary: commands as arguments and pasted on standard input, text
//! and JSON, exit codes, and the files of a `--pki` folder read for real.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::fs;
use std::path::Path;

use common::{etcdtls, write};
use etcdtls_pki::{KeyType, KubeadmOptions, KubeadmPki};
use serde_json::Value;

const GOOD: &str = "--endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key";

fn json(args: &[&str], stdin: Option<&str>) -> (i32, Value) {
    let mut cmd = etcdtls();
    cmd.args(["check", "-o", "json"]).args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), v)
}

fn ids(command: &Value) -> Vec<String> {
    command["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

fn worst(command: &Value) -> Option<String> {
    let sev: Vec<&str> = command["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    ["error", "warning", "info"]
        .into_iter()
        .find(|s| sev.contains(s))
        .map(String::from)
}

/// Every corrected command, checked again with the same options, has no error or warning.
fn corrected_are_clean(report: &Value, extra: &[&str]) {
    for c in report["commands"].as_array().unwrap() {
        let Some(fixed) = c["corrected"].as_str() else { continue };
        let mut args = extra.to_vec();
        args.push("--");
        let (code, again) = json(&args, Some(fixed));
        let a = &again["commands"][0];
        assert_eq!(code, 0, "corrected {fixed} still has errors: {a:#}");
        assert!(
            matches!(worst(a).as_deref(), None | Some("info")),
            "corrected {fixed} is not clean: {a:#}"
        );
    }
}

#[test]
fn a_wrong_command_given_as_arguments() {
    let out = etcdtls()
        .args([
            "check",
            "kubectl",
            "exec",
            "-it",
            "etcd-control-plane",
            "--",
            "ETCDCTL_API=3",
            "etcdctl",
        ])
        .args([
            "--endpoints=https://127.0.0.1:2380",
            "--cacert=/etc/kubernetes/pki/ca.crt",
            "--cert=/etc/kubernetes/pki/apiserver-etcd-client.crt",
            "--key=/etc/kubernetes/pki/apiserver-etcd-client.key",
            "get",
            "/registry",
            "--prefix",
            "--keys-only",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    for id in [
        "env-prefix-in-exec",
        "namespace-missing",
        "file-not-in-pod",
        "peer-port",
        "wrong-ca",
        "kubectl-exec-in-pod",
        "pod-name",
    ] {
        assert!(text.contains(&format!("{id}:")), "{id} missing:\n{text}");
    }
    assert!(text.contains("runs:  in pod etcd-control-plane"), "{text}");
    assert!(text.contains(
        "kubectl -n kube-system exec -it etcd-control-plane -- etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key get /registry --prefix --keys-only"
    ), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour with NO_COLOR");
}

#[test]
fn a_runbook_pasted_on_standard_input_gives_one_result_per_command() {
    let snippet = format!(
        "Check etcd first:\n\n```bash\n$ export ETCDCTL_API=3\n$ etcdctl {GOOD} \\\n    endpoint health\n$ etcdctl {} member list -w table\n$ kubectl -n kube-system exec etcd-node-1 -- etcdctl --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt endpoint status\n```\n",
        GOOD.replace("/etc/kubernetes/pki/etcd/ca.crt", "/etc/kbuernetes/pki/etcd/ca.crt")
    );
    let (code, report) = json(&[], Some(&snippet));
    assert_eq!(code, 1);
    let commands = report["commands"].as_array().unwrap();
    assert_eq!(commands.len(), 3, "{report:#}");
    assert_eq!(
        commands[0]["findings"].as_array().unwrap().len(),
        0,
        "{:#}",
        commands[0]
    );
    assert_eq!(commands[0]["corrected"], Value::Null);
    assert_eq!(commands[0]["runs_in"], "host");
    assert_eq!(ids(&commands[1]), vec!["path-typo"]);
    assert_eq!(commands[2]["runs_in"], "pod");
    assert_eq!(commands[2]["target"], "kube-system/etcd-node-1");
    assert!(ids(&commands[2]).contains(&"cert-without-key".to_string()));
    for c in commands {
        assert!(c["command"].is_string() && c["does"].is_string());
    }
    corrected_are_clean(&report, &[]);
}

/// `etcdtls check 'kubectl exec … -- sh -c "…"'`: one quoted argument is the command as
/// pasted, quotes and all, as on standard input.
#[test]
fn a_command_given_as_one_quoted_argument_is_read_as_text() {
    let pasted = r#"kubectl -n kube-system exec -it etcd-cp1 -- sh -c "ETCDCTL_API=3 etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key member list""#;
    let (_, as_argument) = json(&[pasted], None);
    let (_, as_input) = json(&[], Some(pasted));
    assert_eq!(as_argument, as_input);
    let command = &as_argument["commands"][0];
    assert_eq!(command["runs_in"], "pod", "{command:#}");
    assert!(
        ids(command).contains(&"server-cert-as-client".to_string()),
        "{command:#}"
    );
}

#[test]
fn a_correct_command_exits_zero() {
    let out = etcdtls()
        .args(["check", "ETCDCTL_API=3", "etcdctl"])
        .args(GOOD.split(' '))
        .args(["endpoint", "status", "-w", "table"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing wrong found"));
}

#[test]
fn nothing_to_check_is_a_usage_error() {
    let out = etcdtls()
        .args(["check"])
        .write_stdin("kubectl get pods\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no etcdctl command found"));
}

fn pki() -> KubeadmPki {
    KubeadmPki::generate(&KubeadmOptions::new(
        "node-1",
        "10.0.0.5",
        KeyType::EcdsaP256,
        time::OffsetDateTime::now_utc() - time::Duration::days(1),
    ))
    .unwrap()
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn the_files_of_a_pki_folder_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let pki = pki();
    write(dir.path(), &pki);
    let root = dir.path().join("pki");
    for entry in [
        "etcd/ca.key",
        "etcd/healthcheck-client.key",
        "etcd/server.key",
        "etcd/peer.key",
        "ca.key",
    ] {
        #[cfg(unix)]
        chmod(&root.join(entry), 0o600);
    }
    let pki_arg = root.to_str().unwrap();

    // Correct, and the files agree.
    let (code, report) = json(
        &["--pki", pki_arg, "--"],
        Some(&format!("ETCDCTL_API=3 etcdctl {GOOD} member list")),
    );
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(
        report["commands"][0]["findings"].as_array().unwrap().len(),
        0,
        "{report:#}"
    );

    // The key of another pair, under the right name.
    fs::copy(root.join("etcd/peer.key"), root.join("etcd/healthcheck-client.key")).unwrap();
    let (code, report) = json(
        &["--pki", pki_arg, "--"],
        Some(&format!("sudo ETCDCTL_API=3 etcdctl {GOOD} member list")),
    );
    assert_eq!(code, 1);
    assert!(
        ids(&report["commands"][0]).contains(&"key-mismatch".to_string()),
        "{report:#}"
    );
    fs::write(
        root.join("etcd/healthcheck-client.key"),
        &pki.files["pki/etcd/healthcheck-client.key"],
    )
    .unwrap();

    // A file that is not there, and a key others can read.
    #[cfg(unix)]
    chmod(&root.join("etcd/healthcheck-client.key"), 0o644);
    let text = format!(
        "ETCDCTL_API=3 etcdctl {} member list",
        GOOD.replace("healthcheck-client.crt", "monitoring-client.crt")
    );
    let (code, report) = json(&["--pki", pki_arg, "--"], Some(&text));
    assert_eq!(code, 1);
    let found = ids(&report["commands"][0]);
    assert!(found.contains(&"file-missing".to_string()), "{found:?}");
    #[cfg(unix)]
    assert!(found.contains(&"key-too-open".to_string()), "{found:?}");
    #[cfg(unix)]
    chmod(&root.join("etcd/healthcheck-client.key"), 0o600);

    // The Kubernetes CA given as etcd's, found by the path; the correction reads the real etcd CA.
    let text = format!(
        "ETCDCTL_API=3 etcdctl {} member list",
        GOOD.replace("pki/etcd/ca.crt", "pki/ca.crt")
    );
    let (code, report) = json(&["--pki", pki_arg, "--"], Some(&text));
    assert_eq!(code, 1);
    assert_eq!(ids(&report["commands"][0]), vec!["wrong-ca"]);
    corrected_are_clean(&report, &["--pki", pki_arg]);
}

#[test]
fn etcdctls_check_perf_is_refused_naming_etcdctl() {
    for sub in ["perf", "datascale"] {
        let out = etcdtls().args(["check", sub, "--load=s"]).output().unwrap();
        assert_eq!(out.status.code(), Some(128), "check {sub}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("etcdctl check {sub}")), "{err}");
        assert!(out.stdout.is_empty());
    }
}

/// A file missing from a folder that holds no certificate (`/tmp` on a laptop reading someone's
/// notes) says the command is for another machine, not that the path is wrong; missing from a
/// folder of certificates, it is missing.
#[test]
fn a_file_is_missing_only_from_a_folder_of_certificates() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    let certs = dir.path().join("certs");
    fs::create_dir_all(&empty).unwrap();
    fs::create_dir_all(&certs).unwrap();
    fs::write(certs.join("ca.crt"), "not read").unwrap();
    let command = |folder: &Path| {
        format!(
            "ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 --cacert={0}/etcd-ca.crt --cert={0}/client.crt --key={0}/client.key member list",
            folder.display()
        )
    };
    let (_, report) = json(&[], Some(&command(&empty)));
    assert!(
        !ids(&report["commands"][0]).contains(&"file-missing".to_string()),
        "{report:#}"
    );
    let (code, report) = json(&[], Some(&command(&certs)));
    assert_eq!(code, 1);
    assert!(
        ids(&report["commands"][0]).contains(&"file-missing".to_string()),
        "{report:#}"
    );
}

/// `etcdtls check notes.md`: a file named alone is read as pasted notes (it was taken for a
/// one-word command: "no etcdctl command found"); a binary named like a command is not.
#[test]
fn a_file_of_notes_named_alone_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("runbook.md");
    fs::write(
        &notes,
        format!("# Backup\n\n```bash\n$ ETCDCTL_API=3 etcdctl {GOOD} snapshot save /var/backups/etcd.db\n$ etcdctl --endpoints=https://127.0.0.1:2380 {} member list\n```\n", &GOOD[GOOD.find(' ').unwrap() + 1..]),
    )
    .unwrap();
    let (code, v) = json(&[notes.to_str().unwrap()], None);
    assert_eq!(code, 1, "{v}");
    let commands = v["commands"].as_array().unwrap();
    assert_eq!(commands.len(), 2, "{v}");
    assert!(ids(&commands[1]).contains(&"peer-port".to_string()), "{v}");
    // Not text: the word is a command, as before.
    let binary = dir.path().join("etcdctl");
    fs::write(&binary, [0x7f, b'E', b'L', b'F', 0xff, 0xfe, 0]).unwrap();
    let out = etcdtls().args(["check", binary.to_str().unwrap()]).output().unwrap();
    // etcdctl without a command: read as one, it prints its help.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("no-command"), "{stdout}");
}

/// etcdadm's /opt/bin/etcdctl.sh exports its own ETCDCTL_CACERT from /etc/etcd/etcdctl.env
/// over the caller's (constants.go EtcdctlEnvFileTemplate): on a real disk, the file judged is
/// the wrapper's, not the prefix's /tmp/ca.crt, and the assignment is said and dropped.
#[test]
fn etcdadms_wrapper_is_judged_with_its_own_files() {
    let missing = "/tmp/etcdtls-check2-no-such-dir/ca.crt";
    let line = format!("sudo ETCDCTL_CACERT={missing} /opt/bin/etcdctl.sh member list");
    let (_, v) = json(&[], Some(&line));
    let c = &v["commands"][0];
    assert!(ids(c).contains(&"wrapper-overrides-env".to_string()), "{c}");
    assert!(!c.to_string().contains(&format!("{missing} does not exist")), "{c}");
    assert_eq!(c["corrected"].as_str(), Some("sudo /opt/bin/etcdctl.sh member list"));
}
