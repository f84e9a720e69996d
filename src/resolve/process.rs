//! Sagas, projections and scenarios: names, references, durations and outcomes.

use super::{Doc, RefKind, Resolver};
use crate::diag::{Diagnostic, Rule};
use crate::model::{
    AggregateId, CommandId, EventId, ExpectedRow, Json, Name, Outcome, Projection,
    ProjectionHandler, ProjectionId, Saga, SagaId, SagaStep, Scenario,
};
use crate::source::{FileId, Span};
use crate::syntax::{self, Sp};
use std::collections::HashMap;
use std::time::Duration;

pub(super) fn resolve_processes(r: &mut Resolver<'_>, docs: &[Doc<'_>]) {
    let mut sagas: HashMap<String, SagaId> = HashMap::new();
    for doc in docs {
        for (key, saga) in doc.sagas.iter() {
            let name = r.name(doc.file, key);
            if !r.check_name(&name, "saga") {
                continue;
            }
            if let Some(first) = sagas.get(&name.text) {
                let first = r.cat.sagas[first.index()].name.span;
                r.diags.push(super::domain::duplicate("saga", &name, first));
                continue;
            }
            sagas.insert(name.text.clone(), SagaId::new(r.cat.sagas.len()));
            let resolved = resolve_saga(r, doc.file, name, saga);
            r.cat.sagas.push(resolved);
        }
    }
    let mut projections: HashMap<String, Span> = HashMap::new();
    for doc in docs {
        for (key, projection) in doc.projections.iter() {
            let name = r.name(doc.file, key);
            if !r.check_name(&name, "projection") {
                continue;
            }
            if let Some(first) = projections.get(&name.text) {
                r.diags
                    .push(super::domain::duplicate("projection", &name, *first));
                continue;
            }
            projections.insert(name.text.clone(), name.span);
            let resolved = resolve_projection(r, doc.file, name, projection);
            r.cat.projections.push(resolved);
        }
    }
    let mut scenarios: HashMap<String, Span> = HashMap::new();
    for doc in docs {
        for (key, scenario) in doc.scenarios.iter() {
            let name = r.name(doc.file, key);
            if !crate::resolve::names::is_identifier(&name.text) {
                r.diags.push(
                    Diagnostic::new(
                        Rule::InvalidName,
                        format!(
                            "invalid scenario name: `{}` is not an identifier",
                            crate::resolve::names::escape(&name.text)
                        ),
                    )
                    .at(name.span, "this name")
                    .help("use letters, digits and `_`, such as `payment_declined`"),
                );
                continue;
            }
            if let Some(first) = scenarios.get(&name.text) {
                r.diags
                    .push(super::domain::duplicate("scenario", &name, *first));
                continue;
            }
            scenarios.insert(name.text.clone(), name.span);
            let resolved = resolve_scenario(r, doc.file, name, scenario, &sagas);
            r.cat.scenarios.push(resolved);
        }
    }
}

fn event(r: &mut Resolver<'_>, file: FileId, s: &Sp<String>) -> Option<(EventId, Span)> {
    let name = r.name(file, s);
    r.lookup(RefKind::Event, &name, None)
        .map(|i| (EventId::new(i), name.span))
}

fn command(r: &mut Resolver<'_>, file: FileId, s: &Sp<String>) -> Option<(CommandId, Span)> {
    let name = r.name(file, s);
    r.lookup(RefKind::Command, &name, None)
        .map(|i| (CommandId::new(i), name.span))
}

/// Parses `500ms`, `30s`, `5m`, `2h` or `1d`.
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (digits, unit) = text.split_at(split);
    let n: u64 = digits.parse().ok()?;
    let ms = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return None,
    };
    n.checked_mul(ms).map(Duration::from_millis)
}

fn duration(r: &mut Resolver<'_>, file: FileId, s: &Sp<String>) -> Option<Duration> {
    let parsed = parse_duration(&s.value);
    if parsed.is_none() {
        r.diags.push(
            Diagnostic::new(
                Rule::InvalidDuration,
                format!(
                    "`{}` is not a duration",
                    crate::resolve::names::escape(&s.value)
                ),
            )
            .at(s.pos.in_file(file), "this value")
            .help("write a whole number and a unit: `500ms`, `30s`, `5m`, `2h` or `1d`"),
        );
    }
    parsed
}

fn resolve_saga(r: &mut Resolver<'_>, file: FileId, name: Name, s: &syntax::Saga) -> Saga {
    let start = event(r, file, &s.start);
    let completes_on = s
        .completes_on
        .iter()
        .filter_map(|e| event(r, file, e))
        .collect();
    let aborts_on = s
        .aborts_on
        .iter()
        .filter_map(|e| event(r, file, e))
        .collect();
    let mut timeouts = Vec::new();
    for (k, v) in s.timeouts.iter() {
        let c = command(r, file, k);
        let d = duration(r, file, v);
        if let (Some((c, span)), Some(d)) = (c, d) {
            timeouts.push((c, d, span));
        }
    }
    let mut retries = Vec::new();
    for (k, v) in s.retries.iter() {
        if let Some((c, span)) = command(r, file, k) {
            retries.push((c, v.value.min(u64::from(MAX_RETRIES)) as u8, span));
        }
    }
    let mut steps = Vec::new();
    for step in &s.steps {
        let c = command(r, file, &step.command);
        let timeout = step.timeout.as_ref().and_then(|t| duration(r, file, t));
        let explicit = step
            .compensation
            .as_ref()
            .and_then(|c| command(r, file, c))
            .map(|(c, _)| c);
        if let Some((c, span)) = c {
            let compensation =
                explicit.or_else(|| r.cat.commands[c.index()].compensated_by.map(|(c, _)| c));
            let pivot = step.pivot || r.cat.commands[c.index()].pivot;
            steps.push(SagaStep {
                command: c,
                span,
                timeout,
                compensation,
                pivot,
            });
        }
    }
    let on_complete = s
        .on_complete
        .iter()
        .filter_map(|c| command(r, file, c))
        .collect();
    let on_abort = s
        .on_abort
        .iter()
        .filter_map(|c| command(r, file, c))
        .collect();
    let mut allow_open = Vec::new();
    for a in &s.allow_open {
        let agg_name = r.name(file, a);
        if let Some(id) = r.lookup(RefKind::Aggregate, &agg_name, None) {
            allow_open.push((AggregateId::new(id), agg_name.span));
        }
    }
    Saga {
        allow_open,
        span: name.span,
        name,
        description: s.description.clone(),
        style: s.style.value,
        start,
        correlation: r.name(file, &s.correlation),
        completes_on,
        aborts_on,
        timeouts,
        retries,
        steps,
        on_complete,
        on_abort,
    }
}

/// Most retries the simulator explores per command; more change no verdict, only the length
/// of runs.
pub const MAX_RETRIES: u8 = 8;

fn resolve_projection(
    r: &mut Resolver<'_>,
    file: FileId,
    name: Name,
    p: &syntax::Projection,
) -> Projection {
    let fields = super::fields::typed(r, file, "projection field", &p.fields, &[]);
    let mut handlers = Vec::new();
    for (k, h) in p.on.iter() {
        let Some((ev, span)) = event(r, file, k) else {
            continue;
        };
        let owner = format!("projection `{}`", name.text);
        let set = super::fields::assignments(r, file, &owner, &name, &fields, &h.set);
        handlers.push(ProjectionHandler {
            event: ev,
            span,
            set,
            delete: h.delete,
        });
    }
    Projection {
        key: r.name(file, &p.key),
        name,
        description: p.description.clone(),
        fields,
        handlers,
    }
}

fn resolve_scenario(
    r: &mut Resolver<'_>,
    file: FileId,
    name: Name,
    s: &syntax::Scenario,
    sagas: &HashMap<String, SagaId>,
) -> Scenario {
    let saga_name = r.name(file, &s.saga);
    let saga = sagas.get(&saga_name.text).copied();
    if saga.is_none() {
        let names: Vec<&str> = sagas.keys().map(String::as_str).collect();
        let mut d = Diagnostic::new(
            Rule::UnresolvedReference,
            format!(
                "unknown saga `{}`",
                crate::resolve::names::escape(&saga_name.text)
            ),
        )
        .at(saga_name.span, "no saga with this name");
        d.help = crate::diag::did_you_mean(&saga_name.text, names)
            .map(|s| format!("did you mean `{s}`?"));
        r.diags.push(d);
    }
    let mut outcomes = Vec::new();
    for (k, v) in s.outcomes.iter() {
        let Some((c, span)) = command(r, file, k) else {
            continue;
        };
        let per_attempt: Vec<Outcome> = v.0.iter().filter_map(|v| outcome(r, file, c, v)).collect();
        if per_attempt.len() == v.0.len() && !per_attempt.is_empty() {
            outcomes.push((c, per_attempt, span));
        }
    }
    let mut expect_commands = Vec::new();
    let mut expect_states = Vec::new();
    let mut expect_result = None;
    let mut expect_rows = Vec::new();
    if let Some(e) = &s.expect {
        expect_rows = expected_rows(r, file, e);
        expect_result = e.result.as_ref().map(|x| x.value);
        expect_commands = e
            .commands
            .iter()
            .filter_map(|c| command(r, file, c))
            .collect();
        for (k, v) in e.states.iter() {
            let agg_name = r.name(file, k);
            let Some(a) = r.lookup(RefKind::Aggregate, &agg_name, None) else {
                continue;
            };
            let a = AggregateId::new(a);
            let state = r.name(file, v);
            match r.state_named(a, &state.text) {
                Some(st) => expect_states.push((a, st, state.span)),
                None => r.unknown_state(a, &state),
            }
        }
    }
    Scenario {
        name,
        description: s.description.clone(),
        saga,
        start: s.start.as_ref().map(|n| Json::new(n.clone(), file)),
        outcomes,
        expect_result,
        expect_commands,
        expect_states,
        expect_rows,
    }
}

/// `expect.projections`: rows by projection and key, each field one the projection declares.
fn expected_rows(r: &mut Resolver<'_>, file: FileId, e: &syntax::Expect) -> Vec<ExpectedRow> {
    let mut out = Vec::new();
    for (name, rows) in e.projections.iter() {
        let name = r.name(file, name);
        let Some(p) = r
            .cat
            .projections
            .iter()
            .position(|p| p.name.text == name.text)
        else {
            let names: Vec<String> = r
                .cat
                .projections
                .iter()
                .map(|p| p.name.text.clone())
                .collect();
            let mut d = Diagnostic::new(
                Rule::UnresolvedReference,
                format!(
                    "unknown projection `{}`",
                    crate::resolve::names::escape(&name.text)
                ),
            )
            .at(name.span, "no projection with this name");
            d.help = crate::diag::did_you_mean(&name.text, names.iter().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"));
            r.diags.push(d);
            continue;
        };
        for (key, fields) in rows.iter() {
            let key = r.name(file, key);
            let mut row = Vec::new();
            for (field, value) in fields.iter() {
                let field = r.name(file, field);
                let declared = &r.cat.projections[p].fields;
                if !declared.iter().any(|f| f.name.text == field.text) {
                    let names: Vec<&str> = declared.iter().map(|f| f.name.text.as_str()).collect();
                    let mut d = Diagnostic::new(
                        Rule::UnresolvedReference,
                        format!(
                            "projection `{}` has no field `{}`",
                            name.text,
                            crate::resolve::names::escape(&field.text)
                        ),
                    )
                    .at(field.span, "not in the projection's `fields`");
                    d.help = crate::diag::did_you_mean(&field.text, names)
                        .map(|s| format!("did you mean `{s}`?"));
                    r.diags.push(d);
                    continue;
                }
                row.push((field, Json::new(value.clone(), file)));
            }
            out.push(ExpectedRow {
                projection: ProjectionId::new(p),
                key: key.text,
                span: key.span,
                fields: row,
            });
        }
    }
    out
}

fn outcome(r: &mut Resolver<'_>, file: FileId, c: CommandId, v: &Sp<String>) -> Option<Outcome> {
    let span = v.pos.in_file(file);
    let simple = match v.value.as_str() {
        "ok" => Some(Outcome::Ok),
        "fail" => Some(Outcome::Fail(None)),
        "timeout" => Some(Outcome::Timeout),
        "duplicate" => Some(Outcome::Duplicate),
        _ => None,
    };
    if simple.is_some() {
        return simple;
    }
    let Some(wanted) = v.value.strip_prefix("fail:").map(str::trim) else {
        r.diags.push(
            Diagnostic::new(
                Rule::ScenarioOutcome,
                format!(
                    "unknown outcome `{}`",
                    crate::resolve::names::escape(&v.value)
                ),
            )
            .at(span, "this outcome")
            .help("write ok, fail, fail:EventName, timeout or duplicate"),
        );
        return None;
    };
    let fails = &r.cat.commands[c.index()].fails;
    let hit = fails.iter().map(|(e, _)| *e).find(|e| {
        let n = r.cat.event_name(*e);
        n == wanted || n.rsplit('.').next() == Some(wanted)
    });
    if hit.is_none() {
        let command = r.cat.command_name(c);
        let declared: Vec<String> = fails.iter().map(|(e, _)| r.cat.event_name(*e)).collect();
        r.diags.push(
            Diagnostic::new(
                Rule::ScenarioOutcome,
                format!("`{wanted}` is not a failure of `{command}`"),
            )
            .at(span, "this outcome")
            .help(if declared.is_empty() {
                format!("`{command}` declares no `fails`")
            } else {
                format!("declared failures: {}", declared.join(", "))
            }),
        );
    }
    hit.map(|e| Outcome::Fail(Some(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_need_a_unit() {
        assert_eq!(parse_duration("30s"), Some(Duration::from_secs(30)));
        assert_eq!(parse_duration("5m"), Some(Duration::from_secs(300)));
        assert_eq!(parse_duration("250ms"), Some(Duration::from_millis(250)));
        assert_eq!(parse_duration("30"), None);
        assert_eq!(parse_duration("s"), None);
        assert_eq!(parse_duration("99999999999999999999d"), None);
    }
}
