//! The files read: id → path, text and line starts, so spans become `file:line:col`.

use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// First byte.
    pub start: usize,
    /// One past the last byte (equal to `start` for a point).
    pub end: usize,
}

/// One file that was read.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as given or found, used to read the file.
    pub path: PathBuf,
    /// The path shown in diagnostics (relative to the working directory when possible).
    pub name: String,
    /// The text; empty when the file could not be decoded.
    pub text: String,
    line_starts: Vec<usize>,
    /// `(byte offset, characters before it)` about every [`MARK_BYTES`] bytes, so that a column
    /// far into a long line is counted from a nearby mark, not from the line's start.
    marks: Vec<(usize, usize)>,
}

/// Bytes between two marks.
const MARK_BYTES: usize = 1024;

impl SourceFile {
    fn new(path: PathBuf, name: String, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut marks = vec![(0, 0)];
        let mut chars = 0;
        let mut at = 0;
        while at + MARK_BYTES < text.len() {
            let mut next = at + MARK_BYTES;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text[at..next].chars().count();
            marks.push((next, chars));
            at = next;
        }
        Self {
            path,
            name,
            text,
            line_starts,
            marks,
        }
    }

    /// Characters before a byte offset (a char boundary, at most the length).
    fn chars_before(&self, offset: usize) -> usize {
        let (at, chars) = self.marks[self.marks.partition_point(|&(b, _)| b <= offset) - 1];
        chars + self.text.get(at..offset).map_or(0, |s| s.chars().count())
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = if self.text.is_char_boundary(offset) {
            self.chars_before(offset) - self.chars_before(start)
        } else {
            offset - start
        };
        (line + 1, col + 1)
    }

    /// Byte offset of a 1-based line and character column.
    pub fn offset_of(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        rest.char_indices()
            .nth(col.saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// Byte range of the (1-based) lines `first..=last`, clamped to the file.
    pub fn line_range(&self, first: usize, last: usize) -> std::ops::Range<usize> {
        let start = self.line_starts[first.clamp(1, self.line_starts.len()) - 1];
        let end = self
            .line_starts
            .get(last.max(first))
            .map_or(self.text.len(), |&e| e.saturating_sub(1));
        start..end.max(start)
    }
}

/// Every file read during one run.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: &Path, text: String) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(
            path.to_path_buf(),
            display_name(path),
            text,
        ));
        id
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The id of an already added file, by path.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| FileId(i as u32))
    }

    /// Moves every file of `other` into this map, renamed by `name`; returns the amount to add
    /// to `other`'s file ids.
    pub fn absorb(&mut self, other: SourceMap, name: impl Fn(&SourceFile) -> String) -> u32 {
        let offset = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        for mut file in other.files {
            file.name = name(&file);
            self.files.push(file);
        }
        offset
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no file was read.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

fn display_name(path: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    shown.to_string_lossy().replace('\\', "/")
}

/// End of the word or scalar starting at `start`, for underlining.
pub fn token_end(text: &str, start: usize) -> usize {
    let rest = text.get(start..).unwrap_or("");
    let len = rest
        .char_indices()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, ':' | ',' | ']' | '}'))
        .map_or(rest.len(), |(i, _)| i);
    start + len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_far_into_a_long_line_count_characters() {
        let text = format!("a: [{}]\n", "é, x, ".repeat(2_000));
        let mut map = SourceMap::default();
        let id = map.add(Path::new("a.yaml"), text.clone());
        let file = map.get(id);
        for (offset, _) in text.char_indices().step_by(997) {
            let naive = text[..offset].chars().count() + 1;
            assert_eq!(file.line_col(offset), (1, naive), "{offset}");
        }
    }

    #[test]
    fn line_col_counts_characters() {
        let mut map = SourceMap::default();
        let id = map.add(Path::new("a.yaml"), "ab\né: x\n".to_string());
        let file = map.get(id);
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        assert_eq!(file.line_col(7), (2, 4));
        assert_eq!(file.offset_of(2, 4), 7);
        assert_eq!(file.line_range(2, 2), 3..8);
    }
}
