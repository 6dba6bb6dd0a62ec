//! The terminal app's figures: filter keystrokes and frames at 120x40, and one applied action.

use super::*;

/// p50 and p99.
pub(crate) type Percentiles = (Duration, Duration);

pub(crate) fn percentiles(mut samples: Vec<Duration>) -> Percentiles {
    if samples.is_empty() {
        return (Duration::ZERO, Duration::ZERO);
    }
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.99))
}

/// Filter keystrokes (narrowing and widening) and frames of the terminal app at 120x40, driven
/// the way the terminal loop drives it: after a key, while the search is unfinished, a frame is
/// drawn and the app works a slice, turn by turn. A key's figure is the time until the rows on
/// screen are final (the last frame excluded: frames have their own figure); the full count
/// (the search over every row) is timed too.
pub(crate) fn tui_figures(ws: Workspace, now: Time) -> Result<TuiFigures, String> {
    let mut app = App::new(ws, Source::Demo, now, Keymap::default());
    // Keystrokes are timed on a settled app: the search text written after opening is there.
    app.finish_preparing();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40))
        .map_err(|err| err.to_string())?;
    let mut draw = |app: &App| -> Result<Duration, String> {
        let started = Instant::now();
        terminal
            .draw(|frame| partnerdesk::tui::render(app, frame))
            .map_err(|err| err.to_string())?;
        Ok(started.elapsed())
    };
    draw(&app)?;

    let mut key_samples = Vec::new();
    let mut done_samples = Vec::new();
    let mut frame_samples = Vec::new();
    for query in [
        "contoso tr",
        "fabrikam",
        "cust-0001",
        "northwind ba",
        "zzz",
        "a",
    ] {
        for event in keys("/") {
            app.handle_event(event);
        }
        // Type the query, then erase it: narrowing keystrokes, then widening ones (full rescans).
        let mut script = query.replace(' ', "<space>");
        script.push_str(&"<bs>".repeat(query.chars().count()));
        for event in keys(&script) {
            let started = Instant::now();
            app.handle_event(event);
            while !app.list(app.pane()).screen_ready() {
                frame_samples.push(draw(&app)?);
                app.work();
            }
            key_samples.push(started.elapsed());
            frame_samples.push(draw(&app)?);
            while app.working() {
                app.work();
                frame_samples.push(draw(&app)?);
            }
            done_samples.push(started.elapsed());
        }
        for event in keys("<esc>") {
            app.handle_event(event);
        }
    }
    // Frames while moving through the list.
    for _ in 0..200 {
        for event in keys("j") {
            app.handle_event(event);
        }
        frame_samples.push(draw(&app)?);
    }
    Ok(TuiFigures {
        key: percentiles(key_samples),
        key_done: percentiles(done_samples),
        frame: percentiles(frame_samples),
    })
}

pub(crate) struct TuiFigures {
    /// Keystroke until the rows on screen are final.
    pub(crate) key: Percentiles,
    /// Keystroke until the search has covered every row (the count in the title is exact).
    pub(crate) key_done: Percentiles,
    pub(crate) frame: Percentiles,
}

/// p50 of one applied action (invite, then accept as the customer), each keeping the state
/// before it as its undo.
pub(crate) fn action_p50(ws: &Workspace, now: Time) -> Result<Duration, String> {
    let partner = ws
        .partners()
        .find(|p| p.billing_model == BillingModel::DirectBill)
        .map(|p| p.id.clone())
        .ok_or("no direct-bill partner")?;
    let customers: Vec<Id> = ws
        .customers()
        .filter(|c| !c.is_csp_partner)
        .step_by((ws.customers().len() / 200).max(1))
        .map(|c| c.id.clone())
        .collect();
    let mut samples = Vec::new();
    let mut undo: Vec<Workspace> = Vec::new();
    for customer in customers {
        let invite = Action::Invite {
            customer_id: customer.clone(),
            kind: InvitationKind::Reseller,
            via_provider_id: None,
            gdap: None,
            draft: false,
            for_reseller: None,
        };
        let started = Instant::now();
        let Ok(applied) = apply(ws, &Actor::Partner(partner.clone()), &invite, now) else {
            continue;
        };
        undo.push(ws.clone());
        samples.push(started.elapsed());
        let invited = applied.workspace;
        let Some(invitation) = invited
            .invitations_of_customer(&customer)
            .find(|i| {
                i.partner_id == partner
                    && i.status == InvitationStatus::Pending
                    && i.created_date_time == now
            })
            .map(|i| i.id.clone())
        else {
            continue;
        };
        let accept = Action::Accept {
            invitation_id: invitation,
        };
        let started = Instant::now();
        if let Ok(accepted) = apply(&invited, &Actor::Customer(customer.clone()), &accept, now) {
            undo.push(invited.clone());
            samples.push(started.elapsed());
            drop(accepted);
        }
        // Undo: the state before is simply kept; going back is dropping the newer one.
        undo.truncate(0);
    }
    if samples.is_empty() {
        return Err("no action was accepted".into());
    }
    Ok(percentiles(samples).0)
}
