//! What a live demo needs: a pending invitation to accept, a second partner to add, a customer to invite from scratch.

use super::*;

#[test]
fn demo_every_pending_invitation_can_be_accepted_by_its_customer() {
    let ws = demo();
    let now = as_of(&ws);
    let pending: Vec<&Invitation> = ws
        .invitations()
        .filter(|i| i.status == InvitationStatus::Pending)
        .collect();
    for i in pending {
        let before = partner_count(&ws, &i.customer_id);
        let accept = Action::Accept {
            invitation_id: i.id.clone(),
        };
        // A provider's GDAP request for its reseller waits for the reseller's consent (IV6).
        let mut ws = ws.clone();
        if let Some(r) = i.relationship_id.as_ref().and_then(|r| ws.relationship(r))
            && r.partner_consent_pending
        {
            let approve = Action::ResellerApprove {
                relationship_id: r.id.clone(),
            };
            let before_consent = apply(&ws, &Actor::Customer(i.customer_id.clone()), &accept, now)
                .expect_err("the customer answers after the reseller");
            assert_eq!(before_consent.rule, RuleId::IV6);
            ws = apply(&ws, &Actor::Partner(r.partner_id.clone()), &approve, now)
                .expect("the reseller approves")
                .workspace;
        }
        let applied = apply(&ws, &Actor::Customer(i.customer_id.clone()), &accept, now)
            .unwrap_or_else(|refusal| panic!("{} cannot be accepted: {refusal:?}", i.id));
        let after = applied.workspace.partners_of_customer(&i.customer_id);
        assert!(
            after.contains(&i.partner_id),
            "accepting {} did not add {}",
            i.id,
            i.partner_id
        );
        assert!(
            after.len() >= before,
            "accepting {} removed a partner (MP1)",
            i.id
        );
        assert!(
            check(&applied.workspace).is_empty(),
            "accepting {} leaves findings",
            i.id
        );
    }
}

#[test]
fn demo_adding_a_second_partner_by_invitation_works() {
    // The showcase: a customer with one partner accepts a direct-bill partner's reseller invitation.
    let ws = demo();
    let now = as_of(&ws);
    let showcase = ws
        .invitations()
        .find(|i| {
            i.status == InvitationStatus::Pending
                && i.kind == InvitationKind::Reseller
                && ws.partner(&i.partner_id).is_some_and(|p| p.billing_model == BillingModel::DirectBill)
                && partner_count(&ws, &i.customer_id) == 1
        })
        .expect("a pending reseller invitation from a direct-bill partner to a customer with one partner");
    let subscriptions_before: Vec<Subscription> = ws
        .subscriptions_of_customer(&showcase.customer_id)
        .cloned()
        .collect();
    let accept = Action::Accept {
        invitation_id: showcase.id.clone(),
    };
    let applied = apply(
        &ws,
        &Actor::Customer(showcase.customer_id.clone()),
        &accept,
        now,
    )
    .expect("accepted");
    assert_eq!(partner_count(&applied.workspace, &showcase.customer_id), 2);
    let subscriptions_after: Vec<Subscription> = applied
        .workspace
        .subscriptions_of_customer(&showcase.customer_id)
        .cloned()
        .collect();
    assert_eq!(
        subscriptions_before, subscriptions_after,
        "MP2-MP5: existing subscriptions untouched"
    );
}

#[test]
fn demo_has_a_customer_a_direct_bill_partner_can_invite_from_scratch() {
    let ws = demo();
    let now = as_of(&ws);
    let direct: Vec<&Partner> = ws
        .partners()
        .filter(|p| p.billing_model == BillingModel::DirectBill)
        .collect();
    let (partner, customer) = direct
        .iter()
        .flat_map(|p| ws.customers().map(move |c| (*p, c)))
        .find(|(p, c)| {
            !c.is_csp_partner
                && !ws
                    .invitations_of_customer(&c.id)
                    .any(|i| i.partner_id == p.id)
                && !ws
                    .relationships_of_customer(&c.id)
                    .any(|r| r.partner_id == p.id)
                && ws.relationships_of_customer(&c.id).next().is_none()
        })
        .expect(
            "a customer with no relationship at all that a direct-bill partner has never invited",
        );
    let invite = Action::Invite {
        customer_id: customer.id.clone(),
        kind: InvitationKind::Reseller,
        via_provider_id: None,
        gdap: None,
        draft: false,
        for_reseller: None,
    };
    let invited = apply(&ws, &Actor::Partner(partner.id.clone()), &invite, now)
        .expect("the invitation is allowed");
    let new = invited
        .workspace
        .invitations_of_customer(&customer.id)
        .find(|i| i.partner_id == partner.id && i.status == InvitationStatus::Pending)
        .expect("a pending invitation")
        .id
        .clone();
    assert!(
        ws.invitation(&new).is_none(),
        "the new invitation's id {new} was already in the demo"
    );
    let accept = Action::Accept { invitation_id: new };
    let accepted = apply(
        &invited.workspace,
        &Actor::Customer(customer.id.clone()),
        &accept,
        now,
    )
    .expect("accepted");
    assert_eq!(
        accepted.workspace.partners_of_customer(&customer.id),
        vec![partner.id.clone()]
    );
}
