//! `schema_file`: payload schemas kept in JSON or YAML files beside the catalog, read in parallel.

use super::yaml::{self, ParseError};
use super::{Document, Loaded, include, parse_text, to_diag};
use crate::diag::{Diagnostic, Rule};
use crate::source::FileId;
use crate::syntax::{Node, Sp};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file's text and parsed node, or why it could not be read.
type ReadResult = Result<(String, Result<Node, ParseError>), String>;

/// Reads every `schema_file` named in the parsed documents.
pub(super) fn load(loaded: &mut Loaded) {
    let mut wanted: Vec<(FileId, Sp<String>)> = Vec::new();
    if let Some(root) = &loaded.root {
        crate::syntax::visit::schema_files(&root.syntax.contexts, |s| {
            wanted.push((root.file, s.clone()))
        });
    }
    for doc in &loaded.included {
        crate::syntax::visit::schema_files(&doc.syntax.contexts, |s| {
            wanted.push((doc.file, s.clone()))
        });
    }
    let mut by_path: HashMap<PathBuf, Option<FileId>> = HashMap::new();
    let jobs: Vec<(FileId, Sp<String>, Result<PathBuf, String>)> = wanted
        .into_iter()
        .map(|(from, rel)| {
            let dir = loaded
                .sources
                .get(from)
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let target = include::inside_root(&loaded.root_dir, &dir.join(&rel.value));
            (from, rel, target)
        })
        .collect();
    let mut to_read: Vec<PathBuf> = jobs
        .iter()
        .filter_map(|(_, _, t)| t.as_ref().ok().cloned())
        .collect();
    to_read.sort();
    to_read.dedup();
    let parsed: Vec<(PathBuf, ReadResult)> = to_read
        .into_par_iter()
        .map(|path| {
            let result = super::read::limited(&path, super::read::MAX_SCHEMA_BYTES)
                .map_err(|e| e.to_string())
                .map(|bytes| match yaml::decode(bytes) {
                    Ok(text) => {
                        let node = parse_text::<Node>(&text).map_err(super::as_schema);
                        (text, node)
                    }
                    Err(bad) => (bad.1, Err(bad.0)),
                });
            (path, result)
        })
        .collect();
    let mut nodes: HashMap<PathBuf, Arc<Node>> = HashMap::new();
    let mut read_errors: HashMap<PathBuf, String> = HashMap::new();
    for (path, result) in parsed {
        match result {
            Ok((text, node)) => {
                let id = loaded.sources.add(&path, text);
                match node {
                    Ok(node) => {
                        nodes.insert(path.clone(), Arc::new(node));
                        by_path.insert(path, Some(id));
                    }
                    Err(err) => {
                        let diag = to_diag(&loaded.sources, id, err);
                        loaded.diagnostics.push(diag);
                        by_path.insert(path, None);
                    }
                }
            }
            Err(e) => {
                read_errors.insert(path, e);
            }
        }
    }
    for (from, rel, target) in jobs {
        let span = rel.pos.in_file(from);
        match target {
            Err(why) => {
                let help = if why.contains("outside") {
                    "schema files must be inside the catalog's folder"
                } else {
                    "the path is relative to the file that names it"
                };
                loaded.diagnostics.push(
                    Diagnostic::new(
                        Rule::SchemaFile,
                        format!("cannot use schema file `{}`: {why}", rel.value),
                    )
                    .at(span, "named here")
                    .help(help),
                );
            }
            Ok(path) => {
                if let Some(e) = read_errors.get(&path) {
                    loaded.diagnostics.push(
                        Diagnostic::new(
                            Rule::SchemaFile,
                            format!("cannot read schema file `{}`: {e}", rel.value),
                        )
                        .at(span, "named here")
                        .help("the path is relative to the file that names it"),
                    );
                } else if let (Some(Some(id)), Some(node)) = (by_path.get(&path), nodes.get(&path))
                {
                    loaded.schema_files.insert(
                        (from, rel.value.clone()),
                        Document {
                            file: *id,
                            syntax: Arc::clone(node),
                        },
                    );
                }
            }
        }
    }
}
