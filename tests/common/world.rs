//! The world a test acts in: a workspace with the cast, actions applied and refused through the
//! core with their promises checked, and the byte-for-byte views MP2–MP5 compare.

#![allow(dead_code)]

use std::collections::BTreeMap;

use partnerdesk::domain::*;
use partnerdesk::store::to_json;
use partnerdesk::workspace::{Applied, Workspace, check};

use super::*;

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
