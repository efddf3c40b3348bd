//! etcdctl 3.4's help: what `etcdctl <command> --help` prints, and what etcdctl prints on
//! standard output after a flag error in that command (cobra calls the usage function then).
//!
//! The words are data, read off etcdctl 3.4.23 (`etcdctl <command> --help` for every command):
//! each command's one-line summary, usage line, description and flags. The layout is
//! `etcdctl/ctlv3/help.go`'s: its template (NAME, USAGE, API VERSION and COMMANDS for a parent,
//! DESCRIPTION, OPTIONS, GLOBAL OPTIONS), pflag's flags sorted by name with `[=default]` for a
//! flag that needs no value and Go's quotes around a string default, and the whole text put
//! through Go's `text/tabwriter` with tabs for padding ([`align`]).
//!
//! `tests/tests/differential.rs` holds every command's help, and flag errors, to etcdctl's
//! byte for byte.

/// An etcdctl command's help.
#[derive(Debug)]
pub(crate) struct Usage {
    /// The command's words after `etcdctl`: `member list`.
    pub path: &'static str,
    /// The one-line summary (cobra's `Short`).
    pub short: &'static str,
    /// cobra's `UseLine`: `etcdctl get [options] <key> [range_end] [flags]`.
    pub use_line: &'static str,
    /// The description (`Long`), line by line; empty when it has none.
    pub long: &'static [&'static str],
    /// Its own flags, `--help` aside (cobra adds that to every command).
    pub flags: &'static [Flag],
}

/// One flag, as pflag prints it.
#[derive(Debug)]
pub(crate) struct Flag {
    name: &'static str,
    shorthand: Option<char>,
    /// The default as printed: Go's `%q` of a string (`"simple"`), other values as they are.
    default: &'static str,
    /// Takes no value unless written `--flag=value` (pflag's `NoOptDefVal`): `[=false]`.
    optional: bool,
    usage: &'static str,
}

impl Flag {
    const fn new(name: &'static str, default: &'static str, usage: &'static str) -> Flag {
        Flag {
            name,
            shorthand: None,
            default,
            optional: false,
            usage,
        }
    }

    const fn optional(name: &'static str, default: &'static str, usage: &'static str) -> Flag {
        Flag {
            optional: true,
            ..Flag::new(name, default, usage)
        }
    }

    const fn short(self, shorthand: char) -> Flag {
        Flag {
            shorthand: Some(shorthand),
            ..self
        }
    }

    /// pflag's line for it, as `etcdFlagUsages` writes it: name, default, a tab, the usage.
    fn line(&self) -> String {
        self.line_with(self.usage)
    }

    fn line_with(&self, usage: &str) -> String {
        let name = match self.shorthand {
            Some(c) => format!("  -{c}, --{}", self.name),
            None => format!("      --{}", self.name),
        };
        if self.optional {
            format!("{name}[={}]\t{usage}\n", self.default)
        } else {
            format!("{name}={}\t{usage}\n", self.default)
        }
    }
}

/// etcd's API version, as etcdctl 3.4 prints it under API VERSION.
const API_VERSION: &str = "3.4";

/// The help etcdctl prints for a command (`member list`), or `None` when etcdctl has no such
/// command.
pub fn text(path: &str) -> Option<String> {
    let usage = COMMANDS.iter().find(|u| u.path == path)?;
    let name = path.rsplit(' ').next().unwrap_or(path);
    let mut out = format!(
        "NAME:\n\t{} - {}\n\nUSAGE:\n\t{}\n",
        usage.path, usage.short, usage.use_line
    );
    let children: Vec<&Usage> = COMMANDS
        .iter()
        .filter(|c| c.path.strip_prefix(path).is_some_and(|rest| rest.starts_with(' ')))
        .collect();
    if !children.is_empty() {
        out.push_str(&format!("\nAPI VERSION:\n\t{API_VERSION}\n\n\nCOMMANDS:\n"));
        for child in children {
            let sub = &child.path[path.len() + 1..];
            out.push_str(&format!("\t{sub}\t{}\n", child.short));
        }
    }
    if !usage.long.is_empty() {
        out.push_str("\nDESCRIPTION:\n");
        for line in usage.long {
            out.push_str(&format!("\t{line}\n"));
        }
    }
    // cobra gives every command `-h, --help`.
    let help = Flag::optional("help", "false", "").short('h');
    let mut local: Vec<(&str, String)> = usage.flags.iter().map(|f| (f.name, f.line())).collect();
    local.push((help.name, help.line_with(&format!("help for {name}"))));
    local.sort();
    out.push_str("\nOPTIONS:\n");
    local.iter().for_each(|(_, line)| out.push_str(line));
    // A subcommand inherits the root's flags and its parent's persistent ones (`endpoint`'s
    // `--cluster`).
    if let Some((parent, _)) = path.rsplit_once(' ') {
        let persistent = COMMANDS.iter().find(|u| u.path == parent).map_or(&[][..], |u| u.flags);
        let mut global: Vec<(&str, String)> = GLOBAL_FLAGS
            .iter()
            .chain(persistent)
            .map(|f| (f.name, f.line()))
            .collect();
        global.sort();
        out.push_str("\nGLOBAL OPTIONS:\n");
        global.iter().for_each(|(_, line)| out.push_str(line));
    } else {
        out.push_str("\nGLOBAL OPTIONS:\n");
        GLOBAL_FLAGS.iter().for_each(|f| out.push_str(&f.line()));
    }
    out.push('\n');
    Some(align(&out))
}

/// How pflag names a flag of the command `path` in an error: `-i, --interactive` for a flag
/// with a shorthand, `--limit` for one without.
/// Whether a word is one of etcdctl's global flags (which every command, cobra's `help`
/// included, inherits), and whether it takes the next word for its value: `Some(true)` for
/// `--endpoints` or `-w`, `Some(false)` for `--hex`, `--endpoints=x` or `-wjson`; `None` for a
/// word that is no global flag.
pub(crate) fn global_flag(word: &str) -> Option<bool> {
    if let Some(long) = word.strip_prefix("--") {
        let (name, value) = match long.split_once('=') {
            Some((name, _)) => (name, true),
            None => (long, false),
        };
        let flag = GLOBAL_FLAGS.iter().find(|f| f.name == name)?;
        return Some(!value && !flag.optional);
    }
    let short = word.strip_prefix('-')?;
    let c = short.chars().next()?;
    GLOBAL_FLAGS.iter().find(|f| f.shorthand == Some(c))?;
    Some(short.len() == c.len_utf8())
}

pub fn flag_in_error(path: Option<&str>, long: &str) -> String {
    let own = |p: &str| COMMANDS.iter().find(|u| u.path == p).map_or(&[][..], |u| u.flags);
    let parent = path.and_then(|p| p.rsplit_once(' ')).map(|(parent, _)| parent);
    let shorthand = path
        .map(own)
        .unwrap_or_default()
        .iter()
        .chain(parent.map(own).unwrap_or_default())
        .chain(GLOBAL_FLAGS)
        .find(|f| f.name == long)
        .and_then(|f| f.shorthand);
    match shorthand {
        Some(c) => format!("-{c}, --{long}"),
        None => format!("--{long}"),
    }
}

/// Go's `text/tabwriter` as etcdctl sets it up (`tabwriter.NewWriter(w, 0, 8, 1, '\t', 0)`):
/// tab-terminated cells, aligned in columns across consecutive lines, each column as wide as
/// its widest cell plus one, rounded up to a tab stop, and padded with tabs. The text after a
/// line's last tab is not part of any column; a line without a tab ends every column.
pub(crate) fn align(text: &str) -> String {
    const TAB_WIDTH: usize = 8;
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let lines: Vec<Vec<&str>> = text
        .split_inclusive('\n')
        .map(|l| l.strip_suffix('\n').unwrap_or(l).split('\t').collect())
        .collect();
    let ends_in_newline: Vec<bool> = text.split_inclusive('\n').map(|l| l.ends_with('\n')).collect();
    // Blocks between lines of one cell, which flush Go's writer.
    let mut start = 0;
    while start < lines.len() {
        let mut end = start;
        while end < lines.len() && lines[end].len() > 1 {
            end += 1;
        }
        format_block(
            &lines[start..end],
            0,
            &mut Vec::new(),
            &mut out,
            &ends_in_newline[start..end],
            TAB_WIDTH,
        );
        if end < lines.len() {
            out.push_str(lines[end][0]);
            if ends_in_newline[end] {
                out.push('\n');
            }
        }
        start = end + 1;
    }
    out
}

/// tabwriter's `format`: finds the blocks of lines that have a cell in `column`, sizes that
/// column over each block, and recurses into the columns to its right.
fn format_block(
    lines: &[Vec<&str>],
    column: usize,
    widths: &mut Vec<usize>,
    out: &mut String,
    newline: &[bool],
    tab: usize,
) {
    let mut line0 = 0;
    let mut this = 0;
    while this < lines.len() {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        write_lines(&lines[line0..this], widths, out, &newline[line0..this], tab);
        line0 = this;
        let mut width = 0;
        while this < lines.len() && column + 1 < lines[this].len() {
            width = width.max(lines[this][column].chars().count() + 1);
            this += 1;
        }
        widths.push(width);
        format_block(&lines[line0..this], column + 1, widths, out, &newline[line0..this], tab);
        widths.pop();
        line0 = this;
    }
    write_lines(&lines[line0..], widths, out, &newline[line0..], tab);
}

/// tabwriter's `writeLines`: each cell that has a column width is padded with tabs to it.
fn write_lines(lines: &[Vec<&str>], widths: &[usize], out: &mut String, newline: &[bool], tab: usize) {
    for (cells, newline) in lines.iter().zip(newline) {
        for (j, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if let Some(&width) = widths.get(j)
                && j + 1 < cells.len()
            {
                let cell_width = width.div_ceil(tab) * tab;
                let pad = cell_width - cell.chars().count();
                out.extend(std::iter::repeat_n('\t', pad.div_ceil(tab)));
            }
        }
        if *newline {
            out.push('\n');
        }
    }
}

/// etcdctl's global flags (`etcdctl/ctlv3/ctl.go`), shown under GLOBAL OPTIONS.
pub(crate) const GLOBAL_FLAGS: &[Flag] = &[
    Flag::new(
        "cacert",
        "\"\"",
        "verify certificates of TLS-enabled secure servers using this CA bundle",
    ),
    Flag::new("cert", "\"\"", "identify secure client using this TLS certificate file"),
    Flag::new(
        "command-timeout",
        "5s",
        "timeout for short running command (excluding dial timeout)",
    ),
    Flag::optional("debug", "false", "enable client-side debug logging"),
    Flag::new("dial-timeout", "2s", "dial timeout for client connections"),
    Flag::new(
        "discovery-srv",
        "\"\"",
        "domain name to query for SRV records describing cluster endpoints",
    )
    .short('d'),
    Flag::new(
        "discovery-srv-name",
        "\"\"",
        "service name to query when using DNS discovery",
    ),
    Flag::new("endpoints", "[127.0.0.1:2379]", "gRPC endpoints"),
    Flag::optional("hex", "false", "print byte strings as hex encoded strings"),
    Flag::optional(
        "insecure-discovery",
        "true",
        "accept insecure SRV records describing cluster endpoints",
    ),
    Flag::optional(
        "insecure-skip-tls-verify",
        "false",
        "skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)",
    ),
    Flag::optional(
        "insecure-transport",
        "true",
        "disable transport security for client connections",
    ),
    Flag::new("keepalive-time", "2s", "keepalive time for client connections"),
    Flag::new("keepalive-timeout", "6s", "keepalive timeout for client connections"),
    Flag::new("key", "\"\"", "identify secure client using this TLS key file"),
    Flag::new(
        "password",
        "\"\"",
        "password for authentication (if this option is used, --user option shouldn't include password)",
    ),
    Flag::new(
        "user",
        "\"\"",
        "username[:password] for authentication (prompt if password is not supplied)",
    ),
    Flag::new(
        "write-out",
        "\"simple\"",
        "set the output format (fields, json, protobuf, simple, table)",
    )
    .short('w'),
];

/// Every etcdctl 3.4 command etcdtls runs, and the parents that group them.
pub(crate) const COMMANDS: &[Usage] = &[
    Usage {
        path: "alarm",
        short: "Alarm related commands",
        use_line: "etcdctl alarm <subcommand> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "alarm disarm",
        short: "Disarms all alarms",
        use_line: "etcdctl alarm disarm [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "alarm list",
        short: "Lists all alarms",
        use_line: "etcdctl alarm list [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "auth",
        short: "Enable or disable authentication",
        use_line: "etcdctl auth <enable or disable> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "auth disable",
        short: "Disables authentication",
        use_line: "etcdctl auth disable [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "auth enable",
        short: "Enables authentication",
        use_line: "etcdctl auth enable [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "compaction",
        short: "Compacts the event history in etcd",
        use_line: "etcdctl compaction [options] <revision> [flags]",
        long: &[],
        flags: &[Flag::optional(
            "physical",
            "false",
            "'true' to wait for compaction to physically remove all old revisions",
        )],
    },
    Usage {
        path: "defrag",
        short: "Defragments the storage of the etcd members with given endpoints",
        use_line: "etcdctl defrag [flags]",
        long: &[],
        flags: &[
            Flag::optional("cluster", "false", "use all endpoints from the cluster member list"),
            Flag::new(
                "data-dir",
                "\"\"",
                "Optional. If present, defragments a data directory not in use by etcd.",
            ),
        ],
    },
    Usage {
        path: "del",
        short: "Removes the specified key or range of keys [key, range_end)",
        use_line: "etcdctl del [options] <key> [range_end] [flags]",
        long: &[],
        flags: &[
            Flag::optional(
                "from-key",
                "false",
                "delete keys that are greater than or equal to the given key using byte compare",
            ),
            Flag::optional("prefix", "false", "delete keys with matching prefix"),
            Flag::optional("prev-kv", "false", "return deleted key-value pairs"),
        ],
    },
    Usage {
        path: "elect",
        short: "Observes and participates in leader election",
        use_line: "etcdctl elect <election-name> [proposal] [flags]",
        long: &[],
        flags: &[Flag::optional("listen", "false", "observation mode").short('l')],
    },
    Usage {
        path: "endpoint",
        short: "Endpoint related commands",
        use_line: "etcdctl endpoint <subcommand> [flags]",
        long: &[],
        flags: &[Flag::optional(
            "cluster",
            "false",
            "use all endpoints from the cluster member list",
        )],
    },
    Usage {
        path: "endpoint hashkv",
        short: "Prints the KV history hash for each endpoint in --endpoints",
        use_line: "etcdctl endpoint hashkv [flags]",
        long: &[],
        flags: &[Flag::new(
            "rev",
            "0",
            "maximum revision to hash (default: all revisions)",
        )],
    },
    Usage {
        path: "endpoint health",
        short: "Checks the healthiness of endpoints specified in `--endpoints` flag",
        use_line: "etcdctl endpoint health [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "endpoint status",
        short: "Prints out the status of endpoints specified in `--endpoints` flag",
        use_line: "etcdctl endpoint status [flags]",
        long: &[
            "When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.",
            "The items in the lists are endpoint, ID, version, db size, is leader, is learner, raft term, raft index, raft applied index, errors.",
        ],
        flags: &[],
    },
    Usage {
        path: "get",
        short: "Gets the key or a range of keys",
        use_line: "etcdctl get [options] <key> [range_end] [flags]",
        long: &[],
        flags: &[
            Flag::new("consistency", "\"l\"", "Linearizable(l) or Serializable(s)"),
            Flag::optional(
                "from-key",
                "false",
                "Get keys that are greater than or equal to the given key using byte compare",
            ),
            Flag::optional("keys-only", "false", "Get only the keys"),
            Flag::new("limit", "0", "Maximum number of results"),
            Flag::new(
                "order",
                "\"\"",
                "Order of results; ASCEND or DESCEND (ASCEND by default)",
            ),
            Flag::optional("prefix", "false", "Get keys with matching prefix"),
            Flag::optional(
                "print-value-only",
                "false",
                "Only write values when using the \"simple\" output format",
            ),
            Flag::new("rev", "0", "Specify the kv revision"),
            Flag::new("sort-by", "\"\"", "Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION"),
        ],
    },
    Usage {
        path: "lease",
        short: "Lease related commands",
        use_line: "etcdctl lease <subcommand> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "lease grant",
        short: "Creates leases",
        use_line: "etcdctl lease grant <ttl> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "lease keep-alive",
        short: "Keeps leases alive (renew)",
        use_line: "etcdctl lease keep-alive [options] <leaseID> [flags]",
        long: &[],
        flags: &[Flag::optional(
            "once",
            "false",
            "Resets the keep-alive time to its original value and exits immediately",
        )],
    },
    Usage {
        path: "lease list",
        short: "List all active leases",
        use_line: "etcdctl lease list [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "lease revoke",
        short: "Revokes leases",
        use_line: "etcdctl lease revoke <leaseID> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "lease timetolive",
        short: "Get lease information",
        use_line: "etcdctl lease timetolive <leaseID> [options] [flags]",
        long: &[],
        flags: &[Flag::optional("keys", "false", "Get keys attached to this lease")],
    },
    Usage {
        path: "lock",
        short: "Acquires a named lock",
        use_line: "etcdctl lock <lockname> [exec-command arg1 arg2 ...] [flags]",
        long: &[],
        flags: &[Flag::new("ttl", "10", "timeout for session")],
    },
    Usage {
        path: "make-mirror",
        short: "Makes a mirror at the destination etcd cluster",
        use_line: "etcdctl make-mirror [options] <destination> [flags]",
        long: &[],
        flags: &[
            Flag::new(
                "dest-cacert",
                "\"\"",
                "Verify certificates of TLS enabled secure servers using this CA bundle",
            ),
            Flag::new(
                "dest-cert",
                "\"\"",
                "Identify secure client using this TLS certificate file for the destination cluster",
            ),
            Flag::optional(
                "dest-insecure-transport",
                "true",
                "Disable transport security for client connections",
            ),
            Flag::new("dest-key", "\"\"", "Identify secure client using this TLS key file"),
            Flag::new(
                "dest-prefix",
                "\"\"",
                "destination prefix to mirror a prefix to a different prefix in the destination cluster",
            ),
            Flag::optional(
                "no-dest-prefix",
                "false",
                "mirror key-values to the root of the destination cluster",
            ),
            Flag::new("prefix", "\"\"", "Key-value prefix to mirror"),
        ],
    },
    Usage {
        path: "member",
        short: "Membership related commands",
        use_line: "etcdctl member <subcommand> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "member add",
        short: "Adds a member into the cluster",
        use_line: "etcdctl member add <memberName> [options] [flags]",
        long: &[],
        flags: &[
            Flag::optional("learner", "false", "indicates if the new member is raft learner"),
            Flag::new("peer-urls", "\"\"", "comma separated peer URLs for the new member."),
        ],
    },
    Usage {
        path: "member list",
        short: "Lists all members in the cluster",
        use_line: "etcdctl member list [flags]",
        long: &[
            "When --write-out is set to simple, this command prints out comma-separated member lists for each endpoint.",
            "The items in the lists are ID, Status, Name, Peer Addrs, Client Addrs, Is Learner.",
        ],
        flags: &[],
    },
    Usage {
        path: "member promote",
        short: "Promotes a non-voting member in the cluster",
        use_line: "etcdctl member promote <memberID> [flags]",
        long: &["Promotes a non-voting learner member to a voting one in the cluster."],
        flags: &[],
    },
    Usage {
        path: "member remove",
        short: "Removes a member from the cluster",
        use_line: "etcdctl member remove <memberID> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "member update",
        short: "Updates a member in the cluster",
        use_line: "etcdctl member update <memberID> [options] [flags]",
        long: &[],
        flags: &[Flag::new(
            "peer-urls",
            "\"\"",
            "comma separated peer URLs for the updated member.",
        )],
    },
    Usage {
        path: "migrate",
        short: "Migrates keys in a v2 store to a mvcc store",
        use_line: "etcdctl migrate [flags]",
        long: &[],
        flags: &[
            Flag::new("data-dir", "\"\"", "Path to the data directory"),
            Flag::optional("no-ttl", "false", "Do not convert TTL keys"),
            Flag::new("transformer", "\"\"", "Path to the user-provided transformer program"),
            Flag::new("wal-dir", "\"\"", "Path to the WAL directory"),
        ],
    },
    Usage {
        path: "move-leader",
        short: "Transfers leadership to another etcd cluster member.",
        use_line: "etcdctl move-leader <transferee-member-id> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "put",
        short: "Puts the given key into the store",
        use_line: "etcdctl put [options] <key> <value> (<value> can also be given from stdin) [flags]",
        long: &[
            "Puts the given key into the store.",
            "",
            "When <value> begins with '-', <value> is interpreted as a flag.",
            "Insert '--' for workaround:",
            "",
            "$ put <key> -- <value>",
            "$ put -- <key> <value>",
            "",
            "If <value> isn't given as a command line argument and '--ignore-value' is not specified,",
            "this command tries to read the value from standard input.",
            "",
            "If <lease> isn't given as a command line argument and '--ignore-lease' is not specified,",
            "this command tries to read the value from standard input.",
            "",
            "For example,",
            "$ cat file | put <key>",
            "will store the content of the file to <key>.",
        ],
        flags: &[
            Flag::optional("ignore-lease", "false", "updates the key using its current lease"),
            Flag::optional("ignore-value", "false", "updates the key using its current value"),
            Flag::new("lease", "\"0\"", "lease ID (in hexadecimal) to attach to the key"),
            Flag::optional(
                "prev-kv",
                "false",
                "return the previous key-value pair before modification",
            ),
        ],
    },
    Usage {
        path: "role",
        short: "Role related commands",
        use_line: "etcdctl role <subcommand> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "role add",
        short: "Adds a new role",
        use_line: "etcdctl role add <role name> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "role delete",
        short: "Deletes a role",
        use_line: "etcdctl role delete <role name> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "role get",
        short: "Gets detailed information of a role",
        use_line: "etcdctl role get <role name> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "role grant-permission",
        short: "Grants a key to a role",
        use_line: "etcdctl role grant-permission [options] <role name> <permission type> <key> [endkey] [flags]",
        long: &[],
        flags: &[
            Flag::optional(
                "from-key",
                "false",
                "grant a permission of keys that are greater than or equal to the given key using byte compare",
            ),
            Flag::optional("prefix", "false", "grant a prefix permission"),
        ],
    },
    Usage {
        path: "role list",
        short: "Lists all roles",
        use_line: "etcdctl role list [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "role revoke-permission",
        short: "Revokes a key from a role",
        use_line: "etcdctl role revoke-permission <role name> <key> [endkey] [flags]",
        long: &[],
        flags: &[
            Flag::optional(
                "from-key",
                "false",
                "revoke a permission of keys that are greater than or equal to the given key using byte compare",
            ),
            Flag::optional("prefix", "false", "revoke a prefix permission"),
        ],
    },
    Usage {
        path: "snapshot",
        short: "Manages etcd node snapshots",
        use_line: "etcdctl snapshot <subcommand> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "snapshot restore",
        short: "Restores an etcd member snapshot to an etcd directory",
        use_line: "etcdctl snapshot restore <filename> [options] [flags]",
        long: &[],
        flags: &[
            Flag::new("data-dir", "\"\"", "Path to the data directory"),
            Flag::new(
                "initial-advertise-peer-urls",
                "\"http://localhost:2380\"",
                "List of this member's peer URLs to advertise to the rest of the cluster",
            ),
            Flag::new(
                "initial-cluster",
                "\"default=http://localhost:2380\"",
                "Initial cluster configuration for restore bootstrap",
            ),
            Flag::new(
                "initial-cluster-token",
                "\"etcd-cluster\"",
                "Initial cluster token for the etcd cluster during restore bootstrap",
            ),
            Flag::new("name", "\"default\"", "Human-readable name for this member"),
            Flag::optional(
                "skip-hash-check",
                "false",
                "Ignore snapshot integrity hash value (required if copied from data directory)",
            ),
            Flag::new(
                "wal-dir",
                "\"\"",
                "Path to the WAL directory (use --data-dir if none given)",
            ),
        ],
    },
    Usage {
        path: "snapshot save",
        short: "Stores an etcd node backend snapshot to a given file",
        use_line: "etcdctl snapshot save <filename> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "snapshot status",
        short: "Gets backend snapshot status of a given file",
        use_line: "etcdctl snapshot status <filename> [flags]",
        long: &[
            "When --write-out is set to simple, this command prints out comma-separated status lists for each endpoint.",
            "The items in the lists are hash, revision, total keys, total size.",
        ],
        flags: &[],
    },
    Usage {
        path: "txn",
        short: "Txn processes all the requests in one transaction",
        use_line: "etcdctl txn [options] [flags]",
        long: &[],
        flags: &[Flag::optional("interactive", "false", "Input transaction in interactive mode").short('i')],
    },
    Usage {
        path: "user",
        short: "User related commands",
        use_line: "etcdctl user <subcommand> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "user add",
        short: "Adds a new user",
        use_line: "etcdctl user add <user name or user:password> [options] [flags]",
        long: &[],
        flags: &[
            Flag::optional(
                "interactive",
                "true",
                "Read password from stdin instead of interactive terminal",
            ),
            Flag::new(
                "new-user-password",
                "\"\"",
                "Supply password from the command line flag",
            ),
            Flag::optional(
                "no-password",
                "false",
                "Create a user without password (CN based auth only)",
            ),
        ],
    },
    Usage {
        path: "user delete",
        short: "Deletes a user",
        use_line: "etcdctl user delete <user name> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "user get",
        short: "Gets detailed information of a user",
        use_line: "etcdctl user get <user name> [options] [flags]",
        long: &[],
        flags: &[Flag::optional(
            "detail",
            "false",
            "Show permissions of roles granted to the user",
        )],
    },
    Usage {
        path: "user grant-role",
        short: "Grants a role to a user",
        use_line: "etcdctl user grant-role <user name> <role name> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "user list",
        short: "Lists all users",
        use_line: "etcdctl user list [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "user passwd",
        short: "Changes password of user",
        use_line: "etcdctl user passwd <user name> [options] [flags]",
        long: &[],
        flags: &[Flag::optional(
            "interactive",
            "true",
            "If true, read password from stdin instead of interactive terminal",
        )],
    },
    Usage {
        path: "user revoke-role",
        short: "Revokes a role from a user",
        use_line: "etcdctl user revoke-role <user name> <role name> [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "help",
        short: "Help about any command",
        use_line: "etcdctl help [command] [flags]",
        long: &[
            "Help provides help for any command in the application.",
            "Simply type etcdctl help [path to command] for full details.",
        ],
        flags: &[],
    },
    Usage {
        path: "version",
        short: "Prints the version of etcdctl",
        use_line: "etcdctl version [flags]",
        long: &[],
        flags: &[],
    },
    Usage {
        path: "watch",
        short: "Watches events stream on keys or prefixes",
        use_line: "etcdctl watch [options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...] [flags]",
        long: &[],
        flags: &[
            Flag::optional("interactive", "false", "Interactive mode").short('i'),
            Flag::optional("prefix", "false", "Watch on a prefix if prefix is set"),
            Flag::optional(
                "prev-kv",
                "false",
                "get the previous key-value pair before the event happens",
            ),
            Flag::new("rev", "0", "Revision to start watching"),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::{COMMANDS, GLOBAL_FLAGS, align, text};

    #[test]
    fn columns_are_as_wide_as_their_widest_cell_and_padded_with_tabs() {
        // Widest cell 8 + 1 padding: 16 columns; "b" needs two tabs to get there.
        assert_eq!(align("aaaaaaaa\tx\nb\ty\n"), "aaaaaaaa\tx\nb\t\ty\n");
        // A line without a tab ends the column: the next block is sized on its own.
        assert_eq!(align("aaaaaaaa\tx\nhead\nb\ty\n"), "aaaaaaaa\tx\nhead\nb\ty\n");
        // Only cells ended by a tab are aligned; leading empty cells take one tab stop.
        assert_eq!(
            align("\tname\tsummary\n\tlonger-name\tx\n"),
            "\tname\t\tsummary\n\tlonger-name\tx\n"
        );
    }

    #[test]
    fn a_subcommand_shows_its_parents_persistent_flag_among_the_global_ones() {
        let status = text("endpoint status").unwrap();
        let global = status.split("GLOBAL OPTIONS:\n").nth(1).unwrap();
        let names: Vec<&str> = global
            .lines()
            .filter_map(|l| l.split("--").nth(1))
            .filter_map(|l| l.split(['=', '[']).next())
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert!(global.contains("--cluster[=false]\t"), "{global}");
        assert!(!text("member list").unwrap().contains("--cluster"));
    }

    #[test]
    fn a_parent_lists_its_subcommands() {
        assert_eq!(
            text("lease grant").unwrap().split("GLOBAL").next().unwrap(),
            "NAME:\n\tlease grant - Creates leases\n\nUSAGE:\n\tetcdctl lease grant <ttl> [flags]\n\nOPTIONS:\n  -h, --help[=false]\thelp for grant\n\n"
        );
        let member = text("member").unwrap();
        assert!(
            member.contains("\n\nAPI VERSION:\n\t3.4\n\n\nCOMMANDS:\n\tadd\tAdds a member into the cluster\n"),
            "{member}"
        );
        assert!(text("frobnicate").is_none());
    }

    /// Every flag etcdctl shows for a command is one etcdtls's parser takes there.
    #[test]
    fn global_flags_and_whether_they_take_the_next_word() {
        assert_eq!(super::global_flag("--endpoints"), Some(true));
        assert_eq!(super::global_flag("--endpoints=x"), Some(false));
        assert_eq!(super::global_flag("--hex"), Some(false));
        assert_eq!(super::global_flag("-w"), Some(true));
        assert_eq!(super::global_flag("-wjson"), Some(false));
        assert_eq!(super::global_flag("-d"), Some(true));
        assert_eq!(super::global_flag("--prefix"), None);
        assert_eq!(super::global_flag("-h"), None);
        assert_eq!(super::global_flag("--cluster"), None);
    }

    #[test]
    fn every_flag_shown_is_one_etcdtls_takes() {
        use clap::CommandFactory;
        let root = crate::cli::Cli::command();
        let longs = |c: &clap::Command| -> Vec<String> {
            c.get_arguments()
                .filter_map(|a| a.get_long().map(str::to_string))
                .collect()
        };
        let globals = longs(&root);
        for f in GLOBAL_FLAGS {
            assert!(globals.iter().any(|g| g == f.name), "global --{}", f.name);
        }
        for usage in COMMANDS {
            // cobra's help command is not a subcommand in etcdtls's definition.
            if usage.path == "snapshot restore" || usage.path == "migrate" || usage.path == "help" {
                continue;
            }
            let mut command = &root;
            for word in usage.path.split(' ') {
                command = command
                    .find_subcommand(word)
                    .unwrap_or_else(|| panic!("etcdtls has no {}", usage.path));
            }
            let own = longs(command);
            for f in usage.flags {
                // `endpoint --cluster` is defined on each of its subcommands in etcdtls.
                let taken = own.iter().any(|o| o == f.name)
                    || command.get_subcommands().all(|s| longs(s).iter().any(|o| o == f.name))
                        && command.has_subcommands();
                assert!(taken, "{}: --{}", usage.path, f.name);
            }
        }
    }
}
