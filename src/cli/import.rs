//! `eventctl import asyncapi FILE... -o DIR [--contexts title|tags] [--force]`: a catalog from
//! AsyncAPI documents, checked as soon as it is written.

use super::output::{self, Color};
use super::{Done, Error, Result};
use eventctl::check::severity::CliOverrides;
use eventctl::diag::Severity;
use eventctl::import::{self, ContextFrom};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    format: Format,
}

#[derive(clap::Subcommand)]
enum Format {
    /// AsyncAPI 2.x or 3.x documents: an event per message, a version per message name
    /// suffix (`CostingRequestV2`), payloads as JSON Schema with their `$ref`s copied in.
    Asyncapi(AsyncapiArgs),
}

#[derive(clap::Args)]
struct AsyncapiArgs {
    /// The documents (YAML or JSON); `$ref`s may reach files beside them, never the network.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The folder to write catalog.yaml and its schemas into (created when missing).
    #[arg(long, short)]
    out: PathBuf,
    /// Where contexts come from: one per document (its title), or one per message tag.
    #[arg(long, value_enum, default_value = "title")]
    contexts: Contexts,
    /// Also overwrite files that eventctl did not write.
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Contexts {
    Title,
    Tags,
}

pub fn run(args: &Args) -> Result {
    let Format::Asyncapi(args) = &args.format;
    let from = match args.contexts {
        Contexts::Title => ContextFrom::Title,
        Contexts::Tags => ContextFrom::Tags,
    };
    let imported = import::asyncapi(&args.files, from).map_err(Error)?;
    eventctl::fileset::write(&args.out, &imported.files, import::MARKER, args.force)
        .map_err(|e| Error(e.to_string()))?;
    let mut report = String::new();
    for note in &imported.notes {
        report.push_str(&format!("note: {note}\n"));
    }
    let validation = eventctl::validate(&args.out, &CliOverrides::default())?;
    let count = |s: Severity| {
        validation
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    report.push_str(&format!(
        "imported {} in {} into {}: {errors} errors, {warnings} warnings; `eventctl validate {}` names what to fill in\n",
        count_of(imported.events, "event"),
        count_of(imported.contexts, "context"),
        args.out.join("catalog.yaml").display(),
        args.out.display(),
    ));
    if errors > 0 {
        let shown: Vec<_> = validation
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        report.push_str(&eventctl::report::human(&shown, &validation.sources, true));
    }
    output::stderr(&report, Color::Auto);
    Ok(if errors > 0 {
        Done::Findings
    } else {
        Done::Clean
    })
}

fn count_of(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
