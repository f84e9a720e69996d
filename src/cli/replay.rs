//! `eventctl replay CATALOG LOG|-|--from URL`: streams an NDJSON event log, or an event store's
//! table, through the catalog and reports what breaks it; rebuilt projections go to stdout or
//! `--out`.

use super::catalog::{self, Need};
use super::input;
use super::output::{self, Color};
use super::{Done, Error, Result};
use eventctl::model::ProjectionId;
use eventctl::replay::store::{self, Filter, Location, StoreOptions};
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
    #[arg(required_unless_present = "from", conflicts_with = "from")]
    log: Option<String>,
    /// Read an event store instead: `postgres://USER@HOST/DB` or `sqlite:PATH`.
    #[arg(long, value_name = "URL")]
    from: Option<String>,
    /// The store's table (`name` or `schema.name`).
    #[arg(long, value_name = "TABLE", default_value = store::DEFAULT_TABLE, requires = "from")]
    table: String,
    /// Envelope fields carried by columns of another name: `FIELD=COLUMN`, comma-separated.
    #[arg(long, value_name = "FIELD=COLUMN", value_delimiter = ',', value_parser = field_column, requires = "from")]
    columns: Vec<(String, String)>,
    /// Columns (or envelope fields) to order by, comma-separated; by default a global position
    /// column, else `occurred_at, aggregate_id, version`.
    #[arg(long, value_name = "COLUMN", value_delimiter = ',', requires = "from")]
    order: Vec<String>,
    /// Only rows where `COLUMN OP VALUE` (`=`, `!=`, `<`, `<=`, `>`, `>=`); the value is bound
    /// as a parameter. Repeat to combine.
    #[arg(long = "where", value_name = "COLUMN OP VALUE", requires = "from")]
    filters: Vec<Filter>,
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
    let started = Instant::now();
    let source = match (&args.from, &args.log) {
        (Some(url), _) => from_store(&mut replay, &url.parse().map_err(Error)?, args)?,
        (None, Some(log)) => from_log(&mut replay, log)?,
        (None, None) => return Err(Error::from("give a log file, `-` for stdin, or --from URL")),
    };
    let elapsed = started.elapsed();
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
            &report::human(&summary, &names, elapsed, &source),
            args.color,
        )?,
        Format::Json => output::stdout(&report::json(&summary, &names, elapsed), Color::Never)?,
    }
    Ok(Done::findings_if(summary.total_findings() > 0))
}

/// Replays a file or stdin; returns how findings name it.
fn from_log(replay: &mut Replay<'_>, log: &str) -> std::result::Result<String, Error> {
    let (input, size) = input::open_log(log)?;
    let bar = input::progress(size);
    let input: Box<dyn Read> = match &bar {
        Some(bar) => Box::new(bar.wrap_read(input)),
        None => input,
    };
    let read = replay.read(BufReader::with_capacity(1 << 20, input));
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    read.map_err(|e| Error(format!("reading `{log}` failed: {e}")))?;
    Ok(log.to_string())
}

/// Replays an event store's table; notes on how it was read go to stderr.
fn from_store(
    replay: &mut Replay<'_>,
    location: &Location,
    args: &Args,
) -> std::result::Result<String, Error> {
    let options = StoreOptions {
        table: args.table.clone(),
        columns: args.columns.clone(),
        order: args.order.clone(),
        filters: args.filters.clone(),
    };
    let read = store::read(replay, location, &options)
        .map_err(|e| Error(format!("replaying from {location}: {e}")))?;
    for note in &read.notes {
        output::report(&format!("note: {note}\n"), args.color)?;
    }
    Ok(format!("{location} {}", args.table))
}

fn field_column(s: &str) -> std::result::Result<(String, String), String> {
    match s.split_once('=') {
        Some((f, c)) if !f.trim().is_empty() && !c.trim().is_empty() => {
            Ok((f.trim().to_string(), c.trim().to_string()))
        }
        _ => Err(format!("`{s}` is not FIELD=COLUMN")),
    }
}
