//! The shapes the templates of `eventctl gen` see: one `*Gen` struct per item, computed by
//! `model.rs`.

use super::types::TypeDef;
use serde::Serialize;

/// Everything the templates see.
#[derive(Debug, Serialize)]
pub struct Gen {
    /// The crate's name (`--crate`), when writing a crate.
    pub crate_name: Option<String>,
    /// `plain` or `cqrs-es`.
    pub target: String,
    /// The catalog's name.
    pub catalog: String,
    /// One module per context.
    pub contexts: Vec<ContextGen>,
    /// Projections.
    pub projections: Vec<ProjectionGen>,
    /// Sagas.
    pub sagas: Vec<SagaGen>,
    /// The world saga runs happen in.
    pub world: WorldGen,
    /// Every command a saga may send, by name.
    pub saga_commands: Vec<SagaCommandGen>,
    /// What each event a choreography may record triggers, by event.
    pub triggers: Vec<TriggerGen>,
    /// Failures that may not happen again.
    pub retryable: Vec<String>,
    /// A payload check matches a pattern: the crate depends on `regex`.
    pub needs_regex: bool,
    /// A payload field is a `Decimal`: the crate depends on `rust_decimal`.
    pub needs_decimal: bool,
}

/// A projection field.
#[derive(Debug, Serialize)]
pub struct ProjectionFieldGen {
    /// Rust name.
    pub name: String,
    /// JSON name.
    pub json: String,
    /// Rust type (without the `Option` every row field has).
    pub ty: String,
}

/// How a projection handles one event.
#[derive(Debug, Serialize)]
pub struct HandlerGen {
    /// `Context.Event`.
    pub event: String,
    /// Removes the row.
    pub delete: bool,
    /// (Rust field name, Rust string literal of the expression).
    pub set: Vec<(String, String)>,
}

/// A projection.
#[derive(Debug, Serialize)]
pub struct ProjectionGen {
    /// Type name.
    pub name: String,
    /// Description.
    pub doc: Option<String>,
    /// Key field (JSON name).
    pub key: String,
    /// Key field (Rust name).
    pub key_field: String,
    /// Row fields.
    pub fields: Vec<ProjectionFieldGen>,
    /// Handlers.
    pub handlers: Vec<HandlerGen>,
    /// The aggregates whose events it handles: (context module, context name, aggregate).
    pub sources: Vec<(String, String, String)>,
}

/// A saga, as its process manager's tables.
#[derive(Debug, Serialize)]
pub struct SagaGen {
    /// Its name.
    pub name: String,
    /// The name of its definition constant (`ORDER_FULFILLMENT`).
    pub def: String,
    /// Description.
    pub doc: Option<String>,
    /// Orchestrated (else choreographed).
    pub orchestration: bool,
    /// The start event, `Context.Event`.
    pub start: String,
    /// The correlation field.
    pub correlation: String,
    /// Events that complete it.
    pub completes_on: Vec<String>,
    /// Events that abort it.
    pub aborts_on: Vec<String>,
    /// Its steps' compensations, where they differ from `compensated_by`.
    pub compensations: Vec<(String, Option<String>)>,
    /// (command, milliseconds) it waits for an answer.
    pub timeouts: Vec<(String, u64)>,
    /// (command, times) it sends again after a retryable failure.
    pub retries: Vec<(String, u8)>,
    /// Orchestration steps.
    pub steps: Vec<String>,
    /// Sent when every step succeeded.
    pub on_complete: Vec<String>,
    /// Sent after the compensations.
    pub on_abort: Vec<String>,
    /// The aggregates whose events it listens to: (context module, aggregate).
    pub listens: Vec<(String, String)>,
    /// Its scenarios.
    pub scenarios: Vec<ScenarioGen>,
    /// A Rust string literal of a start payload, and its correlation id.
    pub sample: (String, String),
}

/// (event, command, [(command field, event field)]): an event triggers a command whose payload
/// copies those fields.
pub type TriggerGen = (String, String, Vec<(String, String)>);

/// A command some saga may send, as the catalog declares it.
#[derive(Debug, Serialize)]
pub struct SagaCommandGen {
    /// `Context.Command`.
    pub name: String,
    /// Events it records on success.
    pub emits: Vec<String>,
    /// Its failures.
    pub fails: Vec<String>,
    /// What undoes it (`compensated_by`).
    pub compensation: Option<String>,
    /// Its payload's fields.
    pub fields: Vec<String>,
}

/// A scenario, as a test of the process manager.
#[derive(Debug, Serialize)]
pub struct ScenarioGen {
    /// Its name.
    pub name: String,
    /// Description.
    pub doc: Option<String>,
    /// A Rust string literal of the start payload.
    pub start: String,
    /// The correlation id.
    pub correlation: String,
    /// (command, [Rust expression of each attempt's outcome]).
    pub outcomes: Vec<(String, Vec<String>)>,
    /// Commands delivered, in order, when expected.
    pub commands: Vec<String>,
    /// (aggregate, state) it must end with.
    pub states: Vec<(String, String)>,
    /// `completed` or `aborted`, when expected.
    pub result: Option<String>,
}

/// What the in-memory world of saga runs holds: the aggregates, events and commands of the
/// catalog's sagas.
#[derive(Debug, Default, Serialize)]
pub struct WorldGen {
    /// (field, context module, aggregate type, `Context.Aggregate`).
    pub aggregates: Vec<(String, String, String, String)>,
    /// Events its runs may record.
    pub events: Vec<MessageGen>,
    /// Commands its runs may deliver.
    pub commands: Vec<MessageGen>,
}

/// An event or command of the world, with a sample payload.
#[derive(Debug, Serialize)]
pub struct MessageGen {
    /// `Context.Name`.
    pub qualified: String,
    /// Its name.
    pub name: String,
    /// The aggregate's field in the world.
    pub field: String,
    /// The context module.
    pub module: String,
    /// The aggregate type.
    pub aggregate: String,
    /// A Rust string literal of a valid payload (a command's as `{"Name": payload}`).
    pub sample: String,
}

/// One context.
#[derive(Debug, Serialize)]
pub struct ContextGen {
    /// Its name.
    pub name: String,
    /// Its module name.
    pub module: String,
    /// Its description.
    pub doc: Option<String>,
    /// Payload types of every event version and command.
    pub types: Vec<TypeDef>,
    /// Event versions and their payload types.
    pub versions: Vec<VersionGen>,
    /// Aggregates.
    pub aggregates: Vec<AggregateGen>,
    /// Upcast chains of its events.
    pub upcasts: Vec<UpcastGen>,
}

/// One event version.
#[derive(Debug, Serialize)]
pub struct VersionGen {
    /// The event's name.
    pub event: String,
    /// The version number.
    pub version: u64,
    /// The payload type.
    pub ty: String,
    /// The payload type is a struct, with a `check`.
    pub checked: bool,
}

/// A lifecycle state.
#[derive(Debug, Serialize)]
pub struct StateGen {
    /// Enum variant.
    pub variant: String,
    /// Name in the catalog.
    pub name: String,
    /// Final.
    pub is_final: bool,
}

/// An event of an aggregate at its latest version.
#[derive(Debug, Serialize)]
pub struct EventGen {
    /// Name, also the enum variant.
    pub name: String,
    /// Description.
    pub doc: Option<String>,
    /// Latest version.
    pub version: u64,
    /// Payload type of the latest version.
    pub ty: String,
    /// The state after it, when it changes.
    pub to: Option<String>,
    /// `Context.Event`.
    pub qualified: String,
    /// (JSON field name, Rust string literal of the expression) of its `apply`.
    pub apply: Vec<(String, String)>,
    /// A Rust string literal of the event as stored (`{"event_type", "data"}`), for tests of
    /// its `apply`.
    pub sample: Option<String>,
}

/// Business data an aggregate's events set.
#[derive(Debug, Serialize)]
pub struct AggregateFieldGen {
    /// Rust name.
    pub name: String,
    /// JSON name.
    pub json: String,
    /// Rust type (an `Option` when nullable).
    pub ty: String,
    /// The serde module that reads and writes it, for a `Decimal`.
    pub with: Option<String>,
    /// The catalog's declaration, for its doc comment.
    pub doc: String,
}

/// A command.
#[derive(Debug, Serialize)]
pub struct CommandGen {
    /// Name, also the enum variant.
    pub name: String,
    /// Handler method name.
    pub method: String,
    /// Description.
    pub doc: Option<String>,
    /// Payload type.
    pub ty: String,
    /// The payload type is a struct, with a `check`.
    pub checked: bool,
    /// State variants that accept it.
    pub from: Vec<String>,
    /// State variants where it is accepted as a no-op, recording nothing.
    pub noop: Vec<String>,
    /// Events recorded on success.
    pub emits: Vec<String>,
    /// Failure events.
    pub fails: Vec<String>,
    /// A Rust string literal of a valid command as JSON (`{"Name": payload}`), for tests.
    pub sample: String,
}

/// An aggregate.
#[derive(Debug, Serialize)]
pub struct AggregateGen {
    /// Name.
    pub name: String,
    /// Description.
    pub doc: Option<String>,
    /// States.
    pub states: Vec<StateGen>,
    /// Initial state variant.
    pub initial: String,
    /// Events at their latest versions.
    pub events: Vec<EventGen>,
    /// Commands.
    pub commands: Vec<CommandGen>,
    /// Business data.
    pub fields: Vec<AggregateFieldGen>,
    /// Its given/when/then specifications.
    pub specs: Vec<SpecGen>,
}

/// A given/when/then specification, as Rust string literals of JSON the generated types read.
#[derive(Debug, Serialize)]
pub struct SpecGen {
    /// Its name, also the test's.
    pub name: String,
    /// What it states.
    pub doc: Option<String>,
    /// The given events as stored (`{"event_type", "data"}`).
    pub given: Vec<String>,
    /// The command (`{"Name": payload}`).
    pub when: String,
    /// The command's name.
    pub command: String,
    /// `not-accepted` or `refused`, when it expects an error.
    pub error: Option<String>,
    /// The state variant the given events leave, which a `not-accepted` error names.
    pub state: String,
    /// The expected events as stored.
    pub events: Vec<String>,
    /// (JSON field name, its expected value as JSON).
    pub fields: Vec<(String, String)>,
}

/// The upcast chain of one event.
#[derive(Debug, Serialize)]
pub struct UpcastGen {
    /// The event's name.
    pub event: String,
    /// The latest version.
    pub latest: u64,
    /// Steps from version `n - 1` to `n`.
    pub steps: Vec<StepGen>,
}

/// One upcast step as Rust statements over `obj: &mut Map<String, Value>`.
#[derive(Debug, Serialize)]
pub struct StepGen {
    /// The version it produces.
    pub to: u64,
    /// Function name.
    pub function: String,
    /// Statements.
    pub body: Vec<String>,
}
