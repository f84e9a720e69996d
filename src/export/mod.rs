//! The catalog in other tools' formats: AsyncAPI 3.0 documents (`asyncapi.rs`), with payload
//! schemas made to stand in them (`schema.rs`), a schema registry's layout (`registry.rs`), and
//! an EventCatalog project (`eventcatalog.rs`).

pub mod asyncapi;
pub mod eventcatalog;
pub mod registry;
pub mod schema;
