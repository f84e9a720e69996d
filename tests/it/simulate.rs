//! `eventctl simulate`: scenarios of the examples, exploration of every failure path, and the
//! exact counterexamples of deliberately flawed sagas.

use crate::support::{TempDir, eventctl, fixture, root, validate};
use eventctl::model::SagaId;
use eventctl::sim::{Exploration, ExploreOptions, Faults, explore};
use std::path::Path;

pub(crate) fn exploration(path: &Path, faults: &str) -> Exploration {
    let v = validate(path);
    assert!(!v.has_errors(), "{}", crate::support::human(&v));
    let cat = v.catalog.as_ref().expect("catalog");
    let options = ExploreOptions {
        faults: Faults::parse(faults).unwrap(),
        ..ExploreOptions::default()
    };
    explore(cat, SagaId::new(0), &options).expect("a saga with a start")
}

pub(crate) fn broken(x: &Exploration) -> Vec<(String, String)> {
    x.counterexamples
        .iter()
        .map(|c| {
            (
                c.violation.invariant.id().to_string(),
                c.violation.subject.clone(),
            )
        })
        .collect()
}

pub(crate) fn rendered(x: &Exploration) -> String {
    let mut out = String::new();
    for c in &x.counterexamples {
        out.push_str(&format!(
            "violation[{}] (invariant {}): {}\n",
            c.violation.invariant.id(),
            c.violation.invariant.number(),
            c.violation.message
        ));
        out.push_str(&c.trace.table());
        out.push('\n');
    }
    out
}

#[test]
fn the_shop_keeps_every_invariant_under_failures_and_timeouts() {
    let x = exploration(&root().join("catalog-examples/shop"), "fail,timeout");
    assert_eq!(
        broken(&x),
        Vec::<(String, String)>::new(),
        "{}",
        rendered(&x)
    );
    assert!(x.complete);
    assert_eq!(x.paths, Some(10));
    for faults in [
        "fail,timeout,reorder",
        "fail,duplicate,reorder",
        "fail,duplicate",
    ] {
        let x = exploration(&root().join("catalog-examples/shop"), faults);
        assert!(x.counterexamples.is_empty(), "{faults}: {}", rendered(&x));
    }
}

#[test]
fn the_shop_keeps_every_invariant_under_every_fault() {
    let x = exploration(&root().join("catalog-examples/shop"), "all");
    assert!(x.counterexamples.is_empty(), "{}", rendered(&x));
    assert!(x.complete);
    assert!(x.paths.unwrap() > 1_000_000);
}

#[test]
fn travel_keeps_every_invariant_under_every_fault() {
    let x = exploration(&root().join("catalog-examples/travel"), "all");
    assert!(x.counterexamples.is_empty(), "{}", rendered(&x));
    assert!(x.paths.unwrap() > 100);
}

#[test]
fn the_seed_shop_loses_stock_and_payments_when_commands_time_out() {
    let x = exploration(&fixture("sim/shop-seed"), "fail,timeout");
    assert_eq!(
        broken(&x),
        [
            ("command-accepted", "Inventory.ReleaseInventory"),
            ("command-accepted", "Payment.RefundPayment"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let lengths: Vec<usize> = x
        .counterexamples
        .iter()
        .map(|c| c.trace.rows.len())
        .collect();
    assert_eq!(lengths, [3, 7], "shortest counterexamples");
    insta::assert_snapshot!("sim-shop-seed", rendered(&x));
}

#[test]
fn an_orchestration_whose_compensation_needs_the_booking_gets_stuck() {
    let x = exploration(&fixture("sim/travel-flawed"), "fail,timeout");
    assert_eq!(
        broken(&x),
        [
            ("ends-once", "stuck"),
            ("command-accepted", "Hotel.CancelRoom"),
            ("final-states", "Trip.Trip"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    insta::assert_snapshot!("sim-travel-flawed", rendered(&x));
}

#[test]
fn a_trigger_loop_is_reported_with_its_cycle() {
    let x = exploration(&fixture("sim/loop"), "fail,timeout");
    assert_eq!(broken(&x), [("terminates".to_string(), "loop".to_string())]);
    assert_eq!(x.paths, None);
    let steps: Vec<String> = x.counterexamples[0]
        .trace
        .rows
        .iter()
        .map(|r| format!("{} {}", r.kind, r.message))
        .collect();
    assert_eq!(
        steps,
        [
            "event Game.Served",
            "command Game.Bounce",
            "event Game.Bounced",
            "command Game.Bounce"
        ]
    );
}

#[test]
fn every_scenario_of_the_examples_passes() {
    for example in ["shop", "travel"] {
        let path = format!("catalog-examples/{example}");
        let out = eventctl(&["simulate", &path]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{stdout}");
        assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    }
}

#[test]
fn the_happy_path_trace_chains_causation_ids() {
    let out = eventctl(&[
        "simulate",
        "catalog-examples/shop",
        "--scenario",
        "happy_path",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = doc["scenarios"][0]["trace"]["rows"].as_array().unwrap();
    assert_eq!(rows[0]["message"], "Order.OrderPlaced");
    assert_eq!(rows[0]["causation"], serde_json::Value::Null);
    for pair in rows.windows(2) {
        assert_eq!(pair[1]["correlation"], "o-1");
        let cause = pair[1]["causation"].as_str().unwrap();
        assert!(
            rows.iter().any(|r| r["id"] == cause),
            "{cause} names an earlier message"
        );
    }
    assert_eq!(doc["scenarios"][0]["result"], "completed");
}

#[test]
fn a_failed_expectation_exits_1_and_says_what_differed() {
    let dir = TempDir::new("sim-expect");
    let shop = std::fs::read_to_string(root().join("catalog-examples/shop/catalog.yaml")).unwrap();
    let changed = shop.replacen(
        "      states: {Order.Order: cancelled, Inventory.Stock: unavailable}",
        "      states: {Order.Order: cancelled, Inventory.Stock: released}",
        1,
    );
    assert_ne!(shop, changed);
    dir.write("catalog.yaml", changed);
    std::fs::create_dir_all(dir.0.join("schemas")).unwrap();
    std::fs::copy(
        root().join("catalog-examples/shop/schemas/order_placed.v3.json"),
        dir.0.join("schemas/order_placed.v3.json"),
    )
    .unwrap();
    let out = eventctl(&[
        "simulate",
        dir.0.to_str().unwrap(),
        "--scenario",
        "inventory_unavailable",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("expected `Inventory.Stock` to end `released`; it ended `unavailable`"),
        "{stdout}"
    );
}

#[test]
fn explore_exits_1_on_a_violation_and_draws_it_in_mermaid() {
    let seed = fixture("sim/shop-seed");
    let out = eventctl(&[
        "simulate",
        seed.to_str().unwrap(),
        "--explore",
        "--format",
        "mermaid",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.matches("sequenceDiagram").count(), 2, "{text}");
    assert!(text.contains("p2--xsaga: rejected in idle"), "{text}");
    let out = eventctl(&[
        "simulate",
        "catalog-examples/shop",
        "--explore",
        "--faults",
        "all",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("states/s"), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    for (args, says) in [
        (
            vec![
                "simulate",
                "catalog-examples/shop",
                "--explore",
                "--saga",
                "OrderFulfilment",
            ],
            "did you mean `OrderFulfillment`",
        ),
        (
            vec![
                "simulate",
                "catalog-examples/shop",
                "--explore",
                "--faults",
                "fail,crash",
            ],
            "unknown fault class `crash`",
        ),
        (
            vec!["simulate", "catalog-examples/shop", "--scenario", "nope"],
            "no scenario `nope`",
        ),
        (
            vec![
                "simulate",
                "catalog-examples/shop",
                "--saga",
                "OrderFulfillment",
            ],
            "--explore",
        ),
        (
            vec!["simulate", "tests/fixtures/rules/yaml-syntax"],
            "fix them before simulating",
        ),
    ] {
        let out = eventctl(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}
