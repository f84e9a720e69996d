//! Human output: rustc-style snippets through annotate-snippets; colour decided by the caller.

use super::{Summary, widen};
use crate::diag::{Diagnostic, Label, Severity};
use crate::source::{FileId, SourceMap};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Lines shown around a label beyond which labels get their own snippet.
const MAX_WINDOW: usize = 12;

/// Renders every finding, each followed by a blank line.
pub fn render_findings(diags: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diags {
        out.push_str(&one(d, sources, &renderer));
        out.push_str("\n\n");
    }
    out
}

/// Renders every finding and a closing summary line.
pub fn render(diags: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let mut out = render_findings(diags, sources, color);
    let s = Summary::of(diags);
    out.push_str(&match (s.errors, s.warnings) {
        (0, 0) => "no problems found\n".to_string(),
        (e, w) => format!("{} and {}\n", plural(e, "error"), plural(w, "warning")),
    });
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn one(d: &Diagnostic, sources: &SourceMap, renderer: &Renderer) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        _ => Level::WARNING,
    };
    let mut labels: Vec<(bool, &Label)> = d.primary.iter().map(|l| (true, l)).collect();
    labels.extend(d.secondary.iter().map(|l| (false, l)));
    let mut snippets = Vec::new();
    for window in windows(&labels, sources) {
        let file = sources.get(window.file);
        let range = file.line_range(window.first, window.last);
        let mut snippet = Snippet::source(&file.text[range.clone()])
            .line_start(window.first)
            .path(file.name.as_str());
        for (primary, label) in window.labels {
            let span = widen(sources, label.span);
            let start = span.start.clamp(range.start, range.end) - range.start;
            let end = span.end.clamp(range.start, range.end) - range.start;
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
    renderer.render(&report)
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
