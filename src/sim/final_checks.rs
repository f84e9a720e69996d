//! The invariants checked when a run has nothing left to deliver: it ended once, what it did
//! was undone when it aborted, nothing was undone when it completed, and every aggregate it
//! touched is in a final state.

use super::plan::SagaPlan;
use super::violation::{Invariant, Violation};
use super::world::World;
use crate::model::SagaStyle;

impl World {
    /// Invariants checked when nothing is left to deliver.
    pub fn final_checks(&self, plan: &SagaPlan<'_>) -> Vec<Violation> {
        let mut out = Vec::new();
        let saga = plan.name();
        match (self.completed, self.aborted) {
            (false, false) => out.push(Violation::new(
                Invariant::EndsOnce,
                "stuck".into(),
                format!("`{saga}` ends neither completed nor aborted: no `completes_on` or `aborts_on` event was delivered"),
            )),
            (true, true) => out.push(Violation::new(
                Invariant::EndsOnce,
                "both".into(),
                format!("`{saga}` ends both completed and aborted"),
            )),
            _ => {}
        }
        if self.aborted {
            for e in self.ledger.iter().filter(|e| e.ran && !e.compensated) {
                let name = plan.cat.command_name(e.command);
                out.push(Violation::new(
                    Invariant::Compensated,
                    name.clone(),
                    format!("`{saga}` aborted, but `{name}` succeeded and was never compensated"),
                ));
            }
            for &c in &self.irreversible {
                let name = plan.cat.command_name(c);
                let message = if plan.effects.is_pivot(c) {
                    format!(
                        "`{saga}` aborted after its pivot `{name}` succeeded: a step after the pivot failed, and nothing undoes the pivot"
                    )
                } else {
                    format!(
                        "`{saga}` aborted, but `{name}` succeeded and nothing undoes it: it has no compensation"
                    )
                };
                out.push(Violation::new(Invariant::Compensated, name, message));
            }
            if plan.style == SagaStyle::Orchestration && self.undone.windows(2).any(|w| w[0] < w[1])
            {
                out.push(Violation::new(
                    Invariant::Compensated,
                    "order".into(),
                    format!("`{saga}` compensated its steps out of reverse order"),
                ));
            }
        }
        if self.completed && !self.aborted && self.compensation_ran {
            out.push(Violation::new(
                Invariant::NoCompensationOnSuccess,
                "compensation".into(),
                format!("`{saga}` completed, yet a compensation ran"),
            ));
        }
        for (view, fields) in plan.views.nulls(&self.rows) {
            out.push(Violation::new(
                Invariant::Projections,
                view.clone(),
                format!(
                    "`{view}` row `{}` ends with `{}` null, which is not nullable",
                    plan.views.key,
                    fields.join("`, `")
                ),
            ));
        }
        for &(a, s) in &self.states {
            if !plan.cat.aggregate(a).is_final(s) && !plan.allow_open.contains(&a) {
                let agg = plan.cat.aggregate_name(a);
                out.push(Violation::new(
                    Invariant::FinalStates,
                    agg.clone(),
                    format!(
                        "`{agg}` ends in `{}`, which is not final",
                        plan.cat.aggregate(a).states[s.index()].text
                    ),
                ));
            }
        }
        out
    }
}
