//! Writing to stdout and stderr: colour per stream (anstream), a closed pipe is not an error.

use std::io::Write;

/// When to colour human output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Color {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Color {
    fn choice(self) -> anstream::ColorChoice {
        match self {
            Color::Auto => anstream::ColorChoice::Auto,
            Color::Always => anstream::ColorChoice::Always,
            Color::Never => anstream::ColorChoice::Never,
        }
    }
}

/// Writes text to stdout, stripping colour where it does not belong.
pub fn stdout(text: &str, color: Color) {
    let mut out = anstream::AutoStream::new(std::io::stdout().lock(), color.choice());
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// Writes text to stderr, stripping colour where it does not belong.
pub fn stderr(text: &str, color: Color) {
    let mut out = anstream::AutoStream::new(std::io::stderr().lock(), color.choice());
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
