//! Crash tests: the real binary, writing like the terminal app (`partnerdesk __session`: lock,
//! journal, save), is killed with SIGKILL at random moments. Afterwards the file is always the old
//! or the new version and loads cleanly, and nothing the session had shown as done is lost: a
//! `journaled N` line is printed only after the journal's fsync, `saved N` after the rename.
//!
//! `PARTNERDESK_CRASH_ROUNDS` sets the rounds (default 150 per test); `bench/crash-long.sh` runs
//! thousands.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

use common::binary::command;
use partnerdesk::store::load_file;

const NOW: &str = "2026-11-24T10:00:00Z";

fn base() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/base.workspace"),
    )
    .unwrap()
}

fn rounds() -> u64 {
    std::env::var("PARTNERDESK_CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150)
}

/// A small deterministic generator (xorshift), seeded from the clock and printed on failure.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("PARTNERDESK_CRASH_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("crash test seed: PARTNERDESK_CRASH_SEED={seed}");
        Rng(seed)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn spawn_session(file: &Path, args: &[&str]) -> Child {
    command()
        .arg("__session")
        .arg(file)
        .args(["--now", NOW])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs")
}

/// Kills with SIGKILL and returns what the child had printed.
fn kill(mut child: Child) -> (String, String) {
    let _ = child.kill();
    let _ = child.wait();
    let mut out = String::new();
    let mut err = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (out, err)
}

fn last_number(out: &str, word: &str) -> Option<u64> {
    out.lines()
        .rev()
        .find_map(|l| l.strip_prefix(word).and_then(|n| n.trim().parse().ok()))
}

/// The churned name in the file: `Churn N by PID` → N; the base's `Adatum` → 0.
fn churn_in_file(file: &Path) -> u64 {
    let loaded = load_file(file)
        .unwrap_or_else(|err| panic!("{} does not load after a kill: {err}", file.display()));
    assert!(
        loaded.diagnostics.is_empty(),
        "findings after a kill: {:?}",
        loaded.diagnostics
    );
    let name = loaded
        .workspace
        .customers()
        .next()
        .unwrap()
        .display_name
        .clone();
    name.strip_prefix("Churn ")
        .map_or(0, |n| n.split(' ').next().unwrap().parse().unwrap())
}

fn workspace(dir: &Path) -> PathBuf {
    let file = dir.join("w.json");
    std::fs::write(&file, base()).unwrap();
    file
}

fn recover(file: &Path) -> String {
    let out = command().arg("recover").arg(file).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "recover failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[cfg(unix)]
#[test]
fn a_writer_killed_while_saving_leaves_the_old_or_the_new_file_and_loses_nothing_shown() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let mut rng = Rng::new();
    let mut saves = 0;
    for round in 0..rounds() {
        let before = churn_in_file(&file);
        let child = spawn_session(&file, &["--churn", "0", "--save"]);
        std::thread::sleep(Duration::from_micros(rng.below(60_000)));
        let (out, err) = kill(child);
        assert!(!err.contains("panicked"), "round {round}: {err}");
        let saved = last_number(&out, "saved ");
        let journaled = last_number(&out, "journaled ");
        saves += saved.unwrap_or(0);
        // The file is exactly one version: the one before this session, or one it saved.
        let now = churn_in_file(&file);
        match saved {
            None => assert!(
                now == before || now == 1,
                "round {round}: file at {now}, before {before}, nothing saved"
            ),
            Some(s) => assert!(
                now == s || now == s + 1,
                "round {round}: file at {now}, last saved {s}"
            ),
        }
        // Recovery brings back everything shown as journaled.
        recover(&file);
        let recovered = churn_in_file(&file);
        if let Some(j) = journaled {
            assert!(
                recovered == j || recovered == j + 1,
                "round {round}: recovered {recovered}, journaled {j}: {out}"
            );
        }
        assert!(
            !dir.path().join("w.json.journal").exists(),
            "round {round}: recover empties the journal"
        );
        assert!(
            !dir.path().join("w.json.lock").exists(),
            "round {round}: recover releases its lock"
        );
    }
    // Temporary files of killed saves are the only leftovers, named after the file.
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name == "w.json" || name == "w.json.bak" || name.starts_with(".w.json."),
            "unexpected {name}"
        );
    }
    eprintln!("{} rounds, {saves} saves seen", rounds());
}

#[cfg(unix)]
#[test]
fn a_writer_killed_while_journaling_loses_nothing_shown_as_done() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let mut rng = Rng::new();
    for round in 0..rounds() {
        let child = spawn_session(&file, &["--churn", "0"]);
        std::thread::sleep(Duration::from_micros(rng.below(40_000)));
        let (out, err) = kill(child);
        assert!(!err.contains("panicked"), "round {round}: {err}");
        // The next writer recovers the journal on open (as the terminal app does), or `recover`.
        if round % 2 == 0 {
            recover(&file);
        } else {
            let child = spawn_session(&file, &["--churn", "1", "--save"]);
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let text = String::from_utf8_lossy(&output.stdout);
            if last_number(&out, "journaled ").is_some() {
                assert!(
                    text.starts_with("recovered "),
                    "round {round}: the next session says what it recovered: {text}"
                );
            }
            // That session churned once more from 1: the name is Churn 1 now; what matters is
            // that it loaded, recovered and saved cleanly.
            churn_in_file(&file);
            continue;
        }
        let recovered = churn_in_file(&file);
        if let Some(j) = last_number(&out, "journaled ") {
            assert!(
                recovered == j || recovered == j + 1,
                "round {round}: recovered {recovered}, journaled {j}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn an_accepted_invitation_journaled_but_not_saved_is_recovered_on_the_next_open() {
    use partnerdesk::domain::Id;
    use partnerdesk::domain::InvitationStatus;
    use partnerdesk::store::lock::App;
    use partnerdesk::store::session::{Mode, Session};

    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let before = std::fs::read(&file).unwrap();
    let mut child = spawn_session(
        &file,
        &[
            "--as",
            "customer:fabrikam",
            "--hold",
            r#"{"type":"accept","invitationId":"inv-1"}"#,
        ],
    );
    // Wait until the session says it is done (journaled), then kill it before any save.
    let mut out = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !String::from_utf8_lossy(&seen).contains("journaled 1\n") {
        assert_eq!(out.read(&mut byte).unwrap(), 1, "the session ended early");
        seen.push(byte[0]);
    }
    // While it runs, a second writer is refused, naming it.
    let refused = command()
        .args([
            "decline",
            file.to_str().unwrap(),
            "inv-1",
            "--as",
            "customer:fabrikam",
        ])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(
        message.contains("is locked by the terminal app (pid ")
            && message.contains(&child.id().to_string()),
        "{message}"
    );
    // Bulk invite and import save through the same lock.
    let csv = dir.path().join("customers.csv");
    std::fs::write(&csv, "domain\nadatum.onmicrosoft.com\n").unwrap();
    let bulk = command()
        .args([
            "invite",
            file.to_str().unwrap(),
            "--as",
            "partner:northwind",
            "--customers-from",
            csv.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        bulk.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&bulk.stderr)
    );
    assert!(String::from_utf8_lossy(&bulk.stderr).contains("is locked by the terminal app"));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(std::fs::read(&file).unwrap(), before, "nothing was saved");
    // A command refuses to build on a file whose journal holds unsaved actions.
    let pending = command()
        .args(["tick", file.to_str().unwrap(), "--as", "operator"])
        .output()
        .unwrap();
    assert_eq!(pending.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&pending.stderr).contains("partnerdesk recover"));
    // A read-only look shows the recovered state and writes nothing.
    let mut look = Session::open(&file, Mode::ReadOnly, App::Tui).unwrap();
    assert_eq!(
        look.workspace()
            .invitation(&Id::new("inv-1"))
            .unwrap()
            .status,
        InvitationStatus::Accepted
    );
    assert!(look.save().is_err());
    drop(look);
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // The next writer's open recovers it and says so; saving makes it permanent.
    let mut session = Session::open(&file, Mode::ReadWrite, App::Tui).unwrap();
    let recovered = session.recovered().expect("a journal was recovered");
    assert_eq!(recovered.applied, 1, "{}", recovered.summary());
    assert!(
        recovered
            .summary()
            .starts_with("recovered 1 unsaved action")
    );
    assert_eq!(
        session
            .workspace()
            .invitation(&Id::new("inv-1"))
            .unwrap()
            .status,
        InvitationStatus::Accepted
    );
    session.save().unwrap();
    drop(session);
    let loaded = load_file(&file).unwrap();
    assert_eq!(
        loaded
            .workspace
            .invitation(&Id::new("inv-1"))
            .unwrap()
            .status,
        InvitationStatus::Accepted
    );
    assert!(!dir.path().join("w.json.journal").exists());
}

#[cfg(unix)]
#[test]
fn recover_reports_a_torn_tail_and_refused_records() {
    let dir = tempfile::tempdir().unwrap();
    let file = workspace(dir.path());
    let journal = dir.path().join("w.json.journal");
    // Two sessions' worth of journal: accept inv-1, then decline it (refused now: IV2), then a
    // torn third record.
    let child = spawn_session(
        &file,
        &[
            "--as",
            "customer:fabrikam",
            "--hold",
            r#"{"type":"accept","invitationId":"inv-1"}"#,
        ],
    );
    std::thread::sleep(Duration::from_millis(300));
    let (out, _) = kill(child);
    assert!(out.contains("journaled 1"), "{out}");
    let mut text = std::fs::read_to_string(&journal).unwrap();
    let first = text.clone();
    let second = first
        .replace("\"seq\":1", "\"seq\":2")
        .replace("\"auditSeq\":", "\"auditSeq\":1");
    // Re-sign the edited record so only the core, not the checksum, refuses it.
    let body = second.trim_end().strip_prefix("{\"crc32\":\"").unwrap()[8..]
        .strip_prefix("\",\"entry\":")
        .unwrap()
        .strip_suffix('}')
        .unwrap()
        .to_string();
    let body = body.replace("\"type\":\"accept\"", "\"type\":\"decline\"");
    let line = format!(
        "{{\"crc32\":\"{:08x}\",\"entry\":{body}}}\n",
        crc32(body.as_bytes())
    );
    text.push_str(&line);
    text.push_str("{\"crc32\":\"0000");
    std::fs::write(&journal, text).unwrap();
    let out = command()
        .args(["recover", file.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["applied"], 1);
    assert_eq!(report["refused"][0]["seq"], 2);
    assert_eq!(report["refused"][0]["rule"], "IV2");
    assert!(report["tornTail"].as_str().unwrap().contains("line 3"));
    assert!(!journal.exists());
}

/// CRC-32 (IEEE), as the journal writes it, without depending on the crate from a test.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
