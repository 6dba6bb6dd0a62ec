//! The import row: generated export pages (Partner Center customers and subscriptions, Graph
//! GDAP relationships and access assignments, `partnerdesk::synth::exports`) imported by the real
//! `import` path into an empty workspace, then again into its result, each in a child process so
//! its peak memory is its own. Beside them the floors the targets name: scanning every
//! page into `IgnoredAny`, serializing the resulting workspace, and scanning the workspace file.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use partnerdesk::domain::Time;
use partnerdesk::store::{Fingerprint, fingerprint_of_file};
use partnerdesk::synth::exports::{ExportPages, IMPORTER_NAME, IMPORTER_TENANT};

use super::{human, human_bytes, ratio, scan, vm_hwm_bytes};

/// Hidden mode: `bench --import-child WS DIR NOW` runs `partnerdesk import` in this process and
/// prints its wall time and peak RSS.
pub const IMPORT_CHILD: &str = "--import-child";

pub struct ImportRow {
    customers: usize,
    pages: usize,
    page_bytes: u64,
    workspace_bytes: u64,
    scan_pages: Duration,
    serialize: Duration,
    scan_workspace: Duration,
    import: Duration,
    import_peak: u64,
    reimport: Duration,
    reimport_peak: u64,
    byte_identical: bool,
}

pub fn import_child(ws: &Path, dir: &Path, now: &str) -> ExitCode {
    let args: Vec<std::ffi::OsString> = [
        "partnerdesk",
        "-q",
        "import",
        &ws.display().to_string(),
        "--as",
        &format!("partner:{IMPORTER_TENANT}"),
        "--partner-name",
        IMPORTER_NAME,
        "--partner-tenant",
        IMPORTER_TENANT,
        "--now",
        now,
        &dir.display().to_string(),
    ]
    .iter()
    .map(Into::into)
    .collect();
    let cli = match partnerdesk::cli::parse_from(&args, None) {
        Ok(cli) => cli,
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    let code = partnerdesk::cli::run(cli);
    let took = started.elapsed();
    eprintln!(
        "figures: {} {}",
        took.as_secs_f64(),
        vm_hwm_bytes().unwrap_or(0)
    );
    code
}

fn child(ws: &Path, dir: &Path, now: &str) -> Result<(Duration, u64), String> {
    let exe = std::env::current_exe().map_err(|err| err.to_string())?;
    let output = std::process::Command::new(exe)
        .args([
            IMPORT_CHILD.as_ref(),
            ws.as_os_str(),
            dir.as_os_str(),
            now.as_ref(),
        ])
        .output()
        .map_err(|err| err.to_string())?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("import child failed: {stderr}"));
    }
    let figures = stderr
        .lines()
        .find_map(|l| l.strip_prefix("figures: "))
        .ok_or_else(|| format!("no figures from the import child: {stderr}"))?;
    let mut parts = figures.split_whitespace();
    let secs: f64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0);
    let peak: u64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok((Duration::from_secs_f64(secs), peak))
}

/// The best of each figure over the rounds.
#[derive(Default)]
struct Best {
    scan_pages: Fastest,
    serialize: Fastest,
    scan_workspace: Fastest,
    import: Fastest,
    reimport: Fastest,
}

/// The fastest time seen, and for a child run its peak memory too.
#[derive(Default)]
struct Fastest {
    run: Option<(Duration, u64)>,
}

impl Fastest {
    fn keep(&mut self, took: Duration) {
        self.keep_run((took, 0));
    }

    fn keep_run(&mut self, run: (Duration, u64)) {
        if self.run.is_none_or(|(best, _)| run.0 < best) {
            self.run = Some(run);
        }
    }

    fn time(&self) -> Duration {
        self.run.map_or(Duration::ZERO, |(took, _)| took)
    }
}

/// Touches `bytes` of fresh memory and gives it back, so that what is timed next (a floor
/// here, or a child process) finds its memory as a machine that keeps it would give it. On a
/// VM whose host takes back the guest's free memory after a few seconds, a page met for the
/// first time since costs the host's fault as well (about 1.8 ms a megabyte here, against
/// 0.15 when it was freed a moment ago), so each figure depended on what the bench happened
/// to free just before it: the floors and the runs alike start warm instead.
fn warm_memory(bytes: usize) {
    let mut memory: Vec<u8> = Vec::with_capacity(bytes);
    let spare = memory.spare_capacity_mut();
    for page in spare.chunks_mut(4096) {
        if let Some(first) = page.first_mut() {
            first.write(1);
        }
    }
    std::hint::black_box(&memory);
}

/// The fingerprint (XXH3) of the file at `path`, as a save takes it: two results with the
/// same one are taken for the same bytes.
fn fingerprint_of(path: &Path) -> Result<Fingerprint, String> {
    fingerprint_of_file(path).ok_or_else(|| format!("cannot read {}", path.display()))
}

fn timed(f: impl FnOnce() -> Result<(), String>) -> Result<Duration, String> {
    let started = Instant::now();
    f()?;
    Ok(started.elapsed())
}

/// The serialize floor of the workspace in `ws`: loaded first (not timed), then rendered as a
/// save does into `out`.
fn serialize_floor(ws: &Path, out: &Path, warm: usize) -> Result<Duration, String> {
    let loaded = partnerdesk::store::load_file(ws).map_err(|err| err.to_string())?;
    warm_memory(warm);
    let io = |err: std::io::Error| err.to_string();
    let took = timed(|| {
        let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(out).map_err(io)?);
        serde_json::to_writer_pretty(&mut w, &loaded.workspace.to_file())
            .map_err(|err| err.to_string())?;
        w.write_all(b"\n").map_err(io)?;
        w.flush().map_err(io)
    })?;
    drop(loaded);
    // Removed at once: its pages, never flushed, would otherwise be written out during the
    // next run's save (which waits for its own file to reach the disk).
    let _ = std::fs::remove_file(out);
    Ok(took)
}

fn write_pages(dir: &Path, customers: usize, now: Time) -> Result<(), String> {
    let io = |err: std::io::Error| format!("cannot write in {}: {err}", dir.display());
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).map_err(io)?;
    for page in ExportPages::new(customers, 1, now) {
        let file = std::fs::File::create(dir.join(&page.name)).map_err(io)?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        serde_json::to_writer_pretty(&mut out, &page.json).map_err(|err| io(err.into()))?;
        out.flush().map_err(io)?;
    }
    Ok(())
}

fn pages_of(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|err| format!("{}: {err}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    pages.sort();
    Ok(pages)
}

pub fn measure_import(
    root: &Path,
    customers: usize,
    now: Time,
    runs: usize,
    reuse: bool,
) -> Result<ImportRow, String> {
    let dir = root.join(format!("import-{customers}"));
    if !(reuse && dir.is_dir()) {
        let started = Instant::now();
        write_pages(&dir, customers, now)?;
        eprintln!("generated {} in {:.2?}", dir.display(), started.elapsed());
    }
    let pages = pages_of(&dir)?;
    let page_bytes: u64 = pages
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let ws = root.join(format!("import-{customers}.workspace.json"));
    let floor_out = root.join(format!("import-{customers}.floor.json"));
    let now_text = now.plus_days(1).to_string();
    // Each round times every floor and both runs in turn, so that a machine that slows down
    // or speeds up during the bench weighs on the floors and the runs alike; each figure is
    // the best of its rounds.
    let mut best = Best::default();
    let mut first_result = None::<Fingerprint>;
    let mut byte_identical = true;
    // What each floor and run is given warm first (see `warm_memory`): more than any of
    // them takes.
    let warm = (2 * page_bytes).max(std::fs::metadata(&ws).map_or(0, |m| 3 * m.len()));
    let warm = warm.clamp(256 << 20, 4 << 30) as usize;
    for _ in 0..runs.max(1) {
        warm_memory(warm);
        best.scan_pages
            .keep(timed(|| pages.iter().try_for_each(|p| scan(p)))?);
        let _ = std::fs::remove_file(&ws);
        warm_memory(warm);
        best.import.keep_run(child(&ws, &dir, &now_text)?);
        // The file's fingerprint, not its bytes, is kept: two copies of the workspace held here
        // (800 MB from the second round) were memory the floors timed next could not reuse,
        // and on a VM whose host takes back free memory they then paid for fresh pages.
        let before = fingerprint_of(&ws)?;
        best.serialize.keep(serialize_floor(&ws, &floor_out, warm)?);
        warm_memory(warm);
        best.scan_workspace.keep(timed(|| scan(&ws))?);
        warm_memory(warm);
        best.reimport.keep_run(child(&ws, &dir, &now_text)?);
        let after = fingerprint_of(&ws)?;
        byte_identical &= after == before;
        // Every round's import comes to the same file (the same pages, the same `--now`).
        byte_identical &= *first_result.get_or_insert(before) == after;
    }
    let workspace_bytes = std::fs::metadata(&ws).map_err(|e| e.to_string())?.len();
    let (import, import_peak) = best.import.run.ok_or("no run")?;
    let (reimport, reimport_peak) = best.reimport.run.ok_or("no run")?;
    let (scan_pages, serialize, scan_workspace) = (
        best.scan_pages.time(),
        best.serialize.time(),
        best.scan_workspace.time(),
    );
    eprintln!(
        "{customers}: floors: scan pages {}, serialize {}, scan workspace {}",
        human(scan_pages),
        human(serialize),
        human(scan_workspace)
    );
    Ok(ImportRow {
        customers,
        pages: pages.len(),
        page_bytes,
        workspace_bytes,
        scan_pages,
        serialize,
        scan_workspace,
        import,
        import_peak,
        reimport,
        reimport_peak,
        byte_identical,
    })
}

pub fn print_import_table(rows: &[ImportRow]) {
    println!(
        "| customers | pages | workspace | import | scan pages + serialize floor | ratio | peak RSS (x workspace) | re-import | scan pages + scan workspace | ratio | peak RSS (x workspace) | re-import byte-identical |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|");
    for r in rows {
        let peak = |p: u64| {
            format!(
                "{} ({:.2}x)",
                human_bytes(p),
                p as f64 / r.workspace_bytes.max(1) as f64
            )
        };
        let floor_in = r.scan_pages + r.serialize;
        let floor_again = r.scan_pages + r.scan_workspace;
        println!(
            "| {} | {} ({}) | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.customers,
            r.pages,
            human_bytes(r.page_bytes),
            human_bytes(r.workspace_bytes),
            human(r.import),
            human(floor_in),
            ratio(r.import, floor_in),
            peak(r.import_peak),
            human(r.reimport),
            human(floor_again),
            ratio(r.reimport, floor_again),
            peak(r.reimport_peak),
            if r.byte_identical { "yes" } else { "NO" },
        );
    }
}
