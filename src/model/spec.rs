//! Given/when/then specifications of one aggregate, resolved.

use super::{AggregateId, CommandId, EventId, Json, Name};
use crate::source::Span;
pub use crate::syntax::SpecError;

/// A specification: the aggregate's history, a command, and what follows.
#[derive(Debug)]
pub struct Spec {
    /// Its name.
    pub name: Name,
    /// What it states.
    pub description: Option<String>,
    /// The aggregate.
    pub aggregate: AggregateId,
    /// The history, oldest first: each event with its payload and where it was written.
    pub given: Vec<Message<EventId>>,
    /// The command.
    pub when: Message<CommandId>,
    /// What follows.
    pub then: Then,
}

/// An event or command with its payload, as a specification writes it.
#[derive(Debug)]
pub struct Message<T> {
    /// The event or command.
    pub id: T,
    /// Where its name was written.
    pub span: Span,
    /// Its payload.
    pub payload: Json,
}

/// What a specification expects.
#[derive(Debug)]
pub enum Then {
    /// The command is refused.
    Error(SpecError, Span),
    /// The command records these events (none for a no-op), leaving these fields.
    Events {
        /// Where the list was written.
        span: Span,
        /// The events, in order.
        events: Vec<Message<EventId>>,
        /// Field → the value it holds afterwards.
        fields: Vec<(Name, Json)>,
    },
}
