//! Times `replay` against its floor on shop logs made by `gen_events`.
//!
//! `cargo run --release --example bench_replay -- LOG...` prints, for each log, in one run:
//! the floor (a bare serde_json parse of each line into a typed envelope whose payload is a
//! `serde_json::Value`); replay without payload validation, then with the `OrderView`
//! projection, then with `--validate-payloads` too; each as events per second and as a share
//! of the floor's throughput (best of three runs); and, measured in a child process that
//! replays with the projection and payload validation, peak memory and aggregate instances.

use eventctl::check::severity::CliOverrides;
use eventctl::model::{Catalog, ProjectionId};
use eventctl::replay::{Options, Replay};
use eventctl::upcast::Upcaster;
use serde::Deserialize;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::time::{Duration, Instant};

/// The envelope of the floor: owned strings and a `Value` payload.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Envelope {
    event_id: String,
    event_type: String,
    event_version: serde_json::Value,
    aggregate_id: String,
    aggregate_type: String,
    occurred_at: String,
    correlation_id: String,
    causation_id: Option<String>,
    user_id: Option<String>,
    metadata: Option<serde_json::Value>,
    aggregate_version: Option<u64>,
    data: serde_json::Value,
}

fn reader(log: &Path) -> BufReader<std::fs::File> {
    BufReader::with_capacity(1 << 20, std::fs::File::open(log).expect("the log opens"))
}

fn floor(log: &Path) -> u64 {
    let mut n = 0;
    for line in reader(log).lines() {
        let line = line.expect("reads");
        if let Ok(e) = serde_json::from_str::<Envelope>(&line) {
            std::hint::black_box(&e);
            n += 1;
        }
    }
    n
}

fn catalog() -> eventctl::Validation {
    let shop = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog-examples/shop");
    eventctl::validate(&shop, &CliOverrides::default()).expect("the shop loads")
}

fn replay(cat: &Catalog, log: &Path, options: Options) -> eventctl::replay::Summary {
    let up = Upcaster::new();
    let mut r = Replay::new(cat, &up, options).expect("the plan compiles");
    r.read(reader(log)).expect("reads");
    r.finish().0
}

fn best(runs: usize, mut f: impl FnMut() -> u64) -> (Duration, u64) {
    let mut fastest = Duration::MAX;
    let mut events = 0;
    for _ in 0..runs {
        let start = Instant::now();
        events = std::hint::black_box(f());
        fastest = fastest.min(start.elapsed());
    }
    (fastest, events)
}

fn child(log: &Path) {
    let v = catalog();
    let cat = v.catalog.as_ref().expect("a catalog");
    let options = Options {
        validate_payloads: true,
        projections: vec![ProjectionId::new(0)],
        fail_fast: false,
        ..Options::default()
    };
    let summary = replay(cat, log, options);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("0");
    println!("{hwm} {}", summary.aggregates);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        child(Path::new(&args[1]));
        return;
    }
    let v = catalog();
    let cat = v.catalog.as_ref().expect("a catalog");
    println!(
        "| log | MB | events | floor ev/s | replay ev/s | ÷ floor | + OrderView ev/s | ÷ floor | + payloads ev/s | ÷ floor | aggregates | peak RSS |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for log in &args {
        let log = Path::new(log);
        let mb = std::fs::metadata(log).map_or(0.0, |m| m.len() as f64 / 1e6);
        let rate = |(t, n): (Duration, u64)| n as f64 / t.as_secs_f64();
        let base = rate(best(3, || floor(log)));
        let plain = rate(best(3, || replay(cat, log, Options::default()).events));
        let view = Options {
            projections: vec![ProjectionId::new(0)],
            ..Options::default()
        };
        let projected = rate(best(3, || replay(cat, log, view.clone()).events));
        let full = Options {
            validate_payloads: true,
            ..view.clone()
        };
        let validated = rate(best(3, || replay(cat, log, full.clone()).events));
        let events = replay(cat, log, Options::default()).events;
        let me = std::env::current_exe().expect("own path");
        let out = std::process::Command::new(me)
            .arg("--child")
            .arg(log)
            .output()
            .expect("the child runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let mut parts = text.split_whitespace();
        let rss_kb: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
        let aggregates = parts.next().unwrap_or("?");
        println!(
            "| {} | {mb:.0} | {events} | {base:.0} | {plain:.0} | {:.0}% | {projected:.0} | {:.0}% | {validated:.0} | {:.0}% | {aggregates} | {} MB |",
            log.display(),
            100.0 * plain / base,
            100.0 * projected / base,
            100.0 * validated / base,
            rss_kb / 1024
        );
    }
}
