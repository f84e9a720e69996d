//! Flow rules: `trigger-cycle`, `unhandled-event`, `unsent-command`.

use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, CommandId, EventId, FlowNode};
use petgraph::graph::NodeIndex;
use std::collections::HashSet;

pub(super) fn check(cat: &Catalog, out: &mut Vec<Diagnostic>) {
    cycles(cat, out);
    let mut handled: HashSet<EventId> = HashSet::new();
    let mut sent: HashSet<CommandId> = HashSet::new();
    for event in &cat.events {
        sent.extend(event.triggers.iter().map(|t| t.command));
    }
    for command in &cat.commands {
        sent.extend(command.compensated_by.map(|(c, _)| c));
    }
    for saga in &cat.sagas {
        handled.extend(
            saga.start
                .iter()
                .chain(&saga.completes_on)
                .chain(&saga.aborts_on)
                .map(|(e, _)| *e),
        );
        for step in &saga.steps {
            sent.insert(step.command);
            sent.extend(step.compensation);
            // The orchestrator waits for the outcome of each step and compensation.
            for c in std::iter::once(step.command).chain(step.compensation) {
                let command = cat.command(c);
                handled.extend(command.emits.iter().chain(&command.fails).map(|(e, _)| *e));
            }
        }
        sent.extend(
            saga.on_complete
                .iter()
                .chain(&saga.on_abort)
                .map(|(c, _)| *c),
        );
    }
    for projection in &cat.projections {
        handled.extend(projection.handlers.iter().map(|h| h.event));
    }
    for (i, event) in cat.events.iter().enumerate() {
        let id = EventId::new(i);
        if event.triggers.is_empty() && !handled.contains(&id) {
            out.push(
                Diagnostic::new(
                    Rule::UnhandledEvent,
                    format!("nothing reacts to event `{}`", cat.event_name(id)),
                )
                .at(event.name.span, "declared here")
                .help("trigger a command, end a saga with it, or handle it in a projection"),
            );
        }
    }
    for (i, command) in cat.commands.iter().enumerate() {
        let id = CommandId::new(i);
        if !command.external && !sent.contains(&id) {
            out.push(
                Diagnostic::new(Rule::UnsentCommand, format!("nothing sends command `{}`", cat.command_name(id)))
                    .at(command.name.span, "declared here")
                    .help("trigger it from an event or a saga, or mark it `external: true` if a UI or an API sends it"),
            );
        }
    }
}

fn node_name(cat: &Catalog, node: FlowNode) -> String {
    match node {
        FlowNode::Command(c) => cat.command_name(c),
        FlowNode::Event(e) => cat.event_name(e),
    }
}

fn cycles(cat: &Catalog, out: &mut Vec<Diagnostic>) {
    let graph = &cat.flow.graph;
    for scc in petgraph::algo::tarjan_scc(graph) {
        if scc.len() < 2 {
            continue;
        }
        let members: HashSet<NodeIndex> = scc.iter().copied().collect();
        let start = *scc.iter().min().unwrap_or(&scc[0]);
        let Some(path) = cycle_through(graph, start, &members) else {
            continue;
        };
        let names: Vec<String> = path.iter().map(|&n| node_name(cat, graph[n])).collect();
        let mut edges = Vec::new();
        for pair in path.windows(2) {
            if let Some(e) = graph.find_edge(pair[0], pair[1]) {
                edges.push(graph[e]);
            }
        }
        let mut triggers = edges
            .iter()
            .filter(|e| matches!(e, crate::model::FlowEdge::Triggers(_)));
        let Some(first) = triggers.next() else {
            continue;
        };
        let mut diag = Diagnostic::new(
            Rule::TriggerCycle,
            format!("trigger cycle: {}", names.join(" → ")),
        )
        .at(first.span(), "the cycle starts here")
        .help("break the loop, or end it with an event that triggers nothing");
        for e in triggers {
            diag = diag.with(e.span(), "then triggers");
        }
        out.push(diag);
    }
}

/// A shortest path from `start` back to itself inside `members`, both ends included.
fn cycle_through(
    graph: &petgraph::Graph<FlowNode, crate::model::FlowEdge>,
    start: NodeIndex,
    members: &HashSet<NodeIndex>,
) -> Option<Vec<NodeIndex>> {
    let mut parent: std::collections::HashMap<NodeIndex, NodeIndex> =
        std::collections::HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        let mut next: Vec<NodeIndex> = graph.neighbors(n).filter(|m| members.contains(m)).collect();
        next.sort();
        for m in next {
            if m == start {
                let mut path = vec![start, n];
                let mut cur = n;
                while cur != start {
                    cur = parent[&cur];
                    path.push(cur);
                }
                path.reverse();
                return Some(path);
            }
            if let std::collections::hash_map::Entry::Vacant(v) = parent.entry(m) {
                v.insert(n);
                queue.push_back(m);
            }
        }
    }
    None
}
