//! The context map: contexts as groups of their aggregates, linked by the events that trigger
//! commands in another context and by the commands an orchestration sends there.

use super::ir::{Cluster, Edge, Graph, Node, Shape};
use crate::model::{AggregateId, Catalog, ContextId, SagaStyle};

/// What crosses from one context to another.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Label {
    /// An event that triggers a command.
    Event(String),
    /// A saga and a command it sends.
    Sent(String, String),
}

/// The labels of one edge: its events, then each saga once with its commands
/// (`OrderPlaced; BookTrip: BookRoom, CancelRoom`).
fn joined(labels: &[Label]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut sagas: Vec<(&str, Vec<&str>)> = Vec::new();
    for l in labels {
        match l {
            Label::Event(e) => parts.push(e.clone()),
            Label::Sent(s, c) => match sagas.iter_mut().find(|(x, _)| x == s) {
                Some((_, cs)) => cs.push(c),
                None => sagas.push((s, vec![c])),
            },
        }
    }
    let events = (!parts.is_empty()).then(|| parts.join(", "));
    let sent = sagas
        .into_iter()
        .map(|(s, cs)| format!("{s}: {}", cs.join(", ")));
    events
        .into_iter()
        .chain(sent)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every link between aggregates of two contexts: an event triggering a command, and an
/// orchestration's commands, sent from the context of the event that starts it. The label
/// names the event, or the saga and the command.
fn crossings(cat: &Catalog) -> Vec<(AggregateId, AggregateId, Label)> {
    let mut out = Vec::new();
    for e in &cat.events {
        for t in &e.triggers {
            let target = cat.command(t.command);
            if e.context != target.context {
                out.push((
                    e.aggregate,
                    target.aggregate,
                    Label::Event(e.name.text.clone()),
                ));
            }
        }
    }
    for saga in cat
        .sagas
        .iter()
        .filter(|s| s.style == SagaStyle::Orchestration)
    {
        let Some((start, _)) = saga.start else {
            continue;
        };
        let home = cat.event(start);
        let sent = saga
            .steps
            .iter()
            .flat_map(|st| std::iter::once(st.command).chain(st.compensation));
        let closing = saga
            .on_complete
            .iter()
            .chain(&saga.on_abort)
            .map(|(c, _)| *c);
        for c in sent.chain(closing) {
            let target = cat.command(c);
            if target.context != home.context {
                let label = Label::Sent(saga.name.text.clone(), target.name.text.clone());
                out.push((home.aggregate, target.aggregate, label));
            }
        }
    }
    out
}

/// Contexts in scope: all, or one and those it is linked with.
pub(super) fn scope(cat: &Catalog, focus: Option<ContextId>) -> Vec<ContextId> {
    let Some(f) = focus else {
        return (0..cat.contexts.len()).map(ContextId::new).collect();
    };
    let mut keep = vec![false; cat.contexts.len()];
    keep[f.index()] = true;
    for (from, to, _) in crossings(cat) {
        let (from, to) = (cat.aggregate(from).context, cat.aggregate(to).context);
        if from == f {
            keep[to.index()] = true;
        }
        if to == f {
            keep[from.index()] = true;
        }
    }
    (0..cat.contexts.len())
        .filter(|&i| keep[i])
        .map(ContextId::new)
        .collect()
}

/// Contexts as groups holding their aggregates; an edge per event that triggers a command in
/// another context, and per command an orchestration sends to another context.
pub fn context_map(cat: &Catalog, focus: Option<ContextId>) -> Graph {
    let contexts = scope(cat, focus);
    let mut g = Graph {
        title: match focus {
            Some(c) => format!(
                "{}: context map around {}",
                cat.name,
                cat.context(c).name.text
            ),
            None => format!("{}: context map", cat.name),
        },
        ..Graph::default()
    };
    let mut node_of = vec![None; cat.aggregates.len()];
    for &c in &contexts {
        let ctx = cat.context(c);
        let mut nodes = Vec::new();
        for &a in &ctx.aggregates {
            node_of[a.index()] = Some(g.nodes.len());
            nodes.push(g.nodes.len());
            g.nodes.push(Node {
                id: format!("a{}", a.index()),
                label: cat.aggregate(a).name.text.clone(),
                shape: Shape::Box,
            });
        }
        g.clusters.push(Cluster {
            id: format!("c{}", c.index()),
            label: ctx.name.text.clone(),
            detail: ctx.description.clone(),
            nodes,
        });
    }
    // One edge per pair of aggregates and direction, listing everything that crosses it.
    let mut crossed: std::collections::BTreeMap<(usize, usize), Vec<Label>> =
        std::collections::BTreeMap::new();
    for (from, to, label) in crossings(cat) {
        let (cf, ct) = (cat.aggregate(from).context, cat.aggregate(to).context);
        if focus.is_some_and(|f| cf != f && ct != f) {
            continue;
        }
        let (Some(from), Some(to)) = (node_of[from.index()], node_of[to.index()]) else {
            continue;
        };
        let labels = crossed.entry((from, to)).or_default();
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    for ((from, to), events) in crossed {
        g.edges.push(Edge {
            from,
            to,
            label: joined(&events),
            dashed: false,
        });
    }
    g
}
