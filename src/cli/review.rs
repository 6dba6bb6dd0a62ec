//! `review` (findings over a workspace, exit 1 at or above `--fail-on`), `review --fix` (the
//! proposed fixes through the core, as one batch written once) and `templates` (the role
//! template catalogue). What is found and what a fix does are the domain's (`domain::review`).

use std::borrow::Cow;
use std::path::PathBuf;

use serde_json::json;

use super::args::SeverityArg;
use super::outcome::{Failure, Outcome};
use super::{long_table, output, resolve, sink};
use crate::display::inert;
use crate::domain::review::{Finding, Ordered, Settings, Severity, since};
use crate::domain::roles::find_role;
use crate::domain::*;
use crate::interop::emit::AUDIT_PREFIX;
use crate::store::user_templates;
use crate::workspace::{REVIEWED, Workspace, review_workspace_ordered};

/// What `partnerdesk review` was asked.
pub struct ReviewArgs {
    pub file: PathBuf,
    pub json: bool,
    pub severity: Option<SeverityArg>,
    pub fail_on: Option<SeverityArg>,
    pub now: Option<String>,
    pub max_privileged_partners: usize,
    pub replacement_template: String,
    pub fix: Vec<String>,
    pub fix_all: bool,
    pub actor: Option<String>,
    /// Only what is new compared with this earlier copy.
    pub since: Option<PathBuf>,
}

impl SeverityArg {
    pub fn severity(self) -> Severity {
        match self {
            SeverityArg::High => Severity::High,
            SeverityArg::Medium => Severity::Medium,
            SeverityArg::Low => Severity::Low,
            SeverityArg::Info => Severity::Info,
        }
    }
}

/// The findings of `ws` at `now` at or above `floor`, with the user's templates' catalogue.
pub fn findings(ws: &Workspace, now: Time, settings: &Settings, floor: Severity) -> Vec<Finding> {
    ordered_findings(ws, now, settings, floor).into_vec()
}

/// `findings`, left where the review's threads found them (to be read in order, not kept).
fn ordered_findings(ws: &Workspace, now: Time, settings: &Settings, floor: Severity) -> Ordered {
    let catalogue = &user_templates::catalogue().catalogue;
    let settings = Settings {
        floor,
        ..settings.clone()
    };
    review_workspace_ordered(ws, catalogue, &settings, now)
}

/// The review's settings from the command line; the replacement template must exist.
fn settings(args: &ReviewArgs) -> Result<Settings, Failure> {
    let name = args.replacement_template.trim();
    if user_templates::catalogue().catalogue.find(name).is_none() {
        return Err(Failure::usage(format!(
            "--replacement-template {}: no such template",
            inert(name)
        ))
        .with_detail("`partnerdesk templates` lists them"));
    }
    Ok(Settings {
        max_privileged_partners: args.max_privileged_partners,
        replacement_template: name.to_string(),
        floor: Severity::Info,
    })
}

pub fn run(args: ReviewArgs) -> Outcome {
    for problem in &user_templates::catalogue().problems {
        sink::error(&format!("warning: {}", inert(problem)));
    }
    if !args.fix.is_empty() || args.fix_all {
        return fix(args);
    }
    let now = resolve::now(args.now.as_deref())?;
    // The records as read, neither indexed nor checked: the review's rules read records, and
    // integrity is `check`'s to answer for (`review --fix` opens the file as every change does).
    // Its rules read no subscription and no audit entry: those are read for their syntax only.
    let read = resolve::records_to_inspect(&args.file, REVIEWED)?;
    let settings = settings(&args)?;
    let floor = args.severity.map_or(Severity::Info, SeverityArg::severity);
    let mut earlier = None;
    let mut ordered = None;
    let found: Vec<Finding> = match &args.since {
        None => Vec::new(),
        Some(old) => {
            // OLD is reviewed at the same moment, so only what the records changed shows.
            let before = resolve::records_to_inspect(old, REVIEWED)?;
            let old_found = findings(before.records(), now, &settings, Severity::Info);
            let all = findings(read.records(), now, &settings, Severity::Info);
            let mut new = since(before.records(), &old_found, read.records(), all);
            new.retain(|f| f.severity >= floor);
            earlier = Some(before);
            new
        }
    };
    let shown: Vec<&Finding> = match &args.since {
        None => ordered
            .insert(ordered_findings(read.records(), now, &settings, floor))
            .iter()
            .collect(),
        Some(_) => found.iter().collect(),
    };
    let outcome = print_findings(&args, now, &shown);
    // About to exit: the system frees this memory faster than dropping a million records does.
    std::mem::forget(shown);
    std::mem::forget((read, earlier, found, ordered));
    outcome
}

/// `review --json`: its keys in the order every JSON object of the CLI has them (sorted).
#[derive(serde::Serialize)]
struct Report<'a> {
    counts: serde_json::Map<String, serde_json::Value>,
    file: &'a std::path::Path,
    findings: &'a [&'a Finding],
    now: Time,
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<&'a std::path::Path>,
}

/// Prints the findings (a table, or JSON) and says whether `--fail-on` fails the command.
fn print_findings(args: &ReviewArgs, now: Time, found: &[&Finding]) -> Outcome {
    let counts: serde_json::Map<String, serde_json::Value> = Severity::ALL
        .iter()
        .map(|s| {
            let n = found.iter().filter(|f| f.severity == *s).count();
            (s.label().to_string(), json!(n))
        })
        .collect();
    if args.json {
        // Written as it is made: millions of findings never become a JSON tree or text in memory.
        output::json(&Report {
            counts,
            file: &args.file,
            findings: found,
            now,
            since: args.since.as_deref(),
        });
    } else if found.is_empty() {
        match &args.since {
            None => outln!("{}: no findings", resolve::shown(&args.file)),
            Some(old) => outln!(
                "{}: nothing new since {}",
                resolve::shown(&args.file),
                resolve::shown(old)
            ),
        }
    } else {
        long_table::print(
            ["SEVERITY", "FINDING", "WHY", "FIX"],
            (&["FINDING"], output::Fit::Capped),
            found,
            |f| {
                [
                    Cow::Borrowed(f.severity.label()),
                    Cow::Owned(f.id()),
                    Cow::Borrowed(&*f.why),
                    Cow::Borrowed(f.fix.as_ref().map_or("", |fix| fix.summary.as_str())),
                ]
            },
        );
    }
    match args.fail_on.map(SeverityArg::severity) {
        Some(bar) if found.iter().any(|f| f.severity >= bar) => Err(Failure {
            code: 1,
            headline: format!(
                "{} finding(s) at or above {bar} in {}",
                found.iter().filter(|f| f.severity >= bar).count(),
                resolve::shown(&args.file)
            ),
            details: vec![],
        }),
        _ => Ok(()),
    }
}

/// One fix's outcome.
enum Done {
    /// `entries`: the audit entries it made, as `emit` names them (`audit:N`).
    Applied {
        summary: String,
        events: Vec<Event>,
        entries: Vec<String>,
    },
    Refused {
        why: String,
    },
}

/// `--fix ID…` / `--fix-all`: each chosen finding's fix through the core, in turn, on the state
/// the ones before left; a fix refused in any of its steps changes nothing. The file is
/// written once, when at least one fix was applied.
fn fix(args: ReviewArgs) -> Outcome {
    let now = resolve::now(args.now.as_deref())?;
    let mut session = resolve::open_to_write(&args.file)?;
    let ws = session.workspace().clone();
    let settings = settings(&args)?;
    let floor = args.severity.map_or(Severity::Info, SeverityArg::severity);
    let all = findings(&ws, now, &settings, Severity::Info);
    let chosen: Vec<&Finding> = if args.fix_all {
        all.iter()
            .filter(|f| f.severity >= floor && f.fix.is_some())
            .collect()
    } else {
        let mut chosen = Vec::new();
        for id in &args.fix {
            let found = all.iter().find(|f| f.id() == *id).ok_or_else(|| {
                Failure::usage(format!(
                    "--fix: no finding `{id}` in {}",
                    resolve::shown(&args.file)
                ))
                .with_detail("`partnerdesk review FILE` lists the findings and their ids")
                .with_detail("nothing was changed")
            })?;
            chosen.push(found);
        }
        chosen
    };
    let as_actor = match &args.actor {
        Some(text) => Some(resolve::actor(&ws, text)?),
        None => None,
    };
    let mut state = ws;
    let mut outcomes = Vec::new();
    let mut all_events = Vec::new();
    for finding in &chosen {
        let done = match &finding.fix {
            None => Done::Refused {
                why: "it has no proposed fix".into(),
            },
            Some(fix) => {
                let actor = as_actor.clone().unwrap_or_else(|| fix.actor.clone());
                let mut next = state.clone();
                let mut events = Vec::new();
                let mut entries = Vec::new();
                let mut refused = None;
                for action in &fix.actions {
                    match apply(&next, &actor, action, now) {
                        Ok(applied) => {
                            events.extend(applied.events);
                            next = applied.workspace;
                            entries.extend(
                                next.last_audit_seq().map(|n| format!("{AUDIT_PREFIX}{n}")),
                            );
                        }
                        Err(refusal) => {
                            let rule = refusal.rule.rule();
                            refused = Some(format!(
                                "{} ({}: {})",
                                refusal, rule.title, rule.explanation
                            ));
                            break;
                        }
                    }
                }
                match refused {
                    Some(why) => Done::Refused { why },
                    None => {
                        state = next;
                        all_events.extend(events.iter().cloned());
                        Done::Applied {
                            summary: format!("{} as {actor}", fix.summary),
                            events,
                            entries,
                        }
                    }
                }
            }
        };
        outcomes.push((finding.id(), done));
    }
    let applied = outcomes
        .iter()
        .filter(|(_, d)| matches!(d, Done::Applied { .. }))
        .count();
    if applied > 0 && !all_events.is_empty() {
        session.adopt(&crate::workspace::Applied {
            workspace: state,
            events: all_events,
            untold: 0,
        });
        session
            .save()
            .map_err(|err| resolve::save_failure(&args.file, err))?;
    }
    report(&outcomes, args.json);
    if applied > 0 && !args.json {
        status!(
            "the Graph and Partner Center requests of a fix: partnerdesk emit {} audit:N (its entries in [ ])",
            resolve::shown(&args.file)
        );
    }
    let refused = outcomes.len() - applied;
    if refused > 0 {
        return Err(Failure {
            code: 1,
            headline: format!("{refused} of {} fix(es) refused", outcomes.len()),
            details: vec![],
        });
    }
    if outcomes.is_empty() {
        status!("no finding with a fix to apply");
    }
    Ok(())
}

fn report(outcomes: &[(String, Done)], as_json: bool) {
    if as_json {
        let items: Vec<_> = outcomes
            .iter()
            .map(|(id, done)| match done {
                Done::Applied {
                    summary,
                    events,
                    entries,
                } => {
                    json!({ "finding": id, "applied": summary, "events": events, "emit": entries })
                }
                Done::Refused { why } => json!({ "finding": id, "refused": why }),
            })
            .collect();
        output::json(&json!({ "fixes": items }));
        return;
    }
    for (id, done) in outcomes {
        match done {
            Done::Applied {
                summary,
                events,
                entries,
            } => {
                let what: Vec<String> = events.iter().map(ToString::to_string).collect();
                outln!(
                    "{id}: {summary}: {} [{}]",
                    what.join("; "),
                    entries.join(" ")
                );
            }
            Done::Refused { why } => outln!("{id}: refused — {why}"),
        }
    }
}

/// `partnerdesk templates [--json]`: every role template, built-in and the user's.
pub fn templates(as_json: bool) -> Outcome {
    let loaded = user_templates::catalogue();
    for problem in &loaded.problems {
        sink::error(&format!("warning: {}", inert(problem)));
    }
    let templates = &loaded.catalogue.templates;
    if as_json {
        let items: Vec<_> = templates
            .iter()
            .map(|t| {
                let roles: Vec<_> = t
                    .roles
                    .iter()
                    .map(|id| {
                        let role = find_role(id);
                        json!({
                            "id": id,
                            "name": role.map(|r| r.name.clone()),
                            "privileged": role.is_some_and(|r| r.privileged),
                        })
                    })
                    .collect();
                json!({ "name": t.name, "kind": t.kind, "description": t.description, "roles": roles })
            })
            .collect();
        output::json(&items);
        return Ok(());
    }
    let rows: Vec<Vec<String>> = templates
        .iter()
        .map(|t| {
            let roles: Vec<String> = t
                .roles
                .iter()
                .map(|id| match find_role(id) {
                    Some(r) if r.privileged => format!("{} (privileged)", r.name),
                    Some(r) => r.name.clone(),
                    None => id.clone(),
                })
                .collect();
            vec![t.name.clone(), t.kind.label().to_string(), roles.join(", ")]
        })
        .collect();
    output::table(&["TEMPLATE", "KIND", "ROLES"], &rows, output::Fit::Whole);
    Ok(())
}
