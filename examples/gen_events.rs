//! Writes a realistic event log of the shop for benchmarks and tests:
//! `gen_events --events N --out FILE [--violations]`.
//!
//! Orders follow the shop's lifecycles through four paths (70% shipped, 10% out of stock, 10%
//! payment declined, 10% shipment failed), about 200 in flight at once so their events
//! interleave. `OrderPlaced` moves from v1 to v2 to v3 over the log, as a live system's would.
//! Every envelope is whole: uuid ids, correlation per order, causation chained to the event
//! that triggered it, `aggregate_version` per aggregate, and rising timestamps. Deterministic
//! for a given N. With `--violations`, about 17 deliberate violations are inserted as extra
//! lines; their line numbers and kinds are printed on stdout as JSON.

use serde_json::{Value, json};
use std::io::{BufWriter, Write};

const AGGREGATES: [(&str, &str); 4] = [
    ("Order", "order"),
    ("Stock", "inventory"),
    ("Payment", "payment"),
    ("Shipment", "shipping"),
];

/// (aggregate, event, index of the causing step)
type Step = (usize, &'static str, Option<usize>);

const SHIPPED: &[Step] = &[
    (0, "OrderPlaced", None),
    (1, "InventoryReserved", Some(0)),
    (0, "OrderPaymentRequested", Some(1)),
    (2, "PaymentProcessed", Some(2)),
    (0, "OrderConfirmed", Some(3)),
    (3, "OrderShipped", Some(4)),
    (0, "OrderCompleted", Some(5)),
    (1, "InventoryCommitted", Some(5)),
    (2, "PaymentSettled", Some(5)),
];
const OUT_OF_STOCK: &[Step] = &[
    (0, "OrderPlaced", None),
    (1, "InventoryReservationFailed", Some(0)),
    (0, "OrderCancelled", Some(1)),
];
const DECLINED: &[Step] = &[
    (0, "OrderPlaced", None),
    (1, "InventoryReserved", Some(0)),
    (0, "OrderPaymentRequested", Some(1)),
    (2, "PaymentDeclined", Some(2)),
    (1, "InventoryReleased", Some(3)),
    (0, "OrderCancelled", Some(3)),
];
const SHIPMENT_FAILED: &[Step] = &[
    (0, "OrderPlaced", None),
    (1, "InventoryReserved", Some(0)),
    (0, "OrderPaymentRequested", Some(1)),
    (2, "PaymentProcessed", Some(2)),
    (0, "OrderConfirmed", Some(3)),
    (3, "ShipmentFailed", Some(4)),
    (2, "PaymentRefunded", Some(5)),
    (1, "InventoryReleased", Some(5)),
    (0, "OrderCancelled", Some(5)),
];

const IN_FLIGHT: usize = 200;
const START_MS: i64 = 1_735_689_600_000; // 2025-01-01T00:00:00Z

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }
}

struct Order {
    id: String,
    correlation: String,
    steps: &'static [Step],
    next: usize,
    event_ids: Vec<String>,
    sequence: [u64; 4],
    version: u64,
    items: Vec<(String, u64, f64)>,
    currency: &'static str,
}

impl Order {
    fn total(&self) -> f64 {
        let cents: u64 = self
            .items
            .iter()
            .map(|(_, q, p)| q * (p * 100.0).round() as u64)
            .sum();
        cents as f64 / 100.0
    }
}

struct Writer {
    out: BufWriter<std::fs::File>,
    rng: Rng,
    clock: i64,
    line: u64,
    expected: Vec<Value>,
}

impl Writer {
    fn timestamp(&mut self) -> String {
        self.clock += 1 + self.rng.below(1500) as i64;
        jiff::Timestamp::from_millisecond(self.clock)
            .map(|t| t.to_string())
            .unwrap_or_default()
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.out.write_all(bytes).expect("write the log");
        self.line += 1;
    }

    fn envelope(&mut self, mut env: Value) {
        let mut text = serde_json::to_vec(&env).expect("serialise");
        text.push(b'\n');
        self.raw(&text);
        env.take();
    }

    fn expect(&mut self, kind: &str, validate_only: bool) {
        self.expected
            .push(json!({"line": self.line, "kind": kind, "validate_only": validate_only}));
    }
}

fn payload(o: &Order, event: &str, rng: &mut Rng) -> Value {
    let id = &o.id;
    match event {
        "OrderPlaced" => {
            let customer = format!("cust-{}", rng.below(50_000));
            match o.version {
                1 | 2 => {
                    let items: Vec<Value> = o
                        .items
                        .iter()
                        .map(
                            |(p, q, price)| json!({"product_id": p, "quantity": q, "price": price}),
                        )
                        .collect();
                    let mut v = json!({"order_id": id, "customer_id": customer, "items": items, "total_amount": o.total()});
                    if o.version == 2 {
                        v["currency"] = json!(o.currency);
                    }
                    v
                }
                _ => {
                    let v2_items: Vec<Value> = o
                        .items
                        .iter()
                        .map(
                            |(p, q, price)| json!({"product_id": p, "quantity": q, "price": price}),
                        )
                        .collect();
                    let items: Vec<Value> = o
                        .items
                        .iter()
                        .map(|(p, q, price)| {
                            json!({"product_id": p, "quantity": q, "unit_price": price,
                                   "line_total": (*q as f64 * price * 100.0).round() / 100.0})
                        })
                        .collect();
                    let address = if rng.below(4) == 0 {
                        Value::Null
                    } else {
                        json!({"line1": format!("{} High Street", 1 + rng.below(200)), "city": "London",
                               "postal_code": "N1 9GU", "country": "GB"})
                    };
                    json!({"order_id": id, "customer_id": customer, "items": v2_items, "order_items": items,
                           "total_amount": o.total(), "currency": o.currency, "shipping_address": address})
                }
            }
        }
        "InventoryReserved" => {
            json!({"order_id": id, "reservation_id": rng.uuid(), "expires_at": "2025-12-12T10:45:00Z"})
        }
        "InventoryReservationFailed" => {
            json!({"order_id": id, "reason": "out of stock", "missing_products": [o.items[0].0]})
        }
        "OrderPaymentRequested" => {
            json!({"order_id": id, "total_amount": o.total(), "currency": o.currency})
        }
        "PaymentProcessed" => {
            json!({"order_id": id, "payment_id": format!("pay-{}", rng.below(1 << 40)), "amount": o.total()})
        }
        "PaymentDeclined" => {
            let reasons = ["insufficient_funds", "card_expired", "fraud_suspected"];
            json!({"order_id": id, "reason": reasons[rng.below(3) as usize]})
        }
        "OrderShipped" => {
            let carriers = ["ups", "dhl", "fedex"];
            json!({"order_id": id, "tracking_number": format!("1Z{:012}", rng.below(1_000_000_000_000)),
                   "carrier": carriers[rng.below(3) as usize]})
        }
        "ShipmentFailed" => json!({"order_id": id, "reason": "address not found"}),
        "PaymentRefunded" => json!({"order_id": id, "amount": o.total()}),
        "OrderCancelled" => json!({"order_id": id, "reason": "could not be fulfilled"}),
        _ => json!({"order_id": id}),
    }
}

fn new_order(index: u64, total: u64, rng: &mut Rng) -> Order {
    let steps = match rng.below(20) {
        0..=13 => SHIPPED,
        14 | 15 => OUT_OF_STOCK,
        16 | 17 => DECLINED,
        _ => SHIPMENT_FAILED,
    };
    let version = 1 + (index * 3 / total.max(1)).min(2);
    let currency = if version == 1 {
        "USD"
    } else {
        ["USD", "EUR", "GBP"][rng.below(3) as usize]
    };
    let items = (0..1 + rng.below(4))
        .map(|_| {
            (
                format!("prod-{:04}", rng.below(5000)),
                1 + rng.below(5),
                (1 + rng.below(20_000)) as f64 / 100.0,
            )
        })
        .collect();
    Order {
        id: format!("order-{index}"),
        correlation: rng.uuid(),
        steps,
        next: 0,
        event_ids: Vec::new(),
        sequence: [0; 4],
        version,
        items,
        currency,
    }
}

fn emit(w: &mut Writer, o: &mut Order) {
    let (aggregate, event, cause) = o.steps[o.next];
    o.next += 1;
    o.sequence[aggregate] += 1;
    let event_id = w.rng.uuid();
    let version = if event == "OrderPlaced" { o.version } else { 1 };
    let data = payload(o, event, &mut w.rng);
    let (aggregate_type, service) = AGGREGATES[aggregate];
    let env = json!({
        "event_id": event_id,
        "event_type": event,
        "event_version": format!("v{version}"),
        "aggregate_id": o.id,
        "aggregate_type": aggregate_type,
        "aggregate_version": o.sequence[aggregate],
        "occurred_at": w.timestamp(),
        "correlation_id": o.correlation,
        "causation_id": cause.map(|c| o.event_ids[c].clone()),
        "user_id": format!("user-{}", w.rng.below(10_000)),
        "metadata": {"source": format!("{service}-service")},
        "data": data,
    });
    o.event_ids.push(event_id);
    w.envelope(env);
}

/// A fresh order's `OrderPlaced` v1, for violations that need one.
fn placed(w: &mut Writer, id: &str) -> Value {
    let at = w.timestamp();
    json!({
        "event_id": w.rng.uuid(), "event_type": "OrderPlaced", "event_version": "v1",
        "aggregate_id": id, "aggregate_type": "Order", "aggregate_version": 1,
        "occurred_at": at, "correlation_id": w.rng.uuid(), "causation_id": null,
        "data": {"order_id": id, "customer_id": "cust-x", "items": [{"product_id": "prod-x", "quantity": 1, "price": 1.0}], "total_amount": 1.0},
    })
}

/// A second event for the same fresh order, caused by `first`.
fn follow(w: &mut Writer, first: &Value, event: &str, sequence: u64) -> Value {
    let id = first["aggregate_id"].clone();
    let at = w.timestamp();
    json!({
        "event_id": w.rng.uuid(), "event_type": event, "event_version": 1,
        "aggregate_id": id, "aggregate_type": "Order", "aggregate_version": sequence,
        "occurred_at": at, "correlation_id": first["correlation_id"], "causation_id": first["event_id"],
        "data": {"order_id": id, "total_amount": 1.0, "currency": "USD"},
    })
}

fn violation(w: &mut Writer, k: usize) {
    let id = format!("bad-{k}");
    let mut env = placed(w, &id);
    match k % 15 {
        0 => {
            w.raw(b"{\"event_id\": \"broken\", \"event_type\": \"OrderPlaced\"\n");
            w.expect("malformed-line", false);
        }
        1 => {
            env["event_type"] = json!("OrderTeleported");
            w.envelope(env);
            w.expect("unknown-event", false);
        }
        2 => {
            env["event_version"] = json!("v9");
            w.envelope(env);
            w.expect("unknown-version", false);
        }
        3 => {
            env.as_object_mut().map(|o| o.remove("correlation_id"));
            w.envelope(env);
            w.expect("missing-correlation", false);
        }
        4 => {
            env["causation_id"] = env["event_id"].clone();
            w.envelope(env);
            w.expect("causation-after-effect", false);
        }
        5 => {
            env.as_object_mut().map(|o| o.remove("event_id"));
            w.envelope(env);
            w.expect("missing-field", false);
        }
        6 => {
            env["aggregate_type"] = json!("Shipment");
            w.envelope(env);
            w.expect("aggregate-mismatch", false);
        }
        7 => {
            let next = follow(w, &env, "OrderPaymentRequested", 3);
            w.envelope(env);
            w.envelope(next);
            w.expect("sequence-gap", false);
        }
        8 => {
            let mut next = follow(w, &env, "OrderPaymentRequested", 2);
            next["occurred_at"] = json!("2024-01-01T00:00:00Z");
            w.envelope(env);
            w.envelope(next);
            w.expect("time-backwards", false);
        }
        9 => {
            let next = follow(w, &env, "OrderConfirmed", 2);
            w.envelope(env);
            w.envelope(next);
            w.expect("illegal-transition", false);
        }
        10 => {
            env["event_version"] = json!("v2");
            env["data"]["currency"] = json!("USD");
            env["data"]["items"] = json!("none");
            w.envelope(env);
            w.expect("payload-invalid", true);
            w.expect("upcast-failed", false);
        }
        11 => {
            env["data"]["items"][0]["quantity"] = json!(0);
            w.envelope(env);
            w.expect("payload-invalid", true);
            w.expect("upcast-result-invalid", true);
        }
        12 => {
            env["occurred_at"] = json!("yesterday");
            w.envelope(env);
            w.expect("invalid-timestamp", false);
        }
        13 => {
            w.raw(b"{\"event_id\": \"\xff\xfe\", \"event_type\": \"OrderPlaced\"}\n");
            w.expect("invalid-utf8", false);
        }
        _ => {
            let next = follow(w, &env, "OrderPaymentRequested", 2);
            w.envelope(env);
            let text = serde_json::to_string(&next).expect("serialise");
            w.raw(&text.as_bytes()[..text.len() / 2]);
            w.expect("truncated-line", false);
        }
    }
}

fn main() {
    let mut events: u64 = 1000;
    let mut out = None;
    let mut violations = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--events" => {
                events = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .expect("--events N")
            }
            "--out" => out = args.next(),
            "--violations" => violations = true,
            other => {
                panic!("unknown argument {other}; usage: --events N --out FILE [--violations]")
            }
        }
    }
    let path = out.expect("--out FILE");
    let file = std::fs::File::create(&path).expect("create the log");
    let mut w = Writer {
        out: BufWriter::with_capacity(1 << 20, file),
        rng: Rng(events),
        clock: START_MS,
        line: 0,
        expected: Vec::new(),
    };
    let orders_total = events / 8 + 1;
    let mut started = 0u64;
    let mut active: Vec<Order> = Vec::new();
    let mut written = 0u64;
    let every = (events / 15).max(1);
    let mut injected = 0;
    while written < events {
        while active.len() < IN_FLIGHT {
            active.push(new_order(started, orders_total, &mut w.rng));
            started += 1;
        }
        let pick = w.rng.below(active.len() as u64) as usize;
        emit(&mut w, &mut active[pick]);
        written += 1;
        if active[pick].next == active[pick].steps.len() {
            active.swap_remove(pick);
        }
        if violations && written.is_multiple_of(every) && injected < 14 {
            violation(&mut w, injected);
            injected += 1;
        }
    }
    if violations {
        violation(&mut w, 14);
    }
    w.out.flush().expect("write the log");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "wrote {written} events of {started} orders ({} lines, {:.1} MB) to {path}",
        w.line,
        size as f64 / 1e6
    );
    if violations {
        println!(
            "{}",
            serde_json::to_string_pretty(&w.expected).expect("serialise")
        );
    }
}
