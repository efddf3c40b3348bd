//! The `etcdtls` command: a thin host around `etcdtls-core` that reads files, talks to etcd,
//! and prints what the core says.

pub mod cli;
pub mod exit;
pub mod explain;
pub mod inputs;
pub mod render;

use cli::{Cli, Command};
use exit::{ExitStatus, Failure};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitStatus, Failure> {
    match &cli.command {
        Command::Explain(args) => explain::run(args, &cli.global),
        other => Err(Failure::new(
            ExitStatus::Error,
            format!("{other:?} is not implemented yet"),
        )),
    }
}
