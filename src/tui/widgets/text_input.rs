//! The one text field every editable line uses (the filter, forms, pickers' search, the palette,
//! paths): a cursor, ←/→ (Ctrl for words), Home/End, Backspace/Delete, Ctrl-w (a word), Ctrl-u
//! (the line), and paste. The editing itself is tui-input's; this adds what our fields need on
//! top: a limit on what may be typed, and "selected on focus" — a pre-filled value (730 days) is
//! selected when its field gets the focus, so typing replaces it (90 gives 90) while ←/→/Home/End
//! keep it for editing.

use crossterm::event::{Event, KeyEvent};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

use crate::display::inert;
use crate::tui::theme::Theme;

/// What a key did to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// The text changed.
    Changed,
    /// Only the cursor (or the selection) moved.
    Moved,
    /// Not an editing key: the caller decides (Enter, Esc, Tab, ↑/↓…).
    Ignored,
}

#[derive(Clone, Debug)]
pub struct TextInput {
    input: Input,
    /// At most this many characters.
    max: usize,
    /// Which characters may be typed or pasted.
    accepts: fn(char) -> bool,
    /// The whole value is selected: the next typed character or paste replaces it, Backspace or
    /// Delete empties it.
    selected: bool,
}

impl Default for TextInput {
    fn default() -> TextInput {
        TextInput::new("")
    }
}

fn any_printable(ch: char) -> bool {
    !ch.is_control()
}

impl TextInput {
    /// Free text, cursor at the end, nothing selected.
    pub fn new(value: impl Into<String>) -> TextInput {
        TextInput {
            input: Input::new(value.into()),
            max: usize::MAX,
            accepts: any_printable,
            selected: false,
        }
    }

    /// Digits only, at most `max` of them.
    pub fn digits(value: impl Into<String>, max: usize) -> TextInput {
        TextInput::new(value)
            .with_max(max)
            .accepting(|ch| ch.is_ascii_digit())
    }

    pub fn with_max(mut self, max: usize) -> TextInput {
        self.max = max;
        self
    }

    pub fn accepting(mut self, accepts: fn(char) -> bool) -> TextInput {
        self.accepts = accepts;
        self
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.input.cursor()
    }

    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// Replaces the text (cursor at its end, nothing selected).
    pub fn set_value(&mut self, value: impl Into<String>) {
        self.input = Input::new(value.into());
        self.selected = false;
    }

    /// The field got the focus: a value already there is selected, so typing replaces it.
    pub fn focus(&mut self) {
        self.selected = !self.input.value().is_empty();
        let end = self.input.value().chars().count();
        self.input.handle(InputRequest::SetCursor(end));
    }

    /// Nothing selected: typing goes where the cursor is (a long text edited in place).
    pub fn deselect(&mut self) {
        self.selected = false;
    }

    /// One key. Editing keys change the field; anything else is `Ignored` for the caller.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Edit {
        let Some(request) = to_input_request(&Event::Key(*key)) else {
            return Edit::Ignored;
        };
        match request {
            InputRequest::InsertChar(ch) => {
                if !(self.accepts)(ch) {
                    // Typed but not allowed here (a letter in a number): consumed, unchanged.
                    return Edit::Moved;
                }
                self.insert(std::iter::once(ch))
            }
            InputRequest::DeletePrevChar | InputRequest::DeleteNextChar if self.selected => {
                self.set_value("");
                Edit::Changed
            }
            other => {
                self.selected = false;
                match self.input.handle(other) {
                    Some(changed) if changed.value => Edit::Changed,
                    _ => Edit::Moved,
                }
            }
        }
    }

    /// Pasted text lands whole at the cursor (replacing a selected value); line breaks become
    /// spaces, other control characters and what the field does not accept are dropped. Whether
    /// the text changed.
    pub fn paste(&mut self, text: &str) -> bool {
        let cleaned = text
            .trim_matches(|c: char| c == '\n' || c == '\r')
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c });
        self.insert(cleaned) == Edit::Changed
    }

    fn insert(&mut self, chars: impl Iterator<Item = char>) -> Edit {
        let mut edit = Edit::Moved;
        for ch in chars {
            if !(self.accepts)(ch) {
                continue;
            }
            if self.selected {
                self.set_value("");
            }
            if self.input.value().chars().count() >= self.max {
                break;
            }
            self.input.handle(InputRequest::InsertChar(ch));
            edit = Edit::Changed;
        }
        edit
    }

    /// The field drawn in at most `width` columns: the text scrolled so the cursor shows, the
    /// cursor as a reversed cell when `focused` (a thin bar at the end), a selected value
    /// reversed. `style` is the text's own style.
    pub fn spans(
        &self,
        focused: bool,
        width: usize,
        style: Style,
        theme: Theme,
    ) -> Vec<Span<'static>> {
        let text = inert(self.input.value()).into_owned();
        if !focused {
            return vec![Span::styled(cut_to_width(&text, width), style)];
        }
        if self.selected {
            let shown = cut_to_width(&text, width.saturating_sub(1));
            return vec![
                Span::styled(shown, style.add_modifier(Modifier::REVERSED)),
                Span::styled("▏", theme.dim()),
            ];
        }
        let chars: Vec<char> = text.chars().collect();
        let cursor = self.input.cursor().min(chars.len());
        // Scroll so the cursor (and one cell after it) fits.
        let room = width.max(2) - 1;
        let start = cursor.saturating_sub(room);
        let before: String = chars[start..cursor].iter().collect();
        let mut spans = vec![Span::styled(before, style)];
        match chars.get(cursor) {
            Some(under) => {
                spans.push(Span::styled(
                    under.to_string(),
                    style.add_modifier(Modifier::REVERSED),
                ));
                let used = cursor - start + 1;
                let after: String = chars[cursor + 1..]
                    .iter()
                    .take(width.saturating_sub(used))
                    .collect();
                spans.push(Span::styled(after, style));
            }
            None => spans.push(Span::styled("▏", theme.dim())),
        }
        spans
    }
}

/// At most `width` characters of `text`, ending in "…" when cut.
fn cut_to_width(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }
    fn ctrl(ch: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(ch), KeyModifiers::CONTROL)
    }
    fn typed(input: &mut TextInput, text: &str) {
        for ch in text.chars() {
            input.handle_key(&key(KeyCode::Char(ch)));
        }
    }

    #[test]
    fn typing_inserts_at_the_cursor_after_moving_left() {
        let mut input = TextInput::new("acme");
        input.handle_key(&key(KeyCode::Left));
        input.handle_key(&key(KeyCode::Left));
        typed(&mut input, "XY");
        assert_eq!(input.value(), "acXYme");
        assert_eq!(input.cursor(), 4);
    }

    #[test]
    fn home_end_backspace_and_delete_edit_where_the_cursor_is() {
        let mut input = TextInput::new("contoso");
        input.handle_key(&key(KeyCode::Home));
        assert_eq!(input.handle_key(&key(KeyCode::Delete)), Edit::Changed);
        assert_eq!(input.value(), "ontoso");
        input.handle_key(&key(KeyCode::End));
        input.handle_key(&key(KeyCode::Backspace));
        assert_eq!(input.value(), "ontos");
        assert_eq!(input.handle_key(&key(KeyCode::Right)), Edit::Moved);
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_the_cursor_and_ctrl_u_the_line() {
        let mut input = TextInput::new("security reader");
        assert_eq!(input.handle_key(&ctrl('w')), Edit::Changed);
        assert_eq!(input.value(), "security ");
        input.handle_key(&ctrl('u'));
        assert_eq!(input.value(), "");
    }

    #[test]
    fn a_focused_prefilled_value_is_replaced_by_typing() {
        let mut input = TextInput::digits("730", 5);
        input.focus();
        typed(&mut input, "90");
        assert_eq!(input.value(), "90");
    }

    #[test]
    fn moving_the_cursor_keeps_a_prefilled_value_for_editing() {
        let mut input = TextInput::digits("730", 5);
        input.focus();
        input.handle_key(&key(KeyCode::Left));
        typed(&mut input, "1");
        assert_eq!(input.value(), "7310");
    }

    #[test]
    fn backspace_on_a_selected_value_empties_it() {
        let mut input = TextInput::new("old name");
        input.focus();
        input.handle_key(&key(KeyCode::Backspace));
        assert_eq!(input.value(), "");
    }

    #[test]
    fn a_digits_field_refuses_letters_and_stops_at_its_limit() {
        let mut input = TextInput::digits("", 3);
        typed(&mut input, "1a2345");
        assert_eq!(input.value(), "123");
    }

    #[test]
    fn paste_lands_whole_at_the_cursor_without_line_breaks() {
        let mut input = TextInput::new("id: ");
        assert!(input.paste("9f2c\u{1b}-77\n"));
        assert_eq!(input.value(), "id: 9f2c-77");
        let mut number = TextInput::digits("", 9);
        assert!(number.paste(" 1 2 3 "));
        assert_eq!(number.value(), "123");
        assert!(!number.paste("abc"));
    }

    #[test]
    fn shift_letters_are_typed_and_enter_is_left_to_the_caller() {
        let mut input = TextInput::new("");
        input.handle_key(&KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT));
        assert_eq!(input.value(), "S");
        assert_eq!(input.handle_key(&key(KeyCode::Enter)), Edit::Ignored);
        assert_eq!(input.handle_key(&key(KeyCode::Esc)), Edit::Ignored);
        assert_eq!(input.handle_key(&key(KeyCode::Tab)), Edit::Ignored);
    }

    #[test]
    fn the_cursor_shows_on_the_character_it_stands_on_and_the_text_scrolls_to_it() {
        let mut input = TextInput::new("abcdefghij");
        input.handle_key(&key(KeyCode::Home));
        let theme = Theme::default();
        let spans = input.spans(true, 5, Style::new(), theme);
        let shown: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(shown, "abcde");
        assert!(spans[1].style.add_modifier.contains(Modifier::REVERSED));
        input.handle_key(&key(KeyCode::End));
        let shown: String = input
            .spans(true, 5, Style::new(), theme)
            .iter()
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(shown, "ghij▏");
    }
}
