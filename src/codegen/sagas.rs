//! What `gen` makes of the sagas: each one's process manager tables, computed with the
//! simulator's own plan (its events, timeouts and compensations), its scenarios as tests, and
//! the in-memory world those tests run in.

use super::context::{MessageGen, SagaCommandGen, SagaGen, ScenarioGen, TriggerGen, WorldGen};
use super::types::{doc_text, field_name, rust_str};
use crate::model::{Catalog, CommandId, EventId, Json, Outcome, SagaId, SagaStyle};
use crate::sim::SagaPlan;
use serde_json::Value;

/// The simulator's plan of every saga that has a start event.
pub(super) fn plans(cat: &Catalog) -> Vec<SagaPlan<'_>> {
    (0..cat.sagas.len())
        .filter_map(|i| SagaPlan::new(cat, SagaId::new(i)))
        .collect()
}

/// Every saga that has a start event, from its plan.
pub(super) fn sagas(cat: &Catalog, plans: &[SagaPlan<'_>]) -> Vec<SagaGen> {
    plans.iter().map(|p| saga(cat, p)).collect()
}

fn saga(cat: &Catalog, plan: &SagaPlan<'_>) -> SagaGen {
    let id = plan.saga;
    let s = &cat.sagas[id.index()];
    let orchestration = s.style == SagaStyle::Orchestration;
    let events = |l: &[(EventId, crate::source::Span)]| -> Vec<String> {
        l.iter().map(|(e, _)| cat.event_name(*e)).collect()
    };
    let mut listens: Vec<(String, String)> = plan
        .events
        .iter()
        .map(|&e| {
            let ev = cat.event(e);
            (
                field_name(&cat.context(ev.context).name.text),
                cat.aggregate(ev.aggregate).name.text.clone(),
            )
        })
        .collect();
    listens.sort();
    listens.dedup();
    let sent = sent(cat, plan);
    SagaGen {
        name: s.name.text.clone(),
        def: field_name(&s.name.text).to_uppercase(),
        doc: s.description.as_deref().map(doc_text),
        orchestration,
        start: cat.event_name(plan.start),
        correlation: s.correlation.text.clone(),
        completes_on: events(&s.completes_on),
        aborts_on: events(&s.aborts_on),
        compensations: sent
            .iter()
            .filter(|&&c| plan.compensation_of(c) != cat.command(c).compensated_by.map(|(x, _)| x))
            .map(|&c| {
                (
                    cat.command_name(c),
                    plan.compensation_of(c).map(|x| cat.command_name(x)),
                )
            })
            .collect(),
        timeouts: sent
            .iter()
            .filter_map(|&c| timeout(cat, id, c).map(|t| (cat.command_name(c), t)))
            .collect(),
        retries: sent
            .iter()
            .filter(|&&c| plan.retries(c) > 0)
            .map(|&c| (cat.command_name(c), plan.retries(c)))
            .collect(),
        steps: s
            .steps
            .iter()
            .map(|st| cat.command_name(st.command))
            .collect(),
        on_complete: s
            .on_complete
            .iter()
            .map(|(c, _)| cat.command_name(*c))
            .collect(),
        on_abort: s
            .on_abort
            .iter()
            .map(|(c, _)| cat.command_name(*c))
            .collect(),
        listens,
        sample: {
            let start = cat
                .scenarios
                .iter()
                .find(|sc| sc.saga == Some(id))
                .and_then(|sc| sc.start.as_ref())
                .map_or_else(|| event_sample(cat, plan.start), Json::value);
            let correlation = correlation_of(&start, &s.correlation.text, &s.name.text);
            (rust_str(&start.to_string()), correlation)
        },
        scenarios: scenarios(cat, id, plan),
    }
}

/// The catalog-wide tables the process managers share: every command a saga may send (by
/// name), what each event a choreography may record triggers (by event), and the failures
/// that may not happen again.
pub(super) fn tables(
    cat: &Catalog,
    plans: &[SagaPlan<'_>],
) -> (Vec<SagaCommandGen>, Vec<TriggerGen>, Vec<String>) {
    let mut commands: Vec<CommandId> = Vec::new();
    let mut events: Vec<EventId> = Vec::new();
    for plan in plans {
        commands.extend(sent(cat, plan));
        if plan.style == SagaStyle::Choreography {
            events.extend(&plan.events);
        }
    }
    commands.sort();
    commands.dedup();
    events.sort();
    events.dedup();
    let names = |l: &[(EventId, crate::source::Span)]| -> Vec<String> {
        l.iter().map(|(e, _)| cat.event_name(*e)).collect()
    };
    let mut infos: Vec<SagaCommandGen> = commands
        .iter()
        .map(|&c| {
            let cmd = cat.command(c);
            SagaCommandGen {
                name: cat.command_name(c),
                emits: names(&cmd.emits),
                fails: names(&cmd.fails),
                compensation: cmd.compensated_by.map(|(x, _)| cat.command_name(x)),
                fields: fields(cmd.schema.as_ref()),
            }
        })
        .collect();
    infos.sort_by(|a, b| a.name.cmp(&b.name));
    let mut triggers: Vec<TriggerGen> = events
        .iter()
        .flat_map(|&e| {
            cat.event(e).triggers.iter().map(move |t| {
                (
                    cat.event_name(e),
                    cat.command_name(t.command),
                    trigger_map(cat, e, t),
                )
            })
        })
        .collect();
    // Sorted by event for lookup; an event's triggers keep the catalog's order.
    triggers.sort_by(|a, b| a.0.cmp(&b.0));
    let mut retryable: Vec<String> = cat
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.retry_possible)
        .map(|(i, _)| cat.event_name(EventId::new(i)))
        .collect();
    retryable.sort();
    (infos, triggers, retryable)
}

/// Every command the saga may send: what its events trigger (choreography) or its steps and
/// endings (orchestration), and what undoes those, in catalog order.
fn sent(cat: &Catalog, plan: &SagaPlan<'_>) -> Vec<CommandId> {
    let s = &cat.sagas[plan.saga.index()];
    let mut out: Vec<CommandId> = match s.style {
        SagaStyle::Choreography => plan
            .events
            .iter()
            .flat_map(|&e| cat.event(e).triggers.iter().map(|t| t.command))
            .collect(),
        SagaStyle::Orchestration => s
            .steps
            .iter()
            .map(|st| st.command)
            .chain(s.on_complete.iter().chain(&s.on_abort).map(|(c, _)| *c))
            .collect(),
    };
    let mut i = 0;
    while i < out.len() {
        if let Some(c) = plan.compensation_of(out[i])
            && !out.contains(&c)
        {
            out.push(c);
        }
        i += 1;
    }
    out.sort();
    out.dedup();
    out
}

/// The deadline of a command in a saga: its step's, else the saga's `timeouts`.
fn timeout(cat: &Catalog, id: SagaId, c: CommandId) -> Option<u64> {
    let s = &cat.sagas[id.index()];
    s.steps
        .iter()
        .find(|st| st.command == c)
        .and_then(|st| st.timeout)
        .or_else(|| {
            s.timeouts
                .iter()
                .find(|(x, _, _)| *x == c)
                .map(|(_, d, _)| *d)
        })
        .map(|d| d.as_millis() as u64)
}

/// The top-level fields a schema declares.
pub(super) fn fields(schema: Option<&Json>) -> Vec<String> {
    match schema.map(|s| s.value()) {
        Some(Value::Object(o)) => match o.get("properties") {
            Some(Value::Object(p)) => p.keys().cloned().collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

pub(super) fn event_fields(cat: &Catalog, e: EventId) -> Vec<String> {
    fields(cat.event(e).latest().and_then(|v| v.schema.as_ref()))
}

/// The (command field, event field) pairs a trigger fills its command's payload with: its
/// `map`, or without one each field the command and the event share by name.
pub(super) fn trigger_map(
    cat: &Catalog,
    e: EventId,
    t: &crate::model::Trigger,
) -> Vec<(String, String)> {
    if t.map.is_empty() {
        let source = event_fields(cat, e);
        fields(cat.command(t.command).schema.as_ref())
            .into_iter()
            .filter(|f| source.contains(f))
            .map(|f| (f.clone(), f))
            .collect()
    } else {
        t.map
            .iter()
            .map(|m| (m.target.text.clone(), m.source.text.clone()))
            .collect()
    }
}

/// A valid payload of an event's latest version: its first example, else a synthesised one.
fn event_sample(cat: &Catalog, e: EventId) -> Value {
    let latest = cat.event(e).latest();
    latest
        .and_then(|v| v.examples.first().map(Json::value))
        .or_else(|| {
            latest
                .and_then(|v| v.schema.as_ref())
                .and_then(|s| crate::compat::synth::first(&s.value()))
        })
        .unwrap_or(Value::Object(Default::default()))
}

fn command_sample(cat: &Catalog, c: CommandId) -> Value {
    cat.command(c)
        .schema
        .as_ref()
        .and_then(|s| crate::compat::synth::first(&s.value()))
        .unwrap_or(Value::Object(Default::default()))
}

fn scenarios(cat: &Catalog, id: SagaId, plan: &SagaPlan<'_>) -> Vec<ScenarioGen> {
    let s = &cat.sagas[id.index()];
    cat.scenarios
        .iter()
        .filter(|sc| sc.saga == Some(id))
        .map(|sc| {
            let start = sc
                .start
                .as_ref()
                .map_or_else(|| event_sample(cat, plan.start), Json::value);
            let correlation = correlation_of(&start, &s.correlation.text, &s.name.text);
            ScenarioGen {
                name: field_name(&sc.name.text),
                doc: sc.description.as_deref().map(doc_text),
                start: rust_str(&start.to_string()),
                correlation,
                outcomes: sc
                    .outcomes
                    .iter()
                    .map(|(c, list, _)| {
                        let each = list
                            .iter()
                            .map(|o| match o {
                                Outcome::Ok => "Outcome::Ok".to_string(),
                                Outcome::Duplicate => "Outcome::Duplicate".to_string(),
                                Outcome::Timeout => "Outcome::TimeoutNotRun".to_string(),
                                Outcome::Fail(e) => match e
                                    .or_else(|| cat.command(*c).fails.first().map(|(x, _)| *x))
                                {
                                    Some(e) => format!("Outcome::Fail({:?})", cat.event_name(e)),
                                    None => "Outcome::Ok".to_string(),
                                },
                            })
                            .collect();
                        (cat.command_name(*c), each)
                    })
                    .collect(),
                commands: sc
                    .expect_commands
                    .iter()
                    .map(|(c, _)| cat.command_name(*c))
                    .collect(),
                states: sc
                    .expect_states
                    .iter()
                    .map(|(a, st, _)| {
                        (
                            cat.aggregate_name(*a),
                            cat.aggregate(*a).states[st.index()].text.clone(),
                        )
                    })
                    .collect(),
                result: sc.expect_result.map(|r| match r {
                    crate::model::SagaResult::Completed => "completed".into(),
                    crate::model::SagaResult::Aborted => "aborted".into(),
                }),
            }
        })
        .collect()
}

/// The correlation id a start payload carries, else `{saga}-1`.
fn correlation_of(start: &Value, field: &str, saga: &str) -> String {
    match start.get(field) {
        Some(Value::String(v)) => v.clone(),
        Some(v @ Value::Number(_)) => v.to_string(),
        _ => format!("{}-1", saga.to_lowercase()),
    }
}

/// The aggregates, events and commands of every saga's runs.
pub(super) fn world(cat: &Catalog, plans: &[SagaPlan<'_>]) -> WorldGen {
    let mut events: Vec<EventId> = Vec::new();
    let mut commands: Vec<CommandId> = Vec::new();
    for plan in plans {
        events.extend(&plan.events);
        commands.extend(sent(cat, plan));
    }
    commands.sort();
    commands.dedup();
    for &c in &commands {
        let cmd = cat.command(c);
        events.extend(cmd.emits.iter().chain(&cmd.fails).map(|(e, _)| *e));
    }
    events.sort();
    events.dedup();
    commands.sort();
    commands.dedup();
    let place = |a: crate::model::AggregateId| {
        let agg = cat.aggregate(a);
        let ctx = field_name(&cat.context(agg.context).name.text);
        (
            format!("{ctx}_{}", field_name(&agg.name.text)),
            ctx,
            agg.name.text.clone(),
        )
    };
    let mut aggregates: Vec<(String, String, String, String)> = events
        .iter()
        .map(|&e| cat.event(e).aggregate)
        .chain(commands.iter().map(|&c| cat.command(c).aggregate))
        .map(|a| {
            let (field, module, name) = place(a);
            (field, module, name, cat.aggregate_name(a))
        })
        .collect();
    aggregates.sort();
    aggregates.dedup();
    let message = |qualified: String, name: &str, a, sample: Value| {
        let (field, module, aggregate) = place(a);
        MessageGen {
            qualified,
            name: name.to_string(),
            field,
            module,
            aggregate,
            sample: rust_str(&sample.to_string()),
        }
    };
    WorldGen {
        aggregates,
        events: events
            .iter()
            .map(|&e| {
                let ev = cat.event(e);
                message(
                    cat.event_name(e),
                    &ev.name.text,
                    ev.aggregate,
                    event_sample(cat, e),
                )
            })
            .collect(),
        commands: commands
            .iter()
            .map(|&c| {
                let cmd = cat.command(c);
                let sample = serde_json::json!({ cmd.name.text.clone(): command_sample(cat, c) });
                message(cat.command_name(c), &cmd.name.text, cmd.aggregate, sample)
            })
            .collect(),
    }
}
