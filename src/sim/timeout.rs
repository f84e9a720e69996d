//! A timeout in a run: the saga treats the command as failed; a late reply is ignored.

use super::plan::SagaPlan;
use super::world::*;
use crate::model::{CommandId, SagaStyle};

impl World {
    /// A timeout: the saga treats the command as failed.
    pub(super) fn timed_out(
        &mut self,
        plan: &SagaPlan<'_>,
        command: CommandId,
        ran: bool,
        log: &mut StepLog,
    ) {
        // An orchestrator already ignores replies it is not waiting for; a choreography's
        // deadline handler has to stop listening to the command explicitly.
        if plan.style == SagaStyle::Choreography
            && let Err(i) = self.closed.binary_search(&command)
        {
            self.closed.insert(i, command);
        }
        match plan.style {
            SagaStyle::Choreography => {
                if ran {
                    self.succeeded(plan, command, true);
                }
                if let Some(undo) = plan.compensation_of(command) {
                    self.send(undo, false, log);
                }
                if let Some(&(fail, _)) = plan.cat.command(command).fails.first() {
                    self.push(
                        Msg::Event {
                            event: fail,
                            copy: false,
                            assumed: true,
                        },
                        log,
                    );
                }
            }
            SagaStyle::Orchestration => {
                if ran {
                    self.succeeded(plan, command, true);
                } else if plan.compensation_of(command).is_some() {
                    self.ledger.push(Entry {
                        command,
                        ran,
                        compensated: false,
                    });
                }
                if matches!(self.orch, Orch::Step(_)) {
                    self.begin_undo(plan, log);
                } else {
                    self.orchestrate(plan, None, log);
                }
            }
        }
    }
}
