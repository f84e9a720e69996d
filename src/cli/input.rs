//! Reading what a command is given beside its catalog: an event log (a file or stdin, with a
//! progress bar on a terminal).

use super::{Error, Result};
use std::io::{IsTerminal, Read};

/// Bytes of log beyond which a progress bar is drawn on a terminal.
const PROGRESS_FROM_BYTES: u64 = 32 * 1024 * 1024;

/// The log to replay, and its size when it is a file; `-` is stdin.
pub fn open_log(log: &str) -> Result<(Box<dyn Read>, Option<u64>)> {
    if log == "-" {
        return Ok((Box::new(std::io::stdin().lock()), None));
    }
    let path = std::path::Path::new(log);
    let file = std::fs::File::open(log).map_err(|e| super::error::io("read", path, e))?;
    let meta = file
        .metadata()
        .map_err(|e| super::error::io("read", path, e))?;
    if meta.is_dir() {
        return Err(Error(format!(
            "`{log}` is a folder; give an NDJSON file or `-` for stdin"
        )));
    }
    Ok((Box::new(file), Some(meta.len())))
}

/// A progress bar on a terminal, for a large log or stdin.
pub fn progress(size: Option<u64>) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = match size {
        Some(n) if n >= PROGRESS_FROM_BYTES => indicatif::ProgressBar::new(n).with_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} replaying [{bar:40}] {binary_bytes}/{binary_total_bytes} ({binary_bytes_per_sec}, {eta})",
            )
            .ok()?
            .progress_chars("=> "),
        ),
        Some(_) => return None,
        None => indicatif::ProgressBar::new_spinner().with_style(
            indicatif::ProgressStyle::with_template("{spinner} replaying {binary_bytes} ({binary_bytes_per_sec})").ok()?,
        ),
    };
    Some(bar)
}
