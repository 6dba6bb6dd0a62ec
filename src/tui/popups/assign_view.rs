//! Drawing the access-assignment form: the group, its name, the checklist of the relationship's
//! roles, and a live preview in which the core (`check_action`) says what would be assigned or
//! which rule refuses it. Nothing here changes data.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::assign_form::{AssignField, AssignForm};
use crate::domain::Time;
use crate::domain::roles::role_name;
use crate::tui::panes::customer_name;
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;
use crate::tui::widgets::text_input::TextInput;
use crate::tui::widgets::verdict::verdict;
use crate::workspace::Workspace;
use ratatui::style::Style;

impl AssignForm {
    pub fn render(&self, frame: &mut Frame, area: Rect, ws: &Workspace, now: Time, theme: Theme) {
        let popup = centered(area, 96, 30);
        frame.render_widget(Clear, popup);
        let customer = ws
            .relationship(&self.relationship)
            .map(|r| customer_name(ws, &r.customer_id))
            .unwrap_or_default();
        let title = format!(
            " Assign access on {} ({customer}) — a security group gets some of its roles ",
            self.relationship
        );
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(title, theme.heading()));
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let [fields_area, preview_area, hint_area] = Layout::vertical([
            Constraint::Length(self.roles.len() as u16 + 4),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(self.field_lines(theme)), fields_area);
        frame.render_widget(
            Paragraph::new(self.preview(ws, now, theme)).wrap(Wrap { trim: false }),
            preview_area,
        );
        let hint = "tab next field · type or paste · ↑/↓ move · space tick a role · enter assign · esc cancel";
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim())), hint_area);
    }

    fn field_lines(&self, theme: Theme) -> Vec<Line<'static>> {
        let text_line = |field: AssignField, label: &str, value: &TextInput, empty: &str| {
            let focused = self.field == field;
            let mut spans = vec![
                Span::styled(if focused { "▶ " } else { "  " }, theme.key()),
                Span::styled(format!("{label:<15}"), theme.dim()),
            ];
            if value.value().is_empty() {
                spans.push(Span::styled(empty.to_string(), theme.dim()));
                if focused {
                    spans.push(Span::styled("▏", theme.key()));
                }
            } else {
                spans.extend(value.spans(focused, 60, Style::new(), theme));
            }
            Line::from(spans)
        };
        let mut lines = vec![
            text_line(
                AssignField::Group,
                "Security group",
                &self.group,
                "object id (GUID) of a group in the partner's tenant",
            ),
            text_line(
                AssignField::Name,
                "Group name",
                &self.name,
                "(optional) its display name",
            ),
        ];
        let on_roles = self.field == AssignField::Roles;
        lines.push(Line::from(vec![
            Span::styled(if on_roles { "▶ " } else { "  " }, theme.key()),
            Span::styled(
                format!(
                    "{:<15}{} of the relationship's {} ticked",
                    "Roles",
                    self.ticked().len(),
                    self.roles.len()
                ),
                theme.dim(),
            ),
        ]));
        for (i, (role, on)) in self.roles.iter().enumerate() {
            let mark = if *on { "[x]" } else { "[ ]" };
            let mut span = Span::raw(format!("{mark} {}", role_name(role)));
            if on_roles && i == self.cursor {
                span = span.style(theme.selected());
            }
            lines.push(Line::from(vec![Span::raw(" ".repeat(17)), span]));
        }
        lines
    }

    /// The core's verdict on the form as it stands.
    fn preview(&self, ws: &Workspace, now: Time, theme: Theme) -> Vec<Line<'static>> {
        let mut lines = vec![Line::styled("Preview", theme.heading())];
        let (actor, action) = match self.action() {
            Ok(pair) => pair,
            Err(missing) => {
                lines.push(Line::styled(format!("  … {missing}"), theme.warn()));
                return lines;
            }
        };
        verdict(ws, &actor, &action, now, theme, &mut lines);
        lines.push(Line::styled(
            "  Rules checked: OP1 (the relationship's partner) · GD4 (active, its own roles, at least one) · ID3 (a GUID) · WS1 (one per group)",
            theme.dim(),
        ));
        lines
    }
}
