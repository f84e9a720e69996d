//! Generated code that runs the model: the shop's `Stock` and `Payment` hold what their events
//! set, as the catalog's `apply` expressions say, and the shop's specs hold for the decisions a
//! team would write, and fail without them.

use crate::generate::cargo_output;
use std::path::Path;

/// The shop's specs that expect events; the generated decisions refuse every command.
const DECIDED_SPECS: [&str; 4] = [
    "reserving_holds_the_units",
    "committing_takes_the_reserved_units",
    "a_large_charge_is_declined",
    "a_refund_gives_back_what_was_charged",
];

/// Shows that the generated shop crate's spec tests fail on the generated decisions, naming
/// exactly the specs that need one, then writes the hand-written decisions they hold for.
pub(crate) fn decide_shop(shop: &Path) {
    let out = cargo_output(shop, &["test", "--quiet", "--test", "specs"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success(),
        "specs pass without decisions:\n{text}"
    );
    for spec in DECIDED_SPECS {
        assert!(
            text.contains(&format!("---- {spec} stdout ----")),
            "{spec} did not fail:\n{text}"
        );
    }
    assert!(text.contains("4 failed"), "{text}");
    let fixtures = crate::support::fixture("gen/shop-decisions");
    for context in ["inventory", "payment"] {
        std::fs::copy(
            fixtures.join(format!("{context}.rs")),
            shop.join(format!("src/{context}/decisions.rs")),
        )
        .expect("decisions");
    }
}

/// A test file for the generated plain shop crate.
pub(crate) const AGGREGATE_FIELDS: &str = r#"//! The shop's Stock and Payment hold the business data their events set.
use serde_json::json;
use shop::inventory::*;
use shop::payment::*;

fn stock_event(value: serde_json::Value) -> StockEvent {
    serde_json::from_value(value).expect("a stock event")
}

#[test]
fn stock_counts_reserved_units_then_moves_them_to_committed() {
    let mut stock = Stock::default();
    stock.apply(&stock_event(json!({"event_type": "InventoryReserved", "data": {
        "order_id": "o-1", "reservation_id": "3f2b1c9e-8d4a-4e5b-9c6d-7a8b9c0d1e2f",
        "items": [{"product_id": "p-1", "quantity": 2}, {"product_id": "p-2", "quantity": 3}]}})));
    assert_eq!(stock.state, StockState::Reserved);
    assert_eq!((stock.reserved.len(), stock.reserved_units, stock.committed_units), (2, 5, 0));
    stock.apply(&stock_event(json!({"event_type": "InventoryCommitted", "data": {"order_id": "o-1"}})));
    assert_eq!((stock.reserved.len(), stock.reserved_units, stock.committed_units), (0, 0, 5));
    assert_eq!((stock.state, stock.version), (StockState::Committed, 2));
}

#[test]
fn a_release_gives_the_units_back() {
    let mut stock = Stock::default();
    stock.apply(&stock_event(json!({"event_type": "InventoryReserved", "data": {
        "order_id": "o-1", "reservation_id": "3f2b1c9e-8d4a-4e5b-9c6d-7a8b9c0d1e2f",
        "items": [{"product_id": "p-1", "quantity": 4}]}})));
    stock.apply(&stock_event(json!({"event_type": "InventoryReleased", "data": {"order_id": "o-1"}})));
    assert_eq!((stock.reserved_units, stock.committed_units, stock.state), (0, 0, StockState::Released));
}

#[test]
fn payment_holds_its_amounts_to_the_cent() {
    let mut payment = Payment::default();
    let processed: PaymentEvent = serde_json::from_value(json!({"event_type": "PaymentProcessed",
        "data": {"order_id": "o-1", "payment_id": "pay-1", "amount": 1234567.89}})).expect("event");
    payment.apply(&processed);
    assert_eq!(payment.amount.to_string(), "1234567.89");
    assert!(payment.refunded.is_zero());
    let refunded: PaymentEvent = serde_json::from_value(json!({"event_type": "PaymentRefunded",
        "data": {"order_id": "o-1", "amount": 0.1}})).expect("event");
    payment.apply(&refunded);
    assert_eq!((payment.amount.to_string(), payment.refunded.to_string()), ("1234567.89".into(), "0.1".into()));
    let stored = serde_json::to_value(&payment).expect("json");
    assert_eq!(stored["amount"], json!(1234567.89));
    assert_eq!(serde_json::from_value::<Payment>(stored).expect("back"), payment);
}

#[test]
fn decisions_see_the_fields() {
    let payment = Payment { amount: "10.01".parse().expect("decimal"), ..Default::default() };
    let owed = |p: &Payment| p.amount - p.refunded;
    assert_eq!(owed(&payment).to_string(), "10.01");
}
"#;
