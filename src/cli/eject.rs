//! `eventctl gen --eject-templates DIR`: copies the built-in templates of `gen` into a folder,
//! to be edited and passed back with `--templates`.

use super::output;
use super::{Done, Error, Result};
use eventctl::codegen::render::TEMPLATES;
use std::path::Path;

/// Writes every built-in template into `dir`; an existing one is replaced only with `force`.
pub fn run(dir: &Path, force: bool) -> Result {
    std::fs::create_dir_all(dir).map_err(|e| super::error::io("create", dir, e))?;
    for (name, text) in TEMPLATES {
        let path = dir.join(name);
        if path.exists() && !force {
            return Err(Error(format!(
                "`{}` exists; pass --force to replace it",
                path.display()
            )));
        }
        eventctl::atomic::write_swept(&path, text.as_bytes())
            .map_err(|e| super::error::io("write", &path, e))?;
    }
    output::stderr(
        &format!("wrote {} templates to {}\n", TEMPLATES.len(), dir.display()),
        output::Color::Auto,
    );
    Ok(Done::Clean)
}
