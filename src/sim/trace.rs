//! A run as a table: every delivery with its envelope ids, outcome and the aggregate it moved.

use super::plan::SagaPlan;
use super::violation::Violation;
use super::world::{Choice, Msg, Outcome, World};
use serde::Serialize;

/// One delivery of a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TraceRow {
    /// Step number, from 1.
    pub step: usize,
    /// `command` or `event`.
    pub kind: &'static str,
    /// `Context.Name`.
    pub message: String,
    /// What happened to it.
    pub outcome: String,
    /// The aggregate a command reached, `Context.Aggregate`.
    pub aggregate: Option<String>,
    /// Its state before.
    pub before: Option<String>,
    /// Its state after.
    pub after: Option<String>,
    /// Events the aggregate recorded.
    pub recorded: Vec<String>,
    /// The message id (a duplicate keeps the original's).
    pub id: String,
    /// The saga's correlation id.
    pub correlation: String,
    /// The id of the message that caused it.
    pub causation: Option<String>,
    /// The command delivered, when it is one.
    #[serde(skip)]
    pub command: Option<crate::model::CommandId>,
    /// The event delivered, when it is one.
    #[serde(skip)]
    pub event: Option<crate::model::EventId>,
}

/// A whole run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Trace {
    /// Deliveries in order.
    pub rows: Vec<TraceRow>,
}

/// Runs a sequence of choices from the start, recording the trace; also returns the final
/// world and the invariants broken along the way.
pub fn follow(
    plan: &SagaPlan<'_>,
    choices: &[Choice],
    correlation: &str,
    canonical: bool,
) -> (Trace, World, Vec<Violation>) {
    let mut world = World::start(plan, false);
    let mut ids: Vec<(String, Option<String>)> = vec![("m1".into(), None)];
    let mut next_id = 2;
    let mut trace = Trace::default();
    let mut broken = Vec::new();
    for (n, choice) in choices.iter().enumerate() {
        let msg = world.queue[choice.pick as usize];
        let overtook = matches!(msg, Msg::Command { command, copy: true }
            if world.queue.contains(&Msg::Command { command, copy: false }));
        let (id, causation) = ids.remove(choice.pick as usize);
        let (log, mut b) = world.apply(plan, *choice);
        broken.append(&mut b);
        for (i, pushed) in log.pushed.iter().enumerate() {
            if i == 0 && choice.duplicate {
                ids.push((id.clone(), causation.clone()));
                continue;
            }
            let _ = pushed;
            ids.push((format!("m{next_id}"), Some(id.clone())));
            next_id += 1;
        }
        if canonical {
            let mut paired: Vec<(Msg, (String, Option<String>))> =
                world.queue.iter().copied().zip(ids.drain(..)).collect();
            paired.sort_by_key(|(m, _)| *m);
            world.queue = paired.iter().map(|(m, _)| *m).collect();
            ids = paired.into_iter().map(|(_, id)| id).collect();
        }
        let cat = plan.cat;
        let (kind, message, copy, assumed) = match msg {
            Msg::Event {
                event,
                copy,
                assumed,
            } => ("event", cat.event_name(event), copy, assumed),
            Msg::Command { command, copy } => ("command", cat.command_name(command), copy, false),
        };
        let mut outcome = match (msg, choice.outcome) {
            (Msg::Event { .. }, _) if assumed => "assumed after a timeout".to_string(),
            (Msg::Event { .. }, _) => "delivered".to_string(),
            _ if log.rejected => "rejected".to_string(),
            _ if log.noop => "no-op".to_string(),
            (_, Outcome::Ok | Outcome::Deliver) => "ok".to_string(),
            (_, Outcome::Fail(_)) if log.retried => "fail, sent again".to_string(),
            (_, Outcome::Fail(_)) => "fail".to_string(),
            (_, Outcome::TimeoutNotRun) => "timeout (never ran)".to_string(),
            (_, Outcome::TimeoutRan) => "timeout (ran late)".to_string(),
        };
        if copy && !overtook {
            outcome = format!("duplicate, {outcome}");
        }
        if choice.duplicate {
            outcome.push_str(", delivered twice");
        }
        let mut aggregate = log.aggregate;
        if n == 0
            && msg
                == (Msg::Event {
                    event: plan.start,
                    copy: false,
                    assumed: false,
                })
        {
            let e = cat.event(plan.start);
            aggregate = Some((
                e.aggregate,
                plan.start_state,
                world.state(plan, e.aggregate),
            ));
            outcome = if plan.start_path.is_empty() {
                "started".into()
            } else {
                let path: Vec<&str> = plan
                    .start_path
                    .iter()
                    .map(|&c| cat.command(c).name.text.as_str())
                    .collect();
                format!("started, after {}", path.join(", "))
            };
        }
        let state = |a: crate::model::AggregateId, s: crate::model::StateId| {
            cat.aggregate(a).states[s.index()].text.clone()
        };
        trace.rows.push(TraceRow {
            step: n + 1,
            kind,
            message,
            outcome,
            aggregate: aggregate.map(|(a, _, _)| cat.aggregate_name(a)),
            before: aggregate.map(|(a, s, _)| state(a, s)),
            after: aggregate.map(|(a, _, s)| state(a, s)),
            recorded: log
                .recorded
                .iter()
                .map(|&e| cat.event(e).name.text.clone())
                .collect(),
            id,
            correlation: correlation.to_string(),
            causation,
            command: match msg {
                Msg::Command { command, .. } => Some(command),
                Msg::Event { .. } => None,
            },
            event: match msg {
                Msg::Event { event, .. } => Some(event),
                Msg::Command { .. } => None,
            },
        });
    }
    (trace, world, broken)
}

impl Trace {
    /// The trace as a text table.
    pub fn table(&self) -> String {
        let header = [
            "step",
            "message",
            "outcome",
            "aggregate",
            "state",
            "id",
            "correlation",
            "causation",
        ];
        let rows: Vec<[String; 8]> = self
            .rows
            .iter()
            .map(|r| {
                let recorded = if r.recorded.is_empty() {
                    String::new()
                } else {
                    format!(" → {}", r.recorded.join(", "))
                };
                [
                    r.step.to_string(),
                    format!("{} {}", r.kind, r.message),
                    format!("{}{recorded}", r.outcome),
                    r.aggregate.clone().unwrap_or_default(),
                    match (&r.before, &r.after) {
                        (Some(b), Some(a)) if b == a => b.clone(),
                        (Some(b), Some(a)) => format!("{b} → {a}"),
                        _ => String::new(),
                    },
                    r.id.clone(),
                    r.correlation.clone(),
                    r.causation.clone().unwrap_or_else(|| "-".into()),
                ]
            })
            .collect();
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: Vec<&str>| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            format!("  {}\n", padded.join("  ").trim_end())
        };
        let mut out = line(header.to_vec());
        for row in &rows {
            out.push_str(&line(row.iter().map(String::as_str).collect()));
        }
        out
    }
}
