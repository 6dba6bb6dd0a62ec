//! The loading screen shown while a large file opens in the background: the file, its size, the
//! time so far, and each phase (done, under way with a spinner, or to come), with a gauge while
//! bytes are read. Pure state and rendering, like the app: the loop that feeds it phases and
//! keys lives in `opening`, so tests draw it on a `TestBackend` at any moment of a load.

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};

use super::theme::Theme;
use crate::store::Phase;

/// Where a load is: a phase of the store's, then the app building its views.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Store(Phase),
    /// The app's tables (sorted rows, search text) are being prepared.
    Preparing,
}

impl Stage {
    /// Position in `STEPS`.
    fn step(self) -> usize {
        match self {
            Stage::Store(Phase::Reading { .. }) => 0,
            Stage::Store(Phase::Parsing) => 1,
            Stage::Store(Phase::Indexing) => 2,
            Stage::Store(Phase::Recovering) => 3,
            Stage::Preparing => 4,
        }
    }
}

const STEPS: [&str; 5] = [
    "reading",
    "parsing",
    "indexing and checking",
    "replaying the crash journal",
    "preparing the views",
];
const RECOVERY_STEP: usize = 3;

const SPINNER: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// What the loading screen shows.
#[derive(Clone, Debug)]
pub struct Loading {
    /// The file as named on the command line (made inert when drawn).
    file: String,
    size: u64,
    stage: Stage,
    /// True once a crash journal was replayed: only then is that step listed.
    recovering: bool,
    elapsed: Duration,
    help: bool,
    theme: Theme,
}

/// What a key asks of the loading screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Quit,
    Redraw,
}

impl Loading {
    pub fn new(file: &str, size: u64) -> Loading {
        Loading {
            file: file.to_string(),
            size,
            stage: Stage::Store(Phase::Reading {
                read: 0,
                total: size,
            }),
            recovering: false,
            elapsed: Duration::ZERO,
            help: false,
            theme: Theme::default(),
        }
    }

    pub fn with_theme(mut self, theme: Theme) -> Loading {
        self.theme = theme;
        self
    }

    pub fn advance(&mut self, stage: Stage) {
        self.recovering |= stage == Stage::Store(Phase::Recovering);
        self.stage = stage;
    }

    /// The time since loading began; it also turns the spinner.
    pub fn set_elapsed(&mut self, elapsed: Duration) {
        self.elapsed = elapsed;
    }

    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// `q`, Esc and Ctrl-C quit; `?` shows or hides the help line (Esc hides it first, as it
    /// closes help in the app); anything else (a resize, a key the app would take) just
    /// redraws: the app is not there yet.
    pub fn handle_event(&mut self, event: &Event) -> Answer {
        let Some(key) = event.as_key_press_event() else {
            return Answer::Redraw;
        };
        match key.code {
            KeyCode::Esc if self.help => {
                self.help = false;
                Answer::Redraw
            }
            KeyCode::Char('q') | KeyCode::Esc => Answer::Quit,
            KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Answer::Quit,
            KeyCode::Char('?') => {
                self.help = !self.help;
                Answer::Redraw
            }
            _ => Answer::Redraw,
        }
    }
}

/// Draws the loading screen; any size works, a small one just shows less.
pub fn render(loading: &Loading, frame: &mut Frame) {
    let theme = loading.theme;
    let area = frame.area();
    let [header, _, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(if loading.help { 2 } else { 1 }),
    ])
    .areas(area);
    let file = crate::display::inert(&loading.file);
    frame.render_widget(
        Paragraph::new(format!(
            " partnerdesk · opening {file} ({})",
            size_text(loading.size)
        ))
        .style(theme.header_bar()),
        header,
    );
    let steps = steps(loading);
    let [list, _, gauge] = Layout::vertical([
        Constraint::Length(steps.len() as u16),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(indent(body));
    frame.render_widget(Paragraph::new(steps), list);
    if let Stage::Store(Phase::Reading { read, total }) = loading.stage {
        let ratio = if total == 0 {
            0.0
        } else {
            (read as f64 / total as f64).clamp(0.0, 1.0)
        };
        frame.render_widget(
            // Block characters rather than colour, so the gauge shows under NO_COLOR too.
            LineGauge::default()
                .ratio(ratio)
                .label(format!("{:>3.0}% ", ratio * 100.0))
                .filled_symbol("█")
                .unfilled_symbol("░")
                .filled_style(theme.key()),
            Rect {
                width: gauge.width.min(50),
                ..gauge
            },
        );
    }
    frame.render_widget(Paragraph::new(footer_lines(loading)), footer);
}

/// One line per step: ✓ when done, the spinner and the time so far on the current one.
fn steps(loading: &Loading) -> Vec<Line<'static>> {
    let theme = loading.theme;
    let current = loading.stage.step();
    let frame = (loading.elapsed.as_millis() / 100) as usize % SPINNER.len();
    STEPS
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != RECOVERY_STEP || loading.recovering)
        .map(|(i, name)| {
            if i < current {
                Line::from(vec![
                    Span::styled("✓ ", theme.ok()),
                    Span::raw(name.to_string()),
                ])
            } else if i == current {
                let mut spans = vec![
                    Span::styled(format!("{} ", SPINNER[frame]), theme.key()),
                    Span::styled(name.to_string(), Style::new().add_modifier(Modifier::BOLD)),
                    Span::raw(format!("  {:.1} s", loading.elapsed.as_secs_f64())),
                ];
                if let Stage::Store(Phase::Reading { read, total }) = loading.stage {
                    spans.push(Span::raw(format!(
                        "  {} of {}",
                        size_text(read),
                        size_text(total)
                    )));
                }
                Line::from(spans)
            } else {
                Line::styled(format!("  {name}"), theme.dim())
            }
        })
        .collect()
}

fn footer_lines(loading: &Loading) -> Vec<Line<'static>> {
    let theme = loading.theme;
    let mut lines = Vec::new();
    if loading.help {
        lines.push(Line::raw(
            " Loads in the background and opens by itself; quitting now writes nothing.",
        ));
    }
    lines.push(Line::from(vec![
        Span::raw(" "),
        Span::styled("q", theme.key()),
        Span::raw(" quit  "),
        Span::styled("?", theme.key()),
        Span::raw(if loading.help { " hide help" } else { " help" }),
    ]));
    lines
}

/// The body with a two-column margin, when there is room for one.
fn indent(area: Rect) -> Rect {
    let margin = if area.width > 8 { 2 } else { 0 };
    Rect {
        x: area.x.saturating_add(margin),
        width: area.width.saturating_sub(margin),
        ..area
    }
}

/// Bytes in decimal units, one decimal: "294.0 MB".
fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_decimal_units() {
        assert_eq!(size_text(999), "999 B");
        assert_eq!(size_text(294_007_289), "294.0 MB");
        assert_eq!(size_text(3_086_942_674), "3.1 GB");
    }

    #[test]
    fn q_esc_and_ctrl_c_quit_and_question_mark_toggles_help_which_esc_hides_first() {
        use crossterm::event::KeyEvent;
        let key = |code, mods| Event::Key(KeyEvent::new(code, mods));
        let mut loading = Loading::new("w.json", 10);
        for quit in [
            key(KeyCode::Char('q'), KeyModifiers::NONE),
            key(KeyCode::Esc, KeyModifiers::NONE),
            key(KeyCode::Char('c'), KeyModifiers::CONTROL),
        ] {
            assert_eq!(loading.handle_event(&quit), Answer::Quit);
        }
        let help = key(KeyCode::Char('?'), KeyModifiers::NONE);
        assert_eq!(loading.handle_event(&help), Answer::Redraw);
        assert!(loading.help);
        // Esc first hides the help, as in the app; the next Esc quits.
        let esc = key(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(loading.handle_event(&esc), Answer::Redraw);
        assert!(!loading.help);
        assert_eq!(loading.handle_event(&esc), Answer::Quit);
        assert_eq!(loading.handle_event(&help), Answer::Redraw);
        assert_eq!(
            loading.handle_event(&key(KeyCode::Char('j'), KeyModifiers::NONE)),
            Answer::Redraw
        );
        assert_eq!(loading.handle_event(&Event::Resize(10, 5)), Answer::Redraw);
    }
}
