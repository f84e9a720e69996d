//! `eventctl rules`: every rule with its id, default severity, stage and purpose.

use super::output::{self, Color};
use eventctl::check::registry::RULES;

#[derive(clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> u8 {
    if args.json {
        let text = serde_json::to_string_pretty(RULES).unwrap_or_default();
        output::stdout(&format!("{text}\n"), Color::Never);
        return super::OK;
    }
    let width = RULES.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut text = String::new();
    for r in RULES {
        text.push_str(&format!(
            "{:width$}  {:7}  {}\n",
            r.id,
            r.severity.as_str(),
            r.purpose
        ));
    }
    output::stdout(&text, Color::Never);
    super::OK
}
