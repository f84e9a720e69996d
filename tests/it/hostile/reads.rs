//! Bounded reads: catalog, include and schema files must be regular files under a size cap;
//! payloads for `upcast` are streamed line by line.

use crate::support::{TempDir, eventctl, fixture};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn fails(args: &[&str], says: &str) {
    let out = eventctl(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(says), "{args:?}: {stderr}");
}

fn fifo(dir: &TempDir, name: &str) -> Option<PathBuf> {
    let path = dir.0.join(name);
    let made = Command::new("mkfifo").arg(&path).status();
    made.is_ok_and(|s| s.success()).then_some(path)
}

/// A sparse file of `bytes`: its size is seen without writing it.
fn sparse(dir: &TempDir, name: &str, bytes: u64) -> PathBuf {
    let path = dir.0.join(name);
    std::fs::File::create(&path)
        .and_then(|f| f.set_len(bytes))
        .expect("sparse file");
    path
}

#[cfg(unix)]
#[test]
fn devices_and_fifos_are_refused_not_read() {
    let regular = "eventctl reads only regular files";
    fails(&["validate", "/dev/zero"], regular);
    fails(&["compat", "/dev/zero", "/dev/zero"], regular);
    let dir = TempDir::new("fifo-reads");
    let Some(pipe) = fifo(&dir, "pipe.yaml") else {
        return;
    };
    fails(&["validate", pipe.to_str().unwrap()], regular);
    let clean = std::fs::read_to_string(fixture("rules/clean/catalog.yaml")).expect("fixture");
    let catalog = dir.write(
        "catalog.yaml",
        clean.replacen(
            "name: fixture\n",
            "name: fixture\ninclude: [pipe.yaml]\n",
            1,
        ),
    );
    let v = crate::support::validate(&catalog);
    let text = crate::support::human(&v);
    assert!(v.has_errors() && text.contains(regular), "{text}");
    let schema_fifo = fifo(&dir, "schema.json").expect("mkfifo works");
    let catalog = dir.write(
        "schema-file.yaml",
        std::fs::read_to_string(fixture("rules/schema-file/catalog.yaml"))
            .expect("fixture")
            .replace(
                "schemas/missing.json",
                schema_fifo.file_name().unwrap().to_str().unwrap(),
            ),
    );
    let v = crate::support::validate(&catalog);
    let text = crate::support::human(&v);
    assert!(v.has_errors() && text.contains(regular), "{text}");
}

#[test]
fn files_over_their_cap_are_refused_unread() {
    let dir = TempDir::new("caps");
    let big = sparse(&dir, "catalog.yaml", 513 << 20);
    fails(&["validate", big.to_str().unwrap()], "the limit is 512 MiB");
    let schema = sparse(&dir, "schema.json", 65 << 20);
    fails(
        &["compat", schema.to_str().unwrap(), schema.to_str().unwrap()],
        "the limit is 64 MiB",
    );
}

#[test]
fn compat_refuses_what_is_not_a_schema() {
    let dir = TempDir::new("not-schemas");
    let ok = dir.write("ok.json", r#"{"type": "object"}"#);
    for (name, text, says) in [
        ("list.json", "[1, 2, 3]", "is not of types"),
        ("text.json", "\"text\"", "is not of types"),
        (
            "typo.json",
            r#"{"type": "strng"}"#,
            "`strng` is not a JSON type",
        ),
        ("regex.json", r#"{"pattern": "(["}"#, "ECMA-262"),
        ("empty.json", "", "a schema file holds one JSON Schema"),
    ] {
        let bad = dir.write(name, text);
        fails(
            &["compat", bad.to_str().unwrap(), ok.to_str().unwrap()],
            says,
        );
    }
    let out = eventctl(&["compat", ok.to_str().unwrap(), ok.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "a schema is still compared");
}

const V1: &str = r#"{"order_id":"o","customer_id":"c","items":[{"product_id":"p","quantity":2,"price":3.5}],"total_amount":7}"#;

fn upcast(input: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_eventctl"));
    c.args([
        "upcast",
        "catalog-examples/shop",
        "--event",
        "Order.OrderPlaced",
        "--from",
        "1",
    ])
    .arg(input)
    .current_dir(crate::support::root());
    c
}

#[test]
fn upcast_streams_each_line_before_the_input_ends() {
    let mut child = upcast(Path::new("-"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    for _ in 0..2 {
        writeln!(stdin, "{V1}").expect("write");
    }
    stdin.flush().expect("flush");
    // Both results arrive while the input is still open: nothing waits for its end.
    for _ in 0..2 {
        let mut line = String::new();
        stdout.read_line(&mut line).expect("a result");
        assert!(line.contains("\"currency\":\"USD\""), "{line}");
    }
    // A last line cut off is its own error; the results before it stand.
    write!(stdin, "{{\"order_id\":\"o\",\"cust").expect("write");
    drop(stdin);
    let out = child.wait_with_output().expect("ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("line 3: not JSON"), "{stderr}");
}

#[test]
fn upcast_keeps_a_single_pretty_document() {
    let dir = TempDir::new("pretty");
    let value: serde_json::Value = serde_json::from_str(V1).expect("json");
    let file = dir.write(
        "one.json",
        serde_json::to_string_pretty(&value).expect("json"),
    );
    let out = upcast(&file).output().expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v3: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one document");
    assert_eq!(v3["currency"], "USD");
}
