//! Witnesses for the common breaking changes, each checked against both schemas.

use super::*;
use crate::compat::{Mode, Profile, check};

fn witnesses(old: Value, new: Value, mode: Mode) -> Vec<(String, Option<Value>)> {
    let (ov, nv) = (validator(&old).unwrap(), validator(&new).unwrap());
    let pair = Pair {
        old: &old,
        new: &new,
        old_validator: &ov,
        new_validator: &nv,
        old_samples: &[],
    };
    let mut report = check(&old, &new, mode, Profile::Strict);
    report.find_witnesses(&pair);
    report
        .findings
        .into_iter()
        .map(|f| (f.rule.id().to_string(), f.witness))
        .collect()
}

fn obj(props: Value) -> Value {
    json!({"type": "object", "required": ["id"], "properties": props})
}

#[test]
fn a_property_declared_on_an_open_model_gets_a_stored_value_of_another_type() {
    let old = obj(json!({"id": {"type": "string"}}));
    let new = obj(json!({"id": {"type": "string"}, "currency": {"type": "string"}}));
    let found = witnesses(old, new, Mode::Backward);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "property-added-to-open-model");
    let w = found[0].1.clone().expect("a witness");
    assert_eq!(w["currency"], json!(42), "{w}");
}

#[test]
fn a_raised_bound_gets_the_old_boundary() {
    let old = obj(json!({"id": {"type": "string"}, "n": {"type": "number", "minimum": 0}}));
    let new =
        obj(json!({"id": {"type": "string"}, "n": {"type": "number", "exclusiveMinimum": 0}}));
    let found = witnesses(old, new, Mode::Backward);
    assert_eq!(found[0].1.as_ref().unwrap()["n"].as_f64(), Some(0.0));
}

#[test]
fn a_new_required_property_gets_a_payload_without_it() {
    let old = obj(json!({"id": {"type": "string"}, "n": {"type": "integer"}}));
    let mut new = old.clone();
    new["required"] = json!(["id", "n"]);
    let found = witnesses(old, new, Mode::Backward);
    let w = found[0].1.clone().expect("a witness");
    assert!(w.get("n").is_none(), "{w}");
    assert!(w.get("id").is_some(), "{w}");
}

#[test]
fn a_removed_enum_value_inside_a_definition_is_found_through_its_ref() {
    let old = json!({
        "type": "object",
        "properties": {"ship": {"$ref": "#/definitions/a"}},
        "definitions": {"a": {"type": "object", "properties": {"c": {"enum": ["GB", "FR"]}}}}
    });
    let mut new = old.clone();
    new["definitions"]["a"]["properties"]["c"] = json!({"enum": ["GB"]});
    let found = witnesses(old, new, Mode::Backward);
    assert_eq!(found[0].0, "enum-value-removed");
    assert_eq!(found[0].1.as_ref().unwrap()["ship"]["c"], json!("FR"));
}

#[test]
fn a_forward_finding_gets_a_new_payload_the_old_schema_rejects() {
    let old = obj(json!({"id": {"type": "string"}, "n": {"type": "integer", "maximum": 5}}));
    let new = obj(json!({"id": {"type": "string"}, "n": {"type": "integer", "maximum": 9}}));
    let found = witnesses(old, new, Mode::Forward);
    let w = found[0].1.clone().expect("a witness");
    assert!(w["n"].as_i64().unwrap() > 5, "{w}");
}

#[test]
fn array_items_and_lengths() {
    let old = obj(
        json!({"id": {"type": "string"}, "xs": {"type": "array", "items": {"type": "integer"}}}),
    );
    let new = obj(
        json!({"id": {"type": "string"}, "xs": {"type": "array", "maxItems": 1, "items": {"type": "integer", "minimum": 1}}}),
    );
    let found = witnesses(old, new, Mode::Backward);
    assert!(found.len() >= 2, "{found:?}");
    assert!(found.iter().all(|(_, w)| w.is_some()), "{found:?}");
}

#[test]
fn a_compatible_pair_has_no_findings_to_witness() {
    let old = obj(json!({"id": {"type": "string"}}));
    assert!(witnesses(old.clone(), old, Mode::Full).is_empty());
}
