//! The synthetic catalogs of the benchmark validate clean, split over files or in one.

use crate::support::{TempDir, human, validate};
use std::path::PathBuf;

fn generator() -> PathBuf {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_eventctl"));
    let dir = bin.parent().expect("target dir").join("examples");
    dir.join(format!("gen_catalog{}", std::env::consts::EXE_SUFFIX))
}

fn generate(events: &str, extra: &[&str], name: &str) -> TempDir {
    let dir = TempDir::new(name);
    let out = std::process::Command::new(generator())
        .args(["--events", events, "--out"])
        .arg(&dir.0)
        .args(extra)
        .output()
        .expect("gen_catalog runs (cargo test builds examples)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

#[test]
fn synthetic_catalog_validates_clean() {
    let dir = generate("300", &[], "synthetic-split");
    let v = validate(&dir.0);
    assert!(v.diagnostics.is_empty(), "{}", human(&v));
    let cat = v.catalog.expect("model");
    assert_eq!(cat.events.len(), 300);
    assert!(cat.events.iter().all(|e| e.versions.len() == 3));
    assert_eq!(cat.contexts.len(), 3);
}

#[test]
fn synthetic_catalog_in_one_file_validates_clean() {
    let dir = generate("120", &["--single-file"], "synthetic-single");
    let v = validate(&dir.0);
    assert!(v.diagnostics.is_empty(), "{}", human(&v));
    assert_eq!(v.sources.len(), 1);
}

#[test]
fn generator_refuses_bad_arguments() {
    let out = std::process::Command::new(generator())
        .args(["--events", "ten"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}
