//! Walks over syntax trees that several stages need.

use super::{Context, Entries, Sp};

/// Calls `f` on every `schema_file` reference in `contexts`.
pub fn schema_files(contexts: &Entries<Context>, mut f: impl FnMut(&Sp<String>)) {
    for (_, context) in contexts.iter() {
        for (_, aggregate) in context.aggregates.iter() {
            for (_, command) in aggregate.commands.iter() {
                if let Some(s) = &command.schema_file {
                    f(s);
                }
            }
            for (_, event) in aggregate.events.iter() {
                for version in &event.versions {
                    if let Some(s) = &version.schema_file {
                        f(s);
                    }
                }
            }
        }
    }
}
