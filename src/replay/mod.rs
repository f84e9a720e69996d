//! Event-log replay: streams NDJSON envelopes through the catalog's envelope rules, upcast
//! chains, lifecycles and projections, line by line. Memory grows with aggregate instances and
//! projection rows, never with the number of events.

pub mod envelope;
pub mod finding;
mod instances;
pub mod lineage;
pub mod lines;
mod payloads;
mod plan;
mod projection;
pub mod store;
mod stream;
mod strict;

pub use finding::{Count, Finding, Kind, MAX_KEPT, Summary};
pub use projection::Rows;

use crate::cost::Bounded;
use crate::model::{Catalog, ProjectionId};
use crate::upcast::Upcaster;
use envelope::{Envelope, Fields};
use instances::Instances;
use lineage::{Pending, Seen};
use lines::{Line, Lines};
use plan::{Lookup, Plan};
use projection::RowError;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{self, BufRead};
use stream::Verdict;

/// What a `causation_id` may name. See `docs/replay.md#causation`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Causation {
    /// A command or an event: an id never seen is a command's; one that names an event
    /// appearing later in the log, or the event itself, is a finding.
    #[default]
    Any,
    /// An earlier event of the log, for logs that chain events to events.
    Events,
}

/// What to do besides the envelope, upcast and lifecycle checks.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// What a `causation_id` may name.
    pub causation: Causation,
    /// Validate each payload against its own version's schema.
    pub validate_payloads: bool,
    /// Projections to rebuild.
    pub projections: Vec<ProjectionId>,
    /// Stop at the first finding.
    pub fail_fast: bool,
    /// A stream whose first event has `aggregate_version` > 1 was cut (retention, a compacted
    /// topic): it starts in the state that event leaves.
    pub partial: bool,
}

/// What names a row of an event store in findings.
#[derive(Debug, Clone, Copy, Default)]
pub struct RowPlace<'a> {
    /// The row's `event_id`.
    pub event_id: Option<&'a str>,
    /// The row's global position, when the table has one.
    pub position: Option<&'a str>,
}

/// A replay in progress over one catalog.
pub struct Replay<'a> {
    cat: &'a Catalog,
    plan: Plan<'a>,
    fields: Fields,
    required: Vec<usize>,
    options: Options,
    seen: Seen,
    pending: Pending,
    instances: Instances,
    rows: Vec<Rows<'a>>,
    validators: Vec<Vec<Option<Option<Bounded>>>>,
    counts: Vec<Vec<u64>>,
    out: Out,
}

impl<'a> Replay<'a> {
    /// Prepares a replay: compiles upcasts and projection expressions.
    pub fn new(cat: &'a Catalog, up: &'a Upcaster, options: Options) -> Result<Self, String> {
        let plan = Plan::new(cat, up)?;
        let fields = Fields::new(
            cat.envelope_required
                .iter()
                .chain(&cat.envelope_optional)
                .map(String::as_str),
        );
        let required = cat
            .envelope_required
            .iter()
            .filter_map(|f| fields.index(f))
            .collect();
        let rows = options
            .projections
            .iter()
            .map(|&p| Rows::new(cat, p, up))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            cat,
            plan,
            fields,
            required,
            seen: Seen::default(),
            pending: Pending::default(),
            instances: Instances::default(),
            rows,
            validators: cat
                .events
                .iter()
                .map(|e| e.versions.iter().map(|_| None).collect())
                .collect(),
            counts: cat
                .events
                .iter()
                .map(|e| vec![0; e.versions.len()])
                .collect(),
            out: Out {
                summary: Summary::default(),
                fail_fast: options.fail_fast,
                place: Place::default(),
            },
            options,
        })
    }

    /// Reads every line of a log, until its end or, with `fail_fast`, the first finding.
    pub fn read<R: BufRead>(&mut self, reader: R) -> io::Result<()> {
        let mut lines = Lines::new(reader, lines::MAX_LINE_BYTES);
        while !self.out.summary.stopped {
            let Some(line) = lines.next_line()? else {
                break;
            };
            self.out.summary.lines += 1;
            match line {
                Line::TooLong(bytes) => {
                    let number = self.out.summary.lines;
                    self.out.find(number,
                        Kind::LineTooLong,
                        format!(
                            "the line holds {bytes} bytes, more than the {} MiB read whole; it was skipped",
                            lines::MAX_LINE_BYTES >> 20
                        ),
                    );
                }
                Line::Text { bytes, terminated } => {
                    let number = self.out.summary.lines;
                    self.line(number, bytes, terminated);
                }
            }
        }
        self.out.summary.bytes = lines.bytes();
        Ok(())
    }

    /// The envelope fields a line may carry: the ones replay reads, then the catalog's own.
    pub fn field_names(&self) -> Vec<String> {
        self.fields.names().to_vec()
    }

    /// Whether `--fail-fast` stopped the replay.
    pub fn stopped(&self) -> bool {
        self.out.summary.stopped
    }

    /// Replays one row of an event store, written as its envelope line; findings on it are
    /// named by `place` besides its row number.
    pub fn row(&mut self, line: &str, place: RowPlace<'_>) {
        self.out.summary.lines += 1;
        self.out.summary.bytes += line.len() as u64;
        self.out.summary.rows = true;
        let number = self.out.summary.lines;
        self.out.place.set(number, place);
        if line.len() > lines::MAX_LINE_BYTES {
            let message = format!(
                "the row's envelope holds {} bytes, more than the {} MiB read whole; it was skipped",
                line.len(),
                lines::MAX_LINE_BYTES >> 20
            );
            self.out.find(number, Kind::LineTooLong, message);
            return;
        }
        self.text(number, line, true);
    }

    /// Replays one line of the log.
    pub fn line(&mut self, number: u64, bytes: &[u8], terminated: bool) {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let column = bytes[..e.valid_up_to()]
                    .iter()
                    .filter(|&&b| b & 0xC0 != 0x80)
                    .count()
                    + 1;
                self.out.find(number,
                    Kind::InvalidUtf8,
                    format!(
                        "the line is not UTF-8 at column {column} (byte {}); export the log as UTF-8",
                        e.valid_up_to() + 1
                    ),
                );
                return;
            }
        };
        self.text(number, text, terminated);
    }

    /// Replays one line known to be UTF-8.
    fn text(&mut self, number: u64, text: &str, terminated: bool) {
        if text.bytes().all(|b| b.is_ascii_whitespace()) {
            return;
        }
        let envelope = match envelope::parse(text, &self.fields) {
            Ok(e) => e,
            Err(e) if !terminated => {
                self.out.find(number,
                    Kind::TruncatedLine,
                    format!(
                        "the last line has no newline and does not parse ({e}): the log looks cut off"
                    ),
                );
                return;
            }
            Err(e) => {
                self.out.find(
                    number,
                    Kind::MalformedLine,
                    format!("not an event envelope: {e}"),
                );
                return;
            }
        };
        self.envelope(number, envelope);
    }

    fn envelope(&mut self, number: u64, mut env: Envelope<'_>) {
        let missing: Vec<&str> = self
            .required
            .iter()
            .filter(|&&i| !env.has(i) && i != envelope::CORRELATION_ID)
            .map(|&i| self.fields.name(i))
            .collect();
        if !missing.is_empty() {
            let message = format!("the envelope lacks {}", quoted(&missing));
            self.out.find(number, Kind::MissingField, message);
        }
        if env.correlation_id.is_none() && self.required.contains(&envelope::CORRELATION_ID) {
            self.out.find(
                number,
                Kind::MissingCorrelation,
                "the envelope has no `correlation_id`".into(),
            );
        }
        self.causation(number, &env);
        let Some(event_type) = env.event_type.as_deref() else {
            return;
        };
        let event = match self
            .plan
            .lookup(self.cat, event_type, env.aggregate_type.as_deref())
        {
            Ok(e) => e,
            Err(Lookup::Unknown) => {
                let message = format!("the catalog declares no event `{event_type}`");
                self.out.find(number, Kind::UnknownEvent, message);
                return;
            }
            Err(Lookup::Ambiguous(names)) => {
                let message = format!(
                    "`{event_type}` names {}; give an `aggregate_type` that tells them apart",
                    names.join(", ")
                );
                self.out.find(number, Kind::UnknownEvent, message);
                return;
            }
        };
        let cat = self.cat;
        let plan = &self.plan.events[event.index()];
        let version = env
            .event_version
            .as_deref()
            .map(|v| (v, envelope::version_number(v)));
        let version = match version {
            None => return,
            Some((_, Some(n))) if (1..=plan.latest).contains(&n) => n,
            Some((written, _)) => {
                let message = format!(
                    "`{}` has versions 1 to {}; the envelope says `{written}`",
                    plan.name, plan.latest
                );
                self.out.find(number, Kind::UnknownVersion, message);
                return;
            }
        };
        self.out.summary.events += 1;
        self.counts[event.index()][version as usize - 1] += 1;
        let aggregate = cat.aggregate(plan.aggregate);
        if let Some(written) = env.aggregate_type.as_deref()
            && !plan::aggregate_matches(cat, plan.aggregate, written)
        {
            let message = format!(
                "`{}` is recorded by `{}`, but `aggregate_type` is `{written}`",
                plan.name, aggregate.name.text
            );
            self.out.find(number, Kind::AggregateMismatch, message);
        }
        let mut found = Vec::new();
        let mut broken = false;
        if let Some(id) = env.aggregate_id.as_deref() {
            let initial = aggregate.initial.map(|(s, _)| s);
            let instance = self.instances.get(plan.aggregate, id, initial);
            match stream::check(instance, plan, aggregate, id, &env, self.options.partial) {
                Verdict::Duplicate(message) => {
                    return self.out.find(number, Kind::DuplicateEvent, message);
                }
                Verdict::Checked {
                    found: f,
                    broken: b,
                } => (found, broken) = (f, b),
            }
        }
        for (kind, message) in found {
            self.out.find(number, kind, message);
        }
        let Some(mut payload) = env.data.take() else {
            return;
        };
        if self.options.validate_payloads {
            self.validate(number, event.index(), version, &payload);
        }
        let plan = &self.plan.events[event.index()];
        if let Err((to, e)) = plan.upcast(version, &mut payload) {
            let message = format!("upcasting `{}` v{version} to v{to} fails: {e}", plan.name);
            self.out.find(number, Kind::UpcastFailed, message);
            return;
        }
        let latest = plan.latest;
        if self.options.validate_payloads && version < latest {
            self.validate_upcast(number, event.index(), version, &payload);
        }
        if broken {
            self.out.summary.skipped += 1;
            return;
        }
        let Value::Object(payload) = payload else {
            return;
        };
        let mut errors = Vec::new();
        for rows in &mut self.rows {
            match rows.apply(event, &payload, number) {
                Ok(()) => {}
                Err(RowError::Key(m)) => errors.push((Kind::ProjectionKey, m)),
                Err(RowError::Value(m)) => errors.push((Kind::ProjectionValue, m)),
            }
        }
        for (kind, message) in errors {
            self.out.find(number, kind, message);
        }
    }

    /// Checks the `causation_id` against the convention chosen, and remembers the event id.
    fn causation(&mut self, number: u64, env: &Envelope<'_>) {
        let id = env.event_id.as_deref();
        if let Some(cause) = env.causation_id.as_deref() {
            if id == Some(cause) {
                let message = format!("`causation_id` `{cause}` names the event itself");
                self.out.find(number, Kind::CausationAfterEffect, message);
            } else if !self.seen.contains(cause) {
                match self.options.causation {
                    Causation::Events => {
                        let message =
                            format!("`causation_id` `{cause}` names no earlier event of the log");
                        self.out.find(number, Kind::UnknownCausation, message);
                    }
                    Causation::Any => self.pending.insert(cause, number),
                }
            }
        }
        let Some(id) = id else { return };
        if self.options.causation == Causation::Any
            && let Some(effect) = self.pending.named_by(id)
        {
            let message = format!(
                "`causation_id` `{id}` names the event of {} {number}, which comes after this one",
                self.out.unit()
            );
            self.out.find(effect, Kind::CausationAfterEffect, message);
        }
        self.seen.insert(id);
    }

    /// Ends the replay: the summary, and the projections rebuilt.
    pub fn finish(mut self) -> (Summary, Vec<Rows<'a>>) {
        for rows in &self.rows {
            for (line, message) in rows.nulls() {
                self.out.find(line, Kind::ProjectionNull, message);
            }
        }
        for (e, counts) in self.counts.iter().enumerate() {
            for (i, &count) in counts.iter().enumerate() {
                if count > 0 {
                    self.out.summary.counts.push(Count {
                        event: self.plan.events[e].name.clone(),
                        version: self.cat.events[e].versions[i].number,
                        count,
                    });
                }
            }
        }
        self.out.summary.aggregates = self.instances.len();
        self.out.summary.causation_miss_chance = self.seen.false_positive_rate();
        (self.out.summary, self.rows)
    }
}

/// The summary being written, whether the first finding stops the replay, and the store row
/// being replayed.
struct Out {
    summary: Summary,
    fail_fast: bool,
    place: Place,
}

/// The store row being replayed, kept in reused buffers: only a finding copies it.
#[derive(Debug, Default)]
struct Place {
    line: u64,
    event_id: Option<String>,
    position: Option<String>,
}

impl Place {
    fn set(&mut self, line: u64, place: RowPlace<'_>) {
        self.line = line;
        let keep = |slot: &mut Option<String>, value: Option<&str>| match value {
            Some(v) => {
                let s = slot.get_or_insert_with(String::new);
                s.clear();
                s.push_str(v);
            }
            None => *slot = None,
        };
        keep(&mut self.event_id, place.event_id);
        keep(&mut self.position, place.position);
    }
}

impl Out {
    /// Counts a finding and keeps it while fewer than [`MAX_KEPT`] are kept.
    fn find(&mut self, line: u64, kind: Kind, message: String) {
        *self.summary.totals.entry(kind.id()).or_insert(0) += 1;
        if self.summary.findings.len() < MAX_KEPT {
            let here = self.summary.rows && self.place.line == line;
            self.summary.findings.push(Finding {
                line,
                kind,
                message,
                event_id: here.then(|| self.place.event_id.clone()).flatten(),
                position: here.then(|| self.place.position.clone()).flatten(),
            });
        }
        if self.fail_fast {
            self.summary.stopped = true;
        }
    }
}

impl Out {
    /// What the log is made of: lines of a file, or rows of a store.
    fn unit(&self) -> &'static str {
        if self.summary.rows { "row" } else { "line" }
    }
}

fn quoted(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// Counts per kind id, ordered as [`Kind::ALL`].
pub fn ordered_totals(summary: &Summary) -> Vec<(&'static str, u64)> {
    let totals: &BTreeMap<&str, u64> = &summary.totals;
    Kind::ALL
        .iter()
        .filter_map(|k| totals.get(k.id()).map(|&n| (k.id(), n)))
        .collect()
}
