//! `eventctl simulate --explore`: searches every failure path of each saga and reports the
//! shortest counterexample of each broken invariant.

use super::simulate::{Args, Format, show};
use super::{Done, Error, Result};
use eventctl::model::{Catalog, SagaId};
use eventctl::report::simulate as report;
use eventctl::sim::{self, ExploreOptions, Faults, Stop};
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
        max_memory: args.max_memory,
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
    if let Some((x, _)) = results
        .iter()
        .find(|(x, _)| x.stopped == Some(Stop::Memory))
    {
        return Err(Error(format!(
            "exploring `{}` stopped at the memory limit of {} MB after {} states; raise --max-memory, lower --max-depth, or explore fewer faults",
            x.saga,
            args.max_memory >> 20,
            x.states
        )));
    }
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

/// Parses a size such as `2G`, `512M`, `64k` or a number of bytes.
pub fn bytes(text: &str) -> std::result::Result<u64, String> {
    let t = text.trim().to_ascii_lowercase();
    let t = t.strip_suffix('b').unwrap_or(&t);
    let (number, shift) = match t.char_indices().last() {
        Some((i, 'k')) => (&t[..i], 10),
        Some((i, 'm')) => (&t[..i], 20),
        Some((i, 'g')) => (&t[..i], 30),
        _ => (t, 0),
    };
    number
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{text}` is not a size: write it as 512M or 4G"))
}
