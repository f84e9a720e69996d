//! `eventctl gen`: the generated crates build, pass clippy and their own tests; generated
//! upcasters agree with the interpreter; the user's files survive regeneration.

use crate::support::{TempDir, eventctl, root, validate};
use eventctl::upcast::Upcaster;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

/// Generates the plain target of `catalog` into `out` as crate `name`; it must succeed.
pub(crate) fn generate(catalog: &str, out: &Path, name: &str) {
    generate_for(catalog, out, name, "plain");
}

fn generate_for(catalog: &str, out: &Path, name: &str, target: &str) {
    let result = eventctl(&[
        "gen",
        catalog,
        "--out",
        out.to_str().unwrap(),
        "--crate",
        name,
        "--target",
        target,
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Runs cargo in a generated crate or workspace, sharing one target folder.
pub(crate) fn cargo_output(dir: &Path, args: &[&str]) -> std::process::Output {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-crates");
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

/// Runs cargo in a generated crate or workspace; panics with its output when it fails.
pub(crate) fn cargo(dir: &Path, args: &[&str]) {
    let out = cargo_output(dir, args);
    assert!(
        out.status.success(),
        "cargo {args:?} in {}:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `cargo clippy -D warnings` and `cargo test` in a generated crate.
pub(crate) fn lint_and_test(dir: &Path) {
    for features in ["--no-default-features", "--all-features"] {
        cargo(
            dir,
            &[
                "clippy",
                "--all-targets",
                "--quiet",
                features,
                "--",
                "-D",
                "warnings",
            ],
        );
    }
    cargo(dir, &["test", "--quiet", "--all-features"]);
}

/// Every example of every older version of the shop's events, and payloads synthesised from
/// their schemas, with what the interpreter makes of them.
fn upcast_cases() -> Vec<Value> {
    let v = validate(&root().join("catalog-examples/shop"));
    let cat = v.catalog.as_ref().unwrap();
    let up = Upcaster::new();
    let mut cases = Vec::new();
    for (i, e) in cat.events.iter().enumerate() {
        let name = cat.event_name(eventctl::model::EventId::new(i));
        for (vi, version) in e.versions.iter().enumerate() {
            let mut inputs: Vec<Value> = version.examples.iter().map(|x| x.value()).collect();
            if let Some(s) = &version.schema {
                inputs.extend(eventctl::compat::synth::samples(&s.value()));
            }
            for input in inputs {
                let mut expected = input.clone();
                let mut ok = true;
                for later in &e.versions[vi + 1..] {
                    if up.apply(&later.upcast, &mut expected).is_err() {
                        ok = false;
                        break;
                    }
                }
                cases.push(
                    json!({"event": name, "from": version.number, "input": input,
                                  "expected": if ok { expected } else { Value::Null }}),
                );
            }
        }
    }
    cases
}

const DIFFERENTIAL: &str = r#"//! Generated upcasters against the interpreter's answers.
#[test]
fn generated_upcasters_agree_with_the_interpreter() {
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("upcast_cases.json")).expect("cases");
    assert!(!cases.is_empty());
    for case in cases {
        let event = case["event"].as_str().expect("event");
        let from = case["from"].as_u64().expect("from");
        let got = shop::upcast::upcast(event, from, case["input"].clone()).ok();
        let want = if case["expected"].is_null() { None } else { Some(case["expected"].clone()) };
        assert_eq!(got, want, "{event} v{from}: {}", case["input"]);
    }
}
"#;

#[test]
fn generated_crates_build_lint_clean_and_pass_their_tests() {
    let dir = TempDir::new("gen-crates");
    let shop = dir.0.join("shop");
    generate("catalog-examples/shop", &shop, "shop");
    let cases = upcast_cases();
    assert!(cases.len() > 10, "{} cases", cases.len());
    std::fs::write(
        shop.join("tests/upcast_cases.json"),
        serde_json::to_string(&cases).unwrap(),
    )
    .unwrap();
    std::fs::write(shop.join("tests/differential.rs"), DIFFERENTIAL).unwrap();
    std::fs::write(
        shop.join("tests/aggregate_fields.rs"),
        crate::gen_model::AGGREGATE_FIELDS,
    )
    .unwrap();
    crate::gen_model::decide_shop(&shop);
    crate::saga_differential::install(&shop, "catalog-examples/shop", "shop");
    lint_and_test(&shop);
    for (catalog, name) in [
        ("catalog-examples/travel", "travel"),
        ("tests/fixtures/diagrams/hostile", "hostile"),
    ] {
        let out = dir.0.join(name);
        generate(catalog, &out, name);
        if name == "travel" {
            crate::saga_differential::install(&out, catalog, name);
        }
        lint_and_test(&out);
    }
}

#[test]
fn the_generated_order_context_is_stable() {
    let dir = TempDir::new("gen-snapshot");
    generate("catalog-examples/shop", &dir.0, "shop");
    let text = std::fs::read_to_string(dir.0.join("src/order/mod.rs")).unwrap();
    assert!(text.starts_with("// @generated by eventctl"));
    insta::assert_snapshot!("gen-shop-order", text);
    let upcast = std::fs::read_to_string(dir.0.join("src/upcast.rs")).unwrap();
    insta::assert_snapshot!("gen-shop-upcast", upcast);
}

#[test]
fn regenerating_keeps_the_users_files_and_check_finds_drift() {
    let dir = TempDir::new("gen-ownership");
    let out = dir.0.to_str().unwrap();
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "gen",
            "catalog-examples/shop",
            "--out",
            out,
            "--crate",
            "shop",
        ];
        a.extend_from_slice(extra);
        a
    };
    assert_eq!(eventctl(&args(&[])).status.code(), Some(0));
    assert_eq!(
        eventctl(&args(&["--check"])).status.code(),
        Some(0),
        "fresh output is current"
    );

    let mine = format!(
        "// my decisions\n{}",
        std::fs::read_to_string(dir.0.join("src/order/decisions.rs")).unwrap()
    );
    dir.write("src/order/decisions.rs", &mine);
    dir.write(
        "src/order/mod.rs",
        "// @generated by eventctl — do not edit\n// edited by hand\n",
    );
    let check = eventctl(&args(&["--check"]));
    assert_eq!(check.status.code(), Some(1));
    let said = String::from_utf8_lossy(&check.stderr);
    assert!(
        said.contains("stale:") && said.contains("src/order/mod.rs"),
        "{said}"
    );
    assert!(
        !said.contains("decisions.rs"),
        "the user's file is not stale: {said}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.0.join("src/order/mod.rs"))
            .unwrap()
            .lines()
            .count(),
        2,
        "--check writes nothing"
    );

    assert_eq!(eventctl(&args(&[])).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.0.join("src/order/decisions.rs")).unwrap(),
        mine
    );
    assert!(
        std::fs::read_to_string(dir.0.join("src/order/mod.rs"))
            .unwrap()
            .len()
            > 1000,
        "regenerated"
    );

    dir.write("src/upcast.rs", "// a file of my own\n");
    let refused = eventctl(&args(&[]));
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("was not written by eventctl"));
    assert_eq!(
        std::fs::read_to_string(dir.0.join("src/upcast.rs")).unwrap(),
        "// a file of my own\n"
    );

    assert_eq!(eventctl(&args(&["--force"])).status.code(), Some(0));
    assert!(
        std::fs::read_to_string(dir.0.join("src/order/decisions.rs"))
            .unwrap()
            .contains("impl OrderDecisions")
    );
    std::fs::remove_file(dir.0.join("src/order/decisions.rs")).unwrap();
    let check = eventctl(&args(&["--check"]));
    assert!(String::from_utf8_lossy(&check.stderr).contains("missing:"));
}

#[test]
fn templates_eject_override_and_report_their_errors() {
    let dir = TempDir::new("gen-templates");
    let templates = dir.0.join("templates");
    let out = eventctl(&["gen", "--eject-templates", templates.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(templates.join("context.rs.jinja").is_file());
    std::fs::write(templates.join("lib.rs.jinja"), "// @generated by eventctl\n// custom {{ gen.catalog }}\n{% for c in gen.contexts %}pub mod {{ c.module }};\n{% endfor %}pub mod upcast;\n").unwrap();
    let code = dir.0.join("code");
    let out = eventctl(&[
        "gen",
        "catalog-examples/shop",
        "--out",
        code.to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(code.join("mod.rs"))
            .unwrap()
            .contains("// custom shop")
    );
    std::fs::write(
        templates.join("upcast.rs.jinja"),
        "line one\n{% for x in %}\n",
    )
    .unwrap();
    let out = eventctl(&[
        "gen",
        "catalog-examples/shop",
        "--out",
        code.to_str().unwrap(),
        "--templates",
        templates.to_str().unwrap(),
    ]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(said.contains("upcast.rs.jinja:2"), "{said}");
}

#[test]
fn usage_errors_exit_2() {
    for (args, says) in [
        (
            vec![
                "gen",
                "catalog-examples/shop",
                "--out",
                "/tmp/x",
                "--crate",
                "bad name",
            ],
            "not a crate name",
        ),
        (
            vec![
                "gen",
                "catalog-examples/shop",
                "--out",
                "/tmp/x",
                "--context",
                "Nope",
            ],
            "no context `Nope`",
        ),
        (vec!["gen", "catalog-examples/shop"], "--out"),
    ] {
        let out = eventctl(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

const CQRS_UPCASTER: &str = r#"//! The cqrs-es upcaster brings a stored v1 `OrderPlaced` to v3, as the interpreter does.
use cqrs_es::persist::{EventUpcaster, SerializedEvent};

#[test]
fn stored_events_are_upcast_to_their_latest_version() {
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("upcast_cases.json")).expect("cases");
    let case = cases
        .iter()
        .find(|c| c["event"] == "Order.OrderPlaced" && c["from"] == 1 && !c["expected"].is_null())
        .expect("a v1 OrderPlaced");
    let stored = SerializedEvent::new(
        "o-1".into(),
        1,
        "Order".into(),
        "OrderPlaced".into(),
        "1".into(),
        serde_json::json!({"event_type": "OrderPlaced", "data": case["input"]}),
        serde_json::json!({}),
    );
    let upcaster = shop::cqrs::CatalogUpcaster;
    assert!(upcaster.can_upcast("OrderPlaced", "1"));
    assert!(!upcaster.can_upcast("OrderPlaced", "3"));
    let event = upcaster.upcast(stored);
    assert_eq!(event.event_version, "3");
    assert_eq!(event.payload["data"], case["expected"]);
    let typed: shop::order::OrderEvent = serde_json::from_value(event.payload).expect("a v3 event");
    assert_eq!(typed.event_type(), "OrderPlaced");
}
"#;

#[test]
fn cqrs_es_crates_build_lint_clean_and_pass_their_tests() {
    let dir = TempDir::new("gen-cqrs");
    let shop = dir.0.join("shop");
    generate_for("catalog-examples/shop", &shop, "shop", "cqrs-es");
    std::fs::write(
        shop.join("tests/upcast_cases.json"),
        serde_json::to_string(&upcast_cases()).unwrap(),
    )
    .unwrap();
    std::fs::write(shop.join("tests/upcaster.rs"), CQRS_UPCASTER).unwrap();
    std::fs::write(
        shop.join("tests/saga_query.rs"),
        crate::gen_model::CQRS_SAGA,
    )
    .unwrap();
    crate::gen_model::decide_shop(&shop);
    lint_and_test(&shop);
    for (catalog, name) in [
        ("catalog-examples/travel", "travel"),
        ("tests/fixtures/diagrams/hostile", "hostile"),
    ] {
        let out = dir.0.join(name);
        generate_for(catalog, &out, name, "cqrs-es");
        lint_and_test(&out);
    }
}

const PROJECTION: &str = r#"//! The generated `OrderView`, fed the hand-written shop log, holds the rows computed by hand.
use serde_json::Value;

#[test]
fn order_view_is_rebuilt_as_computed_by_hand() {
    let events: Vec<Value> = serde_json::from_str(include_str!("events.json")).expect("events");
    let mut view = shop::process::OrderView::default();
    for e in &events {
        let name = e["event"].as_str().expect("event");
        let from = e["version"].as_u64().expect("version");
        let payload = shop::upcast::upcast(name, from, e["payload"].clone()).expect("upcasts");
        view.update(name, &payload).expect("updates");
    }
    let expected: Vec<Value> = serde_json::from_str(include_str!("order_view.json")).expect("rows");
    assert_eq!(view.rows.len(), expected.len());
    for want in &expected {
        let got = serde_json::to_value(&view.rows[want["key"].as_str().expect("key")]).expect("row");
        for (field, value) in want["row"].as_object().expect("row") {
            if field == "order_id" {
                continue;
            }
            match value.as_f64() {
                Some(n) => assert_eq!(got[field].as_f64(), Some(n), "{field}"),
                None => assert_eq!(&got[field], value, "{field}"),
            }
        }
    }
}
"#;

#[test]
fn the_generated_view_agrees_with_the_hand_computed_order_view() {
    let dir = TempDir::new("gen-view");
    let shop = dir.0.join("shop");
    generate("catalog-examples/shop", &shop, "shop");
    let v = validate(&root().join("catalog-examples/shop"));
    let cat = v.catalog.as_ref().unwrap();
    let log = std::fs::read_to_string(crate::support::fixture("replay/shop.ndjson")).unwrap();
    let events: Vec<Value> = log
        .lines()
        .map(|line| {
            let e: Value = serde_json::from_str(line).unwrap();
            let short = e["event_type"].as_str().unwrap();
            let id = (0..cat.events.len())
                .map(eventctl::model::EventId::new)
                .find(|&i| cat.event(i).name.text == short)
                .unwrap();
            let version: u64 = e["event_version"].as_str().unwrap()[1..].parse().unwrap();
            json!({"event": cat.event_name(id), "version": version, "payload": e["data"]})
        })
        .collect();
    let rows: Vec<Value> =
        std::fs::read_to_string(crate::support::fixture("replay/shop.order_view.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    std::fs::write(
        shop.join("tests/events.json"),
        serde_json::to_string(&events).unwrap(),
    )
    .unwrap();
    std::fs::write(
        shop.join("tests/order_view.json"),
        serde_json::to_string(&rows).unwrap(),
    )
    .unwrap();
    std::fs::write(shop.join("tests/projection.rs"), PROJECTION).unwrap();
    cargo(&shop, &["test", "--quiet", "--test", "projection"]);
}
