//! Static checks of upcast operations: every field an operation renames, removes or walks
//! exists in the previous version, and `set` expressions compile and read known fields
//! (`upcast-invalid`).

use crate::diag::{Diagnostic, Rule};
use crate::model::{Name, UpcastOp, Version};
use crate::source::Span;
use crate::upcast::Upcaster;
use serde_json::Value;

/// Where an operation was written.
pub(super) fn op_span(op: &UpcastOp) -> Option<Span> {
    match op {
        UpcastOp::Add(f) => f.first().map(|(n, _)| n.span),
        UpcastOp::Rename(p) | UpcastOp::Set(p) => p.first().map(|(n, _)| n.span),
        UpcastOp::Remove(n) => n.first().map(|n| n.span),
        UpcastOp::Each { path, .. } => Some(path.span),
    }
}

/// The operation at a path of indexes through `each`.
pub(super) fn op_at<'a>(ops: &'a [UpcastOp], path: &[usize]) -> Option<&'a UpcastOp> {
    let (first, rest) = path.split_first()?;
    let op = ops.get(*first)?;
    match (op, rest.is_empty()) {
        (_, true) => Some(op),
        (UpcastOp::Each { ops, .. }, false) => op_at(ops, rest),
        _ => None,
    }
}

/// The schema a local `$ref` at the top of `v` points at, or `v` itself.
fn deref<'a>(root: &'a Value, v: &'a Value) -> Option<&'a Value> {
    match v
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
    {
        Some(p) => root.pointer(p),
        None => Some(v),
    }
}

/// Property names a schema declares at its top, through local `$ref`s and combinators.
fn fields(root: &Value, schema: &Value, depth: usize) -> Option<Vec<String>> {
    if depth > 8 {
        return None;
    }
    let schema = deref(root, schema)?;
    let mut out: Vec<String> = schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    for key in ["allOf", "anyOf", "oneOf"] {
        for part in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            out.extend(fields(root, part, depth + 1).unwrap_or_default());
        }
    }
    let open = schema
        .get("additionalProperties")
        .is_none_or(|a| a != &Value::Bool(false));
    if out.is_empty() && open && schema.get("properties").is_none() {
        return None;
    }
    Some(out)
}

/// The schema of the elements under `path` (array items, or object values).
fn element(root: &Value, schema: &Value, path: &str) -> Option<Value> {
    let schema = deref(root, schema)?;
    let prop = schema.get("properties")?.get(path)?;
    let prop = deref(root, prop)?;
    prop.get("items")
        .or_else(|| prop.get("additionalProperties"))
        .cloned()
}

pub(super) fn static_checks(
    up: &Upcaster,
    name: &str,
    prev: &Version,
    v: &Version,
    prev_schema: &Value,
    new_schema: &Value,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let label = format!("`{name}` v{} upcast", v.number);
    check_defaults(
        &label, v.number, &v.upcast, new_schema, new_schema, &mut out,
    );
    let level = Level {
        root: prev_schema,
        schema: prev_schema,
        new_root: new_schema,
        new_schema: Some(new_schema),
    };
    walk_ops(up, &label, prev.number, &v.upcast, &level, &mut out);
    out
}

/// Types, where they can be checked: each `add` default must be valid under the property the
/// new version declares for it.
fn check_defaults(
    label: &str,
    version: u64,
    ops: &[UpcastOp],
    root: &Value,
    level: &Value,
    out: &mut Vec<Diagnostic>,
) {
    let Some(level) = deref(root, level) else {
        return;
    };
    for op in ops {
        match op {
            UpcastOp::Add(fields) => {
                for (name, default) in fields {
                    let Some(prop) = level.get("properties").and_then(|p| p.get(&name.text)) else {
                        continue;
                    };
                    let schema = crate::compat::standalone(root, prop);
                    let Ok(validator) = jsonschema::options().offline().build(&schema) else {
                        continue;
                    };
                    let validator = crate::cost::Bounded::new(validator, &schema);
                    // A schema too costly to check is reported as `schema-too-complex`.
                    if let Ok(Some(err)) = validator.first_error(&default.value()) {
                        out.push(
                            Diagnostic::new(Rule::UpcastInvalid, format!("{label}: the default of `{}` is not a valid v{version} value: {err}", name.text))
                                .at(default.span(), "this default")
                                .help("give a default the new schema accepts"),
                        );
                    }
                }
            }
            UpcastOp::Each { path, ops } => {
                if let Some(items) = element(root, level, &path.text) {
                    check_defaults(label, version, ops, root, &items, out);
                }
            }
            _ => {}
        }
    }
}

/// One level of the payload an operation list works on: its schema in the previous version
/// and, where it can be followed, in the new one.
struct Level<'a> {
    root: &'a Value,
    schema: &'a Value,
    new_root: &'a Value,
    new_schema: Option<&'a Value>,
}

impl Level<'_> {
    /// Whether a stored payload may hold `name` although the previous version does not declare
    /// it: the level is open and the new version declares the name, so an upcast may clear or
    /// move what is stored under it.
    fn may_hold(&self, name: &str) -> bool {
        let open = deref(self.root, self.schema).is_some_and(|s| {
            s.get("additionalProperties")
                .is_none_or(|a| a != &Value::Bool(false))
                && s.get("patternProperties").is_none()
        });
        open && self
            .new_schema
            .and_then(|n| fields(self.new_root, n, 0))
            .is_some_and(|f| f.iter().any(|f| f == name))
    }
}

fn walk_ops(
    up: &Upcaster,
    label: &str,
    prev: u64,
    ops: &[UpcastOp],
    level: &Level<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let root = level.root;
    let Some(mut known) = fields(root, level.schema, 0) else {
        return;
    };
    // Current name → name in the previous version, for fields renamed earlier in the list.
    let mut origin: Vec<(String, String)> = Vec::new();
    let invalid = |n: &Name, message: String, help: &str| {
        Diagnostic::new(Rule::UpcastInvalid, format!("{label}: {message}"))
            .at(n.span, "this operation")
            .help(help.to_string())
    };
    for op in ops {
        match op {
            UpcastOp::Add(fs) => known.extend(fs.iter().map(|(n, _)| n.text.clone())),
            UpcastOp::Rename(pairs) => {
                for (old, new) in pairs {
                    if !known.contains(&old.text) && !level.may_hold(&old.text) {
                        out.push(invalid(
                            old,
                            format!("renames `{}`, which v{prev} does not have", old.text),
                            "rename a field of the previous version, or one the new version declares that an open previous version may hold",
                        ));
                    } else if known.contains(&new.text) {
                        out.push(invalid(
                            new,
                            format!("renames to `{}`, which already exists", new.text),
                            "remove or rename the existing field first",
                        ));
                    }
                    known.retain(|k| k != &old.text);
                    known.push(new.text.clone());
                    let source = origin
                        .iter()
                        .find(|(n, _)| n == &old.text)
                        .map_or(old.text.clone(), |(_, o)| o.clone());
                    origin.push((new.text.clone(), source));
                }
            }
            UpcastOp::Remove(names) => {
                for n in names {
                    if !known.contains(&n.text) && !level.may_hold(&n.text) {
                        out.push(invalid(
                            n,
                            format!("removes `{}`, which v{prev} does not have", n.text),
                            "remove a field of the previous version, or one the new version declares that an open previous version may hold",
                        ));
                    }
                    known.retain(|k| k != &n.text);
                }
            }
            UpcastOp::Set(pairs) => {
                for (field, expr) in pairs {
                    match up.variables(&expr.text) {
                        Err(e) => out.push(invalid(
                            expr,
                            format!("expression `{}` does not compile: {e}", expr.text),
                            "write a minijinja expression over the payload's fields",
                        )),
                        Ok(vars) => {
                            for var in vars.iter().filter(|v| !known.contains(v)) {
                                out.push(invalid(
                                    expr,
                                    format!("expression `{}` uses `{var}`, which v{prev} does not have here", expr.text),
                                    &format!("fields available: {}", known.join(", ")),
                                ));
                            }
                        }
                    }
                    known.push(field.text.clone());
                }
            }
            UpcastOp::Each { path, ops } => {
                if !known.contains(&path.text) {
                    out.push(invalid(
                        path,
                        format!("`each` walks `{}`, which v{prev} does not have", path.text),
                        "walk an array or object field of the previous version",
                    ));
                    continue;
                }
                let source = origin
                    .iter()
                    .rev()
                    .find(|(n, _)| n == &path.text)
                    .map_or(path.text.as_str(), |(_, o)| o.as_str());
                let new_items = level
                    .new_schema
                    .and_then(|n| element(level.new_root, n, &path.text));
                if let Some(items) = element(root, level.schema, source) {
                    let inner = Level {
                        root,
                        schema: &items,
                        new_root: level.new_root,
                        new_schema: new_items.as_ref(),
                    };
                    walk_ops(up, label, prev, ops, &inner, out);
                }
            }
        }
    }
}
