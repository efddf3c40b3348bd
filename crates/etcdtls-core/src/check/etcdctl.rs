//! etcdctl 3.4's command line as data: its global flags, its commands and their flags, read from
//! etcd's `release-3.4` sources (`etcdctl/ctlv3/ctl.go` and `etcdctl/ctlv3/command/*.go`), plus
//! the v2 API's spellings and other programs' flag names that people carry over by mistake.
//! [`parse`] reads an etcdctl argument list with pflag's rules (`--flag=value`, `--flag value`,
//! booleans without a value, `-w json`, `--` ends the flags, flags anywhere after the command).

/// A flag etcdctl knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagSpec {
    /// The long name, without dashes.
    pub name: &'static str,
    /// The one-letter form, if any.
    pub short: Option<char>,
    /// Whether it takes a value (false: a boolean).
    pub takes_value: bool,
}

const fn v(name: &'static str) -> FlagSpec {
    FlagSpec {
        name,
        short: None,
        takes_value: true,
    }
}

const fn b(name: &'static str) -> FlagSpec {
    FlagSpec {
        name,
        short: None,
        takes_value: false,
    }
}

const fn short(mut f: FlagSpec, c: char) -> FlagSpec {
    f.short = Some(c);
    f
}

/// etcdctl 3.4's global flags (every command takes them; each also reads `ETCDCTL_<NAME>`).
pub const GLOBAL_FLAGS: &[FlagSpec] = &[
    v("endpoints"),
    b("debug"),
    short(v("write-out"), 'w'),
    b("hex"),
    v("dial-timeout"),
    v("command-timeout"),
    v("keepalive-time"),
    v("keepalive-timeout"),
    b("insecure-transport"),
    b("insecure-discovery"),
    b("insecure-skip-tls-verify"),
    v("cert"),
    v("key"),
    v("cacert"),
    v("user"),
    v("password"),
    short(v("discovery-srv"), 'd'),
    v("discovery-srv-name"),
    short(b("help"), 'h'),
];

/// An etcdctl command: its words, flags and what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandSpec {
    /// The command words (`["endpoint", "health"]`).
    pub path: &'static [&'static str],
    /// Its own flags.
    pub flags: &'static [FlagSpec],
    /// Whether it changes the cluster or its data.
    pub writes: bool,
    /// What it does, in words; `{args}` is replaced by its arguments.
    pub does: &'static str,
}

const fn cmd(
    path: &'static [&'static str],
    flags: &'static [FlagSpec],
    writes: bool,
    does: &'static str,
) -> CommandSpec {
    CommandSpec {
        path,
        flags,
        writes,
        does,
    }
}

const GET: &[FlagSpec] = &[
    v("consistency"),
    v("order"),
    v("sort-by"),
    b("prefix"),
    b("from-key"),
    b("keys-only"),
    b("count-only"),
    b("print-value-only"),
    v("limit"),
    v("rev"),
];
const PUT: &[FlagSpec] = &[v("lease"), b("prev-kv"), b("ignore-value"), b("ignore-lease")];
const DEL: &[FlagSpec] = &[b("prefix"), b("prev-kv"), b("from-key")];
const CLUSTER: &[FlagSpec] = &[b("cluster")];
const HASHKV: &[FlagSpec] = &[b("cluster"), v("rev")];
const DEFRAG: &[FlagSpec] = &[b("cluster"), v("data-dir")];
const WATCH: &[FlagSpec] = &[short(b("interactive"), 'i'), b("prefix"), b("prev-kv"), v("rev")];
const RESTORE: &[FlagSpec] = &[
    v("data-dir"),
    v("wal-dir"),
    v("initial-cluster"),
    v("initial-cluster-token"),
    v("initial-advertise-peer-urls"),
    v("name"),
    b("skip-hash-check"),
    b("mark-compacted"),
    v("bump-revision"),
];
const MIRROR: &[FlagSpec] = &[
    v("prefix"),
    v("dest-prefix"),
    b("no-dest-prefix"),
    v("dest-cert"),
    v("dest-key"),
    v("dest-cacert"),
    b("dest-insecure-transport"),
];
const MIGRATE: &[FlagSpec] = &[b("no-ttl"), v("data-dir"), v("wal-dir"), v("transformer")];
const MEMBER_ADD: &[FlagSpec] = &[v("peer-urls"), b("learner")];
const MEMBER_UPDATE: &[FlagSpec] = &[v("peer-urls")];
const USER_ADD: &[FlagSpec] = &[b("interactive"), v("new-user-password"), b("no-password")];
const INTERACTIVE: &[FlagSpec] = &[b("interactive")];
const DETAIL: &[FlagSpec] = &[b("detail")];
const PERMISSION: &[FlagSpec] = &[b("prefix"), b("from-key")];
const CHECK: &[FlagSpec] = &[v("load"), v("prefix"), b("auto-compact"), b("auto-defrag")];
const NONE: &[FlagSpec] = &[];

/// etcdctl 3.4's commands.
pub const COMMANDS: &[CommandSpec] = &[
    cmd(&["get"], GET, false, "reads {args}"),
    cmd(&["put"], PUT, true, "writes {args}"),
    cmd(&["del"], DEL, true, "deletes {args}"),
    cmd(
        &["txn"],
        &[short(b("interactive"), 'i')],
        true,
        "runs a transaction read from standard input",
    ),
    cmd(
        &["compaction"],
        &[b("physical")],
        true,
        "compacts the key history up to revision {args}",
    ),
    cmd(
        &["alarm", "disarm"],
        NONE,
        true,
        "disarms all alarms (for example NOSPACE after a defrag)",
    ),
    cmd(&["alarm", "list"], NONE, false, "lists the cluster's alarms"),
    cmd(
        &["defrag"],
        DEFRAG,
        true,
        "defragments the database of each endpoint (blocks that member meanwhile)",
    ),
    cmd(
        &["endpoint", "health"],
        CLUSTER,
        false,
        "checks that each endpoint answers a read",
    ),
    cmd(
        &["endpoint", "status"],
        CLUSTER,
        false,
        "shows each endpoint's version, database size, leader and raft index",
    ),
    cmd(
        &["endpoint", "hashkv"],
        HASHKV,
        false,
        "prints each endpoint's key-value history hash",
    ),
    cmd(&["move-leader"], NONE, true, "makes member {args} the leader"),
    cmd(&["watch"], WATCH, false, "watches {args} for changes until interrupted"),
    cmd(
        &["version"],
        NONE,
        false,
        "prints etcdctl's own version (it does not contact etcd)",
    ),
    cmd(&["lease", "grant"], NONE, true, "creates a lease of {args} seconds"),
    cmd(
        &["lease", "revoke"],
        NONE,
        true,
        "revokes lease {args} and deletes its keys",
    ),
    cmd(
        &["lease", "timetolive"],
        &[b("keys")],
        false,
        "shows the time left on lease {args}",
    ),
    cmd(&["lease", "list"], NONE, false, "lists the active leases"),
    cmd(&["lease", "keep-alive"], &[b("once")], true, "keeps lease {args} alive"),
    cmd(
        &["member", "add"],
        MEMBER_ADD,
        true,
        "adds member {args} to the cluster",
    ),
    cmd(
        &["member", "remove"],
        NONE,
        true,
        "removes member {args} from the cluster",
    ),
    cmd(
        &["member", "update"],
        MEMBER_UPDATE,
        true,
        "changes the peer URLs of member {args}",
    ),
    cmd(&["member", "list"], NONE, false, "lists the cluster's members"),
    cmd(
        &["member", "promote"],
        NONE,
        true,
        "promotes learner {args} to a voting member",
    ),
    cmd(
        &["snapshot", "save"],
        NONE,
        false,
        "saves a snapshot of the database to {args}",
    ),
    cmd(
        &["snapshot", "status"],
        NONE,
        false,
        "shows the hash, revision and size of snapshot file {args} (local, no connection)",
    ),
    cmd(
        &["snapshot", "restore"],
        RESTORE,
        false,
        "restores snapshot file {args} into a new data directory (local, no connection)",
    ),
    cmd(
        &["make-mirror"],
        MIRROR,
        true,
        "mirrors the keys to the cluster at {args}",
    ),
    cmd(
        &["migrate"],
        MIGRATE,
        true,
        "migrates v2 keys of a stopped member's data directory to v3",
    ),
    cmd(&["lock"], &[v("ttl")], true, "takes the lock {args}"),
    cmd(
        &["elect"],
        &[short(b("listen"), 'l')],
        true,
        "takes part in election {args}",
    ),
    cmd(&["auth", "enable"], NONE, true, "turns authentication on"),
    cmd(&["auth", "disable"], NONE, true, "turns authentication off"),
    cmd(&["user", "add"], USER_ADD, true, "adds user {args}"),
    cmd(&["user", "delete"], NONE, true, "deletes user {args}"),
    cmd(&["user", "get"], DETAIL, false, "shows user {args}"),
    cmd(&["user", "list"], NONE, false, "lists the users"),
    cmd(
        &["user", "passwd"],
        INTERACTIVE,
        true,
        "changes the password of user {args}",
    ),
    cmd(&["user", "grant-role"], NONE, true, "grants a role: {args}"),
    cmd(&["user", "revoke-role"], NONE, true, "revokes a role: {args}"),
    cmd(&["role", "add"], NONE, true, "adds role {args}"),
    cmd(&["role", "delete"], NONE, true, "deletes role {args}"),
    cmd(&["role", "get"], NONE, false, "shows role {args}"),
    cmd(&["role", "list"], NONE, false, "lists the roles"),
    cmd(
        &["role", "grant-permission"],
        PERMISSION,
        true,
        "grants a permission: {args}",
    ),
    cmd(
        &["role", "revoke-permission"],
        PERMISSION,
        true,
        "revokes a permission: {args}",
    ),
    cmd(
        &["check", "perf"],
        CHECK,
        true,
        "runs a write-heavy performance test against the cluster",
    ),
    cmd(
        &["check", "datascale"],
        CHECK,
        true,
        "writes test data to measure the memory etcd uses",
    ),
];

/// Flag names from elsewhere (etcdctl v2, the etcd server, kube-apiserver, other tools) and
/// the etcdctl 3.4 flag that does what was meant.
pub const MISTAKEN_FLAGS: &[(&str, &str, &str)] = &[
    ("ca-file", "cacert", "etcdctl v2"),
    ("cert-file", "cert", "etcdctl v2 and the etcd server"),
    ("key-file", "key", "etcdctl v2 and the etcd server"),
    ("peers", "endpoints", "etcdctl v2"),
    ("username", "user", "etcdctl v2"),
    ("u", "user", "etcdctl v2"),
    ("endpoint", "endpoints", ""),
    ("trusted-ca-file", "cacert", "the etcd server"),
    ("etcd-cafile", "cacert", "kube-apiserver"),
    ("etcd-certfile", "cert", "kube-apiserver"),
    ("etcd-keyfile", "key", "kube-apiserver"),
    ("etcd-servers", "endpoints", "kube-apiserver"),
    ("cacert-file", "cacert", ""),
    ("ca", "cacert", ""),
    ("cafile", "cacert", ""),
    ("ca-cert", "cacert", ""),
    ("certfile", "cert", ""),
    ("keyfile", "key", ""),
    ("insecure", "insecure-skip-tls-verify", ""),
    ("output", "write-out", "etcdctl v2 and kubectl"),
    ("insecure-skip-verify", "insecure-skip-tls-verify", ""),
];

/// v2's one-letter flags: `-C` (peers/endpoints), `-o` (output) and `-u` (username).
pub const V2_SHORT_FLAGS: &[(char, &str)] = &[('C', "endpoints"), ('o', "write-out"), ('u', "user")];

/// Whether a flag takes no value where cobra looks for the command words `found` so far
/// (pflag's `NoOptDefVal`): the global booleans, and the found command's own; a group's are
/// those every subcommand has (etcdctl's persistent `endpoint --cluster`).
fn is_bool(found: &[&str], is: impl Fn(&FlagSpec) -> bool) -> bool {
    let bool_in = |flags: &[FlagSpec]| flags.iter().any(|f| is(f) && !f.takes_value);
    let mut under = COMMANDS.iter().filter(|c| c.path.starts_with(found));
    bool_in(GLOBAL_FLAGS) || (!found.is_empty() && under.all(|c| bool_in(c.flags)))
}

/// Finds the command words as cobra 0.0.x's `Find` does: at each level `stripFlags` drops the
/// flags and the word after each `--flag` (no `=`) or `-f` that is not a boolean there, known
/// or not; the first word left names the next command, exactly or (etcdctl sets
/// `EnablePrefixMatching`) as the start of exactly one name. Returns the names found (a group
/// alone when no subcommand follows), their word indices and the words taken as flag values.
fn find_command(args: &[String]) -> (Vec<&'static str>, Vec<usize>, Vec<usize>) {
    let (mut found, mut at) = (Vec::new(), Vec::new());
    'level: loop {
        let mut names: Vec<&'static str> = COMMANDS
            .iter()
            .filter(|c| c.path.len() > found.len() && c.path.starts_with(&found))
            .map(|c| c.path[found.len()])
            .collect();
        names.dedup(); // a group's commands are together in the table
        let mut values = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_str();
            let takes_value = match a.strip_prefix("--") {
                // `--cacert= /x` too: the word after a space after `=` was meant as the value.
                Some(long) => {
                    (!a.contains('=') || a.ends_with('='))
                        && !is_bool(&found, |f| long.strip_suffix('=').unwrap_or(long) == f.name)
                }
                None => {
                    a.len() == 2 && a.starts_with('-') && !is_bool(&found, |f| f.short.is_some_and(|c| a.ends_with(c)))
                }
            };
            if a == "--" {
                break;
            } else if is_elided(a) || (found.is_empty() && is_forwarded(a)) {
            } else if takes_value {
                values.push(i + 1);
                i += 1;
            } else if !a.is_empty() && !a.starts_with('-') && !at.contains(&i) {
                let prefixed: Vec<&&str> = names.iter().filter(|n| n.starts_with(a)).collect();
                let name = match prefixed[..] {
                    _ if names.contains(&a) => names.iter().find(|n| **n == a),
                    [one] => Some(one),
                    _ => None,
                };
                let Some(name) = name else { break };
                found.push(*name);
                at.push(i);
                continue 'level;
            }
            i += 1;
        }
        return (found, at, values);
    }
}

/// One flag as written on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagUse {
    /// The name as written, without dashes (`cacert`, `w`).
    pub written: String,
    /// The known flag it names, if any.
    pub spec: Option<FlagSpec>,
    /// Its value (`true` for a boolean written bare).
    pub value: Option<String>,
    /// The index of the word holding the flag.
    pub word: usize,
    /// The index of a separate value word (`--cacert x`), if any.
    pub value_word: Option<usize>,
    /// Written with one dash but more than one letter (`-endpoints`).
    pub single_dash_long: bool,
}

impl FlagUse {
    /// The etcdctl flag's long name, when known.
    pub fn name(&self) -> Option<&'static str> {
        self.spec.map(|s| s.name)
    }
}

/// An etcdctl argument list, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Every flag, in order.
    pub flags: Vec<FlagUse>,
    /// Positional words and their indices.
    pub positionals: Vec<(usize, String)>,
    /// The command, when the positionals start with one.
    pub command: Option<&'static CommandSpec>,
    /// The command words as etcdctl reads them (`snapshot` alone: a group without its
    /// subcommand; `compact` is read as `compaction`).
    pub path: Vec<&'static str>,
    /// How many positionals the command words took.
    pub command_words: usize,
    /// Whether words were left out (`...`): flags not seen may be among them.
    pub elided: bool,
    /// Whether the command and its arguments come from a script's own arguments (`"$@"`, or
    /// `$1` where the command would be): a wrapper, whose command its caller gives.
    pub forwarded: bool,
}

impl Parsed {
    /// The last value given for a flag (later ones win, as in pflag).
    pub fn value(&self, name: &str) -> Option<&FlagUse> {
        self.flags.iter().rev().find(|f| f.name() == Some(name))
    }

    /// The positionals after the command words.
    pub fn args(&self) -> impl Iterator<Item = &str> {
        self.positionals
            .iter()
            .skip(self.command_words)
            .map(|(_, s)| s.as_str())
    }
}

fn find_long(name: &str, command: &[FlagSpec]) -> Option<FlagSpec> {
    GLOBAL_FLAGS.iter().chain(command).find(|f| f.name == name).copied()
}

fn find_short(c: char, command: &[FlagSpec]) -> Option<FlagSpec> {
    GLOBAL_FLAGS.iter().chain(command).find(|f| f.short == Some(c)).copied()
}

/// `...` (`…`) where notes leave words out (`etcdctl ... member remove <ID>`): no argument
/// anyone means to type.
pub fn is_elided(word: &str) -> bool {
    matches!(word, "..." | "…")
}

/// A script's or function's own arguments (`"$@"`, `$*`, `${@}`; `$1` to `$9` where the
/// command would be), which its caller gives.
pub fn is_forwarded(word: &str) -> bool {
    let name = word
        .strip_prefix("${")
        .and_then(|w| w.strip_suffix('}'))
        .or_else(|| word.strip_prefix('$'));
    matches!(name, Some("@" | "*"))
        || name.is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
}

/// Reads etcdctl's arguments (the words after `etcdctl`).
pub fn parse(args: &[String]) -> Parsed {
    // Flags may come before or after the command, and a command's own flags are known only
    // once the command is: find the command words first, as cobra does, then read every flag
    // against the command's flags, as pflag does.
    // An unknown flag before the command took the next word as its value (after it, the
    // next word is its value only if it looks like one: pflag rejects the flag anyway).
    let (path, at, mut values) = find_command(args);
    values
        .retain(|&v| v < at.last().copied().unwrap_or(usize::MAX) && args.get(v).is_some_and(|a| !a.starts_with('-')));
    let command = COMMANDS.iter().find(|c| c.path == path.as_slice());
    let own: &[FlagSpec] = command.map(|c| c.flags).unwrap_or(&[]);
    let mut parsed = Parsed {
        command,
        command_words: path.len(),
        path,
        ..Parsed::default()
    };
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if is_elided(a) {
            parsed.elided = true;
            i += 1;
            continue;
        }
        // `"$@"` anywhere, `$1` before any command word: the caller's words.
        if is_forwarded(a)
            && (matches!(
                a.trim_start_matches("${").trim_start_matches('$').as_bytes().first(),
                Some(b'@' | b'*')
            ) || parsed.path.is_empty())
        {
            parsed.forwarded = true;
            i += 1;
            continue;
        }
        if a == "--" {
            parsed
                .positionals
                .extend(args.iter().enumerate().skip(i + 1).map(|(j, s)| (j, s.clone())));
            break;
        }
        if let Some(body) = a.strip_prefix("--").filter(|b| !b.is_empty()) {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let spec = find_long(name, own);
            let mut use_ = FlagUse {
                written: name.to_string(),
                spec,
                value: inline.clone(),
                word: i,
                value_word: None,
                single_dash_long: false,
            };
            let wants_value = match spec {
                Some(s) => s.takes_value,
                // An unknown flag: guess from what it is mistaken for, or from the next word.
                None => mistaken_target(name)
                    .and_then(|t| find_long(t, own))
                    .map(|s| s.takes_value)
                    .unwrap_or_else(|| {
                        values.contains(&(i + 1)) || args.get(i + 1).is_some_and(|n| n.starts_with('/'))
                    }),
            };
            // `--cacert= /x`: a space after `=` leaves the flag empty and `/x` an argument;
            // `/x` is what was meant (the rules say what etcdctl does).
            let spaced = wants_value && inline.as_deref() == Some("") && values.contains(&(i + 1));
            if inline.is_none() || spaced {
                if wants_value {
                    if let Some(next) = args.get(i + 1) {
                        use_.value = Some(next.clone());
                        use_.value_word = Some(i + 1);
                        i += 1;
                    }
                } else {
                    use_.value = Some("true".into());
                }
            }
            parsed.flags.push(use_);
        } else if a.len() > 1 && a.starts_with('-') && !a.starts_with("--") {
            let body = &a[1..];
            let first = body.chars().next().unwrap_or('-');
            let rest = &body[first.len_utf8()..];
            let spec = find_short(first, own);
            // `-endpoints=...`: pflag reads it as -e -n -d...; people meant a long flag.
            let long_guess = body.split('=').next().unwrap_or(body);
            let single_dash_long = long_guess.len() > 1 && find_long(long_guess, own).is_some();
            if single_dash_long {
                let inline = body.split_once('=').map(|(_, v)| v.to_string());
                let spec = find_long(long_guess, own);
                let mut use_ = FlagUse {
                    written: long_guess.to_string(),
                    spec,
                    value: inline.clone(),
                    word: i,
                    value_word: None,
                    single_dash_long: true,
                };
                if inline.is_none() && spec.is_some_and(|s| s.takes_value) {
                    use_.value = args.get(i + 1).cloned();
                    use_.value_word = args.get(i + 1).map(|_| i + 1);
                    i += 1;
                }
                parsed.flags.push(use_);
            } else {
                let mut use_ = FlagUse {
                    written: first.to_string(),
                    spec,
                    value: None,
                    word: i,
                    value_word: None,
                    single_dash_long: false,
                };
                let takes_value = spec.map(|s| s.takes_value).unwrap_or_else(|| {
                    values.contains(&(i + 1))
                        || V2_SHORT_FLAGS
                            .iter()
                            .any(|(c, long)| *c == first && find_long(long, own).is_some_and(|s| s.takes_value))
                });
                if takes_value {
                    let inline = rest.strip_prefix('=').unwrap_or(rest);
                    if !inline.is_empty() {
                        use_.value = Some(inline.to_string());
                    } else if let Some(next) = args.get(i + 1) {
                        use_.value = Some(next.clone());
                        use_.value_word = Some(i + 1);
                        i += 1;
                    }
                } else {
                    use_.value = Some("true".into());
                }
                parsed.flags.push(use_);
            }
        } else {
            parsed.positionals.push((i, a.clone()));
        }
        i += 1;
    }
    parsed
}

/// What a mistaken flag name stands for in etcdctl 3.4.
pub fn mistaken_target(name: &str) -> Option<&'static str> {
    MISTAKEN_FLAGS.iter().find(|(n, _, _)| *n == name).map(|(_, t, _)| *t)
}

/// The closest flag etcdctl knows (for this command), for an unknown one: a known mistake,
/// a typo within a few edits, or a unique flag the name starts.
pub fn closest_flag(name: &str, command: Option<&CommandSpec>) -> Option<&'static str> {
    if let Some(t) = mistaken_target(name) {
        return Some(t);
    }
    let own = command.map(|c| c.flags).unwrap_or(&[]);
    let candidates: Vec<&'static str> = GLOBAL_FLAGS.iter().chain(own).map(|f| f.name).collect();
    let best = candidates
        .iter()
        .map(|c| (strsim::osa_distance(name, c), *c))
        .min_by_key(|(d, c)| (*d, c.len()))?;
    let limit = if name.len() <= 4 { 1 } else { 3 };
    if best.0 <= limit {
        return Some(best.1);
    }
    let starts: Vec<&&str> = candidates
        .iter()
        .filter(|c| c.starts_with(name) && name.len() >= 2)
        .collect();
    (starts.len() == 1).then(|| *starts[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Parsed {
        parse(&line.split_whitespace().map(String::from).collect::<Vec<_>>())
    }

    #[test]
    fn flags_before_and_after_the_command() {
        let x = p("--endpoints https://a:2379 --cacert=/ca get /registry --prefix --keys-only -w json");
        assert_eq!(x.command.map(|c| c.path), Some(&["get"][..]));
        assert_eq!(
            x.value("endpoints").and_then(|f| f.value.clone()).as_deref(),
            Some("https://a:2379")
        );
        assert_eq!(
            x.value("write-out").and_then(|f| f.value.clone()).as_deref(),
            Some("json")
        );
        assert_eq!(x.value("prefix").and_then(|f| f.value.clone()).as_deref(), Some("true"));
        assert_eq!(x.args().collect::<Vec<_>>(), vec!["/registry"]);
    }

    #[test]
    fn two_word_commands_and_unknown_flags() {
        let x = p("endpoint health --cluster --ca-cert /x");
        assert_eq!(x.command.map(|c| c.path), Some(&["endpoint", "health"][..]));
        let unknown: Vec<_> = x.flags.iter().filter(|f| f.spec.is_none()).collect();
        assert_eq!(unknown.len(), 1);
        assert_eq!(unknown[0].value.as_deref(), Some("/x"));
        assert_eq!(closest_flag("ca-cert", x.command), Some("cacert"));
        assert_eq!(closest_flag("endpoint", None), Some("endpoints"));
        assert_eq!(closest_flag("cacrt", None), Some("cacert"));
        assert_eq!(
            closest_flag("keys-onyl", x.command),
            None,
            "a get flag is not an endpoint flag"
        );
        assert_eq!(closest_flag("zzzzzzzz", None), None);
    }

    #[test]
    fn single_dash_long_flags() {
        let x = p("-endpoints=https://a:2379 member list");
        assert!(x.flags[0].single_dash_long);
        assert_eq!(x.flags[0].name(), Some("endpoints"));
        assert_eq!(x.command.map(|c| c.path), Some(&["member", "list"][..]));
    }
}
