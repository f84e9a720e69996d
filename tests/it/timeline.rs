//! Event-modelling timelines: drawn from the simulator's runs, every card sits right of what
//! caused it, no text overlaps, failures and compensations are marked where the run has them
//! and nowhere else, and the text formats refuse the kind with a way out.

use crate::support::{fixture, root, validate};
use eventctl::diagram::ir::{CardKind, Timeline};
use eventctl::diagram::{self, Focus, Format, Kind};
use eventctl::model::{Catalog, SagaId, ScenarioId};
use std::process::Command;

fn examples() -> Vec<(&'static str, std::path::PathBuf)> {
    vec![
        ("shop", root().join("catalog-examples/shop")),
        ("travel", root().join("catalog-examples/travel")),
        ("hostile", fixture("diagrams/hostile")),
    ]
}

fn saga(cat: &Catalog, s: usize) -> (String, Vec<Timeline>) {
    let focus = Focus {
        saga: Some(SagaId::new(s)),
        ..Focus::default()
    };
    diagram::timelines(cat, focus).unwrap()
}

fn scenario(cat: &Catalog, name: &str) -> Timeline {
    let id = cat.find_scenario(name).unwrap();
    let focus = Focus {
        scenario: Some(id),
        ..Focus::default()
    };
    diagram::timelines(cat, focus).unwrap().1.remove(0)
}

fn commands(t: &Timeline) -> Vec<String> {
    t.cards
        .iter()
        .filter(|c| c.kind == CardKind::Command)
        .map(|c| c.label.clone())
        .collect()
}

#[test]
fn every_card_sits_right_of_its_cause_and_no_text_overlaps() {
    for (name, path) in examples() {
        let v = validate(&path);
        let cat = v.catalog.as_ref().unwrap();
        for s in 0..cat.sagas.len() {
            let (title, runs) = saga(cat, s);
            assert!(!runs.is_empty(), "{name} saga {s}: no run");
            for t in &runs {
                for &(from, to) in &t.links {
                    assert!(
                        t.cards[from].column < t.cards[to].column,
                        "{name} {}: a card left of its cause",
                        t.title
                    );
                }
                for (i, a) in t.cards.iter().enumerate() {
                    for b in &t.cards[i + 1..] {
                        assert!(
                            (a.lane, a.column) != (b.lane, b.column),
                            "{name} {}: two cards in one place",
                            t.title
                        );
                    }
                }
            }
            let texts = diagram::svg::timeline_texts(&title, &runs);
            for (i, a) in texts.iter().enumerate() {
                for b in &texts[i + 1..] {
                    let apart = a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1;
                    assert!(apart, "{name} saga {s}: text {a:?} overlaps {b:?}");
                }
            }
        }
    }
}

#[test]
fn a_scenario_s_timeline_shows_its_run_failures_and_compensations() {
    let v = validate(&root().join("catalog-examples/shop"));
    let cat = v.catalog.as_ref().unwrap();
    let id = cat.find_scenario("payment_declined").unwrap();
    let run = eventctl::sim::run_scenario(cat, id).unwrap();
    let t = scenario(cat, "payment_declined");
    let sent: Vec<String> = run
        .commands
        .iter()
        .map(|c| c.split_once('.').unwrap().1.to_string())
        .collect();
    assert_eq!(commands(&t), sent, "the cards are the simulator's commands");
    let card = |label: &str| t.cards.iter().find(|c| c.label == label).unwrap();
    assert!(card("ProcessPayment").failed);
    assert!(card("PaymentDeclined").failed);
    assert!(card("ReleaseInventory").compensation);
    assert!(!card("ReserveInventory").failed && !card("ReserveInventory").compensation);
    assert!(
        t.cards.iter().any(|c| c.kind == CardKind::View),
        "OrderView is fed"
    );
    assert_eq!(t.lanes.last().map(String::as_str), Some("read models"));
    let release = t.cards.iter().position(|c| c.label == "ReleaseInventory");
    let declined = t.cards.iter().position(|c| c.label == "PaymentDeclined");
    assert!(
        t.links.contains(&(declined.unwrap(), release.unwrap())),
        "the failure causes the compensation"
    );
}

#[test]
fn the_happy_path_has_no_failure_and_no_compensation() {
    for (name, path) in examples() {
        let v = validate(&path);
        let cat = v.catalog.as_ref().unwrap();
        for s in 0..cat.sagas.len() {
            let (_, runs) = saga(cat, s);
            let happy = &runs[0];
            assert_eq!(happy.title, "happy path");
            assert!(
                happy.cards.iter().all(|c| !c.failed && !c.compensation),
                "{name} saga {s}: a happy path marked as failing"
            );
            for failure in &runs[1..] {
                assert!(
                    failure.cards.iter().any(|c| c.failed),
                    "{name} {}: a failure path with no failure",
                    failure.title
                );
            }
        }
    }
}

#[test]
fn every_scenario_draws_and_a_text_format_is_refused() {
    let v = validate(&root().join("catalog-examples/travel"));
    let cat = v.catalog.as_ref().unwrap();
    for i in 0..cat.scenarios.len() {
        let focus = Focus {
            scenario: Some(ScenarioId::new(i)),
            ..Focus::default()
        };
        let svg = diagram::render(cat, Kind::Timeline, Format::Svg, focus).unwrap();
        assert!(svg.contains("class=\"card command"), "scenario {i}");
        let err = diagram::render(cat, Kind::Timeline, Format::Mermaid, focus).unwrap_err();
        assert!(err.contains("--format svg"), "{err}");
    }
    let run = Command::new(env!("CARGO_BIN_EXE_eventctl"))
        .args(["diagram", "catalog-examples/shop", "--kind", "timeline"])
        .args(["--renderer", "graphviz", "--format", "svg"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("leave out --renderer"), "{err}");
}
