//! Sequences of actions, decoded from bytes, applied to a small workspace by every kind of actor:
//! never a panic; a refusal leaves the workspace exactly as it was; an applied action leaves it
//! clean (`check` finds nothing) and saving and loading it gives it back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use partnerdesk::domain::*;
use partnerdesk::workspace::{Workspace, check};
use partnerdesk::store::{parse_workspace, to_json};

const BASE: &str = include_str!("../../tests/fixtures/hostile/base.workspace");

const PARTNERS: [&str; 3] = ["contoso", "northwind", "ghost"];
const CUSTOMERS: [&str; 3] = ["fabrikam", "adatum", "ghost"];
const ROLES: [&str; 4] = [
    "Helpdesk Administrator",
    "Global Administrator",
    "Security Reader",
    "User Administrator",
];

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }
    fn pick<T: Copy>(&mut self, from: &[T]) -> Option<T> {
        Some(from[usize::from(self.byte()?) % from.len()])
    }
    fn id(&mut self, prefix: &str, ws: &Workspace) -> Option<Id> {
        // Mostly ids that exist (the newest few), sometimes one that does not.
        let n = self.byte()?;
        let serial = ws.meta().next_serial.saturating_sub(u64::from(n % 8));
        Some(Id::new(format!("{prefix}-{serial}")))
    }
}

fn actor(b: &mut Bytes) -> Option<Actor> {
    Some(match b.byte()? % 3 {
        0 => Actor::Operator,
        1 => Actor::Partner(Id::new(b.pick(&PARTNERS)?)),
        _ => Actor::Customer(Id::new(b.pick(&CUSTOMERS)?)),
    })
}

fn action(b: &mut Bytes, ws: &Workspace) -> Option<Action> {
    Some(match b.byte()? % 14 {
        0 => Action::Invite {
            customer_id: Id::new(b.pick(&CUSTOMERS)?),
            kind: b.pick(&[
                InvitationKind::Reseller,
                InvitationKind::ResellerAndDelegatedAdmin,
            ])?,
            via_provider_id: None,
            gdap: None,
        },
        1 => Action::Invite {
            customer_id: Id::new(b.pick(&CUSTOMERS)?),
            kind: InvitationKind::Gdap,
            via_provider_id: None,
            gdap: Some(GdapRequest {
                display_name: Some(format!("g{}", b.byte()?)),
                roles: vec![b.pick(&ROLES)?.to_string(), b.pick(&ROLES)?.to_string()],
                duration: duration::DurationDays(u32::from(b.byte()?) * 4),
                auto_extend_duration: duration::AutoExtend::from_flag(b.byte()? % 2 == 0),
            }),
        },
        2 => Action::Accept {
            invitation_id: b.id("inv", ws)?,
        },
        3 => Action::Decline {
            invitation_id: b.id("inv", ws)?,
        },
        4 => Action::Revoke {
            invitation_id: b.id("inv", ws)?,
        },
        5 => Action::Terminate {
            relationship_id: b.id("rel", ws)?,
        },
        6 => Action::BuySubscription {
            customer_id: Id::new(b.pick(&CUSTOMERS)?),
            offer_name: "Microsoft 365 E3".into(),
            quantity: u32::from(b.byte()?),
            term_duration: b.pick(&["P1M", "P1Y", "P3Y", "P2W"])?.to_string(),
            billing_cycle: BillingCycle::Monthly,
        },
        7 => Action::SuspendSubscription {
            subscription_id: b.id("sub", ws)?,
        },
        8 => Action::ReactivateSubscription {
            subscription_id: b.id("sub", ws)?,
        },
        9 => Action::SetAutoExtend {
            relationship_id: b.id("rel", ws)?,
            auto_extend_duration: duration::AutoExtend::from_flag(b.byte()? % 2 == 0),
        },
        10 => Action::AddAccessAssignment {
            relationship_id: b.id("rel", ws)?,
            security_group_id: format!("group-{}", b.byte()?),
            security_group_name: None,
            roles: vec![b.pick(&ROLES)?.to_string()],
        },
        11 => Action::RemoveAccessAssignment {
            assignment_id: b.id("asg", ws)?,
        },
        12 => Action::PassTime,
        _ => {
            let mut customer = ws.customers().next()?.clone();
            customer.display_name = format!("Renamed {}", b.byte()?).into();
            customer.is_csp_partner = b.byte()? % 5 == 0;
            Action::EditCustomer { customer }
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let (mut ws, findings) = parse_workspace(BASE.as_bytes()).expect("the base loads");
    assert!(findings.is_empty());
    let mut now = Time::parse("2026-11-24T10:00:00Z").expect("a time");
    let mut b = Bytes(data);
    while let (Some(actor), Some(step)) = (actor(&mut b), b.byte()) {
        now = now.plus_seconds(i64::from(step) * 3600 * 6);
        let Some(action) = action(&mut b, &ws) else {
            break;
        };
        let before = to_json(&ws);
        match apply(&ws, &actor, &action, now) {
            Ok(applied) => {
                let found = check(&applied.workspace);
                assert!(
                    found.is_empty(),
                    "{action:?} by {actor} left findings: {found:?}"
                );
                ws = applied.workspace;
            }
            Err(_) => assert_eq!(to_json(&ws), before, "a refusal changed nothing"),
        }
    }
    let saved = to_json(&ws);
    let (again, findings) = parse_workspace(&saved).expect("a saved workspace loads");
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(to_json(&again), saved);
});
