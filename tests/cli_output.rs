//! Every subcommand, its reader gone or its disk full: never a panic. A closed pipe ends a command
//! quietly with the exit code of what it did — a change still saved exactly as without the pipe
//! trouble — and a full disk on standard output is an error, exit 2, with a sentence saying so.

#![cfg(unix)]
// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_partnerdesk");

/// A fresh demo workspace in `dir`.
fn demo(dir: &Path, name: &str) -> PathBuf {
    let file = dir.join(name);
    let out = Command::new(BIN)
        .args(["demo", "--write"])
        .arg(&file)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    file
}

/// One moment for every run, after the demo's last audit entry (its dates follow the clock).
fn now() -> String {
    (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1))
        .round(jiff::Unit::Second)
        .expect("rounds")
        .to_string()
}

/// How a case's standard output is wired.
enum Sink {
    Normal,
    /// A pipe whose reader has already gone: the first write fails with EPIPE.
    ReaderGone,
    /// `/dev/full`: every write fails with ENOSPC.
    Full,
}

fn run(args: &[String], sink: Sink) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).stdin(Stdio::null()).stderr(Stdio::piped());
    match sink {
        Sink::Normal => {
            cmd.stdout(Stdio::piped());
        }
        Sink::ReaderGone => {
            let (reader, writer) = std::io::pipe().expect("a pipe");
            drop(reader);
            cmd.stdout(writer);
        }
        Sink::Full => {
            let full = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .expect("/dev/full");
            cmd.stdout(full);
        }
    }
    cmd.output().expect("runs")
}

/// A subcommand to try: setup steps (run normally, with `--json`) and the command itself.
/// `{file}` is the workspace, `{dir}` a scratch folder, `{now}` the moment, `{inv}` / `{rel}`
/// the last invitation / relationship the setup created.
struct Case {
    setup: &'static [&'static str],
    command: &'static str,
}

const fn case(command: &'static str) -> Case {
    Case {
        setup: &[],
        command,
    }
}

const GROUP: &str = "9b1a4c2e-5d3f-4e6a-8b7c-0d1e2f3a4b5c";

fn cases() -> Vec<Case> {
    vec![
        // Looking.
        case("list {file} customers"),
        case("list {file} partners --json"),
        case("list {file} invitations"),
        case("list {file} relationships"),
        case("list {file} relationships --json"),
        case("list {file} subscriptions --wide"),
        case("list {file} assignments --json"),
        case("show {file} rel-1072"),
        case("show {file} rel-1072 --json"),
        case("history {file}"),
        case("history {file} --json"),
        case("check {file}"),
        case("check {file} --json"),
        case("rules"),
        case("rules --json"),
        case("roles"),
        case("roles --json"),
        case("schema"),
        // Exchanging.
        case("export {file} mapping"),
        case("export {file} relationships --format json"),
        case("export {file} expiring --format md"),
        case("emit {file} inv-1120"),
        case("emit {file} inv-1120 --json"),
        case("emit {file} inv-1116"),
        case(
            "import {file} --as partner:relecloud --dry-run --now {now} {fixtures}/partner-center/customers.page1.json",
        ),
        case(
            "import {file} --as partner:relecloud --json --now {now} {fixtures}/partner-center/customers.page1.json {fixtures}/partner-center/customers.page2.json",
        ),
        // Maintaining.
        case("recover {file}"),
        case("completions bash"),
        case("completions zsh"),
        case("man"),
        case("paths"),
        case("paths --json"),
        case("gen --customers 20 -o {dir}/gen.json"),
        case("demo --write {dir}/demo.json"),
        // Changing.
        case(
            "invite {file} --as partner:relecloud --customer fourth-coffee --reseller --now {now}",
        ),
        case(
            "invite {file} --as partner:relecloud --customers-from {dir}/customers.csv --template Helpdesk --now {now}",
        ),
        case("accept {file} inv-1122 --as customer:adatum --now {now}"),
        case("accept {file} inv-1122 --as customer:adatum --now {now} --json"),
        case("decline {file} inv-1116 --as customer:coho-winery --now {now}"),
        case("revoke {file} inv-1119 --as partner:wingtip-it --now {now}"),
        case("terminate {file} rel-1072 --as partner:relecloud --now {now}"),
        case(
            "buy {file} --as partner:relecloud --customer contoso --offer Visio --quantity 3 --now {now}",
        ),
        case("suspend {file} sub-1004 --as partner:relecloud --now {now}"),
        case("reactivate {file} sub-1033 --as partner:relecloud --now {now}"),
        case("auto-extend {file} rel-1072 on --as partner:relecloud --now {now}"),
        case(
            "assign {file} rel-1072 --group {group} --group-name Agents --roles Helpdesk_Administrator --as partner:relecloud --now {now}",
        ),
        case("unassign {file} asg-1059 --as partner:relecloud --now {now}"),
        case("tick {file} --as operator --now {now}"),
        case(
            "add-customer {file} --as operator --id new-co --name New_Co --domain newco.onmicrosoft.com --country US --tenant 0d6a4c1e-2b3f-4a5d-8e9f-1a2b3c4d5e6f --now {now}",
        ),
        case(
            "add-partner {file} --as operator --id new-p --name New_P --partner-id 9911223 --tenant 1d6a4c1e-2b3f-4a5d-8e9f-1a2b3c4d5e6f --billing direct-bill --now {now}",
        ),
        case(
            r#"apply {file} --as customer:adatum --now {now} {"type":"accept","invitationId":"inv-1122"}"#,
        ),
        case("reseller-approve {file} rel-1131 --as partner:margies-cloud --now {now}"),
        case("reseller-reject {file} rel-1131 --as partner:margies-cloud --now {now}"),
        Case {
            setup: &[
                "invite {file} --as partner:relecloud --customer fourth-coffee --roles Helpdesk_Administrator --draft --now {now} --json",
            ],
            command: "lock {file} {rel} --as partner:relecloud --now {now}",
        },
        Case {
            setup: &[
                "invite {file} --as partner:relecloud --customer fourth-coffee --roles Helpdesk_Administrator --draft --now {now} --json",
            ],
            command: "edit-draft {file} {rel} --days 90 --as partner:relecloud --now {now}",
        },
        Case {
            setup: &[
                "invite {file} --as partner:relecloud --customer fourth-coffee --roles Helpdesk_Administrator --draft --now {now} --json",
            ],
            command: "revoke {file} {rel} --as partner:relecloud --now {now}",
        },
        Case {
            setup: &[
                "invite {file} --as partner:relecloud --customer alpine-ski --roles Global_Administrator,Directory_Readers --days 30 --now {now} --json",
                "accept {file} {inv} --as customer:alpine-ski --now {now} --json",
            ],
            command: "remove-global-admin {file} {rel} --as partner:relecloud --now {now}",
        },
    ]
}

/// Splits a case's words, filling in its placeholders (`_` in a word stands for a space).
fn words(template: &str, file: &Path, dir: &Path, now: &str, ids: &Ids) -> Vec<String> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exports");
    template
        .split(' ')
        .map(|word| {
            let word = if word.starts_with('{') && word.ends_with('}') && word.contains('"') {
                word.to_string()
            } else {
                word.replace('_', " ")
            };
            word.replace("{file}", &file.display().to_string())
                .replace("{dir}", &dir.display().to_string())
                .replace("{fixtures}", &fixtures.display().to_string())
                .replace("{now}", now)
                .replace("{group}", GROUP)
                .replace("{inv}", &ids.invitation)
                .replace("{rel}", &ids.relationship)
        })
        .collect()
}

#[derive(Default)]
struct Ids {
    invitation: String,
    relationship: String,
}

/// A fresh workspace (`name` in `dir`) with the case's setup done; the ids it created.
fn prepared(case: &Case, dir: &Path, name: &str, now: &str) -> (PathBuf, Ids) {
    let file = demo(dir, name);
    std::fs::write(dir.join("customers.csv"), "customer\nfourth-coffee\n").expect("writes");
    let mut ids = Ids::default();
    for step in case.setup {
        let out = run(&words(step, &file, dir, now, &ids), Sink::Normal);
        assert!(
            out.status.success(),
            "setup `{step}`: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).expect("setup prints JSON");
        for event in report["events"].as_array().expect("events") {
            let id = event["id"].as_str().expect("an id").to_string();
            match event["kind"].as_str() {
                Some("invitation") => ids.invitation = id,
                Some("relationship") => ids.relationship = id,
                _ => {}
            }
        }
    }
    (file, ids)
}

fn assert_no_panic(what: &str, out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && out.status.code() != Some(101),
        "{what}: {stderr}"
    );
}

#[test]
fn every_subcommand_whose_reader_went_away_ends_quietly_with_the_exit_code_of_what_it_did() {
    let now = now();
    for case in cases() {
        let normal_dir = tempfile::tempdir().expect("a temp dir");
        let gone_dir = tempfile::tempdir().expect("a temp dir");
        let (normal_file, normal_ids) = prepared(&case, normal_dir.path(), "ws.json", &now);
        let (gone_file, gone_ids) = prepared(&case, gone_dir.path(), "ws.json", &now);
        let normal = run(
            &words(
                case.command,
                &normal_file,
                normal_dir.path(),
                &now,
                &normal_ids,
            ),
            Sink::Normal,
        );
        let gone = run(
            &words(case.command, &gone_file, gone_dir.path(), &now, &gone_ids),
            Sink::ReaderGone,
        );
        assert_no_panic(case.command, &gone);
        assert_eq!(
            gone.status.code(),
            normal.status.code(),
            "`{}` exits as it does with a reader: {}",
            case.command,
            String::from_utf8_lossy(&normal.stderr)
        );
        assert!(
            normal.status.success(),
            "every case is one that works: `{}`: {}",
            case.command,
            String::from_utf8_lossy(&normal.stderr)
        );
        assert!(
            !gone.stderr.starts_with(b"error"),
            "`{}`: a closed pipe is not an error: {}",
            case.command,
            String::from_utf8_lossy(&gone.stderr)
        );
        // Saved exactly once, as without the pipe trouble: the two workspaces are the same.
        assert!(
            std::fs::read(&gone_file).expect("reads")
                == std::fs::read(&normal_file).expect("reads"),
            "`{}` leaves the workspace as it does with a reader",
            case.command
        );
    }
}

#[test]
fn every_subcommand_on_a_full_disk_exits_2_saying_it_cannot_write_its_output() {
    let now = now();
    for case in cases() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let (file, ids) = prepared(&case, dir.path(), "ws.json", &now);
        let args = words(case.command, &file, dir.path(), &now, &ids);
        let full = run(&args, Sink::Full);
        assert_no_panic(case.command, &full);
        // What the command prints with a reader decides what a full disk does to it.
        let check_dir = tempfile::tempdir().expect("a temp dir");
        let (check_file, check_ids) = prepared(&case, check_dir.path(), "ws.json", &now);
        let normal = run(
            &words(
                case.command,
                &check_file,
                check_dir.path(),
                &now,
                &check_ids,
            ),
            Sink::Normal,
        );
        let stderr = String::from_utf8_lossy(&full.stderr);
        if normal.stdout.is_empty() {
            assert_eq!(
                full.status.code(),
                normal.status.code(),
                "`{}`",
                case.command
            );
        } else {
            assert_eq!(full.status.code(), Some(2), "`{}`: {stderr}", case.command);
            assert!(
                stderr.contains("cannot write to standard output"),
                "`{}`: {stderr}",
                case.command
            );
        }
    }
}

#[test]
fn the_terminal_app_without_a_terminal_exits_2_saying_it_needs_one() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo(dir.path(), "ws.json");
    let before = std::fs::read(&file).expect("reads");
    for args in [vec!["open".to_string(), file.display().to_string()], vec![]] {
        let out = Command::new(BIN)
            .args(&args)
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("needs a terminal"), "{stderr}");
        assert!(out.stdout.is_empty(), "no escape codes written to the pipe");
    }
    assert_eq!(std::fs::read(&file).expect("reads"), before);
    assert!(!dir.path().join("ws.json.lock").exists(), "no lock taken");
}

#[test]
fn a_listing_of_a_huge_name_is_bounded_by_its_rows_not_the_name() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo(dir.path(), "ws.json");
    // A name of 900 KB (under the loader's 1 MiB a field) is too long for a command-line
    // argument, so it is written into the file directly.
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(&file).expect("reads")).expect("JSON");
    let customers = doc["customers"].as_array_mut().expect("customers");
    let huge = customers
        .iter_mut()
        .find(|c| c["id"] == "fourth-coffee")
        .expect("the demo has Fourth Coffee");
    huge["displayName"] = Value::String("N".repeat(900_000));
    std::fs::write(&file, serde_json::to_vec(&doc).expect("JSON")).expect("writes");
    let list = run(
        &["list", &file.display().to_string(), "customers"].map(String::from),
        Sink::Normal,
    );
    assert!(list.status.success());
    assert!(list.stdout.len() < 10_000, "{} bytes", list.stdout.len());
    let text = String::from_utf8_lossy(&list.stdout);
    let row = text
        .lines()
        .find(|l| l.starts_with("fourth-coffee "))
        .expect("its row");
    assert!(
        row.contains("NNN…"),
        "a cut value ends in an ellipsis: {row}"
    );
    let other = text
        .lines()
        .find(|l| l.starts_with("adatum "))
        .expect("a row");
    assert!(
        other.len() < 200,
        "other rows are not padded to the huge name: {other}"
    );
    // --wide shows it whole, still without padding every other row to it.
    let wide = run(
        &["list", &file.display().to_string(), "customers", "--wide"].map(String::from),
        Sink::Normal,
    );
    assert!(wide.stdout.len() > 900_000 && wide.stdout.len() < 910_000);
}

#[test]
fn a_bulk_invite_prints_a_refused_cell_inert() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo(dir.path(), "ws.json");
    let csv = dir.path().join("c.csv");
    std::fs::write(&csv, "customer\n\u{1b}]52;c;aGVsbG8=\u{7}\u{9b}2J\n").expect("writes");
    let out = run(
        &[
            "invite",
            &file.display().to_string(),
            "--as",
            "partner:relecloud",
            "--customers-from",
            &csv.display().to_string(),
            "--template",
            "Helpdesk",
        ]
        .map(String::from),
        Sink::Normal,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "the unknown customer is refused"
    );
    for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{stream}: {text:?}"
        );
    }
    assert!(String::from_utf8_lossy(&out.stdout).contains("␛]52"));
}

#[test]
fn status_lines_go_to_stderr_and_quiet_silences_them() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let target = dir.path().join("demo.json");
    let out = run(
        &["demo", "--write", &target.display().to_string()].map(String::from),
        Sink::Normal,
    );
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote"));
    let quiet = run(
        &["-q", "gen", "--customers", "10", "-o"]
            .map(String::from)
            .into_iter()
            .chain([dir.path().join("g.json").display().to_string()])
            .collect::<Vec<_>>(),
        Sink::Normal,
    );
    assert!(quiet.status.success());
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
    // Errors still speak under -q.
    let missing = run(
        &[
            "-q",
            "check",
            &dir.path().join("none.json").display().to_string(),
        ]
        .map(String::from),
        Sink::Normal,
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(!missing.stderr.is_empty());
}
