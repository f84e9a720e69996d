//! An aggregate's business data as documentation rows: each field, its type, and the events
//! whose `apply` sets it, with the expression.

use crate::model::{AggregateId, Catalog, EventId};

/// One field of an aggregate.
pub struct FieldRow {
    /// Its name.
    pub name: String,
    /// Its JSON type, with `exact` for money and `or null` when nullable.
    pub ty: String,
    /// The events that set it, and how.
    pub set_by: Vec<(EventId, String)>,
}

/// The rows of an aggregate's fields, in the order declared.
pub fn rows(cat: &Catalog, a: AggregateId) -> Vec<FieldRow> {
    let agg = cat.aggregate(a);
    agg.fields
        .iter()
        .map(|f| FieldRow {
            name: f.name.text.clone(),
            ty: format!(
                "{}{}{}",
                f.ty,
                if f.decimal { ", exact decimal" } else { "" },
                if f.nullable { ", or null" } else { "" }
            ),
            set_by: agg
                .events
                .iter()
                .flat_map(|&e| {
                    cat.event(e)
                        .apply
                        .iter()
                        .filter(|(t, _)| t.text == f.name.text)
                        .map(move |(_, x)| (e, x.text.clone()))
                })
                .collect(),
        })
        .collect()
}
