//! `eventctl validate`: load → resolve → check → report, exit 0, 1 or 2.

use super::output::{self, Color};
use eventctl::check::severity::CliOverrides;
use eventctl::report::{self, Format};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The catalog file, or a folder holding catalog.yaml.
    #[arg(default_value = ".")]
    catalog: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
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

pub fn run(args: &Args) -> u8 {
    let overrides = CliOverrides {
        deny: args.deny.clone(),
        warn: args.warn.clone(),
        allow: args.allow.clone(),
        deny_warnings: args.deny_warnings,
    };
    let unknown = overrides.unknown_ids();
    if !unknown.is_empty() {
        return output::fail(&format!(
            "unknown rule id(s): {}; `eventctl rules` lists them",
            unknown.join(", ")
        ));
    }
    let result = match &args.against {
        Some(against) => eventctl::validate_against(&args.catalog, &overrides, against),
        None => eventctl::validate(&args.catalog, &overrides),
    };
    let validation = match result {
        Ok(v) => v,
        Err(e) => return output::fail(&e.to_string()),
    };
    let diags = &validation.diagnostics;
    let sources = &validation.sources;
    match args.format {
        Format::Human => output::stderr(&report::human(diags, sources, true), args.color),
        Format::Json => output::stdout(&report::json(diags, sources), Color::Never),
        Format::Github => output::stdout(&report::github(diags, sources), Color::Never),
        Format::Sarif => output::stdout(&report::sarif(diags, sources), Color::Never),
    }
    if validation.has_errors() {
        super::FINDINGS
    } else {
        super::OK
    }
}
