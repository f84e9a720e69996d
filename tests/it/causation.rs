//! One causation convention for `simulate` and `replay`: an event's `causation_id` names the
//! command that recorded it or an earlier event; naming itself or a later event is a finding.

use crate::support::{TempDir, eventctl};
use serde_json::{Value, json};

const SHOP: &str = "catalog-examples/shop";

fn aggregate_of(event: &str) -> &'static str {
    match event.split('.').next_back().unwrap() {
        "OrderPlaced" | "OrderPaymentRequested" | "OrderConfirmed" | "OrderCompleted" => "Order",
        "InventoryReserved" | "InventoryCommitted" => "Stock",
        "PaymentProcessed" | "PaymentSettled" => "Payment",
        "OrderShipped" => "Shipment",
        other => panic!("no aggregate for {other}"),
    }
}

fn line(id: &str, event: &str, cause: Option<&str>, n: usize) -> String {
    json!({
        "event_id": id, "event_type": event, "event_version": 1,
        "aggregate_id": "o-1", "aggregate_type": aggregate_of(event),
        "occurred_at": format!("2026-01-01T00:00:{n:02}Z"),
        "correlation_id": "o-1", "causation_id": cause,
    })
    .to_string()
}

fn findings(log: &str, extra: &[&str]) -> Vec<(u64, String)> {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = TempDir::new(&format!("causation-{run}"));
    let path = dir.write("log.ndjson", log);
    let mut args = vec!["replay", SHOP, path.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let out = eventctl(&args);
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    crate::support::replay_findings(&report)
}

/// The events of the shop's happy path as the simulator records them: each caused by the
/// command that recorded it, whose id no event log holds.
fn simulated_log() -> String {
    let out = eventctl(&[
        "simulate",
        SHOP,
        "--scenario",
        "happy_path",
        "--format",
        "json",
    ]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = doc["scenarios"][0]["trace"]["rows"].as_array().unwrap();
    let mut log = String::new();
    for (n, row) in rows.iter().filter(|r| r["kind"] == "event").enumerate() {
        let cause = row["causation"].as_str();
        if let Some(cause) = cause {
            let by = rows.iter().find(|r| r["id"] == cause).expect("its cause");
            assert_eq!(by["kind"], "command", "an event is caused by its command");
        }
        let event = row["message"].as_str().unwrap();
        log.push_str(&line(row["id"].as_str().unwrap(), event, cause, n));
        log.push('\n');
    }
    log
}

#[test]
fn a_log_that_follows_the_simulators_convention_replays_clean() {
    let log = simulated_log();
    assert_eq!(log.lines().count(), 9);
    assert_eq!(findings(&log, &[]), []);
    let strict = findings(&log, &["--causation", "events"]);
    let expected: Vec<(u64, String)> = (2..=9).map(|n| (n, "unknown-causation".into())).collect();
    assert_eq!(
        strict, expected,
        "--causation events keeps the strict check"
    );
}

#[test]
fn a_cause_recorded_after_its_effect_or_naming_itself_is_a_finding() {
    let log = [
        line("e-1", "OrderPlaced", None, 1),
        line("e-3", "OrderPaymentRequested", Some("e-2"), 2),
        line("e-2", "InventoryReserved", Some("e-1"), 3),
        line("e-4", "PaymentProcessed", Some("e-4"), 4),
        line("e-5", "OrderConfirmed", Some("cmd-confirm"), 5),
        line("e-6", "PaymentSettled", Some("e-4"), 6),
    ]
    .join("\n");
    let expected = vec![
        (2, "causation-after-effect".to_string()),
        (4, "causation-after-effect".to_string()),
    ];
    assert_eq!(findings(&log, &[]), expected);
    let dir = TempDir::new("causation-human");
    let path = dir.write("log.ndjson", &log);
    let out = eventctl(&["replay", SHOP, path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        text.contains("`causation_id` `e-2` names the event of line 3, which comes after this one"),
        "{text}"
    );
    assert!(
        text.contains("`causation_id` `e-4` names the event itself"),
        "{text}"
    );
}
