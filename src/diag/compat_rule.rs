//! Every rule of the compatibility engine as a type: its id and purpose. They appear inside
//! `compat-breaking` and `compat-unknown` findings and as the findings of `eventctl compat`.

use serde::Serialize;

macro_rules! compat_rules {
    ($($variant:ident = $id:literal, $purpose:literal;)*) => {
        /// A compatibility rule.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum CompatRule {
            $(#[doc = $purpose] $variant,)*
        }

        impl CompatRule {
            /// Every compatibility rule.
            pub const ALL: &'static [CompatRule] = &[$(CompatRule::$variant),*];

            /// The stable kebab-case id.
            pub const fn id(self) -> &'static str {
                match self { $(CompatRule::$variant => $id,)* }
            }

            /// One sentence: which payloads it says are lost.
            pub const fn purpose(self) -> &'static str {
                match self { $(CompatRule::$variant => $purpose,)* }
            }
        }
    };
}

compat_rules! {
    SchemaFalse = "schema-false",
        "The reading schema is `false` and accepts nothing.";
    TypeNarrowed = "type-narrowed",
        "The reading schema drops a type the written data may have (`integer` fits `number`).";
    TypeChanged = "type-changed",
        "The reading schema accepts none of the written data's types.";
    EnumValueRemoved = "enum-value-removed",
        "A written value is not among the reading schema's `enum`/`const` values.";
    EnumAdded = "enum-added",
        "The reading schema adds an `enum` or `const` where any value was written.";
    MinimumIncreased = "minimum-increased",
        "The reading schema raises (or adds) a lower bound, or makes it exclusive.";
    MaximumDecreased = "maximum-decreased",
        "The reading schema lowers (or adds) an upper bound, or makes it exclusive.";
    MultipleOfChanged = "multiple-of-changed",
        "The reading schema's `multipleOf` does not divide the written one.";
    MinLengthIncreased = "min-length-increased",
        "The reading schema raises (or adds) `minLength`.";
    MaxLengthDecreased = "max-length-decreased",
        "The reading schema lowers (or adds) `maxLength`.";
    PatternAdded = "pattern-added",
        "The reading schema adds a `pattern` where any string was written.";
    PatternChanged = "pattern-changed",
        "The two patterns differ; regular-language inclusion is not decided (unknown).";
    FormatAdded = "format-added",
        "The reading schema adds a `format` where any string was written.";
    FormatChanged = "format-changed",
        "The reading schema asks for another `format`.";
    RequiredPropertyAdded = "required-property-added",
        "The reading schema requires a property the written data may lack.";
    RequiredPropertyAddedWithDefault = "required-property-added-with-default",
        "A newly required property has a `default`: breaking under set semantics, accepted by the lenient profile.";
    PropertyAddedToOpenModel = "property-added-to-open-model",
        "The reading schema declares a property that an open written model may hold with any value (strict profile).";
    PropertyRemovedFromClosedModel = "property-removed-from-closed-model",
        "A written property is no longer declared and the reading model is closed.";
    AdditionalPropertiesNarrowed = "additional-properties-narrowed",
        "The reading schema restricts undeclared properties more than the written one.";
    PatternPropertiesChanged = "pattern-properties-changed",
        "`patternProperties` differ; name matching is not decided (unknown).";
    MinPropertiesIncreased = "min-properties-increased",
        "The reading schema raises (or adds) `minProperties`.";
    MaxPropertiesDecreased = "max-properties-decreased",
        "The reading schema lowers (or adds) `maxProperties`.";
    DependenciesAdded = "dependencies-added",
        "The reading schema adds a property dependency.";
    MinItemsIncreased = "min-items-increased",
        "The reading schema raises (or adds) `minItems`.";
    MaxItemsDecreased = "max-items-decreased",
        "The reading schema lowers (or adds) `maxItems`.";
    UniqueItemsAdded = "unique-items-added",
        "The reading schema adds `uniqueItems`.";
    ItemsNarrowed = "items-narrowed",
        "The reading schema forbids array positions the written data may fill.";
    AnyOfBranchRemoved = "any-of-branch-removed",
        "A written alternative (`anyOf`/`oneOf` branch) fits no reading alternative.";
    OneOfAmbiguous = "one-of-ambiguous",
        "A written value fits several `oneOf` branches of the reading schema, which then rejects it.";
    NotChanged = "not-changed",
        "`not` differs; the complement is not decided (unknown).";
    ConditionalChanged = "conditional-changed",
        "`if` differs; conditional schemas are compared only under the same condition (unknown).";
    RefUnresolved = "ref-unresolved",
        "A `$ref` points at nothing in its schema (unknown).";
    KeywordUnsupported = "keyword-unsupported",
        "An assertion keyword the engine does not compare, such as `contains` or `propertyNames` (unknown).";
    DepthExceeded = "depth-exceeded",
        "Schemas nest deeper than the engine follows (unknown).";
}

impl Serialize for CompatRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl std::fmt::Display for CompatRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl PartialEq<&str> for CompatRule {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_documented() {
        let mut ids: Vec<&str> = CompatRule::ALL.iter().map(|r| r.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CompatRule::ALL.len());
        assert!(
            CompatRule::ALL
                .iter()
                .all(|r| r.purpose().ends_with('.') || r.purpose().ends_with(')'))
        );
    }
}
