//! The command line: every action the TUI offers is also a subcommand, so scripts, tests and
//! benchmarks reach the same core. Exit codes: 0 done, 1 refused by a rule or findings, 2 usage,
//! I/O or format error.

mod args;
mod exercise;
mod files;
mod generate;
mod inspect;
mod interop;
mod invite;
mod list;
mod mutate;
mod open;
pub mod outcome;
mod output;
mod recover;
mod resolve;

use std::process::ExitCode;

pub use args::{Cli, Command};
use outcome::Outcome;

/// Runs a parsed command line and turns the outcome into an exit code, errors on stderr.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Some(command) => dispatch(command),
        None => open::open_default(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {}", crate::display::inert(&failure.headline));
            for detail in &failure.details {
                eprintln!("  {}", crate::display::inert(detail));
            }
            ExitCode::from(failure.code)
        }
    }
}

fn dispatch(command: Command) -> Outcome {
    match command {
        Command::Open { file, read_only } => open::open_file(&file, read_only),
        Command::Demo { output, force, now } => inspect::write_demo(&output, force, now.as_deref()),
        Command::Check { file, json } => inspect::check(&file, json),
        Command::Rules { json } => inspect::rules(json),
        Command::Roles { filter, json } => inspect::roles(filter.as_deref(), json),
        Command::Schema => inspect::schema(),
        Command::Gen {
            customers,
            partners,
            seed,
            now,
            output,
        } => generate::run(customers, partners, seed, now.as_deref(), &output),
        Command::History { file, json } => inspect::history(&file, json),
        Command::List {
            file,
            kind,
            filter,
            json,
            now,
        } => list::list(&file, kind, filter.as_deref(), json, now.as_deref()),
        Command::Show {
            file,
            id,
            json,
            now,
        } => list::show(&file, &id, json, now.as_deref()),
        Command::Import(args) => interop::import(args),
        Command::Export(args) => interop::export(args),
        Command::Emit(args) => interop::emit(args),
        Command::Recover { file, json } => recover::recover(&file, json),
        Command::Session {
            file,
            actor,
            now,
            churn,
            save,
            hold,
            actions,
        } => exercise::session(&file, &actor, now.as_deref(), churn, save, hold, &actions),
        other => mutate::run(other),
    }
}
