//! `partnerdesk merge BASE OURS THEIRS [-o OUT]`: the three-way merge of workspaces
//! (`workspace::merge`), usable as git's merge driver (`partnerdesk merge %O %A %B -o %A`).
//! Exit 0: merged cleanly. Exit 1: conflicts — OUT still holds a valid workspace (ours kept
//! where the sides disagree) and each conflict is said on stderr, so git reports the file as
//! conflicted and the operator decides. Exit 2: a side could not be read.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::files::write_atomically;
use super::outcome::{Failure, Outcome};
use super::{output, resolve, sink};
use crate::display::inert;
use crate::store::to_json;
use crate::workspace::Workspace;
use crate::workspace::merge::{Conflict, merge as merge_three};

pub fn merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    out: Option<&PathBuf>,
    as_json: bool,
) -> Outcome {
    let base_ws = side(base)?;
    let ours_loaded = resolve::load_to_inspect(ours)?;
    let theirs_loaded = resolve::load_to_inspect(theirs)?;
    // Findings a side already had are that side's, not the merge's.
    let known: Vec<_> = ours_loaded
        .diagnostics
        .iter()
        .chain(theirs_loaded.diagnostics.iter())
        .cloned()
        .collect();
    let merged = merge_three(
        &base_ws,
        &ours_loaded.workspace,
        &theirs_loaded.workspace,
        &known,
    );
    let bytes = to_json(&merged.workspace);
    match out {
        Some(path) => write_atomically(path, &bytes)?,
        None if as_json => {}
        None => sink::data(&String::from_utf8_lossy(&bytes)),
    }
    if as_json {
        output::json(&json!({
            "clean": merged.conflicts.is_empty(),
            "conflicts": merged.conflicts,
            "renamed": merged.renamed.iter().map(|(a, b)| json!({"from": a, "to": b})).collect::<Vec<_>>(),
        }));
    }
    for (old, new) in &merged.renamed {
        status!("renumbered theirs {old} → {new} (ours made {old} too)");
    }
    for conflict in &merged.conflicts {
        sink::error(&format!("CONFLICT {}", said(conflict)));
    }
    // Freeing three workspaces record by record is time for nothing: the process ends here.
    std::mem::forget((base_ws, ours_loaded, theirs_loaded, merged.workspace));
    if merged.conflicts.is_empty() {
        if let Some(path) = out {
            status!("merged cleanly into {}", path.display());
        }
        Ok(())
    } else {
        Err(Failure {
            code: 1,
            headline: format!(
                "{} conflict(s); the workspace written keeps ours where the sides disagree",
                merged.conflicts.len()
            ),
            details: vec![],
        })
    }
}

/// The base side: `/dev/null` (or a missing file, when git merges files both sides added) is an
/// empty workspace.
fn side(path: &Path) -> Result<Workspace, Failure> {
    if path == Path::new("/dev/null") {
        return Ok(Workspace::default());
    }
    Ok(resolve::load_to_inspect(path)?.workspace)
}

/// A conflict in one line: where, what, both values.
fn said(conflict: &Conflict) -> String {
    let value = |v: &Option<Value>| match v {
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
    let at = conflict.id();
    match &conflict.rule {
        Some(_) => format!("{at}: {}", inert(&conflict.message)),
        None => format!(
            "{at}: ours {}, theirs {} ({})",
            value(&conflict.ours),
            value(&conflict.theirs),
            conflict.message
        ),
    }
}
