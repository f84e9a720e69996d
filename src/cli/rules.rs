//! `eventctl rules`: every rule with its id, default severity and purpose, then the
//! compatibility engine's rules; as a table, JSON, or the Markdown of `docs/rules.md`.

use super::output::{self, Color};
use eventctl::report::rules;

#[derive(clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// Print the Markdown page `docs/rules.md`.
    #[arg(long)]
    markdown: bool,
}

pub fn run(args: &Args) -> super::Result {
    let text = if args.json {
        rules::json()
    } else if args.markdown {
        rules::markdown()
    } else {
        rules::text()
    };
    output::stdout(&text, Color::Never)?;
    Ok(super::Done::Clean)
}
