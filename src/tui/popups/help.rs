//! The `?` help pop-up: its sections laid out at the pop-up's width (keys, name and what it does
//! in columns fitted to the keys and names, the text wrapped under its own column — or under the
//! name when the pop-up is narrow), a search that keeps only the matching lines (`/`), its
//! scroll position, and its commands (help-down, help-search, help-close…: keys from the keymap
//! like any other). What it lists is written by the view (`view/help.rs`), which can ask the app.

use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::tui::commands::Cmd;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;
use crate::tui::widgets::position;
use crate::tui::widgets::text_input::TextInput;

/// A heading and its lines.
pub struct HelpSection {
    pub heading: String,
    pub entries: Vec<HelpEntry>,
}

/// A command (its keys, name and what it does, greyed when it cannot act now), or a line of text.
pub struct HelpEntry {
    keys: String,
    name: &'static str,
    text: String,
    greyed: bool,
}

impl HelpEntry {
    pub fn command(keys: String, name: &'static str, text: String) -> Self {
        HelpEntry {
            keys,
            name,
            text,
            greyed: false,
        }
    }
    pub fn greyed(keys: String, name: &'static str, text: String) -> Self {
        HelpEntry {
            keys,
            name,
            text,
            greyed: true,
        }
    }
    pub fn text(text: &str) -> Self {
        HelpEntry {
            keys: String::new(),
            name: "",
            text: text.to_string(),
            greyed: true,
        }
    }
    fn matches(&self, query: &str) -> bool {
        [self.keys.as_str(), self.name, self.text.as_str()]
            .iter()
            .any(|field| field.to_lowercase().contains(query))
    }
}

/// The widest keys column and name column; wider ones wrap onto the next line.
const KEYS_CAP: usize = 16;
const NAME_CAP: usize = 22;
/// Below this many columns for the text, the text goes on lines of its own under the name.
const TEXT_MIN: usize = 30;

#[derive(Default)]
pub struct HelpPopup {
    scroll: usize,
    /// The search: kept after Enter, being typed while `typing` (the one text field).
    query: TextInput,
    typing: bool,
    /// The last scroll that still fills the pop-up and its height, as last drawn: `G` and the
    /// page keys use them.
    max_scroll: Cell<usize>,
    page: Cell<usize>,
}

/// What a key did to the help.
pub enum HelpAnswer {
    Stay,
    /// Only the close keys close the help.
    Close,
}

impl HelpPopup {
    /// A key in the help: typed into the search while one is being typed, otherwise the command
    /// the keymap binds it to there (if any).
    pub fn handle(&mut self, key: KeyEvent, cmd: Option<Cmd>) -> HelpAnswer {
        if self.typing {
            self.type_key(key);
            return HelpAnswer::Stay;
        }
        let page = self.page.get().max(2) - 1;
        let max = self.max_scroll.get();
        self.scroll = match cmd {
            Some(Cmd::HelpDown) => self.scroll.saturating_add(1).min(max),
            Some(Cmd::HelpUp) => self.scroll.saturating_sub(1),
            Some(Cmd::HelpPageDown) => self.scroll.saturating_add(page).min(max),
            Some(Cmd::HelpPageUp) => self.scroll.saturating_sub(page),
            Some(Cmd::HelpTop) => 0,
            Some(Cmd::HelpBottom) => max,
            Some(Cmd::HelpSearch) => {
                self.typing = true;
                self.query.set_value("");
                0
            }
            // Esc first drops a kept search.
            Some(Cmd::HelpClose) if key.code == KeyCode::Esc && !self.query.value().is_empty() => {
                self.query.set_value("");
                0
            }
            Some(Cmd::HelpClose) => return HelpAnswer::Close,
            _ => self.scroll,
        };
        HelpAnswer::Stay
    }

    /// The wheel: `delta` rows down (or up), within the help.
    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll.get());
    }

    fn type_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Enter => self.typing = false,
            KeyCode::Esc => {
                self.typing = false;
                self.query.set_value("");
            }
            _ => {
                self.query.handle_key(&key);
            }
        }
        self.scroll = 0;
    }

    /// Pasted text lands in the search while one is being typed; false otherwise.
    pub fn paste(&mut self, text: &str) -> bool {
        if self.typing {
            self.query.paste(text);
            self.scroll = 0;
        }
        self.typing
    }

    /// The help's keys, for the footer and its frame: ` j/k scroll · / search · esc close`.
    pub fn hint(&self, keymap: &Keymap) -> String {
        if self.typing {
            return " type to search · enter keep · esc clear".to_string();
        }
        format!(
            " {}/{} scroll · {} search · {} close",
            keymap.key_label(Cmd::HelpDown),
            keymap.key_label(Cmd::HelpUp),
            keymap.key_label(Cmd::HelpSearch),
            keymap.key_label(Cmd::HelpClose),
        )
    }

    /// Draws `sections` (the help's content) laid out at the pop-up's width, searched and
    /// scrolled, centred in `area` — all of which is cleared first, so nothing of the screen
    /// behind shows beside it.
    pub fn render(
        &self,
        frame: &mut Frame,
        area: Rect,
        theme: Theme,
        keymap: &Keymap,
        sections: &[HelpSection],
    ) {
        frame.render_widget(Clear, area);
        let popup = centered(area, 116, 38);
        let inner = popup.inner(Margin::new(1, 1));
        let lines = layout(
            sections,
            &self.query.value().to_lowercase(),
            inner.width,
            theme,
        );
        let height = usize::from(inner.height);
        let max = lines.len().saturating_sub(height);
        self.max_scroll.set(max);
        self.page.set(height);
        let scroll = self.scroll.min(max);
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(
                " Keys — greyed ones cannot act now, and say why ",
                theme.heading(),
            ))
            .title_bottom(Span::styled(format!("{} ", self.hint(keymap)), theme.dim()));
        if self.typing || !self.query.value().is_empty() {
            let mut spans = vec![Span::styled(" /", theme.key())];
            spans.extend(self.query.spans(self.typing, 40, theme.key(), theme));
            spans.push(Span::raw(" "));
            block = block.title_bottom(Line::from(spans).right_aligned());
        }
        if lines.len() > height {
            block = block.title(
                Line::styled(position::label(scroll, height, lines.len()), theme.dim())
                    .right_aligned(),
            );
        }
        let shown: Vec<Line> = if lines.is_empty() {
            vec![Line::styled(
                "  no key matches the search (esc clears it)",
                theme.dim(),
            )]
        } else {
            lines.into_iter().skip(scroll).take(height).collect()
        };
        frame.render_widget(Paragraph::new(shown).block(block), popup);
    }
}

/// The help as lines `width` columns wide: the sections with a line matching `query` (all of a
/// section whose heading matches), each entry's text wrapped under its column.
pub fn layout(
    sections: &[HelpSection],
    query: &str,
    width: u16,
    theme: Theme,
) -> Vec<Line<'static>> {
    let width = usize::from(width);
    let entries = sections.iter().flat_map(|s| &s.entries);
    let keys_width = entries
        .clone()
        .map(|e| e.keys.width())
        .max()
        .unwrap_or(0)
        .min(KEYS_CAP);
    let name_width = entries
        .map(|e| e.name.width())
        .max()
        .unwrap_or(0)
        .min(NAME_CAP);
    // "  keys  name  text": the text's column, or lines of their own when that leaves too little.
    let text_column = 2 + keys_width + 2 + name_width + 2;
    let stacked = width < text_column + TEXT_MIN;
    let mut lines = Vec::new();
    for section in sections {
        let whole = section.heading.to_lowercase().contains(query);
        let shown: Vec<&HelpEntry> = section
            .entries
            .iter()
            .filter(|e| whole || e.matches(query))
            .collect();
        if shown.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(section.heading.clone(), theme.heading()));
        for entry in shown {
            let (key_style, style) = if entry.greyed {
                (theme.dim(), theme.dim())
            } else {
                (theme.key(), ratatui::style::Style::new())
            };
            if entry.name.is_empty() {
                for part in wrap(&entry.text, width.saturating_sub(2)) {
                    lines.push(Line::styled(format!("  {part}"), style));
                }
                continue;
            }
            if stacked {
                // Narrow: the keys and the name on a line (or two), the text under them.
                let both = format!("{}  {}", entry.keys, entry.name);
                if both.width() + 2 <= width {
                    lines.push(Line::from(vec![
                        Span::styled(format!("  {}", entry.keys), key_style),
                        Span::styled(format!("  {}", entry.name), style),
                    ]));
                } else {
                    for part in wrap(&entry.keys, width.saturating_sub(2)) {
                        lines.push(Line::styled(format!("  {part}"), key_style));
                    }
                    lines.push(Line::styled(format!("    {}", entry.name), style));
                }
                for part in wrap(&entry.text, width.saturating_sub(6)) {
                    lines.push(Line::styled(format!("      {part}"), style));
                }
                continue;
            }
            // Keys wider than their column get a line of their own above the name.
            let keys = if entry.keys.width() > keys_width {
                for part in wrap(&entry.keys, width.saturating_sub(2)) {
                    lines.push(Line::styled(format!("  {part}"), key_style));
                }
                ""
            } else {
                entry.keys.as_str()
            };
            let head = vec![
                Span::styled(format!("  {}", pad(keys, keys_width)), key_style),
                Span::styled(format!("  {}", pad(entry.name, name_width)), style),
            ];
            let indent = " ".repeat(text_column);
            for (i, part) in wrap(&entry.text, width.saturating_sub(text_column))
                .into_iter()
                .enumerate()
            {
                if i == 0 {
                    let mut spans = head.clone();
                    spans.push(Span::styled(format!("  {part}"), style));
                    lines.push(Line::from(spans));
                } else {
                    lines.push(Line::styled(format!("{indent}{part}"), style));
                }
            }
        }
    }
    lines
}

/// `text` padded to `width` columns; a longer one is kept whole (its line runs on).
fn pad(text: &str, width: usize) -> String {
    let fill = width.saturating_sub(text.width());
    format!("{text}{}", " ".repeat(fill))
}

/// `text` in lines of at most `width` columns, broken at spaces (a longer word is split).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = if line.is_empty() {
            word.width()
        } else {
            line.width() + 1 + word.width()
        };
        if needed <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for ch in word.chars() {
            if line.width() + ch.width().unwrap_or(0) > width {
                lines.push(std::mem::take(&mut line));
            }
            line.push(ch);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections() -> Vec<HelpSection> {
        vec![
            HelpSection {
                heading: "Navigate".into(),
                entries: vec![
                    HelpEntry::command("j, ↓".into(), "down", "move down".into()),
                    HelpEntry::command(
                        "enter".into(),
                        "open",
                        "focus the detail; on a referenced record, jump to it".into(),
                    ),
                ],
            },
            HelpSection {
                heading: "Act".into(),
                entries: vec![
                    HelpEntry::command(
                        "left, right, tab, shift-tab, h, l".into(),
                        "confirm-choose",
                        "move between the choices".into(),
                    ),
                    HelpEntry::greyed(
                        "a".into(),
                        "accept",
                        "unavailable — select an invitation first".into(),
                    ),
                ],
            },
        ]
    }

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn every_line_fits_the_width() {
        for width in [30u16, 50, 78, 116] {
            for line in text(&layout(&sections(), "", width, Theme::default())) {
                assert!(line.width() <= usize::from(width), "{width}: {line:?}");
            }
        }
    }

    #[test]
    fn a_long_text_wraps_under_its_own_column() {
        let lines = text(&layout(&sections(), "", 80, Theme::default()));
        let open = lines.iter().position(|l| l.contains("open")).unwrap();
        let column = lines[open].find("focus").unwrap();
        let next = &lines[open + 1];
        assert_eq!(next.len() - next.trim_start().len(), column, "{lines:#?}");
    }

    #[test]
    fn a_narrow_help_puts_the_text_under_the_name() {
        let lines = text(&layout(&sections(), "", 24, Theme::default()));
        let open = lines.iter().position(|l| l.contains("open")).unwrap();
        assert!(!lines[open].contains("focus"), "{lines:#?}");
        assert!(lines[open + 1].starts_with("      focus"), "{lines:#?}");
    }

    #[test]
    fn keys_wider_than_their_column_go_on_a_line_of_their_own() {
        let lines = text(&layout(&sections(), "", 80, Theme::default()));
        let keys = lines.iter().position(|l| l.contains("shift-tab")).unwrap();
        assert!(!lines[keys].contains("confirm-choose"), "{lines:#?}");
        assert!(lines[keys + 1].contains("confirm-choose"), "{lines:#?}");
    }

    #[test]
    fn a_search_keeps_the_matching_lines_under_their_heading() {
        let lines = text(&layout(&sections(), "accept", 80, Theme::default()));
        assert_eq!(lines.len(), 2, "{lines:#?}");
        assert_eq!(lines[0], "Act");
        let lines = text(&layout(&sections(), "navigate", 80, Theme::default()));
        assert_eq!(lines[0], "Navigate");
        assert!(
            lines.iter().any(|l| l.contains("down")) && lines.iter().any(|l| l.contains("open")),
            "a matching heading keeps its section: {lines:#?}"
        );
        assert!(!lines.iter().any(|l| l.contains("Act")), "{lines:#?}");
        assert!(layout(&sections(), "nothing like it", 80, Theme::default()).is_empty());
    }

    #[test]
    fn wrap_breaks_at_spaces_and_splits_a_longer_word() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 5), [""]);
    }
}
