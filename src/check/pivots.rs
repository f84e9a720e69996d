//! `irreversible-step`: a saga step nothing undoes, which a step that can fail or time out may
//! follow, lets the saga abort with an effect in place. A step declared `pivot: true` is that
//! point of no return on purpose; then the steps after it must not fail.

use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, CommandId, Effects, SagaId, SagaStyle};
use crate::source::Span;

pub(super) fn check(cat: &Catalog, out: &mut Vec<Diagnostic>) {
    for i in 0..cat.sagas.len() {
        let id = SagaId::new(i);
        let effects = Effects::new(cat, id);
        let order = match cat.sagas[i].style {
            SagaStyle::Orchestration => steps(cat, id),
            SagaStyle::Choreography => happy_path(cat, id),
        };
        for (n, &(c, span)) in order.iter().enumerate() {
            let after = || order[n + 1..].iter().filter(|(d, _)| can_fail(cat, id, *d));
            if effects.is_pivot(c) {
                for &(d, at) in after() {
                    out.push(after_pivot(cat, id, c, span, d, at));
                }
            } else if effects.is_irreversible(c)
                && let Some(&(d, at)) = after().next()
            {
                out.push(irreversible(cat, id, c, span, d, at));
            }
        }
    }
}

/// An orchestration's steps, in order.
fn steps(cat: &Catalog, saga: SagaId) -> Vec<(CommandId, Span)> {
    cat.sagas[saga.index()]
        .steps
        .iter()
        .map(|s| (s.command, s.span))
        .collect()
}

/// A choreography's commands in the order the happy path sends them: breadth first from the
/// start event through each command's `emits` and their `triggers`.
fn happy_path(cat: &Catalog, saga: SagaId) -> Vec<(CommandId, Span)> {
    let Some((start, _)) = cat.sagas[saga.index()].start else {
        return Vec::new();
    };
    let mut order: Vec<(CommandId, Span)> = Vec::new();
    let mut events = std::collections::VecDeque::from([start]);
    let mut seen = vec![false; cat.events.len()];
    seen[start.index()] = true;
    while let Some(e) = events.pop_front() {
        for t in &cat.event(e).triggers {
            if order.iter().any(|(c, _)| *c == t.command) {
                continue;
            }
            order.push((t.command, t.span));
            for &(next, _) in &cat.command(t.command).emits {
                if !std::mem::replace(&mut seen[next.index()], true) {
                    events.push_back(next);
                }
            }
        }
    }
    order
}

/// A command that can fail (it declares `fails`) or time out in this saga.
fn can_fail(cat: &Catalog, saga: SagaId, c: CommandId) -> bool {
    let s = &cat.sagas[saga.index()];
    !cat.command(c).fails.is_empty()
        || s.timeouts.iter().any(|(t, _, _)| *t == c)
        || s.steps
            .iter()
            .any(|st| st.command == c && st.timeout.is_some())
}

fn how(cat: &Catalog, c: CommandId) -> &'static str {
    if cat.command(c).fails.is_empty() {
        "can time out"
    } else {
        "can fail"
    }
}

fn irreversible(
    cat: &Catalog,
    saga: SagaId,
    c: CommandId,
    span: Span,
    d: CommandId,
    at: Span,
) -> Diagnostic {
    let (name, later) = (cat.command_name(c), cat.command_name(d));
    Diagnostic::new(
        Rule::IrreversibleStep,
        format!(
            "saga `{}` can abort after `{name}` succeeded, and nothing undoes it",
            cat.sagas[saga.index()].name.text
        ),
    )
    .at(span, "no compensation")
    .with(at, format!("`{later}` may follow and {}", how(cat, d)))
    .help(format!(
        "give `{name}` a `compensated_by` (or the step a `compensation`), send it after every step that can fail, or declare it `pivot: true` if it is the point of no return"
    ))
}

fn after_pivot(
    cat: &Catalog,
    saga: SagaId,
    pivot: CommandId,
    span: Span,
    d: CommandId,
    at: Span,
) -> Diagnostic {
    let later = cat.command_name(d);
    Diagnostic::new(
        Rule::IrreversibleStep,
        format!(
            "`{later}` follows the pivot `{}` of saga `{}` and {}",
            cat.command_name(pivot),
            cat.sagas[saga.index()].name.text,
            how(cat, d)
        ),
    )
    .at(at, "after the pivot")
    .with(span, "the pivot")
    .help("steps after a pivot must not fail: move this step before the pivot, or make it retried until it succeeds")
}
