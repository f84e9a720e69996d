//! Every rule: its stable id, default severity and purpose. `eventctl rules` prints this list.

use crate::diag::Severity;
use serde::Serialize;

/// Which stage reports a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Reading files; these findings stop the run and cannot be lowered.
    Load,
    /// Looking names up.
    Resolve,
    /// Checking the resolved model.
    Check,
}

/// One rule.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Rule {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// Severity unless overridden.
    pub severity: Severity,
    /// Which stage reports it.
    pub stage: Stage,
    /// One sentence: what it guards against.
    pub purpose: &'static str,
}

const fn rule(id: &'static str, severity: Severity, stage: Stage, purpose: &'static str) -> Rule {
    Rule {
        id,
        severity,
        stage,
        purpose,
    }
}

use Severity::{Error as E, Warning as W};
use Stage::{Check, Load, Resolve};

/// All rules, in the order `eventctl rules` lists them.
pub const RULES: &[Rule] = &[
    rule(
        "yaml-syntax",
        E,
        Load,
        "A file is not well-formed YAML text: bad syntax, not UTF-8, empty, binary, too deep or an alias bomb.",
    ),
    rule(
        "unknown-key",
        E,
        Load,
        "A key the catalog format does not define, usually a typo.",
    ),
    rule(
        "duplicate-key",
        E,
        Load,
        "A key written twice in one mapping, where one would silently win.",
    ),
    rule(
        "invalid-value",
        E,
        Load,
        "A value of the wrong type or shape, or a missing required key.",
    ),
    rule(
        "format-version",
        E,
        Load,
        "The catalog declares a format version this eventctl does not read.",
    ),
    rule(
        "include-missing",
        E,
        Load,
        "An `include` names a file or pattern that matches nothing or cannot be read.",
    ),
    rule(
        "include-cycle",
        E,
        Load,
        "Files include each other in a cycle, or nest too deeply.",
    ),
    rule(
        "include-outside-root",
        E,
        Load,
        "An `include` points outside the catalog's folder.",
    ),
    rule(
        "schema-file",
        E,
        Load,
        "A `schema_file` is missing, unreadable or outside the catalog's folder.",
    ),
    rule(
        "invalid-name",
        E,
        Resolve,
        "A name is not an identifier, holds a path separator, or becomes a Rust keyword.",
    ),
    rule(
        "duplicate-name",
        E,
        Resolve,
        "Two items of the same kind share a name where names must be unique.",
    ),
    rule(
        "unresolved-reference",
        E,
        Resolve,
        "A reference to an aggregate, command, event, state, saga or field that does not exist.",
    ),
    rule(
        "foreign-event",
        E,
        Resolve,
        "A command records an event of another aggregate.",
    ),
    rule(
        "schema-source",
        E,
        Resolve,
        "A version has no payload schema, or both `schema` and `schema_file`.",
    ),
    rule(
        "invalid-duration",
        E,
        Resolve,
        "A timeout is not a duration such as `30s` or `5m`.",
    ),
    rule(
        "scenario-outcome",
        E,
        Resolve,
        "A scenario forces an outcome that is not ok, fail, a declared failure, timeout or duplicate.",
    ),
    rule(
        "unknown-rule",
        E,
        Resolve,
        "A `rules:` entry names a rule that does not exist.",
    ),
    rule(
        "transition-from-final",
        E,
        Check,
        "A command is accepted in a final state, so the aggregate can leave it.",
    ),
    rule(
        "unreachable-state",
        W,
        Check,
        "No sequence of commands leads from the initial state to this state.",
    ),
    rule(
        "command-never-accepted",
        W,
        Check,
        "A command is accepted only in states the aggregate never reaches.",
    ),
    rule(
        "event-never-recorded",
        W,
        Check,
        "No command emits or fails with this event, so it can never be recorded.",
    ),
    rule(
        "trigger-cycle",
        E,
        Check,
        "Events and the commands they trigger form a loop that never ends.",
    ),
    rule(
        "unhandled-event",
        W,
        Check,
        "No trigger, saga or projection reacts to this event.",
    ),
    rule(
        "unsent-command",
        W,
        Check,
        "Nothing sends this command: no trigger, saga step or compensation, and it is not `external`.",
    ),
    rule(
        "name-case",
        W,
        Check,
        "A context, aggregate, command, event, saga or projection name is not PascalCase.",
    ),
    rule(
        "event-name-tense",
        W,
        Check,
        "An event name does not end in a past-tense verb (`OrderPlaced`).",
    ),
    rule(
        "command-name-mood",
        W,
        Check,
        "A command name does not start with an imperative verb (`PlaceOrder`).",
    ),
    rule(
        "version-sequence",
        E,
        Check,
        "Versions do not run 1, 2, 3… in order, or an event has none.",
    ),
    rule(
        "schema-dialect",
        E,
        Check,
        "A payload schema's `$schema` is not draft-07 or 2020-12 (or another known draft).",
    ),
    rule(
        "schema-invalid",
        E,
        Check,
        "A payload schema breaks its meta-schema or cannot be compiled.",
    ),
    rule(
        "schema-remote-ref",
        E,
        Check,
        "A payload schema uses a `$ref` outside itself, which would need the network.",
    ),
    rule(
        "example-invalid",
        E,
        Check,
        "An example payload (or a scenario's start payload) is not valid under its schema.",
    ),
    rule(
        "compat-breaking",
        E,
        Check,
        "A version step breaks its compatibility mode and no upcast bridges it (forward steps cannot be bridged).",
    ),
    rule(
        "compat-unknown",
        E,
        Check,
        "The engine cannot decide whether a version step keeps its compatibility mode.",
    ),
    rule(
        "upcast-missing",
        E,
        Check,
        "A version declared breaking (`compatibility: none`) has no upcast, so stored events of the previous version cannot be read.",
    ),
    rule(
        "upcast-invalid",
        E,
        Check,
        "An upcast renames, removes or walks a field the previous version lacks, or an expression does not compile or reads unknown fields.",
    ),
    rule(
        "upcast-proof-failed",
        E,
        Check,
        "An older version's example or synthesised payload, upcast through the chain, is not valid under the newer schema.",
    ),
    rule(
        "version-changed",
        E,
        Check,
        "With `--against`: a released version's schema or upcast changed (released versions are immutable).",
    ),
    rule(
        "breaking-change-in-place",
        E,
        Check,
        "With `--against`: a released version's schema changed incompatibly instead of getting a new version.",
    ),
    rule(
        "version-removed",
        E,
        Check,
        "With `--against`: a released version is gone, though events of it are stored.",
    ),
    rule(
        "event-removed",
        E,
        Check,
        "With `--against`: a released event is gone, though events of it are stored.",
    ),
    rule(
        "event-renamed",
        E,
        Check,
        "With `--against`: a released event reappears under another name with the same versions.",
    ),
    rule(
        "compatibility-loosened",
        E,
        Check,
        "With `--against`: a version step's compatibility mode checks less than it did.",
    ),
    rule(
        "mapping-unknown-field",
        E,
        Check,
        "A trigger mapping names a field missing from the event's latest schema or the command's schema.",
    ),
    rule(
        "mapping-type-mismatch",
        E,
        Check,
        "A trigger mapping copies a field into a command field of another type.",
    ),
    rule(
        "saga-shape",
        E,
        Check,
        "A saga misses what its style needs: steps for orchestration, an end event, disjoint end events.",
    ),
    rule(
        "correlation-field-missing",
        W,
        Check,
        "A saga's correlation field is not in its start event's latest schema.",
    ),
];

/// The rule with this id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// Default severity of a rule; unknown ids are errors.
pub fn default_severity(id: &str) -> Severity {
    find(id).map_or(Severity::Error, |r| r.severity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        let mut seen = HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            assert!(
                rule.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{} is not kebab-case",
                rule.id
            );
            assert!(
                rule.purpose.ends_with('.') && rule.purpose.len() > 20,
                "{} needs a purpose",
                rule.id
            );
        }
    }
}
