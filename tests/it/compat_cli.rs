//! `eventctl compat` and `eventctl upcast` as a user runs them.

use crate::support::{TempDir, eventctl};
use std::io::Write;
use std::process::{Command, Stdio};

fn code(out: &std::process::Output) -> i32 {
    out.status.code().expect("exit code")
}

#[test]
fn compat_exit_codes_and_json() {
    let dir = TempDir::new("compat-cli");
    let old = dir.write(
        "old.json",
        r#"{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}"#,
    );
    let new = dir.write(
        "new.yaml",
        "type: object\nproperties:\n  a: {type: string}\n  b: {type: integer}\nrequired: [a, b]\n",
    );
    let (old, new) = (old.to_str().expect("path"), new.to_str().expect("path"));
    assert_eq!(code(&eventctl(&["compat", old, old])), 0);
    let out = eventctl(&["compat", old, new, "--format", "json"]);
    assert_eq!(code(&out), 1);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["compatible"], false);
    let rules: Vec<&str> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"required-property-added"), "{rules:?}");
    let f = &doc["findings"][0];
    assert!(f["old_pointer"].is_string() && f["new_pointer"].is_string() && f["breaks"] == true);
    assert_eq!(
        code(&eventctl(&["compat", new, old, "--mode", "forward"])),
        1,
        "forward: old readers of new data"
    );
    assert_eq!(code(&eventctl(&["compat", old, "/no/such/file.json"])), 2);
    let broken = dir.write("broken.json", "{\"type\": ");
    assert_eq!(
        code(&eventctl(&["compat", old, broken.to_str().expect("path")])),
        2
    );
}

#[test]
fn compat_human_points_at_both_files() {
    let dir = TempDir::new("compat-human");
    let old = dir.write("old.json", "{\"type\": \"integer\"}");
    let new = dir.write("new.json", "{\"type\": \"string\"}");
    let out = eventctl(&[
        "compat",
        old.to_str().expect("path"),
        new.to_str().expect("path"),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("type-changed") && text.contains("old.json:1") && text.contains("new.json:1"),
        "{text}"
    );
    assert!(text.ends_with("backward: not compatible\n"), "{text}");
}

fn upcast(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_eventctl"))
        .args(args)
        .current_dir(crate::support::root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write");
    child.wait_with_output().expect("output")
}

#[test]
fn upcast_runs_the_shop_chain() {
    let v1 = r#"{"order_id":"o","customer_id":"c","items":[{"product_id":"p","quantity":2,"price":3.5}],"total_amount":7}"#;
    let out = upcast(
        &[
            "upcast",
            "catalog-examples/shop",
            "--event",
            "Order.OrderPlaced",
            "--from",
            "1",
        ],
        v1,
    );
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let v3: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v3["currency"], "USD");
    assert_eq!(v3["order_items"][0]["line_total"], 7.0);
    assert_eq!(v3["shipping_address"], serde_json::Value::Null);
    let lines = format!("{v1}\n{{\"order_id\": 1}}\n");
    let out = upcast(
        &[
            "upcast",
            "catalog-examples/shop",
            "--event",
            "OrderPlaced",
            "--from",
            "1",
            "--to",
            "2",
        ],
        &lines,
    );
    assert_eq!(code(&out), 1, "the second line is not a valid v1 payload");
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    let out = upcast(
        &[
            "upcast",
            "catalog-examples/shop",
            "--event",
            "Order.Nope",
            "--from",
            "1",
        ],
        v1,
    );
    assert_eq!(code(&out), 2);
    let out = upcast(
        &[
            "upcast",
            "catalog-examples/shop",
            "--event",
            "Order.OrderPlaced",
            "--from",
            "3",
            "--to",
            "1",
        ],
        v1,
    );
    assert_eq!(code(&out), 2);
}

#[test]
fn hostile_schema_files_are_refused_cleanly() {
    let dir = TempDir::new("compat-hostile");
    let ok = dir.write("ok.json", "{}");
    let ok = ok.to_str().expect("path");
    let deep = dir.write(
        "deep.json",
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
    );
    let binary = dir.write("binary.json", b"\x00\xff\xfe garbage");
    let empty = dir.write("empty.json", "");
    for bad in [deep, binary, empty] {
        let out = eventctl(&["compat", ok, bad.to_str().expect("path")]);
        assert_eq!(code(&out), 2, "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains("error"));
    }
    let looping = dir.write("loop.json", r##"{"$ref": "#/definitions/a", "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}}"##);
    let out = eventctl(&[
        "compat",
        ok,
        looping.to_str().expect("path"),
        "--format",
        "json",
    ]);
    assert_eq!(
        code(&out),
        1,
        "a reference loop is undecided, which fails the strict profile"
    );
    let big = format!(
        "{{\"type\": \"object\", \"properties\": {{{}}}}}",
        (0..20_000)
            .map(|i| format!("\"p{i}\": {{\"type\": \"string\"}}"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let big = dir.write("big.json", big);
    assert_eq!(
        code(&eventctl(&[
            "compat",
            big.to_str().expect("path"),
            big.to_str().expect("path")
        ])),
        0
    );
}

#[test]
fn upcast_refuses_bad_input() {
    let out = upcast(
        &[
            "upcast",
            "catalog-examples/shop",
            "--event",
            "Order.OrderPlaced",
            "--from",
            "1",
        ],
        "{\"truncated\": ",
    );
    assert_eq!(code(&out), 2);
    let out = upcast(
        &[
            "upcast",
            "catalog-examples/shop",
            "--event",
            "Order.OrderPlaced",
            "--from",
            "1",
            "/no/such/file",
        ],
        "",
    );
    assert_eq!(code(&out), 2);
}
