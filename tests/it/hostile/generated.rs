//! A catalog that validates generates a crate that compiles: catalogs drawn at random from
//! hostile names (ones that collide once snake_cased, or that `gen` uses for its own modules)
//! and hostile descriptions (line breaks, a carriage return, bidirectional overrides, comment
//! markers). Each case either fails `validate` with a naming rule or generates a crate; all the
//! crates go through one `cargo check` as members of one workspace.

use crate::support::{TempDir, eventctl, validate};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

const CONTEXTS: &[&str] = &[
    "Shop", "FooBar", "Billing", "Foo_bar", "Stock", "Process", "Order", "Upcast", "Ship", "Lib",
    "Cqrs", "Tests", "Payment",
];
const AGGREGATES: &[&str] = &["Cart", "Order", "CartState", "Basket"];
const EVENTS: &[&str] = &["CartClosed", "Closed", "CartStateV1", "OrderPlaced"];
const TEXT: &[&str] = &[
    "plain words",
    "\r",
    "\u{202E}",
    "*/",
    "/*",
    "\n",
    "```",
    "\\",
    "\"",
    "{{ x }}",
    "{% if %}",
    "#[cfg]",
    "é",
    "\t",
    "\u{2028}",
    "<!--",
];

fn text() -> impl Strategy<Value = String> {
    // Every text holds a carriage return and a right-to-left override, which Rust refuses in
    // doc comments; the rest is drawn.
    prop::collection::vec(prop::sample::select(TEXT), 1..5)
        .prop_map(|parts| format!("{}\r\u{202E}", parts.concat()))
}

/// Distinct contexts (a YAML mapping has each key once), each with drawn items and text.
fn contexts() -> impl Strategy<Value = Vec<(String, String, String, String)>> {
    let items = (
        prop::sample::select(AGGREGATES),
        prop::sample::select(EVENTS),
        text(),
    );
    (
        prop::sample::subsequence(CONTEXTS, 1..4),
        prop::collection::vec(items, 3),
    )
        .prop_map(|(names, items)| {
            names
                .into_iter()
                .zip(items)
                .map(|(c, (a, e, d))| (c.to_string(), a.to_string(), e.to_string(), d))
                .collect()
        })
}

/// A catalog of the drawn contexts, each with an aggregate, a command and an event.
fn catalog(contexts: &[(String, String, String, String)]) -> String {
    let mut y = String::from("eventctl: 1\nname: hostile\ncontexts:\n");
    for (c, a, e, d) in contexts {
        let d = serde_json::to_string(d).expect("a JSON string is a YAML string");
        y.push_str(&format!(
            "  {c}:\n    description: {d}\n    aggregates:\n      {a}:\n        description: {d}\n        id: cart_id\n        states: [open, closed]\n        initial: open\n        final: [closed]\n        commands:\n          Close{a}:\n            description: {d}\n            external: true\n            from: [open]\n            emits: {e}\n            schema: {{type: object, required: [cart_id], properties: {{cart_id: {{type: string, description: {d}}}}}}}\n        events:\n          {e}:\n            description: {d}\n            to: closed\n            versions:\n              - version: 1\n                schema: {{type: object, properties: {{cart_id: {{type: string, description: {d}}}}}}}\n"
        ));
    }
    y
}

#[test]
fn catalogs_that_validate_generate_crates_that_compile() {
    let dir = TempDir::new("hostile-gen");
    let mut runner = TestRunner::deterministic();
    let strategy = contexts();
    let mut members = Vec::new();
    let mut refused = Vec::new();
    for case in 0..10 {
        let contexts = strategy.new_tree(&mut runner).expect("a case").current();
        let path = dir.write(&format!("case{case}/catalog.yaml"), catalog(&contexts));
        let v = validate(&path);
        if v.has_errors() {
            let rules: Vec<&str> = v
                .diagnostics
                .iter()
                .filter(|d| d.severity == eventctl::diag::Severity::Error)
                .map(|d| d.rule.id())
                .collect();
            assert!(
                rules
                    .iter()
                    .all(|r| ["generated-name-collision", "duplicate-name"].contains(r)),
                "case {case} fails with {rules:?}"
            );
            refused.push(format!("case {case}: {}", crate::support::human(&v)));
            continue;
        }
        let out = dir.0.join(format!("crates/case{case}"));
        crate::generate::generate(path.to_str().unwrap(), &out, &format!("hostile_case{case}"));
        members.push(format!("\"case{case}\""));
    }
    assert!(
        !members.is_empty() && !refused.is_empty(),
        "the draw covers both outcomes: {} generated, refused: {refused:#?}",
        members.len()
    );
    let workspace = dir.0.join("crates");
    std::fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .expect("workspace");
    crate::generate::cargo(
        &workspace,
        &["check", "--workspace", "--all-targets", "--quiet"],
    );
}

#[test]
fn hostile_templates_run_out_of_fuel_or_room() {
    let dir = TempDir::new("hostile-templates");
    let templates = dir.0.join("templates");
    let eject = eventctl(&["gen", "--eject-templates", templates.to_str().unwrap()]);
    assert_eq!(eject.status.code(), Some(0));
    for (body, says) in [
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "fuel",
        ),
        (
            "{% set s = 'x' * 90000000 %}{% for i in range(100) %}{{ s }}{% endfor %}",
            "wrote more than 256 MiB",
        ),
    ] {
        std::fs::write(
            templates.join("lib.rs.jinja"),
            format!("// @generated by eventctl\n{body}\n"),
        )
        .expect("template");
        let out = dir.0.join("out");
        let result = eventctl(&[
            "gen",
            "catalog-examples/shop",
            "--out",
            out.to_str().unwrap(),
            "--templates",
            templates.to_str().unwrap(),
        ]);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("lib.rs.jinja") && stderr.contains(says),
            "{stderr}"
        );
        assert!(!out.join("src/lib.rs").exists(), "nothing is written");
    }
}
