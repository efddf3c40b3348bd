//! etcdctl's v2 client: the commands and flags of `ETCDCTL_API=2` (etcdctl's default before
//! 3.4), read off etcd 3.4.23's `etcdctl/ctlv2` (`ctl.go` and `command/*.go`), and the v3
//! command line that does what each meant.
//!
//! The v2 API keeps its own keys: a v3 command does not see what v2 wrote, nor v2 what v3
//! wrote. Kubernetes keeps its data in v3. A translation is therefore what the operator meant,
//! not the same data; the notes say where the meaning shifts.

use super::shell::quote;

/// A v2 flag of etcdctl (urfave/cli, Go's flag syntax: `-name`, `--name`, `=value` or the next
/// word), and what v3 calls it.
struct Flag {
    /// The names it answers to, the long one first.
    names: &'static [&'static str],
    /// Whether it takes a value.
    value: bool,
    /// The v3 flag, or `None` when v3 has nothing like it and it is left out.
    v3: Option<&'static str>,
}

const fn flag(names: &'static [&'static str], value: bool, v3: Option<&'static str>) -> Flag {
    Flag { names, value, v3 }
}

/// The global flags of `ctlv2/ctl.go`.
const GLOBAL_FLAGS: &[Flag] = &[
    flag(&["debug"], false, Some("debug")),
    flag(&["no-sync"], false, None),
    flag(&["output", "o"], true, Some("write-out")),
    flag(&["discovery-srv", "D"], true, Some("discovery-srv")),
    flag(&["insecure-discovery"], false, Some("insecure-discovery")),
    flag(&["peers", "C"], true, Some("endpoints")),
    flag(&["endpoint"], true, Some("endpoints")),
    flag(&["endpoints"], true, Some("endpoints")),
    flag(&["cert-file"], true, Some("cert")),
    flag(&["key-file"], true, Some("key")),
    flag(&["ca-file"], true, Some("cacert")),
    flag(&["username", "u"], true, Some("user")),
    flag(&["timeout"], true, Some("dial-timeout")),
    flag(&["total-timeout"], true, Some("command-timeout")),
];

/// A global flag in a v2 line: v2's own, or one of v3's, which notes mix into v2 lines and which
/// are kept as they are (read off v3's table, [`super::etcdctl::GLOBAL_FLAGS`]).
#[derive(Debug, Clone, Copy)]
struct Global {
    /// Whether it takes a value.
    value: bool,
    /// Its v3 name, if v3 has it.
    v3: Option<&'static str>,
    /// Whether it is written as only v2 writes it.
    v2_only: bool,
    /// v2's `--output`/`-o`, whose values are not v3's.
    output: bool,
}

fn global(name: &str) -> Option<Global> {
    if let Some(f) = GLOBAL_FLAGS.iter().find(|f| f.names.contains(&name)) {
        return Some(Global {
            value: f.value,
            v3: f.v3,
            v2_only: is_v2_only_flag(f),
            output: f.names[0] == "output",
        });
    }
    let mut chars = name.chars();
    let short = chars.next().filter(|_| chars.next().is_none());
    (super::etcdctl::GLOBAL_FLAGS.iter())
        .filter(|f| f.name != "help")
        .find(|f| f.name == name || (short.is_some() && f.short == short))
        .map(|f| Global {
            value: f.takes_value,
            v3: Some(f.name),
            v2_only: false,
            output: false,
        })
}

/// A v2 command: its words and its flags (their v3 names do not apply: each command's
/// translation reads them).
struct Command {
    path: &'static [&'static str],
    flags: &'static [Flag],
}

const fn command(path: &'static [&'static str], flags: &'static [Flag]) -> Command {
    Command { path, flags }
}

const TTL: Flag = flag(&["ttl"], true, None);
const RECURSIVE: Flag = flag(&["recursive", "r"], false, None);
const AFTER_INDEX: Flag = flag(&["after-index"], true, None);
const ROLES: Flag = flag(&["roles"], true, None);
const PERMISSION: &[Flag] = &[
    flag(&["path"], true, None),
    flag(&["read"], false, None),
    flag(&["write"], false, None),
    flag(&["readwrite", "rw"], false, None),
];

/// The commands of `ctlv2/ctl.go`, each with the flags of its `command/*.go`.
const COMMANDS: &[Command] = &[
    command(
        &["backup"],
        &[
            flag(&["data-dir"], true, None),
            flag(&["wal-dir"], true, None),
            flag(&["backup-dir"], true, None),
            flag(&["backup-wal-dir"], true, None),
            flag(&["with-v3"], false, None),
        ],
    ),
    command(&["cluster-health"], &[flag(&["forever", "f"], false, None)]),
    command(&["mk"], &[flag(&["in-order"], false, None), TTL]),
    command(&["mkdir"], &[TTL]),
    command(
        &["rm"],
        &[
            flag(&["dir"], false, None),
            RECURSIVE,
            flag(&["with-value"], true, None),
            flag(&["with-index"], true, None),
        ],
    ),
    command(&["rmdir"], &[]),
    command(
        &["get"],
        &[flag(&["sort"], false, None), flag(&["quorum", "q"], false, None)],
    ),
    command(
        &["ls"],
        &[
            flag(&["sort"], false, None),
            RECURSIVE,
            flag(&["p"], false, None),
            flag(&["quorum", "q"], false, None),
        ],
    ),
    command(
        &["set"],
        &[
            TTL,
            flag(&["swap-with-value"], true, None),
            flag(&["swap-with-index"], true, None),
        ],
    ),
    command(&["setdir"], &[TTL]),
    command(&["update"], &[TTL]),
    command(&["updatedir"], &[TTL]),
    command(
        &["watch"],
        &[flag(&["forever", "f"], false, None), AFTER_INDEX, RECURSIVE],
    ),
    command(&["exec-watch"], &[AFTER_INDEX, RECURSIVE]),
    command(&["member", "list"], &[]),
    command(&["member", "add"], &[]),
    command(&["member", "remove"], &[]),
    command(&["member", "update"], &[]),
    command(&["user", "add"], &[]),
    command(&["user", "get"], &[]),
    command(&["user", "list"], &[]),
    command(&["user", "remove"], &[]),
    command(&["user", "grant"], &[ROLES]),
    command(&["user", "revoke"], &[ROLES]),
    command(&["user", "passwd"], &[]),
    command(&["role", "add"], &[]),
    command(&["role", "get"], &[]),
    command(&["role", "list"], &[]),
    command(&["role", "remove"], &[]),
    command(&["role", "grant"], PERMISSION),
    command(&["role", "revoke"], PERMISSION),
    command(&["auth", "enable"], &[]),
    command(&["auth", "disable"], &[]),
];

/// Whether a v2 command's name is one v3 does not have (`cluster-health`, `ls`, `rm`): its use
/// alone says "v2". Read off both command tables, so the two cannot disagree.
pub fn is_v2_only_command(name: &str) -> bool {
    COMMANDS.iter().any(|c| c.path[0] == name) && !super::etcdctl::COMMANDS.iter().any(|c| c.path[0] == name)
}

/// Whether a global flag, as written, is v2's alone: v3 calls it otherwise or has nothing like
/// it (`--ca-file`, `-C`, `--no-sync`; not `--endpoints` or v3's own `-w`).
fn is_v2_only_flag(flag: &Flag) -> bool {
    flag.v3.is_none_or(|v3| !flag.names.contains(&v3))
}

/// A v2 command line and what v3 says instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    /// The v2 command, as its words (`cluster-health`, `member add`).
    pub v2_command: String,
    /// What in the line exists only in v2 (commands and flags, as written: `--ca-file`).
    pub v2_only: Vec<String>,
    /// The global flags in v3's names (`--cacert=…`), `--flag=value` each.
    pub v3_flags: Vec<String>,
    /// The v3 command words, its arguments and flags, or `None` when v3 has no such thing.
    pub v3_command: Option<Vec<String>>,
    /// The command's own v2 flags as written, without dashes (`r`, `ttl`): the translation
    /// has used them, and v3 has none of them.
    pub command_flags: Vec<String>,
    /// Where the v3 command means something else than the v2 one, a sentence each.
    pub notes: Vec<String>,
}

impl Translation {
    /// The v3 arguments as one shell line, quoted where a shell needs it.
    pub fn v3_line(&self) -> Option<String> {
        let args = self.v3_args()?;
        Some(args.iter().map(|a| quote(a).into_owned()).collect::<Vec<_>>().join(" "))
    }

    /// The whole v3 argument list: global flags, then the command.
    pub fn v3_args(&self) -> Option<Vec<String>> {
        let command = self.v3_command.as_ref()?;
        Some(self.v3_flags.iter().chain(command).cloned().collect())
    }
}

/// One flag as written: its name (without dashes), its value, and the word it was.
struct Given {
    name: String,
    value: Option<String>,
    written: String,
}

/// Reads flags the way Go's `flag` package does for urfave/cli: up to the first word that is
/// not a flag, or `--`. Returns the flags and the index after them.
fn read_flags(args: &[String], mut i: usize, takes_value: &dyn Fn(&str) -> bool) -> (Vec<Given>, usize) {
    let mut given = Vec::new();
    while let Some(word) = args.get(i) {
        if word == "--" {
            i += 1;
            break;
        }
        let Some(body) = word.strip_prefix("--").or_else(|| word.strip_prefix('-')) else {
            break;
        };
        if body.is_empty() {
            break;
        }
        i += 1;
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (body.to_string(), None),
        };
        let value = match inline {
            Some(v) => Some(v),
            None if takes_value(&name) => {
                let v = args.get(i).cloned();
                i += usize::from(v.is_some());
                v
            }
            None => None,
        };
        let written = word.split('=').next().unwrap_or(word).to_string();
        given.push(Given { name, value, written });
    }
    (given, i)
}

/// Reads an etcdctl v2 command line (the arguments after `etcdctl`) and says what v3 says
/// instead. `None` when the line names no v2 command.
pub fn translate(args: &[String]) -> Option<Translation> {
    let (globals, at) = read_flags(args, 0, &|n| global(n).is_some_and(|g| g.value));
    let first = args.get(at)?;
    let cmd = COMMANDS.iter().find(|c| {
        c.path[0] == first.as_str()
            && c.path
                .get(1)
                .is_none_or(|sub| args.get(at + 1).map(String::as_str) == Some(*sub))
    })?;
    let (flags, rest) = read_flags(args, at + cmd.path.len(), &|n| {
        cmd.flags.iter().any(|f| f.value && f.names.contains(&n))
    });
    let positionals = &args[rest.min(args.len())..];
    let has = |name: &str| {
        let names = cmd
            .flags
            .iter()
            .find(|f| f.names.contains(&name))
            .map_or(&[][..], |f| f.names);
        flags.iter().any(|g| names.contains(&g.name.as_str()))
    };
    let value = |name: &str| flags.iter().find(|g| g.name == name).and_then(|g| g.value.clone());

    let mut v2_only: Vec<String> = Vec::new();
    if is_v2_only_command(cmd.path[0]) {
        v2_only.push(cmd.path.join(" "));
    }
    let mut notes: Vec<String> = Vec::new();
    let mut v3: Vec<String> = Vec::new();
    for g in &globals {
        let Some(f) = global(&g.name) else {
            continue;
        };
        if f.v2_only {
            v2_only.push(g.written.clone());
        }
        match (f.v3, &g.value) {
            (Some("write-out"), Some(format)) if f.output => match format.as_str() {
                "json" => v3.push("--write-out=json".into()),
                "extended" => v3.push("--write-out=fields".into()),
                _ => {}
            },
            (Some(name), Some(value)) => v3.push(format!("--{name}={value}")),
            (Some(name), None) if !f.value => v3.push(format!("--{name}")),
            _ => {}
        }
    }
    let key = positionals.first().cloned();
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<String>>();
    let no_directories =
        "v3 has no directories: a key needs no directory above it, and there is nothing to make or remove";
    let ttl_note = |notes: &mut Vec<String>| {
        if let Some(ttl) = value("ttl") {
            notes.push(format!(
                "v3 expires keys through leases: `lease grant {ttl}` prints a lease ID; add `--lease=<ID>` to `put`"
            ));
        }
    };
    let command: Option<Vec<String>> = match cmd.path {
        ["cluster-health"] => {
            if has("forever") {
                notes.push(
                    "v2's --forever repeats the check every 10 seconds; v3 checks once (repeat it with `watch -n 10`)"
                        .into(),
                );
            }
            Some(words(&["endpoint", "health", "--cluster"]))
        }
        ["ls"] => {
            let dir = match key.as_deref() {
                None | Some("") | Some("/") => "/".to_string(),
                Some(k) => format!("{}/", k.trim_end_matches('/')),
            };
            if !has("recursive") {
                notes.push("v2's ls shows one level; v3 has no directories, so this lists every key below".into());
            }
            Some(vec!["get".into(), dir, "--prefix".into(), "--keys-only".into()])
        }
        ["get"] => key.map(|k| vec!["get".into(), k, "--print-value-only".into()]),
        ["set"] | ["mk"] | ["update"] => {
            ttl_note(&mut notes);
            if value("swap-with-value").is_some() || value("swap-with-index").is_some() {
                notes.push(
                    "v2's compare-and-swap is a `txn` in v3 (compare the key's value or mod revision, then put)".into(),
                );
            }
            match cmd.path[0] {
                "mk" => notes.push("mk writes only a key that does not exist; put also overwrites (a create-only write is a `txn` comparing the key's create revision with 0)".into()),
                "update" => notes.push("update writes only a key that exists; put also creates it".into()),
                _ => {}
            }
            if has("in-order") {
                notes.push("v2's in-order keys (numbered under a directory) have no v3 counterpart".into());
                None
            } else {
                key.map(|k| {
                    let mut w = vec!["put".to_string(), k];
                    w.extend(positionals.get(1).cloned());
                    w
                })
            }
        }
        ["rm"] => {
            if value("with-value").is_some() || value("with-index").is_some() {
                notes.push(
                    "v2's compare-and-delete is a `txn` in v3 (compare the key's value or mod revision, then del)"
                        .into(),
                );
            }
            key.map(|k| {
                if has("recursive") || has("dir") {
                    let dir = format!("{}/", k.trim_end_matches('/'));
                    notes.push(format!(
                        "this deletes every key below {dir}; {k} itself, if it is a key, goes with `del {k}`"
                    ));
                    vec!["del".into(), dir, "--prefix".into()]
                } else {
                    vec!["del".into(), k]
                }
            })
        }
        ["mkdir"] | ["setdir"] | ["updatedir"] | ["rmdir"] => {
            notes.push(no_directories.into());
            None
        }
        ["watch"] | ["exec-watch"] => {
            if value("after-index").is_some() {
                notes.push("v2 indexes are not v3 revisions: v3's `watch --rev` takes a revision".into());
            }
            if cmd.path[0] == "watch" && !has("forever") {
                notes.push(
                    "v2's watch stops after the first change unless --forever; v3's runs until interrupted".into(),
                );
            }
            // exec-watch takes `<key> -- <command>`, or (no `--`) the key last.
            let (key, exec) = match cmd.path[0] {
                "exec-watch" if positionals.iter().skip(1).any(|a| a == "--") => {
                    (key, positionals.get(2..).unwrap_or_default().to_vec())
                }
                "exec-watch" => match positionals.split_last() {
                    Some((last, exec)) => (Some(last.clone()), exec.to_vec()),
                    None => (None, Vec::new()),
                },
                _ => (key, Vec::new()),
            };
            key.map(|k| {
                let mut w = vec!["watch".to_string()];
                if has("recursive") {
                    w.push("--prefix".into());
                }
                w.push(k);
                if !exec.is_empty() {
                    w.push("--".into());
                    w.extend(exec);
                }
                w
            })
        }
        ["backup"] => {
            notes.push("v2's backup copies a stopped member's data directory; v3 takes a snapshot of a running member over the network, restored with `etcdctl snapshot restore`".into());
            let file = match value("backup-dir") {
                Some(dir) => format!("{}/snapshot.db", dir.trim_end_matches('/')),
                None => "snapshot.db".into(),
            };
            Some(vec!["snapshot".into(), "save".into(), file])
        }
        ["member", "add"] => match positionals {
            [name, url, ..] => Some(vec![
                "member".into(),
                "add".into(),
                name.clone(),
                format!("--peer-urls={url}"),
            ]),
            _ => None,
        },
        ["member", "update"] => match positionals {
            [id, urls, ..] => Some(vec![
                "member".into(),
                "update".into(),
                id.clone(),
                format!("--peer-urls={urls}"),
            ]),
            _ => None,
        },
        ["user", sub @ ("grant" | "revoke")] => {
            let roles: Vec<String> = flags
                .iter()
                .filter(|g| g.name == "roles")
                .filter_map(|g| g.value.clone())
                .flat_map(|v| v.split(',').map(str::to_string).collect::<Vec<_>>())
                .collect();
            if roles.len() > 1 {
                notes.push(format!(
                    "v3 takes one role at a time: run it once for each of {}",
                    roles.join(", ")
                ));
            }
            match (key, roles.first()) {
                (Some(user), Some(role)) => Some(vec!["user".into(), format!("{sub}-role"), user, role.clone()]),
                _ => None,
            }
        }
        ["role", sub @ ("grant" | "revoke")] => {
            let path = value("path");
            let permission = if has("readwrite") || (has("read") && has("write")) {
                "readwrite"
            } else if has("write") {
                "write"
            } else {
                "read"
            };
            match (key, path) {
                (Some(role), Some(path)) => {
                    let mut w = vec!["role".to_string(), format!("{sub}-permission"), role];
                    if *sub == "grant" {
                        w.push(permission.into());
                    }
                    match path.strip_suffix('*') {
                        Some(prefix) => {
                            w.push(prefix.to_string());
                            w.push("--prefix".into());
                        }
                        None => w.push(path),
                    }
                    Some(w)
                }
                _ => None,
            }
        }
        [group @ ("user" | "role"), "remove"] => Some(
            [group.to_string(), "delete".into()]
                .into_iter()
                .chain(positionals.iter().cloned())
                .collect(),
        ),
        path => Some(
            path.iter()
                .map(|s| s.to_string())
                .chain(positionals.iter().cloned())
                .collect(),
        ),
    };
    Some(Translation {
        v2_command: cmd.path.join(" "),
        v2_only,
        v3_flags: v3,
        v3_command: command,
        command_flags: flags.into_iter().map(|g| g.name).collect(),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::translate;

    fn v3(line: &str) -> Option<String> {
        let args: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        translate(&args).and_then(|t| t.v3_line())
    }

    #[test]
    fn kubernetes_era_v2_lines_become_their_v3_commands() {
        let cases = [
            (
                "--endpoints https://10.0.0.1:2379 --ca-file /etc/etcd/ca.pem --cert-file /etc/etcd/c.pem --key-file /etc/etcd/c-key.pem cluster-health",
                "--endpoints=https://10.0.0.1:2379 --cacert=/etc/etcd/ca.pem --cert=/etc/etcd/c.pem --key=/etc/etcd/c-key.pem endpoint health --cluster",
            ),
            (
                "-C https://e:2379 ls /registry",
                "--endpoints=https://e:2379 get /registry/ --prefix --keys-only",
            ),
            ("ls", "get / --prefix --keys-only"),
            (
                "--peers=https://e:2379 ls --recursive /",
                "--endpoints=https://e:2379 get / --prefix --keys-only",
            ),
            ("-o json get /foo", "--write-out=json get /foo --print-value-only"),
            (
                "--output extended get /foo",
                "--write-out=fields get /foo --print-value-only",
            ),
            ("set /foo bar", "put /foo bar"),
            (
                "--cacert ca.crt --cert c.crt --key c.key -w table --endpoints https://e:2379 cluster-health",
                "--cacert=ca.crt --cert=c.crt --key=c.key --write-out=table --endpoints=https://e:2379 endpoint health --cluster",
            ),
            ("set --ttl 30 /foo bar", "put /foo bar"),
            ("mk /foo bar", "put /foo bar"),
            ("rm /foo", "del /foo"),
            ("rm -r /foo/", "del /foo/ --prefix"),
            ("rm --recursive /foo", "del /foo/ --prefix"),
            ("watch -r /foo", "watch --prefix /foo"),
            (
                "exec-watch --recursive /foo -- sh -c env",
                "watch --prefix /foo -- sh -c env",
            ),
            ("member list", "member list"),
            (
                "member add infra3 https://10.0.1.13:2380",
                "member add infra3 --peer-urls=https://10.0.1.13:2380",
            ),
            ("member remove 8211f1d0f64f3269", "member remove 8211f1d0f64f3269"),
            (
                "member update 8211f1d0f64f3269 https://e:2380",
                "member update 8211f1d0f64f3269 --peer-urls=https://e:2380",
            ),
            (
                "--username root:pw user remove alice",
                "--user=root:pw user delete alice",
            ),
            ("user grant --roles r1 alice", "user grant-role alice r1"),
            (
                "role grant --path /foo/* --rw r1",
                "role grant-permission r1 readwrite /foo/ --prefix",
            ),
            ("role revoke --path /foo --read r1", "role revoke-permission r1 /foo"),
            (
                "--timeout 3s --total-timeout 10s --no-sync auth enable",
                "--dial-timeout=3s --command-timeout=10s auth enable",
            ),
            (
                "backup --data-dir /var/lib/etcd --backup-dir /tmp/b",
                "snapshot save /tmp/b/snapshot.db",
            ),
        ];
        for (v2, want) in cases {
            assert_eq!(v3(v2).as_deref(), Some(want), "{v2}");
        }
    }

    #[test]
    fn what_v3_lacks_is_said_not_invented() {
        for line in ["mkdir /dir", "setdir /dir", "rmdir /dir", "mk --in-order /queue job"] {
            let args: Vec<String> = line.split_whitespace().map(str::to_string).collect();
            let t = translate(&args).expect(line);
            assert_eq!(t.v3_command, None, "{line}");
            assert!(!t.notes.is_empty(), "{line}");
        }
        let t = translate(&["set".into(), "--ttl".into(), "30".into(), "/k".into(), "v".into()]).unwrap();
        assert!(t.notes.iter().any(|n| n.contains("lease grant 30")), "{:?}", t.notes);
        let t = translate(&[
            "user".into(),
            "grant".into(),
            "--roles".into(),
            "a,b".into(),
            "u".into(),
        ])
        .unwrap();
        assert!(t.notes.iter().any(|n| n.contains("a, b")), "{:?}", t.notes);
    }

    #[test]
    fn only_v2_words_are_named_as_v2() {
        let args: Vec<String> = "--endpoints=https://e:2379 --ca-file=ca.pem -C x get /k"
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let t = translate(&args).unwrap();
        assert_eq!(t.v2_only, ["--ca-file", "-C"]);
        assert_eq!(translate(&["endpoint".into(), "health".into()]), None);
        assert_eq!(translate(&[]), None);
        assert_eq!(translate(&["--ca-file".into()]), None);
        let v3_words = ["-w", "table", "--cacert", "ca.pem", "--debug", "member", "list"];
        let t = translate(&v3_words.map(String::from)).unwrap();
        assert!(t.v2_only.is_empty(), "{:?}", t.v2_only);
        for name in ["cluster-health", "ls", "rm", "mkdir", "exec-watch", "backup"] {
            assert!(super::is_v2_only_command(name), "{name}");
        }
        for name in ["get", "watch", "member", "user", "role", "auth", "endpoint"] {
            assert!(!super::is_v2_only_command(name), "{name}");
        }
    }
}
