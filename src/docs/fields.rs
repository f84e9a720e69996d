//! The fields of a payload schema as table rows: path, type, required, and constraints.

use serde_json::Value;

/// One field of a payload.
pub struct Field {
    /// Dotted path; `[]` for array elements.
    pub path: String,
    /// JSON type, with the element type for arrays.
    pub ty: String,
    /// Whether the payload must have it.
    pub required: bool,
    /// Format, enum, bounds and the like.
    pub notes: String,
}

const MAX_DEPTH: usize = 4;

/// The fields of a schema, depth first, in the order written.
pub fn fields(schema: &Value) -> Vec<Field> {
    let mut out = Vec::new();
    walk(schema, schema, "", &mut out, 0);
    out
}

fn resolve<'a>(root: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) if r.starts_with("#/") => root.pointer(&r[1..]).unwrap_or(v),
        _ => v,
    }
}

fn walk(root: &Value, schema: &Value, prefix: &str, out: &mut Vec<Field>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let schema = resolve(root, schema);
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for (name, sub) in props {
        let sub = resolve(root, sub);
        let path = format!("{prefix}{name}");
        out.push(Field {
            path: path.clone(),
            ty: type_of(root, sub),
            required: required.contains(&name.as_str()),
            notes: notes(sub),
        });
        walk(root, sub, &format!("{path}."), out, depth + 1);
        if let Some(items) = sub.get("items") {
            walk(root, items, &format!("{path}[]."), out, depth + 1);
        }
    }
}

fn type_of(root: &Value, s: &Value) -> String {
    let base = match s.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" or "),
        _ => {
            for key in ["anyOf", "oneOf"] {
                if let Some(alts) = s.get(key).and_then(Value::as_array) {
                    let names: Vec<String> = alts
                        .iter()
                        .map(|a| type_of(root, resolve(root, a)))
                        .collect();
                    return names.join(" or ");
                }
            }
            if s.get("enum").is_some() {
                "enum".into()
            } else {
                "any".into()
            }
        }
    };
    if base == "array"
        && let Some(items) = s.get("items")
    {
        return format!("array of {}", type_of(root, resolve(root, items)));
    }
    base
}

fn notes(s: &Value) -> String {
    let mut parts = constraints(s);
    if let Some(d) = s.get("description").and_then(Value::as_str) {
        parts.push(d.to_string());
    }
    parts.join("; ")
}

/// A schema's constraints in words: format, values, bounds, lengths, sizes, pattern.
pub(crate) fn constraints(s: &Value) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(f) = s.get("format").and_then(Value::as_str) {
        parts.push(format!("format {f}"));
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        let values: Vec<String> = e.iter().map(Value::to_string).collect();
        parts.push(format!("one of {}", values.join(", ")));
    }
    for (key, word) in [
        ("minimum", "≥"),
        ("exclusiveMinimum", ">"),
        ("maximum", "≤"),
        ("exclusiveMaximum", "<"),
        ("minLength", "length ≥"),
        ("maxLength", "length ≤"),
        ("minItems", "items ≥"),
        ("maxItems", "items ≤"),
        ("multipleOf", "multiple of"),
    ] {
        if let Some(v) = s.get(key).filter(|v| v.is_number()) {
            parts.push(format!("{word} {v}"));
        }
    }
    if let Some(p) = s.get("pattern").and_then(Value::as_str) {
        parts.push(format!("pattern {p}"));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_fields_arrays_and_refs_are_listed() {
        let s = json!({
            "type": "object", "required": ["items"],
            "properties": {
                "items": {"type": "array", "items": {"type": "object", "properties": {"qty": {"type": "integer", "minimum": 1}}}},
                "address": {"anyOf": [{"type": "null"}, {"$ref": "#/definitions/a"}]},
                "currency": {"type": "string", "enum": ["USD", "EUR"]}
            },
            "definitions": {"a": {"type": "object"}}
        });
        let f = fields(&s);
        let rows: Vec<(String, String, bool, String)> = f
            .into_iter()
            .map(|f| (f.path, f.ty, f.required, f.notes))
            .collect();
        assert_eq!(
            rows[0],
            (
                "items".into(),
                "array of object".into(),
                true,
                String::new()
            )
        );
        assert_eq!(
            rows[1],
            ("items[].qty".into(), "integer".into(), false, "≥ 1".into())
        );
        assert_eq!(rows[2].1, "null or object");
        assert_eq!(rows[3].3, "one of \"USD\", \"EUR\"");
    }
}
