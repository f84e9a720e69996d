//! The saga simulator: a small synchronous engine that runs a saga's scenarios, and an explorer
//! that walks every combination of command outcomes (and optionally duplicate and reordered
//! deliveries) checking the saga's invariants. Returns values; never prints.

mod bookkeeping;
mod counts;
mod explore;
mod final_checks;
mod orchestrate;
mod plan;
mod scenario;
mod timeout;
mod trace;
mod views;
mod violation;
mod world;

pub use explore::{Counterexample, Exploration, ExploreOptions, Stop, explore};
pub use plan::SagaPlan;
pub use scenario::{ScenarioRun, run_forced, run_scenario};
pub use trace::{Trace, TraceRow};
pub use views::{Rows, Views};
pub use violation::{Invariant, Violation};
pub use world::{Choice, Msg, Outcome, World};

/// Fault classes the explorer may inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Faults {
    /// Commands fail in each declared way.
    pub fail: bool,
    /// Commands with a timeout time out (never ran, or ran too late).
    pub timeout: bool,
    /// Any message may be delivered twice.
    pub duplicate: bool,
    /// Messages in flight may be delivered in any order.
    pub reorder: bool,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            fail: true,
            timeout: true,
            duplicate: false,
            reorder: false,
        }
    }
}

impl Faults {
    /// Parses `fail,timeout,duplicate,reorder` (any subset; `all`; `none`).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut f = Faults {
            fail: false,
            timeout: false,
            duplicate: false,
            reorder: false,
        };
        for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match word {
                "fail" => f.fail = true,
                "timeout" => f.timeout = true,
                "duplicate" => f.duplicate = true,
                "reorder" => f.reorder = true,
                "all" => {
                    f = Faults {
                        fail: true,
                        timeout: true,
                        duplicate: true,
                        reorder: true,
                    }
                }
                "none" => {}
                other => {
                    return Err(format!(
                        "unknown fault class `{other}`; use fail, timeout, duplicate, reorder, all or none"
                    ));
                }
            }
        }
        Ok(f)
    }

    /// The enabled classes, comma-separated.
    pub fn names(&self) -> String {
        let names: Vec<&str> = [
            (self.fail, "fail"),
            (self.timeout, "timeout"),
            (self.duplicate, "duplicate"),
            (self.reorder, "reorder"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, n)| *n)
        .collect();
        if names.is_empty() {
            "none".into()
        } else {
            names.join(",")
        }
    }
}
