//! The generated process managers against the simulator: every run the explorer walks for the
//! shop's and the travel's sagas (default faults: each command succeeds, fails in each
//! declared way, or times out), fed through the generated process manager and aggregates,
//! delivers the same commands in the same order and ends in the same states and result.

use crate::support::{root, validate};
use eventctl::model::{Catalog, SagaId};
use eventctl::sim::{Choice, Faults, Msg, Outcome, SagaPlan, World};
use serde_json::{Value, json};

/// Most runs walked whole per saga; beyond, a seeded sample of this many.
const MAX_RUNS: usize = 20_000;

/// Writes the explorer's runs of `catalog` and the test that replays them into a generated
/// crate; returns how many runs there are.
pub(crate) fn install(dir: &std::path::Path, catalog: &str, name: &str) -> usize {
    let runs = runs(catalog);
    std::fs::write(
        dir.join("tests/explorer_runs.json"),
        serde_json::to_string(&runs).expect("json"),
    )
    .expect("runs");
    std::fs::write(
        dir.join("tests/explorer_runs.rs"),
        REPLAY.replace("CRATE", name),
    )
    .expect("test");
    eprintln!("{catalog}: {} explorer runs to replay", runs.len());
    runs.len()
}

/// Every run of every saga of a catalog, as the generated crate's test reads them.
fn runs(catalog: &str) -> Vec<Value> {
    let v = validate(&root().join(catalog));
    let cat = v.catalog.as_ref().expect("catalog");
    let mut out = Vec::new();
    for i in 0..cat.sagas.len() {
        let Some(plan) = SagaPlan::new(cat, SagaId::new(i)) else {
            continue;
        };
        let mut found = Vec::new();
        walk(
            &plan,
            World::start(&plan, false),
            Vec::new(),
            Vec::new(),
            &mut found,
        );
        assert!(found.len() <= MAX_RUNS, "{} runs: sample them", found.len());
        let start = start_payload(cat, &plan);
        // An aggregate a run never moved is in its initial state on both sides.
        let initial: Vec<Value> = (0..cat.aggregates.len())
            .map(|a| {
                let a = eventctl::model::AggregateId::new(a);
                json!([
                    cat.aggregate_name(a),
                    cat.aggregate(a).states[plan.initial(a).index()].text
                ])
            })
            .collect();
        for (outcomes, delivered, world) in found {
            out.push(json!({
                "saga": plan.name(),
                "start": start,
                "outcomes": outcomes,
                "delivered": delivered,
                "states": world.states.iter().map(|(a, s)| json!([cat.aggregate_name(*a), cat.aggregate(*a).states[s.index()].text])).collect::<Vec<_>>(),
                "initial": initial,
                "completed": world.completed,
                "aborted": world.aborted,
            }));
        }
    }
    out
}

type Run = (Vec<Value>, Vec<String>, World);

/// Depth first over each command's outcomes, messages delivered in order, as the explorer does
/// without reordering.
fn walk(
    plan: &SagaPlan<'_>,
    world: World,
    outcomes: Vec<Value>,
    delivered: Vec<String>,
    out: &mut Vec<Run>,
) {
    if world.is_done() {
        out.push((outcomes, delivered, world));
        return;
    }
    let msg = world.queue[0];
    let choices = world.outcomes(plan, msg, &Faults::default());
    for outcome in choices {
        let (mut w, mut o, mut d) = (world.clone(), outcomes.clone(), delivered.clone());
        if let Msg::Command {
            command,
            copy: false,
        } = msg
        {
            let name = plan.cat.command_name(command);
            d.push(name.clone());
            if outcome != Outcome::Deliver {
                o.push(json!([name, label(plan.cat, outcome)]));
            }
        }
        w.apply(
            plan,
            Choice {
                pick: 0,
                duplicate: false,
                outcome,
            },
        );
        walk(plan, w, o, d, out);
    }
}

fn label(cat: &Catalog, o: Outcome) -> String {
    match o {
        Outcome::Ok | Outcome::Deliver => "ok".into(),
        Outcome::Fail(e) => format!("fail:{}", cat.event_name(e)),
        Outcome::TimeoutNotRun => "timeout-not-run".into(),
        Outcome::TimeoutRan => "timeout-ran".into(),
    }
}

/// The start event's first example, else the first scenario's start payload.
fn start_payload(cat: &Catalog, plan: &SagaPlan<'_>) -> Value {
    cat.scenarios
        .iter()
        .find(|s| s.saga == Some(plan.saga))
        .and_then(|s| s.start.as_ref())
        .map(|s| s.value())
        .or_else(|| {
            cat.event(plan.start)
                .latest()
                .and_then(|v| v.examples.first())
                .map(|x| x.value())
        })
        .expect("a start payload")
}

/// The generated crate's test that replays the runs.
pub(crate) const REPLAY: &str = r#"//! Every explorer run of the catalog's sagas, replayed through the generated process managers
//! and aggregates.
use serde_json::Value;
use std::collections::BTreeMap;
use CRATE::saga::{self, Envelope, ProcessManager};
use CRATE::world::{Outcome, World};

fn manager(name: &str) -> ProcessManager {
    let def = saga::ALL.iter().find(|d| d.name == name).expect("a saga");
    ProcessManager::new(def)
}

#[test]
fn every_explorer_run_agrees() {
    let runs: Vec<Value> = serde_json::from_str(include_str!("explorer_runs.json")).expect("runs");
    assert!(!runs.is_empty());
    for (n, run) in runs.iter().enumerate() {
        let mut pm = manager(run["saga"].as_str().unwrap());
        let correlation_field = pm.def().correlation;
        let correlation = match &run["start"][correlation_field] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let start = Envelope {
            event_id: "m1".into(),
            event_type: pm.def().start.into(),
            correlation_id: correlation.clone(),
            causation_id: None,
            data: run["start"].clone(),
        };
        let mut chosen = run["outcomes"].as_array().unwrap().iter();
        let mut world = World::default();
        world
            .run(&mut pm, start, |command, _| {
                let next = chosen.next().unwrap_or_else(|| panic!("run {n}: {command} has no outcome left"));
                assert_eq!(next[0], command, "run {n}: the commands diverge");
                match next[1].as_str().unwrap() {
                    "ok" => Outcome::Ok,
                    "timeout-not-run" => Outcome::TimeoutNotRun,
                    "timeout-ran" => Outcome::TimeoutRan,
                    fail => Outcome::Fail(Box::leak(fail.trim_start_matches("fail:").to_string().into_boxed_str())),
                }
            })
            .unwrap_or_else(|e| panic!("run {n}: {e}"));
        assert!(chosen.next().is_none(), "run {n}: outcomes left over");
        let delivered: Vec<String> = run["delivered"].as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect();
        assert_eq!(world.delivered, delivered, "run {n}: {}", run["outcomes"]);
        let pairs = |v: &Value| -> BTreeMap<String, String> {
            v.as_array().unwrap().iter().map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_str().unwrap().to_string())).collect()
        };
        let mut states = pairs(&run["initial"]);
        let mut expected = states.clone();
        states.extend(world.states().into_iter().map(|(a, s)| (a.to_string(), s)));
        expected.extend(pairs(&run["states"]));
        assert_eq!(states, expected, "run {n}: {}", run["outcomes"]);
        let instance = pm.instance(&correlation).expect("the saga started");
        assert_eq!((instance.completed, instance.aborted), (run["completed"].as_bool().unwrap(), run["aborted"].as_bool().unwrap()), "run {n}");
    }
    println!("{} explorer runs agree", runs.len());
}
"#;

/// Sagas with retries, no-op compensations and broken compensations agree with the explorer
/// too: the process manager reproduces the simulator's runs, flaws included.
#[test]
fn the_fixture_sagas_agree_with_the_explorer() {
    let dir = crate::support::TempDir::new("gen-sagas");
    for (fixture, name) in [
        ("tests/fixtures/sim/retries", "retries"),
        ("tests/fixtures/sim/shop-noop", "shop_noop"),
        ("tests/fixtures/sim/travel-flawed", "travel_flawed"),
    ] {
        let out = dir.0.join(name);
        crate::generate::generate(fixture, &out, name);
        assert!(install(&out, fixture, name) > 1, "{fixture}");
        crate::generate::cargo(&out, &["test", "--quiet", "--test", "explorer_runs"]);
    }
}
