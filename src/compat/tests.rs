//! One case per compatibility rule: an (old, new) pair under backward mode that must report it.

use super::{CompatRule, Effect, Mode, Profile, check};
use serde_json::{Value, json};

fn cases() -> Vec<(&'static str, Value, Value)> {
    vec![
        ("schema-false", json!({"type": "string"}), json!(false)),
        (
            "type-narrowed",
            json!({"type": ["string", "null"]}),
            json!({"type": "string"}),
        ),
        (
            "type-changed",
            json!({"type": "integer"}),
            json!({"type": "string"}),
        ),
        (
            "enum-value-removed",
            json!({"enum": ["a", "b"]}),
            json!({"enum": ["a"]}),
        ),
        (
            "enum-added",
            json!({"type": "string"}),
            json!({"type": "string", "enum": ["a"]}),
        ),
        (
            "minimum-increased",
            json!({"type": "number", "minimum": 0}),
            json!({"type": "number", "minimum": 1}),
        ),
        (
            "maximum-decreased",
            json!({"type": "number", "maximum": 9}),
            json!({"type": "number", "maximum": 1}),
        ),
        (
            "multiple-of-changed",
            json!({"type": "number", "multipleOf": 3}),
            json!({"type": "number", "multipleOf": 2}),
        ),
        (
            "min-length-increased",
            json!({"type": "string"}),
            json!({"type": "string", "minLength": 1}),
        ),
        (
            "max-length-decreased",
            json!({"type": "string", "maxLength": 9}),
            json!({"type": "string", "maxLength": 3}),
        ),
        (
            "pattern-added",
            json!({"type": "string"}),
            json!({"type": "string", "pattern": "^a"}),
        ),
        (
            "pattern-changed",
            json!({"type": "string", "pattern": "^a"}),
            json!({"type": "string", "pattern": "^b"}),
        ),
        (
            "format-added",
            json!({"type": "string"}),
            json!({"type": "string", "format": "email"}),
        ),
        (
            "format-changed",
            json!({"type": "string", "format": "date"}),
            json!({"type": "string", "format": "uuid"}),
        ),
        (
            "required-property-added",
            json!({"type": "object"}),
            json!({"type": "object", "required": ["a"]}),
        ),
        (
            "required-property-added-with-default",
            json!({"type": "object", "properties": {"a": {"type": "string"}}}),
            json!({"type": "object", "required": ["a"], "properties": {"a": {"type": "string", "default": "x"}}}),
        ),
        (
            "property-added-to-open-model",
            json!({"type": "object"}),
            json!({"type": "object", "properties": {"a": {"type": "string"}}}),
        ),
        (
            "property-removed-from-closed-model",
            json!({"type": "object", "properties": {"a": {}}}),
            json!({"type": "object", "properties": {}, "additionalProperties": false}),
        ),
        (
            "additional-properties-narrowed",
            json!({"type": "object"}),
            json!({"type": "object", "additionalProperties": {"type": "string"}}),
        ),
        (
            "pattern-properties-changed",
            json!({"type": "object"}),
            json!({"type": "object", "patternProperties": {"^x": {"type": "string"}}}),
        ),
        (
            "min-properties-increased",
            json!({"type": "object"}),
            json!({"type": "object", "minProperties": 1}),
        ),
        (
            "max-properties-decreased",
            json!({"type": "object"}),
            json!({"type": "object", "maxProperties": 1}),
        ),
        (
            "dependencies-added",
            json!({"type": "object"}),
            json!({"type": "object", "dependentRequired": {"a": ["b"]}}),
        ),
        (
            "min-items-increased",
            json!({"type": "array"}),
            json!({"type": "array", "minItems": 1}),
        ),
        (
            "max-items-decreased",
            json!({"type": "array", "maxItems": 5}),
            json!({"type": "array", "maxItems": 2}),
        ),
        (
            "unique-items-added",
            json!({"type": "array"}),
            json!({"type": "array", "uniqueItems": true}),
        ),
        (
            "items-narrowed",
            json!({"type": "array", "items": [{"type": "string"}, {"type": "string"}]}),
            json!({"type": "array", "items": [{"type": "string"}], "additionalItems": false}),
        ),
        (
            "any-of-branch-removed",
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
            json!({"anyOf": [{"type": "string"}]}),
        ),
        (
            "one-of-ambiguous",
            json!({"type": "string"}),
            json!({"oneOf": [{"type": "string"}, {"maxLength": 5}]}),
        ),
        ("not-changed", json!({}), json!({"not": {"type": "string"}})),
        (
            "conditional-changed",
            json!({"if": {"type": "string"}}),
            json!({"if": {"type": "number"}, "then": {"minimum": 1}}),
        ),
        (
            "ref-unresolved",
            json!({"type": "object"}),
            json!({"$ref": "#/definitions/missing"}),
        ),
        (
            "keyword-unsupported",
            json!({"type": "array"}),
            json!({"type": "array", "contains": {"type": "string"}}),
        ),
        (
            "depth-exceeded",
            deep(120, json!({"type": "string"})),
            deep(120, json!({"type": "string", "maxLength": 9})),
        ),
    ]
}

/// Nested properties, each level with a `$ref` so equal text is still walked.
fn deep(levels: usize, leaf: Value) -> Value {
    let mut v = json!({"type": "object", "properties": {"x": {"$ref": "#/definitions/leaf"}}});
    for _ in 0..levels {
        v = json!({"type": "object", "properties": {"x": v}, "required": ["x"]});
    }
    v["definitions"] = json!({ "leaf": leaf });
    v
}

#[test]
fn every_rule_has_a_case_that_reports_it() {
    let cases = cases();
    for &rule in CompatRule::ALL {
        let (_, old, new) = cases
            .iter()
            .find(|(id, _, _)| *id == rule.id())
            .unwrap_or_else(|| panic!("no case for `{}`", rule.id()));
        let report = check(old, new, Mode::Backward, Profile::Strict);
        assert!(
            report.findings.iter().any(|f| f.rule == rule),
            "`{}` not reported: {:#?}",
            rule.id(),
            report.findings
        );
        assert!(
            report.fails(),
            "`{}` must fail the strict profile",
            rule.id()
        );
    }
}

#[test]
fn unknown_is_never_compatible_and_lenient_lets_it_pass() {
    let (old, new) = (
        json!({"type": "string", "pattern": "^a"}),
        json!({"type": "string", "pattern": "^b"}),
    );
    let strict = check(&old, &new, Mode::Backward, Profile::Strict);
    assert_eq!(strict.findings[0].effect, Effect::Unknown);
    assert!(strict.fails());
    assert!(!check(&old, &new, Mode::Backward, Profile::Lenient).fails());
}

#[test]
fn recursive_and_self_referencing_schemas_end() {
    let tree = json!({"$ref": "#/definitions/node", "definitions": {"node": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/definitions/node"}}}}}});
    assert!(!check(&tree, &tree, Mode::Full, Profile::Strict).fails());
    let looping = json!({"$ref": "#"});
    let report = check(&looping, &looping, Mode::Full, Profile::Strict);
    assert!(report.findings.iter().all(|f| f.effect == Effect::Unknown));
}

#[test]
fn lenient_allows_optional_properties_on_open_models() {
    let (old, new) = (
        json!({"type": "object"}),
        json!({"type": "object", "properties": {"a": {"type": "string"}}}),
    );
    assert!(check(&old, &new, Mode::Backward, Profile::Strict).fails());
    assert!(!check(&old, &new, Mode::Backward, Profile::Lenient).fails());
}

#[test]
fn pointers_name_both_schemas() {
    let old = json!({"type": "object", "properties": {"n": {"type": "integer"}}});
    let new = json!({"type": "object", "properties": {"n": {"type": "string"}}});
    let f = &check(&old, &new, Mode::Backward, Profile::Strict).findings[0];
    assert_eq!(
        (f.old_pointer.as_str(), f.new_pointer.as_str()),
        ("/properties/n/type", "/properties/n/type")
    );
    let f = &check(&old, &new, Mode::Forward, Profile::Strict).findings[0];
    assert_eq!(f.direction, super::Direction::Forward);
}

#[test]
fn items_that_must_be_arrays_reject_strings() {
    let a = json!({"type": "array", "items": true, "maxItems": 3});
    let b = json!({"anyOf": [{"type": "array", "items": {"$ref": "#"}, "maxItems": 3}]});
    let report = check(&a, &b, Mode::Backward, Profile::Strict);
    assert!(report.fails(), "{:#?}", report);
}
