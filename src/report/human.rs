//! Human output: rustc-style snippets through annotate-snippets; colour decided by the caller.

use super::{Summary, widen};
use crate::diag::{Diagnostic, Label, Severity};
use crate::source::{FileId, SourceMap};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use rayon::prelude::*;

/// Lines shown around a label beyond which labels get their own snippet.
const MAX_WINDOW: usize = 12;

/// Renders every finding, each followed by a blank line.
pub fn render_findings(diags: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let rendered: Vec<String> = diags
        .par_iter()
        .map(|d| one(d, sources, &renderer))
        .collect();
    let mut out = String::with_capacity(rendered.iter().map(|r| r.len() + 2).sum());
    for r in rendered {
        out.push_str(&r);
        out.push_str("\n\n");
    }
    out
}

/// Renders every finding and a closing summary line. Errors come first: a warning such as
/// `unsent-command` often follows from an error (a misspelt reference), and the summary says so.
pub fn render(diags: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = diags
        .iter()
        .cloned()
        .partition(|d| d.severity == Severity::Error);
    let ordered: Vec<Diagnostic> = errors.into_iter().chain(warnings).collect();
    let mut out = render_findings(&ordered, sources, color);
    let s = Summary::of(diags);
    out.push_str(&match (s.errors, s.warnings) {
        (0, 0) => "no problems found\n".to_string(),
        (e, 0) | (e @ 0, _) => format!(
            "{} and {}\n",
            super::plural(e, "error"),
            super::plural(s.warnings, "warning")
        ),
        (e, w) => format!(
            "{} and {}; fix the errors first, as warnings may follow from them\n",
            super::plural(e, "error"),
            super::plural(w, "warning")
        ),
    });
    out
}

fn one(d: &Diagnostic, sources: &SourceMap, renderer: &Renderer) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        _ => Level::WARNING,
    };
    let mut labels: Vec<(bool, &Label)> = d.primary.iter().map(|l| (true, l)).collect();
    labels.extend(d.secondary.iter().map(|l| (false, l)));
    let mut snippets = Vec::new();
    let mut places = Vec::new();
    for window in windows(&labels, sources) {
        let file = sources.get(window.file);
        let lines = file.line_range(window.first, window.last);
        let range = excerpt(&file.text, lines.clone(), &window.labels, sources);
        // A part of a long line is shown between ellipses; the column in its header is then
        // counted in the part, and set right once rendered.
        let before = if range.start > lines.start { "…" } else { "" };
        let after = if range.end < lines.end { "…" } else { "" };
        let text = format!("{before}{}{after}", &file.text[range.clone()]);
        let (line, _) = file.line_col(range.start);
        if range != lines
            && let Some(first) = window.labels.iter().min_by_key(|(p, l)| (!p, l.span.start))
        {
            let at = first.1.span.start.clamp(range.start, range.end);
            let shown = before.chars().count() + file.text[range.start..at].chars().count() + 1;
            let (_, column) = file.line_col(at);
            places.push((
                format!("{}:{line}:{shown}", file.name),
                format!("{}:{line}:{column}", file.name),
            ));
        }
        let mut snippet = Snippet::source(text)
            .line_start(line)
            .path(file.name.as_str());
        for (primary, label) in window.labels {
            let span = widen(sources, label.span);
            let start = span.start.clamp(range.start, range.end) - range.start + before.len();
            let end = span.end.clamp(range.start, range.end) - range.start + before.len();
            let kind = if primary {
                AnnotationKind::Primary
            } else {
                AnnotationKind::Context
            };
            snippet = snippet.annotation(
                kind.span(start..end.max(start))
                    .label(label.message.as_str()),
            );
        }
        snippets.push(snippet);
    }
    let group = Group::with_title(level.primary_title(d.message.as_str()).id(d.rule.id()))
        .elements(snippets);
    let mut report: Vec<Group<'_>> = vec![group];
    if let Some(help) = &d.help {
        report.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    let mut text = renderer.render(&report);
    for (shown, real) in places {
        text = text.replacen(&shown, &real, 1);
    }
    text
}

/// Bytes beyond which the lines of a window are cut down to the part around its labels.
const MAX_EXCERPT: usize = 1_000;
/// Bytes shown on each side of the labels in a cut-down excerpt.
const CONTEXT_BYTES: usize = 100;

/// The byte range to show of `lines`: all of it, or when it is long (a flow list of thousands
/// of states on one line) the part around the labels, so that each finding costs the same
/// whatever the length of the line.
fn excerpt(
    text: &str,
    lines: std::ops::Range<usize>,
    labels: &[(bool, &Label)],
    sources: &SourceMap,
) -> std::ops::Range<usize> {
    if lines.len() <= MAX_EXCERPT {
        return lines;
    }
    let spans = labels.iter().map(|(_, l)| widen(sources, l.span));
    let start = spans.clone().map(|s| s.start).min().unwrap_or(lines.start);
    let end = spans.map(|s| s.end).max().unwrap_or(start);
    let mut from = start
        .saturating_sub(CONTEXT_BYTES)
        .clamp(lines.start, lines.end);
    let mut to = (end.min(start + MAX_EXCERPT) + CONTEXT_BYTES).clamp(from, lines.end);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    while !text.is_char_boundary(to) {
        to += 1;
    }
    from..to
}

struct Window<'a> {
    file: FileId,
    first: usize,
    last: usize,
    labels: Vec<(bool, &'a Label)>,
}

/// Groups labels into nearby-line windows per file, primary's window first.
fn windows<'a>(labels: &[(bool, &'a Label)], sources: &SourceMap) -> Vec<Window<'a>> {
    let mut out: Vec<Window<'a>> = Vec::new();
    for &(primary, label) in labels {
        let file = sources.get(label.span.file);
        let span = widen(sources, label.span);
        let (first, _) = file.line_col(span.start);
        let (last, _) = file.line_col(span.end);
        let last = last.min(first + MAX_WINDOW);
        let near = out.iter_mut().find(|w| {
            w.file == label.span.file
                && first + MAX_WINDOW >= w.first
                && w.last + MAX_WINDOW >= last
        });
        match near {
            Some(w) => {
                w.first = w.first.min(first);
                w.last = w.last.max(last);
                w.labels.push((primary, label));
            }
            None => out.push(Window {
                file: label.span.file,
                first,
                last,
                labels: vec![(primary, label)],
            }),
        }
    }
    out
}
