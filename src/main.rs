//! The `partnerdesk` binary: parse the command line and hand over to the CLI.

use clap::Parser;

fn main() -> std::process::ExitCode {
    partnerdesk::cli::run(partnerdesk::cli::Cli::parse())
}
