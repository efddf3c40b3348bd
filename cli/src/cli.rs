//! The command line: etcdctl's global flags and commands, with etcdctl's names, defaults and
//! `ETCDCTL_*` variables, plus etcdtls's own commands (`explain`, `doctor`, `why`, `lab`,
//! `demo`).

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

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

/// etcdctl's global flags. Each is also read from its `ETCDCTL_*` variable.
#[derive(Debug, Clone, Args)]
pub struct GlobalFlags {
    /// gRPC endpoints, comma-separated.
    #[arg(
        long,
        global = true,
        env = "ETCDCTL_ENDPOINTS",
        value_delimiter = ',',
        default_value = "127.0.0.1:2379"
    )]
    pub endpoints: Vec<String>,

    /// Dial timeout for client connections.
    #[arg(long, global = true, env = "ETCDCTL_DIAL_TIMEOUT", value_parser = parse_duration, default_value = "2s")]
    pub dial_timeout: Duration,

    /// Timeout for short-running commands (excluding dial timeout).
    #[arg(long, global = true, env = "ETCDCTL_COMMAND_TIMEOUT", value_parser = parse_duration, default_value = "5s")]
    pub command_timeout: Duration,

    /// Keepalive time (accepted for etcdctl compatibility).
    #[arg(long, global = true, env = "ETCDCTL_KEEPALIVE_TIME", value_parser = parse_duration, default_value = "2s", hide = true)]
    pub keepalive_time: Duration,

    /// Keepalive timeout (accepted for etcdctl compatibility).
    #[arg(long, global = true, env = "ETCDCTL_KEEPALIVE_TIMEOUT", value_parser = parse_duration, default_value = "6s", hide = true)]
    pub keepalive_timeout: Duration,

    /// Verify certificates of TLS-enabled secure servers using this CA bundle.
    #[arg(long, global = true, env = "ETCDCTL_CACERT", value_name = "FILE")]
    pub cacert: Option<PathBuf>,

    /// Identify the client with this TLS certificate file.
    #[arg(long, global = true, env = "ETCDCTL_CERT", value_name = "FILE")]
    pub cert: Option<PathBuf>,

    /// Identify the client with this TLS key file.
    #[arg(long, global = true, env = "ETCDCTL_KEY", value_name = "FILE")]
    pub key: Option<PathBuf>,

    /// Skip server certificate verification (CAUTION: anyone in the middle can read everything).
    #[arg(long, global = true, env = "ETCDCTL_INSECURE_SKIP_TLS_VERIFY", num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", action = clap::ArgAction::Set)]
    pub insecure_skip_tls_verify: bool,

    /// Disable transport security for client connections (only for endpoints without a scheme
    /// and no certificate flags).
    #[arg(long, global = true, env = "ETCDCTL_INSECURE_TRANSPORT", num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "true", action = clap::ArgAction::Set)]
    pub insecure_transport: bool,

    /// Username[:password] for authentication (prompt if password is not supplied).
    #[arg(long, global = true, env = "ETCDCTL_USER")]
    pub user: Option<String>,

    /// Password for authentication (if used, --user must not contain a colon).
    #[arg(long, global = true, env = "ETCDCTL_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,

    /// Output format: simple, table or json (explain: text, json or markdown).
    #[arg(
        short = 'w',
        long = "write-out",
        global = true,
        env = "ETCDCTL_WRITE_OUT",
        value_name = "FORMAT"
    )]
    pub write_out: Option<String>,
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
    #[command(alias = "delete")]
    Del(DelArgs),
    /// Walk an mTLS connection to etcd step by step and name the exact cause of a failure.
    Doctor(DoctorArgs),
    /// Explain a TLS error message from etcdctl, etcd or kube-apiserver.
    Why(WhyArgs),
    /// A practice etcd cluster on this machine with a kubeadm-shaped PKI.
    #[command(subcommand)]
    Lab(LabCommand),
    /// The whole story on a throwaway lab: explain its PKI, then connect to it over mTLS.
    Demo(DemoArgs),
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
}

/// `--cluster`.
#[derive(Debug, Args)]
pub struct ClusterArg {
    /// Use all endpoints from the cluster member list.
    #[arg(long)]
    pub cluster: bool,
}

/// `member` subcommands.
#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Lists all members in the cluster.
    List,
}

/// `get` arguments.
#[derive(Debug, Args)]
pub struct GetArgs {
    /// The key, or the start of the range.
    #[arg(id = "key_arg", value_name = "KEY")]
    pub key: String,
    /// The end of the range (exclusive).
    pub range_end: Option<String>,
    /// Get keys with matching prefix.
    #[arg(long)]
    pub prefix: bool,
    /// Get keys that are greater than or equal to the given key.
    #[arg(long)]
    pub from_key: bool,
    /// Get only the keys.
    #[arg(long)]
    pub keys_only: bool,
    /// Maximum number of results.
    #[arg(long, default_value_t = 0)]
    pub limit: i64,
    /// Specify the kv revision.
    #[arg(long, default_value_t = 0)]
    pub rev: i64,
    /// Only write values when using the "simple" output format.
    #[arg(long)]
    pub print_value_only: bool,
}

/// `put` arguments.
#[derive(Debug, Args)]
pub struct PutArgs {
    /// The key.
    #[arg(id = "key_arg", value_name = "KEY")]
    pub key: String,
    /// The value; read from standard input when omitted.
    pub value: Option<String>,
}

/// `del` arguments.
#[derive(Debug, Args)]
pub struct DelArgs {
    /// The key, or the start of the range.
    #[arg(id = "key_arg", value_name = "KEY")]
    pub key: String,
    /// The end of the range (exclusive).
    pub range_end: Option<String>,
    /// Delete keys with matching prefix.
    #[arg(long)]
    pub prefix: bool,
    /// Delete keys that are greater than or equal to the given key.
    #[arg(long)]
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

/// Go-style durations as etcdctl takes them: `2s`, `500ms`, `1m30s`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    humantime::parse_duration(s.trim()).map_err(|e| format!("{e} (use a duration like 2s, 500ms or 1m30s)"))
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
    }

    #[test]
    fn go_durations_parse() {
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1m30s"), Ok(Duration::from_secs(90)));
        assert!(parse_duration("soon").is_err());
    }
}

#[cfg(test)]
mod flag_tests {
    use super::*;

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
