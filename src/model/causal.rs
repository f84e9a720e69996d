//! Causal order: which events can happen before any event of a given set. A projection that
//! reads events in the order they were caused meets an event with no row yet only when no
//! event it handles must come first (`docs/catalog-format.md#projections`).

use super::{Catalog, CommandId, EventId, SagaStyle};
use std::collections::VecDeque;

/// What leads to what: commands to the events they record, events to the commands they
/// trigger, an orchestration's events to its commands, a command's events to its
/// compensation, and each event to the commands of its aggregate that accept the state it
/// leaves.
pub struct Causes {
    from_command: Vec<Vec<EventId>>,
    from_event: Vec<Vec<CommandId>>,
    entry: Vec<CommandId>,
}

impl Causes {
    /// The causes in `cat`.
    pub fn new(cat: &Catalog) -> Self {
        let mut from_command: Vec<Vec<EventId>> = cat
            .commands
            .iter()
            .map(|c| c.emits.iter().chain(&c.fails).map(|(e, _)| *e).collect())
            .collect();
        let mut from_event: Vec<Vec<CommandId>> = vec![Vec::new(); cat.events.len()];
        let mut sent = vec![false; cat.commands.len()];
        for (i, e) in cat.events.iter().enumerate() {
            for t in &e.triggers {
                from_event[i].push(t.command);
                sent[t.command.index()] = true;
            }
        }
        for s in cat
            .sagas
            .iter()
            .filter(|s| s.style == SagaStyle::Orchestration)
        {
            let mut commands: Vec<CommandId> = s.steps.iter().map(|st| st.command).collect();
            commands.extend(s.steps.iter().filter_map(|st| st.compensation));
            commands.extend(s.on_complete.iter().chain(&s.on_abort).map(|(c, _)| *c));
            let mut events: Vec<EventId> = s.start.iter().map(|(e, _)| *e).collect();
            events.extend(s.aborts_on.iter().map(|(e, _)| *e));
            for c in &commands {
                events.extend(from_command[c.index()].iter().copied());
            }
            for e in events {
                from_event[e.index()].extend(commands.iter().copied());
            }
            for c in commands {
                sent[c.index()] = true;
            }
        }
        // A choreography compensates when it aborts.
        let undos: Vec<CommandId> = cat
            .commands
            .iter()
            .filter_map(|c| c.compensated_by.map(|(u, _)| u))
            .collect();
        for s in cat
            .sagas
            .iter()
            .filter(|s| s.style == SagaStyle::Choreography)
        {
            for (e, _) in &s.aborts_on {
                from_event[e.index()].extend(undos.iter().copied());
            }
        }
        // A compensation undoes a success: it follows the events the undone command recorded.
        for c in &cat.commands {
            if let Some((undo, _)) = c.compensated_by {
                for (e, _) in &c.emits {
                    from_event[e.index()].push(undo);
                }
                sent[undo.index()] = true;
            }
        }
        // An event moves its aggregate to a state; the commands accepting that state follow.
        for (i, e) in cat.events.iter().enumerate() {
            let aggregate = cat.aggregate(e.aggregate);
            let id = EventId::new(i);
            let after: Vec<_> = match e.to {
                Some((s, _)) => vec![s],
                // The state is unchanged: wherever a command recording it does its work.
                None => aggregate
                    .commands
                    .iter()
                    .filter(|&&c| from_command[c.index()].contains(&id))
                    .flat_map(|&c| cat.recording_states(c))
                    .collect(),
            };
            for &c in &aggregate.commands {
                if cat.accepting_states(c).iter().any(|s| after.contains(s)) {
                    from_event[i].push(c);
                }
            }
        }
        let entry = (0..cat.commands.len())
            .map(CommandId::new)
            .filter(|&c| {
                let command = cat.command(c);
                let initial = cat.aggregate(command.aggregate).initial.map(|(s, _)| s);
                let starts = initial.is_some_and(|s| cat.accepting_states(c).contains(&s));
                starts && (command.external || !sent[c.index()])
            })
            .collect();
        for list in &mut from_command {
            list.sort();
            list.dedup();
        }
        for list in &mut from_event {
            list.sort();
            list.dedup();
        }
        Causes {
            from_command,
            from_event,
            entry,
        }
    }

    /// Events of `stops` that can happen with none of `stops` before them: reached from an
    /// entry command (one that starts its aggregate and that nothing else sends) without
    /// passing an event of `stops`.
    pub fn first_of(&self, stops: &[EventId]) -> Vec<EventId> {
        self.reached(self.entry.iter().copied(), stops)
    }

    /// Events of `stops` that can follow `e` with none of `stops` between them.
    pub fn next_of(&self, e: EventId, stops: &[EventId]) -> Vec<EventId> {
        self.reached(self.from_event[e.index()].iter().copied(), stops)
    }

    fn reached(&self, start: impl Iterator<Item = CommandId>, stops: &[EventId]) -> Vec<EventId> {
        let mut seen_c = vec![false; self.from_command.len()];
        let mut seen_e = vec![false; self.from_event.len()];
        let mut queue: VecDeque<CommandId> = start.collect();
        let mut out = Vec::new();
        while let Some(c) = queue.pop_front() {
            if std::mem::replace(&mut seen_c[c.index()], true) {
                continue;
            }
            for &e in &self.from_command[c.index()] {
                if std::mem::replace(&mut seen_e[e.index()], true) {
                    continue;
                }
                if stops.contains(&e) {
                    out.push(e);
                    continue;
                }
                queue.extend(self.from_event[e.index()].iter().copied());
            }
        }
        out.sort();
        out
    }
}
