//! The steps a walk takes, as abstract choices (who acts, which record by index), and how they are drawn.

use super::*;

/// Who performs a step: the party the record calls for, or anyone at all.
#[derive(Clone, Debug)]
pub(crate) enum Who {
    Natural,
    Any(usize),
}

#[derive(Clone, Debug)]
pub(crate) enum Step {
    Invite {
        who: Who,
        partner: usize,
        customer: usize,
        kind: u8,
        via: u8,
        roles: Vec<usize>,
        days: u32,
        auto_extend: bool,
        name: Option<usize>,
        /// GDAP: a draft to lock later (GD7).
        draft: bool,
        /// GDAP by an indirect provider for a reseller (IV6).
        for_reseller: u8,
    },
    /// The partner that made a draft locks it for approval.
    Lock {
        who: Who,
        relationship: usize,
    },
    /// The partner that made a draft changes some of it.
    EditDraft {
        who: Who,
        relationship: usize,
        name: Option<usize>,
        roles: Option<Vec<usize>>,
        days: Option<u32>,
        auto_extend: Option<bool>,
    },
    DeleteDraft {
        who: Who,
        relationship: usize,
    },
    /// The reseller approves or rejects its provider's GDAP request.
    ResellerAnswer {
        who: Who,
        relationship: usize,
        approve: bool,
    },
    RemoveGlobalAdmin {
        who: Who,
        relationship: usize,
    },
    Accept {
        who: Who,
        invitation: usize,
    },
    Decline {
        who: Who,
        invitation: usize,
    },
    Revoke {
        who: Who,
        invitation: usize,
    },
    Terminate {
        who: Who,
        relationship: usize,
        by_customer: bool,
    },
    Buy {
        who: Who,
        partner: usize,
        customer: usize,
        quantity: u32,
    },
    Suspend {
        who: Who,
        subscription: usize,
    },
    Reactivate {
        who: Who,
        subscription: usize,
    },
    SetAutoExtend {
        who: Who,
        relationship: usize,
        on: bool,
    },
    Assign {
        who: Who,
        relationship: usize,
        group: usize,
        roles: Option<Vec<usize>>,
    },
    Unassign {
        who: Who,
        assignment: usize,
    },
    PassTime {
        days: u16,
    },
    /// The operator marks a customer as a CSP partner, or not.
    EditCustomer {
        who: Who,
        customer: usize,
        csp: bool,
    },
    /// The operator gives a partner another tenant, or changes its providers or billing model.
    EditPartner {
        who: Who,
        partner: usize,
        change: u8,
    },
}

pub(crate) fn who() -> impl Strategy<Value = Who> {
    prop_oneof![3 => Just(Who::Natural), 1 => (0usize..16).prop_map(Who::Any)]
}

/// Mostly known roles (Global Administrator among them), sometimes unknown, blank or none.
pub(crate) fn roles() -> impl Strategy<Value = Vec<usize>> {
    prop_oneof![4 => prop::collection::vec(0usize..5, 1..3), 1 => prop::collection::vec(0..ROLES.len(), 0..4)]
}

pub(crate) fn days() -> impl Strategy<Value = u32> {
    prop_oneof![4 => 1u32..=730, 1 => 0u32..=1, 1 => 729u32..=800]
}

/// The display names steps use: two that differ only in case, a blank one and one too long.
pub(crate) fn names() -> [String; 5] {
    [
        "Helpdesk".to_string(),
        "HELPDESK".to_string(),
        "Security operations".to_string(),
        "   ".to_string(),
        "n".repeat(51),
    ]
}

pub(crate) fn step() -> impl Strategy<Value = Step> {
    let index = || 0usize..64;
    prop_oneof![
        6 => (who(), 0..PARTNERS.len(), 0..CUSTOMERS.len(), 0u8..3, 0u8..10, roles(), days(), any::<bool>(), prop::option::weighted(0.5, 0usize..5), prop::bool::weighted(0.25), 0u8..10)
            .prop_map(|(who, partner, customer, kind, via, roles, days, auto_extend, name, draft, for_reseller)| Step::Invite { who, partner, customer, kind, via, roles, days, auto_extend, name, draft, for_reseller }),
        1 => (who(), index()).prop_map(|(who, relationship)| Step::Lock { who, relationship }),
        1 => (who(), index(), prop::option::weighted(0.5, 0usize..5), prop::option::weighted(0.3, roles()), prop::option::weighted(0.3, days()), prop::option::weighted(0.3, any::<bool>()))
            .prop_map(|(who, relationship, name, roles, days, auto_extend)| Step::EditDraft { who, relationship, name, roles, days, auto_extend }),
        1 => (who(), index()).prop_map(|(who, relationship)| Step::DeleteDraft { who, relationship }),
        2 => (who(), index(), any::<bool>()).prop_map(|(who, relationship, approve)| Step::ResellerAnswer { who, relationship, approve }),
        1 => (who(), index()).prop_map(|(who, relationship)| Step::RemoveGlobalAdmin { who, relationship }),
        4 => (who(), index()).prop_map(|(who, invitation)| Step::Accept { who, invitation }),
        1 => (who(), index()).prop_map(|(who, invitation)| Step::Decline { who, invitation }),
        1 => (who(), index()).prop_map(|(who, invitation)| Step::Revoke { who, invitation }),
        2 => (who(), index(), any::<bool>()).prop_map(|(who, relationship, by_customer)| Step::Terminate { who, relationship, by_customer }),
        2 => (who(), 0..PARTNERS.len(), 0..CUSTOMERS.len(), 0u32..4).prop_map(|(who, partner, customer, quantity)| Step::Buy { who, partner, customer, quantity }),
        2 => (who(), index()).prop_map(|(who, subscription)| Step::Suspend { who, subscription }),
        1 => (who(), index()).prop_map(|(who, subscription)| Step::Reactivate { who, subscription }),
        1 => (who(), index(), any::<bool>()).prop_map(|(who, relationship, on)| Step::SetAutoExtend { who, relationship, on }),
        2 => (who(), index(), 0..GROUPS.len(), prop::option::weighted(0.3, prop::collection::vec(0..ROLES.len(), 0..3)))
            .prop_map(|(who, relationship, group, roles)| Step::Assign { who, relationship, group, roles }),
        1 => (who(), index()).prop_map(|(who, assignment)| Step::Unassign { who, assignment }),
        2 => prop_oneof![0u16..5, 5u16..120, 120u16..400].prop_map(|days| Step::PassTime { days }),
        1 => (who(), 0..CUSTOMERS.len(), any::<bool>()).prop_map(|(who, customer, csp)| Step::EditCustomer { who, customer, csp }),
        1 => (who(), 0..PARTNERS.len(), 0u8..4).prop_map(|(who, partner, change)| Step::EditPartner { who, partner, change }),
    ]
}

/// A step and the minutes that pass before it.
pub(crate) fn walk() -> impl Strategy<Value = Vec<(Step, u16)>> {
    prop::collection::vec((step(), 0u16..600), 1..=30)
}

/// Everyone who can act, plus someone who is not in the workspace.
pub(crate) fn actors() -> Vec<Actor> {
    let mut all = vec![operator()];
    all.extend(PARTNERS.iter().map(|p| partner(p)));
    all.extend(CUSTOMERS.iter().map(|c| customer(c)));
    all.push(partner("ghost"));
    all
}

pub(crate) fn pick<T: Clone>(items: &[T], index: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[index % items.len()].clone())
}

/// Mostly one of the records the step is likely to work on (`preferred`), sometimes any record
/// of the kind, and an id that does not exist when there is none.
pub(crate) fn pick_id<'a, T: 'a>(
    all: impl Iterator<Item = &'a T>,
    key: impl Fn(&T) -> &Id,
    preferred: impl Fn(&T) -> bool,
    index: usize,
) -> Id {
    let records: Vec<&T> = all.collect();
    let likely: Vec<Id> = records
        .iter()
        .filter(|r| preferred(r))
        .map(|r| key(r).clone())
        .collect();
    let every: Vec<Id> = records.iter().map(|r| key(r).clone()).collect();
    let choice = if !index.is_multiple_of(4) && !likely.is_empty() {
        pick(&likely, index / 4)
    } else {
        pick(&every, index / 4)
    };
    choice.unwrap_or_else(|| id("missing-404"))
}

pub(crate) fn choose(who: &Who, natural: Actor) -> Actor {
    match who {
        Who::Natural => natural,
        Who::Any(index) => pick(&actors(), *index).unwrap_or(natural),
    }
}
