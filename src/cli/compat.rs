//! `eventctl compat OLD NEW`: compares two JSON Schema files; exit 0 compatible, 1 not, 2 bad input.

use super::output::{self, Color};
use eventctl::compat::{self, Effect, Mode, Profile, Report};
use eventctl::diag::{Diagnostic, Severity};
use eventctl::model::Json;
use eventctl::source::SourceMap;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// The schema the stored data or current consumers use (JSON or YAML).
    old: PathBuf,
    /// The schema that replaces it (JSON or YAML).
    new: PathBuf,
    /// Which readers must keep working.
    #[arg(long, value_enum, default_value_t = Mode::Backward)]
    mode: Mode,
    /// strict: set semantics, undecided fails; lenient: open models hold no undeclared fields.
    #[arg(long, value_enum, default_value_t = Profile::Strict)]
    profile: Profile,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

/// Reads a schema file into a positioned JSON value, or renders why it cannot.
fn read(path: &Path, sources: &mut SourceMap) -> Result<Json, String> {
    let bytes = eventctl::load::read_file(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    match eventctl::load::parse_node(sources, path, bytes) {
        Ok(json) => Ok(json),
        Err(diag) => Err(eventctl::report::human(&[*diag], sources, false)),
    }
}

pub fn run(args: &Args) -> u8 {
    let mut sources = SourceMap::default();
    let (old, new) = match (read(&args.old, &mut sources), read(&args.new, &mut sources)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => return output::fail(e.trim_end()),
    };
    let report = compat::check(&old.value(), &new.value(), args.mode, args.profile);
    match args.format {
        Format::Json => output::stdout(&json(&report), Color::Never),
        Format::Human => output::stdout(&human(&report, &old, &new, &sources), args.color),
    }
    if report.fails() {
        super::FINDINGS
    } else {
        super::OK
    }
}

fn breaks(report: &Report, effect: Effect) -> bool {
    effect == Effect::Breaking || report.profile == Profile::Strict
}

fn json(report: &Report) -> String {
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
                "breaks": breaks(report, f.effect),
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
    format!(
        "{}\n",
        serde_json::to_string_pretty(&doc).unwrap_or_default()
    )
}

fn human(report: &Report, old: &Json, new: &Json, sources: &SourceMap) -> String {
    let diags: Vec<Diagnostic> = report
        .findings
        .iter()
        .map(|f| {
            let direction = match f.direction {
                compat::Direction::Backward => "backward",
                compat::Direction::Forward => "forward",
            };
            let mut d = Diagnostic::new(f.rule, format!("{direction}: {}", f.message))
                .at(new.span_at(&f.new_pointer, true), "new")
                .with(old.span_at(&f.old_pointer, true), "old");
            d.severity = if breaks(report, f.effect) {
                Severity::Error
            } else {
                Severity::Warning
            };
            d
        })
        .collect();
    let mut text = eventctl::report::human_findings(&diags, sources, true);
    let verdict = match report.verdict {
        compat::Verdict::Compatible => "compatible",
        compat::Verdict::Incompatible => "not compatible",
        compat::Verdict::Unknown => "undecided",
    };
    let mode = format!("{:?}", report.mode).to_lowercase();
    text.push_str(&format!("{mode}: {verdict}\n"));
    text
}
