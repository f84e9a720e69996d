//! Text (plus includes and schema files) → syntax, with every problem found as a diagnostic.

mod explain;
mod include;
pub mod read;
mod schema_files;
pub mod yaml;

use crate::diag::{Diagnostic, Rule};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{IncludedFile, Node, RootFile};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use yaml::ParseError;

/// A parsed file and its id.
#[derive(Debug)]
pub struct Document<T> {
    /// The file.
    pub file: FileId,
    /// What it holds.
    pub syntax: T,
}

/// Everything read for one catalog.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Every file read.
    pub sources: SourceMap,
    /// The root file, when it parsed.
    pub root: Option<Document<RootFile>>,
    /// Included files that parsed, in include order.
    pub included: Vec<Document<IncludedFile>>,
    /// Schema files that parsed, by (referring file, path as written).
    pub schema_files: HashMap<(FileId, String), Document<Arc<Node>>>,
    /// Problems found while reading.
    pub diagnostics: Vec<Diagnostic>,
    /// The folder of the root file; nothing outside it is read.
    pub root_dir: PathBuf,
}

/// A failure that is not about the catalog's content (exit code 2).
#[derive(Debug)]
pub struct LoadError(pub String);

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

/// File names looked for when the catalog path is a folder.
pub const DEFAULT_NAMES: [&str; 3] = ["catalog.yaml", "catalog.yml", "eventctl.yaml"];

pub use read::find_root;

/// Reads and parses a catalog with its includes and schema files.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let root_path = find_root(path)?;
    let bytes = read_limited(&root_path)
        .map_err(|e| LoadError(format!("cannot read `{}`: {e}", root_path.display())))?;
    let canonical = root_path
        .canonicalize()
        .map_err(|e| LoadError(format!("cannot read `{}`: {e}", root_path.display())))?;
    Ok(load_bytes(&root_path, &canonical, bytes))
}

/// Parses root file content already in memory; `canonical` is its absolute path, whose folder
/// bounds what includes and schema files may read.
pub fn load_bytes(shown: &Path, canonical: &Path, bytes: Vec<u8>) -> Loaded {
    let mut loaded = Loaded {
        root_dir: canonical
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        ..Loaded::default()
    };
    let (file, parsed) = add_and_parse::<RootFile>(&mut loaded.sources, shown, bytes);
    let root = match parsed {
        Ok(root) if root.eventctl.value != 1 => {
            loaded
                .diagnostics
                .push(version_diag(file, root.eventctl.pos, root.eventctl.value));
            return loaded;
        }
        Ok(root) => root,
        Err(err) => {
            let diag = version_from_text(&loaded.sources, file)
                .unwrap_or_else(|| to_diag(&loaded.sources, file, err));
            loaded.diagnostics.push(diag);
            return loaded;
        }
    };
    let includes = root.include.clone();
    loaded.root = Some(Document { file, syntax: root });
    include::load_includes(&mut loaded, file, canonical, includes);
    schema_files::load(&mut loaded);
    loaded
}

/// Reads a schema file, refusing one that is not a regular file or is larger than the limit.
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    read::limited(path, read::MAX_SCHEMA_BYTES)
}

/// Parses a JSON or YAML file's bytes into a positioned value, adding it to `sources`.
pub fn parse_node(
    sources: &mut SourceMap,
    path: &Path,
    bytes: Vec<u8>,
) -> Result<crate::model::Json, Box<Diagnostic>> {
    let (file, parsed) = add_and_parse::<Node>(sources, path, bytes);
    parsed
        .map(|node| crate::model::Json::new(node, file))
        .map_err(|err| Box::new(to_diag(sources, file, as_schema(err))))
}

pub(crate) fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    read::limited(path, read::MAX_FILE_BYTES)
}

/// Adds a file to the map and parses it. Empty text parses as `T::default()` when `T` allows.
pub(crate) fn add_and_parse<T: serde::de::DeserializeOwned>(
    sources: &mut SourceMap,
    path: &Path,
    bytes: Vec<u8>,
) -> (FileId, Result<T, ParseError>) {
    match yaml::decode(bytes) {
        Ok(text) => {
            let parsed = parse_text::<T>(&text);
            (sources.add(path, text), parsed)
        }
        Err(bad) => (sources.add(path, bad.1), Err(bad.0)),
    }
}

/// A parse error of a schema file, with help about schemas rather than catalogs.
pub(crate) fn as_schema(mut err: ParseError) -> ParseError {
    if err.message == EMPTY {
        err.help =
            Some("a schema file holds one JSON Schema, such as `{\"type\": \"object\"}`".into());
    }
    err
}

/// The message for a file with nothing in it.
const EMPTY: &str = "file is empty";

pub(crate) fn parse_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    if is_blank(text) {
        return Err(ParseError {
            rule: Rule::YamlSyntax,
            message: EMPTY.into(),
            offset: Some(0),
            line_col: None,
            help: Some("a catalog starts with `eventctl: 1` and `name:`".into()),
        });
    }
    yaml::parse::<T>(text)
}

fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...")
}

/// Converts a parse error into a diagnostic in `file`.
pub(crate) fn to_diag(sources: &SourceMap, file: FileId, err: ParseError) -> Diagnostic {
    let source = sources.get(file);
    let start = err
        .offset
        .or_else(|| err.line_col.map(|(l, c)| source.offset_of(l, c)))
        .unwrap_or(0)
        .min(source.text.len());
    let end = crate::source::token_end(&source.text, start);
    let mut diag = Diagnostic::new(err.rule, err.message).at(Span { file, start, end }, "");
    diag.help = err.help;
    diag
}

fn version_diag(file: FileId, pos: crate::syntax::Pos, found: u64) -> Diagnostic {
    Diagnostic::new(
        Rule::FormatVersion,
        format!("unsupported catalog format version `{found}`"),
    )
    .at(pos.in_file(file), "this version")
    .help("this eventctl reads `eventctl: 1`; upgrade eventctl or change the version")
}

/// When a root file fails to parse, an `eventctl:` line with another version explains why best.
fn version_from_text(sources: &SourceMap, file: FileId) -> Option<Diagnostic> {
    let text = &sources.get(file).text;
    let mut offset = 0;
    for line in text.lines() {
        if let Some(value) = line.strip_prefix("eventctl:") {
            let value = value.split('#').next().unwrap_or("").trim();
            if value == "1" {
                return None;
            }
            let start = offset + line.len() - line["eventctl:".len()..].trim_start().len();
            let span = Span {
                file,
                start,
                end: start + value.len(),
            };
            return Some(
                Diagnostic::new(
                    Rule::FormatVersion,
                    format!("unsupported catalog format version `{value}`"),
                )
                .at(span, "this version")
                .help("this eventctl reads `eventctl: 1`; upgrade eventctl or change the version"),
            );
        }
        offset += line.len() + 1;
    }
    None
}
