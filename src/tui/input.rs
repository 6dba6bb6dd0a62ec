//! One terminal event in, state changed, effects out. A key goes to the open pop-up if there is
//! one, else to the filter being typed, else through the keymap to a named command; a click
//! goes to the main screen; pasted text is typed. Between events, unfinished filter searches
//! go on in slices (`work`).

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::app::App;
use super::effect::Effect;

/// How long one turn of the event loop goes on with a search: short, so that a key pressed
/// meanwhile waits at most this long.
const WORK_SLICE: std::time::Duration = std::time::Duration::from_millis(4);

impl App {
    /// One event in, effects out: journal writes of what the event applied come first (the shell
    /// performs them before drawing), then saving or quitting.
    pub fn handle_event(&mut self, event: Event) -> Vec<Effect> {
        let effects = self.update(event);
        let mut out = self.take_pending();
        out.extend(effects);
        out
    }

    /// Whether a filter search is unfinished: the shell then calls `work` between events.
    pub fn working(&self) -> bool {
        self.browse.lists().searching()
    }

    /// Goes on with unfinished filter searches for a few milliseconds, the shown pane first.
    pub fn work(&mut self) {
        let deadline = std::time::Instant::now() + WORK_SLICE;
        let shown = self.browse.pane();
        self.browse.lists_mut().work(shown, deadline);
    }

    fn update(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Key(key) if key.is_press() || key.is_repeat() => self.handle_key(key),
            Event::Mouse(mouse) if self.modal.is_none() => {
                self.browse.mouse(mouse, &self.ws, self.now, self.theme);
                Vec::new()
            }
            Event::Mouse(mouse) => {
                self.popup_mouse(mouse);
                Vec::new()
            }
            // Pasted into the filter: one search for the whole text, not one per character.
            Event::Paste(text) if self.browse.filter_editing() && self.modal.is_none() => {
                self.browse.paste_into_filter(&text);
                Vec::new()
            }
            Event::Paste(text) => {
                for ch in text.chars().filter(|c| !c.is_control()) {
                    self.handle_key(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE));
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn handle_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if self.modal.is_some() {
            return self.popup_key(key);
        }
        if self.browse.filter_editing() {
            return match self.browse.filter_key(key) {
                Some(cmd) => self.run(cmd),
                None => Vec::new(),
            };
        }
        match self.keymap.command_for(&key) {
            Some(cmd) => self.run(cmd),
            None => {
                if let KeyCode::Char(ch) = key.code {
                    self.set_status(format!("`{ch}` does nothing here; ? lists the keys"), false);
                }
                Vec::new()
            }
        }
    }
}
