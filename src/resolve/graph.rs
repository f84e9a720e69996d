//! Builds the flow graph from resolved commands and events.

use crate::model::{Catalog, CommandId, EventId, FlowEdge, FlowNode};

pub(super) fn build(cat: &mut Catalog) {
    let flow = &mut cat.flow;
    flow.commands = (0..cat.commands.len())
        .map(|i| flow.graph.add_node(FlowNode::Command(CommandId::new(i))))
        .collect();
    flow.events = (0..cat.events.len())
        .map(|i| flow.graph.add_node(FlowNode::Event(EventId::new(i))))
        .collect();
    for (i, command) in cat.commands.iter().enumerate() {
        let from = flow.commands[i];
        for &(e, span) in &command.emits {
            flow.graph
                .add_edge(from, flow.events[e.index()], FlowEdge::Emits(span));
        }
        for &(e, span) in &command.fails {
            flow.graph
                .add_edge(from, flow.events[e.index()], FlowEdge::Fails(span));
        }
    }
    for (i, event) in cat.events.iter().enumerate() {
        for t in &event.triggers {
            flow.graph.add_edge(
                flow.events[i],
                flow.commands[t.command.index()],
                FlowEdge::Triggers(t.span),
            );
        }
    }
}
