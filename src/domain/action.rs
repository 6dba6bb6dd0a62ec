//! Every change a workspace can undergo (`Action`).
//! Actions are data: they are applied by `apply`, written to the audit trail and the journal,
//! and replayed.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::conflicts::Side;
use super::duration::{AutoExtend, DurationDays};
use super::imported::{ImportRecords, ImportTally};
use super::records::{BillingCycle, Customer, InvitationKind, Partner};
use crate::tables::id::Id;

/// What a partner asks for when it requests a GDAP relationship.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GdapRequest {
    /// Defaults to "<partner> – <customer>" cut to 50 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Role names or template ids; stored as template ids.
    pub roles: Vec<String>,
    pub duration: DurationDays,
    #[serde(default)]
    pub auto_extend_duration: AutoExtend,
}

/// Every change to a workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Action {
    /// Operator: add a partner to the master data.
    AddPartner { partner: Partner },
    /// Operator: replace a partner's master data (same id).
    EditPartner { partner: Partner },
    /// Operator: add a customer to the master data.
    AddCustomer { customer: Customer },
    /// Operator: replace a customer's master data (same id).
    EditCustomer { customer: Customer },
    /// A partner buys a subscription for a customer it resells to.
    BuySubscription {
        customer_id: Id,
        offer_name: String,
        quantity: u32,
        #[serde(default = "default_term")]
        term_duration: String,
        #[serde(default = "default_billing_cycle")]
        billing_cycle: BillingCycle,
    },
    /// The partner of record suspends one of its subscriptions (needed before RS1 lets it go).
    SuspendSubscription { subscription_id: Id },
    /// The partner of record reactivates a suspended subscription.
    ReactivateSubscription { subscription_id: Id },
    /// A partner asks a customer for a relationship.
    Invite {
        customer_id: Id,
        kind: InvitationKind,
        /// IV4: an indirect reseller names the provider it invites on behalf of.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        via_provider_id: Option<Id>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        gdap: Option<GdapRequest>,
        /// GDAP: create the relationship as an editable draft (`created`) and lock it for
        /// approval later (`Lock`); without it, invite creates and locks at once.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        draft: bool,
        /// GDAP by an indirect provider: the indirect reseller the relationship is for (IV6).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        for_reseller: Option<Id>,
    },
    /// The partner locks its draft GDAP relationship for the customer's approval (GD7).
    Lock { relationship_id: Id },
    /// The partner changes its draft GDAP relationship (GD6, GD7): only the fields given.
    EditDraft {
        relationship_id: Id,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        display_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        roles: Option<Vec<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        duration: Option<DurationDays>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        auto_extend_duration: Option<AutoExtend>,
    },
    /// The partner deletes its draft GDAP relationship (GD7; Graph DELETE).
    DeleteDraft { relationship_id: Id },
    /// The indirect reseller approves a GDAP relationship its provider created for it (IV6).
    ResellerApprove { relationship_id: Id },
    /// The indirect reseller rejects a GDAP relationship its provider created for it (IV6).
    ResellerReject { relationship_id: Id },
    /// The partner removes Global Administrator from an active GDAP relationship, the one role
    /// change Graph allows after approval (GD7).
    RemoveGlobalAdmin { relationship_id: Id },
    /// The invited customer accepts (for GDAP: approves the locked request).
    Accept { invitation_id: Id },
    /// The invited customer declines a reseller invitation (a GDAP request has no decline).
    Decline { invitation_id: Id },
    /// The inviting partner withdraws its reseller invitation (a locked GDAP request cannot be).
    Revoke { invitation_id: Id },
    /// Either side ends a relationship; it stays as history.
    Terminate { relationship_id: Id },
    /// Ends what the rules allow between a partner and a customer, in one step: GDAP and DAP
    /// relationships (terminated; a draft deleted), the reseller relationship (RS1), pending
    /// invitations (revoked). Partial: a part a rule keeps stays, named, and the others end
    /// (`domain::offboarding`); refused only when nothing can end (OB1).
    Offboard { partner_id: Id, customer_id: Id },
    /// The partner turns a GDAP relationship's auto-extension on or off.
    SetAutoExtend {
        relationship_id: Id,
        auto_extend_duration: AutoExtend,
    },
    /// The partner gives one of its security groups some of an active relationship's roles.
    AddAccessAssignment {
        relationship_id: Id,
        security_group_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        security_group_name: Option<String>,
        roles: Vec<String>,
    },
    /// The partner removes an access assignment.
    RemoveAccessAssignment { assignment_id: Id },
    /// Time passes (the operator only): due invitations expire; GDAP relationships at their end
    /// are auto-extended or become expiring, then expired.
    PassTime,
    /// Answers a merge conflict recorded in the workspace (`domain::conflicts`) with one side:
    /// the record takes that side's value, checked by the rules, and the conflict is removed. A
    /// rule conflict has no value to take: answering it says it was seen; the rule's finding
    /// stays until an ordinary action fixes the records.
    ResolveConflict { conflict_id: String, side: Side },
    /// A partner brings in its own Partner Center and Graph exports (`domain::imported`): records
    /// are upserted under the rules, refused ones left out (with `strict`, the whole import is
    /// refused). The audit keeps the sources and a tally, not the records (`for_audit`).
    Import {
        /// The files the records came from, as the user named them.
        sources: Vec<String>,
        /// SHA-256 of each source's bytes (hex), in the order of `sources`. With the names they
        /// are the provenance the import gives every record it adds or changes.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        digests: Vec<String>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        strict: bool,
        #[serde(default, skip_serializing_if = "ImportRecords::is_empty")]
        records: Box<ImportRecords>,
        /// How many records of each kind came (set in the audit's slim form).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tally: Option<ImportTally>,
    },
}

fn default_term() -> String {
    "P1Y".to_string()
}

fn default_billing_cycle() -> BillingCycle {
    BillingCycle::Monthly
}

impl Action {
    /// A short name, as the CLI and the palette call it.
    pub fn name(&self) -> &'static str {
        match self {
            Action::AddPartner { .. } => "add partner",
            Action::EditPartner { .. } => "edit partner",
            Action::AddCustomer { .. } => "add customer",
            Action::EditCustomer { .. } => "edit customer",
            Action::BuySubscription { .. } => "buy",
            Action::SuspendSubscription { .. } => "suspend",
            Action::ReactivateSubscription { .. } => "reactivate",
            Action::Invite { .. } => "invite",
            Action::Lock { .. } => "lock",
            Action::EditDraft { .. } => "edit draft",
            Action::DeleteDraft { .. } => "delete draft",
            Action::ResellerApprove { .. } => "reseller approve",
            Action::ResellerReject { .. } => "reseller reject",
            Action::RemoveGlobalAdmin { .. } => "remove Global Administrator",
            Action::Accept { .. } => "accept",
            Action::Decline { .. } => "decline",
            Action::Revoke { .. } => "revoke",
            Action::Terminate { .. } => "terminate",
            Action::Offboard { .. } => "offboard",
            Action::SetAutoExtend { .. } => "set auto-extend",
            Action::AddAccessAssignment { .. } => "add access assignment",
            Action::RemoveAccessAssignment { .. } => "remove access assignment",
            Action::PassTime => "pass time",
            Action::Import { .. } => "import",
            Action::ResolveConflict { .. } => "resolve conflict",
        }
    }

    /// Actions that are about subscriptions. Every other action must leave every existing
    /// subscription exactly as it was (MP2–MP5), which `apply` verifies.
    pub fn may_change_existing_subscriptions(&self) -> bool {
        matches!(
            self,
            Action::SuspendSubscription { .. }
                | Action::ReactivateSubscription { .. }
                | Action::Import { .. }
                | Action::ResolveConflict { .. }
        )
    }

    /// The action as the audit trail keeps it: an import keeps its sources and a tally of what it
    /// brought instead of every record (the records are in the workspace itself).
    pub fn for_audit(&self) -> Action {
        match self {
            Action::Import {
                sources,
                digests,
                strict,
                records,
                tally,
            } => Action::Import {
                sources: sources.clone(),
                digests: digests.clone(),
                strict: *strict,
                records: Box::default(),
                tally: tally.or_else(|| Some(records.tally())),
            },
            other => other.clone(),
        }
    }
}
