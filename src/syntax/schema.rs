//! The catalog format as a draft-07 JSON Schema, for editors (yaml-language-server).

use super::RootFile;
use crate::diag::Rule;
use schemars::generate::SchemaSettings;

/// The JSON Schema of a root catalog file, pretty-printed, ending with a newline.
pub fn format_schema() -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<RootFile>();
    schema.insert("title".into(), "eventctl catalog, format version 1".into());
    let mut value = serde_json::to_value(&schema).unwrap_or_default();
    if let Some(rules) = value.pointer_mut("/properties/rules") {
        let ids: Vec<&str> = Rule::ALL
            .iter()
            .filter(|r| r.can_be_overridden())
            .map(|r| r.id())
            .collect();
        rules["propertyNames"] = serde_json::json!({ "enum": ids });
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn schema_is_draft_07_and_closed() {
        let schema: serde_json::Value = serde_json::from_str(&super::format_schema()).unwrap();
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(schema["additionalProperties"], false);
        assert!(
            schema["required"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "eventctl")
        );
        let names = &schema["properties"]["rules"]["propertyNames"]["enum"];
        assert!(
            names
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n == "unhandled-event")
        );
        assert!(!names.as_array().unwrap().iter().any(|n| n == "yaml-syntax"));
    }
}
