//! Replay straight from an event store table: PostgreSQL (`postgres://…`, read through a
//! server-side cursor) or SQLite (`sqlite:PATH`). Each row becomes the envelope line a file
//! would hold, so every source gets the same checks and the same verdicts
//! (`docs/replay.md#event-stores`).

mod columns;
mod location;
pub mod pgpass;
mod postgres;
mod sqlite;

pub use columns::{Filter, Op};
pub use location::Location;

use super::Replay;
use columns::Plan;

/// How to read the table.
#[derive(Debug, Clone, Default)]
pub struct StoreOptions {
    /// The table, `name` or `schema.name`; `events` when empty.
    pub table: String,
    /// Envelope field → column, for columns not named as their field.
    pub columns: Vec<(String, String)>,
    /// Ordering columns; empty for the default (see [`columns::default_order`]).
    pub order: Vec<String>,
    /// Filters, each with its value bound as a parameter.
    pub filters: Vec<Filter>,
}

/// The default table name.
pub const DEFAULT_TABLE: &str = "events";

/// What a read from a store tells besides the findings.
#[derive(Debug, Default)]
pub struct Read {
    /// Warnings on how the table was read, for people.
    pub notes: Vec<String>,
    /// The ordering used, as column names.
    pub order: Vec<String>,
}

impl Read {
    /// What a read of `plan` tells: its notes, how many rows were read as v1, and the
    /// ordering by name.
    fn new(plan: &Plan, defaulted: u64, columns: &[Column]) -> Read {
        let mut notes = plan.notes.clone();
        notes.extend(defaulted_note(defaulted, plan));
        Read {
            notes,
            order: plan
                .order
                .iter()
                .map(|&i| columns[i].name.clone())
                .collect(),
        }
    }
}

/// A table's columns as the database describes them.
#[derive(Debug, Clone)]
pub struct Column {
    /// The column's name.
    pub name: String,
    /// The database's name for its type, for casting a bound parameter.
    pub type_name: String,
}

/// One cell of a row, as the line is written.
#[derive(Debug, Clone, Copy)]
pub enum Cell<'a> {
    /// SQL `NULL`.
    Null,
    /// Text that is JSON already: a number, a JSON document, a `to_json` rendering.
    Json(&'a str),
    /// Text to write as a JSON string.
    Text(&'a str),
}

/// Reads every row of the table at `location` into `replay`, in order, until the end or, with
/// `fail_fast`, the first finding. Errors never show the location's password.
pub fn read(
    replay: &mut Replay<'_>,
    location: &Location,
    options: &StoreOptions,
) -> Result<Read, String> {
    let fields = replay.field_names();
    let result = match location {
        Location::Postgres(url) => postgres::read(replay, url, options, &fields),
        Location::Sqlite(path) => sqlite::read(replay, path, options, &fields),
    };
    result.map_err(|e| location.redact(&e))
}

/// Writes one row as an envelope line into `line`, from the plan's cells.
fn compose<'c>(plan: &Plan, cell: impl Fn(usize) -> Cell<'c>, line: &mut String) -> Defaulted {
    line.clear();
    line.push('{');
    let mut defaulted = Defaulted::No;
    let mut first = true;
    for f in &plan.fields {
        let value = match f.source {
            columns::Source::Column(i) => cell(i),
            columns::Source::MetadataVersion(i) => match cell(i) {
                Cell::Json(text) | Cell::Text(text) => match schema_version(text) {
                    Some(v) => {
                        push_key(line, &f.name, &mut first);
                        line.push_str(&v);
                        continue;
                    }
                    None => {
                        defaulted = Defaulted::Yes;
                        Cell::Json("1")
                    }
                },
                Cell::Null => {
                    defaulted = Defaulted::Yes;
                    Cell::Json("1")
                }
            },
            columns::Source::One => {
                defaulted = Defaulted::Yes;
                Cell::Json("1")
            }
        };
        push_key(line, &f.name, &mut first);
        match value {
            Cell::Null => line.push_str("null"),
            Cell::Json(text) => line.push_str(text),
            Cell::Text(text) => push_string(line, text),
        }
    }
    line.push('}');
    defaulted
}

/// Whether a row's event version was read as v1 for want of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Defaulted {
    No,
    Yes,
}

fn push_key(line: &mut String, name: &str, first: &mut bool) {
    if !std::mem::take(first) {
        line.push(',');
    }
    push_string(line, name);
    line.push(':');
}

fn push_string(line: &mut String, text: &str) {
    if text.bytes().all(|b| b >= 0x20 && b != b'"' && b != b'\\') {
        line.push('"');
        line.push_str(text);
        line.push('"');
    } else {
        // Writing a `&str` as JSON cannot fail.
        line.push_str(&serde_json::to_string(text).unwrap_or_default());
    }
}

/// `metadata.schema_version` as JSON text, when the metadata holds one.
fn schema_version(metadata: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Meta {
        schema_version: Option<serde_json::Value>,
    }
    let meta: Meta = serde_json::from_str(metadata).ok()?;
    match meta.schema_version? {
        serde_json::Value::Null => None,
        v => Some(v.to_string()),
    }
}

/// The note for rows whose version was read as v1.
fn defaulted_note(rows: u64, plan: &Plan) -> Option<String> {
    if rows == 0 {
        return None;
    }
    Some(match plan.metadata_version {
        true => format!(
            "{rows} rows have no `schema_version` in their metadata and no event-version column: they were read as v1"
        ),
        false => format!(
            "the table has no event-version column and no metadata: all {rows} rows were read as v1; map one with --columns event_version=COLUMN"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_version_is_read_from_metadata() {
        assert_eq!(
            schema_version(r#"{"schema_version": 2}"#).as_deref(),
            Some("2")
        );
        assert_eq!(
            schema_version(r#"{"schema_version": "v3"}"#).as_deref(),
            Some("\"v3\"")
        );
        assert_eq!(schema_version(r#"{"other": 1}"#), None);
        assert_eq!(schema_version("not json"), None);
    }

    #[test]
    fn text_is_escaped_and_json_kept() {
        let mut line = String::new();
        push_string(&mut line, "a\"b\n");
        assert_eq!(line, r#""a\"b\n""#);
    }
}
