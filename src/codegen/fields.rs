//! What `gen` makes of an aggregate's business data: each field's Rust type, and a stored
//! event to test each `apply` with.

use super::context::AggregateFieldGen;
use super::types::{field_name, rust_str};

/// An aggregate field's Rust shape: JSON types as projections map them, money as `Decimal`.
pub(super) fn field_gen(f: &crate::model::Field) -> AggregateFieldGen {
    let base = match (f.ty.as_str(), f.decimal) {
        (_, true) => "rust_decimal::Decimal",
        ("string", _) => "String",
        ("number", _) => "f64",
        ("integer", _) => "i64",
        ("boolean", _) => "bool",
        ("array", _) => "Vec<serde_json::Value>",
        _ => "serde_json::Map<String, serde_json::Value>",
    };
    let with = f.decimal.then(|| {
        let json = if f.ty == "string" { "string" } else { "number" };
        let nullable = if f.nullable { "_or_null" } else { "" };
        format!("payload::decimal_{json}{nullable}")
    });
    AggregateFieldGen {
        name: field_name(&f.name.text),
        json: f.name.text.clone(),
        ty: if f.nullable {
            format!("Option<{base}>")
        } else {
            base.to_string()
        },
        with,
        doc: format!(
            "`{}`{}{}",
            f.ty,
            if f.decimal { ", exact" } else { "" },
            if f.nullable { ", or null" } else { "" }
        ),
    }
}

/// The event as stored, with its latest version's first example (or a synthesised one) as
/// data, as a Rust string literal.
pub(super) fn stored_sample(ev: &crate::model::Event) -> String {
    let data = ev
        .latest()
        .and_then(|v| {
            v.examples.first().map(|x| x.value()).or_else(|| {
                v.schema
                    .as_ref()
                    .and_then(|s| crate::compat::synth::first(&s.value()))
            })
        })
        .unwrap_or(serde_json::Value::Object(Default::default()));
    rust_str(&serde_json::json!({"event_type": ev.name.text, "data": data}).to_string())
}
