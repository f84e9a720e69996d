//! Aggregate fields checked before anything runs: every `apply` expression compiles, reads
//! only its event's latest payload and `current.<field>` (`apply-unknown-field`), and a value
//! whose type can be told fits its field (`apply-type-mismatch`).

use super::sets::{self, Compiled, Payload, Target, declared};
use crate::diag::{Diagnostic, Rule};
use crate::model::Catalog;
use crate::upcast::Upcaster;

/// Each event's `apply` against its aggregate's fields.
pub(super) fn check(cat: &Catalog, out: &mut Vec<Diagnostic>) {
    let (up, mut compiled) = (Upcaster::new(), Compiled::new());
    for event in cat.events.iter().filter(|e| !e.apply.is_empty()) {
        let aggregate = cat.aggregate(event.aggregate);
        let Some(schema) = event.latest().and_then(|v| v.schema.as_ref()) else {
            continue;
        };
        let owner = format!(
            "{}.{}",
            cat.context(event.context).name.text,
            aggregate.name.text
        );
        let name = format!(
            "{}.{}",
            cat.context(event.context).name.text,
            event.name.text
        );
        let target = Target {
            owner: &owner,
            fields: &aggregate.fields,
            unknown: Rule::ApplyUnknownField,
            mismatch: Rule::ApplyTypeMismatch,
            current: true,
        };
        // A schema that declares no properties says nothing about the payload's fields, so
        // only `current` and constants are judged.
        let declares = declared(schema);
        let payload = Payload {
            event: &name,
            schema,
            declares: &declares,
        };
        let set: Vec<_> = if declares.is_empty() {
            event
                .apply
                .iter()
                .filter(|(_, x)| match up.expression(&x.text) {
                    Ok(c) => c.variables().iter().all(|v| v == "current"),
                    Err(_) => true,
                })
                .cloned()
                .collect()
        } else {
            event.apply.clone()
        };
        sets::check(&up, &mut compiled, &target, &payload, &set, out);
    }
}
