//! `eventctl docs CATALOG -o DIR`: writes the Markdown documentation folder. Each page is
//! written atomically, inside DIR only, and never over a file that eventctl did not write.

use super::output;
use eventctl::docs::{MARKER, pages};
use std::path::{Component, Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The catalog file, or a folder holding catalog.yaml.
    catalog: PathBuf,
    /// The folder to write into (created when missing).
    #[arg(long, short)]
    out: PathBuf,
    /// Also overwrite files that eventctl did not write.
    #[arg(long)]
    force: bool,
}

/// The target of a page, refusing any path that would leave the output folder.
fn target(out: &Path, rel: &str) -> Result<PathBuf, String> {
    let rel = Path::new(rel);
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(format!(
            "refusing to write `{}`: it leaves the output folder",
            rel.display()
        ));
    }
    Ok(out.join(rel))
}

/// Whether an existing file may be replaced: it is missing, or eventctl wrote it.
fn ours(path: &Path) -> bool {
    match std::fs::read_to_string(path) {
        Ok(text) => text.starts_with(MARKER),
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

pub fn run(args: &Args) -> u8 {
    let validation = match super::catalog::load_resolved(&args.catalog, "documenting it") {
        Ok(v) => v,
        Err(code) => return code,
    };
    let Some(cat) = &validation.catalog else {
        return super::FAILURE;
    };
    let pages = pages(cat);
    let mut planned = Vec::new();
    for page in &pages {
        let path = match target(&args.out, &page.path) {
            Ok(p) => p,
            Err(e) => return output::fail(&e),
        };
        if !args.force && !ours(&path) {
            return output::fail(&format!(
                "`{}` exists and was not written by eventctl; move it, choose another folder, or pass --force",
                path.display()
            ));
        }
        planned.push((path, page));
    }
    for (path, page) in &planned {
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            return output::fail(&format!("cannot create `{}`: {e}", parent.display()));
        }
        if let Err(e) = eventctl::atomic::write(path, page.content.as_bytes()) {
            return output::fail(&format!("cannot write `{}`: {e}", path.display()));
        }
    }
    output::stderr(
        &format!("wrote {} pages to {}\n", planned.len(), args.out.display()),
        output::Color::Auto,
    );
    std::mem::forget(validation);
    super::OK
}
