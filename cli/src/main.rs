//! The `etcdtls` binary: parse, run, map the outcome to an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    // etcdctl reads ETCDCTL_API before its command line.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let api = etcdtls::api_version::from_env();
    if let Some((code, text)) = etcdtls::api_version::refusal(&args, api.as_deref()) {
        use std::io::Write;
        let _ = anstream::stderr().write_all(text.as_bytes());
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
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
