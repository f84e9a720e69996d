//! The catalog format, version 1, as written: the root file, included files, defaults and
//! the shared vocabulary (rule levels, compatibility modes, profiles).

use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
    /// More files (glob patterns, relative to this file) holding contexts, sagas, projections, scenarios and specs.
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
    /// Given/when/then specifications of aggregates, by name.
    #[serde(default)]
    pub specs: Entries<Spec>,
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
    /// Specifications by name.
    #[serde(default)]
    pub specs: Entries<Spec>,
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
    pub profile: Option<Sp<Profile>>,
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

impl CompatMode {
    /// The name written in a catalog.
    pub const fn name(self) -> &'static str {
        match self {
            CompatMode::None => "none",
            CompatMode::Backward => "backward",
            CompatMode::BackwardTransitive => "backward_transitive",
            CompatMode::Forward => "forward",
            CompatMode::ForwardTransitive => "forward_transitive",
            CompatMode::Full => "full",
            CompatMode::FullTransitive => "full_transitive",
        }
    }
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

/// Who may read an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Read outside its own context: its steps must not break those readers.
    Public,
    /// Read only inside its own context, where upcasts run.
    Internal,
}

/// How strictly open content models are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// Set semantics: an open model may hold any undeclared property, so declaring one
    /// narrows it, and an undecided question fails.
    #[default]
    Strict,
    /// Assumes undeclared properties are absent from stored data, lets a required property
    /// with a `default` through, and lets undecided questions pass with a note.
    Lenient,
}
