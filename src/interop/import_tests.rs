//! The import's mapping end to end, in process: exports written here (fictional, in the shapes
//! Partner Center and Graph return) read by `plan` and applied by the core to a small workspace.
//! Provenance, Graph's etags and statuses, provider-created GDAP and the retired DAP flag.

use super::{Source, plan, sha256_hex};
use crate::domain::imported::{ImportReport, NOTE_DAP_REMOVED};
use crate::domain::*;
use crate::workspace::Workspace;

const ME: &str = "tidewater";
const ME_TENANT: &str = "36cf6aec-3deb-471e-b1a2-4eab79c1a842";
const ALDER: &str = "0a1d3e50-0000-4000-8000-00000000a1de";
const PROVIDER_TENANT: &str = "915a911f-c7bd-4118-9d95-19f4592fa738";
const GDAP_ID: &str = "6f1c2a90-1111-4222-8333-444455556666-36cf6aec-3deb-471e-b1a2-4eab79c1a842";
const DIRECTORY_READERS: &str = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
const HELPDESK_ADMIN: &str = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
const GROUPS_ADMIN: &str = "fdd7a751-b60b-444a-984c-02652fe8fa1c";

fn at(text: &str) -> Time {
    Time::parse(text).unwrap()
}

fn t1() -> Time {
    at("2026-11-24T10:00:00Z")
}

fn t2() -> Time {
    at("2026-11-25T10:00:00Z")
}

fn importer() -> Actor {
    Actor::Partner(Id::new(ME))
}

/// A workspace holding only the importing partner.
fn start() -> Workspace {
    let mut ws = Workspace::default();
    ws.put_partner(Partner {
        id: Id::new(ME),
        display_name: "Tidewater Cloud Services".into(),
        partner_id: "7104418".into(),
        tenant_id: ME_TENANT.into(),
        billing_model: BillingModel::DirectBill,
        specialties: Vec::new(),
        providers: Vec::new(),
        source: None,
    });
    ws
}

fn customers(allow_delegated_access: Option<bool>) -> String {
    let dap = allow_delegated_access.map_or(String::new(), |flag| {
        format!(r#""allowDelegatedAccess": {flag},"#)
    });
    format!(
        r#"{{"items": [{{"id": "{ALDER}", "companyProfile": {{"tenantId": "{ALDER}",
        "domain": "alderbakery.onmicrosoft.com", "companyName": "Alder Bakery"}},
        "relationshipToPartner": "reseller", {dap} "attributes": {{"objectType": "Customer"}}}}]}}"#
    )
}

fn subscriptions() -> String {
    format!(
        r#"{{"items": [{{"id": "5B0A7C11-0000-4000-8000-0000000005B1", "offerName": "Microsoft 365 Business Basic",
        "quantity": 12, "status": "active", "creationDate": "2026-03-01T00:00:00Z", "billingCycle": "monthly",
        "termDuration": "P1Y", "links": {{"self": {{"uri": "/customers/{ALDER}/subscriptions/5B0A7C11-0000-4000-8000-0000000005B1"}}}},
        "attributes": {{"objectType": "Subscription"}}}}]}}"#
    )
}

/// A Graph page with the one GDAP relationship, in `status`, with `etag` and `extra` fields.
fn relationships(status: &str, etag: &str, extra: &str) -> String {
    let etag = etag.replace('"', "\\\"");
    format!(
        r#"{{"@odata.context": "https://graph.microsoft.com/v1.0/tenantRelationships/$metadata#delegatedAdminRelationships",
        "value": [{{"@odata.etag": "{etag}", "id": "{GDAP_ID}", "displayName": "Tidewater service desk",
        "duration": "P730D", "customer": {{"tenantId": "{ALDER}", "displayName": "Alder Bakery"}},
        "accessDetails": {{"unifiedRoles": [{{"roleDefinitionId": "{HELPDESK_ADMIN}"}}, {{"roleDefinitionId": "{DIRECTORY_READERS}"}}]}},
        "status": "{status}", "autoExtendDuration": "PT0S", "createdDateTime": "2026-04-07T11:18:42Z",
        "lastModifiedDateTime": "2026-04-08T09:02:17Z", "activatedDateTime": "2026-04-08T09:02:17Z",
        "endDateTime": "2028-04-07T09:02:17Z" {extra}}}]}}"#
    )
}

/// A Graph access-assignment page of the GDAP relationship: `(id, status, role)` each.
fn assignments(items: &[(&str, &str, &str)]) -> String {
    let items: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(n, (id, status, role))| {
            format!(
                r#"{{"@odata.etag": "W/\"asg-{n}\"", "id": "{id}", "status": "{status}",
                "createdDateTime": "2026-04-08T09:40:12Z",
                "accessContainer": {{"accessContainerId": "00000000-0000-4000-8000-00000000000{n}", "accessContainerType": "securityGroup"}},
                "accessDetails": {{"unifiedRoles": [{{"roleDefinitionId": "{role}"}}]}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships('{GDAP_ID}')/accessAssignments",
        "value": [{}]}}"#,
        items.join(",")
    )
}

fn provider_listing() -> String {
    format!(
        r#"{{"items": [{{"id": "{PROVIDER_TENANT}", "name": "Kestrel Supply", "relationshipType": "is_indirect_reseller_of",
        "state": "Active", "mpnId": "7230468", "attributes": {{"objectType": "PartnerRelationship"}}}}]}}"#
    )
}

fn source(name: &str, text: &str) -> Source {
    Source {
        name: name.to_string(),
        bytes: text.as_bytes().to_vec(),
    }
}

/// Imports `sources` into `ws` as Tidewater at `now`: the new workspace and the core's report.
fn import_with(
    ws: &Workspace,
    sources: &[Source],
    strict: bool,
    now: Time,
) -> Result<(Workspace, ImportReport), Refusal> {
    let plan = plan(ws, Some(&Id::new(ME)), sources, None).unwrap();
    let action = Action::Import {
        sources: sources.iter().map(|s| s.name.clone()).collect(),
        digests: plan.sources.iter().map(|s| s.sha256.clone()).collect(),
        strict,
        records: Box::new(plan.records),
        tally: None,
    };
    let report = review_import(ws, &importer(), &action, now)?;
    let applied = apply(ws, &importer(), &action, now)?;
    Ok((applied.workspace, report))
}

fn import(ws: &Workspace, sources: &[Source], now: Time) -> (Workspace, ImportReport) {
    import_with(ws, sources, false, now).unwrap()
}

fn customer_id(ws: &Workspace) -> Id {
    ws.customers()
        .find(|c| c.tenant_id == ALDER)
        .unwrap()
        .id
        .clone()
}

fn gdap(ws: &Workspace) -> Relationship {
    ws.relationship(&Id::new(GDAP_ID.to_ascii_lowercase()))
        .unwrap()
        .clone()
}

fn file_of(source: &Option<std::sync::Arc<Provenance>>) -> &str {
    source.as_ref().map_or("(none)", |p| p.file.as_str())
}

/// The customers and relationships, to compare two workspaces by.
fn records(ws: &Workspace) -> (Vec<Customer>, Vec<Relationship>) {
    (
        ws.customers().cloned().collect(),
        ws.relationships().cloned().collect(),
    )
}

fn of_kind(ws: &Workspace, kind: RelationshipKind) -> Vec<Relationship> {
    ws.relationships()
        .filter(|r| r.kind == kind)
        .cloned()
        .collect()
}

fn active_dap(ws: &mut Workspace) -> Id {
    let since = at("2019-05-01T00:00:00Z");
    let dap =
        super::side_by_side_tests::active_dap("alder-tidewater-dap", ME, customer_id(ws), since);
    let id = dap.id.clone();
    ws.put_relationship(dap);
    id
}

#[test]
fn every_record_an_import_adds_keeps_its_file_digest_importer_and_time() {
    let files = [
        source("pc/customers.json", &customers(None)),
        source("pc/subscriptions.alder.json", &subscriptions()),
        source(
            "graph/relationships.json",
            &relationships("active", "W/\"r1\"", ""),
        ),
        source(
            "graph/assignments.json",
            &assignments(&[(
                "7e0f0000-0000-4000-8000-000000000001",
                "active",
                GROUPS_ADMIN,
            )])
            .replace(GROUPS_ADMIN, HELPDESK_ADMIN),
        ),
    ];
    let (ws, _) = import(&start(), &files, t1());
    let customer = ws.customer(&customer_id(&ws)).unwrap();
    let provenance = customer.source.as_deref().unwrap();
    assert_eq!(provenance.file, "pc/customers.json");
    assert_eq!(provenance.sha256, sha256_hex(&files[0].bytes));
    assert_eq!(provenance.imported_by, Id::new(ME));
    assert_eq!(provenance.imported_at, t1());
    let reseller = &of_kind(&ws, RelationshipKind::Reseller)[0];
    assert_eq!(file_of(&reseller.source), "pc/customers.json");
    assert_eq!(
        file_of(&ws.subscriptions().next().unwrap().source),
        "pc/subscriptions.alder.json"
    );
    let gdap = gdap(&ws);
    assert_eq!(file_of(&gdap.source), "graph/relationships.json");
    assert_eq!(
        gdap.source.as_deref().unwrap().sha256,
        sha256_hex(&files[2].bytes)
    );
    assert!(gdap.is_known_only_from_import());
    assert_eq!(
        file_of(&ws.assignments().next().unwrap().source),
        "graph/assignments.json"
    );
    assert!(
        ws.partner(&Id::new(ME)).unwrap().source.is_none(),
        "the importer is no record of its own exports"
    );
}

#[test]
fn a_partner_an_import_creates_keeps_the_file_that_named_it() {
    let files = [source("pc/providers.json", &provider_listing())];
    let (ws, _) = import(&start(), &files, t1());
    let provider = ws
        .partners()
        .find(|p| p.tenant_id == PROVIDER_TENANT)
        .unwrap();
    assert_eq!(file_of(&provider.source), "pc/providers.json");
}

#[test]
fn a_record_an_import_leaves_unchanged_keeps_its_provenance_and_a_changed_one_takes_the_new_file() {
    let page = relationships("active", "W/\"r1\"", "");
    let (ws, _) = import(
        &start(),
        &[
            source("a/customers.json", &customers(None)),
            source("a/relationships.json", &page),
        ],
        t1(),
    );
    // The same bytes under other names, a day later: nothing changes, not even provenance.
    let (again, report) = import(
        &ws,
        &[
            source("b/customers.json", &customers(None)),
            source("b/relationships.json", &page),
        ],
        t2(),
    );
    assert_eq!(report.relationships.added + report.relationships.updated, 0);
    assert_eq!(records(&again), records(&ws));
    // A newer export of the relationship: it takes the new file; the customer keeps its own.
    let newer = relationships("terminated", "W/\"r2\"", "");
    let (later, _) = import(
        &ws,
        &[
            source("c/customers.json", &customers(None)),
            source("c/relationships.json", &newer),
        ],
        t2(),
    );
    let gdap = gdap(&later);
    assert_eq!(gdap.status, RelationshipStatus::Terminated);
    let provenance = gdap.source.as_deref().unwrap();
    assert_eq!(
        (provenance.file.as_str(), provenance.imported_at),
        ("c/relationships.json", t2())
    );
    let customer = later.customer(&customer_id(&later)).unwrap();
    assert_eq!(file_of(&customer.source), "a/customers.json");
}

#[test]
fn a_record_changed_by_a_later_action_keeps_where_it_came_from() {
    let (ws, _) = import(
        &start(),
        &[
            source("customers.json", &customers(None)),
            source(
                "relationships.json",
                &relationships("active", "W/\"r1\"", ""),
            ),
        ],
        t1(),
    );
    let ended = apply(
        &ws,
        &importer(),
        &Action::Terminate {
            relationship_id: gdap(&ws).id,
        },
        t2(),
    )
    .unwrap()
    .workspace;
    assert_eq!(gdap(&ended).status, RelationshipStatus::Terminated);
    assert_eq!(file_of(&gdap(&ended).source), "relationships.json");

    // The operator edits the customer with a record that says nothing of where it came from.
    let mut edited = ws.customer(&customer_id(&ws)).unwrap().clone();
    edited.display_name = "Alder Bakery Ltd".into();
    edited.source = None;
    let ws = apply(
        &ws,
        &Actor::Operator,
        &Action::EditCustomer { customer: edited },
        t2(),
    )
    .unwrap()
    .workspace;
    let customer = ws.customer(&customer_id(&ws)).unwrap();
    assert_eq!(customer.display_name, "Alder Bakery Ltd");
    assert_eq!(file_of(&customer.source), "customers.json");

    // Nor can an added record claim to come from an import.
    let mut forged = customer.clone();
    forged.id = Id::new("forged");
    forged.tenant_id = "0a1d3e50-0000-4000-8000-0000000f0a9e".into();
    forged.domain = "forged.onmicrosoft.com".into();
    let ws = apply(
        &ws,
        &Actor::Operator,
        &Action::AddCustomer { customer: forged },
        t2(),
    )
    .unwrap()
    .workspace;
    assert!(ws.customer(&Id::new("forged")).unwrap().source.is_none());
}

#[test]
fn the_same_record_in_two_files_takes_the_same_provenance_whatever_their_order() {
    let page = relationships("active", "W/\"r1\"", "");
    let files = [
        source("customers.json", &customers(None)),
        source("x/relationships.json", &page),
        source("y/relationships.json", &page),
    ];
    let (forward, _) = import(&start(), &files, t1());
    let reversed = [files[0].clone(), files[2].clone(), files[1].clone()];
    let (backward, _) = import(&start(), &reversed, t1());
    assert_eq!(file_of(&gdap(&forward).source), "y/relationships.json");
    assert_eq!(gdap(&forward), gdap(&backward));
}

#[test]
fn graph_etags_are_kept_and_a_newer_etag_is_a_change() {
    let (ws, _) = import(
        &start(),
        &[
            source("customers.json", &customers(None)),
            source("r.json", &relationships("active", "W/\"r1\"", "")),
            source(
                "a.json",
                &assignments(&[(
                    "7e0f0000-0000-4000-8000-000000000001",
                    "active",
                    HELPDESK_ADMIN,
                )]),
            ),
        ],
        t1(),
    );
    assert_eq!(gdap(&ws).etag.as_deref(), Some("W/\"r1\""));
    assert_eq!(
        ws.assignments().next().unwrap().etag.as_deref(),
        Some("W/\"asg-0\"")
    );
    let (later, report) = import(
        &ws,
        &[source("r2.json", &relationships("active", "W/\"r2\"", ""))],
        t2(),
    );
    assert_eq!(report.relationships.updated, 1);
    assert_eq!(gdap(&later).etag.as_deref(), Some("W/\"r2\""));
    assert_eq!(file_of(&gdap(&later).source), "r2.json");
}

#[test]
fn assignment_statuses_come_as_graph_says_and_only_live_ones_end_with_their_relationship() {
    let page = assignments(&[
        (
            "7e0f0000-0000-4000-8000-000000000001",
            "pending",
            HELPDESK_ADMIN,
        ),
        (
            "7e0f0000-0000-4000-8000-000000000002",
            "deleting",
            DIRECTORY_READERS,
        ),
        (
            "7e0f0000-0000-4000-8000-000000000003",
            "error",
            DIRECTORY_READERS,
        ),
        (
            "7e0f0000-0000-4000-8000-000000000004",
            "active",
            DIRECTORY_READERS,
        ),
    ]);
    let (ws, _) = import(
        &start(),
        &[
            source("customers.json", &customers(None)),
            source("r.json", &relationships("active", "W/\"r1\"", "")),
            source("a.json", &page),
        ],
        t1(),
    );
    let status = |ws: &Workspace, n: u8| {
        ws.assignment(&Id::new(format!("7e0f0000-0000-4000-8000-00000000000{n}")))
            .unwrap()
            .status
    };
    assert_eq!(
        [1, 2, 3, 4].map(|n| status(&ws, n)),
        [
            AssignmentStatus::Pending,
            AssignmentStatus::Deleting,
            AssignmentStatus::Error,
            AssignmentStatus::Active
        ]
    );
    let ended = apply(
        &ws,
        &importer(),
        &Action::Terminate {
            relationship_id: gdap(&ws).id,
        },
        t2(),
    )
    .unwrap()
    .workspace;
    assert_eq!(
        [1, 2, 3, 4].map(|n| status(&ended, n)),
        [
            AssignmentStatus::Deleted,
            AssignmentStatus::Deleting,
            AssignmentStatus::Error,
            AssignmentStatus::Deleted
        ]
    );
}

#[test]
fn a_pending_assignment_asks_only_for_its_relationships_roles_and_a_failed_one_is_kept() {
    let outside = "5d6b6bb7-de71-4623-b4af-96380a352509"; // Security Reader: not in the relationship
    let page = assignments(&[
        ("7e0f0000-0000-4000-8000-000000000001", "pending", outside),
        ("7e0f0000-0000-4000-8000-000000000002", "error", outside),
    ]);
    let (ws, report) = import(
        &start(),
        &[
            source("customers.json", &customers(None)),
            source("r.json", &relationships("active", "W/\"r1\"", "")),
            source("a.json", &page),
        ],
        t1(),
    );
    assert_eq!(report.left_out.len(), 1, "{:?}", report.left_out);
    assert_eq!(report.left_out[0].rule, RuleId::GD4);
    assert_eq!(
        report.left_out[0].key,
        "7e0f0000-0000-4000-8000-000000000001"
    );
    assert_eq!(ws.assignments().count(), 1);
}

#[test]
fn a_pending_assignment_can_be_removed_and_blocks_a_twin() {
    let page = assignments(&[(
        "7e0f0000-0000-4000-8000-000000000001",
        "pending",
        HELPDESK_ADMIN,
    )]);
    let (ws, _) = import(
        &start(),
        &[
            source("customers.json", &customers(None)),
            source("r.json", &relationships("active", "W/\"r1\"", "")),
            source("a.json", &page),
        ],
        t1(),
    );
    let twin = apply(
        &ws,
        &importer(),
        &Action::AddAccessAssignment {
            relationship_id: gdap(&ws).id,
            security_group_id: "00000000-0000-4000-8000-000000000000".into(),
            security_group_name: None,
            roles: vec![HELPDESK_ADMIN.into()],
        },
        t2(),
    );
    assert_eq!(twin.unwrap_err().rule, RuleId::WS1);
    let id = Id::new("7e0f0000-0000-4000-8000-000000000001");
    let removed = apply(
        &ws,
        &importer(),
        &Action::RemoveAccessAssignment {
            assignment_id: id.clone(),
        },
        t2(),
    )
    .unwrap()
    .workspace;
    assert_eq!(
        removed.assignment(&id).unwrap().status,
        AssignmentStatus::Deleted
    );
    let again = apply(
        &removed,
        &importer(),
        &Action::RemoveAccessAssignment { assignment_id: id },
        t2(),
    );
    assert!(again.unwrap_err().reason.contains("already deleted"));
}

#[test]
fn provider_created_gdap_keeps_its_provider_and_whether_the_resellers_consent_is_pending() {
    let extra = format!(
        r##", "@odata.type": "#microsoft.graph.resellerDelegatedAdminRelationship",
        "indirectProviderTenantId": "{PROVIDER_TENANT}", "isPartnerConsentPending": true"##
    );
    let (ws, _) = import(
        &start(),
        &[
            source("providers.json", &provider_listing()),
            source("customers.json", &customers(None)),
            source(
                "r.json",
                &relationships("approvalPending", "W/\"r1\"", &extra),
            ),
        ],
        t1(),
    );
    let r = gdap(&ws);
    let provider = ws
        .partners()
        .find(|p| p.tenant_id == PROVIDER_TENANT)
        .unwrap();
    assert_eq!(r.via_partner_id.as_ref(), Some(&provider.id));
    assert!(r.partner_consent_pending);
    // The reseller approved: a later export says so.
    let (later, report) = import(
        &ws,
        &[source(
            "r2.json",
            &relationships(
                "active",
                "W/\"r2\"",
                &extra.replace(
                    r#""isPartnerConsentPending": true"#,
                    r#""isPartnerConsentPending": false"#,
                ),
            ),
        )],
        t2(),
    );
    assert_eq!(report.relationships.updated, 1);
    assert!(!gdap(&later).partner_consent_pending);
    assert_eq!(gdap(&later).via_partner_id.as_ref(), Some(&provider.id));
}

#[test]
fn allow_delegated_access_true_makes_no_dap_and_is_a_finding_even_when_strict() {
    let files = [source("customers.json", &customers(Some(true)))];
    let (ws, report) = import_with(&start(), &files, true, t1()).unwrap();
    assert!(of_kind(&ws, RelationshipKind::DelegatedAdmin).is_empty());
    assert_eq!(of_kind(&ws, RelationshipKind::Reseller).len(), 1);
    assert!(report.left_out.is_empty());
    assert_eq!(report.findings.len(), 1);
    let finding = &report.findings[0];
    assert_eq!(finding.key, format!("{ALDER} (DAP)"));
    assert_eq!(
        finding.message,
        "Partner Center still reports DAP for Alder Bakery; partnerdesk records DAP only as history — terminate it in Partner Center"
    );
}

#[test]
fn allow_delegated_access_true_leaves_a_dap_already_here_as_it_is() {
    let (mut ws, _) = import(
        &start(),
        &[source("customers.json", &customers(None))],
        t1(),
    );
    let dap = active_dap(&mut ws);
    let before = ws.relationship(&dap).unwrap().clone();
    let (after, report) = import(
        &ws,
        &[source("customers.json", &customers(Some(true)))],
        t2(),
    );
    assert_eq!(after.relationship(&dap), Some(&before));
    assert!(report.findings.is_empty());
}

#[test]
fn allow_delegated_access_false_ends_the_importers_active_dap() {
    let (mut ws, _) = import(
        &start(),
        &[source("customers.json", &customers(None))],
        t1(),
    );
    let dap = active_dap(&mut ws);
    let (after, report) = import(
        &ws,
        &[source("customers.json", &customers(Some(false)))],
        t2(),
    );
    assert_eq!(report.relationships.updated, 1);
    let ended = after.relationship(&dap).unwrap();
    assert_eq!(ended.status, RelationshipStatus::Terminated);
    assert_eq!(ended.end_date_time, Some(t2()));
    let last = ended.history.last().unwrap();
    assert_eq!(
        (last.status, last.note.as_deref()),
        (RelationshipStatus::Terminated, Some(NOTE_DAP_REMOVED))
    );
    assert_eq!(
        NOTE_DAP_REMOVED,
        "DAP removed (Partner Center allowDelegatedAccess=false)"
    );
    // Ended, it stays as history: the next import changes nothing.
    let (again, report) = import(
        &after,
        &[source("customers.json", &customers(Some(false)))],
        t2(),
    );
    assert_eq!(report.relationships.updated, 0);
    assert_eq!(again.relationship(&dap), Some(ended));
}

#[test]
fn a_record_left_out_still_has_its_unknown_roles_listed_once() {
    let custom = "0c0ffee0-1111-4222-8333-444455556666";
    // No relationship page: the assignments name a relationship this workspace lacks (WS1).
    let page = assignments(&[
        ("a-1", "active", custom),
        ("a-2", "active", &custom.to_uppercase()),
    ]);
    let (_, report) = import(&start(), &[source("asg.json", &page)], t1());
    assert_eq!(report.left_out.len(), 2, "{:?}", report.left_out);
    assert_eq!(report.unknown_roles, vec![custom.to_string()]);
}
