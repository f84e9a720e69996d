//! SVG drawn in-process, with no Graphviz or mermaid-cli: graphs and state machines through a
//! layered layout (`layout.rs`), sequence diagrams row by row (`sequence.rs`), timelines in
//! swimlanes (`timeline.rs`). Text is measured
//! with the widths of a sans-serif font, so that boxes fit their text; colours follow the
//! reader's light or dark scheme.

mod graph;
pub mod layout;
mod order;
mod raster;
mod sequence;
mod timeline;

pub use graph::{Placed, graph, graph_layout, states, states_layout};
pub use raster::png;
pub use sequence::sequence;
pub use timeline::{timeline, timeline_texts};

use std::fmt::Write as _;

/// Font size of labels, in pixels.
pub const FONT: f64 = 12.0;

/// The width a line of text takes at `size` pixels, by character class (a sans-serif font's
/// average widths, rounded up so that text stays inside its box).
pub fn text_width(s: &str, size: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | ' ' => 0.3,
            'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' => 0.38,
            'm' | 'w' | 'M' | 'W' => 0.86,
            c if c.is_ascii_uppercase() => 0.68,
            c if c.is_ascii() => 0.56,
            _ => 1.0,
        })
        .sum();
    (em * size).ceil()
}

/// Text for SVG: `<`, `>`, `&` and quotes as entities, control characters dropped.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The colours of the light scheme, by CSS custom property.
pub const LIGHT: [(&str, &str); 10] = [
    ("fg", "#1f2328"),
    ("bg", "#ffffff"),
    ("muted", "#59636e"),
    ("line", "#57606a"),
    ("box", "#f6f8fa"),
    ("event", "#fff8c5"),
    ("band", "#f6f8fa"),
    ("fail", "#cf222e"),
    ("command", "#ddf4ff"),
    ("view", "#dafbe1"),
];

/// The colours of the dark scheme.
pub const DARK: [(&str, &str); 10] = [
    ("fg", "#e6edf3"),
    ("bg", "#0d1117"),
    ("muted", "#9198a1"),
    ("line", "#9198a1"),
    ("box", "#161b22"),
    ("event", "#3d2e00"),
    ("band", "#161b22"),
    ("fail", "#ff7b72"),
    ("command", "#0c2d6b"),
    ("view", "#033a16"),
];

fn palette(colours: [(&str, &str); 10]) -> String {
    colours
        .iter()
        .map(|(n, c)| format!("--{n}: {c};"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The document's head: size, colours for both schemes, the arrow heads, and the title.
fn open(out: &mut String, width: f64, height: f64, title: &str) {
    let _ = write!(
        out,
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{t}\">\n",
            "<title>{t}</title>\n",
            "<style>\n",
            "svg {{ {light} }}\n",
            "@media (prefers-color-scheme: dark) {{ svg {{ {dark} }} }}\n",
            "text {{ font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; font-size: {f}px; fill: var(--fg); paint-order: stroke; stroke: var(--bg); stroke-width: 3px; stroke-linejoin: round; }}\n",
            ".title {{ font-size: {tf}px; font-weight: 600; }} .muted {{ fill: var(--muted); }}\n",
            ".node {{ fill: var(--box); stroke: var(--line); }} .event {{ fill: var(--event); }}\n",
            ".band {{ fill: var(--band); stroke: var(--line); stroke-dasharray: 2 3; }}\n",
            ".edge {{ fill: none; stroke: var(--line); stroke-width: 1.2; }} .dashed {{ stroke-dasharray: 5 4; }}\n",
            ".fail {{ stroke: var(--fail); }} .lost {{ fill: var(--fail); }}\n",
            ".head {{ fill: var(--line); }} .ring {{ fill: none; stroke: var(--line); }}\n",
            ".frame {{ fill: none; stroke: var(--line); stroke-dasharray: 2 3; }}\n",
            "</style>\n",
            "<rect width=\"100%\" height=\"100%\" fill=\"var(--bg)\"/>\n",
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\"><path class=\"head\" d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n",
            "<text class=\"title\" x=\"16\" y=\"24\">{t}</text>\n",
        ),
        w = width.ceil(),
        h = height.ceil(),
        t = escape(title),
        f = FONT,
        tf = FONT + 3.0,
        light = palette(LIGHT),
        dark = palette(DARK),
    );
}

/// Text centred at (x, y).
fn label(out: &mut String, x: f64, y: f64, text: &str, class: &str) {
    let _ = writeln!(
        out,
        "<text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\"{}>{}</text>",
        y + FONT * 0.35,
        if class.is_empty() {
            String::new()
        } else {
            format!(" class=\"{class}\"")
        },
        escape(text)
    );
}

/// A picture's title row takes this much room above everything.
const TITLE_ROOM: f64 = 40.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_measured_wider_for_wide_letters() {
        assert_eq!(escape("a<b>&\"c'\n"), "a&lt;b&gt;&amp;&quot;c&#39; ");
        assert!(text_width("WWW", FONT) > text_width("iii", FONT));
        assert!(text_width("注文", FONT) >= 2.0 * FONT);
    }
}
