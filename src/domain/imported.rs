//! What an import brings into a workspace: records read from a partner's own Partner Center and
//! Microsoft Graph exports, already recognised and merged by `interop`, keyed by the ids those
//! APIs use (tenant ids, Partner IDs, Graph relationship ids). The core's import action
//! (`actions/import.rs`) upserts them under the rules; `review` says what an import would do.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::catalogue::{Refusal, RuleId};
use super::duration::{AutoExtend, DurationDays};
use super::records::{AssignmentStatus, BillingCycle, RelationshipStatus, SubscriptionStatus};
use super::time::Time;
use crate::tables::id::Id;
use crate::tables::text::Text;

/// How a partner named in a Partner Center `PartnerRelationship` listing relates to the importer.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub enum PartnerLink {
    /// It is an indirect provider of the importing partner (`IsIndirectResellerOf` listing).
    ProviderOfImporter,
    /// It is an indirect reseller of the importing partner (`IsIndirectCloudSolutionProviderOf`).
    ResellerOfImporter,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportedPartner {
    pub tenant_id: String,
    /// Partner ID (MPN ID).
    pub partner_id: String,
    pub display_name: String,
    pub link: PartnerLink,
    /// Which of the import's sources (an index into `Action::Import`'s `sources`) it was read
    /// from: the provenance the import gives the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportedCustomer {
    pub tenant_id: String,
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Text>,
    /// From Partner Center's `Customer` (name and domain are authoritative); false when the
    /// customer is only known from a Graph relationship (then it is created, never renamed).
    #[serde(default)]
    pub profile: bool,
    /// The importing partner holds a reseller relationship with it (`relationshipToPartner`).
    #[serde(default)]
    pub reseller: bool,
    /// `allowDelegatedAccess`, when the export says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegated_admin: Option<bool>,
    /// For an indirect reseller: the tenant of the indirect provider its reseller relationship
    /// goes through, when the exports make it unambiguous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via_provider_tenant_id: Option<String>,
    /// Which of the import's sources (an index into `Action::Import`'s `sources`) it was read
    /// from: the provenance the import gives the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportedSubscription {
    pub id: Text,
    pub customer_tenant_id: String,
    /// The partner of record's Partner ID (`partnerId`); absent means the importing partner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_of_record: Option<String>,
    pub offer_name: Text,
    pub quantity: u32,
    pub status: SubscriptionStatus,
    pub term_duration: Text,
    pub billing_cycle: BillingCycle,
    pub created_date_time: Time,
    /// Which of the import's sources (an index into `Action::Import`'s `sources`) it was read
    /// from: the provenance the import gives the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportedGdap {
    /// The Graph relationship id.
    pub id: Text,
    pub customer_tenant_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_name: Option<String>,
    pub display_name: String,
    /// Role template ids as the export spelled them.
    pub roles: Vec<Text>,
    pub duration: DurationDays,
    pub auto_extend_duration: AutoExtend,
    pub status: RelationshipStatus,
    pub created_date_time: Time,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_date_time: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activated_date_time: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date_time: Option<Time>,
    /// `resellerDelegatedAdminRelationship.indirectProviderTenantId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indirect_provider_tenant_id: Option<String>,
    /// `resellerDelegatedAdminRelationship.isPartnerConsentPending`: the provider created it for
    /// the reseller, who has not yet approved or rejected it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partner_consent_pending: bool,
    /// `@odata.etag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Which of the import's sources (an index into `Action::Import`'s `sources`) it was read
    /// from: the provenance the import gives the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportedAssignment {
    pub id: String,
    /// The Graph id of the relationship the listing belongs to.
    pub relationship_id: String,
    pub security_group_id: String,
    pub roles: Vec<Text>,
    pub status: AssignmentStatus,
    pub created_date_time: Time,
    /// `@odata.etag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// Which of the import's sources (an index into `Action::Import`'s `sources`) it was read
    /// from: the provenance the import gives the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<usize>,
}

/// Every record an import brings, each kind sorted by its key so the result never depends on
/// the order of pages or files.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportRecords {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partners: Vec<ImportedPartner>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customers: Vec<ImportedCustomer>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subscriptions: Vec<ImportedSubscription>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relationships: Vec<ImportedGdap>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assignments: Vec<ImportedAssignment>,
}

impl ImportRecords {
    pub fn is_empty(&self) -> bool {
        self.partners.is_empty()
            && self.customers.is_empty()
            && self.subscriptions.is_empty()
            && self.relationships.is_empty()
            && self.assignments.is_empty()
    }

    pub fn tally(&self) -> ImportTally {
        ImportTally {
            partners: self.partners.len(),
            customers: self.customers.len(),
            subscriptions: self.subscriptions.len(),
            relationships: self.relationships.len(),
            assignments: self.assignments.len(),
        }
    }
}

/// How many records of each kind an import brought: what the audit trail keeps instead of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportTally {
    pub partners: usize,
    pub customers: usize,
    pub subscriptions: usize,
    pub relationships: usize,
    pub assignments: usize,
}

/// The note on a DAP relationship an import ends because Partner Center's `allowDelegatedAccess`
/// is false.
pub const NOTE_DAP_REMOVED: &str = "DAP removed (Partner Center allowDelegatedAccess=false)";

/// A record an import leaves out, and the rule that refuses it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeftOut {
    /// `customer`, `subscription`, `relationship`, `accessAssignment` or `partner`.
    pub kind: &'static str,
    /// The record's key in the export (tenant id, subscription id, Graph id).
    pub key: String,
    pub rule: RuleId,
    pub reason: String,
}

impl LeftOut {
    pub fn new(kind: &'static str, key: impl Into<String>, refusal: Refusal) -> LeftOut {
        LeftOut {
            kind,
            key: key.into(),
            rule: refusal.rule,
            reason: refusal.reason,
        }
    }
}

/// Something an export says that the import deliberately does not bring in, and what to do
/// about it. Unlike a left-out record it breaks no rule, so `--strict` goes on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportFinding {
    /// The kind of record the export describes (`relationship`…).
    pub kind: &'static str,
    /// Its key in the export (tenant id, Graph id).
    pub key: String,
    pub message: String,
}

/// A plan made in this workspace that an import found done, and linked to Microsoft's record:
/// the record keeps its workspace id and takes Microsoft's id and facts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportLinked {
    /// `relationship` or `invitation`.
    pub kind: &'static str,
    /// The workspace id of the planned record.
    pub id: Id,
    /// Microsoft's id of the record it was linked to (for an invitation, the customer tenant).
    pub external_id: String,
    /// Where the plan and Microsoft disagreed (Microsoft's facts were kept), one line each.
    pub differences: Vec<String>,
}

/// A record the workspace holds for the importing partner that a complete export (`--complete`)
/// no longer contains: reported, never deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportMissing {
    /// `customer`, `subscription`, `relationship` or `accessAssignment`.
    pub kind: &'static str,
    pub id: Id,
    /// Microsoft's id the record keeps.
    pub external_id: String,
}

/// Added / updated / unchanged counts for one kind of record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// What an import does, record kind by record kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub partners: ImportCounts,
    pub customers: ImportCounts,
    pub subscriptions: ImportCounts,
    pub relationships: ImportCounts,
    pub access_assignments: ImportCounts,
    pub left_out: Vec<LeftOut>,
    /// What the exports say that the import deliberately leaves as it is (no refusal).
    pub findings: Vec<ImportFinding>,
    /// Role ids the catalogue does not know, each once, kept as they came.
    pub unknown_roles: Vec<String>,
    /// Plans made here that the exports show done, linked to Microsoft's records.
    pub linked: Vec<ImportLinked>,
}

/// The workspace id an import gives a record: a readable slug of `text` (lower-case letters,
/// digits and dashes), or `fallback` when nothing readable is left.
pub fn slug(text: &str, fallback: &str) -> Id {
    // Most names an import meets (a domain's first label) are slugs already: kept as they are.
    let readable = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    if !text.is_empty() && text.len() <= SLUG_LONGEST && text.as_bytes().iter().all(readable) {
        return Id::new(text);
    }
    slug_of_chars(text, fallback)
}

/// The most characters a slug keeps.
const SLUG_LONGEST: usize = 40;

/// `slug` worked out character by character.
fn slug_of_chars(text: &str, fallback: &str) -> Id {
    let mut out = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out
        .trim_end_matches('-')
        .chars()
        .take(SLUG_LONGEST)
        .collect();
    let out = out.trim_end_matches('-');
    Id::new(if out.is_empty() { fallback } else { out })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_slug_is_lower_case_letters_and_digits_joined_by_single_dashes() {
        assert_eq!(slug("Contoso Ltd.", "x").as_str(), "contoso-ltd");
        assert_eq!(slug("treytraders00", "x").as_str(), "treytraders00");
        assert_eq!(slug("  --  ", "customer").as_str(), "customer");
        assert_eq!(slug("", "customer").as_str(), "customer");
        assert_eq!(slug("Ärger & Co", "x").as_str(), "rger-co");
        let long = "a".repeat(SLUG_LONGEST + 5);
        assert_eq!(slug(&long, "x").as_str(), &long[..SLUG_LONGEST]);
    }

    proptest! {
        #[test]
        fn a_name_kept_as_it_is_is_the_slug_its_characters_make(
            text in "[a-z0-9]{0,45}|[a-zA-Z0-9 ._Ä-]{0,45}",
        ) {
            prop_assert_eq!(slug(&text, "fallback"), slug_of_chars(&text, "fallback"));
        }
    }
}
