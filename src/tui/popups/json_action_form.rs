//! The apply form (`!`, `:apply`): any action as JSON, the CLI's `apply` from the keyboard, for
//! the changes no other form makes (editing a customer's or partner's master data, an action
//! copied from a script or from `partnerdesk history --json`). It opens pre-filled with an action
//! on the selected record, so the shape is there to edit; the acting actor is the app's. The core
//! parses nothing here: the text becomes an `Action` through the same serde shape as the CLI's.

use serde_json::Value as Json;

use crate::domain::{Action, Actor};
use crate::tui::widgets::fields::{Field, Fields, Value};

/// The longest action text accepted, as the CLI's `apply` reading standard input.
pub const MAX_ACTION_CHARS: usize = 1 << 20;

pub struct JsonActionForm {
    pub fields: Fields,
    pub actor: Actor,
}

impl JsonActionForm {
    /// The form for `actor`, holding `start` (an action on the selection) as pretty-free JSON.
    pub fn new(actor: Actor, start: Option<&Action>) -> JsonActionForm {
        let text = start
            .and_then(|action| serde_json::to_string(action).ok())
            .unwrap_or_default();
        let mut fields = Fields::new(vec![Field {
            label: "Action (JSON)",
            value: Value::text(text, MAX_ACTION_CHARS),
            hint: String::new(),
        }]);
        // The action is a shape to edit, not a value to type over: the cursor waits at its end.
        if let Some(Value::Input(input)) = fields.fields.get_mut(0).map(|f| &mut f.value) {
            input.deselect();
        }
        JsonActionForm { fields, actor }
    }

    pub fn text(&self) -> &str {
        self.fields.text(0)
    }

    /// The action typed, or why it is not one yet (the JSON error, with its line and column).
    pub fn action(&self) -> Result<(Actor, Action), String> {
        let text = self.text().trim();
        if text.is_empty() {
            return Err(r#"type an action, e.g. {"type":"accept","invitationId":"inv-3"}"#.into());
        }
        match serde_json::from_str::<Action>(text) {
            Ok(action) => Ok((self.actor.clone(), action)),
            Err(err) => Err(match serde_json::from_str::<Json>(text) {
                Ok(_) => format!("not an action: {err}"),
                Err(_) => format!("not JSON yet: {err}"),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Id;

    #[test]
    fn a_prefilled_action_parses_back_to_itself() {
        let accept = Action::Accept {
            invitation_id: Id::new("inv-3"),
        };
        let form = JsonActionForm::new(Actor::Operator, Some(&accept));
        let (actor, action) = form.action().unwrap();
        assert_eq!(actor, Actor::Operator);
        assert_eq!(action, accept);
    }

    #[test]
    fn broken_json_and_unknown_shapes_say_which() {
        let mut form = JsonActionForm::new(Actor::Operator, None);
        assert!(form.action().unwrap_err().starts_with("type an action"));
        form.fields
            .set(0, Value::text(r#"{"type":"accept""#, MAX_ACTION_CHARS));
        assert!(form.action().unwrap_err().starts_with("not JSON yet"));
        form.fields.set(
            0,
            Value::text(r#"{"type":"fly","to":"moon"}"#, MAX_ACTION_CHARS),
        );
        assert!(form.action().unwrap_err().starts_with("not an action"));
    }
}
