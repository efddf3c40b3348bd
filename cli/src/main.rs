//! The `etcdtls` binary: parse, run, map the outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match etcdtls::cli::parse() {
        Ok(cli) => cli,
        Err(e) => {
            let args = etcdtls::cli::expand_command_prefixes(std::env::args_os());
            let code = etcdtls::exit::report_parse_error(&e, &args);
            return ExitCode::from(u8::try_from(code).unwrap_or(1));
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
