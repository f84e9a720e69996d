//! Local references: resolving `$ref` and `$anchor` inside a schema, and merging `allOf`.

use super::*;

impl Walker<'_> {
    /// Follows `$ref`s; sibling keywords are kept beside the target's.
    pub(super) fn resolve<'v>(
        &self,
        root: &'v Value,
        v: &'v Value,
        pointer: &str,
    ) -> Result<(Cow<'v, Value>, String), String> {
        let mut current = Cow::Borrowed(v);
        let mut at = pointer.to_string();
        for _ in 0..32 {
            let Some(r) = current
                .get("$ref")
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                return Ok((current, at));
            };
            let (target, target_at) = lookup(root, &r).ok_or(r.clone())?;
            let siblings: Vec<(&String, &Value)> = match current.as_ref() {
                Value::Object(m) => m.iter().filter(|(k, _)| *k != "$ref").collect(),
                _ => Vec::new(),
            };
            current = if siblings.is_empty() {
                Cow::Borrowed(target)
            } else {
                let mut merged = object(target).into_owned();
                for (k, v) in siblings {
                    if !merged.contains_key(k) {
                        merged.insert(k.clone(), v.clone());
                    }
                }
                Cow::Owned(Value::Object(merged))
            };
            at = target_at;
        }
        Err("a chain of more than 32 `$ref`s".into())
    }
}

/// The conjunction of `base` and `extra`, keyword by keyword. Property maps merge per name and
/// `required` lists unite; where two values of one keyword differ otherwise, `base`'s is kept.
/// Used on the written side only, where dropping a conjunct widens the schema: a finding may
/// then be reported that a full conjunction would avoid, never the reverse.
pub(super) fn merge(base: &Map<String, Value>, extra: &Value) -> Value {
    match extra {
        Value::Bool(false) => Value::Bool(false),
        Value::Object(e) => {
            let mut out = base.clone();
            for (k, v) in e {
                let merged = match (k.as_str(), out.get(k), v) {
                    (_, None, _) => v.clone(),
                    (
                        "properties" | "patternProperties",
                        Some(Value::Object(x)),
                        Value::Object(y),
                    ) => {
                        let mut m = x.clone();
                        for (name, schema) in y {
                            let joined = match m.get(name) {
                                Some(Value::Object(old)) => merge(old, schema),
                                Some(_) => continue,
                                None => schema.clone(),
                            };
                            m.insert(name.clone(), joined);
                        }
                        Value::Object(m)
                    }
                    ("required", Some(Value::Array(x)), Value::Array(y)) => {
                        let mut all = x.clone();
                        all.extend(y.iter().filter(|r| !x.contains(r)).cloned());
                        Value::Array(all)
                    }
                    (_, Some(existing), _) => existing.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        _ => Value::Object(base.clone()),
    }
}

/// Whether a schema holds a `$ref` anywhere (so equal text may still mean different schemas).
pub(super) fn has_ref(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.contains_key("$ref") || m.values().any(has_ref),
        Value::Array(items) => items.iter().any(has_ref),
        _ => false,
    }
}

/// The target of a local `$ref` (`#/json/pointer`, or `#anchor` for `$id`/`$anchor`).
pub(super) fn lookup<'v>(root: &'v Value, reference: &str) -> Option<(&'v Value, String)> {
    let fragment = reference.strip_prefix('#')?;
    if fragment.is_empty() || fragment.starts_with('/') {
        let decoded = fragment.replace("%25", "%");
        return root.pointer(&decoded).map(|v| (v, decoded));
    }
    find_anchor(root, fragment, String::new())
}

pub(super) fn find_anchor<'v>(
    node: &'v Value,
    anchor: &str,
    at: String,
) -> Option<(&'v Value, String)> {
    match node {
        Value::Object(m) => {
            let named = m.get("$anchor").and_then(Value::as_str) == Some(anchor)
                || m.get("$id").and_then(Value::as_str) == Some(&format!("#{anchor}"));
            if named {
                return Some((node, at));
            }
            m.iter()
                .find_map(|(k, v)| find_anchor(v, anchor, join(&at, k)))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| find_anchor(v, anchor, join(&at, &i.to_string()))),
        _ => None,
    }
}
