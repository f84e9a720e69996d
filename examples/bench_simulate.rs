//! Times `simulate --explore`: the shop's saga with every fault class, and a synthetic
//! orchestration of N steps (default 12) where each step can succeed, fail or time out, and
//! each compensation can succeed or time out.
//!
//! `cargo run --release --example bench_simulate -- [--steps N]` prints, per saga: distinct
//! states, transitions, runs (paths from the start to an end), time (best of five), states per
//! second, and the peak memory of the whole process.

use eventctl::check::severity::CliOverrides;
use eventctl::model::SagaId;
use eventctl::sim::{ExploreOptions, Faults, explore};
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

const SCHEMA: &str = "{type: object, required: [trip_id], properties: {trip_id: {type: string}}}";

/// An orchestration saga of `steps` bookings, each of which can fail or time out.
fn synthetic(steps: usize) -> String {
    let mut y = String::from("eventctl: 1\nname: synthetic\ncontexts:\n");
    let _ = write!(
        y,
        "  Trip:
    aggregates:
      Trip:
        id: trip_id
        states: [new, booking, confirmed, rejected]
        initial: new
        final: [confirmed, rejected]
        commands:
          RequestTrip: {{external: true, from: [new], emits: TripRequested}}
          ConfirmTrip: {{from: [booking], emits: TripConfirmed}}
          RejectTrip: {{from: [booking], emits: TripRejected}}
        events:
          TripRequested: {{to: booking, versions: [{{version: 1, schema: {SCHEMA}}}]}}
          TripConfirmed: {{to: confirmed, versions: [{{version: 1, schema: {SCHEMA}}}]}}
          TripRejected: {{to: rejected, versions: [{{version: 1, schema: {SCHEMA}}}]}}
"
    );
    let legs: Vec<String> = (0..steps).map(|i| format!("Leg{}", i + 1)).collect();
    for leg in &legs {
        let _ = write!(
            y,
            "  {leg}:
    aggregates:
      Booking:
        id: trip_id
        states: [open, booked, failed, cancelled]
        initial: open
        final: [failed, cancelled]
        commands:
          Book: {{from: [open], emits: Booked, fails: [BookingFailed], compensated_by: Cancel}}
          Cancel: {{from: [open, booked], emits: Cancelled}}
        events:
          Booked: {{to: booked, versions: [{{version: 1, schema: {SCHEMA}}}]}}
          BookingFailed: {{to: failed, versions: [{{version: 1, schema: {SCHEMA}}}]}}
          Cancelled: {{to: cancelled, versions: [{{version: 1, schema: {SCHEMA}}}]}}
"
        );
    }
    let _ = write!(
        y,
        "sagas:
  Journey:
    style: orchestration
    start: Trip.TripRequested
    correlation: trip_id
    completes_on: [Trip.TripConfirmed]
    aborts_on: [Trip.TripRejected]
    on_complete: [Trip.ConfirmTrip]
    on_abort: [Trip.RejectTrip]
    allow_open: [{}]
    timeouts: {{{}}}
    steps:
",
        legs.iter()
            .map(|l| format!("{l}.Booking"))
            .collect::<Vec<_>>()
            .join(", "),
        legs.iter()
            .map(|l| format!("{l}.Cancel: 30s"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for leg in &legs {
        let _ = writeln!(y, "      - {{command: {leg}.Book, timeout: 30s}}");
    }
    y
}

fn peak_rss_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}

fn bench(path: &Path, faults: &str) {
    let v = eventctl::validate(path, &CliOverrides::default()).expect("loads");
    assert!(
        !v.has_errors(),
        "{}",
        eventctl::report::human(&v.diagnostics, &v.sources, false)
    );
    let cat = v.catalog.as_ref().expect("catalog");
    let options = ExploreOptions {
        faults: Faults::parse(faults).expect("faults"),
        ..ExploreOptions::default()
    };
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..5 {
        let start = Instant::now();
        let x = explore(cat, SagaId::new(0), &options).expect("a saga");
        best = best.min(start.elapsed());
        last = Some(x);
    }
    let x = last.expect("ran");
    println!(
        "| {} | {} | {} | {} | {} | {} | {:.2} ms | {:.0} | {} | {} MB |",
        x.saga,
        x.faults.names(),
        x.states,
        x.transitions,
        x.paths.map_or("loops".into(), |p| p.to_string()),
        x.final_states,
        best.as_secs_f64() * 1000.0,
        x.states as f64 / best.as_secs_f64(),
        x.counterexamples.len(),
        peak_rss_mb()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let steps = match args.as_slice() {
        [flag, n] if flag == "--steps" => n.parse().expect("--steps N"),
        _ => 12,
    };
    println!(
        "| saga | faults | states | transitions | runs | final states | time | states/s | violations | peak RSS |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let shop = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog-examples/shop");
    bench(&shop, "fail,timeout");
    bench(&shop, "all");
    let dir = std::env::temp_dir().join(format!("eventctl-bench-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("catalog.yaml"), synthetic(steps)).expect("write");
    bench(&dir, "fail,timeout");
    bench(&dir, "fail,timeout,duplicate");
    let _ = std::fs::remove_dir_all(&dir);
}
