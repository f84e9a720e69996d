//! The schema checks of a generated payload type, as Rust statements: what serde cannot enforce
//! through the type itself (bounds, lengths, patterns, `multipleOf`, array sizes and uniqueness,
//! the formats with a check that needs no crate). Each statement reads a value through a
//! reference and pushes an `Invalid` with the value's JSON pointer; the semantics are the JSON
//! Schema validator's, so that a generated check and `eventctl validate` agree (see
//! docs/gen.md).

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

fn rust_str(s: &str) -> String {
    format!("{s:?}")
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

fn push(out: &mut Vec<String>, cond: &str, path: &str, message: String) {
    out.push(format!(
        "if {cond} {{ out.push(payload::Invalid::new(&{path}, {})); }}",
        rust_str(&message)
    ));
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
/// with `path` (an expression of its JSON pointer, a `String`); `depth` keeps nested names
/// apart.
pub fn value(
    c: &mut Checker<'_>,
    schema: &Value,
    ty: &str,
    v: &str,
    path: &str,
    depth: usize,
) -> Vec<String> {
    let (root, structs) = (c.root, c.structs);
    let needs = &mut *c.needs;
    let schema = resolve(root, schema);
    let mut out = Vec::new();
    match ty {
        "String" => string(schema, v, path, needs, &mut out),
        "i64" | "f64" | "rust_decimal::Decimal" => {
            let x = match ty {
                "i64" => format!("(*{v} as f64)"),
                "f64" => format!("(*{v})"),
                _ => format!("*{v}"),
            };
            numeric(schema, &x, ty == "rust_decimal::Decimal", path, &mut out);
        }
        _ if ty.starts_with("Vec<") => {
            array(c, schema, ty, (v, path), depth, &mut out);
        }
        _ if structs.iter().any(|s| s == ty) => {
            out.push(format!("payload::Check::check({v}, &{path}, out);"));
        }
        _ => {}
    }
    out
}

fn string(schema: &Value, v: &str, path: &str, needs: &mut Needs, out: &mut Vec<String>) {
    let min = count(schema, "minLength");
    let max = count(schema, "maxLength");
    if min.is_some() || max.is_some() {
        let n = format!("{v}.chars().count()");
        match min {
            Some(1) => push(out, &format!("{v}.is_empty()"), path, "empty".into()),
            Some(m) if m > 1 => {
                push(
                    out,
                    &format!("{n} < {m}"),
                    path,
                    format!("shorter than {m} characters"),
                );
            }
            _ => {}
        }
        if let Some(m) = max {
            push(
                out,
                &format!("{n} > {m}"),
                path,
                format!("longer than {m} characters"),
            );
        }
    }
    if let Some(p) = schema.get("pattern").and_then(Value::as_str)
        && regex::Regex::new(p).is_ok()
    {
        needs.regex = true;
        out.push(format!(
            "{{ static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new({}).expect(\"a pattern eventctl compiled\")); if !RE.is_match({v}) {{ out.push(payload::Invalid::new(&{path}, {})); }} }}",
            rust_str(p),
            rust_str(&format!("does not match the pattern {p}"))
        ));
    }
    if let Some(f) = schema.get("format").and_then(Value::as_str)
        && CHECKED_FORMATS.contains(&f)
    {
        push(
            out,
            &format!("!payload::format({}, {v})", rust_str(f)),
            path,
            format!("not a valid {f}"),
        );
    }
}

/// A number of the schema as a literal of the checked type: an `f64`, or a `Decimal` parsed
/// from the decimal the number prints as (`None` beyond a `Decimal`'s range).
fn literal(x: f64, decimal: bool) -> String {
    if decimal {
        format!("payload::decimal({:?})", format!("{x}"))
    } else {
        float(x)
    }
}

fn numeric(schema: &Value, x: &str, decimal: bool, path: &str, out: &mut Vec<String>) {
    for (key, op, word) in [
        ("minimum", "<", "less than"),
        ("exclusiveMinimum", "<=", "at most"),
        ("maximum", ">", "more than"),
        ("exclusiveMaximum", ">=", "at least"),
    ] {
        if let Some(b) = number(schema, key) {
            let cond = if decimal {
                format!("{}.is_some_and(|b| {x} {op} b)", literal(b, true))
            } else {
                format!("{x} {op} {}", float(b))
            };
            push(out, &cond, path, format!("{word} {}", schema[key]));
        }
    }
    if let Some(m) = number(schema, "multipleOf").filter(|m| *m > 0.0) {
        let cond = if decimal {
            format!(
                "{}.is_some_and(|m| !(({x}) % m).is_zero())",
                literal(m, true)
            )
        } else {
            format!("!payload::multiple_of({x}, {})", float(m))
        };
        push(
            out,
            &cond,
            path,
            format!("not a multiple of {}", schema["multipleOf"]),
        );
    }
}

fn array(
    c: &mut Checker<'_>,
    schema: &Value,
    ty: &str,
    (v, path): (&str, &str),
    depth: usize,
    out: &mut Vec<String>,
) {
    match count(schema, "minItems") {
        Some(1) => push(out, &format!("{v}.is_empty()"), path, "empty".into()),
        Some(m) if m > 1 => {
            push(
                out,
                &format!("{v}.len() < {m}"),
                path,
                format!("fewer than {m} items"),
            );
        }
        _ => {}
    }
    if let Some(m) = count(schema, "maxItems") {
        push(
            out,
            &format!("{v}.len() > {m}"),
            path,
            format!("more than {m} items"),
        );
    }
    if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
        push(
            out,
            &format!("!payload::unique({v})"),
            path,
            "holds the same item twice".into(),
        );
    }
    let inner = &ty[4..ty.len() - 1];
    let (inner, optional) = match inner.strip_prefix("Option<") {
        Some(t) => (&t[..t.len() - 1], true),
        None => (inner, false),
    };
    let Some(items) = schema.get("items") else {
        return;
    };
    let (item, p) = (format!("item{depth}"), format!("path{depth}"));
    let body = value(c, items, inner, &item, &p, depth + 1);
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
        "for (i, {item}) in {v}.iter().enumerate() {{ {open}let {p} = format!(\"{{}}/{{i}}\", {path}); {}{close} }}",
        body.join("\n            ")
    ));
}
