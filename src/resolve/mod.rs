//! Syntax → model: declares every item, looks every name up, and reports what does not resolve.

mod domain;
mod fields;
mod graph;
pub mod names;
mod process;
mod spec;
mod upcast;

use crate::diag::{Diagnostic, Rule, did_you_mean};
use crate::load::Loaded;
use crate::model::{AggregateId, Catalog, CommandId, ContextId, EventId, Name, StateId};
use crate::source::FileId;
use crate::syntax::Sp;
use std::collections::HashMap;

use crate::model::envelope::{DEFAULT_OPTIONAL, DEFAULT_REQUIRED};

/// Resolves a loaded catalog. The model holds only references that resolved.
pub fn resolve(loaded: &Loaded) -> (Catalog, Vec<Diagnostic>) {
    let mut r = Resolver {
        loaded,
        cat: Catalog::default(),
        diags: Vec::new(),
        contexts: HashMap::new(),
        aggregates: HashMap::new(),
        commands: HashMap::new(),
        events: HashMap::new(),
        states: HashMap::new(),
    };
    if let Some(root) = &loaded.root {
        let s = &root.syntax;
        r.cat.name = s.name.value.clone();
        r.cat.description = s.description.clone();
        r.cat.profile = s
            .defaults
            .as_ref()
            .and_then(|d| d.profile.as_ref())
            .map(|p| p.value)
            .unwrap_or_default();
        r.cat.default_compatibility_span = s
            .defaults
            .as_ref()
            .and_then(|d| d.compatibility.as_ref())
            .map(|c| c.pos.in_file(root.file));
        r.cat.default_compatibility = s
            .defaults
            .as_ref()
            .and_then(|d| d.compatibility.as_ref())
            .map(|c| c.value);
        if let Some(env) = &s.envelope {
            r.cat.envelope_required = env.required.iter().map(|f| f.value.clone()).collect();
            r.cat.envelope_optional = env.optional.iter().map(|f| f.value.clone()).collect();
        } else {
            r.cat.envelope_required = DEFAULT_REQUIRED.iter().map(|f| f.to_string()).collect();
            r.cat.envelope_optional = DEFAULT_OPTIONAL.iter().map(|f| f.to_string()).collect();
        }
        r.cat.rule_overrides = s
            .rules
            .iter()
            .map(|(k, v)| (r.name(root.file, k), v.value))
            .collect();
    }
    let docs = documents(loaded);
    let declared = domain::declare(&mut r, &docs);
    domain::define(&mut r, &declared);
    process::resolve_processes(&mut r, &docs);
    spec::resolve_specs(&mut r, &docs);
    graph::build(&mut r.cat);
    (r.cat, r.diags)
}

/// The sections of one parsed file.
pub(crate) struct Doc<'a> {
    pub file: FileId,
    pub contexts: &'a crate::syntax::Entries<crate::syntax::Context>,
    pub sagas: &'a crate::syntax::Entries<crate::syntax::Saga>,
    pub projections: &'a crate::syntax::Entries<crate::syntax::Projection>,
    pub scenarios: &'a crate::syntax::Entries<crate::syntax::Scenario>,
    pub specs: &'a crate::syntax::Entries<crate::syntax::Spec>,
}

fn documents(loaded: &Loaded) -> Vec<Doc<'_>> {
    let mut docs = Vec::new();
    if let Some(root) = &loaded.root {
        let s = &root.syntax;
        docs.push(Doc {
            file: root.file,
            contexts: &s.contexts,
            sagas: &s.sagas,
            projections: &s.projections,
            scenarios: &s.scenarios,
            specs: &s.specs,
        });
    }
    for inc in &loaded.included {
        let s = &inc.syntax;
        docs.push(Doc {
            file: inc.file,
            contexts: &s.contexts,
            sagas: &s.sagas,
            projections: &s.projections,
            scenarios: &s.scenarios,
            specs: &s.specs,
        });
    }
    docs
}

/// What a reference names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RefKind {
    Aggregate,
    Command,
    Event,
}

impl RefKind {
    fn word(self) -> &'static str {
        match self {
            RefKind::Aggregate => "aggregate",
            RefKind::Command => "command",
            RefKind::Event => "event",
        }
    }
}

pub(crate) struct Resolver<'a> {
    pub loaded: &'a Loaded,
    pub cat: Catalog,
    pub diags: Vec<Diagnostic>,
    pub contexts: HashMap<String, ContextId>,
    pub aggregates: HashMap<(ContextId, String), AggregateId>,
    pub commands: HashMap<(ContextId, String), CommandId>,
    pub events: HashMap<(ContextId, String), EventId>,
    /// Each aggregate's states by name, so that a lookup does not scan the list.
    pub states: HashMap<(AggregateId, String), StateId>,
}

impl Resolver<'_> {
    /// The aggregate's state of this name.
    pub fn state_named(&self, aggregate: AggregateId, name: &str) -> Option<StateId> {
        self.states.get(&(aggregate, name.to_string())).copied()
    }
}

impl Resolver<'_> {
    pub fn name(&self, file: FileId, s: &Sp<String>) -> Name {
        Name {
            text: s.value.clone(),
            span: s.pos.in_file(file),
        }
    }

    /// Reports an invalid item name; returns whether the name is usable.
    pub fn check_name(&mut self, name: &Name, what: &str) -> bool {
        match names::name_problem(&name.text) {
            None => true,
            Some(why) => {
                self.diags.push(
                    Diagnostic::new(Rule::InvalidName, format!("invalid {what} name: {why}"))
                        .at(name.span, "this name")
                        .help("use a PascalCase identifier such as `OrderPlaced`"),
                );
                false
            }
        }
    }

    fn table(&self, kind: RefKind) -> Vec<(ContextId, &str, usize)> {
        match kind {
            RefKind::Aggregate => self
                .aggregates
                .iter()
                .map(|((c, n), id)| (*c, n.as_str(), id.index()))
                .collect(),
            RefKind::Command => self
                .commands
                .iter()
                .map(|((c, n), id)| (*c, n.as_str(), id.index()))
                .collect(),
            RefKind::Event => self
                .events
                .iter()
                .map(|((c, n), id)| (*c, n.as_str(), id.index()))
                .collect(),
        }
    }

    fn find(&self, kind: RefKind, context: ContextId, name: &str) -> Option<usize> {
        let key = (context, name.to_string());
        match kind {
            RefKind::Aggregate => self.aggregates.get(&key).map(|i| i.index()),
            RefKind::Command => self.commands.get(&key).map(|i| i.index()),
            RefKind::Event => self.events.get(&key).map(|i| i.index()),
        }
    }

    /// Looks up `Context.Name`, or `Name` in `current` (or, at top level, in the one context that has it).
    pub fn lookup(
        &mut self,
        kind: RefKind,
        name: &Name,
        current: Option<ContextId>,
    ) -> Option<usize> {
        let found = match name.text.split_once('.') {
            Some((ctx, item)) => match self.contexts.get(ctx) {
                Some(&c) => self.find(kind, c, item).ok_or(None),
                None => Err(Some(format!("no context named `{}`", names::escape(ctx)))),
            },
            None => match current {
                Some(c) => self.find(kind, c, &name.text).ok_or(None),
                None => {
                    let hits: Vec<usize> = self
                        .table(kind)
                        .into_iter()
                        .filter(|(_, n, _)| *n == name.text)
                        .map(|(_, _, i)| i)
                        .collect();
                    match hits.as_slice() {
                        [one] => Ok(*one),
                        [] => Err(None),
                        _ => Err(Some(format!(
                            "`{}` is declared in several contexts; qualify it as `Context.{}`",
                            name.text, name.text
                        ))),
                    }
                }
            },
        };
        match found {
            Ok(i) => Some(i),
            Err(reason) => {
                self.unresolved(kind, name, current, reason);
                None
            }
        }
    }

    fn unresolved(
        &mut self,
        kind: RefKind,
        name: &Name,
        current: Option<ContextId>,
        reason: Option<String>,
    ) {
        let mut candidates: Vec<String> = self
            .table(kind)
            .into_iter()
            .map(|(c, n, _)| {
                if Some(c) == current {
                    n.to_string()
                } else {
                    format!("{}.{n}", self.cat.contexts[c.index()].name.text)
                }
            })
            .collect();
        candidates.sort();
        let mut diag = Diagnostic::new(
            Rule::UnresolvedReference,
            format!("unknown {} `{}`", kind.word(), names::escape(&name.text)),
        )
        .at(name.span, format!("no {} with this name", kind.word()));
        let suggestion =
            did_you_mean(&name.text, candidates.iter().map(String::as_str)).or_else(|| {
                let short = name.text.rsplit('.').next().unwrap_or(&name.text);
                candidates
                    .iter()
                    .map(String::as_str)
                    .find(|c| c.rsplit('.').next() == Some(short))
            });
        diag.help = match (reason, suggestion) {
            (_, Some(s)) => Some(format!("did you mean `{s}`?")),
            (Some(r), None) => Some(r),
            (None, None) if current.is_some() && !name.text.contains('.') => Some(format!(
                "names in another context are qualified: `Context.{}`",
                name.text
            )),
            (None, None) => None,
        };
        self.diags.push(diag);
    }

    /// Reports a state that the aggregate does not declare.
    pub fn unknown_state(&mut self, aggregate: AggregateId, state: &Name) {
        let agg = &self.cat.aggregates[aggregate.index()];
        let states: Vec<&str> = agg.states.iter().map(|s| s.text.as_str()).collect();
        let mut diag = Diagnostic::new(
            Rule::UnresolvedReference,
            format!(
                "unknown state `{}` of aggregate `{}`",
                names::escape(&state.text),
                agg.name.text
            ),
        )
        .at(state.span, "not in `states`");
        diag.help = Some(match did_you_mean(&state.text, states.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("declared states: {}", states.join(", ")),
        });
        self.diags.push(diag);
    }
}
