//! `bench --save-only FILE [--runs N]`: load FILE once, then render its text as a save does
//! (`workspace::pretty::write`, records on two threads) into a sink N times (5 by default),
//! and `serde_json::to_writer_pretty` of the same file beside it, turn about. Each prints its
//! best and median wall time and the process's CPU time over the run (both threads): on a busy
//! machine the CPU time moves less than the wall time. No disk, no fsync: only the rendering.

use std::io;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

pub const SAVE_ONLY: &str = "--save-only";

pub fn save_only(path: &Path, runs: usize) -> ExitCode {
    let Some(loaded) = super::load_or_say(path) else {
        return ExitCode::FAILURE;
    };
    let ws = &loaded.workspace;
    let mut ours = Vec::new();
    let mut serde = Vec::new();
    for _ in 0..runs.max(1) {
        ours.push(timed(|| {
            partnerdesk::workspace::pretty::write(&ws.to_file(), &mut io::sink())
        }));
        serde.push(timed(|| {
            serde_json::to_writer_pretty(io::sink(), &ws.to_file()).map_err(io::Error::from)
        }));
    }
    for (name, runs) in [("pretty::write", ours), ("to_writer_pretty", serde)] {
        match runs.into_iter().collect::<io::Result<Vec<_>>>() {
            Ok(runs) => report(name, runs),
            Err(err) => {
                eprintln!("{name}: {err}");
                return ExitCode::FAILURE;
            }
        }
    }
    std::mem::forget(loaded);
    ExitCode::SUCCESS
}

/// Wall time and this process's CPU time (all threads) of one run.
fn timed(run: impl FnOnce() -> io::Result<()>) -> io::Result<(Duration, Duration)> {
    let cpu = cpu_time();
    let started = Instant::now();
    run()?;
    Ok((started.elapsed(), cpu_time().saturating_sub(cpu)))
}

fn report(name: &str, mut runs: Vec<(Duration, Duration)>) {
    runs.sort();
    let mut cpu: Vec<Duration> = runs.iter().map(|run| run.1).collect();
    cpu.sort();
    let middle = runs.len() / 2;
    println!(
        "{name:>16}: wall best {:.3} s, median {:.3} s; cpu best {:.3} s, median {:.3} s ({} runs)",
        runs[0].0.as_secs_f64(),
        runs[middle].0.as_secs_f64(),
        cpu[0].as_secs_f64(),
        cpu[middle].as_secs_f64(),
        runs.len()
    );
}

fn cpu_time() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given; a zeroed rusage is a valid value.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let of = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    of(usage.ru_utime) + of(usage.ru_stime)
}
