//! Event-modelling timelines, built from the simulator's runs: a saga's happy path and each of
//! its failure paths, or one scenario's run. Each delivery becomes a card in its context's
//! swimlane (read models in a lane of their own), one column right of the card that caused it
//! and of the card before it in its lane, so that the picture shows what really happens,
//! compensations included, in causal order.

use super::build::{failure_paths, happy_path};
use super::ir::{Card, CardKind, Timeline};
use crate::model::{Catalog, ContextId, SagaId, ScenarioId};
use crate::sim::{SagaPlan, Trace, TraceRow, run_scenario};
use std::collections::HashMap;

/// The title of a lane of read models.
pub const VIEWS_LANE: &str = "read models";

/// A saga's runs as timelines: the happy path, then one per way a command on it can fail or
/// time out. `None` when the saga has no start event.
pub fn saga(cat: &Catalog, id: SagaId) -> Option<Vec<Timeline>> {
    let plan = SagaPlan::new(cat, id)?;
    let name = &cat.sagas[id.index()].name.text;
    let correlation = format!("{}-1", name.to_lowercase());
    let happy = happy_path(&plan, &correlation);
    let mut runs = vec![("happy path".to_string(), happy.clone())];
    runs.extend(failure_paths(&plan, &happy, &correlation));
    let lanes = lanes(cat, &plan, runs.iter().map(|(_, t)| t));
    Some(
        runs.iter()
            .map(|(title, trace)| build(&plan, trace, title, &lanes))
            .collect(),
    )
}

/// One scenario's run as a timeline; `None` when it names no saga with a start event.
pub fn scenario(cat: &Catalog, id: ScenarioId) -> Option<Timeline> {
    let s = &cat.scenarios[id.index()];
    let plan = SagaPlan::new(cat, s.saga?)?;
    let run = run_scenario(cat, id)?;
    let lanes = lanes(cat, &plan, [&run.trace]);
    let title = format!("scenario {}: {}", s.name.text, run.result);
    Some(build(&plan, &run.trace, &title, &lanes))
}

/// The swimlanes every run of a saga shares: the contexts in the order the runs first reach
/// them, then the read models when a run feeds one.
struct Lanes {
    contexts: Vec<ContextId>,
    titles: Vec<String>,
    views: Option<usize>,
}

fn context_of(cat: &Catalog, row: &TraceRow) -> Option<ContextId> {
    match (row.command, row.event) {
        (Some(c), _) => Some(cat.command(c).context),
        (_, Some(e)) => Some(cat.event(e).context),
        _ => None,
    }
}

fn lanes<'t>(
    cat: &Catalog,
    plan: &SagaPlan<'_>,
    runs: impl IntoIterator<Item = &'t Trace>,
) -> Lanes {
    let mut contexts = Vec::new();
    let mut views = false;
    for trace in runs {
        for row in &trace.rows {
            if let Some(c) = context_of(cat, row).filter(|c| !contexts.contains(c)) {
                contexts.push(c);
            }
            views |= row.event.is_some_and(|e| !readers(plan, e).is_empty());
        }
    }
    let mut titles: Vec<String> = contexts
        .iter()
        .map(|&c| cat.context(c).name.text.clone())
        .collect();
    let views = views.then(|| {
        titles.push(VIEWS_LANE.into());
        titles.len() - 1
    });
    Lanes {
        contexts,
        titles,
        views,
    }
}

/// The read models the run feeds that handle the event, with the fields they set.
fn readers(plan: &SagaPlan<'_>, e: crate::model::EventId) -> Vec<(String, String)> {
    let cat = plan.cat;
    plan.views
        .list
        .iter()
        .filter_map(|v| {
            let p = &cat.projections[v.projection.index()];
            let h = p.handlers.iter().find(|h| h.event == e)?;
            let what = if h.delete {
                "deletes the row".to_string()
            } else {
                let mut fields: Vec<&str> = h.set.iter().map(|(f, _)| f.text.as_str()).collect();
                if fields.len() > 3 {
                    fields.truncate(3);
                    fields.push("…");
                }
                format!("sets {}", fields.join(", "))
            };
            Some((p.name.text.clone(), what))
        })
        .collect()
}

/// What the second line of a command's card says, and whether it went wrong.
fn command_note(row: &TraceRow) -> (String, bool) {
    let moved = match (&row.before, &row.after) {
        (Some(b), Some(a)) if b != a => format!("{b} → {a}"),
        _ => String::new(),
    };
    let outcome = row.outcome.trim_start_matches("duplicate, ");
    let (what, failed) = match outcome {
        "ok" => (moved, false),
        "rejected" => (
            format!("rejected in {}", row.before.as_deref().unwrap_or("?")),
            true,
        ),
        "no-op" => (
            format!("no-op in {}", row.before.as_deref().unwrap_or("?")),
            false,
        ),
        "fail" | "fail, sent again" => {
            let sent = if outcome == "fail" {
                ""
            } else {
                ", sent again"
            };
            (format!("fails{sent}"), true)
        }
        "timeout (never ran)" => ("times out, never ran".into(), true),
        "timeout (ran late)" => ("times out, ran late".into(), true),
        other => (other.to_string(), other.starts_with("fail")),
    };
    let what = if row.outcome.starts_with("duplicate") {
        format!("again; {what}")
    } else {
        what
    };
    (what, failed)
}

fn build(plan: &SagaPlan<'_>, trace: &Trace, title: &str, lanes: &Lanes) -> Timeline {
    let cat = plan.cat;
    let mut t = Timeline {
        title: title.to_string(),
        lanes: lanes.titles.clone(),
        ..Timeline::default()
    };
    let mut next = vec![0usize; lanes.titles.len()];
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let mut place = |t: &mut Timeline, mut card: Card, cause: Option<usize>| {
        let after = cause.map_or(0, |k| t.cards[k].column + 1);
        card.column = next[card.lane].max(after);
        next[card.lane] = card.column + 1;
        t.cards.push(card);
        let i = t.cards.len() - 1;
        if let Some(k) = cause {
            t.links.push((k, i));
        }
        i
    };
    for row in &trace.rows {
        let Some(context) = context_of(cat, row) else {
            continue;
        };
        let lane = lanes
            .contexts
            .iter()
            .position(|&c| c == context)
            .unwrap_or(0);
        let cause = row.causation.as_deref().and_then(|c| by_id.get(c)).copied();
        let (kind, label, what, failed, compensation) = match (row.command, row.event) {
            (Some(c), _) => {
                let (what, failed) = command_note(row);
                let comp = plan.is_compensation(c);
                let what = match (comp, what.is_empty()) {
                    (true, true) => "compensation".to_string(),
                    (true, false) => format!("compensation, {what}"),
                    (false, _) => what,
                };
                let label = cat.command(c).name.text.clone();
                (CardKind::Command, label, what, failed, comp)
            }
            (_, Some(e)) => {
                let caused_by_failure = cause.is_some_and(|k| t.cards[k].failed);
                let (what, failed) = if row.outcome.starts_with("started") {
                    ("starts the saga".to_string(), false)
                } else if row.outcome.contains("assumed") {
                    ("assumed after a timeout".to_string(), true)
                } else if caused_by_failure {
                    ("the failure".to_string(), true)
                } else if row.outcome.starts_with("duplicate") {
                    ("delivered again".to_string(), false)
                } else {
                    (String::new(), false)
                };
                let label = cat.event(e).name.text.clone();
                (CardKind::Event, label, what, failed, false)
            }
            _ => continue,
        };
        let note = if what.is_empty() {
            row.step.to_string()
        } else {
            format!("{} · {what}", row.step)
        };
        let card = Card {
            lane,
            column: 0,
            kind,
            label,
            note,
            failed,
            compensation,
        };
        let i = place(&mut t, card, cause);
        by_id.entry(row.id.as_str()).or_insert(i);
        if let (Some(e), Some(lane)) = (row.event, lanes.views) {
            for (name, what) in readers(plan, e) {
                let card = Card {
                    lane,
                    column: 0,
                    kind: CardKind::View,
                    label: name,
                    note: what,
                    failed: false,
                    compensation: false,
                };
                place(&mut t, card, Some(i));
            }
        }
    }
    t
}
