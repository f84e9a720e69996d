//! Runs one scenario: the saga from its start event, each command's outcome taken from the
//! scenario (default ok), messages delivered in order, then the result checked against `expect`.

use super::plan::SagaPlan;
use super::trace::{Trace, follow};
use super::views::Views;
use super::violation::Violation;
use super::world::{Choice, Msg, Outcome, World};
use crate::model::{Catalog, Outcome as Forced, SagaResult, ScenarioId};
use serde::Serialize;

/// Most deliveries in one scenario run before it is called endless.
const MAX_STEPS: usize = 10_000;

/// The outcome of a scenario run.
#[derive(Clone, Debug, Serialize)]
pub struct ScenarioRun {
    /// The scenario.
    pub scenario: String,
    /// Its saga.
    pub saga: String,
    /// `completed`, `aborted`, `stuck`, `both` or `endless`.
    pub result: String,
    /// Commands delivered, in order (duplicates left out).
    pub commands: Vec<String>,
    /// Final state of each aggregate touched.
    pub states: Vec<(String, String)>,
    /// Expectations that did not hold.
    pub mismatches: Vec<String>,
    /// Invariants broken on the way.
    pub violations: Vec<Violation>,
    /// The row each projection keyed by the saga's correlation ends with.
    pub rows: Vec<(String, serde_json::Map<String, serde_json::Value>)>,
    /// Every delivery.
    pub trace: Trace,
}

impl ScenarioRun {
    /// True when every expectation held.
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// The outcome a scenario forces on an attempt of a command (0: the first); attempts past
/// the list succeed.
fn forced(
    cat: &Catalog,
    id: ScenarioId,
    command: crate::model::CommandId,
    attempt: u8,
) -> (Outcome, bool) {
    let s = &cat.scenarios[id.index()];
    match s
        .outcomes
        .iter()
        .find(|(c, _, _)| *c == command)
        .and_then(|(_, o, _)| o.get(attempt as usize).copied())
    {
        None | Some(Forced::Ok) => (Outcome::Ok, false),
        Some(Forced::Duplicate) => (Outcome::Ok, true),
        Some(Forced::Timeout) => (Outcome::TimeoutNotRun, false),
        Some(Forced::Fail(Some(e))) => (Outcome::Fail(e), false),
        Some(Forced::Fail(None)) => match cat.command(command).fails.first() {
            Some((e, _)) => (Outcome::Fail(*e), false),
            None => (Outcome::Ok, false),
        },
    }
}

/// Runs a saga delivering messages in order, each command's outcome chosen by `outcome_of`
/// (and whether it is delivered twice); returns the trace, the final world, and the invariants
/// broken on the way.
pub fn run_forced(
    plan: &SagaPlan<'_>,
    correlation: &str,
    outcome_of: impl Fn(crate::model::CommandId, u8) -> (Outcome, bool),
) -> (Trace, World, Vec<Violation>) {
    let cat = plan.cat;
    let mut world = World::start(plan, false);
    let mut choices = Vec::new();
    while !world.is_done() && choices.len() < MAX_STEPS {
        let msg = world.queue[0];
        let (outcome, duplicate) = match msg {
            Msg::Command {
                command,
                copy: false,
            } if plan.accepts(command, world.state(plan, cat.command(command).aggregate)) => {
                outcome_of(command, world.retried(command))
            }
            _ => (Outcome::Deliver, false),
        };
        let choice = Choice {
            pick: 0,
            duplicate,
            outcome,
        };
        world.apply(plan, choice);
        choices.push(choice);
    }
    follow(plan, &choices, correlation, false)
}

/// Runs a scenario; `None` when it names no saga with a start event.
pub fn run_scenario(cat: &Catalog, id: ScenarioId) -> Option<ScenarioRun> {
    let s = &cat.scenarios[id.index()];
    let mut plan = SagaPlan::new(cat, s.saga?)?;
    let saga = &cat.sagas[plan.saga.index()];
    let correlation = s
        .start
        .as_ref()
        .and_then(|j| match j.value().get(&saga.correlation.text) {
            Some(serde_json::Value::String(v)) => Some(v.clone()),
            Some(v) => Some(v.to_string()),
            None => None,
        })
        .unwrap_or_else(|| format!("{}-1", s.name.text));
    let start = s.start.as_ref().map(|j| j.value());
    plan.views = Views::new(cat, plan.saga, &correlation, start.as_ref());
    let (trace, world, mut violations) =
        run_forced(&plan, &correlation, |c, n| forced(cat, id, c, n));
    let endless = !world.is_done();
    if !endless {
        violations.extend(world.final_checks(&plan));
    }
    let result = match (endless, world.completed, world.aborted) {
        (true, _, _) => "endless",
        (_, true, true) => "both",
        (_, true, false) => "completed",
        (_, false, true) => "aborted",
        _ => "stuck",
    };
    let commands: Vec<String> = trace
        .rows
        .iter()
        .filter(|r| r.kind == "command" && !r.outcome.starts_with("duplicate"))
        .map(|r| r.message.clone())
        .collect();
    let mut mismatches = Vec::new();
    if let Some(want) = s.expect_result {
        let want = match want {
            SagaResult::Completed => "completed",
            SagaResult::Aborted => "aborted",
        };
        if want != result {
            mismatches.push(format!(
                "expected the saga to end {want}; it ended {result}"
            ));
        }
    }
    if !s.expect_commands.is_empty() {
        let want: Vec<String> = s
            .expect_commands
            .iter()
            .map(|(c, _)| cat.command_name(*c))
            .collect();
        if want != commands {
            mismatches.push(format!(
                "expected commands [{}]; sent [{}]",
                want.join(", "),
                commands.join(", ")
            ));
        }
    }
    for &(a, st, _) in &s.expect_states {
        let got = world.state(&plan, a);
        if got != st {
            let agg = cat.aggregate(a);
            mismatches.push(format!(
                "expected `{}` to end `{}`; it ended `{}`",
                cat.aggregate_name(a),
                agg.states[st.index()].text,
                agg.states[got.index()].text
            ));
        }
    }
    mismatches.extend(row_mismatches(&plan, s, &world));
    let rows = (0..plan.views.list.len())
        .filter_map(|v| {
            let row = plan.views.json(v, &world.rows)?;
            Some((plan.views.list[v].name.clone(), row))
        })
        .collect();
    let states = world
        .states
        .iter()
        .map(|&(a, st)| {
            (
                cat.aggregate_name(a),
                cat.aggregate(a).states[st.index()].text.clone(),
            )
        })
        .collect();
    Some(ScenarioRun {
        scenario: s.name.text.clone(),
        saga: plan.name().to_string(),
        result: result.into(),
        commands,
        states,
        mismatches,
        violations,
        rows,
        trace,
    })
}

/// What differs from `expect.projections`: a row that is missing, or a field that ends with
/// another value.
fn row_mismatches(plan: &SagaPlan<'_>, s: &crate::model::Scenario, world: &World) -> Vec<String> {
    let cat = plan.cat;
    let mut out = Vec::new();
    for want in &s.expect_rows {
        let name = &cat.projections[want.projection.index()].name.text;
        let view = plan
            .views
            .list
            .iter()
            .position(|v| v.projection == want.projection);
        let row = view
            .filter(|_| want.key == plan.views.key)
            .and_then(|v| plan.views.json(v, &world.rows));
        let Some(row) = row else {
            out.push(format!(
                "expected `{name}` to have row `{}`; the run left none",
                want.key
            ));
            continue;
        };
        for (field, value) in &want.fields {
            let want_value = value.value();
            let got = row
                .get(&field.text)
                .cloned()
                .unwrap_or(serde_json::Value::Null);
            if !same(&got, &want_value) {
                out.push(format!(
                    "expected `{name}` row `{}` to end with `{}` {want_value}; it ended {got}",
                    want.key, field.text
                ));
            }
        }
    }
    out
}

/// JSON equality, with numbers compared by value (`10` is `10.0`).
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}
