//! `eventctl replay CATALOG LOG|-`: streams an NDJSON event log through the catalog and reports
//! what breaks it; rebuilt projections go to stdout or `--out`.

use super::output::{self, Color};
use super::replay_report;
use eventctl::compat::upcast::Upcaster;
use eventctl::model::{Catalog, ProjectionId};
use eventctl::replay::{Options, Replay};
use std::io::{BufReader, IsTerminal, Read};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Findings and summary for people, on stderr.
    Human,
    /// One JSON document on stdout.
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The catalog file, or a folder holding catalog.yaml.
    catalog: PathBuf,
    /// The NDJSON log, one envelope a line; `-` reads stdin.
    log: String,
    /// Rebuild this projection (repeat for several).
    #[arg(long = "projection", value_name = "P")]
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
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

/// Bytes of log beyond which a progress bar is drawn on a terminal.
const PROGRESS_FROM_BYTES: u64 = 32 * 1024 * 1024;

fn projection(cat: &Catalog, name: &str) -> Result<ProjectionId, String> {
    if let Some(i) = cat.projections.iter().position(|p| p.name.text == name) {
        return Ok(ProjectionId::new(i));
    }
    let names: Vec<&str> = cat
        .projections
        .iter()
        .map(|p| p.name.text.as_str())
        .collect();
    let hint = match eventctl::diag::did_you_mean(name, names.iter().copied()) {
        Some(s) => format!("; did you mean `{s}`?"),
        None if names.is_empty() => "; the catalog declares none".into(),
        None => format!("; it declares {}", names.join(", ")),
    };
    Err(format!("no projection `{name}` in the catalog{hint}"))
}

fn open(log: &str) -> Result<(Box<dyn Read>, Option<u64>), String> {
    if log == "-" {
        return Ok((Box::new(std::io::stdin().lock()), None));
    }
    let file = std::fs::File::open(log).map_err(|e| format!("cannot read `{log}`: {e}"))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read `{log}`: {e}"))?;
    if meta.is_dir() {
        return Err(format!(
            "`{log}` is a folder; give an NDJSON file or `-` for stdin"
        ));
    }
    Ok((Box::new(file), Some(meta.len())))
}

fn progress(size: Option<u64>) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = match size {
        Some(n) if n >= PROGRESS_FROM_BYTES => indicatif::ProgressBar::new(n).with_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} replaying [{bar:40}] {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec}, {eta})",
            )
            .ok()?
            .progress_chars("=> "),
        ),
        Some(_) => return None,
        None => indicatif::ProgressBar::new_spinner().with_style(
            indicatif::ProgressStyle::with_template("{spinner} replaying {binary_bytes} ({binary_bytes_per_sec})").ok()?,
        ),
    };
    Some(bar)
}

pub fn run(args: &Args) -> u8 {
    if args.format == Format::Json && args.out.is_none() && !args.projections.is_empty() {
        return output::fail(
            "with --format json the report takes stdout; give --out FILE for the projections",
        );
    }
    let validation = match super::catalog::load_clean(&args.catalog, "replaying") {
        Ok(v) => v,
        Err(code) => return code,
    };
    let Some(cat) = &validation.catalog else {
        return super::FAILURE;
    };
    let projections = match args
        .projections
        .iter()
        .map(|p| projection(cat, p))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(p) => p,
        Err(e) => return output::fail(&e),
    };
    let upcaster = Upcaster::new();
    let options = Options {
        validate_payloads: args.validate_payloads,
        projections,
        fail_fast: args.fail_fast,
    };
    let mut replay = match Replay::new(cat, &upcaster, options) {
        Ok(r) => r,
        Err(e) => return output::fail(&e),
    };
    let (input, size) = match open(&args.log) {
        Ok(i) => i,
        Err(e) => return output::fail(&e),
    };
    let bar = progress(size);
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
    if let Err(e) = read {
        return output::fail(&format!("reading `{}` failed: {e}", args.log));
    }
    let (summary, rows) = replay.finish();
    let mut projected = Vec::new();
    for r in &rows {
        if let Err(e) = r.write(&mut projected) {
            return output::fail(&format!("writing the projections failed: {e}"));
        }
    }
    match &args.out {
        Some(path) => {
            if let Err(e) = eventctl::atomic::write(path, &projected) {
                return output::fail(&format!("cannot write `{}`: {e}", path.display()));
            }
        }
        None => output::stdout(&String::from_utf8_lossy(&projected), Color::Never),
    }
    let names: Vec<(&str, usize)> = rows.iter().map(|r| (r.name(), r.len())).collect();
    match args.format {
        Format::Human => output::stderr(
            &replay_report::human(&summary, &names, elapsed, &args.log),
            args.color,
        ),
        Format::Json => output::stdout(
            &replay_report::json(&summary, &names, elapsed),
            Color::Never,
        ),
    }
    std::mem::forget(validation);
    if summary.total_findings() > 0 {
        super::FINDINGS
    } else {
        super::OK
    }
}
