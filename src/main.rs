//! The `eventctl` binary: parses arguments, runs a subcommand, maps the result to an exit code.

mod cli;

/// mimalloc: the site and `validate` make many small strings on several threads at once, where
/// the system allocator costs them a fifth of their time (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
