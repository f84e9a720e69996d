//! The help of a failing version step: each names fixes that pass as written, and the witness
//! the compatibility engine found, so the reader sees the payload that breaks.

use crate::compat::{CompatRule, Direction, Effect, Finding};
use serde_json::Value;

/// Help for finding `f` between versions `old` and `new`.
pub(super) fn step_help(f: &Finding, old: u64, new: u64) -> String {
    let can = if f.effect == Effect::Breaking {
        "cannot"
    } else {
        "may not"
    };
    let example = f
        .witness
        .as_ref()
        .map(|w| format!(" (for example {})", short(w)))
        .unwrap_or_default();
    match f.direction {
        Direction::Forward => format!(
            "v{old} readers {can} read every v{new} event{example}: keep v{new} within what v{old} accepts, or declare `compatibility: backward` on v{new} once no v{old} reader remains"
        ),
        Direction::Backward => {
            let reader = format!("v{new} {can} read every stored v{old} event{example}");
            let field = field(&f.new_pointer).or_else(|| field(&f.old_pointer));
            match (f.rule, field) {
                (CompatRule::PropertyAddedToOpenModel, Some(field)) => format!(
                    "{reader}: v{old} is open, so a stored event may already hold `{field}` with any value. Either close v{old} (`additionalProperties: false`) if it never held other fields, or set `defaults.profile: lenient` to trust that it did not, or give v{new} an upcast that replaces what it may hold: `- remove: [{field}]` then `- add: {{{field}: <default>}}`"
                ),
                (
                    CompatRule::RequiredPropertyAdded
                    | CompatRule::RequiredPropertyAddedWithDefault,
                    _,
                ) => format!(
                    "{reader}: give v{new} an upcast that adds the field to stored events (`- add: {{field: <default>}}`), or keep it optional"
                ),
                _ => format!(
                    "{reader}: keep what v{old} accepted here, or give v{new} an upcast that turns every stored v{old} value into a v{new} one (`- set: {{field: <expression>}}`); the proof runs it on this example too"
                ),
            }
        }
    }
}

/// The property a schema pointer ends at, if it names one.
fn field(pointer: &str) -> Option<String> {
    let mut parts = pointer.rsplit('/');
    let name = parts.next()?;
    (parts.next()? == "properties").then(|| name.replace("~1", "/").replace("~0", "~"))
}

/// A value on one line, cut at 160 characters.
pub(super) fn short(v: &Value) -> String {
    let text = v.to_string();
    if text.chars().count() > 160 {
        format!("{}…", text.chars().take(160).collect::<String>())
    } else {
        text
    }
}
