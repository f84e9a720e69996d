//! Naming rules: `name-case`, `event-name-tense`, `command-name-mood`.

use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, Name};
use crate::resolve::names::is_pascal_case;

/// Past participles that do not end in `-ed`.
const IRREGULAR_PAST: &[&str] = &[
    "Begun",
    "Bought",
    "Broken",
    "Brought",
    "Built",
    "Caught",
    "Chosen",
    "Closed",
    "Come",
    "Cut",
    "Dealt",
    "Done",
    "Drawn",
    "Driven",
    "Eaten",
    "Fallen",
    "Felt",
    "Forgotten",
    "Found",
    "Frozen",
    "Given",
    "Gone",
    "Got",
    "Gotten",
    "Grown",
    "Held",
    "Hidden",
    "Hit",
    "Hung",
    "Kept",
    "Known",
    "Laid",
    "Led",
    "Left",
    "Lent",
    "Let",
    "Lost",
    "Made",
    "Meant",
    "Met",
    "Overdrawn",
    "Paid",
    "Put",
    "Quit",
    "Read",
    "Redone",
    "Rewritten",
    "Risen",
    "Run",
    "Said",
    "Seen",
    "Sent",
    "Set",
    "Shown",
    "Shut",
    "Sold",
    "Spent",
    "Split",
    "Spoken",
    "Spun",
    "Stolen",
    "Struck",
    "Stuck",
    "Swept",
    "Taken",
    "Taught",
    "Thought",
    "Told",
    "Torn",
    "Thrown",
    "Undone",
    "Upheld",
    "Upset",
    "Withdrawn",
    "Won",
    "Worn",
    "Written",
    "Reset",
    "Rebuilt",
    "Resent",
    "Mislaid",
    "Overpaid",
    "Prepaid",
    "Repaid",
    "Shipped",
];

fn words(name: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            out.push(&name[start..i]);
            start = i;
        }
    }
    out.push(&name[start..]);
    out
}

/// True when the word reads as a past participle.
pub fn is_past(word: &str) -> bool {
    word.ends_with("ed") || IRREGULAR_PAST.contains(&word)
}

pub(super) fn check(cat: &Catalog, out: &mut Vec<Diagnostic>) {
    let mut case = |what: &str, name: &Name| {
        if !is_pascal_case(&name.text) {
            out.push(
                Diagnostic::new(
                    Rule::NameCase,
                    format!("{what} name `{}` is not PascalCase", name.text),
                )
                .at(name.span, "this name")
                .help("write names like `OrderPlaced`: capitalised words, no separators"),
            );
        }
    };
    cat.contexts.iter().for_each(|c| case("context", &c.name));
    cat.aggregates
        .iter()
        .for_each(|a| case("aggregate", &a.name));
    cat.commands.iter().for_each(|c| case("command", &c.name));
    cat.events.iter().for_each(|e| case("event", &e.name));
    cat.sagas.iter().for_each(|s| case("saga", &s.name));
    cat.projections
        .iter()
        .for_each(|p| case("projection", &p.name));
    for event in &cat.events {
        let last = words(&event.name.text).pop().unwrap_or_default();
        if is_pascal_case(&event.name.text) && !is_past(last) {
            out.push(
                Diagnostic::new(
                    Rule::EventNameTense,
                    format!("event `{}` is not named in the past tense", event.name.text),
                )
                .at(event.name.span, "this name")
                .help("an event records what happened: end its name with a past participle, as in `OrderPlaced`"),
            );
        }
    }
    for command in &cat.commands {
        let first = words(&command.name.text)
            .first()
            .copied()
            .unwrap_or_default();
        if is_pascal_case(&command.name.text) && (is_past(first) || first.ends_with("ing")) {
            out.push(
                Diagnostic::new(
                    Rule::CommandNameMood,
                    format!(
                        "command `{}` does not start with an imperative verb",
                        command.name.text
                    ),
                )
                .at(command.name.span, "this name")
                .help(
                    "a command asks for something: start its name with a verb, as in `PlaceOrder`",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_pascal_case_words() {
        assert_eq!(words("OrderPlaced"), ["Order", "Placed"]);
        assert_eq!(words("Paid"), ["Paid"]);
    }

    #[test]
    fn recognises_past_participles() {
        assert!(is_past("Placed"));
        assert!(is_past("Sent"));
        assert!(!is_past("Place"));
        assert!(!is_past("Shipping"));
    }
}
