//! `etcdtls doctor --cluster` on real 3-member etcd labs: one where every member has its own
//! certificates and two of them are wrong in the ways that hide behind a healthy endpoint (one
//! expires within the warning window, one does not cover its own IP), and a sound one that
//! loses a member.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use etcdtls::lab::{CertOptions, ClientSecurity, Lab, LabSpec, MemberCerts};
use etcdtls_e2e::{etcdtls, lab, require_etcd};
use serde_json::Value;

/// A 3-member lab whose members have their own certificates: lab-2's client certificate
/// expires in 10 days, lab-3's client certificate covers `localhost` but not 127.0.0.1, the
/// address it advertises (etcd runs with it all the same: nothing in etcd dials its own client
/// URL with verification).
fn faulty_lab() -> (Lab, tempfile::TempDir) {
    require_etcd();
    let dir = tempfile::tempdir().unwrap();
    let mut spec = LabSpec::new(3, dir.path().join("lab"));
    spec.member_certs = BTreeMap::from([
        (
            2,
            MemberCerts {
                server: CertOptions {
                    valid_for: Some(time::Duration::days(10)),
                    sans: None,
                },
                ..MemberCerts::default()
            },
        ),
        (
            3,
            MemberCerts {
                server: CertOptions {
                    valid_for: None,
                    sans: Some(vec!["lab-3".into(), "localhost".into(), "::1".into()]),
                },
                ..MemberCerts::default()
            },
        ),
    ]);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let lab = runtime.block_on(Lab::up(&spec)).expect("lab up");
    (lab, dir)
}

/// `doctor --cluster` with `extra` flags, listing members from the first member only.
fn doctor_cluster(lab: &Lab, extra: &[&str]) -> (String, i32) {
    let mut args = vec![
        format!("--endpoints={}", lab.members[0].client_url),
        "--dial-timeout=3s".to_string(),
        "doctor".into(),
        "--cluster".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let run = etcdtls(&args, &[]);
    (run.stdout + &run.stderr, run.code)
}

fn json(lab: &Lab, extra: &[&str]) -> (Value, i32) {
    let mut flags = vec!["-o", "json"];
    flags.extend_from_slice(extra);
    let (out, code) = doctor_cluster(lab, &flags);
    (
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}")),
        code,
    )
}

fn row<'a>(report: &'a Value, member: &str, kind: &str) -> &'a Value {
    report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["member"] == member && r["kind"] == kind)
        .unwrap_or_else(|| panic!("no {member} {kind} row in {report:#}"))
}

fn problem_ids(row: &Value) -> Vec<&str> {
    row["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["diagnosis"].as_str().unwrap())
        .collect()
}

#[test]
fn every_members_certificates_with_what_is_wrong() {
    let (lab, _dir) = faulty_lab();
    let pki = lab.path("pki").display().to_string();
    let (report, code) = json(&lab, &["--pki", &pki]);
    assert_eq!(code, 1, "misconfigured: {report:#}");
    assert_eq!(report["peer_credentials"], true, "--pki gives the peer pair");
    let rows = report["certificates"].as_array().unwrap();
    assert_eq!(rows.len(), 6, "3 members × client and peer URL: {report:#}");

    for m in &lab.members {
        let client = row(&report, &m.name, "client");
        assert_eq!(client["url"], m.client_url.as_str());
        assert_eq!(
            client["subject"],
            format!("CN = {}", m.name),
            "each member serves its own"
        );
        assert_eq!(client["issuer"], "CN = etcd-ca");
        assert_eq!(client["signed_by_given_ca"], true);
        let peer = row(&report, &m.name, "peer");
        assert_eq!(peer["url"], m.peer_url.as_str());
        assert_eq!(peer["status"], "ok", "{peer:#}");
        assert_eq!(
            peer["handshake"], "accepted",
            "etcd took the peer certificate: {peer:#}"
        );
        assert_eq!(peer["san_check"], "covers");
    }

    let sound = row(&report, "lab-1", "client");
    assert_eq!(sound["status"], "ok", "{sound:#}");
    assert_eq!(sound["handshake"], "accepted");
    assert!(sound["days_left"].as_i64().unwrap() > 300);

    let expiring = row(&report, "lab-2", "client");
    assert_eq!(expiring["status"], "warn", "{expiring:#}");
    assert_eq!(problem_ids(expiring), ["cert-expiring-soon"]);
    let left = expiring["days_left"].as_i64().unwrap();
    assert!((9..=10).contains(&left), "{left} days left");
    assert_eq!(expiring["san_check"], "covers");

    let no_ip = row(&report, "lab-3", "client");
    assert_eq!(no_ip["status"], "fail", "{no_ip:#}");
    assert_eq!(no_ip["san_check"], "missing");
    assert_eq!(problem_ids(no_ip), ["server-name-mismatch"]);
    let summary = no_ip["problems"][0]["summary"].as_str().unwrap();
    assert!(
        summary.contains("does not cover 127.0.0.1") && summary.contains("DNS:localhost"),
        "{summary}"
    );
    assert_eq!(
        no_ip["signed_by_given_ca"], true,
        "the issuer is right; only the SANs are wrong"
    );
    // The lab is laid out as kubeadm lays it out, and `kubeadm certs renew` keeps the names a
    // certificate has: the fix makes the certificate anew with the name in its config.
    let fix = no_ip["problems"][0]["fix"].as_str().unwrap();
    assert!(
        fix.contains("add 127.0.0.1 to `etcd.local.serverCertSANs`")
            && fix.contains("kubeadm init phase certs etcd-server"),
        "{fix}"
    );
    let expiring_fix = expiring["problems"][0]["fix"].as_str().unwrap();
    assert!(
        expiring_fix.contains("kubeadm certs renew etcd-server"),
        "{expiring_fix}"
    );

    // The most urgent problem is the one that breaks clients now, not the one that will.
    assert_eq!(report["diagnosis"], "server-name-mismatch");
    assert!(
        report["summary"]
            .as_str()
            .unwrap()
            .starts_with("2 of 6 certificates need attention")
    );

    // The same as a table for people, then what is wrong, then the verdict.
    let (text, code) = doctor_cluster(&lab, &["--pki", &pki]);
    assert_eq!(code, 1);
    let header = text
        .lines()
        .find(|l| l.starts_with("MEMBER"))
        .unwrap_or_else(|| panic!("{text}"));
    for column in ["URL", "KIND", "SUBJECT", "ISSUER", "EXPIRES", "SANS", "STATUS"] {
        assert!(header.contains(column), "{header}");
    }
    let line = |member: &str, kind: &str| {
        text.lines()
            .find(|l| l.starts_with(member) && l.contains(&format!("  {kind}  ")))
            .unwrap_or_else(|| panic!("no {member} {kind} line:\n{text}"))
    };
    assert!(line("lab-1", "client").ends_with("ok"));
    assert!(line("lab-2", "client").ends_with("warn"));
    assert!(line("lab-3", "client").contains("lacks 127.0.0.1"));
    assert!(line("lab-3", "client").ends_with("FAIL"));
    assert!(text.contains("within the 30-day warning window"), "{text}");
    assert!(text.contains("→ server-name-mismatch"), "{text}");

    // A narrower warning window leaves lab-2 alone.
    let (report, _) = json(&lab, &["--pki", &pki, "--warn-days", "5"]);
    assert_eq!(row(&report, "lab-2", "client")["status"], "ok");
}

#[test]
fn peer_urls_without_peer_credentials_are_read_not_shaken_hands_with() {
    let (lab, _dir) = faulty_lab();
    // --cacert, --cert and --key: the client side only.
    let flags: Vec<String> = lab.flags()[1..].to_vec();
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let (report, code) = json(&lab, &flags);
    assert_eq!(code, 1);
    assert_eq!(report["peer_credentials"], false);
    for m in &lab.members {
        let peer = row(&report, &m.name, "peer");
        assert_eq!(peer["handshake"], "not-tried", "{peer:#}");
        assert_eq!(peer["status"], "ok", "the certificate itself is sound: {peer:#}");
        assert_eq!(peer["subject"], format!("CN = {}", m.name));
    }
    assert_eq!(row(&report, "lab-3", "client")["status"], "fail");
}

#[test]
fn a_sound_cluster_is_healthy_until_a_member_stops() {
    let (mut lab, _dir) = lab(3, ClientSecurity::MutualTls);
    let pki = lab.path("pki").display().to_string();
    let (report, code) = json(&lab, &["--pki", &pki]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["diagnosis"], "ok");
    assert!(
        report["certificates"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "ok"),
        "{report:#}"
    );

    lab.kill_member(2);
    let (report, code) = json(&lab, &["--pki", &pki]);
    assert_eq!(code, 2, "only unreachable: {report:#}");
    for kind in ["client", "peer"] {
        let r = row(&report, "lab-3", kind);
        assert_eq!(r["status"], "unreachable", "{r:#}");
        assert_eq!(problem_ids(r), ["unreachable"]);
    }
    assert_eq!(row(&report, "lab-1", "client")["status"], "ok");
}
