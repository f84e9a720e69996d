//! Diagnostics that explain themselves: parser limits and tabs in plain words, at the line
//! that holds them; a field written one level out, and a missing key at its mapping.

use crate::support::{TempDir, eventctl};

/// The one finding `validate` reports on a catalog: its message, help and line. It runs in
/// its own process, as a user runs it: deep nesting needs the main thread's stack.
fn only(text: &str) -> (String, Option<String>, usize) {
    let dir = TempDir::new(&format!("diagnostics-{}", text.len()));
    dir.write("catalog.yaml", text);
    let out = eventctl(&["validate", dir.0.to_str().unwrap(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    let found = report["diagnostics"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{report}");
    let d = &found[0];
    (
        d["message"].as_str().unwrap().to_string(),
        d["help"].as_str().map(String::from),
        d["line"].as_u64().unwrap() as usize,
    )
}

#[test]
fn a_tab_in_the_indentation_is_named_at_its_line() {
    let (message, help, line) = only("eventctl: 1\nname: x\ncontexts:\n  A:\n\taggregates: {}\n");
    assert_eq!(
        message,
        "a tab in this line's indentation: YAML indents with spaces"
    );
    assert!(help.unwrap().contains("spaces"));
    assert_eq!(line, 5);
}

#[test]
fn nesting_past_the_parsers_limit_is_a_sentence() {
    let deep = format!(
        "eventctl: 1\nname: x\ncontexts:\n  A:\n    aggregates:\n      B:\n        id: b\n        states: [s]\n        initial: s\n        commands:\n          C:\n            emits: E\n            schema: {}{}\n",
        "[".repeat(140),
        "]".repeat(140)
    );
    let (message, help, _) = only(&deep);
    assert!(
        message.starts_with("the YAML nests ")
            && message.ends_with("levels deep, past the limit of 128"),
        "{message}"
    );
    assert!(!message.contains('{'), "no debug text: {message}");
    assert!(help.unwrap().contains("include"));
}

#[test]
fn a_field_written_one_level_out_says_how_it_was_read_and_where_it_belongs() {
    let out = eventctl(&[
        "validate",
        "tests/fixtures/diagnostics/field-read-as-a-name",
    ]);
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("`fails` sits under `commands`, so it was read as a command named `fails`"),
        "{text}"
    );
    insta::assert_snapshot!("field-read-as-a-name", text);
}

#[test]
fn a_missing_key_points_at_the_mapping_that_lacks_it() {
    let out = eventctl(&["validate", "tests/fixtures/diagnostics/missing-key"]);
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("catalog.yaml:21:15"),
        "at the `- ` of the version: {text}"
    );
    insta::assert_snapshot!("missing-key", text);
}
