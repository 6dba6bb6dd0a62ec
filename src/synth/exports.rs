//! Synthetic export pages for benchmarks: what one direct-bill partner gets when it dumps its
//! Partner Center customers and subscriptions and its Graph GDAP relationships and access
//! assignments, in the shapes those APIs return (Partner Center `items` collections of 1,000,
//! Graph `value` pages of 300, one access-assignment listing per relationship that has any).
//! Deterministic for a seed; every record imports cleanly.

use serde_json::{Value, json};

use super::names;
use crate::domain::Time;
use crate::domain::records::{BillingModel, Partner};
use crate::tables::id::Id;
use crate::workspace::format::{FORMAT_NAME, FORMAT_VERSION};
use crate::workspace::{Workspace, WorkspaceFile};

/// The partner whose exports these are.
pub const IMPORTER_TENANT: &str = "0b5e3c2a-7d41-4f6e-9a12-5c3d8e7f1a20";
pub const IMPORTER_NAME: &str = "Bench Partner";

const CUSTOMERS_PER_PAGE: usize = 1_000;
const SUBSCRIPTIONS_PER_PAGE: usize = 1_000;
const RELATIONSHIPS_PER_PAGE: usize = 300;
/// One relationship in this many has an access-assignment listing.
const ASSIGNED_EVERY: usize = 200;

const ROLES: &[&str] = &[
    "729827e3-9c14-49f7-bb1b-9608f156bbb8",
    "fe930be7-5e62-47db-91af-98c3a49a38b1",
    "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
];

/// A workspace holding only the partner whose exports these are, under the id `me`.
pub fn importer_workspace(me: &Id) -> Workspace {
    let importer = Partner {
        id: me.clone(),
        display_name: IMPORTER_NAME.into(),
        partner_id: "1234567".into(),
        tenant_id: IMPORTER_TENANT.into(),
        billing_model: BillingModel::DirectBill,
        specialties: Vec::new(),
        providers: Vec::new(),
        source: None,
    };
    Workspace::from_file(WorkspaceFile {
        format: FORMAT_NAME.into(),
        version: FORMAT_VERSION,
        partners: vec![importer],
        ..WorkspaceFile::default()
    })
    .0
}

/// One export page: a file name and its JSON.
pub struct Page {
    pub name: String,
    pub json: Value,
}

/// The pages, made one at a time (a 100,000-customer export is hundreds of megabytes).
pub struct ExportPages {
    rng: fastrand::Rng,
    now: Time,
    customers: usize,
    /// Customers, subscriptions, relationships, then assignment listings.
    next: usize,
    stage: Stage,
}

#[derive(Clone, Copy, PartialEq)]
enum Stage {
    Customers,
    Subscriptions,
    Relationships,
    Assignments,
    Done,
}

impl ExportPages {
    pub fn new(customers: usize, seed: u64, now: Time) -> ExportPages {
        ExportPages {
            rng: fastrand::Rng::with_seed(seed),
            now,
            customers,
            next: 0,
            stage: Stage::Customers,
        }
    }

    /// A GUID made from `kind` and `index`, so every stage names the same customer alike.
    fn guid(kind: u64, index: usize) -> String {
        let mut rng = fastrand::Rng::with_seed(kind.wrapping_mul(1_000_003) ^ index as u64);
        let (a, b) = (rng.u64(..), rng.u64(..));
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }

    fn tenant(index: usize) -> String {
        ExportPages::guid(1, index)
    }

    fn name(index: usize) -> String {
        names::customer_name(&mut fastrand::Rng::with_seed(index as u64), index)
    }

    fn days_ago(&self, days: u64) -> String {
        self.now.plus_days(-(days as i64)).to_string()
    }

    fn customers_page(&mut self, from: usize, to: usize) -> Value {
        let items: Vec<Value> = (from..to)
            .map(|i| {
                let tenant = ExportPages::tenant(i);
                let name = ExportPages::name(i);
                json!({
                    "id": tenant,
                    "companyProfile": {
                        "tenantId": tenant,
                        "domain": names::domain(&name, i),
                        "companyName": name,
                        "attributes": {"objectType": "CustomerCompanyProfile"}
                    },
                    "billingProfile": {"defaultAddress": {"country": names::country(&mut self.rng)}},
                    "relationshipToPartner": "reseller",
                    "allowDelegatedAccess": false,
                    "links": {"self": {"uri": format!("/customers/{tenant}"), "method": "GET", "headers": []}},
                    "attributes": {"objectType": "Customer"}
                })
            })
            .collect();
        json!({"totalCount": items.len(), "items": items, "attributes": {"objectType": "Collection"}})
    }

    /// Two subscriptions per customer.
    fn subscriptions_page(&mut self, from: usize, to: usize) -> Value {
        let items: Vec<Value> = (from..to)
            .map(|s| {
                let customer = s / 2;
                let id = ExportPages::guid(2, s).to_ascii_uppercase();
                let (offer, _) = names::offer(&mut self.rng);
                let ago = 30 + self.rng.u64(..700);
                let created = self.days_ago(ago);
                json!({
                    "id": id,
                    "offerId": ExportPages::guid(3, s % 7),
                    "offerName": offer,
                    "friendlyName": offer,
                    "quantity": 1 + self.rng.u32(..200),
                    "unitType": "Licenses",
                    "creationDate": created,
                    "status": "active",
                    "billingCycle": "monthly",
                    "termDuration": "P1Y",
                    "links": {"self": {"uri": format!("/customers/{}/subscriptions/{id}", ExportPages::tenant(customer)), "method": "GET", "headers": []}},
                    "attributes": {"objectType": "Subscription"}
                })
            })
            .collect();
        json!({"totalCount": items.len(), "items": items, "attributes": {"objectType": "Collection"}})
    }

    fn relationship_id(index: usize) -> String {
        format!(
            "{}-{}",
            ExportPages::guid(4, index),
            ExportPages::tenant(index)
        )
    }

    /// One active GDAP relationship per customer.
    fn relationships_page(&mut self, from: usize, to: usize) -> Value {
        let items: Vec<Value> = (from..to)
            .map(|i| {
                let started = 10 + self.rng.u64(..600);
                let activated = self.days_ago(started);
                json!({
                    "@odata.type": "#microsoft.graph.delegatedAdminRelationship",
                    "@odata.etag": format!("W/\"{}\"", ExportPages::guid(5, i)),
                    "id": ExportPages::relationship_id(i),
                    "displayName": format!("{} service desk", ExportPages::name(i).chars().take(30).collect::<String>()),
                    "duration": "P730D",
                    "status": "active",
                    "autoExtendDuration": "P180D",
                    "createdDateTime": self.days_ago(started + 2),
                    "lastModifiedDateTime": activated,
                    "activatedDateTime": activated,
                    "endDateTime": self.now.plus_days(730 - started as i64).to_string(),
                    "customer": {"tenantId": ExportPages::tenant(i), "displayName": ExportPages::name(i)},
                    "accessDetails": {"unifiedRoles": ROLES.iter().map(|r| json!({"roleDefinitionId": r})).collect::<Vec<_>>()}
                })
            })
            .collect();
        json!({
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships",
            "value": items
        })
    }

    fn assignments_page(&mut self, relationship: usize) -> Value {
        let id = ExportPages::relationship_id(relationship);
        let items: Vec<Value> = (0..2)
            .map(|n| {
                json!({
                    "@odata.type": "#microsoft.graph.delegatedAdminAccessAssignment",
                    "@odata.etag": format!("W/\"{}\"", ExportPages::guid(6, relationship * 2 + n)),
                    "id": ExportPages::guid(7, relationship * 2 + n),
                    "status": "active",
                    "createdDateTime": self.days_ago(5),
                    "accessContainer": {"accessContainerId": ExportPages::guid(8, n), "accessContainerType": "securityGroup"},
                    "accessDetails": {"unifiedRoles": [{"roleDefinitionId": ROLES[n]}]}
                })
            })
            .collect();
        json!({
            "@odata.context": format!("https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships('{id}')/accessAssignments"),
            "value": items
        })
    }
}

impl Iterator for ExportPages {
    type Item = Page;

    fn next(&mut self) -> Option<Page> {
        loop {
            let (total, per_page) = match self.stage {
                Stage::Customers => (self.customers, CUSTOMERS_PER_PAGE),
                Stage::Subscriptions => (self.customers * 2, SUBSCRIPTIONS_PER_PAGE),
                Stage::Relationships => (self.customers, RELATIONSHIPS_PER_PAGE),
                Stage::Assignments => (self.customers.div_ceil(ASSIGNED_EVERY), 1),
                Stage::Done => return None,
            };
            if self.next >= total {
                self.stage = match self.stage {
                    Stage::Customers => Stage::Subscriptions,
                    Stage::Subscriptions => Stage::Relationships,
                    Stage::Relationships => Stage::Assignments,
                    _ => Stage::Done,
                };
                self.next = 0;
                continue;
            }
            let (from, to) = (self.next, (self.next + per_page).min(total));
            let page = from / per_page;
            self.next = to;
            return Some(match self.stage {
                Stage::Customers => Page {
                    name: format!("pc-customers-{page:05}.json"),
                    json: self.customers_page(from, to),
                },
                Stage::Subscriptions => Page {
                    name: format!("pc-subscriptions-{page:05}.json"),
                    json: self.subscriptions_page(from, to),
                },
                Stage::Relationships => Page {
                    name: format!("graph-relationships-{page:05}.json"),
                    json: self.relationships_page(from, to),
                },
                _ => Page {
                    name: format!("graph-assignments-{page:05}.json"),
                    json: self.assignments_page(from * ASSIGNED_EVERY),
                },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::events::{SUMMARISED, Telling};
    use crate::domain::{Actor, apply};
    use crate::interop::{Source, importing, plan};

    #[test]
    fn generated_exports_import_whole_with_nothing_left_out() {
        let now = Time::parse("2026-11-24T09:00:00Z").unwrap();
        let pages: Vec<Page> = ExportPages::new(1_200, 1, now).collect();
        let names: Vec<&str> = pages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names
                .iter()
                .filter(|n| n.starts_with("pc-customers"))
                .count(),
            2
        );
        assert_eq!(
            names
                .iter()
                .filter(|n| n.starts_with("graph-assignments"))
                .count(),
            6
        );
        let sources: Vec<Source> = pages
            .iter()
            .map(|p| Source {
                name: p.name.clone(),
                bytes: serde_json::to_vec(&p.json).unwrap(),
            })
            .collect();
        let me = Id::new("bench");
        let ws = importer_workspace(&me);
        let plan = plan(&ws, Some(&me), &sources, None).unwrap();
        let actor = Actor::Partner(me);
        let reviewed = importing::review(&ws, &actor, &plan, false, now).unwrap();
        assert!(plan.left_out.is_empty(), "{:?}", plan.left_out.first());
        assert!(
            reviewed.report.left_out.is_empty(),
            "{:?}",
            reviewed.report.left_out.first()
        );
        assert_eq!(reviewed.report.customers.added, 1_200);
        assert_eq!(reviewed.report.subscriptions.added, 2_400);
        assert_eq!(reviewed.report.relationships.added, 1_200 * 2);
        assert_eq!(reviewed.report.access_assignments.added, 12);
        let applied = apply(&ws, &actor, &reviewed.action, now).unwrap();
        // One pass: the import applied with its report is the review's report and apply's state;
        // the records went into the workspace, none is left in the plan.
        let mut once = plan.clone();
        let (in_one_pass, report) =
            importing::apply(&ws, &actor, &mut once, (false, Telling::Every), now).unwrap();
        assert_eq!(report, reviewed.report);
        assert!(once.records.is_empty());
        let file = |ws: &Workspace| serde_json::to_string(&ws.to_file()).unwrap();
        assert_eq!(file(&in_one_pass.workspace), file(&applied.workspace));
        assert_eq!(in_one_pass.events, applied.events);
        // Told in summary (the command line's import): the same file, audit entry included;
        // the entry's few events written out, the others counted.
        let mut summarised = plan.clone();
        let (in_summary, report) =
            importing::apply(&ws, &actor, &mut summarised, (false, Telling::Summary), now).unwrap();
        assert_eq!(report, reviewed.report);
        assert_eq!(file(&in_summary.workspace), file(&applied.workspace));
        assert_eq!(in_summary.events, applied.events[..SUMMARISED]);
        assert_eq!(in_summary.untold, applied.events.len() - SUMMARISED);
    }
}
