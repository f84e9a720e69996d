//! `eventctl replay`: generated logs with deliberate violations, the shop's OrderView rebuilt
//! against a hand-computed expectation, and broken, hostile and huge logs.

use crate::support::{TempDir, eventctl, fixture, root};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SHOP: &str = "catalog-examples/shop";

pub(crate) fn generator() -> PathBuf {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_eventctl"));
    let dir = bin.parent().expect("target dir").join("examples");
    dir.join(format!("gen_events{}", std::env::consts::EXE_SUFFIX))
}

/// Writes a generated log with violations; returns it and the (line, kind, validate_only) list.
fn generated(dir: &TempDir, events: &str) -> (PathBuf, Vec<(u64, String, bool)>) {
    let log = dir.0.join("events.ndjson");
    let out = Command::new(generator())
        .args(["--events", events, "--violations", "--out"])
        .arg(&log)
        .output()
        .expect("gen_events runs (cargo test builds examples)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected: Vec<Value> = serde_json::from_slice(&out.stdout).expect("a JSON list");
    let expected = expected
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["kind"].as_str().unwrap().to_string(),
                e["validate_only"].as_bool().unwrap(),
            )
        })
        .collect();
    (log, expected)
}

fn json_report(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn found(report: &Value) -> Vec<(u64, String)> {
    let mut out = crate::support::replay_findings(report);
    out.sort();
    out
}

fn replay_file(log: &Path, extra: &[&str]) -> Output {
    let log = log.to_str().unwrap();
    let mut args = vec!["replay", SHOP, log];
    args.extend_from_slice(extra);
    eventctl(&args)
}

#[test]
fn every_deliberate_violation_is_caught_at_its_line() {
    let dir = TempDir::new("replay-violations");
    let (log, expected) = generated(&dir, "3000");
    assert_eq!(expected.len(), 17);

    let out = replay_file(&log, &["--format", "json", "--validate-payloads"]);
    assert_eq!(out.status.code(), Some(1));
    let mut want: Vec<(u64, String)> = expected.iter().map(|(l, k, _)| (*l, k.clone())).collect();
    want.sort();
    assert_eq!(found(&json_report(&out)), want);

    let out = replay_file(&log, &["--format", "json"]);
    let mut want: Vec<(u64, String)> = expected
        .iter()
        .filter(|(_, _, only)| !only)
        .map(|(l, k, _)| (*l, k.clone()))
        .collect();
    want.sort();
    let report = json_report(&out);
    assert_eq!(found(&report), want);
    assert_eq!(
        report["events"],
        3000 + 14,
        "the extra envelopes of known events count"
    );
}

#[test]
fn findings_read_well() {
    let dir = TempDir::new("replay-human");
    let (log, _) = generated(&dir, "1500");
    let out = replay_file(&log, &["--validate-payloads"]);
    let stderr =
        String::from_utf8_lossy(&out.stderr).replace(log.to_str().unwrap(), "events.ndjson");
    let findings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error[") || l.contains(" findings: "))
        .collect();
    insta::assert_snapshot!("replay-findings", findings.join("\n"));
}

#[test]
fn a_clean_generated_log_has_no_findings() {
    let dir = TempDir::new("replay-clean");
    let log = dir.0.join("clean.ndjson");
    let out = Command::new(generator())
        .args(["--events", "5000", "--out"])
        .arg(&log)
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = replay_file(&log, &["--format", "json", "--validate-payloads"]);
    let report = json_report(&out);
    assert_eq!(report["total_findings"], 0, "{report:#}");
    assert_eq!(report["events"], 5000);
    assert_eq!(out.status.code(), Some(0));
}

fn rows(text: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(text)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

#[test]
fn order_view_is_rebuilt_as_computed_by_hand() {
    let log = fixture("replay/shop.ndjson");
    let out = replay_file(&log, &["--projection", "OrderView", "--validate-payloads"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("no findings"), "{stderr}");
    let want = std::fs::read(fixture("replay/shop.order_view.jsonl")).unwrap();
    assert_eq!(rows(&out.stdout), rows(&want));
}

#[test]
fn projections_go_to_out_atomically_and_the_json_report_to_stdout() {
    let dir = TempDir::new("replay-out");
    let target = dir.0.join("view.jsonl");
    let log = fixture("replay/shop.ndjson");
    let out = replay_file(
        &log,
        &[
            "--projection",
            "OrderView",
            "--format",
            "json",
            "--out",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let report = json_report(&out);
    assert_eq!(report["projections"][0]["rows"], 4);
    let want = std::fs::read(fixture("replay/shop.order_view.jsonl")).unwrap();
    assert_eq!(rows(&std::fs::read(&target).unwrap()), rows(&want));
    assert_eq!(
        std::fs::read_dir(&dir.0).unwrap().count(),
        1,
        "no temporary file is left"
    );
}

#[test]
fn reads_stdin() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eventctl"))
        .args([
            "replay",
            SHOP,
            "-",
            "--projection",
            "OrderView",
            "--format",
            "json",
            "--out",
        ])
        .arg(std::env::temp_dir().join(format!("eventctl-stdin-{}.jsonl", std::process::id())))
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let log = std::fs::read(fixture("replay/shop.ndjson")).unwrap();
    child.stdin.take().unwrap().write_all(&log).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json_report(&out)["events"], 21);
}

fn envelope(id: &str, data: &str) -> String {
    format!(
        r#"{{"event_id":"{id}","event_type":"InventoryReservationFailed","event_version":1,"aggregate_id":"{id}","aggregate_type":"Stock","occurred_at":"2025-01-01T00:00:00Z","correlation_id":"c","data":{data}}}"#
    )
}

#[test]
fn broken_and_hostile_lines_are_reported_and_the_replay_goes_on() {
    let dir = TempDir::new("replay-hostile");
    let deep = format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    let mut log = Vec::new();
    for line in [
        "not json".to_string(),
        "[]".into(),
        "null".into(),
        deep,
        format!(
            r#"{{"data":{}{}}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
        r#"{"event_type": {"nested": true}}"#.into(),
        envelope("a-1", r#"{"order_id":"a-1","reason":"r"}"#),
    ] {
        log.extend_from_slice(line.as_bytes());
        log.push(b'\n');
    }
    log.extend_from_slice(b"\x00\x01\x02\xff\xfe binary\n");
    log.extend_from_slice(b"\n   \n");
    log.extend_from_slice(envelope("a-2", r#"{"order_id":"a-2","reason":"r"}"#).as_bytes());
    let path = dir.write("hostile.ndjson", &log);
    let out = replay_file(&path, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report = json_report(&out);
    let kinds: Vec<(u64, String)> = found(&report);
    let want: Vec<(u64, String)> = [
        (1, "malformed-line"),
        (2, "malformed-line"),
        (3, "malformed-line"),
        (4, "missing-correlation"),
        (4, "missing-field"),
        (5, "malformed-line"),
        (6, "malformed-line"),
        (8, "invalid-utf8"),
    ]
    .iter()
    .map(|(l, k)| (*l, k.to_string()))
    .collect();
    assert_eq!(kinds, want, "{report:#}");
    assert_eq!(
        report["events"], 2,
        "the unterminated last line parses and counts"
    );
    let deep = &report["findings"][5]["message"];
    assert!(deep.as_str().unwrap().contains("recursion limit"), "{deep}");
}

#[test]
fn huge_lines_are_read_up_to_the_bound_and_skipped_beyond_it() {
    let dir = TempDir::new("replay-huge");
    let ten_mb = envelope(
        "big-1",
        &format!(
            r#"{{"order_id":"big-1","reason":"{}"}}"#,
            "x".repeat(10 << 20)
        ),
    );
    let twenty_mb = "y".repeat(20 << 20);
    let log = format!(
        "{ten_mb}\n{twenty_mb}\n{}\n",
        envelope("ok-1", r#"{"order_id":"ok-1","reason":"r"}"#)
    );
    let path = dir.write("huge.ndjson", log);
    let out = replay_file(&path, &["--format", "json", "--validate-payloads"]);
    let report = json_report(&out);
    assert_eq!(report["events"], 2);
    let f = &report["findings"];
    assert_eq!(
        f.as_array().unwrap().len(),
        1,
        "the 10 MB line is valid: {report:#}"
    );
    assert_eq!(f[0]["line"], 2);
    assert_eq!(f[0]["kind"], "line-too-long");
}

#[test]
fn fail_fast_stops_at_the_first_finding() {
    let dir = TempDir::new("replay-fail-fast");
    let (log, expected) = generated(&dir, "1500");
    let out = replay_file(&log, &["--format", "json", "--fail-fast"]);
    assert_eq!(out.status.code(), Some(1));
    let report = json_report(&out);
    assert_eq!(report["stopped"], true);
    assert_eq!(report["total_findings"], 1);
    assert_eq!(report["lines"], expected[0].0);
}

#[test]
fn usage_errors_exit_2_with_what_to_do() {
    let log = fixture("replay/shop.ndjson");
    let log = log.to_str().unwrap();
    for (args, says) in [
        (
            vec!["replay", SHOP, log, "--projection", "OrderVeiw"],
            "did you mean `OrderView`",
        ),
        (
            vec!["replay", SHOP, "missing.ndjson"],
            "cannot read `missing.ndjson`",
        ),
        (vec!["replay", SHOP, "tests"], "is a folder"),
        (
            vec![
                "replay",
                SHOP,
                log,
                "--projection",
                "OrderView",
                "--format",
                "json",
            ],
            "give --out FILE",
        ),
        (
            vec!["replay", "tests/fixtures/rules/yaml-syntax", log],
            "fix them before replaying",
        ),
    ] {
        let out = eventctl(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

#[test]
fn every_finding_kind_is_documented() {
    let docs = std::fs::read_to_string(root().join("docs/replay.md")).expect("docs/replay.md");
    for kind in eventctl::replay::Kind::ALL {
        assert!(
            docs.contains(&format!("| `{}` |", kind.id())),
            "docs/replay.md does not describe `{}`",
            kind.id()
        );
        assert!(!kind.purpose().is_empty());
    }
}
