//! Every compatibility and evolution finding's help names a fix that passes: each case follows
//! the help on its fixture (the fixed copy sits in `tests/fixtures/help-followed/`) and the
//! catalog then validates clean.

use crate::support::{fixture, human, validate};

/// Broken fixture, the rule it triggers, a phrase of that finding's help, the fixture with
/// that advice followed.
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "rules/compat-breaking",
        "compat-breaking",
        "keep what v1 accepted",
        "compat-breaking",
    ),
    (
        "rules/compat-unknown",
        "compat-unknown",
        "keep what v1 accepted",
        "compat-unknown",
    ),
    (
        "rules/upcast-missing",
        "upcast-missing",
        "add `upcast:` operations",
        "upcast-missing",
    ),
    (
        "rules/upcast-invalid",
        "upcast-invalid",
        "rename a field of the previous version",
        "upcast-invalid",
    ),
    (
        "rules/upcast-proof-failed",
        "upcast-proof-failed",
        "clear it first with `remove`",
        "upcast-proof-failed",
    ),
    (
        "evolution/open-model-add",
        "upcast-proof-failed",
        "clear it first with `remove`",
        "open-model-property-upcast",
    ),
    (
        "evolution/open-model-property",
        "compat-breaking",
        "close v1 (`additionalProperties: false`)",
        "open-model-property-closed",
    ),
    (
        "evolution/open-model-property",
        "compat-breaking",
        "set `defaults.profile: lenient`",
        "open-model-property-lenient",
    ),
    (
        "evolution/open-model-property",
        "compat-breaking",
        "`- remove: [currency]` then `- add: {currency: <default>}`",
        "open-model-property-upcast",
    ),
    (
        "evolution/required-added",
        "compat-breaking",
        "`- add: {field: <default>}`",
        "required-added",
    ),
    (
        "evolution/forward-break",
        "compat-breaking",
        "declare `compatibility: backward` on v2",
        "forward-break",
    ),
    (
        "rules/public-event-breaking",
        "public-event-breaking",
        "keep the step forward compatible and declare `compatibility: full`",
        "public-event-breaking",
    ),
    (
        "rules/internal-event-consumed",
        "internal-event-consumed",
        "declare this one `visibility: public` and keep its steps forward compatible",
        "internal-event-consumed",
    ),
];

#[test]
fn following_the_help_of_each_evolution_finding_validates_clean() {
    for (broken, rule, advice, fixed) in CASES {
        let v = validate(&fixture(broken));
        let found = v.diagnostics.iter().find(|d| d.rule.id() == *rule);
        let d = found.unwrap_or_else(|| panic!("{broken}: no `{rule}`:\n{}", human(&v)));
        let help = d.help.as_deref().unwrap_or_default();
        assert!(
            help.contains(advice),
            "{broken}: `{rule}` help lacks {advice:?}: {help}"
        );
        let after = validate(&fixture(&format!("help-followed/{fixed}")));
        assert!(
            after.diagnostics.is_empty(),
            "{broken} with {advice:?} followed:\n{}",
            human(&after)
        );
    }
}

#[test]
fn an_add_on_an_open_model_fails_its_proof_on_the_stored_value_the_check_warned_about() {
    let v = validate(&fixture("evolution/open-model-add"));
    insta::assert_snapshot!("open-model-add", human(&v));
    let d = &v.diagnostics[0];
    assert_eq!(d.rule.id(), "upcast-proof-failed");
    assert!(
        d.message
            .contains(r#"sample {"cart_id":"x","currency":42}"#),
        "{}",
        d.message
    );
}

#[test]
fn a_breaking_step_shows_its_witness_and_three_fixes() {
    let v = validate(&fixture("evolution/open-model-property"));
    insta::assert_snapshot!("open-model-property", human(&v));
    let help = v.diagnostics[0].help.as_deref().unwrap_or_default();
    assert!(help.contains(r#"{"cart_id":"x","currency":42}"#), "{help}");
}
