//! A saga prepared for simulation: its commands' timeouts and compensations, the events that end
//! it, and which commands undo others.

use super::views::Views;
use crate::model::{AggregateId, Catalog, CommandId, Effects, EventId, SagaId, SagaStyle, StateId};

/// One orchestration step.
#[derive(Debug, Clone)]
pub struct StepPlan {
    /// The command.
    pub command: CommandId,
    /// Whether it can time out.
    pub timeout: bool,
    /// What undoes it.
    pub compensation: Option<CommandId>,
}

/// A saga, ready to run.
#[derive(Debug)]
pub struct SagaPlan<'a> {
    /// The catalog.
    pub cat: &'a Catalog,
    /// The saga.
    pub saga: SagaId,
    /// How it is driven.
    pub style: SagaStyle,
    /// The event that starts it.
    pub start: EventId,
    /// Events that complete it.
    pub completes_on: Vec<EventId>,
    /// Events that abort it.
    pub aborts_on: Vec<EventId>,
    /// Commands with a timeout.
    pub timeouts: Vec<CommandId>,
    /// Orchestration steps.
    pub steps: Vec<StepPlan>,
    /// Orchestration: sent when every step succeeded.
    pub on_complete: Vec<CommandId>,
    /// Orchestration: sent after the compensations.
    pub on_abort: Vec<CommandId>,
    /// Aggregates that may end in a state that is not final.
    pub allow_open: Vec<AggregateId>,
    /// Per command of the catalog, the states that accept it.
    accepting: Vec<Vec<StateId>>,
    /// What undoes what, and what nothing needs to undo.
    pub effects: Effects,
    /// The state in which the start event is recorded, nearest the aggregate's `initial`.
    pub start_state: StateId,
    /// The commands that lead there from `initial`.
    pub start_path: Vec<CommandId>,
    /// Per command, how many times it is sent again after a failure declared `retry_possible`.
    pub retries: Vec<(CommandId, u8)>,
    /// Per event of the catalog, its index among the events the saga's runs can record.
    local: Vec<u16>,
    /// Those events, by index.
    pub events: Vec<EventId>,
    /// The projections its runs feed, for the row of `{saga}-1` unless a scenario sets it.
    pub views: Views,
}

impl<'a> SagaPlan<'a> {
    /// Prepares a saga; `None` when it has no start event.
    pub fn new(cat: &'a Catalog, saga: SagaId) -> Option<Self> {
        let s = &cat.sagas[saga.index()];
        let (start, _) = s.start?;
        let (local, events) = super::counts::local_events(cat, saga);
        let start_agg = cat.event(start).aggregate;
        let initial = cat
            .aggregate(start_agg)
            .initial
            .map_or(StateId::new(0), |(s, _)| s);
        let (start_state, start_path) = cat.where_recorded(start).unwrap_or((initial, Vec::new()));
        let mut timeouts: Vec<CommandId> = s.timeouts.iter().map(|(c, _, _)| *c).collect();
        let steps = s
            .steps
            .iter()
            .map(|st| StepPlan {
                command: st.command,
                timeout: st.timeout.is_some() || timeouts.contains(&st.command),
                compensation: st.compensation,
            })
            .collect::<Vec<_>>();
        timeouts.extend(steps.iter().filter(|s| s.timeout).map(|s| s.command));
        timeouts.sort();
        timeouts.dedup();
        let accepting = (0..cat.commands.len())
            .map(|i| cat.accepting_states(CommandId::new(i)))
            .collect();
        Some(Self {
            accepting,
            effects: Effects::new(cat, saga),
            start_state,
            start_path,
            local,
            events,
            retries: s.retries.iter().map(|(c, n, _)| (*c, *n)).collect(),
            views: Views::new(
                cat,
                saga,
                &format!("{}-1", s.name.text.to_lowercase()),
                None,
            ),
            cat,
            saga,
            style: s.style,
            start,
            completes_on: s.completes_on.iter().map(|(e, _)| *e).collect(),
            aborts_on: s.aborts_on.iter().map(|(e, _)| *e).collect(),
            timeouts,
            steps,
            on_complete: s.on_complete.iter().map(|(c, _)| *c).collect(),
            on_abort: s.on_abort.iter().map(|(c, _)| *c).collect(),
            allow_open: s.allow_open.iter().map(|(a, _)| *a).collect(),
        })
    }

    /// The saga's name.
    pub fn name(&self) -> &str {
        &self.cat.sagas[self.saga.index()].name.text
    }

    /// Whether the command can time out in this saga.
    pub fn can_time_out(&self, c: CommandId) -> bool {
        self.timeouts.binary_search(&c).is_ok()
    }

    /// The command that undoes `c` in this saga.
    pub fn compensation_of(&self, c: CommandId) -> Option<CommandId> {
        self.effects.compensation_of(c)
    }

    /// True when `c` undoes some command of this saga.
    pub fn is_compensation(&self, c: CommandId) -> bool {
        self.effects.is_compensation(c)
    }

    /// The index of an event among those the saga's runs can record.
    pub fn local_event(&self, e: EventId) -> Option<usize> {
        self.local
            .get(e.index())
            .filter(|&&i| i != u16::MAX)
            .map(|&i| i as usize)
    }

    /// How many times the command is retried after a transient failure.
    pub fn retries(&self, c: CommandId) -> u8 {
        self.retries
            .iter()
            .find(|(x, _)| *x == c)
            .map_or(0, |(_, n)| *n)
    }

    /// States that accept the command.
    pub fn accepts(&self, c: CommandId, state: StateId) -> bool {
        self.accepting[c.index()].contains(&state)
    }

    /// The initial state of an aggregate (its first state when none is declared).
    pub fn initial(&self, a: AggregateId) -> StateId {
        self.cat
            .aggregate(a)
            .initial
            .map_or(StateId::new(0), |(s, _)| s)
    }
}
