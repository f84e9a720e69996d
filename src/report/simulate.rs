//! The reports of `eventctl simulate`: scenario runs and explorations, as tables for people or
//! as one JSON document.

use crate::sim::{Exploration, ScenarioRun, Stop};
use anstyle::{AnsiColor, Style};
use std::fmt::Write as _;

/// Scenario runs as JSON.
pub fn runs_json(runs: &[ScenarioRun]) -> String {
    super::pretty(&serde_json::json!({"version": 1, "scenarios": runs}))
}

/// Explorations, each with the seconds it took, as JSON.
pub fn explorations_json(results: &[(Exploration, f64)]) -> String {
    let docs: Vec<_> = results
        .iter()
        .map(|(x, secs)| serde_json::json!({"exploration": x, "seconds": secs}))
        .collect();
    super::pretty(&serde_json::json!({"version": 1, "sagas": docs}))
}

/// Scenario runs as Mermaid sequence diagrams.
pub fn runs_mermaid(runs: &[ScenarioRun]) -> String {
    let mut out = String::new();
    for r in runs {
        let title = format!("scenario {}: {}", r.scenario, r.result);
        out.push_str(&crate::diagram::trace_mermaid(&r.trace, &r.saga, &title));
        out.push('\n');
    }
    out
}

/// The counterexamples of explorations as Mermaid sequence diagrams.
pub fn counterexamples_mermaid(results: &[(Exploration, f64)]) -> String {
    let mut out = String::new();
    for (x, _) in results {
        for c in &x.counterexamples {
            let title = format!(
                "counterexample: {} ({})",
                c.violation.message,
                c.violation.invariant.id()
            );
            out.push_str(&crate::diagram::trace_mermaid(&c.trace, &x.saga, &title));
            out.push('\n');
        }
    }
    out
}

/// Scenario runs as trace tables with their verdicts.
pub fn runs_human(runs: &[ScenarioRun]) -> String {
    let bad = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let good = Style::new().bold().fg_color(Some(AnsiColor::Green.into()));
    let mut out = String::new();
    for r in runs {
        let verdict = if r.passed() {
            format!("{good}passed{good:#}")
        } else {
            format!("{bad}failed{bad:#}")
        };
        let _ = writeln!(
            out,
            "scenario `{}` ({}): {} — {verdict}",
            r.scenario, r.saga, r.result
        );
        out.push_str(&r.trace.table());
        for m in &r.mismatches {
            let _ = writeln!(out, "  {bad}expectation failed{bad:#}: {m}");
        }
        for v in &r.violations {
            let _ = writeln!(out, "  warning[{}]: {}", v.invariant.id(), v.message);
        }
        out.push('\n');
    }
    let failed = runs.iter().filter(|r| !r.passed()).count();
    let _ = writeln!(
        out,
        "{}, {} passed, {failed} failed",
        super::plural(runs.len(), "scenario"),
        runs.len() - failed
    );
    out
}

/// Explorations: sizes, speed, and each shortest counterexample.
pub fn explorations_human(results: &[(Exploration, f64)]) -> String {
    let bad = Style::new().bold().fg_color(Some(AnsiColor::Red.into()));
    let mut out = String::new();
    for (x, secs) in results {
        let paths = x
            .paths
            .map_or("unbounded (a loop)".into(), |p| p.to_string());
        let rate = if *secs > 0.0 {
            x.states as f64 / secs
        } else {
            0.0
        };
        let _ = writeln!(
            out,
            "explored `{}` with faults {}: {} states, {} transitions, {} runs, {} final states, longest run {} deliveries, in {:.1} ms ({:.0} states/s){}",
            x.saga,
            x.faults.names(),
            x.states,
            x.transitions,
            paths,
            x.final_states,
            x.depth,
            secs * 1000.0,
            rate,
            match x.stopped {
                None => "",
                Some(Stop::States) => " — stopped at the state limit",
                Some(Stop::Memory) => " — stopped at the memory limit",
            }
        );
        if x.counterexamples.is_empty() {
            let _ = writeln!(out, "  no invariant broken\n");
            continue;
        }
        for c in &x.counterexamples {
            let _ = writeln!(
                out,
                "\n{bad}violation[{}]{bad:#} (invariant {}): {}",
                c.violation.invariant.id(),
                c.violation.invariant.number(),
                c.violation.message
            );
            let _ = writeln!(
                out,
                "  shortest counterexample, {} deliveries:",
                c.trace.rows.len()
            );
            out.push_str(&c.trace.table());
        }
        out.push('\n');
    }
    out
}
