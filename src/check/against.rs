//! `validate --against`: what changed since a previous release. Released versions are
//! immutable (`version-changed`, `breaking-change-in-place`), events and versions are never
//! removed (`event-removed`, `event-renamed`, `version-removed`), and modes never loosen
//! (`compatibility-loosened`).

use crate::compat::{self, Mode};
use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, Event, EventId, UpcastOp};
use crate::source::{FileId, Span};

/// Compares the current catalog with the previous one, whose file ids are `offset` higher in
/// the shared source map.
pub fn compare(old: &Catalog, new: &Catalog, offset: u32) -> Vec<Diagnostic> {
    let shift = |s: Span| Span {
        file: FileId(s.file.0.saturating_add(offset)),
        ..s
    };
    let mut out = Vec::new();
    let new_names: Vec<String> = (0..new.events.len())
        .map(|i| new.event_name(EventId::new(i)))
        .collect();
    let old_names: Vec<String> = (0..old.events.len())
        .map(|i| old.event_name(EventId::new(i)))
        .collect();
    for (i, oe) in old.events.iter().enumerate() {
        let name = &old_names[i];
        let Some(j) = new_names.iter().position(|n| n == name) else {
            let renamed = new
                .events
                .iter()
                .enumerate()
                .find(|(j, ne)| !old_names.contains(&new_names[*j]) && same_history(oe, ne));
            out.push(match renamed {
                Some((j, ne)) => Diagnostic::new(Rule::EventRenamed, format!("event `{name}` was renamed to `{}`", new_names[j]))
                    .at(ne.name.span, "new name")
                    .with(shift(oe.name.span), "released name")
                    .help("stored events carry the released name: keep it, or add the new event beside the old one"),
                None => Diagnostic::new(Rule::EventRemoved, format!("event `{name}` was removed"))
                    .at(shift(oe.name.span), "released here")
                    .help("stored events of this type still exist: keep the event and its versions"),
            });
            continue;
        };
        let ne = &new.events[j];
        for ov in &oe.versions {
            let Some(nv) = ne.versions.iter().find(|v| v.number == ov.number) else {
                out.push(
                    Diagnostic::new(
                        Rule::VersionRemoved,
                        format!("version {} of `{name}` was removed", ov.number),
                    )
                    .at(ne.name.span, "event now")
                    .with(shift(ov.span), "released version")
                    .help("stored events of this version still exist: keep it"),
                );
                continue;
            };
            let (old_schema, new_schema) = (
                ov.schema.as_ref().map(|s| s.value()),
                nv.schema.as_ref().map(|s| s.value()),
            );
            if old_schema != new_schema {
                let (mode, _) = Mode::of(new.step_mode(ne, nv));
                let mode = if mode == Mode::None {
                    Mode::Backward
                } else {
                    mode
                };
                let report = match (&old_schema, &new_schema) {
                    (Some(a), Some(b)) => Some(compat::check(a, b, mode, new.profile)),
                    _ => None,
                };
                let breaking = report.as_ref().is_none_or(compat::Report::fails);
                let (rule, what) = if breaking {
                    (
                        Rule::BreakingChangeInPlace,
                        "changed incompatibly without a new version",
                    )
                } else {
                    (Rule::VersionChanged, "changed after release")
                };
                let first = report.as_ref().and_then(|r| r.findings.first());
                let (now, then) = match (first, &nv.schema, &ov.schema) {
                    (Some(f), Some(n), Some(o)) => (
                        n.span_at(&f.new_pointer, true),
                        o.span_at(&f.old_pointer, true),
                    ),
                    _ => (
                        nv.schema.as_ref().map_or(nv.span, |s| s.span()),
                        ov.schema.as_ref().map_or(ov.span, |s| s.span()),
                    ),
                };
                let detail = first
                    .map(|f| format!(": {} [{}]", f.message, f.rule))
                    .unwrap_or_default();
                out.push(
                    Diagnostic::new(
                        rule,
                        format!("the schema of `{name}` v{} {what}{detail}", nv.number),
                    )
                    .at(now, "schema now")
                    .with(shift(then), "released schema")
                    .help(format!(
                        "released versions are immutable: restore it and add version {}",
                        ne.versions.len() + 1
                    )),
                );
            }
            if UpcastOp::written(&ov.upcast) != UpcastOp::written(&nv.upcast) {
                out.push(
                    Diagnostic::new(Rule::VersionChanged, format!("the upcast of `{name}` v{} changed after release", nv.number))
                        .at(nv.span, "version now")
                        .with(shift(ov.span), "released version")
                        .help("events already upcast by readers would differ; restore it and add a new version"),
                );
            }
            let (was, now) = (old.step_mode(oe, ov), new.step_mode(ne, nv));
            if ov.number > 1 && !implies(Mode::of(now), Mode::of(was)) {
                let at = nv
                    .compatibility
                    .or(ne.compatibility)
                    .map(|(_, s)| s)
                    .or(new.default_compatibility_span)
                    .unwrap_or(nv.span);
                let mut d = Diagnostic::new(
                    Rule::CompatibilityLoosened,
                    format!("the mode of `{name}` v{} was loosened from {} to {}", nv.number, was.name(), now.name()),
                )
                .at(at, "mode now")
                .help("a looser mode lets changes through that deployed readers rely on; restore the mode");
                let released = ov
                    .compatibility
                    .or(oe.compatibility)
                    .map(|(_, s)| s)
                    .or(old.default_compatibility_span);
                if let Some(s) = released {
                    d = d.with(shift(s), "released mode");
                }
                out.push(d);
            }
        }
    }
    out
}

/// Whether the new mode checks at least what the old one did.
fn implies(new: (Mode, bool), old: (Mode, bool)) -> bool {
    let dirs = |m: Mode| match m {
        Mode::None => (false, false),
        Mode::Backward => (true, false),
        Mode::Forward => (false, true),
        Mode::Full => (true, true),
    };
    let (nb, nf) = dirs(new.0);
    let (ob, of) = dirs(old.0);
    (nb || !ob) && (nf || !of) && (new.1 || !old.1 || old.0 == Mode::None)
}

/// Whether two events have the same versions, so one is the other renamed.
fn same_history(a: &Event, b: &Event) -> bool {
    a.versions.len() == b.versions.len()
        && a.versions.iter().zip(&b.versions).all(|(x, y)| {
            x.schema.as_ref().map(|s| s.value()) == y.schema.as_ref().map(|s| s.value())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_loosen_when_a_direction_or_transitivity_is_dropped() {
        assert!(implies((Mode::Full, true), (Mode::Backward, false)));
        assert!(!implies((Mode::Backward, false), (Mode::Backward, true)));
        assert!(!implies((Mode::Forward, true), (Mode::Backward, true)));
        assert!(!implies((Mode::None, false), (Mode::Backward, false)));
        assert!(implies((Mode::Backward, false), (Mode::None, false)));
    }
}
