//! `partnerdesk recover FILE`: replays the crash journal of a session that ended without saving
//! (a crash, a kill, a lost terminal) through the core, says what it recovered, and saves.

use std::path::Path;

use serde_json::json;

use super::outcome::{Failure, Outcome};
use super::{output, resolve};
use crate::store::lock::App;
use crate::store::session::{Mode, Session};

pub fn recover(path: &Path, as_json: bool) -> Outcome {
    let mut session = Session::open(path, Mode::Recover, App::Cli)
        .map_err(|err| resolve::open_failure(path, err))?;
    let Some(recovered) = session.recovered().cloned() else {
        if as_json {
            output::json(
                &json!({ "file": path, "applied": 0, "alreadySaved": 0, "refused": [], "tornTail": null }),
            );
        } else {
            outln!("{}: no journal to recover; nothing to do", path.display());
        }
        return Ok(());
    };
    if recovered.changed() {
        session
            .save()
            .map_err(|err| resolve::save_failure(path, err))?;
    } else {
        // Nothing to apply (all refused, already saved, or only a torn record): the file stands
        // as it is, byte for byte; only the journal goes.
        session
            .discard_journal()
            .map_err(|err| Failure::usage(err.to_string()))?;
    }
    if as_json {
        let refused: Vec<_> = recovered
            .refused
            .iter()
            .map(|(seq, refusal)| json!({ "seq": seq, "rule": refusal.rule.to_string(), "reason": refusal.reason }))
            .collect();
        output::json(&json!({
            "file": path,
            "applied": recovered.applied,
            "alreadySaved": recovered.already_saved,
            "refused": refused,
            "tornTail": recovered.torn_tail_warning,
        }));
    } else {
        outln!("{}: {}", path.display(), recovered.summary());
        for (seq, refusal) in &recovered.refused {
            outln!("  record {seq} refused: {refusal}");
        }
        if recovered.changed() {
            status!("saved {}", path.display());
        }
    }
    Ok(())
}
