//! `eventctl validate`: load → resolve → check → report, exit 0, 1 or 2.

use super::output::{self, Color};
use super::{Done, Error, Result};
use eventctl::check::severity::CliOverrides;
use eventctl::report::{self, Format};
use std::path::PathBuf;

/// Output formats of `validate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// rustc-style snippets for people.
    Human,
    /// One JSON document, documented in docs/json-output.md.
    Json,
    /// GitHub Actions workflow commands that annotate pull requests.
    Github,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
}

#[derive(clap::Args)]
pub struct Args {
    /// The catalog file, or a folder holding catalog.yaml.
    #[arg(default_value = ".")]
    catalog: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// Report this rule as an error (repeatable).
    #[arg(long, value_name = "RULE")]
    deny: Vec<String>,
    /// Report this rule as a warning (repeatable).
    #[arg(long, value_name = "RULE")]
    warn: Vec<String>,
    /// Do not report this rule (repeatable).
    #[arg(long, value_name = "RULE")]
    allow: Vec<String>,
    /// Report every warning as an error.
    #[arg(long)]
    deny_warnings: bool,
    /// Compare with a previous release: a catalog path, or `git-ref[:path]` such as `origin/main`.
    #[arg(long, value_name = "PATH|REF[:PATH]")]
    against: Option<String>,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

pub fn run(args: &Args) -> Result {
    let overrides = CliOverrides {
        deny: args.deny.clone(),
        warn: args.warn.clone(),
        allow: args.allow.clone(),
        deny_warnings: args.deny_warnings,
    };
    let unknown = overrides.unknown_ids();
    if !unknown.is_empty() {
        return Err(Error(format!(
            "unknown rule id(s): {}; `eventctl rules` lists them",
            unknown.join(", ")
        )));
    }
    let validation = match &args.against {
        Some(against) => eventctl::validate_against(&args.catalog, &overrides, against)?,
        None => eventctl::validate(&args.catalog, &overrides)?,
    };
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
        FormatArg::Github => Format::Github,
        FormatArg::Sarif => Format::Sarif,
    };
    let text = report::render(format, &validation.diagnostics, &validation.sources);
    match format {
        Format::Human => output::report(&text, args.color)?,
        _ => output::stdout(&text, Color::Never)?,
    }
    Ok(Done::findings_if(validation.has_errors()))
}
