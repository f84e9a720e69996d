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

/// What a card of a timeline stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardKind {
    /// A command sent.
    Command,
    /// An event delivered.
    Event,
    /// A read model (projection) updated by the event before it.
    View,
}

/// One card of a timeline: a sticky note in a swimlane.
#[derive(Clone, Debug)]
pub struct Card {
    /// Its swimlane, by index.
    pub lane: usize,
    /// Its column: one right of its cause and of the card before it in its lane.
    pub column: usize,
    /// What it stands for.
    pub kind: CardKind,
    /// The name, without the lane's context.
    pub label: String,
    /// The second line: the step, and what happened.
    pub note: String,
    /// A failure, a timeout or a rejection.
    pub failed: bool,
    /// A command that undoes another.
    pub compensation: bool,
}

/// An event-modelling timeline of one run: time flows left to right, one swimlane per
/// context (and one for read models), an arrow from each card to what it caused.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    /// The run's title.
    pub title: String,
    /// Swimlane titles.
    pub lanes: Vec<String>,
    /// Cards.
    pub cards: Vec<Card>,
    /// Cause and effect, by card index.
    pub links: Vec<(usize, usize)>,
}
