//! An event's page: who records and reads it, and every version with its schema tree, its
//! examples, and the step from the version before: the mode, the compatibility engine's verdict
//! with each finding's rule, the fields added and removed, and the upcast.

use super::html::{
    aggregate_page, command_link, esc, heading, page, pairs, para, projection_page, saga_page,
    table,
};
use crate::compat::{self, Direction, Effect, Mode, Profile};
use crate::model::{Catalog, CommandId, EventId, Version};
use serde_json::Value;
use std::fmt::Write as _;

/// What every event page needs from the whole catalog, computed once for all of them.
pub struct Shared {
    /// Each event's readers outside its context.
    readers: Vec<Vec<crate::model::Reader>>,
    /// The commands that record each event (in `emits` or `fails`).
    producers: Vec<Vec<CommandId>>,
}

impl Shared {
    /// The readers and producers of every event.
    pub fn new(cat: &Catalog) -> Self {
        let mut producers = vec![Vec::new(); cat.events.len()];
        for (i, c) in cat.commands.iter().enumerate() {
            for (e, _) in c.emits.iter().chain(&c.fails) {
                if !producers[e.index()].contains(&CommandId::new(i)) {
                    producers[e.index()].push(CommandId::new(i));
                }
            }
        }
        Shared {
            readers: cat.outside_readers(),
            producers,
        }
    }
}

/// The page of event `id`.
pub fn event(cat: &Catalog, shared: &Shared, id: EventId) -> String {
    let e = cat.event(id);
    let agg = cat.aggregate(e.aggregate);
    let mut b = format!(
        "<p>Recorded by <a href=\"{}\">{}</a>.</p>\n",
        aggregate_page(cat, e.aggregate),
        esc(&cat.aggregate_name(e.aggregate))
    );
    b.push_str(&para(e.description.as_ref()));
    if let Some((s, _)) = e.to {
        let _ = writeln!(
            b,
            "<p>Moves {} to <code>{}</code>.</p>",
            esc(&agg.name.text),
            esc(&agg.states[s.index()].text)
        );
    }
    b.push_str(&heading(
        2,
        "producers-and-consumers",
        "Producers and consumers",
    ));
    b.push_str(&pairs(&people(cat, shared, id)));
    b.push_str(&heading(2, "versions", "Versions"));
    for (i, v) in e.versions.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| &e.versions[p]);
        version(cat, id, v, previous, &mut b);
    }
    page(cat, &format!("Event {}", cat.event_name(id)), &b)
}

/// Who records the event and who reacts to it.
fn people(cat: &Catalog, shared: &Shared, id: EventId) -> Vec<(&'static str, String)> {
    let e = cat.event(id);
    let join = |v: Vec<String>| {
        if v.is_empty() {
            "—".to_string()
        } else {
            v.join(", ")
        }
    };
    let producers: Vec<String> = shared.producers[id.index()]
        .iter()
        .map(|&c| command_link(cat, c))
        .collect();
    let triggers: Vec<String> = e
        .triggers
        .iter()
        .map(|t| command_link(cat, t.command))
        .collect();
    let sagas: Vec<String> = cat
        .sagas
        .iter()
        .filter(|s| {
            s.start.is_some_and(|(x, _)| x == id)
                || s.completes_on
                    .iter()
                    .chain(&s.aborts_on)
                    .any(|(x, _)| *x == id)
        })
        .map(|s| {
            format!(
                "<a href=\"{}\">{}</a>",
                saga_page(&s.name.text),
                esc(&s.name.text)
            )
        })
        .collect();
    let projections: Vec<String> = cat
        .projections
        .iter()
        .filter(|p| p.handlers.iter().any(|h| h.event == id))
        .map(|p| {
            format!(
                "<a href=\"{}\">{}</a>",
                projection_page(&p.name.text),
                esc(&p.name.text)
            )
        })
        .collect();
    let outside: Vec<String> = shared.readers[id.index()]
        .iter()
        .map(|r| esc(&r.what.replace('`', "")))
        .collect();
    vec![
        ("recorded by", join(producers)),
        ("triggers", join(triggers)),
        ("sagas", join(sagas)),
        ("projections", join(projections)),
        ("read outside its context", join(outside)),
    ]
}

fn version(cat: &Catalog, id: EventId, v: &Version, previous: Option<&Version>, b: &mut String) {
    b.push_str(&heading(
        3,
        &format!("v{}", v.number),
        &format!("v{}", v.number),
    ));
    b.push_str(&para(v.description.as_ref()));
    if let Some(p) = previous {
        step(cat, id, p, v, b);
    }
    match &v.schema {
        Some(schema) => {
            b.push_str("<details class=\"schema\" open><summary>Payload</summary>\n");
            b.push_str(&super::schema::tree(&schema.value()));
            b.push_str("</details>\n");
        }
        None => b.push_str("<p>No schema.</p>\n"),
    }
    for x in &v.examples {
        let text = serde_json::to_string_pretty(&x.value()).unwrap_or_default();
        let _ = writeln!(
            b,
            "<details class=\"example\"><summary>Example</summary><pre><code>{}</code></pre></details>",
            esc(&text)
        );
    }
}

/// The step into `v`: mode, verdict, findings, fields added and removed, upcast.
fn step(cat: &Catalog, id: EventId, old: &Version, v: &Version, b: &mut String) {
    let e = cat.event(id);
    let declared = cat.step_mode(e, v);
    let (mode, transitive) = Mode::of(declared);
    let (Some(a), Some(n)) = (&old.schema, &v.schema) else {
        return;
    };
    let (a, n) = (a.value(), n.value());
    // The verdict `validate` reaches (docs/compatibility.md): a backward finding is bridged
    // when the version has an upcast, which `validate` proves; the others break the mode.
    let upcast = !v.upcast.is_empty();
    let checked = if mode == Mode::None {
        Mode::Backward
    } else {
        mode
    };
    let report = compat::check(&a, &n, checked, cat.profile);
    let counted =
        |f: &&compat::Finding| !(f.effect == Effect::Unknown && cat.profile == Profile::Lenient);
    let (bridged, breaking): (Vec<&compat::Finding>, Vec<&compat::Finding>) = report
        .findings
        .iter()
        .filter(counted)
        .partition(|f| f.direction == Direction::Backward && (upcast || mode == Mode::None));
    let verdict = match (mode, breaking.is_empty(), bridged.is_empty()) {
        (Mode::None, _, true) => "backward compatible; the mode checks nothing".to_string(),
        (Mode::None, _, false) if upcast => "breaking, which the mode allows: stored events are upcast, and validate proves the result".to_string(),
        (Mode::None, _, false) => "breaking, with no upcast: validate reports upcast-missing".to_string(),
        (_, true, true) => format!("{} compatible", mode.name()),
        (_, true, false) => format!("{} compatible once stored events are upcast; validate proves the upcast", mode.name()),
        (_, false, _) => format!("breaks {}: validate reports it", mode.name()),
    };
    let _ = writeln!(
        b,
        "<div class=\"step\"><p>From v{}: mode <code>{}</code>{}, <strong>{}</strong>.</p>",
        old.number,
        declared.name(),
        if transitive {
            " (checked against every earlier version)"
        } else {
            ""
        },
        esc(&verdict)
    );
    let (added, removed) = fields_changed(&a, &n);
    if !added.is_empty() || !removed.is_empty() {
        let _ = writeln!(
            b,
            "<p>Fields added: {}. Removed: {}.</p>",
            if added.is_empty() {
                "none".into()
            } else {
                added
                    .iter()
                    .map(|f| format!("<code>{}</code>", esc(f)))
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            if removed.is_empty() {
                "none".into()
            } else {
                removed
                    .iter()
                    .map(|f| format!("<code>{}</code>", esc(f)))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        );
    }
    let rows: Vec<Vec<String>> = breaking
        .iter()
        .map(|f| (f, "breaks"))
        .chain(bridged.iter().map(|f| {
            (
                f,
                if upcast {
                    "bridged by the upcast"
                } else {
                    "allowed by the mode"
                },
            )
        }))
        .map(|(f, what)| {
            vec![
                format!("<code>{}</code>", f.rule.id()),
                format!("{:?}", f.direction).to_lowercase(),
                what.to_string(),
                esc(&f.message),
            ]
        })
        .collect();
    if !rows.is_empty() {
        b.push_str(&table(&["rule", "direction", "verdict", "finding"], &rows));
    }
    if !v.upcast.is_empty() {
        let mut ops = String::new();
        crate::docs::upcast(&v.upcast, 0, &mut ops);
        let _ = writeln!(
            b,
            "<p>Stored v{} events are upcast, and <code>eventctl validate</code> proves the result valid:</p><pre>{}</pre>",
            old.number,
            esc(&ops)
        );
    }
    b.push_str("</div>\n");
}

/// Top-level properties added and removed between two schemas.
fn fields_changed(old: &Value, new: &Value) -> (Vec<String>, Vec<String>) {
    let keys = |s: &Value| -> Vec<String> {
        s.get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    };
    let (o, n) = (keys(old), keys(new));
    (
        n.iter().filter(|k| !o.contains(k)).cloned().collect(),
        o.iter().filter(|k| !n.contains(k)).cloned().collect(),
    )
}
