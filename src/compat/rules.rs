//! Every compatibility rule: id and purpose. `eventctl rules` lists them beside the catalog rules.

use serde::Serialize;

/// One compatibility rule.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct CompatRule {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// One sentence: which payloads it says are lost.
    pub purpose: &'static str,
}

const fn rule(id: &'static str, purpose: &'static str) -> CompatRule {
    CompatRule { id, purpose }
}

/// All compatibility rules.
pub const COMPAT_RULES: &[CompatRule] = &[
    rule(
        "schema-false",
        "The reading schema is `false` and accepts nothing.",
    ),
    rule(
        "type-narrowed",
        "The reading schema drops a type the written data may have (`integer` fits `number`).",
    ),
    rule(
        "type-changed",
        "The reading schema accepts none of the written data's types.",
    ),
    rule(
        "enum-value-removed",
        "A written value is not among the reading schema's `enum`/`const` values.",
    ),
    rule(
        "enum-added",
        "The reading schema adds an `enum` or `const` where any value was written.",
    ),
    rule(
        "minimum-increased",
        "The reading schema raises (or adds) a lower bound, or makes it exclusive.",
    ),
    rule(
        "maximum-decreased",
        "The reading schema lowers (or adds) an upper bound, or makes it exclusive.",
    ),
    rule(
        "multiple-of-changed",
        "The reading schema's `multipleOf` does not divide the written one.",
    ),
    rule(
        "min-length-increased",
        "The reading schema raises (or adds) `minLength`.",
    ),
    rule(
        "max-length-decreased",
        "The reading schema lowers (or adds) `maxLength`.",
    ),
    rule(
        "pattern-added",
        "The reading schema adds a `pattern` where any string was written.",
    ),
    rule(
        "pattern-changed",
        "The two patterns differ; regular-language inclusion is not decided (unknown).",
    ),
    rule(
        "format-added",
        "The reading schema adds a `format` where any string was written.",
    ),
    rule(
        "format-changed",
        "The reading schema asks for another `format`.",
    ),
    rule(
        "required-property-added",
        "The reading schema requires a property the written data may lack.",
    ),
    rule(
        "required-property-added-with-default",
        "A newly required property has a `default`: breaking under set semantics, accepted by the lenient profile.",
    ),
    rule(
        "property-added-to-open-model",
        "The reading schema declares a property that an open written model may hold with any value (strict profile).",
    ),
    rule(
        "property-removed-from-closed-model",
        "A written property is no longer declared and the reading model is closed.",
    ),
    rule(
        "additional-properties-narrowed",
        "The reading schema restricts undeclared properties more than the written one.",
    ),
    rule(
        "pattern-properties-changed",
        "`patternProperties` differ; name matching is not decided (unknown).",
    ),
    rule(
        "min-properties-increased",
        "The reading schema raises (or adds) `minProperties`.",
    ),
    rule(
        "max-properties-decreased",
        "The reading schema lowers (or adds) `maxProperties`.",
    ),
    rule(
        "dependencies-added",
        "The reading schema adds a property dependency.",
    ),
    rule(
        "min-items-increased",
        "The reading schema raises (or adds) `minItems`.",
    ),
    rule(
        "max-items-decreased",
        "The reading schema lowers (or adds) `maxItems`.",
    ),
    rule(
        "unique-items-added",
        "The reading schema adds `uniqueItems`.",
    ),
    rule(
        "items-narrowed",
        "The reading schema forbids array positions the written data may fill.",
    ),
    rule(
        "any-of-branch-removed",
        "A written alternative (`anyOf`/`oneOf` branch) fits no reading alternative.",
    ),
    rule(
        "one-of-ambiguous",
        "A written value fits several `oneOf` branches of the reading schema, which then rejects it.",
    ),
    rule(
        "not-changed",
        "`not` differs; the complement is not decided (unknown).",
    ),
    rule(
        "conditional-changed",
        "`if` differs; conditional schemas are compared only under the same condition (unknown).",
    ),
    rule(
        "ref-unresolved",
        "A `$ref` points at nothing in its schema (unknown).",
    ),
    rule(
        "keyword-unsupported",
        "An assertion keyword the engine does not compare, such as `contains` or `propertyNames` (unknown).",
    ),
    rule(
        "depth-exceeded",
        "Schemas nest deeper than the engine follows (unknown).",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_documented() {
        let mut ids: Vec<&str> = COMPAT_RULES.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), COMPAT_RULES.len());
        assert!(
            COMPAT_RULES
                .iter()
                .all(|r| r.purpose.ends_with('.') || r.purpose.ends_with(')'))
        );
    }
}
