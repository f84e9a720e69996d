//! Builds what each kind of diagram shows from the catalog: the command/event flow, a saga's sequence with its failure paths, and an aggregate's lifecycle.

use super::ir::{Cluster, Edge, Graph, Item, Node, Sequence, Shape, States};
use crate::model::{AggregateId, Catalog, ContextId, SagaId, SagaStyle};
use crate::sim::{Outcome, SagaPlan, Trace, TraceRow, run_forced};

/// Most nodes a flow shows before it is collapsed to one node per context.
pub const MAX_FLOW_NODES: usize = 250;

/// Commands and events grouped by context: a command's events (failures dashed), and the
/// commands each event triggers. With a focus, the focused context and its direct neighbours;
/// past [`MAX_FLOW_NODES`] without a focus, one node per context.
pub fn flow(cat: &Catalog, focus: Option<ContextId>) -> Graph {
    let touches = |ctx: ContextId| focus.is_none_or(|f| f == ctx);
    let mut keep_cmd = vec![false; cat.commands.len()];
    let mut keep_evt = vec![false; cat.events.len()];
    for (i, c) in cat.commands.iter().enumerate() {
        if touches(c.context) {
            keep_cmd[i] = true;
            for (e, _) in c.emits.iter().chain(&c.fails) {
                keep_evt[e.index()] = true;
            }
        }
    }
    for (i, e) in cat.events.iter().enumerate() {
        if touches(e.context) {
            keep_evt[i] = true;
            for t in &e.triggers {
                keep_cmd[t.command.index()] = true;
            }
        }
        for t in &e.triggers {
            if touches(cat.command(t.command).context) {
                keep_evt[i] = true;
            }
        }
    }
    let count = keep_cmd.iter().chain(&keep_evt).filter(|k| **k).count();
    if focus.is_none() && count > MAX_FLOW_NODES {
        return collapsed(cat, count);
    }
    let mut g = Graph {
        title: match focus {
            Some(c) => format!(
                "{}: flow of {} (boxes: commands, rounded: events, dashed: failures)",
                cat.name,
                cat.context(c).name.text
            ),
            None => format!(
                "{}: flow (boxes: commands, rounded: events, dashed: failures)",
                cat.name
            ),
        },
        ..Graph::default()
    };
    let mut cmd_node = vec![None; cat.commands.len()];
    let mut evt_node = vec![None; cat.events.len()];
    for (ci, ctx) in cat.contexts.iter().enumerate() {
        let mut nodes = Vec::new();
        for &a in &ctx.aggregates {
            let agg = cat.aggregate(a);
            for &c in &agg.commands {
                if keep_cmd[c.index()] {
                    cmd_node[c.index()] = Some(g.nodes.len());
                    nodes.push(g.nodes.len());
                    g.nodes.push(Node {
                        id: format!("k{}", c.index()),
                        label: cat.command(c).name.text.clone(),
                        shape: Shape::Box,
                    });
                }
            }
            for &e in &agg.events {
                if keep_evt[e.index()] {
                    evt_node[e.index()] = Some(g.nodes.len());
                    nodes.push(g.nodes.len());
                    g.nodes.push(Node {
                        id: format!("e{}", e.index()),
                        label: cat.event(e).name.text.clone(),
                        shape: Shape::Round,
                    });
                }
            }
        }
        if !nodes.is_empty() {
            g.clusters.push(Cluster {
                id: format!("c{ci}"),
                label: ctx.name.text.clone(),
                detail: None,
                nodes,
            });
        }
    }
    for (i, c) in cat.commands.iter().enumerate() {
        let Some(from) = cmd_node[i] else { continue };
        for ((e, _), dashed) in c
            .emits
            .iter()
            .map(|x| (x, false))
            .chain(c.fails.iter().map(|x| (x, true)))
        {
            if let Some(to) = evt_node[e.index()] {
                g.edges.push(Edge {
                    from,
                    to,
                    label: if dashed {
                        "fails".into()
                    } else {
                        String::new()
                    },
                    dashed,
                });
            }
        }
    }
    for (i, e) in cat.events.iter().enumerate() {
        let Some(from) = evt_node[i] else { continue };
        for t in &e.triggers {
            if let Some(to) = cmd_node[t.command.index()] {
                g.edges.push(Edge {
                    from,
                    to,
                    label: String::new(),
                    dashed: false,
                });
            }
        }
    }
    g
}

/// The flow of a big catalog: one node per context, an edge per pair of contexts with the
/// number of triggers between them.
fn collapsed(cat: &Catalog, count: usize) -> Graph {
    let mut g = Graph {
        title: format!(
            "{}: flow between contexts ({count} commands and events; use --context for one context in detail)",
            cat.name
        ),
        ..Graph::default()
    };
    for (i, ctx) in cat.contexts.iter().enumerate() {
        g.nodes.push(Node {
            id: format!("c{i}"),
            label: ctx.name.text.clone(),
            shape: Shape::Box,
        });
    }
    let mut counts = std::collections::BTreeMap::new();
    for e in &cat.events {
        for t in &e.triggers {
            let to = cat.command(t.command).context;
            if to != e.context {
                *counts
                    .entry((e.context.index(), to.index()))
                    .or_insert(0usize) += 1;
            }
        }
    }
    for ((from, to), n) in counts {
        g.edges.push(Edge {
            from,
            to,
            label: format!("{n} trigger{}", if n == 1 { "" } else { "s" }),
            dashed: false,
        });
    }
    g
}

/// An aggregate's lifecycle: a transition per accepting state and recorded event, labelled
/// `Command / Event`.
pub fn lifecycle(cat: &Catalog, a: AggregateId) -> States {
    let agg = cat.aggregate(a);
    let mut m = States {
        title: format!("{}: lifecycle of {}", cat.name, cat.aggregate_name(a)),
        states: agg
            .states
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("s{i}"), s.text.clone()))
            .collect(),
        initial: agg.initial.map(|(s, _)| s.index()),
        finals: agg.finals.iter().map(|(s, _)| s.index()).collect(),
        transitions: Vec::new(),
    };
    for &c in &agg.commands {
        let command = cat.command(c);
        for &(s, _) in &command.noop_in {
            let t = (
                s.index(),
                s.index(),
                format!("{} (no-op)", command.name.text),
            );
            if !m.transitions.contains(&t) {
                m.transitions.push(t);
            }
        }
        for from in cat.recording_states(c) {
            for ((e, _), failure) in command
                .emits
                .iter()
                .map(|x| (x, false))
                .chain(command.fails.iter().map(|x| (x, true)))
            {
                let to = cat.event(*e).to.map_or(from, |(s, _)| s);
                let label = format!(
                    "{} / {}{}",
                    command.name.text,
                    cat.event(*e).name.text,
                    if failure { " (fails)" } else { "" }
                );
                let t = (from.index(), to.index(), label);
                if !m.transitions.contains(&t) {
                    m.transitions.push(t);
                }
            }
        }
    }
    m
}

struct Participants {
    list: Vec<(String, String)>,
    names: Vec<String>,
}

impl Participants {
    fn of(&mut self, aggregate: &str) -> usize {
        if let Some(i) = self.names.iter().position(|n| n == aggregate) {
            return i;
        }
        self.names.push(aggregate.to_string());
        self.list
            .push((format!("p{}", self.list.len()), aggregate.to_string()));
        self.list.len() - 1
    }
}

fn items(rows: &[TraceRow], who: &mut Participants) -> Vec<(usize, Item)> {
    let mut out = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let Some(agg) = &row.aggregate else {
            if row.outcome.contains("assumed") {
                out.push((
                    r,
                    Item::Note {
                        over: 0,
                        text: format!("{} assumed after a timeout", row.message),
                    },
                ));
            }
            continue;
        };
        let p = who.of(agg);
        let moved = match (&row.before, &row.after) {
            (Some(b), Some(a)) if b != a => format!(" ({b} → {a})"),
            _ => String::new(),
        };
        if row.kind == "event" {
            out.push((
                r,
                Item::Message {
                    from: p,
                    to: 0,
                    text: format!("{} (start){moved}", row.message),
                    reply: false,
                    lost: false,
                },
            ));
            continue;
        }
        out.push((
            r,
            Item::Message {
                from: 0,
                to: p,
                text: row.message.clone(),
                reply: false,
                lost: false,
            },
        ));
        let reply = if row.outcome == "rejected" {
            Item::Message {
                from: p,
                to: 0,
                text: format!("rejected in {}", row.before.clone().unwrap_or_default()),
                reply: true,
                lost: true,
            }
        } else if row.outcome == "no-op" {
            Item::Message {
                from: p,
                to: 0,
                text: format!(
                    "no-op in {}, records nothing",
                    row.before.clone().unwrap_or_default()
                ),
                reply: true,
                lost: false,
            }
        } else if row.recorded.is_empty() {
            Item::Message {
                from: p,
                to: 0,
                text: row.outcome.clone(),
                reply: true,
                lost: true,
            }
        } else {
            Item::Message {
                from: p,
                to: 0,
                text: format!("{}{moved}", row.recorded.join(", ")),
                reply: true,
                lost: false,
            }
        };
        out.push((r, reply));
    }
    out
}

/// A saga as a sequence: the happy path, then one block per way a command on it can fail or
/// time out, showing what the saga does from there.
pub fn saga(cat: &Catalog, id: SagaId) -> Option<Sequence> {
    let plan = SagaPlan::new(cat, id)?;
    let saga = &cat.sagas[id.index()];
    let role = match saga.style {
        SagaStyle::Choreography => "policies (choreography)",
        SagaStyle::Orchestration => "orchestrator",
    };
    let correlation = format!("{}-1", saga.name.text.to_lowercase());
    let happy = happy_path(&plan, &correlation);
    let mut who = Participants {
        list: vec![("saga".into(), format!("{} {role}", saga.name.text))],
        names: vec![String::new()],
    };
    let main = items(&happy.rows, &mut who);
    let mut seq = Sequence {
        title: format!("{}: saga {}", cat.name, saga.name.text),
        participants: Vec::new(),
        items: main.iter().map(|(_, i)| i.clone()).collect(),
    };
    for (label, trace) in failure_paths(&plan, &happy, &correlation) {
        let split = diverge(&happy, &trace);
        let anchor = main
            .iter()
            .position(|(r, _)| *r >= split)
            .unwrap_or(main.len())
            .checked_sub(1);
        let branch = items(&trace.rows[split..], &mut who);
        seq.items.push(Item::Block {
            label,
            anchor,
            items: branch.into_iter().map(|(_, i)| i).collect(),
        });
    }
    seq.participants = who.list;
    Some(seq)
}

/// A saga's happy path: every command succeeds.
pub(crate) fn happy_path(plan: &SagaPlan<'_>, correlation: &str) -> Trace {
    run_forced(plan, correlation, |_, _| (Outcome::Ok, false)).0
}

/// One run per way a command of the happy path can fail or time out (every other command
/// succeeding), with its title: the saga's failure paths, in the order of the happy path.
pub(crate) fn failure_paths(
    plan: &SagaPlan<'_>,
    happy: &Trace,
    correlation: &str,
) -> Vec<(String, Trace)> {
    let cat = plan.cat;
    let mut tried = Vec::new();
    let mut out = Vec::new();
    for row in happy.rows.iter().filter(|r| r.kind == "command") {
        let Some(c) = row.command else {
            continue;
        };
        if tried.contains(&c) {
            continue;
        }
        tried.push(c);
        let mut modes: Vec<(Outcome, String)> = cat
            .command(c)
            .fails
            .iter()
            .map(|(e, _)| {
                (
                    Outcome::Fail(*e),
                    format!("{} fails: {}", row.message, cat.event(*e).name.text),
                )
            })
            .collect();
        if plan.can_time_out(c) {
            modes.push((Outcome::TimeoutNotRun, format!("{} times out", row.message)));
        }
        for (mode, label) in modes {
            let (trace, _, _) = run_forced(plan, correlation, |x, _| {
                (if x == c { mode } else { Outcome::Ok }, false)
            });
            out.push((label, trace));
        }
    }
    out
}

/// The first row where two runs differ.
fn diverge(a: &Trace, b: &Trace) -> usize {
    a.rows
        .iter()
        .zip(&b.rows)
        .position(|(x, y)| (x.kind, &x.message, &x.outcome) != (y.kind, &y.message, &y.outcome))
        .unwrap_or(a.rows.len().min(b.rows.len()))
}

/// One run as a sequence.
pub fn trace_sequence(trace: &Trace, saga: &str, title: &str) -> Sequence {
    let mut who = Participants {
        list: vec![("saga".into(), saga.to_string())],
        names: vec![String::new()],
    };
    let items = items(&trace.rows, &mut who)
        .into_iter()
        .map(|(_, i)| i)
        .collect();
    Sequence {
        title: title.to_string(),
        participants: who.list,
        items,
    }
}
