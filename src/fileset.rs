//! Writing a set of files into an output folder, for `gen` and `docs`: every path stays inside
//! the folder, a file eventctl did not write is never replaced unless forced, the user's own
//! files are created once, and each file is written atomically. Nothing is written until every
//! path has been checked.

use rayon::prelude::*;
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// Who owns a file once it exists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// Rewritten on every run; its first line holds the set's marker (its second, after a
    /// front-matter opener `---`).
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
    /// Something other than a regular file where a file goes, or other than a folder on the way.
    Special(PathBuf, &'static str),
    /// A folder or file that could not be created or written.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Escapes(rel) => write!(
                f,
                "refusing to write `{rel}`: it leaves the output folder (a `..`, an absolute path, or a symbolic link that points outside)"
            ),
            Error::Special(path, what) => write!(
                f,
                "refusing to write `{}`: it is {what}; eventctl writes only regular files in folders",
                path.display()
            ),
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

/// The target of `rel` inside `out`, as the file system resolves it: a symbolic link on the way
/// must lead back inside `out`, and what stands at the target must be a regular file, or
/// nothing. Reading or writing through it then stays inside the folder.
pub fn resolve(out: &Path, rel: &str) -> Result<PathBuf, Error> {
    let path = inside(out, rel)?;
    let Ok(root) = out.canonicalize() else {
        return Ok(path); // the folder does not exist yet: nothing in it can be a link
    };
    let mut at = out.to_path_buf();
    let parts: Vec<_> = Path::new(rel).components().collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        let Ok(meta) = std::fs::symlink_metadata(&at) else {
            break; // missing: created as a plain folder or file
        };
        let last = i + 1 == parts.len();
        if meta.file_type().is_symlink() {
            if last {
                return Err(Error::Special(at, "a symbolic link"));
            }
            match at.canonicalize() {
                Ok(real) if real.starts_with(&root) => continue,
                _ => return Err(Error::Escapes(rel.to_string())),
            }
        }
        if last && !meta.is_file() {
            let what = if meta.is_dir() {
                "a folder"
            } else {
                "a special file"
            };
            return Err(Error::Special(at, what));
        }
        if !last && !meta.is_dir() {
            return Err(Error::Special(at, "not a folder"));
        }
    }
    Ok(path)
}

/// Whether a file's first line holds `marker`, or its second after a front-matter opener
/// (`---`), which Markdown sites require on the first line.
fn marked(text: &str, marker: &str) -> bool {
    let mut lines = text.lines();
    match lines.next() {
        Some("---") => lines.next().is_some_and(|l| l.contains(marker)),
        Some(first) => first.contains(marker),
        None => false,
    }
}

/// Writes `files` into `out`. A generated file replaces an existing one only when that one
/// holds `marker` on its first line (or with `force`); a user's file is written only when
/// missing (or with `force`). Unchanged files are not rewritten.
pub fn write(out: &Path, files: &[File], marker: &str, force: bool) -> Result<Written, Error> {
    let mut planned = Vec::new();
    for f in files {
        let path = resolve(out, &f.path)?;
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
    let mut swept = std::collections::HashSet::new();
    for (path, _, _) in &planned {
        if let Some(parent) = path.parent()
            && swept.insert(parent.to_path_buf())
        {
            crate::atomic::remove_stale(parent, None);
        }
    }
    let (to_write, kept): (Vec<_>, Vec<_>) = planned.into_iter().partition(|(_, _, w)| *w);
    done.kept = kept.len();
    let mut made = std::collections::HashSet::new();
    for (path, _, _) in &to_write {
        if let Some(parent) = path.parent()
            && made.insert(parent.to_path_buf())
        {
            std::fs::create_dir_all(parent).map_err(|e| Error::Io(parent.to_path_buf(), e))?;
        }
    }
    // Each atomic write waits for its data to reach the disk; many wait at once.
    let write_one = |(path, f, _): &(PathBuf, &File, bool)| {
        crate::atomic::write(path, f.content.as_bytes()).map_err(|e| Error::Io(path.clone(), e))
    };
    match rayon::ThreadPoolBuilder::new().num_threads(WRITERS).build() {
        Ok(pool) => pool.install(|| to_write.par_iter().try_for_each(write_one))?,
        Err(_) => to_write.iter().try_for_each(write_one)?,
    }
    done.written = to_write.len();
    Ok(done)
}

/// Files written at once: writes spend their time waiting for the disk, not on a core.
const WRITERS: usize = 16;

/// The files of `files` that are missing from `out`, or generated and out of date.
pub fn check(out: &Path, files: &[File]) -> Result<Vec<Stale>, Error> {
    let mut stale = Vec::new();
    for f in files {
        let path = resolve(out, &f.path)?;
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
    fn the_marker_is_on_the_first_line_or_the_second_after_front_matter() {
        assert!(marked("// written by x\nfn main() {}", "written by x"));
        assert!(marked("---\n# written by x\nid: a\n---\n", "written by x"));
        assert!(!marked("---\nid: a\n# written by x\n---\n", "written by x"));
        assert!(!marked("mine\n// written by x\n", "written by x"));
        assert!(!marked("", "written by x"));
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

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_folder_and_special_files_are_refused_before_any_write() {
        use std::os::unix::fs::symlink;
        let out = temp("links");
        let elsewhere = temp("links-elsewhere");
        std::fs::create_dir_all(out.join("src")).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        symlink(&elsewhere, out.join("src/order")).unwrap();
        let files = [
            file("a.rs", "// MARK\n", Owner::Generated),
            file("src/order/mod.rs", "// MARK\n", Owner::Generated),
        ];
        let err = write(&out, &files, "MARK", true).unwrap_err();
        assert!(matches!(err, Error::Escapes(_)), "{err}");
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
        assert!(!out.join("a.rs").exists(), "nothing is written");
        assert!(matches!(check(&out, &files), Err(Error::Escapes(_))));
        // A link that stays inside the folder is followed.
        std::fs::remove_file(out.join("src/order")).unwrap();
        std::fs::create_dir_all(out.join("shared")).unwrap();
        symlink(out.join("shared"), out.join("src/order")).unwrap();
        assert_eq!(write(&out, &files, "MARK", false).unwrap().written, 2);
        assert!(out.join("shared/mod.rs").is_file());
        // A link or a FIFO where a file goes is refused, never read or replaced.
        symlink(elsewhere.join("x"), out.join("b.rs")).unwrap();
        let err = write(&out, &[file("b.rs", "x", Owner::Generated)], "MARK", true).unwrap_err();
        assert!(matches!(err, Error::Special(_, "a symbolic link")), "{err}");
        let fifo = out.join("c.rs");
        if std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success())
        {
            let err = write(&out, &[file("c.rs", "x", Owner::User)], "MARK", true).unwrap_err();
            assert!(matches!(err, Error::Special(_, "a special file")), "{err}");
        }
        std::fs::remove_dir_all(&out).unwrap();
        std::fs::remove_dir_all(&elsewhere).unwrap();
    }

    #[test]
    fn temporaries_of_interrupted_runs_are_removed() {
        let out = temp("stale");
        std::fs::create_dir_all(&out).unwrap();
        // No process has this id (above the kernel's limit), so its run was interrupted.
        std::fs::write(out.join(".a.rs.4294967.tmp"), "half").unwrap();
        std::fs::write(out.join(".a.rs.1.tmp"), "a live process's").unwrap();
        std::fs::write(out.join(".notes.txt"), "the user's").unwrap();
        write(
            &out,
            &[file("a.rs", "// MARK\n", Owner::Generated)],
            "MARK",
            false,
        )
        .unwrap();
        let mut left: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [".a.rs.1.tmp", ".notes.txt", "a.rs"]);
        std::fs::remove_dir_all(&out).unwrap();
    }
}
