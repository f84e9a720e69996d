//! Specifications as written: given events, when a command, then events or an error.

use super::*;
use schemars::JsonSchema;
use serde::Deserialize;

/// A given/when/then specification of one aggregate.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// What it states, in words.
    #[serde(default)]
    pub description: Option<String>,
    /// `Context.Aggregate`.
    pub aggregate: Sp<String>,
    /// The aggregate's history, oldest first: each item is `Event: payload`.
    #[serde(default)]
    pub given: Vec<Entries<Node>>,
    /// The command: `Command: payload`.
    pub when: Entries<Node>,
    /// What follows.
    pub then: SpecThen,
}

/// What a specification expects.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpecThen {
    /// The command is refused: `not-accepted` by the lifecycle, `refused` by the decision.
    #[serde(default)]
    pub error: Option<Sp<SpecError>>,
    /// The events recorded, in order: each item is `Event: payload`; `[]` records nothing.
    #[serde(default)]
    pub events: Option<Sp<Vec<Entries<Node>>>>,
    /// Aggregate fields after the events: field → value.
    #[serde(default)]
    pub fields: Entries<Node>,
}

/// Why a specification's command is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SpecError {
    /// The aggregate's state does not accept the command.
    NotAccepted,
    /// The state accepts it; the business decision refuses it.
    Refused,
}
