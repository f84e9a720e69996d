//! The catalog format, version 1, as written: the root file, included files and every section.

use super::{Entries, Node, NodeKind, Sp};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, de::Error as _};
use std::borrow::Cow;
use std::sync::Arc;

/// The root catalog file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RootFile {
    /// Format version; must be 1.
    pub eventctl: Sp<u64>,
    /// Name of the system the catalog describes.
    pub name: Sp<String>,
    /// What the system does.
    #[serde(default)]
    pub description: Option<String>,
    /// More files (glob patterns, relative to this file) holding contexts, sagas, projections and scenarios.
    #[serde(default)]
    pub include: Vec<Sp<String>>,
    /// Defaults for every event.
    #[serde(default)]
    pub defaults: Option<Defaults>,
    /// The envelope every stored event carries.
    #[serde(default)]
    pub envelope: Option<Envelope>,
    /// Severity overrides: rule id → allow | warn | deny.
    #[serde(default)]
    pub rules: Entries<Sp<RuleLevel>>,
    /// Bounded contexts by name.
    #[serde(default)]
    pub contexts: Entries<Context>,
    /// Sagas by name.
    #[serde(default)]
    pub sagas: Entries<Saga>,
    /// Projections (read models) by name.
    #[serde(default)]
    pub projections: Entries<Projection>,
    /// Saga runs to simulate, by name.
    #[serde(default)]
    pub scenarios: Entries<Scenario>,
}

/// A file named by `include`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncludedFile {
    /// More files to include, relative to this one.
    #[serde(default)]
    pub include: Vec<Sp<String>>,
    /// Bounded contexts by name.
    #[serde(default)]
    pub contexts: Entries<Context>,
    /// Sagas by name.
    #[serde(default)]
    pub sagas: Entries<Saga>,
    /// Projections by name.
    #[serde(default)]
    pub projections: Entries<Projection>,
    /// Scenarios by name.
    #[serde(default)]
    pub scenarios: Entries<Scenario>,
}

/// A severity override for one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Do not report.
    Allow,
    /// Report as a warning.
    Warn,
    /// Report as an error.
    Deny,
}

/// Catalog-wide defaults.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Compatibility mode of every version step that does not set its own.
    #[serde(default)]
    pub compatibility: Option<Sp<CompatMode>>,
    /// How strictly open content models are read: strict (default) or lenient.
    #[serde(default)]
    pub profile: Option<Sp<crate::compat::Profile>>,
}

/// How a version must relate to the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CompatMode {
    /// No check.
    None,
    /// Readers of the new version read the previous one.
    Backward,
    /// Readers of the new version read every earlier one.
    BackwardTransitive,
    /// Readers of the previous version read the new one.
    Forward,
    /// Readers of every earlier version read the new one.
    ForwardTransitive,
    /// Backward and forward against the previous version.
    Full,
    /// Backward and forward against every earlier version.
    FullTransitive,
}

/// Fields of the envelope around each stored event.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// Fields every event must carry.
    #[serde(default)]
    pub required: Vec<Sp<String>>,
    /// Fields an event may carry.
    #[serde(default)]
    pub optional: Vec<Sp<String>>,
}

/// A bounded context.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// What the context is responsible for.
    #[serde(default)]
    pub description: Option<String>,
    /// The team that owns it.
    #[serde(default)]
    pub owner: Option<String>,
    /// Aggregates by name.
    #[serde(default)]
    pub aggregates: Entries<Aggregate>,
}

/// An aggregate: a consistency boundary with a lifecycle.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Aggregate {
    /// What it is.
    #[serde(default)]
    pub description: Option<String>,
    /// The identity field carried in payloads.
    pub id: Sp<String>,
    /// Lifecycle states.
    pub states: Vec<Sp<String>>,
    /// The state a new instance is in.
    pub initial: Sp<String>,
    /// States an instance never leaves.
    #[serde(default, rename = "final")]
    pub finals: Vec<Sp<String>>,
    /// Commands by name.
    #[serde(default)]
    pub commands: Entries<Command>,
    /// Events by name.
    #[serde(default)]
    pub events: Entries<Event>,
}

/// A command an aggregate accepts.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Command {
    /// What it asks for.
    #[serde(default)]
    pub description: Option<String>,
    /// States that accept it; omitted: every non-final state.
    #[serde(default)]
    pub from: Option<Vec<Sp<String>>>,
    /// Event(s) recorded on success.
    pub emits: Names,
    /// Possible failure events; exactly one is recorded on failure.
    #[serde(default)]
    pub fails: Names,
    /// The command that undoes a success.
    #[serde(default)]
    pub compensated_by: Option<Sp<String>>,
    /// Sent from outside the catalog (a UI or an API), so nothing in the catalog needs to send it.
    #[serde(default)]
    pub external: bool,
    /// JSON Schema of the command's payload.
    #[serde(default)]
    pub schema: Option<Arc<Node>>,
    /// Path of a JSON or YAML file holding the schema, relative to this file.
    #[serde(default)]
    pub schema_file: Option<Sp<String>>,
}

/// An event an aggregate records.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// What happened.
    #[serde(default)]
    pub description: Option<String>,
    /// State after the event; omitted: unchanged.
    #[serde(default)]
    pub to: Option<Sp<String>>,
    /// Commands the event triggers (policies).
    #[serde(default)]
    pub triggers: Vec<Trigger>,
    /// Compatibility mode for this event's version steps.
    #[serde(default)]
    pub compatibility: Option<Sp<CompatMode>>,
    /// Payload versions, from 1 upwards.
    pub versions: Vec<Version>,
}

/// One payload version of an event.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// The version number.
    pub version: Sp<u64>,
    /// What changed.
    #[serde(default)]
    pub description: Option<String>,
    /// Compatibility mode of the step from the previous version.
    #[serde(default)]
    pub compatibility: Option<Sp<CompatMode>>,
    /// JSON Schema of the payload.
    #[serde(default)]
    pub schema: Option<Arc<Node>>,
    /// Path of a JSON or YAML file holding the schema, relative to this file.
    #[serde(default)]
    pub schema_file: Option<Sp<String>>,
    /// Example payloads; each must be valid.
    #[serde(default)]
    pub examples: Vec<Node>,
    /// Operations that turn a payload of the previous version into this one.
    #[serde(default)]
    pub upcast: Vec<UpcastOp>,
}

/// One upcast operation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum UpcastOp {
    /// Add fields with default values.
    Add(Entries<Node>),
    /// Rename fields: old name → new name.
    Rename(Entries<Sp<String>>),
    /// Remove fields.
    Remove(Names),
    /// Set fields to the value of an expression over the payload.
    Set(Entries<Sp<String>>),
    /// Apply operations to every element of an array (or every value of an object).
    Each(EachOp),
}

/// The `each` upcast operation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EachOp {
    /// The field holding the array or object.
    pub path: Sp<String>,
    /// Operations for each element.
    #[serde(rename = "do")]
    pub ops: Vec<UpcastOp>,
}

/// A long-running process across contexts.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Saga {
    /// What the process achieves.
    #[serde(default)]
    pub description: Option<String>,
    /// choreography follows `triggers`; orchestration runs `steps`.
    pub style: Sp<SagaStyle>,
    /// The event that starts it.
    pub start: Sp<String>,
    /// The payload field that ties its messages together.
    pub correlation: Sp<String>,
    /// Events that end it successfully.
    #[serde(default)]
    pub completes_on: Vec<Sp<String>>,
    /// Events that end it aborted.
    #[serde(default)]
    pub aborts_on: Vec<Sp<String>>,
    /// Command → how long to wait for its outcome (`30s`, `5m`, `2h`, `1d`).
    #[serde(default)]
    pub timeouts: Entries<Sp<String>>,
    /// Orchestration: the commands to run, in order.
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Orchestration: commands sent when every step succeeded.
    #[serde(default)]
    pub on_complete: Vec<Sp<String>>,
    /// Orchestration: commands sent after the compensations.
    #[serde(default)]
    pub on_abort: Vec<Sp<String>>,
    /// Aggregates (`Context.Aggregate`) that may end the saga in a state that is not final.
    #[serde(default)]
    pub allow_open: Vec<Sp<String>>,
}

/// How a saga is driven.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SagaStyle {
    /// Events trigger commands directly.
    Choreography,
    /// A coordinator runs steps.
    Orchestration,
}

/// One step of an orchestration saga.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The command to send.
    pub command: Sp<String>,
    /// How long to wait for its outcome.
    #[serde(default)]
    pub timeout: Option<Sp<String>>,
    /// The command that undoes it; default: the command's `compensated_by`.
    #[serde(default)]
    pub compensation: Option<Sp<String>>,
}

/// A read model built from events.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Projection {
    /// What it shows.
    #[serde(default)]
    pub description: Option<String>,
    /// The payload field that keys its rows.
    pub key: Sp<String>,
    /// Row fields: name → type, or {type, nullable}.
    #[serde(default)]
    pub fields: Entries<Node>,
    /// Event → how a row changes.
    #[serde(default)]
    pub on: Entries<Handler>,
}

/// How a projection handles one event.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Handler {
    /// Field → expression over the event payload.
    #[serde(default)]
    pub set: Entries<Sp<String>>,
    /// Delete the row.
    #[serde(default)]
    pub delete: bool,
}

/// A saga run to simulate.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// What the run shows.
    #[serde(default)]
    pub description: Option<String>,
    /// The saga to run.
    pub saga: Sp<String>,
    /// Payload of the starting event.
    #[serde(default)]
    pub start: Option<Node>,
    /// Command → ok | fail | fail:Event | timeout | duplicate.
    #[serde(default)]
    pub outcomes: Entries<Sp<String>>,
    /// What the run must end with.
    #[serde(default)]
    pub expect: Option<Expect>,
}

/// The expected end of a scenario.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// completed or aborted.
    #[serde(default)]
    pub result: Option<Sp<SagaResult>>,
    /// Commands in the order they run.
    #[serde(default)]
    pub commands: Vec<Sp<String>>,
    /// Context.Aggregate → final state.
    #[serde(default)]
    pub states: Entries<Sp<String>>,
}

/// How a saga run ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SagaResult {
    /// Every step done.
    Completed,
    /// Every done step compensated.
    Aborted,
}

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
