//! The web page in a real headless Chromium: a pasted etcd command is reviewed on the page
//! (findings, fixes and the corrected command), beside certificates and error messages, and the
//! JavaScript module's `check(text)` gives the same JSON as `etcdtls check -o json`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use etcdtls_e2e::browser::{Driver, Server, findings, open, paste, run_js, wait_for};
use serde_json::json;

const COMMAND: &str = "$ kubectl exec -it etcd-control-plane -- etcdctl --endpoints=https://127.0.0.1:2380 \\
    --cacert=/etc/kubernetes/pki/ca.crt \\
    --cert=/etc/kubernetes/pki/apiserver-etcd-client.crt --key=/etc/kubernetes/pki/apiserver-etcd-client.key \\
    member list";

#[tokio::test(flavor = "current_thread")]
async fn a_pasted_command_shows_its_findings_and_correction() {
    let (server, driver) = (Server::start(), Driver::start());
    let client = driver.session(&[]).await;
    open(&client, &server.base).await;

    paste(&client, COMMAND).await;
    wait_for(&client, "document.querySelector('section.check article.check-command')").await;
    let ids = findings(&client).await;
    for id in [
        "namespace-missing",
        "peer-port",
        "wrong-ca",
        "file-not-in-pod",
        "kubectl-exec-in-pod",
        "pod-name",
    ] {
        assert!(ids.contains(&id.to_string()), "{id} not on the page: {ids:?}");
    }
    let runs_in = run_js(
        &client,
        "return document.querySelector('article.check-command').dataset.runsIn;",
    )
    .await;
    assert_eq!(runs_in, json!("pod"));
    let corrected = run_js(&client, "return document.querySelector('code.corrected').textContent;").await;
    assert_eq!(
        corrected,
        json!(
            "kubectl -n kube-system exec -it etcd-control-plane -- etcdctl --endpoints=https://127.0.0.1:2379 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key member list"
        )
    );
    // A command is not a certificate: nothing is reported as unreadable.
    let unreadable = run_js(
        &client,
        "return document.querySelectorAll('section.unreadable').length;",
    )
    .await;
    assert_eq!(unreadable, json!(0));

    // An error message still gets the error explanation, not a command review.
    paste(&client, "x509: certificate signed by unknown authority").await;
    wait_for(&client, "document.querySelector('[data-why]')").await;
    let reviews = run_js(&client, "return document.querySelectorAll('section.check').length;").await;
    assert_eq!(reviews, json!(0));

    // The module's check() for sites that render their own way.
    let requests_before = server.count();
    let js = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             import('./etcdtls-web.js').then(m => done(m.check(arguments[0]))).catch(e => done(String(e)));",
            vec![json!(
                "ETCDCTL_API=3 etcdctl --endpoints=https://10.0.0.5:2380 --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/healthcheck-client.crt --key=/etc/kubernetes/pki/etcd/healthcheck-client.key member list"
            )],
        )
        .await
        .unwrap();
    assert_eq!(js["commands"][0]["findings"][0]["id"], json!("peer-port"), "{js}");
    assert_eq!(js["commands"][0]["runs_in"], json!("host"));
    assert_eq!(
        js["commands"][0]["corrected"].as_str().map(|c| c.contains(":2379")),
        Some(true)
    );
    assert_eq!(server.count(), requests_before, "checking fetched nothing");
    client.close().await.unwrap();
}
