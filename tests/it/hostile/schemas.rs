//! Schemas too costly to evaluate: found before any value is checked against them, in
//! `validate`, `replay --validate-payloads` and `upcast`; near misses stay clean.

use crate::support::{TempDir, eventctl, human, validate};

fn rules(v: &eventctl::Validation) -> Vec<&'static str> {
    v.diagnostics.iter().map(|d| d.rule.id()).collect()
}

/// A catalog whose event schema chains `depth` definitions, each applying the next twice
/// through `keyword`, with `example` as its example.
fn chain(depth: usize, keyword: &str, example: &str) -> String {
    let mut defs = String::new();
    for i in 0..depth {
        defs.push_str(&format!(
            "          d{i}: {{{keyword}: [{{$ref: '#/$defs/d{n}'}}, {{$ref: '#/$defs/d{n}'}}]}}\n",
            n = i + 1
        ));
    }
    defs.push_str(&format!("          d{depth}: {{type: integer}}\n"));
    format!(
        "eventctl: 1
name: fixture
contexts:
  Shop:
    aggregates:
      Cart:
        id: cart_id
        states: [open, closed]
        initial: open
        final: [closed]
        commands:
          CloseCart:
            external: true
            from: [open]
            emits: CartClosed
            schema: {{type: object, required: [cart_id], properties: {{cart_id: {{type: string}}}}}}
        events:
          CartClosed:
            to: closed
            versions:
              - version: 1
                examples: [{example}]
                schema:
                  $ref: '#/$defs/event'
                  $defs:
                    event: {{type: object, properties: {{cart_id: {{type: string}}, x: {{$ref: '#/$defs/d0'}}}}}}
                    DEFS
projections:
  CartView:
    key: cart_id
    fields: {{status: string}}
    on:
      Shop.CartClosed: {{set: {{status: \"'closed'\"}}}}
"
    )
    .replace("                    DEFS\n", &defs.replace("\n          ", "\n                    ").replacen("          ", "                    ", 1))
}

#[test]
fn doubling_chains_are_found_before_any_example_is_checked() {
    let dir = TempDir::new("doubling");
    for (depth, keyword) in [(22, "anyOf"), (24, "anyOf"), (24, "allOf"), (40, "oneOf")] {
        let v = validate(&dir.write(
            "catalog.yaml",
            chain(depth, keyword, "{cart_id: c-1, x: s}"),
        ));
        assert_eq!(
            rules(&v),
            ["schema-too-complex"],
            "{depth} {keyword}: {}",
            human(&v)
        );
        assert!(human(&v).contains("more than 1000 times"), "{}", human(&v));
    }
}

#[test]
fn a_short_chain_is_checked_and_its_example_reported() {
    let dir = TempDir::new("short-chain");
    let v = validate(&dir.write("catalog.yaml", chain(8, "anyOf", "{cart_id: c-1, x: s}")));
    assert_eq!(rules(&v), ["example-invalid"], "{}", human(&v));
    let v = validate(&dir.write("catalog.yaml", chain(8, "allOf", "{cart_id: c-1, x: 1}")));
    assert!(rules(&v).is_empty(), "{}", human(&v));
}

#[test]
fn a_recursive_tree_schema_is_not_too_complex() {
    let dir = TempDir::new("tree");
    let text = chain(1, "anyOf", "{cart_id: c-1, x: {left: 1, right: {left: 2, right: 3}}}")
        .replace(
            "d0: {anyOf: [{$ref: '#/$defs/d1'}, {$ref: '#/$defs/d1'}]}",
            "d0: {oneOf: [{type: integer}, {$ref: '#/$defs/bin'}]}",
        )
        .replace(
            "d1: {type: integer}",
            "bin: {type: object, required: [left, right], properties: {left: {$ref: '#/$defs/d0'}, right: {$ref: '#/$defs/d0'}}}",
        );
    assert!(text.contains("bin:"), "{text}");
    let v = validate(&dir.write("catalog.yaml", text));
    assert!(rules(&v).is_empty(), "{}", human(&v));
}

#[test]
fn replay_and_upcast_refuse_each_payload_instead_of_blowing_up() {
    let dir = TempDir::new("replay-costly");
    let text = chain(22, "anyOf", "{cart_id: c-1, x: 1}").replace(
        "name: fixture\n",
        "name: fixture\nrules: {schema-too-complex: warn}\n",
    );
    let catalog = dir.write("catalog.yaml", text);
    let line = |i: u32| {
        format!(
            "{{\"event_id\":\"e{i}\",\"event_type\":\"Shop.CartClosed\",\"event_version\":1,\"aggregate_id\":\"c{i}\",\"aggregate_type\":\"Cart\",\"occurred_at\":\"2024-01-01T00:00:0{i}Z\",\"correlation_id\":\"k{i}\",\"data\":{{\"cart_id\":\"c{i}\",\"x\":\"s\"}}}}\n"
        )
    };
    let log = dir.write("log.ndjson", (1..=3).map(line).collect::<String>());
    let out = eventctl(&[
        "replay",
        catalog.to_str().unwrap(),
        log.to_str().unwrap(),
        "--validate-payloads",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert_eq!(
        format!("{stdout}{stderr}")
            .matches("error[payload-too-costly]")
            .count(),
        3,
        "{stdout}{stderr}"
    );
    let payloads = dir.write("payloads.ndjson", "{\"cart_id\":\"c1\",\"x\":\"s\"}\n");
    let out = eventctl(&[
        "upcast",
        catalog.to_str().unwrap(),
        "--event",
        "Shop.CartClosed",
        "--from",
        "1",
        payloads.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("not checked"), "{stderr}");
}
