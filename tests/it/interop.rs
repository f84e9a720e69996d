//! `eventctl export asyncapi`: what the shop's document holds, and every exported document
//! (the examples', and those of the real AsyncAPI documents once imported) validated by the
//! real AsyncAPI CLI (`@asyncapi/cli@4.1.1`). Without the CLI that test says
//! so in one line and skips; with `EVENTCTL_RENDERERS=required` (as `.ci/run` sets, after
//! `.ci/install-renderers`) it always runs, and a missing CLI fails it.

use crate::support::{TempDir, eventctl, root};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn export(args: &[&str]) -> Value {
    let mut all = vec!["export", "asyncapi"];
    all.extend(args);
    let out = eventctl(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("a JSON document")
}

#[test]
fn the_shop_maps_events_versions_envelope_and_readers() {
    let doc = export(&["catalog-examples/shop"]);
    assert_eq!(doc["asyncapi"], "3.0.0");
    let placed = &doc["channels"]["Order.OrderPlaced"];
    assert_eq!(placed["address"], "Order.OrderPlaced.v{version}");
    assert_eq!(
        placed["parameters"]["version"]["enum"],
        serde_json::json!(["1", "2", "3"])
    );
    assert_eq!(placed["x-eventctl"]["to"], "pending_inventory");
    let v3 = &doc["components"]["messages"]["Order.OrderPlaced.v3"];
    assert_eq!(
        v3["payload"]["schemaFormat"],
        "application/schema+json;version=draft-07"
    );
    assert!(
        v3["payload"]["schema"]["properties"]["order_items"].is_object(),
        "{v3}"
    );
    assert_eq!(
        v3["correlationId"]["location"],
        "$message.header#/correlation_id"
    );
    let required = v3["headers"]["required"].as_array().unwrap();
    assert!(
        required.iter().any(|f| f == "correlation_id") && !required.iter().any(|f| f == "data")
    );
    let ops = doc["operations"].as_object().unwrap();
    assert_eq!(ops["Order.OrderPlaced.send"]["action"], "send");
    assert_eq!(
        ops["Order.OrderPlaced.send"]["messages"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        ops["Inventory.receive.Order.OrderPlaced"]["action"],
        "receive"
    );
    assert!(ops.contains_key("saga.OrderFulfillment.receive.Order.OrderPlaced"));
    // An event read only inside its own context is sent, never received.
    assert!(
        ops.keys().all(|k| !k.starts_with("Order.receive.Order.")),
        "{:?}",
        ops.keys()
    );
    let contexts = doc["info"]["x-eventctl"]["contexts"].as_array().unwrap();
    assert!(
        contexts
            .iter()
            .any(|c| c["name"] == "Order" && c["owner"] == "orders-team")
    );
}

#[test]
fn one_context_s_document_and_other_addresses() {
    let doc = export(&["catalog-examples/shop", "--context", "Inventory"]);
    let ops = doc["operations"].as_object().unwrap();
    assert!(ops.contains_key("Inventory.receive.Order.OrderPlaced"));
    assert!(ops.contains_key("Inventory.InventoryReserved.send"));
    assert!(!ops.contains_key("Order.OrderPlaced.send"));
    assert!(
        doc["channels"].get("Order.OrderCompleted").is_none(),
        "channels Inventory never uses stay out"
    );
    let doc = export(&[
        "catalog-examples/shop",
        "--address",
        "shop.{context}.{aggregate}",
    ]);
    let placed = &doc["channels"]["Order.OrderPlaced"];
    assert_eq!(placed["address"], "shop.Order.Order");
    assert!(placed.get("parameters").is_none());
    let out = eventctl(&[
        "export",
        "asyncapi",
        "catalog-examples/shop",
        "--context",
        "Billing",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("no context `Billing`") && said.contains("Inventory"),
        "{said}"
    );
}

/// The AsyncAPI CLI, or `None` (after saying so) when it is missing and not required.
fn asyncapi_cli(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("EVENTCTL_ASYNCAPI")
        .map(PathBuf::from)
        .or_else(|| {
            let path = std::env::var_os("PATH").unwrap_or_default();
            std::env::split_paths(&path)
                .map(|d| d.join("asyncapi"))
                .find(|p| p.is_file())
        });
    let required = std::env::var("EVENTCTL_RENDERERS").is_ok_and(|v| v == "required");
    if found.is_none() {
        assert!(
            !required,
            "{test}: `asyncapi` is not on the PATH; run .ci/install-renderers"
        );
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped {test}: it needs the AsyncAPI CLI; run .ci/install-renderers (npm install @asyncapi/cli@4.1.1) and put its folder on PATH"
        );
    }
    found
}

fn cli_validates(cli: &Path, doc: &Path) {
    let out = Command::new(cli)
        .arg("validate")
        .arg(doc)
        .output()
        .expect("the AsyncAPI CLI runs");
    let said =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && said.contains("is valid"),
        "{}: {said}",
        doc.display()
    );
    assert!(!said.contains("  error  "), "{}: {said}", doc.display());
}

#[test]
fn the_asyncapi_cli_validates_every_exported_document() {
    let Some(cli) = asyncapi_cli("the_asyncapi_cli_validates_every_exported_document") else {
        return;
    };
    let dir = TempDir::new("asyncapi-cli");
    let starter = dir.0.join("starter");
    let out = eventctl(&["init", starter.to_str().unwrap()]);
    assert!(out.status.success());
    let mut exports: Vec<(String, Vec<String>)> = vec![
        ("shop".into(), vec!["catalog-examples/shop".into()]),
        ("travel".into(), vec!["catalog-examples/travel".into()]),
        (
            "hostile".into(),
            vec!["tests/fixtures/hostile/saga-40-steps.yaml".into()],
        ),
        ("starter".into(), vec![starter.display().to_string()]),
    ];
    for c in ["Order", "Inventory", "Payment", "Shipping"] {
        exports.push((
            format!("shop-{c}"),
            vec!["catalog-examples/shop".into(), "--context".into(), c.into()],
        ));
    }
    for (name, args) in exports {
        let doc = dir.0.join(format!("{name}.json"));
        let mut all = vec!["export".to_string(), "asyncapi".into()];
        all.extend(args);
        all.extend(["-o".into(), doc.display().to_string()]);
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let out = eventctl(&all);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        cli_validates(&cli, &doc);
    }
    // Each real AsyncAPI document, imported, exports to a document the CLI accepts.
    for (name, files) in crate::import::real_documents() {
        let catalog = dir.0.join(format!("imported-{name}"));
        crate::import::import(&files, &catalog, 0);
        let doc = dir.0.join(format!("imported-{name}.json"));
        let out = eventctl(&[
            "export",
            "asyncapi",
            catalog.to_str().unwrap(),
            "-o",
            doc.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        cli_validates(&cli, &doc);
    }
    // A broken document fails, so the check above can.
    let mut broken: Value =
        serde_json::from_slice(&std::fs::read(dir.0.join("shop.json")).unwrap()).unwrap();
    broken["channels"]["Order.OrderPlaced"]["messages"]["v1"]["$ref"] =
        "#/components/messages/nope".into();
    let bad = dir.write("broken.json", broken.to_string());
    let out = Command::new(&cli)
        .arg("validate")
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(root().join("catalog-examples/shop").is_dir());
}

#[test]
fn the_registry_layout_holds_each_version_its_body_and_level() {
    let dir = TempDir::new("export-jsonschema");
    let out = dir.0.join("registry");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "export",
            "jsonschema",
            "catalog-examples/shop",
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend(extra);
        eventctl(&args)
    };
    let done = run(&[]);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let index: Value =
        serde_json::from_slice(&std::fs::read(out.join("subjects.json")).unwrap()).unwrap();
    let placed: Vec<&Value> = index["subjects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["event"] == "Order.OrderPlaced")
        .collect();
    assert_eq!(placed.len(), 3);
    assert!(
        placed
            .iter()
            .all(|s| s["subject"] == "Order.OrderPlaced-value")
    );
    assert_eq!(placed[2]["version"], 3);
    assert_eq!(
        placed[2]["compatibility"], "FULL_TRANSITIVE",
        "the shop's v3 step is full_transitive"
    );
    let file = out.join(placed[2]["file"].as_str().unwrap());
    let schema: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(schema["properties"]["order_items"].is_object(), "{schema}");
    assert!(
        jsonschema::validator_for(&schema).is_ok(),
        "a schema that compiles"
    );
    let body: Value = serde_json::from_slice(
        &std::fs::read(out.join(placed[2]["confluent"].as_str().unwrap())).unwrap(),
    )
    .unwrap();
    assert_eq!(body["schemaType"], "JSON");
    let registered: Value = serde_json::from_str(body["schema"].as_str().unwrap()).unwrap();
    assert_eq!(registered, schema, "the body registers the file's schema");
    // Run again: nothing changes; a file eventctl did not write is never replaced.
    assert!(run(&[]).status.success());
    std::fs::write(out.join("subjects.json"), "{\"mine\": true}\n").unwrap();
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(out.join("subjects.json")).unwrap(),
        "{\"mine\": true}\n"
    );
    let named = dir.0.join("named");
    let done = eventctl(&[
        "export",
        "jsonschema",
        "catalog-examples/shop",
        "-o",
        named.to_str().unwrap(),
        "--subject",
        "shop.{context}.{event}",
    ]);
    assert!(done.status.success());
    let index = std::fs::read_to_string(named.join("subjects.json")).unwrap();
    assert!(
        index.contains("\"subject\":\"shop.Order.OrderPlaced\""),
        "{index}"
    );
}
