//! `version-sequence`: versions run 1, 2, 3… in the order written.

use crate::diag::{Diagnostic, Rule};
use crate::model::Catalog;

pub(super) fn check(cat: &Catalog, out: &mut Vec<Diagnostic>) {
    for (i, event) in cat.events.iter().enumerate() {
        let name = cat.event_name(crate::model::EventId::new(i));
        for (pos, version) in event.versions.iter().enumerate() {
            let expected = pos as u64 + 1;
            if version.number == expected {
                continue;
            }
            let mut diag = Diagnostic::new(
                Rule::VersionSequence,
                format!("version {} of `{name}` should be version {expected}", version.number),
            )
            .at(version.span, format!("expected {expected}"))
            .help("versions start at 1 and go up by one, in order; a released version is never renumbered");
            if pos > 0 {
                diag = diag.with(event.versions[pos - 1].span, "previous version");
            }
            out.push(diag);
            break;
        }
    }
}
