//! `eventctl upcast CATALOG --event E --from N [--to M] [FILE|-]`: runs an event's upcast chain
//! over payloads (one JSON document, or one per line), checking them against both versions.

use super::output::{self, Color};
use eventctl::compat::upcast::Upcaster;
use eventctl::model::{Catalog, EventId};
use serde_json::Value;
use std::io::Read;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The catalog file, or a folder holding catalog.yaml.
    catalog: PathBuf,
    /// The event, as `Context.Event` (or `Event` when one context has it).
    #[arg(long)]
    event: String,
    /// The version of the input payloads.
    #[arg(long)]
    from: u64,
    /// The version to upcast to; default: the latest.
    #[arg(long)]
    to: Option<u64>,
    /// A file of payloads, or `-` for stdin.
    #[arg(default_value = "-")]
    input: String,
}

fn find_event(cat: &Catalog, name: &str) -> Result<EventId, String> {
    let hits: Vec<EventId> = (0..cat.events.len())
        .map(EventId::new)
        .filter(|&e| cat.event_name(e) == name || cat.event(e).name.text == name)
        .collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!("no event `{name}` in the catalog")),
        _ => Err(format!(
            "`{name}` names several events; write `Context.{name}`"
        )),
    }
}

fn read_input(input: &str) -> Result<String, String> {
    let limit = eventctl::load::yaml::MAX_FILE_BYTES as u64;
    let mut text = String::new();
    let result = if input == "-" {
        std::io::stdin().take(limit).read_to_string(&mut text)
    } else {
        std::fs::File::open(input).and_then(|f| f.take(limit).read_to_string(&mut text))
    };
    result.map_err(|e| format!("cannot read `{input}`: {e}"))?;
    Ok(text)
}

/// One JSON document, or newline-delimited documents with their line numbers.
fn payloads(text: &str) -> Result<(Vec<(usize, Value)>, bool), String> {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return Ok((vec![(1, v)], false));
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v = serde_json::from_str(line).map_err(|e| format!("line {}: not JSON: {e}", i + 1))?;
        out.push((i + 1, v));
    }
    Ok((out, true))
}

pub fn run(args: &Args) -> u8 {
    let validation = match super::catalog::load_clean(&args.catalog, "upcasting") {
        Ok(v) => v,
        Err(code) => return code,
    };
    let Some(cat) = &validation.catalog else {
        return super::FAILURE;
    };
    let event = match find_event(cat, &args.event) {
        Ok(e) => cat.event(e),
        Err(e) => return output::fail(&e),
    };
    let latest = event.versions.len() as u64;
    let to = args.to.unwrap_or(latest);
    if args.from < 1 || args.from > latest || to < args.from || to > latest {
        return output::fail(&format!(
            "versions of `{}` run 1 to {latest}; got --from {} --to {to}",
            args.event, args.from
        ));
    }
    let text = match read_input(&args.input) {
        Ok(t) => t,
        Err(e) => return output::fail(&e),
    };
    let (docs, lines) = match payloads(&text) {
        Ok(p) => p,
        Err(e) => return output::fail(&format!("{}: {e}", args.input)),
    };
    let build = |n: u64| {
        event.versions[(n - 1) as usize]
            .schema
            .as_ref()
            .and_then(eventctl::model::Json::validator)
    };
    let (Some(source), Some(target)) = (build(args.from), build(to)) else {
        return output::fail("a version's schema does not compile");
    };
    let upcaster = Upcaster::new();
    let mut out = String::new();
    let mut failures = 0;
    for (line, mut payload) in docs {
        let at = if lines {
            format!("line {line}: ")
        } else {
            String::new()
        };
        if let Some(e) = source.iter_errors(&payload).next() {
            output::stderr(
                &format!("error: {at}not a valid v{} payload: {e}\n", args.from),
                Color::Auto,
            );
            failures += 1;
            continue;
        }
        let mut failed = false;
        for v in &event.versions[args.from as usize..to as usize] {
            if let Err(e) = upcaster.apply(&v.upcast, &mut payload) {
                output::stderr(
                    &format!("error: {at}upcast to v{} failed: {e}\n", v.number),
                    Color::Auto,
                );
                failed = true;
                break;
            }
        }
        if !failed && let Some(e) = target.iter_errors(&payload).next() {
            output::stderr(
                &format!("error: {at}the upcast payload is not valid v{to}: {e}\n"),
                Color::Auto,
            );
            failed = true;
        }
        if failed {
            failures += 1;
            continue;
        }
        let rendered = if lines {
            serde_json::to_string(&payload)
        } else {
            serde_json::to_string_pretty(&payload)
        };
        out.push_str(&rendered.unwrap_or_default());
        out.push('\n');
    }
    output::stdout(&out, Color::Never);
    std::mem::forget(validation);
    if failures > 0 {
        super::FINDINGS
    } else {
        super::OK
    }
}
