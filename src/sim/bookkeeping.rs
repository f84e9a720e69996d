//! What a run keeps besides its states: the ledger of what succeeded and what undid it, the
//! steps nothing undoes, retries of transient failures, and commands taken as no-ops.

use super::plan::SagaPlan;
use super::world::{Entry, StepLog, World};
use crate::model::{CommandId, EventId, SagaStyle};

impl World {
    /// How many times the command was sent again after a transient failure.
    pub fn retried(&self, command: CommandId) -> u8 {
        self.retried
            .iter()
            .find(|(x, _)| *x == command)
            .map_or(0, |(_, n)| *n)
    }

    /// True when a failure may be retried: declared `retry_possible`, with retries left.
    pub(super) fn may_retry(
        &self,
        plan: &SagaPlan<'_>,
        command: CommandId,
        failure: EventId,
    ) -> bool {
        plan.cat.event(failure).retry_possible && self.retried(command) < plan.retries(command)
    }

    /// A transient failure the saga's retry policy takes: it is recorded, and the command is
    /// sent again instead of the saga reacting to it.
    pub(super) fn retry(
        &mut self,
        plan: &SagaPlan<'_>,
        command: CommandId,
        failure: EventId,
        log: &mut StepLog,
    ) {
        let span = plan.cat.command(command).name.span;
        self.record(plan, command, &[(failure, span)], false, log);
        match self.retried.iter_mut().find(|(x, _)| *x == command) {
            Some((_, n)) => *n += 1,
            None => self.retried.push((command, 1)),
        }
        log.retried = true;
        self.send(command, false, log);
    }

    /// A command accepted as a no-op: nothing is recorded and the aggregate stays untouched. A
    /// compensation that finds nothing to undo has done its job; an orchestrator waiting for
    /// the command takes the acknowledgement as its reply.
    pub(super) fn noop(
        &mut self,
        plan: &SagaPlan<'_>,
        command: CommandId,
        copy: bool,
        log: &mut StepLog,
    ) {
        if plan.is_compensation(command) {
            self.succeeded(plan, command, true);
        }
        if plan.style == SagaStyle::Orchestration && !copy {
            self.acknowledged(plan, command, log);
        }
    }

    /// Bookkeeping after a command succeeded: the ledger of what may need undoing, and what a
    /// compensation undid.
    pub(super) fn succeeded(&mut self, plan: &SagaPlan<'_>, command: CommandId, ran: bool) {
        if plan.is_compensation(command) {
            self.compensation_ran = true;
            let undone = self
                .ledger
                .iter()
                .rposition(|e| !e.compensated && plan.compensation_of(e.command) == Some(command));
            if let Some(i) = undone {
                self.ledger[i].compensated = true;
                self.undone.push(i as u16);
            }
        }
        if plan.effects.is_irreversible(command)
            && let Err(i) = self.irreversible.binary_search(&command)
        {
            self.irreversible.insert(i, command);
        }
        if plan.compensation_of(command).is_some() {
            self.ledger.push(Entry {
                command,
                ran,
                compensated: false,
            });
        }
    }
}
