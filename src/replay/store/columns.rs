//! Which column carries which envelope field, the ordering and the filters: checked against
//! the table's own columns before any row is read.

use super::{Column, StoreOptions};
use crate::model::envelope as field;

/// Column names read as a global position, in order of preference: they order the whole
/// store as it was committed.
pub const POSITION_NAMES: [&str; 6] = [
    "global_position",
    "position",
    "seq_id",
    "sequence_number",
    "global_sequence",
    "sequence",
];

/// A comparison in a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl Op {
    /// The SQL operator.
    pub fn sql(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "<>",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Gt => ">",
            Op::Ge => ">=",
        }
    }
}

/// `COLUMN OP VALUE`: the column by name or by the envelope field it carries; the value is
/// bound as a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// A column, or an envelope field.
    pub column: String,
    /// The comparison.
    pub op: Op,
    /// The value, bound as text.
    pub value: String,
}

impl std::str::FromStr for Filter {
    type Err = String;

    /// Reads `aggregate_type=Order` or `occurred_at>=2025-01-01T00:00:00Z`.
    fn from_str(s: &str) -> Result<Self, String> {
        let at = s.find(['=', '!', '<', '>']).ok_or_else(|| {
            format!("`{s}` has no comparison; write COLUMN=VALUE, or use !=, <, <=, >, >=")
        })?;
        let rest = &s[at..];
        let (op, len) = [
            ("!=", Op::Ne),
            ("<=", Op::Le),
            (">=", Op::Ge),
            ("=", Op::Eq),
            ("<", Op::Lt),
            (">", Op::Gt),
        ]
        .iter()
        .find(|(t, _)| rest.starts_with(t))
        .map(|(t, op)| (*op, t.len()))
        .ok_or_else(|| format!("`{s}`: `!` must be followed by `=`"))?;
        let column = s[..at].trim();
        if column.is_empty() {
            return Err(format!("`{s}` names no column before `{}`", &rest[..len]));
        }
        Ok(Filter {
            column: column.to_string(),
            op,
            value: rest[len..].trim().to_string(),
        })
    }
}

/// Where a field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The selected cell at this index.
    Column(usize),
    /// `schema_version` of the metadata in the selected cell at this index, else 1.
    MetadataVersion(usize),
    /// No column: version 1.
    One,
}

/// One envelope field of the line.
#[derive(Debug, Clone)]
pub struct Field {
    /// The field's name.
    pub name: String,
    /// Where its value comes from.
    pub source: Source,
}

/// How rows become lines.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// The fields of each line.
    pub fields: Vec<Field>,
    /// The table's columns selected, by index into the table's columns; cells follow this order.
    pub select: Vec<usize>,
    /// The cell holding `event_id`, which names the row in findings.
    pub event_id: Option<usize>,
    /// The cell holding the global position, when the table has one.
    pub position: Option<usize>,
    /// Ordering columns, by index into the table's columns.
    pub order: Vec<usize>,
    /// Filters, by index into the table's columns.
    pub filters: Vec<(usize, Op, String)>,
    /// Whether the event version is read from the metadata.
    pub metadata_version: bool,
    /// Notes on how the table is read.
    pub notes: Vec<String>,
}

impl Plan {
    /// Maps the envelope `fields` onto `table`'s columns, with the user's `options`.
    pub fn new(
        table: &[Column],
        fields: &[String],
        options: &StoreOptions,
    ) -> Result<Plan, String> {
        let find = |name: &str| table.iter().position(|c| c.name == name);
        let names = || {
            table
                .iter()
                .map(|c| format!("`{}`", c.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let missing = |what: &str, name: &str| {
            let hint = crate::diag::did_you_mean(name, table.iter().map(|c| c.name.as_str()))
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            format!(
                "{what} `{name}` is not a column of the table; {hint}its columns: {}",
                names()
            )
        };
        let mut mapped: Vec<(String, usize)> = Vec::new();
        for (f, c) in &options.columns {
            if !fields.iter().any(|x| x == f) {
                return Err(format!(
                    "--columns names `{f}`, which is not an envelope field; fields: {}",
                    fields.join(", ")
                ));
            }
            mapped.push((
                f.clone(),
                find(c).ok_or_else(|| missing("--columns maps to", c))?,
            ));
        }
        let column_of = |f: &str| {
            mapped
                .iter()
                .find(|(m, _)| m == f)
                .map(|(_, c)| *c)
                .or_else(|| find(f))
                .or_else(|| {
                    (f == field::AGGREGATE_VERSION)
                        .then(|| find("version"))
                        .flatten()
                })
        };
        let mut plan = Plan::default();
        let cell =
            |plan: &mut Plan, column: usize| match plan.select.iter().position(|&c| c == column) {
                Some(i) => i,
                None => {
                    plan.select.push(column);
                    plan.select.len() - 1
                }
            };
        for f in fields {
            let source = match column_of(f) {
                Some(c) => Source::Column(cell(&mut plan, c)),
                None if f == field::EVENT_VERSION => match column_of(field::METADATA) {
                    Some(m) => {
                        plan.metadata_version = true;
                        plan.notes.push(format!(
                            "the table has no `event_version` column: each event's version is read from `{}.schema_version`, and a row without one as v1",
                            table[m].name
                        ));
                        Source::MetadataVersion(cell(&mut plan, m))
                    }
                    None => Source::One,
                },
                None => continue,
            };
            plan.fields.push(Field {
                name: f.clone(),
                source,
            });
        }
        plan.event_id = column_of(field::EVENT_ID).map(|c| cell(&mut plan, c));
        let position = POSITION_NAMES.iter().find_map(|n| find(n));
        plan.position = position.map(|c| cell(&mut plan, c));
        let resolve = |name: &str, what: &str| column_of(name).ok_or_else(|| missing(what, name));
        plan.order = if options.order.is_empty() {
            default_order(position, &column_of)
        } else {
            options
                .order
                .iter()
                .map(|o| resolve(o, "--order names"))
                .collect::<Result<_, _>>()?
        };
        if plan.order.is_empty() {
            return Err(format!(
                "the table has no global position, `occurred_at`, `aggregate_id` or version column to order by; give --order COLUMN; its columns: {}",
                names()
            ));
        }
        for f in &options.filters {
            plan.filters
                .push((resolve(&f.column, "--where names")?, f.op, f.value.clone()));
        }
        Ok(plan)
    }
}

impl Plan {
    /// The cells that hold payloads (`data`, `metadata`): JSON text, written as it is.
    pub fn payload_cells(&self) -> Vec<usize> {
        self.fields
            .iter()
            .filter(|f| f.name == field::DATA || f.name == field::METADATA)
            .filter_map(|f| match f.source {
                Source::Column(i) | Source::MetadataVersion(i) => Some(i),
                Source::One => None,
            })
            .collect()
    }
}

/// A global position column if the table has one; else `occurred_at, aggregate_id` and the
/// aggregate's version, those of them the table has.
fn default_order(position: Option<usize>, column_of: &dyn Fn(&str) -> Option<usize>) -> Vec<usize> {
    if let Some(p) = position {
        return vec![p];
    }
    [
        field::OCCURRED_AT,
        field::AGGREGATE_ID,
        field::AGGREGATE_VERSION,
    ]
    .iter()
    .filter_map(|f| column_of(f))
    .collect()
}

/// A table name as a quoted SQL identifier: `schema.name` quotes each part.
pub fn quote_table(name: &str) -> String {
    name.split('.').map(quote).collect::<Vec<_>>().join(".")
}

/// A column name as a quoted SQL identifier.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(names: &[&str]) -> Vec<Column> {
        names
            .iter()
            .map(|n| Column {
                name: n.to_string(),
                type_name: "text".into(),
            })
            .collect()
    }

    fn fields() -> Vec<String> {
        crate::replay::envelope::Fields::new(["metadata"])
            .names()
            .to_vec()
    }

    #[test]
    fn the_seed_table_maps_version_and_reads_versions_from_metadata() {
        let table = columns(&[
            "event_id",
            "event_type",
            "aggregate_id",
            "aggregate_type",
            "version",
            "occurred_at",
            "correlation_id",
            "causation_id",
            "data",
            "metadata",
        ]);
        let plan = Plan::new(&table, &fields(), &StoreOptions::default()).unwrap();
        let by = |n: &str| plan.fields.iter().find(|f| f.name == n).map(|f| f.source);
        assert!(
            matches!(by("aggregate_version"), Some(Source::Column(i)) if table[plan.select[i]].name == "version")
        );
        assert!(matches!(
            by("event_version"),
            Some(Source::MetadataVersion(_))
        ));
        assert!(plan.metadata_version);
        let order: Vec<&str> = plan.order.iter().map(|&i| table[i].name.as_str()).collect();
        assert_eq!(order, ["occurred_at", "aggregate_id", "version"]);
    }

    #[test]
    fn a_global_position_orders_and_names_rows() {
        let table = columns(&[
            "global_position",
            "event_id",
            "event_type",
            "event_version",
            "data",
        ]);
        let plan = Plan::new(&table, &fields(), &StoreOptions::default()).unwrap();
        assert_eq!(plan.order, [0]);
        assert!(plan.position.is_some() && plan.event_id.is_some());
        assert!(!plan.metadata_version);
    }

    #[test]
    fn unknown_columns_are_named_with_the_table_s_columns() {
        let table = columns(&["event_id", "occurred_at"]);
        let options = StoreOptions {
            columns: vec![("event_type".into(), "kind".into())],
            ..StoreOptions::default()
        };
        let e = Plan::new(&table, &fields(), &options).unwrap_err();
        assert!(
            e.contains("`kind` is not a column") && e.contains("`occurred_at`"),
            "{e}"
        );
        let options = StoreOptions {
            columns: vec![("kind".into(), "event_id".into())],
            ..StoreOptions::default()
        };
        let e = Plan::new(&table, &fields(), &options).unwrap_err();
        assert!(e.contains("not an envelope field"), "{e}");
        let e = Plan::new(&columns(&["x"]), &fields(), &StoreOptions::default()).unwrap_err();
        assert!(e.contains("--order"), "{e}");
    }

    #[test]
    fn filters_parse_each_operator() {
        let f: Filter = "aggregate_type=Order".parse().unwrap();
        assert_eq!(
            (f.column.as_str(), f.op, f.value.as_str()),
            ("aggregate_type", Op::Eq, "Order")
        );
        let f: Filter = "occurred_at >= 2025-01-01".parse().unwrap();
        assert_eq!(
            (f.column.as_str(), f.op, f.value.as_str()),
            ("occurred_at", Op::Ge, "2025-01-01")
        );
        let f: Filter = "x!=a=b".parse().unwrap();
        assert_eq!((f.op, f.value.as_str()), (Op::Ne, "a=b"));
        assert!("nothing".parse::<Filter>().is_err());
        assert!("=1".parse::<Filter>().is_err());
        assert!("a!1".parse::<Filter>().is_err());
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(quote_table("public.events"), r#""public"."events""#);
        assert_eq!(
            quote(r#"a"; drop table x; --"#),
            r#""a""; drop table x; --""#
        );
    }
}
