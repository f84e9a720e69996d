//! `Json`: a JSON value from the catalog that still knows where each of its parts was written.

use crate::source::{FileId, Span};
use crate::syntax::Node;

/// A payload schema or example: its JSON value and its YAML node with positions.
#[derive(Clone, Debug)]
pub struct Json {
    /// The value.
    pub value: serde_json::Value,
    /// The same value as written, with positions.
    pub node: Node,
    /// The file it was written in.
    pub file: FileId,
}

impl Json {
    /// Builds from a parsed node.
    pub fn new(node: Node, file: FileId) -> Self {
        Self {
            value: node.to_json(),
            node,
            file,
        }
    }

    /// Where the whole value starts.
    pub fn span(&self) -> Span {
        self.node.pos.in_file(self.file)
    }

    /// Where the part at a JSON pointer was written; the nearest existing parent otherwise.
    /// With `key`, points at the mapping key rather than its value.
    pub fn span_at(&self, pointer: &str, key: bool) -> Span {
        let (node, k) = self.node.locate(pointer);
        match (key, k) {
            (true, Some(k)) => k.pos.in_file(self.file),
            _ => node.pos.in_file(self.file),
        }
    }
}
