//! Drawing the invite form: its fields, the open picker, and a live preview in which the core
//! (`check_action`) says what the invitation would create or which rule refuses it, with the
//! rule's explanation. Nothing here changes data.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::invite_form::{Field, FieldPicker, InviteForm};
use crate::display::inert;
use crate::domain::roles::role_name;
use crate::domain::{InvitationKind, Time, apply, check_action};
use crate::tui::panes::{customer_name, partner_name};
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;
use crate::tui::widgets::verdict::verdict;
use crate::workspace::Workspace;

impl InviteForm {
    /// Draws the form (and its open picker) centred in `area`.
    pub fn render(&self, frame: &mut Frame, area: Rect, ws: &Workspace, now: Time, theme: Theme) {
        let popup = centered(area, 96, 32);
        frame.render_widget(Clear, popup);
        let title = match (&self.editing, &self.renewing) {
            (Some((id, _)), _) => {
                format!(" Edit draft {id} — only a draft (created) changes (GD7) ")
            }
            (None, Some(id)) => {
                format!(" Renew {id} — a new GDAP request to the same customer ")
            }
            (None, None) => " Invite — a partner asks a customer for a relationship ".to_string(),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(title, theme.heading()));
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
        let hint = if self.renewing.is_some() {
            "tab next · ←/→ change · type to replace · space pick · enter send renewal · esc"
        } else if self.editing.is_some() {
            "tab next · ←/→ change · type to replace · space pick · enter save draft · esc"
        } else {
            "tab next · ←/→ change · type to replace · space pick · enter invite · esc"
        };
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
                "type to search (space too) · tab tick/untick · enter done · esc back",
            ),
            None => {}
        }
    }

    /// A bulk invite's preview: each marked customer allowed or refused (with the rule), each
    /// checked by the core on the state the ones before it would leave.
    fn batch_preview(
        &self,
        ws: &Workspace,
        now: Time,
        theme: Theme,
        lines: &mut Vec<Line<'static>>,
    ) {
        let items = match self.actions(ws) {
            Ok(items) => items,
            Err(missing) => {
                lines.push(Line::styled(format!("  … {missing}"), theme.warn()));
                return;
            }
        };
        let mut state = ws.clone();
        let (mut allowed, mut refused) = (0, 0);
        let mut rows = Vec::new();
        for (customer, actor, action) in &items {
            let name = customer_name(ws, customer);
            match check_action(&state, actor, action, now) {
                Ok(_) => {
                    allowed += 1;
                    rows.push(Line::styled(format!("  ✓ {name} — allowed"), theme.ok()));
                    if let Ok(applied) = apply(&state, actor, action, now) {
                        state = applied.workspace;
                    }
                }
                Err(refusal) => {
                    refused += 1;
                    let rule = refusal.rule.rule();
                    rows.push(Line::styled(
                        format!(
                            "  ✗ {name} — refused by {} ({}): {}",
                            refusal.rule,
                            rule.title,
                            inert(&refusal.reason)
                        ),
                        theme.error(),
                    ));
                }
            }
        }
        lines.push(Line::raw(format!(
            "  {allowed} allowed, {refused} refused — Enter applies the allowed ones (one undo undoes them all)"
        )));
        lines.extend(rows);
    }

    fn field_line(&self, field: Field, ws: &Workspace, theme: Theme) -> Line<'static> {
        let (label, value) = match field {
            Field::Partner => (
                "Partner (acts)",
                self.partner.as_ref().map_or("— choose —".into(), |p| {
                    let model = ws.partner(p).map_or("", |p| p.billing_model.label());
                    if self.renewing.is_some() {
                        format!(
                            "{} {model} (the renewed relationship's)",
                            partner_name(ws, p)
                        )
                    } else {
                        format!("‹ {} › {model}", partner_name(ws, p))
                    }
                }),
            ),
            Field::Customer if !self.batch.is_empty() => (
                "Customers",
                format!(
                    "{} marked: {}",
                    self.batch.len(),
                    self.batch
                        .iter()
                        .map(|c| customer_name(ws, c))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
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
                format!("‹ {} ›  (reseller · GDAP)", self.kind.label()),
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
                if self.name.value().is_empty() {
                    "(default: Partner - Customer)".into()
                } else {
                    String::new()
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
            Field::Duration => ("Duration", String::new()),
            Field::AutoExtend => (
                "Auto-extend",
                if self.auto_extend {
                    "‹ on: P180D ›".into()
                } else {
                    "‹ off ›".into()
                },
            ),
            Field::Draft => (
                "Send",
                if self.draft {
                    "‹ save as draft (L locks it later) ›".into()
                } else {
                    "‹ lock for approval now ›".into()
                },
            ),
        };
        let focused = field == self.field && self.picker.is_none();
        let marker = if focused { "▶ " } else { "  " };
        let mut spans = vec![
            Span::styled(marker, theme.key()),
            Span::styled(format!("{label:<15}"), theme.dim()),
        ];
        // The text fields show their own cursor and selection.
        let input = match field {
            Field::Name if !self.name.value().is_empty() => Some(&self.name),
            Field::Duration => Some(&self.duration),
            _ => None,
        };
        match input {
            Some(input) => spans.extend(input.spans(focused, 60, Style::new(), theme)),
            None => {
                let mut value_span = Span::raw(value);
                if focused {
                    value_span = value_span.style(theme.selected());
                }
                spans.push(value_span);
            }
        }
        if field == Field::Duration {
            spans.push(Span::raw(" days (1–730)"));
        }
        Line::from(spans)
    }

    /// The core's verdict on the form as it stands, and the rules it checks.
    fn preview(&self, ws: &Workspace, now: Time, theme: Theme) -> Vec<Line<'static>> {
        let mut lines = vec![Line::styled("Preview", theme.heading())];
        if !self.batch.is_empty() {
            self.batch_preview(ws, now, theme, &mut lines);
            return lines;
        }
        let (actor, action) = match self.action(ws) {
            Ok(pair) => pair,
            Err(missing) => {
                lines.push(Line::styled(format!("  … {missing}"), theme.warn()));
                return lines;
            }
        };
        verdict(ws, &actor, &action, now, theme, &mut lines);
        let checked = if self.editing.is_some() {
            "GD7 (drafts only) · GD3 roles · GD1 duration · GD2 auto-extend · GD6 name"
        } else if self.kind == InvitationKind::Gdap {
            "MP7 (partners ask) · GD7 (draft or locked) · IV6 (for a reseller) · GD3 roles · GD1 duration · GD2 auto-extend · GD6 name"
        } else {
            "MP7 (partners ask) · MP6 (no CSP-to-CSP) · IV4 (provider) · IV3 (no duplicates)"
        };
        lines.push(Line::styled(
            format!("  Rules checked: {checked}"),
            theme.dim(),
        ));
        lines.push(Line::styled(
            "  then on every record touched: MP1–MP5 (nothing else changes) · WS1–WS4 (integrity)",
            theme.dim(),
        ));
        lines
    }
}
