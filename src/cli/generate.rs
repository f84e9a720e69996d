//! `eventctl gen CATALOG --out DIR`: writes Rust scaffolds. Generated files are rewritten
//! atomically; the user's files are created once; nothing is written outside DIR; `--check`
//! writes nothing and names every missing or stale file.

use super::output;
use eventctl::codegen::files::{GenFile, MARKER, Options, Owner, files};
use eventctl::codegen::render::TEMPLATES;
use eventctl::model::ContextId;
use std::path::{Component, Path, PathBuf};

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
    #[arg(long)]
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

fn inside(out: &Path, rel: &str) -> Result<PathBuf, String> {
    if Path::new(rel)
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(format!(
            "refusing to write `{rel}`: it leaves the output folder"
        ));
    }
    Ok(out.join(rel))
}

fn eject(dir: &Path, force: bool) -> u8 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return output::fail(&format!("cannot create `{}`: {e}", dir.display()));
    }
    for (name, text) in TEMPLATES {
        let path = dir.join(name);
        if path.exists() && !force {
            return output::fail(&format!(
                "`{}` exists; pass --force to replace it",
                path.display()
            ));
        }
        if let Err(e) = eventctl::atomic::write(&path, text.as_bytes()) {
            return output::fail(&format!("cannot write `{}`: {e}", path.display()));
        }
    }
    output::stderr(
        &format!("wrote {} templates to {}\n", TEMPLATES.len(), dir.display()),
        output::Color::Auto,
    );
    super::OK
}

pub fn run(args: &Args) -> u8 {
    if let Some(dir) = &args.eject_templates {
        return eject(dir, args.force);
    }
    let (Some(catalog), Some(out)) = (&args.catalog, &args.out) else {
        return output::fail("give a catalog and --out DIR");
    };
    if let Some(name) = &args.crate_name
        && (name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'))
    {
        return output::fail(&format!(
            "`{name}` is not a crate name: use letters, digits, `_` and `-`"
        ));
    }
    let validation = match super::catalog::load_clean(catalog, "generating code") {
        Ok(v) => v,
        Err(code) => return code,
    };
    let Some(cat) = &validation.catalog else {
        return super::FAILURE;
    };
    let context = match &args.context {
        Some(name) => match cat.contexts.iter().position(|c| c.name.text == *name) {
            Some(i) => Some(ContextId::new(i)),
            None => return output::fail(&format!("no context `{name}` in the catalog")),
        },
        None => None,
    };
    let options = Options {
        target: match args.target {
            Target::Plain => "plain",
            Target::CqrsEs => "cqrs-es",
        },
        crate_name: args.crate_name.as_deref(),
        context,
        templates: args.templates.as_deref(),
    };
    let planned = match files(cat, &options) {
        Ok(f) => f,
        Err(e) => return output::fail(&format!("a template failed: {e}")),
    };
    let code = if args.check {
        check(out, &planned)
    } else {
        write(out, &planned, args.force)
    };
    std::mem::forget(validation);
    code
}

fn check(out: &Path, planned: &[GenFile]) -> u8 {
    let mut stale = Vec::new();
    for f in planned {
        let path = match inside(out, &f.path) {
            Ok(p) => p,
            Err(e) => return output::fail(&e),
        };
        match (std::fs::read_to_string(&path), f.owner) {
            (Err(_), _) => stale.push(format!("missing: {}", path.display())),
            (Ok(text), Owner::Generated) if text != f.content => {
                stale.push(format!("stale: {}", path.display()))
            }
            _ => {}
        }
    }
    if stale.is_empty() {
        return super::OK;
    }
    let mut text = stale.join("\n");
    text.push_str("\nrun `eventctl gen` without --check to bring them up to date\n");
    output::stderr(&text, output::Color::Auto);
    super::FINDINGS
}

fn write(out: &Path, planned: &[GenFile], force: bool) -> u8 {
    let mut targets = Vec::new();
    for f in planned {
        let path = match inside(out, &f.path) {
            Ok(p) => p,
            Err(e) => return output::fail(&e),
        };
        let existing = std::fs::read_to_string(&path).ok();
        let write = match (f.owner, &existing) {
            (_, None) => true,
            (Owner::User, Some(_)) => force,
            (Owner::Generated, Some(text)) => {
                if !text.lines().next().is_some_and(|l| l.contains(MARKER)) && !force {
                    return output::fail(&format!(
                        "`{}` exists and was not generated by eventctl; move it, or pass --force",
                        path.display()
                    ));
                }
                *text != f.content
            }
        };
        targets.push((path, f, write));
    }
    let mut written = 0;
    for (path, f, write) in targets {
        if !write {
            continue;
        }
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            return output::fail(&format!("cannot create `{}`: {e}", parent.display()));
        }
        if let Err(e) = eventctl::atomic::write(&path, f.content.as_bytes()) {
            return output::fail(&format!("cannot write `{}`: {e}", path.display()));
        }
        written += 1;
    }
    output::stderr(
        &format!(
            "wrote {written} of {} files to {}\n",
            planned.len(),
            out.display()
        ),
        output::Color::Auto,
    );
    super::OK
}
