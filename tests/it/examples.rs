//! The catalogs in catalog-examples/ validate clean and resolve to what they describe.

use crate::support::{human, root, validate};

#[test]
fn shop_validates_clean() {
    let v = validate(&root().join("catalog-examples/shop"));
    assert!(v.diagnostics.is_empty(), "{}", human(&v));
    let cat = v.catalog.expect("model");
    let names: Vec<&str> = cat.contexts.iter().map(|c| c.name.text.as_str()).collect();
    assert_eq!(names, ["Order", "Inventory", "Payment", "Shipping"]);
    let placed = cat
        .events
        .iter()
        .find(|e| e.name.text == "OrderPlaced")
        .expect("OrderPlaced");
    assert_eq!(
        placed.versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(placed.versions[2].upcast.len(), 4);
    assert_eq!(cat.scenarios.len(), 4);
    assert_eq!(cat.projections[0].name.text, "OrderView");
}

#[test]
fn travel_validates_clean_across_included_files() {
    let v = validate(&root().join("catalog-examples/travel"));
    assert!(v.diagnostics.is_empty(), "{}", human(&v));
    assert!(
        v.sources.len() >= 6,
        "root, four contexts and the processes file"
    );
    let cat = v.catalog.expect("model");
    let saga = &cat.sagas[0];
    assert_eq!(saga.steps.len(), 3);
    let compensations: Vec<String> = saga
        .steps
        .iter()
        .filter_map(|s| s.compensation)
        .map(|c| cat.command_name(c))
        .collect();
    assert_eq!(
        compensations,
        [
            "Hotel.CancelRoom",
            "Flight.CancelFlight",
            "Car.CancelCarRental"
        ]
    );
}

#[test]
fn flow_graph_links_commands_events_and_triggers() {
    let cat = validate(&root().join("catalog-examples/shop"))
        .catalog
        .expect("model");
    let g = &cat.flow.graph;
    assert_eq!(g.node_count(), cat.commands.len() + cat.events.len());
    let triggers: usize = cat.events.iter().map(|e| e.triggers.len()).sum();
    let emits: usize = cat
        .commands
        .iter()
        .map(|c| c.emits.len() + c.fails.len())
        .sum();
    assert_eq!(g.edge_count(), triggers + emits);
}

#[test]
fn dropping_the_shop_v3_upcast_is_caught() {
    let dir = crate::support::TempDir::new("shop-no-v3-upcast");
    let text =
        std::fs::read_to_string(root().join("catalog-examples/shop/catalog.yaml")).expect("shop");
    let start = text
        .find("                upcast:\n                  - set: {order_items: \"items\"}")
        .expect("v3 upcast");
    let end_marker = "                  - add: {shipping_address: null}\n";
    let end = text[start..].find(end_marker).expect("end") + start + end_marker.len();
    dir.write(
        "catalog.yaml",
        format!("{}{}", &text[..start], &text[end..]),
    );
    dir.write(
        "schemas/order_placed.v3.json",
        std::fs::read(root().join("catalog-examples/shop/schemas/order_placed.v3.json"))
            .expect("schema"),
    );
    let v = validate(&dir.0);
    let rules: Vec<&str> = v.diagnostics.iter().map(|d| d.rule.id()).collect();
    // v3 is `full_transitive`: v2 → v3 breaks, and v1 → v3 fails its proof through v2's upcast.
    assert!(rules.contains(&"compat-breaking"), "{}", human(&v));
    assert!(
        rules
            .iter()
            .all(|r| ["compat-breaking", "upcast-proof-failed"].contains(r)),
        "{}",
        human(&v)
    );
}
