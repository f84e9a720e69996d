//! `mapping-type-mismatch` by the compatibility engine: every value the event field may hold
//! must be valid under the command field (types, bounds, enums, formats, nullability). A
//! trigger into another context receives every version as published, so each version is
//! checked; inside the context, upcasts run first and only the latest counts.

use super::mapping::field;
use super::step_help::short;
use crate::compat::{self, Effect, Mode, witness};
use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, Event, Json, Mapping, Trigger};
use serde_json::Value;

/// One mapping of one trigger, with the command's schema.
pub(super) struct Target<'a> {
    pub event: &'a Event,
    pub event_name: &'a str,
    pub trigger: &'a Trigger,
    pub command_name: &'a str,
    pub command_schema: &'a Value,
}

/// Checks mapping `m` against each version the trigger's command may receive.
pub(super) fn check(cat: &Catalog, t: &Target<'_>, m: &Mapping, out: &mut Vec<Diagnostic>) {
    let Some(to) = field(t.command_schema, &m.target.text) else {
        return;
    };
    let to = compat::standalone(t.command_schema, to);
    let outside = cat.command(t.trigger.command).context != t.event.context;
    let latest = t.event.latest().map(|v| v.number);
    let mut seen: Vec<Value> = Vec::new();
    for v in t.event.versions.iter().rev() {
        if !outside && Some(v.number) != latest {
            continue;
        }
        let Some(schema) = &v.schema else {
            continue;
        };
        let Some(from) = field_json(schema, &m.source.text) else {
            if Some(v.number) != latest {
                out.push(
                    Diagnostic::new(
                        Rule::MappingUnknownField,
                        format!(
                            "field `{}` is not in v{} of `{}`, which `{}` receives as published",
                            m.source.text, v.number, t.event_name, t.command_name
                        ),
                    )
                    .at(m.source.span, "no such field in older versions")
                    .with(schema.span(), format!("v{} schema", v.number))
                    .help("map a field every version has, or keep the field in the older versions' readers"),
                );
            }
            continue;
        };
        if seen.contains(&from) {
            continue;
        }
        seen.push(from.clone());
        let mut report = compat::check(&from, &to, Mode::Backward, cat.profile);
        let Some(f) = report
            .findings
            .iter()
            .position(|f| f.effect == Effect::Breaking)
        else {
            continue;
        };
        if let (Some(fv), Some(tv)) = (witness::validator(&from), witness::validator(&to)) {
            report.find_witnesses(&witness::Pair {
                old: &from,
                new: &to,
                old_validator: &fv,
                new_validator: &tv,
                old_samples: &[],
            });
        }
        let f = &report.findings[f];
        let example = f
            .witness
            .as_ref()
            .map(|w| format!(", such as {}", short(w)))
            .unwrap_or_default();
        let version = if outside && t.event.versions.len() > 1 {
            format!(" (v{})", v.number)
        } else {
            String::new()
        };
        out.push(
            Diagnostic::new(
                Rule::MappingTypeMismatch,
                format!(
                    "`{}`{version} is copied into `{}`, which rejects some of its values{example}: {} [{}]",
                    m.source.text, m.target.text, f.message, f.rule
                ),
            )
            .at(m.source.span, format!("in `{}`", t.event_name))
            .with(m.target.span, format!("in `{}`", t.command_name))
            .help(format!(
                "`{}` would refuse the command the trigger sends: narrow the event field, widen the command field, or map another field",
                t.command_name
            )),
        );
    }
}

/// A field's schema, standing alone. A plain property with no `$ref` is read from its own
/// node; anything else from the whole schema.
fn field_json(schema: &Json, path: &str) -> Option<Value> {
    let node = &schema.node;
    let simple = !path.contains('.')
        && node.get("$ref").is_none()
        && ["allOf", "anyOf", "oneOf"]
            .iter()
            .all(|k| node.get(k).is_none());
    if simple {
        let own = node.get("properties").and_then(|p| p.get(path))?.to_json();
        if !own.to_string().contains("\"$ref\"") {
            return Some(own);
        }
    }
    let root = schema.value();
    field(&root, path).map(|f| compat::standalone(&root, f))
}
