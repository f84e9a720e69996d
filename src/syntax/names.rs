//! Shapes that accept either of two forms: a name or a list (`Names`), a name or a mapping
//! (`Trigger`). They read a `Node` and convert it themselves, keeping positions.

use super::*;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, de::Error as _};
use std::borrow::Cow;

/// One name or a list of names.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Names(pub Vec<Sp<String>>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let node = Node::deserialize(d)?;
        let one = |n: &Node| match &n.kind {
            NodeKind::Str(s) => Ok(Sp {
                value: s.clone(),
                pos: n.pos,
            }),
            _ => Err(D::Error::custom(format!(
                "expected a name, found {}",
                n.kind_name()
            ))),
        };
        match &node.kind {
            NodeKind::Null => Ok(Names::default()),
            NodeKind::Seq(items) => items.iter().map(one).collect::<Result<_, _>>().map(Names),
            _ => one(&node).map(|n| Names(vec![n])),
        }
    }
}

impl JsonSchema for Names {
    fn schema_name() -> Cow<'static, str> {
        "Names".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
        })
    }
}

/// A command an event triggers, with an optional payload mapping.
#[derive(Debug, Clone, PartialEq)]
pub struct Trigger {
    /// The command.
    pub command: Sp<String>,
    /// Command field → event field.
    pub map: Vec<(Sp<String>, Sp<String>)>,
    /// Keys that a trigger does not have, kept with their positions to be reported there.
    pub unknown_keys: Vec<Sp<String>>,
}

impl<'de> Deserialize<'de> for Trigger {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let node = Node::deserialize(d)?;
        let text = |n: &Node, what: &str| match &n.kind {
            NodeKind::Str(s) => Ok(Sp {
                value: s.clone(),
                pos: n.pos,
            }),
            _ => Err(D::Error::custom(format!(
                "expected {what} as a string, found {}",
                n.kind_name()
            ))),
        };
        match &node.kind {
            NodeKind::Str(_) => Ok(Trigger {
                command: text(&node, "a command name")?,
                map: Vec::new(),
                unknown_keys: Vec::new(),
            }),
            NodeKind::Map(entries) => {
                let mut command = None;
                let mut map = Vec::new();
                let mut unknown_keys = Vec::new();
                for (key, value) in entries {
                    match key.value.as_str() {
                        "command" => command = Some(text(value, "a command name")?),
                        "map" => match &value.kind {
                            NodeKind::Map(pairs) => {
                                for (target, source) in pairs {
                                    map.push((target.clone(), text(source, "an event field")?));
                                }
                            }
                            NodeKind::Null => {}
                            _ => {
                                return Err(D::Error::custom(
                                    "expected `map` to be a mapping of command field to event field",
                                ));
                            }
                        },
                        _ => unknown_keys.push(key.clone()),
                    }
                }
                let command = command
                    .ok_or_else(|| D::Error::custom("missing field `command` in a trigger"))?;
                Ok(Trigger {
                    command,
                    map,
                    unknown_keys,
                })
            }
            _ => Err(D::Error::custom(format!(
                "expected a trigger (a command name, or {{command, map}}), found {}",
                node.kind_name()
            ))),
        }
    }
}

impl JsonSchema for Trigger {
    fn schema_name() -> Cow<'static, str> {
        "Trigger".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "required": ["command"],
                    "additionalProperties": false,
                    "properties": {
                        "command": {"type": "string"},
                        "map": {"type": "object", "additionalProperties": {"type": "string"}}
                    }
                }
            ]
        })
    }
}
