//! The embedded demo workspace (`assets/demo.json`) and the promises it makes: it loads without a
//! single finding, shows every status the product knows, stays put when opened, follows the day it
//! is opened, and leaves room for a live demo (a pending invitation to accept, a customer nobody has
//! invited yet, a CSP-partner customer that nobody may resell to).

// Helpers outside #[test] functions may unwrap too: a failure stops the test where it happened.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod contents;
mod dates;
mod invitations;
mod live_demo;
mod relationships;

use std::collections::{BTreeMap, BTreeSet};

use partnerdesk::domain::duration::AutoExtend;
use partnerdesk::domain::lifecycle::{dap_retired, ending_soon, is_microsoft_led_transition};
use partnerdesk::domain::roles::{GLOBAL_ADMINISTRATOR, find_role};
use partnerdesk::domain::*;
use partnerdesk::store::{DEMO_JSON, demo_workspace, parse_workspace, to_json};
use partnerdesk::workspace::{Workspace, check};

fn demo() -> Workspace {
    let (ws, diagnostics) = parse_workspace(DEMO_JSON.as_bytes()).expect("the demo parses");
    assert!(
        diagnostics.is_empty(),
        "the demo has findings: {diagnostics:#?}"
    );
    ws
}

fn as_of(ws: &Workspace) -> Time {
    ws.meta()
        .as_of
        .expect("the demo names the moment it describes (asOf)")
}

fn id(text: &str) -> Id {
    Id::new(text)
}

fn partner_count(ws: &Workspace, customer: &Id) -> usize {
    ws.partners_of_customer(customer).len()
}

fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| {
            g.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        })
}

fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}
