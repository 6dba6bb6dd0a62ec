//! `partnerdesk conflicts FILE` and `partnerdesk resolve FILE --ours|--theirs [ID…]`: the
//! conflicts of a workspace git is merging. Git keeps the three versions of a conflicted file
//! in its index (stages 1, 2, 3: base, ours, theirs), so both commands run the merge again from
//! there: `conflicts` lists what it cannot decide, each with an id; `resolve` answers every
//! conflict (or the ones named) with one side, writes FILE, and stages it when nothing is left.
//! A conflict named by a rule is fixed with an ordinary action, then `git add FILE`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

use super::files::write_atomically;
use super::outcome::{Failure, Outcome};
use super::output;
use crate::display::inert;
use crate::store::{load_bytes, to_json};
use crate::workspace::Workspace;
use crate::workspace::merge::{Choice, Merged, Side, merge_choosing};

pub fn conflicts(file: &Path, as_json: bool) -> Outcome {
    let merged = remerge(file, &Choice::default())?;
    if as_json {
        let listed: Vec<_> = merged
            .conflicts
            .iter()
            .map(|c| json!({ "id": c.id(), "conflict": c }))
            .collect();
        output::json(&json!({ "file": file, "conflicts": listed }));
    } else if merged.conflicts.is_empty() {
        outln!(
            "{}: no conflicts left; `git add {}` marks it resolved",
            file.display(),
            file.display()
        );
    } else {
        for conflict in &merged.conflicts {
            outln!("{}  {}", conflict.id(), inert(&conflict.message));
        }
    }
    std::mem::forget(merged.workspace);
    Ok(())
}

pub fn resolve(file: &Path, theirs: bool, ids: Vec<String>) -> Outcome {
    let side = if theirs { Side::Theirs } else { Side::Ours };
    let merged = remerge(file, &Choice::take(side, ids))?;
    write_atomically(file, &to_json(&merged.workspace))?;
    let left = merged.conflicts.len();
    std::mem::forget(merged.workspace);
    if left == 0 {
        let (dir, name) = place(file)?;
        git(&dir, &["add", "--", &name])?;
        status!(
            "{}: resolved and staged (git add); commit to finish the merge",
            file.display()
        );
        return Ok(());
    }
    status!(
        "{}: written; {left} conflict(s) left (`partnerdesk conflicts {}` lists them)",
        file.display(),
        file.display()
    );
    Err(Failure {
        code: 1,
        headline: String::new(),
        details: vec![],
    })
}

/// The merge of git's three stages of `file`, answered by `choice`.
fn remerge(file: &Path, choice: &Choice) -> Result<Merged, Failure> {
    let (dir, name) = place(file)?;
    let base = stage(&dir, &name, 1)?;
    let ours = stage(&dir, &name, 2)?.ok_or_else(|| not_merging(file))?;
    let theirs = stage(&dir, &name, 3)?.ok_or_else(|| not_merging(file))?;
    let base = match base {
        Some(bytes) => read(file, "base", &bytes)?.0,
        None => Workspace::default(),
    };
    let (ours, ours_known) = read(file, "ours", &ours)?;
    let (theirs, theirs_known) = read(file, "theirs", &theirs)?;
    let known: Vec<_> = ours_known.into_iter().chain(theirs_known).collect();
    let merged = merge_choosing(&base, &ours, &theirs, &known, choice);
    std::mem::forget((base, ours, theirs));
    Ok(merged)
}

fn not_merging(file: &Path) -> Failure {
    Failure::usage(format!(
        "{} is not in the middle of a git merge (git's index holds no ours/theirs versions of it)",
        file.display()
    ))
}

fn read(
    file: &Path,
    side: &str,
    bytes: &[u8],
) -> Result<(Workspace, Vec<crate::domain::Diagnostic>), Failure> {
    let loaded = load_bytes(bytes).map_err(|err| {
        Failure::usage(format!(
            "the {side} version of {} cannot be read",
            file.display()
        ))
        .with_detail(err.to_string())
    })?;
    Ok((loaded.workspace, loaded.diagnostics))
}

/// One stage of `name` from git's index, or `None` when git has no such stage.
fn stage(dir: &Path, name: &str, number: u8) -> Result<Option<Vec<u8>>, Failure> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["show", &format!(":{number}:./{name}")])
        .output()
        .map_err(|err| Failure::usage(format!("cannot run git: {err}")))?;
    Ok(out.status.success().then_some(out.stdout))
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

fn git(dir: &Path, args: &[&str]) -> Outcome {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|err| Failure::usage(format!("cannot run git: {err}")))?;
    if out.status.success() {
        return Ok(());
    }
    Err(Failure::usage(format!("git {} failed", args.join(" ")))
        .with_detail(String::from_utf8_lossy(&out.stderr).trim().to_string()))
}
