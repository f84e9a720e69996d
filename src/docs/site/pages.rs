//! The index, context and aggregate pages of the site.

use super::html::{
    aggregate_page, anchor, command_link, context_page, count, esc, event_link, figure, heading,
    page, pairs, para, projection_page, saga_page, table,
};
use crate::model::{AggregateId, Catalog, ContextId, EventId};
use std::fmt::Write as _;

/// The index: the catalog, its context map, and every context, saga and projection.
pub fn index(cat: &Catalog) -> String {
    let mut b = para(cat.description.as_ref());
    let counts = [
        count(cat.contexts.len(), "context"),
        count(cat.aggregates.len(), "aggregate"),
        count(cat.commands.len(), "command"),
        count(cat.events.len(), "event"),
        count(cat.sagas.len(), "saga"),
        count(cat.projections.len(), "projection"),
    ];
    let _ = writeln!(b, "<p class=\"counts\">{}</p>", counts.join(" · "));
    b.push_str(&heading(2, "context-map", "Context map"));
    b.push_str(&figure(
        "diagrams/context-map.svg",
        "The contexts, their aggregates, and the events between them",
    ));
    b.push_str(&heading(2, "contexts", "Contexts"));
    let rows: Vec<Vec<String>> = cat
        .contexts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            vec![
                format!(
                    "<a href=\"{}\">{}</a>",
                    context_page(cat, ContextId::new(i)),
                    esc(&c.name.text)
                ),
                esc(c.description.as_deref().unwrap_or("")),
                esc(c.owner.as_deref().unwrap_or("")),
            ]
        })
        .collect();
    b.push_str(&table(&["context", "description", "owner"], &rows));
    if !cat.sagas.is_empty() {
        b.push_str(&heading(2, "sagas", "Sagas"));
        let rows: Vec<Vec<String>> = cat
            .sagas
            .iter()
            .map(|s| {
                vec![
                    format!(
                        "<a href=\"{}\">{}</a>",
                        saga_page(&s.name.text),
                        esc(&s.name.text)
                    ),
                    esc(s.description.as_deref().unwrap_or("")),
                ]
            })
            .collect();
        b.push_str(&table(&["saga", "description"], &rows));
    }
    if !cat.projections.is_empty() {
        b.push_str(&heading(2, "projections", "Projections"));
        let rows: Vec<Vec<String>> = cat
            .projections
            .iter()
            .map(|p| {
                vec![
                    format!(
                        "<a href=\"{}\">{}</a>",
                        projection_page(&p.name.text),
                        esc(&p.name.text)
                    ),
                    esc(p.description.as_deref().unwrap_or("")),
                ]
            })
            .collect();
        b.push_str(&table(&["projection", "description"], &rows));
    }
    page(cat, &cat.name, &b)
}

/// A context: its flow, its aggregates and their events.
pub fn context(cat: &Catalog, id: ContextId) -> String {
    let c = cat.context(id);
    let mut b = para(c.description.as_ref());
    if let Some(o) = &c.owner {
        let _ = writeln!(b, "<p>Owner: <strong>{}</strong></p>", esc(o));
    }
    b.push_str(&heading(2, "flow", "Commands and events"));
    b.push_str(&figure(
        &format!("diagrams/flow-{}.svg", c.name.text),
        &format!("The commands and events of {}", c.name.text),
    ));
    b.push_str(&heading(2, "aggregates", "Aggregates"));
    for &a in &c.aggregates {
        let agg = cat.aggregate(a);
        let events: Vec<String> = agg.events.iter().map(|&e| event_link(cat, e)).collect();
        let _ = writeln!(
            b,
            "<h3 id=\"{}\"><a href=\"{}\">{}</a></h3>\n{}<p>Events: {}</p>",
            anchor(&agg.name.text),
            aggregate_page(cat, a),
            esc(&agg.name.text),
            para(agg.description.as_ref()),
            if events.is_empty() {
                "none".into()
            } else {
                events.join(", ")
            }
        );
    }
    page(cat, &format!("Context {}", c.name.text), &b)
}

/// An aggregate: its lifecycle and its commands.
pub fn aggregate(cat: &Catalog, id: AggregateId) -> String {
    let agg = cat.aggregate(id);
    let context = cat.context(agg.context);
    let mut b = format!(
        "<p>In context <a href=\"{}\">{}</a>. Identity field: <code>{}</code>.</p>\n",
        context_page(cat, agg.context),
        esc(&context.name.text),
        esc(&agg.id_field.text)
    );
    b.push_str(&para(agg.description.as_ref()));
    b.push_str(&heading(2, "lifecycle", "Lifecycle"));
    b.push_str(&figure(
        &format!("diagrams/lifecycle-{}.svg", cat.aggregate_name(id)),
        &format!("The states of {}", agg.name.text),
    ));
    let states: Vec<String> = agg
        .states
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut t = format!("<code>{}</code>", esc(&s.text));
            if agg.initial.is_some_and(|(x, _)| x.index() == i) {
                t.push_str(" (initial)");
            }
            if agg.finals.iter().any(|(x, _)| x.index() == i) {
                t.push_str(" (final)");
            }
            t
        })
        .collect();
    let _ = writeln!(b, "<p>States: {}.</p>", states.join(", "));
    let rows: Vec<Vec<String>> = crate::docs::state::rows(cat, id)
        .into_iter()
        .map(|f| {
            let set: Vec<String> = f
                .set_by
                .iter()
                .map(|(e, x)| format!("{}: <code>{}</code>", event_link(cat, *e), esc(x)))
                .collect();
            vec![
                format!("<code>{}</code>", esc(&f.name)),
                esc(&f.ty),
                set.join("<br>"),
            ]
        })
        .collect();
    if !rows.is_empty() {
        b.push_str(&heading(2, "fields", "Fields"));
        b.push_str("<p>Set by its events' <code>apply</code>, over the payload and <code>current</code>.</p>\n");
        b.push_str(&table(&["Field", "Type", "Set by"], &rows));
    }
    b.push_str(&specs(cat, id));
    b.push_str(&heading(2, "commands", "Commands"));
    let state =
        |s: crate::model::StateId| format!("<code>{}</code>", esc(&agg.states[s.index()].text));
    let events = |l: &[(EventId, crate::source::Span)]| -> String {
        let v: Vec<String> = l.iter().map(|(e, _)| event_link(cat, *e)).collect();
        if v.is_empty() {
            "—".into()
        } else {
            v.join(", ")
        }
    };
    for &c in &agg.commands {
        let cmd = cat.command(c);
        b.push_str(&heading(
            3,
            &anchor(&cmd.name.text),
            &format!("<code>{}</code>", esc(&cmd.name.text)),
        ));
        b.push_str(&para(cmd.description.as_ref()));
        let from = match &cmd.from {
            Some(f) => f
                .iter()
                .map(|(s, _)| state(*s))
                .collect::<Vec<_>>()
                .join(", "),
            None => "every state that is not final".into(),
        };
        let mut rows: Vec<(&str, String)> = vec![
            ("accepted in", from),
            ("records", events(&cmd.emits)),
            ("fails with", events(&cmd.fails)),
            (
                "compensated by",
                cmd.compensated_by
                    .map_or("—".into(), |(x, _)| command_link(cat, x)),
            ),
            (
                "sent by",
                if cmd.external {
                    "outside the catalog".into()
                } else {
                    "triggers and sagas".into()
                },
            ),
        ];
        if !cmd.noop_in.is_empty() {
            rows.insert(
                1,
                (
                    "no-op in (records nothing)",
                    cmd.noop_in
                        .iter()
                        .map(|(s, _)| state(*s))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            );
        }
        if cmd.pivot {
            rows.push(("pivot", "cannot be undone, on purpose".into()));
        }
        b.push_str(&pairs(&rows));
        if let Some(schema) = &cmd.schema {
            b.push_str("<details class=\"schema\"><summary>Payload</summary>\n");
            b.push_str(&super::schema::tree(&schema.value()));
            b.push_str("</details>\n");
        }
    }
    b.push_str(&heading(2, "events", "Events"));
    let list: Vec<String> = agg
        .events
        .iter()
        .map(|&e| format!("<li>{}</li>", event_link(cat, e)))
        .collect();
    let _ = writeln!(b, "<ul>{}</ul>", list.join(""));
    page(cat, &format!("Aggregate {}", cat.aggregate_name(id)), &b)
}

/// An aggregate's specs: one list of given/when/then lines each.
fn specs(cat: &Catalog, id: AggregateId) -> String {
    use crate::docs::specs::{Part, views};
    let views = views(cat, id);
    if views.is_empty() {
        return String::new();
    }
    let mut b = heading(2, "specs", "Specs");
    b.push_str("<p>Checked by <code>validate</code> against the model; <code>gen</code> makes each a test of the decisions.</p>\n");
    for v in views {
        b.push_str(&heading(
            3,
            &anchor(&v.name),
            &format!("<code>{}</code>", esc(&v.name)),
        ));
        b.push_str(&para(v.description.as_ref()));
        b.push_str("<ul class=\"spec\">");
        for (head, parts) in &v.lines {
            let shown: Vec<String> = parts
                .iter()
                .map(|p| match p {
                    Part::Words(w) => esc(w),
                    Part::Event(e) => event_link(cat, *e),
                    Part::Command(c) => command_link(cat, *c),
                    Part::Code(c) => format!("<code>{}</code>", esc(c)),
                })
                .collect();
            let _ = write!(b, "<li><strong>{head}</strong> {}</li>", shown.join(" "));
        }
        b.push_str("</ul>\n");
    }
    b
}
