//! Projections in the simulator. Every event a run records goes through the catalog's
//! projections keyed by the saga's correlation field, so a run ends with the row each one
//! shows for the saga. Payloads are the scenario's start payload for the start event and, for
//! the others, a sample of the event's latest schema (every field) with the correlation
//! field set: a row's values are then fixed per event, and a run's row is a list of indexes
//! into a table of values, small enough to be part of the explorer's state.

use crate::model::{Catalog, EventId, ProjectionId, SagaId};
use crate::upcast::Upcaster;
use serde_json::{Map, Value};

/// Every view's row, one block each: a first slot that is 1 when the row exists, then each
/// field as an index into [`Views::values`] (0 is `null`).
pub type Rows = smallvec::SmallVec<[u16; 12]>;

#[derive(Debug)]
struct Handler {
    delete: bool,
    set: Vec<(u16, u16)>,
}

/// One projection, ready to run on recorded events.
#[derive(Debug)]
pub struct View {
    /// The projection.
    pub projection: ProjectionId,
    /// Its name.
    pub name: String,
    /// Its fields: name and whether it may be null.
    pub fields: Vec<(String, bool)>,
    handlers: Vec<Option<Handler>>,
}

/// The projections a saga's runs feed.
#[derive(Debug)]
pub struct Views {
    /// Projections keyed by the saga's correlation field.
    pub list: Vec<View>,
    /// Every value a handler writes; index 0 is `null`.
    pub values: Vec<Value>,
    /// The row key: the saga's correlation value.
    pub key: String,
    /// Where each view's block starts in [`Rows`].
    offsets: Vec<usize>,
}

impl Views {
    /// Prepares the projections keyed by the saga's correlation field.
    pub fn new(cat: &Catalog, saga: SagaId, key: &str, start: Option<&Value>) -> Self {
        let s = &cat.sagas[saga.index()];
        let correlation = &s.correlation.text;
        let up = Upcaster::new();
        let mut values = vec![Value::Null];
        let mut list = Vec::new();
        for (i, p) in cat.projections.iter().enumerate() {
            if &p.key.text != correlation {
                continue;
            }
            let fields: Vec<(String, bool)> = p
                .fields
                .iter()
                .map(|f| (f.name.text.clone(), f.nullable || f.ty == "null"))
                .collect();
            let mut handlers: Vec<Option<Handler>> = (0..cat.events.len()).map(|_| None).collect();
            for h in &p.handlers {
                let payload = payload(
                    cat,
                    h.event,
                    s.start.map(|(e, _)| e),
                    start,
                    correlation,
                    key,
                );
                let mut set = Vec::new();
                for (field, expr) in &h.set {
                    let Some(f) = fields.iter().position(|(n, _)| *n == field.text) else {
                        continue;
                    };
                    let value = up.eval(&expr.text, &payload).unwrap_or(Value::Null);
                    let index = match values.iter().position(|v| *v == value) {
                        Some(i) => i,
                        None => {
                            values.push(value);
                            values.len() - 1
                        }
                    };
                    set.push((f as u16, index as u16));
                }
                handlers[h.event.index()] = Some(Handler {
                    delete: h.delete,
                    set,
                });
            }
            list.push(View {
                projection: ProjectionId::new(i),
                name: p.name.text.clone(),
                fields,
                handlers,
            });
        }
        let mut offsets = Vec::with_capacity(list.len());
        let mut at = 0;
        for view in &list {
            offsets.push(at);
            at += 1 + view.fields.len();
        }
        Self {
            list,
            values,
            key: key.to_string(),
            offsets,
        }
    }

    /// Rows before any event: none.
    pub fn empty(&self) -> Rows {
        let len = self.list.last().map_or(0, |v| 1 + v.fields.len())
            + self.offsets.last().copied().unwrap_or(0);
        smallvec::smallvec![0; len]
    }

    fn block<'r>(&self, view: usize, rows: &'r [u16]) -> Option<&'r [u16]> {
        let at = self.offsets[view];
        let block = &rows[at..at + 1 + self.list[view].fields.len()];
        (block[0] == 1).then_some(&block[1..])
    }

    /// Applies a recorded event to the rows.
    pub fn apply(&self, rows: &mut Rows, event: EventId) {
        for (view, &at) in self.list.iter().zip(&self.offsets) {
            let Some(h) = &view.handlers[event.index()] else {
                continue;
            };
            let block = &mut rows[at..at + 1 + view.fields.len()];
            if h.delete {
                block.fill(0);
                continue;
            }
            block[0] = 1;
            for &(f, v) in &h.set {
                block[1 + f as usize] = v;
            }
        }
    }

    /// True when the view's row differs between two runs.
    pub fn differs(&self, view: usize, a: &[u16], b: &[u16]) -> bool {
        let at = self.offsets[view];
        let end = at + 1 + self.list[view].fields.len();
        a[at..end] != b[at..end]
    }

    /// Each row that ends with `null` in a field not declared nullable: the projection and the
    /// fields.
    pub fn nulls(&self, rows: &[u16]) -> Vec<(String, Vec<String>)> {
        self.list
            .iter()
            .enumerate()
            .filter_map(|(i, view)| {
                let row = self.block(i, rows)?;
                let missing: Vec<String> = view
                    .fields
                    .iter()
                    .zip(row.iter())
                    .filter(|((_, nullable), v)| !nullable && **v == 0)
                    .map(|((name, _), _)| name.clone())
                    .collect();
                (!missing.is_empty()).then(|| (view.name.clone(), missing))
            })
            .collect()
    }

    /// A row as JSON, `None` when there is none.
    pub fn json(&self, view: usize, rows: &[u16]) -> Option<Map<String, Value>> {
        let row = self.block(view, rows)?;
        Some(
            self.list[view]
                .fields
                .iter()
                .zip(row.iter())
                .map(|((name, _), &v)| (name.clone(), self.values[v as usize].clone()))
                .collect(),
        )
    }
}

/// The payload an event carries in a run: the given start payload for the start event, else a
/// sample of its latest schema with every field, the correlation field set to the key.
fn payload(
    cat: &Catalog,
    event: EventId,
    start_event: Option<EventId>,
    start: Option<&Value>,
    correlation: &str,
    key: &str,
) -> Map<String, Value> {
    if Some(event) == start_event
        && let Some(Value::Object(map)) = start
    {
        return map.clone();
    }
    let sample = cat
        .event(event)
        .latest()
        .and_then(|v| v.schema.as_ref())
        .and_then(|s| match crate::compat::synth::full(&s.value()) {
            Some(Value::Object(m)) => Some(m),
            _ => None,
        });
    let mut map = sample.unwrap_or_default();
    map.insert(correlation.to_string(), Value::String(key.to_string()));
    map
}
