//! `partnerdesk diff OLD NEW`: what changed between two workspaces, record by record, in words
//! (`workspace::diff`). `--git` takes the seven arguments git gives a diff driver
//! (`diff.partnerdesk.command`), where a file that did not exist is `/dev/null`; `--textconv FILE`
//! prints one workspace as lines for git's `textconv` (read by `git log -p`).

use std::path::{Path, PathBuf};

use super::outcome::{Failure, Outcome};
use super::{output, resolve, sink};
use crate::workspace::Workspace;
use crate::workspace::diff::{WorkspaceDiff, as_text, diff as compare};

/// The paths to compare: OLD NEW, or git's PATH OLD OLD-HEX OLD-MODE NEW NEW-HEX NEW-MODE.
pub fn diff(
    files: &[PathBuf],
    git: bool,
    textconv: bool,
    as_json: bool,
    exit_code: bool,
) -> Outcome {
    if textconv {
        let [file] = files else {
            return Err(Failure::usage("diff --textconv reads one file: FILE"));
        };
        let ws = side(file)?;
        sink::data(&as_text(&ws));
        std::mem::forget(ws);
        return Ok(());
    }
    let (shown, old, new) = match (git, files) {
        (false, [old, new]) => (None, old, new),
        (true, [path, old, _, _, new, _, _]) => (Some(path), old, new),
        (false, _) => return Err(Failure::usage("diff compares two files: OLD NEW")),
        (true, _) => {
            return Err(Failure::usage(
                "diff --git takes the seven arguments git gives a diff driver: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE",
            ));
        }
    };
    let before = side(old)?;
    let after = side(new)?;
    let found = compare(&before, &after);
    if as_json {
        output::json(&found);
    } else {
        if let Some(path) = shown {
            outln!("diff --partnerdesk a/{0} b/{0}", path.display());
        }
        print_words(&found);
    }
    // Freeing two workspaces record by record costs time for nothing: the process ends here.
    std::mem::forget((before, after));
    if exit_code && !found.is_empty() {
        // As `git diff --exit-code`: the status says it, the output already showed what.
        return Err(Failure {
            code: 1,
            headline: String::new(),
            details: vec![],
        });
    }
    Ok(())
}

/// One side of the comparison: `/dev/null` (git's name for "no file") is an empty workspace.
fn side(path: &Path) -> Result<Workspace, Failure> {
    if path == Path::new("/dev/null") {
        return Ok(Workspace::default());
    }
    Ok(resolve::load_to_inspect(path)?.workspace)
}

fn print_words(found: &WorkspaceDiff) {
    if found.is_empty() {
        outln!("no difference");
        return;
    }
    for difference in &found.records {
        match difference.sentences.as_slice() {
            [one] => outln!("{}: {one}", difference.label),
            many => {
                outln!("{}:", difference.label);
                for sentence in many {
                    outln!("  {sentence}");
                }
            }
        }
    }
    if !found.new_audit.is_empty() {
        outln!(
            "audit: {} new entr{}",
            found.new_audit.len(),
            plural(found.new_audit.len())
        );
        for entry in &found.new_audit {
            outln!(
                "  #{} {} {}: {}",
                entry.seq,
                entry.at,
                entry.actor,
                crate::display::inert(&entry.summary)
            );
        }
    }
    if !found.lost_audit.is_empty() {
        outln!(
            "audit: {} entr{} of the old trail missing (#{})",
            found.lost_audit.len(),
            plural(found.lost_audit.len()),
            found
                .lost_audit
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", #")
        );
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "y" } else { "ies" }
}
