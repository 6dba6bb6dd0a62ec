//! The app's loop in a terminal: draw, wait for an event (working on an unfinished filter search
//! meanwhile), perform what the event asked for, until the user quits.

use std::time::Duration;

use anyhow::Context;
use crossterm::event;

use super::launch::Launch;
use super::shell::Shell;
use super::terminal;
use super::view::render;
use crate::domain::Time;

/// Runs the terminal app until the user quits. The session (and its lock) ends with it.
pub fn run(launch: Launch) -> anyhow::Result<()> {
    let now = Time(jiff::Timestamp::now());
    // Opening's journal write happens here, before the terminal is taken over and drawn.
    let mut shell = Shell::new(launch, now);
    let (mut terminal, _guard) = terminal::take()?;
    drive(&mut terminal, &mut shell)
}

/// The app's loop in a terminal already taken over: draw, wait for an event, perform its effects.
pub(super) fn drive(
    terminal: &mut ratatui::DefaultTerminal,
    shell: &mut Shell,
) -> anyhow::Result<()> {
    use std::io::Write;
    // Mouse capture starts as the config says (the terminal was taken with it on).
    if !shell.app.mouse_captured() {
        crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture)
            .context("cannot turn mouse reporting off")?;
    }
    loop {
        // What the app sends the terminal itself (the clipboard, mouse reporting).
        let out = shell.take_terminal_output();
        if !out.is_empty() {
            let mut stdout = std::io::stdout();
            stdout
                .write_all(&out)
                .and_then(|()| stdout.flush())
                .context("cannot write to the terminal")?;
        }
        terminal
            .draw(|frame| render(&shell.app, frame))
            .context("cannot draw the screen")?;
        // An unfinished filter search goes on between keys, a short slice per turn; search
        // text being written is looked for often, so a filter waiting for it answers soon.
        let wait = if shell.app.working() {
            0
        } else if shell.app.preparing() {
            20
        } else {
            250
        };
        if !event::poll(Duration::from_millis(wait)).context("cannot read the terminal")? {
            shell.app.work();
            // The tick: status messages fade, a read-only session watches its file.
            shell.tick(Time(jiff::Timestamp::now()));
            continue;
        }
        let event = event::read().context("cannot read the terminal")?;
        shell.app.set_now(Time(jiff::Timestamp::now()));
        // Effects (journal writes first) are performed before the next frame is drawn.
        if shell.handle_event(event) {
            return Ok(());
        }
    }
}
