//! How a command ends: clean, with findings, or with an error that stops it. `main` maps each
//! to an exit code (0, 1, 2) in one place.

use std::fmt;

/// A command that ran to its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    /// Nothing to report: exit 0.
    Clean,
    /// Error-level findings were reported: exit 1.
    Findings,
}

impl Done {
    /// `Findings` when `found`, else `Clean`.
    pub fn findings_if(found: bool) -> Self {
        if found { Done::Findings } else { Done::Clean }
    }
}

/// A usage, input or I/O error that stops a command: exit 2 after `error: MESSAGE`.
#[derive(Debug)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Error {
    fn from(message: String) -> Self {
        Error(message)
    }
}

impl From<&str> for Error {
    fn from(message: &str) -> Self {
        Error(message.to_string())
    }
}

impl From<eventctl::load::LoadError> for Error {
    fn from(e: eventctl::load::LoadError) -> Self {
        Error(e.to_string())
    }
}

impl From<eventctl::model::LookupError> for Error {
    fn from(e: eventctl::model::LookupError) -> Self {
        Error(e.0)
    }
}

/// What every command returns.
pub type Result<T = Done> = std::result::Result<T, Error>;

/// An error that names the file it concerns: `cannot write `PATH`: ERROR`.
pub fn io(what: &str, path: &std::path::Path, e: impl fmt::Display) -> Error {
    Error(format!("cannot {what} `{}`: {e}", path.display()))
}
