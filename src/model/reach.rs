//! Moves through an aggregate's lifecycle: the states a command leads to, and where an event
//! can be recorded (the nearest state, from `initial`, in which some command that records it is
//! accepted; a saga starts its run there).

use super::{Catalog, CommandId, EventId, StateId};
use std::collections::VecDeque;

impl Catalog {
    /// The states a command leads to from `state`: after its `emits` on success, and after each
    /// of its `fails`. Empty when `state` does not let it record (refused, or a no-op).
    pub fn next_states(&self, c: CommandId, state: StateId) -> Vec<StateId> {
        if !self.recording_states(c).contains(&state) {
            return Vec::new();
        }
        let command = self.command(c);
        let to = |s: StateId, e: EventId| self.event(e).to.map_or(s, |(t, _)| t);
        let success = command.emits.iter().fold(state, |s, (e, _)| to(s, *e));
        std::iter::once(success)
            .chain(command.fails.iter().map(|(e, _)| to(state, *e)))
            .collect()
    }

    /// The state nearest `initial` in which a command recording `event` (in `emits` or
    /// `fails`) does its work, and the commands that lead there from `initial`, shortest first.
    /// `None` when no reachable state records it. An event no command records can happen
    /// wherever its aggregate starts.
    pub fn where_recorded(&self, event: EventId) -> Option<(StateId, Vec<CommandId>)> {
        let a = self.event(event).aggregate;
        let agg = self.aggregate(a);
        let initial = agg.initial.map_or(StateId::new(0), |(s, _)| s);
        let recorders: Vec<CommandId> = agg
            .commands
            .iter()
            .copied()
            .filter(|&c| {
                let c = self.command(c);
                c.emits.iter().chain(&c.fails).any(|(e, _)| *e == event)
            })
            .collect();
        if recorders.is_empty() {
            return Some((initial, Vec::new()));
        }
        let records = |s: StateId| {
            recorders
                .iter()
                .any(|&c| self.recording_states(c).contains(&s))
        };
        let mut came: Vec<Option<(StateId, CommandId)>> = vec![None; agg.states.len()];
        let mut seen = vec![false; agg.states.len()];
        seen[initial.index()] = true;
        let mut todo = VecDeque::from([initial]);
        while let Some(s) = todo.pop_front() {
            if records(s) {
                let mut path = Vec::new();
                let mut at = s;
                while let Some((from, c)) = came[at.index()] {
                    path.push(c);
                    at = from;
                }
                path.reverse();
                return Some((s, path));
            }
            for &c in &agg.commands {
                for next in self.next_states(c, s) {
                    if !std::mem::replace(&mut seen[next.index()], true) {
                        came[next.index()] = Some((s, c));
                        todo.push_back(next);
                    }
                }
            }
        }
        None
    }
}
