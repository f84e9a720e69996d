//! `eventctl upcast CATALOG --event E --from N [--to M] [FILE|-]`: runs an event's upcast chain
//! over payloads (one JSON document, or one per line, streamed), checking them against both
//! versions. Each result is written as soon as it is known.

use super::catalog::{self, Need};
use super::output::{self, Color};
use super::payloads::{Payload, Payloads};
use super::{Done, Error, Result};
use eventctl::upcast::Upcaster;
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The catalog file, or a folder holding catalog.yaml.
    catalog: PathBuf,
    /// The event, as `Context.Event` (or `Event` when one context has it).
    #[arg(long, add = clap_complete::engine::ArgValueCompleter::new(super::complete::events))]
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
    let build = |n: u64| {
        event.versions[(n - 1) as usize]
            .schema
            .as_ref()
            .and_then(eventctl::model::Json::validator)
    };
    let (Some(source), Some(target)) = (build(args.from), build(to)) else {
        return Err(Error::from("a version's schema does not compile"));
    };
    let chain = &event.versions[args.from as usize..to as usize];
    let mut payloads = Payloads::open(&args.input)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let upcaster = Upcaster::new();
    let mut failures = 0;
    while let Some(payload) = payloads.next_payload()? {
        let (line, mut payload) = match payload {
            Payload::Value(line, v) => (line, v),
            Payload::Bad(line, why) => {
                output::stderr(&format!("error: line {line}: {why}\n"), Color::Auto);
                failures += 1;
                continue;
            }
        };
        let at = line.map(|l| format!("line {l}: ")).unwrap_or_default();
        let failed = problem(&source, &payload, &format!("a v{} payload", args.from))
            .or_else(|| {
                chain.iter().find_map(|v| {
                    let e = upcaster.apply(&v.upcast, &mut payload).err()?;
                    Some(format!("upcast to v{} failed: {e}", v.number))
                })
            })
            .or_else(|| problem(&target, &payload, &format!("the payload upcast to v{to}")));
        if let Some(e) = failed {
            output::stderr(&format!("error: {at}{e}\n"), Color::Auto);
            failures += 1;
            continue;
        }
        let rendered = if payloads.per_line {
            serde_json::to_string(&payload)
        } else {
            serde_json::to_string_pretty(&payload)
        };
        let text = rendered.map_err(|e| Error(e.to_string()))? + "\n";
        // Each result is sent as it is known, so that a reader of a stream sees it at once.
        if !output::open(out.write_all(text.as_bytes()).and_then(|()| out.flush()))? {
            return Ok(Done::findings_if(failures > 0));
        }
    }
    output::written(out.flush())?;
    Ok(Done::findings_if(failures > 0))
}

/// Why `what` fails its schema, or why it could not be checked.
fn problem(schema: &eventctl::cost::Bounded, payload: &Value, what: &str) -> Option<String> {
    match schema.first_error(payload) {
        Ok(error) => error.map(|e| format!("{what} is not valid: {e}")),
        Err(refused) => Some(format!("{what} was not checked: {refused}")),
    }
}
