//! The schema checks of a generated payload type, as Rust statements: what serde cannot enforce
//! through the type itself (bounds, lengths, patterns, `multipleOf`, array sizes and uniqueness,
//! the formats with a check that needs no crate). Each statement reads a value through a
//! reference and pushes an `Invalid` with the value's JSON pointer; the semantics are the JSON
//! Schema validator's, so that a generated check and `eventctl validate` agree (see
//! docs/gen.md).

use super::types::rust_str;
use serde_json::Value;

/// Formats the generated `payload.rs` checks; any other format is left to the reader.
pub const CHECKED_FORMATS: [&str; 7] =
    ["date-time", "date", "time", "email", "uuid", "ipv4", "ipv6"];

/// What the checks of one type need from the generated crate.
#[derive(Debug, Default, Clone, Copy)]
pub struct Needs {
    /// A `pattern` is checked: the crate depends on `regex`.
    pub regex: bool,
    /// A field is a `Decimal`: the crate depends on `rust_decimal`.
    pub decimal: bool,
}

/// Follows `$ref`s into `root` and unwraps a nullable `anyOf`/`oneOf` of one real schema, as
/// the type mapper does.
fn resolve<'a>(root: &'a Value, mut s: &'a Value) -> &'a Value {
    for _ in 0..16 {
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            match r.strip_prefix('#').and_then(|p| root.pointer(p)) {
                Some(t) => {
                    s = t;
                    continue;
                }
                None => return s,
            }
        }
        let real: Option<Vec<&Value>> = ["anyOf", "oneOf"].iter().find_map(|k| {
            let alts = s.get(*k)?.as_array()?;
            let real: Vec<&Value> = alts
                .iter()
                .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            (real.len() == 1 && alts.len() == 2 && s.get("type").is_none()).then_some(real)
        });
        match real {
            Some(r) => s = r[0],
            None => return s,
        }
    }
    s
}

fn number(s: &Value, key: &str) -> Option<f64> {
    s.get(key).and_then(Value::as_f64)
}

fn count(s: &Value, key: &str) -> Option<u64> {
    s.get(key).and_then(Value::as_u64)
}

/// A float literal Rust reads back as the same `f64`.
fn float(x: f64) -> String {
    format!("{x:?}_f64")
}

/// What the checks of one schema document are written with.
pub struct Checker<'a> {
    /// The document, for `$ref`s into it.
    pub root: &'a Value,
    /// The types that have a `check` method.
    pub structs: &'a [String],
    /// What the checks written so far need.
    pub needs: &'a mut Needs,
}

/// Statements checking the value `v` (an expression of a reference to `ty`) against `schema`,
/// at `at` (an expression of a `(&str, &str)`: the parent's JSON pointer and the key, empty
/// for the parent itself); `depth` keeps nested names apart. Each is one call of a
/// `payload.rs` helper with the schema's rules as a list, which keeps the generated code small.
pub fn value(
    c: &mut Checker<'_>,
    schema: &Value,
    ty: &str,
    v: &str,
    at: &str,
    depth: usize,
) -> Vec<String> {
    let schema = resolve(c.root, schema);
    let mut out = Vec::new();
    // `v` is a reference: `&self.field`, or a name bound to one; `place` is what it points at.
    let place = v
        .strip_prefix('&')
        .map_or_else(|| format!("*{v}"), str::to_string);
    let call = |out: &mut Vec<String>, helper: &str, arg: String, rules: Vec<String>| {
        if !rules.is_empty() {
            out.push(format!(
                "payload::{helper}(out, {at}, {arg}, &[{}]);",
                rules.join(", ")
            ));
        }
    };
    match ty {
        "String" => {
            let rules = string(schema, c.needs);
            call(&mut out, "text", v.to_string(), rules);
        }
        "i64" => call(
            &mut out,
            "number",
            format!("{place} as f64"),
            numeric(schema),
        ),
        "f64" => call(&mut out, "number", place.clone(), numeric(schema)),
        "rust_decimal::Decimal" => call(&mut out, "exact", v.to_string(), numeric(schema)),
        _ if ty.starts_with("Vec<") => {
            let rules = sizes(schema);
            call(&mut out, "items", v.to_string(), rules);
            items(c, schema, ty, (&place, at), depth, &mut out);
        }
        _ if c.structs.iter().any(|s| s == ty) => {
            out.push(format!(
                "payload::Check::check({v}, &payload::pointer({at}), out);"
            ));
        }
        _ => {}
    }
    out
}

fn string(schema: &Value, needs: &mut Needs) -> Vec<String> {
    let mut rules = Vec::new();
    if let Some(m) = count(schema, "minLength").filter(|&m| m > 0) {
        rules.push(format!("payload::R::MinLength({m})"));
    }
    if let Some(m) = count(schema, "maxLength") {
        rules.push(format!("payload::R::MaxLength({m})"));
    }
    if let Some(p) = schema.get("pattern").and_then(Value::as_str)
        && regex::Regex::new(p).is_ok()
    {
        needs.regex = true;
        rules.push(format!("payload::R::Pattern({})", rust_str(p)));
    }
    if let Some(f) = schema.get("format").and_then(Value::as_str)
        && CHECKED_FORMATS.contains(&f)
    {
        rules.push(format!("payload::R::Format({})", rust_str(f)));
    }
    rules
}

fn numeric(schema: &Value) -> Vec<String> {
    let mut rules = Vec::new();
    for (key, rule) in [
        ("minimum", "Minimum"),
        ("exclusiveMinimum", "ExclusiveMinimum"),
        ("maximum", "Maximum"),
        ("exclusiveMaximum", "ExclusiveMaximum"),
    ] {
        if let Some(b) = number(schema, key) {
            rules.push(format!("payload::R::{rule}({})", float(b)));
        }
    }
    if let Some(m) = number(schema, "multipleOf").filter(|m| *m > 0.0) {
        rules.push(format!("payload::R::MultipleOf({})", float(m)));
    }
    rules
}

fn sizes(schema: &Value) -> Vec<String> {
    let mut rules = Vec::new();
    if let Some(m) = count(schema, "minItems").filter(|&m| m > 0) {
        rules.push(format!("payload::R::MinItems({m})"));
    }
    if let Some(m) = count(schema, "maxItems") {
        rules.push(format!("payload::R::MaxItems({m})"));
    }
    if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
        rules.push("payload::R::UniqueItems".into());
    }
    rules
}

/// Each item's own checks, when it has any.
fn items(
    c: &mut Checker<'_>,
    schema: &Value,
    ty: &str,
    (place, at): (&str, &str),
    depth: usize,
    out: &mut Vec<String>,
) {
    let inner = &ty[4..ty.len() - 1];
    let (inner, optional) = match inner.strip_prefix("Option<") {
        Some(t) => (&t[..t.len() - 1], true),
        None => (inner, false),
    };
    let Some(items) = schema.get("items") else {
        return;
    };
    let (item, p) = (format!("item{depth}"), format!("path{depth}"));
    let body = value(c, items, inner, &item, &format!("(&{p}, \"\")"), depth + 1);
    if body.is_empty() {
        return;
    }
    let open = if optional {
        format!("if let Some({item}) = {item} {{ ")
    } else {
        String::new()
    };
    let close = if optional { " }" } else { "" };
    out.push(format!(
        "for (i, {item}) in {place}.iter().enumerate() {{ {open}let {p} = format!(\"{{}}/{{i}}\", payload::pointer({at})); {}{close} }}",
        body.join(" ")
    ));
}
