//! The process sections as written: sagas, steps, projections, scenarios.

use super::*;
use schemars::JsonSchema;
use serde::Deserialize;

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
    /// Command → how many times it is sent again after a failure declared `retry_possible`.
    #[serde(default)]
    pub retries: Entries<Sp<u64>>,
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
    /// The step cannot be undone, on purpose: the steps after it may not fail.
    #[serde(default)]
    pub pivot: bool,
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
    /// Command → ok | fail | fail:Event | timeout | duplicate, or a list: one per attempt.
    #[serde(default)]
    pub outcomes: Entries<crate::syntax::Names>,
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
    /// Projection → row key → the fields the row must end with.
    #[serde(default)]
    pub projections: Entries<Entries<Entries<Node>>>,
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
