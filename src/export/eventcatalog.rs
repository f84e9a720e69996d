//! The catalog as an EventCatalog project: a domain per context, a service per aggregate (what
//! it sends and receives), an event per version with its schema, and a command per command,
//! each an `index.mdx` whose front matter EventCatalog and its SDK read and whose Markdown
//! holds the lifecycle, the diagrams, the compatibility of each step and the upcasts
//! (`docs/interop.md#eventcatalog`).

use crate::diagram::{Focus, Kind};
use crate::docs::{self, markdown};
use crate::fileset::{File, Owner};
use crate::model::{AggregateId, Catalog, CommandId, ContextId, EventId, Version};
use serde_json::{Map, Value, json};
use std::fmt::Write;

/// Marks the files this export writes: on the line after the front matter's opener, or on the
/// first line of a schema.
pub const MARKER: &str = "written by eventctl export eventcatalog";

/// The EventCatalog version of a catalog version: its number as the major (`3` → `3.0.0`).
pub fn version(number: u64) -> String {
    format!("{number}.0.0")
}

/// Every file of the project.
pub fn files(cat: &Catalog) -> Vec<File> {
    let mut files = Vec::new();
    let mut owners: Vec<&str> = Vec::new();
    for (i, c) in cat.contexts.iter().enumerate() {
        let id = ContextId::new(i);
        files.push(domain(cat, id));
        if let Some(o) = &c.owner
            && !owners.contains(&o.as_str())
        {
            owners.push(o);
        }
        for &a in &c.aggregates {
            files.push(service(cat, a));
        }
    }
    for o in owners {
        let front = front(&[("id", json!(o)), ("name", json!(o))]);
        files.push(page(
            format!("teams/{}/index.mdx", markdown::file_name(o)),
            front,
            "A team named in the catalog as the owner of its contexts.\n".into(),
        ));
    }
    for i in 0..cat.events.len() {
        event(cat, EventId::new(i), &mut files);
    }
    for i in 0..cat.commands.len() {
        command(cat, CommandId::new(i), &mut files);
    }
    files
}

fn domain(cat: &Catalog, id: ContextId) -> File {
    let c = cat.context(id);
    let services: Vec<Value> = c
        .aggregates
        .iter()
        .map(|&a| json!({"id": cat.aggregate_name(a), "version": version(1)}))
        .collect();
    let mut fields = vec![
        ("id", json!(c.name.text)),
        ("name", json!(c.name.text)),
        ("version", json!(version(1))),
    ];
    if let Some(d) = &c.description {
        fields.push(("summary", json!(d)));
    }
    if let Some(o) = &c.owner {
        fields.push(("owners", json!([o])));
    }
    fields.push(("services", Value::Array(services)));
    let focus = Focus {
        context: Some(id),
        ..Focus::default()
    };
    let mut body = String::new();
    if let Some(d) = &c.description {
        let _ = writeln!(body, "{}\n", mdx(d));
    }
    body.push_str("## Context map\n\n");
    body.push_str(&docs::diagram_block(cat, Kind::ContextMap, focus));
    body.push_str("\n## Commands and events\n\n");
    body.push_str(&docs::diagram_block(cat, Kind::Flow, focus));
    page(
        format!("domains/{}/index.mdx", c.name.text),
        front(&fields),
        body,
    )
}

fn service(cat: &Catalog, a: AggregateId) -> File {
    let agg = cat.aggregate(a);
    let context = &cat.context(agg.context).name.text;
    let sends: Vec<Value> = agg.events.iter().map(|&e| message(cat, e)).collect();
    let mut receives: Vec<Value> = agg
        .commands
        .iter()
        .map(|&c| json!({"id": cat.command_name(c), "version": version(1)}))
        .collect();
    for (i, e) in cat.events.iter().enumerate() {
        if e.triggers
            .iter()
            .any(|t| cat.command(t.command).aggregate == a)
        {
            let m = message(cat, EventId::new(i));
            if !receives.contains(&m) {
                receives.push(m);
            }
        }
    }
    let mut fields = vec![
        ("id", json!(cat.aggregate_name(a))),
        ("name", json!(agg.name.text)),
        ("version", json!(version(1))),
    ];
    fields.push((
        "summary",
        json!(
            agg.description
                .clone()
                .unwrap_or_else(|| format!("The {} aggregate of {context}.", agg.name.text))
        ),
    ));
    fields.push(("sends", Value::Array(sends)));
    fields.push(("receives", Value::Array(receives)));
    let mut body = String::new();
    if let Some(d) = &agg.description {
        let _ = writeln!(body, "{}\n", mdx(d));
    }
    let _ = writeln!(
        body,
        "Identity field: {}\n\n## Lifecycle\n",
        markdown::code(&agg.id_field.text)
    );
    body.push_str(&docs::diagram_block(
        cat,
        Kind::Lifecycle,
        Focus {
            aggregate: Some(a),
            ..Focus::default()
        },
    ));
    body.push_str("\n## Commands\n\n");
    let rows: Vec<Vec<String>> = agg
        .commands
        .iter()
        .map(|&c| {
            let cmd = cat.command(c);
            let from = accepted_in(agg, cmd);
            let names = |l: &[(EventId, crate::source::Span)]| {
                l.iter()
                    .map(|(e, _)| markdown::code(&cat.event(*e).name.text))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            vec![
                markdown::code(&cmd.name.text),
                from,
                names(&cmd.emits),
                names(&cmd.fails),
            ]
        })
        .collect();
    if rows.is_empty() {
        body.push_str("No commands.\n");
    } else {
        body.push_str(&markdown::table(
            &["command", "accepted in", "records", "fails with"],
            &rows,
        ));
    }
    page(
        format!("domains/{context}/services/{}/index.mdx", agg.name.text),
        front(&fields),
        body,
    )
}

/// A reference to an event's latest version.
fn message(cat: &Catalog, e: EventId) -> Value {
    let latest = cat.event(e).versions.last().map_or(1, |v| v.number);
    json!({"id": cat.event_name(e), "version": version(latest)})
}

fn event(cat: &Catalog, id: EventId, files: &mut Vec<File>) {
    let e = cat.event(id);
    let name = cat.event_name(id);
    let agg = cat.aggregate(e.aggregate);
    let readers: Vec<String> = cat.outside_readers()[id.index()]
        .iter()
        .map(|r| r.what.clone())
        .collect();
    let last = e.versions.len();
    for (i, v) in e.versions.iter().enumerate() {
        let folder = if i + 1 == last {
            format!("events/{name}")
        } else {
            format!("events/{name}/versioned/{}", version(v.number))
        };
        let mut fields = vec![
            ("id", json!(name)),
            ("name", json!(e.name.text)),
            ("version", json!(version(v.number))),
        ];
        if let Some(d) = v.description.as_ref().or(e.description.as_ref()) {
            fields.push(("summary", json!(d)));
        }
        let mut body = String::new();
        if let Some(d) = &e.description {
            let _ = writeln!(body, "{}\n", mdx(d));
        }
        if let Some((s, _)) = e.to {
            let _ = writeln!(
                body,
                "Moves {} to {}.\n",
                mdx(&agg.name.text),
                markdown::code(&agg.states[s.index()].text)
            );
        }
        if !readers.is_empty() {
            let _ = writeln!(
                body,
                "Read outside {}: {}.\n",
                mdx(&cat.context(e.context).name.text),
                readers.join("; ")
            );
        }
        step(cat, id, v, &mut body);
        if let Some(schema) = &v.schema {
            fields.push(("schemaPath", json!("schema.json")));
            body.push_str("\n## Schema\n\n<SchemaViewer file=\"schema.json\" />\n");
            files.push(schema_file(&folder, &schema.value()));
        }
        for x in &v.examples {
            let _ = write!(
                body,
                "\n## Example\n\n```json\n{}\n```\n",
                serde_json::to_string_pretty(&x.value()).unwrap_or_default()
            );
        }
        files.push(page(format!("{folder}/index.mdx"), front(&fields), body));
    }
}

/// The version's step from the one before: its mode and its upcast.
fn step(cat: &Catalog, id: EventId, v: &Version, body: &mut String) {
    if v.number < 2 {
        return;
    }
    let e = cat.event(id);
    let _ = writeln!(
        body,
        "## From v{} to v{}\n\nCompatibility checked by `eventctl validate`: {}.\n",
        v.number - 1,
        v.number,
        markdown::code(cat.step_mode(e, v).name())
    );
    if !v.upcast.is_empty() {
        let _ = writeln!(
            body,
            "Stored v{} events are upcast, and `eventctl validate` proves the result valid:\n",
            v.number - 1
        );
        docs::upcast(&v.upcast, 0, body);
    }
}

fn command(cat: &Catalog, id: CommandId, files: &mut Vec<File>) {
    let c = cat.command(id);
    let name = cat.command_name(id);
    let agg = cat.aggregate(c.aggregate);
    let mut fields = vec![
        ("id", json!(name)),
        ("name", json!(c.name.text)),
        ("version", json!(version(1))),
    ];
    if let Some(d) = &c.description {
        fields.push(("summary", json!(d)));
    }
    let folder = format!("commands/{name}");
    let mut body = String::new();
    if let Some(d) = &c.description {
        let _ = writeln!(body, "{}\n", mdx(d));
    }
    let from = accepted_in(agg, c);
    let _ = writeln!(
        body,
        "Handled by {}, accepted in {from}.\n",
        mdx(&cat.aggregate_name(c.aggregate))
    );
    if let Some((undo, _)) = c.compensated_by {
        let _ = writeln!(
            body,
            "Undone by {}.\n",
            markdown::code(&cat.command_name(undo))
        );
    }
    if let Some(schema) = &c.schema {
        fields.push(("schemaPath", json!("schema.json")));
        body.push_str("## Schema\n\n<SchemaViewer file=\"schema.json\" />\n");
        files.push(schema_file(&folder, &schema.value()));
    }
    files.push(page(format!("{folder}/index.mdx"), front(&fields), body));
}

/// A schema file whose first line holds the marker, as a `$comment`.
fn schema_file(folder: &str, schema: &Value) -> File {
    let mut rest = match schema {
        Value::Object(o) => o
            .iter()
            .filter(|(k, _)| *k != "$comment")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        other => Map::from_iter([("allOf".to_string(), json!([other]))]),
    };
    let mut content = format!("{{\"$comment\": {}", json!(MARKER));
    if !rest.is_empty() {
        let pretty = serde_json::to_string_pretty(&Value::Object(std::mem::take(&mut rest)))
            .unwrap_or_default();
        content.push_str(",\n");
        content.push_str(pretty.trim_start_matches('{').trim_start_matches('\n'));
    } else {
        content.push('}');
    }
    content.push('\n');
    File {
        path: format!("{folder}/schema.json"),
        content,
        owner: Owner::Generated,
    }
}

/// Front matter: each value JSON, which YAML reads as the same value.
fn front(fields: &[(&str, Value)]) -> String {
    let mut out = format!("---\n# {MARKER}\n");
    for (k, v) in fields {
        let _ = writeln!(out, "{k}: {v}");
    }
    out.push_str("---\n\n");
    out
}

fn page(path: String, front: String, body: String) -> File {
    File {
        path,
        content: front + &body,
        owner: Owner::Generated,
    }
}

/// User text for an MDX paragraph: Markdown-escaped, and braces, which MDX reads as
/// expressions, as entities.
fn mdx(s: &str) -> String {
    markdown::text(s)
        .replace('{', "&#123;")
        .replace('}', "&#125;")
}

/// The states that accept a command, in code spans.
fn accepted_in(agg: &crate::model::Aggregate, cmd: &crate::model::Command) -> String {
    match &cmd.from {
        Some(f) => f
            .iter()
            .map(|(s, _)| markdown::code(&agg.states[s.index()].text))
            .collect::<Vec<_>>()
            .join(", "),
        None => "every state that is not final".into(),
    }
}
