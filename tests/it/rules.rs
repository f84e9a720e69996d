//! One fixture per rule: it must report that rule; its human output is a reviewed snapshot.

use crate::support::{fixture, human, validate};
use eventctl::diag::{Rule, Section};

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
    ($($name:ident => $variant:ident = $rule:literal,)*) => {
        $(
            #[test]
            fn $name() {
                assert_eq!(Rule::$variant.id(), $rule);
                insta::assert_snapshot!(concat!("rule-", $rule), rule_fixture($rule));
            }
        )*

        /// Which test covers a rule. The match has no wildcard: a new rule does not compile
        /// until it names its fixture test here.
        fn covered_by(rule: Rule) -> &'static str {
            match rule {
                $(Rule::$variant => "tests/fixtures/rules",)*
                Rule::VersionChanged
                | Rule::BreakingChangeInPlace
                | Rule::VersionRemoved
                | Rule::EventRemoved
                | Rule::EventRenamed
                | Rule::CompatibilityLoosened => "tests/fixtures/against",
            }
        }

        #[test]
        fn every_rule_has_a_fixture_test() {
            for &rule in Rule::ALL {
                if covered_by(rule) == "tests/fixtures/rules" {
                    let dir = fixture(&format!("rules/{}/catalog.yaml", rule.id()));
                    assert!(dir.is_file(), "missing fixture for {}", rule.id());
                } else {
                    // tests/it/against.rs asserts that the pair reports each of them.
                    assert_eq!(rule.section(), Section::Against, "{}", rule.id());
                }
            }
        }
    };
}

rule_tests! {
    yaml_syntax => YamlSyntax = "yaml-syntax",
    unknown_key => UnknownKey = "unknown-key",
    duplicate_key => DuplicateKey = "duplicate-key",
    invalid_value => InvalidValue = "invalid-value",
    format_version => FormatVersion = "format-version",
    include_missing => IncludeMissing = "include-missing",
    include_cycle => IncludeCycle = "include-cycle",
    include_outside_root => IncludeOutsideRoot = "include-outside-root",
    schema_file => SchemaFile = "schema-file",
    invalid_name => InvalidName = "invalid-name",
    duplicate_name => DuplicateName = "duplicate-name",
    unresolved_reference => UnresolvedReference = "unresolved-reference",
    foreign_event => ForeignEvent = "foreign-event",
    schema_source => SchemaSource = "schema-source",
    invalid_duration => InvalidDuration = "invalid-duration",
    scenario_outcome => ScenarioOutcome = "scenario-outcome",
    unknown_rule => UnknownRule = "unknown-rule",
    transition_from_final => TransitionFromFinal = "transition-from-final",
    unreachable_state => UnreachableState = "unreachable-state",
    command_never_accepted => CommandNeverAccepted = "command-never-accepted",
    event_never_recorded => EventNeverRecorded = "event-never-recorded",
    trigger_cycle => TriggerCycle = "trigger-cycle",
    unhandled_event => UnhandledEvent = "unhandled-event",
    unsent_command => UnsentCommand = "unsent-command",
    name_case => NameCase = "name-case",
    event_name_tense => EventNameTense = "event-name-tense",
    command_name_mood => CommandNameMood = "command-name-mood",
    version_sequence => VersionSequence = "version-sequence",
    schema_dialect => SchemaDialect = "schema-dialect",
    schema_invalid => SchemaInvalid = "schema-invalid",
    schema_remote_ref => SchemaRemoteRef = "schema-remote-ref",
    example_invalid => ExampleInvalid = "example-invalid",
    schema_too_complex => SchemaTooComplex = "schema-too-complex",
    generated_name_collision => GeneratedNameCollision = "generated-name-collision",
    compat_breaking => CompatBreaking = "compat-breaking",
    compat_unknown => CompatUnknown = "compat-unknown",
    upcast_missing => UpcastMissing = "upcast-missing",
    upcast_invalid => UpcastInvalid = "upcast-invalid",
    upcast_proof_failed => UpcastProofFailed = "upcast-proof-failed",
    mapping_unknown_field => MappingUnknownField = "mapping-unknown-field",
    mapping_type_mismatch => MappingTypeMismatch = "mapping-type-mismatch",
    saga_shape => SagaShape = "saga-shape",
    correlation_field_missing => CorrelationFieldMissing = "correlation-field-missing",
    irreversible_step => IrreversibleStep = "irreversible-step",
    public_event_breaking => PublicEventBreaking = "public-event-breaking",
    internal_event_consumed => InternalEventConsumed = "internal-event-consumed",
    projection_unknown_field => ProjectionUnknownField = "projection-unknown-field",
    projection_type_mismatch => ProjectionTypeMismatch = "projection-type-mismatch",
    projection_row_incomplete => ProjectionRowIncomplete = "projection-row-incomplete",
    apply_unknown_field => ApplyUnknownField = "apply-unknown-field",
    apply_type_mismatch => ApplyTypeMismatch = "apply-type-mismatch",
    spec_contradicted => SpecContradicted = "spec-contradicted",
    schema_ref_no_base_case => SchemaRefNoBaseCase = "schema-ref-no-base-case",
    schema_unknown_keyword => SchemaUnknownKeyword = "schema-unknown-keyword",
    schema_property_misplaced => SchemaPropertyMisplaced = "schema-property-misplaced",
    schema_required_undeclared => SchemaRequiredUndeclared = "schema-required-undeclared",
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
    for rule in Rule::ALL {
        assert!(
            docs.contains(&format!("`{}` | {} |", rule.id(), rule.severity().as_str())),
            "docs/rules.md does not describe `{}`",
            rule.id()
        );
    }
}

/// Each folder under `tests/fixtures/near-miss/` is named after a rule and comes close to it
/// without breaking it: validating it reports nothing at all.
#[test]
fn near_miss_fixtures_stay_clean() {
    let root = crate::support::root().join("tests/fixtures/near-miss");
    let mut seen = 0;
    for entry in std::fs::read_dir(&root).expect("near-miss fixtures") {
        let dir = entry.expect("entry").path();
        let rule = dir.file_name().expect("name").to_string_lossy().to_string();
        assert!(
            Rule::ALL.iter().any(|r| r.id() == rule),
            "near-miss fixture `{rule}` names no rule"
        );
        let v = validate(&dir);
        assert!(
            v.diagnostics.is_empty(),
            "near miss of `{rule}`:\n{}",
            human(&v)
        );
        seen += 1;
    }
    assert!(seen > 0);
}
