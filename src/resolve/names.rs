//! What a valid name is: an identifier, PascalCase for items, and never a Rust keyword.

/// Rust's strict and reserved keywords (2024 edition), which generated code cannot use as names.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// True for `[A-Za-z][A-Za-z0-9_]*`.
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// True for `PascalCase`: an uppercase first letter, then letters and digits.
pub fn is_pascal_case(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

/// `OrderPlaced` → `order_placed`.
pub fn to_snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_ascii_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if i > 0
                && (prev_lower || next_lower && chars[i - 1].is_ascii_uppercase())
                && !out.ends_with('_')
            {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Why an item name cannot be used, if it cannot.
pub fn name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("a name cannot be empty".into());
    }
    if name.contains(['/', '\\']) || name.contains("..") {
        return Some(format!("`{}` contains a path separator", escape(name)));
    }
    if !is_identifier(name) {
        return Some(format!(
            "`{}` is not an identifier (letters, digits and `_`, starting with a letter)",
            escape(name)
        ));
    }
    let snake = to_snake_case(name);
    if KEYWORDS.contains(&snake.as_str()) || KEYWORDS.contains(&name) {
        return Some(format!(
            "`{name}` becomes the Rust keyword `{snake}` in generated code"
        ));
    }
    None
}

/// Shows control characters and quotes in a name without letting them break a message.
pub fn escape(name: &str) -> String {
    let shown: String = name.chars().take(80).flat_map(char::escape_debug).collect();
    if name.chars().count() > 80 {
        format!("{shown}…")
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_words_and_acronyms() {
        assert_eq!(to_snake_case("OrderPlaced"), "order_placed");
        assert_eq!(to_snake_case("HTTPRequestSent"), "http_request_sent");
        assert_eq!(to_snake_case("Order2Placed"), "order2_placed");
    }

    #[test]
    fn names_that_break_code_or_paths_are_refused() {
        assert!(name_problem("OrderPlaced").is_none());
        assert!(name_problem("Type").is_some());
        assert!(name_problem("Self").is_some());
        assert!(name_problem("../etc/passwd").is_some());
        assert!(name_problem("Order Placed").is_some());
        assert!(name_problem("").is_some());
    }
}
