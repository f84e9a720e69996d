//! Sagas, projections and scenarios as resolved.

use super::{
    AggregateId, CommandId, EventId, Json, Name, ProjectionId, SagaId, SagaResult, SagaStyle,
    StateId,
};
use crate::source::Span;
use std::time::Duration;

/// A saga.
#[derive(Debug)]
pub struct Saga {
    /// Its name.
    pub name: Name,
    /// What it achieves.
    pub description: Option<String>,
    /// How it is driven.
    pub style: SagaStyle,
    /// The event that starts it.
    pub start: Option<(EventId, Span)>,
    /// Correlation field.
    pub correlation: Name,
    /// Events that complete it.
    pub completes_on: Vec<(EventId, Span)>,
    /// Events that abort it.
    pub aborts_on: Vec<(EventId, Span)>,
    /// Per-command timeouts.
    pub timeouts: Vec<(CommandId, Duration, Span)>,
    /// Per-command retries after a failure declared `retry_possible`.
    pub retries: Vec<(CommandId, u8, Span)>,
    /// Orchestration steps.
    pub steps: Vec<SagaStep>,
    /// Sent when every step succeeded.
    pub on_complete: Vec<(CommandId, Span)>,
    /// Sent after the compensations.
    pub on_abort: Vec<(CommandId, Span)>,
    /// Aggregates that may end the saga in a state that is not final.
    pub allow_open: Vec<(AggregateId, Span)>,
    /// Where the saga was declared.
    pub span: Span,
}

/// One orchestration step.
#[derive(Debug)]
pub struct SagaStep {
    /// The command.
    pub command: CommandId,
    /// Where it was written.
    pub span: Span,
    /// Its timeout.
    pub timeout: Option<Duration>,
    /// Its compensation (explicit, or the command's `compensated_by`).
    pub compensation: Option<CommandId>,
    /// Declared a pivot, on the step or on its command.
    pub pivot: bool,
}

/// A projection.
#[derive(Debug)]
pub struct Projection {
    /// Its name.
    pub name: Name,
    /// What it shows.
    pub description: Option<String>,
    /// Key field.
    pub key: Name,
    /// Row fields.
    pub fields: Vec<Field>,
    /// Event handlers.
    pub handlers: Vec<ProjectionHandler>,
}

/// A typed field: a row field of a projection, or business data of an aggregate.
#[derive(Debug)]
pub struct Field {
    /// Field name.
    pub name: Name,
    /// JSON type name.
    pub ty: String,
    /// Whether it may be null.
    pub nullable: bool,
    /// An exact decimal (money): a number with a fractional `multipleOf`, or a string of
    /// `format: decimal`.
    pub decimal: bool,
}

/// How a projection handles one event.
#[derive(Debug)]
pub struct ProjectionHandler {
    /// The event.
    pub event: EventId,
    /// Where the handler was written.
    pub span: Span,
    /// Field ← expression.
    pub set: Vec<(Name, Name)>,
    /// Delete the row.
    pub delete: bool,
}

/// The outcome a scenario forces on a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It succeeds.
    Ok,
    /// It fails, recording this failure event (or its first).
    Fail(Option<EventId>),
    /// No answer in time.
    Timeout,
    /// Delivered twice.
    Duplicate,
}

/// A scenario.
#[derive(Debug)]
pub struct Scenario {
    /// Its name.
    pub name: Name,
    /// What it shows.
    pub description: Option<String>,
    /// The saga it runs.
    pub saga: Option<SagaId>,
    /// Payload of the starting event.
    pub start: Option<Json>,
    /// Forced outcomes, one per attempt (later attempts succeed).
    pub outcomes: Vec<(CommandId, Vec<Outcome>, Span)>,
    /// Expected result.
    pub expect_result: Option<SagaResult>,
    /// Expected commands, in order.
    pub expect_commands: Vec<(CommandId, Span)>,
    /// Expected final states.
    pub expect_states: Vec<(AggregateId, StateId, Span)>,
    /// Expected projection rows.
    pub expect_rows: Vec<ExpectedRow>,
}

/// A projection row a scenario expects.
#[derive(Debug)]
pub struct ExpectedRow {
    /// The projection.
    pub projection: ProjectionId,
    /// The row's key.
    pub key: String,
    /// Where the key was written.
    pub span: Span,
    /// Field → the value it must end with.
    pub fields: Vec<(Name, Json)>,
}
