//! The `y` pop-up: the Graph calls behind a relationship or invitation, as an `az rest` or a
//! PowerShell script, scrollable, switched with Tab (its keys are the script-… commands).
//! partnerdesk never runs it; every line is made inert when drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::domain::Id;
use crate::interop::emit::{ScriptFormat, script_for};
use crate::tui::commands::Cmd;
use crate::tui::keymap::Keymap;
use crate::tui::theme::Theme;
use crate::tui::widgets::area::centered;
use crate::workspace::Workspace;

pub struct ScriptPopup {
    id: Id,
    format: ScriptFormat,
    text: String,
    scroll: usize,
}

/// What a key did to the script pop-up.
pub enum ScriptAnswer {
    Stay,
    Close,
    /// Write the script to a file (`w`): ask where.
    Write,
    /// Copy the script to the clipboard (`c`, through the terminal).
    Copy,
    /// The other format could not be written; the pop-up stays as it was.
    Failed(String),
}

impl ScriptPopup {
    /// The script for the record `id` in `format`, or why there is none.
    pub fn open(ws: &Workspace, id: Id, format: ScriptFormat) -> Result<ScriptPopup, String> {
        let text = script_for(ws, id.as_str(), format)?;
        Ok(ScriptPopup {
            id,
            format,
            text,
            scroll: 0,
        })
    }

    pub fn id(&self) -> &Id {
        &self.id
    }
    pub fn format(&self) -> ScriptFormat {
        self.format
    }
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A key in the script, as the command the keymap binds it to there (if any); other keys
    /// leave it as it is.
    pub fn handle(&mut self, cmd: Option<Cmd>, ws: &Workspace) -> ScriptAnswer {
        let last = self.text.lines().count().saturating_sub(1);
        let scroll = self.scroll;
        let scroll = match cmd {
            Some(Cmd::ScriptClose) => return ScriptAnswer::Close,
            Some(Cmd::ScriptFormat) => return self.switch_format(ws),
            Some(Cmd::ScriptWrite) => return ScriptAnswer::Write,
            Some(Cmd::ScriptCopy) => return ScriptAnswer::Copy,
            Some(Cmd::ScriptDown) => scroll + 1,
            Some(Cmd::ScriptUp) => scroll.saturating_sub(1),
            Some(Cmd::ScriptPageDown) => scroll + 10,
            Some(Cmd::ScriptPageUp) => scroll.saturating_sub(10),
            Some(Cmd::ScriptTop) => 0,
            Some(Cmd::ScriptBottom) => last,
            _ => scroll,
        };
        self.scroll = scroll.min(last);
        ScriptAnswer::Stay
    }

    /// az ↔ pwsh, from the top.
    fn switch_format(&mut self, ws: &Workspace) -> ScriptAnswer {
        let other = match self.format {
            ScriptFormat::Az => ScriptFormat::Pwsh,
            ScriptFormat::Pwsh => ScriptFormat::Az,
        };
        match script_for(ws, self.id.as_str(), other) {
            Ok(text) => {
                self.format = other;
                self.text = text;
                self.scroll = 0;
                ScriptAnswer::Stay
            }
            Err(why) => ScriptAnswer::Failed(why),
        }
    }

    /// The script's keys, for the footer: ` j/k scroll · pgup/pgdn page · tab az ↔ pwsh · …`.
    pub fn hint(keymap: &Keymap) -> String {
        let key = |cmd| keymap.key_label(cmd);
        format!(
            " {}/{} scroll · {}/{} page · {} az ↔ pwsh · {} copy · {} write to a file · {} close",
            key(Cmd::ScriptDown),
            key(Cmd::ScriptUp),
            key(Cmd::ScriptPageUp),
            key(Cmd::ScriptPageDown),
            key(Cmd::ScriptFormat),
            key(Cmd::ScriptCopy),
            key(Cmd::ScriptWrite),
            key(Cmd::ScriptClose)
        )
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme, keymap: &Keymap) {
        let key = |cmd| keymap.key_label(cmd);
        let popup = centered(area, 116, 38);
        frame.render_widget(Clear, popup);
        let (label, other) = match self.format {
            ScriptFormat::Az => ("az rest (bash)", "pwsh"),
            ScriptFormat::Pwsh => ("Microsoft Graph PowerShell", "az"),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focused())
            .title(Span::styled(
                format!(
                    " Script for {} — {label} · partnerdesk never runs it ",
                    crate::display::inert(self.id.as_str())
                ),
                theme.heading(),
            ))
            .title_bottom(Span::styled(
                format!(
                    " {}/{} {}/{} scroll · {} {other} · {} copy · {} write to a file · {} close ",
                    key(Cmd::ScriptDown),
                    key(Cmd::ScriptUp),
                    key(Cmd::ScriptPageUp),
                    key(Cmd::ScriptPageDown),
                    key(Cmd::ScriptFormat),
                    key(Cmd::ScriptCopy),
                    key(Cmd::ScriptWrite),
                    key(Cmd::ScriptClose)
                ),
                theme.dim(),
            ));
        let lines: Vec<Line> = self
            .text
            .lines()
            .skip(self.scroll)
            .map(|l| Line::raw(crate::display::inert(l).into_owned()))
            .collect();
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false }),
            popup,
        );
    }
}
