//! Rows from an SQLite file, opened read-only and stepped one row at a time. Payload columns
//! (`data`, `metadata`) hold JSON text and are written as they are; other text becomes a JSON
//! string, and numbers stay numbers.

use super::columns::{Plan, quote, quote_table};
use super::{Cell, Column, DEFAULT_TABLE, Defaulted, Read, StoreOptions, compose};
use crate::replay::{Replay, RowPlace};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

pub(super) fn read(
    replay: &mut Replay<'_>,
    path: &Path,
    options: &StoreOptions,
    fields: &[String],
) -> Result<Read, String> {
    let shown = path.display();
    // A FIFO or a device would block or mislead SQLite: only a regular file is opened.
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => {
            return Err(format!(
                "`{shown}` is not a regular file; give an SQLite database file"
            ));
        }
        Err(e) => return Err(format!("cannot open `{shown}`: {e}")),
    }
    let db = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| format!("cannot open `{shown}` as an SQLite database: {e}"))?;
    let table = if options.table.is_empty() {
        DEFAULT_TABLE
    } else {
        &options.table
    };
    let described: Vec<Column> = {
        let probe = db
            .prepare(&format!("SELECT * FROM {} LIMIT 0", quote_table(table)))
            .map_err(|e| format!("cannot read the table `{table}` in `{shown}`: {e}"))?;
        probe
            .column_names()
            .map(|n| Column {
                name: n.to_string(),
                type_name: String::new(),
            })
            .collect()
    };
    let plan = Plan::new(&described, fields, options)?;
    let payloads = plan.payload_cells();
    let mut sql = format!(
        "SELECT {} FROM {} AS e",
        plan.select
            .iter()
            .map(|&i| format!("e.{}", quote(&described[i].name)))
            .collect::<Vec<_>>()
            .join(", "),
        quote_table(table)
    );
    for (n, (c, op, _)) in plan.filters.iter().enumerate() {
        sql.push_str(if n == 0 { " WHERE " } else { " AND " });
        sql.push_str(&format!(
            "e.{} {} ?{}",
            quote(&described[*c].name),
            op.sql(),
            n + 1
        ));
    }
    let order: Vec<String> = plan
        .order
        .iter()
        .map(|&i| format!("e.{}", quote(&described[i].name)))
        .collect();
    sql.push_str(&format!(" ORDER BY {}", order.join(", ")));
    let mut statement = db
        .prepare(&sql)
        .map_err(|e| format!("cannot query the table `{table}` in `{shown}`: {e}"))?;
    let params: Vec<&dyn rusqlite::ToSql> = plan
        .filters
        .iter()
        .map(|(_, _, v)| v as &dyn rusqlite::ToSql)
        .collect();
    let mut rows = statement
        .query(params.as_slice())
        .map_err(|e| format!("cannot query the table `{table}` in `{shown}`: {e}"))?;
    let mut line = String::new();
    let mut numbers: Vec<String> = vec![String::new(); plan.select.len()];
    let mut defaulted = 0u64;
    let failed =
        |e: rusqlite::Error| format!("reading the table `{table}` in `{shown}` failed: {e}");
    while let Some(row) = rows.next().map_err(failed)? {
        let values: Vec<ValueRef<'_>> = (0..plan.select.len())
            .map(|i| row.get_ref(i))
            .collect::<Result<_, _>>()
            .map_err(failed)?;
        for (i, v) in values.iter().enumerate() {
            numbers[i].clear();
            match v {
                ValueRef::Integer(n) => numbers[i].push_str(&n.to_string()),
                ValueRef::Real(x) => numbers[i].push_str(
                    &serde_json::Number::from_f64(*x).map_or("null".to_string(), |n| n.to_string()),
                ),
                _ => {}
            }
        }
        let cell = |i: usize| match values[i] {
            ValueRef::Null => Cell::Null,
            ValueRef::Integer(_) | ValueRef::Real(_) => Cell::Json(&numbers[i]),
            ValueRef::Text(t) | ValueRef::Blob(t) => match std::str::from_utf8(t) {
                Ok(text) if payloads.contains(&i) => Cell::Json(text),
                Ok(text) => Cell::Text(text),
                // Not UTF-8: the line says so as `invalid-utf8` would for a file.
                Err(_) => Cell::Json("\u{FFFD}"),
            },
        };
        if compose(&plan, cell, &mut line) == Defaulted::Yes {
            defaulted += 1;
        }
        let text = |i: Option<usize>| {
            i.and_then(|i| match values[i] {
                ValueRef::Null => None,
                ValueRef::Integer(_) | ValueRef::Real(_) => Some(numbers[i].as_str()),
                ValueRef::Text(t) | ValueRef::Blob(t) => std::str::from_utf8(t).ok(),
            })
        };
        let place = RowPlace {
            event_id: text(plan.event_id),
            position: text(plan.position),
        };
        replay.row(&line, place);
        if replay.stopped() {
            break;
        }
    }
    Ok(Read::new(&plan, defaulted, &described))
}
