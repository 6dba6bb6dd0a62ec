//! End to end on a large file: the real binary opens a generated 30,000-customer workspace behind
//! the loading screen, drawn before the load could have finished; it answers keys while loading
//! and shows the app when done. Quitting while it loads gives the terminal back and leaves the
//! file and its directory as they were; a broken large file is reported after the terminal is
//! given back, as a small one is. No timing is asserted: only what appears, and in which order.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod pty;

use std::io::Write;
use std::path::{Path, PathBuf};

use partnerdesk::domain::Time;
use partnerdesk::synth::{Spec, generate};
use pty::Running;

/// A workspace of `customers` generated customers in `dir/ws/big.json`, written as `gen` does.
fn generated(dir: &Path, customers: usize) -> PathBuf {
    let spec = Spec {
        customers,
        partners: Spec::default_partners(customers),
        seed: 1,
        now: Time::parse("2026-11-24T09:00:00Z").expect("a fixed time"),
    };
    let workspace = std::fs::create_dir_all(dir.join("ws")).map(|()| dir.join("ws/big.json"));
    let path = workspace.expect("a workspace directory");
    let file = std::fs::File::create(&path).expect("the file is created");
    let mut writer = std::io::BufWriter::new(file);
    serde_json::to_writer_pretty(&mut writer, &generate(&spec)).expect("the file is written");
    writer.flush().expect("the file is flushed");
    path
}

/// The names in the workspace's directory: a lock file, a journal or a temp file would show.
fn listing(path: &Path) -> Vec<String> {
    let dir = path.parent().expect("a parent directory");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the directory reads")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into()
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_large_file_opens_behind_a_loading_screen_that_answers_keys_then_shows_the_app() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = generated(dir.path(), 30_000);
    assert!(std::fs::metadata(&file).expect("the file exists").len() > 2 << 20);

    let mut app = Running::start(dir.path(), &["open".as_ref(), file.as_os_str()]);
    app.screen.wait_for("partnerdesk · opening");
    app.screen.wait_for("reading");
    // Keys are answered while it loads: `?` shows the help line.
    app.send("?");
    app.screen.wait_for("Loads in the background");
    // Then the app itself, in the same terminal.
    app.screen.wait_for("acting as: operator");
    app.screen.wait_for("Customers (30000)");
    app.send("q");
    assert!(app.wait_exit().success());
    app.screen.wait_for_primary();
}

#[test]
fn quitting_while_a_large_file_loads_gives_the_terminal_back_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = generated(dir.path(), 30_000);
    let bytes = std::fs::read(&file).expect("the file reads");
    let names = listing(&file);

    let mut app = Running::start(dir.path(), &["open".as_ref(), file.as_os_str()]);
    app.screen.wait_for("partnerdesk · opening");
    app.send("q");
    assert!(app.wait_exit().success());
    app.screen.wait_for_primary();
    assert!(
        !app.screen.text().contains("partnerdesk · opening"),
        "the loading screen is gone"
    );
    assert!(std::fs::read(&file).expect("the file reads") == bytes);
    assert_eq!(listing(&file), names, "no lock file, journal or temp file");
    assert!(partnerdesk::store::lock::holder(&file).is_none());
}

#[test]
fn a_broken_large_file_is_reported_once_the_terminal_is_given_back() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = generated(dir.path(), 2_000);
    let mut bytes = std::fs::read(&file).expect("the file reads");
    bytes.truncate(bytes.len() - 10);
    std::fs::write(&file, &bytes).expect("the truncated file is written");
    assert!(
        bytes.len() > 2 << 20,
        "large enough to load in the background"
    );

    let mut app = Running::start(dir.path(), &["open".as_ref(), file.as_os_str()]);
    let status = app.wait_exit();
    assert_eq!(status.exit_code(), 2, "{}", app.screen.text());
    app.screen.wait_for_primary();
    app.screen.wait_for("error: cannot open");
    app.screen.wait_for("the file ends too early (truncated?)");
    assert_eq!(listing(&file), vec!["big.json".to_string()]);
}
