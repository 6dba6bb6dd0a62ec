//! Turning what a user types into what the core needs: a loaded workspace, ids (a workspace id,
//! or a tenant id, Partner ID or domain, in any case), actors and times. An id that matches
//! nothing is passed through unchanged, so the core refuses it naming WS1.

use std::path::Path;

use super::Failure;
use crate::core::{Actor, Id, Time, Workspace};
use crate::store::{Loaded, load_file};

pub fn load(path: &Path) -> Result<Loaded, Failure> {
    load_file(path).map_err(|err| Failure::usage(format!("cannot load {}", path.display())).with_detail(err.to_string()))
}

pub fn now(given: Option<&str>) -> Result<Time, Failure> {
    match given {
        Some(text) => Time::parse(text).map_err(|err| Failure::usage(format!("--now: {err}"))),
        None => Ok(Time(jiff::Timestamp::now())),
    }
}

pub fn customer(ws: &Workspace, text: &str) -> Id {
    let text = text.trim();
    let id = Id::new(text);
    if ws.customer(&id).is_some() {
        return id;
    }
    ws.customers()
        .find(|c| {
            c.id.as_str().eq_ignore_ascii_case(text)
                || c.tenant_id.eq_ignore_ascii_case(text)
                || c.domain.eq_ignore_ascii_case(text)
        })
        .map_or(id, |c| c.id.clone())
}

pub fn partner(ws: &Workspace, text: &str) -> Id {
    let text = text.trim();
    let id = Id::new(text);
    if ws.partner(&id).is_some() {
        return id;
    }
    ws.partners()
        .find(|p| {
            p.id.as_str().eq_ignore_ascii_case(text)
                || p.tenant_id.eq_ignore_ascii_case(text)
                || p.partner_id == text
        })
        .map_or(id, |p| p.id.clone())
}

pub fn actor(ws: &Workspace, text: &str) -> Result<Actor, Failure> {
    let actor = Actor::parse(text).map_err(|err| Failure::usage(format!("--as: {err}")))?;
    Ok(match actor {
        Actor::Partner(id) => Actor::Partner(partner(ws, id.as_str())),
        Actor::Customer(id) => Actor::Customer(customer(ws, id.as_str())),
        Actor::Operator => Actor::Operator,
    })
}

/// An id of a record the core will look up itself; matched without regard to case.
pub fn record(text: &str, exists: impl Fn(&Id) -> bool, all: impl Iterator<Item = Id>) -> Id {
    let id = Id::new(text.trim());
    if exists(&id) {
        return id;
    }
    all.into_iter()
        .find(|candidate| candidate.as_str().eq_ignore_ascii_case(text.trim()))
        .unwrap_or(id)
}
