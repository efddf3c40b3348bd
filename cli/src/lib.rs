//! The `etcdtls` command: a thin host around `etcdtls-core` that reads files, talks to etcd,
//! and prints what the core says.

pub mod api_version;
pub mod check_cmd;
pub mod cli;
pub mod client;
pub mod connect;
pub mod ctl;
pub mod demo;
pub mod doctor;
pub mod doctor_cluster;
pub mod exit;
pub mod explain;
pub mod inputs;
pub mod lab;
pub mod lab_cmd;
pub mod manual;
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
        Command::Completion(args) => manual::completion(args),
        Command::Man(args) => manual::man(args),
        Command::Endpoint(_) | Command::Member(_) | Command::Get(_) | Command::Put(_) | Command::Del(_) => {
            client::run(&cli.command, &cli.global)
        }
        _ => ctl::run(&cli.command, &cli.global),
    }
}

/// A single-threaded tokio runtime, built only for commands that talk to the network.
pub fn runtime() -> Result<Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map(|r| Runtime(std::mem::ManuallyDrop::new(r)))
        .map_err(|e| Failure::new(ExitStatus::Error, format!("starting the async runtime: {e}")))
}

/// A tokio runtime that is left to the operating system instead of being shut down. A command
/// ends its process right after its last `block_on`; shutting the runtime down first would
/// close each connection's tasks and free every buffer one by one, which takes longer than a
/// short command's own work (about half a millisecond of `endpoint status`). At exit the
/// operating system reclaims it all and closes the sockets, as the shutdown would. (`demo` runs
/// a few commands in one process: their connections stay open until it ends.)
#[derive(Debug)]
pub struct Runtime(std::mem::ManuallyDrop<tokio::runtime::Runtime>);

impl Runtime {
    /// Runs a future to completion, as [`tokio::runtime::Runtime::block_on`].
    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.0.block_on(future)
    }
}
