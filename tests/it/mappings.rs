//! Trigger mappings are checked by the compatibility engine: bounds, enums and formats, not
//! JSON types alone, and every version a reader in another context receives as published.

use crate::support::{fixture, human, validate};

fn rules(rel: &str) -> (Vec<&'static str>, String) {
    let v = validate(&fixture(rel));
    let ids = v.diagnostics.iter().map(|d| d.rule.id()).collect();
    (ids, human(&v))
}

#[test]
fn a_zero_total_copied_into_a_positive_amount_is_reported_with_the_zero() {
    let (ids, text) = rules("mapping/bounds");
    assert_eq!(ids, ["mapping-type-mismatch"], "{text}");
    assert!(text.contains("such as 0:"), "{text}");
    insta::assert_snapshot!("mapping-bounds", text);
}

#[test]
fn a_reader_in_another_context_gets_the_older_version_as_published() {
    let (ids, text) = rules("mapping/older-version");
    assert_eq!(ids, ["mapping-type-mismatch"], "{text}");
    assert!(
        text.contains("`total` (v1) is copied into `amount`"),
        "{text}"
    );
    insta::assert_snapshot!("mapping-older-version", text);
}

#[test]
fn inside_the_context_only_the_upcast_latest_version_counts() {
    let (ids, text) = rules("mapping/older-version-same-context");
    assert!(ids.is_empty(), "{text}");
}
