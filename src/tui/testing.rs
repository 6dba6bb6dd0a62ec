//! Test support (no I/O): turn a key script into events and an app into screen text, so tests
//! drive the real update and render functions. `keys("i<enter>A<enter>a")` reads `<name>` as a
//! named key (enter, esc, tab, s-tab, up, down, left, right, pgup, pgdn, bs, space, home, end,
//! c-r, c-s…).

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::{Frame, Terminal};

use super::app::{App, Effect};
use super::loading::Loading;

pub fn keys(script: &str) -> Vec<Event> {
    let mut events = Vec::new();
    let mut chars = script.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '<' && chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            let name: String = chars.by_ref().take_while(|c| *c != '>').collect();
            let (code, mods) = match name.as_str() {
                "enter" => (KeyCode::Enter, KeyModifiers::NONE),
                "esc" => (KeyCode::Esc, KeyModifiers::NONE),
                "tab" => (KeyCode::Tab, KeyModifiers::NONE),
                "s-tab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
                "up" => (KeyCode::Up, KeyModifiers::NONE),
                "down" => (KeyCode::Down, KeyModifiers::NONE),
                "left" => (KeyCode::Left, KeyModifiers::NONE),
                "right" => (KeyCode::Right, KeyModifiers::NONE),
                "pgup" => (KeyCode::PageUp, KeyModifiers::NONE),
                "pgdn" => (KeyCode::PageDown, KeyModifiers::NONE),
                "bs" => (KeyCode::Backspace, KeyModifiers::NONE),
                "space" => (KeyCode::Char(' '), KeyModifiers::NONE),
                "home" => (KeyCode::Home, KeyModifiers::NONE),
                "end" => (KeyCode::End, KeyModifiers::NONE),
                other if other.starts_with("c-") => (
                    KeyCode::Char(other.chars().nth(2).unwrap_or('c')),
                    KeyModifiers::CONTROL,
                ),
                _ => continue,
            };
            events.push(Event::Key(KeyEvent::new(code, mods)));
        } else {
            let mods = if ch.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            events.push(Event::Key(KeyEvent::new(KeyCode::Char(ch), mods)));
        }
    }
    events
}

/// Feeds a key script to the app; returns every effect it asked for.
pub fn press(app: &mut App, script: &str) -> Vec<Effect> {
    keys(script)
        .into_iter()
        .flat_map(|event| app.handle_event(event))
        .collect()
}

/// Feeds a key script to the app drawn at `width`×`height` before each key, as the terminal
/// does: keys that depend on what was drawn (pages, the detail's window) see it. Returns the
/// screen after the last key.
pub fn press_drawn(app: &mut App, script: &str, width: u16, height: u16) -> String {
    for event in keys(script) {
        screen(app, width, height);
        app.handle_event(event);
    }
    screen(app, width, height)
}

/// The screen as text, one line per row, after rendering the app at `width`×`height`.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    drawn(width, height, |frame| super::view::render(app, frame))
}

/// The loading screen as text, like `screen`.
pub fn loading_screen(loading: &Loading, width: u16, height: u16) -> String {
    drawn(width, height, |frame| {
        super::loading::render(loading, frame)
    })
}

fn drawn(width: u16, height: u16, render: impl FnOnce(&mut Frame)) -> String {
    let mut terminal = match Terminal::new(TestBackend::new(width, height)) {
        Ok(t) => t,
        Err(never) => match never {},
    };
    if let Err(err) = terminal.draw(render) {
        return format!("render failed: {err}");
    }
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
