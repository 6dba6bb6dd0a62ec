//! Older file formats brought to the current one as they load; the next save writes the current
//! version. Each step says what changed in meaning, so a file keeps saying what it said.

use crate::domain::records::{Relationship, RelationshipStatus, StatusChange};
use crate::tables::chunked::Chunked;

/// Brings the records of a file of format `version` to the current version.
pub fn to_current(version: u32, relationships: &mut Chunked<Relationship>) {
    if version < 2 {
        expiring_is_after_the_end(relationships);
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
                    note: Some(with_old_meaning(change.note.take()).into_boxed_str()),
                };
            }
        }
    }
}

fn with_old_meaning(note: Option<Box<str>>) -> String {
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

    #[test]
    fn a_version_1_expiring_relationship_is_active_with_its_step_explained() {
        let mut old = relationships(RelationshipStatus::Expiring);
        to_current(1, &mut old);
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
    fn a_version_2_expiring_relationship_stays_expiring() {
        let mut current = relationships(RelationshipStatus::Expiring);
        to_current(2, &mut current);
        assert_eq!(current[0].status, RelationshipStatus::Expiring);
    }
}
