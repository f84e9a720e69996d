//! `Sp<T>`: a value with its byte position in the file it came from.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;

/// A byte range inside one file (the file is known to whoever holds the syntax tree).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pos {
    /// First byte.
    pub start: usize,
    /// Length in bytes (0 for collections, whose start is all YAML gives).
    pub len: usize,
}

impl Pos {
    pub(crate) fn from_location(loc: &serde_saphyr::Location) -> Self {
        let span = loc.span();
        let start = span.byte_offset().unwrap_or(span.offset());
        let len = span.byte_len().unwrap_or(span.len());
        Self {
            start: usize::try_from(start).unwrap_or(usize::MAX),
            len: usize::try_from(len).unwrap_or(0),
        }
    }

    /// Turns this position into a span of `file`.
    pub fn in_file(self, file: crate::source::FileId) -> crate::source::Span {
        crate::source::Span {
            file,
            start: self.start,
            end: self.start.saturating_add(self.len),
        }
    }
}

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub pos: Pos,
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sp<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Sp {
            pos: Pos::from_location(&spanned.referenced),
            value: spanned.value,
        })
    }
}

impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}
