//! The demo's dates: never ahead of its own date, stable at it, and following the day it is opened.

use super::*;

#[test]
fn demo_dates_never_run_ahead_of_its_date() {
    let ws = demo();
    let now = as_of(&ws);
    for s in ws.subscriptions() {
        assert!(s.created_date_time <= now, "{}", s.id);
    }
    for a in ws.assignments() {
        assert!(a.created_date_time <= now, "{}", a.id);
        let r = ws.relationship(&a.relationship_id).unwrap();
        assert!(
            r.start_date_time
                .is_some_and(|start| start <= a.created_date_time),
            "{} predates {}",
            a.id,
            r.id
        );
    }
    for r in ws.relationships() {
        assert!(r.created_date_time <= now, "{}", r.id);
        assert!(
            r.start_date_time
                .is_none_or(|start| r.created_date_time <= start && start <= now),
            "{}",
            r.id
        );
        assert!(
            r.history
                .iter()
                .all(|h| h.at <= now && h.at >= r.created_date_time),
            "{}",
            r.id
        );
        if r.status.is_ended() {
            assert!(
                r.end_date_time.is_some_and(|end| end <= now),
                "{} ended without a past end",
                r.id
            );
        }
    }
    let audit: Vec<&AuditEntry> = ws.audit().collect();
    assert!(!audit.is_empty(), "the demo shows an audit trail");
    for (n, entry) in audit.iter().enumerate() {
        assert_eq!(entry.seq, n as u64 + 1);
        assert!(entry.at <= now);
    }
    assert!(
        audit.windows(2).all(|w| w[0].at <= w[1].at),
        "audit out of order"
    );
}

#[test]
fn demo_is_stable_when_time_passes_at_its_own_date() {
    let ws = demo();
    let now = as_of(&ws);
    // Opened at any moment of the day: the demo is moved by whole days, so up to a day later.
    for later in [now, now.plus_seconds(12 * 3600), now.plus_seconds(86_399)] {
        let applied = apply(&ws, &Actor::Operator, &Action::PassTime, later).expect("time passes");
        assert!(
            applied.is_noop(),
            "passing time at {later} changes the demo: {:#?}",
            applied.events
        );
    }
}

#[test]
fn demo_dates_follow_the_day_it_is_opened() {
    let today = Time::parse("2027-06-01T09:00:00Z").unwrap();
    let ws = demo_workspace(today);
    assert_eq!(ws.meta().as_of, Some(today));
    assert!(check(&ws).is_empty(), "{:#?}", check(&ws));
    let open = ws
        .invitations()
        .filter(|i| i.status == InvitationStatus::Pending && i.expires_date_time > today)
        .count();
    assert!(open >= 3, "only {open} pending invitations still open");
    let soon = ws
        .relationships()
        .filter(|r| r.kind == RelationshipKind::Gdap)
        .filter_map(|r| r.days_left(today))
        .any(|left| (0..=30).contains(&left));
    assert!(
        soon,
        "no GDAP relationship ending within 30 days of the day it is opened"
    );
    let applied = apply(&ws, &Actor::Operator, &Action::PassTime, today).expect("time passes");
    assert!(
        applied.is_noop(),
        "the moved demo is not stable: {:#?}",
        applied.events
    );

    // The same records, every date moved by the same whole number of days.
    let original = demo();
    let shift = as_of(&original).days_until(today);
    // History from before DAP's retirement stays before it (DP1).
    let moved = |t: Time| {
        if t >= dap_retired() {
            t.plus_days(shift)
        } else {
            t
        }
    };
    for (a, b) in original.invitations().zip(ws.invitations()) {
        assert_eq!(a.id, b.id);
        assert_eq!(moved(a.created_date_time), b.created_date_time);
        assert_eq!(moved(a.expires_date_time), b.expires_date_time);
    }
    for (a, b) in original.relationships().zip(ws.relationships()) {
        assert_eq!(a.end_date_time.map(moved), b.end_date_time, "{}", a.id);
    }
    assert!(
        ws.invitations()
            .any(|i| i.kind == InvitationKind::ResellerAndDelegatedAdmin
                && i.created_date_time < dap_retired()),
        "the seed's reseller + DAP invitations stay before DAP's retirement"
    );
}

/// Every `YYYY-MM-DD` in a text, as dates.
fn dates_in(text: &str) -> Vec<jiff::civil::Date> {
    text.char_indices()
        .filter_map(|(i, _)| text.get(i..i + 10)?.parse::<jiff::civil::Date>().ok())
        .collect()
}

#[test]
fn dates_written_in_the_demo_history_move_with_the_day_it_is_opened() {
    let seed = demo();
    let day = as_of(&seed);
    let later = day.plus_days(100);
    let texts = |ws: &Workspace| -> Vec<String> {
        let notes = ws.relationships().flat_map(|r| {
            r.history
                .iter()
                .filter_map(|c| c.note.as_deref().map(str::to_string))
        });
        notes.chain(ws.audit().map(|e| e.summary.clone())).collect()
    };
    let (on_day, on_later) = (texts(&demo_workspace(day)), texts(&demo_workspace(later)));
    assert_eq!(on_day.len(), on_later.len());
    let mut moved = 0;
    for (a, b) in on_day.iter().zip(&on_later) {
        let (a_dates, b_dates) = (dates_in(a), dates_in(b));
        assert_eq!(a_dates.len(), b_dates.len(), "{a} / {b}");
        for (x, y) in a_dates.iter().zip(&b_dates) {
            if *x >= jiff::tz::Offset::UTC.to_datetime(dap_retired().0).date() {
                assert_eq!(
                    x.checked_add(jiff::Span::new().days(100)).unwrap(),
                    *y,
                    "{a} / {b}"
                );
                moved += 1;
            }
        }
    }
    assert!(moved > 0, "the demo history writes some dates in its texts");
    // An auto-extension's note names the end it extended the relationship to.
    let ws = demo_workspace(later);
    let extended = ws
        .relationships()
        .find_map(|r| {
            let note = r.history.iter().rev().find_map(|c| {
                c.note
                    .as_deref()
                    .filter(|n| n.starts_with("auto-extended by P180D to"))
            })?;
            Some((r, note.to_string()))
        })
        .expect("the demo has an auto-extended relationship");
    let end = extended.0.end_date_time.expect("an end date").date();
    assert!(extended.1.ends_with(&end), "{} ends {end}", extended.1);
}
