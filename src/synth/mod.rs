//! Synthetic workspaces for benchmarks and load tests: deterministic for a seed, with realistic
//! distributions (most customers with one or two partners, a long tail with many; subscriptions
//! sold by their partners of record; invitations and GDAP relationships in every state; a few
//! customers that are CSP partners), and valid: `check` finds nothing.
//!
//! Records are generated in id order, so the file written is already in the canonical order.

pub mod exports;
mod names;

use crate::domain::duration::{AutoExtend, DurationDays};
use crate::domain::*;
use crate::workspace::WorkspaceFile;
use crate::workspace::format::{FORMAT_NAME, FORMAT_VERSION};

pub struct Spec {
    pub customers: usize,
    pub partners: usize,
    pub seed: u64,
    /// The moment the workspace describes; dates are spread around it.
    pub now: Time,
}

impl Spec {
    /// A partner count that grows with the customers: a few large providers and many resellers.
    pub fn default_partners(customers: usize) -> usize {
        (customers / 500).clamp(6, 2_000)
    }
}

const ROLE_SETS: &[&[&str]] = &[
    &[
        "729827e3-9c14-49f7-bb1b-9608f156bbb8",
        "fe930be7-5e62-47db-91af-98c3a49a38b1",
        "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
    ],
    &[
        "5d6b6bb7-de71-4623-b4af-96380a352509",
        "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
    ],
    &[
        "4d6ac14f-3453-41d0-bef9-a3e0c569773a",
        "b0f54661-2d74-4c50-afa3-1ec803f12efe",
        "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
    ],
    &[
        "f023fd81-a637-4b56-95fd-791ac0226033",
        "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
    ],
];

const GDAP_STATUSES: &[(RelationshipStatus, u32)] = &[
    (RelationshipStatus::Active, 60),
    (RelationshipStatus::Expiring, 6),
    (RelationshipStatus::ApprovalPending, 8),
    (RelationshipStatus::Created, 3),
    (RelationshipStatus::Approved, 1),
    (RelationshipStatus::Activating, 1),
    (RelationshipStatus::Expired, 8),
    (RelationshipStatus::TerminationRequested, 1),
    (RelationshipStatus::Terminating, 1),
    (RelationshipStatus::Terminated, 11),
];

struct Gen {
    rng: fastrand::Rng,
    now: Time,
    file: WorkspaceFile,
    serial: u64,
}

pub fn generate(spec: &Spec) -> WorkspaceFile {
    let mut g = Gen {
        rng: fastrand::Rng::with_seed(spec.seed),
        now: spec.now,
        file: WorkspaceFile {
            format: FORMAT_NAME.into(),
            version: FORMAT_VERSION,
            name: format!(
                "synthetic {} customers (seed {})",
                spec.customers, spec.seed
            ),
            ..WorkspaceFile::default()
        },
        serial: 0,
    };
    g.partners(spec.partners.max(3));
    for index in 0..spec.customers {
        g.customer(index);
    }
    // Ids are numbered so that generation order is id order; keep it canonical regardless.
    g.file.relationships.sort_by(|a, b| a.id.cmp(&b.id));
    g.file.invitations.sort_by(|a, b| a.id.cmp(&b.id));
    g.file.subscriptions.sort_by(|a, b| a.id.cmp(&b.id));
    g.file.next_serial = g.serial;
    g.file
}

impl Gen {
    fn guid(&mut self) -> String {
        let (a, b) = (self.rng.u64(..), self.rng.u64(..));
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }

    fn next_id(&mut self, prefix: &str) -> Id {
        self.serial += 1;
        Id::new(format!("{prefix}-{:08}", self.serial))
    }

    fn days_ago(&mut self, max: i64) -> Time {
        let days = self.rng.i64(1..max.max(2));
        self.now
            .plus_days(-days)
            .plus_seconds(-self.rng.i64(0..86_400))
    }

    fn partners(&mut self, count: usize) {
        let providers = (count / 12).max(1);
        for index in 0..count {
            let billing_model = if index < providers {
                BillingModel::IndirectProvider
            } else if index % 3 == 0 {
                BillingModel::DirectBill
            } else {
                BillingModel::IndirectReseller
            };
            let providers_of = if billing_model == BillingModel::IndirectReseller {
                let first = self.rng.usize(0..providers);
                let mut list = vec![partner_id(first)];
                if providers > 1 && self.rng.u8(0..4) == 0 {
                    list.push(partner_id((first + 1) % providers));
                }
                list.sort();
                list
            } else {
                Vec::new()
            };
            let specialties = names::specialties(&mut self.rng);
            let tenant_id = self.guid();
            self.file.partners.push(Partner {
                id: partner_id(index),
                display_name: names::partner_name(index).into(),
                partner_id: format!("{}", 4_000_000 + index),
                tenant_id,
                billing_model,
                specialties,
                providers: providers_of,
                source: None,
            });
        }
    }

    /// How many partners a customer works with: mostly one or two, a long tail up to eight.
    fn partner_count(&mut self) -> usize {
        match self.rng.u32(0..100) {
            0..55 => 1,
            55..85 => 2,
            85..95 => 3,
            _ => self.rng.usize(4..9),
        }
    }

    fn customer(&mut self, index: usize) {
        let id = Id::new(format!("c{index:07}"));
        let name = names::customer_name(&mut self.rng, index);
        let is_csp = self.rng.u32(0..1000) < 5;
        let customer = Customer {
            external_id: None,
            id: id.clone(),
            tenant_id: self.guid(),
            domain: names::domain(&name, index),
            display_name: name.into(),
            country: names::country(&mut self.rng).into(),
            is_csp_partner: is_csp,
            source: None,
        };
        self.file.customers.push(customer);
        let count = self.partner_count().min(self.file.partners.len());
        let mut chosen: Vec<usize> = Vec::with_capacity(count);
        while chosen.len() < count {
            let p = self.rng.usize(0..self.file.partners.len());
            if !chosen.contains(&p) {
                chosen.push(p);
            }
        }
        for p in chosen {
            let partner = self.file.partners[p].clone();
            if !is_csp && partner.billing_model != BillingModel::IndirectProvider {
                self.reseller(&id, &partner);
            }
            if self.rng.u32(0..100) < 45 {
                self.gdap(&id, &partner);
            }
        }
        if self.rng.u32(0..100) < 8 {
            self.open_invitation(&id, is_csp);
        }
    }

    fn reseller(&mut self, customer: &Id, partner: &Partner) {
        let start = self.days_ago(1500);
        let via = partner.providers.first().cloned();
        let ended = self.rng.u32(0..100) < 4;
        let rel_id = self.next_id("rel");
        self.file.relationships.push(plain(
            rel_id,
            RelationshipKind::Reseller,
            &partner.id,
            customer,
            start,
            via.clone(),
            ended,
            self.now,
        ));
        if let Some(provider) = &via {
            let provider_rel = self.next_id("rel");
            self.file.relationships.push(plain(
                provider_rel,
                RelationshipKind::Reseller,
                provider,
                customer,
                start,
                Some(partner.id.clone()),
                ended,
                self.now,
            ));
        }
        // DAP came with reseller relationships made before its retirement (DP1), never after.
        if self.rng.u32(0..100) < 30 && start < crate::domain::lifecycle::dap_retired() {
            let dap = self.next_id("rel");
            self.file.relationships.push(plain(
                dap,
                RelationshipKind::DelegatedAdmin,
                &partner.id,
                customer,
                start,
                None,
                ended,
                self.now,
            ));
        }
        let subscriptions = self.rng.usize(0..4);
        for _ in 0..subscriptions {
            let sub_id = self.next_id("sub");
            let (offer, term) = names::offer(&mut self.rng);
            let status = if ended {
                SubscriptionStatus::Suspended
            } else {
                match self.rng.u32(0..100) {
                    0..88 => SubscriptionStatus::Active,
                    88..96 => SubscriptionStatus::Suspended,
                    _ => SubscriptionStatus::Expired,
                }
            };
            self.file.subscriptions.push(Subscription {
                external_id: None,
                id: sub_id,
                customer_id: customer.clone(),
                partner_of_record: partner.id.clone(),
                billing_partner: via.clone(),
                offer_name: offer.into(),
                quantity: self.rng.u32(1..500),
                status,
                term_duration: term.into(),
                billing_cycle: if term == "P1M" {
                    BillingCycle::Monthly
                } else {
                    BillingCycle::Annual
                },
                created_date_time: start.plus_days(self.rng.i64(0..30)),
                source: None,
            });
        }
    }

    fn gdap_status(&mut self) -> RelationshipStatus {
        let total: u32 = GDAP_STATUSES.iter().map(|(_, w)| w).sum();
        let mut pick = self.rng.u32(0..total);
        for (status, weight) in GDAP_STATUSES {
            if pick < *weight {
                return *status;
            }
            pick -= weight;
        }
        RelationshipStatus::Active
    }

    fn gdap(&mut self, customer: &Id, partner: &Partner) {
        let status = self.gdap_status();
        let rel_id = self.next_id("rel");
        let roles: Vec<Text> = ROLE_SETS[self.rng.usize(0..ROLE_SETS.len())]
            .iter()
            .map(|r| Text::from(*r))
            .collect();
        let duration = [730u32, 365, 180, 90][self.rng.usize(0..4)];
        let auto = self.rng.bool();
        let (created, start, end) = match status {
            RelationshipStatus::Active => {
                let start = self
                    .now
                    .plus_days(-self.rng.i64(0..i64::from(duration) - 31));
                (
                    start.plus_days(-2),
                    Some(start),
                    Some(start.plus_days(i64::from(duration))),
                )
            }
            RelationshipStatus::Expiring => {
                // Past its end by less than a day: access is being removed.
                let end = self.now.plus_seconds(-self.rng.i64(1..30) * 2_880);
                let start = end.plus_days(-i64::from(duration));
                (start.plus_days(-2), Some(start), Some(end))
            }
            RelationshipStatus::ApprovalPending | RelationshipStatus::Created => {
                (self.days_ago(60), None, None)
            }
            RelationshipStatus::Approved | RelationshipStatus::Activating => {
                (self.days_ago(3).plus_seconds(-3600), None, None)
            }
            RelationshipStatus::Expired => {
                let end = self.days_ago(300);
                (
                    end.plus_days(-i64::from(duration) - 2),
                    Some(end.plus_days(-i64::from(duration))),
                    Some(end),
                )
            }
            _ => {
                let end = self.days_ago(200);
                let start = end.plus_days(-self.rng.i64(10..90));
                (start.plus_days(-2), Some(start), Some(end))
            }
        };
        let invitation_id =
            (status == RelationshipStatus::ApprovalPending).then(|| self.next_id("inv"));
        let relationship = Relationship {
            external_id: None,
            id: rel_id.clone(),
            kind: RelationshipKind::Gdap,
            partner_id: partner.id.clone(),
            customer_id: customer.clone(),
            status,
            created_date_time: created,
            start_date_time: start,
            end_date_time: end,
            via_partner_id: None,
            invitation_id: invitation_id.clone(),
            gdap: Some(Box::new(GdapDetails {
                display_name: format!(
                    "GDAP {} {}",
                    customer,
                    rel_id.as_str().trim_start_matches("rel-")
                )
                .into(),
                roles: roles.clone(),
                duration: DurationDays(duration),
                auto_extend_duration: AutoExtend::from_flag(auto),
            })),
            history: smallvec::smallvec![StatusChange {
                status,
                at: start.unwrap_or(created),
                by: None,
                note: None,
            }],
            etag: None,
            partner_consent_pending: false,
            source: None,
        };
        self.file.relationships.push(relationship);
        if let Some(inv) = invitation_id {
            self.file.invitations.push(Invitation {
                id: inv,
                kind: InvitationKind::Gdap,
                partner_id: partner.id.clone(),
                customer_id: customer.clone(),
                via_provider_id: None,
                status: InvitationStatus::Pending,
                created_date_time: created,
                expires_date_time: created.plus_days(90),
                resolved_date_time: None,
                relationship_id: Some(rel_id.clone()),
            });
        }
        if status == RelationshipStatus::Active && self.rng.bool() {
            let asg = self.next_id("asg");
            let group = self.guid();
            self.file.access_assignments.push(AccessAssignment {
                external_id: None,
                id: asg,
                relationship_id: rel_id,
                security_group_id: group,
                security_group_name: Some("Helpdesk agents".into()),
                roles: roles.into_iter().take(1).collect(),
                status: AssignmentStatus::Active,
                created_date_time: start.unwrap_or(created).plus_days(1),
                etag: None,
                source: None,
            });
        }
    }

    /// A resolved or pending reseller invitation from a partner that has no relationship yet.
    fn open_invitation(&mut self, customer: &Id, is_csp: bool) {
        let candidates: Vec<&Partner> = self
            .file
            .partners
            .iter()
            .filter(|p| p.billing_model == BillingModel::DirectBill)
            .collect();
        if candidates.is_empty() || is_csp {
            return;
        }
        let partner = candidates[self.rng.usize(0..candidates.len())].id.clone();
        let already = self
            .file
            .relationships
            .iter()
            .rev()
            .take_while(|r| r.customer_id == *customer)
            .any(|r| r.partner_id == partner);
        if already {
            return;
        }
        let status = [
            InvitationStatus::Pending,
            InvitationStatus::Pending,
            InvitationStatus::Declined,
            InvitationStatus::Revoked,
            InvitationStatus::Expired,
        ][self.rng.usize(0..5)];
        let created = match status {
            InvitationStatus::Pending => self.days_ago(60),
            _ => self.days_ago(400).plus_days(-100),
        };
        let id = self.next_id("inv");
        self.file.invitations.push(Invitation {
            id,
            kind: InvitationKind::Reseller,
            partner_id: partner,
            customer_id: customer.clone(),
            via_provider_id: None,
            status,
            created_date_time: created,
            expires_date_time: created.plus_days(90),
            resolved_date_time: (status != InvitationStatus::Pending).then(|| {
                created.plus_days(if status == InvitationStatus::Expired {
                    90
                } else {
                    5
                })
            }),
            relationship_id: None,
        });
    }
}

fn partner_id(index: usize) -> Id {
    Id::new(format!("p{index:05}"))
}

#[allow(clippy::too_many_arguments)]
fn plain(
    id: Id,
    kind: RelationshipKind,
    partner: &Id,
    customer: &Id,
    start: Time,
    via: Option<Id>,
    ended: bool,
    now: Time,
) -> Relationship {
    let status = if ended {
        RelationshipStatus::Terminated
    } else {
        RelationshipStatus::Active
    };
    let end = ended.then(|| start.plus_days(start.days_until(now) / 2));
    let mut history: History = smallvec::smallvec![StatusChange {
        status: RelationshipStatus::Active,
        at: start,
        by: None,
        note: None,
    }];
    if let Some(end) = end {
        history.push(StatusChange {
            status,
            at: end,
            by: None,
            note: None,
        });
    }
    Relationship {
        external_id: None,
        id,
        kind,
        partner_id: partner.clone(),
        customer_id: customer.clone(),
        status,
        created_date_time: start,
        start_date_time: Some(start),
        end_date_time: end,
        via_partner_id: via,
        invitation_id: None,
        gdap: None,
        history,
        etag: None,
        partner_consent_pending: false,
        source: None,
    }
}
