//! Pictures from diagrams: runs Graphviz's `dot`, or else mermaid-cli's `mmdc`, found on the
//! PATH, on a temporary file.

use eventctl::diagram::{self, Focus, Kind};
use eventctl::model::Catalog;
use std::path::PathBuf;
use std::process::Command;

const INSTALL: &str = "install Graphviz (`apt-get install graphviz`, `brew install graphviz`) or mermaid-cli (`npm install -g @mermaid-js/mermaid-cli`)";

fn on_path(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(tool))
        .find(|p| p.is_file())
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("eventctl-{}-{name}", std::process::id()))
}

/// SVG or PNG bytes of a diagram.
pub fn picture(cat: &Catalog, kind: Kind, focus: Focus, png: bool) -> Result<Vec<u8>, String> {
    let ext = if png { "png" } else { "svg" };
    if let Some(dot) = on_path("dot") {
        let source = diagram::render(cat, kind, diagram::Format::Dot, focus)?;
        let input = temp("diagram.dot");
        std::fs::write(&input, source)
            .map_err(|e| format!("cannot write a temporary file: {e}"))?;
        let out = Command::new(dot)
            .arg(format!("-T{ext}"))
            .arg(&input)
            .output();
        let _ = std::fs::remove_file(&input);
        let out = out.map_err(|e| format!("cannot run `dot`: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "`dot` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        return Ok(out.stdout);
    }
    if let Some(mmdc) = on_path("mmdc") {
        let source = diagram::render(cat, kind, diagram::Format::Mermaid, focus)?;
        let input = temp("diagram.mmd");
        let output = temp(&format!("diagram.{ext}"));
        std::fs::write(&input, source)
            .map_err(|e| format!("cannot write a temporary file: {e}"))?;
        let mut cmd = Command::new(mmdc);
        cmd.arg("-q").arg("-i").arg(&input).arg("-o").arg(&output);
        if let Some(config) = std::env::var_os("EVENTCTL_PUPPETEER_CONFIG") {
            cmd.arg("-p").arg(config);
        }
        let result = cmd.output();
        let bytes = std::fs::read(&output);
        let _ = std::fs::remove_file(&input);
        let _ = std::fs::remove_file(&output);
        let out = result.map_err(|e| format!("cannot run `mmdc`: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "`mmdc` failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        return bytes.map_err(|e| format!("`mmdc` wrote no picture: {e}"));
    }
    Err(format!(
        "drawing a picture needs `dot` or `mmdc` on the PATH; {INSTALL}"
    ))
}
