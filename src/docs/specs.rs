//! An aggregate's specifications as documentation: each step of given/when/then as a line of
//! words, message names and compact JSON, for the Markdown pages and the site alike.

use super::markdown::{code, text};
use crate::model::{AggregateId, Catalog, SpecError, Then};
use std::fmt::Write as _;

/// One part of a line: words, a message to link, or JSON to show as code.
pub enum Part {
    /// Plain words.
    Words(String),
    /// An event.
    Event(crate::model::EventId),
    /// A command.
    Command(crate::model::CommandId),
    /// Code: a field name, or a payload or value as compact JSON.
    Code(String),
}

/// One spec: its name, description, and lines headed Given, When, Then or And.
pub struct SpecView {
    /// Its name.
    pub name: String,
    /// What it states.
    pub description: Option<String>,
    /// (heading, parts).
    pub lines: Vec<(&'static str, Vec<Part>)>,
}

/// The specs of an aggregate, in the order written.
pub fn views(cat: &Catalog, a: AggregateId) -> Vec<SpecView> {
    let agg = cat.aggregate(a);
    cat.specs
        .iter()
        .filter(|s| s.aggregate == a)
        .map(|s| {
            let mut lines = Vec::new();
            if s.given.is_empty() {
                lines.push(("Given", vec![Part::Words("a new aggregate".into())]));
            }
            for (i, g) in s.given.iter().enumerate() {
                let head = if i == 0 { "Given" } else { "And" };
                lines.push((
                    head,
                    vec![Part::Event(g.id), Part::Code(g.payload.value().to_string())],
                ));
            }
            lines.push((
                "When",
                vec![
                    Part::Command(s.when.id),
                    Part::Code(s.when.payload.value().to_string()),
                ],
            ));
            match &s.then {
                Then::Error(SpecError::NotAccepted, _) => lines.push((
                    "Then",
                    vec![Part::Words(
                        "it is not accepted in the state it meets".into(),
                    )],
                )),
                Then::Error(SpecError::Refused, _) => {
                    lines.push(("Then", vec![Part::Words("its decision refuses it".into())]))
                }
                Then::Events { events, fields, .. } => {
                    if events.is_empty() {
                        lines.push(("Then", vec![Part::Words("it records nothing".into())]));
                    }
                    for (i, e) in events.iter().enumerate() {
                        let head = if i == 0 { "Then" } else { "And" };
                        lines.push((
                            head,
                            vec![Part::Event(e.id), Part::Code(e.payload.value().to_string())],
                        ));
                    }
                    for (name, value) in fields {
                        lines.push((
                            "And",
                            vec![
                                Part::Words(format!("{}'s", agg.name.text)),
                                Part::Code(name.text.clone()),
                                Part::Words("is".into()),
                                Part::Code(value.value().to_string()),
                            ],
                        ));
                    }
                }
            }
            SpecView {
                name: s.name.text.clone(),
                description: s.description.clone(),
                lines,
            }
        })
        .collect()
}

/// An aggregate's specs, one short list each.
pub(super) fn markdown(cat: &Catalog, a: AggregateId, out: &mut String) {
    let views = views(cat, a);
    if views.is_empty() {
        return;
    }
    out.push_str("\n### Specs\n\nChecked by `validate` against the model; `gen` makes each a test of the decisions.\n");
    for v in views {
        let _ = writeln!(out, "\n#### Spec {}\n", text(&v.name));
        if let Some(d) = &v.description {
            let _ = writeln!(out, "{}\n", text(d));
        }
        for (head, parts) in &v.lines {
            let shown: Vec<String> = parts
                .iter()
                .map(|p| match p {
                    Part::Words(w) => text(w),
                    Part::Event(e) => super::event_link(cat, *e),
                    Part::Command(c) => super::command_link(cat, *c),
                    Part::Code(c) => code(c),
                })
                .collect();
            let _ = writeln!(out, "- **{head}** {}", shown.join(" "));
        }
    }
}
