//! `replay --from`: the same events in an NDJSON file, an SQLite table and a PostgreSQL table
//! give the same findings and projection rows; the seed's table shape; filters bound, never
//! spliced; passwords never shown; broken stores refused with a clear error.

use crate::pg;
use crate::support::{TempDir, eventctl};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SHOP: &str = "catalog-examples/shop";

/// Columns of the test table, each an envelope field of the same name.
const FIELDS: [&str; 11] = [
    "event_id",
    "event_type",
    "event_version",
    "aggregate_id",
    "aggregate_type",
    "aggregate_version",
    "occurred_at",
    "correlation_id",
    "causation_id",
    "user_id",
    "data",
];

/// A generated shop log's lines that are JSON objects (a table row cannot hold the others).
fn events(dir: &TempDir, n: &str, violations: bool) -> (PathBuf, Vec<Value>) {
    let raw = dir.0.join("raw.ndjson");
    let mut c = Command::new(crate::replay::generator());
    c.args(["--events", n, "--out"]).arg(&raw);
    if violations {
        c.arg("--violations");
    }
    let out = c
        .output()
        .expect("gen_events runs (cargo test builds examples)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&raw).unwrap();
    let mut kept = String::new();
    let mut rows = Vec::new();
    for line in bytes.split(|&b| b == b'\n') {
        let Ok(Value::Object(o)) = serde_json::from_slice::<Value>(line) else {
            continue;
        };
        kept.push_str(std::str::from_utf8(line).unwrap());
        kept.push('\n');
        rows.push(Value::Object(o));
    }
    (dir.write("events.ndjson", kept), rows)
}

/// A field as the text a table stores: strings as they are, other JSON as written.
fn text(e: &Value, field: &str) -> Option<String> {
    match e.get(field)? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn sqlite(path: &Path, rows: &[Value]) {
    let db = rusqlite::Connection::open(path).unwrap();
    // A column's affinity makes the version a number, as the file has it.
    let columns = FIELDS.map(|f| match f {
        "aggregate_version" => format!("{f} INTEGER"),
        _ => format!("{f} TEXT"),
    });
    db.execute_batch(&format!(
        "CREATE TABLE events (position INTEGER PRIMARY KEY, {});",
        columns.join(", ")
    ))
    .unwrap();
    let insert = format!(
        "INSERT INTO events ({}) VALUES ({})",
        FIELDS.join(", "),
        (1..=FIELDS.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let tx = db.unchecked_transaction().unwrap();
    for e in rows {
        let values: Vec<Option<String>> = FIELDS.iter().map(|f| text(e, f)).collect();
        tx.execute(&insert, rusqlite::params_from_iter(values))
            .unwrap();
    }
    tx.commit().unwrap();
}

fn postgres(client: &mut postgres::Client, rows: &[Value]) {
    client
        .batch_execute(
            "CREATE TABLE events (position bigserial PRIMARY KEY, event_id text, event_type text,
             event_version text, aggregate_id text, aggregate_type text, aggregate_version bigint,
             occurred_at text, correlation_id text, causation_id text, user_id text, data json)",
        )
        .unwrap();
    let mut tx = client.transaction().unwrap();
    let insert = tx
        .prepare(&format!(
            "INSERT INTO events ({}) VALUES ($1, $2, $3, $4, $5, $6::text::bigint, $7, $8, $9, $10, $11::text::json)",
            FIELDS.join(", ")
        ))
        .unwrap();
    for e in rows {
        let values: Vec<Option<String>> = FIELDS.iter().map(|f| text(e, f)).collect();
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = values
            .iter()
            .map(|v| v as &(dyn postgres::types::ToSql + Sync))
            .collect();
        tx.execute(&insert, &params).unwrap();
    }
    tx.commit().unwrap();
}

/// Replays `source` (a file, or `--from URL`); returns the JSON report and projection rows.
fn replay(
    dir: &TempDir,
    name: &str,
    source: &[&str],
    env: &[(&str, &str)],
) -> (Output, Value, String) {
    let rows = dir.0.join(format!("{name}.rows"));
    let mut args = vec!["replay", SHOP];
    args.extend(source);
    let rows_arg = rows.to_str().unwrap().to_string();
    args.extend([
        "--format",
        "json",
        "--projection",
        "OrderView",
        "--out",
        &rows_arg,
    ]);
    let out = Command::new(env!("CARGO_BIN_EXE_eventctl"))
        .args(&args)
        .current_dir(crate::support::root())
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    let projected = std::fs::read_to_string(&rows).unwrap_or_default();
    (out, report, projected)
}

fn findings(report: &Value) -> Vec<(u64, String, String)> {
    report["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("a report: {report}"))
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap().to_string();
            (f["line"].as_u64().unwrap(), s("kind"), s("message"))
        })
        .collect()
}

#[test]
fn a_file_sqlite_and_postgresql_give_the_same_verdicts_and_rows() {
    let dir = TempDir::new("stores-same");
    let (log, rows) = events(&dir, "3000", true);
    let (_, file, file_rows) = replay(&dir, "file", &[log.to_str().unwrap()], &[]);
    let expected = findings(&file);
    let kinds: std::collections::BTreeSet<&str> = expected.iter().map(|f| f.1.as_str()).collect();
    assert!(
        kinds.len() >= 10,
        "the violations are found in the file: {kinds:?}"
    );
    assert!(
        file_rows.lines().count() > 100,
        "OrderView rows: {file_rows}"
    );

    let db = dir.0.join("store.db");
    sqlite(&db, &rows);
    let from = format!("sqlite:{}", db.display());
    let (out, lite, lite_rows) = replay(&dir, "sqlite", &["--from", &from], &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(findings(&lite), expected, "SQLite and the file differ");
    assert_eq!(lite_rows, file_rows);
    let first = &lite["findings"][0];
    assert!(
        first["event_id"].is_string() && first["position"].is_string(),
        "{first}"
    );
    assert_eq!(lite["source"], "store");

    let Some(server) = pg::server("a_file_sqlite_and_postgresql_give_the_same_verdicts_and_rows")
    else {
        return;
    };
    postgres(&mut server.client(), &rows);
    let (out, pg, pg_rows) = replay(&dir, "pg", &["--from", &server.url(true)], &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(findings(&pg), expected, "PostgreSQL and the file differ");
    assert_eq!(pg_rows, file_rows);
    assert_eq!(pg["findings"][0]["position"], first["position"]);
}

#[test]
fn the_seed_table_replays_clean_with_versions_from_metadata() {
    let Some(server) = pg::server("the_seed_table_replays_clean_with_versions_from_metadata")
    else {
        return;
    };
    let dir = TempDir::new("stores-seed");
    let (log, rows) = events(&dir, "400", false);
    let mut client = server.client();
    // The seed's table; the generated log gives an order's id to its stock, payment and
    // shipment too, so uniqueness takes the aggregate type in.
    client
        .batch_execute(
            "CREATE TABLE events (event_id uuid PRIMARY KEY, event_type text NOT NULL,
             aggregate_id text NOT NULL, aggregate_type text NOT NULL, version bigint NOT NULL,
             occurred_at timestamptz NOT NULL, correlation_id text, causation_id text,
             data jsonb NOT NULL, metadata json, UNIQUE (aggregate_type, aggregate_id, version))",
        )
        .unwrap();
    for e in &rows {
        let version = text(e, "event_version").unwrap();
        let metadata = serde_json::json!({"schema_version": version.trim_start_matches('v').parse::<u64>().unwrap()});
        let values = [
            text(e, "event_id"),
            text(e, "event_type"),
            text(e, "aggregate_id"),
            text(e, "aggregate_type"),
            text(e, "aggregate_version"),
            text(e, "occurred_at"),
            text(e, "correlation_id"),
            text(e, "causation_id"),
            text(e, "data"),
            Some(metadata.to_string()),
        ];
        let params: Vec<&(dyn postgres::types::ToSql + Sync)> = values
            .iter()
            .map(|v| v as &(dyn postgres::types::ToSql + Sync))
            .collect();
        client
            .execute(
                "INSERT INTO events VALUES ($1::text::uuid, $2, $3, $4, $5::text::bigint, $6::text::timestamptz, $7, $8, $9::text::jsonb, $10::text::json)",
                &params,
            )
            .unwrap();
    }
    let (_, file, file_rows) = replay(&dir, "file", &[log.to_str().unwrap()], &[]);
    assert_eq!(findings(&file), vec![]);
    let (out, pg, pg_rows) = replay(&dir, "seed", &["--from", &server.url(true)], &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(findings(&pg), vec![], "{stderr}");
    assert_eq!(pg["events"], file["events"]);
    assert_eq!(pg_rows, file_rows);
    assert!(
        stderr.contains("read from `metadata.schema_version`"),
        "{stderr}"
    );
}

#[test]
fn filters_are_bound_never_spliced() {
    let dir = TempDir::new("stores-where");
    let (_, rows) = events(&dir, "300", false);
    let db = dir.0.join("store.db");
    sqlite(&db, &rows);
    let from = format!("sqlite:{}", db.display());
    let mut sources = vec![from];
    let server = pg::server("filters_are_bound_never_spliced");
    if let Some(server) = &server {
        postgres(&mut server.client(), &rows);
        sources.push(server.url(true));
    }
    let orders = rows
        .iter()
        .filter(|e| e["aggregate_type"] == "Order")
        .count() as u64;
    for from in &sources {
        let (out, report, _) = replay(
            &dir,
            "where",
            &["--from", from, "--where", "aggregate_type=Order"],
            &[],
        );
        assert!(
            out.status.success(),
            "{}{report}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(report["lines"], orders, "{from}");
        let hostile = "aggregate_type=Order' OR '1'='1";
        let (out, report, _) = replay(&dir, "where", &["--from", from, "--where", hostile], &[]);
        assert!(
            out.status.success(),
            "{}{report}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(report["lines"], 0, "the quote is a value, not SQL: {from}");
        let (out, _, _) = replay(
            &dir,
            "where",
            &["--from", from, "--table", "events; DROP TABLE events"],
            &[],
        );
        assert_eq!(out.status.code(), Some(2));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("cannot read the table `events; DROP TABLE events`"),
            "{said}"
        );
        let (out, report, _) = replay(
            &dir,
            "where",
            &[
                "--from",
                from,
                "--where",
                "occurred_at>=2000-01-01T00:00:00Z",
            ],
            &[],
        );
        assert!(
            out.status.success(),
            "{}{report}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            report["lines"],
            rows.len() as u64,
            "the table is still whole: {from}"
        );
    }
}

#[test]
fn passwords_never_show_and_psql_s_sources_work() {
    let Some(server) = pg::server("passwords_never_show_and_psql_s_sources_work") else {
        return;
    };
    let dir = TempDir::new("stores-secret");
    let (_, rows) = events(&dir, "100", false);
    postgres(&mut server.client(), &rows);
    let no_file = [("PGPASSFILE", "/nonexistent")];
    // A wrong database, with the password in the URL.
    let wrong = server.url(true).replace("/postgres?", "/nosuchdb?");
    let (out, _, _) = replay(&dir, "secret", &["--from", &wrong], &no_file);
    let said =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("nosuchdb") && said.contains(":***@"),
        "{said}"
    );
    assert!(!said.contains(pg::PASSWORD), "{said}");
    // No password anywhere: refused, and said so.
    let (out, _, _) = replay(&dir, "secret", &["--from", &server.url(false)], &no_file);
    assert_eq!(out.status.code(), Some(2));
    // PGPASSWORD, as psql takes it.
    let with_env = [("PGPASSWORD", pg::PASSWORD), ("PGPASSFILE", "/nonexistent")];
    let (out, report, _) = replay(&dir, "secret", &["--from", &server.url(false)], &with_env);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(report["lines"], rows.len() as u64);
    // A password file, as psql reads it.
    let pgpass = dir.write(
        "pgpass",
        format!(
            "127.0.0.1:{}:postgres:{}:{}\n",
            server.port,
            pg::USER,
            pg::PASSWORD
        ),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let with_file = [("PGPASSFILE", pgpass.to_str().unwrap())];
    let (out, human, _) = {
        let out = Command::new(env!("CARGO_BIN_EXE_eventctl"))
            .args(["replay", SHOP, "--from", &server.url(false)])
            .current_dir(crate::support::root())
            .envs(with_file.iter().copied())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let human = String::from_utf8_lossy(&out.stderr).to_string();
        (out, human, ())
    };
    assert!(out.status.success(), "{human}");
    assert!(
        human.contains(&format!(
            "replayed {} events from {} rows",
            rows.len(),
            rows.len()
        )),
        "{human}"
    );
    assert!(server.dir().exists());
    // Large rows make small fetches: every row still comes, in order.
    let mut client = server.client();
    client
        .batch_execute(
            "CREATE TABLE big (position bigserial, event_id text, event_type text, data json);
             INSERT INTO big (event_id, event_type, data)
               SELECT 'e' || n, 'Unknown', json_build_object('pad', repeat('x', 1000000))
               FROM generate_series(1, 40) AS n;",
        )
        .unwrap();
    let (out, report, _) = replay(
        &dir,
        "big",
        &["--from", &server.url(true), "--table", "big"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(report["lines"], 40);
    let rows: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "unknown-event")
        .map(|f| f["event_id"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (1..=40).map(|n| format!("e{n}")).collect();
    assert_eq!(rows, expected);
    // Stopping at the first finding leaves the fetches waiting behind it, and ends.
    let (out, report, _) = replay(
        &dir,
        "big-fail-fast",
        &["--from", &server.url(true), "--table", "big", "--fail-fast"],
        &[],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(report["lines"], 1);
    assert_eq!(report["stopped"], true);
}

#[test]
fn broken_stores_are_refused_with_a_clear_error() {
    let dir = TempDir::new("stores-broken");
    let run = |from: &str, extra: &[&str]| {
        let mut args = vec!["replay", SHOP, "--from", from];
        args.extend(extra);
        let out = eventctl(&args);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let missing = dir.0.join("missing.db");
    let (code, said) = run(&format!("sqlite:{}", missing.display()), &[]);
    assert_eq!(code, Some(2));
    assert!(
        said.contains("cannot open") && said.contains("missing.db"),
        "{said}"
    );
    let not_db = dir.write("not.db", "this is not a database\n".repeat(100));
    let (code, said) = run(&format!("sqlite:{}", not_db.display()), &[]);
    assert_eq!(code, Some(2));
    assert!(said.contains("not.db"), "{said}");
    if let Some(mkfifo) = crate::support::tool("mkfifo") {
        let fifo = dir.0.join("fifo.db");
        assert!(Command::new(mkfifo).arg(&fifo).status().unwrap().success());
        let (code, said) = run(&format!("sqlite:{}", fifo.display()), &[]);
        assert_eq!(code, Some(2));
        assert!(said.contains("not a regular file"), "{said}");
    }
    let db = dir.0.join("store.db");
    let (_, rows) = events(&dir, "50", false);
    sqlite(&db, &rows);
    let from = format!("sqlite:{}", db.display());
    let (code, said) = run(&from, &["--table", "stream"]);
    assert_eq!(code, Some(2));
    assert!(said.contains("`stream`"), "{said}");
    let (code, said) = run(&from, &["--columns", "event_type=kind"]);
    assert_eq!(code, Some(2));
    assert!(
        said.contains("`kind` is not a column") && said.contains("`event_type`"),
        "{said}"
    );
    let (code, said) = run(&from, &["--order", "nope"]);
    assert_eq!(code, Some(2));
    assert!(said.contains("`nope`"), "{said}");
    // A row over the 16 MiB a line may hold is reported and skipped, as a file's line is.
    let huge = rusqlite::Connection::open(&db).unwrap();
    let payload = format!("{{\"order_id\": \"{}\"}}", "x".repeat(17 << 20));
    huge.execute(
        "INSERT INTO events (event_id, event_type, data) VALUES ('big', 'OrderPlaced', ?1)",
        [&payload],
    )
    .unwrap();
    let (code, said) = run(&from, &[]);
    assert_eq!(code, Some(1), "{said}");
    assert!(
        said.contains("error[line-too-long]") && said.contains("event_id big"),
        "{said}"
    );
    let (code, said) = run("mysql://u:topsecret@h/db", &[]);
    assert_eq!(code, Some(2));
    assert!(
        !said.contains("topsecret") && said.contains("postgres://"),
        "{said}"
    );
    // A table with no version column: each event read as v1, with a warning.
    let bare = rusqlite::Connection::open(dir.0.join("bare.db")).unwrap();
    bare.execute_batch(
        "CREATE TABLE events (event_id TEXT, event_type TEXT, aggregate_id TEXT, aggregate_type TEXT, occurred_at TEXT, correlation_id TEXT, data TEXT);
         INSERT INTO events VALUES ('e1', 'OrderPlaced', 'o1', 'Order', '2026-01-01T00:00:00Z', 'c1', '{\"order_id\": \"o1\", \"customer_id\": \"c\", \"total_amount\": 5, \"items\": [{\"product_id\": \"p\", \"quantity\": 1, \"price\": 5}]}');",
    )
    .unwrap();
    let (code, said) = run(&format!("sqlite:{}", dir.0.join("bare.db").display()), &[]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("all 1 rows were read as v1"), "{said}");
}
