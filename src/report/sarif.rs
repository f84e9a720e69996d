//! SARIF 2.1.0 output for code scanning.

use super::place;
use crate::diag::{Diagnostic, Rule, Severity};
use crate::source::SourceMap;
use serde_json::{Value, json};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Allow => "none",
    }
}

fn location(sources: &SourceMap, span: crate::source::Span, message: &str) -> Value {
    let p = place(sources, span);
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": { "uri": p.file },
            "region": {
                "startLine": p.line,
                "startColumn": p.column,
                "endLine": p.end_line,
                "endColumn": p.end_column
            }
        }
    });
    if !message.is_empty() {
        loc["message"] = json!({ "text": message });
    }
    loc
}

/// Renders the findings as one SARIF log.
pub fn render(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "shortDescription": { "text": r.summary() },
                "fullDescription": { "text": r.details() },
                "helpUri": r.help_url(),
                "defaultConfiguration": { "level": level(r.severity()) }
            })
        })
        .collect();
    let results: Vec<Value> = diags
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": d.primary.iter().map(|l| location(sources, l.span, "")).collect::<Vec<_>>(),
            });
            if let Some(i) = Rule::ALL.iter().position(|&r| d.rule == r) {
                result["ruleIndex"] = json!(i);
            }
            if !d.secondary.is_empty() {
                result["relatedLocations"] = d
                    .secondary
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        let mut loc = location(sources, l.span, &l.message);
                        loc["id"] = json!(i);
                        loc
                    })
                    .collect();
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "eventctl",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules
            }},
            "results": results
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
