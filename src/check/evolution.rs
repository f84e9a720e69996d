//! Version chains: each version's schema and examples, each step against its compatibility
//! mode (`compat-breaking`, `compat-unknown`), the upcast operations (`upcast-invalid`,
//! `upcast-missing`), the proof that upcasts bridge the changes (`upcast-proof-failed`), and
//! for a public event that each step keeps its outside readers working (`public.rs`).
//! Each event is checked on its own, in parallel.

use super::proof::{Samples, prove};
use super::public;
use super::schemas::{Job, check_schema};
use super::step_help::step_help;
use super::upcast_ops::static_checks;
use crate::compat::{self, Direction, Effect, Mode, Profile};
use crate::cost::Bounded;
use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, Event, EventId, Json, Reader};
use crate::upcast::Upcaster;
use rayon::prelude::*;
use serde_json::Value;

pub(super) fn check(cat: &Catalog) -> Vec<Diagnostic> {
    let readers = cat.outside_readers();
    (0..cat.events.len())
        .into_par_iter()
        .flat_map_iter(|i| event(cat, EventId::new(i), &readers[i]))
        .collect()
}

fn event(cat: &Catalog, id: EventId, readers: &[Reader]) -> Vec<Diagnostic> {
    let e = cat.event(id);
    let name = cat.event_name(id);
    let mut out = Vec::new();
    let public = public::visibility(cat, id, readers, &mut out);
    let mut validators = Vec::new();
    for v in &e.versions {
        let Some(schema) = &v.schema else {
            validators.push(None);
            continue;
        };
        let job = Job {
            owner: format!("`{name}` v{}", v.number),
            schema,
            payloads: v
                .examples
                .iter()
                .map(|x| (x, "example".to_string()))
                .collect(),
        };
        let (found, validator) = check_schema(&job);
        out.extend(found);
        validators.push(validator);
    }
    // Steps are checked only on a clean, ordered chain whose schemas all compile.
    let ordered = e
        .versions
        .iter()
        .enumerate()
        .all(|(i, v)| v.number == i as u64 + 1);
    if !ordered || validators.iter().any(Option::is_none) {
        return out;
    }
    let values: Vec<Value> = e
        .versions
        .iter()
        .filter_map(|v| v.schema.as_ref().map(Json::value))
        .collect();
    let upcaster = Upcaster::new();
    let mut pool = Samples::new(&values, &validators);
    for i in 1..e.versions.len() {
        let v = &e.versions[i];
        let (mode, transitive) = Mode::of(cat.step_mode(e, v));
        let earlier: Vec<usize> = if transitive {
            (0..i).collect()
        } else {
            vec![i - 1]
        };
        let mut bridged_needed = false;
        for &j in &earlier {
            // An upcast somewhere on the path from v(j) to v(i) may bridge a backward break.
            let has_upcast = e.versions[j + 1..=i].iter().any(|x| !x.upcast.is_empty());
            let mut report = compat::check(&values[j], &values[i], mode, cat.profile);
            witnesses(&mut report, e, &mut pool, (&values, &validators), j, i);
            for f in &report.findings {
                if f.effect == Effect::Unknown && cat.profile == Profile::Lenient {
                    continue;
                }
                let backward = f.direction == Direction::Backward;
                if backward && has_upcast {
                    bridged_needed = true;
                    if let Some(w) = &f.witness {
                        pool.witness(e, j, w.clone());
                    }
                    continue;
                }
                out.push(step_finding(&name, e, j, i, mode, f));
            }
        }
        if mode == Mode::None || (mode == Mode::Forward && !v.upcast.is_empty()) {
            // Upcasts bridge the backward direction, which this mode does not check: find its
            // witnesses for the proof.
            let mut report = compat::check(&values[i - 1], &values[i], Mode::Backward, cat.profile);
            if !v.upcast.is_empty() {
                witnesses(&mut report, e, &mut pool, (&values, &validators), i - 1, i);
                for w in report.findings.iter().filter_map(|f| f.witness.clone()) {
                    pool.witness(e, i - 1, w);
                }
            }
            if mode == Mode::None && v.upcast.is_empty() && report.fails() {
                let schema = v.schema.as_ref().map_or(v.span, Json::span);
                let mut d = Diagnostic::new(
                    Rule::UpcastMissing,
                    format!(
                        "`{name}` v{} is declared breaking but has no upcast, so stored v{} events cannot be read",
                        v.number,
                        e.versions[i - 1].number
                    ),
                )
                .at(v.span, "breaking version")
                .with(schema, "this schema");
                if let Some(f) = report.findings.first() {
                    d = d.help(format!(
                        "add `upcast:` operations; first difference: {} ({})",
                        f.message, f.rule
                    ));
                }
                out.push(d);
            }
        }
        if !v.upcast.is_empty() {
            out.extend(static_checks(
                &upcaster,
                &name,
                &e.versions[i - 1],
                v,
                &values[i - 1],
                &values[i],
            ));
        }
        if !v.upcast.is_empty() || bridged_needed {
            out.extend(prove(&upcaster, &name, e, i, &mut pool));
        }
        if public {
            out.extend(public::step(
                cat,
                (&name, e),
                i,
                (&values, &validators),
                readers,
            ));
        }
    }
    out
}

fn pair<'a>(
    values: &'a [Value],
    validators: &'a [Option<Bounded>],
    j: usize,
    i: usize,
    old_samples: &'a [Value],
) -> compat::witness::Pair<'a> {
    compat::witness::Pair {
        old: &values[j],
        new: &values[i],
        old_validator: validators[j]
            .as_ref()
            .expect("checked: every schema compiles"),
        new_validator: validators[i]
            .as_ref()
            .expect("checked: every schema compiles"),
        old_samples,
    }
}

/// Gives the breaking findings of a step from version `j` their witnesses, starting from the
/// payloads the proof uses for `j`.
fn witnesses(
    report: &mut compat::Report,
    e: &Event,
    pool: &mut Samples<'_>,
    (values, validators): (&[Value], &[Option<Bounded>]),
    j: usize,
    i: usize,
) {
    if !report.findings.iter().any(|f| f.effect == Effect::Breaking) {
        return;
    }
    let bases = pool.payloads(e, j);
    report.find_witnesses(&pair(values, validators, j, i, bases));
}

fn step_finding(
    name: &str,
    e: &Event,
    j: usize,
    i: usize,
    mode: Mode,
    f: &compat::Finding,
) -> Diagnostic {
    let (old, new) = (&e.versions[j], &e.versions[i]);
    let (Some(old_schema), Some(new_schema)) = (&old.schema, &new.schema) else {
        return Diagnostic::new(Rule::CompatBreaking, f.message.clone()).at(new.span, "");
    };
    let rule = if f.effect == Effect::Breaking {
        Rule::CompatBreaking
    } else {
        Rule::CompatUnknown
    };
    let what = if f.effect == Effect::Breaking {
        "is not"
    } else {
        "may not be"
    };
    Diagnostic::new(
        rule,
        format!(
            "`{name}` v{} {what} {} compatible with v{}: {} [{}]",
            new.number,
            mode.name(),
            old.number,
            f.message,
            f.rule
        ),
    )
    .at(
        new_schema.span_at(&f.new_pointer, true),
        format!("in v{}", new.number),
    )
    .with(
        old_schema.span_at(&f.old_pointer, true),
        format!("in v{}", old.number),
    )
    .help(step_help(f, old.number, new.number))
}
