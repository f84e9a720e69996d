//! The state of one saga run (aggregate states, messages in flight, what succeeded and what was
//! undone) and the step that delivers one message. Runs and the explorer share this step.

use super::counts::Counts;
use super::plan::SagaPlan;
use super::views::Rows;
use super::violation::{Invariant, Violation};
use crate::model::{AggregateId, CommandId, EventId, SagaStyle, StateId};
use smallvec::SmallVec;

/// A message in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Msg {
    /// An event for the saga to react to.
    Event {
        /// The event.
        event: EventId,
        /// A duplicate delivery.
        copy: bool,
        /// Assumed by a timeout handler rather than recorded.
        assumed: bool,
    },
    /// A command for its aggregate.
    Command {
        /// The command.
        command: CommandId,
        /// A duplicate delivery.
        copy: bool,
    },
}

/// What the outcome of delivering a message was chosen to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// An event delivered, or a command that was rejected or is a duplicate.
    Deliver,
    /// The command succeeded.
    Ok,
    /// The command failed, recording this event.
    Fail(EventId),
    /// The command timed out and never ran.
    TimeoutNotRun,
    /// The command timed out but ran: its events were recorded too late for the saga.
    TimeoutRan,
}

/// One delivery: which message of the queue, whether it is also duplicated, and its outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Choice {
    /// Index into the queue.
    pub pick: u16,
    /// A copy is queued for a second delivery.
    pub duplicate: bool,
    /// The outcome.
    pub outcome: Outcome,
}

/// What the orchestrator is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Orch {
    /// Not an orchestration, or nothing left to send.
    #[default]
    Idle,
    /// Waiting for the reply to step `n`.
    Step(u16),
    /// Waiting for the reply to the compensation of ledger entry `n`.
    Undo(u16),
}

/// A command that succeeded (or may have, after a timeout) and may need undoing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The command.
    pub command: CommandId,
    /// It certainly ran.
    pub ran: bool,
    /// Its compensation ran.
    pub compensated: bool,
}

/// The state of a run. Two runs in equal worlds behave alike from there on, so the explorer
/// merges them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct World {
    /// States of the aggregates touched, ordered by aggregate.
    pub states: SmallVec<[(AggregateId, StateId); 4]>,
    /// Messages in flight, oldest first.
    pub queue: SmallVec<[Msg; 4]>,
    /// A `completes_on` event was delivered.
    pub completed: bool,
    /// An `aborts_on` event was delivered.
    pub aborted: bool,
    /// A compensation ran.
    pub compensation_ran: bool,
    /// Compensable commands that succeeded, in order.
    pub ledger: SmallVec<[Entry; 3]>,
    /// Ledger indexes in the order they were compensated.
    pub undone: SmallVec<[u16; 4]>,
    /// The orchestrator.
    pub orch: Orch,
    /// A message was already delivered twice (the explorer duplicates one per run).
    pub duplicated: bool,
    /// Commands that timed out in a choreography: the saga no longer listens to them, so the
    /// events of a late run (a duplicate delivered after the deadline) are recorded but not
    /// delivered.
    pub closed: SmallVec<[CommandId; 2]>,
    /// With `counting`, how many times each event was recorded (up to [`COUNT_CAP`]), ordered
    /// by event: what a run did, beyond where it ended. Each event belongs to one aggregate, and a run touches one
    /// instance of each, so this is the multiset of events per aggregate instance.
    pub recorded: Counts,
    /// Whether to keep `recorded` (when idempotency is checked).
    pub counting: bool,
    /// Commands that succeeded and that nothing undoes (pivots among them), ordered.
    pub irreversible: SmallVec<[CommandId; 2]>,
    /// The row each projection keyed by the saga's correlation shows for it.
    pub rows: Rows,
    /// Commands sent again after a transient failure, and how many times.
    pub retried: SmallVec<[(CommandId, u8); 2]>,
}

impl World {
    /// Bytes the world holds, itself and on the heap.
    pub fn bytes(&self) -> u64 {
        use std::mem::size_of;
        (size_of::<World>()
            + spilled(self.states.spilled(), self.states.capacity() * 8)
            + spilled(
                self.queue.spilled(),
                self.queue.capacity() * size_of::<Msg>(),
            )
            + spilled(
                self.ledger.spilled(),
                self.ledger.capacity() * size_of::<Entry>(),
            )
            + spilled(self.undone.spilled(), self.undone.capacity() * 2)
            + spilled(self.closed.spilled(), self.closed.capacity() * 4)
            + spilled(
                self.irreversible.spilled(),
                self.irreversible.capacity() * 4,
            )
            + spilled(self.rows.spilled(), self.rows.capacity() * 2)
            + spilled(self.retried.spilled(), self.retried.capacity() * 8)) as u64
    }
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Ending {
    /// A `completes_on` event was delivered.
    pub completed: bool,
    /// An `aborts_on` event was delivered.
    pub aborted: bool,
    /// The aggregates' states, ordered by aggregate.
    pub states: Vec<(AggregateId, StateId)>,
    /// Events recorded and how many times, when counted.
    pub recorded: Counts,
}

/// Heap bytes of a small vector: none while it is inline.
fn spilled(spilled: bool, bytes: usize) -> usize {
    if spilled { bytes } else { 0 }
}

/// What one delivery did, for traces.
#[derive(Clone, Debug, Default)]
pub struct StepLog {
    /// Messages queued by it.
    pub pushed: Vec<Msg>,
    /// The aggregate it reached: state before and after.
    pub aggregate: Option<(AggregateId, StateId, StateId)>,
    /// Events recorded on the aggregate.
    pub recorded: Vec<EventId>,
    /// Whether the aggregate rejected the command.
    pub rejected: bool,
    /// Whether the aggregate accepted it as a no-op, recording nothing.
    pub noop: bool,
    /// Whether it failed in a way that may not happen again, and the saga sent it again.
    pub retried: bool,
}

impl World {
    /// The world after the start event was recorded; `counting` keeps the events recorded.
    pub fn start(plan: &SagaPlan<'_>, counting: bool) -> Self {
        let mut w = World {
            counting,
            rows: plan.views.empty(),
            ..World::default()
        };
        plan.views.apply(&mut w.rows, plan.start);
        let e = plan.cat.event(plan.start);
        w.set_state(e.aggregate, e.to.map_or(plan.start_state, |(s, _)| s));
        w.queue.push(Msg::Event {
            event: plan.start,
            copy: false,
            assumed: false,
        });
        w
    }

    /// The state of an aggregate (its initial state when untouched).
    pub fn state(&self, plan: &SagaPlan<'_>, a: AggregateId) -> StateId {
        match self.states.binary_search_by_key(&a, |(x, _)| *x) {
            Ok(i) => self.states[i].1,
            Err(_) => plan.initial(a),
        }
    }

    pub(super) fn set_state(&mut self, a: AggregateId, s: StateId) {
        match self.states.binary_search_by_key(&a, |(x, _)| *x) {
            Ok(i) => self.states[i].1 = s,
            Err(i) => self.states.insert(i, (a, s)),
        }
    }

    /// Orders the messages in flight, for when any of them may be delivered next: worlds that
    /// differ only in that order then merge.
    pub fn canonicalize(&mut self) {
        self.queue.sort();
    }

    /// What a run ended with: its result, the aggregates' states and, when counting, the
    /// events recorded.
    pub fn ending(&self) -> Ending {
        Ending {
            completed: self.completed,
            aborted: self.aborted,
            states: self.states.to_vec(),
            recorded: self.recorded.clone(),
        }
    }

    fn count(&mut self, plan: &SagaPlan<'_>, e: EventId) {
        if let Some(local) = plan.local_event(e) {
            self.recorded.add(local);
        }
    }

    /// True when nothing is left to deliver.
    pub fn is_done(&self) -> bool {
        self.queue.is_empty()
    }

    /// The outcomes a command may have now, under the enabled faults.
    pub fn outcomes(&self, plan: &SagaPlan<'_>, msg: Msg, faults: &super::Faults) -> Vec<Outcome> {
        let Msg::Command { command, copy } = msg else {
            return vec![Outcome::Deliver];
        };
        let c = plan.cat.command(command);
        let state = self.state(plan, c.aggregate);
        if copy || !plan.accepts(command, state) || plan.cat.is_noop(command, state) {
            return vec![Outcome::Deliver];
        }
        let mut out = vec![Outcome::Ok];
        if faults.fail {
            out.extend(c.fails.iter().map(|(e, _)| Outcome::Fail(*e)));
        }
        if faults.timeout && plan.can_time_out(command) {
            out.push(Outcome::TimeoutNotRun);
            out.push(Outcome::TimeoutRan);
        }
        out
    }

    /// Delivers one message; returns what it did and any invariant it broke.
    pub fn apply(&mut self, plan: &SagaPlan<'_>, choice: Choice) -> (StepLog, Vec<Violation>) {
        let mut msg = self.queue.remove(choice.pick as usize);
        if let Msg::Command {
            command,
            copy: true,
        } = msg
            && let Some(twin) = self.queue.iter_mut().find(|m| {
                **m == Msg::Command {
                    command,
                    copy: false,
                }
            })
        {
            // The copy overtook its original: whichever arrives first is the original.
            *twin = Msg::Command {
                command,
                copy: true,
            };
            msg = Msg::Command {
                command,
                copy: false,
            };
        }
        let mut log = StepLog::default();
        let mut broken = Vec::new();
        if choice.duplicate {
            self.duplicated = true;
            let copy = match msg {
                Msg::Event { event, assumed, .. } => Msg::Event {
                    event,
                    copy: true,
                    assumed,
                },
                Msg::Command { command, .. } => Msg::Command {
                    command,
                    copy: true,
                },
            };
            self.push(copy, &mut log);
        }
        match msg {
            Msg::Event {
                event,
                copy,
                assumed: _,
            } => self.on_event(plan, event, copy, &mut log),
            Msg::Command { command, copy } => {
                self.on_command(plan, command, copy, choice.outcome, &mut log, &mut broken)
            }
        }
        (log, broken)
    }

    pub(super) fn push(&mut self, msg: Msg, log: &mut StepLog) {
        self.queue.push(msg);
        log.pushed.push(msg);
    }

    pub(super) fn send(&mut self, command: CommandId, copy: bool, log: &mut StepLog) {
        self.push(Msg::Command { command, copy }, log);
    }

    pub(super) fn on_event(
        &mut self,
        plan: &SagaPlan<'_>,
        event: EventId,
        copy: bool,
        log: &mut StepLog,
    ) {
        if plan.completes_on.contains(&event) {
            self.completed = true;
        }
        if plan.aborts_on.contains(&event) {
            self.aborted = true;
        }
        match plan.style {
            SagaStyle::Choreography => {
                for t in &plan.cat.event(event).triggers {
                    self.send(t.command, copy, log);
                }
            }
            SagaStyle::Orchestration if !copy => self.orchestrate(plan, Some(event), log),
            SagaStyle::Orchestration => {}
        }
    }

    pub(super) fn on_command(
        &mut self,
        plan: &SagaPlan<'_>,
        command: CommandId,
        copy: bool,
        outcome: Outcome,
        log: &mut StepLog,
        broken: &mut Vec<Violation>,
    ) {
        let c = plan.cat.command(command);
        let before = self.state(plan, c.aggregate);
        log.aggregate = Some((c.aggregate, before, before));
        let name = plan.cat.command_name(command);
        let agg = plan.cat.aggregate(c.aggregate);
        let state_name = &agg.states[before.index()].text;
        if !plan.accepts(command, before) {
            log.rejected = true;
            if !copy {
                broken.push(Violation::new(
                    Invariant::Accepted,
                    name.clone(),
                    format!(
                        "`{name}` reached `{}` in state `{state_name}`, which does not accept it",
                        plan.cat.aggregate_name(c.aggregate)
                    ),
                ));
            }
            return;
        }
        if plan.cat.is_noop(command, before) {
            log.noop = true;
            self.noop(plan, command, copy, log);
            return;
        }
        let outcome = if copy { Outcome::Ok } else { outcome };
        match outcome {
            Outcome::Ok | Outcome::Deliver => {
                let late = self.closed.contains(&command);
                self.record(plan, command, &c.emits, !late, log);
                self.succeeded(plan, command, true);
            }
            Outcome::Fail(e) if self.may_retry(plan, command, e) => {
                self.retry(plan, command, e, log);
            }
            Outcome::Fail(e) => {
                let late = self.closed.contains(&command);
                self.record(plan, command, &[(e, c.name.span)], !late, log);
            }
            Outcome::TimeoutNotRun | Outcome::TimeoutRan => {
                let ran = outcome == Outcome::TimeoutRan;
                if ran {
                    self.record(plan, command, &c.emits, false, log);
                }
                self.timed_out(plan, command, ran, log);
            }
        }
        let after = self.state(plan, c.aggregate);
        log.aggregate = Some((c.aggregate, before, after));
    }

    /// Records events on the command's aggregate; `deliver` queues them for the saga.
    pub(super) fn record(
        &mut self,
        plan: &SagaPlan<'_>,
        command: CommandId,
        events: &[(EventId, crate::source::Span)],
        deliver: bool,
        log: &mut StepLog,
    ) {
        let a = plan.cat.command(command).aggregate;
        for &(e, _) in events {
            if let Some((to, _)) = plan.cat.event(e).to {
                self.set_state(a, to);
            }
            log.recorded.push(e);
            plan.views.apply(&mut self.rows, e);
            if self.counting {
                self.count(plan, e);
            }
            if deliver {
                self.push(
                    Msg::Event {
                        event: e,
                        copy: false,
                        assumed: false,
                    },
                    log,
                );
            }
        }
    }
}
