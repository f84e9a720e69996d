//! The flow graph: commands and events as nodes; emits, fails and triggers as edges.

use super::{CommandId, EventId};
use crate::source::Span;
use petgraph::graph::{DiGraph, NodeIndex};

/// A node of the flow graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FlowNode {
    /// A command.
    Command(CommandId),
    /// An event.
    Event(EventId),
}

/// An edge of the flow graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowEdge {
    /// The command records the event on success.
    Emits(Span),
    /// The command records the event on failure.
    Fails(Span),
    /// The event triggers the command.
    Triggers(Span),
}

impl FlowEdge {
    /// Where the edge was written.
    pub fn span(self) -> Span {
        match self {
            FlowEdge::Emits(s) | FlowEdge::Fails(s) | FlowEdge::Triggers(s) => s,
        }
    }
}

/// Commands, events and how they lead to each other.
#[derive(Debug, Default)]
pub struct Flow {
    /// The graph.
    pub graph: DiGraph<FlowNode, FlowEdge>,
    /// Node of each command, by command index.
    pub commands: Vec<NodeIndex>,
    /// Node of each event, by event index.
    pub events: Vec<NodeIndex>,
}

impl Flow {
    /// The node of a command.
    pub fn command_node(&self, id: CommandId) -> NodeIndex {
        self.commands[id.index()]
    }
    /// The node of an event.
    pub fn event_node(&self, id: EventId) -> NodeIndex {
        self.events[id.index()]
    }
}
