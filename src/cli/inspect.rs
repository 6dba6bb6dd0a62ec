//! Commands that read: `check`, `rules`, `roles`, `schema`, `history`, and `demo -o`.

use std::path::Path;

use serde_json::json;

use super::outcome::{Failure, Outcome};
use super::sink;
use super::{output, resolve};
use crate::domain::catalogue::CATALOGUE;
use crate::domain::roles::all_roles;
use crate::store::{Expect, demo_workspace, save_file};

pub fn write_demo(path: &Path, force: bool, now: Option<&str>) -> Outcome {
    if path.exists() && !force {
        return Err(Failure::usage(format!(
            "{} already exists; add --force to overwrite it",
            path.display()
        )));
    }
    let today = resolve::now(now)?;
    let ws = demo_workspace(today);
    // Under the lock, and without --force only where there is still no file.
    let lock = resolve::lock_to_write(path)?;
    let expected = if force {
        Expect::Anything
    } else {
        Expect::Nothing
    };
    save_file(&lock, path, &ws, expected).map_err(|err| Failure::usage(err.to_string()))?;
    status!("wrote the demo workspace to {}", path.display());
    Ok(())
}

pub fn check(path: &Path, as_json: bool) -> Outcome {
    // Only the records and the check: the indexes that using a workspace needs are not built.
    let checked = resolve::check_to_inspect(path)?;
    let findings = &checked.findings;
    // Merge conflicts the file records are open questions: the file is not clean while any is.
    let conflicts: Vec<_> = checked.records().conflicts().collect();
    let clean = findings.is_empty() && conflicts.is_empty();
    if as_json {
        output::json(
            &json!({ "file": path, "clean": clean, "counts": checked.counts, "findings": findings, "conflicts": conflicts }),
        );
    } else if clean {
        let c = checked.counts;
        outln!(
            "{}: clean ({} partners, {} customers, {} subscriptions, {} relationships, {} invitations)",
            resolve::shown(path),
            c.partners,
            c.customers,
            c.subscriptions,
            c.relationships,
            c.invitations
        );
    } else {
        for conflict in &conflicts {
            outln!("CONFLICT {}", super::conflicts::said(conflict));
        }
        for finding in findings {
            if sink::stdout_gone() {
                break;
            }
            outln!("{finding}");
        }
    }
    let outcome = if clean {
        Ok(())
    } else {
        let mut said = Vec::new();
        if !conflicts.is_empty() {
            said.push(format!("{} merge conflict(s)", conflicts.len()));
        }
        if !findings.is_empty() {
            said.push(format!("{} finding(s)", findings.len()));
        }
        let shown = resolve::shown(path);
        Err(Failure {
            code: 1,
            headline: format!("{} in {shown}", said.join(" and ")),
            details: if conflicts.is_empty() {
                vec![]
            } else {
                vec![format!(
                    "answer each with `partnerdesk resolve {shown} --ours|--theirs ID` (or every one at once without IDs), or in the app"
                )]
            },
        })
    };
    // The process ends right after `check`: freeing millions of records one by one would cost
    // more than a second at 100k customers for nothing, so the OS reclaims them instead.
    std::mem::forget(checked);
    outcome
}

pub fn rules(as_json: bool) -> Outcome {
    if as_json {
        output::json(CATALOGUE);
    } else {
        let rows: Vec<Vec<String>> = CATALOGUE
            .iter()
            .map(|r| {
                vec![
                    r.id.to_string(),
                    r.title.to_string(),
                    r.explanation.to_string(),
                    r.source.to_string(),
                ]
            })
            .collect();
        output::table(
            &["RULE", "TITLE", "EXPLANATION", "SOURCE"],
            &rows,
            output::Fit::Whole,
        );
    }
    Ok(())
}

pub fn roles(filter: Option<&str>, as_json: bool) -> Outcome {
    let needle = filter.unwrap_or("").to_lowercase();
    let roles: Vec<_> = all_roles()
        .iter()
        .filter(|r| r.name.to_lowercase().contains(&needle) || r.template_id.contains(&needle))
        .collect();
    if as_json {
        // As every JSON output names a role: `id` is its template id.
        let roles: Vec<_> = roles
            .iter()
            .map(|r| json!({ "id": r.template_id, "name": r.name, "privileged": r.privileged }))
            .collect();
        output::json(&roles);
    } else {
        let rows: Vec<Vec<String>> = roles
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    r.template_id.clone(),
                    if r.privileged {
                        "privileged".into()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect();
        output::table(&["NAME", "TEMPLATE ID", ""], &rows, output::Fit::Whole);
    }
    Ok(())
}

pub fn schema() -> Outcome {
    sink::data(&crate::workspace::format::schema_json());
    Ok(())
}

pub fn history(path: &Path, as_json: bool, fit: output::Fit) -> Outcome {
    let loaded = resolve::load(path)?;
    let entries: Vec<_> = loaded.workspace.audit().collect();
    if as_json {
        output::json(&entries);
    } else {
        let rows: Vec<Vec<String>> = entries
            .iter()
            .map(|e| {
                vec![
                    e.seq.to_string(),
                    e.at.to_string(),
                    e.actor.to_string(),
                    e.summary.clone(),
                ]
            })
            .collect();
        output::table(&["SEQ", "AT", "ACTOR", "WHAT"], &rows, fit);
    }
    Ok(())
}
