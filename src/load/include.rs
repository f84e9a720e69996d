//! `include`: glob patterns → files inside the catalog's folder, read in parallel, cycles refused.

use super::{Document, Loaded, read_limited, to_diag};
use crate::diag::{Diagnostic, Rule};
use crate::source::FileId;
use crate::syntax::{IncludedFile, Sp};
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Deepest chain of includes followed.
const MAX_DEPTH: usize = 32;

/// One file to read, and how it was reached.
struct Pending {
    path: PathBuf,
    chain: Vec<PathBuf>,
}

/// Canonical form of `path` when it exists inside `root`.
pub(super) fn inside_root(root: &Path, path: &Path) -> Result<PathBuf, String> {
    let canonical = path.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        _ => e.to_string(),
    })?;
    if canonical.starts_with(root) {
        Ok(canonical)
    } else {
        Err("it is outside the catalog's folder".to_string())
    }
}

/// Reads every file reachable through `include`, level by level, each level in parallel.
pub(super) fn load_includes(
    loaded: &mut Loaded,
    root_file: FileId,
    root_path: &Path,
    includes: Vec<Sp<String>>,
) {
    let mut seen: HashSet<PathBuf> = HashSet::from([root_path.to_path_buf()]);
    let mut level = expand(
        loaded,
        root_file,
        &[root_path.to_path_buf()],
        &includes,
        &mut seen,
    );
    while !level.is_empty() {
        let read: Vec<(Pending, std::io::Result<Vec<u8>>)> = level
            .into_par_iter()
            .map(|p| {
                let bytes = read_limited(&p.path);
                (p, bytes)
            })
            .collect();
        let parsed: Vec<_> = read
            .into_par_iter()
            .map(|(p, bytes)| {
                let parsed = bytes.map(|b| match super::yaml::decode(b) {
                    Ok(text) if super::is_blank(&text) => (text, Ok(IncludedFile::default())),
                    Ok(text) => {
                        let doc = super::yaml::parse::<IncludedFile>(&text);
                        (text, doc)
                    }
                    Err(bad) => (bad.1, Err(bad.0)),
                });
                (p, parsed)
            })
            .collect();
        let mut next = Vec::new();
        for (pending, result) in parsed {
            match result {
                Err(e) => loaded.diagnostics.push(Diagnostic::new(
                    Rule::IncludeMissing,
                    format!(
                        "cannot read included file `{}`: {e}",
                        pending.path.display()
                    ),
                )),
                Ok((text, parsed)) => {
                    let file = loaded.sources.add(&pending.path, text);
                    match parsed {
                        Ok(doc) => {
                            let includes = doc.include.clone();
                            loaded.included.push(Document { file, syntax: doc });
                            let mut chain = pending.chain.clone();
                            chain.push(pending.path.clone());
                            next.extend(expand(loaded, file, &chain, &includes, &mut seen));
                        }
                        Err(err) => {
                            let diag = to_diag(&loaded.sources, file, err);
                            loaded.diagnostics.push(diag);
                        }
                    }
                }
            }
        }
        level = next;
    }
}

/// Turns the `include` patterns of one file into files to read.
fn expand(
    loaded: &mut Loaded,
    from: FileId,
    chain: &[PathBuf],
    patterns: &[Sp<String>],
    seen: &mut HashSet<PathBuf>,
) -> Vec<Pending> {
    let from_path = chain.last().cloned().unwrap_or_default();
    let dir = from_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut out = Vec::new();
    for pattern in patterns {
        let span = pattern.pos.in_file(from);
        let outside = |what: &str| {
            Diagnostic::new(
                Rule::IncludeOutsideRoot,
                format!("include `{what}` points outside the catalog's folder"),
            )
            .at(span, "included here")
            .help("included files must be inside the folder of the root catalog file")
        };
        if chain.len() > MAX_DEPTH {
            loaded.diagnostics.push(
                Diagnostic::new(
                    Rule::IncludeCycle,
                    format!("includes nest deeper than {MAX_DEPTH} files"),
                )
                .at(span, "included here"),
            );
            continue;
        }
        let full = dir.join(&pattern.value);
        let targets: Vec<PathBuf> = if has_glob(&pattern.value) {
            let prefix = literal_prefix(&full);
            if inside_root(&loaded.root_dir, &prefix).is_err_and(|e| e.contains("outside")) {
                loaded.diagnostics.push(outside(&pattern.value));
                continue;
            }
            match glob::glob(&full.to_string_lossy()) {
                Ok(paths) => {
                    let mut found: Vec<PathBuf> = paths
                        .filter_map(Result::ok)
                        .filter(|p| p.is_file())
                        .collect();
                    found.sort();
                    if found.is_empty() {
                        loaded.diagnostics.push(
                            Diagnostic::new(
                                Rule::IncludeMissing,
                                format!("include pattern `{}` matches no file", pattern.value),
                            )
                            .at(span, "included here")
                            .help("patterns are relative to the file that holds them"),
                        );
                    }
                    found
                }
                Err(e) => {
                    loaded.diagnostics.push(
                        Diagnostic::new(
                            Rule::IncludeMissing,
                            format!(
                                "include pattern `{}` is not a valid glob: {}",
                                pattern.value, e.msg
                            ),
                        )
                        .at(span, "included here"),
                    );
                    continue;
                }
            }
        } else {
            vec![full]
        };
        for target in targets {
            let canonical = match inside_root(&loaded.root_dir, &target) {
                Ok(c) => c,
                Err(why) if why.contains("outside") => {
                    loaded.diagnostics.push(outside(&pattern.value));
                    continue;
                }
                Err(why) => {
                    loaded.diagnostics.push(
                        Diagnostic::new(
                            Rule::IncludeMissing,
                            format!("cannot include `{}`: {why}", pattern.value),
                        )
                        .at(span, "included here")
                        .help("paths are relative to the file that holds the `include`"),
                    );
                    continue;
                }
            };
            if let Some(i) = chain.iter().position(|p| *p == canonical) {
                let names: Vec<String> = chain[i..]
                    .iter()
                    .chain(std::iter::once(&canonical))
                    .map(|p| short(&loaded.root_dir, p))
                    .collect();
                loaded.diagnostics.push(
                    Diagnostic::new(
                        Rule::IncludeCycle,
                        format!("include cycle: {}", names.join(" → ")),
                    )
                    .at(span, "this include closes the cycle")
                    .help("remove one of the includes in the cycle"),
                );
                continue;
            }
            if seen.insert(canonical.clone()) {
                out.push(Pending {
                    path: canonical,
                    chain: chain.to_vec(),
                });
            }
        }
    }
    out
}

fn has_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
}

/// The folder part of a glob before its first wildcard.
fn literal_prefix(full: &Path) -> PathBuf {
    let mut prefix = PathBuf::new();
    for part in full.components() {
        if has_glob(&part.as_os_str().to_string_lossy()) {
            break;
        }
        prefix.push(part);
    }
    prefix
}

fn short(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_prefix_stops_at_the_first_wildcard() {
        assert_eq!(
            literal_prefix(Path::new("/a/b/*/c.yaml")),
            PathBuf::from("/a/b")
        );
        assert!(has_glob("contexts/*.yaml"));
    }
}
