//! Rust types from JSON Schema payloads: structs for objects, enums for string enums, `Vec`
//! for arrays, `Option` for optional or nullable fields, `serde_json::Value` for the rest.

use serde::Serialize;
use serde_json::Value;

/// A Rust type definition to write.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeDef {
    /// A struct with named fields.
    Struct {
        /// Type name.
        name: String,
        /// Doc comment.
        doc: Option<String>,
        /// Fields.
        fields: Vec<FieldDef>,
        /// The schema forbids properties it does not name.
        deny_unknown: bool,
    },
    /// An enum of string values.
    Enum {
        /// Type name.
        name: String,
        /// Doc comment.
        doc: Option<String>,
        /// Variants: Rust name and the JSON string.
        variants: Vec<(String, String)>,
    },
}

/// A struct field.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldDef {
    /// Rust name.
    pub name: String,
    /// The JSON name, when it differs.
    pub rename: Option<String>,
    /// The Rust type.
    pub ty: String,
    /// Doc comment.
    pub doc: Option<String>,
    /// Skipped when `None` on output.
    pub optional: bool,
    /// Optional but not nullable: absent is `None`, an explicit `null` is refused.
    pub not_null: bool,
    /// Statements checking the value against its schema (see `checks.rs`).
    pub checks: Vec<String>,
    /// The serde module that reads and writes it (a `Decimal`'s).
    pub with: Option<String>,
}

pub use crate::syntax::idents::{field_name, type_name};

/// Collects type definitions while mapping a schema.
pub struct Mapper<'a> {
    root: &'a Value,
    /// Definitions made so far, in order.
    pub defs: Vec<TypeDef>,
    /// What the checks need from the generated crate.
    pub needs: super::checks::Needs,
}

const MAX_DEPTH: usize = 16;

impl<'a> Mapper<'a> {
    /// A mapper over one schema document (for `$ref`s into it).
    pub fn new(root: &'a Value) -> Self {
        Self {
            root,
            defs: Vec::new(),
            needs: super::checks::Needs::default(),
        }
    }

    fn resolve(&self, v: &'a Value) -> &'a Value {
        let mut v = v;
        for _ in 0..MAX_DEPTH {
            match v.get("$ref").and_then(Value::as_str) {
                Some(r) if r.starts_with("#/") => match self.root.pointer(&r[1..]) {
                    Some(t) => v = t,
                    None => return v,
                },
                _ => return v,
            }
        }
        v
    }

    fn unique(&self, name: String) -> String {
        let taken = |n: &str| {
            self.defs.iter().any(|d| match d {
                TypeDef::Struct { name, .. } | TypeDef::Enum { name, .. } => name == n,
            })
        };
        if !taken(&name) {
            return name;
        }
        (2..)
            .map(|i| format!("{name}{i}"))
            .find(|n| !taken(n))
            .unwrap_or(name)
    }

    /// The Rust type of a schema; `name` names any struct or enum it needs. Returns the type and
    /// whether JSON `null` is allowed.
    pub fn map(&mut self, schema: &'a Value, name: &str, depth: usize) -> (String, bool) {
        let schema = self.resolve(schema);
        if depth > MAX_DEPTH {
            return ("serde_json::Value".into(), false);
        }
        let doc = schema
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_string);
        let mut types: Vec<&str> = match schema.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let mut nullable = types.contains(&"null");
        types.retain(|t| *t != "null");
        if types.is_empty() {
            for key in ["anyOf", "oneOf"] {
                if let Some(alts) = schema.get(key).and_then(Value::as_array) {
                    let real: Vec<&Value> = alts
                        .iter()
                        .filter(|a| {
                            self.resolve(a).get("type").and_then(Value::as_str) != Some("null")
                        })
                        .collect();
                    if real.len() + 1 == alts.len() && real.len() == 1 {
                        let (ty, _) = self.map(real[0], name, depth + 1);
                        return (ty, true);
                    }
                }
            }
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let strings: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
            nullable |= values.iter().any(Value::is_null);
            let non_null = values.iter().filter(|v| !v.is_null()).count();
            if !strings.is_empty() && strings.len() == non_null {
                let enum_name = self.unique(name.to_string());
                let mut variants: Vec<(String, String)> = Vec::new();
                for s in strings {
                    let mut v = type_name(s);
                    while variants.iter().any(|(n, _)| *n == v) {
                        v.push('_');
                    }
                    variants.push((v, s.to_string()));
                }
                self.defs.push(TypeDef::Enum {
                    name: enum_name.clone(),
                    doc,
                    variants,
                });
                return (enum_name, nullable);
            }
        }
        let ty = match types.as_slice() {
            ["string"] => "String".to_string(),
            ["integer"] => "i64".to_string(),
            ["number"] => "f64".to_string(),
            ["boolean"] => "bool".to_string(),
            ["array"] => {
                let item = schema
                    .get("items")
                    .map(|i| self.map(i, &format!("{name}Item"), depth + 1));
                match item {
                    Some((t, true)) => format!("Vec<Option<{t}>>"),
                    Some((t, false)) => format!("Vec<{t}>"),
                    None => "Vec<serde_json::Value>".into(),
                }
            }
            ["object"] | [] if schema.get("properties").is_some() => {
                self.object(schema, name, doc, depth)
            }
            _ => "serde_json::Value".to_string(),
        };
        (ty, nullable)
    }

    fn object(
        &mut self,
        schema: &'a Value,
        name: &str,
        doc: Option<String>,
        depth: usize,
    ) -> String {
        let struct_name = self.unique(name.to_string());
        // Reserve the name before nested types take theirs.
        let index = self.defs.len();
        self.defs.push(TypeDef::Struct {
            name: struct_name.clone(),
            doc: doc.clone(),
            fields: Vec::new(),
            deny_unknown: false,
        });
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut fields = Vec::new();
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (json, sub) in props {
                let rust = {
                    let mut n = field_name(json);
                    while fields.iter().any(|f: &FieldDef| f.name == n) {
                        n.push('_');
                    }
                    n
                };
                let (mut ty, nullable) =
                    self.map(sub, &format!("{struct_name}{}", type_name(json)), depth + 1);
                let optional = nullable || !required.contains(&json.as_str());
                let decimal = decimal(self.resolve(sub), &ty);
                if decimal.is_some() {
                    ty = "rust_decimal::Decimal".into();
                    self.needs.decimal = true;
                }
                let with = decimal.map(|kind| {
                    let presence = match (optional, nullable) {
                        (false, _) => "",
                        (true, true) => "_or_null",
                        (true, false) => "_if_present",
                    };
                    format!("payload::decimal_{kind}{presence}")
                });
                let structs: Vec<String> = self
                    .defs
                    .iter()
                    .filter_map(|d| match d {
                        TypeDef::Struct { name, .. } => Some(name.clone()),
                        TypeDef::Enum { .. } => None,
                    })
                    .collect();
                let mut checker = super::checks::Checker {
                    root: self.root,
                    structs: &structs,
                    needs: &mut self.needs,
                };
                let key = json.replace('~', "~0").replace('/', "~1");
                let at = format!("(path, {key:?})");
                let own = format!("&self.{rust}");
                let v = if optional { "v" } else { own.as_str() };
                let body = super::checks::value(&mut checker, sub, &ty, v, &at, 0);
                let checks = match (body.is_empty(), optional) {
                    (true, _) => Vec::new(),
                    (false, true) => vec![format!(
                        "if let Some(v) = &self.{rust} {{ {} }}",
                        body.join(" ")
                    )],
                    (false, false) => body,
                };
                fields.push(FieldDef {
                    with,
                    not_null: optional && !nullable,
                    checks,
                    rename: (rust != *json).then(|| json.clone()),
                    name: rust,
                    ty: if optional {
                        format!("Option<{ty}>")
                    } else {
                        ty
                    },
                    doc: field_doc(self.resolve(sub)),
                    optional,
                });
            }
        }
        self.defs[index] = TypeDef::Struct {
            name: struct_name.clone(),
            doc,
            fields,
            deny_unknown: schema.get("additionalProperties") == Some(&Value::Bool(false)),
        };
        struct_name
    }
}

/// Whether a field is money-like and becomes a `rust_decimal::Decimal`: a number whose
/// `multipleOf` is a fraction (`0.01`), read from a JSON number, or a string of `format:
/// decimal` with no length or pattern of its own, read from a JSON string.
fn decimal(s: &Value, ty: &str) -> Option<&'static str> {
    let step = s.get("multipleOf").and_then(Value::as_f64);
    if ty == "f64" && step.is_some_and(|m| m > 0.0 && m < 1.0) {
        return Some("number");
    }
    let bare = ["pattern", "minLength", "maxLength"]
        .iter()
        .all(|k| s.get(*k).is_none());
    (ty == "String" && bare && s.get("format").and_then(Value::as_str) == Some("decimal"))
        .then_some("string")
}

/// A field's doc comment: its description, and its format, pattern and bounds, which the Rust
/// type does not carry.
fn field_doc(s: &Value) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = s.get("description").and_then(Value::as_str) {
        parts.push(d.to_string());
    }
    if let Some(f) = s.get("format").and_then(Value::as_str) {
        parts.push(format!("Format: `{f}`."));
    }
    if let Some(p) = s.get("pattern").and_then(Value::as_str) {
        parts.push(format!("Pattern: `{}`.", p.replace('`', "'")));
    }
    for (key, word) in [
        ("minimum", "at least"),
        ("exclusiveMinimum", "more than"),
        ("maximum", "at most"),
        ("exclusiveMaximum", "less than"),
    ] {
        if let Some(v) = s.get(key).filter(|v| v.is_number()) {
            parts.push(format!("Must be {word} {v}."));
        }
    }
    (!parts.is_empty()).then(|| doc_text(&parts.join(" ")))
}

/// Text fit for one line of a doc comment: line breaks, other control characters and the
/// invisible marks that reorder text (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F) become
/// spaces, so a description cannot end the comment or hide code.
pub fn doc_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}');
            if c.is_control() || bidi || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// A Rust string literal of `s`.
pub(super) fn rust_str(s: &str) -> String {
    format!("{s:?}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_become_rust() {
        assert_eq!(field_name("orderId"), "order_id");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("weird key!"), "weird_key");
        assert_eq!(field_name("1st"), "field_1st");
        assert_eq!(type_name("card_expired"), "CardExpired");
        assert_eq!(type_name("a|b"), "AB");
    }

    #[test]
    fn objects_arrays_enums_and_nulls() {
        let s = json!({
            "type": "object", "required": ["items", "currency"],
            "properties": {
                "items": {"type": "array", "items": {"type": "object", "required": ["qty"], "properties": {"qty": {"type": "integer"}}}},
                "currency": {"type": "string", "enum": ["USD", "EUR"]},
                "address": {"anyOf": [{"type": "null"}, {"$ref": "#/definitions/a"}]},
                "note": {"type": ["string", "null"]}
            },
            "definitions": {"a": {"type": "object", "properties": {"city": {"type": "string"}}}}
        });
        let mut m = Mapper::new(&s);
        let (ty, _) = m.map(&s, "OrderPlacedV3", 0);
        assert_eq!(ty, "OrderPlacedV3");
        let TypeDef::Struct { fields, .. } = &m.defs[0] else {
            panic!()
        };
        let tys: Vec<&str> = fields.iter().map(|f| f.ty.as_str()).collect();
        assert_eq!(
            tys,
            [
                "Vec<OrderPlacedV3ItemsItem>",
                "OrderPlacedV3Currency",
                "Option<OrderPlacedV3Address>",
                "Option<String>"
            ]
        );
        assert_eq!(m.defs.len(), 4);
    }
}
