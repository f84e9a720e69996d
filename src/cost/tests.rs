//! Amplification of the schema shapes that blow up, and of the near misses that must not.

use super::*;
use serde_json::json;

fn chain(depth: usize, keyword: &str) -> Value {
    let mut defs = serde_json::Map::new();
    for i in 0..depth {
        let next = json!({"$ref": format!("#/$defs/d{}", i + 1)});
        defs.insert(format!("d{i}"), json!({ keyword: [next.clone(), next] }));
    }
    defs.insert(format!("d{depth}"), json!({"type": "integer"}));
    json!({"properties": {"x": {"$ref": "#/$defs/d0"}}, "$defs": defs})
}

#[test]
fn doubling_chains_are_too_complex() {
    for keyword in ["anyOf", "allOf", "oneOf"] {
        let a = amplification(&chain(22, keyword));
        assert!(a.too_complex(), "{keyword}: {a:?}");
        let small = amplification(&chain(8, keyword));
        assert_eq!(small.factor, 256, "{keyword}");
        assert!(!small.too_complex());
    }
}

#[test]
fn the_chain_is_found_in_the_time_of_its_size() {
    let a = amplification(&chain(10_000, "anyOf"));
    assert!(a.too_complex());
}

#[test]
fn branches_into_the_same_property_multiply() {
    // Each level: two branches that both apply `node` to property `a`.
    let schema = json!({
        "$ref": "#/$defs/node",
        "$defs": {"node": {"anyOf": [
            {"properties": {"a": {"$ref": "#/$defs/node"}}},
            {"properties": {"a": {"$ref": "#/$defs/node"}}}
        ]}}
    });
    let a = amplification(&schema);
    assert!(a.too_complex(), "{a:?}");
    assert_eq!(a.at, "/$defs/node");
}

#[test]
fn recursive_trees_with_different_properties_stay_linear() {
    let schema = json!({
        "$ref": "#/$defs/expr",
        "$defs": {
            "expr": {"oneOf": [{"$ref": "#/$defs/lit"}, {"$ref": "#/$defs/bin"}]},
            "lit": {"type": "number"},
            "bin": {"type": "object", "properties": {
                "left": {"$ref": "#/$defs/expr"},
                "right": {"$ref": "#/$defs/expr"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/expr"}}
            }}
        }
    });
    let a = amplification(&schema);
    assert_eq!(a.factor, 1, "{a:?}");
}

#[test]
fn shared_definitions_count_once_per_path() {
    let variants: Vec<Value> = (0..50)
        .map(|i| json!({"properties": {"kind": {"const": i}, "address": {"$ref": "#/$defs/address"}}}))
        .collect();
    let schema = json!({
        "oneOf": variants,
        "$defs": {"address": {"properties": {"street": {"type": "string"}}}}
    });
    let a = amplification(&schema);
    assert_eq!(a.factor, 50);
    assert!(!a.too_complex());
}

#[test]
fn a_reference_loop_on_the_same_value_is_a_cycle() {
    let schema = json!({
        "$ref": "#/$defs/a",
        "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}
    });
    let a = amplification(&schema);
    assert!(a.cycle && a.too_complex(), "{a:?}");
    let through_a_property = json!({
        "$ref": "#/$defs/a",
        "$defs": {"a": {"properties": {"next": {"$ref": "#/$defs/a"}}}}
    });
    assert!(!amplification(&through_a_property).too_complex());
}

#[test]
fn anchors_and_nested_ids_resolve() {
    let schema = json!({
        "$defs": {
            "x": {"$anchor": "leaf", "type": "integer"},
            "d": {"anyOf": [{"$ref": "#leaf"}, {"$ref": "#leaf"}]}
        },
        "allOf": [{"$ref": "#/$defs/d"}, {"$ref": "#/$defs/d"}]
    });
    assert_eq!(amplification(&schema).factor, 4);
}

#[test]
fn bounded_refuses_what_costs_too_much_and_checks_the_rest() {
    let schema = chain(22, "anyOf");
    let validator = jsonschema::validator_for(&schema).expect("compiles");
    let bounded = Bounded::new(validator, &schema);
    let value = json!({"x": "s"});
    assert!(matches!(
        bounded.errors(&value),
        Err(Refused::TooComplex(_))
    ));
    let schema = chain(8, "anyOf");
    let bounded = Bounded::new(
        jsonschema::validator_for(&schema).expect("compiles"),
        &schema,
    );
    assert_eq!(bounded.errors(&value).expect("within budget").len(), 1);
    assert_eq!(bounded.is_valid(&json!({"x": 1})), Ok(true));
    let wide = Value::Array(vec![json!({"x": "s"}); 1_000]);
    assert!(matches!(
        bounded.errors(&wide),
        Ok(errors) if errors.is_empty()
    ));
    let many = json!({"x": Value::Array(vec![json!(1); 1_000])});
    assert!(matches!(
        bounded.errors(&many),
        Err(Refused::TooCostly { .. })
    ));
}

#[test]
fn a_repeated_part_does_not_hide_a_later_branch() {
    // `y` holds a linked list, walked first: its `next` comes back to the same subschemas and
    // is pruned. The doubling chain under `x` must still be walked after it.
    let mut schema = chain(14, "anyOf");
    schema["properties"]["y"] = json!({"$ref": "#/$defs/list"});
    schema["$defs"]["list"] = json!({"properties": {"next": {"$ref": "#/$defs/list"}}});
    assert!(amplification(&schema).too_complex());
    let plain = json!({"type": "object", "properties": {"a": {"anyOf": [{"type": "string"}, {"type": "integer"}]}}});
    assert_eq!(amplification(&plain).factor, 1, "no reference: a tree");
}
