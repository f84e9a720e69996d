//! Notes `gen` prints on the sagas: each command a process manager would send without a
//! field its schema requires.

use super::sagas::{event_fields, fields, plans, trigger_map};
use crate::model::{Catalog, CommandId, Json, SagaStyle};

/// The commands a process manager would send without a field their schema requires, one note
/// each: a trigger whose `map` (or the fields both sides share) leaves it out, or an
/// orchestration step, ending or compensation whose payload the start event (and the command
/// undone) cannot fill.
pub fn incomplete(cat: &Catalog) -> Vec<String> {
    let mut notes = Vec::new();
    for plan in plans(cat) {
        let saga = plan.name().to_string();
        let start = event_fields(cat, plan.start);
        // A compensation's payload takes the fields of the command it undoes, then the start's.
        let undoing = |c: CommandId| -> Vec<String> {
            let mut have = fields(cat.command(c).schema.as_ref());
            have.extend(start.iter().cloned());
            have
        };
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
                        let have: Vec<String> = trigger_map(cat, e, t)
                            .into_iter()
                            .map(|(to, _)| to)
                            .collect();
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
                        note(
                            undo,
                            &undoing(c),
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
                        note(
                            undo,
                            &undoing(c),
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
