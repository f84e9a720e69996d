//! A payload schema as other tools read it: the draft it is written in named by its
//! `schemaFormat`, and its local definitions (`$defs`, `definitions`) moved to the document's
//! `components.schemas`, with every `$ref` to them rewritten, since a `$ref` in an AsyncAPI
//! document resolves against the document, not the payload.

use serde_json::{Map, Value, json};

/// The definitions taken out of one payload, named `{owner}.{name}`.
pub struct Defs {
    owner: String,
    schemas: Map<String, Value>,
}

impl Defs {
    /// Definitions of the payload of `owner` (`Order.OrderPlaced.v2`).
    pub fn new(owner: &str) -> Self {
        Defs {
            owner: owner.to_string(),
            schemas: Map::new(),
        }
    }

    /// The definitions, for `components.schemas`.
    pub fn into_schemas(self) -> Map<String, Value> {
        self.schemas
    }
}

/// The AsyncAPI multi-format schema of a payload.
pub fn payload(schema: &Value, defs: &mut Defs) -> Value {
    let mut schema = schema.clone();
    let draft = schema
        .get("$schema")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_default();
    if let Value::Object(o) = &mut schema {
        o.remove("$schema");
        o.remove("$id");
        for key in ["$defs", "definitions"] {
            if let Some(Value::Object(found)) = o.remove(key) {
                for (name, mut def) in found {
                    rewrite(&mut def, &defs.owner);
                    defs.schemas.insert(format!("{}.{name}", defs.owner), def);
                }
            }
        }
    }
    rewrite(&mut schema, &defs.owner);
    let format = if draft.contains("draft-04") {
        "application/schema+json;version=draft-04"
    } else {
        // Draft-07 readers take later drafts' keywords as annotations.
        "application/schema+json;version=draft-07"
    };
    json!({"schemaFormat": format, "schema": schema})
}

/// Rewrites `#/$defs/x` and `#/definitions/x` to the moved definitions.
fn rewrite(value: &mut Value, owner: &str) {
    match value {
        Value::Object(o) => {
            for (k, v) in o.iter_mut() {
                if k == "$ref"
                    && let Value::String(r) = v
                {
                    for prefix in ["#/$defs/", "#/definitions/"] {
                        if let Some(name) = r.strip_prefix(prefix) {
                            let name = name.replace('~', "~0").replace('/', "~1");
                            *r = format!("#/components/schemas/{owner}.{name}");
                            break;
                        }
                    }
                } else {
                    rewrite(v, owner);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite(v, owner)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_move_to_components_with_their_refs() {
        let schema = json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {"a": {"$ref": "#/$defs/money"}, "b": {"$ref": "#/definitions/line"}},
            "$defs": {"money": {"type": "number"}},
            "definitions": {"line": {"type": "object", "properties": {"m": {"$ref": "#/$defs/money"}}}}
        });
        let mut defs = Defs::new("Shop.Paid.v1");
        let p = payload(&schema, &mut defs);
        assert_eq!(
            p["schemaFormat"],
            "application/schema+json;version=draft-07"
        );
        assert_eq!(
            p["schema"]["properties"]["a"]["$ref"],
            "#/components/schemas/Shop.Paid.v1.money"
        );
        assert!(p["schema"].get("$defs").is_none() && p["schema"].get("$schema").is_none());
        let schemas = defs.into_schemas();
        assert_eq!(
            schemas["Shop.Paid.v1.line"]["properties"]["m"]["$ref"],
            "#/components/schemas/Shop.Paid.v1.money"
        );
    }
}
