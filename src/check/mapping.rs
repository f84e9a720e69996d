//! Trigger mapping rules: `mapping-unknown-field`, and `mapping-type-mismatch` through
//! [`super::mapping_fit`].

use super::mapping_fit::Target;
use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, EventId, Json, Name};
use rayon::prelude::*;
use serde_json::Value;

/// Each event's triggers are checked on their own, in parallel.
pub(super) fn check(cat: &Catalog, out: &mut Vec<Diagnostic>) {
    let found: Vec<Vec<Diagnostic>> = (0..cat.events.len())
        .into_par_iter()
        .map(|i| {
            let mut out = Vec::new();
            event(cat, EventId::new(i), &mut out);
            out
        })
        .collect();
    out.extend(found.into_iter().flatten());
}

fn event(cat: &Catalog, id: EventId, out: &mut Vec<Diagnostic>) {
    let event = cat.event(id);
    if event.triggers.iter().all(|t| t.map.is_empty()) {
        return;
    }
    let event_name = cat.event_name(id);
    let source_schema = event.latest().and_then(|v| v.schema.as_ref());
    let source_value = source_schema.map(Json::value);
    for trigger in &event.triggers {
        let command = cat.command(trigger.command);
        let command_name = cat.command_name(trigger.command);
        let target_value = command.schema.as_ref().map(Json::value);
        for m in &trigger.map {
            let source = source_value.as_ref().and_then(|v| field(v, &m.source.text));
            let target = target_value.as_ref().and_then(|v| field(v, &m.target.text));
            if let (Some(schema), Some(value), None) = (source_schema, &source_value, source) {
                let place = format!("the latest schema of `{event_name}`");
                out.push(unknown(&m.source, &place, schema, value));
            }
            match (&command.schema, &target_value) {
                (Some(schema), Some(value)) => {
                    if target.is_none() {
                        let place = format!("the schema of `{command_name}`");
                        out.push(unknown(&m.target, &place, schema, value));
                    }
                }
                _ => out.push(
                    Diagnostic::new(
                        Rule::MappingUnknownField,
                        format!(
                            "command `{command_name}` has no schema, so field `{}` cannot be checked",
                            m.target.text
                        ),
                    )
                    .at(m.target.span, "target field")
                    .with(command.name.span, "command declared here")
                    .help("give the command a `schema` that declares the field"),
                ),
            }
            if let (Some(_), Some(_), Some(command_schema)) = (source, target, &target_value) {
                let t = Target {
                    event,
                    event_name: &event_name,
                    trigger,
                    command_name: &command_name,
                    command_schema,
                };
                super::mapping_fit::check(cat, &t, m, out);
            }
        }
    }
}

fn unknown(name: &Name, place: &str, schema: &Json, value: &Value) -> Diagnostic {
    let props: Vec<&str> = value
        .get("properties")
        .and_then(Value::as_object)
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let mut d = Diagnostic::new(
        Rule::MappingUnknownField,
        format!("field `{}` is not in {place}", name.text),
    )
    .at(name.span, "no such field")
    .with(schema.span(), "schema declared here");
    d.help = crate::diag::did_you_mean(&name.text, props.iter().copied())
        .map(|s| format!("did you mean `{s}`?"))
        .or_else(|| (!props.is_empty()).then(|| format!("fields: {}", props.join(", "))));
    d
}

/// The schema of a (dotted) field, following local `$ref`s.
pub(crate) fn field<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut node = deref(root, root, 0)?;
    for part in path.split('.') {
        let props = node.get("properties")?.as_object()?;
        node = deref(root, props.get(part)?, 0)?;
    }
    Some(node)
}

fn deref<'a>(root: &'a Value, node: &'a Value, depth: usize) -> Option<&'a Value> {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) if depth < 32 => {
            let pointer = r.strip_prefix('#')?;
            deref(root, root.pointer(pointer)?, depth + 1)
        }
        Some(_) => None,
        None => Some(node),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_nested_fields_through_refs() {
        let s = json!({"properties": {"a": {"$ref": "#/$defs/A"}}, "$defs": {"A": {"properties": {"b": {"type": "integer"}}}}});
        assert_eq!(field(&s, "a.b"), Some(&json!({"type": "integer"})));
        assert!(field(&s, "a.c").is_none());
    }

    #[test]
    fn recursive_refs_stop() {
        let s = json!({"$ref": "#"});
        assert!(field(&s, "a").is_none());
    }
}
