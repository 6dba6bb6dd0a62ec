//! `bench`: how partnerdesk holds up as workspaces grow, measured against floors on the same file in
//! the same run (never a timed test). For each size it generates a synthetic workspace, then prints
//! one table row: file size, load time (read + parse + indexes + check) beside the serde_json scan
//! floor (parsing into `IgnoredAny`), peak memory of a process that only loads the file, filter
//! keystroke percentiles (until the screen is final, and until the count is) and frame
//! percentiles of the terminal app at 120x40, the p50 of one applied action
//! (undo kept), save time beside the serialize floor, and `review` (every finding) beside `check`
//! on the loaded workspace.
//!
//! ```sh
//! cargo bench --bench bench -- [--sizes 10000,100000,1000000] [--dir DIR] [--runs N] [--phases]
//! ```
//!
//! A bench target without libtest's harness (so `cargo install` leaves it out and `cargo test`
//! does not build it); `cargo bench` adds libtest's `--bench` flag, which is ignored.
//!
//! `--import` prints the import row instead: generated export pages for each size imported into
//! an empty workspace and again into the result, beside the floors (scan of the pages, serialize
//! of the result, scan of the workspace file) and each import's peak memory.
//! ```sh
//! cargo bench --bench bench -- --import --sizes 10000,100000
//! ```
//!
//! `--review-beside-check FILE [--runs N]` runs `check FILE` and `review FILE` (table, `--json`,
//! `--severity high`) as whole commands in child processes, turn about, N rounds (3 by default):
//! wall best / median, CPU and peak RSS of each.
//! ```sh
//! cargo bench --bench bench -- --review-beside-check FILE --runs 5
//! ```
//!
//! `--list-beside-check FILE [--runs N]` does the same for `list` of customers, relationships
//! and subscriptions (as a table and as JSON) and `export` of the relationships and the
//! mapping, beside `check FILE`.
//!
//! `--save-only FILE [--runs N]` loads FILE once and times rendering its text as a save does,
//! beside `serde_json::to_writer_pretty` (`bench/save_row.rs`).
//!
//! `--phases` prints only where one load's time and memory go (each phase the store reports,
//! with the resident memory when it starts) and nothing else; give one size for clean memory figures.
//! ```sh
//! cargo bench --bench bench -- --phases --reuse --sizes 1000000
//! ```

#[path = "bench/app_figures.rs"]
mod app_figures;
#[path = "bench/import_row.rs"]
mod import_row;
#[path = "bench/offboard_row.rs"]
mod offboard_row;
#[path = "bench/review_row.rs"]
mod review_row;
#[path = "bench/save_row.rs"]
mod save_row;

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use partnerdesk::domain::{
    Action, Actor, BillingModel, Id, InvitationKind, InvitationStatus, Time, apply,
};
use partnerdesk::synth::{Spec, generate};
use partnerdesk::tui::testing::keys;
use partnerdesk::tui::{App, Keymap, Source};
use partnerdesk::workspace::Workspace;

use app_figures::{Percentiles, TuiFigures, action_p50, percentiles, tui_figures};

// mimalloc: loading a large workspace makes tens of millions of small allocations on two
// threads; it allocates and frees them faster than the system allocator and returns memory in
// larger pieces.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const HIDDEN_PEAK: &str = "--peak-of-load";
/// `bench --scan-floor FILE`: only read the file and scan it into `IgnoredAny`, as the table's
/// floor does, so a script can time the floor as a whole process beside `partnerdesk check`.
const SCAN_FLOOR: &str = "--scan-floor";

/// `bench --check-only FILE`: load FILE once, then time `check` alone (best of 5), to weigh a
/// change to the rules' pass without the noise of reading and parsing.
const CHECK_ONLY: &str = "--check-only";

struct Options {
    sizes: Vec<usize>,
    dir: PathBuf,
    runs: usize,
    phases: bool,
    reuse: bool,
    import: bool,
}

fn usage() -> &'static str {
    "usage: bench [--sizes 10000,100000,1000000] [--dir DIR] [--runs N] [--phases] [--reuse] [--import]\n       bench --scan-floor FILE   (only the floor: read FILE, scan it into IgnoredAny)\n       bench --check-only FILE   (load FILE, then time the check alone, best of 5)\n       bench --review-beside-check FILE [--runs N]   (check and review as whole commands, turn about)\n       bench --list-beside-check FILE [--runs N]   (check, list and export of the large kinds, turn about)\n       bench --offboard FILE     (load FILE, then time offboarding 200 partner-customer pairs)\n       bench --save-only FILE [--runs N]   (load FILE, then time rendering its text as a save does)"
}

fn parse_options() -> Result<Options, String> {
    let mut options = Options {
        sizes: vec![10_000, 100_000, 1_000_000],
        dir: std::env::temp_dir().join("partnerdesk-bench"),
        runs: 3,
        phases: false,
        reuse: false,
        import: false,
    };
    let mut args = arguments().into_iter().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sizes" => {
                let text = args.next().ok_or("--sizes needs a value")?;
                options.sizes = text
                    .split(',')
                    .map(|s| s.trim().replace('_', "").parse::<usize>())
                    .collect::<Result<_, _>>()
                    .map_err(|err| format!("--sizes {text}: {err}"))?;
            }
            "--dir" => options.dir = args.next().ok_or("--dir needs a value")?.into(),
            "--runs" => {
                let text = args.next().ok_or("--runs needs a value")?;
                options.runs = text
                    .parse::<usize>()
                    .map_err(|err| format!("--runs {text}: {err}"))?
                    .max(1);
            }
            "--phases" => options.phases = true,
            "--reuse" => options.reuse = true,
            "--import" => options.import = true,
            "-h" | "--help" => return Err(usage().into()),
            other => return Err(format!("unknown argument {other}\n{}", usage())),
        }
    }
    Ok(options)
}

/// The command line without the `--bench` flag `cargo bench` gives every bench target.
fn arguments() -> Vec<String> {
    std::env::args().filter(|arg| arg != "--bench").collect()
}

fn main() -> ExitCode {
    partnerdesk::allocator::release_freed_memory_promptly();
    let args = arguments();
    if args.len() == 5 && args[1] == import_row::IMPORT_CHILD {
        return import_row::import_child(Path::new(&args[2]), Path::new(&args[3]), &args[4]);
    }
    if args.len() == 3 && args[1] == HIDDEN_PEAK {
        return peak_of_load(Path::new(&args[2]));
    }
    if args.len() == 3 && args[1] == offboard_row::OFFBOARD {
        return offboard_row::offboard(Path::new(&args[2]));
    }
    if args.len() > 2 && args[1] == review_row::COMMAND_CHILD {
        return review_row::command_child(&args[2..]);
    }
    if (args.len() == 3 || args.len() == 5)
        && [
            review_row::REVIEW_BESIDE_CHECK,
            review_row::LIST_BESIDE_CHECK,
        ]
        .contains(&&*args[1])
    {
        let runs = match args.get(3..5) {
            Some([flag, n]) if flag == "--runs" => n.parse().unwrap_or(3),
            _ => 3,
        };
        let commands = if args[1] == review_row::LIST_BESIDE_CHECK {
            review_row::LIST_COMMANDS
        } else {
            review_row::REVIEW_COMMANDS
        };
        return review_row::beside_check(Path::new(&args[2]), runs, commands);
    }
    if (args.len() == 3 || args.len() == 5) && args[1] == save_row::SAVE_ONLY {
        let runs = match args.get(3..5) {
            Some([flag, n]) if flag == "--runs" => n.parse().unwrap_or(5),
            _ => 5,
        };
        return save_row::save_only(Path::new(&args[2]), runs);
    }
    if args.len() == 3 && args[1] == CHECK_ONLY {
        return check_only(Path::new(&args[2]));
    }
    if args.len() == 3 && args[1] == SCAN_FLOOR {
        return match scan(Path::new(&args[2])) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("bench: {message}");
                ExitCode::FAILURE
            }
        };
    }
    let options = match parse_options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The floor: read the file and let serde_json scan it without building anything.
fn scan(path: &Path) -> Result<(), String> {
    // The floor always gets huge pages, the fastest way to take in a big buffer, whatever the
    // last load chose for its file (a strict floor).
    partnerdesk::allocator::fit_pages_to_file(u64::MAX);
    let bytes = std::fs::read(path).map_err(|err| format!("{}: {err}", path.display()))?;
    serde_json::from_slice::<serde::de::IgnoredAny>(&bytes).map_err(|err| err.to_string())?;
    Ok(())
}

/// The workspace at `path`, or `None` once why it cannot be loaded is on standard error.
fn load_or_say(path: &Path) -> Option<partnerdesk::store::Loaded> {
    partnerdesk::store::load_file(path)
        .map_err(|err| eprintln!("{err}"))
        .ok()
}

fn check_only(path: &Path) -> ExitCode {
    let Some(loaded) = load_or_say(path) else {
        return ExitCode::FAILURE;
    };
    let mut times = Vec::new();
    let mut findings = 0;
    for _ in 0..5 {
        let started = Instant::now();
        findings = partnerdesk::workspace::check(&loaded.workspace).len();
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "check alone: best {:.3} s, median {:.3} s ({findings} findings)",
        times[0].as_secs_f64(),
        times[2].as_secs_f64()
    );
    // Review beside it, at the time the generator writes workspaces for.
    let now = Time::from_seconds(1_795_510_800);
    let mut times = Vec::new();
    let mut found = 0;
    for _ in 0..5 {
        let started = Instant::now();
        found = review_all(&loaded.workspace, now);
        times.push(started.elapsed());
    }
    times.sort();
    println!(
        "review alone: best {:.3} s, median {:.3} s ({found} findings)",
        times[0].as_secs_f64(),
        times[2].as_secs_f64()
    );
    std::mem::forget(loaded);
    ExitCode::SUCCESS
}

/// Hidden mode: load the file as `partnerdesk check` does and report this process's peak RSS.
fn peak_of_load(path: &Path) -> ExitCode {
    match partnerdesk::store::load_file(path) {
        Ok(loaded) => {
            let hwm = vm_hwm_bytes().unwrap_or(0);
            let rss = proc_status_bytes("VmRSS:").unwrap_or(0);
            println!("{hwm} {} {rss}", loaded.diagnostics.len());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

fn vm_hwm_bytes() -> Option<u64> {
    proc_status_bytes("VmHWM:")
}

/// CPU time this process has used so far, user and system (Linux, /proc/self/stat), in clock
/// ticks of 10 ms: set beside wall time, it tells whether a phase keeps both cores busy.
fn cpu_ticks() -> (u64, u64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces, so split after its closing paren).
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let mut fields = rest.split_whitespace().skip(11);
    let mut next = || fields.next().and_then(|f| f.parse().ok()).unwrap_or(0);
    (next(), next())
}

/// A memory figure of this process from /proc/self/status (Linux), in bytes.
fn proc_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

struct Row {
    customers: usize,
    file_bytes: u64,
    load: Duration,
    scan: Duration,
    peak: Option<u64>,
    key: Percentiles,
    key_done: Percentiles,
    frame: Percentiles,
    action: Duration,
    save: Duration,
    serialize: Duration,
    /// `check` alone on the loaded workspace, and `review` (every finding) beside it.
    check: Duration,
    review: Duration,
}

fn run(options: &Options) -> Result<(), String> {
    std::fs::create_dir_all(&options.dir)
        .map_err(|err| format!("cannot create {}: {err}", options.dir.display()))?;
    let now = Time::parse("2026-11-24T09:00:00Z")?;
    if options.import {
        let mut rows = Vec::new();
        for &customers in &options.sizes {
            let row = import_row::measure_import(
                &options.dir,
                customers,
                now,
                options.runs,
                options.reuse,
            )?;
            import_row::print_import_table(std::slice::from_ref(&row));
            rows.push(row);
        }
        println!();
        import_row::print_import_table(&rows);
        return Ok(());
    }
    let mut rows = Vec::new();
    for &customers in &options.sizes {
        let path = options.dir.join(format!("bench-{customers}.json"));
        if !(options.reuse && path.is_file()) {
            let started = Instant::now();
            write_generated(&path, customers, now)?;
            eprintln!("generated {} in {:.2?}", path.display(), started.elapsed());
        }
        if options.phases {
            phases(&path)?;
            continue;
        }
        let row = measure(&path, customers, now, options)?;
        print_table(std::slice::from_ref(&row));
        rows.push(row);
    }
    if !rows.is_empty() {
        println!();
        print_table(&rows);
    }
    Ok(())
}

fn write_generated(path: &Path, customers: usize, now: Time) -> Result<(), String> {
    let spec = Spec {
        customers,
        partners: Spec::default_partners(customers),
        seed: 1,
        now,
    };
    let file = generate(&spec);
    let io = |err: std::io::Error| format!("cannot write {}: {err}", path.display());
    let mut out = BufWriter::with_capacity(1 << 20, std::fs::File::create(path).map_err(io)?);
    serde_json::to_writer_pretty(&mut out, &file).map_err(|err| io(err.into()))?;
    out.write_all(b"\n").map_err(io)?;
    out.flush().map_err(io)
}

fn best_of<T>(
    runs: usize,
    mut f: impl FnMut() -> Result<T, String>,
) -> Result<(Duration, T), String> {
    let mut best: Option<(Duration, T)> = None;
    for _ in 0..runs {
        let started = Instant::now();
        let value = f()?;
        let took = started.elapsed();
        if best.as_ref().is_none_or(|(b, _)| took < *b) {
            best = Some((took, value));
        }
    }
    best.ok_or_else(|| "no run".to_string())
}

fn measure(path: &Path, customers: usize, now: Time, options: &Options) -> Result<Row, String> {
    let file_bytes = std::fs::metadata(path)
        .map_err(|err| format!("{}: {err}", path.display()))?
        .len();
    let runs = if file_bytes > 1 << 30 {
        1.max(options.runs.min(2))
    } else {
        options.runs
    };

    // Floor: read the file and let serde_json scan it without building anything.
    let (scan, ()) = best_of(runs, || scan(path))?;

    // Load as `partnerdesk check` does: read, parse, build indexes, validate.
    let (load, ws) = best_of(runs, || {
        let loaded = partnerdesk::store::load_file(path).map_err(|err| err.to_string())?;
        if !loaded.diagnostics.is_empty() {
            eprintln!(
                "note: {} diagnostics, first: {}",
                loaded.diagnostics.len(),
                loaded.diagnostics[0]
            );
        }
        Ok(loaded.workspace)
    })?;

    let peak = peak_in_child(path);

    let TuiFigures {
        key,
        key_done,
        frame,
    } = tui_figures(ws.clone(), now)?;
    let action = action_p50(&ws, now)?;
    let (check, _) = best_of(runs, || Ok(partnerdesk::workspace::check(&ws).len()))?;
    let (review, _) = best_of(runs, || Ok(review_all(&ws, now)))?;

    let out = options.dir.join(format!("bench-{customers}.saved.json"));
    let floor_out = options.dir.join(format!("bench-{customers}.floor.json"));
    let (serialize, ()) = best_of(runs, || {
        let io = |err: std::io::Error| err.to_string();
        let mut w =
            BufWriter::with_capacity(1 << 20, std::fs::File::create(&floor_out).map_err(io)?);
        serde_json::to_writer_pretty(&mut w, &ws.to_file()).map_err(|err| err.to_string())?;
        w.write_all(b"\n").map_err(io)?;
        w.flush().map_err(io)
    })?;
    let (save, ()) = best_of(runs, || {
        let _ = std::fs::remove_file(&out);
        // Saves are made under the writer's lock, as every face makes them.
        let lock =
            partnerdesk::store::lock::Lock::acquire(&out, partnerdesk::store::lock::App::Cli)
                .map_err(|err| err.to_string())?;
        partnerdesk::store::save_file(&lock, &out, &ws, partnerdesk::store::Expect::Anything)
            .map(|_| ())
            .map_err(|err| err.to_string())
    })?;
    let saved = std::fs::read(&out).map_err(|err| err.to_string())?;
    let original = std::fs::read(path).map_err(|err| err.to_string())?;
    if saved != original {
        eprintln!("warning: the saved file differs from the loaded one");
    }
    for extra in [&out, &floor_out] {
        let _ = std::fs::remove_file(extra);
        let mut bak = extra.as_os_str().to_owned();
        bak.push(".bak");
        let _ = std::fs::remove_file(PathBuf::from(bak));
    }
    Ok(Row {
        customers,
        file_bytes,
        load,
        scan,
        peak,
        key,
        key_done,
        frame,
        action,
        save,
        serialize,
        check,
        review,
    })
}

/// Every review finding of `ws` at `now` (the built-in templates), counted: as `partnerdesk
/// review` finds them (on two threads on a large workspace, as `check`).
fn review_all(ws: &Workspace, now: Time) -> usize {
    partnerdesk::workspace::review_workspace(
        ws,
        partnerdesk::domain::templates::built_in(),
        &partnerdesk::domain::review::Settings::default(),
        now,
    )
    .len()
}

/// Where the load time goes, each phase on its own (public API only).
/// Where the load's time goes: the real load path (`partnerdesk check`'s), timed at each phase
/// the store reports, then the time to free the workspace.
fn phases(path: &Path) -> Result<(), String> {
    use partnerdesk::store::Phase;
    use std::cell::RefCell;
    type Mark = (&'static str, Instant, u64, (u64, u64));
    let marks: RefCell<Vec<Mark>> = RefCell::new(Vec::new());
    let on_phase = |phase: Phase| {
        let mut marks = marks.borrow_mut();
        let label = phase.label();
        if marks.last().is_none_or(|(last, ..)| *last != label) {
            let rss = proc_status_bytes("VmRSS:").unwrap_or(0);
            marks.push((label, Instant::now(), rss, cpu_ticks()));
        }
    };
    let loaded =
        partnerdesk::store::load_file_with_progress(path, &on_phase).map_err(|e| e.to_string())?;
    let loaded_at = Instant::now();
    let loaded_cpu = cpu_ticks();
    let loaded_rss = proc_status_bytes("VmRSS:").unwrap_or(0);
    let findings = loaded.diagnostics.len();
    // What the terminal app adds before it is usable: its prepared views.
    let views_cpu = cpu_ticks();
    let views_started = Instant::now();
    let app = App::new(
        loaded.workspace.clone(),
        Source::Demo,
        Time::parse("2026-11-24T09:00:00Z")?,
        Keymap::default(),
    );
    let views = views_started.elapsed();
    let views_cpu = (cpu_ticks().0 - views_cpu.0) as f64 / 100.0;
    // The panes are browsable now; their search text is written on threads meanwhile.
    let mut app = app;
    app.finish_preparing();
    let text = views_started.elapsed();
    drop(app);
    let dropped_at = Instant::now();
    drop(loaded);
    let dropped = dropped_at.elapsed();
    let marks = marks.into_inner();
    let mut line = String::from("phases:");
    for (i, (label, at, rss, (user, system))) in marks.iter().enumerate() {
        let (until, (user_until, system_until)) = marks
            .get(i + 1)
            .map_or((loaded_at, loaded_cpu), |(_, next, _, cpu)| (*next, *cpu));
        line.push_str(&format!(
            " {label} {:.2?} (cpu {:.2} s user + {:.2} s sys, from {} MB),",
            until - *at,
            (user_until - user) as f64 / 100.0,
            (system_until - system) as f64 / 100.0,
            rss >> 20
        ));
    }
    let peak = vm_hwm_bytes().unwrap_or(0) >> 20;
    eprintln!(
        "{line} loaded {} MB, peak {peak} MB ({findings} findings); the app's views {views:.2?} (cpu {views_cpu:.2} s user), their search text ready after {text:.2?}; drop {dropped:.2?}",
        loaded_rss >> 20
    );
    Ok(())
}

fn peak_in_child(path: &Path) -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let output = std::process::Command::new(exe)
        .arg(HIDDEN_PEAK)
        .arg(path)
        .output()
        .ok()?;
    if !output.status.success() {
        eprintln!(
            "peak-memory child failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        return None;
    }
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn human_bytes(bytes: u64) -> String {
    let mb = bytes as f64 / 1e6;
    if mb >= 1000.0 {
        format!("{:.2} GB", mb / 1000.0)
    } else {
        format!("{mb:.1} MB")
    }
}

fn human(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.1} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

fn ratio(a: Duration, b: Duration) -> String {
    if b.is_zero() {
        return "-".into();
    }
    format!("{:.2}x", a.as_secs_f64() / b.as_secs_f64())
}

fn print_table(rows: &[Row]) {
    println!(
        "| customers | file | load | scan floor | load/scan | peak RSS (x file) | filter key p50/p99 | filter full count p50/p99 | frame p50/p99 | action p50 | save | serialize floor | save/ser | check | review | review/check |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in rows {
        let peak = match row.peak {
            Some(p) => format!(
                "{} ({:.2}x)",
                human_bytes(p),
                p as f64 / row.file_bytes.max(1) as f64
            ),
            None => "-".into(),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} / {} | {} / {} | {} / {} | {} | {} | {} | {} | {} | {} | {} |",
            row.customers,
            human_bytes(row.file_bytes),
            human(row.load),
            human(row.scan),
            ratio(row.load, row.scan),
            peak,
            human(row.key.0),
            human(row.key.1),
            human(row.key_done.0),
            human(row.key_done.1),
            human(row.frame.0),
            human(row.frame.1),
            human(row.action),
            human(row.save),
            human(row.serialize),
            ratio(row.save, row.serialize),
            human(row.check),
            human(row.review),
            ratio(row.review, row.check),
        );
    }
}
