//! What replay can find wrong with a line of the log, and the summary it ends with.

use serde::Serialize;
use std::collections::BTreeMap;

macro_rules! kinds {
    ($($(#[doc = $doc:literal])* $name:ident = $id:literal,)*) => {
        /// The kinds of finding, each with a stable id.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(into = "&'static str")]
        pub enum Kind {
            $($(#[doc = $doc])* $name,)*
        }

        impl Kind {
            /// Every kind, in report order.
            pub const ALL: &'static [Kind] = &[$(Kind::$name,)*];

            /// The stable kebab-case id.
            pub fn id(self) -> &'static str {
                match self {
                    $(Kind::$name => $id,)*
                }
            }

            /// One sentence on what the finding means.
            pub fn purpose(self) -> &'static str {
                match self {
                    $(Kind::$name => concat!($($doc),*).trim_ascii(),)*
                }
            }
        }
    };
}

kinds! {
    /// A line that is not a JSON object.
    MalformedLine = "malformed-line",
    /// A line longer than 16 MiB, skipped unread.
    LineTooLong = "line-too-long",
    /// A line that is not valid UTF-8.
    InvalidUtf8 = "invalid-utf8",
    /// The last line has no newline and does not parse: the log was cut off.
    TruncatedLine = "truncated-line",
    /// A field the catalog's `envelope.required` lists is absent or null.
    MissingField = "missing-field",
    /// An `event_type` the catalog does not declare.
    UnknownEvent = "unknown-event",
    /// An `event_version` the event does not declare.
    UnknownVersion = "unknown-version",
    /// The `aggregate_type` is not the aggregate that records the event.
    AggregateMismatch = "aggregate-mismatch",
    /// The event has no `correlation_id`.
    MissingCorrelation = "missing-correlation",
    /// The `causation_id` names no earlier event of the log (with `--causation events`).
    UnknownCausation = "unknown-causation",
    /// The `causation_id` names the event itself, or an event that appears later in the log.
    CausationAfterEffect = "causation-after-effect",
    /// The `aggregate_version` does not follow the previous event of the same aggregate.
    SequenceGap = "sequence-gap",
    /// The `occurred_at` is not an RFC 3339 timestamp.
    InvalidTimestamp = "invalid-timestamp",
    /// The `occurred_at` is earlier than the previous event of the same aggregate.
    TimeBackwards = "time-backwards",
    /// The aggregate's lifecycle does not allow the event in its current state.
    IllegalTransition = "illegal-transition",
    /// The upcast chain to the latest version fails on the payload.
    UpcastFailed = "upcast-failed",
    /// The payload breaks its own version's schema (with `--validate-payloads`).
    PayloadInvalid = "payload-invalid",
    /// The payload's schema is too costly to check on this payload (with `--validate-payloads`).
    PayloadTooCostly = "payload-too-costly",
    /// The upcast chain's result breaks the latest version's schema (with `--validate-payloads`).
    UpcastResultInvalid = "upcast-result-invalid",
    /// The `event_id` repeats one of the two latest events of its aggregate instance.
    DuplicateEvent = "duplicate-event",
    /// A projection row ends with `null` in a field not declared nullable.
    ProjectionNull = "projection-null",
    /// A projection handler cannot find the row key in the payload.
    ProjectionKey = "projection-key",
    /// A projection expression fails, or gives a value of the wrong type for its field.
    ProjectionValue = "projection-value",
}

impl From<Kind> for &'static str {
    fn from(k: Kind) -> Self {
        k.id()
    }
}

/// One finding, at a line of the log or a row of a store.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// Line number in the log, or row number in the store's order, from 1.
    pub line: u64,
    /// What kind.
    pub kind: Kind,
    /// What is wrong, naming the values involved.
    pub message: String,
    /// The store row's `event_id`, for a finding on the row being read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// The store row's global position, when the table has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
}

/// How many of one event version the log held.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Count {
    /// `Context.Event`.
    pub event: String,
    /// Version number.
    pub version: u64,
    /// Events.
    pub count: u64,
}

/// What a replay found.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// Lines (or store rows) read.
    pub lines: u64,
    /// True when the log came from an event store's rows, not a file's lines.
    pub rows: bool,
    /// Bytes read.
    pub bytes: u64,
    /// Events of a known type and version.
    pub events: u64,
    /// Per event version, in catalog order; versions never seen are left out.
    pub counts: Vec<Count>,
    /// Aggregate instances seen.
    pub aggregates: u64,
    /// Findings per kind id, over the whole log.
    pub totals: BTreeMap<&'static str, u64>,
    /// The first findings, in log order (at most [`MAX_KEPT`]).
    pub findings: Vec<Finding>,
    /// True when `--fail-fast` stopped the replay at the first finding.
    pub stopped: bool,
    /// Events left out of projections because they broke their stream (a sequence gap or an
    /// illegal transition).
    pub skipped: u64,
    /// The chance that a `causation_id` naming no event went unnoticed.
    pub causation_miss_chance: f64,
}

/// Most findings kept with their messages; the rest are only counted.
pub const MAX_KEPT: usize = 10_000;

impl Summary {
    /// All findings, counted or kept.
    pub fn total_findings(&self) -> u64 {
        self.totals.values().sum()
    }
}
