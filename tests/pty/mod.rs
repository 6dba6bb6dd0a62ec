//! The harness for end-to-end tests: the real binary in a pseudo-terminal (portable-pty), its
//! screen read back through a vt100 parser. Every wait is bounded.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

pub const WAIT: Duration = Duration::from_secs(20);

pub struct Screen(pub Arc<Mutex<vt100::Parser>>);

impl Screen {
    /// Waits until the app has given the terminal back: the alternate screen left, the cursor
    /// shown again.
    pub fn wait_for_primary(&self) {
        let given_back = || {
            self.0
                .lock()
                .is_ok_and(|p| !p.screen().alternate_screen() && !p.screen().hide_cursor())
        };
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if given_back() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "the terminal was never given back; the screen was:\n{}",
            self.text()
        );
    }

    pub fn text(&self) -> String {
        self.0
            .lock()
            .map(|p| p.screen().contents())
            .unwrap_or_default()
    }

    pub fn wait_for(&self, needle: &str) {
        let start = Instant::now();
        while start.elapsed() < WAIT {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "`{needle}` never appeared; the screen was:\n{}",
            self.text()
        );
    }
}

pub fn nonzero(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap_or(std::num::NonZeroU16::MIN)
}

/// The real binary on `file` in a fresh pseudo-terminal (120×40, private HOME/XDG under `home`).
pub struct Running {
    pub child: Box<dyn portable_pty::Child + Send + Sync>,
    pub writer: Box<dyn Write + Send>,
    pub screen: Screen,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Running {
    pub fn start(home: &std::path::Path, args: &[&std::ffi::OsStr]) -> Running {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_partnerdesk"));
        for arg in args {
            cmd.arg(arg);
        }
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("TERM", "xterm-256color");
        let child = pair.slave.spawn_command(cmd).expect("the binary starts");
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nonzero(40), nonzero(120), 0)));
        let mut reader = pair.master.try_clone_reader().expect("a reader");
        let sink = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut p) = sink.lock() {
                    p.process(&buf[..n]);
                }
            }
        });
        let writer = pair.master.take_writer().expect("a writer");
        Running {
            child,
            writer,
            screen: Screen(parser),
            _master: pair.master,
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer
            .write_all(keys.as_bytes())
            .expect("keys are sent");
        self.writer.flush().expect("keys are flushed");
        std::thread::sleep(Duration::from_millis(150));
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("the child can be waited on") {
                return status;
            }
            if start.elapsed() > WAIT {
                let _ = self.child.kill();
                panic!(
                    "the app did not quit; the screen was:\n{}",
                    self.screen.text()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
