//! The terminal app driven by key events, asserting on the workspace the core returned: the
//! invite → act-as → accept flow (and its keystroke count), refusals that change nothing,
//! confirmations, undo/redo, jumps, filters, saving and quitting.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::{
    Actor, Id, InvitationStatus, RelationshipKind, RelationshipStatus, Time,
};
use partnerdesk::store::{demo_workspace, to_json};
use partnerdesk::tui::app::{Focus, Pane};
use partnerdesk::tui::testing::{keys, press, screen};
use partnerdesk::tui::{App, Effect, Keymap, Source};

fn now() -> Time {
    Time::parse("2026-11-24T09:00:00Z").expect("a fixed time")
}

fn demo_app() -> App {
    App::new(
        demo_workspace(now()),
        Source::Demo,
        now(),
        Keymap::default(),
    )
    .with_demo_save_path(Some("/tmp/partnerdesk-test/workspace.json".into()))
}

#[test]
fn invite_then_accept_as_the_customer_takes_five_keystrokes() {
    let mut app = demo_app();
    let customer = app
        .selected_id()
        .cloned()
        .expect("a customer is selected at launch");
    // i: invite form pre-filled (selected customer, first partner) · enter: invite
    // A: act-as picker, cursor already on the invited customer · enter: act as it · a: accept
    let script = "i<enter>A<enter>a";
    assert!(
        keys(script).len() <= 12,
        "the flow must fit in 12 keystrokes"
    );
    assert_eq!(keys(script).len(), 5);
    press(&mut app, script);

    assert_eq!(app.actor(), &Actor::Customer(customer.clone()));
    let ws = app.workspace();
    let invitation = ws
        .invitations_of_customer(&customer)
        .find(|i| i.created_date_time == now())
        .expect("the new invitation");
    assert_eq!(
        invitation.status,
        InvitationStatus::Accepted,
        "{:?}",
        app.status()
    );
    let relationship = ws
        .relationships_of_customer(&customer)
        .find(|r| r.partner_id == invitation.partner_id && r.kind == RelationshipKind::Reseller)
        .expect("the reseller relationship the acceptance created");
    assert_eq!(relationship.status, RelationshipStatus::Active);
    assert!(app.is_dirty());

    // s saves to the demo's save path (never into assets/); the shell reports back.
    let effects = press(&mut app, "s");
    match effects.as_slice() {
        [
            Effect::Save {
                path,
                then_quit: false,
                ..
            },
        ] => assert!(path.ends_with("workspace.json")),
        other => panic!("expected one save, got {other:?}"),
    }
}

#[test]
fn a_chosen_partner_and_customer_through_the_pickers() {
    let mut app = demo_app();
    // Customer by filter, partner by typing in the form's partner field (opens its picker).
    press(&mut app, "/northwind<enter>i");
    press(&mut app, "wingtip<enter>");
    press(&mut app, "<enter>");
    let northwind = Id::new("northwind");
    let inv = app
        .workspace()
        .invitations_of_customer(&northwind)
        .find(|i| i.created_date_time == now())
        .unwrap_or_else(|| panic!("no invitation; status: {:?}", app.status()));
    assert_eq!(inv.status, InvitationStatus::Pending);
    assert!(
        inv.partner_id.as_str().contains("wingtip"),
        "{}",
        inv.partner_id
    );
    assert_eq!(app.pane(), Pane::Invitations);
    assert_eq!(app.selected_id(), Some(&inv.id));
}

#[test]
fn a_gdap_invitation_with_roles_from_the_form() {
    let mut app = demo_app();
    // Kind is the third field; ← from reseller wraps to GDAP. The Helpdesk roles are pre-ticked.
    press(&mut app, "i<tab><tab><left><enter>");
    let ws = app.workspace();
    let rel = ws
        .relationships()
        .find(|r| r.created_date_time == now() && r.kind == RelationshipKind::Gdap)
        .unwrap_or_else(|| panic!("no GDAP relationship; status: {:?}", app.status()));
    assert_eq!(rel.status, RelationshipStatus::ApprovalPending);
    assert_eq!(rel.gdap.as_ref().map(|g| g.roles.len()), Some(3));
}

#[test]
fn a_refused_action_names_its_rule_and_changes_nothing() {
    let mut app = demo_app();
    let before = to_json(app.workspace());
    // As the operator, accepting an invitation its customer could accept is refused by IV1
    // (who answers); one the customer could not accept either names that rule instead.
    let open = app
        .workspace()
        .invitations()
        .find(|i| {
            let customer = Actor::Customer(i.customer_id.clone());
            let accept = partnerdesk::domain::Action::Accept {
                invitation_id: i.id.clone(),
            };
            partnerdesk::domain::check_action(app.workspace(), &customer, &accept, now()).is_ok()
        })
        .map(|i| i.id.clone())
        .expect("an invitation its customer could accept");
    press(&mut app, &format!("3/{open}<enter>a"));
    let status = app.status().expect("a status line");
    assert!(status.error && status.text.contains("IV1"), "{status:?}");
    assert_eq!(to_json(app.workspace()), before);
    assert!(!app.is_dirty());

    // Inviting a CSP-partner customer to resell is refused by MP6 inside the form; Enter keeps
    // the form open and the workspace unchanged.
    press(&mut app, "1/trey<enter>i<enter>");
    let status = app.status().expect("a status line");
    assert!(status.error && status.text.contains("MP6"), "{status:?}");
    assert!(app.has_modal());
    assert!(screen(&app, 120, 40).contains("refused by MP6"));
    assert_eq!(to_json(app.workspace()), before);
}

#[test]
fn destructive_actions_confirm_with_cancel_focused() {
    let mut app = demo_app();
    press(&mut app, "i<enter>A<enter>");
    let inv = app.selected_id().cloned().expect("the new invitation");
    // Enter alone cancels.
    press(&mut app, "d<enter>");
    assert_eq!(
        app.workspace().invitation(&inv).map(|i| i.status),
        Some(InvitationStatus::Pending)
    );
    press(&mut app, "dy");
    assert_eq!(
        app.workspace().invitation(&inv).map(|i| i.status),
        Some(InvitationStatus::Declined)
    );
}

#[test]
fn undo_and_redo_go_through_whole_states() {
    let mut app = demo_app();
    let before = app.workspace().counts();
    press(&mut app, "i<enter>");
    assert_eq!(app.workspace().counts().invitations, before.invitations + 1);
    press(&mut app, "u");
    assert_eq!(app.workspace().counts().invitations, before.invitations);
    assert!(!app.can_undo());
    press(&mut app, "<c-r>");
    assert_eq!(app.workspace().counts().invitations, before.invitations + 1);
}

#[test]
fn enter_jumps_to_a_referenced_record_and_esc_comes_back() {
    let mut app = demo_app();
    let customer = app.selected_id().cloned();
    press(&mut app, "<enter>");
    assert_eq!(app.focus(), Focus::Detail);
    press(&mut app, "<enter>");
    assert_eq!(app.pane(), Pane::Partners);
    press(&mut app, "<esc>");
    assert_eq!(app.pane(), Pane::Customers);
    assert_eq!(app.selected_id().cloned(), customer);
}

#[test]
fn slash_narrows_the_customers_as_you_type_and_esc_clears() {
    let mut app = demo_app();
    let all = app.list(Pane::Customers).len();
    press(&mut app, "/cont");
    assert_eq!(app.list(Pane::Customers).len(), 2);
    press(&mut app, "oso l");
    assert_eq!(app.list(Pane::Customers).len(), 1);
    press(&mut app, "<esc>");
    assert_eq!(app.list(Pane::Customers).len(), all);
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut app = demo_app();
    assert!(matches!(press(&mut app, "q").as_slice(), [Effect::Quit]));
    press(&mut app, "i<enter>");
    assert!(press(&mut app, "q").is_empty());
    assert!(press(&mut app, "n").is_empty());
    assert!(matches!(press(&mut app, "qy").as_slice(), [Effect::Quit]));
    let saved = press(&mut app, "qs");
    assert!(matches!(
        saved.as_slice(),
        [Effect::Save {
            then_quit: true,
            ..
        }]
    ));
}

#[test]
fn read_only_refuses_changes_and_saving() {
    let mut app = demo_app().with_read_only(true);
    let before = to_json(app.workspace());
    press(&mut app, "i");
    assert!(!app.has_modal());
    assert!(app.status().is_some_and(|s| s.text.contains("read-only")));
    assert!(press(&mut app, "s").is_empty());
    assert_eq!(to_json(app.workspace()), before);
    assert!(
        screen(&app, 120, 40)
            .lines()
            .next()
            .is_some_and(|l| l.contains("read-only"))
    );
}

#[test]
fn the_palette_runs_commands_by_name() {
    let mut app = demo_app();
    press(&mut app, ":relationships<enter>");
    assert_eq!(app.pane(), Pane::Relationships);
}

#[test]
fn status_filter_cycles_on_invitations() {
    let mut app = demo_app();
    press(&mut app, "3f");
    let pending = app.list(Pane::Invitations).len();
    assert!(pending > 0 && pending < app.list(Pane::Invitations).total());
    for id in (0..pending).filter_map(|_| app.selected_id().cloned()) {
        assert_eq!(
            app.workspace().invitation(&id).map(|i| i.status),
            Some(InvitationStatus::Pending)
        );
    }
}

#[test]
fn saving_the_demo_makes_the_file_the_source() {
    let mut app = demo_app();
    press(&mut app, "i<enter>");
    let effects = press(&mut app, "s");
    let Some(Effect::Save { path, .. }) = effects.into_iter().next() else {
        panic!("no save")
    };
    app.saved(path.clone(), Ok(partnerdesk::store::fingerprint(b"x")));
    assert!(!app.is_dirty());
    assert!(matches!(app.source(), Source::File { path: p, .. } if *p == path));
    assert!(
        app.status()
            .is_some_and(|s| s.text.contains("workspace.json"))
    );
}

#[test]
fn hostile_names_never_reach_the_screen_as_escapes() {
    use partnerdesk::domain::{Action, apply};
    let ws = demo_workspace(now());
    let mut customer = ws.customers().next().cloned().expect("a customer");
    customer.display_name = "Evil\u{1b}]52;c;SGVsbG8=\u{7}\u{1b}[2J 名前".into();
    let ws = apply(
        &ws,
        &Actor::Operator,
        &Action::EditCustomer { customer },
        now(),
    )
    .expect("edit")
    .workspace;
    let app = App::new(ws, Source::Demo, now(), Keymap::default());
    let text = screen(&app, 120, 40);
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
    assert!(text.contains('␛'));
}

/// Not a test of speed (no timing assertions): prints the cost of a frame and of a keystroke on a
/// workspace of 100,000 customers. Run with
/// `cargo test --profile release-no-lto --test tui_workflow -- --ignored --nocapture measure`.
#[test]
#[ignore]
fn measure_100k_customers() {
    use partnerdesk::domain::Customer;
    use partnerdesk::workspace::{Workspace, WorkspaceFile};
    use std::time::Instant;
    let mut file: WorkspaceFile =
        serde_json::from_str(partnerdesk::store::DEMO_JSON).expect("the demo parses");
    for n in 0..100_000 {
        file.customers.push(Customer {
            external_id: None,
            id: Id::new(format!("bulk-{n:06}")),
            tenant_id: format!("00000000-0000-4000-8000-{n:012}"),
            display_name: format!("Customer {n:06} 株式会社").into(),
            domain: format!("c{n:06}.onmicrosoft.com"),
            country: "US".into(),
            is_csp_partner: false,
            source: None,
        });
    }
    let start = Instant::now();
    let (ws, _) = Workspace::from_file(file);
    println!("workspace built: {:?}", start.elapsed());
    let start = Instant::now();
    let mut app = App::new(ws, Source::Demo, now(), Keymap::default());
    println!("App::new (indexes of 100k rows): {:?}", start.elapsed());
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("backend");
    let frames = 200;
    let start = Instant::now();
    for _ in 0..frames {
        terminal
            .draw(|f| partnerdesk::tui::render(&app, f))
            .expect("draw");
    }
    println!("frame at 120x40: {:?}", start.elapsed() / frames);
    let start = Instant::now();
    for event in keys("jjjjjjjjjj") {
        app.handle_event(event);
        terminal
            .draw(|f| partnerdesk::tui::render(&app, f))
            .expect("draw");
    }
    println!("keystroke j + frame: {:?}", start.elapsed() / 10);
    press(&mut app, "G");
    let start = Instant::now();
    for event in keys("/customer 0") {
        app.handle_event(event);
        terminal
            .draw(|f| partnerdesk::tui::render(&app, f))
            .expect("draw");
    }
    println!(
        "filter keystroke + frame (avg of 11, first is a full scan): {:?}; {} rows match",
        start.elapsed() / 11,
        app.list(Pane::Customers).len()
    );
    let start = Instant::now();
    for event in keys("<bs><bs><bs>") {
        app.handle_event(event);
    }
    println!(
        "widening keystroke (full rescan): {:?}",
        start.elapsed() / 3
    );
    press(&mut app, "<esc>");
    let start = Instant::now();
    press(&mut app, "i<enter>");
    println!(
        "invite (form + core apply + index rebuild): {:?} — {:?}",
        start.elapsed(),
        app.status().map(|s| s.text.clone())
    );
    let start = Instant::now();
    press(&mut app, "A");
    println!("act-as picker open (100k items): {:?}", start.elapsed());
    let start = Instant::now();
    press(&mut app, "cus");
    println!("act-as fuzzy keystroke: {:?}", start.elapsed() / 3);
}

#[test]
fn mouse_clicks_select_panes_and_rows_and_the_wheel_scrolls() {
    use crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mouse = |kind, column, row| {
        Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    let mut app = demo_app();
    let _ = screen(&app, 120, 40); // the renderer records where things are
    // Row 1 holds the tabs: " 1 Customers (15)   2 Partners (7) ..."; click inside "Partners".
    app.handle_event(mouse(MouseEventKind::Down(MouseButton::Left), 25, 1));
    assert_eq!(app.pane(), Pane::Partners);
    let _ = screen(&app, 120, 40);
    // The table's first data row is at y = 4 (header bar, tabs, border, column titles).
    app.handle_event(mouse(MouseEventKind::Down(MouseButton::Left), 10, 6));
    assert_eq!(app.list(Pane::Partners).selected(), 2);
    app.handle_event(mouse(MouseEventKind::ScrollDown, 10, 6));
    assert_eq!(app.list(Pane::Partners).selected(), 5);
}

#[test]
fn y_shows_the_script_of_a_gdap_invitation_with_its_role_ids() {
    let mut app = demo_app();
    // A GDAP invitation from the form (Helpdesk roles pre-ticked); the app selects it.
    press(&mut app, "i<tab><tab><left><enter>");
    let rel = app
        .workspace()
        .relationships()
        .find(|r| r.created_date_time == now() && r.kind == RelationshipKind::Gdap)
        .unwrap_or_else(|| panic!("no GDAP relationship; status: {:?}", app.status()))
        .clone();
    let roles = rel
        .gdap
        .as_ref()
        .map(|g| g.roles.clone())
        .unwrap_or_default();
    assert_eq!(roles.len(), 3);
    assert_eq!(app.pane(), Pane::Invitations);
    press(&mut app, "y");
    assert!(app.has_modal(), "{:?}", app.status());
    let text = screen(&app, 200, 60);
    assert!(text.contains("az rest"), "{text}");
    // Scroll until every role id has been on screen.
    let mut seen = text.clone();
    for _ in 0..10 {
        press(&mut app, "<pgdn>");
        seen.push_str(&screen(&app, 200, 60));
    }
    for role in &roles {
        assert!(
            seen.contains(role.as_str()),
            "role {role} not shown:\n{seen}"
        );
    }
    // Tab switches to PowerShell, which names the same roles.
    press(&mut app, "<tab>");
    let mut pwsh = screen(&app, 200, 60);
    for _ in 0..10 {
        press(&mut app, "<pgdn>");
        pwsh.push_str(&screen(&app, 200, 60));
    }
    assert!(pwsh.contains("Invoke-MgGraphRequest"), "{pwsh}");
    for role in &roles {
        assert!(
            pwsh.contains(role.as_str()),
            "role {role} not shown:\n{pwsh}"
        );
    }
    press(&mut app, "<esc>");
    assert!(!app.has_modal());

    // On the relationship itself too (pane 4).
    press(&mut app, "4");
    assert!(app.workspace().relationship(&rel.id).is_some());
}

#[test]
fn y_without_a_relationship_or_invitation_says_why() {
    let mut app = demo_app();
    press(&mut app, "y");
    assert!(!app.has_modal());
    let status = app.status().expect("a status line");
    assert!(
        status.error && status.text.contains("emit") && status.text.contains("select"),
        "{status:?}"
    );
    press(&mut app, "?");
    let help = screen(&app, 120, 60);
    assert!(
        help.contains("emit") && help.contains("unavailable — select a relationship"),
        "{help}"
    );
}

#[test]
fn bulk_invite_of_marked_customers_applies_the_allowed_and_one_undo_takes_all_back() {
    let mut app = demo_app();
    let before = to_json(app.workspace());
    // Space marks (and moves down): the first two customers, then Trey Research (a CSP partner).
    press(&mut app, "<space><space>/trey<enter><space><esc>");
    assert_eq!(app.marked().len(), 3, "{:?}", app.status());
    assert!(app.marked().contains(&Id::new("trey-research")));
    let marked: Vec<Id> = app.marked().iter().cloned().collect();
    let table = screen(&app, 120, 40);
    assert!(table.contains("3 marked"), "{table}");
    assert!(table.contains("[x]"), "{table}");

    // i opens the invite form for all three; the preview names each, and MP6 for Trey Research.
    press(&mut app, "i");
    let form = screen(&app, 120, 40);
    assert!(form.contains("3 marked"), "{form}");
    assert!(form.contains("2 allowed, 1 refused"), "{form}");
    assert!(form.contains("refused by MP6"), "{form}");
    assert_eq!(
        to_json(app.workspace()),
        before,
        "the preview changes nothing"
    );

    press(&mut app, "<enter>");
    assert!(!app.has_modal(), "{:?}", app.status());
    let status = app.status().expect("a status line");
    // A partial success says exactly what happened, and is not marked as an error.
    assert!(
        status.text.starts_with("invited 2 of 3; 1 refused: MP6"),
        "{status:?}"
    );
    assert!(!status.error, "{status:?}");
    assert!(status.text.contains("Trey Research"), "{status:?}");
    let ws = app.workspace();
    for id in &marked {
        let new = ws
            .invitations_of_customer(id)
            .filter(|i| i.created_date_time == now())
            .count();
        let expected = usize::from(id.as_str() != "trey-research");
        assert_eq!(new, expected, "{id}");
    }
    assert!(app.marked().is_empty(), "applying clears the marks");
    // Each invitation is journaled on its own.
    assert_eq!(
        app.journal()
            .iter()
            .filter(|e| e.action.name() == "invite")
            .count(),
        2
    );

    // One undo takes back the whole batch, and says so.
    press(&mut app, "u");
    assert_eq!(to_json(app.workspace()), before, "{:?}", app.status());
    let undone = &app.status().expect("a status line").text;
    assert!(
        undone.starts_with("undone: one batch of 2 invitations"),
        "{undone}"
    );
    assert!(app.journal().iter().all(|e| e.action.name() != "invite"));
    // And one redo brings it back.
    press(&mut app, "<c-r>");
    assert_eq!(
        app.journal()
            .iter()
            .filter(|e| e.action.name() == "invite")
            .count(),
        2
    );
}

#[test]
fn marks_are_cleared_by_esc_and_space_outside_customers_says_why() {
    let mut app = demo_app();
    press(&mut app, "<space>");
    assert_eq!(app.marked().len(), 1);
    press(&mut app, "<esc>");
    assert!(app.marked().is_empty());
    press(&mut app, "3<space>");
    let status = app.status().expect("a status line");
    assert!(
        status.error && status.text.contains("mark") && status.text.contains("pane 1"),
        "{status:?}"
    );
}
