//! Records and actions built the way the tests need them: partners and customers, GDAP requests,
//! and one builder per action.

#![allow(dead_code)]

use partnerdesk::domain::duration::{AutoExtend, DurationDays};
use partnerdesk::domain::*;

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
