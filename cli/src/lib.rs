//! The `etcdtls` command: a thin host around `etcdtls-core` that reads files, talks to etcd,
//! and prints what the core says.

pub mod check_cmd;
pub mod cli;
pub mod client;
pub mod connect;
pub mod ctl;
pub mod demo;
pub mod doctor;
pub mod exit;
pub mod explain;
pub mod inputs;
pub mod lab;
pub mod lab_cmd;
pub mod render;
pub mod why_cmd;

use cli::{Cli, Command};
use exit::{ExitStatus, Failure};

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitStatus, Failure> {
    match &cli.command {
        Command::Explain(args) => explain::run(args, &cli.global),
        Command::Lab(command) => lab_cmd::run(command),
        Command::Demo(args) => demo::run(args),
        Command::Doctor(args) => doctor::run(args, &cli.global),
        Command::Why(args) => why_cmd::run(args),
        Command::Endpoint(cli::EndpointCommand::Hashkv(_))
        | Command::Member(
            cli::MemberCommand::Add(_)
            | cli::MemberCommand::Remove(_)
            | cli::MemberCommand::Update(_)
            | cli::MemberCommand::Promote(_),
        ) => ctl::run(&cli.command, &cli.global),
        Command::Check(args) => check_cmd::run(args),
        Command::Endpoint(_) | Command::Member(_) | Command::Get(_) | Command::Put(_) | Command::Del(_) => {
            client::run(&cli.command, &cli.global)
        }
        _ => ctl::run(&cli.command, &cli.global),
    }
}

/// A single-threaded tokio runtime, built only for commands that talk to the network.
pub fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::new(ExitStatus::Error, format!("starting the async runtime: {e}")))
}
