//! Every catalog rule as a type: its id, stage, default severity, summary, details and help
//! link. `eventctl rules`, `docs/rules.md`, the catalog's `rules:` keys and SARIF's rule table
//! are all written from [`Rule::ALL`].

use super::Severity;
use serde::Serialize;

/// Which stage reports a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Reading files; these findings stop the run and cannot be lowered.
    Load,
    /// Looking names up.
    Resolve,
    /// Checking the resolved model.
    Check,
}

/// Where a rule is documented: its stage, with the rules of `validate --against` apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// Reading files.
    Load,
    /// Names and references.
    Resolve,
    /// The model.
    Check,
    /// Against a previous release (`validate --against`).
    Against,
}

impl Section {
    /// The stage that reports the section's rules.
    pub const fn stage(self) -> Stage {
        match self {
            Section::Load => Stage::Load,
            Section::Resolve => Stage::Resolve,
            Section::Check | Section::Against => Stage::Check,
        }
    }
}

macro_rules! rules {
    ($($variant:ident = $id:literal, $severity:ident, $section:ident, $summary:literal, $details:literal;)*) => {
        /// A catalog rule. Every finding of `validate` carries one.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(#[doc = $summary] $variant,)*
        }

        impl Rule {
            /// Every rule, in the order `eventctl rules` lists them.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable kebab-case id.
            pub const fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The severity unless overridden.
            pub const fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// Where the rule is documented.
            pub const fn section(self) -> Section {
                match self { $(Rule::$variant => Section::$section,)* }
            }

            /// One sentence: what it guards against.
            pub const fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $summary,)* }
            }

            /// What exactly it finds, as `docs/rules.md` says.
            pub const fn details(self) -> &'static str {
                match self { $(Rule::$variant => $details,)* }
            }

            /// The rule's entry in the documentation.
            pub const fn help_url(self) -> &'static str {
                match self {
                    $(Rule::$variant => concat!(
                        env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md#", $id
                    ),)*
                }
            }
        }
    };
}

rules! {
    YamlSyntax = "yaml-syntax", Error, Load,
        "A file is not well-formed YAML text: bad syntax, not UTF-8, empty, binary, too deep or an alias bomb.",
        "Malformed YAML; a file that is not UTF-8 (the bad byte's line and column), empty, or binary; nesting deeper than 128 levels; alias bombs and other budget breaches.";
    UnknownKey = "unknown-key", Error, Load,
        "A key the catalog format does not define, usually a typo.",
        "A key the format does not define, with the closest known key suggested.";
    DuplicateKey = "duplicate-key", Error, Load,
        "A key written twice in one mapping, where one would silently win.",
        "A key written twice in one mapping.";
    InvalidValue = "invalid-value", Error, Load,
        "A value of the wrong type or shape, or a missing required key.",
        "A value of the wrong shape (a list where a mapping belongs), an unknown enum value (with a suggestion), a missing required key, a projection field type that is not a JSON type.";
    FormatVersion = "format-version", Error, Load,
        "The catalog declares a format version this eventctl does not read.",
        "`eventctl:` is not `1`.";
    IncludeMissing = "include-missing", Error, Load,
        "An `include` names a file or pattern that matches nothing or cannot be read.",
        "An include names no file, or a glob matches none.";
    IncludeCycle = "include-cycle", Error, Load,
        "Files include each other in a cycle, or nest too deeply.",
        "Files include each other (the chain is shown), or includes nest deeper than 32.";
    IncludeOutsideRoot = "include-outside-root", Error, Load,
        "An `include` points outside the catalog's folder.",
        "An include leaves the root file's folder (`..`, absolute paths, symlinks out).";
    SchemaFile = "schema-file", Error, Load,
        "A `schema_file` is missing, unreadable or outside the catalog's folder.",
        "A `schema_file` that is missing, unreadable or outside the catalog's folder.";
    InvalidName = "invalid-name", Error, Resolve,
        "A name is not an identifier, holds a path separator, or becomes a Rust keyword.",
        "A context, aggregate, command, event, saga or projection name that is not an identifier, holds a path separator, or becomes a Rust keyword in snake_case (`Type`, `Match`); a scenario name that is not an identifier.";
    DuplicateName = "duplicate-name", Error, Resolve,
        "Two items of the same kind share a name where names must be unique.",
        "Two contexts, aggregates, commands, events, states, sagas, projections or scenarios with one name. Commands and events are unique per context.";
    UnresolvedReference = "unresolved-reference", Error, Resolve,
        "A reference to an aggregate, command, event, state, saga or field that does not exist.",
        "A reference to an aggregate, command, event, state, saga, projection field or context that does not exist, or an unqualified name declared in several contexts. Suggests the closest name. A command with no `emits`.";
    ForeignEvent = "foreign-event", Error, Resolve,
        "A command records an event of another aggregate.",
        "A command's `emits` or `fails` names an event of another aggregate.";
    SchemaSource = "schema-source", Error, Resolve,
        "A version has no payload schema, or both `schema` and `schema_file`.",
        "A version without `schema` or `schema_file`, or with both.";
    InvalidDuration = "invalid-duration", Error, Resolve,
        "A timeout is not a duration such as `30s` or `5m`.",
        "A timeout that is not a whole number and a unit (`ms`, `s`, `m`, `h`, `d`).";
    ScenarioOutcome = "scenario-outcome", Error, Resolve,
        "A scenario forces an outcome that is not ok, fail, a declared failure, timeout or duplicate.",
        "An outcome that is not `ok`, `fail`, `fail:Event` (a declared failure of that command), `timeout` or `duplicate`.";
    UnknownRule = "unknown-rule", Error, Resolve,
        "A `rules:` entry names a rule that does not exist.",
        "A `rules:` entry that names no rule, or a load rule.";
    TransitionFromFinal = "transition-from-final", Error, Check,
        "A command accepted in a final state records an event that moves the aggregate out of it.",
        "A command whose `from` lists a final state and whose `emits` or `fails` events move to another state. Events that keep the state (no `to`, or `to` the same state) are legal: a GDPR erasure of a closed order.";
    UnreachableState = "unreachable-state", Warning, Check,
        "No sequence of commands leads from the initial state to this state.",
        "A state no sequence of accepted commands reaches from `initial` (following `emits` and `fails` events' `to`).";
    CommandNeverAccepted = "command-never-accepted", Warning, Check,
        "A command is accepted only in states the aggregate never reaches.",
        "A command accepted only in unreachable states.";
    EventNeverRecorded = "event-never-recorded", Warning, Check,
        "No command emits or fails with this event, so it can never be recorded.",
        "An event in no command's `emits` or `fails`.";
    TriggerCycle = "trigger-cycle", Error, Check,
        "Events and the commands they trigger form a loop that never ends.",
        "Events and the commands they trigger form a loop; the shortest cycle is shown with each trigger.";
    UnhandledEvent = "unhandled-event", Warning, Check,
        "No trigger, saga or projection reacts to this event.",
        "No trigger, saga (start, end, or orchestrated step outcome) or projection reacts to an event.";
    UnsentCommand = "unsent-command", Warning, Check,
        "Nothing sends this command: no trigger, saga step or compensation, and it is not `external`.",
        "No trigger, saga step, compensation, `on_complete`/`on_abort` or `compensated_by` sends a command, and it is not `external: true`.";
    NameCase = "name-case", Warning, Check,
        "A context, aggregate, command, event, saga or projection name is not PascalCase.",
        "A context, aggregate, command, event, saga or projection name that is not PascalCase.";
    EventNameTense = "event-name-tense", Warning, Check,
        "An event name does not end in a past-tense verb (`OrderPlaced`).",
        "An event name whose last word is not a past participle (`-ed`, or an irregular one such as `Sent`, `Paid`).";
    CommandNameMood = "command-name-mood", Warning, Check,
        "A command name does not start with an imperative verb (`PlaceOrder`).",
        "A command name whose first word reads as past tense or a gerund (`PlacedOrder`, `ShippingOrder`).";
    VersionSequence = "version-sequence", Error, Check,
        "Versions do not run 1, 2, 3… in order, or an event has none.",
        "Versions that do not run 1, 2, 3… in the order written, or an event with no versions.";
    SchemaDialect = "schema-dialect", Error, Check,
        "A payload schema's `$schema` is not draft-07 or 2020-12 (or another known draft).",
        "A `$schema` other than draft-07, 2020-12 (or drafts 4, 6, 2019-09).";
    SchemaInvalid = "schema-invalid", Error, Check,
        "A payload schema breaks its meta-schema or cannot be compiled.",
        "A payload schema that breaks its meta-schema (each error at its own line), or does not compile (a local `$ref` to nothing).";
    GeneratedNameCollision = "generated-name-collision", Error, Check,
        "Two items would get the same Rust name in generated code, or a context's module is one `gen` writes.",
        "Two contexts whose modules are the same once snake_cased (`FooBar` and `Foo_bar`), a context named like a module `gen` writes (`Process`, `Upcast`, `Payload`, `Cqrs`, `Lib`), or two items of one module whose generated types coincide (an aggregate's `…State`, `…Event`, `…Command`, `…Error` and `…Decisions`, a command's `…Payload`, an event's `…V1`, a projection's `…Row`). The generated crate would not compile.";
    SchemaTooComplex = "schema-too-complex", Error, Check,
        "A payload schema checks one value too many times to be evaluated on untrusted payloads.",
        "A payload schema whose applicators (`anyOf`, `allOf`, `$ref`, …) reach one subschema by more than 1,000 paths for the same part of a value, or apply a subschema to the same value in a loop. Checking a payload would take time and memory that grow exponentially with the schema; see [limits.md](limits.md). An example too large to check under such a schema within the budget is reported here too.";
    SchemaUnknownKeyword = "schema-unknown-keyword", Warning, Check,
        "A payload schema uses a keyword JSON Schema does not know, which checks nothing.",
        "A key of a payload schema that is no JSON Schema keyword (drafts 4 to 2020-12) and no `x-` extension, such as `minimun`, or OpenAPI's `nullable`; the closest keyword is suggested.";
    SchemaPropertyMisplaced = "schema-property-misplaced", Warning, Check,
        "A property is written beside `properties` instead of under it.",
        "A key that is no keyword, beside `properties` in an object schema, whose value reads as a schema (it has a `type`, `$ref`, `enum`…): it was meant as a property and declares nothing.";
    SchemaRequiredUndeclared = "schema-required-undeclared", Warning, Check,
        "A `required` name is not declared under `properties`.",
        "A name in `required` that the same schema's `properties` does not declare, when no `allOf`, `$ref`, `patternProperties` or the like could declare it, such as `amuont`; the closest property is suggested.";
    SchemaRefNoBaseCase = "schema-ref-no-base-case", Warning, Check,
        "A definition's `$ref`s lead back to itself through required parts, so no finite value matches it.",
        "A `$defs`/`definitions` entry on a `$ref` cycle that every value must follow: each `node` requires a `next` that is again a `node`, with no optional way out (an optional property, an empty array, a `null` or scalar type, another `anyOf` branch). No finite value matches it, so a payload that needs it is never valid.";
    SchemaRemoteRef = "schema-remote-ref", Error, Check,
        "A payload schema uses a `$ref` outside itself, which would need the network.",
        "A `$ref` that is not local (`#…`): eventctl never fetches.";
    ExampleInvalid = "example-invalid", Error, Check,
        "An example payload (or a scenario's start payload, or a spec's payload) is not valid under its schema.",
        "An `examples` payload, a scenario's `start` payload (against the start event's latest version), or a spec's command or event payload (events against their latest version), that its schema rejects; the label points at the schema keyword that rejects it.";
    CompatBreaking = "compat-breaking", Error, Check,
        "A version step breaks its compatibility mode and no upcast bridges it (forward steps cannot be bridged).",
        "A version step breaks its mode (see [compatibility.md](compatibility.md)) against the previous version, or every earlier one for `*_transitive` modes. Points at the place in both schemas. A backward break is allowed when the step's upcast chain is proven to bridge it; a forward break never is.";
    CompatUnknown = "compat-unknown", Error, Check,
        "The engine cannot decide whether a version step keeps its compatibility mode.",
        "The engine cannot decide a step (two different `pattern`s, a changed `not` or `if`); under `defaults.profile: lenient` these are not reported.";
    UpcastMissing = "upcast-missing", Error, Check,
        "A version declared breaking (`compatibility: none`) has no upcast, so stored events of the previous version cannot be read.",
        "A version declared `compatibility: none` whose schema is not backward compatible with the previous one, and no upcast in the chain: stored events of the previous version could not be read.";
    UpcastInvalid = "upcast-invalid", Error, Check,
        "An upcast renames, removes or walks a field the previous version lacks, or an expression does not compile or reads unknown fields.",
        "An upcast renames, removes or walks (`each`) a field the previous version does not have, renames onto an existing field, or has a `set` expression that does not compile or reads a field that is not there at that point.";
    UpcastProofFailed = "upcast-proof-failed", Error, Check,
        "An older version's example or synthesised payload, upcast through the chain, is not valid under the newer schema.",
        "An older version's example, a payload synthesised from its schema (required fields only, every field, lower and upper bounds, every enum value), or the witness of a breaking finding of the step (a stored payload the newer schema rejects), fails in the upcast chain or is not valid under the newer schema after it. Shows the sample, the operation and the schema error.";
    PublicEventBreaking = "public-event-breaking", Error, Check,
        "A version step of an event read outside its context breaks the readers still on the previous version.",
        "An event is public when something outside its context reads it: a trigger of another context's command, or a saga or projection that reads events of several contexts (`visibility:` overrides the inference). Upcasts run only where the event is stored, so those readers get each version as published. A step whose mode does not check `forward` (or `full`) and that is not forward compatible is reported, with a payload of the new version the old one rejects. See [compatibility.md](compatibility.md#public-events).";
    InternalEventConsumed = "internal-event-consumed", Error, Check,
        "An event declared `visibility: internal` is read outside its context.",
        "An event declared `visibility: internal` that a trigger of another context's command, or a saga or projection across contexts, reads.";
    VersionChanged = "version-changed", Error, Against,
        "With `--against`: a released version's schema or upcast changed (released versions are immutable).",
        "A released version's schema changed compatibly, or its upcast changed: released versions are immutable.";
    BreakingChangeInPlace = "breaking-change-in-place", Error, Against,
        "With `--against`: a released version's schema changed incompatibly instead of getting a new version.",
        "A released version's schema changed in a way its mode forbids, instead of a new version being added; points at the change in both catalogs.";
    VersionRemoved = "version-removed", Error, Against,
        "With `--against`: a released version is gone, though events of it are stored.",
        "A released version is gone.";
    EventRemoved = "event-removed", Error, Against,
        "With `--against`: a released event is gone, though events of it are stored.",
        "A released event is gone.";
    EventRenamed = "event-renamed", Error, Against,
        "With `--against`: a released event reappears under another name with the same versions.",
        "A released event is gone and a new one has exactly its versions.";
    CompatibilityLoosened = "compatibility-loosened", Error, Against,
        "With `--against`: a version step's compatibility mode checks less than it did.",
        "A step's mode checks fewer directions, or is no longer transitive.";
    MappingUnknownField = "mapping-unknown-field", Error, Check,
        "A trigger mapping names a field missing from the event's latest schema or the command's schema.",
        "A trigger mapping's source field missing from the event's latest schema, or its target field missing from the command's schema (or the command has none). Dotted paths and local `$ref`s are followed.";
    MappingTypeMismatch = "mapping-type-mismatch", Error, Check,
        "A trigger mapping copies a field into a command field that rejects some of its values.",
        "A mapping whose event field may hold a value the command field rejects, decided by the compatibility engine (types with `integer` inside `number`, bounds, enums, formats, lengths, nullability); the message shows such a value. A trigger into another context is checked against every version of the event, since readers there get each version as published; inside the context only the latest counts, as upcasts run first. A field missing from an older version is `mapping-unknown-field`.";
    ProjectionUnknownField = "projection-unknown-field", Error, Check,
        "A projection's key, or a field its `set` expression reads, is not in a handled event's latest payload, or the expression does not compile.",
        "A projection's `key`, or a field a `set` expression reads, is missing from the latest schema of an event it handles (when that schema declares properties); or a `set` expression does not compile. Suggests the nearest field name.";
    ProjectionTypeMismatch = "projection-type-mismatch", Error, Check,
        "A `set` expression yields a type its projection field does not declare.",
        "A `set` expression whose result type is known (a constant, or a bare field whose schema names its types) yields a type the projection field does not declare (`integer` fits `number`; `null` needs `nullable: true`).";
    ProjectionRowIncomplete = "projection-row-incomplete", Warning, Check,
        "A handler that may create a projection row leaves a field that is not nullable unset.",
        "A handler that may meet no row for its key (its event can come first in causal order, or after an event whose handler deleted the row) leaves a field that is not nullable unset, so the row holds `null` there. Causal order follows commands, triggers, orchestration steps and lifecycles.";
    ApplyUnknownField = "apply-unknown-field", Error, Check,
        "An aggregate's `apply` expression reads a field its event's latest payload or the aggregate does not have, or does not compile.",
        "An `apply` expression reads a name missing from the latest schema of its event (when that schema declares properties), or `current.<field>` where the aggregate declares no such field; or the expression does not compile. Suggests the nearest name.";
    ApplyTypeMismatch = "apply-type-mismatch", Error, Check,
        "An `apply` expression yields a type its aggregate field does not declare.",
        "An `apply` expression whose result type is known (a constant, a bare payload field whose schema names its types, or a bare `current.<field>`) yields a type the aggregate field does not declare (`integer` fits `number`; `null` needs `nullable: true`).";
    SpecContradicted = "spec-contradicted", Error, Check,
        "A given/when/then spec that the model contradicts.",
        "A spec whose history the lifecycle does not allow (an event no command accepted in that state records), whose command's fate does not follow from the state the history leaves (refused when accepted, events when refused, events other than the command's `emits` in order or one of its `fails`, events from a no-op), or whose expected `fields` differ from what the events' `apply` expressions compute.";
    SagaShape = "saga-shape", Error, Check,
        "A saga misses what its style needs: steps for orchestration, an end event, disjoint end events.",
        "An orchestration saga without steps; a choreography with steps, `on_complete` or `on_abort`; a saga without `completes_on`; an event both completing and aborting it; a start event that no state reachable from `initial` records; `retries` for a command with no `retry_possible` failure.";
    IrreversibleStep = "irreversible-step", Warning, Check,
        "A saga can abort after a step that nothing undoes.",
        "A saga step with no compensation (not itself a compensation, nor bookkeeping on the saga's own record: the aggregates whose events complete or abort it) that a step which can fail or time out may follow: the saga can abort with an effect nobody undoes. A step or command declared `pivot: true` is the point of no return on purpose; then each step after it that can fail or time out is reported. Choreographies are read in the order their happy path sends commands.";
    CorrelationFieldMissing = "correlation-field-missing", Warning, Check,
        "A saga's correlation field is not in its start event's latest schema.",
        "A saga's `correlation` field is not in its start event's latest schema.";
}

impl Rule {
    /// The stage that reports it.
    pub const fn stage(self) -> Stage {
        self.section().stage()
    }

    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// Whether a finding of this rule stops the run after loading. A missing `schema_file`
    /// leaves only its own schema unchecked, so it does not.
    pub fn stops_the_run(self) -> bool {
        self.stage() == Stage::Load && self != Rule::SchemaFile
    }

    /// Whether the catalog or the command line may change its severity.
    pub fn can_be_overridden(self) -> bool {
        self.stage() != Stage::Load
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_kebab_case_and_documented() {
        let mut seen = HashSet::new();
        for &rule in Rule::ALL {
            let id = rule.id();
            assert!(seen.insert(id), "duplicate rule id {id}");
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id} is not kebab-case"
            );
            assert!(
                rule.summary().ends_with('.') && rule.summary().len() > 20,
                "{id} needs a summary"
            );
            assert!(rule.details().ends_with('.'), "{id} needs details");
            assert!(rule.help_url().ends_with(&format!("#{id}")));
            assert_eq!(Rule::from_id(id), Some(rule));
        }
    }

    #[test]
    fn only_load_rules_stop_the_run_and_resist_overrides() {
        assert!(Rule::YamlSyntax.stops_the_run());
        assert!(!Rule::SchemaFile.stops_the_run());
        assert!(!Rule::SchemaFile.can_be_overridden());
        assert!(Rule::UnhandledEvent.can_be_overridden());
        assert_eq!(Rule::VersionChanged.stage(), Stage::Check);
    }
}
