//! The records of a workspace: partners, customers, subscriptions, relationships, invitations,
//! GDAP access assignments and the audit trail. Field names follow Partner Center and Microsoft
//! Graph (camelCase) where those APIs have one.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::actor::Actor;
use super::duration::{AutoExtend, DurationDays};
use super::provenance::Provenance;
use super::time::Time;
use std::sync::Arc;

use crate::tables::exact_vec;
use crate::tables::id::Id;
use crate::tables::text::Text;

/// How a partner buys from Microsoft and bills its customers.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum BillingModel {
    /// Buys from Microsoft and bills customers itself.
    DirectBill,
    /// A distributor: sells to indirect resellers and bills them.
    IndirectProvider,
    /// Sells to customers through the indirect providers that authorize it.
    IndirectReseller,
}

impl BillingModel {
    pub fn label(self) -> &'static str {
        match self {
            BillingModel::DirectBill => "direct-bill",
            BillingModel::IndirectProvider => "indirect provider",
            BillingModel::IndirectReseller => "indirect reseller",
        }
    }
}

/// The services a partner specializes in; they explain why a customer works with several partners.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum Specialty {
    Microsoft365,
    Azure,
    Dynamics365,
    PowerPlatform,
    Security,
    Teams,
    Licensing,
}

impl Specialty {
    pub fn label(self) -> &'static str {
        match self {
            Specialty::Microsoft365 => "Microsoft 365",
            Specialty::Azure => "Azure",
            Specialty::Dynamics365 => "Dynamics 365",
            Specialty::PowerPlatform => "Power Platform",
            Specialty::Security => "Security",
            Specialty::Teams => "Teams",
            Specialty::Licensing => "Licensing",
        }
    }
}

/// A company in the CSP program.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Partner {
    pub id: Id,
    pub display_name: Text,
    /// The Partner ID (formerly MPN ID), a number.
    pub partner_id: String,
    /// The partner's own Microsoft Entra tenant.
    pub tenant_id: String,
    pub billing_model: BillingModel,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "exact_vec::read"
    )]
    pub specialties: Vec<Specialty>,
    /// For an indirect reseller: the indirect providers that authorize it (IV4).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "exact_vec::read"
    )]
    pub providers: Vec<Id>,
    /// Where it came from, when an import brought it (kept by every later action).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::domain::provenance::write_shared",
        deserialize_with = "crate::domain::provenance::read_shared"
    )]
    pub source: Option<Arc<Provenance>>,
}

/// An organization with a Microsoft Entra tenant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Customer {
    pub id: Id,
    pub tenant_id: String,
    pub display_name: Text,
    /// The primary domain, `contoso.onmicrosoft.com`.
    pub domain: String,
    /// ISO 3166 two-letter country code.
    pub country: Text,
    /// The customer's tenant is itself a CSP partner (MP6 forbids reselling to it).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_csp_partner: bool,
    /// Where it came from, when an import brought it (kept by every later action).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::domain::provenance::write_shared",
        deserialize_with = "crate::domain::provenance::read_shared"
    )]
    pub source: Option<Arc<Provenance>>,
    /// Microsoft's id of the customer (the Partner Center customer id, its tenant), when an
    /// import brought or confirmed it: what a later import matches it by first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<Text>,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum SubscriptionStatus {
    Active,
    Suspended,
    Expired,
    Deleted,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum BillingCycle {
    Monthly,
    Annual,
    Triennial,
    OneTime,
}

/// Something a customer bought, with exactly one partner of record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Subscription {
    pub id: Id,
    pub customer_id: Id,
    /// The partner that sold it (for the indirect model, the reseller).
    pub partner_of_record: Id,
    /// For the indirect model: the indirect provider that bills the reseller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_partner: Option<Id>,
    pub offer_name: Text,
    pub quantity: u32,
    pub status: SubscriptionStatus,
    /// ISO 8601 term, `P1M`, `P1Y` or `P3Y`.
    pub term_duration: Text,
    pub billing_cycle: BillingCycle,
    pub created_date_time: Time,
    /// Where it came from, when an import brought it (kept by every later action).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::domain::provenance::write_shared",
        deserialize_with = "crate::domain::provenance::read_shared"
    )]
    pub source: Option<Arc<Provenance>>,
    /// Partner Center's subscription id, when an import brought it: what a later import matches
    /// it by first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<Text>,
}

/// What a relationship lets the partner do.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum RelationshipKind {
    /// The partner may sell to the customer.
    Reseller,
    /// Classic delegated admin privileges.
    DelegatedAdmin,
    /// Granular delegated admin privileges: chosen roles for a limited time.
    Gdap,
}

impl RelationshipKind {
    /// The kind as JSON spells it (the file's and every output's spelling): `reseller`,
    /// `delegatedAdmin`, `gdap`.
    pub fn key(self) -> &'static str {
        match self {
            RelationshipKind::Reseller => "reseller",
            RelationshipKind::DelegatedAdmin => "delegatedAdmin",
            RelationshipKind::Gdap => "gdap",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RelationshipKind::Reseller => "reseller",
            RelationshipKind::DelegatedAdmin => "DAP",
            RelationshipKind::Gdap => "GDAP",
        }
    }
}

/// Relationship statuses, named as Microsoft Graph `delegatedAdminRelationship` names them, plus
/// partnerdesk's own `deleted` for a draft the partner deleted. Reseller and DAP relationships use
/// only `active` and `terminated`. `expiring` comes after the end date (Graph: "passed its
/// expiration date", access being removed); an active relationship near its end is still
/// `active`, and "ends in N days" is derived from its end date (`lifecycle::ending_soon`).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum RelationshipStatus {
    Created,
    ApprovalPending,
    Approved,
    Activating,
    Active,
    Expiring,
    Expired,
    TerminationRequested,
    Terminating,
    Terminated,
    /// partnerdesk's own: a draft (`created`) the partner deleted. Graph forgets a deleted
    /// relationship; partnerdesk keeps it as history, and its name is free again.
    Deleted,
}

impl RelationshipStatus {
    pub const ALL: [RelationshipStatus; 11] = [
        RelationshipStatus::Created,
        RelationshipStatus::ApprovalPending,
        RelationshipStatus::Approved,
        RelationshipStatus::Activating,
        RelationshipStatus::Active,
        RelationshipStatus::Expiring,
        RelationshipStatus::Expired,
        RelationshipStatus::TerminationRequested,
        RelationshipStatus::Terminating,
        RelationshipStatus::Terminated,
        RelationshipStatus::Deleted,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RelationshipStatus::Created => "created",
            RelationshipStatus::ApprovalPending => "approvalPending",
            RelationshipStatus::Approved => "approved",
            RelationshipStatus::Activating => "activating",
            RelationshipStatus::Active => "active",
            RelationshipStatus::Expiring => "expiring",
            RelationshipStatus::Expired => "expired",
            RelationshipStatus::TerminationRequested => "terminationRequested",
            RelationshipStatus::Terminating => "terminating",
            RelationshipStatus::Terminated => "terminated",
            RelationshipStatus::Deleted => "deleted",
        }
    }

    /// The relationship currently grants what it describes. An `expiring` one has passed its
    /// end and its access is being removed.
    pub fn is_in_force(self) -> bool {
        self == RelationshipStatus::Active
    }

    /// The relationship has ended and stays only as history.
    pub fn is_ended(self) -> bool {
        matches!(
            self,
            RelationshipStatus::Expired
                | RelationshipStatus::Terminated
                | RelationshipStatus::Deleted
        )
    }
}

/// One step in a relationship's life.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusChange {
    pub status: RelationshipStatus,
    pub at: Time,
    // Boxed, like the note: millions of loaded changes have neither, and a change small enough
    // to sit inside its relationship (`History`) saves an allocation per relationship.
    /// Who caused it; absent for changes made by the passage of time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Box<Actor>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// A relationship's changes, oldest first. Most relationships have changed once: that one
/// change is kept inside the record, with no allocation of its own.
pub type History = smallvec::SmallVec<[StatusChange; 1]>;

/// The GDAP part of a relationship (Graph `delegatedAdminRelationship`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GdapDetails {
    /// 1–50 characters, unique among the partner's relationships (GD6).
    pub display_name: Text,
    /// Microsoft Entra role template ids (Graph `roleDefinitionId`).
    #[serde(deserialize_with = "exact_vec::read")]
    pub roles: Vec<Text>,
    pub duration: DurationDays,
    pub auto_extend_duration: AutoExtend,
}

/// A partner's standing with one customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Relationship {
    pub id: Id,
    pub kind: RelationshipKind,
    pub partner_id: Id,
    pub customer_id: Id,
    pub status: RelationshipStatus,
    pub created_date_time: Time,
    /// When it came into force (absent until approved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date_time: Option<Time>,
    /// When it ends (GDAP) or ended (any kind).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date_time: Option<Time>,
    /// For a relationship made through the two-tier model: the indirect provider (or, on the
    /// provider's own relationship, the reseller it was made for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via_partner_id: Option<Id>,
    /// The invitation that created it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation_id: Option<Id>,
    // Boxed: most relationships are not GDAP, and this keeps their records small.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gdap: Option<Box<GdapDetails>>,
    /// A GDAP relationship an indirect provider (`via_partner_id`) created for this indirect
    /// reseller that the reseller has not yet approved or rejected (Graph
    /// `resellerDelegatedAdminRelationship.isPartnerConsentPending`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partner_consent_pending: bool,
    #[serde(default, skip_serializing_if = "History::is_empty")]
    #[schemars(with = "Vec<StatusChange>")]
    pub history: History,
    /// Where it came from, when an import brought it (kept by every later action).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::domain::provenance::write_shared",
        deserialize_with = "crate::domain::provenance::read_shared"
    )]
    pub source: Option<Arc<Provenance>>,
    /// Graph's `@odata.etag` of the relationship as last imported (a change sends it as
    /// `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Microsoft Graph's relationship id, when an import brought it or confirmed a plan made
    /// here (then the workspace id stays): what a later import matches it by first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<Text>,
}

impl Relationship {
    /// GD6: the GDAP display name this relationship holds; a deleted draft frees its name.
    pub fn gdap_name(&self) -> Option<&Text> {
        match (&self.gdap, self.status) {
            (_, RelationshipStatus::Deleted) | (None, _) => None,
            (Some(g), _) => Some(&g.display_name),
        }
    }

    /// Whole days until it ends, when it has an end and is still in force.
    pub fn days_left(&self, now: Time) -> Option<i64> {
        if self.status.is_ended() {
            return None;
        }
        self.end_date_time.map(|end| now.days_until(end))
    }

    /// It exists here only because an import brought it: no invitation in this workspace made it.
    pub fn is_known_only_from_import(&self) -> bool {
        self.invitation_id.is_none() && self.source.is_some()
    }

    /// The partner that made a GDAP request: the provider for a reseller's, else its own partner.
    pub fn maker(&self) -> &Id {
        self.via_partner_id.as_ref().unwrap_or(&self.partner_id)
    }

    /// Moves it to `to` at `at`, keeping the move in its history: by whom (none for the passage
    /// of time) and why.
    pub fn move_to(
        &mut self,
        to: RelationshipStatus,
        at: Time,
        by: Option<&Actor>,
        note: Option<&str>,
    ) {
        self.status = to;
        self.history.push(StatusChange {
            status: to,
            at,
            by: by.cloned().map(Box::new),
            note: note.map(Into::into),
        });
    }
}

/// What an invitation asks for.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum InvitationKind {
    Reseller,
    ResellerAndDelegatedAdmin,
    Gdap,
}

impl InvitationKind {
    pub fn label(self) -> &'static str {
        match self {
            InvitationKind::Reseller => "reseller",
            InvitationKind::ResellerAndDelegatedAdmin => "reseller + DAP",
            InvitationKind::Gdap => "GDAP",
        }
    }

    /// The relationship kinds that accepting this invitation creates.
    pub fn grants(self) -> &'static [RelationshipKind] {
        match self {
            InvitationKind::Reseller => &[RelationshipKind::Reseller],
            InvitationKind::ResellerAndDelegatedAdmin => {
                &[RelationshipKind::Reseller, RelationshipKind::DelegatedAdmin]
            }
            InvitationKind::Gdap => &[RelationshipKind::Gdap],
        }
    }
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Declined,
    Revoked,
    Expired,
}

impl InvitationStatus {
    pub const ALL: [InvitationStatus; 5] = [
        InvitationStatus::Pending,
        InvitationStatus::Accepted,
        InvitationStatus::Declined,
        InvitationStatus::Revoked,
        InvitationStatus::Expired,
    ];

    pub fn label(self) -> &'static str {
        match self {
            InvitationStatus::Pending => "pending",
            InvitationStatus::Accepted => "accepted",
            InvitationStatus::Declined => "declined",
            InvitationStatus::Revoked => "revoked",
            InvitationStatus::Expired => "expired",
        }
    }
}

/// A partner's request for a relationship; only the customer answers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Invitation {
    pub id: Id,
    pub kind: InvitationKind,
    /// The inviting partner (for IV4, the indirect reseller).
    pub partner_id: Id,
    pub customer_id: Id,
    /// IV4: the indirect provider the reseller invites on behalf of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via_provider_id: Option<Id>,
    pub status: InvitationStatus,
    pub created_date_time: Time,
    pub expires_date_time: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_date_time: Option<Time>,
    /// For a GDAP request: the relationship awaiting approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship_id: Option<Id>,
}

/// Access assignment statuses, named as Graph `delegatedAdminAccessAssignmentStatus` names them.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum AssignmentStatus {
    /// Requested; its group does not have the roles yet.
    Pending,
    /// In force: the group's members have the roles.
    Active,
    /// Being removed.
    Deleting,
    Deleted,
    /// Graph could not apply it.
    Error,
}

impl AssignmentStatus {
    pub const ALL: [AssignmentStatus; 5] = [
        AssignmentStatus::Pending,
        AssignmentStatus::Active,
        AssignmentStatus::Deleting,
        AssignmentStatus::Deleted,
        AssignmentStatus::Error,
    ];

    pub fn label(self) -> &'static str {
        match self {
            AssignmentStatus::Pending => "pending",
            AssignmentStatus::Active => "active",
            AssignmentStatus::Deleting => "deleting",
            AssignmentStatus::Deleted => "deleted",
            AssignmentStatus::Error => "error",
        }
    }

    /// The group's members have the roles now (only `active`).
    pub fn is_in_force(self) -> bool {
        self == AssignmentStatus::Active
    }

    /// In force or on its way there (`pending`, `active`): it gives, or is about to give, its
    /// roles, so they must be the relationship's (GD4) and it ends with its relationship.
    pub fn is_live(self) -> bool {
        matches!(self, AssignmentStatus::Pending | AssignmentStatus::Active)
    }
}

/// A partner security group given a subset of a GDAP relationship's roles (GD4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccessAssignment {
    pub id: Id,
    pub relationship_id: Id,
    /// The partner tenant's security group (its object id).
    pub security_group_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_group_name: Option<String>,
    #[serde(deserialize_with = "exact_vec::read")]
    pub roles: Vec<Text>,
    pub status: AssignmentStatus,
    pub created_date_time: Time,
    /// Where it came from, when an import brought it (kept by every later action).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::domain::provenance::write_shared",
        deserialize_with = "crate::domain::provenance::read_shared"
    )]
    pub source: Option<Arc<Provenance>>,
    /// Graph's `@odata.etag` of the assignment as last imported (a change sends it as `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Microsoft Graph's access assignment id, when an import brought it: what a later import
    /// matches it by first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<Text>,
}

/// Ids are the tables' keys; what one means here is the domain's to say (in the schema too).
impl JsonSchema for Id {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The id of a record in a workspace (unique within its kind, rule WS1).",
            "type": "string"
        })
    }
}
