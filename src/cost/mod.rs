//! How costly a JSON Schema is to evaluate, before any value is checked against it.
//!
//! A validator checks a value against a subschema once for each path of applicators that
//! leads there. Two `anyOf` branches that both `$ref` the same definition, chained twenty
//! deep, check one string a million times, and listing why it failed takes gigabytes. The
//! *amplification* of a schema is the most times one part of a value can be checked against one
//! subschema. Checking a value costs at most its amplification times its size, so a schema
//! whose amplification stays small is checked in time and memory linear in the value.
//! `docs/limits.md` gives the bounds and the reasons.

mod bounded;
mod graph;

pub use bounded::{Bounded, Refused};

use graph::{Graph, Step};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// The most times one part of a value may be checked against one subschema.
pub const MAX_AMPLIFICATION: u64 = 1_000;
/// The most checks (amplification × parts of the value) one value may cost.
pub const MAX_CHECKS: u64 = 20_000_000;
/// How deep values are followed: a JSON document nests at most this deep when parsed.
const MAX_DEPTH: usize = 128;

/// What the analysis found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amplification {
    /// The most times one part of a value is checked against one subschema (saturated just
    /// past [`MAX_AMPLIFICATION`]).
    pub factor: u64,
    /// The JSON pointer of that subschema.
    pub at: String,
    /// How deep in the value that part is.
    pub depth: usize,
    /// The subschema applies itself to the same value, directly or through others: a loop no
    /// validator finishes.
    pub cycle: bool,
}

impl Amplification {
    /// Whether the schema is too costly to evaluate on untrusted values.
    pub fn too_complex(&self) -> bool {
        self.cycle || self.factor > MAX_AMPLIFICATION
    }
}

/// Measures the amplification of `schema`. The time taken is bounded by the schema's size.
pub fn amplification(schema: &Value) -> Amplification {
    let linear = Amplification {
        factor: 1,
        at: String::new(),
        depth: 0,
        cycle: false,
    };
    // Without references the applicators form a tree: one path to each subschema, so every
    // part of a value is checked at most once against it. Most schemas are like this.
    if !has_reference(schema) {
        return linear;
    }
    let graph = Graph::build(schema);
    let mut walk = Walk {
        graph: &graph,
        best: linear,
        seen: HashMap::new(),
        budget: 100 * graph.edges.len() + 10_000,
    };
    let mut queue = vec![(BTreeMap::from([(0, 1u64)]), 0usize)];
    while let Some((start, depth)) = queue.pop() {
        let state = match walk.closure(start, depth) {
            Ok(Some(state)) => state,
            Ok(None) => continue,
            Err(Stop) => break,
        };
        if depth >= MAX_DEPTH || walk.best.too_complex() {
            continue;
        }
        queue.extend(walk.steps(&state).into_iter().map(|next| (next, depth + 1)));
    }
    walk.best
}

/// The walk ends: a cycle was found, or the work budget ran out.
struct Stop;

/// The subschemas checked against one part of a value, with how many times each.
type State = BTreeMap<usize, u64>;

struct Walk<'g> {
    graph: &'g Graph,
    best: Amplification,
    /// For each set of subschemas met, the highest count each was met with.
    seen: HashMap<Vec<usize>, Vec<u64>>,
    /// Work left; when it runs out, the schema counts as too complex.
    budget: usize,
}

impl Walk<'_> {
    /// Adds everything applied to the same part, with its count; `None` when this set was
    /// already met with counts as high; `Stop` on a cycle or when the work budget ran out.
    fn closure(&mut self, start: State, depth: usize) -> Result<Option<State>, Stop> {
        let order = self.order(&start).ok_or(Stop)?;
        let mut counts: HashMap<usize, u64> = start.into_iter().collect();
        for &n in &order {
            let c = counts.get(&n).copied().unwrap_or(0);
            for (step, to) in &self.graph.edges[n] {
                if *step == Step::Same {
                    let e = counts.entry(*to).or_insert(0);
                    *e = e.saturating_add(c).min(MAX_AMPLIFICATION + 1);
                }
            }
        }
        let state: State = counts.into_iter().collect();
        for (&n, &c) in &state {
            if c > self.best.factor {
                self.best.factor = c;
                self.best.at = self.graph.pointers[n].clone();
                self.best.depth = depth;
            }
        }
        let support: Vec<usize> = state.keys().copied().collect();
        let counts: Vec<u64> = state.values().copied().collect();
        match self.seen.get_mut(&support) {
            Some(before) if before.iter().zip(&counts).all(|(b, c)| b >= c) => Ok(None),
            Some(before) => {
                before
                    .iter_mut()
                    .zip(&counts)
                    .for_each(|(b, c)| *b = (*b).max(*c));
                Ok(Some(state))
            }
            None => {
                self.seen.insert(support, counts);
                Ok(Some(state))
            }
        }
    }

    /// The subschemas reachable from `start` through same-value edges, each before those it
    /// applies; `None` on a cycle (recorded) or when the budget runs out.
    fn order(&mut self, start: &State) -> Option<Vec<usize>> {
        let mut order = Vec::new();
        let mut mark: HashMap<usize, bool> = HashMap::new();
        for &root in start.keys() {
            let mut stack = vec![(root, 0usize)];
            while let Some((n, i)) = stack.pop() {
                if i == 0 {
                    match mark.get(&n) {
                        Some(true) => continue,
                        Some(false) => return self.cycle(n),
                        None => {
                            mark.insert(n, false);
                        }
                    }
                }
                self.budget = self.budget.checked_sub(1).or_else(|| {
                    self.best.factor = MAX_AMPLIFICATION + 1;
                    None
                })?;
                let next = self.graph.edges[n][i..]
                    .iter()
                    .position(|(s, _)| *s == Step::Same);
                match next {
                    Some(k) => {
                        let to = self.graph.edges[n][i + k].1;
                        stack.push((n, i + k + 1));
                        match mark.get(&to) {
                            Some(true) => {}
                            Some(false) => return self.cycle(to),
                            None => stack.push((to, 0)),
                        }
                    }
                    None => {
                        mark.insert(n, true);
                        order.push(n);
                    }
                }
            }
        }
        order.reverse();
        Some(order)
    }

    fn cycle(&mut self, at: usize) -> Option<Vec<usize>> {
        self.best.cycle = true;
        self.best.at = self.graph.pointers[at].clone();
        None
    }

    /// The states of the parts of the value: one per property name some subschema names, one
    /// for any other property, one for array elements.
    fn steps(&self, state: &State) -> Vec<State> {
        let mut by_key: BTreeMap<&str, State> = BTreeMap::new();
        let mut any_key = State::new();
        let mut item = State::new();
        for (&n, &c) in state {
            for (step, to) in &self.graph.edges[n] {
                let target = match step {
                    Step::Same => continue,
                    Step::Key(k) => by_key.entry(k.as_str()).or_default(),
                    Step::AnyKey => &mut any_key,
                    Step::Item => &mut item,
                };
                let e = target.entry(*to).or_insert(0);
                *e = e.saturating_add(c).min(MAX_AMPLIFICATION + 1);
            }
        }
        let mut out: Vec<State> = by_key
            .into_values()
            .map(|mut named| {
                for (&n, &c) in &any_key {
                    let e = named.entry(n).or_insert(0);
                    *e = e.saturating_add(c).min(MAX_AMPLIFICATION + 1);
                }
                named
            })
            .collect();
        out.extend([any_key, item].into_iter().filter(|s| !s.is_empty()));
        out
    }
}

/// Whether a schema holds a `$ref`, `$dynamicRef` or `$recursiveRef` anywhere.
fn has_reference(schema: &Value) -> bool {
    let mut stack = vec![schema];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if map.keys().any(|k| graph::REFS.contains(&k.as_str())) {
                    return true;
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    false
}

/// How many parts (values, at every depth) a JSON value has.
pub fn parts(value: &Value) -> u64 {
    let mut count = 0u64;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        count += 1;
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => stack.extend(map.values()),
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests;
