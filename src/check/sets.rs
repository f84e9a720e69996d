//! Assignments checked before anything runs, for a projection's `set` and an aggregate's
//! `apply` alike: each expression compiles, every name it reads is in the event's latest
//! payload (or, for `apply`, is `current.<field>`), and a value whose type can be told fits its
//! field.

use super::mapping::field;
use crate::diag::{Diagnostic, Rule};
use crate::model::{Field, Json, Name};
use crate::upcast::Upcaster;
use serde_json::Value;
use std::collections::HashMap;

/// Whose fields are assigned, and under which rules a finding is reported.
pub(super) struct Target<'a> {
    /// How messages name the owner: `OrderView`, `Inventory.Stock`.
    pub owner: &'a str,
    /// Its fields.
    pub fields: &'a [Field],
    /// A name that is not there, or an expression that does not compile.
    pub unknown: Rule,
    /// A value that cannot go into its field.
    pub mismatch: Rule,
    /// Whether `current.<field>` reads the owner's fields as they were before the event.
    pub current: bool,
}

/// One compiled expression: the names it reads, with their attribute paths, and its value when
/// it is a constant.
#[derive(Clone)]
pub(super) struct Reads {
    variables: Vec<String>,
    paths: Vec<String>,
    constant: Option<Value>,
}

/// Each expression's text → what it reads, or why it does not compile. Models repeat the same
/// few expressions, so each is compiled once.
pub(super) type Compiled = HashMap<String, Result<Reads, String>>;

/// The event an assignment handles: its name and latest schema.
pub(super) struct Payload<'a> {
    /// `Context.Event`.
    pub event: &'a str,
    /// The latest version's schema.
    pub schema: &'a Json,
    /// The names its schema declares at the top.
    pub declares: &'a [String],
}

/// Checks each `field: expression` of one handler.
pub(super) fn check(
    up: &Upcaster,
    compiled: &mut Compiled,
    target: &Target<'_>,
    payload: &Payload<'_>,
    set: &[(Name, Name)],
    out: &mut Vec<Diagnostic>,
) {
    let root = std::cell::OnceCell::new();
    let root = || root.get_or_init(|| payload.schema.value());
    let has = |name: &str| {
        if name.contains('.') {
            field(root(), name).is_some()
        } else {
            payload.declares.iter().any(|d| d == name)
        }
    };
    let event = payload.event;
    for (target_field, expr) in set {
        let entry = compiled.entry(expr.text.clone()).or_insert_with(|| {
            up.expression(&expr.text).map(|c| {
                let variables = c.variables();
                let constant = variables
                    .is_empty()
                    .then(|| c.eval(&serde_json::Map::new()).ok())
                    .flatten();
                Reads {
                    paths: c.paths(),
                    variables,
                    constant,
                }
            })
        });
        let reads = match entry {
            Ok(reads) => reads.clone(),
            Err(e) => {
                out.push(
                    Diagnostic::new(
                        target.unknown,
                        format!(
                            "`{}.{}` = `{}` does not compile: {e}",
                            target.owner, target_field.text, expr.text
                        ),
                    )
                    .at(expr.span, "this expression")
                    .help(if target.current {
                        "write a minijinja expression over the event's fields and `current.<field>`: a field name, 'a string', a number or `none`"
                    } else {
                        "write a minijinja expression over the event's fields: a field name, 'a string', a number or `none`"
                    }),
                );
                continue;
            }
        };
        let mut missing = 0;
        for var in reads
            .variables
            .iter()
            .filter(|v| !(target.current && *v == "current"))
        {
            if !has(var) {
                missing += 1;
                out.push(
                    unknown(
                        target.unknown,
                        expr,
                        payload.declares,
                        format!(
                            "`{}.{}` = `{}` reads `{var}`, which the latest `{event}` does not have",
                            target.owner, target_field.text, expr.text
                        ),
                    )
                    .with(payload.schema.span(), format!("the latest `{event}` schema"))
                    .at(expr.span, "this expression"),
                );
            }
        }
        if target.current {
            for path in reads
                .paths
                .iter()
                .filter_map(|p| p.strip_prefix("current."))
            {
                let name = path.split('.').next().unwrap_or(path);
                if !target.fields.iter().any(|f| f.name.text == name) {
                    missing += 1;
                    let names: Vec<String> =
                        target.fields.iter().map(|f| f.name.text.clone()).collect();
                    out.push(
                        unknown(
                            target.unknown,
                            expr,
                            &names,
                            format!(
                                "`{}.{}` = `{}` reads `current.{name}`, but `{}` has no field `{name}`",
                                target.owner, target_field.text, expr.text, target.owner
                            ),
                        )
                        .at(expr.span, "this expression"),
                    );
                }
            }
        }
        if missing > 0 {
            continue;
        }
        let Some(declared) = target
            .fields
            .iter()
            .find(|f| f.name.text == target_field.text)
        else {
            continue;
        };
        let Some(types) = result_types(target, payload.schema, &expr.text, &reads) else {
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
                    target.mismatch,
                    format!(
                        "`{}.{}` is declared {}{}, but `{}` may be {}",
                        target.owner,
                        target_field.text,
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

/// The JSON types an expression yields, when they can be told: a constant, a bare payload
/// field whose schema names its types, or a bare `current.<field>`.
fn result_types(
    target: &Target<'_>,
    schema: &Json,
    source: &str,
    reads: &Reads,
) -> Option<Vec<String>> {
    let trimmed = source.trim();
    if reads.variables.is_empty() {
        return reads
            .constant
            .as_ref()
            .map(|c| vec![json_type(c).to_string()]);
    }
    if let Some(name) = trimmed.strip_prefix("current.").filter(|_| target.current) {
        let f = target.fields.iter().find(|f| f.name.text == name)?;
        let mut types = vec![f.ty.clone()];
        if f.nullable {
            types.push("null".into());
        }
        return Some(types);
    }
    if reads.variables.len() == 1 && trimmed.chars().all(|c| c.is_alphanumeric() || c == '_') {
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

/// The names a schema declares at its top.
pub(super) fn declared(schema: &Json) -> Vec<String> {
    match schema.node.get("properties").map(|p| &p.kind) {
        Some(crate::syntax::NodeKind::Map(entries)) => {
            entries.iter().map(|(k, _)| k.value.clone()).collect()
        }
        _ => Vec::new(),
    }
}

/// A name that is not there, with the nearest of `declared` as help.
pub(super) fn unknown(rule: Rule, name: &Name, declared: &[String], message: String) -> Diagnostic {
    let mut d = Diagnostic::new(rule, message);
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
