//! The command line: every action the TUI offers is also a subcommand, so scripts, tests and
//! benchmarks reach the same core. Exit codes: 0 done, 1 refused by a rule or findings, 2 usage,
//! I/O or format error.

mod args;
mod completions;
mod exercise;
mod files;
mod generate;
mod help_groups;
mod inspect;
mod interop;
mod invite;
mod list;
mod man_page;
mod mutate;
mod open;
pub mod outcome;
mod output;
mod parse;
mod paths;
mod recover;
mod resolve;
mod stdout;

use std::process::ExitCode;

pub use args::{Cli, Command, FILE_ENV};
pub use help_groups::{GROUPS, OTHER as OTHER_GROUP, groups};
use outcome::Outcome;
pub use parse::{command, parse_args, parse_from};

/// Runs a parsed command line and turns the outcome into an exit code, errors on stderr.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Some(command) => dispatch(command),
        None => match parse::env_file() {
            Some(file) => open::open_file(std::path::Path::new(&file), false),
            None => open::open_default(),
        },
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
        Command::Demo { write, force } => inspect::write_demo(&write, force),
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
        } => list::list(&file, kind, filter.as_deref(), json),
        Command::Show { file, id, json } => list::show(&file, &id, json),
        Command::Import(args) => interop::import(args),
        Command::Export(args) => interop::export(args),
        Command::Emit(args) => interop::emit(args),
        Command::Recover { file, json } => recover::recover(&file, json),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man { output } => man_page::man(output.as_deref()),
        Command::Paths { json } => paths::paths(json),
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
