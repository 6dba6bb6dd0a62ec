//! The files partnerdesk keeps beside a workspace — `FILE.lock`, `FILE.journal`, `FILE.bak`, the
//! temporary files of saves — through the real binary: a symbolic link planted at one of their
//! names is refused and its target never touched; they take the workspace's permissions; a
//! workspace created by two commands at once loses nothing; temporary files of killed saves are
//! cleared by the next writer; a failed start leaves no lock file; reads say when a crashed
//! session's actions wait in a journal.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(unix)]

mod common;

use std::io::Read;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use common::binary::run_with_deadline;

const NOW: &str = "2026-11-24T10:00:00Z";
const VICTIM: &[u8] = b"someone else's file: not partnerdesk's to write\n";

fn bin() -> Command {
    common::binary::command()
}

/// Runs the binary with `env` added and a deadline.
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    run_with_deadline(args, env, Duration::from_secs(120))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn base() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/base.workspace"),
    )
    .unwrap()
}

fn workspace(dir: &Path) -> PathBuf {
    let file = dir.join("w.json");
    std::fs::write(&file, base()).unwrap();
    file
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// A file outside partnerdesk's names, 0644, for a link to point at.
fn victim(dir: &Path) -> PathBuf {
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, VICTIM).unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    victim
}

fn assert_victim_untouched(victim: &Path, what: &str) {
    assert_eq!(
        std::fs::read(victim).unwrap(),
        VICTIM,
        "{what}: victim written"
    );
    assert_eq!(mode(victim), 0o644, "{what}: victim's mode changed");
}

fn accept(file: &Path) -> Output {
    run(
        &[
            "accept",
            file.to_str().unwrap(),
            "inv-1",
            "--as",
            "customer:fabrikam",
            "--now",
            NOW,
        ],
        &[],
    )
}

/// A writing session as the terminal app runs one, accepting inv-1 and saving.
fn session_save(file: &Path) -> Output {
    run(
        &[
            "__session",
            file.to_str().unwrap(),
            "--as",
            "customer:fabrikam",
            "--now",
            NOW,
            "--save",
            r#"{"type":"accept","invitationId":"inv-1"}"#,
        ],
        &[],
    )
}

fn recover(file: &Path) {
    let out = run(&["recover", file.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// Exit 2 with one headline naming `name` as a symbolic link, and no panic.
fn assert_refused_naming(out: &Output, name: &str, what: &str) {
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
    let headline = stderr.lines().next().unwrap_or_default();
    assert!(
        headline.starts_with("error: ")
            && headline.contains(name)
            && headline.contains("is a symbolic link"),
        "{what}: the headline names {name} as a link: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
}

#[test]
fn a_symlinked_lock_file_is_refused_and_the_file_it_points_to_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let victim = victim(dir.path());
    let lock = dir.path().join("w.json.lock");
    symlink(&victim, &lock).unwrap();
    assert_refused_naming(&accept(&file), "w.json.lock", "a command");
    assert_refused_naming(&session_save(&file), "w.json.lock", "a session");
    assert_victim_untouched(&victim, "lock");
    assert_eq!(std::fs::read(&file).unwrap(), base());
    assert!(std::fs::symlink_metadata(&lock).unwrap().is_symlink());
    assert_eq!(listing(dir.path()), ["victim.txt", "w.json", "w.json.lock"]);
    // Creating a workspace takes the lock too; a dangling link is not followed into a new file.
    let new = dir.path().join("new.json");
    let gone = dir.path().join("not-there.txt");
    symlink(&gone, dir.path().join("new.json.lock")).unwrap();
    let out = run(&["demo", "--write", new.to_str().unwrap()], &[]);
    assert_refused_naming(&out, "new.json.lock", "demo --write");
    assert!(!new.exists() && !gone.exists());
}

#[test]
fn a_hard_link_at_the_lock_file_is_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let victim = victim(dir.path());
    std::fs::hard_link(&victim, dir.path().join("w.json.lock")).unwrap();
    let out = accept(&file);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("w.json.lock") && stderr.contains("hard link"),
        "{stderr}"
    );
    assert_victim_untouched(&victim, "hard link");
}

#[test]
fn a_symlinked_journal_is_refused_and_the_file_it_points_to_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let victim = victim(dir.path());
    let journal = dir.path().join("w.json.journal");
    symlink(&victim, &journal).unwrap();
    assert_refused_naming(&accept(&file), "w.json.journal", "a command");
    assert_refused_naming(&session_save(&file), "w.json.journal", "a session");
    let recover = run(&["recover", file.to_str().unwrap()], &[]);
    assert_refused_naming(&recover, "w.json.journal", "recover");
    assert_victim_untouched(&victim, "journal");
    assert_eq!(std::fs::read(&file).unwrap(), base());
    // The refused starts left no lock file.
    assert_eq!(
        listing(dir.path()),
        ["victim.txt", "w.json", "w.json.journal"]
    );
    // A link planted while a session runs, before its first action, is not followed either.
    std::fs::remove_file(&journal).unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let mut session = partnerdesk::store::session::Session::open(
        &file,
        partnerdesk::store::session::Mode::ReadWrite,
        partnerdesk::store::lock::App::Tui,
    )
    .unwrap();
    symlink(&empty, &journal).unwrap();
    let accept: partnerdesk::domain::Action =
        serde_json::from_str(r#"{"type":"accept","invitationId":"inv-1"}"#).unwrap();
    let actor = partnerdesk::domain::Actor::parse("customer:fabrikam").unwrap();
    let now = partnerdesk::domain::Time::parse(NOW).unwrap();
    let err = session.apply(&actor, &accept, now).unwrap_err();
    assert!(
        err.to_string().contains("w.json.journal") && err.to_string().contains("symbolic link"),
        "{err}"
    );
    assert_eq!(std::fs::read(&empty).unwrap(), b"");
}

#[test]
fn a_symlinked_backup_is_refused_and_the_file_it_points_to_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let victim = victim(dir.path());
    symlink(&victim, dir.path().join("w.json.bak")).unwrap();
    assert_refused_naming(&accept(&file), "w.json.bak", "a command");
    assert_refused_naming(&session_save(&file), "w.json.bak", "a session");
    assert_victim_untouched(&victim, "backup");
    assert_eq!(std::fs::read(&file).unwrap(), base(), "nothing was saved");
    // The session had journaled its action before the save was refused: it waits there.
    assert_eq!(
        listing(dir.path()),
        ["victim.txt", "w.json", "w.json.bak", "w.json.journal"]
    );
    // Without the link the save goes through and keeps a real backup.
    std::fs::remove_file(dir.path().join("w.json.bak")).unwrap();
    recover(&file);
    assert_ne!(std::fs::read(&file).unwrap(), base());
    assert_eq!(
        std::fs::read(dir.path().join("w.json.bak")).unwrap(),
        base()
    );
}

#[test]
fn a_symlink_at_a_temporary_name_is_refused_and_the_file_it_points_to_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let victim = victim(dir.path());
    let planted = dir.path().join(".w.json.Ab3xY9.partnerdesk-tmp");
    symlink(&victim, &planted).unwrap();
    // A link with a name that is not one of this workspace's temporary files is none of its
    // business.
    let other = dir.path().join(".w.json.x.Ab3xY9.partnerdesk-tmp");
    symlink(&victim, &other).unwrap();
    assert_refused_naming(
        &accept(&file),
        ".w.json.Ab3xY9.partnerdesk-tmp",
        "a command",
    );
    assert_refused_naming(
        &session_save(&file),
        ".w.json.Ab3xY9.partnerdesk-tmp",
        "a session",
    );
    assert_victim_untouched(&victim, "temporary name");
    assert_eq!(std::fs::read(&file).unwrap(), base());
    assert!(std::fs::symlink_metadata(&planted).unwrap().is_symlink());
    std::fs::remove_file(&planted).unwrap();
    recover(&file);
    assert_ne!(std::fs::read(&file).unwrap(), base());
    assert!(std::fs::symlink_metadata(&other).unwrap().is_symlink());
    assert_victim_untouched(&victim, "temporary name");
}

#[test]
fn the_lock_journal_and_backup_take_the_workspaces_permissions() {
    use partnerdesk::store::lock::App;
    use partnerdesk::store::session::{Mode, Session};
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    // Group-writable: a umask would take that from a new file; the workspace's mode is kept.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o660)).unwrap();
    // A crashed session's lock file, its own user's only: taken over with the workspace's mode.
    let lock = dir.path().join("w.json.lock");
    std::fs::write(&lock, b"").unwrap();
    std::fs::set_permissions(&lock, std::fs::Permissions::from_mode(0o600)).unwrap();
    let mut session = Session::open(&file, Mode::ReadWrite, App::Tui).unwrap();
    assert_eq!(mode(&lock), 0o660, "lock");
    let accept: partnerdesk::domain::Action =
        serde_json::from_str(r#"{"type":"accept","invitationId":"inv-1"}"#).unwrap();
    let actor = partnerdesk::domain::Actor::parse("customer:fabrikam").unwrap();
    let now = partnerdesk::domain::Time::parse(NOW).unwrap();
    session.apply(&actor, &accept, now).unwrap();
    assert_eq!(mode(&dir.path().join("w.json.journal")), 0o660, "journal");
    session.save().unwrap();
    assert_eq!(mode(&file), 0o660, "workspace");
    assert_eq!(mode(&dir.path().join("w.json.bak")), 0o660, "backup");
    drop(session);
    assert_eq!(listing(dir.path()), ["w.json", "w.json.bak"]);
}

/// A Partner Center customers page of `count` customers, numbered from `first`.
fn customers_page(path: &Path, first: usize, count: usize) {
    let items: Vec<serde_json::Value> = (first..first + count)
        .map(|n| {
            let tenant = format!("{n:08x}-0000-4000-8000-000000000000");
            serde_json::json!({
                "id": tenant,
                "companyProfile": {
                    "tenantId": tenant,
                    "domain": format!("customer{n}.onmicrosoft.com"),
                    "companyName": format!("Customer {n}"),
                },
                "relationshipToPartner": "reseller",
                "allowDelegatedAccess": false,
            })
        })
        .collect();
    let page = serde_json::json!({ "totalCount": count, "items": items });
    std::fs::write(path, serde_json::to_vec(&page).unwrap()).unwrap();
}

fn spawn(args: &[String]) -> Child {
    bin()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs")
}

fn partners_in(file: &Path) -> Vec<String> {
    let out = run(&["list", file.to_str().unwrap(), "partners", "--json"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let partners: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    partners
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn imports_started_together_into_a_missing_file_lose_no_partner_an_exit_0_claimed() {
    let dir = tempfile::tempdir().unwrap();
    // Large enough that each import spends a while between finding no file and saving.
    let page = dir.path().join("customers.json");
    customers_page(&page, 0, 4000);
    let importers = 4;
    let mut appeared = 0;
    for round in 0..3 {
        let file = dir.path().join(format!("new-{round}.json"));
        let children: Vec<(String, Child)> = (1..=importers)
            .map(|n| {
                let args: Vec<String> = vec![
                    "import".into(),
                    file.display().to_string(),
                    "--as".into(),
                    format!("partner:710000{n}"),
                    "--partner-name".into(),
                    format!("Importer {n}"),
                    "--partner-tenant".into(),
                    format!("70000000-0000-4000-8000-00000000000{n}"),
                    "--now".into(),
                    NOW.into(),
                    page.display().to_string(),
                ];
                (format!("importer-{n}"), spawn(&args))
            })
            .collect();
        let mut claimed = Vec::new();
        for (partner, child) in children {
            let out = child.wait_with_output().unwrap();
            let stderr = text(&out.stderr);
            assert!(!stderr.contains("panicked"), "{stderr}");
            match out.status.code() {
                Some(0) => claimed.push(partner),
                Some(2) if stderr.contains("appeared while this command was running") => {
                    appeared += 1;
                }
                // Another import was saving at that moment.
                Some(2) if stderr.contains("is locked by") => {}
                other => panic!("round {round}, {partner}: exit {other:?}: {stderr}"),
            }
        }
        assert!(!claimed.is_empty(), "round {round}: one import lands");
        let partners = partners_in(&file);
        for partner in &claimed {
            assert!(
                partners.contains(partner),
                "round {round}: {partner} exited 0 but is not in the file: {partners:?}"
            );
        }
    }
    eprintln!("{appeared} imports were told the file appeared");
}

#[test]
fn demos_written_together_to_a_missing_file_are_written_once() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..5 {
        let file = dir.path().join(format!("demo-{round}.json"));
        let args: Vec<String> = vec!["demo".into(), "--write".into(), file.display().to_string()];
        let children: Vec<Child> = (0..4).map(|_| spawn(&args)).collect();
        let mut written = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stderr = text(&out.stderr);
            match out.status.code() {
                Some(0) => written += 1,
                Some(2)
                    if stderr.contains("appeared while this command was running")
                        || stderr.contains("already exists")
                        || stderr.contains("is locked by") => {}
                other => panic!("round {round}: exit {other:?}: {stderr}"),
            }
        }
        assert_eq!(written, 1, "round {round}: exactly one demo was written");
        assert_eq!(listing(dir.path()).len(), round + 1, "round {round}");
    }
}

#[test]
fn a_save_removes_its_workspaces_leftover_temporary_files_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    std::fs::write(dir.path().join("w.json.x"), base()).unwrap();
    let leftovers = [
        ".w.json.Ab3xY9.partnerdesk-tmp",
        ".w.json.000000.partnerdesk-tmp",
        ".w.json.journal.Zz9aa0.partnerdesk-tmp",
    ];
    let look_alike = [
        ".w.json.x.Ab3xY9.partnerdesk-tmp",
        ".w.json2.Ab3xY9.partnerdesk-tmp",
        ".w.json.Ab3xY.partnerdesk-tmp",
        ".w.json.Ab3xY9.partnerdesk-tmp.keep",
        "w.json.Ab3xY9.partnerdesk-tmp",
    ];
    for name in leftovers.iter().chain(&look_alike) {
        std::fs::write(dir.path().join(name), b"half a workspace").unwrap();
    }
    // A refused save (a rule says no) removes nothing: it never reached a save.
    let refused = run(
        &[
            "accept",
            file.to_str().unwrap(),
            "inv-404",
            "--as",
            "customer:fabrikam",
            "--now",
            NOW,
        ],
        &[],
    );
    assert_ne!(refused.status.code(), Some(0));
    assert!(dir.path().join(leftovers[0]).exists());
    assert_eq!(accept(&file).status.code(), Some(0));
    let mut expected: Vec<String> = look_alike.iter().map(|s| s.to_string()).collect();
    expected.extend(["w.json", "w.json.bak", "w.json.x"].map(String::from));
    expected.sort();
    assert_eq!(listing(dir.path()), expected);
}

fn temporary_files(dir: &Path) -> Vec<String> {
    listing(dir)
        .into_iter()
        .filter(|n| n.ends_with(".partnerdesk-tmp"))
        .collect()
}

#[test]
fn after_saves_killed_mid_write_the_next_save_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.json");
    let out = run(
        &[
            "gen",
            "--customers",
            "3000",
            "--now",
            NOW,
            "-o",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A leftover from before, planted; the kills below may add their own.
    std::fs::write(dir.path().join(".g.json.Ab3xY9.partnerdesk-tmp"), b"{").unwrap();
    let mut most = 0;
    for round in 0..24u64 {
        let mut child = bin()
            .args(["__session", file.to_str().unwrap(), "--now", NOW])
            .args(["--churn", "0", "--save"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Spread over the open and a few saves of an ~8 MB file.
        std::thread::sleep(Duration::from_millis(40 + round * 13 % 300));
        let _ = child.kill();
        let _ = child.wait();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert!(!err.contains("panicked"), "round {round}: {err}");
        most = most.max(temporary_files(dir.path()).len());
        // Whatever a killed session journaled is saved before the next one opens.
        recover(&file);
    }
    eprintln!("at most {most} temporary files were left at once");
    let out = run(
        &[
            "tick",
            file.to_str().unwrap(),
            "--as",
            "operator",
            "--now",
            NOW,
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = bin()
        .args(["__session", file.to_str().unwrap(), "--now", NOW])
        .args(["--churn", "1", "--save"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(temporary_files(dir.path()), Vec::<String>::new());
    assert_eq!(listing(dir.path()), ["g.json", "g.json.bak"]);
}

#[test]
fn a_failed_start_leaves_no_lock_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let full = [("PARTNERDESK_FAULT", "lock-write")];
    let f = file.to_str().unwrap();
    let args = [
        "accept",
        f,
        "inv-1",
        "--as",
        "customer:fabrikam",
        "--now",
        NOW,
    ];
    let out = run(&args, &full);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert_eq!(listing(dir.path()), ["w.json"]);
    let new = dir.path().join("new.json");
    let out = run(&["demo", "--write", new.to_str().unwrap()], &full);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(listing(dir.path()), ["w.json"]);
    // A crashed writer's lock file is taken over; a takeover that fails removes it too.
    std::fs::write(dir.path().join("w.json.lock"), b"{}").unwrap();
    assert_eq!(run(&args, &full).status.code(), Some(2));
    assert_eq!(run(&args, &[]).status.code(), Some(0));
    assert_eq!(listing(dir.path()), ["w.json", "w.json.bak"]);
}

#[test]
fn reads_say_when_a_crashed_sessions_actions_wait_in_its_journal() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let f = file.to_str().unwrap();
    let reads: [&[&str]; 5] = [
        &["list", f, "invitations"],
        &["show", f, "inv-1"],
        &["check", f],
        &["export", f, "mapping"],
        &["history", f],
    ];
    let warned = |out: &Output| {
        let stderr = text(&out.stderr);
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| l.contains(&format!("partnerdesk recover {f}")))
            .collect();
        assert!(lines.len() <= 1, "one line at most: {stderr}");
        lines.len() == 1
    };
    for args in reads {
        let out = run(args, &[]);
        assert!(!warned(&out), "{args:?}: no journal, no warning");
    }
    // A session journals an accept and waits: its journal is its own business while it runs.
    let mut child = bin()
        .args(["__session", f, "--as", "customer:fabrikam", "--now", NOW])
        .args(["--hold", r#"{"type":"accept","invitationId":"inv-1"}"#])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !text(&seen).contains("journaled 1\n") {
        assert_eq!(out.read(&mut byte).unwrap(), 1, "the session ended early");
        seen.push(byte[0]);
    }
    let out = run(reads[0], &[]);
    assert!(
        !warned(&out),
        "a live writer's journal: {}",
        text(&out.stderr)
    );
    // Killed: the accept waits in the journal, and every read says so, once.
    let _ = child.kill();
    let _ = child.wait();
    for args in reads {
        let out = run(args, &[]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(warned(&out), "{args:?}: {}", text(&out.stderr));
    }
    let out = run(&["recover", f], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for args in reads {
        assert!(!warned(&run(args, &[])), "{args:?}: recovered");
    }
}
