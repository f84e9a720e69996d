//! Aggregate fields as the interpreter sees them: each starts at its type's zero, and an
//! event's `apply` expressions, all reading the fields as they were before it, set them. The
//! generated `try_apply` does the same.

use super::Upcaster;
use crate::model::{Event, Field};
use serde_json::{Map, Value};

/// The fields of a new aggregate: `0`, `""`, `false`, `[]`, `{}`, or `null` when nullable.
pub fn zero(fields: &[Field]) -> Map<String, Value> {
    fields
        .iter()
        .map(|f| {
            let v = match (f.nullable, f.ty.as_str()) {
                (true, _) => Value::Null,
                (_, "string") => Value::String(String::new()),
                (_, "number" | "integer") => Value::from(0),
                (_, "boolean") => Value::Bool(false),
                (_, "array") => Value::Array(Vec::new()),
                _ => Value::Object(Map::new()),
            };
            (f.name.text.clone(), v)
        })
        .collect()
}

/// Applies an event to `current`, or says which field's expression failed or yielded a value
/// its type does not hold; on an error `current` is unchanged.
pub fn apply(
    up: &Upcaster,
    fields: &[Field],
    event: &Event,
    payload: &Value,
    current: &mut Map<String, Value>,
) -> Result<(), String> {
    if event.apply.is_empty() {
        return Ok(());
    }
    let mut scope = payload.as_object().cloned().unwrap_or_default();
    scope.insert("current".into(), Value::Object(current.clone()));
    let mut next = current.clone();
    for (target, expr) in &event.apply {
        let value = up
            .eval(&expr.text, &scope)
            .map_err(|e| format!("`{}` = `{}`: {e}", target.text, expr.text))?;
        if let Some(f) = fields.iter().find(|f| f.name.text == target.text)
            && !holds(f, &value)
        {
            return Err(format!(
                "`{}` = `{}` gives {value}, which is not {}{}",
                target.text,
                expr.text,
                f.ty,
                if f.nullable { " or null" } else { "" }
            ));
        }
        next.insert(target.text.clone(), value);
    }
    *current = next;
    Ok(())
}

/// Whether a field of this type holds the value, as the generated Rust type reads it.
fn holds(f: &Field, v: &Value) -> bool {
    match v {
        Value::Null => f.nullable,
        Value::Bool(_) => f.ty == "boolean",
        Value::Number(n) => match f.ty.as_str() {
            "integer" => n.is_i64() || n.is_u64(),
            "number" => true,
            _ => false,
        },
        Value::String(_) => f.ty == "string",
        Value::Array(_) => f.ty == "array",
        Value::Object(_) => f.ty == "object",
    }
}

/// Whether two field values are the same: numbers by value, so `3` is `3.0`.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, a)| y.get(k).is_some_and(|b| same(a, b)))
        }
        _ => a == b,
    }
}
