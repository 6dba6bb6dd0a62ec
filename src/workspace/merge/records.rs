//! One kind of record merged three ways, by id. Each side's table is in id order, so one pass
//! joins the three; a record only one side touched takes that side's version, one both changed is
//! merged field by field (`values`), and what cannot be merged is a conflict.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::renumber::Renames;
use super::values::{self, FieldClash};
use super::{Conflict, ConflictKind};
use crate::tables::table::Keyed;

/// The three sides of one kind, each in id order.
pub struct Sides<'a, R> {
    pub kind: &'static str,
    pub base: Vec<&'a R>,
    pub ours: Vec<&'a R>,
    pub theirs: Vec<&'a R>,
}

/// Ids both sides created for different records of this kind (base has none of them).
pub fn collisions<R: Keyed + PartialEq>(sides: &Sides<R>) -> Vec<String> {
    let mut found = Vec::new();
    join(&sides.base, &sides.ours, &sides.theirs, |b, o, t| {
        if let (None, Some(o), Some(t)) = (b, o, t)
            && o != t
        {
            found.push(o.key().to_string());
        }
    });
    found
}

/// The merged records of this kind, in id order, with the conflicts met.
pub fn merge<R>(sides: &Sides<R>, renames: &Renames, conflicts: &mut Vec<Conflict>) -> Vec<R>
where
    R: Keyed + PartialEq + Serialize + DeserializeOwned,
{
    let theirs = renamed(&sides.base, &sides.theirs, renames);
    let theirs: Vec<&R> = theirs.iter().map(|r| r.as_ref()).collect();
    let mut out = Vec::with_capacity(sides.ours.len().max(theirs.len()));
    join(&sides.base, &sides.ours, &theirs, |b, o, t| {
        if let Some(record) = merge_one(sides.kind, b, o, t, conflicts) {
            out.push(record);
        }
    });
    out
}

/// Their side with renamed ids rewritten in every record they changed, in id order again.
fn renamed<'a, R>(base: &[&'a R], theirs: &[&'a R], renames: &Renames) -> Vec<Cow<'a, R>>
where
    R: Keyed + PartialEq + Serialize + DeserializeOwned,
{
    if renames.is_empty() {
        return theirs.iter().map(|r| Cow::Borrowed(*r)).collect();
    }
    let mut out: Vec<Cow<'a, R>> = Vec::with_capacity(theirs.len());
    let empty: Vec<&R> = Vec::new();
    join(base, &empty, theirs, |b, _, t| {
        let Some(t) = t else { return };
        if b == Some(t) {
            out.push(Cow::Borrowed(t));
            return;
        }
        let mut value = to_value(t);
        renames.rewrite(&mut value);
        match serde_json::from_value::<R>(value) {
            Ok(record) => out.push(Cow::Owned(record)),
            Err(_) => out.push(Cow::Borrowed(t)),
        }
    });
    out.sort_by(|a, b| a.key().cmp(b.key()));
    out
}

fn merge_one<R>(
    kind: &'static str,
    base: Option<&R>,
    ours: Option<&R>,
    theirs: Option<&R>,
    conflicts: &mut Vec<Conflict>,
) -> Option<R>
where
    R: Keyed + PartialEq + Serialize + DeserializeOwned,
{
    match (base, ours, theirs) {
        (_, Some(o), Some(t)) if o == t => Some(o.clone()),
        (None, Some(o), None) => Some(o.clone()),
        (None, None, Some(t)) => Some(t.clone()),
        (Some(b), Some(o), Some(t)) if o == b => Some(t.clone()),
        (Some(b), Some(o), Some(t)) if t == b => Some(o.clone()),
        (Some(b), Some(o), Some(t)) => Some(fields(kind, b, o, t, conflicts)),
        // Gone on one side, untouched on the other: gone (a deleted draft).
        (Some(b), Some(o), None) if o == b => None,
        (Some(b), None, Some(t)) if t == b => None,
        (Some(_), None, None) | (None, None, None) => None,
        // Gone on one side, changed on the other: keep the change, say so.
        (b, Some(kept), None) | (b, None, Some(kept)) => {
            conflicts.push(Conflict {
                base: b.map(to_value),
                ours: ours.map(to_value),
                theirs: theirs.map(to_value),
                message: "deleted on one side and changed on the other; the changed record is kept"
                    .into(),
                ..Conflict::at(ConflictKind::Deleted, kind, kept.key().as_str(), "")
            });
            Some(kept.clone())
        }
        // Created on both sides under one id with different contents: renumbering prevents it;
        // should one get through, ours is kept and the clash said.
        (None, Some(o), Some(t)) => {
            conflicts.push(Conflict {
                ours: Some(to_value(o)),
                theirs: Some(to_value(t)),
                message: "created on both sides with different contents".into(),
                ..Conflict::at(ConflictKind::Field, kind, o.key().as_str(), "")
            });
            Some(o.clone())
        }
    }
}

/// A record both sides changed: merged field by field; each field both changed differently is a
/// conflict, ours kept meanwhile.
fn fields<R>(kind: &'static str, b: &R, o: &R, t: &R, conflicts: &mut Vec<Conflict>) -> R
where
    R: Keyed + Serialize + DeserializeOwned,
{
    let mut clashes: Vec<FieldClash> = Vec::new();
    let merged = values::merge(&to_value(b), &to_value(o), &to_value(t), &mut clashes);
    let record = match serde_json::from_value::<R>(merged) {
        Ok(record) => record,
        Err(err) => {
            // The fields merged do not make a record together: keep ours whole, say why.
            conflicts.push(Conflict {
                base: Some(to_value(b)),
                ours: Some(to_value(o)),
                theirs: Some(to_value(t)),
                message: format!("the two sides' changes do not make one record ({err})"),
                ..Conflict::at(ConflictKind::Field, kind, o.key().as_str(), "")
            });
            return o.clone();
        }
    };
    for clash in clashes {
        conflicts.push(Conflict {
            message: format!("{} changed differently on both sides", clash.path),
            base: clash.base,
            ours: clash.ours,
            theirs: clash.theirs,
            ..Conflict::at(ConflictKind::Field, kind, o.key().as_str(), &clash.path)
        });
    }
    record
}

fn to_value(record: &impl Serialize) -> Value {
    serde_json::to_value(record).unwrap_or(Value::Null)
}

/// Walks three id-ordered lists together, calling `each` once per id with what each side has.
fn join<'a, R: Keyed>(
    base: &[&'a R],
    ours: &[&'a R],
    theirs: &[&'a R],
    mut each: impl FnMut(Option<&'a R>, Option<&'a R>, Option<&'a R>),
) {
    let (mut b, mut o, mut t) = (0, 0, 0);
    loop {
        let heads = [base.get(b), ours.get(o), theirs.get(t)];
        let Some(least) = heads.iter().flatten().map(|r| r.key()).min() else {
            return;
        };
        let least = least.clone();
        let take = |head: Option<&&'a R>, at: &mut usize| match head {
            Some(r) if r.key().cmp(&least) == Ordering::Equal => {
                *at += 1;
                Some(*r)
            }
            _ => None,
        };
        let bb = take(heads[0], &mut b);
        let oo = take(heads[1], &mut o);
        let tt = take(heads[2], &mut t);
        each(bb, oo, tt);
    }
}
