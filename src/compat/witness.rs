//! Witnesses: for a finding, one payload the writing schema accepts and the reading schema
//! rejects. A synthesised payload of the writer is changed at the place the finding points
//! at (a boundary value, another type, an enum value, a removed or an extra property), and
//! kept only when both validators agree, so a witness is never a guess.

use super::{Direction, Finding, synth};
use crate::cost::Bounded;
use serde_json::{Map, Value, json};

/// Most candidate payloads validated for one finding.
const MAX_TRIES: usize = 300;

/// Longest string built to cross a length bound.
const MAX_LENGTH: u64 = 4096;

/// One step from a payload's root.
#[derive(Clone, Debug, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// What a candidate does at the place.
enum Change {
    Put(Value),
    Remove(String),
}

/// The two schemas of a step with their validators.
pub struct Pair<'a> {
    /// The older schema.
    pub old: &'a Value,
    /// The newer schema.
    pub new: &'a Value,
    /// Validator of the older schema.
    pub old_validator: &'a Bounded,
    /// Validator of the newer schema.
    pub new_validator: &'a Bounded,
    /// Payloads the older schema accepts, to start from for backward findings; when empty,
    /// they are synthesised.
    pub old_samples: &'a [Value],
}

impl Pair<'_> {
    /// A payload valid under the finding's writer and invalid under its reader, if one is found.
    /// Whole numbers are written as integers where both validators agree.
    pub fn witness(&self, f: &Finding) -> Option<Value> {
        let found = self.search(f)?;
        let tidy = tidy(&found);
        let (wv, rv) = match f.direction {
            Direction::Backward => (self.old_validator, self.new_validator),
            Direction::Forward => (self.new_validator, self.old_validator),
        };
        if tidy != found && wv.is_valid(&tidy) == Ok(true) && rv.is_valid(&tidy) == Ok(false) {
            return Some(tidy);
        }
        Some(found)
    }

    fn search(&self, f: &Finding) -> Option<Value> {
        let (writer, reader, wv, rv, wp, rp) = match f.direction {
            Direction::Backward => (
                self.old,
                self.new,
                self.old_validator,
                self.new_validator,
                &f.old_pointer,
                &f.new_pointer,
            ),
            Direction::Forward => (
                self.new,
                self.old,
                self.new_validator,
                self.old_validator,
                &f.new_pointer,
                &f.old_pointer,
            ),
        };
        // The two pointers name the same place, but one may stop at the object that holds it.
        let on_writer = data_path(writer, wp);
        let on_reader = data_path(reader, rp);
        let path = match (&on_writer, &on_reader) {
            (Some((w, _)), Some((r, _))) if r.len() > w.len() => r.clone(),
            (Some((w, _)), _) => w.clone(),
            (None, Some((r, _))) => r.clone(),
            (None, None) => return None,
        };
        let at_writer = on_writer.and_then(|(p, s)| s.filter(|_| p == path));
        let at_reader = on_reader.and_then(|(p, s)| s.filter(|_| p == path));
        let synthesised: Vec<Value>;
        let bases: &[Value] = if f.direction == Direction::Backward && !self.old_samples.is_empty()
        {
            self.old_samples
        } else {
            synthesised = synth::samples(writer)
                .into_iter()
                .filter(|b| wv.is_valid(b) == Ok(true))
                .collect();
            &synthesised
        };
        // A payload of the writer may already be one: a newly required field it never holds.
        if let Some(b) = bases.iter().find(|b| rv.is_valid(b) == Ok(false)) {
            return Some(b.clone());
        }
        let mut tries = 0;
        let quick = candidates(at_writer, at_reader);
        if let Some(w) = search(bases, &path, &quick, at_reader, true, wv, rv, &mut tries) {
            return Some(w);
        }
        // The writer's own values at the place, synthesised only when nothing simpler broke.
        let own: Vec<Change> = at_writer
            .map(|s| {
                let s = super::standalone(writer, s);
                synth::samples(&s).into_iter().map(Change::Put).collect()
            })
            .unwrap_or_default();
        search(bases, &path, &own, None, false, wv, rv, &mut tries)
    }
}

/// `v` with whole floating-point numbers written as integers: `0` rather than `0.0`.
fn tidy(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9e15 => json!(f as i64),
            _ => v.clone(),
        },
        Value::Array(a) => Value::Array(a.iter().map(tidy).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), tidy(v))).collect()),
        _ => v.clone(),
    }
}

/// The first candidate made from `bases` that the writer accepts and the reader rejects;
/// with `extras`, also each base with a property removed or added, or an array resized.
#[allow(clippy::too_many_arguments)]
fn search(
    bases: &[Value],
    path: &[Step],
    changes: &[Change],
    at_reader: Option<&Value>,
    extras: bool,
    wv: &Bounded,
    rv: &Bounded,
    tries: &mut usize,
) -> Option<Value> {
    {
        for base in bases {
            let mut changes_here: Vec<Change> = Vec::new();
            if let Some(Value::Object(m)) = get(base, path).filter(|_| extras) {
                changes_here.extend(m.keys().map(|k| Change::Remove(k.clone())));
                for extra in [json!(42), json!("x"), Value::Null] {
                    let mut m = m.clone();
                    m.insert("unexpected_field".into(), extra);
                    changes_here.push(Change::Put(Value::Object(m)));
                }
            }
            if let Some(Value::Array(items)) = get(base, path).filter(|_| extras) {
                changes_here.extend(array_lengths(items, at_reader));
            }
            for change in changes.iter().chain(&changes_here) {
                *tries += 1;
                if *tries > MAX_TRIES {
                    return None;
                }
                let Some(candidate) = apply(base, path, change) else {
                    continue;
                };
                if wv.is_valid(&candidate) == Ok(true) && rv.is_valid(&candidate) == Ok(false) {
                    return Some(candidate);
                }
            }
        }
        None
    }
}

impl super::Report {
    /// Gives each breaking finding a witness, where one is found.
    pub fn find_witnesses(&mut self, pair: &Pair<'_>) {
        for f in &mut self.findings {
            if f.effect == super::Effect::Breaking && f.witness.is_none() {
                f.witness = pair.witness(f);
            }
        }
    }
}

/// A validator for a payload schema, as the catalog builds them (offline, formats checked).
pub fn validator(schema: &Value) -> Option<Bounded> {
    jsonschema::options()
        .offline()
        .should_validate_formats(true)
        .build(schema)
        .ok()
        .map(|v| Bounded::new(v, schema))
}

/// The place in a payload a schema pointer describes, and the schema found there. `None` when
/// the pointer passes through something no single place stands for (a pattern of names).
fn data_path<'v>(root: &'v Value, pointer: &str) -> Option<(Vec<Step>, Option<&'v Value>)> {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let (mut path, mut rest) = match tokens.first().map(String::as_str) {
        Some("definitions" | "$defs") if tokens.len() >= 2 => {
            let target = format!("#/{}/{}", tokens[0], tokens[1]);
            (referrer(root, root, &target, 0)?, &tokens[2..])
        }
        _ => (Vec::new(), &tokens[..]),
    };
    let mut schema = match tokens.first().map(String::as_str) {
        Some("definitions" | "$defs") => root.get(&tokens[0])?.get(&tokens[1]),
        _ => Some(root),
    };
    while let Some((head, tail)) = rest.split_first() {
        let next = tail.first();
        let (step, used) = match (head.as_str(), next) {
            ("properties", Some(name)) => (Some(Step::Key(name.clone())), 2),
            ("items" | "prefixItems", Some(n)) if n.parse::<usize>().is_ok() => {
                (Some(Step::Index(n.parse().ok()?)), 2)
            }
            ("items", _) => (Some(Step::Index(0)), 1),
            ("additionalProperties", _) => (Some(Step::Key("unexpected_field".into())), 1),
            ("allOf" | "anyOf" | "oneOf", Some(_)) => (None, 2),
            ("not" | "if" | "then" | "else", _) => (None, 1),
            ("patternProperties" | "additionalItems" | "contains", _) => return None,
            _ => break,
        };
        schema = tokens_into(schema, &rest[..used]);
        path.extend(step);
        rest = &rest[used..];
    }
    Some((path, schema))
}

fn tokens_into<'v>(mut schema: Option<&'v Value>, tokens: &[String]) -> Option<&'v Value> {
    for t in tokens {
        schema = match schema? {
            Value::Array(a) => a.get(t.parse::<usize>().ok()?),
            v => v.get(t),
        };
    }
    schema
}

/// The data path from `schema` to a `$ref` that names `target`, searching a few levels.
fn referrer(root: &Value, schema: &Value, target: &str, depth: usize) -> Option<Vec<Step>> {
    if depth > 12 {
        return None;
    }
    if schema.get("$ref").and_then(Value::as_str) == Some(target) {
        return Some(Vec::new());
    }
    let Value::Object(m) = schema else {
        return None;
    };
    if let Some(Value::Object(props)) = m.get("properties") {
        for (name, s) in props {
            if let Some(mut rest) = referrer(root, s, target, depth + 1) {
                rest.insert(0, Step::Key(name.clone()));
                return Some(rest);
            }
        }
    }
    if let Some(items @ Value::Object(_)) = m.get("items")
        && let Some(mut rest) = referrer(root, items, target, depth + 1)
    {
        rest.insert(0, Step::Index(0));
        return Some(rest);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for part in m.get(key).and_then(Value::as_array).into_iter().flatten() {
            if let Some(rest) = referrer(root, part, target, depth + 1) {
                return Some(rest);
            }
        }
    }
    if let Some(r) = m.get("$ref").and_then(Value::as_str)
        && let Some(p) = r.strip_prefix('#')
        && let Some(s) = root.pointer(p)
    {
        return referrer(root, s, target, depth + 1);
    }
    None
}

/// Values to put at the place: bounds and their neighbours, enum values, lengths, one value
/// of every type, then the writer's own samples there.
fn candidates(at_writer: Option<&Value>, at_reader: Option<&Value>) -> Vec<Change> {
    let mut values: Vec<Value> = Vec::new();
    for s in [at_reader, at_writer].into_iter().flatten() {
        bounds(s, &mut values);
    }
    for s in [at_writer, at_reader].into_iter().flatten() {
        if let Some(Value::Array(e)) = s.get("enum") {
            values.extend(e.iter().take(64).cloned());
        }
        if let Some(c) = s.get("const") {
            values.push(c.clone());
        }
    }
    values.extend([
        json!(42),
        json!("x"),
        Value::Null,
        json!(true),
        json!(-1),
        json!(0.5),
        json!(""),
        json!("not a date, a time, an e-mail or a uuid"),
        json!([]),
        json!({}),
    ]);
    let mut out: Vec<Change> = Vec::new();
    for v in values {
        if !out.iter().any(|c| matches!(c, Change::Put(x) if *x == v)) {
            out.push(Change::Put(v));
        }
    }
    out
}

fn bounds(s: &Value, out: &mut Vec<Value>) {
    for key in ["minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"] {
        if let Some(n) = s.get(key).and_then(Value::as_f64) {
            for d in [0.0, -1.0, 1.0, -0.5, 0.5] {
                out.push(number(n + d));
            }
        }
    }
    for key in ["minLength", "maxLength"] {
        if let Some(n) = s
            .get(key)
            .and_then(Value::as_u64)
            .filter(|n| *n <= MAX_LENGTH)
        {
            for len in [n.saturating_sub(1), n, n + 1] {
                out.push(Value::String("a".repeat(len as usize)));
            }
        }
    }
}

fn number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}

/// Arrays one shorter and one longer than the reader's bounds, from the payload's own items.
fn array_lengths(items: &[Value], reader: Option<&Value>) -> Vec<Change> {
    let mut out = Vec::new();
    let Some(first) = items.first() else {
        return out;
    };
    for key in ["minItems", "maxItems"] {
        if let Some(n) = reader
            .and_then(|r| r.get(key))
            .and_then(Value::as_u64)
            .filter(|n| *n <= MAX_LENGTH)
        {
            for len in [n.saturating_sub(1), n + 1] {
                out.push(Change::Put(Value::Array(vec![first.clone(); len as usize])));
            }
        }
    }
    out.push(Change::Put(Value::Array(vec![
        first.clone(),
        first.clone(),
    ])));
    out
}

fn get<'v>(v: &'v Value, path: &[Step]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, step| match step {
        Step::Key(k) => v.get(k),
        Step::Index(i) => v.get(*i),
    })
}

/// `base` with `change` made at `path`; missing objects and arrays on the way are created.
fn apply(base: &Value, path: &[Step], change: &Change) -> Option<Value> {
    let mut out = base.clone();
    let mut here = &mut out;
    let Some((last, parents)) = path.split_last() else {
        return match change {
            Change::Put(v) => Some(v.clone()),
            Change::Remove(k) => {
                here.as_object_mut()?.remove(k)?;
                Some(out)
            }
        };
    };
    for (i, step) in parents.iter().enumerate() {
        let fresh = match path[i + 1] {
            Step::Key(_) => Value::Object(Map::new()),
            Step::Index(_) => Value::Array(Vec::new()),
        };
        here = slot(here, step, fresh)?;
    }
    match change {
        Change::Put(v) => *slot(here, last, Value::Null)? = v.clone(),
        Change::Remove(k) => {
            slot(here, last, Value::Null)?.as_object_mut()?.remove(k)?;
        }
    }
    Some(out)
}

fn slot<'v>(v: &'v mut Value, step: &Step, fresh: Value) -> Option<&'v mut Value> {
    match (v, step) {
        (Value::Object(m), Step::Key(k)) => Some(m.entry(k.clone()).or_insert(fresh)),
        (Value::Array(a), Step::Index(i)) => {
            if *i == a.len() {
                a.push(fresh);
            }
            a.get_mut(*i)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
