//! `eventctl init`: each starter validates clean, explores clean, passes its scenarios and
//! generates a crate whose tests pass; init never writes over anything.

use crate::generate::{generate, lint_and_test};
use crate::support::{TempDir, eventctl};

fn ok(args: &[&str]) -> String {
    let out = eventctl(args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "{args:?}: {text}");
    text
}

#[test]
fn the_minimal_starter_validates_explores_and_generates_clean() {
    let dir = TempDir::new("init-minimal");
    let cat = dir.0.join("catalog");
    let path = cat.to_str().unwrap();
    let said = ok(&["init", path]);
    assert!(said.contains("wrote 2 files"), "{said}");
    let text = std::fs::read_to_string(cat.join("catalog.yaml")).unwrap();
    assert!(text.starts_with("# yaml-language-server: $schema=catalog.schema.json"));
    let v = crate::support::validate(&cat);
    assert!(v.diagnostics.is_empty(), "{}", crate::support::human(&v));
    assert!(
        ok(&["simulate", path, "--explore", "--faults", "all"]).contains("no invariant broken")
    );
    assert!(ok(&["simulate", path, "--all"]).contains("2 scenarios, 2 passed, 0 failed"));
    let out = dir.0.join("gen");
    generate(path, &out, "bookings");
    lint_and_test(&out);
}

#[test]
fn the_shop_starter_validates_clean() {
    let dir = TempDir::new("init-shop");
    let path = dir.0.to_str().unwrap();
    ok(&["init", path, "--example", "shop"]);
    let v = crate::support::validate(&dir.0);
    assert!(v.diagnostics.is_empty(), "{}", crate::support::human(&v));
}

#[test]
fn init_never_writes_over_a_file_or_through_a_link() {
    let dir = TempDir::new("init-refuses");
    let mine = dir.write("catalog.schema.json", "mine");
    let out = eventctl(&["init", dir.0.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("exists; init never overwrites"), "{err}");
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "mine");
    assert!(!dir.0.join("catalog.yaml").exists(), "nothing is written");
    #[cfg(unix)]
    {
        let other = TempDir::new("init-link");
        std::os::unix::fs::symlink("/etc/hostname", other.0.join("catalog.yaml")).unwrap();
        let out = eventctl(&["init", other.0.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2));
    }
}
