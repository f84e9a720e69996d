//! `Json`: a JSON value from the catalog that still knows where each of its parts was written.

use crate::cost::Bounded;
use crate::source::{FileId, Span};
use crate::syntax::Node;
use std::sync::Arc;

/// A payload schema or example as written, with positions; shared, never copied.
#[derive(Clone, Debug)]
pub struct Json {
    /// The value as written, with positions.
    pub node: Arc<Node>,
    /// The file it was written in.
    pub file: FileId,
}

impl Json {
    /// Wraps a parsed node.
    pub fn new(node: impl Into<Arc<Node>>, file: FileId) -> Self {
        Self {
            node: node.into(),
            file,
        }
    }

    /// The JSON value, built on each call: callers keep it only as long as they need it,
    /// so a large catalog is held once, as written.
    pub fn value(&self) -> serde_json::Value {
        self.node.to_json()
    }

    /// A validator for this value as a payload schema (offline, formats checked), bounded by
    /// its cost; `None` when it does not compile.
    pub fn validator(&self) -> Option<Bounded> {
        let value = self.value();
        jsonschema::options()
            .offline()
            .should_validate_formats(true)
            .build(&value)
            .ok()
            .map(|v| Bounded::new(v, &value))
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
