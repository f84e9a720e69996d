//! Mermaid: flowcharts, sequence diagrams and state diagrams, as GitHub renders them.

use super::ir::{Graph, Item, Sequence, Shape, States};
use std::fmt::Write as _;

/// User text as Mermaid reads it literally: letters, digits and a few safe characters stay;
/// everything else becomes a `#code;` entity, so no quote, bracket, `%%`, `;` or line break can
/// end a label or start a statement.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() || matches!(c, ' ' | '_' | '.' | ',' | '(' | ')' | '/' | '→') {
            out.push(c);
        } else if c == '\n' || c == '\r' || c == '\t' {
            out.push(' ');
        } else {
            let _ = write!(out, "#{};", c as u32);
        }
    }
    out
}

/// A title in the YAML front matter, which Mermaid does not decode entities in: a
/// double-quoted YAML string with quotes and backslashes escaped and line breaks as spaces.
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A flowchart, left to right, contexts as subgraphs.
pub fn graph(g: &Graph) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\ntitle: \"{}\"\n---\nflowchart LR",
        title(&g.title)
    );
    let node = |i: usize| {
        let n = &g.nodes[i];
        match n.shape {
            Shape::Box => format!("{}[\"{}\"]", n.id, text(&n.label)),
            Shape::Round => format!("{}([\"{}\"])", n.id, text(&n.label)),
        }
    };
    let mut placed = vec![false; g.nodes.len()];
    for c in &g.clusters {
        let title = match &c.detail {
            Some(d) => format!("{}<br/><small>{}</small>", text(&c.label), text(d)),
            None => text(&c.label),
        };
        let _ = writeln!(out, "    subgraph {}[\"{title}\"]", c.id);
        for &i in &c.nodes {
            placed[i] = true;
            let _ = writeln!(out, "        {}", node(i));
        }
        let _ = writeln!(out, "    end");
    }
    for (i, done) in placed.iter().enumerate() {
        if !done {
            let _ = writeln!(out, "    {}", node(i));
        }
    }
    for e in &g.edges {
        let arrow = if e.dashed { "-.->" } else { "-->" };
        let (from, to) = (&g.nodes[e.from].id, &g.nodes[e.to].id);
        if e.label.is_empty() {
            let _ = writeln!(out, "    {from} {arrow} {to}");
        } else {
            let _ = writeln!(out, "    {from} {arrow}|\"{}\"| {to}", text(&e.label));
        }
    }
    out
}

fn items(out: &mut String, s: &Sequence, list: &[Item], indent: &str) {
    for item in list {
        match item {
            Item::Message {
                from,
                to,
                text: t,
                reply,
                lost,
            } => {
                let arrow = match (reply, lost) {
                    (_, true) => "--x",
                    (true, false) => "-->>",
                    (false, false) => "->>",
                };
                let _ = writeln!(
                    out,
                    "{indent}{}{arrow}{}: {}",
                    s.participants[*from].0,
                    s.participants[*to].0,
                    text(t)
                );
            }
            Item::Note { over, text: t } => {
                let _ = writeln!(
                    out,
                    "{indent}Note over {}: {}",
                    s.participants[*over].0,
                    text(t)
                );
            }
            Item::Block {
                label,
                items: inner,
                ..
            } => {
                let _ = writeln!(out, "{indent}opt {}", text(label));
                items(out, s, inner, &format!("{indent}    "));
                let _ = writeln!(out, "{indent}end");
            }
        }
    }
}

/// A sequence diagram; each failure path is an `opt` block.
pub fn sequence(s: &Sequence) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\ntitle: \"{}\"\n---\nsequenceDiagram",
        title(&s.title)
    );
    for (id, label) in &s.participants {
        let _ = writeln!(out, "    participant {id} as {}", text(label));
    }
    items(&mut out, s, &s.items, "    ");
    out
}

/// A state diagram with `[*]` for the start and the ends.
pub fn states(m: &States) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "---\ntitle: \"{}\"\n---\nstateDiagram-v2",
        title(&m.title)
    );
    for (id, label) in &m.states {
        let _ = writeln!(out, "    state \"{}\" as {id}", text(label));
    }
    if let Some(i) = m.initial {
        let _ = writeln!(out, "    [*] --> {}", m.states[i].0);
    }
    for (from, to, label) in &m.transitions {
        let _ = writeln!(
            out,
            "    {} --> {} : {}",
            m.states[*from].0,
            m.states[*to].0,
            text(label)
        );
    }
    for &f in &m.finals {
        let _ = writeln!(out, "    {} --> [*]", m.states[f].0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn nothing_from_the_user_survives_as_syntax() {
        assert_eq!(
            text("a\"b]c;d#e%%f|g<h>i\nj"),
            "a#34;b#93;c#59;d#35;e#37;#37;f#124;g#60;h#62;i j"
        );
        assert_eq!(text("Größe 日本"), "Größe 日本");
        assert_eq!(text("end"), "end");
    }
}
