//! The JSON Schema compatibility engine: is every payload valid under one schema also valid
//! under another? Rules are small units (`rules.rs`); `subset.rs` walks both schemas.

mod finite;
mod keywords;
pub mod mutants;
mod subset;
pub mod synth;
mod value_set;
pub mod witness;

pub use crate::diag::CompatRule;
pub use crate::model::{CompatMode, Profile};

use serde::Serialize;
use serde_json::Value;

/// Which readers must keep working.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// No check.
    None,
    /// Readers of the new schema read data written under the old one.
    Backward,
    /// Readers of the old schema read data written under the new one.
    Forward,
    /// Both.
    Full,
}

impl Mode {
    /// The mode's name.
    pub const fn name(self) -> &'static str {
        match self {
            Mode::None => "none",
            Mode::Backward => "backward",
            Mode::Forward => "forward",
            Mode::Full => "full",
        }
    }

    /// The directions a catalog's mode checks, and whether against every earlier version.
    pub const fn of(declared: CompatMode) -> (Mode, bool) {
        match declared {
            CompatMode::None => (Mode::None, false),
            CompatMode::Backward => (Mode::Backward, false),
            CompatMode::BackwardTransitive => (Mode::Backward, true),
            CompatMode::Forward => (Mode::Forward, false),
            CompatMode::ForwardTransitive => (Mode::Forward, true),
            CompatMode::Full => (Mode::Full, false),
            CompatMode::FullTransitive => (Mode::Full, true),
        }
    }
}

/// Whether a finding breaks compatibility or could not be decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// Some payload valid under one schema is rejected by the other.
    Breaking,
    /// The engine cannot decide.
    Unknown,
}

/// Which question a finding answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Old data under the new schema.
    Backward,
    /// New data under the old schema.
    Forward,
}

/// One difference between two schemas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Which rule found it.
    pub rule: CompatRule,
    /// Which direction it concerns.
    pub direction: Direction,
    /// JSON pointer in the old schema.
    pub old_pointer: String,
    /// JSON pointer in the new schema.
    pub new_pointer: String,
    /// What changed.
    pub message: String,
    /// Breaking or unknown.
    pub effect: Effect,
    /// A payload the writer accepts and the reader rejects, when one was found
    /// ([`witness::Pair::witness`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<Value>,
}

/// The answer for one pair of schemas under one mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every direction the mode asks for holds.
    Compatible,
    /// Some direction fails.
    Incompatible,
    /// Nothing fails, but something could not be decided.
    Unknown,
}

/// Findings and verdict for one pair.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The mode checked.
    pub mode: Mode,
    /// The profile used.
    pub profile: Profile,
    /// Every finding.
    pub findings: Vec<Finding>,
    /// The answer.
    pub verdict: Verdict,
}

impl Report {
    /// Whether a finding breaks the pair: a breaking one always does, an undecided one under
    /// the strict profile.
    pub fn breaks(&self, f: &Finding) -> bool {
        f.effect == Effect::Breaking || self.profile == Profile::Strict
    }

    /// Whether the pair fails its mode: incompatible, or unknown under the strict profile.
    pub fn fails(&self) -> bool {
        match self.verdict {
            Verdict::Compatible => false,
            Verdict::Incompatible => true,
            Verdict::Unknown => self.profile == Profile::Strict,
        }
    }
}

/// A subschema that can stand alone: the root's `definitions`, `$defs` and `$schema` come with
/// it, so its local `$ref`s and draft resolve as they did inside the root.
pub fn standalone(root: &Value, sub: &Value) -> Value {
    let mut s = sub.clone();
    if let (Value::Object(m), Value::Object(r)) = (&mut s, root) {
        for key in ["definitions", "$defs", "$schema"] {
            if let Some(v) = r.get(key) {
                m.entry(key.to_string()).or_insert_with(|| v.clone());
            }
        }
    }
    s
}

/// Checks `new` against `old` under `mode`.
pub fn check(old: &Value, new: &Value, mode: Mode, profile: Profile) -> Report {
    let mut findings = Vec::new();
    if matches!(mode, Mode::Backward | Mode::Full) {
        findings.extend(subset::check(old, new, Direction::Backward, profile));
    }
    if matches!(mode, Mode::Forward | Mode::Full) {
        findings.extend(subset::check(new, old, Direction::Forward, profile));
    }
    let verdict = if findings.iter().any(|f| f.effect == Effect::Breaking) {
        Verdict::Incompatible
    } else if findings.is_empty() {
        Verdict::Compatible
    } else {
        Verdict::Unknown
    };
    Report {
        mode,
        profile,
        findings,
        verdict,
    }
}

#[cfg(test)]
mod tests;
