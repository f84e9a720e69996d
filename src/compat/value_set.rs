//! `ValueSet`: JSON values tested for membership in constant time, so that comparing two
//! enums of a hundred thousand values stays linear. `1` and `1.0` are the same value, as JSON
//! Schema's `enum` and `const` read them.

use serde_json::Value;
use std::collections::HashSet;

/// A scalar value's identity.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    Null,
    Bool(bool),
    Number(u64),
    String(&'a str),
}

fn key(v: &Value) -> Option<Key<'_>> {
    Some(match v {
        Value::Null => Key::Null,
        Value::Bool(b) => Key::Bool(*b),
        Value::Number(n) => {
            let f = n.as_f64()?;
            Key::Number(if f == 0.0 { 0 } else { f.to_bits() })
        }
        Value::String(s) => Key::String(s),
        _ => return None,
    })
}

/// JSON equality with `1` equal to `1.0`.
pub(super) fn same(a: &Value, b: &Value) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// A set of JSON values: scalars hashed, arrays and objects compared one by one.
pub(super) struct ValueSet<'a> {
    scalars: HashSet<Key<'a>, foldhash::fast::RandomState>,
    others: Vec<&'a Value>,
}

/// Up to this many values, a scan is faster than hashing them.
const SCANNED: usize = 16;

impl<'a> ValueSet<'a> {
    /// The set of `values`.
    pub(super) fn new(values: impl IntoIterator<Item = &'a Value>) -> Self {
        let mut set = ValueSet {
            scalars: HashSet::default(),
            others: Vec::new(),
        };
        let values: Vec<&'a Value> = values.into_iter().collect();
        if values.len() <= SCANNED {
            set.others = values;
            return set;
        }
        for v in values {
            match key(v) {
                Some(k) => {
                    set.scalars.insert(k);
                }
                None => set.others.push(v),
            }
        }
        set
    }

    /// Whether the set holds `v`.
    pub(super) fn contains(&self, v: &Value) -> bool {
        key(v).is_some_and(|k| self.scalars.contains(&k)) || self.others.iter().any(|o| same(o, v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn membership_follows_json_schema_equality() {
        let mut values = vec![
            json!(1),
            json!("a"),
            json!(null),
            json!({"k": [1]}),
            json!(-0.0),
        ];
        let small = ValueSet::new(&values);
        assert!(small.contains(&json!(1.0)) && small.contains(&json!(0)));
        assert!(!small.contains(&json!(2)));
        // Past a few values, scalars are hashed.
        values.extend((100..140).map(|i| json!(i)));
        let set = ValueSet::new(&values);
        for v in [
            json!(1.0),
            json!("a"),
            json!(null),
            json!({"k": [1]}),
            json!(0),
        ] {
            assert!(set.contains(&v), "{v}");
        }
        for v in [
            json!(2),
            json!("b"),
            json!(false),
            json!({"k": [2]}),
            json!("1"),
        ] {
            assert!(!set.contains(&v), "{v}");
        }
    }
}
