//! `eventctl upcast CATALOG --event E --from N [--to M] [FILE|-]`: runs an event's upcast chain
//! over payloads (one JSON document, or one per line), checking them against both versions.

use super::catalog::{self, Need};
use super::input;
use super::output::{self, Color};
use super::{Done, Error, Result};
use eventctl::upcast::Upcaster;
use serde_json::Value;
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

pub fn run(args: &Args) -> Result {
    let cat = catalog::load(&args.catalog, Need::Checked, "upcasting")?;
    let event = cat.event(cat.find_event(&args.event)?);
    let latest = event.versions.len() as u64;
    let to = args.to.unwrap_or(latest);
    if args.from < 1 || args.from > latest || to < args.from || to > latest {
        return Err(Error(format!(
            "versions of `{}` run 1 to {latest}; got --from {} --to {to}",
            args.event, args.from
        )));
    }
    let text = input::read_text(&args.input)?;
    let (docs, lines) =
        input::payloads(&text).map_err(|e| Error(format!("{}: {e}", args.input)))?;
    let build = |n: u64| {
        event.versions[(n - 1) as usize]
            .schema
            .as_ref()
            .and_then(eventctl::model::Json::validator)
    };
    let (Some(source), Some(target)) = (build(args.from), build(to)) else {
        return Err(Error::from("a version's schema does not compile"));
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
        let what = format!("a v{} payload", args.from);
        if let Some(e) = problem(&source, &payload, &what) {
            output::stderr(&format!("error: {at}{e}\n"), Color::Auto);
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
        let what = format!("the payload upcast to v{to}");
        if !failed && let Some(e) = problem(&target, &payload, &what) {
            output::stderr(&format!("error: {at}{e}\n"), Color::Auto);
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
    output::stdout(&out, Color::Never)?;
    Ok(Done::findings_if(failures > 0))
}

/// Why `what` fails its schema, or why it could not be checked.
fn problem(schema: &eventctl::cost::Bounded, payload: &Value, what: &str) -> Option<String> {
    match schema.first_error(payload) {
        Ok(error) => error.map(|e| format!("{what} is not valid: {e}")),
        Err(refused) => Some(format!("{what} was not checked: {refused}")),
    }
}
