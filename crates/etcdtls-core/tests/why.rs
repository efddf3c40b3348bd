//! `why` on the messages etcd 3.4 and etcdctl really printed for each mistake, captured by
//! `tests/fixtures/why/capture.sh` from real runs against a lab cluster.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use etcdtls_core::why;

#[test]
fn every_captured_message_is_explained_with_its_cause() {
    let corpus = include_str!("../../../tests/fixtures/why/messages.txt");
    let blocks: Vec<&str> = corpus.split("## ").skip(1).collect();
    assert!(blocks.len() >= 8, "the corpus holds every scenario");
    for block in blocks {
        let (id, text) = block.split_once('\n').unwrap();
        let entries = why(text);
        assert!(
            entries.iter().any(|e| e.diagnosis == Some(id.trim())),
            "{id}: no explanation with that cause among {:?}\n{text}",
            entries.iter().map(|e| (e.id, e.diagnosis)).collect::<Vec<_>>()
        );
        // Whatever else is said, the bare catch-all is never the first word.
        assert_ne!(entries[0].id, "context-deadline-exceeded", "{id}");
        for e in &entries {
            assert!(
                !e.meaning.is_empty() && !e.fixes.is_empty(),
                "{id}: {} lacks words",
                e.id
            );
        }
    }
}

#[test]
fn knowledge_base_messages_are_explained() {
    for (text, diagnosis) in [
        (
            "tls: failed to verify client's certificate: x509: certificate signed by unknown authority",
            "client-cert-untrusted",
        ),
        (
            "transport: authentication handshake failed: x509: certificate signed by unknown authority",
            "wrong-ca",
        ),
        (
            "x509: certificate specifies an incompatible key usage (rejected connection from \"10.0.0.1:4\")",
            "client-cert-no-client-auth",
        ),
        (
            "x509: certificate is valid for etcd-0, not 10.0.0.9",
            "server-name-mismatch",
        ),
        (
            "x509: certificate relies on legacy Common Name field, use SANs instead",
            "server-name-mismatch",
        ),
        (
            "Error: x509: certificate has expired or is not yet valid: current time 2026-01-01T00:00:00Z is after 2025-02-03T07:54:34Z",
            "server-cert-expired",
        ),
        ("tls: private key does not match public key", "key-mismatch"),
        ("tls: failed to parse private key", "key-encrypted"),
        ("remote error: tls: certificate required", "client-cert-required"),
        ("etcdserver: user name is empty", "auth-user-not-found"),
        ("etcdserver: user name not found", "auth-user-not-found"),
        ("Error: etcdserver: permission denied", "permission-denied"),
        (
            "open /etc/kubernetes/pki/etcd/ca.crt: permission denied",
            "file-unreadable",
        ),
        (
            "Error: open /etc/kubernetes/pki/etcd/ca.crt: no such file or directory",
            "file-unreadable",
        ),
        (
            "rejected connection from \"127.0.0.1:56910\" (error \"tls: first record does not look like a TLS handshake\", ServerName \"\")",
            "tls-required",
        ),
        ("http: server gave HTTP response to HTTPS client", "plaintext-server"),
    ] {
        let entries = why(text);
        assert!(
            entries.iter().any(|e| e.diagnosis == Some(diagnosis)),
            "{text}: {:?}",
            entries.iter().map(|e| e.id).collect::<Vec<_>>()
        );
    }
}

#[test]
fn go_x509_key_pair_skipping_messages_are_explained_by_what_was_skipped() {
    // crypto/tls tls.go X509KeyPair, word for word.
    let params = "open /etc/etcd/server.key: tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: [EC PARAMETERS]";
    let e = &why(params)[0];
    assert_eq!(e.id, "key-file-without-key");
    assert_eq!(e.diagnosis, Some("wrong-file-type"));
    assert!(e.meaning.ends_with("Go skipped EC PARAMETERS."), "{}", e.meaning);
    assert!(e.causes[0].contains("without -genkey"), "{:?}", e.causes);
    let csr = "tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: [CERTIFICATE REQUEST]";
    let e = &why(csr)[0];
    assert!(e.meaning.ends_with("Go skipped CERTIFICATE REQUEST."), "{}", e.meaning);
    assert!(e.causes[0].contains("signing request"), "{:?}", e.causes);
    let cert = "tls: failed to find \"CERTIFICATE\" PEM block in certificate input after skipping PEM blocks of the following types: [PUBLIC KEY]";
    let e = &why(cert)[0];
    assert_eq!(e.id, "certificate-file-without-certificate");
    assert!(e.meaning.ends_with("Go skipped PUBLIC KEY."), "{}", e.meaning);
}

#[test]
fn a_candidate_ca_that_may_not_sign_is_not_called_a_ca_whose_key_did_not_sign() {
    // Go's CheckSignatureFrom refuses the parent before the signature: CA:FALSE, a version 3
    // certificate without basic constraints, or a key usage without keyCertSign.
    let text = "x509: certificate signed by unknown authority (possibly because of \"x509: invalid signature: parent certificate cannot sign this kind of certificate\" while trying to verify candidate authority certificate \"my-ca\")";
    let entries = why(text);
    assert_eq!(entries[0].id, "parent-cannot-sign");
    assert!(entries[0].meaning.contains("(\"my-ca\")"), "{}", entries[0].meaning);
    for e in &entries {
        assert!(
            !e.causes.iter().any(|c| c.contains("its key did not sign")),
            "{:?}",
            e.causes
        );
    }
    if let Some(e) = entries.iter().find(|e| e.id == "server-unknown-authority") {
        assert!(
            e.causes[0].contains("\"my-ca\" was found, but it may not sign certificates"),
            "{:?}",
            e.causes
        );
    }
}

#[test]
fn go_messages_that_were_not_recognised_are_explained() {
    // crypto/x509 HostnameError, with no DNS SANs; verify.go's path length refusal;
    // crypto/tls X509KeyPair's type check; CheckSignatureFrom's constraint error alone.
    for (text, id, diagnosis) in [
        (
            "x509: certificate is not valid for any names, but wanted to match localhost",
            "no-dns-names",
            Some("server-name-mismatch"),
        ),
        (
            "x509: too many intermediates for path length constraint",
            "path-length-exceeded",
            None,
        ),
        (
            "tls: private key type does not match public key type",
            "key-mismatch",
            Some("key-mismatch"),
        ),
        (
            "x509: invalid signature: parent certificate cannot sign this kind of certificate",
            "parent-cannot-sign",
            Some("wrong-ca"),
        ),
        // Go 1.23's parser (processExtensions): RFC 5280's non-critical extensions.
        (
            "Error: open ca.pem: x509: subject key identifier incorrectly marked critical",
            "go-cannot-parse",
            None,
        ),
        (
            "x509: authority key identifier incorrectly marked critical",
            "go-cannot-parse",
            None,
        ),
        (
            "x509: authority info access incorrectly marked critical",
            "go-cannot-parse",
            None,
        ),
    ] {
        let entries = why(text);
        assert!(!entries.is_empty(), "{text}: not recognised");
        assert_eq!(entries[0].id, id, "{text}");
        assert_eq!(entries[0].diagnosis, diagnosis, "{text}");
    }
    let e = &why("x509: certificate is not valid for any names, but wanted to match localhost")[0];
    assert!(e.meaning.contains("(localhost)"), "{}", e.meaning);
}

#[test]
fn etcdctl_debug_line_for_a_ca_false_ca_is_parent_cannot_sign() {
    // etcdctl 3.4.23 --debug, --cacert a self-signed certificate with CA:FALSE that signed the
    // server certificate (captured on loopback).
    let line = r#"WARNING: 2026/12/08 01:14:26 [core]grpc: addrConn.createTransport failed to connect to {https://127.0.0.1:23792 127.0.0.1:23792 <nil> 0 <nil>}. Err: connection error: desc = "transport: authentication handshake failed: x509: certificate signed by unknown authority (possibly because of \"x509: invalid signature: parent certificate cannot sign this kind of certificate\" while trying to verify candidate authority certificate \"Bad CA\")". Reconnecting..."#;
    let entries = why(line);
    assert_eq!(entries[0].id, "parent-cannot-sign", "{entries:#?}");
    assert!(entries[0].meaning.contains("(\"Bad CA\")"), "{}", entries[0].meaning);
}

#[test]
fn an_incompatible_key_usage_may_come_from_a_ca_above() {
    // etcdctl 3.4.23 --debug, a serverAuth certificate under an intermediate marked clientAuth
    // only (captured on loopback): the leaf itself is fine.
    let line = r#"WARNING: 2026/12/08 01:26:40 [core]grpc: addrConn.createTransport failed to connect to {https://127.0.0.1:23794 127.0.0.1:23794 <nil> 0 <nil>}. Err: connection error: desc = "transport: authentication handshake failed: x509: certificate specifies an incompatible key usage". Reconnecting..."#;
    let e = &why(line)[0];
    assert_eq!(e.id, "server-incompatible-key-usage");
    assert!(e.meaning.contains("or that of a CA above it"), "{}", e.meaning);
    assert!(e.causes.iter().any(|c| c.contains("intermediate CA")), "{:?}", e.causes);
}

#[test]
fn kubelet_lines_are_the_kubelets_not_an_etcd_clients() {
    // klog lines of the kubelet (certificate_manager.go, kubelet_node_status.go): its own
    // connection to kube-apiserver, which etcd has no part in.
    let expired = r#"E1208 01:00:00.000000    1234 certificate_manager.go:562] kubernetes.io/kube-apiserver-client-kubelet: Failed while requesting a signed certificate from the control plane: cannot create certificate signing request: Post "https://10.0.0.1:6443/apis/certificates.k8s.io/v1/certificatesigningrequests": x509: certificate has expired or is not yet valid: current time 2026-12-08T01:00:00Z is after 2026-11-01T00:00:00Z"#;
    let e = &why(expired)[0];
    assert_eq!(e.speaker, etcdtls_core::why::Speaker::Kubelet);
    assert_eq!(e.id, "kubelet-certificate-expired");
    assert!(e.printed_by.starts_with("the kubelet"), "{}", e.printed_by);
    let unknown = r#"E1208 01:00:00.000000    1234 kubelet_node_status.go:96] "Unable to register node with API server" err="Post \"https://10.0.0.1:6443/api/v1/nodes\": x509: certificate signed by unknown authority" node="n1""#;
    let entries = why(unknown);
    assert_eq!(entries[0].id, "kubelet-unknown-authority");
    assert!(
        !entries.iter().any(|e| e.id == "server-unknown-authority"),
        "{entries:#?}"
    );
}

/// net/http's `http: TLS handshake error from` is never etcd's (embed/serve.go discards its
/// http.Server error log; etcd says "rejected connection"): kube-apiserver's, the kubelet's or
/// another Go HTTPS server's, named as exactly as the line allows.
#[test]
fn net_http_handshake_errors_are_attributed_to_the_server_the_line_names() {
    for (line, printed_by, server) in [
        (
            "http: TLS handshake error from 10.0.0.1:5555: remote error: tls: bad certificate",
            "kube-apiserver, the kubelet (port 10250) or a webhook, not etcd",
            "this server's (kube-apiserver's, the kubelet's or a webhook's",
        ),
        (
            "kube-apiserver-cp1 kube-apiserver I1208 01:00:00.000000       1 log.go:245] http: TLS handshake error from 10.0.0.1:5555: remote error: tls: bad certificate",
            "kube-apiserver's HTTPS server",
            "refused kube-apiserver's certificate",
        ),
        (
            "Dec 08 01:00:00 node1 kubelet[812]: I1208 01:00:00.000000     812 log.go:245] http: TLS handshake error from 10.0.0.1:5555: remote error: tls: bad certificate",
            "the kubelet's HTTPS server on port 10250",
            "refused the kubelet's certificate",
        ),
    ] {
        let entries = why(line);
        assert_eq!(entries.len(), 1, "{line}: {entries:#?}");
        let e = &entries[0];
        assert_eq!(e.id, "client-rejected-https-server-cert", "{line}");
        assert!(e.printed_by.contains(printed_by), "{line}: {}", e.printed_by);
        assert!(
            e.meaning.contains(server) && e.meaning.contains("A client (10.0.0.1:5555) refused"),
            "{line}: {}",
            e.meaning
        );
        assert!(!e.meaning.contains("refused etcd's certificate"), "{}", e.meaning);
        assert_eq!(e.diagnosis, None);
    }
    let missing = &why("http: TLS handshake error from 10.0.0.1:5555: tls: client didn't provide a certificate")[0];
    assert!(
        missing.meaning.starts_with("This HTTPS server requires"),
        "{}",
        missing.meaning
    );
}

/// A member's own dials to its peers (rafthttp) are a client's errors about a peer's
/// certificate, checked against --peer-trusted-ca-file: not etcdctl's --cacert.
#[test]
fn a_members_dials_to_its_peers_are_about_peer_certificates() {
    for (line, id) in [
        (
            r#"{"level":"warn","ts":"2026-12-08T01:00:00.000Z","caller":"rafthttp/probing_status.go:68","msg":"prober detected unhealthy status","round-tripper-name":"ROUND_TRIPPER_RAFT_MESSAGE","remote-peer-id":"8e9e05c52164694d","rtt":"0s","error":"tls: failed to verify certificate: x509: certificate signed by unknown authority"}"#,
            "peer-unknown-authority",
        ),
        (
            r#"2026-12-08 01:00:00.000000 W | rafthttp: health check for peer 8211f1d0f64f3269 could not connect: x509: certificate signed by unknown authority (prober "ROUND_TRIPPER_SNAPSHOT")"#,
            "peer-unknown-authority",
        ),
        (
            r#"{"level":"warn","ts":"2026-12-08T01:00:00.000Z","caller":"rafthttp/probing_status.go:68","msg":"prober detected unhealthy status","remote-peer-id":"8e9e05c52164694d","error":"x509: certificate is valid for 10.0.0.2, not 10.0.0.3"}"#,
            "peer-valid-for-not",
        ),
        (
            r#"2026-12-08 01:00:00.000000 W | rafthttp: health check for peer 8211f1d0f64f3269 could not connect: x509: certificate has expired or is not yet valid"#,
            "peer-expired",
        ),
        (
            r#"{"level":"warn","caller":"rafthttp/probing_status.go:68","msg":"prober detected unhealthy status","remote-peer-id":"8e9e05c52164694d","error":"remote error: tls: bad certificate"}"#,
            "peer-rejected-peer-cert",
        ),
    ] {
        let entries = why(line);
        assert_eq!(entries.first().map(|e| e.id), Some(id), "{line}: {entries:#?}");
        let e = &entries[0];
        assert!(
            e.printed_by.contains("etcd member, dialling a peer"),
            "{}",
            e.printed_by
        );
        assert!(!e.meaning.contains("--cacert"), "{}", e.meaning);
    }
}

/// etcd 3.5.x and 3.6 name the port in "rejected connection on peer endpoint"
/// (embed/config_logging.go): the other side is a member and its peer certificate, checked
/// against --peer-trusted-ca-file, not a client's against --trusted-ca-file.
#[test]
fn rejections_on_the_peer_endpoint_are_about_peer_certificates() {
    let line = |error: &str| {
        format!(
            r#"{{"level":"warn","ts":"2026-12-08T01:00:00.000Z","caller":"embed/config_logging.go:160","msg":"rejected connection on peer endpoint","remote-addr":"10.0.0.2:5555","server-name":"","error":"{error}"}}"#
        )
    };
    for (error, id, says) in [
        (
            "tls: failed to verify certificate: x509: certificate signed by unknown authority",
            "etcd-unknown-authority",
            "--peer-trusted-ca-file",
        ),
        (
            "tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-12-08T01:00:00Z is after 2026-01-01T00:00:00Z",
            "etcd-expired",
            "peer member's certificate",
        ),
        (
            "tls: failed to verify certificate: x509: certificate specifies an incompatible key usage",
            "etcd-incompatible-key-usage",
            "--peer-cert-file",
        ),
        (
            "remote error: tls: bad certificate",
            "client-rejected-server-cert",
            "--peer-cert-file",
        ),
    ] {
        let text = line(error);
        let entries = why(&text);
        let e = &entries[0];
        assert_eq!(e.id, id, "{text}");
        assert!(e.meaning.contains(says), "{}", e.meaning);
        assert!(
            !e.meaning.contains("--trusted-ca-file") && !e.meaning.contains("A client refused"),
            "{}",
            e.meaning
        );
        assert_eq!(e.diagnosis, None, "{text}");
    }
}

/// etcdctl 3.4.23 dialling a plaintext etcd 3.4.23 with https:// (tried): grpc-go's EOF.
#[test]
fn a_handshake_cut_short_by_a_plaintext_member_is_explained() {
    let line = r#"WARNING: 2026/12/08 02:07:46 [core]grpc: addrConn.createTransport failed to connect to {https://127.0.0.1:24790 127.0.0.1:24790 <nil> 0 <nil>}. Err: connection error: desc = "transport: authentication handshake failed: EOF". Reconnecting..."#;
    let entries = why(line);
    assert_eq!(entries.first().map(|e| e.id), Some("handshake-eof"), "{entries:#?}");
    assert_eq!(entries[0].diagnosis, Some("plaintext-server"));
}

/// A bare TCP connect and close to etcd 3.4.23's TLS port (tried): "EOF" in its log.
#[test]
fn a_connection_closed_before_the_handshake_is_a_probe_not_a_certificate_error() {
    for line in [
        r#"2026-12-08 02:15:39.644486 I | embed: rejected connection from "127.0.0.1:33354" (error "EOF", ServerName "")"#,
        r#"{"level":"warn","ts":"2026-12-08T01:00:00.000Z","caller":"embed/config_logging.go:160","msg":"rejected connection on client endpoint","remote-addr":"127.0.0.1:5555","server-name":"","error":"EOF"}"#,
    ] {
        let entries = why(line);
        assert_eq!(
            entries.first().map(|e| e.id),
            Some("etcd-handshake-eof"),
            "{line}: {entries:#?}"
        );
        assert_eq!(entries[0].speaker, etcdtls_core::why::Speaker::Etcd);
    }
}

/// kubectl built with Go 1.20 or later ("tls: failed to verify certificate: " first) and
/// kubectl 1.26+'s discovery lines are kubectl's about kube-apiserver, not an etcd client's.
#[test]
fn kubectl_with_go_1_20_wordings_is_kubectl() {
    for line in [
        "Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority",
        r#"E1208 01:00:00.000000   12345 memcache.go:265] couldn't get current server API group list: Get "https://10.0.0.1:6443/api?timeout=32s": tls: failed to verify certificate: x509: certificate signed by unknown authority"#,
    ] {
        let entries = why(line);
        assert_eq!(
            entries.first().map(|e| e.id),
            Some("kubectl-unknown-authority"),
            "{line}: {entries:#?}"
        );
        assert!(!entries.iter().any(|e| e.id == "server-unknown-authority"), "{line}");
    }
}

/// grpc-go 1.67+'s ALPN enforcement: etcd offers h2 (3.4.23 tried), so a proxy answered.
#[test]
fn a_server_without_alpn_is_a_proxy_in_front_of_etcd() {
    let line = r#"rpc error: code = Unavailable desc = connection error: desc = "transport: authentication handshake failed: credentials: cannot check peer: missing selected ALPN property""#;
    let entries = why(line);
    assert_eq!(entries.first().map(|e| e.id), Some("missing-alpn"), "{entries:#?}");
    assert!(entries[0].meaning.contains("etcd selects h2"), "{}", entries[0].meaning);
}

#[test]
fn a_client_told_first_record_is_not_tls_was_answered_in_plaintext() {
    // etcdctl 3.4.23 --debug, dialling https:// to etcd 3.4.23's http:// metrics port
    // (--listen-metrics-urls); its http:// peer port gives the same words. crypto/tls says
    // them on whichever side read plaintext first.
    let client = "WARNING: 2026/12/08 02:46:06 [core]grpc: addrConn.createTransport failed to connect to {https://127.0.0.1:25390 127.0.0.1:25390 <nil> 0 <nil>}. Err: connection error: desc = \"transport: authentication handshake failed: tls: first record does not look like a TLS handshake\". Reconnecting...";
    let e = &why(client)[0];
    assert_eq!(e.id, "first-record-not-tls");
    assert_eq!(e.speaker, etcdtls_core::why::Speaker::Client);
    assert_eq!(e.diagnosis, Some("plaintext-server"));
    assert!(e.meaning.contains("answered in plaintext"), "{}", e.meaning);
    assert!(!e.meaning.contains("connected to etcd's TLS port"), "{}", e.meaning);
    // The same words in etcd's own log: a client spoke plaintext to its TLS port.
    let etcd = r#"{"level":"warn","ts":"2026-11-28T16:29:36.037Z","caller":"embed/config_logging.go:287","msg":"rejected connection","remote-addr":"127.0.0.1:56910","server-name":"","error":"tls: first record does not look like a TLS handshake"}"#;
    let e = &why(etcd)[0];
    assert_eq!(e.speaker, etcdtls_core::why::Speaker::Etcd);
    assert_eq!(e.diagnosis, Some("tls-required"));
}

#[test]
fn kubectl_and_the_kubelet_told_valid_for_get_the_api_servers_names() {
    let kubectl = "Unable to connect to the server: tls: failed to verify certificate: x509: certificate is valid for 10.0.0.1, not 10.0.0.2";
    let e = &why(kubectl)[0];
    assert_eq!(e.id, "valid-for-not");
    assert_eq!(e.speaker, etcdtls_core::why::Speaker::Kubectl);
    assert!(
        e.meaning.starts_with("kubectl refused kube-apiserver's certificate"),
        "{}",
        e.meaning
    );
    assert!(e.meaning.contains("(10.0.0.2)"), "{}", e.meaning);
    assert!(
        e.fixes.iter().any(|f| f.contains("kubeadm init phase certs apiserver")),
        "{:?}",
        e.fixes
    );
    assert_eq!(e.diagnosis, None);
    for text in [&e.meaning].into_iter().chain(e.causes.iter()).chain(e.fixes.iter()) {
        assert!(!text.contains("--endpoints") && !text.contains("etcd-server"), "{text}");
    }
    let kubelet = r#"E1208 02:40:00.000000    1234 kubelet_node_status.go:96] "Unable to register node with API server" err="Post \"https://10.0.0.2:6443/api/v1/nodes\": tls: failed to verify certificate: x509: certificate is valid for 10.96.0.1, 10.0.0.1, not 10.0.0.2""#;
    let e = &why(kubelet)[0];
    assert_eq!(e.speaker, etcdtls_core::why::Speaker::Kubelet);
    assert!(
        e.meaning
            .starts_with("The kubelet refused kube-apiserver's certificate"),
        "{}",
        e.meaning
    );
}

#[test]
fn kubectl_name_checks_are_about_the_api_servers_certificate_not_etcds() {
    for (tail, id) in [
        (
            "x509: certificate is not valid for any names, but wanted to match api.example.com",
            "no-dns-names",
        ),
        (
            "x509: cannot validate certificate for 10.0.0.2 because it doesn't contain any IP SANs",
            "no-ip-sans",
        ),
        (
            "x509: certificate relies on legacy Common Name field, use SANs instead",
            "legacy-common-name",
        ),
        ("x509: certificate is valid for 10.0.0.1, not 10.0.0.2", "valid-for-not"),
    ] {
        let line = format!("Unable to connect to the server: tls: failed to verify certificate: {tail}");
        let e = &why(&line)[0];
        assert_eq!(e.id, id);
        assert_eq!(e.speaker, etcdtls_core::why::Speaker::Kubectl);
        // server-name-mismatch is `etcdtls doctor`'s word for etcd's certificate.
        assert_eq!(e.diagnosis, None, "{id}");
        assert!(
            e.fixes.iter().any(|f| f.contains("kubeadm init phase certs apiserver")),
            "{id}: {:?}",
            e.fixes
        );
        for f in &e.fixes {
            assert!(
                !f.contains("127.0.0.1 and ::1") && !f.contains("localhost") && !f.contains("etcd-server"),
                "{id}: {f}"
            );
            // kubeadm refuses --config together with --apiserver-cert-extra-sans.
            assert!(
                !(f.contains("--config kubeadm.yaml") && f.contains("pass `--apiserver-cert-extra-sans")),
                "{f}"
            );
        }
    }
    // An etcd client keeps etcd's words.
    let e = &why("x509: cannot validate certificate for 10.0.0.2 because it doesn't contain any IP SANs")[0];
    assert_eq!(e.diagnosis, Some("server-name-mismatch"));
}

#[test]
fn kubectl_told_certificate_required_is_not_told_about_etcd() {
    let e = &why("Unable to connect to the server: remote error: tls: certificate required")[0];
    assert_eq!(e.id, "client-cert-missing");
    assert_eq!(e.speaker, etcdtls_core::why::Speaker::Kubectl);
    assert_eq!(e.diagnosis, None);
    assert!(!e.meaning.starts_with("etcd"), "{}", e.meaning);
    assert!(
        !e.fixes.iter().any(|f| f.contains("healthcheck-client")),
        "{:?}",
        e.fixes
    );
}

#[test]
fn kubectl_told_expired_is_explained_as_the_api_servers_certificate() {
    let line = "Unable to connect to the server: tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2026-01-01T00:00:00Z is after 2025-06-01T00:00:00Z";
    let entries = why(line);
    assert_eq!(
        entries.len(),
        1,
        "{:?}",
        entries.iter().map(|e| e.id).collect::<Vec<_>>()
    );
    let e = &entries[0];
    assert_eq!(e.id, "kubectl-certificate-expired");
    assert_eq!(e.speaker, etcdtls_core::why::Speaker::Kubectl);
    assert!(
        e.meaning
            .contains("(current time 2026-01-01T00:00:00Z is after 2025-06-01T00:00:00Z)"),
        "{}",
        e.meaning
    );
    assert!(
        e.fixes.iter().any(|f| f.contains("kubeadm certs renew apiserver")),
        "{:?}",
        e.fixes
    );
    assert_eq!(e.diagnosis, None);
}

#[test]
fn the_dialled_name_stops_where_the_logger_goes_on() {
    // grpc-go's old balancer (kube-apiserver 1.1x): "Failed to dial %s: %v; please retry."
    let line = "Failed to dial 127.0.0.1:2379: connection error: desc = \"transport: authentication handshake failed: x509: certificate is valid for 10.0.0.1, not 127.0.0.1\"; please retry.";
    let e = &why(line)[0];
    assert_eq!(e.id, "valid-for-not");
    assert!(e.meaning.ends_with("dialled (127.0.0.1)."), "{}", e.meaning);
}

#[test]
fn kubectl_told_first_record_is_not_tls_is_not_told_about_etcd_ports() {
    let e = &why("Unable to connect to the server: tls: first record does not look like a TLS handshake")[0];
    assert_eq!(e.id, "first-record-not-tls");
    assert_eq!(e.speaker, etcdtls_core::why::Speaker::Kubectl);
    assert_eq!(e.diagnosis, None);
    for text in [&e.meaning].into_iter().chain(e.causes.iter()).chain(e.fixes.iter()) {
        assert!(!text.contains("etcd") && !text.contains("2379"), "{text}");
    }
}
