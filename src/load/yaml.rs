//! The one door to the YAML library: text → syntax types, and its errors → findings.

use crate::diag::Rule;
use serde::de::DeserializeOwned;

/// Where and why a file failed to parse, before it has a file id.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    /// `yaml-syntax`, `unknown-key`, `duplicate-key` or `invalid-value`.
    pub rule: Rule,
    /// Lowercase message.
    pub message: String,
    /// Byte offset, when known.
    pub offset: Option<usize>,
    /// 1-based line and column, when known.
    pub line_col: Option<(usize, usize)>,
    /// What to do about it.
    pub help: Option<String>,
}

/// Largest catalog file (the root or an include), in bytes.
pub const MAX_FILE_BYTES: usize = 512 * 1024 * 1024;

fn options(len: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    // Catalogs grow with the system they describe; scale the node budget with the input
    // so a large real catalog is read while an alias bomb still hits the alias limits.
    budget.max_nodes = budget.max_nodes.max(len / 2);
    budget.max_events = budget.max_events.max(len);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(len);
    budget.max_reader_input_bytes = Some(MAX_FILE_BYTES);
    budget.max_depth = 128;
    serde_saphyr::options! {
        budget: Some(budget),
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        with_snippet: false,
    }
}

/// Reads bytes as UTF-8 text, or says where the first bad byte is (with a lossy copy to show).
pub fn decode(bytes: Vec<u8>) -> Result<String, Box<(ParseError, String)>> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = bytes[..offset]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let col = String::from_utf8_lossy(&bytes[line_start..offset])
            .chars()
            .count()
            + 1;
        let err = ParseError {
            rule: Rule::YamlSyntax,
            message: format!("file is not valid UTF-8 (bad byte 0x{:02x})", bytes[offset]),
            offset: Some(offset),
            line_col: Some((line, col)),
            help: Some("save the file as UTF-8 text".into()),
        };
        Box::new((err, String::from_utf8_lossy(bytes).into_owned()))
    })
}

/// Parses YAML text into `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    if text.contains('\0') {
        let offset = text.find('\0').unwrap_or(0);
        return Err(ParseError {
            rule: Rule::YamlSyntax,
            message: "file holds binary data (a NUL byte), not YAML text".into(),
            offset: Some(offset),
            line_col: None,
            help: None,
        });
    }
    serde_saphyr::from_str_with_options::<T>(text, options(text.len()))
        .map_err(|e| super::explain::explain(convert(e), text))
}

fn convert(error: serde_saphyr::Error) -> ParseError {
    let location = error.location();
    let offset = location
        .and_then(|l| l.span().byte_offset())
        .map(|o| o as usize);
    let line_col = location
        .filter(|l| l.line() > 0)
        .map(|l| (l.line() as usize, l.column().max(1) as usize));
    let text = error.render_with_options(
        serde_saphyr::render_options! { snippets: serde_saphyr::SnippetMode::Off },
    );
    let message = strip_location(&text);
    let (rule, message, help) = classify(message);
    ParseError {
        rule,
        message,
        offset,
        line_col,
        help,
    }
}

fn strip_location(text: &str) -> &str {
    match text.rfind(" at line ") {
        Some(i) if text[i..].contains("column") => &text[..i],
        _ => text,
    }
}

fn classify(message: &str) -> (Rule, String, Option<String>) {
    if message.starts_with("tabs disallowed") {
        return (
            Rule::YamlSyntax,
            "a tab in this line's indentation: YAML indents with spaces".into(),
            Some("replace the tabs at the start of the line with spaces, as many as the lines around it use".into()),
        );
    }
    if let Some(breach) = message.strip_prefix("budget breached: ") {
        let (what, help) = breached(breach);
        return (Rule::YamlSyntax, what, Some(help.into()));
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (name, expected) = split_expected(rest);
        let hint = suggestion(&name, &expected);
        let msg = format!("unknown key `{name}`{}", hint.clone().unwrap_or_default());
        return (
            Rule::UnknownKey,
            msg,
            Some(format!("expected one of: {}", expected.join(", "))),
        );
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (name, expected) = split_expected(rest);
        let hint = suggestion(&name, &expected);
        let msg = format!("unknown value `{name}`{}", hint.unwrap_or_default());
        return (
            Rule::InvalidValue,
            msg,
            Some(format!("expected one of: {}", expected.join(", "))),
        );
    }
    if message.starts_with("duplicate mapping key") {
        let key = message
            .trim_start_matches("duplicate mapping key:")
            .split(',')
            .next()
            .unwrap_or("")
            .trim();
        return (
            Rule::DuplicateKey,
            format!("duplicate key `{key}`"),
            Some("each key may appear once in a mapping; remove or merge the repeated one".into()),
        );
    }
    let is_syntax = [
        "budget",
        "depth",
        "alias",
        "anchor",
        "mapping values are not allowed",
        "did not find expected",
        "while scanning",
        "while parsing",
        "unexpected end of input",
        "invalid",
        "found character",
        "tab",
        "indentation",
        "recursion",
        "unclosed",
        "unterminated",
        "limit",
    ]
    .iter()
    .any(|w| message.to_lowercase().contains(w));
    if let Some(plain) = plain_words(message) {
        return (
            Rule::InvalidValue,
            plain.0.to_string(),
            Some(plain.1.to_string()),
        );
    }
    if let Some(field) = message.strip_prefix("missing field ") {
        let field = field.trim().trim_matches('`');
        return (
            Rule::InvalidValue,
            format!("missing required key `{field}`"),
            Some(format!(
                "add `{field}:` to this mapping; `eventctl schema` describes every key"
            )),
        );
    }
    let lowered = lowercase_first(message);
    if message.starts_with("missing field")
        || message.starts_with("invalid type")
        || message.starts_with("expected")
    {
        return (Rule::InvalidValue, lowered, None);
    }
    if is_syntax {
        (Rule::YamlSyntax, lowered, None)
    } else {
        (Rule::InvalidValue, lowered, None)
    }
}

/// A parser limit that was reached, as a sentence and what to do. `breach` is the parser's
/// debug text of the limit, such as `Depth { depth: 129 }`.
fn breached(breach: &str) -> (String, &'static str) {
    let kind = breach.split([' ', '{']).next().unwrap_or_default();
    let count = breach
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .unwrap_or("?");
    let split = "split the catalog into files with `include`";
    match kind {
        "Depth" => (
            format!("the YAML nests {count} levels deep, past the limit of 128"),
            "flatten the structure, or move parts into their own files with `include`",
        ),
        "Aliases" | "Anchors" | "MergeKeys" => (
            format!(
                "the YAML uses {count} aliases, anchors or merge keys, past the parser's limit: expanding them could take unbounded memory"
            ),
            "write the repeated values out, or use fewer aliases",
        ),
        "Nodes" | "Events" => (
            format!("the YAML holds {count} nodes, more than a file of its size may"),
            split,
        ),
        "ScalarBytes" | "CommentBytes" => (
            format!(
                "the YAML's text ({count} bytes) is past the parser's limit for a file of its size"
            ),
            split,
        ),
        "Documents" => (
            "the file holds more than one YAML document (`---`)".to_string(),
            "keep one document per file; list the others under `include`",
        ),
        _ => (format!("the YAML reaches a parser limit ({kind})"), split),
    }
}

/// The parser's words for a shape, in the catalog's words.
fn plain_words(message: &str) -> Option<(&'static str, &'static str)> {
    Some(match message {
        "expected sequence start" => (
            "expected a list here",
            "write `[a, b]`, or one `- item` per line",
        ),
        "expected mapping start" => (
            "expected a mapping here",
            "write `key: value` lines, or `{key: value}`",
        ),
        "expected string scalar" => (
            "expected a string here",
            "quote the value if it contains YAML punctuation",
        ),
        _ => return None,
    })
}

fn split_expected(rest: &str) -> (String, Vec<String>) {
    let (name, tail) = rest.split_once(',').unwrap_or((rest, ""));
    let name = name.trim().trim_matches('`').to_string();
    let tail = tail.trim();
    let list = tail
        .strip_prefix("expected one of ")
        .or_else(|| tail.strip_prefix("expected "))
        .unwrap_or("");
    let expected = list
        .split(", ")
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty() && s != "there are no fields" && s != "there are no variants")
        .collect();
    (name, expected)
}

fn suggestion(name: &str, expected: &[String]) -> Option<String> {
    crate::diag::did_you_mean(name, expected.iter().map(String::as_str))
        .map(|s| format!("; did you mean `{s}`?"))
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if !s.starts_with("YAML") => c.to_lowercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::RootFile;

    #[test]
    fn unknown_key_suggests_the_closest() {
        let err = parse::<RootFile>("eventctl: 1\nname: x\ncontxts: {}\n").unwrap_err();
        assert_eq!(err.rule, "unknown-key");
        assert!(
            err.message.contains("did you mean `contexts`"),
            "{}",
            err.message
        );
        assert_eq!(err.line_col, Some((3, 1)));
    }

    #[test]
    fn duplicate_keys_are_reported() {
        let err = parse::<RootFile>("eventctl: 1\nname: x\nname: y\n").unwrap_err();
        assert_eq!(err.rule, "duplicate-key");
        assert_eq!(err.line_col.map(|l| l.0), Some(3));
    }

    #[test]
    fn invalid_utf8_points_at_the_byte() {
        let err = decode(b"name: ok\nbad: \xff\n".to_vec()).unwrap_err().0;
        assert_eq!(err.line_col, Some((2, 6)));
    }

    #[test]
    fn yes_is_not_a_boolean() {
        let node = parse::<crate::syntax::Node>("a: yes\nb: 017\n").unwrap();
        assert_eq!(node.get("a").and_then(|n| n.as_str()), Some("yes"));
        assert_eq!(node.get("b").and_then(|n| n.as_str()), Some("017"));
    }
}
