//! What replay needs of the catalog, prepared once: events by name, compiled upcast chains,
//! the states each event may be recorded in, and payload validators compiled on first use.

use crate::model::{AggregateId, Catalog, EventId, StateId};
use crate::upcast::{CompiledOp, UpcastError, Upcaster, run};
use serde_json::Value;

/// One event, ready to replay.
pub struct EventPlan<'a> {
    /// `Context.Event`.
    pub name: String,
    /// The aggregate that records it.
    pub aggregate: AggregateId,
    /// The latest version number.
    pub latest: u64,
    /// `steps[i]` upcasts version `i + 1` to `i + 2`.
    steps: Vec<Vec<CompiledOp<'a>>>,
    /// States the event may be recorded in; `None`: any state that is not final.
    pub legal_from: Option<Vec<StateId>>,
    /// The state after it.
    pub to: Option<StateId>,
}

impl EventPlan<'_> {
    /// Upcasts a payload of `version` to the latest version.
    pub fn upcast(&self, version: u64, payload: &mut Value) -> Result<(), (u64, UpcastError)> {
        for (i, step) in self.steps.iter().enumerate().skip(version as usize - 1) {
            run(step, payload).map_err(|e| (i as u64 + 2, e))?;
        }
        Ok(())
    }
}

/// The catalog, prepared for replay.
pub struct Plan<'a> {
    /// Per event, indexed by [`EventId`].
    pub events: Vec<EventPlan<'a>>,
    by_name: foldhash::HashMap<String, Vec<EventId>>,
}

/// Why an `event_type` names no single event.
pub enum Lookup {
    /// No event has this name.
    Unknown,
    /// Several do, and `aggregate_type` does not tell them apart.
    Ambiguous(Vec<String>),
}

impl<'a> Plan<'a> {
    /// Prepares every event of the catalog.
    pub fn new(cat: &'a Catalog, up: &'a Upcaster) -> Result<Self, String> {
        let mut events = Vec::with_capacity(cat.events.len());
        let mut by_name: foldhash::HashMap<String, Vec<EventId>> = foldhash::HashMap::default();
        for (i, e) in cat.events.iter().enumerate() {
            let id = EventId::new(i);
            let name = cat.event_name(id);
            by_name.entry(name.clone()).or_default().push(id);
            by_name.entry(e.name.text.clone()).or_default().push(id);
            let mut versions: Vec<_> = e.versions.iter().collect();
            versions.sort_by_key(|v| v.number);
            let steps = versions
                .iter()
                .skip(1)
                .map(|v| {
                    up.compile(&v.upcast)
                        .map_err(|err| format!("`{name}` v{} upcast: {err}", v.number))
                })
                .collect::<Result<_, _>>()?;
            events.push(EventPlan {
                name,
                aggregate: e.aggregate,
                latest: versions.last().map_or(0, |v| v.number),
                steps,
                legal_from: legal_from(cat, id),
                to: e.to.map(|(s, _)| s),
            });
        }
        Ok(Self { events, by_name })
    }

    /// The event an envelope names, told apart by `aggregate_type` when needed.
    pub fn lookup(
        &self,
        cat: &Catalog,
        event_type: &str,
        aggregate_type: Option<&str>,
    ) -> Result<EventId, Lookup> {
        let Some(hits) = self.by_name.get(event_type) else {
            return Err(Lookup::Unknown);
        };
        if let [one] = hits.as_slice() {
            return Ok(*one);
        }
        let narrowed: Vec<EventId> = hits
            .iter()
            .copied()
            .filter(|&e| {
                aggregate_type
                    .is_some_and(|a| aggregate_matches(cat, self.events[e.index()].aggregate, a))
            })
            .collect();
        match narrowed.as_slice() {
            [one] => Ok(*one),
            _ => Err(Lookup::Ambiguous(
                hits.iter()
                    .map(|&e| self.events[e.index()].name.clone())
                    .collect(),
            )),
        }
    }
}

/// True when an envelope's `aggregate_type` names this aggregate, as `Aggregate` or
/// `Context.Aggregate`.
pub fn aggregate_matches(cat: &Catalog, id: AggregateId, written: &str) -> bool {
    let a = cat.aggregate(id);
    written == a.name.text
        || written
            .split_once('.')
            .is_some_and(|(c, n)| n == a.name.text && c == cat.context(a.context).name.text)
}

/// The states in which some command that records the event is accepted.
fn legal_from(cat: &Catalog, event: EventId) -> Option<Vec<StateId>> {
    let recorders: Vec<_> = cat
        .commands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.emits.iter().chain(&c.fails).any(|(e, _)| *e == event))
        .map(|(i, _)| crate::model::CommandId::new(i))
        .collect();
    if recorders.is_empty() {
        return None;
    }
    let mut states: Vec<StateId> = recorders
        .into_iter()
        .flat_map(|c| cat.recording_states(c))
        .collect();
    states.sort();
    states.dedup();
    Some(states)
}
