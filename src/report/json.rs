//! JSON output: one stable document, described in docs/json-output.md.

use super::{Place, Summary, place};
use crate::diag::Diagnostic;
use crate::source::SourceMap;
use serde::Serialize;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    summary: Summary,
    diagnostics: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    #[serde(flatten)]
    place: Option<Place>,
    labels: Vec<LabelOut<'a>>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct LabelOut<'a> {
    #[serde(flatten)]
    place: Place,
    message: &'a str,
}

/// Renders the findings as a JSON document (ends with a newline).
pub fn render(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let output = Output {
        version: 1,
        summary: Summary::of(diags),
        diagnostics: diags
            .iter()
            .map(|d| Item {
                rule: d.rule.id(),
                severity: d.severity.as_str(),
                message: &d.message,
                place: d.primary.as_ref().map(|l| place(sources, l.span)),
                labels: d
                    .secondary
                    .iter()
                    .map(|l| LabelOut {
                        place: place(sources, l.span),
                        message: &l.message,
                    })
                    .collect(),
                help: d.help.as_deref(),
            })
            .collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&output).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
