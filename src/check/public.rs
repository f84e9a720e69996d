//! Public events (`public-event-breaking`, `internal-event-consumed`): readers outside an
//! event's context get each version as published, since upcasts run only where it is stored.

use super::step_help::short;
use crate::compat::{self, Direction, Mode, witness};
use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, EventId, Visibility};
use rayon::prelude::*;

pub(super) fn check(cat: &Catalog) -> Vec<Diagnostic> {
    (0..cat.events.len())
        .into_par_iter()
        .flat_map_iter(|i| event(cat, EventId::new(i)))
        .collect()
}

fn event(cat: &Catalog, id: EventId) -> Vec<Diagnostic> {
    let e = cat.event(id);
    let readers = cat.outside_readers(id);
    let name = cat.event_name(id);
    if let Some((Visibility::Internal, span)) = e.visibility {
        return readers
            .iter()
            .map(|r| {
                Diagnostic::new(
                    Rule::InternalEventConsumed,
                    format!("`{name}` is internal, but the {} reads it from another context", r.what),
                )
                .at(r.span, "read here")
                .with(span, "declared internal")
                .help("read an event published for other contexts instead, or declare this one `visibility: public` and keep its steps forward compatible")
            })
            .collect();
    }
    if !cat.is_public(id) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for pair in e.versions.windows(2) {
        let (old, new) = (&pair[0], &pair[1]);
        let (mode, _) = Mode::of(cat.step_mode(e, new));
        if matches!(mode, Mode::Forward | Mode::Full) {
            continue;
        }
        let (Some(old_schema), Some(new_schema)) = (&old.schema, &new.schema) else {
            continue;
        };
        let (ov, nv) = (old_schema.value(), new_schema.value());
        let mut report = compat::check(&ov, &nv, Mode::Forward, cat.profile);
        if !report.fails() {
            continue;
        }
        if let (Some(o), Some(n)) = (old_schema.validator(), new_schema.validator()) {
            report.find_witnesses(&witness::Pair {
                old: &ov,
                new: &nv,
                old_validator: &o,
                new_validator: &n,
            });
        }
        // A missing or retyped field says more than an undeclared one an open model may hold.
        let mut breaking: Vec<&compat::Finding> = report
            .findings
            .iter()
            .filter(|f| f.direction == Direction::Forward && report.breaks(f))
            .collect();
        breaking.sort_by_key(|f| f.rule == compat::CompatRule::PropertyAddedToOpenModel);
        let Some(f) = breaking.first() else {
            continue;
        };
        // The engine words its message from the reader's side; the witness needs no wording.
        let what = match &f.witness {
            Some(w) => format!("they reject {}", short(w)),
            None => f.message.clone(),
        };
        let who = match readers.first() {
            Some(r) => format!("the {}", r.what),
            None => "readers in other contexts".to_string(),
        };
        let mut d = Diagnostic::new(
            Rule::PublicEventBreaking,
            format!(
                "`{name}` v{} breaks readers outside `{}` that are still on v{}: {what} [{}]",
                new.number,
                cat.context(e.context).name.text,
                old.number,
                f.rule
            ),
        )
        .at(
            new_schema.span_at(&f.new_pointer, true),
            format!("in v{}", new.number),
        )
        .with(
            old_schema.span_at(&f.old_pointer, true),
            format!("in v{}", old.number),
        );
        if let Some(r) = readers.first() {
            d = d.with(r.span, format!("{} reads it", who));
        }
        out.push(d.help(format!(
            "upcasts run only where `{name}` is stored, so {who} gets v{} as published: publish a new event for the new shape, or translate at the boundary and declare this one `visibility: internal`, or keep the step forward compatible and declare `compatibility: full`",
            new.number
        )));
    }
    out
}
