//! `etcdtls completion` and `etcdtls man`: shell completions and manual pages made from the same
//! clap definition the binary parses with ([`crate::cli::command`]), so they can never list a
//! flag the binary does not take, nor miss one it does.

use crate::cli::{CompletionArgs, ManArgs};
use crate::exit::{ExitStatus, Failure};

/// Prints the completion script for a shell.
pub fn completion(args: &CompletionArgs) -> Result<ExitStatus, Failure> {
    let mut cmd = crate::cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "etcdtls", &mut script);
    crate::exit::write_stdout(&script)?;
    Ok(ExitStatus::Success)
}

/// Prints etcdtls(1), or writes a page per command into `--dir`.
pub fn man(args: &ManArgs) -> Result<ExitStatus, Failure> {
    let cmd = crate::cli::command();
    if let Some(dir) = &args.dir {
        let io = |e: std::io::Error| {
            Failure::new(
                ExitStatus::Io,
                format!("writing manual pages to {}: {e}", dir.display()),
            )
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        clap_mangen::generate_to(cmd, dir).map_err(io)?;
        return Ok(ExitStatus::Success);
    }
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd)
        .render(&mut page)
        .map_err(|e| Failure::new(ExitStatus::Io, format!("rendering the manual page: {e}")))?;
    crate::exit::write_stdout(&page)?;
    Ok(ExitStatus::Success)
}
