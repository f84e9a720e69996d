//! The resolved catalog: every reference looked up, typed ids, and the graph of triggers.

mod causal;
mod effects;
pub mod envelope;
mod flow;
mod ids;
mod items;
mod json;
mod lookup;
mod process;
mod reach;
mod readers;
mod spec;

pub use crate::syntax::{CompatMode, Profile, RuleLevel, SagaResult, SagaStyle, Visibility};
pub use causal::Causes;
pub use effects::{Effects, saga_records};
pub use flow::{Flow, FlowEdge, FlowNode};
pub use ids::*;
pub use items::*;
pub use json::Json;
pub use lookup::LookupError;
pub use process::*;
pub use readers::Reader;
pub use spec::{Message, Spec, SpecError, Then};

use crate::source::Span;

/// A name as written, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The text.
    pub text: String,
    /// Where.
    pub span: Span,
}

/// The whole catalog after resolution. Every id in it points at an existing item.
#[derive(Debug, Default)]
pub struct Catalog {
    /// System name.
    pub name: String,
    /// What the system does.
    pub description: Option<String>,
    /// Mode of version steps that set none.
    pub default_compatibility: Option<CompatMode>,
    /// Where `defaults.compatibility` was written.
    pub default_compatibility_span: Option<crate::source::Span>,
    /// How strictly version steps are compared.
    pub profile: Profile,
    /// Envelope fields every event must carry.
    pub envelope_required: Vec<String>,
    /// Envelope fields an event may carry.
    pub envelope_optional: Vec<String>,
    /// Bounded contexts.
    pub contexts: Vec<Context>,
    /// Aggregates of every context.
    pub aggregates: Vec<Aggregate>,
    /// Commands of every aggregate.
    pub commands: Vec<Command>,
    /// Events of every aggregate.
    pub events: Vec<Event>,
    /// Sagas.
    pub sagas: Vec<Saga>,
    /// Projections.
    pub projections: Vec<Projection>,
    /// Scenarios.
    pub scenarios: Vec<Scenario>,
    /// Given/when/then specifications.
    pub specs: Vec<Spec>,
    /// Commands, events and the edges between them.
    pub flow: Flow,
    /// Severity overrides written in the catalog (`rules:`).
    pub rule_overrides: Vec<(Name, RuleLevel)>,
}

impl Catalog {
    /// The compatibility mode of the step into version `v` of `e`: the version's own, else
    /// the event's, else the catalog's default, else backward.
    pub fn step_mode(&self, e: &Event, v: &Version) -> CompatMode {
        v.compatibility
            .map(|(m, _)| m)
            .or(e.compatibility.map(|(m, _)| m))
            .or(self.default_compatibility)
            .unwrap_or(CompatMode::Backward)
    }

    /// The aggregate with this id.
    pub fn aggregate(&self, id: AggregateId) -> &Aggregate {
        &self.aggregates[id.index()]
    }
    /// The command with this id.
    pub fn command(&self, id: CommandId) -> &Command {
        &self.commands[id.index()]
    }
    /// The event with this id.
    pub fn event(&self, id: EventId) -> &Event {
        &self.events[id.index()]
    }
    /// The context with this id.
    pub fn context(&self, id: ContextId) -> &Context {
        &self.contexts[id.index()]
    }
    /// `Context.Name` of a command.
    pub fn command_name(&self, id: CommandId) -> String {
        let c = self.command(id);
        format!("{}.{}", self.context(c.context).name.text, c.name.text)
    }
    /// `Context.Name` of an event.
    pub fn event_name(&self, id: EventId) -> String {
        let e = self.event(id);
        format!("{}.{}", self.context(e.context).name.text, e.name.text)
    }
    /// `Context.Name` of an aggregate.
    pub fn aggregate_name(&self, id: AggregateId) -> String {
        let a = self.aggregate(id);
        format!("{}.{}", self.context(a.context).name.text, a.name.text)
    }
    /// States that accept a command: its `from` (or every non-final state), and its `noop_in`.
    pub fn accepting_states(&self, id: CommandId) -> Vec<StateId> {
        let mut states = self.recording_states(id);
        states.extend(self.command(id).noop_in.iter().map(|(s, _)| *s));
        states.sort();
        states.dedup();
        states
    }

    /// States in which a command does its work and records events: its `from`, or every
    /// non-final state, except those where it is a no-op.
    pub fn recording_states(&self, id: CommandId) -> Vec<StateId> {
        let command = self.command(id);
        let noop = |s: &StateId| command.noop_in.iter().any(|(n, _)| n == s);
        match &command.from {
            Some(from) => from.iter().map(|(s, _)| *s).filter(|s| !noop(s)).collect(),
            None => {
                let aggregate = self.aggregate(command.aggregate);
                (0..aggregate.states.len())
                    .map(StateId::new)
                    .filter(|s| !aggregate.finals.iter().any(|(f, _)| f == s) && !noop(s))
                    .collect()
            }
        }
    }

    /// True when the command is a no-op in this state.
    pub fn is_noop(&self, id: CommandId, state: StateId) -> bool {
        self.command(id).noop_in.iter().any(|(s, _)| *s == state)
    }
}
