//! Projections rebuilt in memory from the upcast payloads, and written as JSON lines at the end.

use crate::model::{Catalog, EventId, ProjectionId};
use crate::upcast::Upcaster;
use crate::upcast::expression::Expr;
use serde_json::{Map, Value};
use std::io::{self, Write};

struct Handler<'a> {
    set: Vec<(usize, Expr<'a>)>,
    delete: bool,
}

struct Field {
    name: String,
    ty: String,
    nullable: bool,
}

/// One projection's rows, keyed by the key field's value.
pub struct Rows<'a> {
    name: String,
    key: String,
    fields: Vec<Field>,
    handlers: foldhash::HashMap<EventId, Handler<'a>>,
    /// Each row's values, and the lines that created it and last changed it.
    rows: foldhash::HashMap<Box<str>, (Vec<Value>, [u64; 2])>,
}

/// Why an event could not be applied to a projection.
pub enum RowError {
    /// The payload has no usable key.
    Key(String),
    /// An expression failed or gave the wrong type.
    Value(String),
}

impl<'a> Rows<'a> {
    /// An empty projection, its expressions compiled.
    pub fn new(cat: &Catalog, id: ProjectionId, up: &'a Upcaster) -> Result<Self, String> {
        let p = &cat.projections[id.index()];
        let fields: Vec<Field> = p
            .fields
            .iter()
            .map(|f| Field {
                name: f.name.text.clone(),
                ty: f.ty.clone(),
                nullable: f.nullable,
            })
            .collect();
        let mut handlers = foldhash::HashMap::default();
        for h in &p.handlers {
            let mut set = Vec::new();
            for (field, expr) in &h.set {
                let Some(index) = fields.iter().position(|f| f.name == field.text) else {
                    continue;
                };
                let compiled = up.expression(&expr.text).map_err(|e| {
                    format!(
                        "`{}.{}` expression `{}`: {e}",
                        p.name.text, field.text, expr.text
                    )
                })?;
                set.push((index, compiled));
            }
            handlers.insert(
                h.event,
                Handler {
                    set,
                    delete: h.delete,
                },
            );
        }
        Ok(Self {
            name: p.name.text.clone(),
            key: p.key.text.clone(),
            fields,
            handlers,
            rows: foldhash::HashMap::default(),
        })
    }

    /// The projection's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// How many rows it holds.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when it holds no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Applies an event's upcast payload, read at `line`: sets fields of its row (creating it),
    /// or deletes it.
    pub fn apply(
        &mut self,
        event: EventId,
        payload: &Map<String, Value>,
        line: u64,
    ) -> Result<(), RowError> {
        let Some(handler) = self.handlers.get(&event) else {
            return Ok(());
        };
        let number;
        let key: &str = match payload.get(&self.key) {
            Some(Value::String(s)) => s,
            Some(v @ Value::Number(_)) => {
                number = v.to_string();
                &number
            }
            _ => {
                return Err(RowError::Key(format!(
                    "`{}` needs the key `{}` in the payload, as a string or number",
                    self.name, self.key
                )));
            }
        };
        if handler.delete {
            self.rows.remove(key);
            return Ok(());
        }
        let mut values = Vec::with_capacity(handler.set.len());
        for (index, expr) in &handler.set {
            let field = &self.fields[*index];
            let value = expr.eval(payload).map_err(|e| {
                RowError::Value(format!(
                    "`{}.{}` = `{}`: {e}",
                    self.name,
                    field.name,
                    expr.source()
                ))
            })?;
            if !fits(&value, &field.ty, field.nullable) {
                return Err(RowError::Value(format!(
                    "`{}.{}` is declared {}{}, but `{}` gave {value}",
                    self.name,
                    field.name,
                    field.ty,
                    if field.nullable { " or null" } else { "" },
                    expr.source()
                )));
            }
            values.push((*index, value));
        }
        if !self.rows.contains_key(key) {
            self.rows.insert(
                key.into(),
                (vec![Value::Null; self.fields.len()], [line; 2]),
            );
        }
        if let Some((row, lines)) = self.rows.get_mut(key) {
            lines[1] = line;
            for (index, value) in values {
                row[index] = value;
            }
        }
        Ok(())
    }

    /// Rows that end with `null` in a field not declared nullable: the line that last changed
    /// each, and what is wrong, naming the line that created it. A handler that creates a row without setting such a field (an event
    /// that came after the one that deleted the row, say) leaves it so.
    pub fn nulls(&self) -> Vec<(u64, String)> {
        let mut out: Vec<(u64, String)> = self
            .rows
            .iter()
            .filter_map(|(key, (row, [created, last]))| {
                let missing: Vec<&str> = self
                    .fields
                    .iter()
                    .zip(row)
                    .filter(|(f, v)| v.is_null() && !f.nullable && f.ty != "null")
                    .map(|(f, _)| f.name.as_str())
                    .collect();
                (!missing.is_empty()).then(|| {
                    (
                        *last,
                        format!(
                            "`{}` row `{key}` ends with `{}` null, which is not nullable; line {created} created the row without setting it",
                            self.name,
                            missing.join("`, `")
                        ),
                    )
                })
            })
            .collect();
        out.sort();
        out
    }

    /// Writes every row as a JSON line `{"projection", "key", "row"}`, ordered by key.
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let mut keys: Vec<&Box<str>> = self.rows.keys().collect();
        keys.sort();
        for key in keys {
            let mut row = Map::new();
            row.insert(self.key.clone(), Value::String(key.to_string()));
            for (field, value) in self.fields.iter().zip(&self.rows[key].0) {
                row.insert(field.name.clone(), value.clone());
            }
            let line = serde_json::json!({"projection": self.name, "key": key, "row": row});
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// True when a value has the field's declared JSON type.
fn fits(value: &Value, ty: &str, nullable: bool) -> bool {
    match value {
        Value::Null => nullable || ty == "null",
        Value::Bool(_) => ty == "boolean",
        Value::Number(n) => ty == "number" || (ty == "integer" && (n.is_i64() || n.is_u64())),
        Value::String(_) => ty == "string",
        Value::Array(_) => ty == "array",
        Value::Object(_) => ty == "object",
    }
}
