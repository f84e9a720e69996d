//! Rows from PostgreSQL, through a server-side cursor in a read-only transaction: memory holds
//! one batch of rows whatever the table's size. Each cell comes as JSON text the server
//! renders (`to_json`), so timestamps, numbers and `json`/`jsonb` payloads keep their meaning.

use super::columns::{Plan, quote, quote_table};
use super::pgpass;
use super::{Cell, Column, DEFAULT_TABLE, Defaulted, Read, StoreOptions, compose, defaulted_note};
use crate::model::envelope as field;
use crate::replay::{Replay, RowPlace};
use postgres::config::{Host, SslMode};
use postgres::types::{ToSql, Type};
use postgres::{Config, NoTls};
use std::time::Duration;

/// Rows fetched from the cursor at a time.
const BATCH: i32 = 2_000;

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
                json: matches!(ty, Type::JSON | Type::JSONB),
                type_name: format!("{}.{}", quote(ty.schema()), quote(ty.name())),
            };
            (column, ty)
        })
        .collect();
    let described: Vec<Column> = columns.iter().map(|(c, _)| c.clone()).collect();
    let plan = Plan::new(&described, fields, options)?;
    let sql = query(&plan, &columns, table);
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
    let mut line = String::new();
    let mut defaulted = 0u64;
    'rows: loop {
        let rows = tx
            .query_portal(&portal, BATCH)
            .map_err(|e| format!("reading the table `{table}` failed: {}", said(&e)))?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let cells: Vec<Option<&str>> = (0..plan.select.len())
                .map(|i| row.try_get(i))
                .collect::<Result<_, _>>()
                .map_err(|e| format!("reading the table `{table}` failed: {e}"))?;
            let cell = |i: usize| cells[i].map_or(Cell::Null, Cell::Json);
            if compose(&plan, cell, &mut line) == Defaulted::Yes {
                defaulted += 1;
            }
            let place = RowPlace {
                event_id: plan.event_id.and_then(|i| cells[i]).map(unquote),
                position: plan.position.and_then(|i| cells[i]).map(unquote),
            };
            replay.row(&line, place);
            if replay.stopped() {
                break 'rows;
            }
        }
    }
    let mut notes = plan.notes.clone();
    notes.extend(defaulted_note(defaulted, &plan));
    Ok(Read {
        notes,
        order: plan
            .order
            .iter()
            .map(|&i| columns[i].0.name.clone())
            .collect(),
    })
}

/// The query: each selected column as JSON text, the filters as bound parameters cast to the
/// column's type, and the ordering.
fn query(plan: &Plan, columns: &[(Column, Type)], table: &str) -> String {
    let payloads: Vec<usize> = plan
        .fields
        .iter()
        .filter(|f| f.name == field::DATA || f.name == field::METADATA)
        .filter_map(|f| match f.source {
            super::columns::Source::Column(i) | super::columns::Source::MetadataVersion(i) => {
                Some(plan.select[i])
            }
            super::columns::Source::One => None,
        })
        .collect();
    let select: Vec<String> = plan
        .select
        .iter()
        .map(|&i| {
            let (c, ty) = &columns[i];
            let q = quote(&c.name);
            if c.json {
                format!("{q}::text")
            } else if payloads.contains(&i)
                && matches!(*ty, Type::TEXT | Type::VARCHAR | Type::BPCHAR)
            {
                // A payload kept as text is written as it is: if it is not JSON, the line is
                // malformed and the finding says so.
                format!("{q}::text")
            } else {
                format!("to_json({q})::text")
            }
        })
        .collect();
    let mut sql = format!("SELECT {} FROM {}", select.join(", "), quote_table(table));
    for (n, (c, op, _)) in plan.filters.iter().enumerate() {
        let (column, _) = &columns[*c];
        sql.push_str(if n == 0 { " WHERE " } else { " AND " });
        sql.push_str(&format!(
            "{} {} CAST(${}::text AS {})",
            quote(&column.name),
            op.sql(),
            n + 1,
            column.type_name
        ));
    }
    let order: Vec<String> = plan
        .order
        .iter()
        .map(|&i| quote(&columns[i].0.name))
        .collect();
    sql.push_str(&format!(" ORDER BY {}", order.join(", ")));
    sql
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

/// A JSON string's text, for naming a row; other JSON as written.
fn unquote(json: &str) -> String {
    match serde_json::from_str::<String>(json) {
        Ok(s) => s,
        Err(_) => json.to_string(),
    }
}
