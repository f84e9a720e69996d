//! Version chains: each version's schema and examples, each step against its compatibility
//! mode (`compat-breaking`, `compat-unknown`), the upcast operations (`upcast-invalid`,
//! `upcast-missing`) and the proof that upcasts bridge the changes (`upcast-proof-failed`).
//! Each event is checked on its own, in parallel.

use super::schemas::{Job, check_schema};
use crate::compat::upcast::Upcaster;
use crate::compat::{self, Direction, Effect, Mode, Profile, synth};
use crate::diag::Diagnostic;
use crate::model::{Catalog, CompatMode, Event, EventId, Json, Name, UpcastOp, Version};
use crate::source::Span;
use rayon::prelude::*;
use serde_json::Value;

pub(super) fn check(cat: &Catalog) -> Vec<Diagnostic> {
    (0..cat.events.len())
        .into_par_iter()
        .flat_map_iter(|i| event(cat, EventId::new(i)))
        .collect()
}

/// The mode of the step into `v`, and whether it is transitive.
pub fn step_mode(cat: &Catalog, e: &Event, v: &Version) -> (Mode, bool) {
    let declared = v
        .compatibility
        .map(|(m, _)| m)
        .or(e.compatibility.map(|(m, _)| m))
        .or(cat.default_compatibility)
        .unwrap_or(CompatMode::Backward);
    match declared {
        CompatMode::None => (Mode::None, false),
        CompatMode::Backward => (Mode::Backward, false),
        CompatMode::BackwardTransitive => (Mode::Backward, true),
        CompatMode::Forward => (Mode::Forward, false),
        CompatMode::ForwardTransitive => (Mode::Forward, true),
        CompatMode::Full => (Mode::Full, false),
        CompatMode::FullTransitive => (Mode::Full, true),
    }
}

fn mode_word(mode: Mode) -> &'static str {
    match mode {
        Mode::None => "none",
        Mode::Backward => "backward",
        Mode::Forward => "forward",
        Mode::Full => "full",
    }
}

fn event(cat: &Catalog, id: EventId) -> Vec<Diagnostic> {
    let e = cat.event(id);
    let name = cat.event_name(id);
    let mut out = Vec::new();
    let mut validators = Vec::new();
    for v in &e.versions {
        let Some(schema) = &v.schema else {
            validators.push(None);
            continue;
        };
        let job = Job {
            owner: format!("`{name}` v{}", v.number),
            schema,
            payloads: v
                .examples
                .iter()
                .map(|x| (x, "example".to_string()))
                .collect(),
        };
        let (found, validator) = check_schema(&job);
        out.extend(found);
        validators.push(validator);
    }
    // Steps are checked only on a clean, ordered chain whose schemas all compile.
    let ordered = e
        .versions
        .iter()
        .enumerate()
        .all(|(i, v)| v.number == i as u64 + 1);
    if !ordered || validators.iter().any(Option::is_none) {
        return out;
    }
    let values: Vec<Value> = e
        .versions
        .iter()
        .filter_map(|v| v.schema.as_ref().map(Json::value))
        .collect();
    let upcaster = Upcaster::new();
    let mut pool = Samples::new(&values, &validators);
    for i in 1..e.versions.len() {
        let v = &e.versions[i];
        let (mode, transitive) = step_mode(cat, e, v);
        let earlier: Vec<usize> = if transitive {
            (0..i).collect()
        } else {
            vec![i - 1]
        };
        let mut bridged_needed = false;
        for &j in &earlier {
            // An upcast somewhere on the path from v(j) to v(i) may bridge a backward break.
            let has_upcast = e.versions[j + 1..=i].iter().any(|x| !x.upcast.is_empty());
            let report = compat::check(&values[j], &values[i], mode, cat.profile);
            for f in &report.findings {
                if f.effect == Effect::Unknown && cat.profile == Profile::Lenient {
                    continue;
                }
                let backward = f.direction == Direction::Backward;
                if backward && has_upcast {
                    bridged_needed = true;
                    continue;
                }
                out.push(step_finding(&name, e, j, i, mode, f));
            }
        }
        if mode == Mode::None && v.upcast.is_empty() {
            let report = compat::check(&values[i - 1], &values[i], Mode::Backward, cat.profile);
            if report.fails() {
                let schema = v.schema.as_ref().map_or(v.span, Json::span);
                let mut d = Diagnostic::new(
                    "upcast-missing",
                    format!(
                        "`{name}` v{} is declared breaking but has no upcast, so stored v{} events cannot be read",
                        v.number,
                        e.versions[i - 1].number
                    ),
                )
                .at(v.span, "breaking version")
                .with(schema, "this schema");
                if let Some(f) = report.findings.first() {
                    d = d.help(format!(
                        "add `upcast:` operations; first difference: {} ({})",
                        f.message, f.rule
                    ));
                }
                out.push(d);
            }
        }
        if !v.upcast.is_empty() {
            out.extend(static_checks(
                &upcaster,
                &name,
                &e.versions[i - 1],
                v,
                &values[i - 1],
                &values[i],
            ));
        }
        if !v.upcast.is_empty() || bridged_needed {
            out.extend(prove(&upcaster, &name, e, i, &mut pool));
        }
    }
    out
}

fn step_finding(
    name: &str,
    e: &Event,
    j: usize,
    i: usize,
    mode: Mode,
    f: &compat::Finding,
) -> Diagnostic {
    let (old, new) = (&e.versions[j], &e.versions[i]);
    let (Some(old_schema), Some(new_schema)) = (&old.schema, &new.schema) else {
        return Diagnostic::new("compat-breaking", f.message.clone()).at(new.span, "");
    };
    let rule = if f.effect == Effect::Breaking {
        "compat-breaking"
    } else {
        "compat-unknown"
    };
    let what = if f.effect == Effect::Breaking {
        "is not"
    } else {
        "may not be"
    };
    let can = if f.effect == Effect::Breaking {
        "cannot"
    } else {
        "may not"
    };
    let reader = match f.direction {
        Direction::Backward => format!("v{} {can} read every stored v{}", new.number, old.number),
        Direction::Forward => format!(
            "v{} readers {can} read every v{} event",
            old.number, new.number
        ),
    };
    Diagnostic::new(
        rule,
        format!("`{name}` v{} {what} {} compatible with v{}: {} [{}]", new.number, mode_word(mode), old.number, f.message, f.rule),
    )
    .at(new_schema.span_at(&f.new_pointer, true), format!("in v{}", new.number))
    .with(old_schema.span_at(&f.old_pointer, true), format!("in v{}", old.number))
    .help(match f.direction {
        Direction::Backward => format!("{reader}: add an upcast that bridges the change, or restore it"),
        Direction::Forward => format!("{reader}: consumers on the older version need the field; relax the new schema or declare a looser mode"),
    })
}

/// Where an operation was written.
fn op_span(op: &UpcastOp) -> Option<Span> {
    match op {
        UpcastOp::Add(f) => f.first().map(|(n, _)| n.span),
        UpcastOp::Rename(p) | UpcastOp::Set(p) => p.first().map(|(n, _)| n.span),
        UpcastOp::Remove(n) => n.first().map(|n| n.span),
        UpcastOp::Each { path, .. } => Some(path.span),
    }
}

/// The operation at a path of indexes through `each`.
fn op_at<'a>(ops: &'a [UpcastOp], path: &[usize]) -> Option<&'a UpcastOp> {
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

fn static_checks(
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
    walk_ops(
        up,
        &label,
        prev.number,
        &v.upcast,
        prev_schema,
        prev_schema,
        &mut out,
    );
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
                    let mut schema = prop.clone();
                    if let (Value::Object(s), Value::Object(r)) = (&mut schema, root) {
                        for key in ["definitions", "$defs", "$schema"] {
                            if let Some(v) = r.get(key) {
                                s.entry(key.to_string()).or_insert_with(|| v.clone());
                            }
                        }
                    }
                    let Ok(validator) = jsonschema::options().offline().build(&schema) else {
                        continue;
                    };
                    if let Some(err) = validator.iter_errors(&default.value()).next() {
                        out.push(
                            Diagnostic::new("upcast-invalid", format!("{label}: the default of `{}` is not a valid v{version} value: {err}", name.text))
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

fn walk_ops(
    up: &Upcaster,
    label: &str,
    prev: u64,
    ops: &[UpcastOp],
    root: &Value,
    level: &Value,
    out: &mut Vec<Diagnostic>,
) {
    let Some(mut known) = fields(root, level, 0) else {
        return;
    };
    // Current name → name in the previous version, for fields renamed earlier in the list.
    let mut origin: Vec<(String, String)> = Vec::new();
    let invalid = |n: &Name, message: String, help: &str| {
        Diagnostic::new("upcast-invalid", format!("{label}: {message}"))
            .at(n.span, "this operation")
            .help(help.to_string())
    };
    for op in ops {
        match op {
            UpcastOp::Add(fs) => known.extend(fs.iter().map(|(n, _)| n.text.clone())),
            UpcastOp::Rename(pairs) => {
                for (old, new) in pairs {
                    if !known.contains(&old.text) {
                        out.push(invalid(
                            old,
                            format!("renames `{}`, which v{prev} does not have", old.text),
                            "rename a field of the previous version",
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
                    if !known.contains(&n.text) {
                        out.push(invalid(
                            n,
                            format!("removes `{}`, which v{prev} does not have", n.text),
                            "remove a field of the previous version",
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
                if let Some(items) = element(root, level, source) {
                    walk_ops(up, label, prev, ops, root, &items, out);
                }
            }
        }
    }
}

/// Payloads of each version to prove upcasts with: its examples, then the synthesised samples
/// its own schema accepts. Built once per version, on first use.
struct Samples<'a> {
    values: &'a [Value],
    validators: &'a [Option<jsonschema::Validator>],
    cache: Vec<Option<Vec<(Value, &'static str)>>>,
}

impl<'a> Samples<'a> {
    fn new(values: &'a [Value], validators: &'a [Option<jsonschema::Validator>]) -> Self {
        Samples {
            values,
            validators,
            cache: vec![None; values.len()],
        }
    }

    fn of(&mut self, e: &Event, j: usize) -> &[(Value, &'static str)] {
        let (values, validators) = (self.values, self.validators);
        self.cache[j].get_or_insert_with(|| {
            let Some(own) = validators[j].as_ref() else {
                return Vec::new();
            };
            let mut samples: Vec<(Value, &'static str)> = e.versions[j]
                .examples
                .iter()
                .map(|x| (x.value(), "example"))
                .collect();
            samples.extend(
                synth::samples(&values[j])
                    .into_iter()
                    .filter(|s| own.is_valid(s))
                    .map(|s| (s, "synthesised sample")),
            );
            samples
        })
    }
}

/// Runs the upcast chain over every older version's samples and validates the results.
fn prove(
    up: &Upcaster,
    name: &str,
    e: &Event,
    i: usize,
    pool: &mut Samples<'_>,
) -> Vec<Diagnostic> {
    let Some(target) = pool.validators[i].as_ref() else {
        return Vec::new();
    };
    let v = &e.versions[i];
    let mut out = Vec::new();
    for j in 0..i {
        let older = &e.versions[j];
        let samples = pool.of(e, j).to_vec();
        for (sample, kind) in samples {
            let mut payload = sample.clone();
            let mut failed = None;
            for step in &e.versions[j + 1..=i] {
                if let Err(err) = up.apply(&step.upcast, &mut payload) {
                    failed = Some((step, err));
                    break;
                }
            }
            if let Some((step, err)) = failed {
                let at = op_at(&step.upcast, &err.op)
                    .and_then(op_span)
                    .unwrap_or(step.span);
                out.push(
                    Diagnostic::new(
                        "upcast-proof-failed",
                        format!(
                            "`{name}` v{} upcast fails on a v{} {kind}: {err}",
                            step.number, older.number
                        ),
                    )
                    .at(at, "this operation")
                    .with(
                        older.span,
                        format!("v{} sample: {}", older.number, short(&sample)),
                    ),
                );
                break;
            }
            if let Some(error) = target.iter_errors(&payload).next() {
                let schema = v
                    .schema
                    .as_ref()
                    .map_or(v.span, |s| s.span_at(error.schema_path().as_str(), true));
                let op = v.upcast.first().and_then(op_span).unwrap_or(v.span);
                out.push(
                    Diagnostic::new(
                        "upcast-proof-failed",
                        format!(
                            "a v{} {kind} upcast to v{} is not valid v{}: {} (sample {} became {})",
                            older.number,
                            v.number,
                            v.number,
                            error,
                            short(&sample),
                            short(&payload)
                        ),
                    )
                    .at(schema, format!("v{} rejects it here", v.number))
                    .with(op, "upcast applied")
                    .help("make the upcast produce what the new schema requires (an `add` default, a `set`), or relax the schema"),
                );
                break;
            }
        }
    }
    out
}

fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 160 {
        format!("{}…", text.chars().take(160).collect::<String>())
    } else {
        text
    }
}
