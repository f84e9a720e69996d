//! Writing a set of files into an output folder, for `gen` and `docs`: every path stays inside
//! the folder, a file eventctl did not write is never replaced unless forced, the user's own
//! files are created once, and each file is written atomically. Nothing is written until every
//! path has been checked.

use std::fmt;
use std::path::{Component, Path, PathBuf};

/// Who owns a file once it exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// Rewritten on every run; its first line holds the set's marker.
    Generated,
    /// Created once; the user's from then on.
    User,
}

/// One file to write.
#[derive(Clone, Debug)]
pub struct File {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// Its text.
    pub content: String,
    /// Who owns it.
    pub owner: Owner,
}

/// Why a file set could not be written.
#[derive(Debug)]
pub enum Error {
    /// A path that would leave the output folder.
    Escapes(String),
    /// A file that exists and that eventctl did not write.
    NotOurs(PathBuf),
    /// A folder or file that could not be created or written.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Escapes(rel) => {
                write!(f, "refusing to write `{rel}`: it leaves the output folder")
            }
            Error::NotOurs(path) => write!(
                f,
                "`{}` exists and was not written by eventctl; move it, choose another folder, or pass --force",
                path.display()
            ),
            Error::Io(path, e) => write!(f, "cannot write `{}`: {e}", path.display()),
        }
    }
}

impl std::error::Error for Error {}

/// What a write did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files created or replaced.
    pub written: usize,
    /// Files left as they were (unchanged, or the user's).
    pub kept: usize,
}

/// A file that `check` found out of date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stale {
    /// Not there at all.
    Missing(PathBuf),
    /// A generated file whose text differs.
    Changed(PathBuf),
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stale::Missing(p) => write!(f, "missing: {}", p.display()),
            Stale::Changed(p) => write!(f, "stale: {}", p.display()),
        }
    }
}

/// The target of `rel` inside `out`, refusing any path that would leave it.
pub fn inside(out: &Path, rel: &str) -> Result<PathBuf, Error> {
    let path = Path::new(rel);
    if rel.is_empty()
        || path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(Error::Escapes(rel.to_string()));
    }
    Ok(out.join(path))
}

/// Whether a file's first line holds `marker`.
fn marked(text: &str, marker: &str) -> bool {
    text.lines().next().is_some_and(|l| l.contains(marker))
}

/// Writes `files` into `out`. A generated file replaces an existing one only when that one
/// holds `marker` on its first line (or with `force`); a user's file is written only when
/// missing (or with `force`). Unchanged files are not rewritten.
pub fn write(out: &Path, files: &[File], marker: &str, force: bool) -> Result<Written, Error> {
    let mut planned = Vec::new();
    for f in files {
        let path = inside(out, &f.path)?;
        let existing = std::fs::read_to_string(&path).ok();
        let write = match (f.owner, &existing) {
            (_, None) => true,
            (Owner::User, Some(_)) => force,
            (Owner::Generated, Some(text)) => {
                if !force && !marked(text, marker) {
                    return Err(Error::NotOurs(path));
                }
                *text != f.content
            }
        };
        planned.push((path, f, write));
    }
    let mut done = Written::default();
    for (path, f, write) in planned {
        if !write {
            done.kept += 1;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::Io(parent.to_path_buf(), e))?;
        }
        crate::atomic::write(&path, f.content.as_bytes()).map_err(|e| Error::Io(path, e))?;
        done.written += 1;
    }
    Ok(done)
}

/// The files of `files` that are missing from `out`, or generated and out of date.
pub fn check(out: &Path, files: &[File]) -> Result<Vec<Stale>, Error> {
    let mut stale = Vec::new();
    for f in files {
        let path = inside(out, &f.path)?;
        match (std::fs::read_to_string(&path), f.owner) {
            (Err(_), _) => stale.push(Stale::Missing(path)),
            (Ok(text), Owner::Generated) if text != f.content => stale.push(Stale::Changed(path)),
            _ => {}
        }
    }
    Ok(stale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, content: &str, owner: Owner) -> File {
        File {
            path: path.into(),
            content: content.into(),
            owner,
        }
    }

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("eventctl-fileset-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn paths_that_leave_the_folder_are_refused() {
        let out = Path::new("out");
        for rel in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(matches!(inside(out, rel), Err(Error::Escapes(_))), "{rel}");
        }
        assert_eq!(inside(out, "a/b.rs").unwrap(), out.join("a/b.rs"));
    }

    #[test]
    fn generated_files_replace_only_their_own_and_user_files_are_kept() {
        let out = temp("own");
        let files = [
            file("gen.rs", "// MARK\nnew\n", Owner::Generated),
            file("user.rs", "template\n", Owner::User),
        ];
        assert_eq!(write(&out, &files, "MARK", false).unwrap().written, 2);
        std::fs::write(out.join("user.rs"), "mine\n").unwrap();
        let again = write(&out, &files, "MARK", false).unwrap();
        assert_eq!((again.written, again.kept), (0, 2));
        assert_eq!(
            std::fs::read_to_string(out.join("user.rs")).unwrap(),
            "mine\n"
        );
        std::fs::write(out.join("gen.rs"), "hand-written\n").unwrap();
        assert!(matches!(
            write(&out, &files, "MARK", false),
            Err(Error::NotOurs(_))
        ));
        assert_eq!(
            check(&out, &files).unwrap(),
            [Stale::Changed(out.join("gen.rs"))]
        );
        assert_eq!(write(&out, &files, "MARK", true).unwrap().written, 2);
        assert!(check(&out, &files).unwrap().is_empty());
        std::fs::remove_dir_all(&out).unwrap();
    }
}
