//! Times `eventctl gen` on a synthetic catalog made by `gen_catalog`.
//!
//! `cargo run --release --example bench_gen -- DIR` loads the catalog once, then prints the time
//! to build every file for both targets (best of three) and their size.

use eventctl::check::severity::CliOverrides;
use eventctl::codegen::files::{Options, files};
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let dir = std::env::args()
        .nth(1)
        .expect("a catalog folder made by gen_catalog");
    let start = Instant::now();
    let v = eventctl::resolve_only(Path::new(&dir), &CliOverrides::default()).expect("loads");
    let load = start.elapsed();
    let cat = v.catalog.as_ref().expect("a catalog");
    let versions: usize = cat.events.iter().map(|e| e.versions.len()).sum();
    println!(
        "catalog: {} events, {versions} versions, {} commands; loaded in {:.2} s",
        cat.events.len(),
        cat.commands.len(),
        load.as_secs_f64()
    );
    for target in ["plain", "cqrs-es"] {
        let options = Options {
            target,
            crate_name: Some("synthetic"),
            context: None,
            templates: None,
        };
        let mut best = Duration::MAX;
        let mut size = (0, 0);
        for _ in 0..3 {
            let t = Instant::now();
            let out = files(cat, &options).expect("renders");
            best = best.min(t.elapsed());
            size = (
                out.len(),
                out.iter().map(|f| f.content.len()).sum::<usize>(),
            );
        }
        println!(
            "{target}: {} files, {:.1} MB of Rust, in {:.2} s",
            size.0,
            size.1 as f64 / 1e6,
            best.as_secs_f64()
        );
    }
    std::mem::forget(v);
}
