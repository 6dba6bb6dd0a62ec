//! A form's fields, one per line: free text, digits, a choice cycled with ←/→ (or Space), or an
//! on/off flag. Tab/↓ and Shift-Tab/↑ move between them, Enter submits, Esc cancels. The forms
//! that use it (buy, add customer, add partner) give the fields meaning; this file only edits
//! and draws them.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};

use crate::display::inert;
use crate::tui::theme::Theme;

/// What a field holds and how keys change it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Typed text, at most `max` characters (the core judges the text itself).
    Text {
        text: String,
        max: usize,
    },
    /// Typed digits.
    Digits(String),
    /// One of `options`, shown by name.
    Choice {
        options: Vec<String>,
        index: usize,
    },
    Flag(bool),
    /// Shown as given; Space asks the form to open a picker for it.
    Pick(String),
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
        Fields { fields, focus: 0 }
    }

    pub fn text(&self, i: usize) -> &str {
        match self.fields.get(i).map(|f| &f.value) {
            Some(Value::Text { text, .. } | Value::Digits(text) | Value::Pick(text)) => text,
            _ => "",
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
        match (&mut field.value, key.code) {
            (_, KeyCode::Esc) => return FieldsKey::Cancel,
            (_, KeyCode::Enter) => return FieldsKey::Submit,
            _ if shift_tab => self.focus = (self.focus + count - 1) % count,
            (_, KeyCode::Up) => self.focus = (self.focus + count - 1) % count,
            (_, KeyCode::Tab | KeyCode::Down) => self.focus = (self.focus + 1) % count,
            (Value::Text { text, .. } | Value::Digits(text), KeyCode::Backspace) => {
                text.pop();
            }
            (Value::Text { text, .. } | Value::Digits(text), KeyCode::Char('u')) if ctrl => {
                text.clear()
            }
            (Value::Text { text, max }, KeyCode::Char(ch))
                if !ctrl && text.chars().count() < *max =>
            {
                text.push(ch)
            }
            (Value::Digits(text), KeyCode::Char(ch)) if ch.is_ascii_digit() && text.len() < 9 => {
                text.push(ch)
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
        FieldsKey::Stay
    }

    /// One line per field: a marker on the focused one, the label, the value and its hint.
    pub fn lines(&self, theme: Theme) -> Vec<Line<'static>> {
        self.fields
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let focused = i == self.focus;
                let value = match &f.value {
                    Value::Text { text, .. } | Value::Digits(text) => {
                        let shown = inert(text).into_owned();
                        if focused {
                            format!("{shown}▏")
                        } else {
                            shown
                        }
                    }
                    Value::Choice { options, index } => options
                        .get(*index)
                        .map_or("—".into(), |o| format!("‹ {} ›", inert(o))),
                    Value::Flag(on) => if *on { "‹ yes ›" } else { "‹ no ›" }.into(),
                    Value::Pick(text) => inert(text).into_owned(),
                };
                let mut value = Span::raw(value);
                if focused {
                    value = value.style(theme.selected());
                }
                Line::from(vec![
                    Span::styled(if focused { "▶ " } else { "  " }, theme.key()),
                    Span::styled(format!("{:<15}", f.label), theme.dim()),
                    value,
                    Span::styled(
                        if f.hint.is_empty() {
                            String::new()
                        } else {
                            format!("  {}", f.hint)
                        },
                        theme.dim(),
                    ),
                ])
            })
            .collect()
    }
}
