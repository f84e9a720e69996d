//! `eventctl schema`: the JSON Schema (draft-07) of the catalog format.

use super::output::{self, Color};

pub fn run() -> super::Result {
    let text = eventctl::syntax::format_schema();
    output::stdout(&text, Color::Never)?;
    Ok(super::Done::Clean)
}
