//! Lifecycle rules: `transition-from-final`, `unreachable-state`, `command-never-accepted`,
//! `event-never-recorded`.

use crate::diag::{Diagnostic, Rule};
use crate::model::{AggregateId, Catalog, StateId};
use std::collections::HashSet;

pub(super) fn check(cat: &Catalog, out: &mut Vec<Diagnostic>) {
    for (i, agg) in cat.aggregates.iter().enumerate() {
        let id = AggregateId::new(i);
        transition_from_final(cat, id, out);
        let Some((initial, _)) = agg.initial else {
            continue;
        };
        let reachable = reachable_states(cat, id, initial);
        for (s, state) in agg.states.iter().enumerate() {
            if !reachable.contains(&StateId::new(s)) {
                out.push(
                    Diagnostic::new(
                        Rule::UnreachableState,
                        format!("state `{}` of `{}` is never reached", state.text, cat.aggregate_name(id)),
                    )
                    .at(state.span, "no command leads here")
                    .help("add an event with `to:` this state, emitted by a command accepted in a reachable state"),
                );
            }
        }
        for &c in &agg.commands {
            let accepted = cat.accepting_states(c);
            if !accepted.iter().any(|s| reachable.contains(s)) {
                out.push(
                    Diagnostic::new(
                        Rule::CommandNeverAccepted,
                        format!("command `{}` is never accepted", cat.command_name(c)),
                    )
                    .at(cat.command(c).name.span, "no reachable state accepts it")
                    .help("list a reachable state in `from`"),
                );
            }
        }
    }
    let mut recorded = HashSet::new();
    for c in &cat.commands {
        recorded.extend(c.emits.iter().chain(&c.fails).map(|(e, _)| *e));
    }
    for (i, event) in cat.events.iter().enumerate() {
        if !recorded.contains(&crate::model::EventId::new(i)) {
            out.push(
                Diagnostic::new(
                    Rule::EventNeverRecorded,
                    format!(
                        "no command records event `{}`",
                        cat.event_name(crate::model::EventId::new(i))
                    ),
                )
                .at(event.name.span, "declared here")
                .help("name it in a command's `emits` or `fails`, or remove it"),
            );
        }
    }
}

/// A command accepted in a final state is legal while its events keep the aggregate there (a
/// GDPR erasure on a closed order); an event that moves it out breaks the lifecycle.
fn transition_from_final(cat: &Catalog, id: AggregateId, out: &mut Vec<Diagnostic>) {
    let agg = cat.aggregate(id);
    for &c in &agg.commands {
        let command = cat.command(c);
        for &(s, span) in command.from.iter().flatten() {
            let Some(&(_, final_span)) = agg.finals.iter().find(|(f, _)| *f == s) else {
                continue;
            };
            let leaving = command
                .emits
                .iter()
                .chain(&command.fails)
                .find_map(|&(e, _)| {
                    cat.event(e)
                        .to
                        .filter(|(t, _)| *t != s)
                        .map(|(t, _)| (e, t))
                });
            let Some((e, to)) = leaving else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    Rule::TransitionFromFinal,
                    format!(
                        "command `{}` is accepted in final state `{}`, and its event `{}` moves the aggregate to `{}`",
                        cat.command_name(c),
                        agg.states[s.index()].text,
                        cat.event_name(e),
                        agg.states[to.index()].text
                    ),
                )
                .at(span, "a final state")
                .with(final_span, "declared final here")
                .help("an aggregate never leaves a final state; remove it from `from` or from `final`, or let the command record events that keep the state"),
            );
        }
    }
}

/// States reachable from `initial` through accepted commands and the events they record.
pub(crate) fn reachable_states(
    cat: &Catalog,
    id: AggregateId,
    initial: StateId,
) -> HashSet<StateId> {
    let agg = cat.aggregate(id);
    let mut seen = HashSet::from([initial]);
    let mut stack = vec![initial];
    while let Some(state) = stack.pop() {
        for &c in &agg.commands {
            for next in cat.next_states(c, state) {
                if seen.insert(next) {
                    stack.push(next);
                }
            }
        }
    }
    seen
}
