//! Payload schema rules: `schema-remote-ref`, `schema-dialect`, `schema-invalid`, `example-invalid`,
//! for command schemas, scenario and spec payloads here, and for event versions through `evolution`.
//! Each schema is checked on its own, so they run in parallel.

use crate::cost::{Amplification, Bounded, MAX_AMPLIFICATION};
use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, Json};
use crate::syntax::{Node, NodeKind};
use rayon::prelude::*;

/// The `$schema` URIs this checker knows, all served from memory.
const DIALECTS: &[&str] = &[
    "http://json-schema.org/draft-07/schema",
    "https://json-schema.org/draft-07/schema",
    "https://json-schema.org/draft/2020-12/schema",
    "http://json-schema.org/draft-04/schema",
    "http://json-schema.org/draft-06/schema",
    "https://json-schema.org/draft/2019-09/schema",
];

/// A schema and the payloads that must be valid under it.
pub(super) struct Job<'a> {
    pub owner: String,
    pub schema: &'a Json,
    pub payloads: Vec<(&'a Json, String)>,
}

pub(super) fn check(cat: &Catalog) -> Vec<Diagnostic> {
    let mut jobs: Vec<Job<'_>> = Vec::new();
    for (i, c) in cat.commands.iter().enumerate() {
        if let Some(schema) = &c.schema {
            let owner = format!(
                "command `{}`",
                cat.command_name(crate::model::CommandId::new(i))
            );
            jobs.push(Job {
                owner,
                schema,
                payloads: Vec::new(),
            });
        }
    }
    spec_payloads(cat, &mut jobs);
    for scenario in &cat.scenarios {
        let saga = scenario.saga.map(|s| &cat.sagas[s.index()]);
        let start = saga.and_then(|s| s.start).map(|(e, _)| e);
        let latest = start
            .and_then(|e| cat.event(e).latest())
            .and_then(|v| v.schema.as_ref());
        if let (Some(payload), Some(schema), Some(e)) = (&scenario.start, latest, start) {
            jobs.push(Job {
                owner: format!("`{}` (latest version)", cat.event_name(e)),
                schema,
                payloads: vec![(
                    payload,
                    format!("start payload of scenario `{}`", scenario.name.text),
                )],
            });
        }
    }
    jobs.par_iter()
        .flat_map_iter(|j| check_schema(j).0)
        .collect()
}

/// Checks one schema and its payloads; returns the compiled validator when the schema is valid.
pub(super) fn check_schema(job: &Job<'_>) -> (Vec<Diagnostic>, Option<Bounded>) {
    let schema = job.schema;
    let mut out = Vec::new();
    remote_refs(&schema.node, schema, &mut out);
    if !out.is_empty() {
        return (out, None);
    }
    if let Some(d) = dialect(schema) {
        return (vec![d], None);
    }
    let value = schema.value();
    // Compiling also checks the schema against its meta-schema; only when that fails are the
    // meta-schema's errors listed one by one, each with its place.
    let validator = match jsonschema::options()
        .offline()
        .should_validate_formats(true)
        .build(&value)
    {
        Ok(v) => Bounded::new(v, &value),
        Err(_) => return (schema_errors(schema, &job.owner), None),
    };
    if validator.amplification().too_complex() {
        return (vec![too_complex(job, validator.amplification())], None);
    }
    for (payload, what) in &job.payloads {
        let payload_value = payload.value();
        let errors = match validator.errors(&payload_value) {
            Ok(errors) => errors,
            Err(refused) => {
                out.push(
                    Diagnostic::new(
                        Rule::SchemaTooComplex,
                        format!("{what} was not checked against {}: {refused}", job.owner),
                    )
                    .at(payload.span(), "this payload")
                    .help("make the payload smaller, or the schema's `anyOf`/`allOf` branches share fewer definitions"),
                );
                continue;
            }
        };
        for err in errors {
            let at = payload.span_at(err.instance_path().as_str(), false);
            let rule_at = schema.span_at(err.schema_path().as_str(), true);
            out.push(
                Diagnostic::new(
                    Rule::ExampleInvalid,
                    format!(
                        "{what} is not valid under {}: {}",
                        job.owner,
                        short(&err.to_string())
                    ),
                )
                .at(at, "invalid value")
                .with(rule_at, "required by this schema keyword"),
            );
        }
    }
    (out, Some(validator))
}

/// Reports a schema too costly to evaluate, at the subschema reached by too many paths.
fn too_complex(job: &Job<'_>, a: &Amplification) -> Diagnostic {
    let schema = job.schema;
    let message = if a.cycle {
        format!(
            "the payload schema of {} applies `#{}` to the same value in an endless loop",
            job.owner, a.at
        )
    } else {
        format!(
            "the payload schema of {} checks one value more than {MAX_AMPLIFICATION} times against `#{}`",
            job.owner, a.at
        )
    };
    let (label, help) = if a.cycle {
        (
            "applied to the same value again",
            "a `$ref` loop must pass through `properties` or `items`, so that each turn checks a smaller part of the value",
        )
    } else {
        (
            "reached by too many paths",
            "let each `anyOf`/`allOf`/`oneOf` branch `$ref` a different definition, or merge the branches that repeat one",
        )
    };
    Diagnostic::new(Rule::SchemaTooComplex, message)
        .at(schema.span_at(&a.at, false), label)
        .help(help)
}

/// Reports why a schema did not compile: each meta-schema error at its place, or the compile
/// error. Empty when the schema compiles.
pub fn schema_errors(schema: &Json, owner: &str) -> Vec<Diagnostic> {
    let value = schema.value();
    let compile = match jsonschema::options().offline().build(&value) {
        Ok(_) => return Vec::new(),
        Err(e) => e,
    };
    let meta = match jsonschema::meta::validator_for(&value) {
        Ok(meta) => meta,
        Err(e) => {
            return vec![
                Diagnostic::new(
                    Rule::SchemaDialect,
                    format!("cannot find the meta-schema of {owner}: {e}"),
                )
                .at(schema.span(), "this schema"),
            ];
        }
    };
    let mut seen = std::collections::HashSet::new();
    let out: Vec<Diagnostic> = meta
        .iter_errors(&value)
        // The 2020-12 meta-schema applies each vocabulary's, so one mistake fails several.
        .filter(|err| seen.insert((err.instance_path().to_string(), err.to_string())))
        .map(|err| {
            let path = err.instance_path().as_str().to_string();
            if let Some(d) = unknown_type(schema, owner, &path) {
                return d;
            }
            Diagnostic::new(
                Rule::SchemaInvalid,
                format!(
                    "invalid payload schema of {owner}: {}",
                    short(&err.to_string())
                ),
            )
            .at(schema.span_at(&path, false), "breaks the meta-schema")
            .help("see https://json-schema.org/understanding-json-schema for the keywords")
        })
        .collect();
    let mut said = std::collections::HashSet::new();
    let out: Vec<Diagnostic> = out
        .into_iter()
        .filter(|d| said.insert(d.message.clone()))
        .collect();
    if !out.is_empty() {
        return out;
    }
    let message = compile.to_string();
    let help = if matches!(
        compile.kind(),
        jsonschema::error::ValidationErrorKind::Referencing(_)
    ) {
        "local `$ref`s must point at `#/$defs/…` or `#/definitions/…` entries that exist"
    } else if message.contains("regular expression") || message.contains("regex") {
        "write the pattern as an ECMA-262 regular expression, the dialect JSON Schema uses"
    } else {
        "see https://json-schema.org/understanding-json-schema for the keywords"
    };
    vec![
        Diagnostic::new(
            Rule::SchemaInvalid,
            format!(
                "payload schema of {owner} does not compile: {}",
                short(&message)
            ),
        )
        .at(
            schema.span_at(compile.instance_path().as_str(), false),
            "here",
        )
        .help(help),
    ]
}

/// JSON Schema's type names.
const TYPES: [&str; 7] = [
    "string", "number", "integer", "boolean", "object", "array", "null",
];

/// A `type` that names no JSON type, in words rather than the meta-schema's `anyOf` failure.
fn unknown_type(schema: &Json, owner: &str, path: &str) -> Option<Diagnostic> {
    if !path.ends_with("/type") {
        return None;
    }
    let (node, _) = schema.node.locate(path);
    let names: Vec<&str> = match &node.kind {
        NodeKind::Str(s) => vec![s.as_str()],
        NodeKind::Seq(items) => items.iter().filter_map(Node::as_str).collect(),
        _ => return None,
    };
    let wrong = names.into_iter().find(|n| !TYPES.contains(n))?;
    let hint = crate::diag::did_you_mean(wrong, TYPES)
        .map(|t| format!("did you mean `{t}`? "))
        .unwrap_or_default();
    Some(
        Diagnostic::new(
            Rule::SchemaInvalid,
            format!("invalid payload schema of {owner}: `{wrong}` is not a JSON type"),
        )
        .at(schema.span_at(path, false), "not a type")
        .help(format!("{hint}the types are {}", TYPES.join(", "))),
    )
}

/// Keeps messages one line and readable when they quote a large value.
fn short(message: &str) -> String {
    let one_line = message.replace('\n', " ");
    if one_line.chars().count() > 240 {
        format!("{}…", one_line.chars().take(240).collect::<String>())
    } else {
        one_line
    }
}

fn remote_refs(node: &Node, schema: &Json, out: &mut Vec<Diagnostic>) {
    match &node.kind {
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                if k.value == "$ref"
                    && let Some(target) = v.as_str()
                    && !target.starts_with('#')
                {
                    out.push(
                        Diagnostic::new(Rule::SchemaRemoteRef, format!("`$ref: {target}` points outside this schema"))
                            .at(v.pos.in_file(schema.file), "not a local reference")
                            .help("eventctl never uses the network: copy the definition under `$defs` and use `$ref: '#/$defs/…'`"),
                    );
                }
                remote_refs(v, schema, out);
            }
        }
        NodeKind::Seq(items) => items.iter().for_each(|i| remote_refs(i, schema, out)),
        _ => {}
    }
}

fn dialect(schema: &Json) -> Option<Diagnostic> {
    let (key, value) = schema.node.entry("$schema")?;
    let Some(uri) = value.as_str() else {
        return Some(
            Diagnostic::new(Rule::SchemaDialect, "`$schema` must be a string")
                .at(key.pos.in_file(schema.file), "here"),
        );
    };
    let bare = uri.trim_end_matches('#');
    if DIALECTS.contains(&bare) {
        return None;
    }
    Some(
        Diagnostic::new(Rule::SchemaDialect, format!("unknown JSON Schema dialect `{uri}`"))
            .at(value.pos.in_file(schema.file), "this `$schema`")
            .help("use `http://json-schema.org/draft-07/schema#` or `https://json-schema.org/draft/2020-12/schema`"),
    )
}

/// A spec's command payload joins its command's job; its events' payloads are checked against
/// their latest versions, as a spec speaks of the present.
fn spec_payloads<'a>(cat: &'a Catalog, jobs: &mut Vec<Job<'a>>) {
    use crate::model::Then;
    for spec in &cat.specs {
        let what =
            |part: &str, name: String| format!("{part} `{name}` of spec `{}`", spec.name.text);
        let owner = format!("command `{}`", cat.command_name(spec.when.id));
        if let Some(job) = jobs.iter_mut().find(|j| j.owner == owner) {
            job.payloads.push((
                &spec.when.payload,
                what("command", cat.command_name(spec.when.id)),
            ));
        }
        let then: &[crate::model::Message<crate::model::EventId>] = match &spec.then {
            Then::Events { events, .. } => events,
            Then::Error(..) => &[],
        };
        for (m, part) in spec
            .given
            .iter()
            .map(|m| (m, "given event"))
            .chain(then.iter().map(|m| (m, "expected event")))
        {
            if let Some(schema) = cat.event(m.id).latest().and_then(|v| v.schema.as_ref()) {
                jobs.push(Job {
                    owner: format!("`{}` (latest version)", cat.event_name(m.id)),
                    schema,
                    payloads: vec![(&m.payload, what(part, cat.event_name(m.id)))],
                });
            }
        }
    }
}
