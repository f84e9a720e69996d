//! What a user's `decisions.rs` lacks after the catalog gained commands: `gen` keeps the file,
//! which is the user's, and names each method the fresh file would have, signature and all.

/// The signatures of the methods in `fresh` (the file `gen` would write) that `existing` (the
/// user's file) does not define, as lines ready to paste.
pub fn missing_methods(fresh: &str, existing: &str) -> Vec<String> {
    fresh
        .lines()
        .map(str::trim)
        .filter_map(|line| {
            let name = line.strip_prefix("fn ")?.split('(').next()?;
            let defined = existing
                .match_indices(&format!("fn {name}("))
                .next()
                .is_some();
            (!defined).then(|| line.trim_end_matches('{').trim_end().to_string())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_method_the_users_file_lacks() {
        let fresh = "impl X for D {\n    fn place_order(&self, a: &Order, c: P) -> R {\n        todo\n    }\n    fn cancel_order(&self, a: &Order, c: Q) -> R {\n    }\n}";
        let mine =
            "impl X for D {\n    fn place_order(&self, _a: &Order, _c: P) -> R { Ok(vec![]) }\n}";
        assert_eq!(
            missing_methods(fresh, mine),
            ["fn cancel_order(&self, a: &Order, c: Q) -> R"]
        );
        assert!(missing_methods(fresh, fresh).is_empty());
    }
}
