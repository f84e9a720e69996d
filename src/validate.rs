//! The validate pipeline as one call: load, resolve, check, apply severities, sort.

use crate::check::{self, severity::CliOverrides};
use crate::diag::{self, Diagnostic, Severity};
use crate::load::{self, LoadError};
use crate::model::Catalog;
use crate::source::SourceMap;
use std::path::Path;

/// The outcome of validating one catalog.
#[derive(Debug)]
pub struct Validation {
    /// Every file read.
    pub sources: SourceMap,
    /// The resolved catalog, unless a file could not be read.
    pub catalog: Option<Catalog>,
    /// Reported findings, sorted, after severity overrides.
    pub diagnostics: Vec<Diagnostic>,
}

impl Validation {
    /// True when an error-level finding was reported.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Loads, resolves and checks the catalog at `path` (a file, or a folder holding `catalog.yaml`).
pub fn validate(path: &Path, overrides: &CliOverrides) -> Result<Validation, LoadError> {
    Ok(validate_loaded(load::load(path)?, overrides))
}

/// Validates the catalog at `path` and compares it with a previous release of it: a path, or
/// `git-ref[:path]` (see [`crate::previous`]).
pub fn validate_against(
    path: &Path,
    overrides: &CliOverrides,
    against: &str,
) -> Result<Validation, LoadError> {
    let mut previous = crate::previous::load_previous(path, against)?;
    if previous.loaded.root.is_none()
        || previous
            .loaded
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    {
        return Err(LoadError(format!(
            "the previous catalog (`{against}`) cannot be read; run `eventctl validate` on it"
        )));
    }
    let mut validation = validate_loaded(load::load(path)?, overrides);
    let Some(current) = &validation.catalog else {
        return Ok(validation);
    };
    let (old, _) = crate::resolve::resolve(&previous.loaded);
    let old_sources = std::mem::take(&mut previous.loaded.sources);
    let offset = validation.sources.absorb(old_sources, |f| previous.show(f));
    let mut found = check::against::compare(&old, current, offset);
    check::severity::apply(&mut found, Some(current), overrides);
    validation.diagnostics.extend(found);
    diag::sort(&mut validation.diagnostics);
    Ok(validation)
}

/// Loads and resolves the catalog at `path` without the checks: the model and the findings of
/// loading and name resolution, for commands that draw or document it.
pub fn resolve_only(path: &Path, overrides: &CliOverrides) -> Result<Validation, LoadError> {
    Ok(run(load::load(path)?, overrides, false))
}

/// Resolves and checks an already loaded catalog.
pub fn validate_loaded(loaded: load::Loaded, overrides: &CliOverrides) -> Validation {
    run(loaded, overrides, true)
}

fn run(loaded: load::Loaded, overrides: &CliOverrides, checks: bool) -> Validation {
    let mut diagnostics = loaded.diagnostics.clone();
    let blocked = diagnostics
        .iter()
        .any(|d| d.rule.rule().is_none_or(crate::diag::Rule::stops_the_run));
    let catalog = if blocked || loaded.root.is_none() {
        None
    } else {
        let (catalog, found) = crate::resolve::resolve(&loaded);
        diagnostics.extend(found);
        diagnostics.extend(check::severity::check_catalog_rules(&catalog));
        if checks {
            diagnostics.extend(check::run(&catalog));
        }
        Some(catalog)
    };
    check::severity::apply(&mut diagnostics, catalog.as_ref(), overrides);
    diag::sort(&mut diagnostics);
    diagnostics.dedup();
    Validation {
        sources: loaded.sources,
        catalog,
        diagnostics,
    }
}
