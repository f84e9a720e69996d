//! The invariants a saga run must keep, and a broken one.

use serde::Serialize;

/// The invariants checked on every explored run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Invariant {
    /// 1. The run terminates.
    Terminates,
    /// 2. The run ends completed or aborted; never stuck, never both.
    EndsOnce,
    /// 3. On an aborted run, every succeeded compensable command is compensated after it
    ///    (in reverse order, for orchestration).
    Compensated,
    /// 4. No compensation runs on a completed run.
    NoCompensationOnSuccess,
    /// 5. No command reaches an aggregate in a state that does not accept it.
    Accepted,
    /// 6. A duplicate delivery changes nothing: the ending, and the events recorded per
    ///    aggregate instance, counted.
    Idempotent,
    /// 7. Every aggregate touched ends in a final state, unless the saga allows it open.
    FinalStates,
    /// 8. Projection rows hold a value in every field not declared nullable, and runs that
    ///    record the same events and end alike show the same rows.
    Projections,
}

impl Invariant {
    /// The stable id.
    pub fn id(self) -> &'static str {
        match self {
            Invariant::Terminates => "terminates",
            Invariant::EndsOnce => "ends-once",
            Invariant::Compensated => "compensated",
            Invariant::NoCompensationOnSuccess => "no-compensation-on-success",
            Invariant::Accepted => "command-accepted",
            Invariant::Idempotent => "idempotent",
            Invariant::FinalStates => "final-states",
            Invariant::Projections => "projections",
        }
    }

    /// Its number in the documentation.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }
}

/// An invariant broken by a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// Which.
    pub invariant: Invariant,
    /// What it is about: a command, an aggregate, or a short word.
    pub subject: String,
    /// What went wrong.
    pub message: String,
}

impl Violation {
    /// A broken invariant.
    pub fn new(invariant: Invariant, subject: String, message: String) -> Self {
        Self {
            invariant,
            subject,
            message,
        }
    }
}
