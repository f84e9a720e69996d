//! Serde types that mirror the YAML as written; every user-written value carries its position.

mod catalog;
mod domain;
mod entries;
pub mod idents;
mod names;
mod node;
mod process;
mod schema;
mod spanned;
mod spec;
pub mod visit;

pub use catalog::*;
pub use domain::*;
pub use entries::Entries;
pub use names::*;
pub use node::{Node, NodeKind};
pub use process::*;
pub use schema::format_schema;
pub use spanned::{Pos, Sp};
pub use spec::*;
