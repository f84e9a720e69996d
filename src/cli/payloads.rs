//! Payloads for `upcast`, streamed: one JSON document per line, read one line at a time with a
//! bound on its length; or a single (possibly pretty-printed) document, up to a size bound.

use super::{Error, Result};
use eventctl::replay::lines::{Line, Lines, MAX_LINE_BYTES};
use serde_json::Value;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader};

/// The largest single document read whole.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// One payload read, or why its line is not one.
pub enum Payload {
    /// A document: its line number (`None` for a single document) and value.
    Value(Option<u64>, Value),
    /// A line that is not a payload, and why.
    Bad(u64, String),
}

/// Payloads of a file or of stdin (`-`).
pub struct Payloads {
    input: String,
    lines: Lines<Box<dyn BufRead>>,
    pending: VecDeque<Payload>,
    /// Whether the input holds one payload per line (else it is one document).
    pub per_line: bool,
}

impl Payloads {
    /// Opens the input and reads ahead far enough to tell one document from one per line: the
    /// input is one per line when its first line is a whole JSON document and another follows.
    pub fn open(input: &str) -> Result<Self> {
        let reader: Box<dyn BufRead> = if input == "-" {
            Box::new(BufReader::new(std::io::stdin()))
        } else {
            let path = std::path::Path::new(input);
            let file = std::fs::File::open(path).map_err(|e| super::error::io("read", path, e))?;
            if file.metadata().is_ok_and(|m| m.is_dir()) {
                return Err(Error(format!("`{input}` is a folder; give a file or `-`")));
            }
            Box::new(BufReader::with_capacity(1 << 20, file))
        };
        let mut p = Payloads {
            input: input.to_string(),
            lines: Lines::new(reader, MAX_LINE_BYTES),
            pending: VecDeque::new(),
            per_line: true,
        };
        let (number, text) = match p.next_text()? {
            None => return Ok(p),
            Some(Err(bad)) => {
                p.pending.push_back(bad);
                return Ok(p);
            }
            Some(Ok(line)) => line,
        };
        match serde_json::from_str::<Value>(&text) {
            Ok(first) => match p.next_line()? {
                Some(second) => {
                    p.pending.push_back(Payload::Value(Some(number), first));
                    p.pending.push_back(second);
                }
                None => {
                    p.per_line = false;
                    p.pending.push_back(Payload::Value(None, first));
                }
            },
            Err(_) => {
                p.per_line = false;
                let whole = p.rest(text)?;
                let value = serde_json::from_str(&whole)
                    .map_err(|e| Error(format!("{input}: not JSON: {e}")))?;
                p.pending.push_back(Payload::Value(None, value));
            }
        }
        Ok(p)
    }

    /// The next payload, or `None` at the end.
    pub fn next_payload(&mut self) -> Result<Option<Payload>> {
        match self.pending.pop_front() {
            Some(p) => Ok(Some(p)),
            None if self.per_line => self.next_line(),
            None => Ok(None),
        }
    }

    fn next_line(&mut self) -> Result<Option<Payload>> {
        let (number, text) = match self.next_text()? {
            None => return Ok(None),
            Some(Err(bad)) => return Ok(Some(bad)),
            Some(Ok(line)) => line,
        };
        Ok(Some(match serde_json::from_str(&text) {
            Ok(v) => Payload::Value(Some(number), v),
            Err(e) => Payload::Bad(number, format!("not JSON: {e}")),
        }))
    }

    /// The next line that is not blank, with its number, or a line too long to read.
    fn next_text(&mut self) -> Result<Option<std::result::Result<(u64, String), Payload>>> {
        loop {
            let text = match self.lines.next_line().map_err(|e| failed(&self.input, e))? {
                None => return Ok(None),
                Some(Line::TooLong(n)) => Err(n),
                Some(Line::Text { bytes, .. }) => Ok(String::from_utf8_lossy(bytes).into_owned()),
            };
            let number = self.lines.number();
            let text = match text {
                Err(n) => {
                    let why = format!("the line is {n} bytes; the limit is {MAX_LINE_BYTES}");
                    return Ok(Some(Err(Payload::Bad(number, why))));
                }
                Ok(text) => text,
            };
            if !text.trim().is_empty() {
                return Ok(Some(Ok((number, text))));
            }
        }
    }

    /// The rest of the input after its first line, as one document of at most the size bound.
    fn rest(&mut self, mut whole: String) -> Result<String> {
        loop {
            match self.lines.next_line().map_err(|e| failed(&self.input, e))? {
                None => return Ok(whole),
                Some(Line::Text { bytes, .. })
                    if whole.len() + bytes.len() < MAX_DOCUMENT_BYTES =>
                {
                    whole.push('\n');
                    whole.push_str(&String::from_utf8_lossy(bytes));
                }
                Some(_) => {
                    return Err(Error(format!(
                        "{}: a single JSON document over {} MiB; give one payload per line",
                        self.input,
                        MAX_DOCUMENT_BYTES >> 20
                    )));
                }
            }
        }
    }
}

fn failed(input: &str, e: std::io::Error) -> Error {
    super::error::io("read", std::path::Path::new(input), e)
}
