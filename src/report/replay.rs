//! Renders a replay's summary: for people (findings at `log:line`, counts, throughput) or as JSON.

use crate::replay::{Finding, Summary, ordered_totals};
use anstyle::{AnsiColor, Style};
use std::fmt::Write as _;
use std::time::Duration;

/// Most findings listed in the human report; JSON lists all that were kept.
const SHOWN: usize = 100;

fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn per_second(events: u64, elapsed: Duration) -> u64 {
    let secs = elapsed.as_secs_f64();
    if secs > 0.0 {
        (events as f64 / secs) as u64
    } else {
        0
    }
}

/// The report for people.
pub fn human(summary: &Summary, rows: &[(&str, usize)], elapsed: Duration, log: &str) -> String {
    let error = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let bold = Style::new().bold();
    let log = if log == "-" { "<stdin>" } else { log };
    let mut out = String::new();
    for f in summary.findings.iter().take(SHOWN) {
        let _ = writeln!(
            out,
            "{error}error[{}]{error:#}: {}: {}",
            f.kind.id(),
            place(summary, f, log),
            f.message
        );
    }
    let total = summary.total_findings();
    if total > SHOWN.min(summary.findings.len()) as u64 {
        let _ = writeln!(
            out,
            "… {} more findings; --format json lists the first {}",
            grouped(total - SHOWN.min(summary.findings.len()) as u64),
            crate::replay::MAX_KEPT
        );
    }
    if summary.stopped {
        let _ = writeln!(out, "stopped at the first finding (--fail-fast)");
    }
    let _ = writeln!(
        out,
        "{bold}replayed{bold:#} {} events from {} {} ({:.1} MB) in {:.2} s: {} events/s",
        grouped(summary.events),
        grouped(summary.lines),
        if summary.rows { "rows" } else { "lines" },
        summary.bytes as f64 / 1e6,
        elapsed.as_secs_f64(),
        grouped(per_second(summary.events, elapsed))
    );
    let width = summary
        .counts
        .iter()
        .map(|c| c.event.len())
        .max()
        .unwrap_or(0);
    for c in &summary.counts {
        let _ = writeln!(
            out,
            "  {:width$}  v{:<3} {:>12}",
            c.event,
            c.version,
            grouped(c.count)
        );
    }
    let _ = write!(out, "aggregates: {}", grouped(summary.aggregates));
    for (name, n) in rows {
        let rows = if *n == 1 { "row" } else { "rows" };
        let _ = write!(out, "; projection {name}: {} {rows}", grouped(*n as u64));
    }
    if summary.skipped > 0 {
        let _ = write!(
            out,
            "; {} events that broke their stream left out of projections",
            grouped(summary.skipped)
        );
    }
    out.push('\n');
    if total == 0 {
        let _ = writeln!(out, "no findings");
    } else {
        let kinds: Vec<String> = ordered_totals(summary)
            .into_iter()
            .map(|(id, n)| format!("{id} {}", grouped(n)))
            .collect();
        let _ = writeln!(
            out,
            "{error}{} findings{error:#}: {}",
            grouped(total),
            kinds.join(", ")
        );
    }
    out
}

/// Where a finding is: `log:line`, or a store's row with its `event_id` and position.
fn place(summary: &Summary, f: &Finding, log: &str) -> String {
    if !summary.rows {
        return format!("{log}:{}", f.line);
    }
    let mut names = Vec::new();
    if let Some(id) = &f.event_id {
        names.push(format!("event_id {id}"));
    }
    if let Some(p) = &f.position {
        names.push(format!("position {p}"));
    }
    match names.is_empty() {
        true => format!("{log} row {}", f.line),
        false => format!("{log} row {} ({})", f.line, names.join(", ")),
    }
}

/// The report as one JSON document (documented in docs/json-output.md).
pub fn json(summary: &Summary, rows: &[(&str, usize)], elapsed: Duration) -> String {
    let projections: Vec<_> = rows
        .iter()
        .map(|(name, n)| serde_json::json!({"name": name, "rows": n}))
        .collect();
    let doc = serde_json::json!({
        "version": 1,
        "lines": summary.lines,
        "source": if summary.rows { "store" } else { "log" },
        "bytes": summary.bytes,
        "events": summary.events,
        "aggregates": summary.aggregates,
        "counts": summary.counts,
        "projections": projections,
        "findings": summary.findings,
        "totals": summary.totals,
        "total_findings": summary.total_findings(),
        "stopped": summary.stopped,
        "skipped": summary.skipped,
        "causation_miss_chance": summary.causation_miss_chance,
        "seconds": elapsed.as_secs_f64(),
        "events_per_second": per_second(summary.events, elapsed),
    });
    super::pretty(&doc)
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1234567), "1,234,567");
    }
}
