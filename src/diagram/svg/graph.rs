//! Graphs (context maps, flows) and state machines as SVG, through the layered layout: nodes as
//! boxes that fit their text, clusters as titled bands, edges as curves through their label's
//! place, the label written just above the curve.

use super::layout::{self, CLUSTER_PAD, Item, Layout, Place};
use super::{FONT, TITLE_ROOM, escape, label, open, text_width};
use crate::diagram::ir::{Graph, Shape, States};
use std::fmt::Write as _;

const NODE_H: f64 = 34.0;
const PAD_X: f64 = 24.0;
/// A label vertex: text above its centre, the edge's line below it.
const LABEL_H: f64 = 28.0;
/// The label's baseline, above the vertex's centre.
const BASELINE_UP: f64 = 2.0;
/// The edge's line, below the vertex's centre.
const LINE_DOWN: f64 = 7.0;
const MARKER: f64 = 14.0;

/// What a picture holds, placed: boxes and texts, for drawing and for checking.
pub struct Placed {
    /// The layout.
    pub layout: Layout,
    /// Each node's size.
    pub sizes: Vec<(f64, f64)>,
    /// Each edge label's width.
    pub label_widths: Vec<f64>,
    /// Every piece of text: its box (left, top, right, bottom).
    pub texts: Vec<(f64, f64, f64, f64)>,
}

/// The layout of a graph and the boxes of its texts.
pub fn graph_layout(g: &Graph) -> Placed {
    let mut cluster_of = vec![None; g.nodes.len()];
    for (k, c) in g.clusters.iter().enumerate() {
        for &i in &c.nodes {
            cluster_of[i] = Some(k);
        }
    }
    let sizes: Vec<(f64, f64)> = g
        .nodes
        .iter()
        .map(|n| (text_width(&n.label, FONT) + PAD_X, NODE_H))
        .collect();
    let items: Vec<Item> = sizes
        .iter()
        .zip(&cluster_of)
        .map(|(&size, &cluster)| Item { size, cluster })
        .collect();
    let edges: Vec<(usize, usize, (f64, f64))> = g
        .edges
        .iter()
        .map(|e| (e.from, e.to, label_size(&e.label)))
        .collect();
    let titles: Vec<(String, Option<String>)> = g
        .clusters
        .iter()
        .map(|c| (c.label.clone(), c.detail.clone()))
        .collect();
    place(&items, &edges, &titles, sizes)
}

fn label_size(text: &str) -> (f64, f64) {
    if text.is_empty() {
        (0.0, 8.0)
    } else {
        (text_width(text, FONT - 1.0) + 8.0, LABEL_H)
    }
}

fn place(
    items: &[Item],
    edges: &[(usize, usize, (f64, f64))],
    titles: &[(String, Option<String>)],
    sizes: Vec<(f64, f64)>,
) -> Placed {
    let widths: Vec<f64> = titles
        .iter()
        .map(|(t, d)| title_width(t, d.as_deref()))
        .collect();
    let mut layout = layout::layout(items, edges, &widths);
    shift(&mut layout, TITLE_ROOM);
    let mut texts = Vec::new();
    for (p, s) in layout.nodes.iter().zip(&sizes) {
        let w = s.0 - PAD_X;
        texts.push((
            p.x - w / 2.0,
            p.y - FONT / 2.0,
            p.x + w / 2.0,
            p.y + FONT / 2.0,
        ));
    }
    let label_widths: Vec<f64> = edges
        .iter()
        .map(|e| if e.2.0 > 0.0 { e.2.0 - 8.0 } else { 0.0 })
        .collect();
    for (p, w) in layout.labels.iter().zip(&label_widths) {
        if *w > 0.0 {
            let y = p.y - BASELINE_UP;
            texts.push((p.x - w / 2.0, y - FONT, p.x + w / 2.0, y));
        }
    }
    for (band, (title, detail)) in layout.bands.iter_mut().zip(titles) {
        if band.1 <= band.0 {
            continue;
        }
        let wide = title_width(title, detail.as_deref());
        band.3 = band.3.max(band.2 + wide + 2.0 * CLUSTER_PAD);
        texts.push((
            band.2 + CLUSTER_PAD,
            band.0 + 4.0,
            band.2 + CLUSTER_PAD + wide,
            band.0 + 30.0,
        ));
        layout.size.0 = layout.size.0.max(band.3 + CLUSTER_PAD);
    }
    Placed {
        layout,
        sizes,
        label_widths,
        texts,
    }
}

/// How wide a cluster's title and detail lines are.
fn title_width(title: &str, detail: Option<&str>) -> f64 {
    text_width(title, FONT + 1.0).max(detail.map_or(0.0, |d| text_width(d, FONT - 1.0)))
}

fn shift(l: &mut Layout, dy: f64) {
    let all = l
        .nodes
        .iter_mut()
        .chain(l.labels.iter_mut())
        .chain(l.paths.iter_mut().flatten());
    for p in all {
        p.y += dy;
    }
    for b in &mut l.bands {
        b.0 += dy;
        b.1 += dy;
    }
    l.size.1 += dy;
}

/// A graph as SVG.
pub fn graph(g: &Graph) -> String {
    let placed = graph_layout(g);
    let rounds: Vec<bool> = g.nodes.iter().map(|n| n.shape == Shape::Round).collect();
    let labels: Vec<&str> = g.nodes.iter().map(|n| n.label.as_str()).collect();
    let edges: Vec<(&str, bool)> = g
        .edges
        .iter()
        .map(|e| (e.label.as_str(), e.dashed))
        .collect();
    let titles: Vec<(String, Option<String>)> = g
        .clusters
        .iter()
        .map(|c| (c.label.clone(), c.detail.clone()))
        .collect();
    draw(&g.title, &placed, &labels, &rounds, &edges, &titles, &[])
}

/// The layout of a state machine: its states, the initial marker (the last node), and the
/// transitions (the initial one last).
pub fn states_layout(m: &States) -> Placed {
    let mut sizes: Vec<(f64, f64)> = m
        .states
        .iter()
        .map(|(_, l)| (text_width(l, FONT) + PAD_X, NODE_H))
        .collect();
    sizes.push((MARKER, MARKER));
    let items: Vec<Item> = sizes
        .iter()
        .map(|&size| Item {
            size,
            cluster: None,
        })
        .collect();
    let mut edges: Vec<(usize, usize, (f64, f64))> = m
        .transitions
        .iter()
        .map(|(a, b, l)| (*a, *b, label_size(l)))
        .collect();
    if let Some(i) = m.initial {
        edges.push((m.states.len(), i, label_size("")));
    }
    place(&items, &edges, &[], sizes)
}

/// A state machine as SVG: the initial marker, states as rounded boxes (finals doubled), and
/// transitions labelled with their command and event.
pub fn states(m: &States) -> String {
    let placed = states_layout(m);
    let mut edge_text: Vec<(&str, bool)> = m
        .transitions
        .iter()
        .map(|(_, _, l)| (l.as_str(), false))
        .collect();
    if m.initial.is_some() {
        edge_text.push(("", false));
    }
    let mut labels: Vec<&str> = m.states.iter().map(|(_, l)| l.as_str()).collect();
    labels.push("");
    let rounds = vec![true; labels.len()];
    draw(
        &m.title,
        &placed,
        &labels,
        &rounds,
        &edge_text,
        &[],
        &m.finals,
    )
}

#[allow(clippy::too_many_arguments)]
fn draw(
    title: &str,
    placed: &Placed,
    labels: &[&str],
    rounds: &[bool],
    edges: &[(&str, bool)],
    titles: &[(String, Option<String>)],
    finals: &[usize],
) -> String {
    let l = &placed.layout;
    let mut out = String::new();
    let width = l.size.0.max(text_width(title, FONT + 3.0) + 32.0);
    open(&mut out, width, l.size.1, title);
    for (b, (t, detail)) in l.bands.iter().zip(titles) {
        if b.1 <= b.0 {
            continue;
        }
        let _ = writeln!(
            out,
            "<rect class=\"band\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"8\"/>",
            b.2,
            b.0,
            b.3 - b.2,
            b.1 - b.0
        );
        let _ = writeln!(
            out,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-weight=\"600\" font-size=\"{}\">{}</text>",
            b.2 + CLUSTER_PAD,
            b.0 + 17.0,
            FONT + 1.0,
            escape(t)
        );
        if let Some(d) = detail {
            let _ = writeln!(
                out,
                "<text class=\"muted\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"{}\">{}</text>",
                b.2 + CLUSTER_PAD,
                b.0 + 30.0,
                FONT - 1.0,
                escape(d)
            );
        }
    }
    for (k, path) in l.paths.iter().enumerate() {
        let (text, dashed) = edges[k];
        let d = curve(path, placed, k);
        let class = if dashed { "edge dashed fail" } else { "edge" };
        let _ = writeln!(
            out,
            "<path class=\"{class}\" d=\"{d}\" marker-end=\"url(#arrow)\"/>"
        );
        if !text.is_empty() {
            let p = l.labels[k];
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"{}\" class=\"muted\">{}</text>",
                p.x,
                p.y - BASELINE_UP,
                FONT - 1.0,
                escape(text)
            );
        }
    }
    for (i, p) in l.nodes.iter().enumerate() {
        let (w, h) = placed.sizes[i];
        if labels[i].is_empty() {
            let _ = writeln!(
                out,
                "<circle class=\"head\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\"/>",
                p.x,
                p.y,
                w / 2.0
            );
            continue;
        }
        let (class, rx) = if rounds[i] {
            ("node event", h / 2.0)
        } else {
            ("node", 4.0)
        };
        let _ = writeln!(
            out,
            "<rect class=\"{class}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" rx=\"{rx:.1}\"/>",
            p.x - w / 2.0,
            p.y - h / 2.0
        );
        if finals.contains(&i) {
            let _ = writeln!(
                out,
                "<rect class=\"ring\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{:.1}\"/>",
                p.x - w / 2.0 + 3.0,
                p.y - h / 2.0 + 3.0,
                w - 6.0,
                h - 6.0,
                rx - 3.0
            );
        }
        label(&mut out, p.x, p.y, labels[i], "");
    }
    out.push_str("</svg>\n");
    out
}

/// An edge's curve: out of its source's side, straight through every column it passes (its
/// label's line included), bending only in the gaps between columns, into its target's side.
fn curve(path: &[Place], placed: &Placed, edge: usize) -> String {
    if path.len() == 3 && path[0] == path[2] {
        return loop_curve(path, placed, edge);
    }
    let l = &placed.layout;
    let columns = &l.columns[edge];
    let last = path.len() - 1;
    let looped = last > 0 && path[0] == path[last];
    let mut points: Vec<Place> = Vec::new();
    for (i, p) in path.iter().enumerate() {
        let prev = if i > 0 { path[i - 1] } else { *p };
        let next = if i < last { path[i + 1] } else { *p };
        let dir = if i == 0 {
            (next.x - p.x).signum()
        } else if i == last {
            (p.x - prev.x).signum()
        } else if next.x != prev.x {
            (next.x - prev.x).signum()
        } else {
            1.0
        };
        let dir = if dir == 0.0 { 1.0 } else { dir };
        let (cl, cr) = columns[i];
        let (entry, exit) = if dir > 0.0 { (cl, cr) } else { (cr, cl) };
        let at = |x: f64, y: f64| Place { x, y };
        if i == 0 || i == last {
            let n = l.nodes.iter().position(|n| n == p).unwrap_or(0);
            let side = placed.sizes[n].0 / 2.0;
            if i == 0 {
                points.push(at(p.x + dir * side, p.y));
                points.push(at(exit, p.y));
            } else if looped {
                points.push(at(p.x + side + 14.0, p.y + 10.0));
                points.push(at(p.x + side, p.y + 6.0));
            } else {
                points.push(at(entry, p.y));
                points.push(at(p.x - dir * side, p.y));
            }
        } else {
            let y = if *p == l.labels[edge] && placed.label_widths[edge] > 0.0 {
                p.y + LINE_DOWN
            } else {
                p.y
            };
            points.push(at(entry, y));
            points.push(at(exit, y));
        }
    }
    points.dedup();
    let mut d = format!("M{:.1},{:.1}", points[0].x, points[0].y);
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (b.y - a.y).abs() < 0.5 {
            let _ = write!(d, " L{:.1},{:.1}", b.x, b.y);
        } else {
            let dx = ((b.x - a.x) / 2.0).abs().max(12.0) * (b.x - a.x).signum().max(-1.0);
            let dx = if b.x == a.x { 12.0 } else { dx };
            let _ = write!(
                d,
                " C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                a.x + dx,
                a.y,
                b.x - dx,
                b.y,
                b.x,
                b.y
            );
        }
    }
    d
}

/// A transition from a state to itself: out of the state's right side, along under its label,
/// a turn, and back under that line into the state, all within the label's own room.
fn loop_curve(path: &[Place], placed: &Placed, edge: usize) -> String {
    let l = &placed.layout;
    let (s, lab) = (path[0], path[1]);
    let n = l.nodes.iter().position(|n| *n == s).unwrap_or(0);
    let side = s.x + placed.sizes[n].0 / 2.0;
    let (_, node_right) = l.columns[edge][0];
    let (cl, cr) = l.columns[edge][1];
    let turn = cr - layout::LOOP_TURN;
    let out = lab.y + LINE_DOWN;
    let back = out + layout::LOOP_BACK;
    let r = layout::LOOP_BACK / 2.0;
    let dx = ((cl - node_right) / 2.0).max(12.0);
    format!(
        "M{side:.1},{:.1} L{node_right:.1},{:.1} C{:.1},{:.1} {:.1},{out:.1} {cl:.1},{out:.1} L{turn:.1},{out:.1} A{r:.1},{r:.1} 0 0 1 {turn:.1},{back:.1} L{cl:.1},{back:.1} C{:.1},{back:.1} {:.1},{:.1} {node_right:.1},{:.1} L{side:.1},{:.1}",
        s.y - 5.0,
        s.y - 5.0,
        node_right + dx,
        s.y - 5.0,
        cl - dx,
        cl - dx,
        node_right + dx,
        s.y + 5.0,
        s.y + 5.0,
        s.y + 5.0,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagram::ir::{Cluster, Edge, Node};

    fn node(id: &str, label: &str) -> Node {
        Node {
            id: id.into(),
            label: label.into(),
            shape: Shape::Box,
        }
    }

    #[test]
    fn texts_never_overlap_and_labels_are_escaped() {
        let g = Graph {
            title: "t <&>".into(),
            clusters: vec![Cluster {
                id: "c".into(),
                label: "Order".into(),
                detail: Some("orders-team".into()),
                nodes: vec![0, 1],
            }],
            nodes: vec![
                node("a", "PlaceOrder"),
                node("b", "OrderPlaced"),
                node("c", "ReserveInventory"),
            ],
            edges: vec![
                Edge {
                    from: 0,
                    to: 1,
                    label: "emits".into(),
                    dashed: false,
                },
                Edge {
                    from: 1,
                    to: 2,
                    label: "triggers".into(),
                    dashed: false,
                },
                Edge {
                    from: 0,
                    to: 2,
                    label: "a long label that runs on".into(),
                    dashed: true,
                },
            ],
        };
        let placed = graph_layout(&g);
        for (i, a) in placed.texts.iter().enumerate() {
            for b in &placed.texts[i + 1..] {
                let apart = a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1;
                assert!(apart, "{a:?} overlaps {b:?}");
            }
        }
        let svg = graph(&g);
        assert!(
            svg.contains("t &lt;&amp;&gt;") && svg.contains("stroke-dasharray"),
            "{svg}"
        );
        assert_eq!(svg.matches("<path class=\"edge").count(), 3);
    }
}
