//! Confirmation for destructive actions (decline, revoke, terminate) and for quitting with unsaved
//! changes. The focus starts on Cancel, as k9s does: Enter alone never destroys anything. Its keys
//! are the confirm-… commands, so keys.toml can rebind them and the dialog and footer show them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::domain::{Action, Actor};
use crate::tui::commands::Cmd;
use crate::tui::keymap::Keymap;
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
            Action::DeleteDraft { relationship_id } => format!(
                "Delete draft GDAP relationship {relationship_id}? It never reached the customer; its name becomes free."
            ),
            Action::RemoveAccessAssignment { assignment_id } => format!(
                "Remove access assignment {assignment_id}? Its group's members lose the roles it gives."
            ),
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

    /// A key in the dialog, as the command the keymap binds it to there (if any); other keys
    /// wait. Saving answers only when the dialog offers it.
    pub fn handle(&mut self, cmd: Option<Cmd>) -> Answer {
        match cmd {
            Some(Cmd::ConfirmYes) => Answer::Yes,
            Some(Cmd::ConfirmNo) => Answer::No,
            Some(Cmd::ConfirmSave) if self.offer_save => Answer::Save,
            Some(Cmd::ConfirmSwitch) => {
                self.yes_focused = !self.yes_focused;
                Answer::Pending
            }
            Some(Cmd::ConfirmChoose) if self.yes_focused => Answer::Yes,
            Some(Cmd::ConfirmChoose) => Answer::No,
            _ => Answer::Pending,
        }
    }

    /// The dialog's keys, for the footer: ` y yes · n/esc cancel · ←/→ switch · enter choose`.
    pub fn hint(keymap: &Keymap) -> String {
        format!(
            " {} yes · {} cancel · {} switch · {} choose",
            keymap.key_label(Cmd::ConfirmYes),
            keymap.first_keys_label(Cmd::ConfirmNo, 2),
            keymap.first_keys_label(Cmd::ConfirmSwitch, 2),
            keymap.key_label(Cmd::ConfirmChoose)
        )
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme, keymap: &Keymap) {
        let key = |cmd| keymap.key_label(cmd);
        // A message of several lines (offboarding's plan) gets a wider dialog, as tall as it
        // needs: each line wrapped at the inner width, plus the buttons and the hint.
        let mut message: Vec<String> = self.message.lines().map(str::to_string).collect();
        let width: u16 = if message.len() > 1 { 100 } else { 70 };
        let inner = usize::from(width.min(area.width).saturating_sub(2)).max(1);
        let rows_of = |line: &String| line.chars().count().div_ceil(inner).max(1);
        // What does not fit above the buttons is counted, never cut silently: the buttons and
        // the hint stay on screen.
        let room = usize::from(area.height).saturating_sub(6).max(1);
        if message.iter().map(rows_of).sum::<usize>() > room {
            let mut used = 1;
            let kept = message
                .iter()
                .take_while(|line| {
                    used += rows_of(line);
                    used <= room
                })
                .count();
            let left = message.len() - kept;
            message.truncate(kept);
            message.push(format!(
                "… and {left} more line(s) not shown (a taller terminal shows them)"
            ));
        }
        let rows: usize = message.iter().map(rows_of).sum();
        let height = u16::try_from(rows + 6).unwrap_or(u16::MAX).max(9);
        let popup = centered(area, width, height);
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
            button(
                &format!("Cancel ({})", key(Cmd::ConfirmNo)),
                !self.yes_focused,
            ),
            Span::raw("   "),
            button(
                &format!("{} ({})", self.yes_label, key(Cmd::ConfirmYes)),
                self.yes_focused,
            ),
        ];
        if self.offer_save {
            buttons.push(Span::raw("   "));
            buttons.push(Span::styled(
                format!("{}: save and quit", key(Cmd::ConfirmSave)),
                theme.key(),
            ));
        }
        let mut lines: Vec<Line> = message
            .iter()
            .map(|line| Line::raw(crate::display::inert(line).into_owned()))
            .collect();
        lines.extend([
            Line::default(),
            Line::from(buttons),
            Line::default(),
            Line::styled(
                format!(
                    "{} switch · {} choose · {} yes · {} cancel",
                    keymap.first_keys_label(Cmd::ConfirmSwitch, 2),
                    key(Cmd::ConfirmChoose),
                    key(Cmd::ConfirmYes),
                    keymap.first_keys_label(Cmd::ConfirmNo, 2)
                ),
                theme.dim(),
            ),
        ]);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            popup,
        );
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::tui::commands::Scope;

    /// The keys as they were hard-coded before they became commands.
    fn before(confirm: &mut Confirm, key: KeyEvent) -> Answer {
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => Answer::Yes,
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                Answer::No
            }
            KeyCode::Char('s') if confirm.offer_save => Answer::Save,
            KeyCode::Left
            | KeyCode::Right
            | KeyCode::Tab
            | KeyCode::BackTab
            | KeyCode::Char('h')
            | KeyCode::Char('l') => {
                confirm.yes_focused = !confirm.yes_focused;
                Answer::Pending
            }
            KeyCode::Enter if confirm.yes_focused => Answer::Yes,
            KeyCode::Enter => Answer::No,
            _ => Answer::Pending,
        }
    }

    #[test]
    fn the_default_keys_answer_exactly_as_the_hard_coded_ones_did() {
        let keymap = Keymap::default();
        let mut codes: Vec<KeyCode> = (' '..='~').map(KeyCode::Char).collect();
        codes.extend([
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Backspace,
            KeyCode::PageDown,
            KeyCode::F(1),
        ]);
        let modifiers = [
            KeyModifiers::NONE,
            KeyModifiers::SHIFT,
            KeyModifiers::CONTROL,
            KeyModifiers::ALT,
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        ];
        for offer_save in [false, true] {
            for yes_focused in [false, true] {
                for code in &codes {
                    for mods in modifiers {
                        let key = KeyEvent::new(*code, mods);
                        let mut old = Confirm::quit(offer_save);
                        old.yes_focused = yes_focused;
                        let mut new = Confirm::quit(offer_save);
                        new.yes_focused = yes_focused;
                        let expected = before(&mut old, key);
                        let got = new.handle(keymap.popup_command(Scope::Confirm, &key));
                        assert_eq!(got, expected, "{key:?} offer_save={offer_save}");
                        assert_eq!(new.yes_focused, old.yes_focused, "{key:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_message_taller_than_the_screen_is_counted_and_the_buttons_stay() {
        use ratatui::Terminal;
        use ratatui::backend::TestBackend;
        let lines: Vec<String> = (1..=30).map(|n| format!("part {n}")).collect();
        let confirm = Confirm::new("offboard", lines.join("\n"), "Offboard", Confirmed::Quit);
        let mut terminal = Terminal::new(TestBackend::new(100, 16)).unwrap();
        terminal
            .draw(|frame| confirm.render(frame, frame.area(), Theme::default(), &Keymap::default()))
            .unwrap();
        let text: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|cell| cell.symbol())
            .collect();
        assert!(text.contains("part 1 "), "{text}");
        assert!(!text.contains("part 30"), "{text}");
        assert!(text.contains("more line(s) not shown"), "{text}");
        assert!(text.contains("Offboard (y)"), "{text}");
    }

    #[test]
    fn the_default_hint_is_the_one_it_always_was() {
        assert_eq!(
            Confirm::hint(&Keymap::default()),
            " y yes · n/esc cancel · ←/→ switch · enter choose"
        );
    }
}
