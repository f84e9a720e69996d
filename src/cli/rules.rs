//! `eventctl rules`: every rule with its id, default severity, stage and purpose, then the
//! compatibility engine's rules.

use super::output::{self, Color};
use eventctl::check::registry::RULES;
use eventctl::compat::COMPAT_RULES;

#[derive(clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> u8 {
    if args.json {
        let doc = serde_json::json!({ "rules": RULES, "compatibility_rules": COMPAT_RULES });
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        output::stdout(&format!("{text}\n"), Color::Never);
        return super::OK;
    }
    let width = RULES
        .iter()
        .map(|r| r.id.len())
        .chain(COMPAT_RULES.iter().map(|r| r.id.len()))
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for r in RULES {
        text.push_str(&format!(
            "{:width$}  {:7}  {}\n",
            r.id,
            r.severity.as_str(),
            r.purpose
        ));
    }
    text.push_str("\ncompatibility rules (eventctl compat; inside compat-breaking and compat-unknown findings):\n");
    for r in COMPAT_RULES {
        text.push_str(&format!("{:width$}  {}\n", r.id, r.purpose));
    }
    output::stdout(&text, Color::Never);
    super::OK
}
