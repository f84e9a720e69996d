//! Graphviz DOT: graphs with clusters, state machines, and a saga's paths as a graph (DOT has no
//! sequence diagrams, so the happy path is a chain and each failure path branches off it).

use super::ir::{Graph, Item, Sequence, Shape, States};
use std::fmt::Write as _;

/// User text inside a DOT double-quoted string: quotes and backslashes escaped, line breaks as
/// `\n`, other control characters dropped.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

const HEAD: &str = "    fontname=\"Helvetica\";\n    node [fontname=\"Helvetica\", fontsize=11];\n    edge [fontname=\"Helvetica\", fontsize=10];\n";

/// A directed graph, contexts as clusters.
pub fn graph(g: &Graph) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "digraph eventctl {{\n    rankdir=LR;\n    label=\"{}\";\n    labelloc=t;",
        text(&g.title)
    );
    out.push_str(HEAD);
    let node = |i: usize| {
        let n = &g.nodes[i];
        let shape = match n.shape {
            Shape::Box => "box",
            Shape::Round => "box, style=rounded",
        };
        format!("{} [label=\"{}\", shape={shape}];", n.id, text(&n.label))
    };
    let mut placed = vec![false; g.nodes.len()];
    for c in &g.clusters {
        let label = match &c.detail {
            Some(d) => format!("{}\\n{}", text(&c.label), text(d)),
            None => text(&c.label),
        };
        let _ = writeln!(
            out,
            "    subgraph cluster_{} {{\n        label=\"{label}\";\n        style=rounded;",
            c.id
        );
        for &i in &c.nodes {
            placed[i] = true;
            let _ = writeln!(out, "        {}", node(i));
        }
        let _ = writeln!(out, "    }}");
    }
    for (i, done) in placed.iter().enumerate() {
        if !done {
            let _ = writeln!(out, "    {}", node(i));
        }
    }
    for e in &g.edges {
        let style = if e.dashed { ", style=dashed" } else { "" };
        let _ = writeln!(
            out,
            "    {} -> {} [label=\"{}\"{style}];",
            g.nodes[e.from].id,
            g.nodes[e.to].id,
            text(&e.label)
        );
    }
    out.push_str("}\n");
    out
}

fn message(s: &Sequence, item: &Item) -> Option<String> {
    match item {
        Item::Message {
            from,
            to,
            text: t,
            lost,
            ..
        } => Some(format!(
            "{} → {}: {}{}",
            s.participants[*from].1,
            s.participants[*to].1,
            t,
            if *lost { " ✗" } else { "" }
        )),
        Item::Note { text: t, .. } => Some(format!("note: {t}")),
        Item::Block { .. } => None,
    }
}

/// A saga as a graph: the happy path as a chain, each failure path as a branch.
pub fn sequence(s: &Sequence) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "digraph eventctl {{\n    rankdir=TB;\n    label=\"{}\";\n    labelloc=t;",
        text(&s.title)
    );
    out.push_str(HEAD);
    out.push_str("    node [shape=box, style=rounded];\n");
    let mut main: Vec<Option<String>> = Vec::new();
    let mut previous: Option<String> = None;
    out.push_str(
        "    subgraph cluster_main {\n        label=\"happy path\";\n        style=bold;\n",
    );
    for (i, item) in s.items.iter().enumerate() {
        let Some(label) = message(s, item) else {
            main.push(None);
            continue;
        };
        let id = format!("m{i}");
        let _ = writeln!(out, "    {id} [label=\"{}\"];", text(&label));
        if let Some(p) = &previous {
            let _ = writeln!(out, "    {p} -> {id};");
        }
        previous = Some(id.clone());
        main.push(Some(id));
    }
    out.push_str("    }\n");
    for (b, item) in s.items.iter().enumerate() {
        let Item::Block {
            label,
            anchor,
            items,
        } = item
        else {
            continue;
        };
        let _ = writeln!(
            out,
            "    subgraph cluster_b{b} {{\n        label=\"{}\";\n        style=dashed;",
            text(label)
        );
        let mut prev = anchor.and_then(|a| main.get(a).cloned().flatten());
        for (i, inner) in items.iter().enumerate() {
            let Some(text_) = message(s, inner) else {
                continue;
            };
            let id = format!("b{b}_{i}");
            let _ = writeln!(out, "        {id} [label=\"{}\"];", text(&text_));
            if let Some(p) = &prev {
                let style = if i == 0 { " [style=dashed]" } else { "" };
                let _ = writeln!(out, "        {p} -> {id}{style};");
            }
            prev = Some(id);
        }
        let _ = writeln!(out, "    }}");
    }
    out.push_str("}\n");
    out
}

/// A state machine: a point for the start, double circles for final states.
pub fn states(m: &States) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "digraph eventctl {{\n    rankdir=LR;\n    label=\"{}\";\n    labelloc=t;",
        text(&m.title)
    );
    out.push_str(HEAD);
    for (i, (id, label)) in m.states.iter().enumerate() {
        let shape = if m.finals.contains(&i) {
            "doublecircle"
        } else {
            "circle"
        };
        let _ = writeln!(out, "    {id} [label=\"{}\", shape={shape}];", text(label));
    }
    if let Some(i) = m.initial {
        let _ = writeln!(
            out,
            "    start [shape=point, width=0.2];\n    start -> {};",
            m.states[i].0
        );
    }
    for (from, to, label) in &m.transitions {
        let _ = writeln!(
            out,
            "    {} -> {} [label=\"{}\"];",
            m.states[*from].0,
            m.states[*to].0,
            text(label)
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn quotes_backslashes_and_breaks_stay_inside_the_string() {
        assert_eq!(text("a\"b\\c\nd\re<f>"), "a\\\"b\\\\c\\nde<f>");
    }
}
