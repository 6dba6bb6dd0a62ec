//! The access-assignment form (`+`): which security group of the partner's tenant (its object
//! id, a GUID, typed or pasted), its display name, and which of the relationship's own roles
//! the group gets (a checklist of those roles only, GD4). The relationship's partner acts (OP1).
//! This file holds its state and keys; `assign_view.rs` draws it with the core's live preview.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::invite_form::Outcome;
use crate::domain::{Action, Actor, Id};
use crate::tui::widgets::text_input::TextInput;
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssignField {
    Group,
    Name,
    Roles,
}

pub struct AssignForm {
    pub relationship: Id,
    /// The relationship's partner: the one who may assign its access.
    pub partner: Id,
    pub group: TextInput,
    pub name: TextInput,
    /// The relationship's roles (template ids) in its order, each ticked or not.
    pub roles: Vec<(String, bool)>,
    pub field: AssignField,
    /// The role under the cursor in the checklist.
    pub cursor: usize,
}

impl AssignForm {
    /// The form on `relationship`, nothing typed or ticked yet; `None` if it is not GDAP.
    pub fn new(ws: &Workspace, relationship: &Id) -> Option<AssignForm> {
        let r = ws.relationship(relationship)?;
        let g = r.gdap.as_deref()?;
        Some(AssignForm {
            relationship: r.id.clone(),
            partner: r.partner_id.clone(),
            group: TextInput::default(),
            name: TextInput::default(),
            roles: g
                .roles
                .iter()
                .map(|role| (role.to_string(), false))
                .collect(),
            field: AssignField::Group,
            cursor: 0,
        })
    }

    pub fn ticked(&self) -> Vec<String> {
        self.roles
            .iter()
            .filter(|(_, on)| *on)
            .map(|(role, _)| role.clone())
            .collect()
    }

    /// Who acts and what the core is asked, or what is still to fill in. The rules (ID3 for the
    /// GUID, GD4 for the roles) are the core's to check.
    pub fn action(&self) -> Result<(Actor, Action), String> {
        let group = self.group.value().trim();
        if group.is_empty() {
            return Err("type or paste the security group's object id (a GUID)".into());
        }
        Ok((
            Actor::Partner(self.partner.clone()),
            Action::AddAccessAssignment {
                relationship_id: self.relationship.clone(),
                security_group_id: group.to_string(),
                security_group_name: Some(self.name.value().trim().to_string())
                    .filter(|n| !n.is_empty()),
                roles: self.ticked(),
            },
        ))
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        let shift_tab = key.code == KeyCode::BackTab
            || (key.code == KeyCode::Tab && key.modifiers.contains(KeyModifiers::SHIFT));
        // Alt+key is a chord, not text (a quick Esc then a key arrives as one).
        let chord = key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match key.code {
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::Enter => return Outcome::Submit,
            _ if shift_tab => self.step_field(-1),
            KeyCode::Tab => self.step_field(1),
            KeyCode::Down => self.down(),
            KeyCode::Up => self.up(),
            KeyCode::Char(' ') if self.field == AssignField::Roles => {
                if let Some((_, on)) = self.roles.get_mut(self.cursor) {
                    *on = !*on;
                }
            }
            KeyCode::Char(_) if chord && !key.modifiers.contains(KeyModifiers::CONTROL) => {}
            _ => {
                if let Some(text) = self.text_mut() {
                    text.handle_key(&key);
                }
            }
        }
        Outcome::Stay
    }

    /// Pasted text (a group's object id) lands in the focused text field; false on the roles.
    pub fn paste(&mut self, text: &str) -> bool {
        match self.text_mut() {
            Some(input) => input.paste(text),
            None => false,
        }
    }

    fn text_mut(&mut self) -> Option<&mut TextInput> {
        match self.field {
            AssignField::Group => Some(&mut self.group),
            AssignField::Name => Some(&mut self.name),
            AssignField::Roles => None,
        }
    }

    fn step_field(&mut self, delta: isize) {
        const ORDER: [AssignField; 3] = [AssignField::Group, AssignField::Name, AssignField::Roles];
        let pos = ORDER.iter().position(|f| *f == self.field).unwrap_or(0) as isize;
        self.field = ORDER[(pos + delta).rem_euclid(ORDER.len() as isize) as usize];
        if let Some(input) = self.text_mut() {
            input.focus();
        }
    }

    /// ↓ moves through the checklist's roles, and between fields elsewhere.
    fn down(&mut self) {
        if self.field == AssignField::Roles && self.cursor + 1 < self.roles.len() {
            self.cursor += 1;
        } else if self.field != AssignField::Roles {
            self.step_field(1);
        }
    }

    fn up(&mut self) {
        if self.field == AssignField::Roles && self.cursor > 0 {
            self.cursor -= 1;
        } else {
            self.step_field(-1);
        }
    }
}
