//! The binary: exit codes, output formats, severity flags, `rules` and `schema`.

use crate::support::eventctl;
use eventctl::diag::Rule;

fn code(out: &std::process::Output) -> i32 {
    out.status.code().expect("exit code")
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn exit_codes() {
    assert_eq!(code(&eventctl(&["validate", "catalog-examples/shop"])), 0);
    assert_eq!(
        code(&eventctl(&[
            "validate",
            "tests/fixtures/rules/schema-invalid"
        ])),
        1
    );
    assert_eq!(
        code(&eventctl(&[
            "validate",
            "tests/fixtures/rules/unhandled-event"
        ])),
        0,
        "warnings pass"
    );
    assert_eq!(code(&eventctl(&["validate", "no/such/catalog.yaml"])), 2);
    assert_eq!(
        code(&eventctl(&[
            "validate",
            "--format",
            "xml",
            "catalog-examples/shop"
        ])),
        2
    );
    assert_eq!(code(&eventctl(&["frobnicate"])), 2);
}

#[test]
fn severity_flags() {
    let fixture = "tests/fixtures/rules/unhandled-event";
    assert_eq!(
        code(&eventctl(&["validate", fixture, "--deny-warnings"])),
        1
    );
    assert_eq!(
        code(&eventctl(&[
            "validate",
            fixture,
            "--deny",
            "unhandled-event"
        ])),
        1
    );
    let allowed = eventctl(&[
        "validate",
        fixture,
        "--deny-warnings",
        "--allow",
        "unhandled-event",
    ]);
    assert_eq!(code(&allowed), 0);
    assert!(stderr(&allowed).contains("no problems found"));
    let lowered = eventctl(&[
        "validate",
        "tests/fixtures/rules/schema-invalid",
        "--warn",
        "schema-invalid",
    ]);
    assert_eq!(code(&lowered), 0, "{}", stderr(&lowered));
    let typo = eventctl(&["validate", fixture, "--deny", "unhandled-events"]);
    assert_eq!(code(&typo), 2);
    assert!(stderr(&typo).contains("unknown rule id"));
}

#[test]
fn catalog_rules_override_defaults() {
    let dir = crate::support::TempDir::new("rules-override");
    let text =
        std::fs::read_to_string(crate::support::fixture("rules/unsent-command/catalog.yaml"))
            .expect("fixture");
    let text = text.replacen(
        "name: fixture\n",
        "name: fixture\nrules:\n  unsent-command: deny\n",
        1,
    );
    let path = dir.write("catalog.yaml", text);
    let out = eventctl(&["validate", path.to_str().expect("path")]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("error[unsent-command]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn json_output_is_pinned() {
    let out = eventctl(&[
        "validate",
        "tests/fixtures/rules/example-invalid",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 1);
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    insta::assert_json_snapshot!("json-example-invalid", value);
}

#[test]
fn github_output_is_pinned() {
    let out = eventctl(&[
        "validate",
        "tests/fixtures/rules/version-sequence",
        "--format",
        "github",
    ]);
    assert_eq!(code(&out), 1);
    insta::assert_snapshot!("github-version-sequence", stdout(&out));
}

#[test]
fn sarif_output_is_valid_sarif() {
    let out = eventctl(&[
        "validate",
        "tests/fixtures/rules/mapping-type-mismatch",
        "--format",
        "sarif",
    ]);
    assert_eq!(code(&out), 1);
    let log: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "mapping-type-mismatch");
    let index = result["ruleIndex"].as_u64().expect("rule index") as usize;
    assert_eq!(
        run["tool"]["driver"]["rules"][index]["id"],
        "mapping-type-mismatch"
    );
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert!(region["startLine"].as_u64().expect("line") > 1);
    assert_eq!(
        result["relatedLocations"]
            .as_array()
            .expect("related")
            .len(),
        1
    );
}

#[test]
fn human_output_has_no_colour_when_piped() {
    let out = eventctl(&["validate", "tests/fixtures/rules/schema-invalid"]);
    assert!(
        !stderr(&out).contains('\u{1b}'),
        "escape codes in piped output"
    );
    let forced = eventctl(&[
        "validate",
        "tests/fixtures/rules/schema-invalid",
        "--color",
        "always",
    ]);
    assert!(stderr(&forced).contains('\u{1b}'), "--color always colours");
}

#[test]
fn rules_lists_every_rule() {
    let out = eventctl(&["rules"]);
    assert_eq!(code(&out), 0);
    for rule in Rule::ALL {
        assert!(stdout(&out).contains(rule.id()));
    }
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&eventctl(&["rules", "--json"]))).expect("json");
    assert_eq!(
        json["rules"].as_array().expect("list").len(),
        Rule::ALL.len()
    );
    assert_eq!(
        json["compatibility_rules"].as_array().expect("list").len(),
        eventctl::diag::CompatRule::ALL.len()
    );
    assert!(stdout(&out).contains("property-added-to-open-model"));
}

#[test]
fn the_rules_page_is_written_from_the_rules() {
    let out = eventctl(&["rules", "--markdown"]);
    assert_eq!(code(&out), 0);
    let checked_in = std::fs::read_to_string(crate::support::root().join("docs/rules.md"))
        .expect("docs/rules.md");
    assert_eq!(
        checked_in,
        stdout(&out),
        "docs/rules.md is stale: run `eventctl rules --markdown > docs/rules.md`"
    );
}

#[test]
fn sarif_rules_link_to_their_documentation() {
    let out = eventctl(&[
        "validate",
        "--format",
        "sarif",
        "tests/fixtures/rules/unhandled-event",
    ]);
    let log: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("sarif");
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert_eq!(rules.len(), Rule::ALL.len());
    for (entry, rule) in rules.iter().zip(Rule::ALL) {
        assert_eq!(entry["id"], rule.id());
        assert_eq!(entry["helpUri"], rule.help_url());
        assert_eq!(entry["fullDescription"]["text"], rule.details());
    }
}

#[test]
fn schema_accepts_the_examples_and_matches_docs() {
    let out = eventctl(&["schema"]);
    assert_eq!(code(&out), 0);
    let schema: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    let validator = jsonschema::options()
        .offline()
        .build(&schema)
        .expect("schema compiles");
    let shop: serde_json::Value = serde_saphyr::from_str(
        &std::fs::read_to_string(crate::support::root().join("catalog-examples/shop/catalog.yaml"))
            .expect("shop"),
    )
    .expect("yaml");
    let errors: Vec<String> = validator
        .iter_errors(&shop)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let checked_in =
        std::fs::read_to_string(crate::support::root().join("docs/catalog.schema.json"))
            .expect("docs schema");
    assert_eq!(
        checked_in,
        stdout(&out),
        "docs/catalog.schema.json is stale: run `eventctl schema > docs/catalog.schema.json`"
    );
}
