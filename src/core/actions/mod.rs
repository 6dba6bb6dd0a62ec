//! One file per family of actions. Each handler checks its action's own rules against the state
//! before it, then changes the draft through the workspace's core-only methods and records events.
//! `apply` verifies the cross-cutting rules afterwards.

pub(super) mod import;
mod invitations;
mod master_data;
mod relationships;
mod subscriptions;
mod time;

use super::action::{Action, Actor};
use super::events::{Event, RecordKind};
use super::ids::{Id, Time};
use super::model::{Customer, Invitation, Partner, Relationship};
use super::rules::{Refusal, RuleId, refuse};
use super::workspace::Workspace;

/// What a handler works on: the draft state, who acts, and when.
pub struct Ctx<'a> {
    pub ws: &'a mut Workspace,
    pub actor: &'a Actor,
    pub now: Time,
    events: Vec<Event>,
}

impl<'a> Ctx<'a> {
    pub fn new(ws: &'a mut Workspace, actor: &'a Actor, now: Time) -> Ctx<'a> {
        Ctx {
            ws,
            actor,
            now,
            events: Vec::new(),
        }
    }

    pub fn into_events(self) -> Vec<Event> {
        self.events
    }

    pub fn event(&mut self, kind: RecordKind, id: &Id, change: impl Into<String>) {
        self.events.push(Event::new(kind, id, change));
    }

    pub fn partner(&self, id: &Id) -> Result<Partner, Refusal> {
        self.ws.partner(id).cloned().ok_or_else(|| {
            Refusal::new(
                RuleId::WS1,
                format!("`{id}` is not a partner in this workspace"),
            )
        })
    }

    pub fn customer(&self, id: &Id) -> Result<Customer, Refusal> {
        self.ws.customer(id).cloned().ok_or_else(|| {
            Refusal::new(
                RuleId::WS1,
                format!("`{id}` is not a customer in this workspace"),
            )
        })
    }

    pub fn invitation(&self, id: &Id) -> Result<Invitation, Refusal> {
        self.ws.invitation(id).cloned().ok_or_else(|| {
            Refusal::new(
                RuleId::WS1,
                format!("`{id}` is not an invitation in this workspace"),
            )
        })
    }

    pub fn relationship(&self, id: &Id) -> Result<Relationship, Refusal> {
        self.ws.relationship(id).cloned().ok_or_else(|| {
            Refusal::new(
                RuleId::WS1,
                format!("`{id}` is not a relationship in this workspace"),
            )
        })
    }

    /// The acting partner, or a refusal under `rule` saying who may do `what`.
    pub fn acting_partner(&self, rule: RuleId, what: &str) -> Result<Partner, Refusal> {
        match self.actor {
            Actor::Partner(id) => self.partner(id),
            Actor::Operator => refuse(
                rule,
                format!("the operator cannot {what}; only a partner can"),
            ),
            Actor::Customer(id) => refuse(
                rule,
                format!("customer {id} cannot {what}; only a partner can"),
            ),
        }
    }

    /// A display name for messages: the record's name, or its id when unknown.
    pub fn partner_name(&self, id: &Id) -> String {
        self.ws
            .partner(id)
            .map_or_else(|| id.to_string(), |p| p.display_name.clone())
    }

    pub fn customer_name(&self, id: &Id) -> String {
        self.ws
            .customer(id)
            .map_or_else(|| id.to_string(), |c| c.display_name.to_string())
    }
}

pub fn dispatch(ctx: &mut Ctx<'_>, action: &Action) -> Result<(), Refusal> {
    match action {
        Action::AddPartner { partner } => master_data::add_partner(ctx, partner),
        Action::EditPartner { partner } => master_data::edit_partner(ctx, partner),
        Action::AddCustomer { customer } => master_data::add_customer(ctx, customer),
        Action::EditCustomer { customer } => master_data::edit_customer(ctx, customer),
        Action::BuySubscription {
            customer_id,
            offer_name,
            quantity,
            term_duration,
            billing_cycle,
        } => subscriptions::buy(
            ctx,
            customer_id,
            offer_name,
            *quantity,
            term_duration,
            *billing_cycle,
        ),
        Action::SuspendSubscription { subscription_id } => {
            subscriptions::suspend(ctx, subscription_id)
        }
        Action::ReactivateSubscription { subscription_id } => {
            subscriptions::reactivate(ctx, subscription_id)
        }
        Action::Invite {
            customer_id,
            kind,
            via_provider_id,
            gdap,
        } => invitations::invite(
            ctx,
            customer_id,
            *kind,
            via_provider_id.as_ref(),
            gdap.as_ref(),
        ),
        Action::Accept { invitation_id } => invitations::accept(ctx, invitation_id),
        Action::Decline { invitation_id } => invitations::decline(ctx, invitation_id),
        Action::Revoke { invitation_id } => invitations::revoke(ctx, invitation_id),
        Action::Terminate { relationship_id } => relationships::terminate(ctx, relationship_id),
        Action::SetAutoExtend {
            relationship_id,
            auto_extend_duration,
        } => relationships::set_auto_extend(ctx, relationship_id, *auto_extend_duration),
        Action::AddAccessAssignment {
            relationship_id,
            security_group_id,
            security_group_name,
            roles,
        } => relationships::add_assignment(
            ctx,
            relationship_id,
            security_group_id,
            security_group_name.as_deref(),
            roles,
        ),
        Action::RemoveAccessAssignment { assignment_id } => {
            relationships::remove_assignment(ctx, assignment_id)
        }
        Action::PassTime => time::pass_time(ctx),
        Action::Import {
            records, strict, ..
        } => import::run(ctx, records, *strict).map(|_| ()),
    }
}

/// Refuses any actor but the operator (OP1): master data is the operator's job.
fn require_operator(ctx: &Ctx<'_>, what: &str) -> Result<(), Refusal> {
    match ctx.actor {
        Actor::Operator => Ok(()),
        other => refuse(
            RuleId::OP1,
            format!("{other} cannot {what}; only the operator maintains master data"),
        ),
    }
}
