//! Renderers for diagnostics: human (rustc-style), json, github workflow commands and SARIF 2.1.0.

pub mod compat;
mod github;
mod human;
mod json;
pub mod replay;
pub mod rules;
mod sarif;
pub mod simulate;

use crate::diag::{Diagnostic, Severity};
use crate::source::{SourceMap, Span};

pub use github::render as github;
pub use human::render as human;
pub use human::render_findings as human_findings;
pub use json::render as json;
pub use sarif::render as sarif;

/// Output formats of `validate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// rustc-style snippets for people.
    Human,
    /// One JSON document, documented in docs/json-output.md.
    Json,
    /// GitHub Actions workflow commands that annotate pull requests.
    Github,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
}

/// The findings in `format`; human output is meant for stderr, every other format for stdout.
pub fn render(format: Format, diags: &[Diagnostic], sources: &SourceMap) -> String {
    match format {
        Format::Human => human(diags, sources, true),
        Format::Json => json(diags, sources),
        Format::Github => github(diags, sources),
        Format::Sarif => sarif(diags, sources),
    }
}

/// A JSON document, pretty-printed, ending with a newline.
pub fn pretty(doc: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(doc).unwrap_or_default();
    text.push('\n');
    text
}

/// Counts of reported findings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
}

impl Summary {
    /// Counts the findings.
    pub fn of(diags: &[Diagnostic]) -> Self {
        Self {
            errors: diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            warnings: diags
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count(),
        }
    }
}

/// A span as file name and 1-based line and column of both ends.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Place {
    /// File as shown.
    pub file: String,
    /// First line.
    pub line: usize,
    /// First column, in characters.
    pub column: usize,
    /// Last line.
    pub end_line: usize,
    /// Column after the end, in characters.
    pub end_column: usize,
}

/// Where a span is, in lines and columns; a point widens to the token there.
pub fn place(sources: &SourceMap, span: Span) -> Place {
    let file = sources.get(span.file);
    let span = widen(sources, span);
    let (line, column) = file.line_col(span.start);
    let (end_line, end_column) = file.line_col(span.end);
    Place {
        file: file.name.clone(),
        line,
        column,
        end_line,
        end_column,
    }
}

/// Gives an empty span the length of the token it points at, so it can be underlined.
pub fn widen(sources: &SourceMap, span: Span) -> Span {
    if span.end > span.start {
        return span;
    }
    let text = &sources.get(span.file).text;
    let start = span.start.min(text.len());
    Span {
        end: crate::source::token_end(text, start),
        start,
        ..span
    }
}

/// `1 error`, `2 errors`: a count and its noun, plural when it is not one.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
