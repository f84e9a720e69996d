//! Saga and projection pages: a saga's happy path and every failure path (the diagram the
//! simulator's runs draw) with what the explorer found; a projection's row and handlers.

use super::html::{
    command_link, count, duration, esc, event_link, figure, heading, page, pairs, para, table,
};
use crate::diagram::ir::Timeline;
use crate::model::{Catalog, ProjectionId, SagaId, SagaStyle};
use crate::sim::{self, ExploreOptions};
use std::fmt::Write as _;

/// States the explorer may visit per saga while the site is written: enough for real sagas,
/// bounded for generated ones.
const EXPLORE_STATES: usize = 20_000;

/// Where the picture of a saga's `k`th run (0: the happy path) goes.
pub fn timeline_file(saga: &str, k: usize) -> String {
    format!("diagrams/timeline-{saga}-{k}.svg")
}

/// The page of a saga, with the timeline of each run.
pub fn saga(cat: &Catalog, id: SagaId, runs: &[Timeline]) -> String {
    let s = &cat.sagas[id.index()];
    let mut b = para(s.description.as_ref());
    let events = |l: &[(crate::model::EventId, crate::source::Span)]| -> String {
        let v: Vec<String> = l.iter().map(|(e, _)| event_link(cat, *e)).collect();
        if v.is_empty() {
            "—".into()
        } else {
            v.join(", ")
        }
    };
    let mut rows: Vec<(&str, String)> = vec![
        (
            "style",
            match s.style {
                SagaStyle::Choreography => "choreography: events trigger commands".into(),
                SagaStyle::Orchestration => "orchestration: runs its steps in order".into(),
            },
        ),
        (
            "starts on",
            s.start.map_or("—".into(), |(e, _)| event_link(cat, e)),
        ),
        (
            "correlation",
            format!("<code>{}</code>", esc(&s.correlation.text)),
        ),
        ("completes on", events(&s.completes_on)),
        ("aborts on", events(&s.aborts_on)),
    ];
    if !s.steps.is_empty() {
        let steps: Vec<String> = s
            .steps
            .iter()
            .map(|st| command_link(cat, st.command))
            .collect();
        rows.push(("steps", steps.join(" → ")));
    }
    for (c, d, _) in &s.timeouts {
        rows.push((
            "timeout",
            format!("{} after {}", command_link(cat, *c), duration(*d)),
        ));
    }
    b.push_str(&pairs(&rows));
    b.push_str(&heading(2, "explorer", "Every failure path, explored"));
    b.push_str(&explored(cat, id));
    b.push_str(&heading(2, "paths", "Happy path and failure paths"));
    b.push_str("<p>The first part is the happy path; each frame after it is a run where one command fails or times out, and what the saga does from there.</p>\n");
    b.push_str(&figure(
        &format!("diagrams/saga-{}.svg", s.name.text),
        &format!("The runs of saga {}", s.name.text),
    ));
    b.push_str(&timelines(&s.name.text, runs));
    page(cat, &format!("Saga {}", s.name.text), &b)
}

/// Each run as an event-modelling timeline: the happy path open, each failure path folded.
fn timelines(saga: &str, runs: &[Timeline]) -> String {
    if runs.is_empty() {
        return String::new();
    }
    let mut b = heading(2, "timeline", "Timeline");
    b.push_str("<p>Each run as the simulator plays it: one swimlane per context and one for read models, each card one column right of what caused it. Red outlines are failures and timeouts; dashed ones, compensations.</p>\n");
    for (k, run) in runs.iter().enumerate() {
        let img = format!(
            "<figure class=\"diagram timeline\"><a href=\"{file}\"><img src=\"{file}\" alt=\"Timeline of saga {s}, {t}\" loading=\"lazy\"></a></figure>\n",
            file = timeline_file(saga, k),
            s = esc(saga),
            t = esc(&run.title),
        );
        if k == 0 {
            b.push_str(&img);
        } else {
            let _ = write!(
                b,
                "<details class=\"step\"><summary>{}</summary>\n{img}</details>\n",
                esc(&run.title)
            );
        }
    }
    b
}

/// What `eventctl simulate --explore` finds for the saga, within a bounded search.
fn explored(cat: &Catalog, id: SagaId) -> String {
    let options = ExploreOptions {
        max_states: EXPLORE_STATES,
        max_memory: 256 << 20,
        ..ExploreOptions::default()
    };
    let Some(x) = sim::explore(cat, id, &options) else {
        return "<p>The saga has no start event to explore from.</p>\n".into();
    };
    let runs = x.paths.map_or("runs that can loop".to_string(), |p| {
        count(usize::try_from(p).unwrap_or(usize::MAX), "run")
    });
    let mut out = format!(
        "<p>The explorer delivered messages in every order, with every failure and timeout the model allows: {} states, {}, at most {} deliveries long{}.</p>\n",
        x.states,
        runs,
        x.depth,
        if x.complete {
            ""
        } else {
            " (it stopped at its limit before covering every run; run <code>eventctl simulate --explore</code> for the whole search)"
        }
    );
    if x.counterexamples.is_empty() {
        out.push_str("<p class=\"ok\">No invariant breaks: every run terminates, ends completed or aborted, and leaves no aggregate half done.</p>\n");
    } else {
        let rows: Vec<Vec<String>> = x
            .counterexamples
            .iter()
            .map(|c| {
                let inv = serde_json::to_value(c.violation.invariant)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                vec![
                    format!("<code>{}</code>", esc(&inv)),
                    esc(&c.violation.subject),
                    esc(&c.violation.message),
                    c.trace.rows.len().to_string(),
                ]
            })
            .collect();
        let _ = writeln!(
            out,
            "<p class=\"bad\">{} invariants break; the shortest run for each is {} deliveries or fewer.</p>",
            rows.len(),
            x.depth
        );
        out.push_str(&table(
            &["invariant", "subject", "what broke", "run length"],
            &rows,
        ));
    }
    out
}

/// The page of a projection.
pub fn projection(cat: &Catalog, id: ProjectionId) -> String {
    let p = &cat.projections[id.index()];
    let mut b = para(p.description.as_ref());
    let _ = writeln!(b, "<p>One row per <code>{}</code>.</p>", esc(&p.key.text));
    b.push_str(&heading(2, "fields", "Fields"));
    let rows: Vec<Vec<String>> = p
        .fields
        .iter()
        .map(|f| {
            vec![
                format!("<code>{}</code>", esc(&f.name.text)),
                esc(&f.ty),
                if f.nullable {
                    "yes".into()
                } else {
                    "no".into()
                },
            ]
        })
        .collect();
    b.push_str(&table(&["field", "type", "nullable"], &rows));
    b.push_str(&heading(2, "handlers", "Handlers"));
    let rows: Vec<Vec<String>> = p
        .handlers
        .iter()
        .map(|h| {
            let sets: Vec<String> = h
                .set
                .iter()
                .map(|(f, x)| format!("<code>{} = {}</code>", esc(&f.text), esc(&x.text)))
                .collect();
            vec![
                event_link(cat, h.event),
                if h.delete {
                    "deletes the row".into()
                } else {
                    sets.join("<br>")
                },
            ]
        })
        .collect();
    b.push_str(&table(&["event", "sets"], &rows));
    page(cat, &format!("Projection {}", p.name.text), &b)
}
