//! MP1–MP7: what adding a partner never does, and how a relationship starts.

use super::*;

// ---------------------------------------------------------------------------------------------
// MP1: several partners per customer; adding one never removes or weakens another

#[test]
fn mp1_allows_a_customer_to_accept_a_second_and_third_partner() {
    let mut world = World::cast();
    world.resell(CONTOSO, NORTHWIND);
    world.resell(WOODGROVE, NORTHWIND);
    let invitation = world.invite(
        LITWARE,
        &invite_action(NORTHWIND, InvitationKind::Reseller, Some(TAILSPIN), None),
    );
    world.accept(NORTHWIND, &invitation);
    assert_eq!(
        world.ws.partners_of_customer(&id(NORTHWIND)),
        vec![id(CONTOSO), id(LITWARE), id(TAILSPIN), id(WOODGROVE)]
    );
    world.assert_clean();
}

#[test]
fn mp1_accepting_a_second_partner_keeps_every_relationship_of_the_first_byte_for_byte() {
    let mut t = trading();
    let first: Vec<(Id, String)> = relationship_bytes(&t.world.ws)
        .into_iter()
        .filter(|(rid, _)| t.world.relationship(rid).partner_id == id(CONTOSO))
        .collect();
    assert!(first.len() >= 2);
    t.world.resell(ADVENTURE, NORTHWIND);
    let gdap = t
        .world
        .gdap(ADVENTURE, NORTHWIND, gdap(&[SECURITY_READER], 90, false));
    assert!(t.world.relationship(&gdap).status.is_in_force());
    let after = relationship_bytes(&t.world.ws);
    for (rid, bytes) in first {
        assert_eq!(
            after.get(&rid),
            Some(&bytes),
            "relationship {rid} of the first partner changed"
        );
    }
}

#[test]
fn mp1_a_second_partners_gdap_keeps_the_first_partners_roles_and_end_date() {
    let mut t = trading();
    let before = t.world.relationship(&t.contoso_gdap).clone();
    t.world
        .gdap(WOODGROVE, NORTHWIND, gdap(&[GLOBAL_ADMIN], 30, false));
    let after = t.world.relationship(&t.contoso_gdap);
    assert_eq!(after, &before);
    assert_eq!(
        t.world.ws.partners_of_customer(&id(NORTHWIND)),
        vec![id(CONTOSO), id(WOODGROVE)]
    );
}

// ---------------------------------------------------------------------------------------------
// MP2–MP5: adding (or removing) a partner changes no subscription

/// Runs every relationship action against Northwind, from before DAP was retired (DP1) to after
/// it, and checks after each one that every subscription is byte-identical to what it was before
/// the first.
fn assert_partner_actions_keep_subscriptions(check_each: impl Fn(&Workspace, &Workspace)) {
    let mut t = trading_at(dap_era());
    let w = &mut t.world;
    let original = w.ws.clone();
    let subscriptions = subscription_bytes(&w.ws);
    let after_each = |w: &World, what: &str| {
        assert_eq!(
            subscription_bytes(&w.ws),
            subscriptions,
            "{what} changed a subscription"
        );
        check_each(&original, &w.ws);
    };
    // a reseller invitation declined, another revoked, then reseller + DAP (still allowed)
    let inv = w.invite_reseller(ADVENTURE, NORTHWIND);
    w.ok(&customer(NORTHWIND), &decline(&inv));
    after_each(w, "decline");
    let inv = w.invite_reseller(ADVENTURE, NORTHWIND);
    w.ok(&partner(ADVENTURE), &revoke(&inv));
    after_each(w, "revoke");
    let inv = w.invite(ADVENTURE, &dap_invite(NORTHWIND));
    after_each(w, "invite");
    w.accept(NORTHWIND, &inv);
    after_each(w, "accept");
    // a DAP request the customer answers only after DAP was retired
    let late_dap = w.invite(CONTOSO, &dap_invite(NORTHWIND));
    // two-tier: reseller via provider
    let inv = w.invite(
        LITWARE,
        &invite_action(NORTHWIND, InvitationKind::Reseller, Some(TAILSPIN), None),
    );
    w.accept(NORTHWIND, &inv);
    after_each(w, "accept through a provider");
    // GDAP: a draft edited and deleted; another locked, approved, assigned and narrowed
    let draft = w.draft_gdap(
        WOODGROVE,
        NORTHWIND,
        named_gdap("Woodgrove draft", &[HELPDESK_ADMIN], 60, false),
    );
    after_each(w, "draft");
    w.ok(
        &partner(WOODGROVE),
        &rename_draft(&draft, "Woodgrove helpdesk"),
    );
    after_each(w, "edit draft");
    w.ok(&partner(WOODGROVE), &delete_draft(&draft));
    after_each(w, "delete draft");
    let rel = w.draft_gdap(
        WOODGROVE,
        NORTHWIND,
        gdap(&[GLOBAL_ADMIN, DIRECTORY_READERS], 60, false),
    );
    let inv = w.lock(WOODGROVE, &rel);
    after_each(w, "lock");
    w.accept(NORTHWIND, &inv);
    after_each(w, "approve");
    w.ok(
        &partner(WOODGROVE),
        &assign(&rel, WOODGROVE_AGENTS, &[DIRECTORY_READERS]),
    );
    after_each(w, "assign");
    w.ok(&partner(WOODGROVE), &remove_global_admin(&rel));
    after_each(w, "remove Global Administrator");
    // IV6: a provider's GDAP for its reseller, approved by both; another rejected
    let (inv, for_litware) = w.request_gdap_for_reseller(
        TAILSPIN,
        LITWARE,
        NORTHWIND,
        named_gdap("Litware helpdesk", &[HELPDESK_ADMIN], 90, false),
    );
    w.ok(&partner(LITWARE), &reseller_approve(&for_litware));
    after_each(w, "reseller approve");
    w.accept(NORTHWIND, &inv);
    after_each(w, "approve for a reseller");
    let (_, rejected) = w.request_gdap_for_reseller(
        TAILSPIN,
        LITWARE,
        NORTHWIND,
        named_gdap("Litware security", &[SECURITY_READER], 90, false),
    );
    w.ok(&partner(LITWARE), &reseller_reject(&rejected));
    after_each(w, "reseller reject");
    // terminate: GDAP by the customer, DAP by the partner, a reseller without subscriptions
    w.ok(&customer(NORTHWIND), &terminate(&rel));
    after_each(w, "terminate GDAP");
    let dap = w.relationship_in_force(ADVENTURE, NORTHWIND, RelationshipKind::DelegatedAdmin);
    w.ok(&partner(ADVENTURE), &terminate(&dap));
    after_each(w, "terminate DAP");
    let reseller = w.relationship_in_force(ADVENTURE, NORTHWIND, RelationshipKind::Reseller);
    w.ok(&customer(NORTHWIND), &terminate(&reseller));
    after_each(w, "terminate reseller");
    // time: DAP retired, then a DAP request accepted (reseller only), then GDAP ends: the
    // provider's for its reseller expires, Contoso IT's auto-extends
    w.pass_days(40);
    after_each(w, "time passing beyond DAP's retirement");
    w.accept(NORTHWIND, &late_dap);
    after_each(w, "accept after DAP's retirement");
    w.pass_days(300);
    after_each(w, "time passing past the ends");
    w.pass_days(400);
    after_each(w, "time passing past auto-extension");
    w.assert_clean();
}

#[test]
fn mp2_adding_a_partner_keeps_quantity_status_and_offer_of_every_subscription() {
    assert_partner_actions_keep_subscriptions(|before, after| {
        for s in before.subscriptions() {
            let now = after.subscription(&s.id).expect("still there");
            assert_eq!(
                (now.quantity, now.status, &now.offer_name),
                (s.quantity, s.status, &s.offer_name)
            );
        }
    });
}

#[test]
fn mp2_allows_the_partner_of_record_to_change_its_own_subscription() {
    let mut t = trading();
    let before = t.world.subscription(&t.contoso_active_sub).clone();
    t.world
        .ok(&partner(CONTOSO), &suspend(&t.contoso_active_sub));
    let after = t.world.subscription(&t.contoso_active_sub);
    assert_eq!(after.status, SubscriptionStatus::Suspended);
    assert_eq!(
        Subscription {
            status: before.status,
            ..after.clone()
        },
        before,
        "only the status moved"
    );
}

#[test]
fn mp3_adding_a_partner_transfers_no_subscription_or_ownership() {
    assert_partner_actions_keep_subscriptions(|before, after| {
        assert_eq!(
            before.subscriptions().len(),
            after.subscriptions().len(),
            "no subscription appears or vanishes"
        );
        for s in before.subscriptions() {
            assert_eq!(
                after.subscription(&s.id).map(|n| &n.customer_id),
                Some(&s.customer_id)
            );
        }
    });
}

#[test]
fn mp4_adding_a_partner_keeps_the_terms_of_every_subscription() {
    assert_partner_actions_keep_subscriptions(|before, after| {
        for s in before.subscriptions() {
            let now = after.subscription(&s.id).expect("still there");
            assert_eq!(
                (&now.term_duration, now.billing_cycle, now.created_date_time),
                (&s.term_duration, s.billing_cycle, s.created_date_time)
            );
        }
    });
}

#[test]
fn mp5_adding_a_partner_keeps_the_partner_of_record_of_every_subscription() {
    assert_partner_actions_keep_subscriptions(|before, after| {
        for s in before.subscriptions() {
            let now = after.subscription(&s.id).expect("still there");
            assert_eq!(
                (&now.partner_of_record, &now.billing_partner),
                (&s.partner_of_record, &s.billing_partner)
            );
        }
    });
}

#[test]
fn mp5_a_partner_added_later_sells_new_subscriptions_under_its_own_name() {
    let mut t = trading();
    t.world.resell(ADVENTURE, NORTHWIND);
    let sub = t.world.buy(ADVENTURE, NORTHWIND, "Dynamics 365 Sales", 5);
    assert_eq!(t.world.subscription(&sub).partner_of_record, id(ADVENTURE));
    assert_eq!(
        t.world
            .subscription(&t.contoso_active_sub)
            .partner_of_record,
        id(CONTOSO)
    );
}

// ---------------------------------------------------------------------------------------------
// MP6: no CSP-to-CSP reselling

#[test]
fn mp6_refuses_a_reseller_invitation_to_a_customer_that_is_a_csp_partner() {
    let world = World::cast();
    world.refused(
        &partner(CONTOSO),
        &reseller_invite(FABRIKAM),
        RuleId::MP6,
        &["Fabrikam Partner Services", "CSP partner"],
    );
}

#[test]
fn mp6_refuses_a_reseller_and_dap_invitation_to_a_csp_partner_customer_before_dap_was_retired() {
    let world = World::cast_at(dap_era());
    world.refused(
        &partner(WOODGROVE),
        &dap_invite(FABRIKAM),
        RuleId::MP6,
        &["Fabrikam Partner Services"],
    );
}

#[test]
fn mp6_refuses_an_indirect_reseller_invitation_to_a_csp_partner_customer() {
    let world = World::cast();
    let action = invite_action(FABRIKAM, InvitationKind::Reseller, Some(TAILSPIN), None);
    world.refused(
        &partner(LITWARE),
        &action,
        RuleId::MP6,
        &["Fabrikam Partner Services"],
    );
}

#[test]
fn mp6_refuses_a_reseller_invitation_to_the_partners_own_tenant() {
    let world = World::cast();
    world.refused(
        &partner(CONTOSO),
        &reseller_invite(CONTOSO_OWN),
        RuleId::MP6,
        &["Contoso IT Services (own tenant)", "itself"],
    );
}

#[test]
fn mp6_allows_another_partner_to_resell_to_that_tenant() {
    let mut world = World::cast();
    world.resell(WOODGROVE, CONTOSO_OWN);
    world.assert_clean();
}

#[test]
fn mp6_allows_a_gdap_invitation_to_a_csp_partner_customer() {
    let mut world = World::cast();
    let rel = world.gdap(CONTOSO, FABRIKAM, gdap(&[HELPDESK_ADMIN], 180, false));
    assert_eq!(world.relationship(&rel).status, RelationshipStatus::Active);
    world.assert_clean();
}

#[test]
fn mp6_allows_a_reseller_invitation_to_an_ordinary_customer() {
    let mut world = World::cast();
    let rel = world.resell(CONTOSO, ADATUM);
    assert_eq!(world.relationship(&rel).kind, RelationshipKind::Reseller);
}

#[test]
fn mp6_refuses_marking_a_customer_as_a_csp_partner_while_a_partner_resells_to_it() {
    let mut world = World::cast();
    world.resell(CONTOSO, ADATUM);
    let mut adatum = world.ws.customer(&id(ADATUM)).unwrap().clone();
    adatum.is_csp_partner = true;
    world.refused(
        &operator(),
        &Action::EditCustomer { customer: adatum },
        RuleId::MP6,
        &["Adatum Corporation"],
    );
}

#[test]
fn mp6_refuses_marking_a_customer_as_a_csp_partner_while_a_reseller_invitation_is_pending() {
    let mut world = World::cast();
    world.invite_reseller(CONTOSO, ADATUM);
    let mut adatum = world.ws.customer(&id(ADATUM)).unwrap().clone();
    adatum.is_csp_partner = true;
    world.refused(
        &operator(),
        &Action::EditCustomer { customer: adatum },
        RuleId::MP6,
        &["Adatum Corporation"],
    );
}

#[test]
fn mp6_refuses_giving_a_partner_the_tenant_of_a_customer_it_resells_to() {
    let mut world = World::cast();
    world.resell(WOODGROVE, ADATUM);
    let mut woodgrove = world.ws.partner(&id(WOODGROVE)).unwrap().clone();
    woodgrove.tenant_id = world.ws.customer(&id(ADATUM)).unwrap().tenant_id.clone();
    world.refused(
        &operator(),
        &Action::EditPartner { partner: woodgrove },
        RuleId::MP6,
        &["Adatum Corporation", "own tenant"],
    );
}

#[test]
fn mp6_allows_marking_a_customer_as_a_csp_partner_once_reselling_ended() {
    let mut world = World::cast();
    let rel = world.resell(CONTOSO, ADATUM);
    world.gdap(WOODGROVE, ADATUM, gdap(&[DIRECTORY_READERS], 30, false));
    world.ok(&partner(CONTOSO), &terminate(&rel));
    let mut adatum = world.ws.customer(&id(ADATUM)).unwrap().clone();
    adatum.is_csp_partner = true;
    world.ok(&operator(), &Action::EditCustomer { customer: adatum });
    world.assert_clean();
}

#[test]
fn mp6_flags_a_loaded_reseller_invitation_to_a_csp_partner_and_refuses_accepting_it() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, ADATUM);
    let (loaded, diagnostics) = load_edited(&world, |file| {
        for c in file["customers"].as_array_mut().unwrap() {
            if c["id"] == ADATUM {
                c["isCspPartner"] = json!(true);
            }
        }
    });
    assert!(
        diagnostics
            .iter()
            .any(|d| d.rule == RuleId::MP6 && d.path.contains(inv.as_str())),
        "{diagnostics:?}"
    );
    let loaded = World {
        ws: loaded,
        now: world.now,
    };
    loaded.refused(
        &customer(ADATUM),
        &accept(&inv),
        RuleId::MP6,
        &["Adatum Corporation"],
    );
}

// ---------------------------------------------------------------------------------------------
// MP7: relationships start with an invitation the customer accepts

#[test]
fn mp7_refuses_an_invitation_sent_by_a_customer() {
    let world = World::cast();
    world.refused(
        &customer(NORTHWIND),
        &reseller_invite(NORTHWIND),
        RuleId::MP7,
        &["northwind", "only a partner"],
    );
}

#[test]
fn mp7_refuses_an_invitation_sent_by_the_operator() {
    let world = World::cast();
    world.refused(
        &operator(),
        &reseller_invite(NORTHWIND),
        RuleId::MP7,
        &["operator", "only a partner"],
    );
    world.refused(
        &operator(),
        &gdap_invite(NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false)),
        RuleId::MP7,
        &["operator"],
    );
}

#[test]
fn mp7_allows_a_partner_to_invite_and_grants_nothing_until_the_customer_accepts() {
    let mut world = World::cast();
    let inv = world.invite_reseller(CONTOSO, NORTHWIND);
    assert_eq!(world.invitation(&inv).status, InvitationStatus::Pending);
    assert!(
        world.ws.partners_of_customer(&id(NORTHWIND)).is_empty(),
        "an invitation alone grants nothing"
    );
    let (_, rel) = world.request_gdap(CONTOSO, NORTHWIND, gdap(&[HELPDESK_ADMIN], 30, false));
    assert_eq!(
        world.relationship(&rel).status,
        RelationshipStatus::ApprovalPending
    );
    assert!(world.ws.partners_of_customer(&id(NORTHWIND)).is_empty());
    world.accept(NORTHWIND, &inv);
    assert_eq!(
        world.ws.partners_of_customer(&id(NORTHWIND)),
        vec![id(CONTOSO)]
    );
}

#[test]
fn mp7_refuses_a_partner_buying_for_a_customer_without_an_accepted_invitation_naming_ws2() {
    // A partner cannot give itself a reseller relationship by buying: the purchase needs one.
    let mut world = World::cast();
    world.invite_reseller(CONTOSO, NORTHWIND);
    world.refused(
        &partner(CONTOSO),
        &buy_action(NORTHWIND, "Microsoft 365 E3", 5),
        RuleId::WS2,
        &["Contoso IT Services", "Northwind Traders"],
    );
}
