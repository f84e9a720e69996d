//! Upcast proofs: older versions' examples, payloads synthesised from their schemas, and the
//! witnesses the compatibility check found for each breaking step are run through the upcast
//! chain and must validate against the newer schema (`upcast-proof-failed`).

use super::step_help::short;
use super::upcast_ops::{op_at, op_span};
use crate::compat::synth;
use crate::cost::Bounded;
use crate::diag::{Diagnostic, Rule};
use crate::model::Event;
use crate::upcast::Upcaster;
use serde_json::Value;

/// Payloads of each version to prove upcasts with: its examples, then the synthesised samples
/// its own schema accepts, each with what it is. Built once per version, on first use.
pub(super) struct Samples<'a> {
    values: &'a [Value],
    validators: &'a [Option<Bounded>],
    payloads: Vec<Option<Vec<Value>>>,
    kinds: Vec<Vec<&'static str>>,
}

impl<'a> Samples<'a> {
    pub(super) fn new(values: &'a [Value], validators: &'a [Option<Bounded>]) -> Self {
        Samples {
            values,
            validators,
            payloads: vec![None; values.len()],
            kinds: vec![Vec::new(); values.len()],
        }
    }

    /// Adds a payload of version `j` that the compatibility check found breaking the step.
    pub(super) fn witness(&mut self, e: &Event, j: usize, value: Value) {
        self.build(e, j);
        if let Some(payloads) = &mut self.payloads[j]
            && !payloads.contains(&value)
        {
            payloads.push(value);
            self.kinds[j].push("stored payload that breaks the step");
        }
    }

    /// The payloads of version `j` (examples and synthesised samples).
    pub(super) fn payloads(&mut self, e: &Event, j: usize) -> &[Value] {
        self.build(e, j);
        self.payloads[j].as_deref().unwrap_or_default()
    }

    fn build(&mut self, e: &Event, j: usize) {
        if self.payloads[j].is_some() {
            return;
        }
        let mut payloads = Vec::new();
        let mut kinds = Vec::new();
        if let Some(own) = self.validators[j].as_ref() {
            payloads.extend(e.versions[j].examples.iter().map(|x| x.value()));
            kinds.resize(payloads.len(), "example");
            payloads.extend(
                synth::samples(&self.values[j])
                    .into_iter()
                    .filter(|s| own.is_valid(s) == Ok(true)),
            );
            kinds.resize(payloads.len(), "synthesised sample");
        }
        self.payloads[j] = Some(payloads);
        self.kinds[j] = kinds;
    }

    /// The payloads of version `j` with what each is; [`Samples::build`] must have run.
    fn built(&self, j: usize) -> impl Iterator<Item = (&Value, &'static str)> {
        let payloads = self.payloads[j].as_deref().unwrap_or_default();
        payloads.iter().zip(self.kinds[j].iter().copied())
    }
}

/// Runs the upcast chain over every older version's samples and validates the results.
pub(super) fn prove(
    up: &Upcaster,
    name: &str,
    e: &Event,
    i: usize,
    pool: &mut Samples<'_>,
) -> Vec<Diagnostic> {
    let Some(target) = pool.validators[i].as_ref() else {
        return Vec::new();
    };
    let v = &e.versions[i];
    let mut out = Vec::new();
    for j in 0..i {
        pool.build(e, j);
    }
    let pool = &*pool;
    for j in 0..i {
        let older = &e.versions[j];
        for (sample, kind) in pool.built(j) {
            let mut payload = sample.clone();
            let mut failed = None;
            for step in &e.versions[j + 1..=i] {
                if let Err(err) = up.apply(&step.upcast, &mut payload) {
                    failed = Some((step, err));
                    break;
                }
            }
            if let Some((step, err)) = failed {
                let at = op_at(&step.upcast, &err.op)
                    .and_then(op_span)
                    .unwrap_or(step.span);
                out.push(
                    Diagnostic::new(
                        Rule::UpcastProofFailed,
                        format!(
                            "`{name}` v{} upcast fails on a v{} {kind}: {err}",
                            step.number, older.number
                        ),
                    )
                    .at(at, "this operation")
                    .with(
                        older.span,
                        format!("v{} sample: {}", older.number, short(sample)),
                    ),
                );
                break;
            }
            let errors = match target.errors(&payload) {
                Ok(errors) => errors,
                Err(refused) => {
                    out.push(
                        Diagnostic::new(
                            Rule::UpcastProofFailed,
                            format!(
                                "a v{} {kind} upcast to v{} could not be checked: {refused}",
                                older.number, v.number
                            ),
                        )
                        .at(v.span, "this version"),
                    );
                    break;
                }
            };
            if let Some(error) = errors.first() {
                let schema = v
                    .schema
                    .as_ref()
                    .map_or(v.span, |s| s.span_at(error.schema_path().as_str(), true));
                let op = v.upcast.first().and_then(op_span).unwrap_or(v.span);
                out.push(
                    Diagnostic::new(
                        Rule::UpcastProofFailed,
                        format!(
                            "a v{} {kind}, upcast to v{}, is not valid v{}: {} (sample {} became {})",
                            older.number,
                            v.number,
                            v.number,
                            error,
                            short(sample),
                            short(&payload)
                        ),
                    )
                    .at(schema, format!("v{} rejects it here", v.number))
                    .with(op, "upcast applied")
                    .help("make the upcast produce what the new schema requires for this payload too: `add` keeps a value already stored, so clear it first with `remove`, or compute it with `set`; or relax the schema"),
                );
                break;
            }
        }
    }
    out
}
