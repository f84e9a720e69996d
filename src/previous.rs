//! The previous catalog for `validate --against`: a path, or `git-ref[:path]` read out of git
//! into a temporary folder.

use crate::load::{self, LoadError, Loaded};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A previous catalog and, when it came from git, where it lives until dropped.
pub struct Previous {
    /// The loaded files.
    pub loaded: Loaded,
    /// What the user named (`origin/main`, a path), for messages.
    pub label: String,
    /// Folder read out of git, removed on drop.
    temp: Option<PathBuf>,
}

impl Previous {
    /// How a file of the previous catalog is shown: `origin/main:path/in/repo.yaml`, or its path.
    pub fn show(&self, file: &crate::source::SourceFile) -> String {
        match &self.temp {
            Some(dir) => {
                let canonical = file
                    .path
                    .canonicalize()
                    .unwrap_or_else(|_| file.path.clone());
                let base = dir.canonicalize().unwrap_or_else(|_| dir.clone());
                let rel = canonical.strip_prefix(&base).unwrap_or(&canonical);
                format!(
                    "{}:{}",
                    self.label,
                    rel.to_string_lossy().replace('\\', "/")
                )
            }
            None => file.name.clone(),
        }
    }
}

impl Drop for Previous {
    fn drop(&mut self) {
        if let Some(dir) = &self.temp {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, LoadError> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|e| LoadError(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        return Err(LoadError(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(out.stdout)
}

/// Loads the catalog named by `against`, comparing with the catalog at `current`.
pub fn load_previous(current: &Path, against: &str) -> Result<Previous, LoadError> {
    if Path::new(against).exists() {
        return Ok(Previous {
            loaded: load::load(Path::new(against))?,
            label: against.to_string(),
            temp: None,
        });
    }
    let root_file = load::find_root(current)?;
    let canonical = root_file
        .canonicalize()
        .map_err(|e| LoadError(format!("cannot read `{}`: {e}", root_file.display())))?;
    let dir = canonical.parent().unwrap_or(Path::new("/")).to_path_buf();
    let top = git(&dir, &["rev-parse", "--show-toplevel"]).map_err(|_| {
        LoadError(format!(
            "`{against}` is not a path, and `{}` is not in a git repository to find it in",
            dir.display()
        ))
    })?;
    let top = String::from_utf8_lossy(&top).trim().to_string();
    let top = PathBuf::from(top);
    let (reference, path) = match against.split_once(':') {
        Some((r, p)) => (r.to_string(), PathBuf::from(p)),
        None => (
            against.to_string(),
            canonical
                .strip_prefix(&top)
                .map(Path::to_path_buf)
                .map_err(|_| LoadError("the catalog is not inside its git work tree".into()))?,
        ),
    };
    git(
        &top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{reference}^{{commit}}"),
        ],
    )
    .map_err(|_| {
        LoadError(format!(
            "`{reference}` is neither a path nor a git revision"
        ))
    })?;
    let temp = std::env::temp_dir().join(format!(
        "eventctl-against-{}-{}",
        std::process::id(),
        reference.replace(['/', '\\', ':'], "_")
    ));
    let _ = std::fs::remove_dir_all(&temp);
    std::fs::create_dir_all(&temp)
        .map_err(|e| LoadError(format!("cannot create `{}`: {e}", temp.display())))?;
    let folder = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let spec = if folder.as_os_str().is_empty() {
        ".".to_string()
    } else {
        folder.to_string_lossy().replace('\\', "/")
    };
    let missing = || {
        LoadError(format!(
            "`{}` is not in `{reference}`; give its path from the repository's root, as in `{reference}:catalog/`",
            path.display()
        ))
    };
    let loaded = (|| {
        let tar = git(&top, &["archive", "--format=tar", &reference, "--", &spec])
            .map_err(|_| missing())?;
        extract(&tar, &temp)?;
        if !temp.join(&path).exists() {
            return Err(missing());
        }
        load::load(&temp.join(&path))
    })()
    .map_err(|e| {
        let _ = std::fs::remove_dir_all(&temp);
        // Paths inside the extracted copy are named as `REV:path`, never as the temp folder.
        let inside = format!("{}{}", temp.display(), std::path::MAIN_SEPARATOR);
        LoadError(e.0.replace(&inside, &format!("{reference}:")))
    })?;
    Ok(Previous {
        loaded,
        label: reference,
        temp: Some(temp),
    })
}

/// Unpacks the archive `git archive` wrote (the tar crate refuses paths that leave `into`).
fn extract(tar: &[u8], into: &Path) -> Result<(), LoadError> {
    tar::Archive::new(tar)
        .unpack(into)
        .map_err(|e| LoadError(format!("cannot unpack the catalog from git: {e}")))
}
