//! The invite form: who invites (the partner acts), whom, what kind, and for GDAP the roles
//! (a searchable multi-select of Microsoft Entra built-in roles and named templates), duration
//! and auto-extend; for an indirect reseller, the provider. A live preview asks the core
//! (`check_action`) what would happen and which rule would refuse it; Enter confirms.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::picker::{Item, Picker};
use crate::core::duration::{AutoExtend, DurationDays};
use crate::core::roles::{ROLE_TEMPLATES, all_roles, find_role, role_name};
use crate::core::{
    Action, Actor, BillingModel, GdapRequest, Id, InvitationKind, Time, Workspace, check_action,
};
use crate::display::inert;
use crate::tui::panes::{customer_name, partner_name};
use crate::tui::theme::Theme;

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

const KINDS: [InvitationKind; 3] = [
    InvitationKind::Reseller,
    InvitationKind::ResellerAndDelegatedAdmin,
    InvitationKind::Gdap,
];

pub struct InviteForm {
    pub partner: Option<Id>,
    pub customer: Option<Id>,
    pub kind: InvitationKind,
    pub provider: Option<Id>,
    pub name: String,
    /// Role template ids, in catalogue order.
    pub roles: Vec<String>,
    pub duration: String,
    pub auto_extend: bool,
    pub field: Field,
    pub picker: Option<FieldPicker>,
    /// Partners in display order, for ←/→.
    partners: Vec<Id>,
}

impl InviteForm {
    pub fn new(
        ws: &Workspace,
        partners: Vec<Id>,
        partner: Option<Id>,
        customer: Option<Id>,
    ) -> InviteForm {
        let partner = partner.or_else(|| partners.first().cloned());
        let roles = ROLE_TEMPLATES
            .first()
            .map(|t| {
                t.roles
                    .iter()
                    .filter_map(|r| find_role(r))
                    .map(|r| r.template_id.clone())
                    .collect()
            })
            .unwrap_or_default();
        let mut form = InviteForm {
            partner,
            customer,
            kind: InvitationKind::Reseller,
            provider: None,
            name: String::new(),
            roles,
            duration: "730".into(),
            auto_extend: false,
            field: Field::Partner,
            picker: None,
            partners,
        };
        form.reset_provider(ws);
        form
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
        let mut fields = vec![Field::Partner, Field::Customer, Field::Kind];
        if self.kind == InvitationKind::Gdap {
            fields.extend([
                Field::Name,
                Field::Roles,
                Field::Duration,
                Field::AutoExtend,
            ]);
        } else if self.is_indirect_reseller(ws) {
            fields.push(Field::Provider);
        }
        fields
    }

    /// Who acts and what the core is asked, or why the form is not complete.
    pub fn action(&self, ws: &Workspace) -> Result<(Actor, Action), String> {
        let partner = self.partner.clone().ok_or("choose the inviting partner")?;
        let customer_id = self
            .customer
            .clone()
            .ok_or("choose the customer to invite")?;
        let gdap = (self.kind == InvitationKind::Gdap).then(|| GdapRequest {
            display_name: Some(self.name.trim().to_string()).filter(|n| !n.is_empty()),
            roles: self.roles.clone(),
            duration: DurationDays(self.duration.trim().parse().unwrap_or(0)),
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
            },
        ))
    }

    fn step_field(&mut self, ws: &Workspace, delta: isize) {
        let fields = self.fields(ws);
        let pos = fields.iter().position(|f| *f == self.field).unwrap_or(0) as isize;
        let next = (pos + delta).rem_euclid(fields.len() as isize) as usize;
        self.field = fields[next];
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
                        label: p.display_name.clone(),
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
                        note: c.country.clone(),
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
        let mut items: Vec<Item<RolePick>> = ROLE_TEMPLATES
            .iter()
            .enumerate()
            .map(|(i, t)| Item {
                label: format!("Template: {}", t.name),
                note: t.roles.join(", "),
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
        let mut picker = Picker::new("GDAP roles (space ticks, enter done)", items).multi();
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
            KeyCode::Left => self.cycle(ws, -1),
            KeyCode::Right => self.cycle(ws, 1),
            KeyCode::Backspace => match self.field {
                Field::Name => {
                    self.name.pop();
                }
                Field::Duration => {
                    self.duration.pop();
                }
                _ => {}
            },
            KeyCode::Char(ch) if !key.modifiers.contains(KeyModifiers::CONTROL) => match self.field
            {
                Field::Name => self.name.push(ch),
                Field::Duration if ch.is_ascii_digit() && self.duration.len() < 5 => {
                    self.duration.push(ch)
                }
                Field::Kind | Field::Provider | Field::AutoExtend if ch == ' ' => self.cycle(ws, 1),
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
        match (&mut picker, key.code) {
            (FieldPicker::Partner(p) | FieldPicker::Customer(p), code) => {
                list_key(p, code, key.modifiers)
            }
            (FieldPicker::Roles(p), KeyCode::Char(' ')) => toggle_role(p),
            (FieldPicker::Roles(p), code) => list_key(p, code, key.modifiers),
        }
        self.picker = Some(picker);
    }

    /// Draws the form (and its open picker) centred in `area`.
    pub fn render(&self, frame: &mut Frame, area: Rect, ws: &Workspace, now: Time, theme: Theme) {
        let popup = centered(area, 96, 32);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(
                " Invite — a partner asks a customer for a relationship ",
                theme.heading(),
            ));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let fields = self.fields(ws);
        let [fields_area, preview_area, hint_area] = Layout::vertical([
            Constraint::Length(fields.len() as u16 + 1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let lines: Vec<Line> = fields
            .iter()
            .map(|f| self.field_line(*f, ws, theme))
            .collect();
        frame.render_widget(Paragraph::new(lines), fields_area);
        frame.render_widget(
            Paragraph::new(self.preview(ws, now, theme)).wrap(Wrap { trim: false }),
            preview_area,
        );
        let hint = "tab/↓ next field · ←/→ change · type to search · space pick · enter invite · esc cancel";
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim())), hint_area);
        let picker_area = centered(area, 80, 24);
        match &self.picker {
            Some(FieldPicker::Partner(p)) | Some(FieldPicker::Customer(p)) => p.render(
                frame,
                picker_area,
                theme,
                "type to search · ↑/↓ move · enter choose · esc back",
            ),
            Some(FieldPicker::Roles(p)) => p.render(
                frame,
                picker_area,
                theme,
                "type to search · space tick/untick · enter done · esc back",
            ),
            None => {}
        }
    }

    fn field_line(&self, field: Field, ws: &Workspace, theme: Theme) -> Line<'static> {
        let (label, value) = match field {
            Field::Partner => (
                "Partner (acts)",
                self.partner.as_ref().map_or("— choose —".into(), |p| {
                    let model = ws.partner(p).map_or("", |p| p.billing_model.label());
                    format!("‹ {} › {model}", partner_name(ws, p))
                }),
            ),
            Field::Customer => (
                "Customer",
                self.customer
                    .as_ref()
                    .map_or("— type to search —".into(), |c| {
                        let domain = ws
                            .customer(c)
                            .map(|c| inert(&c.domain).into_owned())
                            .unwrap_or_default();
                        format!("{} ({domain})", customer_name(ws, c))
                    }),
            ),
            Field::Kind => (
                "Kind",
                format!(
                    "‹ {} ›  (reseller · reseller + DAP · GDAP)",
                    self.kind.label()
                ),
            ),
            Field::Provider => (
                "Via provider",
                self.provider
                    .as_ref()
                    .map_or("— none authorizes it —".into(), |p| {
                        format!("‹ {} ›", partner_name(ws, p))
                    }),
            ),
            Field::Name => (
                "GDAP name",
                if self.name.is_empty() {
                    "(default: Partner - Customer)".into()
                } else {
                    inert(&self.name).into_owned()
                },
            ),
            Field::Roles => (
                "Roles",
                if self.roles.is_empty() {
                    "— none: space to pick —".into()
                } else {
                    self.roles
                        .iter()
                        .map(|r| role_name(r))
                        .collect::<Vec<_>>()
                        .join(", ")
                },
            ),
            Field::Duration => ("Duration", format!("{} days (1–730)", self.duration)),
            Field::AutoExtend => (
                "Auto-extend",
                if self.auto_extend {
                    "‹ on: P180D ›".into()
                } else {
                    "‹ off ›".into()
                },
            ),
        };
        let focused = field == self.field && self.picker.is_none();
        let marker = if focused { "▶ " } else { "  " };
        let mut value_span = Span::raw(value);
        if focused {
            value_span = value_span.style(theme.selected());
        }
        Line::from(vec![
            Span::styled(marker, theme.key()),
            Span::styled(format!("{label:<15}"), theme.dim()),
            value_span,
        ])
    }

    /// The core's verdict on the form as it stands, and the rules it checks.
    fn preview(&self, ws: &Workspace, now: Time, theme: Theme) -> Vec<Line<'static>> {
        let mut lines = vec![Line::styled("Preview", theme.heading())];
        let (actor, action) = match self.action(ws) {
            Ok(pair) => pair,
            Err(missing) => {
                lines.push(Line::styled(format!("  … {missing}"), theme.warn()));
                return lines;
            }
        };
        match check_action(ws, &actor, &action, now) {
            Ok(events) => {
                let who = match &actor {
                    Actor::Partner(p) => partner_name(ws, p),
                    other => other.to_string(),
                };
                lines.push(Line::styled(
                    format!("  ✓ allowed — Enter applies it, acting as {who}:"),
                    theme.ok(),
                ));
                for event in events {
                    lines.push(Line::raw(format!("    {}", inert(&event.to_string()))));
                }
            }
            Err(refusal) => {
                let rule = refusal.rule.rule();
                lines.push(Line::styled(
                    format!("  ✗ refused by {} — {}", refusal.rule, rule.title),
                    theme.error(),
                ));
                lines.push(Line::raw(format!("    {}", inert(&refusal.reason))));
                lines.push(Line::styled(
                    format!("    {}: {}", refusal.rule, rule.explanation),
                    theme.dim(),
                ));
            }
        }
        let checked = if self.kind == InvitationKind::Gdap {
            "MP7 (partners ask) · IV3 (no duplicates) · GD3 roles · GD1 duration · GD2 auto-extend · GD6 name"
        } else {
            "MP7 (partners ask) · MP6 (no CSP-to-CSP) · IV4 (provider) · IV3 (no duplicates)"
        };
        lines.push(Line::styled(
            format!("  Rules checked: {checked}"),
            theme.dim(),
        ));
        lines.push(Line::styled(
            "  then on every record touched: MP1–MP5 (nothing else changes) · WS1–WS3 (integrity)",
            theme.dim(),
        ));
        lines
    }
}

fn list_key<T>(p: &mut Picker<T>, code: KeyCode, modifiers: KeyModifiers) {
    match code {
        KeyCode::Up => p.move_by(-1),
        KeyCode::Down => p.move_by(1),
        KeyCode::PageUp => p.move_by(-10),
        KeyCode::PageDown => p.move_by(10),
        KeyCode::Backspace => p.pop_char(),
        KeyCode::Char(ch) if !modifiers.contains(KeyModifiers::CONTROL) => p.push_char(ch),
        _ => {}
    }
}

/// Space on a template ticks all its roles (or unticks them when all are ticked already).
fn toggle_role(p: &mut Picker<RolePick>) {
    let Some(RolePick::Template(t)) = p.selected().cloned() else {
        p.toggle_selected();
        return;
    };
    let ids: Vec<String> = ROLE_TEMPLATES[t]
        .roles
        .iter()
        .filter_map(|r| find_role(r))
        .map(|r| r.template_id.clone())
        .collect();
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

/// A rectangle of at most `width`×`height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
