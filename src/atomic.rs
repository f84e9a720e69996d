//! Writing files whole or not at all: a temporary file beside the target, renamed over it.
//!
//! Only a regular file (or a missing one) is replaced. A character device or a FIFO (`-o
//! /dev/null`, `-o /dev/stdout`, a named pipe) is written in place, so it stays what it was. A
//! symbolic link is refused: renaming over it would replace the link, and writing through it
//! could leave the folder the user chose. Any other kind of file is refused.

use std::io::{self, Write};
use std::path::Path;

/// What stands at the target path.
enum Target {
    /// Nothing, or a regular file: replaced atomically.
    Replace,
    /// A character device or a FIFO: written in place.
    InPlace,
}

#[cfg(unix)]
fn is_stream(t: &std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    t.is_char_device() || t.is_fifo()
}

#[cfg(not(unix))]
fn is_stream(_: &std::fs::FileType) -> bool {
    false
}

fn refuse(path: &Path, what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "`{}` is {what}; eventctl replaces only regular files",
            path.display()
        ),
    )
}

fn target(path: &Path) -> io::Result<Target> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Target::Replace),
        Err(e) => return Err(e),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        Ok(Target::Replace)
    } else if kind.is_symlink() {
        Err(refuse(path, "a symbolic link"))
    } else if kind.is_dir() {
        Err(refuse(path, "a folder"))
    } else if is_stream(&kind) {
        Ok(Target::InPlace)
    } else {
        Err(refuse(path, "a special file"))
    }
}

/// Writes `contents` to `path` atomically: readers see the old file or the new one, never half.
/// A character device or FIFO is written in place; a link, folder or other special file is
/// refused (see the module's documentation).
pub fn write(path: &Path, contents: &[u8]) -> io::Result<()> {
    if let Target::InPlace = target(path)? {
        let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
        file.write_all(contents)?;
        return file.flush();
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Like [`write`], after removing the temporary files of `path` that an interrupted run left.
pub fn write_swept(path: &Path, contents: &[u8]) -> io::Result<()> {
    if let (Some(dir), Some(name)) = (path.parent(), path.file_name()) {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        remove_stale(dir, Some(&name.to_string_lossy()));
    }
    write(path, contents)
}

/// Removes from `dir` the temporary files (`.NAME.PID.tmp`) of runs that no longer exist, for
/// the file `only` or for every file. A run was interrupted (a signal, a power cut) when its
/// process is gone; where the system cannot tell, when the file is over an hour old.
pub fn remove_stale(dir: &Path, only: Option<&str>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some((file, pid)) = temp_parts(&name) else {
            continue;
        };
        if only.is_some_and(|o| o != file) || pid == std::process::id() {
            continue;
        }
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && gone(pid, &entry) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `(NAME, PID)` of a temporary file name `.NAME.PID.tmp`.
fn temp_parts(name: &str) -> Option<(&str, u32)> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (file, pid) = rest.rsplit_once('.')?;
    if file.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((file, pid.parse().ok()?))
}

fn gone(pid: u32, entry: &std::fs::DirEntry) -> bool {
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return !proc.join(pid.to_string()).exists();
    }
    entry
        .metadata()
        .and_then(|m| m.modified())
        .is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() > 3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("eventctl-atomic-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = temp("replace");
        let path = dir.join("out.jsonl");
        write(&path, b"one\n").unwrap();
        write(&path, b"two\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two\n");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        assert!(write(&dir.join("missing/out"), b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn links_and_folders_are_refused_and_left_alone() {
        let dir = temp("refuse");
        let outside = dir.join("outside.txt");
        std::fs::write(&outside, "keep\n").unwrap();
        let link = dir.join("link.txt");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let err = write(&link, b"x").unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep\n");
        assert!(
            write(&dir, b"x")
                .unwrap_err()
                .to_string()
                .contains("a folder")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_written_in_place() {
        use std::os::unix::fs::FileTypeExt;
        write(Path::new("/dev/null"), b"gone\n").unwrap();
        let null = std::fs::symlink_metadata("/dev/null").unwrap().file_type();
        assert!(null.is_char_device(), "/dev/null must stay a device");
        let dir = temp("fifo");
        let fifo = dir.join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            return;
        }
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write(&fifo, b"through the pipe\n").unwrap();
        assert_eq!(reader.join().unwrap(), b"through the pipe\n");
        assert!(
            std::fs::symlink_metadata(&fifo)
                .unwrap()
                .file_type()
                .is_fifo()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
