//! The layering of ARCHITECTURE.md holds: no library module names a module of its own layer or
//! of a layer above it.

use crate::support::root;
use std::collections::HashMap;
use std::path::Path;

/// Module name → layer number, read from the numbered list under `## Layers`.
fn layers() -> HashMap<String, usize> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let section = text
        .split("## Layers")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a `## Layers` section");
    let mut out = HashMap::new();
    for line in section.lines() {
        let Some((number, modules)) = line.split_once(". ") else {
            continue;
        };
        let Ok(layer) = number.trim().parse::<usize>() else {
            continue;
        };
        for module in modules.split(',') {
            out.insert(module.trim().trim_matches('`').to_string(), layer);
        }
    }
    out
}

fn rust_files(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("folder") {
            rust_files(&entry.expect("entry").path(), out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// Every `crate::NAME` a text mentions.
fn mentions(text: &str) -> Vec<&str> {
    text.match_indices("crate::")
        .map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .collect()
}

#[test]
fn no_module_imports_one_of_its_layer_or_above() {
    let layers = layers();
    assert!(layers.len() > 10, "{layers:?}");
    let src = root().join("src");
    let mut broken = Vec::new();
    for (module, &layer) in &layers {
        let dir = src.join(module);
        let mut files = Vec::new();
        rust_files(&dir, &mut files);
        rust_files(&dir.with_extension("rs"), &mut files);
        assert!(!files.is_empty(), "`{module}` has no files under src/");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("source");
            for used in mentions(&text) {
                if used == module.as_str() {
                    continue;
                }
                match layers.get(used) {
                    Some(&l) if l < layer => {}
                    Some(&l) => broken.push(format!(
                        "{} (layer {layer}) uses `{used}` (layer {l})",
                        file.display()
                    )),
                    None => broken.push(format!(
                        "{} uses `{used}`, which ARCHITECTURE.md does not place",
                        file.display()
                    )),
                }
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn every_library_module_has_a_layer() {
    let layers = layers();
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).expect("lib.rs");
    for line in lib.lines() {
        let name = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("mod "))
            .and_then(|s| s.strip_suffix(';'));
        if let Some(name) = name {
            assert!(
                layers.contains_key(name),
                "`{name}` has no layer in ARCHITECTURE.md"
            );
        }
    }
}

#[test]
fn a_mention_is_read_up_to_the_path_separator() {
    assert_eq!(
        mentions("use crate::model::Json; crate::diag"),
        ["model", "diag"]
    );
}
