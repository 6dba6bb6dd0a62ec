//! An abstract step turned into an actor and an action against the workspace as it is now.

use super::*;

/// Turns an abstract step into an actor and an action against the current workspace.
pub(crate) fn resolve(ws: &Workspace, step: &Step) -> (Actor, Action) {
    let pending = |index| {
        pick_id(
            ws.invitations(),
            |i| &i.id,
            |i| i.status == InvitationStatus::Pending,
            index,
        )
    };
    let in_force = |index, gdap_only: bool| {
        pick_id(
            ws.relationships(),
            |r| &r.id,
            |r| r.status.is_in_force() && (!gdap_only || r.gdap.is_some()),
            index,
        )
    };
    let subscription_with =
        |index, status| pick_id(ws.subscriptions(), |s| &s.id, |s| s.status == status, index);
    let invitation_party = |inv: &Id, customer_side: bool| match ws.invitation(inv) {
        Some(i) if customer_side => Actor::Customer(i.customer_id.clone()),
        Some(i) => Actor::Partner(i.partner_id.clone()),
        None => operator(),
    };
    let relationship_partner = |rel: &Id| {
        ws.relationship(rel)
            .map_or(operator(), |r| Actor::Partner(r.partner_id.clone()))
    };
    let relationship_where = |index, preferred: &dyn Fn(&Relationship) -> bool| {
        pick_id(ws.relationships(), |r| &r.id, preferred, index)
    };
    // The partner that made a GDAP request: the provider for a reseller's, else its partner.
    let maker = |rel: &Id| {
        ws.relationship(rel).map_or(operator(), |r| {
            Actor::Partner(r.via_partner_id.clone().unwrap_or(r.partner_id.clone()))
        })
    };
    let role_names =
        |roles: &[usize]| -> Vec<String> { roles.iter().map(|r| ROLES[*r].to_string()).collect() };
    match step {
        Step::Invite {
            who,
            partner: p,
            customer: c,
            kind,
            via,
            roles,
            days,
            auto_extend,
            name,
            draft,
            for_reseller,
        } => {
            let inviter = PARTNERS[*p];
            let kind = [
                InvitationKind::Reseller,
                InvitationKind::ResellerAndDelegatedAdmin,
                InvitationKind::Gdap,
            ][usize::from(*kind)];
            let via = match via {
                0..=6 if inviter == LITWARE && kind != InvitationKind::Gdap => Some(id(TAILSPIN)),
                0..=7 => None,
                8 => Some(id(TAILSPIN)),
                _ => Some(id(ADVENTURE)),
            };
            // Mostly Tailspin for the reseller it authorizes; sometimes anyone for anyone.
            let for_reseller = match for_reseller {
                0..=5 if inviter == TAILSPIN => Some(id(LITWARE)),
                0..=7 => None,
                8 => Some(id(LITWARE)),
                _ => Some(id(CONTOSO)),
            };
            let request = GdapRequest {
                display_name: name.map(|n| names()[n].clone()),
                roles: role_names(roles),
                duration: DurationDays(*days),
                auto_extend_duration: AutoExtend::from_flag(*auto_extend),
            };
            // Mostly well-formed: GDAP details exactly on GDAP invitations; sometimes not.
            let malformed = days.is_multiple_of(17);
            let gdap = ((kind == InvitationKind::Gdap) != malformed).then_some(request);
            let action = Action::Invite {
                customer_id: id(CUSTOMERS[*c]),
                kind,
                via_provider_id: via,
                gdap,
                draft: *draft,
                for_reseller,
            };
            (choose(who, partner(inviter)), action)
        }
        Step::Lock { who, relationship } | Step::DeleteDraft { who, relationship } => {
            let rel =
                relationship_where(*relationship, &|r| r.status == RelationshipStatus::Created);
            let natural = maker(&rel);
            let action = match step {
                Step::Lock { .. } => lock(&rel),
                _ => delete_draft(&rel),
            };
            (choose(who, natural), action)
        }
        Step::EditDraft {
            who,
            relationship,
            name,
            roles,
            days,
            auto_extend,
        } => {
            let rel =
                relationship_where(*relationship, &|r| r.status == RelationshipStatus::Created);
            let action = Action::EditDraft {
                relationship_id: rel.clone(),
                display_name: name.map(|n| names()[n].clone()),
                roles: roles.as_deref().map(role_names),
                duration: days.map(DurationDays),
                auto_extend_duration: auto_extend.map(AutoExtend::from_flag),
            };
            (choose(who, maker(&rel)), action)
        }
        Step::ResellerAnswer {
            who,
            relationship,
            approve,
        } => {
            let rel = relationship_where(*relationship, &|r| r.partner_consent_pending);
            let action = if *approve {
                reseller_approve(&rel)
            } else {
                reseller_reject(&rel)
            };
            (choose(who, relationship_partner(&rel)), action)
        }
        Step::RemoveGlobalAdmin { who, relationship } => {
            let rel = relationship_where(*relationship, &|r| {
                r.gdap.as_ref().is_some_and(|g| {
                    g.roles
                        .iter()
                        .any(|role| role.eq_ignore_ascii_case(roles::GLOBAL_ADMINISTRATOR))
                })
            });
            (
                choose(who, relationship_partner(&rel)),
                remove_global_admin(&rel),
            )
        }
        Step::Accept { who, invitation } => {
            let inv = pending(*invitation);
            (
                choose(who, invitation_party(&inv, true)),
                Action::Accept { invitation_id: inv },
            )
        }
        Step::Decline { who, invitation } => {
            let inv = pending(*invitation);
            (
                choose(who, invitation_party(&inv, true)),
                Action::Decline { invitation_id: inv },
            )
        }
        Step::Revoke { who, invitation } => {
            let inv = pending(*invitation);
            (
                choose(who, invitation_party(&inv, false)),
                Action::Revoke { invitation_id: inv },
            )
        }
        Step::Terminate {
            who,
            relationship,
            by_customer,
        } => {
            let rel = in_force(*relationship, false);
            let natural = match ws.relationship(&rel) {
                Some(r) if *by_customer => Actor::Customer(r.customer_id.clone()),
                Some(r) => Actor::Partner(r.partner_id.clone()),
                None => operator(),
            };
            (
                choose(who, natural),
                Action::Terminate {
                    relationship_id: rel,
                },
            )
        }
        Step::Buy {
            who,
            partner: p,
            customer: c,
            quantity,
        } => (
            choose(who, partner(PARTNERS[*p])),
            buy_action(CUSTOMERS[*c], "Microsoft 365 E3", *quantity),
        ),
        Step::Suspend { who, subscription } | Step::Reactivate { who, subscription } => {
            let status = match step {
                Step::Suspend { .. } => SubscriptionStatus::Active,
                _ => SubscriptionStatus::Suspended,
            };
            let sub = subscription_with(*subscription, status);
            let natural = ws
                .subscription(&sub)
                .map_or(operator(), |s| Actor::Partner(s.partner_of_record.clone()));
            let action = match step {
                Step::Suspend { .. } => Action::SuspendSubscription {
                    subscription_id: sub,
                },
                _ => Action::ReactivateSubscription {
                    subscription_id: sub,
                },
            };
            (choose(who, natural), action)
        }
        Step::SetAutoExtend {
            who,
            relationship,
            on,
        } => {
            let rel = in_force(*relationship, true);
            (
                choose(who, relationship_partner(&rel)),
                set_auto_extend(&rel, *on),
            )
        }
        Step::Assign {
            who,
            relationship,
            group,
            roles,
        } => {
            let rel = in_force(*relationship, true);
            let roles: Vec<String> = match roles {
                Some(roles) => roles.iter().map(|r| ROLES[*r].to_string()).collect(),
                // The relationship's own first role: usually allowed.
                None => ws
                    .relationship(&rel)
                    .and_then(|r| r.gdap.as_ref())
                    .map(|g| g.roles.iter().take(1).map(|r| r.to_string()).collect())
                    .unwrap_or_default(),
            };
            let action = Action::AddAccessAssignment {
                relationship_id: rel.clone(),
                security_group_id: GROUPS[*group].to_string(),
                security_group_name: None,
                roles,
            };
            (choose(who, relationship_partner(&rel)), action)
        }
        Step::Unassign { who, assignment } => {
            let asg = pick_id(
                ws.assignments(),
                |a| &a.id,
                |a| a.status == AssignmentStatus::Active,
                *assignment,
            );
            let natural = ws
                .assignment(&asg)
                .map_or(operator(), |a| relationship_partner(&a.relationship_id));
            (
                choose(who, natural),
                Action::RemoveAccessAssignment { assignment_id: asg },
            )
        }
        Step::PassTime { .. } => (operator(), Action::PassTime),
        Step::EditCustomer {
            who,
            customer: c,
            csp,
        } => {
            let mut record = ws
                .customer(&id(CUSTOMERS[*c]))
                .cloned()
                .expect("the cast is there");
            record.is_csp_partner = *csp;
            (
                choose(who, operator()),
                Action::EditCustomer { customer: record },
            )
        }
        Step::EditPartner {
            who,
            partner: p,
            change,
        } => {
            let mut record = ws
                .partner(&id(PARTNERS[*p]))
                .cloned()
                .expect("the cast is there");
            match change {
                // Take the tenant of a customer (MP6 if it resells there).
                0 => {
                    record.tenant_id = ws
                        .customer(&id(ADATUM))
                        .map(|c| c.tenant_id.clone())
                        .unwrap_or_default()
                }
                1 => record.providers = vec![id(ADVENTURE)],
                2 => record.providers = vec![id(TAILSPIN)],
                _ => record.billing_model = BillingModel::DirectBill,
            }
            (
                choose(who, operator()),
                Action::EditPartner { partner: record },
            )
        }
    }
}
