//! Alternatives and logic: splitting written `anyOf`/`oneOf` branches, fitting them to the
//! reader's branches, and the `not`/`if` keywords.

use super::*;

impl Walker<'_> {
    /// A written `anyOf`/`oneOf`/`allOf`: each alternative must be readable.
    pub(super) fn split_written(
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
    pub(super) fn fit_branches(
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
                    CompatRule::OneOfAmbiguous,
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
            CompatRule::AnyOfBranchRemoved,
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
    pub(super) fn logic(
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
                    CompatRule::NotChanged,
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
                    CompatRule::ConditionalChanged,
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
}

/// Whether two anchored patterns (`^abc…`) start with literal prefixes that rule each other out.
pub(super) fn prefixes_disjoint(a: &str, b: &str) -> bool {
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
pub(super) fn disjoint(a: &Value, b: &Value) -> bool {
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
        (Some(va), Some(vb)) => {
            let vb = super::ValueSet::new(&vb);
            va.iter().all(|v| !vb.contains(v))
        }
        _ => false,
    }
}
