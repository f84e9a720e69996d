//! `eventctl diagram CATALOG --kind K [--format F] [--renderer R]`: one diagram of the catalog,
//! as text, or as an SVG or PNG picture drawn in-process (or by Graphviz or mermaid-cli).

use super::catalog::{self, Need};
use super::{Done, Error, Result};
use eventctl::diagram::{self, Focus, Kind};
use eventctl::model::Catalog;
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
    /// A saga's runs in swimlanes, one per context (SVG or PNG).
    Timeline,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Mermaid text.
    Mermaid,
    /// Graphviz DOT text.
    Dot,
    /// PlantUML text.
    Plantuml,
    /// An SVG picture, drawn by eventctl itself (or by `--renderer`).
    Svg,
    /// A PNG picture, drawn by eventctl itself (or by `--renderer`); needs -o.
    Png,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RendererArg {
    /// eventctl's own layout, with no outside tool.
    Builtin,
    /// Graphviz's `dot`, found on the PATH.
    Graphviz,
    /// mermaid-cli's `mmdc`, found on the PATH.
    Mermaid,
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
    #[arg(long, add = clap_complete::engine::ArgValueCompleter::new(super::complete::contexts))]
    context: Option<String>,
    /// The saga to draw (needed when there are several).
    #[arg(long, add = clap_complete::engine::ArgValueCompleter::new(super::complete::sagas))]
    saga: Option<String>,
    /// With --kind timeline: draw this scenario's run instead of the saga's paths.
    #[arg(long, add = clap_complete::engine::ArgValueCompleter::new(super::complete::scenarios))]
    scenario: Option<String>,
    /// The aggregate to draw, `Context.Aggregate` or `Aggregate` (needed when there are several).
    #[arg(long, add = clap_complete::engine::ArgValueCompleter::new(super::complete::aggregates))]
    aggregate: Option<String>,
    /// Write here (atomically) instead of stdout.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Who draws an SVG or PNG picture.
    #[arg(long, value_enum, default_value_t = RendererArg::Builtin)]
    renderer: RendererArg,
}

fn focus(cat: &Catalog, args: &Args) -> Result<Focus> {
    Ok(Focus {
        context: args
            .context
            .as_deref()
            .map(|c| cat.find_context(c))
            .transpose()?,
        saga: args.saga.as_deref().map(|s| cat.find_saga(s)).transpose()?,
        aggregate: args
            .aggregate
            .as_deref()
            .map(|a| cat.find_aggregate(a))
            .transpose()?,
        scenario: args
            .scenario
            .as_deref()
            .map(|s| cat.find_scenario(s))
            .transpose()?,
    })
}

pub fn run(args: &Args) -> Result {
    let cat = catalog::load(&args.catalog, Need::Resolved, "drawing it")?;
    let focus = focus(cat, args)?;
    let kind = match args.kind {
        KindArg::ContextMap => Kind::ContextMap,
        KindArg::Flow => Kind::Flow,
        KindArg::Saga => Kind::Saga,
        KindArg::Lifecycle => Kind::Lifecycle,
        KindArg::Timeline => Kind::Timeline,
    };
    if kind == Kind::Timeline && args.renderer != RendererArg::Builtin {
        return Err(Error::from(
            "a timeline is drawn by eventctl itself: leave out --renderer",
        ));
    }
    let text_format = match args.format {
        FormatArg::Mermaid => Some(diagram::Format::Mermaid),
        FormatArg::Dot => Some(diagram::Format::Dot),
        FormatArg::Plantuml => Some(diagram::Format::PlantUml),
        FormatArg::Svg | FormatArg::Png => None,
    };
    if let Some(format) = text_format {
        let text = diagram::render(cat, kind, format, focus)?;
        return write(args.out.as_deref(), text.as_bytes());
    }
    let png = args.format == FormatArg::Png;
    if png && args.out.is_none() {
        return Err(Error::from("a PNG needs a file: give -o FILE.png"));
    }
    let picture = match args.renderer {
        RendererArg::Builtin => {
            let svg = diagram::render(cat, kind, diagram::Format::Svg, focus)?;
            if png {
                super::render::png(&svg)?
            } else {
                svg.into_bytes()
            }
        }
        RendererArg::Graphviz => {
            super::render::picture(cat, kind, focus, png, super::render::Tool::Dot)?
        }
        RendererArg::Mermaid => {
            super::render::picture(cat, kind, focus, png, super::render::Tool::Mmdc)?
        }
    };
    write(args.out.as_deref(), &picture)
}

fn write(out: Option<&Path>, bytes: &[u8]) -> Result {
    match out {
        Some(path) => eventctl::atomic::write_swept(path, bytes)
            .map_err(|e| super::error::io("write", path, e))?,
        None => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            super::output::written(stdout.write_all(bytes).and_then(|()| stdout.flush()))?;
        }
    }
    Ok(Done::Clean)
}
