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
    let mut stdout = anstream::stdout();
    match stdout.write_all(bytes).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::new(ExitStatus::Success, "")),
        Err(e) => Err(Failure::new(ExitStatus::Io, format!("writing the output: {e}"))),
    }
}
