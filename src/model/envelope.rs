//! The envelope around each stored event: the one list of its field names. `resolve` fills a
//! catalog without an `envelope` from the defaults; `replay` reads the fields it checks by name.

/// The event's unique id.
pub const EVENT_ID: &str = "event_id";
/// The event's type name.
pub const EVENT_TYPE: &str = "event_type";
/// The payload version (`1` or `"v1"`).
pub const EVENT_VERSION: &str = "event_version";
/// The aggregate instance that recorded it.
pub const AGGREGATE_ID: &str = "aggregate_id";
/// The aggregate's type name.
pub const AGGREGATE_TYPE: &str = "aggregate_type";
/// When it was recorded (RFC 3339).
pub const OCCURRED_AT: &str = "occurred_at";
/// The process (saga run, request) it belongs to.
pub const CORRELATION_ID: &str = "correlation_id";
/// The message that caused it.
pub const CAUSATION_ID: &str = "causation_id";
/// Who asked for it.
pub const USER_ID: &str = "user_id";
/// Free-form metadata.
pub const METADATA: &str = "metadata";
/// The position of the event in its aggregate instance's stream.
pub const AGGREGATE_VERSION: &str = "aggregate_version";
/// The payload.
pub const DATA: &str = "data";

/// Fields every event carries when the catalog sets no `envelope`.
pub const DEFAULT_REQUIRED: [&str; 7] = [
    EVENT_ID,
    EVENT_TYPE,
    EVENT_VERSION,
    AGGREGATE_ID,
    AGGREGATE_TYPE,
    OCCURRED_AT,
    CORRELATION_ID,
];

/// Fields an event may carry when the catalog sets no `envelope`.
pub const DEFAULT_OPTIONAL: [&str; 3] = [CAUSATION_ID, USER_ID, METADATA];
