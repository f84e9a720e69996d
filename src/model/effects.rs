//! What a saga must undo when it aborts. A command that succeeded is an effect to undo unless
//! it has a compensation, is itself a compensation, is sent by `on_complete` or `on_abort`, or
//! acts on the saga's own record: the aggregates whose events complete or abort the saga (a
//! `Trip` that ends `rejected` is the saga's bookkeeping, not an effect on the world). See
//! `docs/simulate.md#steps-that-cannot-be-undone`.

use super::{AggregateId, Catalog, CommandId, SagaId, SagaStyle};

/// A saga's view of its commands: which undo others, which are bookkeeping, which are pivots.
#[derive(Debug)]
pub struct Effects {
    /// Per command of the catalog: what undoes it in this saga.
    compensation: Vec<Option<CommandId>>,
    /// Per command: it undoes a command of this saga.
    undoes: Vec<bool>,
    /// Per command: bookkeeping (on the saga's record, or sent on completion or abort).
    bookkeeping: Vec<bool>,
    /// Per command: declared a pivot, on the command or on its step.
    pivot: Vec<bool>,
}

impl Effects {
    /// Classifies every command of the catalog for one saga.
    pub fn new(cat: &Catalog, saga: SagaId) -> Self {
        let s = &cat.sagas[saga.index()];
        let n = cat.commands.len();
        let mut compensation: Vec<Option<CommandId>> = cat
            .commands
            .iter()
            .map(|c| c.compensated_by.map(|(x, _)| x))
            .collect();
        let mut undoes = vec![false; n];
        let mut pivot: Vec<bool> = cat.commands.iter().map(|c| c.pivot).collect();
        match s.style {
            SagaStyle::Orchestration => {
                for st in &s.steps {
                    compensation[st.command.index()] = st.compensation;
                    pivot[st.command.index()] |= st.pivot;
                    if let Some(c) = st.compensation {
                        undoes[c.index()] = true;
                    }
                }
            }
            SagaStyle::Choreography => {
                for c in cat.commands.iter().filter_map(|c| c.compensated_by) {
                    undoes[c.0.index()] = true;
                }
            }
        }
        let records = saga_records(cat, saga);
        let mut bookkeeping: Vec<bool> = cat
            .commands
            .iter()
            .map(|c| records.contains(&c.aggregate))
            .collect();
        for (c, _) in s.on_complete.iter().chain(&s.on_abort) {
            bookkeeping[c.index()] = true;
        }
        Self {
            compensation,
            undoes,
            bookkeeping,
            pivot,
        }
    }

    /// The command that undoes `c` in this saga.
    pub fn compensation_of(&self, c: CommandId) -> Option<CommandId> {
        self.compensation[c.index()]
    }

    /// True when `c` undoes some command of this saga.
    pub fn is_compensation(&self, c: CommandId) -> bool {
        self.undoes[c.index()]
    }

    /// True when `c` is declared a pivot.
    pub fn is_pivot(&self, c: CommandId) -> bool {
        self.pivot[c.index()]
    }

    /// True when a success of `c` is an effect nothing undoes: no compensation, not itself a
    /// compensation, and not bookkeeping on the saga's record.
    pub fn is_irreversible(&self, c: CommandId) -> bool {
        let i = c.index();
        self.compensation[i].is_none() && !self.undoes[i] && !self.bookkeeping[i]
    }
}

/// The saga's own record: the aggregates of the events that complete or abort it.
pub fn saga_records(cat: &Catalog, saga: SagaId) -> Vec<AggregateId> {
    let s = &cat.sagas[saga.index()];
    let mut out: Vec<AggregateId> = s
        .completes_on
        .iter()
        .chain(&s.aborts_on)
        .map(|(e, _)| cat.event(*e).aggregate)
        .collect();
    out.sort();
    out.dedup();
    out
}
