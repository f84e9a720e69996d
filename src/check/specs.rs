//! `spec-contradicted`: a given/when/then specification the model contradicts. Its history
//! must be one the lifecycle allows, its command's fate must follow from the state that
//! history leaves, the events it expects must be what the command records, and the fields it
//! expects must be what the events' `apply` expressions compute. Payloads are checked against
//! their schemas by `example-invalid`.

use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, EventId, Message, Spec, SpecError, StateId, Then};
use crate::upcast::Upcaster;
use crate::upcast::state::{apply, same, zero};
use serde_json::{Map, Value};

pub(super) fn check(cat: &Catalog, out: &mut Vec<Diagnostic>) {
    let up = Upcaster::new();
    for spec in &cat.specs {
        if let Some(d) = contradiction(cat, &up, spec) {
            out.push(d);
        }
    }
}

fn finding(spec: &Spec, message: String) -> Diagnostic {
    Diagnostic::new(
        Rule::SpecContradicted,
        format!("spec `{}`: {message}", spec.name.text),
    )
}

/// The first way the model contradicts a spec; later parts build on earlier ones.
fn contradiction(cat: &Catalog, up: &Upcaster, spec: &Spec) -> Option<Diagnostic> {
    let agg = cat.aggregate(spec.aggregate);
    let aggregate = cat.aggregate_name(spec.aggregate);
    let (mut state, _) = agg.initial?;
    let mut fields = zero(&agg.fields);
    let state_name = |s: StateId| format!("`{}`", agg.states[s.index()].text);
    for g in &spec.given {
        if let Some(d) = foreign(cat, spec, g) {
            return Some(d);
        }
        let recorders: Vec<_> = agg
            .commands
            .iter()
            .copied()
            .filter(|&c| {
                let cmd = cat.command(c);
                cmd.emits.iter().chain(&cmd.fails).any(|(e, _)| *e == g.id)
            })
            .collect();
        if !recorders
            .iter()
            .any(|&c| cat.recording_states(c).contains(&state))
        {
            let by: Vec<String> = recorders
                .iter()
                .map(|&c| format!("`{}`", cat.command(c).name.text))
                .collect();
            return Some(
                finding(
                    spec,
                    format!(
                        "the history cannot happen: `{}` cannot be recorded while `{aggregate}` is in {}",
                        cat.event_name(g.id),
                        state_name(state)
                    ),
                )
                .at(g.span, "given here")
                .help(if by.is_empty() {
                    "no command records this event; give only events a command records".to_string()
                } else {
                    format!(
                        "it is recorded by {}; give the events that lead to a state accepting {}",
                        by.join(", "),
                        if by.len() == 1 { "it" } else { "one of them" }
                    )
                }),
            );
        }
        if let Some(d) = applied(up, cat, spec, g, &mut fields) {
            return Some(d);
        }
        if let Some((to, _)) = cat.event(g.id).to {
            state = to;
        }
    }
    let c = spec.when.id;
    let cmd = cat.command(c);
    if cmd.aggregate != spec.aggregate {
        return Some(
            finding(
                spec,
                format!(
                    "`{}` is a command of `{}`, not of `{aggregate}`",
                    cat.command_name(c),
                    cat.aggregate_name(cmd.aggregate)
                ),
            )
            .at(spec.when.span, "when")
            .help("send a command of the spec's aggregate"),
        );
    }
    let accepted = cat.accepting_states(c).contains(&state);
    let noop = cmd.noop_in.iter().any(|(s, _)| *s == state);
    let command = format!("`{}`", cmd.name.text);
    let after = if spec.given.is_empty() {
        format!("a new `{aggregate}` is in {}", state_name(state))
    } else {
        format!(
            "after the given events `{aggregate}` is in {}",
            state_name(state)
        )
    };
    match &spec.then {
        Then::Error(SpecError::NotAccepted, span) if accepted => Some(
            finding(
                spec,
                format!(
                    "{after}, which accepts {command}{}, so the lifecycle does not refuse it",
                    if noop { " as a no-op" } else { "" }
                ),
            )
            .at(*span, "expected here")
            .help(if noop {
                "expect `events: []`: a no-op records nothing"
            } else {
                "expect the events it records, or `error: refused` if its decision refuses it"
            }),
        ),
        Then::Error(SpecError::Refused, span) if !accepted || noop => Some(
            finding(
                spec,
                if noop {
                    format!("{after}, where {command} is a no-op: it records nothing without asking its decision")
                } else {
                    format!("{after}, which does not accept {command}: the lifecycle refuses it before its decision")
                },
            )
            .at(*span, "expected here")
            .help(if noop {
                "expect `events: []`"
            } else {
                "expect `error: not-accepted`"
            }),
        ),
        Then::Error(..) => None,
        Then::Events {
            span,
            events,
            fields: expected,
        } => {
            let got: Vec<EventId> = events.iter().map(|m| m.id).collect();
            let emits: Vec<EventId> = cmd.emits.iter().map(|(e, _)| *e).collect();
            let names = |l: &[EventId]| -> String {
                if l.is_empty() {
                    "nothing".into()
                } else {
                    l.iter()
                        .map(|e| format!("`{}`", cat.event(*e).name.text))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            let problem = if !accepted {
                Some((
                    format!("{after}, which does not accept {command}, so it records nothing"),
                    "expect `error: not-accepted`, or give the events that lead to a state accepting it".to_string(),
                ))
            } else if noop && !got.is_empty() {
                Some((
                    format!("{after}, where {command} is a no-op: it records nothing"),
                    "expect `events: []`".to_string(),
                ))
            } else if !noop
                && got != emits
                && !(got.len() == 1 && cmd.fails.iter().any(|(e, _)| *e == got[0]))
            {
                let fails: Vec<EventId> = cmd.fails.iter().map(|(e, _)| *e).collect();
                Some((
                    format!(
                        "{command} records {} on success{}; the spec expects {}",
                        names(&emits),
                        if fails.is_empty() {
                            String::new()
                        } else {
                            format!(", or one of {} on failure", names(&fails))
                        },
                        names(&got)
                    ),
                    "expect what the command records, in the catalog's order".to_string(),
                ))
            } else {
                None
            };
            if let Some((message, help)) = problem {
                return Some(
                    finding(spec, message)
                        .at(*span, "expected here")
                        .with(spec.when.span, "when")
                        .help(help),
                );
            }
            for e in events {
                if let Some(d) = applied(up, cat, spec, e, &mut fields) {
                    return Some(d);
                }
            }
            for (name, want) in expected {
                let Some(have) = fields.get(&name.text) else {
                    let declared: Vec<String> =
                        agg.fields.iter().map(|f| f.name.text.clone()).collect();
                    return Some(
                        finding(spec, format!("`{aggregate}` has no field `{}`", name.text))
                            .at(name.span, "expected here")
                            .help(match crate::diag::did_you_mean(&name.text, declared.iter().map(String::as_str)) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => format!("its fields: {}", declared.join(", ")),
                            }),
                    );
                };
                if !same(have, &want.value()) {
                    return Some(
                        finding(
                            spec,
                            format!(
                                "after these events `{}` holds {have}, not {}",
                                name.text,
                                want.value()
                            ),
                        )
                        .at(want.span(), "expected here")
                        .help("the events' `apply` expressions compute it; expect what they give, or change them"),
                    );
                }
            }
            None
        }
    }
}

/// An event of another aggregate in the spec's history or expectations.
fn foreign(cat: &Catalog, spec: &Spec, m: &Message<EventId>) -> Option<Diagnostic> {
    let owner = cat.event(m.id).aggregate;
    (owner != spec.aggregate).then(|| {
        finding(
            spec,
            format!(
                "`{}` is an event of `{}`, not of `{}`",
                cat.event_name(m.id),
                cat.aggregate_name(owner),
                cat.aggregate_name(spec.aggregate)
            ),
        )
        .at(m.span, "here")
        .help("a spec's events are its aggregate's own history")
    })
}

/// Applies one event's `apply` to the fields, or says why it cannot be.
fn applied(
    up: &Upcaster,
    cat: &Catalog,
    spec: &Spec,
    m: &Message<EventId>,
    fields: &mut Map<String, Value>,
) -> Option<Diagnostic> {
    let agg = cat.aggregate(spec.aggregate);
    let event = cat.event(m.id);
    apply(up, &agg.fields, event, &m.payload.value(), fields)
        .err()
        .map(|e| {
            finding(
                spec,
                format!("applying `{}` fails: {e}", cat.event_name(m.id)),
            )
            .at(m.span, "this event")
            .help("give a payload its `apply` expressions can read, or change them")
        })
}
