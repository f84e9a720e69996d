//! Loading the catalog a subcommand runs on. Its errors are printed and stop the command.

use super::output::{self, Color};
use super::{Error, Result};
use eventctl::check::severity::CliOverrides;
use eventctl::diag::Severity;
use eventctl::model::Catalog;
use std::path::Path;

/// How much of the pipeline a command needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Every check passes (simulating, generating, upcasting, replaying).
    Checked,
    /// Only references hold (drawing and documenting: the proofs would cost time for nothing).
    Resolved,
}

/// The catalog at `path`, free of error-level findings; `what` names the command's purpose in
/// the error ("simulating").
///
/// The catalog lives until the process exits: this is the one place it is leaked on purpose.
/// A command ends right after using it, and freeing a large catalog's many small allocations
/// would only delay the exit.
pub fn load(path: &Path, need: Need, what: &str) -> Result<&'static Catalog> {
    let overrides = CliOverrides::default();
    let validation = match need {
        Need::Checked => eventctl::validate(path, &overrides)?,
        Need::Resolved => eventctl::resolve_only(path, &overrides)?,
    };
    if validation.has_errors() {
        let errors: Vec<_> = validation
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        output::stderr(
            &eventctl::report::human(&errors, &validation.sources, true),
            Color::Auto,
        );
        return Err(Error(format!(
            "the catalog has errors; fix them before {what}"
        )));
    }
    let validation = Box::leak(Box::new(validation));
    validation
        .catalog
        .as_ref()
        .ok_or_else(|| Error::from("the catalog could not be read"))
}
