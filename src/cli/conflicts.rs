//! `partnerdesk conflicts FILE` and `partnerdesk resolve FILE --ours|--theirs [ID…]`: the merge
//! conflicts a workspace file records (`domain::conflicts`). A merge writes them into the file,
//! so both commands read the file alone: they work during git's merge, after a commit, in a
//! clone. `resolve` answers each (every one, or the ones named) through the core
//! (`ResolveConflict`: checked by the rules, audited), writes FILE, and stages it (`git add`)
//! when nothing is left and FILE is in a git work tree.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use super::outcome::{Failure, Outcome};
use super::{output, resolve as args};
use crate::display::inert;
use crate::domain::{Action, Conflict, Side, apply};

pub fn conflicts(file: &Path, as_json: bool) -> Outcome {
    let checked = args::check_to_inspect(file)?;
    let recorded: Vec<&Conflict> = checked.records().conflicts().collect();
    if as_json {
        output::json(&json!({ "file": file, "conflicts": recorded }));
    } else if recorded.is_empty() {
        outln!("{}: no merge conflicts recorded", file.display());
    } else {
        for conflict in &recorded {
            outln!("{}", said(conflict));
        }
    }
    std::mem::forget(checked);
    Ok(())
}

/// What `resolve` is asked.
pub struct Answer {
    pub side: Side,
    /// Empty: every conflict the file records.
    pub ids: Vec<String>,
    pub actor: String,
    pub now: Option<String>,
}

pub fn resolve(file: &Path, answer: Answer) -> Outcome {
    let now = args::now(answer.now.as_deref())?;
    // A merged file may break a rule (a rule conflict): answering conflicts is how it is
    // repaired, so the file's findings do not stop it; each answer is checked by the core.
    let mut session = args::open_to_repair(file)?;
    let mut ws = session.workspace().clone();
    let actor = args::actor(&ws, &answer.actor)?;
    let ids: Vec<String> = if answer.ids.is_empty() {
        ws.conflicts().map(|c| c.id.clone()).collect()
    } else {
        answer.ids
    };
    if ids.is_empty() {
        return Err(Failure::usage(format!(
            "{} records no merge conflicts; nothing to resolve",
            file.display()
        )));
    }
    let mut events = Vec::new();
    for id in ids {
        let action = Action::ResolveConflict {
            conflict_id: id,
            side: answer.side,
        };
        let applied =
            apply(&ws, &actor, &action, now).map_err(|refusal| Failure::refused(&refusal))?;
        events.extend(applied.events.iter().cloned());
        session.adopt(&applied);
        ws = applied.workspace;
    }
    session
        .save()
        .map_err(|err| args::save_failure(file, err))?;
    for event in &events {
        outln!("{event}");
    }
    let left = ws.conflicts().len();
    if left > 0 {
        status!(
            "{}: written; {left} conflict(s) left (`partnerdesk conflicts {}` lists them)",
            file.display(),
            file.display()
        );
        return Ok(());
    }
    if stage(file)? {
        status!(
            "{}: resolved and staged (git add); commit to finish the merge",
            file.display()
        );
    } else {
        status!("{}: no conflicts left", file.display());
    }
    Ok(())
}

/// A conflict in one line: its id, then both values (or the rule's finding).
pub fn said(conflict: &Conflict) -> String {
    let value = |v: Option<&Value>| match v {
        None => "—".to_string(),
        Some(Value::String(s)) => inert(s).into_owned(),
        Some(other) => {
            let text = other.to_string();
            if text.chars().count() > 60 {
                format!("{}…", text.chars().take(59).collect::<String>())
            } else {
                text
            }
        }
    };
    match &conflict.rule {
        Some(_) => format!("{}: {}", conflict.id, inert(&conflict.message)),
        None => format!(
            "{}: ours {}, theirs {} ({})",
            conflict.id,
            value(conflict.value(Side::Ours)),
            value(conflict.value(Side::Theirs)),
            inert(&conflict.message)
        ),
    }
}

/// `git add FILE` when FILE is in a git work tree; false when it is not (nothing to stage).
fn stage(file: &Path) -> Result<bool, Failure> {
    let (dir, name) = place(file)?;
    let inside = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .args(["rev-parse", "--is-inside-work-tree"])
        .output()
        .is_ok_and(|out| out.status.success());
    if !inside {
        return Ok(false);
    }
    let out = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .args(["add", "--", &name])
        .output()
        .map_err(|err| Failure::usage(format!("cannot run git: {err}")))?;
    if out.status.success() {
        return Ok(true);
    }
    Err(Failure::usage(format!("git add {name} failed"))
        .with_detail(String::from_utf8_lossy(&out.stderr).trim().to_string()))
}

/// The folder git runs in and the file's name there.
fn place(file: &Path) -> Result<(PathBuf, String), Failure> {
    let dir = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Failure::usage(format!("{} names no file", file.display())))?;
    Ok((dir, name))
}

/// The side `--ours` / `--theirs` names.
pub fn side(theirs: bool) -> Side {
    if theirs { Side::Theirs } else { Side::Ours }
}
