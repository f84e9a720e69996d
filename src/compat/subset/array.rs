//! Arrays: `items`, tuples (`prefixItems`) and `contains`.

use super::*;

impl Walker<'_> {
    /// `contains`: the written arrays' witness must also satisfy the reader's.
    pub(super) fn contains(
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
                CompatRule::KeywordUnsupported,
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
    pub(super) fn tuple<'m>(
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

    pub(super) fn items(
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
                    CompatRule::ItemsNarrowed,
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
                    CompatRule::ItemsNarrowed,
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
