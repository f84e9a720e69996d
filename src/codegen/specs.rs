//! What `gen` makes of a specification: its messages as JSON the generated types read, and
//! the state its history leaves, for the exact error a refused command gives.

use super::context::SpecGen;
use super::types::{doc_text, rust_str, type_name};
use crate::model::{AggregateId, Catalog, EventId, Message, Spec, SpecError, Then};

/// The specifications of one aggregate.
pub(super) fn specs(cat: &Catalog, a: AggregateId) -> Vec<SpecGen> {
    cat.specs
        .iter()
        .filter(|s| s.aggregate == a)
        .map(|s| spec(cat, s))
        .collect()
}

fn spec(cat: &Catalog, s: &Spec) -> SpecGen {
    let agg = cat.aggregate(s.aggregate);
    let mut state = agg.initial.map(|(s, _)| s);
    for g in &s.given {
        if let Some((to, _)) = cat.event(g.id).to {
            state = Some(to);
        }
    }
    let command = &cat.command(s.when.id).name.text;
    let (error, events, fields) = match &s.then {
        Then::Error(e, _) => (
            Some(match e {
                SpecError::NotAccepted => "not-accepted",
                SpecError::Refused => "refused",
            }),
            Vec::new(),
            Vec::new(),
        ),
        Then::Events { events, fields, .. } => (
            None,
            events.iter().map(|m| stored(cat, m)).collect(),
            fields
                .iter()
                .map(|(n, v)| (n.text.clone(), rust_str(&v.value().to_string())))
                .collect(),
        ),
    };
    SpecGen {
        name: s.name.text.clone(),
        doc: s.description.as_deref().map(doc_text),
        given: s.given.iter().map(|m| stored(cat, m)).collect(),
        when: rust_str(&serde_json::json!({ command.clone(): s.when.payload.value() }).to_string()),
        command: command.clone(),
        error: error.map(str::to_string),
        state: state.map_or_else(String::new, |st| type_name(&agg.states[st.index()].text)),
        events,
        fields,
    }
}

/// An event as the generated event enum reads it.
fn stored(cat: &Catalog, m: &Message<EventId>) -> String {
    let name = &cat.event(m.id).name.text;
    rust_str(&serde_json::json!({"event_type": name, "data": m.payload.value()}).to_string())
}
