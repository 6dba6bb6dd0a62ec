//! What each pane's index holds per record: the lowercase text `/` searches, the status tag `f`
//! filters on, and the key the rows are sorted by. Built for every record when a workspace is
//! opened — the order first (`ordered`: ids, tags, a sort of positions), the search text after
//! (`search_text`, which a large workspace writes off the UI thread) — and for one record at a
//! time when an action changes it (`entry`, `sort_key`), so the same functions decide both and
//! a moved row lands where a rebuild would put it.

use std::borrow::Cow;
use std::cell::Cell;
use std::cmp::Reverse;
use std::sync::atomic::{AtomicBool, Ordering};

use super::history;
use super::names::{customer_name, partner_name};
use super::order;
use super::pane::Pane;
use crate::display::inert;
use crate::domain::{
    Customer, Id, Invitation, InvitationStatus, Partner, RecordKind, Relationship,
    RelationshipStatus, Time,
};
use crate::tui::index::{Entry, Haystacks, Rows};
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
    /// Every record's row, in display order, with its search text.
    pub fn entries(self, ws: &Workspace) -> Rows {
        let mut rows = self.ordered(ws);
        let text = rows
            .build_order()
            .and_then(|order| self.search_text(ws, order, &AtomicBool::new(false)));
        if let Some(text) = text {
            rows.attach_hay(text);
        }
        rows
    }

    /// Every record's row in display order, without search text (`search_text` writes it):
    /// one pass over the records for their ids, tags and sort keys, then a sort of positions.
    pub fn ordered(self, ws: &Workspace) -> Rows {
        match self {
            Pane::Customers => by_name(ws.customers().map(|c| (&c.id, c.display_name.as_str()))),
            Pane::Partners => by_name(ws.partners().map(|p| (&p.id, p.display_name.as_str()))),
            Pane::Invitations => {
                // Newest first and, at the same moment, the larger id first: read from the
                // last id down, ties then fall to that order.
                by_key(ws.invitations().rev(), |i, at| {
                    (
                        &i.id,
                        invitation_tag(i.status),
                        order::newest_first_key(i.created_date_time, at),
                    )
                })
            }
            Pane::Relationships => by_key(ws.relationships(), |r, at| {
                let (group, time) = relationship_order(r);
                (
                    &r.id,
                    relationship_tag(r.status),
                    order::group_time_key(group, time, at),
                )
            }),
            Pane::History => {
                // Already in order, newest first.
                let count = ws.audit().len();
                let ids = (0..count).rev().map(history::row_id).collect();
                Rows::ordered(ids, &vec![0; count], (0..count as u32).collect())
            }
        }
    }

    /// The search text of every row, for rows `ordered` built (`order` is their
    /// `build_order`), written in the workspace's order (where records sit close in memory)
    /// and then put in display order. `None` when `stop` is set meanwhile (the rows were
    /// rebuilt: the text is no longer wanted).
    pub fn search_text(
        self,
        ws: &Workspace,
        order: &[u32],
        stop: &AtomicBool,
    ) -> Option<Haystacks> {
        let text = match self {
            Pane::Customers => write_texts(ws.customers(), stop, |c, text| {
                customer(c, text);
            })?,
            Pane::Partners => write_texts(ws.partners(), stop, |p, text| {
                partner(p, text);
            })?,
            Pane::Invitations => {
                let names = Names::table(ws);
                write_texts(ws.invitations().rev(), stop, |i, text| {
                    invitation(i, &names, text);
                })?
            }
            Pane::Relationships => {
                let names = Names::table(ws);
                write_texts(ws.relationships(), stop, |r, text| {
                    relationship(r, &names, text);
                })?
            }
            Pane::History => write_texts(ws.audit().rev(), stop, |e, text| {
                history::haystack(ws, e, &mut |field| push_field(text, field));
            })?,
        };
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        Some(text.in_order(order))
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

/// Rows ordered by lowercase name (customers, partners), ties in the workspace's (id) order.
fn by_name<'a>(records: impl ExactSizeIterator<Item = (&'a Id, &'a str)>) -> Rows {
    let count = records.len();
    let mut ids = Vec::with_capacity(count);
    let mut names = order::Texts::with_capacity(count, count * 24);
    for (id, name) in records {
        ids.push(id.clone());
        names.push_lowercase(name);
    }
    let order = order::by_text(&names);
    Rows::ordered(ids, &vec![0; count], order)
}

/// Rows ordered by the integer key `row` gives each record (with its id and tag), from the
/// record and its position in `records`.
fn by_key<'a, T: 'a>(
    records: impl ExactSizeIterator<Item = &'a T>,
    row: impl Fn(&'a T, usize) -> (&'a Id, u8, u128),
) -> Rows {
    let count = records.len();
    let mut ids = Vec::with_capacity(count);
    let mut tags = Vec::with_capacity(count);
    let mut keys = Vec::with_capacity(count);
    for (at, record) in records.enumerate() {
        let (id, tag, key) = row(record, at);
        ids.push(id.clone());
        tags.push(tag);
        keys.push(key);
    }
    Rows::ordered(ids, &tags, order::by_keys(keys))
}

/// Rows checked for `stop` between batches this large.
const STOP_EVERY: usize = 1 << 16;

/// Each record's search text, written by `write`, in the order of `records`.
fn write_texts<'a, T: 'a>(
    records: impl ExactSizeIterator<Item = &'a T>,
    stop: &AtomicBool,
    mut write: impl FnMut(&'a T, &mut String),
) -> Option<Haystacks> {
    let count = records.len();
    let mut hay = Haystacks::with_capacity(count, count * 64);
    let mut text = String::new();
    for (at, record) in records.enumerate() {
        if at % STOP_EVERY == 0 && stop.load(Ordering::Relaxed) {
            return None;
        }
        text.clear();
        write(record, &mut text);
        hay.push(&text);
    }
    Some(hay)
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
