//! `eventctl compat OLD NEW`: compares two JSON Schema files; exit 0 compatible, 1 not, 2 bad input.

use super::output::{self, Color};
use super::{Done, Error, Result};
use eventctl::check::schemas::schema_errors;
use eventctl::compat::{self, Mode, Profile};
use eventctl::model::Json;
use eventctl::report;
use eventctl::source::SourceMap;
use std::path::{Path, PathBuf};

/// Which readers must keep working.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ModeArg {
    /// No check.
    None,
    /// Readers of the new schema read data written under the old one.
    Backward,
    /// Readers of the old schema read data written under the new one.
    Forward,
    /// Both.
    Full,
}

/// How strictly open content models are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ProfileArg {
    /// Set semantics: an open model may hold any undeclared property, so declaring one
    /// narrows it, and an undecided question fails.
    Strict,
    /// Assumes undeclared properties are absent from stored data, lets a required property
    /// with a `default` through, and lets undecided questions pass with a note.
    Lenient,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The schema the stored data or current consumers use (JSON or YAML).
    old: PathBuf,
    /// The schema that replaces it (JSON or YAML).
    new: PathBuf,
    /// Which readers must keep working.
    #[arg(long, value_enum, default_value_t = ModeArg::Backward)]
    mode: ModeArg,
    /// strict: set semantics, undecided fails; lenient: open models hold no undeclared fields.
    #[arg(long, value_enum, default_value_t = ProfileArg::Strict)]
    profile: ProfileArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

/// Reads a schema file into a positioned JSON value, or renders why it cannot.
fn read(path: &Path, sources: &mut SourceMap) -> Result<Json> {
    let bytes = eventctl::load::read_file(path).map_err(|e| super::error::io("read", path, e))?;
    let json = eventctl::load::parse_node(sources, path, bytes).map_err(|diag| {
        let text = report::human(&[*diag], sources, false);
        Error(text.trim_end().to_string())
    })?;
    let errors = schema_errors(&json, &format!("`{}`", path.display()));
    if !errors.is_empty() {
        let text = report::human(&errors, sources, false);
        return Err(Error(text.trim_end().to_string()));
    }
    Ok(json)
}

pub fn run(args: &Args) -> Result {
    let mut sources = SourceMap::default();
    let old = read(&args.old, &mut sources)?;
    let new = read(&args.new, &mut sources)?;
    let mode = match args.mode {
        ModeArg::None => Mode::None,
        ModeArg::Backward => Mode::Backward,
        ModeArg::Forward => Mode::Forward,
        ModeArg::Full => Mode::Full,
    };
    let profile = match args.profile {
        ProfileArg::Strict => Profile::Strict,
        ProfileArg::Lenient => Profile::Lenient,
    };
    let (old_value, new_value) = (old.value(), new.value());
    let mut report = compat::check(&old_value, &new_value, mode, profile);
    if let (Some(ov), Some(nv)) = (old.validator(), new.validator()) {
        report.find_witnesses(&compat::witness::Pair {
            old: &old_value,
            new: &new_value,
            old_validator: &ov,
            new_validator: &nv,
            old_samples: &[],
        });
    }
    match args.format {
        Format::Json => output::stdout(&report::compat::json(&report), Color::Never)?,
        Format::Human => output::stdout(
            &report::compat::human(&report, &old, &new, &sources),
            args.color,
        )?,
    }
    Ok(Done::findings_if(report.fails()))
}
