//! Subscriptions and master data from the keyboard: selecting a subscription in a customer's
//! detail, suspending (`z`) and reactivating (`Z`) it as its partner of record, buying one
//! (`b`), adding a customer (`C`) and a partner (`N`) as the operator — each checked with the
//! core, refused with the rule's name, and undone; and snapshots of the three forms.

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use partnerdesk::domain::{Actor, BillingCycle, BillingModel, Id, SubscriptionStatus, Time};
use partnerdesk::store::{demo_workspace, to_json};
use partnerdesk::tui::app::Focus;
use partnerdesk::tui::testing::{press, screen};
use partnerdesk::tui::{App, Keymap, Source};

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
}

fn status(app: &App) -> String {
    app.status().map(|s| s.text.clone()).unwrap_or_default()
}

fn sub_status(app: &App, id: &str) -> SubscriptionStatus {
    app.workspace()
        .subscription(&Id::new(id))
        .expect("the subscription")
        .status
}

/// Filters the Customers pane to `customer`, enters its detail and moves ↓ until the
/// subscription `sub` is the selected line — by keys only.
fn select_subscription(app: &mut App, customer: &str, sub: &str) {
    press(app, &format!("1/{customer}<enter><enter>"));
    assert_eq!(app.focus(), Focus::Detail);
    for _ in 0..60 {
        let selected = app.detail_target().and_then(|t| t.subscription().cloned());
        if selected.as_ref().map(Id::as_str) == Some(sub) {
            return;
        }
        press(app, "<down>");
    }
    panic!("{sub} is not a line of {customer}'s detail");
}

#[test]
fn a_subscription_is_selected_in_the_customers_detail_and_enter_still_jumps_to_its_partner() {
    let mut app = demo_app();
    select_subscription(&mut app, "contoso", "sub-1004");
    press(&mut app, "<enter>");
    assert_eq!(app.selected_id(), Some(&Id::new("relecloud")));
}

#[test]
fn suspend_then_reactivate_by_keys_as_the_partner_of_record_then_undo() {
    let mut app = demo_app();
    select_subscription(&mut app, "contoso", "sub-1004");
    let before = to_json(app.workspace());

    // As the operator the core refuses, naming SB1, and nothing changes.
    press(&mut app, "z");
    assert!(status(&app).contains("SB1"), "{}", status(&app));
    assert_eq!(to_json(app.workspace()), before);

    // Act-as starts on the partner of record: A Enter, then z, then Z.
    press(&mut app, "A<enter>");
    assert_eq!(app.actor(), &Actor::Partner(Id::new("relecloud")));
    press(&mut app, "z");
    assert_eq!(
        sub_status(&app, "sub-1004"),
        SubscriptionStatus::Suspended,
        "{}",
        status(&app)
    );
    // Suspending twice is refused by the core (SB1: only an active one is suspended).
    press(&mut app, "z");
    assert!(status(&app).contains("SB1"), "{}", status(&app));
    press(&mut app, "Z");
    assert_eq!(sub_status(&app, "sub-1004"), SubscriptionStatus::Active);

    // Both were journaled; two undos bring the workspace back.
    assert_eq!(app.journal().len(), 2);
    press(&mut app, "uu");
    assert_eq!(to_json(app.workspace()), before);
}

#[test]
fn suspend_outside_a_customers_detail_says_what_to_select() {
    let mut app = demo_app();
    press(&mut app, "z");
    assert!(
        status(&app).contains("select a subscription"),
        "{}",
        status(&app)
    );
}

#[test]
fn buy_from_the_customers_pane_as_a_partner_that_resells_to_it_then_undo() {
    let mut app = demo_app();
    press(&mut app, "/contoso<enter>b");
    assert!(app.has_modal());
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("✓ allowed"), "{shown}");
    // Offer: clear it, type another; quantity 25; term P3Y (→ from P1Y); billing annual (→).
    press(
        &mut app,
        "<tab><c-u>Microsoft 365 E5<tab><bs>25<tab><right><tab><right><enter>",
    );
    assert!(!app.has_modal(), "{}", status(&app));
    let ws = app.workspace();
    let sub = ws
        .subscriptions_of_customer(&Id::new("contoso"))
        .find(|s| s.created_date_time == now())
        .unwrap_or_else(|| panic!("no subscription bought: {}", status(&app)));
    assert_eq!(sub.offer_name.to_string(), "Microsoft 365 E5");
    assert_eq!(sub.quantity, 25);
    assert_eq!(sub.term_duration.to_string(), "P3Y");
    assert_eq!(sub.billing_cycle, BillingCycle::Annual);
    assert_eq!(app.actor(), &Actor::Partner(sub.partner_of_record.clone()));
    assert_eq!(app.journal().len(), 1);

    let id = sub.id.clone();
    press(&mut app, "u");
    assert!(app.workspace().subscription(&id).is_none());
}

#[test]
fn buy_as_a_partner_without_a_reseller_relationship_is_refused_naming_ws2() {
    let mut app = demo_app();
    press(&mut app, "/contoso<enter>b");
    // Cycle back from the resellers to one that does not resell to Contoso (listed last).
    press(&mut app, "<left>");
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("refused by WS2"), "{shown}");
    let before = to_json(app.workspace());
    press(&mut app, "<enter>");
    assert!(app.has_modal(), "a refusal keeps the form open");
    assert!(status(&app).contains("WS2"), "{}", status(&app));
    assert_eq!(to_json(app.workspace()), before);
}

const TENANT: &str = "0f2b6c1e-3a4d-4b5c-8d9e-112233445566";

#[test]
fn add_a_customer_as_the_operator_then_undo() {
    let mut app = demo_app();
    press(&mut app, "A<enter>");
    assert_ne!(app.actor(), &Actor::Operator);
    press(
        &mut app,
        &format!(
            "Cadventure-works<tab>Adventure Works<tab>adventureworks.onmicrosoft.com<tab>de<tab>{TENANT}<enter>"
        ),
    );
    assert!(!app.has_modal(), "{}", status(&app));
    let ws = app.workspace();
    let customer = ws
        .customer(&Id::new("adventure-works"))
        .unwrap_or_else(|| panic!("no customer: {}", status(&app)));
    assert_eq!(customer.country.to_string(), "DE");
    assert_eq!(customer.tenant_id, TENANT);
    assert!(!customer.is_csp_partner);
    assert_eq!(
        app.actor(),
        &Actor::Operator,
        "master data is the operator's"
    );
    assert_eq!(app.selected_id(), Some(&Id::new("adventure-works")));
    assert_eq!(app.journal().len(), 1);

    press(&mut app, "u");
    assert!(
        app.workspace()
            .customer(&Id::new("adventure-works"))
            .is_none()
    );
}

#[test]
fn a_customer_with_a_bad_tenant_id_is_refused_naming_id3() {
    let mut app = demo_app();
    press(
        &mut app,
        "Cadventure-works<tab>Adventure Works<tab>adventureworks.onmicrosoft.com<tab>DE<tab>not-a-guid",
    );
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("refused by ID3"), "{shown}");
    let before = to_json(app.workspace());
    press(&mut app, "<enter>");
    assert!(app.has_modal());
    assert!(status(&app).contains("ID3"), "{}", status(&app));
    assert_eq!(to_json(app.workspace()), before);
}

#[test]
fn add_an_indirect_reseller_with_its_provider_as_the_operator_then_undo() {
    let mut app = demo_app();
    // Billing model: → twice to indirect reseller; providers: space opens the picker, type to
    // find Lucerne, Tab ticks it, Enter keeps it.
    press(
        &mut app,
        &format!(
            "Ngraphic-design<tab>Graphic Design Institute<tab>1234567<tab>{TENANT}<tab><right><right><tab><space>lucerne<tab><enter>"
        ),
    );
    let shown = screen(&app, 120, 40);
    assert!(shown.contains("Lucerne Distribution"), "{shown}");
    press(&mut app, "<enter>");
    assert!(!app.has_modal(), "{}", status(&app));
    let partner = app
        .workspace()
        .partner(&Id::new("graphic-design"))
        .unwrap_or_else(|| panic!("no partner: {}", status(&app)))
        .clone();
    assert_eq!(partner.billing_model, BillingModel::IndirectReseller);
    assert_eq!(partner.providers, vec![Id::new("lucerne-distribution")]);
    assert_eq!(partner.partner_id, "1234567");
    assert_eq!(app.actor(), &Actor::Operator);

    press(&mut app, "u");
    assert!(
        app.workspace()
            .partner(&Id::new("graphic-design"))
            .is_none()
    );
}

#[test]
fn the_palette_reaches_each_command_by_its_cli_name() {
    for (name, title) in [
        ("buy", "Buy"),
        ("add-customer", "Add customer"),
        ("add-partner", "Add partner"),
    ] {
        let mut app = demo_app();
        press(&mut app, &format!(":{name}<enter>"));
        let shown = screen(&app, 120, 40);
        assert!(shown.contains(title), "{name}: {shown}");
    }
}

fn snap(name: &str, script: &str) {
    let mut app = demo_app();
    press(&mut app, script);
    insta::assert_snapshot!(name, screen(&app, 120, 40));
}

#[test]
fn buy_form_snapshot() {
    snap("buy_form_120x40", "/contoso<enter>b");
}

#[test]
fn add_customer_form_snapshot() {
    snap(
        "add_customer_form_120x40",
        "Cadventure-works<tab>Adventure Works<tab>adventureworks.onmicrosoft.com<tab>de",
    );
}

#[test]
fn add_partner_form_snapshot() {
    snap(
        "add_partner_form_120x40",
        "Ngraphic-design<tab>Graphic Design Institute",
    );
}

#[test]
fn forms_fit_80x24_without_losing_the_verdict() {
    let mut app = demo_app();
    press(&mut app, "/contoso<enter>b");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("allowed"), "{shown}");
}
