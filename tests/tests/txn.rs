//! `txn` side by side with etcdctl 3.4 on the same real etcd with client mTLS: the same
//! standard input through both tools (each on keys of its own, `{p}`), compares that succeed
//! and fail, every request kind with its flags, every output format, `--hex`, the interactive
//! prompts, and every kind of malformed input etcdctl rejects (with its message and exit code).
//! Standard output must be byte for byte the same once revisions are masked.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use etcdtls::lab::ClientSecurity;
use etcdtls_e2e::differential::{Case, Mask, Stderr, Target, Tool, case, check_table, run};
use etcdtls_e2e::lab;

/// Revisions in a TxnResponse's protobuf: its header, each response's header, and the
/// create/mod revisions of the key-values inside (range kvs, put prev_kv, delete prev_kvs).
const PB_TXN: Mask = Mask::Protobuf(&[
    &[1, 3],
    &[3, 1, 1, 3],
    &[3, 1, 2, 2],
    &[3, 1, 2, 3],
    &[3, 2, 1, 3],
    &[3, 2, 2, 2],
    &[3, 2, 2, 3],
    &[3, 3, 1, 3],
    &[3, 3, 3, 2],
    &[3, 3, 3, 3],
]);

fn txn(name: &str, args: &[&str], stdin: &str) -> Case {
    let mut all = vec!["txn"];
    all.extend_from_slice(args);
    case(name, &all).stdin(stdin.as_bytes()).writes()
}

/// Setup, then the same transactions in every format.
fn transactions() -> Vec<Case> {
    let mut v = vec![
        txn(
            "no compares: the success requests run",
            &[],
            "\nput {p}/t/a 1\nput {p}/t/d gone\nput {p}/t/bin \"\\x00\\xff\\tz\\n\"\n\n\n",
        ),
        txn("an empty transaction", &[], "\n\n\n"),
    ];
    let succeed = "value(\"{p}/t/a\") = \"1\"\nver(\"{p}/t/a\") > \"0\"\nc(\"{p}/t/a\") > \"0\"\nm(\"{p}/t/a\") != \"0\"\ncreate(\"{p}/t/none\") = \"0\"\n\n\
        get {p}/t/ --prefix --keys-only\nput {p}/t/c new --prev-kv\ndel {p}/t/d --prev-kv\nget {p}/t/a --limit 1 --sort-by=VALUE --order=descend --consistency=s\nget {p}/t/a {p}/t/z\ndel {p}/t/none\n\n\
        get {p}/t/a\n\n";
    let fail = "mod(\"{p}/t/a\") < \"1\"\nval(\"{p}/t/a\") = \"1\"\n\nput {p}/t/never x\n\n\
        get {p}/t/ --prefix\nput {p}/t/e \"two words\" --prev-kv\ndel {p}/t/e {p}/t/f --prev-kv\n\n";
    for f in ["simple", "json", "fields", "protobuf", "table"] {
        v.push(txn(&format!("compares succeed, -w {f}"), &["-w", f], succeed).mask(PB_TXN));
        v.push(txn(&format!("a compare fails, -w {f}"), &["-w", f], fail).mask(PB_TXN));
    }
    v.push(txn(
        "binary values with --hex",
        &["--hex"],
        "\n\nget {p}/t/bin\nget {p}/t/a\n\n\n",
    ));
    v.push(txn("binary values raw", &[], "\n\nget {p}/t/bin\n\n\n"));
    v.push(txn("binary values in JSON", &["-w", "json"], "\n\nget {p}/t/bin\n\n\n"));
    v.push(txn(
        "quoting: backquotes, escapes, Go's %q",
        &[],
        "value(`{p}/t/a`) = `1`\nvalue(\"{p}/t/bin\") = \"\\x00\\xff\\tz\\n\"\n\nput \"{p}/t/sp ace\" \"v\\u00e9\"\nget {p}/t/sp --prefix\n\n\n",
    ));
    v.push(txn(
        "put, get and del flags",
        &[],
        "\n\nput {p}/t/a 1 --prev-kv=true --ignore-lease=false\nput -- {p}/t/dash -v\nget {p}/t/ --from-key --limit 0x2 --rev=0\ndel {p}/t/dash --prev-kv\n\n\n",
    ));
    v.push(txn("put --ignore-value", &[], "\n\nput {p}/t/a --ignore-value\n\n\n"));
    v.push(txn(
        "interactive prompts",
        &["-i"],
        "ver(\"{p}/t/a\") > \"0\"\n\nget {p}/t/a\n\nget {p}/t/c\n\n",
    ));
    v.push(txn(
        "interactive, --interactive=false",
        &["--interactive=false"],
        "\n\nget {p}/t/a\n\n\n",
    ));
    v.push(txn(
        "spaces around lines and \\r\\n",
        &[],
        "  \n \tget {p}/t/a  \r\n\r\n\n",
    ));
    v
}

/// Input etcdctl rejects: its message (or for its crashes, only that something is on stderr)
/// and exit code, and nothing on stdout (or only the prompts already printed).
fn malformed() -> Vec<Case> {
    let mut v = Vec::new();
    let same = |name: &str, stdin: &str| txn(name, &[], stdin);
    let placement = |name: &str, stdin: &str| txn(name, &[], stdin).stderr(Stderr::Placement);
    for (name, line) in [
        ("no parenthesis", "mod"),
        ("an unquoted key", "mod(k) > \"0\""),
        ("no spaces", "mod(\"k\")>\"0\""),
        ("no space before the value", "mod(\"k\") >\"0\""),
        ("no operator", "mod(\"k\")"),
        ("no value", "mod(\"k\") >"),
        ("an unquoted value", "mod(\"k\") > 0"),
        ("an unterminated key", "mod(\"k"),
        ("an unterminated backquote", "mod(`k) > `1`"),
        ("a bad escape", "mod(\"\\q\") > \"1\""),
        ("a surrogate escape", "value(\"k\") = \"\\ud800\""),
        ("an unknown target", "foo(\"k\") > \"0\""),
        ("a space before the parenthesis", "mod (\"k\") > \"0\""),
        ("upper case target", "MOD(\"k\") > \"0\""),
        ("a revision that is not a number", "mod(\"k\") > \"x\""),
        ("a hexadecimal revision", "mod(\"k\") > \"0x10\""),
        ("a revision out of range", "mod(\"k\") > \"99999999999999999999\""),
    ] {
        v.push(same(&format!("compare: {name}"), &format!("{line}\n\n\n\n")));
    }
    v.push(placement(
        "compare: an unknown operator (etcdctl crashes)",
        "mod(\"k\") >= \"0\"\n\n\n\n",
    ));
    v.push(placement(
        "compare: a quoted operator (etcdctl crashes)",
        "value(\"k\") \"=\" \"0\"\n\n\n\n",
    ));
    v.push(placement(
        "compare: lease (etcdctl crashes)",
        "lease(\"k\") = \"0\"\n\n\n\n",
    ));
    for (name, line) in [
        ("one word", "get"),
        ("an unknown request", "foo k"),
        ("delete is not an alias here", "delete k"),
        ("upper case", "GET k"),
        ("a bad escape in a double-quoted word", "put \"a\\q\" v"),
        ("put without a value", "put {p}/t/x"),
        ("put --ignore-value with a value", "put {p}/t/x v --ignore-value"),
        ("put with a bad lease", "put {p}/t/x v --lease=zz"),
        ("get --prefix and --from-key", "get k --prefix --from-key"),
        ("get --prefix with a range end", "get k z --prefix"),
        ("get with an unknown consistency", "get k --consistency=x"),
        ("get with a bad order", "get k --order=up"),
        ("get with a bad sort target", "get k --sort-by=x"),
        ("del with three keys", "del a b c"),
        ("del --prefix and --from-key", "del k --prefix --from-key"),
    ] {
        v.push(same(&format!("request: {name}"), &format!("\n{line}\n\n\n")));
    }
    for (name, line) in [
        ("an unknown flag (cobra prints usage on stderr)", "get k --pre"),
        ("a global flag", "get k --hex"),
        ("a negative value is a flag", "put k -1"),
        ("a bad boolean", "get k --prefix=maybe"),
        ("a bad integer", "get k --limit=abc"),
        ("a flag without its value", "get k --limit"),
        ("a flag before the command takes it as its value", "--prefix get k"),
        ("too many single-quoted words (etcdctl crashes)", "put 'k' 'v' 'w' 'x'"),
    ] {
        v.push(placement(&format!("request: {name}"), &format!("\n{line}\n\n\n")));
    }
    // Single-quoted words are cut by the number of words on the line, as etcdctl does.
    v.push(
        txn(
            "single quotes, cut as etcdctl cuts them",
            &[],
            "\n\nput '{p}/t/q' v\nget 'k'\n\n\n",
        )
        .stderr(Stderr::Placement),
    );
    for (name, stdin) in [
        ("empty input", ""),
        ("input ending in the compares", "mod(\"k\") > \"0\""),
        ("input ending in the success requests", "\nget k\n"),
        ("input ending without the last empty line", "\n\n"),
    ] {
        v.push(same(&format!("input: {name}"), stdin));
    }
    v.push(txn("interactive, then malformed", &["-i"], "\nfoo k\n\n\n").stderr(Stderr::Same));
    v.push(case("an argument", &["txn", "extra"]).stdin(b"\n\n\n"));
    v.push(txn(
        "etcd refuses a key twice",
        &[],
        "\n\nput {p}/t/dup 1\nput {p}/t/dup 2\n\n\n",
    ));
    v.push(txn("etcd refuses an empty key", &[], "value(\"\") = \"\"\n\n\n\n"));
    v.push(txn("-w yaml", &["-w", "yaml"], "\n\n\n"));
    v
}

#[test]
fn txn_matches_etcdctl() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    let target = Target::of(&lab);
    let mut table = transactions();
    table.extend(malformed());
    check_table(&table, &target);

    // Both tools wrote the same data under their own prefix.
    let read = |tool: Tool| run(tool, &case("read", &["get", "{p}/t/", "--prefix"]), &target);
    let (a, b) = (read(Tool::Etcdctl), read(Tool::Etcdtls));
    assert_eq!(a.code, 0);
    let show = |r: &etcdtls_e2e::differential::Run| {
        String::from_utf8_lossy(&r.stdout)
            .replace("/etcdctl", "{p}")
            .replace("/etcdtls", "{p}")
    };
    assert_eq!(show(&a), show(&b));
    assert!(show(&b).contains("{p}/t/c\nnew\n"), "{}", show(&b));
    assert!(
        !show(&b).contains("never"),
        "the failure branch did not run: {}",
        show(&b)
    );
}

#[test]
fn txn_explains_a_failed_connection() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    let target = Target::of(&lab);
    // The Kubernetes CA where etcd's belongs: which file is wrong, and the fix, at once.
    let wrong = case(
        "wrong CA",
        &[
            "--endpoints={ep}",
            "--cacert={dir}/pki/ca.crt",
            "--cert={dir}/pki/etcd/healthcheck-client.crt",
            "--key={dir}/pki/etcd/healthcheck-client.key",
            "txn",
        ],
    )
    .bare()
    .stdin(b"\n\nput /t/x 1\n\n\n");
    let r = run(Tool::Etcdtls, &wrong, &target);
    let err = String::from_utf8_lossy(&r.stderr);
    assert_ne!(r.code, 0);
    assert!(r.stdout.is_empty());
    assert!(err.contains("wrong-ca") && err.contains("pki/ca.crt"), "{err}");
    assert!(!err.contains("context deadline exceeded"), "{err}");
}
