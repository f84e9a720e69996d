//! Finding an item by the name a user typed: `Context.Name` or a bare `Name`, with a "did you
//! mean" hint when nothing matches. Every command that takes a name goes through here.

use super::{AggregateId, Catalog, ContextId, EventId, ProjectionId, SagaId, ScenarioId};

/// A name that matched nothing, or several items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookupError(pub String);

impl std::fmt::Display for LookupError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LookupError {}

/// The index of the one item whose full or short name is `wanted`. `what` names the kind in
/// messages ("saga"); `full` and `short` are the items' names in order.
fn find(full: &[String], short: &[&str], wanted: &str, what: &str) -> Result<usize, LookupError> {
    let hits: Vec<usize> = (0..full.len())
        .filter(|&i| full[i] == wanted || short[i] == wanted)
        .collect();
    match hits.as_slice() {
        [one] => Ok(*one),
        [] => {
            let hint = match crate::diag::did_you_mean(wanted, full.iter().map(String::as_str)) {
                Some(s) => format!("; did you mean `{s}`?"),
                None if full.is_empty() => format!("; the catalog declares no {what}"),
                None => format!("; it declares {}", full.join(", ")),
            };
            Err(LookupError(format!(
                "no {what} `{wanted}` in the catalog{hint}"
            )))
        }
        _ => Err(LookupError(format!(
            "`{wanted}` names several {what}s; write `Context.{wanted}`"
        ))),
    }
}

/// Looks up items whose names are unique in the catalog.
fn unique<'a>(
    names: impl Iterator<Item = &'a str>,
    wanted: &str,
    what: &str,
) -> Result<usize, LookupError> {
    let short: Vec<&str> = names.collect();
    let full: Vec<String> = short.iter().map(|s| s.to_string()).collect();
    find(&full, &short, wanted, what)
}

impl Catalog {
    /// The context named `name`.
    pub fn find_context(&self, name: &str) -> Result<ContextId, LookupError> {
        let names = self.contexts.iter().map(|c| c.name.text.as_str());
        unique(names, name, "context").map(ContextId::new)
    }

    /// The saga named `name`.
    pub fn find_saga(&self, name: &str) -> Result<SagaId, LookupError> {
        let names = self.sagas.iter().map(|s| s.name.text.as_str());
        unique(names, name, "saga").map(SagaId::new)
    }

    /// The scenario named `name`.
    pub fn find_scenario(&self, name: &str) -> Result<ScenarioId, LookupError> {
        let names = self.scenarios.iter().map(|s| s.name.text.as_str());
        unique(names, name, "scenario").map(ScenarioId::new)
    }

    /// The projection named `name`.
    pub fn find_projection(&self, name: &str) -> Result<ProjectionId, LookupError> {
        let names = self.projections.iter().map(|p| p.name.text.as_str());
        unique(names, name, "projection").map(ProjectionId::new)
    }

    /// The aggregate named `Context.Aggregate`, or `Aggregate` when one context has it.
    pub fn find_aggregate(&self, name: &str) -> Result<AggregateId, LookupError> {
        let full: Vec<String> = (0..self.aggregates.len())
            .map(|i| self.aggregate_name(AggregateId::new(i)))
            .collect();
        let short: Vec<&str> = self
            .aggregates
            .iter()
            .map(|a| a.name.text.as_str())
            .collect();
        find(&full, &short, name, "aggregate").map(AggregateId::new)
    }

    /// The event named `Context.Event`, or `Event` when one context has it.
    pub fn find_event(&self, name: &str) -> Result<EventId, LookupError> {
        let full: Vec<String> = (0..self.events.len())
            .map(|i| self.event_name(EventId::new(i)))
            .collect();
        let short: Vec<&str> = self.events.iter().map(|e| e.name.text.as_str()).collect();
        find(&full, &short, name, "event").map(EventId::new)
    }
}

#[cfg(test)]
mod tests {
    use super::find;

    fn names(n: &[&str]) -> Vec<String> {
        n.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn full_or_short_names_match_once() {
        let full = names(&["Shop.Order", "Billing.Invoice"]);
        assert_eq!(
            find(&full, &["Order", "Invoice"], "Order", "aggregate"),
            Ok(0)
        );
        assert_eq!(
            find(&full, &["Order", "Invoice"], "Billing.Invoice", "x"),
            Ok(1)
        );
    }

    #[test]
    fn misses_suggest_and_ambiguities_ask_for_the_context() {
        let full = names(&["Shop.Order", "Billing.Order"]);
        let err = find(&full, &["Order", "Order"], "Order", "aggregate").unwrap_err();
        assert!(err.0.contains("write `Context.Order`"), "{err}");
        let err = find(&full, &["Order", "Order"], "Shop.Ordr", "aggregate").unwrap_err();
        assert!(err.0.contains("did you mean `Shop.Order`?"), "{err}");
        let err = find(&[], &[], "X", "saga").unwrap_err();
        assert!(err.0.ends_with("the catalog declares no saga"), "{err}");
    }
}
