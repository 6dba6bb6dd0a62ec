//! One terminal event in, state changed, effects out. A key goes to the open pop-up if there is
//! one, else to the filter being typed, else through the keymap to a named command; a click
//! goes to the main screen; pasted text lands in the focused text field. Between events, unfinished filter searches
//! go on in slices (`work`).

use crossterm::event::{Event, KeyCode, KeyEvent};

use super::app::App;
use super::commands::Cmd;
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

    /// Whether a filter search is unfinished and can go on: the shell then calls `work`
    /// between events.
    pub fn working(&self) -> bool {
        self.browse.lists().can_work()
    }

    /// Whether a pane's search text is still being written (after a large workspace opened):
    /// the shell then calls `work` often, which takes it as soon as it is there.
    pub fn preparing(&self) -> bool {
        self.browse.lists().preparing()
    }

    /// Waits until every pane's search text is there (tests and tools).
    pub fn finish_preparing(&mut self) {
        self.browse.lists_mut().finish_text();
    }

    /// Goes on with unfinished filter searches for a few milliseconds, the shown pane first.
    pub fn work(&mut self) {
        let deadline = std::time::Instant::now() + WORK_SLICE;
        let shown = self.browse.pane();
        self.browse.lists_mut().work(shown, deadline);
    }

    /// A left click on the Review's tab (the last frame's place for it).
    fn clicked_review_tab(&self, mouse: crossterm::event::MouseEvent) -> bool {
        let tab = self.browse.layout().borrow().review_tab;
        matches!(
            mouse.kind,
            crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left)
        ) && mouse.row == tab.y
            && mouse.column >= tab.x
            && mouse.column < tab.x.saturating_add(tab.width)
    }

    fn update(&mut self, event: Event) -> Vec<Effect> {
        if self.browse.layout().borrow().too_small {
            return self.too_small(event);
        }
        match event {
            Event::Key(key) if key.is_press() || key.is_repeat() => self.handle_key(key),
            Event::Mouse(mouse) if self.modal.is_none() => {
                if self.clicked_review_tab(mouse) {
                    self.open_review(Vec::new());
                } else {
                    self.browse.mouse(mouse, &self.ws, self.now, self.theme);
                }
                Vec::new()
            }
            Event::Mouse(mouse) => {
                self.popup_mouse(mouse);
                Vec::new()
            }
            Event::Paste(text) => {
                self.paste(&text);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Behind the "terminal too small" message nothing acts but quit: what a key did could not
    /// be seen.
    fn too_small(&mut self, event: Event) -> Vec<Effect> {
        let Event::Key(key) = event else {
            return Vec::new();
        };
        if !(key.is_press() || key.is_repeat()) {
            return Vec::new();
        }
        if self.modal.is_none() && self.keymap.command_for(&key) == Some(Cmd::Quit) {
            return self.run(Cmd::Quit);
        }
        self.set_status("the terminal is too small: enlarge it (q quits)", true);
        Vec::new()
    }

    /// A paste lands whole in the focused text field (or the filter being typed), never as
    /// keys: pasted text never runs commands. With no text field focused it does nothing.
    fn paste(&mut self, text: &str) {
        let landed = match self.modal.as_mut() {
            Some(modal) => modal.paste(&self.ws, self.now, text),
            None if self.browse.filter_editing() => {
                // One search for the whole text, not one per character.
                self.browse.paste_into_filter(text);
                true
            }
            None => false,
        };
        if !landed {
            self.set_status(
                "paste ignored: no text field has the focus (/ starts a filter)",
                false,
            );
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
