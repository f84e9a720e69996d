//! Reading catalog and schema files: regular files only, each up to a size cap, so that a FIFO
//! never hangs a run and `/dev/zero` never fills the memory. `docs/limits.md` gives the caps.

use std::io::Read;
use std::path::{Path, PathBuf};

pub use super::yaml::MAX_FILE_BYTES;
/// Largest schema file (`schema_file`, or an input of `compat`), in bytes.
pub const MAX_SCHEMA_BYTES: usize = 64 * 1024 * 1024;

/// Reads a regular file of at most `cap` bytes.
pub fn limited(path: &Path, cap: usize) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a FIFO, a device or a socket)"
        };
        return Err(std::io::Error::other(format!(
            "it is {what}; eventctl reads only regular files"
        )));
    }
    let too_big = |size: u64| {
        std::io::Error::other(format!(
            "it is over {} MiB ({size} bytes); the limit is {} MiB",
            cap >> 20,
            cap >> 20
        ))
    };
    if meta.len() > cap as u64 {
        return Err(too_big(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?
        .take(cap as u64 + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() > cap {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Finds the root file: the path itself, or a default name inside a folder.
pub fn find_root(path: &Path) -> Result<PathBuf, super::LoadError> {
    let error =
        |e: std::io::Error| super::LoadError(format!("cannot read `{}`: {e}", path.display()));
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => super::LoadError(format!(
            "cannot read `{}`: no such file or folder",
            path.display()
        )),
        _ => error(e),
    })?;
    if !meta.is_dir() {
        return Ok(path.to_path_buf());
    }
    // Listing the folder first tells "permission denied" apart from "no catalog here".
    std::fs::read_dir(path).map_err(error)?;
    super::DEFAULT_NAMES
        .iter()
        .map(|n| path.join(n))
        .find(|p| p.symlink_metadata().is_ok())
        .ok_or_else(|| {
            super::LoadError(format!(
                "no catalog in folder `{}`: expected one of {}",
                path.display(),
                super::DEFAULT_NAMES.join(", ")
            ))
        })
}
