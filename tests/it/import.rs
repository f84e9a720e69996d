//! `eventctl import asyncapi`: real AsyncAPI 2.6 and 3.x documents (tests/fixtures/asyncapi,
//! see its NOTICE) import to catalogs without errors, the round trip through export keeps
//! channels, messages and payloads, and hostile documents get clear errors.

use crate::support::{TempDir, eventctl, fixture, root};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Every real document set of the fixtures: a name and its files.
pub fn real_documents() -> Vec<(String, Vec<PathBuf>)> {
    let dir = fixture("asyncapi");
    let mut sets: Vec<(String, Vec<PathBuf>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .map(|p| {
            (
                p.file_stem().unwrap().to_string_lossy().into_owned(),
                vec![p],
            )
        })
        .collect();
    sets.sort();
    let social = [
        "backend",
        "comments-service",
        "frontend",
        "notification-service",
        "public-api",
    ]
    .map(|s| dir.join("social-media").join(s).join("asyncapi.yaml"));
    sets.push(("social-media".into(), social.to_vec()));
    sets
}

/// Imports `files` into `out`; returns stderr, asserting exit `code`.
pub fn import(files: &[PathBuf], out: &Path, code: i32) -> String {
    let mut args = vec!["import".to_string(), "asyncapi".into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(["-o".into(), out.display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = eventctl(&args);
    let err = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(code), "{args:?}: {err}");
    err
}

fn export(catalog: &Path) -> Value {
    let out = eventctl(&["export", "asyncapi", catalog.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_real_document_imports_without_errors_and_exports_again() {
    let dir = TempDir::new("import-real");
    let sets = real_documents();
    assert_eq!(
        sets.len(),
        10,
        "the fixtures hold nine documents and the social-media set"
    );
    for (name, files) in sets {
        let out = dir.0.join(&name);
        let said = import(&files, &out, 0);
        assert!(said.contains(": 0 errors,"), "{name}: {said}");
        let doc = export(&out);
        let messages = doc["components"]["messages"].as_object().unwrap();
        assert!(!messages.is_empty(), "{name}: no message exported");
    }
}

#[test]
fn versions_contexts_and_formats_come_from_the_documents() {
    let dir = TempDir::new("import-what");
    // Two versions per message, from `name` and `version: 2.0.0`; v2 adds a required field.
    let out = dir.0.join("versioning");
    let said = import(
        &[fixture("asyncapi/message-versioning-streetlight.yml")],
        &out,
        0,
    );
    let catalog = std::fs::read_to_string(out.join("catalog.yaml")).unwrap();
    assert!(
        catalog.contains("LightMeasured:") && catalog.contains("TurnOn:"),
        "{catalog}"
    );
    assert_eq!(catalog.matches("- version: 2").count(), 2, "{catalog}");
    assert!(
        catalog.contains("required-property-added") && catalog.contains("upcast-missing: warn")
    );
    assert!(said.contains(": 0 errors,"), "{said}");
    let v2: Value = serde_saphyr_json(
        &out.join("schemas/StreetlightAPIWithMessageVersioning.LightMeasured.v2.yaml"),
    );
    assert_eq!(
        v2["required"],
        serde_json::json!(["lumens", "colorTemperature", "sentAt"])
    );
    assert_eq!(v2["$schema"], "http://json-schema.org/draft-07/schema#");
    // With `--contexts tags`, a message's first tag names its context.
    let out = dir.0.join("tags");
    let file = fixture("asyncapi/message-versioning-streetlight.yml");
    let run = eventctl(&[
        "import",
        "asyncapi",
        file.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--contexts",
        "tags",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let catalog = std::fs::read_to_string(out.join("catalog.yaml")).unwrap();
    assert!(
        catalog.contains("\n  Lighting:\n") && catalog.contains("\n  Control:\n"),
        "{catalog}"
    );
    // An event lives with the service that sends it; its readers are noted.
    let out = dir.0.join("social");
    import(&real_documents().pop().unwrap().1, &out, 0);
    let catalog = std::fs::read_to_string(out.join("catalog.yaml")).unwrap();
    let backend = catalog.find("  WebsiteBackend:").unwrap();
    let comments = catalog.find("  CommentsService:").unwrap();
    let liked = catalog.find("CommentLiked:").unwrap();
    assert!(backend < liked && liked < comments, "{catalog}");
    assert_eq!(catalog.matches("CommentLiked:").count(), 1);
    assert!(
        catalog.contains("`receiveCommentLiked` in NotificationsService"),
        "{catalog}"
    );
    // AsyncAPI 2.6: `subscribe` is what the application sends.
    let out = dir.0.join("kafka-2.6");
    import(&[fixture("asyncapi/streetlights-kafka-2.6.yml")], &out, 0);
    let catalog = std::fs::read_to_string(out.join("catalog.yaml")).unwrap();
    assert!(
        catalog.contains("# Sent by operations `turnOn`, `turnOff`."),
        "{catalog}"
    );
    let dim: Value = serde_saphyr_json(&out.join("schemas/StreetlightsKafkaAPI.DimLight.v1.yaml"));
    assert_eq!(dim["properties"]["sentAt"]["$ref"], "#/definitions/sentAt");
    assert_eq!(dim["definitions"]["sentAt"]["format"], "date-time");
    // Avro payloads behind a URL: an open object and a note saying what to write.
    let said = import(
        &[fixture("asyncapi/adeo-kafka-request-reply-asyncapi.yml")],
        &dir.0.join("adeo"),
        0,
    );
    assert!(
        said.contains("application/vnd.apache.avro;version=1.9.0")
            && said.contains("write its JSON Schema"),
        "{said}"
    );
}

fn serde_saphyr_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.starts_with("# written by eventctl import asyncapi\n"));
    serde_json::from_str(text.split_once('\n').unwrap().1).unwrap()
}

#[test]
fn export_import_export_keeps_channels_messages_and_payloads() {
    let dir = TempDir::new("import-round-trip");
    for example in ["shop", "travel"] {
        let first = export(&root().join("catalog-examples").join(example));
        let doc = dir.write(&format!("{example}.json"), first.to_string());
        let out = dir.0.join(example);
        import(&[doc], &out, 0);
        let second = export(&out);
        for part in ["channels", "components", "info"] {
            assert_eq!(first[part], second[part], "{example}: {part} differs");
        }
        // What AsyncAPI cannot say comes back as operations only where the catalog says it.
        assert!(
            second["operations"]
                .as_object()
                .unwrap()
                .keys()
                .all(|k| k.ends_with(".send"))
        );
    }
    // A document whose `x-eventctl` says less (a hand-written one, or an older export): the
    // lifecycle keeps the states it names, and breaking steps without an upcast are marked.
    let mut thin = export(&root().join("catalog-examples/shop"));
    for channel in thin["channels"].as_object_mut().unwrap().values_mut() {
        let ext = channel["x-eventctl"].as_object_mut().unwrap();
        for key in ["id", "initial", "final", "compatibility"] {
            ext.remove(key);
        }
    }
    for message in thin["components"]["messages"]
        .as_object_mut()
        .unwrap()
        .values_mut()
    {
        let ext = message["x-eventctl"].as_object_mut().unwrap();
        ext.remove("upcast");
        ext.remove("compatibility");
    }
    thin["info"]["x-eventctl"]
        .as_object_mut()
        .unwrap()
        .remove("compatibility");
    let doc = dir.write("thin.json", thin.to_string());
    let out = dir.0.join("thin");
    let said = import(&[doc], &out, 0);
    assert!(said.contains(": 0 errors,"), "{said}");
    let catalog = std::fs::read_to_string(out.join("catalog.yaml")).unwrap();
    assert!(
        catalog.contains("initial: \"draft\"") && catalog.contains("to: \"pending_inventory\""),
        "{catalog}"
    );
    assert!(catalog.contains("upcast-missing: warn"), "{catalog}");
}

#[test]
fn hostile_documents_get_a_clear_error() {
    let dir = TempDir::new("import-hostile");
    let out = dir.0.join("out");
    let cases = [
        (
            "outside.yaml",
            "asyncapi: 3.0.0\ninfo: {title: T, version: '1'}\nchannels:\n  c: {$ref: '../../../../../../etc/hostname#/x'}\n",
            "leaves the documents' folder",
        ),
        (
            "loop.yaml",
            "asyncapi: 3.0.0\ninfo: {title: T, version: '1'}\nchannels:\n  c: {$ref: '#/channels/d'}\n  d: {$ref: '#/channels/c'}\n",
            "in a loop",
        ),
        (
            "openapi.yaml",
            "openapi: 3.0.0\ninfo: {title: T, version: '1'}\n",
            "no `asyncapi:` version",
        ),
        (
            "old.yaml",
            "asyncapi: 1.2.0\ninfo: {title: T, version: '1'}\n",
            "imports AsyncAPI 2.x and 3.x",
        ),
        ("broken.yaml", "asyncapi: 3.0.0\ninfo: [\n", "broken.yaml:"),
    ];
    for (name, text, says) in cases {
        let doc = dir.write(name, text);
        let said = import(&[doc], &out, 2);
        assert!(said.contains(says), "{name}: {said}");
        assert!(
            !out.join("catalog.yaml").exists(),
            "{name}: wrote a catalog"
        );
    }
    let said = import(std::slice::from_ref(&dir.0), &out, 2);
    assert!(said.contains("not a regular file"), "{said}");
    // A remote payload is never fetched: the schema stays open and a note says so.
    let doc = dir.write("remote.yaml", "asyncapi: 3.0.0\ninfo: {title: T, version: '1'}\nchannels:\n  c:\n    messages:\n      m: {payload: {$ref: 'https://example.com/s.json'}}\n");
    let said = import(std::slice::from_ref(&doc), &out, 0);
    assert!(said.contains("never fetches"), "{said}");
    // A file eventctl did not write is never replaced.
    std::fs::write(out.join("catalog.yaml"), "mine\n").unwrap();
    let said = import(&[doc], &out, 2);
    assert!(said.contains("was not written by eventctl"), "{said}");
    assert_eq!(
        std::fs::read_to_string(out.join("catalog.yaml")).unwrap(),
        "mine\n"
    );
}
