//! One fixture per rule: it must report that rule; its human output is a reviewed snapshot.

use crate::support::{fixture, human, validate};
use eventctl::check::registry::RULES;

fn rule_fixture(rule: &str) -> String {
    let v = validate(&fixture(&format!("rules/{rule}")));
    assert!(
        v.diagnostics.iter().any(|d| d.rule == rule),
        "fixture for `{rule}` does not report it:\n{}",
        human(&v)
    );
    human(&v)
}

macro_rules! rule_tests {
    ($($name:ident => $rule:literal,)*) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(concat!("rule-", $rule), rule_fixture($rule));
            }
        )*

        #[test]
        fn every_rule_has_a_fixture_test() {
            let tested = [$($rule),*];
            // Rules of `--against` compare two catalogs: tests/it/against.rs covers each of them.
            for rule in RULES.iter().filter(|r| !r.purpose.starts_with("With `--against`")) {
                assert!(tested.contains(&rule.id), "rule `{}` has no fixture test", rule.id);
                assert!(fixture(&format!("rules/{}/catalog.yaml", rule.id)).is_file(), "missing fixture for {}", rule.id);
            }
        }
    };
}

rule_tests! {
    yaml_syntax => "yaml-syntax",
    unknown_key => "unknown-key",
    duplicate_key => "duplicate-key",
    invalid_value => "invalid-value",
    format_version => "format-version",
    include_missing => "include-missing",
    include_cycle => "include-cycle",
    include_outside_root => "include-outside-root",
    schema_file => "schema-file",
    invalid_name => "invalid-name",
    duplicate_name => "duplicate-name",
    unresolved_reference => "unresolved-reference",
    foreign_event => "foreign-event",
    schema_source => "schema-source",
    invalid_duration => "invalid-duration",
    scenario_outcome => "scenario-outcome",
    unknown_rule => "unknown-rule",
    transition_from_final => "transition-from-final",
    unreachable_state => "unreachable-state",
    command_never_accepted => "command-never-accepted",
    event_never_recorded => "event-never-recorded",
    trigger_cycle => "trigger-cycle",
    unhandled_event => "unhandled-event",
    unsent_command => "unsent-command",
    name_case => "name-case",
    event_name_tense => "event-name-tense",
    command_name_mood => "command-name-mood",
    version_sequence => "version-sequence",
    schema_dialect => "schema-dialect",
    schema_invalid => "schema-invalid",
    schema_remote_ref => "schema-remote-ref",
    example_invalid => "example-invalid",
    compat_breaking => "compat-breaking",
    compat_unknown => "compat-unknown",
    upcast_missing => "upcast-missing",
    upcast_invalid => "upcast-invalid",
    upcast_proof_failed => "upcast-proof-failed",
    mapping_unknown_field => "mapping-unknown-field",
    mapping_type_mismatch => "mapping-type-mismatch",
    saga_shape => "saga-shape",
    correlation_field_missing => "correlation-field-missing",
}

#[test]
fn the_clean_fixture_reports_nothing() {
    let v = validate(&fixture("rules/clean"));
    assert!(v.diagnostics.is_empty(), "{}", human(&v));
}

#[test]
fn a_bad_type_is_pinned_to_its_line_inside_the_schema() {
    let v = validate(&fixture("rules/schema-invalid"));
    let d = v
        .diagnostics
        .iter()
        .find(|d| d.rule == "schema-invalid")
        .expect("finding");
    let place = eventctl::report::place(&v.sources, d.primary.as_ref().expect("span").span);
    let text =
        std::fs::read_to_string(fixture("rules/schema-invalid/catalog.yaml")).expect("fixture");
    let line = text.lines().nth(place.line - 1).expect("line");
    assert!(line.contains("type: strng"), "points at {line:?}");
}

#[test]
fn every_rule_is_documented() {
    let docs = std::fs::read_to_string(crate::support::root().join("docs/rules.md"))
        .expect("docs/rules.md");
    for rule in RULES {
        assert!(
            docs.contains(&format!("| `{}` |", rule.id)),
            "docs/rules.md does not describe `{}`",
            rule.id
        );
    }
}
