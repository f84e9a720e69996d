//! The rule list of `eventctl rules` as a table, JSON, or the Markdown of `docs/rules.md`; all
//! three are written from [`Rule::ALL`] and [`CompatRule::ALL`].

use crate::diag::{CompatRule, Rule, Section};
use std::fmt::Write as _;

/// One line per rule (id, default severity, summary), then the compatibility rules.
pub fn text() -> String {
    let width = Rule::ALL
        .iter()
        .map(|r| r.id().len())
        .chain(CompatRule::ALL.iter().map(|r| r.id().len()))
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for r in Rule::ALL {
        let _ = writeln!(
            text,
            "{:width$}  {:7}  {}",
            r.id(),
            r.severity().as_str(),
            r.summary()
        );
    }
    text.push_str("\ncompatibility rules (eventctl compat; inside compat-breaking and compat-unknown findings):\n");
    for r in CompatRule::ALL {
        let _ = writeln!(text, "{:width$}  {}", r.id(), r.purpose());
    }
    text
}

/// Every rule as one JSON document.
pub fn json() -> String {
    let rules: Vec<serde_json::Value> = Rule::ALL
        .iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id(),
                "severity": r.severity(),
                "stage": r.stage(),
                "purpose": r.summary(),
                "help_url": r.help_url(),
            })
        })
        .collect();
    let compat: Vec<serde_json::Value> = CompatRule::ALL
        .iter()
        .map(|r| serde_json::json!({ "id": r.id(), "purpose": r.purpose() }))
        .collect();
    super::pretty(&serde_json::json!({ "rules": rules, "compatibility_rules": compat }))
}

const INTRO: &str = "\
# Rules

<!-- Written by `eventctl rules --markdown > docs/rules.md`; edit `src/diag/rule.rs`. -->

Every finding has a rule id. `eventctl rules` prints this list with default severities;
override them in the catalog (`rules: {RULE: allow|warn|deny}`) or with `--allow`, `--warn`,
`--deny` and `--deny-warnings`. Rules of the **load** stage cannot be lowered: a file that
cannot be read is always an error, and the run stops after reading.
";

const SECTIONS: [(Section, &str); 4] = [
    (Section::Load, "Load: reading files"),
    (Section::Resolve, "Resolve: names and references"),
    (Section::Check, "Check: the model"),
    (
        Section::Against,
        "Against a previous release (`validate --against`)",
    ),
];

/// The page `docs/rules.md`: a table per section, then the compatibility rules.
pub fn markdown() -> String {
    let mut out = String::from(INTRO);
    for (section, title) in SECTIONS {
        let _ = write!(
            out,
            "\n## {title}\n\n| rule | default | what it finds |\n|---|---|---|\n"
        );
        for r in Rule::ALL.iter().filter(|r| r.section() == section) {
            let _ = writeln!(
                out,
                "| <a id=\"{id}\"></a>`{id}` | {} | {} |",
                r.severity().as_str(),
                r.details(),
                id = r.id()
            );
        }
    }
    out.push_str(
        "\n## Compatibility rules\n\n\
         `eventctl compat` reports these by name; inside `validate` they appear in brackets in \
         `compat-breaking`,\n`compat-unknown` and `breaking-change-in-place` findings. See \
         [compatibility.md](compatibility.md).\n\n| rule | what it finds |\n|---|---|\n",
    );
    for r in CompatRule::ALL {
        let _ = writeln!(
            out,
            "| <a id=\"{id}\"></a>`{id}` | {} |",
            r.purpose(),
            id = r.id()
        );
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_rule_is_in_every_form() {
        let (text, json, markdown) = (super::text(), super::json(), super::markdown());
        for r in crate::diag::Rule::ALL {
            let id = r.id();
            assert!(text.contains(id) && json.contains(id), "{id}");
            assert!(markdown.contains(&format!("`{id}` |")), "{id}");
        }
        for r in crate::diag::CompatRule::ALL {
            assert!(markdown.contains(&format!("`{}` |", r.id())));
        }
    }
}
