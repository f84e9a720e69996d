//! Replay verdicts on small logs: illegal events stay out of projections, rows that end with a
//! null they may not hold, repeated events, upcasts whose result breaks the latest schema, and
//! logs cut by retention.

use crate::support::{TempDir, eventctl};
use serde_json::{Value, json};

const SHOP: &str = "catalog-examples/shop";

/// One shop envelope for order `o`; `n` is its `aggregate_version` and second.
fn env(id: &str, event: &str, aggregate: &str, o: &str, n: u64, data: Value) -> String {
    json!({
        "event_id": id, "event_type": event, "event_version": 1,
        "aggregate_id": o, "aggregate_type": aggregate, "aggregate_version": n,
        "occurred_at": format!("2026-01-01T00:00:{n:02}Z"), "correlation_id": o,
        "data": data,
    })
    .to_string()
}

fn placed(id: &str, o: &str) -> String {
    let data = json!({"order_id": o, "customer_id": "c", "total_amount": 5,
        "items": [{"product_id": "p", "quantity": 1, "price": 5}]});
    env(id, "OrderPlaced", "Order", o, 1, data)
}

fn replay(catalog: &str, lines: &[String], extra: &[&str]) -> (Value, Vec<Value>) {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = TempDir::new(&format!("replay-verdicts-{run}"));
    let log = dir.write("log.ndjson", lines.join("\n") + "\n");
    let rows = dir.0.join("rows.jsonl");
    let mut args = vec![
        "replay",
        catalog,
        log.to_str().unwrap(),
        "--format",
        "json",
        "--projection",
        "OrderView",
        "--out",
        rows.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = eventctl(&args);
    let report: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let rows = std::fs::read_to_string(&rows)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["row"].clone())
        .collect();
    (report, rows)
}

fn kinds(report: &Value) -> Vec<(u64, String)> {
    crate::support::replay_findings(report)
}

fn at(line: u64, kind: &str) -> (u64, String) {
    (line, kind.to_string())
}

#[test]
fn an_illegal_event_is_reported_and_left_out_of_projections() {
    let o = "o-1";
    let lines = [
        placed("e-1", o),
        env(
            "e-2",
            "OrderConfirmed",
            "Order",
            o,
            2,
            json!({"order_id": o}),
        ),
    ];
    let (report, rows) = replay(SHOP, &lines, &[]);
    assert_eq!(kinds(&report), [at(2, "illegal-transition")]);
    assert_eq!(report["skipped"], 1);
    assert_eq!(
        rows[0]["status"], "pending",
        "the illegal confirmation is not applied"
    );
}

#[test]
fn a_row_recreated_after_its_delete_ends_with_nulls_and_the_shop_view_does_not() {
    let o = "o-2";
    let lines = [
        placed("e-1", o),
        env(
            "e-2",
            "OrderCancelled",
            "Order",
            o,
            2,
            json!({"order_id": o}),
        ),
        env(
            "e-3",
            "InventoryReleased",
            "Stock",
            o,
            1,
            json!({"order_id": o}),
        ),
    ];
    let flawed = crate::support::fixture("replay/order-view-flawed");
    let (report, _) = replay(flawed.to_str().unwrap(), &lines, &[]);
    assert_eq!(kinds(&report), [at(3, "projection-null")]);
    assert_eq!(
        report["findings"][0]["message"],
        "`OrderView` row `o-2` ends with `total_amount`, `currency` null, which is not nullable; line 3 created the row without setting it"
    );
    let (report, rows) = replay(SHOP, &lines, &[]);
    assert_eq!(kinds(&report), []);
    assert_eq!(rows[0]["status"], "cancelled");
    assert_eq!(rows[0]["stock"], "released");
}

#[test]
fn a_repeated_event_is_a_duplicate_not_a_gap_or_an_illegal_transition() {
    let o = "o-3";
    let lines = [placed("e-1", o), placed("e-1", o)];
    let (report, rows) = replay(SHOP, &lines, &[]);
    assert_eq!(kinds(&report), [at(2, "duplicate-event")]);
    assert_eq!(rows.len(), 1);
}

#[test]
fn an_upcast_that_overflows_to_null_is_caught_with_validate_payloads() {
    let o = "o-4";
    let data = json!({"order_id": o, "customer_id": "c", "total_amount": 5,
        "items": [{"product_id": "p", "quantity": 10, "price": 1e308}]});
    let lines = [env("e-1", "OrderPlaced", "Order", o, 1, data)];
    let (report, _) = replay(SHOP, &lines, &["--validate-payloads"]);
    assert_eq!(kinds(&report), [at(1, "upcast-result-invalid")]);
    let message = report["findings"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("/order_items/0/line_total: null"),
        "{message}"
    );
    let (report, _) = replay(SHOP, &lines, &[]);
    assert_eq!(kinds(&report), [], "without --validate-payloads");
}

#[test]
fn a_log_cut_by_retention_differs_only_in_its_first_events_with_partial() {
    let lines = [
        placed("e-1", "o-5"),
        env(
            "e-2",
            "OrderPaymentRequested",
            "Order",
            "o-5",
            2,
            json!({"order_id": "o-5", "total_amount": 5, "currency": "USD"}),
        ),
        env(
            "e-3",
            "InventoryCommitted",
            "Stock",
            "o-5",
            3,
            json!({"order_id": "o-5"}),
        ),
        env(
            "e-4",
            "InventoryReleased",
            "Stock",
            "o-5",
            4,
            json!({"order_id": "o-5"}),
        ),
        placed("e-5", "o-6"),
        env(
            "e-6",
            "OrderConfirmed",
            "Order",
            "o-6",
            2,
            json!({"order_id": "o-6"}),
        ),
    ];
    let (whole, whole_rows) = replay(SHOP, &lines, &[]);
    let (partial, partial_rows) = replay(SHOP, &lines, &["--partial"]);
    assert_eq!(
        kinds(&whole),
        [
            at(3, "illegal-transition"),
            at(4, "illegal-transition"),
            at(6, "illegal-transition")
        ]
    );
    assert_eq!(
        kinds(&partial),
        [at(4, "illegal-transition"), at(6, "illegal-transition")],
        "from the cut stream's first event on, and in whole streams, legality is checked"
    );
    assert_eq!(
        whole_rows[0]["stock"],
        Value::Null,
        "illegal events stay out"
    );
    assert_eq!(partial_rows[0]["stock"], "committed");
}
