//! Writing to stdout and stderr: colour per stream (anstream). A closed pipe is not an error;
//! a failed write to stdout is.

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

/// Writes text to stdout, stripping colour where it does not belong. A closed pipe (`| head`)
/// ends the output quietly; any other failure (a full disk, `/dev/full`) is an error.
pub fn stdout(text: &str, color: Color) -> super::Result<()> {
    let mut out = std::io::stdout().lock();
    let text = styled(text, color, &out);
    written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// The text as it should reach `stream`: colour stripped where it does not belong, in memory,
/// so that a long report is written in one call rather than piece by piece.
fn styled<'t, S: anstream::stream::RawStream>(
    text: &'t str,
    color: Color,
    stream: &S,
) -> std::borrow::Cow<'t, str> {
    let choice = match color {
        Color::Auto => anstream::AutoStream::choice(stream),
        other => other.choice(),
    };
    match choice {
        anstream::ColorChoice::Never => anstream::adapter::strip_str(text).to_string().into(),
        _ => text.into(),
    }
}

/// The outcome of one write of a stream to stdout: `false` when the reader has gone, so the
/// stream should end quietly; an error for any other failure.
pub fn open(result: std::io::Result<()>) -> super::Result<bool> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        other => written(other).map(|()| true),
    }
}

/// The outcome of writing to stdout: a closed pipe is not an error, anything else is.
pub fn written(result: std::io::Result<()>) -> super::Result<()> {
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(super::Error(format!(
            "cannot write to standard output: {e}"
        ))),
        _ => Ok(()),
    }
}

/// Writes a report to stderr, stripping colour where it does not belong; like [`stdout`], a
/// failed write is an error.
pub fn report(text: &str, color: Color) -> super::Result<()> {
    let mut out = std::io::stderr().lock();
    let text = styled(text, color, &out);
    let result = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    written(result).map_err(|_| super::Error("cannot write to standard error".into()))
}

/// Writes a message to stderr; a failure is ignored, as there is nowhere left to report it.
pub fn stderr(text: &str, color: Color) {
    let _ = report(text, color);
}
