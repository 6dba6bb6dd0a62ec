//! Confirmation for destructive actions (decline, revoke, terminate) and for quitting with unsaved
//! changes. The focus starts on Cancel, as k9s does: Enter alone never destroys anything.

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::domain::{Action, Actor};
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;

/// What a confirmed dialog does.
#[derive(Clone, Debug)]
pub enum Confirmed {
    Apply { actor: Actor, action: Action },
    Quit,
    SaveAndQuit,
}

pub struct Confirm {
    pub title: String,
    pub message: String,
    pub yes_label: String,
    pub on_yes: Confirmed,
    /// Quit dialogs offer "save and quit" on `s`.
    pub offer_save: bool,
    pub yes_focused: bool,
}

pub enum Answer {
    Pending,
    Yes,
    No,
    Save,
}

impl Confirm {
    pub fn new(
        title: impl Into<String>,
        message: impl Into<String>,
        yes_label: impl Into<String>,
        on_yes: Confirmed,
    ) -> Confirm {
        Confirm {
            title: title.into(),
            message: message.into(),
            yes_label: yes_label.into(),
            on_yes,
            offer_save: false,
            yes_focused: false,
        }
    }

    /// Decline, revoke or terminate (`name`, the command's) as `actor`, whom `who` names.
    pub fn destructive(name: &str, who: &str, actor: Actor, action: Action) -> Confirm {
        let what = match &action {
            Action::Decline { invitation_id } => format!(
                "Decline invitation {invitation_id}? The partner will have to invite again."
            ),
            Action::Revoke { invitation_id } => {
                format!("Revoke invitation {invitation_id}? The customer can no longer accept it.")
            }
            Action::Terminate { relationship_id } => {
                format!(
                    "Terminate relationship {relationship_id}? It stays as history (GD5) and cannot be restarted."
                )
            }
            _ => String::new(),
        };
        let title = format!("{name} as {who}");
        let mut label = name.to_string();
        if let Some(first) = label.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        Confirm::new(title, what, label, Confirmed::Apply { actor, action })
    }

    /// Quitting with unsaved changes; `offer_save` adds "s: save and quit" (not when read-only).
    pub fn quit(offer_save: bool) -> Confirm {
        let mut confirm = Confirm::new(
            "Unsaved changes",
            "The workspace has unsaved changes. Quit without saving them?",
            "Quit without saving",
            Confirmed::Quit,
        );
        confirm.offer_save = offer_save;
        confirm
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Answer {
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => Answer::Yes,
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                Answer::No
            }
            KeyCode::Char('s') if self.offer_save => Answer::Save,
            KeyCode::Left
            | KeyCode::Right
            | KeyCode::Tab
            | KeyCode::BackTab
            | KeyCode::Char('h')
            | KeyCode::Char('l') => {
                self.yes_focused = !self.yes_focused;
                Answer::Pending
            }
            KeyCode::Enter if self.yes_focused => Answer::Yes,
            KeyCode::Enter => Answer::No,
            _ => Answer::Pending,
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let popup = centered(area, 70, 9);
        frame.render_widget(Clear, popup);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(format!(" {} ", self.title), theme.heading()));
        let button = |label: &str, focused: bool| {
            let text = if focused {
                format!("[▶ {label} ◀]")
            } else {
                format!("[  {label}  ]")
            };
            Span::styled(
                text,
                if focused {
                    theme.selected()
                } else {
                    Style::new()
                },
            )
        };
        let mut buttons = vec![
            button("Cancel (n)", !self.yes_focused),
            Span::raw("   "),
            button(&format!("{} (y)", self.yes_label), self.yes_focused),
        ];
        if self.offer_save {
            buttons.push(Span::raw("   "));
            buttons.push(Span::styled("s: save and quit", theme.key()));
        }
        let lines = vec![
            Line::raw(crate::display::inert(&self.message).into_owned()),
            Line::default(),
            Line::from(buttons),
            Line::default(),
            Line::styled(
                "←/→ switch · enter choose · y yes · n/esc cancel",
                theme.dim(),
            ),
        ];
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            popup,
        );
    }
}
