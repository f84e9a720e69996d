//! Serde types that mirror the YAML as written; every user-written value carries its position.

mod catalog;
mod entries;
mod node;
mod schema;
mod spanned;
pub mod visit;

pub use catalog::*;
pub use entries::Entries;
pub use node::{Node, NodeKind};
pub use schema::format_schema;
pub use spanned::{Pos, Sp};
