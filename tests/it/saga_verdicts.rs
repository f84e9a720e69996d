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
