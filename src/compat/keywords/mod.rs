//! Keyword rules: each compares one family of keywords of a written schema (`a`) and a reading
//! schema (`b`) at the same place, and says which written payloads `b` would reject.

use super::{Effect, Profile};
use crate::diag::CompatRule;
use serde_json::{Map, Value};

/// A difference found at one place.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Issue {
    pub rule: CompatRule,
    /// Keyword (or `properties/<name>`) under the place, on either side.
    pub keyword: String,
    pub message: String,
    pub effect: Effect,
}

fn breaking(rule: CompatRule, keyword: &str, message: String) -> Issue {
    Issue {
        rule,
        keyword: keyword.to_string(),
        message,
        effect: Effect::Breaking,
    }
}

fn unknown(rule: CompatRule, keyword: &str, message: String) -> Issue {
    Issue {
        rule,
        keyword: keyword.to_string(),
        message,
        effect: Effect::Unknown,
    }
}

/// The JSON types a schema allows; `None` means any. `integer` is listed on its own.
pub(super) fn types(s: &Map<String, Value>) -> Option<Vec<&str>> {
    match s.get("type")? {
        Value::String(t) => Some(vec![t.as_str()]),
        Value::Array(ts) => Some(ts.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

const ALL_TYPES: [&str; 7] = [
    "null", "boolean", "object", "array", "number", "integer", "string",
];

/// Whether type `t` of written data is accepted by type set `b`.
fn accepts(b: &[&str], t: &str) -> bool {
    b.contains(&t) || (t == "integer" && b.contains(&"number"))
}

/// Whether data of this type set can be of type `t` (so keywords for `t` matter).
pub(super) fn may_be(types: Option<&[&str]>, t: &str) -> bool {
    types.is_none_or(|ts| {
        ts.contains(&t)
            || (t == "integer" && ts.contains(&"number"))
            || (t == "number" && ts.contains(&"integer"))
    })
}

/// `type`: every written type must be readable.
pub(super) fn type_rule(a: &Map<String, Value>, b: &Map<String, Value>) -> Option<Issue> {
    let tb = types(b)?;
    let ta = types(a).unwrap_or_else(|| ALL_TYPES.to_vec());
    let lost: Vec<&str> = ta.iter().copied().filter(|t| !accepts(&tb, t)).collect();
    if lost.is_empty() {
        return None;
    }
    let kept = ta.iter().any(|t| accepts(&tb, t));
    let rule = if kept {
        CompatRule::TypeNarrowed
    } else {
        CompatRule::TypeChanged
    };
    Some(breaking(
        rule,
        "type",
        format!(
            "type {} is no longer accepted (now {})",
            lost.join(", "),
            tb.join(", ")
        ),
    ))
}

fn number(s: &Map<String, Value>, k: &str) -> Option<f64> {
    s.get(k).and_then(Value::as_f64)
}

/// A bound: value and whether it is exclusive.
type Bound = Option<(f64, bool)>;

fn lower(s: &Map<String, Value>) -> Bound {
    let inclusive = number(s, "minimum");
    match s.get("exclusiveMinimum") {
        Some(Value::Bool(true)) => inclusive.map(|v| (v, true)),
        Some(Value::Number(n)) => {
            let ex = n.as_f64().unwrap_or(f64::NEG_INFINITY);
            match inclusive {
                Some(v) if v > ex => Some((v, false)),
                _ => Some((ex, true)),
            }
        }
        _ => inclusive.map(|v| (v, false)),
    }
}

fn upper(s: &Map<String, Value>) -> Bound {
    let inclusive = number(s, "maximum");
    match s.get("exclusiveMaximum") {
        Some(Value::Bool(true)) => inclusive.map(|v| (v, true)),
        Some(Value::Number(n)) => {
            let ex = n.as_f64().unwrap_or(f64::INFINITY);
            match inclusive {
                Some(v) if v < ex => Some((v, false)),
                _ => Some((ex, true)),
            }
        }
        _ => inclusive.map(|v| (v, false)),
    }
}

fn show(bound: (f64, bool), lower: bool) -> String {
    let op = match (lower, bound.1) {
        (true, false) => "≥",
        (true, true) => ">",
        (false, false) => "≤",
        (false, true) => "<",
    };
    format!("{op} {}", bound.0)
}

/// `minimum`, `exclusiveMinimum`, `maximum`, `exclusiveMaximum` (draft-04 booleans too), `multipleOf`.
pub(super) fn numeric_rules(a: &Map<String, Value>, b: &Map<String, Value>) -> Vec<Issue> {
    let mut out = Vec::new();
    if let Some(lb) = lower(b) {
        let tighter = match lower(a) {
            None => true,
            Some(la) => la.0 < lb.0 || (la.0 == lb.0 && lb.1 && !la.1),
        };
        if tighter {
            let was = lower(a).map_or("unbounded".to_string(), |la| show(la, true));
            let key = if b.contains_key("minimum") {
                "minimum"
            } else {
                "exclusiveMinimum"
            };
            out.push(breaking(
                CompatRule::MinimumIncreased,
                key,
                format!("lower bound is now {} (was {was})", show(lb, true)),
            ));
        }
    }
    if let Some(ub) = upper(b) {
        let tighter = match upper(a) {
            None => true,
            Some(ua) => ua.0 > ub.0 || (ua.0 == ub.0 && ub.1 && !ua.1),
        };
        if tighter {
            let was = upper(a).map_or("unbounded".to_string(), |ua| show(ua, false));
            let key = if b.contains_key("maximum") {
                "maximum"
            } else {
                "exclusiveMaximum"
            };
            out.push(breaking(
                CompatRule::MaximumDecreased,
                key,
                format!("upper bound is now {} (was {was})", show(ub, false)),
            ));
        }
    }
    if let Some(mb) = number(b, "multipleOf") {
        let ok = match number(a, "multipleOf") {
            Some(ma) => {
                let q = ma / mb;
                (q - q.round()).abs() < 1e-9
            }
            None => mb == 1.0 && types(a).is_some_and(|t| t == ["integer"]),
        };
        if !ok {
            let was = number(a, "multipleOf").map_or("none".to_string(), |m| m.to_string());
            out.push(breaking(
                CompatRule::MultipleOfChanged,
                "multipleOf",
                format!("values must be multiples of {mb} (was {was})"),
            ));
        }
    }
    out
}

fn count(s: &Map<String, Value>, k: &str) -> Option<u64> {
    s.get(k)
        .and_then(|v| v.as_u64().or_else(|| v.as_f64().map(|f| f as u64)))
}

/// A lower and an upper count keyword (`minLength`/`maxLength`, `minItems`/`maxItems`, …).
fn counts(
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    min: &str,
    max: &str,
    min_rule: CompatRule,
    max_rule: CompatRule,
) -> Vec<Issue> {
    let mut out = Vec::new();
    if let Some(nb) = count(b, min).filter(|&n| n > 0)
        && count(a, min).unwrap_or(0) < nb
    {
        let was = count(a, min).map_or("none".into(), |n| n.to_string());
        out.push(breaking(
            min_rule,
            min,
            format!("`{min}` is now {nb} (was {was})"),
        ));
    }
    if let Some(nb) = count(b, max)
        && count(a, max).is_none_or(|na| na > nb)
    {
        let was = count(a, max).map_or("none".into(), |n| n.to_string());
        out.push(breaking(
            max_rule,
            max,
            format!("`{max}` is now {nb} (was {was})"),
        ));
    }
    out
}

/// `minLength`, `maxLength`, `pattern`, `format`.
pub(super) fn string_rules(a: &Map<String, Value>, b: &Map<String, Value>) -> Vec<Issue> {
    let mut out = counts(
        a,
        b,
        "minLength",
        "maxLength",
        CompatRule::MinLengthIncreased,
        CompatRule::MaxLengthDecreased,
    );
    if let Some(pb) = b.get("pattern").and_then(Value::as_str) {
        match a.get("pattern").and_then(Value::as_str) {
            Some(pa) if pa == pb => {}
            Some(pa) => out.push(unknown(
                CompatRule::PatternChanged,
                "pattern",
                format!("pattern `{pa}` became `{pb}`"),
            )),
            None => out.push(breaking(
                CompatRule::PatternAdded,
                "pattern",
                format!("strings must now match `{pb}`"),
            )),
        }
    }
    if let Some(fb) = b.get("format").and_then(Value::as_str) {
        match a.get("format").and_then(Value::as_str) {
            Some(fa) if fa == fb => {}
            Some(fa) => out.push(breaking(
                CompatRule::FormatChanged,
                "format",
                format!("format `{fa}` became `{fb}`"),
            )),
            None => out.push(breaking(
                CompatRule::FormatAdded,
                "format",
                format!("strings must now be `{fb}`"),
            )),
        }
    }
    out
}

/// `minItems`, `maxItems`, `uniqueItems`, `contains`.
pub(super) fn array_rules(a: &Map<String, Value>, b: &Map<String, Value>) -> Vec<Issue> {
    let mut out = counts(
        a,
        b,
        "minItems",
        "maxItems",
        CompatRule::MinItemsIncreased,
        CompatRule::MaxItemsDecreased,
    );
    if b.get("uniqueItems") == Some(&Value::Bool(true))
        && a.get("uniqueItems") != Some(&Value::Bool(true))
    {
        out.push(breaking(
            CompatRule::UniqueItemsAdded,
            "uniqueItems",
            "items must now be unique".into(),
        ));
    }
    for k in ["minContains", "maxContains", "unevaluatedItems"] {
        if b.get(k).is_some() && a.get(k) != b.get(k) {
            out.push(unknown(
                CompatRule::KeywordUnsupported,
                k,
                format!("`{k}` changed; it is not compared"),
            ));
        }
    }
    out
}

/// `minProperties`, `maxProperties`.
pub(super) fn object_count_rules(a: &Map<String, Value>, b: &Map<String, Value>) -> Vec<Issue> {
    let mut out = counts(
        a,
        b,
        "minProperties",
        "maxProperties",
        CompatRule::MinPropertiesIncreased,
        CompatRule::MaxPropertiesDecreased,
    );
    for k in ["unevaluatedProperties"] {
        if b.get(k).is_some() && a.get(k) != b.get(k) {
            out.push(unknown(
                CompatRule::KeywordUnsupported,
                k,
                format!("`{k}` changed; it is not compared"),
            ));
        }
    }
    out
}

/// `required`: readers need what writers may omit.
pub(super) fn required_rule(
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    profile: Profile,
) -> Vec<Issue> {
    let list = |s: &Map<String, Value>| -> Vec<String> {
        s.get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let had: std::collections::HashSet<String, foldhash::fast::RandomState> =
        list(a).into_iter().collect();
    let mut out = Vec::new();
    for name in list(b) {
        if had.contains(&name) {
            continue;
        }
        let default = b
            .get("properties")
            .and_then(|p| p.get(&name))
            .and_then(|p| p.get("default"));
        match default {
            Some(d) if profile == Profile::Lenient => {
                let _ = d;
            }
            Some(d) => out.push(breaking(
                CompatRule::RequiredPropertyAddedWithDefault,
                "required",
                format!("`{name}` is now required; its default {d} helps only readers that fill defaults in"),
            )),
            None => out.push(breaking(CompatRule::RequiredPropertyAdded, "required", format!("`{name}` is now required"))),
        }
    }
    out
}

/// `enum` and `const` when the written schema is not itself a finite set.
pub(super) fn enum_added_rule(a: &Map<String, Value>, b: &Map<String, Value>) -> Option<Issue> {
    if a.contains_key("enum") || a.contains_key("const") {
        return None;
    }
    let values: Vec<&Value> = match (b.get("enum"), b.get("const")) {
        (Some(Value::Array(v)), _) => v.iter().collect(),
        (_, Some(c)) => vec![c],
        _ => return None,
    };
    // A written boolean or null can still be covered by the listed values.
    let ta = types(a).unwrap_or_else(|| ALL_TYPES.to_vec());
    let covered = ta.iter().all(|t| match *t {
        "boolean" => values.contains(&&Value::Bool(true)) && values.contains(&&Value::Bool(false)),
        "null" => values.contains(&&Value::Null),
        _ => false,
    });
    if covered {
        return None;
    }
    let key = if b.contains_key("enum") {
        "enum"
    } else {
        "const"
    };
    Some(breaking(
        CompatRule::EnumAdded,
        key,
        format!(
            "values are now limited to {}",
            Value::Array(values.into_iter().cloned().collect())
        ),
    ))
}

#[cfg(test)]
mod tests;
