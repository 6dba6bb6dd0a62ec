//! Role ids as the workspace keeps them, for the roles of every GDAP relationship and access
//! assignment an import reads. Most of them name one of a few role lists (a partner gives its
//! customers the same roles), so the last few lists met are remembered with their answer.

use super::key_text::Trimmed;
use crate::domain::roles::find_template;
use crate::tables::text::Text;

/// How many distinct role lists are remembered (the oldest goes first).
const REMEMBERED: usize = 8;

#[derive(Default)]
pub struct CanonicalRoles {
    /// Role ids the catalogue does not know, each once (any case), in the order first met.
    pub unknown: Vec<String>,
    /// Role lists met lately, as the export spelled them, with their canonical ids.
    recent: Vec<(Vec<String>, Vec<Text>)>,
}

impl CanonicalRoles {
    /// The catalogue's template id of each role, or the id as it came, each once (any case);
    /// a role the catalogue does not know is noted in `unknown`. A list met before gives the
    /// answer it gave then: its unknown roles are already noted.
    pub fn of<S: AsRef<str>>(&mut self, roles: &[S]) -> Vec<Text> {
        let same = |seen: &[String]| {
            seen.iter()
                .map(String::as_str)
                .eq(roles.iter().map(S::as_ref))
        };
        if let Some((_, known)) = self.recent.iter().find(|(seen, _)| same(seen)) {
            return known.clone();
        }
        let canonical = canonical(roles, &mut self.unknown);
        if self.recent.len() == REMEMBERED {
            self.recent.remove(0);
        }
        let spelled = roles.iter().map(|r| r.as_ref().to_string()).collect();
        self.recent.push((spelled, canonical.clone()));
        canonical
    }
}

/// `role` noted in `unknown` unless it is there already (in any case).
fn note_unknown(unknown: &mut Vec<String>, role: &str) {
    if !unknown.iter().any(|o| o.eq_ignore_ascii_case(role)) {
        unknown.push(role.to_string());
    }
}

/// The unknown roles of record lists met one after the other, as one `CanonicalRoles` meeting
/// them all in that order would note them, from what one met in each list noted.
pub fn unknown_in_order(noted: impl IntoIterator<Item = Vec<String>>) -> Vec<String> {
    let mut unknown = Vec::new();
    for role in noted.into_iter().flatten() {
        note_unknown(&mut unknown, &role);
    }
    unknown
}

/// `CanonicalRoles::of` worked out.
fn canonical<S: AsRef<str>>(roles: &[S], unknown: &mut Vec<String>) -> Vec<Text> {
    let mut out: Vec<Text> = Vec::new();
    for role in roles
        .iter()
        .map(|r| r.as_ref().trimmed())
        .filter(|r| !r.is_empty())
    {
        let id = find_template(role).unwrap_or_else(|| {
            note_unknown(unknown, role);
            role.into()
        });
        if !out.iter().any(|o| o.eq_ignore_ascii_case(&id)) {
            out.push(id);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Role lists drawn from a few catalogue ids and unknown ids, in mixed case and spacing.
    fn role_lists() -> impl Strategy<Value = Vec<Vec<String>>> {
        let role = prop_oneof![
            Just("62e90394-69f5-4237-9190-012177145e10".to_string()),
            Just("729827E3-9c14-49f7-bb1b-9608f156bbb8".to_string()),
            Just(" fe930be7-5e62-47db-91af-98c3a49a38b1 ".to_string()),
            Just("not-a-role".to_string()),
            Just("NOT-a-ROLE".to_string()),
            Just("another-unknown".to_string()),
            Just("Global administrator".to_string()),
            Just(String::new()),
        ];
        prop::collection::vec(prop::collection::vec(role, 0..5), 0..40)
    }

    proptest! {
        #[test]
        fn remembered_lists_answer_as_working_each_out_answers(lists in role_lists()) {
            let mut remembered = CanonicalRoles::default();
            let mut unknown = Vec::new();
            for roles in &lists {
                prop_assert_eq!(remembered.of(roles), canonical(roles, &mut unknown));
            }
            prop_assert_eq!(remembered.unknown, unknown);
        }

        #[test]
        fn lists_met_in_parts_note_the_unknown_roles_one_meeting_them_all_notes(
            lists in role_lists(),
            cuts in prop::collection::vec(0usize..40, 0..4),
        ) {
            let mut whole = CanonicalRoles::default();
            for roles in &lists {
                whole.of(roles);
            }
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(lists.len())).collect();
            cuts.sort_unstable();
            let mut parts = Vec::new();
            let mut from = 0;
            for to in cuts.into_iter().chain([lists.len()]) {
                let mut part = CanonicalRoles::default();
                for roles in &lists[from..to] {
                    part.of(roles);
                }
                parts.push(part.unknown);
                from = to;
            }
            prop_assert_eq!(unknown_in_order(parts), whole.unknown);
        }
    }

    #[test]
    fn more_lists_than_are_remembered_still_get_their_own_answer() {
        let mut remembered = CanonicalRoles::default();
        let lists: Vec<Vec<String>> = (0..3 * REMEMBERED)
            .map(|n| vec![format!("role-{}", n % (REMEMBERED + 2))])
            .collect();
        for roles in &lists {
            assert_eq!(remembered.of(roles), [Text::new(&roles[0])]);
        }
        assert_eq!(remembered.unknown.len(), REMEMBERED + 2);
    }
}
