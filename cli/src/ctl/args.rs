//! The command lines of the etcdctl commands beyond the everyday six, with etcdctl 3.4's flag
//! names and defaults. Positional arguments are collected as given and counted by each command,
//! because etcdctl checks them itself, with its own messages and exit code 128, and a script
//! that passes one argument too many must fail the same way here.

use clap::{Args, Subcommand};

/// Positional arguments, as given.
#[derive(Debug, Clone, Args)]
pub struct Positional {
    /// Arguments.
    #[arg(value_name = "ARGS")]
    pub args: Vec<String>,
}

/// `snapshot` subcommands.
#[derive(Debug, Subcommand)]
pub enum SnapshotCommand {
    /// Stores an etcd node backend snapshot to a given file.
    Save(Positional),
    /// Gets backend snapshot status of a given file.
    Status(Positional),
    /// Not done by etcdtls: use `etcdctl snapshot restore` (it writes a data directory offline).
    Restore(Passthrough),
}

/// Every argument of a command etcdtls refuses, so the refusal names the right tool whatever
/// flags were given.
#[derive(Debug, Clone, Args)]
pub struct Passthrough {
    /// Arguments (ignored).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "ARGS")]
    pub args: Vec<String>,
}

/// `endpoint hashkv` arguments.
#[derive(Debug, Args)]
pub struct HashKvArgs {
    /// Use all endpoints from the cluster member list.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub cluster: bool,
    /// Maximum revision to hash (default: all revisions).
    #[arg(long, default_value = "0", value_parser = crate::cli::parse_go_int, allow_hyphen_values = true)]
    pub rev: i64,
    /// Arguments etcdctl ignores.
    #[arg(hide = true)]
    pub ignored: Vec<std::ffi::OsString>,
}

/// `defrag` arguments.
#[derive(Debug, Args)]
pub struct DefragArgs {
    /// Use all endpoints from the cluster member list.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub cluster: bool,
    /// Not done by etcdtls: defragmenting a data directory offline is `etcdctl defrag --data-dir`.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<String>,
    #[command(flatten)]
    pub positional: Positional,
}

/// `alarm` subcommands.
#[derive(Debug, Subcommand)]
pub enum AlarmCommand {
    /// Disarms all alarms.
    Disarm(Positional),
    /// Lists all alarms.
    List(Positional),
}

/// `compaction` arguments.
#[derive(Debug, Args)]
pub struct CompactionArgs {
    /// Wait for compaction to physically remove all old revisions.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub physical: bool,
    #[command(flatten)]
    pub positional: Positional,
}

/// `member add` arguments.
#[derive(Debug, Args)]
pub struct MemberAddArgs {
    /// Comma separated peer URLs for the new member.
    #[arg(long, default_value = "")]
    pub peer_urls: String,
    /// Indicates if the new member is raft learner.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub learner: bool,
    #[command(flatten)]
    pub positional: Positional,
}

/// `member update` arguments.
#[derive(Debug, Args)]
pub struct MemberUpdateArgs {
    /// Comma separated peer URLs for the updated member.
    #[arg(long, default_value = "")]
    pub peer_urls: String,
    #[command(flatten)]
    pub positional: Positional,
}

/// `lease` subcommands.
#[derive(Debug, Subcommand)]
pub enum LeaseCommand {
    /// Creates leases.
    Grant(Positional),
    /// Revokes leases.
    Revoke(Positional),
    /// Get lease information.
    Timetolive(TimeToLiveArgs),
    /// List all active leases.
    List(Positional),
    /// Keeps leases alive (renew).
    KeepAlive(KeepAliveArgs),
}

/// `lease timetolive` arguments.
#[derive(Debug, Args)]
pub struct TimeToLiveArgs {
    /// Get keys attached to this lease.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub keys: bool,
    #[command(flatten)]
    pub positional: Positional,
}

/// `lease keep-alive` arguments.
#[derive(Debug, Args)]
pub struct KeepAliveArgs {
    /// Resets the keep-alive time to its original value and exits immediately.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub once: bool,
    #[command(flatten)]
    pub positional: Positional,
}

/// `make-mirror` arguments: the destination cluster's own TLS files, and which prefix goes
/// where.
#[derive(Debug, Args)]
pub struct MakeMirrorArgs {
    /// Key-value prefix to mirror.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub prefix: String,
    /// Destination prefix to mirror a prefix to a different prefix in the destination cluster.
    #[arg(long, default_value = "", allow_hyphen_values = true)]
    pub dest_prefix: String,
    /// Mirror key-values to the root of the destination cluster.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub no_dest_prefix: bool,
    /// Identify secure client using this TLS certificate file for the destination cluster.
    #[arg(long, default_value = "", value_name = "FILE", allow_hyphen_values = true)]
    pub dest_cert: String,
    /// Identify secure client using this TLS key file (destination cluster).
    #[arg(long, default_value = "", value_name = "FILE", allow_hyphen_values = true)]
    pub dest_key: String,
    /// Verify certificates of TLS enabled secure servers using this CA bundle (destination cluster).
    #[arg(long, default_value = "", value_name = "FILE", allow_hyphen_values = true)]
    pub dest_cacert: String,
    /// Disable transport security for client connections (destination cluster).
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "true", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub dest_insecure_transport: bool,
    #[command(flatten)]
    pub positional: Positional,
}

/// `watch` arguments.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Interactive mode: reads `watch [options] <key or prefix> [range_end] [-- command]` and
    /// `progress` lines from standard input.
    #[arg(short, long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub interactive: bool,
    /// Watch on a prefix if prefix is set.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub prefix: bool,
    /// Revision to start watching.
    #[arg(long, default_value = "0", value_parser = crate::cli::parse_go_int, allow_hyphen_values = true)]
    pub rev: i64,
    /// Get the previous key-value pair before the event happens.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub prev_kv: bool,
    /// [key or prefix] [range_end] [-- exec-command arg1 arg2 ...]
    #[arg(value_name = "ARGS")]
    pub args: Vec<String>,
    /// A command run for each event, with ETCD_WATCH_REVISION, ETCD_WATCH_EVENT_TYPE,
    /// ETCD_WATCH_KEY and ETCD_WATCH_VALUE in its environment.
    #[arg(last = true, value_name = "EXEC")]
    pub exec: Vec<String>,
}

/// `lock` arguments: `lock [--ttl N] <lockname> [exec-command arg1 arg2 ...]`.
#[derive(Debug, Args)]
pub struct LockArgs {
    /// Timeout for session (seconds; 0 or less is clientv3's default, 60).
    #[arg(long, default_value = "10", value_parser = crate::cli::parse_go_int, allow_hyphen_values = true)]
    pub ttl: i64,
    /// <lockname> [exec-command arg1 arg2 ...] (give `--` before a command with flags).
    #[arg(value_name = "ARGS")]
    pub args: Vec<String>,
}

/// `elect` arguments: `elect [-l] <election-name> [proposal]`.
#[derive(Debug, Args)]
pub struct ElectArgs {
    /// Observation mode.
    #[arg(short, long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub listen: bool,
    /// <election-name> [proposal].
    #[arg(value_name = "ARGS")]
    pub args: Vec<String>,
}

/// `user` subcommands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Adds a new user.
    Add(UserAddArgs),
    /// Deletes a user.
    Delete(Positional),
    /// Gets detailed information of a user.
    Get(UserGetArgs),
    /// Lists all users.
    List(Positional),
    /// Changes password of user.
    Passwd(PasswdArgs),
    /// Grants a role to a user.
    GrantRole(Positional),
    /// Revokes a role from a user.
    RevokeRole(Positional),
}

/// `user add` arguments.
#[derive(Debug, Args)]
pub struct UserAddArgs {
    /// Read password from stdin instead of interactive terminal (`--interactive=false`).
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "true", action = clap::ArgAction::Set)]
    pub interactive: bool,
    /// Supply password from the command line flag.
    #[arg(long, default_value = "")]
    pub new_user_password: String,
    /// Create a user without password (CN based auth only).
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub no_password: bool,
    #[command(flatten)]
    pub positional: Positional,
}

/// `user get` arguments.
#[derive(Debug, Args)]
pub struct UserGetArgs {
    /// Show permissions of roles granted to the user.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub detail: bool,
    #[command(flatten)]
    pub positional: Positional,
}

/// `user passwd` arguments.
#[derive(Debug, Args)]
pub struct PasswdArgs {
    /// If false, read password from stdin instead of interactive terminal.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "true", action = clap::ArgAction::Set)]
    pub interactive: bool,
    #[command(flatten)]
    pub positional: Positional,
}

/// `role` subcommands.
#[derive(Debug, Subcommand)]
pub enum RoleCommand {
    /// Adds a new role.
    Add(Positional),
    /// Deletes a role.
    Delete(Positional),
    /// Gets detailed information of a role.
    Get(Positional),
    /// Lists all roles.
    List(Positional),
    /// Grants a key to a role: <role name> <permission type> <key> [endkey].
    GrantPermission(PermArgs),
    /// Revokes a key from a role: <role name> <key> [endkey].
    RevokePermission(PermArgs),
}

/// `role grant-permission|revoke-permission` arguments.
#[derive(Debug, Args)]
pub struct PermArgs {
    /// A prefix permission.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub prefix: bool,
    /// A permission of keys that are greater than or equal to the given key.
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub from_key: bool,
    #[command(flatten)]
    pub positional: Positional,
}

/// `auth` subcommands.
#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Enables authentication.
    Enable(Positional),
    /// Disables authentication.
    Disable(Positional),
}

/// `txn` arguments.
#[derive(Debug, Args)]
pub struct TxnArgs {
    /// Input transaction in interactive mode.
    #[arg(short, long, num_args = 0..=1, require_equals = true, default_missing_value = "true", default_value = "false", value_parser = crate::cli::parse_go_bool, action = clap::ArgAction::Set)]
    pub interactive: bool,
    #[command(flatten)]
    pub positional: Positional,
}
