//! The rule catalogue: every rule the core enforces, with a title, a one-line explanation and
//! where it comes from. Refusals and diagnostics name one of these.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum RuleId {
    MP1,
    MP2,
    MP3,
    MP4,
    MP5,
    MP6,
    MP7,
    IV1,
    IV2,
    IV3,
    IV4,
    IV5,
    IV6,
    RS1,
    GD1,
    GD2,
    GD3,
    GD4,
    GD5,
    GD6,
    GD7,
    DP1,
    WS1,
    WS2,
    WS3,
    WS4,
    SB1,
    OP1,
    ID1,
    ID2,
    ID3,
    TM1,
    OB1,
}

/// One entry of the catalogue.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Rule {
    pub id: RuleId,
    pub title: &'static str,
    pub explanation: &'static str,
    pub source: &'static str,
}

const SEED: &str = "Partner Center, \"Multi-partner support\" (2017)";
const REQUEST: &str = "Partner Center, \"Request a relationship with a customer\"; Graph GDAP docs";
const GRAPH: &str = "Microsoft Graph v1.0 delegatedAdminRelationship; Partner Center GDAP FAQ";
const PROJECT: &str = "partnerdesk workspace format";

pub const CATALOGUE: &[Rule] = &[
    Rule {
        id: RuleId::MP1,
        title: "Several partners per customer",
        explanation: "A customer may work with several partners; adding one never removes or weakens another.",
        source: SEED,
    },
    Rule {
        id: RuleId::MP2,
        title: "Subscriptions unchanged",
        explanation: "Adding a partner changes none of the customer's existing subscriptions: not their quantity, status or offer.",
        source: SEED,
    },
    Rule {
        id: RuleId::MP3,
        title: "No transfer of ownership",
        explanation: "Adding a partner does not transfer any subscription or account ownership.",
        source: SEED,
    },
    Rule {
        id: RuleId::MP4,
        title: "Terms unchanged",
        explanation: "Adding a partner does not change the terms or obligations of any existing subscription.",
        source: SEED,
    },
    Rule {
        id: RuleId::MP5,
        title: "Partner of record unchanged",
        explanation: "Adding a partner does not change the partner of record of any subscription.",
        source: SEED,
    },
    Rule {
        id: RuleId::MP6,
        title: "No CSP-to-CSP reselling",
        explanation: "A CSP partner cannot resell to another CSP partner, nor to its own tenant. This concerns the tenant the partner transacts CSP business in: a partner's separate corporate tenant may buy from another partner.",
        source: "Partner Center, \"Multi-partner support\" (2017); \"Partner Center account structure\"",
    },
    Rule {
        id: RuleId::MP7,
        title: "Relationships start with an invitation",
        explanation: "A partner asks for a relationship with an invitation the customer accepts; nobody grants one to themselves.",
        source: SEED,
    },
    Rule {
        id: RuleId::IV1,
        title: "Only the parties answer",
        explanation: "Only the invited customer accepts or declines; only the inviting partner revokes.",
        source: REQUEST,
    },
    Rule {
        id: RuleId::IV2,
        title: "Only pending invitations move",
        explanation: "Only a pending invitation can be accepted, declined, revoked or expire; an expired one cannot be accepted.",
        source: REQUEST,
    },
    Rule {
        id: RuleId::IV3,
        title: "No duplicate requests",
        explanation: "No second pending reseller invitation from the same partner to the same customer, and none for a relationship the pair already has. GDAP is different: a partner may ask one customer for several GDAP relationships (one per support tier, say), each with its own name (GD6).",
        source: REQUEST,
    },
    Rule {
        id: RuleId::IV4,
        title: "Indirect resellers invite through a provider",
        explanation: "An indirect reseller names at least one indirect provider and invites on behalf of one that authorizes it; accepting creates both relationships.",
        source: "Partner Center, \"Indirect reseller / provider\"",
    },
    Rule {
        id: RuleId::IV5,
        title: "GDAP requests expire",
        explanation: "A locked GDAP request the customer has not approved within 90 days expires. partnerdesk gives reseller invitations the same 90-day window as its own bookkeeping: Microsoft's reseller link is generic and does not expire.",
        source: "Partner Center GDAP FAQ (\"Does a GDAP relationship request expire?\")",
    },
    Rule {
        id: RuleId::IV6,
        title: "Resellers consent to their provider's GDAP",
        explanation: "An indirect provider may create a GDAP relationship for an indirect reseller it authorizes; only that reseller approves or rejects it, only while its consent is pending, and the customer approves only after the reseller has.",
        source: "Microsoft Graph v1.0 resellerDelegatedAdminRelationship (isPartnerConsentPending); delegatedAdminRelationshipRequest (approve, reject)",
    },
    Rule {
        id: RuleId::RS1,
        title: "Ending a reseller relationship",
        explanation: "A partner ends its reseller relationship only when none of its subscriptions at that customer is still active; ending it changes no subscription.",
        source: "Partner Center, \"Remove a reseller relationship with a customer\"",
    },
    Rule {
        id: RuleId::GD1,
        title: "GDAP duration",
        explanation: "A GDAP duration is between 1 day and 2 years (P1D to P730D).",
        source: GRAPH,
    },
    Rule {
        id: RuleId::GD2,
        title: "GDAP auto-extend",
        explanation: "Auto-extend is P180D or off, never with Global Administrator, and changes only while created or active, including an active relationship's last 30 days (Microsoft asks partners to turn it on for relationships ending within 30, 7 or 1 days). At the end date an auto-extended relationship gets 180 more days; otherwise it becomes expiring (access being removed) and, two days later, expired.",
        source: GRAPH,
    },
    Rule {
        id: RuleId::GD3,
        title: "GDAP roles",
        explanation: "A GDAP relationship grants at least one role, each a known Microsoft Entra built-in role.",
        source: GRAPH,
    },
    Rule {
        id: RuleId::GD4,
        title: "Access assignments",
        explanation: "An access assignment's roles are a subset of its relationship's roles, and only on an active relationship.",
        source: "Microsoft Graph v1.0 delegatedAdminAccessAssignment",
    },
    Rule {
        id: RuleId::GD5,
        title: "Ended relationships stay",
        explanation: "Ending a relationship keeps it as terminated history; subscriptions stay as they are.",
        source: GRAPH,
    },
    Rule {
        id: RuleId::GD6,
        title: "GDAP names and changes",
        explanation: "A GDAP display name is 1-50 characters and unique among the partner's relationships; name, duration and roles change only while created.",
        source: GRAPH,
    },
    Rule {
        id: RuleId::GD7,
        title: "GDAP request lifecycle",
        explanation: "A partner edits (name, roles, duration, auto-extend) or deletes a GDAP relationship only while it is a draft (created), then locks it for approval; a locked request cannot be withdrawn, and the customer approves it or lets it expire (there is no decline); the partner terminates it only while active, and after approval may only remove Global Administrator from its roles.",
        source: "Microsoft Graph v1.0 delegatedAdminRelationship: update, delete; delegatedAdminRelationshipRequest (lockForApproval, terminate)",
    },
    Rule {
        id: RuleId::DP1,
        title: "DAP is retired",
        explanation: "From 9 October 2023 no reseller request carries delegated admin privileges (DAP) and nothing grants DAP; the Microsoft-led transition replaced DAP with GDAP relationships named MLT_... DAP relationships that exist stay as history and can be terminated.",
        source: "Partner Center, \"Request a reseller relationship\" (9 October 2023); \"Microsoft-led transition from DAP to GDAP\"",
    },
    Rule {
        id: RuleId::WS1,
        title: "Ids and references",
        explanation: "Every id is unique in its kind; every reference points at an existing record.",
        source: PROJECT,
    },
    Rule {
        id: RuleId::WS2,
        title: "Partner of record resells",
        explanation: "Every subscription's partner of record holds (or held) a reseller relationship with its customer.",
        source: PROJECT,
    },
    Rule {
        id: RuleId::WS3,
        title: "Real dates",
        explanation: "Dates are real RFC 3339 timestamps; an end is never before its start.",
        source: PROJECT,
    },
    Rule {
        id: RuleId::WS4,
        title: "Text fits in a field",
        explanation: "No text value is longer than 1 MiB as the file writes it: the loader refuses longer ones, so no action or import may make one, and everything partnerdesk writes it can read back.",
        source: PROJECT,
    },
    Rule {
        id: RuleId::SB1,
        title: "Subscriptions belong to their partner of record",
        explanation: "Only a partner that resells to the customer buys for it; only the partner of record suspends or reactivates a subscription.",
        source: "Partner Center, \"Subscription\" (partnerId)",
    },
    Rule {
        id: RuleId::OP1,
        title: "Who may act",
        explanation: "Partners act for themselves, customers answer invitations, and the operator maintains master data (adds and edits partners and customers) and alone lets time pass.",
        source: PROJECT,
    },
    Rule {
        id: RuleId::ID1,
        title: "One tenant, one record",
        explanation: "No two customers share a Microsoft Entra tenant id, nor two partners; a partner's own tenant may also be a customer's (the CSP-partner case of MP6).",
        source: "Partner Center customer and partner records (tenant = Microsoft Entra tenant)",
    },
    Rule {
        id: RuleId::ID2,
        title: "Partner IDs and domains name one",
        explanation: "A Partner ID (formerly MPN ID) names one partner, and a primary domain names one customer, in any case.",
        source: "Partner Center, \"Partner ID\" and a customer's primary domain",
    },
    Rule {
        id: RuleId::ID3,
        title: "Well-formed identifiers",
        explanation: "Tenant and security-group ids are GUIDs, not the nil GUID, stored lower-case (given in any case, they are lowered); a country is an ISO 3166-1 alpha-2 code, stored upper-case; a Partner ID is digits. A country or Partner ID may be left empty when unknown.",
        source: "Microsoft Entra object ids (GUIDs, RFC 9562); ISO 3166-1; Partner Center Partner ID",
    },
    Rule {
        id: RuleId::TM1,
        title: "Time moves forward",
        explanation: "An action is never dated before the last entry of the audit trail, so the trail reads in the order things happened.",
        source: PROJECT,
    },
    Rule {
        id: RuleId::OB1,
        title: "Offboarding ends what the rules allow",
        explanation: "Offboarding a partner from a customer ends every relationship between them that has not ended (GDAP and DAP terminated, a draft deleted, the reseller relationship where RS1 allows) and revokes its pending invitations; a part another rule keeps stays and is named, the others still end. It is refused when nothing between them can end.",
        source: "Partner Center, \"Remove a reseller relationship with a customer\", \"Remove a delegated admin relationship\"; Microsoft Graph v1.0 delegatedAdminRelationshipRequest (terminate)",
    },
];

impl RuleId {
    pub fn rule(self) -> &'static Rule {
        // The catalogue lists the ids in declaration order.
        &CATALOGUE[self as usize]
    }

    pub fn parse(text: &str) -> Option<RuleId> {
        CATALOGUE
            .iter()
            .find(|rule| rule.id.to_string().eq_ignore_ascii_case(text.trim()))
            .map(|rule| rule.id)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// The core's answer when an action breaks a rule. A refused action changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub rule: RuleId,
    pub reason: String,
}

impl Refusal {
    pub fn new(rule: RuleId, reason: impl Into<String>) -> Refusal {
        Refusal {
            rule,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.reason)
    }
}

impl std::error::Error for Refusal {}

/// Shorthand for refusing: `refuse(RuleId::IV1, "…")?`.
pub fn refuse<T>(rule: RuleId, reason: impl Into<String>) -> Result<T, Refusal> {
    Err(Refusal::new(rule, reason))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_in_declaration_order() {
        for (index, rule) in CATALOGUE.iter().enumerate() {
            assert_eq!(rule.id as usize, index, "{} is out of place", rule.id);
        }
    }

    #[test]
    fn rule_ids_parse_in_any_case() {
        assert_eq!(RuleId::parse("mp6"), Some(RuleId::MP6));
        assert_eq!(RuleId::parse("XX9"), None);
    }
}
