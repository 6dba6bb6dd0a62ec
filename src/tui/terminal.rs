//! Taking the terminal over (raw mode, alternate screen, mouse reporting, bracketed paste, so a
//! paste arrives as one text and never as keys) and giving it back on
//! quit, on error and on panic. Shared by the app and the loading screen that may precede it, so
//! the two run in one terminal session and switching between them redraws without a flash.

use anyhow::Context;
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use ratatui::DefaultTerminal;

/// Restores the terminal when dropped: on quit, on `?` errors, and while unwinding from a panic.
pub(super) struct TerminalGuard;

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste
        );
        ratatui::restore();
    }
}

/// Takes the terminal over; it is given back when the guard drops.
pub(super) fn take() -> anyhow::Result<(DefaultTerminal, TerminalGuard)> {
    // ratatui::init installs a panic hook that restores the terminal; ours, installed first and
    // wrapped by it, also turns mouse reporting and bracketed paste off (restore() does not).
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(
            std::io::stdout(),
            DisableMouseCapture,
            DisableBracketedPaste
        );
        previous(info);
    }));
    let terminal = ratatui::init();
    let guard = TerminalGuard;
    execute!(std::io::stdout(), EnableMouseCapture).context("cannot enable mouse reporting")?;
    execute!(std::io::stdout(), EnableBracketedPaste).context("cannot enable bracketed paste")?;
    Ok((terminal, guard))
}
