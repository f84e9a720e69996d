//! Rows from PostgreSQL, through a server-side cursor in a read-only transaction: memory holds
//! a few batches of rows whatever the table's size. Each cell comes as text and is written by
//! its type: strings quoted, numbers and `json`/`jsonb` as they are, and timestamps and other
//! types as the server renders them in JSON (`to_json`), so they keep their meaning.

use super::columns::{Plan, quote, quote_table};
use super::pgpass;
use super::{Cell, Column, DEFAULT_TABLE, Defaulted, Read, StoreOptions, compose};
use crate::replay::{Replay, RowPlace};
use postgres::config::{Host, SslMode};
use postgres::types::{ToSql, Type};
use postgres::{Config, NoTls};
use std::time::Duration;

/// Rows fetched from the cursor at a time: as many as fit in [`BATCH_BYTES`] at the sizes seen
/// so far, between these bounds. Few large fetches keep the server busy; the byte budget keeps
/// memory bounded when rows are large.
const BATCH_ROWS: (usize, usize) = (16, 10_000);
/// About how many bytes of rows one fetch holds; at most four are in memory at once.
const BATCH_BYTES: usize = 8 << 20;

/// A cell's size, read without decoding it.
struct Size(usize);

impl<'a> postgres::types::FromSql<'a> for Size {
    fn from_sql(_: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Size(raw.len()))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// The next fetch's row count, from the last fetch's rows.
fn next_batch(rows: &[postgres::Row]) -> i32 {
    let bytes: usize = rows
        .iter()
        .map(|r| {
            (0..r.len())
                .map(|i| {
                    r.try_get::<_, Option<Size>>(i)
                        .ok()
                        .flatten()
                        .map_or(0, |s| s.0)
                })
                .sum::<usize>()
                + 64
        })
        .sum();
    let per_row = bytes / rows.len().max(1);
    (BATCH_BYTES / per_row.max(1)).clamp(BATCH_ROWS.0, BATCH_ROWS.1) as i32
}

pub(super) fn read(
    replay: &mut Replay<'_>,
    url: &str,
    options: &StoreOptions,
    fields: &[String],
) -> Result<Read, String> {
    let mut config: Config = url
        .parse()
        .map_err(|e| format!("cannot read the PostgreSQL URL: {e}"))?;
    complete(&mut config);
    if config.get_ssl_mode() == SslMode::Require {
        return Err("the URL asks for `sslmode=require`, but eventctl connects without TLS; use `sslmode=disable` or `prefer` through a trusted network or a tunnel".into());
    }
    config.connect_timeout(Duration::from_secs(15));
    let mut client = config
        .connect(NoTls)
        .map_err(|e| format!("cannot connect: {}", said(&e)))?;
    let table = if options.table.is_empty() {
        DEFAULT_TABLE
    } else {
        &options.table
    };
    let mut tx = client
        .build_transaction()
        .read_only(true)
        .start()
        .map_err(|e| format!("cannot start a read-only transaction: {}", said(&e)))?;
    let probe = tx
        .prepare(&format!("SELECT * FROM {} LIMIT 0", quote_table(table)))
        .map_err(|e| format!("cannot read the table `{table}`: {}", said(&e)))?;
    let columns: Vec<(Column, Type)> = probe
        .columns()
        .iter()
        .map(|c| {
            let ty = c.type_().clone();
            let column = Column {
                name: c.name().to_string(),
                type_name: format!("{}.{}", quote(ty.schema()), quote(ty.name())),
            };
            (column, ty)
        })
        .collect();
    let described: Vec<Column> = columns.iter().map(|(c, _)| c.clone()).collect();
    let plan = Plan::new(&described, fields, options)?;
    let (sql, renders) = query(&plan, &columns, table);
    let statement = tx
        .prepare(&sql)
        .map_err(|e| format!("cannot query the table `{table}`: {}", said(&e)))?;
    let params: Vec<&(dyn ToSql + Sync)> = plan
        .filters
        .iter()
        .map(|(_, _, v)| v as &(dyn ToSql + Sync))
        .collect();
    let portal = tx
        .bind(&statement, &params)
        .map_err(|e| format!("cannot query the table `{table}`: {}", said(&e)))?;
    // One thread fetches the next batch while this one replays the last: the server and the
    // replay work at once. Two batches wait at most.
    let (send, batches) = std::sync::mpsc::sync_channel::<Result<Vec<postgres::Row>, String>>(2);
    let mut defaulted = 0u64;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut batch = BATCH_ROWS.0 as i32;
            loop {
                let rows = tx
                    .query_portal(&portal, batch)
                    .map_err(|e| format!("reading the table `{table}` failed: {}", said(&e)));
                if let Ok(rows) = &rows {
                    batch = next_batch(rows);
                }
                let done = rows.as_ref().map_or(true, Vec::is_empty);
                if send.send(rows).is_err() || done {
                    break;
                }
            }
        });
        // The receiver is this closure's own: when the replay stops early, dropping it ends
        // the fetching thread's next send, so the scope's join never waits on a full channel.
        let batches = batches;
        let mut line = String::new();
        for rows in batches.iter() {
            let rows = rows?;
            let mut cells: Vec<Option<&str>> = Vec::with_capacity(plan.select.len());
            for row in &rows {
                cells.clear();
                for i in 0..plan.select.len() {
                    cells.push(
                        row.try_get(i)
                            .map_err(|e| format!("reading the table `{table}` failed: {e}"))?,
                    );
                }
                let cell = |i: usize| match cells[i] {
                    None => Cell::Null,
                    Some(text) => renders[i].cell(text),
                };
                if compose(&plan, cell, &mut line) == Defaulted::Yes {
                    defaulted += 1;
                }
                let place = RowPlace {
                    event_id: plan.event_id.and_then(|i| cells[i]),
                    position: plan.position.and_then(|i| cells[i]),
                };
                replay.row(&line, place);
                if replay.stopped() {
                    // Dropping the receiver ends the fetching thread.
                    return Ok(());
                }
            }
        }
        Ok::<(), String>(())
    })?;
    Ok(Read::new(&plan, defaulted, &described))
}

/// How a column's text is written into the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Render {
    /// A string (`text`, `varchar`, `uuid`, …).
    Text,
    /// JSON already: a number, a `json`/`jsonb` document, a payload kept as text, or the
    /// server's `to_json` rendering of any other type.
    Json,
    /// A boolean, which PostgreSQL writes `t` or `f`.
    Bool,
}

impl Render {
    fn of(ty: &Type, payload: bool) -> (Render, bool) {
        match *ty {
            Type::JSON | Type::JSONB => (Render::Json, false),
            // A payload kept as text is written as it is: if it is not JSON, the line is
            // malformed and the finding says so.
            Type::TEXT | Type::VARCHAR | Type::BPCHAR if payload => (Render::Json, false),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UUID => {
                (Render::Text, false)
            }
            Type::INT2 | Type::INT4 | Type::INT8 | Type::OID => (Render::Json, false),
            Type::BOOL => (Render::Bool, false),
            // Timestamps, floats (NaN), numerics and the rest: the server renders them.
            _ => (Render::Json, true),
        }
    }

    fn cell(self, text: &str) -> Cell<'_> {
        match self {
            Render::Text => Cell::Text(text),
            Render::Json => Cell::Json(text),
            Render::Bool if text == "t" => Cell::Json("true"),
            Render::Bool => Cell::Json("false"),
        }
    }
}

/// The query: each selected column as text, the filters as bound parameters cast to the
/// column's type, and the ordering; with how each column's text is written.
fn query(plan: &Plan, columns: &[(Column, Type)], table: &str) -> (String, Vec<Render>) {
    let payloads: Vec<usize> = plan
        .payload_cells()
        .iter()
        .map(|&i| plan.select[i])
        .collect();
    let mut renders = Vec::new();
    let select: Vec<String> = plan
        .select
        .iter()
        .map(|&i| {
            let (c, ty) = &columns[i];
            let q = format!("e.{}", quote(&c.name));
            let (render, by_server) = Render::of(ty, payloads.contains(&i));
            renders.push(render);
            match by_server {
                true => format!("to_json({q})::text"),
                false => format!("{q}::text"),
            }
        })
        .collect();
    // Columns are named through the table's alias: an ORDER BY of a bare name would sort by
    // the selected text of that name instead.
    let mut sql = format!(
        "SELECT {} FROM {} AS e",
        select.join(", "),
        quote_table(table)
    );
    for (n, (c, op, _)) in plan.filters.iter().enumerate() {
        let (column, _) = &columns[*c];
        sql.push_str(if n == 0 { " WHERE " } else { " AND " });
        sql.push_str(&format!(
            "e.{} {} CAST(${}::text AS {})",
            quote(&column.name),
            op.sql(),
            n + 1,
            column.type_name
        ));
    }
    let order: Vec<String> = plan
        .order
        .iter()
        .map(|&i| format!("e.{}", quote(&columns[i].0.name)))
        .collect();
    sql.push_str(&format!(" ORDER BY {}", order.join(", ")));
    (sql, renders)
}

/// Fills in what libpq would: the user from `PGUSER` or the login, the host from `PGHOST` or
/// the local socket, the port from `PGPORT`, and the password from `PGPASSWORD` or the
/// password file.
fn complete(config: &mut Config) {
    if config.get_user().is_none()
        && let Some(user) = std::env::var("PGUSER")
            .or_else(|_| std::env::var("USER"))
            .ok()
    {
        config.user(&user);
    }
    if config.get_hosts().is_empty() {
        match std::env::var("PGHOST") {
            Ok(h) => config.host(&h),
            Err(_) if std::path::Path::new("/var/run/postgresql").is_dir() => {
                config.host_path("/var/run/postgresql")
            }
            Err(_) => config.host("localhost"),
        };
    }
    if config.get_ports().is_empty()
        && let Some(port) = std::env::var("PGPORT").ok().and_then(|p| p.parse().ok())
    {
        config.port(port);
    }
    if config.get_password().is_none() {
        let user = config.get_user().unwrap_or_default().to_string();
        let host = match config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            _ => "localhost".to_string(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let database = config.get_dbname().unwrap_or(&user).to_string();
        let target = pgpass::Target {
            host: &host,
            port,
            database: &database,
            user: &user,
        };
        if let Some(password) = pgpass::find(target) {
            config.password(password);
        }
    }
}

/// What the server or the connection said, with the hint when there is one.
fn said(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return match db.hint() {
            Some(h) => format!("{} ({h})", db.message()),
            None => db.message().to_string(),
        };
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}
