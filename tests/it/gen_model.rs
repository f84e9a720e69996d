//! Generated code that runs the model: the shop's `Stock` and `Payment` hold what their events
//! set, as the catalog's `apply` expressions say, and the shop's specs hold for the decisions a
//! team would write, and fail without them.

use crate::generate::cargo_output;
use crate::support::{TempDir, eventctl};
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

/// A test file for the generated cqrs-es shop crate: the saga as a cqrs-es `Query`, with its
/// handler's span carrying the envelope's ids.
pub(crate) const CQRS_SAGA: &str = r#"//! The order saga as a cqrs-es Query: a committed OrderPlaced sends ReserveInventory to the
//! bus, in a span carrying the event id, correlation id and causation id.
#![cfg(feature = "tracing")]
use cqrs_es::{EventEnvelope, Query};
use shop::cqrs::{CommandBus, SagaQuery};
use shop::saga::{self, Command, ManualClock};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};

#[derive(Clone, Default)]
struct Bus(Arc<Mutex<Vec<Command>>>);

impl CommandBus for Bus {
    fn send(&self, command: Command) {
        self.0.lock().unwrap().push(command);
    }
}

/// A span's name and fields.
type Opened = (String, Vec<(String, String)>);

/// Every span opened.
#[derive(Clone, Default)]
struct Spans(Arc<Mutex<Vec<Opened>>>);

struct Fields(Vec<(String, String)>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().into(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().into(), value.into()));
    }
}

impl tracing::Subscriber for Spans {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(Vec::new());
        span.record(&mut fields);
        let mut all = self.0.lock().unwrap();
        all.push((span.metadata().name().into(), fields.0));
        Id::from_u64(all.len() as u64)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn a_committed_event_reaches_the_bus_in_a_traced_span() {
    let spans = Spans::default();
    let _guard = tracing::subscriber::set_default(spans.clone());
    let bus = Bus::default();
    let query = SagaQuery::new(saga::order_fulfillment(), bus.clone(), ManualClock::default());
    let payload: shop::order::OrderEvent = serde_json::from_value(serde_json::json!({
        "event_type": "OrderPlaced",
        "data": {"order_id": "o-9", "customer_id": "c-1", "items": [{"product_id": "p-1", "quantity": 2, "price": 5}],
                 "order_items": [{"product_id": "p-1", "quantity": 2, "unit_price": 5, "line_total": 10}],
                 "total_amount": 10, "currency": "EUR"}
    }))
    .expect("an order event");
    let metadata = HashMap::from([
        ("event_id".to_string(), "ev-1".to_string()),
        ("correlation_id".to_string(), "o-9".to_string()),
        ("causation_id".to_string(), "cmd-0".to_string()),
    ]);
    let envelope: EventEnvelope<shop::order::Order> = EventEnvelope { aggregate_id: "o-9".into(), sequence: 1, payload, metadata };
    query.dispatch("o-9", std::slice::from_ref(&envelope)).await;
    query.dispatch("o-9", &[envelope]).await;
    let sent = bus.0.lock().unwrap().clone();
    assert_eq!(sent.len(), 1, "the second delivery of the same event sends nothing: {sent:?}");
    assert_eq!(sent[0].command, "Inventory.ReserveInventory");
    assert_eq!((sent[0].correlation_id.as_str(), sent[0].causation_id.as_str()), ("o-9", "ev-1"));
    assert_eq!(sent[0].payload["items"][0]["quantity"], 2, "the trigger's map copies the items");
    let spans = spans.0.lock().unwrap();
    let saga_span = spans.iter().find(|(name, _)| name == "saga").expect("a saga span");
    for (field, value) in [("event_id", "ev-1"), ("correlation_id", "o-9"), ("causation_id", "cmd-0"), ("event_type", "Order.OrderPlaced")] {
        assert!(saga_span.1.contains(&(field.to_string(), value.to_string())), "{field} in {:?}", saga_span.1);
    }
}
"#;

/// `gen` names each command a process manager would send without a field its schema requires,
/// and says nothing of the shop, whose every command is filled.
#[test]
fn gen_names_commands_a_saga_would_send_incomplete() {
    let dir = TempDir::new("gen-incomplete");
    let notes = |catalog: &str, out: &str| -> Vec<String> {
        let run = eventctl(&[
            "gen",
            catalog,
            "--out",
            dir.0.join(out).to_str().unwrap(),
            "--crate",
            out,
        ]);
        assert_eq!(run.status.code(), Some(0));
        String::from_utf8_lossy(&run.stderr)
            .lines()
            .filter(|l| l.starts_with("note: saga"))
            .map(str::to_string)
            .collect()
    };
    let found = notes("tests/fixtures/gen/incomplete", "incomplete");
    assert_eq!(
        found,
        [
            "note: saga `ChargeInOrder` sends `Payment.ChargeCard` without `amount`, which its schema requires: its payload takes the fields of `Sales.OrderPlaced` by name",
            "note: saga `Checkout` sends `Payment.ChargeCard` without `amount`, which its schema requires: give the trigger on `Sales.OrderPlaced` a `map` that fills it",
        ]
    );
    assert_eq!(notes("catalog-examples/shop", "shop"), Vec::<String>::new());
    assert_eq!(
        notes("catalog-examples/travel", "travel"),
        Vec::<String>::new()
    );
}
