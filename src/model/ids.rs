//! Typed indexes into the catalog's item lists.

macro_rules! id {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);

        impl $name {
            /// The id of the item at `index`.
            pub fn new(index: usize) -> Self {
                Self(u32::try_from(index).unwrap_or(u32::MAX))
            }
            /// The index of the item.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

id!(
    /// A bounded context.
    ContextId,
    /// An aggregate.
    AggregateId,
    /// A command.
    CommandId,
    /// An event.
    EventId,
    /// A saga.
    SagaId,
    /// A projection.
    ProjectionId,
    /// A scenario.
    ScenarioId,
    /// A state, indexing its aggregate's `states`.
    StateId,
);
