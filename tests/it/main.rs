//! Integration tests: every rule's fixture, the examples, hostile input, the CLI and properties.

mod against;
mod causation;
mod cli;
mod compat_cli;
mod conformance;
mod diagnostics;
mod diagrams;
mod examples;
mod generate;
mod help_followed;
mod hostile;
mod init;
mod layers;
mod mappings;
mod properties;
mod readme;
mod regenerate;
mod replay;
mod replay_verdicts;
mod rules;
mod saga_verdicts;
mod shell;
mod simulate;
mod support;
mod synthetic;
