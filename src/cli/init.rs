//! `eventctl init [DIR] [--example minimal|shop]`: writes a starter catalog that validates
//! clean. Never overwrites: if any of its files exists, nothing is written.

use super::output;
use super::{Done, Error, Result};
use eventctl::starter::{Example, files};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Which {
    /// One context, one aggregate, a saga with a compensation, a projection and scenarios, with
    /// comments that teach the format.
    Minimal,
    /// The example shop: four contexts, a choreography, versioned events and a projection.
    Shop,
}

#[derive(clap::Args)]
pub struct Args {
    /// The folder to write into (created when missing).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Which starter catalog.
    #[arg(long, value_enum, default_value_t = Which::Minimal)]
    example: Which,
}

pub fn run(args: &Args) -> Result {
    let files = files(match args.example {
        Which::Minimal => Example::Minimal,
        Which::Shop => Example::Shop,
    });
    for f in &files {
        let path =
            eventctl::fileset::resolve(&args.dir, &f.path).map_err(|e| Error(e.to_string()))?;
        if std::fs::symlink_metadata(&path).is_ok() {
            return Err(Error(format!(
                "`{}` exists; init never overwrites: choose an empty folder, e.g. `eventctl init my-catalog`",
                path.display()
            )));
        }
    }
    eventctl::fileset::write(&args.dir, &files, "", false).map_err(|e| Error(e.to_string()))?;
    let dir = args.dir.display();
    output::stderr(
        &format!(
            "wrote {} files to {dir}\nnext: eventctl validate {dir} && eventctl simulate {dir} --explore\n",
            files.len()
        ),
        output::Color::Auto,
    );
    Ok(Done::Clean)
}
