//! An AsyncAPI payload as a catalog's JSON Schema: the multi-format wrapper taken off, every
//! `$ref` the payload reaches (in the document, or in a file beside it) copied into the
//! schema's own definitions and pointed at them, and AsyncAPI's extra keywords kept as `x-`
//! annotations. A schema in a format eventctl does not read (Avro, Protobuf, RAML) becomes an
//! open object and a note.

use super::resolve::{Location, RefError, Resolver, last_token, token};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};

/// Definitions copied per payload before giving up: a document's own schemas are far fewer.
const MAX_DEFS: usize = 10_000;

/// The draft-07 meta-schema id, AsyncAPI's own schema dialect.
pub const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";
const DRAFT_04: &str = "http://json-schema.org/draft-04/schema#";

/// A payload converted: its schema and what the user must know.
pub struct Payload {
    /// The JSON Schema.
    pub schema: Value,
    /// What could not be carried over, each a sentence.
    pub notes: Vec<String>,
}

/// How a payload is written, from its `schemaFormat`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    /// JSON Schema or AsyncAPI's superset of it, of this dialect (`$schema`), if any.
    Json(Option<&'static str>),
    /// OpenAPI 3.0's schema object: JSON Schema with `nullable`.
    OpenApi,
    /// Anything else.
    Other,
}

fn format(name: Option<&str>) -> Format {
    let Some(name) = name else {
        return Format::Json(Some(DRAFT_07));
    };
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("application/vnd.aai.asyncapi") {
        Format::Json(Some(DRAFT_07))
    } else if lower.starts_with("application/schema+json")
        || lower.starts_with("application/schema+yaml")
    {
        Format::Json(Some(if lower.contains("draft-04") {
            DRAFT_04
        } else {
            DRAFT_07
        }))
    } else if lower.starts_with("application/vnd.oai.openapi") {
        Format::OpenApi
    } else {
        Format::Other
    }
}

/// Converts the payload of a message found at `at`. `format` is the message's or wrapper's
/// `schemaFormat`; `dialect`, when the document was written by eventctl, is the schema's own
/// `$schema` (`None` inside `Some` for the catalog's default). `owner` is the prefix eventctl's
/// export gives the definitions it moved (`Order.OrderPlaced.v2.`).
pub fn convert(
    resolver: &mut Resolver,
    at: Location,
    payload: &Value,
    schema_format: Option<&str>,
    dialect: Option<Option<String>>,
    owner: &str,
) -> Payload {
    let (at, payload, schema_format) = match payload {
        Value::Object(o) if o.contains_key("schemaFormat") && o.contains_key("schema") => (
            Location {
                pointer: format!("{}/schema", at.pointer),
                file: at.file,
            },
            o["schema"].clone(),
            o["schemaFormat"].as_str().map(str::to_string),
        ),
        _ => (at, payload.clone(), schema_format.map(str::to_string)),
    };
    let format = format(schema_format.as_deref());
    if format == Format::Other {
        return Payload {
            schema: json!({"type": "object"}),
            notes: vec![format!(
                "its payload is `{}`, which eventctl does not read: write its JSON Schema in place of the open object",
                schema_format.unwrap_or_default()
            )],
        };
    }
    let dialect = match dialect {
        Some(d) => d,
        None => match format {
            Format::Json(d) => d.map(str::to_string),
            _ => Some(DRAFT_07.to_string()),
        },
    };
    let container = match dialect.as_deref() {
        Some(d) if d.contains("draft-0") => "definitions",
        _ => "$defs",
    };
    let mut c = Converter {
        resolver,
        container,
        openapi: format == Format::OpenApi,
        owner: owner.to_string(),
        names: HashMap::new(),
        defs: BTreeMap::new(),
        order: Vec::new(),
        notes: Vec::new(),
    };
    let (root_at, root) = match c.resolver.follow(at.clone(), &payload) {
        Ok(found) => found,
        Err(e) => {
            c.notes.push(format!(
                "its payload: {e}; write its schema in place of the open object"
            ));
            (at, json!({"type": "object"}))
        }
    };
    let mut schema = c.schema(&root_at, root);
    let mut i = 0;
    while i < c.order.len() && i < MAX_DEFS {
        let location = c.order[i].clone();
        let value = c
            .resolver
            .at(&location)
            .cloned()
            .unwrap_or(Value::Bool(true));
        let converted = c.schema(&location, value);
        c.defs.insert(c.names[&location].clone(), converted);
        i += 1;
    }
    if c.order.len() > MAX_DEFS {
        c.notes.push(format!(
            "its payload reaches more than {MAX_DEFS} schemas; the rest are open"
        ));
    }
    if let Value::Object(o) = schema {
        let mut out = Map::new();
        if let Some(d) = &dialect {
            out.insert("$schema".into(), json!(d));
        }
        out.extend(o.into_iter().filter(|(k, _)| k != "$id" && k != "$schema"));
        if !c.defs.is_empty() {
            let defs: Map<String, Value> = std::mem::take(&mut c.defs).into_iter().collect();
            out.insert(container.into(), Value::Object(defs));
        }
        schema = Value::Object(out);
    }
    Payload {
        schema,
        notes: c.notes,
    }
}

struct Converter<'r> {
    resolver: &'r mut Resolver,
    container: &'static str,
    openapi: bool,
    owner: String,
    names: HashMap<Location, String>,
    defs: BTreeMap<String, Value>,
    order: Vec<Location>,
    notes: Vec<String>,
}

/// Keywords whose value is a schema.
const ONE: &[&str] = &[
    "additionalProperties",
    "additionalItems",
    "contains",
    "not",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];
/// Keywords whose value is a list of schemas.
const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value maps names to schemas.
const MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "dependentSchemas",
    "$defs",
    "definitions",
];

impl Converter<'_> {
    /// The schema at `here`, its refs rewritten.
    fn schema(&mut self, here: &Location, value: Value) -> Value {
        let Value::Object(o) = value else {
            return value;
        };
        let mut out = Map::new();
        for (key, v) in o {
            let at = |k: &str| Location {
                file: here.file.clone(),
                pointer: format!("{}/{}", here.pointer, k),
            };
            let k = token(&key);
            match key.as_str() {
                "$ref" => match v.as_str().map(|r| self.reference(here, r)) {
                    Some(Ok(r)) => {
                        out.insert(key, json!(r));
                    }
                    Some(Err(e)) => {
                        self.notes
                            .push(format!("{e}; the schema there is left open"));
                        out.insert("description".into(), json!(format!("was {e}")));
                    }
                    None => {}
                },
                "discriminator" | "externalDocs" => {
                    out.insert(format!("x-{key}"), v);
                }
                "nullable" if self.openapi => {
                    if v == Value::Bool(true) {
                        out.insert("x-nullable".into(), v);
                    }
                }
                "items" | "dependencies" if v.is_object() || v.is_boolean() => {
                    let converted = if key == "items" {
                        self.schema(&at(&k), v)
                    } else {
                        self.map(&at(&k), v)
                    };
                    out.insert(key, converted);
                }
                "items" => {
                    out.insert(key, self.list(&at(&k), v));
                }
                _ if ONE.contains(&key.as_str()) => {
                    let converted = self.schema(&at(&k), v);
                    out.insert(key, converted);
                }
                _ if LIST.contains(&key.as_str()) => {
                    out.insert(key, self.list(&at(&k), v));
                }
                _ if MAP.contains(&key.as_str()) => {
                    out.insert(key, self.map(&at(&k), v));
                }
                _ => {
                    out.insert(key, v);
                }
            }
        }
        if out.remove("x-nullable").is_some() {
            add_null(&mut out);
        }
        Value::Object(out)
    }

    fn list(&mut self, here: &Location, value: Value) -> Value {
        match value {
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let at = Location {
                            file: here.file.clone(),
                            pointer: format!("{}/{i}", here.pointer),
                        };
                        self.schema(&at, v)
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    fn map(&mut self, here: &Location, value: Value) -> Value {
        match value {
            Value::Object(o) => Value::Object(
                o.into_iter()
                    .map(|(k, v)| {
                        let at = Location {
                            file: here.file.clone(),
                            pointer: format!("{}/{}", here.pointer, token(&k)),
                        };
                        let converted = self.schema(&at, v);
                        (k, converted)
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    /// The local `$ref` standing for `reference`, written at `here`; its target is queued.
    fn reference(&mut self, here: &Location, reference: &str) -> Result<String, RefError> {
        let target = self.resolver.target(&here.file, reference)?;
        if self.resolver.at(&target).is_none() {
            return Err(RefError::Broken(format!(
                "`$ref: {reference}` points at nothing"
            )));
        }
        if let Some(name) = self.names.get(&target) {
            return Ok(format!("#/{}/{}", self.container, token(name)));
        }
        let last = last_token(&target.pointer);
        let base = last.strip_prefix(&self.owner).unwrap_or(&last);
        let base = if base.is_empty() { "schema" } else { base };
        let mut name = base.to_string();
        let mut n = 2;
        while self.names.values().any(|v| *v == name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.names.insert(target.clone(), name.clone());
        self.order.push(target);
        Ok(format!("#/{}/{}", self.container, token(&name)))
    }
}

/// OpenAPI's `nullable: true` as JSON Schema: `null` among the types.
fn add_null(schema: &mut Map<String, Value>) {
    match schema.get_mut("type") {
        Some(Value::String(t)) => {
            let t = t.clone();
            schema.insert("type".into(), json!([t, "null"]));
        }
        Some(Value::Array(types)) if !types.contains(&json!("null")) => types.push(json!("null")),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn convert_in(name: &str, doc: &str, payload: &str, format: Option<&str>) -> Payload {
        let dir = std::env::temp_dir().join(format!(
            "eventctl-import-schema-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("doc.yaml"), doc).unwrap();
        std::fs::write(
            dir.join("common.yaml"),
            "Money: {type: number, minimum: 0}\n",
        )
        .unwrap();
        let mut r = Resolver::new(vec![dir.canonicalize().unwrap()]);
        let file: PathBuf = r.open(&dir.join("doc.yaml")).unwrap();
        let at = Location {
            file: file.clone(),
            pointer: payload.to_string(),
        };
        let value = r.at(&at).unwrap().clone();
        let out = convert(&mut r, at, &value, format, None, "");
        std::fs::remove_dir_all(dir).unwrap();
        out
    }

    #[test]
    fn refs_become_definitions_in_the_payload_and_loops_stay_finite() {
        let doc = r#"
components:
  messages:
    m:
      payload: {$ref: '#/components/schemas/Order'}
  schemas:
    Order:
      type: object
      discriminator: kind
      properties:
        total: {$ref: 'common.yaml#/Money'}
        parent: {$ref: '#/components/schemas/Order'}
        lines: {type: array, items: {$ref: '#/components/schemas/Line'}}
    Line: {type: object, properties: {price: {$ref: 'common.yaml#/Money'}}}
"#;
        let p = convert_in("refs", doc, "/components/messages/m/payload", None);
        let s = &p.schema;
        assert_eq!(s["$schema"], DRAFT_07);
        assert_eq!(s["x-discriminator"], "kind");
        assert_eq!(s["properties"]["total"]["$ref"], "#/definitions/Money");
        assert_eq!(s["properties"]["parent"]["$ref"], "#/definitions/Order");
        assert_eq!(
            s["definitions"]["Line"]["properties"]["price"]["$ref"],
            "#/definitions/Money"
        );
        assert_eq!(s["definitions"]["Money"]["minimum"], 0);
        assert!(p.notes.is_empty(), "{:?}", p.notes);
    }

    #[test]
    fn other_formats_and_remote_refs_are_left_open_with_a_note() {
        let doc = "p: {schemaFormat: 'application/vnd.apache.avro;version=1.9.0', schema: {$ref: 'https://x/y.avsc'}}\nq: {type: object, properties: {a: {$ref: 'https://x/a.json'}}}\n";
        let avro = convert_in("avro", doc, "/p", None);
        assert_eq!(avro.schema, json!({"type": "object"}));
        assert!(avro.notes[0].contains("avro"), "{:?}", avro.notes);
        let remote = convert_in("remote", doc, "/q", None);
        assert!(remote.schema["properties"]["a"].get("$ref").is_none());
        assert!(
            remote.notes[0].contains("never fetches"),
            "{:?}",
            remote.notes
        );
    }

    #[test]
    fn openapi_nullable_becomes_a_null_type() {
        let doc = "p: {type: object, properties: {a: {type: string, nullable: true}}}\n";
        let p = convert_in(
            "openapi",
            doc,
            "/p",
            Some("application/vnd.oai.openapi;version=3.0.0"),
        );
        assert_eq!(
            p.schema["properties"]["a"]["type"],
            json!(["string", "null"])
        );
    }
}
