//! The applicator graph of a JSON Schema: one node per subschema, and an edge for each keyword
//! that applies a subschema, either to the same value (`allOf`, `$ref`, …) or to a part of it
//! (`properties`, `items`, …).

use serde_json::Value;
use std::collections::HashMap;

/// Which part of a value an edge applies its subschema to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Step {
    /// The value itself.
    Same,
    /// The property of this name.
    Key(String),
    /// Any property (`additionalProperties`, `patternProperties`, `propertyNames`, …).
    AnyKey,
    /// An element of an array (`items`, `prefixItems`, `contains`, …).
    Item,
}

/// The graph: `edges[n]` lists what subschema `n` applies, and to which part.
pub(super) struct Graph {
    pub edges: Vec<Vec<(Step, usize)>>,
    /// The JSON pointer of each node, for messages.
    pub pointers: Vec<String>,
}

/// Keywords whose value is one subschema applied to the value itself.
const SAME_ONE: &[&str] = &["not", "if", "then", "else"];
/// Keywords whose value is a list of subschemas applied to the value itself.
const SAME_LIST: &[&str] = &["allOf", "anyOf", "oneOf"];
/// Keywords whose value is a map of subschemas applied to the value itself.
const SAME_MAP: &[&str] = &["dependentSchemas", "dependencies"];
/// Keywords whose value is one subschema applied to any property.
const KEY_ONE: &[&str] = &[
    "additionalProperties",
    "unevaluatedProperties",
    "propertyNames",
];
/// Keywords whose value is one subschema (or a list, for tuples) applied to elements.
const ITEM: &[&str] = &[
    "items",
    "prefixItems",
    "additionalItems",
    "contains",
    "unevaluatedItems",
];
/// Keywords that name another subschema to apply to the value itself.
pub(super) const REFS: &[&str] = &["$ref", "$dynamicRef", "$recursiveRef"];

impl Graph {
    /// Builds the graph of `schema`. References resolve within the schema: JSON pointers from
    /// the enclosing resource (the nearest `$id`, or the root), and `$anchor`s. A reference that
    /// does not resolve adds no edge: the validator refuses such a schema anyway.
    pub fn build(schema: &Value) -> Graph {
        let mut b = Builder::default();
        b.visit(schema, String::new(), 0);
        let mut edges = vec![Vec::new(); b.pointers.len()];
        for (from, step, to) in std::mem::take(&mut b.children) {
            edges[from].push((step, to));
        }
        for (from, resource, target) in &b.refs {
            if let Some(to) = b.resolve(*resource, target) {
                edges[*from].push((Step::Same, to));
            }
        }
        Graph {
            edges,
            pointers: b.pointers,
        }
    }
}

#[derive(Default)]
struct Builder {
    pointers: Vec<String>,
    ids: HashMap<String, usize>,
    anchors: HashMap<(usize, String), usize>,
    children: Vec<(usize, Step, usize)>,
    /// `(from, resource root, reference)`.
    refs: Vec<(usize, usize, String)>,
}

impl Builder {
    /// Adds the subschema at `pointer` and everything under it; returns its node.
    fn visit(&mut self, schema: &Value, pointer: String, resource: usize) -> usize {
        let id = self.pointers.len();
        self.ids.insert(pointer.clone(), id);
        self.pointers.push(pointer.clone());
        let Value::Object(map) = schema else {
            return id;
        };
        let resource = if id == 0 || map.get("$id").is_some_and(Value::is_string) {
            id
        } else {
            resource
        };
        for key in ["$anchor", "$dynamicAnchor"] {
            if let Some(Value::String(a)) = map.get(key) {
                self.anchors.insert((resource, a.clone()), id);
            }
        }
        for (key, value) in map {
            let at = format!("{pointer}/{}", escape(key));
            let k = key.as_str();
            if REFS.contains(&k) {
                if let Value::String(target) = value {
                    self.refs.push((id, resource, target.clone()));
                }
            } else if SAME_ONE.contains(&k) {
                self.child(id, Step::Same, value, at, resource);
            } else if KEY_ONE.contains(&k) {
                self.child(id, Step::AnyKey, value, at, resource);
            } else if SAME_LIST.contains(&k) || (ITEM.contains(&k) && value.is_array()) {
                let step = if SAME_LIST.contains(&k) {
                    Step::Same
                } else {
                    Step::Item
                };
                for (i, v) in value.as_array().into_iter().flatten().enumerate() {
                    self.child(id, step.clone(), v, format!("{at}/{i}"), resource);
                }
            } else if ITEM.contains(&k) {
                self.child(id, Step::Item, value, at, resource);
            } else if let Value::Object(entries) = value {
                let step = |name: &str| match k {
                    "properties" => Some(Step::Key(name.to_string())),
                    "patternProperties" => Some(Step::AnyKey),
                    _ if SAME_MAP.contains(&k) => Some(Step::Same),
                    _ => None,
                };
                if ["properties", "patternProperties"].contains(&k) || SAME_MAP.contains(&k) {
                    for (name, v) in entries {
                        let step = step(name).expect("a keyword with subschemas");
                        self.child(id, step, v, format!("{at}/{}", escape(name)), resource);
                    }
                } else if ["$defs", "definitions"].contains(&k) {
                    for (name, v) in entries {
                        self.visit(v, format!("{at}/{}", escape(name)), resource);
                    }
                }
            }
        }
        id
    }

    fn child(&mut self, from: usize, step: Step, value: &Value, at: String, resource: usize) {
        if value.is_object() || value.is_boolean() {
            let to = self.visit(value, at, resource);
            self.children.push((from, step, to));
        }
    }

    fn resolve(&self, resource: usize, target: &str) -> Option<usize> {
        let fragment = target.strip_prefix('#')?;
        if fragment.is_empty() || fragment.starts_with('/') {
            let base = &self.pointers[resource];
            let pointer = fragment
                .split('/')
                .map(|p| p.replace("%25", "%"))
                .collect::<Vec<_>>()
                .join("/");
            return self.ids.get(&format!("{base}{pointer}")).copied();
        }
        self.anchors.get(&(resource, fragment.to_string())).copied()
    }
}

/// Escapes a key for a JSON pointer.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
