//! Projections checked before any replay: the key and every field a `set` reads exist in the
//! handled event's latest payload (`projection-unknown-field`), a value's inferred type fits
//! its field (`projection-type-mismatch`), and a handler that may create a row sets every
//! field that is not nullable (`projection-row-incomplete`).

use super::mapping::field;
use super::sets::{self, Compiled, Payload, Target, declared, unknown};
use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, Causes, EventId, Projection, ProjectionHandler};
use crate::upcast::Upcaster;
use rayon::prelude::*;

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
    // A schema that declares no properties says nothing about the payload's fields.
    let declares = declared(schema);
    if declares.is_empty() {
        return;
    }
    let has_key = if p.key.text.contains('.') {
        field(&schema.value(), &p.key.text).is_some()
    } else {
        declares.contains(&p.key.text)
    };
    if !has_key {
        out.push(
            unknown(
                Rule::ProjectionUnknownField,
                &p.key,
                &declares,
                format!(
                    "`{}` is keyed by `{}`, which the latest `{event}` does not have",
                    p.name.text, p.key.text
                ),
            )
            .with(schema.span(), format!("the latest `{event}` schema"))
            .at(h.span, "this handler")
            .with(p.key.span, "the key"),
        );
    }
    let target = Target {
        owner: &p.name.text,
        fields: &p.fields,
        unknown: Rule::ProjectionUnknownField,
        mismatch: Rule::ProjectionTypeMismatch,
        current: false,
    };
    let payload = Payload {
        event: &event,
        schema,
        declares: &declares,
    };
    sets::check(up, compiled, &target, &payload, &h.set, out);
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
