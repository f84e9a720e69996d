//! When the written schema is a finite set (`enum` or `const`), each value is validated against
//! the reading schema itself: an exact answer.

use serde_json::{Map, Value};

/// The values a schema allows, when it lists them.
pub(super) fn values(s: &Map<String, Value>) -> Option<Vec<Value>> {
    match (s.get("const"), s.get("enum")) {
        (Some(c), _) => Some(vec![c.clone()]),
        (None, Some(Value::Array(v))) => Some(v.clone()),
        _ => None,
    }
}

/// The values of `values` that `reading` rejects, or `None` when `reading` cannot be compiled.
/// `root` supplies the definitions that `$ref`s inside `reading` point at.
pub(super) fn rejected(values: &[Value], reading: &Value, root: &Value) -> Option<Vec<Value>> {
    let mut schema = reading.clone();
    if let (Value::Object(s), Value::Object(r)) = (&mut schema, root) {
        for key in ["definitions", "$defs", "$schema"] {
            if let Some(v) = r.get(key)
                && !s.contains_key(key)
            {
                s.insert(key.to_string(), v.clone());
            }
        }
    }
    let validator = jsonschema::options().offline().build(&schema).ok()?;
    Some(
        values
            .iter()
            .filter(|v| !validator.is_valid(v))
            .cloned()
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
