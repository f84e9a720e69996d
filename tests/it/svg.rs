//! Diagrams drawn in-process: every kind as SVG and PNG with no Graphviz or mermaid-cli on the
//! PATH, and the readability rules, checked on the examples' layouts: no text overlaps other
//! text, edge crossings stay at what the ordering reaches on the shop, and every saga fits
//! 1600 px wide.

use crate::support::{TempDir, fixture, root, validate};
use eventctl::diagram::{self, Focus, Format, Kind};
use eventctl::model::{AggregateId, ContextId, SagaId};
use std::process::Command;

fn examples() -> Vec<(&'static str, std::path::PathBuf)> {
    vec![
        ("shop", root().join("catalog-examples/shop")),
        ("travel", root().join("catalog-examples/travel")),
        ("hostile", fixture("diagrams/hostile")),
    ]
}

#[test]
fn no_text_overlaps_in_any_laid_out_diagram() {
    for (name, path) in examples() {
        let v = validate(&path);
        let cat = v.catalog.as_ref().unwrap();
        let mut focuses: Vec<(Kind, Focus)> = vec![
            (Kind::ContextMap, Focus::default()),
            (Kind::Flow, Focus::default()),
        ];
        for c in 0..cat.contexts.len() {
            let focus = Focus {
                context: Some(ContextId::new(c)),
                ..Focus::default()
            };
            focuses.push((Kind::ContextMap, focus));
            focuses.push((Kind::Flow, focus));
        }
        for a in 0..cat.aggregates.len() {
            focuses.push((
                Kind::Lifecycle,
                Focus {
                    aggregate: Some(AggregateId::new(a)),
                    ..Focus::default()
                },
            ));
        }
        for (kind, focus) in focuses {
            let placed = diagram::placed(cat, kind, focus).unwrap();
            let t = &placed.texts;
            for (i, a) in t.iter().enumerate() {
                for b in &t[i + 1..] {
                    let apart = a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1;
                    assert!(
                        apart,
                        "{name} {kind:?} {focus:?}: text {a:?} overlaps {b:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_shop_s_crossings_are_counted_and_kept_down() {
    let v = validate(&root().join("catalog-examples/shop"));
    let cat = v.catalog.as_ref().unwrap();
    let map = diagram::placed(cat, Kind::ContextMap, Focus::default()).unwrap();
    let flow = diagram::placed(cat, Kind::Flow, Focus::default()).unwrap();
    for (what, l) in [("context map", &map.layout), ("flow", &flow.layout)] {
        assert!(
            l.crossings <= l.unordered,
            "{what}: ordering added crossings"
        );
    }
    assert!(
        flow.layout.crossings < flow.layout.unordered,
        "the ordering removes the flow's crossings"
    );
    // What the barycentre ordering reaches today; a change that adds crossings fails here.
    assert!(
        map.layout.crossings == 0,
        "context map: {} crossings",
        map.layout.crossings
    );
    assert!(
        flow.layout.crossings <= FLOW_CROSSINGS,
        "flow: {} crossings",
        flow.layout.crossings
    );
}

const FLOW_CROSSINGS: usize = 8;

#[test]
fn every_saga_fits_1600_pixels_wide() {
    for (name, path) in examples() {
        let v = validate(&path);
        let cat = v.catalog.as_ref().unwrap();
        for s in 0..cat.sagas.len() {
            let focus = Focus {
                saga: Some(SagaId::new(s)),
                ..Focus::default()
            };
            let svg = diagram::render(cat, Kind::Saga, Format::Svg, focus).unwrap();
            let width: f64 = svg
                .split("width=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!(width <= 1600.0, "{name} saga {s}: {width} px wide");
        }
    }
}

#[test]
fn every_kind_draws_as_svg_and_png_with_no_outside_tool() {
    let dir = TempDir::new("svg-builtin");
    let fonts = ["/usr/share/fonts", "/usr/local/share/fonts"]
        .iter()
        .any(|d| std::path::Path::new(d).is_dir());
    let required = std::env::var("EVENTCTL_RENDERERS").is_ok_and(|v| v == "required");
    assert!(
        fonts || !required,
        "no fonts for PNG text; run .ci/install-renderers"
    );
    if !fonts {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "skipped the PNG half of every_kind_draws_as_svg_and_png_with_no_outside_tool: it needs fonts; run .ci/install-renderers (apt-get install fonts-dejavu-core)"
        );
    }
    for (kind, extra) in [
        ("context-map", vec![]),
        ("flow", vec!["--context", "Payment"]),
        ("saga", vec![]),
        ("lifecycle", vec!["--aggregate", "Order.Order"]),
        ("timeline", vec![]),
        ("timeline", vec!["--scenario", "payment_declined"]),
    ] {
        let formats: &[&str] = if fonts { &["svg", "png"] } else { &["svg"] };
        for format in formats {
            let out = dir.0.join(format!("{kind}.{format}"));
            let mut args = vec![
                "diagram",
                "catalog-examples/shop",
                "--kind",
                kind,
                "--format",
                format,
                "-o",
                out.to_str().unwrap(),
            ];
            args.extend(&extra);
            let run = Command::new(env!("CARGO_BIN_EXE_eventctl"))
                .args(&args)
                .current_dir(root())
                .env_clear()
                .env("PATH", "/nonexistent")
                .output()
                .unwrap();
            assert!(
                run.status.success(),
                "{kind} {format}: {}",
                String::from_utf8_lossy(&run.stderr)
            );
            let bytes = std::fs::read(&out).unwrap();
            if *format == "svg" {
                let text = String::from_utf8(bytes).unwrap();
                assert!(
                    text.starts_with("<svg ") && text.trim_end().ends_with("</svg>"),
                    "{kind}"
                );
                assert!(text.contains("<text"), "{kind}: no text");
            } else {
                assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{kind}");
                assert!(
                    bytes.len() > 20_000,
                    "{kind}: {} bytes, blank?",
                    bytes.len()
                );
            }
        }
    }
}

#[test]
fn a_no_op_loop_turns_under_its_label_and_comes_back_apart() {
    let v = validate(&root().join("catalog-examples/shop"));
    let cat = v.catalog.as_ref().unwrap();
    let focus = Focus {
        aggregate: Some(cat.find_aggregate("Inventory.Stock").unwrap()),
        ..Focus::default()
    };
    let svg = diagram::render(cat, Kind::Lifecycle, Format::Svg, focus).unwrap();
    let loops: Vec<&str> = svg
        .lines()
        .filter(|l| l.starts_with("<path class=\"edge") && l.contains(" A"))
        .collect();
    assert_eq!(loops.len(), 1, "one no-op loop: {svg}");
    // The way out runs along under the label, the way back a turn's width lower.
    let d = loops[0]
        .split("d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let ys: Vec<f64> = d
        .split(' ')
        .filter(|p| p.starts_with('L'))
        .map(|p| p[1..].split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    let (out, back) = (ys[1], ys[2]);
    assert!(back - out >= 10.0, "the way back overlaps the way out: {d}");
    let label = svg
        .lines()
        .find(|l| l.contains(">ReleaseInventory (no-op)<"))
        .unwrap();
    let label_y: f64 = label
        .split("y=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        out > label_y && out - label_y < 12.0,
        "the loop runs under its label: {d}"
    );
}
