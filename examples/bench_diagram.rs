//! Times diagrams on a synthetic catalog made by `gen_catalog`.
//!
//! `cargo run --release --example bench_diagram -- DIR` loads the catalog once, then prints the
//! time of each diagram (best of five): one context's flow and context map, one aggregate's
//! lifecycle, one saga, the whole context map and the whole flow, in each format, and all the
//! pages of `eventctl docs`.

use eventctl::check::severity::CliOverrides;
use eventctl::diagram::{Focus, Format, Kind, render};
use eventctl::model::{AggregateId, ContextId, SagaId};
use std::path::Path;
use std::time::{Duration, Instant};

fn best(mut f: impl FnMut() -> usize) -> (Duration, usize) {
    let mut fastest = Duration::MAX;
    let mut size = 0;
    for _ in 0..5 {
        let start = Instant::now();
        size = std::hint::black_box(f());
        fastest = fastest.min(start.elapsed());
    }
    (fastest, size)
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("a catalog folder made by gen_catalog");
    let start = Instant::now();
    let v = eventctl::validate(Path::new(&dir), &CliOverrides::default()).expect("loads");
    let load = start.elapsed();
    let cat = v.catalog.as_ref().expect("a catalog");
    println!(
        "catalog: {} contexts, {} aggregates, {} commands, {} events; loaded and validated in {:.2} s",
        cat.contexts.len(),
        cat.aggregates.len(),
        cat.commands.len(),
        cat.events.len(),
        load.as_secs_f64()
    );
    println!("| diagram | format | time | bytes |\n|---|---|---|---|");
    let one = Focus {
        context: Some(ContextId::new(0)),
        aggregate: Some(AggregateId::new(0)),
        saga: Some(SagaId::new(0)),
        scenario: None,
    };
    let cases = [
        ("flow of one context", Kind::Flow, one),
        ("context map around one context", Kind::ContextMap, one),
        ("lifecycle of one aggregate", Kind::Lifecycle, one),
        ("one saga", Kind::Saga, one),
        ("whole context map", Kind::ContextMap, Focus::default()),
        ("whole flow", Kind::Flow, Focus::default()),
    ];
    for (name, kind, focus) in cases {
        for (fname, format) in [
            ("mermaid", Format::Mermaid),
            ("dot", Format::Dot),
            ("plantuml", Format::PlantUml),
        ] {
            let (t, bytes) = best(|| render(cat, kind, format, focus).map_or(0, |s| s.len()));
            println!(
                "| {name} | {fname} | {:.2} ms | {bytes} |",
                t.as_secs_f64() * 1000.0
            );
        }
    }
    let (t, bytes) = best(|| {
        eventctl::docs::pages(cat)
            .iter()
            .map(|p| p.content.len())
            .sum()
    });
    println!(
        "| every page of `docs` | markdown | {:.2} ms | {bytes} |",
        t.as_secs_f64() * 1000.0
    );
    std::mem::forget(v);
}
