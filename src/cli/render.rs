//! Pictures from diagrams: PNG from the in-process SVG, or Graphviz's `dot` or mermaid-cli's
//! `mmdc`, found on the PATH, run on a temporary file when `--renderer` names one.

use eventctl::diagram::{self, Focus, Kind};
use eventctl::model::Catalog;
use std::path::PathBuf;
use std::process::Command;

fn on_path(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(tool))
        .find(|p| p.is_file())
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("eventctl-{}-{name}", std::process::id()))
}

/// The outside tool that draws a picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// Graphviz's `dot`.
    Dot,
    /// mermaid-cli's `mmdc`.
    Mmdc,
}

/// The PNG of an SVG drawn in-process.
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
    diagram::svg::png(svg)
}

/// SVG or PNG bytes of a diagram, drawn by `tool` found on the PATH.
pub fn picture(
    cat: &Catalog,
    kind: Kind,
    focus: Focus,
    png: bool,
    tool: Tool,
) -> Result<Vec<u8>, String> {
    let ext = if png { "png" } else { "svg" };
    let (name, install) = match tool {
        Tool::Dot => (
            "dot",
            "install Graphviz (`apt-get install graphviz`, `brew install graphviz`), or leave out --renderer",
        ),
        Tool::Mmdc => (
            "mmdc",
            "install mermaid-cli (`npm install -g @mermaid-js/mermaid-cli`), or leave out --renderer",
        ),
    };
    let Some(program) = on_path(name) else {
        return Err(format!(
            "`--renderer` needs `{name}` on the PATH; {install}"
        ));
    };
    if tool == Tool::Dot {
        let source = diagram::render(cat, kind, diagram::Format::Dot, focus)?;
        let input = temp("diagram.dot");
        std::fs::write(&input, source)
            .map_err(|e| format!("cannot write a temporary file: {e}"))?;
        let out = Command::new(program)
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
    let source = diagram::render(cat, kind, diagram::Format::Mermaid, focus)?;
    let input = temp("diagram.mmd");
    let output = temp(&format!("diagram.{ext}"));
    std::fs::write(&input, source).map_err(|e| format!("cannot write a temporary file: {e}"))?;
    let mut cmd = Command::new(program);
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
    bytes.map_err(|e| format!("`mmdc` wrote no picture: {e}"))
}
