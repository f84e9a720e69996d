//! Sequence diagrams as SVG: a column per participant, a row per message with its text above
//! the arrow, and each failure path as a titled frame. Columns are spaced so that every
//! message's text fits between its two participants.

use super::{FONT, TITLE_ROOM, escape, label, open, text_width};
use crate::diagram::ir::{Item, Sequence};
use std::fmt::Write as _;

const HEAD_H: f64 = 34.0;
const ROW: f64 = 34.0;
const FRAME_TITLE: f64 = 26.0;
const MARGIN: f64 = 24.0;

/// Where things go: each column's centre and the picture's width.
struct Columns {
    x: Vec<f64>,
    width: f64,
}

/// A sequence diagram as SVG.
pub fn sequence(s: &Sequence) -> String {
    let cols = columns(s);
    let mut body = String::new();
    let mut y = TITLE_ROOM + HEAD_H + 16.0;
    rows(&s.items, &cols, &mut y, &mut body, 0);
    let height = y + 16.0;
    let mut out = String::new();
    let width = cols.width.max(text_width(&s.title, FONT + 3.0) + 32.0);
    open(&mut out, width, height, &s.title);
    for (i, (_, name)) in s.participants.iter().enumerate() {
        let w = text_width(name, FONT) + 24.0;
        let x = cols.x[i];
        let _ = writeln!(
            out,
            "<line class=\"edge dashed\" x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"/>",
            TITLE_ROOM + HEAD_H,
            height - 8.0
        );
        let _ = writeln!(
            out,
            "<rect class=\"node\" x=\"{:.1}\" y=\"{TITLE_ROOM:.1}\" width=\"{w:.1}\" height=\"{HEAD_H:.1}\" rx=\"4\"/>",
            x - w / 2.0
        );
        label(&mut out, x, TITLE_ROOM + HEAD_H / 2.0, name, "");
    }
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

/// Column centres: far enough apart for the participants' boxes and for every message's text
/// between its two columns (a message to itself needs room on its right).
fn columns(s: &Sequence) -> Columns {
    let n = s.participants.len().max(1);
    let heads: Vec<f64> = s
        .participants
        .iter()
        .map(|(_, l)| text_width(l, FONT) + 24.0)
        .collect();
    let mut gap: Vec<f64> = (0..n.saturating_sub(1))
        .map(|i| (heads[i] + heads[i + 1]) / 2.0 + 20.0)
        .collect();
    let mut right = heads.last().map_or(0.0, |h| h / 2.0);
    let mut needs: Vec<(usize, usize, f64)> = Vec::new();
    collect(&s.items, &mut needs);
    needs.sort_by_key(|&(a, b, _)| a.abs_diff(b));
    for (a, b, w) in needs {
        let (lo, hi) = (a.min(b), a.max(b));
        if lo == hi {
            if lo + 1 < n {
                gap[lo] = gap[lo].max(w + 36.0);
            } else {
                right = right.max(w + 36.0);
            }
            continue;
        }
        let span: f64 = gap[lo..hi].iter().sum();
        let want = w + 24.0;
        if span < want {
            let extra = (want - span) / (hi - lo) as f64;
            for g in &mut gap[lo..hi] {
                *g += extra;
            }
        }
    }
    let mut x = Vec::with_capacity(n);
    let mut at = MARGIN + heads.first().map_or(0.0, |h| h / 2.0);
    x.push(at);
    for g in &gap {
        at += g;
        x.push(at);
    }
    let titles = frame_titles(&s.items);
    Columns {
        x,
        width: (at + right + MARGIN).max(titles + 2.0 * MARGIN),
    }
}

/// The widest frame title.
fn frame_titles(items: &[Item]) -> f64 {
    items
        .iter()
        .map(|i| match i {
            Item::Block { label, items, .. } => {
                text_width(label, FONT).max(frame_titles(items)) + 20.0
            }
            _ => 0.0,
        })
        .fold(0.0, f64::max)
}

fn collect(items: &[Item], out: &mut Vec<(usize, usize, f64)>) {
    for item in items {
        match item {
            Item::Message { from, to, text, .. } => out.push((*from, *to, text_width(text, FONT))),
            Item::Note { over, text } => out.push((*over, *over, text_width(text, FONT))),
            Item::Block { items, .. } => collect(items, out),
        }
    }
}

/// Draws items from `y` down, moving `y` on.
fn rows(items: &[Item], cols: &Columns, y: &mut f64, out: &mut String, depth: usize) {
    for item in items {
        match item {
            Item::Message {
                from,
                to,
                text,
                reply,
                lost,
            } => {
                let (a, b) = (cols.x[*from], cols.x[*to]);
                let line = *y + ROW - 10.0;
                let class = if *reply { "edge dashed" } else { "edge" };
                if from == to {
                    let _ = writeln!(
                        out,
                        "<path class=\"{class}\" d=\"M{a:.1},{:.1} h28 v12 h-28\" marker-end=\"url(#arrow)\"/>",
                        line - 6.0
                    );
                    let _ = writeln!(
                        out,
                        "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                        a + 34.0,
                        line - 2.0,
                        escape(text)
                    );
                } else {
                    let end = if *lost {
                        (a + b) / 2.0 + (b - a).signum() * 8.0
                    } else {
                        b
                    };
                    let _ = writeln!(
                        out,
                        "<line class=\"{class}{}\" x1=\"{a:.1}\" y1=\"{line:.1}\" x2=\"{end:.1}\" y2=\"{line:.1}\"{}/>",
                        if *lost { " fail" } else { "" },
                        if *lost {
                            ""
                        } else {
                            " marker-end=\"url(#arrow)\""
                        }
                    );
                    if *lost {
                        let _ = writeln!(
                            out,
                            "<path class=\"edge fail\" d=\"M{:.1},{:.1} l10,10 m0,-10 l-10,10\"/>",
                            end - 5.0,
                            line - 5.0
                        );
                    }
                    label(
                        out,
                        (a + b) / 2.0,
                        line - 12.0,
                        text,
                        if *lost { "lost" } else { "" },
                    );
                }
                *y += ROW;
            }
            Item::Note { over, text } => {
                // A note starts at its participant's line and runs right, into the room
                // `columns` keeps there.
                let x = cols.x[*over] - 10.0;
                let w = text_width(text, FONT) + 16.0;
                let _ = writeln!(
                    out,
                    "<rect class=\"node event\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"24\" rx=\"3\"/>",
                    *y + 4.0
                );
                label(out, x + w / 2.0, *y + 16.0, text, "");
                *y += ROW;
            }
            Item::Block {
                label: title,
                items,
                ..
            } => {
                let left = MARGIN / 2.0 + depth as f64 * 6.0;
                let right = cols.width - MARGIN / 2.0 - depth as f64 * 6.0;
                let top = *y + 6.0;
                *y = top + FRAME_TITLE;
                let mut inner = String::new();
                rows(items, cols, y, &mut inner, depth + 1);
                *y += 8.0;
                let _ = writeln!(
                    out,
                    "<rect class=\"frame\" x=\"{left:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"6\"/>",
                    right - left,
                    *y - top
                );
                let _ = writeln!(
                    out,
                    "<text x=\"{:.1}\" y=\"{:.1}\" font-weight=\"600\">{}</text>",
                    left + 10.0,
                    top + 17.0,
                    escape(title)
                );
                out.push_str(&inner);
                *y += 6.0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_leave_room_for_every_message_text() {
        let s = Sequence {
            title: "t".into(),
            participants: vec![
                ("a".into(), "A".into()),
                ("b".into(), "B".into()),
                ("c".into(), "C".into()),
            ],
            items: vec![
                Item::Message {
                    from: 0,
                    to: 2,
                    text: "a message long enough to need a wide span".into(),
                    reply: false,
                    lost: false,
                },
                Item::Block {
                    label: "B fails".into(),
                    anchor: Some(0),
                    items: vec![Item::Message {
                        from: 1,
                        to: 1,
                        text: "to itself".into(),
                        reply: true,
                        lost: true,
                    }],
                },
            ],
        };
        let c = columns(&s);
        let need = text_width("a message long enough to need a wide span", FONT);
        assert!(c.x[2] - c.x[0] >= need, "{:?}", c.x);
        let svg = sequence(&s);
        assert!(svg.contains("B fails") && svg.contains("to itself"));
    }
}
