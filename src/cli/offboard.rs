//! `partnerdesk offboard FILE --partner P --customer C`: one `Action::Offboard` through the
//! core. Prints the core's plan — each part that ends and each that stays with the rule that
//! keeps it — then writes the file once (never with `--dry-run`). Exit 0 when every part ended,
//! 1 when a part stays (the others are written) or nothing can end, 2 for usage or files.

use std::path::PathBuf;

use serde_json::json;

use super::outcome::{Failure, Outcome};
use super::{output, resolve};
use crate::domain::offboarding::OffboardPlan;
use crate::domain::*;
use crate::interop::emit::AUDIT_PREFIX;

/// What `partnerdesk offboard` was asked.
pub struct OffboardArgs {
    pub file: PathBuf,
    pub partner: String,
    pub customer: String,
    pub actor: Option<String>,
    pub now: Option<String>,
    pub dry_run: bool,
    pub json: bool,
}

pub fn run(args: OffboardArgs) -> Outcome {
    let now = resolve::now(args.now.as_deref())?;
    // A dry run only reads; a real one locks first, so what it plans is what it writes.
    let mut session = if args.dry_run {
        None
    } else {
        Some(resolve::open_to_write(&args.file)?)
    };
    let loaded;
    let ws = match &session {
        Some(session) => session.workspace(),
        None => {
            loaded = resolve::load(&args.file)?;
            &loaded.workspace
        }
    };
    let partner_id = resolve::partner(ws, &args.partner)?;
    let customer_id = resolve::customer(ws, &args.customer)?;
    let actor = match &args.actor {
        Some(text) => resolve::actor(ws, text)?,
        None => Actor::Partner(partner_id.clone()),
    };
    let action = Action::Offboard {
        partner_id,
        customer_id,
    };
    let (applied, plan) =
        apply_offboard(ws, &actor, &action, now).map_err(|refusal| Failure::refused(&refusal))?;
    let entry = applied.workspace.last_audit_seq();
    let written = match &mut session {
        Some(session) => {
            session.adopt(&applied);
            session
                .save()
                .map_err(|err| resolve::save_failure(&args.file, err))?;
            true
        }
        None => false,
    };
    let emit_id = entry
        .filter(|_| written)
        .map(|seq| format!("{AUDIT_PREFIX}{seq}"));
    if args.json {
        output::json(&json!({
            "applied": action.name(),
            "as": actor.to_string(),
            "dryRun": args.dry_run,
            "written": written,
            "partial": plan.is_partial(),
            "plan": plan,
            "events": applied.events,
            "emit": emit_id,
        }));
    } else {
        print_plan(&plan, &applied.events, args.dry_run);
        if let Some(id) = &emit_id {
            status!(
                "the Graph and Partner Center requests: partnerdesk emit {} {id}",
                resolve::shown(&args.file)
            );
        }
    }
    if plan.is_partial() {
        let staying = plan.staying().count();
        return Err(Failure {
            code: 1,
            headline: format!(
                "{staying} part(s) stay, each named above with the rule that keeps it; {}",
                if written {
                    "the others were written"
                } else {
                    "dry run: nothing written"
                }
            ),
            details: vec![],
        });
    }
    if !written {
        status!("dry run: nothing written");
    }
    Ok(())
}

fn print_plan(plan: &OffboardPlan, events: &[Event], dry_run: bool) {
    outln!("{}", plan.headline());
    for line in plan.lines() {
        outln!("  {line}");
    }
    if !dry_run {
        for event in events {
            outln!("{event}");
        }
    }
}
