//! The save-as pop-up: a file path to save to, prefilled with the current one (or the demo's
//! save path). Enter saves there, Esc cancels. When the shell finds another file already at
//! that path, the pop-up comes back asking whether to overwrite it: y saves over it, n (or Esc)
//! goes back to the path.

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::tui::theme::Theme;
use crate::tui::widgets::prompt::{Prompt, PromptAnswer};

pub struct SaveAs {
    prompt: Prompt,
    /// Quit once saved (the save was on the way out).
    then_quit: bool,
    /// A file exists at the path typed: asking before writing over it.
    asking_overwrite: bool,
}

/// What a key did to the save-as pop-up.
pub enum SaveAsAnswer {
    Pending,
    Cancel,
    /// Save at `path`; `overwrite`: the user agreed to replace a file already there.
    Save {
        path: PathBuf,
        then_quit: bool,
        overwrite: bool,
    },
}

impl SaveAs {
    pub fn new(path: String, then_quit: bool) -> SaveAs {
        SaveAs {
            prompt: Prompt::new("Save as (file path)", path),
            then_quit,
            asking_overwrite: false,
        }
    }

    /// The pop-up again on `path`, asking whether to overwrite the file there.
    pub fn overwrite(path: String, then_quit: bool) -> SaveAs {
        SaveAs {
            asking_overwrite: true,
            ..SaveAs::new(path, then_quit)
        }
    }

    pub fn is_asking_overwrite(&self) -> bool {
        self.asking_overwrite
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> SaveAsAnswer {
        if self.asking_overwrite {
            return match key.code {
                KeyCode::Char('y' | 'Y') => SaveAsAnswer::Save {
                    path: PathBuf::from(self.prompt.text().trim()),
                    then_quit: self.then_quit,
                    overwrite: true,
                },
                KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                    self.asking_overwrite = false;
                    SaveAsAnswer::Pending
                }
                _ => SaveAsAnswer::Pending,
            };
        }
        match self.prompt.handle_key(key) {
            PromptAnswer::Pending => SaveAsAnswer::Pending,
            PromptAnswer::Cancel => SaveAsAnswer::Cancel,
            PromptAnswer::Accept(path) => SaveAsAnswer::Save {
                path: PathBuf::from(path),
                then_quit: self.then_quit,
                overwrite: false,
            },
        }
    }

    /// Pasted text lands in the path (not while asking y/n).
    pub fn paste(&mut self, text: &str) -> bool {
        !self.asking_overwrite && {
            self.prompt.input.paste(text);
            true
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let ask = self
            .asking_overwrite
            .then_some("a file already exists there: overwrite it?");
        self.prompt.render_with(frame, area, theme, ask);
    }
}
