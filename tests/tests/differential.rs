//! etcdtls against etcdctl 3.4, side by side on the same real etcd: each row runs both tools
//! with the same command line and compares standard output byte for byte, the exit code and
//! standard error (see `etcdtls_e2e::differential` for what may differ, and why).
//!
//! Read-only rows read `/fixture/...` keys written once before the table; rows that write use
//! `{p}`, which is `/etcdctl` for etcdctl and `/etcdtls` for etcdtls, so both tools' keys go
//! through the same history. Differences that remain on purpose are listed in the README's
//! "Differences from etcdctl".

#![allow(clippy::unwrap_used, clippy::expect_used)]

use etcdtls::lab::ClientSecurity;
use etcdtls_e2e::differential::{Case, Mask, Stderr, Target, Tool, case, check_table, run};
use etcdtls_e2e::lab;

/// Bytes no UTF-8 decoder accepts, a NUL, control characters and a newline: a value only a
/// binary-safe client prints back unchanged.
const BINARY: &[u8] = b"\x00\x01\xff\xfe\x80 bin\tary\r\n\x1b[0m\x7f end";

/// Header revision, and create/mod revision of a key-value at the given field.
const PB_PUT: Mask = Mask::Protobuf(&[&[1, 3], &[2, 2], &[2, 3]]);
const PB_DEL: Mask = Mask::Protobuf(&[&[1, 3], &[3, 2], &[3, 3]]);
const PB_GET: Mask = Mask::Protobuf(&[&[1, 3], &[2, 2], &[2, 3]]);

fn fixtures(target: &Target) {
    let puts: [(&str, &[u8]); 6] = [
        ("/fixture/a", b"1"),
        ("/fixture/b", b"two words"),
        ("/fixture/c", b"zeta"),
        ("/fixture/d", "caf\u{e9} \u{2603}".as_bytes()),
        ("/fixture/e", b"line one\nline \"two\"\\"),
        ("/fixture/bin", BINARY),
    ];
    for (key, value) in puts {
        let put = case("fixture", &["put", key]).stdin(value);
        let r = run(Tool::Etcdctl, &put, target);
        assert_eq!(r.code, 0, "writing {key}: {}", String::from_utf8_lossy(&r.stderr));
    }
    // A second version of /fixture/a, so --rev has history to read.
    let r = run(Tool::Etcdctl, &case("fixture", &["put", "/fixture/a", "one"]), target);
    assert_eq!(r.code, 0);
}

/// Reading: every output format, the range flags, sorting, consistency, binary values.
fn reads() -> Vec<Case> {
    vec![
        case("one key", &["get", "/fixture/a"]),
        // cobra parses every flag of the line with the command's flag set: a command's own
        // flags may come before its name.
        case(
            "get's flag before the command",
            &["--limit=1", "get", "--prefix", "/fixture"],
        ),
        case(
            "get's flag and its value before the command",
            &["--limit", "1", "get", "--prefix", "/fixture"],
        ),
        case(
            "get's booleans before the command",
            &["--prefix", "--keys-only", "get", "/fixture"],
        ),
        case(
            "get's booleans, the other order",
            &["--keys-only", "--prefix", "get", "/fixture"],
        ),
        case(
            "a boolean of get before it takes the next word for its value",
            &["--print-value-only", "ge", "/fixture/b"],
        )
        .stderr(Stderr::NamesItself),
        case(
            "endpoint's --cluster before endpoint takes the command for its value",
            &["--cluster", "endpoint", "status"],
        )
        .stderr(Stderr::NamesItself),
        case(
            "an unknown flag with = before the command",
            &["--foo=1", "get", "/fixture/a"],
        ),
        case("a missing key prints nothing", &["get", "/fixture/none"]),
        case("prefix", &["get", "/fixture", "--prefix"]),
        case("keys only", &["get", "/fixture", "--prefix", "--keys-only"]),
        case("limit", &["get", "/fixture", "--prefix", "--limit", "2"]),
        case(
            "negative limit is a value, not a flag",
            &["get", "/fixture", "--prefix", "--limit", "-1"],
        ),
        case(
            "negative revision is a value (and ignored)",
            &["get", "/fixture/a", "--rev", "-5"],
        ),
        case("an older revision", &["get", "/fixture/a", "--rev", "2"]),
        case("value only", &["get", "/fixture/b", "--print-value-only"]),
        case("range", &["get", "/fixture/a", "/fixture/c"]),
        case(
            "arguments after the range end are ignored",
            &["get", "/fixture/a", "/fixture/c", "x", "y"],
        ),
        case("from key", &["get", "/fixture/c", "--from-key"]),
        case("everything, keys only", &["get", "", "--prefix", "--keys-only"]),
        case(
            "sort by value, descending",
            &["get", "/fixture", "--prefix", "--sort-by=VALUE", "--order=DESCEND"],
        ),
        case(
            "sort target and order in lower case",
            &[
                "get",
                "/fixture",
                "--prefix",
                "--sort-by",
                "modify",
                "--order",
                "descend",
            ],
        ),
        case(
            "sort by create revision",
            &["get", "/fixture", "--prefix", "--sort-by=CREATE"],
        ),
        case(
            "sort by version",
            &["get", "/fixture", "--prefix", "--sort-by=version", "--keys-only"],
        ),
        case(
            "sort by key, descending, limited",
            &["get", "/fixture", "--prefix", "--order=DESCEND", "--limit=2"],
        ),
        case("serializable", &["get", "/fixture", "--prefix", "--consistency=s"]),
        case("linearizable", &["get", "/fixture/a", "--consistency", "l"]),
        case("binary value, raw bytes", &["get", "/fixture/bin"]),
        case("binary value only", &["get", "/fixture/bin", "--print-value-only"]),
        case("hex", &["--hex", "get", "/fixture", "--prefix"]),
        case("hex after the command", &["get", "/fixture/bin", "--hex"]),
        case("hex=false", &["get", "/fixture/a", "--hex=false"]),
        case("ETCDCTL_HEX", &["get", "/fixture/bin"]).env("ETCDCTL_HEX", "true"),
        case("json", &["get", "/fixture", "--prefix", "-w", "json"]),
        case("json, binary value", &["get", "/fixture/bin", "-w", "json"]),
        case(
            "json, keys only",
            &["get", "/fixture", "--prefix", "--keys-only", "-w", "json"],
        ),
        case(
            "json, limit (more, count)",
            &["get", "/fixture", "--prefix", "--limit=1", "-w=json"],
        ),
        case("json, nothing found", &["get", "/fixture/none", "-w", "json"]),
        case("json ignores --hex", &["get", "/fixture/a", "-w", "json", "--hex"]),
        case("fields", &["get", "/fixture", "--prefix", "-w", "fields"]),
        case(
            "fields, binary and quoted values",
            &["get", "/fixture/bin", "-w", "fields"],
        ),
        case("fields, nothing found", &["get", "/fixture/none", "-w", "fields"]),
        case("protobuf", &["get", "/fixture", "--prefix", "-w", "protobuf"]),
        case(
            "protobuf, binary value",
            &["get", "/fixture/bin", "--write-out=protobuf"],
        ),
        case("ETCDCTL_WRITE_OUT", &["get", "/fixture/a"]).env("ETCDCTL_WRITE_OUT", "json"),
        case("member list", &["member", "list"]),
        case("member list, table", &["member", "list", "-w", "table"]),
        case("member list, json", &["member", "list", "-w", "json"]),
        case("member list, fields", &["member", "list", "-w", "fields"]),
        case("member list, protobuf", &["member", "list", "-w", "protobuf"]),
        case("endpoint status", &["endpoint", "status"]),
        case("endpoint status, table", &["endpoint", "status", "-w", "table"]),
        case("endpoint status, json", &["endpoint", "status", "-w", "json"]),
        case("endpoint status, fields", &["endpoint", "status", "-w", "fields"]),
        case("endpoint status --cluster", &["endpoint", "status", "--cluster"]),
        case("endpoint health: the line is on stderr", &["endpoint", "health"]).mask(Mask::Durations),
        case("endpoint health, table", &["endpoint", "health", "-w", "table"]).mask(Mask::Durations),
        case("endpoint health, json", &["endpoint", "health", "-w", "json"]).mask(Mask::Durations),
        case("endpoint health, fields", &["endpoint", "health", "-w", "fields"]).mask(Mask::Durations),
        case("endpoint health --cluster", &["endpoint", "health", "--cluster"]).mask(Mask::Durations),
    ]
}

/// Writing: put and del with every flag and format, binary standard input, and what must be
/// refused without writing.
fn writes() -> Vec<Case> {
    vec![
        case("put", &["put", "{p}/a", "1"]),
        // clientv3.New's dial context has expired before the dial: ExitBadConnection, no write.
        case(
            "a dial timeout under a millisecond writes nothing",
            &["--dial-timeout=1us", "put", "{p}/tiny-dial", "v"],
        )
        .stderr(Stderr::Placement),
        case("and nothing was written", &["get", "{p}/tiny-dial"]),
        case("put --prev-kv", &["put", "{p}/a", "2", "--prev-kv"]),
        case("put --prev-kv, json", &["put", "{p}/a", "3", "--prev-kv", "-w", "json"]).writes(),
        case(
            "put --prev-kv, fields",
            &["put", "{p}/a", "4", "--prev-kv", "-w", "fields"],
        )
        .writes(),
        case(
            "put --prev-kv, protobuf",
            &["put", "{p}/a", "5", "--prev-kv", "-w", "protobuf"],
        )
        .mask(PB_PUT),
        case("put, json", &["put", "{p}/j", "x", "-w", "json"]).writes(),
        case("put, fields", &["put", "{p}/j", "y", "-w", "fields"]).writes(),
        case(
            "put --ignore-value keeps the value",
            &["put", "{p}/a", "--ignore-value"],
        ),
        case("put --lease 0 is no lease", &["put", "{p}/a", "6", "--lease", "0"]),
        case("the value from standard input", &["put", "{p}/stdin"]).stdin(b"from stdin\n"),
        case("a binary value from standard input", &["put", "{p}/bin"]).stdin(BINARY),
        case("reads the binary value back", &["get", "{p}/bin", "--print-value-only"]),
        case("reads it back as json", &["get", "{p}/bin", "-w", "json"]).writes(),
        case("reads it back as protobuf", &["get", "{p}/bin", "-w", "protobuf"]).mask(PB_GET),
        case("a value after --", &["put", "{p}/dash", "--", "-starts-with-dash"]),
        case("everything written so far", &["get", "{p}", "--prefix"]),
        case(
            "a format put does not support: written, then refused",
            &["put", "{p}/t", "v", "-w", "table"],
        ),
        case("written all the same", &["get", "{p}/t", "--print-value-only"]),
        case("del", &["del", "{p}/t"]),
        case("del of nothing", &["del", "{p}/none"]),
        case("del --prev-kv", &["del", "{p}/j", "--prev-kv"]),
        case("put again", &["put", "{p}/j", "z"]),
        case("del --prev-kv, json", &["del", "{p}/j", "--prev-kv", "-w", "json"]).writes(),
        case("put once more", &["put", "{p}/j", "w"]),
        case("del --prev-kv, fields", &["del", "{p}/j", "--prev-kv", "-w", "fields"]).writes(),
        case("and put", &["put", "{p}/j", "v"]),
        case(
            "del --prev-kv, protobuf",
            &["del", "{p}/j", "--prev-kv", "-w", "protobuf"],
        )
        .mask(PB_DEL),
        case("put r1", &["put", "{p}/r1", "1"]),
        case("put r2", &["put", "{p}/r2", "2"]),
        case("put r3", &["put", "{p}/r3", "3"]),
        case("del a range", &["del", "{p}/r1", "{p}/r3"]),
        case("r3 is left", &["get", "{p}/r", "--prefix"]),
        case("del --prefix --prev-kv", &["del", "{p}/r", "--prefix", "--prev-kv"]),
        case(
            "--hex applies to put's previous value",
            &["put", "{p}/a", "7", "--prev-kv", "--hex"],
        ),
        case(
            "--hex applies to del's previous values",
            &["del", "{p}/a", "--prev-kv", "--hex"],
        ),
        case("all that is left", &["get", "{p}", "--prefix", "-w", "json"]).writes(),
        case(
            "del --from-key past every key deletes nothing",
            &["del", "~~~", "--from-key"],
        ),
        case(
            "get --from-key from the empty key",
            &["get", "", "--from-key", "--keys-only"],
        ),
    ]
}

/// A key with a lease (one lease, granted by etcdctl, shared by both tools' keys).
fn leases(lease: &str) -> Vec<Case> {
    let with = |name: &str, args: &[&str]| {
        let args: Vec<&str> = args.iter().map(|a| if *a == "LEASE" { lease } else { a }).collect();
        case(name, &args)
    };
    vec![
        with("put --lease", &["put", "{p}/leased", "v1", "--lease", "LEASE"]),
        case("the lease in json", &["get", "{p}/leased", "-w", "json"]).writes(),
        case("the lease in fields", &["get", "{p}/leased", "-w", "fields"]).writes(),
        case(
            "put --ignore-lease keeps it",
            &["put", "{p}/leased", "v2", "--ignore-lease", "--prev-kv", "-w", "fields"],
        )
        .writes(),
        case(
            "put --ignore-value keeps the value",
            &["put", "{p}/leased", "--ignore-value", "--prev-kv"],
        ),
        case(
            "a put without --lease drops it",
            &["put", "{p}/leased", "v3", "--prev-kv", "-w", "json"],
        )
        .writes(),
        case("and the key has none", &["get", "{p}/leased", "-w", "fields"]).writes(),
        with(
            "--ignore-lease with --lease is etcd's error",
            &["put", "{p}/leased", "v4", "--lease", "LEASE", "--ignore-lease"],
        )
        .stderr(Stderr::FirstLine),
        // A lease that does not exist (or ran out): clientv3's keep-alive loop ends at once,
        // saying so in the simple format; --once is ErrLeaseNotFound, exit 2.
        case("keep-alive of a missing lease ends", &["lease", "keep-alive", "1"]),
        case(
            "keep-alive of a missing lease, json",
            &["lease", "keep-alive", "1", "-w", "json"],
        ),
        case(
            "keep-alive --once of a missing lease fails",
            &["lease", "keep-alive", "--once", "1"],
        ),
    ]
}

fn grant_lease(target: &Target) -> String {
    let r = run(Tool::Etcdctl, &case("lease", &["lease", "grant", "600"]), target);
    let text = String::from_utf8_lossy(&r.stdout).into_owned();
    // "lease 694d77aa9e38260f granted with TTL(600s)"
    text.split_whitespace().nth(1).expect("a lease ID").to_string()
}

/// Argument errors: etcdctl's exit codes (128 for its own checks, 4 for unsupported values,
/// 1 for the flag parser) and its `Error:` line, and nothing written.
fn argument_errors() -> Vec<Case> {
    vec![
        case("get without a key", &["get"]),
        case("get --prefix --from-key", &["get", "k", "--prefix", "--from-key"]),
        case("get --prefix with a range end", &["get", "a", "b", "--prefix"]),
        case("get --from-key with a range end", &["get", "a", "b", "--from-key"]),
        case("get, unknown consistency", &["get", "k", "--consistency", "x"]),
        case("get, unknown sort order", &["get", "k", "--order", "sideways"]),
        case("get, unknown sort target", &["get", "k", "--sort-by", "size"]),
        case("get, table is not a get format", &["get", "/fixture/a", "-w", "table"]),
        case("an unknown format", &["get", "/fixture/a", "-w", "yaml"]),
        case(
            "--print-value-only needs simple",
            &["get", "/fixture/a", "--print-value-only", "-w", "json"],
        ),
        case("put without arguments", &["put"]),
        case("put with an empty standard input", &["put", "{p}/empty"]),
        case(
            "put --ignore-value with a value",
            &["put", "{p}/a", "v", "--ignore-value"],
        ),
        case("put, a lease that is not hex", &["put", "{p}/a", "v", "--lease", "zz"]),
        case(
            "put, a lease out of range",
            &["put", "{p}/a", "v", "--lease=fffffffffffffffff"],
        ),
        case(
            "put --ignore-lease on a key without one",
            &["put", "{p}/nolease", "v", "--ignore-lease"],
        )
        .stderr(Stderr::FirstLine),
        case("del without a key", &["del"]),
        case("del with three arguments", &["del", "a", "b", "c"]),
        case(
            "del --prefix --from-key refuses",
            &["del", "{p}", "--prefix", "--from-key"],
        ),
        case(
            "del --prefix with a range end refuses",
            &["del", "{p}/a", "{p}/z", "--prefix"],
        ),
        case(
            "del --from-key with a range end refuses",
            &["del", "{p}/a", "{p}/z", "--from-key"],
        ),
        case(
            "endpoint status, protobuf is not supported",
            &["endpoint", "status", "-w", "protobuf"],
        ),
        case(
            "endpoint health, protobuf is not supported",
            &["endpoint", "health", "-w", "protobuf"],
        )
        .mask(Mask::Durations),
        case(
            "nothing was written or deleted by the refusals",
            &["get", "{p}", "--prefix", "--keys-only"],
        ),
        case("an unknown flag", &["get", "k", "--foo"]),
        case(
            "an unknown flag before the command takes the next word as its value",
            &["--foo", "get", "k"],
        )
        .stderr(Stderr::NamesItself),
        case("a negative number where a key goes", &["get", "-5"]),
        case("a flag without its value", &["get", "k", "--limit"]),
        case("a number flag with a word", &["get", "k", "--limit", "abc"]),
        case("a boolean flag with a word", &["--hex=yes", "get", "k"]),
        case("a bad duration", &["--command-timeout=soon", "get", "k"]),
        case("an unknown command", &["frobnicate"]).stderr(Stderr::NamesItself),
        // clientv3 checks peer URLs before it asks etcd (`types.NewURLs`): Go's words, exit 1.
        case(
            "member add, a peer URL without a scheme",
            &["member", "add", "x", "--peer-urls=10.0.0.1:2380"],
        ),
        case(
            "member add, a peer URL without a port",
            &["member", "add", "x", "--peer-urls=http://10.0.0.1"],
        ),
        case(
            "member add, a peer URL with a path",
            &["member", "add", "x", "--peer-urls=http://10.0.0.1:2380/"],
        ),
        case(
            "member add, a trailing comma",
            &["member", "add", "x", "--peer-urls=http://10.0.0.1:2380,"],
        ),
        case(
            "member add, a host:port taken for a scheme",
            &["member", "add", "x", "--peer-urls=localhost:2380"],
        ),
        case(
            "member update, a peer URL without a scheme",
            &["member", "update", "1", "--peer-urls=notaurl"],
        ),
        // cobra's suggestions: within a Levenshtein distance of 2 (any case) or a prefix, in
        // the order etcdctl adds its commands.
        case("a typo of a command is suggested", &["gett", "k"]).stderr(Stderr::NamesItself),
        case("a typo near three commands", &["pet", "k"]).stderr(Stderr::NamesItself),
        case("a command in capitals", &["Get", "k"]).stderr(Stderr::NamesItself),
        case("a typo of member", &["memebr", "list"]).stderr(Stderr::NamesItself),
        case("a typo near watch and auth", &["wath", "k"]).stderr(Stderr::NamesItself),
        case("an ambiguous prefix lists the commands it begins", &["m"]).stderr(Stderr::NamesItself),
        case("an ambiguous one-letter prefix", &["l"]).stderr(Stderr::NamesItself),
        // The unknown word is the command, whatever follows it: cobra does not look further.
        case("an unknown word before a command", &["etcdctl", "get", "k"]).stderr(Stderr::NamesItself),
        case(
            "an unknown word before a command with flags",
            &["foo", "get", "k", "--prefix"],
        )
        .stderr(Stderr::NamesItself),
        case("a missing subcommand shows the help", &["endpoint"]),
        case("an unknown subcommand shows the help", &["member", "frobnicate"]),
        case("an unknown flag of a subcommand", &["member", "list", "--bogus"]),
        case("an unknown shorthand", &["lease", "grant", "-z", "5"]),
        case(
            "an unknown shorthand with more letters (a value starting with -)",
            &["put", "{p}/x", "-v3"],
        ),
        case("an unknown shorthand after a known one", &["get", "k", "-wz"]),
        case("a bad value for a shorthand's flag", &["txn", "--interactive=7"]),
        case("a bad value in a shorthand's form", &["watch", "-i=x"]),
        // watch -i reads its lines first: the end of its input before any event is exit 3.
        case(
            "watch -i -w table reads its input first",
            &["watch", "-i", "-w", "table"],
        ),
        case(
            "endpoint's persistent flag before the subcommand",
            &["endpoint", "--cluster", "status", "--bad"],
        ),
        case("a prefix of a command, then a bad flag", &["mem", "l", "--x"]),
        case("a value flag without its value", &["put", "k", "v", "--lease"]),
        case("-w without its value", &["endpoint", "health", "-w"]),
        case("a boolean with a word in a subcommand", &["defrag", "--cluster=x"]),
        case("arguments list commands ignore", &["member", "list", "extra"]),
        case("arguments endpoint hashkv ignores", &["endpoint", "hashkv", "extra"]),
        // etcd's own refusal per endpoint: etcdctl's line word for word, etcdtls's words after.
        case(
            "endpoint hashkv at a future revision",
            &["endpoint", "hashkv", "--rev=999999999"],
        )
        .stderr(Stderr::FirstLine),
        case(
            "arguments endpoint hashkv --cluster ignores",
            &["endpoint", "hashkv", "--cluster", "a", "b"],
        ),
        // With ETCDCTL_ENDPOINTS beside --endpoints (a conflict etcdctl finds while it builds
        // its client), the argument errors it finds before that come first.
        conflict_after("lease grant, bad TTL", &["lease", "grant", "abc"]),
        conflict_after("lease revoke, bad ID", &["lease", "revoke", "zz"]),
        conflict_after(
            "role grant-permission, bad type",
            &["role", "grant-permission", "r", "bogus", "k"],
        ),
        conflict_after("member remove, bad ID", &["member", "remove", "zz"]),
        conflict_after("watch without a key", &["watch"]),
        conflict_after("lock without a name", &["lock"]),
        conflict_after("elect without a name", &["elect"]),
        conflict_after("compaction, bad revision", &["compaction", "abc"]),
        conflict_after("member add without a name", &["member", "add"]),
        conflict_after("member add without peer URLs", &["member", "add", "m"]),
        conflict_after("member update, bad ID", &["member", "update", "zz"]),
        conflict_after("user add without a name", &["user", "add"]),
        conflict_after("user get without a name", &["user", "get"]),
        conflict_after("user grant-role with one word", &["user", "grant-role", "u"]),
        conflict_after("role add without a name", &["role", "add"]),
        conflict_after(
            "role revoke-permission without a key",
            &["role", "revoke-permission", "r"],
        ),
        conflict_after("move-leader, bad ID", &["move-leader", "zz"]),
        conflict_after("lease timetolive without an ID", &["lease", "timetolive"]),
        conflict_after("lease keep-alive, bad ID", &["lease", "keep-alive", "zz"]),
        conflict_after("alarm disarm with a word", &["alarm", "disarm", "x"]),
        conflict_after("snapshot save without a file", &["snapshot", "save"]),
        // etcdctl parses timetolive's ID only after it has built its client.
        conflict_after("lease timetolive, bad ID", &["lease", "timetolive", "zz"]).stderr(Stderr::Placement),
        // etcdctl logs the conflict with a timestamp.
        conflict_after("the conflict itself", &["lease", "grant", "10"]).stderr(Stderr::Placement),
    ]
}

/// A row against `https://127.0.0.1`, the lab's TLS files and no port.
fn no_port(args: &[&str]) -> Case {
    let mut all = vec![
        "--endpoints=https://127.0.0.1",
        "--cacert={dir}/pki/etcd/ca.crt",
        "--cert={dir}/pki/etcd/healthcheck-client.crt",
        "--key={dir}/pki/etcd/healthcheck-client.key",
        "--dial-timeout=1s",
    ];
    all.extend_from_slice(args);
    case(&format!("no port: {}", args[1..].join(" ")), &all)
        .bare()
        .stderr(Stderr::Placement)
}

trait WithEndpoint {
    fn with_endpoint(self, endpoint: &str) -> Case;
}

impl WithEndpoint for Case {
    /// The row with another `--endpoints`.
    fn with_endpoint(mut self, endpoint: &str) -> Case {
        self.args[0] = format!("--endpoints={endpoint}");
        self.name = format!("{} ({endpoint})", self.name);
        self
    }
}

fn conflict_after(name: &str, args: &[&str]) -> Case {
    case(name, args)
        .env("ETCDCTL_ENDPOINTS", "{ep}")
        .stderr(Stderr::FirstLine)
}

/// etcdctl's own help text, byte for byte, for every etcdctl command etcdtls runs (etcdtls's
/// own commands, and the offline ones it refuses, keep etcdtls's help).
fn help() -> Vec<Case> {
    const COMMANDS: [&str; 52] = [
        "alarm",
        "alarm disarm",
        "alarm list",
        "auth",
        "auth disable",
        "auth enable",
        "compaction",
        "defrag",
        "del",
        "elect",
        "endpoint",
        "endpoint hashkv",
        "endpoint health",
        "endpoint status",
        "get",
        "lease",
        "lease grant",
        "lease keep-alive",
        "lease list",
        "lease revoke",
        "lease timetolive",
        "lock",
        "make-mirror",
        "member",
        "member add",
        "member list",
        "member promote",
        "member remove",
        "member update",
        "move-leader",
        "put",
        "role",
        "role add",
        "role delete",
        "role get",
        "role grant-permission",
        "role list",
        "role revoke-permission",
        "snapshot",
        "snapshot save",
        "snapshot status",
        "txn",
        "user",
        "user add",
        "user delete",
        "user get",
        "user grant-role",
        "user list",
        "user passwd",
        "user revoke-role",
        "version",
        "watch",
    ];
    let mut cases: Vec<Case> = COMMANDS
        .iter()
        .map(|c| {
            let mut args: Vec<&str> = c.split(' ').collect();
            args.push("--help");
            case(&format!("{c} --help"), &args)
        })
        .collect();
    cases.push(case("-h", &["get", "-h"]));
    cases.push(case("help --help is the help of help", &["help", "--help"]));
    cases.push(case("-h=false asks for no help", &["get", "/fixture/a", "-h=false"]));
    cases.push(case(
        "--help=false asks for no help",
        &["--help=false", "member", "list"],
    ));
    cases.push(case("a flag error beside -h wins over help", &["get", "-h5", "k"]));
    cases.push(case("... with the unknown letter first", &["get", "-5h", "k"]));
    cases.push(case("... with a bad value after -h", &["get", "-h", "--limit", "abc"]));
    cases.push(case(
        "-h before a letter that takes a value is help",
        &["get", "-hw", "json", "k"],
    ));
    cases.push(case(
        "an unknown flag before cobra's help command",
        &["--limit", "1", "help", "get"],
    ));
    cases.push(case(
        "an unknown shorthand before cobra's help command",
        &["-x", "1", "help", "get"],
    ));
    cases.push(case(
        "an unknown flag of cobra's help command",
        &["help", "get", "--foo"],
    ));
    // cobra v0.0.3 adds help to the command it has found, after finding it: before the
    // command, help takes the next word for its value.
    cases.push(case(
        "help before a subcommand takes it for its value",
        &["member", "--help", "list"],
    ));
    cases.push(case(
        "-h before a subcommand",
        &["endpoint", "-h", "status", "-w", "json"],
    ));
    cases.push(
        case("help takes the command, the next word is one", &["--help", "get", "k"]).stderr(Stderr::NamesItself),
    );
    cases.push(case("-h takes the command, the next word is one", &["-h", "get", "k"]).stderr(Stderr::NamesItself));
    cases.push(case("help takes help, get is the command", &["--help", "help", "get"]));
    cases.push(case("help takes a flag for its value", &["--help", "--hex", "get"]));
    cases.push(case("help <command>", &["help", "member", "list"]));
    cases.push(case("help <prefix>", &["help", "snap", "save"]));
    // cobra's help finds the deepest command the words name and ignores the rest; the global
    // flags are its flags too.
    cases.push(case("help <command> <word>", &["help", "get", "extra"]));
    cases.push(case(
        "help <command> <unknown subcommand>",
        &["help", "member", "bogus"],
    ));
    cases.push(case(
        "help <command> <subcommand> <word>",
        &["help", "lease", "grant", "10"],
    ));
    cases.push(case("help with a global flag", &["help", "-w", "json", "get"]));
    cases.push(case(
        "help with a global flag and its value",
        &["help", "--endpoints", "x", "member", "list"],
    ));
    cases.push(case("help -- <command>", &["help", "--", "get"]));
    // ... whose values pflag checks: help's usage, pflag's error, exit 1.
    cases.push(case(
        "help with a global flag missing its value",
        &["help", "get", "-w"],
    ));
    cases.push(case("help with a bad boolean", &["help", "--hex=x", "get"]));
    cases.push(case(
        "help with a bad duration",
        &["help", "--dial-timeout", "soon", "get"],
    ));
    cases.push(case(
        "help with a bad value, then an unknown flag",
        &["help", "--hex=x", "--foo", "get"],
    ));
    cases.push(case(
        "help after a flag with a value",
        &["--endpoints", "127.0.0.1:1", "member", "list", "-h"],
    ));
    cases
}

/// Global flags, variables and connection settings.
fn globals() -> Vec<Case> {
    vec![
        case(
            "--command-timeout 0s",
            &["--command-timeout", "0s", "get", "/fixture/a"],
        )
        .stderr(Stderr::FirstLine),
        // etcdctl makes get's, put's and member list's context (commandCtx, the flag alone)
        // before its client applies the variables; endpoint status makes it after.
        case("ETCDCTL_COMMAND_TIMEOUT is ignored by get", &["get", "/fixture/a"]).env("ETCDCTL_COMMAND_TIMEOUT", "0s"),
        case("ETCDCTL_COMMAND_TIMEOUT is ignored by member list", &["member", "list"])
            .env("ETCDCTL_COMMAND_TIMEOUT", "0s"),
        case(
            "ETCDCTL_COMMAND_TIMEOUT bounds endpoint status",
            &["endpoint", "status"],
        )
        .env("ETCDCTL_COMMAND_TIMEOUT", "0s")
        .stderr(Stderr::FirstLine),
        // user, role and lease list run with context.TODO(): no deadline.
        case(
            "--command-timeout does not bound user list",
            &["--command-timeout=0s", "user", "list"],
        ),
        case(
            "--command-timeout does not bound role list",
            &["--command-timeout=0s", "role", "list"],
        ),
        case(
            "--command-timeout does not bound lease list",
            &["--command-timeout=0s", "lease", "list"],
        ),
        // clientv3 bounds the dial only when --dial-timeout is positive: 0 and negative
        // durations leave it to the command's deadline.
        case(
            "--dial-timeout 0 is no dial deadline",
            &["--dial-timeout", "0", "get", "/fixture/a"],
        ),
        case(
            "a negative --dial-timeout is no dial deadline",
            &["--dial-timeout=-1s", "member", "list"],
        ),
        case("ETCDCTL_DIAL_TIMEOUT=0s is no dial deadline", &["endpoint", "status"]).env("ETCDCTL_DIAL_TIMEOUT", "0s"),
        // member list's deadline runs from before the dial.
        case(
            "--command-timeout covers member list's dial",
            &["--command-timeout=1ms", "member", "list"],
        )
        .stderr(Stderr::Placement),
        case(
            "--user on a server without auth warns and goes on",
            &["--user", "root:secret", "get", "/fixture/a"],
        )
        .stderr(Stderr::Placement),
        case("the variables alone", &["get", "/fixture/a"])
            .bare()
            .env("ETCDCTL_ENDPOINTS", "{ep}")
            .env("ETCDCTL_CACERT", "{dir}/pki/etcd/ca.crt")
            .env("ETCDCTL_CERT", "{dir}/pki/etcd/healthcheck-client.crt")
            .env("ETCDCTL_KEY", "{dir}/pki/etcd/healthcheck-client.key"),
        case("a variable shadowed by its flag is fatal", &["get", "/fixture/a"])
            .env("ETCDCTL_CACERT", "{dir}/pki/etcd/ca.crt")
            .stderr(Stderr::Placement),
        case("an unknown ETCDCTL_ variable is a warning", &["get", "/fixture/a"])
            .env("ETCDCTL_FROBNICATE", "1")
            .stderr(Stderr::Placement),
        // An empty --discovery-srv is no discovery: --endpoints applies.
        case(
            "an empty --discovery-srv discovers nothing",
            &["--discovery-srv=", "get", "/fixture/a"],
        ),
        case("an empty -d discovers nothing", &["-d", "", "member", "list"]),
        // etcdctl reads ETCDCTL_API first: "" and "3" are v3, anything but "2" is refused.
        // pflag appends each --endpoints to the ones before, wherever the command sits.
        case(
            "--endpoints before and after the command add up",
            &["endpoint", "status", "--endpoints={ep},{ep}"],
        ),
        case("an empty ETCDCTL_API is v3", &["get", "/fixture/a"]).env("ETCDCTL_API", ""),
        case("an unsupported ETCDCTL_API", &["get", "/fixture/a"]).env("ETCDCTL_API", "3.4"),
        // etcdctl v2's words in a v3 line: etcdctl's error; etcdtls adds the v3 line.
        case(
            "v2's command and flags",
            &["--ca-file", "{dir}/pki/etcd/ca.crt", "cluster-health"],
        )
        .stderr(Stderr::FirstLine),
        case("v2's ls", &["ls", "/fixture"]).stderr(Stderr::FirstLine),
        case("an unusable variable is ignored", &["get", "/fixture/a"])
            .env("ETCDCTL_HEX", "yes")
            .env("ETCDCTL_DIAL_TIMEOUT", "soon"),
        case(
            "--cert without --key",
            &[
                "--endpoints={ep}",
                "--cacert={dir}/pki/etcd/ca.crt",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "get",
                "k",
            ],
        )
        .bare()
        .stderr(Stderr::FirstLine),
        case(
            "--key without --cert",
            &[
                "--endpoints={ep}",
                "--cacert={dir}/pki/etcd/ca.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "get",
                "k",
            ],
        )
        .bare()
        .stderr(Stderr::FirstLine),
        // Go trusts a certificate of --cacert that is not a CA as the server's own: etcdctl
        // connects with the member's server.crt as --cacert (and so does etcdtls, warning that
        // it holds for this member alone), and fails with any other leaf there.
        get_with(
            "the server's own certificate as --cacert connects",
            "pki/etcd/server.crt",
            "pki/etcd/healthcheck-client.crt",
            "pki/etcd/healthcheck-client.key",
        )
        .stderr(Stderr::Warns),
        // So does a bundle of another CA and that certificate (the leaf in the pool is the
        // whole chain in Go's `Verify`).
        get_with(
            "a bundle of the Kubernetes CA and the server's own certificate connects",
            "kubernetes-ca-and-etcd-server.crt",
            "pki/etcd/healthcheck-client.crt",
            "pki/etcd/healthcheck-client.key",
        )
        .stderr(Stderr::Warns),
        // Go's url.Parse reads a scheme in any case.
        case(
            "an upper-case scheme",
            &[
                "--endpoints={EP}",
                "--cacert={dir}/pki/etcd/ca.crt",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "get",
                "/fixture/a",
            ],
        )
        .bare(),
        // clientv3 dials Go's url.Host of an endpoint with a scheme: no query, no fragment.
        case(
            "an endpoint with a query",
            &[
                "--endpoints={ep}?x=1",
                "--cacert={dir}/pki/etcd/ca.crt",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "endpoint",
                "status",
            ],
        )
        .bare(),
        case(
            "an endpoint with a fragment",
            &[
                "--endpoints={ep}#f",
                "--cacert={dir}/pki/etcd/ca.crt",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "get",
                "/fixture/a",
            ],
        )
        .bare(),
        // Go's VerifyHostname compares addresses with net.IP.Equal: an IPv4-mapped IPv6
        // address is the certificate's IPv4 address.
        case(
            "an IPv4-mapped IPv6 address",
            &[
                "--endpoints=https://[::ffff:127.0.0.1]:{port1}",
                "--cacert={dir}/pki/etcd/ca.crt",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "endpoint",
                "status",
            ],
        )
        .bare(),
        // clientv3's balancer dials every endpoint as the first: after an http:// endpoint
        // nobody answers, the member's https:// one is dialled in plaintext and fails too.
        case(
            "the first endpoint's scheme is every endpoint's",
            &[
                "--endpoints=http://127.0.0.1:1,{ep1}",
                "--cacert={dir}/pki/etcd/ca.crt",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "--command-timeout=1s",
                "get",
                "/fixture/a",
            ],
        )
        .bare()
        .stderr(Stderr::Placement),
        // ... where endpoint status makes a client per endpoint, each with its own scheme.
        case(
            "endpoint status dials each endpoint with its own scheme",
            &[
                "--endpoints=http://127.0.0.1:1,{ep1}",
                "--cacert={dir}/pki/etcd/ca.crt",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "--command-timeout=1s",
                "endpoint",
                "status",
            ],
        )
        .bare()
        .stderr(Stderr::Placement),
        // endpoint hashkv prints its list even when every endpoint failed: `[]`, a table's
        // header; clientv3 dials only per request.
        case(
            "endpoint hashkv of endpoints that all fail, json",
            &[
                "--endpoints={ep}",
                "--cacert={dir}/pki/ca.crt",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "--command-timeout=1s",
                "endpoint",
                "hashkv",
                "-w",
                "json",
            ],
        )
        .bare()
        .stderr(Stderr::Placement),
        case(
            "endpoint hashkv of endpoints that all fail, table",
            &[
                "--endpoints={ep}",
                "--cacert={dir}/pki/ca.crt",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "--command-timeout=1s",
                "endpoint",
                "hashkv",
                "-w",
                "table",
            ],
        )
        .bare()
        .stderr(Stderr::Placement),
        // What Go refuses in the client's files before dialling (exit 128), and what it takes.
        get_with(
            "a DER --cert is refused",
            "pki/etcd/ca.crt",
            "client.der",
            "pki/etcd/healthcheck-client.key",
        )
        .stderr(Stderr::Placement),
        get_with(
            "a DER --key is refused",
            "pki/etcd/ca.crt",
            "pki/etcd/healthcheck-client.crt",
            "client-key.der",
        )
        .stderr(Stderr::Placement),
        get_with(
            "a TRUSTED CERTIFICATE --cacert is refused",
            "trusted-ca.crt",
            "pki/etcd/healthcheck-client.crt",
            "pki/etcd/healthcheck-client.key",
        )
        .stderr(Stderr::Placement),
        get_with(
            "a --key file of two keys, the client's first, connects",
            "pki/etcd/ca.crt",
            "pki/etcd/healthcheck-client.crt",
            "two-keys.key",
        ),
        get_with(
            "a --cert file with its CA first is refused",
            "pki/etcd/ca.crt",
            "ca-first.crt",
            "pki/etcd/healthcheck-client.key",
        )
        .stderr(Stderr::Placement),
        case(
            "--insecure-skip-tls-verify connects, and etcdtls warns",
            &[
                "--endpoints={ep}",
                "--insecure-skip-tls-verify",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "get",
                "/fixture/a",
            ],
        )
        .bare()
        .stderr(Stderr::Warns),
        case(
            "a client's certificate as --cacert trusts no server",
            &[
                "--endpoints={ep}",
                "--cacert={dir}/pki/etcd/healthcheck-client.crt",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "--command-timeout=1s",
                "get",
                "/fixture/a",
            ],
        )
        .bare()
        .stderr(Stderr::Placement),
        // Go's NewCertPool skips a --cacert without a PEM block: nothing is trusted, the dial
        // fails (exit 1), and endpoint health prints its failed rows.
        case(
            "a --cacert without any PEM block (empty) trusts nothing",
            &[
                "--endpoints={ep}",
                "--cacert=/dev/null",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "--command-timeout=1s",
                "get",
                "k",
            ],
        )
        .bare()
        .stderr(Stderr::Placement),
        case(
            "a text file as --cacert trusts nothing",
            &[
                "--endpoints={ep}",
                "--cacert=/etc/os-release",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "--command-timeout=1s",
                "endpoint",
                "health",
                "-w",
                "table",
            ],
        )
        .bare()
        .mask(Mask::Durations)
        .stderr(Stderr::Placement),
        // etcdctl dials any endpoint and fails: exit 1, where a parse error is not 128.
        case(
            "an endpoint with another scheme",
            &["--endpoints=unix:///nothing.sock", "--command-timeout=1s", "get", "k"],
        )
        .bare()
        .stderr(Stderr::Placement),
        case(
            "an endpoint whose port is not a number",
            &["--endpoints=https://127.0.0.1:abc", "--command-timeout=1s", "get", "k"],
        )
        .bare()
        .stderr(Stderr::Placement),
        case("an empty --cert", &["--endpoints={ep}", "--cert=", "get", "k"]).bare(),
        case("an empty --cacert", &["--endpoints={ep}", "--cacert=", "get", "k"]).bare(),
        case(
            "the Kubernetes CA instead of the etcd CA",
            &[
                "--endpoints={ep}",
                "--cacert={dir}/pki/ca.crt",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "--dial-timeout=1s",
                "--command-timeout=1s",
                "get",
                "k",
            ],
        )
        .bare()
        .stderr(Stderr::Placement),
        case(
            "no client certificate",
            &[
                "--endpoints={ep}",
                "--cacert={dir}/pki/etcd/ca.crt",
                "--dial-timeout=1s",
                "--command-timeout=1s",
                "get",
                "k",
            ],
        )
        .bare()
        .stderr(Stderr::Placement),
        case("txn with no endpoints builds no client", &["--endpoints=", "txn"])
            .bare()
            .stdin(b"")
            .stderr(Stderr::Placement),
        case(
            "get from nothing listening",
            &["--endpoints=127.0.0.1:1", "--command-timeout=1s", "get", "k"],
        )
        .bare()
        .stderr(Stderr::Placement),
        // An endpoint without a port: Go's dialer refuses it ("missing port in address"), so
        // each command fails as against nothing listening, with its own exit code (`snapshot
        // save` 5); etcdtls dialled 2379 (and answered where etcd listens there).
        no_port(&["--command-timeout=1s", "get", "k"]),
        no_port(&["--command-timeout=1s", "snapshot", "save", "{dir}/no-port.db"]),
        no_port(&["--command-timeout=1s", "endpoint", "status", "-w", "json"]),
        no_port(&["--command-timeout=1s", "member", "list", "-w", "table"]),
        no_port(&["--command-timeout=1s", "lease", "grant", "10"]),
        // So is a port that is no port number (Go: `invalid port`).
        no_port(&["--command-timeout=1s", "snapshot", "save", "{dir}/no-port.db"])
            .with_endpoint("https://127.0.0.1:abc"),
        no_port(&["--command-timeout=1s", "endpoint", "status", "-w", "json"]).with_endpoint("https://127.0.0.1:99999"),
        case(
            "endpoint status of nothing listening",
            &["--endpoints=127.0.0.1:1", "--command-timeout=1s", "endpoint", "status"],
        )
        .bare()
        .stderr(Stderr::Placement),
        case(
            "endpoint health of nothing listening",
            &["--endpoints=127.0.0.1:1", "--command-timeout=1s", "endpoint", "health"],
        )
        .bare()
        .stderr(Stderr::Placement),
        // clientv3's error on stdout (`context deadline exceeded`), etcdtls's cause on stderr.
        case(
            "endpoint health of nothing listening, json",
            &[
                "--endpoints=127.0.0.1:1",
                "--command-timeout=1s",
                "endpoint",
                "health",
                "-w",
                "json",
            ],
        )
        .bare()
        .mask(Mask::Durations)
        .stderr(Stderr::Placement),
        case(
            "endpoint health of nothing listening, table",
            &[
                "--endpoints=127.0.0.1:1",
                "--command-timeout=1s",
                "endpoint",
                "health",
                "-w",
                "table",
            ],
        )
        .bare()
        .mask(Mask::Durations)
        .stderr(Stderr::Placement),
        case(
            "endpoint health of nothing listening, fields",
            &[
                "--endpoints=127.0.0.1:1",
                "--command-timeout=1s",
                "endpoint",
                "health",
                "-w",
                "fields",
            ],
        )
        .bare()
        .mask(Mask::Durations)
        .stderr(Stderr::Placement),
        case(
            "endpoint status without a client certificate",
            &[
                "--endpoints={ep}",
                "--cacert={dir}/pki/etcd/ca.crt",
                "--dial-timeout=1s",
                "--command-timeout=1s",
                "endpoint",
                "status",
            ],
        )
        .bare()
        .stderr(Stderr::Placement),
    ]
}

/// `snapshot status` of a snapshot etcdctl saved: it reads no ETCDCTL_* variable.
fn snapshot_status(target: &Target) -> Vec<Case> {
    let save = case("snapshot", &["snapshot", "save", "{dir}/differential.db"]);
    let r = run(Tool::Etcdctl, &save, target);
    assert_eq!(r.code, 0, "snapshot save: {}", String::from_utf8_lossy(&r.stderr));
    // A copy cut short: etcdctl's bbolt reads past its end and Go crashes (exit 2).
    let whole = std::fs::read(format!("{}/differential.db", target.dir)).unwrap();
    std::fs::write(format!("{}/truncated.db", target.dir), &whole[..whole.len() / 2]).unwrap();
    // A page overwritten: bbolt's walk at open panics (exit 2).
    let mut damaged = whole.clone();
    damaged[2 * 4096..2 * 4096 + 16].fill(0xff);
    std::fs::write(format!("{}/damaged.db", target.dir), &damaged).unwrap();
    vec![
        case(
            "snapshot status of a file cut short",
            &["snapshot", "status", "{dir}/truncated.db"],
        )
        .bare()
        .stderr(Stderr::Placement),
        case(
            "snapshot status of a damaged page",
            &["snapshot", "status", "{dir}/damaged.db"],
        )
        .bare()
        .stderr(Stderr::Placement),
        case(
            "snapshot status of a file that is no database",
            &["snapshot", "status", "{dir}/pki/ca.crt"],
        )
        .bare()
        .stderr(Stderr::Placement),
        case(
            "snapshot status ignores ETCDCTL_WRITE_OUT",
            &["snapshot", "status", "{dir}/differential.db"],
        )
        .bare()
        .env("ETCDCTL_WRITE_OUT", "json"),
        case(
            "snapshot status -w json",
            &["snapshot", "status", "{dir}/differential.db", "-w", "json"],
        )
        .bare(),
        case(
            "snapshot status -w table",
            &["snapshot", "status", "{dir}/differential.db", "-w", "table"],
        )
        .bare(),
    ]
}

/// What `--endpoints` holds as pflag splits it: items with spaces around them (trimmed by
/// etcdctl's client, not by its per-endpoint commands), no item at all, empty items.
fn endpoint_lists() -> Vec<Case> {
    let with = |name: &str, endpoints: &str, command: &[&str]| {
        let mut args = vec![
            "--endpoints",
            endpoints,
            "--cacert={dir}/pki/etcd/ca.crt",
            "--cert={dir}/pki/etcd/healthcheck-client.crt",
            "--key={dir}/pki/etcd/healthcheck-client.key",
            "--command-timeout=1s",
        ];
        args.extend_from_slice(command);
        case(name, &args).bare()
    };
    vec![
        with("spaces after commas: get trims", "{ep}, {ep}", &["get", "/fixture/a"]),
        with(
            "spaces after commas: endpoint status",
            "{ep}, {ep}",
            &["endpoint", "status"],
        )
        .stderr(Stderr::Placement),
        with(
            "spaces after commas: endpoint health",
            "{ep}, {ep}",
            &["endpoint", "health", "-w", "json"],
        )
        .mask(Mask::Durations)
        .stderr(Stderr::Placement),
        with("no endpoints: get", "", &["get", "/fixture/a"]).stderr(Stderr::FirstLine),
        with("no endpoints: endpoint status", "", &["endpoint", "status"]).stderr(Stderr::FirstLine),
        with(
            "no endpoints: endpoint health",
            "",
            &["endpoint", "health", "-w", "json"],
        ),
        // Without a client to ask the member list, health exits 1 and status 2.
        with(
            "no endpoints: endpoint health --cluster",
            "",
            &["endpoint", "health", "--cluster"],
        )
        .stderr(Stderr::FirstLine),
        with(
            "no endpoints: endpoint status --cluster",
            "",
            &["endpoint", "status", "--cluster"],
        )
        .stderr(Stderr::FirstLine),
        with("two empty endpoints: get", ",", &["get", "/fixture/a"]).stderr(Stderr::Placement),
        // pflag reads a list with Go's encoding/csv: quotes group an item, and a stray quote is
        // a flag error (exit 1, the command's usage on standard output).
        with("quoted items", "\"{ep}\",{ep}", &["endpoint", "status"]),
        with("a bare quote is a flag error", "{ep}\"", &["get", "/fixture/a"]),
        with("an unclosed quote is a flag error", "\"{ep}", &["endpoint", "health"]),
        case("a quoted ETCDCTL_ENDPOINTS", &["get", "/fixture/a"])
            .bare()
            .env("ETCDCTL_ENDPOINTS", "\"{ep}\"")
            .env("ETCDCTL_CACERT", "{dir}/pki/etcd/ca.crt")
            .env("ETCDCTL_CERT", "{dir}/pki/etcd/healthcheck-client.crt")
            .env("ETCDCTL_KEY", "{dir}/pki/etcd/healthcheck-client.key"),
    ]
}

/// With authentication on: a refused login exits 2 (etcdctl logs in while it builds its
/// client), a refused request 1, and `endpoint health` counts permission denied as healthy.
fn with_auth() -> Vec<Case> {
    vec![
        case("a wrong password", &["--user", "root:wrong", "get", "/fixture/a"]).stderr(Stderr::FirstLine),
        case(
            "a wrong password, --password",
            &["--user", "root", "--password", "wrong", "get", "/fixture/a"],
        )
        .stderr(Stderr::FirstLine),
        case("the right password", &["--user=root:secret", "get", "/fixture/a"]),
        case(
            "--user without a password asks for it",
            &["--user", "root", "get", "/fixture/a"],
        )
        .stdin(b"secret\n"),
        case(
            "a wrong password typed at the prompt",
            &["--user", "root", "member", "list"],
        )
        .stdin(b"wrong\n")
        .stderr(Stderr::FirstLine),
        case("a user without a role", &["--user", "bob:pw", "get", "/fixture/a"]).stderr(Stderr::FirstLine),
        case(
            "a user without a role may not write",
            &["--user", "bob:pw", "put", "{p}/auth", "v"],
        )
        .stderr(Stderr::FirstLine),
        case("a certificate whose CN is no user", &["get", "/fixture/a"]).stderr(Stderr::FirstLine),
        // clientv3 logs in only with a user name and a password: without either, the request
        // comes from the certificate's CN (no user here), whatever --user says.
        case(
            "an empty password is no login",
            &["--user", "root:", "get", "/fixture/a"],
        )
        .stderr(Stderr::FirstLine),
        case("an empty user and password", &["--user", ":", "get", "/fixture/a"]).stderr(Stderr::FirstLine),
        case(
            "an unknown user with an empty password",
            &["--user", "nosuch:", "endpoint", "status"],
        )
        .stderr(Stderr::FirstLine),
        case(
            "an empty --password asks, and an empty answer is no login",
            &["--user", "root", "--password", "", "member", "list"],
        )
        .stdin(b"\n")
        .stderr(Stderr::FirstLine),
        case(
            "permission denied is healthy",
            &["--user", "bob:pw", "endpoint", "health"],
        )
        .mask(Mask::Durations),
        case(
            "a wrong password is unhealthy",
            &["--user", "root:wrong", "endpoint", "health", "-w", "json"],
        )
        .mask(Mask::Durations),
        // etcd's error wrapped over three lines, as tablewriter wraps a cell over 30 characters.
        case(
            "a wrong password is unhealthy, table",
            &["--user", "root:wrong", "endpoint", "health", "-w", "table"],
        )
        .mask(Mask::Durations),
        case(
            "a wrong password is unhealthy, fields",
            &["--user", "root:wrong", "endpoint", "health", "-w", "fields"],
        )
        .mask(Mask::Durations),
        case(
            "endpoint status with a wrong password",
            &["--user", "root:wrong", "endpoint", "status"],
        )
        .stderr(Stderr::FirstLine),
        case(
            "member list with a wrong password",
            &["--user", "root:wrong", "member", "list"],
        )
        .stderr(Stderr::FirstLine),
    ]
}

fn enable_auth(target: &Target) {
    for cmd in [
        &["user", "add", "root:secret"][..],
        &["user", "grant-role", "root", "root"],
        &["user", "add", "bob:pw"],
        &["auth", "enable"],
    ] {
        let r = run(Tool::Etcdctl, &case("auth", cmd), target);
        assert_eq!(r.code, 0, "{cmd:?}: {}", String::from_utf8_lossy(&r.stderr));
    }
}

#[test]
fn etcdctl_and_etcdtls_agree_on_one_member() {
    let (lab, _dir) = lab(1, ClientSecurity::MutualTls);
    let target = Target::of(&lab);
    fixtures(&target);
    let bundle = [lab.path("pki/ca.crt"), lab.path("pki/etcd/server.crt")]
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<String>();
    std::fs::write(lab.path("kubernetes-ca-and-etcd-server.crt"), bundle).unwrap();
    client_files_in_other_shapes(&lab);
    let mut table = reads();
    table.extend(writes());
    table.extend(argument_errors());
    table.extend(help());
    table.extend(globals());
    table.extend(leases(&grant_lease(&target)));
    table.extend(snapshot_status(&target));
    table.extend(endpoint_lists());
    check_table(&table, &target);
    etcdctl_api_2_runs_nothing(&target);
    enable_auth(&target);
    check_table(&with_auth(), &target);
}

/// The client's files as Go's `tls.X509KeyPair` and etcd's `NewCertPool` read them: DER (no
/// PEM block), OpenSSL's `TRUSTED CERTIFICATE`, a key file of two keys (the first is taken), a
/// certificate file with its CA first (the first is the leaf).
fn client_files_in_other_shapes(lab: &etcdtls::lab::Lab) {
    use base64::Engine as _;
    let read = |rel: &str| std::fs::read_to_string(lab.path(rel)).unwrap();
    let der = |pem: &str| {
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        base64::engine::general_purpose::STANDARD.decode(body).unwrap()
    };
    let write = |rel: &str, bytes: &[u8]| std::fs::write(lab.path(rel), bytes).unwrap();
    write("client.der", &der(&read("pki/etcd/healthcheck-client.crt")));
    write("client-key.der", &der(&read("pki/etcd/healthcheck-client.key")));
    let ca = read("pki/etcd/ca.crt");
    // `openssl x509 -trustout`: the certificate, then its (here empty) trust settings.
    let mut trusted = der(&ca);
    trusted.extend_from_slice(&[0x30, 0x00]);
    let trusted = base64::engine::general_purpose::STANDARD.encode(trusted);
    write(
        "trusted-ca.crt",
        format!("-----BEGIN TRUSTED CERTIFICATE-----\n{trusted}\n-----END TRUSTED CERTIFICATE-----\n").as_bytes(),
    );
    write(
        "two-keys.key",
        (read("pki/etcd/healthcheck-client.key") + &read("pki/etcd/peer.key")).as_bytes(),
    );
    write(
        "ca-first.crt",
        (ca + &read("pki/etcd/healthcheck-client.crt")).as_bytes(),
    );
}

/// `get /fixture/a` with these client files (paths under the lab's folder) and no others.
fn get_with(name: &str, cacert: &str, cert: &str, key: &str) -> Case {
    let files = [
        format!("--cacert={{dir}}/{cacert}"),
        format!("--cert={{dir}}/{cert}"),
        format!("--key={{dir}}/{key}"),
    ];
    case(
        name,
        &["--endpoints={ep}", &files[0], &files[1], &files[2], "get", "/fixture/a"],
    )
    .bare()
}

/// Under ETCDCTL_API=2 etcdctl runs its v2 client; etcdtls speaks v3 only, so it refuses,
/// writes nothing, and gives the v3 command instead.
fn etcdctl_api_2_runs_nothing(target: &Target) {
    let put = case("a v2 set", &["set", "/etcdtls/v2", "value"]).env("ETCDCTL_API", "2");
    let refused = run(Tool::Etcdtls, &put, target);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.code, 1, "{stderr}");
    assert!(
        refused.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&refused.stdout)
    );
    assert!(stderr.contains("ETCDCTL_API=2"), "{stderr}");
    assert!(stderr.contains(" put /etcdtls/v2 value\n"), "the v3 command: {stderr}");
    let get = run(Tool::Etcdctl, &case("read back", &["get", "/etcdtls/v2"]), target);
    assert_eq!((get.code, get.stdout.as_slice()), (0, &b""[..]), "nothing was written");
}

/// What only a cluster shows: several members, `--cluster` discovering them, one leader.
fn cluster() -> Vec<Case> {
    let health = |name: &str, args: &[&str]| case(name, args).mask(Mask::Durations).mask(Mask::LineOrder);
    vec![
        case("member list", &["member", "list"]),
        case("member list, table", &["member", "list", "-w", "table"]),
        case("member list, json", &["member", "list", "-w", "json"]).mask(Mask::ServingMember),
        case("member list, fields", &["member", "list", "-w", "fields"]).mask(Mask::ServingMember),
        case("member list, protobuf", &["member", "list", "-w", "protobuf"]).mask(Mask::Protobuf(&[&[1, 2]])),
        case("endpoint status, every member", &["endpoint", "status"]),
        case(
            "endpoint status --cluster, table",
            &["endpoint", "status", "--cluster", "-w", "table"],
        ),
        case(
            "endpoint status --cluster, json",
            &["endpoint", "status", "--cluster", "-w", "json"],
        ),
        case(
            "endpoint status --cluster, fields",
            &["endpoint", "status", "--cluster", "-w", "fields"],
        ),
        case("ETCDCTL_CLUSTER", &["endpoint", "status"]).env("ETCDCTL_CLUSTER", "true"),
        // endpoint hashkv inherits endpoint's --cluster, and so its variable: every member
        // from one endpoint.
        case(
            "ETCDCTL_CLUSTER with endpoint hashkv",
            &[
                "--endpoints={ep1}",
                "--cacert={dir}/pki/etcd/ca.crt",
                "--cert={dir}/pki/etcd/healthcheck-client.crt",
                "--key={dir}/pki/etcd/healthcheck-client.key",
                "endpoint",
                "hashkv",
            ],
        )
        .bare()
        .env("ETCDCTL_CLUSTER", "true"),
        // defrag's --cluster is its own: the variable is unknown there (a warning) and does
        // nothing.
        case("ETCDCTL_CLUSTER does not reach defrag", &["defrag"])
            .env("ETCDCTL_CLUSTER", "true")
            .stderr(Stderr::Placement),
        health("endpoint health --cluster", &["endpoint", "health", "--cluster"]),
        health("endpoint health, fields", &["endpoint", "health", "-w", "fields"]),
        case("a write through the cluster", &["put", "{p}/c", "v"]),
        case(
            "read from every member, serializable",
            &["get", "{p}/c", "--consistency=s", "--print-value-only"],
        ),
    ]
}

#[test]
fn etcdctl_and_etcdtls_agree_on_three_members() {
    let (lab, _dir) = lab(3, ClientSecurity::MutualTls);
    check_table(&cluster(), &Target::of(&lab));
}

/// A member that serves TLS without asking for client certificates: what etcdctl's
/// `newClientCfg` makes of `--insecure-skip-tls-verify` shows. It changes a TLS configuration
/// that only a file flag or `--insecure-transport=false` makes: alone, an `https://` endpoint
/// is still verified (against the system's CAs, so it fails here) and one without a scheme is
/// plaintext.
fn without_client_auth() -> Vec<Case> {
    let with = |name: &str, args: &[&str]| {
        let mut all = vec!["--command-timeout=1s"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["get", "/fixture/a"]);
        case(name, &all).bare()
    };
    vec![
        with(
            "--insecure-skip-tls-verify alone still verifies https://",
            &["--endpoints={ep}", "--insecure-skip-tls-verify"],
        )
        .stderr(Stderr::Placement),
        case(
            "... and endpoint health says so in its rows",
            &[
                "--endpoints={ep}",
                "--insecure-skip-tls-verify",
                "--command-timeout=1s",
                "endpoint",
                "health",
                "-w",
                "json",
            ],
        )
        .bare()
        .mask(Mask::Durations)
        .stderr(Stderr::Placement),
        with(
            "--insecure-skip-tls-verify alone leaves an endpoint without a scheme plaintext",
            &["--endpoints={hp1}", "--insecure-skip-tls-verify"],
        )
        .stderr(Stderr::Placement),
        with(
            "--insecure-skip-tls-verify with --insecure-transport=false skips",
            &[
                "--endpoints={ep}",
                "--insecure-skip-tls-verify",
                "--insecure-transport=false",
            ],
        )
        .stderr(Stderr::Warns),
        with(
            "... also for an endpoint without a scheme",
            &[
                "--endpoints={hp1}",
                "--insecure-skip-tls-verify",
                "--insecure-transport=false",
            ],
        )
        .stderr(Stderr::Warns),
        with(
            "the etcd CA alone",
            &["--endpoints={hp1}", "--cacert={dir}/pki/etcd/ca.crt"],
        ),
        with(
            "ETCDCTL_INSECURE_SKIP_TLS_VERIFY alone still verifies",
            &["--endpoints={ep}"],
        )
        .env("ETCDCTL_INSECURE_SKIP_TLS_VERIFY", "true")
        .stderr(Stderr::Placement),
    ]
}

#[test]
fn etcdctl_and_etcdtls_agree_without_client_auth() {
    let (lab, _dir) = lab(1, ClientSecurity::TlsWithoutClientAuth);
    let target = Target::of(&lab);
    let put = case(
        "fixture",
        &[
            "--endpoints={ep}",
            "--cacert={dir}/pki/etcd/ca.crt",
            "put",
            "/fixture/a",
            "1",
        ],
    )
    .bare();
    let r = run(Tool::Etcdctl, &put, &target);
    assert_eq!(r.code, 0, "{}", String::from_utf8_lossy(&r.stderr));
    check_table(&without_client_auth(), &target);
}
