//! Older file formats brought to the current one as they load; the next save writes the current
//! version. Each step says what changed in meaning, so a file keeps saying what it said.

use crate::domain::records::{
    AccessAssignment, Customer, Relationship, RelationshipStatus, StatusChange, Subscription,
};
use crate::tables::chunked::Chunked;
use crate::tables::text::Text;

/// The note an import wrote on the first step of a GDAP relationship it brought from Graph.
const NOTE_GRAPH: &str = "imported from Microsoft Graph";

/// The tables a migration may change, borrowed from the file being loaded.
pub struct Tables<'a> {
    pub customers: &'a mut Chunked<Customer>,
    pub subscriptions: &'a mut Chunked<Subscription>,
    pub relationships: &'a mut Chunked<Relationship>,
    pub access_assignments: &'a mut Chunked<AccessAssignment>,
}

/// Brings the records of a file of format `version` to the current version.
pub fn to_current(version: u32, file: Tables) {
    if version < 2 {
        expiring_is_after_the_end(&mut *file.relationships);
    }
    if version < 3 {
        microsoft_ids_kept_apart(file);
    }
    // Version 4 adds the merge conflicts a file records (`conflicts`); an older file has none,
    // so nothing in it changes meaning.
}

/// Version 3 keeps Microsoft's id of an imported record in `externalId`, apart from the
/// workspace id (a plan made here and confirmed by an import keeps its own id). Before it, an
/// import gave a record Microsoft's id as its workspace id, so that id is Microsoft's: for a
/// GDAP relationship known only from an import (no invitation; its provenance, or the first
/// step an import wrote), a subscription and an access assignment an import brought, and a
/// customer an import brought (Partner Center's customer id is its tenant).
fn microsoft_ids_kept_apart(file: Tables) {
    for r in file.relationships.iter_mut() {
        let from_graph = r.source.is_some()
            || r.history.first().and_then(|h| h.note.as_deref()) == Some(NOTE_GRAPH);
        if r.gdap.is_some() && r.invitation_id.is_none() && from_graph && r.external_id.is_none() {
            r.external_id = Some(Text::new(r.id.as_str()));
        }
    }
    for s in file.subscriptions.iter_mut() {
        if s.source.is_some() && s.external_id.is_none() {
            s.external_id = Some(Text::new(s.id.as_str()));
        }
    }
    for a in file.access_assignments.iter_mut() {
        if a.source.is_some() && a.external_id.is_none() {
            a.external_id = Some(Text::new(a.id.as_str()));
        }
    }
    for c in file.customers.iter_mut() {
        if c.source.is_some() && c.external_id.is_none() {
            c.external_id = Some(Text::new(&c.tenant_id));
        }
    }
}

/// Version 1 called an active relationship within 30 days of its end `expiring`; version 2 keeps
/// it `active` (Graph's `expiring` comes after the end date, while access is removed) and derives
/// "ends in N days" from the end date. Version 1 moved such a relationship straight to `expired`
/// at its end, so every version 1 `expiring` relationship had not ended yet. Its history keeps
/// the step, as `active` with a note saying what version 1 called it.
fn expiring_is_after_the_end(relationships: &mut Chunked<Relationship>) {
    for relationship in relationships.iter_mut() {
        if relationship.status == RelationshipStatus::Expiring {
            relationship.status = RelationshipStatus::Active;
        }
        for change in relationship.history.iter_mut() {
            if change.status == RelationshipStatus::Expiring {
                *change = StatusChange {
                    status: RelationshipStatus::Active,
                    at: change.at,
                    by: change.by.take(),
                    note: Some(with_old_meaning(change.note.take()).into()),
                };
            }
        }
    }
}

fn with_old_meaning(note: Option<Text>) -> String {
    const OLD: &str = "within 30 days of its end (format 1 called this expiring)";
    match note {
        Some(note) => format!("{note}; {OLD}"),
        None => OLD.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::records::*;
    use crate::domain::time::Time;
    use crate::tables::id::Id;

    fn relationship(status: RelationshipStatus) -> Relationship {
        let at = Time::parse("2026-11-20T00:00:00Z").unwrap();
        Relationship {
            external_id: None,
            id: Id::new("rel-1"),
            kind: RelationshipKind::Gdap,
            partner_id: Id::new("p"),
            customer_id: Id::new("c"),
            status,
            created_date_time: at,
            start_date_time: Some(at),
            end_date_time: Some(at.plus_days(20)),
            via_partner_id: None,
            invitation_id: None,
            gdap: None,
            partner_consent_pending: false,
            etag: None,
            source: None,
            history: smallvec::smallvec![StatusChange {
                status: RelationshipStatus::Expiring,
                at,
                by: None,
                note: None,
            }],
        }
    }

    fn relationships(status: RelationshipStatus) -> Chunked<Relationship> {
        vec![relationship(status)].into()
    }

    /// Migrates `relationships` (and empty tables of the other kinds) from `version`.
    fn migrate(version: u32, relationships: &mut Chunked<Relationship>) {
        to_current(
            version,
            Tables {
                customers: &mut Chunked::default(),
                subscriptions: &mut Chunked::default(),
                relationships,
                access_assignments: &mut Chunked::default(),
            },
        );
    }

    #[test]
    fn a_version_1_expiring_relationship_is_active_with_its_step_explained() {
        let mut old = relationships(RelationshipStatus::Expiring);
        migrate(1, &mut old);
        let migrated = &old[0];
        assert_eq!(migrated.status, RelationshipStatus::Active);
        assert_eq!(migrated.history[0].status, RelationshipStatus::Active);
        assert!(
            migrated.history[0]
                .note
                .as_deref()
                .unwrap()
                .contains("format 1 called this expiring")
        );
    }

    #[test]
    fn a_version_3_file_opens_with_no_conflicts_and_is_written_as_version_4_without_the_key() {
        let v3 = r#"{"format":"partnerdesk-workspace","version":3,"name":"t","nextSerial":5}"#;
        let loaded = crate::store::load_bytes(v3.as_bytes()).unwrap();
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.workspace.conflicts().len(), 0);
        let written = String::from_utf8(crate::store::to_json(&loaded.workspace)).unwrap();
        assert!(written.contains("\"version\": 4"), "{written}");
        assert!(!written.contains("conflicts"), "{written}");
    }

    #[test]
    fn a_file_of_a_newer_version_than_4_is_refused_by_name() {
        let v5 = r#"{"format":"partnerdesk-workspace","version":5,"name":"t"}"#;
        let err = crate::store::load_bytes(v5.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("newer"), "{err}");
    }

    #[test]
    fn a_version_2_expiring_relationship_stays_expiring() {
        let mut current = relationships(RelationshipStatus::Expiring);
        migrate(2, &mut current);
        assert_eq!(current[0].status, RelationshipStatus::Expiring);
    }
}
