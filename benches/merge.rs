//! `cargo bench --bench merge -- [--sizes 100000,1000000] [--changes 1000] [--dir DIR]`: the
//! team merge at scale. For each size it generates a workspace (`partnerdesk::synth`, seed 1),
//! makes two branches of it that each change `--changes` subscriptions (suspended by their
//! partner of record: ours on even positions, theirs on odd ones), writes the three files, then
//! times, each as a whole process: `partnerdesk check BASE` (one load) and `partnerdesk merge BASE
//! OURS THEIRS -o OUT` (three loads, the merge, the check of the result, the write), best of
//! `--runs`. The target: the merge within 4× one load. Nothing here runs under `cargo test`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use partnerdesk::domain::{Action, Actor, Time, apply};
use partnerdesk::store::{load_file, to_json};
use partnerdesk::synth::{Spec, generate};
use partnerdesk::workspace::Workspace;

struct Options {
    sizes: Vec<usize>,
    changes: usize,
    runs: usize,
    dir: PathBuf,
}

fn main() -> ExitCode {
    match options().and_then(|o| run(&o)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench merge: {message}");
            ExitCode::FAILURE
        }
    }
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        sizes: vec![100_000, 1_000_000],
        changes: 1000,
        runs: 3,
        dir: std::env::temp_dir().join("partnerdesk-bench"),
    };
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--sizes" => {
                options.sizes = value()?
                    .split(',')
                    .map(|s| s.trim().replace('_', "").parse::<usize>())
                    .collect::<Result<_, _>>()
                    .map_err(|err| format!("--sizes: {err}"))?
            }
            "--changes" => {
                options.changes = value()?.parse().map_err(|e| format!("--changes: {e}"))?
            }
            "--runs" => {
                options.runs = value()?
                    .parse::<usize>()
                    .map_err(|e| format!("--runs: {e}"))?
                    .max(1)
            }
            "--dir" => options.dir = value()?.into(),
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(options)
}

fn run(options: &Options) -> Result<(), String> {
    std::fs::create_dir_all(&options.dir).map_err(|e| e.to_string())?;
    let now = Time::parse("2026-11-24T09:00:00Z")?;
    println!("| customers | file | changes per side | load (check) | merge | merge/load |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for &customers in &options.sizes {
        let base = options.dir.join(format!("merge-base-{customers}.json"));
        let ours = options.dir.join(format!("merge-ours-{customers}.json"));
        let theirs = options.dir.join(format!("merge-theirs-{customers}.json"));
        let out = options.dir.join(format!("merge-out-{customers}.json"));
        let spec = Spec {
            customers,
            partners: Spec::default_partners(customers),
            seed: 1,
            now,
        };
        write(
            &base,
            &serde_json::to_vec(&generate(&spec)).map_err(|e| e.to_string())?,
        )?;
        let loaded = load_file(&base).map_err(|e| e.to_string())?;
        let later = now.plus_seconds(3600);
        write(
            &ours,
            &to_json(&branch(&loaded.workspace, options.changes, 0, later)),
        )?;
        write(
            &theirs,
            &to_json(&branch(
                &loaded.workspace,
                options.changes,
                1,
                later.plus_seconds(60),
            )),
        )?;
        std::mem::forget(loaded);
        let size = std::fs::metadata(&base).map_err(|e| e.to_string())?.len();
        let load = best(options.runs, &["check", path(&base)])?;
        let merge = best(
            options.runs,
            &[
                "merge",
                path(&base),
                path(&ours),
                path(&theirs),
                "-o",
                path(&out),
                "-q",
            ],
        )?;
        println!(
            "| {customers} | {:.0} MB | {} | {:.2} s | {:.2} s | {:.1}× |",
            size as f64 / 1e6,
            options.changes,
            load.as_secs_f64(),
            merge.as_secs_f64(),
            merge.as_secs_f64() / load.as_secs_f64()
        );
    }
    Ok(())
}

/// `ws` with up to `changes` subscriptions suspended by their partner of record: every second
/// one from `offset`, so two branches with offsets 0 and 1 touch disjoint records.
fn branch(ws: &Workspace, changes: usize, offset: usize, at: Time) -> Workspace {
    let picked: Vec<(Actor, Action)> = ws
        .subscriptions()
        .skip(offset)
        .step_by(2)
        .take(changes)
        .map(|s| {
            (
                Actor::Partner(s.partner_of_record.clone()),
                Action::SuspendSubscription {
                    subscription_id: s.id.clone(),
                },
            )
        })
        .collect();
    let mut ws = ws.clone();
    for (step, (actor, action)) in picked.iter().enumerate() {
        if let Ok(done) = apply(&ws, actor, action, at.plus_seconds(step as i64)) {
            ws = done.workspace;
        }
    }
    ws
}

fn best(runs: usize, args: &[&str]) -> Result<Duration, String> {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
            .args(args)
            .stdout(std::process::Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        let took = started.elapsed();
        // check exits 1 on findings, merge 1 on conflicts: both still did the whole work.
        if status.code().is_none_or(|c| c > 1) {
            return Err(format!("partnerdesk {args:?} failed: {status}"));
        }
        best = best.min(took);
    }
    Ok(best)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap_or_default()
}
