//! The aggregate instances seen in a log: state, last stream position and last time of each.
//! This is what replay's memory grows with.

use crate::model::{AggregateId, StateId};

/// What replay remembers of one aggregate instance.
#[derive(Debug, Clone, Copy)]
pub struct Instance {
    /// Lifecycle state; `None` when the aggregate declares no initial state and no event yet
    /// set one.
    pub state: Option<StateId>,
    /// The last `aggregate_version`.
    pub sequence: Option<u64>,
    /// The last `occurred_at`.
    pub at: Option<jiff::Timestamp>,
    /// Hashes of the two latest event ids (0: none), to tell a repeated event.
    pub recent: [u64; 2],
    /// An event of the instance was read.
    pub started: bool,
}

/// Instances per aggregate, by id.
#[derive(Default)]
pub struct Instances {
    maps: Vec<foldhash::HashMap<Box<str>, Instance>>,
}

impl Instances {
    /// The instance, created in `initial` on first sight.
    pub fn get(
        &mut self,
        aggregate: AggregateId,
        id: &str,
        initial: Option<StateId>,
    ) -> &mut Instance {
        let index = aggregate.index();
        if self.maps.len() <= index {
            self.maps.resize_with(index + 1, foldhash::HashMap::default);
        }
        let map = &mut self.maps[index];
        if !map.contains_key(id) {
            map.insert(
                id.into(),
                Instance {
                    state: initial,
                    sequence: None,
                    at: None,
                    recent: [0; 2],
                    started: false,
                },
            );
        }
        map.get_mut(id).expect("inserted above")
    }

    /// How many instances were seen.
    pub fn len(&self) -> u64 {
        self.maps.iter().map(|m| m.len() as u64).sum()
    }
}
