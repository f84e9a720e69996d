//! PlantUML: component diagrams for graphs, sequence diagrams, state diagrams. Sticks to syntax
//! that Debian's PlantUML (1.2020) reads.

use super::ir::{Graph, Item, Sequence, Shape, States};
use std::fmt::Write as _;

/// User text as PlantUML shows it literally. Letters, digits, spaces and a few plain marks stay;
/// `_`, `/` and `-` stay unless doubled (doubled, they are creole markup); every other
/// character becomes an `&#code;` entity (a backslash and a dollar sign become `<U+…>`, which
/// PlantUML's entity decoder would misread), so no quote, markup, `<img>` tag or line break can
/// take effect.
pub fn text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let doubled = (i > 0 && chars[i - 1] == c) || chars.get(i + 1) == Some(&c);
        match c {
            c if c.is_alphanumeric() || matches!(c, ' ' | '.' | ',' | '(' | ')' | '→') => {
                out.push(c)
            }
            '_' | '/' | '-' if !doubled => out.push(c),
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '$' => {
                let _ = write!(out, "<U+{:04X}>", c as u32);
            }
            c => {
                let _ = write!(out, "&#{};", c as u32);
            }
        }
    }
    out
}

/// A graph: contexts as rectangles holding their nodes.
pub fn graph(g: &Graph) -> String {
    let mut out = String::from("@startuml\nleft to right direction\nskinparam shadowing false\n");
    let _ = writeln!(out, "title {}", text(&g.title));
    let node = |i: usize| {
        let n = &g.nodes[i];
        let kind = match n.shape {
            Shape::Box => "rectangle",
            Shape::Round => "usecase",
        };
        format!("{kind} \"{}\" as {}", text(&n.label), n.id)
    };
    let mut placed = vec![false; g.nodes.len()];
    for c in &g.clusters {
        let label = match &c.detail {
            Some(d) => format!("{}\\n{}", text(&c.label), text(d)),
            None => text(&c.label),
        };
        let _ = writeln!(out, "package \"{label}\" as {} {{", c.id);
        for &i in &c.nodes {
            placed[i] = true;
            let _ = writeln!(out, "  {}", node(i));
        }
        out.push_str("}\n");
    }
    for (i, done) in placed.iter().enumerate() {
        if !done {
            let _ = writeln!(out, "{}", node(i));
        }
    }
    for e in &g.edges {
        let arrow = if e.dashed { "..>" } else { "-->" };
        let label = if e.label.is_empty() {
            String::new()
        } else {
            format!(" : {}", text(&e.label))
        };
        let _ = writeln!(
            out,
            "{} {arrow} {}{label}",
            g.nodes[e.from].id, g.nodes[e.to].id
        );
    }
    out.push_str("@enduml\n");
    out
}

fn items(out: &mut String, s: &Sequence, list: &[Item]) {
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
                    (_, true) => "->x",
                    (true, false) => "-->",
                    (false, false) => "->",
                };
                let _ = writeln!(
                    out,
                    "{} {arrow} {} : {}",
                    s.participants[*from].0,
                    s.participants[*to].0,
                    text(t)
                );
            }
            Item::Note { over, text: t } => {
                let _ = writeln!(out, "note over {} : {}", s.participants[*over].0, text(t));
            }
            Item::Block {
                label,
                items: inner,
                ..
            } => {
                let _ = writeln!(out, "opt {}", text(label));
                items(out, s, inner);
                out.push_str("end\n");
            }
        }
    }
}

/// A sequence diagram; each failure path is an `opt` block.
pub fn sequence(s: &Sequence) -> String {
    let mut out = String::from("@startuml\nskinparam shadowing false\n");
    let _ = writeln!(out, "title {}", text(&s.title));
    for (id, label) in &s.participants {
        let _ = writeln!(out, "participant \"{}\" as {id}", text(label));
    }
    items(&mut out, s, &s.items);
    out.push_str("@enduml\n");
    out
}

/// A state diagram with `[*]` for the start and the ends.
pub fn states(m: &States) -> String {
    let mut out = String::from("@startuml\nskinparam shadowing false\nhide empty description\n");
    let _ = writeln!(out, "title {}", text(&m.title));
    for (id, label) in &m.states {
        let _ = writeln!(out, "state \"{}\" as {id}", text(label));
    }
    if let Some(i) = m.initial {
        let _ = writeln!(out, "[*] --> {}", m.states[i].0);
    }
    for (from, to, label) in &m.transitions {
        let _ = writeln!(
            out,
            "{} --> {} : {}",
            m.states[*from].0,
            m.states[*to].0,
            text(label)
        );
    }
    for &f in &m.finals {
        let _ = writeln!(out, "{} --> [*]", m.states[f].0);
    }
    out.push_str("@enduml\n");
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn markup_and_quotes_become_entities() {
        assert_eq!(
            text("a\"<img:x>\\n$"),
            "a&#34;&#60;img&#58;x&#62;<U+005C>n<U+0024>"
        );
    }
}
