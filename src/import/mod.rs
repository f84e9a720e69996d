//! Catalogs from other tools' formats: `eventctl import asyncapi` turns AsyncAPI 2.x and 3.x
//! documents into a catalog whose events, versions and payloads are theirs, and whose
//! aggregates, commands and sagas are placeholders to fill in (`docs/interop.md#import`).

mod messages;
mod resolve;
mod schema;
mod write;

use crate::fileset::File;
use crate::syntax::idents::{field_name, type_name};
use indexmap::IndexMap;
use messages::{Message, text};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Marks the files an import writes, on their first line.
pub const MARKER: &str = "written by eventctl import asyncapi";

/// Where the contexts of documents that eventctl did not write come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ContextFrom {
    /// One context per document, named after its `info.title`.
    #[default]
    Title,
    /// One context per first tag of a message (or of its operations); untagged messages go to
    /// their document's context.
    Tags,
}

/// What an import wrote and what the user must fill in.
pub struct Imported {
    /// `catalog.yaml` and a schema file per event version.
    pub files: Vec<File>,
    /// What could not be carried over, each naming the event or document.
    pub notes: Vec<String>,
    /// Events written.
    pub events: usize,
    /// Contexts written.
    pub contexts: usize,
}

/// One event version found in the documents.
struct Found {
    description: Option<String>,
    summary: Option<String>,
    schema: Value,
    examples: Vec<Value>,
    extension: Option<Value>,
    channel: Option<messages::Channel>,
    sends: Vec<String>,
    receives: Vec<(String, String)>,
    origin: String,
}

/// An event: its versions by number.
#[derive(Default)]
struct Event {
    versions: BTreeMap<u64, Found>,
}

/// A message read as an event version, before it is placed in a context.
struct Pending {
    context: String,
    fixed: bool,
    event: String,
    version: u64,
    found: Found,
}

/// The catalog as found, before it is written.
#[derive(Default)]
struct Model {
    name: String,
    description: Option<String>,
    extension: Option<Value>,
    contexts: IndexMap<String, Context>,
    pending: Vec<Pending>,
    described: HashMap<String, String>,
    notes: Vec<String>,
    sources: Vec<String>,
}

#[derive(Default)]
struct Context {
    description: Option<String>,
    owner: Option<String>,
    events: IndexMap<String, Event>,
}

/// Reads the documents at `paths` and writes a catalog of their messages.
pub fn asyncapi(paths: &[PathBuf], from: ContextFrom) -> Result<Imported, String> {
    if paths.is_empty() {
        return Err("name at least one AsyncAPI document".into());
    }
    // `$ref`s may reach any file under the folder that holds every document.
    let mut folder: Option<PathBuf> = None;
    let mut parents = Vec::new();
    for p in paths {
        let parent = p
            .canonicalize()
            .ok()
            .and_then(|c| c.parent().map(Path::to_path_buf));
        let parent =
            parent.ok_or_else(|| format!("cannot read `{}`: no such file", p.display()))?;
        parents.push(parent.clone());
        folder = Some(match folder {
            None => parent,
            Some(f) => f
                .ancestors()
                .find(|a| parent.starts_with(a))
                .unwrap_or(Path::new("/"))
                .to_path_buf(),
        });
    }
    // Documents that share no folder but the root each keep to their own.
    let folders = match folder {
        Some(f) if f.parent().is_some() => vec![f],
        _ => parents,
    };
    let mut resolver = resolve::Resolver::new(folders);
    let mut model = Model::default();
    for path in paths {
        let file = resolver.open(path)?;
        let doc = resolver.file(&file);
        let shown = path.display().to_string();
        let title = doc
            .pointer("/info/title")
            .and_then(Value::as_str)
            .map(str::to_string);
        let fallback = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let context = context_name(title.as_deref().unwrap_or(&fallback));
        if model.name.is_empty() {
            model.name = title.clone().unwrap_or(fallback.clone());
            model.description = doc
                .pointer("/info/description")
                .and_then(Value::as_str)
                .map(str::to_string);
            model.extension = doc.pointer("/info/x-eventctl").cloned();
        }
        model.sources.push(
            path.file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or(shown.clone()),
        );
        let list = messages::messages(&mut resolver, &file)?;
        for m in list {
            add(&mut model, &mut resolver, m, &context, from, &shown);
        }
        if let Some(d) = doc.pointer("/info/description").and_then(Value::as_str) {
            model
                .described
                .entry(context)
                .or_insert_with(|| d.to_string());
        }
    }
    place(&mut model);
    if model.extension.is_none() {
        for (name, c) in model.contexts.iter_mut() {
            c.description = model.described.get(name).cloned();
        }
    }
    if let Some(contexts) = model
        .extension
        .as_ref()
        .and_then(|e| e.get("contexts"))
        .and_then(Value::as_array)
    {
        for c in contexts {
            if let Some(name) = c.get("name").and_then(Value::as_str)
                && let Some(found) = model.contexts.get_mut(name)
            {
                found.description = text(c, "description");
                found.owner = text(c, "owner");
            }
        }
    }
    let (files, events, notes) = write::files(&model);
    Ok(Imported {
        files,
        notes,
        events,
        contexts: model.contexts.len(),
    })
}

/// Adds a message to the model, as a version of an event of some context.
fn add(
    model: &mut Model,
    resolver: &mut resolve::Resolver,
    m: Message,
    document: &str,
    from: ContextFrom,
    shown: &str,
) {
    let ext = m.body.get("x-eventctl").cloned();
    let given = ext
        .as_ref()
        .and_then(|e| e.get("event"))
        .and_then(Value::as_str)
        .and_then(|q| q.split_once('.'));
    let raw_name = text(&m.body, "name").unwrap_or_else(|| m.key.clone());
    let (context, event, version) = match given {
        Some((c, e)) => (
            c.to_string(),
            e.to_string(),
            ext.as_ref()
                .and_then(|x| x["version"].as_u64())
                .unwrap_or(1),
        ),
        None => {
            let (base, suffix) = split_version(&raw_name);
            let (base, suffix) =
                if suffix == 1 && text(&m.body, "name").is_some() && base == raw_name {
                    (base, split_version(&m.key).1)
                } else {
                    (base, suffix)
                };
            // A message's own `version` (`2.0.0`) counts by its major number.
            let version = text(&m.body, "version")
                .and_then(|v| {
                    v.split('.')
                        .next()
                        .and_then(|n| n.trim_start_matches(['v', 'V']).parse::<u64>().ok())
                })
                .filter(|n| *n > 0)
                .unwrap_or(suffix);
            let context = match (from, m.tags.first()) {
                (ContextFrom::Tags, Some(tag)) => context_name(tag),
                _ => document.to_string(),
            };
            (context, event_name(&base), version)
        }
    };
    let fixed = given.is_some() || (from == ContextFrom::Tags && !m.tags.is_empty());
    let owner = format!("{context}.{event}.v{version}.");
    let dialect = ext
        .as_ref()
        .map(|e| e.get("dialect").and_then(Value::as_str).map(str::to_string));
    let at = messages::child(&m.location, &["payload"]);
    let converted = match m.body.get("payload") {
        Some(p) => schema::convert(
            resolver,
            at,
            p,
            m.body.get("schemaFormat").and_then(Value::as_str),
            dialect,
            &owner,
        ),
        None => schema::Payload {
            schema: serde_json::json!({"type": "object"}),
            notes: vec!["the message has no payload; the event's is left open".into()],
        },
    };
    let who = format!(
        "`{context}.{event}` v{version} (message `{}` in {shown})",
        m.key
    );
    model
        .notes
        .extend(converted.notes.iter().map(|n| format!("{who}: {n}")));
    let examples = m
        .body
        .get("examples")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|x| x.get("payload").cloned())
                .collect()
        })
        .unwrap_or_default();
    let found = Found {
        description: m
            .channel
            .as_ref()
            .and_then(|c| c.description.clone())
            .or_else(|| text(&m.body, "description")),
        summary: text(&m.body, "summary")
            .or_else(|| ext.is_none().then(|| text(&m.body, "title")).flatten()),
        schema: converted.schema,
        examples,
        extension: ext,
        channel: m.channel.clone(),
        sends: m.sends.clone(),
        receives: m
            .receives
            .iter()
            .map(|r| (document.to_string(), r.clone()))
            .collect(),
        origin: who.clone(),
    };
    model.pending.push(Pending {
        context,
        fixed,
        event,
        version,
        found,
    });
}

/// Puts each event version found into its context: the one eventctl's export or a tag named,
/// else that of a document that sends the event, else that of the first document naming it.
fn place(model: &mut Model) {
    let mut home: HashMap<String, (String, bool)> = HashMap::new();
    for p in model.pending.iter().filter(|p| !p.fixed) {
        let sends = !p.found.sends.is_empty();
        match home.get(&p.event) {
            Some((_, true)) => {}
            Some((_, false)) if !sends => {}
            _ => {
                home.insert(p.event.clone(), (p.context.clone(), sends));
            }
        }
    }
    for p in std::mem::take(&mut model.pending) {
        let context = if p.fixed {
            p.context
        } else {
            home[&p.event].0.clone()
        };
        let c = model.contexts.entry(context).or_default();
        let e = c.events.entry(p.event).or_default();
        match e.versions.get_mut(&p.version) {
            Some(seen) if seen.schema == p.found.schema => {
                seen.sends.extend(p.found.sends);
                seen.receives.extend(p.found.receives);
            }
            Some(seen) => model.notes.push(format!(
                "{}: another payload for this version came first, from {}; this one is left out",
                p.found.origin, seen.origin
            )),
            None => {
                e.versions.insert(p.version, p.found);
            }
        }
    }
}

/// `CostingRequestV1` → (`CostingRequest`, 1); `order.placed.v2` → (`order.placed`, 2).
fn split_version(name: &str) -> (String, u64) {
    let trimmed = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &name[trimmed.len()..];
    if let Some(base) = trimmed.strip_suffix(['v', 'V'])
        && !digits.is_empty()
        && let Ok(n) = digits.parse::<u64>()
        && n > 0
    {
        let base = base.trim_end_matches(['.', '_', '-', ' ']);
        if !base.is_empty() {
            return (base.to_string(), n);
        }
    }
    (name.to_string(), 1)
}

/// A PascalCase name that is an identifier and no keyword once snake_cased.
fn event_name(raw: &str) -> String {
    let name = type_name(raw);
    if field_name(&name).ends_with('_') || name.ends_with('_') {
        format!("{}Event", name.trim_end_matches('_'))
    } else {
        name
    }
}

/// A context's name: PascalCase, and not one of the modules `gen` writes.
fn context_name(raw: &str) -> String {
    let name = event_name(raw);
    if ["Process", "Upcast", "Cqrs", "Lib"].contains(&name.as_str()) {
        format!("{name}Context")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_come_from_name_suffixes() {
        assert_eq!(
            split_version("CostingRequestV1"),
            ("CostingRequest".into(), 1)
        );
        assert_eq!(
            split_version("order.placed.v12"),
            ("order.placed".into(), 12)
        );
        assert_eq!(split_version("lightMeasured"), ("lightMeasured".into(), 1));
        assert_eq!(split_version("V2"), ("V2".into(), 1));
        assert_eq!(split_version("LevelV0"), ("LevelV0".into(), 1));
        assert_eq!(event_name("user/signedup"), "UserSignedup");
        assert_eq!(event_name("type"), "TypeEvent");
        assert_eq!(event_name("3d"), "V3d");
        assert_eq!(context_name("lib"), "LibContext");
    }
}
