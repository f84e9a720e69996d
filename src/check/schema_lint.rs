//! Lint inside payload schemas, for mistakes the meta-schema lets through: `schema-unknown-keyword`
//! (`minimun`, OpenAPI's `nullable`), `schema-property-misplaced` (a property written beside
//! `properties` instead of under it) and `schema-required-undeclared` (a `required` name that
//! `properties` does not declare). Each schema is linted once, however many versions share it.

use crate::diag::{Diagnostic, Rule, did_you_mean};
use crate::model::{Catalog, Json};
use crate::source::Span;
use crate::syntax::{Node, NodeKind};
use std::collections::HashSet;

/// Every keyword of JSON Schema draft-07 and 2020-12 (and drafts 4, 6 and 2019-09).
const KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "id",
    "$ref",
    "$defs",
    "definitions",
    "$comment",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "$vocabulary",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "format",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "items",
    "additionalItems",
    "prefixItems",
    "unevaluatedItems",
    "maxItems",
    "minItems",
    "uniqueItems",
    "contains",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "properties",
    "patternProperties",
    "additionalProperties",
    "unevaluatedProperties",
    "dependencies",
    "dependentRequired",
    "dependentSchemas",
    "propertyNames",
    "if",
    "then",
    "else",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
];

/// Keywords whose value is one subschema.
const ONE: &[&str] = &[
    "items",
    "additionalItems",
    "unevaluatedItems",
    "contains",
    "additionalProperties",
    "unevaluatedProperties",
    "propertyNames",
    "if",
    "then",
    "else",
    "not",
    "contentSchema",
];
/// Keywords whose value is a list of subschemas.
const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems", "items"];
/// Keywords whose value maps names to subschemas.
const NAMED: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependencies",
];

pub(super) fn check(cat: &Catalog) -> Vec<Diagnostic> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let schemas = cat.commands.iter().filter_map(|c| c.schema.as_ref()).chain(
        cat.events
            .iter()
            .flat_map(|e| e.versions.iter().filter_map(|v| v.schema.as_ref())),
    );
    for schema in schemas {
        if seen.insert(schema.span()) {
            lint(&schema.node, schema, 0, &mut out);
            super::schema_cycles::check(schema, &mut out);
        }
    }
    out
}

/// Deepest subschema linted: deeper ones are left to the meta-schema and the cost analysis.
const MAX_DEPTH: usize = 64;

fn lint(node: &Node, schema: &Json, depth: usize, out: &mut Vec<Diagnostic>) {
    let NodeKind::Map(entries) = &node.kind else {
        return;
    };
    if depth > MAX_DEPTH {
        return;
    }
    let at = |pos: &crate::syntax::Sp<String>| pos.pos.in_file(schema.file);
    let has = |k: &str| entries.iter().any(|(key, _)| key.value == k);
    for (key, value) in entries {
        let k = key.value.as_str();
        if KEYWORDS.contains(&k) {
            if ONE.contains(&k) {
                lint(value, schema, depth + 1, out);
            }
            if LIST.contains(&k)
                && let NodeKind::Seq(items) = &value.kind
            {
                for item in items {
                    lint(item, schema, depth + 1, out);
                }
            }
            if NAMED.contains(&k)
                && let NodeKind::Map(named) = &value.kind
            {
                for (_, sub) in named {
                    lint(sub, schema, depth + 1, out);
                }
            }
            continue;
        }
        if k.starts_with("x-") {
            continue;
        }
        if has("properties") && looks_like_schema(value) {
            out.push(misplaced(k, at(key), schema, entries));
        } else {
            out.push(unknown(k, at(key)));
        }
    }
    required(entries, schema, out);
}

/// A mapping that reads as a schema: it has a type, a reference or an enumeration.
fn looks_like_schema(node: &Node) -> bool {
    ["type", "$ref", "enum", "const", "properties", "items"]
        .iter()
        .any(|k| node.entry(k).is_some())
}

fn unknown(key: &str, span: Span) -> Diagnostic {
    let (message, help) = if key == "nullable" {
        (
            "`nullable` is OpenAPI's, not a JSON Schema keyword: it is ignored".to_string(),
            "say `type: [string, \"null\"]` (the field's type and null) instead".to_string(),
        )
    } else {
        let hint = did_you_mean(key, KEYWORDS.iter().copied()).map_or_else(
            || "JSON Schema ignores keywords it does not know".to_string(),
            |k| format!("did you mean `{k}`? JSON Schema ignores keywords it does not know"),
        );
        (
            format!("`{key}` is not a JSON Schema keyword, so it checks nothing"),
            hint,
        )
    };
    Diagnostic::new(Rule::SchemaUnknownKeyword, message)
        .at(span, "unknown keyword")
        .help(help)
}

fn misplaced(
    key: &str,
    span: Span,
    schema: &Json,
    entries: &[(crate::syntax::Sp<String>, Node)],
) -> Diagnostic {
    let properties = entries
        .iter()
        .find(|(k, _)| k.value == "properties")
        .map(|(k, _)| k.pos.in_file(schema.file));
    let mut d = Diagnostic::new(
        Rule::SchemaPropertyMisplaced,
        format!(
            "`{key}` sits beside `properties`, so it was read as a keyword and declares no property"
        ),
    )
    .at(span, "read as a keyword")
    .help(format!("indent `{key}` under `properties`"));
    if let Some(p) = properties {
        d = d.with(p, "the properties are declared here");
    }
    d
}

/// `required` names that `properties` does not declare, when nothing else could declare them.
fn required(
    entries: &[(crate::syntax::Sp<String>, Node)],
    schema: &Json,
    out: &mut Vec<Diagnostic>,
) {
    let get = |k: &str| {
        entries
            .iter()
            .find(|(key, _)| key.value == k)
            .map(|(_, v)| v)
    };
    let (Some(required), Some(properties)) = (get("required"), get("properties")) else {
        return;
    };
    let composed = [
        "patternProperties",
        "allOf",
        "anyOf",
        "oneOf",
        "$ref",
        "if",
        "dependentSchemas",
        "dependencies",
    ]
    .iter()
    .any(|k| get(k).is_some());
    let (NodeKind::Seq(names), NodeKind::Map(declared)) = (&required.kind, &properties.kind) else {
        return;
    };
    if composed {
        return;
    }
    let declared: Vec<&str> = declared.iter().map(|(k, _)| k.value.as_str()).collect();
    for name in names {
        let Some(text) = name.as_str() else { continue };
        if declared.contains(&text) {
            continue;
        }
        let help = match did_you_mean(text, declared.iter().copied()) {
            Some(close) => format!(
                "did you mean `{close}`? A required property must be declared under `properties`"
            ),
            None => format!("declare `{text}` under `properties`, or remove it from `required`"),
        };
        out.push(
            Diagnostic::new(
                Rule::SchemaRequiredUndeclared,
                format!("`{text}` is required but `properties` does not declare it"),
            )
            .at(name.pos.in_file(schema.file), "not declared")
            .help(help),
        );
    }
}
