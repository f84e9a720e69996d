//! The walk: is every instance of schema `a` (the written data) valid under schema `b` (the
//! reader)? Follows local `$ref`s (recursion is assumed to hold once a pair repeats), splits
//! `anyOf`/`oneOf`, merges `allOf`, and recurses into properties and items.

use super::keywords::{self, Issue, may_be, types};
use super::{Direction, Effect, Finding, Profile, finite};
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
            "depth-exceeded",
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
    fn new(a_root: &'r Value, b_root: &'r Value, direction: Direction, profile: Profile) -> Self {
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
    fn child(&self, a_root: &'r Value, b_root: &'r Value) -> Walker<'r> {
        let mut w = Walker::new(a_root, b_root, self.direction, self.profile);
        w.steps = std::rc::Rc::clone(&self.steps);
        w
    }

    fn emit(&mut self, rule: &'static str, pa: &str, pb: &str, message: String, effect: Effect) {
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
        });
    }

    fn issue(&mut self, i: Issue, a: &Map<String, Value>, pa: &str, pb: &str) {
        let at_a = if a.contains_key(&i.keyword) {
            join(pa, &i.keyword)
        } else {
            pa.to_string()
        };
        self.emit(i.rule, &at_a, &join(pb, &i.keyword), i.message, i.effect);
    }

    /// Runs `f`, keeping neither its findings nor its memory of visited pairs.
    fn quietly(&mut self, f: impl FnOnce(&mut Self) -> bool) -> bool {
        let len = self.out.len();
        let seen = self.seen.clone();
        let ok = f(self) && self.out.len() == len;
        self.out.truncate(len);
        self.seen = seen;
        ok
    }

    /// Follows `$ref`s; sibling keywords are kept beside the target's.
    fn resolve<'v>(
        &self,
        root: &'v Value,
        v: &'v Value,
        pointer: &str,
    ) -> Result<(Cow<'v, Value>, String), String> {
        let mut current = Cow::Borrowed(v);
        let mut at = pointer.to_string();
        for _ in 0..32 {
            let Some(r) = current
                .get("$ref")
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                return Ok((current, at));
            };
            let (target, target_at) = lookup(root, &r).ok_or(r.clone())?;
            let siblings: Vec<(&String, &Value)> = match current.as_ref() {
                Value::Object(m) => m.iter().filter(|(k, _)| *k != "$ref").collect(),
                _ => Vec::new(),
            };
            current = if siblings.is_empty() {
                Cow::Borrowed(target)
            } else {
                let mut merged = object(target).into_owned();
                for (k, v) in siblings {
                    if !merged.contains_key(k) {
                        merged.insert(k.clone(), v.clone());
                    }
                }
                Cow::Owned(Value::Object(merged))
            };
            at = target_at;
        }
        Err("a chain of more than 32 `$ref`s".into())
    }

    /// Whether `a ⊆ b`, reporting every reason it is not (or may not be).
    fn subset(&mut self, a: &Value, pa: &str, b: &Value, pb: &str, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            self.emit(
                "depth-exceeded",
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
                    "depth-exceeded",
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
                    "ref-unresolved",
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
                    "ref-unresolved",
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

    fn compare(&mut self, a: &Value, pa: &str, b: &Value, pb: &str, depth: usize) -> bool {
        if is_true(b) || is_false(a) || (a == b && !has_ref(a)) {
            return true;
        }
        if is_false(b) {
            self.emit(
                "schema-false",
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
                Some(invalid) => values
                    .into_iter()
                    .filter(|v| !invalid.contains(v))
                    .collect(),
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
    fn keywords(
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

    /// A written `anyOf`/`oneOf`/`allOf`: each alternative must be readable.
    fn split_written(
        &mut self,
        am: &Map<String, Value>,
        pa: &str,
        b: &Value,
        pb: &str,
        depth: usize,
    ) -> Option<bool> {
        for key in ["anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = am.get(key) {
                let mut rest = am.clone();
                rest.remove(key);
                let mut ok = true;
                for (i, branch) in branches.iter().enumerate() {
                    let branch = self
                        .resolve(self.a_root, branch, pa)
                        .map_or(branch.clone(), |(v, _)| v.into_owned());
                    let merged = merge(&rest, &branch);
                    ok &= self.subset(
                        &merged,
                        &join(&join(pa, key), &i.to_string()),
                        b,
                        pb,
                        depth + 1,
                    );
                }
                return Some(ok);
            }
        }
        if let Some(Value::Array(parts)) = am.get("allOf") {
            let mut merged = am.clone();
            merged.remove("allOf");
            let mut merged = Value::Object(merged);
            for part in parts {
                let part = self
                    .resolve(self.a_root, part, pa)
                    .map_or(part.clone(), |(v, _)| v.into_owned());
                let mut part = object(&part).into_owned();
                part.remove("allOf");
                merged = merge(&object(&merged), &Value::Object(part));
            }
            return Some(self.subset(&merged, pa, b, pb, depth + 1));
        }
        None
    }

    /// A reading `anyOf`/`oneOf`: the written schema must fit one branch (or, split by type, each
    /// of its types must fit one); for `oneOf`, no other branch may take the same values.
    fn fit_branches(
        &mut self,
        a: &Value,
        pa: &str,
        branches: &[Value],
        pb: &str,
        one_of: bool,
        depth: usize,
    ) -> bool {
        let fits = |w: &mut Self, part: &Value| -> Vec<usize> {
            (0..branches.len())
                .filter(|&i| {
                    w.quietly(|w| {
                        w.subset(part, pa, &branches[i], &join(pb, &i.to_string()), depth + 1)
                    })
                })
                .collect()
        };
        let hits = fits(self, a);
        if one_of && !hits.is_empty() {
            let overlapping = hits.len() > 1
                || (0..branches.len())
                    .filter(|i| !hits.contains(i))
                    .any(|i| !disjoint(a, &branches[i]));
            if overlapping {
                self.emit(
                    "one-of-ambiguous",
                    pa,
                    pb,
                    "written values may match several `oneOf` branches, which the reader then rejects".into(),
                    Effect::Unknown,
                );
                return false;
            }
            return true;
        }
        if !hits.is_empty() {
            return true;
        }
        let am = object(a);
        if let Some(ts) = types(&am).filter(|t| t.len() > 1) {
            let all = ts.iter().all(|t| {
                let mut part = am.clone().into_owned();
                part.insert("type".into(), Value::String((*t).to_string()));
                !fits(self, &Value::Object(part)).is_empty()
            });
            if all && !one_of {
                return true;
            }
        }
        if self.steps.get() > MAX_STEPS {
            return false;
        }
        self.emit(
            "any-of-branch-removed",
            pa,
            pb,
            "written values fit none of the reading alternatives".into(),
            Effect::Breaking,
        );
        // Say why the closest branch rejects them.
        let best = (0..branches.len()).min_by_key(|&i| {
            let mut probe = self.child(self.a_root, self.b_root);
            probe.seen = self.seen.clone();
            probe.subset(a, pa, &branches[i], &join(pb, &i.to_string()), depth + 1);
            probe.out.len()
        });
        if let Some(i) = best {
            self.subset(a, pa, &branches[i], &join(pb, &i.to_string()), depth + 1);
        }
        false
    }

    /// `not` (`not A ⊆ not B` when `B ⊆ A`) and `if`/`then`/`else` under the same condition.
    fn logic(
        &mut self,
        am: &Map<String, Value>,
        pa: &str,
        bm: &Map<String, Value>,
        pb: &str,
        depth: usize,
    ) -> bool {
        let mut ok = true;
        if let Some(nb) = bm.get("not") {
            let reversed = match am.get("not") {
                Some(na) => {
                    let mut flipped = self.child(self.b_root, self.a_root);
                    flipped.quietly(|w| {
                        w.subset(nb, &join(pb, "not"), na, &join(pa, "not"), depth + 1)
                    })
                }
                None => false,
            };
            if !reversed {
                self.emit(
                    "not-changed",
                    pa,
                    &join(pb, "not"),
                    "`not` may exclude values the written schema allows".into(),
                    Effect::Unknown,
                );
                ok = false;
            }
        }
        if let Some(ib) = bm.get("if") {
            if am.get("if") != Some(ib) || has_ref(ib) {
                self.emit(
                    "conditional-changed",
                    pa,
                    &join(pb, "if"),
                    "`if` changed; conditions are not compared".into(),
                    Effect::Unknown,
                );
                return false;
            }
            let mut base = am.clone();
            for k in ["if", "then", "else"] {
                base.remove(k);
            }
            for key in ["then", "else"] {
                let written = merge(&base, am.get(key).unwrap_or(&Value::Bool(true)));
                if let Some(wb) = bm.get(key) {
                    ok &= self.subset(&written, pa, wb, &join(pb, key), depth + 1);
                }
            }
        }
        ok
    }

    fn finite(&mut self, values: &[Value], pa: &str, b: &Value, pb: &str) -> bool {
        match finite::rejected(values, b, self.b_root) {
            Some(lost) if lost.is_empty() => true,
            Some(lost) => {
                let list: Vec<String> = lost.iter().map(Value::to_string).collect();
                self.emit(
                    "enum-value-removed",
                    pa,
                    pb,
                    format!("value(s) {} are no longer accepted", list.join(", ")),
                    Effect::Breaking,
                );
                false
            }
            None => {
                self.emit(
                    "keyword-unsupported",
                    pa,
                    pb,
                    "the reading schema could not be compiled to check the written values".into(),
                    Effect::Unknown,
                );
                false
            }
        }
    }

    /// The schema a property `name` gets: declared, matched by a pattern, or additional.
    fn property_schema<'m>(
        m: &'m Map<String, Value>,
        p: &str,
        name: &str,
    ) -> (&'m Value, String, bool) {
        if let Some(s) = m.get("properties").and_then(|ps| ps.get(name)) {
            return (s, join(&join(p, "properties"), name), true);
        }
        if let Some(Value::Object(patterns)) = m.get("patternProperties") {
            for (re, s) in patterns {
                if regex::Regex::new(re).is_ok_and(|r| r.is_match(name)) {
                    return (s, join(&join(p, "patternProperties"), re), true);
                }
            }
        }
        (
            m.get("additionalProperties").unwrap_or(&TRUE),
            join(p, "additionalProperties"),
            false,
        )
    }

    fn properties(
        &mut self,
        am: &Map<String, Value>,
        pa: &str,
        bm: &Map<String, Value>,
        pb: &str,
        depth: usize,
    ) -> bool {
        let mut ok = true;
        let mut names: Vec<&String> = Vec::new();
        for m in [am, bm] {
            if let Some(Value::Object(ps)) = m.get("properties") {
                for k in ps.keys() {
                    if !names.contains(&k) {
                        names.push(k);
                    }
                }
            }
        }
        for name in names {
            let (sa, qa, declared_a) = Self::property_schema(am, pa, name);
            let (sb, qb, declared_b) = Self::property_schema(bm, pb, name);
            if is_false(sa) {
                continue;
            }
            if !declared_a && declared_b && (self.profile == Profile::Lenient || is_true(sb)) {
                continue;
            }
            if !declared_a && declared_b && is_true(sa) {
                self.emit(
                    "property-added-to-open-model",
                    pa,
                    &qb,
                    format!(
                        "`{name}` is declared now; written data may already hold it with any value"
                    ),
                    Effect::Breaking,
                );
                ok = false;
                continue;
            }
            if declared_a && !declared_b && is_false(sb) {
                self.emit(
                    "property-removed-from-closed-model",
                    &qa,
                    pb,
                    format!("`{name}` is no longer declared and other properties are refused"),
                    Effect::Breaking,
                );
                ok = false;
                continue;
            }
            ok &= self.subset(sa, &qa, sb, &qb, depth + 1);
        }
        ok &= self.pattern_properties(am, pa, bm, pb, depth);
        let extra_a = am
            .get("additionalProperties")
            .cloned()
            .unwrap_or(Value::Bool(true));
        let extra_b = bm
            .get("additionalProperties")
            .cloned()
            .unwrap_or(Value::Bool(true));
        if !is_true(&extra_b) && !is_false(&extra_a) {
            let lenient_ok =
                self.profile == Profile::Lenient && is_true(&extra_a) && is_false(&extra_b);
            if lenient_ok {
                return ok;
            }
            if is_true(&extra_a) || is_false(&extra_b) {
                self.emit(
                    "additional-properties-narrowed",
                    &join(pa, "additionalProperties"),
                    &join(pb, "additionalProperties"),
                    "undeclared properties are restricted more than before".into(),
                    Effect::Breaking,
                );
                ok = false;
            } else {
                ok &= self.subset(
                    &extra_a,
                    &join(pa, "additionalProperties"),
                    &extra_b,
                    &join(pb, "additionalProperties"),
                    depth + 1,
                );
            }
        }
        ok
    }

    fn pattern_properties(
        &mut self,
        am: &Map<String, Value>,
        pa: &str,
        bm: &Map<String, Value>,
        pb: &str,
        depth: usize,
    ) -> bool {
        let mut ok = true;
        let empty = Map::new();
        let patterns_a = am
            .get("patternProperties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let patterns_b = bm
            .get("patternProperties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        for (re, sb) in patterns_b {
            let qb = join(&join(pb, "patternProperties"), re);
            match patterns_a.get(re) {
                Some(sa) => {
                    ok &= self.subset(
                        sa,
                        &join(&join(pa, "patternProperties"), re),
                        sb,
                        &qb,
                        depth + 1,
                    )
                }
                None => {
                    self.emit(
                        "pattern-properties-changed",
                        pa,
                        &qb,
                        format!("pattern `{re}` is new; which names it takes is not compared"),
                        Effect::Unknown,
                    );
                    ok = false;
                }
            }
        }
        let open_b = bm.get("additionalProperties").is_none_or(is_true);
        for re in patterns_a.keys().filter(|re| !patterns_b.contains_key(*re)) {
            let falls_through =
                open_b && patterns_b.keys().all(|other| prefixes_disjoint(re, other));
            if !falls_through {
                self.emit(
                    "pattern-properties-changed",
                    &join(&join(pa, "patternProperties"), re),
                    pb,
                    format!(
                        "names matching `{re}` now fall under other rules, which are not compared"
                    ),
                    Effect::Unknown,
                );
                ok = false;
            }
        }
        ok
    }

    /// `propertyNames` and `dependencies` / `dependentRequired` / `dependentSchemas`.
    fn object_extras(
        &mut self,
        am: &Map<String, Value>,
        pa: &str,
        bm: &Map<String, Value>,
        pb: &str,
        depth: usize,
    ) -> bool {
        let mut ok = true;
        if let Some(nb) = bm.get("propertyNames") {
            let na = am
                .get("propertyNames")
                .cloned()
                .unwrap_or_else(|| serde_json::json!({"type": "string"}));
            ok &= self.subset(
                &na,
                &join(pa, "propertyNames"),
                nb,
                &join(pb, "propertyNames"),
                depth + 1,
            );
        }
        for key in ["dependencies", "dependentRequired", "dependentSchemas"] {
            let Some(Value::Object(deps)) = bm.get(key) else {
                continue;
            };
            for (name, dep) in deps {
                let written = ["dependencies", "dependentRequired", "dependentSchemas"]
                    .iter()
                    .find_map(|k| am.get(*k).and_then(|d| d.get(name)))
                    .cloned();
                let qb = join(&join(pb, key), name);
                let held = match (&written, dep) {
                    (Some(Value::Array(wa)), Value::Array(rb)) => rb.iter().all(|r| wa.contains(r)),
                    (Some(wa @ Value::Object(_)), Value::Object(_)) => {
                        self.subset(wa, &join(&join(pa, key), name), dep, &qb, depth + 1)
                    }
                    _ => false,
                };
                if !held {
                    self.emit(
                        "dependencies-added",
                        pa,
                        &qb,
                        format!(
                            "property `{name}` now brings a dependency the written data may lack"
                        ),
                        Effect::Breaking,
                    );
                    ok = false;
                }
            }
        }
        ok
    }

    /// `contains`: the written arrays' witness must also satisfy the reader's.
    fn contains(
        &mut self,
        am: &Map<String, Value>,
        pa: &str,
        bm: &Map<String, Value>,
        pb: &str,
        depth: usize,
    ) -> bool {
        let Some(cb) = bm.get("contains") else {
            return true;
        };
        let qb = join(pb, "contains");
        let kept = am.get("contains").cloned().is_some_and(|ca| {
            self.quietly(|w| w.subset(&ca, &join(pa, "contains"), cb, &qb, depth + 1))
        });
        if !kept {
            self.emit(
                "keyword-unsupported",
                pa,
                &qb,
                "`contains` asks for an item the written arrays may lack".into(),
                Effect::Unknown,
            );
        }
        kept
    }

    /// Normalises draft-07 `items`/`additionalItems` and 2020-12 `prefixItems`/`items` into a
    /// tuple prefix and the schema of the remaining positions.
    fn tuple<'m>(
        m: &'m Map<String, Value>,
        p: &str,
    ) -> (Vec<(&'m Value, String)>, (&'m Value, String)) {
        if let Some(Value::Array(prefix)) = m.get("prefixItems") {
            let prefix = prefix
                .iter()
                .enumerate()
                .map(|(i, s)| (s, join(&join(p, "prefixItems"), &i.to_string())))
                .collect();
            return (prefix, (m.get("items").unwrap_or(&TRUE), join(p, "items")));
        }
        match m.get("items") {
            Some(Value::Array(prefix)) => {
                let prefix = prefix
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s, join(&join(p, "items"), &i.to_string())))
                    .collect();
                (
                    prefix,
                    (
                        m.get("additionalItems").unwrap_or(&TRUE),
                        join(p, "additionalItems"),
                    ),
                )
            }
            Some(items) => (Vec::new(), (items, join(p, "items"))),
            None => (Vec::new(), (&TRUE, join(p, "items"))),
        }
    }

    fn items(
        &mut self,
        am: &Map<String, Value>,
        pa: &str,
        bm: &Map<String, Value>,
        pb: &str,
        depth: usize,
    ) -> bool {
        let (prefix_a, rest_a) = Self::tuple(am, pa);
        let (prefix_b, rest_b) = Self::tuple(bm, pb);
        let max_a = am
            .get("maxItems")
            .and_then(Value::as_u64)
            .map(|n| n as usize);
        let mut ok = true;
        let longest = prefix_a.len().max(prefix_b.len());
        for i in 0..longest {
            if max_a.is_some_and(|m| i >= m) {
                return ok;
            }
            let (sa, qa) = prefix_a.get(i).cloned().unwrap_or_else(|| rest_a.clone());
            let (sb, qb) = prefix_b.get(i).cloned().unwrap_or_else(|| rest_b.clone());
            if is_false(sa) {
                return ok;
            }
            if is_false(sb) {
                self.emit(
                    "items-narrowed",
                    &qa,
                    &qb,
                    format!("arrays may no longer have an item at position {i}"),
                    Effect::Breaking,
                );
                return false;
            }
            ok &= self.subset(sa, &qa, sb, &qb, depth + 1);
        }
        if max_a.is_none_or(|m| m > longest) && !is_false(rest_a.0) {
            if is_false(rest_b.0) {
                self.emit(
                    "items-narrowed",
                    &rest_a.1,
                    &rest_b.1,
                    format!("arrays may no longer have more than {longest} items"),
                    Effect::Breaking,
                );
                return false;
            }
            ok &= self.subset(rest_a.0, &rest_a.1, rest_b.0, &rest_b.1, depth + 1);
        }
        ok
    }
}

/// Whether two lists of subschemas hold the same schemas, in any order.
fn same_set(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            x.len() == y.len() && x.iter().all(|i| y.contains(i)) && y.iter().all(|i| x.contains(i))
        }
        (x, y) => x == y,
    }
}

/// Whether two anchored patterns (`^abc…`) start with literal prefixes that rule each other out.
fn prefixes_disjoint(a: &str, b: &str) -> bool {
    let literal = |re: &str| -> Option<String> {
        let rest = re.strip_prefix('^')?;
        let lit: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        (!lit.is_empty()).then_some(lit)
    };
    match (literal(a), literal(b)) {
        (Some(x), Some(y)) => !x.starts_with(&y) && !y.starts_with(&x),
        _ => false,
    }
}

/// Whether no value can match both schemas, judged by their types and listed values.
fn disjoint(a: &Value, b: &Value) -> bool {
    let (am, bm) = (object(a), object(b));
    if let (Some(ta), Some(tb)) = (types(&am), types(&bm)) {
        let meet = ta.iter().any(|t| {
            tb.contains(t)
                || (*t == "integer" && tb.contains(&"number"))
                || (*t == "number" && tb.contains(&"integer"))
        });
        if !meet {
            return true;
        }
    }
    match (finite::values(&am), finite::values(&bm)) {
        (Some(va), Some(vb)) => va.iter().all(|v| !vb.contains(v)),
        _ => false,
    }
}

/// The conjunction of `base` and `extra`, keyword by keyword. Property maps merge per name and
/// `required` lists unite; where two values of one keyword differ otherwise, `base`'s is kept.
/// Used on the written side only, where dropping a conjunct widens the schema: a finding may
/// then be reported that a full conjunction would avoid, never the reverse.
fn merge(base: &Map<String, Value>, extra: &Value) -> Value {
    match extra {
        Value::Bool(false) => Value::Bool(false),
        Value::Object(e) => {
            let mut out = base.clone();
            for (k, v) in e {
                let merged = match (k.as_str(), out.get(k), v) {
                    (_, None, _) => v.clone(),
                    (
                        "properties" | "patternProperties",
                        Some(Value::Object(x)),
                        Value::Object(y),
                    ) => {
                        let mut m = x.clone();
                        for (name, schema) in y {
                            let joined = match m.get(name) {
                                Some(Value::Object(old)) => merge(old, schema),
                                Some(_) => continue,
                                None => schema.clone(),
                            };
                            m.insert(name.clone(), joined);
                        }
                        Value::Object(m)
                    }
                    ("required", Some(Value::Array(x)), Value::Array(y)) => {
                        let mut all = x.clone();
                        all.extend(y.iter().filter(|r| !x.contains(r)).cloned());
                        Value::Array(all)
                    }
                    (_, Some(existing), _) => existing.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        _ => Value::Object(base.clone()),
    }
}

/// Whether a schema holds a `$ref` anywhere (so equal text may still mean different schemas).
fn has_ref(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.contains_key("$ref") || m.values().any(has_ref),
        Value::Array(items) => items.iter().any(has_ref),
        _ => false,
    }
}

/// The target of a local `$ref` (`#/json/pointer`, or `#anchor` for `$id`/`$anchor`).
fn lookup<'v>(root: &'v Value, reference: &str) -> Option<(&'v Value, String)> {
    let fragment = reference.strip_prefix('#')?;
    if fragment.is_empty() || fragment.starts_with('/') {
        let decoded = fragment.replace("%25", "%");
        return root.pointer(&decoded).map(|v| (v, decoded));
    }
    find_anchor(root, fragment, String::new())
}

fn find_anchor<'v>(node: &'v Value, anchor: &str, at: String) -> Option<(&'v Value, String)> {
    match node {
        Value::Object(m) => {
            let named = m.get("$anchor").and_then(Value::as_str) == Some(anchor)
                || m.get("$id").and_then(Value::as_str) == Some(&format!("#{anchor}"));
            if named {
                return Some((node, at));
            }
            m.iter()
                .find_map(|(k, v)| find_anchor(v, anchor, join(&at, k)))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| find_anchor(v, anchor, join(&at, &i.to_string()))),
        _ => None,
    }
}
