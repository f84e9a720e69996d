//! When the written schema is a finite set (`enum` or `const`), each value is validated against
//! the reading schema itself: an exact answer.

use super::value_set::{ValueSet, same};
use serde_json::{Map, Value};

/// The values a schema allows, when it lists them.
pub(super) fn values(s: &Map<String, Value>) -> Option<Vec<Value>> {
    match (s.get("const"), s.get("enum")) {
        (Some(c), _) => Some(vec![c.clone()]),
        (None, Some(Value::Array(v))) => Some(v.clone()),
        _ => None,
    }
}

/// Keywords [`simple`] decides without a validator.
const SIMPLE: &[&str] = &[
    "type",
    "enum",
    "const",
    "title",
    "description",
    "default",
    "examples",
    "$comment",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "deprecated",
    "format",
];

/// Whether `v` is valid under a schema made only of [`SIMPLE`] keywords (`None` otherwise).
/// `format` is accepted as an annotation here, as it is for enum values compared across versions.
fn simple(v: &Value, schema: &Value, members: Option<&ValueSet<'_>>) -> Option<bool> {
    let m = match schema {
        Value::Bool(b) => return Some(*b),
        Value::Object(m) => m,
        _ => return None,
    };
    if !m.keys().all(|k| SIMPLE.contains(&k.as_str())) || m.contains_key("format") {
        return None;
    }
    let type_ok = |t: &str| match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => false,
    };
    let ok_type = match m.get("type") {
        None => true,
        Some(Value::String(t)) => type_ok(t),
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).any(type_ok),
        Some(_) => return None,
    };
    let ok_enum = match (members, m.get("enum").and_then(Value::as_array)) {
        (Some(set), Some(_)) => set.contains(v),
        (None, Some(e)) => e.iter().any(|x| same(x, v)),
        (_, None) => true,
    };
    let ok_const = m.get("const").is_none_or(|c| same(c, v));
    let len = v.as_str().map(|s| s.chars().count() as u64);
    let ok_len = len.is_none_or(|n| {
        m.get("minLength")
            .and_then(Value::as_u64)
            .is_none_or(|min| n >= min)
            && m.get("maxLength")
                .and_then(Value::as_u64)
                .is_none_or(|max| n <= max)
    });
    let num = v.as_f64();
    let ok_num = num.is_none_or(|n| {
        m.get("minimum")
            .and_then(Value::as_f64)
            .is_none_or(|min| n >= min)
            && m.get("maximum")
                .and_then(Value::as_f64)
                .is_none_or(|max| n <= max)
    });
    Some(ok_type && ok_enum && ok_const && ok_len && ok_num)
}

/// The values of `values` that `reading` rejects, or `None` when `reading` cannot be compiled.
/// `root` supplies the definitions that `$ref`s inside `reading` point at.
pub(super) fn rejected(values: &[Value], reading: &Value, root: &Value) -> Option<Vec<Value>> {
    // The reading schema is compiled on its own, with the root's definitions beside it; a
    // reference to anything else (`#` itself, `#/properties/…`) would point at the wrong
    // document, so such a schema is not decided here.
    if !refs_reach_only_definitions(reading) {
        return None;
    }
    let listed = reading.get("enum").and_then(Value::as_array);
    let members = listed.map(ValueSet::new);
    let quick: Option<Vec<bool>> = values
        .iter()
        .map(|v| simple(v, reading, members.as_ref()))
        .collect();
    if let Some(quick) = quick {
        return Some(
            values
                .iter()
                .zip(quick)
                .filter(|(_, ok)| !ok)
                .map(|(v, _)| v.clone())
                .collect(),
        );
    }
    let schema = super::standalone(root, reading);
    let validator = jsonschema::options().offline().build(&schema).ok()?;
    let validator = crate::cost::Bounded::new(validator, &schema);
    let mut rejected = Vec::new();
    for v in values {
        if !validator.is_valid(v).ok()? {
            rejected.push(v.clone());
        }
    }
    Some(rejected)
}

/// True when every reference inside a schema points into `definitions` or `$defs`.
fn refs_reach_only_definitions(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.iter().all(|(k, x)| match (k.as_str(), x) {
            ("$ref", Value::String(r)) => {
                r.starts_with("#/definitions/") || r.starts_with("#/$defs/")
            }
            ("$dynamicRef" | "$recursiveRef", _) => false,
            _ => refs_reach_only_definitions(x),
        }),
        Value::Array(items) => items.iter().all(refs_reach_only_definitions),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_to_the_root_is_not_decided_out_of_context() {
        let root = json!({"anyOf": [{"type": "array", "items": {"if": {"type": "string"}, "then": {"$ref": "#"}}}]});
        let items = &root["anyOf"][0]["items"];
        assert_eq!(rejected(&[json!("a")], items, &root), None);
    }
    use serde_json::json;

    #[test]
    fn simple_schemas_are_decided_without_a_validator() {
        assert_eq!(
            rejected(
                &[json!("a"), json!("z")],
                &json!({"type": "string", "enum": ["a", "b"]}),
                &json!({})
            ),
            Some(vec![json!("z")])
        );
        assert_eq!(
            rejected(
                &[json!(1)],
                &json!({"type": "number", "enum": [1.0]}),
                &json!({})
            ),
            Some(vec![])
        );
    }

    #[test]
    fn each_value_is_checked_against_the_reading_schema() {
        let root = json!({"definitions": {"Small": {"maximum": 5}}});
        let out = rejected(
            &[json!(1), json!(9)],
            &json!({"$ref": "#/definitions/Small"}),
            &root,
        );
        assert_eq!(out, Some(vec![json!(9)]));
    }
}
