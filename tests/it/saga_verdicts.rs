//! Saga verdicts an event-sourcing engineer agrees with: each flaw has a fixture whose shortest
//! counterexample is asserted exactly, and a near miss that explores clean.

use crate::simulate::{broken, exploration, rendered};
use crate::support::fixture;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_duplicate_that_records_its_event_twice_is_not_idempotent() {
    let x = exploration(&fixture("sim/double-points"), "fail,timeout,duplicate");
    assert_eq!(
        broken(&x),
        pairs(&[("idempotent", "Loyalty.PointsAwarded")])
    );
    insta::assert_snapshot!("sim-double-points", rendered(&x));
    let near = exploration(&fixture("sim/double-points-near-miss"), "all");
    assert_eq!(broken(&near), pairs(&[]));
}

/// A compensation accepted as a no-op records nothing for what never happened. While the
/// command it undoes cannot arrive late it is safe; once a redelivered reservation can overtake
/// its release, the reservation is never undone.
#[test]
fn a_no_op_compensation_records_nothing_and_is_unsafe_when_the_original_can_arrive_late() {
    let safe = exploration(&fixture("sim/shop-noop"), "fail,timeout,reorder");
    assert_eq!(broken(&safe), pairs(&[]));
    let x = exploration(&fixture("sim/shop-noop"), "all");
    let first = &x.counterexamples[0];
    assert_eq!(
        (
            first.violation.invariant.id(),
            first.violation.subject.as_str()
        ),
        ("compensated", "Inventory.ReserveInventory")
    );
    let rows: Vec<(&str, &str)> = first
        .trace
        .rows
        .iter()
        .map(|r| (r.message.as_str(), r.outcome.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("Order.OrderPlaced", "started"),
            (
                "Inventory.ReserveInventory",
                "timeout (never ran), delivered twice"
            ),
            (
                "Inventory.InventoryReservationFailed",
                "assumed after a timeout"
            ),
            ("Order.CancelOrder", "ok"),
            ("Order.OrderCancelled", "delivered"),
            ("Inventory.ReleaseInventory", "no-op"),
            ("Inventory.ReserveInventory", "duplicate, ok"),
        ]
    );
    assert!(
        first.trace.rows[5].recorded.is_empty(),
        "a no-op records nothing"
    );
}

fn outcomes(c: &eventctl::sim::Counterexample) -> Vec<(String, String)> {
    c.trace
        .rows
        .iter()
        .map(|r| (r.message.clone(), r.outcome.clone()))
        .collect()
}

/// A charge nothing refunds, then a reservation that can fail: the checkout aborts with the
/// customer charged. Reserving first and charging last, as the declared pivot, is clean, and
/// failing the order on abort is bookkeeping on the saga's own record.
#[test]
fn a_step_nothing_undoes_before_one_that_can_fail_is_reported() {
    let x = exploration(&fixture("rules/irreversible-step"), "fail,timeout");
    assert_eq!(broken(&x), pairs(&[("compensated", "Payment.ChargeCard")]));
    assert_eq!(
        x.counterexamples[0].violation.message,
        "`Checkout` aborted, but `Payment.ChargeCard` succeeded and nothing undoes it: it has no compensation"
    );
    assert_eq!(
        outcomes(&x.counterexamples[0]),
        pairs(&[
            ("Sales.OrderPlaced", "started"),
            ("Payment.ChargeCard", "ok"),
            ("Payment.CardCharged", "delivered"),
            ("Warehouse.ReserveStock", "fail"),
            ("Warehouse.StockReservationFailed", "delivered"),
            ("Sales.FailOrder", "ok"),
            ("Sales.OrderFailed", "delivered"),
        ])
    );
    let near = exploration(&fixture("near-miss/irreversible-step"), "all");
    assert_eq!(broken(&near), pairs(&[]));
}

/// A pivot is deliberate, but the steps after it must not fail.
#[test]
fn a_step_after_the_pivot_that_can_fail_is_reported_in_both_places() {
    let text = std::fs::read_to_string(fixture("rules/irreversible-step/catalog.yaml")).unwrap();
    let text = text.replace(
        "      - command: Payment.ChargeCard\n",
        "      - command: Payment.ChargeCard\n        pivot: true\n",
    );
    let dir = crate::support::TempDir::new("pivot-first");
    dir.write("catalog.yaml", text);
    let v = crate::support::validate(&dir.0);
    let messages: Vec<&str> = v.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`Warehouse.ReserveStock` follows the pivot `Payment.ChargeCard` of saga `Checkout` and can fail"
        ]
    );
    let x = exploration(&dir.0, "fail,timeout");
    assert_eq!(
        x.counterexamples[0].violation.message,
        "`Checkout` aborted after its pivot `Payment.ChargeCard` succeeded: a step after the pivot failed, and nothing undoes the pivot"
    );
}

/// A saga starts its aggregate where the start event can be recorded, reached from `initial`
/// by the shortest path; with no such state, `validate` refuses the saga.
#[test]
fn a_saga_starts_where_its_start_event_can_happen() {
    let x = exploration(&fixture("sim/late-start"), "fail,timeout");
    assert_eq!(broken(&x), pairs(&[]));
    let v = crate::support::validate(&fixture("sim/late-start"));
    let cat = v.catalog.as_ref().unwrap();
    let (trace, _, _) = eventctl::sim::run_forced(
        &eventctl::sim::SagaPlan::new(cat, eventctl::model::SagaId::new(0)).unwrap(),
        "l-1",
        |_, _| (eventctl::sim::Outcome::Ok, false),
    );
    let first = &trace.rows[0];
    assert_eq!(first.outcome, "started, after ApproveLoan");
    assert_eq!(
        (first.before.as_deref(), first.after.as_deref()),
        (Some("active"), Some("returned"))
    );
    let text = std::fs::read_to_string(fixture("sim/late-start/catalog.yaml")).unwrap();
    let text = text.replace(
        "            from: [active]\n",
        "            from: [returned]\n",
    );
    let dir = crate::support::TempDir::new("late-start-never");
    dir.write("catalog.yaml", text);
    let v = crate::support::validate(&dir.0);
    let messages: Vec<&str> = v
        .diagnostics
        .iter()
        .filter(|d| d.rule == "saga-shape")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        messages,
        ["saga `Restock` starts on `Lending.BookReturned`, which its aggregate never records"]
    );
}

/// Every explored run feeds its recorded events through the projections keyed by the saga's
/// correlation. The shop's first `OrderView` deleted a cancelled order, which a later release
/// recreated with nothing but a status, and let events of other aggregates overwrite the status
/// in whatever order they came; today's `OrderView` keeps its status on the Order alone.
#[test]
fn projections_are_simulated_and_must_not_depend_on_delivery_order() {
    let x = exploration(&fixture("replay/order-view-flawed"), "all");
    assert_eq!(
        broken(&x),
        pairs(&[
            ("projections", "OrderView"),
            ("projections", "OrderView order")
        ])
    );
    assert_eq!(
        x.counterexamples[0].violation.message,
        "`OrderView` row `orderfulfillment-1` ends with `total_amount`, `currency` null, which is not nullable"
    );
    let shop = exploration(&crate::support::root().join("catalog-examples/shop"), "all");
    assert_eq!(broken(&shop), pairs(&[]));
}

/// A scenario states the rows it must end with.
#[test]
fn a_scenario_checks_its_expected_rows() {
    let shop = crate::support::root().join("catalog-examples/shop/catalog.yaml");
    let text = std::fs::read_to_string(shop)
        .unwrap()
        .replace("o-1: {status: completed,", "o-1: {status: shipped,");
    let dir = crate::support::TempDir::new("scenario-rows");
    dir.write("catalog.yaml", text);
    std::fs::create_dir_all(dir.0.join("schemas")).unwrap();
    let schemas = crate::support::root().join("catalog-examples/shop/schemas");
    for f in std::fs::read_dir(schemas).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.0.join("schemas").join(f.file_name().unwrap())).unwrap();
    }
    let out = crate::support::eventctl(&[
        "simulate",
        dir.0.to_str().unwrap(),
        "--scenario",
        "happy_path",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            r#"expected `OrderView` row `o-1` to end with `status` "shipped"; it ended "completed""#
        ),
        "{text}"
    );
}

/// A failure declared `retry_possible` is retried up to the saga's `retries`: the explorer
/// tries the retry that succeeds, the one that fails for good, and the one where retries run
/// out; scenarios state an outcome per attempt.
#[test]
fn transient_failures_are_retried_until_the_retries_run_out() {
    let x = exploration(&fixture("sim/retries"), "fail,timeout");
    assert_eq!(broken(&x), pairs(&[]));
    assert_eq!(
        x.final_states, 7,
        "charged or declined after 1, 2 or 3 attempts, or given up"
    );
    let out = crate::support::eventctl(&["simulate", "tests/fixtures/sim/retries", "--all"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert_eq!(
        text.matches("fail, sent again → PaymentFailed").count(),
        3,
        "{text}"
    );
    assert!(text.contains("2 scenarios, 2 passed, 0 failed"), "{text}");
    let catalog = std::fs::read_to_string(fixture("sim/retries/catalog.yaml")).unwrap();
    let dir = crate::support::TempDir::new("retries-without-transient");
    dir.write(
        "catalog.yaml",
        catalog.replace("retry_possible: true", "retry_possible: false"),
    );
    let v = crate::support::validate(&dir.0);
    let messages: Vec<&str> = v.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "saga `Checkout` retries `Payment.ChargeCard`, which declares no failure that may not happen again"
        ]
    );
}
