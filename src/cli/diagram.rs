//! `eventctl diagram CATALOG --kind K [--format F]`: one diagram of the catalog, as text or
//! rendered to SVG or PNG by the Graphviz or Mermaid found on the PATH.

use super::output;
use eventctl::diagram::{self, Focus, Kind};
use eventctl::model::{AggregateId, Catalog, ContextId, SagaId};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// Contexts, their aggregates, and the events between them.
    ContextMap,
    /// Commands, events, and what triggers what.
    Flow,
    /// A saga's happy path and each failure path.
    Saga,
    /// An aggregate's states and transitions.
    Lifecycle,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Mermaid text.
    Mermaid,
    /// Graphviz DOT text.
    Dot,
    /// PlantUML text.
    Plantuml,
    /// An SVG picture, drawn by `dot` (or `mmdc`).
    Svg,
    /// A PNG picture, drawn by `dot` (or `mmdc`); needs -o.
    Png,
}

#[derive(clap::Args)]
pub struct Args {
    /// The catalog file, or a folder holding catalog.yaml.
    catalog: PathBuf,
    /// What to draw.
    #[arg(long, value_enum)]
    kind: KindArg,
    /// How to write it.
    #[arg(long, value_enum, default_value_t = FormatArg::Mermaid)]
    format: FormatArg,
    /// Only this context (and, for a context map, its neighbours).
    #[arg(long)]
    context: Option<String>,
    /// The saga to draw (needed when there are several).
    #[arg(long)]
    saga: Option<String>,
    /// The aggregate to draw, `Context.Aggregate` or `Aggregate` (needed when there are several).
    #[arg(long)]
    aggregate: Option<String>,
    /// Write here (atomically) instead of stdout.
    #[arg(long, short)]
    out: Option<PathBuf>,
}

fn find(names: Vec<String>, short: Vec<String>, wanted: &str, what: &str) -> Result<usize, String> {
    let hits: Vec<usize> = (0..names.len())
        .filter(|&i| names[i] == wanted || short[i] == wanted)
        .collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        [] => {
            let hint = eventctl::diag::did_you_mean(wanted, names.iter().map(String::as_str))
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| format!("; it declares {}", names.join(", ")));
            Err(format!("no {what} `{wanted}` in the catalog{hint}"))
        }
        _ => Err(format!(
            "`{wanted}` names several {what}s; write `Context.{wanted}`"
        )),
    }
}

fn focus(cat: &Catalog, args: &Args) -> Result<Focus, String> {
    let mut f = Focus::default();
    if let Some(c) = &args.context {
        let names: Vec<String> = cat.contexts.iter().map(|c| c.name.text.clone()).collect();
        f.context = Some(ContextId::new(find(names.clone(), names, c, "context")?));
    }
    if let Some(s) = &args.saga {
        let names: Vec<String> = cat.sagas.iter().map(|s| s.name.text.clone()).collect();
        f.saga = Some(SagaId::new(find(names.clone(), names, s, "saga")?));
    }
    if let Some(a) = &args.aggregate {
        let names = (0..cat.aggregates.len())
            .map(|i| cat.aggregate_name(AggregateId::new(i)))
            .collect();
        let short = cat.aggregates.iter().map(|a| a.name.text.clone()).collect();
        f.aggregate = Some(AggregateId::new(find(names, short, a, "aggregate")?));
    }
    Ok(f)
}

pub fn run(args: &Args) -> u8 {
    let validation = match super::catalog::load_resolved(&args.catalog, "drawing it") {
        Ok(v) => v,
        Err(code) => return code,
    };
    let Some(cat) = &validation.catalog else {
        return super::FAILURE;
    };
    let code = draw(cat, args);
    std::mem::forget(validation);
    code
}

fn draw(cat: &Catalog, args: &Args) -> u8 {
    let focus = match focus(cat, args) {
        Ok(f) => f,
        Err(e) => return output::fail(&e),
    };
    let kind = match args.kind {
        KindArg::ContextMap => Kind::ContextMap,
        KindArg::Flow => Kind::Flow,
        KindArg::Saga => Kind::Saga,
        KindArg::Lifecycle => Kind::Lifecycle,
    };
    let text_format = match args.format {
        FormatArg::Mermaid => Some(diagram::Format::Mermaid),
        FormatArg::Dot => Some(diagram::Format::Dot),
        FormatArg::Plantuml => Some(diagram::Format::PlantUml),
        FormatArg::Svg | FormatArg::Png => None,
    };
    if let Some(format) = text_format {
        let text = match diagram::render(cat, kind, format, focus) {
            Ok(t) => t,
            Err(e) => return output::fail(&e),
        };
        return write(args.out.as_deref(), text.as_bytes());
    }
    let png = args.format == FormatArg::Png;
    if png && args.out.is_none() {
        return output::fail("a PNG needs a file: give -o FILE.png");
    }
    let picture = match super::render::picture(cat, kind, focus, png) {
        Ok(p) => p,
        Err(e) => return output::fail(&e),
    };
    write(args.out.as_deref(), &picture)
}

fn write(out: Option<&Path>, bytes: &[u8]) -> u8 {
    match out {
        Some(path) => match eventctl::atomic::write(path, bytes) {
            Ok(()) => super::OK,
            Err(e) => output::fail(&format!("cannot write `{}`: {e}", path.display())),
        },
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(bytes);
            let _ = stdout.flush();
            super::OK
        }
    }
}
