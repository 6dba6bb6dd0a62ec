//! What a handler works on: the draft state, who acts, and when; plus the lookups every handler
//! shares (a record by id or a WS1 refusal, the acting partner, names for messages).

use crate::domain::actor::Actor;
use crate::domain::catalogue::{Refusal, RuleId, refuse};
use crate::domain::events::{Event, RecordKind, SUMMARISED, Telling};
use crate::domain::facts::{Facts, Records};
use crate::domain::records::{Customer, Invitation, Partner, Relationship};
use crate::domain::rules::{operator, references};
use crate::domain::time::Time;
use crate::tables::id::Id;

/// What a handler works on: the draft state, who acts, and when.
pub struct Ctx<'a, W: Records> {
    pub ws: &'a mut W,
    pub actor: &'a Actor,
    pub now: Time,
    pub(super) events: Vec<Event>,
    telling: Telling,
    /// Events made but not written out (`Telling::Summary`): only counted.
    untold: usize,
}

/// How many events a handler had made at some point, to forget those made after it.
#[derive(Clone, Copy)]
pub struct EventMark {
    told: usize,
    untold: usize,
}

impl<'a, W: Records> Ctx<'a, W> {
    pub fn new(ws: &'a mut W, actor: &'a Actor, now: Time) -> Ctx<'a, W> {
        Ctx {
            ws,
            actor,
            now,
            events: Vec::new(),
            telling: Telling::Every,
            untold: 0,
        }
    }

    /// The same context, writing out its events as `telling` says.
    pub fn telling(mut self, telling: Telling) -> Ctx<'a, W> {
        self.telling = telling;
        self
    }

    pub fn tells(&self) -> Telling {
        self.telling
    }

    /// The events written out, and how many more were made.
    pub fn into_events(self) -> (Vec<Event>, usize) {
        (self.events, self.untold)
    }

    pub fn event(&mut self, kind: RecordKind, id: &Id, change: impl Into<String>) {
        self.event_with(kind, id, || change.into());
    }

    /// An event whose text is made only when it is written out.
    pub fn event_with(&mut self, kind: RecordKind, id: &Id, change: impl FnOnce() -> String) {
        if self.writes_next() {
            self.events.push(Event::new(kind, id, change()));
        } else {
            self.untold += 1;
        }
    }

    fn writes_next(&self) -> bool {
        self.telling == Telling::Every || self.events.len() < SUMMARISED
    }

    /// Events another context made (one working on a draft of this one's), after this one's.
    pub fn take_events(&mut self, (events, untold): (Vec<Event>, usize)) {
        let fits = self.telling == Telling::Every || events.len() <= SUMMARISED;
        if self.events.is_empty() && self.untold == 0 && fits {
            // The usual case: moved, not copied one by one.
            self.events = events;
            self.untold = untold;
            return;
        }
        for event in events {
            if self.writes_next() {
                self.events.push(event);
            } else {
                self.untold += 1;
            }
        }
        self.untold += untold;
    }

    pub fn event_mark(&self) -> EventMark {
        EventMark {
            told: self.events.len(),
            untold: self.untold,
        }
    }

    /// Forgets the events made since `mark` (a step that was rolled back).
    pub fn forget_events_since(&mut self, mark: EventMark) {
        self.events.truncate(mark.told);
        self.untold = mark.untold;
    }

    /// Makes room for `events` more, when they are all to be written out.
    pub fn expect_events(&mut self, events: usize) {
        if self.telling == Telling::Every {
            self.events.reserve(events);
        }
    }

    pub fn partner(&self, id: &Id) -> Result<Partner, Refusal> {
        self.ws
            .partner(id)
            .cloned()
            .ok_or_else(|| references::unknown("", "partner", id))
    }

    pub fn customer(&self, id: &Id) -> Result<Customer, Refusal> {
        self.ws
            .customer(id)
            .cloned()
            .ok_or_else(|| references::unknown("", "customer", id))
    }

    pub fn invitation(&self, id: &Id) -> Result<Invitation, Refusal> {
        self.ws
            .invitation(id)
            .cloned()
            .ok_or_else(|| references::unknown("", "invitation", id))
    }

    pub fn relationship(&self, id: &Id) -> Result<Relationship, Refusal> {
        self.ws
            .relationship(id)
            .cloned()
            .ok_or_else(|| references::unknown("", "relationship", id))
    }

    /// The acting partner, or a refusal under `rule` saying who may do `what`.
    pub fn acting_partner(&self, rule: RuleId, what: &str) -> Result<Partner, Refusal> {
        match self.actor {
            Actor::Partner(id) => self.partner(id),
            Actor::Operator => refuse(
                rule,
                format!("the operator cannot {what}; only a partner can"),
            ),
            Actor::Customer(id) => refuse(
                rule,
                format!("customer {id} cannot {what}; only a partner can"),
            ),
        }
    }

    /// A display name for messages: the record's name, or its id when unknown.
    pub fn partner_name(&self, id: &Id) -> String {
        partner_name(self.ws, id)
    }

    pub fn customer_name(&self, id: &Id) -> String {
        customer_name(self.ws, id)
    }
}

/// A partner's name for a message, or its id when `ws` does not hold it.
pub fn partner_name<F: Facts + ?Sized>(ws: &F, id: &Id) -> String {
    ws.partner(id)
        .map_or_else(|| id.to_string(), |p| p.display_name.to_string())
}

/// A customer's name for a message, or its id when `ws` does not hold it.
pub fn customer_name<F: Facts + ?Sized>(ws: &F, id: &Id) -> String {
    ws.customer(id)
        .map_or_else(|| id.to_string(), |c| c.display_name.to_string())
}

/// Refuses any actor but the operator (OP1): master data is the operator's job.
pub fn require_operator<W: Records>(ctx: &Ctx<'_, W>, what: &str) -> Result<(), Refusal> {
    operator::only_the_operator(ctx.actor, what, "maintains master data")
}
