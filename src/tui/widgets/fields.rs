//! A form's fields, one per line: free text, digits, a choice cycled with ←/→ (or Space), or an
//! on/off flag. Tab/↓ and Shift-Tab/↑ move between them, Enter submits, Esc cancels. The forms
//! that use it (buy, add customer, add partner) give the fields meaning; this file only edits
//! and draws them.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::text_input::TextInput;
use crate::display::inert;
use crate::tui::theme::Theme;

/// What a field holds and how keys change it.
#[derive(Clone, Debug)]
pub enum Value {
    /// Typed text or digits, edited by the one text field (the core judges the text itself).
    Input(TextInput),
    /// One of `options`, shown by name.
    Choice {
        options: Vec<String>,
        index: usize,
    },
    Flag(bool),
    /// Shown as given; Space asks the form to open a picker for it.
    Pick(String),
}

impl Value {
    /// Free text of at most `max` characters.
    pub fn text(text: impl Into<String>, max: usize) -> Value {
        Value::Input(TextInput::new(text).with_max(max))
    }

    /// Digits (at most nine).
    pub fn digits(text: impl Into<String>) -> Value {
        Value::Input(TextInput::digits(text, 9))
    }
}

#[derive(Clone, Debug)]
pub struct Field {
    pub label: &'static str,
    pub value: Value,
    /// Said after the value, dimmed (what the field expects).
    pub hint: String,
}

/// What a key did to the fields.
#[derive(Debug, PartialEq, Eq)]
pub enum FieldsKey {
    Stay,
    Cancel,
    Submit,
    /// Space (or a letter) on a `Pick` field: the form opens its picker.
    OpenPicker,
}

pub struct Fields {
    pub fields: Vec<Field>,
    pub focus: usize,
}

impl Fields {
    pub fn new(fields: Vec<Field>) -> Fields {
        let mut fields = Fields { fields, focus: 0 };
        fields.focus_on(0);
        fields
    }

    /// Moves the focus to field `i`; a text field's value is then selected (typing replaces it).
    fn focus_on(&mut self, i: usize) {
        self.focus = i;
        if let Some(Value::Input(input)) = self.fields.get_mut(i).map(|f| &mut f.value) {
            input.focus();
        }
    }

    /// Pasted text goes to the focused text field; false when that is not a text field.
    pub fn paste(&mut self, text: &str) -> bool {
        match self.fields.get_mut(self.focus).map(|f| &mut f.value) {
            Some(Value::Input(input)) => {
                input.paste(text);
                true
            }
            _ => false,
        }
    }

    pub fn text(&self, i: usize) -> &str {
        match self.fields.get(i).map(|f| &f.value) {
            Some(Value::Input(input)) => input.value(),
            Some(Value::Pick(text)) => text,
            _ => "",
        }
    }

    /// Field `i`'s text field, if it is one.
    pub fn input(&self, i: usize) -> Option<&TextInput> {
        match self.fields.get(i).map(|f| &f.value) {
            Some(Value::Input(input)) => Some(input),
            _ => None,
        }
    }

    pub fn choice(&self, i: usize) -> usize {
        match self.fields.get(i).map(|f| &f.value) {
            Some(Value::Choice { index, .. }) => *index,
            _ => 0,
        }
    }

    pub fn flag(&self, i: usize) -> bool {
        matches!(
            self.fields.get(i).map(|f| &f.value),
            Some(Value::Flag(true))
        )
    }

    pub fn set(&mut self, i: usize, value: Value) {
        if let Some(field) = self.fields.get_mut(i) {
            field.value = value;
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FieldsKey {
        let count = self.fields.len().max(1);
        let shift_tab = key.code == KeyCode::BackTab
            || (key.code == KeyCode::Tab && key.modifiers.contains(KeyModifiers::SHIFT));
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FieldsKey::Cancel;
        };
        let previous = self.focus;
        match (&mut field.value, key.code) {
            (_, KeyCode::Esc) => return FieldsKey::Cancel,
            (_, KeyCode::Enter) => return FieldsKey::Submit,
            _ if shift_tab => self.focus = (self.focus + count - 1) % count,
            (_, KeyCode::Up) => self.focus = (self.focus + count - 1) % count,
            (_, KeyCode::Tab | KeyCode::Down) => self.focus = (self.focus + 1) % count,
            (Value::Input(input), _) => {
                input.handle_key(&key);
            }
            (Value::Choice { options, index }, KeyCode::Left) if !options.is_empty() => {
                *index = (*index + options.len() - 1) % options.len()
            }
            (Value::Choice { options, index }, KeyCode::Right | KeyCode::Char(' '))
                if !options.is_empty() =>
            {
                *index = (*index + 1) % options.len()
            }
            (Value::Flag(on), KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')) => *on = !*on,
            (Value::Pick(_), KeyCode::Char(_)) if !ctrl => return FieldsKey::OpenPicker,
            _ => {}
        }
        if self.focus != previous {
            let now = self.focus;
            self.focus_on(now);
        }
        FieldsKey::Stay
    }

    /// One line per field: a marker on the focused one, the label, the value and its hint.
    pub fn lines(&self, theme: Theme) -> Vec<Line<'static>> {
        self.fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let focused = i == self.focus;
                let value: Vec<Span<'static>> = match &f.value {
                    // The text field shows its own cursor and selection.
                    Value::Input(input) => input.spans(focused, 60, Style::new(), theme),
                    other => {
                        let shown = match other {
                            Value::Choice { options, index } => options
                                .get(*index)
                                .map_or("—".into(), |o| format!("‹ {} ›", inert(o))),
                            Value::Flag(on) => if *on { "‹ yes ›" } else { "‹ no ›" }.into(),
                            Value::Pick(text) => inert(text).into_owned(),
                            Value::Input(_) => String::new(),
                        };
                        let style = if focused {
                            theme.selected()
                        } else {
                            Style::new()
                        };
                        vec![Span::styled(shown, style)]
                    }
                };
                let mut spans = vec![
                    Span::styled(if focused { "▶ " } else { "  " }, theme.key()),
                    Span::styled(format!("{:<15}", f.label), theme.dim()),
                ];
                spans.extend(value);
                spans.push(Span::styled(
                    if f.hint.is_empty() {
                        String::new()
                    } else {
                        format!("  {}", f.hint)
                    },
                    theme.dim(),
                ));
                Line::from(spans)
            })
            .collect()
    }
}
