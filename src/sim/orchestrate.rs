//! An orchestrator's next step after a reply, and undoing completed steps in reverse order.

use super::plan::SagaPlan;
use super::world::*;
use crate::model::{CommandId, EventId};

impl World {
    /// The orchestrator's reaction to a reply (`None`: a deadline passed).
    pub(super) fn orchestrate(
        &mut self,
        plan: &SagaPlan<'_>,
        reply: Option<EventId>,
        log: &mut StepLog,
    ) {
        let awaited = match self.orch {
            Orch::Idle if reply == Some(plan.start) && !plan.steps.is_empty() => {
                self.orch = Orch::Step(0);
                self.send(plan.steps[0].command, false, log);
                return;
            }
            Orch::Idle if reply == Some(plan.start) => {
                for &c in &plan.on_complete {
                    self.send(c, false, log);
                }
                return;
            }
            _ => match self.awaited(plan) {
                Some(c) => c,
                None => return,
            },
        };
        let c = plan.cat.command(awaited);
        let is_success = reply.is_some_and(|e| c.emits.iter().any(|(x, _)| *x == e));
        let is_failure = reply.is_some_and(|e| c.fails.iter().any(|(x, _)| *x == e));
        if reply.is_some() && !is_success && !is_failure {
            return;
        }
        self.advance(plan, is_success, log);
    }

    /// The command the orchestrator waits for, if any.
    fn awaited(&self, plan: &SagaPlan<'_>) -> Option<CommandId> {
        match self.orch {
            Orch::Idle => None,
            Orch::Step(i) => Some(plan.steps[i as usize].command),
            Orch::Undo(i) => Some(
                plan.compensation_of(self.ledger[i as usize].command)
                    .unwrap_or(self.ledger[i as usize].command),
            ),
        }
    }

    /// A command accepted as a no-op answers with no event: the orchestrator waiting for it
    /// takes that as success.
    pub(super) fn acknowledged(
        &mut self,
        plan: &SagaPlan<'_>,
        command: CommandId,
        log: &mut StepLog,
    ) {
        if self.awaited(plan) == Some(command) {
            self.advance(plan, true, log);
        }
    }

    /// Moves on after the awaited command succeeded or failed.
    fn advance(&mut self, plan: &SagaPlan<'_>, is_success: bool, log: &mut StepLog) {
        match self.orch {
            Orch::Step(i) if is_success => {
                let next = i as usize + 1;
                if next < plan.steps.len() {
                    self.orch = Orch::Step(next as u16);
                    self.send(plan.steps[next].command, false, log);
                } else {
                    self.orch = Orch::Idle;
                    for &c in &plan.on_complete {
                        self.send(c, false, log);
                    }
                }
            }
            Orch::Step(_) => self.begin_undo(plan, log),
            Orch::Undo(i) => self.undo_next(plan, i as usize, log),
            Orch::Idle => {}
        }
    }

    pub(super) fn begin_undo(&mut self, plan: &SagaPlan<'_>, log: &mut StepLog) {
        self.undo_next(plan, self.ledger.len(), log);
    }

    /// Sends the compensation of the latest ledger entry before `below` not yet undone, or
    /// `on_abort` when none is left.
    pub(super) fn undo_next(&mut self, plan: &SagaPlan<'_>, below: usize, log: &mut StepLog) {
        let next = self.ledger[..below].iter().rposition(|e| !e.compensated);
        match next.and_then(|i| plan.compensation_of(self.ledger[i].command).map(|c| (i, c))) {
            Some((i, c)) => {
                self.orch = Orch::Undo(i as u16);
                self.send(c, false, log);
            }
            None => {
                self.orch = Orch::Idle;
                for &c in &plan.on_abort {
                    self.send(c, false, log);
                }
            }
        }
    }
}
