//! Times `eventctl docs --format html` against the Markdown docs, in one run.
//!
//! `cargo run --release --example bench_site -- CATALOG OUT` loads the catalog as `docs` does
//! (references resolved), then builds and writes the Markdown pages into `OUT/md` and the site
//! into `OUT/html`, twice each, interleaved, and prints each phase: building the files (in
//! parallel) and writing them (atomically, many at once). The whole command adds the load.

use eventctl::check::severity::CliOverrides;
use eventctl::docs::{self, site};
use eventctl::fileset;
use std::path::Path;
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let catalog = args
        .next()
        .expect("a catalog, such as one gen_catalog wrote");
    let out = args.next().expect("a folder to write into");
    let start = Instant::now();
    let v = eventctl::resolve_only(Path::new(&catalog), &CliOverrides::default()).expect("loads");
    let load = start.elapsed().as_secs_f64();
    let cat = v.catalog.as_ref().expect("a catalog");
    println!(
        "catalog: {} contexts, {} aggregates, {} events, {} sagas; loaded in {load:.2} s",
        cat.contexts.len(),
        cat.aggregates.len(),
        cat.events.len(),
        cat.sagas.len()
    );
    println!(
        "| output | round | files | MB | build | write | with the load |\n|---|---|---|---|---|---|---|"
    );
    for round in 1..=2 {
        for (name, marker) in [("md", docs::MARKER), ("html", site::MARKER)] {
            let folder = Path::new(&out).join(name);
            let _ = std::fs::remove_dir_all(&folder);
            let t = Instant::now();
            let files = if name == "md" {
                docs::pages(cat)
            } else {
                site::site(cat)
            };
            let build = t.elapsed().as_secs_f64();
            let t = Instant::now();
            fileset::write(&folder, &files, marker, false).expect("writes");
            let write = t.elapsed().as_secs_f64();
            let bytes: usize = files.iter().map(|f| f.content.len()).sum();
            println!(
                "| {name} | {round} | {} | {:.0} | {build:.2} s | {write:.2} s | {:.2} s |",
                files.len(),
                bytes as f64 / 1e6,
                load + build + write
            );
        }
    }
}
