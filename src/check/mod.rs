//! Checks over the resolved model: one concern per file, all run by [`run`].

pub mod against;
mod apply;
mod collisions;
mod evolution;
mod flow;
mod lifecycle;
mod mapping;
mod mapping_fit;
mod naming;
mod pivots;
mod projections;
mod proof;
mod public;
mod sagas;
mod schema_cycles;
mod schema_lint;
pub mod schemas;
mod sets;
pub mod severity;
mod specs;
mod step_help;
mod upcast_ops;
mod versions;

use crate::diag::Diagnostic;
use crate::model::Catalog;

/// Runs every check and returns what they found, at default severities.
pub fn run(cat: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    lifecycle::check(cat, &mut out);
    flow::check(cat, &mut out);
    naming::check(cat, &mut out);
    collisions::check(cat, &mut out);
    versions::check(cat, &mut out);
    mapping::check(cat, &mut out);
    sagas::check(cat, &mut out);
    pivots::check(cat, &mut out);
    projections::check(cat, &mut out);
    apply::check(cat, &mut out);
    specs::check(cat, &mut out);
    out.extend(schemas::check(cat));
    out.extend(schema_lint::check(cat));
    out.extend(evolution::check(cat));
    out
}
