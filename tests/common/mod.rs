//! Fixtures for the core's tests: a small cast of partners and customers, built the way a user
//! would build it — through operator actions, then invitations answered through the core — at a
//! fixed moment, so every test is reproducible. Nothing here reads `assets/demo.json`.

#![allow(dead_code)]

/// Running the binary, for the tests that drive the command line.
pub mod binary;

use std::collections::BTreeMap;

use partnerdesk::domain::duration::{AutoExtend, DurationDays};
use partnerdesk::domain::*;
use partnerdesk::store::to_json;
use partnerdesk::workspace::{Applied, Workspace, check};

/// Every test starts at this moment.
pub const START: &str = "2026-11-24T09:00:00Z";

pub fn t0() -> Time {
    Time::parse(START).expect("START is an RFC 3339 timestamp")
}

/// A moment before DAP was retired (DP1, 9 October 2023), for tests that need DAP requests.
pub const BEFORE_DAP_RETIRED: &str = "2023-09-01T09:00:00Z";

pub fn dap_era() -> Time {
    Time::parse(BEFORE_DAP_RETIRED).expect("BEFORE_DAP_RETIRED is an RFC 3339 timestamp")
}

pub fn at(text: &str) -> Time {
    Time::parse(text).expect("an RFC 3339 timestamp")
}

// The cast. Partners:
/// Direct-bill partner, Microsoft 365 and Security.
pub const CONTOSO: &str = "contoso-it";
/// A second direct-bill partner, Azure.
pub const WOODGROVE: &str = "woodgrove";
/// An indirect provider (distributor) that authorizes Litware.
pub const TAILSPIN: &str = "tailspin";
/// An indirect provider that authorizes nobody.
pub const ADVENTURE: &str = "adventure";
/// An indirect reseller authorized by Tailspin.
pub const LITWARE: &str = "litware";
// Customers:
pub const NORTHWIND: &str = "northwind";
pub const ADATUM: &str = "adatum";
/// A customer whose tenant is itself a CSP partner (MP6).
pub const FABRIKAM: &str = "fabrikam";
/// A customer record for Contoso IT's own tenant (MP6: a partner cannot resell to itself).
pub const CONTOSO_OWN: &str = "contoso-it-tenant";

pub const CONTOSO_TENANT: &str = "11111111-0000-4000-8000-000000000001";

// Security groups in Contoso IT's tenant (object ids: GUIDs, ID3).
pub const AGENTS: &str = "a6e17000-0000-4000-8000-000000000001";
pub const HELPDESK_AGENTS: &str = "a6e17000-0000-4000-8000-000000000002";
pub const USER_AGENTS: &str = "a6e17000-0000-4000-8000-000000000003";
pub const WOODGROVE_AGENTS: &str = "a6e17000-0000-4000-8000-000000000004";

pub const HELPDESK_ADMIN: &str = "Helpdesk Administrator";
pub const USER_ADMIN: &str = "User Administrator";
pub const DIRECTORY_READERS: &str = "Directory Readers";
pub const GLOBAL_ADMIN: &str = "Global Administrator";
pub const SECURITY_READER: &str = "Security Reader";

pub fn partner(id: &str) -> Actor {
    Actor::Partner(Id::new(id))
}

pub fn customer(id: &str) -> Actor {
    Actor::Customer(Id::new(id))
}

pub fn operator() -> Actor {
    Actor::Operator
}

pub fn id(text: &str) -> Id {
    Id::new(text)
}

pub fn partner_record(
    id: &str,
    name: &str,
    tenant: &str,
    model: BillingModel,
    providers: &[&str],
) -> Partner {
    Partner {
        id: Id::new(id),
        display_name: name.into(),
        partner_id: format!("48{:05}", name.len() * 97),
        tenant_id: tenant.to_string(),
        billing_model: model,
        specialties: vec![Specialty::Microsoft365],
        providers: providers.iter().map(Id::new).collect(),
        source: None,
    }
}

pub fn customer_record(id: &str, name: &str, tenant: &str, country: &str, csp: bool) -> Customer {
    Customer {
        external_id: None,
        id: Id::new(id),
        tenant_id: tenant.to_string(),
        display_name: name.into(),
        domain: format!("{id}.onmicrosoft.com"),
        country: country.into(),
        is_csp_partner: csp,
        source: None,
    }
}

pub fn gdap(roles: &[&str], days: u32, auto_extend: bool) -> GdapRequest {
    GdapRequest {
        display_name: None,
        roles: roles.iter().map(|r| r.to_string()).collect(),
        duration: DurationDays(days),
        auto_extend_duration: AutoExtend::from_flag(auto_extend),
    }
}

pub fn named_gdap(name: &str, roles: &[&str], days: u32, auto_extend: bool) -> GdapRequest {
    GdapRequest {
        display_name: Some(name.to_string()),
        ..gdap(roles, days, auto_extend)
    }
}

pub fn invite_action(
    customer_id: &str,
    kind: InvitationKind,
    via: Option<&str>,
    request: Option<GdapRequest>,
) -> Action {
    Action::Invite {
        customer_id: Id::new(customer_id),
        kind,
        via_provider_id: via.map(Id::new),
        gdap: request,
        draft: false,
        for_reseller: None,
    }
}

pub fn reseller_invite(customer_id: &str) -> Action {
    invite_action(customer_id, InvitationKind::Reseller, None, None)
}

pub fn gdap_invite(customer_id: &str, request: GdapRequest) -> Action {
    invite_action(customer_id, InvitationKind::Gdap, None, Some(request))
}

/// A reseller invitation with classic DAP (refused from 9 October 2023, DP1).
pub fn dap_invite(customer_id: &str) -> Action {
    invite_action(
        customer_id,
        InvitationKind::ResellerAndDelegatedAdmin,
        None,
        None,
    )
}

/// A GDAP request created as an editable draft (`created`, no invitation yet; GD7).
pub fn draft_gdap_invite(customer_id: &str, request: GdapRequest) -> Action {
    Action::Invite {
        customer_id: Id::new(customer_id),
        kind: InvitationKind::Gdap,
        via_provider_id: None,
        gdap: Some(request),
        draft: true,
        for_reseller: None,
    }
}

/// An indirect provider's GDAP request for one of its indirect resellers (IV6).
pub fn gdap_for_reseller(customer_id: &str, reseller: &str, request: GdapRequest) -> Action {
    Action::Invite {
        customer_id: Id::new(customer_id),
        kind: InvitationKind::Gdap,
        via_provider_id: None,
        gdap: Some(request),
        draft: false,
        for_reseller: Some(Id::new(reseller)),
    }
}

pub fn lock(relationship: &Id) -> Action {
    Action::Lock {
        relationship_id: relationship.clone(),
    }
}

pub fn delete_draft(relationship: &Id) -> Action {
    Action::DeleteDraft {
        relationship_id: relationship.clone(),
    }
}

/// Renames a draft, changing nothing else.
pub fn rename_draft(relationship: &Id, name: &str) -> Action {
    Action::EditDraft {
        relationship_id: relationship.clone(),
        display_name: Some(name.to_string()),
        roles: None,
        duration: None,
        auto_extend_duration: None,
    }
}

pub fn reseller_approve(relationship: &Id) -> Action {
    Action::ResellerApprove {
        relationship_id: relationship.clone(),
    }
}

pub fn reseller_reject(relationship: &Id) -> Action {
    Action::ResellerReject {
        relationship_id: relationship.clone(),
    }
}

pub fn remove_global_admin(relationship: &Id) -> Action {
    Action::RemoveGlobalAdmin {
        relationship_id: relationship.clone(),
    }
}

pub fn accept(invitation: &Id) -> Action {
    Action::Accept {
        invitation_id: invitation.clone(),
    }
}

pub fn decline(invitation: &Id) -> Action {
    Action::Decline {
        invitation_id: invitation.clone(),
    }
}

pub fn revoke(invitation: &Id) -> Action {
    Action::Revoke {
        invitation_id: invitation.clone(),
    }
}

pub fn terminate(relationship: &Id) -> Action {
    Action::Terminate {
        relationship_id: relationship.clone(),
    }
}

pub fn buy_action(customer_id: &str, offer: &str, quantity: u32) -> Action {
    Action::BuySubscription {
        customer_id: Id::new(customer_id),
        offer_name: offer.to_string(),
        quantity,
        term_duration: "P1Y".to_string(),
        billing_cycle: BillingCycle::Monthly,
    }
}

pub fn suspend(subscription: &Id) -> Action {
    Action::SuspendSubscription {
        subscription_id: subscription.clone(),
    }
}

pub fn reactivate(subscription: &Id) -> Action {
    Action::ReactivateSubscription {
        subscription_id: subscription.clone(),
    }
}

pub fn set_auto_extend(relationship: &Id, on: bool) -> Action {
    Action::SetAutoExtend {
        relationship_id: relationship.clone(),
        auto_extend_duration: AutoExtend::from_flag(on),
    }
}

pub fn assign(relationship: &Id, group: &str, roles: &[&str]) -> Action {
    Action::AddAccessAssignment {
        relationship_id: relationship.clone(),
        security_group_id: group.to_string(),
        security_group_name: Some("Helpdesk agents".to_string()),
        roles: roles.iter().map(|r| r.to_string()).collect(),
    }
}

/// Each subscription as its JSON text, by id: MP2–MP5 compare these byte for byte.
pub fn subscription_bytes(ws: &Workspace) -> BTreeMap<Id, String> {
    ws.subscriptions()
        .map(|s| {
            (
                s.id.clone(),
                serde_json::to_string(s).expect("a subscription serializes"),
            )
        })
        .collect()
}

/// Each relationship as its JSON text, by id.
pub fn relationship_bytes(ws: &Workspace) -> BTreeMap<Id, String> {
    ws.relationships()
        .map(|r| {
            (
                r.id.clone(),
                serde_json::to_string(r).expect("a relationship serializes"),
            )
        })
        .collect()
}

/// A refusal reason reads as a sentence: words, no debug output, no placeholders.
pub fn assert_readable(reason: &str) {
    assert!(
        reason.trim().len() >= 12,
        "reason too short to explain anything: {reason:?}"
    );
    assert!(
        reason.split_whitespace().count() >= 4,
        "reason is not a sentence: {reason:?}"
    );
    assert!(
        reason
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '`' || c == '"'),
        "reason starts oddly: {reason:?}"
    );
    for noise in ["Some(", "None", "Id(", "{ ", " }", "\\n", "\n", "{}"] {
        assert!(
            !reason.contains(noise),
            "reason contains {noise:?}: {reason:?}"
        );
    }
}

/// A workspace under test and the moment it is at.
#[derive(Clone)]
pub struct World {
    pub ws: Workspace,
    pub now: Time,
}

impl World {
    /// An empty workspace at `START`.
    pub fn empty() -> World {
        World::empty_at(t0())
    }

    /// An empty workspace at `now`.
    pub fn empty_at(now: Time) -> World {
        World {
            ws: Workspace::default(),
            now,
        }
    }

    /// The cast, added by the operator: five partners (two direct-bill, two indirect providers,
    /// one indirect reseller authorized by Tailspin) and four customers (one a CSP partner, one
    /// Contoso IT's own tenant). No relationships yet.
    pub fn cast() -> World {
        World::cast_at(t0())
    }

    /// The cast, added at `now` (before 9 October 2023 for tests that need DAP, DP1).
    pub fn cast_at(now: Time) -> World {
        let mut world = World::empty_at(now);
        let partners = [
            partner_record(
                CONTOSO,
                "Contoso IT Services",
                CONTOSO_TENANT,
                BillingModel::DirectBill,
                &[],
            ),
            partner_record(
                WOODGROVE,
                "Woodgrove Cloud",
                "11111111-0000-4000-8000-000000000002",
                BillingModel::DirectBill,
                &[],
            ),
            partner_record(
                TAILSPIN,
                "Tailspin Distribution",
                "11111111-0000-4000-8000-000000000003",
                BillingModel::IndirectProvider,
                &[],
            ),
            partner_record(
                ADVENTURE,
                "Adventure Works Distribution",
                "11111111-0000-4000-8000-000000000004",
                BillingModel::IndirectProvider,
                &[],
            ),
            partner_record(
                LITWARE,
                "Litware Resellers",
                "11111111-0000-4000-8000-000000000005",
                BillingModel::IndirectReseller,
                &[TAILSPIN],
            ),
        ];
        for p in partners {
            world.ok(&operator(), &Action::AddPartner { partner: p });
        }
        let customers = [
            customer_record(
                NORTHWIND,
                "Northwind Traders",
                "22222222-0000-4000-8000-000000000001",
                "US",
                false,
            ),
            customer_record(
                ADATUM,
                "Adatum Corporation",
                "22222222-0000-4000-8000-000000000002",
                "DE",
                false,
            ),
            customer_record(
                FABRIKAM,
                "Fabrikam Partner Services",
                "22222222-0000-4000-8000-000000000003",
                "FR",
                true,
            ),
            customer_record(
                CONTOSO_OWN,
                "Contoso IT Services (own tenant)",
                CONTOSO_TENANT,
                "GB",
                false,
            ),
        ];
        for c in customers {
            world.ok(&operator(), &Action::AddCustomer { customer: c });
        }
        world
    }

    /// Applies at the world's `now`; panics with the refusal if refused.
    pub fn ok(&mut self, actor: &Actor, action: &Action) -> Applied {
        let now = self.now;
        self.ok_at(actor, action, now)
    }

    pub fn ok_at(&mut self, actor: &Actor, action: &Action, now: Time) -> Applied {
        match apply(&self.ws, actor, action, now) {
            Ok(applied) => {
                self.ws = applied.workspace.clone();
                applied
            }
            Err(refusal) => panic!("{actor} {} was refused: {refusal}", action.name()),
        }
    }

    /// Applies at the world's `now` and expects a refusal naming `rule`, whose reason is a
    /// readable sentence mentioning every text in `mentions`, and which changes nothing.
    pub fn refused(
        &self,
        actor: &Actor,
        action: &Action,
        rule: RuleId,
        mentions: &[&str],
    ) -> Refusal {
        self.refused_at(actor, action, self.now, rule, mentions)
    }

    pub fn refused_at(
        &self,
        actor: &Actor,
        action: &Action,
        now: Time,
        rule: RuleId,
        mentions: &[&str],
    ) -> Refusal {
        let before = to_json(&self.ws);
        let subscriptions = subscription_bytes(&self.ws);
        let result = apply(&self.ws, actor, action, now);
        let after_attempt = to_json(&self.ws);
        let refusal = match result {
            Ok(applied) => panic!(
                "{actor} {} was allowed ({:?}) but {rule} should refuse it",
                action.name(),
                applied
                    .events
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
            ),
            Err(refusal) => refusal,
        };
        assert_eq!(
            refusal.rule, rule,
            "refused under the wrong rule: {refusal}"
        );
        assert_readable(&refusal.reason);
        for mention in mentions {
            assert!(
                refusal.reason.contains(mention),
                "the reason does not name {mention:?}: {refusal}"
            );
        }
        assert!(
            before == after_attempt,
            "a refused action changed the workspace"
        );
        assert_eq!(subscriptions, subscription_bytes(&self.ws));
        refusal
    }

    /// Moves the clock by whole days (without passing time in the workspace).
    pub fn advance_days(&mut self, days: i64) {
        self.now = self.now.plus_days(days);
    }

    /// Moves the clock and lets the workspace catch up (`PassTime`).
    pub fn pass_days(&mut self, days: i64) -> Applied {
        self.advance_days(days);
        self.ok(&operator(), &Action::PassTime)
    }

    /// The id of the record of `kind` the applied action created or changed first.
    pub fn event_id(applied: &Applied, kind: RecordKind) -> Id {
        applied
            .events
            .iter()
            .find(|e| e.kind == kind)
            .map(|e| e.id.clone())
            .unwrap_or_else(|| panic!("no {} event in {:?}", kind.label(), applied.events))
    }

    pub fn invite(&mut self, partner_id: &str, action: &Action) -> Id {
        let applied = self.ok(&partner(partner_id), action);
        World::event_id(&applied, RecordKind::Invitation)
    }

    pub fn invite_reseller(&mut self, partner_id: &str, customer_id: &str) -> Id {
        self.invite(partner_id, &reseller_invite(customer_id))
    }

    pub fn accept(&mut self, customer_id: &str, invitation: &Id) -> Applied {
        self.ok(&customer(customer_id), &accept(invitation))
    }

    /// The relationship of `kind` in force between the pair.
    pub fn relationship_in_force(
        &self,
        partner_id: &str,
        customer_id: &str,
        kind: RelationshipKind,
    ) -> Id {
        self.ws
            .relationships_of_customer(&id(customer_id))
            .find(|r| r.partner_id == id(partner_id) && r.kind == kind && r.status.is_in_force())
            .map(|r| r.id.clone())
            .unwrap_or_else(|| {
                panic!(
                    "{partner_id} holds no {} relationship with {customer_id}",
                    kind.label()
                )
            })
    }

    /// Invite + accept: the partner resells to the customer. Returns the reseller relationship.
    pub fn resell(&mut self, partner_id: &str, customer_id: &str) -> Id {
        let invitation = self.invite_reseller(partner_id, customer_id);
        self.accept(customer_id, &invitation);
        self.relationship_in_force(partner_id, customer_id, RelationshipKind::Reseller)
    }

    /// Asks for GDAP; returns (invitation, relationship awaiting approval).
    pub fn request_gdap(
        &mut self,
        partner_id: &str,
        customer_id: &str,
        request: GdapRequest,
    ) -> (Id, Id) {
        let invitation = self.invite(partner_id, &gdap_invite(customer_id, request));
        let relationship = self
            .ws
            .invitation(&invitation)
            .and_then(|i| i.relationship_id.clone())
            .expect("a GDAP invitation names its relationship");
        (invitation, relationship)
    }

    /// Drafts a GDAP request (GD7); returns the relationship, `created`, with no invitation.
    pub fn draft_gdap(&mut self, partner_id: &str, customer_id: &str, request: GdapRequest) -> Id {
        let applied = self.ok(
            &partner(partner_id),
            &draft_gdap_invite(customer_id, request),
        );
        World::event_id(&applied, RecordKind::Relationship)
    }

    /// The partner locks its draft for approval; returns the approval request (invitation).
    pub fn lock(&mut self, partner_id: &str, relationship: &Id) -> Id {
        let applied = self.ok(&partner(partner_id), &lock(relationship));
        World::event_id(&applied, RecordKind::Invitation)
    }

    /// An indirect provider asks for GDAP for its reseller (IV6); returns (invitation,
    /// relationship awaiting the reseller's consent and the customer's approval).
    pub fn request_gdap_for_reseller(
        &mut self,
        provider: &str,
        reseller: &str,
        customer_id: &str,
        request: GdapRequest,
    ) -> (Id, Id) {
        let invitation = self.invite(provider, &gdap_for_reseller(customer_id, reseller, request));
        let relationship = self
            .ws
            .invitation(&invitation)
            .and_then(|i| i.relationship_id.clone())
            .expect("a GDAP invitation names its relationship");
        (invitation, relationship)
    }

    /// Asks for GDAP and has the customer approve it; returns the active relationship.
    pub fn gdap(&mut self, partner_id: &str, customer_id: &str, request: GdapRequest) -> Id {
        let (invitation, relationship) = self.request_gdap(partner_id, customer_id, request);
        self.accept(customer_id, &invitation);
        relationship
    }

    pub fn buy(&mut self, partner_id: &str, customer_id: &str, offer: &str, quantity: u32) -> Id {
        let applied = self.ok(
            &partner(partner_id),
            &buy_action(customer_id, offer, quantity),
        );
        World::event_id(&applied, RecordKind::Subscription)
    }

    pub fn relationship(&self, relationship: &Id) -> &Relationship {
        self.ws
            .relationship(relationship)
            .expect("the relationship exists")
    }

    pub fn invitation(&self, invitation: &Id) -> &Invitation {
        self.ws
            .invitation(invitation)
            .expect("the invitation exists")
    }

    pub fn subscription(&self, subscription: &Id) -> &Subscription {
        self.ws
            .subscription(subscription)
            .expect("the subscription exists")
    }

    /// Integrity holds on the whole workspace.
    pub fn assert_clean(&self) {
        let findings = check(&self.ws);
        assert!(findings.is_empty(), "integrity findings: {:#?}", findings);
    }
}

/// The cast with some business already done, as several tests need it: Northwind buys from
/// Contoso IT (an active and a suspended subscription) and from Woodgrove (active), and Contoso IT
/// holds an active GDAP relationship with Northwind.
pub struct Trading {
    pub world: World,
    pub contoso_reseller: Id,
    pub woodgrove_reseller: Id,
    pub contoso_gdap: Id,
    pub contoso_active_sub: Id,
    pub contoso_suspended_sub: Id,
    pub woodgrove_sub: Id,
}

pub fn trading() -> Trading {
    trading_at(t0())
}

/// `trading`, done at `now` (before 9 October 2023 for tests that need DAP, DP1).
pub fn trading_at(now: Time) -> Trading {
    let mut world = World::cast_at(now);
    let contoso_reseller = world.resell(CONTOSO, NORTHWIND);
    let woodgrove_reseller = world.resell(WOODGROVE, NORTHWIND);
    let contoso_active_sub = world.buy(CONTOSO, NORTHWIND, "Microsoft 365 E3", 25);
    let contoso_suspended_sub =
        world.buy(CONTOSO, NORTHWIND, "Microsoft Defender for Office 365", 10);
    world.ok(&partner(CONTOSO), &suspend(&contoso_suspended_sub));
    let woodgrove_sub = world.buy(WOODGROVE, NORTHWIND, "Azure plan", 1);
    let contoso_gdap = world.gdap(
        CONTOSO,
        NORTHWIND,
        named_gdap("Contoso helpdesk", &[HELPDESK_ADMIN, USER_ADMIN], 365, true),
    );
    world.assert_clean();
    Trading {
        world,
        contoso_reseller,
        woodgrove_reseller,
        contoso_gdap,
        contoso_active_sub,
        contoso_suspended_sub,
        woodgrove_sub,
    }
}
