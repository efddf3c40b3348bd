//! The command line: etcdctl's global flags and commands, with etcdctl's names, defaults and
//! `ETCDCTL_*` variables, plus etcdtls's own commands (`explain`, `doctor`, `why`, `lab`,
//! `demo`).

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// Explain etcd and Kubernetes certificates, and talk to etcd over mTLS.
///
/// Use it like etcdctl: `etcdtls --endpoints=https://127.0.0.1:2379 --cacert=... --cert=...
/// --key=... endpoint status`. When a connection fails, etcdtls says which file is wrong and
/// what to use instead.
#[derive(Debug, Parser)]
#[command(name = "etcdtls", version, about, long_about = None, propagate_version = true, args_override_self = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalFlags,

    #[command(subcommand)]
    pub command: Command,
}

/// etcdctl's global flags. Each is also read from its `ETCDCTL_*` variable, the way etcdctl
/// reads them (see [`apply_env`]): a flag on the command line and its variable together are
/// an error, an unusable variable is ignored, an unknown `ETCDCTL_*` variable is warned about.
///
/// Values are parsed as Go's pflag parses them: a flag that takes a value takes the next
/// argument whatever it looks like (`--limit -1`), booleans take a value only after `=`.
///
/// They are `global = true` so that etcdctl's command lines work with the flags before or after
/// the command (`etcdtls --endpoints X get k`, `etcdtls get k --endpoints X`); [`command`] hides
/// them again in the commands that connect to nothing.
#[derive(Debug, Clone, Args)]
pub struct GlobalFlags {
    /// gRPC endpoints, comma-separated.
    #[arg(
        long,
        global = true,
        value_delimiter = ',',
        default_value = "127.0.0.1:2379",
        allow_hyphen_values = true
    )]
    pub endpoints: Vec<String>,

    /// Dial timeout for client connections.
    #[arg(long, global = true, value_parser = parse_duration, default_value = "2s", allow_hyphen_values = true)]
    pub dial_timeout: Duration,

    /// Timeout for short-running commands (excluding dial timeout).
    #[arg(long, global = true, value_parser = parse_duration, default_value = "5s", allow_hyphen_values = true)]
    pub command_timeout: Duration,

    /// Keepalive time (accepted for etcdctl compatibility).
    #[arg(long, global = true, value_parser = parse_duration, default_value = "2s", hide = true, allow_hyphen_values = true)]
    pub keepalive_time: Duration,

    /// Keepalive timeout (accepted for etcdctl compatibility).
    #[arg(long, global = true, value_parser = parse_duration, default_value = "6s", hide = true, allow_hyphen_values = true)]
    pub keepalive_timeout: Duration,

    /// Verify certificates of TLS-enabled secure servers using this CA bundle.
    #[arg(long, global = true, value_name = "FILE", allow_hyphen_values = true, value_parser = parse_path)]
    pub cacert: Option<PathBuf>,

    /// Identify the client with this TLS certificate file.
    #[arg(long, global = true, value_name = "FILE", allow_hyphen_values = true, value_parser = parse_path)]
    pub cert: Option<PathBuf>,

    /// Identify the client with this TLS key file.
    #[arg(long, global = true, value_name = "FILE", allow_hyphen_values = true, value_parser = parse_path)]
    pub key: Option<PathBuf>,

    /// Skip server certificate verification (CAUTION: anyone in the middle can read everything).
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub insecure_skip_tls_verify: bool,

    /// Disable transport security for client connections (only for endpoints without a scheme
    /// and no certificate flags).
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "true", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub insecure_transport: bool,

    /// Username[:password] for authentication (prompt if password is not supplied).
    #[arg(long, global = true, allow_hyphen_values = true)]
    pub user: Option<String>,

    /// Password for authentication (if used, --user must not contain a colon).
    #[arg(long, global = true, allow_hyphen_values = true)]
    pub password: Option<String>,

    /// Output format: simple, table, json, fields or protobuf (explain: text, json, markdown or html).
    #[arg(
        short = 'w',
        long = "write-out",
        global = true,
        value_name = "FORMAT",
        allow_hyphen_values = true
    )]
    pub write_out: Option<String>,

    /// Print byte strings (keys and values) as hex encoded strings.
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub hex: bool,

    /// Client-side debug logging (accepted for etcdctl compatibility).
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set, hide = true)]
    pub debug: bool,

    /// Accept insecure SRV records (accepted for etcdctl compatibility).
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "true", value_parser = parse_go_bool, action = clap::ArgAction::Set, hide = true)]
    pub insecure_discovery: bool,

    /// DNS SRV discovery: not supported; give --endpoints.
    #[arg(short = 'd', long, global = true, hide = true, allow_hyphen_values = true)]
    pub discovery_srv: Option<String>,

    /// DNS SRV discovery service name: not supported; give --endpoints.
    #[arg(long, global = true, hide = true, allow_hyphen_values = true)]
    pub discovery_srv_name: Option<String>,

    /// What reading the `ETCDCTL_*` variables found, reported when a client command runs.
    #[arg(skip)]
    pub env: EnvReport,

    /// How the command's `--command-timeout` applies (set with the variables).
    #[arg(skip)]
    pub deadline: Deadline,
}

/// How etcdctl 3.4 bounds a command's requests, read off its sources
/// (`etcdctl/ctlv3/command/*_command.go`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Deadline {
    /// `mustClientFromCmd` (which applies the `ETCDCTL_*` variables) before `commandCtx`:
    /// `--command-timeout` or ETCDCTL_COMMAND_TIMEOUT bounds each request, not the dial.
    #[default]
    AfterClient,
    /// `ctx, cancel := commandCtx(cmd)` before `mustClientFromCmd(cmd)`: the context is made
    /// while only the flag is read, so ETCDCTL_COMMAND_TIMEOUT is ignored, and its deadline
    /// runs while the client dials.
    BeforeClient,
    /// `context.TODO()` or `context.Background()`: no deadline at all.
    Unbounded,
}

impl Command {
    /// How `--command-timeout` bounds this command in etcdctl 3.4.
    pub fn deadline(&self) -> Deadline {
        use crate::ctl::args::{AlarmCommand, LeaseCommand};
        match self {
            // get, put, del, member *, lease grant|revoke, alarm *, auth *.
            Command::Get(_)
            | Command::Put(_)
            | Command::Del(_)
            | Command::Member(_)
            | Command::Lease(LeaseCommand::Grant(_) | LeaseCommand::Revoke(_))
            | Command::Alarm(AlarmCommand::List(_) | AlarmCommand::Disarm(_))
            | Command::Auth(_) => Deadline::BeforeClient,
            // user_command.go, role_command.go, lease timetolive|list|keep-alive, txn, watch,
            // lock, elect, make-mirror.
            Command::User(_)
            | Command::Role(_)
            | Command::Lease(_)
            | Command::Txn(_)
            | Command::Watch(_)
            | Command::Lock(_)
            | Command::Elect(_)
            | Command::MakeMirror(_) => Deadline::Unbounded,
            // endpoint status|health|hashkv, compaction, defrag, move-leader, snapshot save
            // (which has none unless the timeout is set), and etcdtls's own commands.
            _ => Deadline::AfterClient,
        }
    }
}

/// The `ETCDCTL_*` variables that etcdctl would complain about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnvReport {
    /// Variables whose flag is also on the command line (etcdctl stops).
    pub conflicts: Vec<String>,
    /// `NAME=value` of variables that name no flag (etcdctl warns).
    pub unrecognized: Vec<String>,
}

/// The global flags and their variables: (flag id, variable).
const GLOBAL_ENV: [(&str, &str); 20] = [
    ("endpoints", "ETCDCTL_ENDPOINTS"),
    ("dial_timeout", "ETCDCTL_DIAL_TIMEOUT"),
    ("command_timeout", "ETCDCTL_COMMAND_TIMEOUT"),
    ("keepalive_time", "ETCDCTL_KEEPALIVE_TIME"),
    ("keepalive_timeout", "ETCDCTL_KEEPALIVE_TIMEOUT"),
    ("cacert", "ETCDCTL_CACERT"),
    ("cert", "ETCDCTL_CERT"),
    ("key", "ETCDCTL_KEY"),
    ("insecure_skip_tls_verify", "ETCDCTL_INSECURE_SKIP_TLS_VERIFY"),
    ("insecure_transport", "ETCDCTL_INSECURE_TRANSPORT"),
    ("user", "ETCDCTL_USER"),
    ("password", "ETCDCTL_PASSWORD"),
    ("write_out", "ETCDCTL_WRITE_OUT"),
    ("hex", "ETCDCTL_HEX"),
    ("debug", "ETCDCTL_DEBUG"),
    ("insecure_discovery", "ETCDCTL_INSECURE_DISCOVERY"),
    ("discovery_srv", "ETCDCTL_DISCOVERY_SRV"),
    ("discovery_srv_name", "ETCDCTL_DISCOVERY_SRV_NAME"),
    // `endpoint --cluster` is a persistent flag of `endpoint`: etcdctl reads its variable too.
    ("cluster", "ETCDCTL_CLUSTER"),
    // Unset by etcdctl before it reads the others.
    ("", "ETCDCTL_API"),
];

/// Parses the command line (from `std::env::args_os`, command prefixes expanded as etcdctl
/// expands them) and reads the `ETCDCTL_*` variables.
pub fn parse() -> Result<Cli, clap::Error> {
    parse_with(
        expand_command_prefixes(std::env::args_os()),
        std::env::vars_os(),
        Definition::LeftToExit,
    )
}

/// etcdctl 3.4's commands and their subcommands. etcdctl turns on cobra's
/// `EnablePrefixMatching` (`etcdctl/ctlv3/ctl.go`), so a command word that begins exactly one
/// of these names stands for it: `etcdctl compact 3`, `etcdctl mem l`, `etcdctl snap save`.
pub(crate) const ETCDCTL_COMMANDS: &[(&str, &[&str])] = &[
    ("get", &[]),
    ("put", &[]),
    ("del", &[]),
    ("txn", &[]),
    ("compaction", &[]),
    ("alarm", &["disarm", "list"]),
    ("defrag", &[]),
    ("endpoint", &["health", "status", "hashkv"]),
    ("move-leader", &[]),
    ("watch", &[]),
    ("version", &[]),
    ("lease", &["grant", "revoke", "timetolive", "list", "keep-alive"]),
    ("member", &["add", "remove", "update", "list", "promote"]),
    ("snapshot", &["save", "status", "restore"]),
    ("make-mirror", &[]),
    ("migrate", &[]),
    ("lock", &[]),
    ("elect", &[]),
    ("auth", &["enable", "disable"]),
    (
        "user",
        &["add", "delete", "get", "list", "passwd", "grant-role", "revoke-role"],
    ),
    (
        "role",
        &["add", "delete", "get", "list", "grant-permission", "revoke-permission"],
    ),
    ("check", &["perf", "datascale"]),
    // cobra adds `help` to the root before it looks for the command.
    ("help", &[]),
];

/// etcdtls's commands (and aliases) that etcdctl does not have: never a prefix of etcdctl's.
const ETCDTLS_OWN_COMMANDS: &[&str] = &["explain", "doctor", "why", "lab", "demo", "completion", "man"];

/// etcdctl's flags that take no value unless written `--flag=value` (pflag's `NoOptDefVal`):
/// the global booleans, `endpoint`'s persistent `--cluster`, and help.
const ETCDCTL_BOOL_FLAGS: &[&str] = &[
    "debug",
    "hex",
    "insecure-discovery",
    "insecure-skip-tls-verify",
    "insecure-transport",
    "cluster",
    "help",
];

/// Expands command words as cobra's `Find` does with `EnablePrefixMatching` (cobra v0.0.3
/// `stripFlags`, `findNext`): the first word that is not a flag or a flag's value is the
/// command; when it is not a command's exact name and begins exactly one of etcdctl's
/// commands, it becomes that command; then the same for its subcommand. etcdtls's own
/// commands (`explain`, `doctor`, ...) are matched only by their whole name.
pub fn expand_command_prefixes<I, T>(args: I) -> Vec<OsString>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString>,
{
    let mut args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    let mut names: Vec<&str> = ETCDCTL_COMMANDS.iter().map(|(n, _)| *n).collect();
    let mut start = 1;
    // Two levels (`mem l`), or three after `help` (`help snap save`: cobra's help command finds
    // its topic the same way).
    let mut levels = 2;
    let mut level = 0;
    // The first command word (its index and name) and the index of the last one.
    let mut first: Option<(usize, String)> = None;
    let mut last = 0;
    while level < levels {
        level += 1;
        let Some(i) = next_command_word(&args, start) else {
            break;
        };
        let Some(word) = args[i].to_str().map(str::to_string) else {
            break;
        };
        let exact = names.contains(&word.as_str()) || (start == 1 && ETCDTLS_OWN_COMMANDS.contains(&word.as_str()));
        let name = if exact {
            word.clone()
        } else {
            let matches: Vec<&&str> = names.iter().filter(|n| n.starts_with(word.as_str())).collect();
            match matches.as_slice() {
                [one] => one.to_string(),
                _ => break,
            }
        };
        args[i] = OsString::from(&name);
        first.get_or_insert((i, name.clone()));
        last = i;
        if start > 1 {
            // `endpoint --cluster health`: `--cluster` is `endpoint`'s persistent flag in
            // etcdctl; etcdtls defines it on each subcommand, so it moves after the word.
            let between: Vec<OsString> = args.drain(start..i).collect();
            let (cluster, other): (Vec<OsString>, Vec<OsString>) = between.into_iter().partition(|a| {
                a.to_str()
                    .is_some_and(|a| a == "--cluster" || a.starts_with("--cluster="))
            });
            let at = start + other.len();
            last = at + cluster.len();
            args.splice(start..start, other);
            args.splice(at + 1..at + 1, cluster);
        }
        match ETCDCTL_COMMANDS.iter().find(|(n, _)| *n == name) {
            Some(("help", _)) if start == 1 => {
                names = ETCDCTL_COMMANDS.iter().map(|(n, _)| *n).collect();
                start = i + 1;
                levels = 3;
            }
            Some((_, subs)) if !subs.is_empty() => {
                names = subs.to_vec();
                start = i + 1;
            }
            _ => break,
        }
    }
    // cobra finds the command first and then parses every flag of the line with the command's
    // flag set, so a command's own flag may come before its name (`etcdctl --limit=1 get
    // --prefix k`, `etcdctl --prefix --keys-only get /`): such a flag (with the word cobra's
    // `stripFlags` took for its value) moves after the last command word, where clap looks for
    // it. The global flags stay where they are.
    if let Some((i, name)) = first
        && i > 1
        && name != "help"
        && ETCDCTL_COMMANDS.iter().any(|(n, _)| *n == name)
    {
        let (stay, moved) = split_command_flags(&args[1..i]);
        if !moved.is_empty() {
            let after = last + 1;
            let mut out: Vec<OsString> = args[..1].to_vec();
            out.extend(stay);
            out.extend_from_slice(&args[i..after]);
            out.extend(moved);
            out.extend_from_slice(&args[after..]);
            args = out;
        }
    }
    args
}

/// The words before the command word, parted into the global flags (with their values) and
/// the command's own flags (with the word `stripFlags` took for the value of one without `=`).
fn split_command_flags(before: &[OsString]) -> (Vec<OsString>, Vec<OsString>) {
    let root = Cli::command();
    let global = |name: &str| {
        root.get_arguments().any(|a| {
            a.get_long() == Some(name) || (name.len() == 1 && a.get_short().is_some_and(|c| name.starts_with(c)))
        })
    };
    let (mut stay, mut moved) = (Vec::new(), Vec::new());
    let mut k = 0;
    while k < before.len() {
        let word = before[k].to_string_lossy();
        let name = word
            .trim_start_matches('-')
            .split('=')
            .next()
            .unwrap_or_default()
            .to_string();
        let long = word.starts_with("--");
        let short = !long && word.starts_with('-') && word.len() == 2;
        // As in [`next_command_word`], help takes the next word at the root.
        let takes_next = !word.contains('=')
            && ((long && (!ETCDCTL_BOOL_FLAGS.contains(&name.as_str()) || name == "cluster" || name == "help"))
                || short);
        let end = (k + 1 + usize::from(takes_next)).min(before.len());
        let target = if (long || short) && !global(&name) {
            &mut moved
        } else {
            &mut stay
        };
        target.extend_from_slice(&before[k..end]);
        k = end;
    }
    (stay, moved)
}

/// The etcdctl command a command line names, as cobra finds it (`member list`, `endpoint`):
/// `None` for etcdtls's own commands and for a line that names none. `args` have had their
/// prefixes expanded ([`expand_command_prefixes`]).
pub fn etcdctl_command_path(args: &[OsString]) -> Option<String> {
    let i = next_command_word(args, 1)?;
    let word = args[i].to_str()?;
    let (name, subs) = ETCDCTL_COMMANDS.iter().find(|(n, _)| *n == word)?;
    let sub = next_command_word(args, i + 1)
        .and_then(|j| args[j].to_str())
        .filter(|w| subs.contains(w));
    Some(match sub {
        Some(sub) => format!("{name} {sub}"),
        None => name.to_string(),
    })
}

/// The index of the first word from `start` that cobra's `stripFlags` keeps as a command.
fn next_command_word(args: &[OsString], start: usize) -> Option<usize> {
    let mut i = start;
    while i < args.len() {
        let s = args[i].to_string_lossy();
        if s == "--" {
            return None;
        }
        // `--cluster` is `endpoint`'s flag: at the root cobra's `stripFlags` does not know it
        // is a boolean and takes the next word for its value (`--cluster endpoint status` is
        // the command "status"). Nor does it know help there, at any level: cobra v0.0.3 adds
        // `-h, --help` to the command it has found (`execute`'s `InitDefaultHelpFlag`), after
        // `Find`, so `etcdctl --help get` is the root's help and `member --help list` member's.
        let takes_value =
            |name: &str| !ETCDCTL_BOOL_FLAGS.contains(&name) || (start == 1 && name == "cluster") || name == "help";
        if let Some(long) = s.strip_prefix("--")
            && !s.contains('=')
            && takes_value(long)
        {
            if i + 1 >= args.len() - 1 {
                return None;
            }
            i += 2;
            continue;
        }
        if s.len() == 2 && s.starts_with('-') && !s.contains('=') {
            if i + 1 >= args.len() - 1 {
                return None;
            }
            i += 2;
            continue;
        }
        if !s.is_empty() && !s.starts_with('-') {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// cobra's `-h, --help` is a boolean flag: `-h=false` asks for no help (the command runs),
/// `--help=true` for help, with Go's words for true and false.
fn help_as_pflag_reads_it(args: Vec<OsString>) -> Vec<OsString> {
    let mut out = Vec::with_capacity(args.len());
    let mut after_dashes = false;
    for (i, arg) in args.into_iter().enumerate() {
        let value = arg
            .to_str()
            .and_then(|a| a.strip_prefix("--help=").or_else(|| a.strip_prefix("-h=")));
        match value.map(parse_go_bool) {
            Some(Ok(false)) if i > 0 && !after_dashes => {}
            Some(Ok(true)) if i > 0 && !after_dashes => out.push(OsString::from("--help")),
            _ => {
                after_dashes |= arg == "--";
                out.push(arg);
            }
        }
    }
    out
}

/// pflag reads every flag before cobra looks at `-h`: a flag error anywhere on the line wins
/// over help (`etcdctl get -h5 k`, `get --limit abc -h` fail with exit 1), where clap stops at
/// the first `-h`. The line is parsed again without its help flags, and a flag error found
/// then is the one to report. etcdtls's own commands keep clap's reading.
fn flag_error_beside_help(args: &[OsString]) -> Option<clap::Error> {
    use clap::error::ErrorKind;
    if crate::exit::first_command(args).is_some_and(|c| crate::exit::ETCDTLS_COMMANDS.contains(&c.as_str())) {
        return None;
    }
    let mut stripped = Vec::with_capacity(args.len());
    let mut after_dashes = false;
    for (i, arg) in args.iter().enumerate() {
        after_dashes |= arg == "--";
        let word = arg.to_str().filter(|_| i > 0 && !after_dashes);
        match word {
            Some("--help" | "-h") => {}
            // A group of one-letter flags: `h` is help until a letter that takes a value
            // (`-w`, `-d`), whose value is the rest of the word (`-wh` is `-w h`).
            Some(w) if w.len() > 1 && w.starts_with('-') && !w.starts_with("--") => {
                let mut kept = String::from("-");
                let mut value = false;
                for c in w[1..].chars() {
                    if value || c != 'h' {
                        kept.push(c);
                    }
                    value |= matches!(c, 'w' | 'd') && !value;
                }
                if kept.len() > 1 {
                    stripped.push(OsString::from(kept));
                }
            }
            _ => stripped.push(arg.clone()),
        }
    }
    let error = globals_where_named(Cli::command(), &stripped)
        .try_get_matches_from(&stripped)
        .err()?;
    matches!(
        error.kind(),
        ErrorKind::UnknownArgument | ErrorKind::InvalidValue | ErrorKind::ValueValidation | ErrorKind::NoEquals
    )
    .then_some(error)
}

/// [`parse`] with explicit arguments and variables.
pub fn parse_from<I, T>(args: I, vars: impl IntoIterator<Item = (OsString, OsString)>) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    parse_with(args, vars, Definition::Dropped)
}

/// What becomes of the command definition once the command line is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Definition {
    /// Freed.
    Dropped,
    /// Left to the operating system at exit: freeing its thousands of pieces one by one takes
    /// longer than a short command's own work, and the process parses only once.
    LeftToExit,
}

fn parse_with<I, T>(
    args: I,
    vars: impl IntoIterator<Item = (OsString, OsString)>,
    definition: Definition,
) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    use clap::error::ErrorKind;
    let args = help_as_pflag_reads_it(args.into_iter().map(Into::into).collect());
    // Hiding flags changes only what help shows, so the plain definition parses (clap builds
    // only the subcommand used, which keeps start-up short), and help is rendered again from
    // [`command`].
    let mut plain = globals_where_named(Cli::command(), &args);
    let parsed = plain.try_get_matches_from_mut(&args);
    if definition == Definition::LeftToExit {
        std::mem::forget(plain);
    }
    let matches = match parsed {
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            if let Some(flag_error) = flag_error_beside_help(&args) {
                return Err(flag_error);
            }
            command().try_get_matches_from(&args)?
        }
        parsed => parsed?,
    };
    let mut cli = Cli::from_arg_matches(&matches)?;
    match endpoints_as_given(&args) {
        Some(Ok(endpoints)) => cli.global.endpoints = endpoints,
        Some(Err((value, why))) => return Err(endpoints_error(&value, &why)),
        None => {}
    }
    let vars: Vec<(String, String)> = vars
        .into_iter()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().unwrap_or_default())))
        .collect();
    apply_env(&mut cli, &matches, &vars);
    Ok(cli)
}

/// The definition clap parses with: the global flags are declared on the root alone, and
/// copied, still global, into the commands the command line names.
///
/// clap copies every global flag into every command when it builds the root, before it knows
/// which command is used: 19 flags into about 40 commands, the largest part of a short
/// command's own start-up. A flag after the command is accepted by the copy in that command,
/// clap carries the copies on into its subcommands (`endpoint status`) and every value up to
/// the root as it does for its own copies, so what parses, and how, is unchanged. A word that
/// names a command anywhere on the line counts, so a command is never missed for a word that
/// turns out to be a flag's value: that command gets copies it does not use.
fn globals_where_named(root: clap::Command, args: &[OsString]) -> clap::Command {
    let globals: Vec<clap::Arg> = root.get_arguments().filter(|a| a.is_global_set()).cloned().collect();
    let words: Vec<&str> = args.iter().skip(1).filter_map(|a| a.to_str()).collect();
    let named: Vec<String> = root
        .get_subcommands()
        .filter(|c| words.contains(&c.get_name()) || c.get_all_aliases().any(|a| words.contains(&a)))
        .map(|c| c.get_name().to_string())
        .collect();
    let mut root = root.mut_args(|a| a.global(false));
    for name in named {
        root = root.mut_subcommand(name, |mut command| {
            for flag in &globals {
                if command.get_arguments().all(|a| a.get_id() != flag.get_id()) {
                    command = command.arg(flag.clone());
                }
            }
            command
        });
    }
    root
}

/// Every `--endpoints` on the command line, in order, before and after the command alike, each
/// read as pflag reads a list ([`go_csv_record`]: `"a",b` is `a` and `b`), or the first value
/// pflag refuses. etcdctl's flags are one set (cobra's persistent flags), and pflag appends
/// each occurrence of a list flag to the ones before: `etcdctl --endpoints=A endpoint status
/// --endpoints=B` asks A and B. clap keeps the command's occurrence alone, and splits at every
/// comma. `None` when no `--endpoints` is given.
fn endpoints_as_given(args: &[OsString]) -> Option<Result<Vec<String>, (String, String)>> {
    let mut given: Vec<Vec<String>> = Vec::new();
    let mut words = args.iter().skip(1).map(|a| a.to_str());
    while let Some(word) = words.next() {
        match word {
            Some("--") => break,
            Some("--endpoints") => given.push(words.next().flatten().map(str::to_string).into_iter().collect()),
            Some(w) => {
                if let Some(value) = w.strip_prefix("--endpoints=") {
                    given.push(vec![value.to_string()]);
                }
            }
            None => {}
        }
    }
    if given.is_empty() {
        return None;
    }
    let mut endpoints = Vec::new();
    for value in given.into_iter().flatten() {
        match go_csv_record(&value) {
            Ok(items) => endpoints.extend(items),
            Err(why) => return Some(Err((value, why))),
        }
    }
    Some(Ok(endpoints))
}

/// pflag's refusal of an `--endpoints` value, as the error clap gives for a value its parser
/// refuses (the flag, the value, and Go's words as its source), so that it is reported as
/// every other flag error is: the command's usage on standard output, exit 1.
fn endpoints_error(value: &str, why: &str) -> clap::Error {
    let why = why.to_string();
    let refuse = move |_: &str| -> Result<String, String> { Err(why.clone()) };
    clap::Command::new("etcdtls")
        .arg(
            clap::Arg::new("endpoints")
                .long("endpoints")
                .allow_hyphen_values(true)
                .value_parser(refuse),
        )
        .try_get_matches_from([
            OsString::from("etcdtls"),
            OsString::from(format!("--endpoints={value}")),
        ])
        .err()
        .unwrap_or_else(|| clap::Error::new(clap::error::ErrorKind::ValueValidation))
}

/// Whether a flag was given on the command line, at the top or in a subcommand.
fn on_command_line(matches: &clap::ArgMatches, id: &str) -> bool {
    let here = matches.try_get_raw(id).ok().flatten().is_some()
        && matches.value_source(id) == Some(clap::parser::ValueSource::CommandLine);
    here || matches.subcommand().is_some_and(|(_, sub)| on_command_line(sub, id))
}

/// Reads the `ETCDCTL_*` variables as etcdctl's `SetPflagsFromEnv` does: a variable sets its
/// flag when the flag is not on the command line and the variable is not empty; a value that
/// does not parse is ignored (etcdctl drops that error); a variable whose flag is on the
/// command line is a conflict, one that names no flag is unrecognized.
pub fn apply_env(cli: &mut Cli, matches: &clap::ArgMatches, vars: &[(String, String)]) {
    let mut cluster = false;
    let watch = matches!(cli.command, Command::Watch(_));
    let endpoint = matches!(cli.command, Command::Endpoint(_));
    let deadline = cli.command.deadline();
    // etcdctl's snapshot status never calls SetPflagsFromEnv: no variable applies to it
    // (ETCDCTL_WRITE_OUT=json still prints the simple format).
    let reads_no_variables = matches!(
        cli.command,
        Command::Snapshot(crate::ctl::args::SnapshotCommand::Status(_))
    );
    let g = &mut cli.global;
    g.deadline = deadline;
    if reads_no_variables {
        return;
    }
    for (name, value) in vars {
        if !name.starts_with("ETCDCTL_") {
            continue;
        }
        // etcdctl's watch reads these itself, and so does etcdtls's.
        if watch && (name == "ETCDCTL_WATCH_KEY" || name == "ETCDCTL_WATCH_RANGE_END") {
            continue;
        }
        // `--cluster` is `endpoint`'s persistent flag: other commands do not inherit it, and
        // etcdctl reads only the inherited flags' variables.
        let Some((id, _)) = (GLOBAL_ENV.iter())
            .find(|(_, var)| var == name)
            .filter(|(id, _)| *id != "cluster" || endpoint)
        else {
            g.env.unrecognized.push(format!("{name}={value}"));
            continue;
        };
        if id.is_empty() {
            continue;
        }
        if on_command_line(matches, id) {
            g.env.conflicts.push(name.clone());
            continue;
        }
        if value.is_empty() {
            continue;
        }
        let v = value.as_str();
        match *id {
            "endpoints" => set_ok(&mut g.endpoints, go_csv_record(v)),
            "dial_timeout" => set_ok(&mut g.dial_timeout, parse_duration(v)),
            // Applied only after the command has made its context from the flag alone.
            "command_timeout" if deadline == Deadline::BeforeClient => {}
            "command_timeout" => set_ok(&mut g.command_timeout, parse_duration(v)),
            "keepalive_time" => set_ok(&mut g.keepalive_time, parse_duration(v)),
            "keepalive_timeout" => set_ok(&mut g.keepalive_timeout, parse_duration(v)),
            "cacert" => g.cacert = Some(PathBuf::from(v)),
            "cert" => g.cert = Some(PathBuf::from(v)),
            "key" => g.key = Some(PathBuf::from(v)),
            "insecure_skip_tls_verify" => set_ok(&mut g.insecure_skip_tls_verify, parse_go_bool(v)),
            "insecure_transport" => set_ok(&mut g.insecure_transport, parse_go_bool(v)),
            "user" => g.user = Some(v.to_string()),
            "password" => g.password = Some(v.to_string()),
            "write_out" => g.write_out = Some(v.to_string()),
            "hex" => set_ok(&mut g.hex, parse_go_bool(v)),
            "debug" => set_ok(&mut g.debug, parse_go_bool(v)),
            "insecure_discovery" => set_ok(&mut g.insecure_discovery, parse_go_bool(v)),
            "discovery_srv" => g.discovery_srv = Some(v.to_string()),
            "discovery_srv_name" => g.discovery_srv_name = Some(v.to_string()),
            "cluster" => cluster = parse_go_bool(v).unwrap_or(false),
            _ => {}
        }
    }
    match &mut cli.command {
        Command::Endpoint(EndpointCommand::Status(c) | EndpointCommand::Health(c)) if cluster => c.cluster = true,
        Command::Endpoint(EndpointCommand::Hashkv(c)) if cluster => c.cluster = true,
        _ => {}
    }
}

fn set_ok<T>(slot: &mut T, parsed: Result<T, String>) {
    if let Ok(v) = parsed {
        *slot = v;
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Explain certificates, keys, kubeconfigs, Secrets and etcd manifests: what each is, who
    /// issued it, what it is for, and what is wrong.
    Explain(ExplainArgs),
    /// Endpoint commands: status and health.
    #[command(subcommand)]
    Endpoint(EndpointCommand),
    /// Member commands.
    #[command(subcommand)]
    Member(MemberCommand),
    /// Gets the key or a range of keys.
    Get(GetArgs),
    /// Puts the given key into the store.
    Put(PutArgs),
    /// Removes the specified key or range of keys.
    Del(DelArgs),
    /// Walk an mTLS connection to etcd step by step and name the exact cause of a failure.
    Doctor(DoctorArgs),
    /// Explain a TLS error message from etcdctl, etcd or kube-apiserver.
    Why(WhyArgs),
    /// Review a pasted etcdctl or `kubectl exec … -- etcdctl` command before it runs.
    Check(CheckArgs),
    /// A practice etcd cluster on this machine with a kubeadm-shaped PKI.
    #[command(subcommand)]
    Lab(LabCommand),
    /// The whole story on a throwaway lab: explain its PKI, then connect to it over mTLS.
    Demo(DemoArgs),
    /// Manages etcd node snapshots.
    #[command(subcommand)]
    Snapshot(crate::ctl::args::SnapshotCommand),
    /// Defragments the storage of the etcd members with given endpoints.
    Defrag(crate::ctl::args::DefragArgs),
    /// Alarm related commands.
    #[command(subcommand)]
    Alarm(crate::ctl::args::AlarmCommand),
    /// Compacts the event history in etcd: compaction [--physical] <revision>.
    Compaction(crate::ctl::args::CompactionArgs),
    /// Transfers leadership to another etcd cluster member: move-leader <transferee-member-id>.
    MoveLeader(crate::ctl::args::Positional),
    /// Watches events stream on keys or prefixes.
    Watch(crate::ctl::args::WatchArgs),
    /// Lease related commands.
    #[command(subcommand)]
    Lease(crate::ctl::args::LeaseCommand),
    /// Txn processes all the requests in one transaction (read from standard input).
    Txn(crate::ctl::args::TxnArgs),
    /// Acquires a named lock: lock <lockname> [exec-command arg1 arg2 ...].
    Lock(crate::ctl::args::LockArgs),
    /// Observes and participates in leader election: elect <election-name> [proposal].
    Elect(crate::ctl::args::ElectArgs),
    /// Makes a mirror at the destination etcd cluster: make-mirror [options] <destination>.
    MakeMirror(crate::ctl::args::MakeMirrorArgs),
    /// Not done by etcdtls (offline): use `etcdctl migrate`.
    Migrate(crate::ctl::args::Passthrough),
    /// User related commands.
    #[command(subcommand)]
    User(crate::ctl::args::UserCommand),
    /// Role related commands.
    #[command(subcommand)]
    Role(crate::ctl::args::RoleCommand),
    /// Enable or disable authentication.
    #[command(subcommand)]
    Auth(crate::ctl::args::AuthCommand),
    /// Prints the version of etcdtls and the etcd API it speaks.
    ///
    /// Like etcdctl's, it takes no arguments and ignores any given (`version extra`).
    Version(crate::ctl::args::Positional),
    /// Print a shell completion script: `source <(etcdtls completion bash)`.
    Completion(CompletionArgs),
    /// Print the manual page (roff): `etcdtls man | man -l -`; `--dir` writes one page per command.
    Man(ManArgs),
}

/// `completion` arguments.
#[derive(Debug, Args)]
pub struct CompletionArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `man` arguments.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write etcdtls.1 and a page per command (etcdtls-get.1, ...) into this folder instead.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Commands that connect to nothing, with the global flags they do use: the others are hidden
/// from their `--help` (still accepted, as etcdctl accepts every global flag everywhere).
const OFFLINE_COMMANDS: [(&str, &[&str]); 7] = [
    ("explain", &["write_out"]),
    ("why", &[]),
    ("check", &[]),
    ("lab", &[]),
    ("demo", &[]),
    ("completion", &[]),
    ("man", &[]),
];

/// The command definition as the binary parses it: [`Cli`]'s, with the connection flags hidden
/// in the commands that connect to nothing. Completions and the man page are made from it too.
pub fn command() -> clap::Command {
    let mut cmd = Cli::command();
    // Building propagates the global flags into every subcommand; only then can they be hidden
    // in some. Parsing a built command does not propagate again.
    cmd.build();
    let globals: Vec<clap::Id> = cmd
        .get_arguments()
        .filter(|a| a.is_global_set())
        .map(|a| a.get_id().clone())
        .collect();
    cmd.mut_subcommands(
        |sub| match OFFLINE_COMMANDS.iter().find(|(name, _)| *name == sub.get_name()) {
            Some((_, used)) => hide_flags(sub, &globals, used),
            None => sub,
        },
    )
}

fn hide_flags(cmd: clap::Command, globals: &[clap::Id], used: &[&str]) -> clap::Command {
    cmd.mut_args(|a| {
        if globals.contains(a.get_id()) && !used.contains(&a.get_id().as_str()) {
            a.hide(true)
        } else {
            a
        }
    })
    .mut_subcommands(|sub| hide_flags(sub, globals, used))
}

/// Output formats of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// For people, with an inventory table first.
    Text,
    /// For scripts; see docs/json.md.
    Json,
    /// For documents and issues.
    Markdown,
    /// One self-contained HTML page (no scripts, no external resources), to attach to a ticket.
    Html,
}

/// `explain` arguments.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Files or directories (searched recursively); `-` reads standard input. Without paths:
    /// standard input when it is not a terminal, else /etc/kubernetes when it exists.
    pub paths: Vec<PathBuf>,

    /// Output format (`-w` is accepted too).
    #[arg(short = 'o', long, value_enum)]
    pub output: Option<ExplainFormat>,

    /// Judge validity at this moment instead of now (RFC 3339, e.g. 2025-01-01T00:00:00Z).
    #[arg(long, value_name = "TIME", value_parser = parse_rfc3339)]
    pub at: Option<time::OffsetDateTime>,

    /// Warn about certificates that expire within this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub warn_days: u32,

    /// Exit 1 when any finding is an error or an input cannot be read (for scripts and cron).
    #[arg(long)]
    pub check: bool,
}

/// `endpoint` subcommands.
#[derive(Debug, Subcommand)]
pub enum EndpointCommand {
    /// Prints out the status of endpoints specified in `--endpoints` flag.
    Status(ClusterArg),
    /// Checks the healthiness of endpoints specified in `--endpoints` flag.
    Health(ClusterArg),
    /// Prints the KV history hash for each endpoint in --endpoints.
    Hashkv(crate::ctl::args::HashKvArgs),
}

/// `--cluster`.
#[derive(Debug, Args)]
pub struct ClusterArg {
    /// Use all endpoints from the cluster member list.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub cluster: bool,
    /// Arguments etcdctl ignores.
    #[arg(hide = true)]
    pub ignored: Vec<OsString>,
}

/// `member` subcommands.
#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Lists all members in the cluster.
    List(IgnoredArgs),
    /// Adds a member into the cluster: add <memberName> --peer-urls=<urls>.
    Add(crate::ctl::args::MemberAddArgs),
    /// Removes a member from the cluster: remove <memberID>.
    Remove(crate::ctl::args::Positional),
    /// Updates a member in the cluster: update <memberID> --peer-urls=<urls>.
    Update(crate::ctl::args::MemberUpdateArgs),
    /// Promotes a non-voting member in the cluster: promote <memberID>.
    Promote(crate::ctl::args::Positional),
}

/// Positional arguments a command takes and ignores, as etcdctl (cobra) does.
#[derive(Debug, Args)]
pub struct IgnoredArgs {
    /// Arguments etcdctl ignores.
    #[arg(hide = true)]
    pub ignored: Vec<OsString>,
}

/// `get` arguments. Keys and values are bytes, as etcd keeps them.
#[derive(Debug, Args)]
pub struct GetArgs {
    /// `<key> [range_end]`; etcdctl ignores any further arguments.
    #[arg(value_name = "KEY [RANGE_END]")]
    pub args: Vec<OsString>,
    /// Linearizable (l) or Serializable (s).
    #[arg(long, default_value = "l", allow_hyphen_values = true)]
    pub consistency: String,
    /// Order of results: ASCEND or DESCEND (ASCEND by default).
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub order: String,
    /// Sort target: CREATE, KEY, MODIFY, VALUE, or VERSION.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub sort_by: String,
    /// Maximum number of results.
    #[arg(long, default_value = "0", value_parser = parse_go_int, allow_hyphen_values = true)]
    pub limit: i64,
    /// Get keys with matching prefix.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub prefix: bool,
    /// Get keys that are greater than or equal to the given key using byte compare.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub from_key: bool,
    /// Specify the kv revision.
    #[arg(long, default_value = "0", value_parser = parse_go_int, allow_hyphen_values = true)]
    pub rev: i64,
    /// Get only the keys.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub keys_only: bool,
    /// Only write values when using the "simple" output format.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub print_value_only: bool,
}

/// `put` arguments.
#[derive(Debug, Args)]
#[command(
    long_about = "Puts the given key into the store.\n\nWhen <value> begins with '-', it is read as a flag: insert '--' (`put <key> -- <value>`). Without a <value> argument and without --ignore-value, the value is read from standard input: `cat file | etcdtls put <key>` stores the file."
)]
pub struct PutArgs {
    /// `<key> <value>`; the value is read from standard input when omitted.
    #[arg(value_name = "KEY [VALUE]")]
    pub args: Vec<OsString>,
    /// Lease ID (in hexadecimal) to attach to the key.
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    pub lease: String,
    /// Return the previous key-value pair before modification.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub prev_kv: bool,
    /// Updates the key using its current value.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub ignore_value: bool,
    /// Updates the key using its current lease.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub ignore_lease: bool,
}

/// `del` arguments.
#[derive(Debug, Args)]
pub struct DelArgs {
    /// `<key> [range_end]`.
    #[arg(value_name = "KEY [RANGE_END]")]
    pub args: Vec<OsString>,
    /// Delete keys with matching prefix.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub prefix: bool,
    /// Return deleted key-value pairs.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub prev_kv: bool,
    /// Delete keys that are greater than or equal to the given key using byte compare.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = parse_go_bool, action = clap::ArgAction::Set)]
    pub from_key: bool,
}

/// `doctor` arguments.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Pick the CA and client pair from a kubeadm PKI folder (/etc/kubernetes/pki).
    #[arg(long, value_name = "DIR")]
    pub pki: Option<PathBuf>,
    /// Output format.
    #[arg(short = 'o', long, value_enum)]
    pub output: Option<DoctorFormat>,
    /// Check every member: list them, then read the certificate each serves on its client URL
    /// (and, with peer credentials, on its peer URL) and check issuer, SANs and expiry.
    #[arg(long)]
    pub cluster: bool,
    /// With --cluster: warn about certificates that expire within this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 30, requires = "cluster")]
    pub warn_days: u32,
    /// With --cluster: the peer certificate to shake hands with each member's peer URL
    /// (--pki picks kubeadm's pki/etcd/peer.crt).
    #[arg(long, value_name = "FILE", requires_all = ["cluster", "peer_key"])]
    pub peer_cert: Option<PathBuf>,
    /// With --cluster: the peer certificate's key.
    #[arg(long, value_name = "FILE", requires_all = ["cluster", "peer_cert"])]
    pub peer_key: Option<PathBuf>,
    /// With --cluster: the CA that signed the members' peer certificates (default: --cacert).
    #[arg(long, value_name = "FILE", requires = "cluster")]
    pub peer_cacert: Option<PathBuf>,
}

/// Output formats of `doctor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DoctorFormat {
    /// Steps for people.
    Text,
    /// For scripts.
    Json,
}

/// `why` arguments.
#[derive(Debug, Args)]
pub struct WhyArgs {
    /// The error text; read from standard input when omitted.
    pub message: Vec<String>,
    /// Output format.
    #[arg(short = 'o', long, value_enum)]
    pub output: Option<DoctorFormat>,
}

/// `check` arguments.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The command, as you would type it (everything after `check` is taken as is), or one
    /// file of notes to read (a runbook, a script, a Markdown page); read from standard input
    /// when omitted, where several commands, `export` lines, prompts and Markdown fences may
    /// be pasted.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "COMMAND")]
    pub command: Vec<String>,
    /// A folder standing in for /etc/kubernetes/pki: the files the commands name are read from it.
    #[arg(long, value_name = "DIR")]
    pub pki: Option<PathBuf>,
    /// Output format.
    #[arg(short = 'o', long, value_enum)]
    pub output: Option<DoctorFormat>,
}

/// `lab` subcommands.
#[derive(Debug, Subcommand)]
pub enum LabCommand {
    /// Write a kubeadm-shaped PKI, start etcd members with client and peer mTLS, wait until
    /// they are healthy, and print how to connect.
    Up(LabUpArgs),
    /// Stop the lab's members and remove what it made.
    Down(LabDirArg),
    /// Print the lab's connection settings as ETCDCTL_* lines.
    Env(LabDirArg),
}

/// `lab up` arguments.
#[derive(Debug, Args)]
pub struct LabUpArgs {
    /// How many members: 1 or 3.
    #[arg(long, default_value_t = 1, value_parser = parse_members)]
    pub members: u8,
    /// Where to keep the PKI, data and logs.
    #[arg(long, value_name = "DIR", env = "ETCDTLS_LAB_DIR")]
    pub dir: Option<PathBuf>,
    /// Key algorithm for the PKI.
    #[arg(long, value_enum, default_value_t = KeyKind::Ecdsa)]
    pub key_type: KeyKind,
}

/// `--dir`.
#[derive(Debug, Args)]
pub struct LabDirArg {
    /// The lab's folder.
    #[arg(long, value_name = "DIR", env = "ETCDTLS_LAB_DIR")]
    pub dir: Option<PathBuf>,
}

/// Key algorithms for generated PKIs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyKind {
    /// ECDSA P-256 (kubeadm's ECDSA-P256).
    Ecdsa,
    /// RSA 2048 (kubeadm's default).
    Rsa,
}

/// `demo` arguments.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Keep the lab running afterwards (stop it with `etcdtls lab down --dir DIR`).
    #[arg(long)]
    pub keep: bool,
    /// How many members: 1 or 3.
    #[arg(long, default_value_t = 1, value_parser = parse_members)]
    pub members: u8,
}

fn parse_members(s: &str) -> Result<u8, String> {
    match s {
        "1" => Ok(1),
        "3" => Ok(3),
        _ => Err("a lab has 1 or 3 members".into()),
    }
}

/// A duration as Go's `time.ParseDuration` reads it (`2s`, `500ms`, `1m30s`, `1.5h`, `0`), with
/// Go's error text. A negative duration is an immediate timeout, as in Go.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let invalid = || format!("time: invalid duration {s:?}");
    let (negative, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(Duration::ZERO);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let mut nanos: f64 = 0.0;
    while !rest.is_empty() {
        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let number = &rest[..number_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(invalid());
        }
        let value: f64 = number.parse().map_err(|_| invalid())?;
        rest = &rest[number_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let unit = &rest[..unit_len];
        rest = &rest[unit_len..];
        let scale = match unit {
            "" => return Err(format!("time: missing unit in duration {s:?}")),
            "ns" => 1.0,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            other => return Err(format!("time: unknown unit {other:?} in duration {s:?}")),
        };
        nanos += value * scale;
    }
    if nanos > 9.2e18 {
        return Err(invalid());
    }
    Ok(if negative {
        Duration::ZERO
    } else {
        Duration::from_nanos(nanos as u64)
    })
}

/// A path, empty included: etcdctl refuses `--cert=` itself, with its own message.
fn parse_path(s: &str) -> Result<PathBuf, String> {
    Ok(PathBuf::from(s))
}

/// A list flag's value as pflag's `StringSlice` reads it (`readAsCSV`): `""` is no item,
/// anything else is the first record of Go's `encoding/csv` reader with its defaults (comma
/// separated, `"quoted"` fields with `""` for a quote, no space trimmed, empty lines skipped),
/// with Go's error text (`parse error on line 1, column 2: bare " in non-quoted-field`; the
/// column counts bytes from 1, as Go 1.17 and later do).
pub fn go_csv_record(s: &str) -> Result<Vec<String>, String> {
    const BARE: &str = "bare \" in non-quoted-field";
    const QUOTE: &str = "extraneous or missing \" in quoted-field";
    if s.is_empty() {
        return Ok(Vec::new());
    }
    let error = |start: usize, line: usize, column: usize, what: &str| {
        if start == line {
            format!("parse error on line {line}, column {column}: {what}")
        } else {
            format!("record on line {start}; parse error on line {line}, column {column}: {what}")
        }
    };
    // Go's `readLine`: `\r\n` reads as `\n`, and a `\r` just before the end is dropped.
    let mut lines = s.split_inclusive('\n').map(|l| match l.strip_suffix("\r\n") {
        Some(body) => format!("{body}\n"),
        None if !l.ends_with('\n') => l.strip_suffix('\r').unwrap_or(l).to_string(),
        None => l.to_string(),
    });
    let newline_len = |l: &str| usize::from(l.ends_with('\n'));
    let mut num_line = 0;
    let mut line = loop {
        match lines.next() {
            None => return Err("EOF".to_string()),
            Some(l) => {
                num_line += 1;
                if l != "\n" {
                    break l;
                }
            }
        }
    };
    let start = num_line;
    let (mut pos_line, mut col) = (num_line, 1);
    let mut fields = Vec::new();
    'field: loop {
        if !line.starts_with('"') {
            let comma = line.find(',');
            let field = match comma {
                Some(i) => &line[..i],
                None => &line[..line.len() - newline_len(&line)],
            };
            if let Some(j) = field.find('"') {
                return Err(error(start, num_line, col + j, BARE));
            }
            fields.push(field.to_string());
            match comma {
                Some(i) => {
                    col += i + 1;
                    line = line[i + 1..].to_string();
                }
                None => break 'field,
            }
            continue;
        }
        line = line[1..].to_string();
        col += 1;
        let mut field = String::new();
        loop {
            if let Some(i) = line.find('"') {
                field.push_str(&line[..i]);
                line = line[i + 1..].to_string();
                col += i + 1;
                if line.starts_with('"') {
                    field.push('"');
                    line = line[1..].to_string();
                    col += 1;
                } else if line.starts_with(',') {
                    line = line[1..].to_string();
                    col += 1;
                    fields.push(field);
                    continue 'field;
                } else if newline_len(&line) == line.len() {
                    fields.push(field);
                    break 'field;
                } else {
                    return Err(error(start, num_line, col - 1, QUOTE));
                }
            } else if !line.is_empty() {
                field.push_str(&line);
                col += line.len();
                line = lines.next().unwrap_or_default();
                num_line += 1;
                if !line.is_empty() {
                    pos_line += 1;
                    col = 1;
                }
            } else {
                return Err(error(start, pos_line, col, QUOTE));
            }
        }
    }
    Ok(fields)
}

/// A boolean as Go's `strconv.ParseBool` reads it, with Go's error text.
pub fn parse_go_bool(s: &str) -> Result<bool, String> {
    match s {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(false),
        _ => Err(format!("strconv.ParseBool: parsing {s:?}: invalid syntax")),
    }
}

/// An integer as pflag's int64 flags read it (`strconv.ParseInt(s, 0, 64)`: a sign, then
/// decimal, `0x` hex, `0o`/`0` octal or `0b` binary, `_` between digits), with Go's error text.
pub fn parse_go_int(s: &str) -> Result<i64, String> {
    let syntax = || format!("strconv.ParseInt: parsing {s:?}: invalid syntax");
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits, prefixed) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d, true)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d, true)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d, true)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..], true)
    } else {
        (10, lower.as_str(), false)
    };
    // Underscores only between digits (or right after a base prefix), as Go allows them.
    let underscores_ok = !digits.ends_with('_') && !digits.contains("__") && (prefixed || !digits.starts_with('_'));
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if clean.is_empty() || !underscores_ok || !clean.chars().all(|c| c.is_digit(radix)) {
        return Err(syntax());
    }
    let magnitude = u128::from_str_radix(&clean, radix)
        .map_err(|_| format!("strconv.ParseInt: parsing {s:?}: value out of range"))?;
    let limit = if negative { 1u128 << 63 } else { (1u128 << 63) - 1 };
    if magnitude > limit {
        return Err(format!("strconv.ParseInt: parsing {s:?}: value out of range"));
    }
    let v = magnitude as i128;
    Ok((if negative { -v } else { v }) as i64)
}

fn parse_rfc3339(s: &str) -> Result<time::OffsetDateTime, String> {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|e| format!("{e} (use RFC 3339, e.g. 2025-01-01T00:00:00Z)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_definition_is_consistent() {
        Cli::command().debug_assert();
        command().debug_assert();
    }

    fn expanded(args: &[&str]) -> Vec<String> {
        expand_command_prefixes(args.iter().copied())
            .into_iter()
            .map(|a| a.into_string().unwrap())
            .collect()
    }

    #[test]
    fn command_prefixes_expand_as_cobra_expands_them() {
        // The etcd maintenance guide's `etcdctl compact $rev`.
        assert_eq!(expanded(&["etcdtls", "compact", "3"]), ["etcdtls", "compaction", "3"]);
        assert_eq!(
            expanded(&["etcdtls", "--endpoints", "x", "mem", "l", "-w", "table"]),
            ["etcdtls", "--endpoints", "x", "member", "list", "-w", "table"]
        );
        // etcdctl's README: `etcdctl -w table endpoint --cluster status`.
        assert_eq!(
            expanded(&["etcdtls", "-w", "table", "endpoint", "--cluster", "stat"]),
            ["etcdtls", "-w", "table", "endpoint", "status", "--cluster"]
        );
        assert_eq!(
            expanded(&["etcdtls", "endpoint", "--cluster=true", "--hex", "health", "-w", "json"]),
            ["etcdtls", "endpoint", "--hex", "health", "--cluster=true", "-w", "json"]
        );
        assert_eq!(
            expanded(&["etcdtls", "-w", "json", "snap", "save", "f"])[3..5],
            ["snapshot", "save"]
        );
        // Ambiguous prefixes stay, and so do exact names and etcdtls's own commands.
        assert_eq!(expanded(&["etcdtls", "e"]), ["etcdtls", "e"]);
        assert_eq!(expanded(&["etcdtls", "de", "k"]), ["etcdtls", "de", "k"]);
        assert_eq!(expanded(&["etcdtls", "get", "comp"]), ["etcdtls", "get", "comp"]);
        assert_eq!(expanded(&["etcdtls", "lease", "li"]), ["etcdtls", "lease", "list"]);
        assert_eq!(expanded(&["etcdtls", "explain", "x"]), ["etcdtls", "explain", "x"]);
        assert_eq!(expanded(&["etcdtls", "delete", "k"]), ["etcdtls", "delete", "k"]);
        // etcdctl 3.4 has no `delete` (only `del`): an unknown command there, and here.
        assert!(parse_from(["etcdtls", "delete", "k"], Vec::new()).is_err());
        // A flag's value is not a command; after `--` nothing is.
        assert_eq!(
            expanded(&["etcdtls", "--user", "mem", "get", "k"]),
            ["etcdtls", "--user", "mem", "get", "k"]
        );
        assert_eq!(expanded(&["etcdtls", "--", "ver"]), ["etcdtls", "--", "ver"]);
        assert_eq!(expanded(&["etcdtls", "--hex", "ver"]), ["etcdtls", "--hex", "version"]);
        // A command's own flags before its name move after it (cobra parses them with the
        // command's flag set); global flags stay.
        assert_eq!(
            expanded(&["etcdtls", "--limit", "1", "-w", "json", "--prefix=true", "ge", "k"]),
            ["etcdtls", "-w", "json", "get", "--limit", "1", "--prefix=true", "k"]
        );
        assert_eq!(
            expanded(&["etcdtls", "--keys-only", "--prefix", "get", "k"]),
            ["etcdtls", "get", "--keys-only", "--prefix", "k"]
        );
        assert_eq!(
            expanded(&["etcdtls", "--cluster=true", "endpoint", "status"]),
            ["etcdtls", "endpoint", "status", "--cluster=true"]
        );
    }

    fn parse_args(args: &[&str]) -> Result<Cli, clap::Error> {
        parse_from(args.iter().copied(), std::iter::empty())
    }

    fn help(args: &[&str]) -> String {
        let e = parse_args(args).expect_err("--help ends parsing");
        assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp);
        e.to_string()
    }

    #[test]
    fn offline_commands_do_not_list_connection_flags() {
        for args in [
            &["etcdtls", "explain", "--help"][..],
            &["etcdtls", "why", "--help"],
            &["etcdtls", "check", "--help"],
            &["etcdtls", "lab", "up", "--help"],
            &["etcdtls", "demo", "--help"],
            &["etcdtls", "help", "explain"],
        ] {
            let text = help(args);
            for flag in [
                "--endpoints",
                "--cacert",
                "--cert",
                "--key",
                "--dial-timeout",
                "--user",
                "--password",
            ] {
                // `--key <FILE>`, not `--key-type <KEY_TYPE>`.
                assert!(!text.contains(&format!("{flag} <")), "{args:?} lists {flag}:\n{text}");
            }
        }
        assert!(help(&["etcdtls", "explain", "--help"]).contains("--write-out"));
        assert!(!help(&["etcdtls", "why", "--help"]).contains("--write-out"));
    }

    #[test]
    fn client_commands_and_doctor_list_connection_flags() {
        for args in [
            &["etcdtls", "get", "--help"][..],
            &["etcdtls", "endpoint", "status", "--help"],
            &["etcdtls", "doctor", "--help"],
            &["etcdtls", "--help"],
        ] {
            let text = help(args);
            for flag in ["--endpoints", "--cacert", "--cert", "--key", "--write-out"] {
                assert!(
                    text.contains(&format!("{flag} <")),
                    "{args:?} does not list {flag}:\n{text}"
                );
            }
        }
    }

    /// pflag appends each `--endpoints` to the ones before, before and after the command.
    #[test]
    fn every_endpoints_flag_counts_as_in_etcdctl() {
        for (args, want) in [
            (
                &["etcdtls", "--endpoints=a", "endpoint", "status", "--endpoints", "b,c"][..],
                &["a", "b", "c"][..],
            ),
            (&["etcdtls", "--endpoints=a", "--endpoints=b", "get", "k"], &["a", "b"]),
            (&["etcdtls", "get", "k", "--endpoints=a,b"], &["a", "b"]),
            (&["etcdtls", "--endpoints=a", "put", "k", "--", "--endpoints=b"], &["a"]),
        ] {
            let cli = parse_args(args).unwrap();
            assert_eq!(cli.global.endpoints, want, "{args:?}");
        }
    }

    /// pflag reads a list flag with Go's `encoding/csv`; the errors are etcdctl 3.4.23's, as it
    /// prints them for `--endpoints=<value>`.
    #[test]
    fn list_values_read_as_go_csv_reads_them() {
        let ok = |s: &str, want: &[&str]| {
            assert_eq!(
                go_csv_record(s),
                Ok(want.iter().map(|w| w.to_string()).collect()),
                "{s:?}"
            )
        };
        ok("", &[]);
        ok("a,b", &["a", "b"]);
        ok("a,,b", &["a", "", "b"]);
        ok("\"a\",", &["a", ""]);
        ok("\"a\"\"b\",c", &["a\"b", "c"]);
        ok(
            "\"https://h:2379\",https://i:2379",
            &["https://h:2379", "https://i:2379"],
        );
        ok(" a, b", &[" a", " b"]);
        ok("a\nb", &["a"]);
        ok("\"a\nb\"", &["a\nb"]);
        ok("\n\na,b", &["a", "b"]);
        ok("a\r\n", &["a"]);
        let err = |s: &str, want: &str| assert_eq!(go_csv_record(s), Err(want.to_string()), "{s:?}");
        err("a\"b", "parse error on line 1, column 2: bare \" in non-quoted-field");
        err(" \"a\"", "parse error on line 1, column 2: bare \" in non-quoted-field");
        err(
            "\u{e9}\"",
            "parse error on line 1, column 3: bare \" in non-quoted-field",
        );
        err(
            "\"a",
            "parse error on line 1, column 3: extraneous or missing \" in quoted-field",
        );
        err(
            "\"a\r",
            "parse error on line 1, column 3: extraneous or missing \" in quoted-field",
        );
        err(
            "\"a\"b",
            "parse error on line 1, column 3: extraneous or missing \" in quoted-field",
        );
        err(
            "x,\"a\"b",
            "parse error on line 1, column 5: extraneous or missing \" in quoted-field",
        );
        err(
            "\"a\nb\"x",
            "record on line 1; parse error on line 2, column 2: extraneous or missing \" in quoted-field",
        );
        err("\n", "EOF");
    }

    #[test]
    fn endpoints_read_as_pflag_reads_them() {
        let cli = parse_args(&["etcdtls", "--endpoints=\"a\",b", "get", "k", "--endpoints", "c"]).unwrap();
        assert_eq!(cli.global.endpoints, ["a", "b", "c"]);
        let e = parse_args(&["etcdtls", "--endpoints=a\"b", "get", "k"]).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::ValueValidation);
        assert_eq!(
            std::error::Error::source(&e).map(|s| s.to_string()).as_deref(),
            Some("parse error on line 1, column 2: bare \" in non-quoted-field")
        );
        // A variable pflag refuses is ignored: the default stays.
        let vars = |value: &str| vec![(OsString::from("ETCDCTL_ENDPOINTS"), OsString::from(value))];
        let cli = parse_from(["etcdtls", "get", "k"], vars("\"a")).unwrap();
        assert_eq!(cli.global.endpoints, ["127.0.0.1:2379"]);
        let cli = parse_from(["etcdtls", "get", "k"], vars("\"a,b\",c")).unwrap();
        assert_eq!(cli.global.endpoints, ["a,b", "c"]);
    }

    #[test]
    fn global_flags_work_before_and_after_the_command() {
        for args in [
            &["etcdtls", "--endpoints", "https://x:2379", "get", "k"][..],
            &["etcdtls", "get", "k", "--endpoints", "https://x:2379"],
            &["etcdtls", "get", "--endpoints=https://x:2379", "k"],
        ] {
            let cli = parse_args(args).unwrap();
            assert_eq!(cli.global.endpoints, vec!["https://x:2379"], "{args:?}");
            assert!(matches!(cli.command, Command::Get(ref g) if g.args == ["k"]));
        }
        let cli = parse_args(&["etcdtls", "endpoint", "status", "--cacert", "ca.crt", "-w", "table"]).unwrap();
        assert_eq!(cli.global.cacert, Some(PathBuf::from("ca.crt")));
        assert_eq!(cli.global.write_out.as_deref(), Some("table"));
        // Hidden is not refused: etcdctl accepts its global flags with every command.
        let cli = parse_args(&["etcdtls", "explain", "-w", "json", "--endpoints", "x", "a.crt"]).unwrap();
        assert_eq!(cli.global.write_out.as_deref(), Some("json"));
    }

    /// The parse definition, which copies the global flags only into the commands named on the
    /// command line, parses every line as clap's own definition, which copies them into all:
    /// the same values, or the same error in the same words.
    #[test]
    fn global_flags_copied_where_named_parse_as_clap_copies_them() {
        let cases: &[&str] = &[
            "--endpoints=a get k --endpoints=b",
            "--endpoints=a get k",
            "get k --endpoints a,b -w json",
            "get k --endpoints x --endpoints y",
            "-w json endpoint status --cluster",
            "endpoint status --endpoints x --dial-timeout 3s --cacert c --cert d --key e",
            "endpoint health --cluster -w table",
            "member list --write-out=table --hex",
            "get --prefix --keys-only k --cacert c --cert d --key e",
            "put k v --lease=12 --endpoints x",
            "lease grant 10 --endpoints x",
            "snapshot save f --endpoints x --command-timeout=9s",
            "watch k --rev 3 --prev-kv --endpoints x",
            "user add u --new-user-password p --user root:x",
            "explain -w json a.crt --endpoints x",
            "get k --insecure-skip-tls-verify --insecure-transport=false",
            "get k --endpiont x",
            "get k --endpoints",
            "nosuch --endpoints x",
            "--endpoints",
            "get --dial-timeout soon k",
            "endpoint nosuch --endpoints x",
            "doctor --endpoints x --pki /etc/kubernetes/pki",
        ];
        for line in cases {
            let args: Vec<OsString> = std::iter::once("etcdtls")
                .chain(line.split(' '))
                .map(OsString::from)
                .collect();
            let ours = globals_where_named(Cli::command(), &args).try_get_matches_from(&args);
            let clap = Cli::command().try_get_matches_from(&args);
            match (ours, clap) {
                (Ok(ours), Ok(clap)) => assert_eq!(
                    format!("{:?}", Cli::from_arg_matches(&ours).map_err(|e| e.to_string())),
                    format!("{:?}", Cli::from_arg_matches(&clap).map_err(|e| e.to_string())),
                    "{line}"
                ),
                (Err(ours), Err(clap)) => {
                    assert_eq!(
                        (ours.kind(), ours.to_string()),
                        (clap.kind(), clap.to_string()),
                        "{line}"
                    )
                }
                (ours, clap) => panic!("{line}: {ours:?} against {clap:?}"),
            }
        }
    }

    #[test]
    fn go_durations_parse() {
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("1.5h"), Ok(Duration::from_secs(5400)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("-3s"), Ok(Duration::ZERO));
        assert_eq!(parse_duration("soon"), Err("time: invalid duration \"soon\"".into()));
        assert_eq!(parse_duration("5"), Err("time: missing unit in duration \"5\"".into()));
        assert_eq!(
            parse_duration("5x"),
            Err("time: unknown unit \"x\" in duration \"5x\"".into())
        );
        assert_eq!(parse_duration(""), Err("time: invalid duration \"\"".into()));
    }

    #[test]
    fn go_integers_and_booleans_parse() {
        assert_eq!(parse_go_int("-1"), Ok(-1));
        assert_eq!(parse_go_int("0x10"), Ok(16));
        assert_eq!(parse_go_int("010"), Ok(8));
        assert_eq!(parse_go_int("1_000"), Ok(1000));
        assert_eq!(parse_go_int("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(
            parse_go_int("99999999999999999999"),
            Err("strconv.ParseInt: parsing \"99999999999999999999\": value out of range".into())
        );
        assert_eq!(
            parse_go_int(""),
            Err("strconv.ParseInt: parsing \"\": invalid syntax".into())
        );
        assert_eq!(
            parse_go_int("abc"),
            Err("strconv.ParseInt: parsing \"abc\": invalid syntax".into())
        );
        assert_eq!(parse_go_bool("T"), Ok(true));
        assert_eq!(
            parse_go_bool("yes"),
            Err("strconv.ParseBool: parsing \"yes\": invalid syntax".into())
        );
    }
}

#[cfg(test)]
mod flag_tests {
    use super::*;

    #[test]
    fn help_is_a_boolean_flag_like_cobras() {
        let cli = parse_from(["etcdtls", "get", "foo", "-h=false"], Vec::new()).unwrap();
        assert!(matches!(cli.command, Command::Get(_)));
        let cli = parse_from(["etcdtls", "--help=0", "member", "list"], Vec::new()).unwrap();
        assert!(matches!(cli.command, Command::Member(_)));
        let e = parse_from(["etcdtls", "get", "foo", "--help=true"], Vec::new()).unwrap_err();
        assert_eq!(e.kind(), clap::error::ErrorKind::DisplayHelp);
        // A value after `--` is a value.
        let cli = parse_from(["etcdtls", "put", "k", "--", "-h=false"], Vec::new()).unwrap();
        assert!(matches!(cli.command, Command::Put(a) if a.args.len() == 2));
    }

    #[test]
    fn boolean_flags_take_values_only_with_equals_like_etcdctl() {
        let cli = Cli::try_parse_from(["etcdtls", "--insecure-skip-tls-verify", "get", "k"]).unwrap();
        assert!(cli.global.insecure_skip_tls_verify);
        assert!(matches!(cli.command, Command::Get(_)));
        let cli = Cli::try_parse_from(["etcdtls", "--insecure-transport=false", "get", "k"]).unwrap();
        assert!(!cli.global.insecure_transport);
    }

    #[test]
    fn etcdctl_global_flags_and_defaults() {
        let cli = Cli::try_parse_from(["etcdtls", "endpoint", "status"]).unwrap();
        assert_eq!(cli.global.endpoints, vec!["127.0.0.1:2379"]);
        assert_eq!(cli.global.dial_timeout, Duration::from_secs(2));
        assert_eq!(cli.global.command_timeout, Duration::from_secs(5));
        let cli = Cli::try_parse_from([
            "etcdtls",
            "--endpoints=https://a:2379,https://b:2379",
            "get",
            "/k",
            "--prefix",
        ])
        .unwrap();
        assert_eq!(cli.global.endpoints.len(), 2);
    }
}

#[cfg(test)]
mod env_tests {
    use super::*;

    fn vars(v: &[(&str, &str)]) -> Vec<(OsString, OsString)> {
        v.iter().map(|(k, v)| (OsString::from(k), OsString::from(v))).collect()
    }

    #[test]
    fn variables_read_as_etcdctl_reads_them() {
        let cli = parse_from(
            ["etcdtls", "get", "k"],
            vars(&[
                ("ETCDCTL_HEX", "true"),
                ("ETCDCTL_DIAL_TIMEOUT", "soon"),
                ("ETCDCTL_ENDPOINTS", "a:1,b:2"),
                ("ETCDCTL_FROB", "1"),
                ("ETCDCTL_API", "3"),
                ("PATH", "/bin"),
            ]),
        )
        .unwrap();
        assert!(cli.global.hex);
        assert_eq!(
            cli.global.dial_timeout,
            Duration::from_secs(2),
            "an unusable value is ignored"
        );
        assert_eq!(cli.global.endpoints, ["a:1", "b:2"]);
        assert_eq!(cli.global.env.unrecognized, ["ETCDCTL_FROB=1"]);
        assert!(cli.global.env.conflicts.is_empty());
    }

    #[test]
    fn etcdctl_command_timeout_applies_as_each_command_makes_its_context() {
        let timeout = |argv: &[&str]| {
            let mut full = vec!["etcdtls"];
            full.extend_from_slice(argv);
            let cli = parse_from(full, vars(&[("ETCDCTL_COMMAND_TIMEOUT", "7s")])).unwrap();
            (cli.global.command_timeout, cli.global.deadline)
        };
        // commandCtx before mustClientFromCmd: the variable is not applied yet.
        let before = (Duration::from_secs(5), Deadline::BeforeClient);
        for argv in [
            &["get", "k"][..],
            &["put", "k", "v"],
            &["del", "k"],
            &["member", "list"],
            &["member", "remove", "1"],
            &["lease", "grant", "10"],
            &["lease", "revoke", "1"],
            &["alarm", "list"],
            &["auth", "disable"],
        ] {
            assert_eq!(timeout(argv), before, "{argv:?}");
        }
        let after = (Duration::from_secs(7), Deadline::AfterClient);
        for argv in [
            &["endpoint", "status"][..],
            &["endpoint", "health"],
            &["endpoint", "hashkv"],
            &["compaction", "1"],
            &["defrag"],
            &["move-leader", "1"],
        ] {
            assert_eq!(timeout(argv), after, "{argv:?}");
        }
        for argv in [
            &["user", "list"][..],
            &["role", "list"],
            &["lease", "list"],
            &["lease", "timetolive", "1"],
            &["lease", "keep-alive", "1"],
            &["txn"],
            &["watch", "k"],
            &["lock", "l"],
            &["elect", "e", "p"],
        ] {
            assert_eq!(timeout(argv).1, Deadline::Unbounded, "{argv:?}");
        }
    }

    #[test]
    fn snapshot_status_reads_no_variables() {
        let env = vars(&[("ETCDCTL_WRITE_OUT", "json")]);
        let cli = parse_from(["etcdtls", "snapshot", "status", "y.db"], env.clone()).unwrap();
        assert_eq!(cli.global.write_out, None);
        let cli = parse_from(["etcdtls", "snapshot", "status", "y.db", "-w", "json"], env.clone()).unwrap();
        assert_eq!(cli.global.write_out.as_deref(), Some("json"));
        let cli = parse_from(["etcdtls", "get", "k"], env).unwrap();
        assert_eq!(cli.global.write_out.as_deref(), Some("json"));
    }

    #[test]
    fn a_flag_and_its_variable_conflict_wherever_the_flag_is() {
        for argv in [
            &["etcdtls", "--cacert=x", "get", "k"][..],
            &["etcdtls", "get", "k", "--cacert", "x"],
        ] {
            let cli = parse_from(argv.iter().copied(), vars(&[("ETCDCTL_CACERT", "")])).unwrap();
            assert_eq!(cli.global.env.conflicts, ["ETCDCTL_CACERT"], "{argv:?}");
        }
        let cli = parse_from(["etcdtls", "endpoint", "status"], vars(&[("ETCDCTL_CLUSTER", "true")])).unwrap();
        assert!(matches!(
            cli.command,
            Command::Endpoint(EndpointCommand::Status(ClusterArg { cluster: true, .. }))
        ));
    }

    /// `--cluster` is `endpoint`'s persistent flag: `endpoint hashkv` inherits it, and its
    /// variable too; elsewhere (`defrag --cluster` is defrag's own) the variable is unknown.
    #[test]
    fn etcdctl_cluster_applies_to_every_endpoint_command_only() {
        let cluster = vars(&[("ETCDCTL_CLUSTER", "true")]);
        let cli = parse_from(["etcdtls", "endpoint", "hashkv"], cluster.clone()).unwrap();
        assert!(matches!(
            cli.command,
            Command::Endpoint(EndpointCommand::Hashkv(crate::ctl::args::HashKvArgs {
                cluster: true,
                ..
            }))
        ));
        assert!(cli.global.env.unrecognized.is_empty());
        let cli = parse_from(["etcdtls", "defrag"], cluster.clone()).unwrap();
        assert!(matches!(&cli.command, Command::Defrag(d) if !d.cluster));
        assert_eq!(cli.global.env.unrecognized, ["ETCDCTL_CLUSTER=true"]);
        let cli = parse_from(["etcdtls", "get", "k"], cluster).unwrap();
        assert_eq!(cli.global.env.unrecognized, ["ETCDCTL_CLUSTER=true"]);
    }

    #[test]
    fn negative_numbers_are_values() {
        let cli = parse_from(["etcdtls", "get", "k", "--limit", "-1", "--rev", "-5"], vars(&[])).unwrap();
        let Command::Get(get) = cli.command else { panic!("get") };
        assert_eq!((get.limit, get.rev), (-1, -5));
        assert!(
            parse_from(["etcdtls", "get", "-5"], vars(&[])).is_err(),
            "a positional -5 is a flag, as in pflag"
        );
    }

    #[test]
    fn command_booleans_and_revisions_parse_as_pflag_parses_them() {
        let cli = parse_from(
            ["etcdtls", "watch", "--prefix=true", "--prev-kv", "--rev", "7", "k"],
            vars(&[]),
        )
        .unwrap();
        let Command::Watch(w) = cli.command else {
            panic!("watch")
        };
        assert!(w.prefix && w.prev_kv && !w.interactive);
        assert_eq!(w.rev, 7);
        let cli = parse_from(["etcdtls", "defrag", "--cluster=false"], vars(&[])).unwrap();
        let Command::Defrag(d) = cli.command else {
            panic!("defrag")
        };
        assert!(!d.cluster);
        // strconv.ParseInt's words, as etcdctl prints them.
        let e = parse_from(["etcdtls", "watch", "--rev=abc", "k"], vars(&[])).unwrap_err();
        assert!(
            e.to_string()
                .contains("strconv.ParseInt: parsing \"abc\": invalid syntax"),
            "{e}"
        );
    }
}
