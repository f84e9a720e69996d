//! The messages of an AsyncAPI 2.x or 3.x document, each with the channel that carries it and
//! the operations that send or receive it, `$ref`s followed and traits applied.

use super::resolve::{Location, Resolver, token};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// One message of a document.
pub struct Message {
    /// Where its definition is: two channels referring to one component message share it.
    pub location: Location,
    /// Its key: in `components.messages`, else in the channel.
    pub key: String,
    /// The message, traits merged in.
    pub body: Value,
    /// The first channel that carries it.
    pub channel: Option<Channel>,
    /// Operations of the document that send it.
    pub sends: Vec<String>,
    /// Operations of the document that receive it.
    pub receives: Vec<String>,
    /// Tags of the message, then of its operations.
    pub tags: Vec<String>,
}

/// A channel, as far as the catalog keeps it.
#[derive(Clone)]
pub struct Channel {
    /// Its id in the document.
    pub id: String,
    /// Its address (3.x), or its id (2.x, where the id is the address).
    pub address: Option<String>,
    /// Its description.
    pub description: Option<String>,
    /// Its `x-eventctl`, when eventctl wrote the document.
    pub extension: Option<Value>,
}

/// The messages of the document at `file` (canonical, opened), in document order.
pub fn messages(resolver: &mut Resolver, file: &Path) -> Result<Vec<Message>, String> {
    let doc = resolver.file(file);
    let version = doc.get("asyncapi").and_then(|v| {
        v.as_str()
            .map(str::to_string)
            .or_else(|| Some(v.to_string()))
    });
    let major = match version.as_deref() {
        Some(v) if v.starts_with("3.") => 3,
        Some(v) if v.starts_with("2.") => 2,
        Some(v) => {
            return Err(format!(
                "`{}` is AsyncAPI {v}; eventctl imports AsyncAPI 2.x and 3.x",
                file.display()
            ));
        }
        None => {
            return Err(format!(
                "`{}` has no `asyncapi:` version; is it an AsyncAPI document?",
                file.display()
            ));
        }
    };
    let mut found = Found::default();
    let root = Location {
        file: file.to_path_buf(),
        pointer: String::new(),
    };
    let channels = map(&doc, "channels");
    for (id, raw) in &channels {
        let at = child(&root, &["channels", id]);
        let (_, channel) = resolver
            .follow(at.clone(), raw)
            .map_err(|e| e.to_string())?;
        let info = Channel {
            id: id.clone(),
            address: if major == 3 {
                channel
                    .get("address")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            } else {
                Some(id.clone())
            },
            description: text(&channel, "description"),
            extension: channel.get("x-eventctl").cloned(),
        };
        if major == 3 {
            for (key, raw) in map(&channel, "messages") {
                let m = message(resolver, child(&at, &["messages", &key]), &raw, &key)?;
                found.add(m, Some(&info));
            }
        } else {
            for (op, sends) in [("subscribe", true), ("publish", false)] {
                let Some(raw) = channel.get(op) else { continue };
                let (op_at, operation) = resolver
                    .follow(child(&at, &[op]), raw)
                    .map_err(|e| e.to_string())?;
                let op_id = text(&operation, "operationId").unwrap_or_else(|| format!("{id} {op}"));
                let Some(raw) = operation.get("message") else {
                    continue;
                };
                let (m_at, body) = resolver
                    .follow(child(&op_at, &["message"]), raw)
                    .map_err(|e| e.to_string())?;
                let alternatives = match body.get("oneOf").and_then(Value::as_array) {
                    Some(list) => list
                        .iter()
                        .enumerate()
                        .map(|(i, m)| (child(&m_at, &["oneOf", &i.to_string()]), m.clone()))
                        .collect(),
                    None => vec![(m_at, body)],
                };
                for (m_at, raw) in alternatives {
                    let key = raw
                        .get("$ref")
                        .and_then(Value::as_str)
                        .map(|r| r.rsplit('/').next().unwrap_or(r).to_string())
                        .unwrap_or_else(|| op_id.clone());
                    let mut m = message(resolver, m_at, &raw, &key)?;
                    if sends {
                        m.sends.push(op_id.clone())
                    } else {
                        m.receives.push(op_id.clone())
                    }
                    m.tags.extend(tags(&operation));
                    found.add(m, Some(&info));
                }
            }
        }
    }
    if major == 3 {
        for (id, raw) in map(&doc, "operations") {
            let (_, op) = resolver
                .follow(child(&root, &["operations", &id]), &raw)
                .map_err(|e| e.to_string())?;
            let sends = op.get("action").and_then(Value::as_str) == Some("send");
            let channel = op
                .pointer("/channel/$ref")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let refs: Vec<String> = match op.get("messages").and_then(Value::as_array) {
                Some(list) => list
                    .iter()
                    .filter_map(|m| m.get("$ref").and_then(Value::as_str).map(str::to_string))
                    .collect(),
                None => map(&doc, "channels")
                    .get(channel.trim_start_matches("#/channels/"))
                    .map(|c| {
                        map(c, "messages")
                            .keys()
                            .map(|k| format!("{channel}/messages/{}", token(k)))
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            for r in refs {
                let Ok(target) = resolver.target(file, &r) else {
                    continue;
                };
                let Some(raw) = resolver.at(&target).cloned() else {
                    continue;
                };
                let Ok((location, _)) = resolver.follow(target, &raw) else {
                    continue;
                };
                if let Some(m) = found.get(&location) {
                    if sends {
                        m.sends.push(id.clone())
                    } else {
                        m.receives.push(id.clone())
                    }
                    m.tags.extend(tags(&op));
                }
            }
        }
    }
    for (key, raw) in map(&doc, "components")
        .get("messages")
        .map(map_of)
        .unwrap_or_default()
    {
        let m = message(
            resolver,
            child(&root, &["components", "messages", &key]),
            &raw,
            &key,
        )?;
        found.add(m, None);
    }
    Ok(found.list)
}

/// The messages found so far, in document order, indexed by where they are defined.
#[derive(Default)]
struct Found {
    list: Vec<Message>,
    index: HashMap<Location, usize>,
}

impl Found {
    fn add(&mut self, m: Message, channel: Option<&Channel>) {
        if let Some(seen) = self.get(&m.location) {
            seen.sends.extend(m.sends);
            seen.receives.extend(m.receives);
            seen.tags.extend(m.tags);
            if seen.channel.is_none() {
                seen.channel = channel.cloned();
            }
            return;
        }
        let mut m = m;
        m.channel = channel.cloned();
        self.index.insert(m.location.clone(), self.list.len());
        self.list.push(m);
    }

    fn get(&mut self, at: &Location) -> Option<&mut Message> {
        self.index.get(at).map(|&i| &mut self.list[i])
    }
}

/// The message at `at`, its `$ref`s followed and its traits merged (the message's own fields
/// win, as both versions of the specification say).
fn message(
    resolver: &mut Resolver,
    at: Location,
    raw: &Value,
    key: &str,
) -> Result<Message, String> {
    let (location, body) = resolver.follow(at, raw).map_err(|e| e.to_string())?;
    let key = if location.pointer.starts_with("/components/messages/") {
        super::resolve::last_token(&location.pointer)
    } else {
        key.to_string()
    };
    let mut merged = Map::new();
    if let Some(traits) = body.get("traits").and_then(Value::as_array) {
        for (i, t) in traits.iter().enumerate() {
            let (_, t) = resolver
                .follow(child(&location, &["traits", &i.to_string()]), t)
                .map_err(|e| e.to_string())?;
            if let Value::Object(fields) = t {
                merged.extend(fields);
            }
        }
    }
    if let Value::Object(own) = &body {
        merged.extend(
            own.iter()
                .filter(|(k, _)| *k != "traits")
                .map(|(k, v)| (k.clone(), v.clone())),
        );
    }
    let body = Value::Object(merged);
    let tags = tags(&body);
    Ok(Message {
        location,
        key,
        body,
        channel: None,
        sends: Vec::new(),
        receives: Vec::new(),
        tags,
    })
}

fn tags(v: &Value) -> Vec<String> {
    v.get("tags")
        .and_then(Value::as_array)
        .map(|t| {
            t.iter()
                .filter_map(|t| t.get("name").and_then(Value::as_str).map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A string field.
pub fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn map(v: &Value, key: &str) -> Map<String, Value> {
    v.get(key).map(map_of).unwrap_or_default()
}

fn map_of(v: &Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// `at` with more pointer tokens.
pub fn child(at: &Location, keys: &[&str]) -> Location {
    let mut pointer = at.pointer.clone();
    for k in keys {
        pointer.push('/');
        pointer.push_str(&token(k));
    }
    Location {
        file: at.file.clone(),
        pointer,
    }
}
