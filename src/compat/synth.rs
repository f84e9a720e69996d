//! Payloads synthesised from a schema, to prove upcasts: required fields only, every field,
//! lower and upper boundary values, and every enum value. Callers keep the samples that the
//! schema accepts (a pattern may defeat the generator).

use serde_json::{Map, Number, Value, json};

/// Which payload to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strategy {
    Required,
    All,
    Low,
    High,
    /// Every enum takes its value at this index (modulo its length).
    Enum(usize),
}

/// Strings tried against a `pattern`, in order.
const PATTERN_CANDIDATES: &[&str] = &[
    "ABC123",
    "ABCDEFGH12",
    "GB",
    "abc",
    "abc123",
    "a-b",
    "A",
    "1",
    "000000",
    "a@example.com",
    "x_1",
];

/// Longest string synthesised.
const MAX_STRING: usize = 4096;

/// Deepest nesting followed (recursive schemas stop adding optional parts beyond it).
const MAX_DEPTH: usize = 12;

/// Samples of `schema`, deduplicated, in a stable order.
pub fn samples(schema: &Value) -> Vec<Value> {
    let enums = longest_enum(schema, schema, 0).max(1);
    let mut strategies = vec![
        Strategy::Required,
        Strategy::All,
        Strategy::Low,
        Strategy::High,
    ];
    strategies.extend((0..enums.min(16)).map(Strategy::Enum));
    let mut out: Vec<Value> = Vec::new();
    for s in strategies {
        if let Some(v) = generate(schema, schema, s, 0)
            && !out.contains(&v)
        {
            out.push(v);
        }
    }
    out
}

/// The first of [`samples`], built alone: the one with only the required fields, when the
/// generator can build it.
pub fn first(schema: &Value) -> Option<Value> {
    generate(schema, schema, Strategy::Required, 0).or_else(|| samples(schema).into_iter().next())
}

/// One sample of `schema` with every field it declares, when the generator can build one.
pub fn full(schema: &Value) -> Option<Value> {
    generate(schema, schema, Strategy::All, 0)
}

/// Follows local `$ref`s (`#/…`) into `root`, a bounded number of times.
pub(crate) fn resolve<'a>(root: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match v
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
        {
            Some(p) => match root.pointer(p) {
                Some(t) => v = t,
                None => return v,
            },
            None => return v,
        }
    }
    v
}

fn longest_enum(root: &Value, v: &Value, depth: usize) -> usize {
    if depth > MAX_DEPTH {
        return 0;
    }
    let v = resolve(root, v);
    let here = v.get("enum").and_then(Value::as_array).map_or(0, Vec::len);
    let children = match v {
        Value::Object(m) => m
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "enum" | "const" | "default" | "examples"))
            .map(|(_, c)| longest_enum(root, c, depth + 1))
            .max()
            .unwrap_or(0),
        Value::Array(items) => items
            .iter()
            .map(|c| longest_enum(root, c, depth + 1))
            .max()
            .unwrap_or(0),
        _ => 0,
    };
    here.max(children)
}

fn generate(root: &Value, schema: &Value, s: Strategy, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH * 2 {
        return None;
    }
    let schema = resolve(root, schema);
    let m = match schema {
        Value::Bool(true) => return Some(json!("x")),
        Value::Object(m) => m,
        _ => return None,
    };
    if let Some(c) = m.get("const") {
        return Some(c.clone());
    }
    if let Some(Value::Array(values)) = m.get("enum") {
        let i = match s {
            Strategy::Enum(k) => k % values.len().max(1),
            Strategy::High => values.len().saturating_sub(1),
            _ => 0,
        };
        return values.get(i).cloned();
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(branches)) = m.get(key) {
            let pick = match s {
                Strategy::High | Strategy::All => branches.len().saturating_sub(1),
                Strategy::Enum(k) => k % branches.len().max(1),
                _ => 0,
            };
            let mut merged = m.clone();
            merged.remove(key);
            if let Some(Value::Object(b)) = branches.get(pick).map(|b| resolve(root, b)) {
                for (k, v) in b {
                    merged.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            return generate(root, &Value::Object(merged), s, depth + 1);
        }
    }
    if let Some(Value::Array(parts)) = m.get("allOf") {
        let mut merged = m.clone();
        merged.remove("allOf");
        for part in parts {
            if let Value::Object(p) = resolve(root, part) {
                for (k, v) in p {
                    match (merged.get_mut(k), v) {
                        (Some(Value::Object(a)), Value::Object(b)) if k == "properties" => {
                            a.extend(b.iter().map(|(x, y)| (x.clone(), y.clone())));
                        }
                        (Some(Value::Array(a)), Value::Array(b)) if k == "required" => {
                            a.extend(b.iter().cloned())
                        }
                        (None, _) => {
                            merged.insert(k.clone(), v.clone());
                        }
                        _ => {}
                    }
                }
            }
        }
        return generate(root, &Value::Object(merged), s, depth + 1);
    }
    let types: Vec<&str> = match m.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ if m.contains_key("properties") => vec!["object"],
        _ if m.contains_key("items") => vec!["array"],
        _ => vec!["string"],
    };
    let ty = match s {
        Strategy::Low if types.contains(&"null") => "null",
        _ => types
            .iter()
            .copied()
            .find(|t| *t != "null")
            .unwrap_or("null"),
    };
    match ty {
        "object" => object(root, m, s, depth),
        "array" => array(root, m, s, depth),
        "string" => Some(Value::String(string(m, s))),
        "integer" => Some(integer(m, s)),
        "number" => Some(number(m, s)),
        "boolean" => Some(Value::Bool(s != Strategy::Low)),
        _ => Some(Value::Null),
    }
}

fn object(root: &Value, m: &Map<String, Value>, s: Strategy, depth: usize) -> Option<Value> {
    let required: Vec<&str> = m
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let mut out = Map::new();
    if let Some(Value::Object(props)) = m.get("properties") {
        for (name, prop) in props {
            let wanted =
                required.contains(&name.as_str()) || (s != Strategy::Required && depth < MAX_DEPTH);
            if !wanted {
                continue;
            }
            match generate(root, prop, s, depth + 1) {
                Some(v) => {
                    out.insert(name.clone(), v);
                }
                None if required.contains(&name.as_str()) => return None,
                None => {}
            }
        }
    }
    for name in required {
        out.entry(name.to_string()).or_insert_with(|| json!("x"));
    }
    Some(Value::Object(out))
}

fn array(root: &Value, m: &Map<String, Value>, s: Strategy, depth: usize) -> Option<Value> {
    let min = m.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = m
        .get("maxItems")
        .and_then(Value::as_u64)
        .map_or(usize::MAX, |n| n as usize);
    let len = match s {
        Strategy::Required | Strategy::Low => min,
        Strategy::High => min.max(2),
        _ => min.max(1),
    }
    .min(max)
    .min(4);
    let prefix: Vec<&Value> = m
        .get("prefixItems")
        .or_else(|| m.get("items").filter(|i| i.is_array()))
        .and_then(Value::as_array)
        .map(|p| p.iter().collect())
        .unwrap_or_default();
    let rest = m
        .get("items")
        .filter(|i| !i.is_array())
        .or_else(|| m.get("additionalItems"));
    let mut out = Vec::new();
    for i in 0..len.max(prefix.len().min(max)) {
        let item_schema = prefix.get(i).copied().or(rest)?;
        let strategy = if m.get("uniqueItems") == Some(&Value::Bool(true)) {
            Strategy::Enum(i)
        } else {
            s
        };
        out.push(generate(root, item_schema, strategy, depth + 1)?);
    }
    Some(Value::Array(out))
}

fn format_sample(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "2025-01-02T03:04:05Z",
        "date" => "2025-01-02",
        "time" => "03:04:05Z",
        "email" | "idn-email" => "someone@example.com",
        "uuid" => "3f2b1c9e-8d4a-4e5b-9c6d-7a8b9c0d1e2f",
        "uri" | "iri" | "url" => "https://example.com/x",
        "uri-reference" | "iri-reference" => "/x",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "duration" => "P1D",
        _ => return None,
    })
}

fn string(m: &Map<String, Value>, s: Strategy) -> String {
    if let Some(f) = m
        .get("format")
        .and_then(Value::as_str)
        .and_then(format_sample)
    {
        return f.to_string();
    }
    if let Some(p) = m.get("pattern").and_then(Value::as_str)
        && let Some(c) = pattern_sample(p)
    {
        return c.to_string();
    }
    // A hostile `minLength` must not become a huge allocation; such samples are left out
    // (the caller keeps only samples the schema accepts).
    let min = (m.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize).min(MAX_STRING);
    let max = m
        .get("maxLength")
        .and_then(Value::as_u64)
        .map_or(usize::MAX, |n| n as usize);
    let len = match s {
        Strategy::Low | Strategy::Required => min.max(1),
        Strategy::High => max.min(64).max(min),
        _ => min.max(3),
    }
    .min(max);
    "x".repeat(len)
}

/// The first candidate string matching `pattern`, remembered per thread: a catalog repeats
/// its patterns across versions, and compiling a regex costs more than the rest of a sample.
fn pattern_sample(pattern: &str) -> Option<&'static str> {
    thread_local! {
        static FOUND: std::cell::RefCell<std::collections::HashMap<String, Option<&'static str>>> = Default::default();
    }
    FOUND.with(|found| {
        if let Some(hit) = found.borrow().get(pattern) {
            return *hit;
        }
        let hit = regex::Regex::new(pattern)
            .ok()
            .and_then(|re| PATTERN_CANDIDATES.iter().copied().find(|c| re.is_match(c)));
        found.borrow_mut().insert(pattern.to_string(), hit);
        hit
    })
}

fn bound(m: &Map<String, Value>, inclusive: &str, exclusive: &str) -> Option<(f64, bool)> {
    match (m.get(inclusive).and_then(Value::as_f64), m.get(exclusive)) {
        (Some(v), Some(Value::Bool(true))) => Some((v, true)),
        (_, Some(Value::Number(n))) => n.as_f64().map(|v| (v, true)),
        (Some(v), _) => Some((v, false)),
        _ => None,
    }
}

fn integer(m: &Map<String, Value>, s: Strategy) -> Value {
    let step = m
        .get("multipleOf")
        .and_then(Value::as_f64)
        .filter(|x| *x >= 1.0)
        .map_or(1, |x| x as i64);
    let lo = bound(m, "minimum", "exclusiveMinimum").map(|(v, ex)| {
        if ex {
            (v.floor() as i64).saturating_add(1)
        } else {
            v.ceil() as i64
        }
    });
    let hi = bound(m, "maximum", "exclusiveMaximum").map(|(v, ex)| {
        if ex {
            (v.ceil() as i64).saturating_sub(1)
        } else {
            v.floor() as i64
        }
    });
    let v = match s {
        Strategy::High => hi.unwrap_or_else(|| lo.unwrap_or(0).saturating_add(1000)),
        Strategy::Low => lo.unwrap_or_else(|| hi.map_or(0, |h| h.min(0))),
        _ => lo.map_or_else(
            || hi.map_or(1, |h| h.min(1)),
            |l| hi.map_or(l.max(1), |h| l.max(1).min(h)),
        ),
    };
    let aligned = if v % step == 0 {
        v
    } else {
        let down = v.saturating_sub(v.rem_euclid(step));
        if matches!(s, Strategy::High) {
            down
        } else {
            down.saturating_add(step)
        }
    };
    Value::from(aligned)
}

fn number(m: &Map<String, Value>, s: Strategy) -> Value {
    if m.contains_key("multipleOf") {
        return integer(m, s);
    }
    let lo = bound(m, "minimum", "exclusiveMinimum").map(|(v, ex)| if ex { v + 0.5 } else { v });
    let hi = bound(m, "maximum", "exclusiveMaximum").map(|(v, ex)| if ex { v - 0.5 } else { v });
    let v = match s {
        Strategy::High => hi.unwrap_or_else(|| lo.unwrap_or(0.0) + 1000.5),
        Strategy::Low => lo.unwrap_or_else(|| hi.map_or(0.0, |h| h.min(0.0))),
        _ => lo.map_or_else(
            || hi.map_or(1.5, |h| h.min(1.5)),
            |l| hi.map_or(l + 1.5, |h| (l + 1.5).min(h)),
        ),
    };
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(schema: &Value, v: &Value) -> bool {
        jsonschema::options()
            .offline()
            .should_validate_formats(true)
            .build(schema)
            .expect("schema")
            .is_valid(v)
    }

    #[test]
    fn samples_cover_required_all_bounds_and_every_enum_value() {
        let schema = json!({
            "type": "object",
            "required": ["id", "kind"],
            "properties": {
                "id": {"type": "string", "minLength": 2, "maxLength": 5},
                "kind": {"enum": ["a", "b", "c"]},
                "amount": {"type": "number", "minimum": 0, "exclusiveMaximum": 10},
                "count": {"type": "integer", "minimum": 1, "multipleOf": 2},
                "at": {"type": "string", "format": "date-time"},
                "code": {"type": "string", "pattern": "^[A-Z]{2}$"},
                "lines": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["sku"], "properties": {"sku": {"type": "string"}}}}
            }
        });
        let all = samples(&schema);
        assert!(all.iter().all(|s| valid(&schema, s)), "{all:#?}");
        let kinds: Vec<&Value> = all.iter().filter_map(|s| s.get("kind")).collect();
        for k in ["a", "b", "c"] {
            assert!(kinds.contains(&&json!(k)), "enum value {k} missing");
        }
        assert!(
            all.iter()
                .any(|s| s.as_object().is_some_and(|o| o.len() == 2)),
            "a required-only sample"
        );
        assert!(
            all.iter().any(|s| s.get("amount") == Some(&json!(0.0))),
            "the lower bound"
        );
        assert!(
            all.iter().any(|s| s.get("amount") == Some(&json!(9.5))),
            "the upper bound"
        );
    }

    #[test]
    fn extreme_bounds_do_not_overflow() {
        for schema in [
            json!({"type": "integer", "exclusiveMinimum": 1e300}),
            json!({"type": "integer", "exclusiveMaximum": -1e300}),
            json!({"type": "integer", "minimum": 9.2e18, "multipleOf": 7}),
            json!({"type": "number", "multipleOf": 1e300, "maximum": -1e300}),
        ] {
            let _ = samples(&schema);
        }
    }

    #[test]
    fn huge_lengths_stay_small() {
        let all = samples(&json!({"type": "string", "minLength": 1_000_000_000_000u64}));
        assert!(
            all.iter()
                .all(|s| s.as_str().is_some_and(|x| x.len() <= MAX_STRING))
        );
    }

    #[test]
    fn recursive_schemas_end() {
        let schema = json!({"$ref": "#/definitions/node", "definitions": {"node": {"type": "object", "properties": {"children": {"type": "array", "items": {"$ref": "#/definitions/node"}}}}}});
        assert!(!samples(&schema).is_empty());
    }
}
