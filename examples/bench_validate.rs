//! Times `validate` against its floor on synthetic catalogs made by `gen_catalog`.
//!
//! `cargo run --release --example bench_validate -- DIR...` prints, for each catalog folder:
//! its size; the parse-only floor (every file through serde-saphyr into `serde_json::Value`, one
//! file after another, then on every core); load, resolve and check times; the whole
//! `validate` as the `eventctl` binary runs it (build it first: `cargo build --release`); its
//! ratio to each floor; and, measured in a child process, peak memory.

use eventctl::check::severity::CliOverrides;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn parse(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).expect("readable");
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = usize::MAX;
    budget.max_events = usize::MAX;
    budget.max_total_scalar_bytes = usize::MAX;
    serde_saphyr::from_str_with_options(&text, serde_saphyr::options! { budget: Some(budget) })
        .expect("parses")
}

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// The `eventctl` binary built beside this example (`cargo build --release` builds both).
fn eventctl_binary() -> PathBuf {
    let me = std::env::current_exe().expect("own path");
    let dir = me.parent().and_then(Path::parent).expect("target dir");
    dir.join(format!("eventctl{}", std::env::consts::EXE_SUFFIX))
}

fn peak_rss_kb(dir: &Path) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe)
        .arg("--child")
        .arg(dir)
        .output()
        .ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

fn child(dir: &Path) {
    let v = eventctl::validate(dir, &CliOverrides::default()).expect("loads");
    std::hint::black_box(&v);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("0");
    println!("{hwm}");
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        child(Path::new(&args[1]));
        return;
    }
    if args.is_empty() {
        eprintln!("usage: bench_validate DIR... (folders written by gen_catalog)");
        std::process::exit(2);
    }
    println!(
        "cores: {}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "| catalog | MB | floor seq | floor par | load | resolve | check | eventctl validate | /seq | /par | peak RSS |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for dir in args.iter().map(PathBuf::from) {
        let files = yaml_files(&dir);
        let bytes: u64 = files
            .iter()
            .filter_map(|f| f.metadata().ok())
            .map(|m| m.len())
            .sum();
        let runs = if bytes > 100_000_000 { 1 } else { 3 };
        let seq = best(runs, || {
            files
                .iter()
                .for_each(|f| drop(std::hint::black_box(parse(f))))
        });
        let par = best(runs, || {
            files
                .par_iter()
                .for_each(|f| drop(std::hint::black_box(parse(f))))
        });
        let load = best(runs, || eventctl::load::load(&dir).expect("loads"));
        let loaded = eventctl::load::load(&dir).expect("loads");
        let resolve = best(runs, || eventctl::resolve::resolve(&loaded));
        let (catalog, _) = eventctl::resolve::resolve(&loaded);
        let check = best(runs, || eventctl::check::run(&catalog));
        let cli = eventctl_binary();
        let total = best(runs, || {
            let out = std::process::Command::new(&cli)
                .arg("validate")
                .arg(&dir)
                .output()
                .expect("eventctl runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        });
        let rss = peak_rss_kb(&dir).map_or("?".into(), |kb| format!("{} MB", kb / 1024));
        let s = |d: Duration| format!("{:.2} s", d.as_secs_f64());
        println!(
            "| {} | {:.1} | {} | {} | {} | {} | {} | {} | {:.2}× | {:.2}× | {rss} |",
            dir.display(),
            bytes as f64 / 1e6,
            s(seq),
            s(par),
            s(load),
            s(resolve),
            s(check),
            s(total),
            total.as_secs_f64() / seq.as_secs_f64(),
            total.as_secs_f64() / par.as_secs_f64(),
        );
    }
}
