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
                let map = if t.map.is_empty() {
                    same_names(
                        fields(cat.command(t.command).schema.as_ref()),
                        event_fields(cat, e),
                    )
                } else {
                    t.map
                        .iter()
                        .map(|m| (m.target.text.clone(), m.source.text.clone()))
                        .collect()
                };
                (cat.event_name(e), cat.command_name(t.command), map)
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
fn fields(schema: Option<&Json>) -> Vec<String> {
    match schema.map(|s| s.value()) {
        Some(Value::Object(o)) => match o.get("properties") {
            Some(Value::Object(p)) => p.keys().cloned().collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn event_fields(cat: &Catalog, e: EventId) -> Vec<String> {
    fields(cat.event(e).latest().and_then(|v| v.schema.as_ref()))
}

/// A mapping of each field both sides have to itself.
fn same_names(target: Vec<String>, source: Vec<String>) -> Vec<(String, String)> {
    target
        .into_iter()
        .filter(|t| source.contains(t))
        .map(|t| (t.clone(), t))
        .collect()
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

/// The commands a process manager would send without a field their schema requires, one note
/// each: a trigger whose `map` (or the fields both sides share) leaves it out, or an
/// orchestration step, ending or compensation whose payload the start event (and the command
/// undone) cannot fill.
pub fn incomplete(cat: &Catalog) -> Vec<String> {
    let mut notes = Vec::new();
    for plan in plans(cat) {
        let saga = plan.name().to_string();
        let start = event_fields(cat, plan.start);
        let mut note = |c: CommandId, have: &[String], from: String| {
            let missing: Vec<String> = required(cat.command(c).schema.as_ref())
                .into_iter()
                .filter(|f| !have.contains(f))
                .collect();
            if !missing.is_empty() {
                notes.push(format!(
                    "saga `{saga}` sends `{}` without `{}`, which its schema requires: {from}",
                    cat.command_name(c),
                    missing.join("`, `")
                ));
            }
        };
        match plan.style {
            SagaStyle::Choreography => {
                for &e in &plan.events {
                    for t in &cat.event(e).triggers {
                        let have: Vec<String> = if t.map.is_empty() {
                            same_names(
                                fields(cat.command(t.command).schema.as_ref()),
                                event_fields(cat, e),
                            )
                            .into_iter()
                            .map(|(to, _)| to)
                            .collect()
                        } else {
                            t.map.iter().map(|m| m.target.text.clone()).collect()
                        };
                        note(
                            t.command,
                            &have,
                            format!(
                                "give the trigger on `{}` a `map` that fills it",
                                cat.event_name(e)
                            ),
                        );
                    }
                }
                for &c in &plan.timeouts {
                    if let Some(undo) = plan.compensation_of(c) {
                        let mut have = start.clone();
                        have.extend(fields(cat.command(c).schema.as_ref()));
                        note(
                            undo,
                            &have,
                            format!(
                                "undoing `{}` at its deadline, its payload takes the fields of that command and of `{}` by name",
                                cat.command_name(c),
                                cat.event_name(plan.start)
                            ),
                        );
                    }
                }
            }
            SagaStyle::Orchestration => {
                let s = &cat.sagas[plan.saga.index()];
                let sent = s
                    .steps
                    .iter()
                    .map(|st| st.command)
                    .chain(s.on_complete.iter().chain(&s.on_abort).map(|(c, _)| *c));
                for c in sent {
                    note(
                        c,
                        &start,
                        format!(
                            "its payload takes the fields of `{}` by name",
                            cat.event_name(plan.start)
                        ),
                    );
                    if let Some(undo) = plan.compensation_of(c) {
                        let mut have = start.clone();
                        have.extend(fields(cat.command(c).schema.as_ref()));
                        note(
                            undo,
                            &have,
                            format!(
                                "undoing `{}`, its payload takes the fields of that command and of `{}` by name",
                                cat.command_name(c),
                                cat.event_name(plan.start)
                            ),
                        );
                    }
                }
            }
        }
    }
    notes.sort();
    notes.dedup();
    notes
}

/// The top-level fields a schema requires.
fn required(schema: Option<&Json>) -> Vec<String> {
    schema
        .map(|s| s.value())
        .and_then(|v| v.get("required").cloned())
        .and_then(|r| serde_json::from_value(r).ok())
        .unwrap_or_default()
}
