//! The `eventctl` binary: parses arguments, runs a subcommand, maps the result to an exit code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
