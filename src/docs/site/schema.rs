//! A payload schema as a collapsible tree: one `<details>` per property, with its type, whether
//! it is required, its constraints and its description; local `$ref`s followed once.

use super::html::esc;
use serde_json::Value;
use std::fmt::Write as _;

/// Deepest nesting drawn; deeper parts say so.
const MAX_DEPTH: usize = 12;

/// The tree of a schema.
pub fn tree(schema: &Value) -> String {
    let mut out = String::from("<ul class=\"tree\">");
    children(schema, schema, &mut out, 0, &mut Vec::new());
    out.push_str("</ul>\n");
    out
}

fn resolve<'a>(root: &'a Value, s: &'a Value, seen: &[String]) -> (&'a Value, Option<String>) {
    if let Some(r) = s.get("$ref").and_then(Value::as_str)
        && let Some(pointer) = r.strip_prefix('#')
        && let Some(target) = root.pointer(pointer)
    {
        let name = r.rsplit('/').next().unwrap_or(r).to_string();
        if seen.contains(&name) {
            return (s, Some(name));
        }
        return (target, Some(name));
    }
    (s, None)
}

fn children(root: &Value, s: &Value, out: &mut String, depth: usize, seen: &mut Vec<String>) {
    let (s, named) = resolve(root, s, seen);
    if let Some(n) = &named {
        seen.push(n.clone());
    }
    let required: Vec<&str> = s
        .get("required")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        for (name, p) in props {
            node(
                root,
                name,
                p,
                required.contains(&name.as_str()),
                out,
                depth,
                seen,
            );
        }
    }
    if let Some(items) = s.get("items").filter(|i| i.is_object()) {
        node(root, "[ ]", items, true, out, depth, seen);
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(list) = s.get(key).and_then(Value::as_array) {
            for (i, branch) in list.iter().enumerate() {
                node(
                    root,
                    &format!("{key} {}", i + 1),
                    branch,
                    false,
                    out,
                    depth,
                    seen,
                );
            }
        }
    }
    if named.is_some() {
        seen.pop();
    }
}

fn node(
    root: &Value,
    name: &str,
    s: &Value,
    required: bool,
    out: &mut String,
    depth: usize,
    seen: &mut Vec<String>,
) {
    let (resolved, named) = resolve(root, s, seen);
    let looped = named.as_ref().is_some_and(|n| seen.contains(n));
    let mut summary = format!(
        "<code>{}</code> <span class=\"type\">{}</span>",
        esc(name),
        esc(&type_of(resolved, named.as_deref()))
    );
    if required {
        summary.push_str(" <span class=\"required\">required</span>");
    }
    let notes = notes(resolved);
    let has_children = !looped
        && (resolved.get("properties").is_some()
            || resolved.get("items").is_some_and(Value::is_object)
            || ["anyOf", "oneOf", "allOf"]
                .iter()
                .any(|k| resolved.get(k).is_some()));
    if !has_children || depth >= MAX_DEPTH {
        let _ = write!(
            out,
            "<li>{summary}{notes}{}</li>",
            if has_children {
                " <em>(nested deeper)</em>"
            } else {
                ""
            }
        );
        return;
    }
    let _ = write!(
        out,
        "<li><details{}><summary>{summary}</summary>{notes}<ul class=\"tree\">",
        if depth < 1 { " open" } else { "" }
    );
    children(root, s, out, depth + 1, seen);
    out.push_str("</ul></details></li>");
}

fn type_of(s: &Value, named: Option<&str>) -> String {
    let base = match s.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ if s.get("enum").is_some() => "enum".into(),
        _ if s.get("const").is_some() => "const".into(),
        _ => "any".into(),
    };
    match named {
        Some(n) => format!("{base} ({n})"),
        None => base,
    }
}

fn notes(s: &Value) -> String {
    let parts = crate::docs::fields::constraints(s);
    let mut out = String::new();
    if !parts.is_empty() {
        let _ = write!(
            out,
            " <span class=\"notes\">{}</span>",
            esc(&parts.join("; "))
        );
    }
    if let Some(d) = s.get("description").and_then(Value::as_str) {
        let _ = write!(out, "<div class=\"description\">{}</div>", esc(d));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn properties_refs_and_loops_become_a_finite_tree() {
        let s = json!({
            "type": "object", "required": ["a"],
            "properties": {"a": {"type": "integer", "minimum": 0}, "node": {"$ref": "#/$defs/node"}},
            "$defs": {"node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}, "<x>": {"type": "string"}}}}
        });
        let t = tree(&s);
        assert!(t.contains("<code>a</code> <span class=\"type\">integer</span> <span class=\"required\">required</span>"), "{t}");
        assert!(
            t.contains("≥ 0") && t.contains("object (node)") && t.contains("&lt;x&gt;"),
            "{t}"
        );
        assert_eq!(t.matches("<code>next</code>").count(), 1, "{t}");
    }
}
