//! `partnerdesk merge BASE OURS THEIRS [-o OUT]`: the three-way merge of workspaces
//! (`workspace::merge`), usable as git's merge driver (`partnerdesk merge %O %A %B -o %A`).
//! Exit 0: merged cleanly. Exit 1: conflicts — OUT still holds a valid workspace (ours kept
//! where the sides disagree) and each conflict is said on stderr, so git reports the file as
//! conflicted and the operator decides. Exit 2: a side could not be read.

use std::path::{Path, PathBuf};

use serde_json::json;

use super::files::write_atomically;
use super::outcome::{Failure, Outcome};
use super::{output, resolve, sink};
use crate::store::to_json;
use crate::workspace::merge::merge as merge_three;
use crate::workspace::{CheckedFile, WorkspaceFile};

pub fn merge(
    base: &Path,
    ours: &Path,
    theirs: &Path,
    out: Option<&PathBuf>,
    as_json: bool,
) -> Outcome {
    // Each side is read as `check` reads a file: records and findings, no indexes (a merge
    // walks records in id order and looks them up by id, nothing an index answers).
    let base_ws = side(base)?;
    let ours_checked = resolve::check_to_inspect(ours)?;
    let theirs_checked = resolve::check_to_inspect(theirs)?;
    // Findings a side already had are that side's, not the merge's.
    let known: Vec<_> = [&ours_checked, &theirs_checked]
        .iter()
        .flat_map(|c| c.left_out.iter().chain(c.findings.iter()))
        .cloned()
        .collect();
    let merged = merge_three(
        base_ws.records(),
        ours_checked.records(),
        theirs_checked.records(),
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
        sink::error(&format!("CONFLICT {}", super::conflicts::said(conflict)));
    }
    // Freeing three workspaces record by record is time for nothing: the process ends here.
    std::mem::forget((base_ws, ours_checked, theirs_checked, merged.workspace));
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
fn side(path: &Path) -> Result<CheckedFile, Failure> {
    if path == Path::new("/dev/null") {
        return Ok(CheckedFile::of(WorkspaceFile::default()));
    }
    resolve::check_to_inspect(path)
}
