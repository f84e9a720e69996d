//! Properties of the three escapers: whatever the text, what comes out holds no syntax.

use proptest::prelude::*;

/// Removes `#123;` or `&#123;` entities and `<U+00AB>` escapes, leaving the plain text around
/// them.
fn strip(s: &str, entity: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    loop {
        let next_entity = rest.find(entity);
        let next_u = rest.find("<U+");
        let cut = match (next_entity, next_u) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => {
                out.push_str(rest);
                return out;
            }
        };
        out.push_str(&rest[..cut]);
        let tail = &rest[cut..];
        let end = if tail.starts_with("<U+") {
            tail.find('>')
        } else {
            tail.find(';')
        };
        match end {
            Some(e) => rest = &tail[e + 1..],
            None => {
                out.push_str(tail);
                return out;
            }
        }
    }
}

proptest! {
    #[test]
    fn mermaid_text_is_plain(s in "\\PC*|[\"#;%|<>\\[\\]{}`\\n\\r:-]{0,40}") {
        let out = super::mermaid::text(&s);
        let plain = strip(&out, "#");
        prop_assert!(plain.chars().all(|c| c.is_alphanumeric() || " _.,()/→".contains(c)), "{out}");
    }

    #[test]
    fn dot_text_never_closes_its_string(s in "\\PC*|[\"\\\\\\n\\r{}]{0,40}") {
        let out = super::dot::text(&s);
        let mut chars = out.chars();
        while let Some(c) = chars.next() {
            prop_assert!(c != '"' && c != '\n' && c != '\r', "{out}");
            if c == '\\' {
                prop_assert!(chars.next().is_some(), "a trailing backslash in {out}");
            }
        }
    }

    #[test]
    fn plantuml_text_is_plain(s in "\\PC*|[\"\\\\$_/\\-*~<>\\n@]{0,40}") {
        let out = super::plantuml::text(&s);
        let plain = strip(&out, "&#");
        prop_assert!(plain.chars().all(|c| c.is_alphanumeric() || " .,()→_/-".contains(c)), "{out}");
        // Creole markup is read before entities are decoded, so only literal pairs matter.
        for pair in ["__", "//", "--"] {
            prop_assert!(!out.contains(pair), "{out}");
        }
    }
}
