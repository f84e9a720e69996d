//! The Apicurio JSON Schema compatibility suite (145 cases), both directions: every case agrees
//! with eventctl or is listed, with its reason, in tests/fixtures/conformance/disagreements.yaml.

use crate::support::root;
use eventctl::compat::{Mode, Profile, check};
use serde_json::Value;

#[derive(serde::Deserialize)]
struct Listed {
    index: usize,
    id: String,
    direction: String,
    reason: String,
}

fn cases() -> Vec<Value> {
    let text = std::fs::read_to_string(
        root().join("tests/fixtures/conformance/compatibility-test-data.json"),
    )
    .expect("the Apicurio suite");
    let data: Value = serde_json::from_str(&text).expect("json");
    data["tests"].as_array().expect("tests").clone()
}

/// A case eventctl answers differently: index, id, direction, the suite's answer, eventctl's.
type Disagreement = (usize, String, &'static str, bool, bool);

/// How many checks ran, and every disagreement.
fn disagreements() -> (usize, Vec<Disagreement>) {
    let mut out = Vec::new();
    let mut checked = 0;
    for (i, case) in cases().iter().enumerate() {
        if case["enabled"] == Value::Bool(false) {
            continue;
        }
        let expected = case["compatibility"].as_str().expect("compatibility");
        let (old, new) = (&case["original"], &case["updated"]);
        for (direction, mode, want) in [
            ("backward", Mode::Backward, expected != "none"),
            ("forward", Mode::Forward, expected == "both"),
        ] {
            checked += 1;
            let got = !check(old, new, mode, Profile::Strict).fails();
            if got != want {
                out.push((
                    i,
                    case["id"].as_str().unwrap_or("?").to_string(),
                    direction,
                    want,
                    got,
                ));
            }
        }
    }
    (checked, out)
}

#[test]
fn apicurio_suite_agrees_or_is_listed() {
    let listed: Vec<Listed> = serde_saphyr::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/conformance/disagreements.yaml"))
            .expect("list"),
    )
    .expect("yaml");
    let (checked, found) = disagreements();
    assert_eq!(checked, 290, "145 cases in two directions");
    let mut unexplained = Vec::new();
    for (i, id, direction, want, got) in &found {
        if !listed
            .iter()
            .any(|l| l.index == *i && l.direction == *direction && &l.id == id)
        {
            unexplained.push(format!(
                "#{i} {id} ({direction}): suite says {want}, eventctl says {got}"
            ));
        }
    }
    let stale: Vec<String> = listed
        .iter()
        .filter(|l| {
            !found
                .iter()
                .any(|(i, _, d, _, _)| *i == l.index && *d == l.direction)
        })
        .map(|l| format!("#{} {} ({}) now agrees", l.index, l.id, l.direction))
        .collect();
    assert!(
        listed.iter().all(|l| l.reason.len() > 20),
        "every listed disagreement gives its reason"
    );
    assert!(
        unexplained.is_empty() && stale.is_empty(),
        "unexplained: {unexplained:#?}\nstale: {stale:#?}"
    );
}
