//! The save-as pop-up: a file path to save to, prefilled with the current one (or the demo's
//! save path). Enter saves there, Esc cancels.

use std::path::PathBuf;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::theme::Theme;
use crate::tui::widgets::prompt::{Prompt, PromptAnswer};

pub struct SaveAs {
    prompt: Prompt,
    /// Quit once saved (the save was on the way out).
    then_quit: bool,
}

/// What a key did to the save-as pop-up.
pub enum SaveAsAnswer {
    Pending,
    Cancel,
    Save { path: PathBuf, then_quit: bool },
}

impl SaveAs {
    pub fn new(path: String, then_quit: bool) -> SaveAs {
        SaveAs {
            prompt: Prompt {
                title: "Save as (file path)".into(),
                text: path,
            },
            then_quit,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> SaveAsAnswer {
        match self.prompt.handle_key(key) {
            PromptAnswer::Pending => SaveAsAnswer::Pending,
            PromptAnswer::Cancel => SaveAsAnswer::Cancel,
            PromptAnswer::Accept(path) => SaveAsAnswer::Save {
                path: PathBuf::from(path),
                then_quit: self.then_quit,
            },
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        self.prompt.render(frame, area, theme);
    }
}
