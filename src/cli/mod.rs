//! The command line: every action the TUI offers is also a subcommand, so scripts, tests and
//! benchmarks reach the same core. Exit codes: 0 done, 1 refused by a rule or findings, 2 usage,
//! I/O or format error.

#[macro_use]
pub mod sink;
mod args;
mod completions;
mod conflicts;
mod diff;
mod exercise;
mod export_out;
pub(crate) mod files;
mod generate;
mod git_setup;
mod help_groups;
mod inspect;
pub(crate) mod interop;
mod invite;
mod json_stream;
mod list;
mod long_table;
mod man_page;
mod merge;
mod mutate;
mod offboard;
mod open;
pub mod outcome;
mod output;
mod parse;
mod paths;
mod progress;
mod recover;
mod renewal_chart;
mod resolve;
mod review;

use std::process::ExitCode;

pub use args::{Cli, Command, FILE_ENV};
pub use help_groups::{GROUPS, OTHER as OTHER_GROUP, groups};
use outcome::{Failure, Outcome};
pub use parse::{command, parse_args, parse_from};

/// Runs a parsed command line and turns the outcome into an exit code, errors on stderr.
pub fn run(cli: Cli) -> ExitCode {
    sink::set_quiet(cli.quiet);
    let result = match cli.command {
        Some(command) => dispatch(command),
        None => match parse::env_file() {
            Some(file) => open::open_file(std::path::Path::new(&file), false),
            None => open::open_default(),
        },
    };
    // What was printed is flushed before any error is said, so the two keep their order on a
    // terminal. A reader that went away is not an error: the command did what it did (a change
    // it saved stays saved, exit 0). A failed write (a full disk) is, exit 2.
    let result = match sink::finish() {
        sink::Finished::Written | sink::Finished::ReaderGone => result,
        sink::Finished::Failed(err) => {
            let failure = Failure::usage(format!("cannot write to standard output: {err}"));
            Err(match result {
                Ok(()) => failure
                    .with_detail("the command itself succeeded: anything it changed is saved"),
                Err(first) => failure.with_detail(format!("and before that: {}", first.headline)),
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // An empty headline is an exit status with nothing to say (`diff --exit-code`).
        Err(failure) if failure.headline.is_empty() => ExitCode::from(failure.code),
        Err(failure) => {
            sink::error(&format!("error: {}", failure.headline));
            for detail in &failure.details {
                sink::error(&format!("  {detail}"));
            }
            ExitCode::from(failure.code)
        }
    }
}

/// `--wide` shows cells whole; tables are capped otherwise.
fn fit(wide: bool) -> output::Fit {
    if wide {
        output::Fit::Whole
    } else {
        output::Fit::Capped
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
        Command::Templates { json } => review::templates(json),
        Command::Review {
            file,
            json,
            severity,
            fail_on,
            now,
            max_privileged_partners,
            replacement_template,
            fix,
            fix_all,
            actor,
            since,
        } => review::run(review::ReviewArgs {
            file,
            json,
            severity,
            fail_on,
            now,
            max_privileged_partners,
            replacement_template,
            fix,
            fix_all,
            actor,
            since,
        }),
        Command::Gen {
            customers,
            partners,
            seed,
            now,
            output,
        } => generate::run(customers, partners, seed, now.as_deref(), &output),
        Command::Diff {
            files,
            git,
            textconv,
            json,
            exit_code,
        } => diff::diff(&files, git, textconv, json, exit_code),
        Command::Merge {
            base,
            ours,
            theirs,
            output,
            json,
        } => merge::merge(&base, &ours, &theirs, output.as_ref(), json),
        Command::GitSetup { files } => git_setup::git_setup(&files),
        Command::Conflicts { file, json } => conflicts::conflicts(&file, json),
        Command::Resolve {
            file,
            ours: _,
            theirs,
            ids,
            actor,
            now,
        } => conflicts::resolve(
            &file,
            conflicts::Answer {
                side: conflicts::side(theirs),
                ids,
                actor,
                now,
            },
        ),
        Command::History { file, json, wide } => inspect::history(&file, json, fit(wide)),
        Command::List {
            file,
            kind,
            filter,
            json,
            wide,
            now,
        } => list::list(
            &file,
            kind,
            filter.as_deref(),
            json,
            fit(wide),
            now.as_deref(),
        ),
        Command::Show {
            file,
            id,
            json,
            now,
        } => list::show(&file, &id, json, now.as_deref()),
        Command::Import(args) => interop::import(args),
        Command::Export(args) => interop::export(args),
        Command::Emit(args) => interop::emit(args),
        Command::Offboard {
            file,
            partner,
            customer,
            actor,
            now,
            dry_run,
            json,
        } => offboard::run(offboard::OffboardArgs {
            file,
            partner,
            customer,
            actor,
            now,
            dry_run,
            json,
        }),
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
