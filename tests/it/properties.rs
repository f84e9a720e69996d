//! Properties: whatever the input, validation returns findings with spans inside their files.

use crate::support::{TempDir, root};
use proptest::prelude::*;

fn check_spans(v: &eventctl::Validation) {
    for d in &v.diagnostics {
        for label in d.primary.iter().chain(&d.secondary) {
            let file = v.sources.get(label.span.file);
            assert!(label.span.start <= label.span.end, "{d:?}");
            assert!(label.span.end <= file.text.len(), "{d:?}");
            assert!(file.text.is_char_boundary(label.span.start), "{d:?}");
        }
        let _ = eventctl::report::human(&v.diagnostics, &v.sources, false);
        let _ = eventctl::report::sarif(&v.diagnostics, &v.sources);
    }
}

fn run(dir: &TempDir, text: &[u8]) {
    let path = dir.write("catalog.yaml", text);
    if let Ok(v) = eventctl::validate(&path, &Default::default()) {
        check_spans(&v);
    }
}

fn shop() -> String {
    std::fs::read_to_string(root().join("catalog-examples/shop/catalog.yaml")).expect("shop")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let dir = TempDir::new("prop-bytes");
        run(&dir, &bytes);
    }

    #[test]
    fn shop_with_a_line_removed_never_panics(line in 0usize..500) {
        let text = shop();
        let lines: Vec<&str> = text.lines().collect();
        let line = line % lines.len();
        let mutated: Vec<&str> = lines.iter().enumerate().filter(|(i, _)| *i != line).map(|(_, l)| *l).collect();
        let dir = TempDir::new("prop-line");
        let path = dir.write("catalog.yaml", mutated.join("\n"));
        dir.write("schemas/order_placed.v3.json", std::fs::read(root().join("catalog-examples/shop/schemas/order_placed.v3.json")).expect("schema"));
        let v = eventctl::validate(&path, &Default::default()).expect("loads");
        check_spans(&v);
    }

    #[test]
    fn shop_with_a_word_replaced_never_panics(at in 0usize..20_000, word in "[A-Za-z.:{}\\[\\]#&*!|>-]{0,8}") {
        let text = shop();
        let mut at = at % text.len();
        while !text.is_char_boundary(at) { at -= 1; }
        let end = text[at..].find(char::is_whitespace).map_or(text.len(), |e| at + e);
        let mutated = format!("{}{}{}", &text[..at], word, &text[end..]);
        let dir = TempDir::new("prop-word");
        run(&dir, mutated.as_bytes());
    }
}

fn schema_strategy() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::json;
    let leaf = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "integer", "minimum": 0})),
        Just(json!({"type": "number", "maximum": 5})),
        Just(json!({"enum": ["a", "b", 1]})),
        Just(json!({"type": "string", "pattern": "^a"})),
        Just(json!({"$ref": "#"})),
        Just(json!({"$ref": "#/nowhere"})),
        Just(json!(true)),
        Just(json!(false)),
        Just(json!({})),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"anyOf": v})),
            proptest::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"oneOf": v})),
            proptest::collection::vec(inner.clone(), 1..3).prop_map(|v| json!({"allOf": v})),
            inner.clone().prop_map(|v| json!({"not": v})),
            inner.clone().prop_map(|v| json!({"type": "array", "items": v, "maxItems": 3})),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| json!({"type": "object", "properties": {"a": a}, "additionalProperties": b, "required": ["a"]})),
            (inner.clone(), inner).prop_map(|(a, b)| json!({"if": a, "then": b})),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn compat_never_panics_and_a_schema_is_compatible_with_itself(a in schema_strategy(), b in schema_strategy()) {
        use eventctl::compat::{Mode, Profile, Verdict, check};
        let _ = check(&a, &b, Mode::Full, Profile::Strict);
        let same = check(&a, &a, Mode::Full, Profile::Strict);
        prop_assert_ne!(same.verdict, Verdict::Incompatible, "{:#?}", same.findings);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Soundness: when the engine says backward compatible, every sample the old schema accepts
    /// is accepted by the new one.
    #[test]
    fn compatible_means_no_sample_is_lost(a in schema_strategy(), b in schema_strategy()) {
        use eventctl::compat::{Mode, Profile, check, synth};
        let (Ok(va), Ok(vb)) = (jsonschema::options().offline().build(&a), jsonschema::options().offline().build(&b)) else {
            return Ok(());
        };
        if check(&a, &b, Mode::Backward, Profile::Strict).fails() {
            return Ok(());
        }
        for sample in synth::samples(&a).into_iter().filter(|s| va.is_valid(s)) {
            prop_assert!(vb.is_valid(&sample), "{sample} is valid under {a} but not under {b}");
        }
    }
}

/// A line of the hand-written shop log with one byte replaced, or cut short.
fn mutated_log_line(line: usize, at: usize, byte: u8, cut: bool) -> Vec<u8> {
    let log = std::fs::read(root().join("tests/fixtures/replay/shop.ndjson")).expect("log");
    let lines: Vec<&[u8]> = log
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = lines[line % lines.len()].to_vec();
    let at = at % out.len();
    if cut {
        out.truncate(at);
    } else {
        out[at] = byte;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn replay_never_panics_on_damaged_lines(
        line in 0usize..64, at in 0usize..4096, byte in any::<u8>(), cut in any::<bool>(),
        noise in proptest::collection::vec(any::<u8>(), 0..256),
    ) {
        let v = eventctl::validate(&root().join("catalog-examples/shop"), &Default::default())
            .expect("shop loads");
        let cat = v.catalog.as_ref().expect("catalog");
        let up = eventctl::upcast::Upcaster::new();
        let options = eventctl::replay::Options {
            validate_payloads: true,
            projections: vec![eventctl::model::ProjectionId::new(0)],
            fail_fast: false,
            ..Default::default()
        };
        let mut replay = eventctl::replay::Replay::new(cat, &up, options).expect("plan");
        replay.line(1, &mutated_log_line(line, at, byte, cut), true);
        replay.line(2, &noise, false);
        let (summary, _) = replay.finish();
        prop_assert!(summary.findings.iter().all(|f| !f.message.is_empty()));
    }
}
