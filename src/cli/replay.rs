//! `eventctl replay CATALOG LOG|-`: streams an NDJSON event log through the catalog and reports
//! what breaks it; rebuilt projections go to stdout or `--out`.

use super::catalog::{self, Need};
use super::input;
use super::output::{self, Color};
use super::{Done, Error, Result};
use eventctl::model::ProjectionId;
use eventctl::replay::{Causation, Options, Replay};
use eventctl::report::replay as report;
use eventctl::upcast::Upcaster;
use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Findings and summary for people, on stderr.
    Human,
    /// One JSON document on stdout.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CausationArg {
    /// A command or an event; an id never seen is a command's.
    Any,
    /// An earlier event of the log.
    Events,
}

#[derive(clap::Args)]
pub struct Args {
    /// The catalog file, or a folder holding catalog.yaml.
    catalog: PathBuf,
    /// The NDJSON log, one envelope a line; `-` reads stdin.
    log: String,
    /// Rebuild this projection (repeat for several).
    #[arg(long = "projection", value_name = "P", add = clap_complete::engine::ArgValueCompleter::new(super::complete::projections))]
    projections: Vec<String>,
    /// Also validate each payload against its own version's schema.
    #[arg(long)]
    validate_payloads: bool,
    /// Write the projections' rows here (atomically) instead of stdout.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Stop at the first finding.
    #[arg(long)]
    fail_fast: bool,
    /// The log was cut (retention, a compacted topic): a stream whose first event has
    /// `aggregate_version` > 1 starts in the state that event leaves.
    #[arg(long)]
    partial: bool,
    /// What a `causation_id` may name: `any` (a command or an earlier event) or `events` (an
    /// earlier event of the log only).
    #[arg(long, value_enum, default_value_t = CausationArg::Any)]
    causation: CausationArg,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

pub fn run(args: &Args) -> Result {
    if args.format == Format::Json && args.out.is_none() && !args.projections.is_empty() {
        return Err(Error::from(
            "with --format json the report takes stdout; give --out FILE for the projections",
        ));
    }
    let cat = catalog::load(&args.catalog, Need::Checked, "replaying")?;
    let projections = args
        .projections
        .iter()
        .map(|p| cat.find_projection(p))
        .collect::<std::result::Result<Vec<ProjectionId>, _>>()?;
    let upcaster = Upcaster::new();
    let options = Options {
        validate_payloads: args.validate_payloads,
        projections,
        fail_fast: args.fail_fast,
        partial: args.partial,
        causation: match args.causation {
            CausationArg::Any => Causation::Any,
            CausationArg::Events => Causation::Events,
        },
    };
    let mut replay = Replay::new(cat, &upcaster, options)?;
    let (input, size) = input::open_log(&args.log)?;
    let bar = input::progress(size);
    let input: Box<dyn Read> = match &bar {
        Some(bar) => Box::new(bar.wrap_read(input)),
        None => input,
    };
    let started = Instant::now();
    let read = replay.read(BufReader::with_capacity(1 << 20, input));
    let elapsed = started.elapsed();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    read.map_err(|e| Error(format!("reading `{}` failed: {e}", args.log)))?;
    let (summary, rows) = replay.finish();
    let mut projected = Vec::new();
    for r in &rows {
        r.write(&mut projected)
            .map_err(|e| Error(format!("writing the projections failed: {e}")))?;
    }
    match &args.out {
        Some(path) => eventctl::atomic::write_swept(path, &projected)
            .map_err(|e| super::error::io("write", path, e))?,
        None => output::stdout(&String::from_utf8_lossy(&projected), Color::Never)?,
    }
    let names: Vec<(&str, usize)> = rows.iter().map(|r| (r.name(), r.len())).collect();
    match args.format {
        Format::Human => output::report(
            &report::human(&summary, &names, elapsed, &args.log),
            args.color,
        )?,
        Format::Json => output::stdout(&report::json(&summary, &names, elapsed), Color::Never)?,
    }
    Ok(Done::findings_if(summary.total_findings() > 0))
}
