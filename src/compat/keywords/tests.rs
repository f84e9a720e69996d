//! One case or more per keyword rule, on the rule functions directly.

use super::*;
use serde_json::json;

fn m(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

fn rules(issues: &[Issue]) -> Vec<CompatRule> {
    issues.iter().map(|i| i.rule).collect()
}

#[test]
fn type_narrowed_and_changed() {
    assert_eq!(
        type_rule(
            &m(json!({"type": "integer"})),
            &m(json!({"type": "number"}))
        ),
        None
    );
    assert_eq!(
        type_rule(
            &m(json!({"type": ["string", "null"]})),
            &m(json!({"type": "string"}))
        )
        .map(|i| i.rule),
        Some(CompatRule::TypeNarrowed)
    );
    assert_eq!(
        type_rule(
            &m(json!({"type": "number"})),
            &m(json!({"type": "integer"}))
        )
        .map(|i| i.rule),
        Some(CompatRule::TypeChanged)
    );
    assert_eq!(
        type_rule(&m(json!({})), &m(json!({"type": "string"}))).map(|i| i.rule),
        Some(CompatRule::TypeNarrowed)
    );
}

#[test]
fn minimum_increased_and_maximum_decreased() {
    assert_eq!(
        rules(&numeric_rules(
            &m(json!({"minimum": 10})),
            &m(json!({"minimum": 5}))
        )),
        Vec::<&str>::new()
    );
    assert_eq!(
        rules(&numeric_rules(
            &m(json!({"minimum": 5})),
            &m(json!({"minimum": 10}))
        )),
        [CompatRule::MinimumIncreased]
    );
    assert_eq!(
        rules(&numeric_rules(
            &m(json!({"minimum": 10})),
            &m(json!({"exclusiveMinimum": 10}))
        )),
        [CompatRule::MinimumIncreased]
    );
    assert_eq!(
        rules(&numeric_rules(
            &m(json!({"exclusiveMinimum": true, "minimum": 10})),
            &m(json!({"exclusiveMinimum": 10}))
        )),
        Vec::<&str>::new()
    );
    assert_eq!(
        rules(&numeric_rules(&m(json!({})), &m(json!({"maximum": 3})))),
        [CompatRule::MaximumDecreased]
    );
    assert_eq!(
        rules(&numeric_rules(
            &m(json!({"maximum": 3})),
            &m(json!({"maximum": 4}))
        )),
        Vec::<&str>::new()
    );
}

#[test]
fn multiple_of_changed() {
    assert!(numeric_rules(&m(json!({"multipleOf": 10})), &m(json!({"multipleOf": 5}))).is_empty());
    assert_eq!(
        rules(&numeric_rules(
            &m(json!({"multipleOf": 7})),
            &m(json!({"multipleOf": 13}))
        )),
        [CompatRule::MultipleOfChanged]
    );
}

#[test]
fn string_keywords() {
    assert_eq!(
        rules(&string_rules(
            &m(json!({"minLength": 2})),
            &m(json!({"minLength": 3}))
        )),
        [CompatRule::MinLengthIncreased]
    );
    assert_eq!(
        rules(&string_rules(
            &m(json!({"maxLength": 9})),
            &m(json!({"maxLength": 3}))
        )),
        [CompatRule::MaxLengthDecreased]
    );
    assert_eq!(
        rules(&string_rules(&m(json!({})), &m(json!({"pattern": "^a"})))),
        [CompatRule::PatternAdded]
    );
    assert_eq!(
        string_rules(&m(json!({"pattern": "^a"})), &m(json!({"pattern": "^b"})))[0].effect,
        Effect::Unknown
    );
    assert_eq!(
        rules(&string_rules(
            &m(json!({"format": "date"})),
            &m(json!({"format": "date-time"}))
        )),
        [CompatRule::FormatChanged]
    );
    assert_eq!(
        rules(&string_rules(&m(json!({})), &m(json!({"format": "email"})))),
        [CompatRule::FormatAdded]
    );
}

#[test]
fn array_and_object_counts() {
    assert_eq!(
        rules(&array_rules(
            &m(json!({})),
            &m(json!({"minItems": 1, "uniqueItems": true}))
        )),
        [CompatRule::MinItemsIncreased, CompatRule::UniqueItemsAdded]
    );
    assert_eq!(
        rules(&array_rules(
            &m(json!({"maxItems": 5})),
            &m(json!({"maxItems": 4}))
        )),
        [CompatRule::MaxItemsDecreased]
    );
    assert_eq!(
        rules(&object_count_rules(
            &m(json!({})),
            &m(json!({"minProperties": 1, "maxProperties": 2}))
        )),
        [
            CompatRule::MinPropertiesIncreased,
            CompatRule::MaxPropertiesDecreased
        ]
    );
}

#[test]
fn required_added_with_and_without_default() {
    let a = m(json!({"required": ["x"]}));
    let b = m(json!({"required": ["x", "y", "z"], "properties": {"z": {"default": 1}}}));
    assert_eq!(
        rules(&required_rule(&a, &b, Profile::Strict)),
        [
            CompatRule::RequiredPropertyAdded,
            CompatRule::RequiredPropertyAddedWithDefault
        ]
    );
    assert_eq!(
        rules(&required_rule(&a, &b, Profile::Lenient)),
        [CompatRule::RequiredPropertyAdded]
    );
}

#[test]
fn enum_added_unless_values_cover_the_type() {
    assert_eq!(
        enum_added_rule(&m(json!({"type": "string"})), &m(json!({"enum": ["a"]}))).map(|i| i.rule),
        Some(CompatRule::EnumAdded)
    );
    assert_eq!(
        enum_added_rule(
            &m(json!({"type": "boolean"})),
            &m(json!({"enum": [true, false]}))
        ),
        None
    );
}
