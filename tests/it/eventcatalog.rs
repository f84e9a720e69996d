//! `eventctl export eventcatalog`: the project is read back with EventCatalog's own SDK (npm
//! `@eventcatalog/sdk`), which finds every event version with its schema, every command,
//! service and domain. Without node and the SDK the test says so in one line and skips; with
//! `EVENTCTL_RENDERERS=required` (as `.ci/run` sets, after `.ci/install-renderers`) it always
//! runs, and a missing SDK fails it.

use crate::support::{TempDir, eventctl, fixture, root, tool};
use eventctl::check::severity::CliOverrides;
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The SDK's `node_modules` folder and node, or `None` (after saying so).
fn sdk(test: &str) -> Option<(PathBuf, PathBuf)> {
    let folder = std::env::var_os("EVENTCTL_EVENTCATALOG_SDK")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| {
                PathBuf::from(h).join(".cache/eventctl-renderers/eventcatalog/node_modules")
            })
        })
        .filter(|f| f.join("@eventcatalog/sdk").is_dir());
    let node = tool("node");
    let required = std::env::var("EVENTCTL_RENDERERS").is_ok_and(|v| v == "required");
    match (folder, node) {
        (Some(f), Some(n)) => Some((f, n)),
        _ => {
            assert!(
                !required,
                "{test}: node or @eventcatalog/sdk is missing; run .ci/install-renderers"
            );
            let _ = writeln!(
                std::io::stderr(),
                "skipped {test}: it needs node and npm @eventcatalog/sdk; run .ci/install-renderers (or set EVENTCTL_EVENTCATALOG_SDK to a node_modules holding it)"
            );
            None
        }
    }
}

/// What the SDK finds in `project` for `asks`.
fn read(node: &PathBuf, modules: &PathBuf, project: &std::path::Path, asks: &Value) -> Value {
    let mut child = Command::new(node)
        .arg(fixture("eventcatalog/read.js"))
        .arg(project)
        .env("NODE_PATH", modules)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(asks.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the SDK's findings as JSON")
}

#[test]
fn the_eventcatalog_sdk_finds_every_event_version_with_its_schema() {
    let Some((modules, node)) =
        sdk("the_eventcatalog_sdk_finds_every_event_version_with_its_schema")
    else {
        return;
    };
    let dir = TempDir::new("eventcatalog");
    for example in ["shop", "travel"] {
        let source = root().join("catalog-examples").join(example);
        let project = dir.0.join(example);
        let out = eventctl(&[
            "export",
            "eventcatalog",
            source.to_str().unwrap(),
            "-o",
            project.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let cat = eventctl::validate(&source, &CliOverrides::default())
            .unwrap()
            .catalog
            .unwrap();
        let mut events = Vec::new();
        let mut schemas = Vec::new();
        for (i, e) in cat.events.iter().enumerate() {
            let id = cat.event_name(eventctl::model::EventId::new(i));
            for v in &e.versions {
                events.push(json!([id, format!("{}.0.0", v.number)]));
                schemas.push(v.schema.as_ref().map(|s| s.value()));
            }
        }
        let commands: Vec<String> = (0..cat.commands.len())
            .map(|i| cat.command_name(eventctl::model::CommandId::new(i)))
            .collect();
        let services: Vec<String> = (0..cat.aggregates.len())
            .map(|i| cat.aggregate_name(eventctl::model::AggregateId::new(i)))
            .collect();
        let domains: Vec<&str> = cat.contexts.iter().map(|c| c.name.text.as_str()).collect();
        let asks = json!({"events": events, "commands": commands, "services": services, "domains": domains});
        let found = read(&node, &modules, &project, &asks);
        for ((ask, got), schema) in events
            .iter()
            .zip(found["events"].as_array().unwrap())
            .zip(&schemas)
        {
            assert_eq!(got["id"], ask[0], "{example}: {ask} not found");
            assert_eq!(got["version"], ask[1], "{example}: {ask}");
            let mut read_back = got["schema"].clone();
            if let Value::Object(o) = &mut read_back {
                assert!(
                    o.remove("$comment").is_some(),
                    "{example}: {ask}: no marker"
                );
            }
            assert_eq!(
                Some(&read_back),
                schema.as_ref(),
                "{example}: {ask}: schema"
            );
        }
        assert_eq!(found["commands"], json!(commands), "{example}");
        for (s, name) in found["services"].as_array().unwrap().iter().zip(&services) {
            assert_eq!(&s["id"], name, "{example}");
            assert!(
                !s["sends"].as_array().unwrap().is_empty(),
                "{example}: {name} sends nothing"
            );
        }
        for (d, name) in found["domains"].as_array().unwrap().iter().zip(&domains) {
            assert_eq!(d["id"], *name, "{example}");
        }
        // A version that is not there is not found, so the lookups above can fail.
        let missing = read(
            &node,
            &modules,
            &project,
            &json!({"events": [[events[0][0], "99.0.0"]], "commands": [], "services": [], "domains": []}),
        );
        assert_eq!(missing["events"][0], Value::Null);
    }
}

#[test]
fn a_page_per_domain_service_event_version_and_command_rewritten_but_never_over_a_user_s_file() {
    let dir = TempDir::new("eventcatalog-pages");
    let project = dir.0.join("shop");
    let export = |force: bool| {
        let mut args = vec![
            "export",
            "eventcatalog",
            "catalog-examples/shop",
            "-o",
            project.to_str().unwrap(),
        ];
        if force {
            args.push("--force");
        }
        eventctl(&args)
    };
    assert!(export(false).status.success());
    for page in [
        "domains/Order/index.mdx",
        "domains/Order/services/Order/index.mdx",
        "events/Order.OrderPlaced/index.mdx",
        "events/Order.OrderPlaced/versioned/1.0.0/index.mdx",
        "events/Order.OrderPlaced/versioned/2.0.0/schema.json",
        "commands/Payment.ProcessPayment/index.mdx",
        "teams/orders-team/index.mdx",
    ] {
        assert!(project.join(page).is_file(), "{page}");
    }
    let latest =
        std::fs::read_to_string(project.join("events/Order.OrderPlaced/index.mdx")).unwrap();
    assert!(
        latest.starts_with(
            "---\n# written by eventctl export eventcatalog\nid: \"Order.OrderPlaced\"\n"
        ),
        "{latest}"
    );
    assert!(
        latest.contains("version: \"3.0.0\"") && latest.contains("- rename `price` → `unit_price`"),
        "{latest}"
    );
    let service =
        std::fs::read_to_string(project.join("domains/Order/services/Order/index.mdx")).unwrap();
    assert!(
        service.contains("stateDiagram-v2")
            && service.contains("{\"id\":\"Payment.PaymentProcessed\",\"version\":\"1.0.0\"}"),
        "{service}"
    );
    // Its own files, marked after the front matter's opener, are rewritten; a user's is not.
    assert!(export(false).status.success());
    let users = project.join("domains/Order/index.mdx");
    std::fs::write(&users, "---\nid: Order\n---\nmine\n").unwrap();
    let out = export(false);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not written by eventctl"));
    assert_eq!(
        std::fs::read_to_string(&users).unwrap(),
        "---\nid: Order\n---\nmine\n"
    );
    assert!(export(true).status.success());
}
