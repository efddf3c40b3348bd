//! Exit statuses. Client commands use etcdctl's codes so scripts keep working; `explain`
//! uses 0, 1 (`--check` found errors) and 2 (usage or unreadable paths).

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything worked.
    Success,
    /// A generic error (etcdctl's ExitError); `explain --check` found errors.
    Error,
    /// Bad usage or unreadable paths (explain).
    BadInput,
    /// etcdctl's ExitBadConnection.
    BadConnection,
    /// etcdctl's ExitInvalidInput.
    InvalidInput,
    /// etcdctl's ExitBadFeature: an output format the command does not support.
    BadFeature,
    /// etcdctl's ExitInterrupted.
    Interrupted,
    /// etcdctl's ExitIO.
    Io,
    /// etcdctl's ExitBadArgs.
    BadArgs,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Error => 1,
            ExitStatus::BadInput | ExitStatus::BadConnection => 2,
            ExitStatus::InvalidInput => 3,
            ExitStatus::BadFeature => 4,
            ExitStatus::Interrupted => 5,
            ExitStatus::Io => 6,
            ExitStatus::BadArgs => 128,
        }
    }
}

/// An error that carries its exit status and, optionally, a full explanation printed after
/// the one-line `Error:`.
#[derive(Debug)]
pub struct Failure {
    /// The exit status.
    pub status: ExitStatus,
    /// The one-line error, printed as `Error: ...` like etcdctl.
    pub message: String,
    /// Further lines: the cause, the file, the fix.
    pub detail: Vec<String>,
}

impl Failure {
    /// A failure with a status and a message.
    pub fn new(status: ExitStatus, message: impl Into<String>) -> Self {
        Failure {
            status,
            message: message.into(),
            detail: Vec::new(),
        }
    }

    /// Adds explanation lines.
    pub fn with_detail(mut self, lines: impl IntoIterator<Item = String>) -> Self {
        self.detail.extend(lines);
        self
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// Prints a failure as etcdctl does (`Error: ...`), with the explanation lines after it.
pub fn print_failure(failure: &Failure) {
    use std::io::Write;
    if failure.message.is_empty() {
        return;
    }
    let mut stderr = anstream::stderr();
    let _ = writeln!(stderr, "Error: {}", failure.message);
    for line in &failure.detail {
        let _ = writeln!(stderr, "{line}");
    }
}

/// Writes to standard output. A closed pipe (`etcdtls explain ... | head`) is a normal end, not
/// an error: it ends the run quietly with success.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    // Text without colours is written as it is: stripping would only read every byte again.
    let written = if is_plain_text(bytes) {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(bytes).and_then(|_| stdout.flush())
    } else {
        let mut stdout = anstream::stdout();
        stdout.write_all(bytes).and_then(|_| stdout.flush())
    };
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::new(ExitStatus::Success, "")),
        Err(e) => Err(Failure::new(ExitStatus::Io, format!("writing the output: {e}"))),
    }
}

/// Text that a colour-stripping stream passes through unchanged: UTF-8 without escape
/// sequences or control characters other than tab, newline and carriage return.
fn is_plain_text(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes)
        .is_ok_and(|text| text.chars().all(|c| matches!(c, '\t' | '\n' | '\r') || !c.is_control()))
}

/// Writes bytes to standard output exactly as they are: keys and values are bytes, and a value
/// may hold escape sequences that a colour-stripping stream would eat.
pub fn write_stdout_raw(bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::new(ExitStatus::Success, "")),
        Err(e) => Err(Failure::new(ExitStatus::Io, format!("writing the output: {e}"))),
    }
}

/// etcdctl's commands that etcdtls refuses (they write a data directory): their help is
/// etcdtls's, which says so and names the etcdctl command to use.
const REFUSED: [&str; 2] = ["snapshot restore", "migrate"];

/// etcdtls's own commands: their argument errors are clap's, with exit code 2. Every other
/// command line is etcdctl's, and its argument errors read and exit as cobra's and pflag's do.
pub const ETCDTLS_COMMANDS: [&str; 8] = ["explain", "doctor", "why", "lab", "demo", "check", "completion", "man"];

/// Reports a command-line error the way the command's family does, and returns the exit code.
///
/// For etcdctl's commands that is cobra's: `Error: unknown flag: --foo` (printed twice, as
/// etcdctl does: once by cobra, once on exit) and exit 1; `Error: invalid argument "abc" for
/// "--limit" flag: strconv.ParseInt: ...`, with the command's usage on standard output
/// ([`crate::ctl::usage`]); a missing or unknown subcommand of `endpoint` or `member` prints
/// that usage and exits 0, and so does `--help` of any etcdctl command.
pub fn report_parse_error(e: &clap::Error, args: &[std::ffi::OsString]) -> i32 {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    use std::io::Write;
    let command = first_command(args);
    let own = command.as_deref().is_some_and(|c| ETCDTLS_COMMANDS.contains(&c));
    // etcdctl's usage of the command, as cobra prints it on standard output.
    let usage = || -> Option<String> {
        let mut path = crate::cli::etcdctl_command_path(args)?;
        if path == "help" {
            // `help member list` is `member list --help`.
            let at = args.iter().position(|a| a == "help")?;
            let rest: Vec<std::ffi::OsString> = (args.iter().enumerate())
                .filter(|(i, _)| *i != at)
                .map(|(_, a)| a.clone())
                .collect();
            path = crate::cli::etcdctl_command_path(&rest)?;
        }
        if own || REFUSED.contains(&path.as_str()) {
            return None;
        }
        crate::ctl::usage::text(&path)
    };
    let print_usage = |text: &str| {
        let _ = anstream::stdout().write_all(text.as_bytes());
    };
    if !e.use_stderr() {
        // `etcdctl --help get k`: help takes `get` for its value, `k` is the command, and an
        // unknown command is an error before any help.
        if let Some(word) = cobra_command_word(args).filter(|w| !is_command_name(w)) {
            return unknown_command_error(&mut anstream::stderr(), &word, args);
        }
        match usage().filter(|_| e.kind() == ErrorKind::DisplayHelp) {
            Some(text) => print_usage(&text),
            None => {
                let _ = e.print();
            }
        }
        return 0;
    }
    if own {
        let _ = e.print();
        return ExitStatus::BadInput.code();
    }
    match help_topic(args) {
        Some(HelpAnswer::Topic(text)) => {
            print_usage(&text);
            return 0;
        }
        Some(HelpAnswer::FlagError(message)) => {
            print_usage(&crate::ctl::usage::text("help").unwrap_or_default());
            let _ = writeln!(anstream::stderr(), "Error: {message}\n\nError: {message}");
            return ExitStatus::Error.code();
        }
        None => {}
    }
    let context = |kind: ContextKind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.first().cloned().unwrap_or_default(),
        _ => String::new(),
    };
    let mut stderr = anstream::stderr();
    let message = match e.kind() {
        // `etcdtls endpoint`, `endpoint frobnicate`: cobra shows `endpoint`'s help and succeeds.
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            print_usage(&usage().unwrap_or_else(|| e.render().to_string()));
            return 0;
        }
        // `etcdtls foo get k`: cobra takes `foo` for the command, whatever follows it.
        ErrorKind::InvalidSubcommand
            if cobra_command_word(args).is_some_and(|w| w == context(ContextKind::InvalidSubcommand)) =>
        {
            return unknown_command_error(&mut stderr, &context(ContextKind::InvalidSubcommand), args);
        }
        ErrorKind::InvalidSubcommand if command.is_some() => {
            let text = usage().unwrap_or_else(|| {
                use clap::CommandFactory;
                let mut cli = crate::cli::Cli::command();
                command
                    .as_deref()
                    .and_then(|c| cli.find_subcommand_mut(c))
                    .map(|sub| sub.render_help().to_string())
                    .unwrap_or_default()
            });
            print_usage(&text);
            return 0;
        }
        ErrorKind::InvalidSubcommand
            if crate::cli::etcdctl_command_path(args).as_deref() == Some("help")
                && args
                    .iter()
                    .skip_while(|a| *a != "help")
                    .any(|a| a == "--help" || a == "-h") =>
        {
            // `help --help`: the help of cobra's help command.
            print_usage(&crate::ctl::usage::text("help").unwrap_or_default());
            return 0;
        }
        ErrorKind::InvalidSubcommand
            if crate::cli::etcdctl_command_path(args).as_deref() == Some("help")
                && let Some(message) = (args.iter().skip_while(|a| *a != "help").skip(1))
                    .filter_map(|a| a.to_str())
                    .take_while(|a| *a != "--")
                    .find_map(|a| unknown_flag(a, args)) =>
        {
            // `help --foo`: cobra's help command has no such flag: its usage, and the error.
            print_usage(&crate::ctl::usage::text("help").unwrap_or_default());
            message
        }
        ErrorKind::InvalidSubcommand if crate::cli::etcdctl_command_path(args).as_deref() == Some("help") => {
            // cobra's help command: `Unknown help topic [`frob`]`, then the root's usage, and
            // success.
            let topic: Vec<String> = (args.iter().skip_while(|a| *a != "help").skip(1))
                .map(|a| format!("`{}`", a.to_string_lossy()))
                .collect();
            let _ = writeln!(stderr, "Unknown help topic [{}]", topic.join(" "));
            use clap::CommandFactory;
            print_usage(&crate::cli::Cli::command().render_help().to_string());
            return 0;
        }
        ErrorKind::InvalidSubcommand => {
            return unknown_command_error(&mut stderr, &context(ContextKind::InvalidSubcommand), args);
        }
        ErrorKind::UnknownArgument => {
            let arg = context(ContextKind::InvalidArg);
            let word = cobra_command_word(args);
            // cobra looks for the command first, taking the word after an unknown flag for
            // that flag's value: `--foo get k` is the command "k".
            if let Some(word) = (word.as_deref()).filter(|w| *w != "help" && command.as_deref() != Some(*w)) {
                return unknown_command_error(&mut stderr, word, args);
            }
            // `--limit 1 help get`: cobra finds its help command, whose flags do not include
            // the unknown one: help's usage, then the flag error.
            let usage_text = if word.as_deref() == Some("help") && command.as_deref() != Some("help") {
                crate::ctl::usage::text("help")
            } else {
                usage()
            };
            match unknown_flag(&arg, args) {
                Some(message) => {
                    print_usage(&usage_text.unwrap_or_default());
                    message
                }
                None => format!("unknown command {arg:?} for \"etcdtls\""),
            }
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            print_usage(&usage().unwrap_or_default());
            let flag = flag_name(&context(ContextKind::InvalidArg));
            let value = context(ContextKind::InvalidValue);
            let given_empty = args.iter().any(|a| a.to_str() == Some(&format!("{flag}=")));
            if value.is_empty() && e.kind() == ErrorKind::InvalidValue && !given_empty {
                if args.last().and_then(|a| a.to_str()) == Some("-w") {
                    "flag needs an argument: 'w' in -w".to_string()
                } else {
                    format!("flag needs an argument: {flag}")
                }
            } else {
                let why = std::error::Error::source(e)
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "invalid syntax".into());
                let path = crate::cli::etcdctl_command_path(args);
                let flag = crate::ctl::usage::flag_in_error(path.as_deref(), flag.trim_start_matches("--"));
                format!("invalid argument {value:?} for {flag:?} flag: {why}")
            }
        }
        _ => {
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            first.trim_start_matches("error: ").to_string()
        }
    };
    let _ = writeln!(stderr, "Error: {message}\n\nError: {message}");
    v2_hint(&mut stderr, args);
    ExitStatus::Error.code()
}

/// cobra's error for an unknown command at the root (v0.0.3 `legacyArgs`), with its
/// suggestions (`findSuggestions`): `unknown command "gett" for "etcdtls"`, then, when any of
/// etcdctl's commands is within a Levenshtein distance of 2 (ignoring case) or begins with the
/// word, `\n\nDid you mean this?\n` and each such command on a line of its own after a tab, in
/// the order etcdctl adds them (`ctl.go`), followed by an empty line. cobra's own `help` is not
/// suggested. The suggestions are etcdctl's alone, so a typo reads as it does in etcdctl.
fn unknown_command(word: &str) -> String {
    let mut message = format!("unknown command {word:?} for \"etcdtls\"");
    let typed = word.to_lowercase();
    let suggestions: Vec<&str> = (crate::cli::ETCDCTL_COMMANDS.iter())
        .map(|(name, _)| *name)
        .filter(|name| *name != "help")
        .filter(|name| levenshtein(typed.as_bytes(), name.as_bytes()) <= 2 || name.starts_with(typed.as_str()))
        .collect();
    if !suggestions.is_empty() {
        message.push_str("\n\nDid you mean this?\n");
        for s in suggestions {
            message.push('\t');
            message.push_str(s);
            message.push('\n');
        }
    }
    message
}

/// cobra's `ld`: the Levenshtein distance over bytes.
fn levenshtein(s: &[u8], t: &[u8]) -> usize {
    let mut prev: Vec<usize> = (0..=t.len()).collect();
    for (i, a) in s.iter().enumerate() {
        let mut row = vec![i + 1; t.len() + 1];
        for (j, b) in t.iter().enumerate() {
            row[j + 1] = if a == b {
                prev[j]
            } else {
                1 + prev[j].min(prev[j + 1]).min(row[j])
            };
        }
        prev = row;
    }
    prev[t.len()]
}

/// A flag's name in clap's rendering of it (`--limit <LIMIT>`, `--foo=bar`): `--limit`.
fn flag_name(arg: &str) -> String {
    arg.split([' ', '=', '[']).next().unwrap_or_default().to_string()
}

/// pflag's error for a flag it does not know (`arg` as given): `unknown flag: --foo`, or for a
/// one-letter flag `unknown shorthand flag: 'x' in -x…`; `None` when `arg` is no flag.
fn unknown_flag(arg: &str, args: &[std::ffi::OsString]) -> Option<String> {
    if let Some(long) = arg.strip_prefix("--") {
        return Some(format!("unknown flag: --{}", flag_name(long)));
    }
    let short = arg.strip_prefix('-').filter(|s| !s.is_empty())?;
    let c = short.chars().next().unwrap_or('-');
    // pflag names the rest of the word from the unknown letter on (`-v3`, `-xv3` after a known
    // `-x`), where clap names the letter alone.
    let rest = (args.iter().skip(1))
        .filter_map(|a| a.to_str())
        .take_while(|a| *a != "--")
        .filter(|a| a.starts_with('-') && !a.starts_with("--"))
        .find_map(|a| a[1..].find(c).map(|i| a[1 + i..].to_string()))
        .unwrap_or_else(|| short.to_string());
    Some(format!("unknown shorthand flag: '{c}' in -{rest}"))
}

/// cobra's error for a command it does not know, as etcdctl prints it (twice, the usage hint
/// between), with etcdtls's v3 line for a v2 command; exit 1.
fn unknown_command_error(stderr: &mut impl std::io::Write, word: &str, args: &[std::ffi::OsString]) -> i32 {
    let message = unknown_command(word);
    let _ = write!(
        stderr,
        "Error: {message}\nRun 'etcdtls --help' for usage.\nError: {message}\n"
    );
    v2_hint(stderr, args);
    ExitStatus::Error.code()
}

/// After etcdctl's own words for an argument error: what in the line is etcdctl's v2 API, and
/// the v3 line (stderr only; standard output and the exit code stay etcdctl's).
fn v2_hint(stderr: &mut impl std::io::Write, args: &[std::ffi::OsString]) {
    if let Some(hint) = crate::api_version::v2_hint(args) {
        let _ = stderr.write_all(hint.as_bytes());
    }
}

/// What cobra's `help` command answers that clap does not.
enum HelpAnswer {
    /// The help of a command, on standard output (exit 0).
    Topic(String),
    /// pflag's error for a global flag's value (exit 1, after help's own usage).
    FlagError(String),
}

/// What cobra's `help` command prints for a topic clap does not take as one: the help of the
/// deepest etcdctl command the words name, whatever follows it (`help get extra`, `help member
/// bogus`: cobra's `Find` stops at the first word that is no subcommand), and global flags
/// among the words are flags, not words (`help -w json get`), whose values pflag checks
/// (`help get -w`, `help --hex=x get`). `None` when the line is no `help` line, names no
/// etcdctl command, or has a flag help does not take (its error).
fn help_topic(args: &[std::ffi::OsString]) -> Option<HelpAnswer> {
    if crate::cli::etcdctl_command_path(args).as_deref() != Some("help") {
        return None;
    }
    let at = cobra_command_index(args)?;
    let mut rest: Vec<std::ffi::OsString> = args[..1].to_vec();
    let mut flag_error = None;
    let mut words = args.iter().enumerate().skip(1).filter(|(i, _)| *i != at);
    while let Some((_, word)) = words.next() {
        let w = word.to_str()?;
        if w == "--" {
            rest.extend(words.by_ref().map(|(_, a)| a.clone()));
            break;
        }
        if w.starts_with('-') && w.len() > 1 {
            // pflag reads the flags in order: an error before an unknown flag is the one.
            let Some(takes_next) = crate::ctl::usage::global_flag(w) else {
                return flag_error.map(HelpAnswer::FlagError);
            };
            let value = if takes_next {
                match words.next().and_then(|(_, v)| v.to_str()) {
                    Some(v) => Some(v),
                    None => {
                        flag_error.get_or_insert(needs_an_argument(w));
                        None
                    }
                }
            } else {
                w.split_once('=').map(|(_, v)| v).or_else(|| {
                    // `-wjson`: the rest of the word is the value.
                    (!w.starts_with("--")).then(|| &w[2..]).filter(|v| !v.is_empty())
                })
            };
            if let Some(e) = value.and_then(|v| global_value_error(w, v)) {
                flag_error.get_or_insert(e);
            }
            continue;
        }
        rest.push(word.clone());
    }
    if let Some(e) = flag_error {
        return Some(HelpAnswer::FlagError(e));
    }
    let path = crate::cli::etcdctl_command_path(&rest)?;
    if path == "help" || REFUSED.contains(&path.as_str()) {
        return None;
    }
    crate::ctl::usage::text(&path).map(HelpAnswer::Topic)
}

/// pflag's words for a flag written last without its value.
fn needs_an_argument(word: &str) -> String {
    match word.strip_prefix("--") {
        Some(long) => format!("flag needs an argument: --{long}"),
        None => format!("flag needs an argument: {:?} in {word}", &word[1..2]).replace('"', "'"),
    }
}

/// pflag's error for a global flag's value, as the flag's type reads it.
fn global_value_error(word: &str, value: &str) -> Option<String> {
    let name = word.trim_start_matches('-').split('=').next().unwrap_or_default();
    let long = match name {
        "w" => "write-out",
        "d" => "discovery-srv",
        _ => name,
    };
    let why = match long {
        "debug" | "hex" | "insecure-discovery" | "insecure-skip-tls-verify" | "insecure-transport" => {
            crate::cli::parse_go_bool(value).err()
        }
        "dial-timeout" | "command-timeout" | "keepalive-time" | "keepalive-timeout" => {
            crate::cli::parse_duration(value).err()
        }
        "endpoints" => crate::cli::go_csv_record(value).err(),
        _ => None,
    }?;
    let flag = crate::ctl::usage::flag_in_error(None, long);
    Some(format!("invalid argument {value:?} for {flag:?} flag: {why}"))
}

/// The index in `args` of the word cobra takes for the command ([`cobra_command_word`]).
fn cobra_command_index(args: &[std::ffi::OsString]) -> Option<usize> {
    let word = cobra_command_word(args)?;
    args.iter()
        .skip(1)
        .position(|a| a.to_str() == Some(word.as_str()))
        .map(|i| i + 1)
}

/// A command name cobra would find at the root: etcdctl's (with cobra's `help`), or etcdtls's
/// own (and their aliases).
fn is_command_name(word: &str) -> bool {
    use clap::CommandFactory;
    crate::cli::ETCDCTL_COMMANDS.iter().any(|(n, _)| *n == word)
        || crate::cli::Cli::command()
            .get_subcommands()
            .any(|c| c.get_name() == word || c.get_all_aliases().any(|a| a == word))
}

/// The word cobra takes for the command: the first argument left after removing flags, where a
/// flag without `=` that is not a boolean takes the next argument as its value (cobra's
/// `stripFlags`). `-h, --help` is not yet a flag of the root when cobra v0.0.3 looks for the
/// command (it adds help to the command it finds), so it takes the next word too: `etcdctl
/// --help get k` is the command "k".
fn cobra_command_word(args: &[std::ffi::OsString]) -> Option<String> {
    const BOOLEANS: [&str; 5] = [
        "--hex",
        "--insecure-transport",
        "--insecure-skip-tls-verify",
        "--insecure-discovery",
        "--debug",
    ];
    let words: Vec<&str> = args.iter().skip(1).filter_map(|a| a.to_str()).collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        i += 1;
        if w == "--" {
            return None;
        }
        let takes_value = (w.starts_with("--") && !w.contains('=') && !BOOLEANS.contains(&w))
            || (w.starts_with('-') && !w.starts_with("--") && w.len() == 2);
        if takes_value {
            if words.len() - i <= 1 {
                return None;
            }
            i += 1;
            continue;
        }
        if !w.is_empty() && !w.starts_with('-') {
            return Some(w.to_string());
        }
    }
    None
}

/// The top-level command a command line names, if any.
pub(crate) fn first_command(args: &[std::ffi::OsString]) -> Option<String> {
    use clap::CommandFactory;
    let cli = crate::cli::Cli::command();
    let names: Vec<String> = cli
        .get_subcommands()
        .flat_map(|c| std::iter::once(c.get_name().to_string()).chain(c.get_all_aliases().map(str::to_string)))
        .collect();
    // The word cobra takes for the command (`foo explain` names the command "foo", none of
    // these); without one (`--endpoints` last, `--`), the first word that is a command's name.
    let word = match cobra_command_word(args) {
        Some(word) => Some(word).filter(|w| names.iter().any(|n| n == w)),
        None => (args.iter().skip(1).filter_map(|a| a.to_str()))
            .find(|a| names.iter().any(|n| n == a))
            .map(str::to_string),
    };
    word.as_deref().map(|a| {
        cli.get_subcommands()
            .find(|c| c.get_name() == a || c.get_all_aliases().any(|x| x == a))
            .map(|c| c.get_name().to_string())
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::is_plain_text;

    /// pflag's words, as etcdctl 3.4 prints them for `etcdctl help …`.
    #[test]
    fn global_flag_values_are_checked_as_pflag_checks_them() {
        use super::{global_value_error, needs_an_argument};
        assert_eq!(needs_an_argument("-w"), "flag needs an argument: 'w' in -w");
        assert_eq!(needs_an_argument("--endpoints"), "flag needs an argument: --endpoints");
        assert_eq!(
            global_value_error("--hex=x", "x").as_deref(),
            Some("invalid argument \"x\" for \"--hex\" flag: strconv.ParseBool: parsing \"x\": invalid syntax")
        );
        assert_eq!(
            global_value_error("--dial-timeout", "soon").as_deref(),
            Some("invalid argument \"soon\" for \"--dial-timeout\" flag: time: invalid duration \"soon\"")
        );
        assert_eq!(global_value_error("-w", "json"), None);
        assert_eq!(global_value_error("--hex=true", "true"), None);
    }

    /// Whatever is written as it is must be what the stripping stream would have written.
    #[test]
    fn plain_text_is_what_stripping_leaves_alone() {
        let mut texts: Vec<String> = (0u32..0x3000)
            .filter_map(char::from_u32)
            .map(|c| format!("a{c}b\n"))
            .collect();
        texts.extend(
            [
                "CN=etcd-ca \u{2014} passport office\r\n\tsigned by: itself\n",
                "\u{1b}[1mbold\u{1b}[0m\n",
                "\u{9b}31m",
                "\u{feff}\u{200b}\u{2028}x",
                "✓ ok 🔑\n",
            ]
            .map(String::from),
        );
        let mut plain = 0;
        for text in &texts {
            if is_plain_text(text.as_bytes()) {
                plain += 1;
                let stripped = anstream::adapter::strip_bytes(text.as_bytes()).into_vec();
                assert_eq!(stripped, text.as_bytes(), "{text:?}");
            }
        }
        assert!(plain > 0x2f00, "{plain}");
        assert!(is_plain_text("CN=etcd-ca, O=\"x\"\n\tfix: run it\r\n".as_bytes()));
        assert!(!is_plain_text(b"\x1b[1mbold\x1b[0m"));
        assert!(!is_plain_text("\u{9b}31m".as_bytes()));
        assert!(!is_plain_text(b"\xff not UTF-8"));
    }
}
