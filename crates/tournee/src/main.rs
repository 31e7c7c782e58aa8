//! The `tournee` command. See `tournee --help`.

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    cli::run()
}
