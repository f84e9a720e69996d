//! Specifications: names, the aggregate, and each `Event: payload` or `Command: payload`
//! resolved in the aggregate's context.

use super::{Doc, RefKind, Resolver};
use crate::diag::{Diagnostic, Rule};
use crate::model::{AggregateId, CommandId, EventId, Json, Message, Spec, Then};
use crate::source::{FileId, Span};
use crate::syntax::{self, Entries, Node};
use std::collections::HashMap;

pub(super) fn resolve_specs(r: &mut Resolver<'_>, docs: &[Doc<'_>]) {
    let mut seen: HashMap<String, Span> = HashMap::new();
    for doc in docs {
        for (key, spec) in doc.specs.iter() {
            let name = r.name(doc.file, key);
            if !super::names::is_identifier(&name.text) {
                r.diags.push(
                    Diagnostic::new(
                        Rule::InvalidName,
                        format!(
                            "invalid spec name: `{}` is not an identifier",
                            super::names::escape(&name.text)
                        ),
                    )
                    .at(name.span, "this name")
                    .help("use letters, digits and `_`, such as `cannot_ship_unpaid`; it names a test"),
                );
                continue;
            }
            if let Some(first) = seen.get(&name.text) {
                r.diags
                    .push(super::domain::duplicate("spec", &name, *first));
                continue;
            }
            seen.insert(name.text.clone(), name.span);
            if let Some(resolved) = resolve_spec(r, doc.file, name, spec) {
                r.cat.specs.push(resolved);
            }
        }
    }
}

fn resolve_spec(
    r: &mut Resolver<'_>,
    file: FileId,
    name: crate::model::Name,
    s: &syntax::Spec,
) -> Option<Spec> {
    let agg_name = r.name(file, &s.aggregate);
    let aggregate = AggregateId::new(r.lookup(RefKind::Aggregate, &agg_name, None)?);
    let ctx = r.cat.aggregates[aggregate.index()].context;
    let mut given = Vec::new();
    for item in &s.given {
        given.push(typed(
            message(r, file, item, RefKind::Event, ctx, "given", name.span)?,
            EventId::new,
        ));
    }
    let when = typed(
        message(r, file, &s.when, RefKind::Command, ctx, "when", name.span)?,
        CommandId::new,
    );
    let then = match (&s.then.error, &s.then.events) {
        (Some(e), None) if s.then.fields.0.is_empty() => Then::Error(e.value, e.pos.in_file(file)),
        (None, Some(list)) => {
            let mut events = Vec::new();
            for item in list.value.iter() {
                events.push(typed(
                    message(r, file, item, RefKind::Event, ctx, "then", name.span)?,
                    EventId::new,
                ));
            }
            let fields = s
                .then
                .fields
                .iter()
                .map(|(k, v)| (r.name(file, k), Json::new(v.clone(), file)))
                .collect();
            Then::Events {
                span: list.pos.in_file(file),
                events,
                fields,
            }
        }
        _ => {
            r.diags.push(
                Diagnostic::new(
                    Rule::InvalidValue,
                    format!("spec `{}` must expect events or an error", name.text),
                )
                .at(name.span, "this spec")
                .help("write `then: {events: [Event: {...}]}` (with `fields` if you like), or `then: {error: not-accepted}`"),
            );
            return None;
        }
    };
    Some(Spec {
        description: s.description.clone(),
        name,
        aggregate,
        given,
        when,
        then,
    })
}

/// One `Name: payload` map, its name resolved in `ctx`.
fn message(
    r: &mut Resolver<'_>,
    file: FileId,
    item: &Entries<Node>,
    kind: RefKind,
    ctx: crate::model::ContextId,
    part: &str,
    fallback: Span,
) -> Option<Message<usize>> {
    let [(key, payload)] = item.0.as_slice() else {
        let at = item
            .0
            .first()
            .map_or(fallback, |(k, _)| k.pos.in_file(file));
        r.diags.push(
            Diagnostic::new(
                Rule::InvalidValue,
                format!("each item of a spec's `{part}` names one message and its payload"),
            )
            .at(at, "here")
            .help("write `Name: {field: value}`, one per item"),
        );
        return None;
    };
    let name = r.name(file, key);
    let id = r.lookup(kind, &name, Some(ctx))?;
    Some(Message {
        id,
        span: name.span,
        payload: Json::new(payload.clone(), file),
    })
}

fn typed<T>(m: Message<usize>, id: impl Fn(usize) -> T) -> Message<T> {
    Message {
        id: id(m.id),
        span: m.span,
        payload: m.payload,
    }
}
