//! Breadth-first exploration of every run of a saga under the enabled faults. Equal worlds are
//! merged, so the search grows with distinct states, not with paths; breadth-first order makes
//! the first counterexample found for each broken invariant a shortest one.

use super::Faults;
use super::plan::SagaPlan;
use super::trace::{Trace, follow};
use super::violation::{Invariant, Violation};
use super::world::{Choice, Ending, Msg, World};
use crate::model::{Catalog, SagaId};
use petgraph::graph::{DiGraph, NodeIndex};
use serde::Serialize;
use std::collections::{BTreeMap, VecDeque};

/// How far to explore.
#[derive(Clone, Copy, Debug)]
pub struct ExploreOptions {
    /// Fault classes.
    pub faults: Faults,
    /// Most deliveries in one run; a longer run breaks "terminates".
    pub max_depth: usize,
    /// Most distinct states before the search gives up.
    pub max_states: usize,
    /// Most bytes the search may hold (states, their links, and the graph built to count
    /// runs), as estimated while it runs; it stops, reporting what it explored, beyond.
    pub max_memory: u64,
}

/// Why a search stopped before exploring every state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stop {
    /// It reached `max_states`.
    States,
    /// It reached `max_memory`.
    Memory,
}

/// Bytes per state beside the world itself: its entry in the set, parent, depth, list of
/// children, and its node in the graph that counts runs.
const STATE_BYTES: u64 = 176;
/// Bytes per transition: the child link and its edge in the graph that counts runs.
const TRANSITION_BYTES: u64 = 56;

impl Default for ExploreOptions {
    fn default() -> Self {
        Self {
            faults: Faults::default(),
            max_depth: 200,
            max_states: 2_000_000,
            max_memory: 2 << 30,
        }
    }
}

/// A broken invariant and a shortest run that breaks it.
#[derive(Clone, Debug, Serialize)]
pub struct Counterexample {
    /// The invariant and what broke it.
    pub violation: Violation,
    /// The run, from the start event to the breaking delivery (or to its end).
    pub trace: Trace,
}

/// What exploring a saga found.
#[derive(Clone, Debug, Serialize)]
pub struct Exploration {
    /// The saga.
    pub saga: String,
    /// Fault classes explored.
    pub faults: Faults,
    /// Distinct states visited.
    pub states: usize,
    /// Deliveries explored (edges between states).
    pub transitions: usize,
    /// Distinct runs from the start to an end (saturating; `None` when runs can loop).
    pub paths: Option<u128>,
    /// States where nothing was left to deliver.
    pub final_states: usize,
    /// The longest run, in deliveries.
    pub depth: usize,
    /// False when a limit stopped the search.
    pub complete: bool,
    /// The limit that stopped the search, if one did.
    pub stopped: Option<Stop>,
    /// One shortest counterexample per broken invariant and subject.
    pub counterexamples: Vec<Counterexample>,
}

struct Graph {
    /// Every distinct world, once; its index is its id.
    worlds: indexmap::IndexSet<World, foldhash::fast::RandomState>,
    parent: Vec<Option<(u32, Choice)>>,
    depth: Vec<u32>,
    children: Vec<Vec<(u32, Choice)>>,
}

impl Graph {
    fn path_to(&self, mut i: u32) -> Vec<Choice> {
        let mut out = Vec::new();
        while let Some((p, c)) = self.parent[i as usize] {
            out.push(c);
            i = p;
        }
        out.reverse();
        out
    }
}

type Found = BTreeMap<(Invariant, String), (Violation, Vec<Choice>)>;

fn note(found: &mut Found, v: Violation, path: impl FnOnce() -> Vec<Choice>) {
    found
        .entry((v.invariant, v.subject.clone()))
        .or_insert_with(|| (v, path()));
}

struct Search {
    g: Graph,
    found: Found,
    endings: Vec<(u32, Ending)>,
    transitions: usize,
    stopped: Option<Stop>,
}

fn search(plan: &SagaPlan<'_>, options: &ExploreOptions, counting: bool) -> Search {
    let mut g = Graph {
        worlds: indexmap::IndexSet::default(),
        parent: vec![None],
        depth: vec![0],
        children: vec![Vec::new()],
    };
    g.worlds.insert(World::start(plan, counting));
    let mut found = Found::new();
    let mut todo = VecDeque::from([0u32]);
    let mut endings = Vec::new();
    let mut stopped = None;
    let mut transitions = 0;
    let mut bytes = 0u64;
    while let Some(i) = todo.pop_front() {
        let world = g.worlds[i as usize].clone();
        if world.is_done() {
            endings.push((i, world.ending()));
            for v in world.final_checks(plan) {
                note(&mut found, v, || g.path_to(i));
            }
            continue;
        }
        if g.depth[i as usize] as usize >= options.max_depth {
            let v = Violation::new(
                Invariant::Terminates,
                "depth".into(),
                format!(
                    "`{}` has not ended after {} deliveries",
                    plan.name(),
                    options.max_depth
                ),
            );
            note(&mut found, v, || g.path_to(i));
            continue;
        }
        let picks = if options.faults.reorder {
            world.queue.len()
        } else {
            1
        };
        for pick in 0..picks {
            let msg = world.queue[pick];
            if pick > 0 && world.queue[pick - 1] == msg {
                continue;
            }
            let copy = matches!(
                msg,
                Msg::Event { copy: true, .. } | Msg::Command { copy: true, .. }
            );
            let dups: &[bool] = if options.faults.duplicate && !copy && !world.duplicated {
                &[false, true]
            } else {
                &[false]
            };
            for outcome in world.outcomes(plan, msg, &options.faults) {
                for &duplicate in dups {
                    let choice = Choice {
                        pick: pick as u16,
                        duplicate,
                        outcome,
                    };
                    let mut next = world.clone();
                    let (_, broken) = next.apply(plan, choice);
                    if options.faults.reorder {
                        next.canonicalize();
                    }
                    transitions += 1;
                    for v in broken {
                        note(&mut found, v, || {
                            let mut p = g.path_to(i);
                            p.push(choice);
                            p
                        });
                    }
                    bytes += TRANSITION_BYTES;
                    let j = match g.worlds.get_index_of(&next) {
                        Some(j) => j as u32,
                        None => {
                            bytes += STATE_BYTES + next.bytes();
                            let j = g.worlds.len() as u32;
                            g.worlds.insert(next);
                            g.parent.push(Some((i, choice)));
                            g.depth.push(g.depth[i as usize] + 1);
                            g.children.push(Vec::new());
                            todo.push_back(j);
                            j
                        }
                    };
                    g.children[i as usize].push((j, choice));
                }
            }
        }
        if g.worlds.len() > options.max_states {
            stopped = Some(Stop::States);
            break;
        }
        if bytes > options.max_memory {
            stopped = Some(Stop::Memory);
            break;
        }
    }
    Search {
        g,
        found,
        endings,
        transitions,
        stopped,
    }
}

fn describe(plan: &SagaPlan<'_>, ending: &Ending) -> String {
    let result = match (ending.completed, ending.aborted) {
        (true, true) => "completed and aborted",
        (true, false) => "completed",
        (false, true) => "aborted",
        (false, false) => "stuck",
    };
    let states: Vec<String> = ending
        .states
        .iter()
        .map(|&(a, s)| {
            format!(
                "{} {}",
                plan.cat.aggregate_name(a),
                plan.cat.aggregate(a).states[s.index()].text
            )
        })
        .collect();
    format!("{result}, with {}", states.join(", "))
}

/// How many times, at most, a run without duplicates records each of the saga's events.
fn most_recorded(plan: &SagaPlan<'_>, endings: &[(u32, Ending)]) -> Vec<u16> {
    let mut most = vec![0; plan.events.len()];
    for (_, ending) in endings {
        for (local, m) in most.iter_mut().enumerate() {
            *m = ending.recorded.get(local).max(*m);
        }
    }
    most
}

fn times(n: u16) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n if n >= super::counts::CAP => format!("{n} times or more"),
        n => format!("{n} times"),
    }
}

/// A duplicate delivery must change nothing a run does: every ending of a run with one
/// duplicate (its result, the states, and the events recorded on each aggregate) must also be
/// the ending of a run without. An event recorded more often than any run without duplicates
/// records it (points awarded twice, a card charged twice) is named.
fn idempotency(plan: &SagaPlan<'_>, s: &mut Search, without: &Search) {
    let known: std::collections::HashSet<&Ending> =
        without.endings.iter().map(|(_, e)| e).collect();
    let most = most_recorded(plan, &without.endings);
    for (i, ending) in &s.endings {
        if known.contains(ending) {
            continue;
        }
        let extra = (0..plan.events.len()).find(|&l| ending.recorded.get(l) > most[l]);
        let v = match extra {
            Some(local) => {
                let (e, n, most) = (plan.events[local], ending.recorded.get(local), most[local]);
                let name = plan.cat.event_name(e);
                Violation::new(
                    Invariant::Idempotent,
                    name.clone(),
                    format!(
                        "a duplicate delivery lets `{}` record `{name}` {} on `{}`; no run without duplicates records it more than {}",
                        plan.name(),
                        times(n),
                        plan.cat.aggregate_name(plan.cat.event(e).aggregate),
                        if most == 0 {
                            "never".to_string()
                        } else {
                            times(most)
                        },
                    ),
                )
            }
            None => Violation::new(
                Invariant::Idempotent,
                "ending".into(),
                format!(
                    "a duplicate delivery lets `{}` end {}; no run without duplicates ends so",
                    plan.name(),
                    describe(plan, ending)
                ),
            ),
        };
        let path = s.g.path_to(*i);
        note(&mut s.found, v, || path);
    }
}

/// Two runs that record the same events and end alike must show the same projection rows: a
/// row that differs shows a value that depends on the order messages were delivered in, not on
/// what happened (a status a late event of another aggregate overwrote).
fn order_dependence(plan: &SagaPlan<'_>, s: &mut Search) {
    let mut first: std::collections::HashMap<&Ending, u32> = std::collections::HashMap::new();
    let mut found = Vec::new();
    for (i, ending) in &s.endings {
        let j = *first.entry(ending).or_insert(*i);
        let (a, b) = (&s.g.worlds[j as usize].rows, &s.g.worlds[*i as usize].rows);
        for (v, view) in plan.views.list.iter().enumerate() {
            if !plan.views.differs(v, a, b) {
                continue;
            }
            let show = |rows: &[u16]| match plan.views.json(v, rows) {
                Some(row) => serde_json::Value::Object(row).to_string(),
                None => "no row".into(),
            };
            let message = format!(
                "`{}` row `{}` depends on delivery order: runs that record the same events and end {} show {} and {}",
                view.name,
                plan.views.key,
                describe(plan, ending),
                show(a),
                show(b)
            );
            found.push((
                Violation::new(
                    Invariant::Projections,
                    format!("{} order", view.name),
                    message,
                ),
                *i,
            ));
        }
    }
    for (v, i) in found {
        let path = s.g.path_to(i);
        note(&mut s.found, v, || path);
    }
}

/// Explores every run of a saga; `None` when the saga has no start event.
pub fn explore(cat: &Catalog, saga: SagaId, options: &ExploreOptions) -> Option<Exploration> {
    let plan = SagaPlan::new(cat, saga)?;
    // Idempotency and order dependence compare what runs recorded. Only duplicates and
    // reordering give one outcome more than one delivery order.
    let counting = options.faults.duplicate || options.faults.reorder;
    let mut s = search(&plan, options, counting);
    if options.faults.duplicate {
        let mut single = *options;
        single.faults.duplicate = false;
        let without = search(&plan, &single, true);
        idempotency(&plan, &mut s, &without);
    }
    if counting {
        order_dependence(&plan, &mut s);
    }
    let paths = cycles_or_paths(&s.g, &plan, &mut s.found);
    let correlation = format!("{}-1", plan.name().to_lowercase());
    let counterexamples = s
        .found
        .into_values()
        .map(|(violation, path)| Counterexample {
            violation,
            trace: follow(&plan, &path, &correlation, options.faults.reorder).0,
        })
        .collect();
    Some(Exploration {
        saga: plan.name().to_string(),
        faults: options.faults,
        states: s.g.worlds.len(),
        transitions: s.transitions,
        paths,
        final_states: s.endings.len(),
        depth: s.g.depth.iter().copied().max().unwrap_or(0) as usize,
        complete: s.stopped.is_none(),
        stopped: s.stopped,
        counterexamples,
    })
}

/// Reports a loop between states as a non-terminating run; without loops, counts the runs.
fn cycles_or_paths(g: &Graph, plan: &SagaPlan<'_>, found: &mut Found) -> Option<u128> {
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(g.worlds.len(), 0);
    for _ in &g.worlds {
        graph.add_node(());
    }
    for (i, kids) in g.children.iter().enumerate() {
        for (j, _) in kids {
            graph.add_edge(NodeIndex::new(i), NodeIndex::new(*j as usize), ());
        }
    }
    match petgraph::algo::toposort(&graph, None) {
        Ok(order) => {
            let mut paths = vec![0u128; g.worlds.len()];
            for node in order.iter().rev() {
                let i = node.index();
                paths[i] = if g.children[i].is_empty() {
                    1
                } else {
                    g.children[i]
                        .iter()
                        .fold(0u128, |acc, (j, _)| acc.saturating_add(paths[*j as usize]))
                };
            }
            Some(paths[0])
        }
        Err(cycle) => {
            let entry = cycle.node_id().index() as u32;
            let mut path = g.path_to(entry);
            path.extend(loop_back(g, entry));
            let v = Violation::new(
                Invariant::Terminates,
                "loop".into(),
                format!(
                    "`{}` can run forever: its deliveries return to a state it was already in",
                    plan.name()
                ),
            );
            note(found, v, || path);
            None
        }
    }
}

/// A shortest sequence of choices from a state back to itself.
fn loop_back(g: &Graph, from: u32) -> Vec<Choice> {
    let mut prev: foldhash::HashMap<u32, (u32, Choice)> = foldhash::HashMap::default();
    let mut todo = VecDeque::from([from]);
    while let Some(i) = todo.pop_front() {
        for &(j, c) in &g.children[i as usize] {
            if j == from {
                let mut out = vec![c];
                let mut k = i;
                while k != from {
                    let (p, c) = prev[&k];
                    out.push(c);
                    k = p;
                }
                out.reverse();
                return out;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = prev.entry(j) {
                e.insert((i, c));
                todo.push_back(j);
            }
        }
    }
    Vec::new()
}
