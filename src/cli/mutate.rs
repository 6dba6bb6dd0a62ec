//! Commands that change a workspace. Each builds one core `Action`, applies it for the actor at
//! the given time, and writes the file atomically only when the core accepted it: a refused
//! action leaves the file byte-identical.

use serde_json::json;

use super::args::{BillingArg, BillingModelArg, Change, Command};
use super::files::{Holds, MAX_ACTION_BYTES, read_input};
use super::interop::{BulkInvite, bulk_invite};
use super::invite::{self, InviteOptions};
use super::outcome::{Failure, Outcome};
use super::{output, resolve};
use crate::domain::duration::AutoExtend;
use crate::domain::*;
use crate::workspace::Workspace;

/// Builds a command's action from the loaded workspace.
type Build = Box<dyn FnOnce(&Workspace) -> Result<Action, Failure>>;

/// Runs a changing command: its own function builds the action, `execute` does the rest.
pub fn run(command: Command) -> Outcome {
    match command {
        Command::Invite {
            change,
            customer,
            customers_from,
            all_or_nothing,
            reseller,
            dap,
            roles,
            template,
            days,
            auto_extend,
            name,
            via,
            draft,
            for_reseller,
        } => {
            let options = InviteOptions {
                reseller,
                dap,
                roles,
                template,
                days,
                auto_extend,
                name,
                via,
                draft,
                for_reseller,
            };
            invite(change, customer, customers_from, all_or_nothing, options)
        }
        Command::Accept { change, invitation } => execute(change, accept(invitation)),
        Command::Decline { change, invitation } => execute(change, decline(invitation)),
        Command::Revoke { change, invitation } => execute(change, revoke(invitation)),
        Command::Terminate {
            change,
            relationship,
        } => execute(change, terminate(relationship)),
        Command::Lock {
            change,
            relationship,
        } => execute(
            change,
            on_relationship(relationship, |relationship_id| Action::Lock {
                relationship_id,
            }),
        ),
        Command::EditDraft {
            change,
            relationship,
            name,
            roles,
            days,
            auto_extend,
        } => execute(
            change,
            edit_draft(relationship, name, roles, days, auto_extend),
        ),
        Command::ResellerApprove {
            change,
            relationship,
        } => execute(
            change,
            on_relationship(relationship, |relationship_id| Action::ResellerApprove {
                relationship_id,
            }),
        ),
        Command::ResellerReject {
            change,
            relationship,
        } => execute(
            change,
            on_relationship(relationship, |relationship_id| Action::ResellerReject {
                relationship_id,
            }),
        ),
        Command::RemoveGlobalAdmin {
            change,
            relationship,
        } => execute(
            change,
            on_relationship(relationship, |relationship_id| Action::RemoveGlobalAdmin {
                relationship_id,
            }),
        ),
        Command::Buy {
            change,
            customer,
            offer,
            quantity,
            term,
            billing,
        } => execute(change, buy(customer, offer, quantity, term, billing)),
        Command::Suspend {
            change,
            subscription,
        } => execute(change, suspend(subscription)),
        Command::Reactivate {
            change,
            subscription,
        } => execute(change, reactivate(subscription)),
        Command::AutoExtend {
            change,
            relationship,
            setting,
        } => execute(change, auto_extend(relationship, setting)),
        Command::Assign {
            change,
            relationship,
            group,
            group_name,
            roles,
        } => execute(change, assign(relationship, group, group_name, roles)),
        Command::Unassign { change, assignment } => execute(change, unassign(assignment)),
        Command::Tick { change } => execute(change, Box::new(|_| Ok(Action::PassTime))),
        Command::AddCustomer {
            change,
            id,
            name,
            domain,
            country,
            tenant,
            csp_partner,
        } => execute(
            change,
            add_customer(id, name, domain, country, tenant, csp_partner),
        ),
        Command::AddPartner {
            change,
            id,
            name,
            partner_id,
            tenant,
            billing,
            providers,
        } => execute(
            change,
            add_partner(id, name, partner_id, tenant, billing, providers),
        ),
        Command::Apply { change, action } => execute(change, apply_json(action)?),
        other => Err(Failure::usage(format!(
            "{other:?} does not change a workspace"
        ))),
    }
}

/// `invite`: to one customer (`--customer`, which clap requires when no CSV is given), or to
/// each customer a CSV names.
fn invite(
    change: Change,
    customer: Option<String>,
    customers_from: Option<String>,
    all_or_nothing: bool,
    options: InviteOptions,
) -> Outcome {
    if let (None, Some(csv)) = (&customer, customers_from) {
        let bulk = BulkInvite {
            csv,
            all_or_nothing,
            invite: options,
        };
        return bulk_invite(change, bulk);
    }
    let build: Build = Box::new(move |ws| {
        let name = options.name.clone();
        invite::action(ws, customer.as_deref().unwrap_or_default(), &options, name)
    });
    execute(change, build)
}

fn accept(invitation: String) -> Build {
    Box::new(move |ws| {
        Ok(Action::Accept {
            invitation_id: resolve::invitation(ws, &invitation),
        })
    })
}

fn decline(invitation: String) -> Build {
    Box::new(move |ws| {
        Ok(Action::Decline {
            invitation_id: resolve::invitation(ws, &invitation),
        })
    })
}

/// `revoke` names an invitation, or a draft GDAP relationship, which it deletes (GD7).
fn revoke(invitation: String) -> Build {
    Box::new(move |ws| {
        let relationship = resolve::relationship(ws, &invitation);
        if ws
            .invitation(&resolve::invitation(ws, &invitation))
            .is_none()
            && ws.relationship(&relationship).is_some()
        {
            return Ok(Action::DeleteDraft {
                relationship_id: relationship,
            });
        }
        Ok(Action::Revoke {
            invitation_id: resolve::invitation(ws, &invitation),
        })
    })
}

/// An action on one relationship, named by id (or Graph id).
fn on_relationship(relationship: String, action: fn(Id) -> Action) -> Build {
    Box::new(move |ws| Ok(action(resolve::relationship(ws, &relationship))))
}

fn edit_draft(
    relationship: String,
    name: Option<String>,
    roles: Option<Vec<String>>,
    days: Option<u32>,
    auto_extend: Option<String>,
) -> Build {
    Box::new(move |ws| {
        Ok(Action::EditDraft {
            relationship_id: resolve::relationship(ws, &relationship),
            display_name: name,
            roles,
            duration: days.map(crate::domain::duration::DurationDays),
            auto_extend_duration: auto_extend.map(|s| AutoExtend::from_flag(s == "on")),
        })
    })
}

fn terminate(relationship: String) -> Build {
    Box::new(move |ws| {
        Ok(Action::Terminate {
            relationship_id: resolve::relationship(ws, &relationship),
        })
    })
}

fn buy(customer: String, offer: String, quantity: u32, term: String, billing: BillingArg) -> Build {
    Box::new(move |ws| {
        Ok(Action::BuySubscription {
            customer_id: resolve::customer(ws, &customer)?,
            offer_name: offer,
            quantity,
            term_duration: term.to_ascii_uppercase(),
            billing_cycle: billing_cycle(billing),
        })
    })
}

fn suspend(subscription: String) -> Build {
    Box::new(move |ws| {
        Ok(Action::SuspendSubscription {
            subscription_id: resolve::subscription(ws, &subscription),
        })
    })
}

fn reactivate(subscription: String) -> Build {
    Box::new(move |ws| {
        Ok(Action::ReactivateSubscription {
            subscription_id: resolve::subscription(ws, &subscription),
        })
    })
}

fn auto_extend(relationship: String, setting: String) -> Build {
    Box::new(move |ws| {
        Ok(Action::SetAutoExtend {
            relationship_id: resolve::relationship(ws, &relationship),
            auto_extend_duration: AutoExtend::from_flag(setting == "on"),
        })
    })
}

fn assign(
    relationship: String,
    group: String,
    group_name: Option<String>,
    roles: Vec<String>,
) -> Build {
    Box::new(move |ws| {
        Ok(Action::AddAccessAssignment {
            relationship_id: resolve::relationship(ws, &relationship),
            security_group_id: group,
            security_group_name: group_name,
            roles,
        })
    })
}

fn unassign(assignment: String) -> Build {
    Box::new(move |ws| {
        Ok(Action::RemoveAccessAssignment {
            assignment_id: resolve::assignment(ws, &assignment),
        })
    })
}

fn add_customer(
    id: String,
    name: String,
    domain: String,
    country: String,
    tenant: String,
    csp_partner: bool,
) -> Build {
    Box::new(move |_| {
        Ok(Action::AddCustomer {
            customer: Customer {
                external_id: None,
                id: Id::new(id.trim()),
                tenant_id: tenant.trim().to_string(),
                display_name: name.trim().into(),
                domain: domain.trim().to_string(),
                country: country.trim().to_ascii_uppercase().into(),
                is_csp_partner: csp_partner,
                source: None,
            },
        })
    })
}

fn add_partner(
    id: String,
    name: String,
    partner_id: String,
    tenant: String,
    billing: BillingModelArg,
    providers: Vec<String>,
) -> Build {
    Box::new(move |ws| {
        let providers = providers
            .iter()
            .map(|p| resolve::partner(ws, p))
            .collect::<Result<_, _>>()?;
        Ok(Action::AddPartner {
            partner: Partner {
                id: Id::new(id.trim()),
                display_name: name.trim().into(),
                partner_id: partner_id.trim().to_string(),
                tenant_id: tenant.trim().to_string(),
                billing_model: billing_model(billing),
                specialties: Vec::new(),
                providers,
                source: None,
            },
        })
    })
}

/// `apply`: any action, given as JSON, or `-` to read it from standard input (read before the
/// workspace is locked, so a slow pipe never holds the lock).
fn apply_json(action: String) -> Result<Build, Failure> {
    let text = if action == "-" {
        String::from_utf8(read_input("-", MAX_ACTION_BYTES, Holds::Json)?)
            .map_err(|_| Failure::usage("the action on standard input is not UTF-8 text"))?
    } else {
        action
    };
    Ok(Box::new(move |_| {
        serde_json::from_str::<Action>(&text).map_err(|err| {
            Failure::usage("the action is not valid JSON for an Action")
                .with_detail(err.to_string())
        })
    }))
}

fn execute(change: Change, build: Build) -> Outcome {
    let now = resolve::now(change.now.as_deref())?;
    // Lock first (a terminal app or another command writing the file refuses us), then load:
    // what we apply to is what is on disk while nobody else may write it.
    let mut session = resolve::open_to_write(&change.file)?;
    let ws = session.workspace();
    let actor = resolve::actor(ws, &change.actor)?;
    let action = build(ws)?;
    let applied = apply(ws, &actor, &action, now).map_err(|refusal| Failure::refused(&refusal))?;
    if applied.is_noop() {
        if change.json {
            output::json(&json!({ "applied": action.name(), "events": [] }));
        } else {
            outln!("{}: nothing to change", action.name());
        }
        return Ok(());
    }
    // A command saves at once, so it needs no journal: until the rename, nothing was done.
    session.adopt(&applied);
    session
        .save()
        .map_err(|err| resolve::save_failure(&change.file, err))?;
    if change.json {
        output::json(&json!({ "applied": action.name(), "events": applied.events }));
    } else {
        for event in &applied.events {
            outln!("{event}");
        }
    }
    Ok(())
}

fn billing_cycle(arg: BillingArg) -> BillingCycle {
    match arg {
        BillingArg::Monthly => BillingCycle::Monthly,
        BillingArg::Annual => BillingCycle::Annual,
        BillingArg::Triennial => BillingCycle::Triennial,
        BillingArg::OneTime => BillingCycle::OneTime,
    }
}

fn billing_model(arg: BillingModelArg) -> BillingModel {
    match arg {
        BillingModelArg::DirectBill => BillingModel::DirectBill,
        BillingModelArg::IndirectProvider => BillingModel::IndirectProvider,
        BillingModelArg::IndirectReseller => BillingModel::IndirectReseller,
    }
}
