//! GitHub Actions workflow commands (`::error file=…,line=…::message`) that annotate pull requests.

use super::place;
use crate::diag::{Diagnostic, Severity};
use crate::source::SourceMap;

/// Renders one workflow command per finding.
pub fn render(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diags {
        let kind = if d.severity == Severity::Error {
            "error"
        } else {
            "warning"
        };
        let mut props = vec![format!("title={}", property(d.rule.id()))];
        if let Some(label) = &d.primary {
            let p = place(sources, label.span);
            props.insert(0, format!("file={}", property(&p.file)));
            props.insert(1, format!("line={}", p.line));
            props.insert(2, format!("col={}", p.column));
            props.insert(3, format!("endLine={}", p.end_line));
            if p.end_line == p.line {
                props.insert(4, format!("endColumn={}", p.end_column));
            }
        }
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{kind} {}::{}\n",
            props.join(","),
            data(&message)
        ));
    }
    out
}

fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_would_end_the_command() {
        assert_eq!(data("50%\nnext"), "50%25%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
