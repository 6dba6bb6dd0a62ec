//! Reading the command line: the grammar of `args.rs` with the grouped top-level help, and
//! PARTNERDESK_FILE standing for the workspace FILE the command line leaves out.
//!
//! clap fills positionals in order, so with the variable set `list relationships` would read
//! "relationships" as FILE and then miss KIND. The rule, predictable and shown in the help: the
//! command line is parsed as given (clap itself takes FILE from the variable when no positional
//! is given at all); when that fails only because a required argument is missing, and the
//! subcommand's first positional is a FILE the variable may stand for, the variable's value is
//! put in as that first positional and the line parsed again. A FILE given on the command line
//! therefore always wins.

use std::ffi::{OsStr, OsString};

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches};

use super::args::{Cli, FILE_ENV};

/// The whole grammar as clap sees it, the top-level help grouped.
pub fn command() -> clap::Command {
    super::help_groups::with_grouped_help(Cli::command())
}

/// The process's command line, parsed; on a usage error (or `--help`), clap prints and exits.
pub fn parse_args() -> Cli {
    let args: Vec<OsString> = std::env::args_os().collect();
    parse_from(&args, env_file().as_deref()).unwrap_or_else(|err| err.exit())
}

/// PARTNERDESK_FILE's value, when set and not empty.
pub fn env_file() -> Option<OsString> {
    std::env::var_os(FILE_ENV).filter(|value| !value.is_empty())
}

/// `args` (program name first) parsed, with `env_file` standing for a FILE left out.
pub fn parse_from(args: &[OsString], env_file: Option<&OsStr>) -> Result<Cli, clap::Error> {
    match parse_exactly(args) {
        Err(err) if err.kind() == ErrorKind::MissingRequiredArgument => {
            match env_file.and_then(|file| with_file_inserted(args, file)) {
                Some(retried) => parse_exactly(&retried),
                None => Err(err),
            }
        }
        parsed => parsed,
    }
}

fn parse_exactly(args: &[OsString]) -> Result<Cli, clap::Error> {
    let mut cmd = command();
    let matches = cmd.try_get_matches_from_mut(args)?;
    Cli::from_arg_matches(&matches).map_err(|err| err.format(&mut cmd))
}

/// `args` with `file` put in right after the subcommand's name, when that subcommand's first
/// positional is a FILE that PARTNERDESK_FILE may stand for. The subcommand is the first word
/// that is not an option (the top level's options take no values).
fn with_file_inserted(args: &[OsString], file: &OsStr) -> Option<Vec<OsString>> {
    let (position, name) = args
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, arg)| !arg.to_string_lossy().starts_with('-'))?;
    let cmd = command();
    let sub = cmd.find_subcommand(name)?;
    let first_positional = sub.get_positionals().next()?;
    if first_positional.get_env() != Some(OsStr::new(FILE_ENV)) {
        return None;
    }
    let mut retried = args.to_vec();
    retried.insert(position + 1, file.to_os_string());
    Some(retried)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<OsString> {
        std::iter::once("partnerdesk")
            .chain(line.split_whitespace())
            .map(OsString::from)
            .collect()
    }

    fn file_of(cli: Cli) -> std::path::PathBuf {
        match cli.command {
            Some(super::super::Command::List { file, .. })
            | Some(super::super::Command::Show { file, .. }) => file,
            Some(super::super::Command::Accept { change, .. }) => change.file,
            other => panic!("unexpected command {other:?}"),
        }
    }

    #[test]
    fn the_env_file_fills_in_for_a_left_out_file_before_the_other_positionals() {
        let env = Some(OsStr::new("env.json"));
        for line in [
            "list relationships",
            "show rel-1121 --json",
            "accept inv-1116 --as customer:coho-winery",
        ] {
            let cli = parse_from(&args(line), env).unwrap();
            assert_eq!(file_of(cli), std::path::PathBuf::from("env.json"), "{line}");
        }
    }

    #[test]
    fn a_file_on_the_command_line_wins_over_the_env_file() {
        let env = Some(OsStr::new("env.json"));
        let cli = parse_from(&args("list mine.json relationships"), env).unwrap();
        assert_eq!(file_of(cli), std::path::PathBuf::from("mine.json"));
    }

    #[test]
    fn without_the_env_file_a_left_out_file_is_a_usage_error() {
        let err = parse_from(&args("list relationships"), None).err().unwrap();
        assert_eq!(err.kind(), ErrorKind::MissingRequiredArgument);
    }

    #[test]
    fn a_command_without_a_workspace_file_is_never_given_one() {
        let env = Some(OsStr::new("env.json"));
        let err = parse_from(&args("demo"), env).err().unwrap();
        assert_eq!(err.kind(), ErrorKind::MissingRequiredArgument);
    }
}
