//! What a diagram shows, before it is written in any syntax: a graph with clusters, a sequence
//! of messages with blocks, or a state machine. Ids are generated, never user text; labels are
//! user text, escaped by each writer.

/// How a graph node is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A command or an aggregate.
    Box,
    /// An event.
    Round,
}

/// A node.
#[derive(Clone, Debug)]
pub struct Node {
    /// Generated id.
    pub id: String,
    /// Text.
    pub label: String,
    /// Shape.
    pub shape: Shape,
}

/// An edge between nodes, by index.
#[derive(Clone, Debug)]
pub struct Edge {
    /// Source node.
    pub from: usize,
    /// Target node.
    pub to: usize,
    /// Text on the edge.
    pub label: String,
    /// Drawn dashed (a failure).
    pub dashed: bool,
}

/// A group of nodes: a bounded context.
#[derive(Clone, Debug)]
pub struct Cluster {
    /// Generated id.
    pub id: String,
    /// Title.
    pub label: String,
    /// Second line under the title.
    pub detail: Option<String>,
    /// Its nodes, by index.
    pub nodes: Vec<usize>,
}

/// A directed graph.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    /// Shown at the top.
    pub title: String,
    /// Groups.
    pub clusters: Vec<Cluster>,
    /// Nodes.
    pub nodes: Vec<Node>,
    /// Edges.
    pub edges: Vec<Edge>,
}

/// One entry of a sequence diagram.
#[derive(Clone, Debug)]
pub enum Item {
    /// A message between participants, by index.
    Message {
        /// Sender.
        from: usize,
        /// Receiver.
        to: usize,
        /// Text.
        text: String,
        /// A reply (dashed).
        reply: bool,
        /// Lost or rejected (crossed).
        lost: bool,
    },
    /// A note over a participant.
    Note {
        /// The participant.
        over: usize,
        /// Text.
        text: String,
    },
    /// A titled block of items: one failure path.
    Block {
        /// Title.
        label: String,
        /// Index of the item of the main sequence it branches from.
        anchor: Option<usize>,
        /// Its items.
        items: Vec<Item>,
    },
}

/// A sequence diagram.
#[derive(Clone, Debug, Default)]
pub struct Sequence {
    /// Shown at the top.
    pub title: String,
    /// Participants: generated id and label.
    pub participants: Vec<(String, String)>,
    /// Entries in order.
    pub items: Vec<Item>,
}

/// A state machine.
#[derive(Clone, Debug, Default)]
pub struct States {
    /// Shown at the top.
    pub title: String,
    /// States: generated id and label.
    pub states: Vec<(String, String)>,
    /// The initial state.
    pub initial: Option<usize>,
    /// Final states.
    pub finals: Vec<usize>,
    /// Transitions: from, to, label.
    pub transitions: Vec<(usize, usize, String)>,
}
