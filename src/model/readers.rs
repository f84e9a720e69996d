//! Who reads an event outside its own context. An event is **public** when a trigger sends a
//! command of another context on it, or a saga or projection that reads events of more than
//! one context reads it (such a reader cannot live inside every context it reads). Upcasts run
//! only in the producing context, so outside readers see each version as it was published.
//! `visibility:` on the event overrides the inference (docs/compatibility.md#public-events).

use super::{Catalog, ContextId, EventId, SagaStyle, Visibility};
use crate::source::Span;

/// One reader of an event outside its context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reader {
    /// What reads it: "trigger of `Inventory.ReserveInventory`", "saga `OrderFulfillment`".
    pub what: String,
    /// Where the reading is written.
    pub span: Span,
}

impl Catalog {
    /// Every event's readers outside its own context, indexed by event, in catalog order.
    pub fn outside_readers(&self) -> Vec<Vec<Reader>> {
        let mut out: Vec<Vec<Reader>> = self
            .events
            .iter()
            .map(|e| {
                e.triggers
                    .iter()
                    .filter(|t| self.command(t.command).context != e.context)
                    .map(|t| Reader {
                        what: format!("trigger of `{}`", self.command_name(t.command)),
                        span: t.span,
                    })
                    .collect()
            })
            .collect();
        for s in &self.sagas {
            let read = self.saga_reads(s);
            if self.saga_contexts(s, &read).len() < 2 {
                continue;
            }
            let mut done: Vec<EventId> = Vec::new();
            for (e, span) in read {
                if !done.contains(&e) {
                    done.push(e);
                    out[e.index()].push(Reader {
                        what: format!("saga `{}`", s.name.text),
                        span,
                    });
                }
            }
        }
        for p in &self.projections {
            let mut contexts: Vec<ContextId> = p
                .handlers
                .iter()
                .map(|h| self.event(h.event).context)
                .collect();
            contexts.sort();
            contexts.dedup();
            if contexts.len() < 2 {
                continue;
            }
            for h in &p.handlers {
                out[h.event.index()].push(Reader {
                    what: format!("projection `{}`", p.name.text),
                    span: h.span,
                });
            }
        }
        out
    }

    /// Whether an event with these outside readers is public: declared so, or read outside
    /// its context and not declared internal.
    pub fn is_public(&self, id: EventId, readers: &[Reader]) -> bool {
        match self.event(id).visibility {
            Some((v, _)) => v == Visibility::Public,
            None => !readers.is_empty(),
        }
    }

    /// The events a saga itself reads: its start, end events and its steps' replies.
    fn saga_reads(&self, s: &super::Saga) -> Vec<(EventId, Span)> {
        let mut read: Vec<(EventId, Span)> = s.start.iter().copied().collect();
        read.extend(s.completes_on.iter().copied());
        read.extend(s.aborts_on.iter().copied());
        if s.style == SagaStyle::Orchestration {
            for step in &s.steps {
                let c = self.command(step.command);
                read.extend(c.emits.iter().chain(&c.fails).map(|(e, _)| (*e, step.span)));
            }
        }
        read
    }

    fn saga_contexts(&self, s: &super::Saga, read: &[(EventId, Span)]) -> Vec<ContextId> {
        let mut contexts: Vec<ContextId> =
            read.iter().map(|(e, _)| self.event(*e).context).collect();
        contexts.extend(s.steps.iter().map(|st| self.command(st.command).context));
        contexts.sort();
        contexts.dedup();
        contexts
    }
}
