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
