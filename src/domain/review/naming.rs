//! Names for the relationships a fix asks for ("<old> renewal", "<old> renewal 2"…). The
//! review's pass writes the first candidate; this step, once the findings are in, replaces it
//! with the first name the partner has not used (GD6: names are unique per partner, in any
//! case). It reads the relationships once, and only when some fix asks for a new one, so the
//! pass needs no name index: `review` runs on records as read, as `check` does.

use std::collections::{HashMap, HashSet};

use foldhash::fast::RandomState;

use super::finding::Finding;
use crate::domain::action::{Action, GdapRequest};
use crate::domain::duration::AutoExtend;
use crate::domain::facts::Records;
use crate::domain::records::{GdapDetails, InvitationKind, Relationship};
use crate::tables::id::Id;

/// GD6 allows 1–50 characters.
const NAME_MAX: usize = 50;

/// "<old> renewal", then "<old> renewal 2", "… 3"…: the first for which `taken` (asked with the
/// name in lower case) says no, the old name cut so the whole fits 50 characters.
pub fn renewal_name_where(old: &str, taken: impl Fn(&str) -> bool) -> String {
    let old = old.trim();
    (1..)
        .map(|n| candidate(old, n))
        .find(|name| !taken(&name.to_lowercase()))
        .unwrap_or_default()
}

/// The `n`th candidate name for a renewal of `old` (already trimmed).
fn candidate(old: &str, n: usize) -> String {
    let suffix = if n == 1 {
        " renewal".to_string()
    } else {
        format!(" renewal {n}")
    };
    let room = NAME_MAX.saturating_sub(suffix.chars().count());
    let stem: String = old.chars().take(room).collect();
    format!("{}{suffix}", stem.trim_end())
}

/// The GDAP request a fix makes to renew or replace `r` with `roles`: same partner, customer
/// and duration, no auto-extend, named with the first candidate (`name_renewals` settles it).
pub(super) fn renewal_request(r: &Relationship, gdap: &GdapDetails, roles: Vec<String>) -> Action {
    Action::Invite {
        customer_id: r.customer_id.clone(),
        kind: InvitationKind::Gdap,
        via_provider_id: None,
        gdap: Some(GdapRequest {
            display_name: Some(candidate(gdap.display_name.trim(), 1)),
            roles,
            duration: gdap.duration,
            auto_extend_duration: AutoExtend::Off,
        }),
        draft: false,
        for_reseller: None,
    }
}

/// The display name a finding's fix asks a new relationship to have, to be settled here.
fn asked_name(finding: &mut Finding) -> Option<&mut String> {
    let fix = finding.fix.as_deref_mut()?;
    fix.actions.iter_mut().find_map(|action| match action {
        Action::Invite { gdap: Some(g), .. } => g.display_name.as_mut(),
        _ => None,
    })
}

/// Gives every fix that asks for a new relationship the first renewal name its partner has not
/// used. A fix's finding is about the relationship it renews or replaces (`record`).
pub(super) fn name_renewals<W: Records>(ws: &W, parts: &mut [Vec<Finding>]) {
    let mut wanted: Vec<((usize, usize), Id, String)> = Vec::new();
    for (k, findings) in parts.iter_mut().enumerate() {
        for (at, finding) in findings.iter_mut().enumerate() {
            if asked_name(finding).is_none() {
                continue;
            }
            let Some(old) = ws.relationship(&finding.record).and_then(|r| r.gdap_name()) else {
                continue;
            };
            if let Some(partner) = &finding.partner {
                wanted.push(((k, at), partner.clone(), old.to_string()));
            }
        }
    }
    if wanted.is_empty() {
        return;
    }
    let partners: HashSet<&Id, RandomState> = wanted.iter().map(|(_, p, _)| p).collect();
    // Every name a candidate could clash with ends in "renewal" or "renewal N".
    let mut taken: HashMap<&Id, HashSet<String, RandomState>, RandomState> = HashMap::default();
    for r in ws.relationships() {
        let Some(name) = r.gdap_name() else {
            continue;
        };
        if looks_like_a_renewal(name) && partners.contains(&r.partner_id) {
            taken
                .entry(&r.partner_id)
                .or_default()
                .insert(name.to_lowercase());
        }
    }
    for ((k, at), partner, old) in wanted {
        let used = taken.get(&partner);
        let name = renewal_name_where(&old, |name| used.is_some_and(|u| u.contains(name)));
        if let Some(asked) = asked_name(&mut parts[k][at]) {
            *asked = name;
        }
    }
}

/// Whether `name` ends in "renewal" or "renewal" and a number, in any case: the only names a
/// renewal candidate can equal. ASCII folding is enough: no other character lowercases into
/// the letters of "renewal".
fn looks_like_a_renewal(name: &str) -> bool {
    let name = name
        .trim_end()
        .trim_end_matches(|c: char| c.is_ascii_digit());
    let name = name.trim_end().as_bytes();
    name.len() >= 7 && name[name.len() - 7..].eq_ignore_ascii_case(b"renewal")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_renewal_name_skips_every_name_in_use_in_any_case() {
        let used = ["helpdesk renewal", "helpdesk renewal 2"];
        let name = renewal_name_where("Helpdesk", |n| used.contains(&n));
        assert_eq!(name, "Helpdesk renewal 3");
    }

    #[test]
    fn a_long_old_name_is_cut_so_the_renewal_fits_fifty_characters() {
        let old = "x".repeat(60);
        let name = renewal_name_where(&old, |_| false);
        assert_eq!(name.chars().count(), 50);
        assert!(name.ends_with(" renewal"));
    }

    #[test]
    fn only_names_ending_in_renewal_or_renewal_and_a_number_can_clash() {
        assert!(looks_like_a_renewal("Helpdesk RENEWAL"));
        assert!(looks_like_a_renewal("Helpdesk renewal 12"));
        assert!(!looks_like_a_renewal("Helpdesk renewals"));
        assert!(!looks_like_a_renewal("renewal of helpdesk"));
        assert!(!looks_like_a_renewal("new"));
    }
}
