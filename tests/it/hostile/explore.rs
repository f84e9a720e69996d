//! `simulate --explore` is bounded in memory, not only in states: at the limit it reports what
//! it explored and exits 2 with a sentence.

use crate::support::eventctl;

const SAGA: &str = "tests/fixtures/hostile/saga-40-steps.yaml";

#[test]
fn the_memory_limit_stops_the_search_with_what_it_found() {
    let out = eventctl(&["simulate", SAGA, "--explore", "--max-memory", "64M"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stdout.contains("stopped at the memory limit"), "{stdout}");
    assert!(
        stdout.contains("violation[compensated]"),
        "what was found is shown: {stdout}"
    );
    assert!(
        stderr.contains("stopped at the memory limit of 64 MB") && stderr.contains("--max-memory"),
        "{stderr}"
    );
    let json = eventctl(&[
        "simulate",
        SAGA,
        "--explore",
        "--max-memory",
        "64M",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    let exploration = &report["sagas"][0]["exploration"];
    assert_eq!(exploration["stopped"], "memory");
    assert_eq!(exploration["complete"], false);
}

#[test]
fn sizes_are_read_with_their_unit() {
    for bad in ["lots", "0", "12X", "99999999999G"] {
        let out = eventctl(&["simulate", SAGA, "--explore", "--max-memory", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("is not a size"), "{bad}: {stderr}");
    }
}
