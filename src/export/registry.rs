//! The catalog as a schema registry's layout: one JSON Schema file per event version, the
//! Confluent request body that registers it, and `subjects.json` listing subject, version,
//! file and the compatibility level of the step into that version (`docs/interop.md#schema-registries`).

use crate::fileset::{File, Owner};
use crate::model::CompatMode;
use crate::model::{Catalog, EventId};
use serde_json::{Value, json};

/// Marks the files this export writes, on their first line.
pub const MARKER: &str = "written by eventctl export jsonschema";

/// The default subject template: Confluent's topic name strategy for values.
pub const DEFAULT_SUBJECT: &str = "{topic}-value";

/// The registry level that checks what a catalog mode checks.
pub fn level(mode: CompatMode) -> &'static str {
    match mode {
        CompatMode::None => "NONE",
        CompatMode::Backward => "BACKWARD",
        CompatMode::BackwardTransitive => "BACKWARD_TRANSITIVE",
        CompatMode::Forward => "FORWARD",
        CompatMode::ForwardTransitive => "FORWARD_TRANSITIVE",
        CompatMode::Full => "FULL",
        CompatMode::FullTransitive => "FULL_TRANSITIVE",
    }
}

/// The files of the layout, for [`crate::fileset::write`]. `subject` fills `{topic}`
/// (`Context.Event`), `{context}` and `{event}`.
pub fn files(cat: &Catalog, subject: &str) -> Vec<File> {
    let mut files = Vec::new();
    let mut subjects = Vec::new();
    for (i, e) in cat.events.iter().enumerate() {
        let name = cat.event_name(EventId::new(i));
        let subject = subject
            .replace("{topic}", &name)
            .replace("{context}", &cat.context(e.context).name.text)
            .replace("{event}", &e.name.text);
        let mut versions: Vec<_> = e.versions.iter().collect();
        versions.sort_by_key(|v| v.number);
        for v in versions {
            let Some(schema) = &v.schema else { continue };
            let mut standalone = serde_json::Map::new();
            standalone.insert(
                "$comment".into(),
                json!(format!("{MARKER}: {name} v{}", v.number)),
            );
            match schema.value() {
                Value::Object(o) => {
                    standalone.extend(o.into_iter().filter(|(k, _)| k != "$comment"))
                }
                other => {
                    standalone.insert("allOf".into(), json!([other]));
                }
            }
            let schema_text = Value::Object(standalone).to_string();
            let file = format!("schemas/{name}.v{}.json", v.number);
            files.push(File {
                path: file.clone(),
                content: format!("{schema_text}\n"),
                owner: Owner::Generated,
            });
            // One line, whose schema string carries the marker.
            let body = json!({"schemaType": "JSON", "schema": schema_text}).to_string();
            let confluent = format!("confluent/{name}.v{}.json", v.number);
            files.push(File {
                path: confluent.clone(),
                content: format!("{body}\n"),
                owner: Owner::Generated,
            });
            subjects.push(json!({
                "subject": subject,
                "event": name,
                "version": v.number,
                "file": file,
                "confluent": confluent,
                "compatibility": level(cat.step_mode(e, v)),
            }));
        }
    }
    // The marker on the first line, then a subject a line.
    let lines: Vec<String> = subjects.iter().map(|s| format!("  {s}")).collect();
    let text = format!(
        "{{\"$comment\": \"{MARKER}\", \"subjects\": [\n{}\n]}}\n",
        lines.join(",\n")
    );
    files.push(File {
        path: "subjects.json".into(),
        content: text,
        owner: Owner::Generated,
    });
    files
}
