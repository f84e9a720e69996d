//! The catalog in other tools' formats: AsyncAPI 3.0 documents (`asyncapi.rs`), with payload
//! schemas made to stand in them (`schema.rs`), and a schema registry's layout (`registry.rs`).

pub mod asyncapi;
pub mod registry;
pub mod schema;
