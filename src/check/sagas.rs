//! Saga rules: `saga-shape`, `correlation-field-missing`.

use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, SagaStyle};

pub(super) fn check(cat: &Catalog, out: &mut Vec<Diagnostic>) {
    for saga in &cat.sagas {
        let name = &saga.name.text;
        let shape = |msg: String, help: &str| {
            Diagnostic::new(Rule::SagaShape, msg)
                .at(saga.name.span, "this saga")
                .help(help.to_string())
        };
        match saga.style {
            SagaStyle::Orchestration if saga.steps.is_empty() => out.push(shape(
                format!("orchestration saga `{name}` has no steps"),
                "list the commands to run under `steps`, or use `style: choreography`",
            )),
            SagaStyle::Choreography
                if !saga.steps.is_empty()
                    || !saga.on_complete.is_empty()
                    || !saga.on_abort.is_empty() =>
            {
                out.push(shape(
                    format!("choreography saga `{name}` has `steps`, `on_complete` or `on_abort`"),
                    "a choreography follows `triggers`; use `style: orchestration` to run steps",
                ))
            }
            _ => {}
        }
        if saga.completes_on.is_empty() {
            out.push(shape(
                format!("saga `{name}` never completes"),
                "name the event that ends it successfully in `completes_on`",
            ));
        }
        for (e, span) in &saga.completes_on {
            if let Some((_, other)) = saga.aborts_on.iter().find(|(a, _)| a == e) {
                out.push(
                    Diagnostic::new(
                        Rule::SagaShape,
                        format!(
                            "`{}` both completes and aborts saga `{name}`",
                            cat.event_name(*e)
                        ),
                    )
                    .at(*span, "in completes_on")
                    .with(*other, "in aborts_on")
                    .help("a run ends one way: keep the event in one list"),
                );
            }
        }
        for &(c, _, span) in &saga.retries {
            let command = cat.command(c);
            if !command
                .fails
                .iter()
                .any(|(e, _)| cat.event(*e).retry_possible)
            {
                out.push(shape(
                    format!(
                        "saga `{name}` retries `{}`, which declares no failure that may not happen again",
                        cat.command_name(c)
                    ),
                    "mark the transient failure event `retry_possible: true`, or remove the retry",
                ).at(span, "retried here"));
            }
        }
        let Some((start, start_span)) = saga.start else {
            continue;
        };
        if cat.where_recorded(start).is_none() {
            out.push(
                Diagnostic::new(
                    Rule::SagaShape,
                    format!(
                        "saga `{name}` starts on `{}`, which its aggregate never records",
                        cat.event_name(start)
                    ),
                )
                .at(start_span, "start event")
                .help("no state reachable from `initial` accepts a command that records it; fix the lifecycle, or start the saga on another event"),
            );
        }
        let Some(schema) = cat.event(start).latest().and_then(|v| v.schema.as_ref()) else {
            continue;
        };
        if super::mapping::field(&schema.value(), &saga.correlation.text).is_none() {
            out.push(
                Diagnostic::new(
                    Rule::CorrelationFieldMissing,
                    format!(
                        "correlation field `{}` of saga `{name}` is not in the latest schema of `{}`",
                        saga.correlation.text,
                        cat.event_name(start)
                    ),
                )
                .at(saga.correlation.span, "correlation field")
                .with(start_span, "start event")
                .help("add the field to the start event's schema, or correlate on a field it has"),
            );
        }
    }
}
