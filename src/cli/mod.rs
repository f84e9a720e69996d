//! Command-line interface: clap types and one file per subcommand.

mod catalog;
mod compat;
mod complete;
mod diagram;
mod docs;
mod eject;
mod error;
mod explore;
mod export;
mod generate;
mod import;
mod init;
mod input;
mod output;
mod payloads;
mod render;
mod replay;
mod rules;
mod schema;
mod shell;
mod simulate;
mod upcast;
mod validate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

pub use error::{Done, Error, Result};

/// Exit code: no error-level finding.
const OK: u8 = 0;
/// Exit code: error-level findings.
const FINDINGS: u8 = 1;
/// Exit code: usage, I/O or internal error.
const FAILURE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "eventctl",
    version,
    about = "Validate and explore event catalogs for event-driven systems"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a starter catalog that validates clean, into a folder (never over a file).
    Init(init::Args),
    /// Check a catalog: structure, references, lifecycles, schemas, examples and names.
    Validate(validate::Args),
    /// Compare two JSON Schemas: exit 0 compatible, 1 not compatible, 2 bad input.
    Compat(compat::Args),
    /// List every rule with its id, default severity and purpose.
    Rules(rules::Args),
    /// Upcast payloads of an event from one version to a later one (JSON, or one per line).
    Upcast(upcast::Args),
    /// Stream an NDJSON event log through upcasts, lifecycles and projections; report what breaks.
    Replay(replay::Args),
    /// Run saga scenarios, or explore every failure path for broken compensations.
    Simulate(simulate::Args),
    /// Draw a context map, flow, saga or lifecycle as Mermaid, DOT, PlantUML, SVG or PNG.
    Diagram(diagram::Args),
    /// Write Markdown documentation: an index with the context map, a page per context and saga.
    Docs(docs::Args),
    /// Write the catalog as another tool's documents: AsyncAPI 3.0, registry schemas, EventCatalog.
    Export(export::Args),
    /// Write a catalog from another tool's documents: AsyncAPI 2.x and 3.x.
    Import(import::Args),
    /// Write Rust scaffolds: events, aggregates with lifecycle guards, and upcasters.
    Gen(generate::Args),
    /// Print the JSON Schema (draft-07) of the catalog format, for editors.
    Schema,
    /// Print a shell completion script (bash, zsh, fish, powershell or elvish).
    Completions(shell::CompletionsArgs),
    /// Write a man page per command into a folder.
    Man(shell::ManArgs),
}

/// Parses arguments and runs the subcommand.
pub fn run() -> ExitCode {
    // `COMPLETE=$SHELL eventctl …` (a shell asking for completions) answers and exits here.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command).complete();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { FAILURE } else { OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Init(args) => init::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Compat(args) => compat::run(&args),
        Command::Rules(args) => rules::run(&args),
        Command::Schema => schema::run(),
        Command::Completions(args) => shell::completions(&args),
        Command::Man(args) => shell::man(&args),
        Command::Upcast(args) => upcast::run(&args),
        Command::Replay(args) => replay::run(&args),
        Command::Simulate(args) => simulate::run(&args),
        Command::Diagram(args) => diagram::run(&args),
        Command::Docs(args) => docs::run(&args),
        Command::Gen(args) => generate::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Import(args) => import::run(&args),
    };
    ExitCode::from(match result {
        Ok(Done::Clean) => OK,
        Ok(Done::Findings) => FINDINGS,
        Err(e) => {
            // A rendered diagnostic already says `error[rule]:`.
            let prefix = if e.0.starts_with("error[") {
                ""
            } else {
                "error: "
            };
            output::stderr(&format!("{prefix}{e}\n"), output::Color::Auto);
            FAILURE
        }
    })
}
