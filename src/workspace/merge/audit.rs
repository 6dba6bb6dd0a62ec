//! Two audit trails made one: the entries both sides share (the base's), then every entry either
//! side added, in time order (ours first at the same instant), numbered on from the base's last.
//! Sequence numbers are positions, so entries made on two branches never keep colliding ones.

use std::collections::HashSet;

use super::renumber::Renames;
use crate::domain::AuditEntry;

pub fn merge<'a>(
    base: impl Iterator<Item = &'a AuditEntry>,
    ours: impl Iterator<Item = &'a AuditEntry>,
    theirs: impl Iterator<Item = &'a AuditEntry>,
    renames: &Renames,
) -> Vec<AuditEntry> {
    let mut out: Vec<AuditEntry> = base.cloned().collect();
    let base_count = out.len();
    let last = out.last().map_or(0, |e| e.seq);
    let mine: Vec<&AuditEntry> = ours.filter(|e| e.seq > last).collect();
    // An entry both sides have (one merged the other before, or the same change twice) once.
    let known: HashSet<(String, String, &str)> = mine
        .iter()
        .map(|e| (e.at.to_string(), e.actor.to_string(), e.summary.as_str()))
        .collect();
    let theirs: Vec<AuditEntry> = theirs
        .filter(|e| e.seq > last)
        .map(|e| renamed(e, renames))
        .filter(|e| !known.contains(&(e.at.to_string(), e.actor.to_string(), e.summary.as_str())))
        .collect();
    let mut theirs_iter = theirs.into_iter().peekable();
    let mut mine_iter = mine.into_iter().peekable();
    loop {
        let take_mine = match (mine_iter.peek(), theirs_iter.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(m), Some(t)) => m.at <= t.at,
        };
        let entry = if take_mine {
            mine_iter.next().cloned()
        } else {
            theirs_iter.next()
        };
        if let Some(entry) = entry {
            out.push(entry);
        }
    }
    // Everything after the base's entries is numbered on from its last.
    for (next, entry) in (last + 1..).zip(out.iter_mut().skip(base_count)) {
        entry.seq = next;
    }
    out
}

fn renamed(entry: &AuditEntry, renames: &Renames) -> AuditEntry {
    if renames.is_empty() {
        return entry.clone();
    }
    let Ok(mut value) = serde_json::to_value(entry) else {
        return entry.clone();
    };
    renames.rewrite(&mut value);
    serde_json::from_value::<AuditEntry>(value).unwrap_or_else(|_| entry.clone())
}
