//! Parse errors explained from the text around them: a missing key is shown at the mapping
//! that lacks it, and a field written one level too far out ("`fails` sits under `commands`,
//! so it was read as a command named `fails`") says how it was read and where it belongs.

use super::yaml::ParseError;
use crate::diag::Rule;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

/// `error`, with its place and words improved where the text shows what happened.
pub fn explain(mut error: ParseError, text: &str) -> ParseError {
    let Some((line, col)) = error
        .line_col
        .or_else(|| error.offset.map(|o| line_col(text, o)))
    else {
        return error;
    };
    let lines: Vec<&str> = text.lines().collect();
    if error.message.starts_with("missing required key") {
        if let Some(at) = mapping_start(&lines, line, col) {
            error.line_col = Some(at);
            error.offset = None;
        }
        return error;
    }
    if (error.rule == Rule::InvalidValue || error.rule == Rule::UnknownKey)
        && let Some(why) = misplaced(&lines, line)
    {
        error.message = format!("{}: {why}", error.message);
        error.help = Some(
            why_help(&lines, line)
                .unwrap_or_else(|| "indent it under the item it belongs to".into()),
        );
    }
    error
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A block line's indentation, `- ` markers, and key, when it has one.
fn parse_line(line: &str) -> Option<(usize, bool, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    if rest.is_empty() || rest.starts_with('#') {
        return None;
    }
    let (dash, rest) = match rest.strip_prefix("- ") {
        Some(r) => (true, r.trim_start_matches(' ')),
        None => (false, rest),
    };
    let key = rest
        .split_once(':')
        .map(|(k, _)| k.trim())
        .filter(|k| !k.is_empty() && !k.contains(['{', '[', '"', '\'', ' ']));
    Some((indent, dash, key.unwrap_or("")))
}

/// Where the mapping whose entries sit at column `col` (1-based) starts: its key, or the
/// `- ` of the list item it is. Only block mappings are followed.
fn mapping_start(lines: &[&str], line: usize, col: usize) -> Option<(usize, usize)> {
    let at = col - 1;
    let here = lines.get(line - 1)?;
    if here
        .get(..at)
        .is_none_or(|p| !p.chars().all(|c| c == ' ' || c == '-'))
    {
        return None;
    }
    for n in (0..line).rev() {
        let Some((indent, dash, key)) = parse_line(lines[n]) else {
            continue;
        };
        let content = if dash {
            lines[n].find("- ")? + 2
        } else {
            indent
        };
        if dash && content <= at {
            return Some((n + 1, indent + 1));
        }
        if indent < at {
            return (!key.is_empty()).then_some((n + 1, indent + 1));
        }
    }
    None
}

/// For a key at `line` that the format reads as an item's name though it is one of the
/// item's own fields: how it was read.
fn misplaced(lines: &[&str], line: usize) -> Option<String> {
    let (indent, dash, key) = parse_line(lines.get(line - 1)?)?;
    if dash || key.is_empty() {
        return None;
    }
    let parent = parent_key(lines, line, indent)?;
    let (item, fields) = named_maps().get(parent)?;
    if !fields.iter().any(|f| f == key) {
        return None;
    }
    Some(format!(
        "`{key}` sits under `{parent}`, so it was read as {} named `{key}`",
        article(item)
    ))
}

fn why_help(lines: &[&str], line: usize) -> Option<String> {
    let (indent, _, key) = parse_line(lines.get(line - 1)?)?;
    let sibling = (0..line - 1).rev().find_map(|n| {
        let (i, dash, k) = parse_line(lines[n])?;
        (i == indent && !dash && !k.is_empty()).then_some(k)
    })?;
    Some(format!("indent `{key}` two more spaces, under `{sibling}`"))
}

fn parent_key<'t>(lines: &[&'t str], line: usize, indent: usize) -> Option<&'t str> {
    (0..line - 1).rev().find_map(|n| {
        let (i, _, k) = parse_line(lines[n])?;
        (i < indent).then_some(k)
    })
}

fn article(item: &str) -> String {
    let first = item.chars().next().unwrap_or('x');
    let an = "aeiou".contains(first);
    format!("{} {item}", if an { "an" } else { "a" })
}

/// Keys of the format whose value maps names to items: key → (item kind, the item's fields).
fn named_maps() -> &'static HashMap<String, (String, Vec<String>)> {
    static MAPS: OnceLock<HashMap<String, (String, Vec<String>)>> = OnceLock::new();
    MAPS.get_or_init(|| {
        let schema: Value =
            serde_json::from_str(&crate::syntax::format_schema()).unwrap_or_default();
        let definitions = schema.get("definitions").cloned().unwrap_or_default();
        let mut out = HashMap::new();
        let objects = std::iter::once(&schema)
            .chain(definitions.as_object().into_iter().flat_map(|d| d.values()));
        for object in objects {
            let Some(props) = object.get("properties").and_then(Value::as_object) else {
                continue;
            };
            for (key, prop) in props {
                let Some(target) = prop
                    .pointer("/additionalProperties/$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/definitions/"))
                else {
                    continue;
                };
                let fields: Vec<String> = definitions
                    .pointer(&format!("/{target}/properties"))
                    .and_then(Value::as_object)
                    .map(|p| p.keys().cloned().collect())
                    .unwrap_or_default();
                out.insert(key.clone(), (target.to_lowercase(), fields));
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CATALOG: &str = "contexts:\n  Shop:\n    aggregates:\n      Cart:\n        commands:\n          CloseCart:\n            emits: CartClosed\n          fails: [CartLost]\n        events:\n          CartClosed:\n            versions:\n              - schema: {type: object}\n                examples: []\n";

    fn at(line: usize, col: usize, message: &str, rule: Rule) -> ParseError {
        ParseError {
            rule,
            message: message.into(),
            offset: None,
            line_col: Some((line, col)),
            help: None,
        }
    }

    #[test]
    fn a_field_one_level_out_is_read_as_a_name() {
        let e = explain(
            at(8, 18, "expected a mapping here", Rule::InvalidValue),
            CATALOG,
        );
        assert_eq!(
            e.message,
            "expected a mapping here: `fails` sits under `commands`, so it was read as a command named `fails`"
        );
        assert_eq!(
            e.help.as_deref(),
            Some("indent `fails` two more spaces, under `CloseCart`")
        );
    }

    #[test]
    fn a_missing_key_points_at_the_list_item() {
        let e = explain(
            at(13, 17, "missing required key `version`", Rule::InvalidValue),
            CATALOG,
        );
        assert_eq!(e.line_col, Some((12, 15)));
    }

    #[test]
    fn a_missing_key_points_at_the_named_mapping() {
        let e = explain(
            at(7, 13, "missing required key `from`", Rule::InvalidValue),
            CATALOG,
        );
        assert_eq!(e.line_col, Some((6, 11)));
    }

    #[test]
    fn a_name_that_is_not_a_field_is_left_alone() {
        let text = CATALOG.replace("fails: [CartLost]", "OpenCart: [x]");
        let e = explain(
            at(8, 21, "expected a mapping here", Rule::InvalidValue),
            &text,
        );
        assert_eq!(e.message, "expected a mapping here");
    }
}
