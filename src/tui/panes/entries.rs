//! What each pane's index holds per record: the lowercase text `/` searches, the status tag `f`
//! filters on, and the key the rows are sorted by. Built for every record when a workspace is
//! opened, and for one record at a time when an action changes it (`entry`, `sort_key`), so
//! the same functions decide both and a moved row lands where a rebuild would put it.

use std::borrow::Cow;
use std::cell::Cell;
use std::cmp::Reverse;

use super::history;
use super::names::{customer_name, partner_name};
use super::pane::Pane;
use crate::display::inert;
use crate::domain::{
    Customer, Id, Invitation, InvitationStatus, Partner, RecordKind, Relationship,
    RelationshipStatus, Time,
};
use crate::tui::index::{Entry, Rows};
use crate::workspace::{ById, Workspace};

/// Where a record sorts in its pane. Rows are in ascending key order; the id breaks ties.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    /// Customers and partners: by lowercase name.
    Name(String, Id),
    /// Relationships: what ends soonest first (see `relationship_order`).
    Relationship((u8, Option<Time>), Id),
    /// Invitations: newest first.
    Invitation(Reverse<Time>, Reverse<Id>),
    /// Audit entries: newest (last in the trail) first.
    History(Reverse<usize>),
}

impl Pane {
    /// Every record's row, in display order.
    pub fn entries(self, ws: &Workspace) -> Rows {
        match self {
            Pane::Customers => customers(ws),
            Pane::Partners => partners(ws),
            Pane::Invitations => invitations(ws),
            Pane::Relationships => relationships(ws),
            Pane::History => history_rows(ws),
        }
    }

    /// The kind of record the pane lists (the History pane lists audit entries, not records).
    pub fn record_kind(self) -> Option<RecordKind> {
        match self {
            Pane::Customers => Some(RecordKind::Customer),
            Pane::Partners => Some(RecordKind::Partner),
            Pane::Invitations => Some(RecordKind::Invitation),
            Pane::Relationships => Some(RecordKind::Relationship),
            Pane::History => None,
        }
    }

    /// One record's row, or `None` when the workspace has no such record.
    pub fn entry(self, ws: &Workspace, id: &Id) -> Option<Entry> {
        let names = Names::lookup(ws);
        let mut haystack = String::new();
        let (id, tag) = match self {
            Pane::Customers => (id, customer(ws.customer(id)?, &mut haystack)),
            Pane::Partners => (id, partner(ws.partner(id)?, &mut haystack)),
            Pane::Invitations => {
                let i = ws.invitation(id)?;
                (&i.id, invitation(i, &names, &mut haystack))
            }
            Pane::Relationships => {
                let r = ws.relationship(id)?;
                (&r.id, relationship(r, &names, &mut haystack))
            }
            Pane::History => {
                let e = history::entry_of(ws, id)?;
                history::haystack(ws, e, &mut |field| push_field(&mut haystack, field));
                (id, 0)
            }
        };
        Some(Entry {
            id: id.clone(),
            haystack,
            tag,
        })
    }

    /// Where the record sorts, or `None` when the workspace has no such record.
    pub fn sort_key(self, ws: &Workspace, id: &Id) -> Option<SortKey> {
        Some(match self {
            Pane::Customers => {
                let c = ws.customer(id)?;
                SortKey::Name(c.display_name.to_lowercase(), c.id.clone())
            }
            Pane::Partners => {
                let p = ws.partner(id)?;
                SortKey::Name(p.display_name.to_lowercase(), p.id.clone())
            }
            Pane::Invitations => {
                let i = ws.invitation(id)?;
                SortKey::Invitation(Reverse(i.created_date_time), Reverse(i.id.clone()))
            }
            Pane::Relationships => {
                let r = ws.relationship(id)?;
                SortKey::Relationship(relationship_order(r), r.id.clone())
            }
            Pane::History => {
                let index = history::index_of(id)?;
                ws.audit_entry(index)?;
                SortKey::History(Reverse(index))
            }
        })
    }
}

pub fn invitation_tag(status: InvitationStatus) -> u8 {
    InvitationStatus::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or(0) as u8
}

pub fn relationship_tag(status: RelationshipStatus) -> u8 {
    RelationshipStatus::ALL
        .iter()
        .position(|s| *s == status)
        .unwrap_or(0) as u8
}

/// Relationships in force with an end (soonest first), in force without end, requests (oldest
/// first), ended: what expires next is what operators chase.
fn relationship_order(r: &Relationship) -> (u8, Option<Time>) {
    if r.status.is_in_force() {
        match r.end_date_time {
            Some(end) => (0, Some(end)),
            None => (1, None),
        }
    } else if r.status.is_ended() {
        (3, None)
    } else {
        (2, Some(r.created_date_time))
    }
}

// Rows are written in the workspace's order, where records sit close in memory (each row
// reads its record, names and ids: in display order those reads would jump about and miss the
// cache every time), then put in display order by sorting on the key: a stable sort keeps
// records with equal keys in id order, which is the full key's order without comparing ids.

/// Rows for `records` (in id order), each written by `write` (which returns the tag), in the
/// order of `key`.
fn build<'a, T: 'a, K: Ord>(
    records: impl ExactSizeIterator<Item = &'a T>,
    key: impl Fn(&'a T) -> K,
    id: impl Fn(&'a T) -> &'a Id,
    mut write: impl FnMut(&'a T, &mut String) -> u8,
) -> Rows {
    let count = records.len();
    let mut rows = Rows::with_capacity(count, count * 64);
    let mut keys = Vec::with_capacity(count);
    let mut text = String::new();
    for record in records {
        text.clear();
        let tag = write(record, &mut text);
        rows.push(id(record).clone(), tag, &text);
        keys.push(key(record));
    }
    let mut order: Vec<u32> = (0..count as u32).collect();
    order.sort_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
    rows.into_order(&order)
}

fn customers(ws: &Workspace) -> Rows {
    let key = |c: &Customer| c.display_name.to_lowercase();
    build(ws.customers(), key, |c| &c.id, customer)
}

fn partners(ws: &Workspace) -> Rows {
    let key = |p: &Partner| p.display_name.to_lowercase();
    build(ws.partners(), key, |p| &p.id, partner)
}

fn invitations(ws: &Workspace) -> Rows {
    // Newest first and, at the same moment, the larger id first: ids descending, then stable.
    let names = Names::table(ws);
    let key = |i: &Invitation| Reverse(i.created_date_time);
    build(
        ws.invitations().rev(),
        key,
        |i| &i.id,
        |i, text| invitation(i, &names, text),
    )
}

fn relationships(ws: &Workspace) -> Rows {
    let names = Names::table(ws);
    build(
        ws.relationships(),
        relationship_order,
        |r| &r.id,
        |r, text| relationship(r, &names, text),
    )
}

/// The audit trail, newest first: already in order, read once from the end.
fn history_rows(ws: &Workspace) -> Rows {
    let count = ws.audit().len();
    let mut rows = Rows::with_capacity(count, count * 96);
    let mut text = String::new();
    for (back, e) in ws.audit().rev().enumerate() {
        text.clear();
        history::haystack(ws, e, &mut |field| push_field(&mut text, field));
        rows.push(history::row_id(count - 1 - back), 0, &text);
    }
    rows
}

fn customer(c: &Customer, text: &mut String) -> u8 {
    for field in [
        c.display_name.as_str(),
        &c.domain,
        c.id.as_str(),
        c.country.as_str(),
    ] {
        push_field(text, field);
    }
    0
}

fn partner(p: &Partner, text: &mut String) -> u8 {
    for field in [
        p.display_name.as_str(),
        p.partner_id.as_str(),
        p.id.as_str(),
        p.billing_model.label(),
    ] {
        push_field(text, field);
    }
    0
}

fn invitation<'a>(i: &'a Invitation, names: &Names<'a>, text: &mut String) -> u8 {
    push_field(text, i.id.as_str());
    let (partner, customer) = names.of(&i.partner_id, &i.customer_id);
    push_field(text, &partner);
    push_field(text, &customer);
    push_field(text, i.kind.label());
    push_field(text, i.status.label());
    invitation_tag(i.status)
}

fn relationship<'a>(r: &'a Relationship, names: &Names<'a>, text: &mut String) -> u8 {
    push_field(text, r.id.as_str());
    let (partner, customer) = names.of(&r.partner_id, &r.customer_id);
    push_field(text, &partner);
    push_field(text, &customer);
    push_field(text, r.kind.label());
    push_field(text, r.status.label());
    push_field(text, r.gdap.as_ref().map_or("", |g| &g.display_name));
    relationship_tag(r.status)
}

/// Appends a field lowercased, after a space: ASCII in place, without a temporary string.
fn push_field(text: &mut String, field: &str) {
    if !text.is_empty() {
        text.push(' ');
    }
    if field.is_ascii() {
        let start = text.len();
        text.push_str(field);
        text[start..].make_ascii_lowercase();
    } else {
        text.push_str(&field.to_lowercase());
    }
}

/// Partner and customer names as rows show them. For one record they are looked up; for a
/// whole pane, every partner and customer is read once, in order, into a table. A pane's
/// records come grouped by customer in customer order, so a name is found first among the few
/// after the last one found (`ById`), before its hash table is asked.
struct Names<'a> {
    ws: &'a Workspace,
    table: Option<NameTable<'a>>,
}

struct NameTable<'a> {
    partners: ById<'a, Partner>,
    partner_names: Vec<Cow<'a, str>>,
    partner_hint: Cell<usize>,
    customers: ById<'a, Customer>,
    customer_names: Vec<Cow<'a, str>>,
    customer_hint: Cell<usize>,
}

impl<'a> Names<'a> {
    fn lookup(ws: &'a Workspace) -> Names<'a> {
        Names { ws, table: None }
    }

    fn table(ws: &'a Workspace) -> Names<'a> {
        let table = NameTable {
            partners: ById::new(ws.partners()),
            partner_names: ws.partners().map(|p| inert(&p.display_name)).collect(),
            partner_hint: Cell::new(0),
            customers: ById::new(ws.customers()),
            customer_names: ws.customers().map(|c| inert(&c.display_name)).collect(),
            customer_hint: Cell::new(0),
        };
        Names {
            ws,
            table: Some(table),
        }
    }

    fn of<'s>(&'s self, partner: &'a Id, customer: &'a Id) -> (Cow<'s, str>, Cow<'s, str>) {
        match &self.table {
            // A dangling reference shows its id, as `partner_name` and `customer_name` do.
            Some(t) => (
                Cow::Borrowed(
                    t.partners
                        .position(partner, &t.partner_hint)
                        .map_or(partner.as_str(), |at| &t.partner_names[at]),
                ),
                Cow::Borrowed(
                    t.customers
                        .position(customer, &t.customer_hint)
                        .map_or(customer.as_str(), |at| &t.customer_names[at]),
                ),
            ),
            None => (
                Cow::Owned(partner_name(self.ws, partner)),
                Cow::Owned(customer_name(self.ws, customer)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_sorted_by_their_keys_and_rebuild_single_records_alike() {
        let now = Time::parse("2026-11-24T09:00:00Z").expect("a time");
        let spec = crate::synth::Spec {
            customers: 300,
            partners: 12,
            seed: 7,
            now,
        };
        let (generated, _) = Workspace::from_file(crate::synth::generate(&spec));
        for ws in [crate::store::demo_workspace(now), generated] {
            sorted_and_alike(&ws);
        }
    }

    fn sorted_and_alike(ws: &Workspace) {
        for pane in Pane::ALL {
            let rows = pane.entries(ws);
            let keys: Vec<SortKey> = rows
                .iter()
                .map(|(id, _, _)| pane.sort_key(ws, id).expect("a record of the pane"))
                .collect();
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "{pane:?} sorted");
            for (id, tag, haystack) in rows.iter() {
                let single = pane.entry(ws, id).expect("a record of the pane");
                assert_eq!(single.haystack, haystack);
                assert_eq!(single.tag, tag);
            }
        }
    }

    #[test]
    fn fields_are_lowercased_and_spaced() {
        let mut text = String::new();
        for field in ["Contoso LTD", "", "ÉCOLE"] {
            push_field(&mut text, field);
        }
        assert_eq!(text, "contoso ltd  école");
    }
}
