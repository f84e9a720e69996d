//! Objects: declared, pattern and additional properties, and the counts around them.

use super::*;

impl Walker<'_> {
    /// The schema a property `name` gets: declared, matched by a pattern, or additional.
    pub(super) fn property_schema<'m>(
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

    pub(super) fn properties(
        &mut self,
        am: &Map<String, Value>,
        pa: &str,
        bm: &Map<String, Value>,
        pb: &str,
        depth: usize,
    ) -> bool {
        let mut ok = true;
        let mut names: indexmap::IndexSet<&String, foldhash::fast::RandomState> =
            indexmap::IndexSet::default();
        for m in [am, bm] {
            if let Some(Value::Object(ps)) = m.get("properties") {
                names.extend(ps.keys());
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
                    CompatRule::PropertyAddedToOpenModel,
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
                    CompatRule::PropertyRemovedFromClosedModel,
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
                    CompatRule::AdditionalPropertiesNarrowed,
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

    pub(super) fn pattern_properties(
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
                        CompatRule::PatternPropertiesChanged,
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
                    CompatRule::PatternPropertiesChanged,
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
    pub(super) fn object_extras(
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
                        CompatRule::DependenciesAdded,
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
}
