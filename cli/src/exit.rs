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
