//! OP1 (who may act): partners act for themselves, customers answer invitations, and the
//! operator maintains master data and alone lets time pass. The partner's and customer's side
//! of OP1 is stated where each action is (an invitation is a partner's, an answer a customer's);
//! what only the operator does is stated here.

use crate::domain::actor::Actor;
use crate::domain::catalogue::{Refusal, RuleId, refuse};

/// OP1: only the operator may `what` (`add partners`, `let time pass`); `duty` says what the
/// operator does (`maintains master data`).
pub fn only_the_operator(actor: &Actor, what: &str, duty: &str) -> Result<(), Refusal> {
    match actor {
        Actor::Operator => Ok(()),
        other => refuse(
            RuleId::OP1,
            format!("{other} cannot {what}; only the operator {duty}"),
        ),
    }
}

/// OP1: passing time moves every clock-driven status at once (expiries, GDAP ends), so it is
/// the operator's, not any one party's.
pub fn may_pass_time(actor: &Actor) -> Result<(), Refusal> {
    only_the_operator(actor, "let time pass", "lets time pass")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::id::Id;

    #[test]
    fn only_the_operator_passes_time() {
        assert!(may_pass_time(&Actor::Operator).is_ok());
        for actor in [
            Actor::Partner(Id::new("relecloud")),
            Actor::Customer(Id::new("litware")),
        ] {
            let refusal = may_pass_time(&actor).unwrap_err();
            assert_eq!(refusal.rule, RuleId::OP1);
            assert!(
                refusal
                    .reason
                    .starts_with(&format!("{actor} cannot let time pass"))
            );
        }
    }

    #[test]
    fn master_data_is_the_operators() {
        let partner = Actor::Partner(Id::new("relecloud"));
        let refusal = only_the_operator(&partner, "add customers", "maintains master data");
        assert_eq!(
            refusal.unwrap_err().reason,
            "partner:relecloud cannot add customers; only the operator maintains master data"
        );
    }
}
