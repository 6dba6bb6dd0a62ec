//! `bench --review-beside-check FILE [--runs N]`: the issue's question, "does `review` of a
//! workspace take more than `check` of the same file?", asked of whole commands. Each command
//! runs in a child process (this bench, running `partnerdesk::cli::run` as the binary does, its
//! standard output thrown away), the commands turn about for N rounds so a busy machine weighs
//! on each alike; each gets its best and median wall time, its median CPU (user + system) and
//! its peak RSS.

use std::path::Path;
use std::process::{ExitCode, Stdio};
use std::time::{Duration, Instant};

use super::{cpu_ticks, human, human_bytes, vm_hwm_bytes};

pub const REVIEW_BESIDE_CHECK: &str = "--review-beside-check";
/// `bench --list-beside-check FILE [--runs N]`: `list` of the large kinds (a table, and JSON)
/// and `export` of every relationship beside `check` of the same file, which loads it as they
/// do.
pub const LIST_BESIDE_CHECK: &str = "--list-beside-check";
/// Hidden mode: `bench --command-child ARGS…` runs `partnerdesk ARGS…` in this process, then
/// prints its CPU ticks and peak RSS on standard error.
pub const COMMAND_CHILD: &str = "--command-child";

/// The commands compared, after the file's path is put in.
pub const REVIEW_COMMANDS: &[&[&str]] = &[
    &["check"],
    &["review"],
    &["review", "--json"],
    &["review", "--severity", "high"],
];

/// `list`'s and `export`'s commands compared with `check`.
pub const LIST_COMMANDS: &[&[&str]] = &[
    &["check"],
    &["list", "customers"],
    &["list", "customers", "--json"],
    &["list", "relationships"],
    &["list", "relationships", "--json"],
    &["list", "subscriptions", "--wide"],
    &["export", "relationships"],
    &["export", "relationships", "--json"],
    &["export", "mapping"],
];

pub fn command_child(args: &[String]) -> ExitCode {
    let mut argv = vec![std::ffi::OsString::from("partnerdesk")];
    argv.extend(args.iter().map(Into::into));
    let cli = match partnerdesk::cli::parse_from(&argv, None) {
        Ok(cli) => cli,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    // `check` and `review` exit 1 when they find something: that is an answer, not a failure.
    let _ = partnerdesk::cli::run(cli);
    let (user, system) = cpu_ticks();
    eprintln!("figures: {} {}", user + system, vm_hwm_bytes().unwrap_or(0));
    ExitCode::SUCCESS
}

struct Run {
    wall: Duration,
    cpu: Duration,
    peak: u64,
}

fn child(args: &[&str]) -> Result<Run, String> {
    let exe = std::env::current_exe().map_err(|err| err.to_string())?;
    let started = Instant::now();
    let output = std::process::Command::new(exe)
        .arg(COMMAND_CHILD)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|err| err.to_string())?;
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let figures = stderr
        .lines()
        .find_map(|l| l.strip_prefix("figures: "))
        .ok_or_else(|| format!("`partnerdesk {}` failed: {stderr}", args.join(" ")))?;
    let mut parts = figures.split_whitespace();
    let ticks: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let peak: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok(Run {
        wall,
        cpu: Duration::from_millis(ticks * 10),
        peak,
    })
}

/// Runs each of `commands` on `path` in turn, `runs` rounds, and prints their table.
pub fn beside_check(path: &Path, runs: usize, commands: &[&[&str]]) -> ExitCode {
    let file = path.display().to_string();
    let commands: Vec<Vec<&str>> = commands
        .iter()
        .map(|command| {
            let mut args = vec![command[0], file.as_str()];
            args.extend_from_slice(&command[1..]);
            args
        })
        .collect();
    let mut runs_of: Vec<Vec<Run>> = commands.iter().map(|_| Vec::new()).collect();
    for _ in 0..runs.max(1) {
        for (command, done) in commands.iter().zip(&mut runs_of) {
            match child(command) {
                Ok(run) => done.push(run),
                Err(message) => {
                    eprintln!("bench: {message}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    println!("| command | wall best / median | CPU (median run) | peak RSS |");
    println!("|---|---:|---:|---:|");
    for (command, mut done) in commands.iter().zip(runs_of) {
        done.sort_by_key(|run| run.wall);
        let median = &done[done.len() / 2];
        let peak = done.iter().map(|run| run.peak).max().unwrap_or(0);
        let shown = command.join(" ").replace(&file, "FILE");
        println!(
            "| `{shown}` | {} / {} | {} | {} |",
            human(done[0].wall),
            human(median.wall),
            human(median.cpu),
            human_bytes(peak)
        );
    }
    ExitCode::SUCCESS
}
