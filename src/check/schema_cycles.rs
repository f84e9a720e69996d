//! `schema-ref-no-base-case`: a definition whose `$ref`s lead back to itself through parts
//! every value must have (required properties, non-empty arrays, every `allOf` part, each
//! `anyOf` branch), so no finite value matches it. Found as a least fixed point: a schema is
//! satisfiable once a finite value is known for it; what never becomes satisfiable and lies on
//! a `$ref` cycle is reported. Keywords that only narrow scalars, and `not` and `if`, are taken
//! as satisfiable, so the rule never guesses.

use crate::diag::{Diagnostic, Rule};
use crate::model::Json;
use serde_json::Value;
use std::collections::HashMap;

/// Most subschemas examined in one schema (the fixed point is quadratic in them); larger
/// schemas are not checked.
const MAX_NODES: usize = 2_000;

pub(super) fn check(schema: &Json, out: &mut Vec<Diagnostic>) {
    // Only definitions can form a cycle: most schemas have none, and are not rebuilt here.
    let crate::syntax::NodeKind::Map(entries) = &schema.node.kind else {
        return;
    };
    if !entries
        .iter()
        .any(|(k, _)| k.value == "$defs" || k.value == "definitions")
    {
        return;
    }
    let value = schema.value();
    let (found, payload_valid) = endless(&value);
    // A loop that never moves into the value is `schema-too-complex`'s to report.
    if found.is_empty() || crate::cost::amplification(&value).cycle {
        return;
    }
    for p in found {
        let name = p.rsplit('/').next().unwrap_or(&p).to_string();
        let payload = if payload_valid {
            String::new()
        } else {
            ", and neither does any payload".to_string()
        };
        out.push(
            Diagnostic::new(
                Rule::SchemaRefNoBaseCase,
                format!(
                    "`#{p}` has no base case: every `{name}` must hold another `{name}` through its `$ref`, so no finite value matches it{payload}"
                ),
            )
            .at(schema.span_at(&p, true), "refers back to itself")
            .help("make the recursive part optional (leave it out of `required`, or allow an empty array or `null`)"),
        );
    }
}

/// Definitions on a `$ref` cycle that no finite value matches, and whether a payload can be
/// valid at all.
fn endless(root: &Value) -> (Vec<String>, bool) {
    let mut nodes: Vec<String> = Vec::new();
    collect(root, String::new(), &mut nodes);
    let definition = |p: &str| {
        p.matches('/').count() == 2 && (p.starts_with("/$defs/") || p.starts_with("/definitions/"))
    };
    if nodes.len() > MAX_NODES || !nodes.iter().any(|p| definition(p)) {
        return (Vec::new(), true);
    }
    let mut sat: HashMap<String, bool> = nodes.iter().map(|p| (p.clone(), false)).collect();
    loop {
        let mut changed = false;
        for p in &nodes {
            if !sat[p]
                && root
                    .pointer(p)
                    .is_some_and(|v| satisfiable(root, v, p, &sat))
            {
                sat.insert(p.clone(), true);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let found = nodes
        .iter()
        .filter(|p| definition(p) && !sat[p.as_str()] && on_cycle(root, p))
        .cloned()
        .collect();
    (found, sat.get("").copied().unwrap_or(true))
}

/// Pointers of every subschema, root first.
fn collect(v: &Value, at: String, out: &mut Vec<String>) {
    if out.len() > MAX_NODES {
        return;
    }
    let Value::Object(m) = v else {
        return;
    };
    out.push(at.clone());
    for (key, sub) in m {
        let here = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
        match (key.as_str(), sub) {
            (
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
                Value::Object(named),
            ) => {
                for (name, s) in named {
                    collect(
                        s,
                        format!("{here}/{}", name.replace('~', "~0").replace('/', "~1")),
                        out,
                    );
                }
            }
            ("allOf" | "anyOf" | "oneOf" | "prefixItems" | "items", Value::Array(list)) => {
                for (i, s) in list.iter().enumerate() {
                    collect(s, format!("{here}/{i}"), out);
                }
            }
            (
                "items"
                | "additionalProperties"
                | "additionalItems"
                | "contains"
                | "not"
                | "if"
                | "then"
                | "else"
                | "propertyNames",
                s,
            ) => collect(s, here, out),
            _ => {}
        }
    }
}

/// Whether `v` (at pointer `p`) has a finite value, given what is known satisfiable so far.
fn satisfiable(root: &Value, v: &Value, p: &str, sat: &HashMap<String, bool>) -> bool {
    let known = |q: &str| sat.get(q).copied().unwrap_or(true);
    let sub = |key: &str| format!("{p}/{key}");
    let Value::Object(m) = v else {
        return !matches!(v, Value::Bool(false));
    };
    if let Some(target) = m
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        && root.pointer(target).is_some()
        && !known(target)
    {
        return false;
    }
    if m.contains_key("enum") || m.contains_key("const") {
        return true;
    }
    for key in ["allOf"] {
        if let Some(Value::Array(parts)) = m.get(key)
            && (0..parts.len()).any(|i| !known(&format!("{}/{i}", sub(key))))
        {
            return false;
        }
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(parts)) = m.get(key)
            && !(0..parts.len()).any(|i| known(&format!("{}/{i}", sub(key))))
        {
            return false;
        }
    }
    let types: Vec<&str> = match m.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec!["null"],
    };
    types.iter().any(|t| match *t {
        "object" => m
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .all(|name| {
                let declared = m.get("properties").and_then(|ps| ps.get(name)).is_some();
                !declared
                    || known(&format!(
                        "{}/{}",
                        sub("properties"),
                        name.replace('~', "~0").replace('/', "~1")
                    ))
            }),
        "array" => {
            let needs = m.get("minItems").and_then(Value::as_u64).unwrap_or(0) > 0;
            !needs || !matches!(m.get("items"), Some(Value::Object(_))) || known(&sub("items"))
        }
        _ => true,
    })
}

/// Whether the definition at `p` reaches itself through `$ref`s.
fn on_cycle(root: &Value, p: &str) -> bool {
    let mut stack: Vec<String> = refs(root.pointer(p));
    let mut seen: Vec<String> = Vec::new();
    while let Some(q) = stack.pop() {
        if q == p {
            return true;
        }
        if seen.contains(&q) || seen.len() > 1000 {
            continue;
        }
        stack.extend(refs(root.pointer(&q)));
        seen.push(q);
    }
    false
}

/// Local `$ref` targets anywhere inside `v`.
fn refs(v: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<&Value> = v.into_iter().collect();
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                if let Some(r) = m
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix('#'))
                {
                    out.push(r.to_string());
                }
                stack.extend(m.values());
            }
            Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn node(required: &[&str]) -> Value {
        json!({"type": "object", "required": required, "properties": {
            "next": {"$ref": "#/$defs/node"}, "id": {"type": "string"}}})
    }

    #[test]
    fn a_required_self_reference_has_no_base_case() {
        let s = json!({"$ref": "#/$defs/node", "$defs": {"node": node(&["id", "next"])}});
        assert_eq!(endless(&s), (vec!["/$defs/node".to_string()], false));
    }

    #[test]
    fn an_optional_or_nullable_way_out_is_a_base_case() {
        let optional = json!({"$ref": "#/$defs/node", "$defs": {"node": node(&["id"])}});
        assert_eq!(endless(&optional), (vec![], true));
        let mut nullable = node(&["id", "next"]);
        nullable["properties"]["next"] =
            json!({"anyOf": [{"type": "null"}, {"$ref": "#/$defs/node"}]});
        let s = json!({"$ref": "#/$defs/node", "$defs": {"node": nullable}});
        assert_eq!(endless(&s), (vec![], true));
    }

    #[test]
    fn a_cycle_through_two_definitions_is_found_at_both() {
        let s = json!({"type": "object", "properties": {"a": {"$ref": "#/definitions/a"}},
            "definitions": {
                "a": {"type": "object", "required": ["b"], "properties": {"b": {"$ref": "#/definitions/b"}}},
                "b": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/a"}}}});
        let (found, payload) = endless(&s);
        assert_eq!(found, ["/definitions/a", "/definitions/b"]);
        assert!(payload, "`a` is optional at the top");
    }
}
