//! Completion of the catalog's own names for `--saga`, `--aggregate`, `--projection`,
//! `--event`, `--scenario` and `--context`, in shells that registered
//! `COMPLETE=$SHELL eventctl` (see the README). The catalog is the first word of the command
//! line being completed that names an existing file or folder; without one, names are not
//! offered.

use clap_complete::engine::CompletionCandidate;
use eventctl::check::severity::CliOverrides;
use eventctl::model::Catalog;
use std::ffi::OsStr;
use std::path::PathBuf;

/// The catalog named on the command line being completed: the words after `--` that the shell
/// passes, past the program and subcommand names.
fn catalog_path() -> Option<PathBuf> {
    std::env::args_os()
        .skip_while(|a| a != "--")
        .skip(3)
        .map(PathBuf::from)
        .find(|p| !p.to_string_lossy().starts_with('-') && p.exists())
}

/// The names `pick` lists from the catalog, those that start with what was typed.
fn names(current: &OsStr, pick: fn(&Catalog) -> Vec<String>) -> Vec<CompletionCandidate> {
    let Some(path) = catalog_path() else {
        return Vec::new();
    };
    let Ok(validation) = eventctl::resolve_only(&path, &CliOverrides::default()) else {
        return Vec::new();
    };
    let Some(cat) = validation.catalog.as_ref() else {
        return Vec::new();
    };
    let typed = current.to_string_lossy();
    pick(cat)
        .into_iter()
        .filter(|n| n.starts_with(typed.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}

pub fn sagas(current: &OsStr) -> Vec<CompletionCandidate> {
    names(current, |c| {
        c.sagas.iter().map(|s| s.name.text.clone()).collect()
    })
}

pub fn scenarios(current: &OsStr) -> Vec<CompletionCandidate> {
    names(current, |c| {
        c.scenarios.iter().map(|s| s.name.text.clone()).collect()
    })
}

pub fn projections(current: &OsStr) -> Vec<CompletionCandidate> {
    names(current, |c| {
        c.projections.iter().map(|p| p.name.text.clone()).collect()
    })
}

pub fn contexts(current: &OsStr) -> Vec<CompletionCandidate> {
    names(current, |c| {
        c.contexts.iter().map(|x| x.name.text.clone()).collect()
    })
}

pub fn aggregates(current: &OsStr) -> Vec<CompletionCandidate> {
    names(current, |c| {
        (0..c.aggregates.len())
            .map(|i| c.aggregate_name(eventctl::model::AggregateId::new(i)))
            .collect()
    })
}

pub fn events(current: &OsStr) -> Vec<CompletionCandidate> {
    names(current, |c| {
        (0..c.events.len())
            .map(|i| c.event_name(eventctl::model::EventId::new(i)))
            .collect()
    })
}
