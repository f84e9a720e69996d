//! `eventctl simulate CATALOG`: runs scenarios, or with `--explore` every failure path of a
//! saga, and reports traces and shortest counterexamples.

use super::output::{self, Color};
use anstyle::{AnsiColor, Style};
use eventctl::model::{Catalog, SagaId, ScenarioId};
use eventctl::sim::{self, Exploration, ExploreOptions, Faults, ScenarioRun};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

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
    #[arg(long, conflicts_with_all = ["all", "explore"])]
    scenario: Option<String>,
    /// Run every scenario (the default without --scenario or --explore).
    #[arg(long)]
    all: bool,
    /// Explore every failure path of the sagas instead of running scenarios.
    #[arg(long)]
    explore: bool,
    /// With --explore: only this saga.
    #[arg(long, requires = "explore")]
    saga: Option<String>,
    /// With --explore: fault classes, from fail, timeout, duplicate, reorder (or all, none).
    #[arg(long, default_value = "fail,timeout", requires = "explore")]
    faults: String,
    /// With --explore: most deliveries in one run.
    #[arg(long, default_value_t = 200, requires = "explore")]
    max_depth: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

fn pick<T>(
    names: Vec<&str>,
    wanted: &str,
    what: &str,
    make: impl Fn(usize) -> T,
) -> Result<T, String> {
    if let Some(i) = names.iter().position(|n| *n == wanted) {
        return Ok(make(i));
    }
    let hint = match eventctl::diag::did_you_mean(wanted, names.iter().copied()) {
        Some(s) => format!("; did you mean `{s}`?"),
        None if names.is_empty() => format!("; the catalog declares no {what}"),
        None => format!("; it declares {}", names.join(", ")),
    };
    Err(format!("no {what} `{wanted}` in the catalog{hint}"))
}

pub fn run(args: &Args) -> u8 {
    let validation = match super::catalog::load_clean(&args.catalog, "simulating") {
        Ok(v) => v,
        Err(code) => return code,
    };
    let Some(cat) = &validation.catalog else {
        return super::FAILURE;
    };
    let code = if args.explore {
        explore(cat, args)
    } else {
        scenarios(cat, args)
    };
    std::mem::forget(validation);
    code
}

fn scenarios(cat: &Catalog, args: &Args) -> u8 {
    let ids: Vec<ScenarioId> = match &args.scenario {
        Some(name) => {
            let names = cat.scenarios.iter().map(|s| s.name.text.as_str()).collect();
            match pick(names, name, "scenario", ScenarioId::new) {
                Ok(id) => vec![id],
                Err(e) => return output::fail(&e),
            }
        }
        None => (0..cat.scenarios.len()).map(ScenarioId::new).collect(),
    };
    if ids.is_empty() {
        return output::fail(
            "the catalog declares no scenarios; add some under `scenarios:`, or use --explore",
        );
    }
    let runs: Vec<ScenarioRun> = ids
        .iter()
        .filter_map(|&id| sim::run_scenario(cat, id))
        .collect();
    match args.format {
        Format::Human => output::stdout(&human_runs(&runs), args.color),
        Format::Json => output::stdout(
            &json(&serde_json::json!({"version": 1, "scenarios": runs})),
            Color::Never,
        ),
        Format::Mermaid => {
            let mut out = String::new();
            for r in &runs {
                let title = format!("scenario {}: {}", r.scenario, r.result);
                out.push_str(&eventctl::diagram::trace_mermaid(&r.trace, &r.saga, &title));
                out.push('\n');
            }
            output::stdout(&out, Color::Never)
        }
    }
    if runs.iter().all(ScenarioRun::passed) {
        super::OK
    } else {
        super::FINDINGS
    }
}

fn explore(cat: &Catalog, args: &Args) -> u8 {
    let faults = match Faults::parse(&args.faults) {
        Ok(f) => f,
        Err(e) => return output::fail(&e),
    };
    let sagas: Vec<SagaId> = match &args.saga {
        Some(name) => {
            let names = cat.sagas.iter().map(|s| s.name.text.as_str()).collect();
            match pick(names, name, "saga", SagaId::new) {
                Ok(id) => vec![id],
                Err(e) => return output::fail(&e),
            }
        }
        None => (0..cat.sagas.len()).map(SagaId::new).collect(),
    };
    if sagas.is_empty() {
        return output::fail("the catalog declares no sagas to explore");
    }
    let options = ExploreOptions {
        faults,
        max_depth: args.max_depth,
        ..ExploreOptions::default()
    };
    let mut results = Vec::new();
    for id in sagas {
        let started = Instant::now();
        if let Some(x) = sim::explore(cat, id, &options) {
            results.push((x, started.elapsed().as_secs_f64()));
        }
    }
    match args.format {
        Format::Human => output::stdout(&human_explorations(&results), args.color),
        Format::Json => {
            let docs: Vec<_> = results
                .iter()
                .map(|(x, secs)| serde_json::json!({"exploration": x, "seconds": secs}))
                .collect();
            output::stdout(
                &json(&serde_json::json!({"version": 1, "sagas": docs})),
                Color::Never,
            )
        }
        Format::Mermaid => {
            let mut out = String::new();
            for (x, _) in &results {
                for c in &x.counterexamples {
                    let title = format!(
                        "counterexample: {} ({})",
                        c.violation.message,
                        c.violation.invariant.id()
                    );
                    out.push_str(&eventctl::diagram::trace_mermaid(&c.trace, &x.saga, &title));
                    out.push('\n');
                }
            }
            output::stdout(&out, Color::Never)
        }
    }
    let incomplete = results.iter().any(|(x, _)| !x.complete);
    if results.iter().any(|(x, _)| !x.counterexamples.is_empty()) {
        super::FINDINGS
    } else if incomplete {
        output::fail("the search stopped at its state limit before it covered every run")
    } else {
        super::OK
    }
}

fn json(doc: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(doc).unwrap_or_default();
    text.push('\n');
    text
}

fn human_runs(runs: &[ScenarioRun]) -> String {
    let bad = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let good = Style::new().bold().fg_color(Some(AnsiColor::Green.into()));
    let mut out = String::new();
    for r in runs {
        let verdict = if r.passed() {
            format!("{good}passed{good:#}")
        } else {
            format!("{bad}failed{bad:#}")
        };
        let _ = writeln!(
            out,
            "scenario `{}` ({}): {} — {verdict}",
            r.scenario, r.saga, r.result
        );
        out.push_str(&r.trace.table());
        for m in &r.mismatches {
            let _ = writeln!(out, "  {bad}expectation failed{bad:#}: {m}");
        }
        for v in &r.violations {
            let _ = writeln!(out, "  warning[{}]: {}", v.invariant.id(), v.message);
        }
        out.push('\n');
    }
    let failed = runs.iter().filter(|r| !r.passed()).count();
    let _ = writeln!(
        out,
        "{} scenarios, {} passed, {failed} failed",
        runs.len(),
        runs.len() - failed
    );
    out
}

fn human_explorations(results: &[(Exploration, f64)]) -> String {
    let bad = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let mut out = String::new();
    for (x, secs) in results {
        let paths = x
            .paths
            .map_or("unbounded (a loop)".into(), |p| p.to_string());
        let rate = if *secs > 0.0 {
            x.states as f64 / secs
        } else {
            0.0
        };
        let _ = writeln!(
            out,
            "explored `{}` with faults {}: {} states, {} transitions, {} runs, {} final states, longest run {} deliveries, in {:.1} ms ({:.0} states/s){}",
            x.saga,
            x.faults.names(),
            x.states,
            x.transitions,
            paths,
            x.final_states,
            x.depth,
            secs * 1000.0,
            rate,
            if x.complete {
                ""
            } else {
                " — stopped at the state limit"
            }
        );
        if x.counterexamples.is_empty() {
            let _ = writeln!(out, "  no invariant broken\n");
            continue;
        }
        for c in &x.counterexamples {
            let _ = writeln!(
                out,
                "\n{bad}violation[{}]{bad:#} (invariant {}): {}",
                c.violation.invariant.id(),
                c.violation.invariant.number(),
                c.violation.message
            );
            let _ = writeln!(
                out,
                "  shortest counterexample, {} deliveries:",
                c.trace.rows.len()
            );
            out.push_str(&c.trace.table());
        }
        out.push('\n');
    }
    out
}
