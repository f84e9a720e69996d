//! Generated payload checks against the JSON Schema validator `eventctl validate` uses: for
//! every example, every synthesised sample and every near miss of the shop's and travel's
//! event versions and commands, reading the payload into its generated type and checking it
//! succeeds exactly when the validator accepts the payload.

use super::generate::{cargo, generate};
use crate::support::{TempDir, root, validate};
use eventctl::compat::{mutants::mutants, synth};
use eventctl::model::Json;
use serde_json::{Value, json};

/// Every payload to try for one schema, with the validator's verdict.
fn verdicts(schema: &Json, examples: Vec<Value>) -> Vec<(Value, bool)> {
    let validator = schema.validator().expect("a schema that compiles");
    let value = schema.value();
    let mut payloads = examples;
    payloads.extend(synth::samples(&value));
    let valid: Vec<Value> = payloads
        .iter()
        .filter(|p| validator.is_valid(p) == Ok(true))
        .cloned()
        .collect();
    for v in &valid {
        payloads.extend(mutants(&value, v));
    }
    // Each payload as the generated crate will read it back from the cases file (serde_json
    // parses floats to the nearest value only within an ulp), so that both judge one value.
    payloads
        .into_iter()
        .map(|p| {
            let p: Value = serde_json::from_str(&p.to_string()).expect("JSON");
            let ok = validator.is_valid(&p).expect("within the budget");
            (p, ok)
        })
        .collect()
}

fn cases(catalog: &str) -> Vec<Value> {
    let v = validate(&root().join(catalog));
    let cat = v.catalog.as_ref().unwrap();
    let mut out = Vec::new();
    for (i, e) in cat.events.iter().enumerate() {
        let name = cat.event_name(eventctl::model::EventId::new(i));
        for version in &e.versions {
            let Some(schema) = &version.schema else {
                continue;
            };
            let examples = version.examples.iter().map(|x| x.value()).collect();
            for (payload, valid) in verdicts(schema, examples) {
                out.push(json!({"kind": "event", "name": name, "version": version.number, "payload": payload, "valid": valid}));
            }
        }
    }
    for (i, c) in cat.commands.iter().enumerate() {
        let name = cat.command_name(eventctl::model::CommandId::new(i));
        let Some(schema) = &c.schema else {
            continue;
        };
        for (payload, valid) in verdicts(schema, Vec::new()) {
            out.push(json!({"kind": "command", "name": name, "payload": payload, "valid": valid}));
        }
    }
    out
}

const AGREE: &str = r#"//! Generated payload checks against the validator's verdicts.
#[test]
fn generated_checks_agree_with_the_validator() {
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("payload_cases.json")).expect("cases");
    let mut wrong = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().expect("name");
        let got = if case["kind"] == "event" {
            CRATE::payload::event(name, case["version"].as_u64().expect("version"), &case["payload"])
        } else {
            CRATE::payload::command(name, &case["payload"])
        };
        if got.is_ok() != case["valid"].as_bool().expect("verdict") {
            wrong.push(format!("{name} {}: the validator says {}, the check {got:?}", case["payload"], case["valid"]));
        }
    }
    assert!(wrong.is_empty(), "{} of {} disagree:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}
"#;

#[test]
fn generated_payload_checks_agree_with_the_validator() {
    let dir = TempDir::new("gen-payload-checks");
    for (catalog, name) in [
        ("catalog-examples/shop", "shop"),
        ("catalog-examples/travel", "travel"),
    ] {
        let cases = cases(catalog);
        let invalid = cases.iter().filter(|c| c["valid"] == false).count();
        let valid = cases.len() - invalid;
        assert!(
            valid >= 20 && invalid >= 200,
            "{name}: {valid} valid and {invalid} invalid payloads"
        );
        let out = dir.0.join(name);
        generate(catalog, &out, name);
        std::fs::write(
            out.join("tests/payload_cases.json"),
            serde_json::to_string(&cases).unwrap(),
        )
        .unwrap();
        std::fs::write(out.join("tests/agree.rs"), AGREE.replace("CRATE", name)).unwrap();
        cargo(&out, &["test", "--quiet", "--test", "agree"]);
    }
}
