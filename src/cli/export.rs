//! `eventctl export asyncapi CATALOG [-o FILE] [--context X] [--address T]` and `eventctl
//! export jsonschema CATALOG -o DIR [--subject T]` and `eventctl export eventcatalog CATALOG -o
//! DIR`: the catalog in another tool's format.

use super::catalog::{self, Need};
use super::output::{self, Color};
use super::{Done, Error, Result};
use eventctl::export::{asyncapi, eventcatalog, registry};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    format: Format,
}

#[derive(clap::Subcommand)]
enum Format {
    /// An AsyncAPI 3.0 document: a channel per event, a message per version, send and
    /// receive operations per context.
    Asyncapi(AsyncapiArgs),
    /// A schema registry's layout: a JSON Schema file per event version, the Confluent
    /// request body that registers it, and subjects.json with each version's compatibility
    /// level.
    Jsonschema(JsonschemaArgs),
    /// An EventCatalog project: a domain per context, a service per aggregate, each event
    /// version and command with its schema, for EventCatalog and its SDK to read.
    Eventcatalog(EventcatalogArgs),
}

#[derive(clap::Args)]
struct EventcatalogArgs {
    /// The catalog file, or a folder holding catalog.yaml.
    catalog: PathBuf,
    /// The EventCatalog project's folder (created when missing).
    #[arg(long, short)]
    out: PathBuf,
    /// Also overwrite files that eventctl did not write.
    #[arg(long)]
    force: bool,
}

#[derive(clap::Args)]
struct JsonschemaArgs {
    /// The catalog file, or a folder holding catalog.yaml.
    catalog: PathBuf,
    /// The folder to write into (created when missing).
    #[arg(long, short)]
    out: PathBuf,
    /// The subject of each event; `{topic}` is `Context.Event`, and `{context}` and `{event}`
    /// are filled in.
    #[arg(long, value_name = "TEMPLATE", default_value = registry::DEFAULT_SUBJECT)]
    subject: String,
    /// Also overwrite files that eventctl did not write.
    #[arg(long)]
    force: bool,
}

#[derive(clap::Args)]
struct AsyncapiArgs {
    /// The catalog file, or a folder holding catalog.yaml.
    catalog: PathBuf,
    /// Write the document here (atomically) instead of stdout. It is JSON, which YAML
    /// readers read too.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Only this context's service: its sends and receives, and their channels.
    #[arg(long, value_name = "CONTEXT")]
    context: Option<String>,
    /// The channel address; `{context}`, `{aggregate}` and `{event}` are filled in, and
    /// `{version}` stays a channel parameter.
    #[arg(long, value_name = "TEMPLATE", default_value = asyncapi::DEFAULT_ADDRESS)]
    address: String,
}

pub fn run(args: &Args) -> Result {
    match &args.format {
        Format::Asyncapi(a) => run_asyncapi(a),
        Format::Jsonschema(a) => run_jsonschema(a),
        Format::Eventcatalog(a) => run_eventcatalog(a),
    }
}

fn run_eventcatalog(args: &EventcatalogArgs) -> Result {
    let cat = catalog::load(&args.catalog, Need::Checked, "exporting it")?;
    let files = eventcatalog::files(cat);
    write_set(&args.out, &files, eventcatalog::MARKER, args.force)
}

fn write_set(
    out: &std::path::Path,
    files: &[eventctl::fileset::File],
    marker: &str,
    force: bool,
) -> Result {
    eventctl::fileset::write(out, files, marker, force).map_err(|e| Error(e.to_string()))?;
    output::stderr(
        &format!("wrote {} files to {}\n", files.len(), out.display()),
        Color::Auto,
    );
    Ok(Done::Clean)
}

fn run_jsonschema(args: &JsonschemaArgs) -> Result {
    let cat = catalog::load(&args.catalog, Need::Checked, "exporting it")?;
    let files = registry::files(cat, &args.subject);
    write_set(&args.out, &files, registry::MARKER, args.force)
}

fn run_asyncapi(args: &AsyncapiArgs) -> Result {
    let cat = catalog::load(&args.catalog, Need::Checked, "exporting it")?;
    let options = asyncapi::Options {
        context: args.context.clone(),
        address: args.address.clone(),
    };
    let doc = asyncapi::document(cat, &options).map_err(Error)?;
    let mut text = serde_json::to_string_pretty(&doc)
        .map_err(|e| Error(format!("cannot write the document: {e}")))?;
    text.push('\n');
    match &args.out {
        Some(path) => eventctl::atomic::write_swept(path, text.as_bytes())
            .map_err(|e| super::error::io("write", path, e))?,
        None => output::stdout(&text, Color::Never)?,
    }
    Ok(Done::Clean)
}
