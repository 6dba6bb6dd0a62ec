//! End to end: the real binary in a pseudo-terminal (portable-pty), its screen read back through
//! a vt100 parser. It opens a copy of the demo, invites a partner with keystrokes, accepts as the
//! customer, saves and quits (and renews the demo's soonest-ending GDAP relationship, accepts the
//! renewal and gives a security group its roles); then the file is loaded with the core and
//! checked. Private HOME and XDG directories; every wait is bounded.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod pty;

use partnerdesk::domain::{InvitationStatus, RelationshipKind, RelationshipStatus, Time};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use pty::{Running, Screen, WAIT, nonzero};

#[test]
fn invite_accept_save_quit_in_a_real_terminal() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("demo.json");
    let today = Time(jiff::Timestamp::now());
    std::fs::write(
        &file,
        partnerdesk::store::to_json(&partnerdesk::store::demo_workspace(today)),
    )
    .expect("the demo copy is written");
    let before = partnerdesk::store::load_file(&file).expect("the copy loads");
    let customers_before = before.workspace.counts();

    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_partnerdesk"));
    cmd.arg("open");
    cmd.arg(&file);
    cmd.env("HOME", dir.path());
    cmd.env("XDG_CONFIG_HOME", dir.path().join("config"));
    cmd.env("XDG_DATA_HOME", dir.path().join("data"));
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    let mut child = pair.slave.spawn_command(cmd).expect("the binary starts");
    drop(pair.slave);

    let parser = Arc::new(Mutex::new(vt100::Parser::new(nonzero(40), nonzero(120), 0)));
    let mut reader = pair.master.try_clone_reader().expect("a reader");
    let sink = Arc::clone(&parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut p) = sink.lock() {
                p.process(&buf[..n]);
            }
        }
    });
    let mut writer = pair.master.take_writer().expect("a writer");
    let screen = Screen(parser);
    let mut send = |keys: &str| {
        writer.write_all(keys.as_bytes()).expect("keys are sent");
        writer.flush().expect("keys are flushed");
        std::thread::sleep(Duration::from_millis(150));
    };

    screen.wait_for("Customers");
    screen.wait_for("acting as: operator");
    send("i");
    screen.wait_for("Preview");
    send("\r");
    screen.wait_for("acting as: partner");
    send("A");
    screen.wait_for("Act as");
    send("\r");
    screen.wait_for("acting as: customer");
    send("a");
    screen.wait_for("accept as customer");
    send("s");
    screen.wait_for("saved");
    send("q");

    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited on") {
            break status;
        }
        if start.elapsed() > WAIT {
            let _ = child.kill();
            panic!("the app did not quit; the screen was:\n{}", screen.text());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");

    let after = partnerdesk::store::load_file(&file).expect("the saved file loads");
    assert!(after.diagnostics.is_empty(), "{:?}", after.diagnostics);
    let ws = &after.workspace;
    assert_eq!(ws.counts().invitations, customers_before.invitations + 1);
    let new = ws
        .invitations()
        .find(|i| before.workspace.invitation(&i.id).is_none())
        .expect("the new invitation is in the file");
    assert_eq!(new.status, InvitationStatus::Accepted);
    let rel = ws
        .relationships_of_customer(&new.customer_id)
        .find(|r| r.partner_id == new.partner_id && r.invitation_id.as_ref() == Some(&new.id))
        .expect("the relationship the acceptance created");
    assert_eq!(rel.kind, RelationshipKind::Reseller);
    assert_eq!(rel.status, RelationshipStatus::Active);
}

fn demo_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let file = dir.join("demo.json");
    let today = Time(jiff::Timestamp::now());
    std::fs::write(
        &file,
        partnerdesk::store::to_json(&partnerdesk::store::demo_workspace(today)),
    )
    .expect("the demo copy is written");
    file
}

#[test]
fn an_accept_survives_sigkill_and_is_recovered_on_the_next_open() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo_copy(dir.path());
    let before = partnerdesk::store::load_file(&file).expect("the copy loads");
    let pending: Vec<_> = before
        .workspace
        .invitations()
        .filter(|i| i.status == InvitationStatus::Pending)
        .map(|i| i.id.clone())
        .collect();

    let mut app = Running::start(dir.path(), &["open".as_ref(), file.as_os_str()]);
    app.screen.wait_for("acting as: operator");
    // Invite (a pending invitation), act as its customer, accept it.
    app.send("i");
    app.screen.wait_for("Preview");
    app.send("\r");
    app.screen.wait_for("acting as: partner");
    app.send("A");
    app.screen.wait_for("Act as");
    app.send("\r");
    app.screen.wait_for("acting as: customer");
    app.send("a");
    app.screen.wait_for("accept as customer");
    // Shown as done, so it is in the journal: kill the process without a chance to save.
    app.child.kill().expect("SIGKILL");
    let _ = app.child.wait();
    drop(app);
    let unchanged = partnerdesk::store::load_file(&file).expect("the file still loads");
    assert_eq!(
        unchanged.workspace.counts().invitations,
        before.workspace.counts().invitations,
        "nothing was saved before the kill"
    );

    let mut app = Running::start(dir.path(), &["open".as_ref(), file.as_os_str()]);
    app.screen.wait_for("recovered");
    app.screen.wait_for("unsaved");
    app.send("s");
    app.screen.wait_for("saved");
    app.send("q");
    let status = app.wait_exit();
    assert!(status.success(), "exit status {status:?}");

    let after = partnerdesk::store::load_file(&file).expect("the saved file loads");
    let new = after
        .workspace
        .invitations()
        .find(|i| before.workspace.invitation(&i.id).is_none())
        .expect("the recovered invitation is in the file");
    assert_eq!(new.status, InvitationStatus::Accepted);
    assert!(!pending.contains(&new.id));
    assert!(!partnerdesk::store::journal::journal_path(&file).exists());
}

#[test]
fn a_second_session_on_the_same_file_is_read_only() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo_copy(dir.path());
    let mut first = Running::start(dir.path(), &["open".as_ref(), file.as_os_str()]);
    first.screen.wait_for("acting as: operator");
    let pid = first.child.process_id().expect("a pid").to_string();

    let mut second = Running::start(dir.path(), &["open".as_ref(), file.as_os_str()]);
    second.screen.wait_for("acting as: operator");
    second.screen.wait_for("read-only");
    second.screen.wait_for(&format!("pid {pid}"));
    second.send("q");
    assert!(second.wait_exit().success());
    // The first still holds the lock.
    assert!(partnerdesk::store::lock::holder(&file).is_some());
    first.send("q");
    assert!(first.wait_exit().success());
    assert!(partnerdesk::store::lock::holder(&file).is_none());
}

#[test]
fn renew_the_soonest_ending_gdap_relationship_accept_it_and_assign_a_group_in_a_real_terminal() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = demo_copy(dir.path());
    let before = partnerdesk::store::load_file(&file).expect("the copy loads");
    let old = before
        .workspace
        .relationship(&partnerdesk::domain::Id::new("rel-1072"))
        .expect("the demo's soonest-ending GDAP relationship")
        .clone();

    let mut app = Running::start(dir.path(), &["open".as_ref(), file.as_os_str()]);
    app.screen.wait_for("acting as: operator");
    // Pane 4 opens on the soonest-ending relationship; r: the renewal form, pre-filled.
    app.send("4");
    app.screen.wait_for("Relationships 50/50");
    app.send("r");
    app.screen.wait_for("Renew rel-1072");
    app.screen.wait_for("Relecloud - Fabrikam helpdesk renewal");
    app.send("\r");
    app.screen.wait_for("acting as: partner Relecloud");
    // The customer accepts it.
    app.send("A");
    app.screen.wait_for("Act as");
    app.send("\r");
    app.screen.wait_for("acting as: customer");
    app.send("a");
    app.screen.wait_for("accept as customer");
    // The renewal, found by name in pane 4: a security group gets both its roles.
    app.send("4/helpdesk renewal\r");
    app.send("+");
    app.screen.wait_for("Assign access on");
    app.send("8c2f0d9e-1b7a-4c3e-9f21-5a6b7c8d9e0f\tTier 1 helpdesk\t \x1b[B ");
    app.screen.wait_for("2 of the relationship's 2 ticked");
    app.send("\r");
    app.screen.wait_for("add access assignment as partner");
    app.send("s");
    app.screen.wait_for("saved");
    app.send("q");
    let status = app.wait_exit();
    assert!(status.success(), "exit status {status:?}");

    let after = partnerdesk::store::load_file(&file).expect("the saved file loads");
    assert!(after.diagnostics.is_empty(), "{:?}", after.diagnostics);
    let ws = &after.workspace;
    let renewal = ws
        .relationships_of_customer(&old.customer_id)
        .find(|r| before.workspace.relationship(&r.id).is_none())
        .expect("the renewal is in the file");
    assert_eq!(renewal.kind, RelationshipKind::Gdap);
    assert_eq!(renewal.status, RelationshipStatus::Active);
    assert_eq!(renewal.partner_id, old.partner_id);
    let (gdap, old_gdap) = (
        renewal.gdap.as_deref().unwrap(),
        old.gdap.as_deref().unwrap(),
    );
    assert_eq!(gdap.roles, old_gdap.roles);
    let assignment = ws
        .assignments_of_relationship(&renewal.id)
        .next()
        .expect("the access assignment is in the file");
    assert_eq!(
        assignment.security_group_id,
        "8c2f0d9e-1b7a-4c3e-9f21-5a6b7c8d9e0f"
    );
    assert_eq!(assignment.roles, gdap.roles);
}
