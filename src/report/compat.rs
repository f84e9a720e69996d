//! The report of `eventctl compat`: findings placed in both schema files for people, or one
//! JSON document.

use crate::compat::{Direction, Report, Verdict};
use crate::diag::{Diagnostic, Severity};
use crate::model::Json;
use crate::source::SourceMap;

/// Findings as rustc-style snippets (the new schema's place first), then the verdict.
pub fn human(report: &Report, old: &Json, new: &Json, sources: &SourceMap) -> String {
    let diags: Vec<Diagnostic> = report
        .findings
        .iter()
        .map(|f| {
            let direction = match f.direction {
                Direction::Backward => "backward",
                Direction::Forward => "forward",
            };
            let mut d = Diagnostic::new(f.rule, format!("{direction}: {}", f.message))
                .at(new.span_at(&f.new_pointer, true), "new")
                .with(old.span_at(&f.old_pointer, true), "old");
            if let Some(w) = &f.witness {
                let (writer, reader) = match f.direction {
                    Direction::Backward => ("old", "new"),
                    Direction::Forward => ("new", "old"),
                };
                d = d.help(format!("{writer} accepts and {reader} rejects {w}"));
            }
            d.severity = if report.breaks(f) {
                Severity::Error
            } else {
                Severity::Warning
            };
            d
        })
        .collect();
    let mut text = super::human_findings(&diags, sources, true);
    let verdict = match report.verdict {
        Verdict::Compatible => "compatible",
        Verdict::Incompatible => "not compatible",
        Verdict::Unknown => "undecided",
    };
    text.push_str(&format!("{}: {verdict}\n", report.mode.name()));
    text
}

/// The report as one JSON document (documented in docs/json-output.md).
pub fn json(report: &Report) -> String {
    let findings: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "rule": f.rule,
                "direction": f.direction,
                "old_pointer": f.old_pointer,
                "new_pointer": f.new_pointer,
                "message": f.message,
                "effect": f.effect,
                "breaks": report.breaks(f),
                "witness": f.witness,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "version": 1,
        "mode": report.mode,
        "profile": report.profile,
        "verdict": report.verdict,
        "compatible": !report.fails(),
        "findings": findings,
    });
    super::pretty(&doc)
}
