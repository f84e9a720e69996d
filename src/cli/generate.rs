//! `eventctl gen CATALOG --out DIR`: writes Rust scaffolds. Generated files are rewritten
//! atomically; the user's files are created once; nothing is written outside DIR; `--check`
//! writes nothing and names every missing or stale file.

use super::catalog::{self, Need};
use super::eject;
use super::output;
use super::{Done, Error, Result};
use eventctl::codegen::files::{MARKER, Options, files};
use eventctl::fileset;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// Plain Rust: serde types, aggregates with `apply` and `handle`, upcasters.
    Plain,
    /// Plain Rust plus cqrs-es 0.5: `Aggregate`, `DomainEvent`, `View`, `EventUpcaster`.
    CqrsEs,
}

#[derive(clap::Args)]
pub struct Args {
    /// The catalog file, or a folder holding catalog.yaml.
    #[arg(required_unless_present = "eject_templates")]
    catalog: Option<PathBuf>,
    /// The folder to write into.
    #[arg(long, short, required_unless_present = "eject_templates")]
    out: Option<PathBuf>,
    /// What the code builds on.
    #[arg(long, value_enum, default_value_t = Target::Plain)]
    target: Target,
    /// Write a whole crate with this name (Cargo.toml, src/, tests/).
    #[arg(long = "crate", value_name = "NAME")]
    crate_name: Option<String>,
    /// Only this context.
    #[arg(long, add = clap_complete::engine::ArgValueCompleter::new(super::complete::contexts))]
    context: Option<String>,
    /// Templates that replace the built-in ones, file by file.
    #[arg(long)]
    templates: Option<PathBuf>,
    /// Write nothing; exit 1 when a generated file is missing or stale.
    #[arg(long)]
    check: bool,
    /// Also overwrite the user's files and files eventctl did not write.
    #[arg(long)]
    force: bool,
    /// Copy the built-in templates into this folder and exit.
    #[arg(long, value_name = "DIR")]
    eject_templates: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result {
    if let Some(dir) = &args.eject_templates {
        return eject::run(dir, args.force);
    }
    let (Some(catalog), Some(out)) = (&args.catalog, &args.out) else {
        return Err(Error::from("give a catalog and --out DIR"));
    };
    if let Some(name) = &args.crate_name
        && (name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    {
        return Err(Error(format!(
            "`{name}` is not a crate name: use letters, digits, `_` and `-`"
        )));
    }
    let cat = catalog::load(catalog, Need::Checked, "generating code")?;
    let options = Options {
        target: match args.target {
            Target::Plain => "plain",
            Target::CqrsEs => "cqrs-es",
        },
        crate_name: args.crate_name.as_deref(),
        context: args
            .context
            .as_deref()
            .map(|c| cat.find_context(c))
            .transpose()?,
        templates: args.templates.as_deref(),
    };
    let planned = files(cat, &options).map_err(|e| Error(format!("a template failed: {e}")))?;
    let undecided = undecided(out, &planned);
    if args.check {
        return check(out, &planned, &undecided);
    }
    let done =
        fileset::write(out, &planned, MARKER, args.force).map_err(|e| Error(e.to_string()))?;
    output::stderr(
        &format!(
            "wrote {} of {} files to {}\n",
            done.written,
            planned.len(),
            out.display()
        ),
        output::Color::Auto,
    );
    if !undecided.is_empty() && !args.force {
        output::stderr(&undecided.join("\n"), output::Color::Auto);
    }
    for note in eventctl::codegen::incomplete(cat) {
        output::stderr(&format!("note: {note}\n"), output::Color::Auto);
    }
    Ok(Done::Clean)
}

/// For each user's `decisions.rs` that exists and lacks methods the catalog now needs, a note
/// naming them, ready to paste.
fn undecided(out: &Path, planned: &[fileset::File]) -> Vec<String> {
    let mut notes = Vec::new();
    for f in planned.iter().filter(|f| f.path.ends_with("decisions.rs")) {
        let Ok(existing) = std::fs::read_to_string(out.join(&f.path)) else {
            continue;
        };
        let missing = eventctl::codegen::decisions::missing_methods(&f.content, &existing);
        if !missing.is_empty() {
            notes.push(format!(
                "{} has no decision for {} command{} added since it was created; until it does, {} `NotDecided`. Add:\n{}\n",
                out.join(&f.path).display(),
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                if missing.len() == 1 { "it answers" } else { "they answer" },
                missing
                    .iter()
                    .map(|m| format!("    {m} {{ todo!() }}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        }
    }
    notes
}

fn check(out: &Path, planned: &[fileset::File], undecided: &[String]) -> Result {
    let stale = fileset::check(out, planned).map_err(|e| Error(e.to_string()))?;
    if stale.is_empty() && undecided.is_empty() {
        return Ok(Done::Clean);
    }
    let mut text: Vec<String> = stale.iter().map(ToString::to_string).collect();
    if !stale.is_empty() {
        text.push("run `eventctl gen` without --check to bring them up to date\n".into());
    }
    text.extend(undecided.iter().cloned());
    output::report(&text.join("\n"), output::Color::Auto)?;
    Ok(Done::Findings)
}
