//! `validate --against`: a previous catalog by path, and by git revision.

use crate::support::{TempDir, eventctl, fixture, human, root};
use eventctl::check::severity::CliOverrides;
use std::process::Command;

fn rules(v: &eventctl::Validation) -> Vec<&'static str> {
    let mut r: Vec<&'static str> = v.diagnostics.iter().map(|d| d.rule.id()).collect();
    r.sort();
    r
}

#[test]
fn changes_since_a_release_are_reported_at_both_places() {
    let v = eventctl::validate_against(
        &fixture("against/current"),
        &CliOverrides::default(),
        fixture("against/released").to_str().expect("path"),
    )
    .expect("loads");
    assert_eq!(
        rules(&v),
        [
            "breaking-change-in-place",
            "compatibility-loosened",
            "event-removed",
            "event-renamed",
            "version-changed",
            "version-removed"
        ],
        "{}",
        human(&v)
    );
    let every = eventctl::diag::Rule::ALL
        .iter()
        .filter(|r| r.section() == eventctl::diag::Section::Against);
    for rule in every {
        assert!(rules(&v).contains(&rule.id()), "no fixture reports {rule}");
    }
    insta::assert_snapshot!("against", human(&v));
}

#[test]
fn an_unchanged_catalog_is_clean_against_itself() {
    let shop = root().join("catalog-examples/shop");
    let v = eventctl::validate_against(
        &shop,
        &CliOverrides::default(),
        shop.to_str().expect("path"),
    )
    .expect("loads");
    assert!(v.diagnostics.is_empty(), "{}", human(&v));
}

fn git(dir: &std::path::Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_git_revision_is_read_out_of_the_repository() {
    let dir = TempDir::new("against-git");
    let released =
        std::fs::read_to_string(fixture("against/released/catalog.yaml")).expect("fixture");
    dir.write("catalogs/shop/catalog.yaml", &released);
    git(&dir.0, &["init", "-q"]);
    git(&dir.0, &["add", "."]);
    git(&dir.0, &["commit", "-q", "-m", "release"]);
    let current =
        std::fs::read_to_string(fixture("against/current/catalog.yaml")).expect("fixture");
    let path = dir.write("catalogs/shop/catalog.yaml", &current);
    let out = eventctl(&[
        "validate",
        path.to_str().expect("path"),
        "--against",
        "HEAD",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let files: Vec<&str> = doc["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .flat_map(|d| {
            d["labels"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| l["file"].as_str())
        })
        .collect();
    assert!(
        files.contains(&"HEAD:catalogs/shop/catalog.yaml"),
        "{files:?}"
    );
    let out = eventctl(&[
        "validate",
        path.to_str().expect("path"),
        "--against",
        "no-such-branch",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("neither a path nor a git revision"));
}

/// A revision's path that is not there is named as `REV:path`, never as the temporary folder
/// the revision is unpacked into.
#[test]
fn a_missing_path_in_a_revision_is_named_without_the_temporary_folder() {
    let out = crate::support::eventctl(&[
        "validate",
        "catalog-examples/shop",
        "--against",
        "HEAD:no/such/catalog",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`no/such/catalog` is not in `HEAD`"), "{err}");
    assert!(!err.contains("eventctl-against"), "{err}");
}
