//! `eventctl gen`: Rust scaffolds from the catalog, written through minijinja templates that
//! are embedded in the binary and can be overridden one file at a time.

mod checks;
mod context;
pub mod decisions;
mod fields;
pub mod files;
pub mod model;
pub mod render;
mod saga_notes;
mod sagas;
mod specs;
pub mod types;

pub use saga_notes::incomplete;
