//! Diagnostics: a rule, a severity, a message, labelled spans and an optional help line; and
//! the rules themselves as types (`rule.rs` for the catalog, `compat_rule.rs` for the
//! compatibility engine).

mod compat_rule;
mod rule;

pub use compat_rule::CompatRule;
pub use rule::{Rule, Section, Stage};

use crate::source::Span;
use serde::Serialize;

/// The rule of a finding: a catalog rule, or a compatibility rule (the findings of
/// `eventctl compat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A rule of `validate`.
    Catalog(Rule),
    /// A rule of the compatibility engine.
    Compat(CompatRule),
}

impl Code {
    /// The stable kebab-case id.
    pub const fn id(self) -> &'static str {
        match self {
            Code::Catalog(r) => r.id(),
            Code::Compat(r) => r.id(),
        }
    }

    /// The severity unless overridden; a compatibility finding is an error until its caller
    /// weighs it.
    pub const fn severity(self) -> Severity {
        match self {
            Code::Catalog(r) => r.severity(),
            Code::Compat(_) => Severity::Error,
        }
    }

    /// The catalog rule, if it is one.
    pub const fn rule(self) -> Option<Rule> {
        match self {
            Code::Catalog(r) => Some(r),
            Code::Compat(_) => None,
        }
    }
}

impl From<Rule> for Code {
    fn from(r: Rule) -> Self {
        Code::Catalog(r)
    }
}

impl From<CompatRule> for Code {
    fn from(r: CompatRule) -> Self {
        Code::Compat(r)
    }
}

impl PartialEq<Rule> for Code {
    fn eq(&self, other: &Rule) -> bool {
        *self == Code::Catalog(*other)
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.id() == *other
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Not reported.
    Allow,
    /// Reported; does not fail the run.
    Warning,
    /// Reported; fails the run.
    Error,
}

impl Severity {
    /// The word used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Allow => "allow",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A place in a file with a short note on its role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What it is ("previous version declared here"); may be empty.
    pub message: String,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that found it.
    pub rule: Code,
    /// Severity after overrides.
    pub severity: Severity,
    /// Lowercase message with names in backticks.
    pub message: String,
    /// The main place, when the finding has one.
    pub primary: Option<Label>,
    /// Other places involved.
    pub secondary: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A finding of `rule` at its default severity.
    pub fn new(rule: impl Into<Code>, message: impl Into<String>) -> Self {
        let rule = rule.into();
        Self {
            rule,
            severity: rule.severity(),
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    /// Sets the primary place.
    #[must_use]
    pub fn at(mut self, span: Span, message: impl Into<String>) -> Self {
        self.primary = Some(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a secondary place.
    #[must_use]
    pub fn with(mut self, span: Span, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the help line.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Orders findings by file, position, then rule, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| d.primary.as_ref().map(|l| (l.span.file, l.span.start));
        key(a)
            .cmp(&key(b))
            .then_with(|| a.rule.id().cmp(b.rule.id()))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// The closest candidate to `word`, if one is close enough to suggest.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("nmae", ["name", "schema"]), Some("name"));
        assert_eq!(did_you_mean("zzz", ["name", "schema"]), None);
    }
}
