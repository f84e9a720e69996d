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
