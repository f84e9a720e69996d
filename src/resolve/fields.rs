//! Typed fields (a projection's row, an aggregate's business data) and the `set`/`apply` maps
//! that assign them: each target must be a declared field.

use super::Resolver;
use crate::diag::{Diagnostic, Rule};
use crate::model::{Field, Name};
use crate::source::FileId;
use crate::syntax::{Entries, Node, NodeKind, Sp};

const FIELD_TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "object", "array"];

/// Fields declared as `name: type` or `name: {type, nullable, multipleOf, format}`; `what`
/// names their owner in messages ("projection field"), and `reserved` names taken already.
pub(super) fn typed(
    r: &mut Resolver<'_>,
    file: FileId,
    what: &str,
    entries: &Entries<Node>,
    reserved: &[&str],
) -> Vec<Field> {
    let mut fields = Vec::new();
    for (k, v) in entries.iter() {
        if reserved.contains(&k.value.as_str()) {
            r.diags.push(
                Diagnostic::new(
                    Rule::InvalidValue,
                    format!("{what} `{}` has a reserved name", k.value),
                )
                .at(k.pos.in_file(file), "this field")
                .help(format!(
                    "rename it: {} are taken by the generated code",
                    reserved.join(", ")
                )),
            );
            continue;
        }
        let (ty, nullable, decimal) = match &v.kind {
            NodeKind::Str(t) => (Some(t.clone()), false, false),
            NodeKind::Map(_) => {
                let ty = v.get("type").and_then(|t| t.as_str()).map(str::to_string);
                let fractional = v
                    .get("multipleOf")
                    .and_then(|m| m.to_json().as_f64())
                    .is_some_and(|m| m.fract() != 0.0);
                let decimal = match ty.as_deref() {
                    Some("number") => fractional,
                    Some("string") => v.get("format").and_then(|f| f.as_str()) == Some("decimal"),
                    _ => false,
                };
                let nullable = matches!(
                    v.get("nullable").map(|n| &n.kind),
                    Some(NodeKind::Bool(true))
                );
                (ty, nullable, decimal)
            }
            _ => (None, false, false),
        };
        match ty.filter(|t| FIELD_TYPES.contains(&t.as_str())) {
            Some(ty) => fields.push(Field {
                name: r.name(file, k),
                ty,
                nullable,
                decimal,
            }),
            None => r.diags.push(
                Diagnostic::new(
                    Rule::InvalidValue,
                    format!("{what} `{}` has no valid type", k.value),
                )
                .at(v.pos.in_file(file), "this type")
                .help(format!(
                    "write one of {}, or {{type: string, nullable: true}}",
                    FIELD_TYPES.join(", ")
                )),
            ),
        }
    }
    fields
}

/// The `field: expression` pairs whose field is declared; `owner` is "projection `OrderView`"
/// or "aggregate `Stock`", declared at `at`.
pub(super) fn assignments(
    r: &mut Resolver<'_>,
    file: FileId,
    owner: &str,
    at: &Name,
    fields: &[Field],
    entries: &Entries<Sp<String>>,
) -> Vec<(Name, Name)> {
    let mut set = Vec::new();
    for (field, expr) in entries.iter() {
        let field = r.name(file, field);
        if fields.iter().any(|f| f.name.text == field.text) {
            set.push((field, r.name(file, expr)));
        } else {
            r.diags.push(
                Diagnostic::new(
                    Rule::UnresolvedReference,
                    format!("{owner} has no field `{}`", field.text),
                )
                .at(field.span, "not in `fields`")
                .with(at.span, format!("{owner} declared here"))
                .help("declare the field under `fields`"),
            );
        }
    }
    set
}
