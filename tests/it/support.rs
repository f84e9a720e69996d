//! Helpers shared by the integration tests.

use eventctl::check::severity::CliOverrides;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// Validates with default severities; panics on a load error.
pub fn validate(path: &Path) -> eventctl::Validation {
    eventctl::validate(path, &CliOverrides::default()).expect("catalog loads")
}

/// Human output without colour, paths relative to the repository root.
pub fn human(v: &eventctl::Validation) -> String {
    eventctl::report::human(&v.diagnostics, &v.sources, false)
}

/// Runs the binary in the repository root with a clean environment for stable output.
pub fn eventctl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_eventctl"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("eventctl runs")
}

/// A fresh temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("eventctl-it-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("parent dir");
        }
        std::fs::write(&path, content).expect("write");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The findings of a replay's JSON report, as (line, kind), in report order.
pub fn replay_findings(report: &serde_json::Value) -> Vec<(u64, String)> {
    report["findings"]
        .as_array()
        .expect("a findings list")
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().expect("a line"),
                f["kind"].as_str().expect("a kind").to_string(),
            )
        })
        .collect()
}

/// A program on the PATH or in the usual system folders, for tests run with a bare PATH.
pub fn tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/usr/bin", "/sbin", "/bin"].map(PathBuf::from))
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}
