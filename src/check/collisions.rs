//! `generated-name-collision`: two catalog items that `gen` would give the same Rust name, or a
//! context whose module is one `gen` writes itself. Names here follow `syntax::idents`, the
//! functions `gen` names with, and the suffixes its templates add.

use crate::diag::{Diagnostic, Rule};
use crate::model::{Catalog, ContextId, Name};
use crate::syntax::idents::{field_name, type_name};
use std::collections::HashMap;

/// Modules `gen` writes beside the contexts' (and `lib`/`main`/`mod`, which Rust gives a
/// meaning).
const RESERVED_MODULES: &[&str] = &[
    "lib", "main", "mod", "process", "upcast", "payload", "state", "saga", "world", "cqrs", "tests",
];

/// What an item is, and the generated names it takes in its module.
struct Item<'a> {
    what: &'static str,
    name: &'a Name,
    generated: Vec<String>,
}

pub(super) fn check(cat: &Catalog, out: &mut Vec<Diagnostic>) {
    let modules: Vec<Item<'_>> = cat
        .contexts
        .iter()
        .map(|c| Item {
            what: "context",
            name: &c.name,
            generated: vec![field_name(&c.name.text)],
        })
        .collect();
    for m in &modules {
        if RESERVED_MODULES.contains(&m.generated[0].as_str()) {
            out.push(
                Diagnostic::new(
                    Rule::GeneratedNameCollision,
                    format!(
                        "context `{}` becomes the module `{}`, which `gen` writes itself",
                        m.name.text, m.generated[0]
                    ),
                )
                .at(m.name.span, "this context")
                .help("rename the context"),
            );
        }
    }
    collide(&modules, "module", out);
    for (c, _) in cat.contexts.iter().enumerate() {
        collide(&context_items(cat, ContextId::new(c)), "type", out);
    }
    let mut top: Vec<Item<'_>> = Vec::new();
    for p in &cat.projections {
        let t = type_name(&p.name.text);
        top.push(Item {
            what: "projection",
            name: &p.name,
            generated: vec![format!("{t}Row"), t],
        });
    }
    for s in &cat.sagas {
        top.push(Item {
            what: "saga",
            name: &s.name,
            generated: vec![type_name(&s.name.text)],
        });
    }
    collide(&top, "type", out);
}

/// The types a context's module declares for its aggregates, commands and events.
fn context_items(cat: &Catalog, ctx: ContextId) -> Vec<Item<'_>> {
    let mut items = Vec::new();
    for &a in &cat.contexts[ctx.index()].aggregates {
        let agg = &cat.aggregates[a.index()];
        let t = type_name(&agg.name.text);
        let generated = ["", "State", "Event", "Command", "Error", "Decisions"]
            .iter()
            .map(|s| format!("{t}{s}"))
            .collect();
        items.push(Item {
            what: "aggregate",
            name: &agg.name,
            generated,
        });
    }
    for c in cat.commands.iter().filter(|c| c.context == ctx) {
        items.push(Item {
            what: "command",
            name: &c.name,
            generated: vec![format!("{}Payload", type_name(&c.name.text))],
        });
    }
    for e in cat.events.iter().filter(|e| e.context == ctx) {
        let t = type_name(&e.name.text);
        items.push(Item {
            what: "event",
            name: &e.name,
            generated: e
                .versions
                .iter()
                .map(|v| format!("{t}V{}", v.number))
                .collect(),
        });
    }
    items
}

/// Reports each generated name that two items share, at the second.
fn collide(items: &[Item<'_>], kind: &str, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Item<'_>> = HashMap::new();
    for item in items {
        for g in &item.generated {
            match seen.get(g.as_str()) {
                Some(first) if !std::ptr::eq(*first, item) => {
                    out.push(
                        Diagnostic::new(
                            Rule::GeneratedNameCollision,
                            format!(
                                "{} `{}` and {} `{}` both become the Rust {kind} `{g}` in generated code",
                                first.what, first.name.text, item.what, item.name.text
                            ),
                        )
                        .at(item.name.span, "this one")
                        .with(first.name.span, "the first")
                        .help("rename one of them so that their generated names differ"),
                    );
                    break;
                }
                Some(_) => {}
                None => {
                    seen.insert(g, item);
                }
            }
        }
    }
}
