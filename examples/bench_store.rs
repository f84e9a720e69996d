//! Times `replay --from postgres://…` against the same rows exported by psql and replayed from
//! the file, in one run.
//!
//! `cargo run --release --example bench_store -- --url URL --log LOG` loads LOG (a shop log from
//! `gen_events`) into the table `bench_events` (made anew), then times, with the `eventctl`
//! binary built beside this example (`cargo build --release`):
//! 1. `psql URL -c "COPY (SELECT row_to_json(e) FROM bench_events e ORDER BY position) TO STDOUT"`
//!    into a file;
//! 2. `eventctl replay` of that file;
//! 3. `eventctl replay --from URL --table bench_events`, with its peak memory.
//!
//! It prints each as events per second and the store's throughput as a share of the file's.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const FIELDS: [&str; 11] = [
    "event_id",
    "event_type",
    "event_version",
    "aggregate_id",
    "aggregate_type",
    "aggregate_version",
    "occurred_at",
    "correlation_id",
    "causation_id",
    "user_id",
    "data",
];

fn eventctl() -> PathBuf {
    let me = std::env::current_exe().expect("own path");
    let dir = me.parent().and_then(Path::parent).expect("target dir");
    dir.join(format!("eventctl{}", std::env::consts::EXE_SUFFIX))
}

/// A CSV field: empty and unquoted for NULL, else quoted.
fn csv(out: &mut Vec<u8>, value: Option<&serde_json::Value>) {
    let text = match value {
        None | Some(serde_json::Value::Null) => return,
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    out.push(b'"');
    out.extend(text.replace('"', "\"\"").as_bytes());
    out.push(b'"');
}

fn load(url: &str, log: &Path) -> u64 {
    let mut client = postgres::Client::connect(url, postgres::NoTls).expect("connects");
    client
        .batch_execute(
            "DROP TABLE IF EXISTS bench_events;
             CREATE TABLE bench_events (position bigserial PRIMARY KEY, event_id text,
             event_type text, event_version text, aggregate_id text, aggregate_type text,
             aggregate_version bigint, occurred_at text, correlation_id text, causation_id text,
             user_id text, data json)",
        )
        .expect("creates the table");
    let mut writer = client
        .copy_in(&format!(
            "COPY bench_events ({}) FROM STDIN (FORMAT csv)",
            FIELDS.join(", ")
        ))
        .expect("COPY starts");
    let text = std::fs::read_to_string(log).expect("the log reads");
    let mut rows = 0;
    let mut buf = Vec::with_capacity(1 << 20);
    for line in text.lines() {
        let Ok(serde_json::Value::Object(e)) = serde_json::from_str(line) else {
            continue;
        };
        for (i, f) in FIELDS.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            csv(&mut buf, e.get(*f));
        }
        buf.push(b'\n');
        rows += 1;
        if buf.len() > 1 << 20 {
            writer.write_all(&buf).expect("COPY writes");
            buf.clear();
        }
    }
    writer.write_all(&buf).expect("COPY writes");
    writer.finish().expect("COPY ends");
    client
        .batch_execute("ANALYZE bench_events")
        .expect("analyzes");
    rows
}

/// Runs a command to its end; returns its time and peak resident memory in kB, read from
/// `/proc` while it runs.
fn timed(command: &mut Command) -> (Duration, u64) {
    let start = Instant::now();
    let mut child = command.spawn().expect("runs");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status)
            && let Some(kb) = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        {
            peak = kb;
        }
        if let Some(exit) = child.try_wait().expect("waits") {
            assert!(
                exit.success() || exit.code() == Some(1),
                "{command:?} failed: {exit}"
            );
            return (start.elapsed(), peak);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .unwrap_or_else(|| panic!("usage: bench_store --url URL --log LOG"))
            .clone()
    };
    let (url, log) = (arg("--url"), PathBuf::from(arg("--log")));
    let shop = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog-examples/shop");
    let rows = load(&url, &log);
    let export = std::env::temp_dir().join("eventctl-bench-store.ndjson");
    let file = std::fs::File::create(&export).expect("the export file");
    let (exported, _) = timed(
        Command::new("psql")
            .arg(&url)
            .args(["-X", "-q", "-c"])
            .arg("COPY (SELECT row_to_json(e) FROM bench_events e ORDER BY position) TO STDOUT")
            .stdout(file),
    );
    let (from_file, file_peak) = timed(
        Command::new(eventctl())
            .arg("replay")
            .arg(&shop)
            .arg(&export)
            .stderr(Stdio::null()),
    );
    let (from_store, store_peak) = timed(
        Command::new(eventctl())
            .arg("replay")
            .arg(&shop)
            .args(["--from", &url, "--table", "bench_events"])
            .stderr(Stdio::null()),
    );
    let rate = |d: Duration| rows as f64 / d.as_secs_f64();
    println!(
        "| rows | psql COPY export | replay of the export | replay --from postgres | store ÷ file | store ÷ (export + file) | peak RSS, file | peak RSS, store |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    println!(
        "| {rows} | {:.2} s | {:.2} s ({:.0} events/s) | {:.2} s ({:.0} events/s) | {:.2}× | {:.2}× | {} MB | {} MB |",
        exported.as_secs_f64(),
        from_file.as_secs_f64(),
        rate(from_file),
        from_store.as_secs_f64(),
        rate(from_store),
        rate(from_store) / rate(from_file),
        rate(from_store) / rate(exported + from_file),
        file_peak / 1024,
        store_peak / 1024
    );
    let _ = std::fs::remove_file(&export);
}
