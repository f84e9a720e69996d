//! Contexts, aggregates, commands, events and versions as resolved.

use super::{
    AggregateId, CommandId, CompatMode, ContextId, EventId, Json, Name, StateId, Visibility,
};
use crate::source::Span;

/// A bounded context.
#[derive(Debug)]
pub struct Context {
    /// Its name.
    pub name: Name,
    /// What it is responsible for.
    pub description: Option<String>,
    /// The owning team.
    pub owner: Option<String>,
    /// Its aggregates.
    pub aggregates: Vec<AggregateId>,
}

/// An aggregate and its lifecycle.
#[derive(Debug)]
pub struct Aggregate {
    /// Owning context.
    pub context: ContextId,
    /// Its name.
    pub name: Name,
    /// What it is.
    pub description: Option<String>,
    /// Identity field.
    pub id_field: Name,
    /// Lifecycle states, indexed by [`StateId`].
    pub states: Vec<Name>,
    /// The initial state, when it was declared.
    pub initial: Option<(StateId, Span)>,
    /// Final states.
    pub finals: Vec<(StateId, Span)>,
    /// Its commands.
    pub commands: Vec<CommandId>,
    /// Its events.
    pub events: Vec<EventId>,
    /// Business data its events set.
    pub fields: Vec<super::Field>,
}

impl Aggregate {
    /// The state with this name.
    pub fn state(&self, name: &str) -> Option<StateId> {
        self.states
            .iter()
            .position(|s| s.text == name)
            .map(StateId::new)
    }
    /// True for a final state.
    pub fn is_final(&self, state: StateId) -> bool {
        self.finals.iter().any(|(f, _)| *f == state)
    }
}

/// A command.
#[derive(Debug)]
pub struct Command {
    /// Owning aggregate.
    pub aggregate: AggregateId,
    /// Owning context.
    pub context: ContextId,
    /// Its name.
    pub name: Name,
    /// What it asks for.
    pub description: Option<String>,
    /// Accepting states as written; `None`: every non-final state.
    pub from: Option<Vec<(StateId, Span)>>,
    /// Events recorded on success.
    pub emits: Vec<(EventId, Span)>,
    /// Possible failure events.
    pub fails: Vec<(EventId, Span)>,
    /// The command that undoes a success.
    pub compensated_by: Option<(CommandId, Span)>,
    /// Sent from outside the catalog.
    pub external: bool,
    /// States where it is accepted as a no-op, recording nothing.
    pub noop_in: Vec<(StateId, Span)>,
    /// Declared a pivot: it cannot be undone, on purpose.
    pub pivot: bool,
    /// Payload schema.
    pub schema: Option<Json>,
}

/// An event and its versions.
#[derive(Debug)]
pub struct Event {
    /// Owning aggregate.
    pub aggregate: AggregateId,
    /// Owning context.
    pub context: ContextId,
    /// Its name.
    pub name: Name,
    /// What happened.
    pub description: Option<String>,
    /// State after the event.
    pub to: Option<(StateId, Span)>,
    /// Commands it triggers.
    pub triggers: Vec<Trigger>,
    /// Compatibility mode for its steps.
    pub compatibility: Option<(CompatMode, Span)>,
    /// A failure that may not happen again, so a saga may retry the command.
    pub retry_possible: bool,
    /// Declared visibility, overriding the inference from its readers.
    pub visibility: Option<(Visibility, Span)>,
    /// Versions, as written (checks verify their order).
    pub versions: Vec<Version>,
    /// Aggregate field ← expression over the payload and `current`.
    pub apply: Vec<(Name, Name)>,
}

impl Event {
    /// The highest-numbered version.
    pub fn latest(&self) -> Option<&Version> {
        self.versions.iter().max_by_key(|v| v.number)
    }
}

/// A policy edge: an event triggers a command.
#[derive(Debug)]
pub struct Trigger {
    /// The command.
    pub command: CommandId,
    /// Where the trigger was written.
    pub span: Span,
    /// Command field ← event field.
    pub map: Vec<Mapping>,
}

/// One payload mapping of a trigger.
#[derive(Debug)]
pub struct Mapping {
    /// Field of the command.
    pub target: Name,
    /// Field of the event.
    pub source: Name,
}

/// One payload version of an event.
#[derive(Debug)]
pub struct Version {
    /// Its number.
    pub number: u64,
    /// Where the number was written.
    pub span: Span,
    /// What changed.
    pub description: Option<String>,
    /// Mode of the step from the previous version.
    pub compatibility: Option<(CompatMode, Span)>,
    /// Payload schema, when one was given and read.
    pub schema: Option<Json>,
    /// Example payloads.
    pub examples: Vec<Json>,
    /// Operations from the previous version.
    pub upcast: Vec<UpcastOp>,
}

/// An upcast operation, as resolved.
#[derive(Debug, Clone)]
pub enum UpcastOp {
    /// Add fields with defaults.
    Add(Vec<(Name, Json)>),
    /// Rename fields: old → new.
    Rename(Vec<(Name, Name)>),
    /// Remove fields.
    Remove(Vec<Name>),
    /// Set fields from expressions.
    Set(Vec<(Name, Name)>),
    /// Apply operations to every element at a path.
    Each {
        /// The field holding the elements.
        path: Name,
        /// Operations for each element.
        ops: Vec<UpcastOp>,
    },
}

impl UpcastOp {
    /// Operations as a catalog writes them, without positions.
    pub fn written(list: &[UpcastOp]) -> serde_json::Value {
        use serde_json::{Map, Value, json};
        let pairs = |p: &[(Name, Name)]| -> Map<String, Value> {
            p.iter()
                .map(|(a, b)| (a.text.clone(), Value::from(b.text.clone())))
                .collect()
        };
        Value::Array(
            list.iter()
                .map(|op| match op {
                    UpcastOp::Add(f) => json!({"add": f
                        .iter()
                        .map(|(n, v)| (n.text.clone(), v.value()))
                        .collect::<Map<_, _>>()}),
                    UpcastOp::Rename(p) => json!({"rename": pairs(p)}),
                    UpcastOp::Set(p) => json!({"set": pairs(p)}),
                    UpcastOp::Remove(n) => {
                        json!({"remove": n.iter().map(|n| n.text.clone()).collect::<Vec<_>>()})
                    }
                    UpcastOp::Each { path, ops } => {
                        json!({"each": {"path": path.text, "do": UpcastOp::written(ops)}})
                    }
                })
                .collect(),
        )
    }
}
