//! One file per family of actions. Each handler checks its action's own rules against the state
//! before it, then changes the draft through `Records` and records events. `apply` verifies the
//! cross-cutting rules afterwards.

mod conflicts;
pub mod ctx;
mod gdap_details;
mod gdap_requests;
pub mod import;
mod invitation_closing;
mod invitations;
mod master_data;
pub mod offboard;
mod relationships;
mod subscriptions;
mod time;

use super::action::Action;
use super::catalogue::Refusal;
use super::facts::Records;
use super::rules::{identity, operator};
use super::side_by_side::InTurn;
use ctx::Ctx;

pub fn dispatch<W: Records>(ctx: &mut Ctx<'_, W>, action: &Action) -> Result<(), Refusal> {
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
            draft,
            for_reseller,
        } => invitations::invite(
            ctx,
            customer_id,
            invitations::InviteRequest {
                kind: *kind,
                via: via_provider_id.as_ref(),
                gdap: gdap.as_ref(),
                draft: *draft,
                for_reseller: for_reseller.as_ref(),
            },
        ),
        Action::Lock { relationship_id } => gdap_requests::lock(ctx, relationship_id),
        Action::EditDraft {
            relationship_id,
            display_name,
            roles,
            duration,
            auto_extend_duration,
        } => gdap_requests::edit_draft(
            ctx,
            relationship_id,
            gdap_requests::DraftEdit {
                display_name: display_name.as_deref(),
                roles: roles.as_deref(),
                duration: *duration,
                auto_extend: *auto_extend_duration,
            },
        ),
        Action::DeleteDraft { relationship_id } => {
            gdap_requests::delete_draft(ctx, relationship_id)
        }
        Action::ResellerApprove { relationship_id } => {
            gdap_requests::reseller_answer(ctx, relationship_id, true)
        }
        Action::ResellerReject { relationship_id } => {
            gdap_requests::reseller_answer(ctx, relationship_id, false)
        }
        Action::RemoveGlobalAdmin { relationship_id } => {
            relationships::remove_global_admin(ctx, relationship_id)
        }
        Action::Accept { invitation_id } => invitations::accept(ctx, invitation_id),
        Action::Decline { invitation_id } => invitations::decline(ctx, invitation_id),
        Action::Revoke { invitation_id } => invitations::revoke(ctx, invitation_id),
        Action::Terminate { relationship_id } => relationships::terminate(ctx, relationship_id),
        Action::Offboard {
            partner_id,
            customer_id,
        } => offboard::run(ctx, partner_id, customer_id).map(|_| ()),
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
            // ID3: a group id is stored lower-case, whatever case it is given in.
            &identity::normalised_guid(security_group_id),
            security_group_name.as_deref(),
            roles,
        ),
        Action::RemoveAccessAssignment { assignment_id } => {
            relationships::remove_assignment(ctx, assignment_id)
        }
        // OP1 is checked here, before the clock's own rules run.
        Action::PassTime => operator::may_pass_time(ctx.actor).and_then(|()| time::pass_time(ctx)),
        Action::Import {
            sources,
            digests,
            records,
            strict,
            ..
        } => {
            let files = import::Files { sources, digests };
            import::run(ctx, &files, (**records).clone(), *strict, &InTurn).map(|_| ())
        }
        Action::ResolveConflict { conflict_id, side } => {
            conflicts::resolve(ctx, conflict_id, *side)
        }
    }
}
