//! The write-to-file prompt (`w` in the script pop-up): a path, pre-filled, for text already
//! made; Enter asks the shell to write it atomically, Esc cancels.

use std::path::PathBuf;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::theme::Theme;
use crate::tui::widgets::prompt::{Prompt, PromptAnswer};

pub struct WriteFile {
    prompt: Prompt,
    bytes: Vec<u8>,
    /// What the bytes are, for the status line ("the az script of rel-1").
    what: String,
}

/// What a key did to the prompt.
pub enum WriteAnswer {
    Pending,
    Cancel,
    Write {
        path: PathBuf,
        bytes: Vec<u8>,
        what: String,
    },
}

impl WriteFile {
    pub fn new(title: String, path: String, bytes: Vec<u8>, what: String) -> WriteFile {
        WriteFile {
            prompt: Prompt::new(title, path),
            bytes,
            what,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> WriteAnswer {
        match self.prompt.handle_key(key) {
            PromptAnswer::Pending => WriteAnswer::Pending,
            PromptAnswer::Cancel => WriteAnswer::Cancel,
            PromptAnswer::Accept(path) => WriteAnswer::Write {
                path: PathBuf::from(path),
                bytes: std::mem::take(&mut self.bytes),
                what: std::mem::take(&mut self.what),
            },
        }
    }

    /// Pasted text lands in the path.
    pub fn paste(&mut self, text: &str) {
        self.prompt.input.paste(text);
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        self.prompt.render(frame, area, theme);
    }
}
