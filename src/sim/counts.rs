//! How many times a run recorded each event of its saga, packed two bits an event and capped
//! at three, inline for sagas of up to 64 events: part of the explorer's state, so it is
//! small, cheap to copy and to hash, and makes a looping run return to a state it was in.

use crate::model::{Catalog, EventId, SagaId, SagaStyle};
use smallvec::SmallVec;

/// Counts stop here: "three or more" still tells a double effect from a single one.
pub const CAP: u16 = 3;

/// Recorded-event counts of one run.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Counts(SmallVec<[u64; 2]>);

impl Counts {
    /// Counts one more recording of the event with this local index.
    pub fn add(&mut self, local: usize) {
        let (word, shift) = (local / 32, (local % 32) * 2);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        let n = (self.0[word] >> shift) & 3;
        if n < u64::from(CAP) {
            self.0[word] += 1 << shift;
        }
    }

    /// How many times (up to [`CAP`]) the event with this local index was recorded.
    pub fn get(&self, local: usize) -> u16 {
        self.0
            .get(local / 32)
            .map_or(0, |w| ((w >> ((local % 32) * 2)) & 3) as u16)
    }
}

/// The events a saga's runs can record, numbered from 0: those of every command the saga can
/// send (through triggers, steps, compensations, `on_complete` and `on_abort`), in the order
/// they are found.
pub fn local_events(cat: &Catalog, saga: SagaId) -> (Vec<u16>, Vec<EventId>) {
    let s = &cat.sagas[saga.index()];
    let mut commands = Vec::new();
    let mut events: Vec<EventId> = s.start.iter().map(|(e, _)| *e).collect();
    if s.style == SagaStyle::Orchestration {
        for st in &s.steps {
            commands.extend(std::iter::once(st.command).chain(st.compensation));
        }
        commands.extend(s.on_complete.iter().chain(&s.on_abort).map(|(c, _)| *c));
    }
    let mut local = vec![u16::MAX; cat.events.len()];
    let mut seen_command = vec![false; cat.commands.len()];
    let (mut e, mut c) = (0, 0);
    while e < events.len() || c < commands.len() {
        if let Some(&event) = events.get(e) {
            e += 1;
            if local[event.index()] == u16::MAX {
                local[event.index()] = (e - 1) as u16;
            }
            if s.style == SagaStyle::Choreography {
                commands.extend(cat.event(event).triggers.iter().map(|t| t.command));
            }
            continue;
        }
        let command = commands[c];
        c += 1;
        if std::mem::replace(&mut seen_command[command.index()], true) {
            continue;
        }
        let cmd = cat.command(command);
        commands.extend(cmd.compensated_by.map(|(x, _)| x));
        for &(x, _) in cmd.emits.iter().chain(&cmd.fails) {
            if !events.contains(&x) {
                events.push(x);
            }
        }
    }
    (local, events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pack_two_bits_an_event_and_stop_at_three() {
        let mut c = Counts::default();
        for _ in 0..5 {
            c.add(40);
        }
        c.add(0);
        assert_eq!((c.get(40), c.get(0), c.get(1), c.get(500)), (3, 1, 0, 0));
        let mut d = Counts::default();
        d.add(0);
        assert_ne!(c, d);
    }
}
