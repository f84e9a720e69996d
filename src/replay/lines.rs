//! Reads a log line by line with a bound on line length, so one huge line cannot exhaust memory.

use std::io::{self, BufRead, Read};

/// Longest line read whole; longer lines are skipped and reported.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// One line of the log.
pub enum Line<'b> {
    /// Its bytes, without the line ending; `terminated` is false for a last line with no newline.
    Text {
        /// The bytes.
        bytes: &'b [u8],
        /// Whether a newline ended it.
        terminated: bool,
    },
    /// A line longer than the bound, skipped; its length in bytes.
    TooLong(u64),
}

/// Lines of a reader, numbered from 1.
pub struct Lines<R> {
    reader: R,
    buf: Vec<u8>,
    max: usize,
    number: u64,
    bytes: u64,
}

impl<R: BufRead> Lines<R> {
    /// Lines of `reader`, each at most `max` bytes.
    pub fn new(reader: R, max: usize) -> Self {
        Self {
            reader,
            buf: Vec::new(),
            max,
            number: 0,
            bytes: 0,
        }
    }

    /// The number of the line last returned.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// Bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// The next line, or `None` at the end.
    pub fn next_line(&mut self) -> io::Result<Option<Line<'_>>> {
        self.buf.clear();
        let limit = self.max as u64 + 1;
        let n = (&mut self.reader)
            .take(limit)
            .read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(None);
        }
        self.number += 1;
        self.bytes += n as u64;
        let terminated = self.buf.last() == Some(&b'\n');
        if !terminated && self.buf.len() > self.max {
            let skipped = self.skip_rest()?;
            self.bytes += skipped;
            return Ok(Some(Line::TooLong(n as u64 + skipped)));
        }
        let mut end = self.buf.len();
        if terminated {
            end -= 1;
            if end > 0 && self.buf[end - 1] == b'\r' {
                end -= 1;
            }
        }
        Ok(Some(Line::Text {
            bytes: &self.buf[..end],
            terminated,
        }))
    }

    /// Discards up to and including the next newline; returns how many bytes went.
    fn skip_rest(&mut self) -> io::Result<u64> {
        let mut skipped = 0;
        loop {
            let (done, used) = {
                let available = self.reader.fill_buf()?;
                if available.is_empty() {
                    (true, 0)
                } else {
                    match available.iter().position(|&b| b == b'\n') {
                        Some(p) => (true, p + 1),
                        None => (false, available.len()),
                    }
                }
            };
            self.reader.consume(used);
            skipped += used as u64;
            if done {
                return Ok(skipped);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(input: &[u8], max: usize) -> Vec<String> {
        let mut lines = Lines::new(input, max);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().unwrap() {
            out.push(match line {
                Line::Text { bytes, terminated } => {
                    format!(
                        "{}{}",
                        String::from_utf8_lossy(bytes),
                        if terminated { "" } else { "$" }
                    )
                }
                Line::TooLong(n) => format!("<{n}>"),
            });
        }
        out
    }

    #[test]
    fn splits_on_newlines_and_strips_carriage_returns() {
        assert_eq!(collect(b"a\r\nbb\n\nc", 10), ["a", "bb", "", "c$"]);
    }

    #[test]
    fn long_lines_are_skipped_whole_and_reading_goes_on() {
        assert_eq!(
            collect(b"ok\n0123456789ABC\nnext\n", 5),
            ["ok", "<14>", "next"]
        );
        assert_eq!(collect(b"0123456789", 5), ["<10>"]);
    }
}
