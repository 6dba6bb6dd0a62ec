//! A fuzzy picker (nucleo-matcher): a query line over a list of labelled items, best match first.
//! Used for act-as, the invite form's partner/customer fields, the role multi-select and the
//! command palette. Matching narrows the previous matches while the query grows, and only the
//! visible window of results is rendered.

use std::cell::Cell;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::text_input::{Edit, TextInput};
use crate::tui::theme::Theme;

/// What a key did to a picker that is a pop-up of its own.
pub enum Pick {
    Stay,
    /// A multi-select's row was ticked or unticked (the owner may tick what goes with it).
    Toggled,
    Cancel,
    Choose,
}

/// Above this many candidates, matches keep the list's order instead of being ranked.
const RANK_LIMIT: usize = 5_000;

fn is_subsequence(needle: &[char], hay: &str) -> bool {
    let mut wanted = needle.iter();
    let mut next = wanted.next();
    for ch in hay.chars() {
        match next {
            None => return true,
            Some(w) if *w == ch => next = wanted.next(),
            Some(_) => {}
        }
    }
    next.is_none()
}

pub struct Item<T> {
    pub label: String,
    /// Shown dimmed after the label; not searched.
    pub note: String,
    pub value: T,
}

pub struct Picker<T> {
    pub title: String,
    items: Vec<Item<T>>,
    /// Lowercase labels, for the cheap subsequence prefilter.
    lower: Vec<Box<str>>,
    /// The search box: edits like every text field; Space types a space.
    query: TextInput,
    /// The text the matches are for.
    searched: String,
    matches: Vec<u32>,
    selected: usize,
    offset: Cell<usize>,
    matcher: Box<Matcher>,
    /// For a multi-select: which items are ticked.
    pub marks: Option<Vec<bool>>,
    /// Which ticked items "N selected" counts (a template row is not a role).
    counts: fn(&T) -> bool,
}

impl<T> Picker<T> {
    pub fn new(title: impl Into<String>, items: Vec<Item<T>>) -> Picker<T> {
        let matches = (0..items.len() as u32).collect();
        let lower = items
            .iter()
            .map(|i| i.label.to_lowercase().into_boxed_str())
            .collect();
        Picker {
            title: title.into(),
            items,
            lower,
            query: TextInput::default(),
            searched: String::new(),
            matches,
            selected: 0,
            offset: Cell::new(0),
            matcher: Box::new(Matcher::new(Config::DEFAULT)),
            marks: None,
            counts: |_| true,
        }
    }

    /// Counts only the ticked items for which `counts` holds in "N selected".
    pub fn counting(mut self, counts: fn(&T) -> bool) -> Picker<T> {
        self.counts = counts;
        self
    }

    /// How many ticked items count.
    pub fn selected_count(&self) -> usize {
        (0..self.items.len())
            .filter(|&i| self.is_marked(i) && (self.counts)(&self.items[i].value))
            .count()
    }

    pub fn multi(mut self) -> Picker<T> {
        self.marks = Some(vec![false; self.items.len()]);
        self
    }

    pub fn query(&self) -> &str {
        self.query.value()
    }

    pub fn items(&self) -> &[Item<T>] {
        &self.items
    }

    /// Puts the cursor on the first item for which `pred` holds (in the current matches).
    pub fn select_where(&mut self, pred: impl Fn(&T) -> bool) {
        if let Some(pos) = self
            .matches
            .iter()
            .position(|&i| pred(&self.items[i as usize].value))
        {
            self.selected = pos;
        }
    }

    pub fn selected_index(&self) -> Option<usize> {
        self.matches.get(self.selected).map(|&i| i as usize)
    }

    pub fn selected(&self) -> Option<&T> {
        self.selected_index().map(|i| &self.items[i].value)
    }

    pub fn set_query(&mut self, query: String) {
        self.query.set_value(query);
        self.search();
    }

    /// Matches the items against the search box as it stands (narrowing the last matches when
    /// the text only grew at its end).
    fn search(&mut self) {
        let query = self.query.value().to_string();
        let narrowing = query.starts_with(&self.searched) && !self.searched.is_empty();
        self.searched = query;
        if self.searched.trim().is_empty() {
            self.matches = (0..self.items.len() as u32).collect();
            self.selected = 0;
            return;
        }
        // A cheap prefilter first: every query character, in order, in the lowercase label.
        // nucleo then ranks the survivors; over RANK_LIMIT of them they keep the list's order,
        // so a keystroke on 100,000 items stays a few milliseconds.
        let needle: Vec<char> = self
            .searched
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let candidates: Vec<u32> = if narrowing {
            std::mem::take(&mut self.matches)
        } else {
            (0..self.items.len() as u32).collect()
        };
        let survivors: Vec<u32> = candidates
            .into_iter()
            .filter(|&i| is_subsequence(&needle, &self.lower[i as usize]))
            .collect();
        if survivors.len() > RANK_LIMIT {
            self.matches = survivors;
            self.selected = 0;
            self.offset.set(0);
            return;
        }
        let pattern = Pattern::parse(&self.searched, CaseMatching::Ignore, Normalization::Smart);
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, u32)> = survivors
            .into_iter()
            .filter_map(|i| {
                let hay = Utf32Str::new(&self.items[i as usize].label, &mut buf);
                pattern
                    .score(hay, &mut self.matcher)
                    .map(|score| (score, i))
            })
            .collect();
        // A label typed in full comes first (`:assign` runs assign, not unassign; "security
        // reader" is the role, not a template that mentions it), then by score.
        let typed: String = self.searched.trim().to_lowercase();
        let inexact = |i: u32| *self.lower[i as usize] != *typed;
        scored.sort_by(|a, b| (inexact(a.1), b.0, a.1).cmp(&(inexact(b.1), a.0, b.1)));
        self.matches = scored.into_iter().map(|(_, i)| i).collect();
        self.selected = 0;
        self.offset.set(0);
    }

    /// Types `ch` into the search box (at its cursor).
    pub fn push_char(&mut self, ch: char) {
        self.query.paste(&ch.to_string());
        self.search();
    }

    /// Pasted text lands whole in the search box: one search, not one per character.
    pub fn paste(&mut self, text: &str) {
        if self.query.paste(text) {
            self.search();
        }
    }

    /// An editing key for the search box (typing, ←/→, Backspace, Ctrl-w…); false when the key
    /// is not one.
    pub fn edit_query(&mut self, key: &KeyEvent) -> bool {
        match self.query.handle_key(key) {
            Edit::Changed => {
                self.search();
                true
            }
            Edit::Moved => true,
            Edit::Ignored => false,
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.matches.len().saturating_sub(1) as isize;
        self.selected = (self.selected as isize + delta).clamp(0, last.max(0)) as usize;
    }

    pub fn toggle_selected(&mut self) {
        if let (Some(i), Some(marks)) = (self.selected_index(), self.marks.as_mut()) {
            marks[i] = !marks[i];
        }
    }

    pub fn set_mark(&mut self, index: usize, on: bool) {
        if let Some(m) = self.marks.as_mut().and_then(|marks| marks.get_mut(index)) {
            *m = on;
        }
    }

    pub fn is_marked(&self, index: usize) -> bool {
        self.marks
            .as_ref()
            .and_then(|m| m.get(index))
            .copied()
            .unwrap_or(false)
    }

    pub fn marked(&self) -> Vec<&T> {
        (0..self.items.len())
            .filter(|&i| self.is_marked(i))
            .map(|i| &self.items[i].value)
            .collect()
    }

    /// A key in a picker: Enter chooses (or finishes a multi-select), Esc cancels, ↑/↓ and
    /// PgUp/PgDn move, everything else edits the search box — Space included, so "security
    /// reader" can be typed. In a multi-select Tab ticks or unticks the highlighted row and
    /// moves on (Shift-Tab: and moves back), as fzf does; in a single pick Tab moves down.
    pub fn handle_key(&mut self, key: KeyEvent) -> Pick {
        let back_tab = key.code == KeyCode::BackTab
            || (key.code == KeyCode::Tab && key.modifiers.contains(KeyModifiers::SHIFT));
        match key.code {
            KeyCode::Esc => return Pick::Cancel,
            KeyCode::Enter => return Pick::Choose,
            _ if back_tab && self.marks.is_some() => {
                self.toggle_selected();
                return Pick::Toggled;
            }
            KeyCode::Tab if self.marks.is_some() => {
                self.toggle_selected();
                self.move_by(1);
                return Pick::Toggled;
            }
            _ if back_tab => self.move_by(-1),
            KeyCode::Up => self.move_by(-1),
            KeyCode::Down | KeyCode::Tab => self.move_by(1),
            KeyCode::PageUp => self.move_by(-10),
            KeyCode::PageDown => self.move_by(10),
            _ => {
                self.edit_query(&key);
            }
        }
        Pick::Stay
    }

    /// Draws the picker in `area` (cleared first) with `hint` on its last line.
    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme, hint: &str) {
        frame.render_widget(Clear, area);
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(format!(" {} ", self.title), theme.heading()));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let [query_area, list_area, hint_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let counts = match self.marks {
            Some(_) => format!(
                "  {}/{} · {} selected",
                self.matches.len(),
                self.items.len(),
                self.selected_count()
            ),
            None => format!("  {}/{}", self.matches.len(), self.items.len()),
        };
        let room = (query_area.width as usize).saturating_sub(2 + counts.chars().count());
        let mut spans = vec![Span::styled("> ", theme.key())];
        spans.extend(self.query.spans(true, room, Style::new(), theme));
        spans.push(Span::styled(counts, theme.dim()));
        let query = Line::from(spans);
        frame.render_widget(Paragraph::new(query), query_area);
        let height = list_area.height as usize;
        let mut offset = self
            .offset
            .get()
            .min(self.matches.len().saturating_sub(height.max(1)));
        if self.selected < offset {
            offset = self.selected;
        } else if height > 0 && self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        self.offset.set(offset);
        let lines: Vec<Line> = self
            .matches
            .iter()
            .enumerate()
            .skip(offset)
            .take(height)
            .map(|(pos, &i)| {
                let item = &self.items[i as usize];
                let mut spans = Vec::new();
                if self.marks.is_some() {
                    spans.push(Span::raw(if self.is_marked(i as usize) {
                        "[x] "
                    } else {
                        "[ ] "
                    }));
                }
                spans.push(Span::raw(crate::display::inert(&item.label).into_owned()));
                if !item.note.is_empty() {
                    spans.push(Span::styled(format!("  {}", item.note), theme.dim()));
                }
                let line = Line::from(spans);
                if pos == self.selected {
                    line.style(theme.selected())
                } else {
                    line
                }
            })
            .collect();
        if lines.is_empty() {
            frame.render_widget(
                Paragraph::new(Span::styled("no match", theme.dim())),
                list_area,
            );
        } else {
            frame.render_widget(Paragraph::new(lines), list_area);
        }
        frame.render_widget(
            Paragraph::new(Span::styled(hint.to_string(), theme.dim())),
            hint_area,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_typed_in_full_with_its_space_comes_first() {
        let items = ["Template: Security reader and more", "Security Reader"]
            .into_iter()
            .map(|l| Item {
                label: l.to_string(),
                note: String::new(),
                value: l,
            })
            .collect();
        let mut picker = Picker::new("t", items);
        picker.set_query("security reader".into());
        assert_eq!(picker.selected(), Some(&"Security Reader"));
    }

    #[test]
    fn fuzzy_query_finds_and_ranks() {
        let items = ["Contoso Ltd", "Fabrikam", "Northwind Traders"]
            .into_iter()
            .map(|l| Item {
                label: l.to_string(),
                note: String::new(),
                value: l,
            })
            .collect();
        let mut picker = Picker::new("t", items);
        picker.set_query("nwt".into());
        assert_eq!(picker.selected(), Some(&"Northwind Traders"));
        picker.set_query("zzz".into());
        assert_eq!(picker.selected(), None);
    }
}
