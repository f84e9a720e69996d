//! A run as a Mermaid sequence diagram: the saga and each aggregate as participants.

use super::trace::Trace;
use std::fmt::Write as _;

/// Text safe inside a Mermaid message: no line breaks, no characters Mermaid reads as syntax.
fn safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | ';' | '#' | '%' | ':' | '<' | '>' | '"' | '{' | '}' | '`' => ' ',
            c => c,
        })
        .collect()
}

fn participant(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// The sequence diagram of a trace; `title` goes in a note at the top.
pub fn sequence(trace: &Trace, saga: &str, title: &str) -> String {
    let mut out = String::from("sequenceDiagram\n");
    let _ = writeln!(out, "    participant Saga as {}", safe(saga));
    let mut seen: Vec<&str> = Vec::new();
    for r in &trace.rows {
        if let Some(a) = &r.aggregate
            && !seen.contains(&a.as_str())
        {
            seen.push(a);
            let _ = writeln!(out, "    participant {} as {}", participant(a), safe(a));
        }
    }
    let _ = writeln!(out, "    Note over Saga: {}", safe(title));
    for r in &trace.rows {
        let Some(a) = &r.aggregate else {
            let _ = writeln!(
                out,
                "    Note over Saga: {} {}",
                safe(&r.message),
                safe(&r.outcome)
            );
            continue;
        };
        let p = participant(a);
        let state = match (&r.before, &r.after) {
            (Some(b), Some(x)) if b != x => format!(" ({b} to {x})"),
            _ => String::new(),
        };
        if r.kind == "event" {
            let _ = writeln!(out, "    {p}->>Saga: {}{}", safe(&r.message), safe(&state));
            continue;
        }
        let _ = writeln!(out, "    Saga->>{p}: {}", safe(&r.message));
        if r.outcome.contains("rejected") {
            let _ = writeln!(
                out,
                "    {p}--xSaga: rejected in {}",
                safe(r.before.as_deref().unwrap_or(""))
            );
        } else if r.recorded.is_empty() {
            let _ = writeln!(out, "    {p}--xSaga: {}", safe(&r.outcome));
        } else {
            let _ = writeln!(
                out,
                "    {p}-->>Saga: {} {}{}",
                safe(&r.outcome),
                safe(&r.recorded.join(", ")),
                safe(&state)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_from_a_message_can_break_the_diagram() {
        let hostile = "a;b#c%%d:e<f>g\"h{i}j`k\nl";
        assert_eq!(safe(hostile), "a b c  d e f g h i j k l");
        assert_eq!(participant("Order.Order"), "Order_Order");
    }
}
