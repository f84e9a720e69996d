//! Hostile catalogs: each case ends with a clear finding, never a panic, a hang or an OOM.

use crate::support::{TempDir, human, validate};
use eventctl::check::severity::CliOverrides;

fn rules_of(v: &eventctl::Validation) -> Vec<&'static str> {
    v.diagnostics.iter().map(|d| d.rule.id()).collect()
}

fn only_error(content: &[u8], name: &str) -> eventctl::Validation {
    let dir = TempDir::new(name);
    let path = dir.write("catalog.yaml", content);
    let v = validate(&path);
    assert!(v.has_errors(), "{name}: expected an error");
    v
}

#[test]
fn empty_file() {
    let v = only_error(b"", "empty");
    assert_eq!(rules_of(&v), ["yaml-syntax"]);
    assert!(human(&v).contains("file is empty"), "{}", human(&v));
    let v = only_error(b"  \n# only a comment\n", "blank");
    assert_eq!(rules_of(&v), ["yaml-syntax"]);
}

#[test]
fn binary_garbage() {
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let v = only_error(&bytes, "garbage");
    assert_eq!(rules_of(&v), ["yaml-syntax"]);
    let v = only_error(b"eventctl: 1\nname: \x00\x01\x02\n", "nul");
    assert_eq!(rules_of(&v), ["yaml-syntax"]);
}

#[test]
fn invalid_utf8_names_the_line() {
    let v = only_error(b"eventctl: 1\nname: caf\xe9\n", "utf8");
    assert_eq!(rules_of(&v), ["yaml-syntax"]);
    let place = eventctl::report::place(
        &v.sources,
        v.diagnostics[0].primary.as_ref().expect("span").span,
    );
    assert!(human(&v).contains("not valid UTF-8"));
    assert_eq!(place.line, 2);
}

#[test]
fn malformed_yaml_and_wrong_types() {
    let v = only_error(b"eventctl: 1\nname: \"unterminated\n", "malformed");
    assert_eq!(rules_of(&v), ["yaml-syntax"]);
    let v = only_error(b"eventctl: 1\nname: shop\ncontexts: [1, 2]\n", "wrong-type");
    assert_eq!(rules_of(&v), ["invalid-value"]);
    let v = only_error(b"eventctl: one\nname: shop\n", "version-type");
    assert_eq!(rules_of(&v), ["format-version"]);
}

#[test]
fn alias_bomb_is_refused() {
    let mut text =
        String::from("eventctl: 1\nname: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let v = only_error(text.as_bytes(), "alias-bomb");
    assert_eq!(rules_of(&v).len(), 1);
}

#[test]
fn deep_nesting_is_refused() {
    let depth = 100_000;
    let flow = format!(
        "eventctl: 1\nname: deep\ncontexts: {{A: {{aggregates: {{B: {{id: b, states: [s], initial: s, commands: {{C: {{emits: E, schema: {}{}}}}}}}}}}}}}}}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let v = only_error(flow.as_bytes(), "deep-flow");
    assert_eq!(rules_of(&v), ["yaml-syntax"]);
    let mut block = String::from("eventctl: 1\nname: deep\ncontexts:\n");
    for i in 0..depth.min(20_000) {
        block.push_str(&" ".repeat(i + 2));
        block.push_str("a:\n");
    }
    let v = only_error(block.as_bytes(), "deep-block");
    assert_eq!(rules_of(&v).len(), 1, "{}", human(&v));
}

#[test]
fn fifty_megabyte_file_is_read() {
    let mut text = String::from("eventctl: 1\nname: big\ndescription: ");
    text.push_str(&"lorem ipsum ".repeat(50 * 1024 * 1024 / 12));
    text.push_str("\ncontexts: {Shop: {aggregates: {Cart: {id: cart_id, states: [open], initial: open, unknown: 1}}}}\n");
    let v = only_error(text.as_bytes(), "fifty-mb");
    assert_eq!(rules_of(&v), ["unknown-key"]);
}

#[test]
fn missing_catalog_is_an_io_error() {
    let dir = TempDir::new("missing");
    let err = eventctl::validate(&dir.0.join("nope.yaml"), &CliOverrides::default()).unwrap_err();
    assert!(err.to_string().contains("no such file"), "{err}");
    let err = eventctl::validate(&dir.0, &CliOverrides::default()).unwrap_err();
    assert!(err.to_string().contains("no catalog in folder"), "{err}");
}

#[test]
fn include_glob_outside_the_root_is_refused_before_listing() {
    let dir = TempDir::new("outside-glob");
    let path = dir.write(
        "catalog.yaml",
        "eventctl: 1\nname: x\ninclude: [\"/**/*.yaml\"]\n",
    );
    let v = validate(&path);
    assert_eq!(rules_of(&v), ["include-outside-root"]);
}

#[test]
fn schema_file_outside_the_root_is_refused() {
    let dir = TempDir::new("outside-schema");
    let text = "eventctl: 1\nname: x\ncontexts:\n  A:\n    aggregates:\n      B:\n        id: b_id\n        states: [s]\n        initial: s\n        commands:\n          DoIt:\n            external: true\n            emits: ItDone\n            schema_file: /etc/passwd\n        events:\n          ItDone:\n            versions: [{version: 1, schema: {type: object}}]\n";
    let v = validate(&dir.write("catalog.yaml", text));
    assert!(rules_of(&v).contains(&"schema-file"), "{}", human(&v));
    assert!(
        human(&v).contains("outside the catalog's folder"),
        "{}",
        human(&v)
    );
}

#[test]
fn hostile_names_never_break_messages() {
    let dir = TempDir::new("names");
    let text = "eventctl: 1\nname: x\ncontexts:\n  \"../../etc\":\n    aggregates: {}\n  \"A\\nB\":\n    aggregates: {}\n  Match:\n    aggregates: {}\n";
    let v = validate(&dir.write("catalog.yaml", text));
    let out = human(&v);
    assert_eq!(
        rules_of(&v),
        ["invalid-name", "invalid-name", "invalid-name"],
        "{out}"
    );
    assert!(
        out.contains("A\\nB"),
        "control characters are escaped: {out}"
    );
    assert!(out.contains("Rust keyword `match`"), "{out}");
}

#[test]
fn an_unknown_key_in_a_trigger_is_reported_at_the_key() {
    let dir = TempDir::new("trigger-key");
    let text = std::fs::read_to_string(crate::support::fixture("rules/clean/catalog.yaml"))
        .expect("fixture")
        .replace("            to: closed\n", "            to: closed\n            triggers:\n              - command: CloseCart\n                mapp: {cart_id: cart_id}\n");
    let v = validate(&dir.write("catalog.yaml", text));
    let d = v
        .diagnostics
        .iter()
        .find(|d| d.rule == "unknown-key")
        .expect("unknown-key");
    let place = eventctl::report::place(&v.sources, d.primary.as_ref().expect("span").span);
    assert_eq!((place.line, place.column), (22, 17), "{}", human(&v));
    assert!(d.message.contains("did you mean `map`"));
}

#[test]
fn a_long_flow_list_is_shown_around_each_finding() {
    let dir = TempDir::new("long-line");
    let states: Vec<String> = (0..5_000).map(|i| format!("s{i}")).collect();
    let text = std::fs::read_to_string(crate::support::fixture("rules/clean/catalog.yaml"))
        .expect("fixture")
        .replace(
            "states: [open, closed]",
            &format!("states: [open, closed, {}]", states.join(", ")),
        );
    let v = validate(&dir.write("catalog.yaml", text.clone()));
    let out = human(&v);
    let last = v
        .diagnostics
        .iter()
        .find(|d| d.message.contains("`s4999`"))
        .expect("s4999 is unreachable");
    let place = eventctl::report::place(&v.sources, last.primary.as_ref().expect("span").span);
    let line = text.lines().nth(place.line - 1).expect("line");
    assert_eq!(
        line.find("s4999").unwrap() + 1,
        place.column,
        "the line is ASCII"
    );
    let header = format!(":{}:{}", place.line, place.column);
    assert!(
        out.contains(&header),
        "the header gives the real column {header}"
    );
    // Each finding shows a part of the line, not all 40 kB of it.
    assert!(out.len() < 5_000 * 1_000, "{} bytes of output", out.len());
    let shown = out
        .lines()
        .find(|l| l.ends_with("s4998, s4999]"))
        .expect("the end of the line is shown");
    assert!(shown.contains("| …"), "an ellipsis marks the cut: {shown}");
}

#[test]
fn replay_refuses_other_version_spellings_and_duplicate_keys() {
    let dir = TempDir::new("replay-spellings");
    let line = |version: &str, extra: &str| {
        format!(
            "{{\"event_id\":\"e-{version}\",\"event_type\":\"OrderPlaced\",\"event_version\":\"{version}\",\"aggregate_id\":\"o-1\",\"aggregate_type\":\"Order\",\"occurred_at\":\"2025-12-12T10:01:00Z\",\"correlation_id\":\"c\"{extra},\"data\":{{\"order_id\":\"o-1\",\"customer_id\":\"c-1\",\"items\":[{{\"product_id\":\"p-1\",\"quantity\":2,\"price\":5}}],\"total_amount\":10}}}}\n"
        )
    };
    let log = dir.write(
        "log.ndjson",
        [
            line("V1", ""),
            line("v01", ""),
            line("v1", ",\"correlation_id\":\"other\""),
        ]
        .concat(),
    );
    let out = crate::support::eventctl(&["replay", "catalog-examples/shop", log.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let text = format!("{stdout}{stderr}");
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains(":1: `Order.OrderPlaced` has versions 1 to 3; the envelope says `V1`"),
        "{text}"
    );
    assert!(text.contains("the envelope says `v01`"), "{text}");
    assert!(text.contains("`correlation_id` appears twice"), "{text}");
}
