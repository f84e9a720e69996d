//! Public events (`public-event-breaking`, `internal-event-consumed`): readers outside an
//! event's context get each version as published, since upcasts run only where it is stored.

use super::step_help::short;
use crate::compat::{self, Direction, Mode, witness};
use crate::cost::Bounded;
use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, Event, EventId, Reader, Visibility};
use serde_json::Value;

/// `internal-event-consumed` for an event declared internal, and whether its steps must keep
/// outside readers working (it is public).
pub(super) fn visibility(
    cat: &Catalog,
    id: EventId,
    readers: &[Reader],
    out: &mut Vec<Diagnostic>,
) -> bool {
    let e = cat.event(id);
    if let Some((Visibility::Internal, span)) = e.visibility {
        let name = cat.event_name(id);
        out.extend(readers.iter().map(|r| {
            Diagnostic::new(
                Rule::InternalEventConsumed,
                format!("`{name}` is internal, but the {} reads it from another context", r.what),
            )
            .at(r.span, "read here")
            .with(span, "declared internal")
            .help("read an event published for other contexts instead, or declare this one `visibility: public` and keep its steps forward compatible")
        }));
        return false;
    }
    cat.is_public(id, readers)
}

/// `public-event-breaking` for the step to version `i` of a public event, from the schemas
/// and validators the evolution check built.
pub(super) fn step(
    cat: &Catalog,
    (name, e): (&str, &Event),
    i: usize,
    (values, validators): (&[Value], &[Option<Bounded>]),
    readers: &[Reader],
) -> Option<Diagnostic> {
    let (old, new) = (&e.versions[i - 1], &e.versions[i]);
    let (mode, _) = Mode::of(cat.step_mode(e, new));
    if matches!(mode, Mode::Forward | Mode::Full) {
        return None;
    }
    let (old_schema, new_schema) = (old.schema.as_ref()?, new.schema.as_ref()?);
    let (ov, nv) = (&values[i - 1], &values[i]);
    let mut report = compat::check(ov, nv, Mode::Forward, cat.profile);
    if !report.fails() {
        return None;
    }
    if let (Some(o), Some(n)) = (&validators[i - 1], &validators[i]) {
        report.find_witnesses(&witness::Pair {
            old: ov,
            new: nv,
            old_validator: o,
            new_validator: n,
            old_samples: &[],
        });
    }
    // A missing or retyped field says more than an undeclared one an open model may hold.
    let mut breaking: Vec<&compat::Finding> = report
        .findings
        .iter()
        .filter(|f| f.direction == Direction::Forward && report.breaks(f))
        .collect();
    breaking.sort_by_key(|f| f.rule == compat::CompatRule::PropertyAddedToOpenModel);
    let f = breaking.first()?;
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
    Some(d.help(format!(
            "upcasts run only where `{name}` is stored, so {who} gets v{} as published: publish a new event for the new shape, or translate at the boundary and declare this one `visibility: internal`, or keep the step forward compatible and declare `compatibility: full`",
            new.number
        )))
}
