//! The pop-up around the buy and master-data forms: their fields, the providers' picker of the
//! add-partner form, and the core's live verdict on the action as it stands (`check_action`):
//! what it would do, or which rule refuses it and why. Enter applies it; nothing here changes
//! data.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::buy_form::{self, BuyForm};
use super::json_action_form::JsonActionForm;
use super::master_data_form::{MasterDataForm, P_PROVIDERS};
use crate::display::inert;
use crate::domain::{Action, Actor, Id, Time};
use crate::tui::panes::partner_name;
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;
use crate::tui::widgets::fields::{Fields, FieldsKey, Value};
use crate::tui::widgets::picker::{Item, Picker};
use crate::tui::widgets::verdict::verdict;
use crate::workspace::Workspace;

pub enum FormKind {
    Buy(BuyForm),
    MasterData(MasterDataForm),
    /// Any action as JSON (`apply`).
    Json(JsonActionForm),
}

pub struct ActionForm {
    pub kind: FormKind,
    /// The add-partner form's providers picker, while open.
    picker: Option<Picker<Id>>,
}

/// What a key did to the form.
pub enum FormAnswer {
    Stay,
    Cancel,
    Submit,
}

impl ActionForm {
    pub fn new(kind: FormKind) -> ActionForm {
        ActionForm { kind, picker: None }
    }

    fn fields(&self) -> &Fields {
        match &self.kind {
            FormKind::Buy(f) => &f.fields,
            FormKind::MasterData(f) => &f.fields,
            FormKind::Json(f) => &f.fields,
        }
    }

    fn fields_mut(&mut self) -> &mut Fields {
        match &mut self.kind {
            FormKind::Buy(f) => &mut f.fields,
            FormKind::MasterData(f) => &mut f.fields,
            FormKind::Json(f) => &mut f.fields,
        }
    }

    /// The palette's name of the command, for messages.
    pub fn name(&self) -> &'static str {
        match &self.kind {
            FormKind::Buy(_) => "buy",
            FormKind::MasterData(f) if f.kind == super::master_data_form::MasterKind::Customer => {
                "add-customer"
            }
            FormKind::MasterData(_) => "add-partner",
            FormKind::Json(_) => "apply",
        }
    }

    /// Who acts and what the core is asked, or what the form still lacks.
    pub fn action(&self) -> Result<(Actor, Action), String> {
        match &self.kind {
            FormKind::Buy(f) => f.action(),
            FormKind::MasterData(f) => Ok(f.action()),
            FormKind::Json(f) => f.action(),
        }
    }

    pub fn handle_key(&mut self, ws: &Workspace, key: KeyEvent) -> FormAnswer {
        if let Some(mut picker) = self.picker.take() {
            match key.code {
                KeyCode::Esc => {}
                KeyCode::Enter => self.set_providers(ws, picker.marked().into_iter().cloned()),
                _ => {
                    picker.handle_key(key);
                    self.picker = Some(picker);
                }
            }
            return FormAnswer::Stay;
        }
        match self.fields_mut().handle_key(key) {
            FieldsKey::Stay => FormAnswer::Stay,
            FieldsKey::Cancel => FormAnswer::Cancel,
            FieldsKey::Submit => FormAnswer::Submit,
            FieldsKey::OpenPicker => {
                self.open_providers(ws);
                FormAnswer::Stay
            }
        }
    }

    /// Pasted text lands in the providers' search, or the focused text field; false when
    /// neither has the focus.
    pub fn paste(&mut self, text: &str) -> bool {
        match &mut self.picker {
            Some(picker) => {
                picker.paste(text);
                true
            }
            None => self.fields_mut().paste(text),
        }
    }

    fn open_providers(&mut self, ws: &Workspace) {
        let FormKind::MasterData(form) = &self.kind else {
            return;
        };
        if !form.on_providers() {
            return;
        }
        let items = ws
            .partners()
            .map(|p| Item {
                label: inert(&p.display_name).into_owned(),
                note: format!("{} · {}", p.id, p.billing_model.label()),
                value: p.id.clone(),
            })
            .collect();
        let mut picker =
            Picker::new("Providers — type to search · tab ticks · enter done", items).multi();
        let marks: Vec<usize> = picker
            .items()
            .iter()
            .enumerate()
            .filter(|(_, item)| form.providers.contains(&item.value))
            .map(|(i, _)| i)
            .collect();
        for i in marks {
            picker.set_mark(i, true);
        }
        self.picker = Some(picker);
    }

    fn set_providers(&mut self, ws: &Workspace, chosen: impl Iterator<Item = Id>) {
        let FormKind::MasterData(form) = &mut self.kind else {
            return;
        };
        form.providers = chosen.collect();
        let shown = if form.providers.is_empty() {
            "none".to_string()
        } else {
            form.providers
                .iter()
                .map(|p| partner_name(ws, p))
                .collect::<Vec<_>>()
                .join(", ")
        };
        form.fields.set(P_PROVIDERS, Value::Pick(shown));
    }

    /// Draws the form, its verdict and its open picker, centred in `area`.
    pub fn render(&self, frame: &mut Frame, area: Rect, ws: &Workspace, now: Time, theme: Theme) {
        let popup = centered(area, 96, 24);
        frame.render_widget(Clear, popup);
        let title = match &self.kind {
            FormKind::Buy(f) => f.title(ws),
            FormKind::MasterData(f) => f.title().to_string(),
            FormKind::Json(f) => format!(" Apply an action (JSON) as {} ", f.actor),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(title, theme.heading()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let (fields, height) = match &self.kind {
            // One long text: wrapped over up to eight lines, the end (where typing goes) shown.
            FormKind::Json(f) => {
                // The text field's own spans: its cursor shows where typing goes.
                let spans = f
                    .fields
                    .input(0)
                    .map(|input| input.spans(true, usize::MAX / 2, theme.selected(), theme))
                    .unwrap_or_default();
                let para = Paragraph::new(Line::from(spans)).wrap(Wrap { trim: false });
                let rows = u16::try_from(para.line_count(inner.width)).unwrap_or(u16::MAX);
                let height = rows.clamp(1, 8);
                (para.scroll((rows.saturating_sub(height), 0)), height + 1)
            }
            _ => {
                let lines = self.fields().lines(theme);
                let height = lines.len() as u16 + 1;
                (Paragraph::new(lines), height)
            }
        };
        let [fields_area, preview_area, hint_area] = Layout::vertical([
            Constraint::Length(height),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        frame.render_widget(fields, fields_area);
        frame.render_widget(
            Paragraph::new(self.preview(ws, now, theme)).wrap(Wrap { trim: false }),
            preview_area,
        );
        let hint = match &self.kind {
            FormKind::Json(_) => {
                "type or paste JSON · ←/→ home/end move · ctrl-w word · ctrl-u clears · enter applies · esc cancel".to_string()
            }
            _ => format!(
                "tab/↓ next field · ←/→ change · type to edit · enter {} · esc cancel",
                self.name()
            ),
        };
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim())), hint_area);
        if let Some(picker) = &self.picker {
            picker.render(
                frame,
                centered(area, 80, 20),
                theme,
                "type to search (space too) · tab tick/untick · enter done · esc back",
            );
        }
    }

    /// The core's verdict on the form as it stands, and the rules it checks.
    fn preview(&self, ws: &Workspace, now: Time, theme: Theme) -> Vec<Line<'static>> {
        let mut lines = vec![Line::styled("Preview", theme.heading())];
        match self.action() {
            Ok((actor, action)) => verdict(ws, &actor, &action, now, theme, &mut lines),
            Err(missing) => lines.push(Line::styled(format!("  … {missing}"), theme.warn())),
        }
        let rules = match &self.kind {
            FormKind::Buy(_) => buy_form::RULES,
            FormKind::MasterData(f) => f.rules(),
            FormKind::Json(_) => "every rule its kind checks (partnerdesk rules)",
        };
        lines.push(Line::styled(
            format!("  Rules checked: {rules}"),
            theme.dim(),
        ));
        lines
    }
}
