//! Timelines as SVG: one section per run, stacked, each a set of horizontal swimlanes with the
//! run's cards in columns. Arrows leave a card on its right, run down or up in the gap after
//! it, along the top edge of the target's lane (where no card sits) and enter the target on
//! its left, so that no line crosses a card's text.

use super::{FONT, TITLE_ROOM, escape, label, open, text_width};
use crate::diagram::ir::{Card, CardKind, Timeline};
use std::fmt::Write as _;

const NOTE_FONT: f64 = 11.0;
const CARD_H: f64 = 42.0;
const GUTTER: f64 = 18.0;
const LANE_H: f64 = CARD_H + 2.0 * GUTTER;
const GAP: f64 = 40.0;
const MARGIN: f64 = 16.0;
const SECTION_TITLE: f64 = 30.0;
const SECTION_GAP: f64 = 24.0;
const LEGEND_H: f64 = 34.0;

/// The legend: what each kind of card and outline means.
const LEGEND: [(&str, &str); 5] = [
    ("card command", "command"),
    ("card event", "event"),
    ("card view", "read model"),
    ("card event failed", "failure or timeout"),
    ("card command comp", "compensation"),
];

/// Where everything of a stack of timelines goes.
struct Geometry {
    /// Each column's left edge and width: the widest card in it.
    columns: Vec<(f64, f64)>,
    width: f64,
    /// The top of each section.
    tops: Vec<f64>,
    height: f64,
}

impl Geometry {
    fn new(title: &str, runs: &[Timeline]) -> Self {
        let label_w = runs
            .iter()
            .flat_map(|t| &t.lanes)
            .map(|l| text_width(l, FONT) + 24.0)
            .fold(80.0, f64::max);
        let lanes_x = MARGIN + label_w;
        let count = runs
            .iter()
            .flat_map(|t| &t.cards)
            .map(|c| c.column + 1)
            .max()
            .unwrap_or(0);
        let mut widths = vec![90.0_f64; count];
        for c in runs.iter().flat_map(|t| &t.cards) {
            let w = text_width(&c.label, FONT).max(text_width(&c.note, NOTE_FONT)) + 20.0;
            widths[c.column] = widths[c.column].max(w);
        }
        let mut x = lanes_x + GAP / 2.0;
        let columns: Vec<(f64, f64)> = widths
            .iter()
            .map(|&w| {
                x += w + GAP;
                (x - w - GAP, w)
            })
            .collect();
        let legend_w: f64 = LEGEND.iter().map(|(_, l)| legend_item_w(l)).sum();
        let width = (x - GAP / 2.0 + MARGIN)
            .max(text_width(title, FONT + 3.0) + 32.0)
            .max(legend_w + 2.0 * MARGIN);
        let mut tops = Vec::with_capacity(runs.len());
        let mut y = TITLE_ROOM + LEGEND_H;
        for t in runs {
            tops.push(y);
            y += SECTION_TITLE + t.lanes.len() as f64 * LANE_H + SECTION_GAP;
        }
        Self {
            columns,
            width,
            tops,
            height: y,
        }
    }

    /// A card's left, top and width.
    fn card(&self, section: usize, c: &Card) -> (f64, f64, f64) {
        let (x, w) = self.columns[c.column];
        (
            x,
            self.tops[section] + SECTION_TITLE + c.lane as f64 * LANE_H + GUTTER,
            w,
        )
    }
}

fn legend_item_w(text: &str) -> f64 {
    28.0 + text_width(text, NOTE_FONT) + 18.0
}

/// Every piece of text of a stack of timelines: its box (left, top, right, bottom), for
/// checking that none overlaps another.
pub fn timeline_texts(title: &str, runs: &[Timeline]) -> Vec<(f64, f64, f64, f64)> {
    let g = Geometry::new(title, runs);
    let mut out = vec![(16.0, 10.0, 16.0 + text_width(title, FONT + 3.0), 30.0)];
    let mut x = MARGIN;
    for (_, text) in LEGEND {
        let w = text_width(text, NOTE_FONT);
        out.push((x + 28.0, TITLE_ROOM + 4.0, x + 28.0 + w, TITLE_ROOM + 18.0));
        x += legend_item_w(text);
    }
    for (s, t) in runs.iter().enumerate() {
        let top = g.tops[s];
        let tw = text_width(&t.title, FONT);
        out.push((MARGIN, top + 6.0, MARGIN + tw, top + 22.0));
        for (i, lane) in t.lanes.iter().enumerate() {
            let y = top + SECTION_TITLE + i as f64 * LANE_H + LANE_H / 2.0;
            let w = text_width(lane, FONT);
            out.push((MARGIN + 8.0, y - 8.0, MARGIN + 8.0 + w, y + 8.0));
        }
        for c in &t.cards {
            let (x, y, w) = g.card(s, c);
            let mid = x + w / 2.0;
            let lw = text_width(&c.label, FONT) / 2.0;
            let nw = text_width(&c.note, NOTE_FONT) / 2.0;
            out.push((mid - lw, y + 6.0, mid + lw, y + 21.0));
            out.push((mid - nw, y + 24.0, mid + nw, y + 37.0));
        }
    }
    out
}

/// A stack of timelines, one section per run, as SVG.
pub fn timeline(title: &str, runs: &[Timeline]) -> String {
    let g = Geometry::new(title, runs);
    let mut out = String::new();
    open(&mut out, g.width, g.height, title);
    out.push_str(concat!(
        "<style>\n",
        ".card { stroke: var(--line); } .command { fill: var(--command); } .event { fill: var(--event); } .view { fill: var(--view); }\n",
        ".failed { stroke: var(--fail); stroke-width: 2.2; } .comp { stroke-dasharray: 5 3; stroke-width: 1.6; }\n",
        ".lane { fill: var(--band); } .note { font-size: 11px; fill: var(--muted); } .section { font-weight: 600; }\n",
        "</style>\n",
    ));
    let mut x = MARGIN;
    for (class, text) in LEGEND {
        let _ = writeln!(
            out,
            "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"22\" height=\"14\" rx=\"2\"/><text class=\"note\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            TITLE_ROOM + 4.0,
            x + 28.0,
            TITLE_ROOM + 15.0,
            escape(text)
        );
        x += legend_item_w(text);
    }
    for (s, t) in runs.iter().enumerate() {
        section(&mut out, &g, s, t);
    }
    out.push_str("</svg>\n");
    out
}

fn section(out: &mut String, g: &Geometry, s: usize, t: &Timeline) {
    let top = g.tops[s];
    let _ = writeln!(
        out,
        "<text class=\"section\" x=\"{MARGIN}\" y=\"{:.1}\">{}</text>",
        top + 18.0,
        escape(&t.title)
    );
    for (i, lane) in t.lanes.iter().enumerate() {
        let y = top + SECTION_TITLE + i as f64 * LANE_H;
        if i % 2 == 0 {
            let _ = writeln!(
                out,
                "<rect class=\"lane\" x=\"{MARGIN}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{LANE_H}\"/>",
                g.width - 2.0 * MARGIN
            );
        }
        let _ = writeln!(
            out,
            "<text class=\"muted\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            MARGIN + 8.0,
            y + LANE_H / 2.0 + FONT * 0.35,
            escape(lane)
        );
    }
    // Failure arrows first, so that where one shares a segment with another arrow, the part
    // that is not a failure is drawn over it.
    let mut links = t.links.clone();
    links.sort_by_key(|&(_, to)| !t.cards[to].failed);
    for (from, to) in links {
        link(out, g, s, &t.cards[from], &t.cards[to]);
    }
    for c in &t.cards {
        let (x, y, w) = g.card(s, c);
        let kind = match c.kind {
            CardKind::Command => "command",
            CardKind::Event => "event",
            CardKind::View => "view",
        };
        let failed = if c.failed { " failed" } else { "" };
        let comp = if c.compensation { " comp" } else { "" };
        let _ = writeln!(
            out,
            "<rect class=\"card {kind}{failed}{comp}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{CARD_H}\" rx=\"3\"/>"
        );
        label(out, x + w / 2.0, y + 14.0, &c.label, "");
        label(out, x + w / 2.0, y + 30.0, &c.note, "note");
    }
}

/// An arrow from a card to the card it caused, kept off every card.
fn link(out: &mut String, g: &Geometry, s: usize, from: &Card, to: &Card) {
    let (fx, fy, fw) = g.card(s, from);
    let (tx, ty, _) = g.card(s, to);
    let (x1, y1) = (fx + fw, fy + CARD_H / 2.0);
    let (x2, y2) = (tx, ty + CARD_H / 2.0);
    let (xa, xb) = (x1 + GAP / 2.0, x2 - GAP / 2.0);
    let path = if to.column == from.column + 1 {
        if from.lane == to.lane {
            format!("M{x1:.1},{y1:.1} H{x2:.1}")
        } else {
            format!("M{x1:.1},{y1:.1} H{xa:.1} V{y2:.1} H{x2:.1}")
        }
    } else {
        let gutter = ty - GUTTER / 2.0;
        format!("M{x1:.1},{y1:.1} H{xa:.1} V{gutter:.1} H{xb:.1} V{y2:.1} H{x2:.1}")
    };
    let class = if to.failed { "edge fail" } else { "edge" };
    let _ = writeln!(
        out,
        "<path class=\"{class}\" d=\"{path}\" marker-end=\"url(#arrow)\"/>"
    );
}
