//! Markdown that GitHub renders as written: user text escaped for paragraphs and table cells,
//! anchors as GitHub makes them, and file names that cannot leave their folder.

/// User text for a paragraph: no HTML, no markup that changes it, one line.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Code text: inside backticks, which hold anything but a backtick or a line break.
pub fn code(s: &str) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c == '`' || c.is_control() { ' ' } else { c })
        .collect();
    format!("`{clean}`")
}

/// The anchor GitHub gives a heading: lowercase, spaces to hyphens, other punctuation dropped.
pub fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// A file name for an item: letters, digits, `_` and `-` only.
pub fn file_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if safe.is_empty() { "_".into() } else { safe }
}

/// A table: header and rows of already-escaped cells.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        header.join(" | "),
        "---|".repeat(header.len())
    );
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// A table cell: a `|` inside a code span would end the cell, so it is escaped there (GitHub
/// reads `\|` in a cell as the character, even inside backticks); outside code, `text` has
/// escaped it already.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_code = false;
    for c in s.chars() {
        match c {
            '`' => in_code = !in_code,
            '|' if in_code => out.push('\\'),
            _ => {}
        }
        out.push(c);
    }
    out
}

/// A fenced Mermaid block.
pub fn mermaid(diagram: &str) -> String {
    format!("```mermaid\n{}```\n", diagram)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pipe_in_code_does_not_end_its_cell() {
        let t = table(&["a", "b"], &[vec![code("x | sum"), text("p|q")]]);
        assert_eq!(t.lines().nth(2), Some("| `x \\| sum` | p\\|q |"));
    }

    #[test]
    fn user_text_stays_text() {
        assert_eq!(
            text("a|b <script> *x*\nnext"),
            "a\\|b &lt;script&gt; \\*x\\* next"
        );
        assert_eq!(code("a`b\nc"), "`a b c`");
        assert_eq!(
            anchor("OrderPlaced v2: what's new"),
            "orderplaced-v2-whats-new"
        );
        assert_eq!(file_name("../etc/passwd"), "___etc_passwd");
    }
}
