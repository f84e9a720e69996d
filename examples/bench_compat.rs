//! Times the compatibility engine: one typical pair of event schemas (11 properties, nesting
//! depth 3) checked in full mode, and the whole Apicurio suite in both directions.
//! `cargo run --release --example bench_compat`

use eventctl::compat::{Mode, Profile, check};
use serde_json::{Value, json};
use std::time::Instant;

fn typical(version: u32) -> Value {
    let mut props = json!({
        "order_id": {"type": "string", "minLength": 1, "maxLength": 64},
        "amount": {"type": "number", "minimum": 0, "maximum": 1000000},
        "status": {"type": "string", "enum": ["new", "active", "suspended", "closed"]},
        "created_at": {"type": "string", "format": "date-time"},
        "note": {"type": "string", "maxLength": 500},
        "priority": {"type": "integer", "minimum": 1, "maximum": 5},
        "address": {"type": "object", "required": ["line1", "city", "country"], "properties": {
            "line1": {"type": "string"}, "city": {"type": "string"},
            "postal_code": {"type": "string", "pattern": "^[A-Z0-9 -]{3,10}$"},
            "country": {"type": "string", "enum": ["GB", "FR", "DE", "US", "JP"]}}},
        "lines": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["sku", "quantity"], "properties": {
            "sku": {"type": "string"}, "quantity": {"type": "integer", "minimum": 1}, "price": {"type": "number", "exclusiveMinimum": 0}}}},
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true}
    });
    if version > 1 {
        props["channel"] = json!({"type": "string", "enum": ["web", "store", "phone"]});
        props["status"]["enum"] = json!(["new", "active", "suspended", "closed", "archived"]);
    }
    json!({"type": "object", "required": ["order_id", "amount", "status", "created_at", "lines"], "properties": props})
}

fn main() {
    let (old, new) = (typical(1), typical(2));
    let runs = 20_000;
    let start = Instant::now();
    let mut findings = 0;
    for _ in 0..runs {
        findings += check(&old, &new, Mode::Full, Profile::Strict)
            .findings
            .len();
    }
    let per_pair = start.elapsed() / runs;
    println!(
        "typical pair, full mode: {per_pair:?} per check ({findings} findings over {runs} runs)"
    );

    let text = std::fs::read_to_string("tests/fixtures/conformance/compatibility-test-data.json")
        .expect("run from the repository root");
    let suite: Value = serde_json::from_str(&text).expect("json");
    let cases = suite["tests"].as_array().expect("tests");
    let start = Instant::now();
    for case in cases {
        let _ = check(
            &case["original"],
            &case["updated"],
            Mode::Backward,
            Profile::Strict,
        );
        let _ = check(
            &case["original"],
            &case["updated"],
            Mode::Forward,
            Profile::Strict,
        );
    }
    println!(
        "Apicurio suite, {} cases, both directions: {:?}",
        cases.len(),
        start.elapsed()
    );
}
