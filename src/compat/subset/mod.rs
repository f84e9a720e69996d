//! The walk: is every instance of schema `a` (the written data) valid under schema `b` (the
//! reader)? Follows local `$ref`s (recursion is assumed to hold once a pair repeats), splits
//! `anyOf`/`oneOf`, merges `allOf`, and recurses into properties and items.

mod array;
mod branches;
mod object;
mod refs;

use branches::*;
use refs::*;

use super::keywords::{self, Issue, may_be, types};
use super::value_set::ValueSet;
use super::{Direction, Effect, Finding, Profile, finite};
use crate::diag::CompatRule;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::HashSet;

/// Deepest nesting followed before answering `unknown`.
const MAX_DEPTH: usize = 96;

/// Most comparisons one check makes before answering `unknown`: alternatives tried against
/// alternatives through recursive `$ref`s can otherwise grow exponentially.
const MAX_STEPS: u32 = 20_000;

/// Keywords that only annotate and never reject an instance.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "id",
    "$comment",
    "$anchor",
    "$dynamicAnchor",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "definitions",
    "$defs",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "$vocabulary",
];

/// Returns the findings of `a ⊆ b`, with pointers mapped to old and new for `direction`.
pub(super) fn check(a: &Value, b: &Value, direction: Direction, profile: Profile) -> Vec<Finding> {
    if a == b {
        return Vec::new();
    }
    let mut w = Walker::new(a, b, direction, profile);
    let held = w.subset(a, "", b, "", 0);
    if !held && w.out.is_empty() {
        // Every failure below was a budget or depth stop inside a tentative branch: say so.
        w.emit(
            CompatRule::DepthExceeded,
            "",
            "",
            "the comparison was cut short before it could decide".into(),
            Effect::Unknown,
        );
    }
    w.out.sort_by(|x, y| {
        (&x.old_pointer, &x.new_pointer, x.rule).cmp(&(&y.old_pointer, &y.new_pointer, y.rule))
    });
    w.out.dedup();
    w.out
}

struct Walker<'r> {
    a_root: &'r Value,
    b_root: &'r Value,
    direction: Direction,
    profile: Profile,
    out: Vec<Finding>,
    seen: HashSet<(String, String)>,
    /// Comparisons made so far, shared with the walkers this one starts.
    steps: std::rc::Rc<std::cell::Cell<u32>>,
}

fn join(pointer: &str, part: &str) -> String {
    format!("{pointer}/{}", part.replace('~', "~0").replace('/', "~1"))
}

fn is_true(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Object(m) => m.keys().all(|k| ANNOTATIONS.contains(&k.as_str())),
        _ => false,
    }
}

fn is_false(v: &Value) -> bool {
    matches!(v, Value::Bool(false))
}

/// Both sides after identical combinators are set aside: maps and values.
type Stripped<'v> = (
    Cow<'v, Map<String, Value>>,
    Cow<'v, Map<String, Value>>,
    Cow<'v, Value>,
    Cow<'v, Value>,
);

/// The schema `true`, for properties and items a schema leaves open.
static TRUE: Value = Value::Bool(true);

fn object(v: &Value) -> Cow<'_, Map<String, Value>> {
    match v {
        Value::Object(m) => Cow::Borrowed(m),
        Value::Bool(false) => Cow::Owned(Map::from_iter([(
            "not".to_string(),
            Value::Object(Map::new()),
        )])),
        _ => Cow::Owned(Map::new()),
    }
}

impl<'r> Walker<'r> {
    pub(super) fn new(
        a_root: &'r Value,
        b_root: &'r Value,
        direction: Direction,
        profile: Profile,
    ) -> Self {
        Walker {
            a_root,
            b_root,
            direction,
            profile,
            out: Vec::new(),
            seen: HashSet::new(),
            steps: std::rc::Rc::default(),
        }
    }

    /// A walker for a sub-question, sharing this one's step budget.
    pub(super) fn child(&self, a_root: &'r Value, b_root: &'r Value) -> Walker<'r> {
        let mut w = Walker::new(a_root, b_root, self.direction, self.profile);
        w.steps = std::rc::Rc::clone(&self.steps);
        w
    }

    pub(super) fn emit(
        &mut self,
        rule: CompatRule,
        pa: &str,
        pb: &str,
        message: String,
        effect: Effect,
    ) {
        let (old_pointer, new_pointer) = match self.direction {
            Direction::Backward => (pa.to_string(), pb.to_string()),
            Direction::Forward => (pb.to_string(), pa.to_string()),
        };
        self.out.push(Finding {
            rule,
            direction: self.direction,
            old_pointer,
            new_pointer,
            message,
            effect,
            witness: None,
        });
    }

    pub(super) fn issue(&mut self, i: Issue, a: &Map<String, Value>, pa: &str, pb: &str) {
        let at_a = if a.contains_key(&i.keyword) {
            join(pa, &i.keyword)
        } else {
            pa.to_string()
        };
        self.emit(i.rule, &at_a, &join(pb, &i.keyword), i.message, i.effect);
    }

    /// Runs `f`, keeping neither its findings nor its memory of visited pairs.
    pub(super) fn quietly(&mut self, f: impl FnOnce(&mut Self) -> bool) -> bool {
        let len = self.out.len();
        let seen = self.seen.clone();
        let ok = f(self) && self.out.len() == len;
        self.out.truncate(len);
        self.seen = seen;
        ok
    }

    /// Whether `a ⊆ b`, reporting every reason it is not (or may not be).
    pub(super) fn subset(
        &mut self,
        a: &Value,
        pa: &str,
        b: &Value,
        pb: &str,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            self.emit(
                CompatRule::DepthExceeded,
                pa,
                pb,
                format!("schemas nest deeper than {MAX_DEPTH} levels"),
                Effect::Unknown,
            );
            return false;
        }
        let steps = self.steps.get().saturating_add(1);
        self.steps.set(steps);
        if steps > MAX_STEPS {
            if steps == MAX_STEPS + 1 {
                self.emit(
                    CompatRule::DepthExceeded,
                    pa,
                    pb,
                    format!("the comparison needs more than {MAX_STEPS} steps"),
                    Effect::Unknown,
                );
            }
            return false;
        }
        let refs = a.get("$ref").is_some() || b.get("$ref").is_some();
        let (a, pa) = match self.resolve(self.a_root, a, pa) {
            Ok(x) => x,
            Err(r) => {
                self.emit(
                    CompatRule::RefUnresolved,
                    pa,
                    pb,
                    format!("`$ref: {r}` points at nothing"),
                    Effect::Unknown,
                );
                return false;
            }
        };
        let (b, pb) = match self.resolve(self.b_root, b, pb) {
            Ok(x) => x,
            Err(r) => {
                self.emit(
                    CompatRule::RefUnresolved,
                    &pa,
                    pb,
                    format!("`$ref: {r}` points at nothing"),
                    Effect::Unknown,
                );
                return false;
            }
        };
        // `true` is the same schema wherever it sits: key it by value, so a recursive reader
        // walked against an open writer repeats a pair instead of descending for ever.
        let key_a = match &*a {
            Value::Bool(v) => format!("#{v}"),
            _ => pa.clone(),
        };
        if refs && !self.seen.insert((key_a, pb.clone())) {
            return true;
        }
        self.compare(&a, &pa, &b, &pb, depth)
    }

    pub(super) fn compare(
        &mut self,
        a: &Value,
        pa: &str,
        b: &Value,
        pb: &str,
        depth: usize,
    ) -> bool {
        if is_true(b) || is_false(a) || (a == b && !has_ref(a)) {
            return true;
        }
        if is_false(b) {
            self.emit(
                CompatRule::SchemaFalse,
                pa,
                pb,
                "the schema is `false` and accepts nothing".into(),
                Effect::Breaking,
            );
            return false;
        }
        let (am0, bm0) = (object(a), object(b));
        // A combinator written identically on both sides constrains both alike.
        let mut strip: Vec<&str> = [
            "anyOf",
            "oneOf",
            "allOf",
            "not",
            "contains",
            "propertyNames",
        ]
        .into_iter()
        .filter(|k| {
            am0.get(*k).is_some() && same_set(am0.get(*k), bm0.get(*k)) && !has_ref(&am0[*k])
        })
        .collect();
        let conditional = ["if", "then", "else"];
        if am0.get("if").is_some()
            && conditional
                .iter()
                .all(|k| am0.get(*k) == bm0.get(*k) && am0.get(*k).is_none_or(|v| !has_ref(v)))
        {
            strip.extend(conditional);
        }
        let (am, bm, a, b): Stripped<'_> = if strip.is_empty() {
            (am0, bm0, Cow::Borrowed(a), Cow::Borrowed(b))
        } else {
            let mut am = am0.into_owned();
            let mut bm = bm0.into_owned();
            for k in &strip {
                am.remove(*k);
                bm.remove(*k);
            }
            let (av, bv) = (Value::Object(am.clone()), Value::Object(bm.clone()));
            (
                Cow::Owned(am),
                Cow::Owned(bm),
                Cow::Owned(av),
                Cow::Owned(bv),
            )
        };
        let (a, b) = (a.as_ref(), b.as_ref());
        if is_true(b) {
            return true;
        }
        if let Some(done) = self.split_written(&am, pa, b, pb, depth) {
            return done;
        }
        if let Some(values) = finite::values(&am) {
            let written: Vec<Value> = match finite::rejected(&values, a, self.a_root) {
                Some(invalid) => {
                    let invalid = ValueSet::new(&invalid);
                    values
                        .iter()
                        .filter(|v| !invalid.contains(v))
                        .cloned()
                        .collect()
                }
                None => values,
            };
            return self.finite(&written, pa, b, pb);
        }
        if let Some(Value::Array(parts)) = bm.get("allOf") {
            let mut rest = bm.clone().into_owned();
            rest.remove("allOf");
            let mut ok = self.compare(a, pa, &Value::Object(rest), pb, depth + 1);
            for (i, part) in parts.iter().enumerate() {
                ok &= self.subset(
                    a,
                    pa,
                    part,
                    &join(&join(pb, "allOf"), &i.to_string()),
                    depth + 1,
                );
            }
            return ok;
        }
        for key in ["anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = bm.get(key) {
                let mut rest = bm.clone().into_owned();
                rest.remove(key);
                let ok = self.compare(a, pa, &Value::Object(rest), pb, depth + 1);
                return self.fit_branches(a, pa, branches, &join(pb, key), key == "oneOf", depth)
                    && ok;
            }
        }
        self.keywords(&am, pa, &bm, pb, depth)
    }

    /// The keyword rules, then properties and items, where the types in play call for them.
    pub(super) fn keywords(
        &mut self,
        am: &Map<String, Value>,
        pa: &str,
        bm: &Map<String, Value>,
        pb: &str,
        depth: usize,
    ) -> bool {
        let mut ok = self.logic(am, pa, bm, pb, depth);
        let mut issues: Vec<Issue> = Vec::new();
        issues.extend(keywords::type_rule(am, bm));
        issues.extend(keywords::enum_added_rule(am, bm));
        let ta = types(am);
        let tb = types(bm);
        let live = |t: &str| may_be(ta.as_deref(), t) && may_be(tb.as_deref(), t);
        if live("number") || live("integer") {
            issues.extend(keywords::numeric_rules(am, bm));
        }
        if live("string") {
            issues.extend(keywords::string_rules(am, bm));
        }
        if live("array") {
            issues.extend(keywords::array_rules(am, bm));
        }
        if live("object") {
            issues.extend(keywords::object_count_rules(am, bm));
            issues.extend(keywords::required_rule(am, bm, self.profile));
        }
        ok &= issues.iter().all(|i| i.effect != Effect::Breaking) && issues.is_empty();
        for i in issues {
            self.issue(i, am, pa, pb);
        }
        if live("object") {
            ok &= self.properties(am, pa, bm, pb, depth);
            ok &= self.object_extras(am, pa, bm, pb, depth);
        }
        if live("array") {
            ok &= self.items(am, pa, bm, pb, depth);
            ok &= self.contains(am, pa, bm, pb, depth);
        }
        ok
    }

    pub(super) fn finite(&mut self, values: &[Value], pa: &str, b: &Value, pb: &str) -> bool {
        match finite::rejected(values, b, self.b_root) {
            Some(lost) if lost.is_empty() => true,
            Some(lost) => {
                let list: Vec<String> = lost.iter().map(Value::to_string).collect();
                self.emit(
                    CompatRule::EnumValueRemoved,
                    pa,
                    pb,
                    format!("value(s) {} are no longer accepted", list.join(", ")),
                    Effect::Breaking,
                );
                false
            }
            None => {
                self.emit(
                    CompatRule::KeywordUnsupported,
                    pa,
                    pb,
                    "the reading schema could not be compiled to check the written values".into(),
                    Effect::Unknown,
                );
                false
            }
        }
    }
}

/// Whether two lists of subschemas hold the same schemas, in any order.
pub(super) fn same_set(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            x.len() == y.len() && x.iter().all(|i| y.contains(i)) && y.iter().all(|i| x.contains(i))
        }
        (x, y) => x == y,
    }
}
