//! Opening a large file behind the loading screen: the terminal is taken over and the screen
//! drawn at once; the file is opened (and the app's indexes built) on a loader thread that
//! reports each phase over a channel; keys are answered meanwhile; and the app takes over the
//! same terminal when the load ends. The loader writes nothing a quit could leave half done (see
//! `Session::open_with_progress`); what opening journals is written here, after it is handed over.

use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use anyhow::Context;
use crossterm::event;

use super::launch::Launch;
use super::loading::{self, Answer, Loading, Stage};
use super::run::drive;
use super::shell::Shell;
use super::{terminal, theme};
use crate::domain::Time;
use crate::store::Phase;

/// How often the loading screen redraws (spinner, time) and looks for the loader's news.
const TICK: Duration = Duration::from_millis(20);

/// How a run that began with the loading screen ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Ended {
    /// The app ran and the user quit it.
    Quit,
    /// The user quit before the file was loaded.
    QuitWhileLoading,
    /// Opening failed; the terminal is restored and this says why.
    Failed(String),
}

enum News {
    Stage(Stage),
    Done(Box<Result<Shell, String>>),
}

/// Shows the loading screen for `file` (`size` bytes) while `open` runs on a loader thread, then
/// runs the app on what it opened. `open` reports its phases through the function it is given.
pub fn run_loading<F>(file: &str, size: u64, open: F) -> anyhow::Result<Ended>
where
    F: FnOnce(&dyn Fn(Phase)) -> Result<Launch, String> + Send + 'static,
{
    let started = Instant::now();
    let mut screen = Loading::new(file, size).with_theme(theme::Theme::from_env());
    let (mut terminal, guard) = terminal::take()?;
    terminal
        .draw(|frame| loading::render(&screen, frame))
        .context("cannot draw the screen")?;
    let news = spawn_loader(open)?;
    loop {
        match take_news(&news, &mut screen)? {
            Some(Ok(mut shell)) => {
                shell.begin();
                let ran = drive(&mut terminal, &mut shell);
                // The terminal is given back before the (large) workspace is freed.
                drop(guard);
                return ran.map(|()| Ended::Quit);
            }
            Some(Err(why)) => return Ok(Ended::Failed(why)),
            None => {}
        }
        screen.set_elapsed(started.elapsed());
        terminal
            .draw(|frame| loading::render(&screen, frame))
            .context("cannot draw the screen")?;
        if event::poll(TICK).context("cannot read the terminal")? {
            let event = event::read().context("cannot read the terminal")?;
            if screen.handle_event(&event) == Answer::Quit {
                // The loader dies with the process; nothing it did needs undoing.
                return Ok(Ended::QuitWhileLoading);
            }
        }
    }
}

/// Starts the loader: `open`, then the app built on its result, each step reported.
fn spawn_loader<F>(open: F) -> anyhow::Result<Receiver<News>>
where
    F: FnOnce(&dyn Fn(Phase)) -> Result<Launch, String> + Send + 'static,
{
    let (sender, news) = mpsc::channel();
    let now = Time(jiff::Timestamp::now());
    std::thread::Builder::new()
        .name("loader".into())
        .spawn(move || {
            // A send fails only when the screen has gone (quit): the work is then unwanted.
            let report = |phase| {
                let _ = sender.send(News::Stage(Stage::Store(phase)));
            };
            let result = open(&report).map(|launch| {
                let _ = sender.send(News::Stage(Stage::Preparing));
                Shell::prepare(launch, now)
            });
            let _ = sender.send(News::Done(Box::new(result)));
        })
        .context("cannot start loading")?;
    Ok(news)
}

/// Applies what the loader reported since last time; the result when it has finished.
fn take_news(
    news: &Receiver<News>,
    screen: &mut Loading,
) -> anyhow::Result<Option<Result<Shell, String>>> {
    loop {
        match news.try_recv() {
            Ok(News::Stage(stage)) => screen.advance(stage),
            Ok(News::Done(result)) => return Ok(Some(*result)),
            Err(TryRecvError::Empty) => return Ok(None),
            Err(TryRecvError::Disconnected) => {
                anyhow::bail!("loading stopped without finishing (it panicked)")
            }
        }
    }
}
