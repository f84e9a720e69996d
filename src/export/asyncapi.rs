//! The catalog as an AsyncAPI 3.0 document: a channel per event, whose address keeps
//! `{version}` as a channel parameter; a message per event version, its payload the version's
//! schema and its headers the catalog's envelope; `send` operations in the producing context
//! and `receive` operations for each reader. What AsyncAPI has no field for goes into
//! `x-eventctl` (`docs/interop.md#asyncapi`).

use super::schema::{Defs, payload};
use crate::model::envelope as field;
use crate::model::{Catalog, ContextId, Event, EventId, UpcastOp, Version};
use serde_json::{Map, Value, json};

/// What to export.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only this context's operations, and the channels they use.
    pub context: Option<String>,
    /// The channel address: `{context}`, `{aggregate}` and `{event}` are filled in, and
    /// `{version}` stays a channel parameter.
    pub address: String,
}

/// The default address template.
pub const DEFAULT_ADDRESS: &str = "{context}.{event}.v{version}";

impl Default for Options {
    fn default() -> Self {
        Options {
            context: None,
            address: DEFAULT_ADDRESS.to_string(),
        }
    }
}

/// One reading of an event outside its context: who, and in which operation id.
struct Receive {
    id: String,
    who: String,
    context: Option<ContextId>,
}

/// The AsyncAPI document of `cat`, or why not (an unknown `--context`).
pub fn document(cat: &Catalog, options: &Options) -> Result<Value, String> {
    let only = match &options.context {
        Some(name) => Some(
            cat.contexts
                .iter()
                .position(|c| c.name.text == *name)
                .map(ContextId::new)
                .ok_or_else(|| {
                    let names: Vec<&str> =
                        cat.contexts.iter().map(|c| c.name.text.as_str()).collect();
                    format!("no context `{name}`; the catalog has {}", names.join(", "))
                })?,
        ),
        None => None,
    };
    let mut channels = Map::new();
    let mut operations = Map::new();
    let mut messages = Map::new();
    let mut schemas = Map::new();
    for (i, e) in cat.events.iter().enumerate() {
        let id = EventId::new(i);
        let name = cat.event_name(id);
        let receives = receives(cat, id);
        let sends = only.is_none_or(|c| c == e.context);
        let read_here: Vec<&Receive> = receives
            .iter()
            .filter(|r| only.is_none() || (only.is_some() && r.context == only))
            .collect();
        if !sends && read_here.is_empty() {
            continue;
        }
        let mut channel_messages = Map::new();
        for v in &e.versions {
            let key = format!("{name}.v{}", v.number);
            let mut defs = Defs::new(&key);
            let mut message = json!({
                "name": format!("{}.v{}", e.name.text, v.number),
                "title": format!("{name} v{}", v.number),
                "contentType": "application/json",
                "headers": envelope(cat),
                "correlationId": {"location": "$message.header#/correlation_id"},
                "x-eventctl": version_extension(&name, v),
            });
            if let Some(d) = v.description.as_ref().or(e.description.as_ref()) {
                message["summary"] = json!(d);
            }
            if let Some(schema) = &v.schema {
                message["payload"] = payload(&schema.value(), &mut defs);
            }
            let examples: Vec<Value> = v
                .examples
                .iter()
                .map(|x| json!({"payload": x.value()}))
                .collect();
            if !examples.is_empty() {
                message["examples"] = Value::Array(examples);
            }
            schemas.extend(defs.into_schemas());
            messages.insert(key.clone(), message);
            channel_messages.insert(
                format!("v{}", v.number),
                json!({"$ref": format!("#/components/messages/{}", pointer(&key))}),
            );
        }
        channels.insert(
            name.clone(),
            channel(cat, e, &options.address, channel_messages),
        );
        let refs = |channel: &str| -> Vec<Value> {
            e.versions
                .iter()
                .map(|v| {
                    json!({"$ref": format!("#/channels/{}/messages/v{}", pointer(channel), v.number)})
                })
                .collect()
        };
        if sends {
            operations.insert(
                format!("{name}.send"),
                json!({
                    "action": "send",
                    "channel": {"$ref": format!("#/channels/{}", pointer(&name))},
                    "messages": refs(&name),
                    "x-eventctl": {"context": cat.context(e.context).name.text},
                }),
            );
        }
        for r in read_here {
            operations.insert(
                r.id.clone(),
                json!({
                    "action": "receive",
                    "channel": {"$ref": format!("#/channels/{}", pointer(&name))},
                    "messages": refs(&name),
                    "summary": format!("read by {}", r.who),
                    "x-eventctl": {"reader": r.who},
                }),
            );
        }
    }
    let mut info = json!({
        "title": match only {
            Some(c) => format!("{} — {}", cat.name, cat.context(c).name.text),
            None => cat.name.clone(),
        },
        "version": "1.0.0",
    });
    let description = match only {
        Some(c) => cat.context(c).description.clone(),
        None => cat.description.clone(),
    };
    if let Some(d) = description {
        info["description"] = json!(d);
    }
    let contexts: Vec<Value> = cat
        .contexts
        .iter()
        .map(|c| json!({"name": c.name.text, "description": c.description, "owner": c.owner}))
        .collect();
    let envelope = json!({"required": cat.envelope_required, "optional": cat.envelope_optional});
    let mut extension = json!({"contexts": contexts, "profile": cat.profile, "envelope": envelope});
    if let Some(mode) = cat.default_compatibility {
        extension["compatibility"] = json!(mode.name());
    }
    info["x-eventctl"] = extension;
    let mut components = json!({"messages": messages});
    if !schemas.is_empty() {
        components["schemas"] = Value::Object(schemas);
    }
    Ok(json!({
        "asyncapi": "3.0.0",
        "info": info,
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": components,
    }))
}

/// A channel: its address from the template, `{version}` a parameter of the event's versions.
fn channel(cat: &Catalog, e: &Event, template: &str, messages: Map<String, Value>) -> Value {
    let address = template
        .replace("{context}", &cat.context(e.context).name.text)
        .replace("{aggregate}", &cat.aggregate(e.aggregate).name.text)
        .replace("{event}", &e.name.text);
    let aggregate = cat.aggregate(e.aggregate);
    let states: Vec<&str> = aggregate.states.iter().map(|s| s.text.as_str()).collect();
    let state = |s: crate::model::StateId| aggregate.states[s.index()].text.clone();
    let mut extension = json!({
        "context": cat.context(e.context).name.text,
        "aggregate": aggregate.name.text,
        "id": aggregate.id_field.text,
        "states": states,
        "initial": aggregate.initial.map(|(s, _)| state(s)),
        "final": aggregate.finals.iter().map(|(s, _)| state(*s)).collect::<Vec<_>>(),
        "to": e.to.map(|(s, _)| state(s)),
    });
    if let Some((mode, _)) = e.compatibility {
        extension["compatibility"] = json!(mode.name());
    }
    if let Some((visibility, _)) = e.visibility {
        extension["visibility"] = json!(visibility);
    }
    let mut channel = json!({"address": address, "messages": messages, "x-eventctl": extension});
    if let Some(d) = &e.description {
        channel["description"] = json!(d);
    }
    if address.contains("{version}") {
        let versions: Vec<String> = e.versions.iter().map(|v| v.number.to_string()).collect();
        channel["parameters"] =
            json!({"version": {"enum": versions, "description": "the event's schema version"}});
    }
    channel
}

/// A message's `x-eventctl`: its event and version, and what the catalog says of the step into
/// it (its own mode, its upcast) and of its schema's draft, which `schemaFormat` only names
/// approximately.
fn version_extension(name: &str, v: &Version) -> Value {
    let mut extension = json!({"event": name, "version": v.number});
    if let Some((mode, _)) = v.compatibility {
        extension["compatibility"] = json!(mode.name());
    }
    if !v.upcast.is_empty() {
        extension["upcast"] = UpcastOp::written(&v.upcast);
    }
    if let Some(draft) = v
        .schema
        .as_ref()
        .and_then(|s| s.value().get("$schema").cloned())
    {
        extension["dialect"] = draft;
    }
    extension
}

/// Who reads an event outside its context: the contexts its triggers send commands to, and
/// the sagas and projections that span contexts.
fn receives(cat: &Catalog, id: EventId) -> Vec<Receive> {
    let e = cat.event(id);
    let name = cat.event_name(id);
    let mut out: Vec<Receive> = Vec::new();
    for t in &e.triggers {
        let context = cat.command(t.command).context;
        if context == e.context {
            continue;
        }
        let c = &cat.context(context).name.text;
        let op = format!("{c}.receive.{name}");
        if !out.iter().any(|r| r.id == op) {
            out.push(Receive {
                id: op,
                who: format!(
                    "context `{c}` (trigger of `{}`)",
                    cat.command_name(t.command)
                ),
                context: Some(context),
            });
        }
    }
    let readers = &cat.outside_readers()[id.index()];
    for r in readers.iter().filter(|r| !r.what.starts_with("trigger")) {
        let who = r.what.replace('`', "");
        let op = format!("{}.receive.{name}", who.replace(' ', "."));
        if !out.iter().any(|x| x.id == op) {
            out.push(Receive {
                id: op,
                who: r.what.clone(),
                context: None,
            });
        }
    }
    out
}

/// The envelope as a header schema: every field but `data`, with the required ones.
fn envelope(cat: &Catalog) -> Value {
    let mut properties = Map::new();
    for f in cat.envelope_required.iter().chain(&cat.envelope_optional) {
        if f == field::DATA {
            continue;
        }
        let schema = match f.as_str() {
            field::OCCURRED_AT => json!({"type": "string", "format": "date-time"}),
            field::AGGREGATE_VERSION => json!({"type": "integer", "minimum": 1}),
            field::EVENT_VERSION => json!({"type": ["string", "integer"]}),
            field::METADATA => json!({"type": "object"}),
            field::CAUSATION_ID => json!({"type": ["string", "null"]}),
            _ => json!({"type": "string"}),
        };
        properties.insert(f.clone(), schema);
    }
    let required: Vec<&String> = cat
        .envelope_required
        .iter()
        .filter(|f| *f != field::DATA)
        .collect();
    json!({"type": "object", "required": required, "properties": properties})
}

/// A JSON pointer token.
fn pointer(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
