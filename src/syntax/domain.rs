//! The domain sections as written: contexts, aggregates, commands, events, versions, upcasts.

use super::*;
use schemars::JsonSchema;
use serde::Deserialize;
use std::sync::Arc;

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
    /// Business data its events set: name → type, or {type, nullable, multipleOf, format}.
    #[serde(default)]
    pub fields: Entries<Node>,
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
    /// States in which the command is accepted as a no-op: it succeeds and records nothing. A
    /// compensation for what may never have happened (a release of stock never reserved).
    #[serde(default)]
    pub noop_in: Option<Vec<Sp<String>>>,
    /// A step that cannot be undone, on purpose: sagas that send it may not fail after it.
    #[serde(default)]
    pub pivot: bool,
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
    /// A failure that may not happen again: a saga's `retries` send the command again.
    #[serde(default)]
    pub retry_possible: bool,
    /// Who reads it; omitted: public when something outside its context reads it.
    #[serde(default)]
    pub visibility: Option<Sp<Visibility>>,
    /// Payload versions, from 1 upwards.
    pub versions: Vec<Version>,
    /// Aggregate field → expression over the payload and `current` (the fields before it).
    #[serde(default)]
    pub apply: Entries<Sp<String>>,
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
