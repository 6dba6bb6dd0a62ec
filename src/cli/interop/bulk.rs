//! Bulk `invite --customers-from CSV`: one invitation per customer the CSV names, each through
//! the core on its own; a summary of who was invited and who was refused with the rule; with
//! `--all-or-nothing`, none is kept when one is refused.

use serde_json::json;

use crate::cli::args::Change;
use crate::cli::files::{Holds, read_input};
use crate::cli::invite::{self, InviteOptions};
use crate::cli::outcome::{Failure, Outcome};
use crate::cli::resolve::save;
use crate::cli::{output, resolve};
use crate::domain::*;
use crate::workspace::Workspace;

/// A bulk invitation: the CSV, and the options of `invite` it shares with a single one.
pub struct BulkInvite {
    pub csv: String,
    pub all_or_nothing: bool,
    pub invite: InviteOptions,
}

/// The customers a CSV names, one per data row: the first cell (columns named like tenant id,
/// domain or id first) that names a customer by id, tenant id or domain, any case.
pub fn customers_in_csv(ws: &Workspace, bytes: &[u8]) -> Result<Vec<(String, Option<Id>)>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let preferred = [
        "tenantid",
        "tenant",
        "customertenantid",
        "domain",
        "primarydomain",
        "customerid",
        "id",
        "customer",
    ];
    let mut order: Vec<usize> = (0..headers.len()).collect();
    order.sort_by_key(|&i| {
        let h = headers
            .get(i)
            .unwrap_or("")
            .to_ascii_lowercase()
            .replace([' ', '_', '-'], "");
        preferred
            .iter()
            .position(|p| *p == h)
            .unwrap_or(preferred.len())
    });
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        let found = order
            .iter()
            .filter_map(|&i| record.get(i))
            .filter(|c| !c.is_empty())
            .find_map(|cell| {
                // A cell that names two customers (an older file breaking ID2) names none.
                let id = resolve::customer(ws, cell).ok()?;
                ws.customer(&id).map(|c| c.id.clone())
            });
        let shown = order
            .first()
            .and_then(|&i| record.get(i))
            .unwrap_or("")
            .to_string();
        out.push((shown, found));
    }
    Ok(out)
}

pub fn bulk_invite(change: Change, bulk: BulkInvite) -> Outcome {
    let now = resolve::now(change.now.as_deref())?;
    let loaded = resolve::load(&change.file)?;
    let actor = resolve::actor(&loaded.workspace, &change.actor)?;
    let bytes = read_input(&bulk.csv, crate::cli::files::MAX_CSV_BYTES, Holds::Text)?;
    let rows = customers_in_csv(&loaded.workspace, &bytes).map_err(|err| {
        Failure::usage(format!(
            "--customers-from {}: not a CSV file: {err}",
            bulk.csv
        ))
    })?;
    let mut ws = loaded.workspace.clone();
    let (mut invited, mut refused) = (Vec::new(), Vec::new());
    for (shown, customer) in rows {
        let Some(customer) = customer else {
            refused.push(json!({ "given": shown, "customerId": null, "name": null, "rule": RuleId::WS1, "reason": format!("no customer in the workspace has the id, tenant id or domain `{shown}`") }));
            continue;
        };
        let name = bulk.invite.name.as_ref().map(|n| {
            let who = ws
                .customer(&customer)
                .map_or(customer.to_string(), |c| c.display_name.to_string());
            format!("{n} - {who}")
                .chars()
                .take(50)
                .collect::<String>()
                .trim()
                .to_string()
        });
        let action = invite::action(&ws, customer.as_str(), &bulk.invite, name)?;
        let display = ws
            .customer(&customer)
            .map_or(customer.to_string(), |c| c.display_name.to_string());
        match apply(&ws, &actor, &action, now) {
            Ok(applied) => {
                let invitation = applied.events.iter().find(|e| e.kind == RecordKind::Invitation).map(|e| e.id.clone());
                invited.push(json!({ "given": shown, "customerId": customer, "name": display, "invitationId": invitation }));
                ws = applied.workspace;
            }
            Err(refusal) => refused.push(json!({ "given": shown, "customerId": customer, "name": display, "rule": refusal.rule, "reason": refusal.reason })),
        }
    }
    let apply_them = !invited.is_empty() && (!bulk.all_or_nothing || refused.is_empty());
    if apply_them {
        save(&change.file, &ws, Some(loaded.fingerprint))?;
    }
    if change.json {
        output::json(&json!({ "applied": apply_them, "invited": invited, "refused": refused }));
    } else {
        let verb = if apply_them { "invited" } else { "allowed" };
        for i in &invited {
            outln!(
                "{verb}  {} ({}) {}",
                i["name"].as_str().unwrap_or(""),
                i["customerId"].as_str().unwrap_or(""),
                i["invitationId"].as_str().unwrap_or("")
            );
        }
        for r in &refused {
            let who = r["name"].as_str().or(r["given"].as_str()).unwrap_or("");
            outln!(
                "refused  {who} ({}): {}: {}",
                r["customerId"]
                    .as_str()
                    .or(r["given"].as_str())
                    .unwrap_or(""),
                r["rule"].as_str().unwrap_or(""),
                r["reason"].as_str().unwrap_or("")
            );
        }
        if !apply_them && !invited.is_empty() {
            status!(
                "--all-or-nothing: one was refused, so none was invited; {} left as it was",
                change.file.display()
            );
        }
    }
    if refused.is_empty() {
        Ok(())
    } else {
        let rules: Vec<String> = refused
            .iter()
            .filter_map(|r| r["rule"].as_str().map(str::to_string))
            .collect();
        Err(Failure {
            code: 1,
            headline: format!(
                "{} of {} invitation(s) refused ({})",
                refused.len(),
                refused.len() + invited.len(),
                rules.join(", ")
            ),
            details: vec![],
        })
    }
}
