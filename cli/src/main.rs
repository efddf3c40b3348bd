//! The `etcdtls` binary: parse, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use etcdtls::cli::Cli;
use etcdtls::exit::ExitStatus;

/// Commands that follow etcdctl's exit codes, where bad arguments exit 128.
const ETCDCTL_COMMANDS: [&str; 6] = ["endpoint", "member", "get", "put", "del", "delete"];

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            if !e.use_stderr() {
                return ExitCode::SUCCESS;
            }
            let etcdctl_command = std::env::args()
                .skip(1)
                .find(|a| !a.starts_with('-'))
                .is_some_and(|a| ETCDCTL_COMMANDS.contains(&a.as_str()));
            let status = if etcdctl_command {
                ExitStatus::BadArgs
            } else {
                ExitStatus::BadInput
            };
            return ExitCode::from(status.code() as u8);
        }
    };
    let status = match etcdtls::run(cli) {
        Ok(status) => status,
        Err(failure) => {
            etcdtls::exit::print_failure(&failure);
            failure.status
        }
    };
    ExitCode::from(status.code() as u8)
}
