//! The template context of `eventctl gen`: per context, the payload types of every event
//! version, each aggregate's states, commands and events, the upcast steps as Rust statements,
//! projections and sagas. Templates only print what is computed here.

use super::types::{Mapper, TypeDef, field_name, type_name};
use crate::model::{Catalog, ContextId, EventId, UpcastOp};
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

/// A saga's reactions: which commands follow which event.
#[derive(Debug, Serialize)]
pub struct SagaGen {
    /// Type name.
    pub name: String,
    /// Description.
    pub doc: Option<String>,
    /// `choreography` or `orchestration`.
    pub style: String,
    /// The start event.
    pub start: String,
    /// (`Context.Event`, [`Context.Command`]).
    pub reactions: Vec<(String, Vec<String>)>,
    /// Events that complete it.
    pub completes_on: Vec<String>,
    /// Events that abort it.
    pub aborts_on: Vec<String>,
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
    /// State variants that accept it.
    pub from: Vec<String>,
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

fn rust_str(s: &str) -> String {
    format!("{s:?}")
}

fn ops(list: &[UpcastOp], out: &mut Vec<String>, depth: usize) {
    let pad = "    ".repeat(depth);
    for op in list {
        match op {
            UpcastOp::Add(fields) => {
                for (n, d) in fields {
                    out.push(format!(
                        "{pad}if !obj.contains_key({name}) {{ obj.insert({name}.into(), json({default})?); }}",
                        name = rust_str(&n.text),
                        default = rust_str(&d.value().to_string())
                    ));
                }
            }
            UpcastOp::Rename(pairs) => {
                for (o, n) in pairs {
                    out.push(format!(
                        "{pad}if let Some(v) = obj.remove({}) {{ obj.insert({}.into(), v); }}",
                        rust_str(&o.text),
                        rust_str(&n.text)
                    ));
                }
            }
            UpcastOp::Remove(names) => {
                for n in names {
                    out.push(format!("{pad}obj.remove({});", rust_str(&n.text)));
                }
            }
            UpcastOp::Set(pairs) => {
                for (n, x) in pairs {
                    out.push(format!(
                        "{pad}{{ let v = eval({}, obj)?; obj.insert({}.into(), v); }}",
                        rust_str(&x.text),
                        rust_str(&n.text)
                    ));
                }
            }
            UpcastOp::Each { path, ops: inner } => {
                out.push(format!(
                    "{pad}for obj in elements(obj, {})? {{",
                    rust_str(&path.text)
                ));
                ops(inner, out, depth + 1);
                out.push(format!("{pad}}}"));
            }
        }
    }
}

/// The template context of a catalog; `only` restricts it to one context.
pub fn build(
    cat: &Catalog,
    target: &str,
    crate_name: Option<&str>,
    only: Option<ContextId>,
) -> Gen {
    let mut contexts = Vec::new();
    for (ci, ctx) in cat.contexts.iter().enumerate() {
        if only.is_some_and(|o| o.index() != ci) {
            continue;
        }
        let mut types = Vec::new();
        let mut versions = Vec::new();
        let mut aggregates = Vec::new();
        let mut upcasts = Vec::new();
        let mut taken: Vec<String> = Vec::new();
        let add_types = |defs: Vec<TypeDef>, types: &mut Vec<TypeDef>, taken: &mut Vec<String>| {
            for d in defs {
                let name = match &d {
                    TypeDef::Struct { name, .. } | TypeDef::Enum { name, .. } => name.clone(),
                };
                if !taken.contains(&name) {
                    taken.push(name);
                    types.push(d);
                }
            }
        };
        for &a in &ctx.aggregates {
            let agg = cat.aggregate(a);
            let mut events = Vec::new();
            for &e in &agg.events {
                let ev = cat.event(e);
                let mut latest = (0, "serde_json::Value".to_string());
                for v in &ev.versions {
                    let name = format!("{}V{}", ev.name.text, v.number);
                    let ty = match &v.schema {
                        Some(s) => {
                            let value = s.value();
                            let mut m = Mapper::new(&value);
                            let (ty, _) = m.map(&value, &name, 0);
                            let doc = [
                                Some(format!("`{}` v{}.", ev.name.text, v.number)),
                                ev.description.clone(),
                                v.description.clone(),
                            ]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" ");
                            for d in &mut m.defs {
                                if let TypeDef::Struct {
                                    name: n, doc: slot, ..
                                } = d
                                    && *n == ty
                                {
                                    *slot = Some(doc.clone());
                                }
                            }
                            add_types(m.defs, &mut types, &mut taken);
                            ty
                        }
                        None => "serde_json::Value".into(),
                    };
                    versions.push(VersionGen {
                        event: ev.name.text.clone(),
                        version: v.number,
                        ty: ty.clone(),
                    });
                    if v.number >= latest.0 {
                        latest = (v.number, ty);
                    }
                }
                events.push(EventGen {
                    name: ev.name.text.clone(),
                    doc: ev.description.clone(),
                    version: latest.0,
                    ty: latest.1,
                    to: ev.to.map(|(s, _)| type_name(&agg.states[s.index()].text)),
                });
                upcasts.push(upcast(cat, e));
            }
            let mut commands = Vec::new();
            for &c in &agg.commands {
                let cmd = cat.command(c);
                let name = format!("{}Payload", cmd.name.text);
                let ty = match &cmd.schema {
                    Some(s) => {
                        let value = s.value();
                        let mut m = Mapper::new(&value);
                        let (ty, _) = m.map(&value, &name, 0);
                        add_types(m.defs, &mut types, &mut taken);
                        ty
                    }
                    None => "serde_json::Value".into(),
                };
                commands.push(CommandGen {
                    name: cmd.name.text.clone(),
                    method: field_name(&cmd.name.text),
                    doc: cmd.description.clone(),
                    ty,
                    from: cat
                        .accepting_states(c)
                        .iter()
                        .map(|s| type_name(&agg.states[s.index()].text))
                        .collect(),
                    emits: cmd
                        .emits
                        .iter()
                        .map(|(e, _)| cat.event(*e).name.text.clone())
                        .collect(),
                    fails: cmd
                        .fails
                        .iter()
                        .map(|(e, _)| cat.event(*e).name.text.clone())
                        .collect(),
                    sample: {
                        let payload = cmd
                            .schema
                            .as_ref()
                            .and_then(|s| {
                                crate::compat::synth::samples(&s.value()).into_iter().next()
                            })
                            .unwrap_or(serde_json::Value::Object(Default::default()));
                        rust_str(&serde_json::json!({ cmd.name.text.clone(): payload }).to_string())
                    },
                });
            }
            let states = agg
                .states
                .iter()
                .enumerate()
                .map(|(i, s)| StateGen {
                    variant: type_name(&s.text),
                    name: s.text.clone(),
                    is_final: agg.is_final(crate::model::StateId::new(i)),
                })
                .collect::<Vec<_>>();
            aggregates.push(AggregateGen {
                name: agg.name.text.clone(),
                doc: agg.description.clone(),
                initial: agg.initial.map_or_else(
                    || states[0].variant.clone(),
                    |(s, _)| type_name(&agg.states[s.index()].text),
                ),
                states,
                events,
                commands,
            });
        }
        contexts.push(ContextGen {
            name: ctx.name.text.clone(),
            module: field_name(&ctx.name.text),
            doc: ctx.description.clone(),
            types,
            versions,
            aggregates,
            upcasts,
        });
    }
    Gen {
        projections: projections(cat),
        sagas: sagas(cat),
        crate_name: crate_name.map(str::to_string),
        target: target.to_string(),
        catalog: cat.name.clone(),
        contexts,
    }
}

fn upcast(cat: &Catalog, e: EventId) -> UpcastGen {
    let ev = cat.event(e);
    let mut versions: Vec<_> = ev.versions.iter().collect();
    versions.sort_by_key(|v| v.number);
    let steps = versions
        .iter()
        .skip(1)
        .map(|v| {
            let mut body = Vec::new();
            ops(&v.upcast, &mut body, 0);
            StepGen {
                to: v.number,
                function: format!("{}_v{}", field_name(&ev.name.text), v.number),
                body,
            }
        })
        .collect();
    UpcastGen {
        event: ev.name.text.clone(),
        latest: versions.last().map_or(0, |v| v.number),
        steps,
    }
}

fn projections(cat: &Catalog) -> Vec<ProjectionGen> {
    cat.projections
        .iter()
        .map(|p| {
            let fields: Vec<ProjectionFieldGen> = p
                .fields
                .iter()
                .map(|f| ProjectionFieldGen {
                    name: field_name(&f.name.text),
                    json: f.name.text.clone(),
                    ty: match f.ty.as_str() {
                        "string" => "String",
                        "number" => "f64",
                        "integer" => "i64",
                        "boolean" => "bool",
                        _ => "serde_json::Value",
                    }
                    .to_string(),
                })
                .collect();
            let mut sources: Vec<(String, String, String)> = Vec::new();
            for h in &p.handlers {
                let e = cat.event(h.event);
                let ctx = &cat.context(e.context).name.text;
                let source = (
                    field_name(ctx),
                    ctx.clone(),
                    cat.aggregate(e.aggregate).name.text.clone(),
                );
                if !sources.contains(&source) {
                    sources.push(source);
                }
            }
            ProjectionGen {
                sources,
                name: p.name.text.clone(),
                doc: p.description.clone(),
                key: p.key.text.clone(),
                key_field: field_name(&p.key.text),
                handlers: p
                    .handlers
                    .iter()
                    .map(|h| HandlerGen {
                        event: cat.event_name(h.event),
                        delete: h.delete,
                        set: h
                            .set
                            .iter()
                            .filter(|(f, _)| fields.iter().any(|x| x.json == f.text))
                            .map(|(f, x)| (field_name(&f.text), rust_str(&x.text)))
                            .collect(),
                    })
                    .collect(),
                fields,
            }
        })
        .collect()
}

fn sagas(cat: &Catalog) -> Vec<SagaGen> {
    use crate::model::SagaStyle;
    let mut out = Vec::new();
    for s in &cat.sagas {
        let Some((start, _)) = s.start else { continue };
        let mut reactions: Vec<(String, Vec<String>)> = Vec::new();
        let react =
            |event: EventId, commands: Vec<String>, reactions: &mut Vec<(String, Vec<String>)>| {
                let name = cat.event_name(event);
                match reactions.iter_mut().find(|(e, _)| *e == name) {
                    Some((_, list)) => list.extend(commands),
                    None => reactions.push((name, commands)),
                }
            };
        match s.style {
            SagaStyle::Choreography => {
                // The events this saga can reach from its start, through triggers and the
                // events their commands record.
                let mut seen = vec![false; cat.events.len()];
                let mut todo = vec![start];
                seen[start.index()] = true;
                while let Some(e) = todo.pop() {
                    let ev = cat.event(e);
                    if !ev.triggers.is_empty() {
                        let commands = ev
                            .triggers
                            .iter()
                            .map(|t| cat.command_name(t.command))
                            .collect();
                        react(e, commands, &mut reactions);
                    }
                    for t in &ev.triggers {
                        let c = cat.command(t.command);
                        for (next, _) in c.emits.iter().chain(&c.fails) {
                            if !seen[next.index()] {
                                seen[next.index()] = true;
                                todo.push(*next);
                            }
                        }
                    }
                }
                reactions.sort();
            }
            SagaStyle::Orchestration => {
                let first: Vec<String> = s
                    .steps
                    .first()
                    .map(|st| vec![cat.command_name(st.command)])
                    .unwrap_or_default();
                react(start, first, &mut reactions);
                for (i, step) in s.steps.iter().enumerate() {
                    let next: Vec<String> = match s.steps.get(i + 1) {
                        Some(n) => vec![cat.command_name(n.command)],
                        None => s
                            .on_complete
                            .iter()
                            .map(|(c, _)| cat.command_name(*c))
                            .collect(),
                    };
                    let undo: Vec<String> = s.steps[..i]
                        .iter()
                        .rev()
                        .filter_map(|st| st.compensation.map(|c| cat.command_name(c)))
                        .chain(s.on_abort.iter().map(|(c, _)| cat.command_name(*c)))
                        .collect();
                    let c = cat.command(step.command);
                    for (e, _) in &c.emits {
                        react(*e, next.clone(), &mut reactions);
                    }
                    for (e, _) in &c.fails {
                        react(*e, undo.clone(), &mut reactions);
                    }
                }
            }
        }
        out.push(SagaGen {
            name: s.name.text.clone(),
            doc: s.description.clone(),
            style: match s.style {
                SagaStyle::Choreography => "choreography".into(),
                SagaStyle::Orchestration => "orchestration".into(),
            },
            start: cat.event_name(start),
            reactions,
            completes_on: s
                .completes_on
                .iter()
                .map(|(e, _)| cat.event_name(*e))
                .collect(),
            aborts_on: s
                .aborts_on
                .iter()
                .map(|(e, _)| cat.event_name(*e))
                .collect(),
        });
    }
    out
}
