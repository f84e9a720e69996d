//! `eventctl completions` and `eventctl man`: every shell gets a script (bash's parses), and the
//! man pages render without a groff warning.

use crate::support::{TempDir, eventctl};
use std::process::Command;

/// Whether a tool runs; when it does not, a test that needs it skips with one line, unless
/// `EVENTCTL_RENDERERS=required` (as `.ci/run` sets), where it runs and fails.
fn have(tool: &str, install: &str) -> bool {
    if Command::new(tool).arg("--version").output().is_ok()
        || std::env::var("EVENTCTL_RENDERERS").is_ok_and(|v| v == "required")
    {
        return true;
    }
    // Written to the process's stderr, past the test harness's capture, so it is seen.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipped: this test needs {tool}; {install}, then set EVENTCTL_RENDERERS=required"
    );
    false
}

#[test]
fn every_shell_gets_a_completion_script_and_bash_parses_it() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = eventctl(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        for word in ["validate", "simulate", "init", "--explore"] {
            assert!(text.contains(word), "{shell} completes {word}");
        }
    }
    if !have("bash", "install bash") {
        return;
    }
    let dir = TempDir::new("completions");
    let script = dir.write("eventctl.bash", eventctl(&["completions", "bash"]).stdout);
    let check = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn a_man_page_per_command_renders_without_warnings() {
    let dir = TempDir::new("man");
    let out = eventctl(&["man", "-o", dir.0.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let mut pages: Vec<_> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 16, "eventctl and each command");
    let validate = std::fs::read_to_string(dir.0.join("eventctl-validate.1")).unwrap();
    assert!(validate.contains("eventctl validate"), "{validate}");
    let again = eventctl(&["man", "-o", dir.0.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(0), "its own pages are rewritten");
    if !have("groff", "run .ci/install-renderers (or apt install groff)") {
        return;
    }
    for page in pages {
        let render = Command::new("groff")
            .args(["-man", "-Tutf8", "-ww", "-z"])
            .arg(&page)
            .output()
            .unwrap();
        let warnings = String::from_utf8_lossy(&render.stderr);
        assert!(
            render.status.success() && warnings.is_empty(),
            "{}: {warnings}",
            page.display()
        );
    }
}

/// What a shell that registered `COMPLETE=$SHELL eventctl` is offered after `line`.
fn offered(line: &[&str]) -> Vec<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_eventctl"))
        .env("COMPLETE", "fish")
        .arg("--")
        .arg("eventctl")
        .args(line)
        .current_dir(crate::support::root())
        .output()
        .expect("eventctl runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn completions_offer_the_catalogs_own_names() {
    let shop = "catalog-examples/shop";
    assert_eq!(
        offered(&["simulate", shop, "--explore", "--saga", ""]),
        ["OrderFulfillment"]
    );
    assert_eq!(
        offered(&["simulate", shop, "--scenario", "pay"]),
        ["payment_declined"]
    );
    assert_eq!(
        offered(&["diagram", shop, "--kind", "lifecycle", "--aggregate", "Inv"]),
        ["Inventory.Stock"]
    );
    assert_eq!(
        offered(&["replay", shop, "-", "--projection", ""]),
        ["OrderView"]
    );
    assert_eq!(
        offered(&["upcast", shop, "--event", "Order.OrderPl"]),
        ["Order.OrderPlaced"]
    );
    assert_eq!(offered(&["gen", shop, "--context", "Ship"]), ["Shipping"]);
    assert!(offered(&["simulate", "no/such/catalog", "--saga", ""]).is_empty());
}
