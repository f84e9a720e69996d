//! Contexts, aggregates, commands and events: declared first, then their references resolved.

use super::{Doc, RefKind, Resolver, names};
use crate::diag::{Diagnostic, Rule};
use crate::model::{
    Aggregate, AggregateId, Command, CommandId, Context, ContextId, Event, EventId, Json, Mapping,
    Name, StateId, Trigger, Version,
};
use crate::source::FileId;
use crate::syntax::{self, Node, Sp};
use std::sync::Arc;

/// An aggregate whose items are declared but not yet resolved.
pub(super) struct Declared<'a> {
    file: FileId,
    id: AggregateId,
    syntax: &'a syntax::Aggregate,
    commands: Vec<(CommandId, &'a syntax::Command)>,
    events: Vec<(EventId, &'a syntax::Event)>,
}

/// Declares every context, aggregate, command and event, reporting bad and duplicate names.
pub(super) fn declare<'a>(r: &mut Resolver<'_>, docs: &[Doc<'a>]) -> Vec<Declared<'a>> {
    let mut out = Vec::new();
    for doc in docs {
        for (key, context) in doc.contexts.iter() {
            let name = r.name(doc.file, key);
            if !r.check_name(&name, "context") {
                continue;
            }
            if let Some(&first) = r.contexts.get(&name.text) {
                let first = r.cat.contexts[first.index()].name.span;
                r.diags.push(duplicate("context", &name, first));
                continue;
            }
            let ctx = ContextId::new(r.cat.contexts.len());
            r.contexts.insert(name.text.clone(), ctx);
            r.cat.contexts.push(Context {
                name,
                description: context.description.clone(),
                owner: context.owner.clone(),
                aggregates: Vec::new(),
            });
            for (key, aggregate) in context.aggregates.iter() {
                if let Some(d) = declare_aggregate(r, doc.file, ctx, key, aggregate) {
                    out.push(d);
                }
            }
        }
    }
    out
}

/// A name declared twice, at both places.
pub(super) fn duplicate(what: &str, name: &Name, first: crate::source::Span) -> Diagnostic {
    Diagnostic::new(
        Rule::DuplicateName,
        format!("{what} `{}` is declared twice", name.text),
    )
    .at(name.span, "declared again here")
    .with(first, "first declared here")
    .help("names must be unique; rename or remove one of them")
}

fn declare_aggregate<'a>(
    r: &mut Resolver<'_>,
    file: FileId,
    ctx: ContextId,
    key: &Sp<String>,
    syntax: &'a syntax::Aggregate,
) -> Option<Declared<'a>> {
    let name = r.name(file, key);
    if !r.check_name(&name, "aggregate") {
        return None;
    }
    if let Some(first) = r.aggregates.get(&(ctx, name.text.clone())) {
        let first = r.cat.aggregates[first.index()].name.span;
        r.diags.push(duplicate("aggregate", &name, first));
        return None;
    }
    let id = AggregateId::new(r.cat.aggregates.len());
    r.aggregates.insert((ctx, name.text.clone()), id);
    r.cat.contexts[ctx.index()].aggregates.push(id);
    let mut states: Vec<Name> = Vec::new();
    for s in &syntax.states {
        let state = r.name(file, s);
        let key = (id, state.text.clone());
        if let Some(first) = r.states.get(&key) {
            let first = states[first.index()].span;
            r.diags.push(duplicate("state", &state, first));
        } else {
            r.states.insert(key, StateId::new(states.len()));
            states.push(state);
        }
    }
    let fields = super::fields::typed(
        r,
        file,
        "aggregate field",
        &syntax.fields,
        &["state", "version"],
    );
    r.cat.aggregates.push(Aggregate {
        fields,
        context: ctx,
        name,
        description: syntax.description.clone(),
        id_field: r.name(file, &syntax.id),
        states,
        initial: None,
        finals: Vec::new(),
        commands: Vec::new(),
        events: Vec::new(),
    });
    let mut declared = Declared {
        file,
        id,
        syntax,
        commands: Vec::new(),
        events: Vec::new(),
    };
    for (key, command) in syntax.commands.iter() {
        let name = r.name(file, key);
        if !r.check_name(&name, "command") {
            continue;
        }
        if let Some(first) = r.commands.get(&(ctx, name.text.clone())) {
            let first = r.cat.commands[first.index()].name.span;
            r.diags.push(duplicate("command", &name, first));
            continue;
        }
        let cid = CommandId::new(r.cat.commands.len());
        r.commands.insert((ctx, name.text.clone()), cid);
        r.cat.aggregates[id.index()].commands.push(cid);
        r.cat.commands.push(Command {
            aggregate: id,
            context: ctx,
            name,
            description: command.description.clone(),
            from: None,
            emits: Vec::new(),
            fails: Vec::new(),
            compensated_by: None,
            external: command.external,
            noop_in: Vec::new(),
            pivot: command.pivot,
            schema: None,
        });
        declared.commands.push((cid, command));
    }
    for (key, event) in syntax.events.iter() {
        let name = r.name(file, key);
        if !r.check_name(&name, "event") {
            continue;
        }
        if let Some(first) = r.events.get(&(ctx, name.text.clone())) {
            let first = r.cat.events[first.index()].name.span;
            r.diags.push(duplicate("event", &name, first));
            continue;
        }
        let eid = EventId::new(r.cat.events.len());
        r.events.insert((ctx, name.text.clone()), eid);
        r.cat.aggregates[id.index()].events.push(eid);
        r.cat.events.push(Event {
            aggregate: id,
            context: ctx,
            name,
            description: event.description.clone(),
            to: None,
            retry_possible: event.retry_possible,
            visibility: event
                .visibility
                .as_ref()
                .map(|v| (v.value, v.pos.in_file(file))),
            triggers: Vec::new(),
            compatibility: None,
            versions: Vec::new(),
            apply: Vec::new(),
        });
        declared.events.push((eid, event));
    }
    Some(declared)
}

/// Resolves the states, events, commands and schemas that declared items refer to.
pub(super) fn define(r: &mut Resolver<'_>, declared: &[Declared<'_>]) {
    for d in declared {
        let initial = state(r, d.id, &r.name(d.file, &d.syntax.initial));
        let finals: Vec<_> = d
            .syntax
            .finals
            .iter()
            .filter_map(|f| state(r, d.id, &r.name(d.file, f)))
            .collect();
        let agg = &mut r.cat.aggregates[d.id.index()];
        agg.initial = initial;
        agg.finals = finals;
        for &(cid, syntax) in &d.commands {
            define_command(r, d, cid, syntax);
        }
        for &(eid, syntax) in &d.events {
            define_event(r, d, eid, syntax);
        }
    }
}

fn state(
    r: &mut Resolver<'_>,
    aggregate: AggregateId,
    name: &Name,
) -> Option<(StateId, crate::source::Span)> {
    match r.state_named(aggregate, &name.text) {
        Some(s) => Some((s, name.span)),
        None => {
            r.unknown_state(aggregate, name);
            None
        }
    }
}

fn own_event(
    r: &mut Resolver<'_>,
    d: &Declared<'_>,
    cid: CommandId,
    s: &Sp<String>,
) -> Option<(EventId, crate::source::Span)> {
    let name = r.name(d.file, s);
    let ctx = r.cat.aggregates[d.id.index()].context;
    let eid = EventId::new(r.lookup(RefKind::Event, &name, Some(ctx))?);
    let event_agg = r.cat.events[eid.index()].aggregate;
    if event_agg != d.id {
        let command = r.cat.commands[cid.index()].name.text.clone();
        let owner = r.cat.aggregate_name(event_agg);
        let mine = r.cat.aggregate_name(d.id);
        r.diags.push(
            Diagnostic::new(
                Rule::ForeignEvent,
                format!("command `{command}` of `{mine}` records `{}`, an event of `{owner}`", name.text),
            )
            .at(name.span, "event of another aggregate")
            .with(r.cat.events[eid.index()].name.span, "declared here")
            .help("a command records events of its own aggregate; to act on another aggregate, trigger one of its commands"),
        );
        return None;
    }
    Some((eid, name.span))
}

fn define_command(
    r: &mut Resolver<'_>,
    d: &Declared<'_>,
    cid: CommandId,
    syntax: &syntax::Command,
) {
    let from = syntax.from.as_ref().map(|states| {
        states
            .iter()
            .filter_map(|s| state(r, d.id, &r.name(d.file, s)))
            .collect::<Vec<_>>()
    });
    let noop_in = syntax
        .noop_in
        .iter()
        .flatten()
        .filter_map(|s| state(r, d.id, &r.name(d.file, s)))
        .collect::<Vec<_>>();
    let emits: Vec<_> = syntax
        .emits
        .0
        .iter()
        .filter_map(|s| own_event(r, d, cid, s))
        .collect();
    let fails: Vec<_> = syntax
        .fails
        .0
        .iter()
        .filter_map(|s| own_event(r, d, cid, s))
        .collect();
    if syntax.emits.0.is_empty() {
        let name = r.cat.commands[cid.index()].name.clone();
        r.diags.push(
            Diagnostic::new(
                Rule::UnresolvedReference,
                format!("command `{}` emits no event", name.text),
            )
            .at(name.span, "this command")
            .help("name the event recorded on success in `emits`"),
        );
    }
    let ctx = r.cat.aggregates[d.id.index()].context;
    let compensated_by = syntax.compensated_by.as_ref().and_then(|s| {
        let name = r.name(d.file, s);
        r.lookup(RefKind::Command, &name, Some(ctx))
            .map(|i| (CommandId::new(i), name.span))
    });
    let schema = schema_of(
        r,
        d.file,
        syntax.schema.as_ref(),
        syntax.schema_file.as_ref(),
        None,
    );
    let command = &mut r.cat.commands[cid.index()];
    command.from = from;
    command.noop_in = noop_in;
    command.emits = emits;
    command.fails = fails;
    command.compensated_by = compensated_by;
    command.schema = schema;
}

fn define_event(r: &mut Resolver<'_>, d: &Declared<'_>, eid: EventId, syntax: &syntax::Event) {
    let to = syntax
        .to
        .as_ref()
        .and_then(|s| state(r, d.id, &r.name(d.file, s)));
    let ctx = r.cat.aggregates[d.id.index()].context;
    let mut triggers = Vec::new();
    for t in &syntax.triggers {
        for key in &t.unknown_keys {
            let suggestion = crate::diag::did_you_mean(&key.value, ["command", "map"])
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            r.diags.push(
                Diagnostic::new(
                    Rule::UnknownKey,
                    format!(
                        "unknown key `{}` in a trigger{suggestion}",
                        names::escape(&key.value)
                    ),
                )
                .at(key.pos.in_file(d.file), "")
                .help("expected one of: command, map"),
            );
        }
        let name = r.name(d.file, &t.command);
        if let Some(i) = r.lookup(RefKind::Command, &name, Some(ctx)) {
            let map = t
                .map
                .iter()
                .map(|(target, source)| Mapping {
                    target: r.name(d.file, target),
                    source: r.name(d.file, source),
                })
                .collect();
            triggers.push(Trigger {
                command: CommandId::new(i),
                span: name.span,
                map,
            });
        }
    }
    let versions = syntax
        .versions
        .iter()
        .map(|v| version(r, d.file, v))
        .collect();
    let aggregate = &r.cat.aggregates[d.id.index()];
    let (owner, at) = (
        format!("aggregate `{}`", aggregate.name.text),
        aggregate.name.clone(),
    );
    let fields = std::mem::take(&mut r.cat.aggregates[d.id.index()].fields);
    let apply = super::fields::assignments(r, d.file, &owner, &at, &fields, &syntax.apply);
    r.cat.aggregates[d.id.index()].fields = fields;
    let event = &mut r.cat.events[eid.index()];
    event.apply = apply;
    event.to = to;
    event.triggers = triggers;
    event.compatibility = syntax
        .compatibility
        .as_ref()
        .map(|c| (c.value, c.pos.in_file(d.file)));
    event.versions = versions;
    if syntax.versions.is_empty() {
        let name = event.name.clone();
        r.diags.push(
            Diagnostic::new(
                Rule::VersionSequence,
                format!("event `{}` has no versions", name.text),
            )
            .at(name.span, "this event")
            .help("add `versions: [{version: 1, schema: {...}}]`"),
        );
    }
}

fn version(r: &mut Resolver<'_>, file: FileId, v: &syntax::Version) -> Version {
    let span = v.version.pos.in_file(file);
    Version {
        number: v.version.value,
        span,
        description: v.description.clone(),
        compatibility: v
            .compatibility
            .as_ref()
            .map(|c| (c.value, c.pos.in_file(file))),
        schema: schema_of(
            r,
            file,
            v.schema.as_ref(),
            v.schema_file.as_ref(),
            Some(span),
        ),
        examples: v
            .examples
            .iter()
            .map(|e| Json::new(e.clone(), file))
            .collect(),
        upcast: super::upcast::ops(r, file, &v.upcast),
    }
}

/// The schema given inline or in a file; `required_at` reports a missing one there.
fn schema_of(
    r: &mut Resolver<'_>,
    file: FileId,
    inline: Option<&Arc<Node>>,
    path: Option<&Sp<String>>,
    required_at: Option<crate::source::Span>,
) -> Option<Json> {
    match (inline, path) {
        (Some(node), None) => Some(Json::new(Arc::clone(node), file)),
        (None, Some(p)) => r
            .loaded
            .schema_files
            .get(&(file, p.value.clone()))
            .map(|doc| Json::new(doc.syntax.clone(), doc.file)),
        (Some(node), Some(p)) => {
            r.diags.push(
                Diagnostic::new(
                    Rule::SchemaSource,
                    "both `schema` and `schema_file` are given",
                )
                .at(p.pos.in_file(file), "schema file")
                .with(node.pos.in_file(file), "inline schema")
                .help("keep one of them"),
            );
            Some(Json::new(Arc::clone(node), file))
        }
        (None, None) => {
            if let Some(span) = required_at {
                r.diags.push(
                    Diagnostic::new(Rule::SchemaSource, "this version has no payload schema")
                        .at(span, "version declared here")
                        .help("add `schema:` with a JSON Schema, or `schema_file:` with its path"),
                );
            }
            None
        }
    }
}
