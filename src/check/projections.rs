//! Projections checked before any replay: the key and every field a `set` reads exist in the
//! handled event's latest payload (`projection-unknown-field`), a value's inferred type fits
//! its field (`projection-type-mismatch`), and a handler that may create a row sets every
//! field that is not nullable (`projection-row-incomplete`).

use super::mapping::field;
use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, Causes, EventId, Json, Name, Projection, ProjectionHandler};
use crate::upcast::Upcaster;
use rayon::prelude::*;
use serde_json::Value;
use std::collections::HashMap;

/// Each projection is checked on its own, in parallel.
pub(super) fn check(cat: &Catalog, out: &mut Vec<Diagnostic>) {
    if cat.projections.is_empty() {
        return;
    }
    let causes = Causes::new(cat);
    let found: Vec<Vec<Diagnostic>> = cat
        .projections
        .par_iter()
        .map_init(
            || (Upcaster::new(), Compiled::new()),
            |(up, compiled), p| {
                let mut out = Vec::new();
                for h in &p.handlers {
                    handler(cat, up, compiled, p, h, &mut out);
                }
                rows(cat, &causes, p, &mut out);
                out
            },
        )
        .collect();
    out.extend(found.into_iter().flatten());
}

/// Each expression's text → what it reads and, for a constant, its value; or why it does not
/// compile. Views repeat the same few expressions, so each is compiled once.
type Compiled = HashMap<String, Result<(Vec<String>, Option<Value>), String>>;

fn handler(
    cat: &Catalog,
    up: &Upcaster,
    compiled: &mut Compiled,
    p: &Projection,
    h: &ProjectionHandler,
    out: &mut Vec<Diagnostic>,
) {
    let event = cat.event_name(h.event);
    let Some(schema) = cat.event(h.event).latest().and_then(|v| v.schema.as_ref()) else {
        return;
    };
    // Names and types are read from the schema's own nodes; only a dotted path builds JSON.
    let root = std::cell::OnceCell::new();
    let root = || root.get_or_init(|| schema.value());
    // A schema that declares no properties says nothing about the payload's fields.
    let declares = declared(schema);
    if declares.is_empty() {
        return;
    }
    let has = |name: &str| {
        if name.contains('.') {
            field(root(), name).is_some()
        } else {
            declares.iter().any(|d| d == name)
        }
    };
    if !has(&p.key.text) {
        out.push(
            unknown(
                &p.key,
                &event,
                schema,
                &declares,
                format!(
                    "`{}` is keyed by `{}`, which the latest `{event}` does not have",
                    p.name.text, p.key.text
                ),
            )
            .at(h.span, "this handler")
            .with(p.key.span, "the key"),
        );
    }
    for (target, expr) in &h.set {
        let entry = compiled.entry(expr.text.clone()).or_insert_with(|| {
            up.expression(&expr.text).map(|c| {
                let vars = c.variables();
                let constant = vars
                    .is_empty()
                    .then(|| c.eval(&serde_json::Map::new()).ok())
                    .flatten();
                (vars, constant)
            })
        });
        let (variables, constant) = match entry {
            Ok((v, c)) => (v.clone(), c.clone()),
            Err(e) => {
                out.push(
                    Diagnostic::new(
                        Rule::ProjectionUnknownField,
                        format!("`{}.{}` = `{}` does not compile: {e}", p.name.text, target.text, expr.text),
                    )
                    .at(expr.span, "this expression")
                    .help("write a minijinja expression over the event's fields: a field name, 'a string', a number or `none`"),
                );
                continue;
            }
        };
        let missing: Vec<String> = variables.iter().filter(|v| !has(v)).cloned().collect();
        for var in &missing {
            out.push(
                unknown(
                    expr,
                    &event,
                    schema,
                    &declares,
                    format!(
                        "`{}.{}` = `{}` reads `{var}`, which the latest `{event}` does not have",
                        p.name.text, target.text, expr.text
                    ),
                )
                .at(expr.span, "this expression"),
            );
        }
        if !missing.is_empty() {
            continue;
        }
        let Some(declared) = p.fields.iter().find(|f| f.name.text == target.text) else {
            continue;
        };
        let Some(types) = result_types(schema, &expr.text, &variables, constant.as_ref()) else {
            continue;
        };
        let lost: Vec<&str> = types
            .iter()
            .map(String::as_str)
            .filter(|t| !fits(t, &declared.ty, declared.nullable))
            .collect();
        if !lost.is_empty() {
            out.push(
                Diagnostic::new(
                    Rule::ProjectionTypeMismatch,
                    format!(
                        "`{}.{}` is declared {}{}, but `{}` may be {}",
                        p.name.text,
                        target.text,
                        declared.ty,
                        if declared.nullable { " or null" } else { "" },
                        expr.text,
                        lost.join(" or ")
                    ),
                )
                .at(expr.span, format!("in `{event}`"))
                .with(declared.name.span, "declared here")
                .help(if lost == ["null"] {
                    "declare the field `nullable: true`, or read a field that is never null"
                        .to_string()
                } else {
                    format!(
                        "declare the field `{}`, or read a field of that type",
                        lost[0]
                    )
                }),
            );
        }
    }
}

/// The JSON types a `set` expression yields, when they can be told: a constant, or a bare
/// field whose schema names its types.
fn result_types(
    schema: &Json,
    source: &str,
    variables: &[String],
    constant: Option<&Value>,
) -> Option<Vec<String>> {
    let trimmed = source.trim();
    if variables.is_empty() {
        return constant.map(|c| vec![json_type(c).to_string()]);
    }
    if variables.len() == 1 && trimmed.chars().all(|c| c.is_alphanumeric() || c == '_') {
        let ty = schema
            .node
            .get("properties")?
            .get(trimmed)?
            .get("type")?
            .to_json();
        return match &ty {
            Value::String(t) => Some(vec![t.clone()]),
            Value::Array(ts) => Some(
                ts.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
            ),
            _ => None,
        };
    }
    None
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Whether a value of JSON type `t` may go into a field of type `ty`.
fn fits(t: &str, ty: &str, nullable: bool) -> bool {
    t == ty || (t == "integer" && ty == "number") || (t == "null" && (nullable || ty == "null"))
}

fn declared(schema: &Json) -> Vec<String> {
    match schema.node.get("properties").map(|p| &p.kind) {
        Some(crate::syntax::NodeKind::Map(entries)) => {
            entries.iter().map(|(k, _)| k.value.clone()).collect()
        }
        _ => Vec::new(),
    }
}

fn unknown(
    name: &Name,
    event: &str,
    schema: &Json,
    declared: &[String],
    message: String,
) -> Diagnostic {
    let mut d = Diagnostic::new(Rule::ProjectionUnknownField, message)
        .with(schema.span(), format!("the latest `{event}` schema"));
    let wanted = name
        .text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'));
    d.help = wanted
        .filter_map(|w| crate::diag::did_you_mean(w, declared.iter().map(String::as_str)))
        .next()
        .map(|s| format!("did you mean `{s}`?"))
        .or_else(|| Some(format!("fields: {}", declared.join(", "))));
    d
}

/// Handlers that may meet an event with no row yet: it can come first, or after one that
/// deleted the row. Each must set every field that is not nullable.
fn rows(cat: &Catalog, causes: &Causes, p: &Projection, out: &mut Vec<Diagnostic>) {
    let handled: Vec<EventId> = p.handlers.iter().map(|h| h.event).collect();
    let mut creating: Vec<(EventId, Option<EventId>)> = causes
        .first_of(&handled)
        .into_iter()
        .map(|e| (e, None))
        .collect();
    for d in p.handlers.iter().filter(|h| h.delete) {
        for e in causes.next_of(d.event, &handled) {
            if !creating.iter().any(|(c, _)| *c == e) {
                creating.push((e, Some(d.event)));
            }
        }
    }
    for (e, after) in creating {
        let Some(h) = p.handlers.iter().find(|h| h.event == e && !h.delete) else {
            continue;
        };
        let unset: Vec<&str> = p
            .fields
            .iter()
            .filter(|f| !f.nullable && f.ty != "null")
            .filter(|f| !h.set.iter().any(|(t, _)| t.text == f.name.text))
            .map(|f| f.name.text.as_str())
            .collect();
        if unset.is_empty() {
            continue;
        }
        let when = match after {
            None => "it can be the first event of its row".to_string(),
            Some(d) => format!(
                "it can follow `{}`, which deleted the row",
                cat.event_name(d)
            ),
        };
        out.push(
            Diagnostic::new(
                Rule::ProjectionRowIncomplete,
                format!(
                    "`{}` on `{}` may create a row, as {when}, but leaves `{}` null, which is not nullable",
                    p.name.text,
                    cat.event_name(e),
                    unset.join("`, `")
                ),
            )
            .at(h.span, "creates the row")
            .help("set those fields here, declare them `nullable: true`, or handle the event that comes first"),
        );
    }
}
