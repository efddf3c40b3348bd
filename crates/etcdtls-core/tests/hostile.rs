//! Hostile and oversized inputs through the public entry points: each gives an error or a
//! bounded answer, never a panic, a stack overflow, an exhausted memory or a run without end.
//! Each test here was a crash, a hang or a memory explosion found by fuzzing or by reading the
//! parsers against `src/limits.rs` (see docs/fuzzing.md).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use etcdtls_core::check::{NoFiles, check};
use etcdtls_core::{Input, Options, Report, analyze, limits, why};
use time::OffsetDateTime;

fn explain_one(name: &str, text: &str) -> Report {
    analyze(
        &[Input::new(name, text.as_bytes())],
        &Options::at(OffsetDateTime::UNIX_EPOCH),
    )
}

/// Runs `f` on a thread with the stack the web page's WebAssembly has (1 MiB), so that
/// recursion that only the CLI's 8 MiB main thread survives fails here.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(1024 * 1024)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no panic and no stack overflow")
}

fn errors(report: &Report) -> String {
    report
        .errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn yaml_aliases_of_aliases_are_refused_not_expanded() {
    // Ten aliases per level, nine levels: 10^9 copies of "lol" from a hundred lines.
    let mut yaml = String::from("apiVersion: v1\nkind: Config\na0: &a0\n");
    yaml.push_str(&"- lol\n".repeat(10));
    for level in 1..10 {
        yaml.push_str(&format!("a{level}: &a{level}\n"));
        yaml.push_str(&format!("- *a{}\n", level - 1).repeat(10));
    }
    let report = explain_one("admin.conf", &yaml);
    let said = errors(&report);
    assert!(said.contains("anchors and aliases copy too much"), "{said}");
}

#[test]
fn yaml_aliases_of_aliases_in_flow_collections_are_refused_not_expanded() {
    // The same bomb written in flow style: `a1: &a1 [*a0, *a0, ...]`.
    let mut yaml =
        String::from("apiVersion: v1\nkind: Config\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let aliases = vec![format!("*a{}", level - 1); 10].join(", ");
        yaml.push_str(&format!("a{level}: &a{level} [{aliases}]\n"));
    }
    yaml.push_str("a10: {k: *a9}\n");
    let report = explain_one("admin.conf", &yaml);
    let said = errors(&report);
    assert!(said.contains("anchors and aliases copy too much"), "{said}");
}

#[test]
fn nested_anchors_on_a_large_value_are_refused() {
    // Every level's anchor copies everything beneath it: depth times the size.
    let mut yaml = String::from("kind: Config\nx:\n");
    for depth in 1..100 {
        yaml.push_str(&format!("{}- &n{depth}\n", " ".repeat(depth)));
    }
    yaml.push_str(&format!("{}- {}\n", " ".repeat(100), "v".repeat(64 * 1024)));
    let report = explain_one("admin.conf", &yaml);
    assert!(
        errors(&report).contains("anchors and aliases copy too much"),
        "{}",
        errors(&report)
    );
}

#[test]
fn deep_yaml_nesting_is_an_error_even_on_a_small_stack() {
    let report = on_small_stack(|| {
        let mut block = String::from("kind: Config\n");
        for depth in 0..5000 {
            block.push_str(&format!("{}k{depth}:\n", " ".repeat(depth)));
        }
        let flow = format!("kind: Config\nusers: {}", "[".repeat(100_000));
        let json = format!("{{\"kind\": \"Config\", \"users\": {}", "{\"a\": ".repeat(100_000));
        let inputs = [
            Input::new("admin.conf", block.as_bytes()),
            Input::new("kubelet.conf", flow.as_bytes()),
            Input::new("secret.json", json.as_bytes()),
        ];
        let report = analyze(&inputs, &Options::at(OffsetDateTime::UNIX_EPOCH));
        errors(&report)
    });
    assert!(report.matches("nested too deeply").count() >= 2, "{report}");
}

#[test]
fn the_deepest_yaml_allowed_is_read_on_a_small_stack() {
    // Just inside the limit: read, not refused, and no stack overflow either.
    let said = on_small_stack(|| {
        let depth = limits::MAX_YAML_NESTING - 20;
        let mut block = String::from("kind: Config\nnest:\n");
        for d in 1..depth {
            block.push_str(&format!("{}k{d}:\n", " ".repeat(d)));
        }
        block.push_str(&format!(
            "{}last: [{}{}]\n",
            " ".repeat(depth),
            "[".repeat(8),
            "]".repeat(8)
        ));
        errors(&explain_one("admin.conf", &block))
    });
    assert!(!said.contains("nested too deeply"), "{said}");
}

#[test]
fn a_yaml_line_of_many_colons_and_a_mapping_of_many_keys_are_read() {
    // Both were quadratic: each colon searched the line before it for a comment, and each key
    // was compared with every key before it.
    let colons = format!("kind: Config\nnote: {}\n", "a:b".repeat(1_000_000));
    let report = explain_one("admin.conf", &colons);
    assert!(
        report.errors.is_empty() || !errors(&report).contains("nested"),
        "{}",
        errors(&report)
    );
    let mut keys = String::from("kind: Config\n");
    for i in 0..200_000 {
        keys.push_str(&format!("k{i}: v\n"));
    }
    keys.push_str("k7: again\n");
    let said = errors(&explain_one("admin.conf", &keys));
    assert!(said.contains("a key given twice"), "{said}");
}

#[test]
fn check_bounds_variables_that_double_on_each_line() {
    // `A=$A$A` sixty-four times is 2^64 copies: expansion stops at the limit and the rest stays
    // as written.
    let mut text = String::from("A=0123456789abcdef\n");
    for _ in 0..64 {
        text.push_str("A=$A$A\n");
    }
    text.push_str("etcdctl --endpoints=https://$A:2379 get k\n");
    let report = check(&text, &NoFiles, OffsetDateTime::UNIX_EPOCH);
    assert_eq!(report.commands.len(), 1);
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.len() < 4 * limits::MAX_EXPANSION_BYTES, "{} bytes", json.len());
}

#[test]
fn check_reads_a_huge_number_of_continuation_lines_as_one_command() {
    // Quadratic in the words before `limits::MAX_COMMAND_WORDS`: minutes for this paste.
    let mut text = String::from("etcdctl --endpoints=https://127.0.0.1:2379 \\\n");
    for _ in 0..200_000 {
        text.push_str("  --debug \\\n");
    }
    text.push_str("  get k\n");
    assert!(text.len() < limits::MAX_INPUT_BYTES);
    let report = check(&text, &NoFiles, OffsetDateTime::UNIX_EPOCH);
    assert_eq!(report.commands.len(), 1);
}

#[test]
fn check_reads_many_commands_exports_and_a_long_unclosed_quote() {
    // Quadratic in the variables before `limits::MAX_VARIABLES`.
    let mut text = String::new();
    for i in 0..50_000 {
        text.push_str(&format!("export V{i}=/etc/kubernetes/pki\n"));
    }
    for _ in 0..1_000 {
        text.push_str("etcdctl --cacert=$V7/ca.crt get k | etcdctl --cacert=$V49999/ca.crt get k && etcdctl get k\n");
    }
    text.push_str(&format!("etcdctl get \"{}", "x ".repeat(500_000)));
    assert!(text.len() < limits::MAX_INPUT_BYTES);
    let report = check(&text, &NoFiles, OffsetDateTime::UNIX_EPOCH);
    assert_eq!(report.commands.len(), 3_001);
    // A variable exported early is remembered and expanded: its `--cacert` is the Kubernetes
    // CA, which `check` says. One exported past the limit on remembered names stays as written,
    // so there is no path to judge.
    let wrong_ca = |c: &etcdtls_core::check::CommandCheck| {
        c.findings
            .iter()
            .any(|f| f.id.id() == "wrong-ca" && f.message.contains("/etc/kubernetes/pki/ca.crt"))
    };
    assert!(wrong_ca(&report.commands[0]), "{:?}", report.commands[0].findings);
    assert!(!wrong_ca(&report.commands[1]), "{:?}", report.commands[1].findings);
}

#[test]
fn check_and_why_take_text_over_the_limit() {
    // Over 4 MiB: check reads the first 4 MiB, why every line; neither fails.
    let big = "etcdctl get k\n".repeat(limits::MAX_INPUT_BYTES / 14 + 10);
    assert!(big.len() > limits::MAX_INPUT_BYTES);
    assert!(!check(&big, &NoFiles, OffsetDateTime::UNIX_EPOCH).commands.is_empty());
    let log = "x509: certificate signed by unknown authority\n".repeat(100_000);
    assert!(!why(&log).is_empty());
}

/// Each error's kind id (what the web page marks its error rows with) is the `kind` its JSON
/// carries, over inputs that give most kinds.
#[test]
fn error_kind_ids_are_the_json_kinds() {
    let inputs = [
        ("empty.pem", ""),
        ("junk.bin", "\u{1}\u{2}\u{3} not anything"),
        (
            "bad.pem",
            "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
        ),
        (
            "cut.pem",
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        ),
        ("odd.pem", "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n"),
        ("unclosed.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n"),
    ];
    let mut seen = 0;
    for (name, text) in inputs {
        for e in &explain_one(name, text).errors {
            let json = serde_json::to_value(e).unwrap();
            assert_eq!(json["kind"], e.kind.id(), "{name}: {e}");
            seen += 1;
        }
    }
    assert!(seen >= 4, "only {seen} errors");
}
