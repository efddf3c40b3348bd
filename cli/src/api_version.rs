//! `ETCDCTL_API`, which etcdctl 3.4 reads before anything else (`etcdctl/main.go`): empty or
//! `3` runs its v3 client, `2` its v2 client, and any other value is refused with
//! "unsupported API version". etcdtls speaks v3 only. Under `ETCDCTL_API=2` it runs nothing and
//! says what the v3 command is; etcdctl's v2 words in a v3 command line get the same hint.

use std::ffi::OsString;

use etcdtls_core::check::v2;

use crate::exit::ETCDTLS_COMMANDS;

/// `ETCDCTL_API` from the environment, as text (a value that is not UTF-8 is still a value).
pub fn from_env() -> Option<String> {
    std::env::var_os("ETCDCTL_API").map(|v| v.to_string_lossy().into_owned())
}

/// Whether etcdctl runs its v3 client under this `ETCDCTL_API`: unset, empty or exactly `3`.
pub fn speaks_v3(api: Option<&str>) -> bool {
    api.is_none_or(|a| a.is_empty() || a == "3")
}

/// The answer to a command line under an `ETCDCTL_API` etcdtls does not run: the exit code and
/// what goes to standard error. `None` when the command line runs as usual.
pub fn refusal(args: &[OsString], api: Option<&str>) -> Option<(i32, String)> {
    let api = api.filter(|a| !speaks_v3(Some(a)))?;
    let words: Vec<String> = args.iter().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    // etcdtls's own commands are not etcdctl's; `etcdtls --help` and `--version` are etcdtls's.
    let mut plain = words.iter().filter(|w| !w.starts_with('-'));
    if plain.clone().next().is_none() || plain.any(|w| ETCDTLS_COMMANDS.contains(&w.as_str())) {
        return None;
    }
    if api != "2" {
        // etcdctl's own words and exit code.
        return Some((1, format!("unsupported API version {api}\n")));
    }
    let mut text = String::from(
        "Error: ETCDCTL_API=2 asks for etcdctl's v2 client; etcdtls speaks only etcd's v3 API, and ran nothing.\n",
    );
    match v2::translate(&words) {
        Some(t) => {
            match t.v3_line() {
                Some(line) => text.push_str(&format!("In v3 this is:\n  ETCDCTL_API=3 etcdtls {line}\n")),
                None => text.push_str(&format!("v3 has no `{}`.\n", t.v2_command)),
            }
            for note in &t.notes {
                text.push_str(&format!("Note: {note}.\n"));
            }
        }
        None if words.iter().any(|w| w == "help" || w == "--help" || w == "-h") => {
            text.push_str("etcdctl's v2 help lists the v2 commands: `ETCDCTL_API=2 etcdctl help`.\n")
        }
        None => {
            text.push_str("etcdctl's v2 client has no such command either (`ETCDCTL_API=2 etcdctl help` lists them).\n")
        }
    }
    text.push_str(
        "The v2 API keeps its own keys, apart from v3's, where Kubernetes keeps its data. To run the v2 command itself, use etcdctl with ETCDCTL_API=2.\n",
    );
    Some((1, text))
}

/// A hint for an argument error caused by etcdctl's v2 words (`cluster-health`, `--ca-file`)
/// in a v3 command line: what they are, and the v3 command line.
pub fn v2_hint(args: &[OsString]) -> Option<String> {
    let words: Vec<String> = args.iter().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    let t = v2::translate(&words)?;
    if t.v2_only.is_empty() {
        return None;
    }
    let named: Vec<String> = t.v2_only.iter().map(|w| format!("`{w}`")).collect();
    let verb = if named.len() == 1 { "is" } else { "are" };
    let mut text = format!(
        "etcdtls: {} {verb} etcdctl's v2 API (ETCDCTL_API=2); etcdctl 3.4 and etcdtls speak v3.\n",
        named.join(", ")
    );
    match t.v3_line() {
        Some(line) => text.push_str(&format!("In v3 this is:\n  etcdtls {line}\n")),
        None => text.push_str(&format!("v3 has no `{}`.\n", t.v2_command)),
    }
    for note in &t.notes {
        text.push_str(&format!("Note: {note}.\n"));
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::{refusal, v2_hint};
    use std::ffi::OsString;

    fn args(line: &str) -> Vec<OsString> {
        std::iter::once("etcdtls")
            .chain(line.split_whitespace())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn etcdctl_reads_the_variable_first() {
        let line = args("--endpoints=https://e:2379 member list");
        assert_eq!(refusal(&line, None), None);
        assert_eq!(refusal(&line, Some("")), None);
        assert_eq!(refusal(&line, Some("3")), None);
        assert_eq!(
            refusal(&line, Some("3 ")),
            Some((1, "unsupported API version 3 \n".into()))
        );
        assert_eq!(
            refusal(&line, Some("v3")),
            Some((1, "unsupported API version v3\n".into()))
        );
        let (code, text) = refusal(&line, Some("2")).unwrap();
        assert_eq!(code, 1);
        assert!(
            text.contains("ETCDCTL_API=3 etcdtls --endpoints=https://e:2379 member list\n"),
            "{text}"
        );
        // etcdtls's own commands, and its root help, do not depend on it.
        assert_eq!(refusal(&args("explain /etc/kubernetes/pki"), Some("2")), None);
        assert_eq!(refusal(&args("--help"), Some("2")), None);
    }

    #[test]
    fn a_v2_line_is_given_its_v3_line() {
        let line = args("--ca-file=ca.pem --cert-file c.pem --key-file k.pem -C https://e:2379 cluster-health");
        let (_, text) = refusal(&line, Some("2")).unwrap();
        assert!(
            text.contains(
                "  ETCDCTL_API=3 etcdtls --cacert=ca.pem --cert=c.pem --key=k.pem --endpoints=https://e:2379 endpoint health --cluster\n"
            ),
            "{text}"
        );
        let hint = v2_hint(&line).unwrap();
        assert!(
            hint.starts_with(
                "etcdtls: `cluster-health`, `--ca-file`, `--cert-file`, `--key-file`, `-C` are etcdctl's v2 API"
            ),
            "{hint}"
        );
        let (_, text) = refusal(&args("mkdir /dir"), Some("2")).unwrap();
        assert!(
            text.contains("v3 has no `mkdir`.\nNote: v3 has no directories"),
            "{text}"
        );
        assert_eq!(v2_hint(&args("--endpoints=https://e:2379 get /k")), None);
    }
}
