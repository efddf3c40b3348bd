//! Diagnoses: the one-sentence cause of a failed (or suspicious) connection, naming the file,
//! with the fix. The ids are stable: tests, scripts and `doctor -o json` use them.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// The ids live in the core, which `why` shares: a message `why` explains names the id doctor
/// gives the same failure.
pub use etcdtls_core::diagnosis::DiagnosisId;

/// A cause and a fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnosis {
    /// The stable id.
    pub id: DiagnosisId,
    /// The cause in one sentence, naming the file when a file is at fault.
    pub summary: String,
    /// What to do.
    pub fix: String,
    /// The file at fault, if one is.
    pub file: Option<PathBuf>,
    /// Further facts (the server's certificate, the TLS alert, ...).
    pub details: Vec<String>,
}

impl Diagnosis {
    /// A diagnosis with a summary.
    pub fn new(id: DiagnosisId, summary: impl Into<String>) -> Self {
        Diagnosis {
            id,
            summary: summary.into(),
            fix: String::new(),
            file: None,
            details: Vec::new(),
        }
    }

    /// Sets the fix.
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = fix.into();
        self
    }

    /// Names the file at fault.
    pub fn with_file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    /// Adds a detail line.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.details.push(detail.into());
        self
    }

    /// Whether the endpoint could not be reached at all (for exit codes).
    pub fn is_unreachable(&self) -> bool {
        matches!(self.id, DiagnosisId::Unreachable | DiagnosisId::Timeout)
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.summary, self.id)
    }
}
