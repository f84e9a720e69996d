//! `eventctl simulate CATALOG`: runs scenarios, or with `--explore` every failure path of a
//! saga, and reports traces and shortest counterexamples.

use super::catalog::{self, Need};
use super::output::{self, Color};
use super::{Done, Error, Result};
use eventctl::model::{Catalog, ScenarioId};
use eventctl::report::simulate as report;
use eventctl::sim::{self, ScenarioRun};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Trace tables and findings.
    Human,
    /// One JSON document.
    Json,
    /// Mermaid sequence diagrams of the runs (and counterexamples).
    Mermaid,
}

#[derive(clap::Args)]
pub struct Args {
    /// The catalog file, or a folder holding catalog.yaml.
    catalog: PathBuf,
    /// Run this scenario.
    #[arg(long, conflicts_with_all = ["all", "explore"], add = clap_complete::engine::ArgValueCompleter::new(super::complete::scenarios))]
    scenario: Option<String>,
    /// Run every scenario (the default without --scenario or --explore).
    #[arg(long)]
    all: bool,
    /// Explore every failure path of the sagas instead of running scenarios.
    #[arg(long)]
    explore: bool,
    /// With --explore: only this saga.
    #[arg(long, requires = "explore", add = clap_complete::engine::ArgValueCompleter::new(super::complete::sagas))]
    pub saga: Option<String>,
    /// With --explore: fault classes, from fail, timeout, duplicate, reorder (or all, none).
    #[arg(long, default_value = "fail,timeout", requires = "explore")]
    pub faults: String,
    /// With --explore: most deliveries in one run.
    #[arg(long, default_value_t = 200, requires = "explore")]
    pub max_depth: usize,
    /// With --explore: most memory the search may hold, such as `512M` or `4G`; beyond it the
    /// search stops, reports what it explored, and exits 2.
    #[arg(long, default_value = "2G", value_parser = super::explore::bytes, requires = "explore")]
    pub max_memory: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

/// Prints a report on stdout, in colour only when it is for people.
pub fn show(args: &Args, text: String) -> super::Result<()> {
    let human = args.format == Format::Human;
    output::stdout(&text, if human { args.color } else { Color::Never })
}

pub fn run(args: &Args) -> Result {
    let cat = catalog::load(&args.catalog, Need::Checked, "simulating")?;
    if args.explore {
        super::explore::run(cat, args)
    } else {
        scenarios(cat, args)
    }
}

fn scenarios(cat: &Catalog, args: &Args) -> Result {
    let ids: Vec<ScenarioId> = match &args.scenario {
        Some(name) => vec![cat.find_scenario(name)?],
        None => (0..cat.scenarios.len()).map(ScenarioId::new).collect(),
    };
    if ids.is_empty() {
        return Err(Error::from(
            "the catalog declares no scenarios; add some under `scenarios:`, or use --explore",
        ));
    }
    let runs: Vec<ScenarioRun> = ids
        .iter()
        .filter_map(|&id| sim::run_scenario(cat, id))
        .collect();
    show(
        args,
        match args.format {
            Format::Human => report::runs_human(&runs),
            Format::Json => report::runs_json(&runs),
            Format::Mermaid => report::runs_mermaid(&runs),
        },
    )?;
    Ok(Done::findings_if(!runs.iter().all(ScenarioRun::passed)))
}
