//! `eventctl simulate --explore`: searches every failure path of each saga and reports the
//! shortest counterexample of each broken invariant.

use super::simulate::{Args, Format, show};
use super::{Done, Error, Result};
use eventctl::model::{Catalog, SagaId};
use eventctl::report::simulate as report;
use eventctl::sim::{self, ExploreOptions, Faults};
use std::time::Instant;

/// Explores the sagas `args` names (or all of them).
pub fn run(cat: &Catalog, args: &Args) -> Result {
    let faults = Faults::parse(&args.faults)?;
    let sagas: Vec<SagaId> = match &args.saga {
        Some(name) => vec![cat.find_saga(name)?],
        None => (0..cat.sagas.len()).map(SagaId::new).collect(),
    };
    if sagas.is_empty() {
        return Err(Error::from("the catalog declares no sagas to explore"));
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
    show(
        args,
        match args.format {
            Format::Human => report::explorations_human(&results),
            Format::Json => report::explorations_json(&results),
            Format::Mermaid => report::counterexamples_mermaid(&results),
        },
    )?;
    if results.iter().any(|(x, _)| !x.counterexamples.is_empty()) {
        Ok(Done::Findings)
    } else if results.iter().any(|(x, _)| !x.complete) {
        Err(Error::from(
            "the search stopped at its state limit before it covered every run",
        ))
    } else {
        Ok(Done::Clean)
    }
}
