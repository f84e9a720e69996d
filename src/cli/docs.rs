//! `eventctl docs CATALOG -o DIR [--format markdown|html]`: writes the Markdown documentation
//! folder, or the HTML site. Each file is written atomically, inside DIR only, and never over a
//! file that eventctl did not write.

use super::catalog::{self, Need};
use super::output;
use super::{Done, Error, Result};
use eventctl::docs::{MARKER, pages, site};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The catalog file, or a folder holding catalog.yaml.
    catalog: PathBuf,
    /// The folder to write into (created when missing).
    #[arg(long, short)]
    out: PathBuf,
    /// Also overwrite files that eventctl did not write.
    #[arg(long)]
    force: bool,
    /// Markdown pages that render on GitHub, or a static HTML site that works offline.
    #[arg(long, value_enum, default_value_t = DocsFormat::Markdown)]
    format: DocsFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum DocsFormat {
    /// Markdown with Mermaid diagrams.
    Markdown,
    /// HTML pages, SVG diagrams and a search, from `file://` with no network.
    Html,
}

pub fn run(args: &Args) -> Result {
    let cat = catalog::load(&args.catalog, Need::Resolved, "documenting it")?;
    let (pages, marker) = match args.format {
        DocsFormat::Markdown => (pages(cat), MARKER),
        DocsFormat::Html => (site::site(cat), site::MARKER),
    };
    eventctl::fileset::write(&args.out, &pages, marker, args.force)
        .map_err(|e| Error(e.to_string()))?;
    output::stderr(
        &format!("wrote {} pages to {}\n", pages.len(), args.out.display()),
        output::Color::Auto,
    );
    Ok(Done::Clean)
}
