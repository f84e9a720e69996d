//! Diagrams of the catalog: context maps, flows, saga sequences, lifecycles and timelines, written as
//! Mermaid, Graphviz DOT, PlantUML or SVG (drawn in-process). Pure functions of the model; ids
//! in the output are generated and every piece of user text is escaped for its format.

mod build;
mod context_map;
pub mod dot;
#[cfg(test)]
mod escape_props;
pub mod ir;
pub mod mermaid;
pub mod plantuml;
pub mod svg;
pub mod timeline;

pub use build::MAX_FLOW_NODES;

use crate::model::{AggregateId, Catalog, ContextId, SagaId, ScenarioId};

/// What to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Contexts, their aggregates, and the events between them.
    ContextMap,
    /// Commands, events, and what triggers what.
    Flow,
    /// A saga's happy path and failure paths.
    Saga,
    /// An aggregate's states and transitions.
    Lifecycle,
    /// A saga's runs (or a scenario's run) as an event-modelling timeline.
    Timeline,
}

/// The syntax to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Mermaid (GitHub renders it).
    Mermaid,
    /// Graphviz DOT.
    Dot,
    /// PlantUML.
    PlantUml,
    /// SVG, laid out and drawn in-process.
    Svg,
}

/// What to draw it of.
#[derive(Clone, Copy, Debug, Default)]
pub struct Focus {
    /// One context (context map: it and its neighbours; flow: its commands and events).
    pub context: Option<ContextId>,
    /// The saga of a saga diagram.
    pub saga: Option<SagaId>,
    /// The aggregate of a lifecycle.
    pub aggregate: Option<AggregateId>,
    /// The scenario of a timeline (instead of the saga's paths).
    pub scenario: Option<ScenarioId>,
}

/// Draws one diagram.
pub fn render(cat: &Catalog, kind: Kind, format: Format, focus: Focus) -> Result<String, String> {
    Ok(match kind {
        Kind::ContextMap => graph(&context_map::context_map(cat, focus.context), format),
        Kind::Flow => graph(&build::flow(cat, focus.context), format),
        Kind::Lifecycle => {
            let a = one(
                focus.aggregate,
                cat.aggregates.len(),
                AggregateId::new,
                "aggregate",
                "--aggregate",
                || {
                    (0..cat.aggregates.len())
                        .map(|i| cat.aggregate_name(AggregateId::new(i)))
                        .collect()
                },
            )?;
            let m = build::lifecycle(cat, a);
            match format {
                Format::Mermaid => mermaid::states(&m),
                Format::Dot => dot::states(&m),
                Format::PlantUml => plantuml::states(&m),
                Format::Svg => svg::states(&m),
            }
        }
        Kind::Timeline => match format {
            Format::Svg => {
                let (title, runs) = timelines(cat, focus)?;
                svg::timeline(&title, &runs)
            }
            _ => {
                return Err(
                    "a timeline is drawn only as a picture: use --format svg or --format png"
                        .into(),
                );
            }
        },
        Kind::Saga => {
            let s = chosen_saga(cat, focus)?;
            let seq = build::saga(cat, s).ok_or_else(|| {
                format!(
                    "saga `{}` has no start event",
                    cat.sagas[s.index()].name.text
                )
            })?;
            match format {
                Format::Mermaid => mermaid::sequence(&seq),
                Format::Dot => dot::sequence(&seq),
                Format::PlantUml => plantuml::sequence(&seq),
                Format::Svg => svg::sequence(&seq),
            }
        }
    })
}

/// Where the in-process SVG puts the boxes and texts of a context map, flow or lifecycle, for
/// checking a picture's readability (crossings, overlapping text) without reading SVG.
pub fn placed(cat: &Catalog, kind: Kind, focus: Focus) -> Result<svg::Placed, String> {
    match kind {
        Kind::ContextMap => Ok(svg::graph_layout(&context_map::context_map(
            cat,
            focus.context,
        ))),
        Kind::Flow => Ok(svg::graph_layout(&build::flow(cat, focus.context))),
        Kind::Lifecycle => {
            let a = focus.aggregate.ok_or("name the aggregate")?;
            Ok(svg::states_layout(&build::lifecycle(cat, a)))
        }
        Kind::Saga | Kind::Timeline => Err("a saga is a sequence, not a layered graph".into()),
    }
}

/// The runs a timeline shows, with its title: the focused scenario's run, or the saga's happy
/// path and each failure path.
pub fn timelines(cat: &Catalog, focus: Focus) -> Result<(String, Vec<ir::Timeline>), String> {
    if let Some(id) = focus.scenario {
        let s = &cat.scenarios[id.index()];
        let run = timeline::scenario(cat, id)
            .ok_or_else(|| format!("scenario `{}` runs no saga with a start event", s.name.text))?;
        let saga = s
            .saga
            .map_or(String::new(), |g| cat.sagas[g.index()].name.text.clone());
        return Ok((format!("{}: timeline of saga {saga}", cat.name), vec![run]));
    }
    let s = chosen_saga(cat, focus)?;
    let name = &cat.sagas[s.index()].name.text;
    let runs = timeline::saga(cat, s).ok_or_else(|| format!("saga `{name}` has no start event"))?;
    Ok((format!("{}: timeline of saga {name}", cat.name), runs))
}

fn graph(g: &ir::Graph, format: Format) -> String {
    match format {
        Format::Mermaid => mermaid::graph(g),
        Format::Dot => dot::graph(g),
        Format::PlantUml => plantuml::graph(g),
        Format::Svg => svg::graph(g),
    }
}

/// The saga to draw: the focused one, or the only one there is.
fn chosen_saga(cat: &Catalog, focus: Focus) -> Result<SagaId, String> {
    one(
        focus.saga,
        cat.sagas.len(),
        SagaId::new,
        "saga",
        "--saga",
        || cat.sagas.iter().map(|s| s.name.text.clone()).collect(),
    )
}

/// The chosen item, or the only one there is.
fn one<T>(
    chosen: Option<T>,
    count: usize,
    make: impl Fn(usize) -> T,
    what: &str,
    flag: &str,
    names: impl Fn() -> Vec<String>,
) -> Result<T, String> {
    match (chosen, count) {
        (Some(x), _) => Ok(x),
        (None, 1) => Ok(make(0)),
        (None, 0) => Err(format!("the catalog declares no {what}")),
        (None, _) => Err(format!(
            "the catalog has {count} of them; name one with {flag}: {}",
            names().join(", ")
        )),
    }
}

/// A saga's run as a sequence diagram in Mermaid (used by `simulate --format mermaid`).
pub fn trace_mermaid(trace: &crate::sim::Trace, saga: &str, title: &str) -> String {
    mermaid::sequence(&build::trace_sequence(trace, saga, title))
}
