//! Review: findings over a whole workspace — what an operator should look at this week (Global
//! Administrator on GDAP, DAP left on, relationships about to end, requests nobody approves…).
//! Each finding has a stable id (`rule:record`), a severity, a one-line why and, where the core
//! can make one, a proposed fix: ordinary actions, applied through `apply` like any other.
//!
//! Pure: the clock is passed in. One pass over assignments, relationships and customers' pending
//! invitations gathers what every family needs (`Survey`); each family (one file each) then
//! reads a record and the survey, never scanning the workspace again.

mod assignments;
mod coverage;
mod dap;
mod finding;
mod global_admin;
mod naming;
mod ordered;
mod overlap;
mod partners;
mod pending;
mod provenance;
mod renewals;
mod since;
mod survey;
mod transition;

pub use finding::{Finding, Fix, Severity};
pub use naming::renewal_name_where;
pub use ordered::Ordered;
pub use renewals::renewal_name;
pub use since::{NEW_PARTNER, since};

use std::ops::Range;

use super::facts::Records;
use super::records::{InvitationKind, InvitationStatus, Relationship};
use super::templates::Catalogue;
use super::time::Time;
use survey::Survey;
pub use survey::{Assigned, assigned};

/// What the review is told beyond the workspace.
#[derive(Clone, Debug)]
pub struct Settings {
    /// More partners than this holding privileged roles on one customer is a finding.
    pub max_privileged_partners: usize,
    /// The template whose roles replace a relationship that holds Global Administrator alone
    /// (Lighthouse's Administrator tier: administration without Global Administrator).
    pub replacement_template: String,
    /// Only findings at or above this are kept: the others are let go as they are found, so
    /// a review for the high ones of a million customers holds no more than those.
    pub floor: Severity,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_privileged_partners: 2,
            replacement_template: "Administrator".into(),
            floor: Severity::Info,
        }
    }
}

/// Every rule of the review: its id, severity (the highest it gives) and what it looks for.
pub const RULES: &[(&str, Severity, &str)] = &[
    (
        global_admin::RULE,
        Severity::High,
        "a GDAP relationship holds Global Administrator",
    ),
    (
        dap::RULE,
        Severity::High,
        "DAP (retired in 2023) is still active",
    ),
    (
        assignments::UNASSIGNED,
        Severity::Medium,
        "an active GDAP relationship has no access assignment",
    ),
    (
        assignments::ADVISED_AGAINST,
        Severity::Medium,
        "an access assignment holds a role Microsoft advises against",
    ),
    (
        renewals::PRIVILEGED_AUTO_EXTEND,
        Severity::Low,
        "roles that can take control of the tenant auto-extend",
    ),
    (
        renewals::ENDING,
        Severity::High,
        "ends within 30 days (high within 7) without auto-extend",
    ),
    (
        renewals::EXPIRED,
        Severity::Info,
        "expired in the last 90 days",
    ),
    (
        pending::GDAP,
        Severity::Medium,
        "a GDAP request has waited more than 30 days for approval",
    ),
    (
        pending::INVITATION,
        Severity::Low,
        "a reseller invitation has waited more than 30 days",
    ),
    (
        coverage::NO_GDAP,
        Severity::Info,
        "a reseller with no active GDAP on its customer",
    ),
    (
        coverage::NO_RESELLER,
        Severity::Info,
        "active GDAP from a partner with no reseller relationship",
    ),
    (
        partners::RULE,
        Severity::Medium,
        "more partners than allowed hold roles that can take control of one customer",
    ),
    (
        overlap::RULE,
        Severity::Low,
        "two active GDAP relationships with the same partner, customer and roles",
    ),
    (
        transition::RULE,
        Severity::Low,
        "left from Microsoft's automatic DAP-to-GDAP transition (MLT_)",
    ),
    (
        provenance::RULE,
        Severity::Info,
        "roles that can take control of the tenant, known only from an import",
    ),
];

/// Every finding of `ws` at `now`, most severe first, then by id. One pass, one thread;
/// `workspace::review` runs the same shares on two threads for a large workspace.
pub fn review<W: Records>(
    ws: &W,
    catalogue: &Catalogue,
    settings: &Settings,
    now: Time,
) -> Vec<Finding> {
    review_ordered(ws, catalogue, settings, now).into_vec()
}

/// `review`'s findings in their order, left where they were found (`Ordered`).
pub fn review_ordered<W: Records>(
    ws: &W,
    catalogue: &Catalogue,
    settings: &Settings,
    now: Time,
) -> Ordered {
    let gathered = Gathered::new(by_customer(ws), assigned(ws));
    let all = gathered
        .shares(ws, 1)
        .into_iter()
        .next()
        .unwrap_or_default();
    conclude(
        ws,
        vec![gathered.findings(ws, &all, catalogue, settings, now)],
    )
}

/// The shares' findings in one order, most severe first, then by id, each fix that asks for a
/// new relationship given a name its partner has not used.
pub fn conclude<W: Records>(ws: &W, parts: Vec<Found>) -> Ordered {
    let mut ordered = Ordered::of(parts);
    naming::name_renewals(ws, ordered.parts_mut());
    ordered
}

/// Every relationship, grouped by customer (in id order within a customer): one customer's
/// relationships are all the review compares. A file lists a customer's records together, in
/// customer order, so this sort finds them in order and costs one comparison each.
pub fn by_customer<W: Records>(ws: &W) -> Vec<&Relationship> {
    let mut relationships: Vec<&Relationship> = ws.relationships().collect();
    relationships.sort_by(|a, b| a.customer_id.cmp(&b.customer_id));
    relationships
}

/// What the review reads besides each record: the relationships by customer, and which have a
/// live access assignment.
pub struct Gathered<'a> {
    by_customer: Vec<&'a Relationship>,
    assigned: Assigned<'a>,
}

/// One part of the review's work: whole customers' relationships, and stretches of the access
/// assignments and invitations (positions in the workspace's id order).
#[derive(Clone, Debug, Default)]
pub struct Share {
    relationships: Range<usize>,
    assignments: Range<usize>,
    invitations: Range<usize>,
}

impl<'a> Gathered<'a> {
    pub fn new(by_customer: Vec<&'a Relationship>, assigned: Assigned<'a>) -> Gathered<'a> {
        Gathered {
            by_customer,
            assigned,
        }
    }

    /// The work cut in `parts` shares of about the same size; a customer's relationships stay
    /// in one share.
    pub fn shares<W: Records>(&self, ws: &W, parts: usize) -> Vec<Share> {
        let parts = parts.max(1);
        let rels = &self.by_customer;
        let mut cuts = vec![0];
        for k in 1..parts {
            let mut at = (rels.len() * k / parts).max(cuts[k - 1]);
            while at > 0 && at < rels.len() && rels[at].customer_id == rels[at - 1].customer_id {
                at += 1;
            }
            cuts.push(at);
        }
        cuts.push(rels.len());
        let evenly = |len: usize, k: usize| (len * k / parts)..(len * (k + 1) / parts);
        let (assignments, invitations) = (ws.assignments().count(), ws.invitations().count());
        (0..parts)
            .map(|k| Share {
                relationships: cuts[k]..cuts[k + 1],
                assignments: evenly(assignments, k),
                invitations: evenly(invitations, k),
            })
            .collect()
    }

    /// The findings of one share, with the order `Ordered::of` puts them in.
    pub fn findings<W: Records>(
        &self,
        ws: &'a W,
        share: &Share,
        catalogue: &Catalogue,
        settings: &Settings,
        now: Time,
    ) -> Found {
        let mut out = Vec::with_capacity(share.relationships.len());
        let part = |range: &Range<usize>| (range.start, range.len());
        let (skip, take) = part(&share.assignments);
        for assignment in ws.assignments().skip(skip).take(take) {
            let from = out.len();
            assignments::advised_against(assignment, ws, catalogue, &mut out);
            drop_below(&mut out, from, settings.floor);
        }
        let mut survey = Survey::default();
        let relationships = self
            .by_customer
            .get(share.relationships.clone())
            .unwrap_or_default();
        for customer in relationships.chunk_by(|a, b| a.customer_id == b.customer_id) {
            let from = out.len();
            survey.take(customer);
            for &r in customer {
                global_admin::check(r, catalogue, settings, &mut out);
                dap::check(r, &survey, &mut out);
                assignments::unassigned(r, &self.assigned, &mut out);
                renewals::check(r, &survey, now, &mut out);
                pending::gdap(r, now, &mut out);
                coverage::check(r, &survey, &mut out);
                transition::check(r, &mut out);
                provenance::check(r, &mut out);
            }
            overlap::findings(&survey, &mut out);
            partners::findings(&survey, settings, &mut out);
            drop_below(&mut out, from, settings.floor);
        }
        let (skip, take) = part(&share.invitations);
        for invitation in ws.invitations().skip(skip).take(take) {
            if invitation.status == InvitationStatus::Pending
                && invitation.kind != InvitationKind::Gdap
            {
                let from = out.len();
                pending::invitation(invitation, now, &mut out);
                drop_below(&mut out, from, settings.floor);
            }
        }
        Found::sorted(out)
    }
}

/// Lets go of the findings from `from` on that are below `floor`, keeping the others' order.
fn drop_below(out: &mut Vec<Finding>, from: usize, floor: Severity) {
    if floor == Severity::Info {
        return;
    }
    let mut kept = from;
    for at in from..out.len() {
        if out[at].severity >= floor {
            out.swap(kept, at);
            kept += 1;
        }
    }
    out.truncate(kept);
}

/// One share's findings, as found, and the order they go in: (group, position) pairs, a
/// group being a severity and a rule. Findings are never moved to be ordered (`Ordered`): at a
/// million customers there are millions of them, and moving or sorting the findings themselves
/// (and the fresh memory each copy takes) would cost more than finding them.
pub struct Found {
    findings: Vec<Finding>,
    order: Vec<(u8, u32)>,
}

impl Found {
    /// Its findings, and their order as (group, position) pairs.
    fn into_parts(self) -> (Vec<Finding>, Vec<(u8, u32)>) {
        (self.findings, self.order)
    }
}

impl Found {
    fn sorted(findings: Vec<Finding>) -> Found {
        let ranks = rule_ranks();
        let groups: Vec<u8> = findings.iter().map(|f| group(f, &ranks)).collect();
        // By group first, keeping the order found (a counting sort: findings of all groups come
        // interleaved, customer by customer)…
        let mut starts = vec![0usize; GROUPS + 1];
        for &g in &groups {
            starts[usize::from(g) + 1] += 1;
        }
        for g in 1..starts.len() {
            starts[g] += starts[g - 1];
        }
        let mut order = vec![(0u8, 0u32); findings.len()];
        let mut next = starts.clone();
        for (at, &g) in groups.iter().enumerate() {
            order[next[usize::from(g)]] = (g, at as u32);
            next[usize::from(g)] += 1;
        }
        // …then each group by id: its findings came in customer order, nearly sorted by id
        // already, which a stable sort finishes in about one comparison each.
        for g in 0..GROUPS {
            order[starts[g]..starts[g + 1]]
                .sort_by(|a, b| findings[a.1 as usize].cmp_within_rule(&findings[b.1 as usize]));
        }
        Found { findings, order }
    }
}

/// Where a finding's group sorts: most severe first, then its rule's `rule:` prefix (the ids of
/// two rules differ within it: no rule holds a colon).
fn group(f: &Finding, ranks: &[&'static str]) -> u8 {
    let severity = Severity::ALL
        .iter()
        .position(|s| *s == f.severity)
        .unwrap_or(0);
    let rule = ranks
        .iter()
        .position(|r| *r == f.rule)
        .unwrap_or(ranks.len());
    (severity * (RULES.len() + 1) + rule) as u8
}

/// How many groups there can be: each severity with each rule, and with a rule not listed.
const GROUPS: usize = Severity::ALL.len() * (RULES.len() + 1);

/// The rules in the order of their ids' `rule:` prefixes.
fn rule_ranks() -> Vec<&'static str> {
    let mut ranks: Vec<&'static str> = RULES.iter().map(|(rule, _, _)| *rule).collect();
    let prefix = |rule: &'static str| rule.bytes().chain([b':']);
    ranks.sort_by(|a, b| prefix(a).cmp(prefix(b)));
    ranks
}
