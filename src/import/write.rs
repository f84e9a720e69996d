//! The imported model as files: `catalog.yaml`, with comments where AsyncAPI had nothing to
//! say, and one schema file per event version. Every string is written JSON-quoted, which YAML
//! reads as the same string whatever it holds.

use super::{Context, Event, MARKER, Model};
use crate::compat;
use crate::fileset::{File, Owner};
use serde_json::Value;
use std::fmt::Write;

/// The catalog and its schema files, how many events they hold, and the notes of the model
/// with those of writing it.
pub fn files(model: &Model) -> (Vec<File>, usize, Vec<String>) {
    let mut out = String::new();
    let mut schemas = Vec::new();
    let mut events = 0;
    let w = &mut out;
    line(
        w,
        0,
        &format!("# {MARKER} from {}.", model.sources.join(", ")),
    );
    line(
        w,
        0,
        "# Importing again replaces this file: delete these two lines once you edit it.",
    );
    line(w, 0, "eventctl: 1");
    line(w, 0, &format!("name: {}", q(&model.name)));
    if let Some(d) = &model.description {
        line(w, 0, &format!("description: {}", q(d)));
    }
    defaults(w, model);
    envelope(w, model);
    line(w, 0, "contexts:");
    let mut notes = model.notes.clone();
    let mut bridges = 0;
    let default_mode = model
        .extension
        .as_ref()
        .and_then(|x| x.get("compatibility"))
        .and_then(Value::as_str);
    for (name, c) in &model.contexts {
        line(w, 1, &format!("{name}:"));
        if let Some(d) = c
            .description
            .as_ref()
            .filter(|d| model.contexts.len() > 1 || Some(*d) != model.description.as_ref())
        {
            line(w, 2, &format!("description: {}", q(d)));
        }
        if let Some(o) = &c.owner {
            line(w, 2, &format!("owner: {}", q(o)));
        }
        line(w, 2, "aggregates:");
        for (aggregate, list) in aggregates(c) {
            let first = &c.events[&list[0]];
            let ext = first
                .versions
                .values()
                .next()
                .and_then(|f| f.channel.as_ref())
                .and_then(|c| c.extension.clone());
            lifecycle(w, aggregate.as_deref().unwrap_or(name), ext.as_ref(), c);
            line(
                w,
                4,
                "# commands: AsyncAPI has no commands. Add those that record these events (`emits`),",
            );
            line(
                w,
                4,
                "# with the states that accept them (docs/catalog-format.md).",
            );
            line(w, 4, "events:");
            for event in list {
                let e = &c.events[&event];
                events += 1;
                write_event(
                    w,
                    (name, model.sources.len() > 1, default_mode),
                    &event,
                    e,
                    (&mut schemas, &mut notes, &mut bridges),
                );
            }
        }
    }
    line(
        w,
        0,
        "# sagas: AsyncAPI describes no processes. Name the ones that span these contexts, their",
    );
    line(
        w,
        0,
        "# steps and compensations, and `eventctl simulate` explores their failures.",
    );
    line(
        w,
        0,
        "# projections: the read models built from these events, checked by `eventctl replay`.",
    );
    if bridges > 0 {
        line(
            w,
            0,
            "# Each `compatibility: none` step above still needs its upcast; until then `validate`",
        );
        line(
            w,
            0,
            "# warns of it. Remove this once every upcast is written.",
        );
        line(w, 0, "rules:");
        line(w, 1, "upcast-missing: warn");
    }
    let mut files = vec![File {
        path: "catalog.yaml".into(),
        content: out,
        owner: Owner::Generated,
    }];
    files.extend(schemas);
    (files, events, notes)
}

/// The events of a context by aggregate: those eventctl's export named, else one placeholder.
fn aggregates(c: &Context) -> Vec<(Option<String>, Vec<String>)> {
    let mut out: Vec<(Option<String>, Vec<String>)> = Vec::new();
    for name in c.events.keys() {
        let agg = c.events[name]
            .versions
            .values()
            .next()
            .and_then(|f| f.channel.as_ref())
            .and_then(|ch| ch.extension.as_ref())
            .and_then(|x| x.get("aggregate"))
            .and_then(Value::as_str)
            .map(str::to_string);
        match out.iter_mut().find(|(a, _)| *a == agg) {
            Some((_, list)) => list.push(name.clone()),
            None => out.push((agg, vec![name.clone()])),
        }
    }
    out
}

/// An aggregate's head: its lifecycle from eventctl's `x-eventctl`, or a placeholder.
fn lifecycle(w: &mut String, name: &str, ext: Option<&Value>, c: &Context) {
    line(w, 3, &format!("{name}:"));
    let strings = |key: &str| -> Vec<String> {
        ext.and_then(|x| x.get(key))
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).map(q).collect())
            .unwrap_or_default()
    };
    let states = strings("states");
    if ext.and_then(|x| x.get("id")).is_none() {
        line(
            w,
            4,
            "# AsyncAPI has no aggregates: this one holds every event of the context. Split the",
        );
        line(
            w,
            4,
            "# events among the real aggregates, name the field that identifies one in every",
        );
        line(
            w,
            4,
            "# payload, and give each its lifecycle: its states, and the event that moves to each.",
        );
    }
    let id = ext
        .and_then(|x| x.get("id"))
        .and_then(Value::as_str)
        .map_or_else(|| identity(c), str::to_string);
    line(w, 4, &format!("id: {}", q(&id)));
    if states.is_empty() {
        line(w, 4, "states: [active]");
        line(w, 4, "initial: active");
    } else {
        line(w, 4, &format!("states: [{}]", states.join(", ")));
        let initial = ext
            .and_then(|x| x.get("initial"))
            .and_then(Value::as_str)
            .map_or_else(|| states[0].clone(), q);
        line(w, 4, &format!("initial: {initial}"));
    }
    line(w, 4, &format!("final: [{}]", strings("final").join(", ")));
}

/// A field every payload of the context declares and that names an id, else `id`.
fn identity(c: &Context) -> String {
    let mut common: Option<Vec<String>> = None;
    for e in c.events.values() {
        for f in e.versions.values() {
            let names: Vec<String> = f
                .schema
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            common = Some(match common {
                None => names,
                Some(c) => c.into_iter().filter(|n| names.contains(n)).collect(),
            });
        }
    }
    common
        .unwrap_or_default()
        .into_iter()
        .find(|n| n == "id" || n.ends_with("_id") || n.ends_with("Id"))
        .unwrap_or_else(|| "id".into())
}

fn write_event(
    w: &mut String,
    at: (&str, bool, Option<&str>),
    name: &str,
    e: &Event,
    out: (&mut Vec<File>, &mut Vec<String>, &mut usize),
) {
    let (schemas, notes, bridges) = out;
    let (context, several, default_mode) = at;
    line(w, 5, &format!("{name}:"));
    let first = e.versions.values().next().expect("an event has a version");
    let ext = first.channel.as_ref().and_then(|c| c.extension.as_ref());
    if let Some(d) = &first.description {
        line(w, 6, &format!("description: {}", q(d)));
    }
    if let Some(ch) = &first.channel {
        let address = ch
            .address
            .as_deref()
            .map(|a| format!(" (address `{a}`)"))
            .unwrap_or_default();
        line(w, 6, &format!("# AsyncAPI channel `{}`{address}.", ch.id));
    }
    let mut sends: Vec<String> = Vec::new();
    let mut readers: Vec<String> = Vec::new();
    for f in e.versions.values() {
        for op in &f.sends {
            push_new(&mut sends, format!("`{op}`"));
        }
        for (doc, op) in &f.receives {
            let shown = if several {
                format!("`{op}` in {doc}")
            } else {
                format!("`{op}`")
            };
            push_new(&mut readers, shown);
        }
    }
    if !sends.is_empty() {
        line(w, 6, &format!("# Sent by {}.", operations(&sends)));
    } else if ext.is_none() {
        line(
            w,
            6,
            "# No imported document sends it: move it to the context that records it.",
        );
    }
    if !readers.is_empty() {
        line(
            w,
            6,
            &format!(
                "# Received by {}: a trigger, saga or projection says what it does with it.",
                operations(&readers)
            ),
        );
    }
    let declared = |state: &str| {
        ext.and_then(|x| x.get("states"))
            .and_then(Value::as_array)
            .is_some_and(|l| l.iter().any(|s| s == state))
    };
    for key in ["to", "compatibility", "visibility"] {
        if let Some(v) = ext.and_then(|x| x.get(key)).and_then(Value::as_str)
            && (key != "to" || declared(v))
        {
            line(w, 6, &format!("{key}: {}", q(v)));
        }
    }
    line(w, 6, "versions:");
    let numbers: Vec<u64> = e.versions.keys().copied().collect();
    let renumbered = numbers.iter().enumerate().any(|(i, n)| *n != i as u64 + 1);
    if renumbered {
        notes.push(format!("`{context}.{name}`: versions {numbers:?} in the documents are numbered 1 to {} in the catalog, which counts from 1", numbers.len()));
    }
    let mut previous: Option<&Value> = None;
    for (i, (number, f)) in e.versions.iter().enumerate() {
        let n = i + 1;
        line(w, 7, &format!("- version: {n}"));
        if renumbered {
            line(
                w,
                8,
                &format!("# version {number} in the AsyncAPI document."),
            );
        }
        if let Some(s) = &f.summary
            && Some(s) != f.description.as_ref()
        {
            line(w, 8, &format!("description: {}", q(s)));
        }
        let vext = f.extension.as_ref();
        if let Some(mode) = vext
            .and_then(|x| x.get("compatibility"))
            .and_then(Value::as_str)
        {
            line(w, 8, &format!("compatibility: {}", q(mode)));
        } else if vext.and_then(|x| x.get("upcast")).is_none()
            && reads_back(
                ext.and_then(|x| x.get("compatibility"))
                    .and_then(Value::as_str)
                    .or(default_mode),
            )
            && let Some(previous) = previous
            && let Some(rules) = breaks(previous, &f.schema)
        {
            *bridges += 1;
            line(
                w,
                8,
                &format!(
                    "# A stored v{} payload is not a valid v{n} one ({rules}): write the upcast",
                    n - 1
                ),
            );
            line(
                w,
                8,
                "# that turns it into one, and `validate` proves it (docs/catalog-format.md).",
            );
            line(w, 8, "compatibility: none");
        }
        previous = Some(&f.schema);
        let path = format!("schemas/{context}.{name}.v{n}.yaml");
        line(w, 8, &format!("schema_file: {path}"));
        let body = serde_json::to_string_pretty(&f.schema).unwrap_or_else(|_| "{}".into());
        schemas.push(File {
            path,
            content: format!("# {MARKER}\n{body}\n"),
            owner: Owner::Generated,
        });
        if !f.examples.is_empty() {
            line(
                w,
                8,
                &format!("examples: {}", Value::Array(f.examples.clone())),
            );
        }
        if let Some(up) = vext.and_then(|x| x.get("upcast")) {
            line(w, 8, &format!("upcast: {up}"));
        }
    }
}

fn defaults(w: &mut String, model: &Model) {
    let ext = model.extension.as_ref();
    let mode = ext
        .and_then(|x| x.get("compatibility"))
        .and_then(Value::as_str);
    let profile = ext.and_then(|x| x.get("profile")).and_then(Value::as_str);
    if mode.is_none() && profile.is_none() {
        line(
            w,
            0,
            "# defaults: AsyncAPI says nothing of how versions may change; each step is checked",
        );
        line(
            w,
            0,
            "# `backward` unless `defaults.compatibility` says otherwise (docs/compatibility.md).",
        );
        return;
    }
    line(w, 0, "defaults:");
    if let Some(m) = mode {
        line(w, 1, &format!("compatibility: {}", q(m)));
    }
    if let Some(p) = profile {
        line(w, 1, &format!("profile: {}", q(p)));
    }
}

/// The envelope eventctl's export kept in `info.x-eventctl`.
fn envelope(w: &mut String, model: &Model) {
    let Some(envelope) = model.extension.as_ref().and_then(|x| x.get("envelope")) else {
        return;
    };
    line(w, 0, "envelope:");
    for key in ["required", "optional"] {
        let fields: Vec<String> = envelope
            .get(key)
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).map(q).collect())
            .unwrap_or_default();
        line(w, 1, &format!("{key}: [{}]", fields.join(", ")));
    }
}

fn operations(items: &[String]) -> String {
    let word = if items.len() == 1 {
        "operation"
    } else {
        "operations"
    };
    format!("{word} {}", items.join(", "))
}

fn push_new(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// A YAML scalar that reads back as `s`.
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn line(w: &mut String, indent: usize, text: &str) {
    let _ = writeln!(w, "{}{text}", "  ".repeat(indent));
}

/// The rules a step from `old` to `new` breaks under the default mode, if it breaks.
fn breaks(old: &Value, new: &Value) -> Option<String> {
    let report = compat::check(old, new, compat::Mode::Backward, compat::Profile::Strict);
    if !report.fails() {
        return None;
    }
    let mut rules: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| report.breaks(f))
        .map(|f| f.rule.id())
        .collect();
    rules.dedup();
    Some(rules.join(", "))
}

/// Whether a mode (`None`: the default, `backward`) asks that the new version read the old.
fn reads_back(mode: Option<&str>) -> bool {
    mode.is_none_or(|m| m.starts_with("backward") || m.starts_with("full"))
}
