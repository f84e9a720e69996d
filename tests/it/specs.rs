//! Specs that cannot be read as written: each gets the finding that names what to fix, and
//! a long history is checked in bounded time.

use crate::support::{TempDir, fixture, human, validate};

/// The near-miss spec catalog with its `specs:` section replaced.
fn with_specs(name: &str, specs: &str) -> (TempDir, eventctl::Validation) {
    let base = std::fs::read_to_string(fixture("near-miss/spec-contradicted/catalog.yaml"))
        .expect("fixture");
    let head = base.split("specs:\n").next().expect("specs section");
    let dir = TempDir::new(name);
    dir.write("catalog.yaml", format!("{head}specs:\n{specs}"));
    let v = validate(&dir.0);
    (dir, v)
}

fn rules(v: &eventctl::Validation) -> Vec<&'static str> {
    v.diagnostics.iter().map(|d| d.rule.id()).collect()
}

#[test]
fn an_invalid_payload_is_named_with_its_spec() {
    let (_d, v) = with_specs(
        "spec-payload",
        "  bad:\n    aggregate: Shop.Cart\n    when: {AddItem: {cart_id: c-1, quantity: many}}\n    then: {error: not-accepted}\n",
    );
    assert_eq!(rules(&v), ["example-invalid"], "{}", human(&v));
    assert!(
        human(&v).contains("command `Shop.AddItem` of spec `bad`"),
        "{}",
        human(&v)
    );
}

#[test]
fn unknown_names_and_shapes_are_reported_where_written() {
    let (_d, v) = with_specs(
        "spec-names",
        "  a:\n    aggregate: Shop.Basket\n    when: {AddItem: {cart_id: c-1, quantity: 1}}\n    then: {error: not-accepted}\n  b:\n    aggregate: Shop.Cart\n    given: [CartOpend: {cart_id: c-1, owner: x}]\n    when: {AddItem: {cart_id: c-1, quantity: 1}}\n    then: {error: refused}\n  c:\n    aggregate: Shop.Cart\n    given: [{CartOpened: {cart_id: c-1, owner: x}, ItemAdded: {cart_id: c-1, quantity: 1, price: 1}}]\n    when: {AddItem: {cart_id: c-1, quantity: 1}}\n    then: {error: refused}\n  d:\n    aggregate: Shop.Cart\n    when: {OpenCart: {cart_id: c-1}}\n    then: {error: refused, events: []}\n  not an identifier:\n    aggregate: Shop.Cart\n    when: {OpenCart: {cart_id: c-1}}\n    then: {events: []}\n",
    );
    let text = human(&v);
    assert_eq!(
        rules(&v),
        [
            "unresolved-reference",
            "unresolved-reference",
            "invalid-value",
            "invalid-value",
            "invalid-name"
        ],
        "{text}"
    );
    assert!(text.contains("did you mean `CartOpened`?"), "{text}");
    assert!(text.contains("names one message and its payload"), "{text}");
    assert!(text.contains("must expect events or an error"), "{text}");
}

#[test]
fn a_long_history_is_checked_whole() {
    let mut specs = String::from(
        "  long:\n    aggregate: Shop.Cart\n    given:\n      - CartOpened: {cart_id: c-1, owner: x}\n",
    );
    for _ in 0..20_000 {
        specs.push_str("      - ItemAdded: {cart_id: c-1, quantity: 1, price: 1}\n");
    }
    specs.push_str("    when: {AddItem: {cart_id: c-1, quantity: 1}}\n    then:\n      events: [ItemAdded: {cart_id: c-1, quantity: 1, price: 1}]\n      fields: {items: 20000}\n");
    let (_d, v) = with_specs("spec-long", &specs);
    assert_eq!(rules(&v), ["spec-contradicted"], "{}", human(&v));
    assert!(
        human(&v).contains("`items` holds 20001, not 20000"),
        "{}",
        human(&v)
    );
}
