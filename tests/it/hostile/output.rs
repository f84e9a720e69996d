//! Write errors are errors: a report that cannot be written exits 2 and says why; a reader
//! that stops early (`| head`) ends the output quietly.

use crate::support::root;
use std::process::{Command, Stdio};

const SHOP: &str = "catalog-examples/shop";

fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_eventctl"));
    c.args(args).current_dir(root());
    c
}

/// Every command that writes a report to stdout, and one that writes it to stderr.
const REPORTS: &[&[&str]] = &[
    &["validate", SHOP, "--format", "sarif"],
    &["validate", SHOP, "--format", "json"],
    &["rules"],
    &["schema"],
    &["simulate", SHOP],
    &["simulate", SHOP, "--explore"],
    &["diagram", SHOP, "--kind", "context-map"],
    &[
        "replay",
        SHOP,
        "tests/fixtures/replay/shop.ndjson",
        "--format",
        "json",
    ],
];

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error() {
    for args in REPORTS {
        let full = std::fs::File::create("/dev/full").expect("/dev/full");
        let out = command(args).stdout(full).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output"),
            "{args:?}: {stderr}"
        );
    }
    let full = std::fs::File::create("/dev/full").expect("/dev/full");
    let out = command(&["validate", SHOP])
        .stderr(full)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(2),
        "a human report on a full stderr"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    for args in REPORTS {
        let mut child = command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("ends");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("error"), "{args:?}: {stderr}");
        assert_ne!(out.status.code(), Some(2), "{args:?}: {stderr}");
    }
}
