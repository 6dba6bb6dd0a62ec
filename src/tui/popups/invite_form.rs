//! The invite form: who invites (the partner acts), whom, what kind, and for GDAP the roles
//! (a searchable multi-select of Microsoft Entra built-in roles and named templates), duration
//! and auto-extend; for an indirect reseller, the provider. This file holds its state and keys;
//! `invite_view.rs` draws it with the core's live preview. Enter confirms.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::duration::{AutoExtend, DurationDays};
use crate::domain::review::renewal_name;
use crate::domain::roles::{all_roles, role_name};
use crate::domain::{Action, Actor, BillingModel, GdapRequest, Id, InvitationKind};
use crate::store::user_templates;
use crate::tui::widgets::picker::{Item, Picker};
use crate::tui::widgets::text_input::TextInput;
use crate::workspace::Workspace;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Partner,
    Customer,
    Kind,
    Provider,
    Name,
    Roles,
    Duration,
    AutoExtend,
    /// GDAP: lock for approval at once, or keep an editable draft (GD7).
    Draft,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RolePick {
    Template(usize),
    Role(String),
}

pub enum FieldPicker {
    Partner(Picker<Id>),
    Customer(Picker<Id>),
    Roles(Picker<RolePick>),
}

pub enum Outcome {
    Stay,
    Cancel,
    Submit,
}

/// The kinds the form offers: DAP was retired on 9 October 2023 (DP1), so not reseller + DAP.
const KINDS: [InvitationKind; 2] = [InvitationKind::Reseller, InvitationKind::Gdap];

pub struct InviteForm {
    pub partner: Option<Id>,
    pub customer: Option<Id>,
    pub kind: InvitationKind,
    pub provider: Option<Id>,
    pub name: TextInput,
    /// Role template ids, in catalogue order.
    pub roles: Vec<String>,
    /// Days; the value already there is selected when the field gets the focus, so typing 90
    /// over 730 gives 90 (←/→ first keep it for editing).
    pub duration: TextInput,
    pub auto_extend: bool,
    /// GDAP: create a draft instead of creating and locking at once.
    pub draft: bool,
    pub field: Field,
    pub picker: Option<FieldPicker>,
    /// A bulk invite: the customers marked in the Customers pane (the customer field is then
    /// fixed to them). Empty for a single invitation.
    pub batch: Vec<Id>,
    /// Partners in display order, for ←/→.
    partners: Vec<Id>,
    /// Editing a draft GDAP relationship (GD7) instead of inviting: its id and the partner that
    /// made it, who acts.
    pub editing: Option<(Id, Id)>,
    /// Renewing a GDAP relationship: its id. The form is then a GDAP invite from the same
    /// partner to the same customer (both fixed), pre-filled from it.
    pub renewing: Option<Id>,
}

impl InviteForm {
    pub fn new(
        ws: &Workspace,
        partners: Vec<Id>,
        partner: Option<Id>,
        customer: Option<Id>,
    ) -> InviteForm {
        let partner = partner.or_else(|| partners.first().cloned());
        let roles = templates()
            .first()
            .map(|t| t.roles.clone())
            .unwrap_or_default();
        let mut form = InviteForm {
            partner,
            customer,
            kind: InvitationKind::Reseller,
            provider: None,
            name: TextInput::default(),
            roles,
            duration: TextInput::digits("730", 5),
            auto_extend: false,
            draft: false,
            field: Field::Partner,
            picker: None,
            batch: Vec::new(),
            partners,
            editing: None,
            renewing: None,
        };
        form.reset_provider(ws);
        form
    }

    /// The form on a draft GDAP relationship, its fields as the draft has them: Enter edits it.
    pub fn edit_draft(ws: &Workspace, relationship: &Id) -> Option<InviteForm> {
        let r = ws.relationship(relationship)?;
        let g = r.gdap.as_deref()?;
        let maker = r
            .via_partner_id
            .clone()
            .unwrap_or_else(|| r.partner_id.clone());
        let mut form = InviteForm::new(
            ws,
            Vec::new(),
            Some(r.partner_id.clone()),
            Some(r.customer_id.clone()),
        );
        form.kind = InvitationKind::Gdap;
        form.name.set_value(g.display_name.to_string());
        form.roles = g.roles.iter().map(|role| role.to_string()).collect();
        form.duration.set_value(g.duration.0.to_string());
        form.auto_extend = g.auto_extend_duration.is_on();
        form.field = Field::Name;
        form.name.focus();
        form.editing = Some((r.id.clone(), maker));
        Some(form)
    }

    /// The form renewing a GDAP relationship: a new GDAP request from its partner to its
    /// customer with its roles, duration and auto-extension, named "<its name> renewal" (cut
    /// and numbered so GD6 accepts it). The partner acts; Enter sends the request.
    pub fn renew(ws: &Workspace, relationship: &Id) -> Option<InviteForm> {
        let r = ws.relationship(relationship)?;
        let g = r.gdap.as_deref()?;
        let mut form = InviteForm::new(
            ws,
            Vec::new(),
            Some(r.partner_id.clone()),
            Some(r.customer_id.clone()),
        );
        form.kind = InvitationKind::Gdap;
        form.name
            .set_value(renewal_name(ws, &r.partner_id, &g.display_name));
        form.roles = g.roles.iter().map(|role| role.to_string()).collect();
        form.duration.set_value(g.duration.0.to_string());
        form.auto_extend = g.auto_extend_duration.is_on();
        form.field = Field::Name;
        form.name.focus();
        form.renewing = Some(r.id.clone());
        Some(form)
    }

    fn reset_provider(&mut self, ws: &Workspace) {
        self.provider = self
            .partner
            .as_ref()
            .and_then(|p| ws.partner(p))
            .and_then(|p| p.providers.first().cloned());
    }

    fn is_indirect_reseller(&self, ws: &Workspace) -> bool {
        self.partner
            .as_ref()
            .and_then(|p| ws.partner(p))
            .is_some_and(|p| p.billing_model == BillingModel::IndirectReseller)
    }

    /// The fields shown for the current kind and partner, in order.
    pub fn fields(&self, ws: &Workspace) -> Vec<Field> {
        if self.editing.is_some() {
            return vec![
                Field::Name,
                Field::Roles,
                Field::Duration,
                Field::AutoExtend,
            ];
        }
        if self.renewing.is_some() {
            return vec![
                Field::Partner,
                Field::Customer,
                Field::Name,
                Field::Roles,
                Field::Duration,
                Field::AutoExtend,
                Field::Draft,
            ];
        }
        let mut fields = vec![Field::Partner, Field::Customer, Field::Kind];
        if self.kind == InvitationKind::Gdap {
            fields.extend([
                Field::Name,
                Field::Roles,
                Field::Duration,
                Field::AutoExtend,
                Field::Draft,
            ]);
        } else if self.is_indirect_reseller(ws) {
            fields.push(Field::Provider);
        }
        fields
    }

    /// Who acts and what the core is asked, or why the form is not complete.
    pub fn action(&self, ws: &Workspace) -> Result<(Actor, Action), String> {
        if let Some((relationship_id, maker)) = &self.editing {
            return Ok((
                Actor::Partner(maker.clone()),
                Action::EditDraft {
                    relationship_id: relationship_id.clone(),
                    display_name: Some(self.name.value().trim().to_string()),
                    roles: Some(self.roles.clone()),
                    duration: Some(DurationDays(
                        self.duration.value().trim().parse().unwrap_or(0),
                    )),
                    auto_extend_duration: Some(AutoExtend::from_flag(self.auto_extend)),
                },
            ));
        }
        let partner = self.partner.clone().ok_or("choose the inviting partner")?;
        let customer_id = self
            .customer
            .clone()
            .ok_or("choose the customer to invite")?;
        let gdap = (self.kind == InvitationKind::Gdap).then(|| GdapRequest {
            display_name: Some(self.name.value().trim().to_string()).filter(|n| !n.is_empty()),
            roles: self.roles.clone(),
            duration: DurationDays(self.duration.value().trim().parse().unwrap_or(0)),
            auto_extend_duration: AutoExtend::from_flag(self.auto_extend),
        });
        let via_provider_id = if self.fields(ws).contains(&Field::Provider) {
            self.provider.clone()
        } else {
            None
        };
        Ok((
            Actor::Partner(partner),
            Action::Invite {
                customer_id,
                kind: self.kind,
                via_provider_id,
                gdap,
                draft: self.kind == InvitationKind::Gdap && self.draft,
                for_reseller: None,
            },
        ))
    }

    /// One `(customer, actor, action)` per customer invited: the marked ones of a bulk invite,
    /// or the form's one customer.
    pub fn actions(&self, ws: &Workspace) -> Result<Vec<(Id, Actor, Action)>, String> {
        if self.batch.is_empty() {
            let (actor, action) = self.action(ws)?;
            let customer = self.customer.clone().unwrap_or_else(|| Id::new(""));
            return Ok(vec![(customer, actor, action)]);
        }
        let mut one = InviteForm {
            partners: Vec::new(),
            picker: None,
            batch: Vec::new(),
            partner: self.partner.clone(),
            customer: None,
            kind: self.kind,
            provider: self.provider.clone(),
            name: self.name.clone(),
            roles: self.roles.clone(),
            duration: self.duration.clone(),
            auto_extend: self.auto_extend,
            draft: self.draft,
            field: self.field,
            editing: None,
            renewing: None,
        };
        let mut out = Vec::new();
        for customer in &self.batch {
            one.customer = Some(customer.clone());
            let (actor, action) = one.action(ws)?;
            out.push((customer.clone(), actor, action));
        }
        Ok(out)
    }

    fn step_field(&mut self, ws: &Workspace, delta: isize) {
        let fields = self.fields(ws);
        let pos = fields.iter().position(|f| *f == self.field).unwrap_or(0) as isize;
        let next = (pos + delta).rem_euclid(fields.len() as isize) as usize;
        self.field = fields[next];
        match self.field {
            Field::Name => self.name.focus(),
            Field::Duration => self.duration.focus(),
            _ => {}
        }
    }

    /// Pasted text lands in the focused text field, or the open picker's search; false when
    /// neither has the focus.
    pub fn paste(&mut self, text: &str) -> bool {
        match &mut self.picker {
            Some(FieldPicker::Partner(p)) | Some(FieldPicker::Customer(p)) => p.paste(text),
            Some(FieldPicker::Roles(p)) => p.paste(text),
            None => match self.field {
                Field::Name => {
                    self.name.paste(text);
                }
                Field::Duration => {
                    self.duration.paste(text);
                }
                _ => return false,
            },
        }
        true
    }

    fn cycle(&mut self, ws: &Workspace, delta: isize) {
        match self.field {
            Field::Partner if !self.partners.is_empty() => {
                let pos = self
                    .partner
                    .as_ref()
                    .and_then(|p| self.partners.iter().position(|x| x == p));
                let next = pos.map_or(0, |p| {
                    (p as isize + delta).rem_euclid(self.partners.len() as isize) as usize
                });
                self.partner = Some(self.partners[next].clone());
                self.reset_provider(ws);
            }
            Field::Kind => {
                let pos = KINDS.iter().position(|k| *k == self.kind).unwrap_or(0) as isize;
                self.kind = KINDS[(pos + delta).rem_euclid(KINDS.len() as isize) as usize];
            }
            Field::Provider => {
                let providers = self
                    .partner
                    .as_ref()
                    .and_then(|p| ws.partner(p))
                    .map(|p| p.providers.clone())
                    .unwrap_or_default();
                if !providers.is_empty() {
                    let pos = self
                        .provider
                        .as_ref()
                        .and_then(|p| providers.iter().position(|x| x == p));
                    let next = pos.map_or(0, |p| {
                        (p as isize + delta).rem_euclid(providers.len() as isize) as usize
                    });
                    self.provider = Some(providers[next].clone());
                }
            }
            Field::AutoExtend => self.auto_extend = !self.auto_extend,
            Field::Draft => self.draft = !self.draft,
            _ => {}
        }
    }

    fn open_picker(&mut self, ws: &Workspace, first: Option<char>) {
        let picker = match self.field {
            Field::Partner => {
                let items = self
                    .partners
                    .iter()
                    .filter_map(|id| ws.partner(id))
                    .map(|p| Item {
                        label: p.display_name.to_string(),
                        note: format!("{} · {}", p.partner_id, p.billing_model.label()),
                        value: p.id.clone(),
                    })
                    .collect();
                let mut picker = Picker::new("Inviting partner", items);
                if let Some(p) = &self.partner {
                    picker.select_where(|v| v == p);
                }
                FieldPicker::Partner(picker)
            }
            Field::Customer => {
                let items = ws
                    .customers()
                    .map(|c| Item {
                        label: format!("{} {}", c.display_name, c.domain),
                        note: c.country.to_string(),
                        value: c.id.clone(),
                    })
                    .collect();
                let mut picker = Picker::new("Customer to invite", items);
                if let Some(c) = &self.customer {
                    picker.select_where(|v| v == c);
                }
                FieldPicker::Customer(picker)
            }
            Field::Roles => FieldPicker::Roles(self.role_picker()),
            _ => return,
        };
        self.picker = Some(picker);
        if let Some(ch) = first {
            match &mut self.picker {
                Some(FieldPicker::Partner(p)) | Some(FieldPicker::Customer(p)) => p.push_char(ch),
                Some(FieldPicker::Roles(p)) => p.push_char(ch),
                None => {}
            }
        }
    }

    fn role_picker(&self) -> Picker<RolePick> {
        let mut items: Vec<Item<RolePick>> = templates()
            .iter()
            .enumerate()
            .map(|(i, t)| Item {
                label: format!("Template: {}", t.name),
                note: t
                    .roles
                    .iter()
                    .map(|r| role_name(r))
                    .collect::<Vec<_>>()
                    .join(", "),
                value: RolePick::Template(i),
            })
            .collect();
        items.extend(all_roles().iter().map(|r| Item {
            label: r.name.clone(),
            note: if r.privileged {
                "privileged".into()
            } else {
                String::new()
            },
            value: RolePick::Role(r.template_id.clone()),
        }));
        let mut picker = Picker::new(
            "GDAP roles — type to search · tab ticks · enter done",
            items,
        )
        .multi()
        .counting(|v| matches!(v, RolePick::Role(_)));
        let marks: Vec<usize> = picker
            .items()
            .iter()
            .enumerate()
            .filter(
                |(_, item)| matches!(&item.value, RolePick::Role(id) if self.roles.contains(id)),
            )
            .map(|(i, _)| i)
            .collect();
        for i in marks {
            picker.set_mark(i, true);
        }
        mark_applied_templates(&mut picker);
        picker
    }

    pub fn handle_key(&mut self, ws: &Workspace, key: KeyEvent) -> Outcome {
        if self.picker.is_some() {
            self.picker_key(ws, key);
            return Outcome::Stay;
        }
        let shift_tab = key.code == KeyCode::BackTab
            || (key.code == KeyCode::Tab && key.modifiers.contains(KeyModifiers::SHIFT));
        match key.code {
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::Enter => return Outcome::Submit,
            _ if shift_tab => self.step_field(ws, -1),
            KeyCode::Up => self.step_field(ws, -1),
            KeyCode::Tab | KeyCode::Down => self.step_field(ws, 1),
            _ if self.field == Field::Name => {
                self.name.handle_key(&key);
            }
            _ if self.field == Field::Duration => {
                self.duration.handle_key(&key);
            }
            KeyCode::Left => self.cycle(ws, -1),
            KeyCode::Right => self.cycle(ws, 1),
            KeyCode::Char(ch) if !key.modifiers.contains(KeyModifiers::CONTROL) => match self.field
            {
                Field::Kind | Field::Provider | Field::AutoExtend | Field::Draft if ch == ' ' => {
                    self.cycle(ws, 1)
                }
                Field::Customer if !self.batch.is_empty() => {}
                // A renewal stays between the renewed relationship's partner and customer.
                Field::Partner | Field::Customer if self.renewing.is_some() => {}
                Field::Partner | Field::Customer | Field::Roles if ch == ' ' => {
                    self.open_picker(ws, None)
                }
                Field::Partner | Field::Customer | Field::Roles => self.open_picker(ws, Some(ch)),
                _ => {}
            },
            _ => {}
        }
        Outcome::Stay
    }

    fn picker_key(&mut self, ws: &Workspace, key: KeyEvent) {
        let Some(mut picker) = self.picker.take() else {
            return;
        };
        match key.code {
            KeyCode::Esc => return,
            KeyCode::Enter => {
                match &picker {
                    FieldPicker::Partner(p) => {
                        if let Some(id) = p.selected().cloned() {
                            self.partner = Some(id);
                            self.reset_provider(ws);
                        }
                    }
                    FieldPicker::Customer(p) => {
                        if let Some(id) = p.selected().cloned() {
                            self.customer = Some(id);
                        }
                    }
                    FieldPicker::Roles(p) => {
                        self.roles = p
                            .marked()
                            .into_iter()
                            .filter_map(|v| match v {
                                RolePick::Role(id) => Some(id.clone()),
                                RolePick::Template(_) => None,
                            })
                            .collect();
                    }
                }
                return;
            }
            _ => {}
        }
        let back_tab = key.code == KeyCode::BackTab
            || (key.code == KeyCode::Tab && key.modifiers.contains(KeyModifiers::SHIFT));
        match (&mut picker, key.code) {
            (FieldPicker::Partner(p) | FieldPicker::Customer(p), _) => {
                p.handle_key(key);
            }
            // Tab ticks (a template: all its roles) and moves on; Shift-Tab ticks and stays.
            (FieldPicker::Roles(p), _) if back_tab => {
                toggle_role(p);
                mark_applied_templates(p);
            }
            (FieldPicker::Roles(p), KeyCode::Tab) => {
                toggle_role(p);
                mark_applied_templates(p);
                p.move_by(1);
            }
            (FieldPicker::Roles(p), _) => {
                p.handle_key(key);
            }
        }
        self.picker = Some(picker);
    }
}

/// Tab on a template ticks all its roles (or unticks them when all are ticked already).
fn toggle_role(p: &mut Picker<RolePick>) {
    let Some(RolePick::Template(t)) = p.selected().cloned() else {
        p.toggle_selected();
        return;
    };
    let ids: Vec<String> = templates()
        .get(t)
        .map(|template| template.roles.clone())
        .unwrap_or_default();
    let positions: Vec<usize> = p
        .items()
        .iter()
        .enumerate()
        .filter(|(_, item)| matches!(&item.value, RolePick::Role(id) if ids.contains(id)))
        .map(|(i, _)| i)
        .collect();
    let all_on = positions.iter().all(|&i| p.is_marked(i));
    for i in positions {
        p.set_mark(i, !all_on);
    }
}

/// A template row shows ticked when every one of its roles is: the template is applied.
fn mark_applied_templates(p: &mut Picker<RolePick>) {
    let marked: Vec<String> = p
        .marked()
        .into_iter()
        .filter_map(|v| match v {
            RolePick::Role(id) => Some(id.clone()),
            RolePick::Template(_) => None,
        })
        .collect();
    let templates: Vec<(usize, bool)> = p
        .items()
        .iter()
        .enumerate()
        .filter_map(|(i, item)| match item.value {
            RolePick::Template(t) => {
                let applied = templates()
                    .get(t)
                    .is_some_and(|template| template.roles.iter().all(|r| marked.contains(r)));
                Some((i, applied))
            }
            RolePick::Role(_) => None,
        })
        .collect();
    for (i, applied) in templates {
        p.set_mark(i, applied);
    }
}

/// The role templates of this process (built-in and the user's), one catalogue for every face.
fn templates() -> &'static [crate::domain::templates::Template] {
    &user_templates::catalogue().catalogue.templates
}
