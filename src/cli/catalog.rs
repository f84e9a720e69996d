//! Loading a catalog that a subcommand runs on: it must validate without errors first.

use super::output::{self, Color};
use eventctl::Validation;
use eventctl::check::severity::CliOverrides;
use eventctl::diag::Severity;
use std::path::Path;

/// The validated catalog, or the exit code after its errors were printed.
pub fn load_clean(path: &Path, what: &str) -> Result<Validation, u8> {
    clean(eventctl::validate(path, &CliOverrides::default()), what)
}

/// The loaded and resolved catalog, without the checks (for drawing and documenting: only
/// references must hold), or the exit code after its errors were printed.
pub fn load_resolved(path: &Path, what: &str) -> Result<Validation, u8> {
    clean(eventctl::resolve_only(path, &CliOverrides::default()), what)
}

fn clean(
    result: Result<Validation, eventctl::load::LoadError>,
    what: &str,
) -> Result<Validation, u8> {
    let validation = match result {
        Ok(v) => v,
        Err(e) => return Err(output::fail(&e.to_string())),
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
        return Err(output::fail(&format!(
            "the catalog has errors; fix them before {what}"
        )));
    }
    if validation.catalog.is_none() {
        return Err(output::fail("the catalog could not be read"));
    }
    Ok(validation)
}
