//! The status line: the last result, refusal or notice, in words (an error is marked `✗` and
//! red, never by colour alone). One line, cut at a word with "…" when it does not fit; it fades
//! a few seconds after it was set (the event loop's tick moves its clock), and every message is
//! kept whole in the message log (`m`).

use std::collections::VecDeque;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use crate::domain::Time;
use crate::tui::theme::Theme;

/// How long a notice stays on the line, and an error (read more slowly, so longer).
const NOTICE_SECONDS: i64 = 8;
const ERROR_SECONDS: i64 = 15;
/// How many messages the log keeps.
const LOG_LEN: usize = 200;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// A message as the log keeps it: when, and the whole text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logged {
    pub at: Time,
    pub status: Status,
}

#[derive(Default)]
pub struct StatusLine {
    shown: Option<Status>,
    /// When what is shown was set (on the app's clock).
    since: Option<Time>,
    /// The app's clock, as last told.
    now: Option<Time>,
    log: VecDeque<Logged>,
}

impl StatusLine {
    pub fn get(&self) -> Option<&Status> {
        self.shown.as_ref()
    }

    /// Every message so far (the last `LOG_LEN`), oldest first.
    pub fn log(&self) -> &VecDeque<Logged> {
        &self.log
    }

    /// The app's clock moved to `now`: a message shown long enough fades (it stays in the log).
    pub fn tick(&mut self, now: Time) {
        self.now = Some(now);
        let (Some(status), Some(since)) = (&self.shown, self.since) else {
            return;
        };
        let lasts = if status.error {
            ERROR_SECONDS
        } else {
            NOTICE_SECONDS
        };
        if now.0.as_second() - since.0.as_second() >= lasts {
            self.shown = None;
        }
    }

    pub fn set(&mut self, text: impl Into<String>, error: bool) {
        self.show(Status {
            text: text.into(),
            error,
        });
    }

    pub fn show(&mut self, status: Status) {
        self.record(status.clone());
        self.shown = Some(status);
        self.since = self.now;
    }

    fn record(&mut self, status: Status) {
        if self.log.len() == LOG_LEN {
            self.log.pop_front();
        }
        let at = self.now.unwrap_or(Time(jiff::Timestamp::UNIX_EPOCH));
        self.log.push_back(Logged { at, status });
    }

    /// Adds to what the message just shown says (who acts now, what to do next): one message,
    /// in the line and in the log.
    pub fn amend(&mut self, text: String, error: bool) {
        let status = Status { text, error };
        match (self.shown.is_some(), self.log.back_mut()) {
            (true, Some(last)) => last.status = status.clone(),
            _ => self.record(status.clone()),
        }
        self.shown = Some(status);
        self.since = self.now;
    }

    /// Puts `text` in front of what the line says (notices gathered while opening), an error if
    /// either is.
    pub fn prepend(&mut self, text: String, error: bool) {
        self.record(Status {
            text: text.clone(),
            error,
        });
        self.shown = Some(match self.shown.take() {
            Some(old) => Status {
                text: format!("{} · {}", text, old.text),
                error: error || old.error,
            },
            None => Status { text, error },
        });
        self.since = self.now;
    }

    /// Empties the line, returning what it said.
    pub fn take(&mut self) -> Option<Status> {
        self.shown.take()
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let Some(status) = &self.shown else { return };
        let (prefix, style) = if status.error {
            ("✗ ", theme.error())
        } else {
            ("• ", ratatui::style::Style::new())
        };
        let room = (area.width as usize).saturating_sub(prefix.width());
        let line = Line::from(vec![
            Span::styled(prefix, style),
            Span::styled(cut_at_word(&status.text, room), style),
        ]);
        frame.render_widget(Paragraph::new(line), area);
    }
}

/// `text` in at most `width` columns: whole, or cut after the last word that fits, with "…"
/// (mid-word only when the first word alone is too long).
pub fn cut_at_word(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let room = width.saturating_sub(1);
    let mut fits = 0;
    let mut last_break = None;
    for (i, ch) in text.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if fits + w > room {
            break;
        }
        fits += w;
        if ch == ' ' {
            last_break = Some(i);
        }
    }
    let end = match last_break {
        Some(i) => i,
        None => text
            .char_indices()
            .scan(0, |used, (i, ch)| {
                *used += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
                Some((i + ch.len_utf8(), *used))
            })
            .take_while(|(_, used)| *used <= room)
            .last()
            .map_or(0, |(end, _)| end),
    };
    format!(
        "{}…",
        text[..end].trim_end_matches([' ', '·', ';', ',', ':'])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_message_is_cut_after_a_whole_word_with_an_ellipsis() {
        let text = "invited 4 of 5; 1 refused: IV3 · as partner Contoso";
        let cut = cut_at_word(text, 24);
        assert_eq!(cut, "invited 4 of 5; 1…");
        assert!(cut.width() <= 24);
        assert_eq!(cut_at_word(text, 200), text);
        assert_eq!(cut_at_word("abcdefghij", 5), "abcd…");
    }

    #[test]
    fn a_message_fades_after_its_seconds_and_stays_in_the_log() {
        let start = Time(jiff::Timestamp::from_second(1_000_000).unwrap_or_default());
        let mut line = StatusLine::default();
        line.tick(start);
        line.set("saved", false);
        line.tick(start.plus_seconds(NOTICE_SECONDS - 1));
        assert!(line.get().is_some());
        line.tick(start.plus_seconds(NOTICE_SECONDS));
        assert!(line.get().is_none());
        assert_eq!(line.log().len(), 1);
        assert_eq!(line.log()[0].status.text, "saved");
    }
}
