//! `eventctl docs CATALOG -o DIR`: writes the Markdown documentation folder. Each page is
//! written atomically, inside DIR only, and never over a file that eventctl did not write.

use super::catalog::{self, Need};
use super::output;
use super::{Done, Error, Result};
use eventctl::docs::{MARKER, pages};
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
}

pub fn run(args: &Args) -> Result {
    let cat = catalog::load(&args.catalog, Need::Resolved, "documenting it")?;
    let pages = pages(cat);
    eventctl::fileset::write(&args.out, &pages, MARKER, args.force)
        .map_err(|e| Error(e.to_string()))?;
    output::stderr(
        &format!("wrote {} pages to {}\n", pages.len(), args.out.display()),
        output::Color::Auto,
    );
    Ok(Done::Clean)
}
