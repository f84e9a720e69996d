//! Reading AsyncAPI documents and following their `$ref`s: inside a document, and into other
//! files of the imported documents' folders. Never the network, never a file outside those
//! folders, and never more than a bounded number of hops or bytes.

use crate::load::{read, yaml};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest document or referenced file, in bytes.
pub const MAX_FILE_BYTES: usize = crate::load::yaml::MAX_FILE_BYTES;

/// `$ref` hops followed before giving up on a chain.
const MAX_HOPS: usize = 32;

/// A place in a file: the file's canonical path and a JSON pointer (`""` for the whole).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file.
    pub file: PathBuf,
    /// The JSON pointer inside it.
    pub pointer: String,
}

/// Why a `$ref` could not be followed.
#[derive(Debug, Clone, PartialEq)]
pub enum RefError {
    /// A URL: eventctl never fetches.
    Remote(String),
    /// Anything else, said in full.
    Broken(String),
}

/// The files read so far, by canonical path.
pub struct Resolver {
    files: HashMap<PathBuf, Arc<Value>>,
    folders: Vec<PathBuf>,
}

impl Resolver {
    /// A resolver that reads files inside `folders` (canonical) only.
    pub fn new(folders: Vec<PathBuf>) -> Self {
        Resolver {
            files: HashMap::new(),
            folders,
        }
    }

    /// Reads (once) the document at `path`, given on the command line; returns its canonical
    /// path.
    pub fn open(&mut self, path: &Path) -> Result<PathBuf, String> {
        let canonical = path
            .canonicalize()
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        self.load(&canonical, path)?;
        Ok(canonical)
    }

    /// The parsed file at a canonical path (read before), shared.
    pub fn file(&self, canonical: &Path) -> Arc<Value> {
        Arc::clone(&self.files[canonical])
    }

    fn load(&mut self, canonical: &Path, shown: &Path) -> Result<(), String> {
        if self.files.contains_key(canonical) {
            return Ok(());
        }
        if !canonical.is_file() {
            return Err(format!(
                "`{}` is not a regular file; name an AsyncAPI document (YAML or JSON)",
                shown.display()
            ));
        }
        let bytes = read::limited(canonical, MAX_FILE_BYTES)
            .map_err(|e| format!("cannot read `{}`: {e}", shown.display()))?;
        let text = yaml::decode(bytes).map_err(|e| {
            let (err, _) = *e;
            format!("`{}`: {}", shown.display(), err.message)
        })?;
        // JSON, the usual form of generated documents, parses many times faster as JSON.
        let json = text.trim_start().starts_with('{');
        let parsed = if json {
            serde_json::from_str::<Value>(&text).ok()
        } else {
            None
        };
        let value: Value = match parsed {
            Some(v) => v,
            None => yaml::parse(&text).map_err(|e| {
                let at = e
                    .line_col
                    .map(|(l, c)| format!(":{l}:{c}"))
                    .unwrap_or_default();
                format!("`{}{at}`: {}", shown.display(), e.message)
            })?,
        };
        self.files.insert(canonical.to_path_buf(), Arc::new(value));
        Ok(())
    }

    /// Where a `$ref` written in `from` points.
    pub fn target(&mut self, from: &Path, reference: &str) -> Result<Location, RefError> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if file.contains("://") || file.starts_with("//") {
            return Err(RefError::Remote(reference.to_string()));
        }
        let file = if file.is_empty() {
            from.to_path_buf()
        } else {
            let joined = from.parent().unwrap_or(Path::new("/")).join(file);
            let canonical = joined.canonicalize().map_err(|e| {
                RefError::Broken(format!("`$ref: {reference}` in `{}`: {e}", from.display()))
            })?;
            if !self.folders.iter().any(|f| canonical.starts_with(f)) {
                return Err(RefError::Broken(format!(
                    "`$ref: {reference}` in `{}` leaves the documents' folder; eventctl reads only files beside the documents",
                    from.display()
                )));
            }
            self.load(&canonical, &joined).map_err(RefError::Broken)?;
            canonical
        };
        let pointer = percent_decode(fragment);
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(RefError::Broken(format!(
                "`$ref: {reference}` in `{}`: only JSON pointers (`#/…`) are followed",
                from.display()
            )));
        }
        Ok(Location { file, pointer })
    }

    /// The value at a location.
    pub fn at(&self, location: &Location) -> Option<&Value> {
        self.files.get(&location.file)?.pointer(&location.pointer)
    }

    /// Follows `value`'s `$ref` chain (written in `from`), returning the value and where it
    /// is. A value without `$ref` is returned as it is, at `here`.
    pub fn follow(&mut self, here: Location, value: &Value) -> Result<(Location, Value), RefError> {
        let mut location = here;
        let mut value = value.clone();
        for _ in 0..MAX_HOPS {
            let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
                return Ok((location, value));
            };
            let next = self.target(&location.file, reference)?;
            value = self.at(&next).cloned().ok_or_else(|| {
                RefError::Broken(format!(
                    "`$ref: {reference}` in `{}` points at nothing",
                    location.file.display()
                ))
            })?;
            location = next;
        }
        Err(RefError::Broken(format!(
            "`$ref`s from `{}{}` go on for more than {MAX_HOPS} hops, or in a loop",
            location.file.display(),
            location.pointer
        )))
    }
}

impl std::fmt::Display for RefError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RefError::Remote(r) => write!(f, "`$ref: {r}` is a URL, and eventctl never fetches"),
            RefError::Broken(why) => f.write_str(why),
        }
    }
}

/// A JSON pointer token, escaped.
pub fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The last token of a pointer, unescaped.
pub fn last_token(pointer: &str) -> String {
    pointer
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .replace("~1", "/")
        .replace("~0", "~")
}

/// `%xx` escapes of a URI fragment, decoded.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str, files: &[(&str, &str)]) -> (PathBuf, Resolver, PathBuf) {
        let dir =
            std::env::temp_dir().join(format!("eventctl-import-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        let canonical = dir.canonicalize().unwrap();
        let mut r = Resolver::new(vec![canonical.clone()]);
        let main = r.open(&dir.join(files[0].0)).unwrap();
        (dir, r, main)
    }

    #[test]
    fn refs_are_followed_inside_and_across_files_but_not_out_or_online() {
        let (dir, mut r, main) = folder(
            "refs",
            &[
                (
                    "a.yaml",
                    "x: {$ref: '#/y'}\ny: {$ref: 'b.yaml#/z%20w'}\nloop: {$ref: '#/loop'}\n",
                ),
                ("b.yaml", "'z w': {type: string}\n"),
            ],
        );
        let here = Location {
            file: main.clone(),
            pointer: "/x".into(),
        };
        let start = r.file(&main)["x"].clone();
        let (at, value) = r.follow(here.clone(), &start).unwrap();
        assert_eq!(value["type"], "string");
        assert_eq!(at.pointer, "/z w");
        let looping = r.file(&main)["loop"].clone();
        assert!(
            matches!(r.follow(here.clone(), &looping), Err(RefError::Broken(m)) if m.contains("hops"))
        );
        assert!(matches!(
            r.target(&main, "https://example.com/s.json#/a"),
            Err(RefError::Remote(_))
        ));
        assert!(
            matches!(r.target(&main, "../../../etc/hostname"), Err(RefError::Broken(m)) if m.contains("leaves") || m.contains("No such"))
        );
        assert!(
            matches!(r.target(&main, "#anchor"), Err(RefError::Broken(m)) if m.contains("JSON pointers"))
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
