//! `partnerdesk __session` (hidden): a writing session like the terminal app's — lock, journal,
//! save — driven from the command line, so crash tests can kill the real binary mid-step. Each
//! step prints one line only once it is durable: `journaled N` after the journal's fsync,
//! `saved N` after the save's rename and directory fsync.

use std::io::Write;
use std::path::Path;

use super::outcome::{Failure, Outcome};
use super::resolve;
use crate::domain::{Action, Customer};
use crate::store::lock::App;
use crate::store::session::{Mode, Session};

pub fn session(
    path: &Path,
    actor: &str,
    now: Option<&str>,
    churn: Option<u64>,
    save: bool,
    hold: bool,
    actions: &[String],
) -> Outcome {
    let now = resolve::now(now)?;
    let mut session = Session::open(path, Mode::ReadWrite, App::Tui)
        .map_err(|err| resolve::open_failure(path, err))?;
    if let Some(reason) = session.read_only_reason() {
        return Err(Failure::usage(reason.to_string()));
    }
    let mut out = std::io::stdout().lock();
    if let Some(recovered) = session.recovered() {
        let _ = writeln!(out, "{}", recovered.summary());
    }
    let actor = resolve::actor(session.workspace(), actor)?;
    let mut step = 0u64;
    let mut run =
        |session: &mut Session, action: &Action, out: &mut std::io::StdoutLock| -> Outcome {
            step += 1;
            let applied = session
                .apply(&actor, action, now)
                .map_err(|err| Failure::usage(err.to_string()))?;
            let word = if applied.is_noop() {
                "unchanged"
            } else {
                "journaled"
            };
            let _ = writeln!(out, "{word} {step}");
            if save {
                session
                    .save()
                    .map_err(|err| resolve::save_failure(path, err))?;
                let _ = writeln!(out, "saved {step}");
            }
            let _ = out.flush();
            Ok(())
        };
    for text in actions {
        let action: Action = serde_json::from_str(text)
            .map_err(|err| Failure::usage(format!("not an action: {err}")))?;
        run(&mut session, &action, &mut out)?;
    }
    let mut round = 0u64;
    while let Some(limit) = churn
        && (limit == 0 || round < limit)
    {
        round += 1;
        let Some(first) = session.workspace().customers().next().cloned() else {
            return Err(Failure::usage("--churn needs a customer to rename"));
        };
        let customer = Customer {
            display_name: format!("Churn {round} by {}", std::process::id()).into(),
            ..first
        };
        run(&mut session, &Action::EditCustomer { customer }, &mut out)?;
    }
    if hold {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
    Ok(())
}
