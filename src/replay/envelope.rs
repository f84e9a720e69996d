//! One line of an event log: its envelope, read without copying strings where it can.

use crate::model::envelope as field;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// Envelope fields eventctl reads, by index into [`Fields`].
pub const EVENT_ID: usize = 0;
/// `event_type`.
pub const EVENT_TYPE: usize = 1;
/// `event_version`.
pub const EVENT_VERSION: usize = 2;
/// `aggregate_id`.
pub const AGGREGATE_ID: usize = 3;
/// `aggregate_type`.
pub const AGGREGATE_TYPE: usize = 4;
/// `occurred_at`.
pub const OCCURRED_AT: usize = 5;
/// `correlation_id`.
pub const CORRELATION_ID: usize = 6;
/// `causation_id`.
pub const CAUSATION_ID: usize = 7;
/// `aggregate_version`: the event's position in its aggregate's stream, when the log has it.
pub const AGGREGATE_VERSION: usize = 8;
/// `data`: the payload.
pub const DATA: usize = 9;

/// The fields replay reads, in the order of the indices above.
const KNOWN: [&str; 10] = [
    field::EVENT_ID,
    field::EVENT_TYPE,
    field::EVENT_VERSION,
    field::AGGREGATE_ID,
    field::AGGREGATE_TYPE,
    field::OCCURRED_AT,
    field::CORRELATION_ID,
    field::CAUSATION_ID,
    field::AGGREGATE_VERSION,
    field::DATA,
];

/// Most envelope fields whose presence is tracked (the bits of [`Envelope::present`]).
const MAX_FIELDS: usize = 64;

/// The envelope fields whose presence is tracked: the ones eventctl reads, then the catalog's own.
#[derive(Debug, Clone)]
pub struct Fields {
    names: Vec<String>,
}

impl Fields {
    /// The known fields plus every other name the catalog's `envelope` lists.
    pub fn new<'n>(catalog_fields: impl IntoIterator<Item = &'n str>) -> Self {
        let mut names: Vec<String> = KNOWN.iter().map(|s| s.to_string()).collect();
        for name in catalog_fields {
            if names.len() < MAX_FIELDS && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
        Self { names }
    }

    /// The index of a field name.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Every field's name, in index order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The name of a field index.
    pub fn name(&self, index: usize) -> &str {
        &self.names[index]
    }
}

/// An envelope as read. Absent and `null` fields are `None`.
#[derive(Debug, Default)]
pub struct Envelope<'a> {
    /// `event_id`.
    pub event_id: Option<Cow<'a, str>>,
    /// `event_type`.
    pub event_type: Option<Cow<'a, str>>,
    /// `event_version`, as written (`v2`, `2`).
    pub event_version: Option<Cow<'a, str>>,
    /// `aggregate_id`.
    pub aggregate_id: Option<Cow<'a, str>>,
    /// `aggregate_type`.
    pub aggregate_type: Option<Cow<'a, str>>,
    /// `occurred_at`.
    pub occurred_at: Option<Cow<'a, str>>,
    /// `correlation_id`.
    pub correlation_id: Option<Cow<'a, str>>,
    /// `causation_id`.
    pub causation_id: Option<Cow<'a, str>>,
    /// `aggregate_version`.
    pub aggregate_version: Option<u64>,
    /// `data`.
    pub data: Option<Value>,
    /// Bit `i` is set when field `i` of [`Fields`] is present and not null.
    pub present: u64,
}

impl Envelope<'_> {
    /// True when field `index` of [`Fields`] is present and not null.
    pub fn has(&self, index: usize) -> bool {
        self.present & (1 << index) != 0
    }
}

/// Reads one envelope from a line of JSON.
pub fn parse<'a>(line: &'a str, fields: &Fields) -> Result<Envelope<'a>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(line);
    let envelope = Seed(fields).deserialize(&mut de)?;
    de.end()?;
    Ok(envelope)
}

/// The version number in `v2` or `2`: one spelling per number, so `V2` and `v02` are not
/// versions (two spellings of one version would count as two in every tool that groups by it).
pub fn version_number(written: &str) -> Option<u64> {
    let digits = written.strip_prefix('v').unwrap_or(written);
    if digits.is_empty() || digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

struct Seed<'f>(&'f Fields);

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Envelope<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Envelope<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an event envelope (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut env = Envelope::default();
        let mut seen = 0u64;
        while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
            let Some(key) = key else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let Some(index) = self.0.index(&key) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if seen & (1 << index) != 0 {
                return Err(serde::de::Error::custom(format!(
                    "the field `{key}` appears twice; a reader would silently keep one of them"
                )));
            }
            seen |= 1 << index;
            let present = match index {
                AGGREGATE_VERSION => {
                    env.aggregate_version = map.next_value::<Option<u64>>()?;
                    env.aggregate_version.is_some()
                }
                DATA => {
                    env.data = map
                        .next_value::<Option<super::strict::Strict>>()?
                        .map(|s| s.0);
                    env.data.is_some()
                }
                EVENT_ID..=CAUSATION_ID => {
                    let Text(text) = map.next_value::<Text<'de>>()?;
                    let present = text.is_some();
                    *match index {
                        EVENT_ID => &mut env.event_id,
                        EVENT_TYPE => &mut env.event_type,
                        EVENT_VERSION => &mut env.event_version,
                        AGGREGATE_ID => &mut env.aggregate_id,
                        AGGREGATE_TYPE => &mut env.aggregate_type,
                        OCCURRED_AT => &mut env.occurred_at,
                        CORRELATION_ID => &mut env.correlation_id,
                        _ => &mut env.causation_id,
                    } = text;
                    present
                }
                _ => map.next_value::<Option<IgnoredAny>>()?.is_some(),
            };
            if present {
                env.present |= 1 << index;
            }
        }
        Ok(env)
    }
}

/// A string, borrowed when the line holds it unescaped; an integer is read as its digits;
/// `null` is `None`.
struct Text<'a>(Option<Cow<'a, str>>);

impl<'de> de::Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Borrowed(v))))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(v.to_owned()))))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(v))))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(v.to_string()))))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Text(Some(Cow::Owned(v.to_string()))))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Text(None))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Text(None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Fields {
        Fields::new(["event_id", "user_id", "tenant"])
    }

    #[test]
    fn reads_the_seed_example_borrowing_its_strings() {
        let line = r#"{"event_id":"7d7c","event_type":"OrderPlaced","event_version":"v1","aggregate_id":"order-123","aggregate_type":"Order","occurred_at":"2025-12-12T10:30:00Z","correlation_id":"c","causation_id":null,"user_id":"user-456","metadata":{"source":"order-service"},"data":{"total_amount":99.98}}"#;
        let f = fields();
        let e = parse(line, &f).unwrap();
        assert!(matches!(e.event_type, Some(Cow::Borrowed("OrderPlaced"))));
        assert_eq!(e.causation_id, None);
        assert!(!e.has(CAUSATION_ID));
        assert!(e.has(f.index("user_id").unwrap()));
        assert!(!e.has(f.index("tenant").unwrap()));
        assert_eq!(e.data.unwrap()["total_amount"], 99.98);
    }

    #[test]
    fn numbers_are_read_as_text_and_escapes_are_decoded() {
        let e = parse(
            r#"{"event_version":2,"aggregate_id":"a\"b","aggregate_version":7}"#,
            &fields(),
        )
        .unwrap();
        assert_eq!(e.event_version.as_deref(), Some("2"));
        assert_eq!(e.aggregate_id.as_deref(), Some("a\"b"));
        assert_eq!(e.aggregate_version, Some(7));
    }

    #[test]
    fn wrong_shapes_are_errors_with_a_column() {
        let err = parse(r#"{"event_id":{"x":1}}"#, &fields()).unwrap_err();
        assert!(err.to_string().contains("expected a string"), "{err}");
        assert!(parse("[1,2]", &fields()).is_err());
        assert!(parse(r#"{"a":1} trailing"#, &fields()).is_err());
    }

    #[test]
    fn duplicate_fields_are_errors() {
        let err = parse(r#"{"event_id":"a","event_id":"b"}"#, &fields()).unwrap_err();
        assert!(err.to_string().contains("appears twice"), "{err}");
        let err = parse(r#"{"data":{"x":1,"x":2}}"#, &fields()).unwrap_err();
        assert!(err.to_string().contains("appears twice"), "{err}");
    }

    #[test]
    fn versions_are_read_with_or_without_v() {
        assert_eq!(version_number("v3"), Some(3));
        assert_eq!(version_number("12"), Some(12));
        assert_eq!(version_number("v"), None);
        assert_eq!(version_number("-1"), None);
        assert_eq!(version_number("1.0"), None);
        for other_spelling in ["V1", "v01", "01", "0", "v0"] {
            assert_eq!(version_number(other_spelling), None, "{other_spelling}");
        }
    }
}
