//! `bench --offboard FILE`: load FILE once, then time offboarding (the core's `apply_offboard`,
//! the work behind `partnerdesk offboard`, the app's `X` confirmation and its availability in
//! `?`) for 200 partner–customer pairs spread over the workspace, as the relationship's partner.
//! An offboarding reads one customer's relationships and invitations, so its time should not
//! grow with the workspace.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use partnerdesk::domain::{Action, Actor, Time, apply_offboard};

use super::{human, percentiles};

pub const OFFBOARD: &str = "--offboard";

pub fn offboard(path: &Path) -> ExitCode {
    let Some(loaded) = super::load_or_say(path) else {
        return ExitCode::FAILURE;
    };
    let ws = &loaded.workspace;
    // After every date the generator writes (TM1), as the CLI's clock would be.
    let now = ws
        .audit()
        .last()
        .map_or(Time::from_seconds(1_795_510_800), |e| e.at.plus_days(1));
    let step = (ws.relationships().len() / 200).max(1);
    let mut samples = Vec::new();
    let (mut partial, mut whole, mut refused) = (0, 0, 0);
    for r in ws.relationships().step_by(step).take(200) {
        let action = Action::Offboard {
            partner_id: r.partner_id.clone(),
            customer_id: r.customer_id.clone(),
        };
        let actor = Actor::Partner(r.partner_id.clone());
        let started = Instant::now();
        let outcome = apply_offboard(ws, &actor, &action, now);
        samples.push(started.elapsed());
        match outcome {
            Ok((_, plan)) if plan.is_partial() => partial += 1,
            Ok(_) => whole += 1,
            Err(_) => refused += 1,
        }
    }
    let count = samples.len();
    let (p50, p99) = percentiles(samples);
    println!(
        "offboard ({count} pairs of {} relationships: {whole} whole, {partial} partial, {refused} refused): p50 {}, p99 {}",
        ws.relationships().len(),
        human(p50),
        human(p99)
    );
    std::mem::forget(loaded);
    ExitCode::SUCCESS
}
