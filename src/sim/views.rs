//! Projections in the simulator. Every event a run records goes through the catalog's
//! projections keyed by the saga's correlation field, so a run ends with the row each one
//! shows for the saga. Payloads are the scenario's start payload for the start event and, for
//! the others, a sample of the event's latest schema (every field) with the correlation
//! field set: a row's values are then fixed per event, and a run's row is a list of indexes
//! into a table of values, small enough to be part of the explorer's state.

use crate::model::{Catalog, EventId, ProjectionId, SagaId};
use crate::upcast::Upcaster;
use serde_json::{Map, Value};

/// A projection's row, as indexes into [`Views::values`] (0 is `null`); `None`: no row.
pub type Row = Option<Box<[u16]>>;

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
        Self {
            list,
            values,
            key: key.to_string(),
        }
    }

    /// Rows before any event: none.
    pub fn empty(&self) -> Vec<Row> {
        vec![None; self.list.len()]
    }

    /// Applies a recorded event to the rows.
    pub fn apply(&self, rows: &mut [Row], event: EventId) {
        for (view, row) in self.list.iter().zip(rows.iter_mut()) {
            let Some(h) = &view.handlers[event.index()] else {
                continue;
            };
            if h.delete {
                *row = None;
                continue;
            }
            let r = row.get_or_insert_with(|| vec![0u16; view.fields.len()].into_boxed_slice());
            for &(f, v) in &h.set {
                r[f as usize] = v;
            }
        }
    }

    /// Each row that ends with `null` in a field not declared nullable: the projection and the
    /// fields.
    pub fn nulls(&self, rows: &[Row]) -> Vec<(String, Vec<String>)> {
        self.list
            .iter()
            .zip(rows)
            .filter_map(|(view, row)| {
                let row = row.as_ref()?;
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
    pub fn json(&self, view: usize, rows: &[Row]) -> Option<Map<String, Value>> {
        let row = rows.get(view)?.as_ref()?;
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
        .and_then(|s| {
            crate::compat::synth::samples(&s.value())
                .into_iter()
                .filter_map(|v| match v {
                    Value::Object(m) => Some(m),
                    _ => None,
                })
                .max_by_key(Map::len)
        });
    let mut map = sample.unwrap_or_default();
    map.insert(correlation.to_string(), Value::String(key.to_string()));
    map
}
