//! What people expect of a command-line tool: shell completions that load, a manual page that
//! renders and names every command, help that lists only the flags a command uses, and an
//! `explain` inventory that fits the terminal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::Command;

use common::{etcdtls, kubeadm, write};
use etcdtls_pki::KeyType;

/// Every top-level command, as `etcdtls --help` lists them.
fn commands() -> Vec<String> {
    etcdtls::cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect()
}

fn stdout(args: &[&str]) -> String {
    let out = etcdtls().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn bash_completion_loads_in_bash() {
    let script = stdout(&["completion", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("etcdtls.bash");
    std::fs::write(&path, &script).unwrap();
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!("source {}; complete -p etcdtls", path.display()))
        .output()
        .expect("bash");
    let registered = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(registered.contains("etcdtls"), "{registered}");
    for command in commands() {
        assert!(script.contains(&command), "the bash completion lacks {command}");
    }
}

#[test]
fn zsh_and_fish_completions_name_every_command() {
    for shell in ["zsh", "fish"] {
        let script = stdout(&["completion", shell]);
        for command in commands() {
            assert!(script.contains(&command), "the {shell} completion lacks {command}");
        }
    }
    etcdtls().args(["completion", "tcsh"]).assert().failure();
}

#[test]
fn the_manual_page_renders_and_names_every_command() {
    let page = stdout(&["man"]);
    assert!(page.starts_with(".ie") || page.contains(".TH etcdtls 1"), "{page}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("etcdtls.1");
    std::fs::write(&path, &page).unwrap();
    let out = Command::new("man")
        .args(["-l", "-P", "cat"])
        .arg(&path)
        .env("MANWIDTH", "100")
        .output()
        .expect("man (man-db)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rendered = String::from_utf8_lossy(&out.stdout);
    assert!(rendered.contains("etcdtls"), "{rendered}");
    for command in commands() {
        assert!(rendered.contains(&command), "the manual lacks {command}:\n{rendered}");
    }
    for flag in ["--endpoints", "--cacert", "--write-out"] {
        assert!(rendered.contains(flag), "the manual lacks {flag}");
    }

    etcdtls().args(["man", "--dir"]).arg(dir.path()).assert().success();
    for command in commands() {
        assert!(
            dir.path().join(format!("etcdtls-{command}.1")).is_file(),
            "no page for {command}"
        );
    }
}

#[test]
fn offline_commands_hide_connection_flags_in_help() {
    let explain = stdout(&["explain", "--help"]);
    assert!(
        !explain.contains("--endpoints") && !explain.contains("--cacert"),
        "{explain}"
    );
    let get = stdout(&["get", "--help"]);
    assert!(get.contains("--endpoints") && get.contains("--cacert"), "{get}");
}

/// The inventory's lines: from its header to the first blank line.
fn inventory(text: &str) -> Vec<&str> {
    text.lines()
        .skip_while(|l| !l.starts_with("ITEM"))
        .take_while(|l| !l.is_empty())
        .collect()
}

/// The ITEM column of an inventory, each row's pieces joined: a row starts on the line whose
/// KIND cell is filled, and a wrapped cell continues on the lines below it.
fn items(lines: &[&str]) -> Vec<String> {
    let kind_at = lines[0].find("KIND").unwrap();
    let mut items: Vec<String> = Vec::new();
    for line in &lines[1..] {
        let (item, rest) = line.split_at(kind_at.min(line.len()));
        if rest.starts_with(' ') || rest.is_empty() {
            items.last_mut().unwrap().push_str(item.trim_end());
        } else {
            items.push(item.trim_end().to_string());
        }
    }
    items
}

fn explain(dir: &std::path::Path, columns: Option<&str>, format: &str) -> String {
    let mut cmd = etcdtls();
    cmd.current_dir(dir)
        .args(["explain", ".", "--at", "2026-06-01T00:00:00Z", "-o", format]);
    if let Some(c) = columns {
        cmd.env("COLUMNS", c);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_inventory_fits_the_width_and_json_stays_whole() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &kubeadm(KeyType::EcdsaP256));
    let whole = explain(dir.path(), None, "text");
    let wide = inventory(&whole);
    assert!(wide.len() > 20, "{whole}");
    assert!(
        wide.iter().any(|l| l.chars().count() > 80),
        "the kubeadm inventory is wider than 80 columns unfitted"
    );

    let narrow_text = explain(dir.path(), Some("80"), "text");
    let narrow = inventory(&narrow_text);
    for line in &narrow {
        assert!(line.chars().count() <= 80, "{} columns: {line}", line.chars().count());
    }
    // Wrapped, not cut: every item's name is still there, whole, in order.
    assert!(narrow.len() > wide.len(), "{narrow_text}");
    assert_eq!(items(&narrow), items(&wide));
    // Only the inventory is fitted; the sections after it are the same.
    assert_eq!(
        whole.split_once("\n\n──").map(|(_, rest)| rest),
        narrow_text.split_once("\n\n──").map(|(_, rest)| rest)
    );

    // At 200 columns shortening the expiry and the kind is enough: one line per item.
    let at_200 = explain(dir.path(), Some("200"), "text");
    let rows_200 = inventory(&at_200);
    assert!(rows_200.iter().all(|l| l.chars().count() <= 200), "{at_200}");
    assert_eq!(rows_200.len(), wide.len());
    assert_eq!(items(&rows_200), items(&wide));
    // Wide enough for the whole table: exactly what a pipe gets.
    assert_eq!(explain(dir.path(), Some("1000"), "text"), whole);

    // JSON does not care.
    assert_eq!(
        explain(dir.path(), Some("80"), "json"),
        explain(dir.path(), None, "json")
    );
}

/// cobra's help command with a topic it does not know: the topic on standard error as cobra
/// quotes it, the top-level help on standard output, and success (etcdctl 3.4 does the same,
/// with its own top-level help).
#[test]
fn help_with_an_unknown_topic_is_cobras_answer() {
    let out = etcdtls().args(["help", "frob", "bar"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Unknown help topic [`frob` `bar`]\n"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("explain"));
}

/// cobra v0.0.3 gives a command its `-h, --help` only once it has found it, so before the
/// command help takes the next word for its value: `etcdctl --help get` is the root's help
/// (etcdtls's top-level help here), `member --help list` is member's, and `--help get k` is
/// the unknown command "k" (exit 1).
#[test]
fn help_before_the_command_takes_the_next_word_as_cobra_does() {
    let top = etcdtls().arg("--help").output().unwrap();
    for args in [&["--help", "get"][..], &["-h", "get"]] {
        let out = etcdtls().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(out.stdout, top.stdout, "{args:?}: the top-level help");
    }
    let member = etcdtls().args(["member", "--help", "list"]).output().unwrap();
    assert_eq!(member.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&member.stdout).starts_with("NAME:\n\tmember - Membership related commands\n"),
        "{}",
        String::from_utf8_lossy(&member.stdout)
    );
    let unknown = etcdtls().args(["--help", "get", "k"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(unknown.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&unknown.stderr).starts_with("Error: unknown command \"k\" for \"etcdtls\"\n"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
    let get = etcdtls().args(["--help", "help", "get"]).output().unwrap();
    assert!(String::from_utf8_lossy(&get.stdout).starts_with("NAME:\n\tget - "));
}
