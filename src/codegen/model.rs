//! The template context of `eventctl gen`: per context, the payload types of every event
//! version, each aggregate's states, commands and events, the upcast steps as Rust statements,
//! projections and sagas. Templates only print what is computed here.

pub use super::context::*;
use super::fields;
use super::types::{Mapper, TypeDef, doc_text, field_name, rust_str, type_name};
use crate::model::{Catalog, ContextId, EventId, UpcastOp};

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
    let mut needs_regex = false;
    let mut needs_decimal = false;
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
                                    *slot = Some(doc_text(&doc));
                                }
                            }
                            needs_regex |= m.needs.regex;
                            needs_decimal |= m.needs.decimal;
                            add_types(m.defs, &mut types, &mut taken);
                            ty
                        }
                        None => "serde_json::Value".into(),
                    };
                    versions.push(VersionGen {
                        event: ev.name.text.clone(),
                        version: v.number,
                        checked: is_struct(&types, &ty),
                        ty: ty.clone(),
                    });
                    if v.number >= latest.0 {
                        latest = (v.number, ty);
                    }
                }
                events.push(EventGen {
                    name: ev.name.text.clone(),
                    doc: ev.description.as_deref().map(doc_text),
                    version: latest.0,
                    ty: latest.1,
                    to: ev.to.map(|(s, _)| type_name(&agg.states[s.index()].text)),
                    qualified: cat.event_name(e),
                    apply: ev
                        .apply
                        .iter()
                        .map(|(f, x)| (f.text.clone(), rust_str(&x.text)))
                        .collect(),
                    sample: (!ev.apply.is_empty()).then(|| fields::stored_sample(ev)),
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
                        needs_regex |= m.needs.regex;
                        needs_decimal |= m.needs.decimal;
                        add_types(m.defs, &mut types, &mut taken);
                        ty
                    }
                    None => "serde_json::Value".into(),
                };
                commands.push(CommandGen {
                    checked: is_struct(&types, &ty),
                    name: cmd.name.text.clone(),
                    method: field_name(&cmd.name.text),
                    doc: cmd.description.as_deref().map(doc_text),
                    ty,
                    from: cat
                        .accepting_states(c)
                        .iter()
                        .map(|s| type_name(&agg.states[s.index()].text))
                        .collect(),
                    noop: cmd
                        .noop_in
                        .iter()
                        .map(|(s, _)| type_name(&agg.states[s.index()].text))
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
                            .and_then(|s| crate::compat::synth::first(&s.value()))
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
                doc: agg.description.as_deref().map(doc_text),
                initial: agg.initial.map_or_else(
                    || states[0].variant.clone(),
                    |(s, _)| type_name(&agg.states[s.index()].text),
                ),
                states,
                events,
                commands,
                fields: agg.fields.iter().map(fields::field_gen).collect(),
                specs: super::specs::specs(cat, a),
            });
            needs_decimal |= agg.fields.iter().any(|f| f.decimal);
        }
        contexts.push(ContextGen {
            name: ctx.name.text.clone(),
            module: field_name(&ctx.name.text),
            doc: ctx.description.as_deref().map(doc_text),
            types,
            versions,
            aggregates,
            upcasts,
        });
    }
    let plans = super::sagas::plans(cat);
    let tables = super::sagas::tables(cat, &plans);
    Gen {
        needs_regex,
        needs_decimal,
        projections: projections(cat),
        sagas: super::sagas::sagas(cat, &plans),
        world: super::sagas::world(cat, &plans),
        saga_commands: tables.0,
        triggers: tables.1,
        retryable: tables.2,
        crate_name: crate_name.map(str::to_string),
        target: target.to_string(),
        catalog: cat.name.clone(),
        contexts,
    }
}

/// Whether `ty` is one of the structs defined so far.
fn is_struct(types: &[TypeDef], ty: &str) -> bool {
    types
        .iter()
        .any(|d| matches!(d, TypeDef::Struct { name, .. } if name == ty))
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
                doc: p.description.as_deref().map(doc_text),
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
