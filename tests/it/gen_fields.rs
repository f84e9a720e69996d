//! Aggregate fields in generated code: the shop's `Stock` and `Payment` hold what their events
//! set, as the catalog's `apply` expressions say.

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
