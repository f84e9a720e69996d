//! Near misses: payloads made from a valid sample by changing one place so that it crosses one
//! constraint there: a value just past a bound, a string one character too long or short, a
//! broken pattern or format, a value outside an enum or off a `multipleOf`, another type,
//! `null`, a missing required property, an extra property, an array too short, too long or
//! with a repeated item. Whether each still validates is for a validator to say; these are
//! the candidates, to test a check that claims to enforce a schema.

use super::synth::resolve;
use serde_json::{Map, Value, json};

/// Most near misses made from one sample.
const MAX_MUTANTS: usize = 400;

/// Longest string built to cross a length bound.
const MAX_LENGTH: u64 = 4096;

/// Near misses of `sample`, a payload `schema` accepts, deduplicated, in a stable order.
pub fn mutants(schema: &Value, sample: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    walk(schema, schema, sample, &mut Vec::new(), sample, &mut out, 0);
    let mut unique: Vec<Value> = Vec::with_capacity(out.len());
    for m in out {
        if &m != sample && !unique.contains(&m) {
            unique.push(m);
        }
    }
    unique.truncate(MAX_MUTANTS);
    unique
}

/// `sample` with the value at `path` replaced (or removed, with `None`).
fn with(sample: &Value, path: &[String], new: Option<Value>) -> Value {
    let mut copy = sample.clone();
    let Some((last, parents)) = path.split_last() else {
        return new.unwrap_or(Value::Null);
    };
    let mut at = &mut copy;
    for step in parents {
        at = match at {
            Value::Object(m) => m.get_mut(step.as_str()),
            Value::Array(a) => step.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
            _ => None,
        }
        .expect("a path taken from the sample");
    }
    match (at, new) {
        (Value::Object(m), Some(v)) => {
            m.insert(last.clone(), v);
        }
        (Value::Object(m), None) => {
            m.remove(last.as_str());
        }
        (Value::Array(a), Some(v)) => {
            if let Some(slot) = last.parse::<usize>().ok().and_then(|i| a.get_mut(i)) {
                *slot = v;
            }
        }
        _ => {}
    }
    copy
}

fn walk(
    root: &Value,
    schema: &Value,
    value: &Value,
    path: &mut Vec<String>,
    sample: &Value,
    out: &mut Vec<Value>,
    depth: usize,
) {
    if depth > 12 || out.len() > 4 * MAX_MUTANTS {
        return;
    }
    let schema = resolve(root, schema);
    let mut put = |v: Value| out.push(with(sample, path, Some(v)));
    put(Value::Null);
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        put(json!("not-one-of-the-values"));
        if values.iter().all(Value::is_string) {
            put(json!(0));
        }
    }
    match value {
        Value::String(s) => {
            put(json!(7));
            strings(schema, s, &mut put);
        }
        Value::Number(_) => {
            put(json!("7"));
            numbers(schema, value, &mut put);
        }
        Value::Bool(_) => put(json!("true")),
        Value::Array(items) => {
            put(json!({}));
            put(json!([]));
            if let Some(first) = items.first() {
                let mut twice = items.clone();
                twice.push(first.clone());
                put(Value::Array(twice));
                if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
                    && max < 64
                {
                    put(Value::Array(vec![first.clone(); max as usize + 1]));
                }
            }
            let item_schema = schema.get("items").unwrap_or(&Value::Bool(true));
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                walk(root, item_schema, item, path, sample, out, depth + 1);
                path.pop();
            }
        }
        Value::Object(map) => {
            put(json!([]));
            let mut extra = map.clone();
            extra.insert("unexpected_property".into(), json!(1));
            put(Value::Object(extra));
            object(root, schema, map, path, sample, out, depth);
        }
        Value::Null => {}
    }
}

fn object(
    root: &Value,
    schema: &Value,
    map: &Map<String, Value>,
    path: &mut Vec<String>,
    sample: &Value,
    out: &mut Vec<Value>,
    depth: usize,
) {
    let props = schema.get("properties").and_then(Value::as_object);
    for (key, v) in map {
        path.push(key.clone());
        out.push(with(sample, path, None));
        let sub = props.and_then(|p| p.get(key)).unwrap_or(&Value::Bool(true));
        walk(root, sub, v, path, sample, out, depth + 1);
        path.pop();
    }
}

fn strings(schema: &Value, s: &str, put: &mut impl FnMut(Value)) {
    let len = s.chars().count() as u64;
    put(json!(""));
    if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
        && min > 0
        && min <= MAX_LENGTH
    {
        put(json!("x".repeat(min as usize - 1)));
    }
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
        && max < MAX_LENGTH
    {
        put(json!("x".repeat(max as usize + 1)));
    }
    if schema.get("pattern").is_some() {
        put(json!(format!("{s} !")));
        put(json!("!"));
    }
    if let Some(f) = schema.get("format").and_then(Value::as_str) {
        put(json!(format!("not a {f}")));
        put(json!(format!("{s}x")));
        if len > 1 {
            put(json!(s.chars().take(len as usize - 1).collect::<String>()));
        }
    }
}

fn numbers(schema: &Value, v: &Value, put: &mut impl FnMut(Value)) {
    let integer = v.is_i64() || v.is_u64();
    let step = |x: f64, by: f64| -> Value {
        if integer && (x + by).fract() == 0.0 && (x + by).abs() < 9.0e15 {
            json!((x + by) as i64)
        } else {
            json!(x + by)
        }
    };
    for key in ["minimum", "exclusiveMinimum"] {
        if let Some(b) = schema.get(key).and_then(Value::as_f64) {
            put(step(b, -1.0));
            put(step(b, 0.0));
        }
    }
    for key in ["maximum", "exclusiveMaximum"] {
        if let Some(b) = schema.get(key).and_then(Value::as_f64) {
            put(step(b, 1.0));
            put(step(b, 0.0));
        }
    }
    if let (Some(m), Some(x)) = (schema.get("multipleOf").and_then(Value::as_f64), v.as_f64()) {
        put(step(x, m / 2.0));
        put(step(x, m));
    }
    if integer {
        put(json!(1.5));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mutant_changes_one_place_and_some_break_the_schema() {
        let schema = json!({
            "type": "object", "required": ["id", "n"], "additionalProperties": false,
            "properties": {
                "id": {"type": "string", "pattern": "^[A-Z]{3}$", "maxLength": 3},
                "n": {"type": "integer", "minimum": 1, "maximum": 9, "multipleOf": 2},
                "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": true, "maxItems": 2}
            }
        });
        let sample = json!({"id": "ABC", "n": 4, "tags": ["a"]});
        let all = mutants(&schema, &sample);
        assert!(
            all.contains(&json!({"n": 4, "tags": ["a"]})),
            "required removed"
        );
        assert!(
            all.contains(&json!({"id": "ABC", "n": 0, "tags": ["a"]})),
            "below the minimum"
        );
        assert!(
            all.contains(&json!({"id": "ABC", "n": 5, "tags": ["a"]})),
            "off the multiple"
        );
        assert!(
            all.contains(&json!({"id": "ABCx", "n": 4, "tags": ["a"]}))
                || all.contains(&json!({"id": "xxxx", "n": 4, "tags": ["a"]})),
            "too long"
        );
        assert!(
            all.contains(&json!({"id": "ABC", "n": 4, "tags": ["a", "a"]})),
            "a repeated item"
        );
        let validator = jsonschema::validator_for(&schema).unwrap();
        let broken = all.iter().filter(|m| !validator.is_valid(m)).count();
        assert!(
            broken * 10 > all.len() * 8,
            "{broken} of {} break the schema",
            all.len()
        );
        assert!(!all.contains(&sample));
    }
}
