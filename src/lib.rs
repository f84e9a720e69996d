//! eventctl: reads an event catalog (YAML), resolves it into a model and checks it.
//!
//! The pipeline is load → resolve → check → report; see ARCHITECTURE.md. The library never
//! prints or exits: it returns values, and the binary decides what to show.

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod atomic;
pub mod check;
pub mod codegen;
pub mod compat;
pub mod cost;
pub mod diag;
pub mod diagram;
pub mod docs;
pub mod export;
pub mod fileset;
pub mod import;
pub mod load;
pub mod model;
pub mod previous;
pub mod replay;
pub mod report;
pub mod resolve;
pub mod sim;
pub mod source;
pub mod starter;
pub mod syntax;
pub mod upcast;
mod validate;

pub use validate::{Validation, resolve_only, validate, validate_against, validate_loaded};
