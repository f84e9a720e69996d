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
