//! Severity overrides from the catalog's `rules:` and the command line, applied in one pass.

use crate::diag::{Diagnostic, Rule, Severity};
use crate::model::{Catalog, RuleLevel};

/// Overrides given on the command line.
#[derive(Clone, Debug, Default)]
pub struct CliOverrides {
    /// Rules raised to errors.
    pub deny: Vec<String>,
    /// Rules set to warnings.
    pub warn: Vec<String>,
    /// Rules silenced.
    pub allow: Vec<String>,
    /// Every warning becomes an error.
    pub deny_warnings: bool,
}

impl CliOverrides {
    /// Rule ids given that no rule has.
    pub fn unknown_ids(&self) -> Vec<&str> {
        self.deny
            .iter()
            .chain(&self.warn)
            .chain(&self.allow)
            .map(String::as_str)
            .filter(|id| Rule::from_id(id).is_none())
            .collect()
    }
}

fn level_severity(level: RuleLevel) -> Severity {
    match level {
        RuleLevel::Allow => Severity::Allow,
        RuleLevel::Warn => Severity::Warning,
        RuleLevel::Deny => Severity::Error,
    }
}

/// Reports `rules:` entries naming no rule, or a load rule (which cannot be lowered).
pub fn check_catalog_rules(cat: &Catalog) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, _) in &cat.rule_overrides {
        match Rule::from_id(&name.text) {
            None => {
                let mut d = Diagnostic::new(
                    Rule::UnknownRule,
                    format!("no rule is named `{}`", name.text),
                )
                .at(name.span, "in `rules:`");
                d.help = crate::diag::did_you_mean(&name.text, Rule::ALL.iter().map(|r| r.id()))
                    .map(|s| format!("did you mean `{s}`? `eventctl rules` lists every rule"))
                    .or_else(|| Some("`eventctl rules` lists every rule".into()));
                out.push(d);
            }
            Some(rule) if !rule.can_be_overridden() => out.push(
                Diagnostic::new(
                    Rule::UnknownRule,
                    format!("rule `{}` cannot be overridden", name.text),
                )
                .at(name.span, "in `rules:`")
                .help("a file that cannot be read is always an error"),
            ),
            Some(_) => {}
        }
    }
    out
}

/// Applies catalog overrides, then command-line ones, then `--deny-warnings`; drops allowed findings.
pub fn apply(diags: &mut Vec<Diagnostic>, cat: Option<&Catalog>, cli: &CliOverrides) {
    for d in diags.iter_mut() {
        if d.rule.rule().is_none_or(|r| !r.can_be_overridden()) {
            continue;
        }
        if let Some(cat) = cat
            && let Some((_, level)) = cat
                .rule_overrides
                .iter()
                .rev()
                .find(|(n, _)| d.rule == n.text.as_str())
        {
            d.severity = level_severity(*level);
        }
        if cli.allow.iter().any(|r| d.rule == r.as_str()) {
            d.severity = Severity::Allow;
        }
        if cli.warn.iter().any(|r| d.rule == r.as_str()) {
            d.severity = Severity::Warning;
        }
        if cli.deny.iter().any(|r| d.rule == r.as_str()) {
            d.severity = Severity::Error;
        }
        if cli.deny_warnings && d.severity == Severity::Warning {
            d.severity = Severity::Error;
        }
    }
    diags.retain(|d| d.severity != Severity::Allow);
}
